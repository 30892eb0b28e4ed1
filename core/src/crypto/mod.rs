//! The crate's cryptographic layer: AES-GCM, HKDF, SHA-2, ECDSA, Argon2id and randomness. No
//! other module of the crate names a cryptographic library; every primitive is reached through
//! here. The deliberately public part is re-exported, with its warnings, by [`crate::hazmat`].
//!
//! Backends:
//!
//! - **AWS-LC** (`aws-lc-rs`, the default): AES-GCM at every key size, with one-pass
//!   out-of-place sealing and opening ([`AesGcmKey::seal_to`], [`AesGcmKey::open_to`]), SHA-256.
//! - **ring** (cargo feature `ring`): AES-128-GCM and AES-256-GCM from ring 0.17 instead, for
//!   CPUs where its AVX2+VAES code beats AWS-LC's (AMD Zen 3: no AVX-512; see BENCHMARKS.md).
//!   AES-192 keys stay on AWS-LC (ring has none). Both backends are then compiled in and
//!   [`AesGcmKey::with_backend`] picks one, for differential tests.
//! - **RustCrypto** `hkdf` + `sha2`: HKDF and SHA-512, measured faster than AWS-LC's for the
//!   message key schedule (see `rustcrypto.rs`); HKDF-SHA384 for the legacy signed suites.
//!   `argon2`: Argon2id for passphrase-protected key stores.
//! - **ECDSA** ([`sign`]): P-256 and P-384 signatures of the signed ESDK suites, on AWS-LC.
//! - **Randomness**: the operating system's generator ([`fill_random`]).

use core::fmt;

use crate::error::{Error, Result};

mod aws_lc;
#[cfg(feature = "ring")]
mod ring;
mod rustcrypto;
pub(crate) mod sign;

/// Length of an AES-GCM nonce (IV) in every datakey format.
pub const NONCE_LEN: usize = 12;
/// Length of an AES-GCM authentication tag in every datakey format.
pub const TAG_LEN: usize = 16;

/// Fills `buf` from the operating system's cryptographic random number generator
/// (`getrandom(2)` on Linux), as ring does. AWS-LC's own generator is not used here: its
/// one-time entropy setup costs 70–100 ms on the first call of every process, which every
/// short-lived process (the CLI, a test run) would pay for one data key.
///
/// # Errors
///
/// [`Error::KmsInternal`] if the generator fails (it does not on supported platforms).
pub fn fill_random(buf: &mut [u8]) -> Result<()> {
    getrandom::fill(buf)
        .map_err(|_| Error::KmsInternal("the system random number generator failed".into()))
}

/// SHA-256 of `data`.
pub(crate) fn sha256(data: &[u8]) -> [u8; 32] {
    aws_lc::sha256(data)
}

/// Incremental SHA-512.
#[derive(Default)]
pub(crate) struct Sha512(rustcrypto::Sha512);

impl Sha512 {
    /// A fresh hash.
    pub(crate) fn new() -> Self {
        Self::default()
    }

    /// Absorbs `data`.
    pub(crate) fn update(&mut self, data: impl AsRef<[u8]>) {
        self.0.update(data.as_ref());
    }

    /// The 64-byte digest.
    pub(crate) fn finalize(self) -> [u8; 64] {
        self.0.finalize()
    }
}

impl fmt::Debug for Sha512 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Sha512").finish_non_exhaustive()
    }
}

/// An HKDF expansion asked for more than 255 hash lengths of output. Carries nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct KdfError;

/// HKDF-SHA256 (RFC 5869): extract with `salt` (`None`: a hash length of zeros), expand with
/// `info` into `out`.
///
/// # Errors
///
/// [`KdfError`] when `out` is longer than 8160 bytes.
pub(crate) fn hkdf_sha256(
    salt: Option<&[u8]>,
    ikm: &[u8],
    info: &[u8],
    out: &mut [u8],
) -> Result<(), KdfError> {
    rustcrypto::hkdf_sha256(salt, ikm, info, out).map_err(|()| KdfError)
}

/// HKDF-SHA384 (RFC 5869): extract with `salt` (`None`: a hash length of zeros), expand with
/// `info` into `out`. The key schedule of the legacy signed suites 0x0346 and 0x0378.
///
/// # Errors
///
/// [`KdfError`] when `out` is longer than 12 240 bytes.
pub(crate) fn hkdf_sha384(
    salt: Option<&[u8]>,
    ikm: &[u8],
    info: &[u8],
    out: &mut [u8],
) -> Result<(), KdfError> {
    rustcrypto::hkdf_sha384(salt, ikm, info, out).map_err(|()| KdfError)
}

