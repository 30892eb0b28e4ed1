//! `datakey encrypt` and `datakey decrypt`: ESDK messages from files or stdin to files or
//! stdout, under a key of the store or a raw AES key.

use std::fs::File;
use std::io::{ErrorKind, Read};
use std::path::Path;
use std::sync::Arc;

use base64::Engine as _;
use datakey::keyring::{DiscoveryKeyring, Keyring};
use datakey::message::{
    DEFAULT_FRAME_LENGTH, DecryptLimits, DecryptOptions, Decryptor, EncryptOptions, Encryptor,
    HeaderInfo, Zeroizing,
};
use datakey::{Error, KmsKeyring, LocalKms, RawAesKeyring};
use serde_json::{Value, json};
use zeroize::Zeroize;

use crate::args::{CryptArgs, DecryptArgs, EncryptArgs};
use crate::failure::Failure;
use crate::outfile::Output;
use crate::output::Progress;
use crate::{Globals, open_store, parse_context, suggest_alias};

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

/// The most a raw AES key file may hold: the base64 of 32 bytes with generous whitespace.
const MAX_KEY_FILE: usize = 1024;

/// Reads at most `limit + 1` bytes of `r` (so that "over the limit" can be told), into one
/// buffer allocated up front (a key is never left behind in a buffer that grew).
pub(crate) fn read_bounded(r: impl Read, limit: usize) -> std::io::Result<Zeroizing<Vec<u8>>> {
    let mut v = Zeroizing::new(Vec::with_capacity(limit + 1));
    r.take(limit as u64 + 1).read_to_end(&mut v)?;
    Ok(v)
}

