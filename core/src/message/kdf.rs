//! The per-message key schedule (`spec: framework/transitive-requirements.md`, key derivation).
//!
//! ```text
//! v2 0x0478: PRK        = HKDF-SHA512-Extract(salt = message ID (32 B), ikm = data key)   (once)
//!            enc_key    = Expand(PRK, suite ID || "DERIVEKEY", 32)
//!            commit_key = Expand(PRK, "COMMITKEY", 32)                                  (no suite ID)
//! v1 01xx:   enc_key    = HKDF-SHA256(salt = none, ikm = data key, info = suite ID || message ID (16 B), L)
//! v1 0214:   as 01xx (HKDF-SHA256); 0346, 0378: the same with HKDF-SHA384
//! v1 00xx:   enc_key    = data key
//! ```

use zeroize::Zeroizing;

use crate::crypto::{AesGcmKey, HkdfSha512, hkdf_sha256, hkdf_sha384};
use crate::error::{Error, Result};
use crate::materials::{AlgorithmSuite, Kdf};

/// The message's AES-GCM key (schedule built once, used for the header tag and every frame) and,
/// for committing suites, the commitment key.
pub(crate) struct MessageKeys {
    pub(crate) enc_key: AesGcmKey,
    pub(crate) commit_key: Option<Zeroizing<[u8; 32]>>,
}

fn kdf_error() -> Error {
    Error::Validation("key derivation failed".into())
}

/// Derives the message keys from the data key and the message ID.
pub(crate) fn derive(
    suite: AlgorithmSuite,
    data_key: &[u8],
    message_id: &[u8],
) -> Result<MessageKeys> {
    if data_key.len() != suite.data_key_len() || message_id.len() != suite.message_id_len() {
        return Err(Error::Validation(
            "data key or message ID of the wrong length".into(),
        ));
    }
    match suite.kdf() {
        Kdf::Identity => Ok(MessageKeys {
            enc_key: AesGcmKey::new(data_key)?,
            commit_key: None,
        }),
        Kdf::HkdfSha256 => {
            let mut info = [0u8; 2 + 16];
            info[..2].copy_from_slice(&suite.id().to_be_bytes());
            info[2..].copy_from_slice(message_id);
            let mut okm = Zeroizing::new([0u8; 32]);
            let okm = &mut okm[..suite.data_key_len()];
            hkdf_sha256(None, data_key, &info, okm).map_err(|_| kdf_error())?;
            Ok(MessageKeys {
                enc_key: AesGcmKey::new(okm)?,
                commit_key: None,
            })
        }
        Kdf::HkdfSha384 => {
            let mut info = [0u8; 2 + 16];
            info[..2].copy_from_slice(&suite.id().to_be_bytes());
            info[2..].copy_from_slice(message_id);
            let mut okm = Zeroizing::new([0u8; 32]);
            let okm = &mut okm[..suite.data_key_len()];
            hkdf_sha384(None, data_key, &info, okm).map_err(|_| kdf_error())?;
            Ok(MessageKeys {
                enc_key: AesGcmKey::new(okm)?,
                commit_key: None,
            })
        }
        Kdf::HkdfSha512Commit => {
            let hk = HkdfSha512::extract(message_id, data_key);
            let mut info = [0u8; 2 + 9];
            info[..2].copy_from_slice(&suite.id().to_be_bytes());
            info[2..].copy_from_slice(b"DERIVEKEY");
            let mut enc = Zeroizing::new([0u8; 32]);
            hk.expand(&info, &mut enc[..]).map_err(|_| kdf_error())?;
            let mut commit = Zeroizing::new([0u8; 32]);
            hk.expand(b"COMMITKEY", &mut commit[..])
                .map_err(|_| kdf_error())?;
            Ok(MessageKeys {
                enc_key: AesGcmKey::new(&enc[..])?,
                commit_key: Some(commit),
            })
        }
    }
}