/// Whether Argon2id accepts these parameters for an output of `out_len` bytes (memory at least
/// 8 KiB per lane, at least one iteration and one lane). Callers bound the cost themselves.
pub(crate) fn argon2id_accepts(m_cost_kib: u32, t_cost: u32, p_cost: u32, out_len: usize) -> bool {
    rustcrypto::argon2id_accepts(m_cost_kib, t_cost, p_cost, out_len)
}

/// Argon2id v1.3 (RFC 9106) of `password` and `salt` with memory `m_cost_kib` KiB, `t_cost`
/// iterations and `p_cost` lanes, into `out`.
///
/// # Errors
///
/// [`Error::KmsInternal`] when Argon2id refuses the parameters, the salt or the output length.
pub(crate) fn argon2id(
    password: &[u8],
    salt: &[u8],
    (m_cost_kib, t_cost, p_cost): (u32, u32, u32),
    out: &mut [u8],
) -> Result<()> {
    rustcrypto::argon2id(password, salt, (m_cost_kib, t_cost, p_cost), out)
        .map_err(|()| Error::KmsInternal("Argon2id key derivation failed".to_owned()))
}

/// An HKDF-SHA512 pseudorandom key (RFC 5869 extract), ready for several expansions.
pub(crate) struct HkdfSha512(rustcrypto::Prk512);

impl HkdfSha512 {
    /// HKDF-Extract(`salt`, `ikm`).
    pub(crate) fn extract(salt: &[u8], ikm: &[u8]) -> Self {
        Self(rustcrypto::Prk512::extract(salt, ikm))
    }

    /// HKDF-Expand(PRK, `info`) into `out`.
    ///
    /// # Errors
    ///
    /// [`KdfError`] when `out` is longer than 16 320 bytes.
    pub(crate) fn expand(&self, info: &[u8], out: &mut [u8]) -> Result<(), KdfError> {
        self.0.expand(info, out).map_err(|()| KdfError)
    }
}

impl fmt::Debug for HkdfSha512 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HkdfSha512").finish_non_exhaustive()
    }
}

/// The AES-GCM failure: wrong tag, wrong lengths, or input too long. Deliberately carries nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AeadError;

/// The AES-GCM implementations compiled into this build.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum AeadBackend {
    /// AWS-LC (`aws-lc-rs`): every key size.
    AwsLc,
    /// ring 0.17 (cargo feature `ring`): 128- and 256-bit keys.
    #[cfg(feature = "ring")]
    Ring,
}

impl AeadBackend {
    /// Every backend in this build; the first is the default for 128- and 256-bit keys.
    pub const ALL: &'static [AeadBackend] = &[
        #[cfg(feature = "ring")]
        AeadBackend::Ring,
        AeadBackend::AwsLc,
    ];

    /// Whether this backend takes keys of `key_len` bytes.
    pub fn supports(self, key_len: usize) -> bool {
        match self {
            AeadBackend::AwsLc => matches!(key_len, 16 | 24 | 32),
            #[cfg(feature = "ring")]
            AeadBackend::Ring => matches!(key_len, 16 | 32),
        }
    }
}

/// An AES-GCM key (128, 192 or 256 bits) with its key schedule, ready for many operations.
///
/// `Debug` shows only the key length. Both backends wipe their schedules on drop.
pub struct AesGcmKey {
    inner: Inner,
    key_len: usize,
}

// ring's key (560 bytes) stays inline like AWS-LC's handle: no pointer chase per frame.
#[allow(clippy::large_enum_variant)]
enum Inner {
    AwsLc(aws_lc::Key),
    #[cfg(feature = "ring")]
    Ring(ring::Key),
}

impl AesGcmKey {
    /// A key from 16, 24 or 32 bytes on the build's default backend (AWS-LC; ring for 16 and 32
    /// bytes with the `ring` feature).
    ///
    /// # Errors
    ///
    /// [`Error::Validation`] for any other length.
    pub fn new(key: &[u8]) -> Result<Self> {
        let backend = AeadBackend::ALL
            .iter()
            .copied()
            .find(|b| b.supports(key.len()))
            .ok_or_else(|| bad_len(key.len()))?;
        Self::with_backend(backend, key)
    }

    /// A key on a chosen backend (for differential testing).
    ///
    /// # Errors
    ///
    /// [`Error::Validation`] for a length the backend does not take.
    pub fn with_backend(backend: AeadBackend, key: &[u8]) -> Result<Self> {
        let inner = match backend {
            AeadBackend::AwsLc => aws_lc::Key::new(key).map(Inner::AwsLc),
            #[cfg(feature = "ring")]
            AeadBackend::Ring => ring::Key::new(key).map(Inner::Ring),
        }
        .ok_or_else(|| bad_len(key.len()))?;
        Ok(Self {
            inner,
            key_len: key.len(),
        })
    }

