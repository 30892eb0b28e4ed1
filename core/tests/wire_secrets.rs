//! The Secrets Manager wire against botocore's own service model
//! (`secretsmanager/2017-10-17/service-2.json`, loaded through botocore itself): for every
//! operation datakey implements,
//!
//! - every constraint of the model (required, min/max length, range, pattern, enum, down into
//!   list members and nested structures), violated alone in an otherwise valid request, is a
//!   `ValidationException` with exactly AWS's `1 validation error detected: …` message;
//! - every member of the input shape, sent with the wrong JSON type, is a
//!   `SerializationException`;
//! - every response member datakey sends exists in the output shape, with the JSON type the
//!   shape says, after a scenario that runs every implemented operation;
//! - secret values never appear in a `WireResponse`'s `Debug`, and the AWS-validated messages
//!   come back as `{"__type", "Message"}`.
//!
//! botocore comes from `$DATAKEY_PYTHON` or `<repo>/.venv/bin/python`; without it the tests
//! print a loud SKIPPED line, or fail when `DATAKEY_REQUIRE_INTEROP=1`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;
use std::sync::{Arc, OnceLock};
use std::time::{Duration, UNIX_EPOCH};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use datakey::secrets::LocalSecretsManager;
use datakey::wire::{dispatch_secrets, secrets};
use datakey::{LocalKms, ManualClock};
use serde_json::{Value, json};

mod wire_walk;

use wire_walk::*;

fn model(test: &str) -> Option<&'static Value> {
    static MODEL: OnceLock<Option<Value>> = OnceLock::new();
    let m = MODEL.get_or_init(|| load("secretsmanager"));
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

const REGENERATE: &str = "if the installed botocore's Secrets Manager model changed, regenerate \
                          the table: python3 core/src/wire/gen_model.py --service secretsmanager \
                          > core/src/wire/secrets_model.rs";

fn implemented() -> Vec<&'static str> {
    secrets::operations().map(|o| o.name).collect()
}

fn service() -> LocalSecretsManager {
    LocalSecretsManager::new(&LocalKms::new())
}

