//! Algorithm suites (`spec: framework/algorithm-suites.md`).

use crate::crypto::sign::SignatureAlgorithm;
use crate::error::{Error, Result};

/// An algorithm suite datakey can decrypt (and, for
/// [`Aes256GcmHkdfSha512CommitKey`](AlgorithmSuite::Aes256GcmHkdfSha512CommitKey) and
/// [`Aes256GcmHkdfSha512CommitKeyEcdsaP384`](AlgorithmSuite::Aes256GcmHkdfSha512CommitKeyEcdsaP384),
/// encrypt).
///
/// Every suite is AES-GCM with a 12-byte IV and a 16-byte tag. The signed suites (0x0214, 0x0346,
/// 0x0378, 0x0578) add an ECDSA signature over the whole message, made with a key pair generated
/// for that message alone: it proves that the writer held that private key, which a reader who
/// can unwrap the data key does not (it authenticates the writer, not the master key, which stays
/// symmetric).
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AlgorithmSuite {
    /// 0x0014: AES-128-GCM, the data key used as is (message format v1, legacy).
    Aes128Gcm,
    /// 0x0046: AES-192-GCM, the data key used as is (v1, legacy).
    Aes192Gcm,
    /// 0x0078: AES-256-GCM, the data key used as is (v1, legacy).
    Aes256Gcm,
    /// 0x0114: AES-128-GCM, HKDF-SHA256 key derivation (v1, legacy).
    Aes128GcmHkdfSha256,
    /// 0x0146: AES-192-GCM, HKDF-SHA256 key derivation (v1, legacy).
    Aes192GcmHkdfSha256,
    /// 0x0178: AES-256-GCM, HKDF-SHA256 key derivation (v1, legacy).
    Aes256GcmHkdfSha256,
    /// 0x0214: AES-128-GCM, HKDF-SHA256, ECDSA P-256 with SHA-256 signature (v1, legacy).
    Aes128GcmHkdfSha256EcdsaP256,
    /// 0x0346: AES-192-GCM, HKDF-SHA384, ECDSA P-384 with SHA-384 signature (v1, legacy).
    Aes192GcmHkdfSha384EcdsaP384,
    /// 0x0378: AES-256-GCM, HKDF-SHA384, ECDSA P-384 with SHA-384 signature (v1, legacy).
    Aes256GcmHkdfSha384EcdsaP384,
    /// 0x0478: AES-256-GCM, HKDF-SHA512 key derivation and key commitment, unsigned (v2).
    /// datakey's default.
    Aes256GcmHkdfSha512CommitKey,
    /// 0x0578: AES-256-GCM, HKDF-SHA512 key derivation and key commitment, ECDSA P-384 with
    /// SHA-384 signature (v2). The official ESDKs' default.
    Aes256GcmHkdfSha512CommitKeyEcdsaP384,
}

/// How a suite turns the data key into the message's encryption key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kdf {
    /// The data key is the encryption key.
    Identity,
    /// HKDF-SHA256, no salt, info = suite id || message id (v1).
    HkdfSha256,
    /// HKDF-SHA384, no salt, info = suite id || message id (v1 signed suites 0x0346, 0x0378).
    HkdfSha384,
    /// HKDF-SHA512, salt = message id, with a commitment key (v2).
    HkdfSha512Commit,
}

impl AlgorithmSuite {
    /// The suite datakey encrypts with unless told otherwise (unsigned 0x0478).
    pub const DEFAULT: AlgorithmSuite = AlgorithmSuite::Aes256GcmHkdfSha512CommitKey;

    /// The signed suite datakey can also encrypt with (0x0578, the official ESDKs' default).
    pub const SIGNED: AlgorithmSuite = AlgorithmSuite::Aes256GcmHkdfSha512CommitKeyEcdsaP384;

    /// The suite with this 2-byte ID.
    ///
    /// # Errors
    ///
    /// [`Error::UnsupportedSuite`] for an unknown ID.
    pub fn from_id(id: u16) -> Result<Self> {
        Ok(match id {
            0x0014 => Self::Aes128Gcm,
            0x0046 => Self::Aes192Gcm,
            0x0078 => Self::Aes256Gcm,
            0x0114 => Self::Aes128GcmHkdfSha256,
            0x0146 => Self::Aes192GcmHkdfSha256,
            0x0178 => Self::Aes256GcmHkdfSha256,
            0x0214 => Self::Aes128GcmHkdfSha256EcdsaP256,
            0x0346 => Self::Aes192GcmHkdfSha384EcdsaP384,
            0x0378 => Self::Aes256GcmHkdfSha384EcdsaP384,
            0x0478 => Self::Aes256GcmHkdfSha512CommitKey,
            0x0578 => Self::Aes256GcmHkdfSha512CommitKeyEcdsaP384,
            other => return Err(Error::UnsupportedSuite(other)),
        })
    }

