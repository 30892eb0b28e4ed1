//! Target (14): the AWS JSON 1.1 dispatch of the KMS operations (`datakey::wire::dispatch_kms`)
//! on arbitrary bodies. The first byte picks the operation (every implemented one, one datakey
//! does not implement, and names that are no KMS operation); the rest is the request body.
//!
//! Every answer is well formed: status 200 with an empty body or a JSON object, or 400/500 with
//! `x-amzn-ErrorType` equal to the body's `__type` and a string message when there is one —
//! never a panic, whatever the bytes.
#![no_main]

use std::sync::OnceLock;

use datakey::LocalKms;
use datakey::kms::{CreateAliasRequest, CreateKeyRequest, Operation};
use datakey::wire::dispatch_kms;
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

fn kms() -> &'static LocalKms {
    static KMS: OnceLock<LocalKms> = OnceLock::new();
    KMS.get_or_init(|| {
        let kms = LocalKms::builder()
            .insecure_deterministic_seed(14)
            .build()
            .expect("service");
        let key = kms
            .create_key(CreateKeyRequest::default())
            .expect("key")
            .key_metadata;
        kms.create_alias(CreateAliasRequest {
            alias_name: "alias/fuzz".into(),
            target_key_id: key.key_id,
        })
        .expect("alias");
        kms
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&pick, body)) = data.split_first() else {
        return;
    };
    let extra = ["CreateGrant", "", "TrentService.Encrypt", "encrypt"];
    let n = Operation::ALL.len() + extra.len();
    let i = usize::from(pick) % n;
    let op = match Operation::ALL.get(i) {
        Some(o) => o.as_str(),
        None => extra[i - Operation::ALL.len()],
    };
    let r = dispatch_kms(kms(), op, body);
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
            assert_eq!(
                r.status == 500,
                matches!(
                    code,
                    "KMSInternalException" | "DependencyTimeoutException" | "KeyUnavailableException"
                ),
                "{code}"
            );
        }
        s => panic!("status {s}"),
    }
});
