//! Target (5): streaming decryption with arbitrary chunk boundaries agrees with one-shot
//! decryption: the same plaintext and header on success, the same error kind on failure. Both the
//! push-style `Decryptor` and the `Read`/`Write` wrapper `decrypt_stream` are checked, and the
//! decryptor never buffers more than one header or one frame. The whole-message paths agree too:
//! `open` + `decrypt_to_slice` (output zeroed after a failure) and `decrypt_in_place` (buffer
//! unchanged when `open` fails, emptied after a frame error — or, for a signed message, unchanged
//! when its signature fails first: never partial); a decrypted plaintext encrypted again with
//! `encrypt_in_place` (signed again if it was signed) decrypts back to itself. A failed streaming
//! decrypt of a signed message never released its final frame.
//!
//! Input: 8 bytes seeding the chunk boundaries, then the message.
#![no_main]

use std::io::Read;

use datakey::message::{self, Decryptor};
use datakey_fuzz::Rng;
use libfuzzer_sys::fuzz_target;

/// A reader that hands out the message in the chunk sizes the RNG picks.
struct Chunked<'a> {
    rest: &'a [u8],
    rng: Rng,
}

impl Read for Chunked<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.rng.chunk_len(buf.len()).min(self.rest.len());
        buf[..n].copy_from_slice(&self.rest[..n]);
        self.rest = &self.rest[n..];
        Ok(n)
    }
}

