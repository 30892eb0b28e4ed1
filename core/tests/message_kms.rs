//! Messages under the local-KMS keyring: key IDs, ARNs and aliases, rotation, key states and
//! encryption-context binding carry over from KMS to messages; KMS and raw AES keyrings combine.

#![allow(clippy::unwrap_used)]

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use datakey::keyring::{Keyring, KmsKeyring, MultiKeyring, RawAesKeyring};
use datakey::kms::{
    CancelKeyDeletionRequest, CreateAliasRequest, CreateKeyRequest, DisableKeyRequest,
    EnableKeyRequest, KeyMetadata, RotateKeyOnDemandRequest, ScheduleKeyDeletionRequest,
    UpdateAliasRequest,
};
use datakey::message::{self, DecryptOptions, EncryptOptions};
use datakey::{EncryptionContext, Error, LocalKms, ManualClock};

fn kms() -> LocalKms {
    LocalKms::builder()
        .clock(Arc::new(ManualClock::new(
            SystemTime::UNIX_EPOCH + Duration::from_secs(1_800_000_000),
        )))
        .build()
        .unwrap()
}

fn new_key(kms: &LocalKms) -> KeyMetadata {
    kms.create_key(CreateKeyRequest::default())
        .unwrap()
        .key_metadata
}

fn ec() -> EncryptionContext {
    EncryptionContext::from_iter([("tenant", "acme"), ("purpose", "kms-test")])
}

fn enc_opts() -> EncryptOptions {
    EncryptOptions {
        encryption_context: ec(),
        ..Default::default()
    }
}

fn dec_opts() -> DecryptOptions {
    DecryptOptions {
        encryption_context: ec(),
        ..Default::default()
    }
}

#[test]
fn key_id_arn_and_alias_all_work() {
    let kms = kms();
    let key = new_key(&kms);
    kms.create_alias(CreateAliasRequest {
        alias_name: "alias/app".into(),
        target_key_id: key.key_id.clone(),
    })
    .unwrap();
    let ids = [key.key_id.clone(), key.arn.clone(), "alias/app".into()];
    for writer in &ids {
        let k = KmsKeyring::new(kms.clone(), writer).unwrap();
        let ct = message::encrypt(b"secret", &k, &enc_opts()).unwrap();
        for reader in &ids {
            let r = KmsKeyring::new(kms.clone(), reader).unwrap();
            let d = message::decrypt(&ct, &r, &dec_opts()).unwrap();
            assert_eq!(&d.plaintext[..], b"secret");
            let edk = &d.header.encrypted_data_keys[0];
            assert_eq!(edk.provider_id, "aws-kms");
            assert_eq!(edk.key_name, key.arn, "the EDK carries the key ARN");
        }
    }
    assert!(KmsKeyring::new(kms, "").is_err());
}

#[test]
fn rotation_keeps_old_messages_readable() {
    let kms = kms();
    let key = new_key(&kms);
    let k = KmsKeyring::new(kms.clone(), &key.key_id).unwrap();
    let before = message::encrypt(b"before rotation", &k, &enc_opts()).unwrap();
    kms.rotate_key_on_demand(RotateKeyOnDemandRequest {
        key_id: key.key_id.clone(),
    })
    .unwrap();
    let after = message::encrypt(b"after rotation", &k, &enc_opts()).unwrap();
    assert_eq!(
        &message::decrypt(&before, &k, &dec_opts())
            .unwrap()
            .plaintext[..],
        b"before rotation"
    );
    assert_eq!(
        &message::decrypt(&after, &k, &dec_opts()).unwrap().plaintext[..],
        b"after rotation"
    );
}

#[test]
fn key_states_carry_over() {
    let kms = kms();
    let key = new_key(&kms);
    let k = KmsKeyring::new(kms.clone(), &key.key_id).unwrap();
    let ct = message::encrypt(b"stateful", &k, &enc_opts()).unwrap();

    kms.disable_key(DisableKeyRequest {
        key_id: key.key_id.clone(),
    })
    .unwrap();
    assert!(matches!(
        message::decrypt(&ct, &k, &dec_opts()),
        Err(Error::Disabled(_))
    ));
    assert!(matches!(
        message::encrypt(b"x", &k, &enc_opts()),
        Err(Error::Disabled(_))
    ));
    kms.enable_key(EnableKeyRequest {
        key_id: key.key_id.clone(),
    })
    .unwrap();
    assert!(message::decrypt(&ct, &k, &dec_opts()).is_ok());

    kms.schedule_key_deletion(ScheduleKeyDeletionRequest {
        key_id: key.key_id.clone(),
        pending_window_in_days: Some(7),
    })
    .unwrap();
    assert!(matches!(
        message::decrypt(&ct, &k, &dec_opts()),
        Err(Error::KmsInvalidState(_))
    ));
    kms.cancel_key_deletion(CancelKeyDeletionRequest {
        key_id: key.key_id.clone(),
    })
    .unwrap();
    kms.enable_key(EnableKeyRequest {
        key_id: key.key_id.clone(),
    })
    .unwrap();
    assert!(message::decrypt(&ct, &k, &dec_opts()).is_ok());
}

