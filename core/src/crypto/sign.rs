//! ECDSA over P-256 and P-384 for the signed ESDK suites (`spec: data-format/message-footer.md`,
//! `framework/algorithm-suites.md`): a fresh key pair per message, the digest of header || body
//! accumulated as the message goes by, SEC1 compressed public points, DER signatures.
//!
//! aws-lc-rs (AWS-LC) does the curve work: key generation, signing, point decompression and
//! validation, verification. `crypto-bigint` computes `n - s` for the signer's fixed-length
//! encoding (below). Nothing else here does arithmetic.
//!
//! **Fixed-length signatures.** A DER `ECDSA-Sig-Value` of P-384 is 101 to 104 bytes long, depending
//! on the top bits of `r` and `s`. ESDK-Python always writes 103 bytes (71 for P-256), so a signed
//! message's length is known before it is signed; [`SigningKey::sign`] does the same, the same way:
//! when the signature has another length it replaces `s` by `n - s` (an equally valid signature of
//! the same digest), and signs again in the rare case (about 1 in 64) that neither has the length.
//! Verification accepts any valid DER signature, high or low `s`, of any length — as ESDK-Python
//! and ESDK-JS do; both refuse a signature that is not strict DER (a long-form length, a padded
//! integer, trailing bytes), and so does AWS-LC.
//!
//! **Secrets.** The private key lives in AWS-LC's memory, which AWS-LC wipes when it frees it
//! (`OPENSSL_free` cleanses every allocation); [`SigningKey::sign`] consumes the key, so it is gone
//! once the signature exists. Nothing exposes the private key: no accessor, no `Debug` of it.

use core::fmt;

use aws_lc_rs::digest;
use aws_lc_rs::encoding::{AsBigEndian, EcPublicKeyCompressedBin};
use aws_lc_rs::signature::{self, EcdsaKeyPair, KeyPair, ParsedPublicKey};
use crypto_bigint::{U256, U384};

/// The signature algorithms of the ESDK's signed suites.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SignatureAlgorithm {
    /// ECDSA on P-256 with SHA-256 (suite 0x0214).
    EcdsaP256Sha256,
    /// ECDSA on P-384 with SHA-384 (suites 0x0346, 0x0378, 0x0578).
    EcdsaP384Sha384,
}

impl SignatureAlgorithm {
    /// Length of a field element (and of the group order): 32 or 48 bytes.
    pub fn field_len(self) -> usize {
        match self {
            Self::EcdsaP256Sha256 => 32,
            Self::EcdsaP384Sha384 => 48,
        }
    }

    /// Length of a SEC1 compressed point: 33 or 49 bytes.
    pub fn public_key_len(self) -> usize {
        1 + self.field_len()
    }

    /// The longest DER signature: 72 or 104 bytes (both integers 33 / 49 bytes long).
    pub fn max_signature_len(self) -> usize {
        2 + 2 * (2 + 1 + self.field_len())
    }

    /// The length [`SigningKey::sign`] always produces, as ESDK-Python does: 71 or 103 bytes.
    pub fn signature_len(self) -> usize {
        self.max_signature_len() - 1
    }

    /// Length of the digest: 32 or 48 bytes.
    pub fn digest_len(self) -> usize {
        self.field_len()
    }

    fn digest(self) -> &'static digest::Algorithm {
        match self {
            Self::EcdsaP256Sha256 => &digest::SHA256,
            Self::EcdsaP384Sha384 => &digest::SHA384,
        }
    }

    fn signing(self) -> &'static signature::EcdsaSigningAlgorithm {
        match self {
            Self::EcdsaP256Sha256 => &signature::ECDSA_P256_SHA256_FIXED_SIGNING,
            Self::EcdsaP384Sha384 => &signature::ECDSA_P384_SHA384_FIXED_SIGNING,
        }
    }

    fn verification(self) -> &'static signature::EcdsaVerificationAlgorithm {
        match self {
            Self::EcdsaP256Sha256 => &signature::ECDSA_P256_SHA256_ASN1,
            Self::EcdsaP384Sha384 => &signature::ECDSA_P384_SHA384_ASN1,
        }
    }

    /// `n - s` for the curve's group order `n`, as a big-endian field-length integer
    /// (`s` is a scalar in `1..n`, so the result is too).
    fn negate_scalar(self, s: &[u8]) -> Vec<u8> {
        match self {
            Self::EcdsaP256Sha256 => P256_ORDER
                .wrapping_sub(&U256::from_be_slice(s))
                .to_be_bytes()
                .to_vec(),
            Self::EcdsaP384Sha384 => P384_ORDER
                .wrapping_sub(&U384::from_be_slice(s))
                .to_be_bytes()
                .to_vec(),
        }
    }
}

