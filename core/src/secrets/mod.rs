//! A local AWS Secrets Manager on top of [`LocalKms`]: every secret version envelope-encrypted
//! under its own data key from the secret's symmetric KMS key, as the service does it.
//!
//! [`LocalSecretsManager`] offers one method per Secrets Manager operation, named like the
//! operation in snake_case, with request and response structs mirroring the API
//! ([`api`](self#structs)). It shares a [`LocalKms`]: the secrets live with its keys (in
//! memory, or sealed in its store file for [`LocalKms::open`]), its clock, its callers and its
//! key policies.
//!
//! ```
//! use datakey::LocalKms;
//! use datakey::secrets::{CreateSecretRequest, GetSecretValueRequest, LocalSecretsManager};
//!
//! let kms = LocalKms::new();
//! let sm = LocalSecretsManager::new(&kms);
//! let created = sm.create_secret(CreateSecretRequest {
//!     name: "prod/db".into(),
//!     secret_string: Some("hunter2".into()),
//!     ..Default::default()
//! })?;
//! let got = sm.get_secret_value(GetSecretValueRequest {
//!     secret_id: "prod/db".into(),
//!     ..Default::default()
//! })?;
//! assert_eq!(got.secret_string.unwrap().expose_secret(), "hunter2");
//! assert_eq!(got.version_stages, ["AWSCURRENT"]);
//! assert_eq!(created.arn.rsplit('-').next().unwrap().len(), 6);
//! # Ok::<(), datakey::Error>(())
//! ```
//!
//! # Envelope encryption
//!
//! Every new secret value gets a fresh 256-bit data key: `GenerateDataKey` (`KeySpec
//! AES_256`) under the secret's key with the encryption context `{"SecretARN": <ARN>,
//! "SecretVersionId": <version id>}`, called **as the caller** through the service
//! (`kms:ViaService = secretsmanager.<region>.amazonaws.com`). The value is sealed with
//! AES-256-GCM under that data key (a random 96-bit nonce; AAD
//! `"datakey/secretsmanager/value/v1"`, then the ARN, the version id — each with a `u32`
//! length — and a byte `0` for a string, `1` for binary) and the plaintext data key is
//! dropped (zeroized). What is kept is the KMS ciphertext blob of the data key, the nonce and
//! the ciphertext: `GetSecretValue` calls `Decrypt` with the same context, as the caller. A
//! secret's key is any symmetric encryption key of the service, or the AWS managed
//! `alias/aws/secretsmanager`, created on first use (`KeyManager` `AWS`, AWS's description
//! and key policy: usable only through Secrets Manager by callers of the account).
//! Setting or changing a secret's key first checks it with `GenerateDataKey` and `Decrypt`
//! (`SecretVersionId` `RequestToValidateKeyAccess`), so an unusable key is refused before
//! anything is stored; `UpdateSecret` with a new key re-encrypts the `AWSCURRENT`,
//! `AWSPREVIOUS` and `AWSPENDING` versions under it.
//!
//! **Which exception, datakey's choice.** AWS documents no exception name for a secret whose
//! key cannot be used. datakey answers `EncryptionFailure` when encrypting (create, put,
//! update, key checks) and `DecryptionFailure` when decrypting, with KMS's own message: an
//! asymmetric key is `EncryptionFailure` "You cannot generate a data key with an asymmetric
//! CMK"; a disabled key "`<ARN>` is disabled."; a key pending deletion "`<ARN>` is pending
//! deletion."; an unknown key KMS's `NotFoundException` message. When the *key policy*
//! refuses the caller it is `AccessDeniedException` "Access to KMS is not allowed", whose
//! reason ([`crate::AccessDeniedReason::KmsAccessDenied`])
//! carries the key policy's own reason; KMS faults (throttling, …) and credential errors pass
//! through unchanged.
//!
//! # Access
//!
//! Every operation on a secret checks the caller's session credentials (expired ones are
//! `ExpiredTokenException`), then the secret's resource policy (the key policy grammar with
//! `secretsmanager:` actions): an explicit `Deny` refuses (`AccessDeniedException`). datakey
//! models no IAM identity policies, so for a caller of the secret's account the absence of an
//! `Allow` is not a refusal (its identity policies are taken to allow, as for KMS's
//! account-wide operations); a caller of another account needs an `Allow`, and a secret under
//! `aws/secretsmanager` is refused to it with AWS's `InvalidRequestException`. The KMS key
//! policy is then checked by KMS itself, as above.
//!
//! # Staging labels
//!
//! As AWS moves them (the AWS-validated sequences of `tests/secrets.rs`): a version's labels
//! are kept sorted; a label is on at most one version; `PutSecretValue` without
//! `VersionStages` moves `AWSCURRENT` to the new version, `AWSPREVIOUS` to the version it came
//! from, and takes `AWSPENDING` off that version; the first version of a secret always gets
//! `AWSCURRENT`; `UpdateSecretVersionStage` moving `AWSCURRENT` moves `AWSPREVIOUS` likewise
//! and leaves `AWSPENDING` where it is. A version without labels is deprecated: hidden from
//! `DescribeSecret` and `ListSecretVersionIds` (unless `IncludeDeprecated`); beyond 100
//! versions the oldest deprecated ones more than 24 hours old are removed.
//!
//! # Rotation
//!
//! A rotation function is a Rust closure registered under a Lambda ARN
//! ([`LocalSecretsManager::register_rotation_function`]). `RotateSecret` stores the schedule,
//! creates the value-less `AWSPENDING` version (id = the `ClientRequestToken`) as AWS does,
//! then calls the function with the Lambda event for `createSecret`, `setSecret`,
//! `testSecret` and `finishSecret` — synchronously, after its own transaction, so the function
//! calls the service like a Lambda would. A failing step stops the rotation and leaves
//! `AWSPENDING` where it is (the next `RotateSecret` is refused until it is cleaned up, as in
//! AWS); datakey returns the step's error from `RotateSecret` (AWS reports it only in the
//! function's logs). Schedules (`AutomaticallyAfterDays`, `rate()`, `cron()`; see
//! [`RotationSchedule`] for the syntax datakey accepts and the rotation window) set
//! `NextRotationDate` on the service's clock; [`LocalSecretsManager::run_due_rotations`] runs
//! every rotation that is due. The
//! `ExternalSecretRotationMetadata` and `ExternalSecretRotationRoleArn` of a managed external
//! secret are stored with the secret and described; datakey calls no partner, so such a
//! secret rotates through its registered function too.
//!
//! # Deletion
//!
//! `DeleteSecret` schedules deletion 7..30 days ahead (default 30) on the service's clock, or
//! deletes at once with `ForceDeleteWithoutRecovery`; a secret whose date has passed is gone
//! at the next operation. `RestoreSecret` cancels a scheduled deletion.
//!
//! # Replication
//!
//! Services of one account in different regions become regions of one datakey service with
//! [`LocalSecretsManager::link_region`]. `ReplicateSecretToRegions` (or `CreateSecret`'s
//! `AddReplicaRegions`) copies a secret's labelled versions to each region — decrypted in the
//! primary's region and encrypted again, with the same version ids and labels, under the
//! replica's key there (its own `aws/secretsmanager` by default) — and every later change of
//! the primary is copied again once its transaction is on disk; each replica's
//! `ReplicationStatus` is `InSync`, or `Failed` with the reason. A replica answers reads; other
//! operations on it are `InvalidRequestException` "Operation not permitted on a replica
//! secret. Call must be made in primary secret's region."; a primary with replicas cannot be
//! deleted until they are removed (`RemoveRegionsFromReplication`);
//! `StopReplicationToReplica` makes a replica standalone.
//!
//! **Cross-account replicas** (same region, another account): the services of two accounts
//! are linked with [`LocalSecretsManager::link_account`]. The replica's owner creates it
//! (`CreateSecret` with `CrossAccountPrimaryARN` and a customer managed `KmsKeyId`; status
//! `Pending`) and lets the primary's account `secretsmanager:AcceptCrossAccountReplication` in
//! its resource policy; the primary's owner calls `AssociateCrossAccountReplica` (at most one
//! replica per primary, `LimitExceededException` otherwise), which copies the labelled
//! versions as the caller — `kms:Decrypt` on the primary's key, `kms:GenerateDataKey` on the
//! replica's, so the replica key's policy must allow the primary's account — or changes
//! nothing when any check fails. Later changes follow as for region replicas.
//! `DisassociateCrossAccountReplica` leaves the replica `Detached`;
//! `StopReplicationToReplica` on it makes it standalone (and `Detached` on the primary). The
//! replica's owner can read it and manage its resource policy and tags; its values come only
//! from the primary until then. datakey models no AWS Organizations (`ReplicaRestriction`
//! `SameOrg` accepts every linked account) and replicates as the caller (a
//! `ReplicationRoleARN` is stored and described, not assumed).
//!
//! # Not modelled
//!
//! `OwningService` (no secret is managed by another service), eventual consistency of
//! `ListSecrets`.

mod api;
pub mod cache;
mod cross_account;
mod replication;
mod rotation;
mod schedule;
mod state;

use std::sync::{Arc, PoisonError};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::error::{AccessDenied, AccessDeniedReason, Error, Result};
use crate::hazmat::AesGcmKey;
use crate::kms::{
    Caller, DataKeySpec, DecryptRequest, GenerateDataKeyRequest, LocalKms, ResourcePolicy,
};
use crate::secret::SecretBytes;
use crate::{AccessDeniedReason as Reason, EncryptionContext};

pub use api::*;
pub use rotation::{RotationEvent, RotationFunction, RotationStep};
pub use schedule::RotationSchedule;
use state::{Sealed, Secret, Version};
pub(crate) use state::{Shared, State};

/// The label of the current version.
pub const AWSCURRENT: &str = "AWSCURRENT";
/// The label of the previous current version.
pub const AWSPREVIOUS: &str = "AWSPREVIOUS";
/// The label of the version a rotation is bringing in.
pub const AWSPENDING: &str = "AWSPENDING";
/// The alias of the AWS managed key of Secrets Manager.
pub const DEFAULT_KEY_ALIAS: &str = "alias/aws/secretsmanager";
/// The description of that key, as AWS gives it.
pub const DEFAULT_KEY_DESCRIPTION: &str =
    "Default key that protects my Secrets Manager data when no other key is defined";
/// The largest `SecretString` / `SecretBinary`, in bytes.
pub const MAX_SECRET_VALUE_LEN: usize = 65_536;
/// At most this many labels on one version.
pub const MAX_STAGES_PER_VERSION: usize = 20;
/// Deprecated versions are removed beyond this many versions.
pub const MAX_VERSIONS: usize = 100;
/// The largest resource policy, in characters.
pub const MAX_RESOURCE_POLICY_LEN: usize = 20_480;

const VALUE_AAD: &[u8] = b"datakey/secretsmanager/value/v1";
const VALIDATE_KEY_VERSION: &str = "RequestToValidateKeyAccess";
const DAY: Duration = Duration::from_secs(86_400);

const MSG_NOT_FOUND: &str = "Secrets Manager can't find the specified secret.";
const MSG_DELETED: &str =
    "You can't perform this operation on the secret because it was marked for deletion.";