#[test]
fn encryption_context_is_bound_by_kms_too() {
    let kms = kms();
    let key = new_key(&kms);
    let k = KmsKeyring::new(kms.clone(), &key.key_id).unwrap();
    let opts = EncryptOptions {
        encryption_context: ec(),
        required_context_keys: vec!["tenant".into()],
        ..Default::default()
    };
    let ct = message::encrypt(b"bound", &k, &opts).unwrap();
    // the required pair is missing: KMS refuses the blob (context is its AAD) → opaque failure
    let missing = DecryptOptions::default();
    assert!(matches!(
        message::decrypt(&ct, &k, &missing),
        Err(Error::Decryption)
    ));
    // a wrong value: KMS refuses the blob; the error names the key the header does not store
    let wrong = DecryptOptions {
        encryption_context: EncryptionContext::from_iter([("tenant", "evil")]),
        ..Default::default()
    };
    assert!(matches!(
        message::decrypt(&ct, &k, &wrong),
        Err(Error::EncryptionContextMismatch(m)) if m.contains("\"tenant\"")
    ));
    let right = DecryptOptions {
        encryption_context: EncryptionContext::from_iter([("tenant", "acme")]),
        ..Default::default()
    };
    let d = message::decrypt(&ct, &k, &right).unwrap();
    assert_eq!(d.header.encryption_context, ec());
}

#[test]
fn another_key_is_no_matching_key_with_both_arns() {
    let kms = kms();
    let (a, b) = (new_key(&kms), new_key(&kms));
    let ka = KmsKeyring::new(kms.clone(), &a.key_id).unwrap();
    let kb = KmsKeyring::new(kms.clone(), &b.key_id).unwrap();
    let ct = message::encrypt(b"for a", &ka, &enc_opts()).unwrap();
    match message::decrypt(&ct, &kb, &dec_opts()) {
        Err(Error::NoMatchingKey(n)) => {
            assert_eq!(n.present, [("aws-kms".to_owned(), a.arn.clone())]);
            assert_eq!(n.tried, [("aws-kms".to_owned(), b.arn.clone())]);
        }
        other => panic!("{other:?}"),
    }
    // re-pointing an alias changes what the keyring reads and writes
    kms.create_alias(CreateAliasRequest {
        alias_name: "alias/moving".into(),
        target_key_id: b.key_id.clone(),
    })
    .unwrap();
    let moving = KmsKeyring::new(kms.clone(), "alias/moving").unwrap();
    assert!(matches!(
        message::decrypt(&ct, &moving, &dec_opts()),
        Err(Error::NoMatchingKey(_))
    ));
    kms.update_alias(UpdateAliasRequest {
        alias_name: "alias/moving".into(),
        target_key_id: a.key_id.clone(),
    })
    .unwrap();
    assert!(message::decrypt(&ct, &moving, &dec_opts()).is_ok());
}

