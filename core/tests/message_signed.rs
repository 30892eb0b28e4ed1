//! Signed messages (suite 0x0578, ECDSA P-384): every encrypt path against every decrypt path, the
//! footer's layout, the final frame held back by the streaming decryptor, and a typed error for
//! every way a signature or its key can be wrong. (The official signed vectors are in
//! `esdk_vectors.rs`; live round trips with the official SDKs in `interop_live.rs`.)

#![allow(clippy::unwrap_used)]

mod common;

use std::sync::Arc;

use common::ecdsa_der;

use base64::Engine;
use datakey::hazmat::sign::{SignatureAlgorithm, SigningKey};
use datakey::keyring::{Keyring, RawAesKeyring};
use datakey::message::{
    self, AlgorithmSuite, CommitmentPolicy, DecryptOptions, Decryptor, EncryptOptions, Encryptor,
};
use datakey::{EncryptionContext, Error};

const PUBLIC_KEY: &str = "aws-crypto-public-key";
/// 2-byte length + a 103-byte DER signature.
const FOOTER: usize = 105;

fn keyring() -> Arc<dyn Keyring> {
    Arc::new(RawAesKeyring::new("ns", "signing-test", &[0x33; 32]).unwrap())
}

fn signed(frame_length: u32, ec: &EncryptionContext) -> EncryptOptions {
    EncryptOptions {
        encryption_context: ec.clone(),
        frame_length,
        algorithm_suite: AlgorithmSuite::SIGNED,
        ..Default::default()
    }
}

fn dopts(ec: &EncryptionContext) -> DecryptOptions {
    DecryptOptions {
        encryption_context: ec.clone(),
        ..Default::default()
    }
}

fn pattern(n: usize) -> Vec<u8> {
    (0..n).map(|i| (i * 31 + 7) as u8).collect()
}

/// The four ways to encrypt, all producing a signed message of `opts`.
fn encrypt_all_ways(pt: &[u8], k: &dyn Keyring, opts: &EncryptOptions) -> Vec<Vec<u8>> {
    let one_shot = message::encrypt(pt, k, opts).unwrap();
    let enc = Encryptor::new(k, opts.clone()).unwrap();
    let mut to_slice = vec![0u8; enc.message_len(pt.len() as u64) as usize];
    enc.encrypt_to_slice(pt, &mut to_slice).unwrap();
    let mut in_place = pt.to_vec();
    message::encrypt_in_place(&mut in_place, k, opts).unwrap();
    let mut streamed = Vec::new();
    let mut enc = Encryptor::new(k, opts.clone()).unwrap();
    for chunk in pt.chunks(1000) {
        enc.update(chunk, &mut streamed).unwrap();
    }
    enc.finish(&mut streamed).unwrap();
    vec![one_shot, to_slice, in_place, streamed]
}

/// The four ways to decrypt; each returns the plaintext or the error's name.
fn decrypt_all_ways(
    ct: &[u8],
    k: &Arc<dyn Keyring>,
    opts: &DecryptOptions,
) -> [Result<Vec<u8>, &'static str>; 4] {
    let one_shot = message::decrypt(ct, k.as_ref(), opts)
        .map(|d| d.plaintext.to_vec())
        .map_err(|e| e.name());
    let to_slice = message::open(ct, k.as_ref(), opts)
        .and_then(|o| {
            let mut out = vec![0u8; o.plaintext_len()];
            o.decrypt_to_slice(&mut out).map(|_| out)
        })
        .map_err(|e| e.name());
    let mut buf = ct.to_vec();
    let in_place = message::decrypt_in_place(&mut buf, k.as_ref(), opts)
        .map(|_| buf)
        .map_err(|e| e.name());
    let mut dec = Decryptor::new(k.clone(), opts.clone());
    let mut out = Vec::new();
    let streamed = ct
        .chunks(333)
        .try_for_each(|c| dec.update(c, &mut out))
        .and_then(|()| dec.finish())
        .map(|_| out)
        .map_err(|e| e.name());
    [one_shot, to_slice, in_place, streamed]
}

fn assert_refused(ct: &[u8], k: &Arc<dyn Keyring>, opts: &DecryptOptions, want: &str, what: &str) {
    for (i, r) in decrypt_all_ways(ct, k, opts).iter().enumerate() {
        assert_eq!(r.as_ref().err(), Some(&want), "{what}: path {i}");
    }
}

