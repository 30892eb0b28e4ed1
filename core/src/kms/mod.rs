//! An in-process stand-in for AWS KMS: symmetric master keys, data keys, key states, aliases and
//! rotation, with KMS's parameter rules, exception names and messages.
//!
//! [`LocalKms`] offers one method per KMS operation, named like the operation in snake_case,
//! taking a request struct and returning a response struct whose fields mirror the KMS API.
//! Errors are [`Error`](crate::Error) variants named after the KMS exceptions.
//!
//! ```
//! use datakey::kms::{CreateKeyRequest, DataKeySpec, DecryptRequest, GenerateDataKeyRequest};
//! use datakey::{EncryptionContext, LocalKms};
//!
//! let kms = LocalKms::new();
//! let key = kms.create_key(CreateKeyRequest::default())?.key_metadata;
//! let ec = EncryptionContext::from_iter([("tenant", "acme")]);
//! let dk = kms.generate_data_key(GenerateDataKeyRequest {
//!     key_id: key.key_id.clone(),
//!     key_spec: Some(DataKeySpec::Aes256),
//!     encryption_context: ec.clone(),
//!     ..Default::default()
//! })?;
//! let back = kms.decrypt(DecryptRequest {
//!     ciphertext_blob: dk.ciphertext_blob.clone(),
//!     encryption_context: ec,
//!     ..Default::default()
//! })?;
//! assert_eq!(back.plaintext, dk.plaintext);
//! assert_eq!(back.key_material_id, dk.key_material_id);
//! # Ok::<(), datakey::Error>(())
//! ```
//!
//! # What is modelled
//!
//! - **Key specs and usages.** `CreateKey` accepts every KMS `KeySpec`/`KeyUsage` pair and
//!   refuses the invalid ones with KMS's messages. Only `SYMMETRIC_DEFAULT` keys get (AES-256)
//!   key material; RSA, ECC, ML-DSA, SM2 and HMAC keys exist without material so that using
//!   them is refused as KMS refuses it: `GenerateDataKey*` on an asymmetric key is
//!   `InvalidKeyUsage` "You cannot generate a data key with an asymmetric CMK", on an HMAC key
//!   "`<ARN>` key usage is GENERATE_VERIFY_MAC which is not valid for GenerateDataKey."; Encrypt
//!   on an RSA key with the default algorithm is "Algorithm SYMMETRIC_DEFAULT is incompatible
//!   with key spec RSA_2048.". The key state is checked before the spec and usage.
//! - **Key states.** `Enabled`, `Disabled`, `PendingDeletion` (7..30 days; the key and its
//!   material are gone once the window has passed on the injected [`Clock`](crate::Clock)),
//!   `PendingImport` (`EXTERNAL` keys until [`LocalKms::import_key_material`]). Every operation
//!   follows the KMS developer guide's key-state table.
//! - **Identifiers.** Key id, key ARN, alias name and alias ARN everywhere KMS accepts them.
//! - **Rotation.** Every material version has a `KeyMaterialId` (64 hex characters).
//!   `RotateKeyOnDemand` (at most 25 per key), automatic rotation (90..2560 days, applied lazily
//!   from the clock: no background thread), `ListKeyRotations`. New ciphertexts use the current
//!   material; a blob is decrypted with the material whose id it records — never by trial.
//! - **Concurrency.** `LocalKms` is `Clone` (clones share the keys), `Send` and `Sync`. The key
//!   table, the aliases and each key's state sit behind read-write locks that writers take;
//!   every writer publishes an immutable copy of what it changed before it unlocks, and the
//!   data-key path (`GenerateDataKey*`, `Encrypt`, `Decrypt`, `ReEncrypt`) reads those copies
//!   without taking a lock or cloning an `Arc` — nothing it does writes memory another thread
//!   reads, so threads sharing one service scale with the cores. A call sees every change that
//!   returned before it started. The cryptography runs outside every lock.
//!
//! - **Callers and key policies.** Every operation runs as a [`Caller`] (principal ARN, source
//!   IP, optional session credentials): the account root for a plain `LocalKms`, anyone else
//!   through the handle [`LocalKms::as_caller`] returns — the same type with the same methods,
//!   sharing the keys. Each key has a policy in a documented subset of the IAM JSON grammar
//!   (below), set by [`LocalKms::create_key_with_policy`] or [`LocalKms::put_key_policy`], read by
//!   [`LocalKms::get_key_policy`]; without one a key gets AWS's default key policy, which
//!   allows the account, so a service nobody configures behaves as before. Every operation on
//!   a key evaluates the policy as AWS does — an explicit deny wins, then an allow, else an
//!   implicit deny — after the parameters and the key are checked and before the key state.
//!   A refusal is [`Error::AccessDenied`] with AWS's message and a structured reason one call
//!   away ([`Error::access_denied_reason`]): no statement allows; statement X denies;
//!   condition `aws:SourceIp` not met by 203.0.113.7. Operations without a key (`CreateKey`,
//!   `ListKeys`, `ListAliases`, `GenerateRandom`) are governed by IAM policies in AWS, which
//!   datakey does not model: every caller of the service's account may call them.
//! - **Other accounts.** A caller of another account may use a key whose policy allows it,
//!   with the operations AWS allows across accounts (`DescribeKey`, `Encrypt`, `Decrypt`,
//!   `ReEncrypt`, `GenerateDataKey*`, `GetKeyRotationStatus`, and `GenerateRandom`); every
//!   other operation — creating keys, the alias operations, listing, key administration — is
//!   refused to it whatever the key policy says, with `AccessDeniedException` ("… because no
//!   identity-based policy allows the kms:CreateKey action", reason
//!   [`AccessDeniedReason::OtherAccount`]) before anything is looked up. A principal of another
//!   partition cannot be a caller at all ([`LocalKms::as_caller`]).
//! - **Temporary credentials.** [`LocalKms::assume_role`] issues session credentials for a
//!   role; their principal is the assumed-role ARN and statements naming the role apply to
//!   them. Once expired (on the service's clock) every call is refused with
//!   [`Error::ExpiredToken`], "The security token included in the request is expired", whose
//!   reason gives the expiry time; credentials this service did not issue are
//!   [`Error::UnrecognizedClient`].
//! - **Propagation delay (opt-in).** With [`LocalKmsBuilder::propagation_delay`], changes to
//!   keys (enable, disable, rotation, policy, deletion scheduling, imported material) and
//!   aliases reach the data-plane operations only after the delay, on the clock: each key
//!   keeps versioned snapshots of what data-plane callers see, each with its visible-from time.
//! - **Fault injection.** [`LocalKms::inject_fault`] raises `KeyUnavailableException`,
//!   `DependencyTimeoutException`, `ThrottlingException` or `KMSInternalException` (AWS's
//!   messages) on chosen operations, for the next N calls or at a rate drawn from a seeded
//!   stream ([`LocalKmsBuilder::fault_seed`]).
//! - **Deterministic mode (tests only).** [`LocalKmsBuilder::insecure_deterministic_seed`]
//!   makes key ids, key material, data keys and blobs reproducible for snapshot tests. It is
//!   insecure by construction.
//!
//! Order of checks in every operation: the caller's session credentials, injected faults, the
//! caller's account (for an operation that cannot cross accounts), the parameters, the key
//! (`NotFoundException`), the key policy (`AccessDeniedException`), the key state, then the
//! key's spec and usage.
//!
//! ```
//! use datakey::kms::{Caller, CreateKeyPolicy, CreateKeyRequest, DataKeySpec, GenerateDataKeyRequest};
//! use datakey::{AccessDeniedReason, LocalKms};
//!
//! let kms = LocalKms::new();
//! let policy = r#"{"Version": "2012-10-17", "Statement": [
//!   {"Sid": "Admin", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
//!    "Action": "kms:*", "Resource": "*"},
//!   {"Sid": "App", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/app"},
//!    "Action": "kms:GenerateDataKey", "Resource": "*",
//!    "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}}]}"#;
//! let policy = CreateKeyPolicy { policy: policy.into(), ..Default::default() };
//! let key = kms.create_key_with_policy(CreateKeyRequest::default(), policy)?.key_metadata;
//! let app = kms.as_caller(
//!     Caller::new("arn:aws:iam::111122223333:role/app").with_source_ip_str("203.0.113.7")?,
//! )?;
//! let err = app
//!     .generate_data_key(GenerateDataKeyRequest {
//!         key_id: key.key_id.clone(),
//!         key_spec: Some(DataKeySpec::Aes256),
//!         ..Default::default()
//!     })
//!     .unwrap_err();
//! assert_eq!(err.name(), "AccessDeniedException");
//! assert_eq!(
//!     err.access_denied_reason().map(|r| r.to_string()).as_deref(),
//!     Some("statement App: condition IpAddress on aws:SourceIp not met by 203.0.113.7")
//! );
//! # Ok::<(), datakey::Error>(())
//! ```
//!
//! # Key policy grammar
//!
//! See [`default_key_policy`] for the default and the table below for conditions.
//!
//! | element | datakey |
//! |---|---|
//! | `Version` | `2012-10-17` (or `2008-10-17`), optional |
//! | `Statement` | an object or a non-empty list; `Sid` optional and unique |
//! | `Effect` | `Allow`, `Deny` |
//! | `Principal` | `*`, `{"AWS": …}` with `*`, an account id, `arn:aws:iam::<account>:root`, an IAM user or role ARN, an assumed-role ARN (a role also matches its sessions); `{"Service": …}` never matches |
//! | `Action` | `kms:<Action>` or `*`, case-insensitive, with `*`/`?` wildcards |
//! | `Resource` | `*` or a key ARN pattern |
//! | `Condition` | `DateGreaterThan`/`DateLessThan` on `aws:CurrentTime`; `IpAddress`/`NotIpAddress` on `aws:SourceIp`; `StringEquals`/`StringLike` (optionally `ForAnyValue:`/`ForAllValues:`) on `kms:EncryptionContext:<key>`, `kms:EncryptionContextKeys`, `kms:CallerAccount` |
//!
//! An account principal names every identity of the account. A `Deny` naming it denies them
//! all; an `Allow` naming it delegates to the account's IAM identity policies, as in AWS, and
//! since datakey models none, grants the account's root user only. `aws:SourceIp` reads an
//! IPv4-mapped address (`::ffff:203.0.113.9`) as its IPv4 address; the IPv4 address a NAT64 or
//! IPv4-compatible address embeds can only take access away. `NotPrincipal`, `NotAction`,
//! `NotResource`, other operators and other condition keys are refused with
//! `MalformedPolicyDocumentException` rather than silently never matching. The rules, with the
//! AWS documentation they follow, are in `kms/policy.rs`.
//!
//! **Persistence.** [`LocalKms::new`] keeps everything in memory; [`LocalKms::open`] keeps keys,
//! aliases, states, rotation materials, deletion windows and key policies in a sealed,
//! checksummed store directory shared by every process that opens it (see `key_store.rs` for the
//! format and the locking; [`RootKey`] for the root key). A change takes effect only once it is
//! on disk: an operation whose write fails changes nothing. Sessions from `assume_role`, fault
//! rules and the propagation delay are per process and not stored.
//!
//! Not modelled: grants, IAM identity policies and trust policies, tags, custom key stores,
//! multi-Region replicas, `GetParametersForImport` (import takes the raw 32 bytes), and
//! asymmetric cryptography (no RSA or EC key is ever generated).
//!
//! # The ciphertext blob
//!
//! KMS's own blob format is undocumented; datakey defines its own, versioned layout. For a key
//! id of `L` bytes (36 for every datakey key id) and a plaintext of `n` bytes:
//!
//! | offset | length | field |
//! |---|---|---|
//! | 0 | 1 | format version, `0x01` |
//! | 1 | 1 | `L`, the key id length |
//! | 2 | `L` | key id (ASCII: a UUID or `mrk-` + 32 hex digits) |
//! | 2+L | 32 | key material id (raw; its hex is the API's `KeyMaterialId`) |
//! | 34+L | 16 | salt (random per blob) |
//! | 50+L | 12 | nonce (random per blob) |
//! | 62+L | `n` | AES-256-GCM ciphertext |
//! | 62+L+n | 16 | GCM tag |
//!
//! - **Wrapping key:** `HKDF-SHA256(salt = salt, ikm = material, info =
//!   "datakey/kms/ciphertext-blob/v1")`, 32 bytes, fresh for every blob — so a master key has no
//!   GCM nonce budget to exhaust.
//! - **AAD:** the header (bytes `0 .. 62+L`: version, key id, material id, salt, nonce)
//!   followed by the encryption context in the canonical ESDK serialization
//!   ([`EncryptionContext::serialize`](crate::EncryptionContext::serialize): sorted and
//!   length-prefixed, so `{"ab":"c"}` and `{"a":"bc"}` differ).
//! - **Size:** `114 + n` bytes for datakey's 36-character key ids: 146 bytes for a 32-byte data
//!   key, 4210 for the largest `Encrypt` (4096 bytes), within KMS's 6144.
//! - **Refusal:** anything else — another version byte, a key id field that is not a key id, a
//!   truncated blob, an unknown key or material, a wrong context, any flipped bit — is
//!   [`Error::InvalidCiphertext`](crate::Error::InvalidCiphertext), without detail.
//!
//! Worked example (a unit test checks these bytes; they were also reproduced independently with
//! Python's `cryptography` HKDF and AESGCM): key id
//! `1234abcd-12ab-34cd-56ef-1234567890ab`, material `0x11` × 32, material id `0x22` × 32, salt
//! `0x33` × 16, nonce `0x44` × 12, context `{"purpose": "example"}`, plaintext the 16 bytes
//! `00 01 … 0f`:
//!
//! ```text
//! 01                                          version
//! 24                                          key id length (36)
//! 31323334616263642d313261622d333463642d      "1234abcd-12ab-34cd-"
//! 353665662d313233343536373839306162          "56ef-1234567890ab"
//! 2222…22 (32 bytes)                          material id
//! 3333…33 (16 bytes)                          salt
//! 4444…44 (12 bytes)                          nonce
//! 619e0ecd5a684524b2de4c307824ad4e            ciphertext (16 bytes)
//! d83e40d0a268c9db7cebba4b2bb91b7c            tag (16 bytes)
//! AAD = the 98 header bytes || 0001 0007 "purpose" 0007 "example"
//! ```

