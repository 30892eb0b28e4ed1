//! The push-style decryptor: a state machine over header, frames and end of message.

use std::borrow::Cow;
use std::sync::Arc;

use core::fmt;

use zeroize::Zeroize;

use crate::crypto::sign::{SignatureAlgorithm, Verifier};
use crate::crypto::{AesGcmKey, NONCE_LEN, TAG_LEN};
use crate::ec::EncryptionContext;
use crate::error::{Error, NoMatchingKey, Result};
use crate::keyring::Keyring;
use crate::materials::DecryptionMaterials;
use crate::message::body::{
    FINAL_FRAME_STRING, FINAL_MARKER, FRAME_STRING, MAX_NON_FRAMED_LEN, NON_FRAMED_PREFIX,
    REGULAR_OVERHEAD, SINGLE_BLOCK_STRING, be_u32, be_u64, body_aad, frame_iv,
};
use crate::message::header::{self, CONTENT_FRAMED, Need, PUBLIC_KEY_CONTEXT_KEY};
use crate::message::{CommitmentPolicy, DecryptOptions, EdkInfo, HeaderInfo, Plaintext, kdf};
use crate::secret::ct_eq;

/// Decrypts a message chunk by chunk.
///
/// Feed the message in chunks of any size to [`update`](Self::update): it appends to `out` the
/// plaintext of every frame whose tag has verified, and holds at most one header or one frame of
/// ciphertext in between. [`finish`](Self::finish) fails if the final frame never came. Bytes
/// after the final frame, frames out of order, repeated or missing frames are errors; a stream is
/// never silently truncated.
///
/// The plaintext of early frames is released before the end of the message is seen (each frame
/// is authenticated on its own, by its AES-GCM tag under the data key); a caller that must not
/// act on a truncated message checks [`finish`](Self::finish) before using the output.
///
/// **Signed messages** (suites 0x0214, 0x0346, 0x0378, 0x0578) end with an ECDSA signature over
/// the whole message. The final frame's plaintext is held back until that signature has
/// verified: it is appended by the `update` that completes the footer. Earlier frames are released
/// as their tags verify, as for unsigned messages — which proves only that whoever wrote them held
/// the data key, as every reader of the message does. That a frame was written by the holder of
/// the message's signing key, i.e. by its encrypting party and not by another reader, is
/// established only when [`finish`](Self::finish) returns `Ok`: until then treat released
/// plaintext as unverified.
///
/// After any error the decryptor is spent: every later call fails.
///
/// ```
/// use std::sync::Arc;
/// use datakey::keyring::{Keyring, RawAesKeyring};
/// use datakey::message::{self, DecryptOptions, Decryptor, EncryptOptions};
/// let keyring: Arc<dyn Keyring> = Arc::new(RawAesKeyring::new("ns", "key", &[1u8; 32])?);
/// let ciphertext = message::encrypt(b"chunk by chunk", keyring.as_ref(), &EncryptOptions::default())?;
/// let mut dec = Decryptor::new(keyring, DecryptOptions::default());
/// let mut plaintext = Vec::new();
/// for chunk in ciphertext.chunks(7) {
///     dec.update(chunk, &mut plaintext)?;
/// }
/// let header = dec.finish()?;
/// assert_eq!(plaintext, b"chunk by chunk");
/// assert_eq!(header.suite_id, 0x0478);
/// # Ok::<(), datakey::Error>(())
/// ```
pub struct Decryptor {
    keyring: Arc<dyn Keyring>,
    core: Core<'static>,
}

impl Decryptor {
    /// A decryptor that opens the message's data key with `keyring` under `opts`.
    pub fn new(keyring: Arc<dyn Keyring>, opts: DecryptOptions) -> Self {
        Self {
            keyring,
            core: Core::new(Cow::Owned(opts)),
        }
    }

    /// Consumes `input`, appending verified plaintext to `out`. Nothing is appended for a frame
    /// that fails to verify.
    ///
    /// # Errors
    ///
    /// Everything [`decrypt`](crate::message::decrypt) reports, as soon as the bytes that show it
    /// have arrived; [`Error::Malformed`] for bytes after the final frame; [`Error::Validation`]
    /// when called again after an error.
    pub fn update(&mut self, input: &[u8], out: &mut Vec<u8>) -> Result<()> {
        self.core.update(self.keyring.as_ref(), input, out)
    }

