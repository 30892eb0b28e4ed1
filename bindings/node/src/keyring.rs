//! Keyrings: `RawAesKeyring`, `MultiKeyring`, the KMS keyring made by `kms.keyring(keyId)`, the
//! discovery keyring made by `kms.discoveryKeyring()`, and `CachingKeyring` (with its
//! `DataKeyCache`). Each holds the core keyring behind an `Arc`, so
//! one keyring serves many concurrent messages and streams.

use std::sync::Arc;

use datakey::Keyring as CoreKeyring;
use napi::bindgen_prelude::*;
use napi_derive::napi;

use crate::clock::{duration_from_ms, manual_clock_arg};
use crate::convert::{bytes, describe, number, opt, present, request, string, string_list, uint64};
use crate::error::{OrThrow, range_error, type_error};

/// `RawAesKeyring` constructor options (the fields of `@aws-crypto`'s `RawAesKeyringNode`, with
/// the key as `wrappingKey`).
#[napi(object)]
pub struct RawAesKeyringOptions<'a> {
    /// The key namespace (the EDK provider ID).
    #[napi(ts_type = "string")]
    pub key_namespace: Option<Unknown<'a>>,
    /// The key name.
    #[napi(ts_type = "string")]
    pub key_name: Option<Unknown<'a>>,
    /// The AES wrapping key: 16, 24 or 32 bytes (copied; zeroized when the keyring is freed).
    #[napi(ts_type = "Uint8Array | ArrayBuffer")]
    pub wrapping_key: Option<Unknown<'a>>,
}

/// A raw AES keyring: wraps data keys with a local AES-GCM key, byte-compatible with the AWS
/// Encryption SDK's raw AES keyrings (`RawAesKeyringNode`, ESDK-Python's `RawAESKeyring`) of the
/// same namespace, name and key. Inspecting it shows the namespace and name, never the key.
#[napi]
pub struct RawAesKeyring {
    inner: Arc<datakey::RawAesKeyring>,
}

#[napi]
impl RawAesKeyring {
    /// `new RawAesKeyring({ keyNamespace, keyName, wrappingKey })`. Throws `ValidationException`
    /// for a key that is not 16, 24 or 32 bytes or a reserved namespace, `TypeError` for values of
    /// the wrong type.
    #[napi(
        catch_unwind,
        constructor,
        ts_args_type = "options: RawAesKeyringOptions"
    )]
    pub fn new(env: Env, options: Option<Unknown<'_>>) -> Result<Self> {
        let o: RawAesKeyringOptions<'_> = request(&env, options, "options")?;
        let namespace = string(
            &env,
            present(&env, o.key_namespace)?,
            "options.keyNamespace",
        )?;
        let name = string(&env, present(&env, o.key_name)?, "options.keyName")?;
        let key = bytes(&env, present(&env, o.wrapping_key)?, "options.wrappingKey")?;
        let inner = datakey::RawAesKeyring::new(namespace, name, &key).or_throw(&env)?;
        Ok(Self {
            inner: Arc::new(inner),
        })
    }

    /// The key namespace (the EDK provider ID).
    #[napi(catch_unwind, getter)]
    pub fn key_namespace(&self) -> String {
        self.inner.namespace().to_owned()
    }

    /// The key name.
    #[napi(catch_unwind, getter)]
    pub fn key_name(&self) -> String {
        self.inner.name().to_owned()
    }
}

/// `MultiKeyring` constructor options.
#[napi(object)]
pub struct MultiKeyringOptions<'a> {
    /// The keyring that generates the data key on encrypt.
    #[napi(ts_type = "Keyring")]
    pub generator: Option<Unknown<'a>>,
    /// Keyrings that also wrap the data key on encrypt, and are tried in order on decrypt.
    #[napi(ts_type = "Keyring[]")]
    pub children: Option<Unknown<'a>>,
}

/// A multi-keyring: the generator makes the data key and every child wraps it too; on decrypt,
/// each keyring is tried in turn.
#[napi]
pub struct MultiKeyring {
    inner: Arc<datakey::MultiKeyring>,
    /// Every keyring in it works in memory ([`in_memory`]).
    in_memory: bool,
}

