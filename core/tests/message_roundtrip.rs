//! One-shot encrypt/decrypt: round trips, sizes, options, keyrings, policy and limits.

#![allow(clippy::unwrap_used)] // test helpers outside #[test] functions

use std::sync::Arc;

use datakey::keyring::{Keyring, MultiKeyring, RawAesKeyring};
use datakey::message::{self, DecryptLimits, DecryptOptions, EncryptOptions, Encryptor};
use datakey::{EncryptionContext, Error};

fn keyring() -> RawAesKeyring {
    RawAesKeyring::new("datakey", "0123456789abcdef", &[9u8; 32]).unwrap()
}

fn pattern(n: usize) -> Vec<u8> {
    (0..n).map(|i| (i * 31 + 7) as u8).collect()
}

#[test]
fn round_trips_over_sizes_and_frame_lengths() {
    let k = keyring();
    for frame_length in [16u32, 128, 4096, 65_536] {
        for n in [
            0usize, 1, 15, 16, 17, 127, 128, 129, 4095, 4096, 4097, 10_000, 70_000,
        ] {
            let opts = EncryptOptions {
                frame_length,
                ..Default::default()
            };
            let pt = pattern(n);
            let ct = message::encrypt(&pt, &k, &opts).unwrap();
            let f = frame_length as usize;
            // header 92 + (74 + 7 + 16), body 32 per full frame + 40 + n
            assert_eq!(
                ct.len(),
                92 + 97 + 32 * (n / f) + 40 + n,
                "n={n} F={frame_length}"
            );
            let d = message::decrypt(&ct, &k, &DecryptOptions::default()).unwrap();
            assert_eq!(&d.plaintext[..], &pt[..]);
            assert_eq!(d.header.frame_length, frame_length);
        }
    }
}

#[test]
fn overhead_matches_the_reference_formula() {
    let k = keyring();
    let ct = message::encrypt(&[0u8; 100], &k, &EncryptOptions::default()).unwrap();
    assert_eq!(ct.len() - 100, 229);
    let ct = message::encrypt(&[0u8; 4096], &k, &EncryptOptions::default()).unwrap();
    assert_eq!(ct.len() - 4096, 261);
    // exact multiples end with an empty final frame
    let tail = &ct[ct.len() - 40..];
    assert_eq!(&tail[..8], &[0xff, 0xff, 0xff, 0xff, 0, 0, 0, 2]);
    assert_eq!(&tail[20..24], &[0, 0, 0, 0]);
    let enc = Encryptor::new(&k, EncryptOptions::default()).unwrap();
    assert_eq!(enc.header_len(), 189);
    assert_eq!(enc.message_len(8192), 189 + 64 + 40 + 8192);
}

#[test]
fn every_message_gets_a_fresh_message_id() {
    let k = keyring();
    let a = message::encrypt(b"x", &k, &EncryptOptions::default()).unwrap();
    let b = message::encrypt(b"x", &k, &EncryptOptions::default()).unwrap();
    assert_ne!(a[3..35], b[3..35]);
    assert_ne!(a, b);
}

#[test]
fn encryption_context_is_bound() {
    let k = keyring();
    let ec = EncryptionContext::from_iter([("tenant", "acme"), ("名前", "値 ünïcødé")]);
    let opts = EncryptOptions {
        encryption_context: ec.clone(),
        ..Default::default()
    };
    let ct = message::encrypt(b"bound", &k, &opts).unwrap();
    let d = message::decrypt(&ct, &k, &DecryptOptions::default()).unwrap();
    assert_eq!(d.header.encryption_context, ec);
    let mismatch = DecryptOptions {
        encryption_context: EncryptionContext::from_iter([("tenant", "evil")]),
        ..Default::default()
    };
    assert!(matches!(
        message::decrypt(&ct, &k, &mismatch),
        Err(Error::EncryptionContextMismatch(_))
    ));
}

#[test]
fn reserved_context_keys_and_bad_frame_lengths_are_refused() {
    let k = keyring();
    let opts = EncryptOptions {
        encryption_context: EncryptionContext::from_iter([("aws-crypto-public-key", "x")]),
        ..Default::default()
    };
    assert!(matches!(
        message::encrypt(b"", &k, &opts),
        Err(Error::Validation(_))
    ));
    for frame_length in [0u32, 1, 8, 100, 4097, 1 << 31, u32::MAX] {
        let opts = EncryptOptions {
            frame_length,
            ..Default::default()
        };
        assert!(
            matches!(message::encrypt(b"", &k, &opts), Err(Error::Validation(_))),
            "{frame_length}"
        );
    }
    let opts = EncryptOptions {
        frame_length: message::MAX_FRAME_LENGTH,
        ..Default::default()
    };
    assert_eq!(message::MAX_FRAME_LENGTH, 2_147_483_632);
    assert!(message::encrypt(b"abc", &k, &opts).is_ok());
}

