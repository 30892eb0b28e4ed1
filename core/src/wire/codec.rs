//! serde encodings of the AWS JSON 1.1 protocol, used by the `#[serde(with = …)]` attributes of
//! the KMS request and response types: blobs as standard base64 strings, timestamps as epoch
//! seconds, enums as their KMS strings.
//!
//! The same encodings serve the Secrets Manager types of [`crate::secrets`].
//!
//! Secret bytes are encoded only where a response must carry them (`Plaintext`, `SecretString`,
//! `SecretBinary`, `RandomPassword`), through a
//! base64 buffer that is zeroized when dropped; decoding writes straight into a zeroizing buffer.

use core::fmt;
use core::marker::PhantomData;
use core::str::FromStr;
use std::time::SystemTime;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde::de::{self, Deserializer, Visitor};
use serde::ser::Serializer;
use zeroize::Zeroizing;

use crate::error::Error;
use crate::secret::SecretBytes;
use crate::secrets::SecretString;
use crate::time::{epoch_seconds, from_epoch_seconds};

/// Decodes standard base64 (with padding, canonical trailing bits) into a zeroizing buffer.
fn decode_base64(s: &str) -> Result<Zeroizing<Vec<u8>>, base64::DecodeError> {
    let mut out = Zeroizing::new(Vec::with_capacity(s.len() / 4 * 3));
    STANDARD.decode_vec(s, &mut out)?;
    Ok(out)
}

/// A base64 string, decoded by [`decode_base64`]; `secret` picks the error wording (the value is
/// never echoed for secrets).
struct Base64Visitor {
    secret: bool,
}

impl Visitor<'_> for Base64Visitor {
    type Value = Zeroizing<Vec<u8>>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a base64 string")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        decode_base64(v).map_err(|e| {
            if self.secret {
                E::custom(format!("Value can not be converted to a Blob: {e}"))
            } else {
                E::custom(format!("'{v}' can not be converted to a Blob: {e}"))
            }
        })
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        let v = Zeroizing::new(v);
        self.visit_str(&v)
    }

    /// Raw bytes, from front doors whose values are not JSON (a Python `bytes`): taken as is.
    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Self::Value, E> {
        Ok(Zeroizing::new(v.to_vec()))
    }

    fn visit_byte_buf<E: de::Error>(self, v: Vec<u8>) -> Result<Self::Value, E> {
        Ok(Zeroizing::new(v))
    }
}

/// `Vec<u8>` blobs (ciphertexts): base64 strings.
pub(crate) mod blob {
    use super::*;

    pub(crate) fn serialize<S: Serializer>(bytes: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&STANDARD.encode(bytes))
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        let mut buf = d.deserialize_str(Base64Visitor { secret: false })?;
        Ok(core::mem::take(&mut *buf))
    }
}

/// [`SecretBytes`] blobs (plaintexts): base64 strings, through zeroized buffers both ways.
pub(crate) mod secret {
    use super::*;

    pub(crate) fn serialize<S: Serializer>(secret: &SecretBytes, s: S) -> Result<S::Ok, S::Error> {
        let encoded = Zeroizing::new(STANDARD.encode(secret.expose_secret()));
        s.serialize_str(&encoded)
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<SecretBytes, D::Error> {
        let mut buf = d.deserialize_str(Base64Visitor { secret: true })?;
        Ok(SecretBytes::from_vec(core::mem::take(&mut *buf)))
    }
}

/// `Option<SecretBytes>` members: imported key material and `SecretBinary` in requests,
/// `SecretBinary` in responses (skipped when `None`).
pub(crate) mod opt_secret {
    use super::*;

    pub(crate) fn serialize<S: Serializer>(
        secret: &Option<SecretBytes>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        match secret {
            Some(secret) => super::secret::serialize(secret, s),
            None => s.serialize_none(),
        }
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<SecretBytes>, D::Error> {
        secret::deserialize(d).map(Some)
    }
}

/// A secret text member (`SecretString`), read straight into a [`SecretString`].
struct SecretStringVisitor;

impl Visitor<'_> for SecretStringVisitor {
    type Value = SecretString;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<SecretString, E> {
        Ok(SecretString::from(v))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<SecretString, E> {
        Ok(SecretString::new(v))
    }
}

/// [`SecretString`] response members (`RandomPassword`): the text, written from the secret's
/// own buffer.
pub(crate) mod secret_string {
    use super::*;

