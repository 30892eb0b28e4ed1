//! botocore's own serializer (with its client-side validation) and JSON parser against
//! `datakey::wire::dispatch_kms`: `wire_botocore.py` builds each request as a boto3 client
//! would, this test answers it through the wire model, and botocore parses the answer as a
//! client would (blobs to bytes, timestamps to datetimes, errors to `Code`/`Message`).
//!
//! Python from `$DATAKEY_PYTHON` or `<repo>/.venv/bin/python` with botocore (`make test`
//! installs it); without it the test prints a loud SKIPPED line, or fails when
//! `DATAKEY_REQUIRE_INTEROP=1`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use datakey::LocalKms;
use datakey::wire::{CONTENT_TYPE, TARGET_PREFIX, dispatch_kms};
use serde_json::{Value, json};

fn python() -> PathBuf {
    std::env::var_os("DATAKEY_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .parent()
                .unwrap()
                .join(".venv/bin/python")
        })
}

#[test]
fn botocore_serializes_and_parses_every_exchange() {
    let python = python();
    let has_botocore = Command::new(&python)
        .args(["-c", "import botocore"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_botocore {
        let msg = format!("botocore not importable by {}", python.display());
        assert!(
            std::env::var_os("DATAKEY_REQUIRE_INTEROP").is_none(),
            "{msg}"
        );
        eprintln!("SKIPPED botocore_serializes_and_parses_every_exchange: {msg}");
        return;
    }
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/wire_botocore.py");
    let mut child = Command::new(&python)
        .arg(&script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut to_py = child.stdin.take().unwrap();
    let from_py = BufReader::new(child.stdout.take().unwrap());
    let kms = LocalKms::new();
    let mut exchanges = 0;
    let mut done = None;
    for line in from_py.lines() {
        let msg: Value = serde_json::from_str(&line.unwrap()).unwrap();
        if let Some(n) = msg.get("done") {
            done = n.as_u64();
            break;
        }
        let target = msg["target"].as_str().unwrap();
        let op = target
            .strip_prefix(TARGET_PREFIX)
            .and_then(|t| t.strip_prefix('.'))
            .unwrap_or_else(|| panic!("X-Amz-Target {target}"));
        let r = dispatch_kms(&kms, op, msg["body"].as_str().unwrap().as_bytes());
        let mut headers = json!({"Content-Type": CONTENT_TYPE, "x-amzn-RequestId": "r"});
        if let Some(e) = &r.error_type {
            headers["x-amzn-ErrorType"] = json!(e);
        }
        let answer = json!({
            "status": r.status,
            "headers": headers,
            "body": String::from_utf8(r.body).unwrap(),
        });
        writeln!(to_py, "{answer}").unwrap();
        exchanges += 1;
    }
    drop(to_py);
    let status = child.wait().unwrap();
    assert!(status.success(), "wire_botocore.py failed ({status})");
    let checks = done.expect("the script finished");
    assert!(
        checks >= 27 && exchanges >= 22,
        "{checks} checks, {exchanges} exchanges"
    );
}
