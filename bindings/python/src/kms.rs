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

use std::str::FromStr;
use std::sync::Arc;
use std::time::SystemTime;

use datakey::kms::{
    AssumeRoleRequest, Caller, CancelKeyDeletionRequest, CreateAliasRequest, CreateKeyPolicy,
    CreateKeyRequest, DataKeySpec, DecryptRequest, DeleteAliasRequest, DescribeKeyRequest,
    DisableKeyRequest, DisableKeyRotationRequest, EnableKeyRequest, EnableKeyRotationRequest,
    EncryptRequest, EncryptionAlgorithmSpec, ExpirationModel, FaultKind, FaultRule, FaultTrigger,
    GenerateDataKeyRequest, GenerateDataKeyWithoutPlaintextRequest, GenerateRandomRequest,
    GetKeyPolicyRequest, GetKeyRotationStatusRequest, ImportKeyMaterialRequest, ImportType,
    KeyMetadata, KeySpec, KeyUsage, ListAliasesRequest, ListKeyRotationsRequest, ListKeysRequest,
    Operation, Origin, PutKeyPolicyRequest, ReEncryptRequest, RotateKeyOnDemandRequest,
    ScheduleKeyDeletionRequest, SessionToken, UpdateAliasRequest,
};
use datakey::{Error, SecretBytes};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PyString, PyType};

use crate::buf;
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

/// Parses an optional KMS enum argument with the core's `FromStr` (KMS's validation message).
fn parse_enum<T: FromStr<Err = Error>>(
    operation: &'static str,
    value: Option<&str>,
) -> PyResult<Option<T>> {
    value
        .map(T::from_str)
        .transpose()
        .map_err(errors::kms(operation))
}

fn time_opt(d: &Bound<'_, PyDict>, key: &str, value: Option<SystemTime>) -> PyResult<()> {
    if let Some(t) = value {
        d.set_item(key, clock::to_datetime(d.py(), t)?)?;
    }
    Ok(())
}

fn str_opt(d: &Bound<'_, PyDict>, key: &str, value: Option<&str>) -> PyResult<()> {
    if let Some(v) = value {
        d.set_item(key, v)?;
    }
    Ok(())
}

/// A boto3-style `KeyMetadata` dictionary (absent optional fields are left out, as in boto3).
fn key_metadata<'py>(py: Python<'py>, m: &KeyMetadata) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("AWSAccountId", &m.aws_account_id)?;
    d.set_item("KeyId", &m.key_id)?;
    d.set_item("Arn", &m.arn)?;
    d.set_item("CreationDate", clock::to_datetime(py, m.creation_date)?)?;
    d.set_item("Enabled", m.enabled)?;
    d.set_item("Description", &m.description)?;
    d.set_item("KeyUsage", m.key_usage.as_str())?;
    d.set_item("KeyState", m.key_state.as_str())?;
    time_opt(&d, "DeletionDate", m.deletion_date)?;
    time_opt(&d, "ValidTo", m.valid_to)?;
    d.set_item("Origin", m.origin.as_str())?;
    d.set_item("KeyManager", m.key_manager.as_str())?;
    // Deprecated in KMS but still returned beside KeySpec.
    d.set_item("CustomerMasterKeySpec", m.key_spec.as_str())?;
    d.set_item("KeySpec", m.key_spec.as_str())?;
    let lists: [(&str, Vec<&str>); 4] = [
        (
            "EncryptionAlgorithms",
            m.encryption_algorithms.iter().map(|a| a.as_str()).collect(),
        ),
        (
            "SigningAlgorithms",
            m.signing_algorithms.iter().map(String::as_str).collect(),
        ),
        (
            "MacAlgorithms",
            m.mac_algorithms.iter().map(String::as_str).collect(),
        ),
        (
            "KeyAgreementAlgorithms",
            m.key_agreement_algorithms
                .iter()
                .map(String::as_str)
                .collect(),
        ),
    ];
    for (key, values) in lists {
        if !values.is_empty() {
            d.set_item(key, PyList::new(py, values)?)?;
        }
    }
    d.set_item("MultiRegion", m.multi_region)?;
    if let Some(days) = m.pending_deletion_window_in_days {
        d.set_item("PendingDeletionWindowInDays", days)?;
    }
    str_opt(
        &d,
        "ExpirationModel",
        m.expiration_model.map(|e| e.as_str()),
    )?;
    str_opt(
        &d,
        "CurrentKeyMaterialId",
        m.current_key_material_id.as_deref(),
    )?;
    Ok(d)
}

