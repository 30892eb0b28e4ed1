//! The primitives a 1 KiB message needs, measured in the same run as the message itself, so the
//! "at most 1.25x the summed primitives" target can be checked (`benches/report.py` sums them).
//!
//! Encrypting a 1 KiB message (format v2, suite 0x0478, raw AES keyring) needs, at the least:
//!
//! Every AES-GCM, key schedule and random draw is the backend's (AWS-LC through `aws-lc-rs`, as
//! in the core); the HKDF is `hkdf` + `sha2`, as in the core.
//!
//! - `rng_76B`: 76 random bytes (data key 32, message ID 32, wrapping IV 12) in one call;
//! - `gcm_wrap_32B`: one AES-256-GCM seal of the 32-byte data key under a ready wrapping key,
//!   binding the serialized encryption context;
//! - `hkdf_sha512`: one HKDF-SHA512 extract (salt = message ID) and two expands (encryption key,
//!   commitment key);
//! - `aes256_key_setup`: the key schedule of the derived message key;
//! - `header_tag`: one AES-GCM seal of an empty plaintext with the header body as AAD;
//! - `frame_1KiB`: one AES-GCM seal of 1 KiB in place with the final frame's AAD.
//!
//! `rng_3_calls` (the same 76 bytes in three calls) and the `datakey_*` rows are reported beside
//! the sum. `hkdf_sha512_awslc` and `hkdf_sha512_ring` are the same key schedule with AWS-LC's
//! and ring's HKDF, `sha512_1block_*` one SHA-512 compression (a 64-byte digest) with each
//! library: HKDF-SHA512 here is 10 compressions. The decrypt side has `gcm_unwrap_32B`, `header_tag_open` and `frame_1KiB_open`.

#![allow(clippy::unwrap_used, missing_docs)]

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use datakey::message::{self, DecryptOptions, EncryptOptions};
use datakey_benches::{Clock, RawGcm, context, plaintext, raw_keyring};
use hkdf::Hkdf;
use sha2::Sha512;

/// A 32-byte HKDF output for ring's `Prk::expand`.
struct Len32;

struct AwsLen32;

impl aws_lc_rs::hkdf::KeyType for AwsLen32 {
    fn len(&self) -> usize {
        32
    }
}

impl ring::hkdf::KeyType for Len32 {
    fn len(&self) -> usize {
        32
    }
}

