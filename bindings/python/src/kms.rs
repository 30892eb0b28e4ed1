//! `datakey.LocalKms`: the core's in-process KMS in the shape of boto3's KMS client.
//!
//! Method names, keyword arguments (`KeyId`, `KeySpec`, `NumberOfBytes`, `EncryptionContext`, ...)
//! and response dictionaries (`Plaintext`, `CiphertextBlob`, `KeyId`, `KeyMaterialId`, ...) follow
//! boto3, so code written against `boto3.client("kms")` runs unchanged with a `LocalKms`. Every
//! argument is keyword-only, as on a boto3 client. Each method converts its arguments, calls one
//! core operation and converts the response; every check (ranges, enums, key states, messages)
//! is the core's.

// The keyword arguments are boto3's parameter names, and boto3's operations take as many as
// KMS defines.
#![allow(non_snake_case, clippy::too_many_arguments)]

use std::sync::Arc;

use datakey::Error;
use datakey::kms::{AssumeRoleRequest, Caller};
use datakey::wire::{Member, Shape, WireError, sdk};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyBytes, PyDict, PyInt, PyList, PyMapping, PyString, PyTuple};
use serde_json::{Map, Value};

use crate::buf;
use crate::caller;
use crate::clock::{self, PyClock};
use crate::ec;
use crate::errors;
use crate::keyring::{PyDiscoveryFilter, PyDiscoveryKeyring, PyKmsKeyring};

/// An offline AWS KMS in the shape of a boto3 KMS client.
///
/// `LocalKms(region="us-east-1", account_id="111122223333", clock=None, *,
/// propagation_delay=None, fault_seed=None, insecure_deterministic_seed=None)`: keys live in
/// this process only. `clock` drives creation dates, deletion windows, automatic rotation,
/// session expiry, `aws:CurrentTime` and the propagation delay: a `datakey.ManualClock`, or any
/// object whose `now()` returns an aware `datetime`. `propagation_delay` (seconds or a
/// `timedelta`) makes key and alias changes reach the data-plane operations only after that
/// long; `fault_seed` seeds injected fault rates; `insecure_deterministic_seed` (TESTS ONLY)
/// makes key ids and key material reproducible.
///
/// Operations run as the account root; `as_caller` returns a handle on the same keys that runs
/// them as another principal, checked against the key policies.
#[pyclass(frozen, module = "datakey", name = "LocalKms")]
pub(crate) struct PyLocalKms {
    pub(crate) kms: datakey::kms::LocalKms,
    /// Set when the clock is a Python object: its errors are raised after each operation, and
    /// operations release the GIL so that a thread inside the core can always read it.
    pub(crate) python_clock: Option<Arc<PyClock>>,
}

/// Adds boto3's `ResponseMetadata` (a random request id, HTTP 200, no retries).
pub(crate) fn with_metadata(d: Bound<'_, PyDict>) -> PyResult<Bound<'_, PyDict>> {
    let py = d.py();
    let mut b = [0u8; 16];
    datakey::hazmat::fill_random(&mut b).map_err(errors::core)?;
    b[6] = (b[6] & 0x0f) | 0x40; // UUID version 4
    b[8] = (b[8] & 0x3f) | 0x80; // RFC 4122 variant
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    let request_id = format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    );
    let meta = PyDict::new(py);
    meta.set_item("RequestId", request_id)?;
    meta.set_item("HTTPStatusCode", 200)?;
    meta.set_item("HTTPHeaders", PyDict::new(py))?;
    meta.set_item("RetryAttempts", 0)?;
    d.set_item("ResponseMetadata", meta)?;
    Ok(d)
}

/// A service builder with the region, account and clock every constructor takes.
fn builder(
    region: Option<String>,
    account_id: Option<String>,
    clock: Option<&Bound<'_, PyAny>>,
) -> PyResult<(datakey::kms::LocalKmsBuilder, Option<Arc<PyClock>>)> {
    let clock = clock::extract(clock)?;
    let mut builder = datakey::kms::LocalKms::builder().clock(clock.shared);
    if let Some(r) = region {
        builder = builder.region(r);
    }
    if let Some(a) = account_id {
        builder = builder.account_id(a);
    }
    Ok((builder, clock.python))
}

