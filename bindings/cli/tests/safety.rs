//! Nothing lost, nothing let in (issue 13): `-o` never replaces devices, FIFOs or symlinks; an
//! interrupted or killed decrypt leaves no plaintext; output is synced before it is renamed;
//! decrypt's limits; store I/O errors; `keys create --alias`; bounded reads; long names; a
//! store directory others can write to.

#![cfg(unix)]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::{Read, Write};
use std::os::unix::fs::{FileTypeExt, PermissionsExt};
use std::path::Path;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use common::{Env, data, s};

/// A file under a key of the store, and its plaintext.
fn encrypted(e: &Env, n: usize, frame: &str) -> (Vec<u8>, std::path::PathBuf) {
    e.create_key(&["--alias", "alias/s"]);
    let plain = data(n);
    let pin = e.path("plain.bin");
    std::fs::write(&pin, &plain).unwrap();
    let ct = e.path("secret.dk");
    e.run(&[
        "encrypt",
        "--key",
        "alias/s",
        "--frame-length",
        frame,
        "-i",
        pin.to_str().unwrap(),
        "-o",
        ct.to_str().unwrap(),
    ])
    .ok();
    std::fs::remove_file(&pin).unwrap();
    (plain, ct)
}

fn mkfifo(p: &Path) {
    rustix::fs::mknodat(
        rustix::fs::CWD,
        p,
        rustix::fs::FileType::Fifo,
        rustix::fs::Mode::from_raw_mode(0o600),
        0,
    )
    .unwrap();
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|d| d.unwrap().file_name().into_string().unwrap())
        .collect();
    v.sort();
    v
}

/// Waits for a child with a deadline; kills it (and fails) when it does not end.
#[track_caller]
fn wait_for(mut child: Child, secs: u64) -> std::process::Output {
    let start = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            return child.wait_with_output().unwrap();
        }
        if start.elapsed() > Duration::from_secs(secs) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("the command did not end within {secs} s");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn out_writes_into_fifos_and_devices_and_follows_symlinks() {
    let e = Env::new("out-special");
    let (plain, ct) = encrypted(&e, 50_000, "4096");
    let ct_s = ct.to_str().unwrap();

    // A FIFO stays a FIFO and its reader gets the plaintext.
    let fifo = e.path("fifo");
    mkfifo(&fifo);
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || {
            let mut v = Vec::new();
            std::fs::File::open(&fifo)
                .unwrap()
                .read_to_end(&mut v)
                .unwrap();
            v
        })
    };
    let child = e
        .cmd(&["decrypt", "-i", ct_s, "-o", fifo.to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let o = wait_for(child, 60);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(
        std::fs::symlink_metadata(&fifo)
            .unwrap()
            .file_type()
            .is_fifo(),
        "the FIFO was replaced"
    );
    assert_eq!(reader.join().unwrap(), plain);

    // A character device (a null device made here; needs root) stays a device.
    let dev = e.path("null");
    let made = rustix::fs::mknodat(
        rustix::fs::CWD,
        &dev,
        rustix::fs::FileType::CharacterDevice,
        rustix::fs::Mode::from_raw_mode(0o666),
        rustix::fs::makedev(1, 3),
    );
    if made.is_ok() {
        e.run(&["decrypt", "-i", ct_s, "-o", dev.to_str().unwrap()])
            .ok();
        let ft = std::fs::symlink_metadata(&dev).unwrap().file_type();
        assert!(ft.is_char_device(), "the device was replaced");
    } else {
        eprintln!("*** character device case skipped: mknod refused ({made:?}) ***");
    }

    // A symlink to a regular file is followed: the link stays, its target gets the output.
    let real = e.path("real.txt");
    std::fs::write(&real, b"old").unwrap();
    let link = e.path("link.txt");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    e.run(&["decrypt", "-i", ct_s, "-o", link.to_str().unwrap()])
        .ok();
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink(),
        "the symlink was replaced"
    );
    assert_eq!(std::fs::read(&real).unwrap(), plain);
    // A relative symlink into a subdirectory.
    std::fs::create_dir(e.path("sub")).unwrap();
    std::fs::write(e.path("sub/t.bin"), b"").unwrap();
    let rel = e.path("rel");
    std::os::unix::fs::symlink("sub/t.bin", &rel).unwrap();
    e.run(&["decrypt", "-i", ct_s, "-o", rel.to_str().unwrap()])
        .ok();
    assert!(std::fs::symlink_metadata(&rel).unwrap().is_symlink());
    assert_eq!(std::fs::read(e.path("sub/t.bin")).unwrap(), plain);

    // A dangling symlink and a directory are refused and left alone.
    let dangling = e.path("dangling");
    std::os::unix::fs::symlink(e.path("nowhere"), &dangling).unwrap();
    let f = e
        .run(&["decrypt", "-i", ct_s, "-o", dangling.to_str().unwrap()])
        .fails(2);
    assert!(f.stderr.contains("symlink"), "{}", f.stderr);
    assert!(std::fs::symlink_metadata(&dangling).unwrap().is_symlink());
    assert!(!e.path("nowhere").exists());
    e.run(&["decrypt", "-i", ct_s, "-o", e.path("sub").to_str().unwrap()])
        .fails(2);
    // An existing regular file is replaced; nothing else is left in the directory.
    let plainfile = e.path("plain.out");
    std::fs::write(&plainfile, b"previous").unwrap();
    e.run(&["decrypt", "-i", ct_s, "-o", plainfile.to_str().unwrap()])
        .ok();
    assert_eq!(std::fs::read(&plainfile).unwrap(), plain);
    assert!(
        !names(&e.dir).iter().any(|n| n.contains("partial")),
        "{:?}",
        names(&e.dir)
    );
}