const MSG_INVALID_NAME: &str = "Invalid name. Must be a valid name containing alphanumeric \
                                characters, or any of the following: -/_+=.@!";
const MSG_NEED_TOKEN: &str =
    "You must provide a ClientRequestToken value. We recommend a UUID-type value.";
const MSG_DEFAULT_KEY_CROSS_ACCOUNT: &str = "You can't access a secret from a different AWS \
                                             account if you encrypt the secret with the \
                                             default KMS service key.";

thread_local! {
    /// The services (addresses of their [`Shared`]) this thread is running an operation of.
    static OPERATING: std::cell::RefCell<Vec<usize>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// This thread runs an operation of the service `.0` until dropped.
struct Operating(usize);

impl Operating {
    fn enter(id: usize) -> Self {
        OPERATING.with(|o| o.borrow_mut().push(id));
        Self(id)
    }
}

impl Drop for Operating {
    fn drop(&mut self) {
        OPERATING.with(|o| {
            let mut o = o.borrow_mut();
            if let Some(i) = o.iter().rposition(|x| *x == self.0) {
                o.remove(i);
            }
        });
    }
}

/// The local Secrets Manager of a [`LocalKms`]. Cheap to clone; clones and every handle made
/// from the same `LocalKms` share the secrets.
#[derive(Clone)]
pub struct LocalSecretsManager {
    kms: LocalKms,
    /// Refuse a missing `ClientRequestToken` (AWS's HTTP API) instead of filling one (SDKs).
    raw: bool,
}

impl core::fmt::Debug for LocalSecretsManager {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("LocalSecretsManager")
            .field("region", &self.kms.region())
            .field("caller", &self.kms.principal())
            .field("secrets", &self.shared().read().secrets.len())
            .finish_non_exhaustive()
    }
}

/// A secret value on its way in.
struct Value {
    binary: bool,
    bytes: SecretBytes,
}

fn validation(field: &str, detail: &str) -> Error {
    Error::Validation(format!(
        "1 validation error detected: Value at '{field}' failed to satisfy constraint: {detail}"
    ))
}

fn check_len(field: &str, value: &str, min: usize, max: usize) -> Result<()> {
    let n = value.chars().count();
    if n < min {
        return Err(validation(
            field,
            &format!("Member must have length greater than or equal to {min}"),
        ));
    }
    if n > max {
        return Err(validation(
            field,
            &format!("Member must have length less than or equal to {max}"),
        ));
    }
    Ok(())
}

fn check_range(field: &str, v: i64, min: i64, max: i64) -> Result<()> {
    if v < min || v > max {
        let (rel, bound) = if v < min {
            ("greater", min)
        } else {
            ("less", max)
        };
        return Err(Error::Validation(format!(
            "1 validation error detected: Value '{v}' at '{field}' failed to satisfy \
             constraint: Member must have value {rel} than or equal to {bound}"
        )));
    }
    Ok(())
}

fn name_chars_ok(s: &str) -> bool {
    s.bytes()
        .all(|c| c.is_ascii_alphanumeric() || b"/_+=.@-!".contains(&c))
}

/// A `SecretId`: 1..2048 characters, an ARN or a valid name.
fn check_secret_id(id: &str) -> Result<()> {
    check_len("secretId", id, 1, 2048)?;
    if !id.starts_with("arn:") && !name_chars_ok(id) {
        return Err(Error::Validation(MSG_INVALID_NAME.to_owned()));
    }
    Ok(())
}

fn check_tags(tags: &[Tag]) -> Result<()> {
    for t in tags {
        check_len("tags.member.key", &t.key, 1, 128)?;
        check_len("tags.member.value", &t.value, 0, 256)?;
    }
    Ok(())
}

fn check_stage(stage: &str) -> Result<()> {
    check_len("versionStage", stage, 1, 256)
}

/// The value of a request: a string xor binary, 1..65536 bytes.
fn take_value(s: Option<SecretString>, b: Option<SecretBytes>) -> Result<Option<Value>> {
    let v = match (s, b) {
        (Some(_), Some(_)) => {
            return Err(Error::InvalidParameter(
                "You can’t specify both a binary secret value and a string secret value in the \
                 same secret."
                    .to_owned(),
            ));
        }
        (Some(s), None) => Value {
            binary: false,
            bytes: SecretBytes::copy_from_slice(s.bytes().expose_secret()),
        },
        (None, Some(b)) => Value {
            binary: true,
            bytes: b,
        },
        (None, None) => return Ok(None),
    };
    let field = if v.binary {
        "secretBinary"
    } else {
        "secretString"
    };
    if v.bytes.is_empty() {
        return Err(validation(
            field,
            "Member must have length greater than or equal to 1",
        ));
    }
    if v.bytes.len() > MAX_SECRET_VALUE_LEN {
        return Err(validation(
            field,
            &format!("Member must have length less than or equal to {MAX_SECRET_VALUE_LEN}"),
        ));
    }
    Ok(Some(v))
}

/// Midnight UTC of the day of `t` (`LastAccessedDate` has day resolution).
fn day_of(t: SystemTime) -> SystemTime {
    let secs = t.duration_since(UNIX_EPOCH).unwrap_or_default().as_secs();
    UNIX_EPOCH + Duration::from_secs(secs - secs % 86_400)
}

fn value_aad(arn: &str, version_id: &str, binary: bool) -> Vec<u8> {
    let mut aad = Vec::with_capacity(VALUE_AAD.len() + arn.len() + version_id.len() + 9);
    aad.extend_from_slice(VALUE_AAD);
    for part in [arn.as_bytes(), version_id.as_bytes()] {
        aad.extend_from_slice(&u32::try_from(part.len()).unwrap_or(u32::MAX).to_be_bytes());
        aad.extend_from_slice(part);
    }
    aad.push(u8::from(binary));
    aad
}

fn secret_context(arn: &str, version_id: &str) -> EncryptionContext {
    EncryptionContext::from_iter([("SecretARN", arn), ("SecretVersionId", version_id)])
}

/// KMS's refusal, as Secrets Manager reports it (see the module docs).
fn kms_error(e: Error, encrypting: bool) -> Error {
    let failure = |m: String| {
        if encrypting {
            Error::EncryptionFailure(m)
        } else {
            Error::DecryptionFailure(m)
        }
    };
    match e {
        Error::AccessDenied(a) if !matches!(a.reason, Reason::OtherAccount { .. }) => {
            let AccessDenied {
                principal,
                action,
                resource,
                reason,
            } = *a;
            Error::AccessDenied(Box::new(AccessDenied {
                principal,
                action,
                resource,
                reason: AccessDeniedReason::KmsAccessDenied {
                    cause: Box::new(reason),
                },
            }))
        }
        Error::InvalidCiphertext | Error::IncorrectKey => failure(
            "Secrets Manager can't decrypt the protected secret text using the provided KMS key."
                .to_owned(),
        ),
        e @ (Error::InvalidKeyUsage(_)
        | Error::Disabled(_)
        | Error::KmsInvalidState(_)
        | Error::NotFound(_)
        | Error::Validation(_)) => failure(e.message()),
        other => other,
    }
}

/// The name of the one resource policy a secret can have attached (`PolicyName`'s default).
pub const DEFAULT_POLICY_NAME: &str = "default";

/// A `PolicyName` (1..64 characters of `[0-9A-Za-z-_]`), `default` when absent.
fn policy_name(name: Option<&str>) -> Result<String> {
    let Some(name) = name else {
        return Ok(DEFAULT_POLICY_NAME.to_owned());
    };
    check_len("policyName", name, 1, 64)?;
    if !name
        .bytes()
        .all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_')
    {
        return Err(validation(
            "policyName",
            "Member must satisfy regular expression pattern: [0-9A-Za-z\\-\\_]+",
        ));
    }
    Ok(name.to_owned())
}

/// The `PolicyName` of `PutResourcePolicy` / `DeleteResourcePolicy`: only `default` can be
/// changed (`InvalidParameterException` otherwise, as the model documents).
fn modifiable_policy(name: Option<&str>, verb: &str) -> Result<String> {
    let name = policy_name(name)?;
    if name != DEFAULT_POLICY_NAME {
        return Err(Error::InvalidParameter(format!(
            "You can only {verb} the default resource policy; PolicyName {name} is not default."
        )));
    }
    Ok(name)
}

fn page_token(offset: usize) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(format!("datakey-page:{offset}"))
}

fn page_offset(token: Option<&str>) -> Result<usize> {
    use base64::Engine;
    let Some(t) = token else { return Ok(0) };
    let bad = || Error::InvalidNextToken("The NextToken value is not valid.".to_owned());
    let raw = base64::engine::general_purpose::STANDARD
        .decode(t)
        .map_err(|_| bad())?;
    std::str::from_utf8(&raw)
        .ok()
        .and_then(|s| s.strip_prefix("datakey-page:"))
        .and_then(|n| n.parse().ok())
        .ok_or_else(bad)
}

impl LocalSecretsManager {
    /// The Secrets Manager of `kms`'s service, running as `kms`'s caller.
    pub fn new(kms: &LocalKms) -> Self {
        Self {
            kms: kms.clone(),
            raw: false,
        }
    }

    /// The KMS this service encrypts with (same caller).
    pub fn kms(&self) -> &LocalKms {
        &self.kms
    }

    /// A handle on the same secrets running as `caller` ([`LocalKms::as_caller`]).
    ///
    /// # Errors
    ///
    /// As [`LocalKms::as_caller`].
    pub fn as_caller(&self, caller: Caller) -> Result<Self> {
        Ok(Self {
            kms: self.kms.as_caller(caller)?,
            raw: self.raw,
        })
    }

    /// A handle that refuses a request without `ClientRequestToken` as AWS's HTTP API does
    /// (`InvalidRequestException` "You must provide a ClientRequestToken value. We recommend
    /// a UUID-type value."; `InvalidParameterException` for `RotateSecret`), for front doors
    /// that speak the wire protocol. The default handle fills a UUID, as every AWS SDK does.
    pub fn raw_protocol(&self) -> Self {
        Self {
            kms: self.kms.clone(),
            raw: true,
        }
    }

    /// Registers `function` as the rotation function with this Lambda ARN (for this process;
    /// functions are not stored). It receives each step's [`RotationEvent`].
    pub fn register_rotation_function(
        &self,
        lambda_arn: impl Into<String>,
        function: impl Fn(&RotationEvent) -> Result<()> + Send + Sync + 'static,
    ) {
        self.shared()
            .rotators
            .write()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(lambda_arn.into(), Arc::new(function));
    }

    fn shared(&self) -> &Shared {
        self.kms.secrets_shared()
    }

    fn via(&self) -> LocalKms {
        self.kms.via_service(&format!(
            "secretsmanager.{}.amazonaws.com",
            self.kms.region()
        ))
    }

    /// The caller's credentials, then the time of the call.
    fn begin(&self, op: &str) -> Result<SystemTime> {
        self.kms.begin_service_call(&format!("secretsmanager:{op}"))
    }