    /// The 2-byte suite ID as it appears in the header.
    pub fn id(self) -> u16 {
        match self {
            Self::Aes128Gcm => 0x0014,
            Self::Aes192Gcm => 0x0046,
            Self::Aes256Gcm => 0x0078,
            Self::Aes128GcmHkdfSha256 => 0x0114,
            Self::Aes192GcmHkdfSha256 => 0x0146,
            Self::Aes256GcmHkdfSha256 => 0x0178,
            Self::Aes128GcmHkdfSha256EcdsaP256 => 0x0214,
            Self::Aes192GcmHkdfSha384EcdsaP384 => 0x0346,
            Self::Aes256GcmHkdfSha384EcdsaP384 => 0x0378,
            Self::Aes256GcmHkdfSha512CommitKey => 0x0478,
            Self::Aes256GcmHkdfSha512CommitKeyEcdsaP384 => 0x0578,
        }
    }

    /// Length in bytes of the data key (and of the AES key): 16, 24 or 32.
    pub fn data_key_len(self) -> usize {
        match self {
            Self::Aes128Gcm | Self::Aes128GcmHkdfSha256 | Self::Aes128GcmHkdfSha256EcdsaP256 => 16,
            Self::Aes192Gcm | Self::Aes192GcmHkdfSha256 | Self::Aes192GcmHkdfSha384EcdsaP384 => 24,
            Self::Aes256Gcm
            | Self::Aes256GcmHkdfSha256
            | Self::Aes256GcmHkdfSha384EcdsaP384
            | Self::Aes256GcmHkdfSha512CommitKey
            | Self::Aes256GcmHkdfSha512CommitKeyEcdsaP384 => 32,
        }
    }

    /// The message format version that carries this suite (1 or 2).
    pub fn message_format_version(self) -> u8 {
        if self.is_committing() { 2 } else { 1 }
    }

    /// True for the key-committing suites (those a REQUIRE_DECRYPT commitment policy accepts).
    pub fn is_committing(self) -> bool {
        matches!(
            self,
            Self::Aes256GcmHkdfSha512CommitKey | Self::Aes256GcmHkdfSha512CommitKeyEcdsaP384
        )
    }

    /// True for the suites whose messages end with an ECDSA signature (0x0214, 0x0346, 0x0378,
    /// 0x0578).
    pub fn is_signed(self) -> bool {
        self.signature().is_some()
    }

    /// The signature algorithm of a signed suite.
    pub(crate) fn signature(self) -> Option<SignatureAlgorithm> {
        match self {
            Self::Aes128GcmHkdfSha256EcdsaP256 => Some(SignatureAlgorithm::EcdsaP256Sha256),
            Self::Aes192GcmHkdfSha384EcdsaP384
            | Self::Aes256GcmHkdfSha384EcdsaP384
            | Self::Aes256GcmHkdfSha512CommitKeyEcdsaP384 => {
                Some(SignatureAlgorithm::EcdsaP384Sha384)
            }
            _ => None,
        }
    }

    /// Length of the message ID: 16 bytes in v1, 32 in v2.
    pub(crate) fn message_id_len(self) -> usize {
        if self.message_format_version() == 2 {
            32
        } else {
            16
        }
    }

    /// Length of the v2 "algorithm suite data" header field (the commitment key); 0 for v1.
    pub(crate) fn suite_data_len(self) -> usize {
        if self.is_committing() { 32 } else { 0 }
    }

    pub(crate) fn kdf(self) -> Kdf {
        match self {
            Self::Aes128Gcm | Self::Aes192Gcm | Self::Aes256Gcm => Kdf::Identity,
            Self::Aes128GcmHkdfSha256
            | Self::Aes192GcmHkdfSha256
            | Self::Aes256GcmHkdfSha256
            | Self::Aes128GcmHkdfSha256EcdsaP256 => Kdf::HkdfSha256,
            Self::Aes192GcmHkdfSha384EcdsaP384 | Self::Aes256GcmHkdfSha384EcdsaP384 => {
                Kdf::HkdfSha384
            }
            Self::Aes256GcmHkdfSha512CommitKey | Self::Aes256GcmHkdfSha512CommitKeyEcdsaP384 => {
                Kdf::HkdfSha512Commit
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip() {
        for id in [
            0x0014, 0x0046, 0x0078, 0x0114, 0x0146, 0x0178, 0x0214, 0x0346, 0x0378, 0x0478, 0x0578,
        ] {
            let suite = AlgorithmSuite::from_id(id).unwrap();
            assert_eq!(suite.id(), id);
            assert_eq!(suite.is_signed(), id >= 0x0200 && id != 0x0478, "{id:#06x}");
            assert_eq!(
                suite.message_format_version(),
                if id >= 0x0478 { 2 } else { 1 }
            );
        }
        for id in [0, 0x0479, 0x0278, 0xffff] {
            assert!(matches!(
                AlgorithmSuite::from_id(id),
                Err(Error::UnsupportedSuite(x)) if x == id
            ));
        }
    }

    #[test]
    fn properties() {
        let s = AlgorithmSuite::DEFAULT;
        assert_eq!(
            (
                s.data_key_len(),
                s.message_format_version(),
                s.message_id_len()
            ),
            (32, 2, 32)
        );
        assert!(s.is_committing());
        let l = AlgorithmSuite::Aes192GcmHkdfSha256;
        assert_eq!((l.data_key_len(), l.message_format_version()), (24, 1));
        assert!(!l.is_committing());
        assert_eq!(l.suite_data_len(), 0);
    }
}
