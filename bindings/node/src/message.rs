//! AWS Encryption SDK messages: one-shot `encrypt` / `decrypt` (async + sync) and the push-style
//! `MessageEncryptor` / `MessageDecryptor` state machines behind `encryptStream` / `decryptStream`.
//!
//! Everything about the format lives in the core; this module converts options and moves bytes.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::{Arc, Mutex, PoisonError};

use datakey::Keyring;
use datakey::message::Plaintext;
use napi::bindgen_prelude::*;
use napi_derive::napi;

use crate::convert::{bytes, encryption_context, int64, opt, request, string, string_list};
use crate::error::{OrThrow, range_error, state_error};
use crate::keyring::{EncryptingKeyring, encrypting_keyring_arg, keyring_arg};
use crate::task::{Job, Work, run_sync, spawn};

// ---------------------------------------------------------------------------------------------
// Options.

/// Options of `encrypt`, `encryptSync`, `encryptStream` and `new MessageEncryptor`.
#[napi(object)]
pub struct EncryptOptions<'a> {
    /// The encryption context to bind (stored in the header; keys starting with `aws-crypto-` are
    /// reserved).
    #[napi(ts_type = "Record<string, string>")]
    pub encryption_context: Option<Unknown<'a>>,
    /// Plaintext bytes per frame: a multiple of 16 up to 2^31 - 16 (default 4096).
    #[napi(ts_type = "number")]
    pub frame_length: Option<Unknown<'a>>,
    /// Keys of `encryptionContext` to authenticate without storing them in the header: whoever
    /// decrypts must supply these pairs again.
    #[napi(ts_type = "string[]")]
    pub required_encryption_context_keys: Option<Unknown<'a>>,
    /// The algorithm suite ID: `0x0478` (default, unsigned) or `0x0578` (signed with ECDSA P-384,
    /// the official ESDKs' default).
    #[napi(ts_type = "number")]
    pub algorithm_suite: Option<Unknown<'a>>,
}

fn encrypt_options(env: &Env, value: Option<Unknown<'_>>) -> Result<datakey::EncryptOptions> {
    let o: EncryptOptions<'_> = request(env, value, "options")?;
    let mut opts = datakey::EncryptOptions::default();
    if let Some(ec) = opt(o.encryption_context, |v| {
        encryption_context(env, v, "options.encryptionContext")
    })? {
        opts.encryption_context = ec;
    }
    if let Some(n) = opt(o.frame_length, |v| int64(env, v, "options.frameLength"))? {
        // The core checks the value (a multiple of 16 in range); here only what fits its type.
        opts.frame_length = u32::try_from(n).map_err(|_| {
            range_error(
                env,
                format!(
                    "The value of \"options.frameLength\" is out of range. It must be >= 0 and <= {}. Received {n}",
                    u32::MAX
                ),
            )
        })?;
    }
    if let Some(keys) = opt(o.required_encryption_context_keys, |v| {
        string_list(env, v, "options.requiredEncryptionContextKeys")
    })? {
        opts.required_context_keys = keys;
    }
    if let Some(id) = opt(o.algorithm_suite, |v| {
        int64(env, v, "options.algorithmSuite")
    })? {
        let id = non_negative::<u16>(env, id, "options.algorithmSuite")?;
        // An unknown ID is an UnsupportedSuiteError; the encryptor refuses a known one it does
        // not write.
        opts.algorithm_suite = datakey::message::AlgorithmSuite::from_id(id)
            .map_err(|e| crate::error::core_error(env, &e))?;
    }
    Ok(opts)
}