/// The header's length (the decryptor reports it).
fn header_len(ct: &[u8], k: &dyn Keyring, ec: &EncryptionContext) -> usize {
    message::decrypt(ct, k, &dopts(ec))
        .unwrap()
        .header
        .header_len
}

#[test]
fn every_encrypt_path_reads_in_every_decrypt_path() {
    let k = keyring();
    let ec = EncryptionContext::from_iter([("tenant", "acme")]);
    for (size, frame) in [
        (0usize, 16u32),
        (1, 16),
        (16, 16),
        (17, 16),
        (4095, 4096),
        (4096, 4096),
        (10_000, 1024),
        (300_001, 65_536),
    ] {
        let pt = pattern(size);
        let opts = signed(frame, &ec);
        let expected = Encryptor::new(k.as_ref(), opts.clone())
            .unwrap()
            .message_len(size as u64) as usize;
        let messages = encrypt_all_ways(&pt, k.as_ref(), &opts);
        let mut keys = Vec::new();
        for (e, ct) in messages.iter().enumerate() {
            let what = format!("size {size} frame {frame} encrypt path {e}");
            assert_eq!(ct.len(), expected, "{what}");
            assert_eq!(&ct[1..3], &[0x05, 0x78], "{what}");
            // The footer: 00 67 then a 103-byte DER SEQUENCE.
            let footer = &ct[ct.len() - FOOTER..];
            assert_eq!(&footer[..3], &[0x00, 0x67, 0x30], "{what}");
            for (d, r) in decrypt_all_ways(ct, &k, &dopts(&ec)).iter().enumerate() {
                assert_eq!(r.as_ref().unwrap(), &pt, "{what} decrypt path {d}");
            }
            let d = message::decrypt(ct, k.as_ref(), &dopts(&ec)).unwrap();
            assert_eq!(d.header.suite_id, 0x0578);
            assert_eq!(d.header.encryption_context.get("tenant"), Some("acme"));
            let key = d.header.encryption_context.get(PUBLIC_KEY).unwrap();
            let point = base64::engine::general_purpose::STANDARD
                .decode(key)
                .unwrap();
            assert_eq!(point.len(), 49, "{what}");
            assert!(matches!(point[0], 2 | 3));
            keys.push(key.to_owned());
            // The size formula: the unsigned one, plus 93 bytes of context, plus the footer.
            let unsigned = 92
                + ec.serialized_len()
                + 74
                + "ns".len()
                + "signing-test".len()
                + 32 * (size / frame as usize)
                + 40
                + size;
            assert_eq!(ct.len(), unsigned + 93 + FOOTER, "{what}");
        }
        // A fresh key pair for every message.
        keys.sort();
        keys.dedup();
        assert_eq!(keys.len(), messages.len());
    }
}

/// A reader that hands out at most 16 bytes per call.
struct Trickle<'a>(&'a [u8]);

impl std::io::Read for Trickle<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = buf.len().min(16).min(self.0.len());
        buf[..n].copy_from_slice(&self.0[..n]);
        self.0 = &self.0[n..];
        Ok(n)
    }
}

#[test]
fn a_streaming_decrypt_holds_the_final_frame_until_the_signature_verifies() {
    let k = keyring();
    let ec = EncryptionContext::new();
    let pt = pattern(100);
    let ct = message::encrypt(&pt, k.as_ref(), &signed(32, &ec)).unwrap();
    let body_end = ct.len() - FOOTER;
    // Everything but the footer: the regular frames are out, the final frame is not.
    let mut dec = Decryptor::new(k.clone(), dopts(&ec));
    let mut out = Vec::new();
    dec.update(&ct[..body_end], &mut out).unwrap();
    assert_eq!(out, &pt[..96]);
    // The footer, a byte at a time: the last frame comes with the footer's last byte.
    for (i, b) in ct[body_end..].iter().enumerate() {
        dec.update(std::slice::from_ref(b), &mut out).unwrap();
        if i + 1 < FOOTER {
            assert_eq!(out.len(), 96);
        }
    }
    assert_eq!(out, pt);
    assert_eq!(dec.finish().unwrap().suite_id, 0x0578);

    // A message that ends before its footer: the final frame never comes out.
    let mut dec = Decryptor::new(k.clone(), dopts(&ec));
    let mut out = Vec::new();
    dec.update(&ct[..body_end + 50], &mut out).unwrap();
    assert_eq!(out.len(), 96);
    let e = dec.finish().unwrap_err();
    assert!(matches!(e, Error::Malformed(_)), "{e}");

    // A bad signature: the final frame never comes out either.
    let mut bad = ct.clone();
    let last = bad.len() - 1;
    bad[last] ^= 1;
    let mut written = Vec::new();
    let e = message::decrypt_stream(Trickle(&bad[..]), &mut written, k.as_ref(), &dopts(&ec))
        .unwrap_err();
    assert!(matches!(e, Error::Decryption), "{e}");
    assert_eq!(written, &pt[..96]);
    let mut written = Vec::new();
    message::decrypt_stream(&ct[..], &mut written, k.as_ref(), &dopts(&ec)).unwrap();
    assert_eq!(written, pt);
}

