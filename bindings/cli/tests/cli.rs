//! The `datakey` binary end to end: every command, its `--json` output, its exit codes and hints,
//! files and pipes, rotation, and raw-AES messages the official ESDKs decrypt.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::{Env, data, s};
use serde_json::Value;

#[test]
fn key_lifecycle_with_json_and_hints() {
    let e = Env::new("keys");
    let k = e.create_key(&["--description", "app key", "--alias", "alias/app"]);
    let id = s(&k["key_id"]).to_owned();
    assert_eq!(k["key_state"], "Enabled");
    assert_eq!(k["key_spec"], "SYMMETRIC_DEFAULT");
    assert_eq!(k["description"], "app key");
    assert_eq!(k["aliases"], serde_json::json!(["alias/app"]));
    assert!(s(&k["arn"]).ends_with(&format!(":key/{id}")));
    let m0 = s(&k["current_key_material_id"]).to_owned();
    assert_eq!(m0.len(), 64);

    let list = e.run(&["--json", "keys", "list"]).ok().json();
    assert_eq!(list["keys"].as_array().unwrap().len(), 1);
    assert_eq!(list["keys"][0]["key_id"], id.as_str());
    assert_eq!(list["keys"][0]["aliases"][0], "alias/app");
    let text = e.run(&["keys", "list"]).ok().text();
    assert!(
        text.contains("KEY ID") && text.contains(&id) && text.contains("alias/app"),
        "{text}"
    );

    let rot = e
        .run(&["--json", "keys", "rotate", "alias/app"])
        .ok()
        .json();
    assert_eq!(rot["key_id"], id.as_str());
    assert_ne!(rot["current_key_material_id"], m0.as_str());
    let d = e.run(&["--json", "keys", "describe", &id]).ok().json();
    assert_eq!(d["key"]["rotations"].as_array().unwrap().len(), 1);
    assert_eq!(d["key"]["rotations"][0]["rotation_type"], "ON_DEMAND");
    assert_eq!(d["key"]["rotations"][0]["key_material_state"], "CURRENT");
    let text = e.run(&["keys", "describe", "alias/app"]).ok().text();
    assert!(text.contains("rotations          1"), "{text}");

    // Disabled: exit 3, the key, the state and the command that fixes it.
    let v = e.run(&["--json", "keys", "disable", &id]).ok().json();
    assert_eq!(v["key_state"], "Disabled");
    let f = e
        .run_stdin(&["encrypt", "--key", "alias/app"], b"x")
        .fails(3);
    assert!(f.stderr.contains("DisabledException"), "{}", f.stderr);
    assert!(
        f.stderr.contains(&format!(
            "key {id} is disabled; run `datakey keys enable {id}`"
        )),
        "{}",
        f.stderr
    );
    let f = e
        .run_stdin(
            &["--json", "encrypt", "--key", "alias/app", "-o", "/dev/null"],
            b"x",
        )
        .fails(3);
    let ej = f.err_json();
    assert_eq!(ej["error"]["name"], "DisabledException");
    assert_eq!(ej["error"]["exit_code"], 3);
    assert!(s(&ej["error"]["hint"]).contains("datakey keys enable"));
    e.run(&["keys", "enable", &id]).ok();

    // Deletion window, then cancel (the key comes back disabled).
    let v = e
        .run(&["--json", "keys", "schedule-deletion", &id, "--days", "7"])
        .ok()
        .json();
    assert_eq!(v["key_state"], "PendingDeletion");
    assert_eq!(v["pending_window_in_days"], 7);
    assert!(s(&v["deletion_date"]).ends_with('Z'));
    let f = e.run_stdin(&["encrypt", "--key", &id], b"x").fails(3);
    assert!(f.stderr.contains("pending deletion"), "{}", f.stderr);
    assert!(
        f.stderr
            .contains(&format!("datakey keys cancel-deletion {id}")),
        "{}",
        f.stderr
    );
    e.run(&["keys", "schedule-deletion", &id, "--days", "3"])
        .fails(2);
    let v = e
        .run(&["--json", "keys", "cancel-deletion", &id])
        .ok()
        .json();
    assert_eq!(v["key_state"], "Disabled");
    e.run(&["keys", "cancel-deletion", &id]).fails(3);
    e.run(&["keys", "enable", &id]).ok();
    let d = e.run(&["--json", "keys", "describe", &id]).ok().json();
    assert_eq!(d["key"]["key_state"], "Enabled");

    // Unknown keys.
    let f = e.run(&["keys", "describe", "alias/nope"]).fails(3);
    assert!(f.stderr.contains("NotFoundException") && f.stderr.contains("datakey keys list"));
}