mod blob;
mod caller;
mod credentials;
mod enums;
mod faults;
mod ids;
mod key;
mod key_store;
mod ops;
mod policy;
mod rng;
mod service;
mod shapes;

use core::fmt;
use core::ops::{Deref, DerefMut};
use std::collections::{BTreeMap, HashMap};
use std::net::IpAddr;
use std::sync::{Arc, PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};
use std::time::{Duration, SystemTime};

use arc_swap::{ArcSwap, Guard};

use crate::clock::{SharedClock, SystemClock};
use crate::ec::EncryptionContext;
use crate::error::{AccessDenied, AccessDeniedReason, Error, Result};

pub use crate::time::{format_iso8601, parse_iso8601};
pub use blob::{BLOB_VERSION, HKDF_INFO, MATERIAL_ID_LEN, MAX_BLOB_LEN, SALT_LEN};
pub use caller::{
    AssumeRoleRequest, AssumeRoleResponse, AssumedRoleUser, Caller, Credentials,
    DEFAULT_SESSION_DURATION_SECONDS, MAX_SESSION_DURATION_SECONDS, MIN_SESSION_DURATION_SECONDS,
    SessionToken,
};
pub use credentials::{
    AccessKeyMetadata, CallerIdentity, MAX_ACCESS_KEYS, NewAccessKey, SigningCredential,
};
pub use enums::{
    DataKeySpec, EncryptionAlgorithmSpec, ExpirationModel, FaultKind, ImportType, KeyManager,
    KeyMaterialState, KeySpec, KeyState, KeyUsage, Operation, Origin, RotationType,
};
pub use faults::{FaultRule, FaultTrigger};
pub use ids::{
    ALIAS_PREFIX, MAX_ALIAS_NAME_LEN, MAX_KEY_ID_PARAM_LEN, RESERVED_ALIAS_PREFIX, is_key_id,
    validate_alias_name,
};
pub use key_store::{
    Argon2Params, ENV_PASSPHRASE, ENV_ROOT_KEY, ENV_STORE, LOCK_FILE_NAME, RootKey,
    STORE_FILE_NAME, STORE_FORMAT_VERSION, store_dir,
};
pub(crate) use key_store::{Corrupt, Reader as StoreReader, Writer as StoreWriter};
pub use policy::{DEFAULT_POLICY_NAME, MAX_POLICY_LEN, default_key_policy};
pub use shapes::*;

