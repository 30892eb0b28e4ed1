//! `datakey.LocalSecretsManager`: the core's local Secrets Manager in the shape of boto3's
//! `secretsmanager` client (keyword arguments and response dicts named as in the service
//! model), sharing a `datakey.LocalKms`'s keys, clock and caller.

// Keyword arguments are named as boto3 names them, one per member of the request.
#![allow(non_snake_case, clippy::too_many_arguments)]

use std::sync::{Arc, Mutex, PoisonError};
use std::time::SystemTime;

use datakey::secrets::{
    CreateSecretRequest, DeleteSecretRequest, DescribeSecretResponse, Filter,
    GetRandomPasswordRequest, GetSecretValueRequest, GetSecretValueResponse,
    ListSecretVersionIdsRequest, ListSecretsRequest, LocalSecretsManager, PutSecretValueRequest,
    RotateSecretRequest, RotationEvent, RotationRules, SecretIdRequest, SecretString, Tag,
    TagResourceRequest, UntagResourceRequest, UpdateSecretRequest, UpdateSecretVersionStageRequest,
};
use datakey::{Error, SecretBytes};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

use crate::buf;
use crate::clock::{self, PyClock};
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

fn metadata(d: Bound<'_, PyDict>) -> PyResult<Bound<'_, PyDict>> {
    let py = d.py();
    let mut b = [0u8; 16];
    datakey::hazmat::fill_random(&mut b).map_err(errors::core)?;
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h: String = b.iter().map(|x| format!("{x:02x}")).collect();
    let meta = PyDict::new(py);
    meta.set_item(
        "RequestId",
        format!(
            "{}-{}-{}-{}-{}",
            &h[..8],
            &h[8..12],
            &h[12..16],
            &h[16..20],
            &h[20..]
        ),
    )?;
    meta.set_item("HTTPStatusCode", 200)?;
    meta.set_item("HTTPHeaders", PyDict::new(py))?;
    meta.set_item("RetryAttempts", 0)?;
    d.set_item("ResponseMetadata", meta)?;
    Ok(d)
}

fn time_opt(d: &Bound<'_, PyDict>, key: &str, t: Option<SystemTime>) -> PyResult<()> {
    if let Some(t) = t {
        d.set_item(key, clock::to_datetime(d.py(), t)?)?;
    }
    Ok(())
}

fn binary(obj: Option<&Bound<'_, PyAny>>) -> PyResult<Option<SecretBytes>> {
    obj.map(|o| {
        Ok(SecretBytes::copy_from_slice(
            buf::extract("SecretBinary", o)?.as_bytes(),
        ))
    })
    .transpose()
}

fn tags(list: Option<Vec<Bound<'_, PyDict>>>) -> PyResult<Vec<Tag>> {
    list.unwrap_or_default()
        .iter()
        .map(|t| {
            let get = |k: &str| -> PyResult<String> {
                Ok(match t.get_item(k)? {
                    Some(v) => v.extract()?,
                    None => String::new(),
                })
            };
            Ok(Tag {
                key: get("Key")?,
                value: get("Value")?,
            })
        })
        .collect()
}

fn value_dict<'py>(py: Python<'py>, v: &GetSecretValueResponse) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("ARN", &v.arn)?;
    d.set_item("Name", &v.name)?;
    d.set_item("VersionId", &v.version_id)?;
    if let Some(s) = &v.secret_string {
        d.set_item("SecretString", s.expose_secret())?;
    }
    if let Some(b) = &v.secret_binary {
        d.set_item("SecretBinary", buf::to_bytes(py, b.expose_secret()))?;
    }
    d.set_item("VersionStages", &v.version_stages)?;
    d.set_item("CreatedDate", clock::to_datetime(py, v.created_date)?)?;
    Ok(d)
}

