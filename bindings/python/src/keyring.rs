//! Keyrings: `datakey.RawAesKeyring`, `datakey.MultiKeyring`, `datakey.KmsKeyring` (made by
//! `LocalKms.keyring(key_id)`), `datakey.DiscoveryKeyring` (made by
//! `LocalKms.discovery_keyring()`) and `datakey.CachingKeyring` (over a `datakey.DataKeyCache`).
//!
//! Each Python keyring holds the core keyring behind an `Arc<dyn Keyring>`, so a keyring can be
//! shared by many messages and threads and nested in multi-keyrings without copying key bytes.

use std::sync::Arc;

use datakey::keyring::{
    CacheStats, CachingKeyring, DataKeyCache, DiscoveryFilter, DiscoveryKeyring, Keyring,
    KmsKeyring, MultiKeyring, RawAesKeyring, caching::DEFAULT_CACHE_CAPACITY,
};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyString, PyTuple};

use crate::buf;
use crate::clock::{self, PyClock};
use crate::ec;
use crate::errors;

/// Python's `repr()` of a string (quotes and escapes as Python writes them).
fn py_repr(py: Python<'_>, s: &str) -> PyResult<String> {
    Ok(PyString::new(py, s).repr()?.to_cow()?.into_owned())
}

/// A raw AES keyring: wraps data keys under a 128-, 192- or 256-bit AES key held in memory.
///
/// `RawAesKeyring(namespace, name, key)`: `namespace` is the provider ID of the encrypted data
/// keys and `name` the key name; the official SDKs read and write the same data keys with a raw
/// AES keyring (or `RawMasterKeyProvider`) of the same namespace, name and key. The key bytes are
/// copied into zeroize-on-drop memory and never shown.
#[pyclass(frozen, module = "datakey", name = "RawAesKeyring")]
pub(crate) struct PyRawAesKeyring {
    inner: Arc<RawAesKeyring>,
}

#[pymethods]
impl PyRawAesKeyring {
    #[new]
    fn new(namespace: String, name: String, key: &Bound<'_, PyAny>) -> PyResult<Self> {
        let key = buf::extract("key", key)?;
        let inner = RawAesKeyring::new(namespace, name, key.as_bytes()).map_err(errors::core)?;
        Ok(Self {
            inner: Arc::new(inner),
        })
    }

    /// The key namespace (the provider ID of the encrypted data keys).
    #[getter]
    fn namespace(&self) -> &str {
        self.inner.namespace()
    }

    /// The key name.
    #[getter]
    fn name(&self) -> &str {
        self.inner.name()
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "RawAesKeyring(namespace={}, name={})",
            py_repr(py, self.inner.namespace())?,
            py_repr(py, self.inner.name())?
        ))
    }
}

/// A multi-keyring: the generator creates and wraps the data key, every other keyring wraps it
/// too, so any one of them can decrypt the message.
///
/// `MultiKeyring(generator, *others)`; `generator` may be `None` when decrypting only.
#[pyclass(frozen, module = "datakey", name = "MultiKeyring")]
pub(crate) struct PyMultiKeyring {
    inner: Arc<MultiKeyring>,
    generator: Option<Py<PyAny>>,
    children: Py<PyTuple>,
    python_clocks: Vec<Arc<PyClock>>,
}

#[pymethods]
impl PyMultiKeyring {
    #[new]
    #[pyo3(signature = (generator, *others))]
    fn new(generator: Option<&Bound<'_, PyAny>>, others: &Bound<'_, PyTuple>) -> PyResult<Self> {
        let generator = generator.filter(|g| !g.is_none());
        let mut python_clocks = Vec::new();
        let gen_ring = match generator {
            Some(g) => {
                let k = extract("generator", g)?;
                python_clocks.extend(k.python_clocks);
                Some(k.keyring)
            }
            None => None,
        };
        let mut children = Vec::with_capacity(others.len());
        for child in others.iter() {
            let k = extract("keyring", &child)?;
            python_clocks.extend(k.python_clocks);
            children.push(k.keyring);
        }
        let inner = MultiKeyring::new(gen_ring, children).map_err(errors::core)?;
        Ok(Self {
            inner: Arc::new(inner),
            generator: generator.map(|g| g.clone().unbind()),
            children: others.clone().unbind(),
            python_clocks,
        })
    }

