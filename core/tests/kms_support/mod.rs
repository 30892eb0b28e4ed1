//! Helpers shared by the `kms_*` integration tests.
#![allow(dead_code, unreachable_pub)]

use std::fmt::Debug;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use datakey::kms::*;
use datakey::{EncryptionContext, Error, LocalKms, ManualClock, SecretBytes};

pub const DAY: Duration = Duration::from_secs(86_400);

/// A service on a manual clock stopped at 2023-11-14.
pub fn kms() -> (LocalKms, ManualClock) {
    let clock = ManualClock::new(UNIX_EPOCH + Duration::from_secs(1_700_000_000));
    let kms = LocalKms::builder()
        .clock(Arc::new(clock.clone()))
        .build()
        .expect("valid defaults");
    (kms, clock)
}

/// A new `SYMMETRIC_DEFAULT` key.
pub fn sym(kms: &LocalKms) -> KeyMetadata {
    kms.create_key(CreateKeyRequest::default())
        .expect("create key")
        .key_metadata
}

/// A new key of the given spec and usage.
pub fn key(kms: &LocalKms, spec: KeySpec, usage: KeyUsage) -> KeyMetadata {
    kms.create_key(CreateKeyRequest {
        key_spec: Some(spec),
        key_usage: Some(usage),
        ..Default::default()
    })
    .expect("create key")
    .key_metadata
}

/// A new `EXTERNAL` key (in `PendingImport`).
pub fn external(kms: &LocalKms) -> KeyMetadata {
    kms.create_key(CreateKeyRequest {
        origin: Some(Origin::External),
        ..Default::default()
    })
    .expect("create key")
    .key_metadata
}

/// Imports `material` into an `EXTERNAL` key.
pub fn import(
    kms: &LocalKms,
    key_id: &str,
    material: &[u8],
) -> datakey::Result<ImportKeyMaterialResponse> {
    kms.import_key_material(ImportKeyMaterialRequest {
        key_id: key_id.to_owned(),
        key_material: Some(SecretBytes::copy_from_slice(material)),
        ..Default::default()
    })
}

pub fn ec(pairs: &[(&str, &str)]) -> EncryptionContext {
    EncryptionContext::from_iter(pairs.iter().copied())
}

/// A 32-byte data key under `key_id` with context `ec`.
pub fn gdk(
    kms: &LocalKms,
    key_id: &str,
    ec: &EncryptionContext,
) -> datakey::Result<GenerateDataKeyResponse> {
    kms.generate_data_key(GenerateDataKeyRequest {
        key_id: key_id.to_owned(),
        key_spec: Some(DataKeySpec::Aes256),
        encryption_context: ec.clone(),
        ..Default::default()
    })
}

pub fn decrypt(
    kms: &LocalKms,
    blob: &[u8],
    ec: &EncryptionContext,
) -> datakey::Result<DecryptResponse> {
    kms.decrypt(DecryptRequest {
        ciphertext_blob: blob.to_vec(),
        encryption_context: ec.clone(),
        ..Default::default()
    })
}

pub fn state(kms: &LocalKms, key_id: &str) -> KeyState {
    kms.describe_key(DescribeKeyRequest {
        key_id: key_id.to_owned(),
    })
    .expect("describe")
    .key_metadata
    .key_state
}

pub fn describe(kms: &LocalKms, key_id: &str) -> KeyMetadata {
    kms.describe_key(DescribeKeyRequest {
        key_id: key_id.to_owned(),
    })
    .expect("describe")
    .key_metadata
}

/// Asserts `r` failed with exception `name` and exactly `message`.
#[track_caller]
pub fn assert_err<T: Debug>(r: datakey::Result<T>, name: &str, message: &str) {
    match r {
        Ok(v) => panic!("expected {name}: {message:?}, got Ok({v:?})"),
        Err(e) => {
            assert_eq!(e.name(), name, "wrong exception for {e}");
            assert_eq!(e.message(), message, "wrong message for {}", e.name());
        }
    }
}

/// The error of `r` (panics on success).
#[track_caller]
pub fn err<T: Debug>(r: datakey::Result<T>) -> Error {
    match r {
        Ok(v) => panic!("expected an error, got Ok({v:?})"),
        Err(e) => e,
    }
}

pub fn now(clock: &ManualClock) -> SystemTime {
    datakey::Clock::now(clock)
}
