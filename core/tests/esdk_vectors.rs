//! The official AWS Encryption SDK decrypt vectors (aws/aws-encryption-sdk, TestVectors), read from
//! the shared `esdk-vectors` folder (see `common::esdk_vectors_dir`; never copied into the repo).
//!
//! - `valid-Net-4.0.0.zip` and `v4-Net-4.0.1.zip`: every test whose master keys are all raw AES
//!   decrypts to its expected plaintext, signed suites included, through the one-shot, streaming,
//!   to-slice and in-place paths (legacy suites under `RequireEncryptAllowDecrypt`, and are refused
//!   under the default policy); `unsigned_only` refuses the signed ones; a flipped signature bit
//!   is refused by every path.
//! - `invalid-Net-4.0.0.zip` (written by the buggy ESDK-NET 4.0.0): every raw-AES test is refused.

#![allow(clippy::unwrap_used)]

mod common;

use std::collections::BTreeMap;
use std::sync::Arc;

use base64::Engine;
use datakey::keyring::{Keyring, MultiKeyring, RawAesKeyring};
use datakey::message::{self, CommitmentPolicy, DecryptOptions};
use datakey::{EncryptionContext, Error};
use serde_json::Value;

struct Test {
    name: String,
    suite: u16,
    ciphertext: Vec<u8>,
    plaintext: Vec<u8>,
    keyring: Arc<dyn Keyring>,
    ec: EncryptionContext,
}

/// The raw-AES tests of an archive (tests naming any other kind of key are counted apart).
fn raw_aes_tests(archive: &str) -> (Vec<Test>, usize) {
    let files = common::read_zip(&common::esdk_vectors_dir().join(archive));
    let file = |uri: &str| -> &Vec<u8> {
        let name = uri.strip_prefix("file://").unwrap();
        files
            .get(name)
            .unwrap_or_else(|| panic!("{archive}: {name} missing"))
    };
    let manifest: Value = serde_json::from_slice(&files["manifest.json"]).unwrap();
    assert_eq!(manifest["manifest"]["type"], "awses-decrypt");
    let keys: Value = serde_json::from_slice(file(manifest["keys"].as_str().unwrap())).unwrap();
    let mut tests = Vec::new();
    let mut others = 0;
    for (name, t) in manifest["tests"].as_object().unwrap() {
        let master_keys = t["master-keys"].as_array().unwrap();
        let raw_aes = master_keys
            .iter()
            .all(|k| k["type"] == "raw" && k["encryption-algorithm"] == "aes");
        if !raw_aes {
            others += 1;
            continue;
        }
        let keyrings: Vec<Arc<dyn Keyring>> = master_keys
            .iter()
            .map(|mk| {
                let key = &keys["keys"][mk["key"].as_str().unwrap()];
                assert_eq!(key["encoding"], "base64");
                let material = base64::engine::general_purpose::STANDARD
                    .decode(key["material"].as_str().unwrap())
                    .unwrap();
                assert_eq!(material.len() * 8, key["bits"].as_u64().unwrap() as usize);
                Arc::new(
                    RawAesKeyring::new(
                        mk["provider-id"].as_str().unwrap(),
                        key["key-id"].as_str().unwrap(),
                        &material,
                    )
                    .unwrap(),
                ) as Arc<dyn Keyring>
            })
            .collect();
        let keyring: Arc<dyn Keyring> = if keyrings.len() == 1 {
            keyrings[0].clone()
        } else {
            Arc::new(MultiKeyring::new(None, keyrings).unwrap())
        };
        let ec: BTreeMap<String, String> =
            serde_json::from_value(t["encryption-context"].clone()).unwrap_or_default();
        let output = &t["result"]["output"]["plaintext"];
        tests.push(Test {
            name: name.clone(),
            suite: u16::from_str_radix(&name[..4], 16).unwrap(),
            ciphertext: file(t["ciphertext"].as_str().unwrap()).clone(),
            plaintext: output.as_str().map(|u| file(u).clone()).unwrap_or_default(),
            keyring,
            ec: EncryptionContext::from(ec),
        });
    }
    (tests, others)
}

