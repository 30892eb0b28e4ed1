//! Raw AES-GCM and randomness: the primitives under datakey's formats.
//!
//! **Hazardous material.** These functions take nonces from the caller and do nothing to stop
//! their reuse; a reused nonce under one key destroys GCM's security. Applications want
//! [`message::encrypt`](crate::message) or the KMS operations instead. This module exists for
//! datakey's own formats, its differential fuzz target and its benchmarks.
//!
//! ring provides AES-128-GCM and AES-256-GCM (the hot path, with AVX2/VAES code); the RustCrypto
//! `aes-gcm` crate provides AES-192-GCM, which ring lacks (legacy ESDK suites and 192-bit raw AES
//! wrapping keys).

use core::fmt;

use aes_gcm::aead::consts::U12;
use aes_gcm::aead::{AeadInOut, KeyInit};
use aes_gcm::aes::Aes192;
use ring::aead::{AES_128_GCM, AES_256_GCM, Aad, LessSafeKey, Nonce, UnboundKey};
use ring::rand::{SecureRandom, SystemRandom};

use crate::error::{Error, Result};

/// Length of an AES-GCM nonce (IV) in every datakey format.
pub const NONCE_LEN: usize = 12;
/// Length of an AES-GCM authentication tag in every datakey format.
pub const TAG_LEN: usize = 16;

/// Fills `buf` from the operating system's random number generator.
///
/// # Errors
///
/// [`Error::KmsInternal`] if the system RNG fails (it does not on supported platforms).
pub fn fill_random(buf: &mut [u8]) -> Result<()> {
    SystemRandom::new()
        .fill(buf)
        .map_err(|_| Error::KmsInternal("the system random number generator failed".into()))
}

/// The AES-GCM failure: wrong tag (or input too long). Deliberately carries nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AeadError;

/// An AES-GCM key (128, 192 or 256 bits) with its key schedule, ready for many operations.
///
/// `Debug` shows only the key length. The RustCrypto backend zeroizes its schedule on drop.
pub struct AesGcmKey {
    inner: Backend,
    key_len: usize,
}

// ring's key is the common, hot case; keeping it inline avoids a pointer chase per frame.
#[allow(clippy::large_enum_variant)]
enum Backend {
    Ring(LessSafeKey),
    RustCrypto(Box<aes_gcm::AesGcm<Aes192, U12>>),
    RustCrypto128(Box<aes_gcm::Aes128Gcm>),
    RustCrypto256(Box<aes_gcm::Aes256Gcm>),
}

impl AesGcmKey {
    /// A key from 16, 24 or 32 bytes: ring for 16 and 32, `aes-gcm` for 24.
    ///
    /// # Errors
    ///
    /// [`Error::Validation`] for any other length.
    pub fn new(key: &[u8]) -> Result<Self> {
        let inner = match key.len() {
            16 => Backend::Ring(ring_key(&AES_128_GCM, key)?),
            32 => Backend::Ring(ring_key(&AES_256_GCM, key)?),
            24 => Backend::RustCrypto(Box::new(
                aes_gcm::AesGcm::<Aes192, U12>::new_from_slice(key).map_err(|_| bad_len(24))?,
            )),
            n => return Err(bad_len(n)),
        };
        Ok(Self {
            inner,
            key_len: key.len(),
        })
    }

    /// A key on the RustCrypto `aes-gcm` backend whatever its length (for differential testing
    /// against ring).
    ///
    /// # Errors
    ///
    /// [`Error::Validation`] for a length other than 16, 24 or 32.
    pub fn new_rustcrypto(key: &[u8]) -> Result<Self> {
        let inner = match key.len() {
            16 => Backend::RustCrypto128(Box::new(
                aes_gcm::Aes128Gcm::new_from_slice(key).map_err(|_| bad_len(16))?,
            )),
            24 => Backend::RustCrypto(Box::new(
                aes_gcm::AesGcm::<Aes192, U12>::new_from_slice(key).map_err(|_| bad_len(24))?,
            )),
            32 => Backend::RustCrypto256(Box::new(
                aes_gcm::Aes256Gcm::new_from_slice(key).map_err(|_| bad_len(32))?,
            )),
            n => return Err(bad_len(n)),
        };
        Ok(Self {
            inner,
            key_len: key.len(),
        })
    }

    /// Key length in bytes.
    pub fn key_len(&self) -> usize {
        self.key_len
    }