    /// The backend this key runs on.
    pub fn backend(&self) -> AeadBackend {
        match self.inner {
            Inner::AwsLc(_) => AeadBackend::AwsLc,
            #[cfg(feature = "ring")]
            Inner::Ring(_) => AeadBackend::Ring,
        }
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
            Inner::AwsLc(k) => k.seal_in_place(nonce, aad, in_out),
            #[cfg(feature = "ring")]
            Inner::Ring(k) => k.seal_in_place(nonce, aad, in_out),
        }
    }

    /// Encrypts `input` into `out` (exactly as long) and returns the tag: one pass over the data
    /// on AWS-LC; a copy, then a seal in place, on ring. `input` is read once.
    ///
    /// # Errors
    ///
    /// [`AeadError`] if the lengths differ (`out` untouched) or the input is too long for GCM
    /// (`out` zeroed).
    pub fn seal_to(
        &self,
        nonce: &[u8; NONCE_LEN],
        aad: &[u8],
        input: &[u8],
        out: &mut [u8],
    ) -> Result<[u8; TAG_LEN], AeadError> {
        if input.len() != out.len() {
            return Err(AeadError);
        }
        let r = match &self.inner {
            Inner::AwsLc(k) => k.seal_to(nonce, aad, input, out),
            #[cfg(feature = "ring")]
            Inner::Ring(k) => {
                out.copy_from_slice(input);
                k.seal_in_place(nonce, aad, out)
            }
        };
        if r.is_err() {
            zeroize::Zeroize::zeroize(out);
        }
        r
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
            Inner::AwsLc(k) => k.open_in_place(nonce, aad, in_out, tag),
            #[cfg(feature = "ring")]
            Inner::Ring(k) => k.open_in_place(nonce, aad, in_out, tag),
        };
        if r.is_err() {
            zeroize::Zeroize::zeroize(in_out);
        }
        r
    }

    /// Verifies `tag` and decrypts `input` into `out` (exactly as long): one pass on AWS-LC; a
    /// copy, then an open in place, on ring. On failure `out` holds no plaintext (it is zeroed).
    ///
    /// `input` must not change during the call (Rust's `&[u8]` promises it): AWS-LC may read
    /// a ciphertext block once for the tag and once for the plaintext. A caller whose input
    /// others can write to copies it first and uses [`open_in_place`](Self::open_in_place).
    ///
    /// # Errors
    ///
    /// [`AeadError`] if the lengths differ (`out` untouched) or the tag does not verify.
    pub fn open_to(
        &self,
        nonce: &[u8; NONCE_LEN],
        aad: &[u8],
        input: &[u8],
        tag: &[u8; TAG_LEN],
        out: &mut [u8],
    ) -> Result<(), AeadError> {
        if input.len() != out.len() {
            return Err(AeadError);
        }
        let r = match &self.inner {
            Inner::AwsLc(k) => k.open_to(nonce, aad, input, tag, out),
            #[cfg(feature = "ring")]
            Inner::Ring(k) => {
                out.copy_from_slice(input);
                k.open_in_place(nonce, aad, out, tag)
            }
        };
        if r.is_err() {
            zeroize::Zeroize::zeroize(out);
        }
        r
    }

    /// Verifies `tag` and decrypts the ciphertext held in `in_out[src..]`, writing the plaintext
    /// to the front of `in_out` (`in_out[..in_out.len() - src]`): in one pass on ring
    /// (`open_within`); on AWS-LC an open in place, then a move down while the frame is in
    /// cache. Returns the plaintext's length. On failure all of `in_out` is zeroed (it holds no
    /// plaintext; the ciphertext is lost).
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
        let r = match &self.inner {
            Inner::AwsLc(k) => k
                .open_in_place(nonce, aad, &mut in_out[src..], tag)
                .map(|()| {
                    in_out.copy_within(src.., 0);
                }),
            #[cfg(feature = "ring")]
            Inner::Ring(k) => k.open_within(nonce, aad, in_out, src, tag),
        };
        match r {
            Ok(()) => Ok(len),
            Err(e) => {
                zeroize::Zeroize::zeroize(in_out);
                Err(e)
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
        let mut out = crate::SecretBytes::zeroed(ct.len());
        self.open_to(nonce, aad, ct, &tag_arr, out.expose_secret_mut())?;
        Ok(out)
    }
}

