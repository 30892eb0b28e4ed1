//! Request and response structures of the Secrets Manager operations, mirroring the API's
//! field names in snake_case. Parameters Secrets Manager checks for presence are `Option`s.
//! Secret values are [`SecretString`] / [`SecretBytes`]: zeroized on drop, never printed.
//!
//! With the `wire` feature, requests deserialize and responses serialize as the shapes of AWS's
//! JSON 1.1 protocol (botocore's `secretsmanager` member names, base64 blobs, epoch-second
//! timestamps); see `datakey::wire::secrets`. Secret values have no `Serialize` of their own:
//! they serialize only as members of the responses that carry them (`SecretString`,
//! `SecretBinary`, `RandomPassword`), through zeroized buffers.

use core::fmt;
use std::collections::BTreeMap;
use std::time::SystemTime;

use crate::secret::SecretBytes;

/// A secret text value (`SecretString`, `RandomPassword`): zeroized on drop, not `Clone`,
/// compared in constant time, `Debug` shows only its length.
#[derive(PartialEq, Eq)]
pub struct SecretString(SecretBytes);

impl SecretString {
    /// Takes ownership of `s` (its buffer is zeroized once copied).
    pub fn new(s: String) -> Self {
        Self(SecretBytes::from_vec(s.into_bytes()))
    }

    /// The text. Every call site handles the secret on purpose.
    pub fn expose_secret(&self) -> &str {
        // Built only from `String`s and checked UTF-8.
        core::str::from_utf8(self.0.expose_secret()).unwrap_or_default()
    }

    /// Length in bytes (UTF-8).
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub(crate) fn from_utf8(bytes: SecretBytes) -> Option<Self> {
        core::str::from_utf8(bytes.expose_secret()).ok()?;
        Some(Self(bytes))
    }

    pub(crate) fn bytes(&self) -> &SecretBytes {
        &self.0
    }
}

impl From<&str> for SecretString {
    fn from(s: &str) -> Self {
        Self(SecretBytes::copy_from_slice(s.as_bytes()))
    }
}

impl From<String> for SecretString {
    fn from(s: String) -> Self {
        Self::new(s)
    }
}

impl fmt::Debug for SecretString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SecretString")
            .field("len", &self.0.len())
            .finish_non_exhaustive()
    }
}

/// A tag (`Tag`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(
    feature = "wire",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "PascalCase", default)
)]
pub struct Tag {
    /// 1..128 characters.
    pub key: String,
    /// 0..256 characters.
    pub value: String,
}

/// `RotationRules`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(
    feature = "wire",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "PascalCase", default)
)]
pub struct RotationRules {
    /// Rotate every this many days, 1..1000.
    #[cfg_attr(feature = "wire", serde(skip_serializing_if = "Option::is_none"))]
    pub automatically_after_days: Option<i64>,
    /// The rotation window, `<N>h` (2..3 characters).
    #[cfg_attr(feature = "wire", serde(skip_serializing_if = "Option::is_none"))]
    pub duration: Option<String>,
    /// `rate(N days)`, `rate(N hours)` (at least 4 hours) or `cron(...)`.
    #[cfg_attr(feature = "wire", serde(skip_serializing_if = "Option::is_none"))]
    pub schedule_expression: Option<String>,
}

