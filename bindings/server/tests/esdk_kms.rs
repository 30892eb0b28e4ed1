//! The official AWS Encryption SDKs' AWS KMS keyrings through the endpoint, and datakey's own KMS
//! keyring (`datakey::keyring::KmsKeyring`) on the same `LocalKms`, in both directions:
//! ESDK-Python 4.0.7's `StrictAwsKmsMasterKeyProvider` and `@aws-crypto/client-node` 5.0.2's
//! `KmsKeyringNode` (driven through `tests/interop/esdk.py` and `esdk.js`, batch jobs with a
//! `kms` object) encrypt through the server and the Rust keyring decrypts; the Rust keyring
//! encrypts and both SDKs decrypt through the server. The encrypted data keys agree: provider ID
//! `aws-kms`, provider info the key ARN, and KMS's ciphertext blob.
//!
//! Tools: Python from `$DATAKEY_PYTHON` or `<repo>/.venv/bin/python` with `aws-encryption-sdk`,
//! `node` from `PATH` with `tests/interop/node_modules` installed (`make test-interop` sets both
//! up). When they are missing the tests print a loud SKIPPED line, or fail if
//! `DATAKEY_REQUIRE_INTEROP=1` (as `make test` runs them).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use datakey::keyring::{Keyring, KmsKeyring, MultiKeyring};
use datakey::kms::CreateKeyRequest;
use datakey::message::{self, DecryptOptions, EncryptOptions};
use datakey::{EncryptionContext, LocalKms};
use datakey_server::{RunningServer, Server, ServerConfig};
use serde_json::{Value, json};

#[path = "../../../core/tests/common/esdk.rs"]
mod esdk;

use esdk::{Scratch, Sdk, tools};

const SDKS: [Sdk; 2] = [Sdk::Python, Sdk::Node];

/// A served `LocalKms` with two keys, and the root's access key for the SDKs.
struct Bed {
    kms: LocalKms,
    server: Option<RunningServer>,
    id: String,
    secret: String,
    a: String,
    b: String,
}

impl Bed {
    fn new() -> Self {
        let kms = LocalKms::builder().region("eu-west-1").build().unwrap();
        let key = kms.create_access_key(None).unwrap();
        let arn = |d: &str| {
            kms.create_key(CreateKeyRequest {
                description: Some(d.into()),
                ..Default::default()
            })
            .unwrap()
            .key_metadata
            .arn
        };
        let (a, b) = (arn("a"), arn("b"));
        let server = Server::start(kms.clone(), ServerConfig::default()).unwrap();
        Self {
            id: key.metadata.access_key_id.clone(),
            secret: String::from_utf8(key.secret_access_key.expose_secret().to_vec()).unwrap(),
            kms,
            server: Some(server),
            a,
            b,
        }
    }

    /// The `kms` object of a batch job: the endpoint, the credentials, the keys (the first one
    /// generates on encrypt).
    fn kms_job(&self, key_ids: &[&str]) -> Value {
        json!({
            "endpoint": self.server.as_ref().unwrap().endpoint_url(),
            "access_key_id": self.id,
            "secret_access_key": self.secret,
            "key_ids": key_ids,
        })
    }

    fn keyring(&self, key_id: &str) -> KmsKeyring {
        KmsKeyring::new(self.kms.clone(), key_id).unwrap()
    }
}

impl Drop for Bed {
    fn drop(&mut self) {
        if let Some(s) = self.server.take() {
            s.stop();
        }
    }
}

fn ec() -> EncryptionContext {
    EncryptionContext::from_iter([("purpose", "esdk-kms-interop"), ("tenant", "acme")])
}

fn ec_json() -> Value {
    json!({"purpose": "esdk-kms-interop", "tenant": "acme"})
}

fn edks(arns: &[&str]) -> Value {
    let mut v: Vec<Value> = arns
        .iter()
        .map(|a| json!({"provider_id": "aws-kms", "provider_info": a}))
        .collect();
    v.sort_by_key(|e| e["provider_info"].as_str().unwrap().to_owned());
    Value::Array(v)
}

fn sorted_edks(r: &Value) -> Value {
    let mut v = r["edks"].as_array().cloned().unwrap_or_default();
    v.sort_by_key(|e| e["provider_info"].as_str().unwrap_or_default().to_owned());
    Value::Array(v)
}

