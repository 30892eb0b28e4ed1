//! The native half of the one-shot data path that `datakey.js` drives (the public `encrypt`,
//! `encryptSync`, `decrypt` and `decryptSync` are JavaScript functions over these).
//!
//! Why a JavaScript layer: on Node 20 a `Buffer` created from Rust costs ≈ 2.5 µs (an external
//! backing store, a global handle and a finalizer), reading an options object through napi costs
//! a property lookup with string internalization per field, and building a result object through
//! napi costs a property definition per field — together more than the core's whole 1 KiB
//! message. So JavaScript reads the options and hands them over as positional values, allocates
//! every output itself (`Buffer.allocUnsafe`: Node's pool for small sizes), and Rust writes into
//! it:
//!
//! - encrypt: `__encryptPrepare` does the keyring work and builds the header, parks the
//!   [`Encryptor`] in a per-thread slot and returns the message's exact length; JavaScript
//!   allocates the output; `__encryptFill` encrypts into it;
//! - decrypt: JavaScript allocates the message's length (an upper bound of the plaintext's),
//!   `__decrypt` opens the message and decrypts straight into it, returning the plaintext's
//!   length; `__decryptHeader` hands over the header as JSON, which JavaScript parses only when
//!   `messageHeader` is first read.
//!
//! The slot is per thread (each `worker_threads` isolate runs on its own thread), and nothing runs
//! between the two calls but `Buffer.allocUnsafe`, so a call always finds what the previous one parked. A
//! second half without its first, or with inputs of another length, is an error, never a wrong result. The
//! functions are not part of the package's API (`datakey.js` does not export them; they have no
//! type declarations), and anything of an unusual shape — wrong types, limits, a `Uint8Array`
//! that is not a plain byte view — goes through the full converters of `message.rs` instead, so
//! errors read exactly as before.

use std::cell::RefCell;

use datakey::Encryptor;
use napi::bindgen_prelude::*;
use napi_derive::napi;

use crate::error::{OrThrow, panic_error, state_error};
use crate::keyring::{EncryptingKeyring, encrypting_keyring_arg, keyring_arg};
use crate::task::{Job, Work, catch_panic, spawn};

/// What a prepare left for its fill.
// One slot per thread, moved in and out once per call: boxing the large variant would add an
// allocation per call for nothing.
#[allow(clippy::large_enum_variant)]
enum Pending {
    Empty,
    /// An encryptor with its data key, header written, for a plaintext of `len` bytes.
    Encrypt {
        encryptor: Encryptor,
        len: usize,
    },
    /// The header JSON of the last decrypted message.
    Header(String),
}

thread_local! {
    static PENDING: RefCell<Pending> = const { RefCell::new(Pending::Empty) };
}

fn park(p: Pending) {
    // Replacing an abandoned entry drops it: its data key or plaintext is zeroized.
    PENDING.with(|slot| *slot.borrow_mut() = p);
}

fn take() -> Pending {
    PENDING.with(|slot| std::mem::replace(&mut *slot.borrow_mut(), Pending::Empty))
}

fn no_prepare(env: &Env, what: &str) -> Error {
    state_error(env, format!("{what}: no prepared operation on this thread"))
}

/// An encryption context from its pairs joined by JavaScript as `key\0value\0key\0value…`
/// (one string to convert instead of two per pair; JavaScript sends a context whose strings
/// contain a NUL character through the native converter instead).
fn context(joined: Option<String>) -> datakey::EncryptionContext {
    let mut ec = datakey::EncryptionContext::new();
    if let Some(joined) = joined {
        let mut it = joined.split('\0');
        while let (Some(k), Some(v)) = (it.next(), it.next()) {
            ec.insert(k.to_owned(), v.to_owned());
        }
    }
    ec
}

/// The decrypt options the fast path passes: the joined context (as [`context`]) and the
/// commitment policy as a number (1 = `REQUIRE_ENCRYPT_ALLOW_DECRYPT`, else the default).
fn decrypt_options(
    encryption_context: Option<String>,
    commitment_policy: u32,
) -> datakey::DecryptOptions {
    let mut opts = datakey::DecryptOptions {
        encryption_context: context(encryption_context),
        ..Default::default()
    };
    if commitment_policy == 1 {
        opts.commitment_policy = datakey::CommitmentPolicy::RequireEncryptAllowDecrypt;
    }
    opts
}

fn from_len(env: &Env, n: f64) -> Result<usize> {
    if n.fract() == 0.0 && (0.0..=9_007_199_254_740_991.0).contains(&n) {
        // A safe non-negative integer: exact.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        return usize::try_from(n as u64)
            .map_err(|_| crate::error::range_error(env, format!("length out of range: {n}")));
    }
    Err(crate::error::range_error(
        env,
        format!("length out of range: {n}"),
    ))
}