pub(crate) use service::{KeyPolicy as ResourcePolicy, WeakKms, note_change};

use caller::Session;
use faults::Faults;
use key::{Fresh, Key};
use policy::{KeyPolicy, PolicyRequest};
use rng::Rng;

/// The default region of [`LocalKms::new`].
pub const DEFAULT_REGION: &str = "us-east-1";
/// The default account of [`LocalKms::new`].
pub const DEFAULT_ACCOUNT_ID: &str = "111122223333";
/// At most this many `RotateKeyOnDemand` calls per key.
pub const MAX_ON_DEMAND_ROTATIONS: u32 = 25;

/// The in-process KMS. Cheap to clone: clones share the same keys and aliases.
///
/// A `LocalKms` runs operations as one [`Caller`]: the account root by default, another one
/// in the handle [`as_caller`](LocalKms::as_caller) returns (same keys, same methods).
///
/// `Debug` shows the region, the account, the caller and the number of keys — never key
/// material.
#[derive(Clone)]
pub struct LocalKms {
    inner: Arc<Inner>,
    /// Who this handle's operations run as; `None`: the account root.
    caller: Option<Arc<Caller>>,
    /// The AWS service this handle calls KMS through (`kms:ViaService`); `None`: directly.
    via_service: Option<Arc<str>>,
}