/// `CreateSecret` parameters.
#[derive(Debug, Default, PartialEq, Eq)]
#[cfg_attr(
    feature = "wire",
    derive(serde::Deserialize),
    serde(rename_all = "PascalCase", default)
)]
pub struct CreateSecretRequest {
    /// The name, 1..512 characters of `[A-Za-z0-9/_+=.@-]`.
    pub name: String,
    /// 32..64 characters; the first version's id. Filled with a UUID when absent, as every
    /// AWS SDK does ([`LocalSecretsManager::raw_protocol`](super::LocalSecretsManager::raw_protocol)
    /// refuses a missing token as AWS's HTTP API does).
    pub client_request_token: Option<String>,
    /// At most 2048 characters.
    pub description: Option<String>,
    /// Key id, key ARN, alias name or alias ARN of a symmetric KMS key; absent or empty:
    /// `alias/aws/secretsmanager`.
    pub kms_key_id: Option<String>,
    /// Binary value, 1..65536 bytes (not with `secret_string`).
    #[cfg_attr(
        feature = "wire",
        serde(deserialize_with = "crate::wire::codec::opt_secret::deserialize")
    )]
    pub secret_binary: Option<SecretBytes>,
    /// Text value, 1..65536 bytes (not with `secret_binary`).
    #[cfg_attr(
        feature = "wire",
        serde(deserialize_with = "crate::wire::codec::opt_secret_string::deserialize")
    )]
    pub secret_string: Option<SecretString>,
    /// Tags.
    pub tags: Vec<Tag>,
    /// The secret type (`Type`), stored and described.
    #[cfg_attr(feature = "wire", serde(rename = "Type"))]
    pub secret_type: Option<String>,
    /// Regions to replicate the new secret to.
    pub add_replica_regions: Vec<ReplicaRegionType>,
    /// Replace a secret of the same name in a replica region (default false).
    pub force_overwrite_replica_secret: Option<bool>,
}

/// `CreateSecret` result.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(
    feature = "wire",
    derive(serde::Serialize),
    serde(rename_all = "PascalCase")
)]
pub struct CreateSecretResponse {
    /// The secret's ARN (name, `-`, six random characters).
    #[cfg_attr(feature = "wire", serde(rename = "ARN"))]
    pub arn: String,
    /// The name.
    pub name: String,
    /// The first version's id, when a value was given.
    #[cfg_attr(feature = "wire", serde(skip_serializing_if = "Option::is_none"))]
    pub version_id: Option<String>,
    /// The replicas' states (with `add_replica_regions`).
    #[cfg_attr(feature = "wire", serde(skip_serializing_if = "Vec::is_empty"))]
    pub replication_status: Vec<ReplicationStatusType>,
}

/// `GetSecretValue` parameters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(
    feature = "wire",
    derive(serde::Deserialize),
    serde(rename_all = "PascalCase", default)
)]
pub struct GetSecretValueRequest {
    /// Name, ARN or partial ARN.
    pub secret_id: String,
    /// A version id.
    pub version_id: Option<String>,
    /// A staging label (default `AWSCURRENT`).
    pub version_stage: Option<String>,
}

/// `GetSecretValue` result.
#[derive(Debug, PartialEq, Eq)]
#[cfg_attr(
    feature = "wire",
    derive(serde::Serialize),
    serde(rename_all = "PascalCase")
)]
pub struct GetSecretValueResponse {
    /// The secret's ARN.
    #[cfg_attr(feature = "wire", serde(rename = "ARN"))]
    pub arn: String,
    /// The name.
    pub name: String,
    /// The version's id.
    pub version_id: String,
    /// The text value.
    #[cfg_attr(
        feature = "wire",
        serde(
            serialize_with = "crate::wire::codec::opt_secret_string::serialize",
            skip_serializing_if = "Option::is_none"
        )
    )]
    pub secret_string: Option<SecretString>,
    /// The binary value.
    #[cfg_attr(
        feature = "wire",
        serde(
            serialize_with = "crate::wire::codec::opt_secret::serialize",
            skip_serializing_if = "Option::is_none"
        )
    )]
    pub secret_binary: Option<SecretBytes>,
    /// The version's labels.
    pub version_stages: Vec<String>,
    /// When the version was created.
    #[cfg_attr(
        feature = "wire",
        serde(serialize_with = "crate::wire::codec::epoch::serialize")
    )]
    pub created_date: SystemTime,
}

