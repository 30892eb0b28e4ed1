//! The fixed interop vector (reference esdk-format.md §14), written by ESDK-Python 4.0.7: it parses
//! against its published breakdown, decrypts, and every single-bit flip and every truncation of
//! it is refused.

#![allow(clippy::unwrap_used)] // test helpers outside #[test] functions

use std::sync::Arc;

use datakey::keyring::{Keyring, RawAesKeyring};
use datakey::message::{self, DecryptOptions, Decryptor};
use datakey::{EncryptionContext, Error};

const VECTOR_HEX: &str = "02047801ec094d3b1a44c5c2813082acd25ba70ad9de3dc4b2b93eb27b520d4097eea1002700020007707572706f7365000c696e7465726f702d74657374000674656e616e74000461636d650001000f646174616b65792d696e7465726f700024746573742d6165732d3235362d6b6579000000800000000c54baf9c10520dafd97f69f070030474642de8664bc0ecf430b4b9ad57bc8d8fc3f7fb1526abd9b4e46cd6c851e45748cf3bd53d4c96c154970bcd02a2bca02000010003396f05011c2b7dcfba16192e617f0d88a8591ffe82bb13abff5092741711614a04fdb6a4a785669b2141a1c4ea8a103ffffffff000000010000000000000000000000010000001530d884ae54734f4e2565a800f9a210a14088acb3a57e240a67377a00e4f1455f529b7aaa60";
const KEY_HEX: &str = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

fn vector() -> Vec<u8> {
    hex::decode(VECTOR_HEX).unwrap()
}

fn keyring() -> RawAesKeyring {
    RawAesKeyring::new(
        "datakey-interop",
        "test-aes-256-key",
        &hex::decode(KEY_HEX).unwrap(),
    )
    .unwrap()
}

fn ec() -> EncryptionContext {
    EncryptionContext::from_iter([("purpose", "interop-test"), ("tenant", "acme")])
}

#[test]
fn layout_matches_the_published_breakdown() {
    let v = vector();
    assert_eq!(v.len(), 297);
    assert_eq!(v[0], 0x02, "version");
    assert_eq!(&v[1..3], &[0x04, 0x78], "suite");
    assert_eq!(hex::encode(&v[3..5]), "01ec");
    assert_eq!(hex::encode(&v[33..35]), "eea1", "message id ends at 35");
    assert_eq!(&v[35..37], &[0x00, 0x27], "AAD length 39");
    assert_eq!(&v[37..76], &ec().serialize().unwrap()[..], "ser(EC)");
    assert_eq!(&v[76..78], &[0, 1], "one EDK");
    assert_eq!(&v[78..80], &[0, 15]);
    assert_eq!(&v[80..95], b"datakey-interop");
    assert_eq!(&v[95..97], &[0, 0x24], "provider info is 36 bytes");
    assert_eq!(&v[97..113], b"test-aes-256-key");
    assert_eq!(hex::encode(&v[113..121]), "000000800000000c");
    assert_eq!(
        hex::encode(&v[121..133]),
        "54baf9c10520dafd97f69f07",
        "wrapping IV"
    );
    assert_eq!(&v[133..135], &[0, 0x30], "48-byte wrapped key");
    assert_eq!(hex::encode(&v[135..139]), "474642de");
    assert!(
        hex::encode(&v[135..183]).ends_with("02a2bca"),
        "wrapped key ends at 183"
    );
    assert_eq!(v[183], 0x02, "framed");
    assert_eq!(hex::encode(&v[184..188]), "00001000", "frame length 4096");
    assert_eq!(
        hex::encode(&v[188..220]),
        "3396f05011c2b7dcfba16192e617f0d88a8591ffe82bb13abff5092741711614"
    );
    assert_eq!(
        hex::encode(&v[220..236]),
        "a04fdb6a4a785669b2141a1c4ea8a103"
    );
    // body: one final frame
    assert_eq!(
        hex::encode(&v[236..260]),
        "ffffffff00000001000000000000000000000001".to_owned() + "00000015"
    );
    assert_eq!(v.len() - 260, 21 + 16);
}

