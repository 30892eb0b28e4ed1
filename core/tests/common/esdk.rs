//! The official Encryption SDKs as test tools: ESDK-Python (`aws-encryption-sdk`) and
//! `@aws-crypto/client-node`, driven through `tests/interop/esdk.py` and `esdk.js` in batch mode.
//! Shared by the core's live interop tests and the server's KMS-keyring tests
//! (`bindings/server/tests/esdk_kms.rs` includes this file by path).
//!
//! Tools: Python from `$DATAKEY_PYTHON` or `<repo>/.venv/bin/python`, `node` from `PATH` with
//! `tests/interop/node_modules` installed (`make test-interop` sets both up). When they are missing
//! [`tools`] prints a loud SKIPPED line, or fails if `DATAKEY_REQUIRE_INTEROP=1`.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Sdk {
    Python,
    Node,
}

pub(crate) struct Tools {
    python: PathBuf,
    interop_dir: PathBuf,
}

/// The checkout: the first folder above the including crate that holds `tests/interop`.
fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .find(|p| p.join("tests").join("interop").join("esdk.py").is_file())
        .expect("tests/interop/esdk.py above the crate")
        .to_path_buf()
}

/// The official SDKs, or `None` (after a loud SKIPPED line) when they are not installed.
pub(crate) fn tools(test: &str) -> Option<Tools> {
    let root = repo_root();
    let interop_dir = root.join("tests").join("interop");
    let python = std::env::var_os("DATAKEY_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join(".venv").join("bin").join("python"));
    let mut missing = Vec::new();
    let python_ok = Command::new(&python)
        .args(["-c", "import aws_encryption_sdk"])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if !python_ok {
        missing.push(format!(
            "aws-encryption-sdk for {} (set DATAKEY_PYTHON)",
            python.display()
        ));
    }
    let node_ok = Command::new("node")
        .arg("--version")
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if !node_ok {
        missing.push("node on PATH".into());
    }
    if !interop_dir
        .join("node_modules/@aws-crypto/client-node/package.json")
        .is_file()
    {
        missing.push(format!(
            "@aws-crypto/client-node in {}/node_modules",
            interop_dir.display()
        ));
    }
    if missing.is_empty() {
        return Some(Tools {
            python,
            interop_dir,
        });
    }
    let text = missing.join("; ");
    if std::env::var("DATAKEY_REQUIRE_INTEROP").as_deref() == Ok("1") {
        panic!("DATAKEY_REQUIRE_INTEROP=1 but the official SDKs are missing: {text}");
    }
    // Straight to the process's stderr: libtest captures print!/eprint! of passing tests.
    let _ = writeln!(
        std::io::stderr(),
        "\n*** {test}: SKIPPED: official SDKs not installed, run make test-interop ({text}) ***"
    );
    None
}

impl Tools {
    /// Runs `jobs` in one SDK process; returns one result object per job.
    pub(crate) fn batch(&self, sdk: Sdk, dir: &Path, jobs: &[Value]) -> Vec<Value> {
        let jobs_file = dir.join(format!("jobs-{sdk:?}-{}.json", unique()));
        std::fs::write(&jobs_file, serde_json::to_vec(jobs).unwrap()).unwrap();
        let mut cmd = match sdk {
            Sdk::Python => {
                let mut c = Command::new(&self.python);
                c.arg(self.interop_dir.join("esdk.py"));
                c
            }
            Sdk::Node => {
                let mut c = Command::new("node");
                c.arg(self.interop_dir.join("esdk.js"));
                c
            }
        };
        // No endpoint or credentials of the machine's environment: KMS jobs name their own.
        for var in ["AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_KMS", "AWS_PROFILE"] {
            cmd.env_remove(var);
        }
        let out = cmd.arg("batch").arg(&jobs_file).output().unwrap();
        assert!(
            out.status.success(),
            "{sdk:?} batch failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let results: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
            panic!(
                "{sdk:?} printed no JSON ({e}): {}\n{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            )
        });
        assert_eq!(results.len(), jobs.len());
        results
    }
}

pub(crate) fn unique() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos()
}

/// A scratch folder, removed when the test passes.
pub(crate) struct Scratch(pub(crate) PathBuf);

impl Scratch {
    pub(crate) fn new(test: &str) -> Self {
        let p = std::env::temp_dir().join(format!(
            "datakey-interop-{test}-{}-{}",
            std::process::id(),
            unique()
        ));
        std::fs::create_dir_all(&p).unwrap();
        Self(p)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        if !std::thread::panicking() {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}