    /// The generator keyring (`None` for a decrypt-only multi-keyring).
    #[getter]
    fn generator<'py>(&self, py: Python<'py>) -> Option<Bound<'py, PyAny>> {
        self.generator.as_ref().map(|g| g.bind(py).clone())
    }

    /// The other keyrings, in order.
    #[getter]
    fn children<'py>(&self, py: Python<'py>) -> Bound<'py, PyTuple> {
        self.children.bind(py).clone()
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let mut parts = vec![match &self.generator {
            Some(g) => g.bind(py).repr()?.to_cow()?.into_owned(),
            None => "None".to_owned(),
        }];
        for child in self.children.bind(py).iter() {
            parts.push(child.repr()?.to_cow()?.into_owned());
        }
        Ok(format!("MultiKeyring({})", parts.join(", ")))
    }
}

/// A keyring over one key of a `datakey.LocalKms`: data keys are generated and wrapped by the
/// local KMS (`GenerateDataKey` / `Encrypt` / `Decrypt`), so its key states, rotation and
/// encryption-context checks apply to messages too. Made by `LocalKms.keyring(key_id)`.
#[pyclass(frozen, module = "datakey", name = "KmsKeyring")]
pub(crate) struct PyKmsKeyring {
    inner: Arc<KmsKeyring>,
    python_clock: Option<Arc<PyClock>>,
}

impl PyKmsKeyring {
    /// A keyring over `key_id` of `kms`, whose Python clock (if any) it remembers.
    pub(crate) fn new(
        kms: datakey::kms::LocalKms,
        key_id: String,
        python_clock: Option<Arc<PyClock>>,
    ) -> PyResult<Self> {
        let inner = KmsKeyring::new(kms, key_id).map_err(errors::core)?;
        Ok(Self {
            inner: Arc::new(inner),
            python_clock,
        })
    }
}

#[pymethods]
impl PyKmsKeyring {
    /// The key ID, key ARN or alias the keyring was made with.
    #[getter]
    fn key_id(&self) -> &str {
        self.inner.key_id()
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "KmsKeyring(key_id={})",
            py_repr(py, self.inner.key_id())?
        ))
    }
}

/// Which key ARNs a discovery keyring may use: the AWS Encryption SDK's `DiscoveryFilter`.
///
/// `DiscoveryFilter(partition, account_ids)`: keys of `partition` (`'aws'`, `'aws-cn'`,
/// `'aws-us-gov'`) owned by one of `account_ids`. `ValueError` (a `ValidationException`) for an
/// empty partition or no account ID.
#[pyclass(frozen, module = "datakey", name = "DiscoveryFilter")]
pub(crate) struct PyDiscoveryFilter {
    inner: DiscoveryFilter,
}

#[pymethods]
impl PyDiscoveryFilter {
    #[new]
    fn new(partition: String, account_ids: Vec<String>) -> PyResult<Self> {
        let inner = DiscoveryFilter::new(partition, account_ids).map_err(errors::core)?;
        Ok(Self { inner })
    }

    /// The partition.
    #[getter]
    fn partition(&self) -> &str {
        self.inner.partition()
    }

    /// The allowed account IDs.
    #[getter]
    fn account_ids(&self) -> Vec<String> {
        self.inner.account_ids().to_vec()
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let ids: Vec<String> = self
            .inner
            .account_ids()
            .iter()
            .map(|a| py_repr(py, a))
            .collect::<PyResult<_>>()?;
        Ok(format!(
            "DiscoveryFilter(partition={}, account_ids=[{}])",
            py_repr(py, self.inner.partition())?,
            ids.join(", ")
        ))
    }
}

/// A decrypt-only keyring over every key of a `datakey.LocalKms`: it opens any message whose data
/// key a key of that KMS wrapped (the message names the key), as the AWS Encryption SDK's
/// discovery keyring does with AWS KMS. Made by `LocalKms.discovery_keyring(discovery_filter)`.
/// Encrypting with it raises `ValidationException`.
#[pyclass(frozen, module = "datakey", name = "DiscoveryKeyring")]
pub(crate) struct PyDiscoveryKeyring {
    inner: Arc<DiscoveryKeyring>,
    python_clock: Option<Arc<PyClock>>,
}

