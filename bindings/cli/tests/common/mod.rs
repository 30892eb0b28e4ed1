//! What the `datakey` end-to-end tests share: a temporary directory with a key store, and
//! running the binary in it. `DATAKEY_CLI_BIN` runs the tests against another build of the
//! binary (e.g. an older one, to see which tests it fails).

#![allow(dead_code, unreachable_pub)]

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use serde_json::Value;

/// The binary under test.
pub fn bin() -> PathBuf {
    std::env::var_os("DATAKEY_CLI_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_datakey")))
}

pub const ROOT_KEY: &str = "8f0e1d2c3b4a59687766554433221100ffeeddccbbaa99887766554433221100";

pub struct Env {
    pub dir: PathBuf,
}

pub struct Out {
    pub code: i32,
    pub stdout: Vec<u8>,
    pub stderr: String,
}

impl Out {
    pub fn text(&self) -> String {
        String::from_utf8(self.stdout.clone()).unwrap()
    }
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }
    pub fn err_json(&self) -> Value {
        serde_json::from_str(self.stderr.trim())
            .unwrap_or_else(|e| panic!("stderr not JSON ({e}): {}", self.stderr))
    }
    #[track_caller]
    pub fn ok(self) -> Self {
        assert_eq!(self.code, 0, "stderr: {}", self.stderr);
        self
    }
    #[track_caller]
    pub fn fails(self, code: i32) -> Self {
        assert_eq!(
            self.code,
            code,
            "stdout: {} stderr: {}",
            String::from_utf8_lossy(&self.stdout),
            self.stderr
        );
        self
    }
}

impl Env {
    pub fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!(
            "datakey-cli-{name}-{}-{}",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        Self { dir }
    }

    pub fn store(&self) -> PathBuf {
        self.dir.join("store")
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    pub fn cmd(&self, args: &[&str]) -> Command {
        let mut c = Command::new(bin());
        c.args(args)
            .env("DATAKEY_STORE", self.store())
            .env("DATAKEY_ROOT_KEY", ROOT_KEY)
            .env_remove("DATAKEY_PASSPHRASE")
            .stdin(Stdio::null());
        c
    }

    pub fn run(&self, args: &[&str]) -> Out {
        self.run_cmd(self.cmd(args), None)
    }

    pub fn run_stdin(&self, args: &[&str], input: &[u8]) -> Out {
        self.run_cmd(self.cmd(args), Some(input))
    }

    pub fn run_cmd(&self, mut c: Command, input: Option<&[u8]>) -> Out {
        if input.is_some() {
            c.stdin(Stdio::piped());
        }
        let mut child = c
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        if let Some(i) = input {
            let mut stdin = child.stdin.take().unwrap();
            // The command may fail (and exit) before it reads its input.
            if let Err(err) = stdin.write_all(i) {
                assert_eq!(err.kind(), std::io::ErrorKind::BrokenPipe, "{err}");
            }
        }
        let o = child.wait_with_output().unwrap();
        Out {
            code: o.status.code().unwrap_or(-1),
            stdout: o.stdout,
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }

    pub fn create_key(&self, extra: &[&str]) -> Value {
        let mut args = vec!["--json", "keys", "create"];
        args.extend_from_slice(extra);
        self.run(&args).ok().json()["key"].clone()
    }
}

impl Drop for Env {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

pub fn s(v: &Value) -> &str {
    v.as_str().unwrap_or_else(|| panic!("not a string: {v}"))
}

pub fn data(n: usize) -> Vec<u8> {
    (0..n).map(|i| (i * 31 + i / 7) as u8).collect()
}
