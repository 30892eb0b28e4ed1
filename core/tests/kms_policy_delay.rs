//! The opt-in propagation delay: changes reach data-plane callers only once the delay has
//! passed on the injectable clock, while control-plane operations see them at once.

#![allow(clippy::unwrap_used)]

mod kms_support;

use std::sync::Arc;
use std::time::{Duration, UNIX_EPOCH};

use datakey::kms::*;
use datakey::{AccessDeniedReason, LocalKms, ManualClock};
use kms_support::*;
use serde_json::json;

const DELAY: Duration = Duration::from_secs(60);
const SECOND: Duration = Duration::from_secs(1);
const APP_ROLE: &str = "arn:aws:iam::111122223333:role/app";

fn delayed() -> (LocalKms, ManualClock) {
    let clock = ManualClock::new(UNIX_EPOCH + Duration::from_secs(1_700_000_000));
    let kms = LocalKms::builder()
        .clock(Arc::new(clock.clone()))
        .propagation_delay(DELAY)
        .build()
        .unwrap();
    assert_eq!(kms.propagation_delay(), DELAY);
    (kms, clock)
}

fn policy(app_actions: &[&str]) -> String {
    json!({"Statement": [
        {"Sid": "Admin", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
         "Action": "kms:*", "Resource": "*"},
        {"Sid": "App", "Effect": "Allow", "Principal": {"AWS": APP_ROLE},
         "Action": app_actions, "Resource": "*"}
    ]})
    .to_string()
}

#[test]
fn a_policy_change_takes_effect_only_after_the_delay() {
    let (kms, clock) = delayed();
    let key = sym(&kms);
    kms.put_key_policy(PutKeyPolicyRequest {
        key_id: key.key_id.clone(),
        policy: policy(&["kms:GenerateDataKey", "kms:Decrypt"]),
        ..Default::default()
    })
    .unwrap();
    let app = kms.as_caller(Caller::new(APP_ROLE)).unwrap();
    // The first policy is not visible yet either: the default policy still applies.
    assert_eq!(
        err(gdk(&app, &key.key_id, &ec(&[]))).access_denied_reason(),
        Some(&AccessDeniedReason::NoStatementAllows)
    );
    clock.advance(DELAY);
    let dk = gdk(&app, &key.key_id, &ec(&[])).unwrap();

    // Revoke Decrypt.
    let revoked = policy(&["kms:GenerateDataKey"]);
    kms.put_key_policy(PutKeyPolicyRequest {
        key_id: key.key_id.clone(),
        policy: revoked.clone(),
        ..Default::default()
    })
    .unwrap();
    // The control plane sees the new policy at once ...
    let got = kms
        .get_key_policy(GetKeyPolicyRequest {
            key_id: key.key_id.clone(),
            policy_name: None,
        })
        .unwrap();
    assert_eq!(got.policy, revoked);
    // ... the data plane only after the delay.
    decrypt(&app, &dk.ciphertext_blob, &ec(&[])).unwrap();
    clock.advance(DELAY - SECOND);
    decrypt(&app, &dk.ciphertext_blob, &ec(&[])).unwrap();
    clock.advance(SECOND);
    let e = err(decrypt(&app, &dk.ciphertext_blob, &ec(&[])));
    assert_eq!(e.name(), "AccessDeniedException");
    assert_eq!(
        e.access_denied_reason(),
        Some(&AccessDeniedReason::NoStatementAllows)
    );
    gdk(&app, &key.key_id, &ec(&[])).unwrap();
}

#[test]
fn without_a_delay_a_policy_change_is_immediate() {
    let (kms, _clock) = kms_support::kms();
    assert_eq!(kms.propagation_delay(), Duration::ZERO);
    let key = sym(&kms);
    kms.put_key_policy(PutKeyPolicyRequest {
        key_id: key.key_id.clone(),
        policy: policy(&["kms:GenerateDataKey"]),
        ..Default::default()
    })
    .unwrap();
    let app = kms.as_caller(Caller::new(APP_ROLE)).unwrap();
    gdk(&app, &key.key_id, &ec(&[])).unwrap();
}

