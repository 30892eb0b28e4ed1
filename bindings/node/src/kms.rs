//! `LocalKms`: the core's in-process KMS in the shape of the AWS SDK for JavaScript v3 aggregated
//! `KMS` client. Each operation takes the SDK's `input` object (`{ KeyId, KeySpec, … }`) and
//! resolves to the SDK's output object (`{ Plaintext, CiphertextBlob, KeyId, … }`, bytes as
//! `Buffer`s, dates as `Date`s), or rejects with an `Error` whose `name` is the KMS exception name.
//!
//! Every operation is one [`KmsOp`]: a core request type that knows how to run itself on a
//! [`datakey::LocalKms`] and how its response becomes JavaScript. The async method wraps the op in
//! a [`KmsTask`] (run on the libuv thread pool); its `…Sync` twin runs the very same `call` on the
//! calling thread.

use std::time::SystemTime;

use datakey::kms::{
    AssumeRoleRequest, Caller, CancelKeyDeletionRequest, CreateAliasRequest, CreateKeyPolicy,
    CreateKeyRequest, DecryptRequest, DeleteAliasRequest, DescribeKeyRequest, DisableKeyRequest,
    DisableKeyRotationRequest, EnableKeyRequest, EnableKeyRotationRequest, EncryptRequest,
    FaultKind, FaultRule, FaultTrigger, GenerateDataKeyRequest,
    GenerateDataKeyWithoutPlaintextRequest, GenerateRandomRequest, GetKeyPolicyRequest,
    GetKeyRotationStatusRequest, ImportKeyMaterialRequest, KeyMetadata as CoreKeyMetadata,
    ListAliasesRequest, ListKeyRotationsRequest, ListKeysRequest, Operation, PutKeyPolicyRequest,
    ReEncryptRequest, RotateKeyOnDemandRequest, ScheduleKeyDeletionRequest, SessionToken,
    UpdateAliasRequest,
};
use napi::JsDate;
use napi::bindgen_prelude::*;
use napi_derive::napi;

use crate::clock::{duration_from_ms, manual_clock_arg, to_ms, to_system_time};
use crate::convert::{self, bytes, encryption_context, int64, opt, request, string};
use crate::error::{OrThrow, type_error};
use crate::keyring::{DiscoveryKeyring, KmsKeyring};
use crate::task::{self, Job, Work, spawn};

// ---------------------------------------------------------------------------------------------
// The shared machinery: one op = one core request; async task and sync twin run the same `call`.

/// One KMS operation: a core request that runs on a [`datakey::LocalKms`], and the conversion of
/// its response to the SDK v3 output object.
pub trait KmsOp: Send + 'static {
    /// The core response.
    type Out: Send + 'static;
    /// The JavaScript output object.
    type Js<'e>: ToNapiValue + TypeName;
    /// Runs the operation (on a worker thread for the async form).
    fn call(self, kms: &datakey::LocalKms) -> datakey::Result<Self::Out>;
    /// Builds the output object (on the JavaScript thread).
    fn to_js(env: &Env, out: Self::Out) -> Result<Self::Js<'_>>;
}

/// A KMS operation bound to the service it runs on: the [`Job`] that the async method spawns and
/// the sync twin runs in place.
pub struct KmsCall<O: KmsOp> {
    kms: datakey::LocalKms,
    /// The request, or the KMS error its conversion found (reported when the operation runs).
    op: datakey::Result<O>,
}

impl<O: KmsOp> Job for KmsCall<O> {
    type Out = O::Out;
    type Js<'e> = O::Js<'e>;
    fn run(self) -> datakey::Result<O::Out> {
        self.op?.call(&self.kms)
    }
    fn to_js(env: &Env, out: O::Out) -> Result<O::Js<'_>> {
        O::to_js(env, out)
    }
}

/// The async form of a KMS operation.
pub type KmsTask<O> = AsyncTask<Work<KmsCall<O>>>;

fn task<O: KmsOp>(kms: &datakey::LocalKms, op: datakey::Result<O>) -> KmsTask<O> {
    spawn(KmsCall {
        kms: kms.clone(),
        op,
    })
}

fn run_sync<'e, O: KmsOp>(
    env: &'e Env,
    kms: &datakey::LocalKms,
    op: datakey::Result<O>,
) -> Result<O::Js<'e>> {
    task::run_sync(
        env,
        KmsCall {
            kms: kms.clone(),
            op,
        },
    )
}

/// The `$metadata` every SDK v3 output carries (a local call: status 200, one attempt).
#[napi(object)]
pub struct ResponseMetadata {
    /// Always 200.
    pub http_status_code: u32,
    /// Always 1.
    pub attempts: u32,
    /// Always 0.
    pub total_retry_delay: u32,
}

fn metadata() -> ResponseMetadata {
    ResponseMetadata {
        http_status_code: 200,
        attempts: 1,
        total_retry_delay: 0,
    }
}

fn date(env: &Env, t: SystemTime) -> Result<JsDate<'_>> {
    env.create_date(to_ms(t))
}

fn opt_date(env: &Env, t: Option<SystemTime>) -> Result<Option<JsDate<'_>>> {
    t.map(|t| date(env, t)).transpose()
}

fn ec_map(ec: Option<datakey::EncryptionContext>) -> datakey::EncryptionContext {
    ec.unwrap_or_default()
}

/// A KMS enum value from its string (`'AES_256'`, …). A non-string is a `TypeError`, thrown at
/// once; a wrong string is the core's `ValidationException`, which the operation reports like any
/// other KMS error (a rejection for the async form), so it is returned inside.
fn kms_enum<T>(
    env: &Env,
    value: Option<Unknown<'_>>,
    what: &str,
) -> Result<datakey::Result<Option<T>>>
where
    T: std::str::FromStr<Err = datakey::Error>,
{
    Ok(opt_string(env, value, what)?
        .map(|s| s.parse::<T>())
        .transpose())
}

fn opt_string(env: &Env, value: Option<Unknown<'_>>, what: &str) -> Result<Option<String>> {
    opt(value, |v| string(env, v, what))
}

/// A required string: absent reads as empty, which the core rejects as KMS does.
fn req_string(env: &Env, value: Option<Unknown<'_>>, what: &str) -> Result<String> {
    Ok(opt_string(env, value, what)?.unwrap_or_default())
}

fn opt_int(env: &Env, value: Option<Unknown<'_>>, what: &str) -> Result<Option<i64>> {
    opt(value, |v| int64(env, v, what))
}

fn opt_bool(env: &Env, value: Option<Unknown<'_>>, what: &str) -> Result<Option<bool>> {
    opt(value, |v| convert::boolean(env, v, what))
}

fn opt_ec(
    env: &Env,
    value: Option<Unknown<'_>>,
    what: &str,
) -> Result<Option<datakey::EncryptionContext>> {
    opt(value, |v| encryption_context(env, v, what))
}

// ---------------------------------------------------------------------------------------------
// Output objects (SDK v3 field names).

/// What `DescribeKey` reports about a key.
#[napi(object)]
pub struct KeyMetadata<'e> {
    /// The account that owns the key.
    #[napi(js_name = "AWSAccountId")]
    pub aws_account_id: String,
    /// The key id.
    #[napi(js_name = "KeyId")]
    pub key_id: String,
    /// The key ARN.
    #[napi(js_name = "Arn")]
    pub arn: String,
    /// When the key was created.
    #[napi(js_name = "CreationDate")]
    pub creation_date: JsDate<'e>,
    /// True when the key state is `Enabled`.
    #[napi(js_name = "Enabled")]
    pub enabled: bool,
    /// The description given at creation.
    #[napi(js_name = "Description")]
    pub description: String,
    /// `ENCRYPT_DECRYPT`, `SIGN_VERIFY`, `GENERATE_VERIFY_MAC` or `KEY_AGREEMENT`.
    #[napi(js_name = "KeyUsage")]
    pub key_usage: String,
    /// `Enabled`, `Disabled`, `PendingDeletion`, `PendingImport`, …
    #[napi(js_name = "KeyState")]
    pub key_state: String,
    /// When a key pending deletion will be deleted.
    #[napi(js_name = "DeletionDate")]
    pub deletion_date: Option<JsDate<'e>>,
    /// When imported key material expires.
    #[napi(js_name = "ValidTo")]
    pub valid_to: Option<JsDate<'e>>,
    /// `AWS_KMS` or `EXTERNAL`.
    #[napi(js_name = "Origin")]
    pub origin: String,
    /// `CUSTOMER`.
    #[napi(js_name = "KeyManager")]
    pub key_manager: String,
    /// The key spec (`SYMMETRIC_DEFAULT`, `RSA_2048`, `HMAC_256`, …).
    #[napi(js_name = "KeySpec")]
    pub key_spec: String,
    /// The deprecated twin of `KeySpec`, still filled by KMS.
    #[napi(js_name = "CustomerMasterKeySpec")]
    pub customer_master_key_spec: String,
    /// The encryption algorithms the key supports.
    #[napi(js_name = "EncryptionAlgorithms")]
    pub encryption_algorithms: Vec<String>,
    /// The signing algorithms (`SIGN_VERIFY` keys).
    #[napi(js_name = "SigningAlgorithms")]
    pub signing_algorithms: Option<Vec<String>>,
    /// The MAC algorithms (HMAC keys).
    #[napi(js_name = "MacAlgorithms")]
    pub mac_algorithms: Option<Vec<String>>,
    /// The key agreement algorithms (`KEY_AGREEMENT` keys).
    #[napi(js_name = "KeyAgreementAlgorithms")]
    pub key_agreement_algorithms: Option<Vec<String>>,
    /// True for a multi-Region key.
    #[napi(js_name = "MultiRegion")]
    pub multi_region: bool,
    /// The pending window of a key pending deletion, in days.
    #[napi(js_name = "PendingDeletionWindowInDays")]
    pub pending_deletion_window_in_days: Option<i64>,
    /// Whether imported key material expires.
    #[napi(js_name = "ExpirationModel")]
    pub expiration_model: Option<String>,
    /// The id of the key material new ciphertexts use.
    #[napi(js_name = "CurrentKeyMaterialId")]
    pub current_key_material_id: Option<String>,
}

fn non_empty(v: Vec<String>) -> Option<Vec<String>> {
    if v.is_empty() { None } else { Some(v) }
}

fn key_metadata(env: &Env, m: CoreKeyMetadata) -> Result<KeyMetadata<'_>> {
    Ok(KeyMetadata {
        aws_account_id: m.aws_account_id,
        key_id: m.key_id,
        arn: m.arn,
        creation_date: date(env, m.creation_date)?,
        enabled: m.enabled,
        description: m.description,
        key_usage: m.key_usage.as_str().to_owned(),
        key_state: m.key_state.as_str().to_owned(),
        deletion_date: opt_date(env, m.deletion_date)?,
        valid_to: opt_date(env, m.valid_to)?,
        origin: m.origin.as_str().to_owned(),
        key_manager: m.key_manager.as_str().to_owned(),
        key_spec: m.key_spec.as_str().to_owned(),
        customer_master_key_spec: m.key_spec.as_str().to_owned(),
        encryption_algorithms: m
            .encryption_algorithms
            .iter()
            .map(|a| a.as_str().to_owned())
            .collect(),
        signing_algorithms: non_empty(m.signing_algorithms),
        mac_algorithms: non_empty(m.mac_algorithms),
        key_agreement_algorithms: non_empty(m.key_agreement_algorithms),
        multi_region: m.multi_region,
        pending_deletion_window_in_days: m.pending_deletion_window_in_days,
        expiration_model: m.expiration_model.map(|e| e.as_str().to_owned()),
        current_key_material_id: m.current_key_material_id,
    })
}

/// `CreateKey` / `DescribeKey` output.
#[napi(object)]
pub struct KeyMetadataOutput<'e> {
    /// The key's metadata.
    #[napi(js_name = "KeyMetadata")]
    pub key_metadata: KeyMetadata<'e>,
    /// Response metadata.
    #[napi(js_name = "$metadata")]
    pub metadata: ResponseMetadata,
}

/// The output of operations that return nothing but `$metadata` (`EnableKey`, `CreateAlias`, …).
#[napi(object)]
pub struct EmptyOutput {
    /// Response metadata.
    #[napi(js_name = "$metadata")]
    pub metadata: ResponseMetadata,
}

/// One key of `ListKeys`.
#[napi(object)]
pub struct KeyListEntry {
    /// The key id.
    #[napi(js_name = "KeyId")]
    pub key_id: String,
    /// The key ARN.
    #[napi(js_name = "KeyArn")]
    pub key_arn: String,
}

/// `ListKeys` output.
#[napi(object)]
pub struct ListKeysOutput {
    /// The keys of this page.
    #[napi(js_name = "Keys")]
    pub keys: Vec<KeyListEntry>,
    /// Pass as `Marker` to get the next page (when `Truncated`).
    #[napi(js_name = "NextMarker")]
    pub next_marker: Option<String>,
    /// True when more keys follow.
    #[napi(js_name = "Truncated")]
    pub truncated: bool,
    /// Response metadata.
    #[napi(js_name = "$metadata")]
    pub metadata: ResponseMetadata,
}

/// One alias of `ListAliases`.
#[napi(object)]
pub struct AliasListEntry<'e> {
    /// `alias/<name>`.
    #[napi(js_name = "AliasName")]
    pub alias_name: String,
    /// The alias ARN.
    #[napi(js_name = "AliasArn")]
    pub alias_arn: String,
    /// The key id the alias points to.
    #[napi(js_name = "TargetKeyId")]
    pub target_key_id: Option<String>,
    /// When the alias was created.
    #[napi(js_name = "CreationDate")]
    pub creation_date: JsDate<'e>,
    /// When the alias was last pointed at a key.
    #[napi(js_name = "LastUpdatedDate")]
    pub last_updated_date: JsDate<'e>,
}

