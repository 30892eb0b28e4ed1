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

#[test]
fn malformed_bodies_are_serialization_exceptions() {
    let kms = LocalKms::new();
    for body in [&b"{"[..], b"{\"KeyId\": }", b"\xff\xfe", b"{}{}", b"nul"] {
        let r = dispatch_kms(&kms, "DescribeKey", body);
        assert_eq!(r.status, 400);
        assert_eq!(r.error_type.as_deref(), Some("SerializationException"));
        assert_eq!(r.body, br#"{"__type":"SerializationException"}"#);
    }
    // Not an object at the top.
    for (body, message) in [
        ("[]", "Start of list found where not expected"),
        ("\"x\"", "Expected null"),
        ("7", "Expected null"),
    ] {
        let (s, code, m) = fail(&kms, "DescribeKey", serde_json::from_str(body).unwrap());
        assert_eq!(
            (s, code.as_str(), m.as_str()),
            (400, "SerializationException", message)
        );
    }
    // Nesting deeper than the parser's limit: an error, not a crash.
    let deep = format!(
        "{{\"KeyId\": {}{}}}",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let r = dispatch_kms(&kms, "DescribeKey", deep.as_bytes());
    assert_eq!(r.error_type.as_deref(), Some("SerializationException"));
}

#[test]
fn member_types_as_coral_converts_them() {
    let kms = LocalKms::new();
    let key = create_key(&kms);
    let id = key["KeyId"].clone();
    // A fractional number in an integer member is truncated.
    let dk = ok(
        &kms,
        "GenerateDataKey",
        json!({"KeyId": id, "NumberOfBytes": 16.9}),
    );
    assert_eq!(unb64(&dk["Plaintext"]).len(), 16);
    // "true"/"false" strings are booleans; null members are absent; unknown members ignored.
    let md = ok(
        &kms,
        "CreateKey",
        json!({"MultiRegion": "TRUE", "Description": null, "NoSuchMember": [1, 2]}),
    )["KeyMetadata"]
        .clone();
    assert_eq!(md["MultiRegion"], true);
    assert!(md["KeyId"].as_str().unwrap().starts_with("mrk-"));
    assert_eq!(
        md["MultiRegionConfiguration"],
        json!({"MultiRegionKeyType": "PRIMARY",
               "PrimaryKey": {"Arn": md["Arn"], "Region": "us-east-1"}, "ReplicaKeys": []})
    );
    for (body, message) in [
        (
            json!({"KeyId": 5}),
            "class java.lang.Short can not be converted to an String",
        ),
        (
            json!({"KeyId": 1.5}),
            "class java.lang.Double can not be converted to an String",
        ),
        (
            json!({"KeyId": 3_000_000_000_i64}),
            "class java.lang.Long can not be converted to an String",
        ),
        (
            json!({"KeyId": id, "NumberOfBytes": "16"}),
            "class java.lang.String can not be converted to an Integer",
        ),
        (
            json!({"KeyId": id, "NumberOfBytes": true}),
            "class java.lang.Boolean can not be converted to an Integer",
        ),
        (
            json!({"KeyId": id, "NumberOfBytes": 1e300}),
            "class java.lang.Double can not be converted to an Integer",
        ),
        (
            json!({"KeyId": id, "DryRun": "maybe"}),
            "'MAYBE' can not be converted to an Boolean",
        ),
        (
            json!({"KeyId": id, "EncryptionContext": {"a": 1}}),
            "class java.lang.Short can not be converted to an String",
        ),
        (
            json!({"KeyId": id, "EncryptionContext": "a=b"}),
            "Expected map or null",
        ),
        (
            json!({"KeyId": id, "GrantTokens": "t"}),
            "Expected list or null",
        ),
        (json!({"KeyId": id, "Recipient": "r"}), "Expected null"),
    ] {
        let (s, code, m) = fail(&kms, "GenerateDataKey", body.clone());
        assert_eq!(
            (s, code.as_str(), m.as_str()),
            (400, "SerializationException", message),
            "{body}"
        );
    }
}

#[test]
fn base64_errors() {
    let kms = LocalKms::new();
    for (blob, message) in [
        (
            "AAA",
            "'AAA' can not be converted to a Blob: Base64 encoded length is expected a multiple of 4 bytes but found: 3",
        ),
        (
            "AA!A",
            "'AA!A' can not be converted to a Blob: Invalid Base64 character: '!'",
        ),
        (
            "A=AA",
            "'A=AA' can not be converted to a Blob: Invalid Base64 character: '='",
        ),
        (
            "AAF=",
            "'AAF=' can not be converted to a Blob: Invalid last non-pad Base64 character dectected",
        ),
    ] {
        let (s, code, m) = fail(&kms, "Decrypt", json!({"CiphertextBlob": blob}));
        assert_eq!(
            (s, code.as_str(), m.as_str()),
            (400, "SerializationException", message)
        );
    }
    // A plaintext is never echoed.
    let key = create_key(&kms);
    let (_, code, m) = fail(
        &kms,
        "Encrypt",
        json!({"KeyId": key["KeyId"], "Plaintext": "c2VjcmV0!!=="}),
    );
    assert_eq!(code, "SerializationException");
    assert_eq!(
        m,
        "'*** Sensitive Data Redacted ***' can not be converted to a Blob: Invalid Base64 character: '*'"
    );
    assert!(!m.contains("c2VjcmV0"), "{m}");
}

#[test]
fn validation_errors_are_reported_together() {
    let kms = LocalKms::new();
    let (s, code, m) = fail(
        &kms,
        "GenerateDataKey",
        json!({"KeyId": "", "NumberOfBytes": 0, "KeySpec": "AES_512", "GrantTokens": [""]}),
    );
    assert_eq!((s, code.as_str()), (400, "ValidationException"));
    assert_eq!(
        m,
        "4 validation errors detected: \
         Value '' at 'keyId' failed to satisfy constraint: Member must have length greater than or equal to 1; \
         Value '0' at 'numberOfBytes' failed to satisfy constraint: Member must have value greater than or equal to 1; \
         Value 'AES_512' at 'keySpec' failed to satisfy constraint: Member must satisfy enum value set: [AES_256, AES_128]; \
         Value '' at 'grantTokens.1.member' failed to satisfy constraint: Member must have length greater than or equal to 1"
    );
    // At most ten are reported.
    let tokens: Vec<String> = vec![String::new(); 15];
    let (_, _, m) = fail(
        &kms,
        "DescribeKey",
        json!({"KeyId": "k", "GrantTokens": tokens}),
    );
    assert!(m.starts_with("10 validation errors detected: "), "{m}");
    assert_eq!(m.matches("failed to satisfy constraint").count(), 10);
    // Nested structures and the plaintext (not shown).
    let (_, _, m) = fail(
        &kms,
        "CreateKey",
        json!({"Tags": [{"TagKey": "k", "TagValue": "v"}, {"TagValue": "v"}]}),
    );
    assert_eq!(
        m,
        "1 validation error detected: Value null at 'tags.2.member.tagKey' failed to satisfy \
         constraint: Member must not be null"
    );
    // A blob shows as the Java buffer Coral decoded it into (as AWS's messages show it).
    let (_, _, m) = fail(&kms, "Decrypt", json!({"CiphertextBlob": ""}));
    assert_eq!(
        m,
        "1 validation error detected: Value 'java.nio.HeapByteBuffer[pos=0 lim=0 cap=0]' at \
         'ciphertextBlob' failed to satisfy constraint: Member must have length greater than or \
         equal to 1"
    );
    let (_, _, m) = fail(
        &kms,
        "Encrypt",
        json!({"KeyId": "k", "Plaintext": b64(&[7; 4097])}),
    );
    assert_eq!(
        m,
        "1 validation error detected: Value at 'plaintext' failed to satisfy constraint: Member \
         must have length less than or equal to 4096"
    );
}

#[test]
fn the_core_rules_apply_after_the_model() {
    let kms = LocalKms::new();
    let key = create_key(&kms);
    // The model allows 1..365 days; KMS (and datakey) 7..30.
    let (_, code, m) = fail(
        &kms,
        "ScheduleKeyDeletion",
        json!({"KeyId": key["KeyId"], "PendingWindowInDays": 5}),
    );
    assert_eq!(code, "ValidationException");
    assert_eq!(
        m,
        "1 validation error detected: Value '5' at 'pendingWindowInDays' failed to satisfy \
         constraint: Member must have value greater than or equal to 7"
    );
    let (_, code, m) = fail(&kms, "GenerateDataKey", json!({"KeyId": key["KeyId"]}));
    assert_eq!(
        (code.as_str(), m.as_str()),
        (
            "ValidationException",
            "Please specify either number of bytes or key spec."
        )
    );
    let (_, code, m) = fail(&kms, "GenerateRandom", json!({}));
    assert_eq!(
        (code.as_str(), m.as_str()),
        ("ValidationException", "NumberOfBytes is required.")
    );
    // A key spec of the model that datakey does not know: the core's enum message.
    let (_, code, m) = fail(&kms, "CreateKey", json!({"KeySpec": "ML_KEM_512"}));
    assert_eq!(code, "ValidationException");
    assert!(
        m.starts_with(
            "1 validation error detected: Value 'ML_KEM_512' at 'keySpec' failed to satisfy \
             constraint: Member must satisfy enum value set: [SYMMETRIC_DEFAULT, "
        ),
        "{m}"
    );
    let (_, code, m) = fail(&kms, "DescribeKey", json!({"KeyId": "alias/nope"}));
    assert_eq!(code, "NotFoundException");
    assert_eq!(
        m,
        "Alias arn:aws:kms:us-east-1:111122223333:alias/nope is not found."
    );
}

#[test]
fn dry_run_checks_everything_and_changes_nothing() {
    let kms = LocalKms::new();
    let key = create_key(&kms);
    let id = key["KeyId"].clone();
    for (op, body) in [
        (
            "GenerateDataKey",
            json!({"KeyId": id, "KeySpec": "AES_256", "DryRun": true}),
        ),
        (
            "GenerateDataKeyWithoutPlaintext",
            json!({"KeyId": id, "KeySpec": "AES_256", "DryRun": true}),
        ),
        (
            "Encrypt",
            json!({"KeyId": id, "Plaintext": "AA==", "DryRun": true}),
        ),
    ] {
        let (s, code, m) = fail(&kms, op, body);
        assert_eq!(
            (s, code.as_str(), m.as_str()),
            (
                400,
                "DryRunOperationException",
                "The request would have succeeded, but the DryRun option is set."
            ),
            "{op}"
        );
    }
    let enc = ok(
        &kms,
        "Encrypt",
        json!({"KeyId": id, "Plaintext": "AA==", "DryRun": false}),
    );
    let (_, code, _) = fail(
        &kms,
        "Decrypt",
        json!({"CiphertextBlob": enc["CiphertextBlob"], "DryRun": true}),
    );
    assert_eq!(code, "DryRunOperationException");
    let (_, code, _) = fail(
        &kms,
        "ReEncrypt",
        json!({"CiphertextBlob": enc["CiphertextBlob"], "DestinationKeyId": id, "DryRun": true}),
    );
    assert_eq!(code, "DryRunOperationException");
    // The checks a real call makes still come first.
    let (_, code, _) = fail(
        &kms,
        "Decrypt",
        json!({"CiphertextBlob": enc["CiphertextBlob"], "EncryptionContext": {"a": "b"}, "DryRun": true}),
    );
    assert_eq!(code, "InvalidCiphertextException");
    ok(&kms, "DisableKey", json!({"KeyId": id}));
    let (_, code, _) = fail(
        &kms,
        "GenerateDataKey",
        json!({"KeyId": id, "KeySpec": "AES_256", "DryRun": true}),
    );
    assert_eq!(code, "DisabledException");
}

#[test]
fn members_datakey_does_not_model_are_refused_not_dropped() {
    let kms = LocalKms::new();
    let key = create_key(&kms);
    let id = key["KeyId"].clone();
    for (op, body, code, message) in [
        (
            "GenerateDataKey",
            json!({"KeyId": id, "KeySpec": "AES_256", "GrantTokens": ["t"]}),
            "InvalidGrantTokenException",
            "datakey issues no grants, so the grant token in the request is not valid.",
        ),
        (
            "GenerateRandom",
            json!({"NumberOfBytes": 8, "CustomKeyStoreId": "cks-1"}),
            "CustomKeyStoreNotFoundException",
            "datakey has no custom key stores: no custom key store has the ID 'cks-1'.",
        ),
        (
            "CreateKey",
            json!({"Tags": [{"TagKey": "team", "TagValue": "a"}]}),
            "UnsupportedOperationException",
            "datakey does not support tags on keys (Tags).",
        ),
        (
            "CreateKey",
            json!({"XksKeyId": "x"}),
            "UnsupportedOperationException",
            "datakey does not support external key stores (XksKeyId).",
        ),
        (
            "GenerateDataKey",
            json!({"KeyId": id, "KeySpec": "AES_256", "Recipient": {"AttestationDocument": "AA=="}}),
            "UnsupportedOperationException",
            "datakey does not support Nitro Enclaves attestation (Recipient).",
        ),
        (
            "Decrypt",
            json!({"CiphertextBlob": "AA==", "DryRun": true, "DryRunModifiers": ["IGNORE_CIPHERTEXT"]}),
            "UnsupportedOperationException",
            "datakey does not support DryRunModifiers.",
        ),
        (
            "ListKeyRotations",
            json!({"KeyId": id, "IncludeKeyMaterial": "ALL_KEY_MATERIAL"}),
            "UnsupportedOperationException",
            "datakey does not support IncludeKeyMaterial ALL_KEY_MATERIAL (only ROTATIONS_ONLY).",
        ),
        (
            "CreateKey",
            json!({"KeySpec": "SYMMETRIC_DEFAULT", "CustomerMasterKeySpec": "SYMMETRIC_DEFAULT"}),
            "ValidationException",
            "You cannot specify KeySpec and CustomerMasterKeySpec in the same request. \
             CustomerMasterKeySpec is deprecated; use KeySpec.",
        ),
    ] {
        let (s, c, m) = fail(&kms, op, body.clone());
        assert_eq!(
            (s, c.as_str(), m.as_str()),
            (400, code, message),
            "{op} {body}"
        );
    }
    // Empty lists are no grant tokens and no tags.
    ok(&kms, "CreateKey", json!({"Tags": [], "GrantTokens": []}));
    // The deprecated CustomerMasterKeySpec is a KeySpec.
    let hmac = ok(
        &kms,
        "CreateKey",
        json!({"CustomerMasterKeySpec": "HMAC_384", "KeyUsage": "GENERATE_VERIFY_MAC"}),
    );
    assert_eq!(hmac["KeyMetadata"]["KeySpec"], "HMAC_384");
    assert_eq!(hmac["KeyMetadata"]["CustomerMasterKeySpec"], "HMAC_384");
    // ResourceOwners: every key is the account's own.
    let own = ok(&kms, "ListKeys", json!({"ResourceOwners": ["SELF"]}));
    assert_eq!(own["Keys"].as_array().unwrap().len(), 3);
    let shared = ok(
        &kms,
        "ListKeys",
        json!({"ResourceOwners": ["OTHER_ACCOUNTS_VIA_RAM"]}),
    );
    assert_eq!(shared, json!({"Keys": [], "Truncated": false}));
}

#[test]
fn aliases_pages_rotation_and_policies() {
    let clock = Arc::new(ManualClock::new(
        UNIX_EPOCH + Duration::from_secs(1_700_000_000),
    ));
    let kms = LocalKms::builder().clock(clock.clone()).build().unwrap();
    let ids: Vec<String> = (0..3)
        .map(|_| create_key(&kms)["KeyId"].as_str().unwrap().to_owned())
        .collect();
    let mut sorted = ids.clone();
    sorted.sort();
    // ListKeys in pages of two.
    let p1 = ok(&kms, "ListKeys", json!({"Limit": 2}));
    assert_eq!(p1["Truncated"], true);
    let p2 = ok(
        &kms,
        "ListKeys",
        json!({"Limit": 2, "Marker": p1["NextMarker"]}),
    );
    assert_eq!(p2["Truncated"], false);
    assert!(p2.get("NextMarker").is_none());
    let listed: Vec<&str> = p1["Keys"]
        .as_array()
        .unwrap()
        .iter()
        .chain(p2["Keys"].as_array().unwrap())
        .map(|k| k["KeyId"].as_str().unwrap())
        .collect();
    assert_eq!(listed, sorted);
    assert_eq!(
        p1["Keys"][0]["KeyArn"],
        format!("arn:aws:kms:us-east-1:111122223333:key/{}", sorted[0])
    );

    ok(
        &kms,
        "CreateAlias",
        json!({"AliasName": "alias/app", "TargetKeyId": ids[0]}),
    );
    let (_, code, m) = fail(
        &kms,
        "CreateAlias",
        json!({"AliasName": "alias/app", "TargetKeyId": ids[1]}),
    );
    assert_eq!(code, "AlreadyExistsException");
    assert_eq!(
        m,
        "An alias with the name arn:aws:kms:us-east-1:111122223333:alias/app already exists"
    );
    let by_alias = ok(&kms, "DescribeKey", json!({"KeyId": "alias/app"}));
    assert_eq!(by_alias["KeyMetadata"]["KeyId"], ids[0].as_str());
    clock.advance(Duration::from_secs(60));
    ok(
        &kms,
        "UpdateAlias",
        json!({"AliasName": "alias/app", "TargetKeyId": ids[1]}),
    );
    let aliases = ok(&kms, "ListAliases", json!({"KeyId": ids[1]}));
    let a = &aliases["Aliases"][0];
    assert_eq!(a["AliasName"], "alias/app");
    assert_eq!(
        a["AliasArn"],
        "arn:aws:kms:us-east-1:111122223333:alias/app"
    );
    assert_eq!(a["TargetKeyId"], ids[1].as_str());
    assert_eq!(a["CreationDate"], json!(1_700_000_000.0));
    assert_eq!(a["LastUpdatedDate"], json!(1_700_000_060.0));
    ok(&kms, "DeleteAlias", json!({"AliasName": "alias/app"}));
    let (_, code, _) = fail(&kms, "DeleteAlias", json!({"AliasName": "alias/app"}));
    assert_eq!(code, "NotFoundException");
    let (_, code, m) = fail(
        &kms,
        "CreateAlias",
        json!({"AliasName": "alias/aws/x", "TargetKeyId": ids[0]}),
    );
    assert_eq!(code, "InvalidAliasNameException", "{m}");

    // Rotation status and on-demand rotations.
    let id = &ids[2];
    let st = ok(&kms, "GetKeyRotationStatus", json!({"KeyId": id}));
    assert_eq!(st["KeyRotationEnabled"], false);
    assert!(st.get("RotationPeriodInDays").is_none() && st.get("NextRotationDate").is_none());
    assert_eq!(
        ok(&kms, "EnableKeyRotation", json!({"KeyId": id})),
        Value::Null
    );
    let st = ok(&kms, "GetKeyRotationStatus", json!({"KeyId": id}));
    assert_eq!(st["RotationPeriodInDays"], 365);
    assert_eq!(
        st["NextRotationDate"],
        json!(1_700_000_060.0 + 365.0 * 86_400.0)
    );
    let r = ok(&kms, "RotateKeyOnDemand", json!({"KeyId": id}));
    assert_eq!(r["KeyId"], id.as_str());
    let rot = ok(&kms, "ListKeyRotations", json!({"KeyId": id}));
    let entry = &rot["Rotations"][0];
    assert_eq!(entry["RotationType"], "ON_DEMAND");
    assert_eq!(entry["KeyMaterialState"], "CURRENT");
    assert_eq!(entry["RotationDate"], json!(1_700_000_060.0));
    let md = ok(&kms, "DescribeKey", json!({"KeyId": id}))["KeyMetadata"].clone();
    assert_eq!(md["CurrentKeyMaterialId"], entry["KeyMaterialId"]);

    // Deletion window.
    let del = ok(
        &kms,
        "ScheduleKeyDeletion",
        json!({"KeyId": id, "PendingWindowInDays": 7}),
    );
    assert_eq!(del["DeletionDate"], json!(1_700_000_060.0 + 7.0 * 86_400.0));
    assert_eq!(del["PendingWindowInDays"], 7);
    assert_eq!(
        del["KeyId"],
        format!("arn:aws:kms:us-east-1:111122223333:key/{id}")
    );
    let (_, code, m) = fail(
        &kms,
        "GenerateDataKey",
        json!({"KeyId": id, "KeySpec": "AES_256"}),
    );
    assert_eq!(
        (code.as_str(), m),
        (
            "KMSInvalidStateException",
            format!("arn:aws:kms:us-east-1:111122223333:key/{id} is pending deletion.")
        )
    );
    let c = ok(&kms, "CancelKeyDeletion", json!({"KeyId": id}));
    assert_eq!(c["KeyId"], del["KeyId"]);
    let (_, code, _) = fail(
        &kms,
        "GenerateDataKey",
        json!({"KeyId": id, "KeySpec": "AES_256"}),
    );
    assert_eq!(code, "DisabledException");
}

#[test]
fn key_policies_and_access_denied() {
    let kms = LocalKms::new();
    let policy = r#"{"Version": "2012-10-17", "Statement": [
      {"Sid": "Admin", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
       "Action": "kms:*", "Resource": "*"},
      {"Sid": "NoApp", "Effect": "Deny", "Principal": {"AWS": "arn:aws:iam::111122223333:role/app"},
       "Action": "kms:Decrypt", "Resource": "*"}]}"#;
    let md = ok(&kms, "CreateKey", json!({"Policy": policy}))["KeyMetadata"].clone();
    let id = md["KeyId"].clone();
    let got = ok(
        &kms,
        "GetKeyPolicy",
        json!({"KeyId": id, "PolicyName": "default"}),
    );
    assert_eq!(got["Policy"], policy);
    assert_eq!(got["PolicyName"], "default");
    let (_, code, m) = fail(
        &kms,
        "GetKeyPolicy",
        json!({"KeyId": id, "PolicyName": "other"}),
    );
    assert_eq!(code, "NotFoundException", "{m}");
    let (_, code, _) = fail(&kms, "PutKeyPolicy", json!({"KeyId": id, "Policy": "{"}));
    assert_eq!(code, "MalformedPolicyDocumentException");
    // A policy that locks the caller out, refused unless the check is bypassed.
    let lockout = r#"{"Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/x"}, "Action": "kms:*", "Resource": "*"}]}"#;
    let (_, code, _) = fail(&kms, "CreateKey", json!({"Policy": lockout}));
    assert_eq!(code, "MalformedPolicyDocumentException");
    ok(
        &kms,
        "CreateKey",
        json!({"Policy": lockout, "BypassPolicyLockoutSafetyCheck": true}),
    );

    let enc = ok(&kms, "Encrypt", json!({"KeyId": id, "Plaintext": "AA=="}));
    let app = kms
        .as_caller(Caller::new("arn:aws:iam::111122223333:role/app"))
        .unwrap();
    let r = dispatch_kms(
        &app,
        "Decrypt",
        json!({"CiphertextBlob": enc["CiphertextBlob"]})
            .to_string()
            .as_bytes(),
    );
    let (s, err, v) = parsed(r);
    assert_eq!((s, err.as_deref()), (400, Some("AccessDeniedException")));
    assert_eq!(
        v,
        json!({
            "__type": "AccessDeniedException",
            "Message": format!(
                "User: arn:aws:iam::111122223333:role/app is not authorized to perform: \
                 kms:Decrypt on resource: {} with an explicit deny in a resource-based policy",
                md["Arn"].as_str().unwrap()
            ),
            "Reason": {"Kind": "ExplicitDeny", "Detail": "statement NoApp denies the action"},
        })
    );
}