#[test]
fn every_model_constraint_is_enforced_with_aws_message() {
    let Some(model) = model("every_model_constraint_is_enforced_with_aws_message") else {
        return;
    };
    let sm = service();
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
                // A `Duration` one character short cannot match `[0-9]+h` either: two
                // violations, which the walk does not predict.
                if violation.contains(".duration'")
                    && violation.contains("greater than or equal to")
                {
                    continue;
                }
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
                let r =
                    dispatch_secrets(&sm, op, Value::Object(body.clone()).to_string().as_bytes());
                let v: Value = serde_json::from_slice(&r.body).unwrap();
                assert_eq!(
                    (r.status, r.error_type.as_deref(), v["Message"].as_str()),
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
    assert!(checked > 120, "only {checked} constraints checked");
    eprintln!("{checked} constraint violations checked");
}

#[test]
fn every_member_of_the_wrong_type_is_a_serialization_exception() {
    let Some(model) = model("every_member_of_the_wrong_type_is_a_serialization_exception") else {
        return;
    };
    let sm = service();
    let mut checked = 0;
    for op in implemented() {
        let Some(input) = input_shape(model, op) else {
            continue;
        };
        let base = required_members(model, input);
        for (name, m) in input["members"].as_object().unwrap() {
            let ms = shape(model, m["shape"].as_str().unwrap());
            let (bad, _) = wrong_type(ms);
            let mut body = base.clone();
            body.insert(name.clone(), bad);
            let r = dispatch_secrets(&sm, op, Value::Object(body.clone()).to_string().as_bytes());
            assert_eq!(
                (r.status, r.error_type.as_deref()),
                (400, Some("SerializationException")),
                "{op}.{name}: {}",
                String::from_utf8_lossy(&r.body)
            );
            checked += 1;
        }
    }
    assert!(checked > 80, "only {checked} members checked");
}

#[test]
fn the_table_lists_every_operation_of_the_model() {
    let Some(model) = model("the_table_lists_every_operation_of_the_model") else {
        return;
    };
    let sm = service();
    for op in model["operations"].as_object().unwrap().keys() {
        let r = dispatch_secrets(&sm, op, b"{}");
        assert_ne!(
            r.error_type.as_deref(),
            Some("UnknownOperationException"),
            "{op} ({REGENERATE})"
        );
    }
}

struct Scenario {
    sm: LocalSecretsManager,
    model: &'static Value,
    ops: BTreeSet<String>,
    seen: BTreeSet<String>,
}

impl Scenario {
    fn ok(&mut self, op: &str, body: Value) -> Value {
        let r = dispatch_secrets(&self.sm, op, body.to_string().as_bytes());
        assert_eq!(
            (r.status, r.error_type.as_deref()),
            (200, None),
            "{op} {body}: {}",
            String::from_utf8_lossy(&r.body)
        );
        self.ops.insert(op.to_owned());
        let Some(out) = self.model["operations"][op]["output"]["shape"].as_str() else {
            assert!(r.body.is_empty(), "{op} has no output");
            return Value::Null;
        };
        let v: Value = serde_json::from_slice(&r.body).unwrap();
        check_output(self.model, shape(self.model, out), &v, op, &mut self.seen);
        v
    }

    fn err(&mut self, op: &str, body: Value) -> (String, String) {
        let r = dispatch_secrets(&self.sm, op, body.to_string().as_bytes());
        assert_eq!(r.status, 400, "{op} {body}");
        let v: Value = serde_json::from_slice(&r.body).unwrap();
        assert_eq!(v["__type"].as_str(), r.error_type.as_deref());
        (
            v["__type"].as_str().unwrap().to_owned(),
            v["Message"].as_str().unwrap_or_default().to_owned(),
        )
    }
}

fn token(n: u32) -> String {
    format!("{n:08}-0000-4000-8000-000000000000")
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
    let west = LocalKms::builder()
        .clock(clock.clone())
        .region("us-west-2")
        .build()
        .unwrap();
    let sm = LocalSecretsManager::new(&kms);
    sm.link_region(&LocalSecretsManager::new(&west)).unwrap();
    sm.register_rotation_function(
        "arn:aws:lambda:us-east-1:111122223333:function:rotate",
        |_| Ok(()),
    );
    let mut s = Scenario {
        sm,
        model,
        ops: BTreeSet::new(),
        seen: BTreeSet::new(),
    };
    let created = s.ok(
        "CreateSecret",
        json!({"Name": "app/db", "SecretString": "hunter2", "ClientRequestToken": token(1),
               "Description": "d", "Tags": [{"Key": "team", "Value": "a"}]}),
    );
    let arn = created["ARN"].as_str().unwrap().to_owned();
    assert_eq!(created["VersionId"], token(1));
    let bin = B64.encode([0u8, 1, 2, 255]);
    s.ok(
        "CreateSecret",
        json!({"Name": "app/bin", "SecretBinary": bin, "ClientRequestToken": token(2)}),
    );
    let got = s.ok("GetSecretValue", json!({"SecretId": "app/bin"}));
    assert_eq!(got["SecretBinary"], bin);
    let got = s.ok("GetSecretValue", json!({"SecretId": &arn[..arn.len() - 7]}));
    assert_eq!(
        (got["SecretString"].as_str(), got["VersionStages"].clone()),
        (Some("hunter2"), json!(["AWSCURRENT"]))
    );
    s.ok(
        "PutSecretValue",
        json!({"SecretId": "app/db", "SecretString": "v2", "ClientRequestToken": token(3)}),
    );
    s.ok(
        "UpdateSecret",
        json!({"SecretId": "app/db", "SecretString": "v3", "ClientRequestToken": token(4),
               "Description": "e"}),
    );
    s.ok(
        "UpdateSecretVersionStage",
        json!({"SecretId": "app/db", "VersionStage": "AWSCURRENT",
               "RemoveFromVersionId": token(4), "MoveToVersionId": token(3)}),
    );
    let described = s.ok("DescribeSecret", json!({"SecretId": "app/db"}));
    assert!(described["VersionIdsToStages"].is_object(), "{described}");
    let listed = s.ok("ListSecrets", json!({"MaxResults": 1, "SortOrder": "desc"}));
    assert!(listed["NextToken"].is_string());
    let listed = s.ok(
        "ListSecrets",
        json!({"Filters": [{"Key": "name", "Values": ["app/db"]}]}),
    );
    assert!(listed["SecretList"][0]["SecretVersionsToStages"].is_object());
    s.ok(
        "BatchGetSecretValue",
        json!({"SecretIdList": ["app/db", "missing"]}),
    );
    s.ok(
        "ListSecretVersionIds",
        json!({"SecretId": "app/db", "IncludeDeprecated": true}),
    );
    s.ok("GetRandomPassword", json!({"PasswordLength": 20}));
    s.ok(
        "TagResource",
        json!({"SecretId": "app/db", "Tags": [{"Key": "k", "Value": "v"}]}),
    );
    s.ok(
        "UntagResource",
        json!({"SecretId": "app/db", "TagKeys": ["k"]}),
    );
    let policy = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
        "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
        "Action": "secretsmanager:GetSecretValue", "Resource": "*"}]})
    .to_string();
    s.ok(
        "ValidateResourcePolicy",
        json!({"SecretId": "app/db", "ResourcePolicy": policy}),
    );
    s.ok(
        "PutResourcePolicy",
        json!({"SecretId": "app/db", "ResourcePolicy": policy}),
    );
    s.ok("GetResourcePolicy", json!({"SecretId": "app/db"}));
    s.ok("DeleteResourcePolicy", json!({"SecretId": "app/db"}));
    s.ok(
        "RotateSecret",
        json!({"SecretId": "app/db", "ClientRequestToken": token(5),
               "RotationLambdaARN": "arn:aws:lambda:us-east-1:111122223333:function:rotate",
               "RotationRules": {"AutomaticallyAfterDays": 30}}),
    );
    s.ok("CancelRotateSecret", json!({"SecretId": "app/db"}));
    s.ok(
        "ReplicateSecretToRegions",
        json!({"SecretId": "app/bin", "AddReplicaRegions": [{"Region": "us-west-2"}]}),
    );
    s.ok(
        "RemoveRegionsFromReplication",
        json!({"SecretId": "app/bin", "RemoveReplicaRegions": ["us-west-2"]}),
    );
    let deleted = s.ok(
        "DeleteSecret",
        json!({"SecretId": "app/db", "RecoveryWindowInDays": 7}),
    );
    assert_eq!(
        deleted["DeletionDate"].as_f64(),
        Some(1_700_000_000.0 + 7.0 * 86_400.0)
    );
    assert_eq!(
        s.err("GetSecretValue", json!({"SecretId": "app/db"})),
        (
            "InvalidRequestException".to_owned(),
            "You can't perform this operation on the secret because it was marked for deletion."
                .to_owned()
        )
    );
    s.ok("RestoreSecret", json!({"SecretId": "app/db"}));
    // StopReplicationToReplica on a replica, in its region.
    let west_sm = LocalSecretsManager::new(&west);
    s.ok(
        "ReplicateSecretToRegions",
        json!({"SecretId": "app/bin", "AddReplicaRegions": [{"Region": "us-west-2"}]}),
    );
    let primary = std::mem::replace(&mut s.sm, west_sm);
    s.ok("StopReplicationToReplica", json!({"SecretId": "app/bin"}));
    s.sm = primary;
    let missing: Vec<&str> = implemented()
        .into_iter()
        .filter(|op| !s.ops.contains(*op))
        .collect();
    assert!(missing.is_empty(), "not run: {missing:?}");
    assert_eq!(
        s.err("DescribeSecret", json!({"SecretId": "nope"})),
        (
            "ResourceNotFoundException".to_owned(),
            "Secrets Manager can't find the specified secret.".to_owned()
        )
    );
}