#[test]
fn every_bit_flip_and_truncation_is_refused_by_every_path() {
    let k = keyring();
    let ec = EncryptionContext::from_iter([("k", "v")]);
    let ct = message::encrypt(&pattern(40), k.as_ref(), &signed(16, &ec)).unwrap();
    let opts = dopts(&ec);
    for bit in 0..ct.len() * 8 {
        let mut bad = ct.clone();
        bad[bit / 8] ^= 1 << (bit % 8);
        for (i, r) in decrypt_all_ways(&bad, &k, &opts).iter().enumerate() {
            assert!(r.is_err(), "bit {bit}: path {i} accepted");
        }
    }
    for len in 0..ct.len() {
        for (i, r) in decrypt_all_ways(&ct[..len], &k, &opts).iter().enumerate() {
            let e = r.as_ref().err().copied();
            assert!(
                matches!(e, Some("MalformedMessageError" | "DecryptionError")),
                "truncated to {len}: path {i}: {e:?}"
            );
        }
    }
    // A flip inside the signature is an authentication failure; a cut footer is malformed.
    let mut bad = ct.clone();
    bad[ct.len() - 10] ^= 0x40;
    assert_refused(&bad, &k, &opts, "DecryptionError", "signature bit");
    assert_refused(
        &ct[..ct.len() - FOOTER],
        &k,
        &opts,
        "MalformedMessageError",
        "no footer",
    );
    assert_refused(
        &ct[..ct.len() - 1],
        &k,
        &opts,
        "MalformedMessageError",
        "footer cut",
    );
    assert_refused(
        &[&ct[..], &[0]].concat(),
        &k,
        &opts,
        "MalformedMessageError",
        "a byte after the footer",
    );
}

#[test]
fn a_message_re_signed_by_another_key_is_refused() {
    let k = keyring();
    let ec = EncryptionContext::new();
    let ct = message::encrypt(b"signed by the writer", k.as_ref(), &signed(4096, &ec)).unwrap();
    let body = &ct[..ct.len() - FOOTER];
    // Someone who can read the message (and so could forge its frames) signs it with a key of
    // their own: the header names the writer's key, so it fails.
    let mut forger = SigningKey::generate(SignatureAlgorithm::EcdsaP384Sha384).unwrap();
    forger.update(body);
    let sig = forger.sign().unwrap();
    let mut forged = body.to_vec();
    forged.extend_from_slice(&(sig.len() as u16).to_be_bytes());
    forged.extend_from_slice(&sig);
    assert_eq!(forged.len(), ct.len());
    assert_refused(&forged, &k, &dopts(&ec), "DecryptionError", "re-signed");
    // And the footer of another message by the same writer's keyring does not fit either.
    let other = message::encrypt(b"signed by the writer", k.as_ref(), &signed(4096, &ec)).unwrap();
    let swapped = [body, &other[other.len() - FOOTER..]].concat();
    assert_refused(
        &swapped,
        &k,
        &dopts(&ec),
        "DecryptionError",
        "footer swapped",
    );
}

fn with_signature(ct: &[u8], sig: &[u8]) -> Vec<u8> {
    ecdsa_der::with_signature(ct, FOOTER - 2, sig)
}