    /// The header, once it has arrived and authenticated.
    pub fn header(&self) -> Option<&HeaderInfo> {
        self.core.info.as_ref()
    }

    /// Bytes of input held back until the rest of their header or frame arrives (never more than
    /// one header or one frame).
    pub fn buffered_len(&self) -> usize {
        self.core.buf.len()
    }

    /// Ends the message, returning its header.
    ///
    /// # Errors
    ///
    /// [`Error::Malformed`] when the message ended inside its header or before its final frame;
    /// [`Error::Validation`] after an earlier error.
    pub fn finish(self) -> Result<HeaderInfo> {
        self.core.finish()
    }
}

impl fmt::Debug for Decryptor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Decryptor")
            .field("keyring", &self.keyring)
            .field("core", &self.core)
            .finish()
    }
}

/// The message body's decryption state: the key schedule and the frame bookkeeping.
pub(crate) struct Body {
    /// For a signed message: the verifier, fed the header and every body byte so far.
    pub(crate) signature: Option<Verifier>,
    pub(crate) key: AesGcmKey,
    pub(crate) message_id: Vec<u8>,
    pub(crate) frame_length: u32,
    pub(crate) next_seq: u32,
    /// The regular frames' AAD (only the sequence number changes from frame to frame).
    pub(crate) aad: Vec<u8>,
    pub(crate) plaintext_len: u64,
}

impl Body {
    /// Puts regular frame `seq`'s sequence number into [`aad`](Self::aad).
    pub(crate) fn set_frame_seq(&mut self, seq: u32) {
        let n = self.aad.len();
        self.aad[n - 12..n - 8].copy_from_slice(&seq.to_be_bytes());
    }

    /// The AAD of the final frame, number `seq`, holding `len` bytes.
    pub(crate) fn final_aad(&self, seq: u32, len: u64) -> Vec<u8> {
        let mut aad = Vec::with_capacity(self.message_id.len() + FINAL_FRAME_STRING.len() + 12);
        body_aad(&mut aad, &self.message_id, FINAL_FRAME_STRING, seq, len);
        aad
    }

    /// The AAD of a non-framed body of `len` bytes.
    pub(crate) fn non_framed_aad(&self, len: u64) -> Vec<u8> {
        let mut aad = Vec::with_capacity(self.message_id.len() + SINGLE_BLOCK_STRING.len() + 12);
        body_aad(&mut aad, &self.message_id, SINGLE_BLOCK_STRING, 1, len);
        aad
    }
}

/// Frame `seq` came where frame `expected` belonged.
pub(crate) fn out_of_order(seq: u32, expected: u32) -> Error {
    Error::Malformed(format!(
        "frame {seq} arrived where frame {expected} was expected (frames out of order, repeated \
         or missing)"
    ))
}

/// Frame `seq`'s IV is not the one its sequence number fixes.
pub(crate) fn malformed_iv(seq: u32) -> Error {
    Error::Malformed(format!("frame {seq} has a malformed IV"))
}

/// A non-framed body's IV is not the one the format fixes.
pub(crate) fn malformed_non_framed_iv() -> Error {
    Error::Malformed("the non-framed body has a malformed IV".into())
}

/// The sequence numbers ran out.
pub(crate) fn too_many_frames() -> Error {
    Error::Malformed("the message has more frames than the format allows".into())
}

enum State {
    Header,
    Framed(Box<Body>),
    NonFramed(Box<Body>),
    /// A signed message's body has ended: waiting for its footer, with the final frame's
    /// plaintext held back until the signature verifies.
    Footer(Box<Body>, Plaintext),
    Done,
    Failed,
}

/// The decryptor proper, generic over who owns the options; the keyring is passed to each call
/// (so the one-shot [`decrypt`](crate::message::decrypt) borrows both).
pub(crate) struct Core<'o> {
    opts: Cow<'o, DecryptOptions>,
    state: State,
    buf: Vec<u8>,
    pub(crate) info: Option<HeaderInfo>,
}

