//! The AWS JSON 1.1 wire model (`datakey::wire`): round trips of every operation, the error
//! shapes and codes, the type checks and the validation messages.

// Test helpers outside `#[test]` functions unwrap too.
#![allow(clippy::unwrap_used)]

use std::sync::Arc;
use std::time::{Duration, UNIX_EPOCH};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use datakey::kms::{Caller, FaultKind, FaultRule, Operation};
use datakey::wire::{WireResponse, call, dispatch_kms, error_response};
use datakey::{LocalKms, ManualClock};
use serde_json::{Value, json};

/// Calls `op` with `body` and returns the status, the error type and the parsed body (`Null`
/// for an empty body).
fn send(kms: &LocalKms, op: &str, body: Value) -> (u16, Option<String>, Value) {
    let r = dispatch_kms(kms, op, body.to_string().as_bytes());
    parsed(r)
}

fn parsed(r: WireResponse) -> (u16, Option<String>, Value) {
    let v = if r.body.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&r.body).unwrap()
    };
    (r.status, r.error_type, v)
}

/// Calls `op` and expects success.
fn ok(kms: &LocalKms, op: &str, body: Value) -> Value {
    let (status, err, v) = send(kms, op, body);
    assert_eq!((status, err.as_deref()), (200, None), "{op}: {v}");
    v
}

/// Calls `op` and expects an error: returns (status, code, message or "").
fn fail(kms: &LocalKms, op: &str, body: Value) -> (u16, String, String) {
    let (status, err, v) = send(kms, op, body);
    let code = err.unwrap_or_else(|| panic!("{op} succeeded: {v}"));
    assert_eq!(v["__type"], code.as_str(), "{v}");
    let message = v
        .get("message")
        .or_else(|| v.get("Message"))
        .map(|m| m.as_str().unwrap().to_owned())
        .unwrap_or_default();
    (status, code, message)
}

fn create_key(kms: &LocalKms) -> Value {
    ok(kms, "CreateKey", json!({}))["KeyMetadata"].clone()
}

fn b64(bytes: &[u8]) -> String {
    B64.encode(bytes)
}

fn unb64(v: &Value) -> Vec<u8> {
    B64.decode(v.as_str().unwrap()).unwrap()
}

