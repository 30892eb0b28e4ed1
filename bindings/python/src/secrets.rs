//! `datakey.LocalSecretsManager`: the core's local Secrets Manager in the shape of boto3's
//! `secretsmanager` client (keyword arguments and response dicts named as in the service
//! model), sharing a `datakey.LocalKms`'s keys, clock and caller.

// Keyword arguments are named as boto3 names them, one per member of the request.
#![allow(non_snake_case, clippy::too_many_arguments)]

use std::sync::{Arc, Mutex, PoisonError};

use datakey::Error;
use datakey::secrets::{LocalSecretsManager, RotateSecretRequest, RotationEvent, RotationRules};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

use crate::buf;
use crate::clock::PyClock;
use crate::errors;
use crate::kms::PyLocalKms;

/// AWS Secrets Manager, offline, on a `LocalKms`: every secret version is encrypted under its
/// own data key from the secret's symmetric key (`alias/aws/secretsmanager` by default).
/// Methods and arguments are boto3's `secretsmanager` client's; errors are the service's
/// exceptions (`ResourceNotFoundException`, …), `botocore.exceptions.ClientError`s when
/// botocore is installed.
#[pyclass(frozen, module = "datakey", name = "LocalSecretsManager")]
pub(crate) struct PySecretsManager {
    pub(crate) sm: LocalSecretsManager,
    pub(crate) python_clock: Option<Arc<PyClock>>,
    /// The exception a Python rotation function raised during the running `rotate_secret`.
    rotation_error: Arc<Mutex<Option<PyErr>>>,
}

impl PySecretsManager {
    fn named<'py>(py: Python<'py>, arn: &str, name: &str) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("ARN", arn)?;
        d.set_item("Name", name)?;
        Ok(d)
    }
}

#[pymethods]
impl PySecretsManager {
    /// The Secrets Manager of `kms`'s service (same keys, clock and caller).
    #[new]
    fn new(kms: &PyLocalKms) -> Self {
        Self {
            sm: LocalSecretsManager::new(&kms.kms),
            python_clock: kms.python_clock.clone(),
            rotation_error: Arc::new(Mutex::new(None)),
        }
    }

