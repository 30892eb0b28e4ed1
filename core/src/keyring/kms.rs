//! The local-KMS keyring: data keys generated and wrapped by [`LocalKms`].
//!
//! EDK layout (the ESDK's AWS KMS keyring layout, `spec: framework/aws-kms/aws-kms-keyring.md`):
//!
//! ```text
//! provider_id   = "aws-kms"
//! provider_info = the KMS key ARN (UTF-8)
//! ciphertext    = the local KMS ciphertext blob (binds the full encryption context)
//! ```
//!
//! Because the EDK is a KMS blob, everything KMS enforces carries over to messages: a disabled or
//! deleted key cannot decrypt, rotated keys still open older messages (the blob names its key
//! material), and the encryption context is bound by KMS as well as by the message.

use core::fmt;

use crate::error::{Error, Result};
use crate::keyring::{
    AWS_KMS_PROVIDER_ID, DecryptionMaterials, EncryptedDataKey, EncryptionMaterials, Keyring,
};
use crate::kms::{DecryptRequest, EncryptRequest, GenerateDataKeyRequest, LocalKms};
use crate::secret::SecretBytes;

/// A keyring over one key of a [`LocalKms`].
///
/// - Encrypt: `GenerateDataKey` when the materials have no data key yet (this keyring is the
///   generator), `Encrypt` of the existing data key otherwise (a child of a
///   [`MultiKeyring`](crate::keyring::MultiKeyring)); both under the message's full encryption
///   context.
/// - Decrypt: `Decrypt` of each `aws-kms` EDK whose ARN is this key's, with the message's full
///   encryption context and this keyring's key ID. Blobs that do not authenticate are skipped;
///   a KMS refusal (disabled key, key pending deletion, …) is returned when no EDK opened.
///
/// ```
/// use datakey::LocalKms;
/// use datakey::keyring::KmsKeyring;
/// use datakey::kms::CreateKeyRequest;
/// use datakey::message::{self, DecryptOptions, EncryptOptions};
/// let kms = LocalKms::new();
/// let key = kms.create_key(CreateKeyRequest::default())?.key_metadata;
/// let keyring = KmsKeyring::new(kms.clone(), &key.key_id)?;
/// let ct = message::encrypt(b"via KMS", &keyring, &EncryptOptions::default())?;
/// let d = message::decrypt(&ct, &keyring, &DecryptOptions::default())?;
/// assert_eq!(&d.plaintext[..], b"via KMS");
/// assert_eq!(d.header.encrypted_data_keys[0].provider_id, "aws-kms");
/// assert_eq!(d.header.encrypted_data_keys[0].key_name, key.arn);
/// # Ok::<(), datakey::Error>(())
/// ```
#[derive(Clone)]
pub struct KmsKeyring {
    kms: LocalKms,
    key_id: String,
}

impl KmsKeyring {
    /// A keyring over the KMS key `key_id` (key ID, key ARN, alias name or alias ARN) of `kms`.
    ///
    /// # Errors
    ///
    /// [`Error::Validation`] for an empty key ID.
    pub fn new(kms: LocalKms, key_id: impl Into<String>) -> Result<Self> {
        let key_id = key_id.into();
        if key_id.is_empty() {
            return Err(Error::Validation(
                "A KMS keyring needs a key ID, key ARN or alias.".into(),
            ));
        }
        Ok(Self { kms, key_id })
    }

    /// The key ID as given.
    pub fn key_id(&self) -> &str {
        &self.key_id
    }

    /// The ARN of the key the key ID names now (aliases are resolved on every call).
    fn key_arn(&self) -> Result<String> {
        // `DescribeKey` (same checks, policy and faults) without building the whole metadata.
        self.kms.describe_key_arn(&self.key_id)
    }
}

impl Keyring for KmsKeyring {
    fn on_encrypt(&self, materials: &mut EncryptionMaterials) -> Result<()> {
        let encryption_context = materials.encryption_context().clone();
        let (key_arn, ciphertext) = match materials.data_key() {
            None => {
                let resp = self.kms.generate_data_key(GenerateDataKeyRequest {
                    key_id: self.key_id.clone(),
                    number_of_bytes: Some(materials.suite().data_key_len() as i64),
                    encryption_context,
                    ..Default::default()
                })?;
                materials.set_data_key(resp.plaintext)?;
                (resp.key_id, resp.ciphertext_blob)
            }
            Some(data_key) => {
                let resp = self.kms.encrypt(EncryptRequest {
                    key_id: self.key_id.clone(),
                    plaintext: SecretBytes::copy_from_slice(data_key.expose_secret()),
                    encryption_context,
                    ..Default::default()
                })?;
                (resp.key_id, resp.ciphertext_blob)
            }
        };
        materials.add_encrypted_data_key(EncryptedDataKey {
            provider_id: AWS_KMS_PROVIDER_ID.to_owned(),
            provider_info: key_arn.into_bytes(),
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
        let arn = self.key_arn()?;
        let mut first_error = None;
        for edk in edks {
            if edk.provider_id != AWS_KMS_PROVIDER_ID || edk.provider_info != arn.as_bytes() {
                continue;
            }
            let result = self.kms.decrypt(DecryptRequest {
                ciphertext_blob: edk.ciphertext.clone(),
                encryption_context: materials.encryption_context().clone(),
                key_id: Some(self.key_id.clone()),
                ..Default::default()
            });
            match result {
                Ok(resp) if resp.plaintext.len() == materials.suite().data_key_len() => {
                    return materials.set_data_key(resp.plaintext);
                }
                // Not a data key of this suite, or not authentic under this key and context.
                Ok(_) | Err(Error::InvalidCiphertext | Error::IncorrectKey) => {}
                Err(e) => {
                    first_error.get_or_insert(e);
                }
            }
        }
        first_error.map_or(Ok(()), Err)
    }

    fn offered_keys(&self) -> Vec<(String, String)> {
        let name = self.key_arn().unwrap_or_else(|_| self.key_id.clone());
        vec![(AWS_KMS_PROVIDER_ID.to_owned(), name)]
    }
}

impl fmt::Debug for KmsKeyring {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KmsKeyring")
            .field("key_id", &self.key_id)
            .finish_non_exhaustive()
    }
}