    /// Encrypts `in_out` in place and returns the tag.
    ///
    /// # Errors
    ///
    /// [`AeadError`] if the input is too long for GCM.
    pub fn seal_in_place(
        &self,
        nonce: &[u8; NONCE_LEN],
        aad: &[u8],
        in_out: &mut [u8],
    ) -> Result<[u8; TAG_LEN], AeadError> {
        match &self.inner {
            Backend::Ring(k) => {
                let tag = k
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
            Backend::RustCrypto(c) => rc_seal(c.as_ref(), nonce, aad, in_out),
            Backend::RustCrypto128(c) => rc_seal(c.as_ref(), nonce, aad, in_out),
            Backend::RustCrypto256(c) => rc_seal(c.as_ref(), nonce, aad, in_out),
        }
    }

    /// Verifies `tag` and decrypts `in_out` in place. On failure `in_out` holds no plaintext
    /// (it is zeroed).
    ///
    /// # Errors
    ///
    /// [`AeadError`] if the tag does not verify.
    pub fn open_in_place(
        &self,
        nonce: &[u8; NONCE_LEN],
        aad: &[u8],
        in_out: &mut [u8],
        tag: &[u8; TAG_LEN],
    ) -> Result<(), AeadError> {
        let r = match &self.inner {
            Backend::Ring(k) => {
                let tag = ring::aead::Tag::from(*tag);
                k.open_in_place_separate_tag(
                    Nonce::assume_unique_for_key(*nonce),
                    Aad::from(aad),
                    tag,
                    in_out,
                    0..,
                )
                .map(|_| ())
                .map_err(|_| AeadError)
            }
            Backend::RustCrypto(c) => rc_open(c.as_ref(), nonce, aad, in_out, tag),
            Backend::RustCrypto128(c) => rc_open(c.as_ref(), nonce, aad, in_out, tag),
            Backend::RustCrypto256(c) => rc_open(c.as_ref(), nonce, aad, in_out, tag),
        };
        if r.is_err() {
            zeroize::Zeroize::zeroize(in_out);
        }
        r
    }

    /// Verifies `tag` and decrypts the ciphertext held in `in_out[src..]`, writing the plaintext
    /// to the front of `in_out` (`in_out[..in_out.len() - src]`) in one pass: decrypting and
    /// shifting down at once (ring's `open_within`). Returns the plaintext's length. On failure
    /// the region where the plaintext would be holds none (it is zeroed); the ciphertext it
    /// overlapped is then lost.
    ///
    /// # Errors
    ///
    /// [`AeadError`] if `src > in_out.len()` or the tag does not verify.
    pub fn open_within(
        &self,
        nonce: &[u8; NONCE_LEN],
        aad: &[u8],
        in_out: &mut [u8],
        src: usize,
        tag: &[u8; TAG_LEN],
    ) -> Result<usize, AeadError> {
        let len = in_out.len().checked_sub(src).ok_or(AeadError)?;
        match &self.inner {
            Backend::Ring(k) => k
                .open_in_place_separate_tag(
                    Nonce::assume_unique_for_key(*nonce),
                    Aad::from(aad),
                    ring::aead::Tag::from(*tag),
                    in_out,
                    src..,
                )
                .map(|_| len)
                .map_err(|_| AeadError),
            _ => {
                in_out.copy_within(src.., 0);
                self.open_in_place(nonce, aad, &mut in_out[..len], tag)
                    .map(|()| len)
            }
        }
    }

    /// Encrypts `plaintext` into a new vector `ciphertext || tag`.
    ///
    /// # Errors
    ///
    /// [`AeadError`] if the input is too long for GCM.
    pub fn seal(
        &self,
        nonce: &[u8; NONCE_LEN],
        aad: &[u8],
        plaintext: &[u8],
    ) -> Result<Vec<u8>, AeadError> {
        let mut out = Vec::with_capacity(plaintext.len() + TAG_LEN);
        out.extend_from_slice(plaintext);
        let tag = self.seal_in_place(nonce, aad, &mut out)?;
        out.extend_from_slice(&tag);
        Ok(out)
    }

    /// Verifies and decrypts `ciphertext || tag` into new secret bytes.
    ///
    /// # Errors
    ///
    /// [`AeadError`] if the input is shorter than a tag or the tag does not verify.
    pub fn open(
        &self,
        nonce: &[u8; NONCE_LEN],
        aad: &[u8],
        ciphertext_and_tag: &[u8],
    ) -> Result<crate::SecretBytes, AeadError> {
        let split = ciphertext_and_tag
            .len()
            .checked_sub(TAG_LEN)
            .ok_or(AeadError)?;
        let (ct, tag) = ciphertext_and_tag.split_at(split);
        let mut tag_arr = [0u8; TAG_LEN];
        tag_arr.copy_from_slice(tag);
        let mut out = crate::SecretBytes::copy_from_slice(ct);
        self.open_in_place(nonce, aad, out.expose_secret_mut(), &tag_arr)?;
        Ok(out)
    }
}

fn ring_key(alg: &'static ring::aead::Algorithm, key: &[u8]) -> Result<LessSafeKey> {
    UnboundKey::new(alg, key)
        .map(LessSafeKey::new)
        .map_err(|_| bad_len(key.len()))
}

fn bad_len(n: usize) -> Error {
    Error::Validation(format!(
        "An AES-GCM key must be 16, 24 or 32 bytes long, not {n}."
    ))
}

fn rc_seal<C: AeadInOut<NonceSize = U12>>(
    c: &C,
    nonce: &[u8; NONCE_LEN],
    aad: &[u8],
    in_out: &mut [u8],
) -> Result<[u8; TAG_LEN], AeadError> {
    let nonce = aes_gcm::aead::Nonce::<C>::from(*nonce);
    let tag = c
        .encrypt_inout_detached(&nonce, aad, in_out.into())
        .map_err(|_| AeadError)?;
    let mut out = [0u8; TAG_LEN];
    out.copy_from_slice(&tag);
    Ok(out)
}

fn rc_open<C: AeadInOut<NonceSize = U12>>(
    c: &C,
    nonce: &[u8; NONCE_LEN],
    aad: &[u8],
    in_out: &mut [u8],
    tag: &[u8; TAG_LEN],
) -> Result<(), AeadError> {
    let nonce = aes_gcm::aead::Nonce::<C>::from(*nonce);
    let tag = aes_gcm::aead::Tag::<C>::try_from(&tag[..]).map_err(|_| AeadError)?;
    c.decrypt_inout_detached(&nonce, aad, in_out.into(), &tag)
        .map_err(|_| AeadError)
}

impl fmt::Debug for AesGcmKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AesGcmKey")
            .field("bits", &(self.key_len * 8))
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backends_agree() {
        for len in [16, 24, 32] {
            let key: Vec<u8> = (0..len as u8).collect();
            let a = AesGcmKey::new(&key).unwrap();
            let b = AesGcmKey::new_rustcrypto(&key).unwrap();
            let nonce = [7u8; 12];
            let ct = a.seal(&nonce, b"aad", b"hello world").unwrap();
            assert_eq!(ct, b.seal(&nonce, b"aad", b"hello world").unwrap());
            assert_eq!(
                b.open(&nonce, b"aad", &ct).unwrap().expose_secret(),
                b"hello world"
            );
            assert_eq!(
                a.open(&nonce, b"aad", &ct).unwrap().expose_secret(),
                b"hello world"
            );
            let mut bad = ct.clone();
            bad[0] ^= 1;
            assert_eq!(a.open(&nonce, b"aad", &bad).unwrap_err(), AeadError);
            assert_eq!(b.open(&nonce, b"aad", &bad).unwrap_err(), AeadError);
        }
        assert!(AesGcmKey::new(&[0; 20]).is_err());
    }