    /// One store transaction; secrets whose deletion date has passed are removed first.
    fn txn<T>(&self, now: SystemTime, op: impl FnOnce() -> Result<T>) -> Result<T> {
        let id = std::ptr::from_ref(self.shared()) as usize;
        if OPERATING.with(|o| o.borrow().contains(&id)) {
            return Err(Error::ReentrantCall(
                "A Secrets Manager operation was called from inside another one on the same \
                 thread (for example from the clock's now()); it would wait for itself forever, \
                 so it was refused."
                    .to_owned(),
            ));
        }
        let lock = self
            .shared()
            .op_lock
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let operating = Operating::enter(id);
        let out = self.kms.transaction(|| {
            let due = self
                .shared()
                .read()
                .secrets
                .values()
                .any(|s| s.deletion_date.is_some_and(|d| d <= now));
            if due {
                self.shared()
                    .write()
                    .secrets
                    .retain(|_, s| s.deletion_date.is_none_or(|d| d > now));
            }
            op()
        });
        drop(operating);
        drop(lock);
        let changed = replication::take_changed();
        if out.is_ok() {
            for arn in changed {
                self.sync_replicas(&arn);
            }
        }
        out
    }

    fn home_only(&self, action: &str) -> Result<()> {
        if self.kms.caller_is_home() {
            Ok(())
        } else {
            Err(self
                .kms
                .other_account_error(&format!("secretsmanager:{action}"), "*"))
        }
    }

    fn random(&self, buf: &mut [u8]) -> Result<()> {
        self.kms.fill_random(buf)
    }

    /// A random index below `n` (rejection sampling: uniform).
    fn random_below(&self, n: usize) -> Result<usize> {
        let n32 = u32::try_from(n).unwrap_or(u32::MAX).max(1);
        let zone = u32::MAX - (u32::MAX % n32);
        loop {
            let mut b = [0u8; 4];
            self.random(&mut b)?;
            let v = u32::from_be_bytes(b);
            if v < zone {
                return Ok((v % n32) as usize);
            }
        }
    }

    fn new_uuid(&self) -> Result<String> {
        let mut b = [0u8; 16];
        self.random(&mut b)?;
        b[6] = (b[6] & 0x0f) | 0x40;
        b[8] = (b[8] & 0x3f) | 0x80;
        let h = hex::encode(b);
        Ok(format!(
            "{}-{}-{}-{}-{}",
            &h[..8],
            &h[8..12],
            &h[12..16],
            &h[16..20],
            &h[20..]
        ))
    }

    /// The request's `ClientRequestToken` (32..64 characters), or a new UUID.
    fn token(&self, given: Option<String>, rotate: bool) -> Result<String> {
        match given {
            Some(t) => {
                check_len("clientRequestToken", &t, 32, 64)?;
                Ok(t)
            }
            None if self.raw && rotate => Err(Error::InvalidParameter(MSG_NEED_TOKEN.to_owned())),
            None if self.raw => Err(Error::InvalidRequest(MSG_NEED_TOKEN.to_owned())),
            None => self.new_uuid(),
        }
    }

    fn new_arn(&self, name: &str) -> Result<String> {
        const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        let mut suffix = String::with_capacity(6);
        for _ in 0..6 {
            suffix.push(ALPHABET[self.random_below(ALPHABET.len())?] as char);
        }
        Ok(format!(
            "arn:{}:secretsmanager:{}:{}:secret:{name}-{suffix}",
            crate::kms::partition_of(self.kms.region()),
            self.kms.region(),
            self.kms.account_id()
        ))
    }

    /// The ARN of the secret `id` names: its ARN, its ARN without the 6-character suffix, or
    /// its name.
    fn find(&self, state: &State, id: &str) -> Result<String> {
        check_secret_id(id)?;
        let found = if id.starts_with("arn:") {
            state.secrets.get(id).map(|s| s.arn.clone()).or_else(|| {
                state
                    .secrets
                    .values()
                    .find(|s| s.arn.len() == id.len() + 7 && s.arn.starts_with(id))
                    .map(|s| s.arn.clone())
            })
        } else {
            state
                .secrets
                .values()
                .find(|s| s.name == id)
                .map(|s| s.arn.clone())
        };
        found.ok_or_else(|| Error::ResourceNotFound(MSG_NOT_FOUND.to_owned()))
    }

    /// The secret's resource policy for this caller and `action` (see the module docs).
    fn authorize(&self, secret: &Secret, op: &str, now: SystemTime) -> Result<()> {
        let action = format!("secretsmanager:{op}");
        let home = self.kms.caller_is_home();
        let refused = |reason| {
            Error::AccessDenied(Box::new(AccessDenied {
                principal: self.kms.principal().to_owned(),
                action: action.clone(),
                resource: secret.arn.clone(),
                reason,
            }))
        };
        match &secret.policy {
            Some(text) => {
                let policy = LocalKms::parse_resource_policy("secretsmanager", text)?;
                match self
                    .kms
                    .evaluate_resource_policy(&policy, &action, &secret.arn, now)
                {
                    Ok(()) => Ok(()),
                    Err(r @ Reason::ExplicitDeny { .. }) => Err(refused(r)),
                    Err(r) if !home => Err(refused(r)),
                    Err(_) => Ok(()),
                }
            }
            None if home => Ok(()),
            None => Err(refused(Reason::NoStatementAllows)),
        }
    }

    /// Refuses a caller of another account a value under `aws/secretsmanager`.
    fn check_cross_account_key(&self, secret: &Secret) -> Result<()> {
        if secret.kms_key_id.is_none() && !self.kms.caller_is_home() {
            return Err(Error::InvalidRequest(
                MSG_DEFAULT_KEY_CROSS_ACCOUNT.to_owned(),
            ));
        }
        Ok(())
    }

    /// The key id to call KMS with: the secret's key, or the AWS managed key (created now if
    /// need be).
    fn key_for(&self, kms_key_id: Option<&str>) -> Result<String> {
        match kms_key_id {
            Some(k) => Ok(k.to_owned()),
            None => {
                let partition = crate::kms::partition_of(self.kms.region());
                let account = self.kms.account_id();
                let region = self.kms.region();
                let policy = format!(
                    r#"{{"Version":"2012-10-17","Id":"auto-secretsmanager-2","Statement":[{{"Sid":"Allow access through AWS Secrets Manager for all principals in the account that are authorized to use AWS Secrets Manager","Effect":"Allow","Principal":{{"AWS":"*"}},"Action":["kms:Encrypt","kms:Decrypt","kms:ReEncrypt*","kms:CreateGrant","kms:DescribeKey"],"Resource":"*","Condition":{{"StringEquals":{{"kms:CallerAccount":"{account}","kms:ViaService":"secretsmanager.{region}.amazonaws.com"}}}}}},{{"Sid":"Allow access through AWS Secrets Manager for all principals in the account that are authorized to use AWS Secrets Manager (data keys)","Effect":"Allow","Principal":{{"AWS":"*"}},"Action":"kms:GenerateDataKey*","Resource":"*","Condition":{{"StringEquals":{{"kms:CallerAccount":"{account}"}},"StringLike":{{"kms:ViaService":"secretsmanager.*.amazonaws.com"}}}}}},{{"Sid":"Allow direct access to key metadata to the account","Effect":"Allow","Principal":{{"AWS":"arn:{partition}:iam::{account}:root"}},"Action":["kms:Describe*","kms:Get*","kms:List*","kms:RevokeGrant"],"Resource":"*"}}]}}"#
                );
                self.kms.aws_managed_key_in_transaction(
                    DEFAULT_KEY_ALIAS,
                    DEFAULT_KEY_DESCRIPTION,
                    &policy,
                )
            }
        }
    }

    /// Encrypts a value for version `version_id` of the secret `arn` (see the module docs).
    fn seal(
        &self,
        kms_key_id: Option<&str>,
        arn: &str,
        version_id: &str,
        value: &Value,
    ) -> Result<Sealed> {
        let key_id = self.key_for(kms_key_id)?;
        let dk = self
            .via()
            .generate_data_key_in_transaction(GenerateDataKeyRequest {
                key_id,
                key_spec: Some(DataKeySpec::Aes256),
                encryption_context: secret_context(arn, version_id),
                ..Default::default()
            })
            .map_err(|e| kms_error(e, true))?;
        let aead = AesGcmKey::new(dk.plaintext.expose_secret())?;
        let mut nonce = [0u8; 12];
        crate::crypto::fill_random(&mut nonce)?;
        let ciphertext = aead
            .seal(
                &nonce,
                &value_aad(arn, version_id, value.binary),
                value.bytes.expose_secret(),
            )
            .map_err(|_| {
                Error::EncryptionFailure("The secret value could not be sealed.".into())
            })?;
        Ok(Sealed {
            key_arn: dk.key_id,
            wrapped_key: dk.ciphertext_blob,
            nonce,
            ciphertext,
            binary: value.binary,
        })
    }

    /// Decrypts a sealed value of version `version_id` of the secret `arn`.
    fn open(&self, sealed: &Sealed, arn: &str, version_id: &str) -> Result<Value> {
        let dk = self
            .via()
            .decrypt_in_transaction(DecryptRequest {
                ciphertext_blob: sealed.wrapped_key.clone(),
                encryption_context: secret_context(arn, version_id),
                ..Default::default()
            })
            .map_err(|e| kms_error(e, false))?;
        let aead = AesGcmKey::new(dk.plaintext.expose_secret())?;
        let bytes = aead
            .open(
                &sealed.nonce,
                &value_aad(arn, version_id, sealed.binary),
                &sealed.ciphertext,
            )
            .map_err(|_| kms_error(Error::InvalidCiphertext, false))?;
        Ok(Value {
            binary: sealed.binary,
            bytes,
        })
    }

    /// Checks that the caller can use `kms_key_id` for secrets: `GenerateDataKey` then
    /// `Decrypt` with `SecretVersionId` `RequestToValidateKeyAccess`, results discarded.
    fn validate_key(&self, kms_key_id: Option<&str>, arn: &str) -> Result<()> {
        let probe = Value {
            binary: true,
            bytes: SecretBytes::copy_from_slice(&[0]),
        };
        let sealed = self.seal(kms_key_id, arn, VALIDATE_KEY_VERSION, &probe)?;
        self.open(&sealed, arn, VALIDATE_KEY_VERSION)
            .map_err(|e| match e {
                Error::DecryptionFailure(m) => Error::EncryptionFailure(m),
                e => e,
            })?;
        Ok(())
    }

    /// Whether version `version_id` of `secret` holds exactly `value` (decrypting it, as AWS
    /// does to decide idempotency).
    fn same_value(&self, secret: &Secret, version_id: &str, value: Option<&Value>) -> Result<bool> {
        let sealed = secret.version(version_id).and_then(|v| v.sealed.clone());
        match (sealed, value) {
            (None, None) => Ok(true),
            (Some(s), Some(v)) => {
                let old = self.open(&s, &secret.arn, version_id)?;
                Ok(old.binary == v.binary && old.bytes == v.bytes)
            }
            _ => Ok(false),
        }
    }

    fn token_in_use(token: &str, arn: &str) -> Error {
        Error::ResourceExists(format!(
            "You can't use ClientRequestToken {token} because that value is already in use for a \
             version of secret {arn}."
        ))
    }

    // ----- operations ---------------------------------------------------------------------

