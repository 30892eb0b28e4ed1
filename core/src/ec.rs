//! Encryption context: the non-secret key–value pairs bound to a ciphertext as additional
//! authenticated data.
//!
//! datakey binds an encryption context in one canonical form everywhere — in KMS ciphertext blobs,
//! in raw-AES encrypted data keys and in message headers: the AWS Encryption SDK serialization
//! (`spec: framework/structures.md`, encryption context serialization):
//!
//! ```text
//! empty context  → zero bytes
//! otherwise      → count:u16 || (key_len:u16 || key || value_len:u16 || value)*   sorted by key bytes
//! ```
//!
//! Every field is length-prefixed, so `{"ab": "c"}` and `{"a": "bc"}` serialize differently — the
//! collision that concatenating `key || value` produces in popular KMS emulators cannot happen.
//!
//! ```
//! use datakey::EncryptionContext;
//! let ec = EncryptionContext::from_iter([("tenant", "acme"), ("purpose", "interop-test")]);
//! let bytes = ec.serialize()?;
//! assert_eq!(bytes.len(), 39);
//! assert_eq!(&bytes[..4], &[0x00, 0x02, 0x00, 0x07]); // 2 pairs, then "purpose" (sorted first)
//! assert_eq!(EncryptionContext::parse(&bytes)?, ec);
//! assert_ne!(
//!     EncryptionContext::from_iter([("ab", "c")]).serialize()?,
//!     EncryptionContext::from_iter([("a", "bc")]).serialize()?,
//! );
//! # Ok::<(), datakey::Error>(())
//! ```

use std::collections::BTreeMap;

use crate::error::{Error, Result};

/// The prefix the AWS Encryption SDK reserves for its own encryption-context keys.
pub const RESERVED_PREFIX: &str = "aws-crypto-";

/// The largest serialized encryption context (its length travels in a `u16`).
pub const MAX_SERIALIZED_LEN: usize = u16::MAX as usize;

/// An encryption context: a map from UTF-8 keys to UTF-8 values, kept sorted by key bytes.
///
/// It is not secret (AWS logs it), so `Debug` shows it.
#[derive(Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EncryptionContext(BTreeMap<String, String>);

impl EncryptionContext {
    /// An empty encryption context.
    pub fn new() -> Self {
        Self::default()
    }

    /// Inserts a pair, returning the previous value of the key.
    pub fn insert(&mut self, key: impl Into<String>, value: impl Into<String>) -> Option<String> {
        self.0.insert(key.into(), value.into())
    }