/// `ListAliases` output.
#[napi(object)]
pub struct ListAliasesOutput<'e> {
    /// The aliases of this page.
    #[napi(js_name = "Aliases")]
    pub aliases: Vec<AliasListEntry<'e>>,
    /// Pass as `Marker` to get the next page (when `Truncated`).
    #[napi(js_name = "NextMarker")]
    pub next_marker: Option<String>,
    /// True when more aliases follow.
    #[napi(js_name = "Truncated")]
    pub truncated: bool,
    /// Response metadata.
    #[napi(js_name = "$metadata")]
    pub metadata: ResponseMetadata,
}

/// `ScheduleKeyDeletion` output.
#[napi(object)]
pub struct ScheduleKeyDeletionOutput<'e> {
    /// The key ARN.
    #[napi(js_name = "KeyId")]
    pub key_id: String,
    /// When the key will be deleted.
    #[napi(js_name = "DeletionDate")]
    pub deletion_date: JsDate<'e>,
    /// `PendingDeletion`.
    #[napi(js_name = "KeyState")]
    pub key_state: String,
    /// The window, in days.
    #[napi(js_name = "PendingWindowInDays")]
    pub pending_window_in_days: i64,
    /// Response metadata.
    #[napi(js_name = "$metadata")]
    pub metadata: ResponseMetadata,
}

/// Output of operations that return the key ARN (`CancelKeyDeletion`, `RotateKeyOnDemand`).
#[napi(object)]
pub struct KeyIdOutput {
    /// The key ARN (`CancelKeyDeletion`) or key id (`RotateKeyOnDemand`).
    #[napi(js_name = "KeyId")]
    pub key_id: String,
    /// Response metadata.
    #[napi(js_name = "$metadata")]
    pub metadata: ResponseMetadata,
}

/// `GenerateDataKey` output.
#[napi(object)]
pub struct GenerateDataKeyOutput {
    /// The data key encrypted under the KMS key.
    #[napi(js_name = "CiphertextBlob")]
    pub ciphertext_blob: Buffer,
    /// The data key. Zero it (`Plaintext.fill(0)`) once used.
    #[napi(js_name = "Plaintext")]
    pub plaintext: Buffer,
    /// The key ARN.
    #[napi(js_name = "KeyId")]
    pub key_id: String,
    /// The key material that encrypted the data key.
    #[napi(js_name = "KeyMaterialId")]
    pub key_material_id: String,
    /// Response metadata.
    #[napi(js_name = "$metadata")]
    pub metadata: ResponseMetadata,
}

/// `GenerateDataKeyWithoutPlaintext` output.
#[napi(object)]
pub struct GenerateDataKeyWithoutPlaintextOutput {
    /// The data key encrypted under the KMS key.
    #[napi(js_name = "CiphertextBlob")]
    pub ciphertext_blob: Buffer,
    /// The key ARN.
    #[napi(js_name = "KeyId")]
    pub key_id: String,
    /// The key material that encrypted the data key.
    #[napi(js_name = "KeyMaterialId")]
    pub key_material_id: String,
    /// Response metadata.
    #[napi(js_name = "$metadata")]
    pub metadata: ResponseMetadata,
}

/// `Encrypt` output.
#[napi(object)]
pub struct EncryptOutput {
    /// The ciphertext blob.
    #[napi(js_name = "CiphertextBlob")]
    pub ciphertext_blob: Buffer,
    /// The key ARN.
    #[napi(js_name = "KeyId")]
    pub key_id: String,
    /// `SYMMETRIC_DEFAULT`.
    #[napi(js_name = "EncryptionAlgorithm")]
    pub encryption_algorithm: String,
    /// The key material that encrypted the blob.
    #[napi(js_name = "KeyMaterialId")]
    pub key_material_id: String,
    /// Response metadata.
    #[napi(js_name = "$metadata")]
    pub metadata: ResponseMetadata,
}

/// `Decrypt` output.
#[napi(object)]
pub struct DecryptOutput {
    /// The key ARN.
    #[napi(js_name = "KeyId")]
    pub key_id: String,
    /// The plaintext. Zero it (`Plaintext.fill(0)`) once used.
    #[napi(js_name = "Plaintext")]
    pub plaintext: Buffer,
    /// `SYMMETRIC_DEFAULT`.
    #[napi(js_name = "EncryptionAlgorithm")]
    pub encryption_algorithm: String,
    /// The key material that decrypted the blob.
    #[napi(js_name = "KeyMaterialId")]
    pub key_material_id: String,
    /// Response metadata.
    #[napi(js_name = "$metadata")]
    pub metadata: ResponseMetadata,
}

/// `ReEncrypt` output.
#[napi(object)]
pub struct ReEncryptOutput {
    /// The new blob.
    #[napi(js_name = "CiphertextBlob")]
    pub ciphertext_blob: Buffer,
    /// The source key ARN.
    #[napi(js_name = "SourceKeyId")]
    pub source_key_id: String,
    /// The destination key ARN.
    #[napi(js_name = "KeyId")]
    pub key_id: String,
    /// `SYMMETRIC_DEFAULT`.
    #[napi(js_name = "SourceEncryptionAlgorithm")]
    pub source_encryption_algorithm: String,
    /// `SYMMETRIC_DEFAULT`.
    #[napi(js_name = "DestinationEncryptionAlgorithm")]
    pub destination_encryption_algorithm: String,
    /// The key material that decrypted the source blob.
    #[napi(js_name = "SourceKeyMaterialId")]
    pub source_key_material_id: String,
    /// The key material that encrypted the new blob.
    #[napi(js_name = "DestinationKeyMaterialId")]
    pub destination_key_material_id: String,
    /// Response metadata.
    #[napi(js_name = "$metadata")]
    pub metadata: ResponseMetadata,
}

/// `GenerateRandom` output.
#[napi(object)]
pub struct GenerateRandomOutput {
    /// The random bytes.
    #[napi(js_name = "Plaintext")]
    pub plaintext: Buffer,
    /// Response metadata.
    #[napi(js_name = "$metadata")]
    pub metadata: ResponseMetadata,
}

/// `GetKeyRotationStatus` output.
#[napi(object)]
pub struct GetKeyRotationStatusOutput<'e> {
    /// The key ARN.
    #[napi(js_name = "KeyId")]
    pub key_id: String,
    /// Whether automatic rotation is on.
    #[napi(js_name = "KeyRotationEnabled")]
    pub key_rotation_enabled: bool,
    /// The automatic rotation period, when enabled.
    #[napi(js_name = "RotationPeriodInDays")]
    pub rotation_period_in_days: Option<i64>,
    /// When the next automatic rotation happens, when enabled.
    #[napi(js_name = "NextRotationDate")]
    pub next_rotation_date: Option<JsDate<'e>>,
    /// When an on-demand rotation in progress started.
    #[napi(js_name = "OnDemandRotationStartDate")]
    pub on_demand_rotation_start_date: Option<JsDate<'e>>,
    /// Response metadata.
    #[napi(js_name = "$metadata")]
    pub metadata: ResponseMetadata,
}

/// One rotation of `ListKeyRotations`.
#[napi(object)]
pub struct RotationsListEntry<'e> {
    /// The key id.
    #[napi(js_name = "KeyId")]
    pub key_id: String,
    /// The key material the rotation created.
    #[napi(js_name = "KeyMaterialId")]
    pub key_material_id: String,
    /// `CURRENT`, `NON_CURRENT` or `PENDING_ROTATION`.
    #[napi(js_name = "KeyMaterialState")]
    pub key_material_state: String,
    /// When the rotation happened.
    #[napi(js_name = "RotationDate")]
    pub rotation_date: Option<JsDate<'e>>,
    /// `AUTOMATIC` or `ON_DEMAND`.
    #[napi(js_name = "RotationType")]
    pub rotation_type: Option<String>,
}

/// `ListKeyRotations` output.
#[napi(object)]
pub struct ListKeyRotationsOutput<'e> {
    /// The rotations of this page, oldest first.
    #[napi(js_name = "Rotations")]
    pub rotations: Vec<RotationsListEntry<'e>>,
    /// Pass as `Marker` to get the next page (when `Truncated`).
    #[napi(js_name = "NextMarker")]
    pub next_marker: Option<String>,
    /// True when more rotations follow.
    #[napi(js_name = "Truncated")]
    pub truncated: bool,
    /// Response metadata.
    #[napi(js_name = "$metadata")]
    pub metadata: ResponseMetadata,
}

/// `ImportKeyMaterial` output.
#[napi(object)]
pub struct ImportKeyMaterialOutput {
    /// The key ARN.
    #[napi(js_name = "KeyId")]
    pub key_id: String,
    /// The id of the imported key material.
    #[napi(js_name = "KeyMaterialId")]
    pub key_material_id: String,
    /// Response metadata.
    #[napi(js_name = "$metadata")]
    pub metadata: ResponseMetadata,
}

// ---------------------------------------------------------------------------------------------
// Input objects (SDK v3 field names). Fields are raw values, type-checked when converted.

/// `CreateKey` input.
#[napi(object)]
pub struct CreateKeyInput<'a> {
    /// A description, 0..8192 characters.
    #[napi(js_name = "Description", ts_type = "string")]
    pub description: Option<Unknown<'a>>,
    /// The key usage; required for every key spec but `SYMMETRIC_DEFAULT`.
    #[napi(
        js_name = "KeyUsage",
        ts_type = "'ENCRYPT_DECRYPT' | 'SIGN_VERIFY' | 'GENERATE_VERIFY_MAC' | 'KEY_AGREEMENT'"
    )]
    pub key_usage: Option<Unknown<'a>>,
    /// The key spec (default `SYMMETRIC_DEFAULT`).
    #[napi(js_name = "KeySpec", ts_type = "string")]
    pub key_spec: Option<Unknown<'a>>,
    /// The deprecated name of `KeySpec`.
    #[napi(js_name = "CustomerMasterKeySpec", ts_type = "string")]
    pub customer_master_key_spec: Option<Unknown<'a>>,
    /// `AWS_KMS` (default) or `EXTERNAL` (the key waits in `PendingImport` for
    /// `importKeyMaterial`).
    #[napi(js_name = "Origin", ts_type = "'AWS_KMS' | 'EXTERNAL'")]
    pub origin: Option<Unknown<'a>>,
    /// Create a multi-Region key (id `mrk-…`).
    #[napi(js_name = "MultiRegion", ts_type = "boolean")]
    pub multi_region: Option<Unknown<'a>>,
    /// The key policy (IAM JSON, in the subset the `kms` module documents; default: the
    /// default key policy, which allows the account).
    #[napi(js_name = "Policy", ts_type = "string")]
    pub policy: Option<Unknown<'a>>,
    /// Skip the check that `Policy` lets the caller change the policy later (default false).
    #[napi(js_name = "BypassPolicyLockoutSafetyCheck", ts_type = "boolean")]
    pub bypass_policy_lockout_safety_check: Option<Unknown<'a>>,
}

/// `CreateKey` as the SDK sends it: the key parameters and, when `Policy` is given, the key
/// policy (`create_key_with_policy` in the core).
pub struct CreateKeyCall {
    req: CreateKeyRequest,
    policy: Option<CreateKeyPolicy>,
}

impl KmsOp for CreateKeyCall {
    type Out = datakey::kms::CreateKeyResponse;
    type Js<'e> = KeyMetadataOutput<'e>;
    fn call(self, kms: &datakey::LocalKms) -> datakey::Result<Self::Out> {
        match self.policy {
            Some(policy) => kms.create_key_with_policy(self.req, policy),
            None => kms.create_key(self.req),
        }
    }
    fn to_js(env: &Env, out: Self::Out) -> Result<Self::Js<'_>> {
        Ok(KeyMetadataOutput {
            key_metadata: key_metadata(env, out.key_metadata)?,
            metadata: metadata(),
        })
    }
}

fn create_key_request(
    env: &Env,
    input: Option<Unknown<'_>>,
) -> Result<datakey::Result<CreateKeyCall>> {
    let i: CreateKeyInput<'_> = request(env, input, "input")?;
    let description = opt_string(env, i.description, "input.Description")?;
    let key_usage = kms_enum(env, i.key_usage, "input.KeyUsage")?;
    let key_spec = kms_enum(env, i.key_spec, "input.KeySpec")?;
    let cmk_spec = kms_enum(
        env,
        i.customer_master_key_spec,
        "input.CustomerMasterKeySpec",
    )?;
    let origin = kms_enum(env, i.origin, "input.Origin")?;
    let multi_region = opt_bool(env, i.multi_region, "input.MultiRegion")?;
    let policy = opt_string(env, i.policy, "input.Policy")?;
    let bypass = opt_bool(
        env,
        i.bypass_policy_lockout_safety_check,
        "input.BypassPolicyLockoutSafetyCheck",
    )?;
    Ok((|| {
        Ok(CreateKeyCall {
            req: CreateKeyRequest {
                description,
                key_usage: key_usage?,
                key_spec: key_spec?.or(cmk_spec?),
                origin: origin?,
                multi_region,
            },
            // Without a policy the key gets the default one, to which the lockout check does
            // not apply (as in KMS).
            policy: policy.map(|policy| CreateKeyPolicy {
                policy,
                bypass_policy_lockout_safety_check: bypass,
            }),
        })
    })())
}

