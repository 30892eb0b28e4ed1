//! Messages: `datakey.encrypt` / `decrypt` (one-shot) and `encrypt_stream` / `decrypt_stream`
//! (between binary file objects), over the core's AWS Encryption SDK message format.

use std::io::{self, Read, Write};

use datakey::Error;
use datakey::message::{
    self, AlgorithmSuite, CommitmentPolicy, DecryptLimits, DecryptOptions, EncryptOptions,
    Encryptor, HeaderInfo,
};
use pyo3::exceptions::{PyMemoryError, PyRuntimeError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBytes, PyDict, PyList, PyString, PyTuple};

use crate::buf::{self, GIL_DETACH_THRESHOLD, maybe_detach};
use crate::ec;
use crate::errors;
use crate::keyring::{self, KeyringArg};

// The signatures below spell the core's default frame length as a literal, so that it shows in
// `__text_signature__` (and mypy.stubtest can check it); keep them in step.
const _: () = assert!(message::DEFAULT_FRAME_LENGTH == 4096);

/// Which messages `decrypt` accepts. datakey always encrypts with a committing suite (0x0478, or
/// the signed 0x0578 on request).
#[pyclass(
    eq,
    eq_int,
    hash,
    frozen,
    module = "datakey",
    name = "CommitmentPolicy"
)]
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum PyCommitmentPolicy {
    /// Only key-committing messages (suite 0x0478). The default.
    #[pyo3(name = "REQUIRE_ENCRYPT_REQUIRE_DECRYPT")]
    RequireEncryptRequireDecrypt,
    /// Also the legacy non-committing, unsigned suites and non-framed bodies.
    #[pyo3(name = "REQUIRE_ENCRYPT_ALLOW_DECRYPT")]
    RequireEncryptAllowDecrypt,
}

impl From<PyCommitmentPolicy> for CommitmentPolicy {
    fn from(p: PyCommitmentPolicy) -> Self {
        match p {
            PyCommitmentPolicy::RequireEncryptRequireDecrypt => {
                CommitmentPolicy::RequireEncryptRequireDecrypt
            }
            PyCommitmentPolicy::RequireEncryptAllowDecrypt => {
                CommitmentPolicy::RequireEncryptAllowDecrypt
            }
        }
    }
}

/// `None` (the default policy), a `datakey.CommitmentPolicy`, or its name as a string (also
/// matching the official SDK's `CommitmentPolicy` enum member names).
fn commitment_policy(obj: Option<&Bound<'_, PyAny>>) -> PyResult<CommitmentPolicy> {
    let Some(obj) = obj.filter(|o| !o.is_none()) else {
        return Ok(CommitmentPolicy::default());
    };
    if let Ok(p) = obj.cast::<PyCommitmentPolicy>() {
        return Ok((*p.get()).into());
    }
    let name = match obj.cast::<PyString>() {
        Ok(s) => s.to_cow()?.into_owned(),
        Err(_) => {
            return Err(PyTypeError::new_err(
                "commitment_policy must be a datakey.CommitmentPolicy or its name",
            ));
        }
    };
    match name.as_str() {
        "REQUIRE_ENCRYPT_REQUIRE_DECRYPT" => Ok(CommitmentPolicy::RequireEncryptRequireDecrypt),
        "REQUIRE_ENCRYPT_ALLOW_DECRYPT" => Ok(CommitmentPolicy::RequireEncryptAllowDecrypt),
        other => Err(PyValueError::new_err(format!(
            "unsupported commitment policy {other:?}: expected REQUIRE_ENCRYPT_REQUIRE_DECRYPT or \
             REQUIRE_ENCRYPT_ALLOW_DECRYPT (datakey always encrypts with a committing suite)"
        ))),
    }
}

/// The header facts of a decrypted message (all public data).
#[pyclass(frozen, module = "datakey", name = "MessageHeader")]
pub(crate) struct PyMessageHeader(HeaderInfo);

#[pymethods]
impl PyMessageHeader {
    /// Message format version: 2, or 1 for legacy messages.
    #[getter]
    fn version(&self) -> u8 {
        self.0.version
    }

    /// The algorithm suite ID, e.g. `0x0478`.
    #[getter]
    fn algorithm_suite_id(&self) -> u16 {
        self.0.suite_id
    }

