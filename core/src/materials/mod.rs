//! What a message and its keyrings exchange: the algorithm suite, the encryption and decryption
//! materials, and the wrapped data keys (`spec: framework/structures.md`).
//!
//! This layer sits below both [`crate::keyring`] (which fills the materials) and
//! [`crate::message`] (which hands them out and writes the EDKs into the header); neither needs
//! the other for these types. The types are re-exported where users meet them:
//! [`crate::keyring`] and [`crate::message`].

use core::fmt;

use zeroize::{Zeroize, Zeroizing};

use crate::crypto::NONCE_LEN;
use crate::ec::EncryptionContext;
use crate::error::{Error, Result};
use crate::secret::SecretBytes;

mod suite;

pub use suite::AlgorithmSuite;
pub(crate) use suite::Kdf;

/// Length of the raw AES provider-info trailer after the key name: tag bits, IV length, IV.
pub(crate) const RAW_AES_TRAILER_LEN: usize = 4 + 4 + NONCE_LEN;
/// The raw AES trailer's fixed prefix: a 128-bit tag and a 12-byte IV.
pub(crate) const RAW_AES_TRAILER_PREFIX: [u8; 8] = [0, 0, 0, 0x80, 0, 0, 0, 0x0c];

/// The key name of a raw AES provider info, if it has the raw AES trailer.
pub(crate) fn raw_aes_key_name(provider_info: &[u8]) -> Option<&[u8]> {
    let split = provider_info.len().checked_sub(RAW_AES_TRAILER_LEN)?;
    let (name, trailer) = provider_info.split_at(split);
    (trailer[..8] == RAW_AES_TRAILER_PREFIX).then_some(name)
}

/// The provider ID prefix reserved for AWS KMS keyrings.
pub const AWS_KMS_PROVIDER_ID: &str = "aws-kms";

/// A wrapped data key as it travels in a message header
/// (`spec: data-format/message-header.md`, encrypted data keys).
///
/// Nothing here is secret: the ciphertext is the data key wrapped under a key the reader must hold.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct EncryptedDataKey {
    /// Who can open it: the raw keyring's key namespace, or `aws-kms`.
    pub provider_id: String,
    /// Provider-specific: the raw AES key name plus the wrapping IV, or the KMS key ARN.
    pub provider_info: Vec<u8>,
    /// The wrapped data key.
    pub ciphertext: Vec<u8>,
}

impl EncryptedDataKey {
    /// The key name this EDK names, for error reports and [`HeaderInfo`](crate::message::HeaderInfo):
    /// the key name of a raw AES EDK (its provider info without the 20-byte IV trailer), the key
    /// ARN of a KMS EDK, otherwise the provider info read as (lossy) UTF-8.
    pub fn key_name(&self) -> String {
        let info = &self.provider_info;
        if !self.provider_id.starts_with(AWS_KMS_PROVIDER_ID)
            && let Some(name) = raw_aes_key_name(info)
        {
            return String::from_utf8_lossy(name).into_owned();
        }
        String::from_utf8_lossy(info).into_owned()
    }

    /// Length of this EDK's entry in a header: three 2-byte length fields plus the three fields.
    pub fn serialized_len(&self) -> usize {
        6 + self.provider_id.len() + self.provider_info.len() + self.ciphertext.len()
    }
}

impl fmt::Debug for EncryptedDataKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EncryptedDataKey")
            .field("provider_id", &self.provider_id)
            .field("key_name", &self.key_name())
            .field("ciphertext_len", &self.ciphertext.len())
            .finish()
    }
}

/// How many random bytes a message encryption draws ahead for its keyrings, in the same OS call
/// as the message ID: a 32-byte data key and a 12-byte wrapping IV.
pub(crate) const PREFETCH_LEN: usize = 32 + 12;

/// What a message encryption asks of its keyring: a data key, and one or more wrapped copies of it.
pub struct EncryptionMaterials {
    suite: AlgorithmSuite,
    encryption_context: EncryptionContext,
    serialized_context: Vec<u8>,
    data_key: Option<SecretBytes>,
    encrypted_data_keys: Vec<EncryptedDataKey>,
    /// Random bytes drawn ahead for this message's keyrings (see [`Self::fill_random`]); the
    /// first `prefetched_len` are unused, the rest are zero.
    prefetched: Zeroizing<[u8; PREFETCH_LEN]>,
    prefetched_len: usize,
}

