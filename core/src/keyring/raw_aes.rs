//! The raw AES keyring (`spec: framework/raw-aes-keyring.md`).
//!
//! EDK layout (wire-identical to ESDK-Python's `RawMasterKey`, the MPL raw AES keyring and
//! `RawAesKeyringNode`):
//!
//! ```text
//! provider_id    = key namespace (UTF-8)
//! provider_info  = key name (UTF-8, no length prefix) || tag bits:u32 (= 128) || IV length:u32 (= 12) || IV:12
//! ciphertext     = AES-GCM(wrapping key, IV, data key, AAD = ser(full encryption context)) || tag:16
//! ```

use core::fmt;

use zeroize::Zeroizing;

use crate::crypto::{AesGcmKey, NONCE_LEN, TAG_LEN};
use crate::error::{Error, Result};
use crate::keyring::{
    AWS_KMS_PROVIDER_ID, DecryptionMaterials, EncryptedDataKey, EncryptionMaterials, Keyring,
};
use crate::materials::{RAW_AES_TRAILER_LEN, RAW_AES_TRAILER_PREFIX, raw_aes_key_name};
use crate::secret::SecretBytes;

/// A keyring that wraps data keys under a local AES-128, -192 or -256 key with AES-GCM.
///
/// The key namespace becomes the EDK provider ID and the key name starts the provider info;
/// the official SDKs must be configured with the same namespace, name and key to read datakey's
/// messages (and datakey with theirs).
///
/// The wrapping key is held in [`SecretBytes`] (zeroized on drop) and as its AES-GCM key schedule,
/// built once when the keyring is made (as [`AesGcmKey`] holds it); `Debug` shows the namespace,
/// the name and the key size only.
///
/// ```
/// use datakey::keyring::RawAesKeyring;
/// let keyring = RawAesKeyring::new("datakey-interop", "test-aes-256-key", &[7u8; 32])?;
/// assert_eq!(
///     format!("{keyring:?}"),
///     r#"RawAesKeyring { namespace: "datakey-interop", name: "test-aes-256-key", bits: 256 }"#
/// );
/// # Ok::<(), datakey::Error>(())
/// ```
pub struct RawAesKeyring {
    namespace: String,
    name: String,
    wrapping_key: SecretBytes,
    /// The wrapping key's AES-GCM key schedule, built once (not per data key).
    cipher: AesGcmKey,
}

impl RawAesKeyring {
    /// A raw AES keyring named `namespace` / `name` over a 16-, 24- or 32-byte `wrapping_key`.
    ///
    /// # Errors
    ///
    /// [`Error::Validation`] if the key length is not 16, 24 or 32, the namespace is empty or
    /// starts with `aws-kms` (reserved for KMS keyrings), or the namespace or name is too long to
    /// fit an EDK's 2-byte length fields.
    pub fn new(
        namespace: impl Into<String>,
        name: impl Into<String>,
        wrapping_key: &[u8],
    ) -> Result<Self> {
        let namespace = namespace.into();
        let name = name.into();
        if !matches!(wrapping_key.len(), 16 | 24 | 32) {
            return Err(Error::Validation(format!(
                "A raw AES wrapping key must be 16, 24 or 32 bytes long, not {}.",
                wrapping_key.len()
            )));
        }
        if namespace.is_empty() {
            return Err(Error::Validation(
                "The key namespace of a raw AES keyring must not be empty.".into(),
            ));
        }
        if namespace.starts_with(AWS_KMS_PROVIDER_ID) {
            return Err(Error::Validation(format!(
                "The key namespace {namespace:?} is reserved: namespaces starting with \
                 {AWS_KMS_PROVIDER_ID:?} belong to KMS keyrings."
            )));
        }
        if namespace.len() > usize::from(u16::MAX)
            || name.len() + RAW_AES_TRAILER_LEN > usize::from(u16::MAX)
        {
            return Err(Error::Validation(
                "The key namespace or key name of a raw AES keyring is too long.".into(),
            ));
        }
        Ok(Self {
            namespace,
            name,
            wrapping_key: SecretBytes::copy_from_slice(wrapping_key),
            cipher: AesGcmKey::new(wrapping_key)?,
        })
    }

    /// The key namespace (the EDK provider ID).
    pub fn namespace(&self) -> &str {
        &self.namespace
    }

    /// The key name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// True when `edk` names this keyring (namespace, key name, tag and IV lengths).
    fn iv_if_mine<'e>(&self, edk: &'e EncryptedDataKey) -> Option<&'e [u8]> {
        if edk.provider_id != self.namespace {
            return None;
        }
        let name = raw_aes_key_name(&edk.provider_info)?;
        if name != self.name.as_bytes() {
            return None;
        }
        Some(&edk.provider_info[name.len() + 8..])
    }
}

