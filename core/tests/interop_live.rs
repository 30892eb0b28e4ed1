//! Live interop with the official AWS Encryption SDKs: ESDK-Python 4.0.7 (`aws-encryption-sdk`) and
//! `@aws-crypto/client-node` 5.0.2, driven through `tests/interop/esdk.py` and `esdk.js` in batch
//! mode (one process per SDK and step).
//!
//! - datakey encrypts → both SDKs decrypt; both SDKs encrypt → datakey decrypts (one-shot and
//!   streaming), with byte-identical sizes; plaintexts from 0 bytes to more than 1 MiB, several
//!   frame lengths, contexts empty / several pairs / non-ASCII, 128/192/256-bit wrapping keys.
//! - Python ↔ Node cross-check, the fixed vector in both SDKs, wrong key names and key bytes
//!   refused on every side, a datakey multi-keyring message opened by either member, and
//!   ESDK-Python's non-framed v2 output (legacy policy only).
//! - Signed messages: both SDKs on their **default** suite (the signed 0x0578: no algorithm
//!   argument on their side) → datakey, and datakey's 0x0578 → both SDKs, over the same sizes and
//!   frame lengths; and the signature encodings (high or low S, non-strict DER, bytes after the
//!   footer) judged by both SDKs and by datakey side by side.
//!
//! Tools: Python from `$DATAKEY_PYTHON` or `<repo>/.venv/bin/python`, `node` from `PATH` with
//! `tests/interop/node_modules` installed (`make test-interop` sets both up). When they are missing
//! the tests print a loud SKIPPED line, or fail if `DATAKEY_REQUIRE_INTEROP=1`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;
use std::sync::Arc;

use common::ecdsa_der;
use common::esdk::{Scratch, Sdk, tools};
use datakey::keyring::{Keyring, MultiKeyring, RawAesKeyring};
use datakey::message::{
    self, AlgorithmSuite, CommitmentPolicy, DecryptOptions, Decryptor, EncryptOptions, Encryptor,
    encrypt_stream,
};
use datakey::{EncryptionContext, Error};
use serde_json::{Value, json};

/// Deterministic pseudo-random bytes.
fn data(n: usize, seed: u64) -> Vec<u8> {
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect()
}

fn contexts() -> [EncryptionContext; 3] {
    [
        EncryptionContext::new(),
        EncryptionContext::from_iter([
            ("purpose", "interop-test"),
            ("tenant", "acme"),
            ("region", "eu-west-1"),
            ("a", ""),
        ]),
        EncryptionContext::from_iter([
            ("clé", "valeur ünïcødé"),
            ("名前", "値 ✓ 🚀"),
            ("ascii", "x"),
        ]),
    ]
}

fn ec_json(ec: &EncryptionContext) -> Value {
    Value::Object(
        ec.iter()
            .map(|(k, v)| (k.to_owned(), Value::String(v.to_owned())))
            .collect(),
    )
}

struct Case {
    size: usize,
    frame_length: u32,
    ec: EncryptionContext,
    key: Vec<u8>,
    namespace: String,
    name: String,
}

impl Case {
    fn keyring(&self) -> RawAesKeyring {
        RawAesKeyring::new(&self.namespace, &self.name, &self.key).unwrap()
    }

    fn job(&self, op: &str, input: &Path, output: &Path) -> Value {
        json!({
            "op": op,
            "key": hex::encode(&self.key),
            "namespace": self.namespace,
            "name": self.name,
            "ec": ec_json(&self.ec),
            "frame_length": self.frame_length,
            "input": input,
            "output": output,
        })
    }

    /// The exact message size the official SDKs and datakey both produce.
    fn expected_len(&self) -> usize {
        let f = self.frame_length as usize;
        92 + self.ec.serialized_len()
            + 74
            + self.namespace.len()
            + self.name.len()
            + 32 * (self.size / f)
            + 40
            + self.size
    }
}