impl PyDiscoveryKeyring {
    /// A discovery keyring over `kms`, whose Python clock (if any) it remembers.
    pub(crate) fn new(
        kms: datakey::kms::LocalKms,
        filter: Option<&PyDiscoveryFilter>,
        python_clock: Option<Arc<PyClock>>,
    ) -> Self {
        let inner = match filter {
            None => DiscoveryKeyring::new(kms),
            Some(f) => DiscoveryKeyring::with_filter(kms, f.inner.clone()),
        };
        Self {
            inner: Arc::new(inner),
            python_clock,
        }
    }
}

#[pymethods]
impl PyDiscoveryKeyring {
    /// The discovery filter, or `None`.
    #[getter]
    fn discovery_filter(&self) -> Option<PyDiscoveryFilter> {
        self.inner
            .filter()
            .map(|f| PyDiscoveryFilter { inner: f.clone() })
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        match self.inner.filter() {
            None => Ok("DiscoveryKeyring()".to_owned()),
            Some(f) => Ok(format!(
                "DiscoveryKeyring(discovery_filter={})",
                PyDiscoveryFilter { inner: f.clone() }.__repr__(py)?
            )),
        }
    }
}

// The signature spells the core's default capacity as a literal (so that `__text_signature__`
// shows it to mypy.stubtest); keep them in step.
const _: () = assert!(DEFAULT_CACHE_CAPACITY == 1000);

/// A thread-safe store of cached data keys, shared by any number of `CachingKeyring`s (entries
/// are separated by partition).
///
/// `DataKeyCache(capacity=1000, clock=None)`: at most `capacity` entries (least recently used
/// evicted first); `clock` (a `datakey.ManualClock` or an object whose `now()` returns an aware
/// datetime; the system clock when omitted) times the entries' ages. Evicted data keys are
/// zeroized.
#[pyclass(frozen, module = "datakey", name = "DataKeyCache")]
pub(crate) struct PyDataKeyCache {
    inner: Arc<DataKeyCache>,
    python_clock: Option<Arc<PyClock>>,
}

impl PyDataKeyCache {
    /// Runs `f` on the cache, releasing the GIL when its clock is a Python object, and raises
    /// the clock's error if reading it failed.
    fn run<T: Send>(
        &self,
        py: Python<'_>,
        f: impl FnOnce(&DataKeyCache) -> T + Send,
    ) -> PyResult<T> {
        let cache = &*self.inner;
        let out = buf::maybe_detach(py, self.python_clock.is_some(), || f(cache));
        match self.python_clock.as_ref().and_then(|c| c.take_error()) {
            Some(e) => Err(e),
            None => Ok(out),
        }
    }
}

#[pymethods]
impl PyDataKeyCache {
    #[new]
    #[pyo3(signature = (capacity=1000, clock=None))]
    fn new(capacity: usize, clock: Option<&Bound<'_, PyAny>>) -> PyResult<Self> {
        let clock = clock::extract(clock)?;
        let inner = DataKeyCache::new(capacity, clock.shared).map_err(errors::core)?;
        Ok(Self {
            inner,
            python_clock: clock.python,
        })
    }

    /// The most entries the cache holds.
    #[getter]
    fn capacity(&self) -> usize {
        self.inner.capacity()
    }

    /// The number of entries (including any not yet found expired).
    fn __len__(&self) -> usize {
        self.inner.len()
    }

    /// Evicts every entry (their data keys are zeroized); returns how many there were.
    fn clear(&self) -> usize {
        self.inner.clear()
    }

    /// Evicts the entries older than their keyring's `max_age`; returns how many.
    fn purge_expired(&self, py: Python<'_>) -> PyResult<usize> {
        self.run(py, DataKeyCache::purge_expired)
    }

    fn __repr__(&self) -> String {
        format!(
            "DataKeyCache(entries={}, capacity={})",
            self.inner.len(),
            self.inner.capacity()
        )
    }
}

/// The counters of a `CachingKeyring`: `hits` (served from the cache), `misses` (went to the
/// wrapped keyring and were cached), `bypasses` (went to the wrapped keyring uncached: unknown
/// or too large plaintext, for example through `encrypt_stream`).
#[pyclass(frozen, eq, module = "datakey", name = "CacheStats")]
#[derive(PartialEq)]
pub(crate) struct PyCacheStats(CacheStats);

