//! Secret bytes: plaintext data keys, key material, decrypted plaintext.
//!
//! [`SecretBytes`] zeroizes its buffer on drop, is not `Clone`, compares in constant time and
//! prints only its length in `Debug`. The bytes are read explicitly with
//! [`expose_secret`](SecretBytes::expose_secret), so every place that handles them is visible in
//! the code.

use core::fmt;

use subtle::ConstantTimeEq;
use zeroize::Zeroize;

use crate::error::Result;

/// A heap buffer of secret bytes, zeroized on drop.
///
/// ```
/// use datakey::SecretBytes;
/// let key = SecretBytes::random(32)?;
/// assert_eq!(key.len(), 32);
/// assert_eq!(format!("{key:?}"), "SecretBytes { len: 32, .. }");
/// # Ok::<(), datakey::Error>(())
/// ```
pub struct SecretBytes(Box<[u8]>);

impl SecretBytes {
    /// Takes ownership of `bytes`. The vector's spare capacity is dropped (and zeroized) first, so
    /// no secret bytes outlive this value.
    pub fn from_vec(mut bytes: Vec<u8>) -> Self {
        // `into_boxed_slice` would reallocate when capacity > len and leave the old copy behind;
        // copy into an exact allocation instead, and zeroize the original.
        let boxed: Box<[u8]> = bytes.as_slice().into();
        wipe_vec(&mut bytes);
        Self(boxed)
    }

    /// Copies `bytes` into a new secret buffer.
    pub fn copy_from_slice(bytes: &[u8]) -> Self {
        Self(bytes.into())
    }

    /// `len` bytes from the operating system's random number generator.
    ///
    /// # Errors
    ///
    /// [`Error::KmsInternal`](crate::Error::KmsInternal) if the system RNG fails.
    pub fn random(len: usize) -> Result<Self> {
        let mut buf = vec![0u8; len].into_boxed_slice();
        crate::crypto::fill_random(&mut buf)?;
        Ok(Self(buf))
    }

    /// A zero-filled secret buffer of `len` bytes, to be filled in place.
    pub fn zeroed(len: usize) -> Self {
        Self(vec![0u8; len].into_boxed_slice())
    }

    /// The secret bytes. Every call site is a place where the secret is handled on purpose.
    pub fn expose_secret(&self) -> &[u8] {
        &self.0
    }

    /// The secret bytes, mutable (for filling in place).
    pub fn expose_secret_mut(&mut self) -> &mut [u8] {
        &mut self.0
    }

    /// Number of bytes.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl Drop for SecretBytes {
    #[inline(never)]
    fn drop(&mut self) {
        // The slice, not the `Box`: `zeroize` wipes a `[u8]` in bulk, a `Box<[u8]>` byte by byte.
        self.0[..].zeroize();
    }
}

impl fmt::Debug for SecretBytes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SecretBytes")
            .field("len", &self.0.len())
            .finish_non_exhaustive()
    }
}

impl PartialEq for SecretBytes {
    /// Constant-time in the contents (the lengths are public).
    fn eq(&self, other: &Self) -> bool {
        self.0.ct_eq(&other.0).into()
    }
}

impl Eq for SecretBytes {}

impl From<Vec<u8>> for SecretBytes {
    fn from(v: Vec<u8>) -> Self {
        Self::from_vec(v)
    }
}

/// Zeroizes a byte vector in bulk — its bytes and its spare capacity — and empties it (keeping
/// the allocation). `zeroize`'s own `Vec` impl writes one byte at a time, which for a large
/// plaintext costs more than decrypting it.
pub(crate) fn wipe_vec(v: &mut Vec<u8>) {
    v.as_mut_slice().zeroize();
    v.spare_capacity_mut().zeroize();
    v.clear();
}

/// Constant-time equality of two byte strings (lengths are treated as public).
pub fn ct_eq(a: &[u8], b: &[u8]) -> bool {
    a.ct_eq(b).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_bytes() {
        let s = SecretBytes::copy_from_slice(&[0xAB; 16]);
        let d = format!("{s:?} {s:#?}");
        assert!(
            !d.contains("171") && !d.to_lowercase().contains("ab"),
            "{d}"
        );
    }

    #[test]
    fn equality() {
        assert_eq!(
            SecretBytes::copy_from_slice(b"abc"),
            SecretBytes::from_vec(b"abc".to_vec())
        );
        assert_ne!(
            SecretBytes::copy_from_slice(b"abc"),
            SecretBytes::copy_from_slice(b"abd")
        );
        assert_ne!(
            SecretBytes::copy_from_slice(b"abc"),
            SecretBytes::copy_from_slice(b"ab")
        );
    }

    #[test]
    fn random_is_random() {
        let a = SecretBytes::random(32).unwrap();
        let b = SecretBytes::random(32).unwrap();
        assert_ne!(a, b);
    }
}