#[test]
fn signature_encodings_are_judged_as_the_official_sdks_judge_them() {
    // ESDK-Python 4.0.7 and @aws-crypto/client-node 5.0.2 (OpenSSL) accept a high-S signature
    // (ESDK-Python writes them: it negates s to reach 103 bytes) and any DER length, and refuse
    // non-strict DER; interop_live.rs checks the same variants against both SDKs.
    let k = keyring();
    let ec = EncryptionContext::new();
    let opts = dopts(&ec);
    let ct = message::encrypt(b"encodings", k.as_ref(), &signed(4096, &ec)).unwrap();
    let sig = ct[ct.len() - FOOTER + 2..].to_vec();
    let (r, s) = ecdsa_der::parse(&sig);
    assert_eq!(ecdsa_der::encode(&r, &s), sig);
    let twin = ecdsa_der::encode(&r, &ecdsa_der::p384_negate(&s));
    assert_ne!(twin, sig);
    assert_ne!(
        ecdsa_der::p384_is_high(&s),
        ecdsa_der::p384_is_high(&ecdsa_der::p384_negate(&s))
    );
    for (i, r) in decrypt_all_ways(&with_signature(&ct, &twin), &k, &opts)
        .iter()
        .enumerate()
    {
        assert_eq!(r.as_ref().unwrap(), b"encodings", "n - s, path {i}");
    }
    // Not strict DER (a long-form length, a zero-padded integer, a byte inside the SEQUENCE), or
    // strict DER of the wrong values.
    for (what, bad) in ecdsa_der::defective(&sig) {
        assert_refused(
            &with_signature(&ct, &bad),
            &k,
            &opts,
            "DecryptionError",
            what,
        );
    }
    // A length no P-384 DER signature has is malformed before anything is verified.
    for len in [0usize, 7, 105, 300] {
        let bad = vec![0x30u8; len];
        assert_refused(
            &with_signature(&ct, &bad),
            &k,
            &opts,
            "MalformedMessageError",
            &format!("{len}-byte signature"),
        );
    }
}

/// `ct` with its header's `aws-crypto-public-key` value replaced by `value` (same length).
fn with_public_key(ct: &[u8], value: &str) -> Vec<u8> {
    let d = message::decrypt(ct, keyring().as_ref(), &DecryptOptions::default()).unwrap();
    let old = d
        .header
        .encryption_context
        .get(PUBLIC_KEY)
        .unwrap()
        .to_owned();
    assert_eq!(old.len(), value.len());
    let at = ct
        .windows(old.len())
        .position(|w| w == old.as_bytes())
        .unwrap();
    let mut m = ct.to_vec();
    m[at..at + old.len()].copy_from_slice(value.as_bytes());
    m
}

#[test]
fn verification_keys_are_checked_before_any_key_is_used() {
    let k = keyring();
    let opts = DecryptOptions::default();
    let ct = message::encrypt(
        b"key checks",
        k.as_ref(),
        &signed(4096, &EncryptionContext::new()),
    )
    .unwrap();
    let b64 = |p: &[u8]| base64::engine::general_purpose::STANDARD.encode(p);
    let d = message::decrypt(&ct, k.as_ref(), &opts).unwrap();
    let point = base64::engine::general_purpose::STANDARD
        .decode(d.header.encryption_context.get(PUBLIC_KEY).unwrap())
        .unwrap();
    // An x coordinate that is no point of P-384 under either parity, a bad prefix, not base64.
    let mut not_on_curve = None;
    for i in 0..=255u8 {
        let mut p = point.clone();
        p[48] = i;
        let both_fail = [2u8, 3].iter().all(|&prefix| {
            p[0] = prefix;
            let m = with_public_key(&ct, &b64(&p));
            matches!(
                message::decrypt(&m, k.as_ref(), &opts),
                Err(Error::Malformed(_))
            )
        });
        if both_fail {
            not_on_curve = Some(p);
            break;
        }
    }
    let not_on_curve = not_on_curve.expect("some x is not on the curve");
    let mut prefix4 = point.clone();
    prefix4[0] = 4;
    let not_base64 = "!".repeat(68);
    for (what, value) in [
        ("not on the curve", b64(&not_on_curve)),
        ("uncompressed prefix", b64(&prefix4)),
        ("not base64", not_base64),
    ] {
        let m = with_public_key(&ct, &value);
        assert_refused(&m, &k, &opts, "MalformedMessageError", what);
        // Structural: the same with a keyring that holds no key of the message.
        let stranger: Arc<dyn Keyring> = Arc::new(RawAesKeyring::new("x", "y", &[1; 32]).unwrap());
        assert_refused(&m, &stranger, &opts, "MalformedMessageError", what);
    }
    // A valid point of another writer: the header tag (which binds the context) fails.
    let other = message::encrypt(
        b"key checks",
        k.as_ref(),
        &signed(4096, &EncryptionContext::new()),
    )
    .unwrap();
    let other_key = message::decrypt(&other, k.as_ref(), &opts)
        .unwrap()
        .header
        .encryption_context
        .get(PUBLIC_KEY)
        .unwrap()
        .to_owned();
    assert_refused(
        &with_public_key(&ct, &other_key),
        &k,
        &opts,
        "DecryptionError",
        "another valid key",
    );
}

