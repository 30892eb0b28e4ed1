//! Request and response structures, one pair per operation, mirroring the KMS API's field names
//! in snake_case.
//!
//! Parameters that KMS checks for presence are `Option`s, and numbers from callers are `i64`, so
//! that missing and out-of-range values reach the same validation (and messages) as in KMS.
//!
//! With the `wire` feature, requests deserialize and responses serialize as the shapes of AWS's
//! JSON 1.1 protocol (botocore's PascalCase member names, base64 blobs, epoch-second timestamps);
//! see the `wire` module. Plaintexts serialize only in the responses that carry them.

use std::time::SystemTime;

use crate::ec::EncryptionContext;
use crate::secret::SecretBytes;

use super::enums::{
    DataKeySpec, EncryptionAlgorithmSpec, ExpirationModel, ImportType, KeyManager,
    KeyMaterialState, KeySpec, KeyState, KeyUsage, Origin, RotationType,
};

/// What `DescribeKey` reports about a key (`KeyMetadata`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
#[cfg_attr(
    feature = "wire",
    derive(serde::Serialize),
    serde(rename_all = "PascalCase")
)]
pub struct KeyMetadata {
    /// The account that owns the key.
    #[cfg_attr(feature = "wire", serde(rename = "AWSAccountId"))]
    pub aws_account_id: String,
    /// The key id (a UUID, or `mrk-…` for a multi-Region key).
    pub key_id: String,
    /// The key ARN.
    pub arn: String,
    /// When the key was created.
    #[cfg_attr(
        feature = "wire",
        serde(serialize_with = "crate::wire::codec::epoch::serialize")
    )]
    pub creation_date: SystemTime,
    /// True when the key state is `Enabled`.
    pub enabled: bool,
    /// The description given at creation.
    pub description: String,
    /// The key usage.
    pub key_usage: KeyUsage,
    /// The key state.
    pub key_state: KeyState,
    /// When a key pending deletion will be deleted.
    #[cfg_attr(
        feature = "wire",
        serde(
            serialize_with = "crate::wire::codec::opt_epoch::serialize",
            skip_serializing_if = "Option::is_none"
        )
    )]
    pub deletion_date: Option<SystemTime>,
    /// When imported key material expires.
    #[cfg_attr(
        feature = "wire",
        serde(
            serialize_with = "crate::wire::codec::opt_epoch::serialize",
            skip_serializing_if = "Option::is_none"
        )
    )]
    pub valid_to: Option<SystemTime>,
    /// Where the key material comes from.
    pub origin: Origin,
    /// Who manages the key (always `CUSTOMER` for keys from `CreateKey`).
    pub key_manager: KeyManager,
    /// The key spec.
    pub key_spec: KeySpec,
    /// The encryption algorithms the key supports (empty unless the usage is `ENCRYPT_DECRYPT`).
    #[cfg_attr(feature = "wire", serde(skip_serializing_if = "Vec::is_empty"))]
    pub encryption_algorithms: Vec<EncryptionAlgorithmSpec>,
    /// The signing algorithms (KMS names) the key supports (`SIGN_VERIFY` keys only).
    #[cfg_attr(feature = "wire", serde(skip_serializing_if = "Vec::is_empty"))]
    pub signing_algorithms: Vec<String>,
    /// The MAC algorithms (KMS names) the key supports (HMAC keys only).
    #[cfg_attr(feature = "wire", serde(skip_serializing_if = "Vec::is_empty"))]
    pub mac_algorithms: Vec<String>,
    /// The key agreement algorithms (KMS names) the key supports (`KEY_AGREEMENT` keys only).
    #[cfg_attr(feature = "wire", serde(skip_serializing_if = "Vec::is_empty"))]
    pub key_agreement_algorithms: Vec<String>,
    /// True for a multi-Region key.
    pub multi_region: bool,
    /// The pending window of a key pending deletion, in days.
    #[cfg_attr(feature = "wire", serde(skip_serializing_if = "Option::is_none"))]
    pub pending_deletion_window_in_days: Option<i64>,
    /// Whether imported key material expires (EXTERNAL keys with material).
    #[cfg_attr(feature = "wire", serde(skip_serializing_if = "Option::is_none"))]
    pub expiration_model: Option<ExpirationModel>,
    /// The id (64 hex characters) of the material new ciphertexts use; `None` for keys without
    /// material (asymmetric and HMAC keys, keys pending import).
    #[cfg_attr(feature = "wire", serde(skip_serializing_if = "Option::is_none"))]
    pub current_key_material_id: Option<String>,
}