impl PyLocalKms {
    /// Runs one core operation: releases the GIL when a Python clock is in use (the core may
    /// read it while holding its own locks), maps errors, and raises the clock's own error if
    /// reading it failed.
    fn run<T, F>(&self, py: Python<'_>, operation: &'static str, f: F) -> PyResult<T>
    where
        F: FnOnce(&datakey::kms::LocalKms) -> datakey::Result<T> + Send,
        T: Send,
    {
        let kms = &self.kms;
        let result = buf::maybe_detach(py, self.python_clock.is_some(), || f(kms));
        if let Some(e) = self.python_clock.as_ref().and_then(|c| c.take_error()) {
            return Err(e);
        }
        result.map_err(errors::kms(operation))
    }
}

#[pymethods]
impl PyLocalKms {
    #[new]
    #[pyo3(signature = (region=None, account_id=None, clock=None, *, propagation_delay=None, fault_seed=None, insecure_deterministic_seed=None))]
    fn new(
        region: Option<String>,
        account_id: Option<String>,
        clock: Option<&Bound<'_, PyAny>>,
        propagation_delay: Option<&Bound<'_, PyAny>>,
        fault_seed: Option<u64>,
        insecure_deterministic_seed: Option<u64>,
    ) -> PyResult<Self> {
        let (mut builder, python_clock) = builder(region, account_id, clock)?;
        if let Some(d) = propagation_delay.filter(|d| !d.is_none()) {
            builder = builder.propagation_delay(clock::duration("propagation_delay", d)?);
        }
        if let Some(seed) = fault_seed {
            builder = builder.fault_seed(seed);
        }
        if let Some(seed) = insecure_deterministic_seed {
            builder = builder.insecure_deterministic_seed(seed);
        }
        let kms = builder.build().map_err(errors::core)?;
        Ok(Self { kms, python_clock })
    }

    /// `LocalKms.open(path=None, *, root_key=None, passphrase=None, region=None,
    /// account_id=None, clock=None)`: a KMS whose keys live in the persistent store directory
    /// `path` (default: `$DATAKEY_STORE`, else `$XDG_DATA_HOME/datakey`, else
    /// `~/.local/share/datakey`), shared with the `datakey` command line, Rust and Node. Every
    /// operation is on disk before it returns. The store is sealed under `root_key` (32 bytes,
    /// or 64 hex digits / base64 text), or a key derived from `passphrase`, or, with neither,
    /// `$DATAKEY_ROOT_KEY` / `$DATAKEY_PASSPHRASE`. Raises `WrongRootKeyError`,
    /// `StoreCorruptError` or `UnsupportedStoreVersionError` for a store it cannot read (the
    /// file is left untouched).
    #[staticmethod]
    #[pyo3(signature = (path=None, *, root_key=None, passphrase=None, region=None, account_id=None, clock=None))]
    fn open(
        path: Option<std::path::PathBuf>,
        root_key: Option<&Bound<'_, PyAny>>,
        passphrase: Option<&Bound<'_, PyAny>>,
        region: Option<String>,
        account_id: Option<String>,
        clock: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        use datakey::kms::RootKey;
        let root = match (root_key, passphrase) {
            (Some(_), Some(_)) => {
                return Err(errors::core(Error::Validation(
                    "Give root_key or passphrase, not both.".into(),
                )));
            }
            (Some(k), None) => {
                if let Ok(text) = k.extract::<String>() {
                    RootKey::parse(&text)
                } else {
                    RootKey::from_bytes(buf::extract("root_key", k)?.as_bytes())
                }
            }
            (None, Some(p)) => {
                if let Ok(text) = p.extract::<String>() {
                    RootKey::passphrase(text.as_bytes())
                } else {
                    RootKey::passphrase(buf::extract("passphrase", p)?.as_bytes())
                }
            }
            (None, None) => RootKey::from_env(),
        }
        .map_err(errors::core)?;
        let dir = datakey::kms::store_dir(path.as_deref()).map_err(errors::core)?;
        let (builder, python_clock) = builder(region, account_id, clock)?;
        let kms = builder.open(dir, root).map_err(errors::core)?;
        Ok(Self { kms, python_clock })
    }

    /// The store directory of a `LocalKms.open` service (`None` for an in-memory one).
    #[getter]
    fn store_path(&self) -> Option<String> {
        self.kms.store_path().map(|p| p.display().to_string())
    }

    /// The region in key and alias ARNs.
    #[getter]
    fn region(&self) -> &str {
        self.kms.region()
    }

    /// The account id in key and alias ARNs.
    #[getter]
    fn account_id(&self) -> &str {
        self.kms.account_id()
    }

    /// The principal ARN this handle's operations run as (the account root unless made by
    /// `as_caller`).
    #[getter]
    fn principal(&self) -> &str {
        self.kms.principal()
    }

