//! The AWS JSON 1.1 wire model of the KMS operations (feature `wire`): what an HTTP endpoint
//! that real AWS clients talk to needs from the core, without any HTTP or async runtime. The
//! Secrets Manager operations have the same in [`secrets`] ([`dispatch_secrets`],
//! [`call_secrets`]).
//!
//! [`dispatch_kms`] takes an operation name (what follows `TrentService.` in `X-Amz-Target`)
//! and a request body, runs the operation on a [`LocalKms`] (already the caller's view, from
//! [`LocalKms::as_caller`], so key policies, the clock, injected faults and the propagation
//! delay apply) and returns the status, the error type and the body to send:
//!
//! ```
//! use datakey::LocalKms;
//! use datakey::wire::dispatch_kms;
//!
//! let kms = LocalKms::new();
//! let created = dispatch_kms(&kms, "CreateKey", b"{}");
//! assert_eq!(created.status, 200);
//! let key: serde_json::Value = serde_json::from_slice(&created.body)?;
//! let key_id = key["KeyMetadata"]["KeyId"].as_str().unwrap();
//!
//! let body = format!(r#"{{"KeyId": "{key_id}", "KeySpec": "AES_256"}}"#);
//! let dk = dispatch_kms(&kms, "GenerateDataKey", body.as_bytes());
//! assert_eq!(dk.status, 200);
//!
//! let bad = dispatch_kms(&kms, "GenerateDataKey", br#"{"KeyId": "k", "NumberOfBytes": 2000}"#);
//! assert_eq!((bad.status, bad.error_type.as_deref()), (400, Some("ValidationException")));
//! assert_eq!(
//!     std::str::from_utf8(&bad.body)?,
//!     r#"{"__type":"ValidationException","message":"1 validation error detected: Value '2000' at 'numberOfBytes' failed to satisfy constraint: Member must have value less than or equal to 1024"}"#
//! );
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # The protocol
//!
//! - **Shapes.** The request and response types of [`kms`](crate::kms) are what (de)serializes:
//!   member names as in botocore's `kms/2014-11-01/service-2.json` (PascalCase), blobs as
//!   standard base64, timestamps as epoch seconds (responses carry milliseconds, as AWS's do),
//!   absent optional members left out. An empty body and `{}` both mean empty input; an
//!   operation without output answers `200` with an empty body.
//! - **Validation**, as AWS makes it server-side before the operation runs (botocore checks
//!   only required members, types and minimums): a body that is not JSON, or a member of the
//!   wrong JSON type, is a `SerializationException` (`{"__type": "SerializationException",
//!   "Message": "class java.lang.String can not be converted to an Integer"}`); then every
//!   required member, length, range, pattern and enum of the service model is checked, and the
//!   violations come back together in one `ValidationException` (`N validation errors
//!   detected: …`, at most ten). The wording is that of AWS's request layer (Coral) as the
//!   DynamoDB emulator dynalite recorded it from AWS and as AWS users report it; `null` members
//!   count as absent and members the model does not know are ignored, as AWS ignores them. The
//!   table of constraints is generated from botocore's model (`model.rs`, `gen_model.py`), and
//!   a test checks every constraint of the installed botocore against the wire. The core then
//!   applies its own, stricter service rules (a deletion window of 7..30 days where the model
//!   allows 1..365, a key policy of at most 32768 characters, `ListAliases` pages of at most
//!   100).
//! - **Order.** A request the model refuses still meets what starts every operation first: the
//!   caller's session credentials and the injected faults (an injected `ThrottlingException`
//!   answers an invalid request too, as it answers in process).
//! - **Errors.** `{"__type": "<Code>", "message": "<Message>"}` with the code also as the
//!   [`WireResponse::error_type`] (the `x-amzn-ErrorType` header: botocore reads `__type`, the
//!   AWS SDK for JavaScript v3 reads the header first, so both must agree). The message member
//!   is `message` as in the service model's exception shapes, except `AccessDeniedException`,
//!   which real KMS sends as `Message`; an empty message (`InvalidCiphertextException`) is
//!   left out, as KMS leaves it out. Status 400, and 500 for `KMSInternalException`,
//!   `DependencyTimeoutException` and `KeyUnavailableException` (the model's server faults).
//!   An `AccessDeniedException` or `ExpiredTokenException` also carries datakey's structured
//!   reason as a `Reason` member (`{"Kind": "ConditionNotMet", "Detail": "statement App: …"}`),
//!   which AWS clients ignore and the SDK for JavaScript v3 exposes on the error.
//! - **Front doors.** [`sdk`] is the same model for the bindings: their values converted by the
//!   operation's shapes, member names checked as botocore checks them, one [`sdk::call`].
//! - **Unknown operations.** A name that is not a KMS operation answers
//!   `UnknownOperationException` (400, no message), the answer AWS JSON services give (seen from
//!   CloudWatch Logs and DynamoDB; what KMS itself answers has not been captured). A KMS
//!   operation datakey does not implement (`CreateGrant`, `Sign`, …) answers
//!   `UnsupportedOperationException` naming it.
//!
//! # Members datakey does not model
//!
//! The model's members without a datakey counterpart are never dropped silently:
//!
//! | member | datakey |
//! |---|---|
//! | `DryRun` (data-plane operations) | honoured: the operation runs with every check, its result is discarded, `DryRunOperationException` |
//! | `GrantTokens` | empty: accepted; any token: `InvalidGrantTokenException` (datakey issues no grants, so no token is valid) |
//! | `CustomKeyStoreId` | `CustomKeyStoreNotFoundException` (datakey has no custom key stores) |
//! | `Tags`, `XksKeyId`, `Recipient`, `DryRunModifiers`, `KeyMaterialDescription`, `KeyMaterialId`, `IncludeKeyMaterial: ALL_KEY_MATERIAL` | `UnsupportedOperationException` naming the member |
//! | `CustomerMasterKeySpec` (deprecated) | read as `KeySpec`; both at once: `ValidationException` |
//! | `ResourceOwners` (ListKeys) | every datakey key is the account's own: without `SELF` the list is empty |
//! | `ImportToken` (ImportKeyMaterial) | required by the model, not checked: datakey has no `GetParametersForImport`, and `EncryptedKeyMaterial` carries the 32 raw key bytes |
//!
//! `KeyMetadata` also carries what KMS derives from it: the deprecated `CustomerMasterKeySpec`,
//! and for a multi-Region key its `MultiRegionConfiguration` (a primary without replicas).
//!
//! # Secrets
//!
//! Plaintexts (`Plaintext` in and out, imported key material) are decoded into zeroizing
//! buffers, and every string of the parsed request and of the response document is zeroized
//! once the body is written. The request body given to [`dispatch_kms`] and the response body
//! it returns belong to the caller, which should wipe them once they are sent.

