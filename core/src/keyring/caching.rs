//! The data-key cache: a keyring that reuses data keys across messages, as the AWS Encryption
//! SDK's caching cryptographic materials manager does (`spec: framework/caching-cmm.md`,
//! `framework/local-cryptographic-materials-cache.md`).
//!
//! A [`CachingKeyring`] wraps another keyring (usually a [`KmsKeyring`](super::KmsKeyring), whose
//! every data key costs a KMS call). Encrypting reuses a cached data key — with its encrypted
//! data keys, so every message still carries EDKs any reader can open — while the entry is
//! younger than `max_age` and has encrypted fewer than `max_messages` messages and at most
//! `max_bytes` bytes; decrypting reuses the data key of a message with the same EDKs and context
//! while the entry is younger than `max_age`.
//!
//! ```
//! use std::sync::Arc;
//! use std::time::Duration;
//! use datakey::keyring::{CachingKeyring, RawAesKeyring};
//! use datakey::message::{self, DecryptOptions, EncryptOptions};
//!
//! let inner = Arc::new(RawAesKeyring::new("ns", "key", &[7u8; 32])?);
//! let cache = CachingKeyring::builder(inner, Duration::from_secs(300))
//!     .max_messages(100)
//!     .build()?;
//! let opts = EncryptOptions::default();
//! let m1 = cache.encrypt(b"first", &opts)?;
//! let m2 = cache.encrypt(b"second", &opts)?;
//! assert_eq!(cache.stats().hits, 1); // the second message reused the first one's data key
//! let back = message::decrypt(&m2, &cache, &DecryptOptions::default())?;
//! assert_eq!(&back.plaintext[..], b"second");
//! # let _ = m1;
//! # Ok::<(), datakey::Error>(())
//! ```
//!
//! # Rules (the ESDK's)
//!
//! - **Limits per cached data key.** An entry serves a message while its age is at most
//!   `max_age` (on the cache's injectable clock), it has served fewer than `max_messages`
//!   messages, and its byte count plus this message's length stays within `max_bytes`.
//!   Otherwise the entry is evicted and the message gets a new data key, cached in its place:
//!   with `max_messages = N`, messages 1..N share a data key and message N+1 gets a new one.
//!   A message longer than `max_bytes` bypasses the cache.
//! - **Known length only.** Encryption is cached only when the plaintext length is known up
//!   front: use [`CachingKeyring::encrypt`], or [`CachingKeyring::for_plaintext_len`] with the
//!   streaming API. Used directly as a [`Keyring`] for encryption (length unknown), it passes
//!   the request to the wrapped keyring uncached, as the ESDK does; [`stats`] counts these
//!   bypasses. Decryption is cached either way.
//! - **Entries are separated** by partition (each keyring's own unless set, so keyrings
//!   sharing one [`DataKeyCache`] share entries only when they name the same partition),
//!   algorithm suite, encryption context and, for decryption, the set of EDKs. Identity-KDF
//!   suites (`0x0014`, `0x0046`, `0x0078`) are never cached.
//! - **Eviction** happens when an entry is found expired or used up, when the cache is over its
//!   capacity (least recently used first), and on explicit invalidation
//!   ([`CachingKeyring::invalidate`], [`CachingKeyring::invalidate_encryption_context`],
//!   [`DataKeyCache::clear`], [`DataKeyCache::purge_expired`]). An evicted entry's data key is
//!   zeroized (it is a [`SecretBytes`]).
//! - **Thread safe.** One lock guards the entries; the wrapped keyring runs outside it (two
//!   threads missing together may both create a data key; one of them is cached).
//!
//! [`stats`]: CachingKeyring::stats

use core::fmt;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, SystemTime};

use crate::crypto::Sha512;

use crate::clock::{SharedClock, SystemClock};
use crate::ec::EncryptionContext;
use crate::error::{Error, Result};
use crate::keyring::{
    DecryptionMaterials, EncryptedDataKey, EncryptionMaterials, Keyring, Nesting,
};
use crate::materials::AlgorithmSuite;
use crate::secret::SecretBytes;

