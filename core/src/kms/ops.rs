//! The KMS operations of [`LocalKms`].

use std::sync::Arc;
use std::time::SystemTime;

use crate::error::{Error, Result};
use crate::secret::{SecretBytes, ct_eq};

use super::blob::{self, MAX_BLOB_LEN};
use super::enums::{
    EncryptionAlgorithmSpec, ExpirationModel, ImportType, KeyMaterialState, KeySpec, KeyState,
    KeyUsage, Operation, Origin, RotationType,
};
use super::ids::{self, check_key_id_param, check_len, check_range, len_too_long, len_too_short};
use super::key::{Key, Material, View, after_days};
use super::policy::{DEFAULT_POLICY_NAME, KeyPolicy, MAX_POLICY_LEN, default_key_policy};
use super::shapes::*;
use super::{ALIAS_PREFIX, Alias, Call, LocalKms, MAX_ON_DEMAND_ROTATIONS};

/// The largest `Encrypt` plaintext.
const MAX_PLAINTEXT: usize = 4096;
/// The largest data key / random byte count.
const MAX_NUMBER_OF_BYTES: i64 = 1024;

/// What `generate` produced.
struct Generated {
    plaintext: SecretBytes,
    blob: Vec<u8>,
    key_arn: String,
    key_material_id: String,
}

/// What `open_blob` produced.
struct Opened {
    plaintext: SecretBytes,
    key_arn: String,
    key_material_id: String,
}

/// The decrypting side of Decrypt and ReEncrypt.
struct Source<'a> {
    op: &'static str,
    /// The IAM action checked on the blob's key (`kms:Decrypt`, `kms:ReEncryptFrom`).
    action: &'static str,
    blob: &'a [u8],
    named: Option<&'a str>,
    named_field: &'static str,
    ec: &'a crate::EncryptionContext,
    alg: Option<EncryptionAlgorithmSpec>,
}