/// Input of operations that take only a key: `DescribeKey`, `EnableKey`, `DisableKey`,
/// `CancelKeyDeletion`, `RotateKeyOnDemand`, `DisableKeyRotation`, `GetKeyRotationStatus`.
#[napi(object)]
pub struct KeyIdInput<'a> {
    /// Key id or key ARN (`DescribeKey` also takes an alias name or alias ARN).
    #[napi(js_name = "KeyId", ts_type = "string")]
    pub key_id: Option<Unknown<'a>>,
}

fn key_id_of(env: &Env, input: Option<Unknown<'_>>) -> Result<String> {
    let i: KeyIdInput<'_> = request(env, input, "input")?;
    req_string(env, i.key_id, "input.KeyId")
}

impl KmsOp for DescribeKeyRequest {
    type Out = datakey::kms::DescribeKeyResponse;
    type Js<'e> = KeyMetadataOutput<'e>;
    fn call(self, kms: &datakey::LocalKms) -> datakey::Result<Self::Out> {
        kms.describe_key(self)
    }
    fn to_js(env: &Env, out: Self::Out) -> Result<Self::Js<'_>> {
        Ok(KeyMetadataOutput {
            key_metadata: key_metadata(env, out.key_metadata)?,
            metadata: metadata(),
        })
    }
}

/// Implements [`KmsOp`] for operations whose output is only `$metadata`.
macro_rules! empty_op {
    ($($req:ty => $method:ident),+ $(,)?) => {$(
        impl KmsOp for $req {
            type Out = ();
            type Js<'e> = EmptyOutput;
            fn call(self, kms: &datakey::LocalKms) -> datakey::Result<()> {
                kms.$method(self).map(|_| ())
            }
            fn to_js(_env: &Env, _out: ()) -> Result<EmptyOutput> {
                Ok(EmptyOutput { metadata: metadata() })
            }
        }
    )+};
}

empty_op! {
    CreateAliasRequest => create_alias,
    UpdateAliasRequest => update_alias,
    DeleteAliasRequest => delete_alias,
    EnableKeyRequest => enable_key,
    DisableKeyRequest => disable_key,
    EnableKeyRotationRequest => enable_key_rotation,
    DisableKeyRotationRequest => disable_key_rotation,
}

/// Paging input: `ListKeys`.
#[napi(object)]
pub struct ListKeysInput<'a> {
    /// Page size, 1..1000 (default 100).
    #[napi(js_name = "Limit", ts_type = "number")]
    pub limit: Option<Unknown<'a>>,
    /// The `NextMarker` of the previous page.
    #[napi(js_name = "Marker", ts_type = "string")]
    pub marker: Option<Unknown<'a>>,
}

impl KmsOp for ListKeysRequest {
    type Out = datakey::kms::ListKeysResponse;
    type Js<'e> = ListKeysOutput;
    fn call(self, kms: &datakey::LocalKms) -> datakey::Result<Self::Out> {
        kms.list_keys(self)
    }
    fn to_js(_env: &Env, out: Self::Out) -> Result<ListKeysOutput> {
        Ok(ListKeysOutput {
            keys: out
                .keys
                .into_iter()
                .map(|k| KeyListEntry {
                    key_id: k.key_id,
                    key_arn: k.key_arn,
                })
                .collect(),
            next_marker: out.next_marker,
            truncated: out.truncated,
            metadata: metadata(),
        })
    }
}

/// `CreateAlias` / `UpdateAlias` input.
#[napi(object)]
pub struct AliasInput<'a> {
    /// `alias/<name>`.
    #[napi(js_name = "AliasName", ts_type = "string")]
    pub alias_name: Option<Unknown<'a>>,
    /// Key id or key ARN of the target key.
    #[napi(js_name = "TargetKeyId", ts_type = "string")]
    pub target_key_id: Option<Unknown<'a>>,
}

/// `DeleteAlias` input.
#[napi(object)]
pub struct DeleteAliasInput<'a> {
    /// `alias/<name>`.
    #[napi(js_name = "AliasName", ts_type = "string")]
    pub alias_name: Option<Unknown<'a>>,
}

/// `ListAliases` input.
#[napi(object)]
pub struct ListAliasesInput<'a> {
    /// Only the aliases of this key (id or ARN).
    #[napi(js_name = "KeyId", ts_type = "string")]
    pub key_id: Option<Unknown<'a>>,
    /// Page size, 1..100 (default 50).
    #[napi(js_name = "Limit", ts_type = "number")]
    pub limit: Option<Unknown<'a>>,
    /// The `NextMarker` of the previous page.
    #[napi(js_name = "Marker", ts_type = "string")]
    pub marker: Option<Unknown<'a>>,
}

impl KmsOp for ListAliasesRequest {
    type Out = datakey::kms::ListAliasesResponse;
    type Js<'e> = ListAliasesOutput<'e>;
    fn call(self, kms: &datakey::LocalKms) -> datakey::Result<Self::Out> {
        kms.list_aliases(self)
    }
    fn to_js(env: &Env, out: Self::Out) -> Result<Self::Js<'_>> {
        let aliases = out
            .aliases
            .into_iter()
            .map(|a| {
                Ok(AliasListEntry {
                    alias_name: a.alias_name,
                    alias_arn: a.alias_arn,
                    target_key_id: a.target_key_id,
                    creation_date: date(env, a.creation_date)?,
                    last_updated_date: date(env, a.last_updated_date)?,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(ListAliasesOutput {
            aliases,
            next_marker: out.next_marker,
            truncated: out.truncated,
            metadata: metadata(),
        })
    }
}

/// `ScheduleKeyDeletion` input.
#[napi(object)]
pub struct ScheduleKeyDeletionInput<'a> {
    /// Key id or key ARN.
    #[napi(js_name = "KeyId", ts_type = "string")]
    pub key_id: Option<Unknown<'a>>,
    /// 7..30 days (default 30).
    #[napi(js_name = "PendingWindowInDays", ts_type = "number")]
    pub pending_window_in_days: Option<Unknown<'a>>,
}

impl KmsOp for ScheduleKeyDeletionRequest {
    type Out = datakey::kms::ScheduleKeyDeletionResponse;
    type Js<'e> = ScheduleKeyDeletionOutput<'e>;
    fn call(self, kms: &datakey::LocalKms) -> datakey::Result<Self::Out> {
        kms.schedule_key_deletion(self)
    }
    fn to_js(env: &Env, out: Self::Out) -> Result<Self::Js<'_>> {
        Ok(ScheduleKeyDeletionOutput {
            key_id: out.key_id,
            deletion_date: date(env, out.deletion_date)?,
            key_state: out.key_state.as_str().to_owned(),
            pending_window_in_days: out.pending_window_in_days,
            metadata: metadata(),
        })
    }
}

impl KmsOp for CancelKeyDeletionRequest {
    type Out = datakey::kms::CancelKeyDeletionResponse;
    type Js<'e> = KeyIdOutput;
    fn call(self, kms: &datakey::LocalKms) -> datakey::Result<Self::Out> {
        kms.cancel_key_deletion(self)
    }
    fn to_js(_env: &Env, out: Self::Out) -> Result<KeyIdOutput> {
        Ok(KeyIdOutput {
            key_id: out.key_id,
            metadata: metadata(),
        })
    }
}

impl KmsOp for RotateKeyOnDemandRequest {
    type Out = datakey::kms::RotateKeyOnDemandResponse;
    type Js<'e> = KeyIdOutput;
    fn call(self, kms: &datakey::LocalKms) -> datakey::Result<Self::Out> {
        kms.rotate_key_on_demand(self)
    }
    fn to_js(_env: &Env, out: Self::Out) -> Result<KeyIdOutput> {
        Ok(KeyIdOutput {
            key_id: out.key_id,
            metadata: metadata(),
        })
    }
}

/// `GenerateDataKey` / `GenerateDataKeyWithoutPlaintext` input: exactly one of `KeySpec` and
/// `NumberOfBytes`.
#[napi(object)]
pub struct GenerateDataKeyInput<'a> {
    /// Key id, key ARN, alias name or alias ARN of a symmetric encryption key.
    #[napi(js_name = "KeyId", ts_type = "string")]
    pub key_id: Option<Unknown<'a>>,
    /// `AES_256` or `AES_128`.
    #[napi(js_name = "KeySpec", ts_type = "'AES_256' | 'AES_128'")]
    pub key_spec: Option<Unknown<'a>>,
    /// 1..1024 bytes.
    #[napi(js_name = "NumberOfBytes", ts_type = "number")]
    pub number_of_bytes: Option<Unknown<'a>>,
    /// Bound to the blob as additional authenticated data.
    #[napi(js_name = "EncryptionContext", ts_type = "Record<string, string>")]
    pub encryption_context: Option<Unknown<'a>>,
}

impl KmsOp for GenerateDataKeyRequest {
    type Out = datakey::kms::GenerateDataKeyResponse;
    type Js<'e> = GenerateDataKeyOutput;
    fn call(self, kms: &datakey::LocalKms) -> datakey::Result<Self::Out> {
        kms.generate_data_key(self)
    }
    fn to_js(_env: &Env, out: Self::Out) -> Result<GenerateDataKeyOutput> {
        Ok(GenerateDataKeyOutput {
            ciphertext_blob: out.ciphertext_blob.into(),
            plaintext: out.plaintext.expose_secret().to_vec().into(),
            key_id: out.key_id,
            key_material_id: out.key_material_id,
            metadata: metadata(),
        })
    }
}

impl KmsOp for GenerateDataKeyWithoutPlaintextRequest {
    type Out = datakey::kms::GenerateDataKeyWithoutPlaintextResponse;
    type Js<'e> = GenerateDataKeyWithoutPlaintextOutput;
    fn call(self, kms: &datakey::LocalKms) -> datakey::Result<Self::Out> {
        kms.generate_data_key_without_plaintext(self)
    }
    fn to_js(_env: &Env, out: Self::Out) -> Result<GenerateDataKeyWithoutPlaintextOutput> {
        Ok(GenerateDataKeyWithoutPlaintextOutput {
            ciphertext_blob: out.ciphertext_blob.into(),
            key_id: out.key_id,
            key_material_id: out.key_material_id,
            metadata: metadata(),
        })
    }
}

/// `Encrypt` input.
#[napi(object)]
pub struct EncryptInput<'a> {
    /// Key id, key ARN, alias name or alias ARN.
    #[napi(js_name = "KeyId", ts_type = "string")]
    pub key_id: Option<Unknown<'a>>,
    /// 1..4096 bytes.
    #[napi(js_name = "Plaintext", ts_type = "Uint8Array | ArrayBuffer")]
    pub plaintext: Option<Unknown<'a>>,
    /// Bound to the blob as additional authenticated data.
    #[napi(js_name = "EncryptionContext", ts_type = "Record<string, string>")]
    pub encryption_context: Option<Unknown<'a>>,
    /// `SYMMETRIC_DEFAULT` (the default).
    #[napi(js_name = "EncryptionAlgorithm", ts_type = "string")]
    pub encryption_algorithm: Option<Unknown<'a>>,
}

impl KmsOp for EncryptRequest {
    type Out = datakey::kms::EncryptResponse;
    type Js<'e> = EncryptOutput;
    fn call(self, kms: &datakey::LocalKms) -> datakey::Result<Self::Out> {
        kms.encrypt(self)
    }
    fn to_js(_env: &Env, out: Self::Out) -> Result<EncryptOutput> {
        Ok(EncryptOutput {
            ciphertext_blob: out.ciphertext_blob.into(),
            key_id: out.key_id,
            encryption_algorithm: out.encryption_algorithm.as_str().to_owned(),
            key_material_id: out.key_material_id,
            metadata: metadata(),
        })
    }
}

/// `Decrypt` input.
#[napi(object)]
pub struct DecryptInput<'a> {
    /// 1..6144 bytes.
    #[napi(js_name = "CiphertextBlob", ts_type = "Uint8Array | ArrayBuffer")]
    pub ciphertext_blob: Option<Unknown<'a>>,
    /// Must equal the context given when encrypting.
    #[napi(js_name = "EncryptionContext", ts_type = "Record<string, string>")]
    pub encryption_context: Option<Unknown<'a>>,
    /// Optional; when given it must name the key that encrypted the blob.
    #[napi(js_name = "KeyId", ts_type = "string")]
    pub key_id: Option<Unknown<'a>>,
    /// `SYMMETRIC_DEFAULT` (the default).
    #[napi(js_name = "EncryptionAlgorithm", ts_type = "string")]
    pub encryption_algorithm: Option<Unknown<'a>>,
}

impl KmsOp for DecryptRequest {
    type Out = datakey::kms::DecryptResponse;
    type Js<'e> = DecryptOutput;
    fn call(self, kms: &datakey::LocalKms) -> datakey::Result<Self::Out> {
        kms.decrypt(self)
    }
    fn to_js(_env: &Env, out: Self::Out) -> Result<DecryptOutput> {
        Ok(DecryptOutput {
            key_id: out.key_id,
            plaintext: out.plaintext.expose_secret().to_vec().into(),
            encryption_algorithm: out.encryption_algorithm.as_str().to_owned(),
            key_material_id: out.key_material_id,
            metadata: metadata(),
        })
    }
}