    /// The source IP this handle's requests carry (`aws:SourceIp`), or `None`.
    #[getter]
    fn source_ip(&self) -> Option<String> {
        self.kms.caller().source_ip.map(|ip| ip.to_string())
    }

    /// The propagation delay, a `timedelta` (zero when off).
    #[getter]
    fn propagation_delay<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        clock::to_timedelta(py, self.kms.propagation_delay())
    }

    /// A handle on the same service (same keys, aliases, clock and injected faults) whose
    /// operations run as another caller, checked against the key policies.
    ///
    /// `principal` is an IAM root, user or role ARN or an STS assumed-role ARN; `source_ip` (a
    /// str or an `ipaddress` address) is the requests' `aws:SourceIp`; `session` is an
    /// `assume_role()` response, whose credentials are then checked on every call (expired:
    /// `ExpiredTokenException`) and whose assumed-role ARN is the principal unless one is given.
    ///
    /// # Errors
    ///
    /// `ValidationException` for a principal that is not a principal ARN or an unparsable IP;
    /// `TypeError` when neither `principal` nor `session` is given.
    #[pyo3(signature = (principal=None, *, source_ip=None, session=None))]
    fn as_caller(
        &self,
        principal: Option<String>,
        source_ip: Option<&Bound<'_, PyAny>>,
        session: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let caller = caller::from_args(principal, source_ip, session)?;
        let kms = self.kms.as_caller(caller).map_err(errors::core)?;
        Ok(Self {
            kms,
            python_clock: self.python_clock.clone(),
        })
    }

    /// Adds a fault injection rule, shared by every handle on this service: `fault` (an
    /// exception name such as `"ThrottlingException"`, or the class) is raised on calls of
    /// `operations` (KMS operation names; every operation when omitted), either on each of the
    /// `next_calls` next calls or with probability `rate` (drawn from `fault_seed`).
    ///
    /// # Errors
    ///
    /// `ValidationException` for an unknown fault or operation or a rate outside 0..1;
    /// `TypeError` unless exactly one of `next_calls` and `rate` is given.
    #[pyo3(signature = (fault, operations=None, *, next_calls=None, rate=None))]
    fn inject_fault(
        &self,
        fault: &Bound<'_, PyAny>,
        operations: Option<Vec<String>>,
        next_calls: Option<u32>,
        rate: Option<f64>,
    ) -> PyResult<()> {
        let rule = caller::fault_rule_from_args(fault, operations, next_calls, rate)?;
        self.kms.inject_fault(rule).map_err(errors::core)
    }

    /// Removes every fault injection rule.
    fn clear_faults(&self) {
        self.kms.clear_faults();
    }

    /// The fault injection rules in force, as dicts of `inject_fault`'s keyword arguments
    /// (`fault`, `operations`, and `next_calls` with the remaining count, or `rate`).
    fn faults<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let rules = self
            .kms
            .faults()
            .iter()
            .map(|r| caller::fault_rule(py, r))
            .collect::<PyResult<Vec<_>>>()?;
        PyList::new(py, rules)
    }

    /// `AssumeRole` (the STS operation, in boto3's STS response shape): temporary credentials
    /// for a session of `RoleArn`, valid for `DurationSeconds` (900..43200, default 3600) on
    /// the service's clock. Pass the response to `as_caller(session=...)`.
    #[pyo3(signature = (*, RoleArn, RoleSessionName, DurationSeconds=None))]
    fn assume_role<'py>(
        &self,
        py: Python<'py>,
        RoleArn: String,
        RoleSessionName: String,
        DurationSeconds: Option<i64>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let resp = self.run(py, "AssumeRole", |k| {
            k.assume_role(AssumeRoleRequest {
                role_arn: RoleArn,
                role_session_name: RoleSessionName,
                duration_seconds: DurationSeconds,
            })
        })?;
        let creds = PyDict::new(py);
        creds.set_item("AccessKeyId", &resp.credentials.access_key_id)?;
        creds.set_item(
            "SecretAccessKey",
            String::from_utf8_lossy(resp.credentials.secret_access_key.expose_secret()),
        )?;
        creds.set_item("SessionToken", &resp.credentials.session_token)?;
        creds.set_item(
            "Expiration",
            clock::to_datetime(py, resp.credentials.expiration)?,
        )?;
        let user = PyDict::new(py);
        user.set_item("AssumedRoleId", &resp.assumed_role_user.assumed_role_id)?;
        user.set_item("Arn", &resp.assumed_role_user.arn)?;
        let d = PyDict::new(py);
        d.set_item("Credentials", creds)?;
        d.set_item("AssumedRoleUser", user)?;
        with_metadata(d)
    }

    /// The KMS exception classes, as on a boto3 client: `kms.exceptions.DisabledException`, ...
    #[getter]
    fn exceptions<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        py.import("datakey._errors")?.getattr("KMS_EXCEPTIONS")
    }

    fn __repr__(&self) -> String {
        let mut repr = format!(
            "LocalKms(region='{}', account_id='{}'",
            self.kms.region(),
            self.kms.account_id()
        );
        let caller = self.kms.caller();
        if caller != Caller::account_root(self.kms.account_id()) {
            repr.push_str(&format!(", principal='{}'", caller.principal_arn));
        }
        repr.push(')');
        repr
    }

    /// A keyring over the key `key_id` (key ID, key ARN, alias name or alias ARN) of this KMS,
    /// for `datakey.encrypt` / `decrypt`. Aliases are resolved on each use.
    fn keyring(&self, key_id: String) -> PyResult<PyKmsKeyring> {
        PyKmsKeyring::new(self.kms.clone(), key_id, self.python_clock.clone())
    }

    /// A decrypt-only keyring that opens any message whose data key a key of this KMS wrapped
    /// (optionally only keys that `discovery_filter`, a `datakey.DiscoveryFilter`, allows): decrypt
    /// without naming the key.
    #[pyo3(signature = (discovery_filter=None))]
    fn discovery_keyring(
        &self,
        discovery_filter: Option<PyRef<'_, PyDiscoveryFilter>>,
    ) -> PyDiscoveryKeyring {
        PyDiscoveryKeyring::new(
            self.kms.clone(),
            discovery_filter.as_deref(),
            self.python_clock.clone(),
        )
    }

    /// Runs the KMS operation `operation` (`"GenerateDataKey"`, ...) with the keyword arguments
    /// of its boto3 method: the one body of every KMS method, which `datakey._kms` installs on
    /// this class from `KMS_OPERATIONS`.
    fn _call<'py>(
        &self,
        py: Python<'py>,
        operation: &str,
        params: &Bound<'py, PyDict>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let op = sdk::operation(operation).ok_or_else(|| {
            errors::wire(
                "",
                WireError::Kms(Error::UnsupportedOperation(format!(
                    "datakey does not implement the KMS operation {operation}."
                ))),
            )
        })?;
        let input = structure_to_doc(op.input, "", params.as_any())?;
        let kms = &self.kms;
        let result = buf::maybe_detach(py, self.python_clock.is_some(), || {
            sdk::call(kms, op.name, input)
        });
        if let Some(e) = self.python_clock.as_ref().and_then(|c| c.take_error()) {
            return Err(e);
        }
        let mut out = result.map_err(|e| errors::wire(op.name, e))?;
        let d = match doc_to_py(py, &Shape::Structure(op.output), &out)?.cast_into::<PyDict>() {
            Ok(d) => d,
            Err(_) => PyDict::new(py),
        };
        sdk::wipe(&mut out);
        with_metadata(d)
    }
}

