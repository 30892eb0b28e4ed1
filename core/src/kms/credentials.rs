//! Credentials a request signer uses: long-term access keys of IAM principals (IAM's
//! `CreateAccessKey`), and the look-up a SigV4 verifier needs for both those and the session
//! credentials [`LocalKms::assume_role`] issues.
//!
//! datakey does not verify signatures itself (that is the HTTP endpoint's job); it holds the
//! secrets, sealed like key material when the service is persistent, and says who a key id
//! belongs to.

use core::fmt;
use std::collections::BTreeMap;
use std::sync::{PoisonError, RwLockReadGuard, RwLockWriteGuard};
use std::time::SystemTime;

use crate::error::{Error, Result};
use crate::secret::SecretBytes;

use super::LocalKms;
use super::policy::{arn_account, principal_resource};

/// At most this many long-term access keys per service (IAM allows two per user; datakey
/// bounds the table, not the principal).
pub const MAX_ACCESS_KEYS: usize = 1000;

/// Access keys by access key id.
pub(crate) type AccessKeyTable = BTreeMap<String, AccessKey>;

/// A long-term access key as the service holds it.
pub(crate) struct AccessKey {
    pub(crate) metadata: AccessKeyMetadata,
    pub(crate) secret_access_key: SecretBytes,
}

/// The public facts of a long-term access key (IAM's `AccessKeyMetadata`, plus the principal).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessKeyMetadata {
    /// `AKIA` and 16 characters of `[A-Z2-7]`.
    pub access_key_id: String,
    /// The principal requests signed with the key run as: `arn:aws:iam::<account>:root` or
    /// `arn:aws:iam::<account>:user/<path/><name>`.
    pub principal_arn: String,
    /// The user's name (`root` for the account root).
    pub user_name: String,
    /// `Active` (datakey has no inactive keys: deleting a key is how it stops working).
    pub status: String,
    /// When the key was created (service clock).
    pub create_date: SystemTime,
}

/// A key just created: its metadata and its secret, shown once. `Debug` omits the secret.
pub struct NewAccessKey {
    /// The key's public facts.
    pub metadata: AccessKeyMetadata,
    /// 40 characters of base64's alphabet (zeroized on drop).
    pub secret_access_key: SecretBytes,
}

impl fmt::Debug for NewAccessKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NewAccessKey")
            .field("metadata", &self.metadata)
            .finish_non_exhaustive()
    }
}

/// What a SigV4 verifier needs to check a request signed with an access key id: the secret to
/// derive the signing key from, and who the request then runs as. `Debug` omits the secret.
pub struct SigningCredential {
    /// The principal ARN (an IAM user, the root, or an assumed-role session).
    pub principal_arn: String,
    /// What `GetCallerIdentity` answers as `UserId`: the account id for the root, `AIDA…` for a
    /// user, `AROA…:<session>` for a session.
    pub user_id: String,
    /// The secret access key (zeroized on drop).
    pub secret_access_key: SecretBytes,
    /// True for session credentials from [`LocalKms::assume_role`]: requests must carry the
    /// session token, which [`LocalKms::as_caller`] with [`super::Caller::session`] checks
    /// (with the expiry, on the service's clock) on every call.
    pub temporary: bool,
}

impl fmt::Debug for SigningCredential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SigningCredential")
            .field("principal_arn", &self.principal_arn)
            .field("user_id", &self.user_id)
            .field("temporary", &self.temporary)
            .finish_non_exhaustive()
    }
}

/// `GetCallerIdentity` result (STS).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallerIdentity {
    /// The caller's account id.
    pub account: String,
    /// The caller's principal ARN.
    pub arn: String,
}

const KEY_ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const SECRET_ALPHABET: &[u8; 64] =
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

fn pick(bytes: &[u8], alphabet: &[u8]) -> String {
    bytes
        .iter()
        .map(|b| alphabet[usize::from(*b) % alphabet.len()] as char)
        .collect()
}

/// The stable `AIDA…` unique id IAM would give a user (derived from the principal ARN, so
/// every key of one user answers the same `UserId`).
fn user_unique_id(principal_arn: &str) -> String {
    let digest = crate::crypto::sha256(principal_arn.as_bytes());
    format!("AIDA{}", pick(&digest[..17], KEY_ALPHABET))
}