/// Options of `decrypt`, `decryptSync`, `decryptStream` and `new MessageDecryptor`.
#[napi(object)]
pub struct DecryptOptions<'a> {
    /// The encryption context you expect: pairs the header stores must match, and pairs it does
    /// not store are the required context the message authenticates.
    #[napi(ts_type = "Record<string, string>")]
    pub encryption_context: Option<Unknown<'a>>,
    /// `'REQUIRE_ENCRYPT_REQUIRE_DECRYPT'` (default: only key-committing messages) or
    /// `'REQUIRE_ENCRYPT_ALLOW_DECRYPT'` (also legacy non-committing ones).
    #[napi(ts_type = "'REQUIRE_ENCRYPT_REQUIRE_DECRYPT' | 'REQUIRE_ENCRYPT_ALLOW_DECRYPT'")]
    pub commitment_policy: Option<Unknown<'a>>,
    /// Most encrypted data keys a message may carry (default 16).
    #[napi(ts_type = "number")]
    pub max_encrypted_data_keys: Option<Unknown<'a>>,
    /// Largest header in bytes (default 256 KiB).
    #[napi(ts_type = "number")]
    pub max_header_size: Option<Unknown<'a>>,
    /// Largest frame length a message may declare: the most a decryptor holds at once (default
    /// 4 MiB).
    #[napi(ts_type = "number")]
    pub max_frame_length: Option<Unknown<'a>>,
    /// Largest total plaintext (default unlimited).
    #[napi(ts_type = "number")]
    pub max_body_size: Option<Unknown<'a>>,
    /// Refuse signed messages (suites 0x0214, 0x0346, 0x0378, 0x0578) with an
    /// `UnsupportedSuiteError` (default `false`).
    #[napi(ts_type = "boolean")]
    pub unsigned_only: Option<Unknown<'a>>,
}

fn non_negative<T: TryFrom<i64>>(env: &Env, n: i64, what: &str) -> Result<T> {
    T::try_from(n).map_err(|_| {
        range_error(
            env,
            format!("The value of \"{what}\" is out of range. Received {n}"),
        )
    })
}

fn decrypt_options(env: &Env, value: Option<Unknown<'_>>) -> Result<datakey::DecryptOptions> {
    let o: DecryptOptions<'_> = request(env, value, "options")?;
    let mut opts = datakey::DecryptOptions::default();
    if let Some(ec) = opt(o.encryption_context, |v| {
        encryption_context(env, v, "options.encryptionContext")
    })? {
        opts.encryption_context = ec;
    }
    if let Some(policy) = opt(o.commitment_policy, |v| {
        string(env, v, "options.commitmentPolicy")
    })? {
        opts.commitment_policy = match policy.as_str() {
            "REQUIRE_ENCRYPT_REQUIRE_DECRYPT" => {
                datakey::CommitmentPolicy::RequireEncryptRequireDecrypt
            }
            "REQUIRE_ENCRYPT_ALLOW_DECRYPT" => {
                datakey::CommitmentPolicy::RequireEncryptAllowDecrypt
            }
            other => {
                return Err(range_error(
                    env,
                    format!(
                        "The value of \"options.commitmentPolicy\" is out of range. It must be \
                         'REQUIRE_ENCRYPT_REQUIRE_DECRYPT' or 'REQUIRE_ENCRYPT_ALLOW_DECRYPT'. \
                         Received '{other}'"
                    ),
                ));
            }
        };
    }
    let limits = &mut opts.limits;
    if let Some(n) = opt(o.max_encrypted_data_keys, |v| {
        int64(env, v, "options.maxEncryptedDataKeys")
    })? {
        limits.max_encrypted_data_keys = non_negative(env, n, "options.maxEncryptedDataKeys")?;
    }
    if let Some(n) = opt(o.max_header_size, |v| {
        int64(env, v, "options.maxHeaderSize")
    })? {
        limits.max_header_size = non_negative(env, n, "options.maxHeaderSize")?;
    }
    if let Some(n) = opt(o.max_frame_length, |v| {
        int64(env, v, "options.maxFrameLength")
    })? {
        limits.max_frame_length = non_negative(env, n, "options.maxFrameLength")?;
    }
    if let Some(n) = opt(o.max_body_size, |v| int64(env, v, "options.maxBodySize"))? {
        limits.max_body_size = non_negative(env, n, "options.maxBodySize")?;
    }
    if let Some(b) = opt(o.unsigned_only, |v| {
        crate::convert::boolean(env, v, "options.unsignedOnly")
    })? {
        opts.unsigned_only = b;
    }
    Ok(opts)
}

// ---------------------------------------------------------------------------------------------
// Results.

/// An encrypted data key as the header names it (public data).
#[napi(object)]
pub struct EncryptedDataKeyInfo {
    /// The provider ID (a raw AES key namespace, or `aws-kms`).
    pub provider_id: String,
    /// The key name (raw AES) or key ARN (KMS).
    pub key_name: String,
}

