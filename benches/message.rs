//! Message encrypt and decrypt over the size sweep (32 B .. 16 MiB) and frame lengths (4 KiB,
//! 64 KiB, 1 MiB), with raw AES-256-GCM (AWS-LC, datakey's backend; ring, the alternative) and a
//! minimal envelope in the same groups.
//!
//! Function names (the report script `benches/report.py` reads them):
//!
//! - `datakey_<frame>`: the one-shot API, `message::encrypt` / `message::decrypt`, everything
//!   included (keyring, header, output allocation) up to the call's return; the decrypted
//!   plaintext is dropped — and so zeroized — outside the timed region, and `wipe` (1 MiB and up)
//!   measures that drop on its own;
//! - `datakey_stream_<frame>` (1 MiB and up): `message::encrypt_stream` / `decrypt_stream` from
//!   the in-memory input to `io::sink()` — 64 KiB reads, output written and dropped chunk by
//!   chunk, so only the input is large (as for the raw baselines);
//! - `datakey_inplace_<frame>` (1 MiB and up): `message::encrypt_in_place` /
//!   `decrypt_in_place` on a buffer holding the plaintext (with room for the message) or the
//!   message, copied untimed into the same reused buffer before each iteration — the
//!   like-for-like comparison with `awslc_seal` / `awslc_open`, which also work in place (and
//!   `awslc_open` gets its fresh ciphertext the same way);
//! - `datakey_to_slice_<frame>` (1 MiB and up, 4 KiB and 64 KiB frames):
//!   `Encryptor::encrypt_to_slice` / `message::open` + `Opened::decrypt_to_slice` into one
//!   reused output buffer (what the Python and Node bindings do with the result object);
//! - `copy` (1 MiB and up): copying the input into a separate, reused buffer of the same size —
//!   what producing the output out of place costs on top of sealing in place;
//! - `awslc_seal` / `awslc_open`: raw AWS-LC AES-256-GCM in place over the same bytes, key
//!   schedule ready, no allocation, no copy (the cipher's limit); `awslc_seal_to` /
//!   `awslc_open_to` (1 MiB and up): the same in one pass into a reused second buffer (the limit
//!   out of place); `ring_seal` / `ring_open`: ring in place, for comparison;
//! - `envelope`: the minimal hand-written envelope of `datakey_benches::Envelope`.

// Benchmark fixtures: a failure here is a broken benchmark, reported by the panic message.
#![allow(clippy::unwrap_used, missing_docs)]

use std::cell::RefCell;
use std::hint::black_box;
use std::io;
use std::sync::Arc;

use criterion::{BatchSize, BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use datakey::message::{self, DecryptOptions, EncryptOptions};
use datakey_benches::{
    Clock, Envelope, FRAME_LENGTHS, RawGcm, RingGcm, SIZES, configure, context, plaintext,
};

/// Buffers reused across iterations: [`Pool::take`] hands out one filled with given bytes (made
/// untimed, in a batch's setup), and it returns to the pool when criterion drops it after the
/// timed region — every iteration works on the same warm allocation, as `awslc_seal` does.
#[derive(Default)]
struct Pool(RefCell<Vec<Vec<u8>>>);

struct Pooled<'p>(Vec<u8>, &'p Pool);

impl Pool {
    fn take(&self, capacity: usize, bytes: &[u8]) -> Pooled<'_> {
        let mut buf = self.0.borrow_mut().pop().unwrap_or_default();
        buf.clear();
        buf.reserve(capacity);
        buf.extend_from_slice(bytes);
        Pooled(buf, self)
    }
}

impl Drop for Pooled<'_> {
    fn drop(&mut self) {
        self.1.0.borrow_mut().push(std::mem::take(&mut self.0));
    }
}