/// The capacity of a keyring's private cache when none is given.
pub const DEFAULT_CACHE_CAPACITY: usize = 1000;
/// The default and largest `max_messages` (2^32, the ESDK's).
pub const MAX_MESSAGES_LIMIT: u64 = 1 << 32;
/// The default and largest `max_bytes` (2^63 − 1, the ESDK's).
pub const MAX_BYTES_LIMIT: u64 = (1 << 63) - 1;

type Digest64 = [u8; 64];

fn sha512(parts: &[&[u8]]) -> Digest64 {
    let mut h = Sha512::new();
    for p in parts {
        h.update(p);
    }
    let mut out = [0u8; 64];
    out.copy_from_slice(&h.finalize());
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Encrypt,
    Decrypt,
}

struct Entry {
    partition: Digest64,
    context: Digest64,
    kind: Kind,
    created: SystemTime,
    max_age: Duration,
    last_used: u64,
    messages: u64,
    bytes: u64,
    /// Zeroized when the entry is dropped (evicted).
    data_key: SecretBytes,
    edks: Vec<EncryptedDataKey>,
}

impl Entry {
    /// ESDK rule: too old once its age exceeds `max_age`.
    fn expired(&self, now: SystemTime) -> bool {
        match now.duration_since(self.created) {
            Ok(age) => age > self.max_age,
            // The clock went back: the entry is not older than its max age.
            Err(_) => false,
        }
    }
}

struct State {
    entries: HashMap<Digest64, Entry>,
    tick: u64,
}

/// A thread-safe store of cached data keys, shared by any number of [`CachingKeyring`]s
/// (entries are separated by partition). Times come from its injectable clock.
pub struct DataKeyCache {
    state: Mutex<State>,
    capacity: usize,
    clock: SharedClock,
}

impl fmt::Debug for DataKeyCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DataKeyCache")
            .field("entries", &self.len())
            .field("capacity", &self.capacity)
            .finish_non_exhaustive()
    }
}

impl DataKeyCache {
    /// A cache of at most `capacity` entries on `clock`.
    ///
    /// # Errors
    ///
    /// [`Error::Validation`] for a capacity of 0.
    pub fn new(capacity: usize, clock: SharedClock) -> Result<Arc<Self>> {
        if capacity == 0 {
            return Err(Error::Validation(
                "A data-key cache needs a capacity of at least 1 entry.".into(),
            ));
        }
        Ok(Arc::new(Self {
            state: Mutex::new(State {
                entries: HashMap::new(),
                tick: 0,
            }),
            capacity,
            clock,
        }))
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The number of entries (including any not yet found expired).
    pub fn len(&self) -> usize {
        self.lock().entries.len()
    }

    /// True when the cache holds no entry.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The most entries the cache holds.
    pub fn capacity(&self) -> usize {
        self.capacity
    }

    /// Evicts every entry (their data keys are zeroized). Returns how many there were.
    pub fn clear(&self) -> usize {
        let mut st = self.lock();
        let n = st.entries.len();
        st.entries.clear();
        n
    }

    /// Evicts the entries older than their keyring's `max_age`. Returns how many.
    pub fn purge_expired(&self) -> usize {
        let now = self.clock.now();
        self.evict(|e| e.expired(now))
    }

    fn evict(&self, mut pred: impl FnMut(&Entry) -> bool) -> usize {
        let mut st = self.lock();
        let before = st.entries.len();
        st.entries.retain(|_, e| !pred(e));
        before - st.entries.len()
    }

    fn insert(&self, id: Digest64, mut entry: Entry) {
        let mut st = self.lock();
        st.tick += 1;
        entry.last_used = st.tick;
        st.entries.insert(id, entry);
        while st.entries.len() > self.capacity {
            let lru = st
                .entries
                .iter()
                .min_by_key(|(_, e)| e.last_used)
                .map(|(k, _)| *k);
            match lru {
                Some(k) => {
                    st.entries.remove(&k);
                }
                None => break,
            }
        }
    }
}

/// Counters of a [`CachingKeyring`], for tests and monitoring.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CacheStats {
    /// Requests served from the cache.
    pub hits: u64,
    /// Requests that went to the wrapped keyring and were cached.
    pub misses: u64,
    /// Requests that went to the wrapped keyring uncached (unknown or too large plaintext,
    /// identity-KDF suite, materials that already held a data key).
    pub bypasses: u64,
}

