//! The key service and the keyrings, one operation per iteration (ops/s):
//!
//! - group `kms`: `GenerateDataKey` (AES-256), `Decrypt` and `ReEncrypt` of a data-key blob on a
//!   [`LocalKms`], plus the same data-key shape done by hand (`envelope_wrap` / `envelope_unwrap`:
//!   32 random bytes wrapped under a ready AES-256-GCM key) as the baseline;
//! - group `keyring`: wrap (`on_encrypt` with a fresh data key) and unwrap (`on_decrypt`) of the
//!   raw AES keyring and of the KMS keyring.

#![allow(clippy::unwrap_used, missing_docs)]

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkGroup, Criterion, Throughput, criterion_group, criterion_main};
use datakey::keyring::{DecryptionMaterials, EncryptionMaterials, Keyring, KmsKeyring};
use datakey::kms::{
    CreateKeyRequest, DataKeySpec, DecryptRequest, GenerateDataKeyRequest, ReEncryptRequest,
};
use datakey::message::AlgorithmSuite;
use datakey::{LocalKms, SecretBytes};
use datakey_benches::{Clock, Envelope, context};

fn settings<'a>(c: &'a mut Criterion<Clock>, name: &str) -> BenchmarkGroup<'a, Clock> {
    let mut group = c.benchmark_group(name);
    group.sample_size(30);
    group.warm_up_time(Duration::from_millis(400));
    group.measurement_time(Duration::from_millis(1500));
    group.throughput(Throughput::Elements(1));
    group
}

fn kms_ops(c: &mut Criterion<Clock>) {
    let kms = LocalKms::new();
    let key_a = kms
        .create_key(CreateKeyRequest::default())
        .unwrap()
        .key_metadata;
    let key_b = kms
        .create_key(CreateKeyRequest::default())
        .unwrap()
        .key_metadata;
    let ec = context();
    let gdk = || GenerateDataKeyRequest {
        key_id: key_a.key_id.clone(),
        key_spec: Some(DataKeySpec::Aes256),
        encryption_context: ec.clone(),
        ..Default::default()
    };
    let blob = kms.generate_data_key(gdk()).unwrap().ciphertext_blob;
    let envelope = Envelope::new(&datakey_benches::WRAPPING_KEY, &ec.serialize().unwrap()).unwrap();

    let mut group = settings(c, "kms");
    group.bench_function("generate_data_key", |b| {
        b.iter(|| kms.generate_data_key(black_box(gdk())).unwrap())
    });
    group.bench_function("decrypt", |b| {
        b.iter(|| {
            kms.decrypt(DecryptRequest {
                ciphertext_blob: black_box(blob.clone()),
                encryption_context: ec.clone(),
                ..Default::default()
            })
            .unwrap()
        })
    });
    group.bench_function("re_encrypt", |b| {
        b.iter(|| {
            kms.re_encrypt(ReEncryptRequest {
                ciphertext_blob: black_box(blob.clone()),
                source_encryption_context: ec.clone(),
                destination_key_id: key_b.key_id.clone(),
                destination_encryption_context: ec.clone(),
                ..Default::default()
            })
            .unwrap()
        })
    });
    // The same shape by hand: a random 32-byte key wrapped under a ready master key.
    let wrapped = envelope.seal(&[0u8; 0]).unwrap();
    group.bench_function("envelope_wrap", |b| {
        b.iter(|| envelope.seal(black_box(&[])).unwrap())
    });
    group.bench_function("envelope_unwrap", |b| {
        b.iter(|| envelope.open(black_box(&wrapped)).unwrap())
    });
    group.finish();
}

fn keyrings(c: &mut Criterion<Clock>) {
    let ec = context();
    let suite = AlgorithmSuite::DEFAULT;
    let raw = datakey_benches::raw_keyring().unwrap();
    let kms = LocalKms::new();
    let key = kms
        .create_key(CreateKeyRequest::default())
        .unwrap()
        .key_metadata;
    let kms_keyring = KmsKeyring::new(kms, key.arn.clone()).unwrap();
    let mut group = settings(c, "keyring");
    let rings: [(&str, &dyn Keyring); 2] = [("raw_aes", &raw), ("kms", &kms_keyring)];
    for (name, keyring) in rings {
        group.bench_function(format!("{name}_wrap"), |b| {
            b.iter(|| {
                let mut m = EncryptionMaterials::new(suite, ec.clone()).unwrap();
                keyring.on_encrypt(&mut m).unwrap();
                m
            })
        });
        let mut m = EncryptionMaterials::new(suite, ec.clone()).unwrap();
        keyring.on_encrypt(&mut m).unwrap();
        let edks = m.encrypted_data_keys().to_vec();
        let expected = SecretBytes::copy_from_slice(m.data_key().unwrap().expose_secret());
        let unwrap = || {
            let mut d = DecryptionMaterials::new(suite, ec.clone()).unwrap();
            keyring.on_decrypt(&mut d, black_box(&edks)).unwrap();
            d
        };
        assert!(unwrap().data_key() == Some(&expected));
        group.bench_function(format!("{name}_unwrap"), |b| b.iter(unwrap));
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Clock::criterion();
    targets = kms_ops, keyrings
}
criterion_main!(benches);