/// What a message's header says.
#[napi(object)]
pub struct MessageHeader {
    /// Message format version: 2 (or 1 for legacy messages).
    pub version: u32,
    /// The algorithm suite ID, e.g. `0x0478` (1144).
    pub suite_id: u32,
    /// The message ID, in hex.
    pub message_id: String,
    /// The full encryption context the message binds.
    pub encryption_context: HashMap<String, String>,
    /// Keys of `encryptionContext` the message authenticates without storing them.
    pub required_encryption_context_keys: Vec<String>,
    /// The encrypted data keys, in header order.
    pub encrypted_data_keys: Vec<EncryptedDataKeyInfo>,
    /// The frame length (0 for a non-framed legacy body).
    pub frame_length: u32,
    /// The header's length in bytes.
    pub header_length: u32,
}

fn message_header(h: datakey::HeaderInfo) -> MessageHeader {
    let mut message_id = String::with_capacity(h.message_id.len() * 2);
    for b in &h.message_id {
        let _ = write!(message_id, "{b:02x}");
    }
    MessageHeader {
        version: u32::from(h.version),
        suite_id: u32::from(h.suite_id),
        message_id,
        encryption_context: h
            .encryption_context
            .iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect(),
        required_encryption_context_keys: h.required_context_keys,
        encrypted_data_keys: h
            .encrypted_data_keys
            .into_iter()
            .map(|e| EncryptedDataKeyInfo {
                provider_id: e.provider_id,
                key_name: e.key_name,
            })
            .collect(),
        frame_length: h.frame_length,
        header_length: u32::try_from(h.header_len).unwrap_or(u32::MAX),
    }
}

/// The result of `decrypt`.
#[napi(object)]
pub struct DecryptResult {
    /// The plaintext (only ever returned whole, after every frame and the end of the message
    /// verified).
    pub plaintext: Buffer,
    /// The message's header.
    pub message_header: MessageHeader,
}

// ---------------------------------------------------------------------------------------------
// One-shot encrypt / decrypt.

/// `encrypt` as a job: owns a copy of the plaintext (zeroized when dropped).
pub struct EncryptJob {
    plaintext: Plaintext,
    keyring: EncryptingKeyring,
    opts: datakey::EncryptOptions,
}

impl Job for EncryptJob {
    type Out = Vec<u8>;
    type Js<'e> = Buffer;
    fn run(self) -> datakey::Result<Vec<u8>> {
        self.keyring.encrypt(&self.plaintext, &self.opts)
    }
    fn to_js(_env: &Env, out: Vec<u8>) -> Result<Buffer> {
        Ok(out.into())
    }
}

/// `decrypt` as a job: owns a copy of the message.
pub struct DecryptJob {
    message: Vec<u8>,
    keyring: Arc<dyn Keyring>,
    opts: datakey::DecryptOptions,
}

impl Job for DecryptJob {
    type Out = datakey::Decrypted;
    type Js<'e> = DecryptResult;
    fn run(self) -> datakey::Result<datakey::Decrypted> {
        datakey::decrypt(&self.message, self.keyring.as_ref(), &self.opts)
    }
    fn to_js(_env: &Env, out: datakey::Decrypted) -> Result<DecryptResult> {
        decrypt_result(out)
    }
}

fn decrypt_result(out: datakey::Decrypted) -> Result<DecryptResult> {
    let datakey::Decrypted {
        mut plaintext,
        header,
    } = out;
    // The plaintext moves into the Buffer without a copy; from here on it is JavaScript's memory
    // (the caller may zero it with `plaintext.fill(0)`).
    let plaintext = std::mem::take(&mut *plaintext);
    Ok(DecryptResult {
        plaintext: plaintext.into(),
        message_header: message_header(header),
    })
}

fn encrypt_job(
    env: &Env,
    plaintext: Unknown<'_>,
    keyring: Unknown<'_>,
    options: Option<Unknown<'_>>,
) -> Result<EncryptJob> {
    let plaintext = bytes(env, plaintext, "plaintext")?;
    let keyring = encrypting_keyring_arg(env, keyring, "keyring")?;
    let opts = encrypt_options(env, options)?;
    Ok(EncryptJob {
        plaintext: Plaintext::from(plaintext.to_vec()),
        keyring,
        opts,
    })
}

