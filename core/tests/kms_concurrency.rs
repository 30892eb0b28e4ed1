//! Many threads on one service: data keys are generated and decrypted while another thread
//! rotates the key (on demand and, by moving the clock, automatically).

// Test helpers outside `#[test]` functions unwrap too.
#![allow(clippy::unwrap_used)]

mod kms_support;

use std::collections::BTreeSet;
use std::sync::Barrier;

use datakey::kms::*;
use kms_support::*;

const PER_THREAD: usize = 300;

#[test]
fn generate_and_decrypt_while_rotating() {
    let (kms, clock) = kms();
    let k = sym(&kms);
    kms.create_alias(CreateAliasRequest {
        alias_name: "alias/busy".into(),
        target_key_id: k.key_id.clone(),
    })
    .unwrap();
    kms.enable_key_rotation(EnableKeyRotationRequest {
        key_id: k.key_id.clone(),
        rotation_period_in_days: Some(90),
    })
    .unwrap();
    let barrier = Barrier::new(3);
    let results = std::thread::scope(|s| {
        let workers: Vec<_> = (0..2)
            .map(|t| {
                let kms = kms.clone();
                let barrier = &barrier;
                s.spawn(move || {
                    barrier.wait();
                    let mut made = Vec::with_capacity(PER_THREAD);
                    for i in 0..PER_THREAD {
                        let ctx = ec(&[("thread", &t.to_string()), ("i", &i.to_string())]);
                        let dk = gdk(&kms, "alias/busy", &ctx).unwrap();
                        let back = decrypt(&kms, &dk.ciphertext_blob, &ctx).unwrap();
                        assert_eq!(back.plaintext, dk.plaintext);
                        assert_eq!(back.key_material_id, dk.key_material_id);
                        made.push((ctx, dk));
                    }
                    made
                })
            })
            .collect();
        let rotator = {
            let kms = kms.clone();
            let clock = clock.clone();
            let barrier = &barrier;
            let key_id = k.key_id.clone();
            s.spawn(move || {
                barrier.wait();
                for i in 0..25 {
                    kms.rotate_key_on_demand(RotateKeyOnDemandRequest {
                        key_id: key_id.clone(),
                    })
                    .unwrap();
                    if i % 5 == 0 {
                        clock.advance(DAY * 90);
                    }
                    std::thread::yield_now();
                }
            })
        };
        rotator.join().unwrap();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap())
            .collect::<Vec<_>>()
    });
    // Nothing lost: every data key made during the rotations still decrypts to itself.
    assert_eq!(results.len(), 2 * PER_THREAD);
    for (ctx, dk) in &results {
        let back = decrypt(&kms, &dk.ciphertext_blob, ctx).unwrap();
        assert_eq!(back.plaintext, dk.plaintext);
    }
    let rotations = kms
        .list_key_rotations(ListKeyRotationsRequest {
            key_id: k.key_id.clone(),
            limit: Some(1000),
            marker: None,
        })
        .unwrap()
        .rotations;
    let kinds: BTreeSet<_> = rotations.iter().map(|r| r.rotation_type).collect();
    assert!(
        kinds.contains(&Some(RotationType::OnDemand))
            && kinds.contains(&Some(RotationType::Automatic))
    );
    assert_eq!(
        rotations
            .iter()
            .filter(|r| r.rotation_type == Some(RotationType::OnDemand))
            .count(),
        25
    );
    // All materials distinct; the last one is current.
    let ids: BTreeSet<_> = rotations
        .iter()
        .map(|r| r.key_material_id.clone())
        .collect();
    assert_eq!(ids.len(), rotations.len());
    let current = describe(&kms, &k.key_id).current_key_material_id.unwrap();
    assert_eq!(rotations.last().unwrap().key_material_id, current);
}

#[test]
fn many_threads_many_keys() {
    let (kms, _clock) = kms();
    let keys: Vec<_> = (0..4).map(|_| sym(&kms)).collect();
    std::thread::scope(|s| {
        for t in 0..8 {
            let kms = kms.clone();
            let keys = &keys;
            s.spawn(move || {
                for i in 0..100 {
                    let k = &keys[(t + i) % keys.len()];
                    let dk = gdk(&kms, &k.arn, &ec(&[])).unwrap();
                    let blob = kms
                        .re_encrypt(ReEncryptRequest {
                            ciphertext_blob: dk.ciphertext_blob.clone(),
                            destination_key_id: keys[(t + i + 1) % keys.len()].key_id.clone(),
                            ..Default::default()
                        })
                        .unwrap()
                        .ciphertext_blob;
                    assert_eq!(
                        decrypt(&kms, &blob, &ec(&[])).unwrap().plaintext,
                        dk.plaintext
                    );
                }
            });
        }
    });
}

