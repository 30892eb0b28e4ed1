//! The input and output shapes of the Secrets Manager operations datakey implements, generated from botocore's
//! `secretsmanager/2017-10-17/service-2.json` (botocore 1.44.8) by `gen_model.py`; do not edit by hand:
//! `python3 core/src/wire/gen_model.py --service secretsmanager > core/src/wire/secrets_model.rs`. `core/tests/wire_secrets.rs`
//! checks the wire against the installed botocore's model, constraint by constraint.

use super::validate::{Member, OperationModel, Shape};

static S_NAME_TYPE: Shape = Shape::String { min: Some(1), max: Some(512), pattern: None, values: &[], sensitive: false };
static S_CLIENT_REQUEST_TOKEN_TYPE: Shape = Shape::String { min: Some(32), max: Some(64), pattern: None, values: &[], sensitive: false };
static S_DESCRIPTION_TYPE: Shape = Shape::String { min: None, max: Some(2048), pattern: None, values: &[], sensitive: false };
static S_KMS_KEY_ID_TYPE: Shape = Shape::String { min: Some(0), max: Some(2048), pattern: None, values: &[], sensitive: false };
static S_SECRET_BINARY_TYPE: Shape = Shape::Blob { min: Some(1), max: Some(65536), sensitive: true };
static S_SECRET_STRING_TYPE: Shape = Shape::String { min: Some(1), max: Some(65536), pattern: None, values: &[], sensitive: true };
static S_TAG_KEY_TYPE: Shape = Shape::String { min: Some(1), max: Some(128), pattern: None, values: &[], sensitive: false };
static S_TAG_VALUE_TYPE: Shape = Shape::String { min: Some(0), max: Some(256), pattern: None, values: &[], sensitive: false };
static S_TAG: Shape = Shape::Structure(&[
    Member { name: "Key", shape: &S_TAG_KEY_TYPE, required: false },
    Member { name: "Value", shape: &S_TAG_VALUE_TYPE, required: false },
]);
static S_TAG_LIST_TYPE: Shape = Shape::List { member: &S_TAG, min: None, max: None };
static S_REGION_TYPE: Shape = Shape::String { min: Some(1), max: Some(128), pattern: Some("^([a-z]+-)+\\d+$"), values: &[], sensitive: false };
static S_REPLICA_REGION_TYPE: Shape = Shape::Structure(&[
    Member { name: "Region", shape: &S_REGION_TYPE, required: false },
    Member { name: "KmsKeyId", shape: &S_KMS_KEY_ID_TYPE, required: false },
]);
static S_ADD_REPLICA_REGION_LIST_TYPE: Shape = Shape::List { member: &S_REPLICA_REGION_TYPE, min: Some(1), max: None };
static S_BOOLEAN_TYPE: Shape = Shape::Boolean;
static S_MEDEA_TYPE_TYPE: Shape = Shape::String { min: Some(0), max: Some(256), pattern: None, values: &[], sensitive: false };
static S_SECRET_A_R_N_TYPE: Shape = Shape::String { min: Some(20), max: Some(2048), pattern: None, values: &[], sensitive: false };
static S_CREATE_SECRET_REQUEST: Shape = Shape::Structure(&[
    Member { name: "Name", shape: &S_NAME_TYPE, required: true },
    Member { name: "ClientRequestToken", shape: &S_CLIENT_REQUEST_TOKEN_TYPE, required: false },
    Member { name: "Description", shape: &S_DESCRIPTION_TYPE, required: false },
    Member { name: "KmsKeyId", shape: &S_KMS_KEY_ID_TYPE, required: false },
    Member { name: "SecretBinary", shape: &S_SECRET_BINARY_TYPE, required: false },
    Member { name: "SecretString", shape: &S_SECRET_STRING_TYPE, required: false },
    Member { name: "Tags", shape: &S_TAG_LIST_TYPE, required: false },
    Member { name: "AddReplicaRegions", shape: &S_ADD_REPLICA_REGION_LIST_TYPE, required: false },
    Member { name: "ForceOverwriteReplicaSecret", shape: &S_BOOLEAN_TYPE, required: false },
    Member { name: "Type", shape: &S_MEDEA_TYPE_TYPE, required: false },
    Member { name: "CrossAccountPrimaryARN", shape: &S_SECRET_A_R_N_TYPE, required: false },
]);
static S_SECRET_NAME_TYPE: Shape = Shape::String { min: Some(1), max: Some(256), pattern: None, values: &[], sensitive: false };
static S_SECRET_VERSION_ID_TYPE: Shape = Shape::String { min: Some(32), max: Some(64), pattern: None, values: &[], sensitive: false };
static S_STATUS_TYPE: Shape = Shape::String { min: None, max: None, pattern: None, values: &["InSync", "Failed", "InProgress", "Pending", "Detached"], sensitive: false };
static S_STATUS_MESSAGE_TYPE: Shape = Shape::String { min: Some(1), max: Some(4096), pattern: None, values: &[], sensitive: false };
static S_LAST_ACCESSED_DATE_TYPE: Shape = Shape::Timestamp;
static S_REPLICATION_STATUS_TYPE: Shape = Shape::Structure(&[
    Member { name: "Region", shape: &S_REGION_TYPE, required: false },
    Member { name: "KmsKeyId", shape: &S_KMS_KEY_ID_TYPE, required: false },
    Member { name: "Status", shape: &S_STATUS_TYPE, required: false },
    Member { name: "StatusMessage", shape: &S_STATUS_MESSAGE_TYPE, required: false },
    Member { name: "LastAccessedDate", shape: &S_LAST_ACCESSED_DATE_TYPE, required: false },
]);
static S_REPLICATION_STATUS_LIST_TYPE: Shape = Shape::List { member: &S_REPLICATION_STATUS_TYPE, min: None, max: None };
static S_CREATE_SECRET_RESPONSE: Shape = Shape::Structure(&[
    Member { name: "ARN", shape: &S_SECRET_A_R_N_TYPE, required: false },
    Member { name: "Name", shape: &S_SECRET_NAME_TYPE, required: false },
    Member { name: "VersionId", shape: &S_SECRET_VERSION_ID_TYPE, required: false },
    Member { name: "ReplicationStatus", shape: &S_REPLICATION_STATUS_LIST_TYPE, required: false },
]);
static S_SECRET_ID_TYPE: Shape = Shape::String { min: Some(1), max: Some(2048), pattern: None, values: &[], sensitive: false };
static S_SECRET_VERSION_STAGE_TYPE: Shape = Shape::String { min: Some(1), max: Some(256), pattern: None, values: &[], sensitive: false };
static S_GET_SECRET_VALUE_REQUEST: Shape = Shape::Structure(&[
    Member { name: "SecretId", shape: &S_SECRET_ID_TYPE, required: true },
    Member { name: "VersionId", shape: &S_SECRET_VERSION_ID_TYPE, required: false },
    Member { name: "VersionStage", shape: &S_SECRET_VERSION_STAGE_TYPE, required: false },
]);
static S_SECRET_VERSION_STAGES_TYPE: Shape = Shape::List { member: &S_SECRET_VERSION_STAGE_TYPE, min: Some(1), max: Some(20) };
static S_CREATED_DATE_TYPE: Shape = Shape::Timestamp;
static S_GET_SECRET_VALUE_RESPONSE: Shape = Shape::Structure(&[
    Member { name: "ARN", shape: &S_SECRET_A_R_N_TYPE, required: false },
    Member { name: "Name", shape: &S_SECRET_NAME_TYPE, required: false },
    Member { name: "VersionId", shape: &S_SECRET_VERSION_ID_TYPE, required: false },
    Member { name: "SecretBinary", shape: &S_SECRET_BINARY_TYPE, required: false },
    Member { name: "SecretString", shape: &S_SECRET_STRING_TYPE, required: false },
    Member { name: "VersionStages", shape: &S_SECRET_VERSION_STAGES_TYPE, required: false },
    Member { name: "CreatedDate", shape: &S_CREATED_DATE_TYPE, required: false },
]);
static S_SECRET_ID_LIST_TYPE: Shape = Shape::List { member: &S_SECRET_ID_TYPE, min: Some(1), max: Some(20) };
static S_FILTER_NAME_STRING_TYPE: Shape = Shape::String { min: None, max: None, pattern: None, values: &["description", "name", "tag-key", "tag-value", "primary-region", "owning-service", "all"], sensitive: false };
static S_FILTER_VALUE_STRING_TYPE: Shape = Shape::String { min: None, max: Some(512), pattern: Some("^\\!?[a-zA-Z0-9 :_@\\/\\+\\=\\.\\-\\!]*$"), values: &[], sensitive: false };
static S_FILTER_VALUES_STRING_LIST: Shape = Shape::List { member: &S_FILTER_VALUE_STRING_TYPE, min: Some(1), max: Some(10) };
static S_FILTER: Shape = Shape::Structure(&[
    Member { name: "Key", shape: &S_FILTER_NAME_STRING_TYPE, required: false },
    Member { name: "Values", shape: &S_FILTER_VALUES_STRING_LIST, required: false },
]);
static S_FILTERS_LIST_TYPE: Shape = Shape::List { member: &S_FILTER, min: None, max: Some(10) };
static S_MAX_RESULTS_BATCH_TYPE: Shape = Shape::Integer { min: Some(1), max: Some(20) };
static S_NEXT_TOKEN_TYPE: Shape = Shape::String { min: Some(1), max: Some(4096), pattern: None, values: &[], sensitive: false };
static S_BATCH_GET_SECRET_VALUE_REQUEST: Shape = Shape::Structure(&[
    Member { name: "SecretIdList", shape: &S_SECRET_ID_LIST_TYPE, required: false },
    Member { name: "Filters", shape: &S_FILTERS_LIST_TYPE, required: false },
    Member { name: "MaxResults", shape: &S_MAX_RESULTS_BATCH_TYPE, required: false },
    Member { name: "NextToken", shape: &S_NEXT_TOKEN_TYPE, required: false },
]);
static S_SECRET_VALUE_ENTRY: Shape = Shape::Structure(&[
    Member { name: "ARN", shape: &S_SECRET_A_R_N_TYPE, required: false },
    Member { name: "Name", shape: &S_SECRET_NAME_TYPE, required: false },
    Member { name: "VersionId", shape: &S_SECRET_VERSION_ID_TYPE, required: false },
    Member { name: "SecretBinary", shape: &S_SECRET_BINARY_TYPE, required: false },
    Member { name: "SecretString", shape: &S_SECRET_STRING_TYPE, required: false },
    Member { name: "VersionStages", shape: &S_SECRET_VERSION_STAGES_TYPE, required: false },
    Member { name: "CreatedDate", shape: &S_CREATED_DATE_TYPE, required: false },
]);
static S_SECRET_VALUES_TYPE: Shape = Shape::List { member: &S_SECRET_VALUE_ENTRY, min: None, max: None };
static S_ERROR_CODE: Shape = Shape::String { min: None, max: None, pattern: None, values: &[], sensitive: false };
static S_ERROR_MESSAGE: Shape = Shape::String { min: None, max: None, pattern: None, values: &[], sensitive: false };
static S_A_P_I_ERROR_TYPE: Shape = Shape::Structure(&[
    Member { name: "SecretId", shape: &S_SECRET_ID_TYPE, required: false },
    Member { name: "ErrorCode", shape: &S_ERROR_CODE, required: false },
    Member { name: "Message", shape: &S_ERROR_MESSAGE, required: false },
]);
static S_A_P_I_ERROR_LIST_TYPE: Shape = Shape::List { member: &S_A_P_I_ERROR_TYPE, min: None, max: None };
static S_BATCH_GET_SECRET_VALUE_RESPONSE: Shape = Shape::Structure(&[
    Member { name: "SecretValues", shape: &S_SECRET_VALUES_TYPE, required: false },
    Member { name: "NextToken", shape: &S_NEXT_TOKEN_TYPE, required: false },
    Member { name: "Errors", shape: &S_A_P_I_ERROR_LIST_TYPE, required: false },
]);
static S_ROTATION_TOKEN_TYPE: Shape = Shape::String { min: Some(36), max: Some(256), pattern: Some("^[a-zA-Z0-9\\-]+$"), values: &[], sensitive: true };
static S_PUT_SECRET_VALUE_REQUEST: Shape = Shape::Structure(&[
    Member { name: "SecretId", shape: &S_SECRET_ID_TYPE, required: true },
    Member { name: "ClientRequestToken", shape: &S_CLIENT_REQUEST_TOKEN_TYPE, required: false },
    Member { name: "SecretBinary", shape: &S_SECRET_BINARY_TYPE, required: false },
    Member { name: "SecretString", shape: &S_SECRET_STRING_TYPE, required: false },
    Member { name: "VersionStages", shape: &S_SECRET_VERSION_STAGES_TYPE, required: false },
    Member { name: "RotationToken", shape: &S_ROTATION_TOKEN_TYPE, required: false },
]);
static S_PUT_SECRET_VALUE_RESPONSE: Shape = Shape::Structure(&[
    Member { name: "ARN", shape: &S_SECRET_A_R_N_TYPE, required: false },
    Member { name: "Name", shape: &S_SECRET_NAME_TYPE, required: false },
    Member { name: "VersionId", shape: &S_SECRET_VERSION_ID_TYPE, required: false },
    Member { name: "VersionStages", shape: &S_SECRET_VERSION_STAGES_TYPE, required: false },
]);
static S_UPDATE_SECRET_REQUEST: Shape = Shape::Structure(&[
    Member { name: "SecretId", shape: &S_SECRET_ID_TYPE, required: true },
    Member { name: "ClientRequestToken", shape: &S_CLIENT_REQUEST_TOKEN_TYPE, required: false },
    Member { name: "Description", shape: &S_DESCRIPTION_TYPE, required: false },
    Member { name: "KmsKeyId", shape: &S_KMS_KEY_ID_TYPE, required: false },
    Member { name: "SecretBinary", shape: &S_SECRET_BINARY_TYPE, required: false },
    Member { name: "SecretString", shape: &S_SECRET_STRING_TYPE, required: false },
    Member { name: "Type", shape: &S_MEDEA_TYPE_TYPE, required: false },
]);
static S_UPDATE_SECRET_RESPONSE: Shape = Shape::Structure(&[
    Member { name: "ARN", shape: &S_SECRET_A_R_N_TYPE, required: false },
    Member { name: "Name", shape: &S_SECRET_NAME_TYPE, required: false },
    Member { name: "VersionId", shape: &S_SECRET_VERSION_ID_TYPE, required: false },
]);
static S_UPDATE_SECRET_VERSION_STAGE_REQUEST: Shape = Shape::Structure(&[
    Member { name: "SecretId", shape: &S_SECRET_ID_TYPE, required: true },
    Member { name: "VersionStage", shape: &S_SECRET_VERSION_STAGE_TYPE, required: true },
    Member { name: "RemoveFromVersionId", shape: &S_SECRET_VERSION_ID_TYPE, required: false },
    Member { name: "MoveToVersionId", shape: &S_SECRET_VERSION_ID_TYPE, required: false },
]);
static S_UPDATE_SECRET_VERSION_STAGE_RESPONSE: Shape = Shape::Structure(&[
    Member { name: "ARN", shape: &S_SECRET_A_R_N_TYPE, required: false },
    Member { name: "Name", shape: &S_SECRET_NAME_TYPE, required: false },
]);
static S_DESCRIBE_SECRET_REQUEST: Shape = Shape::Structure(&[
    Member { name: "SecretId", shape: &S_SECRET_ID_TYPE, required: true },
]);
static S_ROTATION_ENABLED_TYPE: Shape = Shape::Boolean;
static S_ROTATION_LAMBDA_A_R_N_TYPE: Shape = Shape::String { min: Some(0), max: Some(2048), pattern: None, values: &[], sensitive: false };
static S_AUTOMATICALLY_ROTATE_AFTER_DAYS_TYPE: Shape = Shape::Integer { min: Some(1), max: Some(1000) };
static S_DURATION_TYPE: Shape = Shape::String { min: Some(2), max: Some(3), pattern: Some("[0-9]+h"), values: &[], sensitive: false };
static S_SCHEDULE_EXPRESSION_TYPE: Shape = Shape::String { min: Some(1), max: Some(256), pattern: Some("[0-9A-Za-z\\(\\)#\\?\\*\\-\\/, ]+"), values: &[], sensitive: false };
static S_ROTATION_RULES_TYPE: Shape = Shape::Structure(&[
    Member { name: "AutomaticallyAfterDays", shape: &S_AUTOMATICALLY_ROTATE_AFTER_DAYS_TYPE, required: false },
    Member { name: "Duration", shape: &S_DURATION_TYPE, required: false },
    Member { name: "ScheduleExpression", shape: &S_SCHEDULE_EXPRESSION_TYPE, required: false },
]);
static S_EXTERNAL_SECRET_ROTATION_METADATA_ITEM_KEY_TYPE: Shape = Shape::String { min: Some(1), max: Some(256), pattern: None, values: &[], sensitive: false };
static S_EXTERNAL_SECRET_ROTATION_METADATA_ITEM_VALUE_TYPE: Shape = Shape::String { min: Some(1), max: Some(2048), pattern: None, values: &[], sensitive: false };
static S_EXTERNAL_SECRET_ROTATION_METADATA_ITEM: Shape = Shape::Structure(&[
    Member { name: "Key", shape: &S_EXTERNAL_SECRET_ROTATION_METADATA_ITEM_KEY_TYPE, required: false },
    Member { name: "Value", shape: &S_EXTERNAL_SECRET_ROTATION_METADATA_ITEM_VALUE_TYPE, required: false },
]);
static S_EXTERNAL_SECRET_ROTATION_METADATA_TYPE: Shape = Shape::List { member: &S_EXTERNAL_SECRET_ROTATION_METADATA_ITEM, min: None, max: None };
static S_ROLE_A_R_N_TYPE: Shape = Shape::String { min: Some(20), max: Some(2048), pattern: None, values: &[], sensitive: false };
static S_LAST_ROTATED_DATE_TYPE: Shape = Shape::Timestamp;
static S_LAST_CHANGED_DATE_TYPE: Shape = Shape::Timestamp;
static S_DELETED_DATE_TYPE: Shape = Shape::Timestamp;
static S_NEXT_ROTATION_DATE_TYPE: Shape = Shape::Timestamp;
static S_SECRET_VERSIONS_TO_STAGES_MAP_TYPE: Shape = Shape::Map { value: &S_SECRET_VERSION_STAGES_TYPE, min: None, max: None };
static S_OWNING_SERVICE_TYPE: Shape = Shape::String { min: Some(1), max: Some(128), pattern: None, values: &[], sensitive: false };
static S_TIMESTAMP_TYPE: Shape = Shape::Timestamp;
static S_CROSS_ACCOUNT_PRIMARY_TYPE: Shape = Shape::Structure(&[
    Member { name: "PrimarySecretARN", shape: &S_SECRET_A_R_N_TYPE, required: false },
    Member { name: "ReplicationStatus", shape: &S_STATUS_TYPE, required: false },
    Member { name: "StatusMessage", shape: &S_STATUS_MESSAGE_TYPE, required: false },
]);
static S_CROSS_ACCOUNT_REPLICA_ENTRY: Shape = Shape::Structure(&[
    Member { name: "ReplicaSecretARN", shape: &S_SECRET_A_R_N_TYPE, required: false },
    Member { name: "ReplicationRoleARN", shape: &S_ROLE_A_R_N_TYPE, required: false },
    Member { name: "ReplicationStatus", shape: &S_STATUS_TYPE, required: false },
    Member { name: "StatusMessage", shape: &S_STATUS_MESSAGE_TYPE, required: false },
]);
static S_CROSS_ACCOUNT_REPLICA_LIST_TYPE: Shape = Shape::List { member: &S_CROSS_ACCOUNT_REPLICA_ENTRY, min: Some(1), max: Some(100) };
static S_DESCRIBE_SECRET_RESPONSE: Shape = Shape::Structure(&[
    Member { name: "ARN", shape: &S_SECRET_A_R_N_TYPE, required: false },
    Member { name: "Name", shape: &S_SECRET_NAME_TYPE, required: false },
    Member { name: "Type", shape: &S_MEDEA_TYPE_TYPE, required: false },
    Member { name: "Description", shape: &S_DESCRIPTION_TYPE, required: false },
    Member { name: "KmsKeyId", shape: &S_KMS_KEY_ID_TYPE, required: false },
    Member { name: "RotationEnabled", shape: &S_ROTATION_ENABLED_TYPE, required: false },
    Member { name: "RotationLambdaARN", shape: &S_ROTATION_LAMBDA_A_R_N_TYPE, required: false },
    Member { name: "RotationRules", shape: &S_ROTATION_RULES_TYPE, required: false },
    Member { name: "ExternalSecretRotationMetadata", shape: &S_EXTERNAL_SECRET_ROTATION_METADATA_TYPE, required: false },
    Member { name: "ExternalSecretRotationRoleArn", shape: &S_ROLE_A_R_N_TYPE, required: false },
    Member { name: "LastRotatedDate", shape: &S_LAST_ROTATED_DATE_TYPE, required: false },
    Member { name: "LastChangedDate", shape: &S_LAST_CHANGED_DATE_TYPE, required: false },
    Member { name: "LastAccessedDate", shape: &S_LAST_ACCESSED_DATE_TYPE, required: false },
    Member { name: "DeletedDate", shape: &S_DELETED_DATE_TYPE, required: false },
    Member { name: "NextRotationDate", shape: &S_NEXT_ROTATION_DATE_TYPE, required: false },
    Member { name: "Tags", shape: &S_TAG_LIST_TYPE, required: false },
    Member { name: "VersionIdsToStages", shape: &S_SECRET_VERSIONS_TO_STAGES_MAP_TYPE, required: false },
    Member { name: "OwningService", shape: &S_OWNING_SERVICE_TYPE, required: false },
    Member { name: "CreatedDate", shape: &S_TIMESTAMP_TYPE, required: false },
    Member { name: "PrimaryRegion", shape: &S_REGION_TYPE, required: false },
    Member { name: "ReplicationStatus", shape: &S_REPLICATION_STATUS_LIST_TYPE, required: false },
    Member { name: "CrossAccountPrimary", shape: &S_CROSS_ACCOUNT_PRIMARY_TYPE, required: false },
    Member { name: "CrossAccountReplicas", shape: &S_CROSS_ACCOUNT_REPLICA_LIST_TYPE, required: false },
]);
static S_MAX_RESULTS_TYPE: Shape = Shape::Integer { min: Some(1), max: Some(100) };
static S_SORT_ORDER_TYPE: Shape = Shape::String { min: None, max: None, pattern: None, values: &["asc", "desc"], sensitive: false };
static S_SORT_BY_TYPE: Shape = Shape::String { min: None, max: None, pattern: None, values: &["created-date", "last-accessed-date", "last-changed-date", "name"], sensitive: false };
static S_LIST_SECRETS_REQUEST: Shape = Shape::Structure(&[
    Member { name: "IncludePlannedDeletion", shape: &S_BOOLEAN_TYPE, required: false },
    Member { name: "MaxResults", shape: &S_MAX_RESULTS_TYPE, required: false },
    Member { name: "NextToken", shape: &S_NEXT_TOKEN_TYPE, required: false },
    Member { name: "Filters", shape: &S_FILTERS_LIST_TYPE, required: false },
    Member { name: "SortOrder", shape: &S_SORT_ORDER_TYPE, required: false },
    Member { name: "SortBy", shape: &S_SORT_BY_TYPE, required: false },
]);
static S_SECRET_LIST_ENTRY: Shape = Shape::Structure(&[
    Member { name: "ARN", shape: &S_SECRET_A_R_N_TYPE, required: false },
    Member { name: "Name", shape: &S_SECRET_NAME_TYPE, required: false },
    Member { name: "Type", shape: &S_MEDEA_TYPE_TYPE, required: false },
    Member { name: "Description", shape: &S_DESCRIPTION_TYPE, required: false },
    Member { name: "KmsKeyId", shape: &S_KMS_KEY_ID_TYPE, required: false },
    Member { name: "RotationEnabled", shape: &S_ROTATION_ENABLED_TYPE, required: false },
    Member { name: "RotationLambdaARN", shape: &S_ROTATION_LAMBDA_A_R_N_TYPE, required: false },
    Member { name: "RotationRules", shape: &S_ROTATION_RULES_TYPE, required: false },
    Member { name: "ExternalSecretRotationMetadata", shape: &S_EXTERNAL_SECRET_ROTATION_METADATA_TYPE, required: false },
    Member { name: "ExternalSecretRotationRoleArn", shape: &S_ROLE_A_R_N_TYPE, required: false },
    Member { name: "LastRotatedDate", shape: &S_LAST_ROTATED_DATE_TYPE, required: false },
    Member { name: "LastChangedDate", shape: &S_LAST_CHANGED_DATE_TYPE, required: false },
    Member { name: "LastAccessedDate", shape: &S_LAST_ACCESSED_DATE_TYPE, required: false },
    Member { name: "DeletedDate", shape: &S_DELETED_DATE_TYPE, required: false },
    Member { name: "NextRotationDate", shape: &S_NEXT_ROTATION_DATE_TYPE, required: false },
    Member { name: "Tags", shape: &S_TAG_LIST_TYPE, required: false },
    Member { name: "SecretVersionsToStages", shape: &S_SECRET_VERSIONS_TO_STAGES_MAP_TYPE, required: false },
    Member { name: "OwningService", shape: &S_OWNING_SERVICE_TYPE, required: false },
    Member { name: "CreatedDate", shape: &S_TIMESTAMP_TYPE, required: false },
    Member { name: "PrimaryRegion", shape: &S_REGION_TYPE, required: false },
]);
static S_SECRET_LIST_TYPE: Shape = Shape::List { member: &S_SECRET_LIST_ENTRY, min: None, max: None };
static S_LIST_SECRETS_RESPONSE: Shape = Shape::Structure(&[
    Member { name: "SecretList", shape: &S_SECRET_LIST_TYPE, required: false },
    Member { name: "NextToken", shape: &S_NEXT_TOKEN_TYPE, required: false },
]);
static S_LIST_SECRET_VERSION_IDS_REQUEST: Shape = Shape::Structure(&[
    Member { name: "SecretId", shape: &S_SECRET_ID_TYPE, required: true },
    Member { name: "MaxResults", shape: &S_MAX_RESULTS_TYPE, required: false },
    Member { name: "NextToken", shape: &S_NEXT_TOKEN_TYPE, required: false },
    Member { name: "IncludeDeprecated", shape: &S_BOOLEAN_TYPE, required: false },
]);
static S_KMS_KEY_ID_LIST_TYPE: Shape = Shape::List { member: &S_KMS_KEY_ID_TYPE, min: None, max: None };
static S_SECRET_VERSIONS_LIST_ENTRY: Shape = Shape::Structure(&[
    Member { name: "VersionId", shape: &S_SECRET_VERSION_ID_TYPE, required: false },
    Member { name: "VersionStages", shape: &S_SECRET_VERSION_STAGES_TYPE, required: false },
    Member { name: "LastAccessedDate", shape: &S_LAST_ACCESSED_DATE_TYPE, required: false },
    Member { name: "CreatedDate", shape: &S_CREATED_DATE_TYPE, required: false },
    Member { name: "KmsKeyIds", shape: &S_KMS_KEY_ID_LIST_TYPE, required: false },
]);
static S_SECRET_VERSIONS_LIST_TYPE: Shape = Shape::List { member: &S_SECRET_VERSIONS_LIST_ENTRY, min: None, max: None };
static S_LIST_SECRET_VERSION_IDS_RESPONSE: Shape = Shape::Structure(&[
    Member { name: "Versions", shape: &S_SECRET_VERSIONS_LIST_TYPE, required: false },
    Member { name: "NextToken", shape: &S_NEXT_TOKEN_TYPE, required: false },
    Member { name: "ARN", shape: &S_SECRET_A_R_N_TYPE, required: false },
    Member { name: "Name", shape: &S_SECRET_NAME_TYPE, required: false },
]);
static S_RECOVERY_WINDOW_IN_DAYS_TYPE: Shape = Shape::Integer { min: None, max: None };
static S_DELETE_SECRET_REQUEST: Shape = Shape::Structure(&[
    Member { name: "SecretId", shape: &S_SECRET_ID_TYPE, required: true },
    Member { name: "RecoveryWindowInDays", shape: &S_RECOVERY_WINDOW_IN_DAYS_TYPE, required: false },
    Member { name: "ForceDeleteWithoutRecovery", shape: &S_BOOLEAN_TYPE, required: false },
]);
static S_DELETION_DATE_TYPE: Shape = Shape::Timestamp;
static S_DELETE_SECRET_RESPONSE: Shape = Shape::Structure(&[
    Member { name: "ARN", shape: &S_SECRET_A_R_N_TYPE, required: false },
    Member { name: "Name", shape: &S_SECRET_NAME_TYPE, required: false },
    Member { name: "DeletionDate", shape: &S_DELETION_DATE_TYPE, required: false },
]);
static S_RESTORE_SECRET_REQUEST: Shape = Shape::Structure(&[
    Member { name: "SecretId", shape: &S_SECRET_ID_TYPE, required: true },
]);
static S_RESTORE_SECRET_RESPONSE: Shape = Shape::Structure(&[
    Member { name: "ARN", shape: &S_SECRET_A_R_N_TYPE, required: false },
    Member { name: "Name", shape: &S_SECRET_NAME_TYPE, required: false },
]);
static S_PASSWORD_LENGTH_TYPE: Shape = Shape::Integer { min: Some(1), max: Some(4096) };
static S_EXCLUDE_CHARACTERS_TYPE: Shape = Shape::String { min: Some(0), max: Some(4096), pattern: None, values: &[], sensitive: false };
static S_EXCLUDE_NUMBERS_TYPE: Shape = Shape::Boolean;
static S_EXCLUDE_PUNCTUATION_TYPE: Shape = Shape::Boolean;
static S_EXCLUDE_UPPERCASE_TYPE: Shape = Shape::Boolean;
static S_EXCLUDE_LOWERCASE_TYPE: Shape = Shape::Boolean;
static S_INCLUDE_SPACE_TYPE: Shape = Shape::Boolean;
static S_REQUIRE_EACH_INCLUDED_TYPE_TYPE: Shape = Shape::Boolean;
static S_GET_RANDOM_PASSWORD_REQUEST: Shape = Shape::Structure(&[
    Member { name: "PasswordLength", shape: &S_PASSWORD_LENGTH_TYPE, required: false },
    Member { name: "ExcludeCharacters", shape: &S_EXCLUDE_CHARACTERS_TYPE, required: false },
    Member { name: "ExcludeNumbers", shape: &S_EXCLUDE_NUMBERS_TYPE, required: false },
    Member { name: "ExcludePunctuation", shape: &S_EXCLUDE_PUNCTUATION_TYPE, required: false },
    Member { name: "ExcludeUppercase", shape: &S_EXCLUDE_UPPERCASE_TYPE, required: false },
    Member { name: "ExcludeLowercase", shape: &S_EXCLUDE_LOWERCASE_TYPE, required: false },
    Member { name: "IncludeSpace", shape: &S_INCLUDE_SPACE_TYPE, required: false },
    Member { name: "RequireEachIncludedType", shape: &S_REQUIRE_EACH_INCLUDED_TYPE_TYPE, required: false },
]);
static S_RANDOM_PASSWORD_TYPE: Shape = Shape::String { min: Some(0), max: Some(4096), pattern: None, values: &[], sensitive: true };
static S_GET_RANDOM_PASSWORD_RESPONSE: Shape = Shape::Structure(&[
    Member { name: "RandomPassword", shape: &S_RANDOM_PASSWORD_TYPE, required: false },
]);
static S_TAG_RESOURCE_REQUEST: Shape = Shape::Structure(&[
    Member { name: "SecretId", shape: &S_SECRET_ID_TYPE, required: true },
    Member { name: "Tags", shape: &S_TAG_LIST_TYPE, required: true },
]);
static S_TAG_KEY_LIST_TYPE: Shape = Shape::List { member: &S_TAG_KEY_TYPE, min: None, max: None };
static S_UNTAG_RESOURCE_REQUEST: Shape = Shape::Structure(&[
    Member { name: "SecretId", shape: &S_SECRET_ID_TYPE, required: true },
    Member { name: "TagKeys", shape: &S_TAG_KEY_LIST_TYPE, required: true },
]);
static S_NON_EMPTY_RESOURCE_POLICY_TYPE: Shape = Shape::String { min: Some(1), max: Some(20480), pattern: None, values: &[], sensitive: false };
static S_RESOURCE_POLICY_NAME_TYPE: Shape = Shape::String { min: Some(1), max: Some(64), pattern: Some("[0-9A-Za-z\\-\\_]+"), values: &[], sensitive: false };
static S_PUT_RESOURCE_POLICY_REQUEST: Shape = Shape::Structure(&[
    Member { name: "SecretId", shape: &S_SECRET_ID_TYPE, required: true },
    Member { name: "ResourcePolicy", shape: &S_NON_EMPTY_RESOURCE_POLICY_TYPE, required: true },
    Member { name: "PolicyName", shape: &S_RESOURCE_POLICY_NAME_TYPE, required: false },
    Member { name: "BlockPublicPolicy", shape: &S_BOOLEAN_TYPE, required: false },
]);
static S_PUT_RESOURCE_POLICY_RESPONSE: Shape = Shape::Structure(&[
    Member { name: "ARN", shape: &S_SECRET_A_R_N_TYPE, required: false },
    Member { name: "Name", shape: &S_NAME_TYPE, required: false },
    Member { name: "PolicyName", shape: &S_RESOURCE_POLICY_NAME_TYPE, required: false },
]);
static S_GET_RESOURCE_POLICY_REQUEST: Shape = Shape::Structure(&[
    Member { name: "SecretId", shape: &S_SECRET_ID_TYPE, required: true },
    Member { name: "PolicyName", shape: &S_RESOURCE_POLICY_NAME_TYPE, required: false },
]);
static S_GET_RESOURCE_POLICY_RESPONSE: Shape = Shape::Structure(&[
    Member { name: "ARN", shape: &S_SECRET_A_R_N_TYPE, required: false },
    Member { name: "Name", shape: &S_NAME_TYPE, required: false },
    Member { name: "ResourcePolicy", shape: &S_NON_EMPTY_RESOURCE_POLICY_TYPE, required: false },
    Member { name: "PolicyName", shape: &S_RESOURCE_POLICY_NAME_TYPE, required: false },
]);
static S_DELETE_RESOURCE_POLICY_REQUEST: Shape = Shape::Structure(&[
    Member { name: "SecretId", shape: &S_SECRET_ID_TYPE, required: true },
    Member { name: "PolicyName", shape: &S_RESOURCE_POLICY_NAME_TYPE, required: false },
]);
static S_DELETE_RESOURCE_POLICY_RESPONSE: Shape = Shape::Structure(&[
    Member { name: "ARN", shape: &S_SECRET_A_R_N_TYPE, required: false },
    Member { name: "Name", shape: &S_NAME_TYPE, required: false },
    Member { name: "PolicyName", shape: &S_RESOURCE_POLICY_NAME_TYPE, required: false },
]);
static S_VALIDATE_RESOURCE_POLICY_REQUEST: Shape = Shape::Structure(&[
    Member { name: "SecretId", shape: &S_SECRET_ID_TYPE, required: false },
    Member { name: "ResourcePolicy", shape: &S_NON_EMPTY_RESOURCE_POLICY_TYPE, required: true },
]);
static S_VALIDATION_ERRORS_ENTRY: Shape = Shape::Structure(&[
    Member { name: "CheckName", shape: &S_NAME_TYPE, required: false },
    Member { name: "ErrorMessage", shape: &S_ERROR_MESSAGE, required: false },
]);
static S_VALIDATION_ERRORS_TYPE: Shape = Shape::List { member: &S_VALIDATION_ERRORS_ENTRY, min: None, max: None };
static S_VALIDATE_RESOURCE_POLICY_RESPONSE: Shape = Shape::Structure(&[
    Member { name: "PolicyValidationPassed", shape: &S_BOOLEAN_TYPE, required: false },
    Member { name: "ValidationErrors", shape: &S_VALIDATION_ERRORS_TYPE, required: false },
]);
static S_ROTATE_SECRET_REQUEST: Shape = Shape::Structure(&[
    Member { name: "SecretId", shape: &S_SECRET_ID_TYPE, required: true },
    Member { name: "ClientRequestToken", shape: &S_CLIENT_REQUEST_TOKEN_TYPE, required: false },
    Member { name: "RotationLambdaARN", shape: &S_ROTATION_LAMBDA_A_R_N_TYPE, required: false },
    Member { name: "RotationRules", shape: &S_ROTATION_RULES_TYPE, required: false },
    Member { name: "ExternalSecretRotationMetadata", shape: &S_EXTERNAL_SECRET_ROTATION_METADATA_TYPE, required: false },
    Member { name: "ExternalSecretRotationRoleArn", shape: &S_ROLE_A_R_N_TYPE, required: false },
    Member { name: "RotateImmediately", shape: &S_BOOLEAN_TYPE, required: false },
]);
static S_ROTATE_SECRET_RESPONSE: Shape = Shape::Structure(&[
    Member { name: "ARN", shape: &S_SECRET_A_R_N_TYPE, required: false },
    Member { name: "Name", shape: &S_SECRET_NAME_TYPE, required: false },
    Member { name: "VersionId", shape: &S_SECRET_VERSION_ID_TYPE, required: false },
]);
static S_CANCEL_ROTATE_SECRET_REQUEST: Shape = Shape::Structure(&[
    Member { name: "SecretId", shape: &S_SECRET_ID_TYPE, required: true },
]);
static S_CANCEL_ROTATE_SECRET_RESPONSE: Shape = Shape::Structure(&[
    Member { name: "ARN", shape: &S_SECRET_A_R_N_TYPE, required: false },
    Member { name: "Name", shape: &S_SECRET_NAME_TYPE, required: false },
    Member { name: "VersionId", shape: &S_SECRET_VERSION_ID_TYPE, required: false },
]);
static S_REPLICATE_SECRET_TO_REGIONS_REQUEST: Shape = Shape::Structure(&[
    Member { name: "SecretId", shape: &S_SECRET_ID_TYPE, required: true },
    Member { name: "AddReplicaRegions", shape: &S_ADD_REPLICA_REGION_LIST_TYPE, required: true },
    Member { name: "ForceOverwriteReplicaSecret", shape: &S_BOOLEAN_TYPE, required: false },
]);
static S_REPLICATE_SECRET_TO_REGIONS_RESPONSE: Shape = Shape::Structure(&[
    Member { name: "ARN", shape: &S_SECRET_A_R_N_TYPE, required: false },
    Member { name: "ReplicationStatus", shape: &S_REPLICATION_STATUS_LIST_TYPE, required: false },
]);
static S_REMOVE_REPLICA_REGION_LIST_TYPE: Shape = Shape::List { member: &S_REGION_TYPE, min: Some(1), max: None };
static S_REMOVE_REGIONS_FROM_REPLICATION_REQUEST: Shape = Shape::Structure(&[
    Member { name: "SecretId", shape: &S_SECRET_ID_TYPE, required: true },
    Member { name: "RemoveReplicaRegions", shape: &S_REMOVE_REPLICA_REGION_LIST_TYPE, required: true },
]);
static S_REMOVE_REGIONS_FROM_REPLICATION_RESPONSE: Shape = Shape::Structure(&[
    Member { name: "ARN", shape: &S_SECRET_A_R_N_TYPE, required: false },
    Member { name: "ReplicationStatus", shape: &S_REPLICATION_STATUS_LIST_TYPE, required: false },
]);
static S_STOP_REPLICATION_TO_REPLICA_REQUEST: Shape = Shape::Structure(&[
    Member { name: "SecretId", shape: &S_SECRET_ID_TYPE, required: true },
]);
static S_STOP_REPLICATION_TO_REPLICA_RESPONSE: Shape = Shape::Structure(&[
    Member { name: "ARN", shape: &S_SECRET_A_R_N_TYPE, required: false },
]);