/// The order of P-256's base point (SEC 2, section 2.4.2).
const P256_ORDER: U256 =
    U256::from_be_hex("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551");
/// The order of P-384's base point (SEC 2, section 2.5.1).
const P384_ORDER: U384 = U384::from_be_hex(
    "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFC7634D81F4372DDF581A0DB248B0A77AECEC196ACCC52973",
);

/// A signature operation failed: the key pair could not be made, the signature does not verify, or
/// the public key is not a point of the curve. Deliberately carries nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SignatureError;

/// A per-message signing key and the running digest of what it will sign.
///
/// `Debug` shows the algorithm only.
pub struct SigningKey {
    algorithm: SignatureAlgorithm,
    pair: EcdsaKeyPair,
    public_key: Vec<u8>,
    hash: digest::Context,
}

impl SigningKey {
    /// A fresh key pair from AWS-LC's random number generator.
    ///
    /// # Errors
    ///
    /// [`SignatureError`] if AWS-LC fails to generate or encode the key.
    pub fn generate(algorithm: SignatureAlgorithm) -> Result<Self, SignatureError> {
        let pair = EcdsaKeyPair::generate(algorithm.signing()).map_err(|_| SignatureError)?;
        let point: EcPublicKeyCompressedBin<'static> = pair
            .public_key()
            .as_be_bytes()
            .map_err(|_| SignatureError)?;
        let public_key = point.as_ref().to_vec();
        if public_key.len() != algorithm.public_key_len() {
            return Err(SignatureError);
        }
        Ok(Self {
            algorithm,
            pair,
            public_key,
            hash: digest::Context::new(algorithm.digest()),
        })
    }

    /// The algorithm.
    pub fn algorithm(&self) -> SignatureAlgorithm {
        self.algorithm
    }

    /// The public key as a SEC1 compressed point (33 or 49 bytes).
    pub fn public_key(&self) -> &[u8] {
        &self.public_key
    }

    /// Adds `data` to the signed bytes.
    pub fn update(&mut self, data: &[u8]) {
        self.hash.update(data);
    }

    /// Signs the bytes given to [`update`](Self::update) and destroys the private key. Returns a
    /// DER signature of exactly [`SignatureAlgorithm::signature_len`] bytes.
    ///
    /// # Errors
    ///
    /// [`SignatureError`] if AWS-LC fails to sign.
    pub fn sign(self) -> Result<Vec<u8>, SignatureError> {
        let digest = self.hash.finish();
        let n = self.algorithm.field_len();
        let want = self.algorithm.signature_len();
        // Each attempt fails with probability about 1/64 (r or s with a leading zero byte).
        for _ in 0..64 {
            let fixed = self.pair.sign_digest(&digest).map_err(|_| SignatureError)?;
            let fixed = fixed.as_ref();
            if fixed.len() != 2 * n {
                return Err(SignatureError);
            }
            let (r, s) = fixed.split_at(n);
            let der = der_signature(r, s);
            if der.len() == want {
                return Ok(der);
            }
            let der = der_signature(r, &self.algorithm.negate_scalar(s));
            if der.len() == want {
                return Ok(der);
            }
        }
        Err(SignatureError)
    }
}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SigningKey")
            .field("algorithm", &self.algorithm)
            .finish_non_exhaustive()
    }
}

/// A public key from a message header and the running digest of what it must have signed.
pub struct Verifier {
    algorithm: SignatureAlgorithm,
    key: ParsedPublicKey,
    hash: digest::Context,
}

