//! The multi-keyring (`spec: framework/multi-keyring.md`).

use std::collections::HashSet;
use std::sync::Arc;

use crate::error::{Error, Result};
use crate::keyring::{
    DecryptionMaterials, EncryptedDataKey, EncryptionMaterials, Keyring, Nesting,
};

/// One generator keyring and any number of child keyrings.
///
/// - Encrypt: the generator (when present) generates and wraps the data key, then every child
///   wraps it too, so the message carries one EDK per keyring and any of them can decrypt it.
///   Without a generator the materials must already hold a data key.
/// - Decrypt: the generator, then the children in order, until one sets the data key. An error
///   from one keyring does not stop the search; when nobody opens an EDK, the first such error is
///   returned (or nothing, letting the caller report [`Error::NoMatchingKey`]).
///
/// Multi-keyrings nest (a child may be a multi-keyring), up to [`MAX_KEYRING_DEPTH`] keyrings
/// deep and [`MAX_KEYRINGS_REACHED`] keyrings reached in all, checked by [`MultiKeyring::new`]:
/// every walk over the tree is bounded by construction.
///
/// [`MAX_KEYRING_DEPTH`]: crate::keyring::MAX_KEYRING_DEPTH
/// [`MAX_KEYRINGS_REACHED`]: crate::keyring::MAX_KEYRINGS_REACHED
#[derive(Debug, Clone)]
pub struct MultiKeyring {
    generator: Option<Arc<dyn Keyring>>,
    children: Vec<Arc<dyn Keyring>>,
    nesting: Nesting,
}

impl MultiKeyring {
    /// A multi-keyring over `generator` and `children`.
    ///
    /// # Errors
    ///
    /// [`Error::Validation`] when there is neither a generator nor a child, or when the tree
    /// would be more than [`MAX_KEYRING_DEPTH`](crate::keyring::MAX_KEYRING_DEPTH) keyrings
    /// deep or reach more than
    /// [`MAX_KEYRINGS_REACHED`](crate::keyring::MAX_KEYRINGS_REACHED) keyrings.
    pub fn new(
        generator: Option<Arc<dyn Keyring>>,
        children: Vec<Arc<dyn Keyring>>,
    ) -> Result<Self> {
        if generator.is_none() && children.is_empty() {
            return Err(Error::Validation(
                "A multi-keyring needs a generator or at least one child keyring.".into(),
            ));
        }
        let nesting =
            Nesting::holding(generator.iter().chain(children.iter())).check("multi-keyring")?;
        Ok(Self {
            generator,
            children,
            nesting,
        })
    }

    /// The generator keyring, if any.
    pub fn generator(&self) -> Option<&Arc<dyn Keyring>> {
        self.generator.as_ref()
    }

    /// The child keyrings.
    pub fn children(&self) -> &[Arc<dyn Keyring>] {
        &self.children
    }

    fn all(&self) -> impl Iterator<Item = &Arc<dyn Keyring>> {
        self.generator.iter().chain(self.children.iter())
    }
}

impl Keyring for MultiKeyring {
    fn on_encrypt(&self, materials: &mut EncryptionMaterials) -> Result<()> {
        match &self.generator {
            Some(generator) => generator.on_encrypt(materials)?,
            None if materials.data_key().is_none() => {
                return Err(Error::Validation(
                    "A multi-keyring without a generator cannot create a data key.".into(),
                ));
            }
            None => {}
        }
        if materials.data_key().is_none() {
            return Err(Error::Validation(
                "The generator keyring did not produce a data key.".into(),
            ));
        }
        for child in &self.children {
            child.on_encrypt(materials)?;
        }
        Ok(())
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
        let mut first_error = None;
        for keyring in self.all() {
            match keyring.on_decrypt(materials, edks) {
                Ok(()) if materials.data_key().is_some() => return Ok(()),
                Ok(()) => {}
                Err(e) => {
                    first_error.get_or_insert(e);
                }
            }
        }
        first_error.map_or(Ok(()), Err)
    }

    fn offered_keys(&self) -> Vec<(String, String)> {
        // In order, without repeats; a set keeps this linear for the largest trees.
        let mut seen = HashSet::new();
        self.all()
            .flat_map(|k| k.offered_keys())
            .filter(|pair| seen.insert(pair.clone()))
            .collect()
    }

    fn nesting(&self) -> Nesting {
        self.nesting
    }

