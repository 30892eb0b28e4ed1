//! Every cell of the key-state × operation table (KMS developer guide, "Key states of AWS KMS
//! keys"), with KMS's exception names and messages.

// Test helpers outside `#[test]` functions unwrap too.
#![allow(clippy::unwrap_used)]

mod kms_support;

use datakey::kms::*;
use datakey::{LocalKms, SecretBytes};
use kms_support::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum St {
    Enabled,
    Disabled,
    PendingDeletion,
    PendingImport,
}

const STATES: [St; 4] = [
    St::Enabled,
    St::Disabled,
    St::PendingDeletion,
    St::PendingImport,
];

/// A key in state `st`, with a blob made under it while it was enabled. Enabled, Disabled and
/// PendingDeletion keys are `AWS_KMS` symmetric keys; the PendingImport key is an `EXTERNAL` key
/// whose imported material has expired (so that a blob exists for it).
struct Cell {
    kms: LocalKms,
    key: KeyMetadata,
    blob: Vec<u8>,
    other: KeyMetadata,
}

fn cell(st: St) -> Cell {
    let (kms, clock) = kms();
    let other = sym(&kms);
    let key = if st == St::PendingImport {
        let k = external(&kms);
        kms.import_key_material(ImportKeyMaterialRequest {
            key_id: k.key_id.clone(),
            key_material: Some(SecretBytes::copy_from_slice(&[7; 32])),
            valid_to: Some(now(&clock) + DAY),
            ..Default::default()
        })
        .unwrap();
        k
    } else {
        sym(&kms)
    };
    let blob = gdk(&kms, &key.key_id, &ec(&[("a", "b")]))
        .unwrap()
        .ciphertext_blob;
    let id = key.key_id.clone();
    match st {
        St::Enabled => {}
        St::Disabled => kms
            .disable_key(DisableKeyRequest { key_id: id.clone() })
            .unwrap(),
        St::PendingDeletion => {
            kms.schedule_key_deletion(ScheduleKeyDeletionRequest {
                key_id: id.clone(),
                pending_window_in_days: Some(7),
            })
            .unwrap();
        }
        St::PendingImport => clock.advance(DAY * 2),
    }
    let expect = match st {
        St::Enabled => KeyState::Enabled,
        St::Disabled => KeyState::Disabled,
        St::PendingDeletion => KeyState::PendingDeletion,
        St::PendingImport => KeyState::PendingImport,
    };
    assert_eq!(state(&kms, &id), expect);
    Cell {
        key: describe(&kms, &id),
        kms,
        blob,
        other,
    }
}

#[derive(Debug, Clone, Copy)]
enum Want {
    Ok,
    Disabled,
    PendingDeletion,
    PendingImport,
    NotPendingDeletion,
    OriginExternal,
}

fn check(op: &str, st: St, c: &Cell, r: datakey::Result<()>, want: Want) {
    let arn = &c.key.arn;
    let ctx = format!("{op} in {st:?}");
    match want {
        Want::Ok => assert!(r.is_ok(), "{ctx}: {r:?}"),
        Want::Disabled => {
            assert_named(&ctx, r, "DisabledException", &format!("{arn} is disabled."))
        }
        Want::PendingDeletion => assert_named(
            &ctx,
            r,
            "KMSInvalidStateException",
            &format!("{arn} is pending deletion."),
        ),
        Want::PendingImport => assert_named(
            &ctx,
            r,
            "KMSInvalidStateException",
            &format!("{arn} is pending import."),
        ),
        Want::NotPendingDeletion => assert_named(
            &ctx,
            r,
            "KMSInvalidStateException",
            &format!("{arn} is not pending deletion."),
        ),
        Want::OriginExternal => assert_named(
            &ctx,
            r,
            "UnsupportedOperationException",
            &format!("{arn} origin is EXTERNAL which is not valid for this operation."),
        ),
    }
}

fn assert_named(ctx: &str, r: datakey::Result<()>, name: &str, message: &str) {
    let e = r.expect_err(ctx);
    assert_eq!((e.name(), e.message().as_str()), (name, message), "{ctx}");
}

type Op = fn(&Cell) -> datakey::Result<()>;

