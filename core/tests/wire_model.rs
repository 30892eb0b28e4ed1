//! The wire against botocore's own service model (`kms/2014-11-01/service-2.json`, loaded
//! through botocore itself): for every operation datakey implements,
//!
//! - every member of the input shape, sent with the wrong JSON type, is a
//!   `SerializationException` with Coral's message;
//! - every constraint of the model (required, min/max length, range, pattern, enum, down into
//!   list members and nested structures), violated alone in an otherwise valid request, is a
//!   `ValidationException` with exactly AWS's `1 validation error detected: …` message;
//! - every response member datakey sends exists in the output shape, with the JSON type the
//!   shape says (blobs are base64, timestamps numbers, enum values in the enum), after a
//!   scenario that runs every implemented operation.
//!
//! botocore comes from `$DATAKEY_PYTHON` or `<repo>/.venv/bin/python` (`make test` installs
//! it); without it the tests print a loud SKIPPED line, or fail when
//! `DATAKEY_REQUIRE_INTEROP=1`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, OnceLock};
use std::time::{Duration, UNIX_EPOCH};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use datakey::kms::Operation;
use datakey::wire::dispatch_kms;
use datakey::{LocalKms, ManualClock};
use serde_json::{Map, Value, json};

fn python() -> PathBuf {
    std::env::var_os("DATAKEY_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .parent()
                .unwrap()
                .join(".venv/bin/python")
        })
}

/// The KMS service model, as botocore loads it; `None` (after a loud SKIPPED line) when
/// botocore is missing and `DATAKEY_REQUIRE_INTEROP` is not set.
fn model(test: &str) -> Option<&'static Value> {
    static MODEL: OnceLock<Option<Value>> = OnceLock::new();
    let m = MODEL.get_or_init(|| {
        let script = "import json, sys, botocore.loaders as l\n\
                      json.dump(l.Loader().load_service_model('kms', 'service-2'), sys.stdout)";
        let out = Command::new(python()).args(["-c", script]).output().ok()?;
        if !out.status.success() {
            return None;
        }
        Some(serde_json::from_slice(&out.stdout).expect("botocore's KMS model is JSON"))
    });
    if m.is_none() {
        let msg = format!(
            "botocore not importable by {} (set DATAKEY_PYTHON, or `make test-rust` installs it)",
            python().display()
        );
        assert!(
            std::env::var_os("DATAKEY_REQUIRE_INTEROP").is_none(),
            "{test}: {msg}"
        );
        eprintln!("SKIPPED {test}: {msg}");
    }
    m.as_ref()
}

/// What to do when botocore's model changed under the table.
const REGENERATE: &str = "if the installed botocore's KMS model changed, regenerate the table: \
                          python3 core/src/wire/gen_model.py > core/src/wire/model.rs";

fn shape<'m>(model: &'m Value, name: &str) -> &'m Value {
    &model["shapes"][name]
}

fn implemented() -> impl Iterator<Item = &'static str> {
    Operation::ALL.iter().map(|o| o.as_str())
}

fn input_shape<'m>(model: &'m Value, op: &str) -> Option<&'m Value> {
    let name = model["operations"][op]["input"]["shape"].as_str()?;
    Some(shape(model, name))
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    let f = c.next().unwrap();
    f.to_lowercase().chain(c).collect()
}

fn num(v: &Value, k: &str) -> Option<i64> {
    v.get(k).and_then(Value::as_i64)
}

/// A value of `shape` that satisfies every constraint.
fn valid(model: &Value, s: &Value) -> Value {
    match s["type"].as_str().unwrap() {
        "string" => match s.get("enum") {
            Some(values) => values[0].clone(),
            // 'a' satisfies every pattern of the KMS model.
            None => json!("a".repeat(num(s, "min").unwrap_or(1).max(1) as usize)),
        },
        "integer" | "long" => json!(
            num(s, "min")
                .unwrap_or(1)
                .max(1)
                .min(num(s, "max").unwrap_or(i64::MAX))
        ),
        "boolean" => json!(false),
        "blob" => json!(B64.encode(vec![0u8; num(s, "min").unwrap_or(1).max(1) as usize])),
        "timestamp" => json!(4_000_000_000_u64),
        "list" => {
            let member = shape(model, s["member"]["shape"].as_str().unwrap());
            let n = num(s, "min").unwrap_or(0) as usize;
            Value::Array((0..n).map(|_| valid(model, member)).collect())
        }
        "map" => json!({}),
        "structure" => Value::Object(required_members(model, s)),
        t => panic!("shape type {t}"),
    }
}