/// Starts `decrypt -o out.bin` reading the message from a pipe, feeds it part of the message
/// and leaves it running with plaintext written.
///
/// `named`: with partial files that have a name (`DATAKEY_NO_TMPFILE=1`), the path systems
/// without unnamed files take.
fn decrypt_in_progress(e: &Env, ct: &Path, named: bool) -> (Child, std::process::ChildStdin) {
    let msg = std::fs::read(ct).unwrap();
    let mut c = e.cmd(&["decrypt", "-o", e.path("out.bin").to_str().unwrap()]);
    if named {
        c.env("DATAKEY_NO_TMPFILE", "1");
    }
    let mut child = c
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(&msg[..msg.len() / 2]).unwrap();
    stdin.flush().unwrap();
    // Let it decrypt what it was given (plaintext is then in its output file); a named partial
    // file shows when it has started writing.
    std::thread::sleep(Duration::from_millis(700));
    let start = Instant::now();
    while named
        && !names(&e.dir)
            .iter()
            .any(|n| n.starts_with(".datakey-partial-"))
        && start.elapsed() < Duration::from_secs(20)
    {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(child.try_wait().unwrap().is_none(), "decrypt ended early");
    (child, stdin)
}

/// Every file of the directory (and its subdirectories) that holds the plaintext's first bytes.
fn files_with_plaintext(dir: &Path, plain: &[u8]) -> Vec<String> {
    let needle = &plain[4096..4096 + 64];
    names(dir)
        .into_iter()
        .filter(|n| {
            std::fs::read(dir.join(n))
                .map(|b| b.windows(needle.len()).any(|w| w == needle))
                .unwrap_or(false)
        })
        .collect()
}

#[test]
fn an_interrupted_decrypt_leaves_no_plaintext() {
    use std::os::unix::process::ExitStatusExt;
    let e = Env::new("signals");
    let (plain, ct) = encrypted(&e, 4 * 1024 * 1024, "4096");
    for (sig, named) in [
        (rustix::process::Signal::INT, false),
        (rustix::process::Signal::TERM, false),
        (rustix::process::Signal::HUP, false),
        (rustix::process::Signal::INT, true),
        (rustix::process::Signal::TERM, true),
        (rustix::process::Signal::HUP, true),
    ] {
        let (child, stdin) = decrypt_in_progress(&e, &ct, named);
        if named {
            let partial = names(&e.dir);
            assert!(
                partial.iter().any(|n| n.starts_with(".datakey-partial-")),
                "{partial:?}"
            );
        }
        rustix::process::kill_process(rustix::process::Pid::from_child(&child), sig).unwrap();
        let o = wait_for(child, 30);
        drop(stdin);
        assert_eq!(o.status.signal(), Some(sig.as_raw()), "{:?}", o.status);
        let left = names(&e.dir);
        assert_eq!(left, ["secret.dk", "store"], "after {sig:?}");
        assert!(files_with_plaintext(&e.dir, &plain).is_empty());
    }
}

#[test]
fn a_killed_decrypt_leaves_no_plaintext_that_persists_unnoticed() {
    let e = Env::new("sigkill");
    let (plain, ct) = encrypted(&e, 4 * 1024 * 1024, "4096");
    for named in [false, true] {
        killed_decrypt(&e, &ct, &plain, named);
    }
}

fn killed_decrypt(e: &Env, ct: &Path, plain: &[u8], named: bool) {
    let (mut child, stdin) = decrypt_in_progress(e, ct, named);
    child.kill().unwrap();
    let _ = child.wait();
    drop(stdin);
    // Where the system has unnamed files nothing is left at all; otherwise the next datakey
    // writing into the directory finds the partial file and removes it.
    let left = files_with_plaintext(&e.dir, plain);
    if cfg!(target_os = "linux") && !named {
        assert!(left.is_empty(), "{left:?}");
    }
    if named {
        assert!(!left.is_empty(), "no partial file to find");
    }
    if !left.is_empty() {
        let f = e
            .run(&[
                "decrypt",
                "-i",
                ct.to_str().unwrap(),
                "-o",
                e.path("again.bin").to_str().unwrap(),
            ])
            .ok();
        assert!(f.stderr.contains("partial output file"), "{}", f.stderr);
        std::fs::remove_file(e.path("again.bin")).unwrap();
    }
    assert!(files_with_plaintext(&e.dir, plain).is_empty());
    assert_eq!(names(&e.dir), ["secret.dk", "store"]);
}

#[test]
fn stale_partial_files_are_found_and_removed() {
    let e = Env::new("stale");
    let (plain, ct) = encrypted(&e, 10_000, "4096");
    // What a killed datakey leaves: this version's name, and older versions' (unlocked).
    std::fs::write(e.path(".datakey-partial-0011223344556677"), &plain).unwrap();
    std::fs::write(e.path(".report.pdf.datakey-partial-4242"), &plain).unwrap();
    let f = e
        .run(&[
            "decrypt",
            "-i",
            ct.to_str().unwrap(),
            "-o",
            e.path("out.bin").to_str().unwrap(),
        ])
        .ok();
    assert_eq!(
        f.stderr.matches("datakey: warning: removed").count(),
        2,
        "{}",
        f.stderr
    );
    assert_eq!(names(&e.dir), ["out.bin", "secret.dk", "store"]);
    // With --json the warnings are JSON too.
    std::fs::write(e.path(".x.datakey-partial-1"), b"p").unwrap();
    let f = e
        .run(&[
            "--json",
            "decrypt",
            "-i",
            ct.to_str().unwrap(),
            "-o",
            e.path("out.bin").to_str().unwrap(),
        ])
        .ok();
    let w: serde_json::Value = serde_json::from_str(f.stderr.lines().next().unwrap()).unwrap();
    assert!(s(&w["warning"]).contains(".x.datakey-partial-1"), "{w}");
}

/// The syscalls of one command, through strace; `None` (and a loud note) without strace.
fn strace(e: &Env, args: &[&str]) -> Option<String> {
    let log = e.path("strace.log");
    let probe = std::process::Command::new("strace").arg("-V").output();
    if !probe.is_ok_and(|o| o.status.success()) {
        eprintln!("\n*** output durability test: SKIPPED: strace is not installed ***");
        return None;
    }
    let c = e.cmd(args);
    let prog = c.get_program().to_owned();
    let mut st = std::process::Command::new("strace");
    st.args(["-f", "-qq", "-o"])
        .arg(&log)
        .args([
            "-e",
            "trace=fsync,fdatasync,rename,renameat,renameat2,linkat,openat",
        ])
        .arg(prog)
        .args(c.get_args());
    for (k, v) in c.get_envs() {
        match v {
            Some(v) => st.env(k, v),
            None => st.env_remove(k),
        };
    }
    let o = st.stdin(Stdio::null()).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    Some(std::fs::read_to_string(&log).unwrap())
}

#[test]
fn output_is_synced_before_the_rename_and_the_directory_after() {
    let e = Env::new("fsync");
    e.create_key(&["--alias", "alias/s"]);
    let pin = e.path("plain.bin");
    std::fs::write(&pin, data(10_000)).unwrap();
    let out = e.path("out.dk");
    let Some(trace) = strace(
        &e,
        &[
            "encrypt",
            "--key",
            "alias/s",
            "-i",
            pin.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ],
    ) else {
        return;
    };
    assert!(out.is_file());
    // The store's own writes happen first; look at what follows the output's creation.
    let lines: Vec<&str> = trace.lines().collect();
    let dir = e.dir.to_str().unwrap();
    let created = lines
        .iter()
        .rposition(|l| {
            l.contains("openat(")
                && l.contains(dir)
                && !l.contains("/store")
                && (l.contains("O_TMPFILE") || l.contains("O_CREAT"))
        })
        .unwrap_or_else(|| panic!("no output file created:\n{trace}"));
    let rename = lines
        .iter()
        .rposition(|l| l.contains("rename") && l.contains("out.dk"))
        .unwrap_or_else(|| panic!("no rename onto out.dk:\n{trace}"));
    assert!(created < rename);
    assert!(
        lines[created..rename].iter().any(|l| l.contains("fsync(")),
        "no fsync of the file before the rename:\n{trace}"
    );
    assert!(
        lines[rename..].iter().any(|l| l.contains("fsync(")),
        "no fsync of the directory after the rename:\n{trace}"
    );
}

#[test]
fn decrypt_offers_the_limits_and_encrypt_refuses_frames_decrypt_refuses() {
    let e = Env::new("limits");
    e.create_key(&["--alias", "alias/s"]);
    let f = e
        .run_stdin(
            &["encrypt", "--key", "alias/s", "--frame-length", "8388608"],
            b"x",
        )
        .fails(2);
    assert!(f.stderr.contains("4194304"), "{}", f.stderr);
    // The largest frame a default decrypt accepts is accepted.
    let ct = e.path("big-frame.dk");
    e.run_stdin(
        &[
            "encrypt",
            "--key",
            "alias/s",
            "--frame-length",
            "4194304",
            "-o",
            ct.to_str().unwrap(),
        ],
        &data(5000),
    )
    .ok();
    let ct_s = ct.to_str().unwrap();
    e.run(&["decrypt", "-i", ct_s]).ok();
    // Lower limits refuse it, with the flag to raise in the hint; raising them opens it.
    let x = e.path("x");
    let f = e
        .run(&[
            "--json",
            "decrypt",
            "-i",
            ct_s,
            "--max-frame-length",
            "4096",
            "-o",
            x.to_str().unwrap(),
        ])
        .fails(4);
    let j = f.err_json();
    assert_eq!(j["error"]["name"], "ResourceLimitError");
    assert!(s(&j["error"]["hint"]).contains("--max-frame-length"), "{j}");
    e.run(&["decrypt", "-i", ct_s, "--max-body-size", "4999"])
        .fails(4);
    let o = e
        .run(&["decrypt", "-i", ct_s, "--max-body-size", "5000"])
        .ok();
    assert_eq!(o.stdout, data(5000));
    e.run(&["decrypt", "-i", ct_s, "--max-encrypted-data-keys", "0"])
        .fails(4);
    e.run(&["decrypt", "-i", ct_s, "--max-header-size", "10"])
        .fails(4);
    e.run(&["decrypt", "-i", ct_s, "--max-frame-length", "8388608"])
        .ok();
    // The limits are decrypt's: encrypt does not take them.
    e.run_stdin(
        &["encrypt", "--key", "alias/s", "--max-body-size", "1"],
        b"x",
    )
    .fails(2);
}

#[test]
fn io_errors_opening_the_store_exit_1() {
    let e = Env::new("storeio");
    // A file where the store directory should be.
    let file = e.path("not-a-dir");
    std::fs::write(&file, b"").unwrap();
    let f = e
        .run(&["--json", "--store", file.to_str().unwrap(), "keys", "list"])
        .fails(1);
    assert_eq!(f.err_json()["error"]["name"], "IoError");
    assert_eq!(f.err_json()["error"]["exit_code"], 1);
    let below = file.join("store");
    e.run(&["--store", below.to_str().unwrap(), "keys", "list"])
        .fails(1);
}

#[test]
fn keys_create_with_a_taken_alias_creates_nothing() {
    let e = Env::new("alias-taken");
    let first = e.create_key(&["--alias", "alias/taken"]);
    let f = e
        .run(&["keys", "create", "--alias", "alias/taken"])
        .fails(3);
    assert!(f.stderr.contains("AlreadyExistsException"), "{}", f.stderr);
    assert!(f.stderr.contains("no key was created"), "{}", f.stderr);
    assert!(f.stderr.contains(s(&first["key_id"])), "{}", f.stderr);
    // An invalid alias name: nothing created either.
    e.run(&["keys", "create", "--alias", "alias/aws/mine"])
        .fails(2);
    e.run(&["keys", "create", "--alias", "no-prefix"]).fails(2);
    let list = e.run(&["--json", "keys", "list"]).ok().json();
    assert_eq!(list["keys"].as_array().unwrap().len(), 1, "{list}");
}

/// Writes `total` bytes to `w` in chunks; `true` when the reader stopped reading first.
fn reader_stopped_early(mut w: impl Write, total: usize) -> bool {
    let chunk = vec![0u8; 64 * 1024];
    let mut sent = 0;
    while sent < total {
        match w.write(&chunk) {
            Ok(n) => sent += n,
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return true,
            Err(e) => panic!("{e}"),
        }
    }
    false
}

#[test]
fn reads_of_blobs_and_key_files_are_bounded() {
    let e = Env::new("bounded");
    e.create_key(&[]);
    // data-key decrypt --in -: stops after the 6,144-byte limit (64 MiB offered).
    let mut child = e
        .cmd(&["data-key", "decrypt", "--in", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stdin = child.stdin.take().unwrap();
    let early = reader_stopped_early(stdin, 64 << 20);
    let o = wait_for(child, 60);
    assert!(early, "read the whole 64 MiB");
    assert_eq!(o.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("6144"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );

    // --raw-aes-key-file: a key file is read only as far as a key can be (64 MiB offered).
    let fifo = e.path("key.fifo");
    mkfifo(&fifo);
    let child = e
        .cmd(&[
            "encrypt",
            "--raw-aes-key-file",
            fifo.to_str().unwrap(),
            "--namespace",
            "n",
            "--name",
            "k",
            "-o",
            e.path("o").to_str().unwrap(),
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let writer = std::fs::OpenOptions::new().write(true).open(&fifo).unwrap();
    let early = reader_stopped_early(writer, 64 << 20);
    let o = wait_for(child, 60);
    assert!(early, "read the whole 64 MiB key file");
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn output_names_up_to_255_characters_work() {
    let e = Env::new("longname");
    e.create_key(&["--alias", "alias/s"]);
    for len in [235, 250, 255] {
        let name = format!("{}.dk", "n".repeat(len - 3));
        let out = e.path(&name);
        e.run_stdin(
            &["encrypt", "--key", "alias/s", "-o", out.to_str().unwrap()],
            b"long names",
        )
        .ok();
        let back = e.run(&["decrypt", "-i", out.to_str().unwrap()]).ok();
        assert_eq!(back.stdout, b"long names");
        let plain = e.path(&format!("{}.p", "p".repeat(len - 2)));
        e.run(&[
            "decrypt",
            "-i",
            out.to_str().unwrap(),
            "-o",
            plain.to_str().unwrap(),
        ])
        .ok();
        assert_eq!(std::fs::read(&plain).unwrap(), b"long names");
    }
}

#[test]
fn a_store_directory_others_can_write_to_is_refused() {
    let e = Env::new("perms");
    e.create_key(&[]);
    let store = e.store();
    std::fs::set_permissions(&store, std::fs::Permissions::from_mode(0o777)).unwrap();
    let f = e.run(&["--json", "keys", "list"]).fails(5);
    let j = f.err_json();
    assert_eq!(j["error"]["name"], "StoreDirectoryUnsafe");
    assert!(s(&j["error"]["hint"]).contains("chmod 700"), "{j}");
    // Group-writable: a warning, and the command runs.
    std::fs::set_permissions(&store, std::fs::Permissions::from_mode(0o770)).unwrap();
    let f = e.run(&["keys", "list"]).ok();
    assert!(f.stderr.contains("writable by its group"), "{}", f.stderr);
    std::fs::set_permissions(&store, std::fs::Permissions::from_mode(0o700)).unwrap();
    let f = e.run(&["keys", "list"]).ok();
    assert!(f.stderr.is_empty(), "{}", f.stderr);
}