/// Sizes 0 … > 1 MiB, frame lengths and contexts crossed; `frames` are the lengths to cycle.
fn cases(frames: &[u32]) -> Vec<Case> {
    let sizes = [
        0usize, 1, 127, 128, 4095, 4096, 4097, 65_539, 1_048_576, 1_048_577, 1_500_001,
    ];
    let ecs = contexts();
    let key_lens = [32usize, 16, 24];
    let mut out = Vec::new();
    // every size, with rotating frame length, context and key size …
    for (i, &size) in sizes.iter().enumerate() {
        out.push((size, frames[i % frames.len()], i % 3, key_lens[i % 3]));
    }
    // … and every (frame length, context) pair at least once
    for (fi, &f) in frames.iter().enumerate() {
        for e in 0..3 {
            out.push((3 * f as usize + 17 + e, f, e, key_lens[(fi + e) % 3]));
        }
    }
    out.into_iter()
        .enumerate()
        .map(|(n, (size, frame_length, e, key_len))| Case {
            size,
            frame_length,
            ec: ecs[e].clone(),
            key: data(key_len, 1000 + n as u64),
            namespace: if n % 2 == 0 {
                "datakey-interop".into()
            } else {
                "ns-ünï".into()
            },
            name: format!("key-{n}-ключ"),
        })
        .collect()
}

fn assert_ok(result: &Value, what: &str) {
    assert_eq!(result["ok"], true, "{what}: {result}");
}

#[test]
fn datakey_encrypts_official_sdks_decrypt() {
    let Some(tools) = tools("datakey_encrypts_official_sdks_decrypt") else {
        return;
    };
    let dir = Scratch::new("d2o");
    // datakey may use any multiple of 16; every official decrypt reads it
    let cases = cases(&[16, 128, 1040, 4096, 65_536]);
    let mut jobs = Vec::new();
    for (i, c) in cases.iter().enumerate() {
        let pt = data(c.size, i as u64);
        let opts = EncryptOptions {
            encryption_context: c.ec.clone(),
            frame_length: c.frame_length,
            ..Default::default()
        };
        let ct_path = dir.0.join(format!("ct{i}"));
        if i % 3 == 0 {
            std::fs::write(
                &ct_path,
                message::encrypt(&pt, &c.keyring(), &opts).unwrap(),
            )
            .unwrap();
        } else if i % 3 == 1 {
            // in place: the plaintext's own buffer becomes the message
            let mut buf = pt.clone();
            message::encrypt_in_place(&mut buf, &c.keyring(), &opts).unwrap();
            std::fs::write(&ct_path, buf).unwrap();
        } else {
            let file = std::fs::File::create(&ct_path).unwrap();
            encrypt_stream(&pt[..], file, &c.keyring(), &opts).unwrap();
        }
        assert_eq!(
            std::fs::metadata(&ct_path).unwrap().len() as usize,
            c.expected_len()
        );
        std::fs::write(dir.0.join(format!("pt{i}")), &pt).unwrap();
        jobs.push(c.job("decrypt", &ct_path, &dir.0.join(format!("out{i}"))));
    }
    for sdk in [Sdk::Python, Sdk::Node] {
        let jobs: Vec<Value> = jobs
            .iter()
            .map(|j| {
                let mut j = j.clone();
                let out = format!("{}-{sdk:?}", j["output"].as_str().unwrap());
                j["output"] = Value::String(out);
                j
            })
            .collect();
        let results = tools.batch(sdk, &dir.0, &jobs);
        for (i, (c, r)) in cases.iter().zip(&results).enumerate() {
            let what = format!("{sdk:?} decrypting datakey case {i} (size {})", c.size);
            assert_ok(r, &what);
            assert_eq!(r["suite_id"], 0x0478, "{what}");
            assert_eq!(r["frame_length"], c.frame_length, "{what}");
            assert_eq!(r["encryption_context"], ec_json(&c.ec), "{what}");
            let out = std::fs::read(jobs[i]["output"].as_str().unwrap()).unwrap();
            assert!(out == data(c.size, i as u64), "{what}: plaintext differs");
        }
        println!("{sdk:?} decrypted {} datakey messages", results.len());
    }
}

