//! The model as the in-process front doors (the Python and Node bindings) present it: the same
//! operations, shapes and errors as the wire, reached from a language's own values instead of
//! JSON text.
//!
//! A binding converts its arguments to a JSON document member by member, guided by the
//! operation's input [`Shape`]s (bytes to base64, times to epoch seconds; a value of the wrong
//! language type is the language's own `TypeError`), checks the member names with
//! [`check_members`] as the AWS SDKs do before sending (botocore's `ParamValidationError`), runs
//! [`call`], and converts the response back guided by the output shapes (base64 to bytes, epoch
//! seconds to dates). Every rule about values is the wire's, so a KMS operation is written once.
//!
//! # Where the front doors differ from the wire
//!
//! `ImportKeyMaterial` takes the 32 raw bytes of key material as `KeyMaterial` (or, as boto3
//! and the SDK v3 send it, `EncryptedKeyMaterial`), and no `ImportToken`: datakey has no
//! `GetParametersForImport`, so there is nothing to wrap the material under in process.

use std::sync::LazyLock;
use std::time::SystemTime;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde_json::Value;
use zeroize::Zeroizing;

use super::validate::{Member, Shape};
use super::{WireError, model};
use crate::kms::LocalKms;

/// An implemented KMS operation: its name and its input and output members.
#[derive(Debug, Clone, Copy)]
pub struct SdkOperation {
    /// The operation name (`GenerateDataKey`).
    pub name: &'static str,
    /// The members a request may carry.
    pub input: &'static [Member],
    /// The members of the response (empty for operations without output).
    pub output: &'static [Member],
}

/// The raw key material of `ImportKeyMaterial` (see the module docs).
static KEY_MATERIAL: Shape = Shape::Blob {
    min: Some(1),
    max: Some(6144),
    sensitive: true,
};

/// `ImportKeyMaterial`'s members for the front doors: `KeyMaterial` added, `ImportToken` and
/// `EncryptedKeyMaterial` optional.
static IMPORT_KEY_MATERIAL: LazyLock<Vec<Member>> = LazyLock::new(|| {
    let mut members: Vec<Member> = structure(model_of("ImportKeyMaterial").input)
        .iter()
        .map(|m| Member {
            required: m.required && !matches!(m.name, "ImportToken" | "EncryptedKeyMaterial"),
            ..*m
        })
        .collect();
    members.insert(
        1,
        Member {
            name: "KeyMaterial",
            shape: &KEY_MATERIAL,
            required: false,
        },
    );
    members
});

fn model_of(name: &str) -> &'static super::validate::OperationModel {
    model::OPERATIONS
        .iter()
        .find(|m| m.name == name)
        .unwrap_or(&model::OPERATIONS[0])
}

fn structure(shape: Option<&'static Shape>) -> &'static [Member] {
    match shape {
        Some(Shape::Structure(members)) => members,
        _ => &[],
    }
}

/// Every KMS operation datakey implements, in [`Operation::ALL`](crate::kms::Operation::ALL)
/// order.
pub fn operations() -> impl Iterator<Item = SdkOperation> {
    model::OPERATIONS.iter().map(|m| SdkOperation {
        name: m.name,
        input: if m.name == "ImportKeyMaterial" {
            IMPORT_KEY_MATERIAL.as_slice()
        } else {
            structure(m.input)
        },
        output: structure(m.output),
    })
}

/// The implemented operation `name`, or `None`.
pub fn operation(name: &str) -> Option<SdkOperation> {
    operations().find(|o| o.name == name)
}

/// botocore's check of a structure's member names before a request is sent: every given name a
/// member, and with `required` every required member present. `path` names the structure as
/// botocore does (`""` for the request itself, `Tags[0]` for a nested one).
///
/// Both AWS SDKs refuse a member the operation does not have before sending (botocore with
/// this error, the SDK for JavaScript v3 at compile time, through its types); only botocore
/// also refuses a missing required member, which the SDK v3 sends for the service to refuse
/// with a `ValidationException`. The bindings follow their language's SDK: Python checks
/// required members here, Node leaves them to the wire's validation.
///
/// # Errors
///
/// [`WireError::ParamValidation`], in botocore's words: `Parameter validation failed:` then one
/// line per problem, `Missing required parameter in input: "KeyId"` or `Unknown parameter in
/// input: "Bogus", must be one of: KeyId, GrantTokens`.
pub fn check_members<'a>(
    path: &str,
    members: &[Member],
    given: impl IntoIterator<Item = &'a str> + Clone,
    required: bool,
) -> Result<(), WireError> {
    let name = if path.is_empty() { "input" } else { path };
    let mut report = Vec::new();
    for m in members.iter().filter(|m| required && m.required) {
        if !given.clone().into_iter().any(|g| g == m.name) {
            report.push(format!(
                "Missing required parameter in {name}: \"{}\"",
                m.name
            ));
        }
    }
    for g in given {
        if !members.iter().any(|m| m.name == g) {
            let valid: Vec<&str> = members.iter().map(|m| m.name).collect();
            report.push(format!(
                "Unknown parameter in {name}: \"{g}\", must be one of: {}",
                valid.join(", ")
            ));
        }
    }
    if report.is_empty() {
        Ok(())
    } else {
        Err(WireError::ParamValidation(format!(
            "Parameter validation failed:\n{}",
            report.join("\n")
        )))
    }
}

