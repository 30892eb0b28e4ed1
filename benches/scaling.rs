//! Scaling: the same operation on one shared service from one thread and from two threads.
//!
//! Each `*_2t` iteration is two operations, one per thread, running at once on one shared
//! [`LocalKms`] or keyring; `*_1t` runs one thread through the same harness. Throughput is in
//! operations, so `report.py` computes the speed-up as `2 x time(1t) / time(2t)` (≥ 1.8 is the
//! target). Two threads need two idle cores: check `uptime` before trusting the ratio.

#![allow(clippy::unwrap_used, missing_docs)]

use std::hint::black_box;
use std::sync::Barrier;
use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use datakey::LocalKms;
use datakey::keyring::{Keyring, KmsKeyring};
use datakey::kms::{CreateKeyRequest, DataKeySpec, DecryptRequest, GenerateDataKeyRequest};
use datakey::message::{self, EncryptOptions};
use datakey_benches::{context, plaintext, raw_keyring};

/// Runs `op` `iters` times on each of `threads` threads started together; returns the wall time
/// from the common start to the last thread's end.
fn run(threads: usize, iters: u64, op: &(dyn Fn() + Sync)) -> Duration {
    let barrier = Barrier::new(threads + 1);
    std::thread::scope(|s| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                let barrier = &barrier;
                s.spawn(move || {
                    barrier.wait();
                    for _ in 0..iters {
                        op();
                    }
                })
            })
            .collect();
        barrier.wait();
        let start = Instant::now();
        for w in workers {
            w.join().unwrap();
        }
        start.elapsed()
    })
}

fn scaling(c: &mut Criterion) {
    let kms = LocalKms::new();
    let key = kms
        .create_key(CreateKeyRequest::default())
        .unwrap()
        .key_metadata;
    let ec = context();
    let blob = kms
        .generate_data_key(GenerateDataKeyRequest {
            key_id: key.key_id.clone(),
            key_spec: Some(DataKeySpec::Aes256),
            encryption_context: ec.clone(),
            ..Default::default()
        })
        .unwrap()
        .ciphertext_blob;
    let raw = raw_keyring().unwrap();
    let kms_keyring = KmsKeyring::new(kms.clone(), key.key_id.clone()).unwrap();
    let opts = EncryptOptions {
        encryption_context: ec.clone(),
        ..Default::default()
    };
    let pt = plaintext(1024);

    let generate = || {
        black_box(
            kms.generate_data_key(GenerateDataKeyRequest {
                key_id: key.key_id.clone(),
                key_spec: Some(DataKeySpec::Aes256),
                encryption_context: ec.clone(),
                ..Default::default()
            })
            .unwrap(),
        );
    };
    let decrypt = || {
        black_box(
            kms.decrypt(DecryptRequest {
                ciphertext_blob: blob.clone(),
                encryption_context: ec.clone(),
                ..Default::default()
            })
            .unwrap(),
        );
    };
    let encrypt_with = |keyring: &dyn Keyring| {
        black_box(message::encrypt(black_box(&pt), keyring, &opts).unwrap());
    };
    let encrypt_raw = || encrypt_with(&raw);
    let encrypt_kms = || encrypt_with(&kms_keyring);
    let workloads: [(&str, &(dyn Fn() + Sync)); 4] = [
        ("kms_generate_data_key", &generate),
        ("kms_decrypt", &decrypt),
        ("encrypt_1KiB_raw_aes", &encrypt_raw),
        ("encrypt_1KiB_kms_keyring", &encrypt_kms),
    ];

    let mut group = c.benchmark_group("scaling");
    group.sample_size(20);
    group.warm_up_time(Duration::from_millis(500));
    group.measurement_time(Duration::from_secs(2));
    for (name, op) in workloads {
        for threads in [1usize, 2] {
            group.throughput(Throughput::Elements(threads as u64));
            group.bench_function(format!("{name}_{threads}t"), |b| {
                b.iter_custom(|iters| run(threads, iters, op))
            });
        }
    }
    group.finish();
}

criterion_group!(benches, scaling);
criterion_main!(benches);
