//! Data keys, the asymmetric refusals, encryption context binding, IncorrectKey, ReEncrypt,
//! rotation, tampering, and Debug output.

// Test helpers outside `#[test]` functions unwrap too.
#![allow(clippy::unwrap_used)]

mod kms_support;

use std::collections::BTreeSet;

use datakey::kms::*;
use datakey::{LocalKms, SecretBytes};
use kms_support::*;

fn encrypt(
    kms: &LocalKms,
    key_id: &str,
    pt: &[u8],
    alg: Option<EncryptionAlgorithmSpec>,
) -> datakey::Result<EncryptResponse> {
    kms.encrypt(EncryptRequest {
        key_id: key_id.to_owned(),
        plaintext: SecretBytes::copy_from_slice(pt),
        encryption_algorithm: alg,
        ..Default::default()
    })
}

fn rotate(kms: &LocalKms, key_id: &str) -> datakey::Result<RotateKeyOnDemandResponse> {
    kms.rotate_key_on_demand(RotateKeyOnDemandRequest {
        key_id: key_id.to_owned(),
    })
}

fn rotations(kms: &LocalKms, key_id: &str) -> Vec<RotationsListEntry> {
    kms.list_key_rotations(ListKeyRotationsRequest {
        key_id: key_id.to_owned(),
        ..Default::default()
    })
    .unwrap()
    .rotations
}