impl fmt::Debug for Core<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = match &self.state {
            State::Header => "header",
            State::Framed(_) => "framed body",
            State::NonFramed(_) => "non-framed body",
            State::Footer(..) => "footer",
            State::Done => "done",
            State::Failed => "failed",
        };
        f.debug_struct("Decryptor")
            .field("state", &state)
            .field("buffered", &self.buf.len())
            .field("header", &self.info)
            .finish()
    }
}

impl<'o> Core<'o> {
    pub(crate) fn new(opts: Cow<'o, DecryptOptions>) -> Self {
        Self {
            opts,
            state: State::Header,
            buf: Vec::new(),
            info: None,
        }
    }

    pub(crate) fn update(
        &mut self,
        keyring: &dyn Keyring,
        input: &[u8],
        out: &mut Vec<u8>,
    ) -> Result<()> {
        if matches!(self.state, State::Failed) {
            return Err(spent());
        }
        let result = self.update_inner(keyring, input, out);
        if result.is_err() {
            self.state = State::Failed;
            self.buf = Vec::new();
        }
        result
    }

    pub(crate) fn finish(self) -> Result<HeaderInfo> {
        match (self.state, self.info) {
            (State::Done, Some(info)) if self.buf.is_empty() => Ok(info),
            (State::Failed, _) => Err(spent()),
            (State::Header, _) => Err(Error::Malformed(
                "the message ended inside its header".into(),
            )),
            (State::Footer(..), _) => Err(Error::Malformed(
                "the message ended before its signature (footer)".into(),
            )),
            _ => Err(Error::Malformed(
                "the message ended before its final frame".into(),
            )),
        }
    }

    fn update_inner(
        &mut self,
        keyring: &dyn Keyring,
        mut input: &[u8],
        out: &mut Vec<u8>,
    ) -> Result<()> {
        // First complete the unit already partly buffered, taking only the bytes it needs.
        while !self.buf.is_empty() {
            let wanted = match self.need(&self.buf)? {
                Need::Total(n) | Need::AtLeast(n) => n,
            };
            let take = wanted.saturating_sub(self.buf.len()).min(input.len());
            self.buf.extend_from_slice(&input[..take]);
            input = &input[take..];
            match self.need(&self.buf)? {
                Need::Total(n) if self.buf.len() == n => {
                    let unit = core::mem::take(&mut self.buf);
                    let result = self.process(keyring, &unit, out);
                    self.buf = unit;
                    self.buf.clear();
                    result?;
                }
                _ if input.is_empty() => return Ok(()),
                _ => {}
            }
        }
        // Then work straight from the input, buffering only an incomplete last unit.
        while !input.is_empty() {
            match self.need(input)? {
                Need::Total(n) if input.len() >= n => {
                    let (unit, rest) = input.split_at(n);
                    self.process(keyring, unit, out)?;
                    input = rest;
                }
                _ => {
                    self.buf.extend_from_slice(input);
                    return Ok(());
                }
            }
        }
        Ok(())
    }

