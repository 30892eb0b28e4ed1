//! The discovery keyring: decrypts with whichever key of a [`LocalKms`] wrapped the data key.
//!
//! The ESDK's AWS KMS discovery keyring (`spec: framework/aws-kms/aws-kms-discovery-keyring.md`)
//! over the local KMS: it names no key. On decrypt it tries every `aws-kms` EDK whose provider
//! info is a key ARN of this KMS's partition, region and account (and, with a
//! [`DiscoveryFilter`], of the filter's partition and accounts), calling `Decrypt` with the ARN
//! the EDK names, exactly as the ESDK's keyring calls AWS KMS. It cannot encrypt: a message
//! needs a named key.

use core::fmt;

use crate::error::{Error, Result};
use crate::keyring::{
    AWS_KMS_PROVIDER_ID, DecryptionMaterials, EncryptedDataKey, EncryptionMaterials, Keyring,
};
use crate::kms::{DecryptRequest, LocalKms};

/// Which key ARNs a [`DiscoveryKeyring`] may use: the ESDK's `DiscoveryFilter`
/// (a partition and the account IDs allowed in it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiscoveryFilter {
    partition: String,
    account_ids: Vec<String>,
}

impl DiscoveryFilter {
    /// Keys of `partition` (`aws`, `aws-cn`, `aws-us-gov`) owned by one of `account_ids`.
    ///
    /// # Errors
    ///
    /// [`Error::Validation`] for an empty partition, no account ID, or an empty account ID (the
    /// ESDK's rules for a discovery filter).
    pub fn new<I, S>(partition: impl Into<String>, account_ids: I) -> Result<Self>
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let partition = partition.into();
        let account_ids: Vec<String> = account_ids.into_iter().map(Into::into).collect();
        if partition.is_empty() {
            return Err(Error::Validation(
                "A discovery filter needs a partition (for example 'aws').".into(),
            ));
        }
        if account_ids.is_empty() || account_ids.iter().any(String::is_empty) {
            return Err(Error::Validation(
                "A discovery filter needs one or more non-empty account IDs.".into(),
            ));
        }
        Ok(Self {
            partition,
            account_ids,
        })
    }

    /// The partition.
    pub fn partition(&self) -> &str {
        &self.partition
    }

    /// The allowed account IDs.
    pub fn account_ids(&self) -> &[String] {
        &self.account_ids
    }
}

/// A decrypt-only keyring over every key of a [`LocalKms`] (see the module docs).
///
/// - Decrypt: for each `aws-kms` EDK whose provider info is a key ARN in this KMS's partition,
///   region and account, and allowed by the filter, `Decrypt` of the EDK under that ARN with the
///   message's full encryption context. EDKs of keys this KMS does not hold, and blobs that do
///   not authenticate, are skipped; a KMS refusal (a disabled key, a key pending deletion, a
///   policy that denies `kms:Decrypt`, …) is returned when no EDK opened.
/// - Encrypt: [`Error::Validation`]; name a key with a [`KmsKeyring`](crate::KmsKeyring).
///
/// A message none of whose EDKs names a key of this KMS fails with [`Error::NoMatchingKey`],
/// whose `tried` entry describes this keyring (`any key of LocalKms arn:aws:kms:<region>:<account>`,
/// with the store path and the filter when there are).
///
/// ```
/// use datakey::LocalKms;
/// use datakey::keyring::{DiscoveryFilter, DiscoveryKeyring, KmsKeyring};
/// use datakey::kms::CreateKeyRequest;
/// use datakey::message::{self, DecryptOptions, EncryptOptions};
/// let kms = LocalKms::new();
/// let key = kms.create_key(CreateKeyRequest::default())?.key_metadata;
/// let ct = message::encrypt(b"hi", &KmsKeyring::new(kms.clone(), &key.key_id)?, &EncryptOptions::default())?;
/// let any_key = DiscoveryKeyring::new(kms.clone());
/// assert_eq!(&message::decrypt(&ct, &any_key, &DecryptOptions::default())?.plaintext[..], b"hi");
/// let other_account = DiscoveryKeyring::with_filter(kms, DiscoveryFilter::new("aws", ["444455556666"])?);
/// assert!(matches!(
///     message::decrypt(&ct, &other_account, &DecryptOptions::default()),
///     Err(datakey::Error::NoMatchingKey(_))
/// ));
/// # Ok::<(), datakey::Error>(())
/// ```
#[derive(Clone)]
pub struct DiscoveryKeyring {
    kms: LocalKms,
    filter: Option<DiscoveryFilter>,
}

