//! The input shapes of the KMS operations datakey implements, generated from botocore's
//! `kms/2014-11-01/service-2.json` (botocore 1.44.8) by `gen_model.py`; do not edit by hand:
//! `python3 core/src/wire/gen_model.py > core/src/wire/model.rs`. `core/tests/wire_model.rs`
//! checks the wire against the installed botocore's model, constraint by constraint.

use super::validate::{Member, OperationModel, Shape};

static S_POLICY_TYPE: Shape = Shape::String { min: Some(1), max: Some(131072), pattern: Some("[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+"), values: &[], sensitive: false };
static S_DESCRIPTION_TYPE: Shape = Shape::String { min: Some(0), max: Some(8192), pattern: None, values: &[], sensitive: false };
static S_KEY_USAGE_TYPE: Shape = Shape::String { min: None, max: None, pattern: None, values: &["SIGN_VERIFY", "ENCRYPT_DECRYPT", "GENERATE_VERIFY_MAC", "KEY_AGREEMENT", "ENCAPSULATE_DECAPSULATE"], sensitive: false };
static S_CUSTOMER_MASTER_KEY_SPEC: Shape = Shape::String { min: None, max: None, pattern: None, values: &["RSA_2048", "RSA_3072", "RSA_4096", "ECC_NIST_P256", "ECC_NIST_P384", "ECC_NIST_P521", "ECC_SECG_P256K1", "SYMMETRIC_DEFAULT", "HMAC_224", "HMAC_256", "HMAC_384", "HMAC_512", "SM2"], sensitive: false };
static S_KEY_SPEC: Shape = Shape::String { min: None, max: None, pattern: None, values: &["RSA_2048", "RSA_3072", "RSA_4096", "ECC_NIST_P256", "ECC_NIST_P384", "ECC_NIST_P521", "ECC_SECG_P256K1", "SYMMETRIC_DEFAULT", "HMAC_224", "HMAC_256", "HMAC_384", "HMAC_512", "SM2", "ML_DSA_44", "ML_DSA_65", "ML_DSA_87", "ECC_NIST_EDWARDS25519", "ML_KEM_512", "ML_KEM_768", "ML_KEM_1024"], sensitive: false };
static S_ORIGIN_TYPE: Shape = Shape::String { min: None, max: None, pattern: None, values: &["AWS_KMS", "EXTERNAL", "AWS_CLOUDHSM", "EXTERNAL_KEY_STORE"], sensitive: false };
static S_CUSTOM_KEY_STORE_ID_TYPE: Shape = Shape::String { min: Some(1), max: Some(64), pattern: None, values: &[], sensitive: false };
static S_BOOLEAN_TYPE: Shape = Shape::Boolean;
static S_TAG_KEY_TYPE: Shape = Shape::String { min: Some(1), max: Some(128), pattern: None, values: &[], sensitive: false };
static S_TAG_VALUE_TYPE: Shape = Shape::String { min: Some(0), max: Some(256), pattern: None, values: &[], sensitive: false };
static S_TAG: Shape = Shape::Structure(&[
    Member { name: "TagKey", shape: &S_TAG_KEY_TYPE, required: true },
    Member { name: "TagValue", shape: &S_TAG_VALUE_TYPE, required: true },
]);
static S_TAG_LIST: Shape = Shape::List { member: &S_TAG, min: None, max: None };
static S_NULLABLE_BOOLEAN_TYPE: Shape = Shape::Boolean;
static S_XKS_KEY_ID_TYPE: Shape = Shape::String { min: Some(1), max: Some(128), pattern: Some("^[a-zA-Z0-9-_.]+$"), values: &[], sensitive: false };
static S_CREATE_KEY_REQUEST: Shape = Shape::Structure(&[
    Member { name: "Policy", shape: &S_POLICY_TYPE, required: false },
    Member { name: "Description", shape: &S_DESCRIPTION_TYPE, required: false },
    Member { name: "KeyUsage", shape: &S_KEY_USAGE_TYPE, required: false },
    Member { name: "CustomerMasterKeySpec", shape: &S_CUSTOMER_MASTER_KEY_SPEC, required: false },
    Member { name: "KeySpec", shape: &S_KEY_SPEC, required: false },
    Member { name: "Origin", shape: &S_ORIGIN_TYPE, required: false },
    Member { name: "CustomKeyStoreId", shape: &S_CUSTOM_KEY_STORE_ID_TYPE, required: false },
    Member { name: "BypassPolicyLockoutSafetyCheck", shape: &S_BOOLEAN_TYPE, required: false },
    Member { name: "Tags", shape: &S_TAG_LIST, required: false },
    Member { name: "MultiRegion", shape: &S_NULLABLE_BOOLEAN_TYPE, required: false },
    Member { name: "XksKeyId", shape: &S_XKS_KEY_ID_TYPE, required: false },
]);
static S_KEY_ID_TYPE: Shape = Shape::String { min: Some(1), max: Some(2048), pattern: None, values: &[], sensitive: false };
static S_GRANT_TOKEN_TYPE: Shape = Shape::String { min: Some(1), max: Some(8192), pattern: None, values: &[], sensitive: false };
static S_GRANT_TOKEN_LIST: Shape = Shape::List { member: &S_GRANT_TOKEN_TYPE, min: Some(0), max: Some(10) };
static S_DESCRIBE_KEY_REQUEST: Shape = Shape::Structure(&[
    Member { name: "KeyId", shape: &S_KEY_ID_TYPE, required: true },
    Member { name: "GrantTokens", shape: &S_GRANT_TOKEN_LIST, required: false },
]);
static S_LIMIT_TYPE: Shape = Shape::Integer { min: Some(1), max: Some(1000) };
static S_MARKER_TYPE: Shape = Shape::String { min: Some(1), max: Some(1024), pattern: Some("[\\u0020-\\u00FF]*"), values: &[], sensitive: false };
static S_RESOURCE_OWNER_TYPE: Shape = Shape::String { min: None, max: None, pattern: None, values: &["SELF", "OTHER_ACCOUNTS_VIA_RAM"], sensitive: false };
static S_RESOURCE_OWNERS_LIST: Shape = Shape::List { member: &S_RESOURCE_OWNER_TYPE, min: Some(1), max: Some(2) };
static S_LIST_KEYS_REQUEST: Shape = Shape::Structure(&[
    Member { name: "Limit", shape: &S_LIMIT_TYPE, required: false },
    Member { name: "Marker", shape: &S_MARKER_TYPE, required: false },
    Member { name: "ResourceOwners", shape: &S_RESOURCE_OWNERS_LIST, required: false },
]);
static S_ENABLE_KEY_REQUEST: Shape = Shape::Structure(&[
    Member { name: "KeyId", shape: &S_KEY_ID_TYPE, required: true },
]);
static S_DISABLE_KEY_REQUEST: Shape = Shape::Structure(&[
    Member { name: "KeyId", shape: &S_KEY_ID_TYPE, required: true },
]);
static S_PENDING_WINDOW_IN_DAYS_TYPE: Shape = Shape::Integer { min: Some(1), max: Some(365) };
static S_SCHEDULE_KEY_DELETION_REQUEST: Shape = Shape::Structure(&[
    Member { name: "KeyId", shape: &S_KEY_ID_TYPE, required: true },
    Member { name: "PendingWindowInDays", shape: &S_PENDING_WINDOW_IN_DAYS_TYPE, required: false },
]);
static S_CANCEL_KEY_DELETION_REQUEST: Shape = Shape::Structure(&[
    Member { name: "KeyId", shape: &S_KEY_ID_TYPE, required: true },
]);
static S_ALIAS_NAME_TYPE: Shape = Shape::String { min: Some(1), max: Some(256), pattern: Some("^[a-zA-Z0-9:/_-]+$"), values: &[], sensitive: false };
static S_CREATE_ALIAS_REQUEST: Shape = Shape::Structure(&[
    Member { name: "AliasName", shape: &S_ALIAS_NAME_TYPE, required: true },
    Member { name: "TargetKeyId", shape: &S_KEY_ID_TYPE, required: true },
]);
static S_UPDATE_ALIAS_REQUEST: Shape = Shape::Structure(&[
    Member { name: "AliasName", shape: &S_ALIAS_NAME_TYPE, required: true },
    Member { name: "TargetKeyId", shape: &S_KEY_ID_TYPE, required: true },
]);
static S_DELETE_ALIAS_REQUEST: Shape = Shape::Structure(&[
    Member { name: "AliasName", shape: &S_ALIAS_NAME_TYPE, required: true },
]);
static S_LIST_ALIASES_REQUEST: Shape = Shape::Structure(&[
    Member { name: "KeyId", shape: &S_KEY_ID_TYPE, required: false },
    Member { name: "Limit", shape: &S_LIMIT_TYPE, required: false },
    Member { name: "Marker", shape: &S_MARKER_TYPE, required: false },
]);
static S_ENCRYPTION_CONTEXT_VALUE: Shape = Shape::String { min: None, max: None, pattern: None, values: &[], sensitive: false };
static S_ENCRYPTION_CONTEXT_TYPE: Shape = Shape::Map { value: &S_ENCRYPTION_CONTEXT_VALUE, min: None, max: None };
static S_NUMBER_OF_BYTES_TYPE: Shape = Shape::Integer { min: Some(1), max: Some(1024) };
static S_DATA_KEY_SPEC: Shape = Shape::String { min: None, max: None, pattern: None, values: &["AES_256", "AES_128"], sensitive: false };
static S_KEY_ENCRYPTION_MECHANISM: Shape = Shape::String { min: None, max: None, pattern: None, values: &["RSAES_OAEP_SHA_256"], sensitive: false };
static S_ATTESTATION_DOCUMENT_TYPE: Shape = Shape::Blob { min: Some(1), max: Some(262144), sensitive: false };
static S_RECIPIENT_INFO: Shape = Shape::Structure(&[
    Member { name: "KeyEncryptionAlgorithm", shape: &S_KEY_ENCRYPTION_MECHANISM, required: false },
    Member { name: "AttestationDocument", shape: &S_ATTESTATION_DOCUMENT_TYPE, required: false },
]);
static S_GENERATE_DATA_KEY_REQUEST: Shape = Shape::Structure(&[
    Member { name: "KeyId", shape: &S_KEY_ID_TYPE, required: true },
    Member { name: "EncryptionContext", shape: &S_ENCRYPTION_CONTEXT_TYPE, required: false },
    Member { name: "NumberOfBytes", shape: &S_NUMBER_OF_BYTES_TYPE, required: false },
    Member { name: "KeySpec", shape: &S_DATA_KEY_SPEC, required: false },
    Member { name: "GrantTokens", shape: &S_GRANT_TOKEN_LIST, required: false },
    Member { name: "Recipient", shape: &S_RECIPIENT_INFO, required: false },
    Member { name: "DryRun", shape: &S_NULLABLE_BOOLEAN_TYPE, required: false },
]);
static S_GENERATE_DATA_KEY_WITHOUT_PLAINTEXT_REQUEST: Shape = Shape::Structure(&[
    Member { name: "KeyId", shape: &S_KEY_ID_TYPE, required: true },
    Member { name: "EncryptionContext", shape: &S_ENCRYPTION_CONTEXT_TYPE, required: false },
    Member { name: "KeySpec", shape: &S_DATA_KEY_SPEC, required: false },
    Member { name: "NumberOfBytes", shape: &S_NUMBER_OF_BYTES_TYPE, required: false },
    Member { name: "GrantTokens", shape: &S_GRANT_TOKEN_LIST, required: false },
    Member { name: "DryRun", shape: &S_NULLABLE_BOOLEAN_TYPE, required: false },
]);
static S_PLAINTEXT_TYPE: Shape = Shape::Blob { min: Some(1), max: Some(4096), sensitive: true };
static S_ENCRYPTION_ALGORITHM_SPEC: Shape = Shape::String { min: None, max: None, pattern: None, values: &["SYMMETRIC_DEFAULT", "RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256", "SM2PKE"], sensitive: false };
static S_ENCRYPT_REQUEST: Shape = Shape::Structure(&[
    Member { name: "KeyId", shape: &S_KEY_ID_TYPE, required: true },
    Member { name: "Plaintext", shape: &S_PLAINTEXT_TYPE, required: true },
    Member { name: "EncryptionContext", shape: &S_ENCRYPTION_CONTEXT_TYPE, required: false },
    Member { name: "GrantTokens", shape: &S_GRANT_TOKEN_LIST, required: false },
    Member { name: "EncryptionAlgorithm", shape: &S_ENCRYPTION_ALGORITHM_SPEC, required: false },
    Member { name: "DryRun", shape: &S_NULLABLE_BOOLEAN_TYPE, required: false },
]);
static S_CIPHERTEXT_TYPE: Shape = Shape::Blob { min: Some(1), max: Some(6144), sensitive: false };
static S_DRY_RUN_MODIFIER_TYPE: Shape = Shape::String { min: None, max: None, pattern: None, values: &["IGNORE_CIPHERTEXT"], sensitive: false };
static S_DRY_RUN_MODIFIER_LIST: Shape = Shape::List { member: &S_DRY_RUN_MODIFIER_TYPE, min: None, max: None };
static S_DECRYPT_REQUEST: Shape = Shape::Structure(&[
    Member { name: "CiphertextBlob", shape: &S_CIPHERTEXT_TYPE, required: false },
    Member { name: "EncryptionContext", shape: &S_ENCRYPTION_CONTEXT_TYPE, required: false },
    Member { name: "GrantTokens", shape: &S_GRANT_TOKEN_LIST, required: false },
    Member { name: "KeyId", shape: &S_KEY_ID_TYPE, required: false },
    Member { name: "EncryptionAlgorithm", shape: &S_ENCRYPTION_ALGORITHM_SPEC, required: false },
    Member { name: "Recipient", shape: &S_RECIPIENT_INFO, required: false },
    Member { name: "DryRun", shape: &S_NULLABLE_BOOLEAN_TYPE, required: false },
    Member { name: "DryRunModifiers", shape: &S_DRY_RUN_MODIFIER_LIST, required: false },
]);
static S_RE_ENCRYPT_REQUEST: Shape = Shape::Structure(&[
    Member { name: "CiphertextBlob", shape: &S_CIPHERTEXT_TYPE, required: false },
    Member { name: "SourceEncryptionContext", shape: &S_ENCRYPTION_CONTEXT_TYPE, required: false },
    Member { name: "SourceKeyId", shape: &S_KEY_ID_TYPE, required: false },
    Member { name: "DestinationKeyId", shape: &S_KEY_ID_TYPE, required: true },
    Member { name: "DestinationEncryptionContext", shape: &S_ENCRYPTION_CONTEXT_TYPE, required: false },
    Member { name: "SourceEncryptionAlgorithm", shape: &S_ENCRYPTION_ALGORITHM_SPEC, required: false },
    Member { name: "DestinationEncryptionAlgorithm", shape: &S_ENCRYPTION_ALGORITHM_SPEC, required: false },
    Member { name: "GrantTokens", shape: &S_GRANT_TOKEN_LIST, required: false },
    Member { name: "DryRun", shape: &S_NULLABLE_BOOLEAN_TYPE, required: false },
    Member { name: "DryRunModifiers", shape: &S_DRY_RUN_MODIFIER_LIST, required: false },
]);
static S_GENERATE_RANDOM_REQUEST: Shape = Shape::Structure(&[
    Member { name: "NumberOfBytes", shape: &S_NUMBER_OF_BYTES_TYPE, required: false },
    Member { name: "CustomKeyStoreId", shape: &S_CUSTOM_KEY_STORE_ID_TYPE, required: false },
    Member { name: "Recipient", shape: &S_RECIPIENT_INFO, required: false },
]);
static S_ROTATE_KEY_ON_DEMAND_REQUEST: Shape = Shape::Structure(&[
    Member { name: "KeyId", shape: &S_KEY_ID_TYPE, required: true },
]);
static S_ROTATION_PERIOD_IN_DAYS_TYPE: Shape = Shape::Integer { min: Some(90), max: Some(2560) };
static S_ENABLE_KEY_ROTATION_REQUEST: Shape = Shape::Structure(&[
    Member { name: "KeyId", shape: &S_KEY_ID_TYPE, required: true },
    Member { name: "RotationPeriodInDays", shape: &S_ROTATION_PERIOD_IN_DAYS_TYPE, required: false },
]);
static S_DISABLE_KEY_ROTATION_REQUEST: Shape = Shape::Structure(&[
    Member { name: "KeyId", shape: &S_KEY_ID_TYPE, required: true },
]);
static S_GET_KEY_ROTATION_STATUS_REQUEST: Shape = Shape::Structure(&[
    Member { name: "KeyId", shape: &S_KEY_ID_TYPE, required: true },
]);
static S_INCLUDE_KEY_MATERIAL: Shape = Shape::String { min: None, max: None, pattern: None, values: &["ALL_KEY_MATERIAL", "ROTATIONS_ONLY"], sensitive: false };
static S_LIST_KEY_ROTATIONS_REQUEST: Shape = Shape::Structure(&[
    Member { name: "KeyId", shape: &S_KEY_ID_TYPE, required: true },
    Member { name: "IncludeKeyMaterial", shape: &S_INCLUDE_KEY_MATERIAL, required: false },
    Member { name: "Limit", shape: &S_LIMIT_TYPE, required: false },
    Member { name: "Marker", shape: &S_MARKER_TYPE, required: false },
]);
static S_DATE_TYPE: Shape = Shape::Timestamp;
static S_EXPIRATION_MODEL_TYPE: Shape = Shape::String { min: None, max: None, pattern: None, values: &["KEY_MATERIAL_EXPIRES", "KEY_MATERIAL_DOES_NOT_EXPIRE"], sensitive: false };
static S_IMPORT_TYPE: Shape = Shape::String { min: None, max: None, pattern: None, values: &["NEW_KEY_MATERIAL", "EXISTING_KEY_MATERIAL"], sensitive: false };
static S_KEY_MATERIAL_DESCRIPTION_TYPE: Shape = Shape::String { min: Some(0), max: Some(256), pattern: Some("^[a-zA-Z0-9:/_\\s.-]+$"), values: &[], sensitive: false };
static S_BACKING_KEY_ID_TYPE: Shape = Shape::String { min: Some(64), max: Some(64), pattern: Some("^[a-f0-9]+$"), values: &[], sensitive: false };
static S_IMPORT_KEY_MATERIAL_REQUEST: Shape = Shape::Structure(&[
    Member { name: "KeyId", shape: &S_KEY_ID_TYPE, required: true },
    Member { name: "ImportToken", shape: &S_CIPHERTEXT_TYPE, required: true },
    Member { name: "EncryptedKeyMaterial", shape: &S_CIPHERTEXT_TYPE, required: true },
    Member { name: "ValidTo", shape: &S_DATE_TYPE, required: false },
    Member { name: "ExpirationModel", shape: &S_EXPIRATION_MODEL_TYPE, required: false },
    Member { name: "ImportType", shape: &S_IMPORT_TYPE, required: false },
    Member { name: "KeyMaterialDescription", shape: &S_KEY_MATERIAL_DESCRIPTION_TYPE, required: false },
    Member { name: "KeyMaterialId", shape: &S_BACKING_KEY_ID_TYPE, required: false },
]);
static S_POLICY_NAME_TYPE: Shape = Shape::String { min: Some(1), max: Some(128), pattern: Some("[\\w]+"), values: &[], sensitive: false };
static S_PUT_KEY_POLICY_REQUEST: Shape = Shape::Structure(&[
    Member { name: "KeyId", shape: &S_KEY_ID_TYPE, required: true },
    Member { name: "PolicyName", shape: &S_POLICY_NAME_TYPE, required: false },
    Member { name: "Policy", shape: &S_POLICY_TYPE, required: true },
    Member { name: "BypassPolicyLockoutSafetyCheck", shape: &S_BOOLEAN_TYPE, required: false },
]);
static S_GET_KEY_POLICY_REQUEST: Shape = Shape::Structure(&[
    Member { name: "KeyId", shape: &S_KEY_ID_TYPE, required: true },
    Member { name: "PolicyName", shape: &S_POLICY_NAME_TYPE, required: false },
]);