fn is_signed(suite: u16) -> bool {
    matches!(suite, 0x0214 | 0x0346 | 0x0378 | 0x0578)
}

fn opts(ec: &EncryptionContext, policy: CommitmentPolicy) -> DecryptOptions {
    DecryptOptions {
        encryption_context: ec.clone(),
        commitment_policy: policy,
        ..Default::default()
    }
}

/// Runs the valid tests of an archive; returns (decrypted, of which signed, skipped non-raw-AES).
fn run_valid(archive: &str) -> (usize, usize, usize) {
    let (tests, others) = raw_aes_tests(archive);
    let (mut decrypted, mut signed) = (0, 0);
    for t in &tests {
        let allow = opts(&t.ec, CommitmentPolicy::RequireEncryptAllowDecrypt);
        let strict = opts(&t.ec, CommitmentPolicy::RequireEncryptRequireDecrypt);
        if is_signed(t.suite) {
            signed += 1;
            let unsigned_only = DecryptOptions {
                unsigned_only: true,
                ..allow.clone()
            };
            let e =
                message::decrypt(&t.ciphertext, t.keyring.as_ref(), &unsigned_only).unwrap_err();
            assert!(
                matches!(e, Error::UnsupportedSuite(s) if s == t.suite),
                "{archive} {}: {e}",
                t.name
            );
            // A flipped bit in the signature fails every path.
            let mut bad = t.ciphertext.clone();
            let last = bad.len() - 1;
            bad[last] ^= 1;
            assert_refused_everywhere(&bad, t, &allow, &t.name);
        }
        let d = message::decrypt(&t.ciphertext, t.keyring.as_ref(), &allow)
            .unwrap_or_else(|e| panic!("{archive} {}: {e}", t.name));
        assert!(
            d.plaintext[..] == t.plaintext[..],
            "{archive} {}: wrong plaintext",
            t.name
        );
        assert_eq!(d.header.suite_id, t.suite);
        // A signed message's context also carries its verification key, as the ESDKs report it.
        let mut ec = d.header.encryption_context.clone();
        let public_key = ec.remove("aws-crypto-public-key");
        assert_eq!(public_key.is_some(), is_signed(t.suite), "{}", t.name);
        assert_eq!(ec, t.ec, "{}", t.name);
        let under_default = message::decrypt(&t.ciphertext, t.keyring.as_ref(), &strict);
        if t.suite == 0x0478 || t.suite == 0x0578 {
            assert!(under_default.is_ok(), "{archive} {}", t.name);
        } else {
            assert!(
                matches!(under_default, Err(Error::CommitmentPolicy(_))),
                "{archive} {}: legacy suite accepted under the default policy",
                t.name
            );
        }
        // Streaming in odd chunks gives the same plaintext.
        let mut dec = datakey::message::Decryptor::new(t.keyring.clone(), allow.clone());
        let mut out = Vec::new();
        for chunk in t.ciphertext.chunks(997) {
            dec.update(chunk, &mut out).unwrap();
        }
        dec.finish().unwrap();
        assert!(out == t.plaintext, "{archive} {}: streaming", t.name);
        // Into a caller's buffer, and in place (v1 headers, non-framed bodies, legacy suites).
        let opened = message::open(&t.ciphertext, t.keyring.as_ref(), &allow).unwrap();
        let mut out = vec![0u8; opened.plaintext_len()];
        let h = opened.decrypt_to_slice(&mut out).unwrap();
        assert!(out == t.plaintext, "{archive} {}: to slice", t.name);
        assert_eq!(h, d.header, "{archive} {}", t.name);
        let mut buf = t.ciphertext.clone();
        let h = message::decrypt_in_place(&mut buf, t.keyring.as_ref(), &allow).unwrap();
        assert!(buf == t.plaintext, "{archive} {}: in place", t.name);
        assert_eq!(h, d.header, "{archive} {}", t.name);
        decrypted += 1;
    }
    (decrypted, signed, others)
}