#[derive(Default)]
struct Counters {
    hits: AtomicU64,
    misses: AtomicU64,
    bypasses: AtomicU64,
}

/// A keyring that caches the data keys of the keyring it wraps (see the module docs).
pub struct CachingKeyring {
    inner: Arc<dyn Keyring>,
    cache: Arc<DataKeyCache>,
    partition: String,
    partition_digest: Digest64,
    max_age: Duration,
    max_messages: u64,
    max_bytes: u64,
    counters: Counters,
    nesting: Nesting,
}

impl fmt::Debug for CachingKeyring {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CachingKeyring")
            .field("inner", &self.inner)
            .field("partition", &self.partition)
            .field("max_age", &self.max_age)
            .field("max_messages", &self.max_messages)
            .field("max_bytes", &self.max_bytes)
            .field("cache", &self.cache)
            .finish()
    }
}

/// Configures a [`CachingKeyring`].
#[derive(Debug)]
pub struct CachingKeyringBuilder {
    inner: Arc<dyn Keyring>,
    max_age: Duration,
    max_messages: u64,
    max_bytes: u64,
    partition: Option<String>,
    cache: Option<Arc<DataKeyCache>>,
    clock: Option<SharedClock>,
    capacity: usize,
}

impl CachingKeyringBuilder {
    /// Messages per cached data key, 1..=2^32 (default 2^32).
    pub fn max_messages(mut self, n: u64) -> Self {
        self.max_messages = n;
        self
    }

    /// Plaintext bytes per cached data key, 1..=2^63 − 1 (default 2^63 − 1).
    pub fn max_bytes(mut self, n: u64) -> Self {
        self.max_bytes = n;
        self
    }

    /// The partition (default: unique to this keyring). Keyrings sharing a [`DataKeyCache`]
    /// share entries only when they name the same partition.
    pub fn partition(mut self, partition: impl Into<String>) -> Self {
        self.partition = Some(partition.into());
        self
    }

    /// A cache shared with other keyrings (default: a private cache).
    pub fn cache(mut self, cache: Arc<DataKeyCache>) -> Self {
        self.cache = Some(cache);
        self
    }

    /// The clock of the private cache (default [`SystemClock`]; tests use a
    /// [`ManualClock`](crate::ManualClock)). A shared cache brings its own clock.
    pub fn clock(mut self, clock: SharedClock) -> Self {
        self.clock = Some(clock);
        self
    }

    /// The capacity of the private cache (default 1000 entries).
    pub fn capacity(mut self, capacity: usize) -> Self {
        self.capacity = capacity;
        self
    }