/// `CreateKey` parameters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(
    feature = "wire",
    derive(serde::Deserialize),
    serde(rename_all = "PascalCase", default)
)]
pub struct CreateKeyRequest {
    /// A description, 0..8192 characters.
    pub description: Option<String>,
    /// The key usage; required for every spec but `SYMMETRIC_DEFAULT`.
    pub key_usage: Option<KeyUsage>,
    /// The key spec (default `SYMMETRIC_DEFAULT`).
    pub key_spec: Option<KeySpec>,
    /// The origin (default `AWS_KMS`; `EXTERNAL` keys start in `PendingImport`).
    pub origin: Option<Origin>,
    /// Create a multi-Region key (id `mrk-…`).
    pub multi_region: Option<bool>,
}

/// `CreateKey`'s `Policy` and `BypassPolicyLockoutSafetyCheck` parameters, for
/// [`LocalKms::create_key_with_policy`](super::LocalKms::create_key_with_policy).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(
    feature = "wire",
    derive(serde::Deserialize),
    serde(rename_all = "PascalCase", default)
)]
pub struct CreateKeyPolicy {
    /// The key policy (1..32768 characters of IAM JSON; see the [`kms`](super) module docs
    /// for the grammar).
    pub policy: String,
    /// Skip the check that the policy lets the caller change it later (default false).
    pub bypass_policy_lockout_safety_check: Option<bool>,
}

/// `CreateKey` result.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(
    feature = "wire",
    derive(serde::Serialize),
    serde(rename_all = "PascalCase")
)]
pub struct CreateKeyResponse {
    /// The new key's metadata.
    pub key_metadata: KeyMetadata,
}

/// `DescribeKey` parameters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(
    feature = "wire",
    derive(serde::Deserialize),
    serde(rename_all = "PascalCase", default)
)]
pub struct DescribeKeyRequest {
    /// Key id, key ARN, alias name or alias ARN.
    pub key_id: String,
}

/// `DescribeKey` result.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(
    feature = "wire",
    derive(serde::Serialize),
    serde(rename_all = "PascalCase")
)]
pub struct DescribeKeyResponse {
    /// The key's metadata.
    pub key_metadata: KeyMetadata,
}

/// `ListKeys` parameters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(
    feature = "wire",
    derive(serde::Deserialize),
    serde(rename_all = "PascalCase", default)
)]
pub struct ListKeysRequest {
    /// Page size, 1..1000 (default 100).
    pub limit: Option<i64>,
    /// The `next_marker` of the previous page.
    pub marker: Option<String>,
}

/// One entry of `ListKeys`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(
    feature = "wire",
    derive(serde::Serialize),
    serde(rename_all = "PascalCase")
)]
pub struct KeyListEntry {
    /// The key id.
    pub key_id: String,
    /// The key ARN.
    pub key_arn: String,
}

/// `ListKeys` result.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(
    feature = "wire",
    derive(serde::Serialize),
    serde(rename_all = "PascalCase")
)]
pub struct ListKeysResponse {
    /// The keys of this page, ordered by key id.
    pub keys: Vec<KeyListEntry>,
    /// The marker for the next page, when `truncated`.
    #[cfg_attr(feature = "wire", serde(skip_serializing_if = "Option::is_none"))]
    pub next_marker: Option<String>,
    /// True when more keys follow.
    pub truncated: bool,
}

/// `CreateAlias` parameters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(
    feature = "wire",
    derive(serde::Deserialize),
    serde(rename_all = "PascalCase", default)
)]
pub struct CreateAliasRequest {
    /// `alias/<name>`.
    pub alias_name: String,
    /// Key id or key ARN (not an alias).
    pub target_key_id: String,
}