pub(crate) mod codec;
#[rustfmt::skip]
mod model;
pub mod sdk;
pub mod secrets;
#[rustfmt::skip]
mod secrets_model;
mod validate;

pub use secrets::{call as call_secrets, dispatch as dispatch_secrets};

pub use validate::{Member, Shape};

use core::fmt;
use core::str::FromStr;

use serde::Serialize;
use serde::de::Deserialize;
use serde_json::{Map, Value};
use zeroize::Zeroize;

use crate::error::{Error, Result};
use crate::kms::{CreateKeyPolicy, CreateKeyRequest, LocalKms, Operation};

/// The `Content-Type` of requests and responses.
pub const CONTENT_TYPE: &str = "application/x-amz-json-1.1";

/// The `X-Amz-Target` prefix of KMS operations (`TrentService.GenerateDataKey`).
pub const TARGET_PREFIX: &str = "TrentService";

/// What to answer: the HTTP status, the error type (the `x-amzn-ErrorType` header, `None` on
/// success) and the JSON body (empty for operations without output).
///
/// The body may carry a plaintext (`Plaintext` of `GenerateDataKey`, `Decrypt`,
/// `GenerateRandom`): it is not `Clone`, its `Debug` shows only the body's length, and the
/// caller should zeroize the body once it is sent.
pub struct WireResponse {
    /// 200, 400 or 500.
    pub status: u16,
    /// The exception name (`ValidationException`, …) for errors.
    pub error_type: Option<String>,
    /// The response body (`application/x-amz-json-1.1`).
    pub body: Vec<u8>,
}

impl fmt::Debug for WireResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WireResponse")
            .field("status", &self.status)
            .field("error_type", &self.error_type)
            .field("body_len", &self.body.len())
            .finish()
    }
}