/// `BatchGetSecretValue` parameters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(
    feature = "wire",
    derive(serde::Deserialize),
    serde(rename_all = "PascalCase", default)
)]
pub struct BatchGetSecretValueRequest {
    /// 1..20 secret ids (not with `filters`).
    pub secret_id_list: Option<Vec<String>>,
    /// `ListSecrets` filters (not with `secret_id_list`).
    pub filters: Option<Vec<Filter>>,
    /// 1..20, with `filters` only.
    pub max_results: Option<i64>,
    /// From the previous page.
    pub next_token: Option<String>,
}

/// `BatchGetSecretValue`'s per-secret failure (`APIErrorType`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(
    feature = "wire",
    derive(serde::Serialize),
    serde(rename_all = "PascalCase")
)]
pub struct ApiError {
    /// The id as given.
    pub secret_id: String,
    /// The exception name.
    pub error_code: String,
    /// Its message.
    pub message: String,
}

/// `BatchGetSecretValue` result.
#[derive(Debug, PartialEq, Eq)]
#[cfg_attr(
    feature = "wire",
    derive(serde::Serialize),
    serde(rename_all = "PascalCase")
)]
pub struct BatchGetSecretValueResponse {
    /// The values found (`AWSCURRENT`).
    pub secret_values: Vec<GetSecretValueResponse>,
    /// The ids that failed.
    pub errors: Vec<ApiError>,
    /// The next page.
    #[cfg_attr(feature = "wire", serde(skip_serializing_if = "Option::is_none"))]
    pub next_token: Option<String>,
}

/// `PutSecretValue` parameters.
#[derive(Debug, Default, PartialEq, Eq)]
#[cfg_attr(
    feature = "wire",
    derive(serde::Deserialize),
    serde(rename_all = "PascalCase", default)
)]
pub struct PutSecretValueRequest {
    /// Name, ARN or partial ARN.
    pub secret_id: String,
    /// 32..64 characters; the new version's id (filled like `CreateSecret`'s).
    pub client_request_token: Option<String>,
    /// Binary value.
    #[cfg_attr(
        feature = "wire",
        serde(deserialize_with = "crate::wire::codec::opt_secret::deserialize")
    )]
    pub secret_binary: Option<SecretBytes>,
    /// Text value.
    #[cfg_attr(
        feature = "wire",
        serde(deserialize_with = "crate::wire::codec::opt_secret_string::deserialize")
    )]
    pub secret_string: Option<SecretString>,
    /// Labels for the new version, 1..20 (default `AWSCURRENT`).
    pub version_stages: Option<Vec<String>>,
    /// `RotationToken` (accepted, not checked: datakey's rotation functions run in-process).
    pub rotation_token: Option<String>,
}

/// `PutSecretValue` result.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(
    feature = "wire",
    derive(serde::Serialize),
    serde(rename_all = "PascalCase")
)]
pub struct PutSecretValueResponse {
    /// The secret's ARN.
    #[cfg_attr(feature = "wire", serde(rename = "ARN"))]
    pub arn: String,
    /// The name.
    pub name: String,
    /// The version's id.
    pub version_id: String,
    /// The version's labels.
    pub version_stages: Vec<String>,
}

/// `UpdateSecret` parameters.
#[derive(Debug, Default, PartialEq, Eq)]
#[cfg_attr(
    feature = "wire",
    derive(serde::Deserialize),
    serde(rename_all = "PascalCase", default)
)]
pub struct UpdateSecretRequest {
    /// Name, ARN or partial ARN.
    pub secret_id: String,
    /// For a new value: the new version's id (filled like `CreateSecret`'s).
    pub client_request_token: Option<String>,
    /// A new description.
    pub description: Option<String>,
    /// A new key (`""`: `aws/secretsmanager`).
    pub kms_key_id: Option<String>,
    /// A new binary value.
    #[cfg_attr(
        feature = "wire",
        serde(deserialize_with = "crate::wire::codec::opt_secret::deserialize")
    )]
    pub secret_binary: Option<SecretBytes>,
    /// A new text value.
    #[cfg_attr(
        feature = "wire",
        serde(deserialize_with = "crate::wire::codec::opt_secret_string::deserialize")
    )]
    pub secret_string: Option<SecretString>,
    /// A new type.
    #[cfg_attr(feature = "wire", serde(rename = "Type"))]
    pub secret_type: Option<String>,
}