/// `ReEncrypt` input.
#[napi(object)]
pub struct ReEncryptInput<'a> {
    /// 1..6144 bytes.
    #[napi(js_name = "CiphertextBlob", ts_type = "Uint8Array | ArrayBuffer")]
    pub ciphertext_blob: Option<Unknown<'a>>,
    /// The context the blob was encrypted with.
    #[napi(
        js_name = "SourceEncryptionContext",
        ts_type = "Record<string, string>"
    )]
    pub source_encryption_context: Option<Unknown<'a>>,
    /// Optional; when given it must name the key that encrypted the blob.
    #[napi(js_name = "SourceKeyId", ts_type = "string")]
    pub source_key_id: Option<Unknown<'a>>,
    /// Key id, key ARN, alias name or alias ARN of the destination key.
    #[napi(js_name = "DestinationKeyId", ts_type = "string")]
    pub destination_key_id: Option<Unknown<'a>>,
    /// The context for the new blob.
    #[napi(
        js_name = "DestinationEncryptionContext",
        ts_type = "Record<string, string>"
    )]
    pub destination_encryption_context: Option<Unknown<'a>>,
    /// `SYMMETRIC_DEFAULT` (the default).
    #[napi(js_name = "SourceEncryptionAlgorithm", ts_type = "string")]
    pub source_encryption_algorithm: Option<Unknown<'a>>,
    /// `SYMMETRIC_DEFAULT` (the default).
    #[napi(js_name = "DestinationEncryptionAlgorithm", ts_type = "string")]
    pub destination_encryption_algorithm: Option<Unknown<'a>>,
}

impl KmsOp for ReEncryptRequest {
    type Out = datakey::kms::ReEncryptResponse;
    type Js<'e> = ReEncryptOutput;
    fn call(self, kms: &datakey::LocalKms) -> datakey::Result<Self::Out> {
        kms.re_encrypt(self)
    }
    fn to_js(_env: &Env, out: Self::Out) -> Result<ReEncryptOutput> {
        Ok(ReEncryptOutput {
            ciphertext_blob: out.ciphertext_blob.into(),
            source_key_id: out.source_key_id,
            key_id: out.key_id,
            source_encryption_algorithm: out.source_encryption_algorithm.as_str().to_owned(),
            destination_encryption_algorithm: out
                .destination_encryption_algorithm
                .as_str()
                .to_owned(),
            source_key_material_id: out.source_key_material_id,
            destination_key_material_id: out.destination_key_material_id,
            metadata: metadata(),
        })
    }
}

/// `GenerateRandom` input.
#[napi(object)]
pub struct GenerateRandomInput<'a> {
    /// 1..1024 bytes (required).
    #[napi(js_name = "NumberOfBytes", ts_type = "number")]
    pub number_of_bytes: Option<Unknown<'a>>,
}

impl KmsOp for GenerateRandomRequest {
    type Out = datakey::kms::GenerateRandomResponse;
    type Js<'e> = GenerateRandomOutput;
    fn call(self, kms: &datakey::LocalKms) -> datakey::Result<Self::Out> {
        kms.generate_random(self)
    }
    fn to_js(_env: &Env, out: Self::Out) -> Result<GenerateRandomOutput> {
        Ok(GenerateRandomOutput {
            plaintext: out.plaintext.expose_secret().to_vec().into(),
            metadata: metadata(),
        })
    }
}

/// `EnableKeyRotation` input.
#[napi(object)]
pub struct EnableKeyRotationInput<'a> {
    /// Key id or key ARN.
    #[napi(js_name = "KeyId", ts_type = "string")]
    pub key_id: Option<Unknown<'a>>,
    /// 90..2560 days (default 365).
    #[napi(js_name = "RotationPeriodInDays", ts_type = "number")]
    pub rotation_period_in_days: Option<Unknown<'a>>,
}

impl KmsOp for GetKeyRotationStatusRequest {
    type Out = datakey::kms::GetKeyRotationStatusResponse;
    type Js<'e> = GetKeyRotationStatusOutput<'e>;
    fn call(self, kms: &datakey::LocalKms) -> datakey::Result<Self::Out> {
        kms.get_key_rotation_status(self)
    }
    fn to_js(env: &Env, out: Self::Out) -> Result<Self::Js<'_>> {
        Ok(GetKeyRotationStatusOutput {
            key_id: out.key_id,
            key_rotation_enabled: out.key_rotation_enabled,
            rotation_period_in_days: out.rotation_period_in_days,
            next_rotation_date: opt_date(env, out.next_rotation_date)?,
            on_demand_rotation_start_date: opt_date(env, out.on_demand_rotation_start_date)?,
            metadata: metadata(),
        })
    }
}

/// `ListKeyRotations` input.
#[napi(object)]
pub struct ListKeyRotationsInput<'a> {
    /// Key id or key ARN.
    #[napi(js_name = "KeyId", ts_type = "string")]
    pub key_id: Option<Unknown<'a>>,
    /// Page size, 1..1000 (default 100).
    #[napi(js_name = "Limit", ts_type = "number")]
    pub limit: Option<Unknown<'a>>,
    /// The `NextMarker` of the previous page.
    #[napi(js_name = "Marker", ts_type = "string")]
    pub marker: Option<Unknown<'a>>,
}

impl KmsOp for ListKeyRotationsRequest {
    type Out = datakey::kms::ListKeyRotationsResponse;
    type Js<'e> = ListKeyRotationsOutput<'e>;
    fn call(self, kms: &datakey::LocalKms) -> datakey::Result<Self::Out> {
        kms.list_key_rotations(self)
    }
    fn to_js(env: &Env, out: Self::Out) -> Result<Self::Js<'_>> {
        let rotations = out
            .rotations
            .into_iter()
            .map(|r| {
                Ok(RotationsListEntry {
                    key_id: r.key_id,
                    key_material_id: r.key_material_id,
                    key_material_state: r.key_material_state.as_str().to_owned(),
                    rotation_date: opt_date(env, r.rotation_date)?,
                    rotation_type: r.rotation_type.map(|t| t.as_str().to_owned()),
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(ListKeyRotationsOutput {
            rotations,
            next_marker: out.next_marker,
            truncated: out.truncated,
            metadata: metadata(),
        })
    }
}

/// `ImportKeyMaterial` input. datakey takes the 32 raw bytes of the key material directly (there
/// is no network to protect them on, so no `GetParametersForImport` wrapping step).
#[napi(object)]
pub struct ImportKeyMaterialInput<'a> {
    /// Key id or key ARN of an `EXTERNAL` key.
    #[napi(js_name = "KeyId", ts_type = "string")]
    pub key_id: Option<Unknown<'a>>,
    /// The raw key material: exactly 32 bytes.
    #[napi(js_name = "KeyMaterial", ts_type = "Uint8Array | ArrayBuffer")]
    pub key_material: Option<Unknown<'a>>,
    /// `EXISTING_KEY_MATERIAL` (default) or `NEW_KEY_MATERIAL` (then `rotateKeyOnDemand`).
    #[napi(
        js_name = "ImportType",
        ts_type = "'EXISTING_KEY_MATERIAL' | 'NEW_KEY_MATERIAL'"
    )]
    pub import_type: Option<Unknown<'a>>,
    /// `KEY_MATERIAL_DOES_NOT_EXPIRE` (default) or `KEY_MATERIAL_EXPIRES` (with `ValidTo`).
    #[napi(
        js_name = "ExpirationModel",
        ts_type = "'KEY_MATERIAL_EXPIRES' | 'KEY_MATERIAL_DOES_NOT_EXPIRE'"
    )]
    pub expiration_model: Option<Unknown<'a>>,
    /// When the material expires.
    #[napi(js_name = "ValidTo", ts_type = "Date | number")]
    pub valid_to: Option<Unknown<'a>>,
}