#[test]
fn an_extra_context_key_on_decrypt_is_named() {
    let k = keyring();
    let ct = message::encrypt(
        b"x",
        &k,
        &EncryptOptions {
            encryption_context: EncryptionContext::from_iter([("stored", "s")]),
            ..Default::default()
        },
    )
    .unwrap();
    let extra = DecryptOptions {
        encryption_context: EncryptionContext::from_iter([("stored", "s"), ("extra", "1")]),
        ..Default::default()
    };
    match message::decrypt(&ct, &k, &extra) {
        Err(Error::EncryptionContextMismatch(m)) => {
            assert!(
                m.contains("\"extra\"") && m.contains("does not store"),
                "{m}"
            );
            assert!(!m.contains("stored\""), "{m}");
        }
        other => panic!("{other:?}"),
    }
    // The streaming decryptor says the same.
    let mut d = message::Decryptor::new(Arc::new(keyring()), extra);
    let mut out = Vec::new();
    assert!(matches!(
        d.update(&ct, &mut out),
        Err(Error::EncryptionContextMismatch(_))
    ));
}

#[test]
fn required_context_is_authenticated_but_not_stored() {
    let k = keyring();
    let ec = EncryptionContext::from_iter([("stored", "s"), ("tenant", "acme")]);
    let opts = EncryptOptions {
        encryption_context: ec.clone(),
        required_context_keys: vec!["tenant".into()],
        ..Default::default()
    };
    let ct = message::encrypt(b"req", &k, &opts).unwrap();
    assert!(
        !ct.windows(6).any(|w| w == b"tenant"),
        "required key stored"
    );
    // without the required pair: the header tag (and the EDK) do not verify
    assert!(matches!(
        message::decrypt(&ct, &k, &DecryptOptions::default()),
        Err(Error::Decryption)
    ));
    // with a wrong value: the pair is taken as required context and does not authenticate;
    // the error names the key the header does not store
    let wrong = DecryptOptions {
        encryption_context: EncryptionContext::from_iter([("tenant", "other")]),
        ..Default::default()
    };
    assert!(matches!(
        message::decrypt(&ct, &k, &wrong),
        Err(Error::EncryptionContextMismatch(m)) if m.contains("\"tenant\"")
    ));
    let right = DecryptOptions {
        encryption_context: EncryptionContext::from_iter([("tenant", "acme")]),
        ..Default::default()
    };
    let d = message::decrypt(&ct, &k, &right).unwrap();
    assert_eq!(&d.plaintext[..], b"req");
    assert_eq!(d.header.encryption_context, ec);
    assert_eq!(d.header.required_context_keys, ["tenant"]);
    // a required key that is not in the context
    let bad = EncryptOptions {
        required_context_keys: vec!["missing".into()],
        ..Default::default()
    };
    assert!(matches!(
        message::encrypt(b"", &k, &bad),
        Err(Error::Validation(_))
    ));
}