    /// The message ID (32 bytes in v2, 16 in v1).
    #[getter]
    fn message_id<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, &self.0.message_id)
    }

    /// The full encryption context the message binds (a new dict on each access).
    #[getter]
    fn encryption_context<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        ec::to_dict(py, &self.0.encryption_context)
    }

    /// Keys of the encryption context the message authenticates without storing them.
    #[getter]
    fn required_encryption_context_keys(&self) -> Vec<String> {
        self.0.required_context_keys.clone()
    }

    /// `(provider id, key name)` of each encrypted data key, in header order.
    #[getter]
    fn encrypted_data_keys<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let items = self
            .0
            .encrypted_data_keys
            .iter()
            .map(|e| PyTuple::new(py, [e.provider_id.as_str(), e.key_name.as_str()]))
            .collect::<PyResult<Vec<_>>>()?;
        PyList::new(py, items)
    }

    /// True for a framed body.
    #[getter]
    fn framed(&self) -> bool {
        self.0.framed
    }

    /// The frame length (0 for a non-framed body).
    #[getter]
    fn frame_length(&self) -> u32 {
        self.0.frame_length
    }

    /// The header's length in bytes.
    #[getter]
    fn header_length(&self) -> usize {
        self.0.header_len
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "MessageHeader(version={}, algorithm_suite_id={:#06x}, encryption_context={}, \
             encrypted_data_keys={}, frame_length={})",
            self.0.version,
            self.0.suite_id,
            self.encryption_context(py)?.repr()?.to_cow()?,
            self.encrypted_data_keys(py)?.repr()?.to_cow()?,
            self.0.frame_length
        ))
    }
}

/// A decrypted message: `plaintext` and the `header` facts. Its `repr` shows the plaintext's
/// length only.
#[pyclass(frozen, module = "datakey", name = "Decrypted")]
pub(crate) struct PyDecrypted {
    plaintext: Py<PyBytes>,
    /// The header facts; their Python object is made on the first access of `header` (most
    /// callers read only `plaintext`).
    header_info: HeaderInfo,
    header: PyOnceLock<Py<PyMessageHeader>>,
}

impl PyDecrypted {
    fn header_object<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyMessageHeader>> {
        let header = self.header.get_or_try_init(py, || {
            Py::new(py, PyMessageHeader(self.header_info.clone()))
        })?;
        Ok(header.bind(py).clone())
    }
}

#[pymethods]
impl PyDecrypted {
    /// The plaintext.
    #[getter]
    fn plaintext<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        self.plaintext.bind(py).clone()
    }

    /// The message's header facts.
    #[getter]
    fn header<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyMessageHeader>> {
        self.header_object(py)
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "Decrypted(plaintext=<{} bytes>, header={})",
            self.plaintext.bind(py).as_bytes().len(),
            self.header_object(py)?.repr()?.to_cow()?
        ))
    }
}

fn encrypt_options(
    encryption_context: Option<&Bound<'_, PyAny>>,
    required_encryption_context_keys: Option<Vec<String>>,
    frame_length: u32,
    algorithm_suite: Option<u16>,
) -> PyResult<EncryptOptions> {
    Ok(EncryptOptions {
        encryption_context: ec::extract("encryption_context", encryption_context)?,
        required_context_keys: required_encryption_context_keys.unwrap_or_default(),
        frame_length,
        // An unknown ID is an UnsupportedSuiteError; a known one datakey does not encrypt with
        // is refused by the encryptor (ValidationException).
        algorithm_suite: match algorithm_suite {
            None => AlgorithmSuite::DEFAULT,
            Some(id) => AlgorithmSuite::from_id(id).map_err(errors::core)?,
        },
    })
}

/// The decrypt limits: the core's defaults, with any of them overridden.
#[derive(Clone, Copy, Default)]
struct LimitArgs {
    max_encrypted_data_keys: Option<usize>,
    max_header_size: Option<usize>,
    max_frame_length: Option<u32>,
    max_body_size: Option<u64>,
}

fn decrypt_options(
    encryption_context: Option<&Bound<'_, PyAny>>,
    commitment: Option<&Bound<'_, PyAny>>,
    limits: LimitArgs,
    unsigned_only: bool,
) -> PyResult<DecryptOptions> {
    let defaults = DecryptLimits::default();
    Ok(DecryptOptions {
        encryption_context: ec::extract("encryption_context", encryption_context)?,
        commitment_policy: commitment_policy(commitment)?,
        limits: DecryptLimits {
            max_encrypted_data_keys: limits
                .max_encrypted_data_keys
                .unwrap_or(defaults.max_encrypted_data_keys),
            max_header_size: limits.max_header_size.unwrap_or(defaults.max_header_size),
            max_frame_length: limits.max_frame_length.unwrap_or(defaults.max_frame_length),
            max_body_size: limits.max_body_size.unwrap_or(defaults.max_body_size),
        },
        unsigned_only,
    })
}