    /// `CreateSecret`: a new secret, with a first version (`AWSCURRENT`) when a value is
    /// given.
    ///
    /// # Errors
    ///
    /// `ValidationException` for an invalid name or length; `InvalidParameterException` for
    /// both a string and a binary value; `InvalidRequestException` when a secret of that name
    /// is scheduled for deletion; `ResourceExistsException` for an existing name, or the same
    /// token with another value (the same token and value is answered as the first time);
    /// `EncryptionFailure` / `AccessDeniedException` for the KMS key (nothing is stored).
    pub fn create_secret(&self, req: CreateSecretRequest) -> Result<CreateSecretResponse> {
        let now = self.begin("CreateSecret")?;
        self.home_only("CreateSecret")?;
        check_len("name", &req.name, 1, 512)?;
        if !name_chars_ok(&req.name) {
            return Err(Error::Validation(MSG_INVALID_NAME.to_owned()));
        }
        if let Some(primary) = &req.cross_account_primary_arn {
            self.check_cross_account_replica(&req, primary)?;
        }
        let token = self.token(req.client_request_token, false)?;
        if let Some(d) = &req.description {
            check_len("description", d, 0, 2048)?;
        }
        if let Some(k) = &req.kms_key_id {
            check_len("kmsKeyId", k, 0, 2048)?;
        }
        check_tags(&req.tags)?;
        let cross_account_primary =
            req.cross_account_primary_arn
                .clone()
                .map(|arn| state::CrossAccountLink {
                    arn,
                    role_arn: None,
                    status: "Pending".to_owned(),
                    message: None,
                });
        let value = take_value(req.secret_string, req.secret_binary)?;
        let kms_key_id = req.kms_key_id.clone().filter(|k| !k.is_empty());
        let mut created = self.txn(now, || {
            let existing = self
                .shared()
                .read()
                .secrets
                .values()
                .find(|s| s.name == req.name)
                .cloned();
            if let Some(s) = existing {
                if s.deletion_date.is_some() {
                    return Err(Error::InvalidRequest(
                        "You can't create this secret because a secret with this name is \
                         already scheduled for deletion."
                            .to_owned(),
                    ));
                }
                if s.version(&token).is_some() {
                    if self.same_value(&s, &token, value.as_ref())? {
                        return Ok(CreateSecretResponse {
                            arn: s.arn.clone(),
                            name: s.name.clone(),
                            version_id: Some(token),
                            replication_status: Vec::new(),
                        });
                    }
                    return Err(Self::token_in_use(&token, &s.arn));
                }
                return Err(Error::ResourceExists(format!(
                    "The operation failed because the secret {} already exists.",
                    req.name
                )));
            }
            let arn = self.new_arn(&req.name)?;
            let sealed = match &value {
                Some(v) => Some(self.seal(kms_key_id.as_deref(), &arn, &token, v)?),
                None => {
                    if kms_key_id.is_some() {
                        self.validate_key(kms_key_id.as_deref(), &arn)?;
                    }
                    None
                }
            };
            let versions = match sealed {
                Some(sealed) => vec![Version {
                    id: token.clone(),
                    created: now,
                    stages: vec![AWSCURRENT.to_owned()],
                    last_accessed: None,
                    sealed: Some(sealed),
                }],
                None => Vec::new(),
            };
            let has_value = !versions.is_empty();
            let secret = Secret {
                arn: arn.clone(),
                name: req.name.clone(),
                description: req.description.clone(),
                kms_key_id: kms_key_id.clone(),
                secret_type: req.secret_type.clone(),
                created: now,
                last_changed: now,
                last_accessed: None,
                deletion_date: None,
                rotation_enabled: false,
                rotation_lambda_arn: None,
                rotation_rules: None,
                external_rotation_metadata: Vec::new(),
                external_rotation_role_arn: None,
                cross_account_primary: cross_account_primary.clone(),
                cross_account_replicas: Vec::new(),
                last_rotated: None,
                next_rotation: None,
                tags: req.tags.clone(),
                policy: None,
                versions,
                primary_region: None,
                replicas: Vec::new(),
            };
            self.shared().write().secrets.insert(arn.clone(), secret);
            Ok(CreateSecretResponse {
                arn,
                name: req.name.clone(),
                version_id: has_value.then_some(token),
                replication_status: Vec::new(),
            })
        })?;
        if !req.add_replica_regions.is_empty() {
            let arn = created.arn.clone();
            created.replication_status = self
                .replicate_secret_to_regions(ReplicateSecretToRegionsRequest {
                    secret_id: arn,
                    add_replica_regions: req.add_replica_regions.clone(),
                    force_overwrite_replica_secret: req.force_overwrite_replica_secret,
                })?
                .replication_status;
        }
        Ok(created)
    }

    /// A copy of the secret `id` names, checked for `op` (policy; not scheduled for deletion
    /// unless `allow_deleted`).
    fn secret_for(
        &self,
        id: &str,
        op: &str,
        now: SystemTime,
        allow_deleted: bool,
    ) -> Result<Secret> {
        let state = self.shared().read();
        let arn = self.find(&state, id)?;
        let secret = state
            .secrets
            .get(&arn)
            .cloned()
            .ok_or_else(|| Error::ResourceNotFound(MSG_NOT_FOUND.to_owned()))?;
        drop(state);
        self.authorize(&secret, op, now)?;
        if secret.primary_region.is_some() && !replication::REPLICA_OPS.contains(&op) {
            return Err(Error::InvalidRequest(replication::MSG_REPLICA.to_owned()));
        }
        if secret.cross_account_primary.is_some()
            && !replication::REPLICA_OPS.contains(&op)
            && !cross_account::OWNER_OPS.contains(&op)
        {
            return Err(Error::InvalidRequest(
                cross_account::MSG_CROSS_ACCOUNT_REPLICA.to_owned(),
            ));
        }
        if !allow_deleted && secret.deletion_date.is_some() {
            return Err(Error::InvalidRequest(MSG_DELETED.to_owned()));
        }
        Ok(secret)
    }

    /// Writes back a changed secret (its replicas are brought up to date after the
    /// transaction).
    fn store(&self, secret: Secret) {
        if !secret.replicas.is_empty() || !secret.cross_account_replicas.is_empty() {
            replication::note_changed(&secret.arn);
        }
        self.shared()
            .write()
            .secrets
            .insert(secret.arn.clone(), secret);
    }

    /// `GetSecretValue`: the value of the version `version_id` names, or that carries
    /// `version_stage` (default `AWSCURRENT`).
    ///
    /// # Errors
    ///
    /// `ResourceNotFoundException` ("Secrets Manager can't find the specified secret.", "…
    /// secret value for staging label: LABEL", "… for VersionId: ID");
    /// `InvalidRequestException` for a version and a label that disagree, or a secret marked
    /// for deletion; `DecryptionFailure` / `AccessDeniedException` for the KMS key.
    pub fn get_secret_value(&self, req: GetSecretValueRequest) -> Result<GetSecretValueResponse> {
        let now = self.begin("GetSecretValue")?;
        check_secret_id(&req.secret_id)?;
        if let Some(v) = &req.version_id {
            check_len("versionId", v, 32, 64)?;
        }
        if let Some(s) = &req.version_stage {
            check_stage(s)?;
        }
        self.txn(now, || {
            let mut secret = self.secret_for(&req.secret_id, "GetSecretValue", now, false)?;
            self.check_cross_account_key(&secret)?;
            let version = match (&req.version_id, &req.version_stage) {
                (Some(id), stage) => {
                    let v = secret.version(id).ok_or_else(|| {
                        Error::ResourceNotFound(format!(
                            "Secrets Manager can't find the specified secret value for \
                             VersionId: {id}"
                        ))
                    })?;
                    if stage.as_ref().is_some_and(|s| !v.stages.contains(s)) {
                        return Err(Error::InvalidRequest(
                            "You provided a VersionStage that is not associated to the \
                             provided VersionId."
                                .to_owned(),
                        ));
                    }
                    v
                }
                (None, stage) => {
                    let stage = stage.as_deref().unwrap_or(AWSCURRENT);
                    secret.labelled(stage).ok_or_else(|| {
                        Error::ResourceNotFound(format!(
                            "Secrets Manager can't find the specified secret value for staging \
                             label: {stage}"
                        ))
                    })?
                }
            };
            let version_id = version.id.clone();
            let Some(sealed) = version.sealed.clone() else {
                return Err(Error::ResourceNotFound(format!(
                    "Secrets Manager can't find the specified secret value for VersionId: \
                     {version_id}"
                )));
            };
            let stages = version.stages.clone();
            let created = version.created;
            let value = self.open(&sealed, &secret.arn, &version_id)?;
            let today = day_of(now);
            if secret.last_accessed != Some(today) {
                secret.last_accessed = Some(today);
                if let Some(v) = secret.version_mut(&version_id) {
                    v.last_accessed = Some(today);
                }
                self.store(secret.clone());
            }
            let (secret_string, secret_binary) = if value.binary {
                (None, Some(value.bytes))
            } else {
                (
                    Some(SecretString::from_utf8(value.bytes).ok_or_else(|| {
                        Error::DecryptionFailure("The secret text is not UTF-8.".into())
                    })?),
                    None,
                )
            };
            Ok(GetSecretValueResponse {
                arn: secret.arn.clone(),
                name: secret.name.clone(),
                version_id,
                secret_string,
                secret_binary,
                version_stages: stages,
                created_date: created,
            })
        })
    }

    /// `BatchGetSecretValue`: the `AWSCURRENT` values of up to 20 secrets, named or matching
    /// filters; a secret that cannot be read is reported in `errors`.
    ///
    /// # Errors
    ///
    /// `InvalidParameterException` for both or neither of `secret_id_list` and `filters`, or
    /// `max_results` without filters; `ValidationException` for sizes;
    /// `InvalidNextTokenException`.
    pub fn batch_get_secret_value(
        &self,
        req: BatchGetSecretValueRequest,
    ) -> Result<BatchGetSecretValueResponse> {
        self.begin("BatchGetSecretValue")?;
        let (ids, next_token) = match (&req.secret_id_list, &req.filters) {
            (Some(ids), None) => {
                if req.max_results.is_some() {
                    return Err(Error::InvalidParameter(
                        "MaxResults can be used only with Filters.".to_owned(),
                    ));
                }
                if ids.is_empty() || ids.len() > 20 {
                    return Err(validation(
                        "secretIdList",
                        "Member must have length less than or equal to 20",
                    ));
                }
                (ids.clone(), None)
            }
            (None, Some(filters)) => {
                if let Some(m) = req.max_results {
                    check_range("maxResults", m, 1, 20)?;
                }
                let listed = self.list_secrets(ListSecretsRequest {
                    max_results: Some(req.max_results.unwrap_or(20)),
                    next_token: req.next_token.clone(),
                    filters: filters.clone(),
                    ..Default::default()
                })?;
                (
                    listed.secret_list.into_iter().map(|s| s.arn).collect(),
                    listed.next_token,
                )
            }
            _ => {
                return Err(Error::InvalidParameter(
                    "Either SecretIdList or Filters must be provided, but not both.".to_owned(),
                ));
            }
        };
        let mut secret_values = Vec::new();
        let mut errors = Vec::new();
        for id in ids {
            match self.get_secret_value(GetSecretValueRequest {
                secret_id: id.clone(),
                ..Default::default()
            }) {
                Ok(v) => secret_values.push(v),
                Err(e) if e.is_retryable() => return Err(e),
                Err(e) => errors.push(ApiError {
                    secret_id: id,
                    error_code: e.name().to_owned(),
                    message: e.message(),
                }),
            }
        }
        Ok(BatchGetSecretValueResponse {
            secret_values,
            errors,
            next_token,
        })
    }