/// A failed call: a KMS error of the core, or a failure of the protocol layer.
#[derive(Debug)]
#[non_exhaustive]
pub enum WireError {
    /// The operation failed (or a wire check raised a KMS error: `ValidationException`,
    /// `UnsupportedOperationException`, `DryRunOperationException`).
    Kms(Error),
    /// A Secrets Manager operation failed (or a wire check of one raised an error), reported
    /// with Secrets Manager's exception names ([`secrets`]).
    Secrets(Error),
    /// `SerializationException`: the body is not JSON, or a member has the wrong JSON type.
    Serialization(String),
    /// `UnknownOperationException`: not a KMS operation.
    UnknownOperation,
    /// `InvalidGrantTokenException`: a grant token (datakey issues none).
    InvalidGrantToken(String),
    /// `CustomKeyStoreNotFoundException`: a custom key store id (datakey has none).
    CustomKeyStoreNotFound(String),
    /// `ParamValidationError`: a front door's request with a member the operation does not
    /// have, or without a required one, refused before it is sent as the AWS SDKs refuse it
    /// ([`sdk::check_members`]). Never the answer of [`dispatch_kms`].
    ParamValidation(String),
}

/// The message of every internal failure, as `KMSInternalException` words it.
const INTERNAL_MESSAGE: &str =
    "The request was rejected because an internal exception occurred. The request can be retried.";

impl WireError {
    /// The AWS error code (`__type`).
    pub fn code(&self) -> &'static str {
        match self {
            WireError::Kms(e) if is_kms_error(e) => e.name(),
            WireError::Kms(_) => "KMSInternalException",
            WireError::Secrets(e) => secrets::code(e),
            WireError::Serialization(_) => "SerializationException",
            WireError::UnknownOperation => "UnknownOperationException",
            WireError::InvalidGrantToken(_) => "InvalidGrantTokenException",
            WireError::CustomKeyStoreNotFound(_) => "CustomKeyStoreNotFoundException",
            WireError::ParamValidation(_) => "ParamValidationError",
        }
    }

    /// The message (empty for `InvalidCiphertextException` and `UnknownOperationException`).
    pub fn message(&self) -> String {
        match self {
            WireError::Kms(e) if is_kms_error(e) => e.message(),
            // A failure outside KMS's vocabulary (the key store file, I/O): KMS's internal
            // error, with what happened.
            WireError::Kms(e) => format!("{INTERNAL_MESSAGE} ({e})"),
            WireError::Secrets(e) => secrets::message(e),
            WireError::Serialization(m)
            | WireError::InvalidGrantToken(m)
            | WireError::CustomKeyStoreNotFound(m)
            | WireError::ParamValidation(m) => m.clone(),
            WireError::UnknownOperation => String::new(),
        }
    }

    /// The HTTP status: 500 for the server faults of the model, 400 otherwise.
    pub fn status(&self) -> u16 {
        match self.code() {
            "KMSInternalException"
            | "DependencyTimeoutException"
            | "KeyUnavailableException"
            | "InternalServiceError" => 500,
            _ => 400,
        }
    }

    /// The response for this error.
    pub fn to_response(&self) -> WireResponse {
        let code = self.code();
        let reason = match self {
            WireError::Kms(e) | WireError::Secrets(e) => e.access_denied().map(|a| {
                let mut reason = Map::new();
                reason.insert("Kind".into(), Value::String(a.reason.kind().into()));
                reason.insert("Detail".into(), Value::String(a.reason.to_string()));
                Value::Object(reason)
            }),
            _ => None,
        };
        let member = match self {
            // Secrets Manager's exception shapes name the member `Message`.
            WireError::Secrets(_) => "Message",
            _ => message_member(code),
        };
        error_body(self.status(), code, member, &self.message(), reason)
    }
}

/// `{"__type": code, "<message member>": message, "Reason": reason}`, in that order (`__type`
/// first, as AWS writes it), without the members that are empty.
fn error_body(
    status: u16,
    code: &str,
    member: &str,
    message: &str,
    reason: Option<Value>,
) -> WireResponse {
    let json = |s: &str| Value::String(s.to_owned()).to_string();
    let mut body = format!("{{\"__type\":{}", json(code));
    if !message.is_empty() {
        body.push_str(&format!(",\"{member}\":{}", json(message)));
    }
    if let Some(reason) = reason {
        body.push_str(&format!(",\"Reason\":{reason}"));
    }
    body.push('}');
    WireResponse {
        status,
        error_type: Some(code.to_owned()),
        body: body.into_bytes(),
    }
}

impl fmt::Display for WireError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let message = self.message();
        if message.is_empty() {
            f.write_str(self.code())
        } else {
            write!(f, "{}: {message}", self.code())
        }
    }
}