#[test]
fn aliases() {
    let e = Env::new("alias");
    let a = s(&e.create_key(&[])["key_id"]).to_owned();
    let b = s(&e.create_key(&[])["key_id"]).to_owned();
    let v = e
        .run(&["--json", "alias", "create", "alias/one", &a])
        .ok()
        .json();
    assert_eq!(
        v,
        serde_json::json!({"alias_name": "alias/one", "target_key_id": a})
    );
    e.run(&["alias", "create", "alias/two", &b]).ok();
    let f = e.run(&["alias", "create", "alias/one", &b]).fails(3);
    assert!(f.stderr.contains("AlreadyExistsException"), "{}", f.stderr);
    e.run(&["alias", "create", "no-prefix", &b]).fails(2);
    let all = e.run(&["--json", "alias", "list"]).ok().json();
    let names: Vec<&str> = all["aliases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| s(&x["alias_name"]))
        .collect();
    assert_eq!(names, ["alias/one", "alias/two"]);
    let only = e.run(&["--json", "alias", "list", "--key", &b]).ok().json();
    assert_eq!(only["aliases"].as_array().unwrap().len(), 1);
    assert_eq!(only["aliases"][0]["target_key_id"], b.as_str());
    let text = e.run(&["alias", "list"]).ok().text();
    assert!(
        text.lines()
            .any(|l| l.starts_with("alias/two ") && l.ends_with(&format!("-> {b}"))),
        "{text}"
    );
}

#[test]
fn data_keys() {
    use base64::Engine as _;
    let b64 = base64::engine::general_purpose::STANDARD;
    let e = Env::new("datakey");
    e.create_key(&["--alias", "alias/dk"]);
    let g = e
        .run(&[
            "--json",
            "data-key",
            "generate",
            "--key",
            "alias/dk",
            "--context",
            "t=1",
        ])
        .ok()
        .json();
    let pt = b64.decode(s(&g["plaintext"])).unwrap();
    assert_eq!(pt.len(), 32);
    let blob = s(&g["ciphertext_blob"]).to_owned();
    let d = e
        .run(&[
            "--json",
            "data-key",
            "decrypt",
            "--blob",
            &blob,
            "--context",
            "t=1",
        ])
        .ok()
        .json();
    assert_eq!(d["plaintext"], g["plaintext"]);
    assert_eq!(d["key_material_id"], g["key_material_id"]);
    // The raw blob from a file and from stdin.
    let f = e.path("blob.bin");
    std::fs::write(&f, b64.decode(&blob).unwrap()).unwrap();
    let d = e
        .run(&[
            "--json",
            "data-key",
            "decrypt",
            "--in",
            f.to_str().unwrap(),
            "--context",
            "t=1",
        ])
        .ok()
        .json();
    assert_eq!(d["plaintext"], g["plaintext"]);
    let d = e
        .run_stdin(
            &[
                "--json",
                "data-key",
                "decrypt",
                "--in",
                "-",
                "--context",
                "t=1",
            ],
            &b64.decode(&blob).unwrap(),
        )
        .ok()
        .json();
    assert_eq!(d["plaintext"], g["plaintext"]);
    // Another context: not authentic, exit 4, no detail.
    let f = e
        .run(&[
            "--json",
            "data-key",
            "decrypt",
            "--blob",
            &blob,
            "--context",
            "t=2",
        ])
        .fails(4);
    assert_eq!(f.err_json()["error"]["name"], "InvalidCiphertextException");
    assert_eq!(f.err_json()["error"]["message"], "");
    e.run(&["data-key", "decrypt", "--blob", "%%%"]).fails(2);
    let g16 = e
        .run(&[
            "--json", "data-key", "generate", "--key", "alias/dk", "--bytes", "16",
        ])
        .ok()
        .json();
    assert_eq!(b64.decode(s(&g16["plaintext"])).unwrap().len(), 16);
    let g128 = e
        .run(&[
            "--json", "data-key", "generate", "--key", "alias/dk", "--spec", "AES_128",
        ])
        .ok()
        .json();
    assert_eq!(b64.decode(s(&g128["plaintext"])).unwrap().len(), 16);
    e.run(&[
        "data-key", "generate", "--key", "alias/dk", "--spec", "AES_512",
    ])
    .fails(2);
    let text = e
        .run(&["data-key", "generate", "--key", "alias/dk"])
        .ok()
        .text();
    assert!(
        text.starts_with("plaintext ") && text.contains("ciphertext_blob "),
        "{text}"
    );
}

#[test]
fn encrypt_decrypt_files_pipes_and_rotation() {
    let e = Env::new("crypt");
    let k = e.create_key(&["--alias", "alias/files"]);
    let id = s(&k["key_id"]).to_owned();
    let plain = data(100_000);
    let pin = e.path("plain.bin");
    std::fs::write(&pin, &plain).unwrap();
    let ct = e.path("secret.dk");
    let v = e
        .run(&[
            "--json",
            "encrypt",
            "--key",
            "alias/files",
            "--context",
            "tenant=acme",
            "--context",
            "purpose=test",
            "--frame-length",
            "1024",
            "-i",
            pin.to_str().unwrap(),
            "-o",
            ct.to_str().unwrap(),
        ])
        .ok()
        .json();
    assert_eq!(v["input_bytes"], 100_000);
    assert_eq!(v["frame_length"], 1024);
    assert_eq!(v["encryption_context"]["tenant"], "acme");
    let ct_bytes = std::fs::read(&ct).unwrap();
    assert_eq!(v["output_bytes"], ct_bytes.len());
    assert_eq!(ct_bytes[0], 2, "message format v2");

    // Decrypt without naming the key (the store's key named in the message), with it, and by
    // pipe; the output file appears only on success.
    let out = e.path("out.bin");
    let v = e
        .run(&[
            "--json",
            "decrypt",
            "--context",
            "tenant=acme",
            "-i",
            ct.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ])
        .ok()
        .json();
    assert_eq!(std::fs::read(&out).unwrap(), plain);
    assert_eq!(v["plaintext_bytes"], 100_000);
    assert_eq!(v["suite_id"], "0x0478");
    assert_eq!(v["encryption_context"]["purpose"], "test");
    assert_eq!(v["encrypted_data_keys"][0]["provider_id"], "aws-kms");
    assert_eq!(v["encrypted_data_keys"][0]["key_name"], k["arn"]);
    let piped = e.run_stdin(&["decrypt", "--key", &id], &ct_bytes).ok();
    assert_eq!(piped.stdout, plain);
    let enc_piped = e
        .run_stdin(&["encrypt", "--key", "alias/files"], b"from a pipe")
        .ok();
    let back = e.run_stdin(&["decrypt"], &enc_piped.stdout).ok();
    assert_eq!(back.stdout, b"from a pipe");

    // Rotation: the old file still opens; new files use the new material.
    e.run(&["keys", "rotate", "alias/files"]).ok();
    let again = e
        .run_stdin(&["decrypt", "-i", ct.to_str().unwrap()], b"")
        .ok();
    assert_eq!(again.stdout, plain);

    // Decryption failures: exit 4, and no output file.
    let bad_out = e.path("bad.bin");
    let f = e
        .run(&[
            "decrypt",
            "--context",
            "tenant=other",
            "-i",
            ct.to_str().unwrap(),
            "-o",
            bad_out.to_str().unwrap(),
        ])
        .fails(4);
    assert!(
        f.stderr.contains("EncryptionContextMismatchError"),
        "{}",
        f.stderr
    );
    assert!(!bad_out.exists());
    let mut tampered = ct_bytes.clone();
    let at = tampered.len() - 100;
    tampered[at] ^= 1;
    let tf = e.path("tampered.dk");
    std::fs::write(&tf, &tampered).unwrap();
    let f = e
        .run(&[
            "--json",
            "decrypt",
            "-i",
            tf.to_str().unwrap(),
            "-o",
            bad_out.to_str().unwrap(),
        ])
        .fails(4);
    assert_eq!(f.err_json()["error"]["name"], "DecryptionError");
    assert!(!bad_out.exists());
    let names: Vec<String> = std::fs::read_dir(&e.dir)
        .unwrap()
        .map(|d| d.unwrap().file_name().into_string().unwrap())
        .collect();
    assert!(!names.iter().any(|n| n.contains("partial")), "{names:?}");
    e.run_stdin(&["decrypt"], b"not a message").fails(4);
    // A message under a key of another store names no key this store holds.
    let other = Env::new("crypt-other");
    other.create_key(&["--alias", "alias/files"]);
    let f = other.run(&["decrypt", "-i", ct.to_str().unwrap()]).fails(4);
    assert!(f.stderr.contains("NoMatchingKeyError"), "{}", f.stderr);
}

#[test]
fn asymmetric_keys_are_refused_with_the_kms_message() {
    let e = Env::new("asym");
    let k = e.create_key(&["--key-spec", "RSA_2048", "--key-usage", "ENCRYPT_DECRYPT"]);
    let id = s(&k["key_id"]).to_owned();
    assert_eq!(k["key_spec"], "RSA_2048");
    assert_eq!(k["current_key_material_id"], Value::Null);
    let f = e.run_stdin(&["encrypt", "--key", &id], b"secret").fails(3);
    assert!(
        f.stderr.contains(
            "InvalidKeyUsageException: You cannot generate a data key with an asymmetric CMK"
        ),
        "{}",
        f.stderr
    );
    assert!(
        f.stderr.contains(&format!("key {id} is an asymmetric key")),
        "{}",
        f.stderr
    );
    e.run(&["data-key", "generate", "--key", &id]).fails(3);
    e.run(&["keys", "create", "--key-spec", "RSA_2048"])
        .fails(2);
    e.run(&["keys", "rotate", &id]).fails(3);
}

#[test]
fn usage_errors_exit_2() {
    let e = Env::new("usage");
    e.run(&["frobnicate"]).fails(2);
    e.run(&["keys"]).fails(2);
    e.run(&["keys", "describe"]).fails(2);
    e.run_stdin(&["encrypt"], b"x").fails(2);
    let k = e.create_key(&[]);
    let id = s(&k["key_id"]);
    e.run_stdin(&["encrypt", "--key", id, "--context", "novalue"], b"x")
        .fails(2);
    e.run_stdin(
        &[
            "encrypt",
            "--key",
            id,
            "--context",
            "a=1",
            "--context",
            "a=2",
        ],
        b"x",
    )
    .fails(2);
    e.run_stdin(&["encrypt", "--key", id, "--frame-length", "17"], b"x")
        .fails(2);
    e.run_stdin(&["--json", "encrypt", "--key", id], b"x")
        .fails(2);
    e.run_stdin(&["encrypt", "--raw-aes-key-file", "k.bin"], b"x")
        .fails(2);
    e.run_stdin(
        &[
            "encrypt",
            "--key",
            id,
            "--raw-aes-key-file",
            "k",
            "--namespace",
            "n",
            "--name",
            "m",
        ],
        b"x",
    )
    .fails(2);
    let help = e.run(&["--help"]).ok().text();
    assert!(
        help.contains("Exit codes:") && help.contains("DATAKEY_ROOT_KEY"),
        "{help}"
    );
    // A missing input file is an I/O error.
    e.run(&["encrypt", "--key", id, "-i", "/nonexistent/x"])
        .fails(1);
}

#[test]
fn store_errors_exit_5() {
    let e = Env::new("storeerr");
    e.create_key(&[]);
    let mut c = e.cmd(&["--json", "keys", "list"]);
    c.env("DATAKEY_ROOT_KEY", "11".repeat(32));
    let f = e.run_cmd(c, None).fails(5);
    assert_eq!(f.err_json()["error"]["name"], "WrongRootKeyError");
    let mut c = e.cmd(&["keys", "list"]);
    c.env_remove("DATAKEY_ROOT_KEY");
    let f = e.run_cmd(c, None).fails(5);
    assert!(f.stderr.contains("DATAKEY_ROOT_KEY"), "{}", f.stderr);
    // --store wins over DATAKEY_STORE.
    let elsewhere = e.path("elsewhere");
    let v = e
        .run(&[
            "--json",
            "--store",
            elsewhere.to_str().unwrap(),
            "keys",
            "list",
        ])
        .ok()
        .json();
    assert_eq!(v["keys"].as_array().unwrap().len(), 0);
    assert!(elsewhere.join("keystore.dks").is_file());
    // A damaged store file.
    let file = e.store().join("keystore.dks");
    let mut b = std::fs::read(&file).unwrap();
    let mid = b.len() / 2;
    b[mid] ^= 0x80;
    std::fs::write(&file, &b).unwrap();
    let f = e.run(&["--json", "keys", "list"]).fails(5);
    assert_eq!(f.err_json()["error"]["name"], "StoreCorruptError");
    assert_eq!(std::fs::read(&file).unwrap(), b);
}

#[test]
fn passphrase_from_the_environment() {
    let e = Env::new("pass");
    let mut c = e.cmd(&["--json", "keys", "create"]);
    c.env_remove("DATAKEY_ROOT_KEY")
        .env("DATAKEY_PASSPHRASE", "correct horse battery");
    let id = s(&e.run_cmd(c, None).ok().json()["key"]["key_id"]).to_owned();
    let mut c = e.cmd(&["--json", "keys", "describe", &id]);
    c.env_remove("DATAKEY_ROOT_KEY")
        .env("DATAKEY_PASSPHRASE", "correct horse battery");
    e.run_cmd(c, None).ok();
    let mut c = e.cmd(&["keys", "describe", &id]);
    c.env_remove("DATAKEY_ROOT_KEY")
        .env("DATAKEY_PASSPHRASE", "wrong");
    e.run_cmd(c, None).fails(5);
    // Root key given for a passphrase store.
    e.run(&["keys", "describe", &id]).fails(5);
}

// ----- raw AES keys and the official SDKs --------------------------------------------------------

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .unwrap()
        .to_path_buf()
}