#[test]
fn official_sdks_encrypt_datakey_decrypts() {
    let Some(tools) = tools("official_sdks_encrypt_datakey_decrypts") else {
        return;
    };
    let dir = Scratch::new("o2d");
    // ESDK-Python's encrypt wants multiples of 128
    let cases = cases(&[128, 4096, 65_536, 1_048_576]);
    for (i, c) in cases.iter().enumerate() {
        std::fs::write(dir.0.join(format!("pt{i}")), data(c.size, 77 + i as u64)).unwrap();
    }
    for sdk in [Sdk::Python, Sdk::Node] {
        let jobs: Vec<Value> = cases
            .iter()
            .enumerate()
            .map(|(i, c)| {
                c.job(
                    "encrypt",
                    &dir.0.join(format!("pt{i}")),
                    &dir.0.join(format!("ct{i}-{sdk:?}")),
                )
            })
            .collect();
        for (i, r) in tools.batch(sdk, &dir.0, &jobs).iter().enumerate() {
            assert_ok(r, &format!("{sdk:?} encrypting case {i}"));
        }
        for (i, c) in cases.iter().enumerate() {
            let what = format!("datakey decrypting {sdk:?} case {i} (size {})", c.size);
            let ct = std::fs::read(dir.0.join(format!("ct{i}-{sdk:?}"))).unwrap();
            assert_eq!(ct.len(), c.expected_len(), "{what}: size");
            let pt = data(c.size, 77 + i as u64);
            let opts = DecryptOptions {
                encryption_context: c.ec.clone(),
                ..Default::default()
            };
            let d = message::decrypt(&ct, &c.keyring(), &opts)
                .unwrap_or_else(|e| panic!("{what}: {e}"));
            assert!(d.plaintext[..] == pt[..], "{what}: plaintext differs");
            assert_eq!(d.header.encryption_context, c.ec, "{what}");
            assert_eq!(d.header.frame_length, c.frame_length, "{what}");
            assert_eq!(d.header.encrypted_data_keys[0].key_name, c.name, "{what}");
            // streaming, in prime-sized chunks
            let keyring: Arc<dyn Keyring> = Arc::new(c.keyring());
            let mut dec = Decryptor::new(keyring, opts.clone());
            let mut out = Vec::new();
            for chunk in ct.chunks(4099) {
                dec.update(chunk, &mut out).unwrap();
            }
            dec.finish().unwrap();
            assert!(out == pt, "{what}: streaming plaintext differs");
            // into a buffer the caller allocated, and in place
            let opened = message::open(&ct, &c.keyring(), &opts).unwrap();
            let mut out = vec![0u8; opened.plaintext_len()];
            let h = opened.decrypt_to_slice(&mut out).unwrap();
            assert!(out == pt, "{what}: to-slice plaintext differs");
            assert_eq!(h, d.header, "{what}");
            let mut buf = ct.clone();
            let h = message::decrypt_in_place(&mut buf, &c.keyring(), &opts).unwrap();
            assert!(buf == pt, "{what}: in-place plaintext differs");
            assert_eq!(h, d.header, "{what}");
        }
        println!("datakey decrypted {} {sdk:?} messages", cases.len());
    }
    // Python <-> Node on the same messages
    for (from, to) in [(Sdk::Python, Sdk::Node), (Sdk::Node, Sdk::Python)] {
        let jobs: Vec<Value> = cases
            .iter()
            .enumerate()
            .map(|(i, c)| {
                c.job(
                    "decrypt",
                    &dir.0.join(format!("ct{i}-{from:?}")),
                    &dir.0.join(format!("x{i}-{from:?}")),
                )
            })
            .collect();
        for (i, r) in tools.batch(to, &dir.0, &jobs).iter().enumerate() {
            assert_ok(r, &format!("{to:?} decrypting {from:?} case {i}"));
            let out = std::fs::read(dir.0.join(format!("x{i}-{from:?}"))).unwrap();
            assert!(out == data(cases[i].size, 77 + i as u64));
        }
    }
}