#[napi]
impl MultiKeyring {
    /// `new MultiKeyring({ generator, children })`. Throws `ValidationException` when there is
    /// neither a generator nor a child.
    #[napi(
        catch_unwind,
        constructor,
        ts_args_type = "options: MultiKeyringOptions"
    )]
    pub fn new(env: Env, options: Option<Unknown<'_>>) -> Result<Self> {
        let o: MultiKeyringOptions<'_> = request(&env, options, "options")?;
        let mut all_in_memory = true;
        let generator = opt(o.generator, |v| {
            all_in_memory &= in_memory(v);
            keyring_arg(&env, v, "options.generator")
        })?;
        let children = opt(o.children, |v| {
            if !v.is_array()? {
                return Err(type_error(
                    &env,
                    format!(
                        "The \"options.children\" argument must be an array of keyrings. {}",
                        describe(&v)
                    ),
                ));
            }
            let arr = Array::from_unknown(v)?;
            (0..arr.len())
                .map(|i| {
                    let item: Unknown<'_> = arr.get_element(i)?;
                    all_in_memory &= in_memory(item);
                    keyring_arg(&env, item, &format!("options.children[{i}]"))
                })
                .collect::<Result<Vec<_>>>()
        })?
        .unwrap_or_default();
        let inner = datakey::MultiKeyring::new(generator, children).or_throw(&env)?;
        Ok(Self {
            inner: Arc::new(inner),
            in_memory: all_in_memory,
        })
    }

    /// The number of keyrings (generator included).
    #[napi(catch_unwind, getter)]
    pub fn size(&self) -> u32 {
        let n = usize::from(self.inner.generator().is_some()) + self.inner.children().len();
        u32::try_from(n).unwrap_or(u32::MAX)
    }
}

/// A keyring over one key of a `LocalKms` (made by `kms.keyring(keyId)`): data keys come from
/// `GenerateDataKey` (or `Encrypt`, as a multi-keyring child) and are opened with `Decrypt`, so
/// KMS's rules carry over to messages — a disabled key cannot decrypt, rotated keys still open
/// older messages. The EDKs are the AWS KMS keyring's (`aws-kms`, key ARN, KMS blob).
#[napi]
pub struct KmsKeyring {
    inner: Arc<datakey::KmsKeyring>,
    /// The `LocalKms` has no persistent store.
    in_memory: bool,
}

impl KmsKeyring {
    pub(crate) fn new(env: &Env, kms: &datakey::LocalKms, key_id: Unknown<'_>) -> Result<Self> {
        let key_id = string(env, key_id, "keyId")?;
        let inner = datakey::KmsKeyring::new(kms.clone(), key_id).or_throw(env)?;
        Ok(Self {
            inner: Arc::new(inner),
            in_memory: kms.store_path().is_none(),
        })
    }
}

#[napi]
impl KmsKeyring {
    /// The key ID as given (key ID, key ARN, alias name or alias ARN).
    #[napi(catch_unwind, getter)]
    pub fn key_id(&self) -> String {
        self.inner.key_id().to_owned()
    }
}

/// `kms.discoveryKeyring(options)` options.
#[napi(object)]
pub struct DiscoveryKeyringOptions<'a> {
    /// Only keys of this partition and these accounts (the ESDK's `discoveryFilter`).
    #[napi(ts_type = "DiscoveryFilter")]
    pub discovery_filter: Option<Unknown<'a>>,
}

/// Which key ARNs a discovery keyring may use, as `@aws-crypto`'s `discoveryFilter`.
#[napi(object)]
pub struct DiscoveryFilter<'a> {
    /// The partition: `'aws'`, `'aws-cn'`, `'aws-us-gov'`.
    #[napi(ts_type = "string")]
    pub partition: Option<Unknown<'a>>,
    /// The account IDs allowed in it.
    #[napi(js_name = "accountIDs", ts_type = "string[]")]
    pub account_ids: Option<Unknown<'a>>,
}

