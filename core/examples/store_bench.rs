//! What a data-plane call costs on a persistent key store with thousands of keys, against the
//! in-memory service: prints a table (mean per call).
//!
//! ```text
//! cargo run --release -p datakey --example store_bench [-- KEYS [CALLS]]
//! ```
//!
//! The store (KEYS keys, default 3000) is built once in a temporary directory; every call then
//! runs on the unchanged store.

use std::hint::black_box;
use std::time::Instant;

use datakey::kms::{
    CreateKeyRequest, DecryptRequest, DescribeKeyRequest, EncryptRequest, GenerateDataKeyRequest,
    RootKey,
};
use datakey::{LocalKms, SecretBytes};

const ROOT_HEX: &str = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

fn main() -> Result<(), datakey::Error> {
    let mut args = std::env::args().skip(1);
    let keys: usize = args.next().map_or(3000, |a| a.parse().expect("KEYS"));
    let calls: u32 = args.next().map_or(2000, |a| a.parse().expect("CALLS"));
    let dir = std::env::temp_dir().join(format!("datakey-store-bench-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);

    let started = Instant::now();
    let store = LocalKms::open(&dir, RootKey::parse(ROOT_HEX)?)?;
    let mut key = String::new();
    for _ in 0..keys {
        key = store
            .create_key(CreateKeyRequest::default())?
            .key_metadata
            .key_id;
    }
    let size = std::fs::metadata(dir.join(datakey::kms::STORE_FILE_NAME))
        .map(|m| m.len())
        .unwrap_or(0);
    println!(
        "store: {keys} keys, {:.2} MB file, built in {:.1} s; {calls} calls per row",
        size as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );

    let memory = LocalKms::new();
    let mem_key = memory
        .create_key(CreateKeyRequest::default())?
        .key_metadata
        .key_id;

    println!("| operation | persistent store | in memory |");
    println!("|---|---:|---:|");
    type Op<'a> = &'a dyn Fn(&LocalKms, &str) -> Result<(), datakey::Error>;
    let gdk: Op = &|kms, k| {
        black_box(kms.generate_data_key(GenerateDataKeyRequest {
            key_id: k.to_owned(),
            number_of_bytes: Some(32),
            ..Default::default()
        })?);
        Ok(())
    };
    let encrypt: Op = &|kms, k| {
        black_box(kms.encrypt(EncryptRequest {
            key_id: k.to_owned(),
            plaintext: SecretBytes::copy_from_slice(&[7; 32]),
            ..Default::default()
        })?);
        Ok(())
    };
    let describe: Op = &|kms, k| {
        black_box(kms.describe_key(DescribeKeyRequest {
            key_id: k.to_owned(),
        })?);
        Ok(())
    };
    let blob = |kms: &LocalKms, k: &str| {
        kms.encrypt(EncryptRequest {
            key_id: k.to_owned(),
            plaintext: SecretBytes::copy_from_slice(&[7; 32]),
            ..Default::default()
        })
        .map(|r| r.ciphertext_blob)
    };
    let (store_blob, mem_blob) = (blob(&store, &key)?, blob(&memory, &mem_key)?);
    let decrypt_store = |kms: &LocalKms, _: &str| {
        black_box(kms.decrypt(DecryptRequest {
            ciphertext_blob: store_blob.clone(),
            ..Default::default()
        })?);
        Ok(())
    };
    let decrypt_mem = |kms: &LocalKms, _: &str| {
        black_box(kms.decrypt(DecryptRequest {
            ciphertext_blob: mem_blob.clone(),
            ..Default::default()
        })?);
        Ok(())
    };
    let time = |kms: &LocalKms, k: &str, op: Op| -> Result<f64, datakey::Error> {
        op(kms, k)?; // warm up
        let t = Instant::now();
        for _ in 0..calls {
            op(kms, k)?;
        }
        Ok(t.elapsed().as_secs_f64() / f64::from(calls))
    };
    let fmt = |s: f64| {
        if s >= 1e-3 {
            format!("{:.2} ms", s * 1e3)
        } else {
            format!("{:.1} µs", s * 1e6)
        }
    };
    for (name, on_store, in_memory) in [
        ("GenerateDataKey", gdk, gdk),
        ("Encrypt", encrypt, encrypt),
        ("Decrypt", &decrypt_store as Op, &decrypt_mem as Op),
        ("DescribeKey", describe, describe),
    ] {
        let a = time(&store, &key, on_store)?;
        let b = time(&memory, &mem_key, in_memory)?;
        println!("| {name} | {} | {} |", fmt(a), fmt(b));
    }
    drop(store);
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}