/// The official SDK commands (`python esdk.py`, `node esdk.js`), or a loud skip; with
/// `DATAKEY_REQUIRE_INTEROP=1` a missing SDK fails the test.
fn official_sdks() -> Option<Vec<Command>> {
    let root = repo_root();
    let interop = root.join("tests").join("interop");
    let python = std::env::var_os("DATAKEY_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join(".venv").join("bin").join("python"));
    let py_ok = Command::new(&python)
        .args(["-c", "import aws_encryption_sdk"])
        .output()
        .is_ok_and(|o| o.status.success());
    let node_ok = interop
        .join("node_modules/@aws-crypto/client-node/package.json")
        .is_file()
        && Command::new("node")
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success());
    if py_ok && node_ok {
        let mut py = Command::new(python);
        py.arg(interop.join("esdk.py"));
        let mut js = Command::new("node");
        js.arg(interop.join("esdk.js"));
        return Some(vec![py, js]);
    }
    let what = "the official ESDKs (run `make test-interop` to install them)";
    if std::env::var("DATAKEY_REQUIRE_INTEROP").as_deref() == Ok("1") {
        panic!("DATAKEY_REQUIRE_INTEROP=1 but {what} are missing");
    }
    let _ = writeln!(
        std::io::stderr(),
        "\n*** cli raw AES interop: SKIPPED: {what} are not installed ***"
    );
    None
}