#[test]
fn expired_sessions_over_the_wire() {
    let clock = Arc::new(ManualClock::new(
        UNIX_EPOCH + Duration::from_secs(1_700_000_000),
    ));
    let kms = LocalKms::builder().clock(clock.clone()).build().unwrap();
    let resp = kms
        .assume_role(datakey::kms::AssumeRoleRequest {
            role_arn: "arn:aws:iam::111122223333:role/app".into(),
            role_session_name: "s1".into(),
            duration_seconds: Some(900),
        })
        .unwrap();
    let session = kms.as_caller(Caller::from_assume_role(&resp)).unwrap();
    ok(&session, "ListKeys", json!({}));
    clock.advance(Duration::from_secs(901));
    let (s, code, m) = fail(&session, "ListKeys", json!({}));
    assert_eq!(
        (s, code.as_str(), m.as_str()),
        (
            400,
            "ExpiredTokenException",
            "The security token included in the request is expired"
        )
    );
}

#[test]
fn imported_key_material() {
    let clock = Arc::new(ManualClock::new(
        UNIX_EPOCH + Duration::from_secs(1_700_000_000),
    ));
    let kms = LocalKms::builder().clock(clock.clone()).build().unwrap();
    let md = ok(&kms, "CreateKey", json!({"Origin": "EXTERNAL"}))["KeyMetadata"].clone();
    assert_eq!(md["KeyState"], "PendingImport");
    assert!(md.get("CurrentKeyMaterialId").is_none());
    let id = md["KeyId"].clone();
    let (_, code, m) = fail(
        &kms,
        "ImportKeyMaterial",
        json!({"KeyId": id, "ImportToken": "AA==", "EncryptedKeyMaterial": b64(&[1; 16])}),
    );
    assert_eq!(
        (code.as_str(), m.as_str()),
        (
            "ValidationException",
            "Key material for a SYMMETRIC_DEFAULT key must be 32 bytes, not 16."
        )
    );
    let imp = ok(
        &kms,
        "ImportKeyMaterial",
        json!({"KeyId": id, "ImportToken": "AA==", "EncryptedKeyMaterial": b64(&[1; 32]),
               "ValidTo": 1_700_003_600.5}),
    );
    assert_eq!(imp["KeyId"], md["Arn"]);
    let md = ok(&kms, "DescribeKey", json!({"KeyId": id}))["KeyMetadata"].clone();
    assert_eq!(md["KeyState"], "Enabled");
    assert_eq!(md["ExpirationModel"], "KEY_MATERIAL_EXPIRES");
    assert_eq!(md["ValidTo"], json!(1_700_003_600.5));
    assert_eq!(md["CurrentKeyMaterialId"], imp["KeyMaterialId"]);
    let (_, code, m) = fail(
        &kms,
        "ImportKeyMaterial",
        json!({"KeyId": id, "ImportToken": "AA==", "EncryptedKeyMaterial": b64(&[2; 32])}),
    );
    assert_eq!(code, "IncorrectKeyMaterialException", "{m}");
    let (_, code, m) = fail(
        &kms,
        "ImportKeyMaterial",
        json!({"KeyId": id, "ImportToken": "AA==", "EncryptedKeyMaterial": b64(&[1; 32]),
               "ExpirationModel": "KEY_MATERIAL_EXPIRES"}),
    );
    assert_eq!(
        (code.as_str(), m.as_str()),
        (
            "ValidationException",
            "A validTo date must be set if the ExpirationModel is KEY_MATERIAL_EXPIRES"
        )
    );
}