fn header_object(py: Python<'_>, header: HeaderInfo) -> PyResult<Bound<'_, PyMessageHeader>> {
    Bound::new(py, PyMessageHeader(header))
}

/// Encrypts `plaintext` into one message (format v2, suite 0x0478, framed) and returns its bytes.
///
/// `algorithm_suite=0x0578` signs the message (ECDSA P-384, a key pair made for this message
/// alone): the official ESDKs' default suite.
///
/// With a `CachingKeyring` the message may reuse a cached data key (within the keyring's limits).
///
/// The GIL is released while the core works on plaintexts of 2048 bytes or more.
///
/// # Errors
///
/// `TypeError` for a non-bytes-like plaintext, a keyring of the wrong type or a bad context;
/// `ValidationException` for a bad frame length or context; the keyring's errors (KMS
/// exceptions for a KMS keyring).
#[pyfunction]
#[pyo3(signature = (plaintext, keyring, encryption_context=None, frame_length=4096, *, required_encryption_context_keys=None, algorithm_suite=None))]
pub(crate) fn encrypt<'py>(
    py: Python<'py>,
    plaintext: &Bound<'py, PyAny>,
    keyring: &Bound<'py, PyAny>,
    encryption_context: Option<&Bound<'py, PyAny>>,
    frame_length: u32,
    required_encryption_context_keys: Option<Vec<String>>,
    algorithm_suite: Option<u16>,
) -> PyResult<Bound<'py, PyBytes>> {
    let data = buf::extract("plaintext", plaintext)?;
    let ring = keyring::extract("keyring", keyring)?;
    let opts = encrypt_options(
        encryption_context,
        required_encryption_context_keys,
        frame_length,
        algorithm_suite,
    )?;
    let bytes = data.as_bytes();
    let len = bytes.len() as u64;
    // The GIL is released for large inputs, and whenever a Python clock may be read under the
    // core's locks.
    let detach = bytes.len() >= GIL_DETACH_THRESHOLD;
    // First the keyring and the header.
    let core = &*ring.keyring;
    let caching = ring.caching.as_deref();
    let started = maybe_detach(py, detach || ring.needs_detach(), || match caching {
        // A caching keyring needs the plaintext length to apply its limits.
        Some(cache) => Encryptor::new(&cache.for_plaintext_len(len), opts),
        None => Encryptor::new(core, opts),
    });
    if let Some(e) = ring.clock_error() {
        return Err(e);
    }
    let encryptor = started.map_err(errors::core)?;
    // Then the result `bytes`, allocated once at the message's exact length, and every frame
    // encrypted straight into it (no Rust-side buffer, no copy), with the GIL released for large
    // inputs: the new object is not reachable from Python until this returns.
    let message_len = usize::try_from(encryptor.message_len(len))
        .map_err(|_| PyMemoryError::new_err("the message would not fit in memory"))?;
    PyBytes::new_with(py, message_len, |out| {
        maybe_detach(py, detach, || encryptor.encrypt_to_slice(bytes, out)).map_err(errors::core)
    })
}

