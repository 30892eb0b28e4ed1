//! The core's layers, checked on its source: the materials sit below the keyrings and the
//! messages, only the crypto layer names a cryptographic library, and the date algorithm is
//! written once (in `time.rs`) for the core and the command line.

use std::fs;
use std::path::{Path, PathBuf};

/// Every `.rs` file below `dir`, recursively.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let entries = fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            out.extend(rust_files(&path));
        } else if path.extension().is_some_and(|x| x == "rs") {
            out.push(path);
        }
    }
    assert!(!out.is_empty(), "no Rust files below {}", dir.display());
    out
}

/// The code lines of `path` (comments and doc comments left out), numbered from 1.
fn code_lines(path: &Path) -> Vec<(usize, String)> {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim_start().starts_with("//"))
        .map(|(i, l)| (i + 1, l.to_owned()))
        .collect()
}

/// Whether `line` names `path` as a path of its own (`ring::` but not `keyring::`).
fn names(line: &str, path: &str) -> bool {
    line.match_indices(path).any(|(at, _)| {
        !line[..at]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || c == '_')
    })
}

/// The places below `dir` (files `skip` accepts left out) whose code names one of `paths`.
fn offenders(dir: &Path, paths: &[&str], skip: impl Fn(&Path) -> bool) -> Vec<String> {
    let mut found = Vec::new();
    for file in rust_files(dir) {
        if skip(&file) {
            continue;
        }
        for (n, line) in code_lines(&file) {
            for p in paths {
                if names(&line, p) {
                    found.push(format!("{}:{n}: {}", file.display(), line.trim()));
                }
            }
        }
    }
    found
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

#[test]
fn keyrings_and_materials_do_not_reach_up_into_messages() {
    let up = ["crate::message"];
    let mut found = offenders(&src().join("keyring"), &up, |_| false);
    found.extend(offenders(&src().join("materials"), &up, |_| false));
    found.extend(offenders(
        &src().join("materials"),
        &["crate::keyring"],
        |_| false,
    ));
    assert!(found.is_empty(), "layering broken:\n{}", found.join("\n"));
}

#[test]
fn only_the_crypto_layer_names_a_cryptographic_library() {
    let libraries = [
        "aws_lc_rs::",
        "ring::",
        "sha2::",
        "hkdf::",
        "argon2::",
        "getrandom::",
        "crypto_bigint::",
    ];
    let crypto = src().join("crypto");
    let found = offenders(&src(), &libraries, |f| f.starts_with(&crypto));
    assert!(
        found.is_empty(),
        "a primitive outside crate::crypto:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_date_algorithm_is_written_once() {
    // 146 097: the days of a 400-year Gregorian era, the constant of every civil-date algorithm.
    let era = ["146_097", "146097"];
    let time = src().join("time.rs");
    let mut found = offenders(&src(), &era, |f| f == time);
    let bindings = Path::new(env!("CARGO_MANIFEST_DIR")).join("../bindings");
    for binding in ["cli", "server", "python", "node"] {
        found.extend(offenders(&bindings.join(binding).join("src"), &era, |_| {
            false
        }));
    }
    assert!(
        found.is_empty(),
        "a second copy of the date algorithm (use datakey::time):\n{}",
        found.join("\n")
    );
}
