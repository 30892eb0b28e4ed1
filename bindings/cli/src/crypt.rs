//! `datakey encrypt` and `datakey decrypt`: ESDK messages from files or stdin to files or
//! stdout, under a key of the store or a raw AES key.

use std::fs::File;
use std::io::{ErrorKind, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use base64::Engine as _;
use datakey::keyring::{DiscoveryKeyring, Keyring};
use datakey::message::{
    DEFAULT_FRAME_LENGTH, DecryptOptions, Decryptor, EncryptOptions, Encryptor, HeaderInfo,
    Zeroizing,
};
use datakey::{Error, KmsKeyring, RawAesKeyring};
use serde_json::{Value, json};
use zeroize::Zeroize;

use crate::args::CryptArgs;
use crate::failure::Failure;
use crate::output::Progress;
use crate::{open_store, parse_context};

const CHUNK: usize = 64 * 1024;

/// The input: a file (with its size, for the progress bar) or stdin.
pub(crate) fn open_input(path: Option<&Path>) -> Result<(Box<dyn Read>, Option<u64>), Failure> {
    match path {
        None => Ok((Box::new(std::io::stdin().lock()), None)),
        Some(p) if p == Path::new("-") => Ok((Box::new(std::io::stdin().lock()), None)),
        Some(p) => {
            let f = File::open(p)
                .map_err(|e| Failure::io(&format!("cannot open {}", p.display()), &e))?;
            let len = f.metadata().ok().map(|m| m.len());
            Ok((Box::new(f), len))
        }
    }
}

/// The output: stdout, or a temporary file next to the target that is renamed over it only
/// when the whole command succeeded (so a failed decrypt leaves no partial plaintext file).
struct Output {
    target: Option<PathBuf>,
    tmp: Option<PathBuf>,
    w: Box<dyn Write>,
}

impl Output {
    fn create(path: Option<&Path>) -> Result<Self, Failure> {
        match path {
            None => Ok(Self::stdout()),
            Some(p) if p == Path::new("-") => Ok(Self::stdout()),
            Some(p) => {
                let name = p.file_name().ok_or_else(|| {
                    Failure::usage(format!("--out {}: not a file name", p.display()))
                })?;
                let mut tmp_name = std::ffi::OsString::from(".");
                tmp_name.push(name);
                tmp_name.push(format!(".datakey-partial-{}", std::process::id()));
                let tmp = p.with_file_name(tmp_name);
                let mut o = std::fs::OpenOptions::new();
                o.write(true).create_new(true);
                #[cfg(unix)]
                {
                    use std::os::unix::fs::OpenOptionsExt;
                    o.mode(0o600);
                }
                let f = o
                    .open(&tmp)
                    .map_err(|e| Failure::io(&format!("cannot create {}", tmp.display()), &e))?;
                Ok(Self {
                    target: Some(p.to_path_buf()),
                    tmp: Some(tmp),
                    w: Box::new(std::io::BufWriter::new(f)),
                })
            }
        }
    }

    fn stdout() -> Self {
        Self {
            target: None,
            tmp: None,
            w: Box::new(std::io::stdout().lock()),
        }
    }

    fn is_stdout(&self) -> bool {
        self.target.is_none()
    }

    fn write(&mut self, b: &[u8]) -> Result<(), Failure> {
        self.w
            .write_all(b)
            .map_err(|e| Failure::io("cannot write the output", &e))
    }

    /// Flushes and moves the temporary file into place.
    fn commit(mut self) -> Result<(), Failure> {
        self.w
            .flush()
            .map_err(|e| Failure::io("cannot write the output", &e))?;
        if let (Some(tmp), Some(target)) = (self.tmp.take(), &self.target) {
            std::fs::rename(&tmp, target).map_err(|e| {
                let _ = std::fs::remove_file(&tmp);
                Failure::io(&format!("cannot write {}", target.display()), &e)
            })?;
        }
        Ok(())
    }
}

impl Drop for Output {
    fn drop(&mut self) {
        if let Some(tmp) = self.tmp.take() {
            let _ = std::fs::remove_file(tmp);
        }
    }
}

/// Reads a raw AES key file: 16, 24 or 32 raw bytes, or their hex or base64 text.
fn read_raw_key(path: &Path) -> Result<Zeroizing<Vec<u8>>, Failure> {
    let bytes = Zeroizing::new(
        std::fs::read(path)
            .map_err(|e| Failure::io(&format!("cannot read {}", path.display()), &e))?,
    );
    if matches!(bytes.len(), 16 | 24 | 32) {
        return Ok(bytes);
    }
    let text = std::str::from_utf8(&bytes).unwrap_or("").trim();
    let decoded = if text.bytes().all(|c| c.is_ascii_hexdigit()) && text.len().is_multiple_of(2) {
        hex::decode(text).ok()
    } else {
        base64::engine::general_purpose::STANDARD.decode(text).ok()
    };
    match decoded.map(Zeroizing::new) {
        Some(k) if matches!(k.len(), 16 | 24 | 32) => Ok(k),
        _ => Err(Failure::usage(format!(
            "--raw-aes-key-file {}: expected a 16, 24 or 32-byte AES key (raw bytes, hex or \
             base64), found {} bytes",
            path.display(),
            bytes.len()
        ))),
    }
}

/// The keyring a command asked for, and a description of it for the output.
fn keyring(
    store: Option<&Path>,
    a: &CryptArgs,
    decrypting: bool,
) -> Result<(Arc<dyn Keyring>, Value), Failure> {
    if let Some(path) = &a.raw_aes_key_file {
        let (Some(ns), Some(name)) = (&a.namespace, &a.name) else {
            return Err(Failure::usage(
                "--raw-aes-key-file needs --namespace and --name",
            ));
        };
        let key = read_raw_key(path)?;
        let k = RawAesKeyring::new(ns.clone(), name.clone(), &key)
            .map_err(|e| Failure::from_error(&e, None))?;
        return Ok((
            Arc::new(k),
            json!({ "raw_aes": { "namespace": ns, "name": name } }),
        ));
    }
    let kms = open_store(store)?;
    match &a.key {
        Some(key) => {
            let k = KmsKeyring::new(kms, key.clone())
                .map_err(|e| Failure::from_error(&e, Some(key)))?;
            Ok((Arc::new(k), json!({ "kms_key": key })))
        }
        None if decrypting => Ok((
            Arc::new(DiscoveryKeyring::new(kms)),
            json!({ "kms_key": "any key of the store" }),
        )),
        None => Err(Failure::usage(
            "encrypt needs --key (a key of the store) or --raw-aes-key-file",
        )),
    }
}

fn header_json(h: &HeaderInfo) -> Value {
    json!({
        "message_id": hex::encode(&h.message_id),
        "suite_id": format!("{:#06x}", h.suite_id),
        "frame_length": h.frame_length,
        "encryption_context": h.encryption_context.as_map(),
        "encrypted_data_keys": h
            .encrypted_data_keys
            .iter()
            .map(|e| json!({ "provider_id": e.provider_id, "key_name": e.key_name }))
            .collect::<Vec<_>>(),
    })
}

fn read_chunk(r: &mut dyn Read, buf: &mut [u8]) -> Result<usize, Failure> {
    loop {
        match r.read(buf) {
            Ok(n) => return Ok(n),
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(e) => return Err(Failure::io("cannot read the input", &e)),
        }
    }
}

pub(crate) fn encrypt(store: Option<&Path>, a: &CryptArgs, json_out: bool) -> Result<(), Failure> {
    let ec = parse_context(&a.context)?;
    let (ring, ring_desc) = keyring(store, a, false)?;
    let (mut input, size) = open_input(a.input.as_deref())?;
    let mut out = Output::create(a.output.as_deref())?;
    if json_out && out.is_stdout() {
        return Err(Failure::usage(
            "--json needs --out (stdout carries the message)",
        ));
    }
    let opts = EncryptOptions {
        encryption_context: ec.clone(),
        frame_length: a.frame_length.unwrap_or(DEFAULT_FRAME_LENGTH),
        ..Default::default()
    };
    let mut enc =
        Encryptor::new(&*ring, opts).map_err(|e| Failure::from_error(&e, a.key.as_deref()))?;
    let message_id = hex::encode(enc.message_id());
    let frame_length = enc.frame_length();
    let mut progress = Progress::new("encrypting", size);
    let mut chunk = Zeroizing::new(vec![0u8; CHUNK]);
    let mut buf = Vec::with_capacity(CHUNK + 4096);
    let (mut read, mut written) = (0u64, 0u64);
    loop {
        let n = read_chunk(&mut input, &mut chunk)?;
        if n == 0 {
            break;
        }
        read += n as u64;
        enc.update(&chunk[..n], &mut buf)
            .map_err(|e| Failure::from_error(&e, a.key.as_deref()))?;
        out.write(&buf)?;
        written += buf.len() as u64;
        buf.clear();
        progress.advance(n);
    }
    enc.finish(&mut buf)
        .map_err(|e| Failure::from_error(&e, a.key.as_deref()))?;
    out.write(&buf)?;
    written += buf.len() as u64;
    progress.finish();
    let target = out.target.clone();
    out.commit()?;
    if let Some(t) = target {
        if json_out {
            println!(
                "{}",
                json!({
                    "input_bytes": read,
                    "output_bytes": written,
                    "output": t.display().to_string(),
                    "message_id": message_id,
                    "frame_length": frame_length,
                    "encryption_context": ec.as_map(),
                    "keyring": ring_desc,
                })
            );
        } else {
            println!(
                "encrypted {read} bytes into {} ({written} bytes, message {}…)",
                t.display(),
                &message_id[..16]
            );
        }
    }
    Ok(())
}

pub(crate) fn decrypt(store: Option<&Path>, a: &CryptArgs, json_out: bool) -> Result<(), Failure> {
    if a.frame_length.is_some() {
        return Err(Failure::usage(
            "--frame-length is for encrypt (a message records its own)",
        ));
    }
    let ec = parse_context(&a.context)?;
    let (ring, ring_desc) = keyring(store, a, true)?;
    let (mut input, size) = open_input(a.input.as_deref())?;
    let mut out = Output::create(a.output.as_deref())?;
    if json_out && out.is_stdout() {
        return Err(Failure::usage(
            "--json needs --out (stdout carries the plaintext)",
        ));
    }
    let mut dec = Decryptor::new(
        ring,
        DecryptOptions {
            encryption_context: ec,
            ..Default::default()
        },
    );
    let mut progress = Progress::new("decrypting", size);
    let mut chunk = vec![0u8; CHUNK];
    let mut plain = Zeroizing::new(Vec::new());
    let mut written = 0u64;
    let fail = |e: Error| Failure::from_error(&e, a.key.as_deref());
    loop {
        let n = read_chunk(&mut input, &mut chunk)?;
        if n == 0 {
            break;
        }
        dec.update(&chunk[..n], &mut plain).map_err(fail)?;
        if !plain.is_empty() {
            out.write(&plain)?;
            written += plain.len() as u64;
            plain.zeroize();
        }
        progress.advance(n);
    }
    let header = dec.finish().map_err(fail)?;
    progress.finish();
    let target = out.target.clone();
    out.commit()?;
    if let Some(t) = target {
        if json_out {
            let mut v = header_json(&header);
            v["plaintext_bytes"] = json!(written);
            v["output"] = json!(t.display().to_string());
            v["keyring"] = ring_desc;
            println!("{v}");
        } else {
            let keys: Vec<&str> = header
                .encrypted_data_keys
                .iter()
                .map(|e| e.key_name.as_str())
                .collect();
            println!(
                "decrypted {written} bytes into {} (data key wrapped by {})",
                t.display(),
                keys.join(", ")
            );
        }
    }
    Ok(())
}