/// Decrypts a whole message; returns a `Decrypted` (`plaintext` and `header`).
///
/// `encryption_context` is the context the caller expects: each pair the message stores must
/// match, and pairs it does not store are supplied as its required context.
///
/// Signed messages (the official ESDKs' default 0x0578, and the legacy signed suites under
/// `REQUIRE_ENCRYPT_ALLOW_DECRYPT`) are verified; nothing is returned unless the signature
/// verifies. `unsigned_only=True` refuses them (`UnsupportedSuiteError`).
///
/// The plaintext is decrypted straight into the returned `bytes` (allocated at its exact length),
/// with the GIL released for messages of 2048 bytes or more; on a failure it is zeroized and
/// freed before the exception is raised.
///
/// # Errors
///
/// `DecryptionError` for every failure that depends on a key (deliberately uninformative);
/// `NoMatchingKeyError` when the keyring offers none of the message's keys;
/// `MalformedMessageError`, `UnsupportedVersionError`, `UnsupportedSuiteError`,
/// `CommitmentPolicyError`, `ResourceLimitError`, `EncryptionContextMismatchError`.
#[pyfunction]
#[pyo3(signature = (message, keyring, encryption_context=None, commitment_policy=None, *, max_encrypted_data_keys=None, max_header_size=None, max_frame_length=None, max_body_size=None, unsigned_only=false))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn decrypt<'py>(
    py: Python<'py>,
    message: &Bound<'py, PyAny>,
    keyring: &Bound<'py, PyAny>,
    encryption_context: Option<&Bound<'py, PyAny>>,
    commitment_policy: Option<&Bound<'py, PyAny>>,
    max_encrypted_data_keys: Option<usize>,
    max_header_size: Option<usize>,
    max_frame_length: Option<u32>,
    max_body_size: Option<u64>,
    unsigned_only: bool,
) -> PyResult<Bound<'py, PyDecrypted>> {
    let data = buf::extract("message", message)?;
    let ring = keyring::extract("keyring", keyring)?;
    let opts = decrypt_options(
        encryption_context,
        commitment_policy,
        LimitArgs {
            max_encrypted_data_keys,
            max_header_size,
            max_frame_length,
            max_body_size,
        },
        unsigned_only,
    )?;
    let bytes = data.as_bytes();
    // The GIL is released for large messages, and whenever a Python clock may be read under the
    // core's locks.
    let detach = bytes.len() >= GIL_DETACH_THRESHOLD;
    // First the header, the keyring and the plaintext's exact length.
    let core = &*ring.keyring;
    let opened = maybe_detach(py, detach || ring.needs_detach(), || {
        message::open(bytes, core, &opts)
    });
    if let Some(e) = ring.clock_error() {
        return Err(e);
    }
    let opened = opened.map_err(errors::core)?;
    // Then the plaintext `bytes`, allocated once at its exact length, and every frame decrypted
    // straight into it (no Rust-side copy to wipe), with the GIL released for large messages. On
    // any failure the core zeroizes it and it is dropped here, never reaching Python.
    let mut header = None;
    let plaintext = PyBytes::new_with(py, opened.plaintext_len(), |out| {
        let info = maybe_detach(py, detach, || opened.decrypt_to_slice(out));
        header = Some(info.map_err(errors::core)?);
        Ok(())
    })?;
    let Some(header) = header else {
        return Err(PyRuntimeError::new_err("the message's header went missing"));
    };
    Bound::new(
        py,
        PyDecrypted {
            plaintext: plaintext.unbind(),
            header_info: header,
            header: PyOnceLock::new(),
        },
    )
}

/// A binary file object read through `read(n)`. A Python exception is kept and re-raised
/// once the core returns.
struct PyReader {
    file: Py<PyAny>,
    error: Option<PyErr>,
}

/// A binary file object written through `write(b)`, flushed at the end.
struct PyWriter {
    file: Py<PyAny>,
    error: Option<PyErr>,
}

/// The error the core sees when the Python side failed (the real exception is kept aside).
fn python_failed(slot: &mut Option<PyErr>, e: PyErr) -> io::Error {
    if slot.is_none() {
        *slot = Some(e);
    }
    io::Error::other("the Python file object raised an exception")
}

impl Read for PyReader {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let result = Python::attach(|py| -> PyResult<usize> {
            let data = self.file.bind(py).call_method1("read", (out.len(),))?;
            if data.is_none() {
                return Err(PyValueError::new_err(
                    "source.read() returned None: non-blocking streams are not supported",
                ));
            }
            if data.is_instance_of::<PyString>() {
                return Err(PyTypeError::new_err(
                    "source.read() returned str: open the source in binary mode ('rb')",
                ));
            }
            let chunk = buf::extract("source.read()", &data)?;
            let chunk = chunk.as_bytes();
            if chunk.len() > out.len() {
                return Err(PyValueError::new_err(format!(
                    "source.read({}) returned {} bytes",
                    out.len(),
                    chunk.len()
                )));
            }
            out[..chunk.len()].copy_from_slice(chunk);
            Ok(chunk.len())
        });
        result.map_err(|e| python_failed(&mut self.error, e))
    }
}

impl Write for PyWriter {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        let result = Python::attach(|py| -> PyResult<usize> {
            let written = self
                .file
                .bind(py)
                .call_method1("write", (PyBytes::new(py, data),))?;
            // Buffered and most custom writers write everything (some return None); a raw
            // stream may report a short write.
            if written.is_none() {
                return Ok(data.len());
            }
            let n: usize = written.extract()?;
            Ok(n.min(data.len()))
        });
        result.map_err(|e| python_failed(&mut self.error, e))
    }

    fn flush(&mut self) -> io::Result<()> {
        let result = Python::attach(|py| -> PyResult<()> {
            let file = self.file.bind(py);
            if file.hasattr("flush")? {
                file.call_method0("flush")?;
            }
            Ok(())
        });
        result.map_err(|e| python_failed(&mut self.error, e))
    }
}

