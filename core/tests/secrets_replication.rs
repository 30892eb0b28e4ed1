//! Replication of secrets between regions of one datakey service.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;
use std::time::{Duration, UNIX_EPOCH};

use datakey::kms::*;
use datakey::secrets::*;
use datakey::{LocalKms, ManualClock};

fn regions() -> (LocalSecretsManager, LocalSecretsManager, LocalKms) {
    let clock = Arc::new(ManualClock::new(
        UNIX_EPOCH + Duration::from_secs(1_700_000_000),
    ));
    let east = LocalKms::builder().clock(clock.clone()).build().unwrap();
    let west = LocalKms::builder()
        .region("eu-west-1")
        .clock(clock)
        .build()
        .unwrap();
    let (e, w) = (
        LocalSecretsManager::new(&east),
        LocalSecretsManager::new(&west),
    );
    e.link_region(&w).unwrap();
    (e, w, west)
}

fn value(sm: &LocalSecretsManager, id: &str) -> (String, String, Vec<String>) {
    let v = sm
        .get_secret_value(GetSecretValueRequest {
            secret_id: id.into(),
            ..Default::default()
        })
        .unwrap();
    (
        v.secret_string.unwrap().expose_secret().to_owned(),
        v.version_id,
        v.version_stages,
    )
}

fn replica(region: &str) -> Vec<ReplicaRegionType> {
    vec![ReplicaRegionType {
        region: region.into(),
        kms_key_id: None,
    }]
}