    /// How long the next unit (header, frame or non-framed body) is, judging from its start.
    fn need(&self, bytes: &[u8]) -> Result<Need> {
        match &self.state {
            State::Header => header::scan(bytes, &self.opts.limits),
            State::Framed(body) => {
                if bytes.len() < 4 {
                    return Ok(Need::AtLeast(4));
                }
                if be_u32(bytes, 0) != FINAL_MARKER {
                    return Ok(Need::Total(REGULAR_OVERHEAD + body.frame_length as usize));
                }
                if bytes.len() < 4 + 4 + NONCE_LEN + 4 {
                    return Ok(Need::AtLeast(4 + 4 + NONCE_LEN + 4));
                }
                let len = be_u32(bytes, 4 + 4 + NONCE_LEN);
                if len > body.frame_length {
                    return Err(Error::Malformed(format!(
                        "the final frame holds {len} bytes, more than the frame length {}",
                        body.frame_length
                    )));
                }
                Ok(Need::Total(4 + 4 + NONCE_LEN + 4 + len as usize + TAG_LEN))
            }
            State::NonFramed(_) => {
                if bytes.len() < NON_FRAMED_PREFIX {
                    return Ok(Need::AtLeast(NON_FRAMED_PREFIX));
                }
                let len = be_u64(bytes, NONCE_LEN);
                if len > MAX_NON_FRAMED_LEN {
                    return Err(Error::Malformed(format!(
                        "a non-framed body of {len} bytes exceeds the format's maximum"
                    )));
                }
                let limits = &self.opts.limits;
                if len > u64::from(limits.max_frame_length) || len > limits.max_body_size {
                    return Err(Error::ResourceLimit(format!(
                        "the non-framed body holds {len} bytes, over the limit of {} bytes (a \
                         non-framed body is held in memory whole: max_frame_length bounds it)",
                        u64::from(limits.max_frame_length).min(limits.max_body_size)
                    )));
                }
                Ok(Need::Total(NON_FRAMED_PREFIX + len as usize + TAG_LEN))
            }
            State::Footer(body, _) => {
                if bytes.len() < 2 {
                    return Ok(Need::AtLeast(2));
                }
                let len = usize::from(u16::from_be_bytes([bytes[0], bytes[1]]));
                let algorithm = body.signature.as_ref().map(Verifier::algorithm);
                check_signature_len(len, algorithm)?;
                Ok(Need::Total(2 + len))
            }
            State::Done => Err(match &self.info {
                Some(info) if is_signed_id(info.suite_id) => {
                    Error::Malformed("bytes follow the signature (footer) of the message".into())
                }
                _ => Error::Malformed(
                    "bytes follow the final frame of the message (an unsigned message has no \
                     footer)"
                        .into(),
                ),
            }),
            State::Failed => Err(spent()),
        }
    }

    fn process(&mut self, keyring: &dyn Keyring, unit: &[u8], out: &mut Vec<u8>) -> Result<()> {
        let state = core::mem::replace(&mut self.state, State::Failed);
        self.state = match state {
            State::Header => self.open_header(keyring, unit)?,
            State::Framed(mut body) => {
                if let Some(verifier) = body.signature.as_mut() {
                    verifier.update(unit);
                    if be_u32(unit, 0) == FINAL_MARKER {
                        let mut held = Plaintext::default();
                        open_frame(&mut body, unit, &mut held, &self.opts)?;
                        self.state = State::Footer(body, held);
                        return Ok(());
                    }
                }
                if open_frame(&mut body, unit, out, &self.opts)? {
                    State::Done
                } else {
                    State::Framed(body)
                }
            }
            State::NonFramed(mut body) => {
                if let Some(verifier) = body.signature.as_mut() {
                    verifier.update(unit);
                    let mut held = Plaintext::default();
                    open_non_framed(&mut body, unit, &mut held)?;
                    self.state = State::Footer(body, held);
                    return Ok(());
                }
                open_non_framed(&mut body, unit, out)?;
                State::Done
            }
            State::Footer(mut body, held) => {
                let verifier = body.signature.take().ok_or_else(spent)?;
                verify_footer_signature(verifier, &unit[2..])?;
                out.extend_from_slice(&held);
                State::Done
            }
            State::Done | State::Failed => return Err(spent()),
        };
        Ok(())
    }

    fn open_header(&mut self, keyring: &dyn Keyring, bytes: &[u8]) -> Result<State> {
        let (body, info) = open_header(&self.opts, keyring, bytes)?;
        let framed = info.framed;
        self.info = Some(info);
        Ok(if framed {
            State::Framed(body)
        } else {
            State::NonFramed(body)
        })
    }
}

/// The error for a data key that did not open while the caller's encryption context had keys
/// the header does not store: those pairs were taken as required context (authenticated, not
/// stored), so either the message was not written with them or they are wrong. `None` when the
/// caller named no such key. Names only the caller's own keys, never a value or a secret.
fn extra_context_keys(required: &EncryptionContext) -> Option<Error> {
    let keys: Vec<String> = required.iter().map(|(k, _)| format!("{k:?}")).collect();
    if keys.is_empty() {
        return None;
    }
    let (noun, pronoun) = if keys.len() == 1 {
        ("key", "it")
    } else {
        ("keys", "them")
    };
    Some(Error::EncryptionContextMismatch(format!(
        "the message does not store encryption context {noun} {}; taken as required context, \
         the message did not authenticate with {pronoun}: leave out the pairs the message was \
         not encrypted with (or check their values and the key)",
        keys.join(", ")
    )))
}

