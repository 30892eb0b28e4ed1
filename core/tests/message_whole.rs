//! Whole in-memory messages without an intermediate buffer: `message::open` +
//! `Opened::decrypt_to_slice`, `message::encrypt_in_place`, `message::decrypt_in_place` — each
//! checked against the one-shot `encrypt`/`decrypt`: same plaintext and header over sizes and
//! frame lengths, the same error kind for every single-byte tamper, truncation and extension,
//! and the documented state of the caller's buffer after every error.

#![allow(clippy::unwrap_used)]

use datakey::keyring::{DecryptionMaterials, EncryptionMaterials, Keyring, RawAesKeyring};
use datakey::message::{self, DecryptLimits, DecryptOptions, EncryptOptions, HeaderInfo};
use datakey::{EncryptedDataKey, EncryptionContext, Error};

fn keyring() -> RawAesKeyring {
    RawAesKeyring::new("datakey", "0123456789abcdef", &[9u8; 32]).unwrap()
}

fn pattern(n: usize, seed: u8) -> Vec<u8> {
    (0..n)
        .map(|i| (i as u8).wrapping_mul(31).wrapping_add(seed))
        .collect()
}

fn enc_opts(frame_length: u32) -> EncryptOptions {
    EncryptOptions {
        encryption_context: EncryptionContext::from_iter([("purpose", "test"), ("a", "b")]),
        frame_length,
        ..Default::default()
    }
}

fn dec_opts() -> DecryptOptions {
    DecryptOptions {
        encryption_context: EncryptionContext::from_iter([("purpose", "test")]),
        ..Default::default()
    }
}

/// `open` + `decrypt_to_slice` into a buffer pre-filled with 0xAA; returns the result and the
/// buffer (whose length is the plaintext length when `open` succeeded).
fn to_slice(
    ct: &[u8],
    k: &dyn Keyring,
    opts: &DecryptOptions,
) -> (Result<HeaderInfo, Error>, Option<Vec<u8>>) {
    match message::open(ct, k, opts) {
        Err(e) => (Err(e), None),
        Ok(opened) => {
            let mut out = vec![0xAA; opened.plaintext_len()];
            let r = opened.decrypt_to_slice(&mut out);
            (r, Some(out))
        }
    }
}

fn sizes(f: usize) -> Vec<usize> {
    vec![
        0,
        1,
        f - 1,
        f,
        f + 1,
        2 * f,
        3 * f + 5,
        17 * f,
        17 * f + f / 2,
    ]
}

#[test]
fn to_slice_and_in_place_agree_with_the_one_shot_paths() {
    let k = keyring();
    for frame_length in [16u32, 128, 4096] {
        let f = frame_length as usize;
        for n in sizes(f) {
            let what = format!("n={n} F={f}");
            let pt = pattern(n, n as u8);
            let opts = enc_opts(frame_length);
            let ct = message::encrypt(&pt, &k, &opts).unwrap();
            let one_shot = message::decrypt(&ct, &k, &dec_opts()).unwrap();
            // to slice
            let opened = message::open(&ct, &k, &dec_opts()).unwrap();
            assert_eq!(opened.plaintext_len(), n, "{what}");
            assert_eq!(opened.header(), &one_shot.header, "{what}");
            let mut out = vec![0xAA; n];
            let h = opened.decrypt_to_slice(&mut out).unwrap();
            assert_eq!(out, pt, "{what}");
            assert_eq!(h, one_shot.header, "{what}");
            // encrypt in place: the same layout as the one-shot, readable by every decrypt path
            let mut buf = pt.clone();
            message::encrypt_in_place(&mut buf, &k, &opts).unwrap();
            assert_eq!(buf.len(), ct.len(), "{what}");
            let d = message::decrypt(&buf, &k, &dec_opts()).unwrap();
            assert_eq!(&d.plaintext[..], &pt[..], "{what}");
            assert_eq!(d.header.frame_length, frame_length);
            // staged into the output, sealed there (Node's asynchronous encrypt)
            let enc = message::Encryptor::new(&k, opts.clone()).unwrap();
            let mut staged = vec![0xAAu8; enc.message_len(n as u64) as usize];
            enc.stage_to_slice(&pt, &mut staged).unwrap();
            enc.seal_staged(&mut staged).unwrap();
            assert_eq!(staged.len(), ct.len(), "{what}");
            let d = message::decrypt(&staged, &k, &dec_opts()).unwrap();
            assert_eq!(&d.plaintext[..], &pt[..], "{what}: staged");
            // decrypt in place, of every message, in a Vec and in a slice
            for msg in [&ct, &buf, &staged] {
                let mut b = msg.clone();
                let h = message::decrypt_in_place(&mut b, &k, &dec_opts()).unwrap();
                assert_eq!(b, pt, "{what}");
                assert_eq!(h.header_len, one_shot.header.header_len, "{what}");
                let mut s = msg.clone();
                let (len, h2) = message::decrypt_in_slice(&mut s, &k, &dec_opts()).unwrap();
                assert_eq!((len, &s[..len]), (n, &pt[..]), "{what}: in slice");
                assert!(s[len..].iter().all(|&b| b == 0), "{what}: tail not zeroed");
                assert_eq!(h2, h, "{what}");
            }
        }
    }
}