#[test]
fn signing_artefacts_on_unsigned_messages_are_refused() {
    let k = keyring();
    let ec = EncryptionContext::new();
    let opts = dopts(&ec);
    let signed_ct = message::encrypt(b"artefacts", k.as_ref(), &signed(4096, &ec)).unwrap();
    // A signed message relabelled unsigned still carries aws-crypto-public-key.
    let mut relabelled = signed_ct.clone();
    relabelled[1..3].copy_from_slice(&[0x04, 0x78]);
    assert_refused(
        &relabelled,
        &k,
        &opts,
        "MalformedMessageError",
        "relabelled",
    );
    let e = message::decrypt(&relabelled, k.as_ref(), &opts).unwrap_err();
    assert!(e.to_string().contains("aws-crypto-public-key"), "{e}");
    // An unsigned message with a footer after its final frame.
    let unsigned = message::encrypt(b"artefacts", k.as_ref(), &EncryptOptions::default()).unwrap();
    let with_footer = [&unsigned[..], &signed_ct[signed_ct.len() - FOOTER..]].concat();
    assert_refused(&with_footer, &k, &opts, "MalformedMessageError", "footer");
    let e = message::decrypt(&with_footer, k.as_ref(), &opts).unwrap_err();
    assert!(e.to_string().contains("no footer"), "{e}");
    // Callers may not put the reserved key in a context, nor name it as a required key.
    for opts in [
        EncryptOptions {
            encryption_context: EncryptionContext::from_iter([(PUBLIC_KEY, "x")]),
            ..signed(4096, &ec)
        },
        EncryptOptions {
            required_context_keys: vec![PUBLIC_KEY.into()],
            ..signed(4096, &ec)
        },
    ] {
        let e = message::encrypt(b"x", k.as_ref(), &opts).unwrap_err();
        assert!(matches!(e, Error::Validation(_)), "{e}");
    }
}

#[test]
fn unsigned_only_refuses_signed_messages_and_only_them() {
    let k = keyring();
    let ec = EncryptionContext::new();
    let only = DecryptOptions {
        unsigned_only: true,
        ..Default::default()
    };
    let ct = message::encrypt(b"x", k.as_ref(), &signed(4096, &ec)).unwrap();
    assert_refused(&ct, &k, &only, "UnsupportedSuiteError", "signed");
    let e = message::decrypt(&ct, k.as_ref(), &only).unwrap_err();
    assert!(matches!(e, Error::UnsupportedSuite(0x0578)));
    // Refused before any key is used: a stranger's keyring gets the same answer.
    let stranger: Arc<dyn Keyring> = Arc::new(RawAesKeyring::new("x", "y", &[1; 32]).unwrap());
    assert_refused(
        &ct,
        &stranger,
        &only,
        "UnsupportedSuiteError",
        "signed, stranger",
    );
    let plain = message::encrypt(b"x", k.as_ref(), &EncryptOptions::default()).unwrap();
    for r in decrypt_all_ways(&plain, &k, &only) {
        assert_eq!(r.unwrap(), b"x");
    }
}

#[test]
fn only_the_two_committing_suites_encrypt() {
    let k = keyring();
    for id in [0x0014u16, 0x0078, 0x0178, 0x0214, 0x0378] {
        let opts = EncryptOptions {
            algorithm_suite: AlgorithmSuite::from_id(id).unwrap(),
            ..Default::default()
        };
        let e = message::encrypt(b"x", k.as_ref(), &opts).unwrap_err();
        assert!(matches!(e, Error::Validation(_)), "{id:#06x}: {e}");
    }
    let enc = Encryptor::new(k.as_ref(), signed(4096, &EncryptionContext::new())).unwrap();
    assert_eq!(enc.algorithm_suite(), AlgorithmSuite::SIGNED);
    assert_eq!(
        enc.message_len(0) as usize,
        header_len(
            &message::encrypt(b"", k.as_ref(), &signed(4096, &EncryptionContext::new())).unwrap(),
            k.as_ref(),
            &EncryptionContext::new()
        ) + 40
            + FOOTER
    );
    // Legacy signed suites decrypt only under the legacy policy (official vectors: esdk_vectors).
    assert_eq!(
        DecryptOptions::default().commitment_policy,
        CommitmentPolicy::RequireEncryptRequireDecrypt
    );
}