impl EncryptionMaterials {
    /// Empty materials for `suite`, binding the full `encryption_context` (the part stored in the
    /// header and the required part).
    ///
    /// # Errors
    ///
    /// [`Error::Validation`] if the context does not serialize (more than 65 535 bytes).
    pub fn new(suite: AlgorithmSuite, encryption_context: EncryptionContext) -> Result<Self> {
        let serialized_context = encryption_context.serialize()?;
        Ok(Self {
            suite,
            encryption_context,
            serialized_context,
            data_key: None,
            encrypted_data_keys: Vec::new(),
            prefetched: Zeroizing::new([0u8; PREFETCH_LEN]),
            prefetched_len: 0,
        })
    }

    /// Hands the materials random bytes drawn ahead (the message encryptor draws them in the same
    /// OS call as the message ID), for [`fill_random`](Self::fill_random).
    pub(crate) fn set_prefetched_random(&mut self, random: &[u8; PREFETCH_LEN]) {
        self.prefetched.copy_from_slice(random);
        self.prefetched_len = PREFETCH_LEN;
    }

    /// Fills `buf` with random bytes for this message's keys or IVs: from the bytes the message
    /// encryptor drew ahead together with the message ID when enough of them are left (each
    /// byte is handed out once, then zeroed), otherwise from the operating system's random
    /// number generator. Either way the bytes come from the OS generator; drawing them in one
    /// call saves a system call per message.
    ///
    /// # Errors
    ///
    /// [`Error::KmsInternal`] if the system random number generator fails.
    pub fn fill_random(&mut self, buf: &mut [u8]) -> Result<()> {
        let Some(start) = self.prefetched_len.checked_sub(buf.len()) else {
            return crate::crypto::fill_random(buf);
        };
        let taken = &mut self.prefetched[start..self.prefetched_len];
        buf.copy_from_slice(taken);
        taken.zeroize();
        self.prefetched_len = start;
        Ok(())
    }

    /// The message's algorithm suite.
    pub fn suite(&self) -> AlgorithmSuite {
        self.suite
    }

    /// The full encryption context the data key is bound to.
    pub fn encryption_context(&self) -> &EncryptionContext {
        &self.encryption_context
    }

    /// The canonical serialization of [`encryption_context`](Self::encryption_context): the AAD
    /// raw AES keyrings bind (empty for an empty context).
    pub fn serialized_context(&self) -> &[u8] {
        &self.serialized_context
    }

    /// The plaintext data key, once a keyring has generated it.
    pub fn data_key(&self) -> Option<&SecretBytes> {
        self.data_key.as_ref()
    }

    /// Sets the plaintext data key (a generating keyring does this once).
    ///
    /// # Errors
    ///
    /// [`Error::Validation`] if a data key is already set or `key` has the wrong length for the
    /// suite.
    pub fn set_data_key(&mut self, key: SecretBytes) -> Result<()> {
        if self.data_key.is_some() {
            return Err(Error::Validation(
                "The encryption materials already hold a data key.".into(),
            ));
        }
        check_key_len(self.suite, &key)?;
        self.data_key = Some(key);
        Ok(())
    }

    /// Appends a wrapped copy of the data key.
    pub fn add_encrypted_data_key(&mut self, edk: EncryptedDataKey) {
        self.encrypted_data_keys.push(edk);
    }

    /// The wrapped copies so far, in order.
    pub fn encrypted_data_keys(&self) -> &[EncryptedDataKey] {
        &self.encrypted_data_keys
    }

    pub(crate) fn into_parts(self) -> (Option<SecretBytes>, Vec<EncryptedDataKey>) {
        (self.data_key, self.encrypted_data_keys)
    }
}

impl fmt::Debug for EncryptionMaterials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EncryptionMaterials")
            .field("suite", &self.suite)
            .field("encryption_context", &self.encryption_context)
            .field("has_data_key", &self.data_key.is_some())
            .field("encrypted_data_keys", &self.encrypted_data_keys)
            .finish()
    }
}

