//! Hardening: untrusted input never exhausts memory, tampering fails uniformly, and no key
//! material shows in `Debug` output or error messages.
//!
//! - Resource bounds: a 1 GiB stream of garbage (generated, never materialized), a genuine
//!   header followed by garbage, and headers claiming 65 535 EDKs or huge lengths fail fast with
//!   typed errors, reading and buffering at most one header or one frame; a child process
//!   measures the peak RSS of the same workloads.
//! - Tamper uniformity: every bit flip of a message header fails the same way under the right and
//!   a wrong key; flips of the authenticated body bytes are [`Error::Decryption`]; every KMS blob
//!   flip is [`Error::InvalidCiphertext`]; the opaque errors all print identically.
//! - Secret hygiene: wrapping keys, data keys (also cached ones), KMS material, random bytes and
//!   temporary credentials never appear in `Debug` or error text, as text, hex, decimal or
//!   base64.
//!
//! Regression inputs found by the fuzz targets (`fuzz/`) are kept here too.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Read;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use base64::Engine;
use datakey::hazmat::AesGcmKey;
use datakey::keyring::{
    CachingKeyring, DecryptionMaterials, EncryptedDataKey, EncryptionMaterials, Keyring,
    KmsKeyring, MultiKeyring, RawAesKeyring,
};
use datakey::kms::{
    AssumeRoleRequest, Caller, CreateKeyRequest, DecryptRequest, EncryptRequest,
    GenerateDataKeyRequest, GenerateRandomRequest, ImportKeyMaterialRequest, Origin,
    ReEncryptRequest, SessionToken,
};
use datakey::message::{
    self, AlgorithmSuite, DecryptLimits, DecryptOptions, Decryptor, EncryptOptions, Encryptor,
};
use datakey::{EncryptionContext, Error, LocalKms, SecretBytes};

const GIB: u64 = 1 << 30;
const READ_CHUNK: usize = 64 * 1024;

// ----- generated input ----------------------------------------------------------------------

/// A reader of `prefix` followed by `len` pseudo-random bytes, generated as they are read and
/// never held; counts what was read.
struct Garbage {
    prefix: Vec<u8>,
    at: usize,
    left: u64,
    state: u64,
    fill: Option<u8>,
    read: u64,
}

impl Garbage {
    fn new(prefix: Vec<u8>, len: u64) -> Self {
        Self {
            prefix,
            at: 0,
            left: len,
            state: 0x853c_49e6_748f_ea9b,
            fill: None,
            read: 0,
        }
    }

    /// Instead of random bytes, repeat `byte`.
    fn filled(mut self, byte: u8) -> Self {
        self.fill = Some(byte);
        self
    }
}

impl Read for Garbage {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let mut n = 0;
        while n < buf.len() && self.at < self.prefix.len() {
            buf[n] = self.prefix[self.at];
            self.at += 1;
            n += 1;
        }
        while n < buf.len() && self.left > 0 {
            buf[n] = match self.fill {
                Some(b) => b,
                None => {
                    self.state ^= self.state << 13;
                    self.state ^= self.state >> 7;
                    self.state ^= self.state << 17;
                    (self.state >> 24) as u8
                }
            };
            self.left -= 1;
            n += 1;
        }
        self.read += n as u64;
        Ok(n)
    }
}

fn keyring() -> RawAesKeyring {
    RawAesKeyring::new("hardening", "key", &[0x3c; 32]).unwrap()
}

/// A keyring that counts how often a decryption reached it.
#[derive(Debug)]
struct Counting {
    inner: RawAesKeyring,
    calls: AtomicUsize,
}

impl Keyring for Counting {
    fn on_encrypt(&self, materials: &mut EncryptionMaterials) -> datakey::Result<()> {
        self.inner.on_encrypt(materials)
    }
    fn on_decrypt(
        &self,
        materials: &mut DecryptionMaterials,
        edks: &[EncryptedDataKey],
    ) -> datakey::Result<()> {
        self.calls.fetch_add(1, Ordering::SeqCst);
        self.inner.on_decrypt(materials, edks)
    }
    fn offered_keys(&self) -> Vec<(String, String)> {
        self.inner.offered_keys()
    }
}