fn encrypt(c: &mut Criterion<Clock>) {
    let keyring = datakey_benches::raw_keyring().unwrap();
    let ec = context();
    let aad = ec.serialize().unwrap();
    let envelope = Envelope::new(&datakey_benches::WRAPPING_KEY, &aad).unwrap();
    let raw = RawGcm::new(&[7u8; 32]).unwrap();
    let ring = RingGcm::new(&[7u8; 32]).unwrap();
    let mut group = c.benchmark_group("encrypt");
    for (size, label) in SIZES {
        configure(&mut group, size);
        group.throughput(Throughput::Bytes(size as u64));
        let pt = plaintext(size);
        for (frame_length, flabel) in FRAME_LENGTHS {
            let opts = EncryptOptions {
                encryption_context: ec.clone(),
                frame_length,
                ..Default::default()
            };
            group.bench_function(BenchmarkId::new(format!("datakey_{flabel}"), label), |b| {
                b.iter(|| message::encrypt(black_box(&pt), &keyring, &opts).unwrap())
            });
            if size >= 1024 * 1024 {
                group.bench_function(
                    BenchmarkId::new(format!("datakey_stream_{flabel}"), label),
                    |b| {
                        b.iter(|| {
                            message::encrypt_stream(black_box(&pt[..]), io::sink(), &keyring, &opts)
                                .unwrap()
                        })
                    },
                );
                // In place: the plaintext's buffer (with room for the message) becomes the
                // message; a fresh copy of the plaintext for every iteration, made untimed right
                // before it (so the buffer is as warm as ring_seal's).
                let cap = message::encrypt(&pt, &keyring, &opts).unwrap().len();
                let pool = Pool::default();
                group.bench_function(
                    BenchmarkId::new(format!("datakey_inplace_{flabel}"), label),
                    |b| {
                        b.iter_batched_ref(
                            || pool.take(cap, &pt),
                            |buf| {
                                message::encrypt_in_place(black_box(&mut buf.0), &keyring, &opts)
                                    .unwrap()
                            },
                            BatchSize::PerIteration,
                        )
                    },
                );
                // Into a reused, caller-allocated buffer (what the bindings do): keyring, header
                // and every frame, no allocation of the message.
                if frame_length <= 64 * 1024 {
                    let mut out = vec![0u8; cap];
                    group.bench_function(
                        BenchmarkId::new(format!("datakey_to_slice_{flabel}"), label),
                        |b| {
                            b.iter(|| {
                                let enc = message::Encryptor::new(&keyring, opts.clone()).unwrap();
                                enc.encrypt_to_slice(black_box(&pt), &mut out).unwrap()
                            })
                        },
                    );
                }
            }
        }
        if size >= 1024 * 1024 {
            // Moving the bytes into a separate output buffer: what out-of-place costs on top of
            // sealing in place (ring seals in place only).
            let mut dst = vec![0u8; size];
            group.bench_function(BenchmarkId::new("copy", label), |b| {
                b.iter(|| dst.copy_from_slice(black_box(&pt)))
            });
            // The backend's one-pass out-of-place seal into a reused buffer: the limit of any
            // out-of-place encryptor.
            group.bench_function(BenchmarkId::new("awslc_seal_to", label), |b| {
                b.iter(|| {
                    raw.seal_to([0u8; 12], b"", black_box(&pt), black_box(&mut dst))
                        .unwrap()
                })
            });
        }
        let mut buf = pt.clone();
        group.bench_function(BenchmarkId::new("awslc_seal", label), |b| {
            b.iter(|| raw.seal([0u8; 12], b"", black_box(&mut buf)).unwrap())
        });
        if size >= 1024 * 1024 {
            // The format's ceiling on this backend: one raw call per frame, each with a frame's
            // 72-byte AAD, in place over the same buffer (no prefixes, no tags written).
            for (frame_length, flabel) in &FRAME_LENGTHS[..2] {
                let aad = [0x5Au8; 72];
                group.bench_function(
                    BenchmarkId::new(format!("awslc_seal_{flabel}"), label),
                    |b| {
                        b.iter(|| {
                            for frame in black_box(&mut buf).chunks_mut(*frame_length as usize) {
                                black_box(raw.seal([0u8; 12], &aad, frame).unwrap());
                            }
                        })
                    },
                );
            }
        }
        group.bench_function(BenchmarkId::new("ring_seal", label), |b| {
            b.iter(|| ring.seal([0u8; 12], b"", black_box(&mut buf)).unwrap())
        });
        group.bench_function(BenchmarkId::new("envelope", label), |b| {
            b.iter(|| envelope.seal(black_box(&pt)).unwrap())
        });
    }
    group.finish();
}