#[test]
fn secret_values_stay_out_of_debug_and_errors() {
    let sm = service();
    let secret = "correct-horse-battery-staple-9f2c";
    let body = json!({"Name": "s", "SecretString": secret, "ClientRequestToken": token(1)});
    let r = dispatch_secrets(&sm, "CreateSecret", body.to_string().as_bytes());
    assert_eq!(r.status, 200);
    let r = dispatch_secrets(&sm, "GetSecretValue", br#"{"SecretId": "s"}"#);
    assert!(String::from_utf8_lossy(&r.body).contains(secret));
    assert!(!format!("{r:?}").contains(secret));
    // The same token with another value: the error names the token, never a value.
    let body =
        json!({"SecretId": "s", "SecretString": "other-value-77", "ClientRequestToken": token(1)});
    let r = dispatch_secrets(&sm, "PutSecretValue", body.to_string().as_bytes());
    let text = String::from_utf8_lossy(&r.body).into_owned();
    assert_eq!(
        r.error_type.as_deref(),
        Some("ResourceExistsException"),
        "{text}"
    );
    assert!(
        !text.contains(secret) && !text.contains("other-value-77"),
        "{text}"
    );
    // A value too long: the message does not echo it (the member is sensitive).
    let long = "x".repeat(65_537);
    let body = json!({"SecretId": "s", "SecretString": long, "ClientRequestToken": token(2)});
    let r = dispatch_secrets(&sm, "PutSecretValue", body.to_string().as_bytes());
    let text = String::from_utf8_lossy(&r.body).into_owned();
    assert_eq!(
        r.error_type.as_deref(),
        Some("ValidationException"),
        "{text}"
    );
    assert!(!text.contains("xxxx"), "{text}");
}

#[test]
fn the_asymmetric_key_is_refused_at_create_secret() {
    let kms = LocalKms::new();
    let key = datakey::wire::dispatch_kms(
        &kms,
        "CreateKey",
        br#"{"KeySpec": "RSA_2048", "KeyUsage": "ENCRYPT_DECRYPT"}"#,
    );
    let key: Value = serde_json::from_slice(&key.body).unwrap();
    let sm = LocalSecretsManager::new(&kms);
    let body = json!({"Name": "s", "SecretString": "v", "ClientRequestToken": token(1),
                      "KmsKeyId": key["KeyMetadata"]["Arn"]});
    let r = dispatch_secrets(&sm, "CreateSecret", body.to_string().as_bytes());
    let v: Value = serde_json::from_slice(&r.body).unwrap();
    assert_eq!(r.status, 400);
    assert_eq!(v["__type"], "EncryptionFailure");
    assert!(
        v["Message"]
            .as_str()
            .unwrap()
            .contains("You cannot generate a data key with an asymmetric CMK"),
        "{v}"
    );
    let r = dispatch_secrets(&sm, "DescribeSecret", br#"{"SecretId": "s"}"#);
    assert_eq!(r.error_type.as_deref(), Some("ResourceNotFoundException"));
}
