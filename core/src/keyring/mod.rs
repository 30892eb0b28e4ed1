//! Keyrings: who generates, wraps and unwraps a message's data key.
//!
//! A [`Keyring`] has the AWS Encryption SDK keyring semantics
//! (`spec: framework/keyring-interface.md`):
//!
//! - [`on_encrypt`](Keyring::on_encrypt) generates the data key when the materials have none yet,
//!   and in any case wraps it, appending one [`EncryptedDataKey`] (EDK) to the materials;
//! - [`on_decrypt`](Keyring::on_decrypt) sets the data key from the first EDK it can open, and
//!   leaves the materials untouched when it can open none;
//! - [`offered_keys`](Keyring::offered_keys) lists the `(provider id, key name)` pairs it can
//!   open, so a message that no keyring opens gets an [`Error::NoMatchingKey`] naming both sides
//!   instead of a cryptic failure.
//!
//! The keyrings that ship with datakey: [`RawAesKeyring`] (a local AES wrapping key,
//! wire-compatible with the official SDKs' raw AES keyring), [`KmsKeyring`] (a key of the local
//! KMS stand-in), [`DiscoveryKeyring`] (decrypts with whichever key of the local KMS wrapped the
//! data key, as the ESDK's discovery keyring), [`MultiKeyring`] (one generator, more wrapping
//! keys) and [`CachingKeyring`] (reuses data keys).
//!
//! [`Error::NoMatchingKey`]: crate::Error::NoMatchingKey

use core::fmt;
use std::sync::Arc;

use crate::error::{Error, Result};

pub mod caching;
mod discovery;
mod kms;
mod multi;
mod raw_aes;

pub use caching::{CacheStats, CachingKeyring, DataKeyCache};
pub use discovery::{DiscoveryFilter, DiscoveryKeyring};
pub use kms::KmsKeyring;
pub use multi::MultiKeyring;
pub use raw_aes::RawAesKeyring;

pub use crate::materials::{
    AWS_KMS_PROVIDER_ID, DecryptionMaterials, EncryptedDataKey, EncryptionMaterials,
};

/// Generates, wraps and unwraps data keys (ESDK keyring semantics; see the module docs).
///
/// Implementations must be thread-safe: one keyring serves many concurrent messages.
pub trait Keyring: Send + Sync + fmt::Debug {
    /// Generates the data key if `materials` has none, then wraps it, appending an EDK.
    ///
    /// # Errors
    ///
    /// Whatever stops the keyring from generating or wrapping (a KMS error, a context that is too
    /// large, a keyring that cannot generate).
    fn on_encrypt(&self, materials: &mut EncryptionMaterials) -> Result<()>;

    /// Sets the data key of `materials` from the first of `edks` this keyring can open. Opening
    /// none is not an error: the materials are left without a data key, and the caller reports
    /// [`Error::NoMatchingKey`] or [`Error::Decryption`].
    ///
    /// # Errors
    ///
    /// A failure that is not "this EDK is not mine / did not authenticate", such as a disabled KMS
    /// key, or materials that already hold a data key.
    fn on_decrypt(
        &self,
        materials: &mut DecryptionMaterials,
        edks: &[EncryptedDataKey],
    ) -> Result<()>;

    /// The `(provider id, key name)` pairs this keyring can open, in the form
    /// [`EncryptedDataKey::key_name`] reports them.
    fn offered_keys(&self) -> Vec<(String, String)>;

    /// How deeply this keyring nests other keyrings and how many it reaches, recorded when it
    /// was built so that asking is O(1). A keyring that holds no other keyring keeps the
    /// default, [`Nesting::LEAF`]; one that wraps others must report them, so that
    /// [`MultiKeyring`] and [`CachingKeyring`] can bound every walk over a tree of keyrings
    /// (encrypt, decrypt, `Debug`, drop) at construction.
    fn nesting(&self) -> Nesting {
        Nesting::LEAF
    }