/// A decrypt-only keyring over every key of a `LocalKms` (made by `kms.discoveryKeyring()`): it
/// opens any message whose data key a key of that KMS wrapped (the message names the key), as
/// `@aws-crypto`'s discovery KMS keyring does with AWS KMS. Encrypting with it throws a
/// `ValidationException`.
#[napi]
pub struct DiscoveryKeyring {
    inner: Arc<datakey::keyring::DiscoveryKeyring>,
    /// The `LocalKms` has no persistent store.
    in_memory: bool,
}

impl DiscoveryKeyring {
    pub(crate) fn new(
        env: &Env,
        kms: &datakey::LocalKms,
        options: Option<Unknown<'_>>,
    ) -> Result<Self> {
        let o: DiscoveryKeyringOptions<'_> = request(env, options, "options")?;
        let filter = opt(o.discovery_filter, |v| {
            let f: DiscoveryFilter<'_> = request(env, Some(v), "options.discoveryFilter")?;
            let partition = string(
                env,
                present(env, f.partition)?,
                "options.discoveryFilter.partition",
            )?;
            let accounts = string_list(
                env,
                present(env, f.account_ids)?,
                "options.discoveryFilter.accountIDs",
            )?;
            datakey::keyring::DiscoveryFilter::new(partition, accounts).or_throw(env)
        })?;
        let inner = match filter {
            None => datakey::keyring::DiscoveryKeyring::new(kms.clone()),
            Some(f) => datakey::keyring::DiscoveryKeyring::with_filter(kms.clone(), f),
        };
        Ok(Self {
            inner: Arc::new(inner),
            in_memory: kms.store_path().is_none(),
        })
    }
}

#[napi]
impl DiscoveryKeyring {
    /// The discovery filter's partition, or `null` without a filter.
    #[napi(catch_unwind, getter)]
    pub fn partition(&self) -> Option<String> {
        self.inner.filter().map(|f| f.partition().to_owned())
    }

    /// The discovery filter's account IDs, or `null` without a filter.
    #[napi(catch_unwind, getter, js_name = "accountIDs")]
    pub fn account_ids(&self) -> Option<Vec<String>> {
        self.inner.filter().map(|f| f.account_ids().to_vec())
    }
}

/// `DataKeyCache` constructor options.
#[napi(object)]
pub struct DataKeyCacheOptions<'a> {
    /// The most entries it holds, least recently used evicted first (default 1000).
    #[napi(ts_type = "number")]
    pub capacity: Option<Unknown<'a>>,
    /// The clock entry ages are measured on (default: the system clock). Pass a `ManualClock`
    /// in tests.
    #[napi(ts_type = "ManualClock")]
    pub clock: Option<Unknown<'a>>,
}

fn capacity_arg(env: &Env, value: Option<Unknown<'_>>, what: &str) -> Result<Option<usize>> {
    opt(value, |v| {
        let n = uint64(env, v, what)?;
        usize::try_from(n).map_err(|_| {
            range_error(
                env,
                format!("The value of \"{what}\" is out of range. Received {n}"),
            )
        })
    })
}

/// A thread-safe store of cached data keys that several `CachingKeyring`s can share (their
/// entries are separated by partition). Evicted data keys are zeroized.
#[napi]
pub struct DataKeyCache {
    inner: Arc<datakey::keyring::DataKeyCache>,
}