#[test]
fn esdk_kms_keyrings_encrypt_through_the_endpoint_and_the_rust_keyring_decrypts() {
    let Some(tools) = tools("esdk_kms_keyrings_encrypt") else {
        return;
    };
    let bed = Bed::new();
    let dir = Scratch::new("e2d");
    let plaintext: Vec<u8> = (0..10_000u32).map(|i| (i % 251) as u8).collect();
    std::fs::write(dir.0.join("pt"), &plaintext).unwrap();
    for sdk in SDKS {
        let cases: [&[&str]; 2] = [&[&bed.a], &[&bed.a, &bed.b]];
        let jobs: Vec<Value> = cases
            .iter()
            .enumerate()
            .map(|(i, keys)| {
                json!({
                    "op": "encrypt",
                    "kms": bed.kms_job(keys),
                    // the SDK's own default suite: the signed 0x0578
                    "suite": "default",
                    "ec": ec_json(),
                    "frame_length": 1024,
                    "input": dir.0.join("pt"),
                    "output": dir.0.join(format!("ct-{sdk:?}-{i}")),
                })
            })
            .collect();
        let results = tools.batch(sdk, &dir.0, &jobs);
        for (i, (keys, r)) in cases.iter().zip(&results).enumerate() {
            assert_eq!(r["ok"], true, "{sdk:?} encrypt {i}: {r}");
            assert_eq!(r["suite_id"], 0x0578, "{sdk:?}");
            assert_eq!(sorted_edks(r), edks(keys), "{sdk:?}");
            let ct = std::fs::read(dir.0.join(format!("ct-{sdk:?}-{i}"))).unwrap();
            // each key named in the message opens it with the Rust keyring, by ARN or key ID
            for arn in *keys {
                let key_id = arn.rsplit('/').next().unwrap();
                for name in [*arn, key_id] {
                    let d = message::decrypt(
                        &ct,
                        &bed.keyring(name),
                        &DecryptOptions {
                            encryption_context: ec(),
                            ..Default::default()
                        },
                    )
                    .unwrap_or_else(|e| panic!("{sdk:?} message {i} with {name}: {e}"));
                    assert_eq!(&d.plaintext[..], &plaintext[..]);
                    assert_eq!(d.header.suite_id, 0x0578);
                    // the header's context is the caller's plus the signing key, as the ESDKs
                    // report it too
                    let mut context = d.header.encryption_context.clone();
                    assert!(context.remove("aws-crypto-public-key").is_some());
                    assert_eq!(context, ec());
                    // (ESDK-Python writes its EDKs in its own order: compared as sets)
                    let mut named: Vec<(&str, &str)> = d
                        .header
                        .encrypted_data_keys
                        .iter()
                        .map(|e| (e.provider_id.as_str(), e.key_name.as_str()))
                        .collect();
                    named.sort_unstable();
                    let mut expected: Vec<(&str, &str)> =
                        keys.iter().map(|k| ("aws-kms", *k)).collect();
                    expected.sort_unstable();
                    assert_eq!(named, expected, "{sdk:?}");
                }
            }
            // the wrong context is refused
            assert!(
                message::decrypt(
                    &ct,
                    &bed.keyring(&bed.a),
                    &DecryptOptions {
                        encryption_context: EncryptionContext::from_iter([("tenant", "globex")]),
                        ..Default::default()
                    },
                )
                .is_err()
            );
        }
    }
}

#[test]
fn the_rust_keyring_encrypts_and_the_esdk_kms_keyrings_decrypt_through_the_endpoint() {
    let Some(tools) = tools("the_rust_keyring_encrypts") else {
        return;
    };
    let bed = Bed::new();
    let dir = Scratch::new("d2e");
    let plaintext = b"hello from datakey's Rust KMS keyring".to_vec();
    let options = EncryptOptions {
        encryption_context: ec(),
        ..Default::default()
    };
    // one key (named by key ID: the EDK still carries the ARN), and a multi-keyring over both
    let key_id = bed.a.rsplit('/').next().unwrap().to_owned();
    let single = message::encrypt(&plaintext, &bed.keyring(&key_id), &options).unwrap();
    let multi = MultiKeyring::new(
        Some(Arc::new(bed.keyring(&bed.a)) as Arc<dyn Keyring>),
        vec![Arc::new(bed.keyring(&bed.b)) as Arc<dyn Keyring>],
    )
    .unwrap();
    let both = message::encrypt(&plaintext, &multi, &options).unwrap();
    std::fs::write(dir.0.join("single"), &single).unwrap();
    std::fs::write(dir.0.join("both"), &both).unwrap();
    // (message, keys the SDK is given, keys the message names, whether it opens)
    let cases: [(&str, &[&str], &[&str], bool); 4] = [
        ("single", &[&bed.a], &[&bed.a], true),
        ("both", &[&bed.a], &[&bed.a, &bed.b], true),
        ("both", &[&bed.b], &[&bed.a, &bed.b], true),
        ("single", &[&bed.b], &[&bed.a], false),
    ];
    for sdk in SDKS {
        let jobs: Vec<Value> = cases
            .iter()
            .enumerate()
            .map(|(i, (input, keys, _, _))| {
                json!({
                    "op": "decrypt",
                    "kms": bed.kms_job(keys),
                    "ec": ec_json(),
                    "input": dir.0.join(input),
                    "output": dir.0.join(format!("pt-{sdk:?}-{i}")),
                })
            })
            .collect();
        let results = tools.batch(sdk, &dir.0, &jobs);
        for (i, ((_, _, named, opens), r)) in cases.iter().zip(&results).enumerate() {
            if !opens {
                assert_eq!(
                    r["ok"], false,
                    "{sdk:?} opened case {i} with the wrong key: {r}"
                );
                continue;
            }
            assert_eq!(r["ok"], true, "{sdk:?} decrypt {i}: {r}");
            assert_eq!(r["suite_id"], 0x0478);
            assert_eq!(r["encryption_context"], ec_json());
            assert_eq!(sorted_edks(r), edks(named), "{sdk:?}");
            let out = std::fs::read(dir.0.join(format!("pt-{sdk:?}-{i}"))).unwrap();
            assert_eq!(out, plaintext, "{sdk:?} case {i}");
        }
    }
}