impl Verifier {
    /// A verifier for the SEC1 **compressed** point `public_key` (33 or 49 bytes, `02` or `03`
    /// then the x coordinate), decompressed and checked to be on the curve by AWS-LC.
    ///
    /// # Errors
    ///
    /// [`SignatureError`] for any other length or form (uncompressed points and DER public keys
    /// are refused: the ESDKs write and read compressed points only) or a point not on the curve.
    pub fn new(algorithm: SignatureAlgorithm, public_key: &[u8]) -> Result<Self, SignatureError> {
        if public_key.len() != algorithm.public_key_len() || !matches!(public_key[0], 2 | 3) {
            return Err(SignatureError);
        }
        let key = ParsedPublicKey::new(algorithm.verification(), public_key)
            .map_err(|_| SignatureError)?;
        Ok(Self {
            algorithm,
            key,
            hash: digest::Context::new(algorithm.digest()),
        })
    }

    /// The algorithm.
    pub fn algorithm(&self) -> SignatureAlgorithm {
        self.algorithm
    }

    /// Adds `data` to the signed bytes.
    pub fn update(&mut self, data: &[u8]) {
        self.hash.update(data);
    }

    /// Checks the DER `signature` over the bytes given to [`update`](Self::update).
    ///
    /// # Errors
    ///
    /// [`SignatureError`] if it is not a strict-DER signature that verifies under the key.
    pub fn verify(self, signature: &[u8]) -> Result<(), SignatureError> {
        let digest = self.hash.finish();
        self.key
            .verify_digest_sig(&digest, signature)
            .map_err(|_| SignatureError)
    }
}

impl fmt::Debug for Verifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Verifier")
            .field("algorithm", &self.algorithm)
            .finish_non_exhaustive()
    }
}

/// `SEQUENCE { INTEGER r, INTEGER s }` in DER, from big-endian unsigned `r` and `s` of at most 64
/// bytes each (so every length is short-form).
fn der_signature(r: &[u8], s: &[u8]) -> Vec<u8> {
    let mut body = Vec::with_capacity(2 * (3 + r.len().max(s.len())));
    der_integer(&mut body, r);
    der_integer(&mut body, s);
    let mut out = Vec::with_capacity(2 + body.len());
    out.push(0x30);
    out.push(body.len() as u8); // < 128: two integers of at most 2 + 65 bytes
    out.extend_from_slice(&body);
    out
}

/// A non-negative DER INTEGER: minimal big-endian bytes, with a `00` in front when the top bit is
/// set (so that it does not read as negative).
fn der_integer(out: &mut Vec<u8>, x: &[u8]) {
    let start = x.iter().position(|&b| b != 0).unwrap_or(x.len() - 1);
    let x = &x[start..];
    let pad = x[0] & 0x80 != 0;
    out.push(0x02);
    out.push((x.len() + usize::from(pad)) as u8);
    if pad {
        out.push(0);
    }
    out.extend_from_slice(x);
}

#[cfg(test)]
mod tests {
    use super::*;

    const BOTH: [SignatureAlgorithm; 2] = [
        SignatureAlgorithm::EcdsaP256Sha256,
        SignatureAlgorithm::EcdsaP384Sha384,
    ];

    fn sign(alg: SignatureAlgorithm, parts: &[&[u8]]) -> (Vec<u8>, Vec<u8>) {
        let mut key = SigningKey::generate(alg).unwrap();
        for p in parts {
            key.update(p);
        }
        let pk = key.public_key().to_vec();
        (pk, key.sign().unwrap())
    }

    fn verify(alg: SignatureAlgorithm, pk: &[u8], parts: &[&[u8]], sig: &[u8]) -> bool {
        let mut v = Verifier::new(alg, pk).unwrap();
        for p in parts {
            v.update(p);
        }
        v.verify(sig).is_ok()
    }

