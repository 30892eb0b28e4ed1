//! Scaling: the same operation on one shared service from one thread and from two threads.
//!
//! Each `*_2t` iteration is two operations, one per thread, running at once on one shared
//! [`LocalKms`] or keyring; `*_1t` runs one thread through the same harness. Throughput is in
//! operations, so `report.py` computes the speed-up as `2 x time(1t) / time(2t)` (≥ 1.8 is the
//! target). Two threads need two idle cores: check `uptime` before trusting the ratio.
//!
//! `envelope_1KiB_baseline` shares nothing that is ever written (one OS RNG call, a GCM wrap
//! under a read-only ring key, a key schedule and a 1 KiB seal): its speed-up is what this
//! machine gives two threads at best, the ceiling for the other rows of the same run.

#![allow(clippy::unwrap_used, missing_docs)]

use std::hint::black_box;
use std::sync::Barrier;
use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use datakey::LocalKms;
use datakey::keyring::{Keyring, KmsKeyring};
use datakey::kms::{CreateKeyRequest, DataKeySpec, DecryptRequest, GenerateDataKeyRequest};
use datakey::message::{self, EncryptOptions};
use datakey_benches::{Envelope, WRAPPING_KEY, context, plaintext, raw_keyring, thread_cpu_time};

/// Runs `op` `iters` times on each of `threads` threads started together; returns the wall time
/// from the common start to the last thread's end — or, with `cpu`, the largest CPU time one of
/// the threads used (what the wall time would be on two otherwise idle cores: contention between
/// the threads, such as cache lines moving between the cores, costs CPU time and counts;
/// waiting for a core does not — but on a loaded machine the threads also overlap less, so the
/// CPU-clock speed-up is an upper estimate).
fn run(threads: usize, iters: u64, op: &(dyn Fn() + Sync), cpu: bool) -> Duration {
    let barrier = Barrier::new(threads + 1);
    std::thread::scope(|s| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                let barrier = &barrier;
                s.spawn(move || {
                    barrier.wait();
                    let start = thread_cpu_time();
                    for _ in 0..iters {
                        op();
                    }
                    thread_cpu_time().saturating_sub(start)
                })
            })
            .collect();
        barrier.wait();
        let start = Instant::now();
        let mut slowest_cpu = Duration::ZERO;
        for w in workers {
            slowest_cpu = slowest_cpu.max(w.join().unwrap());
        }
        let wall = start.elapsed();
        if cpu { slowest_cpu } else { wall }
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
    let envelope = Envelope::new(&WRAPPING_KEY, &ec.serialize().unwrap()).unwrap();
    let baseline = || {
        black_box(envelope.seal(black_box(&pt)).unwrap());
    };
    let encrypt_raw = || encrypt_with(&raw);
    let encrypt_kms = || encrypt_with(&kms_keyring);
    let workloads: [(&str, &(dyn Fn() + Sync)); 5] = [
        ("envelope_1KiB_baseline", &baseline),
        ("kms_generate_data_key", &generate),
        ("kms_decrypt", &decrypt),
        ("encrypt_1KiB_raw_aes", &encrypt_raw),
        ("encrypt_1KiB_kms_keyring", &encrypt_kms),
    ];

    // DATAKEY_BENCH_CLOCK=cpu: see `run`.
    let cpu = std::env::var("DATAKEY_BENCH_CLOCK").is_ok_and(|v| v == "cpu");
    let mut group = c.benchmark_group("scaling");
    group.sample_size(20);
    group.warm_up_time(Duration::from_millis(500));
    group.measurement_time(Duration::from_secs(2));
    for (name, op) in workloads {
        for threads in [1usize, 2] {
            group.throughput(Throughput::Elements(threads as u64));
            group.bench_function(format!("{name}_{threads}t"), |b| {
                b.iter_custom(|iters| run(threads, iters, op, cpu))
            });
        }
    }
    group.finish();
}

criterion_group!(benches, scaling);
criterion_main!(benches);