/// `UpdateAlias` parameters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(
    feature = "wire",
    derive(serde::Deserialize),
    serde(rename_all = "PascalCase", default)
)]
pub struct UpdateAliasRequest {
    /// `alias/<name>` of an existing alias.
    pub alias_name: String,
    /// Key id or key ARN of the new target.
    pub target_key_id: String,
}

/// `DeleteAlias` parameters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(
    feature = "wire",
    derive(serde::Deserialize),
    serde(rename_all = "PascalCase", default)
)]
pub struct DeleteAliasRequest {
    /// `alias/<name>`.
    pub alias_name: String,
}

/// `ListAliases` parameters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(
    feature = "wire",
    derive(serde::Deserialize),
    serde(rename_all = "PascalCase", default)
)]
pub struct ListAliasesRequest {
    /// Only the aliases of this key (id or ARN).
    pub key_id: Option<String>,
    /// Page size, 1..100 (default 50).
    pub limit: Option<i64>,
    /// The `next_marker` of the previous page.
    pub marker: Option<String>,
}

/// One entry of `ListAliases`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(
    feature = "wire",
    derive(serde::Serialize),
    serde(rename_all = "PascalCase")
)]
pub struct AliasListEntry {
    /// `alias/<name>`.
    pub alias_name: String,
    /// The alias ARN.
    pub alias_arn: String,
    /// The key id the alias points to.
    #[cfg_attr(feature = "wire", serde(skip_serializing_if = "Option::is_none"))]
    pub target_key_id: Option<String>,
    /// When the alias was created.
    #[cfg_attr(
        feature = "wire",
        serde(serialize_with = "crate::wire::codec::epoch::serialize")
    )]
    pub creation_date: SystemTime,
    /// When the alias was last pointed at a key.
    #[cfg_attr(
        feature = "wire",
        serde(serialize_with = "crate::wire::codec::epoch::serialize")
    )]
    pub last_updated_date: SystemTime,
}

/// `ListAliases` result.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(
    feature = "wire",
    derive(serde::Serialize),
    serde(rename_all = "PascalCase")
)]
pub struct ListAliasesResponse {
    /// The aliases of this page, ordered by name.
    pub aliases: Vec<AliasListEntry>,
    /// The marker for the next page, when `truncated`.
    #[cfg_attr(feature = "wire", serde(skip_serializing_if = "Option::is_none"))]
    pub next_marker: Option<String>,
    /// True when more aliases follow.
    pub truncated: bool,
}

/// `EnableKey` parameters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(
    feature = "wire",
    derive(serde::Deserialize),
    serde(rename_all = "PascalCase", default)
)]
pub struct EnableKeyRequest {
    /// Key id or key ARN.
    pub key_id: String,
}

/// `DisableKey` parameters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(
    feature = "wire",
    derive(serde::Deserialize),
    serde(rename_all = "PascalCase", default)
)]
pub struct DisableKeyRequest {
    /// Key id or key ARN.
    pub key_id: String,
}

/// `ScheduleKeyDeletion` parameters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(
    feature = "wire",
    derive(serde::Deserialize),
    serde(rename_all = "PascalCase", default)
)]
pub struct ScheduleKeyDeletionRequest {
    /// Key id or key ARN.
    pub key_id: String,
    /// 7..30 days (default 30).
    pub pending_window_in_days: Option<i64>,
}

/// `ScheduleKeyDeletion` result.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(
    feature = "wire",
    derive(serde::Serialize),
    serde(rename_all = "PascalCase")
)]
pub struct ScheduleKeyDeletionResponse {
    /// The key ARN.
    pub key_id: String,
    /// When the key will be deleted.
    #[cfg_attr(
        feature = "wire",
        serde(serialize_with = "crate::wire::codec::epoch::serialize")
    )]
    pub deletion_date: SystemTime,
    /// `PendingDeletion`.
    pub key_state: KeyState,
    /// The window, in days.
    pub pending_window_in_days: i64,
}

/// `CancelKeyDeletion` parameters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(
    feature = "wire",
    derive(serde::Deserialize),
    serde(rename_all = "PascalCase", default)
)]
pub struct CancelKeyDeletionRequest {
    /// Key id or key ARN.
    pub key_id: String,
}

