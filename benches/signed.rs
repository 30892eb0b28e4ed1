//! Signed messages (suite 0x0578, ECDSA P-384) against the unsigned default (0x0478), and the
//! ECDSA work alone, in the same run: the "signed 1 KiB within 1.25x of the summed primitives"
//! check (`benches/report.py` reads group `signed`).
//!
//! - `signed_encrypt_1KiB` / `signed_decrypt_1KiB`, `unsigned_encrypt_1KiB` /
//!   `unsigned_decrypt_1KiB`: one-shot `message::encrypt` / `message::decrypt`, everything
//!   included, 4 KiB frames;
//! - `ecdsa_p384_keygen_sign`: what signing adds to an encrypt — a fresh P-384 key pair, its
//!   compressed point, SHA-384 over a 1 KiB message's bytes (1.4 KB), the fixed-length signature
//!   (`hazmat::sign::SigningKey`); `ecdsa_p384_keygen` the key pair alone;
//! - `ecdsa_p384_verify`: what verifying adds to a decrypt — parsing the compressed point (a
//!   square root), SHA-384 over the same bytes, the verification (`hazmat::sign::Verifier`);
//! - `signed_*_16MiB` / `unsigned_*_16MiB`: one-shot and in place, 4 KiB frames (the signed rows
//!   add SHA-384 over 16 MiB); `sha384_16MiB`: that digest alone (with one verification, 0.2 ms).
//!
//! Sum for the check: the unsigned message (which `primitives` shows is itself within a few per
//! cent of its own primitives) plus the ECDSA row — so the ratio is, if anything, conservative.

#![allow(clippy::unwrap_used, missing_docs)]

use std::hint::black_box;
use std::time::Duration;

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use datakey::hazmat::sign::{SignatureAlgorithm, SigningKey, Verifier};
use datakey::message::{self, AlgorithmSuite, DecryptOptions, EncryptOptions};
use datakey_benches::{Clock, configure, context, plaintext, raw_keyring};

fn signed(c: &mut Criterion<Clock>) {
    let keyring = raw_keyring().unwrap();
    let ec = context();
    let unsigned = EncryptOptions {
        encryption_context: ec.clone(),
        ..Default::default()
    };
    let signed = EncryptOptions {
        algorithm_suite: AlgorithmSuite::SIGNED,
        ..unsigned.clone()
    };
    let dopts = DecryptOptions {
        encryption_context: ec.clone(),
        ..Default::default()
    };
    let alg = SignatureAlgorithm::EcdsaP384Sha384;

    let mut group = c.benchmark_group("signed");
    group.sample_size(30);
    group.warm_up_time(Duration::from_millis(400));
    group.measurement_time(Duration::from_millis(1500));
    group.throughput(Throughput::Elements(1));
    let pt = plaintext(1024);
    let signed_ct = message::encrypt(&pt, &keyring, &signed).unwrap();
    let unsigned_ct = message::encrypt(&pt, &keyring, &unsigned).unwrap();
    let signed_bytes = signed_ct[..signed_ct.len() - 105].to_vec();
    group.bench_function("signed_encrypt_1KiB", |b| {
        b.iter(|| message::encrypt(black_box(&pt), &keyring, &signed).unwrap())
    });
    group.bench_function("unsigned_encrypt_1KiB", |b| {
        b.iter(|| message::encrypt(black_box(&pt), &keyring, &unsigned).unwrap())
    });
    group.bench_function("ecdsa_p384_keygen_sign", |b| {
        b.iter(|| {
            let mut key = SigningKey::generate(alg).unwrap();
            black_box(key.public_key());
            key.update(black_box(&signed_bytes));
            key.sign().unwrap()
        })
    });
    group.bench_function("ecdsa_p384_keygen", |b| {
        b.iter(|| SigningKey::generate(alg).unwrap())
    });
    group.bench_function("signed_decrypt_1KiB", |b| {
        b.iter_batched(
            || (),
            |()| message::decrypt(black_box(&signed_ct), &keyring, &dopts).unwrap(),
            BatchSize::SmallInput,
        )
    });
    group.bench_function("unsigned_decrypt_1KiB", |b| {
        b.iter_batched(
            || (),
            |()| message::decrypt(black_box(&unsigned_ct), &keyring, &dopts).unwrap(),
            BatchSize::SmallInput,
        )
    });
    let mut key = SigningKey::generate(alg).unwrap();
    let point = key.public_key().to_vec();
    key.update(&signed_bytes);
    let signature = key.sign().unwrap();
    group.bench_function("ecdsa_p384_verify", |b| {
        b.iter(|| {
            let mut v = Verifier::new(alg, black_box(&point)).unwrap();
            v.update(black_box(&signed_bytes));
            v.verify(&signature).unwrap()
        })
    });

    let size = 16 * 1024 * 1024;
    configure(&mut group, size);
    group.throughput(Throughput::Bytes(size as u64));
    let big = plaintext(size);
    // What the signature's digest costs over a 16 MiB body on its own (AWS-LC's SHA-384, the
    // same call the signer and the verifier make).
    group.bench_function("sha384_16MiB", |b| {
        b.iter(|| {
            let mut v = Verifier::new(alg, &point).unwrap();
            v.update(black_box(&big));
            v.verify(&signature).is_err()
        })
    });
    for (name, opts) in [("signed", &signed), ("unsigned", &unsigned)] {
        group.bench_function(format!("{name}_encrypt_16MiB"), |b| {
            b.iter(|| message::encrypt(black_box(&big), &keyring, opts).unwrap())
        });
        let ct = message::encrypt(&big, &keyring, opts).unwrap();
        group.bench_function(format!("{name}_decrypt_16MiB"), |b| {
            b.iter_batched(
                || (),
                |()| message::decrypt(black_box(&ct), &keyring, &dopts).unwrap(),
                BatchSize::LargeInput,
            )
        });
        let mut buf = Vec::with_capacity(ct.len());
        group.bench_function(format!("{name}_decrypt_inplace_16MiB"), |b| {
            b.iter_batched_ref(
                || {
                    buf.clear();
                    buf.extend_from_slice(&ct);
                    std::mem::take(&mut buf)
                },
                |m| message::decrypt_in_place(m, &keyring, &dopts).unwrap(),
                BatchSize::LargeInput,
            )
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Clock::criterion();
    targets = signed
}
criterion_main!(benches);
