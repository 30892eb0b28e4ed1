//! HKDF and SHA-512 from RustCrypto (`hkdf`, `sha2`). Chosen over AWS-LC's by measurement
//! (BENCHMARKS.md, "1 KiB"): the message key schedule is HKDF-SHA512 extract + two expands, and
//! `hkdf` keys the PRK's HMAC once and clones its state for each expand (10 SHA-512
//! compressions), where `aws-lc-rs`'s `hkdf` runs extract + expand again for every expand (16)
//! and its `HKDF_expand` re-keys the HMAC for every expand (12). One compression costs the same
//! in both (AVX2 code).

use hkdf::Hkdf;
use sha2::{Digest, Sha256};

pub(super) fn hkdf_sha256(
    salt: Option<&[u8]>,
    ikm: &[u8],
    info: &[u8],
    out: &mut [u8],
) -> Result<(), ()> {
    Hkdf::<Sha256>::new(salt, ikm)
        .expand(info, out)
        .map_err(|_| ())
}

/// The HKDF-SHA512 pseudorandom key, its HMAC keyed once.
pub(super) struct Prk512(Hkdf<sha2::Sha512>);

impl Prk512 {
    pub(super) fn extract(salt: &[u8], ikm: &[u8]) -> Self {
        Self(Hkdf::new(Some(salt), ikm))
    }

    pub(super) fn expand(&self, info: &[u8], out: &mut [u8]) -> Result<(), ()> {
        self.0.expand(info, out).map_err(|_| ())
    }
}

/// Incremental SHA-512.
#[derive(Default)]
pub(super) struct Sha512(sha2::Sha512);

impl Sha512 {
    pub(super) fn update(&mut self, data: &[u8]) {
        self.0.update(data);
    }

    pub(super) fn finalize(self) -> [u8; 64] {
        let mut out = [0u8; 64];
        out.copy_from_slice(&self.0.finalize());
        out
    }
}