#[test]
fn decrypts_and_reports_its_header() {
    let d = message::decrypt(
        &vector(),
        &keyring(),
        &DecryptOptions {
            encryption_context: ec(),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(&d.plaintext[..], b"hello datakey interop");
    let h = &d.header;
    assert_eq!((h.version, h.suite_id, h.frame_length), (2, 0x0478, 4096));
    assert!(h.framed);
    assert_eq!(h.header_len, 236);
    assert_eq!(h.encryption_context, ec());
    assert!(h.required_context_keys.is_empty());
    assert_eq!(h.message_id.len(), 32);
    assert_eq!(h.encrypted_data_keys.len(), 1);
    assert_eq!(h.encrypted_data_keys[0].provider_id, "datakey-interop");
    assert_eq!(h.encrypted_data_keys[0].key_name, "test-aes-256-key");
    // The caller may also state no context, or part of it.
    for given in [
        EncryptionContext::new(),
        EncryptionContext::from_iter([("tenant", "acme")]),
    ] {
        let opts = DecryptOptions {
            encryption_context: given,
            ..Default::default()
        };
        assert_eq!(
            &message::decrypt(&vector(), &keyring(), &opts)
                .unwrap()
                .plaintext[..],
            b"hello datakey interop"
        );
    }
}

#[test]
fn wrong_context_key_or_names_are_refused() {
    let v = vector();
    // a value that disagrees with the header
    let opts = DecryptOptions {
        encryption_context: EncryptionContext::from_iter([("tenant", "other")]),
        ..Default::default()
    };
    assert!(matches!(
        message::decrypt(&v, &keyring(), &opts),
        Err(Error::EncryptionContextMismatch(_))
    ));
    // an extra pair the message does not authenticate: the same error, naming the key
    let opts = DecryptOptions {
        encryption_context: EncryptionContext::from_iter([("extra", "pair")]),
        ..Default::default()
    };
    assert!(matches!(
        message::decrypt(&v, &keyring(), &opts),
        Err(Error::EncryptionContextMismatch(m)) if m.contains("\"extra\"")
    ));
    // right names, wrong key bytes: authentication failure
    let wrong = RawAesKeyring::new("datakey-interop", "test-aes-256-key", &[0; 32]).unwrap();
    assert!(matches!(
        message::decrypt(&v, &wrong, &DecryptOptions::default()),
        Err(Error::Decryption)
    ));
    // another name: no matching key, both sides listed
    let other = RawAesKeyring::new("datakey-interop", "another-key", &[0; 32]).unwrap();
    match message::decrypt(&v, &other, &DecryptOptions::default()) {
        Err(Error::NoMatchingKey(n)) => {
            assert_eq!(
                n.present,
                [("datakey-interop".to_owned(), "test-aes-256-key".to_owned())]
            );
            assert_eq!(
                n.tried,
                [("datakey-interop".to_owned(), "another-key".to_owned())]
            );
            let text = Error::NoMatchingKey(n).to_string();
            assert!(text.contains("test-aes-256-key") && text.contains("another-key"));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn every_bit_flip_is_refused() {
    let v = vector();
    let k = keyring();
    let opts = DecryptOptions::default();
    for byte in 0..v.len() {
        for bit in 0..8 {
            let mut m = v.clone();
            m[byte] ^= 1 << bit;
            let r = message::decrypt(&m, &k, &opts);
            assert!(r.is_err(), "flip of bit {bit} of byte {byte} was accepted");
        }
    }
}

#[test]
fn every_truncation_is_refused_one_shot_and_streaming() {
    let v = vector();
    let k: Arc<dyn Keyring> = Arc::new(keyring());
    for len in 0..v.len() {
        assert!(
            message::decrypt(&v[..len], k.as_ref(), &DecryptOptions::default()).is_err(),
            "truncation to {len} bytes was accepted"
        );
        let mut d = Decryptor::new(k.clone(), DecryptOptions::default());
        let mut out = Vec::new();
        let r = d
            .update(&v[..len], &mut out)
            .and_then(|()| d.finish().map(|_| ()));
        assert!(
            r.is_err(),
            "streamed truncation to {len} bytes was accepted"
        );
        assert!(
            out.is_empty(),
            "plaintext released from a truncated single-frame message"
        );
    }
}

#[test]
fn trailing_bytes_are_refused() {
    let mut v = vector();
    v.push(0);
    assert!(matches!(
        message::decrypt(&v, &keyring(), &DecryptOptions::default()),
        Err(Error::Malformed(_))
    ));
}