#[test]
fn disable_and_enable_reach_the_data_plane_after_the_delay() {
    let (kms, clock) = delayed();
    let key = sym(&kms);
    let dk = gdk(&kms, &key.key_id, &ec(&[])).unwrap();
    kms.disable_key(DisableKeyRequest {
        key_id: key.key_id.clone(),
    })
    .unwrap();
    assert_eq!(state(&kms, &key.key_id), KeyState::Disabled);
    gdk(&kms, &key.key_id, &ec(&[])).unwrap();
    decrypt(&kms, &dk.ciphertext_blob, &ec(&[])).unwrap();
    clock.advance(DELAY - SECOND);
    gdk(&kms, &key.key_id, &ec(&[])).unwrap();
    clock.advance(SECOND);
    assert_err(
        gdk(&kms, &key.key_id, &ec(&[])),
        "DisabledException",
        &format!("{} is disabled.", key.arn),
    );
    assert_eq!(
        err(decrypt(&kms, &dk.ciphertext_blob, &ec(&[]))).name(),
        "DisabledException"
    );
    kms.enable_key(EnableKeyRequest {
        key_id: key.key_id.clone(),
    })
    .unwrap();
    assert_eq!(state(&kms, &key.key_id), KeyState::Enabled);
    assert_eq!(
        err(gdk(&kms, &key.key_id, &ec(&[]))).name(),
        "DisabledException"
    );
    clock.advance(DELAY);
    gdk(&kms, &key.key_id, &ec(&[])).unwrap();
}

#[test]
fn a_rotation_reaches_new_ciphertexts_after_the_delay() {
    let (kms, clock) = delayed();
    let key = sym(&kms);
    let first = describe(&kms, &key.key_id).current_key_material_id.unwrap();
    kms.rotate_key_on_demand(RotateKeyOnDemandRequest {
        key_id: key.key_id.clone(),
    })
    .unwrap();
    let second = describe(&kms, &key.key_id).current_key_material_id.unwrap();
    assert_ne!(first, second);
    let before = gdk(&kms, &key.key_id, &ec(&[])).unwrap();
    assert_eq!(before.key_material_id, first);
    clock.advance(DELAY);
    let after = gdk(&kms, &key.key_id, &ec(&[])).unwrap();
    assert_eq!(after.key_material_id, second);
    // Both still decrypt.
    assert_eq!(
        decrypt(&kms, &before.ciphertext_blob, &ec(&[]))
            .unwrap()
            .key_material_id,
        first
    );
    decrypt(&kms, &after.ciphertext_blob, &ec(&[])).unwrap();
}

#[test]
fn an_automatic_rotation_is_visible_a_delay_after_it_fell_due() {
    let (kms, clock) = delayed();
    let key = sym(&kms);
    let first = describe(&kms, &key.key_id).current_key_material_id.unwrap();
    kms.enable_key_rotation(EnableKeyRotationRequest {
        key_id: key.key_id.clone(),
        rotation_period_in_days: Some(90),
    })
    .unwrap();
    clock.advance(DAY * 90);
    // Applied lazily now, but dated when it fell due: visible from due + delay.
    let rotated = describe(&kms, &key.key_id).current_key_material_id.unwrap();
    assert_ne!(rotated, first);
    assert_eq!(
        gdk(&kms, &key.key_id, &ec(&[])).unwrap().key_material_id,
        first
    );
    clock.advance(DELAY);
    assert_eq!(
        gdk(&kms, &key.key_id, &ec(&[])).unwrap().key_material_id,
        rotated
    );
}

