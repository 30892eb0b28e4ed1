//! Target (4): KMS `Decrypt` and `ReEncrypt` of arbitrary ciphertext blobs never panic, never
//! accept a blob this service did not produce, and refuse every altered blob with
//! `InvalidCiphertextException`.
//!
//! Input: one flags byte, then the blob (or, in xor mode, a mask over a fresh genuine blob).
//! - bit 0: write key A's id into the blob's key id field (so mutations reach the key lookup);
//!   with bit 5, key B's (disabled) id instead;
//! - bit 1: write one of key A's material ids into the material id field (bit 6: the older one),
//!   so mutations reach the AES-GCM open;
//! - bit 2: decrypt with the context `{"purpose": "fuzz"}` instead of the empty one;
//! - bit 3: name key A in the request;
//! - bit 4: xor mode: xor the rest of the input into a genuine blob made under key A.
#![no_main]

use std::sync::OnceLock;

use datakey::kms::{
    CreateKeyRequest, DecryptRequest, DisableKeyRequest, GenerateDataKeyRequest, ReEncryptRequest,
    RotateKeyOnDemandRequest,
};
use datakey::{EncryptionContext, LocalKms};
use libfuzzer_sys::fuzz_target;

struct Fixture {
    kms: LocalKms,
    key_a: String,
    key_b: String,
    materials_a: [[u8; 32]; 2],
}

fn unhex(s: &str) -> [u8; 32] {
    let mut out = [0u8; 32];
    for (i, b) in out.iter_mut().enumerate() {
        *b = u8::from_str_radix(&s[2 * i..2 * i + 2], 16).expect("hex");
    }
    out
}

fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let kms = LocalKms::new();
        let a = kms
            .create_key(CreateKeyRequest::default())
            .expect("create")
            .key_metadata;
        let old = unhex(a.current_key_material_id.as_deref().expect("material"));
        kms.rotate_key_on_demand(RotateKeyOnDemandRequest {
            key_id: a.key_id.clone(),
        })
        .expect("rotate");
        let new = kms
            .describe_key(datakey::kms::DescribeKeyRequest {
                key_id: a.key_id.clone(),
            })
            .expect("describe")
            .key_metadata;
        let new = unhex(new.current_key_material_id.as_deref().expect("material"));
        let b = kms
            .create_key(CreateKeyRequest::default())
            .expect("create")
            .key_metadata;
        kms.disable_key(DisableKeyRequest {
            key_id: b.key_id.clone(),
        })
        .expect("disable");
        Fixture {
            kms,
            key_a: a.key_id,
            key_b: b.key_id,
            materials_a: [new, old],
        }
    })
}

fn context(flags: u8) -> EncryptionContext {
    if flags & 4 != 0 {
        EncryptionContext::from_iter([("purpose", "fuzz")])
    } else {
        EncryptionContext::new()
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    let f = fixture();
    let ec = context(flags);
    let key_field_start = 2;

    if flags & 16 != 0 {
        // xor mode: a genuine blob, altered by the mask.
        let dk = f
            .kms
            .generate_data_key(GenerateDataKeyRequest {
                key_id: f.key_a.clone(),
                number_of_bytes: Some(1 + i64::from(flags >> 5) * 9),
                encryption_context: ec.clone(),
                ..Default::default()
            })
            .expect("generate");
        let mut blob = dk.ciphertext_blob.clone();
        for (b, m) in blob.iter_mut().zip(rest) {
            *b ^= m;
        }
        let altered = blob != dk.ciphertext_blob;
        let names_b = blob.get(1) == Some(&36) && blob.get(2..38) == Some(f.key_b.as_bytes());
        let res = f.kms.decrypt(DecryptRequest {
            ciphertext_blob: blob.clone(),
            encryption_context: ec.clone(),
            ..Default::default()
        });
        match res {
            Ok(out) => {
                assert!(!altered, "an altered blob decrypted");
                assert_eq!(out.plaintext, dk.plaintext);
                assert_eq!(out.key_material_id, dk.key_material_id);
            }
            Err(e) => {
                assert!(altered, "a genuine blob failed: {e:?}");
                if names_b {
                    assert_eq!(e.name(), "DisabledException");
                } else {
                    assert_eq!(e.name(), "InvalidCiphertextException", "{e:?}");
                }
            }
        }
        let re = f.kms.re_encrypt(ReEncryptRequest {
            ciphertext_blob: blob,
            source_encryption_context: ec.clone(),
            destination_key_id: f.key_a.clone(),
            ..Default::default()
        });
        assert_eq!(re.is_ok(), !altered);
        return;
    }

    let mut blob = rest.to_vec();
    if flags & 1 != 0 && blob.get(1) == Some(&36) && blob.len() >= 38 {
        let id = if flags & 32 != 0 { &f.key_b } else { &f.key_a };
        blob[key_field_start..38].copy_from_slice(id.as_bytes());
    }
    if flags & 2 != 0 && blob.len() >= 2 {
        let at = 2 + usize::from(blob[1]);
        if blob.len() >= at + 32 {
            let m = &f.materials_a[usize::from(flags & 64 != 0)];
            blob[at..at + 32].copy_from_slice(m);
        }
    }
    let named = (flags & 8 != 0).then(|| f.key_a.clone());
    let res = f.kms.decrypt(DecryptRequest {
        ciphertext_blob: blob.clone(),
        encryption_context: ec.clone(),
        key_id: named.clone(),
        ..Default::default()
    });
    let e = match res {
        Ok(_) => panic!("a blob this service never produced decrypted"),
        Err(e) => e,
    };
    let allowed = [
        "InvalidCiphertextException",
        "ValidationException",
        "IncorrectKeyException",
        "DisabledException",
    ];
    assert!(allowed.contains(&e.name()), "unexpected {e:?}");
    if e.name() == "DisabledException" {
        assert!(blob.get(2..38) == Some(f.key_b.as_bytes()));
    }
    if e.name() == "ValidationException" {
        assert!(blob.is_empty() || blob.len() > 6144);
    }
    let re = f.kms.re_encrypt(ReEncryptRequest {
        ciphertext_blob: blob,
        source_encryption_context: ec,
        source_key_id: named,
        destination_key_id: f.key_a.clone(),
        ..Default::default()
    });
    let e = re.expect_err("ReEncrypt accepted a blob this service never produced");
    assert!(allowed.contains(&e.name()), "unexpected {e:?}");
});
