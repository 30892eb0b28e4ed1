//! The ciphertext blob: datakey's own, versioned layout for KMS `CiphertextBlob`s.
//!
//! See the [module docs](super#the-ciphertext-blob) for the layout and a worked example.

use zeroize::Zeroizing;

use crate::crypto::{AesGcmKey, NONCE_LEN, TAG_LEN};
use crate::error::{Error, Result};
use crate::secret::SecretBytes;

use super::ids::is_key_id;

/// The format version byte of every blob datakey writes.
pub const BLOB_VERSION: u8 = 0x01;
/// Length of a key material id (raw bytes; 64 hex characters in the API).
pub const MATERIAL_ID_LEN: usize = 32;
/// Length of the per-blob HKDF salt.
pub const SALT_LEN: usize = 16;
/// The largest ciphertext blob KMS accepts.
pub const MAX_BLOB_LEN: usize = 6144;
/// The HKDF `info` that derives a blob's wrapping key.
pub const HKDF_INFO: &[u8] = b"datakey/kms/ciphertext-blob/v1";

/// The header length for a key id of `key_id_len` bytes.
pub(crate) const fn header_len(key_id_len: usize) -> usize {
    2 + key_id_len + MATERIAL_ID_LEN + SALT_LEN + NONCE_LEN
}

/// A blob split into its fields. Nothing in it is authenticated until [`open`] succeeds.
pub(crate) struct ParsedBlob<'a> {
    pub(crate) key_id: &'a str,
    pub(crate) material_id: [u8; MATERIAL_ID_LEN],
    header: &'a [u8],
    salt: &'a [u8],
    nonce: [u8; NONCE_LEN],
    ciphertext: &'a [u8],
    tag: [u8; TAG_LEN],
}

/// Splits a blob. Anything that is not exactly datakey's layout — another version byte, a key id
/// field that is not a key id, a truncated field, an empty ciphertext — is
/// [`Error::InvalidCiphertext`]; foreign input is refused, never guessed at.
pub(crate) fn parse(blob: &[u8]) -> Result<ParsedBlob<'_>> {
    let bad = || Error::InvalidCiphertext;
    if blob.len() > MAX_BLOB_LEN || blob.len() < 2 || blob[0] != BLOB_VERSION {
        return Err(bad());
    }
    let id_len = blob[1] as usize;
    let hl = header_len(id_len);
    // At least one ciphertext byte: KMS never encrypts empty plaintext.
    if blob.len() < hl + 1 + TAG_LEN {
        return Err(bad());
    }
    let key_id = core::str::from_utf8(&blob[2..2 + id_len]).map_err(|_| bad())?;
    if !is_key_id(key_id) {
        return Err(bad());
    }
    let mut p = 2 + id_len;
    let mut material_id = [0u8; MATERIAL_ID_LEN];
    material_id.copy_from_slice(&blob[p..p + MATERIAL_ID_LEN]);
    p += MATERIAL_ID_LEN;
    let salt = &blob[p..p + SALT_LEN];
    p += SALT_LEN;
    let mut nonce = [0u8; NONCE_LEN];
    nonce.copy_from_slice(&blob[p..p + NONCE_LEN]);
    p += NONCE_LEN;
    let split = blob.len() - TAG_LEN;
    let mut tag = [0u8; TAG_LEN];
    tag.copy_from_slice(&blob[split..]);
    Ok(ParsedBlob {
        key_id,
        material_id,
        header: &blob[..hl],
        salt,
        nonce,
        ciphertext: &blob[p..split],
        tag,
    })
}

fn wrapping_key(material: &SecretBytes, salt: &[u8]) -> Result<AesGcmKey> {
    let mut okm = Zeroizing::new([0u8; 32]);
    crate::crypto::hkdf_sha256(
        Some(salt),
        material.expose_secret(),
        HKDF_INFO,
        okm.as_mut(),
    )
    .map_err(|_| Error::KmsInternal("HKDF expansion failed".into()))?;
    AesGcmKey::new(okm.as_ref())
}

/// Encrypts `plaintext` under `material` with a fresh random salt and nonce.
pub(crate) fn seal(
    rng: &super::rng::Rng,
    key_id: &str,
    material_id: &[u8; MATERIAL_ID_LEN],
    material: &SecretBytes,
    ec: &[u8],
    plaintext: &[u8],
) -> Result<Vec<u8>> {
    // Salt and nonce in one draw: one system call.
    let mut random = [0u8; SALT_LEN + NONCE_LEN];
    rng.fill(&mut random)?;
    let (salt, nonce) = split_salt_nonce(&random);
    seal_with(key_id, material_id, material, &salt, &nonce, ec, plaintext)
}