fn ops() -> Vec<(&'static str, Op, [Want; 4])> {
    use Want::*;
    // Columns: Enabled, Disabled, PendingDeletion, PendingImport.
    let crypto = [Ok, Disabled, PendingDeletion, PendingImport];
    vec![
        (
            "DescribeKey",
            |c| {
                c.kms
                    .describe_key(DescribeKeyRequest {
                        key_id: c.key.key_id.clone(),
                    })
                    .map(drop)
            },
            [Ok, Ok, Ok, Ok],
        ),
        (
            "EnableKey",
            |c| {
                c.kms.enable_key(EnableKeyRequest {
                    key_id: c.key.key_id.clone(),
                })
            },
            [Ok, Ok, PendingDeletion, PendingImport],
        ),
        (
            "DisableKey",
            |c| {
                c.kms.disable_key(DisableKeyRequest {
                    key_id: c.key.key_id.clone(),
                })
            },
            [Ok, Ok, PendingDeletion, PendingImport],
        ),
        (
            "ScheduleKeyDeletion",
            |c| {
                c.kms
                    .schedule_key_deletion(ScheduleKeyDeletionRequest {
                        key_id: c.key.key_id.clone(),
                        ..Default::default()
                    })
                    .map(drop)
            },
            [Ok, Ok, PendingDeletion, Ok],
        ),
        (
            "CancelKeyDeletion",
            |c| {
                c.kms
                    .cancel_key_deletion(CancelKeyDeletionRequest {
                        key_id: c.key.key_id.clone(),
                    })
                    .map(drop)
            },
            [
                NotPendingDeletion,
                NotPendingDeletion,
                Ok,
                NotPendingDeletion,
            ],
        ),
        (
            "CreateAlias",
            |c| {
                c.kms.create_alias(CreateAliasRequest {
                    alias_name: "alias/cell".into(),
                    target_key_id: c.key.key_id.clone(),
                })
            },
            [Ok, Ok, PendingDeletion, Ok],
        ),
        (
            "UpdateAlias",
            |c| {
                c.kms.create_alias(CreateAliasRequest {
                    alias_name: "alias/moving".into(),
                    target_key_id: c.other.key_id.clone(),
                })?;
                c.kms.update_alias(UpdateAliasRequest {
                    alias_name: "alias/moving".into(),
                    target_key_id: c.key.arn.clone(),
                })
            },
            [Ok, Ok, PendingDeletion, Ok],
        ),
        (
            "DeleteAlias",
            |c| {
                c.kms.create_alias(CreateAliasRequest {
                    alias_name: "alias/gone".into(),
                    target_key_id: c.other.key_id.clone(),
                })?;
                c.kms.update_alias(UpdateAliasRequest {
                    alias_name: "alias/gone".into(),
                    target_key_id: c.other.key_id.clone(),
                })?;
                c.kms.delete_alias(DeleteAliasRequest {
                    alias_name: "alias/gone".into(),
                })
            },
            [Ok, Ok, Ok, Ok],
        ),
        (
            "ListAliases",
            |c| {
                c.kms
                    .list_aliases(ListAliasesRequest {
                        key_id: Some(c.key.key_id.clone()),
                        ..Default::default()
                    })
                    .map(drop)
            },
            [Ok, Ok, Ok, Ok],
        ),
        (
            "ListKeys",
            |c| c.kms.list_keys(ListKeysRequest::default()).map(drop),
            [Ok, Ok, Ok, Ok],
        ),
        (
            "GenerateDataKey",
            |c| gdk(&c.kms, &c.key.key_id, &ec(&[])).map(drop),
            crypto,
        ),
        (
            "GenerateDataKeyWithoutPlaintext",
            |c| {
                c.kms
                    .generate_data_key_without_plaintext(GenerateDataKeyWithoutPlaintextRequest {
                        key_id: c.key.key_id.clone(),
                        number_of_bytes: Some(64),
                        ..Default::default()
                    })
                    .map(drop)
            },
            crypto,
        ),
        (
            "Encrypt",
            |c| {
                c.kms
                    .encrypt(EncryptRequest {
                        key_id: c.key.key_id.clone(),
                        plaintext: SecretBytes::copy_from_slice(b"secret"),
                        ..Default::default()
                    })
                    .map(drop)
            },
            crypto,
        ),
        (
            "Decrypt",
            |c| decrypt(&c.kms, &c.blob, &ec(&[("a", "b")])).map(drop),
            crypto,
        ),
        (
            "Decrypt with KeyId",
            |c| {
                c.kms
                    .decrypt(DecryptRequest {
                        ciphertext_blob: c.blob.clone(),
                        encryption_context: ec(&[("a", "b")]),
                        key_id: Some(c.key.arn.clone()),
                        ..Default::default()
                    })
                    .map(drop)
            },
            crypto,
        ),
        (
            "ReEncrypt (source)",
            |c| {
                c.kms
                    .re_encrypt(ReEncryptRequest {
                        ciphertext_blob: c.blob.clone(),
                        source_encryption_context: ec(&[("a", "b")]),
                        destination_key_id: c.other.key_id.clone(),
                        ..Default::default()
                    })
                    .map(drop)
            },
            crypto,
        ),
        (
            "ReEncrypt (destination)",
            |c| {
                let blob = gdk(&c.kms, &c.other.key_id, &ec(&[]))?.ciphertext_blob;
                c.kms
                    .re_encrypt(ReEncryptRequest {
                        ciphertext_blob: blob,
                        destination_key_id: c.key.key_id.clone(),
                        ..Default::default()
                    })
                    .map(drop)
            },
            crypto,
        ),
        (
            "RotateKeyOnDemand",
            |c| {
                c.kms
                    .rotate_key_on_demand(RotateKeyOnDemandRequest {
                        key_id: c.key.key_id.clone(),
                    })
                    .map(drop)
            },
            [Ok, Disabled, PendingDeletion, PendingImport],
        ),
        (
            "EnableKeyRotation",
            |c| {
                c.kms.enable_key_rotation(EnableKeyRotationRequest {
                    key_id: c.key.key_id.clone(),
                    ..Default::default()
                })
            },
            [Ok, Disabled, PendingDeletion, OriginExternal],
        ),
        (
            "DisableKeyRotation",
            |c| {
                c.kms.disable_key_rotation(DisableKeyRotationRequest {
                    key_id: c.key.key_id.clone(),
                })
            },
            [Ok, Disabled, PendingDeletion, OriginExternal],
        ),
        (
            "GetKeyRotationStatus",
            |c| {
                c.kms
                    .get_key_rotation_status(GetKeyRotationStatusRequest {
                        key_id: c.key.key_id.clone(),
                    })
                    .map(drop)
            },
            [Ok, Ok, Ok, OriginExternal],
        ),
        (
            "ListKeyRotations",
            |c| {
                c.kms
                    .list_key_rotations(ListKeyRotationsRequest {
                        key_id: c.key.key_id.clone(),
                        ..Default::default()
                    })
                    .map(drop)
            },
            [Ok, Ok, Ok, Ok],
        ),
    ]
}

