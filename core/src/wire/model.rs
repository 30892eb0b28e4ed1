//! The input and output shapes of the KMS operations datakey implements, generated from botocore's
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
static S_A_W_S_ACCOUNT_ID_TYPE: Shape = Shape::String { min: None, max: None, pattern: None, values: &[], sensitive: false };
static S_KEY_ID_TYPE: Shape = Shape::String { min: Some(1), max: Some(2048), pattern: None, values: &[], sensitive: false };
static S_ARN_TYPE: Shape = Shape::String { min: Some(20), max: Some(2048), pattern: None, values: &[], sensitive: false };
static S_DATE_TYPE: Shape = Shape::Timestamp;
static S_KEY_STATE: Shape = Shape::String { min: None, max: None, pattern: None, values: &["Creating", "Enabled", "Disabled", "PendingDeletion", "PendingImport", "PendingReplicaDeletion", "Unavailable", "Updating"], sensitive: false };
static S_CLOUD_HSM_CLUSTER_ID_TYPE: Shape = Shape::String { min: Some(19), max: Some(24), pattern: Some("cluster-[2-7a-zA-Z]{11,16}"), values: &[], sensitive: false };
static S_EXPIRATION_MODEL_TYPE: Shape = Shape::String { min: None, max: None, pattern: None, values: &["KEY_MATERIAL_EXPIRES", "KEY_MATERIAL_DOES_NOT_EXPIRE"], sensitive: false };
static S_KEY_MANAGER_TYPE: Shape = Shape::String { min: None, max: None, pattern: None, values: &["AWS", "CUSTOMER"], sensitive: false };
static S_ENCRYPTION_ALGORITHM_SPEC: Shape = Shape::String { min: None, max: None, pattern: None, values: &["SYMMETRIC_DEFAULT", "RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256", "SM2PKE"], sensitive: false };
static S_ENCRYPTION_ALGORITHM_SPEC_LIST: Shape = Shape::List { member: &S_ENCRYPTION_ALGORITHM_SPEC, min: None, max: None };
static S_SIGNING_ALGORITHM_SPEC: Shape = Shape::String { min: None, max: None, pattern: None, values: &["RSASSA_PSS_SHA_256", "RSASSA_PSS_SHA_384", "RSASSA_PSS_SHA_512", "RSASSA_PKCS1_V1_5_SHA_256", "RSASSA_PKCS1_V1_5_SHA_384", "RSASSA_PKCS1_V1_5_SHA_512", "ECDSA_SHA_256", "ECDSA_SHA_384", "ECDSA_SHA_512", "SM2DSA", "ML_DSA_SHAKE_256", "ED25519_SHA_512", "ED25519_PH_SHA_512"], sensitive: false };
static S_SIGNING_ALGORITHM_SPEC_LIST: Shape = Shape::List { member: &S_SIGNING_ALGORITHM_SPEC, min: None, max: None };
static S_KEY_AGREEMENT_ALGORITHM_SPEC: Shape = Shape::String { min: None, max: None, pattern: None, values: &["ECDH"], sensitive: false };
static S_KEY_AGREEMENT_ALGORITHM_SPEC_LIST: Shape = Shape::List { member: &S_KEY_AGREEMENT_ALGORITHM_SPEC, min: None, max: None };
static S_ENCAPSULATION_ALGORITHM_SPEC: Shape = Shape::String { min: None, max: None, pattern: None, values: &["ML_KEM"], sensitive: false };
static S_ENCAPSULATION_ALGORITHM_SPEC_LIST: Shape = Shape::List { member: &S_ENCAPSULATION_ALGORITHM_SPEC, min: None, max: None };
static S_MULTI_REGION_KEY_TYPE: Shape = Shape::String { min: None, max: None, pattern: None, values: &["PRIMARY", "REPLICA"], sensitive: false };
static S_REGION_TYPE: Shape = Shape::String { min: Some(1), max: Some(32), pattern: Some("^([a-z]+-){2,3}\\d+$"), values: &[], sensitive: false };
static S_MULTI_REGION_KEY: Shape = Shape::Structure(&[
    Member { name: "Arn", shape: &S_ARN_TYPE, required: false },
    Member { name: "Region", shape: &S_REGION_TYPE, required: false },
]);
static S_MULTI_REGION_KEY_LIST: Shape = Shape::List { member: &S_MULTI_REGION_KEY, min: None, max: None };
static S_MULTI_REGION_CONFIGURATION: Shape = Shape::Structure(&[
    Member { name: "MultiRegionKeyType", shape: &S_MULTI_REGION_KEY_TYPE, required: false },
    Member { name: "PrimaryKey", shape: &S_MULTI_REGION_KEY, required: false },
    Member { name: "ReplicaKeys", shape: &S_MULTI_REGION_KEY_LIST, required: false },
]);
static S_PENDING_WINDOW_IN_DAYS_TYPE: Shape = Shape::Integer { min: Some(1), max: Some(365) };
static S_MAC_ALGORITHM_SPEC: Shape = Shape::String { min: None, max: None, pattern: None, values: &["HMAC_SHA_224", "HMAC_SHA_256", "HMAC_SHA_384", "HMAC_SHA_512"], sensitive: false };
static S_MAC_ALGORITHM_SPEC_LIST: Shape = Shape::List { member: &S_MAC_ALGORITHM_SPEC, min: None, max: None };
static S_XKS_KEY_CONFIGURATION_TYPE: Shape = Shape::Structure(&[
    Member { name: "Id", shape: &S_XKS_KEY_ID_TYPE, required: false },
]);
static S_BACKING_KEY_ID_TYPE: Shape = Shape::String { min: Some(64), max: Some(64), pattern: Some("^[a-f0-9]+$"), values: &[], sensitive: false };
static S_KEY_METADATA: Shape = Shape::Structure(&[
    Member { name: "AWSAccountId", shape: &S_A_W_S_ACCOUNT_ID_TYPE, required: false },
    Member { name: "KeyId", shape: &S_KEY_ID_TYPE, required: true },
    Member { name: "Arn", shape: &S_ARN_TYPE, required: false },
    Member { name: "CreationDate", shape: &S_DATE_TYPE, required: false },
    Member { name: "Enabled", shape: &S_BOOLEAN_TYPE, required: false },
    Member { name: "Description", shape: &S_DESCRIPTION_TYPE, required: false },
    Member { name: "KeyUsage", shape: &S_KEY_USAGE_TYPE, required: false },
    Member { name: "KeyState", shape: &S_KEY_STATE, required: false },
    Member { name: "DeletionDate", shape: &S_DATE_TYPE, required: false },
    Member { name: "ValidTo", shape: &S_DATE_TYPE, required: false },
    Member { name: "Origin", shape: &S_ORIGIN_TYPE, required: false },
    Member { name: "CustomKeyStoreId", shape: &S_CUSTOM_KEY_STORE_ID_TYPE, required: false },
    Member { name: "CloudHsmClusterId", shape: &S_CLOUD_HSM_CLUSTER_ID_TYPE, required: false },
    Member { name: "ExpirationModel", shape: &S_EXPIRATION_MODEL_TYPE, required: false },
    Member { name: "KeyManager", shape: &S_KEY_MANAGER_TYPE, required: false },
    Member { name: "CustomerMasterKeySpec", shape: &S_CUSTOMER_MASTER_KEY_SPEC, required: false },
    Member { name: "KeySpec", shape: &S_KEY_SPEC, required: false },
    Member { name: "EncryptionAlgorithms", shape: &S_ENCRYPTION_ALGORITHM_SPEC_LIST, required: false },
    Member { name: "SigningAlgorithms", shape: &S_SIGNING_ALGORITHM_SPEC_LIST, required: false },
    Member { name: "KeyAgreementAlgorithms", shape: &S_KEY_AGREEMENT_ALGORITHM_SPEC_LIST, required: false },
    Member { name: "EncapsulationAlgorithms", shape: &S_ENCAPSULATION_ALGORITHM_SPEC_LIST, required: false },
    Member { name: "MultiRegion", shape: &S_NULLABLE_BOOLEAN_TYPE, required: false },
    Member { name: "MultiRegionConfiguration", shape: &S_MULTI_REGION_CONFIGURATION, required: false },
    Member { name: "PendingDeletionWindowInDays", shape: &S_PENDING_WINDOW_IN_DAYS_TYPE, required: false },
    Member { name: "MacAlgorithms", shape: &S_MAC_ALGORITHM_SPEC_LIST, required: false },
    Member { name: "XksKeyConfiguration", shape: &S_XKS_KEY_CONFIGURATION_TYPE, required: false },
    Member { name: "CurrentKeyMaterialId", shape: &S_BACKING_KEY_ID_TYPE, required: false },
]);
static S_CREATE_KEY_RESPONSE: Shape = Shape::Structure(&[
    Member { name: "KeyMetadata", shape: &S_KEY_METADATA, required: false },
]);
static S_GRANT_TOKEN_TYPE: Shape = Shape::String { min: Some(1), max: Some(8192), pattern: None, values: &[], sensitive: false };
static S_GRANT_TOKEN_LIST: Shape = Shape::List { member: &S_GRANT_TOKEN_TYPE, min: Some(0), max: Some(10) };
static S_DESCRIBE_KEY_REQUEST: Shape = Shape::Structure(&[
    Member { name: "KeyId", shape: &S_KEY_ID_TYPE, required: true },
    Member { name: "GrantTokens", shape: &S_GRANT_TOKEN_LIST, required: false },
]);
static S_DESCRIBE_KEY_RESPONSE: Shape = Shape::Structure(&[
    Member { name: "KeyMetadata", shape: &S_KEY_METADATA, required: false },
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
static S_KEY_LIST_ENTRY: Shape = Shape::Structure(&[
    Member { name: "KeyId", shape: &S_KEY_ID_TYPE, required: false },
    Member { name: "KeyArn", shape: &S_ARN_TYPE, required: false },
]);
static S_KEY_LIST: Shape = Shape::List { member: &S_KEY_LIST_ENTRY, min: None, max: None };
static S_LIST_KEYS_RESPONSE: Shape = Shape::Structure(&[
    Member { name: "Keys", shape: &S_KEY_LIST, required: false },
    Member { name: "NextMarker", shape: &S_MARKER_TYPE, required: false },
    Member { name: "Truncated", shape: &S_BOOLEAN_TYPE, required: false },
]);
static S_ENABLE_KEY_REQUEST: Shape = Shape::Structure(&[
    Member { name: "KeyId", shape: &S_KEY_ID_TYPE, required: true },
]);
static S_DISABLE_KEY_REQUEST: Shape = Shape::Structure(&[
    Member { name: "KeyId", shape: &S_KEY_ID_TYPE, required: true },
]);
static S_SCHEDULE_KEY_DELETION_REQUEST: Shape = Shape::Structure(&[
    Member { name: "KeyId", shape: &S_KEY_ID_TYPE, required: true },
    Member { name: "PendingWindowInDays", shape: &S_PENDING_WINDOW_IN_DAYS_TYPE, required: false },
]);
static S_SCHEDULE_KEY_DELETION_RESPONSE: Shape = Shape::Structure(&[
    Member { name: "KeyId", shape: &S_KEY_ID_TYPE, required: false },
    Member { name: "DeletionDate", shape: &S_DATE_TYPE, required: false },
    Member { name: "KeyState", shape: &S_KEY_STATE, required: false },
    Member { name: "PendingWindowInDays", shape: &S_PENDING_WINDOW_IN_DAYS_TYPE, required: false },
]);
static S_CANCEL_KEY_DELETION_REQUEST: Shape = Shape::Structure(&[
    Member { name: "KeyId", shape: &S_KEY_ID_TYPE, required: true },
]);
static S_CANCEL_KEY_DELETION_RESPONSE: Shape = Shape::Structure(&[
    Member { name: "KeyId", shape: &S_KEY_ID_TYPE, required: false },
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
static S_ALIAS_LIST_ENTRY: Shape = Shape::Structure(&[
    Member { name: "AliasName", shape: &S_ALIAS_NAME_TYPE, required: false },
    Member { name: "AliasArn", shape: &S_ARN_TYPE, required: false },
    Member { name: "TargetKeyId", shape: &S_KEY_ID_TYPE, required: false },
    Member { name: "CreationDate", shape: &S_DATE_TYPE, required: false },
    Member { name: "LastUpdatedDate", shape: &S_DATE_TYPE, required: false },
]);
static S_ALIAS_LIST: Shape = Shape::List { member: &S_ALIAS_LIST_ENTRY, min: None, max: None };
static S_LIST_ALIASES_RESPONSE: Shape = Shape::Structure(&[
    Member { name: "Aliases", shape: &S_ALIAS_LIST, required: false },
    Member { name: "NextMarker", shape: &S_MARKER_TYPE, required: false },
    Member { name: "Truncated", shape: &S_BOOLEAN_TYPE, required: false },
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
static S_CIPHERTEXT_TYPE: Shape = Shape::Blob { min: Some(1), max: Some(6144), sensitive: false };
static S_PLAINTEXT_TYPE: Shape = Shape::Blob { min: Some(1), max: Some(4096), sensitive: true };
static S_GENERATE_DATA_KEY_RESPONSE: Shape = Shape::Structure(&[
    Member { name: "CiphertextBlob", shape: &S_CIPHERTEXT_TYPE, required: false },
    Member { name: "Plaintext", shape: &S_PLAINTEXT_TYPE, required: false },
    Member { name: "KeyId", shape: &S_KEY_ID_TYPE, required: false },
    Member { name: "CiphertextForRecipient", shape: &S_CIPHERTEXT_TYPE, required: false },
    Member { name: "KeyMaterialId", shape: &S_BACKING_KEY_ID_TYPE, required: false },
]);
static S_GENERATE_DATA_KEY_WITHOUT_PLAINTEXT_REQUEST: Shape = Shape::Structure(&[
    Member { name: "KeyId", shape: &S_KEY_ID_TYPE, required: true },
    Member { name: "EncryptionContext", shape: &S_ENCRYPTION_CONTEXT_TYPE, required: false },
    Member { name: "KeySpec", shape: &S_DATA_KEY_SPEC, required: false },
    Member { name: "NumberOfBytes", shape: &S_NUMBER_OF_BYTES_TYPE, required: false },
    Member { name: "GrantTokens", shape: &S_GRANT_TOKEN_LIST, required: false },
    Member { name: "DryRun", shape: &S_NULLABLE_BOOLEAN_TYPE, required: false },
]);
static S_GENERATE_DATA_KEY_WITHOUT_PLAINTEXT_RESPONSE: Shape = Shape::Structure(&[
    Member { name: "CiphertextBlob", shape: &S_CIPHERTEXT_TYPE, required: false },
    Member { name: "KeyId", shape: &S_KEY_ID_TYPE, required: false },
    Member { name: "KeyMaterialId", shape: &S_BACKING_KEY_ID_TYPE, required: false },
]);
static S_ENCRYPT_REQUEST: Shape = Shape::Structure(&[
    Member { name: "KeyId", shape: &S_KEY_ID_TYPE, required: true },
    Member { name: "Plaintext", shape: &S_PLAINTEXT_TYPE, required: true },
    Member { name: "EncryptionContext", shape: &S_ENCRYPTION_CONTEXT_TYPE, required: false },
    Member { name: "GrantTokens", shape: &S_GRANT_TOKEN_LIST, required: false },
    Member { name: "EncryptionAlgorithm", shape: &S_ENCRYPTION_ALGORITHM_SPEC, required: false },
    Member { name: "DryRun", shape: &S_NULLABLE_BOOLEAN_TYPE, required: false },
]);
static S_ENCRYPT_RESPONSE: Shape = Shape::Structure(&[
    Member { name: "CiphertextBlob", shape: &S_CIPHERTEXT_TYPE, required: false },
    Member { name: "KeyId", shape: &S_KEY_ID_TYPE, required: false },
    Member { name: "EncryptionAlgorithm", shape: &S_ENCRYPTION_ALGORITHM_SPEC, required: false },
]);
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
static S_DECRYPT_RESPONSE: Shape = Shape::Structure(&[
    Member { name: "KeyId", shape: &S_KEY_ID_TYPE, required: false },
    Member { name: "Plaintext", shape: &S_PLAINTEXT_TYPE, required: false },
    Member { name: "EncryptionAlgorithm", shape: &S_ENCRYPTION_ALGORITHM_SPEC, required: false },
    Member { name: "CiphertextForRecipient", shape: &S_CIPHERTEXT_TYPE, required: false },
    Member { name: "KeyMaterialId", shape: &S_BACKING_KEY_ID_TYPE, required: false },
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
static S_RE_ENCRYPT_RESPONSE: Shape = Shape::Structure(&[
    Member { name: "CiphertextBlob", shape: &S_CIPHERTEXT_TYPE, required: false },
    Member { name: "SourceKeyId", shape: &S_KEY_ID_TYPE, required: false },
    Member { name: "KeyId", shape: &S_KEY_ID_TYPE, required: false },
    Member { name: "SourceEncryptionAlgorithm", shape: &S_ENCRYPTION_ALGORITHM_SPEC, required: false },
    Member { name: "DestinationEncryptionAlgorithm", shape: &S_ENCRYPTION_ALGORITHM_SPEC, required: false },
    Member { name: "SourceKeyMaterialId", shape: &S_BACKING_KEY_ID_TYPE, required: false },
    Member { name: "DestinationKeyMaterialId", shape: &S_BACKING_KEY_ID_TYPE, required: false },
]);
static S_GENERATE_RANDOM_REQUEST: Shape = Shape::Structure(&[
    Member { name: "NumberOfBytes", shape: &S_NUMBER_OF_BYTES_TYPE, required: false },
    Member { name: "CustomKeyStoreId", shape: &S_CUSTOM_KEY_STORE_ID_TYPE, required: false },
    Member { name: "Recipient", shape: &S_RECIPIENT_INFO, required: false },
]);
static S_GENERATE_RANDOM_RESPONSE: Shape = Shape::Structure(&[
    Member { name: "Plaintext", shape: &S_PLAINTEXT_TYPE, required: false },
    Member { name: "CiphertextForRecipient", shape: &S_CIPHERTEXT_TYPE, required: false },
]);
static S_ROTATE_KEY_ON_DEMAND_REQUEST: Shape = Shape::Structure(&[
    Member { name: "KeyId", shape: &S_KEY_ID_TYPE, required: true },
]);
static S_ROTATE_KEY_ON_DEMAND_RESPONSE: Shape = Shape::Structure(&[
    Member { name: "KeyId", shape: &S_KEY_ID_TYPE, required: false },
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
static S_GET_KEY_ROTATION_STATUS_RESPONSE: Shape = Shape::Structure(&[
    Member { name: "KeyRotationEnabled", shape: &S_BOOLEAN_TYPE, required: false },
    Member { name: "KeyId", shape: &S_KEY_ID_TYPE, required: false },
    Member { name: "RotationPeriodInDays", shape: &S_ROTATION_PERIOD_IN_DAYS_TYPE, required: false },
    Member { name: "NextRotationDate", shape: &S_DATE_TYPE, required: false },
    Member { name: "OnDemandRotationStartDate", shape: &S_DATE_TYPE, required: false },
]);
static S_INCLUDE_KEY_MATERIAL: Shape = Shape::String { min: None, max: None, pattern: None, values: &["ALL_KEY_MATERIAL", "ROTATIONS_ONLY"], sensitive: false };
static S_LIST_KEY_ROTATIONS_REQUEST: Shape = Shape::Structure(&[
    Member { name: "KeyId", shape: &S_KEY_ID_TYPE, required: true },
    Member { name: "IncludeKeyMaterial", shape: &S_INCLUDE_KEY_MATERIAL, required: false },
    Member { name: "Limit", shape: &S_LIMIT_TYPE, required: false },
    Member { name: "Marker", shape: &S_MARKER_TYPE, required: false },
]);
static S_KEY_MATERIAL_DESCRIPTION_TYPE: Shape = Shape::String { min: Some(0), max: Some(256), pattern: Some("^[a-zA-Z0-9:/_\\s.-]+$"), values: &[], sensitive: false };
static S_IMPORT_STATE: Shape = Shape::String { min: None, max: None, pattern: None, values: &["IMPORTED", "PENDING_IMPORT"], sensitive: false };
static S_KEY_MATERIAL_STATE: Shape = Shape::String { min: None, max: None, pattern: None, values: &["NON_CURRENT", "CURRENT", "PENDING_ROTATION", "PENDING_MULTI_REGION_IMPORT_AND_ROTATION"], sensitive: false };
static S_ROTATION_TYPE: Shape = Shape::String { min: None, max: None, pattern: None, values: &["AUTOMATIC", "ON_DEMAND"], sensitive: false };
static S_ROTATIONS_LIST_ENTRY: Shape = Shape::Structure(&[
    Member { name: "KeyId", shape: &S_KEY_ID_TYPE, required: false },
    Member { name: "KeyMaterialId", shape: &S_BACKING_KEY_ID_TYPE, required: false },
    Member { name: "KeyMaterialDescription", shape: &S_KEY_MATERIAL_DESCRIPTION_TYPE, required: false },
    Member { name: "ImportState", shape: &S_IMPORT_STATE, required: false },
    Member { name: "KeyMaterialState", shape: &S_KEY_MATERIAL_STATE, required: false },
    Member { name: "ExpirationModel", shape: &S_EXPIRATION_MODEL_TYPE, required: false },
    Member { name: "ValidTo", shape: &S_DATE_TYPE, required: false },
    Member { name: "RotationDate", shape: &S_DATE_TYPE, required: false },
    Member { name: "RotationType", shape: &S_ROTATION_TYPE, required: false },
]);
static S_ROTATIONS_LIST: Shape = Shape::List { member: &S_ROTATIONS_LIST_ENTRY, min: None, max: None };
static S_LIST_KEY_ROTATIONS_RESPONSE: Shape = Shape::Structure(&[
    Member { name: "Rotations", shape: &S_ROTATIONS_LIST, required: false },
    Member { name: "NextMarker", shape: &S_MARKER_TYPE, required: false },
    Member { name: "Truncated", shape: &S_BOOLEAN_TYPE, required: false },
]);
static S_IMPORT_TYPE: Shape = Shape::String { min: None, max: None, pattern: None, values: &["NEW_KEY_MATERIAL", "EXISTING_KEY_MATERIAL"], sensitive: false };
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
static S_IMPORT_KEY_MATERIAL_RESPONSE: Shape = Shape::Structure(&[
    Member { name: "KeyId", shape: &S_KEY_ID_TYPE, required: false },
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
static S_GET_KEY_POLICY_RESPONSE: Shape = Shape::Structure(&[
    Member { name: "Policy", shape: &S_POLICY_TYPE, required: false },
    Member { name: "PolicyName", shape: &S_POLICY_NAME_TYPE, required: false },
]);

/// The implemented operations, in `Operation::ALL` order.
pub(crate) static OPERATIONS: &[OperationModel] = &[
    OperationModel { name: "CreateKey", input: Some(&S_CREATE_KEY_REQUEST), output: Some(&S_CREATE_KEY_RESPONSE) },
    OperationModel { name: "DescribeKey", input: Some(&S_DESCRIBE_KEY_REQUEST), output: Some(&S_DESCRIBE_KEY_RESPONSE) },
    OperationModel { name: "ListKeys", input: Some(&S_LIST_KEYS_REQUEST), output: Some(&S_LIST_KEYS_RESPONSE) },
    OperationModel { name: "EnableKey", input: Some(&S_ENABLE_KEY_REQUEST), output: None },
    OperationModel { name: "DisableKey", input: Some(&S_DISABLE_KEY_REQUEST), output: None },
    OperationModel { name: "ScheduleKeyDeletion", input: Some(&S_SCHEDULE_KEY_DELETION_REQUEST), output: Some(&S_SCHEDULE_KEY_DELETION_RESPONSE) },
    OperationModel { name: "CancelKeyDeletion", input: Some(&S_CANCEL_KEY_DELETION_REQUEST), output: Some(&S_CANCEL_KEY_DELETION_RESPONSE) },
    OperationModel { name: "CreateAlias", input: Some(&S_CREATE_ALIAS_REQUEST), output: None },
    OperationModel { name: "UpdateAlias", input: Some(&S_UPDATE_ALIAS_REQUEST), output: None },
    OperationModel { name: "DeleteAlias", input: Some(&S_DELETE_ALIAS_REQUEST), output: None },
    OperationModel { name: "ListAliases", input: Some(&S_LIST_ALIASES_REQUEST), output: Some(&S_LIST_ALIASES_RESPONSE) },
    OperationModel { name: "GenerateDataKey", input: Some(&S_GENERATE_DATA_KEY_REQUEST), output: Some(&S_GENERATE_DATA_KEY_RESPONSE) },
    OperationModel { name: "GenerateDataKeyWithoutPlaintext", input: Some(&S_GENERATE_DATA_KEY_WITHOUT_PLAINTEXT_REQUEST), output: Some(&S_GENERATE_DATA_KEY_WITHOUT_PLAINTEXT_RESPONSE) },
    OperationModel { name: "Encrypt", input: Some(&S_ENCRYPT_REQUEST), output: Some(&S_ENCRYPT_RESPONSE) },
    OperationModel { name: "Decrypt", input: Some(&S_DECRYPT_REQUEST), output: Some(&S_DECRYPT_RESPONSE) },
    OperationModel { name: "ReEncrypt", input: Some(&S_RE_ENCRYPT_REQUEST), output: Some(&S_RE_ENCRYPT_RESPONSE) },
    OperationModel { name: "GenerateRandom", input: Some(&S_GENERATE_RANDOM_REQUEST), output: Some(&S_GENERATE_RANDOM_RESPONSE) },
    OperationModel { name: "RotateKeyOnDemand", input: Some(&S_ROTATE_KEY_ON_DEMAND_REQUEST), output: Some(&S_ROTATE_KEY_ON_DEMAND_RESPONSE) },
    OperationModel { name: "EnableKeyRotation", input: Some(&S_ENABLE_KEY_ROTATION_REQUEST), output: None },
    OperationModel { name: "DisableKeyRotation", input: Some(&S_DISABLE_KEY_ROTATION_REQUEST), output: None },
    OperationModel { name: "GetKeyRotationStatus", input: Some(&S_GET_KEY_ROTATION_STATUS_REQUEST), output: Some(&S_GET_KEY_ROTATION_STATUS_RESPONSE) },
    OperationModel { name: "ListKeyRotations", input: Some(&S_LIST_KEY_ROTATIONS_REQUEST), output: Some(&S_LIST_KEY_ROTATIONS_RESPONSE) },
    OperationModel { name: "ImportKeyMaterial", input: Some(&S_IMPORT_KEY_MATERIAL_REQUEST), output: Some(&S_IMPORT_KEY_MATERIAL_RESPONSE) },
    OperationModel { name: "PutKeyPolicy", input: Some(&S_PUT_KEY_POLICY_REQUEST), output: None },
    OperationModel { name: "GetKeyPolicy", input: Some(&S_GET_KEY_POLICY_REQUEST), output: Some(&S_GET_KEY_POLICY_RESPONSE) },
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
