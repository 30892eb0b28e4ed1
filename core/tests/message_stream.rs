//! Streaming: chunk boundaries, bounded buffering, truncation, reordering, duplication, trailing
//! bytes, and the Read/Write wrappers.

#![allow(clippy::unwrap_used)]

use std::io::{Cursor, Read};
use std::sync::Arc;

use datakey::keyring::{Keyring, RawAesKeyring};
use datakey::message::{
    self, DecryptOptions, Decryptor, EncryptOptions, Encryptor, decrypt_stream, encrypt_stream,
};
use datakey::{EncryptionContext, Error};

const F: usize = 128;

fn keyring() -> Arc<dyn Keyring> {
    Arc::new(RawAesKeyring::new("stream", "key", &[0x5c; 32]).unwrap())
}

fn opts() -> EncryptOptions {
    EncryptOptions {
        frame_length: F as u32,
        encryption_context: EncryptionContext::from_iter([("a", "b")]),
        ..Default::default()
    }
}

fn pattern(n: usize) -> Vec<u8> {
    (0..n).map(|i| (i % 251) as u8).collect()
}

fn stream_encrypt(k: &dyn Keyring, pt: &[u8], chunk: usize) -> Vec<u8> {
    let mut enc = Encryptor::new(k, opts()).unwrap();
    let mut out = Vec::new();
    for c in pt.chunks(chunk.max(1)) {
        enc.update(c, &mut out).unwrap();
    }
    enc.finish(&mut out).unwrap();
    out
}

fn stream_decrypt(k: &Arc<dyn Keyring>, ct: &[u8], chunk: usize) -> Result<Vec<u8>, Error> {
    let mut dec = Decryptor::new(k.clone(), DecryptOptions::default());
    let mut out = Vec::new();
    for c in ct.chunks(chunk.max(1)) {
        dec.update(c, &mut out)?;
        assert!(dec.buffered_len() <= 256 + F, "held {}", dec.buffered_len());
    }
    dec.finish()?;
    Ok(out)
}

/// Splits a message into (header, frames) using the known layout (frame length F).
fn split(ct: &[u8], header_len: usize) -> (Vec<u8>, Vec<Vec<u8>>) {
    let mut frames = Vec::new();
    let mut at = header_len;
    while at < ct.len() {
        let len = if ct[at..at + 4] == [0xff; 4] {
            let n = u32::from_be_bytes(ct[at + 20..at + 24].try_into().unwrap()) as usize;
            40 + n
        } else {
            32 + F
        };
        frames.push(ct[at..at + len].to_vec());
        at += len;
    }
    (ct[..header_len].to_vec(), frames)
}

const CHUNKS: [usize; 10] = [1, 2, 3, 7, 13, 31, 127, 128, 129, 4099];

#[test]
fn any_chunking_equals_one_shot() {
    let k = keyring();
    for n in [0, 1, 127, 128, 129, 1000, 3 * F] {
        let pt = pattern(n);
        let one_shot = message::encrypt(&pt, k.as_ref(), &opts()).unwrap();
        for chunk in CHUNKS {
            // encrypting in chunks: same size, same plaintext
            let ct = stream_encrypt(k.as_ref(), &pt, chunk);
            assert_eq!(ct.len(), one_shot.len(), "n={n} chunk={chunk}");
            let d = message::decrypt(&ct, k.as_ref(), &DecryptOptions::default()).unwrap();
            assert_eq!(&d.plaintext[..], &pt[..]);
            // decrypting in chunks: same plaintext as one-shot
            assert_eq!(stream_decrypt(&k, &one_shot, chunk).unwrap(), pt);
        }
    }
}

#[test]
fn header_is_available_once_authenticated() {
    let k = keyring();
    let ct = message::encrypt(&pattern(300), k.as_ref(), &opts()).unwrap();
    let header_len = Encryptor::new(k.as_ref(), opts()).unwrap().header_len();
    let mut dec = Decryptor::new(k.clone(), DecryptOptions::default());
    let mut out = Vec::new();
    dec.update(&ct[..header_len - 1], &mut out).unwrap();
    assert!(dec.header().is_none());
    assert_eq!(dec.buffered_len(), header_len - 1);
    dec.update(&ct[header_len - 1..header_len], &mut out)
        .unwrap();
    let h = dec.header().unwrap();
    assert_eq!(h.encryption_context.get("a"), Some("b"));
    assert_eq!(dec.buffered_len(), 0);
    assert!(out.is_empty());
    // one frame arrives: exactly its plaintext is released
    dec.update(&ct[header_len..header_len + 32 + F], &mut out)
        .unwrap();
    assert_eq!(out, pattern(300)[..F]);
    dec.update(&ct[header_len + 32 + F..], &mut out).unwrap();
    assert_eq!(dec.finish().unwrap().frame_length, F as u32);
    assert_eq!(out, pattern(300));
}

#[test]
fn a_stream_cut_before_its_final_frame_is_refused() {
    let k = keyring();
    let pt = pattern(5 * F + 9);
    let ct = message::encrypt(&pt, k.as_ref(), &opts()).unwrap();
    let header_len = ct.len() - (5 * (32 + F) + 40 + 9);
    for cut in header_len..ct.len() {
        let mut dec = Decryptor::new(k.clone(), DecryptOptions::default());
        let mut out = Vec::new();
        dec.update(&ct[..cut], &mut out).unwrap();
        // only whole, verified frames were released
        let frames_done = (cut - header_len) / (32 + F);
        assert_eq!(out, pt[..frames_done.min(5) * F], "cut={cut}");
        let e = dec.finish().unwrap_err();
        assert!(matches!(e, Error::Malformed(_)), "cut={cut}: {e}");
        assert!(message::decrypt(&ct[..cut], k.as_ref(), &DecryptOptions::default()).is_err());
    }
}