const FIXED_VECTOR: &str = "02047801ec094d3b1a44c5c2813082acd25ba70ad9de3dc4b2b93eb27b520d4097eea1002700020007707572706f7365000c696e7465726f702d74657374000674656e616e74000461636d650001000f646174616b65792d696e7465726f700024746573742d6165732d3235362d6b6579000000800000000c54baf9c10520dafd97f69f070030474642de8664bc0ecf430b4b9ad57bc8d8fc3f7fb1526abd9b4e46cd6c851e45748cf3bd53d4c96c154970bcd02a2bca02000010003396f05011c2b7dcfba16192e617f0d88a8591ffe82bb13abff5092741711614a04fdb6a4a785669b2141a1c4ea8a103ffffffff000000010000000000000000000000010000001530d884ae54734f4e2565a800f9a210a14088acb3a57e240a67377a00e4f1455f529b7aaa60";

#[test]
fn fixed_vector_wrong_keys_and_multi_keyrings() {
    let Some(tools) = tools("fixed_vector_wrong_keys_and_multi_keyrings") else {
        return;
    };
    let dir = Scratch::new("misc");
    let p = |name: &str| dir.0.join(name);
    let test_key = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
    std::fs::write(p("fixed"), hex::decode(FIXED_VECTOR).unwrap()).unwrap();

    // datakey: one message under "right", one under a multi-keyring (a generates, b wraps)
    let right = RawAesKeyring::new("ns", "right", &[1; 32]).unwrap();
    let ct = message::encrypt(
        b"only for the right key",
        &right,
        &EncryptOptions::default(),
    )
    .unwrap();
    std::fs::write(p("dk"), &ct).unwrap();
    let a: Arc<dyn Keyring> = Arc::new(RawAesKeyring::new("ns", "a", &[2; 16]).unwrap());
    let b: Arc<dyn Keyring> = Arc::new(RawAesKeyring::new("other-ns", "b", &[3; 32]).unwrap());
    let multi = MultiKeyring::new(Some(a), vec![b]).unwrap();
    let ct = message::encrypt(b"two keys", &multi, &EncryptOptions::default()).unwrap();
    std::fs::write(p("multi"), &ct).unwrap();
    std::fs::write(p("pt"), b"from the official side").unwrap();

    let job = |op: &str, key: &str, ns: &str, name: &str, input: &str, output: &str| {
        json!({"op": op, "key": key, "namespace": ns, "name": name, "ec": {},
               "frame_length": 4096, "input": p(input), "output": p(output)})
    };
    let k1 = hex::encode([1u8; 32]);
    let k9 = hex::encode([9u8; 32]);
    for sdk in [Sdk::Python, Sdk::Node] {
        let jobs = vec![
            json!({"op": "decrypt", "key": test_key, "namespace": "datakey-interop",
                   "name": "test-aes-256-key", "ec": {"purpose": "interop-test", "tenant": "acme"},
                   "input": p("fixed"), "output": p("fixed.out")}),
            job("decrypt", &k1, "ns", "right", "dk", "dk.out"),
            job("decrypt", &k1, "ns", "wrong", "dk", "x1"),
            job("decrypt", &k1, "ns2", "right", "dk", "x2"),
            job("decrypt", &k9, "ns", "right", "dk", "x3"),
            job(
                "decrypt",
                &hex::encode([2u8; 16]),
                "ns",
                "a",
                "multi",
                "m.a",
            ),
            job(
                "decrypt",
                &hex::encode([3u8; 32]),
                "other-ns",
                "b",
                "multi",
                "m.b",
            ),
            job("encrypt", &k1, "ns", "right", "pt", "official"),
        ];
        let r = tools.batch(sdk, &dir.0, &jobs);
        assert_ok(&r[0], &format!("{sdk:?} fixed vector"));
        assert_eq!(
            std::fs::read(p("fixed.out")).unwrap(),
            b"hello datakey interop"
        );
        assert_ok(&r[1], &format!("{sdk:?} right key"));
        assert_eq!(
            std::fs::read(p("dk.out")).unwrap(),
            b"only for the right key"
        );
        for (i, what) in [
            (2, "wrong name"),
            (3, "wrong namespace"),
            (4, "wrong key bytes"),
        ] {
            assert_eq!(r[i]["ok"], false, "{sdk:?} accepted a {what}: {}", r[i]);
        }
        assert_ok(&r[5], &format!("{sdk:?} multi-keyring generator"));
        assert_ok(&r[6], &format!("{sdk:?} multi-keyring child"));
        assert_eq!(std::fs::read(p("m.a")).unwrap(), b"two keys");
        assert_eq!(std::fs::read(p("m.b")).unwrap(), b"two keys");
        assert_ok(&r[7], &format!("{sdk:?} encrypt"));
        // and datakey refuses the official message under the wrong name / key bytes
        let official = std::fs::read(p("official")).unwrap();
        let opts = DecryptOptions::default();
        let ok = message::decrypt(&official, &right, &opts).unwrap();
        assert_eq!(&ok.plaintext[..], b"from the official side");
        let wrong_name = RawAesKeyring::new("ns", "wrong", &[1; 32]).unwrap();
        assert!(matches!(
            message::decrypt(&official, &wrong_name, &opts),
            Err(Error::NoMatchingKey(_))
        ));
        let wrong_key = RawAesKeyring::new("ns", "right", &[9; 32]).unwrap();
        assert!(matches!(
            message::decrypt(&official, &wrong_key, &opts),
            Err(Error::Decryption)
        ));
    }
}

