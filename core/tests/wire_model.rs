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
use std::sync::{Arc, OnceLock};
use std::time::{Duration, UNIX_EPOCH};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use datakey::kms::Operation;
use datakey::wire::dispatch_kms;
use datakey::{LocalKms, ManualClock};
use serde_json::{Value, json};

mod wire_walk;

use wire_walk::*;

/// The KMS service model, as botocore loads it; `None` (after a loud SKIPPED line) when
/// botocore is missing and `DATAKEY_REQUIRE_INTEROP` is not set.
fn model(test: &str) -> Option<&'static Value> {
    static MODEL: OnceLock<Option<Value>> = OnceLock::new();
    let m = MODEL.get_or_init(|| load("kms"));
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

fn implemented() -> impl Iterator<Item = &'static str> {
    Operation::ALL.iter().map(|o| o.as_str())
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