#[pymethods]
impl PyCacheStats {
    /// Requests served from the cache.
    #[getter]
    fn hits(&self) -> u64 {
        self.0.hits
    }

    /// Requests that went to the wrapped keyring and were cached.
    #[getter]
    fn misses(&self) -> u64 {
        self.0.misses
    }

    /// Requests that went to the wrapped keyring uncached.
    #[getter]
    fn bypasses(&self) -> u64 {
        self.0.bypasses
    }

    fn __repr__(&self) -> String {
        format!(
            "CacheStats(hits={}, misses={}, bypasses={})",
            self.0.hits, self.0.misses, self.0.bypasses
        )
    }
}

/// A keyring that reuses the data keys of the keyring it wraps across messages, as the AWS
/// Encryption SDK's caching materials manager does.
///
/// `CachingKeyring(keyring, max_age, *, max_messages=None, max_bytes=None, partition=None,
/// cache=None, clock=None, capacity=None)`: a cached data key serves messages while it is at
/// most `max_age` old (seconds or a `timedelta`, on the cache's clock), has encrypted fewer than
/// `max_messages` messages and at most `max_bytes` plaintext bytes; the N+1st message gets a new
/// data key. `cache` is a shared `DataKeyCache` (else a private one of `capacity` entries on
/// `clock`); keyrings sharing a cache share entries only under the same `partition`.
///
/// `datakey.encrypt` caches (it knows the plaintext length); `encrypt_stream` and a caching
/// keyring nested in a `MultiKeyring` bypass the cache for encryption (counted in `stats()`);
/// decryption is cached either way.
#[pyclass(frozen, module = "datakey", name = "CachingKeyring")]
pub(crate) struct PyCachingKeyring {
    inner: Arc<CachingKeyring>,
    keyring: Py<PyAny>,
    cache: Py<PyDataKeyCache>,
    python_clocks: Vec<Arc<PyClock>>,
}

#[pymethods]
impl PyCachingKeyring {
    #[new]
    #[pyo3(signature = (keyring, max_age, *, max_messages=None, max_bytes=None, partition=None, cache=None, clock=None, capacity=None))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        keyring: &Bound<'_, PyAny>,
        max_age: &Bound<'_, PyAny>,
        max_messages: Option<u64>,
        max_bytes: Option<u64>,
        partition: Option<String>,
        cache: Option<&Bound<'_, PyDataKeyCache>>,
        clock: Option<&Bound<'_, PyAny>>,
        capacity: Option<usize>,
    ) -> PyResult<Self> {
        let wrapped = extract("keyring", keyring)?;
        let mut builder =
            CachingKeyring::builder(wrapped.keyring, clock::duration("max_age", max_age)?);
        if let Some(n) = max_messages {
            builder = builder.max_messages(n);
        }
        if let Some(n) = max_bytes {
            builder = builder.max_bytes(n);
        }
        if let Some(p) = partition {
            builder = builder.partition(p);
        }
        if let Some(c) = cache {
            builder = builder.cache(c.get().inner.clone());
        }
        let mut private_clock = None;
        if let Some(c) = clock.filter(|c| !c.is_none()) {
            let c = clock::extract(Some(c))?;
            builder = builder.clock(c.shared);
            private_clock = c.python;
        }
        if let Some(n) = capacity {
            builder = builder.capacity(n);
        }
        let inner = builder.build().map_err(errors::core)?;
        let cache = match cache {
            Some(c) => c.clone().unbind(),
            None => Py::new(
                py,
                PyDataKeyCache {
                    inner: inner.cache().clone(),
                    python_clock: private_clock,
                },
            )?,
        };
        let mut python_clocks = wrapped.python_clocks;
        python_clocks.extend(cache.get().python_clock.iter().cloned());
        Ok(Self {
            inner: Arc::new(inner),
            keyring: keyring.clone().unbind(),
            cache,
            python_clocks,
        })
    }

    /// The wrapped keyring.
    #[getter]
    fn keyring<'py>(&self, py: Python<'py>) -> Bound<'py, PyAny> {
        self.keyring.bind(py).clone()
    }

    /// The cache (shared, or this keyring's private one).
    #[getter]
    fn cache<'py>(&self, py: Python<'py>) -> Bound<'py, PyDataKeyCache> {
        self.cache.bind(py).clone()
    }

    /// The partition (random unless one was given).
    #[getter]
    fn partition(&self) -> &str {
        self.inner.partition()
    }

    /// The counters so far.
    fn stats(&self) -> PyCacheStats {
        PyCacheStats(self.inner.stats())
    }

    /// The number of this partition's entries of each kind: `(encrypt, decrypt)`.
    fn entry_counts(&self) -> (usize, usize) {
        self.inner.entry_counts()
    }

    /// Evicts every entry of this keyring's partition; returns how many.
    fn invalidate(&self) -> usize {
        self.inner.invalidate()
    }

    /// Evicts this partition's entries for exactly this encryption context; returns how many.
    ///
    /// # Errors
    ///
    /// `TypeError` for a context that is not a mapping of str to str; `ValidationException`
    /// when it does not serialize.
    fn invalidate_encryption_context(
        &self,
        encryption_context: &Bound<'_, PyAny>,
    ) -> PyResult<usize> {
        let ec = ec::extract("encryption_context", Some(encryption_context))?;
        self.inner
            .invalidate_encryption_context(&ec)
            .map_err(errors::core)
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "CachingKeyring({}, partition={})",
            self.keyring.bind(py).repr()?.to_cow()?,
            py_repr(py, self.inner.partition())?
        ))
    }
}