    /// The value of `key`.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.0.get(key).map(String::as_str)
    }

    /// Removes `key`, returning its value.
    pub fn remove(&mut self, key: &str) -> Option<String> {
        self.0.remove(key)
    }

    /// Whether `key` is present.
    pub fn contains_key(&self, key: &str) -> bool {
        self.0.contains_key(key)
    }

    /// Number of pairs.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// True when there are no pairs.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The pairs in canonical (sorted) order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (&str, &str)> + '_ {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// The keys in canonical order.
    pub fn keys(&self) -> impl ExactSizeIterator<Item = &str> + '_ {
        self.0.keys().map(String::as_str)
    }

    /// The pairs as a map.
    pub fn as_map(&self) -> &BTreeMap<String, String> {
        &self.0
    }

    /// Consumes the context, returning its map.
    pub fn into_map(self) -> BTreeMap<String, String> {
        self.0
    }

    /// The first key that starts with the reserved `aws-crypto-` prefix, if any.
    pub fn reserved_key(&self) -> Option<&str> {
        self.keys().find(|k| k.starts_with(RESERVED_PREFIX))
    }

    /// True when every pair of `self` is also in `other` with the same value.
    pub fn is_subset_of(&self, other: &EncryptionContext) -> bool {
        self.iter().all(|(k, v)| other.get(k) == Some(v))
    }

    /// The length of [`serialize`](Self::serialize)'s output, without building it.
    pub fn serialized_len(&self) -> usize {
        if self.0.is_empty() {
            return 0;
        }
        2 + self
            .0
            .iter()
            .map(|(k, v)| 4 + k.len() + v.len())
            .sum::<usize>()
    }

    /// The canonical serialization (see the module docs).
    ///
    /// # Errors
    ///
    /// [`Error::Validation`] when there are more than 65 535 pairs, a key or value is longer than
    /// 65 535 bytes, or the whole serialization exceeds 65 535 bytes.
    pub fn serialize(&self) -> Result<Vec<u8>> {
        let mut out = Vec::with_capacity(self.serialized_len());
        self.serialize_into(&mut out)?;
        Ok(out)
    }

    /// Appends the canonical serialization to `out` (nothing for an empty context).
    ///
    /// # Errors
    ///
    /// As [`serialize`](Self::serialize); `out` is left unchanged on error.
    pub fn serialize_into(&self, out: &mut Vec<u8>) -> Result<()> {
        if self.0.is_empty() {
            return Ok(());
        }
        let total = self.serialized_len();
        if total > MAX_SERIALIZED_LEN {
            return Err(Error::Validation(format!(
                "The serialized encryption context is {total} bytes; at most {MAX_SERIALIZED_LEN} are allowed."
            )));
        }
        // total <= 65535 bounds the pair count and every field length, so the casts below are exact.
        out.reserve(total);
        out.extend_from_slice(&(self.0.len() as u16).to_be_bytes());
        for (k, v) in &self.0 {
            out.extend_from_slice(&(k.len() as u16).to_be_bytes());
            out.extend_from_slice(k.as_bytes());
            out.extend_from_slice(&(v.len() as u16).to_be_bytes());
            out.extend_from_slice(v.as_bytes());
        }
        Ok(())
    }

    /// Parses a serialized encryption context (the whole of `bytes`; empty input is the empty
    /// context).
    ///
    /// Pairs may arrive in any order (they are re-sorted); a pair count of zero, a duplicate key,
    /// invalid UTF-8, a truncated field or trailing bytes are refused.
    ///
    /// # Errors
    ///
    /// [`Error::Malformed`] describing the first problem found.
    pub fn parse(bytes: &[u8]) -> Result<Self> {
        let mut map = BTreeMap::new();
        if bytes.is_empty() {
            return Ok(Self(map));
        }
        let mut r = Reader { buf: bytes };
        let count = r.u16("encryption context pair count")?;
        if count == 0 {
            return Err(Error::Malformed(
                "encryption context has a pair count of zero but is not empty".into(),
            ));
        }
        for _ in 0..count {
            let key = r.string("encryption context key")?;
            let value = r.string("encryption context value")?;
            if map.contains_key(&key) {
                return Err(Error::Malformed(format!(
                    "duplicate encryption context key {key:?}"
                )));
            }
            map.insert(key, value);
        }
        if !r.buf.is_empty() {
            return Err(Error::Malformed(format!(
                "{} trailing bytes after the encryption context",
                r.buf.len()
            )));
        }
        Ok(Self(map))
    }
}

struct Reader<'a> {
    buf: &'a [u8],
}

impl Reader<'_> {
    fn take(&mut self, n: usize, what: &str) -> Result<&[u8]> {
        if self.buf.len() < n {
            return Err(Error::Malformed(format!("truncated {what}")));
        }
        let (head, tail) = self.buf.split_at(n);
        self.buf = tail;
        Ok(head)
    }

    fn u16(&mut self, what: &str) -> Result<u16> {
        let b = self.take(2, what)?;
        Ok(u16::from_be_bytes([b[0], b[1]]))
    }

    fn string(&mut self, what: &str) -> Result<String> {
        let len = self.u16(what)? as usize;
        let bytes = self.take(len, what)?;
        String::from_utf8(bytes.to_vec())
            .map_err(|_| Error::Malformed(format!("{what} is not valid UTF-8")))
    }
}

impl core::fmt::Debug for EncryptionContext {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_map().entries(self.0.iter()).finish()
    }
}

/// A JSON object of strings on the wire (`EncryptionContext`).
#[cfg(feature = "wire")]
impl serde::Serialize for EncryptionContext {
    fn serialize<S: serde::Serializer>(&self, s: S) -> core::result::Result<S::Ok, S::Error> {
        s.collect_map(self.iter())
    }
}

