//! The one mapping from `datakey::Error` to Python exceptions.
//!
//! The exception classes live in Python (`datakey._errors`, the pyca pattern) and are looked up by
//! the core's [`Error::name`], so Rust, Python and Node call a failure the same thing. KMS errors
//! carry botocore's `response['Error']` shape and the operation name; access refusals
//! ([`Error::AccessDenied`], [`Error::ExpiredToken`]) also the principal, action, resource and the
//! structured reason as `err.reason`; [`Error::NoMatchingKey`]
//! carries the public lists of present and offered keys; authentication failures carry nothing.

use datakey::{AccessDeniedReason, Error};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyTuple};

use crate::clock;

/// The Python module that defines the exception classes.
const ERRORS_MODULE: &str = "datakey._errors";

/// The Python class for the core error `name` (`DatakeyError` for a name without a class, which a
/// test guards against).
fn class_for<'py>(py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyAny>> {
    let module = py.import(ERRORS_MODULE)?;
    match module.getattr(name) {
        Ok(class) => Ok(class),
        Err(_) => module.getattr("DatakeyError"),
    }
}

/// Builds the Python exception for a core error. `operation` is the KMS operation name
/// (`"GenerateDataKey"`, ...) for errors raised by `LocalKms` methods.
pub(crate) fn to_pyerr(error: Error, operation: Option<&str>) -> PyErr {
    Python::attach(|py| build(py, error, operation).unwrap_or_else(|e| e))
}

fn build(py: Python<'_>, error: Error, operation: Option<&str>) -> PyResult<PyErr> {
    let class = class_for(py, error.name())?;
    let message = error.message();
    let value = match &error {
        Error::NoMatchingKey(details) => {
            let pairs = |items: &[(String, String)]| -> PyResult<Bound<'_, PyList>> {
                let tuples = items
                    .iter()
                    .map(|(p, k)| PyTuple::new(py, [p.as_str(), k.as_str()]))
                    .collect::<PyResult<Vec<_>>>()?;
                PyList::new(py, tuples)
            };
            let kwargs = PyDict::new(py);
            kwargs.set_item("present", pairs(&details.present)?)?;
            kwargs.set_item("tried", pairs(&details.tried)?)?;
            class.call((message,), Some(&kwargs))?
        }
        Error::AccessDenied(details) | Error::ExpiredToken(details) => {
            let kwargs = PyDict::new(py);
            kwargs.set_item("principal", &details.principal)?;
            kwargs.set_item("action", &details.action)?;
            kwargs.set_item("resource", &details.resource)?;
            kwargs.set_item("reason", reason(py, &details.reason)?)?;
            class.call((message, operation), Some(&kwargs))?
        }
        // Authentication failures say nothing, whatever the core's message.
        Error::Decryption => class.call0()?,
        _ if is_kms(&error) => class.call1((message, operation))?,
        _ => class.call1((message,))?,
    };
    Ok(PyErr::from_value(value))
}

/// The `datakey.AccessDeniedReason` of a refusal: the core's kind, its explanation, and the
/// fields of the kind (the others `None`).
fn reason<'py>(py: Python<'py>, reason: &AccessDeniedReason) -> PyResult<Bound<'py, PyAny>> {
    let kwargs = PyDict::new(py);
    kwargs.set_item("kind", reason.kind())?;
    kwargs.set_item("description", reason.to_string())?;
    match reason {
        AccessDeniedReason::ExplicitDeny { statement } => {
            kwargs.set_item("statement", statement)?;
        }
        AccessDeniedReason::ConditionNotMet {
            statement,
            operator,
            key,
            value,
        } => {
            kwargs.set_item("statement", statement)?;
            kwargs.set_item("operator", operator)?;
            kwargs.set_item("key", key)?;
            kwargs.set_item("value", value.as_deref())?;
        }
        AccessDeniedReason::OtherAccount { account } => {
            kwargs.set_item("account", account)?;
        }
        AccessDeniedReason::CredentialsExpired { expired_at } => {
            kwargs.set_item("expired_at", clock::to_datetime(py, *expired_at)?)?;
        }
        // `NoStatementAllows`, and any reason a later core adds: its kind and explanation.
        _ => {}
    }
    py.import(ERRORS_MODULE)?
        .getattr("AccessDeniedReason")?
        .call((), Some(&kwargs))
}

/// True for the errors that AWS KMS names (the `…Exception` family, `KmsError` in Python).
fn is_kms(error: &Error) -> bool {
    error.name().ends_with("Exception")
}

/// A closure mapping core errors raised by the KMS operation `operation` (`"Decrypt"`, ...).
pub(crate) fn kms(operation: &'static str) -> impl Fn(Error) -> PyErr {
    move |e| to_pyerr(e, Some(operation))
}

/// Maps the failure of a KMS call through the core's model (`LocalKms` methods): a core error as
/// [`kms`] maps it; a refusal of the model itself (`ParamValidationError`, a `TypeError` as
/// botocore's is a client-side refusal; `InvalidGrantTokenException`, ...) to the class of its
/// code, carrying the operation name.
pub(crate) fn wire(operation: &str, error: datakey::wire::WireError) -> PyErr {
    use datakey::wire::WireError;
    let operation = Some(operation).filter(|o| !o.is_empty());
    match error {
        WireError::Kms(e) => to_pyerr(e, operation),
        WireError::ParamValidation(m) => Python::attach(|py| {
            class_for(py, "ParamValidationError")
                .and_then(|c| c.call1((m,)))
                .map_or_else(|e| e, PyErr::from_value)
        }),
        other => Python::attach(|py| {
            class_for(py, other.code())
                .and_then(|c| c.call1((other.message(), operation)))
                .map_or_else(|e| e, PyErr::from_value)
        }),
    }
}

/// Maps a core error raised outside the KMS (messages, keyrings, encryption contexts).
pub(crate) fn core(error: Error) -> PyErr {
    to_pyerr(error, None)
}

/// `TypeError` for a `str` (or other non-buffer) where bytes are expected, in pyca's words.
pub(crate) fn not_a_buffer(what: &str, obj: &Bound<'_, PyAny>) -> PyErr {
    let type_name = obj
        .get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "object".to_owned());
    if type_name == "str" {
        PyTypeError::new_err(format!(
            "{what}: cannot convert \"str\" instance to a buffer. Did you mean to pass a bytestring instead?"
        ))
    } else {
        PyTypeError::new_err(format!(
            "{what}: expected a bytes-like object (bytes, bytearray, memoryview), not '{type_name}'"
        ))
    }
}