fn as_len(env: &Env, n: u64) -> Result<f64> {
    // Lengths of in-memory buffers: far below 2^53, so exact as a JavaScript number.
    if n > (1u64 << 53) {
        return Err(crate::error::range_error(
            env,
            format!("The output would be {n} bytes, more than a Buffer can hold."),
        ));
    }
    #[allow(clippy::cast_precision_loss)]
    Ok(n as f64)
}

/// Phase 1 of `encryptSync`: obtains the data key from `keyring`, builds the header and returns
/// the message's exact length for a plaintext of `plaintextLength` bytes.
#[napi(js_name = "__encryptPrepare", skip_typescript, catch_unwind)]
pub fn encrypt_prepare(
    env: Env,
    plaintext_length: f64,
    keyring: Unknown<'_>,
    encryption_context: Option<String>,
    frame_length: Option<u32>,
    required_encryption_context_keys: Option<Vec<String>>,
) -> Result<f64> {
    encrypt_prepare_len(
        &env,
        from_len(&env, plaintext_length)?,
        keyring,
        encryption_context,
        frame_length,
        required_encryption_context_keys,
    )
}

pub(crate) fn encrypt_prepare_len(
    env: &Env,
    len: usize,
    keyring: Unknown<'_>,
    encryption_context: Option<String>,
    frame_length: Option<u32>,
    required_encryption_context_keys: Option<Vec<String>>,
) -> Result<f64> {
    let keyring = encrypting_keyring_arg(env, keyring, "keyring")?;
    let mut opts = datakey::EncryptOptions {
        encryption_context: context(encryption_context),
        ..Default::default()
    };
    if let Some(n) = frame_length {
        opts.frame_length = n;
    }
    if let Some(keys) = required_encryption_context_keys {
        opts.required_context_keys = keys;
    }
    let encryptor = core(env, || match &keyring {
        // Counted against the cache's limits with the plaintext's length, as `encrypt` does.
        EncryptingKeyring::Caching(k) => Encryptor::new(&k.for_plaintext_len(len as u64), opts),
        EncryptingKeyring::Other(k) => Encryptor::new(k.as_ref(), opts),
    })?;
    let message_len = encryptor.message_len(len as u64);
    park(Pending::Encrypt { encryptor, len });
    as_len(env, message_len)
}

/// Phase 2 of `encryptSync`: encrypts `plaintext` into `out`, which must be exactly the length
/// phase 1 returned (zeroed on failure).
#[napi(js_name = "__encryptFill", skip_typescript, catch_unwind)]
pub fn encrypt_fill(env: Env, plaintext: &[u8], mut out: BufferSlice<'_>) -> Result<()> {
    let Pending::Encrypt { encryptor, len } = take() else {
        return Err(no_prepare(&env, "__encryptFill"));
    };
    let out: &mut [u8] = &mut out;
    if plaintext.len() != len || overlap(plaintext, out) {
        return Err(state_error(
            &env,
            "__encryptFill: not the plaintext that was prepared".to_owned(),
        ));
    }
    core(&env, || encryptor.encrypt_to_slice(plaintext, out))
}

/// Runs core work on this thread, as `run_sync` does for the other `…Sync` functions: a core
/// error becomes its named JavaScript error, a panic a `PanicException`.
fn core<T>(env: &Env, f: impl FnOnce() -> datakey::Result<T>) -> Result<T> {
    match catch_panic(f) {
        Ok(r) => r.or_throw(env),
        Err(p) => Err(panic_error(env, &p)),
    }
}

/// True when two slices share memory (the same `ArrayBuffer` passed as input and output).
fn overlap(a: &[u8], b: &[u8]) -> bool {
    let (a0, a1) = (a.as_ptr() as usize, a.as_ptr() as usize + a.len());
    let (b0, b1) = (b.as_ptr() as usize, b.as_ptr() as usize + b.len());
    a0 < b1 && b0 < a1
}