/// `CancelKeyDeletion` result.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(
    feature = "wire",
    derive(serde::Serialize),
    serde(rename_all = "PascalCase")
)]
pub struct CancelKeyDeletionResponse {
    /// The key ARN.
    pub key_id: String,
}

/// `GenerateDataKey` parameters: exactly one of `key_spec` and `number_of_bytes`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(
    feature = "wire",
    derive(serde::Deserialize),
    serde(rename_all = "PascalCase", default)
)]
pub struct GenerateDataKeyRequest {
    /// Key id, key ARN, alias name or alias ARN of a symmetric encryption key.
    pub key_id: String,
    /// `AES_256` or `AES_128`.
    pub key_spec: Option<DataKeySpec>,
    /// 1..1024 bytes.
    pub number_of_bytes: Option<i64>,
    /// Bound to the blob as additional authenticated data.
    pub encryption_context: EncryptionContext,
}

/// `GenerateDataKey` result.
#[derive(Debug, PartialEq, Eq)]
#[cfg_attr(
    feature = "wire",
    derive(serde::Serialize),
    serde(rename_all = "PascalCase")
)]
pub struct GenerateDataKeyResponse {
    /// The data key encrypted under the KMS key.
    #[cfg_attr(feature = "wire", serde(with = "crate::wire::codec::blob"))]
    pub ciphertext_blob: Vec<u8>,
    /// The data key (zeroized on drop).
    #[cfg_attr(
        feature = "wire",
        serde(serialize_with = "crate::wire::codec::secret::serialize")
    )]
    pub plaintext: SecretBytes,
    /// The key ARN.
    pub key_id: String,
    /// The material that encrypted the data key.
    pub key_material_id: String,
}

/// `GenerateDataKeyWithoutPlaintext` parameters (as [`GenerateDataKeyRequest`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(
    feature = "wire",
    derive(serde::Deserialize),
    serde(rename_all = "PascalCase", default)
)]
pub struct GenerateDataKeyWithoutPlaintextRequest {
    /// Key id, key ARN, alias name or alias ARN of a symmetric encryption key.
    pub key_id: String,
    /// `AES_256` or `AES_128`.
    pub key_spec: Option<DataKeySpec>,
    /// 1..1024 bytes.
    pub number_of_bytes: Option<i64>,
    /// Bound to the blob as additional authenticated data.
    pub encryption_context: EncryptionContext,
}

/// `GenerateDataKeyWithoutPlaintext` result.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(
    feature = "wire",
    derive(serde::Serialize),
    serde(rename_all = "PascalCase")
)]
pub struct GenerateDataKeyWithoutPlaintextResponse {
    /// The data key encrypted under the KMS key.
    #[cfg_attr(feature = "wire", serde(with = "crate::wire::codec::blob"))]
    pub ciphertext_blob: Vec<u8>,
    /// The key ARN.
    pub key_id: String,
    /// The material that encrypted the data key.
    pub key_material_id: String,
}

/// `Encrypt` parameters.
#[derive(Debug, PartialEq, Eq)]
#[cfg_attr(
    feature = "wire",
    derive(serde::Deserialize),
    serde(rename_all = "PascalCase", default)
)]
pub struct EncryptRequest {
    /// Key id, key ARN, alias name or alias ARN.
    pub key_id: String,
    /// 1..4096 bytes.
    #[cfg_attr(
        feature = "wire",
        serde(deserialize_with = "crate::wire::codec::secret::deserialize")
    )]
    pub plaintext: SecretBytes,
    /// Bound to the blob as additional authenticated data.
    pub encryption_context: EncryptionContext,
    /// Default `SYMMETRIC_DEFAULT`.
    pub encryption_algorithm: Option<EncryptionAlgorithmSpec>,
}

impl Default for EncryptRequest {
    fn default() -> Self {
        Self {
            key_id: String::new(),
            plaintext: SecretBytes::zeroed(0),
            encryption_context: EncryptionContext::new(),
            encryption_algorithm: None,
        }
    }
}