/// How an encrypting operation refuses keys that cannot encrypt.
#[derive(Clone, Copy)]
enum Use {
    /// GenerateDataKey*: asymmetric keys are refused as such.
    DataKey(&'static str),
    /// Encrypt / ReEncrypt destination, with the plaintext length for the RSA size limits.
    Encrypt(&'static str, usize),
}

fn incompatible(alg: EncryptionAlgorithmSpec, spec: KeySpec) -> Error {
    Error::InvalidKeyUsage(format!(
        "Algorithm {alg} is incompatible with key spec {spec}."
    ))
}

fn check_blob_len(blob: &[u8]) -> Result<()> {
    if blob.is_empty() {
        return Err(len_too_short("ciphertextBlob", None, 1));
    }
    if blob.len() > MAX_BLOB_LEN {
        return Err(len_too_long("ciphertextBlob", None, MAX_BLOB_LEN));
    }
    Ok(())
}

/// Reads a page of `items` (already in order) starting after `marker`.
fn page<T: Clone>(
    items: &[(String, T)],
    limit: Option<i64>,
    max: i64,
    default: i64,
    marker: Option<&str>,
) -> Result<(Vec<T>, Option<String>)> {
    let limit = limit.unwrap_or(default);
    check_range("limit", limit, 1, max)?;
    let start = match marker {
        None => 0,
        Some(m) => {
            check_len("marker", m, 1, 1024)?;
            match items.iter().position(|(k, _)| k.as_str() > m) {
                Some(i) => i,
                None => items.len(),
            }
        }
    };
    let limit = usize::try_from(limit).unwrap_or(usize::MAX);
    let end = start.saturating_add(limit).min(items.len());
    let out: Vec<T> = items[start..end].iter().map(|(_, v)| v.clone()).collect();
    let next = (end < items.len() && end > 0).then(|| items[end - 1].0.clone());
    Ok((out, next))
}

impl LocalKms {
    fn key_param(&self, field: &str, id: &str, now: SystemTime) -> Result<Arc<Key>> {
        check_key_id_param(field, id)?;
        self.resolve(id, now)
    }

    // ----- keys --------------------------------------------------------------------------

    /// `CreateKey`: a new key. `SYMMETRIC_DEFAULT` keys of origin `AWS_KMS` get fresh AES-256
    /// material; `EXTERNAL` keys start in `PendingImport`; other specs get no material.
    ///
    /// # Errors
    ///
    /// [`Error::Validation`] for a missing or incompatible key usage ("You must specify a
    /// KeyUsage value for all KMS keys except for symmetric encryption keys.", "KeyUsage X is not
    /// compatible with KeySpec Y") or a description over 8192 characters;
    /// [`Error::UnsupportedOperation`] for custom key store origins and for `EXTERNAL` keys of a
    /// spec other than `SYMMETRIC_DEFAULT`.
    pub fn create_key(&self, req: CreateKeyRequest) -> Result<CreateKeyResponse> {
        self.persisted(|| self.create_key_inner(req, None))
    }

    /// `CreateKey` with its `Policy` (and `BypassPolicyLockoutSafetyCheck`) parameters: as
    /// [`create_key`](Self::create_key), with this key policy instead of the default one.
    ///
    /// # Errors
    ///
    /// As [`create_key`](Self::create_key); [`Error::Validation`] for a policy of 0 or over
    /// 32768 characters; [`Error::MalformedPolicyDocument`] for a policy outside the supported
    /// grammar, or one that would not let the caller change it later ("The new key policy will
    /// not allow you to update the key policy in the future.") unless the check is bypassed.
    pub fn create_key_with_policy(
        &self,
        req: CreateKeyRequest,
        policy: CreateKeyPolicy,
    ) -> Result<CreateKeyResponse> {
        self.persisted(|| self.create_key_inner(req, Some(policy)))
    }

    pub(super) fn create_key_inner(
        &self,
        req: CreateKeyRequest,
        policy: Option<CreateKeyPolicy>,
    ) -> Result<CreateKeyResponse> {
        let call = self.begin(Operation::CreateKey)?;
        if let Some(d) = &req.description {
            check_len("description", d, 0, 8192)?;
        }
        let bypass = policy
            .as_ref()
            .and_then(|p| p.bypass_policy_lockout_safety_check)
            .unwrap_or(false);
        let given_policy = match &policy {
            Some(p) => {
                check_len("policy", &p.policy, 1, MAX_POLICY_LEN)?;
                Some(KeyPolicy::parse(&p.policy)?)
            }
            None => None,
        };
        let spec = req.key_spec.unwrap_or(KeySpec::SymmetricDefault);
        let usage = match (req.key_usage, spec) {
            (Some(u), _) => u,
            (None, KeySpec::SymmetricDefault) => KeyUsage::EncryptDecrypt,
            (None, _) => {
                return Err(Error::Validation(
                    "You must specify a KeyUsage value for all KMS keys except for symmetric \
                     encryption keys."
                        .to_owned(),
                ));
            }
        };
        if !spec.allowed_usages().contains(&usage) {
            return Err(Error::Validation(format!(
                "KeyUsage {usage} is not compatible with KeySpec {spec}"
            )));
        }
        let origin = req.origin.unwrap_or(Origin::AwsKms);
        match origin {
            Origin::AwsKms => {}
            Origin::External if spec == KeySpec::SymmetricDefault => {}
            Origin::External => {
                return Err(Error::UnsupportedOperation(format!(
                    "datakey imports only SYMMETRIC_DEFAULT key material; Origin EXTERNAL is not \
                     supported with KeySpec {spec}."
                )));
            }
            other => {
                return Err(Error::UnsupportedOperation(format!(
                    "datakey has no custom key stores; Origin {other} is not supported."
                )));
            }
        }
        let multi_region = req.multi_region.unwrap_or(false);
        let key_id = ids::new_key_id(&self.inner.rng, multi_region)?;
        let arn = self.key_arn(&key_id);
        let policy = match given_policy {
            Some(p) => {
                if !bypass {
                    self.check_lockout(&call, &arn, &p)?;
                }
                p
            }
            None => KeyPolicy::parse(&default_key_policy(
                ids::partition(&self.inner.region),
                &self.inner.account_id,
            ))?,
        };
        let material = if spec == KeySpec::SymmetricDefault && origin == Origin::AwsKms {
            Some(Material::generate(&self.inner.rng, None)?)
        } else {
            None
        };
        let key = Arc::new(Key::new(
            key_id.clone(),
            arn,
            self.inner.account_id.clone(),
            call.now,
            spec,
            usage,
            origin,
            multi_region,
            req.description.unwrap_or_default(),
            material,
            Arc::new(policy),
            self.inner.delay,
            Arc::clone(&self.inner.rng),
        ));
        let key_metadata = key.metadata(&key.read());
        self.keys_write().insert(key_id, key);
        Ok(CreateKeyResponse { key_metadata })
    }

    /// `DescribeKey`: the key's metadata, in every key state.
    ///
    /// # Errors
    ///
    /// [`Error::Validation`] for a `key_id` of 0 or over 2048 characters; [`Error::NotFound`]
    /// for an unknown or malformed key id, alias or ARN.
    pub fn describe_key(&self, req: DescribeKeyRequest) -> Result<DescribeKeyResponse> {
        self.persisted(|| {
            let call = self.begin(Operation::DescribeKey)?;
            let key = self.key_param("keyId", &req.key_id, call.now)?;
            self.authorize_live(&call, "kms:DescribeKey", &key)?;
            let mut key_metadata = key.metadata(&key.read());
            if self.is_aws_managed(&key.key_id) {
                key_metadata.key_manager = super::KeyManager::Aws;
            }
            Ok(DescribeKeyResponse { key_metadata })
        })
    }

    /// `DescribeKey`'s `Arn` alone: the same checks (credentials, faults, parameter, key,
    /// policy `kms:DescribeKey`) and persistence, without building the metadata (for the KMS
    /// keyring, which resolves its key ID on every decrypt).
    pub(crate) fn describe_key_arn(&self, key_id: &str) -> Result<String> {
        self.persisted(|| {
            let call = self.begin(Operation::DescribeKey)?;
            let key = self.key_param("keyId", key_id, call.now)?;
            self.authorize_live(&call, "kms:DescribeKey", &key)?;
            Ok(key.arn.clone())
        })
    }

    /// `ListKeys`: key ids and ARNs, ordered by key id, in pages.
    ///
    /// # Errors
    ///
    /// [`Error::Validation`] for a limit outside 1..1000 or a malformed marker.
    pub fn list_keys(&self, req: ListKeysRequest) -> Result<ListKeysResponse> {
        self.persisted(|| {
            let call = self.begin(Operation::ListKeys)?;
            self.purge(call.now)?;
            let all: Vec<(String, KeyListEntry)> = self
                .keys_read()
                .values()
                .map(|k| {
                    (
                        k.key_id.clone(),
                        KeyListEntry {
                            key_id: k.key_id.clone(),
                            key_arn: k.arn.clone(),
                        },
                    )
                })
                .collect();
            let (keys, next_marker) = page(&all, req.limit, 1000, 100, req.marker.as_deref())?;
            Ok(ListKeysResponse {
                keys,
                truncated: next_marker.is_some(),
                next_marker,
            })
        })
    }

    /// `EnableKey`: `Disabled` → `Enabled` (a no-op on an enabled key). A rotation that fell
    /// due while the key was disabled happens at once.
    ///
    /// # Errors
    ///
    /// [`Error::KmsInvalidState`] when the key is pending deletion or pending import;
    /// [`Error::NotFound`] / [`Error::Validation`] for the key id.
    pub fn enable_key(&self, req: EnableKeyRequest) -> Result<()> {
        self.persisted(|| {
            let call = self.begin(Operation::EnableKey)?;
            let now = call.now;
            let key = self.key_param("keyId", &req.key_id, now)?;
            self.authorize_live(&call, "kms:EnableKey", &key)?;
            let mut st = key.write();
            match st.key_state {
                KeyState::Enabled => Ok(()),
                KeyState::Disabled => {
                    st.key_state = KeyState::Enabled;
                    if key.rotates_automatically() {
                        st.catch_up_rotation(now, &self.inner.rng)?;
                    }
                    key.record(&mut st, now);
                    Ok(())
                }
                KeyState::PendingDeletion => Err(key.pending_deletion()),
                _ => Err(key.pending_import()),
            }
        })
    }

    /// `DisableKey`: `Enabled` → `Disabled` (a no-op on a disabled key).
    ///
    /// # Errors
    ///
    /// [`Error::KmsInvalidState`] when the key is pending deletion or pending import;
    /// [`Error::NotFound`] / [`Error::Validation`] for the key id.
    pub fn disable_key(&self, req: DisableKeyRequest) -> Result<()> {
        self.persisted(|| {
            let call = self.begin(Operation::DisableKey)?;
            let key = self.key_param("keyId", &req.key_id, call.now)?;
            self.authorize_live(&call, "kms:DisableKey", &key)?;
            let mut st = key.write();
            match st.key_state {
                KeyState::Enabled | KeyState::Disabled => {
                    if st.key_state == KeyState::Enabled {
                        st.key_state = KeyState::Disabled;
                        key.record(&mut st, call.now);
                    }
                    Ok(())
                }
                KeyState::PendingDeletion => Err(key.pending_deletion()),
                _ => Err(key.pending_import()),
            }
        })
    }

    /// `ScheduleKeyDeletion`: the key becomes `PendingDeletion` for 7..30 days (default 30),
    /// then it and all its material are gone.
    ///
    /// # Errors
    ///
    /// [`Error::Validation`] for a window outside 7..30; [`Error::KmsInvalidState`] when the
    /// key is already pending deletion; [`Error::NotFound`] for the key id.
    pub fn schedule_key_deletion(
        &self,
        req: ScheduleKeyDeletionRequest,
    ) -> Result<ScheduleKeyDeletionResponse> {
        self.persisted(|| {
            let call = self.begin(Operation::ScheduleKeyDeletion)?;
            check_key_id_param("keyId", &req.key_id)?;
            let window = req.pending_window_in_days.unwrap_or(30);
            check_range("pendingWindowInDays", window, 7, 30)?;
            let now = call.now;
            let key = self.resolve(&req.key_id, now)?;
            self.authorize_live(&call, "kms:ScheduleKeyDeletion", &key)?;
            let mut st = key.write();
            if st.key_state == KeyState::PendingDeletion {
                return Err(key.pending_deletion());
            }
            let deletion_date = after_days(now, window)?;
            st.resume_pending_import = st.key_state == KeyState::PendingImport;
            st.key_state = KeyState::PendingDeletion;
            st.deletion_date = Some(deletion_date);
            st.pending_window_days = Some(window);
            key.record(&mut st, now);
            Ok(ScheduleKeyDeletionResponse {
                key_id: key.arn.clone(),
                deletion_date,
                key_state: KeyState::PendingDeletion,
                pending_window_in_days: window,
            })
        })
    }

    /// `CancelKeyDeletion`: `PendingDeletion` → `Disabled` (or back to `PendingImport` for an
    /// `EXTERNAL` key that was waiting for its material).
    ///
    /// # Errors
    ///
    /// [`Error::KmsInvalidState`] "`<ARN>` is not pending deletion."; [`Error::NotFound`] for
    /// the key id.
    pub fn cancel_key_deletion(
        &self,
        req: CancelKeyDeletionRequest,
    ) -> Result<CancelKeyDeletionResponse> {
        self.persisted(|| {
            let call = self.begin(Operation::CancelKeyDeletion)?;
            let key = self.key_param("keyId", &req.key_id, call.now)?;
            self.authorize_live(&call, "kms:CancelKeyDeletion", &key)?;
            let mut st = key.write();
            if st.key_state != KeyState::PendingDeletion {
                return Err(Error::KmsInvalidState(format!(
                    "{} is not pending deletion.",
                    key.arn
                )));
            }
            st.key_state = if st.resume_pending_import {
                KeyState::PendingImport
            } else {
                KeyState::Disabled
            };
            st.deletion_date = None;
            st.pending_window_days = None;
            st.resume_pending_import = false;
            key.record(&mut st, call.now);
            Ok(CancelKeyDeletionResponse {
                key_id: key.arn.clone(),
            })
        })
    }

    // ----- aliases -----------------------------------------------------------------------

    /// `CreateAlias`: `alias/<name>` → a key (by key id or key ARN).
    ///
    /// # Errors
    ///
    /// [`Error::Validation`] / [`Error::InvalidAliasName`] for the alias name (see
    /// [`validate_alias_name`](super::validate_alias_name)) and for an alias as target;
    /// [`Error::AlreadyExists`]; [`Error::NotFound`] for the target;
    /// [`Error::KmsInvalidState`] when the target is pending deletion.
    pub fn create_alias(&self, req: CreateAliasRequest) -> Result<()> {
        self.persisted(|| {
            let call = self.begin(Operation::CreateAlias)?;
            ids::validate_alias_name(&req.alias_name)?;
            check_key_id_param("targetKeyId", &req.target_key_id)?;
            let exists = || {
                Error::AlreadyExists(format!(
                    "An alias with the name {} already exists",
                    self.alias_arn(&req.alias_name)
                ))
            };
            if self.aliases_read().contains_key(&req.alias_name) {
                return Err(exists());
            }
            let now = call.now;
            let key = self.resolve_key_only("targetKeyId", &req.target_key_id, now)?;
            self.authorize_live(&call, "kms:CreateAlias", &key)?;
            if key.read().key_state == KeyState::PendingDeletion {
                return Err(key.pending_deletion());
            }
            let mut aliases = self.aliases_write();
            if aliases.contains_key(&req.alias_name) {
                return Err(exists());
            }
            aliases.insert(
                req.alias_name.clone(),
                Alias {
                    target_key_id: key.key_id.clone(),
                    creation_date: now,
                    last_updated_date: now,
                },
            );
            drop(aliases);
            self.record_alias(&req.alias_name, Some(key.key_id.clone()), now);
            Ok(())
        })
    }

    /// `UpdateAlias`: points an existing alias at another key of the same kind (symmetric,
    /// asymmetric or HMAC) and usage.
    ///
    /// # Errors
    ///
    /// As [`create_alias`](Self::create_alias), with [`Error::NotFound`] for an unknown alias
    /// and [`Error::Validation`] for a target of another kind or usage.
    pub fn update_alias(&self, req: UpdateAliasRequest) -> Result<()> {
        self.persisted(|| {
            let call = self.begin(Operation::UpdateAlias)?;
            ids::validate_alias_name(&req.alias_name)?;
            check_key_id_param("targetKeyId", &req.target_key_id)?;
            let now = call.now;
            let current = self.alias_target(&req.alias_name)?;
            let key = self.resolve_key_only("targetKeyId", &req.target_key_id, now)?;
            if let Some(old) = self.live_key(&current, now)? {
                self.authorize_live(&call, "kms:UpdateAlias", &old)?;
            }
            self.authorize_live(&call, "kms:UpdateAlias", &key)?;
            if key.read().key_state == KeyState::PendingDeletion {
                return Err(key.pending_deletion());
            }
            if let Some(old) = self.keys_read().get(&current).cloned() {
                let kind = |k: &Key| (k.spec.is_hmac(), k.spec.is_asymmetric(), k.usage);
                if kind(&old) != kind(&key) {
                    return Err(Error::Validation(format!(
                        "{} can only be associated with a KMS key of the same key type and key \
                         usage as its current key {}.",
                        req.alias_name, old.arn
                    )));
                }
            }
            let mut aliases = self.aliases_write();
            let Some(alias) = aliases.get_mut(&req.alias_name) else {
                return Err(Error::NotFound(format!(
                    "Alias {} is not found.",
                    self.alias_arn(&req.alias_name)
                )));
            };
            alias.target_key_id = key.key_id.clone();
            alias.last_updated_date = now;
            drop(aliases);
            self.record_alias(&req.alias_name, Some(key.key_id.clone()), now);
            Ok(())
        })
    }

    /// `DeleteAlias` (the key is not affected).
    ///
    /// # Errors
    ///
    /// [`Error::Validation`] for a malformed alias name; [`Error::NotFound`] for an unknown
    /// alias.
    pub fn delete_alias(&self, req: DeleteAliasRequest) -> Result<()> {
        self.persisted(|| {
            let call = self.begin(Operation::DeleteAlias)?;
            check_len("aliasName", &req.alias_name, 1, ids::MAX_ALIAS_NAME_LEN)?;
            if !req.alias_name.starts_with(ALIAS_PREFIX) {
                return Err(Error::Validation(
                    "Alias must start with the prefix \"alias/\". Please see \
                     https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html"
                        .to_owned(),
                ));
            }
            let target = self
                .aliases_read()
                .get(&req.alias_name)
                .map(|a| a.target_key_id.clone());
            if let Some(target) = target
                && let Some(key) = self.live_key(&target, call.now)?
            {
                self.authorize_live(&call, "kms:DeleteAlias", &key)?;
            }
            let removed = self.aliases_write().remove(&req.alias_name);
            match removed {
                Some(_) => {
                    self.record_alias(&req.alias_name, None, call.now);
                    Ok(())
                }
                None => Err(Error::NotFound(format!(
                    "Alias {} is not found.",
                    self.alias_arn(&req.alias_name)
                ))),
            }
        })
    }

    /// `ListAliases`: every alias, or those of one key, ordered by name, in pages.
    ///
    /// # Errors
    ///
    /// [`Error::Validation`] for a limit outside 1..100 or a malformed marker;
    /// [`Error::NotFound`] for the key id.
    pub fn list_aliases(&self, req: ListAliasesRequest) -> Result<ListAliasesResponse> {
        self.persisted(|| {
            let now = self.begin(Operation::ListAliases)?.now;
            self.purge(now)?;
            let only = match &req.key_id {
                Some(k) => Some(self.resolve_key_only("keyId", k, now)?.key_id.clone()),
                None => None,
            };
            let all: Vec<(String, AliasListEntry)> = self
                .aliases_read()
                .iter()
                .filter(|(_, a)| only.as_ref().is_none_or(|k| *k == a.target_key_id))
                .map(|(name, a)| {
                    (
                        name.clone(),
                        AliasListEntry {
                            alias_name: name.clone(),
                            alias_arn: self.alias_arn(name),
                            target_key_id: Some(a.target_key_id.clone()),
                            creation_date: a.creation_date,
                            last_updated_date: a.last_updated_date,
                        },
                    )
                })
                .collect();
            let (aliases, next_marker) = page(&all, req.limit, 100, 50, req.marker.as_deref())?;
            Ok(ListAliasesResponse {
                aliases,
                truncated: next_marker.is_some(),
                next_marker,
            })
        })
    }

    // ----- data keys and encryption ---------------------------------------------------------

    /// Checks that `key` may encrypt (state first, then usage and spec) and returns its current
    /// material.
    fn encrypting_material<'v>(
        &self,
        key: &Key,
        view: &'v View,
        how: Use,
        alg: Option<EncryptionAlgorithmSpec>,
    ) -> Result<&'v Material> {
        key.require_usable(view.key_state)?;
        let alg = alg.unwrap_or(EncryptionAlgorithmSpec::SymmetricDefault);
        match how {
            Use::DataKey(op) => {
                if key.spec.is_asymmetric() {
                    return Err(Error::InvalidKeyUsage(
                        "You cannot generate a data key with an asymmetric CMK".to_owned(),
                    ));
                }
                if key.usage != KeyUsage::EncryptDecrypt {
                    return Err(key.wrong_usage(op));
                }
            }
            Use::Encrypt(op, len) => {
                if key.usage != KeyUsage::EncryptDecrypt {
                    return Err(key.wrong_usage(op));
                }
                if key.spec != KeySpec::SymmetricDefault {
                    asymmetric_encrypt(key, alg, len)?;
                }
            }
        }
        if alg != EncryptionAlgorithmSpec::SymmetricDefault {
            return Err(incompatible(alg, key.spec));
        }
        view.current
            .as_deref()
            .ok_or_else(|| Error::KmsInternal(format!("{} has no key material.", key.arn)))
    }