fn bad_len(n: usize) -> Error {
    Error::Validation(format!(
        "An AES-GCM key must be 16, 24 or 32 bytes long, not {n}."
    ))
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

    /// Every pair of backends in this build (and each with itself) agrees on seal and open, in
    /// place and out of place, and refuses the same forgery.
    #[test]
    fn backends_agree() {
        for len in [16, 24, 32] {
            let key: Vec<u8> = (0..len as u8).collect();
            let keys: Vec<AesGcmKey> = AeadBackend::ALL
                .iter()
                .filter(|b| b.supports(len))
                .map(|&b| AesGcmKey::with_backend(b, &key).unwrap())
                .collect();
            assert!(!keys.is_empty());
            let nonce = [7u8; 12];
            for pt_len in [0usize, 1, 15, 16, 17, 100, 4096, 65_557] {
                let pt: Vec<u8> = (0..pt_len).map(|i| (i * 31) as u8).collect();
                let reference = keys[0].seal(&nonce, b"aad", &pt).unwrap();
                for a in &keys {
                    assert_eq!(a.seal(&nonce, b"aad", &pt).unwrap(), reference);
                    let mut out = vec![0xAAu8; pt_len];
                    let tag = a.seal_to(&nonce, b"aad", &pt, &mut out).unwrap();
                    assert_eq!(out, reference[..pt_len]);
                    assert_eq!(tag, reference[pt_len..]);
                    for b in &keys {
                        assert_eq!(
                            b.open(&nonce, b"aad", &reference).unwrap().expose_secret(),
                            &pt[..]
                        );
                        let mut back = vec![0x55u8; pt_len];
                        b.open_to(&nonce, b"aad", &out, &tag, &mut back).unwrap();
                        assert_eq!(back, pt);
                    }
                    let mut bad = reference.clone();
                    bad[pt_len / 2] ^= 1;
                    assert_eq!(a.open(&nonce, b"aad", &bad).unwrap_err(), AeadError);
                    let mut back = vec![0x55u8; pt_len];
                    let mut bad_tag = tag;
                    bad_tag[3] ^= 0x80;
                    assert_eq!(
                        a.open_to(&nonce, b"aad", &out, &bad_tag, &mut back),
                        Err(AeadError)
                    );
                    assert!(back.iter().all(|&b| b == 0), "plaintext left behind");
                }
            }
        }
        assert!(AesGcmKey::new(&[0; 20]).is_err());
        for &b in AeadBackend::ALL {
            assert!(AesGcmKey::with_backend(b, &[0; 20]).is_err());
        }
    }

    #[test]
    fn out_of_place_refuses_different_lengths() {
        let k = AesGcmKey::new(&[1u8; 32]).unwrap();
        let mut out = [0x11u8; 9];
        assert_eq!(
            k.seal_to(&[0; 12], b"", &[0u8; 10], &mut out),
            Err(AeadError)
        );
        assert_eq!(out, [0x11u8; 9]);
        assert_eq!(
            k.open_to(&[0; 12], b"", &[0u8; 10], &[0; 16], &mut out),
            Err(AeadError)
        );
        assert_eq!(out, [0x11u8; 9]);
    }

    #[test]
    fn open_within_shifts_down_on_every_backend() {
        for len in [16, 24, 32] {
            let key: Vec<u8> = (0..len as u8).collect();
            for k in AeadBackend::ALL
                .iter()
                .filter(|b| b.supports(len))
                .map(|&b| AesGcmKey::with_backend(b, &key).unwrap())
            {
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
                    assert!(bad.iter().all(|&b| b == 0));
                }
                let mut short = vec![0u8; 4];
                assert_eq!(
                    k.open_within(&nonce, b"", &mut short, 5, &tag),
                    Err(AeadError)
                );
            }
        }
    }

    /// RFC 5869 test case 1 (HKDF-SHA256) and the SHA-256/SHA-512 digests of "abc" (FIPS 180-2).
    #[test]
    fn kdf_and_digests_match_published_vectors() {
        let ikm = [0x0bu8; 22];
        let salt: Vec<u8> = (0..=0x0c).collect();
        let info: Vec<u8> = (0xf0..=0xf9).collect();
        let mut okm = [0u8; 42];
        hkdf_sha256(Some(&salt), &ikm, &info, &mut okm).unwrap();
        assert_eq!(
            hex::encode(okm),
            "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865"
        );
        assert_eq!(
            hex::encode(sha256(b"abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        let mut h = Sha512::new();
        h.update(b"a");
        h.update(b"bc");
        assert_eq!(
            hex::encode(h.finalize()),
            "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a\
             2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"
        );
        assert_eq!(
            hkdf_sha256(None, &ikm, b"", &mut vec![0u8; 255 * 32 + 1]),
            Err(KdfError)
        );
        let prk = HkdfSha512::extract(&salt, &ikm);
        assert_eq!(prk.expand(b"", &mut vec![0u8; 255 * 64 + 1]), Err(KdfError));
    }

    #[test]
    fn debug_hides_key() {
        for &b in AeadBackend::ALL {
            let k = AesGcmKey::with_backend(b, &[0x5a; 32]).unwrap();
            assert_eq!(format!("{k:?}"), "AesGcmKey { bits: 256, .. }");
        }
    }
}