    /// Builds the keyring.
    ///
    /// # Errors
    ///
    /// [`Error::Validation`] for a zero `max_age`, `max_messages` outside 1..=2^32,
    /// `max_bytes` outside 1..=2^63 − 1, a zero capacity, or both a shared cache and a clock;
    /// when the keyring would nest keyrings more than
    /// [`MAX_KEYRING_DEPTH`](crate::keyring::MAX_KEYRING_DEPTH) deep or reach more than
    /// [`MAX_KEYRINGS_REACHED`](crate::keyring::MAX_KEYRINGS_REACHED).
    pub fn build(self) -> Result<CachingKeyring> {
        let nesting = Nesting::holding([&self.inner]).check("caching keyring")?;
        if self.max_age.is_zero() {
            return Err(Error::Validation(
                "max_age must be greater than zero.".into(),
            ));
        }
        if !(1..=MAX_MESSAGES_LIMIT).contains(&self.max_messages) {
            return Err(Error::Validation(format!(
                "max_messages must be between 1 and {MAX_MESSAGES_LIMIT}, not {}.",
                self.max_messages
            )));
        }
        if !(1..=MAX_BYTES_LIMIT).contains(&self.max_bytes) {
            return Err(Error::Validation(format!(
                "max_bytes must be between 1 and {MAX_BYTES_LIMIT}, not {}.",
                self.max_bytes
            )));
        }
        let cache = match (self.cache, self.clock) {
            (Some(_), Some(_)) => {
                return Err(Error::Validation(
                    "A shared cache brings its own clock: set the clock on the DataKeyCache."
                        .into(),
                ));
            }
            (Some(cache), None) => cache,
            (None, clock) => DataKeyCache::new(
                self.capacity,
                clock.unwrap_or_else(|| Arc::new(SystemClock)),
            )?,
        };
        let partition = match self.partition {
            Some(p) => p,
            None => {
                let mut r = [0u8; 16];
                crate::crypto::fill_random(&mut r)?;
                r.iter().map(|b| format!("{b:02x}")).collect()
            }
        };
        let partition_digest = sha512(&[partition.as_bytes()]);
        Ok(CachingKeyring {
            inner: self.inner,
            cache,
            partition,
            partition_digest,
            max_age: self.max_age,
            max_messages: self.max_messages,
            max_bytes: self.max_bytes,
            counters: Counters::default(),
            nesting,
        })
    }
}

impl CachingKeyring {
    /// A builder over `inner` whose cached data keys live at most `max_age` (required, > 0).
    pub fn builder(inner: Arc<dyn Keyring>, max_age: Duration) -> CachingKeyringBuilder {
        CachingKeyringBuilder {
            inner,
            max_age,
            max_messages: MAX_MESSAGES_LIMIT,
            max_bytes: MAX_BYTES_LIMIT,
            partition: None,
            cache: None,
            clock: None,
            capacity: DEFAULT_CACHE_CAPACITY,
        }
    }

    /// The partition.
    pub fn partition(&self) -> &str {
        &self.partition
    }

    /// The cache (private or shared).
    pub fn cache(&self) -> &Arc<DataKeyCache> {
        &self.cache
    }

    /// The counters so far.
    pub fn stats(&self) -> CacheStats {
        CacheStats {
            hits: self.counters.hits.load(Ordering::Relaxed),
            misses: self.counters.misses.load(Ordering::Relaxed),
            bypasses: self.counters.bypasses.load(Ordering::Relaxed),
        }
    }

    /// Evicts every entry of this keyring's partition. Returns how many.
    pub fn invalidate(&self) -> usize {
        let p = self.partition_digest;
        self.cache.evict(|e| e.partition == p)
    }

    /// Evicts this partition's entries (encrypt and decrypt) for exactly this encryption
    /// context. Returns how many.
    ///
    /// # Errors
    ///
    /// [`Error::Validation`] when the context does not serialize (over 65 535 bytes).
    pub fn invalidate_encryption_context(&self, ec: &EncryptionContext) -> Result<usize> {
        let c = sha512(&[&ec.serialize()?]);
        let p = self.partition_digest;
        Ok(self.cache.evict(|e| e.partition == p && e.context == c))
    }