/// Encrypts `plaintext` into one AWS Encryption SDK message (format v2, suite 0x0478, framed),
/// on the libuv thread pool. Resolves to the message bytes. With a `CachingKeyring`, the message
/// may reuse a cached data key (and counts against the cache's limits).
#[napi(
    catch_unwind,
    ts_args_type = "plaintext: Uint8Array | ArrayBuffer, keyring: Keyring, options?: EncryptOptions",
    ts_return_type = "Promise<Buffer>"
)]
pub fn encrypt(
    env: Env,
    plaintext: Unknown<'_>,
    keyring: Unknown<'_>,
    options: Option<Unknown<'_>>,
) -> Result<AsyncTask<Work<EncryptJob>>> {
    Ok(spawn(encrypt_job(&env, plaintext, keyring, options)?))
}

/// `encrypt`, synchronously.
#[napi(
    catch_unwind,
    ts_args_type = "plaintext: Uint8Array | ArrayBuffer, keyring: Keyring, options?: EncryptOptions"
)]
pub fn encrypt_sync(
    env: Env,
    plaintext: Unknown<'_>,
    keyring: Unknown<'_>,
    options: Option<Unknown<'_>>,
) -> Result<Buffer> {
    // Same core call as the async form; the plaintext is borrowed, not copied.
    let pt = bytes(&env, plaintext, "plaintext")?;
    let keyring = encrypting_keyring_arg(&env, keyring, "keyring")?;
    let opts = encrypt_options(&env, options)?;
    let out = keyring.encrypt(&pt, &opts).or_throw(&env)?;
    EncryptJob::to_js(&env, out)
}

/// Decrypts a whole message on the libuv thread pool. Resolves to `{ plaintext, messageHeader }`
/// only when everything verified; rejects with `DecryptionError` (wrong key or context,
/// tampering, truncation), `NoMatchingKeyError`, `MalformedMessageError`, … otherwise.
#[napi(
    catch_unwind,
    ts_args_type = "message: Uint8Array | ArrayBuffer, keyring: Keyring, options?: DecryptOptions",
    ts_return_type = "Promise<DecryptResult>"
)]
pub fn decrypt(
    env: Env,
    message: Unknown<'_>,
    keyring: Unknown<'_>,
    options: Option<Unknown<'_>>,
) -> Result<AsyncTask<Work<DecryptJob>>> {
    let message = bytes(&env, message, "message")?;
    let keyring = keyring_arg(&env, keyring, "keyring")?;
    let opts = decrypt_options(&env, options)?;
    Ok(spawn(DecryptJob {
        message: message.to_vec(),
        keyring,
        opts,
    }))
}

/// `decrypt`, synchronously.
#[napi(
    catch_unwind,
    ts_args_type = "message: Uint8Array | ArrayBuffer, keyring: Keyring, options?: DecryptOptions"
)]
pub fn decrypt_sync(
    env: Env,
    message: Unknown<'_>,
    keyring: Unknown<'_>,
    options: Option<Unknown<'_>>,
) -> Result<DecryptResult> {
    let message = bytes(&env, message, "message")?;
    let keyring = keyring_arg(&env, keyring, "keyring")?;
    let opts = decrypt_options(&env, options)?;
    let out = datakey::decrypt(&message, keyring.as_ref(), &opts).or_throw(&env)?;
    decrypt_result(out)
}

// ---------------------------------------------------------------------------------------------
// Push-style state machines (the streams' engines).

/// The state shared by a state-machine object and its in-flight task: the core machine (gone
/// once finished or failed) and whether a call is running.
/// The state shared by a state-machine object and its in-flight task.
pub struct Machine<M> {
    state: Mutex<Slot<M>>,
}

/// The machine's stage and whether a call is running.
pub struct Slot<M> {
    stage: Stage<M>,
    busy: bool,
}

/// Where a state machine is: not started (the core machine is built by the first call, so that
/// an encryptor obtains its data key off the main thread and a keyring failure surfaces as that
/// call's error), running, or ended (finished or failed).
enum Stage<M> {
    Start(Box<dyn FnOnce() -> datakey::Result<M> + Send>),
    Running(M),
    Ended,
}