/// The data plane reads published snapshots of the key table and of each key (no locks):
/// state changes, rotations and key creation/deletion racing with GenerateDataKey and Decrypt
/// never give a wrong result, and a change is seen by every call that starts after it returned.
#[test]
fn state_changes_race_with_the_data_plane() {
    const ROUNDS: usize = 40;
    let (kms, clock) = kms();
    let k = sym(&kms);
    let barrier = Barrier::new(3);
    std::thread::scope(|s| {
        for t in 0..2 {
            let kms = kms.clone();
            let barrier = &barrier;
            let key_id = k.key_id.clone();
            s.spawn(move || {
                barrier.wait();
                let (mut made, mut refused) = (0, 0);
                for i in 0..PER_THREAD {
                    let ctx = ec(&[("thread", &t.to_string()), ("i", &i.to_string())]);
                    match gdk(&kms, &key_id, &ctx) {
                        Ok(dk) => {
                            made += 1;
                            match decrypt(&kms, &dk.ciphertext_blob, &ctx) {
                                Ok(back) => {
                                    assert_eq!(back.plaintext, dk.plaintext);
                                    assert_eq!(back.key_material_id, dk.key_material_id);
                                    assert_eq!(back.key_id, dk.key_id);
                                }
                                // Disabled in between: refused by state, never mis-decrypted.
                                Err(e) => assert_eq!(e.name(), "DisabledException", "{e}"),
                            }
                            let wrong = ec(&[("thread", "other")]);
                            let e = decrypt(&kms, &dk.ciphertext_blob, &wrong).unwrap_err();
                            assert!(
                                matches!(
                                    e.name(),
                                    "InvalidCiphertextException" | "DisabledException"
                                ),
                                "{e}"
                            );
                        }
                        Err(e) => {
                            refused += 1;
                            assert_eq!(e.name(), "DisabledException", "{e}");
                        }
                    }
                }
                assert_eq!(made + refused, PER_THREAD);
            });
        }
        let kms = kms.clone();
        let clock = clock.clone();
        let barrier = &barrier;
        let key_id = k.key_id.clone();
        s.spawn(move || {
            barrier.wait();
            let id = || DisableKeyRequest {
                key_id: key_id.clone(),
            };
            for round in 0..ROUNDS {
                kms.disable_key(id()).unwrap();
                // A call that starts after the change returned sees it.
                assert_eq!(
                    gdk(&kms, &key_id, &ec(&[])).unwrap_err().name(),
                    "DisabledException"
                );
                kms.enable_key(EnableKeyRequest {
                    key_id: key_id.clone(),
                })
                .unwrap();
                let dk = gdk(&kms, &key_id, &ec(&[])).unwrap();
                if round % 4 == 0 {
                    let before = dk.key_material_id.clone();
                    kms.rotate_key_on_demand(RotateKeyOnDemandRequest {
                        key_id: key_id.clone(),
                    })
                    .unwrap();
                    let after = gdk(&kms, &key_id, &ec(&[])).unwrap().key_material_id;
                    assert_ne!(after, before, "new data keys use the new material at once");
                    assert_eq!(
                        decrypt(&kms, &dk.ciphertext_blob, &ec(&[]))
                            .unwrap()
                            .plaintext,
                        dk.plaintext
                    );
                }
                // Keys come and go in the table the data plane reads.
                let other = sym(&kms);
                let odk = gdk(&kms, &other.key_id, &ec(&[])).unwrap();
                // Aliases too: usable as soon as made, gone as soon as deleted.
                let alias = format!("alias/race-{round}");
                kms.create_alias(CreateAliasRequest {
                    alias_name: alias.clone(),
                    target_key_id: other.key_id.clone(),
                })
                .unwrap();
                assert_eq!(gdk(&kms, &alias, &ec(&[])).unwrap().key_id, other.arn);
                kms.delete_alias(DeleteAliasRequest {
                    alias_name: alias.clone(),
                })
                .unwrap();
                assert_eq!(
                    gdk(&kms, &alias, &ec(&[])).unwrap_err().name(),
                    "NotFoundException"
                );
                kms.schedule_key_deletion(ScheduleKeyDeletionRequest {
                    key_id: other.key_id.clone(),
                    pending_window_in_days: Some(7),
                })
                .unwrap();
                assert_eq!(
                    decrypt(&kms, &odk.ciphertext_blob, &ec(&[]))
                        .unwrap_err()
                        .name(),
                    "KMSInvalidStateException"
                );
                clock.advance(DAY * 8);
                assert_eq!(
                    gdk(&kms, &other.key_id, &ec(&[])).unwrap_err().name(),
                    "NotFoundException"
                );
                assert_eq!(
                    decrypt(&kms, &odk.ciphertext_blob, &ec(&[]))
                        .unwrap_err()
                        .name(),
                    "InvalidCiphertextException"
                );
                std::thread::yield_now();
            }
        });
    });
    assert_eq!(state(&kms, &k.key_id), KeyState::Enabled);
}