/// Checks and authenticates a whole header (`bytes` is exactly the header, as the scanner
/// measured it): structure and limits, commitment policy, encryption context, EDK unwrap, key
/// commitment, header tag. Returns the body's key schedule and the header's description.
pub(crate) fn open_header(
    opts: &DecryptOptions,
    keyring: &dyn Keyring,
    bytes: &[u8],
) -> Result<(Box<Body>, HeaderInfo)> {
    // 1. structure and limits (the EDK count and header size were checked while scanning);
    //    a caller who refuses signed messages hears that before anything else about one; a
    //    signed message's verification key must be a point of its curve
    let hdr = header::parse(bytes)?;
    if opts.unsigned_only && hdr.suite.is_signed() {
        return Err(Error::UnsupportedSuite(hdr.suite.id()));
    }
    let mut verifier = signature_verifier(&hdr)?;
    let framed = hdr.content_type == CONTENT_FRAMED;
    if framed && hdr.frame_length > opts.limits.max_frame_length {
        return Err(Error::ResourceLimit(format!(
            "the message's frame length is {}; the limit is {}",
            hdr.frame_length, opts.limits.max_frame_length
        )));
    }
    // 2. commitment policy
    if opts.commitment_policy == CommitmentPolicy::RequireEncryptRequireDecrypt {
        if !hdr.suite.is_committing() {
            return Err(Error::CommitmentPolicy(format!(
                "the message uses algorithm suite {:#06x}, which does not commit to its key; \
                 the commitment policy RequireEncryptRequireDecrypt refuses it (decrypt \
                 legacy messages with RequireEncryptAllowDecrypt)",
                hdr.suite.id()
            )));
        }
        if !framed {
            return Err(Error::CommitmentPolicy(
                "the message has a non-framed (legacy) body; the commitment policy \
                 RequireEncryptRequireDecrypt refuses it (decrypt legacy messages with \
                 RequireEncryptAllowDecrypt)"
                    .into(),
            ));
        }
    }
    // 3. the encryption context: the caller's pairs must agree with the header's; the
    //    caller's extra pairs are the required context, authenticated but not stored
    let mut full = hdr.encryption_context.clone();
    let mut required = EncryptionContext::new();
    for (key, value) in opts.encryption_context.iter() {
        match hdr.encryption_context.get(key) {
            Some(stored) if stored == value => {}
            Some(_) => {
                return Err(Error::EncryptionContextMismatch(format!(
                    "the message binds a different value for encryption context key {key:?}"
                )));
            }
            None => {
                required.insert(key, value);
                full.insert(key, value);
            }
        }
    }
    let required_bytes = required.serialize()?;
    // 4. open an EDK
    let mut materials = DecryptionMaterials::new(hdr.suite, full)?;
    keyring.on_decrypt(&mut materials, &hdr.edks)?;
    let Some(data_key) = materials.take_data_key() else {
        let present: Vec<(String, String)> = hdr
            .edks
            .iter()
            .map(|e| (e.provider_id.clone(), e.key_name()))
            .collect();
        // A key the keyring offers was there, but did not open: wrong key bytes or context.
        if keyring.offers_any(&hdr.edks) {
            return Err(extra_context_keys(&required).unwrap_or(Error::Decryption));
        }
        let tried = keyring.offered_keys();
        return Err(Error::NoMatchingKey(Box::new(NoMatchingKey {
            present,
            tried,
        })));
    };
    let keys = kdf::derive(hdr.suite, data_key.expose_secret(), &hdr.message_id)?;
    drop(data_key);
    // 5. key commitment, in constant time, before any AES-GCM with the derived key
    if let Some(commit_key) = &keys.commit_key
        && !ct_eq(&commit_key[..], &hdr.commit_key)
    {
        return Err(Error::Decryption);
    }
    // 6. the header tag, over the header body exactly as received || ser(required EC)
    let header_body = &bytes[..hdr.body_len];
    let verified = if required_bytes.is_empty() {
        keys.enc_key
            .open_in_place(&hdr.auth_iv, header_body, &mut [], &hdr.auth_tag)
    } else {
        let mut aad = Vec::with_capacity(header_body.len() + required_bytes.len());
        aad.extend_from_slice(header_body);
        aad.extend_from_slice(&required_bytes);
        keys.enc_key
            .open_in_place(&hdr.auth_iv, &aad, &mut [], &hdr.auth_tag)
    };
    // (The EDK opened under the full context, required pairs included, so a tag that does not
    // verify is a damaged or forged header, not a wrong context: opaque.)
    if verified.is_err() {
        return Err(Error::Decryption);
    }
    // A signed message's signature covers the header exactly as received.
    if let Some(v) = verifier.as_mut() {
        v.update(bytes);
    }

    let mut encryption_context = hdr.encryption_context;
    let required_context_keys: Vec<String> = required.keys().map(str::to_owned).collect();
    for (k, v) in required.into_map() {
        encryption_context.insert(k, v);
    }
    let info = HeaderInfo {
        version: hdr.version,
        suite_id: hdr.suite.id(),
        message_id: hdr.message_id.clone(),
        encryption_context,
        required_context_keys,
        encrypted_data_keys: hdr
            .edks
            .iter()
            .map(|e| EdkInfo {
                provider_id: e.provider_id.clone(),
                key_name: e.key_name(),
            })
            .collect(),
        framed,
        frame_length: hdr.frame_length,
        header_len: bytes.len(),
    };
    let mut aad = Vec::with_capacity(hdr.message_id.len() + FINAL_FRAME_STRING.len() + 12);
    body_aad(
        &mut aad,
        &hdr.message_id,
        FRAME_STRING,
        1,
        u64::from(hdr.frame_length),
    );
    let body = Box::new(Body {
        signature: verifier,
        key: keys.enc_key,
        message_id: hdr.message_id,
        frame_length: hdr.frame_length,
        next_seq: 1,
        aad,
        plaintext_len: 0,
    });
    Ok((body, info))
}