    fn generate(
        &self,
        call: &Call,
        op: &'static str,
        key_id: &str,
        key_spec: Option<super::DataKeySpec>,
        number_of_bytes: Option<i64>,
        ec: &crate::EncryptionContext,
    ) -> Result<Generated> {
        check_key_id_param("keyId", key_id)?;
        if let Some(n) = number_of_bytes {
            check_range("numberOfBytes", n, 1, MAX_NUMBER_OF_BYTES)?;
        }
        let len = match (key_spec, number_of_bytes) {
            (Some(spec), None) => spec.byte_len(),
            (None, Some(n)) => usize::try_from(n).unwrap_or(0),
            _ => {
                return Err(Error::Validation(
                    "Please specify either number of bytes or key spec.".to_owned(),
                ));
            }
        };
        let context = ec;
        let ec = ec.serialize()?;
        let table = self.key_table();
        let key = self.resolve_data(&table, key_id, call.now)?;
        let view = key.view(call.now);
        let action = match op {
            "GenerateDataKey" => "kms:GenerateDataKey",
            _ => "kms:GenerateDataKeyWithoutPlaintext",
        };
        self.authorize(call, action, &key.arn, &view.policy, Some(context))?;
        let material = self.encrypting_material(key, &view, Use::DataKey(op), None)?;
        let (plaintext, blob) = blob::generate_sealed(
            &self.inner.rng,
            len,
            &key.key_id,
            &material.id,
            &material.secret,
            &ec,
        )?;
        Ok(Generated {
            plaintext,
            blob,
            key_arn: key.arn.clone(),
            key_material_id: material.id_hex.clone(),
        })
    }