#[napi]
impl DataKeyCache {
    /// `new DataKeyCache({ capacity, clock })`. Throws `ValidationException` for a capacity of 0.
    #[napi(
        catch_unwind,
        constructor,
        ts_args_type = "options?: DataKeyCacheOptions"
    )]
    pub fn new(env: Env, options: Option<Unknown<'_>>) -> Result<Self> {
        let o: DataKeyCacheOptions<'_> = request(&env, options, "options")?;
        let capacity = capacity_arg(&env, o.capacity, "options.capacity")?
            .unwrap_or(datakey::keyring::caching::DEFAULT_CACHE_CAPACITY);
        let clock = manual_clock_arg(&env, o.clock, "options.clock")?
            .unwrap_or_else(|| Arc::new(datakey::SystemClock));
        let inner = datakey::keyring::DataKeyCache::new(capacity, clock).or_throw(&env)?;
        Ok(Self { inner })
    }

    /// The number of entries (including any not yet found expired).
    #[napi(catch_unwind, getter)]
    pub fn size(&self) -> u32 {
        u32::try_from(self.inner.len()).unwrap_or(u32::MAX)
    }

    /// The most entries it holds.
    #[napi(catch_unwind, getter)]
    pub fn capacity(&self) -> f64 {
        self.inner.capacity() as f64
    }

    /// Evicts every entry; returns how many there were.
    #[napi(catch_unwind)]
    pub fn clear(&self) -> u32 {
        u32::try_from(self.inner.clear()).unwrap_or(u32::MAX)
    }

    /// Evicts the entries older than their keyring's `maxAge`; returns how many.
    #[napi(catch_unwind)]
    pub fn purge_expired(&self) -> u32 {
        u32::try_from(self.inner.purge_expired()).unwrap_or(u32::MAX)
    }
}

/// `CachingKeyring` constructor options (the ESDK caching materials manager's limits).
#[napi(object)]
pub struct CachingKeyringOptions<'a> {
    /// The keyring whose data keys are cached (required; usually `kms.keyring(keyId)`).
    #[napi(ts_type = "Keyring")]
    pub keyring: Option<Unknown<'a>>,
    /// How long a cached data key may be used, in milliseconds (required, > 0).
    #[napi(ts_type = "number")]
    pub max_age: Option<Unknown<'a>>,
    /// Messages per cached data key, 1..2^32 (default 2^32): message N+1 gets a new data key.
    #[napi(ts_type = "number")]
    pub max_messages: Option<Unknown<'a>>,
    /// Plaintext bytes per cached data key, 1..2^63 − 1 (default the largest).
    #[napi(ts_type = "number | bigint")]
    pub max_bytes: Option<Unknown<'a>>,
    /// The partition (default: unique to this keyring); keyrings sharing a `cache` share
    /// entries only when they name the same partition.
    #[napi(ts_type = "string")]
    pub partition: Option<Unknown<'a>>,
    /// A cache shared with other keyrings (default: a private one).
    #[napi(ts_type = "DataKeyCache")]
    pub cache: Option<Unknown<'a>>,
    /// The private cache's clock (default: the system clock; a shared cache brings its own).
    #[napi(ts_type = "ManualClock")]
    pub clock: Option<Unknown<'a>>,
    /// The private cache's capacity (default 1000 entries).
    #[napi(ts_type = "number")]
    pub capacity: Option<Unknown<'a>>,
}

/// What a `CachingKeyring` has done so far.
#[napi(object)]
pub struct CacheStats {
    /// Requests served from the cache.
    pub hits: i64,
    /// Requests that went to the wrapped keyring and were cached.
    pub misses: i64,
    /// Requests that went to the wrapped keyring uncached (streams, whose length is not known
    /// up front; messages over `maxBytes`).
    pub bypasses: i64,
}

/// The entries of a `CachingKeyring`'s partition, by kind.
#[napi(object)]
pub struct CacheEntryCounts {
    /// Entries that serve encryption.
    pub encrypt: u32,
    /// Entries that serve decryption.
    pub decrypt: u32,
}