    fn offers_any(&self, edks: &[EncryptedDataKey]) -> bool {
        self.all().any(|k| k.offers_any(edks))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::EncryptionContext;
    use crate::keyring::RawAesKeyring;
    use crate::materials::AlgorithmSuite;

    fn raw(name: &str, byte: u8) -> Arc<dyn Keyring> {
        Arc::new(RawAesKeyring::new("ns", name, &[byte; 32]).unwrap())
    }

    #[test]
    fn every_keyring_wraps_and_any_one_opens() {
        let multi = MultiKeyring::new(Some(raw("a", 1)), vec![raw("b", 2), raw("c", 3)]).unwrap();
        let mut em =
            EncryptionMaterials::new(AlgorithmSuite::DEFAULT, EncryptionContext::new()).unwrap();
        multi.on_encrypt(&mut em).unwrap();
        assert_eq!(em.encrypted_data_keys().len(), 3);
        for single in [raw("a", 1), raw("b", 2), raw("c", 3)] {
            let mut dm =
                DecryptionMaterials::new(AlgorithmSuite::DEFAULT, EncryptionContext::new())
                    .unwrap();
            single
                .on_decrypt(&mut dm, em.encrypted_data_keys())
                .unwrap();
            assert_eq!(dm.data_key(), em.data_key());
        }
        // a multi-keyring whose only matching member is the last child
        let reader = MultiKeyring::new(None, vec![raw("x", 9), raw("c", 3)]).unwrap();
        let mut dm =
            DecryptionMaterials::new(AlgorithmSuite::DEFAULT, EncryptionContext::new()).unwrap();
        reader
            .on_decrypt(&mut dm, em.encrypted_data_keys())
            .unwrap();
        assert_eq!(dm.data_key(), em.data_key());
        assert_eq!(
            multi.offered_keys(),
            [("ns", "a"), ("ns", "b"), ("ns", "c")].map(|(p, k)| (p.to_owned(), k.to_owned()))
        );
    }

    #[test]
    fn nesting_is_bounded_at_construction_and_every_walk_of_the_deepest_tree_works() {
        use crate::keyring::{CachingKeyring, MAX_KEYRING_DEPTH, Nesting};
        let mut ring = raw("a", 1);
        assert_eq!(ring.nesting(), Nesting::LEAF);
        for depth in 2..=MAX_KEYRING_DEPTH {
            let multi = MultiKeyring::new(Some(ring), vec![]).unwrap();
            assert_eq!(multi.nesting().depth, depth);
            ring = Arc::new(multi);
        }
        let e = MultiKeyring::new(Some(Arc::clone(&ring)), vec![]).unwrap_err();
        assert!(matches!(e, Error::Validation(_)), "{e:?}");
        assert_eq!(
            e.message(),
            "A multi-keyring may nest keyrings at most 32 deep; this one would be 33 deep."
        );
        // A child counts as much as the generator, and a caching keyring is a level too.
        assert!(MultiKeyring::new(None, vec![raw("b", 2), Arc::clone(&ring)]).is_err());
        let cached = CachingKeyring::builder(Arc::clone(&ring), std::time::Duration::from_secs(60))
            .build()
            .unwrap_err();
        assert_eq!(
            cached.message(),
            "A caching keyring may nest keyrings at most 32 deep; this one would be 33 deep."
        );
        // Encrypt, decrypt, Debug and drop of the deepest tree, on a thread with a small stack.
        std::thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(move || {
                let mut em =
                    EncryptionMaterials::new(AlgorithmSuite::DEFAULT, EncryptionContext::new())
                        .unwrap();
                ring.on_encrypt(&mut em).unwrap();
                let mut dm =
                    DecryptionMaterials::new(AlgorithmSuite::DEFAULT, EncryptionContext::new())
                        .unwrap();
                ring.on_decrypt(&mut dm, em.encrypted_data_keys()).unwrap();
                assert_eq!(dm.data_key(), em.data_key());
                assert_eq!(ring.offered_keys().len(), 1);
                assert!(format!("{ring:?}").starts_with("MultiKeyring {"));
                drop(ring);
            })
            .unwrap()
            .join()
            .unwrap();
    }

    #[test]
    fn a_keyring_held_twice_per_level_cannot_multiply_past_what_a_message_carries() {
        use crate::keyring::MAX_KEYRINGS_REACHED;
        let mut ring = raw("a", 1);
        let mut levels = 0;
        let e = loop {
            match MultiKeyring::new(Some(Arc::clone(&ring)), vec![Arc::clone(&ring)]) {
                Ok(m) => {
                    levels += 1;
                    assert_eq!(m.nesting().keyrings, (1 << (levels + 1)) - 1);
                    ring = Arc::new(m);
                }
                Err(e) => break e,
            }
        };
        // 2^16 - 1 = 65 535 keyrings after 15 levels; the 16th would reach 131 071.
        assert_eq!(levels, 15);
        assert_eq!(ring.nesting().keyrings, MAX_KEYRINGS_REACHED);
        assert_eq!(
            e.message(),
            "A multi-keyring may reach at most 65535 keyrings (a keyring held twice counts \
             twice); this one would reach 131071."
        );
        // A flat multi-keyring of many distinct keyrings is fine up to the same bound.
        let many: Vec<_> = (0..1000).map(|i| raw(&format!("k{i}"), 2)).collect();
        let flat = MultiKeyring::new(None, many).unwrap();
        assert_eq!(flat.nesting().keyrings, 1001);
        assert_eq!(flat.offered_keys().len(), 1000);
        assert_eq!(
            flat.offered_keys()[999],
            ("ns".to_owned(), "k999".to_owned())
        );
    }

    #[test]
    fn children_only_cannot_generate() {
        assert!(MultiKeyring::new(None, vec![]).is_err());
        let multi = MultiKeyring::new(None, vec![raw("b", 2)]).unwrap();
        let mut em =
            EncryptionMaterials::new(AlgorithmSuite::DEFAULT, EncryptionContext::new()).unwrap();
        assert!(matches!(
            multi.on_encrypt(&mut em),
            Err(Error::Validation(_))
        ));
    }
}