    /// This keyring for a message of `plaintext_len` bytes: encryption through the returned
    /// keyring is cached and counted against the limits (use it with
    /// [`Encryptor`](crate::message::Encryptor) or
    /// [`encrypt_stream`](crate::message::encrypt_stream) when the length is known).
    pub fn for_plaintext_len(&self, plaintext_len: u64) -> SizedCachingKeyring<'_> {
        SizedCachingKeyring {
            keyring: self,
            plaintext_len,
        }
    }

    fn bypass_encrypt(&self, materials: &mut EncryptionMaterials) -> Result<()> {
        self.counters.bypasses.fetch_add(1, Ordering::Relaxed);
        self.inner.on_encrypt(materials)
    }

    fn encrypt_id(&self, suite: AlgorithmSuite, context: &Digest64) -> Digest64 {
        sha512(&[
            &self.partition_digest,
            &[0x01],
            &suite.id().to_be_bytes(),
            context,
        ])
    }

    fn decrypt_id(
        &self,
        suite: AlgorithmSuite,
        edks: &[EncryptedDataKey],
        context: &Digest64,
    ) -> Digest64 {
        let mut edk_digests: Vec<Digest64> = edks
            .iter()
            .map(|e| {
                let len = |b: &[u8]| u16::try_from(b.len()).unwrap_or(u16::MAX).to_be_bytes();
                sha512(&[
                    &len(e.provider_id.as_bytes()),
                    e.provider_id.as_bytes(),
                    &len(&e.provider_info),
                    &e.provider_info,
                    &len(&e.ciphertext),
                    &e.ciphertext,
                ])
            })
            .collect();
        edk_digests.sort_unstable();
        let mut h = Sha512::new();
        h.update(self.partition_digest);
        h.update(suite.id().to_be_bytes());
        for d in &edk_digests {
            h.update(d);
        }
        h.update([0u8; 64]);
        h.update(context);
        let mut out = [0u8; 64];
        out.copy_from_slice(&h.finalize());
        out
    }

    fn cacheable(suite: AlgorithmSuite) -> bool {
        // Identity-KDF suites (00xx) use the data key directly: never cached.
        suite.id() >= 0x0100
    }

    fn on_encrypt_sized(&self, materials: &mut EncryptionMaterials, len: u64) -> Result<()> {
        let suite = materials.suite();
        if materials.data_key().is_some()
            || !materials.encrypted_data_keys().is_empty()
            || !Self::cacheable(suite)
            || len > self.max_bytes
        {
            return self.bypass_encrypt(materials);
        }
        let context = sha512(&[materials.serialized_context()]);
        let id = self.encrypt_id(suite, &context);
        let now = self.cache.clock.now();
        {
            let mut st = self.cache.lock();
            st.tick += 1;
            let tick = st.tick;
            let usable = st.entries.get(&id).map(|e| {
                !e.expired(now)
                    && e.messages < self.max_messages
                    && e.bytes
                        .checked_add(len)
                        .is_some_and(|b| b <= self.max_bytes)
            });
            match usable {
                Some(true) => {
                    if let Some(e) = st.entries.get_mut(&id) {
                        e.messages += 1;
                        e.bytes += len;
                        e.last_used = tick;
                        materials.set_data_key(SecretBytes::copy_from_slice(
                            e.data_key.expose_secret(),
                        ))?;
                        for edk in &e.edks {
                            materials.add_encrypted_data_key(edk.clone());
                        }
                        self.counters.hits.fetch_add(1, Ordering::Relaxed);
                        return Ok(());
                    }
                }
                // Expired or used up: evict (zeroizes the data key), then a new one.
                Some(false) => {
                    st.entries.remove(&id);
                }
                None => {}
            }
        }
        let mut fresh = EncryptionMaterials::new(suite, materials.encryption_context().clone())?;
        self.inner.on_encrypt(&mut fresh)?;
        let (data_key, edks) = fresh.into_parts();
        let Some(data_key) = data_key else {
            return Err(Error::Validation(
                "The keyring under a CachingKeyring must generate data keys.".into(),
            ));
        };
        materials.set_data_key(SecretBytes::copy_from_slice(data_key.expose_secret()))?;
        for edk in &edks {
            materials.add_encrypted_data_key(edk.clone());
        }
        self.cache.insert(
            id,
            Entry {
                partition: self.partition_digest,
                context,
                kind: Kind::Encrypt,
                created: now,
                max_age: self.max_age,
                last_used: 0,
                messages: 1,
                bytes: len,
                data_key,
                edks,
            },
        );
        self.counters.misses.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    fn on_decrypt_cached(
        &self,
        materials: &mut DecryptionMaterials,
        edks: &[EncryptedDataKey],
    ) -> Result<()> {
        let suite = materials.suite();
        if materials.data_key().is_some() || !Self::cacheable(suite) {
            self.counters.bypasses.fetch_add(1, Ordering::Relaxed);
            return self.inner.on_decrypt(materials, edks);
        }
        let context = sha512(&[materials.serialized_context()]);
        let id = self.decrypt_id(suite, edks, &context);
        let now = self.cache.clock.now();
        {
            let mut st = self.cache.lock();
            st.tick += 1;
            let tick = st.tick;
            match st.entries.get_mut(&id) {
                Some(e) if !e.expired(now) => {
                    e.last_used = tick;
                    e.messages = e.messages.saturating_add(1);
                    materials
                        .set_data_key(SecretBytes::copy_from_slice(e.data_key.expose_secret()))?;
                    self.counters.hits.fetch_add(1, Ordering::Relaxed);
                    return Ok(());
                }
                Some(_) => {
                    st.entries.remove(&id);
                }
                None => {}
            }
        }
        self.inner.on_decrypt(materials, edks)?;
        if let Some(key) = materials.data_key() {
            self.cache.insert(
                id,
                Entry {
                    partition: self.partition_digest,
                    context,
                    kind: Kind::Decrypt,
                    created: now,
                    max_age: self.max_age,
                    last_used: 0,
                    messages: 1,
                    bytes: 0,
                    data_key: SecretBytes::copy_from_slice(key.expose_secret()),
                    edks: Vec::new(),
                },
            );
            self.counters.misses.fetch_add(1, Ordering::Relaxed);
        }
        Ok(())
    }

    /// The number of this partition's entries of each kind: `(encrypt, decrypt)`.
    pub fn entry_counts(&self) -> (usize, usize) {
        let st = self.cache.lock();
        let mine = st
            .entries
            .values()
            .filter(|e| e.partition == self.partition_digest);
        mine.fold((0, 0), |(enc, dec), e| match e.kind {
            Kind::Encrypt => (enc + 1, dec),
            Kind::Decrypt => (enc, dec + 1),
        })
    }
}