#[test]
fn one_mebibyte_frames_and_many_frames() {
    let k = keyring();
    let f = 1 << 20;
    for (frame_length, n) in [
        (f, 0),
        (f, 1),
        (f, f as usize - 1),
        (f, f as usize),
        (f, 3 * f as usize + 7),
        (16, 100_000), // 6250 frames in one 256 KiB block of encrypt_in_place
        (16, 600_000), // 37500 frames, three blocks
        (4096, 3 * f as usize + 100), // 769 frames in blocks of 64
        (65_536, f as usize + 3), // blocks of 4 frames
    ] {
        let what = format!("n={n} F={frame_length}");
        let pt = pattern(n, 3);
        let opts = enc_opts(frame_length);
        let mut buf = pt.clone();
        message::encrypt_in_place(&mut buf, &k, &opts).unwrap();
        let d = message::decrypt(&buf, &k, &dec_opts()).unwrap();
        assert!(d.plaintext[..] == pt[..], "{what}");
        let (r, out) = to_slice(&buf, &k, &dec_opts());
        r.unwrap();
        assert!(out.unwrap() == pt, "{what}");
        message::decrypt_in_place(&mut buf, &k, &dec_opts()).unwrap();
        assert!(buf == pt, "{what}");
    }
}

#[test]
fn encrypt_in_place_grows_once_and_keeps_spare_capacity_use() {
    let k = keyring();
    let pt = pattern(10_000, 1);
    // Enough capacity: no reallocation at all.
    let mut buf = Vec::with_capacity(20_000);
    buf.extend_from_slice(&pt);
    let before = buf.as_ptr();
    message::encrypt_in_place(&mut buf, &k, &enc_opts(4096)).unwrap();
    assert_eq!(buf.as_ptr(), before);
    assert_eq!(buf.capacity(), 20_000);
    // Too little: grows exactly to the message.
    let mut small = pt.clone();
    small.shrink_to_fit();
    message::encrypt_in_place(&mut small, &k, &enc_opts(4096)).unwrap();
    assert_eq!(small.capacity(), small.len());
    assert_eq!(
        &message::decrypt(&small, &k, &dec_opts()).unwrap().plaintext[..],
        &pt[..]
    );
}

/// A keyring that refuses to encrypt (like a disabled KMS key).
#[derive(Debug)]
struct Refusing;

impl Keyring for Refusing {
    fn on_encrypt(&self, _: &mut EncryptionMaterials) -> datakey::Result<()> {
        Err(Error::Disabled("the key is disabled".into()))
    }
    fn on_decrypt(
        &self,
        _: &mut DecryptionMaterials,
        _: &[EncryptedDataKey],
    ) -> datakey::Result<()> {
        Err(Error::Disabled("the key is disabled".into()))
    }
    fn offered_keys(&self) -> Vec<(String, String)> {
        vec![("datakey".into(), "0123456789abcdef".into())]
    }
}

#[test]
fn encrypt_in_place_errors_leave_the_buffer_as_it_was() {
    let k = keyring();
    let pt = pattern(5000, 9);
    let reserved = EncryptOptions {
        encryption_context: EncryptionContext::from_iter([("aws-crypto-public-key", "x")]),
        ..Default::default()
    };
    let missing_required = EncryptOptions {
        required_context_keys: vec!["nope".into()],
        ..Default::default()
    };
    let cases: [(&dyn Keyring, EncryptOptions, &str); 5] = [
        (&Refusing, enc_opts(4096), "DisabledException"),
        (&k, enc_opts(0), "ValidationException"),
        (&k, enc_opts(100), "ValidationException"),
        (&k, reserved, "ValidationException"),
        (&k, missing_required, "ValidationException"),
    ];
    for (keyring, opts, name) in cases {
        let mut buf = Vec::with_capacity(8000);
        buf.extend_from_slice(&pt);
        let err = message::encrypt_in_place(&mut buf, keyring, &opts).unwrap_err();
        assert_eq!(err.name(), name, "{err}");
        assert_eq!(buf, pt);
        assert_eq!(buf.capacity(), 8000);
    }
}