#[test]
fn a_replica_follows_its_primary_under_its_own_regions_key() {
    let (east, west, west_kms) = regions();
    let c = east
        .create_secret(CreateSecretRequest {
            name: "db".into(),
            secret_string: Some("v1".into()),
            add_replica_regions: replica("eu-west-1"),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(c.replication_status.len(), 1);
    assert_eq!(
        c.replication_status[0].status, "InSync",
        "{:?}",
        c.replication_status
    );
    let suffix = c.arn.rsplit('-').next().unwrap().to_owned();
    let d = west
        .describe_secret(SecretIdRequest {
            secret_id: "db".into(),
        })
        .unwrap();
    assert_eq!(d.primary_region, "us-east-1");
    assert!(
        d.arn
            .starts_with("arn:aws:secretsmanager:eu-west-1:111122223333:secret:db-")
    );
    assert!(d.arn.ends_with(&suffix));
    assert_eq!(value(&west, "db"), value(&east, "db"));
    // The replica is encrypted in its region: eu-west-1's aws/secretsmanager exists.
    let aliases = west_kms
        .list_aliases(ListAliasesRequest::default())
        .unwrap()
        .aliases;
    assert!(aliases.iter().any(|a| a.alias_name == DEFAULT_KEY_ALIAS));
    // Changes follow.
    east.put_secret_value(PutSecretValueRequest {
        secret_id: "db".into(),
        secret_string: Some("v2".into()),
        ..Default::default()
    })
    .unwrap();
    assert_eq!(value(&west, "db").0, "v2");
    assert_eq!(value(&west, "db"), value(&east, "db"));
    let prev = west
        .get_secret_value(GetSecretValueRequest {
            secret_id: "db".into(),
            version_stage: Some("AWSPREVIOUS".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(prev.secret_string.unwrap().expose_secret(), "v1");
    // A replica takes no writes.
    let e = west
        .put_secret_value(PutSecretValueRequest {
            secret_id: "db".into(),
            secret_string: Some("x".into()),
            ..Default::default()
        })
        .unwrap_err();
    assert_eq!(
        (e.name(), e.message().as_str()),
        (
            "InvalidRequestException",
            "Operation not permitted on a replica secret. Call must be made in primary secret's region."
        )
    );
    let described = east
        .describe_secret(SecretIdRequest {
            secret_id: "db".into(),
        })
        .unwrap();
    assert_eq!(described.primary_region, "us-east-1");
    assert_eq!(described.replication_status[0].region, "eu-west-1");
}

#[test]
fn removing_and_stopping_replication() {
    let (east, west, _) = regions();
    east.create_secret(CreateSecretRequest {
        name: "db".into(),
        secret_string: Some("v1".into()),
        add_replica_regions: replica("eu-west-1"),
        ..Default::default()
    })
    .unwrap();
    let e = east
        .delete_secret(DeleteSecretRequest {
            secret_id: "db".into(),
            ..Default::default()
        })
        .unwrap_err();
    assert_eq!(e.name(), "InvalidRequestException");
    let r = east
        .remove_regions_from_replication(RemoveRegionsFromReplicationRequest {
            secret_id: "db".into(),
            remove_replica_regions: vec!["eu-west-1".into()],
        })
        .unwrap();
    assert!(r.replication_status.is_empty());
    assert_eq!(
        west.describe_secret(SecretIdRequest {
            secret_id: "db".into()
        })
        .unwrap_err()
        .name(),
        "ResourceNotFoundException"
    );
    // Replicate again, then promote the replica.
    east.replicate_secret_to_regions(ReplicateSecretToRegionsRequest {
        secret_id: "db".into(),
        add_replica_regions: replica("eu-west-1"),
        ..Default::default()
    })
    .unwrap();
    west.stop_replication_to_replica(SecretIdRequest {
        secret_id: "db".into(),
    })
    .unwrap();
    west.put_secret_value(PutSecretValueRequest {
        secret_id: "db".into(),
        secret_string: Some("west only".into()),
        ..Default::default()
    })
    .unwrap();
    assert!(
        east.describe_secret(SecretIdRequest {
            secret_id: "db".into()
        })
        .unwrap()
        .replication_status
        .is_empty()
    );
    assert_eq!(value(&east, "db").0, "v1");
    east.delete_secret(DeleteSecretRequest {
        secret_id: "db".into(),
        force_delete_without_recovery: Some(true),
        ..Default::default()
    })
    .unwrap();
}

#[test]
fn regions_are_checked_and_a_failing_replica_says_why() {
    let (east, _west, west_kms) = regions();
    east.create_secret(CreateSecretRequest {
        name: "db".into(),
        secret_string: Some("v1".into()),
        ..Default::default()
    })
    .unwrap();
    let e = east
        .replicate_secret_to_regions(ReplicateSecretToRegionsRequest {
            secret_id: "db".into(),
            add_replica_regions: replica("ap-south-1"),
            ..Default::default()
        })
        .unwrap_err();
    assert_eq!(e.name(), "InvalidParameterException");
    let e = east
        .replicate_secret_to_regions(ReplicateSecretToRegionsRequest {
            secret_id: "db".into(),
            add_replica_regions: replica("Not A Region"),
            ..Default::default()
        })
        .unwrap_err();
    assert_eq!(e.name(), "ValidationException");
    let rsa = west_kms
        .create_key(CreateKeyRequest {
            key_spec: Some(KeySpec::Rsa2048),
            key_usage: Some(KeyUsage::EncryptDecrypt),
            ..Default::default()
        })
        .unwrap()
        .key_metadata
        .arn;
    let r = east
        .replicate_secret_to_regions(ReplicateSecretToRegionsRequest {
            secret_id: "db".into(),
            add_replica_regions: vec![ReplicaRegionType {
                region: "eu-west-1".into(),
                kms_key_id: Some(rsa),
            }],
            ..Default::default()
        })
        .unwrap();
    assert_eq!(r.replication_status[0].status, "Failed");
    assert_eq!(
        r.replication_status[0].status_message.as_deref(),
        Some("You cannot generate a data key with an asymmetric CMK")
    );
    // A name taken in the replica region: refused without ForceOverwriteReplicaSecret.
    let (east, west, _) = regions();
    for sm in [&east, &west] {
        sm.create_secret(CreateSecretRequest {
            name: "same".into(),
            secret_string: Some("x".into()),
            ..Default::default()
        })
        .unwrap();
    }
    let r = east
        .replicate_secret_to_regions(ReplicateSecretToRegionsRequest {
            secret_id: "same".into(),
            add_replica_regions: replica("eu-west-1"),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(r.replication_status[0].status, "Failed");
    let r = east
        .replicate_secret_to_regions(ReplicateSecretToRegionsRequest {
            secret_id: "same".into(),
            add_replica_regions: replica("eu-west-1"),
            force_overwrite_replica_secret: Some(true),
        })
        .unwrap();
    assert_eq!(r.replication_status[0].status, "InSync");
}