/// A keyring argument, resolved to the core keyring.
pub(crate) struct KeyringArg {
    /// The core keyring.
    pub(crate) keyring: Arc<dyn Keyring>,
    /// Set when the keyring is a `CachingKeyring`: one-shot encryption goes through
    /// [`CachingKeyring::encrypt`], which knows the plaintext length and so can use the cache.
    pub(crate) caching: Option<Arc<CachingKeyring>>,
    /// The Python clocks of the local KMSs the keyring uses. When there is one, operations
    /// release the GIL whatever their size (the core may read the clock while holding its
    /// locks), and raise the clock's error, if reading it failed, when they return.
    pub(crate) python_clocks: Vec<Arc<PyClock>>,
}

impl KeyringArg {
    /// True when the operation must release the GIL whatever its size.
    pub(crate) fn needs_detach(&self) -> bool {
        !self.python_clocks.is_empty()
    }

    /// The first error a Python clock raised during the operation.
    pub(crate) fn clock_error(&self) -> Option<PyErr> {
        self.python_clocks.iter().find_map(|c| c.take_error())
    }
}

/// Resolves a Python keyring object; `TypeError` for anything else.
pub(crate) fn extract(what: &str, obj: &Bound<'_, PyAny>) -> PyResult<KeyringArg> {
    if let Ok(k) = obj.cast::<PyRawAesKeyring>() {
        return Ok(KeyringArg {
            keyring: k.get().inner.clone(),
            caching: None,
            python_clocks: Vec::new(),
        });
    }
    if let Ok(k) = obj.cast::<PyMultiKeyring>() {
        let k = k.get();
        return Ok(KeyringArg {
            keyring: k.inner.clone(),
            caching: None,
            python_clocks: k.python_clocks.clone(),
        });
    }
    if let Ok(k) = obj.cast::<PyKmsKeyring>() {
        let k = k.get();
        return Ok(KeyringArg {
            keyring: k.inner.clone(),
            caching: None,
            python_clocks: k.python_clock.iter().cloned().collect(),
        });
    }
    if let Ok(k) = obj.cast::<PyDiscoveryKeyring>() {
        let k = k.get();
        return Ok(KeyringArg {
            keyring: k.inner.clone(),
            caching: None,
            python_clocks: k.python_clock.iter().cloned().collect(),
        });
    }
    if let Ok(k) = obj.cast::<PyCachingKeyring>() {
        let k = k.get();
        return Ok(KeyringArg {
            keyring: k.inner.clone(),
            caching: Some(k.inner.clone()),
            python_clocks: k.python_clocks.clone(),
        });
    }
    let type_name = obj
        .get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "object".to_owned());
    Err(PyTypeError::new_err(format!(
        "{what} must be a datakey keyring (RawAesKeyring, MultiKeyring, KmsKeyring, DiscoveryKeyring or CachingKeyring), not '{type_name}'"
    )))
}