/// Reads a raw AES key file: 16, 24 or 32 raw bytes, or their hex or base64 text.
fn read_raw_key(path: &Path) -> Result<Zeroizing<Vec<u8>>, Failure> {
    let cannot = |e: &std::io::Error| Failure::io(&format!("cannot read {}", path.display()), e);
    let bytes = read_bounded(File::open(path).map_err(|e| cannot(&e))?, MAX_KEY_FILE)
        .map_err(|e| cannot(&e))?;
    if bytes.len() > MAX_KEY_FILE {
        return Err(Failure::usage(format!(
            "--raw-aes-key-file {}: over {MAX_KEY_FILE} bytes, so not an AES key (16, 24 or 32 \
             bytes, raw, hex or base64)",
            path.display()
        )));
    }
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

/// A keyring, its description for the output, and the store it uses (if any).
type Ring = (Arc<dyn Keyring>, Value, Option<LocalKms>);

/// The keyring a command asked for, and a description of it for the output.
fn keyring(g: &Globals, a: &CryptArgs, decrypting: bool) -> Result<Ring, Failure> {
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
            None,
        ));
    }
    let kms = open_store(g)?;
    match &a.key {
        Some(key) => {
            let k = KmsKeyring::new(kms.clone(), key.clone())
                .map_err(|e| Failure::from_error(&e, Some(key)))?;
            Ok((Arc::new(k), json!({ "kms_key": key }), Some(kms)))
        }
        None if decrypting => Ok((
            Arc::new(DiscoveryKeyring::new(kms.clone())),
            json!({ "kms_key": "any key of the store" }),
            Some(kms),
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

/// The error of a command that named `a.key`, with "did you mean alias/…" when it applies.
fn key_failure(kms: Option<&LocalKms>, a: &CryptArgs, e: &Error) -> Failure {
    let f = Failure::from_error(e, a.key.as_deref());
    match (kms, &a.key) {
        (Some(kms), Some(key)) => suggest_alias(kms, key, f),
        _ => f,
    }
}

/// The output, refusing to write a binary message to a terminal unless `-o -` asked for it.
fn encrypt_output(a: &CryptArgs, json: bool) -> Result<Output, Failure> {
    let out = Output::create(a.output.as_deref(), json)?;
    if a.output.is_none() && out.is_terminal() {
        return Err(Failure::usage(
            "refusing to write a binary message to the terminal: redirect stdout (`> FILE`), \
             give -o FILE, or -o - to write it to the terminal anyway",
        ));
    }
    Ok(out)
}

pub(crate) fn encrypt(g: &Globals, args: &EncryptArgs) -> Result<(), Failure> {
    let a = &args.io;
    let json_out = g.json;
    let ec = parse_context(&a.context)?;
    let frame_length = args.frame_length.unwrap_or(DEFAULT_FRAME_LENGTH);
    let max = DecryptLimits::default().max_frame_length;
    if frame_length > max {
        return Err(Failure::usage(format!(
            "--frame-length {frame_length}: over {max}, the largest frame `datakey decrypt` and \
             the bindings accept by default; the message could not be decrypted without raising \
             that limit"
        )));
    }
    if json_out && a.output.as_deref().is_none_or(|p| p == Path::new("-")) {
        return Err(Failure::usage(
            "--json needs --out (stdout carries the message)",
        ));
    }
    let (ring, ring_desc, kms) = keyring(g, a, false)?;
    let (mut input, size) = open_input(a.input.as_deref())?;
    let mut out = encrypt_output(a, json_out)?;
    let opts = EncryptOptions {
        encryption_context: ec.clone(),
        frame_length,
        ..Default::default()
    };
    let fail = |e: Error| key_failure(kms.as_ref(), a, &e);
    let mut enc = Encryptor::new(&*ring, opts).map_err(fail)?;
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
        enc.update(&chunk[..n], &mut buf).map_err(fail)?;
        out.write(&buf)?;
        written += buf.len() as u64;
        buf.clear();
        progress.advance(n);
    }
    enc.finish(&mut buf).map_err(fail)?;
    out.write(&buf)?;
    written += buf.len() as u64;
    progress.finish();
    let target = out.shown().map(Path::to_path_buf);
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

fn decrypt_limits(a: &DecryptArgs) -> DecryptLimits {
    let d = DecryptLimits::default();
    DecryptLimits {
        max_encrypted_data_keys: a
            .max_encrypted_data_keys
            .unwrap_or(d.max_encrypted_data_keys),
        max_header_size: a.max_header_size.unwrap_or(d.max_header_size),
        max_frame_length: a.max_frame_length.unwrap_or(d.max_frame_length),
        max_body_size: a.max_body_size.unwrap_or(d.max_body_size),
    }
}

pub(crate) fn decrypt(g: &Globals, args: &DecryptArgs) -> Result<(), Failure> {
    let a = &args.io;
    let json_out = g.json;
    let ec = parse_context(&a.context)?;
    if json_out && a.output.as_deref().is_none_or(|p| p == Path::new("-")) {
        return Err(Failure::usage(
            "--json needs --out (stdout carries the plaintext)",
        ));
    }
    let (ring, ring_desc, kms) = keyring(g, a, true)?;
    let (mut input, size) = open_input(a.input.as_deref())?;
    let mut out = Output::create(a.output.as_deref(), json_out)?;
    let mut dec = Decryptor::new(
        ring,
        DecryptOptions {
            encryption_context: ec,
            limits: decrypt_limits(args),
            ..Default::default()
        },
    );
    let mut progress = Progress::new("decrypting", size);
    let mut chunk = vec![0u8; CHUNK];
    let mut plain = Zeroizing::new(Vec::new());
    let mut written = 0u64;
    let fail = |e: Error| {
        let mut f = key_failure(kms.as_ref(), a, &e);
        if matches!(e, Error::ResourceLimit(_)) {
            f.hint = Some(
                "raise the limit if you trust the message: --max-frame-length, --max-body-size, \
                 --max-encrypted-data-keys, --max-header-size"
                    .into(),
            );
        }
        f
    };
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
    let target = out.shown().map(Path::to_path_buf);
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