#[test]
fn python_non_framed_messages_need_the_legacy_policy() {
    let Some(tools) = tools("python_non_framed_messages_need_the_legacy_policy") else {
        return;
    };
    let dir = Scratch::new("nonframed");
    let key = [4u8; 32];
    let ec = EncryptionContext::from_iter([("kind", "non-framed")]);
    let pt = data(10_000, 5);
    std::fs::write(dir.0.join("pt"), &pt).unwrap();
    let jobs = [
        json!({"op": "encrypt", "key": hex::encode(key), "namespace": "ns", "name": "n",
                       "ec": ec_json(&ec), "frame_length": 0,
                       "input": dir.0.join("pt"), "output": dir.0.join("ct")}),
    ];
    assert_ok(
        &tools.batch(Sdk::Python, &dir.0, &jobs)[0],
        "python non-framed encrypt",
    );
    let ct = std::fs::read(dir.0.join("ct")).unwrap();
    let keyring = RawAesKeyring::new("ns", "n", &key).unwrap();
    let strict = DecryptOptions {
        encryption_context: ec.clone(),
        ..Default::default()
    };
    assert!(matches!(
        message::decrypt(&ct, &keyring, &strict),
        Err(Error::CommitmentPolicy(_))
    ));
    let legacy = DecryptOptions {
        commitment_policy: CommitmentPolicy::RequireEncryptAllowDecrypt,
        ..strict
    };
    let d = message::decrypt(&ct, &keyring, &legacy).unwrap();
    assert!(d.plaintext[..] == pt[..]);
    let opened = message::open(&ct, &keyring, &legacy).unwrap();
    let mut out = vec![0u8; opened.plaintext_len()];
    opened.decrypt_to_slice(&mut out).unwrap();
    assert!(out == pt);
    let mut buf = ct.clone();
    message::decrypt_in_place(&mut buf, &keyring, &legacy).unwrap();
    assert!(buf == pt);
    assert!(!d.header.framed);
    assert_eq!((d.header.version, d.header.suite_id), (2, 0x0478));
    // tampering with the non-framed body is caught
    let mut bad = ct.clone();
    let last = bad.len() - 20;
    bad[last] ^= 0x80;
    assert!(matches!(
        message::decrypt(&bad, &keyring, &legacy),
        Err(Error::Decryption)
    ));
    let mut out = vec![0x55u8; pt.len()];
    assert!(matches!(
        message::open(&bad, &keyring, &legacy)
            .unwrap()
            .decrypt_to_slice(&mut out),
        Err(Error::Decryption)
    ));
    assert!(out.iter().all(|&b| b == 0));
    let mut buf = bad.clone();
    assert!(matches!(
        message::decrypt_in_place(&mut buf, &keyring, &legacy),
        Err(Error::Decryption)
    ));
    assert!(buf.is_empty());
}