#[test]
fn every_state_times_every_operation() {
    let mut cells = 0;
    for (op, f, wants) in ops() {
        for (i, st) in STATES.into_iter().enumerate() {
            let c = cell(st);
            check(op, st, &c, f(&c), wants[i]);
            cells += 1;
        }
    }
    assert_eq!(cells, 22 * 4);
}

#[test]
fn import_key_material_by_state() {
    let (kms, clock) = kms();
    // AWS_KMS origin: refused whatever the state.
    let k = sym(&kms);
    assert_err(
        import(&kms, &k.key_id, &[1; 32]),
        "UnsupportedOperationException",
        &format!(
            "{} origin is AWS_KMS which is not valid for this operation.",
            k.arn
        ),
    );
    // PendingImport → Enabled.
    let x = external(&kms);
    assert_eq!(x.key_state, KeyState::PendingImport);
    assert_eq!(x.current_key_material_id, None);
    let first = import(&kms, &x.key_id, &[9; 32]).unwrap();
    assert_eq!(first.key_material_id.len(), 64);
    assert_eq!(state(&kms, &x.key_id), KeyState::Enabled);
    // Enabled: re-importing the same material is accepted (same id), other material refused.
    assert_eq!(
        import(&kms, &x.key_id, &[9; 32]).unwrap().key_material_id,
        first.key_material_id
    );
    assert_err(
        import(&kms, &x.key_id, &[8; 32]),
        "IncorrectKeyMaterialException",
        "The key material in the request is, expired, invalid, or is not the same key material \
         that was previously imported into this KMS key.",
    );
    // Disabled: accepted, the state stays Disabled.
    kms.disable_key(DisableKeyRequest {
        key_id: x.key_id.clone(),
    })
    .unwrap();
    import(&kms, &x.key_id, &[9; 32]).unwrap();
    assert_eq!(state(&kms, &x.key_id), KeyState::Disabled);
    // PendingDeletion: refused.
    kms.schedule_key_deletion(ScheduleKeyDeletionRequest {
        key_id: x.key_id.clone(),
        ..Default::default()
    })
    .unwrap();
    assert_err(
        import(&kms, &x.key_id, &[9; 32]),
        "KMSInvalidStateException",
        &format!("{} is pending deletion.", x.arn),
    );
    // Cancelling returns the key to Disabled (it has material).
    kms.cancel_key_deletion(CancelKeyDeletionRequest {
        key_id: x.key_id.clone(),
    })
    .unwrap();
    assert_eq!(state(&kms, &x.key_id), KeyState::Disabled);
    // A key scheduled for deletion while pending import goes back to PendingImport.
    let y = external(&kms);
    kms.schedule_key_deletion(ScheduleKeyDeletionRequest {
        key_id: y.key_id.clone(),
        ..Default::default()
    })
    .unwrap();
    kms.cancel_key_deletion(CancelKeyDeletionRequest {
        key_id: y.key_id.clone(),
    })
    .unwrap();
    assert_eq!(state(&kms, &y.key_id), KeyState::PendingImport);
    let _ = clock;
}