/// `UpdateSecret` result.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(
    feature = "wire",
    derive(serde::Serialize),
    serde(rename_all = "PascalCase")
)]
pub struct UpdateSecretResponse {
    /// The secret's ARN.
    #[cfg_attr(feature = "wire", serde(rename = "ARN"))]
    pub arn: String,
    /// The name.
    pub name: String,
    /// The new version's id, when a value was given.
    #[cfg_attr(feature = "wire", serde(skip_serializing_if = "Option::is_none"))]
    pub version_id: Option<String>,
}

/// `UpdateSecretVersionStage` parameters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(
    feature = "wire",
    derive(serde::Deserialize),
    serde(rename_all = "PascalCase", default)
)]
pub struct UpdateSecretVersionStageRequest {
    /// Name, ARN or partial ARN.
    pub secret_id: String,
    /// The label to move, 1..256 characters.
    pub version_stage: String,
    /// The version the label is on (required when it is on one and moves).
    pub remove_from_version_id: Option<String>,
    /// The version to put it on.
    pub move_to_version_id: Option<String>,
}

/// An operation's answer naming the secret (`ARN`, `Name`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(
    feature = "wire",
    derive(serde::Serialize),
    serde(rename_all = "PascalCase")
)]
pub struct SecretRef {
    /// The secret's ARN.
    #[cfg_attr(feature = "wire", serde(rename = "ARN"))]
    pub arn: String,
    /// The name.
    pub name: String,
}

/// A request naming one secret (`SecretId`): `DescribeSecret`, `RestoreSecret`,
/// `CancelRotateSecret`, `GetResourcePolicy`, `DeleteResourcePolicy`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(
    feature = "wire",
    derive(serde::Deserialize),
    serde(rename_all = "PascalCase", default)
)]
pub struct SecretIdRequest {
    /// Name, ARN or partial ARN.
    pub secret_id: String,
}