fn primitives(c: &mut Criterion<Clock>) {
    let keyring = raw_keyring().unwrap();
    let ec = context();
    let ec_bytes = ec.serialize().unwrap();
    let opts = EncryptOptions {
        encryption_context: ec.clone(),
        ..Default::default()
    };
    let dopts = DecryptOptions {
        encryption_context: ec.clone(),
        ..Default::default()
    };
    let pt = plaintext(1024);
    let ct = message::encrypt(&pt, &keyring, &opts).unwrap();
    let header_len = message::decrypt(&ct, &keyring, &dopts)
        .unwrap()
        .header
        .header_len;
    // The real header body (everything before the header tag) is the header tag's AAD.
    let header_body = ct[..header_len - 16].to_vec();
    // The final frame's AAD: message ID || "AWSKMSEncryptionClient Final Frame" || seq || length.
    let mut frame_aad = ct[3..35].to_vec();
    frame_aad.extend_from_slice(b"AWSKMSEncryptionClient Final Frame");
    frame_aad.extend_from_slice(&1u32.to_be_bytes());
    frame_aad.extend_from_slice(&1024u64.to_be_bytes());

    let key = RawGcm::new(&[9u8; 32]).unwrap();

    let mut group = c.benchmark_group("primitives");
    group.sample_size(30);
    group.warm_up_time(Duration::from_millis(400));
    group.measurement_time(Duration::from_millis(1500));
    group.throughput(Throughput::Elements(1));

    group.bench_function("datakey_encrypt_1KiB", |b| {
        b.iter(|| message::encrypt(black_box(&pt), &keyring, &opts).unwrap())
    });
    group.bench_function("rng_76B", |b| {
        b.iter(|| {
            let mut buf = [0u8; 76];
            datakey::hazmat::fill_random(&mut buf).unwrap();
            buf
        })
    });
    group.bench_function("rng_3_calls", |b| {
        b.iter(|| {
            let mut data_key = [0u8; 32];
            let mut message_id = [0u8; 32];
            let mut iv = [0u8; 12];
            datakey::hazmat::fill_random(&mut data_key).unwrap();
            datakey::hazmat::fill_random(&mut message_id).unwrap();
            datakey::hazmat::fill_random(&mut iv).unwrap();
            (data_key, message_id, iv)
        })
    });
    group.bench_function("gcm_wrap_32B", |b| {
        b.iter(|| {
            let mut data_key = [5u8; 32];
            let tag = key
                .seal([1; 12], &ec_bytes, black_box(&mut data_key))
                .unwrap();
            (data_key, tag)
        })
    });
    group.bench_function("hkdf_sha512", |b| {
        b.iter(|| {
            // Inputs by value through black_box: with constant inputs the compiler folds half of
            // the SHA-512 compressions (the HMAC key setups) away.
            let salt = black_box([3u8; 32]);
            let ikm = black_box([4u8; 32]);
            let hk = Hkdf::<Sha512>::new(Some(&salt), &ikm);
            let mut enc = [0u8; 32];
            let mut commit = [0u8; 32];
            hk.expand(b"\x04\x78DERIVEKEY", &mut enc).unwrap();
            hk.expand(b"COMMITKEY", &mut commit).unwrap();
            (enc, commit)
        })
    });
    group.bench_function("hkdf_sha512_ring", |b| {
        b.iter(|| {
            let salt = black_box([3u8; 32]);
            let ikm = black_box([4u8; 32]);
            let prk = ring::hkdf::Salt::new(ring::hkdf::HKDF_SHA512, &salt).extract(&ikm);
            let mut enc = [0u8; 32];
            let mut commit = [0u8; 32];
            prk.expand(&[b"\x04\x78DERIVEKEY"], Len32)
                .unwrap()
                .fill(&mut enc)
                .unwrap();
            prk.expand(&[b"COMMITKEY"], Len32)
                .unwrap()
                .fill(&mut commit)
                .unwrap();
            (enc, commit)
        })
    });
    group.bench_function("sha512_1block_sha2", |b| {
        b.iter(|| {
            use sha2::Digest;
            Sha512::digest(black_box([7u8; 64]))
        })
    });
    group.bench_function("hkdf_sha512_awslc", |b| {
        b.iter(|| {
            let salt = black_box([3u8; 32]);
            let ikm = black_box([4u8; 32]);
            // RFC 5869 extract as one HMAC, then two HKDF_expand calls (aws-lc-rs's own
            // `Salt::extract` would run extract + expand again for every expand).
            use aws_lc_rs::{hkdf, hmac};
            let prk = hmac::sign(&hmac::Key::new(hmac::HMAC_SHA512, &salt), &ikm);
            let prk = hkdf::Prk::new_less_safe(hkdf::HKDF_SHA512, prk.as_ref());
            let mut enc = [0u8; 32];
            let mut commit = [0u8; 32];
            prk.expand(&[b"\x04\x78DERIVEKEY"], AwsLen32)
                .unwrap()
                .fill(&mut enc)
                .unwrap();
            prk.expand(&[b"COMMITKEY"], AwsLen32)
                .unwrap()
                .fill(&mut commit)
                .unwrap();
            (enc, commit)
        })
    });
    group.bench_function("sha512_1block_awslc", |b| {
        b.iter(|| aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA512, &black_box([7u8; 64])))
    });
    group.bench_function("sha512_1block_ring", |b| {
        b.iter(|| ring::digest::digest(&ring::digest::SHA512, &black_box([7u8; 64])))
    });
    group.bench_function("aes256_key_setup", |b| {
        b.iter(|| {
            let key = black_box([6u8; 32]);
            datakey::hazmat::AesGcmKey::new(&key).unwrap()
        })
    });
    group.bench_function("header_tag", |b| {
        b.iter(|| key.seal([0; 12], black_box(&header_body), &mut []).unwrap())
    });
    let mut frame = pt.clone();
    group.bench_function("frame_1KiB", |b| {
        b.iter(|| {
            key.seal([0; 12], &frame_aad, black_box(&mut frame))
                .unwrap()
        })
    });

    // The decrypt side.
    group.bench_function("datakey_decrypt_1KiB", |b| {
        b.iter(|| message::decrypt(black_box(&ct), &keyring, &dopts).unwrap())
    });
    let mut wrapped = [5u8; 32];
    let wrap_tag = key.seal([1; 12], &ec_bytes, &mut wrapped).unwrap();
    group.bench_function("gcm_unwrap_32B", |b| {
        b.iter(|| {
            let mut data_key = wrapped;
            key.open([1; 12], &ec_bytes, black_box(&mut data_key), wrap_tag)
                .unwrap();
            data_key
        })
    });
    let header_tag = key.seal([0; 12], &header_body, &mut []).unwrap();
    group.bench_function("header_tag_open", |b| {
        b.iter(|| {
            key.open([0; 12], black_box(&header_body), &mut [], header_tag)
                .unwrap()
        })
    });
    let mut sealed = pt.clone();
    let frame_tag = key.seal([0; 12], &frame_aad, &mut sealed).unwrap();
    let mut buf = vec![0u8; 1024];
    group.bench_function("frame_1KiB_open", |b| {
        b.iter(|| {
            buf.copy_from_slice(&sealed);
            key.open([0; 12], &frame_aad, black_box(&mut buf), frame_tag)
                .unwrap()
        })
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Clock::criterion();
    targets = primitives
}
criterion_main!(benches);
