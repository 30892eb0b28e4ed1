//! The alternative AES-GCM backend, built with the `ring` cargo feature: ring 0.17 for AES-128-GCM
//! and AES-256-GCM (it has no AES-192; those keys stay on AWS-LC). ring seals and opens in place
//! only, so its out-of-place operations copy first.

use ring::aead::{AES_128_GCM, AES_256_GCM, Aad, LessSafeKey, Nonce, Tag, UnboundKey};

use super::{AeadError, NONCE_LEN, TAG_LEN};

/// An AES-GCM key with ring's schedule.
pub(super) struct Key(LessSafeKey);

impl Key {
    /// `None` for a length other than 16 or 32.
    pub(super) fn new(key: &[u8]) -> Option<Self> {
        let alg = match key.len() {
            16 => &AES_128_GCM,
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

    /// The caller zeroes `in_out` on failure.
    pub(super) fn open_in_place(
        &self,
        nonce: &[u8; NONCE_LEN],
        aad: &[u8],
        in_out: &mut [u8],
        tag: &[u8; TAG_LEN],
    ) -> Result<(), AeadError> {
        self.open_within(nonce, aad, in_out, 0, tag)
    }

    /// Decrypts `in_out[src..]` into `in_out[..len - src]` in one pass (ring's `open_within`).
    pub(super) fn open_within(
        &self,
        nonce: &[u8; NONCE_LEN],
        aad: &[u8],
        in_out: &mut [u8],
        src: usize,
        tag: &[u8; TAG_LEN],
    ) -> Result<(), AeadError> {
        self.0
            .open_in_place_separate_tag(
                Nonce::assume_unique_for_key(*nonce),
                Aad::from(aad),
                Tag::from(*tag),
                in_out,
                src..,
            )
            .map(|_| ())
            .map_err(|_| AeadError)
    }
}
