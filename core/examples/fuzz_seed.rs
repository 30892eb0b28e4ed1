//! Writes seed corpora for the fuzz targets in `fuzz/`: real messages under the fuzz keyring
//! (the ESDK vectors' public AES-256 test key, plus a 128-bit key), unsigned (0x0478) and signed
//! (0x0578) alternately, KMS ciphertext blobs,
//! serialized encryption contexts and AEAD inputs, each in the layout its target reads.
//!
//! Run by `fuzz/seed.sh` (`make fuzz` and `make fuzz-smoke` call it):
//! `cargo run -p datakey --example fuzz_seed -- fuzz/corpus`. The keys must match
//! `fuzz/src/lib.rs`.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use datakey::keyring::{Keyring, MultiKeyring, RawAesKeyring};
use datakey::kms::{CreateKeyRequest, EncryptRequest, GenerateDataKeyRequest};
use datakey::message::{self, AlgorithmSuite, EncryptOptions};
use datakey::{EncryptionContext, LocalKms, SecretBytes};

/// The ESDK vectors' public AES-256 test key (as in `fuzz/src/lib.rs`).
const VECTOR_AES256: [u8; 32] = [
    0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15,
    0x16, 0x17, 0x18, 0x19, 0x20, 0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0x27, 0x28, 0x29, 0x30, 0x31,
];

struct Out {
    root: PathBuf,
    count: usize,
}

impl Out {
    fn write(&mut self, target: &str, name: &str, bytes: &[u8]) -> std::io::Result<()> {
        let dir = self.root.join(target);
        std::fs::create_dir_all(&dir)?;
        std::fs::write(dir.join(format!("seed-{name}")), bytes)?;
        self.count += 1;
        Ok(())
    }
}

fn keyrings() -> datakey::Result<(Arc<dyn Keyring>, Arc<dyn Keyring>)> {
    let main: Arc<dyn Keyring> = Arc::new(RawAesKeyring::new(
        "aws-raw-vectors-persistant",
        "aes-256",
        &VECTOR_AES256,
    )?);
    let second: Arc<dyn Keyring> = Arc::new(RawAesKeyring::new("fuzz", "aes-128", &[0xa5; 16])?);
    let multi: Arc<dyn Keyring> = Arc::new(MultiKeyring::new(Some(main.clone()), vec![second])?);
    Ok((main, multi))
}

fn messages(out: &mut Out) -> Result<(), Box<dyn std::error::Error>> {
    let (single, multi) = keyrings()?;
    let contexts = [
        EncryptionContext::new(),
        EncryptionContext::from_iter([("purpose", "fuzz")]),
        EncryptionContext::from_iter([("key1", "val1"), ("key2", "val2"), ("z", "")]),
    ];
    let mut n = 0;
    for (ki, keyring) in [&single, &multi].into_iter().enumerate() {
        for (ci, ec) in contexts.iter().enumerate() {
            for (len, frame) in [
                (0usize, 16u32),
                (1, 16),
                (16, 16),
                (47, 16),
                (100, 64),
                (700, 128),
            ] {
                // The third context's key1/key2 are sometimes authenticated but not stored.
                let required = if ci == 2 && len % 2 == 1 {
                    vec!["key1".to_owned(), "key2".to_owned()]
                } else {
                    Vec::new()
                };
                // Every other message is signed (0x0578): header, frames and footer.
                let suite = if n % 2 == 1 {
                    AlgorithmSuite::SIGNED
                } else {
                    AlgorithmSuite::DEFAULT
                };
                let opts = EncryptOptions {
                    encryption_context: ec.clone(),
                    required_context_keys: required,
                    frame_length: frame,
                    algorithm_suite: suite,
                };
                let plaintext: Vec<u8> = (0..len).map(|i| (i * 7 + ki) as u8).collect();
                let ct = message::encrypt(&plaintext, keyring.as_ref(), &opts)?;
                let name = format!("k{ki}-c{ci}-{len}-{frame}-{:04x}", suite.id());
                out.write("message_decrypt", &name, &ct)?;
                out.write("header_roundtrip", &name, &ct)?;
                let mut chunked = (n as u64)
                    .wrapping_mul(0x9e37_79b9_7f4a_7c15)
                    .to_le_bytes()
                    .to_vec();
                chunked.extend_from_slice(&ct);
                out.write("stream_vs_oneshot", &name, &chunked)?;
                n += 1;
            }
        }
    }
    Ok(())
}

