//! Target: the AWS JSON 1.1 dispatch of the Secrets Manager operations
//! (`datakey::wire::dispatch_secrets`) on arbitrary bodies. The first byte picks the operation
//! (every implemented one, one datakey does not implement, and names that are no Secrets
//! Manager operation); the rest is the request body. The service starts with a secret
//! (`fuzz/db`, two versions) under a symmetric key (`alias/fuzz`) and an RSA key
//! (`alias/rsa`), so bodies naming them reach the operations.
//!
//! Every answer is well formed: status 200 with an empty body or a JSON object, or 400/500 with
//! `x-amzn-ErrorType` equal to the body's `__type`, a string `Message` when there is one, and
//! 500 only for `InternalServiceError` — never a panic, whatever the bytes. The secret's value
//! never appears in an error (unless the request itself carried it).
#![no_main]

use std::sync::OnceLock;

use datakey::LocalKms;
use datakey::kms::{CreateAliasRequest, CreateKeyRequest, KeySpec, KeyUsage};
use datakey::secrets::{CreateSecretRequest, LocalSecretsManager, PutSecretValueRequest};
use datakey::wire::{dispatch_secrets, secrets};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

const VALUE: &str = "fuzz-secret-value-7c1e";

fn service() -> &'static LocalSecretsManager {
    static SM: OnceLock<LocalSecretsManager> = OnceLock::new();
    SM.get_or_init(|| {
        let kms = LocalKms::builder()
            .insecure_deterministic_seed(15)
            .build()
            .expect("service");
        for (alias, spec) in [("alias/fuzz", None), ("alias/rsa", Some(KeySpec::Rsa2048))] {
            let key = kms
                .create_key(CreateKeyRequest {
                    key_spec: spec,
                    key_usage: spec.map(|_| KeyUsage::EncryptDecrypt),
                    ..Default::default()
                })
                .expect("key")
                .key_metadata;
            kms.create_alias(CreateAliasRequest {
                alias_name: alias.into(),
                target_key_id: key.key_id,
            })
            .expect("alias");
        }
        let sm = LocalSecretsManager::new(&kms);
        sm.create_secret(CreateSecretRequest {
            name: "fuzz/db".into(),
            kms_key_id: Some("alias/fuzz".into()),
            secret_string: Some(VALUE.into()),
            ..Default::default()
        })
        .expect("secret");
        sm.put_secret_value(PutSecretValueRequest {
            secret_id: "fuzz/db".into(),
            secret_string: Some(VALUE.into()),
            ..Default::default()
        })
        .expect("second version");
        sm
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&pick, body)) = data.split_first() else {
        return;
    };
    let ops: Vec<&str> = secrets::operations().map(|o| o.name).collect();
    let extra = [
        "ListResourcePolicies",
        "",
        "secretsmanager.GetSecretValue",
        "getSecretValue",
    ];
    let i = usize::from(pick) % (ops.len() + extra.len());
    let op = ops.get(i).copied().unwrap_or_else(|| extra[i - ops.len()]);
    let r = dispatch_secrets(service(), op, body);
    match r.status {
        200 => {
            assert!(r.error_type.is_none());
            if !r.body.is_empty() {
                let v: Value = serde_json::from_slice(&r.body).expect("JSON response");
                assert!(v.is_object());
            }
        }
        400 | 500 => {
            let code = r.error_type.as_deref().expect("error type");
            let v: Value = serde_json::from_slice(&r.body).expect("JSON error");
            assert_eq!(v["__type"].as_str(), Some(code));
            for m in ["message", "Message"] {
                assert!(v.get(m).is_none_or(Value::is_string));
            }
            assert_eq!(r.status == 500, code == "InternalServiceError", "{code}");
            // (A request may carry the value itself in a member an error echoes, as AWS's do.)
            let text = String::from_utf8_lossy(&r.body);
            let sent = body.windows(VALUE.len()).any(|w| w == VALUE.as_bytes());
            assert!(sent || !text.contains(VALUE), "{text}");
        }
        s => panic!("status {s}"),
    }
});
