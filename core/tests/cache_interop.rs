//! Cached encryption stays interoperable: messages encrypted through a [`CachingKeyring`] (so
//! several messages share one data key and its EDK) are decrypted by the official ESDK-Python
//! 4.0.7 and `@aws-crypto/client-node` 5.0.2, and their messages decrypt through the cache.
//!
//! Uses the same tools as `interop_live.rs` (`tests/interop/esdk.py` and `esdk.js`, set up by
//! `make test-interop`); prints a loud SKIPPED line when they are missing, or fails if
//! `DATAKEY_REQUIRE_INTEROP=1`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::time::Duration;

use datakey::EncryptionContext;
use datakey::keyring::{CachingKeyring, RawAesKeyring};
use datakey::message::{self, DecryptOptions, EncryptOptions};
use serde_json::{Value, json};

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

struct Tools {
    python: PathBuf,
    interop_dir: PathBuf,
}

fn tools() -> Option<Tools> {
    let root = repo_root();
    let interop_dir = root.join("tests").join("interop");
    let python = std::env::var_os("DATAKEY_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join(".venv").join("bin").join("python"));
    let python_ok = Command::new(&python)
        .args(["-c", "import aws_encryption_sdk"])
        .output()
        .is_ok_and(|o| o.status.success());
    let node_ok = Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    let modules_ok = interop_dir
        .join("node_modules/@aws-crypto/client-node/package.json")
        .is_file();
    if python_ok && node_ok && modules_ok {
        return Some(Tools {
            python,
            interop_dir,
        });
    }
    let text = format!(
        "aws-encryption-sdk for {}: {python_ok}, node: {node_ok}, @aws-crypto/client-node: \
         {modules_ok}",
        python.display()
    );
    if std::env::var("DATAKEY_REQUIRE_INTEROP").as_deref() == Ok("1") {
        panic!("DATAKEY_REQUIRE_INTEROP=1 but the official SDKs are missing ({text})");
    }
    let _ = writeln!(
        std::io::stderr(),
        "\n*** cache_interop: SKIPPED: official SDKs not installed, run make test-interop \
         ({text}) ***"
    );
    None
}

impl Tools {
    fn batch(&self, node: bool, dir: &Path, jobs: &[Value]) -> Vec<Value> {
        let jobs_file = dir.join(format!("jobs-{node}.json"));
        std::fs::write(&jobs_file, serde_json::to_vec(jobs).unwrap()).unwrap();
        let mut cmd = if node {
            let mut c = Command::new("node");
            c.arg(self.interop_dir.join("esdk.js"));
            c
        } else {
            let mut c = Command::new(&self.python);
            c.arg(self.interop_dir.join("esdk.py"));
            c
        };
        let out = cmd.arg("batch").arg(&jobs_file).output().unwrap();
        assert!(
            out.status.success(),
            "batch failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let results: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(results.len(), jobs.len());
        results
    }
}

struct Scratch(PathBuf);

impl Drop for Scratch {
    fn drop(&mut self) {
        if !std::thread::panicking() {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

#[test]
fn cached_messages_decrypt_in_both_official_sdks_and_back() {
    let Some(tools) = tools() else { return };
    let scratch =
        Scratch(std::env::temp_dir().join(format!("datakey-cache-interop-{}", std::process::id())));
    std::fs::create_dir_all(&scratch.0).unwrap();
    let dir = &scratch.0;
    let key = [0x5au8; 32];
    let (namespace, name) = ("cache-ns", "cache-key");
    let inner = Arc::new(RawAesKeyring::new(namespace, name, &key).unwrap());
    let cache = CachingKeyring::builder(inner.clone(), Duration::from_secs(600))
        .max_messages(3)
        .build()
        .unwrap();
    let ec = EncryptionContext::from_iter([("tenant", "acme"), ("purpose", "cache-interop")]);
    let ec_json: Value = ec
        .iter()
        .map(|(k, v)| (k.to_owned(), Value::String(v.to_owned())))
        .collect::<serde_json::Map<_, _>>()
        .into();
    let opts = EncryptOptions {
        encryption_context: ec.clone(),
        frame_length: 1024,
        ..Default::default()
    };
    // Four messages: 1-3 share a data key, 4 has a new one; sizes across frame boundaries.
    let sizes = [0usize, 1023, 5000, 70_001];
    let mut jobs = Vec::new();
    let mut plaintexts = Vec::new();
    for (i, &n) in sizes.iter().enumerate() {
        let pt: Vec<u8> = (0..n).map(|j| (j * 31 + i * 7) as u8).collect();
        let msg = cache.encrypt(&pt, &opts).unwrap();
        let input = dir.join(format!("cached-{i}.msg"));
        std::fs::write(&input, &msg).unwrap();
        jobs.push((input, i));
        plaintexts.push(pt);
    }
    let s = cache.stats();
    assert_eq!((s.hits, s.misses), (2, 2), "{s:?}");
    for node in [false, true] {
        let batch: Vec<Value> = jobs
            .iter()
            .map(|(input, i)| {
                json!({
                    "op": "decrypt",
                    "key": hex::encode(key),
                    "namespace": namespace,
                    "name": name,
                    "ec": ec_json,
                    "input": input,
                    "output": dir.join(format!("out-{node}-{i}.bin")),
                })
            })
            .collect();
        let results = tools.batch(node, dir, &batch);
        for ((_, i), r) in jobs.iter().zip(&results) {
            assert_eq!(r["ok"], true, "node={node} message {i}: {r}");
            assert_eq!(r["suite_id"], 0x0478);
            let out = std::fs::read(dir.join(format!("out-{node}-{i}.bin"))).unwrap();
            assert_eq!(out, plaintexts[*i], "node={node} message {i}");
        }
    }
    // The other way: the SDKs' messages decrypt through the cache (one unwrap per message).
    let input = dir.join("plain.bin");
    std::fs::write(&input, b"from the official SDKs").unwrap();
    let mut sdk_messages = Vec::new();
    for node in [false, true] {
        let output = dir.join(format!("sdk-{node}.msg"));
        let r = tools.batch(
            node,
            dir,
            &[json!({
                "op": "encrypt",
                "key": hex::encode(key),
                "namespace": namespace,
                "name": name,
                "ec": ec_json,
                "frame_length": 4096,
                "input": input,
                "output": output,
            })],
        );
        assert_eq!(r[0]["ok"], true, "{}", r[0]);
        sdk_messages.push(std::fs::read(&output).unwrap());
    }
    let before = cache.stats();
    for m in sdk_messages.iter().chain(sdk_messages.iter()) {
        let d = message::decrypt(m, &cache, &DecryptOptions::default()).unwrap();
        assert_eq!(&d.plaintext[..], b"from the official SDKs");
    }
    let after = cache.stats();
    assert_eq!(after.misses - before.misses, 2, "one miss per SDK message");
    assert_eq!(after.hits - before.hits, 2, "then hits");
}