impl KmsOp for ImportKeyMaterialRequest {
    type Out = datakey::kms::ImportKeyMaterialResponse;
    type Js<'e> = ImportKeyMaterialOutput;
    fn call(self, kms: &datakey::LocalKms) -> datakey::Result<Self::Out> {
        kms.import_key_material(self)
    }
    fn to_js(_env: &Env, out: Self::Out) -> Result<ImportKeyMaterialOutput> {
        Ok(ImportKeyMaterialOutput {
            key_id: out.key_id,
            key_material_id: out.key_material_id,
            metadata: metadata(),
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Request parsing, one function per input shape.

fn list_keys_request(env: &Env, input: Option<Unknown<'_>>) -> Result<ListKeysRequest> {
    let i: ListKeysInput<'_> = request(env, input, "input")?;
    Ok(ListKeysRequest {
        limit: opt_int(env, i.limit, "input.Limit")?,
        marker: opt_string(env, i.marker, "input.Marker")?,
    })
}

fn alias_request(env: &Env, input: Option<Unknown<'_>>) -> Result<(String, String)> {
    let i: AliasInput<'_> = request(env, input, "input")?;
    Ok((
        req_string(env, i.alias_name, "input.AliasName")?,
        req_string(env, i.target_key_id, "input.TargetKeyId")?,
    ))
}

fn delete_alias_request(env: &Env, input: Option<Unknown<'_>>) -> Result<DeleteAliasRequest> {
    let i: DeleteAliasInput<'_> = request(env, input, "input")?;
    Ok(DeleteAliasRequest {
        alias_name: req_string(env, i.alias_name, "input.AliasName")?,
    })
}

fn list_aliases_request(env: &Env, input: Option<Unknown<'_>>) -> Result<ListAliasesRequest> {
    let i: ListAliasesInput<'_> = request(env, input, "input")?;
    Ok(ListAliasesRequest {
        key_id: opt_string(env, i.key_id, "input.KeyId")?,
        limit: opt_int(env, i.limit, "input.Limit")?,
        marker: opt_string(env, i.marker, "input.Marker")?,
    })
}

fn schedule_key_deletion_request(
    env: &Env,
    input: Option<Unknown<'_>>,
) -> Result<ScheduleKeyDeletionRequest> {
    let i: ScheduleKeyDeletionInput<'_> = request(env, input, "input")?;
    Ok(ScheduleKeyDeletionRequest {
        key_id: req_string(env, i.key_id, "input.KeyId")?,
        pending_window_in_days: opt_int(
            env,
            i.pending_window_in_days,
            "input.PendingWindowInDays",
        )?,
    })
}

/// The common fields of `GenerateDataKey` and `GenerateDataKeyWithoutPlaintext`.
struct DataKeyParams {
    key_id: String,
    key_spec: datakey::Result<Option<datakey::kms::DataKeySpec>>,
    number_of_bytes: Option<i64>,
    encryption_context: datakey::EncryptionContext,
}

fn data_key_params(env: &Env, input: Option<Unknown<'_>>) -> Result<DataKeyParams> {
    let i: GenerateDataKeyInput<'_> = request(env, input, "input")?;
    Ok(DataKeyParams {
        key_id: req_string(env, i.key_id, "input.KeyId")?,
        key_spec: kms_enum(env, i.key_spec, "input.KeySpec")?,
        number_of_bytes: opt_int(env, i.number_of_bytes, "input.NumberOfBytes")?,
        encryption_context: ec_map(opt_ec(
            env,
            i.encryption_context,
            "input.EncryptionContext",
        )?),
    })
}

fn generate_data_key_request(
    env: &Env,
    input: Option<Unknown<'_>>,
) -> Result<datakey::Result<GenerateDataKeyRequest>> {
    let p = data_key_params(env, input)?;
    Ok(p.key_spec.map(|key_spec| GenerateDataKeyRequest {
        key_id: p.key_id,
        key_spec,
        number_of_bytes: p.number_of_bytes,
        encryption_context: p.encryption_context,
    }))
}

fn generate_data_key_without_plaintext_request(
    env: &Env,
    input: Option<Unknown<'_>>,
) -> Result<datakey::Result<GenerateDataKeyWithoutPlaintextRequest>> {
    let p = data_key_params(env, input)?;
    Ok(p.key_spec
        .map(|key_spec| GenerateDataKeyWithoutPlaintextRequest {
            key_id: p.key_id,
            key_spec,
            number_of_bytes: p.number_of_bytes,
            encryption_context: p.encryption_context,
        }))
}

fn encrypt_request(
    env: &Env,
    input: Option<Unknown<'_>>,
) -> Result<datakey::Result<EncryptRequest>> {
    let i: EncryptInput<'_> = request(env, input, "input")?;
    let plaintext = match opt(i.plaintext, |v| bytes(env, v, "input.Plaintext"))? {
        Some(b) => datakey::SecretBytes::copy_from_slice(&b),
        None => datakey::SecretBytes::zeroed(0),
    };
    let key_id = req_string(env, i.key_id, "input.KeyId")?;
    let ec = ec_map(opt_ec(
        env,
        i.encryption_context,
        "input.EncryptionContext",
    )?);
    let alg = kms_enum(env, i.encryption_algorithm, "input.EncryptionAlgorithm")?;
    Ok(alg.map(|encryption_algorithm| EncryptRequest {
        key_id,
        plaintext,
        encryption_context: ec,
        encryption_algorithm,
    }))
}

fn blob(env: &Env, value: Option<Unknown<'_>>, what: &str) -> Result<Vec<u8>> {
    Ok(opt(value, |v| bytes(env, v, what))?
        .map(|b| b.to_vec())
        .unwrap_or_default())
}

fn decrypt_request(
    env: &Env,
    input: Option<Unknown<'_>>,
) -> Result<datakey::Result<DecryptRequest>> {
    let i: DecryptInput<'_> = request(env, input, "input")?;
    let ciphertext_blob = blob(env, i.ciphertext_blob, "input.CiphertextBlob")?;
    let ec = ec_map(opt_ec(
        env,
        i.encryption_context,
        "input.EncryptionContext",
    )?);
    let key_id = opt_string(env, i.key_id, "input.KeyId")?;
    let alg = kms_enum(env, i.encryption_algorithm, "input.EncryptionAlgorithm")?;
    Ok(alg.map(|encryption_algorithm| DecryptRequest {
        ciphertext_blob,
        encryption_context: ec,
        key_id,
        encryption_algorithm,
    }))
}

fn re_encrypt_request(
    env: &Env,
    input: Option<Unknown<'_>>,
) -> Result<datakey::Result<ReEncryptRequest>> {
    let i: ReEncryptInput<'_> = request(env, input, "input")?;
    let ciphertext_blob = blob(env, i.ciphertext_blob, "input.CiphertextBlob")?;
    let source_ec = ec_map(opt_ec(
        env,
        i.source_encryption_context,
        "input.SourceEncryptionContext",
    )?);
    let source_key_id = opt_string(env, i.source_key_id, "input.SourceKeyId")?;
    let destination_key_id = req_string(env, i.destination_key_id, "input.DestinationKeyId")?;
    let destination_ec = ec_map(opt_ec(
        env,
        i.destination_encryption_context,
        "input.DestinationEncryptionContext",
    )?);
    let source_alg = kms_enum(
        env,
        i.source_encryption_algorithm,
        "input.SourceEncryptionAlgorithm",
    )?;
    let destination_alg = kms_enum(
        env,
        i.destination_encryption_algorithm,
        "input.DestinationEncryptionAlgorithm",
    )?;
    Ok((|| {
        Ok(ReEncryptRequest {
            ciphertext_blob,
            source_encryption_context: source_ec,
            source_key_id,
            destination_key_id,
            destination_encryption_context: destination_ec,
            source_encryption_algorithm: source_alg?,
            destination_encryption_algorithm: destination_alg?,
        })
    })())
}

fn generate_random_request(env: &Env, input: Option<Unknown<'_>>) -> Result<GenerateRandomRequest> {
    let i: GenerateRandomInput<'_> = request(env, input, "input")?;
    Ok(GenerateRandomRequest {
        number_of_bytes: opt_int(env, i.number_of_bytes, "input.NumberOfBytes")?,
    })
}

fn enable_key_rotation_request(
    env: &Env,
    input: Option<Unknown<'_>>,
) -> Result<EnableKeyRotationRequest> {
    let i: EnableKeyRotationInput<'_> = request(env, input, "input")?;
    Ok(EnableKeyRotationRequest {
        key_id: req_string(env, i.key_id, "input.KeyId")?,
        rotation_period_in_days: opt_int(
            env,
            i.rotation_period_in_days,
            "input.RotationPeriodInDays",
        )?,
    })
}

fn list_key_rotations_request(
    env: &Env,
    input: Option<Unknown<'_>>,
) -> Result<ListKeyRotationsRequest> {
    let i: ListKeyRotationsInput<'_> = request(env, input, "input")?;
    Ok(ListKeyRotationsRequest {
        key_id: req_string(env, i.key_id, "input.KeyId")?,
        limit: opt_int(env, i.limit, "input.Limit")?,
        marker: opt_string(env, i.marker, "input.Marker")?,
    })
}

fn import_key_material_request(
    env: &Env,
    input: Option<Unknown<'_>>,
) -> Result<datakey::Result<ImportKeyMaterialRequest>> {
    let i: ImportKeyMaterialInput<'_> = request(env, input, "input")?;
    let key_id = req_string(env, i.key_id, "input.KeyId")?;
    let key_material = opt(i.key_material, |v| bytes(env, v, "input.KeyMaterial"))?
        .map(|b| datakey::SecretBytes::copy_from_slice(&b));
    let import_type = kms_enum(env, i.import_type, "input.ImportType")?;
    let expiration_model = kms_enum(env, i.expiration_model, "input.ExpirationModel")?;
    let valid_to = opt(i.valid_to, |v| to_system_time(env, v, "input.ValidTo"))?;
    Ok((|| {
        Ok(ImportKeyMaterialRequest {
            key_id,
            key_material,
            import_type: import_type?,
            expiration_model: expiration_model?,
            valid_to,
        })
    })())
}

// ---------------------------------------------------------------------------------------------
// Key policies, callers, temporary credentials and fault injection.

/// `PutKeyPolicy` input.
#[napi(object)]
pub struct PutKeyPolicyInput<'a> {
    /// Key id or key ARN.
    #[napi(js_name = "KeyId", ts_type = "string")]
    pub key_id: Option<Unknown<'a>>,
    /// The policy document (IAM JSON, 1..32768 characters).
    #[napi(js_name = "Policy", ts_type = "string")]
    pub policy: Option<Unknown<'a>>,
    /// `default` (the only key policy name; also when absent).
    #[napi(js_name = "PolicyName", ts_type = "string")]
    pub policy_name: Option<Unknown<'a>>,
    /// Skip the check that the new policy lets the caller change it again (default false).
    #[napi(js_name = "BypassPolicyLockoutSafetyCheck", ts_type = "boolean")]
    pub bypass_policy_lockout_safety_check: Option<Unknown<'a>>,
}

fn put_key_policy_request(env: &Env, input: Option<Unknown<'_>>) -> Result<PutKeyPolicyRequest> {
    let i: PutKeyPolicyInput<'_> = request(env, input, "input")?;
    Ok(PutKeyPolicyRequest {
        key_id: req_string(env, i.key_id, "input.KeyId")?,
        policy: req_string(env, i.policy, "input.Policy")?,
        policy_name: opt_string(env, i.policy_name, "input.PolicyName")?,
        bypass_policy_lockout_safety_check: opt_bool(
            env,
            i.bypass_policy_lockout_safety_check,
            "input.BypassPolicyLockoutSafetyCheck",
        )?,
    })
}

empty_op! {
    PutKeyPolicyRequest => put_key_policy,
}

/// `GetKeyPolicy` input.
#[napi(object)]
pub struct GetKeyPolicyInput<'a> {
    /// Key id or key ARN.
    #[napi(js_name = "KeyId", ts_type = "string")]
    pub key_id: Option<Unknown<'a>>,
    /// `default` (the only key policy name; also when absent).
    #[napi(js_name = "PolicyName", ts_type = "string")]
    pub policy_name: Option<Unknown<'a>>,
}

fn get_key_policy_request(env: &Env, input: Option<Unknown<'_>>) -> Result<GetKeyPolicyRequest> {
    let i: GetKeyPolicyInput<'_> = request(env, input, "input")?;
    Ok(GetKeyPolicyRequest {
        key_id: req_string(env, i.key_id, "input.KeyId")?,
        policy_name: opt_string(env, i.policy_name, "input.PolicyName")?,
    })
}

/// `GetKeyPolicy` output.
#[napi(object)]
pub struct GetKeyPolicyOutput {
    /// The policy document, exactly as it was put (or the default key policy).
    #[napi(js_name = "Policy")]
    pub policy: String,
    /// `default`.
    #[napi(js_name = "PolicyName")]
    pub policy_name: String,
    /// Response metadata.
    #[napi(js_name = "$metadata")]
    pub metadata: ResponseMetadata,
}

impl KmsOp for GetKeyPolicyRequest {
    type Out = datakey::kms::GetKeyPolicyResponse;
    type Js<'e> = GetKeyPolicyOutput;
    fn call(self, kms: &datakey::LocalKms) -> datakey::Result<Self::Out> {
        kms.get_key_policy(self)
    }
    fn to_js(_env: &Env, out: Self::Out) -> Result<GetKeyPolicyOutput> {
        Ok(GetKeyPolicyOutput {
            policy: out.policy,
            policy_name: out.policy_name,
            metadata: metadata(),
        })
    }
}

/// `AssumeRole` input (the STS operation, in the shape of the SDK's `STS` client).
#[napi(object)]
pub struct AssumeRoleInput<'a> {
    /// `arn:aws:iam::<account>:role/<name>`.
    #[napi(js_name = "RoleArn", ts_type = "string")]
    pub role_arn: Option<Unknown<'a>>,
    /// 2..64 characters of `[\w+=,.@-]`.
    #[napi(js_name = "RoleSessionName", ts_type = "string")]
    pub role_session_name: Option<Unknown<'a>>,
    /// 900..43200 seconds (default 3600), on the service's clock.
    #[napi(js_name = "DurationSeconds", ts_type = "number")]
    pub duration_seconds: Option<Unknown<'a>>,
}

fn assume_role_request(env: &Env, input: Option<Unknown<'_>>) -> Result<AssumeRoleRequest> {
    let i: AssumeRoleInput<'_> = request(env, input, "input")?;
    Ok(AssumeRoleRequest {
        role_arn: req_string(env, i.role_arn, "input.RoleArn")?,
        role_session_name: req_string(env, i.role_session_name, "input.RoleSessionName")?,
        duration_seconds: opt_int(env, i.duration_seconds, "input.DurationSeconds")?,
    })
}

/// Temporary credentials (`AssumeRole`'s `Credentials`). Pass them as `credentials` to
/// `asCaller` to run operations as the session.
#[napi(object)]
pub struct Credentials<'e> {
    /// `ASIA…`.
    #[napi(js_name = "AccessKeyId")]
    pub access_key_id: String,
    /// The secret access key (datakey signs nothing with it; it is returned as STS returns it).
    #[napi(js_name = "SecretAccessKey")]
    pub secret_access_key: String,
    /// The session token requests carry.
    #[napi(js_name = "SessionToken")]
    pub session_token: String,
    /// When the credentials stop working (on the service's clock).
    #[napi(js_name = "Expiration")]
    pub expiration: JsDate<'e>,
}

/// Who an `AssumeRole` session acts as.
#[napi(object)]
pub struct AssumedRoleUser {
    /// `arn:aws:sts::<account>:assumed-role/<role name>/<session name>`.
    #[napi(js_name = "Arn")]
    pub arn: String,
    /// `AROA…:<session name>`.
    #[napi(js_name = "AssumedRoleId")]
    pub assumed_role_id: String,
}

/// `AssumeRole` output.
#[napi(object)]
pub struct AssumeRoleOutput<'e> {
    /// The temporary credentials.
    #[napi(js_name = "Credentials")]
    pub credentials: Credentials<'e>,
    /// Who they act as.
    #[napi(js_name = "AssumedRoleUser")]
    pub assumed_role_user: AssumedRoleUser,
    /// Response metadata.
    #[napi(js_name = "$metadata")]
    pub metadata: ResponseMetadata,
}

impl KmsOp for AssumeRoleRequest {
    type Out = datakey::kms::AssumeRoleResponse;
    type Js<'e> = AssumeRoleOutput<'e>;
    fn call(self, kms: &datakey::LocalKms) -> datakey::Result<Self::Out> {
        kms.assume_role(self)
    }
    fn to_js(env: &Env, out: Self::Out) -> Result<Self::Js<'_>> {
        let c = out.credentials;
        Ok(AssumeRoleOutput {
            credentials: Credentials {
                secret_access_key: String::from_utf8_lossy(c.secret_access_key.expose_secret())
                    .into_owned(),
                access_key_id: c.access_key_id,
                session_token: c.session_token,
                expiration: date(env, c.expiration)?,
            },
            assumed_role_user: AssumedRoleUser {
                arn: out.assumed_role_user.arn,
                assumed_role_id: out.assumed_role_user.assumed_role_id,
            },
            metadata: metadata(),
        })
    }
}

/// The session credentials a caller presents: `AssumeRole`'s `Credentials` (only these two
/// fields are read).
#[napi(object)]
pub struct SessionCredentialsInput<'a> {
    /// `ASIA…`.
    #[napi(js_name = "AccessKeyId", ts_type = "string")]
    pub access_key_id: Option<Unknown<'a>>,
    /// The session token.
    #[napi(js_name = "SessionToken", ts_type = "string")]
    pub session_token: Option<Unknown<'a>>,
}

/// `asCaller` options: who the returned handle's operations run as.
#[napi(object)]
pub struct CallerOptions<'a> {
    /// `arn:aws:iam::<account>:root`, `…:user/<name>`, `…:role/<name>`, or an assumed-role ARN
    /// (`AssumedRoleUser.Arn` of `assumeRole`).
    #[napi(ts_type = "string")]
    pub principal_arn: Option<Unknown<'a>>,
    /// The request's source IP (`aws:SourceIp`), IPv4 or IPv6; default: none.
    #[napi(ts_type = "string")]
    pub source_ip: Option<Unknown<'a>>,
    /// Session credentials from `assumeRole` (its `Credentials`), checked on every call:
    /// unknown ones are `UnrecognizedClientException`, expired ones `ExpiredTokenException`.
    #[napi(ts_type = "SessionCredentialsInput")]
    pub credentials: Option<Unknown<'a>>,
}

/// A core `Caller` from a principal ARN string or `CallerOptions`.
fn caller_arg(env: &Env, value: Option<Unknown<'_>>) -> Result<datakey::Result<Caller>> {
    if let Some(v) = value
        && v.get_type()? == ValueType::String
    {
        return Ok(Ok(Caller::new(String::from_unknown(v)?)));
    }
    let o: CallerOptions<'_> = request(env, value, "caller")?;
    let mut caller = Caller::new(req_string(env, o.principal_arn, "caller.principalArn")?);
    if let Some(creds) = opt(o.credentials, |v| {
        let c: SessionCredentialsInput<'_> = request(env, Some(v), "caller.credentials")?;
        Ok(SessionToken {
            access_key_id: req_string(env, c.access_key_id, "caller.credentials.AccessKeyId")?,
            session_token: req_string(env, c.session_token, "caller.credentials.SessionToken")?,
        })
    })? {
        caller.session = Some(creds);
    }
    Ok(match opt_string(env, o.source_ip, "caller.sourceIp")? {
        Some(ip) => caller.with_source_ip_str(&ip),
        None => Ok(caller),
    })
}