#[test]
fn wrong_output_length_is_refused_and_leaves_the_output_alone() {
    let k = keyring();
    let ct = message::encrypt(&pattern(100, 0), &k, &enc_opts(16)).unwrap();
    for len in [0usize, 99, 101] {
        let opened = message::open(&ct, &k, &dec_opts()).unwrap();
        let mut out = vec![0xAA; len];
        let err = opened.decrypt_to_slice(&mut out).unwrap_err();
        assert_eq!(err.name(), "ValidationException", "{err}");
        assert!(out.iter().all(|&b| b == 0xAA));
    }
}

/// Decrypts `ct` with the one-shot, to-slice and in-place paths and checks they agree: the same
/// plaintext, or the same error kind with the documented buffer state (to slice: zeroed output;
/// in place: unchanged when `open` fails, emptied after a frame error).
fn agree(ct: &[u8], k: &dyn Keyring, opts: &DecryptOptions, what: &str) -> Option<&'static str> {
    let one_shot = message::decrypt(ct, k, opts);
    let (slice, out) = to_slice(ct, k, opts);
    let opened_ok = out.is_some();
    let mut buf = ct.to_vec();
    let in_place = message::decrypt_in_place(&mut buf, k, opts);
    let mut fixed = ct.to_vec();
    let in_slice = message::decrypt_in_slice(&mut fixed, k, opts);
    match one_shot {
        Ok(d) => {
            let (len, h) = in_slice.unwrap();
            assert!(fixed[..len] == d.plaintext[..], "{what}: in slice");
            assert_eq!(h, d.header, "{what}: in slice");
            assert_eq!(slice.unwrap(), d.header, "{what}");
            assert!(out.unwrap()[..] == d.plaintext[..], "{what}");
            assert_eq!(in_place.unwrap(), d.header, "{what}");
            assert!(buf[..] == d.plaintext[..], "{what}");
            None
        }
        Err(e) => {
            let name = e.name();
            assert_eq!(
                slice.unwrap_err().name(),
                name,
                "{what}: to slice vs one-shot"
            );
            assert_eq!(
                in_place.unwrap_err().name(),
                name,
                "{what}: in place vs one-shot"
            );
            assert_eq!(
                in_slice.unwrap_err().name(),
                name,
                "{what}: in slice vs one-shot"
            );
            if opened_ok {
                assert!(fixed.iter().all(|&b| b == 0), "{what}: slice not zeroed");
            } else {
                assert_eq!(fixed, ct, "{what}: slice changed by a header error");
            }
            if let Some(out) = out {
                assert!(out.iter().all(|&b| b == 0), "{what}: output not zeroed");
            }
            if opened_ok {
                assert!(
                    buf.is_empty(),
                    "{what}: in-place buffer kept after a frame error"
                );
            } else {
                assert_eq!(buf, ct, "{what}: in-place buffer changed by a header error");
            }
            Some(name)
        }
    }
}

#[test]
fn every_single_byte_tamper_fails_the_same_way_on_every_path() {
    let k = keyring();
    // Three regular frames and a partial final frame.
    let ct = message::encrypt(&pattern(3 * 16 + 5, 1), &k, &enc_opts(16)).unwrap();
    let mut seen = std::collections::BTreeSet::new();
    for i in 0..ct.len() {
        for bit in [0x01u8, 0x80] {
            let mut bad = ct.clone();
            bad[i] ^= bit;
            let what = format!("byte {i} ^ {bit:#x}");
            let r = agree(&bad, &k, &dec_opts(), &what);
            // The encryption context's key strings, flipped, may still parse: then the header tag
            // fails. Nothing may decrypt.
            let name = r.unwrap_or_else(|| panic!("{what}: a tampered message decrypted"));
            seen.insert(name);
        }
    }
    // Structure, key and authentication failures all occur.
    for name in ["MalformedMessageError", "DecryptionError"] {
        assert!(seen.contains(name), "{seen:?}");
    }
}

