//! Keyrings: `datakey.RawAesKeyring`, `datakey.MultiKeyring` and `datakey.KmsKeyring` (made by
//! `LocalKms.keyring(key_id)`).
//!
//! Each Python keyring holds the core keyring behind an `Arc<dyn Keyring>`, so a keyring can be
//! shared by many messages and threads and nested in multi-keyrings without copying key bytes.

use std::sync::Arc;

use datakey::keyring::{Keyring, KmsKeyring, MultiKeyring, RawAesKeyring};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyString, PyTuple};

use crate::buf;
use crate::clock::PyClock;
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

/// A keyring argument, resolved to the core keyring.
pub(crate) struct KeyringArg {
    /// The core keyring.
    pub(crate) keyring: Arc<dyn Keyring>,
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
            python_clocks: Vec::new(),
        });
    }
    if let Ok(k) = obj.cast::<PyMultiKeyring>() {
        let k = k.get();
        return Ok(KeyringArg {
            keyring: k.inner.clone(),
            python_clocks: k.python_clocks.clone(),
        });
    }
    if let Ok(k) = obj.cast::<PyKmsKeyring>() {
        let k = k.get();
        return Ok(KeyringArg {
            keyring: k.inner.clone(),
            python_clocks: k.python_clock.iter().cloned().collect(),
        });
    }
    let type_name = obj
        .get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "object".to_owned());
    Err(PyTypeError::new_err(format!(
        "{what} must be a datakey keyring (RawAesKeyring, MultiKeyring or KmsKeyring), not '{type_name}'"
    )))
}
