//! A new user's first hour with the command line (issue 15): `datakey init`, stores of another
//! region or account, errors that name the cause and the fix, `--json` for every error, and no
//! ciphertext written to a terminal unless asked.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{Env, s};
use datakey::LocalKms;
use datakey::kms::{CreateAliasRequest, CreateKeyRequest, RootKey};

#[test]
fn init_creates_a_store_prints_its_root_key_once_and_never_overwrites() {
    let e = Env::new("init");
    let mut c = e.cmd(&["init"]);
    c.env_remove("DATAKEY_ROOT_KEY");
    let o = e.run_cmd(c, None).ok();
    let text = o.text();
    let key = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("DATAKEY_ROOT_KEY="))
        .unwrap_or_else(|| panic!("no root key printed: {text}"))
        .to_owned();
    assert_eq!(key.len(), 64);
    assert!(key.bytes().all(|b| b.is_ascii_hexdigit()));
    assert!(
        text.contains("shown this once") && text.contains("Keep it secret"),
        "{text}"
    );
    assert!(e.store().join("keystore.dks").is_file());
    // The printed key opens the store; another one does not.
    let mut c = e.cmd(&["--json", "keys", "create", "--alias", "alias/first"]);
    c.env("DATAKEY_ROOT_KEY", &key);
    e.run_cmd(c, None).ok();
    e.run(&["keys", "list"]).fails(5);

    // A second init refuses, with or without a root key, and leaves the store as it was.
    let before = std::fs::read(e.store().join("keystore.dks")).unwrap();
    for with_key in [false, true] {
        let mut c = e.cmd(&["--json", "init"]);
        if !with_key {
            c.env_remove("DATAKEY_ROOT_KEY");
        }
        let f = e.run_cmd(c, None).fails(5);
        let j = f.err_json();
        assert_eq!(j["error"]["name"], "StoreExistsError", "{j}");
        assert!(f.stdout.is_empty());
    }
    assert_eq!(
        std::fs::read(e.store().join("keystore.dks")).unwrap(),
        before
    );

    // With a root key in the environment, init seals the store under it and prints no secret.
    let e2 = Env::new("init-env");
    let j = e2
        .run(&["--json", "init", "--region", "eu-west-1"])
        .ok()
        .json();
    assert_eq!(j["root_key"], serde_json::Value::Null);
    assert_eq!(j["region"], "eu-west-1");
    e2.run(&["--region", "eu-west-1", "keys", "list"]).ok();
}

#[test]
fn the_first_run_without_a_store_says_so_and_suggests_init() {
    let e = Env::new("nostore");
    for args in [&["keys", "list"][..], &["decrypt", "-i", "/dev/null"][..]] {
        let mut c = e.cmd(args);
        c.env_remove("DATAKEY_ROOT_KEY");
        let f = e.run_cmd(c, None).fails(5);
        assert!(f.stderr.contains("no key store at"), "{}", f.stderr);
        assert!(f.stderr.contains("datakey init"), "{}", f.stderr);
        assert!(
            !f.stderr.contains("what the store was created with"),
            "{}",
            f.stderr
        );
    }
    assert!(!e.store().exists());
    // With a root key, a first command creates the store, and says so.
    let f = e.run(&["keys", "list"]).ok();
    assert!(
        f.stderr.contains("created a new, empty key store"),
        "{}",
        f.stderr
    );
    let f = e.run(&["keys", "list"]).ok();
    assert!(f.stderr.is_empty(), "{}", f.stderr);
    // A store that exists but no root key: the hint says which store and which key.
    let mut c = e.cmd(&["keys", "list"]);
    c.env_remove("DATAKEY_ROOT_KEY");
    let f = e.run_cmd(c, None).fails(5);
    assert!(f.stderr.contains("is sealed"), "{}", f.stderr);
}