fn describe_dict<'py>(
    py: Python<'py>,
    s: &DescribeSecretResponse,
    stages_key: &str,
) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("ARN", &s.arn)?;
    d.set_item("Name", &s.name)?;
    if let Some(v) = &s.secret_type {
        d.set_item("Type", v)?;
    }
    if let Some(v) = &s.description {
        d.set_item("Description", v)?;
    }
    if let Some(v) = &s.kms_key_id {
        d.set_item("KmsKeyId", v)?;
    }
    if let Some(v) = s.rotation_enabled {
        d.set_item("RotationEnabled", v)?;
    }
    if let Some(v) = &s.rotation_lambda_arn {
        d.set_item("RotationLambdaARN", v)?;
    }
    if let Some(r) = &s.rotation_rules {
        let rr = PyDict::new(py);
        if let Some(n) = r.automatically_after_days {
            rr.set_item("AutomaticallyAfterDays", n)?;
        }
        if let Some(v) = &r.duration {
            rr.set_item("Duration", v)?;
        }
        if let Some(v) = &r.schedule_expression {
            rr.set_item("ScheduleExpression", v)?;
        }
        d.set_item("RotationRules", rr)?;
    }
    time_opt(&d, "LastRotatedDate", s.last_rotated_date)?;
    time_opt(&d, "LastChangedDate", s.last_changed_date)?;
    time_opt(&d, "LastAccessedDate", s.last_accessed_date)?;
    time_opt(&d, "DeletedDate", s.deleted_date)?;
    time_opt(&d, "NextRotationDate", s.next_rotation_date)?;
    if !s.tags.is_empty() {
        let t = PyList::empty(py);
        for tag in &s.tags {
            let x = PyDict::new(py);
            x.set_item("Key", &tag.key)?;
            x.set_item("Value", &tag.value)?;
            t.append(x)?;
        }
        d.set_item("Tags", t)?;
    }
    if !s.version_ids_to_stages.is_empty() {
        let m = PyDict::new(py);
        for (k, v) in &s.version_ids_to_stages {
            m.set_item(k, v)?;
        }
        d.set_item(stages_key, m)?;
    }
    d.set_item("CreatedDate", clock::to_datetime(py, s.created_date)?)?;
    d.set_item("PrimaryRegion", &s.primary_region)?;
    Ok(d)
}

impl PySecretsManager {
    fn run<T, F>(&self, py: Python<'_>, operation: &'static str, f: F) -> PyResult<T>
    where
        F: FnOnce(&LocalSecretsManager) -> datakey::Result<T> + Send,
        T: Send,
    {
        let sm = &self.sm;
        let result = buf::maybe_detach(py, self.python_clock.is_some(), || f(sm));
        if let Some(e) = self.python_clock.as_ref().and_then(|c| c.take_error()) {
            return Err(e);
        }
        result.map_err(errors::kms(operation))
    }

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