/// The length of `c`'s message under suite 0x0578: the unsigned length, plus the verification
/// key's context pair (93 bytes, or 95 with the pair count for an otherwise empty context), plus
/// a footer of `2 + sig_len`.
fn signed_len(c: &Case, sig_len: usize) -> usize {
    let mut ec = c.ec.clone();
    ec.insert("aws-crypto-public-key", "A".repeat(68));
    c.expected_len() - c.ec.serialized_len() + ec.serialized_len() + 2 + sig_len
}

/// Every decrypt path of datakey on `ct`; returns the plaintext once all four agreed.
fn decrypt_every_way(ct: &[u8], c: &Case, what: &str) -> Vec<u8> {
    let opts = DecryptOptions {
        encryption_context: c.ec.clone(),
        ..Default::default()
    };
    let d = message::decrypt(ct, &c.keyring(), &opts).unwrap_or_else(|e| panic!("{what}: {e}"));
    assert_eq!(d.header.suite_id, 0x0578, "{what}");
    for (k, v) in c.ec.iter() {
        assert_eq!(d.header.encryption_context.get(k), Some(v), "{what}");
    }
    let keyring: Arc<dyn Keyring> = Arc::new(c.keyring());
    let mut dec = Decryptor::new(keyring, opts.clone());
    let mut out = Vec::new();
    for chunk in ct.chunks(4099) {
        dec.update(chunk, &mut out).unwrap();
    }
    dec.finish().unwrap();
    assert!(out[..] == d.plaintext[..], "{what}: streaming differs");
    let opened = message::open(ct, &c.keyring(), &opts).unwrap();
    let mut out = vec![0u8; opened.plaintext_len()];
    opened.decrypt_to_slice(&mut out).unwrap();
    assert!(out[..] == d.plaintext[..], "{what}: to-slice differs");
    let mut buf = ct.to_vec();
    message::decrypt_in_place(&mut buf, &c.keyring(), &opts).unwrap();
    assert!(buf[..] == d.plaintext[..], "{what}: in-place differs");
    // `unsigned_only` refuses it.
    let only = DecryptOptions {
        unsigned_only: true,
        ..opts
    };
    assert!(matches!(
        message::decrypt(ct, &c.keyring(), &only),
        Err(Error::UnsupportedSuite(0x0578))
    ));
    out
}