/// `DescribeSecret` result (and, with `secret_versions_to_stages`, a `ListSecrets` entry).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(
    feature = "wire",
    derive(serde::Serialize),
    serde(rename_all = "PascalCase")
)]
pub struct DescribeSecretResponse {
    /// The secret's ARN.
    #[cfg_attr(feature = "wire", serde(rename = "ARN"))]
    pub arn: String,
    /// The name.
    pub name: String,
    /// The type.
    #[cfg_attr(
        feature = "wire",
        serde(rename = "Type", skip_serializing_if = "Option::is_none")
    )]
    pub secret_type: Option<String>,
    /// The description.
    #[cfg_attr(feature = "wire", serde(skip_serializing_if = "Option::is_none"))]
    pub description: Option<String>,
    /// The key as given (absent for `aws/secretsmanager`).
    #[cfg_attr(feature = "wire", serde(skip_serializing_if = "Option::is_none"))]
    pub kms_key_id: Option<String>,
    /// Whether rotation is on.
    #[cfg_attr(feature = "wire", serde(skip_serializing_if = "Option::is_none"))]
    pub rotation_enabled: Option<bool>,
    /// The rotation function.
    #[cfg_attr(
        feature = "wire",
        serde(rename = "RotationLambdaARN", skip_serializing_if = "Option::is_none")
    )]
    pub rotation_lambda_arn: Option<String>,
    /// The schedule.
    #[cfg_attr(feature = "wire", serde(skip_serializing_if = "Option::is_none"))]
    pub rotation_rules: Option<RotationRules>,
    /// The last successful rotation.
    #[cfg_attr(
        feature = "wire",
        serde(
            serialize_with = "crate::wire::codec::opt_epoch::serialize",
            skip_serializing_if = "Option::is_none"
        )
    )]
    pub last_rotated_date: Option<SystemTime>,
    /// The last change.
    #[cfg_attr(
        feature = "wire",
        serde(
            serialize_with = "crate::wire::codec::opt_epoch::serialize",
            skip_serializing_if = "Option::is_none"
        )
    )]
    pub last_changed_date: Option<SystemTime>,
    /// The last retrieval, to the day (midnight UTC).
    #[cfg_attr(
        feature = "wire",
        serde(
            serialize_with = "crate::wire::codec::opt_epoch::serialize",
            skip_serializing_if = "Option::is_none"
        )
    )]
    pub last_accessed_date: Option<SystemTime>,
    /// When a secret scheduled for deletion will be deleted.
    #[cfg_attr(
        feature = "wire",
        serde(
            serialize_with = "crate::wire::codec::opt_epoch::serialize",
            skip_serializing_if = "Option::is_none"
        )
    )]
    pub deleted_date: Option<SystemTime>,
    /// The next scheduled rotation.
    #[cfg_attr(
        feature = "wire",
        serde(
            serialize_with = "crate::wire::codec::opt_epoch::serialize",
            skip_serializing_if = "Option::is_none"
        )
    )]
    pub next_rotation_date: Option<SystemTime>,
    /// Tags.
    #[cfg_attr(feature = "wire", serde(skip_serializing_if = "Vec::is_empty"))]
    pub tags: Vec<Tag>,
    /// Labelled versions: id → labels.
    #[cfg_attr(feature = "wire", serde(skip_serializing_if = "BTreeMap::is_empty"))]
    pub version_ids_to_stages: BTreeMap<String, Vec<String>>,
    /// When the secret was created.
    #[cfg_attr(
        feature = "wire",
        serde(serialize_with = "crate::wire::codec::epoch::serialize")
    )]
    pub created_date: SystemTime,
    /// The region of the primary secret (`PrimaryRegion`).
    pub primary_region: String,
    /// The replicas' states (of a primary secret).
    #[cfg_attr(feature = "wire", serde(skip_serializing_if = "Vec::is_empty"))]
    pub replication_status: Vec<ReplicationStatusType>,
}

/// A `ListSecrets` / `BatchGetSecretValue` filter.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(
    feature = "wire",
    derive(serde::Deserialize),
    serde(rename_all = "PascalCase", default)
)]
pub struct Filter {
    /// `description`, `name`, `tag-key`, `tag-value`, `primary-region`, `owning-service`, `all`.
    pub key: String,
    /// 1..10 values; `!` in front negates.
    pub values: Vec<String>,
}

/// `ListSecrets` parameters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(
    feature = "wire",
    derive(serde::Deserialize),
    serde(rename_all = "PascalCase", default)
)]
pub struct ListSecretsRequest {
    /// Include secrets scheduled for deletion (default false).
    pub include_planned_deletion: Option<bool>,
    /// 1..100 (default 100).
    pub max_results: Option<i64>,
    /// From the previous page.
    pub next_token: Option<String>,
    /// At most 10 filters, all of which must hold.
    pub filters: Vec<Filter>,
    /// `asc` (default) or `desc`.
    pub sort_order: Option<String>,
    /// `created-date` (default), `last-accessed-date`, `last-changed-date`, `name`.
    pub sort_by: Option<String>,
}

/// `ListSecrets` result.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(
    feature = "wire",
    derive(serde::Serialize),
    serde(rename_all = "PascalCase")
)]
pub struct ListSecretsResponse {
    /// The secrets (`SecretListEntry`: `DescribeSecret`'s fields; its
    /// `version_ids_to_stages` is the entry's `SecretVersionsToStages`).
    pub secret_list: Vec<DescribeSecretResponse>,
    /// The next page.
    #[cfg_attr(feature = "wire", serde(skip_serializing_if = "Option::is_none"))]
    pub next_token: Option<String>,
}

