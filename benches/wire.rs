//! The AWS JSON 1.1 wire model (`datakey::wire`), one operation per iteration (ops/s): each
//! KMS call through [`dispatch_kms`] (JSON body in, JSON body out: parsing, the model's type and
//! constraint checks, serde, base64) beside the same typed call on [`LocalKms`], so the cost of
//! the wire layer itself is the difference. No HTTP and no signature: those belong to the server.

#![allow(clippy::unwrap_used, missing_docs)]

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use datakey::LocalKms;
use datakey::kms::{CreateKeyRequest, DataKeySpec, DecryptRequest, GenerateDataKeyRequest};
use datakey::wire::dispatch_kms;
use datakey_benches::{Clock, context};

fn wire(c: &mut Criterion<Clock>) {
    let kms = LocalKms::new();
    let key = kms
        .create_key(CreateKeyRequest::default())
        .unwrap()
        .key_metadata;
    let ec = context();
    let ec_json: serde_json::Value = ec
        .iter()
        .map(|(k, v)| (k.to_owned(), serde_json::Value::String(v.to_owned())))
        .collect::<serde_json::Map<_, _>>()
        .into();
    let gdk = || GenerateDataKeyRequest {
        key_id: key.key_id.clone(),
        key_spec: Some(DataKeySpec::Aes256),
        encryption_context: ec.clone(),
        ..Default::default()
    };
    let blob = kms.generate_data_key(gdk()).unwrap().ciphertext_blob;
    let gdk_body = serde_json::json!({
        "KeyId": key.key_id, "KeySpec": "AES_256", "EncryptionContext": ec_json,
    })
    .to_string();
    let dk = dispatch_kms(&kms, "GenerateDataKey", gdk_body.as_bytes());
    assert_eq!(dk.status, 200);
    let dk: serde_json::Value = serde_json::from_slice(&dk.body).unwrap();
    let decrypt_body = serde_json::json!({
        "CiphertextBlob": dk["CiphertextBlob"], "EncryptionContext": ec_json,
    })
    .to_string();
    let describe_body = serde_json::json!({"KeyId": key.key_id}).to_string();

    let mut group = c.benchmark_group("wire");
    group.sample_size(30);
    group.warm_up_time(Duration::from_millis(400));
    group.measurement_time(Duration::from_millis(1500));
    group.throughput(Throughput::Elements(1));
    group.bench_function("generate_data_key_typed", |b| {
        b.iter(|| kms.generate_data_key(black_box(gdk())).unwrap())
    });
    group.bench_function("generate_data_key_wire", |b| {
        b.iter(|| {
            let r = dispatch_kms(&kms, "GenerateDataKey", black_box(gdk_body.as_bytes()));
            assert_eq!(r.status, 200);
            r
        })
    });
    group.bench_function("decrypt_typed", |b| {
        b.iter(|| {
            kms.decrypt(DecryptRequest {
                ciphertext_blob: black_box(blob.clone()),
                encryption_context: ec.clone(),
                ..Default::default()
            })
            .unwrap()
        })
    });
    group.bench_function("decrypt_wire", |b| {
        b.iter(|| {
            let r = dispatch_kms(&kms, "Decrypt", black_box(decrypt_body.as_bytes()));
            assert_eq!(r.status, 200);
            r
        })
    });
    group.bench_function("describe_key_wire", |b| {
        b.iter(|| {
            let r = dispatch_kms(&kms, "DescribeKey", black_box(describe_body.as_bytes()));
            assert_eq!(r.status, 200);
            r
        })
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Clock::criterion();
    targets = wire
}
criterion_main!(benches);