fn count(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// A keyring that reuses the data keys of the keyring it wraps across messages, as the AWS
/// Encryption SDK's caching materials manager: a cached data key serves messages while it is
/// younger than `maxAge` (on the cache's clock) and has encrypted fewer than `maxMessages`
/// messages and at most `maxBytes` bytes. `encrypt` / `encryptSync` are cached (they know the
/// plaintext length); streams pass through to the wrapped keyring, as in the ESDK. Decryption is
/// cached too.
#[napi]
pub struct CachingKeyring {
    pub(crate) inner: Arc<datakey::keyring::CachingKeyring>,
    /// The wrapped keyring works in memory.
    in_memory: bool,
}

#[napi]
impl CachingKeyring {
    /// `new CachingKeyring({ keyring, maxAge, maxMessages, maxBytes, partition, cache, clock,
    /// capacity })`. Throws `ValidationException` for a limit out of range or both `cache` and
    /// `clock`.
    #[napi(
        catch_unwind,
        constructor,
        ts_args_type = "options: CachingKeyringOptions"
    )]
    pub fn new(env: Env, options: Option<Unknown<'_>>) -> Result<Self> {
        let o: CachingKeyringOptions<'_> = request(&env, options, "options")?;
        let wrapped = present(&env, o.keyring)?;
        let inner_in_memory = in_memory(wrapped);
        let inner = keyring_arg(&env, wrapped, "options.keyring")?;
        let max_age = number(&env, present(&env, o.max_age)?, "options.maxAge")?;
        let max_age = duration_from_ms(&env, max_age, "options.maxAge")?;
        let mut builder = datakey::keyring::CachingKeyring::builder(inner, max_age);
        if let Some(n) = opt(o.max_messages, |v| uint64(&env, v, "options.maxMessages"))? {
            builder = builder.max_messages(n);
        }
        if let Some(n) = opt(o.max_bytes, |v| uint64(&env, v, "options.maxBytes"))? {
            builder = builder.max_bytes(n);
        }
        if let Some(p) = opt(o.partition, |v| string(&env, v, "options.partition"))? {
            builder = builder.partition(p);
        }
        if let Some(cache) = opt(o.cache, |v| {
            ClassInstance::<DataKeyCache>::from_unknown(v)
                .map(|c| c.inner.clone())
                .map_err(|_| {
                    type_error(
                        &env,
                        format!(
                            "The \"options.cache\" argument must be an instance of DataKeyCache. {}",
                            describe(&v)
                        ),
                    )
                })
        })? {
            builder = builder.cache(cache);
        }
        if let Some(clock) = manual_clock_arg(&env, o.clock, "options.clock")? {
            builder = builder.clock(clock);
        }
        if let Some(n) = capacity_arg(&env, o.capacity, "options.capacity")? {
            builder = builder.capacity(n);
        }
        Ok(Self {
            inner: Arc::new(builder.build().or_throw(&env)?),
            in_memory: inner_in_memory,
        })
    }

    /// The partition.
    #[napi(catch_unwind, getter)]
    pub fn partition(&self) -> String {
        self.inner.partition().to_owned()
    }

    /// The cache (private or shared).
    #[napi(catch_unwind, getter)]
    pub fn cache(&self) -> DataKeyCache {
        DataKeyCache {
            inner: self.inner.cache().clone(),
        }
    }

    /// The counters so far.
    #[napi(catch_unwind)]
    pub fn stats(&self) -> CacheStats {
        let s = self.inner.stats();
        CacheStats {
            hits: count(s.hits),
            misses: count(s.misses),
            bypasses: count(s.bypasses),
        }
    }

    /// The number of this partition's entries, by kind.
    #[napi(catch_unwind)]
    pub fn entry_counts(&self) -> CacheEntryCounts {
        let (encrypt, decrypt) = self.inner.entry_counts();
        CacheEntryCounts {
            encrypt: u32::try_from(encrypt).unwrap_or(u32::MAX),
            decrypt: u32::try_from(decrypt).unwrap_or(u32::MAX),
        }
    }

    /// Evicts every entry of this keyring's partition; returns how many.
    #[napi(catch_unwind)]
    pub fn invalidate(&self) -> u32 {
        u32::try_from(self.inner.invalidate()).unwrap_or(u32::MAX)
    }

    /// Evicts this partition's entries for exactly this encryption context; returns how many.
    #[napi(
        catch_unwind,
        ts_args_type = "encryptionContext: Record<string, string>"
    )]
    pub fn invalidate_encryption_context(
        &self,
        env: Env,
        encryption_context: Unknown<'_>,
    ) -> Result<u32> {
        let ec = crate::convert::encryption_context(&env, encryption_context, "encryptionContext")?;
        let n = self
            .inner
            .invalidate_encryption_context(&ec)
            .or_throw(&env)?;
        Ok(u32::try_from(n).unwrap_or(u32::MAX))
    }
}