#[test]
fn a_store_of_another_region_and_account_opens_with_region_and_account() {
    let e = Env::new("region");
    // What `datakey.LocalKms.open(path, region=..., account_id=...)` in Python creates.
    let kms = LocalKms::builder()
        .region("eu-west-1")
        .account_id("444455556666")
        .open(e.store(), RootKey::parse(common::ROOT_KEY).unwrap())
        .unwrap();
    let key = kms
        .create_key(CreateKeyRequest::default())
        .unwrap()
        .key_metadata;
    kms.create_alias(CreateAliasRequest {
        alias_name: "alias/eu".into(),
        target_key_id: key.key_id.clone(),
    })
    .unwrap();
    drop(kms);

    let f = e.run(&["--json", "keys", "list"]).fails(5);
    let hint = f.err_json()["error"]["hint"].as_str().unwrap().to_owned();
    assert!(
        hint.contains("--region eu-west-1 --account 444455556666"),
        "{hint}"
    );
    assert!(!hint.contains("ROOT_KEY"), "{hint}");
    let list = e
        .run(&[
            "--json",
            "--region",
            "eu-west-1",
            "--account",
            "444455556666",
            "keys",
            "list",
        ])
        .ok()
        .json();
    assert_eq!(list["keys"][0]["arn"], key.arn.as_str());
    // The environment works too, and messages round-trip under the store's key.
    let mut c = e.cmd(&["encrypt", "--key", "alias/eu", "-o", "-"]);
    c.env("DATAKEY_REGION", "eu-west-1")
        .env("DATAKEY_ACCOUNT", "444455556666");
    let ct = e.run_cmd(c, Some(b"bonjour")).ok().stdout;
    let mut c = e.cmd(&["decrypt"]);
    c.env("DATAKEY_REGION", "eu-west-1")
        .env("DATAKEY_ACCOUNT", "444455556666");
    assert_eq!(e.run_cmd(c, Some(&ct)).ok().stdout, b"bonjour");
    e.run(&["--region", "EU", "keys", "list"]).fails(2);
    // An empty variable counts as unset (the store's region is then the default: refused).
    let mut c = e.cmd(&["keys", "list"]);
    c.env("DATAKEY_REGION", "").env("DATAKEY_ACCOUNT", "");
    let f = e.run_cmd(c, None).fails(5);
    assert!(f.stderr.contains("--region eu-west-1"), "{}", f.stderr);
}

#[test]
fn a_bare_alias_name_gets_did_you_mean() {
    let e = Env::new("didyoumean");
    e.create_key(&["--alias", "alias/billing"]);
    let f = e
        .run_stdin(&["encrypt", "--key", "billing", "-o", "-"], b"x")
        .fails(3);
    assert!(
        f.stderr.contains("did you mean alias/billing"),
        "{}",
        f.stderr
    );
    let f = e.run(&["--json", "keys", "describe", "billing"]).fails(3);
    assert!(
        s(&f.err_json()["error"]["hint"]).contains("did you mean alias/billing"),
        "{}",
        f.stderr
    );
    let f = e
        .run(&["data-key", "generate", "--key", "billing"])
        .fails(3);
    assert!(
        f.stderr.contains("did you mean alias/billing"),
        "{}",
        f.stderr
    );
    // No such alias either: no suggestion, but how aliases are written.
    let f = e.run(&["keys", "describe", "payroll"]).fails(3);
    assert!(!f.stderr.contains("did you mean"), "{}", f.stderr);
    assert!(f.stderr.contains("alias/NAME"), "{}", f.stderr);
}

#[test]
fn decrypting_something_that_is_not_a_message_says_so() {
    let e = Env::new("notamessage");
    e.create_key(&[]);
    let text = e.path("notes.txt");
    std::fs::write(&text, "some notes\n").unwrap();
    let f = e
        .run(&["--json", "decrypt", "-i", text.to_str().unwrap(), "-o", "-"])
        .fails(2);
    // (--json needs a file output: a usage error comes first.)
    assert_eq!(f.err_json()["error"]["exit_code"], 2);
    let f = e.run(&["decrypt", "-i", text.to_str().unwrap()]).fails(4);
    assert!(
        f.stderr.contains("not an AWS Encryption SDK message")
            && f.stderr.contains("it is not a datakey message"),
        "{}",
        f.stderr
    );
    assert!(f.stderr.contains("'s'"), "{}", f.stderr);
}

#[test]
fn an_extra_context_key_on_decrypt_is_named() {
    let e = Env::new("extractx");
    let k = e.create_key(&["--alias", "alias/ctx"]);
    let ct = e
        .run_stdin(
            &[
                "encrypt",
                "--key",
                "alias/ctx",
                "--context",
                "tenant=acme",
                "-o",
                "-",
            ],
            b"ctx",
        )
        .ok()
        .stdout;
    for key in [None, Some(s(&k["key_id"]))] {
        let mut args = vec![
            "--json",
            "decrypt",
            "--context",
            "tenant=acme",
            "--context",
            "purpose=x",
            "-o",
        ];
        let out = e.path("o.bin");
        args.push(out.to_str().unwrap());
        if let Some(k) = key {
            args.extend(["--key", k]);
        }
        let f = e.run_stdin(&args, &ct).fails(4);
        let j = f.err_json();
        assert_eq!(j["error"]["name"], "EncryptionContextMismatchError", "{j}");
        assert!(s(&j["error"]["message"]).contains("\"purpose\""), "{j}");
        assert!(
            s(&j["error"]["hint"]).contains("drop the --context pairs"),
            "{j}"
        );
        assert!(!out.exists());
    }
    // The pairs it stores still open it.
    let o = e
        .run_stdin(&["decrypt", "--context", "tenant=acme"], &ct)
        .ok();
    assert_eq!(o.stdout, b"ctx");
}