    /// The exception classes, as on a boto3 client: `sm.exceptions.ResourceNotFoundException`.
    #[getter]
    fn exceptions<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        py.import("datakey._errors")?
            .getattr("SECRETS_MANAGER_EXCEPTIONS")
    }

    /// Registers `function(event, context)` — a Lambda handler, called with the event dict
    /// (`Step`, `SecretId`, `ClientRequestToken`) and `None` — as the rotation function with
    /// this Lambda ARN.
    fn register_rotation_function(&self, lambda_arn: String, function: Py<PyAny>) {
        let slot = Arc::clone(&self.rotation_error);
        self.sm
            .register_rotation_function(lambda_arn, move |ev: &RotationEvent| {
                Python::attach(|py| {
                    let event = PyDict::new(py);
                    event.set_item("Step", ev.step.as_str())?;
                    event.set_item("SecretId", &ev.secret_id)?;
                    event.set_item("ClientRequestToken", &ev.client_request_token)?;
                    function.call1(py, (event, py.None())).map(drop)
                })
                .map_err(|e| {
                    let text = e.to_string();
                    *slot.lock().unwrap_or_else(PoisonError::into_inner) = Some(e);
                    Error::InvalidRequest(format!(
                        "The rotation function failed at {}: {text}",
                        ev.step.as_str()
                    ))
                })
            });
    }

    /// `RotateSecret` (the function's steps run before it returns; the exception a Python
    /// rotation function raised is raised again here).
    #[pyo3(signature = (*, SecretId, ClientRequestToken=None, RotationLambdaARN=None, RotationRules=None, RotateImmediately=None))]
    fn rotate_secret<'py>(
        &self,
        py: Python<'py>,
        SecretId: String,
        ClientRequestToken: Option<String>,
        RotationLambdaARN: Option<String>,
        RotationRules: Option<Bound<'py, PyDict>>,
        RotateImmediately: Option<bool>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let rules = match RotationRules {
            Some(r) => Some(self::RotationRules {
                automatically_after_days: r
                    .get_item("AutomaticallyAfterDays")?
                    .map(|v| v.extract())
                    .transpose()?,
                duration: r.get_item("Duration")?.map(|v| v.extract()).transpose()?,
                schedule_expression: r
                    .get_item("ScheduleExpression")?
                    .map(|v| v.extract())
                    .transpose()?,
            }),
            None => None,
        };
        // A failure of a rotation run for another front door (the endpoint's RotateSecret)
        // is not this call's.
        self.rotation_error
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        // A Python rotation function needs the GIL: never hold it while the core runs.
        let sm = &self.sm;
        let result = py.detach(|| {
            sm.rotate_secret(RotateSecretRequest {
                secret_id: SecretId,
                client_request_token: ClientRequestToken,
                rotation_lambda_arn: RotationLambdaARN,
                rotation_rules: rules,
                rotate_immediately: RotateImmediately,
                ..Default::default()
            })
        });
        if let Some(e) = self
            .rotation_error
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take()
        {
            return Err(e);
        }
        if let Some(e) = self.python_clock.as_ref().and_then(|c| c.take_error()) {
            return Err(e);
        }
        let r = result.map_err(errors::kms("RotateSecret"))?;
        let d = Self::named(py, &r.arn, &r.name)?;
        if let Some(v) = &r.version_id {
            d.set_item("VersionId", v)?;
        }
        crate::kms::with_metadata(d)
    }

    /// Runs every scheduled rotation that is due on the service's clock (what AWS's scheduler
    /// does in the background), each as a `RotateSecret`: one dict per secret rotated, `ARN`,
    /// `VersionId` (`None` on failure) and `Error` (the exception `rotate_secret` would have
    /// raised, or `None`).
    fn run_due_rotations<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let sm = &self.sm;
        // A Python rotation function needs the GIL: never hold it while the core runs.
        let results = py.detach(|| sm.run_due_rotations());
        self.rotation_error
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        if let Some(e) = self.python_clock.as_ref().and_then(|c| c.take_error()) {
            return Err(e);
        }
        let out = PyList::empty(py);
        for (arn, result) in results {
            let d = PyDict::new(py);
            d.set_item("ARN", arn)?;
            match result {
                Ok(r) => {
                    d.set_item("VersionId", r.version_id)?;
                    d.set_item("Error", py.None())?;
                }
                Err(e) => {
                    d.set_item("VersionId", py.None())?;
                    d.set_item("Error", errors::kms("RotateSecret")(e).into_value(py))?;
                }
            }
            out.append(d)?;
        }
        Ok(out)
    }

    /// Runs the Secrets Manager operation `operation` (`"ListResourcePolicies"`, ...) with the
    /// keyword arguments of its boto3 method, through the core's model of the operation (as
    /// `LocalKms._call`): the body of every method `datakey._secrets` installs from
    /// `SECRETS_OPERATIONS`.
    fn _call<'py>(
        &self,
        py: Python<'py>,
        operation: &str,
        params: &Bound<'py, PyDict>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let op = datakey::wire::secrets::operation(operation)
            .ok_or_else(|| errors::wire("", datakey::wire::WireError::UnknownOperation))?;
        let input = crate::kms::structure_to_doc(op.input, "", params.as_any())?;
        let sm = &self.sm;
        let result = buf::maybe_detach(py, self.python_clock.is_some(), || {
            datakey::wire::secrets::call(sm, op.name, input)
        });
        if let Some(e) = self.python_clock.as_ref().and_then(|c| c.take_error()) {
            return Err(e);
        }
        let mut out = result.map_err(|e| errors::wire(op.name, e))?;
        let shape = datakey::wire::Shape::Structure(op.output);
        let d = match crate::kms::doc_to_py(py, &shape, &out)?.cast_into::<PyDict>() {
            Ok(d) => d,
            Err(_) => PyDict::new(py),
        };
        datakey::wire::sdk::wipe(&mut out);
        crate::kms::with_metadata(d)
    }
}

/// The Secrets Manager operations of the core (`SECRETS_OPERATIONS`, for `datakey._secrets`).
pub(crate) fn secrets_operations() -> Vec<&'static str> {
    datakey::wire::secrets::operations()
        .map(|o| o.name)
        .collect()
}
