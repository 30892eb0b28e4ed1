//! HKDF and SHA-512 from RustCrypto (`hkdf`, `sha2`). Chosen over AWS-LC's by measurement
//! (BENCHMARKS.md, "1 KiB"): the message key schedule is HKDF-SHA512 extract + two expands, and
//! `hkdf` keys the PRK's HMAC once and clones its state for each expand (10 SHA-512
//! compressions), where `aws-lc-rs`'s `hkdf` runs extract + expand again for every expand (16)
//! and its `HKDF_expand` re-keys the HMAC for every expand (12). One compression costs the same
//! in both (AVX2 code).

use hkdf::Hkdf;
use sha2::{Digest, Sha256, Sha384};

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

pub(super) fn hkdf_sha384(
    salt: Option<&[u8]>,
    ikm: &[u8],
    info: &[u8],
    out: &mut [u8],
) -> Result<(), ()> {
    Hkdf::<Sha384>::new(salt, ikm)
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

/// Argon2id v1.3 parameters as the `argon2` crate takes them, or `None` when it refuses them.
fn argon2id_params(
    m_cost_kib: u32,
    t_cost: u32,
    p_cost: u32,
    out_len: usize,
) -> Option<argon2::Params> {
    argon2::Params::new(m_cost_kib, t_cost, p_cost, Some(out_len)).ok()
}

pub(super) fn argon2id_accepts(m_cost_kib: u32, t_cost: u32, p_cost: u32, out_len: usize) -> bool {
    argon2id_params(m_cost_kib, t_cost, p_cost, out_len).is_some()
}

pub(super) fn argon2id(
    password: &[u8],
    salt: &[u8],
    (m_cost_kib, t_cost, p_cost): (u32, u32, u32),
    out: &mut [u8],
) -> Result<(), ()> {
    let params = argon2id_params(m_cost_kib, t_cost, p_cost, out.len()).ok_or(())?;
    argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params)
        .hash_password_into(password, salt, out)
        .map_err(|_| ())
}