#[test]
fn truncation_and_extension_fail_the_same_way_on_every_path() {
    let k = keyring();
    for (n, f) in [(3 * 16 + 5, 16u32), (64, 16), (0, 16)] {
        let ct = message::encrypt(&pattern(n, 2), &k, &enc_opts(f)).unwrap();
        for cut in 0..ct.len() {
            let name = agree(&ct[..cut], &k, &dec_opts(), &format!("cut at {cut} of {n}"));
            assert!(name.is_some(), "a truncated message decrypted");
        }
        for extra in [&[0u8][..], &[0xFF; 4], &ct[ct.len() - 40..], &[0u8; 48]] {
            let mut long = ct.clone();
            long.extend_from_slice(extra);
            let name = agree(
                &long,
                &k,
                &dec_opts(),
                &format!("{} bytes more", extra.len()),
            );
            assert!(name.is_some(), "a message with trailing bytes decrypted");
        }
    }
}

#[test]
fn frames_swapped_repeated_or_dropped_are_refused() {
    let k = keyring();
    let f = 16usize;
    let ct = message::encrypt(&pattern(4 * f + 3, 4), &k, &enc_opts(f as u32)).unwrap();
    let h = message::decrypt(&ct, &k, &dec_opts())
        .unwrap()
        .header
        .header_len;
    let frame = |i: usize| h + i * (f + 32)..h + (i + 1) * (f + 32);
    let mut swapped = ct.clone();
    swapped[frame(1)].copy_from_slice(&ct[frame(2)]);
    swapped[frame(2)].copy_from_slice(&ct[frame(1)]);
    let mut repeated = ct.clone();
    repeated[frame(2)].copy_from_slice(&ct[frame(1)]);
    let mut dropped = ct[..frame(1).start].to_vec();
    dropped.extend_from_slice(&ct[frame(2).start..]);
    for (bad, what) in [
        (swapped, "swapped"),
        (repeated, "repeated"),
        (dropped, "dropped"),
    ] {
        assert_eq!(
            agree(&bad, &k, &dec_opts(), what),
            Some("MalformedMessageError"),
            "{what}"
        );
    }
}

#[test]
fn header_errors_match_the_one_shot_and_keep_the_buffer() {
    let k = keyring();
    let ct = message::encrypt(&pattern(1000, 5), &k, &enc_opts(128)).unwrap();
    let wrong_name = RawAesKeyring::new("datakey", "another", &[9u8; 32]).unwrap();
    let wrong_bytes = RawAesKeyring::new("datakey", "0123456789abcdef", &[8u8; 32]).unwrap();
    let mismatch = DecryptOptions {
        encryption_context: EncryptionContext::from_iter([("purpose", "other")]),
        ..Default::default()
    };
    let limit = |limits: DecryptLimits| DecryptOptions {
        limits,
        ..dec_opts()
    };
    let cases: [(&dyn Keyring, DecryptOptions, &str); 7] = [
        (&wrong_name, dec_opts(), "NoMatchingKeyError"),
        (&wrong_bytes, dec_opts(), "DecryptionError"),
        (&Refusing, dec_opts(), "DisabledException"),
        (&k, mismatch, "EncryptionContextMismatchError"),
        (
            &k,
            limit(DecryptLimits {
                max_frame_length: 64,
                ..Default::default()
            }),
            "ResourceLimitError",
        ),
        (
            &k,
            limit(DecryptLimits {
                max_body_size: 999,
                ..Default::default()
            }),
            "ResourceLimitError",
        ),
        (
            &k,
            limit(DecryptLimits {
                max_header_size: 100,
                ..Default::default()
            }),
            "ResourceLimitError",
        ),
    ];
    for (keyring, opts, name) in cases {
        assert_eq!(agree(&ct, keyring, &opts, name), Some(name));
    }
    // A body exactly at the limit is fine.
    let at_limit = limit(DecryptLimits {
        max_body_size: 1000,
        ..Default::default()
    });
    assert!(agree(&ct, &k, &at_limit, "at the limit").is_none());
}