fn required_members(model: &Value, s: &Value) -> Map<String, Value> {
    let mut out = Map::new();
    for r in s["required"].as_array().into_iter().flatten() {
        let r = r.as_str().unwrap();
        let m = shape(model, s["members"][r]["shape"].as_str().unwrap());
        out.insert(r.to_owned(), valid(model, m));
    }
    out
}

/// Every single-constraint violation of a member of shape `s` at `path`: the value to send
/// and the violation as AWS words it.
fn violations(model: &Value, s: &Value, path: &str) -> Vec<(Value, String)> {
    let sensitive = s.get("sensitive") == Some(&json!(true));
    let at = |shown: Option<String>, must: String| match shown {
        Some(v) if !sensitive => {
            format!("Value '{v}' at '{path}' failed to satisfy constraint: Member must {must}")
        }
        _ => format!("Value at '{path}' failed to satisfy constraint: Member must {must}"),
    };
    let mut out = Vec::new();
    let (min, max) = (num(s, "min"), num(s, "max"));
    match s["type"].as_str().unwrap() {
        "string" => {
            if let Some(min) = min.filter(|&m| m > 0) {
                let v = "a".repeat(min as usize - 1);
                let mut msgs = vec![at(
                    Some(v.clone()),
                    format!("have length greater than or equal to {min}"),
                )];
                if v.is_empty()
                    && let Some(p) = s.get("pattern").and_then(Value::as_str)
                    && p.ends_with('+') | p.ends_with("+$")
                {
                    msgs.push(at(
                        Some(v.clone()),
                        format!("satisfy regular expression pattern: {p}"),
                    ));
                }
                out.push((json!(v), msgs.join("; ")));
            }
            if let Some(max) = max {
                let v = "a".repeat(max as usize + 1);
                let must = format!("have length less than or equal to {max}");
                out.push((json!(v), at(Some(v.clone()), must)));
            }
            if let Some(p) = s.get("pattern").and_then(Value::as_str) {
                // No pattern of the model admits a control character.
                let v = "\u{1}".repeat(min.unwrap_or(1).max(1) as usize);
                let must = format!("satisfy regular expression pattern: {p}");
                out.push((json!(v), at(Some(v.clone()), must)));
            }
            if let Some(values) = s.get("enum").and_then(Value::as_array) {
                let list: Vec<&str> = values.iter().map(|v| v.as_str().unwrap()).collect();
                let must = format!("satisfy enum value set: [{}]", list.join(", "));
                out.push((json!("NOT_A_VALUE"), at(Some("NOT_A_VALUE".into()), must)));
            }
        }
        "integer" | "long" => {
            if let Some(min) = min {
                let v = min - 1;
                let must = format!("have value greater than or equal to {min}");
                out.push((json!(v), at(Some(v.to_string()), must)));
            }
            if let Some(max) = max {
                let v = max + 1;
                let must = format!("have value less than or equal to {max}");
                out.push((json!(v), at(Some(v.to_string()), must)));
            }
        }
        "blob" => {
            // Coral shows a blob as the Java buffer it decoded it into.
            let buffer = |n: i64| Some(format!("java.nio.HeapByteBuffer[pos=0 lim={n} cap={n}]"));
            if let Some(min) = min.filter(|&m| m > 0) {
                let v = B64.encode(vec![0u8; min as usize - 1]);
                let must = format!("have length greater than or equal to {min}");
                out.push((json!(v), at(buffer(min - 1), must)));
            }
            if let Some(max) = max {
                let v = B64.encode(vec![0u8; max as usize + 1]);
                let must = format!("have length less than or equal to {max}");
                out.push((json!(v), at(buffer(max + 1), must)));
            }
        }
        "list" => {
            let member = shape(model, s["member"]["shape"].as_str().unwrap());
            let one = valid(model, member);
            let show = |items: &[Value]| {
                let parts: Vec<String> = items
                    .iter()
                    .map(|i| i.as_str().map(str::to_owned).unwrap_or_default())
                    .collect();
                format!("[{}]", parts.join(", "))
            };
            if let Some(min) = min.filter(|&m| m > 0) {
                let items = vec![one.clone(); min as usize - 1];
                let must = format!("have length greater than or equal to {min}");
                out.push((Value::Array(items.clone()), at(Some(show(&items)), must)));
            }
            if let Some(max) = max {
                let items = vec![one.clone(); max as usize + 1];
                let must = format!("have length less than or equal to {max}");
                out.push((Value::Array(items.clone()), at(Some(show(&items)), must)));
            }
            let pad = vec![one; min.unwrap_or(0).max(1) as usize - 1];
            for (bad, msg) in violations(model, member, &format!("{path}.1.member")) {
                let mut items = vec![bad];
                items.extend(pad.iter().cloned());
                out.push((Value::Array(items), msg));
            }
        }
        "structure" => {
            let base = required_members(model, s);
            for (name, m) in s["members"].as_object().unwrap() {
                let ms = shape(model, m["shape"].as_str().unwrap());
                let sub = format!("{path}.{}", lower_first(name));
                for (bad, msg) in violations(model, ms, &sub) {
                    let mut v = base.clone();
                    v.insert(name.clone(), bad);
                    out.push((Value::Object(v), msg));
                }
                if s["required"]
                    .as_array()
                    .is_some_and(|r| r.contains(&json!(name)))
                {
                    let mut v = base.clone();
                    v.remove(name);
                    let msg = format!(
                        "Value null at '{sub}' failed to satisfy constraint: Member must not be null"
                    );
                    out.push((Value::Object(v), msg));
                }
            }
        }
        "boolean" | "timestamp" | "map" => {}
        t => panic!("shape type {t}"),
    }
    out
}

