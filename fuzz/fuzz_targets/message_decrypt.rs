//! Target (1): decrypting arbitrary bytes with a fixed keyring returns an error or a verified
//! plaintext, never panics, and never yields more plaintext than it was given ciphertext.
//!
//! Seeds (`core/examples/fuzz_seed.rs`, `fuzz/seed.sh`) are real messages under the fixed keyring
//! and the official ESDK vectors, so mutations of the body meet an authenticated header.
#![no_main]

use datakey::message;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let keyring = datakey_fuzz::keyring();
    for opts in datakey_fuzz::option_sets() {
        match message::decrypt(data, keyring.as_ref(), &opts) {
            Ok(d) => {
                assert!(d.plaintext.len() < data.len());
                assert!(d.header.header_len < data.len());
                assert!(matches!(d.header.version, 1 | 2));
            }
            Err(e) => {
                // Formatting an error never panics, and the opaque failures stay opaque.
                let shown = format!("{e} {e:?} {}", e.name());
                assert!(!shown.is_empty());
                if matches!(e, datakey::Error::Decryption) {
                    assert!(e.message().is_empty());
                }
            }
        }
    }
});