#[test]
fn required_context_keys_work_with_signing() {
    let k = keyring();
    let ec = EncryptionContext::from_iter([("stored", "1"), ("required", "2")]);
    let opts = EncryptOptions {
        required_context_keys: vec!["required".into()],
        ..signed(64, &ec)
    };
    let pt = pattern(200);
    for ct in encrypt_all_ways(&pt, k.as_ref(), &opts) {
        let supplied = dopts(&EncryptionContext::from_iter([("required", "2")]));
        for r in decrypt_all_ways(&ct, &k, &supplied) {
            assert_eq!(r.unwrap(), pt);
        }
        let d = message::decrypt(&ct, k.as_ref(), &supplied).unwrap();
        assert_eq!(d.header.required_context_keys, vec!["required".to_owned()]);
        assert!(d.header.encryption_context.contains_key(PUBLIC_KEY));
        // Without the required pair, the header tag fails.
        assert_refused(
            &ct,
            &k,
            &DecryptOptions::default(),
            "DecryptionError",
            "missing",
        );
    }
}

#[test]
fn a_malformed_frame_is_the_same_error_on_every_path() {
    // Found by fuzz/stream_vs_oneshot: in place, the signature was checked before the frames'
    // sequence numbers and IVs, so a malformed IV read as a bad signature there and as malformed
    // everywhere else.
    let k = keyring();
    let ec = EncryptionContext::new();
    let ct = message::encrypt(&pattern(100), k.as_ref(), &signed(16, &ec)).unwrap();
    let h = header_len(&ct, k.as_ref(), &ec);
    let frame = 16 + 32;
    for (what, at) in [
        ("IV of frame 3", h + 2 * frame + 4 + 11),
        ("sequence number of frame 2", h + frame + 3),
    ] {
        let mut bad = ct.clone();
        bad[at] ^= 0x10;
        assert_refused(&bad, &k, &dopts(&ec), "MalformedMessageError", what);
        // In place, found before any frame is opened: the buffer is left as it was.
        let mut buf = bad.clone();
        message::decrypt_in_place(&mut buf, k.as_ref(), &dopts(&ec)).unwrap_err();
        assert_eq!(buf, bad, "{what}");
    }
}

#[test]
fn staged_sealing_and_decrypt_in_slice_sign_and_verify() {
    let k = keyring();
    let ec = EncryptionContext::new();
    for n in [0usize, 15, 16, 17, 100] {
        let pt = pattern(n);
        let enc = Encryptor::new(&*k, signed(16, &ec)).unwrap();
        let mut out = vec![0u8; enc.message_len(n as u64) as usize];
        enc.stage_to_slice(&pt, &mut out).unwrap();
        enc.seal_staged(&mut out).unwrap();
        assert_eq!(&out[1..3], &[0x05, 0x78]);
        let d = message::decrypt(&out, &*k, &dopts(&ec)).unwrap();
        assert_eq!(&d.plaintext[..], &pt[..], "staged {n}");

        let mut buf = out.clone();
        let (len, info) = message::decrypt_in_slice(&mut buf, &*k, &dopts(&ec)).unwrap();
        assert_eq!(&buf[..len], &pt[..], "in slice {n}");
        assert_eq!(info.suite_id, 0x0578);
        assert!(buf[len..].iter().all(|&b| b == 0));

        // A changed signature byte: refused before any frame is opened, the buffer untouched.
        let mut bad = out.clone();
        let last = bad.len() - 1;
        bad[last] ^= 1;
        let mut buf = bad.clone();
        let e = message::decrypt_in_slice(&mut buf, &*k, &dopts(&ec)).unwrap_err();
        assert!(matches!(e, Error::Decryption), "{n}: {e:?}");
        assert_eq!(buf, bad, "{n}: buffer changed");
        // A changed ciphertext byte in the first frame: refused, never opened.
        let mut bad = out.clone();
        let at = header_len(&out, &*k, &ec) + 4 + 12;
        bad[at] ^= 1;
        let mut buf = bad.clone();
        assert!(message::decrypt_in_slice(&mut buf, &*k, &dopts(&ec)).is_err());
        assert_eq!(buf, bad, "{n}: buffer changed");
    }
}
