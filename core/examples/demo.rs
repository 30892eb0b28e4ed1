//! datakey's local KMS in one run: create keys, generate a data key, decrypt it, rotate the key
//! and still decrypt the old blob, and watch an asymmetric key being refused.
//!
//! Run with `make demo` (or `cargo run --release -p datakey --example demo`).

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use datakey::kms::{
    CreateAliasRequest, CreateKeyRequest, DataKeySpec, DecryptRequest, DescribeKeyRequest,
    EnableKeyRotationRequest, GenerateDataKeyRequest, KeySpec, KeyUsage, ListKeyRotationsRequest,
    RotateKeyOnDemandRequest,
};
use datakey::{EncryptionContext, LocalKms, ManualClock};

fn short(id: &str) -> &str {
    &id[..id.len().min(16)]
}

fn main() -> Result<(), datakey::Error> {
    // A manual clock lets the demo move time forward instead of waiting a year.
    let clock = ManualClock::new(SystemTime::now());
    let kms = LocalKms::builder()
        .region("eu-west-1")
        .clock(Arc::new(clock.clone()))
        .build()?;
    println!("== datakey local KMS demo ({kms:?})\n");

    let key = kms
        .create_key(CreateKeyRequest {
            description: Some("application master key".into()),
            ..Default::default()
        })?
        .key_metadata;
    println!("created {} key {}", key.key_spec, key.arn);
    kms.create_alias(CreateAliasRequest {
        alias_name: "alias/app".into(),
        target_key_id: key.key_id.clone(),
    })?;
    println!("created alias/app -> {}", key.key_id);

    let ec = EncryptionContext::from_iter([("tenant", "acme"), ("purpose", "demo")]);
    let dk = kms.generate_data_key(GenerateDataKeyRequest {
        key_id: "alias/app".into(),
        key_spec: Some(DataKeySpec::Aes256),
        encryption_context: ec.clone(),
        ..Default::default()
    })?;
    println!(
        "\ngenerated a data key: {:?}, wrapped in a {}-byte blob under material {}…",
        dk.plaintext,
        dk.ciphertext_blob.len(),
        short(&dk.key_material_id)
    );

    let back = kms.decrypt(DecryptRequest {
        ciphertext_blob: dk.ciphertext_blob.clone(),
        encryption_context: ec.clone(),
        ..Default::default()
    })?;
    println!(
        "decrypted it: same key = {}, material {}…",
        back.plaintext == dk.plaintext,
        short(&back.key_material_id)
    );
    let wrong = kms.decrypt(DecryptRequest {
        ciphertext_blob: dk.ciphertext_blob.clone(),
        encryption_context: EncryptionContext::from_iter([("tenant", "evil")]),
        ..Default::default()
    });
    if let Err(e) = wrong {
        println!("with another encryption context: {e}");
    }

    println!("\nrotating: three times on demand, then yearly rotation and a year passes");
    for _ in 0..3 {
        kms.rotate_key_on_demand(RotateKeyOnDemandRequest {
            key_id: key.key_id.clone(),
        })?;
    }
    kms.enable_key_rotation(EnableKeyRotationRequest {
        key_id: key.key_id.clone(),
        rotation_period_in_days: Some(365),
    })?;
    clock.advance(Duration::from_secs(365 * 86_400));
    let rotations = kms.list_key_rotations(ListKeyRotationsRequest {
        key_id: key.key_id.clone(),
        ..Default::default()
    })?;
    for r in &rotations.rotations {
        println!(
            "  rotation {}: material {}… now {}",
            r.rotation_type.map(|t| t.as_str()).unwrap_or("-"),
            short(&r.key_material_id),
            r.key_material_state
        );
    }
    let current = kms
        .describe_key(DescribeKeyRequest {
            key_id: "alias/app".into(),
        })?
        .key_metadata
        .current_key_material_id
        .unwrap_or_default();
    let old = kms.decrypt(DecryptRequest {
        ciphertext_blob: dk.ciphertext_blob.clone(),
        encryption_context: ec.clone(),
        ..Default::default()
    })?;
    println!(
        "current material {}…; the first blob still decrypts (same key = {}) with material {}…",
        short(&current),
        old.plaintext == dk.plaintext,
        short(&old.key_material_id)
    );

    println!("\nasymmetric and HMAC keys cannot wrap data keys:");
    for (spec, usage) in [
        (KeySpec::Rsa2048, KeyUsage::EncryptDecrypt),
        (KeySpec::EccNistP256, KeyUsage::SignVerify),
        (KeySpec::Hmac256, KeyUsage::GenerateVerifyMac),
    ] {
        let k = kms
            .create_key(CreateKeyRequest {
                key_spec: Some(spec),
                key_usage: Some(usage),
                ..Default::default()
            })?
            .key_metadata;
        match kms.generate_data_key(GenerateDataKeyRequest {
            key_id: k.key_id.clone(),
            key_spec: Some(DataKeySpec::Aes256),
            ..Default::default()
        }) {
            Ok(_) => println!("  {spec}: unexpectedly accepted"),
            Err(e) => println!("  {spec}/{usage}: {e}"),
        }
    }
    Ok(())
}