    /// Moves labels as `PutSecretValue` does: `stages` onto `version_id` (taken off other
    /// versions); `AWSCURRENT` moving takes `AWSPREVIOUS` to its old version (and, for a new
    /// value, `AWSPENDING` off it).
    fn apply_stages(
        secret: &mut Secret,
        version_id: &str,
        stages: &[String],
        new_value: bool,
    ) -> Result<()> {
        let old_current = secret.labelled(AWSCURRENT).map(|v| v.id.clone());
        let mut stages: Vec<String> = stages.to_vec();
        if old_current.is_none() && !stages.iter().any(|s| s == AWSCURRENT) {
            stages.push(AWSCURRENT.to_owned());
        }
        let target_len = {
            let v = secret
                .version(version_id)
                .ok_or_else(|| Error::ResourceNotFound(MSG_NOT_FOUND.to_owned()))?;
            let mut all: Vec<&String> = v.stages.iter().chain(stages.iter()).collect();
            all.sort();
            all.dedup();
            all.len()
        };
        if target_len > MAX_STAGES_PER_VERSION {
            return Err(Error::LimitExceeded(format!(
                "A version of a secret can have at most {MAX_STAGES_PER_VERSION} staging labels."
            )));
        }
        for v in secret.versions.iter_mut().filter(|v| v.id != version_id) {
            v.stages.retain(|s| !stages.contains(s));
        }
        let moves_current = stages.iter().any(|s| s == AWSCURRENT)
            && old_current.as_deref().is_some_and(|o| o != version_id);
        if moves_current {
            let old = old_current.unwrap_or_default();
            for v in &mut secret.versions {
                v.stages.retain(|s| s != AWSPREVIOUS);
            }
            if let Some(v) = secret.version_mut(&old) {
                v.stages.push(AWSPREVIOUS.to_owned());
                if new_value {
                    v.stages.retain(|s| s != AWSPENDING);
                }
                v.stages.sort();
            }
        }
        if let Some(v) = secret.version_mut(version_id) {
            v.stages.extend(stages);
            v.stages.sort();
            v.stages.dedup();
        }
        Ok(())
    }

    /// Removes the oldest unlabelled versions more than 24 hours old beyond 100 versions.
    fn prune(secret: &mut Secret, now: SystemTime) {
        while secret.versions.len() > MAX_VERSIONS {
            let Some(i) = secret
                .versions
                .iter()
                .position(|v| v.stages.is_empty() && v.created + DAY <= now)
            else {
                break;
            };
            secret.versions.remove(i);
        }
    }

    /// A new value as version `token` of `secret` with `stages` (PutSecretValue and
    /// UpdateSecret): answered as before when the version exists with the same value.
    fn put_value(
        &self,
        secret: &mut Secret,
        token: &str,
        value: &Value,
        stages: Option<&[String]>,
        now: SystemTime,
    ) -> Result<()> {
        match secret.version(token).map(|v| v.sealed.is_some()) {
            Some(true) => {
                if self.same_value(secret, token, Some(value))? {
                    return Ok(());
                }
                return Err(Self::token_in_use(token, &secret.arn));
            }
            Some(false) => {
                let sealed = self.seal(secret.kms_key_id.as_deref(), &secret.arn, token, value)?;
                if let Some(v) = secret.version_mut(token) {
                    v.sealed = Some(sealed);
                }
            }
            None => {
                let sealed = self.seal(secret.kms_key_id.as_deref(), &secret.arn, token, value)?;
                secret.versions.push(Version {
                    id: token.to_owned(),
                    created: now,
                    stages: Vec::new(),
                    last_accessed: None,
                    sealed: Some(sealed),
                });
            }
        }
        let default = [AWSCURRENT.to_owned()];
        Self::apply_stages(secret, token, stages.unwrap_or(&default), true)?;
        secret.last_changed = now;
        Self::prune(secret, now);
        Ok(())
    }

    /// `PutSecretValue`: a new version (labels: `version_stages`, default `AWSCURRENT`).
    ///
    /// # Errors
    ///
    /// As [`create_secret`](Self::create_secret) for the value and the token;
    /// `InvalidRequestException` without a value or for a secret marked for deletion;
    /// `LimitExceededException` beyond 20 labels on a version.
    pub fn put_secret_value(&self, req: PutSecretValueRequest) -> Result<PutSecretValueResponse> {
        let now = self.begin("PutSecretValue")?;
        check_secret_id(&req.secret_id)?;
        let token = self.token(req.client_request_token, false)?;
        if let Some(stages) = &req.version_stages {
            if stages.is_empty() || stages.len() > MAX_STAGES_PER_VERSION {
                return Err(validation(
                    "versionStages",
                    "Member must have length less than or equal to 20",
                ));
            }
            for s in stages {
                check_stage(s)?;
            }
        }
        let Some(value) = take_value(req.secret_string, req.secret_binary)? else {
            return Err(Error::InvalidRequest(
                "You must provide either SecretString or SecretBinary.".to_owned(),
            ));
        };
        self.txn(now, || {
            let mut secret = self.secret_for(&req.secret_id, "PutSecretValue", now, false)?;
            self.check_cross_account_key(&secret)?;
            self.put_value(
                &mut secret,
                &token,
                &value,
                req.version_stages.as_deref(),
                now,
            )?;
            let version_stages = secret
                .version(&token)
                .map(|v| v.stages.clone())
                .unwrap_or_default();
            let (arn, name) = (secret.arn.clone(), secret.name.clone());
            self.store(secret);
            Ok(PutSecretValueResponse {
                arn,
                name,
                version_id: token.clone(),
                version_stages,
            })
        })
    }

    /// `UpdateSecret`: description, key, type and/or a new value (which becomes
    /// `AWSCURRENT`). A new key is checked first and re-encrypts the labelled `AWSCURRENT`,
    /// `AWSPREVIOUS` and `AWSPENDING` versions.
    ///
    /// # Errors
    ///
    /// As [`put_secret_value`](Self::put_secret_value); `EncryptionFailure` /
    /// `AccessDeniedException` for a new key (nothing is changed).
    pub fn update_secret(&self, req: UpdateSecretRequest) -> Result<UpdateSecretResponse> {
        let now = self.begin("UpdateSecret")?;
        check_secret_id(&req.secret_id)?;
        if let Some(d) = &req.description {
            check_len("description", d, 0, 2048)?;
        }
        if let Some(k) = &req.kms_key_id {
            check_len("kmsKeyId", k, 0, 2048)?;
        }
        let value = take_value(req.secret_string, req.secret_binary)?;
        let token = match &value {
            Some(_) => Some(self.token(req.client_request_token, false)?),
            None => None,
        };
        self.txn(now, || {
            let mut secret = self.secret_for(&req.secret_id, "UpdateSecret", now, false)?;
            if let Some(k) = &req.kms_key_id {
                let new_key = Some(k.clone()).filter(|k| !k.is_empty());
                self.validate_key(new_key.as_deref(), &secret.arn)?;
                if new_key != secret.kms_key_id {
                    for i in 0..secret.versions.len() {
                        let v = &secret.versions[i];
                        let labelled = v
                            .stages
                            .iter()
                            .any(|s| s == AWSCURRENT || s == AWSPREVIOUS || s == AWSPENDING);
                        let Some(sealed) = v.sealed.clone().filter(|_| labelled) else {
                            continue;
                        };
                        let id = v.id.clone();
                        let plain = self.open(&sealed, &secret.arn, &id)?;
                        let resealed = self.seal(new_key.as_deref(), &secret.arn, &id, &plain)?;
                        secret.versions[i].sealed = Some(resealed);
                    }
                }
                secret.kms_key_id = new_key;
                secret.last_changed = now;
            }
            if let Some(d) = &req.description {
                secret.description = Some(d.clone());
                secret.last_changed = now;
            }
            if let Some(t) = &req.secret_type {
                secret.secret_type = Some(t.clone());
                secret.last_changed = now;
            }
            if let (Some(v), Some(token)) = (&value, &token) {
                self.check_cross_account_key(&secret)?;
                self.put_value(&mut secret, token, v, None, now)?;
            }
            let (arn, name) = (secret.arn.clone(), secret.name.clone());
            self.store(secret);
            Ok(UpdateSecretResponse {
                arn,
                name,
                version_id: token.clone(),
            })
        })
    }

    /// `UpdateSecretVersionStage`: moves (or adds, or removes) one label.
    ///
    /// # Errors
    ///
    /// `InvalidParameterException` when the label is on another version than
    /// `remove_from_version_id` (AWS's "The parameter RemoveFromVersionId can't be empty. …"),
    /// for removing `AWSCURRENT` without moving it, or for neither version id;
    /// `ResourceNotFoundException` for an unknown version; `LimitExceededException` beyond 20
    /// labels on a version.
    pub fn update_secret_version_stage(
        &self,
        req: UpdateSecretVersionStageRequest,
    ) -> Result<SecretRef> {
        let now = self.begin("UpdateSecretVersionStage")?;
        check_secret_id(&req.secret_id)?;
        check_stage(&req.version_stage)?;
        for v in [&req.remove_from_version_id, &req.move_to_version_id]
            .into_iter()
            .flatten()
        {
            check_len("versionId", v, 32, 64)?;
        }
        self.txn(now, || {
            let mut secret =
                self.secret_for(&req.secret_id, "UpdateSecretVersionStage", now, false)?;
            let label = req.version_stage.as_str();
            let holder = secret.labelled(label).map(|v| v.id.clone());
            let unknown = |id: &str| {
                Error::ResourceNotFound(format!(
                    "Secrets Manager can't find the specified secret value for VersionId: {id}"
                ))
            };
            for id in [&req.remove_from_version_id, &req.move_to_version_id]
                .into_iter()
                .flatten()
            {
                if secret.version(id).is_none() {
                    return Err(unknown(id));
                }
            }
            if let Some(from) = &req.remove_from_version_id
                && holder.as_deref() != Some(from.as_str())
            {
                return Err(Error::InvalidParameter(format!(
                    "The staging label {label} is not attached to version {from}, so it can't \
                     be removed from it."
                )));
            }
            match (&req.move_to_version_id, &holder) {
                (Some(to), Some(h)) if h == to => {}
                (Some(to), holder) => {
                    if let Some(h) = holder
                        && req.remove_from_version_id.as_deref() != Some(h.as_str())
                    {
                        return Err(Error::InvalidParameter(format!(
                            "The parameter RemoveFromVersionId can't be empty. Staging label \
                             {label} is currently attached to version {h}, so you must \
                             explicitly reference that version in RemoveFromVersionId."
                        )));
                    }
                    let count = secret.version(to).map_or(0, |v| v.stages.len());
                    if count >= MAX_STAGES_PER_VERSION {
                        return Err(Error::LimitExceeded(format!(
                            "A version of a secret can have at most {MAX_STAGES_PER_VERSION} \
                             staging labels."
                        )));
                    }
                    for v in &mut secret.versions {
                        v.stages.retain(|s| s != label);
                    }
                    if label == AWSCURRENT
                        && let Some(h) = holder
                    {
                        for v in &mut secret.versions {
                            v.stages.retain(|s| s != AWSPREVIOUS);
                        }
                        if let Some(v) = secret.version_mut(h) {
                            v.stages.push(AWSPREVIOUS.to_owned());
                            v.stages.sort();
                        }
                    }
                    if let Some(v) = secret.version_mut(to) {
                        v.stages.push(label.to_owned());
                        v.stages.sort();
                    }
                }
                (None, _) => {
                    let Some(from) = &req.remove_from_version_id else {
                        return Err(Error::InvalidParameter(
                            "You must specify RemoveFromVersionId, MoveToVersionId, or both."
                                .to_owned(),
                        ));
                    };
                    if label == AWSCURRENT {
                        return Err(Error::InvalidParameter(
                            "You can't remove the staging label AWSCURRENT from a version \
                             without moving it to another version (MoveToVersionId)."
                                .to_owned(),
                        ));
                    }
                    if let Some(v) = secret.version_mut(from) {
                        v.stages.retain(|s| s != label);
                    }
                }
            }
            secret.last_changed = now;
            Self::prune(&mut secret, now);
            let out = SecretRef {
                arn: secret.arn.clone(),
                name: secret.name.clone(),
            };
            self.store(secret);
            Ok(out)
        })
    }