/// Adds boto3's `ResponseMetadata` (a random request id, HTTP 200, no retries).
fn with_metadata(d: Bound<'_, PyDict>) -> PyResult<Bound<'_, PyDict>> {
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

fn bytes_arg(what: &str, obj: &Bound<'_, PyAny>) -> PyResult<Vec<u8>> {
    Ok(buf::extract(what, obj)?.as_bytes().to_vec())
}

fn secret_arg(what: &str, obj: &Bound<'_, PyAny>) -> PyResult<SecretBytes> {
    Ok(SecretBytes::copy_from_slice(
        buf::extract(what, obj)?.as_bytes(),
    ))
}

fn ec_arg(what: &str, obj: Option<&Bound<'_, PyAny>>) -> PyResult<datakey::EncryptionContext> {
    ec::extract(what, obj)
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
fn fault_rule<'py>(py: Python<'py>, rule: &FaultRule) -> PyResult<Bound<'py, PyDict>> {
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
        let clock = clock::extract(clock)?;
        let mut builder = datakey::kms::LocalKms::builder().clock(clock.shared);
        if let Some(r) = region {
            builder = builder.region(r);
        }
        if let Some(a) = account_id {
            builder = builder.account_id(a);
        }
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
        Ok(Self {
            kms,
            python_clock: clock.python,
        })
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
        let clock = clock::extract(clock)?;
        let mut builder = datakey::kms::LocalKms::builder().clock(clock.shared);
        if let Some(r) = region {
            builder = builder.region(r);
        }
        if let Some(a) = account_id {
            builder = builder.account_id(a);
        }
        let kms = builder.open(dir, root).map_err(errors::core)?;
        Ok(Self {
            kms,
            python_clock: clock.python,
        })
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
            .map(|r| fault_rule(py, r))
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

    /// `PutKeyPolicy`: replaces the key's policy (`PolicyName` is `default`, the only one).
    #[pyo3(signature = (*, KeyId, Policy, PolicyName=None, BypassPolicyLockoutSafetyCheck=None))]
    fn put_key_policy<'py>(
        &self,
        py: Python<'py>,
        KeyId: String,
        Policy: String,
        PolicyName: Option<String>,
        BypassPolicyLockoutSafetyCheck: Option<bool>,
    ) -> PyResult<Bound<'py, PyDict>> {
        self.run(py, "PutKeyPolicy", |k| {
            k.put_key_policy(PutKeyPolicyRequest {
                key_id: KeyId,
                policy: Policy,
                policy_name: PolicyName,
                bypass_policy_lockout_safety_check: BypassPolicyLockoutSafetyCheck,
            })
        })?;
        with_metadata(PyDict::new(py))
    }

    /// `GetKeyPolicy`: the key's policy document, exactly as it was put.
    #[pyo3(signature = (*, KeyId, PolicyName=None))]
    fn get_key_policy<'py>(
        &self,
        py: Python<'py>,
        KeyId: String,
        PolicyName: Option<String>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let resp = self.run(py, "GetKeyPolicy", |k| {
            k.get_key_policy(GetKeyPolicyRequest {
                key_id: KeyId,
                policy_name: PolicyName,
            })
        })?;
        let d = PyDict::new(py);
        d.set_item("Policy", &resp.policy)?;
        d.set_item("PolicyName", &resp.policy_name)?;
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

    /// `CreateKey`: a new KMS key (symmetric by default), with AWS's default key policy unless
    /// `Policy` is given.
    #[pyo3(signature = (*, Description=None, KeyUsage=None, KeySpec=None, CustomerMasterKeySpec=None, Origin=None, MultiRegion=None, Policy=None, BypassPolicyLockoutSafetyCheck=None))]
    fn create_key<'py>(
        &self,
        py: Python<'py>,
        Description: Option<String>,
        KeyUsage: Option<&str>,
        KeySpec: Option<&str>,
        CustomerMasterKeySpec: Option<&str>,
        Origin: Option<&str>,
        MultiRegion: Option<bool>,
        Policy: Option<String>,
        BypassPolicyLockoutSafetyCheck: Option<bool>,
    ) -> PyResult<Bound<'py, PyDict>> {
        const OP: &str = "CreateKey";
        let req = CreateKeyRequest {
            description: Description,
            key_usage: parse_enum::<KeyUsage>(OP, KeyUsage)?,
            key_spec: parse_enum::<KeySpec>(OP, KeySpec.or(CustomerMasterKeySpec))?,
            origin: parse_enum::<Origin>(OP, Origin)?,
            multi_region: MultiRegion,
        };
        let policy = Policy.map(|policy| CreateKeyPolicy {
            policy,
            bypass_policy_lockout_safety_check: BypassPolicyLockoutSafetyCheck,
        });
        let resp = self.run(py, OP, |k| match policy {
            Some(p) => k.create_key_with_policy(req, p),
            None => k.create_key(req),
        })?;
        let d = PyDict::new(py);
        d.set_item("KeyMetadata", key_metadata(py, &resp.key_metadata)?)?;
        with_metadata(d)
    }

    /// `DescribeKey`: the key's metadata (works in every key state).
    #[pyo3(signature = (*, KeyId))]
    fn describe_key<'py>(&self, py: Python<'py>, KeyId: String) -> PyResult<Bound<'py, PyDict>> {
        let resp = self.run(py, "DescribeKey", |k| {
            k.describe_key(DescribeKeyRequest { key_id: KeyId })
        })?;
        let d = PyDict::new(py);
        d.set_item("KeyMetadata", key_metadata(py, &resp.key_metadata)?)?;
        with_metadata(d)
    }

    /// `ListKeys`: one page of keys (`Limit` 1..1000, `Marker` from the previous page).
    #[pyo3(signature = (*, Limit=None, Marker=None))]
    fn list_keys<'py>(
        &self,
        py: Python<'py>,
        Limit: Option<i64>,
        Marker: Option<String>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let resp = self.run(py, "ListKeys", |k| {
            k.list_keys(ListKeysRequest {
                limit: Limit,
                marker: Marker,
            })
        })?;
        let keys = PyList::empty(py);
        for entry in &resp.keys {
            let e = PyDict::new(py);
            e.set_item("KeyId", &entry.key_id)?;
            e.set_item("KeyArn", &entry.key_arn)?;
            keys.append(e)?;
        }
        let d = PyDict::new(py);
        d.set_item("Keys", keys)?;
        str_opt(&d, "NextMarker", resp.next_marker.as_deref())?;
        d.set_item("Truncated", resp.truncated)?;
        with_metadata(d)
    }

    /// `CreateAlias`: `alias/<name>` pointing at a key (by key id or ARN).
    #[pyo3(signature = (*, AliasName, TargetKeyId))]
    fn create_alias<'py>(
        &self,
        py: Python<'py>,
        AliasName: String,
        TargetKeyId: String,
    ) -> PyResult<Bound<'py, PyDict>> {
        self.run(py, "CreateAlias", |k| {
            k.create_alias(CreateAliasRequest {
                alias_name: AliasName,
                target_key_id: TargetKeyId,
            })
        })?;
        with_metadata(PyDict::new(py))
    }

    /// `UpdateAlias`: points an existing alias at another key.
    #[pyo3(signature = (*, AliasName, TargetKeyId))]
    fn update_alias<'py>(
        &self,
        py: Python<'py>,
        AliasName: String,
        TargetKeyId: String,
    ) -> PyResult<Bound<'py, PyDict>> {
        self.run(py, "UpdateAlias", |k| {
            k.update_alias(UpdateAliasRequest {
                alias_name: AliasName,
                target_key_id: TargetKeyId,
            })
        })?;
        with_metadata(PyDict::new(py))
    }

    /// `DeleteAlias`.
    #[pyo3(signature = (*, AliasName))]
    fn delete_alias<'py>(
        &self,
        py: Python<'py>,
        AliasName: String,
    ) -> PyResult<Bound<'py, PyDict>> {
        self.run(py, "DeleteAlias", |k| {
            k.delete_alias(DeleteAliasRequest {
                alias_name: AliasName,
            })
        })?;
        with_metadata(PyDict::new(py))
    }

    /// `ListAliases`: one page of aliases, optionally only those of `KeyId`.
    #[pyo3(signature = (*, KeyId=None, Limit=None, Marker=None))]
    fn list_aliases<'py>(
        &self,
        py: Python<'py>,
        KeyId: Option<String>,
        Limit: Option<i64>,
        Marker: Option<String>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let resp = self.run(py, "ListAliases", |k| {
            k.list_aliases(ListAliasesRequest {
                key_id: KeyId,
                limit: Limit,
                marker: Marker,
            })
        })?;
        let aliases = PyList::empty(py);
        for a in &resp.aliases {
            let e = PyDict::new(py);
            e.set_item("AliasName", &a.alias_name)?;
            e.set_item("AliasArn", &a.alias_arn)?;
            str_opt(&e, "TargetKeyId", a.target_key_id.as_deref())?;
            e.set_item("CreationDate", clock::to_datetime(py, a.creation_date)?)?;
            e.set_item(
                "LastUpdatedDate",
                clock::to_datetime(py, a.last_updated_date)?,
            )?;
            aliases.append(e)?;
        }
        let d = PyDict::new(py);
        d.set_item("Aliases", aliases)?;
        str_opt(&d, "NextMarker", resp.next_marker.as_deref())?;
        d.set_item("Truncated", resp.truncated)?;
        with_metadata(d)
    }

    /// `EnableKey`.
    #[pyo3(signature = (*, KeyId))]
    fn enable_key<'py>(&self, py: Python<'py>, KeyId: String) -> PyResult<Bound<'py, PyDict>> {
        self.run(py, "EnableKey", |k| {
            k.enable_key(EnableKeyRequest { key_id: KeyId })
        })?;
        with_metadata(PyDict::new(py))
    }

    /// `DisableKey`.
    #[pyo3(signature = (*, KeyId))]
    fn disable_key<'py>(&self, py: Python<'py>, KeyId: String) -> PyResult<Bound<'py, PyDict>> {
        self.run(py, "DisableKey", |k| {
            k.disable_key(DisableKeyRequest { key_id: KeyId })
        })?;
        with_metadata(PyDict::new(py))
    }

    /// `ScheduleKeyDeletion`: `PendingWindowInDays` 7..30 (default 30) on the injected clock.
    #[pyo3(signature = (*, KeyId, PendingWindowInDays=None))]
    fn schedule_key_deletion<'py>(
        &self,
        py: Python<'py>,
        KeyId: String,
        PendingWindowInDays: Option<i64>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let resp = self.run(py, "ScheduleKeyDeletion", |k| {
            k.schedule_key_deletion(ScheduleKeyDeletionRequest {
                key_id: KeyId,
                pending_window_in_days: PendingWindowInDays,
            })
        })?;
        let d = PyDict::new(py);
        d.set_item("KeyId", &resp.key_id)?;
        d.set_item("DeletionDate", clock::to_datetime(py, resp.deletion_date)?)?;
        d.set_item("KeyState", resp.key_state.as_str())?;
        d.set_item("PendingWindowInDays", resp.pending_window_in_days)?;
        with_metadata(d)
    }

    /// `CancelKeyDeletion`: the key returns to `Disabled`.
    #[pyo3(signature = (*, KeyId))]
    fn cancel_key_deletion<'py>(
        &self,
        py: Python<'py>,
        KeyId: String,
    ) -> PyResult<Bound<'py, PyDict>> {
        let resp = self.run(py, "CancelKeyDeletion", |k| {
            k.cancel_key_deletion(CancelKeyDeletionRequest { key_id: KeyId })
        })?;
        let d = PyDict::new(py);
        d.set_item("KeyId", &resp.key_id)?;
        with_metadata(d)
    }

    /// `GenerateDataKey`: a data key in plaintext and encrypted under `KeyId`, bound to
    /// `EncryptionContext`. Exactly one of `KeySpec` (`AES_256`, `AES_128`) and `NumberOfBytes`.
    #[pyo3(signature = (*, KeyId, EncryptionContext=None, NumberOfBytes=None, KeySpec=None))]
    fn generate_data_key<'py>(
        &self,
        py: Python<'py>,
        KeyId: String,
        EncryptionContext: Option<&Bound<'py, PyAny>>,
        NumberOfBytes: Option<i64>,
        KeySpec: Option<&str>,
    ) -> PyResult<Bound<'py, PyDict>> {
        const OP: &str = "GenerateDataKey";
        let req = GenerateDataKeyRequest {
            key_id: KeyId,
            key_spec: parse_enum::<DataKeySpec>(OP, KeySpec)?,
            number_of_bytes: NumberOfBytes,
            encryption_context: ec_arg("EncryptionContext", EncryptionContext)?,
        };
        let resp = self.run(py, OP, |k| k.generate_data_key(req))?;
        let d = PyDict::new(py);
        d.set_item("CiphertextBlob", PyBytes::new(py, &resp.ciphertext_blob))?;
        d.set_item(
            "Plaintext",
            PyBytes::new(py, resp.plaintext.expose_secret()),
        )?;
        d.set_item("KeyId", &resp.key_id)?;
        d.set_item("KeyMaterialId", &resp.key_material_id)?;
        with_metadata(d)
    }

    /// `GenerateDataKeyWithoutPlaintext`: as `generate_data_key`, without `Plaintext`.
    #[pyo3(signature = (*, KeyId, EncryptionContext=None, NumberOfBytes=None, KeySpec=None))]
    fn generate_data_key_without_plaintext<'py>(
        &self,
        py: Python<'py>,
        KeyId: String,
        EncryptionContext: Option<&Bound<'py, PyAny>>,
        NumberOfBytes: Option<i64>,
        KeySpec: Option<&str>,
    ) -> PyResult<Bound<'py, PyDict>> {
        const OP: &str = "GenerateDataKeyWithoutPlaintext";
        let req = GenerateDataKeyWithoutPlaintextRequest {
            key_id: KeyId,
            key_spec: parse_enum::<DataKeySpec>(OP, KeySpec)?,
            number_of_bytes: NumberOfBytes,
            encryption_context: ec_arg("EncryptionContext", EncryptionContext)?,
        };
        let resp = self.run(py, OP, |k| k.generate_data_key_without_plaintext(req))?;
        let d = PyDict::new(py);
        d.set_item("CiphertextBlob", PyBytes::new(py, &resp.ciphertext_blob))?;
        d.set_item("KeyId", &resp.key_id)?;
        d.set_item("KeyMaterialId", &resp.key_material_id)?;
        with_metadata(d)
    }

    /// `Encrypt`: up to 4096 bytes of `Plaintext` under `KeyId`.
    #[pyo3(signature = (*, KeyId, Plaintext, EncryptionContext=None, EncryptionAlgorithm=None))]
    fn encrypt<'py>(
        &self,
        py: Python<'py>,
        KeyId: String,
        Plaintext: &Bound<'py, PyAny>,
        EncryptionContext: Option<&Bound<'py, PyAny>>,
        EncryptionAlgorithm: Option<&str>,
    ) -> PyResult<Bound<'py, PyDict>> {
        const OP: &str = "Encrypt";
        let req = EncryptRequest {
            key_id: KeyId,
            plaintext: secret_arg("Plaintext", Plaintext)?,
            encryption_context: ec_arg("EncryptionContext", EncryptionContext)?,
            encryption_algorithm: parse_enum::<EncryptionAlgorithmSpec>(OP, EncryptionAlgorithm)?,
        };
        let resp = self.run(py, OP, |k| k.encrypt(req))?;
        let d = PyDict::new(py);
        d.set_item("CiphertextBlob", PyBytes::new(py, &resp.ciphertext_blob))?;
        d.set_item("KeyId", &resp.key_id)?;
        d.set_item("EncryptionAlgorithm", resp.encryption_algorithm.as_str())?;
        d.set_item("KeyMaterialId", &resp.key_material_id)?;
        with_metadata(d)
    }

    /// `Decrypt`: the plaintext of a ciphertext blob; `EncryptionContext` must match exactly.
    #[pyo3(signature = (*, CiphertextBlob, EncryptionContext=None, KeyId=None, EncryptionAlgorithm=None))]
    fn decrypt<'py>(
        &self,
        py: Python<'py>,
        CiphertextBlob: &Bound<'py, PyAny>,
        EncryptionContext: Option<&Bound<'py, PyAny>>,
        KeyId: Option<String>,
        EncryptionAlgorithm: Option<&str>,
    ) -> PyResult<Bound<'py, PyDict>> {
        const OP: &str = "Decrypt";
        let req = DecryptRequest {
            ciphertext_blob: bytes_arg("CiphertextBlob", CiphertextBlob)?,
            encryption_context: ec_arg("EncryptionContext", EncryptionContext)?,
            key_id: KeyId,
            encryption_algorithm: parse_enum::<EncryptionAlgorithmSpec>(OP, EncryptionAlgorithm)?,
        };
        let resp = self.run(py, OP, |k| k.decrypt(req))?;
        let d = PyDict::new(py);
        d.set_item("KeyId", &resp.key_id)?;
        d.set_item(
            "Plaintext",
            PyBytes::new(py, resp.plaintext.expose_secret()),
        )?;
        d.set_item("EncryptionAlgorithm", resp.encryption_algorithm.as_str())?;
        d.set_item("KeyMaterialId", &resp.key_material_id)?;
        with_metadata(d)
    }

    /// `ReEncrypt`: decrypts under the source key and context and encrypts under the
    /// destination key and context; the plaintext never reaches Python.
    #[pyo3(signature = (*, CiphertextBlob, DestinationKeyId, SourceEncryptionContext=None, SourceKeyId=None, DestinationEncryptionContext=None, SourceEncryptionAlgorithm=None, DestinationEncryptionAlgorithm=None))]
    fn re_encrypt<'py>(
        &self,
        py: Python<'py>,
        CiphertextBlob: &Bound<'py, PyAny>,
        DestinationKeyId: String,
        SourceEncryptionContext: Option<&Bound<'py, PyAny>>,
        SourceKeyId: Option<String>,
        DestinationEncryptionContext: Option<&Bound<'py, PyAny>>,
        SourceEncryptionAlgorithm: Option<&str>,
        DestinationEncryptionAlgorithm: Option<&str>,
    ) -> PyResult<Bound<'py, PyDict>> {
        const OP: &str = "ReEncrypt";
        let req = ReEncryptRequest {
            ciphertext_blob: bytes_arg("CiphertextBlob", CiphertextBlob)?,
            source_encryption_context: ec_arg("SourceEncryptionContext", SourceEncryptionContext)?,
            source_key_id: SourceKeyId,
            destination_key_id: DestinationKeyId,
            destination_encryption_context: ec_arg(
                "DestinationEncryptionContext",
                DestinationEncryptionContext,
            )?,
            source_encryption_algorithm: parse_enum::<EncryptionAlgorithmSpec>(
                OP,
                SourceEncryptionAlgorithm,
            )?,
            destination_encryption_algorithm: parse_enum::<EncryptionAlgorithmSpec>(
                OP,
                DestinationEncryptionAlgorithm,
            )?,
        };
        let resp = self.run(py, OP, |k| k.re_encrypt(req))?;
        let d = PyDict::new(py);
        d.set_item("CiphertextBlob", PyBytes::new(py, &resp.ciphertext_blob))?;
        d.set_item("SourceKeyId", &resp.source_key_id)?;
        d.set_item("KeyId", &resp.key_id)?;
        d.set_item(
            "SourceEncryptionAlgorithm",
            resp.source_encryption_algorithm.as_str(),
        )?;
        d.set_item(
            "DestinationEncryptionAlgorithm",
            resp.destination_encryption_algorithm.as_str(),
        )?;
        d.set_item("SourceKeyMaterialId", &resp.source_key_material_id)?;
        d.set_item(
            "DestinationKeyMaterialId",
            &resp.destination_key_material_id,
        )?;
        with_metadata(d)
    }

    /// `GenerateRandom`: `NumberOfBytes` (1..1024) random bytes.
    #[pyo3(signature = (*, NumberOfBytes=None))]
    fn generate_random<'py>(
        &self,
        py: Python<'py>,
        NumberOfBytes: Option<i64>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let resp = self.run(py, "GenerateRandom", |k| {
            k.generate_random(GenerateRandomRequest {
                number_of_bytes: NumberOfBytes,
            })
        })?;
        let d = PyDict::new(py);
        d.set_item(
            "Plaintext",
            PyBytes::new(py, resp.plaintext.expose_secret()),
        )?;
        with_metadata(d)
    }

    /// `RotateKeyOnDemand`: new key material now (at most 25 times per key).
    #[pyo3(signature = (*, KeyId))]
    fn rotate_key_on_demand<'py>(
        &self,
        py: Python<'py>,
        KeyId: String,
    ) -> PyResult<Bound<'py, PyDict>> {
        let resp = self.run(py, "RotateKeyOnDemand", |k| {
            k.rotate_key_on_demand(RotateKeyOnDemandRequest { key_id: KeyId })
        })?;
        let d = PyDict::new(py);
        d.set_item("KeyId", &resp.key_id)?;
        with_metadata(d)
    }

    /// `EnableKeyRotation`: automatic rotation every `RotationPeriodInDays` (90..2560, default
    /// 365) on the injected clock.
    #[pyo3(signature = (*, KeyId, RotationPeriodInDays=None))]
    fn enable_key_rotation<'py>(
        &self,
        py: Python<'py>,
        KeyId: String,
        RotationPeriodInDays: Option<i64>,
    ) -> PyResult<Bound<'py, PyDict>> {
        self.run(py, "EnableKeyRotation", |k| {
            k.enable_key_rotation(EnableKeyRotationRequest {
                key_id: KeyId,
                rotation_period_in_days: RotationPeriodInDays,
            })
        })?;
        with_metadata(PyDict::new(py))
    }

    /// `DisableKeyRotation`.
    #[pyo3(signature = (*, KeyId))]
    fn disable_key_rotation<'py>(
        &self,
        py: Python<'py>,
        KeyId: String,
    ) -> PyResult<Bound<'py, PyDict>> {
        self.run(py, "DisableKeyRotation", |k| {
            k.disable_key_rotation(DisableKeyRotationRequest { key_id: KeyId })
        })?;
        with_metadata(PyDict::new(py))
    }

    /// `GetKeyRotationStatus`.
    #[pyo3(signature = (*, KeyId))]
    fn get_key_rotation_status<'py>(
        &self,
        py: Python<'py>,
        KeyId: String,
    ) -> PyResult<Bound<'py, PyDict>> {
        let resp = self.run(py, "GetKeyRotationStatus", |k| {
            k.get_key_rotation_status(GetKeyRotationStatusRequest { key_id: KeyId })
        })?;
        let d = PyDict::new(py);
        d.set_item("KeyRotationEnabled", resp.key_rotation_enabled)?;
        d.set_item("KeyId", &resp.key_id)?;
        if let Some(days) = resp.rotation_period_in_days {
            d.set_item("RotationPeriodInDays", days)?;
        }
        time_opt(&d, "NextRotationDate", resp.next_rotation_date)?;
        time_opt(
            &d,
            "OnDemandRotationStartDate",
            resp.on_demand_rotation_start_date,
        )?;
        with_metadata(d)
    }

    /// `ListKeyRotations`: one page of the key's rotations, oldest first.
    #[pyo3(signature = (*, KeyId, Limit=None, Marker=None))]
    fn list_key_rotations<'py>(
        &self,
        py: Python<'py>,
        KeyId: String,
        Limit: Option<i64>,
        Marker: Option<String>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let resp = self.run(py, "ListKeyRotations", |k| {
            k.list_key_rotations(ListKeyRotationsRequest {
                key_id: KeyId,
                limit: Limit,
                marker: Marker,
            })
        })?;
        let rotations = PyList::empty(py);
        for r in &resp.rotations {
            let e = PyDict::new(py);
            e.set_item("KeyId", &r.key_id)?;
            e.set_item("KeyMaterialId", &r.key_material_id)?;
            e.set_item("KeyMaterialState", r.key_material_state.as_str())?;
            time_opt(&e, "RotationDate", r.rotation_date)?;
            str_opt(&e, "RotationType", r.rotation_type.map(|t| t.as_str()))?;
            rotations.append(e)?;
        }
        let d = PyDict::new(py);
        d.set_item("Rotations", rotations)?;
        str_opt(&d, "NextMarker", resp.next_marker.as_deref())?;
        d.set_item("Truncated", resp.truncated)?;
        with_metadata(d)
    }

    /// `ImportKeyMaterial` for an `EXTERNAL` key. datakey takes the 32 raw bytes as
    /// `KeyMaterial` (there is no network to protect them on, so no `GetParametersForImport`
    /// wrapping step). `ValidTo` is an aware datetime.
    #[pyo3(signature = (*, KeyId, KeyMaterial=None, ImportType=None, ExpirationModel=None, ValidTo=None))]
    fn import_key_material<'py>(
        &self,
        py: Python<'py>,
        KeyId: String,
        KeyMaterial: Option<&Bound<'py, PyAny>>,
        ImportType: Option<&str>,
        ExpirationModel: Option<&str>,
        ValidTo: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyDict>> {
        const OP: &str = "ImportKeyMaterial";
        let req = ImportKeyMaterialRequest {
            key_id: KeyId,
            key_material: KeyMaterial
                .map(|m| secret_arg("KeyMaterial", m))
                .transpose()?,
            import_type: parse_enum::<ImportType>(OP, ImportType)?,
            expiration_model: parse_enum::<ExpirationModel>(OP, ExpirationModel)?,
            valid_to: ValidTo
                .filter(|v| !v.is_none())
                .map(|v| clock::from_datetime("ValidTo", v))
                .transpose()?,
        };
        let resp = self.run(py, OP, |k| k.import_key_material(req))?;
        let d = PyDict::new(py);
        d.set_item("KeyId", &resp.key_id)?;
        d.set_item("KeyMaterialId", &resp.key_material_id)?;
        with_metadata(d)
    }
}