impl<M> Machine<M> {
    fn new(start: impl FnOnce() -> datakey::Result<M> + Send + 'static) -> Arc<Self> {
        Arc::new(Self {
            state: Mutex::new(Slot {
                stage: Stage::Start(Box::new(start)),
                busy: false,
            }),
        })
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Slot<M>> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Marks a call as running, refusing overlapping calls (their order on the thread pool would
    /// not be the order of the bytes) and calls after the end.
    fn begin(&self, env: &Env, what: &str) -> Result<()> {
        let mut slot = self.lock();
        if slot.busy {
            return Err(state_error(
                env,
                format!("{what}: the previous call has not completed yet; await it first"),
            ));
        }
        if matches!(slot.stage, Stage::Ended) {
            return Err(state_error(
                env,
                format!("{what}: the message has already ended (finished or failed)"),
            ));
        }
        slot.busy = true;
        Ok(())
    }

    fn end(&self) {
        self.lock().busy = false;
    }

    /// The running machine, started if need be. Leaves the stage `Ended`.
    fn take_running(slot: &mut Slot<M>) -> datakey::Result<M> {
        match std::mem::replace(&mut slot.stage, Stage::Ended) {
            Stage::Start(start) => start(),
            Stage::Running(m) => Ok(m),
            Stage::Ended => Err(ended()),
        }
    }

    /// Runs `f` on the machine. After an error the machine is dropped: a failed message stays
    /// failed.
    fn with<T>(&self, f: impl FnOnce(&mut M) -> datakey::Result<T>) -> datakey::Result<T> {
        let mut slot = self.lock();
        let mut machine = Self::take_running(&mut slot)?;
        let result = f(&mut machine);
        if result.is_ok() {
            slot.stage = Stage::Running(machine);
        }
        result
    }

    /// Takes the machine out to finish it.
    fn take(&self) -> datakey::Result<M> {
        Self::take_running(&mut self.lock())
    }

    /// A view of the running machine (`None` before the first call and after the end).
    fn peek<T>(&self, f: impl FnOnce(&M) -> Option<T>) -> Option<T> {
        match &self.lock().stage {
            Stage::Running(m) => f(m),
            _ => None,
        }
    }
}

fn ended() -> datakey::Error {
    datakey::Error::Validation("The message has already ended.".into())
}

/// One `update` / `finish` call of a state machine, as a job. `busy` is cleared on the
/// JavaScript thread when the result is delivered.
pub struct Step<M: Send + 'static, O> {
    machine: Arc<Machine<M>>,
    /// A copy of the chunk (plaintext, for an encryptor), zeroized when dropped.
    input: Plaintext,
    op: O,
}

/// What a [`Step`] does with its machine.
pub trait StepOp<M>: Send + 'static {
    /// The core result.
    type Out: Send + 'static;
    /// The JavaScript result.
    type Js<'e>: ToNapiValue + TypeName;
    /// The core call.
    fn apply(self, machine: &Machine<M>, input: &[u8]) -> datakey::Result<Self::Out>;
    /// The conversion.
    fn to_js(env: &Env, out: Self::Out) -> Result<Self::Js<'_>>;
}

impl<M: Send + 'static, O: StepOp<M>> Job for Step<M, O> {
    type Out = (Arc<Machine<M>>, datakey::Result<O::Out>);
    type Js<'e> = O::Js<'e>;
    fn run(self) -> datakey::Result<Self::Out> {
        let result = self.op.apply(&self.machine, &self.input);
        Ok((self.machine, result))
    }
    fn to_js(env: &Env, (machine, result): Self::Out) -> Result<O::Js<'_>> {
        machine.end();
        O::to_js(env, result.or_throw(env)?)
    }
}

/// Feeds bytes to a machine; resolves to the output they completed (one `Buffer`).
pub struct Update;
/// Ends an encryptor; resolves to the rest of the message.
pub struct FinishEncrypt;
/// Ends a decryptor; resolves to the message header.
pub struct FinishDecrypt;

impl StepOp<datakey::Encryptor> for FinishEncrypt {
    type Out = Vec<u8>;
    type Js<'e> = Buffer;
    fn apply(self, m: &Machine<datakey::Encryptor>, _input: &[u8]) -> datakey::Result<Vec<u8>> {
        let mut out = Vec::new();
        m.take()?.finish(&mut out)?;
        Ok(out)
    }
    fn to_js(_env: &Env, out: Vec<u8>) -> Result<Buffer> {
        Ok(out.into())
    }
}

impl StepOp<datakey::Decryptor> for FinishDecrypt {
    type Out = datakey::HeaderInfo;
    type Js<'e> = MessageHeader;
    fn apply(self, m: &Machine<datakey::Decryptor>, _input: &[u8]) -> datakey::Result<Self::Out> {
        m.take()?.finish()
    }
    fn to_js(_env: &Env, out: datakey::HeaderInfo) -> Result<MessageHeader> {
        Ok(message_header(out))
    }
}