/// The header of a genuine message with this frame length.
fn genuine_header(frame_length: u32) -> Vec<u8> {
    let enc = Encryptor::new(
        &keyring(),
        EncryptOptions {
            frame_length,
            ..Default::default()
        },
    )
    .unwrap();
    let header_len = enc.header_len();
    let mut out = Vec::new();
    let mut enc = enc;
    enc.update(b"", &mut out).unwrap();
    enc.finish(&mut out).unwrap();
    out.truncate(header_len);
    out
}

/// A v2 0x0478 header prefix up to (and including) the EDK count.
fn v2_prefix(aad: &[u8], edk_count: u16) -> Vec<u8> {
    let mut m = vec![2u8, 0x04, 0x78];
    m.extend_from_slice(&[0x11; 32]);
    m.extend_from_slice(&u16::try_from(aad.len()).unwrap().to_be_bytes());
    m.extend_from_slice(aad);
    m.extend_from_slice(&edk_count.to_be_bytes());
    m
}

/// The workloads of the resource-bound tests: (name, stream, limits, the most the decryptor may
/// read before failing). Each must fail with a typed error.
fn hostile_streams() -> Vec<(&'static str, Garbage, DecryptLimits, u64)> {
    let base = DecryptLimits::default();
    let header_4k = genuine_header(4096);
    let header_4m = genuine_header(4 * 1024 * 1024);
    let (h4k, h4m) = (header_4k.len() as u64, header_4m.len() as u64);
    let chunk = READ_CHUNK as u64;
    // 16 EDKs whose three fields each claim 65 535 bytes: a 3 MiB header, over the 256 KiB limit.
    let huge_fields = v2_prefix(b"", 16);
    vec![
        (
            "1 GiB of random bytes",
            Garbage::new(Vec::new(), GIB),
            base,
            chunk,
        ),
        (
            "1 GiB of 0x02 (a v2 version byte, then nonsense)",
            Garbage::new(Vec::new(), GIB).filled(0x02),
            base,
            chunk,
        ),
        (
            "a genuine header (4 KiB frames), then 1 GiB of random bytes",
            Garbage::new(header_4k, GIB),
            base,
            h4k + 4096 + chunk,
        ),
        (
            "a genuine header (4 MiB frames), then 1 GiB of random bytes",
            Garbage::new(header_4m, GIB),
            base,
            h4m + 4 * 1024 * 1024 + 2 * chunk,
        ),
        (
            "16 EDKs of 65 535-byte fields, then 1 GiB of 0xff",
            Garbage::new(huge_fields, GIB).filled(0xff),
            base,
            base.max_header_size as u64 + chunk,
        ),
        (
            "65 535 EDKs, then 1 GiB of 0xff",
            Garbage::new(v2_prefix(b"", u16::MAX), GIB).filled(0xff),
            base,
            chunk,
        ),
        (
            "a 65 535-byte context under a 1 KiB header limit, then 1 GiB of 0x01",
            Garbage::new(vec![2, 0x04, 0x78], GIB).filled(0x01),
            DecryptLimits {
                max_header_size: 1024,
                ..base
            },
            chunk,
        ),
    ]
}

// ----- resource bounds ----------------------------------------------------------------------

#[test]
fn gigabyte_garbage_streams_fail_fast_within_one_unit() {
    let k = keyring();
    for (name, mut stream, limits, max_read) in hostile_streams() {
        let opts = DecryptOptions {
            limits,
            ..Default::default()
        };
        let r = message::decrypt_stream(&mut stream, std::io::sink(), &k, &opts);
        let e = r.expect_err(name);
        assert!(
            matches!(
                e,
                Error::Malformed(_)
                    | Error::Decryption
                    | Error::ResourceLimit(_)
                    | Error::UnsupportedVersion(_)
                    | Error::UnsupportedSuite(_)
            ),
            "{name}: {e:?}"
        );
        assert!(
            stream.read <= max_read,
            "{name}: read {} bytes before failing (allowed {max_read})",
            stream.read
        );
    }
}

#[test]
fn decryptor_buffers_at_most_one_header_or_frame_of_garbage() {
    let k: Arc<dyn Keyring> = Arc::new(keyring());
    for (name, mut stream, limits, _) in hostile_streams() {
        let bound = limits
            .max_header_size
            .max(limits.max_frame_length as usize + 40);
        let mut dec = Decryptor::new(
            k.clone(),
            DecryptOptions {
                limits,
                ..Default::default()
            },
        );
        let mut chunk = vec![0u8; 4096];
        let mut out = Vec::new();
        let mut failed = false;
        while stream.read < GIB {
            let n = stream.read(&mut chunk).unwrap();
            if dec.update(&chunk[..n], &mut out).is_err() {
                failed = true;
                break;
            }
            assert!(
                dec.buffered_len() <= bound,
                "{name}: {}",
                dec.buffered_len()
            );
        }
        assert!(failed, "{name}: a gigabyte of garbage was accepted");
        assert!(out.is_empty(), "{name}: garbage produced plaintext");
    }
}