/// Any keyring: what `encrypt`, `decrypt`, the streams and `MultiKeyring` accept.
#[napi]
pub type Keyring =
    Either5<RawAesKeyring, MultiKeyring, KmsKeyring, DiscoveryKeyring, CachingKeyring>;

/// Whether `value` is a keyring that works purely in memory — a `RawAesKeyring`, the keyring of a
/// `LocalKms` without a persistent store, or a multi or caching keyring made only of those — so
/// that its operations never wait for a file or a lock held across I/O. `false` for anything
/// else (including values that are not keyrings).
pub(crate) fn in_memory(value: Unknown<'_>) -> bool {
    if ClassInstance::<RawAesKeyring>::from_unknown(value).is_ok() {
        return true;
    }
    if let Ok(k) = ClassInstance::<KmsKeyring>::from_unknown(value) {
        return k.in_memory;
    }
    if let Ok(k) = ClassInstance::<DiscoveryKeyring>::from_unknown(value) {
        return k.in_memory;
    }
    if let Ok(k) = ClassInstance::<MultiKeyring>::from_unknown(value) {
        return k.in_memory;
    }
    if let Ok(k) = ClassInstance::<CachingKeyring>::from_unknown(value) {
        return k.in_memory;
    }
    false
}

/// The core keyring behind any of the binding's keyring classes, or a `TypeError`.
pub(crate) fn keyring_arg(
    env: &Env,
    value: Unknown<'_>,
    what: &str,
) -> Result<Arc<dyn CoreKeyring>> {
    if let Ok(k) = ClassInstance::<RawAesKeyring>::from_unknown(value) {
        return Ok(k.inner.clone());
    }
    if let Ok(k) = ClassInstance::<MultiKeyring>::from_unknown(value) {
        return Ok(k.inner.clone());
    }
    if let Ok(k) = ClassInstance::<KmsKeyring>::from_unknown(value) {
        return Ok(k.inner.clone());
    }
    if let Ok(k) = ClassInstance::<DiscoveryKeyring>::from_unknown(value) {
        return Ok(k.inner.clone());
    }
    if let Ok(k) = ClassInstance::<CachingKeyring>::from_unknown(value) {
        return Ok(k.inner.clone());
    }
    Err(type_error(
        env,
        format!(
            "The \"{what}\" argument must be a keyring (RawAesKeyring, MultiKeyring, \
             CachingKeyring or a keyring of a LocalKms). {}",
            describe(&value)
        ),
    ))
}

/// The keyring of a one-shot `encrypt`: a `CachingKeyring` encrypts through the core's
/// length-aware [`datakey::keyring::CachingKeyring::encrypt`] (the plaintext length is known, so
/// the message counts against the cache's limits); any other keyring through `datakey::encrypt`.
pub(crate) enum EncryptingKeyring {
    /// A caching keyring.
    Caching(Arc<datakey::keyring::CachingKeyring>),
    /// Any other keyring.
    Other(Arc<dyn CoreKeyring>),
}

impl EncryptingKeyring {
    /// Encrypts one message.
    pub(crate) fn encrypt(
        &self,
        plaintext: &[u8],
        opts: &datakey::EncryptOptions,
    ) -> datakey::Result<Vec<u8>> {
        match self {
            Self::Caching(k) => k.encrypt(plaintext, opts),
            Self::Other(k) => datakey::encrypt(plaintext, k.as_ref(), opts),
        }
    }
}

/// [`keyring_arg`] for a one-shot `encrypt`.
pub(crate) fn encrypting_keyring_arg(
    env: &Env,
    value: Unknown<'_>,
    what: &str,
) -> Result<EncryptingKeyring> {
    // The common case first: each failed class check builds (and drops) a napi error.
    if let Ok(k) = ClassInstance::<RawAesKeyring>::from_unknown(value) {
        return Ok(EncryptingKeyring::Other(k.inner.clone()));
    }
    if let Ok(k) = ClassInstance::<CachingKeyring>::from_unknown(value) {
        return Ok(EncryptingKeyring::Caching(k.inner.clone()));
    }
    keyring_arg(env, value, what).map(EncryptingKeyring::Other)
}