#[test]
fn alias_changes_reach_the_data_plane_after_the_delay() {
    let (kms, clock) = delayed();
    let k1 = sym(&kms);
    let k2 = sym(&kms);
    kms.create_alias(CreateAliasRequest {
        alias_name: "alias/app".into(),
        target_key_id: k1.key_id.clone(),
    })
    .unwrap();
    // A new alias is not visible to the data plane yet, but the control plane resolves it.
    assert_err(
        gdk(&kms, "alias/app", &ec(&[])),
        "NotFoundException",
        "Alias arn:aws:kms:us-east-1:111122223333:alias/app is not found.",
    );
    assert_eq!(describe(&kms, "alias/app").key_id, k1.key_id);
    clock.advance(DELAY);
    assert_eq!(gdk(&kms, "alias/app", &ec(&[])).unwrap().key_id, k1.arn);

    kms.update_alias(UpdateAliasRequest {
        alias_name: "alias/app".into(),
        target_key_id: k2.key_id.clone(),
    })
    .unwrap();
    assert_eq!(describe(&kms, "alias/app").key_id, k2.key_id);
    assert_eq!(gdk(&kms, "alias/app", &ec(&[])).unwrap().key_id, k1.arn);
    let alias_arn = "arn:aws:kms:us-east-1:111122223333:alias/app";
    assert_eq!(gdk(&kms, alias_arn, &ec(&[])).unwrap().key_id, k1.arn);
    clock.advance(DELAY - SECOND);
    assert_eq!(gdk(&kms, "alias/app", &ec(&[])).unwrap().key_id, k1.arn);
    clock.advance(SECOND);
    assert_eq!(gdk(&kms, "alias/app", &ec(&[])).unwrap().key_id, k2.arn);
    assert_eq!(gdk(&kms, alias_arn, &ec(&[])).unwrap().key_id, k2.arn);

    kms.delete_alias(DeleteAliasRequest {
        alias_name: "alias/app".into(),
    })
    .unwrap();
    assert_eq!(
        err(kms.describe_key(DescribeKeyRequest {
            key_id: "alias/app".into()
        }))
        .name(),
        "NotFoundException"
    );
    assert_eq!(gdk(&kms, "alias/app", &ec(&[])).unwrap().key_id, k2.arn);
    clock.advance(DELAY);
    assert_eq!(
        err(gdk(&kms, "alias/app", &ec(&[]))).name(),
        "NotFoundException"
    );
}

#[test]
fn scheduling_and_cancelling_deletion_reach_the_data_plane_after_the_delay() {
    let (kms, clock) = delayed();
    let key = sym(&kms);
    let dk = gdk(&kms, &key.key_id, &ec(&[])).unwrap();
    kms.schedule_key_deletion(ScheduleKeyDeletionRequest {
        key_id: key.key_id.clone(),
        pending_window_in_days: Some(7),
    })
    .unwrap();
    assert_eq!(state(&kms, &key.key_id), KeyState::PendingDeletion);
    decrypt(&kms, &dk.ciphertext_blob, &ec(&[])).unwrap();
    clock.advance(DELAY);
    assert_err(
        decrypt(&kms, &dk.ciphertext_blob, &ec(&[])),
        "KMSInvalidStateException",
        &format!("{} is pending deletion.", key.arn),
    );
    kms.cancel_key_deletion(CancelKeyDeletionRequest {
        key_id: key.key_id.clone(),
    })
    .unwrap();
    assert_eq!(state(&kms, &key.key_id), KeyState::Disabled);
    assert_eq!(
        err(decrypt(&kms, &dk.ciphertext_blob, &ec(&[]))).name(),
        "KMSInvalidStateException"
    );
    clock.advance(DELAY);
    assert_eq!(
        err(decrypt(&kms, &dk.ciphertext_blob, &ec(&[]))).name(),
        "DisabledException"
    );
}

#[test]
fn many_changes_within_the_delay_become_visible_in_order() {
    let (kms, clock) = delayed();
    let key = sym(&kms);
    let disable = || {
        kms.disable_key(DisableKeyRequest {
            key_id: key.key_id.clone(),
        })
        .unwrap()
    };
    let enable = || {
        kms.enable_key(EnableKeyRequest {
            key_id: key.key_id.clone(),
        })
        .unwrap()
    };
    // t=0 disable, t=20 enable, t=40 disable: visible at 60, 80, 100.
    disable();
    clock.advance(Duration::from_secs(20));
    enable();
    clock.advance(Duration::from_secs(20));
    disable();
    let usable = |kms: &LocalKms| gdk(kms, &key.key_id, &ec(&[])).is_ok();
    let mut seen = Vec::new();
    for _ in 0..8 {
        seen.push(usable(&kms));
        clock.advance(Duration::from_secs(10));
    }
    // t = 40, 50, 60, 70, 80, 90, 100, 110
    assert_eq!(
        seen,
        [true, true, false, false, true, true, false, false],
        "{seen:?}"
    );
}