fuzz_target!(|data: &[u8]| {
    if data.len() < 8 {
        return;
    }
    let (seed, msg) = data.split_at(8);
    let keyring = datakey_fuzz::keyring();
    for opts in datakey_fuzz::option_sets() {
        let oneshot = message::decrypt(msg, keyring.as_ref(), &opts);

        let bound = opts
            .limits
            .max_header_size
            .max(opts.limits.max_frame_length as usize + 40);
        let mut rng = Rng::new(seed);
        let mut dec = Decryptor::new(keyring.clone(), opts.clone());
        let mut out = Vec::new();
        let mut rest = msg;
        let mut failed = None;
        while !rest.is_empty() {
            let (chunk, tail) = rest.split_at(rng.chunk_len(rest.len()));
            rest = tail;
            if let Err(e) = dec.update(chunk, &mut out) {
                // A spent decryptor refuses everything after.
                assert!(dec.update(b"x", &mut out).is_err());
                failed = Some(e);
                break;
            }
            assert!(
                dec.buffered_len() <= bound,
                "buffered {}",
                dec.buffered_len()
            );
            assert!(dec.buffered_len() <= msg.len());
        }
        let dec_header = dec.header().cloned();
        let streamed = match failed {
            Some(e) => Err(e),
            None => dec.finish(),
        };

        let mut written = Vec::new();
        let wrapped = message::decrypt_stream(
            Chunked {
                rest: msg,
                rng: Rng::new(seed),
            },
            &mut written,
            keyring.as_ref(),
            &opts,
        );

        // Into a caller's buffer, and in place.
        let mut opened_signed = false;
        let (sliced, sliced_out, opened_ok) = match message::open(msg, keyring.as_ref(), &opts) {
            Err(e) => (Err(e), Vec::new(), false),
            Ok(opened) => {
                opened_signed = message::AlgorithmSuite::from_id(opened.header().suite_id)
                    .is_ok_and(|s| s.is_signed());
                if let Ok(d) = &oneshot {
                    assert_eq!(opened.header(), &d.header);
                    assert_eq!(opened.plaintext_len(), d.plaintext.len());
                }
                let mut buf = vec![0xA5u8; opened.plaintext_len()];
                let r = opened.decrypt_to_slice(&mut buf);
                (r, buf, true)
            }
        };
        let mut in_place = msg.to_vec();
        let placed = message::decrypt_in_place(&mut in_place, keyring.as_ref(), &opts);
        match (&oneshot, &sliced, &placed) {
            (Ok(d), Ok(h1), Ok(h2)) => {
                assert_eq!(&d.plaintext[..], &sliced_out[..]);
                assert_eq!(&d.plaintext[..], &in_place[..]);
                assert_eq!(&d.header, h1);
                assert_eq!(&d.header, h2);
            }
            (Err(a), Err(b), Err(c)) => {
                // `open` checks the body's length against its final frame before trying any
                // frame; the one-shot reports the first defect in stream order. With a single
                // defect they agree; with several, a layout error from `open` may stand for a
                // later frame error of the one-shot.
                let body_stage = |e: &datakey::Error| {
                    matches!(
                        e,
                        datakey::Error::Malformed(_)
                            | datakey::Error::ResourceLimit(_)
                            | datakey::Error::Decryption
                    )
                };
                let layout_first = !opened_ok
                    && matches!(
                        b,
                        datakey::Error::Malformed(_) | datakey::Error::ResourceLimit(_)
                    )
                    && body_stage(a);
                if !layout_first {
                    assert_eq!(a.name(), b.name(), "one-shot {a:?} vs to-slice {b:?}");
                }
                // In place, a signed message's frame sequence numbers and IVs, then its
                // signature, are all checked before any frame is opened; to slice goes frame by
                // frame. With a single defect they agree; with a damaged frame before a
                // malformed one, in place names the malformed one.
                let structure_first = opened_signed
                    && matches!(b, datakey::Error::Decryption)
                    && matches!(c, datakey::Error::Malformed(_));
                if !structure_first {
                    assert_eq!(b.name(), c.name(), "to-slice {b:?} vs in-place {c:?}");
                }
                assert!(sliced_out.iter().all(|&x| x == 0), "output not zeroed");
                if opened_ok && opened_signed {
                    // The signature is checked before any frame: a bad one leaves the buffer.
                    assert!(
                        in_place.is_empty() || in_place == msg,
                        "in-place buffer partly decrypted"
                    );
                } else if opened_ok {
                    assert!(
                        in_place.is_empty(),
                        "in-place buffer kept after a frame error"
                    );
                } else {
                    assert_eq!(
                        &in_place[..],
                        msg,
                        "in-place buffer changed by a header error"
                    );
                }
            }
            _ => panic!(
                "one-shot and whole-message paths disagree: {:?} / {:?} / {:?}",
                oneshot.as_ref().map(|d| d.plaintext.len()),
                sliced.as_ref().map(|h| h.header_len),
                placed.as_ref().map(|h| h.header_len)
            ),
        }
        if let Ok(d) = &oneshot {
            let frame_length = d.header.frame_length;
            let signed = message::AlgorithmSuite::from_id(d.header.suite_id)
                .is_ok_and(|s| s.is_signed());
            // A signed message's verification key is the library's, not the caller's.
            let mut encryption_context = d.header.encryption_context.clone();
            encryption_context.remove("aws-crypto-public-key");
            let eopts = message::EncryptOptions {
                encryption_context,
                required_context_keys: d.header.required_context_keys.clone(),
                frame_length: if frame_length >= 16 && frame_length % 16 == 0 {
                    frame_length.min(1 << 16)
                } else {
                    4096
                },
                algorithm_suite: if signed {
                    message::AlgorithmSuite::SIGNED
                } else {
                    message::AlgorithmSuite::DEFAULT
                },
            };
            let mut buf = d.plaintext.to_vec();
            if message::encrypt_in_place(&mut buf, keyring.as_ref(), &eopts).is_ok() {
                // Default limits: the new header (two EDKs) may outgrow the fuzz limits.
                let ropts = message::DecryptOptions {
                    limits: Default::default(),
                    ..opts.clone()
                };
                let back = message::decrypt(&buf, keyring.as_ref(), &ropts).unwrap();
                assert_eq!(&back.plaintext[..], &d.plaintext[..]);
            }
        }

        match (&oneshot, &streamed, &wrapped) {
            (Ok(d), Ok(h1), Ok(h2)) => {
                assert_eq!(&d.plaintext[..], &out[..]);
                assert_eq!(&d.plaintext[..], &written[..]);
                assert_eq!(&d.header, h1);
                assert_eq!(&d.header, h2);
            }
            (Err(a), Err(b), Err(c)) => {
                assert_eq!(a.name(), b.name(), "one-shot {a:?} vs streamed {b:?}");
                assert_eq!(a.name(), c.name(), "one-shot {a:?} vs decrypt_stream {c:?}");
                // What was released before the failure is a prefix of the verified frames.
                assert!(out.len() <= msg.len());
                // A signed message's final frame is held until its signature verifies: only
                // whole regular frames came out (unless the signature verified and bytes
                // followed it).
                let after_footer = b.message().contains("follow the signature");
                if let Some(h) = dec_header.as_ref().filter(|h| h.framed && !after_footer) {
                    let signed = message::AlgorithmSuite::from_id(h.suite_id)
                        .is_ok_and(|s| s.is_signed());
                    if signed {
                        assert_eq!(out.len() % h.frame_length as usize, 0, "final frame released");
                    }
                }
            }
            _ => panic!(
                "one-shot and streaming disagree: {:?} / {:?} / {:?}",
                oneshot.as_ref().map(|d| d.plaintext.len()),
                streamed.as_ref().map(|h| h.header_len),
                wrapped.as_ref().map(|h| h.header_len)
            ),
        }
    }
});