    #[test]
    fn signatures_have_the_fixed_length_and_verify_however_the_input_is_split() {
        for alg in BOTH {
            for i in 0..40u8 {
                let (pk, sig) = sign(alg, &[b"header", &[i; 100], b"body"]);
                assert_eq!(pk.len(), alg.public_key_len());
                assert!(matches!(pk[0], 2 | 3));
                assert_eq!(sig.len(), alg.signature_len());
                let whole = [&b"header"[..], &[i; 100], b"body"].concat();
                assert!(verify(alg, &pk, &[&whole], &sig));
                assert!(verify(alg, &pk, &[&whole[..1], &whole[1..]], &sig));
                assert!(!verify(alg, &pk, &[&whole[1..]], &sig));
                let (other, _) = sign(alg, &[]);
                assert!(!verify(alg, &other, &[&whole], &sig));
            }
        }
    }

    #[test]
    fn both_s_and_n_minus_s_verify_and_encode_as_der() {
        for alg in BOTH {
            let (pk, sig) = sign(alg, &[b"negate me"]);
            let n = alg.field_len();
            // Parse our own fixed-length encoding back: 30 L 02 lr r 02 ls s.
            let lr = usize::from(sig[3]);
            let r = &sig[4..4 + lr];
            let s = &sig[4 + lr + 2..];
            let pad = |x: &[u8]| {
                let x = if x[0] == 0 { &x[1..] } else { x };
                let mut v = vec![0u8; n - x.len()];
                v.extend_from_slice(x);
                v
            };
            let (r, s) = (pad(r), pad(s));
            let negated = der_signature(&r, &alg.negate_scalar(&s));
            assert_ne!(negated, sig);
            assert!(verify(alg, &pk, &[b"negate me"], &negated));
            assert_eq!(alg.negate_scalar(&alg.negate_scalar(&s)), s);
        }
    }

    #[test]
    fn der_integers_are_minimal() {
        let mut out = Vec::new();
        der_integer(&mut out, &[0, 0, 0x7f, 1]);
        assert_eq!(out, [2, 2, 0x7f, 1]);
        out.clear();
        der_integer(&mut out, &[0, 0x80]);
        assert_eq!(out, [2, 2, 0, 0x80]);
        out.clear();
        der_integer(&mut out, &[0, 0]);
        assert_eq!(out, [2, 1, 0]);
    }

    #[test]
    fn only_compressed_points_on_the_curve_are_accepted() {
        for alg in BOTH {
            let (pk, _) = sign(alg, &[]);
            assert!(Verifier::new(alg, &pk).is_ok());
            let other = match alg {
                SignatureAlgorithm::EcdsaP256Sha256 => SignatureAlgorithm::EcdsaP384Sha384,
                SignatureAlgorithm::EcdsaP384Sha384 => SignatureAlgorithm::EcdsaP256Sha256,
            };
            assert!(Verifier::new(other, &pk).is_err());
            for bad in [
                &pk[..pk.len() - 1],
                &[pk.clone(), vec![0]].concat()[..],
                &[&[4u8][..], &pk[1..]].concat()[..],
                &[&[5u8][..], &pk[1..]].concat()[..],
                &vec![0u8; pk.len()][..],
                &[],
            ] {
                assert!(Verifier::new(alg, bad).is_err(), "{bad:02x?}");
            }
            // x = p - 1 ... (all ones) is not the x coordinate of a point on either curve with
            // this prefix for both parities; at least one of the two must fail, and a random x
            // fails about half the time: count failures over many x.
            let mut refused = 0;
            for i in 0..64u8 {
                let mut x = vec![2u8];
                x.extend((0..alg.field_len()).map(|j| i.wrapping_mul(31).wrapping_add(j as u8)));
                if Verifier::new(alg, &x).is_err() {
                    refused += 1;
                }
            }
            assert!(
                (8..=56).contains(&refused),
                "{refused} of 64 x coordinates refused"
            );
        }
    }

    #[test]
    fn debug_shows_no_key() {
        let key = SigningKey::generate(SignatureAlgorithm::EcdsaP384Sha384).unwrap();
        assert_eq!(
            format!("{key:?}"),
            "SigningKey { algorithm: EcdsaP384Sha384, .. }"
        );
    }
}