#[test]
fn hostile_header_lengths_are_refused_before_any_key_work() {
    let counting = Counting {
        inner: keyring(),
        calls: AtomicUsize::new(0),
    };
    let opts = DecryptOptions::default();

    // 65 535 EDKs: refused as soon as the count has arrived (39 bytes).
    let m = v2_prefix(b"", u16::MAX);
    assert_eq!(m.len(), 39);
    let mut dec = Decryptor::new(Arc::new(keyring()), opts.clone());
    let e = dec.update(&m, &mut Vec::new()).unwrap_err();
    assert!(matches!(e, Error::ResourceLimit(_)), "{e:?}");
    assert!(e.to_string().contains("65535"), "{e}");

    // A header-size limit smaller than the claimed context: refused without the context.
    let mut claims = vec![2u8, 0x04, 0x78];
    claims.extend_from_slice(&[0; 32]);
    claims.extend_from_slice(&[0xff, 0xff]);
    let tight = DecryptOptions {
        limits: DecryptLimits {
            max_header_size: 1024,
            ..Default::default()
        },
        ..Default::default()
    };
    let e = message::decrypt(&claims, &counting, &tight).unwrap_err();
    assert!(matches!(e, Error::ResourceLimit(_)), "{e:?}");

    // A well-formed header declaring frames of 4 GiB - 1 bytes: refused before the keyring.
    let edk = EncryptedDataKey {
        provider_id: "hardening".into(),
        provider_info: b"key".to_vec(),
        ciphertext: vec![0; 48],
    };
    let mut h = v2_prefix(b"", 1);
    for field in [
        edk.provider_id.as_bytes(),
        &edk.provider_info,
        &edk.ciphertext,
    ] {
        h.extend_from_slice(&u16::try_from(field.len()).unwrap().to_be_bytes());
        h.extend_from_slice(field);
    }
    h.push(2);
    h.extend_from_slice(&u32::MAX.to_be_bytes());
    h.extend_from_slice(&[0; 32 + 16]);
    let e = message::decrypt(&h, &counting, &opts).unwrap_err();
    assert!(matches!(e, Error::ResourceLimit(_)), "{e:?}");
    assert!(e.to_string().contains("4294967295"), "{e}");

    // More plaintext than max_body_size: refused at the frame that crosses it.
    let ct = message::encrypt(
        &[7u8; 1000],
        &keyring(),
        &EncryptOptions {
            frame_length: 256,
            ..Default::default()
        },
    )
    .unwrap();
    let small_body = DecryptOptions {
        limits: DecryptLimits {
            max_body_size: 600,
            ..Default::default()
        },
        ..Default::default()
    };
    let mut out = Vec::new();
    let mut dec = Decryptor::new(Arc::new(keyring()), small_body);
    let e = dec.update(&ct, &mut out).unwrap_err();
    assert!(matches!(e, Error::ResourceLimit(_)), "{e:?}");
    assert_eq!(
        out.len(),
        512,
        "the frames within the limit were released, no more"
    );

    assert_eq!(
        counting.calls.load(Ordering::SeqCst),
        0,
        "a hostile header reached the keyring"
    );
}

/// The peak resident set (`VmHWM`) of this process, in KiB.
#[cfg(target_os = "linux")]
fn peak_rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .expect("VmHWM in /proc/self/status");
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