    fn describe(&self, s: &Secret) -> DescribeSecretResponse {
        DescribeSecretResponse {
            arn: s.arn.clone(),
            name: s.name.clone(),
            secret_type: s.secret_type.clone(),
            description: s.description.clone(),
            kms_key_id: s.kms_key_id.clone(),
            rotation_enabled: (s.rotation_enabled || s.rotation_lambda_arn.is_some())
                .then_some(s.rotation_enabled),
            rotation_lambda_arn: s.rotation_lambda_arn.clone(),
            rotation_rules: s.rotation_rules.clone(),
            external_secret_rotation_metadata: s.external_rotation_metadata.clone(),
            external_secret_rotation_role_arn: s.external_rotation_role_arn.clone(),
            last_rotated_date: s.last_rotated,
            last_changed_date: Some(s.last_changed),
            last_accessed_date: s.last_accessed,
            deleted_date: s.deletion_date,
            next_rotation_date: s.next_rotation.filter(|_| s.rotation_enabled),
            tags: s.tags.clone(),
            version_ids_to_stages: s
                .versions
                .iter()
                .filter(|v| !v.stages.is_empty())
                .map(|v| (v.id.clone(), v.stages.clone()))
                .collect(),
            created_date: s.created,
            primary_region: s
                .primary_region
                .clone()
                .unwrap_or_else(|| self.kms.region().to_owned()),
            replication_status: s.replicas.iter().map(replication::status).collect(),
            cross_account_primary: s.cross_account_primary.as_ref().map(|l| {
                CrossAccountPrimaryType {
                    primary_secret_arn: l.arn.clone(),
                    replication_status: l.status.clone(),
                    status_message: l.message.clone(),
                }
            }),
            cross_account_replicas: s
                .cross_account_replicas
                .iter()
                .map(|l| CrossAccountReplicaEntry {
                    replica_secret_arn: l.arn.clone(),
                    replication_role_arn: l.role_arn.clone(),
                    replication_status: l.status.clone(),
                    status_message: l.message.clone(),
                })
                .collect(),
        }
    }

    /// `DescribeSecret`: the secret's metadata (also while scheduled for deletion).
    ///
    /// # Errors
    ///
    /// `ResourceNotFoundException`, `ValidationException`, `AccessDeniedException`.
    pub fn describe_secret(&self, req: SecretIdRequest) -> Result<DescribeSecretResponse> {
        let now = self.begin("DescribeSecret")?;
        check_secret_id(&req.secret_id)?;
        self.txn(now, || {
            let s = self.secret_for(&req.secret_id, "DescribeSecret", now, true)?;
            Ok(self.describe(&s))
        })
    }

    /// `ListSecrets`: the secrets matching every filter, sorted, one page at a time.
    ///
    /// # Errors
    ///
    /// `ValidationException` for an unknown filter key, a bad value, sort or page size;
    /// `InvalidNextTokenException`.
    pub fn list_secrets(&self, req: ListSecretsRequest) -> Result<ListSecretsResponse> {
        let now = self.begin("ListSecrets")?;
        self.home_only("ListSecrets")?;
        let max = req.max_results.unwrap_or(100);
        check_range("maxResults", max, 1, 100)?;
        if req.filters.len() > 10 {
            return Err(validation(
                "filters",
                "Member must have length less than or equal to 10",
            ));
        }
        for (i, f) in req.filters.iter().enumerate() {
            if !matches!(
                f.key.as_str(),
                "description"
                    | "name"
                    | "tag-key"
                    | "tag-value"
                    | "primary-region"
                    | "owning-service"
                    | "all"
            ) {
                return Err(Error::Validation(format!(
                    "1 validation error detected: Value '{}' at 'filters.{}.member.key' failed \
                     to satisfy constraint: Member must satisfy enum value set: [all, name, \
                     tag-key, description, tag-value, primary-region, owning-service]",
                    f.key,
                    i + 1
                )));
            }
            if f.values.is_empty() || f.values.len() > 10 {
                return Err(validation(
                    &format!("filters.{}.member.values", i + 1),
                    "Member must have length less than or equal to 10",
                ));
            }
            for v in &f.values {
                check_len(&format!("filters.{}.member.values", i + 1), v, 0, 512)?;
                let body = v.strip_prefix('!').unwrap_or(v);
                if !body
                    .bytes()
                    .all(|c| c.is_ascii_alphanumeric() || b" :_@/+=.-!".contains(&c))
                {
                    return Err(validation(
                        &format!("filters.{}.member.values", i + 1),
                        "Member must satisfy regular expression pattern: \
                         ^\\!?[a-zA-Z0-9 :_@\\/\\+\\=\\.\\-\\!]*$",
                    ));
                }
            }
        }
        let sort_by = req.sort_by.as_deref().unwrap_or("created-date");
        if !matches!(
            sort_by,
            "created-date" | "last-accessed-date" | "last-changed-date" | "name"
        ) {
            return Err(Error::Validation(format!(
                "1 validation error detected: Value '{sort_by}' at 'sortBy' failed to satisfy \
                 constraint: Member must satisfy enum value set: [created-date, \
                 last-accessed-date, last-changed-date, name]"
            )));
        }
        let desc = match req.sort_order.as_deref() {
            None | Some("asc") => false,
            Some("desc") => true,
            Some(o) => {
                return Err(Error::Validation(format!(
                    "1 validation error detected: Value '{o}' at 'sortOrder' failed to satisfy \
                     constraint: Member must satisfy enum value set: [asc, desc]"
                )));
            }
        };
        let start = page_offset(req.next_token.as_deref())?;
        let include_deleted = req.include_planned_deletion.unwrap_or(false);
        self.txn(now, || {
            let state = self.shared().read();
            let region = self.kms.region();
            let mut found: Vec<&Secret> = state
                .secrets
                .values()
                .filter(|s| include_deleted || s.deletion_date.is_none())
                .filter(|s| req.filters.iter().all(|f| filter_matches(f, s, region)))
                .collect();
            found.sort_by(|a, b| {
                let o = match sort_by {
                    "name" => a.name.cmp(&b.name),
                    "last-accessed-date" => a.last_accessed.cmp(&b.last_accessed),
                    "last-changed-date" => a.last_changed.cmp(&b.last_changed),
                    _ => a.created.cmp(&b.created),
                }
                .then_with(|| a.arn.cmp(&b.arn));
                if desc { o.reverse() } else { o }
            });
            let max = usize::try_from(max).unwrap_or(100);
            let end = start.saturating_add(max).min(found.len());
            let secret_list = found
                .get(start.min(found.len())..end)
                .unwrap_or_default()
                .iter()
                .map(|s| self.describe(s))
                .collect();
            Ok(ListSecretsResponse {
                secret_list,
                next_token: (end < found.len()).then(|| page_token(end)),
            })
        })
    }

    /// `ListSecretVersionIds`: the secret's versions, newest first (unlabelled ones only with
    /// `include_deprecated`).
    ///
    /// # Errors
    ///
    /// `ResourceNotFoundException`, `ValidationException`, `InvalidNextTokenException`.
    pub fn list_secret_version_ids(
        &self,
        req: ListSecretVersionIdsRequest,
    ) -> Result<ListSecretVersionIdsResponse> {
        let now = self.begin("ListSecretVersionIds")?;
        check_secret_id(&req.secret_id)?;
        let max = req.max_results.unwrap_or(100);
        check_range("maxResults", max, 1, 100)?;
        let start = page_offset(req.next_token.as_deref())?;
        self.txn(now, || {
            let s = self.secret_for(&req.secret_id, "ListSecretVersionIds", now, true)?;
            let all: Vec<&Version> = s
                .versions
                .iter()
                .rev()
                .filter(|v| req.include_deprecated.unwrap_or(false) || !v.stages.is_empty())
                .collect();
            let max = usize::try_from(max).unwrap_or(100);
            let end = start.saturating_add(max).min(all.len());
            let key_id = |v: &Version| match (&s.kms_key_id, &v.sealed) {
                (None, _) => "DefaultEncryptionKey".to_owned(),
                (Some(_), Some(sealed)) => sealed.key_arn.clone(),
                (Some(k), None) => k.clone(),
            };
            let versions = all
                .get(start.min(all.len())..end)
                .unwrap_or_default()
                .iter()
                .map(|v| SecretVersionsListEntry {
                    version_id: v.id.clone(),
                    version_stages: (!v.stages.is_empty()).then(|| v.stages.clone()),
                    last_accessed_date: v.last_accessed,
                    created_date: v.created,
                    kms_key_ids: vec![key_id(v)],
                })
                .collect();
            Ok(ListSecretVersionIdsResponse {
                versions,
                next_token: (end < all.len()).then(|| page_token(end)),
                arn: s.arn.clone(),
                name: s.name.clone(),
            })
        })
    }

