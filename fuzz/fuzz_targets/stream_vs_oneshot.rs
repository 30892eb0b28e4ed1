//! Target (5): streaming decryption with arbitrary chunk boundaries agrees with one-shot
//! decryption: the same plaintext and header on success, the same error kind on failure. Both the
//! push-style `Decryptor` and the `Read`/`Write` wrapper `decrypt_stream` are checked, and the
//! decryptor never buffers more than one header or one frame.
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