fn split_salt_nonce(random: &[u8; SALT_LEN + NONCE_LEN]) -> ([u8; SALT_LEN], [u8; NONCE_LEN]) {
    let mut salt = [0u8; SALT_LEN];
    let mut nonce = [0u8; NONCE_LEN];
    salt.copy_from_slice(&random[..SALT_LEN]);
    nonce.copy_from_slice(&random[SALT_LEN..]);
    (salt, nonce)
}

/// A fresh random secret of `len` bytes (a data key) and its blob under `material`: the secret,
/// the salt and the nonce come from one draw (one system call instead of three).
pub(crate) fn generate_sealed(
    rng: &super::rng::Rng,
    len: usize,
    key_id: &str,
    material_id: &[u8; MATERIAL_ID_LEN],
    material: &SecretBytes,
    ec: &[u8],
) -> Result<(SecretBytes, Vec<u8>)> {
    let mut random = SecretBytes::zeroed(len + SALT_LEN + NONCE_LEN);
    rng.fill(random.expose_secret_mut())?;
    let (secret, rest) = random.expose_secret().split_at(len);
    let mut salt_nonce = [0u8; SALT_LEN + NONCE_LEN];
    salt_nonce.copy_from_slice(rest);
    let (salt, nonce) = split_salt_nonce(&salt_nonce);
    let blob = seal_with(key_id, material_id, material, &salt, &nonce, ec, secret)?;
    Ok((SecretBytes::copy_from_slice(secret), blob))
}

/// [`seal`] with a given salt and nonce (known-answer tests only need this).
pub(crate) fn seal_with(
    key_id: &str,
    material_id: &[u8; MATERIAL_ID_LEN],
    material: &SecretBytes,
    salt: &[u8; SALT_LEN],
    nonce: &[u8; NONCE_LEN],
    ec: &[u8],
    plaintext: &[u8],
) -> Result<Vec<u8>> {
    let id_len = u8::try_from(key_id.len())
        .map_err(|_| Error::KmsInternal("key id longer than 255 bytes".into()))?;
    let hl = header_len(key_id.len());
    let mut out = Vec::with_capacity(hl + plaintext.len() + TAG_LEN);
    out.push(BLOB_VERSION);
    out.push(id_len);
    out.extend_from_slice(key_id.as_bytes());
    out.extend_from_slice(material_id);
    out.extend_from_slice(salt);
    out.extend_from_slice(nonce);
    let mut aad = Vec::with_capacity(hl + ec.len());
    aad.extend_from_slice(&out);
    aad.extend_from_slice(ec);
    out.extend_from_slice(plaintext);
    // Until sealed, `out` holds plaintext: zeroize it on every failure path.
    let mut out = Zeroizing::new(out);
    let key = wrapping_key(material, salt)?;
    let tag = key
        .seal_in_place(nonce, &aad, &mut out[hl..])
        .map_err(|_| Error::KmsInternal("AES-GCM sealing failed".into()))?;
    out.extend_from_slice(&tag);
    Ok(core::mem::take(&mut *out))
}