/// A fault injection rule: raise `fault` on calls of `operations` (default: every operation),
/// either on each of the next `nextCalls` calls or at probability `rate` (exactly one of the
/// two).
#[napi(object)]
pub struct FaultRuleInput<'a> {
    /// The exception to raise.
    #[napi(
        ts_type = "'KeyUnavailableException' | 'DependencyTimeoutException' | 'ThrottlingException' | 'KMSInternalException'"
    )]
    pub fault: Option<Unknown<'a>>,
    /// The operations it applies to, by KMS name (`'GenerateDataKey'`, `'Decrypt'`, …); empty or
    /// absent: every operation.
    #[napi(ts_type = "string[]")]
    pub operations: Option<Unknown<'a>>,
    /// Raise it on each of the next N matching calls, then remove the rule.
    #[napi(ts_type = "number")]
    pub next_calls: Option<Unknown<'a>>,
    /// Raise it on each matching call with this probability (0..1), drawn from the fault seed.
    #[napi(ts_type = "number")]
    pub rate: Option<Unknown<'a>>,
}

fn fault_rule(env: &Env, value: Option<Unknown<'_>>) -> Result<datakey::Result<FaultRule>> {
    let r: FaultRuleInput<'_> = request(env, value, "rule")?;
    let fault = req_string(env, r.fault, "rule.fault")?;
    let operations = opt(r.operations, |v| {
        convert::string_list(env, v, "rule.operations")
    })?
    .unwrap_or_default();
    let next_calls = opt(r.next_calls, |v| convert::uint64(env, v, "rule.nextCalls"))?;
    let rate = opt(r.rate, |v| convert::number(env, v, "rule.rate"))?;
    let trigger = match (next_calls, rate) {
        (Some(n), None) => FaultTrigger::NextCalls(u32::try_from(n).map_err(|_| {
            crate::error::range_error(
                env,
                format!(
                    "The value of \"rule.nextCalls\" is out of range. It must be <= {}. Received {n}",
                    u32::MAX
                ),
            )
        })?),
        (None, Some(p)) => FaultTrigger::Rate(p),
        _ => {
            return Err(type_error(
                env,
                "The \"rule\" argument must have exactly one of \"nextCalls\" and \"rate\".",
            ));
        }
    };
    Ok((|| {
        Ok(FaultRule {
            fault: fault.parse::<FaultKind>()?,
            operations: operations
                .iter()
                .map(|o| o.parse::<Operation>())
                .collect::<datakey::Result<Vec<_>>>()?,
            trigger,
        })
    })())
}

/// A fault injection rule in force (`kms.faults()`).
#[napi(object)]
pub struct FaultRuleInfo {
    /// The exception it raises.
    pub fault: String,
    /// The operations it applies to (empty: every operation).
    pub operations: Vec<String>,
    /// The matching calls it will still fail (a `nextCalls` rule).
    pub next_calls: Option<u32>,
    /// Its probability (a `rate` rule).
    pub rate: Option<f64>,
}

fn fault_rule_info(rule: FaultRule) -> FaultRuleInfo {
    let (next_calls, rate) = match rule.trigger {
        FaultTrigger::NextCalls(n) => (Some(n), None),
        FaultTrigger::Rate(p) => (None, Some(p)),
    };
    FaultRuleInfo {
        fault: rule.fault.as_str().to_owned(),
        operations: rule
            .operations
            .iter()
            .map(|o| o.as_str().to_owned())
            .collect(),
        next_calls,
        rate,
    }
}

// ---------------------------------------------------------------------------------------------
// The class.

/// `LocalKms` constructor options.
#[napi(object)]
pub struct LocalKmsOptions<'a> {
    /// The region in key and alias ARNs (default `us-east-1`).
    #[napi(ts_type = "string")]
    pub region: Option<Unknown<'a>>,
    /// The 12-digit account id in ARNs (default `111122223333`).
    #[napi(ts_type = "string")]
    pub account_id: Option<Unknown<'a>>,
    /// The clock behind creation dates, deletion windows, expiry and automatic rotation (default:
    /// the system clock). Pass a `ManualClock` in tests.
    #[napi(ts_type = "ManualClock")]
    pub clock: Option<Unknown<'a>>,
    /// Opt-in eventual consistency, in milliseconds on the clock (default 0: off): changes to
    /// keys, key policies and aliases reach the data-plane operations (`generateDataKey*`,
    /// `encrypt`, `decrypt`, `reEncrypt`) only this long after they were made.
    #[napi(ts_type = "number")]
    pub propagation_delay: Option<Unknown<'a>>,
    /// The seed of the stream injected fault rates draw from (default: random), so a run with
    /// `rate` rules is reproducible.
    #[napi(ts_type = "number | bigint")]
    pub fault_seed: Option<Unknown<'a>>,
    /// **INSECURE — FOR TESTS ONLY.** Makes key ids, key material, data keys, blobs and session
    /// credentials a deterministic function of this seed and the order of calls, for snapshot
    /// tests. Anyone who knows the seed knows every key.
    #[napi(ts_type = "number | bigint")]
    pub insecure_deterministic_seed: Option<Unknown<'a>>,
}

/// `LocalKms.open` options.
#[napi(object)]
pub struct OpenStoreOptions<'a> {
    /// The store directory (default: `$DATAKEY_STORE`, else the per-user data folder).
    #[napi(ts_type = "string")]
    pub path: Option<Unknown<'a>>,
    /// The root key: 32 bytes, or 64 hex digits or base64 text (default: `$DATAKEY_ROOT_KEY`).
    #[napi(ts_type = "string | Uint8Array")]
    pub root_key: Option<Unknown<'a>>,
    /// A passphrase to derive the root key from with Argon2id (default: `$DATAKEY_PASSPHRASE`).
    #[napi(ts_type = "string | Uint8Array")]
    pub passphrase: Option<Unknown<'a>>,
    /// The region in key and alias ARNs (default `us-east-1`); must match the store's.
    #[napi(ts_type = "string")]
    pub region: Option<Unknown<'a>>,
    /// The 12-digit account id in ARNs (default `111122223333`); must match the store's.
    #[napi(ts_type = "string")]
    pub account_id: Option<Unknown<'a>>,
    /// The clock (default: the system clock).
    #[napi(ts_type = "ManualClock")]
    pub clock: Option<Unknown<'a>>,
}

/// A core builder from the shared `LocalKms` / `LocalKms.open` options.
fn builder(
    env: &Env,
    region: Option<Unknown<'_>>,
    account_id: Option<Unknown<'_>>,
    clock: Option<Unknown<'_>>,
) -> Result<datakey::kms::LocalKmsBuilder> {
    let mut builder = datakey::LocalKms::builder();
    if let Some(region) = opt_string(env, region, "options.region")? {
        builder = builder.region(region);
    }
    if let Some(account) = opt_string(env, account_id, "options.accountId")? {
        builder = builder.account_id(account);
    }
    if let Some(clock) = manual_clock_arg(env, clock, "options.clock")? {
        builder = builder.clock(clock);
    }
    Ok(builder)
}

/// The in-process KMS, shaped like the AWS SDK for JavaScript v3 aggregated `KMS` client:
/// `await kms.generateDataKey({ KeyId, KeySpec: 'AES_256', EncryptionContext })`. Failures reject
/// with an `Error` whose `name` (and `code`) is the KMS exception name, such as
/// `'DisabledException'`, and whose `message` is KMS's message.
///
/// Each operation runs on the libuv thread pool; its `…Sync` twin runs the same code on the
/// calling thread. Keys live as long as this object (and the keyrings made from it).
#[napi]
pub struct LocalKms {
    pub(crate) inner: datakey::LocalKms,
}

#[napi]
impl LocalKms {
    /// A new, empty KMS: `new LocalKms({ region, accountId, clock, propagationDelay, faultSeed,
    /// insecureDeterministicSeed })`, every option optional.
    #[napi(catch_unwind, constructor, ts_args_type = "options?: LocalKmsOptions")]
    pub fn new(env: Env, options: Option<Unknown<'_>>) -> Result<Self> {
        let o: LocalKmsOptions<'_> = request(&env, options, "options")?;
        let mut builder = datakey::LocalKms::builder();
        if let Some(region) = opt_string(&env, o.region, "options.region")? {
            builder = builder.region(region);
        }
        if let Some(account) = opt_string(&env, o.account_id, "options.accountId")? {
            builder = builder.account_id(account);
        }
        if let Some(clock) = manual_clock_arg(&env, o.clock, "options.clock")? {
            builder = builder.clock(clock);
        }
        if let Some(ms) = opt(o.propagation_delay, |v| {
            convert::number(&env, v, "options.propagationDelay")
        })? {
            builder =
                builder.propagation_delay(duration_from_ms(&env, ms, "options.propagationDelay")?);
        }
        if let Some(seed) = opt(o.fault_seed, |v| {
            convert::uint64(&env, v, "options.faultSeed")
        })? {
            builder = builder.fault_seed(seed);
        }
        if let Some(seed) = opt(o.insecure_deterministic_seed, |v| {
            convert::uint64(&env, v, "options.insecureDeterministicSeed")
        })? {
            builder = builder.insecure_deterministic_seed(seed);
        }
        Ok(Self {
            inner: builder.build().or_throw(&env)?,
        })
    }

    /// A KMS over the persistent key store shared with the `datakey` command line, Rust and
    /// Python: `LocalKms.open({ path, rootKey, passphrase, region, accountId, clock })`, every
    /// option optional. `path` defaults to `$DATAKEY_STORE`, else `$XDG_DATA_HOME/datakey`,
    /// else `~/.local/share/datakey`; the store is sealed under `rootKey` (32 bytes, or 64 hex
    /// digits / base64 text), a key derived from `passphrase`, or, with neither,
    /// `$DATAKEY_ROOT_KEY` / `$DATAKEY_PASSPHRASE`. Every operation is on disk before it
    /// completes. Throws `WrongRootKeyError`, `StoreCorruptError` or
    /// `UnsupportedStoreVersionError` for a store it cannot read (the file is left untouched).
    #[napi(catch_unwind, factory, ts_args_type = "options?: OpenStoreOptions")]
    pub fn open(env: Env, options: Option<Unknown<'_>>) -> Result<Self> {
        use datakey::kms::RootKey;
        let o: OpenStoreOptions<'_> = request(&env, options, "options")?;
        let secret = |v: Unknown<'_>,
                      what: &str,
                      text: fn(&str) -> datakey::Result<RootKey>,
                      raw: fn(&[u8]) -> datakey::Result<RootKey>|
         -> Result<RootKey> {
            if v.get_type()? == ValueType::String {
                text(&string(&env, v, what)?).or_throw(&env)
            } else {
                raw(&bytes(&env, v, what)?).or_throw(&env)
            }
        };
        let root_key = opt(o.root_key, |v| {
            secret(v, "options.rootKey", RootKey::parse, RootKey::from_bytes)
        })?;
        let passphrase = opt(o.passphrase, |v| {
            secret(
                v,
                "options.passphrase",
                |t| RootKey::passphrase(t.as_bytes()),
                RootKey::passphrase,
            )
        })?;
        let root = match (root_key, passphrase) {
            (Some(_), Some(_)) => {
                return Err(datakey::Error::Validation(
                    "Give rootKey or passphrase, not both.".into(),
                ))
                .or_throw(&env);
            }
            (Some(k), None) | (None, Some(k)) => k,
            (None, None) => RootKey::from_env().or_throw(&env)?,
        };
        let path = opt_string(&env, o.path, "options.path")?;
        let dir =
            datakey::kms::store_dir(path.as_deref().map(std::path::Path::new)).or_throw(&env)?;
        let builder = builder(&env, o.region, o.account_id, o.clock)?;
        Ok(Self {
            inner: builder.open(dir, root).or_throw(&env)?,
        })
    }

    /// The store directory of a `LocalKms.open` service (`null` for an in-memory one).
    #[napi(catch_unwind, getter)]
    pub fn store_path(&self) -> Option<String> {
        self.inner.store_path().map(|p| p.display().to_string())
    }

    /// A keyring over the key `keyId` (key ID, key ARN, alias name or alias ARN) of this KMS,
    /// for `encrypt` / `decrypt` / the streams / `MultiKeyring`.
    #[napi(catch_unwind, ts_args_type = "keyId: string")]
    pub fn keyring(&self, env: Env, key_id: Unknown<'_>) -> Result<KmsKeyring> {
        KmsKeyring::new(&env, &self.inner, key_id)
    }

    /// A decrypt-only keyring that opens any message whose data key a key of this KMS wrapped —
    /// decrypt without naming the key. `options.discoveryFilter` (`{ partition, accountIDs }`, as
    /// `@aws-crypto`'s) limits it to keys of that partition and those accounts.
    #[napi(catch_unwind, ts_args_type = "options?: DiscoveryKeyringOptions")]
    pub fn discovery_keyring(
        &self,
        env: Env,
        options: Option<Unknown<'_>>,
    ) -> Result<DiscoveryKeyring> {
        DiscoveryKeyring::new(&env, &self.inner, options)
    }

    /// The region in ARNs.
    #[napi(catch_unwind, getter)]
    pub fn region(&self) -> String {
        self.inner.region().to_owned()
    }

    /// The account id in ARNs.
    #[napi(catch_unwind, getter)]
    pub fn account_id(&self) -> String {
        self.inner.account_id().to_owned()
    }