#[test]
fn signed_default_suites_both_ways() {
    let Some(tools) = tools("signed_default_suites_both_ways") else {
        return;
    };
    let dir = Scratch::new("signed");
    // ESDK-Python's encrypt wants multiples of 128
    let cases = cases(&[128, 4096, 65_536, 1_048_576]);

    // datakey (0x0578, every encrypt path) -> both SDKs
    let mut jobs = Vec::new();
    for (i, c) in cases.iter().enumerate() {
        let pt = data(c.size, 500 + i as u64);
        let opts = EncryptOptions {
            encryption_context: c.ec.clone(),
            frame_length: c.frame_length,
            algorithm_suite: AlgorithmSuite::SIGNED,
            ..Default::default()
        };
        let ct = match i % 4 {
            0 => message::encrypt(&pt, &c.keyring(), &opts).unwrap(),
            1 => {
                let mut buf = pt.clone();
                message::encrypt_in_place(&mut buf, &c.keyring(), &opts).unwrap();
                buf
            }
            2 => {
                let mut out = Vec::new();
                encrypt_stream(&pt[..], &mut out, &c.keyring(), &opts).unwrap();
                out
            }
            _ => {
                let enc = Encryptor::new(&c.keyring(), opts).unwrap();
                let mut out = vec![0u8; enc.message_len(pt.len() as u64) as usize];
                enc.encrypt_to_slice(&pt, &mut out).unwrap();
                out
            }
        };
        assert_eq!(ct.len(), signed_len(c, 103), "datakey case {i}");
        let ct_path = dir.0.join(format!("dk{i}"));
        std::fs::write(&ct_path, &ct).unwrap();
        jobs.push(c.job("decrypt", &ct_path, &dir.0.join(format!("dk{i}.out"))));
    }
    for sdk in [Sdk::Python, Sdk::Node] {
        let jobs: Vec<Value> = jobs
            .iter()
            .map(|j| {
                let mut j = j.clone();
                let out = format!("{}-{sdk:?}", j["output"].as_str().unwrap());
                j["output"] = Value::String(out);
                j
            })
            .collect();
        let results = tools.batch(sdk, &dir.0, &jobs);
        for (i, (c, r)) in cases.iter().zip(&results).enumerate() {
            let what = format!(
                "{sdk:?} decrypting signed datakey case {i} (size {})",
                c.size
            );
            assert_ok(r, &what);
            assert_eq!(r["suite_id"], 0x0578, "{what}");
            assert_eq!(r["frame_length"], c.frame_length, "{what}");
            assert!(
                r["encryption_context"]["aws-crypto-public-key"].is_string(),
                "{what}"
            );
            let out = std::fs::read(jobs[i]["output"].as_str().unwrap()).unwrap();
            assert!(
                out == data(c.size, 500 + i as u64),
                "{what}: plaintext differs"
            );
        }
        println!(
            "{sdk:?} decrypted {} signed datakey messages",
            results.len()
        );
    }

    // both SDKs on their default suite (no algorithm argument) -> datakey, every decrypt path
    for (i, c) in cases.iter().enumerate() {
        std::fs::write(dir.0.join(format!("pt{i}")), data(c.size, 900 + i as u64)).unwrap();
    }
    for sdk in [Sdk::Python, Sdk::Node] {
        let jobs: Vec<Value> = cases
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let mut j = c.job(
                    "encrypt",
                    &dir.0.join(format!("pt{i}")),
                    &dir.0.join(format!("ct{i}-{sdk:?}")),
                );
                j["suite"] = json!("default");
                j
            })
            .collect();
        let results = tools.batch(sdk, &dir.0, &jobs);
        let (mut high_s, mut sig_lens) = (0, std::collections::BTreeSet::new());
        for (i, (c, r)) in cases.iter().zip(&results).enumerate() {
            let what = format!(
                "datakey decrypting {sdk:?} default-suite case {i} (size {})",
                c.size
            );
            assert_ok(r, &what);
            assert_eq!(r["suite_id"], 0x0578, "{what}: the SDK's default suite");
            let ct = std::fs::read(dir.0.join(format!("ct{i}-{sdk:?}"))).unwrap();
            // ESDK-Python always writes 103-byte signatures; ESDK-JS any DER length.
            let sig_len = ct.len() + 103 - signed_len(c, 103);
            assert_eq!(
                usize::from(u16::from_be_bytes([
                    ct[ct.len() - 2 - sig_len],
                    ct[ct.len() - 1 - sig_len]
                ])),
                sig_len,
                "{what}: footer"
            );
            if sdk == Sdk::Python {
                assert_eq!(sig_len, 103, "{what}");
            }
            sig_lens.insert(sig_len);
            if sig_len == 103 {
                let (_, s) = ecdsa_der::parse(&ct[ct.len() - sig_len..]);
                high_s += usize::from(ecdsa_der::p384_is_high(&s));
            }
            let out = decrypt_every_way(&ct, c, &what);
            assert!(
                out == data(c.size, 900 + i as u64),
                "{what}: plaintext differs"
            );
        }
        println!(
            "datakey decrypted {} {sdk:?} default-suite messages (signature lengths {sig_lens:?}, \
             {high_s} with a high S)",
            cases.len()
        );
        // ESDK-Python negates s to reach 103 bytes: about half of its signatures have a high S,
        // and datakey accepted them all.
        if sdk == Sdk::Python {
            assert!(
                high_s > 0,
                "no high-S signature among {} messages",
                cases.len()
            );
        }
    }
}