/// The exception to raise after a failed streaming call: the file object's own exception when
/// it raised one, else a Python clock's, else the core's error.
fn stream_error(
    reader: &mut PyReader,
    writer: &mut PyWriter,
    ring: &KeyringArg,
    e: Error,
) -> PyErr {
    reader
        .error
        .take()
        .or_else(|| writer.error.take())
        .or_else(|| ring.clock_error())
        .unwrap_or_else(|| errors::core(e))
}

fn file_arg(what: &str, obj: &Bound<'_, PyAny>, method: &str) -> PyResult<Py<PyAny>> {
    if !obj.hasattr(method)? {
        return Err(PyTypeError::new_err(format!(
            "{what} must be a binary file object with a {method}() method"
        )));
    }
    Ok(obj.clone().unbind())
}

/// Reads `source` (a binary file object) to its end and writes one message to `destination`,
/// holding about one frame in memory. Returns the number of bytes written.
/// `algorithm_suite` as for `encrypt`.
///
/// The GIL is released while the core encrypts; it is taken again for each `read`/`write`.
///
/// # Errors
///
/// As `encrypt`, plus any exception the file objects raise.
#[pyfunction]
#[pyo3(signature = (source, destination, keyring, encryption_context=None, frame_length=4096, *, required_encryption_context_keys=None, algorithm_suite=None))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn encrypt_stream(
    py: Python<'_>,
    source: &Bound<'_, PyAny>,
    destination: &Bound<'_, PyAny>,
    keyring: &Bound<'_, PyAny>,
    encryption_context: Option<&Bound<'_, PyAny>>,
    frame_length: u32,
    required_encryption_context_keys: Option<Vec<String>>,
    algorithm_suite: Option<u16>,
) -> PyResult<u64> {
    let mut reader = PyReader {
        file: file_arg("source", source, "read")?,
        error: None,
    };
    let mut writer = PyWriter {
        file: file_arg("destination", destination, "write")?,
        error: None,
    };
    let ring = keyring::extract("keyring", keyring)?;
    let opts = encrypt_options(
        encryption_context,
        required_encryption_context_keys,
        frame_length,
        algorithm_suite,
    )?;
    let core = &*ring.keyring;
    let result = py.detach(|| message::encrypt_stream(&mut reader, &mut writer, core, &opts));
    let written = result.map_err(|e| stream_error(&mut reader, &mut writer, &ring, e))?;
    match ring.clock_error() {
        Some(e) => Err(e),
        None => Ok(written),
    }
}

/// Reads one message from `source` and writes its plaintext to `destination` frame by frame,
/// each frame once its tag has verified; holds about one frame in memory. Returns the header.
///
/// A message cut short or followed by extra bytes raises, but the frames before the problem
/// have already been written: use the output only when this returns. For a signed message the
/// last frame is written only once the signature has verified; the earlier ones are
/// authenticated by the data key alone until this returns.
/// `unsigned_only` as for `decrypt`.
///
/// # Errors
///
/// As `decrypt`, plus any exception the file objects raise.
#[pyfunction]
#[pyo3(signature = (source, destination, keyring, encryption_context=None, commitment_policy=None, *, max_encrypted_data_keys=None, max_header_size=None, max_frame_length=None, max_body_size=None, unsigned_only=false))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn decrypt_stream<'py>(
    py: Python<'py>,
    source: &Bound<'py, PyAny>,
    destination: &Bound<'py, PyAny>,
    keyring: &Bound<'py, PyAny>,
    encryption_context: Option<&Bound<'py, PyAny>>,
    commitment_policy: Option<&Bound<'py, PyAny>>,
    max_encrypted_data_keys: Option<usize>,
    max_header_size: Option<usize>,
    max_frame_length: Option<u32>,
    max_body_size: Option<u64>,
    unsigned_only: bool,
) -> PyResult<Bound<'py, PyMessageHeader>> {
    let mut reader = PyReader {
        file: file_arg("source", source, "read")?,
        error: None,
    };
    let mut writer = PyWriter {
        file: file_arg("destination", destination, "write")?,
        error: None,
    };
    let ring = keyring::extract("keyring", keyring)?;
    let opts = decrypt_options(
        encryption_context,
        commitment_policy,
        LimitArgs {
            max_encrypted_data_keys,
            max_header_size,
            max_frame_length,
            max_body_size,
        },
        unsigned_only,
    )?;
    let core = &*ring.keyring;
    let result = py.detach(|| message::decrypt_stream(&mut reader, &mut writer, core, &opts));
    let header = result.map_err(|e| stream_error(&mut reader, &mut writer, &ring, e))?;
    if let Some(e) = ring.clock_error() {
        return Err(e);
    }
    header_object(py, header)
}
