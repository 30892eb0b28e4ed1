//! The discovery keyring (decrypt without naming the key) and the error for an encryption
//! context key on decrypt that the message does not store.

#![allow(clippy::unwrap_used)]

use std::sync::Arc;

use datakey::keyring::{DiscoveryFilter, DiscoveryKeyring, Keyring, KmsKeyring, MultiKeyring};
use datakey::kms::{CreateKeyRequest, DisableKeyRequest, KeyMetadata, RotateKeyOnDemandRequest};
use datakey::message::{self, DecryptOptions, EncryptOptions};
use datakey::{EncryptionContext, Error, LocalKms, RawAesKeyring};

fn new_key(kms: &LocalKms) -> KeyMetadata {
    kms.create_key(CreateKeyRequest::default())
        .unwrap()
        .key_metadata
}

fn ec() -> EncryptionContext {
    EncryptionContext::from_iter([("tenant", "acme")])
}

fn seal(kms: &LocalKms, key: &KeyMetadata, plaintext: &[u8]) -> Vec<u8> {
    let k = KmsKeyring::new(kms.clone(), &key.key_id).unwrap();
    let opts = EncryptOptions {
        encryption_context: ec(),
        ..Default::default()
    };
    message::encrypt(plaintext, &k, &opts).unwrap()
}

fn with_ec(pairs: &[(&str, &str)]) -> DecryptOptions {
    DecryptOptions {
        encryption_context: EncryptionContext::from_iter(pairs.iter().copied()),
        ..Default::default()
    }
}

#[test]
fn opens_messages_of_every_key_of_the_kms_rotated_ones_too() {
    let kms = LocalKms::new();
    let (a, b) = (new_key(&kms), new_key(&kms));
    let (ca, cb) = (seal(&kms, &a, b"under a"), seal(&kms, &b, b"under b"));
    kms.rotate_key_on_demand(RotateKeyOnDemandRequest {
        key_id: a.key_id.clone(),
    })
    .unwrap();
    let any = DiscoveryKeyring::new(kms.clone());
    let da = message::decrypt(&ca, &any, &DecryptOptions::default()).unwrap();
    assert_eq!(&da.plaintext[..], b"under a");
    assert_eq!(da.header.encrypted_data_keys[0].key_name, a.arn);
    let db = message::decrypt(&cb, &any, &with_ec(&[("tenant", "acme")])).unwrap();
    assert_eq!(&db.plaintext[..], b"under b");
}

#[test]
fn a_discovery_filter_limits_the_partition_and_accounts() {
    let kms = LocalKms::builder()
        .region("eu-west-1")
        .account_id("444455556666")
        .build()
        .unwrap();
    let key = new_key(&kms);
    let ct = seal(&kms, &key, b"filtered");
    let ok = DiscoveryFilter::new("aws", ["123456789012", "444455556666"]).unwrap();
    let d = message::decrypt(
        &ct,
        &DiscoveryKeyring::with_filter(kms.clone(), ok),
        &DecryptOptions::default(),
    )
    .unwrap();
    assert_eq!(&d.plaintext[..], b"filtered");
    for filter in [
        DiscoveryFilter::new("aws", ["123456789012"]).unwrap(),
        DiscoveryFilter::new("aws-cn", ["444455556666"]).unwrap(),
    ] {
        let ring = DiscoveryKeyring::with_filter(kms.clone(), filter);
        let Err(Error::NoMatchingKey(nm)) =
            message::decrypt(&ct, &ring, &DecryptOptions::default())
        else {
            panic!("expected NoMatchingKey");
        };
        assert_eq!(nm.present, [("aws-kms".to_owned(), key.arn.clone())]);
        assert_eq!(nm.tried.len(), 1);
        assert!(
            nm.tried[0]
                .1
                .starts_with("any key of LocalKms arn:aws:kms:eu-west-1:444455556666:"),
            "{:?}",
            nm.tried
        );
        assert!(nm.tried[0].1.contains("discovery filter"), "{:?}", nm.tried);
    }
    assert!(matches!(
        DiscoveryFilter::new("aws", Vec::<String>::new()),
        Err(Error::Validation(_))
    ));
    assert!(matches!(
        DiscoveryFilter::new("", ["1"]),
        Err(Error::Validation(_))
    ));
}

