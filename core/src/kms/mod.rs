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
//!   table sits behind a read-write lock taken for reading on the data-key path; each key has
//!   its own lock, taken for writing only by state changes and rotations, and the cryptography
//!   runs outside every lock.
//!
//! Not modelled: grants, key policies, tags, custom key stores, multi-Region replicas,
//! `GetParametersForImport` (import takes the raw 32 bytes), and asymmetric cryptography (no
//! RSA or EC key is ever generated).
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

mod api;
mod blob;
mod ids;
mod ops;
mod persist;
mod store;
mod types;

use core::fmt;
use std::collections::BTreeMap;
use std::sync::{Arc, PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};
use std::time::SystemTime;

use crate::clock::{SharedClock, SystemClock};
use crate::error::{Error, Result};

pub use api::*;
pub use blob::{BLOB_VERSION, HKDF_INFO, MATERIAL_ID_LEN, MAX_BLOB_LEN, SALT_LEN};
pub use ids::{
    ALIAS_PREFIX, MAX_ALIAS_NAME_LEN, MAX_KEY_ID_PARAM_LEN, RESERVED_ALIAS_PREFIX, is_key_id,
    validate_alias_name,
};
pub use persist::{
    Argon2Params, ENV_PASSPHRASE, ENV_ROOT_KEY, ENV_STORE, LOCK_FILE_NAME, RootKey,
    STORE_FILE_NAME, STORE_FORMAT_VERSION, store_dir,
};
pub use types::{
    DataKeySpec, EncryptionAlgorithmSpec, ExpirationModel, ImportType, KeyManager,
    KeyMaterialState, KeySpec, KeyState, KeyUsage, Origin, RotationType,
};

use store::{Fresh, Key};

/// The default region of [`LocalKms::new`].
pub const DEFAULT_REGION: &str = "us-east-1";
/// The default account of [`LocalKms::new`].
pub const DEFAULT_ACCOUNT_ID: &str = "111122223333";
/// At most this many `RotateKeyOnDemand` calls per key.
pub const MAX_ON_DEMAND_ROTATIONS: u32 = 25;

/// The in-process KMS. Cheap to clone: clones share the same keys and aliases.
///
/// `Debug` shows the region, the account and the number of keys — never key material.
#[derive(Clone)]
pub struct LocalKms {
    inner: Arc<Inner>,
}

struct Inner {
    region: String,
    account_id: String,
    clock: SharedClock,
    keys: RwLock<BTreeMap<String, Arc<Key>>>,
    aliases: RwLock<BTreeMap<String, Alias>>,
    /// The on-disk store, for a service from [`LocalKms::open`] (see `persist`).
    persist: Option<persist::Persist>,
}

#[derive(Debug, Clone)]
struct Alias {
    target_key_id: String,
    creation_date: SystemTime,
    last_updated_date: SystemTime,
}

/// Configures a [`LocalKms`]: region, account and clock.
#[derive(Debug, Clone)]
pub struct LocalKmsBuilder {
    region: String,
    account_id: String,
    clock: SharedClock,
}

impl Default for LocalKmsBuilder {
    fn default() -> Self {
        Self {
            region: DEFAULT_REGION.to_owned(),
            account_id: DEFAULT_ACCOUNT_ID.to_owned(),
            clock: Arc::new(SystemClock),
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

    /// The clock behind creation dates, deletion windows, expiry and automatic rotation
    /// (default [`SystemClock`]; tests use a [`ManualClock`](crate::ManualClock)).
    pub fn clock(mut self, clock: SharedClock) -> Self {
        self.clock = clock;
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
        Ok(LocalKms {
            inner: Arc::new(Inner {
                region: self.region,
                account_id: self.account_id,
                clock: self.clock,
                keys: RwLock::new(BTreeMap::new()),
                aliases: RwLock::new(BTreeMap::new()),
                persist: None,
            }),
        })
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
            .field("keys", &self.keys_read().len())
            .field("aliases", &self.aliases_read().len())
            .finish_non_exhaustive()
    }
}

impl LocalKms {
    /// A service in region `us-east-1`, account `111122223333`, on the system clock.
    pub fn new() -> Self {
        Self {
            inner: Arc::new(Inner {
                region: DEFAULT_REGION.to_owned(),
                account_id: DEFAULT_ACCOUNT_ID.to_owned(),
                clock: Arc::new(SystemClock),
                keys: RwLock::new(BTreeMap::new()),
                aliases: RwLock::new(BTreeMap::new()),
                persist: None,
            }),
        }
    }

    /// A builder to choose the region, account and clock.
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

    fn now(&self) -> SystemTime {
        self.inner.clock.now()
    }

    fn keys_read(&self) -> RwLockReadGuard<'_, BTreeMap<String, Arc<Key>>> {
        self.inner
            .keys
            .read()
            .unwrap_or_else(PoisonError::into_inner)
    }

    fn keys_write(&self) -> RwLockWriteGuard<'_, BTreeMap<String, Arc<Key>>> {
        self.inner
            .keys
            .write()
            .unwrap_or_else(PoisonError::into_inner)
    }

    fn aliases_read(&self) -> RwLockReadGuard<'_, BTreeMap<String, Alias>> {
        self.inner
            .aliases
            .read()
            .unwrap_or_else(PoisonError::into_inner)
    }

    fn aliases_write(&self) -> RwLockWriteGuard<'_, BTreeMap<String, Alias>> {
        self.inner
            .aliases
            .write()
            .unwrap_or_else(PoisonError::into_inner)
    }

    fn key_arn(&self, key_id: &str) -> String {
        ids::key_arn(&self.inner.region, &self.inner.account_id, key_id)
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
        let Some(key) = self.keys_read().get(key_id).cloned() else {
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
                self.alias_target(&name)?
            } else if let Some(kid) = arn.resource.strip_prefix("key/") {
                if arn.account != self.inner.account_id || !ids::is_key_id(kid) {
                    return Err(Error::NotFound(format!("Key '{id}' does not exist")));
                }
                kid.to_owned()
            } else {
                return Err(Error::NotFound(format!("Invalid keyId '{id}'")));
            }
        } else if id.starts_with(ALIAS_PREFIX) {
            self.alias_target(id)?
        } else if ids::is_key_id(id) {
            id.to_owned()
        } else {
            return Err(Error::NotFound(format!("Invalid keyId '{id}'")));
        };
        self.live_key(&key_id, now)?
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
        self.aliases_read()
            .get(name)
            .map(|a| a.target_key_id.clone())
            .ok_or_else(|| Error::NotFound(format!("Alias {} is not found.", self.alias_arn(name))))
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