/// Every whole-message path and the streaming one refuse `message`, with the same error kind.
fn assert_refused_everywhere(message: &[u8], t: &Test, opts: &DecryptOptions, what: &str) {
    let r1 = message::decrypt(message, t.keyring.as_ref(), opts).map(|_| ());
    let r2 = message::open(message, t.keyring.as_ref(), opts).and_then(|o| {
        let mut out = vec![0u8; o.plaintext_len()];
        o.decrypt_to_slice(&mut out).map(|_| ())
    });
    let mut buf = message.to_vec();
    let r3 = message::decrypt_in_place(&mut buf, t.keyring.as_ref(), opts).map(|_| ());
    let mut dec = datakey::message::Decryptor::new(t.keyring.clone(), opts.clone());
    let mut out = Vec::new();
    let r4 = message
        .chunks(997)
        .try_for_each(|c| dec.update(c, &mut out))
        .and_then(|()| dec.finish().map(|_| ()));
    let names: Vec<_> = [&r1, &r2, &r3, &r4]
        .iter()
        .map(|r| r.as_ref().map_err(Error::name).err())
        .collect();
    assert!(names[0].is_some(), "{what}: accepted");
    assert!(names.iter().all(|n| *n == names[0]), "{what}: {names:?}");
}

#[test]
fn valid_net_4_0_0() {
    let (decrypted, signed, others) = run_valid("valid-Net-4.0.0.zip");
    println!(
        "valid-Net-4.0.0.zip: {decrypted} raw-AES tests decrypted ({signed} signed), {others} \
         non-raw-AES skipped"
    );
    assert_eq!((decrypted, signed, others), (5, 1, 0));
}

#[test]
fn v4_net_4_0_1() {
    let (decrypted, signed, others) = run_valid("v4-Net-4.0.1.zip");
    println!(
        "v4-Net-4.0.1.zip: {decrypted} raw-AES tests decrypted ({signed} signed), {others} RSA/KMS \
         tests out of scope"
    );
    assert_eq!((decrypted, signed, others), (33, 12, 99));
}

#[test]
fn invalid_net_4_0_0_is_refused() {
    let (tests, others) = raw_aes_tests("invalid-Net-4.0.0.zip");
    let (mut unsigned, mut signed) = (0, 0);
    for t in &tests {
        let allow = opts(&t.ec, CommitmentPolicy::RequireEncryptAllowDecrypt);
        let r = message::decrypt(&t.ciphertext, t.keyring.as_ref(), &allow);
        // The other whole-message paths refuse it the same way.
        let r2 = message::open(&t.ciphertext, t.keyring.as_ref(), &allow).and_then(|o| {
            let mut out = vec![0u8; o.plaintext_len()];
            o.decrypt_to_slice(&mut out)
        });
        let mut buf = t.ciphertext.clone();
        let r3 = message::decrypt_in_place(&mut buf, t.keyring.as_ref(), &allow);
        for other in [&r2, &r3] {
            assert_eq!(
                other.as_ref().map_err(Error::name).err(),
                r.as_ref().map_err(Error::name).err(),
                "{}",
                t.name
            );
        }
        // The defects (a `00 00` header-auth suffix, a v1 HKDF without the message ID) only
        // show under the right key: they must fail authentication, nothing else.
        assert!(matches!(r, Err(Error::Decryption)), "{}: {r:?}", t.name);
        if is_signed(t.suite) {
            signed += 1;
        } else {
            unsigned += 1;
        }
    }
    println!(
        "invalid-Net-4.0.0.zip: {} raw-AES tests refused as authentication failures ({unsigned} \
         unsigned, {signed} signed), {others} others",
        tests.len()
    );
    assert_eq!((unsigned, signed, others), (17, 11, 0));
}