#[test]
fn signature_encodings_match_the_official_sdks() {
    let Some(tools) = tools("signature_encodings_match_the_official_sdks") else {
        return;
    };
    let dir = Scratch::new("encodings");
    let key = [7u8; 32];
    let keyring = RawAesKeyring::new("ns", "enc", &key).unwrap();
    let opts = EncryptOptions {
        algorithm_suite: AlgorithmSuite::SIGNED,
        ..Default::default()
    };
    let pt = b"judged by three implementations";
    let ct = message::encrypt(pt, &keyring, &opts).unwrap();
    let sig = ct[ct.len() - 103..].to_vec();
    let (r, s) = ecdsa_der::parse(&sig);
    let twin = ecdsa_der::encode(&r, &ecdsa_der::p384_negate(&s));
    // (name, message, accepted by datakey, by ESDK-Python, by ESDK-JS)
    let mut variants: Vec<(String, Vec<u8>, bool, bool, bool)> = vec![
        ("as written".into(), ct.clone(), true, true, true),
        (
            "n - s (the other S)".into(),
            ecdsa_der::with_signature(&ct, 103, &twin),
            true,
            true,
            true,
        ),
        // ESDK-Python stops reading after the footer; ESDK-JS and datakey refuse trailing bytes.
        (
            "a byte after the footer".into(),
            [&ct[..], &[0]].concat(),
            false,
            true,
            false,
        ),
        (
            "footer cut by a byte".into(),
            ct[..ct.len() - 1].to_vec(),
            false,
            false,
            false,
        ),
    ];
    for (what, bad) in ecdsa_der::defective(&sig) {
        let m = ecdsa_der::with_signature(&ct, 103, &bad);
        variants.push((what.into(), m, false, false, false));
    }
    let jobs: Vec<Value> = variants
        .iter()
        .enumerate()
        .map(|(i, (_, m, ..))| {
            let input = dir.0.join(format!("v{i}"));
            std::fs::write(&input, m).unwrap();
            json!({"op": "decrypt", "key": hex::encode(key), "namespace": "ns", "name": "enc",
                   "ec": {}, "input": input, "output": dir.0.join(format!("v{i}.out"))})
        })
        .collect();
    let python = tools.batch(Sdk::Python, &dir.0, &jobs);
    let node = tools.batch(Sdk::Node, &dir.0, &jobs);
    for (i, (what, m, dk, py, js)) in variants.iter().enumerate() {
        let ours = message::decrypt(m, &keyring, &DecryptOptions::default());
        assert_eq!(ours.is_ok(), *dk, "datakey, {what}: {:?}", ours.err());
        if let Err(e) = &ours {
            assert!(
                matches!(e, Error::Decryption | Error::Malformed(_)),
                "{what}: {e}"
            );
        }
        assert_eq!(python[i]["ok"], *py, "ESDK-Python, {what}: {}", python[i]);
        assert_eq!(node[i]["ok"], *js, "ESDK-JS, {what}: {}", node[i]);
    }
    println!(
        "{} signature encodings judged alike by ESDK-Python, ESDK-JS and datakey",
        variants.len()
    );
}