/// The implemented operations, in `Operation::ALL` order.
pub(crate) static OPERATIONS: &[OperationModel] = &[
    OperationModel { name: "CreateKey", input: Some(&S_CREATE_KEY_REQUEST), has_output: true },
    OperationModel { name: "DescribeKey", input: Some(&S_DESCRIBE_KEY_REQUEST), has_output: true },
    OperationModel { name: "ListKeys", input: Some(&S_LIST_KEYS_REQUEST), has_output: true },
    OperationModel { name: "EnableKey", input: Some(&S_ENABLE_KEY_REQUEST), has_output: false },
    OperationModel { name: "DisableKey", input: Some(&S_DISABLE_KEY_REQUEST), has_output: false },
    OperationModel { name: "ScheduleKeyDeletion", input: Some(&S_SCHEDULE_KEY_DELETION_REQUEST), has_output: true },
    OperationModel { name: "CancelKeyDeletion", input: Some(&S_CANCEL_KEY_DELETION_REQUEST), has_output: true },
    OperationModel { name: "CreateAlias", input: Some(&S_CREATE_ALIAS_REQUEST), has_output: false },
    OperationModel { name: "UpdateAlias", input: Some(&S_UPDATE_ALIAS_REQUEST), has_output: false },
    OperationModel { name: "DeleteAlias", input: Some(&S_DELETE_ALIAS_REQUEST), has_output: false },
    OperationModel { name: "ListAliases", input: Some(&S_LIST_ALIASES_REQUEST), has_output: true },
    OperationModel { name: "GenerateDataKey", input: Some(&S_GENERATE_DATA_KEY_REQUEST), has_output: true },
    OperationModel { name: "GenerateDataKeyWithoutPlaintext", input: Some(&S_GENERATE_DATA_KEY_WITHOUT_PLAINTEXT_REQUEST), has_output: true },
    OperationModel { name: "Encrypt", input: Some(&S_ENCRYPT_REQUEST), has_output: true },
    OperationModel { name: "Decrypt", input: Some(&S_DECRYPT_REQUEST), has_output: true },
    OperationModel { name: "ReEncrypt", input: Some(&S_RE_ENCRYPT_REQUEST), has_output: true },
    OperationModel { name: "GenerateRandom", input: Some(&S_GENERATE_RANDOM_REQUEST), has_output: true },
    OperationModel { name: "RotateKeyOnDemand", input: Some(&S_ROTATE_KEY_ON_DEMAND_REQUEST), has_output: true },
    OperationModel { name: "EnableKeyRotation", input: Some(&S_ENABLE_KEY_ROTATION_REQUEST), has_output: false },
    OperationModel { name: "DisableKeyRotation", input: Some(&S_DISABLE_KEY_ROTATION_REQUEST), has_output: false },
    OperationModel { name: "GetKeyRotationStatus", input: Some(&S_GET_KEY_ROTATION_STATUS_REQUEST), has_output: true },
    OperationModel { name: "ListKeyRotations", input: Some(&S_LIST_KEY_ROTATIONS_REQUEST), has_output: true },
    OperationModel { name: "ImportKeyMaterial", input: Some(&S_IMPORT_KEY_MATERIAL_REQUEST), has_output: true },
    OperationModel { name: "PutKeyPolicy", input: Some(&S_PUT_KEY_POLICY_REQUEST), has_output: false },
    OperationModel { name: "GetKeyPolicy", input: Some(&S_GET_KEY_POLICY_REQUEST), has_output: true },
];