#[test]
fn generate_and_decrypt_round_trip() {
    let (kms, _c) = kms();
    let k = sym(&kms);
    let ctx = ec(&[("tenant", "acme"), ("purpose", "test")]);
    let dk = gdk(&kms, &k.key_id, &ctx).unwrap();
    assert_eq!(dk.plaintext.len(), 32);
    assert_eq!(dk.ciphertext_blob.len(), 146);
    assert_eq!(dk.key_id, k.arn);
    assert_eq!(
        Some(&dk.key_material_id),
        k.current_key_material_id.as_ref()
    );
    let back = decrypt(&kms, &dk.ciphertext_blob, &ctx).unwrap();
    assert_eq!(back.plaintext, dk.plaintext);
    assert_eq!(back.key_id, k.arn);
    assert_eq!(back.key_material_id, dk.key_material_id);
    assert_eq!(
        back.encryption_algorithm,
        EncryptionAlgorithmSpec::SymmetricDefault
    );
    // Two data keys differ, and so do two blobs of the same plaintext.
    let dk2 = gdk(&kms, &k.key_id, &ctx).unwrap();
    assert_ne!(dk.plaintext, dk2.plaintext);
    let a = encrypt(&kms, &k.key_id, b"same", None).unwrap();
    let b = encrypt(&kms, &k.key_id, b"same", None).unwrap();
    assert_ne!(a.ciphertext_blob, b.ciphertext_blob);
    // Encrypt wraps a given data key under a second key (the multi-keyring case).
    let k2 = sym(&kms);
    let wrapped = kms
        .encrypt(EncryptRequest {
            key_id: k2.key_id.clone(),
            plaintext: SecretBytes::copy_from_slice(dk.plaintext.expose_secret()),
            encryption_context: ctx.clone(),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(wrapped.key_id, k2.arn);
    assert_eq!(
        decrypt(&kms, &wrapped.ciphertext_blob, &ctx)
            .unwrap()
            .plaintext,
        dk.plaintext
    );
}

#[test]
fn asymmetric_and_hmac_keys_cannot_make_data_keys() {
    let (kms, _c) = kms();
    let mut asymmetric = 0;
    for spec in KeySpec::ALL {
        for usage in spec.allowed_usages() {
            if *spec == KeySpec::SymmetricDefault {
                continue;
            }
            let k = key(&kms, *spec, *usage);
            let want_name = "InvalidKeyUsageException";
            let gdk_msg = if spec.is_hmac() {
                format!(
                    "{} key usage is GENERATE_VERIFY_MAC which is not valid for GenerateDataKey.",
                    k.arn
                )
            } else {
                asymmetric += 1;
                "You cannot generate a data key with an asymmetric CMK".to_owned()
            };
            assert_err(gdk(&kms, &k.key_id, &ec(&[])), want_name, &gdk_msg);
            let r =
                kms.generate_data_key_without_plaintext(GenerateDataKeyWithoutPlaintextRequest {
                    key_id: k.key_id.clone(),
                    key_spec: Some(DataKeySpec::Aes128),
                    ..Default::default()
                });
            let wp_msg = gdk_msg.replace("GenerateDataKey.", "GenerateDataKeyWithoutPlaintext.");
            assert_err(r, want_name, &wp_msg);
            // Encrypt: usage first, then the algorithm against the spec.
            let e = encrypt(&kms, &k.key_id, b"x", None);
            if *usage == KeyUsage::EncryptDecrypt {
                assert_err(
                    e,
                    want_name,
                    &format!("Algorithm SYMMETRIC_DEFAULT is incompatible with key spec {spec}."),
                );
            } else {
                assert_err(
                    e,
                    want_name,
                    &format!(
                        "{} key usage is {usage} which is not valid for Encrypt.",
                        k.arn
                    ),
                );
            }
        }
    }
    assert!(asymmetric >= 17, "{asymmetric}");
}

#[test]
fn encryption_algorithm_rules() {
    let (kms, _c) = kms();
    let rsa = key(&kms, KeySpec::Rsa2048, KeyUsage::EncryptDecrypt);
    assert_err(
        encrypt(
            &kms,
            &rsa.key_id,
            &[0; 191],
            Some(EncryptionAlgorithmSpec::RsaesOaepSha256),
        ),
        "ValidationException",
        "Algorithm RSAES_OAEP_SHA_256 and key spec RSA_2048 cannot encrypt data larger than 190 bytes.",
    );
    // Within the limit: refused honestly (datakey never holds RSA keys).
    let e = err(encrypt(
        &kms,
        &rsa.key_id,
        &[0; 190],
        Some(EncryptionAlgorithmSpec::RsaesOaepSha256),
    ));
    assert_eq!(e.name(), "UnsupportedOperationException");
    assert_err(
        encrypt(
            &kms,
            &rsa.key_id,
            b"x",
            Some(EncryptionAlgorithmSpec::Sm2pke),
        ),
        "InvalidKeyUsageException",
        "Algorithm SM2PKE is incompatible with key spec RSA_2048.",
    );
    let k = sym(&kms);
    assert_err(
        encrypt(
            &kms,
            &k.key_id,
            b"x",
            Some(EncryptionAlgorithmSpec::RsaesOaepSha1),
        ),
        "InvalidKeyUsageException",
        "Algorithm RSAES_OAEP_SHA_1 is incompatible with key spec SYMMETRIC_DEFAULT.",
    );
    let blob = encrypt(
        &kms,
        &k.key_id,
        b"x",
        Some(EncryptionAlgorithmSpec::SymmetricDefault),
    )
    .unwrap()
    .ciphertext_blob;
    let r = kms.decrypt(DecryptRequest {
        ciphertext_blob: blob.clone(),
        encryption_algorithm: Some(EncryptionAlgorithmSpec::RsaesOaepSha256),
        ..Default::default()
    });
    assert_err(
        r,
        "InvalidKeyUsageException",
        "Algorithm RSAES_OAEP_SHA_256 is incompatible with key spec SYMMETRIC_DEFAULT.",
    );
    // Decrypt naming a SIGN_VERIFY key: its usage is refused.
    let signer = key(&kms, KeySpec::EccNistP256, KeyUsage::SignVerify);
    let r = kms.decrypt(DecryptRequest {
        ciphertext_blob: blob,
        key_id: Some(signer.key_id.clone()),
        ..Default::default()
    });
    assert_err(
        r,
        "InvalidKeyUsageException",
        &format!(
            "{} key usage is SIGN_VERIFY which is not valid for Decrypt.",
            signer.arn
        ),
    );
}

#[test]
fn encryption_context_must_match_exactly() {
    let (kms, _c) = kms();
    let k = sym(&kms);
    let dk = gdk(&kms, &k.key_id, &ec(&[("ab", "c")])).unwrap();
    // Moving one character between a key and its value (the emulators' collision), or dropping,
    // adding, or changing case: all refused without detail.
    for wrong in [
        ec(&[("a", "bc")]),
        ec(&[("abc", "")]),
        ec(&[]),
        ec(&[("ab", "c"), ("x", "y")]),
        ec(&[("AB", "c")]),
        ec(&[("ab", "C")]),
    ] {
        assert_err(
            decrypt(&kms, &dk.ciphertext_blob, &wrong),
            "InvalidCiphertextException",
            "",
        );
    }
    assert_eq!(
        decrypt(&kms, &dk.ciphertext_blob, &ec(&[("ab", "c")]))
            .unwrap()
            .plaintext,
        dk.plaintext
    );
    // A blob made without context needs no context.
    let plain = gdk(&kms, &k.key_id, &ec(&[])).unwrap();
    assert_err(
        decrypt(&kms, &plain.ciphertext_blob, &ec(&[("a", "b")])),
        "InvalidCiphertextException",
        "",
    );
    // Pair order does not matter.
    let two = gdk(&kms, &k.key_id, &ec(&[("z", "1"), ("a", "2")])).unwrap();
    assert!(decrypt(&kms, &two.ciphertext_blob, &ec(&[("a", "2"), ("z", "1")])).is_ok());
}

#[test]
fn incorrect_key_and_foreign_blobs() {
    let (kms, _c) = kms();
    let k = sym(&kms);
    let other = sym(&kms);
    kms.create_alias(CreateAliasRequest {
        alias_name: "alias/k".into(),
        target_key_id: k.key_id.clone(),
    })
    .unwrap();
    let dk = gdk(&kms, &k.key_id, &ec(&[])).unwrap();
    let with_key = |id: &str| {
        kms.decrypt(DecryptRequest {
            ciphertext_blob: dk.ciphertext_blob.clone(),
            key_id: Some(id.to_owned()),
            ..Default::default()
        })
    };
    for id in [
        k.key_id.as_str(),
        k.arn.as_str(),
        "alias/k",
        "arn:aws:kms:us-east-1:111122223333:alias/k",
    ] {
        assert_eq!(with_key(id).unwrap().plaintext, dk.plaintext, "{id}");
    }
    assert_err(
        with_key(&other.key_id),
        "IncorrectKeyException",
        "The key ID in the request does not identify a CMK that can perform this operation.",
    );
    assert_err(
        with_key("alias/missing"),
        "NotFoundException",
        "Alias arn:aws:kms:us-east-1:111122223333:alias/missing is not found.",
    );
    // Another service's blob names a key this one does not have.
    let (kms2, _c2) = kms_support::kms();
    let k2 = sym(&kms2);
    let foreign = gdk(&kms2, &k2.key_id, &ec(&[])).unwrap();
    assert_err(
        decrypt(&kms, &foreign.ciphertext_blob, &ec(&[])),
        "InvalidCiphertextException",
        "",
    );
    // Random bytes, an ESDK message header, text: refused, not guessed at.
    let mut random = vec![0u8; 80];
    datakey::hazmat::fill_random(&mut random).unwrap();
    let esdk_like = [&[0x02u8, 0x04, 0x78][..], &[0u8; 100][..]].concat();
    for blob in [random, esdk_like, b"AQICAHh...base64 text".to_vec()] {
        assert_err(
            decrypt(&kms, &blob, &ec(&[])),
            "InvalidCiphertextException",
            "",
        );
    }
}

#[test]
fn every_single_bit_flip_is_invalid_ciphertext() {
    let (kms, _c) = kms();
    let k = sym(&kms);
    let ctx = ec(&[("purpose", "tamper")]);
    let dk = gdk(&kms, &k.key_id, &ctx).unwrap();
    let blob = dk.ciphertext_blob;
    let mut flips = 0;
    for i in 0..blob.len() {
        for bit in 0..8 {
            let mut t = blob.clone();
            t[i] ^= 1 << bit;
            let e = decrypt(&kms, &t, &ctx).expect_err("a flipped blob must not decrypt");
            assert!(
                matches!(e, datakey::Error::InvalidCiphertext),
                "byte {i} bit {bit}: {e}"
            );
            flips += 1;
        }
    }
    assert_eq!(flips, 146 * 8);
    // Truncated and extended blobs too.
    for n in 0..blob.len() {
        if n == 0 {
            continue;
        }
        assert!(matches!(
            decrypt(&kms, &blob[..n], &ctx),
            Err(datakey::Error::InvalidCiphertext)
        ));
    }
    let mut longer = blob.clone();
    longer.push(0);
    assert!(matches!(
        decrypt(&kms, &longer, &ctx),
        Err(datakey::Error::InvalidCiphertext)
    ));
    assert_eq!(decrypt(&kms, &blob, &ctx).unwrap().plaintext, dk.plaintext);
}

#[test]
fn re_encrypt_changes_key_and_context_without_exposing_plaintext() {
    let (kms, _c) = kms();
    let a = sym(&kms);
    let b = sym(&kms);
    let dk = gdk(&kms, &a.key_id, &ec(&[("v", "1")])).unwrap();
    // Same key, new context.
    let r = kms
        .re_encrypt(ReEncryptRequest {
            ciphertext_blob: dk.ciphertext_blob.clone(),
            source_encryption_context: ec(&[("v", "1")]),
            destination_key_id: a.key_id.clone(),
            destination_encryption_context: ec(&[("v", "2")]),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(
        (r.source_key_id.as_str(), r.key_id.as_str()),
        (a.arn.as_str(), a.arn.as_str())
    );
    assert_eq!(
        decrypt(&kms, &r.ciphertext_blob, &ec(&[("v", "2")]))
            .unwrap()
            .plaintext,
        dk.plaintext
    );
    assert_err(
        decrypt(&kms, &r.ciphertext_blob, &ec(&[("v", "1")])),
        "InvalidCiphertextException",
        "",
    );
    // Another key.
    let r2 = kms
        .re_encrypt(ReEncryptRequest {
            ciphertext_blob: r.ciphertext_blob.clone(),
            source_encryption_context: ec(&[("v", "2")]),
            source_key_id: Some(a.arn.clone()),
            destination_key_id: b.key_id.clone(),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(r2.key_id, b.arn);
    assert_eq!(r2.source_key_material_id, dk.key_material_id);
    assert_eq!(
        Some(&r2.destination_key_material_id),
        b.current_key_material_id.as_ref()
    );
    let back = decrypt(&kms, &r2.ciphertext_blob, &ec(&[])).unwrap();
    assert_eq!((back.plaintext, back.key_id), (dk.plaintext, b.arn.clone()));
    // Wrong source key, wrong source context, unusable destination.
    let wrong_src = kms.re_encrypt(ReEncryptRequest {
        ciphertext_blob: r2.ciphertext_blob.clone(),
        source_key_id: Some(a.key_id.clone()),
        destination_key_id: a.key_id.clone(),
        ..Default::default()
    });
    assert_err(
        wrong_src,
        "IncorrectKeyException",
        "The key ID in the request does not identify a CMK that can perform this operation.",
    );
    let wrong_ec = kms.re_encrypt(ReEncryptRequest {
        ciphertext_blob: r2.ciphertext_blob.clone(),
        source_encryption_context: ec(&[("v", "2")]),
        destination_key_id: a.key_id.clone(),
        ..Default::default()
    });
    assert_err(wrong_ec, "InvalidCiphertextException", "");
    let signer = key(&kms, KeySpec::Rsa4096, KeyUsage::SignVerify);
    let to_signer = kms.re_encrypt(ReEncryptRequest {
        ciphertext_blob: r2.ciphertext_blob.clone(),
        destination_key_id: signer.key_id.clone(),
        ..Default::default()
    });
    assert_err(
        to_signer,
        "InvalidKeyUsageException",
        &format!(
            "{} key usage is SIGN_VERIFY which is not valid for ReEncrypt.",
            signer.arn
        ),
    );
    let rsa = key(&kms, KeySpec::Rsa3072, KeyUsage::EncryptDecrypt);
    let to_rsa = kms.re_encrypt(ReEncryptRequest {
        ciphertext_blob: r2.ciphertext_blob,
        destination_key_id: rsa.key_id.clone(),
        ..Default::default()
    });
    assert_err(
        to_rsa,
        "InvalidKeyUsageException",
        "Algorithm SYMMETRIC_DEFAULT is incompatible with key spec RSA_3072.",
    );
}

#[test]
fn on_demand_rotation_keeps_old_blobs_and_stops_at_25() {
    let (kms, _c) = kms();
    let k = sym(&kms);
    let first = gdk(&kms, &k.key_id, &ec(&[])).unwrap();
    let mut ids = vec![first.key_material_id.clone()];
    for _ in 0..3 {
        assert_eq!(rotate(&kms, &k.arn).unwrap().key_id, k.key_id);
        let cur = describe(&kms, &k.key_id).current_key_material_id.unwrap();
        // New blobs name the newest material.
        let dk = gdk(&kms, &k.key_id, &ec(&[])).unwrap();
        assert_eq!(dk.key_material_id, cur);
        ids.push(cur);
    }
    assert_eq!(
        ids.iter().collect::<BTreeSet<_>>().len(),
        4,
        "every rotation makes new material"
    );
    // The first material's blob decrypts after three rotations, by its recorded material id.
    let back = decrypt(&kms, &first.ciphertext_blob, &ec(&[])).unwrap();
    assert_eq!(back.plaintext, first.plaintext);
    assert_eq!(back.key_material_id, ids[0]);
    let list = rotations(&kms, &k.key_id);
    assert_eq!(list.len(), 3);
    assert!(
        list.iter()
            .all(|r| r.rotation_type == Some(RotationType::OnDemand))
    );
    assert_eq!(
        list.iter()
            .map(|r| r.key_material_id.clone())
            .collect::<Vec<_>>(),
        ids[1..]
    );
    assert_eq!(list[2].key_material_state, KeyMaterialState::Current);
    assert_eq!(list[0].key_material_state, KeyMaterialState::NonCurrent);
    for _ in 3..25 {
        rotate(&kms, &k.key_id).unwrap();
    }
    assert_err(
        rotate(&kms, &k.key_id),
        "LimitExceededException",
        &format!(
            "The on-demand rotations limit has been reached for the given keyId. No more on-demand rotations can be performed for this key: {}",
            k.arn
        ),
    );
    assert_eq!(rotations(&kms, &k.key_id).len(), 25);
    assert_eq!(
        decrypt(&kms, &first.ciphertext_blob, &ec(&[]))
            .unwrap()
            .plaintext,
        first.plaintext
    );
    // Paging through the 25 entries.
    let p = kms
        .list_key_rotations(ListKeyRotationsRequest {
            key_id: k.key_id.clone(),
            limit: Some(10),
            marker: None,
        })
        .unwrap();
    assert!(p.truncated && p.rotations.len() == 10);
    let p2 = kms
        .list_key_rotations(ListKeyRotationsRequest {
            key_id: k.key_id.clone(),
            limit: Some(1000),
            marker: p.next_marker,
        })
        .unwrap();
    assert_eq!(p2.rotations.len(), 15);
    // Not for other specs.
    let hmac = key(&kms, KeySpec::Hmac512, KeyUsage::GenerateVerifyMac);
    assert_err(
        rotate(&kms, &hmac.key_id),
        "UnsupportedOperationException",
        &format!(
            "{} key spec is HMAC_512 which is not valid for this operation.",
            hmac.arn
        ),
    );
}

#[test]
fn automatic_rotation_follows_the_clock() {
    let (kms, clock) = kms();
    let k = sym(&kms);
    let status = |kms: &LocalKms| {
        kms.get_key_rotation_status(GetKeyRotationStatusRequest {
            key_id: k.key_id.clone(),
        })
        .unwrap()
    };
    assert!(!status(&kms).key_rotation_enabled);
    let old = gdk(&kms, &k.key_id, &ec(&[])).unwrap();
    let t0 = now(&clock);
    kms.enable_key_rotation(EnableKeyRotationRequest {
        key_id: k.key_id.clone(),
        rotation_period_in_days: Some(90),
    })
    .unwrap();
    let s = status(&kms);
    assert!(s.key_rotation_enabled);
    assert_eq!(
        (s.rotation_period_in_days, s.next_rotation_date),
        (Some(90), Some(t0 + DAY * 90))
    );
    clock.advance(DAY * 90 - std::time::Duration::from_secs(1));
    assert!(rotations(&kms, &k.key_id).is_empty());
    clock.advance(std::time::Duration::from_secs(1));
    let dk = gdk(&kms, &k.key_id, &ec(&[])).unwrap();
    let list = rotations(&kms, &k.key_id);
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].rotation_type, Some(RotationType::Automatic));
    assert_eq!(list[0].rotation_date, Some(t0 + DAY * 90));
    assert_eq!(dk.key_material_id, list[0].key_material_id);
    // Three more periods pass unobserved: three rotations, each dated when it fell due.
    clock.advance(DAY * 270);
    let list = rotations(&kms, &k.key_id);
    assert_eq!(list.len(), 4);
    assert_eq!(list[3].rotation_date, Some(t0 + DAY * 360));
    assert_eq!(status(&kms).next_rotation_date, Some(t0 + DAY * 450));
    assert_eq!(
        describe(&kms, &k.key_id).current_key_material_id.as_ref(),
        Some(&list[3].key_material_id)
    );
    assert_eq!(
        decrypt(&kms, &old.ciphertext_blob, &ec(&[]))
            .unwrap()
            .plaintext,
        old.plaintext
    );
    // On-demand rotation does not move the schedule.
    rotate(&kms, &k.key_id).unwrap();
    assert_eq!(status(&kms).next_rotation_date, Some(t0 + DAY * 450));
    // A disabled key does not rotate; enabling it again rotates at once.
    kms.disable_key(DisableKeyRequest {
        key_id: k.key_id.clone(),
    })
    .unwrap();
    clock.advance(DAY * 200);
    assert_eq!(rotations(&kms, &k.key_id).len(), 5);
    kms.enable_key(EnableKeyRequest {
        key_id: k.key_id.clone(),
    })
    .unwrap();
    let list = rotations(&kms, &k.key_id);
    assert_eq!(list.len(), 6);
    assert_eq!(list[5].rotation_date, Some(now(&clock)));
    assert_eq!(
        status(&kms).next_rotation_date,
        Some(now(&clock) + DAY * 90)
    );
    // Disabling rotation stops it.
    kms.disable_key_rotation(DisableKeyRotationRequest {
        key_id: k.key_id.clone(),
    })
    .unwrap();
    clock.advance(DAY * 1000);
    assert_eq!(rotations(&kms, &k.key_id).len(), 6);
    let s = status(&kms);
    assert!(!s.key_rotation_enabled && s.next_rotation_date.is_none());
}

#[test]
fn imported_material_rotates_on_demand_only() {
    let (kms, _c) = kms();
    let x = external(&kms);
    let first = import(&kms, &x.key_id, &[1; 32]).unwrap();
    let blob = gdk(&kms, &x.key_id, &ec(&[])).unwrap();
    assert_eq!(blob.key_material_id, first.key_material_id);
    assert_err(
        rotate(&kms, &x.key_id),
        "KMSInvalidStateException",
        &format!(
            "No available key material pending rotation for the key: {}.",
            x.arn
        ),
    );
    assert_err(
        kms.enable_key_rotation(EnableKeyRotationRequest {
            key_id: x.key_id.clone(),
            ..Default::default()
        }),
        "UnsupportedOperationException",
        &format!(
            "{} origin is EXTERNAL which is not valid for this operation.",
            x.arn
        ),
    );
    let new_material = |m: &[u8]| {
        kms.import_key_material(ImportKeyMaterialRequest {
            key_id: x.key_id.clone(),
            key_material: Some(SecretBytes::copy_from_slice(m)),
            import_type: Some(ImportType::NewKeyMaterial),
            ..Default::default()
        })
    };
    assert_eq!(
        err(new_material(&[1; 32])).name(),
        "IncorrectKeyMaterialException"
    );
    let second = new_material(&[2; 32]).unwrap();
    let pending = rotations(&kms, &x.key_id);
    assert_eq!(pending.len(), 1);
    assert_eq!(
        pending[0].key_material_state,
        KeyMaterialState::PendingRotation
    );
    assert_eq!(pending[0].rotation_date, None);
    rotate(&kms, &x.key_id).unwrap();
    let list = rotations(&kms, &x.key_id);
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].key_material_id, second.key_material_id);
    assert_eq!(list[0].key_material_state, KeyMaterialState::Current);
    assert_eq!(
        gdk(&kms, &x.key_id, &ec(&[])).unwrap().key_material_id,
        second.key_material_id
    );
    assert_eq!(
        decrypt(&kms, &blob.ciphertext_blob, &ec(&[]))
            .unwrap()
            .plaintext,
        blob.plaintext
    );
    // The imported material id depends on the key id: two keys importing the same bytes get
    // different ids.
    let y = external(&kms);
    assert_ne!(
        import(&kms, &y.key_id, &[1; 32]).unwrap().key_material_id,
        first.key_material_id
    );
}

#[test]
fn debug_output_never_shows_key_bytes() {
    let (kms, _c) = kms();
    let x = external(&kms);
    // Recognizable master material: 0xA5 = 165.
    import(&kms, &x.key_id, &[0xA5; 32]).unwrap();
    let dk = gdk(&kms, &x.key_id, &ec(&[("k", "v")])).unwrap();
    let back = decrypt(&kms, &dk.ciphertext_blob, &ec(&[("k", "v")])).unwrap();
    let random = kms
        .generate_random(GenerateRandomRequest {
            number_of_bytes: Some(32),
        })
        .unwrap();
    let req = EncryptRequest {
        key_id: x.key_id.clone(),
        plaintext: SecretBytes::copy_from_slice(&[0xA5; 32]),
        ..Default::default()
    };
    let imp = ImportKeyMaterialRequest {
        key_material: Some(SecretBytes::copy_from_slice(&[0xA5; 32])),
        ..Default::default()
    };
    let outputs = [
        format!("{kms:?} {kms:#?}"),
        format!("{dk:?} {dk:#?}"),
        format!("{back:?} {back:#?}"),
        format!("{random:?}"),
        format!("{req:?} {imp:?}"),
        format!("{:?}", describe(&kms, &x.key_id)),
    ];
    let all = outputs.join("\n");
    assert!(
        all.contains("plaintext: SecretBytes { len: 32, .. }"),
        "{all}"
    );
    assert!(
        !all.contains("165, 165") && !all.to_lowercase().contains("a5a5a5a5"),
        "{all}"
    );
    for secret in [&dk.plaintext, &random.plaintext] {
        let bytes = secret.expose_secret();
        let decimal = format!("{}, {}, {}", bytes[0], bytes[1], bytes[2]);
        let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        assert!(
            !all.contains(&decimal) && !all.contains(&hex[..16]),
            "{all}"
        );
    }
    assert!(format!("{kms:?}").starts_with("LocalKms { region: \"us-east-1\""));
}