impl std::error::Error for WireError {}

impl From<Error> for WireError {
    fn from(e: Error) -> Self {
        WireError::Kms(e)
    }
}

/// True for the errors that are KMS exceptions (the others are message-format or key store
/// failures, which no KMS operation should raise but which the store may).
fn is_kms_error(e: &Error) -> bool {
    e.name().ends_with("Exception")
}

/// The body member that carries the message of `code`: `message` as in the model's exception
/// shapes, `Message` for the exceptions AWS sends that way.
fn message_member(code: &str) -> &'static str {
    match code {
        "AccessDeniedException" | "SerializationException" => "Message",
        _ => "message",
    }
}

/// An error response in the shape of [`dispatch_kms`]'s, for errors raised before dispatch
/// (authentication, transport): `{"__type": code, "message": message}` (the message member as
/// [`dispatch_kms`] names it for `code`; left out when empty).
pub fn error_response(status: u16, code: &str, message: &str) -> WireResponse {
    error_body(status, code, message_member(code), message, None)
}

/// One KMS call over AWS JSON 1.1: `operation` is the part after `TrentService.` in
/// `X-Amz-Target`, `body` the request body. See the [module docs](self).
pub fn dispatch_kms(kms: &LocalKms, operation: &str, body: &[u8]) -> WireResponse {
    let input = match parse_body(body) {
        Ok(v) => v,
        Err(e) => return e.to_response(),
    };
    respond(call(kms, operation, input))
}

/// The response for the result of a call (the document wiped once written).
fn respond(result: Result<Value, WireError>) -> WireResponse {
    match result {
        Ok(Value::Null) => WireResponse {
            status: 200,
            error_type: None,
            body: Vec::new(),
        },
        Ok(mut out) => {
            let body = to_body(&out);
            wipe(&mut out);
            match body {
                Ok(body) => WireResponse {
                    status: 200,
                    error_type: None,
                    body,
                },
                Err(e) => WireError::Kms(Error::KmsInternal(e.to_string())).to_response(),
            }
        }
        Err(e) => e.to_response(),
    }
}

/// Serializes a response document into a buffer of exactly its size, so that no reallocation
/// leaves a partial copy of a plaintext behind in freed memory.
fn to_body(v: &Value) -> serde_json::Result<Vec<u8>> {
    struct Count(usize);
    impl std::io::Write for Count {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0 += buf.len();
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut count = Count(0);
    serde_json::to_writer(&mut count, v)?;
    let mut body = Vec::with_capacity(count.0);
    serde_json::to_writer(&mut body, v)?;
    Ok(body)
}

/// Parses a request body: JSON, or empty (`{}`).
fn parse_body(body: &[u8]) -> Result<Value, WireError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Value::Object(Map::new()));
    }
    // Coral answers a body that is not JSON with a bare SerializationException.
    serde_json::from_slice(body).map_err(|_| WireError::Serialization(String::new()))
}

/// Zeroizes every string of a JSON document (plaintexts travel as base64 strings).
fn wipe(v: &mut Value) {
    match v {
        Value::String(s) => s.zeroize(),
        Value::Array(items) => items.iter_mut().for_each(wipe),
        Value::Object(fields) => fields.values_mut().for_each(wipe),
        _ => {}
    }
}

/// One KMS call on JSON documents: the request as AWS JSON 1.1 carries it (`{}` or `null` for
/// empty input), the response document, or `null` for operations without output.
///
/// This is [`dispatch_kms`] without the bytes: the same validation, the same operations, the
/// same errors, for front doors that convert their own values to and from JSON. The response
/// may carry plaintext (`Plaintext`, base64): wipe it once used.
///
/// # Errors
///
/// [`WireError`], as [`dispatch_kms`] reports them.
pub fn call(kms: &LocalKms, operation: &str, mut input: Value) -> Result<Value, WireError> {
    let out = call_inner(kms, operation, &mut input);
    wipe(&mut input);
    out
}

fn call_inner(kms: &LocalKms, operation: &str, input: &mut Value) -> Result<Value, WireError> {
    let Some(op) = Operation::from_str(operation).ok().and_then(|op| {
        model::OPERATIONS
            .iter()
            .find(|m| m.name == op.as_str())
            .map(|m| (op, m))
    }) else {
        if model::KMS_OPERATIONS.contains(&operation) {
            return Err(WireError::Kms(Error::UnsupportedOperation(format!(
                "datakey does not implement the KMS operation {operation}."
            ))));
        }
        return Err(WireError::UnknownOperation);
    };
    let (op, op_model) = op;
    if input.is_null() {
        *input = Value::Object(Map::new());
    }
    if let Err(e) = check_input(op_model, input) {
        // A request refused by the model still meets the caller's credentials and the injected
        // faults first, as every operation does.
        kms.preflight(op)?;
        return Err(e);
    }
    let out = run(kms, op, input)?;
    Ok(if op_model.output.is_some() {
        out
    } else {
        Value::Null
    })
}