/// Runs the hostile streams in a child process (this test binary, re-run with an environment
/// variable) and checks that its peak RSS grew by less than a fixed budget: one 4 MiB frame,
/// one read chunk and the 256 KiB header limit, with room for the allocator.
#[cfg(target_os = "linux")]
#[test]
fn gigabyte_garbage_streams_stay_within_a_fixed_memory_budget() {
    const CHILD: &str = "DATAKEY_HARDENING_RSS_CHILD";
    const BUDGET_KIB: u64 = 16 * 1024;
    if std::env::var_os(CHILD).is_some() {
        // Child: warm up (allocator, key schedule), measure, run every workload, measure again.
        let k = keyring();
        let _ = message::decrypt(&genuine_header(16), &k, &DecryptOptions::default());
        let before = peak_rss_kib();
        for (name, mut stream, limits, _) in hostile_streams() {
            let opts = DecryptOptions {
                limits,
                ..Default::default()
            };
            assert!(
                message::decrypt_stream(&mut stream, std::io::sink(), &k, &opts).is_err(),
                "{name}"
            );
        }
        let after = peak_rss_kib();
        println!("RSS-PEAK-KIB before={before} after={after}");
        return;
    }
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "gigabyte_garbage_streams_stay_within_a_fixed_memory_budget",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD, "1")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "child failed: {stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let line = stdout
        .lines()
        .find_map(|l| l.find("RSS-PEAK-KIB").map(|i| &l[i..]))
        .unwrap_or_else(|| panic!("no measurement from the child: {stdout}"));
    let field = |name: &str| -> u64 {
        line.split_whitespace()
            .find_map(|w| w.strip_prefix(name))
            .unwrap()
            .parse()
            .unwrap()
    };
    let (before, after) = (field("before="), field("after="));
    let grew = after.saturating_sub(before);
    println!("peak RSS grew by {grew} KiB over 7 hostile streams of 1 GiB each");
    assert!(
        grew < BUDGET_KIB,
        "peak RSS grew by {grew} KiB (budget {BUDGET_KIB} KiB)"
    );
}

// ----- tamper uniformity --------------------------------------------------------------------

/// Two keyrings with the same names: the right key bytes, and wrong ones.
fn right_and_wrong() -> (MultiKeyring, MultiKeyring) {
    let make = |k256: u8, k128: u8| {
        let a: Arc<dyn Keyring> = Arc::new(RawAesKeyring::new("ns", "k256", &[k256; 32]).unwrap());
        let b: Arc<dyn Keyring> = Arc::new(RawAesKeyring::new("ns", "k128", &[k128; 16]).unwrap());
        MultiKeyring::new(Some(a), vec![b]).unwrap()
    };
    (make(1, 2), make(3, 4))
}

fn show(r: &datakey::Result<message::Decrypted>) -> (String, String, String) {
    match r {
        Ok(_) => panic!("a tampered message decrypted"),
        Err(e) => (e.name().to_owned(), e.to_string(), e.message()),
    }
}

#[test]
fn header_tampering_fails_the_same_way_under_the_right_and_a_wrong_key() {
    let (right, wrong) = right_and_wrong();
    let ec = EncryptionContext::from_iter([("tenant", "acme"), ("purpose", "hardening")]);
    let ct = message::encrypt(
        &[9u8; 100],
        &right,
        &EncryptOptions {
            encryption_context: ec.clone(),
            frame_length: 32,
            ..Default::default()
        },
    )
    .unwrap();
    let header_len = message::decrypt(&ct, &right, &DecryptOptions::default())
        .unwrap()
        .header
        .header_len;
    let opts = DecryptOptions::default();
    // Untampered, under the wrong key: the opaque failure.
    let e = message::decrypt(&ct, &wrong, &opts).unwrap_err();
    assert!(matches!(e, Error::Decryption), "{e:?}");
    let mut kinds = std::collections::BTreeMap::<String, usize>::new();
    for byte in 0..header_len {
        for bit in 0..8 {
            let mut m = ct.clone();
            m[byte] ^= 1 << bit;
            let a = show(&message::decrypt(&m, &right, &opts));
            let b = show(&message::decrypt(&m, &wrong, &opts));
            assert_eq!(
                a, b,
                "bit {bit} of header byte {byte}: the error depends on the key"
            );
            *kinds.entry(a.0).or_default() += 1;
        }
    }
    // Most flips land in authenticated bytes (message ID, EDK ciphertexts, commitment key, tag).
    let opaque = kinds.get("DecryptionError").copied().unwrap_or(0);
    assert!(opaque * 2 > header_len * 8, "{kinds:?}");
}