/// Verifies and decrypts one frame (`unit` is exactly the frame). Returns true for the final frame.
fn open_frame(
    body: &mut Body,
    unit: &[u8],
    out: &mut Vec<u8>,
    opts: &DecryptOptions,
) -> Result<bool> {
    let is_final = be_u32(unit, 0) == FINAL_MARKER;
    let (seq, iv_at, ct_at) = if is_final {
        (be_u32(unit, 4), 8, 8 + NONCE_LEN + 4)
    } else {
        (be_u32(unit, 0), 4, 4 + NONCE_LEN)
    };
    if seq != body.next_seq {
        return Err(out_of_order(seq, body.next_seq));
    }
    let mut iv = [0u8; NONCE_LEN];
    iv.copy_from_slice(&unit[iv_at..iv_at + NONCE_LEN]);
    if iv != frame_iv(seq) {
        return Err(malformed_iv(seq));
    }
    let tag_at = unit.len() - TAG_LEN;
    let ciphertext = &unit[ct_at..tag_at];
    let len = ciphertext.len() as u64;
    let total = body.plaintext_len.saturating_add(len);
    if total > opts.limits.max_body_size {
        return Err(Error::ResourceLimit(format!(
            "the message body exceeds the limit of {} bytes",
            opts.limits.max_body_size
        )));
    }
    let mut tag = [0u8; TAG_LEN];
    tag.copy_from_slice(&unit[tag_at..]);
    let aad = if is_final {
        Cow::Owned(body.final_aad(seq, len))
    } else {
        body.set_frame_seq(seq);
        Cow::Borrowed(&body.aad)
    };
    decrypt_into(&body.key, &iv, &aad, ciphertext, &tag, out)?;
    body.plaintext_len = total;
    if !is_final {
        body.next_seq = seq.checked_add(1).ok_or_else(too_many_frames)?;
    }
    Ok(is_final)
}