/// `Encrypt` result.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(
    feature = "wire",
    derive(serde::Serialize),
    serde(rename_all = "PascalCase")
)]
pub struct EncryptResponse {
    /// The ciphertext blob.
    #[cfg_attr(feature = "wire", serde(with = "crate::wire::codec::blob"))]
    pub ciphertext_blob: Vec<u8>,
    /// The key ARN.
    pub key_id: String,
    /// `SYMMETRIC_DEFAULT`.
    pub encryption_algorithm: EncryptionAlgorithmSpec,
    /// The material that encrypted the blob (datakey's addition: KMS's `EncryptResponse` has
    /// no `KeyMaterialId`, so the wire leaves it out).
    #[cfg_attr(feature = "wire", serde(skip))]
    pub key_material_id: String,
}

/// `Decrypt` parameters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(
    feature = "wire",
    derive(serde::Deserialize),
    serde(rename_all = "PascalCase", default)
)]
pub struct DecryptRequest {
    /// 1..6144 bytes.
    #[cfg_attr(feature = "wire", serde(with = "crate::wire::codec::blob"))]
    pub ciphertext_blob: Vec<u8>,
    /// Must equal the context given when encrypting.
    pub encryption_context: EncryptionContext,
    /// Optional; when given it must name the key that encrypted the blob.
    pub key_id: Option<String>,
    /// Default `SYMMETRIC_DEFAULT`.
    pub encryption_algorithm: Option<EncryptionAlgorithmSpec>,
}

/// `Decrypt` result.
#[derive(Debug, PartialEq, Eq)]
#[cfg_attr(
    feature = "wire",
    derive(serde::Serialize),
    serde(rename_all = "PascalCase")
)]
pub struct DecryptResponse {
    /// The key ARN.
    pub key_id: String,
    /// The plaintext (zeroized on drop).
    #[cfg_attr(
        feature = "wire",
        serde(serialize_with = "crate::wire::codec::secret::serialize")
    )]
    pub plaintext: SecretBytes,
    /// `SYMMETRIC_DEFAULT`.
    pub encryption_algorithm: EncryptionAlgorithmSpec,
    /// The material that decrypted the blob.
    pub key_material_id: String,
}

/// `ReEncrypt` parameters: decrypt under the source key and context, encrypt under the
/// destination key and context, without the plaintext leaving the library.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(
    feature = "wire",
    derive(serde::Deserialize),
    serde(rename_all = "PascalCase", default)
)]
pub struct ReEncryptRequest {
    /// 1..6144 bytes.
    #[cfg_attr(feature = "wire", serde(with = "crate::wire::codec::blob"))]
    pub ciphertext_blob: Vec<u8>,
    /// The context the blob was encrypted with.
    pub source_encryption_context: EncryptionContext,
    /// Optional; when given it must name the key that encrypted the blob.
    pub source_key_id: Option<String>,
    /// Key id, key ARN, alias name or alias ARN of the destination key.
    pub destination_key_id: String,
    /// The context for the new blob.
    pub destination_encryption_context: EncryptionContext,
    /// Default `SYMMETRIC_DEFAULT`.
    pub source_encryption_algorithm: Option<EncryptionAlgorithmSpec>,
    /// Default `SYMMETRIC_DEFAULT`.
    pub destination_encryption_algorithm: Option<EncryptionAlgorithmSpec>,
}

/// `ReEncrypt` result.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(
    feature = "wire",
    derive(serde::Serialize),
    serde(rename_all = "PascalCase")
)]
pub struct ReEncryptResponse {
    /// The new blob.
    #[cfg_attr(feature = "wire", serde(with = "crate::wire::codec::blob"))]
    pub ciphertext_blob: Vec<u8>,
    /// The source key ARN.
    pub source_key_id: String,
    /// The destination key ARN.
    pub key_id: String,
    /// `SYMMETRIC_DEFAULT`.
    pub source_encryption_algorithm: EncryptionAlgorithmSpec,
    /// `SYMMETRIC_DEFAULT`.
    pub destination_encryption_algorithm: EncryptionAlgorithmSpec,
    /// The material that decrypted the source blob.
    pub source_key_material_id: String,
    /// The material that encrypted the new blob.
    pub destination_key_material_id: String,
}