impl DiscoveryKeyring {
    /// A keyring over every key of `kms`.
    pub fn new(kms: LocalKms) -> Self {
        Self { kms, filter: None }
    }

    /// A keyring over the keys of `kms` that `filter` allows.
    pub fn with_filter(kms: LocalKms, filter: DiscoveryFilter) -> Self {
        Self {
            kms,
            filter: Some(filter),
        }
    }

    /// The discovery filter, if any.
    pub fn filter(&self) -> Option<&DiscoveryFilter> {
        self.filter.as_ref()
    }

    /// The ARN prefix of this KMS's keys: `arn:<partition>:kms:<region>:<account>:`.
    fn arn_prefix(&self) -> String {
        format!(
            "arn:{}:kms:{}:{}:",
            crate::kms::partition_of(self.kms.region()),
            self.kms.region(),
            self.kms.account_id()
        )
    }

    /// Whether this keyring would try `edk`: an `aws-kms` EDK naming a key ARN of this KMS
    /// that the filter allows.
    fn considers(&self, edk: &EncryptedDataKey, prefix: &str) -> bool {
        if edk.provider_id != AWS_KMS_PROVIDER_ID {
            return false;
        }
        let Ok(arn) = std::str::from_utf8(&edk.provider_info) else {
            return false;
        };
        let Some(key_id) = arn
            .strip_prefix(prefix)
            .and_then(|r| r.strip_prefix("key/"))
        else {
            return false;
        };
        if key_id.is_empty() {
            return false;
        }
        match &self.filter {
            None => true,
            Some(f) => {
                f.partition == crate::kms::partition_of(self.kms.region())
                    && f.account_ids.iter().any(|a| a == self.kms.account_id())
            }
        }
    }
}

impl Keyring for DiscoveryKeyring {
    fn on_encrypt(&self, _materials: &mut EncryptionMaterials) -> Result<()> {
        Err(Error::Validation(
            "A discovery keyring only decrypts: encrypting needs a named KMS key (a KMS keyring)."
                .into(),
        ))
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
        let prefix = self.arn_prefix();
        let mut first_error = None;
        for edk in edks.iter().filter(|e| self.considers(e, &prefix)) {
            let result = self.kms.decrypt(DecryptRequest {
                ciphertext_blob: edk.ciphertext.clone(),
                encryption_context: materials.encryption_context().clone(),
                key_id: Some(edk.key_name()),
                ..Default::default()
            });
            match result {
                Ok(resp) if resp.plaintext.len() == materials.suite().data_key_len() => {
                    return materials.set_data_key(resp.plaintext);
                }
                // Not a data key of this suite, not a key of this KMS, or not authentic under it.
                Ok(_)
                | Err(Error::InvalidCiphertext | Error::IncorrectKey | Error::NotFound(_)) => {}
                Err(e) => {
                    first_error.get_or_insert(e);
                }
            }
        }
        first_error.map_or(Ok(()), Err)
    }

    fn offered_keys(&self) -> Vec<(String, String)> {
        let mut what = format!("any key of LocalKms {}", self.arn_prefix());
        if let Some(path) = self.kms.store_path() {
            what.push_str(&format!(" (store {})", path.display()));
        }
        if let Some(f) = &self.filter {
            what.push_str(&format!(
                " allowed by the discovery filter (partition {}, accounts {})",
                f.partition,
                f.account_ids.join(", ")
            ));
        }
        vec![(AWS_KMS_PROVIDER_ID.to_owned(), what)]
    }

    fn offers_any(&self, edks: &[EncryptedDataKey]) -> bool {
        let prefix = self.arn_prefix();
        edks.iter()
            .filter(|e| self.considers(e, &prefix))
            .any(|e| self.kms.holds_key_arn(&e.key_name()))
    }
}

impl fmt::Debug for DiscoveryKeyring {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DiscoveryKeyring")
            .field("region", &self.kms.region())
            .field("account_id", &self.kms.account_id())
            .field("filter", &self.filter)
            .finish_non_exhaustive()
    }
}