/// The model's checks of a request: JSON types, constraints, unmodelled members.
fn check_input(op_model: &validate::OperationModel, input: &mut Value) -> Result<(), WireError> {
    check_shapes(op_model, input)?;
    refuse_unmodelled(input)
}

/// The model's checks of a request: JSON types and constraints.
fn check_shapes(op_model: &validate::OperationModel, input: &mut Value) -> Result<(), WireError> {
    if let Some(shape) = op_model.input {
        validate::normalize(shape, input)?;
        let (validate::Shape::Structure(members), Value::Object(fields)) = (shape, &*input) else {
            return Err(WireError::Kms(Error::KmsInternal(INTERNAL_MESSAGE.into())));
        };
        let violations = validate::constraint_violations(members, fields);
        if !violations.is_empty() {
            return Err(WireError::Kms(Error::Validation(
                validate::validation_message(&violations),
            )));
        }
    } else {
        *input = Value::Object(Map::new());
    }
    Ok(())
}

/// Refuses the model's members datakey has no counterpart for (see the module docs).
fn refuse_unmodelled(fields: &Value) -> Result<(), WireError> {
    let non_empty = |name: &str| match fields.get(name) {
        Some(Value::Array(a)) => !a.is_empty(),
        Some(_) => true,
        None => false,
    };
    if non_empty("GrantTokens") {
        return Err(WireError::InvalidGrantToken(
            "datakey issues no grants, so the grant token in the request is not valid.".into(),
        ));
    }
    if let Some(Value::String(id)) = fields.get("CustomKeyStoreId") {
        return Err(WireError::CustomKeyStoreNotFound(format!(
            "datakey has no custom key stores: no custom key store has the ID '{id}'."
        )));
    }
    let unsupported = |what: &str| {
        Err(WireError::Kms(Error::UnsupportedOperation(format!(
            "datakey does not support {what}."
        ))))
    };
    for (name, what) in [
        ("Tags", "tags on keys (Tags)"),
        ("XksKeyId", "external key stores (XksKeyId)"),
        ("Recipient", "Nitro Enclaves attestation (Recipient)"),
        ("DryRunModifiers", "DryRunModifiers"),
        (
            "KeyMaterialDescription",
            "key material descriptions (KeyMaterialDescription)",
        ),
        (
            "KeyMaterialId",
            "choosing the imported key material (KeyMaterialId)",
        ),
    ] {
        if non_empty(name) {
            return unsupported(what);
        }
    }
    if fields.get("IncludeKeyMaterial").and_then(Value::as_str) == Some("ALL_KEY_MATERIAL") {
        return unsupported("IncludeKeyMaterial ALL_KEY_MATERIAL (only ROTATIONS_ONLY)");
    }
    Ok(())
}

/// Deserializes a request from a validated input document.
fn de<'a, T: Deserialize<'a>>(input: &'a Value) -> Result<T, WireError> {
    T::deserialize(input).map_err(|e| {
        let m = e.to_string();
        if m.starts_with(codec::VALIDATION_PREFIX) {
            WireError::Kms(Error::Validation(m))
        } else {
            WireError::Serialization(m)
        }
    })
}

/// Serializes a response.
fn out<T: Serialize>(r: Result<T>) -> Result<Value, WireError> {
    let r = r?;
    serde_json::to_value(r).map_err(|e| WireError::Kms(Error::KmsInternal(e.to_string())))
}

/// A data-plane operation, honouring `DryRun`: every check runs, the result is dropped.
fn data_plane<'a, Req: Deserialize<'a>, Resp: Serialize>(
    input: &'a Value,
    f: impl FnOnce(Req) -> Result<Resp>,
) -> Result<Value, WireError> {
    let dry_run = input.get("DryRun") == Some(&Value::Bool(true));
    let resp = f(de(input)?);
    if dry_run {
        resp?;
        return Err(WireError::Kms(Error::DryRunOperation));
    }
    out(resp)
}