    /// `DeleteSecret`: schedules deletion `recovery_window_in_days` (7..30, default 30) ahead,
    /// or deletes at once with `force_delete_without_recovery` (then even an unknown secret
    /// is answered as if deleted, as AWS does).
    ///
    /// # Errors
    ///
    /// `InvalidParameterException` for a window out of range or both parameters;
    /// `InvalidRequestException` for a secret already scheduled (without force);
    /// `ResourceNotFoundException`.
    pub fn delete_secret(&self, req: DeleteSecretRequest) -> Result<DeleteSecretResponse> {
        let now = self.begin("DeleteSecret")?;
        check_secret_id(&req.secret_id)?;
        let force = req.force_delete_without_recovery.unwrap_or(false);
        if force && req.recovery_window_in_days.is_some() {
            return Err(Error::InvalidParameter(
                "You can't use ForceDeleteWithoutRecovery in conjunction with \
                 RecoveryWindowInDays."
                    .to_owned(),
            ));
        }
        let days = req.recovery_window_in_days.unwrap_or(30);
        if !(7..=30).contains(&days) {
            return Err(Error::InvalidParameter(
                "The RecoveryWindowInDays value must be between 7 and 30 days (inclusive)."
                    .to_owned(),
            ));
        }
        self.txn(now, || {
            let secret = match self.secret_for(&req.secret_id, "DeleteSecret", now, true) {
                Ok(s) => s,
                Err(Error::ResourceNotFound(_)) if force => {
                    let name = req
                        .secret_id
                        .rsplit_once(":secret:")
                        .map_or(req.secret_id.as_str(), |(_, n)| n);
                    return Ok(DeleteSecretResponse {
                        arn: self.new_arn(name)?,
                        name: name.to_owned(),
                        deletion_date: now,
                    });
                }
                Err(e) => return Err(e),
            };
            if let Some(r) = secret.cross_account_replicas.first() {
                return Err(Error::InvalidRequest(format!(
                    "You can't delete secret {} because it has the cross-account replica {}. \
                     Disassociate it first (DisassociateCrossAccountReplica).",
                    secret.name, r.arn
                )));
            }
            if !secret.replicas.is_empty() {
                return Err(Error::InvalidRequest(format!(
                    "You can't delete secret {} because it is replicated to other Regions. Remove \
                     the replica Regions first (RemoveRegionsFromReplication).",
                    secret.name
                )));
            }
            let deletion_date = if force {
                self.shared().write().secrets.remove(&secret.arn);
                now
            } else {
                if secret.deletion_date.is_some() {
                    return Err(Error::InvalidRequest(MSG_DELETED.to_owned()));
                }
                let at = now + DAY * u32::try_from(days).unwrap_or(30);
                let mut s = secret.clone();
                s.deletion_date = Some(at);
                s.last_changed = now;
                self.store(s);
                at
            };
            Ok(DeleteSecretResponse {
                arn: secret.arn,
                name: secret.name,
                deletion_date,
            })
        })
    }

    /// `RestoreSecret`: cancels a scheduled deletion.
    ///
    /// # Errors
    ///
    /// `ResourceNotFoundException` (also once the deletion date has passed).
    pub fn restore_secret(&self, req: SecretIdRequest) -> Result<SecretRef> {
        let now = self.begin("RestoreSecret")?;
        check_secret_id(&req.secret_id)?;
        self.txn(now, || {
            let mut s = self.secret_for(&req.secret_id, "RestoreSecret", now, true)?;
            if s.deletion_date.take().is_some() {
                s.last_changed = now;
            }
            let out = SecretRef {
                arn: s.arn.clone(),
                name: s.name.clone(),
            };
            self.store(s);
            Ok(out)
        })
    }

    /// `GetRandomPassword`: a random password from the service's random source.
    ///
    /// # Errors
    ///
    /// `ValidationException` for a length outside 1..4096; `InvalidParameterException` when
    /// nothing is left to choose from, or the length is below the number of required types.
    pub fn get_random_password(
        &self,
        req: GetRandomPasswordRequest,
    ) -> Result<GetRandomPasswordResponse> {
        self.begin("GetRandomPassword")?;
        let len = req.password_length.unwrap_or(32);
        check_range("passwordLength", len, 1, 4096)?;
        if let Some(x) = &req.exclude_characters {
            check_len("excludeCharacters", x, 0, 4096)?;
        }
        let excluded = req.exclude_characters.unwrap_or_default();
        let keep = |set: &str| -> Vec<u8> {
            set.bytes()
                .filter(|c| !excluded.as_bytes().contains(c))
                .collect()
        };
        let mut classes: Vec<Vec<u8>> = Vec::new();
        let on = |flag: Option<bool>| !flag.unwrap_or(false);
        if on(req.exclude_uppercase) {
            classes.push(keep("ABCDEFGHIJKLMNOPQRSTUVWXYZ"));
        }
        if on(req.exclude_lowercase) {
            classes.push(keep("abcdefghijklmnopqrstuvwxyz"));
        }
        if on(req.exclude_numbers) {
            classes.push(keep("0123456789"));
        }
        if on(req.exclude_punctuation) {
            classes.push(keep("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"));
        }
        if req.include_space.unwrap_or(false) {
            classes.push(keep(" "));
        }
        classes.retain(|c| !c.is_empty());
        let all: Vec<u8> = classes.concat();
        if all.is_empty() {
            return Err(Error::InvalidParameter(
                "The password can't be generated: every character is excluded.".to_owned(),
            ));
        }
        let len = usize::try_from(len).unwrap_or(32);
        let require = req.require_each_included_type.unwrap_or(true);
        if require && len < classes.len() {
            return Err(Error::InvalidParameter(
                "Password length is too short based on the required types.".to_owned(),
            ));
        }
        let mut out = Vec::with_capacity(len);
        if require {
            for c in &classes {
                out.push(c[self.random_below(c.len())?]);
            }
        }
        while out.len() < len {
            out.push(all[self.random_below(all.len())?]);
        }
        // Shuffle (Fisher-Yates) so the required characters are anywhere.
        for i in (1..out.len()).rev() {
            let j = self.random_below(i + 1)?;
            out.swap(i, j);
        }
        let bytes = SecretBytes::from_vec(out);
        Ok(GetRandomPasswordResponse {
            random_password: SecretString::from_utf8(bytes)
                .ok_or_else(|| Error::KmsInternal("a password is ASCII".to_owned()))?,
        })
    }

    /// `TagResource`: adds tags (a key already present takes the new value).
    ///
    /// # Errors
    ///
    /// `InvalidRequestException` for a secret marked for deletion; `ValidationException`.
    pub fn tag_resource(&self, req: TagResourceRequest) -> Result<()> {
        let now = self.begin("TagResource")?;
        check_secret_id(&req.secret_id)?;
        check_tags(&req.tags)?;
        self.txn(now, || {
            let mut s = self.secret_for(&req.secret_id, "TagResource", now, false)?;
            for t in &req.tags {
                match s.tags.iter_mut().find(|x| x.key == t.key) {
                    Some(x) => x.value = t.value.clone(),
                    None => s.tags.push(t.clone()),
                }
            }
            if s.tags.len() > 50 {
                return Err(Error::LimitExceeded(
                    "A secret can have at most 50 tags.".to_owned(),
                ));
            }
            s.last_changed = now;
            self.store(s);
            Ok(())
        })
    }

    /// `UntagResource`: removes tags (absent keys are ignored).
    ///
    /// # Errors
    ///
    /// As [`tag_resource`](Self::tag_resource).
    pub fn untag_resource(&self, req: UntagResourceRequest) -> Result<()> {
        let now = self.begin("UntagResource")?;
        check_secret_id(&req.secret_id)?;
        self.txn(now, || {
            let mut s = self.secret_for(&req.secret_id, "UntagResource", now, false)?;
            s.tags.retain(|t| !req.tag_keys.contains(&t.key));
            s.last_changed = now;
            self.store(s);
            Ok(())
        })
    }

    /// `PutResourcePolicy`: sets the secret's resource policy.
    ///
    /// # Errors
    ///
    /// `ValidationException` for the length; `MalformedPolicyDocumentException` for a policy
    /// outside the grammar; `PublicPolicyException` for a public `Allow` with
    /// `block_public_policy`.
    pub fn put_resource_policy(
        &self,
        req: PutResourcePolicyRequest,
    ) -> Result<ResourcePolicyResponse> {
        let now = self.begin("PutResourcePolicy")?;
        check_secret_id(&req.secret_id)?;
        let policy_name = modifiable_policy(req.policy_name.as_deref(), "attach")?;
        check_len(
            "resourcePolicy",
            &req.resource_policy,
            1,
            MAX_RESOURCE_POLICY_LEN,
        )?;
        let policy: ResourcePolicy =
            LocalKms::parse_resource_policy("secretsmanager", &req.resource_policy)?;
        if req.block_public_policy.unwrap_or(false)
            && let Some(st) = policy.public_statement()
        {
            return Err(Error::PublicPolicy(format!(
                "This resource policy contains a statement that grants public access \
                 (statement {st})."
            )));
        }
        self.txn(now, || {
            let mut s = self.secret_for(&req.secret_id, "PutResourcePolicy", now, false)?;
            s.policy = Some(req.resource_policy.clone());
            s.last_changed = now;
            let out = ResourcePolicyResponse {
                arn: s.arn.clone(),
                name: s.name.clone(),
                policy_name,
            };
            self.store(s);
            Ok(out)
        })
    }

    /// `GetResourcePolicy`.
    ///
    /// # Errors
    ///
    /// `ResourceNotFoundException`, `AccessDeniedException`.
    pub fn get_resource_policy(
        &self,
        req: ResourcePolicyRequest,
    ) -> Result<GetResourcePolicyResponse> {
        let now = self.begin("GetResourcePolicy")?;
        check_secret_id(&req.secret_id)?;
        let policy_name = policy_name(req.policy_name.as_deref())?;
        self.txn(now, || {
            let s = self.secret_for(&req.secret_id, "GetResourcePolicy", now, true)?;
            if policy_name != DEFAULT_POLICY_NAME {
                // Only `default` can be attached, so no other name exists.
                return Err(Error::ResourceNotFound(format!(
                    "Secrets Manager can't find the resource policy {policy_name} of the \
                     specified secret."
                )));
            }
            Ok(GetResourcePolicyResponse {
                arn: s.arn,
                name: s.name,
                resource_policy: s.policy,
                policy_name,
            })
        })
    }

    /// `ListResourcePolicies`: the names of the secret's resource policies, `default` first,
    /// then alphabetically (only `default` can be attached, so a secret has at most that one).
    ///
    /// # Errors
    ///
    /// `ResourceNotFoundException`, `AccessDeniedException`, `ValidationException`,
    /// `InvalidNextTokenException`.
    pub fn list_resource_policies(
        &self,
        req: ListResourcePoliciesRequest,
    ) -> Result<ListResourcePoliciesResponse> {
        let now = self.begin("ListResourcePolicies")?;
        check_secret_id(&req.secret_id)?;
        let max = req.max_results.unwrap_or(100);
        check_range("maxResults", max, 1, 100)?;
        let start = page_offset(req.next_token.as_deref())?;
        self.txn(now, || {
            let s = self.secret_for(&req.secret_id, "ListResourcePolicies", now, true)?;
            let mut names: Vec<&str> = s.policy.iter().map(|_| DEFAULT_POLICY_NAME).collect();
            names.sort_by_key(|n| (*n != DEFAULT_POLICY_NAME, *n));
            let max = usize::try_from(max).unwrap_or(100);
            let end = start.saturating_add(max).min(names.len());
            Ok(ListResourcePoliciesResponse {
                resource_policies: names
                    .get(start.min(names.len())..end)
                    .unwrap_or_default()
                    .iter()
                    .map(|n| ResourcePolicySummary {
                        policy_name: (*n).to_owned(),
                    })
                    .collect(),
                next_token: (end < names.len()).then(|| page_token(end)),
            })
        })
    }