/// `ListSecretVersionIds` parameters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(
    feature = "wire",
    derive(serde::Deserialize),
    serde(rename_all = "PascalCase", default)
)]
pub struct ListSecretVersionIdsRequest {
    /// Name, ARN or partial ARN.
    pub secret_id: String,
    /// 1..100 (default 100).
    pub max_results: Option<i64>,
    /// From the previous page.
    pub next_token: Option<String>,
    /// Include unlabelled versions (default false).
    pub include_deprecated: Option<bool>,
}

/// A `ListSecretVersionIds` entry (`SecretVersionsListEntry`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(
    feature = "wire",
    derive(serde::Serialize),
    serde(rename_all = "PascalCase")
)]
pub struct SecretVersionsListEntry {
    /// The version id.
    pub version_id: String,
    /// Its labels (`None` for a deprecated version: AWS leaves the member out).
    #[cfg_attr(feature = "wire", serde(skip_serializing_if = "Option::is_none"))]
    pub version_stages: Option<Vec<String>>,
    /// The last retrieval, to the day.
    #[cfg_attr(
        feature = "wire",
        serde(
            serialize_with = "crate::wire::codec::opt_epoch::serialize",
            skip_serializing_if = "Option::is_none"
        )
    )]
    pub last_accessed_date: Option<SystemTime>,
    /// When it was created.
    #[cfg_attr(
        feature = "wire",
        serde(serialize_with = "crate::wire::codec::epoch::serialize")
    )]
    pub created_date: SystemTime,
    /// The key that encrypted it (`DefaultEncryptionKey` for `aws/secretsmanager`).
    pub kms_key_ids: Vec<String>,
}

/// `ListSecretVersionIds` result.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(
    feature = "wire",
    derive(serde::Serialize),
    serde(rename_all = "PascalCase")
)]
pub struct ListSecretVersionIdsResponse {
    /// Newest first.
    pub versions: Vec<SecretVersionsListEntry>,
    /// The next page.
    #[cfg_attr(feature = "wire", serde(skip_serializing_if = "Option::is_none"))]
    pub next_token: Option<String>,
    /// The secret's ARN.
    #[cfg_attr(feature = "wire", serde(rename = "ARN"))]
    pub arn: String,
    /// The name.
    pub name: String,
}

/// `DeleteSecret` parameters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(
    feature = "wire",
    derive(serde::Deserialize),
    serde(rename_all = "PascalCase", default)
)]
pub struct DeleteSecretRequest {
    /// Name, ARN or partial ARN.
    pub secret_id: String,
    /// 7..30 days (default 30).
    pub recovery_window_in_days: Option<i64>,
    /// Delete at once (not with `recovery_window_in_days`).
    pub force_delete_without_recovery: Option<bool>,
}

/// `DeleteSecret` result.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(
    feature = "wire",
    derive(serde::Serialize),
    serde(rename_all = "PascalCase")
)]
pub struct DeleteSecretResponse {
    /// The secret's ARN.
    #[cfg_attr(feature = "wire", serde(rename = "ARN"))]
    pub arn: String,
    /// The name.
    pub name: String,
    /// When it will be (or was) deleted.
    #[cfg_attr(
        feature = "wire",
        serde(serialize_with = "crate::wire::codec::epoch::serialize")
    )]
    pub deletion_date: SystemTime,
}