/// Completes a `KeyMetadata` with what KMS derives from it: the deprecated
/// `CustomerMasterKeySpec` beside `KeySpec` (for the specs the deprecated enum has), and the
/// `MultiRegionConfiguration` of a multi-Region key (datakey's are primaries without replicas).
fn complete_key_metadata(mut v: Value) -> Value {
    let Some(md) = v.get_mut("KeyMetadata").and_then(Value::as_object_mut) else {
        return v;
    };
    if let Some(spec) = md.get("KeySpec").and_then(Value::as_str)
        && !spec.starts_with("ML_")
        && spec != "ECC_NIST_EDWARDS25519"
    {
        let spec = spec.to_owned();
        md.insert("CustomerMasterKeySpec".into(), Value::String(spec));
    }
    if md.get("MultiRegion") == Some(&Value::Bool(true))
        && let Some(arn) = md.get("Arn").and_then(Value::as_str)
    {
        let region = arn.split(':').nth(3).unwrap_or_default();
        let config = serde_json::json!({
            "MultiRegionKeyType": "PRIMARY",
            "PrimaryKey": {"Arn": arn, "Region": region},
            "ReplicaKeys": [],
        });
        md.insert("MultiRegionConfiguration".into(), config);
    }
    v
}

fn run(kms: &LocalKms, op: Operation, input: &mut Value) -> Result<Value, WireError> {
    use Operation as O;
    match op {
        O::CreateKey => create_key(kms, input).map(complete_key_metadata),
        O::DescribeKey => out(kms.describe_key(de(input)?)).map(complete_key_metadata),
        O::ListKeys => list_keys(kms, input),
        O::EnableKey => out(kms.enable_key(de(input)?)),
        O::DisableKey => out(kms.disable_key(de(input)?)),
        O::ScheduleKeyDeletion => out(kms.schedule_key_deletion(de(input)?)),
        O::CancelKeyDeletion => out(kms.cancel_key_deletion(de(input)?)),
        O::CreateAlias => out(kms.create_alias(de(input)?)),
        O::UpdateAlias => out(kms.update_alias(de(input)?)),
        O::DeleteAlias => out(kms.delete_alias(de(input)?)),
        O::ListAliases => out(kms.list_aliases(de(input)?)),
        O::GenerateDataKey => data_plane(input, |r| kms.generate_data_key(r)),
        O::GenerateDataKeyWithoutPlaintext => {
            data_plane(input, |r| kms.generate_data_key_without_plaintext(r))
        }
        O::Encrypt => data_plane(input, |r| kms.encrypt(r)),
        O::Decrypt => data_plane(input, |r| kms.decrypt(r)),
        O::ReEncrypt => data_plane(input, |r| kms.re_encrypt(r)),
        O::GenerateRandom => out(kms.generate_random(de(input)?)),
        O::RotateKeyOnDemand => out(kms.rotate_key_on_demand(de(input)?)),
        O::EnableKeyRotation => out(kms.enable_key_rotation(de(input)?)),
        O::DisableKeyRotation => out(kms.disable_key_rotation(de(input)?)),
        O::GetKeyRotationStatus => out(kms.get_key_rotation_status(de(input)?)),
        O::ListKeyRotations => out(kms.list_key_rotations(de(input)?)),
        O::ImportKeyMaterial => out(kms.import_key_material(de(input)?)),
        O::PutKeyPolicy => out(kms.put_key_policy(de(input)?)),
        O::GetKeyPolicy => out(kms.get_key_policy(de(input)?)),
    }
}

fn create_key(kms: &LocalKms, input: &mut Value) -> Result<Value, WireError> {
    if let Some(fields) = input.as_object_mut()
        && let Some(legacy) = fields.remove("CustomerMasterKeySpec")
    {
        if fields.contains_key("KeySpec") {
            return Err(WireError::Kms(Error::Validation(
                "You cannot specify KeySpec and CustomerMasterKeySpec in the same request. \
                 CustomerMasterKeySpec is deprecated; use KeySpec."
                    .into(),
            )));
        }
        fields.insert("KeySpec".into(), legacy);
    }
    let req: CreateKeyRequest = de(input)?;
    if input.get("Policy").is_some() {
        let policy: CreateKeyPolicy = de(input)?;
        out(kms.create_key_with_policy(req, policy))
    } else {
        out(kms.create_key(req))
    }
}