/// `GenerateRandom` parameters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(
    feature = "wire",
    derive(serde::Deserialize),
    serde(rename_all = "PascalCase", default)
)]
pub struct GenerateRandomRequest {
    /// 1..1024 bytes (required).
    pub number_of_bytes: Option<i64>,
}

/// `GenerateRandom` result.
#[derive(Debug, PartialEq, Eq)]
#[cfg_attr(
    feature = "wire",
    derive(serde::Serialize),
    serde(rename_all = "PascalCase")
)]
pub struct GenerateRandomResponse {
    /// The random bytes.
    #[cfg_attr(
        feature = "wire",
        serde(serialize_with = "crate::wire::codec::secret::serialize")
    )]
    pub plaintext: SecretBytes,
}

/// `RotateKeyOnDemand` parameters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(
    feature = "wire",
    derive(serde::Deserialize),
    serde(rename_all = "PascalCase", default)
)]
pub struct RotateKeyOnDemandRequest {
    /// Key id or key ARN.
    pub key_id: String,
}

/// `RotateKeyOnDemand` result.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(
    feature = "wire",
    derive(serde::Serialize),
    serde(rename_all = "PascalCase")
)]
pub struct RotateKeyOnDemandResponse {
    /// The key id.
    pub key_id: String,
}

/// `EnableKeyRotation` parameters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(
    feature = "wire",
    derive(serde::Deserialize),
    serde(rename_all = "PascalCase", default)
)]
pub struct EnableKeyRotationRequest {
    /// Key id or key ARN.
    pub key_id: String,
    /// 90..2560 days (default 365).
    pub rotation_period_in_days: Option<i64>,
}

/// `DisableKeyRotation` parameters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(
    feature = "wire",
    derive(serde::Deserialize),
    serde(rename_all = "PascalCase", default)
)]
pub struct DisableKeyRotationRequest {
    /// Key id or key ARN.
    pub key_id: String,
}

/// `GetKeyRotationStatus` parameters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(
    feature = "wire",
    derive(serde::Deserialize),
    serde(rename_all = "PascalCase", default)
)]
pub struct GetKeyRotationStatusRequest {
    /// Key id or key ARN.
    pub key_id: String,
}

/// `GetKeyRotationStatus` result.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(
    feature = "wire",
    derive(serde::Serialize),
    serde(rename_all = "PascalCase")
)]
pub struct GetKeyRotationStatusResponse {
    /// The key ARN.
    pub key_id: String,
    /// Whether automatic rotation is on.
    pub key_rotation_enabled: bool,
    /// The automatic rotation period, when enabled.
    #[cfg_attr(feature = "wire", serde(skip_serializing_if = "Option::is_none"))]
    pub rotation_period_in_days: Option<i64>,
    /// When the next automatic rotation happens, when enabled.
    #[cfg_attr(
        feature = "wire",
        serde(
            serialize_with = "crate::wire::codec::opt_epoch::serialize",
            skip_serializing_if = "Option::is_none"
        )
    )]
    pub next_rotation_date: Option<SystemTime>,
    /// When an on-demand rotation in progress started (datakey rotates at once: always `None`).
    #[cfg_attr(
        feature = "wire",
        serde(
            serialize_with = "crate::wire::codec::opt_epoch::serialize",
            skip_serializing_if = "Option::is_none"
        )
    )]
    pub on_demand_rotation_start_date: Option<SystemTime>,
}

/// `ListKeyRotations` parameters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(
    feature = "wire",
    derive(serde::Deserialize),
    serde(rename_all = "PascalCase", default)
)]
pub struct ListKeyRotationsRequest {
    /// Key id or key ARN.
    pub key_id: String,
    /// Page size, 1..1000 (default 100).
    pub limit: Option<i64>,
    /// The `next_marker` of the previous page.
    pub marker: Option<String>,
}