/// `GetRandomPassword` parameters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(
    feature = "wire",
    derive(serde::Deserialize),
    serde(rename_all = "PascalCase", default)
)]
pub struct GetRandomPasswordRequest {
    /// 1..4096 (default 32).
    pub password_length: Option<i64>,
    /// Characters never to use.
    pub exclude_characters: Option<String>,
    /// No digits.
    pub exclude_numbers: Option<bool>,
    /// No punctuation.
    pub exclude_punctuation: Option<bool>,
    /// No upper-case letters.
    pub exclude_uppercase: Option<bool>,
    /// No lower-case letters.
    pub exclude_lowercase: Option<bool>,
    /// Allow the space character (default false).
    pub include_space: Option<bool>,
    /// At least one character of every included type (default true).
    pub require_each_included_type: Option<bool>,
}

/// `GetRandomPassword` result.
#[derive(Debug, PartialEq, Eq)]
#[cfg_attr(
    feature = "wire",
    derive(serde::Serialize),
    serde(rename_all = "PascalCase")
)]
pub struct GetRandomPasswordResponse {
    /// The password.
    #[cfg_attr(
        feature = "wire",
        serde(serialize_with = "crate::wire::codec::secret_string::serialize")
    )]
    pub random_password: SecretString,
}

/// `TagResource` parameters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(
    feature = "wire",
    derive(serde::Deserialize),
    serde(rename_all = "PascalCase", default)
)]
pub struct TagResourceRequest {
    /// Name, ARN or partial ARN.
    pub secret_id: String,
    /// Tags to add (a key already present gets the new value).
    pub tags: Vec<Tag>,
}

/// `UntagResource` parameters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(
    feature = "wire",
    derive(serde::Deserialize),
    serde(rename_all = "PascalCase", default)
)]
pub struct UntagResourceRequest {
    /// Name, ARN or partial ARN.
    pub secret_id: String,
    /// Keys to remove (absent keys are ignored).
    pub tag_keys: Vec<String>,
}

/// `PutResourcePolicy` parameters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(
    feature = "wire",
    derive(serde::Deserialize),
    serde(rename_all = "PascalCase", default)
)]
pub struct PutResourcePolicyRequest {
    /// Name, ARN or partial ARN.
    pub secret_id: String,
    /// The policy, 1..20480 characters (`secretsmanager:` actions).
    pub resource_policy: String,
    /// Refuse a policy that grants public access (default false).
    pub block_public_policy: Option<bool>,
}

/// `GetResourcePolicy` result.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(
    feature = "wire",
    derive(serde::Serialize),
    serde(rename_all = "PascalCase")
)]
pub struct GetResourcePolicyResponse {
    /// The secret's ARN.
    #[cfg_attr(feature = "wire", serde(rename = "ARN"))]
    pub arn: String,
    /// The name.
    pub name: String,
    /// The policy, if any.
    #[cfg_attr(feature = "wire", serde(skip_serializing_if = "Option::is_none"))]
    pub resource_policy: Option<String>,
}

/// `ValidateResourcePolicy` parameters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(
    feature = "wire",
    derive(serde::Deserialize),
    serde(rename_all = "PascalCase", default)
)]
pub struct ValidateResourcePolicyRequest {
    /// The secret the policy is for (optional).
    pub secret_id: Option<String>,
    /// The policy.
    pub resource_policy: String,
}

/// A `ValidateResourcePolicy` finding (`ValidationErrorsEntry`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(
    feature = "wire",
    derive(serde::Serialize),
    serde(rename_all = "PascalCase")
)]
pub struct ValidationErrorsEntry {
    /// The check.
    pub check_name: String,
    /// What it found.
    pub error_message: String,
}

/// `ValidateResourcePolicy` result.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(
    feature = "wire",
    derive(serde::Serialize),
    serde(rename_all = "PascalCase")
)]
pub struct ValidateResourcePolicyResponse {
    /// True when no check failed.
    pub policy_validation_passed: bool,
    /// The failed checks.
    pub validation_errors: Vec<ValidationErrorsEntry>,
}