    /// `GenerateDataKey`: a random data key, in plaintext and encrypted under the current
    /// material of a symmetric key, bound to the encryption context.
    ///
    /// # Errors
    ///
    /// [`Error::Validation`] for neither or both of `key_spec`/`number_of_bytes` ("Please
    /// specify either number of bytes or key spec."), `number_of_bytes` outside 1..1024, the key
    /// id length, or an oversized context; [`Error::NotFound`]; [`Error::Disabled`] /
    /// [`Error::KmsInvalidState`] by key state; then [`Error::InvalidKeyUsage`] for asymmetric
    /// ("You cannot generate a data key with an asymmetric CMK") and HMAC keys.
    pub fn generate_data_key(
        &self,
        req: GenerateDataKeyRequest,
    ) -> Result<GenerateDataKeyResponse> {
        self.persisted(|| self.generate_data_key_in_transaction(req))
    }

    /// `GenerateDataKey`, inside a [`transaction`](Self::transaction) (the Secrets Manager's).
    pub(crate) fn generate_data_key_in_transaction(
        &self,
        req: GenerateDataKeyRequest,
    ) -> Result<GenerateDataKeyResponse> {
        let Generated {
            plaintext,
            blob: ciphertext_blob,
            key_arn,
            key_material_id,
        } = self.generate(
            &self.begin(Operation::GenerateDataKey)?,
            "GenerateDataKey",
            &req.key_id,
            req.key_spec,
            req.number_of_bytes,
            &req.encryption_context,
        )?;
        Ok(GenerateDataKeyResponse {
            ciphertext_blob,
            plaintext,
            key_id: key_arn,
            key_material_id,
        })
    }