impl Keyring for CachingKeyring {
    /// Without a known plaintext length the request bypasses the cache (ESDK rule); see
    /// [`CachingKeyring::for_plaintext_len`].
    fn on_encrypt(&self, materials: &mut EncryptionMaterials) -> Result<()> {
        self.bypass_encrypt(materials)
    }

    fn on_decrypt(
        &self,
        materials: &mut DecryptionMaterials,
        edks: &[EncryptedDataKey],
    ) -> Result<()> {
        self.on_decrypt_cached(materials, edks)
    }

    fn offered_keys(&self) -> Vec<(String, String)> {
        self.inner.offered_keys()
    }

    fn nesting(&self) -> Nesting {
        self.nesting
    }

    fn offers_any(&self, edks: &[EncryptedDataKey]) -> bool {
        self.inner.offers_any(edks)
    }
}

/// A [`CachingKeyring`] bound to one message's plaintext length
/// ([`CachingKeyring::for_plaintext_len`]).
#[derive(Debug, Clone, Copy)]
pub struct SizedCachingKeyring<'a> {
    keyring: &'a CachingKeyring,
    plaintext_len: u64,
}

impl Keyring for SizedCachingKeyring<'_> {
    fn on_encrypt(&self, materials: &mut EncryptionMaterials) -> Result<()> {
        self.keyring.on_encrypt_sized(materials, self.plaintext_len)
    }

    fn on_decrypt(
        &self,
        materials: &mut DecryptionMaterials,
        edks: &[EncryptedDataKey],
    ) -> Result<()> {
        self.keyring.on_decrypt_cached(materials, edks)
    }

    fn offered_keys(&self) -> Vec<(String, String)> {
        self.keyring.offered_keys()
    }

    fn nesting(&self) -> Nesting {
        self.keyring.nesting()
    }

    fn offers_any(&self, edks: &[EncryptedDataKey]) -> bool {
        self.keyring.offers_any(edks)
    }
}