/// A well-formed answer: 200 with an empty body or a JSON object, or 400/500 with the error
/// type equal to `__type` (500 exactly for the server faults).
fn assert_well_formed(op: &str, body: &[u8], r: &WireResponse) {
    let ctx = || format!("{op} {}", String::from_utf8_lossy(body));
    match r.status {
        200 => {
            assert!(r.error_type.is_none(), "{}", ctx());
            if !r.body.is_empty() {
                let v: Value = serde_json::from_slice(&r.body).unwrap();
                assert!(v.is_object(), "{}", ctx());
            }
        }
        400 | 500 => {
            let code = r.error_type.as_deref().unwrap();
            let v: Value = serde_json::from_slice(&r.body).unwrap();
            assert_eq!(v["__type"].as_str(), Some(code), "{}", ctx());
            let fault = matches!(
                code,
                "KMSInternalException" | "DependencyTimeoutException" | "KeyUnavailableException"
            );
            assert_eq!(r.status == 500, fault, "{code}: {}", ctx());
        }
        s => panic!("status {s}: {}", ctx()),
    }
}

#[test]
fn mutated_bodies_get_well_formed_answers() {
    let kms = LocalKms::new();
    let key = create_key(&kms);
    let id = key["KeyId"].as_str().unwrap().to_owned();
    let blob = ok(
        &kms,
        "GenerateDataKey",
        json!({"KeyId": id, "KeySpec": "AES_256"}),
    )["CiphertextBlob"]
        .clone();
    let seeds: Vec<(&str, String)> = vec![
        ("GenerateDataKey", json!({"KeyId": id, "NumberOfBytes": 32, "EncryptionContext": {"a": "b"}}).to_string()),
        ("Decrypt", json!({"CiphertextBlob": blob, "KeyId": id, "DryRun": false}).to_string()),
        ("Encrypt", json!({"KeyId": id, "Plaintext": "AAECAw==", "GrantTokens": []}).to_string()),
        ("ReEncrypt", json!({"CiphertextBlob": blob, "DestinationKeyId": id}).to_string()),
        ("CreateKey", json!({"Description": "d", "Tags": [{"TagKey": "k", "TagValue": "v"}]}).to_string()),
        ("ListAliases", json!({"Limit": 10, "Marker": "m"}).to_string()),
        ("ImportKeyMaterial", json!({"KeyId": id, "ImportToken": "AA==", "EncryptedKeyMaterial": "AA==", "ValidTo": 1.5e9}).to_string()),
        ("PutKeyPolicy", json!({"KeyId": id, "Policy": "{}", "PolicyName": "default"}).to_string()),
        ("ListKeys", json!({"ResourceOwners": ["SELF"], "Limit": 1}).to_string()),
    ];
    // xorshift64*: a fixed, reproducible stream of mutations.
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        state.wrapping_mul(0x2545_F491_4F6C_DD1D)
    };
    let alphabet = b"{}[]\":,0123456789.eE-+ truefalsnul\\u00ffAZaz=/";
    let mut answered = 0;
    for round in 0..4000 {
        let (op, seed) = &seeds[round % seeds.len()];
        let mut body = seed.as_bytes().to_vec();
        for _ in 0..1 + next() % 4 {
            let at = (next() as usize) % (body.len() + 1);
            match next() % 4 {
                0 if at < body.len() => {
                    body.remove(at);
                }
                1 if at < body.len() => body[at] = alphabet[(next() as usize) % alphabet.len()],
                2 => body.insert(at, alphabet[(next() as usize) % alphabet.len()]),
                _ => body.insert(at, (next() & 0xff) as u8),
            }
        }
        let r = dispatch_kms(&kms, op, &body);
        assert_well_formed(op, &body, &r);
        answered += 1;
    }
    assert_eq!(answered, 4000);
}