#[test]
fn kms_and_raw_aes_keyrings_combine_both_ways() {
    let kms = kms();
    let key = new_key(&kms);
    let kms_keyring: Arc<dyn Keyring> = Arc::new(KmsKeyring::new(kms.clone(), &key.arn).unwrap());
    let raw: Arc<dyn Keyring> =
        Arc::new(RawAesKeyring::new("backup", "offline", &[7; 32]).unwrap());
    // KMS generates (GenerateDataKey), raw AES wraps a copy
    let m1 = MultiKeyring::new(Some(kms_keyring.clone()), vec![raw.clone()]).unwrap();
    // raw AES generates, KMS wraps (Encrypt)
    let m2 = MultiKeyring::new(Some(raw.clone()), vec![kms_keyring.clone()]).unwrap();
    for multi in [m1, m2] {
        let ct = message::encrypt(b"either key", &multi, &enc_opts()).unwrap();
        for single in [&kms_keyring, &raw] {
            let d = message::decrypt(&ct, single.as_ref(), &dec_opts()).unwrap();
            assert_eq!(&d.plaintext[..], b"either key");
            assert_eq!(d.header.encrypted_data_keys.len(), 2);
        }
    }
    // with the KMS key disabled, the multi-keyring still opens the message with the raw key
    let multi = MultiKeyring::new(Some(kms_keyring.clone()), vec![raw.clone()]).unwrap();
    let ct = message::encrypt(b"fallback", &multi, &enc_opts()).unwrap();
    kms.disable_key(DisableKeyRequest {
        key_id: key.key_id.clone(),
    })
    .unwrap();
    assert_eq!(
        &message::decrypt(&ct, &multi, &dec_opts())
            .unwrap()
            .plaintext[..],
        b"fallback"
    );
    // and without the raw key, the KMS refusal is what the caller sees
    assert!(matches!(
        message::decrypt(&ct, kms_keyring.as_ref(), &dec_opts()),
        Err(Error::Disabled(_))
    ));
}

#[test]
fn debug_shows_the_key_id_only() {
    let kms = kms();
    let key = new_key(&kms);
    let k = KmsKeyring::new(kms, &key.key_id).unwrap();
    assert_eq!(
        format!("{k:?}"),
        format!("KmsKeyring {{ key_id: {:?}, .. }}", key.key_id)
    );
}

/// The keyring resolves its key ID with `DescribeKey` on every decrypt: the caller needs
/// `kms:DescribeKey`, and faults injected on `DescribeKey` reach the decrypt.
#[test]
fn keyring_decrypt_describes_the_key_with_its_policy_and_faults() {
    use datakey::kms::{Caller, CreateKeyPolicy, FaultKind, FaultRule, Operation};
    let kms = kms();
    let app_role = "arn:aws:iam::111122223333:role/app";
    let policy = |actions: &str| CreateKeyPolicy {
        policy: format!(
            r#"{{"Version": "2012-10-17", "Statement": [
              {{"Sid": "Admin", "Effect": "Allow",
                "Principal": {{"AWS": "arn:aws:iam::111122223333:root"}},
                "Action": "kms:*", "Resource": "*"}},
              {{"Sid": "App", "Effect": "Allow", "Principal": {{"AWS": "{app_role}"}},
                "Action": [{actions}], "Resource": "*"}}]}}"#
        ),
        ..Default::default()
    };
    let app = kms.as_caller(Caller::new(app_role)).unwrap();
    let data_plane = r#""kms:GenerateDataKey", "kms:Decrypt""#;
    let key = kms
        .create_key_with_policy(CreateKeyRequest::default(), policy(data_plane))
        .unwrap()
        .key_metadata;
    let keyring = KmsKeyring::new(app.clone(), &key.key_id).unwrap();
    let ct = message::encrypt(b"secret", &keyring, &enc_opts()).unwrap();
    let err = message::decrypt(&ct, &keyring, &dec_opts()).unwrap_err();
    assert_eq!(err.name(), "AccessDeniedException");
    assert!(err.message().contains("kms:DescribeKey"), "{err}");

    let key = kms
        .create_key_with_policy(
            CreateKeyRequest::default(),
            policy(&format!(r#"{data_plane}, "kms:DescribeKey""#)),
        )
        .unwrap()
        .key_metadata;
    let keyring = KmsKeyring::new(app.clone(), &key.arn).unwrap();
    let ct = message::encrypt(b"secret", &keyring, &enc_opts()).unwrap();
    let d = message::decrypt(&ct, &keyring, &dec_opts()).unwrap();
    assert_eq!(&d.plaintext[..], b"secret");
    assert_eq!(d.header.encrypted_data_keys[0].key_name, key.arn);

    kms.inject_fault(FaultRule::next_calls(
        FaultKind::Throttling,
        &[Operation::DescribeKey],
        1,
    ))
    .unwrap();
    let err = message::decrypt(&ct, &keyring, &dec_opts()).unwrap_err();
    assert_eq!(err.name(), "ThrottlingException");
    assert_eq!(
        &message::decrypt(&ct, &keyring, &dec_opts())
            .unwrap()
            .plaintext[..],
        b"secret"
    );
}