/// What a message decryption asks of its keyring: the plaintext data key.
pub struct DecryptionMaterials {
    suite: AlgorithmSuite,
    encryption_context: EncryptionContext,
    serialized_context: Vec<u8>,
    data_key: Option<SecretBytes>,
}

impl DecryptionMaterials {
    /// Empty materials for a message of `suite` that binds the full `encryption_context` (the
    /// header's pairs plus the required pairs the caller supplied).
    ///
    /// # Errors
    ///
    /// [`Error::Validation`] if the context does not serialize (more than 65 535 bytes).
    pub fn new(suite: AlgorithmSuite, encryption_context: EncryptionContext) -> Result<Self> {
        let serialized_context = encryption_context.serialize()?;
        Ok(Self {
            suite,
            encryption_context,
            serialized_context,
            data_key: None,
        })
    }

    /// The message's algorithm suite.
    pub fn suite(&self) -> AlgorithmSuite {
        self.suite
    }

    /// The full encryption context the message binds.
    pub fn encryption_context(&self) -> &EncryptionContext {
        &self.encryption_context
    }

    /// The canonical serialization of [`encryption_context`](Self::encryption_context).
    pub fn serialized_context(&self) -> &[u8] {
        &self.serialized_context
    }

    /// The plaintext data key, once a keyring has opened an EDK.
    pub fn data_key(&self) -> Option<&SecretBytes> {
        self.data_key.as_ref()
    }

    /// Sets the plaintext data key.
    ///
    /// # Errors
    ///
    /// [`Error::Validation`] if a data key is already set or `key` has the wrong length for the
    /// suite.
    pub fn set_data_key(&mut self, key: SecretBytes) -> Result<()> {
        if self.data_key.is_some() {
            return Err(Error::Validation(
                "The decryption materials already hold a data key.".into(),
            ));
        }
        check_key_len(self.suite, &key)?;
        self.data_key = Some(key);
        Ok(())
    }

    pub(crate) fn take_data_key(&mut self) -> Option<SecretBytes> {
        self.data_key.take()
    }
}

impl fmt::Debug for DecryptionMaterials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DecryptionMaterials")
            .field("suite", &self.suite)
            .field("encryption_context", &self.encryption_context)
            .field("has_data_key", &self.data_key.is_some())
            .finish()
    }
}

fn check_key_len(suite: AlgorithmSuite, key: &SecretBytes) -> Result<()> {
    if key.len() != suite.data_key_len() {
        return Err(Error::Validation(format!(
            "Suite {:#06x} needs a {}-byte data key, not {} bytes.",
            suite.id(),
            suite.data_key_len(),
            key.len()
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefetched_random_is_handed_out_once_then_the_os_serves() {
        let mut m =
            EncryptionMaterials::new(AlgorithmSuite::DEFAULT, EncryptionContext::new()).unwrap();
        let mut ahead = [0u8; PREFETCH_LEN];
        for (i, b) in ahead.iter_mut().enumerate() {
            *b = i as u8 + 1;
        }
        m.set_prefetched_random(&ahead);
        // More than is left: straight from the OS, the prefetched bytes stay.
        let mut big = [0u8; PREFETCH_LEN + 1];
        m.fill_random(&mut big).unwrap();
        assert_eq!(m.prefetched_len, PREFETCH_LEN);
        let mut iv = [0u8; 12];
        m.fill_random(&mut iv).unwrap();
        assert_eq!(iv[..], ahead[32..]);
        let mut key = [0u8; 32];
        m.fill_random(&mut key).unwrap();
        assert_eq!(key[..], ahead[..32]);
        // Spent bytes are zeroed, never handed out twice.
        assert_eq!(m.prefetched_len, 0);
        assert!(m.prefetched.iter().all(|&b| b == 0));
        let mut again = [0u8; 32];
        m.fill_random(&mut again).unwrap();
        assert_ne!(again, key);
        assert_ne!(again, [0u8; 32]);
        let mut more = [0u8; 32];
        m.fill_random(&mut more).unwrap();
        assert_ne!(again, more);
    }
}
