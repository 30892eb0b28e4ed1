//! The public primitives under datakey's formats: AES-GCM on the build's backends, ECDSA
//! P-256 / P-384 signing and verification, and the operating system's random number generator.
//!
//! **Hazardous material.** These functions take nonces from the caller and do nothing to stop
//! their reuse; a reused nonce under one key destroys GCM's security. Applications want
//! [`message::encrypt`](crate::message) or the KMS operations instead. This module exists for
//! differential tests against other implementations (the Wycheproof vectors, the AEAD fuzz
//! target), for benchmarks of the cipher's limit, and for tests that need random bytes or a
//! message signature of their own. They are the exact code datakey's formats run (the same
//! types, re-exported), so what is measured or tested here is what the formats use.
//!
//! Backends: AWS-LC (`aws-lc-rs`) by default; with the cargo feature `ring`, AES-128-GCM and
//! AES-256-GCM run on ring 0.17 and [`AesGcmKey::with_backend`] picks either
//! ([`AeadBackend::ALL`]).

pub use crate::crypto::{AeadBackend, AeadError, AesGcmKey, NONCE_LEN, TAG_LEN, fill_random};

/// ECDSA with the curves and hashes of the signed ESDK suites: P-256 with SHA-256 (0x0214) and
/// P-384 with SHA-384 (0x0346, 0x0378, 0x0578), DER signatures, SEC1 compressed public keys.
pub mod sign {
    pub use crate::crypto::sign::{SignatureAlgorithm, SignatureError, SigningKey, Verifier};
}