    /// `DeleteResourcePolicy`.
    ///
    /// # Errors
    ///
    /// `ResourceNotFoundException`, `AccessDeniedException`, `InvalidRequestException` for a
    /// secret marked for deletion.
    pub fn delete_resource_policy(
        &self,
        req: ResourcePolicyRequest,
    ) -> Result<ResourcePolicyResponse> {
        let now = self.begin("DeleteResourcePolicy")?;
        check_secret_id(&req.secret_id)?;
        let policy_name = modifiable_policy(req.policy_name.as_deref(), "delete")?;
        self.txn(now, || {
            let mut s = self.secret_for(&req.secret_id, "DeleteResourcePolicy", now, false)?;
            s.policy = None;
            s.last_changed = now;
            let out = ResourcePolicyResponse {
                arn: s.arn.clone(),
                name: s.name.clone(),
                policy_name,
            };
            self.store(s);
            Ok(out)
        })
    }

    /// `ValidateResourcePolicy`: datakey's checks (its check names are its own): the grammar
    /// (`SYNTAX_CHECKING`), a public `Allow` (`BROAD_ACCESS_CHECKING`).
    ///
    /// # Errors
    ///
    /// `ResourceNotFoundException` for an unknown `secret_id`; `ValidationException`.
    pub fn validate_resource_policy(
        &self,
        req: ValidateResourcePolicyRequest,
    ) -> Result<ValidateResourcePolicyResponse> {
        let now = self.begin("ValidateResourcePolicy")?;
        check_len(
            "resourcePolicy",
            &req.resource_policy,
            1,
            MAX_RESOURCE_POLICY_LEN,
        )?;
        if let Some(id) = &req.secret_id {
            check_secret_id(id)?;
            self.txn(now, || {
                self.secret_for(id, "ValidateResourcePolicy", now, true)
                    .map(drop)
            })?;
        }
        let mut validation_errors = Vec::new();
        match LocalKms::parse_resource_policy("secretsmanager", &req.resource_policy) {
            Err(e) => validation_errors.push(ValidationErrorsEntry {
                check_name: "SYNTAX_CHECKING".to_owned(),
                error_message: e.message(),
            }),
            Ok(p) => {
                if let Some(st) = p.public_statement() {
                    validation_errors.push(ValidationErrorsEntry {
                        check_name: "BROAD_ACCESS_CHECKING".to_owned(),
                        error_message: format!(
                            "Statement {st} grants public access to the secret."
                        ),
                    });
                }
            }
        }
        Ok(ValidateResourcePolicyResponse {
            policy_validation_passed: validation_errors.is_empty(),
            validation_errors,
        })
    }

    /// `RotateSecret`: stores the rotation function and schedule, creates the value-less
    /// `AWSPENDING` version, then runs the function's four steps (see the module docs).
    ///
    /// # Errors
    ///
    /// `InvalidRequestException` without a rotation function ARN ("No Lambda rotation
    /// function ARN is associated with this secret."), while a previous rotation is not
    /// complete, or for a secret marked for deletion; `AccessDeniedException` ("Secrets
    /// Manager cannot invoke the specified Lambda function. …") when no function is
    /// registered under the ARN; `InvalidParameterException` for a schedule or window
    /// [`RotationSchedule`] refuses; a failing step's error.
    pub fn rotate_secret(&self, req: RotateSecretRequest) -> Result<RotateSecretResponse> {
        let now = self.begin("RotateSecret")?;
        check_secret_id(&req.secret_id)?;
        let token = self.token(req.client_request_token.clone(), true)?;
        if let Some(rules) = &req.rotation_rules {
            RotationSchedule::from_rules(rules)?;
        }
        if let Some(role) = &req.external_secret_rotation_role_arn {
            check_len("externalSecretRotationRoleArn", role, 20, 2048)?;
        }
        for item in req.external_secret_rotation_metadata.iter().flatten() {
            check_len(
                "externalSecretRotationMetadata.member.key",
                &item.key,
                1,
                256,
            )?;
            check_len(
                "externalSecretRotationMetadata.member.value",
                &item.value,
                1,
                2048,
            )?;
        }
        let immediately = req.rotate_immediately.unwrap_or(true);
        let (arn, name, function) = self.txn(now, || {
            let mut s = self.secret_for(&req.secret_id, "RotateSecret", now, false)?;
            let lambda = req
                .rotation_lambda_arn
                .clone()
                .or_else(|| s.rotation_lambda_arn.clone())
                .ok_or_else(|| {
                    Error::InvalidRequest(
                        "No Lambda rotation function ARN is associated with this secret."
                            .to_owned(),
                    )
                })?;
            let Some(function) = self.shared().rotator(&lambda) else {
                return Err(Error::AccessDenied(Box::new(AccessDenied {
                    principal: self.kms.principal().to_owned(),
                    action: "lambda:InvokeFunction".to_owned(),
                    resource: lambda,
                    reason: Reason::RotationFunctionNotInvokable,
                })));
            };
            let current = s.labelled(AWSCURRENT).map(|v| v.id.clone());
            if let Some(p) = s.labelled(AWSPENDING)
                && Some(&p.id) != current.as_ref()
                && p.id != token
            {
                return Err(Error::InvalidRequest(
                    "A previous rotation isn't complete. That rotation will be reattempted."
                        .to_owned(),
                ));
            }
            s.rotation_lambda_arn = Some(lambda);
            if let Some(r) = &req.rotation_rules {
                s.rotation_rules = Some(r.clone());
            }
            if let Some(m) = &req.external_secret_rotation_metadata {
                s.external_rotation_metadata = m.clone();
            }
            if let Some(role) = &req.external_secret_rotation_role_arn {
                s.external_rotation_role_arn = Some(role.clone());
            }
            s.rotation_enabled = true;
            if s.version(&token).is_none() {
                for v in &mut s.versions {
                    v.stages.retain(|x| x != AWSPENDING);
                }
                s.versions.push(Version {
                    id: token.clone(),
                    created: now,
                    stages: vec![AWSPENDING.to_owned()],
                    last_accessed: None,
                    sealed: None,
                });
            }
            s.next_rotation = next_rotation(s.rotation_rules.as_ref(), now);
            let out = (s.arn.clone(), s.name.clone(), function);
            self.store(s);
            Ok(out)
        })?;
        let steps: &[RotationStep] = if immediately {
            &RotationStep::ALL
        } else {
            &[RotationStep::TestSecret]
        };
        for step in steps {
            function(&RotationEvent {
                step: *step,
                secret_id: arn.clone(),
                client_request_token: token.clone(),
            })?;
        }
        let done = self.kms.service_now();
        self.txn(done, || {
            let mut shared = self.shared().write();
            let Some(s) = shared.secrets.get_mut(&arn) else {
                return Ok(());
            };
            if immediately {
                s.last_rotated = Some(done);
                s.last_changed = done;
            } else if let Some(i) = s
                .versions
                .iter()
                .position(|v| v.id == token && v.sealed.is_none())
            {
                s.versions.remove(i);
            } else if let Some(v) = s.version_mut(&token) {
                v.stages.retain(|x| x != AWSPENDING);
            }
            let base = if immediately { done } else { now };
            s.next_rotation = next_rotation(s.rotation_rules.as_ref(), base);
            Ok(())
        })?;
        Ok(RotateSecretResponse {
            arn,
            name,
            version_id: Some(token),
        })
    }

    /// `CancelRotateSecret`: turns rotation off; labels stay as they are (clean up a pending
    /// `AWSPENDING` version before the next rotation). Answers the pending version's id.
    ///
    /// # Errors
    ///
    /// `ResourceNotFoundException`, `InvalidRequestException` for a secret marked for deletion.
    pub fn cancel_rotate_secret(&self, req: SecretIdRequest) -> Result<RotateSecretResponse> {
        let now = self.begin("CancelRotateSecret")?;
        check_secret_id(&req.secret_id)?;
        self.txn(now, || {
            let mut s = self.secret_for(&req.secret_id, "CancelRotateSecret", now, false)?;
            s.rotation_enabled = false;
            s.next_rotation = None;
            let current = s.labelled(AWSCURRENT).map(|v| v.id.clone());
            let pending = s
                .labelled(AWSPENDING)
                .map(|v| v.id.clone())
                .filter(|p| Some(p) != current.as_ref());
            s.last_changed = now;
            let out = RotateSecretResponse {
                arn: s.arn.clone(),
                name: s.name.clone(),
                version_id: pending,
            };
            self.store(s);
            Ok(out)
        })
    }

    /// Runs every scheduled rotation that is due on the service's clock (what AWS's scheduler
    /// does in the background), each as a `RotateSecret` with a new token. Returns the ARN of
    /// each secret rotated and the result of its rotation.
    pub fn run_due_rotations(&self) -> Vec<(String, Result<RotateSecretResponse>)> {
        let now = self.kms.service_now();
        let due: Vec<String> = self
            .shared()
            .read()
            .secrets
            .values()
            .filter(|s| {
                s.rotation_enabled
                    && s.deletion_date.is_none()
                    && s.next_rotation.is_some_and(|t| t <= now)
            })
            .map(|s| s.arn.clone())
            .collect();
        due.into_iter()
            .map(|arn| {
                let r = self.rotate_secret(RotateSecretRequest {
                    secret_id: arn.clone(),
                    ..Default::default()
                });
                (arn, r)
            })
            .collect()
    }
}

/// When the next rotation of a secret with `rules` is due after `t`.
fn next_rotation(rules: Option<&RotationRules>, t: SystemTime) -> Option<SystemTime> {
    RotationSchedule::from_rules(rules?)
        .ok()
        .flatten()?
        .next_after(t)
}

/// Whether the secret matches one `ListSecrets` filter (see [`ListSecretsRequest`]).
fn filter_matches(f: &Filter, s: &Secret, region: &str) -> bool {
    let words = |text: &str| -> Vec<String> {
        text.split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_ascii_lowercase)
            .collect()
    };
    let one = |value: &str| -> bool {
        match f.key.as_str() {
            "name" => s.name.starts_with(value),
            "tag-key" => s.tags.iter().any(|t| t.key.starts_with(value)),
            "tag-value" => s.tags.iter().any(|t| t.value.starts_with(value)),
            "primary-region" => region.starts_with(value),
            "owning-service" => false,
            "description" => {
                let have = words(s.description.as_deref().unwrap_or(""));
                value
                    .split_whitespace()
                    .all(|w| have.iter().any(|h| h.starts_with(&w.to_ascii_lowercase())))
            }
            _ => {
                let mut have = words(&s.name);
                have.extend(words(s.description.as_deref().unwrap_or("")));
                for t in &s.tags {
                    have.extend(words(&t.key));
                    have.extend(words(&t.value));
                }
                words(value)
                    .iter()
                    .all(|w| have.iter().any(|h| h.starts_with(w.as_str())))
            }
        }
    };
    let (neg, pos): (Vec<&String>, Vec<&String>) =
        f.values.iter().partition(|v| v.starts_with('!'));
    (pos.is_empty() || pos.iter().any(|v| one(v))) && !neg.iter().any(|v| one(&v[1..]))
}