#[test]
fn every_model_constraint_is_enforced_with_aws_message() {
    let Some(model) = model("every_model_constraint_is_enforced_with_aws_message") else {
        return;
    };
    let kms = LocalKms::new();
    let mut checked = 0;
    for op in implemented() {
        let Some(input) = input_shape(model, op) else {
            continue;
        };
        let base = required_members(model, input);
        let required: Vec<&str> = input["required"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|r| r.as_str().unwrap())
            .collect();
        for (name, m) in input["members"].as_object().unwrap() {
            let ms = shape(model, m["shape"].as_str().unwrap());
            let path = lower_first(name);
            let mut cases = violations(model, ms, &path);
            if required.contains(&name.as_str()) {
                cases.push((
                    Value::Null,
                    format!("Value null at '{path}' failed to satisfy constraint: Member must not be null"),
                ));
            }
            for (bad, violation) in cases {
                let mut body = base.clone();
                if bad.is_null() {
                    body.remove(name);
                } else {
                    body.insert(name.clone(), bad);
                }
                let n = violation.matches("failed to satisfy constraint").count();
                let expected = if n == 1 {
                    format!("1 validation error detected: {violation}")
                } else {
                    format!("{n} validation errors detected: {violation}")
                };
                let r = dispatch_kms(&kms, op, Value::Object(body.clone()).to_string().as_bytes());
                let v: Value = serde_json::from_slice(&r.body).unwrap();
                assert_eq!(
                    (r.status, r.error_type.as_deref(), v["message"].as_str()),
                    (400, Some("ValidationException"), Some(expected.as_str())),
                    "{op} {} ({REGENERATE})",
                    Value::Object(body)
                        .to_string()
                        .chars()
                        .take(300)
                        .collect::<String>()
                );
                checked += 1;
            }
        }
    }
    // Every implemented operation has at least one constrained member but ListKeys/CreateKey
    // have many: a floor that catches a walk that silently found nothing.
    assert!(checked > 150, "only {checked} constraints checked");
    eprintln!("{checked} constraint violations checked");
}