#[test]
fn json_covers_argument_errors() {
    let e = Env::new("jsonclap");
    for args in [
        &["--json", "frobnicate"][..],
        &["--json", "keys", "describe"][..],
        &["keys", "create", "--json", "--frobnicate"][..],
        &["--json", "encrypt", "--frame-length", "many"][..],
    ] {
        let f = e.run(args).fails(2);
        let j = f.err_json();
        assert_eq!(j["error"]["name"], "UsageError", "{args:?}: {j}");
        assert_eq!(j["error"]["exit_code"], 2);
        assert!(!s(&j["error"]["message"]).is_empty());
        assert!(f.stdout.is_empty());
    }
    // Without --json they stay clap's text, and --help is still help.
    let f = e.run(&["frobnicate"]).fails(2);
    assert!(f.stderr.starts_with("error:"), "{}", f.stderr);
    let h = e.run(&["--json", "--help"]).ok();
    assert!(h.text().contains("Usage:"), "{}", h.text());
}

/// Runs a command with stdout on a pseudo-terminal; returns the exit code, what reached the
/// terminal and stderr.
#[cfg(unix)]
fn on_a_terminal(e: &Env, args: &[&str], input: &[u8]) -> (i32, Vec<u8>, String) {
    use std::io::{Read, Write};
    use std::process::Stdio;

    use rustix::pty::{OpenptFlags, grantpt, openpt, ptsname, unlockpt};
    let master = openpt(OpenptFlags::RDWR | OpenptFlags::NOCTTY | OpenptFlags::CLOEXEC).unwrap();
    grantpt(&master).unwrap();
    unlockpt(&master).unwrap();
    let name = ptsname(&master, Vec::new()).unwrap();
    let slave = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(name.to_str().unwrap())
        .unwrap();
    let mut child = e
        .cmd(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::from(slave))
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut m = std::fs::File::from(master);
    let reader = std::thread::spawn(move || {
        let mut v = Vec::new();
        let mut b = [0u8; 4096];
        // The read ends with EIO once the terminal's other side is closed.
        while let Ok(n) = m.read(&mut b) {
            if n == 0 {
                break;
            }
            v.extend_from_slice(&b[..n]);
        }
        v
    });
    // The command may refuse (and exit) before it reads its input.
    if let Err(err) = child.stdin.take().unwrap().write_all(input) {
        assert_eq!(err.kind(), std::io::ErrorKind::BrokenPipe, "{err}");
    }
    let o = child.wait_with_output().unwrap();
    // The command's end closed the last descriptor of the terminal's other side.
    let seen = reader.join().unwrap();
    (
        o.status.code().unwrap_or(-1),
        seen,
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

#[cfg(unix)]
#[test]
fn ciphertext_is_refused_to_a_terminal_unless_asked() {
    let e = Env::new("tty");
    e.create_key(&["--alias", "alias/tty"]);
    let (code, seen, err) = on_a_terminal(&e, &["encrypt", "--key", "alias/tty"], b"secret");
    assert_eq!(code, 2, "{err}");
    assert!(seen.is_empty(), "{seen:?}");
    assert!(
        err.contains("refusing to write a binary message to the terminal"),
        "{err}"
    );
    assert!(err.contains("-o -"), "{err}");
    let (code, seen, err) =
        on_a_terminal(&e, &["encrypt", "--key", "alias/tty", "-o", "-"], b"secret");
    assert_eq!(code, 0, "{err}");
    assert!(seen.len() > 100, "{seen:?}");
    // Plaintext to a terminal is what decrypt is for.
    let ct = e
        .run_stdin(&["encrypt", "--key", "alias/tty"], b"shown")
        .ok()
        .stdout;
    let (code, seen, err) = on_a_terminal(&e, &["decrypt"], &ct);
    assert_eq!(code, 0, "{err}");
    assert_eq!(seen, b"shown");
}
