//! The Secrets Manager caching client: AWS's semantics (reference `secrets-and-wire.md` §5).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;
use std::time::{Duration, UNIX_EPOCH};

use datakey::kms::{FaultKind, FaultRule, FaultTrigger, Operation};
use datakey::secrets::cache::{SecretCache, SecretCacheConfig};
use datakey::secrets::*;
use datakey::{LocalKms, ManualClock};

fn service() -> (LocalKms, LocalSecretsManager, ManualClock) {
    let clock = ManualClock::new(UNIX_EPOCH + Duration::from_secs(1_700_000_000));
    let kms = LocalKms::builder()
        .clock(Arc::new(clock.clone()))
        .build()
        .unwrap();
    let sm = LocalSecretsManager::new(&kms);
    (kms, sm, clock)
}

fn put(sm: &LocalSecretsManager, id: &str, v: &str) {
    sm.put_secret_value(PutSecretValueRequest {
        secret_id: id.into(),
        secret_string: Some(v.into()),
        ..Default::default()
    })
    .unwrap();
}

fn create(sm: &LocalSecretsManager, id: &str, v: &str) {
    sm.create_secret(CreateSecretRequest {
        name: id.into(),
        secret_string: Some(v.into()),
        ..Default::default()
    })
    .unwrap();
}

fn decrypt_faults_left(kms: &LocalKms) -> u32 {
    kms.faults()
        .iter()
        .map(|r| match r.trigger {
            FaultTrigger::NextCalls(n) => n,
            FaultTrigger::Rate(_) => 0,
        })
        .sum()
}

#[test]
fn refresh_is_due_between_half_and_all_of_the_ttl() {
    let (_, sm, clock) = service();
    create(&sm, "s", "v1");
    let cache = SecretCache::new(sm.clone());
    assert_eq!(cache.get_secret_string("s").unwrap().expose_secret(), "v1");
    put(&sm, "s", "v2");
    clock.advance(Duration::from_secs(1799));
    assert_eq!(cache.get_secret_string("s").unwrap().expose_secret(), "v1");
    clock.advance(Duration::from_secs(1801));
    assert_eq!(cache.get_secret_string("s").unwrap().expose_secret(), "v2");
}

#[test]
fn describe_first_and_get_secret_value_only_when_the_version_changed() {
    let (kms, sm, clock) = service();
    create(&sm, "s", "v1");
    let cache = SecretCache::new(sm.clone());
    assert_eq!(cache.get_secret_string("s").unwrap().expose_secret(), "v1");
    // Every Decrypt (= GetSecretValue) from now on consumes one injected fault.
    kms.inject_fault(FaultRule::next_calls(
        FaultKind::KmsInternal,
        &[Operation::Decrypt],
        1,
    ))
    .unwrap();
    clock.advance(Duration::from_secs(3600));
    assert_eq!(cache.get_secret_string("s").unwrap().expose_secret(), "v1");
    assert_eq!(
        decrypt_faults_left(&kms),
        1,
        "an unchanged version was fetched again"
    );
    // A new version: GetSecretValue is called, fails, and the stale value is served.
    put(&sm, "s", "v2");
    clock.advance(Duration::from_secs(3600));
    assert_eq!(cache.get_secret_string("s").unwrap().expose_secret(), "v1");
    assert_eq!(decrypt_faults_left(&kms), 0);
    // The next read fetches it.
    assert_eq!(cache.get_secret_string("s").unwrap().expose_secret(), "v2");
}

#[test]
fn stale_value_served_when_describe_fails_and_errors_for_a_never_fetched_secret() {
    let (_, sm, clock) = service();
    create(&sm, "s", "v1");
    let cache = SecretCache::new(sm.clone());
    assert_eq!(cache.get_secret_string("s").unwrap().expose_secret(), "v1");
    sm.delete_secret(DeleteSecretRequest {
        secret_id: "s".into(),
        force_delete_without_recovery: Some(true),
        ..Default::default()
    })
    .unwrap();
    clock.advance(Duration::from_secs(3600));
    assert_eq!(cache.get_secret_string("s").unwrap().expose_secret(), "v1");
    let e = cache.get_secret_string("never").unwrap_err();
    assert_eq!(e.name(), "ResourceNotFoundException");
    // The stored error is answered again until the retry delay has passed.
    let e = cache.get_secret_string("never").unwrap_err();
    assert_eq!(
        e.message(),
        "Secrets Manager can't find the specified secret."
    );
    create(&sm, "never", "now");
    assert!(cache.get_secret_string("never").is_err());
    clock.advance(Duration::from_secs(1));
    assert_eq!(
        cache.get_secret_string("never").unwrap().expose_secret(),
        "now"
    );
}

#[test]
fn least_recently_used_secret_is_evicted_beyond_the_size() {
    let (_, sm, _) = service();
    for id in ["a", "b", "c"] {
        create(&sm, id, &format!("{id}1"));
    }
    let cache = SecretCache::with_config(
        sm.clone(),
        SecretCacheConfig {
            max_cache_size: 2,
            ..Default::default()
        },
    );
    for id in ["a", "b", "a", "c"] {
        cache.get_secret_string(id).unwrap();
    }
    put(&sm, "a", "a2");
    put(&sm, "b", "b2");
    // a was used after b: b is the one evicted, so it is fetched afresh.
    assert_eq!(cache.get_secret_string("a").unwrap().expose_secret(), "a1");
    assert_eq!(cache.get_secret_string("b").unwrap().expose_secret(), "b2");
    assert_eq!(SecretCacheConfig::default().max_cache_size, 1024);
    assert_eq!(
        SecretCacheConfig::default().secret_refresh_interval,
        Duration::from_secs(3600)
    );
}

#[test]
fn labels_and_refresh_now() {
    let (_, sm, _) = service();
    create(&sm, "s", "v1");
    put(&sm, "s", "v2");
    let cache = SecretCache::new(sm.clone());
    assert_eq!(
        cache
            .get_secret_string_stage("s", Some("AWSPREVIOUS"))
            .unwrap()
            .expose_secret(),
        "v1"
    );
    assert_eq!(cache.get_secret_string("s").unwrap().expose_secret(), "v2");
    put(&sm, "s", "v3");
    assert_eq!(cache.get_secret_string("s").unwrap().expose_secret(), "v2");
    cache.refresh_now("s").unwrap();
    assert_eq!(cache.get_secret_string("s").unwrap().expose_secret(), "v3");
    assert_eq!(
        cache.get_secret_binary("s", None).unwrap_err().name(),
        "ResourceNotFoundException"
    );
}

#[test]
fn retry_delays_grow_by_the_configured_factor() {
    let (_, sm, clock) = service();
    let cache = SecretCache::with_config(
        sm.clone(),
        SecretCacheConfig {
            exception_retry_delay_base: Duration::from_secs(2),
            exception_retry_growth_factor: 3,
            ..Default::default()
        },
    );
    // Failures 1, 2, 3 wait 2 s, 6 s, then 18 s before the next DescribeSecret.
    assert!(cache.get_secret_string("late").is_err());
    clock.advance(Duration::from_secs(2));
    assert!(cache.get_secret_string("late").is_err());
    clock.advance(Duration::from_secs(6));
    assert!(cache.get_secret_string("late").is_err());
    create(&sm, "late", "here");
    clock.advance(Duration::from_secs(17));
    assert!(cache.get_secret_string("late").is_err());
    clock.advance(Duration::from_secs(1));
    assert_eq!(
        cache.get_secret_string("late").unwrap().expose_secret(),
        "here"
    );
    assert_eq!(
        SecretCacheConfig::default().exception_retry_growth_factor,
        2
    );
}