#[test]
fn a_frame_error_zeroes_the_output_after_plaintext_was_written() {
    let k = keyring();
    let n = 10 * 4096 + 100;
    let ct = message::encrypt(&pattern(n, 6), &k, &enc_opts(4096)).unwrap();
    let mut bad = ct.clone();
    let last = bad.len() - 1; // the final frame's tag: every regular frame decrypted first
    bad[last] ^= 1;
    let opened = message::open(&bad, &k, &dec_opts()).unwrap();
    let mut out = vec![0xAA; n];
    assert!(matches!(
        opened.decrypt_to_slice(&mut out),
        Err(Error::Decryption)
    ));
    assert!(out.iter().all(|&b| b == 0));
    let mut buf = bad.clone();
    assert!(matches!(
        message::decrypt_in_place(&mut buf, &k, &dec_opts()),
        Err(Error::Decryption)
    ));
    assert!(buf.is_empty());
}

#[test]
fn required_context_round_trips_on_every_path() {
    let k = keyring();
    let ec = EncryptionContext::from_iter([("tenant", "acme"), ("secret-ish", "r")]);
    let opts = EncryptOptions {
        encryption_context: ec.clone(),
        required_context_keys: vec!["secret-ish".into()],
        frame_length: 64,
    };
    let pt = pattern(300, 7);
    let mut buf = pt.clone();
    message::encrypt_in_place(&mut buf, &k, &opts).unwrap();
    let with = DecryptOptions {
        encryption_context: ec,
        ..Default::default()
    };
    assert!(agree(&buf, &k, &with, "required context supplied").is_none());
    // Without the required pair the header tag fails, on every path.
    assert_eq!(
        agree(
            &buf,
            &k,
            &DecryptOptions::default(),
            "required context missing"
        ),
        Some("DecryptionError")
    );
}

#[test]
fn an_opened_message_can_move_to_another_thread() {
    fn assert_send<T: Send>(_: &T) {}
    let k = keyring();
    let ct = message::encrypt(b"across threads", &k, &enc_opts(16)).unwrap();
    let opened = message::open(&ct, &k, &dec_opts()).unwrap();
    assert_send(&opened);
    let out = std::thread::scope(|s| {
        s.spawn(move || {
            let mut out = vec![0u8; opened.plaintext_len()];
            opened.decrypt_to_slice(&mut out).map(|_| out)
        })
        .join()
        .unwrap()
    })
    .unwrap();
    assert_eq!(out, b"across threads");
    let shown = format!("{:?}", message::open(&ct, &k, &dec_opts()).unwrap());
    assert!(shown.starts_with("Opened { message_len: "), "{shown}");
}

#[test]
fn staged_encrypt_refuses_wrong_lengths_and_used_encryptors() {
    let k = keyring();
    let enc = message::Encryptor::new(&k, enc_opts(64)).unwrap();
    let n = enc.message_len(100) as usize;
    let pt = pattern(100, 1);
    // staging: the output must be exactly the message's length; the output is left alone
    for wrong in [n - 1, n + 1] {
        let mut out = vec![0xAAu8; wrong];
        let err = enc.stage_to_slice(&pt, &mut out).unwrap_err();
        assert_eq!(err.name(), "ValidationException", "{err}");
        assert!(out.iter().all(|&b| b == 0xAA));
    }
    // sealing: a length no message of this encryptor has (the final frame would not fit)
    // is refused, and nothing is written
    let header_len = enc.header_len();
    for impossible in [
        header_len + 39,
        header_len + 40 + 64,
        header_len + 40 + 64 + 31,
    ] {
        let enc = message::Encryptor::new(&k, enc_opts(64)).unwrap();
        let mut out = vec![0xAAu8; impossible];
        assert!(enc.seal_staged(&mut out).is_err(), "{impossible}");
        assert!(out.iter().all(|&b| b == 0xAA), "{impossible}");
    }
    // every length a message can have seals and decrypts (staged or not: the bytes in place
    // are the plaintext)
    for m in [0usize, 1, 63, 64, 65, 128, 1000] {
        let enc = message::Encryptor::new(&k, enc_opts(64)).unwrap();
        let mut out = vec![0u8; enc.message_len(m as u64) as usize];
        let pt = pattern(m, 3);
        enc.stage_to_slice(&pt, &mut out).unwrap();
        enc.seal_staged(&mut out).unwrap();
        let d = message::decrypt(&out, &k, &dec_opts()).unwrap();
        assert_eq!(&d.plaintext[..], &pt[..], "{m}");
    }
    let mut used = message::Encryptor::new(&k, enc_opts(64)).unwrap();
    used.update(b"abc", &mut Vec::new()).unwrap();
    let mut out = vec![0u8; used.message_len(100) as usize];
    assert!(used.stage_to_slice(&pt, &mut out).is_err());
    assert!(used.seal_staged(&mut out).is_err());
}
