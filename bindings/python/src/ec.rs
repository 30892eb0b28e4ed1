//! Encryption contexts: Python `Mapping[str, str]` <-> [`EncryptionContext`].

use datakey::EncryptionContext;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString};

/// Extracts an optional encryption context: `None` is the empty context; otherwise any mapping
/// (`dict` or an object with `items()`) of `str` to `str`.
pub(crate) fn extract(what: &str, obj: Option<&Bound<'_, PyAny>>) -> PyResult<EncryptionContext> {
    let mut ec = EncryptionContext::new();
    let Some(obj) = obj.filter(|o| !o.is_none()) else {
        return Ok(ec);
    };
    if let Ok(dict) = obj.cast::<PyDict>() {
        // Straight over the dict's entries: no list of `(key, value)` tuples to build (and for
        // the garbage collector to count). Nothing below runs Python code, so the dict cannot
        // change while it is read.
        for (key, value) in dict.iter() {
            ec.insert(as_str(what, "keys", &key)?, as_str(what, "values", &value)?);
        }
        return Ok(ec);
    }
    if !obj.hasattr("items")? || obj.is_instance_of::<PyString>() {
        return Err(PyTypeError::new_err(format!(
            "{what} must be a mapping of str to str, not '{}'",
            type_name(obj)
        )));
    }
    for item in obj.call_method0("items")?.try_iter()? {
        let (key, value): (Bound<'_, PyAny>, Bound<'_, PyAny>) = item?.extract()?;
        let key = as_str(what, "keys", &key)?;
        let value = as_str(what, "values", &value)?;
        ec.insert(key, value);
    }
    Ok(ec)
}

fn as_str(what: &str, part: &str, obj: &Bound<'_, PyAny>) -> PyResult<String> {
    match obj.cast::<PyString>() {
        Ok(s) => Ok(s.to_cow()?.into_owned()),
        Err(_) => Err(PyTypeError::new_err(format!(
            "{what} {part} must be str, not '{}'",
            type_name(obj)
        ))),
    }
}

fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "object".to_owned())
}

/// The context as a new `dict` (keys in canonical order).
pub(crate) fn to_dict<'py>(
    py: Python<'py>,
    ec: &EncryptionContext,
) -> PyResult<Bound<'py, PyDict>> {
    let dict = PyDict::new(py);
    for (k, v) in ec.iter() {
        dict.set_item(k, v)?;
    }
    Ok(dict)
}