#[cfg(feature = "wire")]
impl<'de> serde::Deserialize<'de> for EncryptionContext {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> core::result::Result<Self, D::Error> {
        <BTreeMap<String, String> as serde::Deserialize>::deserialize(d).map(Self)
    }
}

impl<K: Into<String>, V: Into<String>> FromIterator<(K, V)> for EncryptionContext {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        Self(
            iter.into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
        )
    }
}

impl From<BTreeMap<String, String>> for EncryptionContext {
    fn from(map: BTreeMap<String, String>) -> Self {
        Self(map)
    }
}

impl From<std::collections::HashMap<String, String>> for EncryptionContext {
    fn from(map: std::collections::HashMap<String, String>) -> Self {
        Self(map.into_iter().collect())
    }
}

impl<'a> IntoIterator for &'a EncryptionContext {
    type Item = (&'a String, &'a String);
    type IntoIter = std::collections::btree_map::Iter<'a, String, String>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_is_zero_bytes() {
        assert_eq!(
            EncryptionContext::new().serialize().unwrap(),
            Vec::<u8>::new()
        );
        assert_eq!(
            EncryptionContext::parse(&[]).unwrap(),
            EncryptionContext::new()
        );
    }

    #[test]
    fn reference_example() {
        let ec = EncryptionContext::from_iter([("purpose", "interop-test"), ("tenant", "acme")]);
        let mut want = vec![0, 2, 0, 7];
        want.extend_from_slice(b"purpose");
        want.extend_from_slice(&[0, 12]);
        want.extend_from_slice(b"interop-test");
        want.extend_from_slice(&[0, 6]);
        want.extend_from_slice(b"tenant");
        want.extend_from_slice(&[0, 4]);
        want.extend_from_slice(b"acme");
        assert_eq!(ec.serialize().unwrap(), want);
        assert_eq!(ec.serialized_len(), 39);
    }

    #[test]
    fn moving_a_character_between_key_and_value_changes_the_bytes() {
        let a = EncryptionContext::from_iter([("ab", "c")])
            .serialize()
            .unwrap();
        let b = EncryptionContext::from_iter([("a", "bc")])
            .serialize()
            .unwrap();
        let c = EncryptionContext::from_iter([("abc", "")])
            .serialize()
            .unwrap();
        assert_ne!(a, b);
        assert_ne!(a, c);
        assert_ne!(b, c);
    }

    #[test]
    fn parse_refuses_bad_input() {
        for bad in [
            &[0u8, 0][..],                                   // zero pairs but not empty
            &[0, 1, 0, 1, b'a'][..],                         // truncated value
            &[0, 1, 0, 1, b'a', 0, 0, 9][..],                // trailing
            &[0, 2, 0, 1, b'a', 0, 0, 0, 1, b'a', 0, 0][..], // duplicate
            &[0, 1, 0, 1, 0xff, 0, 0][..],                   // not UTF-8
            &[0][..],
        ] {
            assert!(
                matches!(EncryptionContext::parse(bad), Err(Error::Malformed(_))),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn unsorted_input_parses_to_the_same_map() {
        let unsorted = [0, 2, 0, 1, b'b', 0, 0, 0, 1, b'a', 0, 0];
        let ec = EncryptionContext::parse(&unsorted).unwrap();
        assert_eq!(ec.keys().collect::<Vec<_>>(), ["a", "b"]);
    }

    #[test]
    fn size_limit() {
        let big = "x".repeat(65_535 - 2 - 4 - 1);
        let ok = EncryptionContext::from_iter([("k", big.as_str())]);
        assert_eq!(ok.serialize().unwrap().len(), 65_535);
        let too_big = EncryptionContext::from_iter([("kk", big.as_str())]);
        assert!(matches!(too_big.serialize(), Err(Error::Validation(_))));
    }

    #[test]
    fn reserved_prefix() {
        let ec = EncryptionContext::from_iter([("aws-crypto-public-key", "x"), ("a", "b")]);
        assert_eq!(ec.reserved_key(), Some("aws-crypto-public-key"));
    }
}