    pub(crate) fn serialize<S: Serializer>(secret: &SecretString, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(secret.expose_secret())
    }
}

/// `Option<SecretString>` members (`SecretString` in requests and responses; skipped when
/// `None`).
pub(crate) mod opt_secret_string {
    use super::*;

    pub(crate) fn serialize<S: Serializer>(
        secret: &Option<SecretString>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        match secret {
            Some(secret) => s.serialize_str(secret.expose_secret()),
            None => s.serialize_none(),
        }
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<SecretString>, D::Error> {
        d.deserialize_str(SecretStringVisitor).map(Some)
    }
}

/// `SystemTime` response members.
pub(crate) mod epoch {
    use super::*;

    pub(crate) fn serialize<S: Serializer>(t: &SystemTime, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_f64(epoch_seconds(*t))
    }
}

/// `Option<SystemTime>` members (skipped when `None`).
pub(crate) mod opt_epoch {
    use super::*;

    pub(crate) fn serialize<S: Serializer>(
        t: &Option<SystemTime>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        match t {
            Some(t) => s.serialize_f64(epoch_seconds(*t)),
            None => s.serialize_none(),
        }
    }

    struct EpochVisitor;

    impl Visitor<'_> for EpochVisitor {
        type Value = SystemTime;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("epoch seconds")
        }

        fn visit_f64<E: de::Error>(self, v: f64) -> Result<SystemTime, E> {
            from_epoch_seconds(v).ok_or_else(|| E::custom(format!("'{v}' is not a valid Date")))
        }

        fn visit_i64<E: de::Error>(self, v: i64) -> Result<SystemTime, E> {
            self.visit_f64(v as f64)
        }

        fn visit_u64<E: de::Error>(self, v: u64) -> Result<SystemTime, E> {
            self.visit_f64(v as f64)
        }
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<SystemTime>, D::Error> {
        d.deserialize_f64(EpochVisitor).map(Some)
    }
}

/// Deserializes a KMS enum from its string through its `FromStr`, whose error is KMS's
/// `ValidationException` enum message (the wire maps a deserialization error starting with
/// [`VALIDATION_PREFIX`] back to a `ValidationException`).
pub(crate) struct EnumVisitor<T>(PhantomData<T>);

impl<T> EnumVisitor<T> {
    pub(crate) fn new() -> Self {
        Self(PhantomData)
    }
}

/// How every KMS validation message starts (`1 validation error detected: …`).
pub(crate) const VALIDATION_PREFIX: &str = "1 validation error detected: ";

impl<T: FromStr<Err = Error>> Visitor<'_> for EnumVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a KMS enum string")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        T::from_str(v).map_err(|e| E::custom(e.message()))
    }
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, UNIX_EPOCH};

    use super::*;

    #[test]
    fn epoch_seconds_keep_milliseconds() {
        let t = UNIX_EPOCH + Duration::from_millis(1_569_534_789_046);
        assert_eq!(epoch_seconds(t), 1_569_534_789.046);
        assert_eq!(
            serde_json::to_string(&epoch_seconds(t)).unwrap(),
            "1569534789.046"
        );
        let back = from_epoch_seconds(1_569_534_789.046).unwrap();
        let diff = back
            .duration_since(t)
            .unwrap_or_else(|e| e.duration())
            .as_micros();
        assert!(diff < 1, "{diff}");
        assert_eq!(
            epoch_seconds(UNIX_EPOCH - Duration::from_millis(1500)),
            -1.5
        );
        assert!(from_epoch_seconds(f64::NAN).is_none());
        assert!(from_epoch_seconds(f64::MAX).is_none());
    }

    #[test]
    fn base64_is_strict() {
        assert_eq!(&*decode_base64("AAEC").unwrap(), &[0, 1, 2]);
        assert!(decode_base64("AAE").is_err());
        assert!(decode_base64("AAF=").is_err()); // non-canonical trailing bits
        assert!(decode_base64("AA\nE=").is_err());
    }
}