/// `signed_roundtrip` inputs: control byte (frame length, encrypt path, corruption), 8 seed
/// bytes, the plaintext.
fn signed(out: &mut Out) -> std::io::Result<()> {
    for (i, (control, len)) in [
        (0u8, 0usize),
        (0x09, 1),
        (0x12, 100),
        (0x9b, 700),
        (0x24, 5000),
    ]
    .into_iter()
    .enumerate()
    {
        let mut seed = vec![control];
        seed.extend((0..8).map(|j| (i * 8 + j) as u8 | 1));
        seed.extend((0..len).map(|j| (j * 13) as u8));
        out.write("signed_roundtrip", &format!("s{i}"), &seed)?;
    }
    Ok(())
}

fn kms_blobs(out: &mut Out) -> Result<(), Box<dyn std::error::Error>> {
    let kms = LocalKms::new();
    let key = kms
        .create_key(CreateKeyRequest::default())?
        .key_metadata
        .key_id;
    let ec = EncryptionContext::from_iter([("purpose", "fuzz")]);
    let dk = kms.generate_data_key(GenerateDataKeyRequest {
        key_id: key.clone(),
        number_of_bytes: Some(32),
        encryption_context: ec,
        ..Default::default()
    })?;
    let small = kms.encrypt(EncryptRequest {
        key_id: key,
        plaintext: SecretBytes::copy_from_slice(b"x"),
        ..Default::default()
    })?;
    for (name, blob) in [
        ("dk", &dk.ciphertext_blob),
        ("small", &small.ciphertext_blob),
    ] {
        for flags in [0x00u8, 0x01, 0x03, 0x07, 0x0b, 0x0f, 0x43, 0x23] {
            let mut seed = vec![flags];
            seed.extend_from_slice(blob);
            out.write("kms_blob", &format!("{name}-{flags:02x}"), &seed)?;
        }
    }
    // xor mode: a mask of zeros (the genuine blob), and single-bit masks.
    for (i, at) in [0usize, 1, 5, 40, 70, 100, 140].into_iter().enumerate() {
        let mut seed = vec![0x14u8];
        let mut mask = vec![0u8; 146];
        if i > 0 {
            mask[at] = 1 << (i % 8);
        }
        seed.extend_from_slice(&mask);
        out.write("kms_blob", &format!("xor-{at}"), &seed)?;
    }
    Ok(())
}

fn contexts(out: &mut Out) -> Result<(), Box<dyn std::error::Error>> {
    let samples = [
        EncryptionContext::from_iter([("a", "b")]),
        EncryptionContext::from_iter([("tenant", "acme"), ("purpose", "interop-test")]),
        EncryptionContext::from_iter([("", ""), ("k\u{e9}", "v\u{1f600}")]),
    ];
    for (i, ec) in samples.iter().enumerate() {
        out.write("ec_roundtrip", &format!("ec{i}"), &ec.serialize()?)?;
    }
    Ok(())
}

fn aead(out: &mut Out) -> std::io::Result<()> {
    for (sel, aad, pt) in [(0u8, 0u8, 0usize), (1, 5, 17), (2, 16, 64)] {
        let key_len = [16usize, 24, 32][usize::from(sel)];
        let mut seed = vec![sel];
        seed.extend((0..key_len).map(|i| i as u8));
        seed.extend([0x42u8; 12]);
        seed.push(aad);
        seed.extend((0..usize::from(aad) + pt).map(|i| (i * 3) as u8));
        out.write("aead_differential", &format!("s{sel}"), &seed)?;
    }
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let root = std::env::args_os()
        .nth(1)
        .map(PathBuf::from)
        .ok_or("usage: fuzz_seed <corpus dir>")?;
    let mut out = Out {
        root: Path::new(&root).to_path_buf(),
        count: 0,
    };
    messages(&mut out)?;
    signed(&mut out)?;
    kms_blobs(&mut out)?;
    contexts(&mut out)?;
    aead(&mut out)?;
    println!("wrote {} seeds under {}", out.count, root.display());
    Ok(())
}