fn list_keys(kms: &LocalKms, input: &Value) -> Result<Value, WireError> {
    let mut v = out(kms.list_keys(de(input)?))?;
    let own_only = match input.get("ResourceOwners") {
        Some(Value::Array(owners)) => owners.iter().any(|o| o == "SELF"),
        _ => true,
    };
    if !own_only && let Value::Object(fields) = &mut v {
        // Every datakey key belongs to the account: none is shared through RAM.
        fields.insert("Keys".into(), Value::Array(Vec::new()));
        fields.insert("Truncated".into(), Value::Bool(false));
        fields.remove("NextMarker");
    }
    Ok(v)
}

#[cfg(test)]
mod tests {
    use std::time::UNIX_EPOCH;

    use super::*;
    use crate::error::{AccessDenied, AccessDeniedReason};

    /// The code, status and message member every `Error` variant answers with. Exhaustive, so
    /// a new variant cannot reach the wire unmapped.
    fn expected(e: &Error) -> (&'static str, u16) {
        match e {
            Error::NotFound(_) => ("NotFoundException", 400),
            Error::Disabled(_) => ("DisabledException", 400),
            Error::KmsInvalidState(_) => ("KMSInvalidStateException", 400),
            Error::InvalidKeyUsage(_) => ("InvalidKeyUsageException", 400),
            Error::InvalidCiphertext => ("InvalidCiphertextException", 400),
            Error::IncorrectKey => ("IncorrectKeyException", 400),
            Error::LimitExceeded(_) => ("LimitExceededException", 400),
            Error::Validation(_) => ("ValidationException", 400),
            Error::IncorrectKeyMaterial(_) => ("IncorrectKeyMaterialException", 400),
            Error::UnsupportedOperation(_) => ("UnsupportedOperationException", 400),
            Error::AlreadyExists(_) => ("AlreadyExistsException", 400),
            Error::InvalidAliasName(_) => ("InvalidAliasNameException", 400),
            Error::InvalidArn(_) => ("InvalidArnException", 400),
            Error::DryRunOperation => ("DryRunOperationException", 400),
            Error::KeyUnavailable(_) => ("KeyUnavailableException", 500),
            Error::DependencyTimeout(_) => ("DependencyTimeoutException", 500),
            Error::Throttling(_) => ("ThrottlingException", 400),
            Error::KmsInternal(_) => ("KMSInternalException", 500),
            Error::AccessDenied(_) => ("AccessDeniedException", 400),
            Error::ExpiredToken(_) => ("ExpiredTokenException", 400),
            Error::UnrecognizedClient(_) => ("UnrecognizedClientException", 400),
            Error::MalformedPolicyDocument(_) => ("MalformedPolicyDocumentException", 400),
            // Secrets Manager's exceptions (no KMS operation raises them).
            Error::ResourceNotFound(_) => ("ResourceNotFoundException", 400),
            Error::InvalidParameter(_) => ("InvalidParameterException", 400),
            Error::InvalidRequest(_) => ("InvalidRequestException", 400),
            Error::ResourceExists(_) => ("ResourceExistsException", 400),
            Error::InvalidNextToken(_) => ("InvalidNextTokenException", 400),
            Error::PublicPolicy(_) => ("PublicPolicyException", 400),
            Error::PreconditionNotMet(_) => ("PreconditionNotMetException", 400),
            Error::EncryptionFailure(_)
            | Error::DecryptionFailure(_)
            | Error::Decryption
            | Error::NoMatchingKey(_)
            | Error::Malformed(_)
            | Error::UnsupportedVersion(_)
            | Error::UnsupportedSuite(_)
            | Error::CommitmentPolicy(_)
            | Error::ResourceLimit(_)
            | Error::EncryptionContextMismatch(_)
            | Error::Io(_)
            | Error::StoreCorrupt(_)
            | Error::WrongRootKey(_)
            | Error::UnsupportedStoreVersion(_)
            | Error::StoreRollback(_)
            | Error::ReentrantCall(_) => ("KMSInternalException", 500),
        }
    }

