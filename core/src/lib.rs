#![doc = include_str!("../../README.md")]
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![warn(unreachable_pub)]

pub mod clock;
mod crypto;
pub mod ec;
pub mod error;
pub mod hazmat;
pub mod keyring;
pub mod kms;
pub mod materials;
pub mod message;
pub mod secret;
pub mod secrets;
pub mod time;
#[cfg(feature = "wire")]
pub mod wire;

pub use clock::{Clock, ManualClock, SharedClock, SystemClock};
pub use ec::EncryptionContext;
pub use error::{AccessDenied, AccessDeniedReason, Error, NoMatchingKey, Result};
pub use keyring::{EncryptedDataKey, Keyring, KmsKeyring, MultiKeyring, RawAesKeyring};
pub use kms::LocalKms;
pub use message::{
    CommitmentPolicy, DecryptLimits, DecryptOptions, Decrypted, Decryptor, EncryptOptions,
    Encryptor, HeaderInfo, Plaintext, decrypt, decrypt_stream, encrypt, encrypt_stream,
};
pub use secret::SecretBytes;
