//! `datakey secrets …` end to end: a secret's life in the key store, and the refusal of an
//! asymmetric key at create.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{Env, s};

#[test]
fn create_get_put_rotate_delete_restore() {
    let e = Env::new("secrets");
    e.run(&["init"]).ok();
    let created = e
        .run_stdin(
            &[
                "--json",
                "secrets",
                "create",
                "prod/db",
                "--value-file",
                "-",
            ],
            b"hunter2",
        )
        .ok()
        .json();
    let arn = s(&created["arn"]).to_owned();
    assert!(arn.starts_with("arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db-"));
    assert_eq!(
        e.run(&["secrets", "get", "prod/db"]).ok().stdout,
        b"hunter2"
    );
    // The value is sealed: never in the store file.
    let file = std::fs::read(e.store().join("keystore.dks")).unwrap();
    assert!(!file.windows(7).any(|w| w == b"hunter2"));
    let value = e.path("v2");
    std::fs::write(&value, "second").unwrap();
    e.run(&[
        "secrets",
        "put",
        "prod/db",
        "--value-file",
        value.to_str().unwrap(),
    ])
    .ok();
    assert_eq!(e.run(&["secrets", "get", "prod/db"]).ok().stdout, b"second");
    let prev = e
        .run(&[
            "secrets",
            "get",
            "prod/db",
            "--version-stage",
            "AWSPREVIOUS",
        ])
        .ok();
    assert_eq!(prev.stdout, b"hunter2");
    e.run(&["secrets", "rotate", "prod/db", "--length", "40"])
        .ok();
    let rotated = e.run(&["secrets", "get", "prod/db"]).ok().stdout;
    assert_eq!(rotated.len(), 40);
    let prev = e
        .run(&[
            "secrets",
            "get",
            "prod/db",
            "--version-stage",
            "AWSPREVIOUS",
        ])
        .ok();
    assert_eq!(prev.stdout, b"second");
    let listed = e.run(&["--json", "secrets", "list"]).ok().json();
    assert_eq!(listed["secrets"].as_array().unwrap().len(), 1);
    assert!(!listed.to_string().contains("second"));
    let d = e
        .run(&[
            "--json",
            "secrets",
            "delete",
            "prod/db",
            "--recovery-window-in-days",
            "7",
        ])
        .ok()
        .json();
    assert!(d["deletion_date"].is_string());
    let o = e.run(&["--json", "secrets", "get", "prod/db"]).fails(3);
    assert_eq!(
        o.err_json()["error"]["name"],
        "InvalidRequestException",
        "{}",
        o.stderr
    );
    let listed = e.run(&["--json", "secrets", "list"]).ok().json();
    assert!(listed["secrets"].as_array().unwrap().is_empty());
    e.run(&["secrets", "restore", "prod/db"]).ok();
    assert_eq!(e.run(&["secrets", "get", "prod/db"]).ok().stdout, rotated);
    let described = e.run(&["--json", "secrets", "describe", &arn]).ok().json();
    assert_eq!(described["rotation_enabled"], true);
    e.run(&["secrets", "delete", "prod/db", "--force"]).ok();
    let o = e
        .run(&["--json", "secrets", "describe", "prod/db"])
        .fails(3);
    assert_eq!(o.err_json()["error"]["name"], "ResourceNotFoundException");
}

#[test]
fn an_asymmetric_key_is_refused_at_create() {
    let e = Env::new("secrets-asym");
    e.run(&["init"]).ok();
    let key = e.create_key(&["--key-spec", "RSA_2048", "--key-usage", "ENCRYPT_DECRYPT"]);
    let o = e
        .run_stdin(
            &[
                "--json",
                "secrets",
                "create",
                "asym",
                "--kms-key",
                s(&key["arn"]),
                "--value-file",
                "-",
            ],
            b"v",
        )
        .fails(3);
    let err = o.err_json();
    assert_eq!(err["error"]["name"], "EncryptionFailure", "{}", o.stderr);
    assert_eq!(
        err["error"]["message"],
        "You cannot generate a data key with an asymmetric CMK"
    );
    let listed = e.run(&["--json", "secrets", "list"]).ok().json();
    assert!(listed["secrets"].as_array().unwrap().is_empty());
}