#[test]
fn body_tampering_in_authenticated_bytes_is_always_the_opaque_error() {
    let k = keyring();
    let f = 32usize;
    let pt = vec![0x42u8; 3 * f + 10];
    let ct = message::encrypt(
        &pt,
        &k,
        &EncryptOptions {
            frame_length: f as u32,
            ..Default::default()
        },
    )
    .unwrap();
    let opts = DecryptOptions::default();
    let header_len = message::decrypt(&ct, &k, &opts).unwrap().header.header_len;
    // Regular frame: seq(4) IV(12) ciphertext(f) tag(16); final: marker(4) seq(4) IV(12) len(4)
    // ciphertext tag(16). The ciphertext and tag bytes are the authenticated-only ones.
    let mut authenticated = Vec::new();
    let mut at = header_len;
    for _ in 0..3 {
        authenticated.extend(at + 16..at + 16 + f + 16);
        at += 32 + f;
    }
    authenticated.extend(at + 24..ct.len());
    assert_eq!(ct.len() - at, 40 + 10);
    let reference = Error::Decryption;
    for byte in header_len..ct.len() {
        for bit in 0..8 {
            let mut m = ct.clone();
            m[byte] ^= 1 << bit;
            let e = message::decrypt(&m, &k, &opts).unwrap_err();
            if authenticated.contains(&byte) {
                assert!(matches!(e, Error::Decryption), "byte {byte}: {e:?}");
                assert_eq!(e.to_string(), reference.to_string());
                assert_eq!(format!("{e:?}"), format!("{reference:?}"));
                assert!(e.message().is_empty());
            } else {
                // Framing fields (sequence numbers, IVs, the final marker and length) are public
                // structure: malformed, or the opaque error when the change shifts a tag.
                assert!(
                    matches!(e, Error::Malformed(_) | Error::Decryption),
                    "byte {byte}: {e:?}"
                );
            }
        }
    }
}

#[test]
fn kms_blob_tampering_and_wrong_contexts_are_uniformly_invalid_ciphertext() {
    let kms = LocalKms::new();
    let key = kms
        .create_key(CreateKeyRequest::default())
        .unwrap()
        .key_metadata
        .key_id;
    let ec = EncryptionContext::from_iter([("purpose", "hardening")]);
    let blob = kms
        .generate_data_key(GenerateDataKeyRequest {
            key_id: key.clone(),
            number_of_bytes: Some(32),
            encryption_context: ec.clone(),
            ..Default::default()
        })
        .unwrap()
        .ciphertext_blob;
    let reference = Error::InvalidCiphertext;
    let check = |e: Error, what: &str| {
        assert!(matches!(e, Error::InvalidCiphertext), "{what}: {e:?}");
        assert_eq!(e.to_string(), reference.to_string(), "{what}");
        assert_eq!(format!("{e:?}"), format!("{reference:?}"), "{what}");
        assert!(e.message().is_empty(), "{what}");
    };
    for byte in 0..blob.len() {
        for bit in 0..8 {
            let mut b = blob.clone();
            b[byte] ^= 1 << bit;
            let what = format!("bit {bit} of byte {byte}");
            check(
                kms.decrypt(DecryptRequest {
                    ciphertext_blob: b.clone(),
                    encryption_context: ec.clone(),
                    ..Default::default()
                })
                .unwrap_err(),
                &what,
            );
            check(
                kms.re_encrypt(ReEncryptRequest {
                    ciphertext_blob: b,
                    source_encryption_context: ec.clone(),
                    destination_key_id: key.clone(),
                    ..Default::default()
                })
                .unwrap_err(),
                &what,
            );
        }
    }
    for wrong in [
        EncryptionContext::new(),
        EncryptionContext::from_iter([("purpose", "hardeninG")]),
        EncryptionContext::from_iter([("purpos", "ehardening")]),
        EncryptionContext::from_iter([("purpose", "hardening"), ("extra", "")]),
    ] {
        check(
            kms.decrypt(DecryptRequest {
                ciphertext_blob: blob.clone(),
                encryption_context: wrong.clone(),
                ..Default::default()
            })
            .unwrap_err(),
            &format!("{wrong:?}"),
        );
    }
    for len in 1..blob.len() {
        check(
            kms.decrypt(DecryptRequest {
                ciphertext_blob: blob[..len].to_vec(),
                encryption_context: ec.clone(),
                ..Default::default()
            })
            .unwrap_err(),
            &format!("truncated to {len}"),
        );
    }
}

// ----- secret hygiene -----------------------------------------------------------------------