#[test]
fn raw_aes_messages_open_with_the_official_sdks() {
    let e = Env::new("rawaes");
    let key_hex = "603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4";
    // The key file in each accepted form: raw bytes, hex text, base64 text.
    let raw = e.path("k.bin");
    std::fs::write(&raw, hex::decode(key_hex).unwrap()).unwrap();
    let hexf = e.path("k.hex");
    std::fs::write(&hexf, format!("{key_hex}\n")).unwrap();
    let plain = data(10_000);
    let pin = e.path("p.bin");
    std::fs::write(&pin, &plain).unwrap();
    let ct = e.path("p.dk");
    // No store is opened (or needed) for raw AES keys.
    let mut c = e.cmd(&[
        "--json",
        "encrypt",
        "--raw-aes-key-file",
        raw.to_str().unwrap(),
        "--namespace",
        "datakey-ns",
        "--name",
        "key-1",
        "--context",
        "app=cli",
        "--frame-length",
        "512",
        "-i",
        pin.to_str().unwrap(),
        "-o",
        ct.to_str().unwrap(),
    ]);
    c.env_remove("DATAKEY_ROOT_KEY");
    let v = e.run_cmd(c, None).ok().json();
    assert_eq!(v["keyring"]["raw_aes"]["name"], "key-1");
    assert!(!e.store().exists());
    let back = e
        .run(&[
            "decrypt",
            "--raw-aes-key-file",
            hexf.to_str().unwrap(),
            "--namespace",
            "datakey-ns",
            "--name",
            "key-1",
            "-i",
            ct.to_str().unwrap(),
        ])
        .ok();
    assert_eq!(back.stdout, plain);
    let f = e
        .run(&[
            "decrypt",
            "--raw-aes-key-file",
            hexf.to_str().unwrap(),
            "--namespace",
            "datakey-ns",
            "--name",
            "key-2",
            "-i",
            ct.to_str().unwrap(),
        ])
        .fails(4);
    assert!(f.stderr.contains("NoMatchingKeyError"), "{}", f.stderr);
    let short = e.path("short.key");
    std::fs::write(&short, b"0011").unwrap();
    e.run(&[
        "decrypt",
        "--raw-aes-key-file",
        short.to_str().unwrap(),
        "--namespace",
        "n",
        "--name",
        "m",
        "-i",
        ct.to_str().unwrap(),
    ])
    .fails(2);

    let Some(sdks) = official_sdks() else {
        return;
    };
    for (i, mut sdk) in sdks.into_iter().enumerate() {
        let out = e.path(&format!("official-{i}.bin"));
        let o = sdk
            .args([
                "decrypt",
                "--key",
                key_hex,
                "--namespace",
                "datakey-ns",
                "--name",
                "key-1",
                "--ec",
                r#"{"app":"cli"}"#,
                ct.to_str().unwrap(),
                out.to_str().unwrap(),
            ])
            .output()
            .unwrap();
        assert!(
            o.status.success(),
            "official SDK {i}: {} {}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        );
        let r: Value = serde_json::from_slice(&o.stdout).unwrap();
        assert_eq!(r["ok"], true);
        assert_eq!(r["frame_length"], 512);
        assert_eq!(std::fs::read(&out).unwrap(), plain, "official SDK {i}");
    }
}

#[test]
fn signed_messages_on_request() {
    let e = Env::new("signed");
    let k = e.create_key(&[]);
    let id = s(&k["key_id"]).to_owned();
    let plain = data(20_000);
    let pin = e.path("plain.bin");
    std::fs::write(&pin, &plain).unwrap();
    let ct = e.path("signed.dk");
    let args = |suite: &str| {
        vec![
            "encrypt".to_owned(),
            "--key".into(),
            id.clone(),
            "--algorithm".into(),
            suite.into(),
            "-i".into(),
            pin.to_str().unwrap().into(),
            "-o".into(),
            ct.to_str().unwrap().into(),
        ]
    };
    let a = args("0x0578");
    e.run(&a.iter().map(String::as_str).collect::<Vec<_>>())
        .ok();
    let bytes = std::fs::read(&ct).unwrap();
    assert_eq!(&bytes[..3], &[2, 0x05, 0x78]);
    let v = e.run(&["decrypt", "-i", ct.to_str().unwrap()]).ok();
    assert_eq!(v.stdout, plain);
    let v = e
        .run(&[
            "--json",
            "decrypt",
            "-i",
            ct.to_str().unwrap(),
            "-o",
            e.path("out").to_str().unwrap(),
        ])
        .ok()
        .json();
    assert_eq!(v["suite_id"], "0x0578");
    let a = args("0x0178");
    e.run(&a.iter().map(String::as_str).collect::<Vec<_>>())
        .fails(2);
    e.run(&[
        "decrypt",
        "--algorithm",
        "0x0578",
        "-i",
        ct.to_str().unwrap(),
    ])
    .fails(2);
}