impl LocalKms {
    /// IAM `CreateAccessKey`: a long-term access key for `principal_arn` (the account root
    /// when `None`), an IAM user or the root of this service's account. On a persistent
    /// service the key is written to the store before this returns, its secret sealed under
    /// the root key like key material.
    ///
    /// # Errors
    ///
    /// [`Error::Validation`] for a principal that is not this account's root or one of its
    /// users (roles have no access keys: assume them); [`Error::LimitExceeded`] past
    /// [`MAX_ACCESS_KEYS`]; the store's errors.
    pub fn create_access_key(&self, principal_arn: Option<&str>) -> Result<NewAccessKey> {
        let root = self.inner.root_arn.clone();
        let principal = principal_arn.unwrap_or(&root).to_owned();
        let resource = principal_resource(&principal).filter(|_| principal.contains(":iam::"));
        let user_name = match resource {
            Some("root") => "root".to_owned(),
            Some(r) if r.starts_with("user/") => r.rsplit('/').next().unwrap_or(r).to_owned(),
            _ => {
                return Err(Error::Validation(format!(
                    "{principal:?} is not an IAM user or root ARN \
                     (arn:aws:iam::<account>:root or arn:aws:iam::<account>:user/<name>)."
                )));
            }
        };
        if arn_account(&principal) != Some(self.account_id()) {
            return Err(Error::Validation(format!(
                "{principal:?} is not in this service's account {}.",
                self.account_id()
            )));
        }
        let mut raw = [0u8; 16 + 40];
        self.inner.rng.fill(&mut raw)?;
        let access_key_id = format!("AKIA{}", pick(&raw[..16], KEY_ALPHABET));
        let secret = SecretBytes::from_vec(pick(&raw[16..], SECRET_ALPHABET).into_bytes());
        zeroize::Zeroize::zeroize(&mut raw);
        let metadata = AccessKeyMetadata {
            access_key_id: access_key_id.clone(),
            principal_arn: principal,
            user_name,
            status: "Active".to_owned(),
            create_date: self.now(),
        };
        self.persisted(|| {
            let mut keys = self.access_keys_write();
            if keys.len() >= MAX_ACCESS_KEYS {
                return Err(Error::LimitExceeded(format!(
                    "Cannot exceed quota for AccessKeysPerService: {MAX_ACCESS_KEYS}"
                )));
            }
            let record = AccessKey {
                metadata: metadata.clone(),
                secret_access_key: SecretBytes::copy_from_slice(secret.expose_secret()),
            };
            keys.insert(access_key_id, record);
            super::key_store::note_mutation();
            Ok(())
        })?;
        Ok(NewAccessKey {
            metadata,
            secret_access_key: secret,
        })
    }

    /// Every long-term access key, ordered by access key id (no secrets).
    ///
    /// # Errors
    ///
    /// The store's errors (a persistent service reads what other processes wrote first).
    pub fn list_access_keys(&self) -> Result<Vec<AccessKeyMetadata>> {
        self.persisted(|| {
            Ok(self
                .access_keys_read()
                .values()
                .map(|k| k.metadata.clone())
                .collect())
        })
    }

    /// IAM `DeleteAccessKey`: requests signed with the key are refused from now on.
    ///
    /// # Errors
    ///
    /// [`Error::NotFound`] (IAM's `NoSuchEntity` wording) for an unknown key id; the store's
    /// errors.
    pub fn delete_access_key(&self, access_key_id: &str) -> Result<()> {
        self.persisted(|| {
            if self.access_keys_write().remove(access_key_id).is_none() {
                return Err(Error::NotFound(format!(
                    "The Access Key with id {access_key_id} cannot be found."
                )));
            }
            super::key_store::note_mutation();
            Ok(())
        })
    }

    /// The credential behind `access_key_id`, a long-term access key or a session from
    /// [`assume_role`](Self::assume_role) (expired sessions included: expiry is reported by
    /// the call itself, as `ExpiredTokenException`); `None` for a key id the service never
    /// issued or has deleted.
    ///
    /// # Errors
    ///
    /// The store's errors (a persistent service reads what other processes wrote first, so a
    /// key created by `datakey access-keys create` works at once in a running server).
    pub fn signing_credential(&self, access_key_id: &str) -> Result<Option<SigningCredential>> {
        self.persisted(|| Ok(self.signing_credential_in_memory(access_key_id)))
    }

    fn signing_credential_in_memory(&self, access_key_id: &str) -> Option<SigningCredential> {
        if let Some(k) = self.access_keys_read().get(access_key_id) {
            let user_id = if k.metadata.user_name == "root" {
                self.account_id().to_owned()
            } else {
                user_unique_id(&k.metadata.principal_arn)
            };
            return Some(SigningCredential {
                principal_arn: k.metadata.principal_arn.clone(),
                user_id,
                secret_access_key: SecretBytes::copy_from_slice(
                    k.secret_access_key.expose_secret(),
                ),
                temporary: false,
            });
        }
        self.inner
            .sessions
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .get(access_key_id)
            .map(|s| SigningCredential {
                principal_arn: s.principal_arn.clone(),
                user_id: s.user_id.clone(),
                secret_access_key: SecretBytes::copy_from_slice(
                    s.secret_access_key.expose_secret(),
                ),
                temporary: true,
            })
    }