/// `decryptSync` in one call: opens the message (header, keyring, commitment, body layout),
/// decrypts its plaintext straight into `out` — which JavaScript allocated with the message's
/// length, an upper bound of the plaintext's — zeroes the rest of `out`, and returns the
/// plaintext's length. The header's JSON waits for `__decryptHeader`. `commitmentPolicy`: 0 =
/// require (the default), 1 = allow legacy messages.
///
/// The core reads each message byte once (copying a frame into `out` before authenticating it
/// there) and zeroes the plaintext it wrote when any later check fails.
#[napi(js_name = "__decrypt", skip_typescript, catch_unwind)]
pub fn decrypt_into(
    env: Env,
    message: &[u8],
    keyring: Unknown<'_>,
    encryption_context: Option<String>,
    commitment_policy: u32,
    mut out: BufferSlice<'_>,
) -> Result<f64> {
    let out: &mut [u8] = &mut out;
    if overlap(message, out) {
        return Err(state_error(
            &env,
            "__decrypt: the output overlaps the message".to_owned(),
        ));
    }
    let keyring = keyring_arg(&env, keyring, "keyring")?;
    let opts = decrypt_options(encryption_context, commitment_policy);
    let opened = core(&env, || {
        datakey::message::open(message, keyring.as_ref(), &opts)
    })?;
    let len = opened.plaintext_len();
    let Some((head, tail)) = out.split_at_mut_checked(len) else {
        return Err(state_error(
            &env,
            "__decrypt: the output is shorter than the plaintext".to_owned(),
        ));
    };
    let header = core(&env, || opened.decrypt_to_slice(head))?;
    tail.fill(0);
    park(Pending::Header(header_json(&header)));
    as_len(&env, len as u64)
}

/// The header of the message the last `__decrypt` on this thread decrypted, as JSON.
#[napi(js_name = "__decryptHeader", skip_typescript, catch_unwind)]
pub fn decrypt_header(env: Env) -> Result<String> {
    match take() {
        Pending::Header(json) => Ok(json),
        _ => Err(no_prepare(&env, "__decryptHeader")),
    }
}

/// The header as the JSON of a `MessageHeader` object (built by hand: `format!` per byte of the
/// message ID and a `String` per escaped string cost as much as the rest of the binding).
pub(crate) fn header_json(h: &datakey::HeaderInfo) -> String {
    let mut s = String::with_capacity(256);
    s.push_str("{\"version\":");
    push_u64(&mut s, u64::from(h.version));
    s.push_str(",\"suiteId\":");
    push_u64(&mut s, u64::from(h.suite_id));
    s.push_str(",\"messageId\":\"");
    const HEX: &[u8; 16] = b"0123456789abcdef";
    for &b in &h.message_id {
        s.push(char::from(HEX[usize::from(b >> 4)]));
        s.push(char::from(HEX[usize::from(b & 15)]));
    }
    s.push_str("\",\"encryptionContext\":{");
    for (i, (k, v)) in h.encryption_context.iter().enumerate() {
        if i > 0 {
            s.push(',');
        }
        json_string(&mut s, k);
        s.push(':');
        json_string(&mut s, v);
    }
    s.push_str("},\"requiredEncryptionContextKeys\":[");
    for (i, k) in h.required_context_keys.iter().enumerate() {
        if i > 0 {
            s.push(',');
        }
        json_string(&mut s, k);
    }
    s.push_str("],\"encryptedDataKeys\":[");
    for (i, e) in h.encrypted_data_keys.iter().enumerate() {
        if i > 0 {
            s.push(',');
        }
        s.push_str("{\"providerId\":");
        json_string(&mut s, &e.provider_id);
        s.push_str(",\"keyName\":");
        json_string(&mut s, &e.key_name);
        s.push('}');
    }
    s.push_str("],\"frameLength\":");
    push_u64(&mut s, u64::from(h.frame_length));
    s.push_str(",\"headerLength\":");
    push_u64(
        &mut s,
        u64::from(u32::try_from(h.header_len).unwrap_or(u32::MAX)),
    );
    s.push('}');
    s
}

fn push_u64(out: &mut String, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &d in &digits[i..] {
        out.push(char::from(d));
    }
}