#[test]
fn keys_of_another_kms_region_or_account_are_no_matching_key() {
    let kms = LocalKms::new();
    let other = LocalKms::new(); // same default account and region, other keys
    let ct = seal(&other, &new_key(&other), b"elsewhere");
    let err = message::decrypt(
        &ct,
        &DiscoveryKeyring::new(kms.clone()),
        &DecryptOptions::default(),
    )
    .unwrap_err();
    assert!(matches!(err, Error::NoMatchingKey(_)), "{err:?}");
    let west = LocalKms::builder().region("us-west-2").build().unwrap();
    let ct = seal(&west, &new_key(&west), b"west");
    let err =
        message::decrypt(&ct, &DiscoveryKeyring::new(kms), &DecryptOptions::default()).unwrap_err();
    assert!(matches!(err, Error::NoMatchingKey(_)), "{err:?}");
}

#[test]
fn a_kms_refusal_is_reported_and_encrypting_is_refused() {
    let kms = LocalKms::new();
    let key = new_key(&kms);
    let ct = seal(&kms, &key, b"x");
    kms.disable_key(DisableKeyRequest {
        key_id: key.key_id.clone(),
    })
    .unwrap();
    let any = DiscoveryKeyring::new(kms);
    let err = message::decrypt(&ct, &any, &DecryptOptions::default()).unwrap_err();
    assert!(matches!(err, Error::Disabled(_)), "{err:?}");
    let err = message::encrypt(b"x", &any, &EncryptOptions::default()).unwrap_err();
    assert!(matches!(err, Error::Validation(_)), "{err:?}");
    assert!(err.to_string().contains("only decrypts"), "{err}");
}

#[test]
fn works_as_a_child_of_a_multi_keyring() {
    let kms = LocalKms::new();
    let ct = seal(&kms, &new_key(&kms), b"multi");
    let raw: Arc<dyn Keyring> = Arc::new(RawAesKeyring::new("ns", "k", &[7; 32]).unwrap());
    let any: Arc<dyn Keyring> = Arc::new(DiscoveryKeyring::new(kms));
    let multi = MultiKeyring::new(None, vec![raw, any]).unwrap();
    let d = message::decrypt(&ct, &multi, &DecryptOptions::default()).unwrap();
    assert_eq!(&d.plaintext[..], b"multi");
    // An extra context key through the multi keyring: the precise error, as below.
    let err = message::decrypt(&ct, &multi, &with_ec(&[("extra", "1")])).unwrap_err();
    assert!(
        matches!(err, Error::EncryptionContextMismatch(_)),
        "{err:?}"
    );
}

/// An extra encryption context key on decrypt (one the message does not store) is the same
/// precise `EncryptionContextMismatch` as a wrong value, naming the key, for every keyring;
/// before, it was an empty `Decryption` (or `NoMatchingKey` without naming a key).
#[test]
fn an_extra_context_key_on_decrypt_is_an_encryption_context_mismatch() {
    let kms = LocalKms::new();
    let key = new_key(&kms);
    let ct = seal(&kms, &key, b"ec");
    let raw = RawAesKeyring::new("ns", "k", &[7; 32]).unwrap();
    let raw_ct = message::encrypt(
        b"ec",
        &raw,
        &EncryptOptions {
            encryption_context: ec(),
            ..Default::default()
        },
    )
    .unwrap();
    let kms_ring = KmsKeyring::new(kms.clone(), &key.key_id).unwrap();
    let any = DiscoveryKeyring::new(kms);
    let cases: [(&[u8], &dyn Keyring); 3] = [(&ct, &kms_ring), (&ct, &any), (&raw_ct, &raw)];
    for (ct, ring) in cases {
        let wrong_value = message::decrypt(ct, ring, &with_ec(&[("tenant", "evil")])).unwrap_err();
        assert!(
            matches!(wrong_value, Error::EncryptionContextMismatch(_)),
            "{wrong_value:?}"
        );
        let extra = message::decrypt(ct, ring, &with_ec(&[("tenant", "acme"), ("region", "eu")]))
            .unwrap_err();
        let Error::EncryptionContextMismatch(m) = &extra else {
            panic!("expected EncryptionContextMismatch, got {extra:?}");
        };
        assert!(m.contains("\"region\""), "{m}");
        assert!(m.contains("does not store"), "{m}");
        assert!(!m.contains("eu"), "the value is not echoed: {m}");
        // The message itself is fine.
        assert!(message::decrypt(ct, ring, &with_ec(&[("tenant", "acme")])).is_ok());
    }
    // Without an extra key, a failure to authenticate stays the opaque DecryptionError.
    let other = RawAesKeyring::new("ns", "k", &[8; 32]).unwrap();
    assert!(matches!(
        message::decrypt(&raw_ct, &other, &DecryptOptions::default()),
        Err(Error::Decryption)
    ));
}