#[test]
fn multi_keyring_messages_open_with_any_member() {
    let a: Arc<dyn Keyring> = Arc::new(RawAesKeyring::new("ns", "a", &[1; 16]).unwrap());
    let b: Arc<dyn Keyring> = Arc::new(RawAesKeyring::new("ns", "b", &[2; 24]).unwrap());
    let c: Arc<dyn Keyring> = Arc::new(RawAesKeyring::new("other", "c", &[3; 32]).unwrap());
    let multi = MultiKeyring::new(Some(a.clone()), vec![b.clone(), c.clone()]).unwrap();
    let ct = message::encrypt(b"many", &multi, &EncryptOptions::default()).unwrap();
    for k in [&a, &b, &c] {
        let d = message::decrypt(&ct, k.as_ref(), &DecryptOptions::default()).unwrap();
        assert_eq!(&d.plaintext[..], b"many");
        assert_eq!(d.header.encrypted_data_keys.len(), 3);
    }
    let stranger = RawAesKeyring::new("ns", "z", &[1; 16]).unwrap();
    match message::decrypt(&ct, &stranger, &DecryptOptions::default()) {
        Err(Error::NoMatchingKey(n)) => {
            assert_eq!(n.present.len(), 3);
            assert_eq!(n.tried, [("ns".to_owned(), "z".to_owned())]);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn limits_are_enforced() {
    let members: Vec<Arc<dyn Keyring>> = (0..3)
        .map(|i| {
            Arc::new(RawAesKeyring::new("ns", format!("k{i}"), &[i as u8; 32]).unwrap())
                as Arc<dyn Keyring>
        })
        .collect();
    let multi = MultiKeyring::new(Some(members[0].clone()), members[1..].to_vec()).unwrap();
    let ct = message::encrypt(
        &[5u8; 5000],
        &multi,
        &EncryptOptions {
            frame_length: 1024,
            ..Default::default()
        },
    )
    .unwrap();
    let with = |limits: DecryptLimits| DecryptOptions {
        limits,
        ..Default::default()
    };
    let base = DecryptLimits::default();
    assert_eq!(base.max_encrypted_data_keys, 16);
    for limits in [
        DecryptLimits {
            max_encrypted_data_keys: 2,
            ..base
        },
        DecryptLimits {
            max_header_size: 200,
            ..base
        },
        DecryptLimits {
            max_frame_length: 1023,
            ..base
        },
        DecryptLimits {
            max_body_size: 4999,
            ..base
        },
    ] {
        assert!(
            matches!(
                message::decrypt(&ct, &multi, &with(limits)),
                Err(Error::ResourceLimit(_))
            ),
            "{limits:?}"
        );
    }
    let exact = DecryptLimits {
        max_encrypted_data_keys: 3,
        max_frame_length: 1024,
        max_body_size: 5000,
        ..base
    };
    assert!(message::decrypt(&ct, &multi, &with(exact)).is_ok());
}

#[test]
fn hostile_lengths_do_not_allocate() {
    // A v2 header claiming 65 535 EDKs of 65 535-byte fields, and nothing else.
    let mut m = vec![2u8, 0x04, 0x78];
    m.extend_from_slice(&[0u8; 32]);
    m.extend_from_slice(&[0, 0, 0xff, 0xff]);
    let r = message::decrypt(&m, &keyring(), &DecryptOptions::default());
    assert!(matches!(r, Err(Error::ResourceLimit(_))), "{r:?}");
    let lax = DecryptOptions {
        limits: DecryptLimits {
            max_encrypted_data_keys: usize::MAX,
            ..Default::default()
        },
        ..Default::default()
    };
    m.extend_from_slice(&[0xff, 0xff]);
    let r = message::decrypt(&m, &keyring(), &lax);
    assert!(matches!(r, Err(Error::Malformed(_))), "{r:?}");
}

#[test]
fn versions_and_signed_suites_are_named() {
    let k = keyring();
    let ct = message::encrypt(b"x", &k, &EncryptOptions::default()).unwrap();
    let mut m = ct.clone();
    m[0] = 3;
    assert!(matches!(
        message::decrypt(&m, &k, &DecryptOptions::default()),
        Err(Error::UnsupportedVersion(3))
    ));
    let mut m = ct.clone();
    m[2] = 0x78;
    m[1] = 0x05;
    // An unsigned message relabelled as signed lacks the verification key: malformed.
    let e = message::decrypt(&m, &k, &DecryptOptions::default()).unwrap_err();
    assert!(matches!(e, Error::Malformed(_)), "{e}");
    assert!(e.to_string().contains("aws-crypto-public-key"), "{e}");
    // Callers who accept unsigned messages only are told the suite is signed, first.
    let unsigned_only = DecryptOptions {
        unsigned_only: true,
        ..Default::default()
    };
    let e = message::decrypt(&m, &k, &unsigned_only).unwrap_err();
    assert!(matches!(e, Error::UnsupportedSuite(0x0578)), "{e}");
    assert!(e.to_string().contains("signed"), "{e}");
}

#[test]
fn every_bit_flip_and_truncation_of_a_multi_frame_message_is_refused() {
    let k = keyring();
    let opts = EncryptOptions {
        encryption_context: EncryptionContext::from_iter([("k", "v"), ("tenant", "acme")]),
        required_context_keys: vec!["tenant".into()],
        frame_length: 16,
        ..Default::default()
    };
    let ct = message::encrypt(&pattern(40), &k, &opts).unwrap();
    let dopts = DecryptOptions {
        encryption_context: EncryptionContext::from_iter([("tenant", "acme")]),
        ..Default::default()
    };
    assert_eq!(
        &message::decrypt(&ct, &k, &dopts).unwrap().plaintext[..],
        &pattern(40)[..]
    );
    for byte in 0..ct.len() {
        for bit in 0..8 {
            let mut m = ct.clone();
            m[byte] ^= 1 << bit;
            assert!(
                message::decrypt(&m, &k, &dopts).is_err(),
                "bit {bit} of byte {byte}"
            );
        }
    }
    for len in 0..ct.len() {
        assert!(message::decrypt(&ct[..len], &k, &dopts).is_err(), "{len}");
    }
}