#[test]
fn expired_material_returns_to_pending_import_and_reimport_restores_old_blobs() {
    let (kms, clock) = kms();
    let x = external(&kms);
    kms.import_key_material(ImportKeyMaterialRequest {
        key_id: x.key_id.clone(),
        key_material: Some(SecretBytes::copy_from_slice(&[5; 32])),
        expiration_model: Some(ExpirationModel::KeyMaterialExpires),
        valid_to: Some(now(&clock) + DAY * 10),
        ..Default::default()
    })
    .unwrap();
    let meta = describe(&kms, &x.key_id);
    assert_eq!(
        meta.expiration_model,
        Some(ExpirationModel::KeyMaterialExpires)
    );
    assert!(meta.valid_to.is_some());
    let blob = gdk(&kms, &x.key_id, &ec(&[])).unwrap();
    clock.advance(DAY * 10);
    assert_eq!(state(&kms, &x.key_id), KeyState::PendingImport);
    assert_err(
        decrypt(&kms, &blob.ciphertext_blob, &ec(&[])),
        "KMSInvalidStateException",
        &format!("{} is pending import.", x.arn),
    );
    import(&kms, &x.key_id, &[5; 32]).unwrap();
    assert_eq!(state(&kms, &x.key_id), KeyState::Enabled);
    let back = decrypt(&kms, &blob.ciphertext_blob, &ec(&[])).unwrap();
    assert_eq!(back.plaintext, blob.plaintext);
    assert_eq!(
        describe(&kms, &x.key_id).expiration_model,
        Some(ExpirationModel::KeyMaterialDoesNotExpire)
    );
}