/// A streaming machine's `update`: the encryptor appends the message bytes a chunk completed,
/// the decryptor only verified plaintext (a frame is released once its tag has checked).
pub trait Feed: Send + 'static {
    /// Feeds `input`, appending what it completed to `out`.
    fn feed(&mut self, input: &[u8], out: &mut Vec<u8>) -> datakey::Result<()>;
}

impl Feed for datakey::Encryptor {
    fn feed(&mut self, input: &[u8], out: &mut Vec<u8>) -> datakey::Result<()> {
        self.update(input, out)
    }
}

impl Feed for datakey::Decryptor {
    fn feed(&mut self, input: &[u8], out: &mut Vec<u8>) -> datakey::Result<()> {
        self.update(input, out)
    }
}

impl<M: Feed> StepOp<M> for Update {
    type Out = Vec<u8>;
    type Js<'e> = Buffer;
    fn apply(self, m: &Machine<M>, input: &[u8]) -> datakey::Result<Vec<u8>> {
        let mut out = Vec::new();
        m.with(|machine| machine.feed(input, &mut out))?;
        Ok(out)
    }
    fn to_js(_env: &Env, out: Vec<u8>) -> Result<Buffer> {
        Ok(out.into())
    }
}

fn step<M: Send + 'static, O: StepOp<M>>(
    env: &Env,
    machine: &Arc<Machine<M>>,
    input: Plaintext,
    op: O,
    what: &str,
) -> Result<Step<M, O>> {
    machine.begin(env, what)?;
    Ok(Step {
        machine: machine.clone(),
        input,
        op,
    })
}

/// `update(chunk)` on the thread pool: the chunk is copied (and zeroized when dropped).
fn update_async<M: Feed>(
    env: &Env,
    machine: &Arc<Machine<M>>,
    chunk: Unknown<'_>,
) -> Result<AsyncTask<Work<Step<M, Update>>>> {
    let chunk = Plaintext::from(bytes(env, chunk, "chunk")?.to_vec());
    Ok(spawn(step(env, machine, chunk, Update, "update")?))
}

/// `updateSync(chunk)`: on the JavaScript thread, straight from the caller's bytes.
fn update_sync<M: Feed>(env: &Env, machine: &Machine<M>, chunk: Unknown<'_>) -> Result<Buffer> {
    let chunk = bytes(env, chunk, "chunk")?;
    machine.begin(env, "updateSync")?;
    let mut out = Vec::new();
    let result = machine.with(|m| m.feed(&chunk, &mut out));
    machine.end();
    result.or_throw(env)?;
    Ok(out.into())
}

/// `finish()` on the thread pool.
fn finish_async<M: Send + 'static, O: StepOp<M>>(
    env: &Env,
    machine: &Arc<Machine<M>>,
    op: O,
) -> Result<AsyncTask<Work<Step<M, O>>>> {
    Ok(spawn(step(
        env,
        machine,
        Plaintext::from(Vec::new()),
        op,
        "finish",
    )?))
}

/// `finishSync()`.
fn finish_sync<'e, M: Send + 'static, O: StepOp<M>>(
    env: &'e Env,
    machine: &Arc<Machine<M>>,
    op: O,
) -> Result<O::Js<'e>> {
    let s = step(env, machine, Plaintext::from(Vec::new()), op, "finishSync")?;
    run_sync(env, s)
}

/// A message being encrypted piece by piece: `update(chunk)` returns the message bytes completed
/// so far (header, then whole frames), `finish()` the final frame. Holds at most one frame of
/// plaintext. The engine of `encryptStream`.
#[napi]
pub struct MessageEncryptor {
    machine: Arc<Machine<datakey::Encryptor>>,
}

