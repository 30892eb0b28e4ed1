//! The Python binding of datakey: the extension module `datakey._datakey`.
//!
//! A thin adapter over the `datakey` crate: it converts Python values (bytes-like objects,
//! mappings, datetimes, keyword arguments in boto3's KMS shape) to core types, calls one core
//! function, and maps errors in one place ([`errors`]). It holds no crypto, format or KMS logic.
//! The package `datakey` (`python/datakey/__init__.py`) re-exports this module.
//!
//! A Rust panic never aborts the interpreter: pyo3's entry points catch it (also when it happens
//! with the GIL released, `Python::detach` re-raises it once the GIL is back) and raise
//! `PanicException`, which this module exports.

mod buf;
mod caller;
mod clock;
mod ec;
mod errors;
mod keyring;
mod kms;
mod message;
mod secret_cache;
mod secrets;
mod server;

use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict};

/// The canonical AWS Encryption SDK serialization of an encryption context (the bytes datakey
/// binds as additional authenticated data).
///
/// # Errors
///
/// `TypeError` for keys or values that are not `str`; `ValidationException` when the
/// serialization exceeds 65 535 bytes.
#[pyfunction]
fn serialize_encryption_context<'py>(
    py: Python<'py>,
    encryption_context: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyBytes>> {
    let ec = ec::extract("encryption_context", Some(encryption_context))?;
    let bytes = ec.serialize().map_err(errors::core)?;
    Ok(buf::to_bytes(py, &bytes))
}

/// Parses a serialized encryption context back to a `dict`.
///
/// # Errors
///
/// `TypeError` for a non-bytes-like argument; `MalformedMessageError` for bytes that are not a
/// serialized encryption context.
#[pyfunction]
fn parse_encryption_context<'py>(
    py: Python<'py>,
    data: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyDict>> {
    let data = buf::extract("data", data)?;
    let ec = datakey::EncryptionContext::parse(data.as_bytes()).map_err(errors::core)?;
    ec::to_dict(py, &ec)
}

/// Test only: panics with `message` — with the GIL released when `detach` is set, as the core
/// work of large inputs runs — so the tests can check that a Rust panic reaches Python as
/// `datakey.PanicException` and never aborts the interpreter.
#[pyfunction]
#[pyo3(name = "_panic_for_tests", signature = (message, detach = false))]
fn panic_for_tests(py: Python<'_>, message: String, detach: bool) -> PyResult<()> {
    buf::maybe_detach(py, detach, || panic!("{message}"))
}

#[pymodule(gil_used = false)]
#[pyo3(name = "_datakey")]
fn datakey_py(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_class::<clock::PyManualClock>()?;
    m.add_class::<kms::PyLocalKms>()?;
    m.add_class::<secrets::PySecretsManager>()?;
    m.add_class::<secret_cache::PySecretCache>()?;
    m.add_class::<secret_cache::PySecretCacheConfig>()?;
    m.add(
        "KMS_OPERATIONS",
        pyo3::types::PyTuple::new(m.py(), kms::kms_operations())?,
    )?;
    m.add(
        "SECRETS_OPERATIONS",
        pyo3::types::PyTuple::new(m.py(), secrets::secrets_operations())?,
    )?;
    m.add_class::<keyring::PyRawAesKeyring>()?;
    m.add_class::<keyring::PyMultiKeyring>()?;
    m.add_class::<keyring::PyKmsKeyring>()?;
    m.add_class::<keyring::PyDiscoveryKeyring>()?;
    m.add_class::<keyring::PyDiscoveryFilter>()?;
    m.add_class::<keyring::PyCachingKeyring>()?;
    m.add_class::<keyring::PyDataKeyCache>()?;
    m.add_class::<keyring::PyCacheStats>()?;
    m.add_class::<message::PyCommitmentPolicy>()?;
    m.add_class::<message::PyMessageHeader>()?;
    m.add_class::<message::PyDecrypted>()?;
    m.add_class::<server::PyServer>()?;
    m.add_function(wrap_pyfunction!(server::serve, m)?)?;
    m.add_function(wrap_pyfunction!(message::encrypt, m)?)?;
    m.add_function(wrap_pyfunction!(message::decrypt, m)?)?;
    m.add_function(wrap_pyfunction!(message::encrypt_stream, m)?)?;
    m.add_function(wrap_pyfunction!(message::decrypt_stream, m)?)?;
    m.add_function(wrap_pyfunction!(serialize_encryption_context, m)?)?;
    m.add_function(wrap_pyfunction!(parse_encryption_context, m)?)?;
    m.add("GIL_DETACH_THRESHOLD", buf::GIL_DETACH_THRESHOLD)?;
    // pyo3 turns a Rust panic that reaches a Python entry point into this exception (a
    // `BaseException`, so that `except Exception` does not swallow a bug); exported under its own
    // name so that it can be caught as `datakey.PanicException`.
    m.add(
        "PanicException",
        m.py().get_type::<pyo3::panic::PanicException>(),
    )?;
    m.add_function(wrap_pyfunction!(panic_for_tests, m)?)?;
    Ok(())
}