struct Inner {
    region: String,
    account_id: String,
    /// `arn:<partition>:iam::<account>:root`, the default caller.
    root_arn: String,
    clock: SharedClock,
    keys: RwLock<KeyTable>,
    /// The key table as the data plane reads it (no lock, no shared write): a copy published by
    /// every [`LocalKms::keys_write`] guard, under the write lock.
    keys_published: ArcSwap<KeyTable>,
    aliases: RwLock<BTreeMap<String, Alias>>,
    /// The aliases as alias resolution reads them: published by [`LocalKms::aliases_write`].
    aliases_published: ArcSwap<BTreeMap<String, Alias>>,
    /// The on-disk store, for a service from [`LocalKms::open`] (see `persist`).
    persist: Option<key_store::Persist>,
    /// Randomness for key ids, material, blobs, data keys and sessions.
    rng: Arc<Rng>,
    /// How long changes take to reach data-plane callers (zero: at once).
    delay: Duration,
    /// With a delay: every alias's targets over time, `None` once deleted (oldest first).
    alias_history: RwLock<BTreeMap<String, AliasHistory>>,
    faults: Faults,
    /// Sessions issued by `assume_role`, by access key id.
    sessions: RwLock<HashMap<String, Session>>,
    /// Long-term access keys, by access key id.
    access_keys: RwLock<credentials::AccessKeyTable>,
    /// The secrets of the local Secrets Manager on this service (see [`crate::secrets`]),
    /// stored with the keys.
    secrets: crate::secrets::Shared,
}

/// The key table: keys by key id.
type KeyTable = BTreeMap<String, Arc<Key>>;

/// The AWS partition of a region (`aws`, `aws-cn`, `aws-us-gov`), as key ARNs name it.
pub(crate) fn partition_of(region: &str) -> &'static str {
    ids::partition(region)
}

/// The write lock on the key table or the alias table; on release it publishes a copy that
/// the data plane reads without a lock.
struct PublishingWrite<'a, T: Clone> {
    table: RwLockWriteGuard<'a, T>,
    published: &'a ArcSwap<T>,
}

impl<T: Clone> Deref for PublishingWrite<'_, T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.table
    }
}

impl<T: Clone> DerefMut for PublishingWrite<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.table
    }
}

impl<T: Clone> Drop for PublishingWrite<'_, T> {
    fn drop(&mut self) {
        key_store::note_mutation();
        // Still under the write lock (fields drop after this): writers publish in lock order.
        self.published.store(Arc::new(self.table.clone()));
    }
}

/// An alias's targets over time: `(visible from, target key id or None once deleted)`,
/// oldest first.
type AliasHistory = Vec<(SystemTime, Option<String>)>;

#[derive(Debug, Clone)]
struct Alias {
    target_key_id: String,
    creation_date: SystemTime,
    last_updated_date: SystemTime,
}

/// Configures a [`LocalKms`]: region, account, clock, propagation delay, fault seed and the
/// test-only deterministic mode.
#[derive(Debug, Clone)]
pub struct LocalKmsBuilder {
    region: String,
    account_id: String,
    clock: SharedClock,
    propagation_delay: Duration,
    fault_seed: Option<u64>,
    insecure_deterministic_seed: Option<u64>,
    lock_wait: Option<key_store::LockWait>,
    store_write_faults: Option<(u64, f64)>,
}

impl Default for LocalKmsBuilder {
    fn default() -> Self {
        Self {
            region: DEFAULT_REGION.to_owned(),
            account_id: DEFAULT_ACCOUNT_ID.to_owned(),
            clock: Arc::new(SystemClock),
            propagation_delay: Duration::ZERO,
            fault_seed: None,
            insecure_deterministic_seed: None,
            lock_wait: None,
            store_write_faults: None,
        }
    }
}