/// Every way a secret could be printed: as text (for textual secrets such as credentials), hex
/// (both cases), decimal as `Debug` prints byte slices,
/// and base64 (standard and URL-safe, with and without padding), for the whole secret and for
/// every 8-byte window (hex, decimal) or every aligned 12-character base64 group.
fn renderings(secret: &[u8]) -> Vec<String> {
    assert!(secret.len() >= 8);
    let mut out = Vec::new();
    for w in secret.windows(8) {
        if let Ok(text) = std::str::from_utf8(w) {
            out.push(text.to_owned());
        }
        out.push(hex::encode(w));
        out.push(hex::encode_upper(w));
        out.push(w.iter().map(u8::to_string).collect::<Vec<_>>().join(", "));
    }
    let engines = [
        base64::engine::general_purpose::STANDARD,
        base64::engine::general_purpose::STANDARD_NO_PAD,
        base64::engine::general_purpose::URL_SAFE,
        base64::engine::general_purpose::URL_SAFE_NO_PAD,
    ];
    for engine in engines {
        out.push(engine.encode(secret));
        for shift in 0..3 {
            let encoded = engine.encode(&secret[shift..]);
            let chars: Vec<char> = encoded.chars().collect();
            for group in chars.chunks(4).collect::<Vec<_>>().windows(3) {
                out.push(group.iter().flat_map(|g| g.iter()).collect());
            }
        }
    }
    out
}

/// The first rendering of `secret` that `text` contains.
fn find_secret(text: &str, secret: &[u8]) -> Option<String> {
    renderings(secret).into_iter().find(|r| text.contains(r))
}

#[track_caller]
fn assert_hidden(text: &str, secret: &[u8], what: &str) {
    if let Some(r) = find_secret(text, secret) {
        panic!("{what} shows key material ({r}) in: {text}");
    }
}

fn error_texts(e: &Error) -> String {
    format!("{e} | {e:?} | {} | {}", e.name(), e.message())
}