#[test]
fn reordered_duplicated_dropped_frames_and_trailing_bytes_are_refused() {
    let k = keyring();
    let pt = pattern(4 * F + 5);
    let ct = message::encrypt(&pt, k.as_ref(), &opts()).unwrap();
    let header_len = ct.len() - (4 * (32 + F) + 40 + 5);
    let (header, frames) = split(&ct, header_len);
    assert_eq!(frames.len(), 5);
    let join = |order: &[usize]| {
        let mut m = header.clone();
        for &i in order {
            m.extend_from_slice(&frames[i]);
        }
        m
    };
    assert_eq!(join(&[0, 1, 2, 3, 4]), ct);
    for (what, order) in [
        ("swapped", vec![1, 0, 2, 3, 4]),
        ("duplicated", vec![0, 1, 1, 2, 3, 4]),
        ("dropped", vec![0, 2, 3, 4]),
        ("final early", vec![0, 1, 4]),
        ("final twice", vec![0, 1, 2, 3, 4, 4]),
        ("no final", vec![0, 1, 2, 3]),
    ] {
        let m = join(&order);
        assert!(
            message::decrypt(&m, k.as_ref(), &DecryptOptions::default()).is_err(),
            "{what}"
        );
        for chunk in [1, 37, 4096] {
            assert!(
                stream_decrypt(&k, &m, chunk).is_err(),
                "{what} chunk={chunk}"
            );
        }
    }
    // trailing bytes: refused as soon as they arrive
    let mut dec = Decryptor::new(k.clone(), DecryptOptions::default());
    let mut out = Vec::new();
    dec.update(&ct, &mut out).unwrap();
    let e = dec.update(&[0], &mut out).unwrap_err();
    assert!(matches!(e, Error::Malformed(_)), "{e}");
    // and the decryptor is spent afterwards
    assert!(dec.update(&[], &mut out).is_err());
    assert!(dec.finish().is_err());
}

#[test]
fn a_tampered_frame_releases_nothing_of_itself() {
    let k = keyring();
    let pt = pattern(3 * F);
    let mut ct = message::encrypt(&pt, k.as_ref(), &opts()).unwrap();
    let header_len = ct.len() - (3 * (32 + F) + 40);
    ct[header_len + (32 + F) + 20] ^= 0x01; // a ciphertext byte of frame 2
    let mut dec = Decryptor::new(k.clone(), DecryptOptions::default());
    let mut out = Vec::new();
    let e = dec.update(&ct, &mut out).unwrap_err();
    assert!(matches!(e, Error::Decryption));
    assert_eq!(out, pt[..F]);
}

/// A reader that hands out at most `max` bytes per read, and reports an interruption first.
struct Trickle<R> {
    inner: R,
    max: usize,
    interrupted: bool,
}

impl<R: Read> Read for Trickle<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if !self.interrupted {
            self.interrupted = true;
            return Err(std::io::ErrorKind::Interrupted.into());
        }
        let n = buf.len().min(self.max);
        self.inner.read(&mut buf[..n])
    }
}

#[test]
fn read_write_wrappers() {
    let k = keyring();
    for n in [0, 1, F, 200_000] {
        let pt = pattern(n);
        let mut ct = Vec::new();
        let written = encrypt_stream(
            Trickle {
                inner: Cursor::new(&pt),
                max: 1000,
                interrupted: false,
            },
            &mut ct,
            k.as_ref(),
            &opts(),
        )
        .unwrap();
        assert_eq!(written as usize, ct.len());
        let mut back = Vec::new();
        let header = decrypt_stream(
            Trickle {
                inner: Cursor::new(&ct),
                max: 333,
                interrupted: false,
            },
            &mut back,
            k.as_ref(),
            &DecryptOptions::default(),
        )
        .unwrap();
        assert_eq!(back, pt);
        assert_eq!(header.frame_length, F as u32);
        // cut streams are refused
        if n > 0 {
            let mut sink = Vec::new();
            let r = decrypt_stream(
                Cursor::new(&ct[..ct.len() - 1]),
                &mut sink,
                k.as_ref(),
                &DecryptOptions::default(),
            );
            assert!(r.is_err());
        }
    }
}

#[test]
fn state_machines_are_send() {
    fn send<T: Send>() {}
    send::<Encryptor>();
    send::<Decryptor>();
    send::<message::Decrypted>();
    // and they can move across threads mid-message
    let k = keyring();
    let mut enc = Encryptor::new(k.as_ref(), opts()).unwrap();
    let mut ct = Vec::new();
    enc.update(&pattern(300), &mut ct).unwrap();
    let ct = std::thread::spawn(move || {
        enc.finish(&mut ct).unwrap();
        ct
    })
    .join()
    .unwrap();
    let mut dec = Decryptor::new(k, DecryptOptions::default());
    let mut out = Vec::new();
    dec.update(&ct[..100], &mut out).unwrap();
    let out = std::thread::spawn(move || {
        dec.update(&ct[100..], &mut out).unwrap();
        dec.finish().unwrap();
        out
    })
    .join()
    .unwrap();
    assert_eq!(out, pattern(300));
}