/// Every operation of the KMS API (56), implemented or not.
pub(crate) static KMS_OPERATIONS: &[&str] = &[
    "CancelKeyDeletion",
    "ConnectCustomKeyStore",
    "CreateAlias",
    "CreateCustomKeyStore",
    "CreateGrant",
    "CreateKey",
    "Decapsulate",
    "Decrypt",
    "DeleteAlias",
    "DeleteCustomKeyStore",
    "DeleteImportedKeyMaterial",
    "DeriveSharedSecret",
    "DescribeCustomKeyStores",
    "DescribeKey",
    "DisableKey",
    "DisableKeyRotation",
    "DisconnectCustomKeyStore",
    "EnableKey",
    "EnableKeyRotation",
    "Encapsulate",
    "Encrypt",
    "GenerateDataKey",
    "GenerateDataKeyPair",
    "GenerateDataKeyPairWithoutPlaintext",
    "GenerateDataKeyWithoutPlaintext",
    "GenerateMac",
    "GenerateRandom",
    "GetKeyLastUsage",
    "GetKeyPolicy",
    "GetKeyRotationStatus",
    "GetParametersForImport",
    "GetPublicKey",
    "ImportKeyMaterial",
    "ListAliases",
    "ListGrants",
    "ListKeyPolicies",
    "ListKeyRotations",
    "ListKeys",
    "ListResourceTags",
    "ListRetirableGrants",
    "PutKeyPolicy",
    "ReEncrypt",
    "ReplicateKey",
    "RetireGrant",
    "RevokeGrant",
    "RotateKeyOnDemand",
    "ScheduleKeyDeletion",
    "Sign",
    "TagResource",
    "UntagResource",
    "UpdateAlias",
    "UpdateCustomKeyStore",
    "UpdateKeyDescription",
    "UpdatePrimaryRegion",
    "Verify",
    "VerifyMac",
];