/// The names of the KMS operations `LocalKms` implements (`KMS_OPERATIONS`, for `datakey._kms`).
pub(crate) fn kms_operations() -> Vec<&'static str> {
    sdk::operations().map(|o| o.name).collect()
}

/// botocore's wording for a value of the wrong type (`ParamValidationError`).
fn invalid_type(path: &str, obj: &Bound<'_, PyAny>, valid: &str) -> PyErr {
    let value = obj.str().map(|s| s.to_string()).unwrap_or_default();
    let ty = obj
        .get_type()
        .str()
        .map(|s| s.to_string())
        .unwrap_or_default();
    errors::wire(
        "",
        WireError::ParamValidation(format!(
            "Parameter validation failed:\nInvalid type for parameter {path}, value: {value}, \
             type: {ty}, valid types: {valid}"
        )),
    )
}

/// A structure from a mapping of member names (`None` values count as absent), its names
/// checked as botocore checks them.
pub(crate) fn structure_to_doc(
    members: &[Member],
    path: &str,
    obj: &Bound<'_, PyAny>,
) -> PyResult<Value> {
    let map = obj
        .cast::<PyMapping>()
        .map_err(|_| invalid_type(path, obj, "<class 'dict'>"))?;
    let mut given = Vec::new();
    for item in map.items()?.iter() {
        let (k, v): (String, Bound<'_, PyAny>) = item.extract()?;
        if !v.is_none() {
            given.push((k, v));
        }
    }
    sdk::check_members(path, members, given.iter().map(|(k, _)| k.as_str()), true)
        .map_err(|e| errors::wire("", e))?;
    let mut fields = Map::new();
    for (k, v) in given {
        let Some(m) = members.iter().find(|m| m.name == k) else {
            continue;
        };
        let path = if path.is_empty() {
            k.clone()
        } else {
            format!("{path}.{k}")
        };
        // A refused member drops what was converted: wiped, as it may hold a plaintext.
        let doc = to_doc(m.shape, &path, &v)
            .inspect_err(|_| sdk::wipe(&mut Value::Object(std::mem::take(&mut fields))))?;
        fields.insert(k, doc);
    }
    Ok(Value::Object(fields))
}

/// A request member as the document carries it, guided by its shape: bytes-like objects to
/// base64, aware datetimes to epoch seconds; a value of the wrong Python type is a `TypeError`.
fn to_doc(shape: &Shape, path: &str, obj: &Bound<'_, PyAny>) -> PyResult<Value> {
    Ok(match shape {
        Shape::String { .. } => match obj.cast::<PyString>() {
            Ok(s) => Value::String(s.to_cow()?.into_owned()),
            Err(_) => return Err(invalid_type(path, obj, "<class 'str'>")),
        },
        Shape::Integer { .. }
            if obj.is_instance_of::<PyInt>() && !obj.is_instance_of::<PyBool>() =>
        {
            Value::from(obj.extract::<i64>()?)
        }
        Shape::Integer { .. } => return Err(invalid_type(path, obj, "<class 'int'>")),
        Shape::Boolean => match obj.cast::<PyBool>() {
            Ok(b) => Value::Bool(b.is_true()),
            Err(_) => return Err(invalid_type(path, obj, "<class 'bool'>")),
        },
        Shape::Blob { .. } => {
            Value::String(sdk::encode_blob(buf::extract(path, obj)?.as_bytes()).to_string())
        }
        Shape::Timestamp => sdk::encode_time(clock::from_datetime(path, obj)?),
        Shape::List { member, .. } => {
            if !(obj.is_instance_of::<PyList>() || obj.is_instance_of::<PyTuple>()) {
                return Err(invalid_type(path, obj, "<class 'list'>, <class 'tuple'>"));
            }
            let items = obj
                .try_iter()?
                .enumerate()
                .map(|(i, item)| to_doc(member, &format!("{path}[{i}]"), &item?));
            Value::Array(items.collect::<PyResult<_>>()?)
        }
        // Maps of strings are encryption contexts: the message types' own checks and words.
        Shape::Map { .. } => {
            let ec = ec::extract(path, Some(obj))?;
            let fields = ec
                .iter()
                .map(|(k, v)| (k.to_owned(), Value::String(v.to_owned())));
            Value::Object(fields.collect())
        }
        Shape::Structure(members) => structure_to_doc(members, path, obj)?,
        _ => return Err(invalid_type(path, obj, "a value of the service model")),
    })
}

/// A response member as Python holds it, guided by its shape: blobs as `bytes`, timestamps as
/// aware `datetime`s, the rest as JSON maps to Python.
pub(crate) fn doc_to_py<'py>(
    py: Python<'py>,
    shape: &Shape,
    v: &Value,
) -> PyResult<Bound<'py, PyAny>> {
    Ok(match (shape, v) {
        (Shape::Blob { .. }, Value::String(s)) => match sdk::decode_blob(s) {
            Some(bytes) => PyBytes::new(py, &bytes).into_any(),
            None => PyString::new(py, s).into_any(),
        },
        (Shape::Timestamp, v) => match sdk::decode_time(v) {
            Some(t) => clock::to_datetime(py, t)?.into_any(),
            None => pythonize::pythonize(py, v)?,
        },
        (Shape::List { member, .. }, Value::Array(items)) => {
            let items = items.iter().map(|item| doc_to_py(py, member, item));
            PyList::new(py, items.collect::<PyResult<Vec<_>>>()?)?.into_any()
        }
        (Shape::Structure(_) | Shape::Map { .. }, Value::Object(fields)) => {
            let d = PyDict::new(py);
            for (k, v) in fields {
                let value = match shape.member(k) {
                    Some(shape) => doc_to_py(py, shape, v)?,
                    None => pythonize::pythonize(py, v)?,
                };
                d.set_item(k, value)?;
            }
            d.into_any()
        }
        _ => pythonize::pythonize(py, v)?,
    })
}