    /// `GenerateDataKeyWithoutPlaintext`: as [`generate_data_key`](Self::generate_data_key),
    /// returning only the encrypted data key.
    ///
    /// # Errors
    ///
    /// As [`generate_data_key`](Self::generate_data_key) (the usage messages name
    /// `GenerateDataKeyWithoutPlaintext`).
    pub fn generate_data_key_without_plaintext(
        &self,
        req: GenerateDataKeyWithoutPlaintextRequest,
    ) -> Result<GenerateDataKeyWithoutPlaintextResponse> {
        self.persisted(|| {
            let Generated {
                blob: ciphertext_blob,
                key_arn,
                key_material_id,
                ..
            } = self.generate(
                &self.begin(Operation::GenerateDataKeyWithoutPlaintext)?,
                "GenerateDataKeyWithoutPlaintext",
                &req.key_id,
                req.key_spec,
                req.number_of_bytes,
                &req.encryption_context,
            )?;
            Ok(GenerateDataKeyWithoutPlaintextResponse {
                ciphertext_blob,
                key_id: key_arn,
                key_material_id,
            })
        })
    }

    /// `Encrypt`: 1..4096 bytes under the current material of a symmetric key (for example a
    /// data key, to wrap it under a second key).
    ///
    /// # Errors
    ///
    /// [`Error::Validation`] for the plaintext length, key id length or context;
    /// [`Error::NotFound`]; state errors; [`Error::InvalidKeyUsage`] for keys whose usage is not
    /// `ENCRYPT_DECRYPT` and for algorithm/spec mismatches ("Algorithm SYMMETRIC_DEFAULT is
    /// incompatible with key spec RSA_2048."); [`Error::UnsupportedOperation`] for RSA-OAEP and
    /// SM2 encryption (datakey holds no asymmetric keys).
    pub fn encrypt(&self, req: EncryptRequest) -> Result<EncryptResponse> {
        self.persisted(|| {
            let call = self.begin(Operation::Encrypt)?;
            check_key_id_param("keyId", &req.key_id)?;
            let n = req.plaintext.len();
            if n == 0 {
                return Err(len_too_short("plaintext", None, 1));
            }
            if n > MAX_PLAINTEXT {
                return Err(len_too_long("plaintext", None, MAX_PLAINTEXT));
            }
            let ec = req.encryption_context.serialize()?;
            let table = self.key_table();
            let key = self.resolve_data(&table, &req.key_id, call.now)?;
            let view = key.view(call.now);
            self.authorize(
                &call,
                "kms:Encrypt",
                &key.arn,
                &view.policy,
                Some(&req.encryption_context),
            )?;
            let material = self.encrypting_material(
                key,
                &view,
                Use::Encrypt("Encrypt", n),
                req.encryption_algorithm,
            )?;
            let ciphertext_blob = blob::seal(
                &self.inner.rng,
                &key.key_id,
                &material.id,
                &material.secret,
                &ec,
                req.plaintext.expose_secret(),
            )?;
            Ok(EncryptResponse {
                ciphertext_blob,
                key_id: key.arn.clone(),
                encryption_algorithm: EncryptionAlgorithmSpec::SymmetricDefault,
                key_material_id: material.id_hex.clone(),
            })
        })
    }

    /// Decrypts a blob: checks the named key (if any), identifies the blob's key and material,
    /// checks the key state, and opens the blob.
    fn open_blob(&self, src: Source<'_>, call: &Call) -> Result<Opened> {
        let now: SystemTime = call.now;
        let Source {
            op,
            action,
            blob: bytes,
            named,
            named_field,
            ec,
            alg,
        } = src;
        check_blob_len(bytes)?;
        if let Some(id) = named {
            check_key_id_param(named_field, id)?;
        }
        let context = ec;
        let ec = ec.serialize()?;
        let alg = alg.unwrap_or(EncryptionAlgorithmSpec::SymmetricDefault);
        let table = self.key_table();
        if let Some(id) = named {
            let key = self.resolve_data(&table, id, now)?;
            let view = key.view(now);
            self.authorize(call, action, &key.arn, &view.policy, Some(context))?;
            key.require_usable(view.key_state)?;
            if key.usage != KeyUsage::EncryptDecrypt {
                return Err(key.wrong_usage(op));
            }
            if key.spec != KeySpec::SymmetricDefault {
                return Err(match alg {
                    EncryptionAlgorithmSpec::SymmetricDefault => incompatible(alg, key.spec),
                    _ => no_asymmetric(key, alg),
                });
            }
            let parsed = blob::parse(bytes)?;
            if parsed.key_id != key.key_id {
                return Err(Error::IncorrectKey);
            }
        }
        let parsed = blob::parse(bytes)?;
        let key = self
            .live_key_in(&table, parsed.key_id, now)?
            .ok_or(Error::InvalidCiphertext)?;
        let view = key.view(now);
        self.authorize(call, action, &key.arn, &view.policy, Some(context))?;
        let material = {
            key.require_usable(view.key_state)?;
            if key.usage != KeyUsage::EncryptDecrypt {
                return Err(key.wrong_usage(op));
            }
            if key.spec != KeySpec::SymmetricDefault {
                // Symmetric blobs are only ever made under symmetric keys.
                return Err(Error::InvalidCiphertext);
            }
            if alg != EncryptionAlgorithmSpec::SymmetricDefault {
                return Err(incompatible(alg, key.spec));
            }
            view.material(&parsed.material_id)
                .ok_or(Error::InvalidCiphertext)?
        };
        let plaintext = blob::open(&parsed, &material.secret, &ec)?;
        Ok(Opened {
            plaintext,
            key_arn: key.arn.clone(),
            key_material_id: material.id_hex.clone(),
        })
    }

    /// `Decrypt`: opens a blob made by this service. The key and material version come from
    /// the blob; a `key_id`, when given, must name the same key.
    ///
    /// # Errors
    ///
    /// [`Error::Validation`] for a blob of 0 or over 6144 bytes; [`Error::IncorrectKey`] when
    /// `key_id` names another key; [`Error::Disabled`] / [`Error::KmsInvalidState`] by the
    /// key's state; [`Error::InvalidCiphertext`] (no detail) for anything that does not
    /// authenticate: a foreign or tampered blob, an unknown key or material, a wrong context.
    pub fn decrypt(&self, req: DecryptRequest) -> Result<DecryptResponse> {
        self.persisted(|| self.decrypt_in_transaction(req))
    }

    /// `Decrypt`, inside a [`transaction`](Self::transaction) (the Secrets Manager's).
    pub(crate) fn decrypt_in_transaction(&self, req: DecryptRequest) -> Result<DecryptResponse> {
        let call = self.begin(Operation::Decrypt)?;
        let Opened {
            plaintext,
            key_arn,
            key_material_id,
        } = self.open_blob(
            Source {
                op: "Decrypt",
                action: "kms:Decrypt",
                blob: &req.ciphertext_blob,
                named: req.key_id.as_deref(),
                named_field: "keyId",
                ec: &req.encryption_context,
                alg: req.encryption_algorithm,
            },
            &call,
        )?;
        Ok(DecryptResponse {
            key_id: key_arn,
            plaintext,
            encryption_algorithm: EncryptionAlgorithmSpec::SymmetricDefault,
            key_material_id,
        })
    }

