//! Bytes-like inputs and releasing the GIL.
//!
//! Every binary input accepts any object with the buffer protocol (bytes, bytearray, memoryview,
//! array.array, ...). `bytes` is immutable and is borrowed without a copy. The extension is built
//! for the stable ABI of CPython 3.9, which has no buffer API (it entered the limited API in 3.11),
//! so any other buffer is copied once: a `bytearray` into a [`SecretBytes`] (zeroized when the call
//! ends), any other buffer through `memoryview(obj).tobytes()` into a new `bytes`. A mutable buffer
//! therefore cannot change under the core while it works with the GIL released.

use datakey::SecretBytes;
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes};

use crate::errors::not_a_buffer;

/// Inputs at least this long are processed with the GIL released (CPython's
/// `HASHLIB_GIL_MINSIZE`, and pyca's `GIL_DETACH_THRESHOLD`).
pub(crate) const GIL_DETACH_THRESHOLD: usize = 2048;

/// A bytes-like argument: `bytes` (borrowed, or a copy of a memoryview), or a zeroized copy of a
/// `bytearray`.
pub(crate) enum Buf<'py> {
    /// An immutable `bytes` object.
    Bytes(Bound<'py, PyBytes>),
    /// A copy of a `bytearray`.
    Copied(SecretBytes),
}

impl Buf<'_> {
    /// The bytes.
    pub(crate) fn as_bytes(&self) -> &[u8] {
        match self {
            Buf::Bytes(b) => b.as_bytes(),
            Buf::Copied(s) => s.expose_secret(),
        }
    }
}

/// Extracts argument `what` as a bytes-like object: `TypeError` (with pyca's hint for `str`)
/// for anything without the buffer protocol.
pub(crate) fn extract<'py>(what: &str, obj: &Bound<'py, PyAny>) -> PyResult<Buf<'py>> {
    if let Ok(bytes) = obj.cast::<PyBytes>() {
        return Ok(Buf::Bytes(bytes.clone()));
    }
    if let Ok(array) = obj.cast::<PyByteArray>() {
        return Ok(Buf::Copied(SecretBytes::from_vec(array.to_vec())));
    }
    let py = obj.py();
    let view = py
        .import("builtins")?
        .getattr("memoryview")?
        .call1((obj,))
        .map_err(|_| not_a_buffer(what, obj))?;
    let copy = view.call_method0("tobytes");
    view.call_method0("release")?;
    Ok(Buf::Bytes(
        copy?.cast_into::<PyBytes>().map_err(PyErr::from)?,
    ))
}

/// Runs `f` with the GIL released when `detach` is set (callers set it for inputs of at least
/// [`GIL_DETACH_THRESHOLD`] bytes). `f` must not touch Python objects (the `Send` bound keeps
/// borrowed Python references out).
pub(crate) fn maybe_detach<T, F>(py: Python<'_>, detach: bool, f: F) -> T
where
    F: FnOnce() -> T + Send,
    T: Send,
{
    if detach { py.detach(f) } else { f() }
}

/// A new `bytes` object holding `data`.
pub(crate) fn to_bytes<'py>(py: Python<'py>, data: &[u8]) -> Bound<'py, PyBytes> {
    PyBytes::new(py, data)
}
