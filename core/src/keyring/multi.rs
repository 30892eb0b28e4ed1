//! The multi-keyring (`spec: framework/multi-keyring.md`).

use std::sync::Arc;

use crate::error::{Error, Result};
use crate::keyring::{DecryptionMaterials, EncryptedDataKey, EncryptionMaterials, Keyring};

/// One generator keyring and any number of child keyrings.
///
/// - Encrypt: the generator (when present) generates and wraps the data key, then every child
///   wraps it too, so the message carries one EDK per keyring and any of them can decrypt it.
///   Without a generator the materials must already hold a data key.
/// - Decrypt: the generator, then the children in order, until one sets the data key. An error
///   from one keyring does not stop the search; when nobody opens an EDK, the first such error is
///   returned (or nothing, letting the caller report [`Error::NoMatchingKey`]).
#[derive(Debug, Clone)]
pub struct MultiKeyring {
    generator: Option<Arc<dyn Keyring>>,
    children: Vec<Arc<dyn Keyring>>,
}

impl MultiKeyring {
    /// A multi-keyring over `generator` and `children`.
    ///
    /// # Errors
    ///
    /// [`Error::Validation`] when there is neither a generator nor a child.
    pub fn new(
        generator: Option<Arc<dyn Keyring>>,
        children: Vec<Arc<dyn Keyring>>,
    ) -> Result<Self> {
        if generator.is_none() && children.is_empty() {
            return Err(Error::Validation(
                "A multi-keyring needs a generator or at least one child keyring.".into(),
            ));
        }
        Ok(Self {
            generator,
            children,
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
        let mut out: Vec<(String, String)> = Vec::new();
        for pair in self.all().flat_map(|k| k.offered_keys()) {
            if !out.contains(&pair) {
                out.push(pair);
            }
        }
        out
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
    use crate::message::AlgorithmSuite;

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
