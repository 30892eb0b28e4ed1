//! Target (8): signed messages (suite 0x0578) written by every encrypt path — one-shot, to-slice,
//! in place, streaming with arbitrary chunk boundaries — decrypt to their plaintext through every
//! decrypt path, and one corrupted byte anywhere (header, frames, footer) or a cut anywhere makes
//! every path fail with a typed error: nothing returned by the whole-message paths, the in-place
//! buffer untouched (the signature is checked before any frame is opened), and only whole,
//! authentic regular frames released by the streaming decryptor — never the final frame.
//!
//! Input: a control byte (frame length, corruption mode), 8 bytes seeding the chunk boundaries
//! and the corruption's position, then the plaintext.
#![no_main]

use datakey::message::{self, AlgorithmSuite, DecryptOptions, Decryptor, EncryptOptions, Encryptor};
use datakey_fuzz::Rng;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if data.len() < 9 {
        return;
    }
    let control = data[0];
    let mut rng = Rng::new(&data[1..9]);
    let plaintext = &data[9..];
    let frame_length = 16u32 << (control % 8); // 16 .. 2048
    let keyring = datakey_fuzz::keyring();
    let opts = EncryptOptions {
        frame_length,
        algorithm_suite: AlgorithmSuite::SIGNED,
        ..Default::default()
    };
    let path = (control >> 3) % 4;
    let ct = match path {
        0 => message::encrypt(plaintext, keyring.as_ref(), &opts).unwrap(),
        1 => {
            let enc = Encryptor::new(keyring.as_ref(), opts.clone()).unwrap();
            let mut out = vec![0u8; enc.message_len(plaintext.len() as u64) as usize];
            enc.encrypt_to_slice(plaintext, &mut out).unwrap();
            out
        }
        2 => {
            let mut buf = plaintext.to_vec();
            message::encrypt_in_place(&mut buf, keyring.as_ref(), &opts).unwrap();
            buf
        }
        _ => {
            let mut enc = Encryptor::new(keyring.as_ref(), opts.clone()).unwrap();
            let mut out = Vec::new();
            let mut rest = plaintext;
            while !rest.is_empty() {
                let (chunk, tail) = rest.split_at(rng.chunk_len(rest.len()));
                enc.update(chunk, &mut out).unwrap();
                rest = tail;
            }
            enc.finish(&mut out).unwrap();
            out
        }
    };
    let dopts = DecryptOptions {
        limits: datakey_fuzz::limits(),
        ..Default::default()
    };
    let footer_at = ct.len() - 105;
    assert_eq!(&ct[footer_at..footer_at + 2], &[0, 103]);

    // Intact: every path gives the plaintext back.
    let d = message::decrypt(&ct, keyring.as_ref(), &dopts).unwrap();
    assert_eq!(&d.plaintext[..], plaintext);
    assert_eq!(d.header.suite_id, 0x0578);

    // Damaged: one byte changed, or the message cut short.
    let mut bad = ct.clone();
    let at = (rng.next_u64() % ct.len() as u64) as usize;
    if control & 0x80 == 0 {
        bad[at] ^= 1 | (control & 0x7e);
    } else {
        bad.truncate(at);
    }
    let typed = |e: &datakey::Error| {
        matches!(
            e,
            datakey::Error::Decryption
                | datakey::Error::Malformed(_)
                | datakey::Error::NoMatchingKey(_)
                | datakey::Error::UnsupportedSuite(_)
                | datakey::Error::UnsupportedVersion(_)
                | datakey::Error::CommitmentPolicy(_)
                | datakey::Error::ResourceLimit(_)
        )
    };
    let e = message::decrypt(&bad, keyring.as_ref(), &dopts).unwrap_err();
    assert!(typed(&e), "{e:?}");
    if let Ok(opened) = message::open(&bad, keyring.as_ref(), &dopts) {
        let mut out = vec![0x5au8; opened.plaintext_len()];
        let e = opened.decrypt_to_slice(&mut out).unwrap_err();
        assert!(typed(&e), "{e:?}");
        assert!(out.iter().all(|&b| b == 0), "to-slice output not zeroed");
    }
    let mut buf = bad.clone();
    let e = message::decrypt_in_place(&mut buf, keyring.as_ref(), &dopts).unwrap_err();
    assert!(typed(&e), "{e:?}");
    // The signature covers every byte and is checked before any frame is opened in place.
    assert!(buf == bad, "in-place buffer changed");
    let mut dec = Decryptor::new(keyring.clone(), dopts.clone());
    let mut out = Vec::new();
    let mut rest = &bad[..];
    let mut result = Ok(());
    while !rest.is_empty() && result.is_ok() {
        let (chunk, tail) = rest.split_at(rng.chunk_len(rest.len()));
        result = dec.update(chunk, &mut out);
        rest = tail;
    }
    let result = result.and_then(|()| dec.finish().map(|_| ()));
    let e = result.unwrap_err();
    assert!(typed(&e), "{e:?}");
    // Only whole regular frames of the real plaintext came out, never the final frame.
    assert_eq!(out.len() % frame_length as usize, 0, "final frame released");
    assert!(plaintext.starts_with(&out), "unauthenticated plaintext released");
});