/// A JSON value of the wrong type for `shape`, and Coral's message for it.
fn wrong_type(s: &Value) -> (Value, &'static str) {
    match s["type"].as_str().unwrap() {
        "string" => (
            json!(true),
            "class java.lang.Boolean can not be converted to an String",
        ),
        "integer" | "long" => (
            json!("7"),
            "class java.lang.String can not be converted to an Integer",
        ),
        "boolean" => (
            json!(7),
            "class java.lang.Short can not be converted to an Boolean",
        ),
        "blob" => (
            json!(70000),
            "class java.lang.Integer can not be converted to a Blob",
        ),
        "timestamp" => (
            json!(false),
            "class java.lang.Boolean can not be converted to an Date",
        ),
        "list" => (json!("x"), "Expected list or null"),
        "map" => (json!(["x"]), "Start of list found where not expected"),
        "structure" => (json!(1), "Expected null"),
        t => panic!("shape type {t}"),
    }
}

#[test]
fn every_member_of_the_wrong_type_is_a_serialization_exception() {
    let Some(model) = model("every_member_of_the_wrong_type_is_a_serialization_exception") else {
        return;
    };
    let kms = LocalKms::new();
    let mut checked = 0;
    for op in implemented() {
        let Some(input) = input_shape(model, op) else {
            continue;
        };
        for (name, m) in input["members"].as_object().unwrap() {
            let ms = shape(model, m["shape"].as_str().unwrap());
            let (bad, message) = wrong_type(ms);
            let body = json!({ name: bad });
            let r = dispatch_kms(&kms, op, body.to_string().as_bytes());
            let v: Value = serde_json::from_slice(&r.body).unwrap();
            assert_eq!(
                (r.status, r.error_type.as_deref(), v["Message"].as_str()),
                (400, Some("SerializationException"), Some(message)),
                "{op} {body} ({REGENERATE})"
            );
            // An object where a scalar is expected, and a list where an object is.
            let nested = match ms["type"].as_str().unwrap() {
                "structure" | "map" => (json!([]), "Start of list found where not expected"),
                _ => (
                    json!({}),
                    "Start of structure or map found where not expected.",
                ),
            };
            let r = dispatch_kms(&kms, op, json!({ name: nested.0 }).to_string().as_bytes());
            let v: Value = serde_json::from_slice(&r.body).unwrap();
            assert_eq!(v["Message"].as_str(), Some(nested.1), "{op} {name}");
            checked += 2;
        }
    }
    assert!(checked > 100, "only {checked} members checked");
}

/// Checks a response document against an output shape: member names, JSON types, enum
/// values, base64 blobs, numeric timestamps; returns the member paths seen.
fn check_output(model: &Value, s: &Value, v: &Value, path: &str, seen: &mut BTreeSet<String>) {
    seen.insert(path.to_owned());
    match s["type"].as_str().unwrap() {
        "string" => {
            let text = v
                .as_str()
                .unwrap_or_else(|| panic!("{path}: {v} is not a string"));
            if let Some(values) = s.get("enum") {
                assert!(
                    values.as_array().unwrap().contains(v),
                    "{path}: {v} not in {values}"
                );
            }
            if let Some(min) = num(s, "min") {
                assert!(
                    text.chars().count() as i64 >= min,
                    "{path}: {v} shorter than {min}"
                );
            }
            if let Some(max) = num(s, "max") {
                assert!(
                    text.chars().count() as i64 <= max,
                    "{path}: {v} longer than {max}"
                );
            }
        }
        "integer" | "long" => assert!(v.is_i64(), "{path}: {v} is not an integer"),
        "boolean" => assert!(v.is_boolean(), "{path}: {v} is not a boolean"),
        "timestamp" => assert!(v.is_number(), "{path}: {v} is not epoch seconds"),
        "blob" => {
            let bytes = B64
                .decode(
                    v.as_str()
                        .unwrap_or_else(|| panic!("{path}: {v} is not base64")),
                )
                .unwrap_or_else(|e| panic!("{path}: {e}"));
            if let Some(min) = num(s, "min") {
                assert!(bytes.len() as i64 >= min, "{path}: {} bytes", bytes.len());
            }
            if let Some(max) = num(s, "max") {
                assert!(bytes.len() as i64 <= max, "{path}: {} bytes", bytes.len());
            }
        }
        "list" => {
            let member = shape(model, s["member"]["shape"].as_str().unwrap());
            for item in v
                .as_array()
                .unwrap_or_else(|| panic!("{path}: {v} is not a list"))
            {
                check_output(model, member, item, &format!("{path}[]"), seen);
            }
        }
        "structure" => {
            let fields = v
                .as_object()
                .unwrap_or_else(|| panic!("{path}: {v} is not an object"));
            for (name, fv) in fields {
                let m = s["members"]
                    .get(name)
                    .unwrap_or_else(|| panic!("{path}.{name} is not in the model"));
                let ms = shape(model, m["shape"].as_str().unwrap());
                check_output(model, ms, fv, &format!("{path}.{name}"), seen);
            }
            for r in s["required"].as_array().into_iter().flatten() {
                assert!(
                    fields.contains_key(r.as_str().unwrap()),
                    "{path}: {r} missing"
                );
            }
        }
        t => panic!("{path}: shape type {t}"),
    }
}