    /// `CreateSecret`.
    #[pyo3(signature = (*, Name, ClientRequestToken=None, Description=None, KmsKeyId=None, SecretBinary=None, SecretString=None, Tags=None, Type=None))]
    fn create_secret<'py>(
        &self,
        py: Python<'py>,
        Name: String,
        ClientRequestToken: Option<String>,
        Description: Option<String>,
        KmsKeyId: Option<String>,
        SecretBinary: Option<&Bound<'py, PyAny>>,
        SecretString: Option<String>,
        Tags: Option<Vec<Bound<'py, PyDict>>>,
        Type: Option<String>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let req = CreateSecretRequest {
            name: Name,
            client_request_token: ClientRequestToken,
            description: Description,
            kms_key_id: KmsKeyId,
            secret_binary: binary(SecretBinary)?,
            secret_string: SecretString.map(SecretString::new),
            tags: tags(Tags)?,
            secret_type: Type,
            ..Default::default()
        };
        let r = self.run(py, "CreateSecret", |sm| sm.create_secret(req))?;
        let d = Self::named(py, &r.arn, &r.name)?;
        if let Some(v) = &r.version_id {
            d.set_item("VersionId", v)?;
        }
        metadata(d)
    }

    /// `GetSecretValue`.
    #[pyo3(signature = (*, SecretId, VersionId=None, VersionStage=None))]
    fn get_secret_value<'py>(
        &self,
        py: Python<'py>,
        SecretId: String,
        VersionId: Option<String>,
        VersionStage: Option<String>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let r = self.run(py, "GetSecretValue", |sm| {
            sm.get_secret_value(GetSecretValueRequest {
                secret_id: SecretId,
                version_id: VersionId,
                version_stage: VersionStage,
            })
        })?;
        metadata(value_dict(py, &r)?)
    }

    /// `PutSecretValue`.
    #[pyo3(signature = (*, SecretId, ClientRequestToken=None, SecretBinary=None, SecretString=None, VersionStages=None, RotationToken=None))]
    fn put_secret_value<'py>(
        &self,
        py: Python<'py>,
        SecretId: String,
        ClientRequestToken: Option<String>,
        SecretBinary: Option<&Bound<'py, PyAny>>,
        SecretString: Option<String>,
        VersionStages: Option<Vec<String>>,
        RotationToken: Option<String>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let req = PutSecretValueRequest {
            secret_id: SecretId,
            client_request_token: ClientRequestToken,
            secret_binary: binary(SecretBinary)?,
            secret_string: SecretString.map(SecretString::new),
            version_stages: VersionStages,
            rotation_token: RotationToken,
        };
        let r = self.run(py, "PutSecretValue", |sm| sm.put_secret_value(req))?;
        let d = Self::named(py, &r.arn, &r.name)?;
        d.set_item("VersionId", &r.version_id)?;
        d.set_item("VersionStages", &r.version_stages)?;
        metadata(d)
    }

    /// `UpdateSecret`.
    #[pyo3(signature = (*, SecretId, ClientRequestToken=None, Description=None, KmsKeyId=None, SecretBinary=None, SecretString=None, Type=None))]
    fn update_secret<'py>(
        &self,
        py: Python<'py>,
        SecretId: String,
        ClientRequestToken: Option<String>,
        Description: Option<String>,
        KmsKeyId: Option<String>,
        SecretBinary: Option<&Bound<'py, PyAny>>,
        SecretString: Option<String>,
        Type: Option<String>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let req = UpdateSecretRequest {
            secret_id: SecretId,
            client_request_token: ClientRequestToken,
            description: Description,
            kms_key_id: KmsKeyId,
            secret_binary: binary(SecretBinary)?,
            secret_string: SecretString.map(SecretString::new),
            secret_type: Type,
        };
        let r = self.run(py, "UpdateSecret", |sm| sm.update_secret(req))?;
        let d = Self::named(py, &r.arn, &r.name)?;
        if let Some(v) = &r.version_id {
            d.set_item("VersionId", v)?;
        }
        metadata(d)
    }

    /// `UpdateSecretVersionStage`.
    #[pyo3(signature = (*, SecretId, VersionStage, RemoveFromVersionId=None, MoveToVersionId=None))]
    fn update_secret_version_stage<'py>(
        &self,
        py: Python<'py>,
        SecretId: String,
        VersionStage: String,
        RemoveFromVersionId: Option<String>,
        MoveToVersionId: Option<String>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let r = self.run(py, "UpdateSecretVersionStage", |sm| {
            sm.update_secret_version_stage(UpdateSecretVersionStageRequest {
                secret_id: SecretId,
                version_stage: VersionStage,
                remove_from_version_id: RemoveFromVersionId,
                move_to_version_id: MoveToVersionId,
            })
        })?;
        metadata(Self::named(py, &r.arn, &r.name)?)
    }

    /// `DescribeSecret`.
    #[pyo3(signature = (*, SecretId))]
    fn describe_secret<'py>(
        &self,
        py: Python<'py>,
        SecretId: String,
    ) -> PyResult<Bound<'py, PyDict>> {
        let r = self.run(py, "DescribeSecret", |sm| {
            sm.describe_secret(SecretIdRequest {
                secret_id: SecretId,
            })
        })?;
        metadata(describe_dict(py, &r, "VersionIdsToStages")?)
    }

    /// `ListSecrets`.
    #[pyo3(signature = (*, IncludePlannedDeletion=None, MaxResults=None, NextToken=None, Filters=None, SortOrder=None, SortBy=None))]
    fn list_secrets<'py>(
        &self,
        py: Python<'py>,
        IncludePlannedDeletion: Option<bool>,
        MaxResults: Option<i64>,
        NextToken: Option<String>,
        Filters: Option<Vec<Bound<'py, PyDict>>>,
        SortOrder: Option<String>,
        SortBy: Option<String>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let filters = Filters
            .unwrap_or_default()
            .iter()
            .map(|f| {
                Ok(Filter {
                    key: f
                        .get_item("Key")?
                        .map(|k| k.extract())
                        .transpose()?
                        .unwrap_or_default(),
                    values: f
                        .get_item("Values")?
                        .map(|v| v.extract())
                        .transpose()?
                        .unwrap_or_default(),
                })
            })
            .collect::<PyResult<Vec<_>>>()?;
        let r = self.run(py, "ListSecrets", |sm| {
            sm.list_secrets(ListSecretsRequest {
                include_planned_deletion: IncludePlannedDeletion,
                max_results: MaxResults,
                next_token: NextToken,
                filters,
                sort_order: SortOrder,
                sort_by: SortBy,
            })
        })?;
        let list = PyList::empty(py);
        for s in &r.secret_list {
            list.append(describe_dict(py, s, "SecretVersionsToStages")?)?;
        }
        let d = PyDict::new(py);
        d.set_item("SecretList", list)?;
        if let Some(t) = &r.next_token {
            d.set_item("NextToken", t)?;
        }
        metadata(d)
    }

    /// `ListSecretVersionIds`.
    #[pyo3(signature = (*, SecretId, MaxResults=None, NextToken=None, IncludeDeprecated=None))]
    fn list_secret_version_ids<'py>(
        &self,
        py: Python<'py>,
        SecretId: String,
        MaxResults: Option<i64>,
        NextToken: Option<String>,
        IncludeDeprecated: Option<bool>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let r = self.run(py, "ListSecretVersionIds", |sm| {
            sm.list_secret_version_ids(ListSecretVersionIdsRequest {
                secret_id: SecretId,
                max_results: MaxResults,
                next_token: NextToken,
                include_deprecated: IncludeDeprecated,
            })
        })?;
        let list = PyList::empty(py);
        for v in &r.versions {
            let x = PyDict::new(py);
            x.set_item("VersionId", &v.version_id)?;
            if let Some(s) = &v.version_stages {
                x.set_item("VersionStages", s)?;
            }
            time_opt(&x, "LastAccessedDate", v.last_accessed_date)?;
            x.set_item("CreatedDate", clock::to_datetime(py, v.created_date)?)?;
            x.set_item("KmsKeyIds", &v.kms_key_ids)?;
            list.append(x)?;
        }
        let d = Self::named(py, &r.arn, &r.name)?;
        d.set_item("Versions", list)?;
        if let Some(t) = &r.next_token {
            d.set_item("NextToken", t)?;
        }
        metadata(d)
    }

    /// `DeleteSecret`.
    #[pyo3(signature = (*, SecretId, RecoveryWindowInDays=None, ForceDeleteWithoutRecovery=None))]
    fn delete_secret<'py>(
        &self,
        py: Python<'py>,
        SecretId: String,
        RecoveryWindowInDays: Option<i64>,
        ForceDeleteWithoutRecovery: Option<bool>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let r = self.run(py, "DeleteSecret", |sm| {
            sm.delete_secret(DeleteSecretRequest {
                secret_id: SecretId,
                recovery_window_in_days: RecoveryWindowInDays,
                force_delete_without_recovery: ForceDeleteWithoutRecovery,
            })
        })?;
        let d = Self::named(py, &r.arn, &r.name)?;
        d.set_item("DeletionDate", clock::to_datetime(py, r.deletion_date)?)?;
        metadata(d)
    }

    /// `RestoreSecret`.
    #[pyo3(signature = (*, SecretId))]
    fn restore_secret<'py>(
        &self,
        py: Python<'py>,
        SecretId: String,
    ) -> PyResult<Bound<'py, PyDict>> {
        let r = self.run(py, "RestoreSecret", |sm| {
            sm.restore_secret(SecretIdRequest {
                secret_id: SecretId,
            })
        })?;
        metadata(Self::named(py, &r.arn, &r.name)?)
    }

    /// `GetRandomPassword`.
    #[pyo3(signature = (*, PasswordLength=None, ExcludeCharacters=None, ExcludeNumbers=None, ExcludePunctuation=None, ExcludeUppercase=None, ExcludeLowercase=None, IncludeSpace=None, RequireEachIncludedType=None))]
    fn get_random_password<'py>(
        &self,
        py: Python<'py>,
        PasswordLength: Option<i64>,
        ExcludeCharacters: Option<String>,
        ExcludeNumbers: Option<bool>,
        ExcludePunctuation: Option<bool>,
        ExcludeUppercase: Option<bool>,
        ExcludeLowercase: Option<bool>,
        IncludeSpace: Option<bool>,
        RequireEachIncludedType: Option<bool>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let r = self.run(py, "GetRandomPassword", |sm| {
            sm.get_random_password(GetRandomPasswordRequest {
                password_length: PasswordLength,
                exclude_characters: ExcludeCharacters,
                exclude_numbers: ExcludeNumbers,
                exclude_punctuation: ExcludePunctuation,
                exclude_uppercase: ExcludeUppercase,
                exclude_lowercase: ExcludeLowercase,
                include_space: IncludeSpace,
                require_each_included_type: RequireEachIncludedType,
            })
        })?;
        let d = PyDict::new(py);
        d.set_item("RandomPassword", r.random_password.expose_secret())?;
        metadata(d)
    }

    /// `TagResource`.
    #[pyo3(signature = (*, SecretId, Tags))]
    fn tag_resource<'py>(
        &self,
        py: Python<'py>,
        SecretId: String,
        Tags: Vec<Bound<'py, PyDict>>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let tags = tags(Some(Tags))?;
        self.run(py, "TagResource", |sm| {
            sm.tag_resource(TagResourceRequest {
                secret_id: SecretId,
                tags,
            })
        })?;
        metadata(PyDict::new(py))
    }

    /// `UntagResource`.
    #[pyo3(signature = (*, SecretId, TagKeys))]
    fn untag_resource<'py>(
        &self,
        py: Python<'py>,
        SecretId: String,
        TagKeys: Vec<String>,
    ) -> PyResult<Bound<'py, PyDict>> {
        self.run(py, "UntagResource", |sm| {
            sm.untag_resource(UntagResourceRequest {
                secret_id: SecretId,
                tag_keys: TagKeys,
            })
        })?;
        metadata(PyDict::new(py))
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
        metadata(d)
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
