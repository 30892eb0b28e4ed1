//! Fault injection (the retryable KMS exceptions, by operation, for the next N calls or at a
//! seeded rate) and the test-only deterministic mode.

#![allow(clippy::unwrap_used)]

mod kms_support;

use std::sync::Arc;
use std::time::{Duration, UNIX_EPOCH};

use datakey::kms::*;
use datakey::{Error, LocalKms, ManualClock};
use kms_support::*;

fn seeded(seed: u64) -> LocalKms {
    LocalKms::builder()
        .clock(Arc::new(ManualClock::new(
            UNIX_EPOCH + Duration::from_secs(1_700_000_000),
        )))
        .fault_seed(seed)
        .build()
        .unwrap()
}

const MESSAGES: [(FaultKind, &str, &str); 4] = [
    (
        FaultKind::KeyUnavailable,
        "KeyUnavailableException",
        "The request was rejected because the specified KMS key was not available. You can \
         retry the request.",
    ),
    (
        FaultKind::DependencyTimeout,
        "DependencyTimeoutException",
        "The system timed out while trying to fulfill the request. You can retry the request.",
    ),
    (
        FaultKind::Throttling,
        "ThrottlingException",
        "You have exceeded the rate at which you may call KMS. Reduce the frequency of your \
         calls.",
    ),
    (
        FaultKind::KmsInternal,
        "KMSInternalException",
        "The request was rejected because an internal exception occurred. The request can be \
         retried.",
    ),
];

#[test]
fn each_fault_surfaces_with_its_exception_name_and_message() {
    for (fault, name, message) in MESSAGES {
        let (kms, _clock) = kms();
        let key = sym(&kms);
        kms.inject_fault(FaultRule::next_calls(
            fault,
            &[Operation::GenerateDataKey],
            1,
        ))
        .unwrap();
        let e = err(gdk(&kms, &key.key_id, &ec(&[])));
        assert_eq!(e.name(), name);
        assert_eq!(e.message(), message);
        assert!(e.is_retryable());
        assert_eq!(fault.as_str(), name);
        assert_eq!(name.parse::<FaultKind>().unwrap(), fault);
        // Only the next call.
        gdk(&kms, &key.key_id, &ec(&[])).unwrap();
        assert!(kms.faults().is_empty());
    }
    assert_eq!(
        "Oops".parse::<FaultKind>().unwrap_err().name(),
        "ValidationException"
    );
}

#[test]
fn next_calls_counts_only_the_chosen_operations() {
    let (kms, _clock) = kms();
    let key = sym(&kms);
    let dk = gdk(&kms, &key.key_id, &ec(&[])).unwrap();
    kms.inject_fault(FaultRule::next_calls(
        FaultKind::Throttling,
        &[Operation::Decrypt, Operation::ReEncrypt],
        3,
    ))
    .unwrap();
    // Other operations are untouched and do not use up the count.
    for _ in 0..5 {
        gdk(&kms, &key.key_id, &ec(&[])).unwrap();
    }
    for remaining in [2, 1, 0] {
        assert_eq!(
            err(decrypt(&kms, &dk.ciphertext_blob, &ec(&[]))).name(),
            "ThrottlingException"
        );
        let left: Vec<FaultTrigger> = kms.faults().iter().map(|r| r.trigger).collect();
        if remaining == 0 {
            assert!(left.is_empty());
        } else {
            assert_eq!(left, [FaultTrigger::NextCalls(remaining)]);
        }
    }
    decrypt(&kms, &dk.ciphertext_blob, &ec(&[])).unwrap();
}

#[test]
fn a_rule_without_operations_applies_to_every_operation_and_faults_come_first() {
    let (kms, _clock) = kms();
    kms.inject_fault(FaultRule::next_calls(FaultKind::KmsInternal, &[], 3))
        .unwrap();
    // Before parameter validation: even an invalid request gets the fault.
    assert_eq!(
        err(kms.generate_random(GenerateRandomRequest {
            number_of_bytes: Some(0)
        }))
        .name(),
        "KMSInternalException"
    );
    assert_eq!(
        err(kms.create_key(CreateKeyRequest::default())).name(),
        "KMSInternalException"
    );
    // Shared by every handle on the service.
    let app = kms
        .as_caller(Caller::new("arn:aws:iam::111122223333:role/app"))
        .unwrap();
    assert_eq!(
        err(app.list_keys(ListKeysRequest::default())).name(),
        "KMSInternalException"
    );
    sym(&kms);
}

#[test]
fn rules_fire_in_order_and_can_be_cleared() {
    let (kms, _clock) = kms();
    let key = sym(&kms);
    kms.inject_fault(FaultRule::next_calls(
        FaultKind::DependencyTimeout,
        &[Operation::Encrypt],
        1,
    ))
    .unwrap();
    kms.inject_fault(FaultRule::rate(FaultKind::KeyUnavailable, &[], 1.0))
        .unwrap();
    let enc = || {
        kms.encrypt(EncryptRequest {
            key_id: key.key_id.clone(),
            plaintext: datakey::SecretBytes::copy_from_slice(b"secret"),
            ..Default::default()
        })
    };
    assert_eq!(err(enc()).name(), "DependencyTimeoutException");
    assert_eq!(err(enc()).name(), "KeyUnavailableException");
    assert_eq!(err(enc()).name(), "KeyUnavailableException");
    assert_eq!(kms.faults().len(), 1);
    kms.clear_faults();
    assert!(kms.faults().is_empty());
    enc().unwrap();
}

