//! The KMS enumerations, each with its KMS string ([`as_str`](KeySpec::as_str)) and a
//! [`FromStr`] that fails with KMS's `ValidationException` enum message, so the bindings can pass
//! user strings straight through.

use core::fmt;
use core::str::FromStr;

use crate::error::Error;

macro_rules! kms_enum {
    (
        $(#[$meta:meta])*
        $name:ident, field = $field:literal {
            $( $(#[$vmeta:meta])* $variant:ident => $s:literal ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The KMS string for this value.
            pub fn as_str(self) -> &'static str {
                match self {
                    $( $name::$variant => $s, )+
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        #[cfg(feature = "wire")]
        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        #[cfg(feature = "wire")]
        impl<'de> serde::Deserialize<'de> for $name {
            /// The KMS string; any other string fails with [`FromStr`]'s message.
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                d.deserialize_str(crate::wire::codec::EnumVisitor::<$name>::new())
            }
        }

        impl FromStr for $name {
            type Err = Error;

            /// Parses the KMS string (exact, case-sensitive).
            ///
            /// # Errors
            ///
            /// [`Error::Validation`] with KMS's enum-constraint message for any other string.
            fn from_str(s: &str) -> Result<Self, Error> {
                match s {
                    $( $s => Ok($name::$variant), )+
                    _ => Err(enum_error(s, $field, &[$($s),+])),
                }
            }
        }
    };
}

/// KMS's message for a value outside an enum: `1 validation error detected: Value 'X' at
/// 'field' failed to satisfy constraint: Member must satisfy enum value set: [A, B]`.
pub(crate) fn enum_error(value: &str, field: &str, allowed: &[&str]) -> Error {
    Error::Validation(format!(
        "1 validation error detected: Value '{value}' at '{field}' failed to satisfy constraint: \
         Member must satisfy enum value set: [{}]",
        allowed.join(", ")
    ))
}

kms_enum! {
    /// The type of a KMS key (`KeySpec`). Only [`KeySpec::SymmetricDefault`] keys hold key
    /// material in datakey; the others exist so that using them is refused the way KMS refuses
    /// it.
    KeySpec, field = "keySpec" {
        /// AES-256-GCM symmetric encryption key (the default).
        SymmetricDefault => "SYMMETRIC_DEFAULT",
        /// RSA 2048-bit key pair.
        Rsa2048 => "RSA_2048",
        /// RSA 3072-bit key pair.
        Rsa3072 => "RSA_3072",
        /// RSA 4096-bit key pair.
        Rsa4096 => "RSA_4096",
        /// NIST P-256 key pair.
        EccNistP256 => "ECC_NIST_P256",
        /// NIST P-384 key pair.
        EccNistP384 => "ECC_NIST_P384",
        /// NIST P-521 key pair.
        EccNistP521 => "ECC_NIST_P521",
        /// Ed25519 key pair.
        EccNistEdwards25519 => "ECC_NIST_EDWARDS25519",
        /// secp256k1 key pair.
        EccSecgP256k1 => "ECC_SECG_P256K1",
        /// ML-DSA-44 key pair.
        MlDsa44 => "ML_DSA_44",
        /// ML-DSA-65 key pair.
        MlDsa65 => "ML_DSA_65",
        /// ML-DSA-87 key pair.
        MlDsa87 => "ML_DSA_87",
        /// HMAC with SHA-224.
        Hmac224 => "HMAC_224",
        /// HMAC with SHA-256.
        Hmac256 => "HMAC_256",
        /// HMAC with SHA-384.
        Hmac384 => "HMAC_384",
        /// HMAC with SHA-512.
        Hmac512 => "HMAC_512",
        /// SM2 key pair (China Regions).
        Sm2 => "SM2",
    }
}

impl KeySpec {
    /// True for the HMAC specs.
    pub fn is_hmac(self) -> bool {
        matches!(
            self,
            KeySpec::Hmac224 | KeySpec::Hmac256 | KeySpec::Hmac384 | KeySpec::Hmac512
        )
    }

    /// True for the asymmetric specs (RSA, ECC, ML-DSA, SM2).
    pub fn is_asymmetric(self) -> bool {
        !self.is_hmac() && self != KeySpec::SymmetricDefault
    }

    /// The key usages KMS accepts for this spec.
    pub fn allowed_usages(self) -> &'static [KeyUsage] {
        use KeyUsage::*;
        match self {
            KeySpec::SymmetricDefault => &[EncryptDecrypt],
            KeySpec::Hmac224 | KeySpec::Hmac256 | KeySpec::Hmac384 | KeySpec::Hmac512 => {
                &[GenerateVerifyMac]
            }
            KeySpec::Rsa2048 | KeySpec::Rsa3072 | KeySpec::Rsa4096 => &[EncryptDecrypt, SignVerify],
            KeySpec::EccNistP256 | KeySpec::EccNistP384 | KeySpec::EccNistP521 => {
                &[SignVerify, KeyAgreement]
            }
            KeySpec::EccNistEdwards25519
            | KeySpec::EccSecgP256k1
            | KeySpec::MlDsa44
            | KeySpec::MlDsa65
            | KeySpec::MlDsa87 => &[SignVerify],
            KeySpec::Sm2 => &[EncryptDecrypt, SignVerify, KeyAgreement],
        }
    }
}

kms_enum! {
    /// What a KMS key may be used for (`KeyUsage`).
    KeyUsage, field = "keyUsage" {
        /// Encrypt and decrypt (symmetric keys, RSA, SM2).
        EncryptDecrypt => "ENCRYPT_DECRYPT",
        /// Sign and verify (asymmetric keys).
        SignVerify => "SIGN_VERIFY",
        /// Generate and verify MACs (HMAC keys).
        GenerateVerifyMac => "GENERATE_VERIFY_MAC",
        /// Derive shared secrets (ECC and SM2 keys).
        KeyAgreement => "KEY_AGREEMENT",
    }
}

kms_enum! {
    /// Where a key's material comes from (`Origin`).
    Origin, field = "origin" {
        /// KMS generated the material.
        AwsKms => "AWS_KMS",
        /// The caller imports the material (`ImportKeyMaterial`).
        External => "EXTERNAL",
        /// A CloudHSM custom key store (not supported by datakey).
        AwsCloudhsm => "AWS_CLOUDHSM",
        /// An external key store (not supported by datakey).
        ExternalKeyStore => "EXTERNAL_KEY_STORE",
    }
}

kms_enum! {
    /// Who manages a key (`KeyManager`). Keys created with `CreateKey` are `CUSTOMER` keys.
    KeyManager, field = "keyManager" {
        /// An AWS managed key.
        Aws => "AWS",
        /// A customer managed key.
        Customer => "CUSTOMER",
    }
}

kms_enum! {
    /// The state of a KMS key (`KeyState`).
    KeyState, field = "keyState" {
        /// Being created (multi-Region replicas).
        Creating => "Creating",
        /// Usable.
        Enabled => "Enabled",
        /// Disabled by `DisableKey` (or after `CancelKeyDeletion`).
        Disabled => "Disabled",
        /// Scheduled for deletion; gone when the window ends.
        PendingDeletion => "PendingDeletion",
        /// EXTERNAL origin, waiting for `ImportKeyMaterial`.
        PendingImport => "PendingImport",
        /// A multi-Region primary waiting for its replicas' deletion.
        PendingReplicaDeletion => "PendingReplicaDeletion",
        /// Custom key store disconnected.
        Unavailable => "Unavailable",
        /// Primary Region being updated.
        Updating => "Updating",
    }
}

kms_enum! {
    /// The data key sizes of `GenerateDataKey` (`DataKeySpec`).
    DataKeySpec, field = "keySpec" {
        /// A 256-bit data key.
        Aes256 => "AES_256",
        /// A 128-bit data key.
        Aes128 => "AES_128",
    }
}

impl DataKeySpec {
    /// The data key length in bytes.
    pub fn byte_len(self) -> usize {
        match self {
            DataKeySpec::Aes256 => 32,
            DataKeySpec::Aes128 => 16,
        }
    }
}

kms_enum! {
    /// Encryption algorithms (`EncryptionAlgorithmSpec`).
    EncryptionAlgorithmSpec, field = "encryptionAlgorithm" {
        /// AES-256-GCM under a symmetric key (the default).
        SymmetricDefault => "SYMMETRIC_DEFAULT",
        /// RSA-OAEP with SHA-1.
        RsaesOaepSha1 => "RSAES_OAEP_SHA_1",
        /// RSA-OAEP with SHA-256.
        RsaesOaepSha256 => "RSAES_OAEP_SHA_256",
        /// SM2 public-key encryption.
        Sm2pke => "SM2PKE",
    }
}

kms_enum! {
    /// How a key material version came to be (`RotationType`).
    RotationType, field = "rotationType" {
        /// By the automatic rotation schedule.
        Automatic => "AUTOMATIC",
        /// By `RotateKeyOnDemand`.
        OnDemand => "ON_DEMAND",
    }
}

kms_enum! {
    /// The state of one key material version (`KeyMaterialState`).
    KeyMaterialState, field = "keyMaterialState" {
        /// The material new ciphertexts use.
        Current => "CURRENT",
        /// An older material, still used to decrypt.
        NonCurrent => "NON_CURRENT",
        /// Imported material waiting for `RotateKeyOnDemand`.
        PendingRotation => "PENDING_ROTATION",
        /// Multi-Region import in progress (not used by datakey).
        PendingMultiRegionImportAndRotation => "PENDING_MULTI_REGION_IMPORT_AND_ROTATION",
    }
}

kms_enum! {
    /// Whether imported key material expires (`ExpirationModelType`).
    ExpirationModel, field = "expirationModel" {
        /// The material expires at `ValidTo`.
        KeyMaterialExpires => "KEY_MATERIAL_EXPIRES",
        /// The material never expires.
        KeyMaterialDoesNotExpire => "KEY_MATERIAL_DOES_NOT_EXPIRE",
    }
}

kms_enum! {
    /// What `ImportKeyMaterial` imports (`ImportType`).
    ImportType, field = "importType" {
        /// The key's first material, or a re-import of material it already had.
        ExistingKeyMaterial => "EXISTING_KEY_MATERIAL",
        /// New material for the next `RotateKeyOnDemand`.
        NewKeyMaterial => "NEW_KEY_MATERIAL",
    }
}

kms_enum! {
    /// The KMS operations of [`LocalKms`](super::LocalKms), named as in the KMS API. Fault
    /// injection rules name them; each one's IAM action is `kms:<name>` (except `ReEncrypt`,
    /// which needs `kms:ReEncryptFrom` and `kms:ReEncryptTo`).
    Operation, field = "operation" {
        /// `CreateKey`.
        CreateKey => "CreateKey",
        /// `DescribeKey`.
        DescribeKey => "DescribeKey",
        /// `ListKeys`.
        ListKeys => "ListKeys",
        /// `EnableKey`.
        EnableKey => "EnableKey",
        /// `DisableKey`.
        DisableKey => "DisableKey",
        /// `ScheduleKeyDeletion`.
        ScheduleKeyDeletion => "ScheduleKeyDeletion",
        /// `CancelKeyDeletion`.
        CancelKeyDeletion => "CancelKeyDeletion",
        /// `CreateAlias`.
        CreateAlias => "CreateAlias",
        /// `UpdateAlias`.
        UpdateAlias => "UpdateAlias",
        /// `DeleteAlias`.
        DeleteAlias => "DeleteAlias",
        /// `ListAliases`.
        ListAliases => "ListAliases",
        /// `GenerateDataKey`.
        GenerateDataKey => "GenerateDataKey",
        /// `GenerateDataKeyWithoutPlaintext`.
        GenerateDataKeyWithoutPlaintext => "GenerateDataKeyWithoutPlaintext",
        /// `Encrypt`.
        Encrypt => "Encrypt",
        /// `Decrypt`.
        Decrypt => "Decrypt",
        /// `ReEncrypt`.
        ReEncrypt => "ReEncrypt",
        /// `GenerateRandom`.
        GenerateRandom => "GenerateRandom",
        /// `RotateKeyOnDemand`.
        RotateKeyOnDemand => "RotateKeyOnDemand",
        /// `EnableKeyRotation`.
        EnableKeyRotation => "EnableKeyRotation",
        /// `DisableKeyRotation`.
        DisableKeyRotation => "DisableKeyRotation",
        /// `GetKeyRotationStatus`.
        GetKeyRotationStatus => "GetKeyRotationStatus",
        /// `ListKeyRotations`.
        ListKeyRotations => "ListKeyRotations",
        /// `ImportKeyMaterial`.
        ImportKeyMaterial => "ImportKeyMaterial",
        /// `PutKeyPolicy`.
        PutKeyPolicy => "PutKeyPolicy",
        /// `GetKeyPolicy`.
        GetKeyPolicy => "GetKeyPolicy",
    }
}

impl Operation {
    /// True for the data-plane (cryptographic) operations, which see key changes only after
    /// the propagation delay.
    pub fn is_data_plane(self) -> bool {
        matches!(
            self,
            Operation::GenerateDataKey
                | Operation::GenerateDataKeyWithoutPlaintext
                | Operation::Encrypt
                | Operation::Decrypt
                | Operation::ReEncrypt
        )
    }
}

kms_enum! {
    /// The transient KMS exceptions fault injection can raise, named as the exceptions (and
    /// [`Error::name`](crate::Error::name)).
    FaultKind, field = "fault" {
        /// `KeyUnavailableException`.
        KeyUnavailable => "KeyUnavailableException",
        /// `DependencyTimeoutException`.
        DependencyTimeout => "DependencyTimeoutException",
        /// `ThrottlingException`.
        Throttling => "ThrottlingException",
        /// `KMSInternalException`.
        KmsInternal => "KMSInternalException",
    }
}

impl FaultKind {
    /// The error this fault raises, with AWS's message for the exception.
    pub fn to_error(self) -> Error {
        match self {
            FaultKind::KeyUnavailable => Error::KeyUnavailable(
                "The request was rejected because the specified KMS key was not available. You \
                 can retry the request."
                    .to_owned(),
            ),
            FaultKind::DependencyTimeout => Error::DependencyTimeout(
                "The system timed out while trying to fulfill the request. You can retry the \
                 request."
                    .to_owned(),
            ),
            FaultKind::Throttling => Error::Throttling(
                "You have exceeded the rate at which you may call KMS. Reduce the frequency of \
                 your calls."
                    .to_owned(),
            ),
            FaultKind::KmsInternal => Error::KmsInternal(
                "The request was rejected because an internal exception occurred. The request \
                 can be retried."
                    .to_owned(),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_every_value() {
        for s in KeySpec::ALL {
            assert_eq!(s.as_str().parse::<KeySpec>().unwrap(), *s);
        }
        for s in KeyState::ALL {
            assert_eq!(s.as_str().parse::<KeyState>().unwrap(), *s);
        }
        assert_eq!(KeyState::PendingDeletion.as_str(), "PendingDeletion");
        assert_eq!(DataKeySpec::Aes128.byte_len(), 16);
        for o in Operation::ALL {
            assert_eq!(o.as_str().parse::<Operation>().unwrap(), *o);
        }
        for f in FaultKind::ALL {
            assert_eq!(f.as_str().parse::<FaultKind>().unwrap(), *f);
            assert_eq!(f.to_error().name(), f.as_str());
            assert!(f.to_error().is_retryable());
        }
    }

    #[test]
    fn unknown_value_gives_the_kms_enum_message() {
        let e = "AES_512".parse::<DataKeySpec>().unwrap_err();
        assert_eq!(e.name(), "ValidationException");
        assert_eq!(
            e.message(),
            "1 validation error detected: Value 'AES_512' at 'keySpec' failed to satisfy \
             constraint: Member must satisfy enum value set: [AES_256, AES_128]"
        );
        assert!("symmetric_default".parse::<KeySpec>().is_err());
    }
}