/// One rotation (one key material version created by rotation), or imported material waiting
/// for `RotateKeyOnDemand`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(
    feature = "wire",
    derive(serde::Serialize),
    serde(rename_all = "PascalCase")
)]
pub struct RotationsListEntry {
    /// The key id.
    pub key_id: String,
    /// The material the rotation created.
    pub key_material_id: String,
    /// Its state now.
    pub key_material_state: KeyMaterialState,
    /// When the rotation happened (`None` for imported material pending rotation).
    #[cfg_attr(
        feature = "wire",
        serde(
            serialize_with = "crate::wire::codec::opt_epoch::serialize",
            skip_serializing_if = "Option::is_none"
        )
    )]
    pub rotation_date: Option<SystemTime>,
    /// Automatic or on demand (`None` for imported material pending rotation).
    #[cfg_attr(feature = "wire", serde(skip_serializing_if = "Option::is_none"))]
    pub rotation_type: Option<RotationType>,
}

/// `ListKeyRotations` result.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(
    feature = "wire",
    derive(serde::Serialize),
    serde(rename_all = "PascalCase")
)]
pub struct ListKeyRotationsResponse {
    /// The rotations of this page, oldest first (then any material pending rotation).
    pub rotations: Vec<RotationsListEntry>,
    /// The marker for the next page, when `truncated`.
    #[cfg_attr(feature = "wire", serde(skip_serializing_if = "Option::is_none"))]
    pub next_marker: Option<String>,
    /// True when more rotations follow.
    pub truncated: bool,
}

/// `ImportKeyMaterial` parameters.
///
/// datakey takes the 32 raw bytes of a symmetric key directly (there is no network to protect
/// them on, so no `GetParametersForImport` wrapping step).
#[derive(Debug, Default, PartialEq, Eq)]
#[cfg_attr(
    feature = "wire",
    derive(serde::Deserialize),
    serde(rename_all = "PascalCase", default)
)]
pub struct ImportKeyMaterialRequest {
    /// Key id or key ARN of an `EXTERNAL` key.
    pub key_id: String,
    /// Exactly 32 bytes (required).
    #[cfg_attr(
        feature = "wire",
        serde(
            rename = "EncryptedKeyMaterial",
            deserialize_with = "crate::wire::codec::opt_secret::deserialize"
        )
    )]
    pub key_material: Option<SecretBytes>,
    /// Default `EXISTING_KEY_MATERIAL`.
    pub import_type: Option<ImportType>,
    /// Default `KEY_MATERIAL_DOES_NOT_EXPIRE`, or `KEY_MATERIAL_EXPIRES` when `valid_to` is set.
    pub expiration_model: Option<ExpirationModel>,
    /// When the material expires (required with `KEY_MATERIAL_EXPIRES`).
    #[cfg_attr(
        feature = "wire",
        serde(deserialize_with = "crate::wire::codec::opt_epoch::deserialize")
    )]
    pub valid_to: Option<SystemTime>,
}

/// `ImportKeyMaterial` result.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(
    feature = "wire",
    derive(serde::Serialize),
    serde(rename_all = "PascalCase")
)]
pub struct ImportKeyMaterialResponse {
    /// The key ARN.
    pub key_id: String,
    /// The id of the imported material.
    pub key_material_id: String,
}

/// `PutKeyPolicy` parameters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(
    feature = "wire",
    derive(serde::Deserialize),
    serde(rename_all = "PascalCase", default)
)]
pub struct PutKeyPolicyRequest {
    /// Key id or key ARN.
    pub key_id: String,
    /// The new policy document, 1..32768 characters of IAM JSON.
    pub policy: String,
    /// `default` (the only key policy name; also when `None`).
    pub policy_name: Option<String>,
    /// Skip the check that the new policy lets the caller change it again (default false).
    pub bypass_policy_lockout_safety_check: Option<bool>,
}

/// `GetKeyPolicy` parameters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(
    feature = "wire",
    derive(serde::Deserialize),
    serde(rename_all = "PascalCase", default)
)]
pub struct GetKeyPolicyRequest {
    /// Key id or key ARN.
    pub key_id: String,
    /// `default` (the only key policy name; also when `None`).
    pub policy_name: Option<String>,
}

/// `GetKeyPolicy` result.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(
    feature = "wire",
    derive(serde::Serialize),
    serde(rename_all = "PascalCase")
)]
pub struct GetKeyPolicyResponse {
    /// The policy document, exactly as it was put.
    pub policy: String,
    /// `default`.
    pub policy_name: String,
}