    #[test]
    fn open_within_shifts_down_on_both_backends() {
        for len in [16, 24, 32] {
            let key: Vec<u8> = (0..len as u8).collect();
            for k in [
                AesGcmKey::new(&key).unwrap(),
                AesGcmKey::new_rustcrypto(&key).unwrap(),
            ] {
                let nonce = [3u8; 12];
                let pt: Vec<u8> = (0..100u8).collect();
                let sealed = k.seal(&nonce, b"aad", &pt).unwrap();
                let (ct, tag) = sealed.split_at(100);
                let tag: [u8; TAG_LEN] = tag.try_into().unwrap();
                for shift in [0usize, 1, 17, 100, 300] {
                    let mut buf = vec![0xEEu8; shift];
                    buf.extend_from_slice(ct);
                    assert_eq!(
                        k.open_within(&nonce, b"aad", &mut buf, shift, &tag),
                        Ok(100)
                    );
                    assert_eq!(&buf[..100], &pt[..]);
                    let mut bad = vec![0xEEu8; shift];
                    bad.extend_from_slice(ct);
                    bad[shift] ^= 1;
                    let r = k.open_within(&nonce, b"aad", &mut bad, shift, &tag);
                    assert_eq!(r, Err(AeadError));
                    assert!(bad[..100].iter().all(|&b| b == 0));
                }
                let mut short = vec![0u8; 4];
                assert_eq!(
                    k.open_within(&nonce, b"", &mut short, 5, &tag),
                    Err(AeadError)
                );
            }
        }
    }

    #[test]
    fn debug_hides_key() {
        let k = AesGcmKey::new(&[0x5a; 32]).unwrap();
        assert_eq!(format!("{k:?}"), "AesGcmKey { bits: 256, .. }");
    }
}