    /// `ReEncrypt`: decrypts under the source key and context and encrypts under the
    /// destination key and context; the plaintext never leaves the library.
    ///
    /// # Errors
    ///
    /// [`decrypt`](Self::decrypt)'s errors for the source, [`encrypt`](Self::encrypt)'s for the
    /// destination.
    pub fn re_encrypt(&self, req: ReEncryptRequest) -> Result<ReEncryptResponse> {
        self.persisted(|| {
            let call = self.begin(Operation::ReEncrypt)?;
            check_key_id_param("destinationKeyId", &req.destination_key_id)?;
            let dest_ec = req.destination_encryption_context.serialize()?;
            let now = call.now;
            let Opened {
                plaintext,
                key_arn: source_key_id,
                key_material_id: source_key_material_id,
            } = self.open_blob(
                Source {
                    op: "ReEncrypt",
                    action: "kms:ReEncryptFrom",
                    blob: &req.ciphertext_blob,
                    named: req.source_key_id.as_deref(),
                    named_field: "sourceKeyId",
                    ec: &req.source_encryption_context,
                    alg: req.source_encryption_algorithm,
                },
                &call,
            )?;
            let table = self.key_table();
            let dest = self.resolve_data(&table, &req.destination_key_id, now)?;
            let view = dest.view(now);
            self.authorize(
                &call,
                "kms:ReEncryptTo",
                &dest.arn,
                &view.policy,
                Some(&req.destination_encryption_context),
            )?;
            let material = self.encrypting_material(
                dest,
                &view,
                Use::Encrypt("ReEncrypt", plaintext.len()),
                req.destination_encryption_algorithm,
            )?;
            let ciphertext_blob = blob::seal(
                &self.inner.rng,
                &dest.key_id,
                &material.id,
                &material.secret,
                &dest_ec,
                plaintext.expose_secret(),
            )?;
            Ok(ReEncryptResponse {
                ciphertext_blob,
                source_key_id,
                key_id: dest.arn.clone(),
                source_encryption_algorithm: EncryptionAlgorithmSpec::SymmetricDefault,
                destination_encryption_algorithm: EncryptionAlgorithmSpec::SymmetricDefault,
                source_key_material_id,
                destination_key_material_id: material.id_hex.clone(),
            })
        })
    }

    /// `GenerateRandom`: 1..1024 random bytes.
    ///
    /// # Errors
    ///
    /// [`Error::Validation`]: "NumberOfBytes is required." or the range message.
    pub fn generate_random(&self, req: GenerateRandomRequest) -> Result<GenerateRandomResponse> {
        self.begin(Operation::GenerateRandom)?;
        let Some(n) = req.number_of_bytes else {
            return Err(Error::Validation("NumberOfBytes is required.".to_owned()));
        };
        check_range("numberOfBytes", n, 1, MAX_NUMBER_OF_BYTES)?;
        let plaintext = self.inner.rng.secret(usize::try_from(n).unwrap_or(0))?;
        Ok(GenerateRandomResponse { plaintext })
    }

    // ----- rotation ----------------------------------------------------------------------

    /// `RotateKeyOnDemand`: new current material at once (for `EXTERNAL` keys: the material
    /// imported with `NEW_KEY_MATERIAL`). At most 25 per key; the automatic schedule is not
    /// changed.
    ///
    /// # Errors
    ///
    /// State errors; [`Error::UnsupportedOperation`] for keys other than `SYMMETRIC_DEFAULT`;
    /// [`Error::LimitExceeded`] after 25; [`Error::KmsInvalidState`] for an `EXTERNAL` key
    /// without material pending rotation.
    pub fn rotate_key_on_demand(
        &self,
        req: RotateKeyOnDemandRequest,
    ) -> Result<RotateKeyOnDemandResponse> {
        self.persisted(|| {
            let call = self.begin(Operation::RotateKeyOnDemand)?;
            let now = call.now;
            let key = self.key_param("keyId", &req.key_id, now)?;
            self.authorize_live(&call, "kms:RotateKeyOnDemand", &key)?;
            let mut st = key.write();
            key.require_usable(st.key_state)?;
            if key.spec != KeySpec::SymmetricDefault {
                return Err(key.wrong_spec());
            }
            if st.on_demand_rotations >= MAX_ON_DEMAND_ROTATIONS {
                return Err(Error::LimitExceeded(format!(
                    "The on-demand rotations limit has been reached for the given keyId. No more \
                     on-demand rotations can be performed for this key: {}",
                    key.arn
                )));
            }
            let mut material = if key.origin == Origin::External {
                st.pending_rotation.take().ok_or_else(|| {
                    Error::KmsInvalidState(format!(
                        "No available key material pending rotation for the key: {}.",
                        key.arn
                    ))
                })?
            } else {
                Material::generate(&self.inner.rng, None)?
            };
            material.rotation = Some((now, RotationType::OnDemand));
            st.materials.push(Arc::new(material));
            st.on_demand_rotations += 1;
            key.record(&mut st, now);
            Ok(RotateKeyOnDemandResponse {
                key_id: key.key_id.clone(),
            })
        })
    }

    /// Rotation configuration is for symmetric keys with KMS-generated material, in the
    /// `Enabled` state (`GetKeyRotationStatus`: any state).
    fn rotation_key(
        &self,
        call: &Call,
        action: &str,
        key_id: &str,
        any_state: bool,
    ) -> Result<Arc<Key>> {
        let key = self.key_param("keyId", key_id, call.now)?;
        self.authorize_live(call, action, &key)?;
        if key.origin == Origin::External {
            return Err(key.wrong_origin());
        }
        if !any_state {
            match key.read().key_state {
                KeyState::Disabled => return Err(key.disabled()),
                KeyState::PendingDeletion => return Err(key.pending_deletion()),
                _ => {}
            }
        }
        if key.spec != KeySpec::SymmetricDefault {
            return Err(key.wrong_spec());
        }
        Ok(key)
    }

    /// `EnableKeyRotation`: automatic rotation every 90..2560 days (default 365), applied
    /// lazily from the clock.
    ///
    /// # Errors
    ///
    /// [`Error::Validation`] for a period outside 90..2560; [`Error::UnsupportedOperation`] for
    /// `EXTERNAL` keys and keys other than `SYMMETRIC_DEFAULT`; [`Error::Disabled`] /
    /// [`Error::KmsInvalidState`] by state.
    pub fn enable_key_rotation(&self, req: EnableKeyRotationRequest) -> Result<()> {
        self.persisted(|| {
            let call = self.begin(Operation::EnableKeyRotation)?;
            check_key_id_param("keyId", &req.key_id)?;
            let period = req.rotation_period_in_days.unwrap_or(365);
            check_range("rotationPeriodInDays", period, 90, 2560)?;
            let now = call.now;
            let key = self.rotation_key(&call, "kms:EnableKeyRotation", &req.key_id, false)?;
            let mut st = key.write();
            let next = if st.rotation_period_days.is_some() {
                // Changing the period of an enabled schedule: counted from the last rotation.
                let last = st
                    .materials
                    .iter()
                    .rev()
                    .find_map(|m| m.rotation.map(|(at, _)| at))
                    .unwrap_or(key.creation_date);
                after_days(last, period)?
            } else {
                after_days(now, period)?
            };
            st.rotation_period_days = Some(period);
            st.next_rotation = Some(next);
            drop(st);
            key.refresh(now)?;
            Ok(())
        })
    }