impl LocalKmsBuilder {
    /// The region in key and alias ARNs (default `us-east-1`).
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = region.into();
        self
    }

    /// The 12-digit account id in key and alias ARNs (default `111122223333`).
    pub fn account_id(mut self, account_id: impl Into<String>) -> Self {
        self.account_id = account_id.into();
        self
    }

    /// The clock behind creation dates, deletion windows, expiry, automatic rotation, session
    /// expiry, `aws:CurrentTime` and the propagation delay (default [`SystemClock`]; tests use
    /// a [`ManualClock`](crate::ManualClock)).
    pub fn clock(mut self, clock: SharedClock) -> Self {
        self.clock = clock;
        self
    }

    /// Opt-in eventual consistency (default zero: off). Changes to a key — enable, disable,
    /// rotation, key policy, scheduling or cancelling deletion, imported material — and to
    /// aliases (create, update, delete) reach the data-plane operations (`GenerateDataKey*`,
    /// `Encrypt`, `Decrypt`, `ReEncrypt`) only `delay` after they were made, on the service's
    /// clock. Control-plane operations (`DescribeKey`, `GetKeyPolicy`, …) see them at once.
    /// New keys are visible at once; a key whose deletion window has ended is gone at once.
    pub fn propagation_delay(mut self, delay: Duration) -> Self {
        self.propagation_delay = delay;
        self
    }

    /// The seed of the stream injected fault rates draw from (default: the operating system's
    /// random source), so a run with `Rate` rules is reproducible.
    pub fn fault_seed(mut self, seed: u64) -> Self {
        self.fault_seed = Some(seed);
        self
    }

    /// **INSECURE — FOR TESTS ONLY.** Makes every "random" value of the service — key ids, key
    /// material and its ids, data keys, blob salts and nonces, `GenerateRandom`, session
    /// credentials — a deterministic function of `seed` and the order of calls, so snapshot
    /// tests get the same ids and bytes on every run. Anyone who knows the seed knows every
    /// key: never use this outside tests. Concurrent calls draw in a nondeterministic order.
    pub fn insecure_deterministic_seed(mut self, seed: u64) -> Self {
        self.insecure_deterministic_seed = Some(seed);
        self
    }

    /// For a persistent store ([`open`](Self::open)): `hook` is called, with the path of the
    /// lock, each time an operation finds the store locked by another process (or another
    /// `LocalKms` on the same store) and is about to wait for it, so that a front end can say
    /// that it waits ("waiting for the key store lock …"). The operation then waits until the
    /// lock is released. The hook runs on the waiting thread, while this service's other
    /// operations on the store wait behind it: it should only report (a call into the service
    /// from the hook is refused with [`Error::ReentrantCall`]).
    pub fn on_lock_wait(mut self, hook: impl Fn(&std::path::Path) + Send + Sync + 'static) -> Self {
        self.lock_wait = Some(key_store::LockWait(Arc::new(hook)));
        self
    }

    /// **FOR TESTS.** For a persistent store ([`open`](Self::open)): every step of every store
    /// write (creating, writing — then a short write — and syncing the temporary file, renaming
    /// it over the store file, syncing the directory) fails with an injected I/O error with
    /// probability `rate` (0.0..=1.0), drawn from a stream seeded with `seed`. The operation
    /// then fails with [`Error::Io`] and changes nothing, in memory or on disk, exactly as when
    /// the disk fails; a fault-injection soak checks that no change is lost or half-made.
    pub fn store_write_faults(mut self, seed: u64, rate: f64) -> Self {
        self.store_write_faults = Some((seed, rate));
        self
    }

    /// Builds the service.
    ///
    /// # Errors
    ///
    /// [`Error::Validation`] when the region is not 1..64 characters of `[a-z0-9-]`, or the
    /// account id is not 12 digits.
    pub fn build(self) -> Result<LocalKms> {
        let region_ok = !self.region.is_empty()
            && self.region.len() <= 64
            && self
                .region
                .bytes()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-');
        if !region_ok {
            return Err(Error::Validation(format!(
                "Invalid region {:?}: expected 1 to 64 characters of a-z, 0-9 and '-'.",
                self.region
            )));
        }
        if self.account_id.len() != 12 || !self.account_id.bytes().all(|c| c.is_ascii_digit()) {
            return Err(Error::Validation(format!(
                "Invalid account id {:?}: expected 12 digits.",
                self.account_id
            )));
        }
        Ok(self.assemble())
    }

    /// The service (after validation).
    fn assemble(self) -> LocalKms {
        let rng = match self.insecure_deterministic_seed {
            Some(seed) => Rng::deterministic(seed),
            None => Rng::System,
        };
        let fault_rng = match (self.fault_seed, self.insecure_deterministic_seed) {
            (Some(seed), _) => Rng::deterministic(seed),
            (None, Some(seed)) => Rng::deterministic(seed ^ 0x6661_756c_7473_0000),
            (None, None) => Rng::System,
        };
        let root_arn = format!(
            "arn:{}:iam::{}:root",
            ids::partition(&self.region),
            self.account_id
        );
        LocalKms {
            inner: Arc::new(Inner {
                region: self.region,
                account_id: self.account_id,
                root_arn,
                clock: self.clock,
                keys: RwLock::new(BTreeMap::new()),
                keys_published: ArcSwap::from_pointee(BTreeMap::new()),
                aliases_published: ArcSwap::from_pointee(BTreeMap::new()),
                aliases: RwLock::new(BTreeMap::new()),
                persist: None,
                rng: Arc::new(rng),
                delay: self.propagation_delay,
                alias_history: RwLock::new(BTreeMap::new()),
                faults: Faults::new(fault_rng),
                sessions: RwLock::new(HashMap::new()),
                access_keys: RwLock::new(BTreeMap::new()),
                secrets: crate::secrets::Shared::default(),
            }),
            caller: None,
            via_service: None,
        }
    }
}

impl Default for LocalKms {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Debug for LocalKms {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LocalKms")
            .field("region", &self.inner.region)
            .field("account_id", &self.inner.account_id)
            .field("caller", &self.principal())
            .field("keys", &self.keys_read().len())
            .field("aliases", &self.aliases_read().len())
            .field("propagation_delay", &self.inner.delay)
            .field("deterministic", &self.inner.rng.is_deterministic())
            .finish_non_exhaustive()
    }
}

/// What every operation knows about its call once the caller is checked.
struct Call {
    now: SystemTime,
}

impl LocalKms {
    /// A service in region `us-east-1`, account `111122223333`, on the system clock.
    pub fn new() -> Self {
        // The default region and account are valid: no validation needed.
        LocalKmsBuilder::default().assemble()
    }

    /// A builder to choose the region, account, clock, propagation delay and test modes.
    pub fn builder() -> LocalKmsBuilder {
        LocalKmsBuilder::default()
    }

    /// The region in ARNs.
    pub fn region(&self) -> &str {
        &self.inner.region
    }

    /// The account id in ARNs.
    pub fn account_id(&self) -> &str {
        &self.inner.account_id
    }

    /// A handle on the same service (same keys, aliases, clock and faults) whose operations run
    /// as `caller`: key policies are evaluated for its principal, source IP and the request;
    /// its session credentials, if any, are checked on every call.
    ///
    /// # Errors
    ///
    /// [`Error::Validation`] when the principal is not an IAM/STS principal ARN, or is one of
    /// another partition than the service's (`aws`, `aws-cn` or `aws-us-gov`, from its region):
    /// such a principal could never reach it.
    pub fn as_caller(&self, caller: Caller) -> Result<LocalKms> {
        caller.validate()?;
        let partition = ids::partition(&self.inner.region);
        if policy::arn_partition(&caller.principal_arn) != Some(partition) {
            return Err(Error::Validation(format!(
                "{:?} is not a principal of partition {partition}, the partition of this \
                 service's region {}.",
                caller.principal_arn, self.inner.region
            )));
        }
        Ok(LocalKms {
            inner: Arc::clone(&self.inner),
            caller: Some(Arc::new(caller)),
            via_service: self.via_service.clone(),
        })
    }