#[napi]
impl MessageEncryptor {
    /// Prepares a message under `keyring`. The data key is obtained by the first `update` or
    /// `finish` (so a keyring failure, such as a disabled KMS key, is that call's error).
    #[napi(
        catch_unwind,
        constructor,
        ts_args_type = "keyring: Keyring, options?: EncryptOptions"
    )]
    pub fn new(env: Env, keyring: Unknown<'_>, options: Option<Unknown<'_>>) -> Result<Self> {
        let keyring = keyring_arg(&env, keyring, "keyring")?;
        let opts = encrypt_options(&env, options)?;
        Ok(Self {
            machine: Machine::new(move || datakey::Encryptor::new(keyring.as_ref(), opts)),
        })
    }

    /// Encrypts `chunk` on the libuv thread pool; resolves to the bytes it completed (possibly
    /// empty). Calls must not overlap: await each before the next.
    #[napi(
        catch_unwind,
        ts_args_type = "chunk: Uint8Array | ArrayBuffer",
        ts_return_type = "Promise<Buffer>"
    )]
    pub fn update(
        &self,
        env: Env,
        chunk: Unknown<'_>,
    ) -> Result<AsyncTask<Work<Step<datakey::Encryptor, Update>>>> {
        update_async(&env, &self.machine, chunk)
    }

    /// `update`, synchronously.
    #[napi(catch_unwind, ts_args_type = "chunk: Uint8Array | ArrayBuffer")]
    pub fn update_sync(&self, env: Env, chunk: Unknown<'_>) -> Result<Buffer> {
        update_sync(&env, &self.machine, chunk)
    }

    /// Ends the message; resolves to the final frame (and the header, if no `update` came).
    #[napi(catch_unwind, ts_return_type = "Promise<Buffer>")]
    pub fn finish(
        &self,
        env: Env,
    ) -> Result<AsyncTask<Work<Step<datakey::Encryptor, FinishEncrypt>>>> {
        finish_async(&env, &self.machine, FinishEncrypt)
    }

    /// `finish`, synchronously.
    #[napi(catch_unwind)]
    pub fn finish_sync(&self, env: Env) -> Result<Buffer> {
        finish_sync(&env, &self.machine, FinishEncrypt)
    }
}

/// A message being decrypted piece by piece: `update(chunk)` returns the plaintext of the frames
/// it completed — each released only after its tag verified — and `finish()` checks that the
/// message ended properly (final frame present, no trailing bytes) and returns its header. Holds
/// at most one frame. The engine of `decryptStream`.
#[napi]
pub struct MessageDecryptor {
    machine: Arc<Machine<datakey::Decryptor>>,
}

#[napi]
impl MessageDecryptor {
    /// A decryptor that opens the message's data key with `keyring`.
    #[napi(
        catch_unwind,
        constructor,
        ts_args_type = "keyring: Keyring, options?: DecryptOptions"
    )]
    pub fn new(env: Env, keyring: Unknown<'_>, options: Option<Unknown<'_>>) -> Result<Self> {
        let keyring = keyring_arg(&env, keyring, "keyring")?;
        let opts = decrypt_options(&env, options)?;
        Ok(Self {
            machine: Machine::new(move || Ok(datakey::Decryptor::new(keyring, opts))),
        })
    }

    /// Decrypts `chunk` on the libuv thread pool; resolves to the verified plaintext it completed
    /// (possibly empty). Calls must not overlap: await each before the next.
    #[napi(
        catch_unwind,
        ts_args_type = "chunk: Uint8Array | ArrayBuffer",
        ts_return_type = "Promise<Buffer>"
    )]
    pub fn update(
        &self,
        env: Env,
        chunk: Unknown<'_>,
    ) -> Result<AsyncTask<Work<Step<datakey::Decryptor, Update>>>> {
        update_async(&env, &self.machine, chunk)
    }

    /// `update`, synchronously.
    #[napi(catch_unwind, ts_args_type = "chunk: Uint8Array | ArrayBuffer")]
    pub fn update_sync(&self, env: Env, chunk: Unknown<'_>) -> Result<Buffer> {
        update_sync(&env, &self.machine, chunk)
    }

    /// The header, once it has arrived and authenticated (`null` before).
    #[napi(catch_unwind)]
    pub fn header(&self) -> Option<MessageHeader> {
        self.machine
            .peek(|d| d.header().cloned())
            .map(message_header)
    }

    /// Ends the message; resolves to its header, or rejects if it was cut short (inside the
    /// header or before the final frame).
    #[napi(catch_unwind, ts_return_type = "Promise<MessageHeader>")]
    pub fn finish(
        &self,
        env: Env,
    ) -> Result<AsyncTask<Work<Step<datakey::Decryptor, FinishDecrypt>>>> {
        finish_async(&env, &self.machine, FinishDecrypt)
    }

    /// `finish`, synchronously.
    #[napi(catch_unwind)]
    pub fn finish_sync(&self, env: Env) -> Result<MessageHeader> {
        finish_sync(&env, &self.machine, FinishDecrypt)
    }
}
