//! What `LocalKms` takes beside KMS requests: the callers its handles run as (`as_caller`,
//! with an `assume_role()` session) and fault injection rules.

use std::str::FromStr;

use datakey::kms::{Caller, FaultKind, FaultRule, FaultTrigger, Operation, SessionToken};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString, PyType};

use crate::errors;

/// The caller of `as_caller(principal, source_ip=, session=)`.
pub(crate) fn from_args(
    principal: Option<String>,
    source_ip: Option<&Bound<'_, PyAny>>,
    session: Option<&Bound<'_, PyAny>>,
) -> PyResult<Caller> {
    let session = session.filter(|s| !s.is_none());
    let token = session
        .map(|s| -> PyResult<(String, SessionToken)> {
            let arn = session_item(s, "AssumedRoleUser", "Arn")?;
            let token = SessionToken {
                access_key_id: session_item(s, "Credentials", "AccessKeyId")?,
                session_token: session_item(s, "Credentials", "SessionToken")?,
            };
            Ok((arn, token))
        })
        .transpose()?;
    let mut caller = match (principal, token) {
        (Some(arn), token) => Caller {
            session: token.map(|(_, t)| t),
            ..Caller::new(arn)
        },
        (None, Some((arn, token))) => Caller {
            session: Some(token),
            ..Caller::new(arn)
        },
        (None, None) => {
            return Err(PyTypeError::new_err(
                "as_caller() needs a principal ARN or an assume_role() response (session=)",
            ));
        }
    };
    if let Some(ip) = source_ip.filter(|ip| !ip.is_none()) {
        caller = with_source_ip(caller, ip)?;
    }
    Ok(caller)
}

/// The rule of `inject_fault(fault, operations, next_calls=, rate=)`.
pub(crate) fn fault_rule_from_args(
    fault: &Bound<'_, PyAny>,
    operations: Option<Vec<String>>,
    next_calls: Option<u32>,
    rate: Option<f64>,
) -> PyResult<FaultRule> {
    let kind = fault_kind(fault)?;
    let ops = operations
        .unwrap_or_default()
        .iter()
        .map(|o| Operation::from_str(o))
        .collect::<Result<Vec<_>, _>>()
        .map_err(errors::core)?;
    let rule = match (next_calls, rate) {
        (Some(n), None) => FaultRule::next_calls(kind, &ops, n),
        (None, Some(p)) => FaultRule::rate(kind, &ops, p),
        _ => {
            return Err(PyTypeError::new_err(
                "inject_fault() takes exactly one of next_calls= and rate=",
            ));
        }
    };
    Ok(rule)
}

/// `mapping[key]` as a `str`, for the `assume_role` response `as_caller` takes; `TypeError`
/// naming the missing or mistyped item.
fn session_item(session: &Bound<'_, PyAny>, outer: &str, inner: &str) -> PyResult<String> {
    let missing = || {
        PyTypeError::new_err(format!(
            "session must be an assume_role() response with a str at [{outer:?}][{inner:?}]"
        ))
    };
    let value = session
        .get_item(outer)
        .and_then(|o| o.get_item(inner))
        .map_err(|_| missing())?;
    let value = value.cast_into::<PyString>().map_err(|_| missing())?;
    Ok(value.to_cow()?.into_owned())
}

/// The source IP of `as_caller`: a string (parsed by the core) or an `ipaddress` address.
fn with_source_ip(caller: Caller, ip: &Bound<'_, PyAny>) -> PyResult<Caller> {
    if let Ok(text) = ip.cast::<PyString>() {
        return caller
            .with_source_ip_str(&text.to_cow()?)
            .map_err(errors::core);
    }
    let addr = ip.extract::<std::net::IpAddr>().map_err(|_| {
        PyTypeError::new_err("source_ip must be a str or an ipaddress.IPv4Address/IPv6Address")
    })?;
    Ok(caller.with_source_ip(addr))
}

/// The fault of `inject_fault`: its exception name (`"ThrottlingException"`, ...) or the
/// exception class itself (`datakey.ThrottlingException`), parsed by the core.
fn fault_kind(fault: &Bound<'_, PyAny>) -> PyResult<FaultKind> {
    let name = if let Ok(class) = fault.cast::<PyType>() {
        class.name()?.to_cow()?.into_owned()
    } else if let Ok(text) = fault.cast::<PyString>() {
        text.to_cow()?.into_owned()
    } else {
        return Err(PyTypeError::new_err(
            "fault must be an exception name such as 'ThrottlingException' or the class",
        ));
    };
    FaultKind::from_str(&name).map_err(errors::core)
}

/// A fault rule as the dict `faults()` returns (the keyword arguments of `inject_fault`).
pub(crate) fn fault_rule<'py>(py: Python<'py>, rule: &FaultRule) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("fault", rule.fault.as_str())?;
    let ops: Vec<&str> = rule.operations.iter().map(|o| o.as_str()).collect();
    d.set_item("operations", PyList::new(py, ops)?)?;
    match rule.trigger {
        FaultTrigger::NextCalls(n) => d.set_item("next_calls", n)?,
        FaultTrigger::Rate(p) => d.set_item("rate", p)?,
    }
    Ok(d)
}