fn open_non_framed(body: &mut Body, unit: &[u8], out: &mut Vec<u8>) -> Result<()> {
    let mut iv = [0u8; NONCE_LEN];
    iv.copy_from_slice(&unit[..NONCE_LEN]);
    if iv != frame_iv(1) {
        return Err(malformed_non_framed_iv());
    }
    let tag_at = unit.len() - TAG_LEN;
    let ciphertext = &unit[NON_FRAMED_PREFIX..tag_at];
    let mut tag = [0u8; TAG_LEN];
    tag.copy_from_slice(&unit[tag_at..]);
    let aad = body.non_framed_aad(ciphertext.len() as u64);
    decrypt_into(&body.key, &iv, &aad, ciphertext, &tag, out)?;
    body.plaintext_len = ciphertext.len() as u64;
    Ok(())
}

/// Appends the plaintext of `ciphertext` to `out` if its tag verifies; appends nothing otherwise.
fn decrypt_into(
    key: &AesGcmKey,
    iv: &[u8; NONCE_LEN],
    aad: &[u8],
    ciphertext: &[u8],
    tag: &[u8; TAG_LEN],
    out: &mut Vec<u8>,
) -> Result<()> {
    let start = out.len();
    out.extend_from_slice(ciphertext);
    if key.open_in_place(iv, aad, &mut out[start..], tag).is_err() {
        out[start..].zeroize();
        out.truncate(start);
        return Err(Error::Decryption);
    }
    Ok(())
}

/// The verifier for a signed message's `aws-crypto-public-key` (base64 of a SEC1 compressed point,
/// as the ESDKs write it: standard alphabet, padded); `None` for an unsigned suite.
fn signature_verifier(hdr: &header::Header) -> Result<Option<Verifier>> {
    let Some(algorithm) = hdr.suite.signature() else {
        return Ok(None);
    };
    let curve = curve_name(algorithm);
    let invalid = || {
        Error::Malformed(format!(
            "the message's verification key (aws-crypto-public-key) is not a compressed {curve} \
             point in base64"
        ))
    };
    let Some(encoded) = hdr.encryption_context.get(PUBLIC_KEY_CONTEXT_KEY) else {
        return Err(Error::Malformed(format!(
            "a message of the signed suite {:#06x} does not carry its verification key \
             (aws-crypto-public-key) in its encryption context",
            hdr.suite.id()
        )));
    };
    use base64::Engine;
    let point = base64::engine::general_purpose::STANDARD
        .decode(encoded)
        .map_err(|_| invalid())?;
    let verifier = Verifier::new(algorithm, &point).map_err(|_| {
        Error::Malformed(format!(
            "the message's verification key (aws-crypto-public-key) is not a point of {curve}"
        ))
    })?;
    Ok(Some(verifier))
}

/// The curve's name for error messages.
fn curve_name(algorithm: SignatureAlgorithm) -> &'static str {
    match algorithm {
        SignatureAlgorithm::EcdsaP256Sha256 => "P-256",
        SignatureAlgorithm::EcdsaP384Sha384 => "P-384",
    }
}

fn is_signed_id(suite_id: u16) -> bool {
    crate::materials::AlgorithmSuite::from_id(suite_id).is_ok_and(|s| s.is_signed())
}

/// A footer's declared signature length must fit the curve's DER signatures: at least 8 bytes
/// (`30 06 02 01 r 02 01 s`), at most both integers at full length plus a sign byte.
pub(crate) fn check_signature_len(len: usize, algorithm: Option<SignatureAlgorithm>) -> Result<()> {
    let Some(algorithm) = algorithm else {
        return Err(spent());
    };
    let max = algorithm.max_signature_len();
    if !(8..=max).contains(&len) {
        return Err(Error::Malformed(format!(
            "the message's signature is {len} bytes long; a DER ECDSA {} signature is 8 to {max} \
             bytes long",
            curve_name(algorithm)
        )));
    }
    Ok(())
}

/// Checks a signed message's signature; a signature that does not verify (or is not strict DER)
/// is an authentication failure like any other: [`Error::Decryption`].
pub(crate) fn verify_footer_signature(verifier: Verifier, signature: &[u8]) -> Result<()> {
    verifier.verify(signature).map_err(|_| Error::Decryption)
}

fn spent() -> Error {
    Error::Validation("The decryptor already failed; start over with a new one.".into())
}