/// Verifies and decrypts a parsed blob under `material` with the serialized context `ec`.
/// Every failure is [`Error::InvalidCiphertext`].
pub(crate) fn open(
    blob: &ParsedBlob<'_>,
    material: &SecretBytes,
    ec: &[u8],
) -> Result<SecretBytes> {
    let key = wrapping_key(material, blob.salt)?;
    let mut aad = Vec::with_capacity(blob.header.len() + ec.len());
    aad.extend_from_slice(blob.header);
    aad.extend_from_slice(ec);
    let mut out = SecretBytes::copy_from_slice(blob.ciphertext);
    key.open_in_place(&blob.nonce, &aad, out.expose_secret_mut(), &blob.tag)
        .map_err(|_| Error::InvalidCiphertext)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::EncryptionContext;
    use crate::kms::ids::hex;

    const KEY_ID: &str = "1234abcd-12ab-34cd-56ef-1234567890ab";

    fn fixture() -> (SecretBytes, [u8; 32], [u8; 16], [u8; 12], Vec<u8>) {
        let material = SecretBytes::copy_from_slice(&[0x11; 32]);
        let material_id = [0x22; 32];
        let salt = [0x33; 16];
        let nonce = [0x44; 12];
        let ec = EncryptionContext::from_iter([("purpose", "example")])
            .serialize()
            .unwrap();
        (material, material_id, salt, nonce, ec)
    }

    /// The worked example of the module docs, byte for byte.
    #[test]
    fn known_answer() {
        let (material, mid, salt, nonce, ec) = fixture();
        let pt: Vec<u8> = (0u8..16).collect();
        let blob = seal_with(KEY_ID, &mid, &material, &salt, &nonce, &ec, &pt).unwrap();
        assert_eq!(blob.len(), 98 + 16 + 16);
        let h = hex(&blob);
        assert_eq!(&h[..4], "0124");
        assert_eq!(&h[4..76], hex(KEY_ID.as_bytes()));
        assert_eq!(&h[76..140], "22".repeat(32));
        assert_eq!(&h[140..172], "33".repeat(16));
        assert_eq!(&h[172..196], "44".repeat(12));
        assert_eq!(
            &h[196..],
            "619e0ecd5a684524b2de4c307824ad4ed83e40d0a268c9db7cebba4b2bb91b7c",
            "ciphertext || tag; update the module docs if this changes"
        );
        let parsed = parse(&blob).unwrap();
        assert_eq!(parsed.key_id, KEY_ID);
        assert_eq!(
            open(&parsed, &material, &ec).unwrap().expose_secret(),
            &pt[..]
        );
    }

    #[test]
    fn generated_secrets_open_from_their_blobs() {
        use crate::kms::rng::Rng;
        let material = SecretBytes::copy_from_slice(&[0x11; 32]);
        let ec = b"context";
        let rng = Rng::System;
        let (a, blob_a) = generate_sealed(&rng, 32, KEY_ID, &[0x22; 32], &material, ec).unwrap();
        let (b, blob_b) = generate_sealed(&rng, 1, KEY_ID, &[0x22; 32], &material, ec).unwrap();
        assert_eq!((a.len(), b.len()), (32, 1));
        assert_eq!((blob_a.len(), blob_b.len()), (114 + 32, 114 + 1));
        let (pa, pb) = (parse(&blob_a).unwrap(), parse(&blob_b).unwrap());
        assert_eq!(open(&pa, &material, ec).unwrap(), a);
        assert_eq!(open(&pb, &material, ec).unwrap(), b);
        assert!(open(&pa, &material, b"other").is_err());
        assert_ne!(pa.salt, pb.salt);
        assert_ne!(pa.nonce, pb.nonce);
        // The secret is not the salt or nonce drawn with it.
        assert_ne!(&a.expose_secret()[..16], pa.salt);
        // Deterministic mode stays reproducible.
        let draw = || {
            let (s, blob) = generate_sealed(
                &Rng::deterministic(5),
                32,
                KEY_ID,
                &[0x22; 32],
                &material,
                ec,
            )
            .unwrap();
            (s.expose_secret().to_vec(), blob)
        };
        assert_eq!(draw(), draw());
    }

    #[test]
    fn refuses_foreign_and_tampered_input() {
        let (material, mid, salt, nonce, ec) = fixture();
        let blob = seal_with(KEY_ID, &mid, &material, &salt, &nonce, &ec, b"x").unwrap();
        for bad in [
            &[][..],
            &[1][..],
            &blob[..blob.len() - 1],
            &blob[..header_len(36) + TAG_LEN],
        ] {
            assert!(matches!(parse(bad), Err(Error::InvalidCiphertext)));
        }
        let mut v2 = blob.clone();
        v2[0] = 2;
        assert!(matches!(parse(&v2), Err(Error::InvalidCiphertext)));
        let mut not_id = blob.clone();
        not_id[2] = b'z';
        assert!(matches!(parse(&not_id), Err(Error::InvalidCiphertext)));
        // wrong context
        let parsed = parse(&blob).unwrap();
        assert!(matches!(
            open(&parsed, &material, &[]),
            Err(Error::InvalidCiphertext)
        ));
        let other = SecretBytes::copy_from_slice(&[0x12; 32]);
        assert!(matches!(
            open(&parsed, &other, &ec),
            Err(Error::InvalidCiphertext)
        ));
    }
}