#[test]
fn deletion_window_on_the_clock() {
    let (kms, clock) = kms();
    let k = sym(&kms);
    kms.create_alias(CreateAliasRequest {
        alias_name: "alias/doomed".into(),
        target_key_id: k.key_id.clone(),
    })
    .unwrap();
    let blob = gdk(&kms, "alias/doomed", &ec(&[])).unwrap().ciphertext_blob;
    let start = now(&clock);
    let r = kms
        .schedule_key_deletion(ScheduleKeyDeletionRequest {
            key_id: k.arn.clone(),
            pending_window_in_days: None,
        })
        .unwrap();
    assert_eq!(r.key_id, k.arn);
    assert_eq!(r.pending_window_in_days, 30);
    assert_eq!(r.key_state, KeyState::PendingDeletion);
    assert_eq!(r.deletion_date, start + DAY * 30);
    let meta = describe(&kms, &k.key_id);
    assert_eq!(meta.deletion_date, Some(start + DAY * 30));
    assert_eq!(meta.pending_deletion_window_in_days, Some(30));
    assert!(!meta.enabled);
    // One second before the end: still there, still refused.
    clock.advance(DAY * 30 - std::time::Duration::from_secs(1));
    assert_eq!(state(&kms, &k.key_id), KeyState::PendingDeletion);
    clock.advance(std::time::Duration::from_secs(1));
    // Gone: the key, its alias and every blob under it.
    assert_err(
        kms.describe_key(DescribeKeyRequest {
            key_id: k.key_id.clone(),
        }),
        "NotFoundException",
        &format!("Key '{}' does not exist", k.arn),
    );
    assert_err(
        gdk(&kms, "alias/doomed", &ec(&[])),
        "NotFoundException",
        "Alias arn:aws:kms:us-east-1:111122223333:alias/doomed is not found.",
    );
    assert_err(
        decrypt(&kms, &blob, &ec(&[])),
        "InvalidCiphertextException",
        "",
    );
    assert!(
        kms.list_keys(ListKeysRequest::default())
            .unwrap()
            .keys
            .is_empty()
    );
    assert!(
        kms.list_aliases(ListAliasesRequest::default())
            .unwrap()
            .aliases
            .is_empty()
    );
}

#[test]
fn cancel_leaves_the_key_disabled_and_enable_restores_it() {
    let (kms, _clock) = kms();
    let k = sym(&kms);
    let blob = gdk(&kms, &k.key_id, &ec(&[])).unwrap();
    kms.schedule_key_deletion(ScheduleKeyDeletionRequest {
        key_id: k.key_id.clone(),
        pending_window_in_days: Some(7),
    })
    .unwrap();
    let r = kms
        .cancel_key_deletion(CancelKeyDeletionRequest {
            key_id: k.key_id.clone(),
        })
        .unwrap();
    assert_eq!(r.key_id, k.arn);
    let meta = describe(&kms, &k.key_id);
    assert_eq!(meta.key_state, KeyState::Disabled);
    assert_eq!(meta.deletion_date, None);
    assert_err(
        decrypt(&kms, &blob.ciphertext_blob, &ec(&[])),
        "DisabledException",
        &format!("{} is disabled.", k.arn),
    );
    kms.enable_key(EnableKeyRequest {
        key_id: k.key_id.clone(),
    })
    .unwrap();
    assert_eq!(
        decrypt(&kms, &blob.ciphertext_blob, &ec(&[]))
            .unwrap()
            .plaintext,
        blob.plaintext
    );
}

#[test]
fn state_is_checked_before_spec_and_usage() {
    let (kms, _clock) = kms();
    for (spec, usage) in [
        (KeySpec::Rsa2048, KeyUsage::EncryptDecrypt),
        (KeySpec::EccNistP256, KeyUsage::SignVerify),
        (KeySpec::Hmac256, KeyUsage::GenerateVerifyMac),
    ] {
        let k = key(&kms, spec, usage);
        kms.disable_key(DisableKeyRequest {
            key_id: k.key_id.clone(),
        })
        .unwrap();
        assert_err(
            gdk(&kms, &k.key_id, &ec(&[])),
            "DisabledException",
            &format!("{} is disabled.", k.arn),
        );
        kms.enable_key(EnableKeyRequest {
            key_id: k.key_id.clone(),
        })
        .unwrap();
        kms.schedule_key_deletion(ScheduleKeyDeletionRequest {
            key_id: k.key_id.clone(),
            ..Default::default()
        })
        .unwrap();
        assert_err(
            kms.encrypt(EncryptRequest {
                key_id: k.key_id.clone(),
                plaintext: SecretBytes::copy_from_slice(b"x"),
                ..Default::default()
            }),
            "KMSInvalidStateException",
            &format!("{} is pending deletion.", k.arn),
        );
    }
}