    /// The caller this handle runs as (the account root unless made by
    /// [`as_caller`](Self::as_caller)).
    pub fn caller(&self) -> Caller {
        match &self.caller {
            Some(c) => (**c).clone(),
            None => Caller::new(self.inner.root_arn.clone()),
        }
    }

    /// The principal ARN of this handle's caller.
    pub fn principal(&self) -> &str {
        match &self.caller {
            Some(c) => &c.principal_arn,
            None => &self.inner.root_arn,
        }
    }

    /// The propagation delay (zero when off).
    pub fn propagation_delay(&self) -> Duration {
        self.inner.delay
    }

    /// Adds a fault injection rule (shared by every handle on this service). Rules are tried
    /// in the order they were added; the first that fires raises its exception before the
    /// operation does anything else (after the caller's credentials are checked).
    ///
    /// # Errors
    ///
    /// [`Error::Validation`] for a rate outside 0.0..=1.0.
    pub fn inject_fault(&self, rule: FaultRule) -> Result<()> {
        self.inner.faults.add(rule)
    }

    /// Removes every fault injection rule.
    pub fn clear_faults(&self) {
        self.inner.faults.clear();
    }

    /// The fault injection rules in force (a `NextCalls` rule shows its remaining count).
    pub fn faults(&self) -> Vec<FaultRule> {
        self.inner.faults.rules()
    }

    /// `AssumeRole` (the STS operation): temporary credentials for a session of `role_arn`,
    /// valid for `duration_seconds` (900..43200, default 3600) on the service's clock. Run
    /// operations as the session with [`Caller::from_assume_role`] and
    /// [`as_caller`](Self::as_caller): the principal is
    /// `arn:aws:sts::<account>:assumed-role/<role name>/<session name>`, and key policy
    /// statements naming the role apply to it. datakey models no trust policies: a role
    /// trusts its own account, so any principal of the account may assume any of its roles,
    /// and no principal of another account may (cross-account trust needs a trust policy).
    ///
    /// # Errors
    ///
    /// [`Error::Validation`] for a malformed role ARN, session name (2..64 characters of
    /// `[\w+=,.@-]`) or duration; [`Error::AccessDenied`] (reason
    /// [`AccessDeniedReason::OtherAccount`], STS's message `User: <caller> is not authorized to
    /// perform: sts:AssumeRole on resource: <role ARN>`) for a role of another account or
    /// partition than the caller's; the caller's own credential errors
    /// ([`Error::ExpiredToken`], [`Error::UnrecognizedClient`]).
    pub fn assume_role(&self, req: AssumeRoleRequest) -> Result<AssumeRoleResponse> {
        let now = self.now();
        self.check_session(now, "sts:AssumeRole")?;
        let (account, role, duration) = caller::check_assume_role(&req)?;
        let partition = policy::arn_partition(&req.role_arn).unwrap_or("aws");
        let principal = self.principal();
        if policy::arn_account(principal) != Some(account.as_str())
            || policy::arn_partition(principal) != Some(partition)
        {
            return Err(self.other_account("sts:AssumeRole".to_owned(), req.role_arn.clone()));
        }
        let arn = format!(
            "arn:{partition}:sts::{account}:assumed-role/{role}/{}",
            req.role_session_name
        );
        let rng = &self.inner.rng;
        let mut raw = [0u8; 16 + 17 + 40 + 48];
        rng.fill(&mut raw)?;
        const UPPER: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let pick = |bytes: &[u8], alphabet: &[u8]| -> String {
            bytes
                .iter()
                .map(|b| alphabet[usize::from(*b) % alphabet.len()] as char)
                .collect()
        };
        let access_key_id = format!("ASIA{}", pick(&raw[..16], UPPER));
        let role_id = format!("AROA{}", pick(&raw[16..33], UPPER));
        let secret = pick(&raw[33..73], B64);
        let session_token = ids::hex(&raw[73..]);
        let seconds = u64::try_from(duration).unwrap_or(0);
        let expiration = now
            .checked_add(Duration::from_secs(seconds))
            .ok_or_else(|| {
                Error::KmsInternal("the clock is out of the representable range".into())
            })?;
        self.inner
            .sessions
            .write()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(
                access_key_id.clone(),
                Session {
                    principal_arn: arn.clone(),
                    user_id: format!("{role_id}:{}", req.role_session_name),
                    session_token: session_token.clone(),
                    secret_access_key: crate::SecretBytes::copy_from_slice(secret.as_bytes()),
                    expiration,
                },
            );
        Ok(AssumeRoleResponse {
            credentials: Credentials {
                access_key_id,
                secret_access_key: crate::SecretBytes::from_vec(secret.into_bytes()),
                session_token,
                expiration,
            },
            assumed_role_user: AssumedRoleUser {
                arn,
                assumed_role_id: format!("{role_id}:{}", req.role_session_name),
            },
        })
    }

    /// Checks this handle's session credentials (if any) at `now`.
    fn check_session(&self, now: SystemTime, action: &str) -> Result<()> {
        let Some(caller) = &self.caller else {
            return Ok(());
        };
        let Some(token) = &caller.session else {
            return Ok(());
        };
        let invalid = || {
            Error::UnrecognizedClient(
                "The security token included in the request is invalid.".into(),
            )
        };
        let sessions = self
            .inner
            .sessions
            .read()
            .unwrap_or_else(PoisonError::into_inner);
        let Some(session) = sessions.get(&token.access_key_id) else {
            return Err(invalid());
        };
        if !crate::secret::ct_eq(
            session.session_token.as_bytes(),
            token.session_token.as_bytes(),
        ) || session.principal_arn != caller.principal_arn
        {
            return Err(invalid());
        }
        if now >= session.expiration {
            return Err(Error::ExpiredToken(Box::new(AccessDenied {
                principal: caller.principal_arn.clone(),
                action: action.to_owned(),
                resource: String::new(),
                reason: AccessDeniedReason::CredentialsExpired {
                    expired_at: session.expiration,
                },
            })));
        }
        Ok(())
    }

    /// What [`Self::begin`] checks, for a request refused before its operation runs (the wire's
    /// validation): the caller's credentials and the injected faults still come first.
    #[cfg(feature = "wire")]
    pub(crate) fn preflight(&self, op: Operation) -> Result<()> {
        self.begin(op).map(|_| ())
    }