    fn every_error() -> Vec<Error> {
        let denied = || {
            Box::new(AccessDenied {
                principal: "arn:aws:iam::111122223333:role/app".into(),
                action: "kms:Decrypt".into(),
                resource: "arn:aws:kms:us-east-1:111122223333:key/k".into(),
                reason: AccessDeniedReason::NoStatementAllows,
            })
        };
        let m = || "m".to_owned();
        vec![
            Error::NotFound(m()),
            Error::Disabled(m()),
            Error::KmsInvalidState(m()),
            Error::InvalidKeyUsage(m()),
            Error::InvalidCiphertext,
            Error::IncorrectKey,
            Error::LimitExceeded(m()),
            Error::Validation(m()),
            Error::IncorrectKeyMaterial(m()),
            Error::UnsupportedOperation(m()),
            Error::AlreadyExists(m()),
            Error::InvalidAliasName(m()),
            Error::InvalidArn(m()),
            Error::DryRunOperation,
            Error::KeyUnavailable(m()),
            Error::DependencyTimeout(m()),
            Error::Throttling(m()),
            Error::KmsInternal(m()),
            Error::AccessDenied(denied()),
            Error::ExpiredToken(Box::new(AccessDenied {
                reason: AccessDeniedReason::CredentialsExpired {
                    expired_at: UNIX_EPOCH,
                },
                ..*denied()
            })),
            Error::UnrecognizedClient(m()),
            Error::MalformedPolicyDocument(m()),
            Error::Decryption,
            Error::NoMatchingKey(Box::default()),
            Error::Malformed(m()),
            Error::UnsupportedVersion(3),
            Error::UnsupportedSuite(0x0214),
            Error::CommitmentPolicy(m()),
            Error::ResourceLimit(m()),
            Error::EncryptionContextMismatch(m()),
            Error::Io(std::io::Error::other("disk")),
            Error::StoreCorrupt(m()),
            Error::WrongRootKey(m()),
            Error::UnsupportedStoreVersion(9),
            Error::StoreRollback("rolled back".into()),
            Error::ReentrantCall("re-entered".into()),
            Error::ResourceNotFound(m()),
            Error::InvalidParameter(m()),
            Error::InvalidRequest(m()),
            Error::ResourceExists(m()),
            Error::InvalidNextToken(m()),
            Error::PublicPolicy(m()),
            Error::PreconditionNotMet(m()),
            Error::EncryptionFailure(m()),
            Error::DecryptionFailure(m()),
        ]
    }

    #[test]
    fn every_error_has_its_aws_code_status_and_message() {
        for e in every_error() {
            let (code, status) = expected(&e);
            let kms_message = e.message();
            let name = e.name();
            let w = WireError::Kms(e);
            assert_eq!((w.code(), w.status()), (code, status), "{name}");
            let r = w.to_response();
            assert_eq!(r.status, status);
            assert_eq!(r.error_type.as_deref(), Some(code));
            let body: Value = serde_json::from_slice(&r.body).unwrap();
            assert_eq!(body["__type"], code);
            let member = if code == "AccessDeniedException" {
                "Message"
            } else {
                "message"
            };
            if code == "KMSInternalException" && name != "KMSInternalException" {
                // Outside KMS's vocabulary: KMS's internal message, then what happened.
                let m = body[member].as_str().unwrap();
                assert!(m.starts_with(INTERNAL_MESSAGE), "{m}");
                assert!(m.contains(name), "{m}");
            } else if kms_message.is_empty() {
                assert_eq!(body.as_object().unwrap().len(), 1, "{body}");
            } else {
                // The core's message, not re-worded.
                assert_eq!(body[member], kms_message.as_str(), "{name}");
            }
        }
    }

    #[test]
    fn response_debug_hides_the_body() {
        let kms = LocalKms::new();
        let r = dispatch_kms(&kms, "GenerateRandom", br#"{"NumberOfBytes": 32}"#);
        let body: Value = serde_json::from_slice(&r.body).unwrap();
        let plaintext = body["Plaintext"].as_str().unwrap().to_owned();
        let shown = format!("{r:?} {r:#?}");
        assert!(!shown.contains(&plaintext), "{shown}");
        assert!(
            shown.contains(&format!("body_len: {}", r.body.len())),
            "{shown}"
        );
    }

    #[test]
    fn bodies_are_allocated_at_their_exact_size() {
        let v = serde_json::json!({"Plaintext": "c2VjcmV0".repeat(500), "KeyId": "k"});
        let body = to_body(&v).unwrap();
        assert_eq!(body.len(), body.capacity());
        assert_eq!(body, serde_json::to_vec(&v).unwrap());
    }

    #[test]
    fn wipe_zeroizes_every_string() {
        let mut v = serde_json::json!({"Plaintext": "c2VjcmV0", "Nested": [{"A": "b"}]});
        wipe(&mut v);
        assert_eq!(v["Plaintext"], "");
        assert_eq!(v["Nested"][0]["A"], "");
    }
}
