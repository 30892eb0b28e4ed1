//! Parameter rules: every limit at 0, 1, max and max+1, key spec × usage validation, identifiers
//! and aliases, each with KMS's exception name and message.

// Test helpers outside `#[test]` functions unwrap too.
#![allow(clippy::unwrap_used)]

mod kms_support;

use datakey::kms::*;
use datakey::{EncryptionContext, LocalKms, SecretBytes};
use kms_support::*;

fn gdk_n(
    kms: &LocalKms,
    key_id: &str,
    n: Option<i64>,
    spec: Option<DataKeySpec>,
) -> datakey::Result<GenerateDataKeyResponse> {
    kms.generate_data_key(GenerateDataKeyRequest {
        key_id: key_id.to_owned(),
        key_spec: spec,
        number_of_bytes: n,
        ..Default::default()
    })
}

fn range_msg(value: i64, field: &str, cmp: &str, bound: i64) -> String {
    format!(
        "1 validation error detected: Value '{value}' at '{field}' failed to satisfy constraint: \
         Member must have value {cmp} {bound}"
    )
}

#[test]
fn generate_data_key_number_of_bytes_and_key_spec() {
    let (kms, _c) = kms();
    let k = sym(&kms);
    for (n, ok) in [
        (-1, false),
        (0, false),
        (1, true),
        (1024, true),
        (1025, false),
    ] {
        let r = gdk_n(&kms, &k.key_id, Some(n), None);
        if ok {
            let r = r.unwrap();
            assert_eq!(r.plaintext.len(), n as usize);
            assert_eq!(
                decrypt(&kms, &r.ciphertext_blob, &ec(&[]))
                    .unwrap()
                    .plaintext,
                r.plaintext
            );
        } else if n > 1024 {
            assert_err(
                r,
                "ValidationException",
                &range_msg(n, "numberOfBytes", "less than or equal to", 1024),
            );
        } else {
            assert_err(
                r,
                "ValidationException",
                &range_msg(n, "numberOfBytes", "greater than or equal to", 1),
            );
        }
    }
    assert_eq!(
        gdk_n(&kms, &k.key_id, None, Some(DataKeySpec::Aes128))
            .unwrap()
            .plaintext
            .len(),
        16
    );
    assert_eq!(
        gdk_n(&kms, &k.key_id, None, Some(DataKeySpec::Aes256))
            .unwrap()
            .plaintext
            .len(),
        32
    );
    let neither_nor_both = "Please specify either number of bytes or key spec.";
    assert_err(
        gdk_n(&kms, &k.key_id, None, None),
        "ValidationException",
        neither_nor_both,
    );
    assert_err(
        gdk_n(&kms, &k.key_id, Some(32), Some(DataKeySpec::Aes256)),
        "ValidationException",
        neither_nor_both,
    );
    // Without plaintext: the same rules.
    let r = kms.generate_data_key_without_plaintext(GenerateDataKeyWithoutPlaintextRequest {
        key_id: k.key_id.clone(),
        ..Default::default()
    });
    assert_err(r, "ValidationException", neither_nor_both);
    let r = kms
        .generate_data_key_without_plaintext(GenerateDataKeyWithoutPlaintextRequest {
            key_id: k.key_id.clone(),
            number_of_bytes: Some(1024),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(
        decrypt(&kms, &r.ciphertext_blob, &ec(&[]))
            .unwrap()
            .plaintext
            .len(),
        1024
    );
    assert_eq!(r.key_id, k.arn);
}

#[test]
fn generate_random_limits() {
    let (kms, _c) = kms();
    assert_err(
        kms.generate_random(GenerateRandomRequest::default()),
        "ValidationException",
        "NumberOfBytes is required.",
    );
    for n in [0, 1, 1024, 1025] {
        let r = kms.generate_random(GenerateRandomRequest {
            number_of_bytes: Some(n),
        });
        match n {
            0 => assert_err(
                r,
                "ValidationException",
                &range_msg(0, "numberOfBytes", "greater than or equal to", 1),
            ),
            1025 => assert_err(
                r,
                "ValidationException",
                &range_msg(1025, "numberOfBytes", "less than or equal to", 1024),
            ),
            _ => assert_eq!(r.unwrap().plaintext.len(), n as usize),
        }
    }
}

#[test]
fn encrypt_plaintext_limits() {
    let (kms, _c) = kms();
    let k = sym(&kms);
    let enc = |n: usize| {
        kms.encrypt(EncryptRequest {
            key_id: k.key_id.clone(),
            plaintext: SecretBytes::copy_from_slice(&vec![0x5a; n]),
            ..Default::default()
        })
    };
    assert_err(
        enc(0),
        "ValidationException",
        "1 validation error detected: Value at 'plaintext' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
    for n in [1, 4096] {
        let r = enc(n).unwrap();
        assert_eq!(r.ciphertext_blob.len(), 114 + n);
        assert_eq!(
            r.encryption_algorithm,
            EncryptionAlgorithmSpec::SymmetricDefault
        );
        assert_eq!(
            decrypt(&kms, &r.ciphertext_blob, &ec(&[]))
                .unwrap()
                .plaintext
                .len(),
            n
        );
    }
    assert_err(
        enc(4097),
        "ValidationException",
        "1 validation error detected: Value at 'plaintext' failed to satisfy constraint: Member must have length less than or equal to 4096",
    );
}

#[test]
fn ciphertext_blob_limits() {
    let (kms, _c) = kms();
    sym(&kms);
    assert_err(
        decrypt(&kms, &[], &ec(&[])),
        "ValidationException",
        "1 validation error detected: Value at 'ciphertextBlob' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
    assert_err(
        decrypt(&kms, &[1], &ec(&[])),
        "InvalidCiphertextException",
        "",
    );
    assert_err(
        decrypt(&kms, &vec![1; 6144], &ec(&[])),
        "InvalidCiphertextException",
        "",
    );
    assert_err(
        decrypt(&kms, &vec![1; 6145], &ec(&[])),
        "ValidationException",
        "1 validation error detected: Value at 'ciphertextBlob' failed to satisfy constraint: Member must have length less than or equal to 6144",
    );
}

#[test]
fn key_id_parameter_limits_and_forms() {
    let (kms, _c) = kms();
    let k = sym(&kms);
    let d = |id: &str| {
        kms.describe_key(DescribeKeyRequest {
            key_id: id.to_owned(),
        })
    };
    assert_err(
        d(""),
        "ValidationException",
        "1 validation error detected: Value '' at 'keyId' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
    assert_err(d("x"), "NotFoundException", "Invalid keyId 'x'");
    let max = "k".repeat(2048);
    assert_err(
        d(&max),
        "NotFoundException",
        &format!("Invalid keyId '{max}'"),
    );
    let over = "k".repeat(2049);
    assert_err(
        d(&over),
        "ValidationException",
        &format!(
            "1 validation error detected: Value '{over}' at 'keyId' failed to satisfy constraint: Member must have length less than or equal to 2048"
        ),
    );
    // The four forms name the same key.
    kms.create_alias(CreateAliasRequest {
        alias_name: "alias/app".into(),
        target_key_id: k.key_id.clone(),
    })
    .unwrap();
    let alias_arn = "arn:aws:kms:us-east-1:111122223333:alias/app";
    for id in [k.key_id.as_str(), k.arn.as_str(), "alias/app", alias_arn] {
        assert_eq!(d(id).unwrap().key_metadata.key_id, k.key_id, "{id}");
        let dk = gdk(&kms, id, &ec(&[])).unwrap();
        assert_eq!(dk.key_id, k.arn);
    }
    // Unknown keys, aliases and foreign ARNs.
    let unknown = "00000000-0000-4000-8000-000000000000";
    assert_err(
        d(unknown),
        "NotFoundException",
        &format!("Key 'arn:aws:kms:us-east-1:111122223333:key/{unknown}' does not exist"),
    );
    assert_err(
        d("alias/nope"),
        "NotFoundException",
        "Alias arn:aws:kms:us-east-1:111122223333:alias/nope is not found.",
    );
    assert_err(
        d(&k.arn.replace("us-east-1", "eu-west-1")),
        "NotFoundException",
        "Invalid arn eu-west-1",
    );
    let other_account = k.arn.replace("111122223333", "444455556666");
    assert_err(
        d(&other_account),
        "NotFoundException",
        &format!("Key '{other_account}' does not exist"),
    );
    assert_err(
        d("arn:aws:kms:us-east-1:111122223333:thing/x"),
        "NotFoundException",
        "Invalid keyId 'arn:aws:kms:us-east-1:111122223333:thing/x'",
    );
    assert_err(
        d("mrk-1234"),
        "NotFoundException",
        "Invalid keyId 'mrk-1234'",
    );
}

#[test]
fn region_and_account_are_configurable() {
    let kms = LocalKms::builder()
        .region("eu-central-1")
        .account_id("123456789012")
        .build()
        .unwrap();
    let k = sym(&kms);
    assert_eq!(
        k.arn,
        format!("arn:aws:kms:eu-central-1:123456789012:key/{}", k.key_id)
    );
    assert_eq!(k.aws_account_id, "123456789012");
    let cn = LocalKms::builder().region("cn-north-1").build().unwrap();
    assert!(
        sym(&cn)
            .arn
            .starts_with("arn:aws-cn:kms:cn-north-1:111122223333:key/")
    );
    assert_eq!(LocalKms::new().region(), "us-east-1");
    assert_eq!(LocalKms::new().account_id(), "111122223333");
}

#[test]
fn create_key_every_spec_and_usage_pair() {
    let (kms, _c) = kms();
    let mut accepted = 0;
    for spec in KeySpec::ALL {
        for usage in KeyUsage::ALL {
            let r = kms.create_key(CreateKeyRequest {
                key_spec: Some(*spec),
                key_usage: Some(*usage),
                ..Default::default()
            });
            if spec.allowed_usages().contains(usage) {
                let m = r.unwrap().key_metadata;
                assert_eq!(
                    (m.key_spec, m.key_usage, m.key_state),
                    (*spec, *usage, KeyState::Enabled)
                );
                assert_eq!(
                    m.current_key_material_id.is_some(),
                    *spec == KeySpec::SymmetricDefault
                );
                assert_eq!(m.origin, Origin::AwsKms);
                assert_eq!(m.key_manager, KeyManager::Customer);
                accepted += 1;
            } else {
                assert_err(
                    r,
                    "ValidationException",
                    &format!("KeyUsage {usage} is not compatible with KeySpec {spec}"),
                );
            }
        }
        if *spec != KeySpec::SymmetricDefault {
            assert_err(
                kms.create_key(CreateKeyRequest {
                    key_spec: Some(*spec),
                    ..Default::default()
                }),
                "ValidationException",
                "You must specify a KeyUsage value for all KMS keys except for symmetric encryption keys.",
            );
        }
    }
    // 1 symmetric + 4 HMAC + 3 RSA×2 + 3 NIST×2 + Ed25519 + secp256k1 + 3 ML-DSA + SM2×3
    assert_eq!(accepted, 1 + 4 + 6 + 6 + 1 + 1 + 3 + 3);
    // Defaults, metadata and the spec-dependent algorithm lists.
    let m = sym(&kms);
    assert_eq!(
        (m.key_spec, m.key_usage),
        (KeySpec::SymmetricDefault, KeyUsage::EncryptDecrypt)
    );
    assert_eq!(
        m.encryption_algorithms,
        [EncryptionAlgorithmSpec::SymmetricDefault]
    );
    assert!(is_key_id(&m.key_id) && m.key_id.len() == 36);
    assert_eq!(
        m.current_key_material_id.as_ref().map(String::len),
        Some(64)
    );
    let rsa = key(&kms, KeySpec::Rsa2048, KeyUsage::EncryptDecrypt);
    assert_eq!(
        rsa.encryption_algorithms,
        [
            EncryptionAlgorithmSpec::RsaesOaepSha1,
            EncryptionAlgorithmSpec::RsaesOaepSha256
        ]
    );
    assert_eq!(
        key(&kms, KeySpec::Hmac384, KeyUsage::GenerateVerifyMac).mac_algorithms,
        ["HMAC_SHA_384"]
    );
    assert_eq!(
        key(&kms, KeySpec::EccNistP384, KeyUsage::SignVerify).signing_algorithms,
        ["ECDSA_SHA_384"]
    );
    let mrk = kms
        .create_key(CreateKeyRequest {
            multi_region: Some(true),
            ..Default::default()
        })
        .unwrap()
        .key_metadata;
    assert!(mrk.multi_region && mrk.key_id.starts_with("mrk-") && mrk.key_id.len() == 36);
    let dk = gdk(&kms, &mrk.key_id, &ec(&[])).unwrap();
    assert_eq!(
        decrypt(&kms, &dk.ciphertext_blob, &ec(&[]))
            .unwrap()
            .plaintext,
        dk.plaintext
    );
}

#[test]
fn create_key_other_parameters() {
    let (kms, _c) = kms();
    let ok = kms
        .create_key(CreateKeyRequest {
            description: Some("d".repeat(8192)),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(ok.key_metadata.description.len(), 8192);
    let r = kms.create_key(CreateKeyRequest {
        description: Some("d".repeat(8193)),
        ..Default::default()
    });
    assert!(
        err(r)
            .message()
            .ends_with("Member must have length less than or equal to 8192")
    );
    for origin in [Origin::AwsCloudhsm, Origin::ExternalKeyStore] {
        let r = kms.create_key(CreateKeyRequest {
            origin: Some(origin),
            ..Default::default()
        });
        assert_err(
            r,
            "UnsupportedOperationException",
            &format!("datakey has no custom key stores; Origin {origin} is not supported."),
        );
    }
    let r = kms.create_key(CreateKeyRequest {
        origin: Some(Origin::External),
        key_spec: Some(KeySpec::Hmac256),
        key_usage: Some(KeyUsage::GenerateVerifyMac),
        ..Default::default()
    });
    assert_eq!(err(r).name(), "UnsupportedOperationException");
}

#[test]
fn enum_strings_pass_through() {
    assert_eq!("RSA_2048".parse::<KeySpec>().unwrap(), KeySpec::Rsa2048);
    assert_eq!(KeyState::PendingDeletion.as_str(), "PendingDeletion");
    assert_eq!(Origin::External.to_string(), "EXTERNAL");
    assert_err(
        "SIGN".parse::<KeyUsage>(),
        "ValidationException",
        "1 validation error detected: Value 'SIGN' at 'keyUsage' failed to satisfy constraint: Member must satisfy enum value set: [ENCRYPT_DECRYPT, SIGN_VERIFY, GENERATE_VERIFY_MAC, KEY_AGREEMENT]",
    );
    for s in RotationType::ALL {
        assert_eq!(s.as_str().parse::<RotationType>().unwrap(), *s);
    }
    for s in KeyMaterialState::ALL {
        assert_eq!(s.as_str().parse::<KeyMaterialState>().unwrap(), *s);
    }
    for s in EncryptionAlgorithmSpec::ALL {
        assert_eq!(s.as_str().parse::<EncryptionAlgorithmSpec>().unwrap(), *s);
    }
}

#[test]
fn alias_names() {
    let (kms, _c) = kms();
    let k = sym(&kms);
    let create = |name: &str| {
        kms.create_alias(CreateAliasRequest {
            alias_name: name.to_owned(),
            target_key_id: k.key_id.clone(),
        })
    };
    assert_err(
        create(""),
        "ValidationException",
        "1 validation error detected: Value '' at 'aliasName' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
    assert_err(
        create("a"),
        "ValidationException",
        "Alias must start with the prefix \"alias/\". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html",
    );
    create("alias/a").unwrap();
    let max = format!("alias/{}", "m".repeat(250));
    assert_eq!(max.len(), 256);
    create(&max).unwrap();
    let over = format!("alias/{}", "m".repeat(251));
    assert_err(
        create(&over),
        "ValidationException",
        &format!(
            "1 validation error detected: Value '{over}' at 'aliasName' failed to satisfy constraint: Member must have length less than or equal to 256"
        ),
    );
    assert_err(
        create("alias/my alias"),
        "ValidationException",
        "1 validation error detected: Value 'alias/my alias' at 'aliasName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9:/_-]+$",
    );
    assert_err(
        create("alias/my:alias"),
        "ValidationException",
        "alias/my:alias contains invalid characters for an alias",
    );
    assert_err(
        create("alias/aws/s3"),
        "InvalidAliasNameException",
        "Alias name alias/aws/s3 is reserved: the prefix \"alias/aws/\" is reserved for AWS managed keys.",
    );
    assert_err(
        create("alias/"),
        "InvalidAliasNameException",
        "Alias name alias/ is invalid: a name must follow the prefix \"alias/\".",
    );
    create("alias/Ok_name-1/sub").unwrap();
    assert_err(
        create("alias/a"),
        "AlreadyExistsException",
        "An alias with the name arn:aws:kms:us-east-1:111122223333:alias/a already exists",
    );
    assert_err(
        kms.create_alias(CreateAliasRequest {
            alias_name: "alias/b".into(),
            target_key_id: "alias/a".into(),
        }),
        "ValidationException",
        "Aliases must refer to keys. Not aliases",
    );
    assert_err(
        kms.create_alias(CreateAliasRequest {
            alias_name: "alias/b".into(),
            target_key_id: String::new(),
        }),
        "ValidationException",
        "1 validation error detected: Value '' at 'targetKeyId' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
}

#[test]
fn update_list_and_delete_aliases() {
    let (kms, clock) = kms();
    let a = sym(&kms);
    let b = sym(&kms);
    kms.create_alias(CreateAliasRequest {
        alias_name: "alias/app".into(),
        target_key_id: a.arn.clone(),
    })
    .unwrap();
    let old = gdk(&kms, "alias/app", &ec(&[])).unwrap();
    assert_eq!(old.key_id, a.arn);
    clock.advance(DAY);
    kms.update_alias(UpdateAliasRequest {
        alias_name: "alias/app".into(),
        target_key_id: b.key_id.clone(),
    })
    .unwrap();
    let new = gdk(&kms, "alias/app", &ec(&[])).unwrap();
    assert_eq!(new.key_id, b.arn);
    // Rotating by alias: the old blob still decrypts, under the old key.
    assert_eq!(
        decrypt(&kms, &old.ciphertext_blob, &ec(&[]))
            .unwrap()
            .key_id,
        a.arn
    );
    let list = kms.list_aliases(ListAliasesRequest::default()).unwrap();
    assert_eq!(list.aliases.len(), 1);
    let entry = &list.aliases[0];
    assert_eq!(
        entry.alias_arn,
        "arn:aws:kms:us-east-1:111122223333:alias/app"
    );
    assert_eq!(entry.target_key_id.as_deref(), Some(b.key_id.as_str()));
    assert_eq!(entry.last_updated_date, entry.creation_date + DAY);
    assert!(
        kms.list_aliases(ListAliasesRequest {
            key_id: Some(a.key_id.clone()),
            ..Default::default()
        })
        .unwrap()
        .aliases
        .is_empty()
    );
    // Another kind of key cannot take over the alias.
    let hmac = key(&kms, KeySpec::Hmac256, KeyUsage::GenerateVerifyMac);
    assert_eq!(
        err(kms.update_alias(UpdateAliasRequest {
            alias_name: "alias/app".into(),
            target_key_id: hmac.key_id.clone()
        }))
        .name(),
        "ValidationException"
    );
    assert_err(
        kms.update_alias(UpdateAliasRequest {
            alias_name: "alias/none".into(),
            target_key_id: b.key_id.clone(),
        }),
        "NotFoundException",
        "Alias arn:aws:kms:us-east-1:111122223333:alias/none is not found.",
    );
    kms.delete_alias(DeleteAliasRequest {
        alias_name: "alias/app".into(),
    })
    .unwrap();
    assert_err(
        kms.delete_alias(DeleteAliasRequest {
            alias_name: "alias/app".into(),
        }),
        "NotFoundException",
        "Alias arn:aws:kms:us-east-1:111122223333:alias/app is not found.",
    );
    assert_err(
        kms.delete_alias(DeleteAliasRequest {
            alias_name: "app".into(),
        }),
        "ValidationException",
        "Alias must start with the prefix \"alias/\". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html",
    );
    // The key is untouched.
    assert_eq!(state(&kms, &b.key_id), KeyState::Enabled);
}

#[test]
fn list_limits_and_paging() {
    let (kms, _c) = kms();
    let mut ids: Vec<String> = (0..5).map(|_| sym(&kms).key_id).collect();
    ids.sort();
    for (limit, ok) in [(0, false), (1, true), (1000, true), (1001, false)] {
        let r = kms.list_keys(ListKeysRequest {
            limit: Some(limit),
            marker: None,
        });
        if ok {
            assert_eq!(r.unwrap().keys.len(), (limit as usize).min(5));
        } else if limit == 0 {
            assert_err(
                r,
                "ValidationException",
                &range_msg(0, "limit", "greater than or equal to", 1),
            );
        } else {
            assert_err(
                r,
                "ValidationException",
                &range_msg(1001, "limit", "less than or equal to", 1000),
            );
        }
    }
    let mut seen = Vec::new();
    let mut marker = None;
    loop {
        let page = kms
            .list_keys(ListKeysRequest {
                limit: Some(2),
                marker: marker.clone(),
            })
            .unwrap();
        seen.extend(page.keys.iter().map(|k| k.key_id.clone()));
        assert_eq!(page.truncated, page.next_marker.is_some());
        match page.next_marker {
            Some(m) => marker = Some(m),
            None => break,
        }
    }
    assert_eq!(seen, ids);
    let k = &ids[0];
    for i in 0..3 {
        kms.create_alias(CreateAliasRequest {
            alias_name: format!("alias/a{i}"),
            target_key_id: k.clone(),
        })
        .unwrap();
    }
    assert_eq!(
        kms.list_aliases(ListAliasesRequest {
            limit: Some(100),
            ..Default::default()
        })
        .unwrap()
        .aliases
        .len(),
        3
    );
    assert_err(
        kms.list_aliases(ListAliasesRequest {
            limit: Some(101),
            ..Default::default()
        }),
        "ValidationException",
        &range_msg(101, "limit", "less than or equal to", 100),
    );
    let p1 = kms
        .list_aliases(ListAliasesRequest {
            limit: Some(2),
            ..Default::default()
        })
        .unwrap();
    let p2 = kms
        .list_aliases(ListAliasesRequest {
            limit: Some(2),
            marker: p1.next_marker.clone(),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(p1.aliases.len() + p2.aliases.len(), 3);
    assert!(!p2.truncated);
}

#[test]
fn deletion_window_and_rotation_period_limits() {
    let (kms, _c) = kms();
    for (days, ok) in [(0, false), (6, false), (7, true), (30, true), (31, false)] {
        let k = sym(&kms);
        let r = kms.schedule_key_deletion(ScheduleKeyDeletionRequest {
            key_id: k.key_id.clone(),
            pending_window_in_days: Some(days),
        });
        if ok {
            assert_eq!(r.unwrap().pending_window_in_days, days);
        } else if days > 30 {
            assert_err(
                r,
                "ValidationException",
                &range_msg(days, "pendingWindowInDays", "less than or equal to", 30),
            );
        } else {
            assert_err(
                r,
                "ValidationException",
                &range_msg(days, "pendingWindowInDays", "greater than or equal to", 7),
            );
        }
    }
    let k = sym(&kms);
    for (days, ok) in [
        (0, false),
        (1, false),
        (89, false),
        (90, true),
        (2560, true),
        (2561, false),
    ] {
        let r = kms.enable_key_rotation(EnableKeyRotationRequest {
            key_id: k.key_id.clone(),
            rotation_period_in_days: Some(days),
        });
        if ok {
            r.unwrap();
            let s = kms
                .get_key_rotation_status(GetKeyRotationStatusRequest {
                    key_id: k.key_id.clone(),
                })
                .unwrap();
            assert_eq!(s.rotation_period_in_days, Some(days));
        } else if days > 2560 {
            assert_err(
                r,
                "ValidationException",
                &range_msg(days, "rotationPeriodInDays", "less than or equal to", 2560),
            );
        } else {
            assert_err(
                r,
                "ValidationException",
                &range_msg(days, "rotationPeriodInDays", "greater than or equal to", 90),
            );
        }
    }
}

#[test]
fn encryption_context_size_limit() {
    let (kms, _c) = kms();
    let k = sym(&kms);
    let big = "v".repeat(65_535 - 2 - 4 - 1);
    let max = EncryptionContext::from_iter([("k", big.as_str())]);
    let dk = gdk(&kms, &k.key_id, &max).unwrap();
    assert_eq!(
        decrypt(&kms, &dk.ciphertext_blob, &max).unwrap().plaintext,
        dk.plaintext
    );
    let over = EncryptionContext::from_iter([("kk", big.as_str())]);
    assert_eq!(
        err(gdk(&kms, &k.key_id, &over)).name(),
        "ValidationException"
    );
}

#[test]
fn import_parameters() {
    let (kms, clock) = kms();
    let x = external(&kms);
    assert_err(
        kms.import_key_material(ImportKeyMaterialRequest {
            key_id: x.key_id.clone(),
            ..Default::default()
        }),
        "ValidationException",
        "1 validation error detected: Value null at 'keyMaterial' failed to satisfy constraint: Member must not be null",
    );
    for n in [0, 1, 31, 33] {
        assert_err(
            import(&kms, &x.key_id, &vec![1; n]),
            "ValidationException",
            &format!("Key material for a SYMMETRIC_DEFAULT key must be 32 bytes, not {n}."),
        );
    }
    assert_err(
        kms.import_key_material(ImportKeyMaterialRequest {
            key_id: x.key_id.clone(),
            key_material: Some(SecretBytes::copy_from_slice(&[1; 32])),
            expiration_model: Some(ExpirationModel::KeyMaterialExpires),
            ..Default::default()
        }),
        "ValidationException",
        "A validTo date must be set if the ExpirationModel is KEY_MATERIAL_EXPIRES",
    );
    let r = kms.import_key_material(ImportKeyMaterialRequest {
        key_id: x.key_id.clone(),
        key_material: Some(SecretBytes::copy_from_slice(&[1; 32])),
        valid_to: Some(now(&clock)),
        ..Default::default()
    });
    assert_eq!(err(r).name(), "ValidationException");
    assert_eq!(state(&kms, &x.key_id), KeyState::PendingImport);
    assert_err(
        kms.import_key_material(ImportKeyMaterialRequest {
            key_id: x.key_id.clone(),
            key_material: Some(SecretBytes::copy_from_slice(&[1; 32])),
            import_type: Some(ImportType::NewKeyMaterial),
            ..Default::default()
        }),
        "KMSInvalidStateException",
        &format!("{} is pending import.", x.arn),
    );
}

#[test]
fn a_clock_at_the_end_of_time_is_an_error_not_a_panic() {
    use std::sync::Arc;
    use std::time::{Duration, UNIX_EPOCH};
    let Some(end) = UNIX_EPOCH.checked_add(Duration::from_secs(i64::MAX as u64 - 86_400)) else {
        return; // this platform's SystemTime cannot get near the limit
    };
    let clock = datakey::ManualClock::new(end);
    let kms = LocalKms::builder().clock(Arc::new(clock)).build().unwrap();
    let k = sym(&kms);
    let r = kms.schedule_key_deletion(ScheduleKeyDeletionRequest {
        key_id: k.key_id.clone(),
        pending_window_in_days: Some(30),
    });
    assert_eq!(err(r).name(), "KMSInternalException");
    let r = kms.enable_key_rotation(EnableKeyRotationRequest {
        key_id: k.key_id.clone(),
        rotation_period_in_days: Some(2560),
    });
    assert_eq!(err(r).name(), "KMSInternalException");
    assert_eq!(state(&kms, &k.key_id), KeyState::Enabled);
}
