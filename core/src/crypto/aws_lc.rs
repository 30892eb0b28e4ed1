//! The default backend: AWS-LC through `aws-lc-rs` — AES-GCM (128, 192 and 256 bits, with its
//! AVX-512/VAES code where the CPU has it), the operating system's random number generator
//! (AWS-LC's fork-safe DRBG), SHA-256.

use aws_lc_rs::aead::{AES_128_GCM, AES_192_GCM, AES_256_GCM, Aad, LessSafeKey, Nonce, UnboundKey};

use super::{AeadError, NONCE_LEN, TAG_LEN};

/// An AES-GCM key with its schedule (AWS-LC keeps the schedule in an `EVP_AEAD_CTX` and wipes
/// it when the key drops).
pub(super) struct Key(LessSafeKey);

impl Key {
    /// `None` for a length other than 16, 24 or 32.
    pub(super) fn new(key: &[u8]) -> Option<Self> {
        let alg = match key.len() {
            16 => &AES_128_GCM,
            24 => &AES_192_GCM,
            32 => &AES_256_GCM,
            _ => return None,
        };
        UnboundKey::new(alg, key)
            .ok()
            .map(|k| Self(LessSafeKey::new(k)))
    }

    pub(super) fn seal_in_place(
        &self,
        nonce: &[u8; NONCE_LEN],
        aad: &[u8],
        in_out: &mut [u8],
    ) -> Result<[u8; TAG_LEN], AeadError> {
        let tag = self
            .0
            .seal_in_place_separate_tag(
                Nonce::assume_unique_for_key(*nonce),
                Aad::from(aad),
                in_out,
            )
            .map_err(|_| AeadError)?;
        let mut out = [0u8; TAG_LEN];
        out.copy_from_slice(tag.as_ref());
        Ok(out)
    }

    /// One pass from `input` into `out` (same length): `EVP_AEAD_CTX_seal_scatter`.
    pub(super) fn seal_to(
        &self,
        nonce: &[u8; NONCE_LEN],
        aad: &[u8],
        input: &[u8],
        out: &mut [u8],
    ) -> Result<[u8; TAG_LEN], AeadError> {
        let mut tag = [0u8; TAG_LEN];
        self.0
            .seal_out_of_place_scatter(
                Nonce::assume_unique_for_key(*nonce),
                Aad::from(aad),
                input,
                out,
                &[],
                &mut tag,
            )
            .map_err(|_| AeadError)?;
        Ok(tag)
    }

    /// The caller zeroes `in_out` on failure.
    pub(super) fn open_in_place(
        &self,
        nonce: &[u8; NONCE_LEN],
        aad: &[u8],
        in_out: &mut [u8],
        tag: &[u8; TAG_LEN],
    ) -> Result<(), AeadError> {
        self.0
            .open_in_place_separate_tag(
                Nonce::assume_unique_for_key(*nonce),
                Aad::from(aad),
                tag,
                in_out,
            )
            .map(|_| ())
            .map_err(|_| AeadError)
    }

    /// One pass from `input` into `out` (same length): `EVP_AEAD_CTX_open_gather`. The caller
    /// zeroes `out` on failure.
    pub(super) fn open_to(
        &self,
        nonce: &[u8; NONCE_LEN],
        aad: &[u8],
        input: &[u8],
        tag: &[u8; TAG_LEN],
        out: &mut [u8],
    ) -> Result<(), AeadError> {
        self.0
            .open_separate_gather(
                Nonce::assume_unique_for_key(*nonce),
                Aad::from(aad),
                input,
                tag,
                out,
            )
            .map_err(|_| AeadError)
    }
}

pub(super) fn sha256(data: &[u8]) -> [u8; 32] {
    let d = aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, data);
    let mut out = [0u8; 32];
    out.copy_from_slice(d.as_ref());
    out
}