struct Scenario {
    kms: LocalKms,
    clock: Arc<ManualClock>,
    model: &'static Value,
    ops: BTreeSet<String>,
    seen: BTreeSet<String>,
}

impl Scenario {
    /// Calls `op`, checks the response against the model's output shape, returns it (`Null`
    /// for an operation without output, which must answer an empty body).
    fn ok(&mut self, op: &str, body: Value) -> Value {
        let r = dispatch_kms(&self.kms, op, body.to_string().as_bytes());
        assert_eq!(
            (r.status, r.error_type.as_deref()),
            (200, None),
            "{op} {body}: {}",
            String::from_utf8_lossy(&r.body)
        );
        self.ops.insert(op.to_owned());
        let Some(out) = self.model["operations"][op]["output"]["shape"].as_str() else {
            assert!(
                r.body.is_empty(),
                "{op} has no output but answered {:?}",
                r.body
            );
            return Value::Null;
        };
        let v: Value = serde_json::from_slice(&r.body).unwrap();
        check_output(self.model, shape(self.model, out), &v, op, &mut self.seen);
        v
    }
}

#[test]
fn every_operation_answers_in_the_model_output_shape() {
    let Some(model) = model("every_operation_answers_in_the_model_output_shape") else {
        return;
    };
    let clock = Arc::new(ManualClock::new(
        UNIX_EPOCH + Duration::from_secs(1_700_000_000),
    ));
    let kms = LocalKms::builder().clock(clock.clone()).build().unwrap();
    let mut s = Scenario {
        kms,
        clock,
        model,
        ops: BTreeSet::new(),
        seen: BTreeSet::new(),
    };
    let key = s.ok("CreateKey", json!({"Description": "d", "Tags": []}))["KeyMetadata"].clone();
    let id = key["KeyId"].as_str().unwrap().to_owned();
    let other = s.ok("CreateKey", json!({"MultiRegion": true}))["KeyMetadata"]["KeyId"].clone();
    s.ok("DescribeKey", json!({"KeyId": id, "GrantTokens": []}));
    s.ok("ListKeys", json!({"Limit": 1}));
    s.ok(
        "CreateAlias",
        json!({"AliasName": "alias/app", "TargetKeyId": id}),
    );
    s.ok(
        "UpdateAlias",
        json!({"AliasName": "alias/app", "TargetKeyId": other}),
    );
    let aliases = s.ok("ListAliases", json!({}));
    assert_eq!(aliases["Aliases"][0]["AliasName"], "alias/app");
    s.ok("DeleteAlias", json!({"AliasName": "alias/app"}));
    s.ok("DisableKey", json!({"KeyId": id}));
    s.ok("EnableKey", json!({"KeyId": id}));
    let dk = s.ok("GenerateDataKey", json!({"KeyId": id, "NumberOfBytes": 32}));
    s.ok(
        "GenerateDataKeyWithoutPlaintext",
        json!({"KeyId": id, "KeySpec": "AES_128"}),
    );
    let enc = s.ok("Encrypt", json!({"KeyId": id, "Plaintext": "aGVsbG8="}));
    s.ok("Decrypt", json!({"CiphertextBlob": dk["CiphertextBlob"]}));
    s.ok(
        "ReEncrypt",
        json!({"CiphertextBlob": enc["CiphertextBlob"], "DestinationKeyId": other}),
    );
    s.ok("GenerateRandom", json!({"NumberOfBytes": 8}));
    s.ok(
        "EnableKeyRotation",
        json!({"KeyId": id, "RotationPeriodInDays": 90}),
    );
    s.ok("RotateKeyOnDemand", json!({"KeyId": id}));
    s.clock.advance(Duration::from_secs(91 * 86_400));
    let status = s.ok("GetKeyRotationStatus", json!({"KeyId": id}));
    assert_eq!(status["KeyRotationEnabled"], true);
    let rotations = s.ok(
        "ListKeyRotations",
        json!({"KeyId": id, "IncludeKeyMaterial": "ROTATIONS_ONLY"}),
    );
    assert_eq!(
        rotations["Rotations"].as_array().unwrap().len(),
        2,
        "{rotations}"
    );
    s.ok("DisableKeyRotation", json!({"KeyId": id}));
    let policy = s.ok("GetKeyPolicy", json!({"KeyId": id}));
    s.ok(
        "PutKeyPolicy",
        json!({"KeyId": id, "Policy": policy["Policy"], "PolicyName": "default"}),
    );
    let external = s.ok("CreateKey", json!({"Origin": "EXTERNAL"}))["KeyMetadata"]["KeyId"].clone();
    s.ok(
        "ImportKeyMaterial",
        json!({
            "KeyId": external,
            "ImportToken": B64.encode(b"token"),
            "EncryptedKeyMaterial": B64.encode([7u8; 32]),
            "ExpirationModel": "KEY_MATERIAL_EXPIRES",
            "ValidTo": 1_800_000_000,
        }),
    );
    let ext = s.ok("DescribeKey", json!({"KeyId": external}))["KeyMetadata"].clone();
    assert_eq!(ext["ValidTo"], json!(1_800_000_000.0));
    assert_eq!(ext["ExpirationModel"], "KEY_MATERIAL_EXPIRES");
    let del = s.ok(
        "ScheduleKeyDeletion",
        json!({"KeyId": id, "PendingWindowInDays": 7}),
    );
    assert_eq!(del["KeyState"], "PendingDeletion");
    s.ok("DescribeKey", json!({"KeyId": id}));
    s.ok("CancelKeyDeletion", json!({"KeyId": id}));

    let all: BTreeSet<String> = implemented().map(str::to_owned).collect();
    assert_eq!(s.ops, all, "operations not exercised");
    for member in [
        "CreateKey.KeyMetadata.CreationDate",
        "CreateKey.KeyMetadata.MultiRegionConfiguration.PrimaryKey.Region",
        "DescribeKey.KeyMetadata.DeletionDate",
        "DescribeKey.KeyMetadata.PendingDeletionWindowInDays",
        "DescribeKey.KeyMetadata.ValidTo",
        "GenerateDataKey.Plaintext",
        "GetKeyRotationStatus.NextRotationDate",
        "ListAliases.Aliases[].LastUpdatedDate",
        "ListKeyRotations.Rotations[].RotationDate",
        "ListKeys.NextMarker",
        "ScheduleKeyDeletion.DeletionDate",
    ] {
        assert!(s.seen.contains(member), "{member} never sent: {:?}", s.seen);
    }
}

#[test]
fn the_model_lists_the_operations_datakey_refuses_as_unimplemented() {
    let Some(model) = model("the_model_lists_the_operations_datakey_refuses_as_unimplemented")
    else {
        return;
    };
    let kms = LocalKms::new();
    let ops = model["operations"].as_object().unwrap();
    for op in ops.keys() {
        let r = dispatch_kms(&kms, op, b"{}");
        let implemented = implemented().any(|i| i == op);
        if implemented {
            assert_ne!(
                r.error_type.as_deref(),
                Some("UnsupportedOperationException"),
                "{op}"
            );
            assert_ne!(
                r.error_type.as_deref(),
                Some("UnknownOperationException"),
                "{op}"
            );
        } else {
            let v: Value = serde_json::from_slice(&r.body).unwrap();
            assert_eq!(
                (r.error_type.as_deref(), v["message"].as_str()),
                (
                    Some("UnsupportedOperationException"),
                    Some(format!("datakey does not implement the KMS operation {op}.").as_str())
                ),
            );
        }
    }
    for op in implemented() {
        assert!(ops.contains_key(op), "{op} is not a KMS operation");
    }
}