/// `RotateSecret` parameters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(
    feature = "wire",
    derive(serde::Deserialize),
    serde(rename_all = "PascalCase", default)
)]
pub struct RotateSecretRequest {
    /// Name, ARN or partial ARN.
    pub secret_id: String,
    /// The new version's id (filled with a UUID when absent).
    pub client_request_token: Option<String>,
    /// The rotation function's ARN ([`LocalSecretsManager::register_rotation_function`](super::LocalSecretsManager::register_rotation_function)).
    #[cfg_attr(feature = "wire", serde(rename = "RotationLambdaARN"))]
    pub rotation_lambda_arn: Option<String>,
    /// The schedule.
    pub rotation_rules: Option<RotationRules>,
    /// Rotate now (default true); false runs only `testSecret`.
    pub rotate_immediately: Option<bool>,
}

/// `RotateSecret` / `CancelRotateSecret` result.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(
    feature = "wire",
    derive(serde::Serialize),
    serde(rename_all = "PascalCase")
)]
pub struct RotateSecretResponse {
    /// The secret's ARN.
    #[cfg_attr(feature = "wire", serde(rename = "ARN"))]
    pub arn: String,
    /// The name.
    pub name: String,
    /// The new (or pending) version's id.
    #[cfg_attr(feature = "wire", serde(skip_serializing_if = "Option::is_none"))]
    pub version_id: Option<String>,
}

/// A region to replicate a secret to (`ReplicaRegionType`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(
    feature = "wire",
    derive(serde::Deserialize),
    serde(rename_all = "PascalCase", default)
)]
pub struct ReplicaRegionType {
    /// The region (`^([a-z]+-)+\d+$`), linked to this service
    /// ([`LocalSecretsManager::link_region`](super::LocalSecretsManager::link_region)).
    pub region: String,
    /// The replica's key in that region (default its `aws/secretsmanager`).
    pub kms_key_id: Option<String>,
}

/// A replica's state (`ReplicationStatusType`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(
    feature = "wire",
    derive(serde::Serialize),
    serde(rename_all = "PascalCase")
)]
pub struct ReplicationStatusType {
    /// The replica's region.
    pub region: String,
    /// Its key as given (absent for `aws/secretsmanager`).
    #[cfg_attr(feature = "wire", serde(skip_serializing_if = "Option::is_none"))]
    pub kms_key_id: Option<String>,
    /// `InSync`, `Failed` or `InProgress`.
    pub status: String,
    /// Why it failed.
    #[cfg_attr(feature = "wire", serde(skip_serializing_if = "Option::is_none"))]
    pub status_message: Option<String>,
}

/// `ReplicateSecretToRegions` parameters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(
    feature = "wire",
    derive(serde::Deserialize),
    serde(rename_all = "PascalCase", default)
)]
pub struct ReplicateSecretToRegionsRequest {
    /// The primary secret: name, ARN or partial ARN.
    pub secret_id: String,
    /// The regions to add.
    pub add_replica_regions: Vec<ReplicaRegionType>,
    /// Replace a secret of the same name in a replica region (default false).
    pub force_overwrite_replica_secret: Option<bool>,
}

/// `RemoveRegionsFromReplication` parameters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(
    feature = "wire",
    derive(serde::Deserialize),
    serde(rename_all = "PascalCase", default)
)]
pub struct RemoveRegionsFromReplicationRequest {
    /// The primary secret: name, ARN or partial ARN.
    pub secret_id: String,
    /// The regions whose replicas are deleted.
    pub remove_replica_regions: Vec<String>,
}

/// `ReplicateSecretToRegions` / `RemoveRegionsFromReplication` result.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(
    feature = "wire",
    derive(serde::Serialize),
    serde(rename_all = "PascalCase")
)]
pub struct ReplicationResponse {
    /// The primary secret's ARN.
    #[cfg_attr(feature = "wire", serde(rename = "ARN"))]
    pub arn: String,
    /// Every replica's state.
    pub replication_status: Vec<ReplicationStatusType>,
}