    /// The start of every operation: the caller's credentials, injected faults, then the
    /// caller's account for an operation that cannot cross accounts.
    fn begin(&self, op: Operation) -> Result<Call> {
        let now = self.now();
        if self.caller.as_ref().is_some_and(|c| c.session.is_some()) {
            self.check_session(now, &format!("kms:{}", op.as_str()))?;
        }
        self.inner.faults.check(op)?;
        if !policy::crosses_accounts(op) && !self.is_home(self.principal()) {
            // AWS names no resource for the account-wide operations; neither is looked up.
            return Err(self.other_account(format!("kms:{}", op.as_str()), "*".to_owned()));
        }
        Ok(Call { now })
    }

    /// Whether `principal` is of this service's account and partition.
    fn is_home(&self, principal: &str) -> bool {
        policy::arn_account(principal) == Some(self.inner.account_id.as_str())
            && policy::arn_partition(principal) == Some(ids::partition(&self.inner.region))
    }

    /// `AccessDeniedException` for this handle's caller, of another account, doing `action`
    /// on `resource`.
    fn other_account(&self, action: String, resource: String) -> Error {
        let principal = self.principal();
        Error::AccessDenied(Box::new(AccessDenied {
            principal: principal.to_owned(),
            action,
            resource,
            reason: AccessDeniedReason::OtherAccount {
                account: policy::arn_account(principal)
                    .unwrap_or_default()
                    .to_owned(),
            },
        }))
    }

    /// Evaluates `policy` for this handle's caller doing `action` on the key `arn`.
    fn authorize(
        &self,
        call: &Call,
        action: &str,
        arn: &str,
        policy: &KeyPolicy,
        encryption_context: Option<&EncryptionContext>,
    ) -> Result<()> {
        let principal = self.principal();
        let req = PolicyRequest {
            principal,
            action,
            resource: arn,
            now: call.now,
            source_ip: self.source_ip(),
            encryption_context,
            via_service: self.via_service.as_deref(),
        };
        policy.evaluate(&req).map_err(|reason| {
            Error::AccessDenied(Box::new(AccessDenied {
                principal: principal.to_owned(),
                action: action.to_owned(),
                resource: arn.to_owned(),
                reason,
            }))
        })
    }

    /// Control-plane authorization: the key's live policy.
    fn authorize_live(&self, call: &Call, action: &str, key: &Key) -> Result<()> {
        let policy = Arc::clone(&key.read().policy);
        self.authorize(call, action, &key.arn, &policy, None)
    }

    /// KMS's lockout safety check: a new policy must let the caller put a policy again.
    fn check_lockout(&self, call: &Call, arn: &str, policy: &KeyPolicy) -> Result<()> {
        self.authorize(call, "kms:PutKeyPolicy", arn, policy, None)
            .map_err(|_| {
                Error::MalformedPolicyDocument(
                    "The new key policy will not allow you to update the key policy in the \
                     future."
                        .to_owned(),
                )
            })
    }

    fn source_ip(&self) -> Option<IpAddr> {
        self.caller.as_ref().and_then(|c| c.source_ip)
    }

    fn now(&self) -> SystemTime {
        self.inner.clock.now()
    }