#[test]
fn no_key_material_in_debug_or_errors() {
    // Random secrets, so no fixed pattern can hide in ordinary output by accident.
    let wrapping = SecretBytes::random(32).unwrap();
    let wrapping128 = SecretBytes::random(16).unwrap();
    let raw = RawAesKeyring::new("ns", "key", wrapping.expose_secret()).unwrap();
    let raw128 = RawAesKeyring::new("ns", "key128", wrapping128.expose_secret()).unwrap();
    // The detector itself: each usual way of printing the key is caught.
    for leak in [
        format!("{:?}", wrapping.expose_secret()),
        hex::encode(wrapping.expose_secret()),
        base64::engine::general_purpose::STANDARD.encode(wrapping.expose_secret()),
        format!(
            "x{}y",
            base64::engine::general_purpose::URL_SAFE_NO_PAD
                .encode(&wrapping.expose_secret()[1..20])
        ),
    ] {
        assert!(
            find_secret(&leak, wrapping.expose_secret()).is_some(),
            "the detector missed {leak}"
        );
    }
    let mut texts: Vec<(String, String)> = Vec::new();
    let mut secrets: Vec<(&str, Vec<u8>)> = vec![
        ("raw AES wrapping key", wrapping.expose_secret().to_vec()),
        (
            "raw AES-128 wrapping key",
            wrapping128.expose_secret().to_vec(),
        ),
    ];
    texts.push((
        "SecretBytes".into(),
        format!("{wrapping:?} {wrapping128:?}"),
    ));
    texts.push(("RawAesKeyring".into(), format!("{raw:?} {raw128:?}")));
    for backend in datakey::hazmat::AeadBackend::ALL
        .iter()
        .map(|&b| AesGcmKey::with_backend(b, wrapping.expose_secret()).unwrap())
    {
        texts.push(("AesGcmKey".into(), format!("{backend:?}")));
    }

    // A message's data key, through the materials that carry it.
    let mut enc_mat =
        EncryptionMaterials::new(AlgorithmSuite::DEFAULT, EncryptionContext::new()).unwrap();
    raw.on_encrypt(&mut enc_mat).unwrap();
    let data_key = enc_mat.data_key().unwrap().expose_secret().to_vec();
    secrets.push(("message data key", data_key));
    texts.push(("EncryptionMaterials".into(), format!("{enc_mat:?}")));
    let mut dec_mat =
        DecryptionMaterials::new(AlgorithmSuite::DEFAULT, EncryptionContext::new()).unwrap();
    raw.on_decrypt(&mut dec_mat, enc_mat.encrypted_data_keys())
        .unwrap();
    assert!(dec_mat.data_key().is_some());
    texts.push(("DecryptionMaterials".into(), format!("{dec_mat:?}")));
    texts.push((
        "EncryptedDataKey".into(),
        format!("{:?}", enc_mat.encrypted_data_keys()),
    ));

    // Streaming state holding derived keys.
    let multi = MultiKeyring::new(
        Some(Arc::new(
            RawAesKeyring::new("ns", "key", wrapping.expose_secret()).unwrap(),
        )),
        vec![Arc::new(raw128)],
    )
    .unwrap();
    let enc = Encryptor::new(&multi, EncryptOptions::default()).unwrap();
    texts.push(("Encryptor".into(), format!("{enc:?}")));
    let ct = message::encrypt(b"hygiene", &multi, &EncryptOptions::default()).unwrap();
    let mut dec = Decryptor::new(Arc::new(multi), DecryptOptions::default());
    let mut out = Vec::new();
    dec.update(&ct[..ct.len() - 1], &mut out).unwrap();
    texts.push(("Decryptor (mid-message)".into(), format!("{dec:?}")));
    let decrypted = message::decrypt(&ct, &raw, &DecryptOptions::default()).unwrap();
    texts.push(("Decrypted".into(), format!("{decrypted:?}")));

    // KMS: generated material (via its data keys), imported material, random bytes.
    let kms = LocalKms::new();
    let key = kms
        .create_key(CreateKeyRequest::default())
        .unwrap()
        .key_metadata;
    let dk = kms
        .generate_data_key(GenerateDataKeyRequest {
            key_id: key.key_id.clone(),
            number_of_bytes: Some(32),
            ..Default::default()
        })
        .unwrap();
    secrets.push(("KMS data key", dk.plaintext.expose_secret().to_vec()));
    texts.push(("GenerateDataKeyResponse".into(), format!("{dk:?}")));
    let back = kms
        .decrypt(DecryptRequest {
            ciphertext_blob: dk.ciphertext_blob.clone(),
            ..Default::default()
        })
        .unwrap();
    texts.push(("DecryptResponse".into(), format!("{back:?}")));
    let imported = SecretBytes::random(32).unwrap();
    secrets.push(("imported KMS material", imported.expose_secret().to_vec()));
    let ext = kms
        .create_key(CreateKeyRequest {
            origin: Some(Origin::External),
            ..Default::default()
        })
        .unwrap()
        .key_metadata;
    let import = ImportKeyMaterialRequest {
        key_id: ext.key_id.clone(),
        key_material: Some(SecretBytes::copy_from_slice(imported.expose_secret())),
        ..Default::default()
    };
    texts.push(("ImportKeyMaterialRequest".into(), format!("{import:?}")));
    let imported_resp = kms.import_key_material(import).unwrap();
    texts.push((
        "ImportKeyMaterialResponse".into(),
        format!("{imported_resp:?}"),
    ));
    let random = kms
        .generate_random(GenerateRandomRequest {
            number_of_bytes: Some(32),
        })
        .unwrap();
    secrets.push((
        "GenerateRandom bytes",
        random.plaintext.expose_secret().to_vec(),
    ));
    texts.push(("GenerateRandomResponse".into(), format!("{random:?}")));
    let enc_req = EncryptRequest {
        key_id: key.key_id.clone(),
        plaintext: SecretBytes::copy_from_slice(imported.expose_secret()),
        ..Default::default()
    };
    texts.push(("EncryptRequest".into(), format!("{enc_req:?}")));
    kms.encrypt(enc_req).unwrap();
    let kms_keyring = KmsKeyring::new(kms.clone(), key.arn.clone()).unwrap();
    texts.push(("KmsKeyring".into(), format!("{kms_keyring:?}")));
    texts.push(("LocalKms".into(), format!("{kms:?}")));

    // Temporary credentials: the secret access key and the session token, also in the errors
    // of a session used after it expired.
    let clock = datakey::ManualClock::new(std::time::SystemTime::now());
    let sts = LocalKms::builder()
        .clock(Arc::new(clock.clone()))
        .build()
        .unwrap();
    let session = sts
        .assume_role(AssumeRoleRequest {
            role_arn: "arn:aws:iam::111122223333:role/app".into(),
            role_session_name: "hygiene".into(),
            duration_seconds: Some(900),
        })
        .unwrap();
    secrets.push((
        "secret access key",
        session
            .credentials
            .secret_access_key
            .expose_secret()
            .to_vec(),
    ));
    secrets.push((
        "session token",
        session.credentials.session_token.as_bytes().to_vec(),
    ));
    let caller = Caller::from_assume_role(&session);
    texts.push(("AssumeRoleResponse".into(), format!("{session:?}")));
    texts.push(("Caller".into(), format!("{caller:?}")));
    let worker = sts.as_caller(caller).unwrap();
    texts.push(("LocalKms (as a session)".into(), format!("{worker:?}")));
    clock.advance(std::time::Duration::from_secs(901));
    let expired = worker.create_key(CreateKeyRequest::default()).unwrap_err();
    let forged = sts
        .as_caller(Caller {
            session: Some(SessionToken {
                access_key_id: session.credentials.access_key_id.clone(),
                session_token: "forged".into(),
            }),
            ..Caller::from_assume_role(&session)
        })
        .unwrap()
        .create_key(CreateKeyRequest::default())
        .unwrap_err();

    // A caching keyring holding a data key.
    let caching = CachingKeyring::builder(
        Arc::new(RawAesKeyring::new("ns", "key", wrapping.expose_secret()).unwrap()),
        std::time::Duration::from_secs(300),
    )
    .build()
    .unwrap();
    let mut cached =
        EncryptionMaterials::new(AlgorithmSuite::DEFAULT, EncryptionContext::new()).unwrap();
    caching
        .for_plaintext_len(10)
        .on_encrypt(&mut cached)
        .unwrap();
    secrets.push((
        "cached data key",
        cached.data_key().unwrap().expose_secret().to_vec(),
    ));
    assert_eq!(caching.cache().len(), 1, "the data key is cached");
    texts.push(("CachingKeyring".into(), format!("{caching:?}")));
    texts.push(("DataKeyCache".into(), format!("{:?}", caching.cache())));

    // Errors from every failing path that handles these keys.
    let (_, wrong) = right_and_wrong();
    let mut errors = vec![
        message::decrypt(&ct, &wrong, &DecryptOptions::default()).unwrap_err(),
        message::decrypt(&ct[..ct.len() - 1], &raw, &DecryptOptions::default()).unwrap_err(),
        message::decrypt(
            &ct,
            &raw,
            &DecryptOptions {
                encryption_context: EncryptionContext::from_iter([("x", "y")]),
                ..Default::default()
            },
        )
        .unwrap_err(),
        RawAesKeyring::new("ns", "key", &wrapping.expose_secret()[..31]).unwrap_err(),
        AesGcmKey::new(&wrapping.expose_secret()[..20]).unwrap_err(),
        kms.decrypt(DecryptRequest {
            ciphertext_blob: dk.ciphertext_blob[..50].to_vec(),
            ..Default::default()
        })
        .unwrap_err(),
        kms.import_key_material(ImportKeyMaterialRequest {
            key_id: ext.key_id.clone(),
            key_material: Some(SecretBytes::random(32).unwrap()),
            ..Default::default()
        })
        .unwrap_err(),
        kms.import_key_material(ImportKeyMaterialRequest {
            key_id: ext.key_id.clone(),
            key_material: Some(SecretBytes::copy_from_slice(
                &imported.expose_secret()[..31],
            )),
            ..Default::default()
        })
        .unwrap_err(),
        kms.encrypt(EncryptRequest {
            key_id: key.key_id.clone(),
            plaintext: SecretBytes::random(5000).unwrap(),
            ..Default::default()
        })
        .unwrap_err(),
    ];
    errors.push(expired);
    errors.push(forged);
    let mut materials =
        EncryptionMaterials::new(AlgorithmSuite::DEFAULT, EncryptionContext::new()).unwrap();
    materials
        .set_data_key(SecretBytes::copy_from_slice(dk.plaintext.expose_secret()))
        .unwrap();
    errors.push(
        materials
            .set_data_key(SecretBytes::copy_from_slice(dk.plaintext.expose_secret()))
            .unwrap_err(),
    );
    let mut m16 =
        EncryptionMaterials::new(AlgorithmSuite::DEFAULT, EncryptionContext::new()).unwrap();
    errors.push(
        m16.set_data_key(SecretBytes::copy_from_slice(
            &wrapping.expose_secret()[..16],
        ))
        .unwrap_err(),
    );
    for e in &errors {
        texts.push((format!("error {}", e.name()), error_texts(e)));
    }

    for (what, text) in &texts {
        for (name, secret) in &secrets {
            assert_hidden(text, secret, &format!("{what} ({name})"));
        }
    }
}