#[test]
fn generate_data_key_then_decrypt() {
    let kms = LocalKms::new();
    let key = create_key(&kms);
    let key_id = key["KeyId"].as_str().unwrap();
    let ec = json!({"tenant": "acme", "purpose": "test"});
    let dk = ok(
        &kms,
        "GenerateDataKey",
        json!({"KeyId": key_id, "KeySpec": "AES_256", "EncryptionContext": ec}),
    );
    assert_eq!(dk["KeyId"], key["Arn"]);
    assert_eq!(unb64(&dk["Plaintext"]).len(), 32);
    assert_eq!(dk["KeyMaterialId"], key["CurrentKeyMaterialId"]);
    let back = ok(
        &kms,
        "Decrypt",
        json!({"CiphertextBlob": dk["CiphertextBlob"], "EncryptionContext": ec}),
    );
    assert_eq!(back["Plaintext"], dk["Plaintext"]);
    assert_eq!(back["KeyId"], key["Arn"]);
    assert_eq!(back["EncryptionAlgorithm"], "SYMMETRIC_DEFAULT");
    assert_eq!(back["KeyMaterialId"], dk["KeyMaterialId"]);

    // The typed API opens the wire's blob too.
    let typed = kms
        .decrypt(datakey::kms::DecryptRequest {
            ciphertext_blob: unb64(&dk["CiphertextBlob"]),
            encryption_context: datakey::EncryptionContext::from_iter([
                ("tenant", "acme"),
                ("purpose", "test"),
            ]),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(
        typed.plaintext.expose_secret(),
        &unb64(&dk["Plaintext"])[..]
    );

    // A wrong context: InvalidCiphertextException, 400, and no message member at all.
    let r = dispatch_kms(
        &kms,
        "Decrypt",
        json!({"CiphertextBlob": dk["CiphertextBlob"]})
            .to_string()
            .as_bytes(),
    );
    assert_eq!(r.status, 400);
    assert_eq!(r.error_type.as_deref(), Some("InvalidCiphertextException"));
    assert_eq!(r.body, br#"{"__type":"InvalidCiphertextException"}"#);
}

#[test]
fn data_plane_round_trips() {
    let kms = LocalKms::new();
    let a = create_key(&kms);
    let b = create_key(&kms);
    let without = ok(
        &kms,
        "GenerateDataKeyWithoutPlaintext",
        json!({"KeyId": a["Arn"], "NumberOfBytes": 64}),
    );
    assert!(without.get("Plaintext").is_none(), "{without}");
    assert_eq!(
        without.as_object().unwrap().keys().collect::<Vec<_>>(),
        ["CiphertextBlob", "KeyId", "KeyMaterialId"]
    );
    let secret = b"attack at dawn";
    let enc = ok(
        &kms,
        "Encrypt",
        json!({"KeyId": a["KeyId"], "Plaintext": b64(secret), "EncryptionContext": {"k": "v"}}),
    );
    assert_eq!(enc["EncryptionAlgorithm"], "SYMMETRIC_DEFAULT");
    let re = ok(
        &kms,
        "ReEncrypt",
        json!({
            "CiphertextBlob": enc["CiphertextBlob"],
            "SourceEncryptionContext": {"k": "v"},
            "DestinationKeyId": b["KeyId"],
            "DestinationEncryptionContext": {"k2": "v2"},
        }),
    );
    assert_eq!(re["SourceKeyId"], a["Arn"]);
    assert_eq!(re["KeyId"], b["Arn"]);
    assert_eq!(re["SourceKeyMaterialId"], a["CurrentKeyMaterialId"]);
    assert_eq!(re["DestinationKeyMaterialId"], b["CurrentKeyMaterialId"]);
    assert_eq!(re["SourceEncryptionAlgorithm"], "SYMMETRIC_DEFAULT");
    assert_eq!(re["DestinationEncryptionAlgorithm"], "SYMMETRIC_DEFAULT");
    let dec = ok(
        &kms,
        "Decrypt",
        json!({"CiphertextBlob": re["CiphertextBlob"], "EncryptionContext": {"k2": "v2"},
               "KeyId": b["Arn"]}),
    );
    assert_eq!(unb64(&dec["Plaintext"]), secret);
    let rnd = ok(&kms, "GenerateRandom", json!({"NumberOfBytes": 17}));
    assert_eq!(unb64(&rnd["Plaintext"]).len(), 17);
}

#[test]
fn create_and_describe_key() {
    let clock = Arc::new(ManualClock::new(
        UNIX_EPOCH + Duration::from_millis(1_700_000_000_123),
    ));
    let kms = LocalKms::builder().clock(clock).build().unwrap();
    let md = ok(
        &kms,
        "CreateKey",
        json!({"Description": "wire key", "KeyUsage": "ENCRYPT_DECRYPT"}),
    )["KeyMetadata"]
        .clone();
    let key_id = md["KeyId"].as_str().unwrap();
    assert_eq!(md["AWSAccountId"], "111122223333");
    assert_eq!(
        md["Arn"],
        format!("arn:aws:kms:us-east-1:111122223333:key/{key_id}")
    );
    assert_eq!(md["CreationDate"], json!(1_700_000_000.123));
    assert_eq!(md["Enabled"], true);
    assert_eq!(md["Description"], "wire key");
    assert_eq!(md["KeyUsage"], "ENCRYPT_DECRYPT");
    assert_eq!(md["KeyState"], "Enabled");
    assert_eq!(md["Origin"], "AWS_KMS");
    assert_eq!(md["KeyManager"], "CUSTOMER");
    assert_eq!(md["KeySpec"], "SYMMETRIC_DEFAULT");
    assert_eq!(md["CustomerMasterKeySpec"], "SYMMETRIC_DEFAULT");
    assert_eq!(md["EncryptionAlgorithms"], json!(["SYMMETRIC_DEFAULT"]));
    assert_eq!(md["MultiRegion"], false);
    assert_eq!(md["CurrentKeyMaterialId"].as_str().unwrap().len(), 64);
    for absent in [
        "DeletionDate",
        "ValidTo",
        "SigningAlgorithms",
        "MacAlgorithms",
        "KeyAgreementAlgorithms",
        "PendingDeletionWindowInDays",
        "ExpirationModel",
    ] {
        assert!(md.get(absent).is_none(), "{absent} in {md}");
    }
    let described = ok(&kms, "DescribeKey", json!({"KeyId": key_id}));
    assert_eq!(described["KeyMetadata"], md);

    let hmac = ok(
        &kms,
        "CreateKey",
        json!({"KeySpec": "HMAC_256", "KeyUsage": "GENERATE_VERIFY_MAC"}),
    )["KeyMetadata"]
        .clone();
    assert_eq!(hmac["MacAlgorithms"], json!(["HMAC_SHA_256"]));
    assert!(hmac.get("EncryptionAlgorithms").is_none(), "{hmac}");
}

#[test]
fn empty_body_and_empty_object_are_empty_input() {
    let kms = LocalKms::new();
    for body in [&b""[..], b"{}", b"  \n", b"null"] {
        let r = dispatch_kms(&kms, "CreateKey", body);
        assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    }
    let r = dispatch_kms(&kms, "ListKeys", b"");
    let (_, _, v) = parsed(r);
    assert_eq!(v["Keys"].as_array().unwrap().len(), 4);
}

#[test]
fn unknown_and_unimplemented_operations() {
    let kms = LocalKms::new();
    let r = dispatch_kms(&kms, "FlyToTheMoon", b"{}");
    assert_eq!(r.status, 400);
    assert_eq!(r.error_type.as_deref(), Some("UnknownOperationException"));
    assert_eq!(r.body, br#"{"__type":"UnknownOperationException"}"#);
    let (status, code, message) = fail(&kms, "CreateGrant", json!({}));
    assert_eq!(
        (status, code.as_str(), message.as_str()),
        (
            400,
            "UnsupportedOperationException",
            "datakey does not implement the KMS operation CreateGrant."
        )
    );
    // Operation names are case-sensitive, as X-Amz-Target is.
    let r = dispatch_kms(&kms, "createKey", b"{}");
    assert_eq!(r.error_type.as_deref(), Some("UnknownOperationException"));
}

#[test]
fn error_response_shape() {
    let r = error_response(
        400,
        "UnrecognizedClientException",
        "The security token included in the request is invalid.",
    );
    assert_eq!(r.status, 400);
    assert_eq!(r.error_type.as_deref(), Some("UnrecognizedClientException"));
    assert_eq!(
        r.body,
        br#"{"__type":"UnrecognizedClientException","message":"The security token included in the request is invalid."}"#
    );
    let r = error_response(400, "AccessDeniedException", "nope");
    assert_eq!(
        r.body,
        br#"{"__type":"AccessDeniedException","Message":"nope"}"#
    );
    let r = error_response(400, "MissingAuthenticationTokenException", "");
    assert_eq!(
        r.body,
        br#"{"__type":"MissingAuthenticationTokenException"}"#
    );
}

#[test]
fn server_faults_are_500() {
    let kms = LocalKms::new();
    let key = create_key(&kms);
    for (kind, status) in [
        (FaultKind::KeyUnavailable, 500),
        (FaultKind::DependencyTimeout, 500),
        (FaultKind::KmsInternal, 500),
        (FaultKind::Throttling, 400),
    ] {
        kms.inject_fault(FaultRule::next_calls(
            kind,
            &[Operation::GenerateDataKey],
            1,
        ))
        .unwrap();
        let (s, code, message) = fail(
            &kms,
            "GenerateDataKey",
            json!({"KeyId": key["KeyId"], "KeySpec": "AES_128"}),
        );
        assert_eq!((s, code.as_str()), (status, kind.as_str()));
        assert_eq!(message, kind.to_error().message());
    }
}

#[test]
fn generic_call_on_values() {
    let kms = LocalKms::new();
    let key = call(&kms, "CreateKey", Value::Null).unwrap();
    let id = key["KeyMetadata"]["KeyId"].clone();
    assert_eq!(
        call(&kms, "EnableKey", json!({"KeyId": id})).unwrap(),
        Value::Null
    );
    let e = call(&kms, "DescribeKey", json!({})).unwrap_err();
    assert_eq!(e.code(), "ValidationException");
    assert_eq!(
        e.to_string(),
        "ValidationException: 1 validation error detected: Value null at 'keyId' failed to \
         satisfy constraint: Member must not be null"
    );
    let as_caller = kms
        .as_caller(Caller::new("arn:aws:iam::111122223333:role/app"))
        .unwrap();
    let e = call(&as_caller, "DescribeKey", json!({"KeyId": id})).unwrap_err();
    assert_eq!(e.code(), "AccessDeniedException");
}