fn decrypt(c: &mut Criterion<Clock>) {
    let keyring = Arc::new(datakey_benches::raw_keyring().unwrap());
    let ec = context();
    let aad = ec.serialize().unwrap();
    let envelope = Envelope::new(&datakey_benches::WRAPPING_KEY, &aad).unwrap();
    let raw = RawGcm::new(&[7u8; 32]).unwrap();
    let ring = RingGcm::new(&[7u8; 32]).unwrap();
    let dopts = DecryptOptions {
        encryption_context: ec.clone(),
        ..Default::default()
    };
    let mut group = c.benchmark_group("decrypt");
    for (size, label) in SIZES {
        configure(&mut group, size);
        group.throughput(Throughput::Bytes(size as u64));
        let pt = plaintext(size);
        // Large outputs one per timed iteration (memory reused), small ones in batches.
        let one_at_a_time = if size >= 1024 * 1024 {
            BatchSize::PerIteration
        } else {
            BatchSize::SmallInput
        };
        for (frame_length, flabel) in FRAME_LENGTHS {
            let opts = EncryptOptions {
                encryption_context: ec.clone(),
                frame_length,
                ..Default::default()
            };
            let ct = message::encrypt(&pt, keyring.as_ref(), &opts).unwrap();
            // The returned plaintext is dropped (and wiped) outside the timed region: `wipe`
            // below measures that cost on its own.
            group.bench_function(BenchmarkId::new(format!("datakey_{flabel}"), label), |b| {
                b.iter_batched(
                    || (),
                    |()| message::decrypt(black_box(&ct), keyring.as_ref(), &dopts).unwrap(),
                    one_at_a_time,
                )
            });
            if size >= 1024 * 1024 {
                // In place: a fresh copy of the message per iteration, made untimed (as for
                // ring_open).
                let pool = Pool::default();
                group.bench_function(
                    BenchmarkId::new(format!("datakey_inplace_{flabel}"), label),
                    |b| {
                        b.iter_batched_ref(
                            || pool.take(ct.len(), &ct),
                            |buf| {
                                message::decrypt_in_place(
                                    black_box(&mut buf.0),
                                    keyring.as_ref(),
                                    &dopts,
                                )
                                .unwrap()
                            },
                            BatchSize::PerIteration,
                        )
                    },
                );
                // Into a reused, caller-allocated buffer (what the bindings do).
                if frame_length <= 64 * 1024 {
                    let mut out = vec![0u8; size];
                    group.bench_function(
                        BenchmarkId::new(format!("datakey_to_slice_{flabel}"), label),
                        |b| {
                            b.iter(|| {
                                message::open(black_box(&ct), keyring.as_ref(), &dopts)
                                    .unwrap()
                                    .decrypt_to_slice(&mut out)
                                    .unwrap()
                            })
                        },
                    );
                }
                group.bench_function(
                    BenchmarkId::new(format!("datakey_stream_{flabel}"), label),
                    |b| {
                        b.iter(|| {
                            message::decrypt_stream(
                                black_box(&ct[..]),
                                io::sink(),
                                keyring.as_ref(),
                                &dopts,
                            )
                            .unwrap()
                        })
                    },
                );
            }
        }
        if size >= 1024 * 1024 {
            let mut dst = vec![0u8; size];
            group.bench_function(BenchmarkId::new("copy", label), |b| {
                b.iter(|| dst.copy_from_slice(black_box(&pt)))
            });
            // Dropping a decrypted plaintext of this size: datakey's `Plaintext` zeroizes its
            // allocation in bulk; `Zeroizing<Vec<u8>>` (what `decrypt` returned before) writes
            // one volatile byte at a time.
            group.bench_function(BenchmarkId::new("wipe", label), |b| {
                b.iter_batched(
                    || message::Plaintext::from(vec![1u8; size]),
                    drop,
                    BatchSize::PerIteration,
                )
            });
            group.bench_function(BenchmarkId::new("zeroize_vec", label), |b| {
                b.iter_batched(
                    || message::Zeroizing::new(vec![1u8; size]),
                    drop,
                    BatchSize::PerIteration,
                )
            });
        }
        // Raw open needs fresh ciphertext every time: it is copied, outside the timed region,
        // into a reused buffer (as for `datakey_inplace`).
        let mut sealed = pt.clone();
        let tag = raw.seal([0u8; 12], b"", &mut sealed).unwrap();
        let pool = Pool::default();
        group.bench_function(BenchmarkId::new("awslc_open", label), |b| {
            b.iter_batched_ref(
                || pool.take(size, &sealed),
                |buf| {
                    raw.open([0u8; 12], b"", black_box(&mut buf.0), tag)
                        .unwrap()
                },
                one_at_a_time,
            )
        });
        group.bench_function(BenchmarkId::new("ring_open", label), |b| {
            b.iter_batched_ref(
                || pool.take(size, &sealed),
                |buf| {
                    ring.open([0u8; 12], b"", black_box(&mut buf.0), tag)
                        .unwrap()
                },
                one_at_a_time,
            )
        });
        if size >= 1024 * 1024 {
            // One raw open per frame (72-byte AAD), in place over fresh ciphertext: the format's
            // ceiling on this backend.
            for (frame_length, flabel) in &FRAME_LENGTHS[..2] {
                let f = *frame_length as usize;
                let aad = [0x5Au8; 72];
                let mut framed = pt.clone();
                let tags: Vec<[u8; 16]> = framed
                    .chunks_mut(f)
                    .map(|c| raw.seal([0u8; 12], &aad, c).unwrap())
                    .collect();
                group.bench_function(
                    BenchmarkId::new(format!("awslc_open_{flabel}"), label),
                    |b| {
                        b.iter_batched_ref(
                            || pool.take(size, &framed),
                            |buf| {
                                for (c, t) in buf.0.chunks_mut(f).zip(&tags) {
                                    raw.open([0u8; 12], &aad, black_box(c), *t).unwrap();
                                }
                            },
                            one_at_a_time,
                        )
                    },
                );
            }
            // One pass out of place from the (unchanged) ciphertext into a reused buffer.
            let mut dst = vec![0u8; size];
            group.bench_function(BenchmarkId::new("awslc_open_to", label), |b| {
                b.iter(|| {
                    raw.open_to([0u8; 12], b"", black_box(&sealed), tag, black_box(&mut dst))
                        .unwrap()
                })
            });
        }
        let env_ct = envelope.seal(&pt).unwrap();
        group.bench_function(BenchmarkId::new("envelope", label), |b| {
            b.iter(|| envelope.open(black_box(&env_ct)).unwrap())
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Clock::criterion();
    targets = encrypt, decrypt
}
criterion_main!(benches);