/// One KMS call from a front door: `input` is the request document a binding built (members
/// checked with [`check_members`]); the response document as [`super::call`] returns it.
///
/// # Errors
///
/// As [`super::call`].
pub fn call(kms: &LocalKms, operation: &str, mut input: Value) -> Result<Value, WireError> {
    if operation == "ImportKeyMaterial"
        && let Some(fields) = input.as_object_mut()
    {
        if let Some(material) = fields.remove("KeyMaterial")
            && !material.is_null()
        {
            fields.insert("EncryptedKeyMaterial".into(), material);
        }
        // Required by the model, never checked by datakey (see the module docs).
        fields
            .entry("ImportToken")
            .or_insert_with(|| Value::String("AA==".into()));
    }
    super::call(kms, operation, input)
}

/// A blob member's value as the document carries it (standard base64), in a buffer wiped on
/// drop.
pub fn encode_blob(bytes: &[u8]) -> Zeroizing<String> {
    Zeroizing::new(STANDARD.encode(bytes))
}

/// The bytes of a blob member of a response document (`None` when it is not base64, which a
/// response of [`call`] never holds).
pub fn decode_blob(text: &str) -> Option<Zeroizing<Vec<u8>>> {
    let mut out = Zeroizing::new(Vec::with_capacity(text.len() / 4 * 3));
    STANDARD.decode_vec(text, &mut out).ok()?;
    Some(out)
}

/// A timestamp member's value as the document carries it: epoch seconds.
pub fn encode_time(t: SystemTime) -> Value {
    serde_json::Number::from_f64(crate::time::epoch_seconds(t)).map_or(Value::Null, Value::Number)
}

/// The time of a timestamp member of a response document, to the millisecond it carries.
pub fn decode_time(v: &Value) -> Option<SystemTime> {
    let millis = (v.as_f64()? * 1000.0).round();
    crate::time::from_epoch_seconds(millis / 1000.0).map(|t| {
        // `from_epoch_seconds` truncates; the nearest millisecond is the one written.
        let (sign, d) = match t.duration_since(SystemTime::UNIX_EPOCH) {
            Ok(d) => (1, d),
            Err(e) => (-1, e.duration()),
        };
        let ms = (d.as_secs_f64() * 1000.0).round() as u64;
        let d = std::time::Duration::from_millis(ms);
        if sign > 0 {
            SystemTime::UNIX_EPOCH + d
        } else {
            SystemTime::UNIX_EPOCH - d
        }
    })
}

/// Zeroizes every string of a document (blobs travel as base64 strings): for a response once
/// converted.
pub fn wipe(v: &mut Value) {
    super::wipe(v);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_operation_has_its_members() {
        let names: Vec<&str> = operations().map(|o| o.name).collect();
        assert_eq!(names.len(), crate::kms::Operation::ALL.len());
        let gdk = operation("GenerateDataKey").unwrap();
        assert!(gdk.input.iter().any(|m| m.name == "DryRun"));
        assert!(gdk.output.iter().any(|m| m.name == "Plaintext"));
        assert!(operation("EnableKey").unwrap().output.is_empty());
        let import = operation("ImportKeyMaterial").unwrap();
        assert!(
            import
                .input
                .iter()
                .all(|m| m.name == "KeyId" || !m.required)
        );
        assert!(operation("Sign").is_none());
    }

    #[test]
    fn a_refused_request_still_meets_the_injected_faults_first() {
        use crate::kms::{FaultKind, FaultRule};
        let kms = LocalKms::new();
        kms.inject_fault(FaultRule::next_calls(FaultKind::Throttling, &[], 1))
            .unwrap();
        let bad = serde_json::json!({"NumberOfBytes": 0});
        let e = call(&kms, "GenerateRandom", bad.clone()).unwrap_err();
        assert_eq!(e.code(), "ThrottlingException");
        let e = call(&kms, "GenerateRandom", bad).unwrap_err();
        assert_eq!(e.code(), "ValidationException");
    }

    #[test]
    fn import_key_material_takes_the_raw_material() {
        let kms = LocalKms::new();
        let created = call(&kms, "CreateKey", serde_json::json!({"Origin": "EXTERNAL"})).unwrap();
        let key_id = created["KeyMetadata"]["KeyId"].as_str().unwrap().to_owned();
        let material = encode_blob(&[7; 32]).to_string();
        let input = serde_json::json!({"KeyId": key_id, "KeyMaterial": material});
        let out = call(&kms, "ImportKeyMaterial", input).unwrap();
        assert_eq!(
            out["KeyId"].as_str().unwrap().rsplit('/').next(),
            Some(&*key_id)
        );
    }

    #[test]
    fn member_names_are_checked_as_botocore_does() {
        let describe = operation("DescribeKey").unwrap().input;
        assert!(check_members("", describe, ["KeyId"], true).is_ok());
        assert!(check_members("", describe, [], false).is_ok());
        let e = check_members("", describe, ["Bogus"], true).unwrap_err();
        assert_eq!(
            e.message(),
            "Parameter validation failed:\nMissing required parameter in input: \"KeyId\"\n\
             Unknown parameter in input: \"Bogus\", must be one of: KeyId, GrantTokens"
        );
        assert_eq!(e.code(), "ParamValidationError");
    }
}