    /// STS `GetCallerIdentity`: who this handle runs as.
    ///
    /// # Errors
    ///
    /// The caller's own credential errors ([`Error::ExpiredToken`],
    /// [`Error::UnrecognizedClient`]).
    pub fn get_caller_identity(&self) -> Result<CallerIdentity> {
        self.check_session(self.now(), "sts:GetCallerIdentity")?;
        let arn = self.principal().to_owned();
        let account = arn_account(&arn).unwrap_or(self.account_id()).to_owned();
        Ok(CallerIdentity { account, arn })
    }

    pub(super) fn access_keys_read(&self) -> RwLockReadGuard<'_, AccessKeyTable> {
        self.inner
            .access_keys
            .read()
            .unwrap_or_else(PoisonError::into_inner)
    }

    pub(super) fn access_keys_write(&self) -> RwLockWriteGuard<'_, AccessKeyTable> {
        self.inner
            .access_keys
            .write()
            .unwrap_or_else(PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kms::{AssumeRoleRequest, Caller};

    #[test]
    fn access_keys_are_created_listed_looked_up_and_deleted() {
        let kms = LocalKms::new();
        let root = kms.create_access_key(None).expect("root key");
        assert!(root.metadata.access_key_id.starts_with("AKIA"));
        assert_eq!(root.metadata.access_key_id.len(), 20);
        assert_eq!(root.secret_access_key.len(), 40);
        assert_eq!(root.metadata.user_name, "root");
        let user_arn = format!("arn:aws:iam::{}:user/ops/alice", kms.account_id());
        let alice = kms.create_access_key(Some(&user_arn)).expect("user key");
        assert_eq!(alice.metadata.user_name, "alice");
        assert_eq!(kms.list_access_keys().expect("list").len(), 2);

        let cred = kms
            .signing_credential(&alice.metadata.access_key_id)
            .expect("look-up")
            .expect("known key");
        assert_eq!(cred.principal_arn, user_arn);
        assert!(cred.user_id.starts_with("AIDA"));
        assert!(!cred.temporary);
        assert_eq!(
            cred.secret_access_key.expose_secret(),
            alice.secret_access_key.expose_secret()
        );
        let root_cred = kms
            .signing_credential(&root.metadata.access_key_id)
            .expect("look-up")
            .expect("root");
        assert_eq!(root_cred.user_id, kms.account_id());
        assert!(!format!("{cred:?}").contains(
            core::str::from_utf8(alice.secret_access_key.expose_secret()).expect("ascii")
        ));

        kms.delete_access_key(&alice.metadata.access_key_id)
            .expect("delete");
        assert!(
            kms.signing_credential(&alice.metadata.access_key_id)
                .expect("look-up")
                .is_none()
        );
        let err = kms
            .delete_access_key(&alice.metadata.access_key_id)
            .expect_err("gone");
        assert_eq!(err.name(), "NotFoundException");
    }

    #[test]
    fn roles_and_foreign_accounts_get_no_access_keys() {
        let kms = LocalKms::new();
        let role = format!("arn:aws:iam::{}:role/r", kms.account_id());
        assert_eq!(
            kms.create_access_key(Some(&role)).expect_err("role").name(),
            "ValidationException"
        );
        assert_eq!(
            kms.create_access_key(Some("arn:aws:iam::999999999999:root"))
                .expect_err("foreign")
                .name(),
            "ValidationException"
        );
        assert!(
            kms.signing_credential("AKIAAAAAAAAAAAAAAAAA")
                .expect("look-up")
                .is_none()
        );
    }

    #[test]
    fn sessions_are_signing_credentials_and_know_who_they_are() {
        let kms = LocalKms::new();
        let resp = kms
            .assume_role(AssumeRoleRequest {
                role_arn: format!("arn:aws:iam::{}:role/app", kms.account_id()),
                role_session_name: "s1".into(),
                duration_seconds: None,
            })
            .expect("assume");
        let cred = kms
            .signing_credential(&resp.credentials.access_key_id)
            .expect("look-up")
            .expect("session");
        assert!(cred.temporary);
        assert_eq!(cred.principal_arn, resp.assumed_role_user.arn);
        assert_eq!(cred.user_id, resp.assumed_role_user.assumed_role_id);
        assert_eq!(
            cred.secret_access_key.expose_secret(),
            resp.credentials.secret_access_key.expose_secret()
        );
        let who = kms
            .as_caller(Caller::from_assume_role(&resp))
            .expect("caller")
            .get_caller_identity()
            .expect("identity");
        assert_eq!(who.arn, resp.assumed_role_user.arn);
        assert_eq!(who.account, kms.account_id());
    }
}