    /// Whether this keyring holds a wrapping key for one of `edks`, so that failing to open it
    /// means the key or the context did not authenticate (rather than "no matching key"). The
    /// default compares the EDKs' `(provider id, key name)` with
    /// [`offered_keys`](Self::offered_keys); keyrings that name no key (discovery) override it.
    fn offers_any(&self, edks: &[EncryptedDataKey]) -> bool {
        let offered = self.offered_keys();
        edks.iter().any(|e| {
            offered
                .iter()
                .any(|(p, k)| *p == e.provider_id && *k == e.key_name())
        })
    }
}

/// The shape of a tree of keyrings ([`Keyring::nesting`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Nesting {
    /// Keyrings on the longest path from this one down to a leaf, both included (1 for a
    /// keyring that holds no other).
    pub depth: usize,
    /// Keyrings reached from this one, itself included, counting a keyring held twice twice
    /// (what an encryption walks).
    pub keyrings: usize,
}

impl Nesting {
    /// A keyring that holds no other keyring.
    pub const LEAF: Nesting = Nesting {
        depth: 1,
        keyrings: 1,
    };

    /// The shape of a keyring holding `members` (each walked once per walk of the holder).
    pub(crate) fn holding<'a>(members: impl IntoIterator<Item = &'a Arc<dyn Keyring>>) -> Nesting {
        members
            .into_iter()
            .map(|k| k.nesting())
            .fold(Nesting::LEAF, |acc, n| Nesting {
                depth: acc.depth.max(n.depth.saturating_add(1)),
                keyrings: acc.keyrings.saturating_add(n.keyrings),
            })
    }

    /// [`Error::Validation`] when this shape exceeds [`MAX_KEYRING_DEPTH`] or
    /// [`MAX_KEYRINGS_REACHED`]; `what` names the keyring being built.
    pub(crate) fn check(self, what: &str) -> Result<Nesting> {
        if self.depth > MAX_KEYRING_DEPTH {
            return Err(Error::Validation(format!(
                "A {what} may nest keyrings at most {MAX_KEYRING_DEPTH} deep; this one would be \
                 {} deep.",
                self.depth
            )));
        }
        if self.keyrings > MAX_KEYRINGS_REACHED {
            return Err(Error::Validation(format!(
                "A {what} may reach at most {MAX_KEYRINGS_REACHED} keyrings (a keyring held \
                 twice counts twice); this one would reach {}.",
                self.keyrings
            )));
        }
        Ok(self)
    }
}

/// The deepest tree of keyrings [`MultiKeyring`] and [`CachingKeyring`] build: 32 keyrings on
/// any path, far more than any real configuration, and shallow enough that every walk over the
/// tree (encrypt, decrypt, `Debug`, drop, a binding's `repr`) stays well within a thread's stack.
pub const MAX_KEYRING_DEPTH: usize = 32;

/// The most keyrings one tree may reach, counting repeats: a message carries at most 65 535
/// encrypted data keys (its count is 16 bits), so a keyring reaching more could never encrypt,
/// and a tree that holds one keyring twice per level would otherwise double the work of every
/// walk at every level.
pub const MAX_KEYRINGS_REACHED: usize = 65_535;

impl<K: Keyring + ?Sized> Keyring for std::sync::Arc<K> {
    fn on_encrypt(&self, materials: &mut EncryptionMaterials) -> Result<()> {
        (**self).on_encrypt(materials)
    }
    fn on_decrypt(
        &self,
        materials: &mut DecryptionMaterials,
        edks: &[EncryptedDataKey],
    ) -> Result<()> {
        (**self).on_decrypt(materials, edks)
    }
    fn offered_keys(&self) -> Vec<(String, String)> {
        (**self).offered_keys()
    }
    fn nesting(&self) -> Nesting {
        (**self).nesting()
    }

    fn offers_any(&self, edks: &[EncryptedDataKey]) -> bool {
        (**self).offers_any(edks)
    }
}