impl Keyring for RawAesKeyring {
    fn on_encrypt(&self, materials: &mut EncryptionMaterials) -> Result<()> {
        let mut iv = [0u8; NONCE_LEN];
        if materials.data_key().is_none() {
            // The data key and the wrapping IV in one draw (usually bytes the encryptor drew
            // with the message ID: no system call here).
            let key_len = materials.suite().data_key_len();
            let mut random = Zeroizing::new([0u8; 32 + NONCE_LEN]);
            let random = random
                .get_mut(..key_len + NONCE_LEN)
                .ok_or_else(|| Error::Validation("unexpected data key length".into()))?;
            materials.fill_random(random)?;
            let (key, iv_bytes) = random.split_at(key_len);
            iv.copy_from_slice(iv_bytes);
            materials.set_data_key(SecretBytes::copy_from_slice(key))?;
        } else {
            materials.fill_random(&mut iv)?;
        }
        let Some(data_key) = materials.data_key() else {
            return Err(Error::Validation("no data key to wrap".into()));
        };
        let ciphertext = self
            .cipher
            .seal(
                &iv,
                materials.serialized_context(),
                data_key.expose_secret(),
            )
            .map_err(|_| Error::Validation("the data key could not be wrapped".into()))?;
        let mut provider_info = Vec::with_capacity(self.name.len() + RAW_AES_TRAILER_LEN);
        provider_info.extend_from_slice(self.name.as_bytes());
        provider_info.extend_from_slice(&RAW_AES_TRAILER_PREFIX);
        provider_info.extend_from_slice(&iv);
        materials.add_encrypted_data_key(EncryptedDataKey {
            provider_id: self.namespace.clone(),
            provider_info,
            ciphertext,
        });
        Ok(())
    }

    fn on_decrypt(
        &self,
        materials: &mut DecryptionMaterials,
        edks: &[EncryptedDataKey],
    ) -> Result<()> {
        if materials.data_key().is_some() {
            return Err(Error::Validation(
                "The decryption materials already hold a data key.".into(),
            ));
        }
        let expected_len = materials.suite().data_key_len() + TAG_LEN;
        for edk in edks {
            let Some(iv) = self.iv_if_mine(edk) else {
                continue;
            };
            if edk.ciphertext.len() != expected_len {
                continue;
            }
            let mut nonce = [0u8; NONCE_LEN];
            nonce.copy_from_slice(iv);
            if let Ok(key) =
                self.cipher
                    .open(&nonce, materials.serialized_context(), &edk.ciphertext)
            {
                return materials.set_data_key(key);
            }
        }
        Ok(())
    }

    fn offered_keys(&self) -> Vec<(String, String)> {
        vec![(self.namespace.clone(), self.name.clone())]
    }
}

impl fmt::Debug for RawAesKeyring {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RawAesKeyring")
            .field("namespace", &self.namespace)
            .field("name", &self.name)
            .field("bits", &(self.wrapping_key.len() * 8))
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::EncryptionContext;
    use crate::materials::AlgorithmSuite;

    fn ec() -> EncryptionContext {
        EncryptionContext::from_iter([("purpose", "test")])
    }

    #[test]
    fn wraps_and_unwraps_for_every_key_size() {
        for len in [16, 24, 32] {
            let k = RawAesKeyring::new("ns", "name", &vec![3u8; len]).unwrap();
            let mut em = EncryptionMaterials::new(AlgorithmSuite::DEFAULT, ec()).unwrap();
            k.on_encrypt(&mut em).unwrap();
            let edk = &em.encrypted_data_keys()[0];
            assert_eq!(edk.provider_id, "ns");
            assert_eq!(edk.provider_info.len(), 4 + 20);
            assert_eq!(&edk.provider_info[..12], b"name\0\0\0\x80\0\0\0\x0c");
            assert_eq!(edk.ciphertext.len(), 48);
            assert_eq!(edk.key_name(), "name");
            let mut dm = DecryptionMaterials::new(AlgorithmSuite::DEFAULT, ec()).unwrap();
            k.on_decrypt(&mut dm, em.encrypted_data_keys()).unwrap();
            assert_eq!(dm.data_key(), em.data_key());
        }
    }

    #[test]
    fn wrong_key_name_or_context_opens_nothing() {
        let k = RawAesKeyring::new("ns", "name", &[3u8; 32]).unwrap();
        let mut em = EncryptionMaterials::new(AlgorithmSuite::DEFAULT, ec()).unwrap();
        k.on_encrypt(&mut em).unwrap();
        for (other, ctx) in [
            (RawAesKeyring::new("ns", "nam", &[3u8; 32]).unwrap(), ec()),
            (RawAesKeyring::new("ns2", "name", &[3u8; 32]).unwrap(), ec()),
            (RawAesKeyring::new("ns", "name", &[4u8; 32]).unwrap(), ec()),
            (
                RawAesKeyring::new("ns", "name", &[3u8; 32]).unwrap(),
                EncryptionContext::new(),
            ),
        ] {
            let mut dm = DecryptionMaterials::new(AlgorithmSuite::DEFAULT, ctx).unwrap();
            other.on_decrypt(&mut dm, em.encrypted_data_keys()).unwrap();
            assert!(dm.data_key().is_none(), "{other:?}");
        }
    }

    #[test]
    fn constructor_validates() {
        assert!(RawAesKeyring::new("ns", "n", &[0; 20]).is_err());
        assert!(RawAesKeyring::new("aws-kms", "n", &[0; 32]).is_err());
        assert!(RawAesKeyring::new("aws-kms-mrk", "n", &[0; 32]).is_err());
        assert!(RawAesKeyring::new("", "n", &[0; 32]).is_err());
        assert!(RawAesKeyring::new("ns", "x".repeat(65_516), &[0; 32]).is_err());
        assert!(RawAesKeyring::new("ns", "x".repeat(65_515), &[0; 32]).is_ok());
    }

    #[test]
    fn debug_hides_the_key() {
        let k = RawAesKeyring::new("ns", "n", &[0xab; 24]).unwrap();
        let d = format!("{k:?}");
        assert_eq!(
            d,
            r#"RawAesKeyring { namespace: "ns", name: "n", bits: 192 }"#
        );
    }
}