    /// `DisableKeyRotation`.
    ///
    /// # Errors
    ///
    /// As [`enable_key_rotation`](Self::enable_key_rotation), without the period.
    pub fn disable_key_rotation(&self, req: DisableKeyRotationRequest) -> Result<()> {
        self.persisted(|| {
            let call = self.begin(Operation::DisableKeyRotation)?;
            let key = self.rotation_key(&call, "kms:DisableKeyRotation", &req.key_id, false)?;
            let mut st = key.write();
            st.rotation_period_days = None;
            st.next_rotation = None;
            Ok(())
        })
    }

    /// `GetKeyRotationStatus`.
    ///
    /// # Errors
    ///
    /// [`Error::UnsupportedOperation`] for `EXTERNAL` keys and keys other than
    /// `SYMMETRIC_DEFAULT`; [`Error::NotFound`] for the key id.
    pub fn get_key_rotation_status(
        &self,
        req: GetKeyRotationStatusRequest,
    ) -> Result<GetKeyRotationStatusResponse> {
        self.persisted(|| {
            let call = self.begin(Operation::GetKeyRotationStatus)?;
            let key = self.rotation_key(&call, "kms:GetKeyRotationStatus", &req.key_id, true)?;
            let st = key.read();
            Ok(GetKeyRotationStatusResponse {
                key_id: key.arn.clone(),
                key_rotation_enabled: st.rotation_period_days.is_some(),
                rotation_period_in_days: st.rotation_period_days,
                next_rotation_date: st.next_rotation,
                on_demand_rotation_start_date: None,
            })
        })
    }

    /// `ListKeyRotations`: every rotation of the key, oldest first, then imported material
    /// pending rotation.
    ///
    /// # Errors
    ///
    /// [`Error::UnsupportedOperation`] for keys other than `SYMMETRIC_DEFAULT`;
    /// [`Error::Validation`] for a limit outside 1..1000 or a malformed marker.
    pub fn list_key_rotations(
        &self,
        req: ListKeyRotationsRequest,
    ) -> Result<ListKeyRotationsResponse> {
        self.persisted(|| {
            let call = self.begin(Operation::ListKeyRotations)?;
            let key = self.key_param("keyId", &req.key_id, call.now)?;
            self.authorize_live(&call, "kms:ListKeyRotations", &key)?;
            if key.spec != KeySpec::SymmetricDefault {
                return Err(key.wrong_spec());
            }
            let st = key.read();
            let last = st.materials.len().saturating_sub(1);
            let mut all: Vec<(String, RotationsListEntry)> = Vec::new();
            for (i, m) in st.materials.iter().enumerate() {
                if let Some((at, kind)) = m.rotation {
                    all.push((
                        format!("{i:010}"),
                        RotationsListEntry {
                            key_id: key.key_id.clone(),
                            key_material_id: m.id_hex.clone(),
                            key_material_state: if i == last {
                                KeyMaterialState::Current
                            } else {
                                KeyMaterialState::NonCurrent
                            },
                            rotation_date: Some(at),
                            rotation_type: Some(kind),
                        },
                    ));
                }
            }
            if let Some(m) = &st.pending_rotation {
                all.push((
                    format!("{:010}", st.materials.len()),
                    RotationsListEntry {
                        key_id: key.key_id.clone(),
                        key_material_id: m.id_hex.clone(),
                        key_material_state: KeyMaterialState::PendingRotation,
                        rotation_date: None,
                        rotation_type: None,
                    },
                ));
            }
            drop(st);
            let (rotations, next_marker) = page(&all, req.limit, 1000, 100, req.marker.as_deref())?;
            Ok(ListKeyRotationsResponse {
                rotations,
                truncated: next_marker.is_some(),
                next_marker,
            })
        })
    }

    // ----- imported material -------------------------------------------------------------

    /// `ImportKeyMaterial`: 32 raw bytes for an `EXTERNAL` symmetric key. The first import
    /// (`EXISTING_KEY_MATERIAL`) enables a `PendingImport` key; re-importing the same material
    /// restores expired material or changes its expiry; `NEW_KEY_MATERIAL` stages material for
    /// the next `RotateKeyOnDemand`.
    ///
    /// # Errors
    ///
    /// [`Error::Validation`] for missing material, a length other than 32, or an inconsistent
    /// expiration model / `valid_to`; [`Error::UnsupportedOperation`] for keys of origin other
    /// than `EXTERNAL`; [`Error::KmsInvalidState`] when pending deletion (or, for
    /// `NEW_KEY_MATERIAL`, pending import); [`Error::IncorrectKeyMaterial`] for material other
    /// than the key's (or a repeat of one of its versions, for `NEW_KEY_MATERIAL`).
    pub fn import_key_material(
        &self,
        req: ImportKeyMaterialRequest,
    ) -> Result<ImportKeyMaterialResponse> {
        self.persisted(|| {
            let call = self.begin(Operation::ImportKeyMaterial)?;
            check_key_id_param("keyId", &req.key_id)?;
            let Some(secret) = req.key_material else {
                return Err(ids::required("keyMaterial"));
            };
            let now = call.now;
            let model = match (req.expiration_model, req.valid_to) {
                (Some(ExpirationModel::KeyMaterialExpires) | None, Some(v)) => {
                    if v <= now {
                        return Err(Error::Validation(
                            "The ValidTo date must be in the future.".to_owned(),
                        ));
                    }
                    ExpirationModel::KeyMaterialExpires
                }
                (Some(ExpirationModel::KeyMaterialExpires), None) => {
                    return Err(Error::Validation(
                        "A validTo date must be set if the ExpirationModel is KEY_MATERIAL_EXPIRES"
                            .to_owned(),
                    ));
                }
                (Some(ExpirationModel::KeyMaterialDoesNotExpire), Some(_)) => {
                    return Err(Error::Validation(
                        "A validTo date must not be set if the ExpirationModel is \
                         KEY_MATERIAL_DOES_NOT_EXPIRE"
                            .to_owned(),
                    ));
                }
                (Some(ExpirationModel::KeyMaterialDoesNotExpire) | None, None) => {
                    ExpirationModel::KeyMaterialDoesNotExpire
                }
            };
            let key = self.resolve(&req.key_id, now)?;
            self.authorize_live(&call, "kms:ImportKeyMaterial", &key)?;
            if key.origin != Origin::External {
                return Err(key.wrong_origin());
            }
            if secret.len() != super::key::MATERIAL_LEN {
                return Err(Error::Validation(format!(
                    "Key material for a SYMMETRIC_DEFAULT key must be 32 bytes, not {}.",
                    secret.len()
                )));
            }
            let material = Material::imported(&key.key_id, secret)?;
            let incorrect = || {
                Error::IncorrectKeyMaterial(
                    "The key material in the request is, expired, invalid, or is not the same key \
                     material that was previously imported into this KMS key."
                        .to_owned(),
                )
            };
            let mut st = key.write();
            if st.key_state == KeyState::PendingDeletion {
                return Err(key.pending_deletion());
            }
            let id_hex = material.id_hex.clone();
            let same_as = |m: &Material| ct_eq(&m.id, &material.id) && m.secret == material.secret;
            match req.import_type.unwrap_or(ImportType::ExistingKeyMaterial) {
                ImportType::ExistingKeyMaterial => {
                    match st.current().map(|cur| same_as(cur)) {
                        None => st.materials.push(Arc::new(material)),
                        Some(true) => {}
                        Some(false) => return Err(incorrect()),
                    }
                    if st.key_state == KeyState::PendingImport {
                        st.key_state = KeyState::Enabled;
                    }
                    st.expiration_model = Some(model);
                    st.valid_to = req.valid_to;
                }
                ImportType::NewKeyMaterial => {
                    if st.key_state == KeyState::PendingImport {
                        return Err(key.pending_import());
                    }
                    if st.materials.iter().any(|m| same_as(m)) {
                        return Err(incorrect());
                    }
                    st.pending_rotation = Some(material);
                }
            }
            key.record(&mut st, now);
            Ok(ImportKeyMaterialResponse {
                key_id: key.arn.clone(),
                key_material_id: id_hex,
            })
        })
    }
}