/// A JSON string literal: `"` and `\\` escaped, control characters as `\u00XX`, everything else
/// as is (JSON allows any other character unescaped).
fn json_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if u32::from(c) < 0x20 => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                let n = u32::from(c) as usize;
                out.push_str("\\u00");
                out.push(char::from(HEX[n >> 4]));
                out.push(char::from(HEX[n & 15]));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Whether `keyring` works purely in memory (raw AES keys; a `LocalKms` without a persistent
/// store; multi and caching keyrings made only of those), so that a small `encrypt` / `decrypt`
/// may run on the main thread instead of the libuv pool. `false` for anything else.
#[napi(js_name = "__keyringInMemory", skip_typescript, catch_unwind)]
pub fn keyring_in_memory(keyring: Unknown<'_>) -> bool {
    crate::keyring::in_memory(keyring)
}

// ---------------------------------------------------------------------------------------------
// The libuv-pool forms for large inputs: JavaScript allocates the output, a worker fills it.

/// `encrypt` of a large plaintext, after `__encryptPrepare` on this thread: `plaintext` is
/// copied here into the places its frames take in `out` (`Encryptor::stage_to_slice`; `out` is
/// what JavaScript allocated at the prepared length and does not hand out before the promise
/// settles), and a worker seals them there (`seal_staged`). The caller may change or reuse its
/// buffer as soon as this returns: the worker touches only `out`, and the copy is the output
/// itself (no second buffer, nothing left to wipe). Resolves to `undefined`.
#[napi(
    js_name = "__encryptStart",
    skip_typescript,
    catch_unwind,
    ts_return_type = "Promise<void>"
)]
pub fn encrypt_start(
    env: Env,
    plaintext: &[u8],
    mut out: Buffer,
) -> Result<AsyncTask<Work<EncryptIntoJob>>> {
    let Pending::Encrypt { encryptor, len } = take() else {
        return Err(no_prepare(&env, "__encryptStart"));
    };
    if plaintext.len() != len {
        return Err(state_error(
            &env,
            "__encryptStart: not the plaintext that was prepared".to_owned(),
        ));
    }
    let staged: &mut [u8] = out.as_mut();
    if overlap(plaintext, staged) {
        return Err(state_error(
            &env,
            "__encryptStart: the output overlaps the plaintext".to_owned(),
        ));
    }
    core(&env, || encryptor.stage_to_slice(plaintext, staged))?;
    Ok(spawn(EncryptIntoJob { encryptor, out }))
}

/// [`encrypt_start`] as a job.
pub struct EncryptIntoJob {
    encryptor: Encryptor,
    out: Buffer,
}

impl Job for EncryptIntoJob {
    /// The output's reference travels back so that it is released on the JavaScript thread.
    type Out = Buffer;
    type Js<'e> = ();
    fn run(mut self) -> datakey::Result<Buffer> {
        let out: &mut [u8] = self.out.as_mut();
        self.encryptor.seal_staged(out)?;
        Ok(self.out)
    }
    fn to_js(_env: &Env, out: Buffer) -> Result<()> {
        drop(out);
        Ok(())
    }
}

/// `decrypt` of a large message on the libuv pool: `message` is copied here into `out`
/// (JavaScript allocated it with the message's length and does not hand it out before the
/// promise settles), and a worker decrypts it there in place (`message::decrypt_in_slice`:
/// header, keyring, then each frame decrypted and moved down to the front), zeroing the rest.
/// Every byte of the caller's buffer is read once, here: it may change as soon as this returns.
/// Works with every keyring: the keyring runs on the worker.
#[napi(
    js_name = "__decryptStart",
    skip_typescript,
    catch_unwind,
    ts_return_type = "Promise<[number, string]>"
)]
pub fn decrypt_start(
    env: Env,
    message: &[u8],
    keyring: Unknown<'_>,
    encryption_context: Option<String>,
    commitment_policy: u32,
    mut out: Buffer,
) -> Result<AsyncTask<Work<DecryptIntoJob>>> {
    if out.len() < message.len() || overlap(message, out.as_ref()) {
        return Err(state_error(
            &env,
            "__decryptStart: the output is shorter than the message or overlaps it".to_owned(),
        ));
    }
    let keyring = keyring_arg(&env, keyring, "keyring")?;
    let opts = decrypt_options(encryption_context, commitment_policy);
    let staged: &mut [u8] = out.as_mut();
    staged[..message.len()].copy_from_slice(message);
    Ok(spawn(DecryptIntoJob {
        message_len: message.len(),
        keyring,
        opts,
        out,
    }))
}

/// [`decrypt_start`] as a job.
pub struct DecryptIntoJob {
    /// The message fills `out[..message_len]`.
    message_len: usize,
    keyring: std::sync::Arc<dyn datakey::Keyring>,
    opts: datakey::DecryptOptions,
    out: Buffer,
}

impl Job for DecryptIntoJob {
    type Out = (usize, String, Buffer);
    /// `[plaintext length, header JSON]`.
    type Js<'e> = (f64, String);
    fn run(mut self) -> datakey::Result<Self::Out> {
        let out: &mut [u8] = self.out.as_mut();
        let (message, tail) = out.split_at_mut(self.message_len);
        tail.fill(0);
        let (len, header) =
            datakey::message::decrypt_in_slice(message, self.keyring.as_ref(), &self.opts)?;
        Ok((len, header_json(&header), self.out))
    }
    fn to_js(env: &Env, (len, header, out): Self::Out) -> Result<(f64, String)> {
        drop(out);
        Ok((as_len(env, len as u64)?, header))
    }
}