#[test]
fn rates_are_validated_and_zero_never_fires() {
    let (kms, _clock) = kms();
    for bad in [-0.1, 1.5, f64::NAN] {
        assert_eq!(
            err(kms.inject_fault(FaultRule::rate(FaultKind::Throttling, &[], bad))).name(),
            "ValidationException",
            "{bad}"
        );
    }
    kms.inject_fault(FaultRule::rate(FaultKind::Throttling, &[], 0.0))
        .unwrap();
    for _ in 0..200 {
        kms.list_keys(ListKeysRequest::default()).unwrap();
    }
}

/// The pattern of failures of 400 `GenerateRandom` calls at rate 0.3.
fn pattern(kms: &LocalKms) -> Vec<bool> {
    kms.inject_fault(FaultRule::rate(
        FaultKind::Throttling,
        &[Operation::GenerateRandom],
        0.3,
    ))
    .unwrap();
    (0..400)
        .map(|_| {
            kms.generate_random(GenerateRandomRequest {
                number_of_bytes: Some(8),
            })
            .is_err()
        })
        .collect()
}

#[test]
fn a_seeded_rate_is_reproducible() {
    let a = pattern(&seeded(7));
    let b = pattern(&seeded(7));
    let c = pattern(&seeded(8));
    assert_eq!(a, b, "same seed, same faults");
    assert_ne!(a, c, "another seed, other faults");
    let n = a.iter().filter(|f| **f).count();
    // 400 draws at p = 0.3: mean 120, standard deviation ~9.2; this seed's count is fixed.
    assert!((80..=160).contains(&n), "{n} faults");
}

/// A client's retry loop: what injected faults exist for.
fn with_retries<T>(
    attempts: usize,
    mut f: impl FnMut() -> datakey::Result<T>,
) -> (datakey::Result<T>, usize) {
    let mut tries = 0;
    loop {
        tries += 1;
        match f() {
            Err(e) if e.is_retryable() && tries < attempts => continue,
            other => return (other, tries),
        }
    }
}

#[test]
fn retry_logic_can_be_tested() {
    let (kms, _clock) = kms();
    let key = sym(&kms);
    kms.inject_fault(FaultRule::next_calls(
        FaultKind::Throttling,
        &[Operation::GenerateDataKey],
        2,
    ))
    .unwrap();
    let (r, tries) = with_retries(5, || gdk(&kms, &key.key_id, &ec(&[])));
    r.unwrap();
    assert_eq!(tries, 3);
    kms.inject_fault(FaultRule::next_calls(
        FaultKind::KeyUnavailable,
        &[Operation::GenerateDataKey],
        10,
    ))
    .unwrap();
    let (r, tries) = with_retries(5, || gdk(&kms, &key.key_id, &ec(&[])));
    assert!(matches!(r, Err(Error::KeyUnavailable(_))));
    assert_eq!(tries, 5);
}

#[test]
fn the_deterministic_seed_reproduces_ids_material_and_blobs() {
    let build = |seed: u64| {
        LocalKms::builder()
            .clock(Arc::new(ManualClock::new(
                UNIX_EPOCH + Duration::from_secs(1_700_000_000),
            )))
            .insecure_deterministic_seed(seed)
            .build()
            .unwrap()
    };
    let run = |kms: &LocalKms| {
        let key = sym(kms);
        let mrk = kms
            .create_key(CreateKeyRequest {
                multi_region: Some(true),
                ..Default::default()
            })
            .unwrap()
            .key_metadata;
        let dk = gdk(kms, &key.key_id, &ec(&[("a", "b")])).unwrap();
        let random = kms
            .generate_random(GenerateRandomRequest {
                number_of_bytes: Some(16),
            })
            .unwrap();
        (
            key.key_id,
            key.current_key_material_id,
            mrk.key_id,
            dk.plaintext.expose_secret().to_vec(),
            dk.ciphertext_blob,
            random.plaintext.expose_secret().to_vec(),
        )
    };
    let a = run(&build(42));
    let b = run(&build(42));
    let c = run(&build(43));
    assert_eq!(a, b);
    assert_ne!(a.0, c.0);
    assert_ne!(a.1, c.1);
    assert_ne!(a.3, c.3);
    assert!(is_key_id(&a.0) && is_key_id(&a.2), "{a:?}");
    assert_eq!(&a.0[14..15], "4", "a version 4 UUID");
    assert!(a.2.starts_with("mrk-"));
    // A blob from one seeded service decrypts in its twin: the material is the same.
    let twin = build(42);
    let key = sym(&twin);
    assert_eq!(key.key_id, a.0);
    assert_eq!(
        decrypt(&twin, &a.4, &ec(&[("a", "b")]))
            .unwrap()
            .plaintext
            .expose_secret(),
        &a.3[..]
    );
    // The normal mode is not deterministic.
    let (k1, k2) = (kms_support::kms().0, kms_support::kms().0);
    assert_ne!(sym(&k1).key_id, sym(&k2).key_id);
    assert!(format!("{:?}", build(42)).contains("deterministic: true"));
}