/// The implemented operations.
pub(crate) static OPERATIONS: &[OperationModel] = &[
    OperationModel { name: "CreateSecret", input: Some(&S_CREATE_SECRET_REQUEST), output: Some(&S_CREATE_SECRET_RESPONSE) },
    OperationModel { name: "GetSecretValue", input: Some(&S_GET_SECRET_VALUE_REQUEST), output: Some(&S_GET_SECRET_VALUE_RESPONSE) },
    OperationModel { name: "BatchGetSecretValue", input: Some(&S_BATCH_GET_SECRET_VALUE_REQUEST), output: Some(&S_BATCH_GET_SECRET_VALUE_RESPONSE) },
    OperationModel { name: "PutSecretValue", input: Some(&S_PUT_SECRET_VALUE_REQUEST), output: Some(&S_PUT_SECRET_VALUE_RESPONSE) },
    OperationModel { name: "UpdateSecret", input: Some(&S_UPDATE_SECRET_REQUEST), output: Some(&S_UPDATE_SECRET_RESPONSE) },
    OperationModel { name: "UpdateSecretVersionStage", input: Some(&S_UPDATE_SECRET_VERSION_STAGE_REQUEST), output: Some(&S_UPDATE_SECRET_VERSION_STAGE_RESPONSE) },
    OperationModel { name: "DescribeSecret", input: Some(&S_DESCRIBE_SECRET_REQUEST), output: Some(&S_DESCRIBE_SECRET_RESPONSE) },
    OperationModel { name: "ListSecrets", input: Some(&S_LIST_SECRETS_REQUEST), output: Some(&S_LIST_SECRETS_RESPONSE) },
    OperationModel { name: "ListSecretVersionIds", input: Some(&S_LIST_SECRET_VERSION_IDS_REQUEST), output: Some(&S_LIST_SECRET_VERSION_IDS_RESPONSE) },
    OperationModel { name: "DeleteSecret", input: Some(&S_DELETE_SECRET_REQUEST), output: Some(&S_DELETE_SECRET_RESPONSE) },
    OperationModel { name: "RestoreSecret", input: Some(&S_RESTORE_SECRET_REQUEST), output: Some(&S_RESTORE_SECRET_RESPONSE) },
    OperationModel { name: "GetRandomPassword", input: Some(&S_GET_RANDOM_PASSWORD_REQUEST), output: Some(&S_GET_RANDOM_PASSWORD_RESPONSE) },
    OperationModel { name: "TagResource", input: Some(&S_TAG_RESOURCE_REQUEST), output: None },
    OperationModel { name: "UntagResource", input: Some(&S_UNTAG_RESOURCE_REQUEST), output: None },
    OperationModel { name: "PutResourcePolicy", input: Some(&S_PUT_RESOURCE_POLICY_REQUEST), output: Some(&S_PUT_RESOURCE_POLICY_RESPONSE) },
    OperationModel { name: "GetResourcePolicy", input: Some(&S_GET_RESOURCE_POLICY_REQUEST), output: Some(&S_GET_RESOURCE_POLICY_RESPONSE) },
    OperationModel { name: "DeleteResourcePolicy", input: Some(&S_DELETE_RESOURCE_POLICY_REQUEST), output: Some(&S_DELETE_RESOURCE_POLICY_RESPONSE) },
    OperationModel { name: "ValidateResourcePolicy", input: Some(&S_VALIDATE_RESOURCE_POLICY_REQUEST), output: Some(&S_VALIDATE_RESOURCE_POLICY_RESPONSE) },
    OperationModel { name: "RotateSecret", input: Some(&S_ROTATE_SECRET_REQUEST), output: Some(&S_ROTATE_SECRET_RESPONSE) },
    OperationModel { name: "CancelRotateSecret", input: Some(&S_CANCEL_ROTATE_SECRET_REQUEST), output: Some(&S_CANCEL_ROTATE_SECRET_RESPONSE) },
    OperationModel { name: "ReplicateSecretToRegions", input: Some(&S_REPLICATE_SECRET_TO_REGIONS_REQUEST), output: Some(&S_REPLICATE_SECRET_TO_REGIONS_RESPONSE) },
    OperationModel { name: "RemoveRegionsFromReplication", input: Some(&S_REMOVE_REGIONS_FROM_REPLICATION_REQUEST), output: Some(&S_REMOVE_REGIONS_FROM_REPLICATION_RESPONSE) },
    OperationModel { name: "StopReplicationToReplica", input: Some(&S_STOP_REPLICATION_TO_REPLICA_REQUEST), output: Some(&S_STOP_REPLICATION_TO_REPLICA_RESPONSE) },
];

/// Every operation of the Secrets Manager API (26), implemented or not.
pub(crate) static SECRETS_OPERATIONS: &[&str] = &[
    "AssociateCrossAccountReplica",
    "BatchGetSecretValue",
    "CancelRotateSecret",
    "CreateSecret",
    "DeleteResourcePolicy",
    "DeleteSecret",
    "DescribeSecret",
    "DisassociateCrossAccountReplica",
    "GetRandomPassword",
    "GetResourcePolicy",
    "GetSecretValue",
    "ListResourcePolicies",
    "ListSecretVersionIds",
    "ListSecrets",
    "PutResourcePolicy",
    "PutSecretValue",
    "RemoveRegionsFromReplication",
    "ReplicateSecretToRegions",
    "RestoreSecret",
    "RotateSecret",
    "StopReplicationToReplica",
    "TagResource",
    "UntagResource",
    "UpdateSecret",
    "UpdateSecretVersionStage",
    "ValidateResourcePolicy",
];