impl LocalKms {
    // ----- key policies ------------------------------------------------------------------

    /// Checks a `PolicyName` parameter: `[\w]+`, 1..128 characters, and `default` (the only
    /// key policy).
    fn check_policy_name(&self, name: Option<&str>, key: &Key) -> Result<()> {
        let Some(name) = name else {
            return Ok(());
        };
        check_len("policyName", name, 1, 128)?;
        if !name.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'_') {
            return Err(Error::Validation(format!(
                "1 validation error detected: Value '{name}' at 'policyName' failed to satisfy \
                 constraint: Member must satisfy regular expression pattern: [\\w]+"
            )));
        }
        if name != DEFAULT_POLICY_NAME {
            return Err(Error::NotFound(format!(
                "Key policy '{name}' does not exist for {}: the only key policy name is \
                 'default'.",
                key.arn
            )));
        }
        Ok(())
    }

    /// `PutKeyPolicy`: replaces the key policy (in every key state). With a propagation delay,
    /// data-plane operations keep evaluating the previous policy until the delay has passed.
    ///
    /// # Errors
    ///
    /// [`Error::Validation`] for the key id, policy length (1..32768) or policy name pattern;
    /// [`Error::NotFound`] for the key or a policy name other than `default`;
    /// [`Error::AccessDenied`] when the current policy does not allow the caller
    /// `kms:PutKeyPolicy`; [`Error::MalformedPolicyDocument`] for a policy outside the
    /// supported grammar, or one that would not let the caller put a policy again ("The new
    /// key policy will not allow you to update the key policy in the future.") unless
    /// `bypass_policy_lockout_safety_check` is set.
    pub fn put_key_policy(&self, req: PutKeyPolicyRequest) -> Result<()> {
        self.persisted(|| {
            let call = self.begin(Operation::PutKeyPolicy)?;
            check_key_id_param("keyId", &req.key_id)?;
            check_len("policy", &req.policy, 1, MAX_POLICY_LEN)?;
            let key = self.resolve(&req.key_id, call.now)?;
            self.check_policy_name(req.policy_name.as_deref(), &key)?;
            self.authorize_live(&call, "kms:PutKeyPolicy", &key)?;
            let policy = KeyPolicy::parse(&req.policy)?;
            if !req.bypass_policy_lockout_safety_check.unwrap_or(false) {
                self.check_lockout(&call, &key.arn, &policy)?;
            }
            let mut st = key.write();
            st.policy = Arc::new(policy);
            key.record(&mut st, call.now);
            Ok(())
        })
    }

    /// `GetKeyPolicy`: the key policy document, exactly as it was put (AWS's default key
    /// policy for keys created without one).
    ///
    /// # Errors
    ///
    /// [`Error::Validation`] / [`Error::NotFound`] for the key id and policy name;
    /// [`Error::AccessDenied`] when the policy does not allow the caller `kms:GetKeyPolicy`.
    pub fn get_key_policy(&self, req: GetKeyPolicyRequest) -> Result<GetKeyPolicyResponse> {
        self.persisted(|| {
            let call = self.begin(Operation::GetKeyPolicy)?;
            let key = self.key_param("keyId", &req.key_id, call.now)?;
            self.check_policy_name(req.policy_name.as_deref(), &key)?;
            self.authorize_live(&call, "kms:GetKeyPolicy", &key)?;
            let policy = key.read().policy.text.clone();
            Ok(GetKeyPolicyResponse {
                policy,
                policy_name: DEFAULT_POLICY_NAME.to_owned(),
            })
        })
    }
}

/// RSA and SM2 `ENCRYPT_DECRYPT` keys: KMS's algorithm and size rules, then the honest refusal
/// (datakey holds no asymmetric key material).
fn asymmetric_encrypt(key: &Key, alg: EncryptionAlgorithmSpec, len: usize) -> Result<()> {
    use EncryptionAlgorithmSpec::*;
    let max = match (key.spec, alg) {
        (KeySpec::Rsa2048, RsaesOaepSha1) => 214,
        (KeySpec::Rsa2048, RsaesOaepSha256) => 190,
        (KeySpec::Rsa3072, RsaesOaepSha1) => 342,
        (KeySpec::Rsa3072, RsaesOaepSha256) => 318,
        (KeySpec::Rsa4096, RsaesOaepSha1) => 470,
        (KeySpec::Rsa4096, RsaesOaepSha256) => 446,
        (KeySpec::Sm2, Sm2pke) => 1024,
        _ => return Err(incompatible(alg, key.spec)),
    };
    if len > max {
        return Err(Error::Validation(format!(
            "Algorithm {alg} and key spec {} cannot encrypt data larger than {max} bytes.",
            key.spec
        )));
    }
    Err(no_asymmetric(key, alg))
}

fn no_asymmetric(key: &Key, alg: EncryptionAlgorithmSpec) -> Error {
    Error::UnsupportedOperation(format!(
        "datakey holds no asymmetric key material: {} cannot be used with {alg}.",
        key.arn
    ))
}