    fn keys_read(&self) -> RwLockReadGuard<'_, KeyTable> {
        self.inner
            .keys
            .read()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// The write lock on the key table; releasing it publishes the table ([`PublishingWrite`]).
    fn keys_write(&self) -> PublishingWrite<'_, KeyTable> {
        PublishingWrite {
            table: self
                .inner
                .keys
                .write()
                .unwrap_or_else(PoisonError::into_inner),
            published: &self.inner.keys_published,
        }
    }

    /// The published key table, for the data plane: keys are borrowed from it (`&Arc<Key>`)
    /// for the whole call, without a lock or a reference count.
    fn key_table(&self) -> Guard<Arc<KeyTable>> {
        self.inner.keys_published.load()
    }

    fn aliases_read(&self) -> RwLockReadGuard<'_, BTreeMap<String, Alias>> {
        self.inner
            .aliases
            .read()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// The write lock on the aliases; releasing it publishes them ([`PublishingWrite`]).
    fn aliases_write(&self) -> PublishingWrite<'_, BTreeMap<String, Alias>> {
        PublishingWrite {
            table: self
                .inner
                .aliases
                .write()
                .unwrap_or_else(PoisonError::into_inner),
            published: &self.inner.aliases_published,
        }
    }

    fn key_arn(&self, key_id: &str) -> String {
        ids::key_arn(&self.inner.region, &self.inner.account_id, key_id)
    }

    /// Whether this KMS holds the key with exactly this key ARN (no policy check, no fault, no
    /// side effect: the discovery keyring asks it to tell "not my key" from "did not open").
    pub(crate) fn holds_key_arn(&self, arn: &str) -> bool {
        let Some((_, key_id)) = arn.rsplit_once(":key/") else {
            return false;
        };
        self.key_table().get(key_id).is_some_and(|k| k.arn == arn)
    }

    fn alias_arn(&self, alias_name: &str) -> String {
        ids::alias_arn(&self.inner.region, &self.inner.account_id, alias_name)
    }

    fn key_not_found(&self, key_id: &str) -> Error {
        Error::NotFound(format!("Key '{}' does not exist", self.key_arn(key_id)))
    }

    /// The live key with this exact key id, after applying what is due at `now`. A key whose
    /// deletion window has passed is removed here (with its aliases) and reported as absent.
    fn live_key(&self, key_id: &str, now: SystemTime) -> Result<Option<Arc<Key>>> {
        Ok(self
            .live_key_in(&self.key_table(), key_id, now)?
            .map(Arc::clone))
    }

    /// [`live_key`](Self::live_key), borrowed from a published key table.
    fn live_key_in<'t>(
        &self,
        table: &'t KeyTable,
        key_id: &str,
        now: SystemTime,
    ) -> Result<Option<&'t Arc<Key>>> {
        let Some(key) = table.get(key_id) else {
            return Ok(None);
        };
        match key.refresh(now)? {
            Fresh::Live => Ok(Some(key)),
            Fresh::Deleted => {
                self.remove_key(key_id);
                Ok(None)
            }
        }
    }

    fn remove_key(&self, key_id: &str) {
        self.keys_write().remove(key_id);
        self.aliases_write()
            .retain(|_, alias| alias.target_key_id != key_id);
    }

    /// Removes every key whose deletion window has passed (before listing).
    fn purge(&self, now: SystemTime) -> Result<()> {
        let keys: Vec<Arc<Key>> = self.keys_read().values().cloned().collect();
        for key in keys {
            if key.refresh(now)? == Fresh::Deleted {
                self.remove_key(&key.key_id);
            }
        }
        Ok(())
    }

    /// Resolves a key id, key ARN, alias name or alias ARN (already length-checked) to a live
    /// key, with KMS's `NotFound` messages.
    fn resolve(&self, id: &str, now: SystemTime) -> Result<Arc<Key>> {
        self.resolve_in(&self.key_table(), id, now, false)
            .map(Arc::clone)
    }

    /// [`resolve`](Self::resolve) for the data plane: aliases as data-plane callers see them
    /// at `now` (with a propagation delay); the key is borrowed from `table`
    /// ([`key_table`](Self::key_table)).
    fn resolve_data<'t>(
        &self,
        table: &'t KeyTable,
        id: &str,
        now: SystemTime,
    ) -> Result<&'t Arc<Key>> {
        self.resolve_in(table, id, now, true)
    }

    fn resolve_in<'t>(
        &self,
        table: &'t KeyTable,
        id: &str,
        now: SystemTime,
        data_plane: bool,
    ) -> Result<&'t Arc<Key>> {
        let alias_target = |name: &str| {
            if data_plane {
                self.alias_target_visible(name, now)
            } else {
                self.alias_target(name)
            }
        };
        let key_id: String = if id.starts_with("arn:") {
            let Some(arn) = ids::parse_arn(id) else {
                return Err(Error::NotFound(format!("Invalid keyId '{id}'")));
            };
            if arn.region != self.inner.region {
                return Err(Error::NotFound(format!("Invalid arn {}", arn.region)));
            }
            if let Some(alias) = arn.resource.strip_prefix("alias/") {
                let name = format!("alias/{alias}");
                if arn.account != self.inner.account_id {
                    return Err(Error::NotFound(format!("Alias {id} is not found.")));
                }
                alias_target(&name)?
            } else if let Some(kid) = arn.resource.strip_prefix("key/") {
                if arn.account != self.inner.account_id || !ids::is_key_id(kid) {
                    return Err(Error::NotFound(format!("Key '{id}' does not exist")));
                }
                kid.to_owned()
            } else {
                return Err(Error::NotFound(format!("Invalid keyId '{id}'")));
            }
        } else if id.starts_with(ALIAS_PREFIX) {
            alias_target(id)?
        } else if ids::is_key_id(id) {
            id.to_owned()
        } else {
            return Err(Error::NotFound(format!("Invalid keyId '{id}'")));
        };
        self.live_key_in(table, &key_id, now)?
            .ok_or_else(|| self.key_not_found(&key_id))
    }

    /// Resolves a parameter that must name a key by key id or key ARN (not an alias).
    fn resolve_key_only(&self, field: &str, id: &str, now: SystemTime) -> Result<Arc<Key>> {
        ids::check_key_id_param(field, id)?;
        if id.starts_with(ALIAS_PREFIX) || (id.starts_with("arn:") && id.contains(":alias/")) {
            return Err(Error::Validation(
                "Aliases must refer to keys. Not aliases".to_owned(),
            ));
        }
        self.resolve(id, now)
    }

    fn alias_target(&self, name: &str) -> Result<String> {
        // The published aliases: no lock on the way from an alias to its key.
        self.inner
            .aliases_published
            .load()
            .get(name)
            .map(|a| a.target_key_id.clone())
            .ok_or_else(|| Error::NotFound(format!("Alias {} is not found.", self.alias_arn(name))))
    }

    /// The alias's target as data-plane callers see it at `now` (with a propagation delay).
    fn alias_target_visible(&self, name: &str, now: SystemTime) -> Result<String> {
        if self.inner.delay.is_zero() {
            return self.alias_target(name);
        }
        let history = self
            .inner
            .alias_history
            .read()
            .unwrap_or_else(PoisonError::into_inner);
        history
            .get(name)
            .and_then(|h| {
                let i = h.partition_point(|(t, _)| *t <= now);
                i.checked_sub(1).and_then(|i| h[i].1.clone())
            })
            .ok_or_else(|| Error::NotFound(format!("Alias {} is not found.", self.alias_arn(name))))
    }

    /// Records an alias change made at `now` for data-plane callers (with a delay).
    fn record_alias(&self, name: &str, target: Option<String>, now: SystemTime) {
        if self.inner.delay.is_zero() {
            return;
        }
        let at = now.checked_add(self.inner.delay).unwrap_or(now);
        let mut history = self
            .inner
            .alias_history
            .write()
            .unwrap_or_else(PoisonError::into_inner);
        let h = history.entry(name.to_owned()).or_default();
        let i = h.partition_point(|(t, _)| *t <= at);
        h.insert(i, (at, target));
        let visible_now = h.partition_point(|(t, _)| *t <= now);
        if visible_now > 1 {
            h.drain(..visible_now - 1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn is_send_sync_clone() {
        fn check<T: Send + Sync + Clone + 'static>() {}
        check::<LocalKms>();
    }

    #[test]
    fn builder_validates() {
        assert!(LocalKms::builder().region("eu-west-1").build().is_ok());
        assert_eq!(
            LocalKms::builder().region("").build().unwrap_err().name(),
            "ValidationException"
        );
        assert!(LocalKms::builder().region("us:east").build().is_err());
        assert!(LocalKms::builder().account_id("12345").build().is_err());
    }
}