    /// `CreateKey`: a new KMS key (symmetric `SYMMETRIC_DEFAULT` unless `KeySpec` says otherwise).
    #[napi(
        catch_unwind,
        ts_args_type = "input?: CreateKeyInput",
        ts_return_type = "Promise<KeyMetadataOutput>"
    )]
    pub fn create_key(
        &self,
        env: Env,
        input: Option<Unknown<'_>>,
    ) -> Result<KmsTask<CreateKeyCall>> {
        Ok(task(&self.inner, create_key_request(&env, input)?))
    }

    /// `CreateKey`, synchronously.
    #[napi(catch_unwind, ts_args_type = "input?: CreateKeyInput")]
    pub fn create_key_sync<'e>(
        &self,
        env: &'e Env,
        input: Option<Unknown<'_>>,
    ) -> Result<KeyMetadataOutput<'e>> {
        run_sync(env, &self.inner, create_key_request(env, input)?)
    }

    /// `DescribeKey`: a key's metadata (works in every key state).
    #[napi(
        catch_unwind,
        ts_args_type = "input: KeyIdInput",
        ts_return_type = "Promise<KeyMetadataOutput>"
    )]
    pub fn describe_key(
        &self,
        env: Env,
        input: Option<Unknown<'_>>,
    ) -> Result<KmsTask<DescribeKeyRequest>> {
        let key_id = key_id_of(&env, input)?;
        Ok(task(&self.inner, Ok(DescribeKeyRequest { key_id })))
    }

    /// `DescribeKey`, synchronously.
    #[napi(catch_unwind, ts_args_type = "input: KeyIdInput")]
    pub fn describe_key_sync<'e>(
        &self,
        env: &'e Env,
        input: Option<Unknown<'_>>,
    ) -> Result<KeyMetadataOutput<'e>> {
        let key_id = key_id_of(env, input)?;
        run_sync(env, &self.inner, Ok(DescribeKeyRequest { key_id }))
    }

    /// `ListKeys`: the keys, a page at a time.
    #[napi(
        catch_unwind,
        ts_args_type = "input?: ListKeysInput",
        ts_return_type = "Promise<ListKeysOutput>"
    )]
    pub fn list_keys(
        &self,
        env: Env,
        input: Option<Unknown<'_>>,
    ) -> Result<KmsTask<ListKeysRequest>> {
        Ok(task(&self.inner, Ok(list_keys_request(&env, input)?)))
    }

    /// `ListKeys`, synchronously.
    #[napi(catch_unwind, ts_args_type = "input?: ListKeysInput")]
    pub fn list_keys_sync(&self, env: Env, input: Option<Unknown<'_>>) -> Result<ListKeysOutput> {
        run_sync(&env, &self.inner, Ok(list_keys_request(&env, input)?))
    }

    /// `CreateAlias`: `alias/<name>` for a key.
    #[napi(
        catch_unwind,
        ts_args_type = "input: AliasInput",
        ts_return_type = "Promise<EmptyOutput>"
    )]
    pub fn create_alias(
        &self,
        env: Env,
        input: Option<Unknown<'_>>,
    ) -> Result<KmsTask<CreateAliasRequest>> {
        let (alias_name, target_key_id) = alias_request(&env, input)?;
        Ok(task(
            &self.inner,
            Ok(CreateAliasRequest {
                alias_name,
                target_key_id,
            }),
        ))
    }

    /// `CreateAlias`, synchronously.
    #[napi(catch_unwind, ts_args_type = "input: AliasInput")]
    pub fn create_alias_sync(&self, env: Env, input: Option<Unknown<'_>>) -> Result<EmptyOutput> {
        let (alias_name, target_key_id) = alias_request(&env, input)?;
        let req = CreateAliasRequest {
            alias_name,
            target_key_id,
        };
        run_sync(&env, &self.inner, Ok(req))
    }

    /// `UpdateAlias`: points an existing alias at another key.
    #[napi(
        catch_unwind,
        ts_args_type = "input: AliasInput",
        ts_return_type = "Promise<EmptyOutput>"
    )]
    pub fn update_alias(
        &self,
        env: Env,
        input: Option<Unknown<'_>>,
    ) -> Result<KmsTask<UpdateAliasRequest>> {
        let (alias_name, target_key_id) = alias_request(&env, input)?;
        Ok(task(
            &self.inner,
            Ok(UpdateAliasRequest {
                alias_name,
                target_key_id,
            }),
        ))
    }

    /// `UpdateAlias`, synchronously.
    #[napi(catch_unwind, ts_args_type = "input: AliasInput")]
    pub fn update_alias_sync(&self, env: Env, input: Option<Unknown<'_>>) -> Result<EmptyOutput> {
        let (alias_name, target_key_id) = alias_request(&env, input)?;
        let req = UpdateAliasRequest {
            alias_name,
            target_key_id,
        };
        run_sync(&env, &self.inner, Ok(req))
    }

    /// `DeleteAlias`.
    #[napi(
        catch_unwind,
        ts_args_type = "input: DeleteAliasInput",
        ts_return_type = "Promise<EmptyOutput>"
    )]
    pub fn delete_alias(
        &self,
        env: Env,
        input: Option<Unknown<'_>>,
    ) -> Result<KmsTask<DeleteAliasRequest>> {
        Ok(task(&self.inner, Ok(delete_alias_request(&env, input)?)))
    }

    /// `DeleteAlias`, synchronously.
    #[napi(catch_unwind, ts_args_type = "input: DeleteAliasInput")]
    pub fn delete_alias_sync(&self, env: Env, input: Option<Unknown<'_>>) -> Result<EmptyOutput> {
        run_sync(&env, &self.inner, Ok(delete_alias_request(&env, input)?))
    }

    /// `ListAliases`: the aliases (of one key, or all), a page at a time.
    #[napi(
        catch_unwind,
        ts_args_type = "input?: ListAliasesInput",
        ts_return_type = "Promise<ListAliasesOutput>"
    )]
    pub fn list_aliases(
        &self,
        env: Env,
        input: Option<Unknown<'_>>,
    ) -> Result<KmsTask<ListAliasesRequest>> {
        Ok(task(&self.inner, Ok(list_aliases_request(&env, input)?)))
    }

    /// `ListAliases`, synchronously.
    #[napi(catch_unwind, ts_args_type = "input?: ListAliasesInput")]
    pub fn list_aliases_sync<'e>(
        &self,
        env: &'e Env,
        input: Option<Unknown<'_>>,
    ) -> Result<ListAliasesOutput<'e>> {
        run_sync(env, &self.inner, Ok(list_aliases_request(env, input)?))
    }

    /// `EnableKey`.
    #[napi(
        catch_unwind,
        ts_args_type = "input: KeyIdInput",
        ts_return_type = "Promise<EmptyOutput>"
    )]
    pub fn enable_key(
        &self,
        env: Env,
        input: Option<Unknown<'_>>,
    ) -> Result<KmsTask<EnableKeyRequest>> {
        let key_id = key_id_of(&env, input)?;
        Ok(task(&self.inner, Ok(EnableKeyRequest { key_id })))
    }

    /// `EnableKey`, synchronously.
    #[napi(catch_unwind, ts_args_type = "input: KeyIdInput")]
    pub fn enable_key_sync(&self, env: Env, input: Option<Unknown<'_>>) -> Result<EmptyOutput> {
        let key_id = key_id_of(&env, input)?;
        run_sync(&env, &self.inner, Ok(EnableKeyRequest { key_id }))
    }

    /// `DisableKey`.
    #[napi(
        catch_unwind,
        ts_args_type = "input: KeyIdInput",
        ts_return_type = "Promise<EmptyOutput>"
    )]
    pub fn disable_key(
        &self,
        env: Env,
        input: Option<Unknown<'_>>,
    ) -> Result<KmsTask<DisableKeyRequest>> {
        let key_id = key_id_of(&env, input)?;
        Ok(task(&self.inner, Ok(DisableKeyRequest { key_id })))
    }

    /// `DisableKey`, synchronously.
    #[napi(catch_unwind, ts_args_type = "input: KeyIdInput")]
    pub fn disable_key_sync(&self, env: Env, input: Option<Unknown<'_>>) -> Result<EmptyOutput> {
        let key_id = key_id_of(&env, input)?;
        run_sync(&env, &self.inner, Ok(DisableKeyRequest { key_id }))
    }

    /// `ScheduleKeyDeletion`: the key becomes `PendingDeletion` and is deleted when the window
    /// (7..30 days on the injected clock) has passed.
    #[napi(
        catch_unwind,
        ts_args_type = "input: ScheduleKeyDeletionInput",
        ts_return_type = "Promise<ScheduleKeyDeletionOutput>"
    )]
    pub fn schedule_key_deletion(
        &self,
        env: Env,
        input: Option<Unknown<'_>>,
    ) -> Result<KmsTask<ScheduleKeyDeletionRequest>> {
        Ok(task(
            &self.inner,
            Ok(schedule_key_deletion_request(&env, input)?),
        ))
    }

    /// `ScheduleKeyDeletion`, synchronously.
    #[napi(catch_unwind, ts_args_type = "input: ScheduleKeyDeletionInput")]
    pub fn schedule_key_deletion_sync<'e>(
        &self,
        env: &'e Env,
        input: Option<Unknown<'_>>,
    ) -> Result<ScheduleKeyDeletionOutput<'e>> {
        run_sync(
            env,
            &self.inner,
            Ok(schedule_key_deletion_request(env, input)?),
        )
    }

    /// `CancelKeyDeletion`: the key returns to `Disabled`.
    #[napi(
        catch_unwind,
        ts_args_type = "input: KeyIdInput",
        ts_return_type = "Promise<KeyIdOutput>"
    )]
    pub fn cancel_key_deletion(
        &self,
        env: Env,
        input: Option<Unknown<'_>>,
    ) -> Result<KmsTask<CancelKeyDeletionRequest>> {
        let key_id = key_id_of(&env, input)?;
        Ok(task(&self.inner, Ok(CancelKeyDeletionRequest { key_id })))
    }

    /// `CancelKeyDeletion`, synchronously.
    #[napi(catch_unwind, ts_args_type = "input: KeyIdInput")]
    pub fn cancel_key_deletion_sync(
        &self,
        env: Env,
        input: Option<Unknown<'_>>,
    ) -> Result<KeyIdOutput> {
        let key_id = key_id_of(&env, input)?;
        run_sync(&env, &self.inner, Ok(CancelKeyDeletionRequest { key_id }))
    }

    /// `GenerateDataKey`: a fresh data key, in plaintext and encrypted under the KMS key.
    #[napi(
        catch_unwind,
        ts_args_type = "input: GenerateDataKeyInput",
        ts_return_type = "Promise<GenerateDataKeyOutput>"
    )]
    pub fn generate_data_key(
        &self,
        env: Env,
        input: Option<Unknown<'_>>,
    ) -> Result<KmsTask<GenerateDataKeyRequest>> {
        Ok(task(&self.inner, generate_data_key_request(&env, input)?))
    }

    /// `GenerateDataKey`, synchronously.
    #[napi(catch_unwind, ts_args_type = "input: GenerateDataKeyInput")]
    pub fn generate_data_key_sync(
        &self,
        env: Env,
        input: Option<Unknown<'_>>,
    ) -> Result<GenerateDataKeyOutput> {
        run_sync(&env, &self.inner, generate_data_key_request(&env, input)?)
    }

    /// `GenerateDataKeyWithoutPlaintext`: a fresh data key, encrypted only.
    #[napi(
        catch_unwind,
        ts_args_type = "input: GenerateDataKeyInput",
        ts_return_type = "Promise<GenerateDataKeyWithoutPlaintextOutput>"
    )]
    pub fn generate_data_key_without_plaintext(
        &self,
        env: Env,
        input: Option<Unknown<'_>>,
    ) -> Result<KmsTask<GenerateDataKeyWithoutPlaintextRequest>> {
        let req = generate_data_key_without_plaintext_request(&env, input)?;
        Ok(task(&self.inner, req))
    }

    /// `GenerateDataKeyWithoutPlaintext`, synchronously.
    #[napi(catch_unwind, ts_args_type = "input: GenerateDataKeyInput")]
    pub fn generate_data_key_without_plaintext_sync(
        &self,
        env: Env,
        input: Option<Unknown<'_>>,
    ) -> Result<GenerateDataKeyWithoutPlaintextOutput> {
        let req = generate_data_key_without_plaintext_request(&env, input)?;
        run_sync(&env, &self.inner, req)
    }

    /// `Encrypt`: up to 4096 bytes under a KMS key.
    #[napi(
        catch_unwind,
        ts_args_type = "input: EncryptInput",
        ts_return_type = "Promise<EncryptOutput>"
    )]
    pub fn encrypt(&self, env: Env, input: Option<Unknown<'_>>) -> Result<KmsTask<EncryptRequest>> {
        Ok(task(&self.inner, encrypt_request(&env, input)?))
    }

    /// `Encrypt`, synchronously.
    #[napi(catch_unwind, ts_args_type = "input: EncryptInput")]
    pub fn encrypt_sync(&self, env: Env, input: Option<Unknown<'_>>) -> Result<EncryptOutput> {
        run_sync(&env, &self.inner, encrypt_request(&env, input)?)
    }

    /// `Decrypt`: a ciphertext blob back to its plaintext.
    #[napi(
        catch_unwind,
        ts_args_type = "input: DecryptInput",
        ts_return_type = "Promise<DecryptOutput>"
    )]
    pub fn decrypt(&self, env: Env, input: Option<Unknown<'_>>) -> Result<KmsTask<DecryptRequest>> {
        Ok(task(&self.inner, decrypt_request(&env, input)?))
    }

    /// `Decrypt`, synchronously.
    #[napi(catch_unwind, ts_args_type = "input: DecryptInput")]
    pub fn decrypt_sync(&self, env: Env, input: Option<Unknown<'_>>) -> Result<DecryptOutput> {
        run_sync(&env, &self.inner, decrypt_request(&env, input)?)
    }

    /// `ReEncrypt`: decrypts and re-encrypts a blob (under another key or context) without the
    /// plaintext leaving the library.
    #[napi(
        catch_unwind,
        ts_args_type = "input: ReEncryptInput",
        ts_return_type = "Promise<ReEncryptOutput>"
    )]
    pub fn re_encrypt(
        &self,
        env: Env,
        input: Option<Unknown<'_>>,
    ) -> Result<KmsTask<ReEncryptRequest>> {
        Ok(task(&self.inner, re_encrypt_request(&env, input)?))
    }

    /// `ReEncrypt`, synchronously.
    #[napi(catch_unwind, ts_args_type = "input: ReEncryptInput")]
    pub fn re_encrypt_sync(&self, env: Env, input: Option<Unknown<'_>>) -> Result<ReEncryptOutput> {
        run_sync(&env, &self.inner, re_encrypt_request(&env, input)?)
    }

    /// `GenerateRandom`: 1..1024 random bytes.
    #[napi(
        catch_unwind,
        ts_args_type = "input: GenerateRandomInput",
        ts_return_type = "Promise<GenerateRandomOutput>"
    )]
    pub fn generate_random(
        &self,
        env: Env,
        input: Option<Unknown<'_>>,
    ) -> Result<KmsTask<GenerateRandomRequest>> {
        Ok(task(&self.inner, Ok(generate_random_request(&env, input)?)))
    }

    /// `GenerateRandom`, synchronously.
    #[napi(catch_unwind, ts_args_type = "input: GenerateRandomInput")]
    pub fn generate_random_sync(
        &self,
        env: Env,
        input: Option<Unknown<'_>>,
    ) -> Result<GenerateRandomOutput> {
        run_sync(&env, &self.inner, Ok(generate_random_request(&env, input)?))
    }

    /// `RotateKeyOnDemand`: new key material now (at most 25 times per key); old blobs stay
    /// readable.
    #[napi(
        catch_unwind,
        ts_args_type = "input: KeyIdInput",
        ts_return_type = "Promise<KeyIdOutput>"
    )]
    pub fn rotate_key_on_demand(
        &self,
        env: Env,
        input: Option<Unknown<'_>>,
    ) -> Result<KmsTask<RotateKeyOnDemandRequest>> {
        let key_id = key_id_of(&env, input)?;
        Ok(task(&self.inner, Ok(RotateKeyOnDemandRequest { key_id })))
    }

    /// `RotateKeyOnDemand`, synchronously.
    #[napi(catch_unwind, ts_args_type = "input: KeyIdInput")]
    pub fn rotate_key_on_demand_sync(
        &self,
        env: Env,
        input: Option<Unknown<'_>>,
    ) -> Result<KeyIdOutput> {
        let key_id = key_id_of(&env, input)?;
        run_sync(&env, &self.inner, Ok(RotateKeyOnDemandRequest { key_id }))
    }

    /// `EnableKeyRotation`: automatic rotation every `RotationPeriodInDays` (90..2560, default
    /// 365) on the injected clock.
    #[napi(
        catch_unwind,
        ts_args_type = "input: EnableKeyRotationInput",
        ts_return_type = "Promise<EmptyOutput>"
    )]
    pub fn enable_key_rotation(
        &self,
        env: Env,
        input: Option<Unknown<'_>>,
    ) -> Result<KmsTask<EnableKeyRotationRequest>> {
        Ok(task(
            &self.inner,
            Ok(enable_key_rotation_request(&env, input)?),
        ))
    }

    /// `EnableKeyRotation`, synchronously.
    #[napi(catch_unwind, ts_args_type = "input: EnableKeyRotationInput")]
    pub fn enable_key_rotation_sync(
        &self,
        env: Env,
        input: Option<Unknown<'_>>,
    ) -> Result<EmptyOutput> {
        run_sync(
            &env,
            &self.inner,
            Ok(enable_key_rotation_request(&env, input)?),
        )
    }

    /// `DisableKeyRotation`.
    #[napi(
        catch_unwind,
        ts_args_type = "input: KeyIdInput",
        ts_return_type = "Promise<EmptyOutput>"
    )]
    pub fn disable_key_rotation(
        &self,
        env: Env,
        input: Option<Unknown<'_>>,
    ) -> Result<KmsTask<DisableKeyRotationRequest>> {
        let key_id = key_id_of(&env, input)?;
        Ok(task(&self.inner, Ok(DisableKeyRotationRequest { key_id })))
    }

    /// `DisableKeyRotation`, synchronously.
    #[napi(catch_unwind, ts_args_type = "input: KeyIdInput")]
    pub fn disable_key_rotation_sync(
        &self,
        env: Env,
        input: Option<Unknown<'_>>,
    ) -> Result<EmptyOutput> {
        let key_id = key_id_of(&env, input)?;
        run_sync(&env, &self.inner, Ok(DisableKeyRotationRequest { key_id }))
    }

    /// `GetKeyRotationStatus`.
    #[napi(
        catch_unwind,
        ts_args_type = "input: KeyIdInput",
        ts_return_type = "Promise<GetKeyRotationStatusOutput>"
    )]
    pub fn get_key_rotation_status(
        &self,
        env: Env,
        input: Option<Unknown<'_>>,
    ) -> Result<KmsTask<GetKeyRotationStatusRequest>> {
        let key_id = key_id_of(&env, input)?;
        Ok(task(
            &self.inner,
            Ok(GetKeyRotationStatusRequest { key_id }),
        ))
    }

    /// `GetKeyRotationStatus`, synchronously.
    #[napi(catch_unwind, ts_args_type = "input: KeyIdInput")]
    pub fn get_key_rotation_status_sync<'e>(
        &self,
        env: &'e Env,
        input: Option<Unknown<'_>>,
    ) -> Result<GetKeyRotationStatusOutput<'e>> {
        let key_id = key_id_of(env, input)?;
        run_sync(env, &self.inner, Ok(GetKeyRotationStatusRequest { key_id }))
    }

    /// `ListKeyRotations`: the key material versions created by rotation, oldest first.
    #[napi(
        catch_unwind,
        ts_args_type = "input: ListKeyRotationsInput",
        ts_return_type = "Promise<ListKeyRotationsOutput>"
    )]
    pub fn list_key_rotations(
        &self,
        env: Env,
        input: Option<Unknown<'_>>,
    ) -> Result<KmsTask<ListKeyRotationsRequest>> {
        Ok(task(
            &self.inner,
            Ok(list_key_rotations_request(&env, input)?),
        ))
    }

    /// `ListKeyRotations`, synchronously.
    #[napi(catch_unwind, ts_args_type = "input: ListKeyRotationsInput")]
    pub fn list_key_rotations_sync<'e>(
        &self,
        env: &'e Env,
        input: Option<Unknown<'_>>,
    ) -> Result<ListKeyRotationsOutput<'e>> {
        run_sync(
            env,
            &self.inner,
            Ok(list_key_rotations_request(env, input)?),
        )
    }

    /// `ImportKeyMaterial`: raw key material for an `EXTERNAL` key.
    #[napi(
        catch_unwind,
        ts_args_type = "input: ImportKeyMaterialInput",
        ts_return_type = "Promise<ImportKeyMaterialOutput>"
    )]
    pub fn import_key_material(
        &self,
        env: Env,
        input: Option<Unknown<'_>>,
    ) -> Result<KmsTask<ImportKeyMaterialRequest>> {
        Ok(task(&self.inner, import_key_material_request(&env, input)?))
    }

    /// `ImportKeyMaterial`, synchronously.
    #[napi(catch_unwind, ts_args_type = "input: ImportKeyMaterialInput")]
    pub fn import_key_material_sync(
        &self,
        env: Env,
        input: Option<Unknown<'_>>,
    ) -> Result<ImportKeyMaterialOutput> {
        run_sync(&env, &self.inner, import_key_material_request(&env, input)?)
    }

    /// A handle on the same service — same keys, aliases, clock and fault rules — whose
    /// operations run as `caller`: a principal ARN, or `{ principalArn, sourceIp, credentials }`
    /// (`credentials`: `assumeRole`'s `Credentials`). Key policies are evaluated for that
    /// principal and source IP. Throws `ValidationException` for a principal that is not an
    /// IAM/STS principal ARN or a source IP that is not an IP address.
    #[napi(catch_unwind, ts_args_type = "caller: string | CallerOptions")]
    pub fn as_caller(&self, env: Env, caller: Option<Unknown<'_>>) -> Result<LocalKms> {
        let caller = caller_arg(&env, caller)?.or_throw(&env)?;
        Ok(Self {
            inner: self.inner.as_caller(caller).or_throw(&env)?,
        })
    }

    /// The principal ARN this handle's operations run as (the account root unless made by
    /// `asCaller`).
    #[napi(catch_unwind, getter)]
    pub fn principal(&self) -> String {
        self.inner.principal().to_owned()
    }

    /// The source IP this handle's requests carry (`null`: none).
    #[napi(catch_unwind, getter)]
    pub fn source_ip(&self) -> Option<String> {
        self.inner.caller().source_ip.map(|ip| ip.to_string())
    }

    /// The propagation delay in milliseconds (0: off).
    #[napi(catch_unwind, getter)]
    pub fn propagation_delay(&self) -> f64 {
        self.inner.propagation_delay().as_secs_f64() * 1000.0
    }

    /// `PutKeyPolicy`: replaces the key's policy. With a propagation delay, data-plane callers
    /// see the new policy only once the delay has passed.
    #[napi(
        catch_unwind,
        ts_args_type = "input: PutKeyPolicyInput",
        ts_return_type = "Promise<EmptyOutput>"
    )]
    pub fn put_key_policy(
        &self,
        env: Env,
        input: Option<Unknown<'_>>,
    ) -> Result<KmsTask<PutKeyPolicyRequest>> {
        Ok(task(&self.inner, Ok(put_key_policy_request(&env, input)?)))
    }

    /// `PutKeyPolicy`, synchronously.
    #[napi(catch_unwind, ts_args_type = "input: PutKeyPolicyInput")]
    pub fn put_key_policy_sync(&self, env: Env, input: Option<Unknown<'_>>) -> Result<EmptyOutput> {
        run_sync(&env, &self.inner, Ok(put_key_policy_request(&env, input)?))
    }

    /// `GetKeyPolicy`: the key's policy document.
    #[napi(
        catch_unwind,
        ts_args_type = "input: GetKeyPolicyInput",
        ts_return_type = "Promise<GetKeyPolicyOutput>"
    )]
    pub fn get_key_policy(
        &self,
        env: Env,
        input: Option<Unknown<'_>>,
    ) -> Result<KmsTask<GetKeyPolicyRequest>> {
        Ok(task(&self.inner, Ok(get_key_policy_request(&env, input)?)))
    }

    /// `GetKeyPolicy`, synchronously.
    #[napi(catch_unwind, ts_args_type = "input: GetKeyPolicyInput")]
    pub fn get_key_policy_sync(
        &self,
        env: Env,
        input: Option<Unknown<'_>>,
    ) -> Result<GetKeyPolicyOutput> {
        run_sync(&env, &self.inner, Ok(get_key_policy_request(&env, input)?))
    }

    /// `AssumeRole` (the STS operation): temporary credentials for a session of `RoleArn`,
    /// valid `DurationSeconds` on the service's clock. Run as the session with
    /// `kms.asCaller({ principalArn: out.AssumedRoleUser.Arn, credentials: out.Credentials })`;
    /// statements naming the role apply to it. No trust policies: anyone may assume any role.
    #[napi(
        catch_unwind,
        ts_args_type = "input: AssumeRoleInput",
        ts_return_type = "Promise<AssumeRoleOutput>"
    )]
    pub fn assume_role(
        &self,
        env: Env,
        input: Option<Unknown<'_>>,
    ) -> Result<KmsTask<AssumeRoleRequest>> {
        Ok(task(&self.inner, Ok(assume_role_request(&env, input)?)))
    }

    /// `AssumeRole`, synchronously.
    #[napi(catch_unwind, ts_args_type = "input: AssumeRoleInput")]
    pub fn assume_role_sync<'e>(
        &self,
        env: &'e Env,
        input: Option<Unknown<'_>>,
    ) -> Result<AssumeRoleOutput<'e>> {
        run_sync(env, &self.inner, Ok(assume_role_request(env, input)?))
    }

    /// Adds a fault injection rule, shared by every handle on this service: the first rule (in
    /// the order added) that fires makes the call fail with its exception (and KMS's message)
    /// before the operation does anything else. Throws `ValidationException` for an unknown
    /// fault or operation name or a rate outside 0..1, `TypeError` unless exactly one of
    /// `nextCalls` and `rate` is given.
    #[napi(catch_unwind, ts_args_type = "rule: FaultRuleInput")]
    pub fn inject_fault(&self, env: Env, rule: Option<Unknown<'_>>) -> Result<()> {
        let rule = fault_rule(&env, rule)?.or_throw(&env)?;
        self.inner.inject_fault(rule).or_throw(&env)
    }

    /// Removes every fault injection rule.
    #[napi(catch_unwind)]
    pub fn clear_faults(&self) {
        self.inner.clear_faults();
    }

    /// The fault injection rules in force (a `nextCalls` rule shows the calls it has left).
    #[napi(catch_unwind)]
    pub fn faults(&self) -> Vec<FaultRuleInfo> {
        self.inner
            .faults()
            .into_iter()
            .map(fault_rule_info)
            .collect()
    }
}
