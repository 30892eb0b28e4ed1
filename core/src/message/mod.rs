//! AWS Encryption SDK messages: encrypt and decrypt, one-shot or streaming.
//!
//! datakey writes **message format v2, algorithm suite 0x0478** (AES-256-GCM, HKDF-SHA512, key
//! commitment, no signature) with a **framed** body — or, on request, the signed **0x0578** (the
//! same plus an ECDSA P-384 signature), which is what the official ESDKs write by default — and
//! reads what the official ESDKs (Python, JavaScript, Java, .NET, C) write with every suite.
//! Messages are byte-compatible both ways: the interop tests round-trip them through ESDK-Python
//! 4.0.7 and `@aws-crypto/client-node` 5.0.2, on their default suite and on 0x0478.
//!
//! ```
//! use datakey::EncryptionContext;
//! use datakey::keyring::RawAesKeyring;
//! use datakey::message::{self, DecryptOptions, EncryptOptions};
//!
//! let keyring = RawAesKeyring::new("my-namespace", "my-key", &[0x42; 32])?;
//! let ec = EncryptionContext::from_iter([("tenant", "acme")]);
//! let opts = EncryptOptions { encryption_context: ec.clone(), ..Default::default() };
//! let ciphertext = message::encrypt(b"secret", &keyring, &opts)?;
//! assert_eq!(ciphertext.len(), 92 + 16 + (74 + 12 + 6) + 40 + 6); // see "Size" below
//!
//! // The caller states the context it expects; a message binding another value is refused.
//! let decrypted = message::decrypt(&ciphertext, &keyring, &DecryptOptions {
//!     encryption_context: ec,
//!     ..Default::default()
//! })?;
//! assert_eq!(&decrypted.plaintext[..], b"secret");
//! assert_eq!(decrypted.header.encrypted_data_keys[0].key_name, "my-key");
//! # Ok::<(), datakey::Error>(())
//! ```
//!
//! # Layout
//!
//! The header (`spec: data-format/message-header.md`), v2:
//!
//! ```text
//! 02 | suite:u16 (0478) | message ID:32 | AAD length:u16 | ser(EC)
//!    | EDK count:u16 | (len:u16 provider ID | len:u16 provider info | len:u16 ciphertext)*
//!    | content type:u8 (02 framed) | frame length:u32 | commitment key:32 | header tag:16
//! ```
//!
//! `ser(EC)` is the canonical serialization of [`EncryptionContext`] (empty for an empty context).
//! The header tag is AES-GCM under the message key over an empty plaintext, IV = 12 zero bytes,
//! AAD = header body (exactly as received) || `ser(required EC)`. v1 headers (decrypt only) add a
//! type byte, a reserved field, an IV-length byte and an explicit header IV, and carry a 16-byte
//! message ID and no commitment key. Key schedule (`spec: framework/transitive-requirements.md`):
//! `enc_key = HKDF-SHA512(data key, salt = message ID, suite ID || "DERIVEKEY")`,
//! `commit_key = HKDF-SHA512(data key, salt = message ID, "COMMITKEY")`, one extract for both.
//!
//! The body (`spec: data-format/message-body.md`): regular frames
//! `seq:u32 | IV:12 | ciphertext[frame length] | tag:16`, then exactly one final frame
//! `FFFFFFFF | seq:u32 | IV:12 | length:u32 | ciphertext[length] | tag:16`. Sequence numbers start
//! at 1, the IV is the sequence number left-padded with zeros, and the AAD of each frame is
//! `message ID | "AWSKMSEncryptionClient Frame" (or "… Final Frame") | seq:u32 | length:u64`. A
//! plaintext that is an exact multiple of the frame length ends with an empty final frame, as
//! the official SDKs write it.
//!
//! # Size
//!
//! For suite 0x0478 with `n` bytes of plaintext and frame length `F`:
//!
//! ```text
//! header = 92 + len(ser(EC)) + Σ over EDKs (6 + len(provider ID) + len(provider info) + len(EDK ciphertext))
//!        = 92 + len(ser(EC)) + Σ (74 + len(namespace) + len(key name))        for raw AES EDKs
//! body   = 32 × ⌊n / F⌋ + 40 + n
//! ```
//!
//! A raw AES keyring with a 7-byte namespace and a 16-byte key name, an empty context and a
//! message shorter than one frame costs 229 bytes of overhead. A signed (0x0578) message adds the
//! verification key's context pair (93 bytes, 95 when the context is otherwise empty) and a
//! 105-byte footer. [`Encryptor::message_len`] gives the exact size.
//!
//! # Signed messages
//!
//! With [`EncryptOptions::algorithm_suite`] = [`AlgorithmSuite::SIGNED`] (0x0578), each message
//! gets a P-384 key pair of its own (aws-lc-rs, through [`crate::hazmat::sign`]). The public key
//! goes into the encryption context as `aws-crypto-public-key` (base64 of the SEC1 compressed
//! point; so the EDKs and the header tag bind it), the private key signs SHA-384 over the header
//! and the body as written, and the footer `length:u16 || DER signature` ends the message
//! (`spec: data-format/message-footer.md`). The signature is always 103 bytes long, as
//! ESDK-Python writes it, so the message's length is known in advance; the private key is
//! destroyed once the footer is written.
//!
//! What a signature adds: anyone who can decrypt a message holds its data key and so could write
//! frames that pass their AES-GCM tags; only the holder of the message's private key — its
//! writer — could sign them. Master keys stay symmetric: signing authenticates the writer of one
//! message, not a key in the key store.
//!
//! Reading: [`decrypt`], [`open`] + [`Opened::decrypt_to_slice`] and [`decrypt_in_place`] return
//! nothing unless the signature verifies ([`decrypt_in_place`] checks it before opening any frame,
//! so a bad signature leaves the buffer as it was); a streaming decrypt ([`Decryptor`],
//! [`decrypt_stream`]) holds the final frame back until it does (see [`Decryptor`] for what the
//! earlier frames prove). The signature covers exactly the bytes decrypted. As in ESDK-Python and
//! ESDK-JS (both checked in `core/tests/interop_live.rs`), a signature of any DER length and
//! either `s` is accepted, and one that is not strict DER is refused.
//!
//! # Decrypting
//!
//! Accepted: v2 0x0478 and 0x0578, framed; with [`CommitmentPolicy::RequireEncryptAllowDecrypt`]
//! also the legacy v1 suites 0x0014, 0x0046, 0x0078, 0x0114, 0x0146, 0x0178, the legacy signed
//! suites 0x0214 (ECDSA P-256), 0x0346 and 0x0378 (P-384), and non-framed bodies.
//! [`DecryptOptions::unsigned_only`] refuses every signed suite with [`Error::UnsupportedSuite`]
//! (the ESDKs' "decrypt unsigned" mode).
//!
//! Checks run in this order: structure and limits, the `unsigned_only` option, a signed
//! message's verification key (a valid compressed point of its curve, else
//! [`Error::Malformed`]), commitment policy, encryption context agreement, EDK unwrap, key
//! commitment (constant time, before any AES-GCM), header tag, then each frame (sequence number,
//! IV, length, tag), then a signed message's footer (its length, then its signature). Every
//! failure that depends on a key is the opaque [`Error::Decryption`]; so is a signature that does
//! not verify (a forged, re-signed or damaged message). A footer cut short, bytes after it, a
//! signature length no DER signature of the curve has, a footer after an unsigned message and an
//! `aws-crypto-public-key` in an unsigned message's context are [`Error::Malformed`]. When no
//! keyring offers a key the message names, the error is [`Error::NoMatchingKey`], listing the
//! (public) provider IDs and key names on both sides.
//!
//! **Encryption context.** [`DecryptOptions::encryption_context`] is the context the caller
//! expects. Each of its keys that the header stores must have the same value
//! ([`Error::EncryptionContextMismatch`] otherwise); its keys the header does not store are taken
//! as the *required* context, which the header tag and the EDKs authenticate (the ESDK's
//! required-encryption-context CMM writes such messages; see
//! [`EncryptOptions::required_context_keys`]). A message that then does not open fails with
//! [`Error::EncryptionContextMismatch`] naming those keys (nothing else tells "encrypted
//! without them" from "encrypted with other values"), not the opaque [`Error::Decryption`]. Keys the header stores and the caller does not
//! mention are accepted; compare [`HeaderInfo::encryption_context`] to demand an exact match.
//!
//! # Whole messages in memory, without a second buffer
//!
//! Besides the one-shot [`encrypt`] / [`decrypt`] (which allocate their output) and the
//! streaming API: [`Encryptor::encrypt_to_slice`] writes a message into a buffer the caller
//! allocated ([`Encryptor::message_len`] bytes); [`open`] then [`Opened::decrypt_to_slice`]
//! decrypt into one ([`Opened::plaintext_len`] bytes); [`encrypt_in_place`] and
//! [`decrypt_in_place`] turn a `Vec` holding the plaintext into the message and back, with no
//! second buffer at all (the fastest path for large messages: it is what raw in-place AES-GCM
//! does). They check everything [`decrypt`] checks and report the same error kinds (see
//! [`open`] for the one difference in order); see each function for what the caller's buffer
//! holds after an error.
//!
//! # Limits
//!
//! Untrusted messages cannot make datakey allocate more than the [`DecryptLimits`] allow:
//! lengths are checked against the limits before anything is buffered, and streaming holds at
//! most one header or one frame. Defaults: 16 EDKs, a 256 KiB header, a 4 MiB frame length (which
//! also bounds a non-framed body, held whole), no cap on the total body size.

use core::fmt;
use std::io::{ErrorKind, Read, Write};

use crate::ec::EncryptionContext;
use crate::error::{Error, Result};
use crate::keyring::{CachingKeyring, Keyring};

mod body;
mod decrypt;
mod encrypt;
#[doc(hidden)]
pub mod fuzz_hooks;
mod header;
mod in_place;
mod kdf;

pub use crate::materials::AlgorithmSuite;
pub use decrypt::Decryptor;
pub use encrypt::{Encryptor, MAX_FRAME_LENGTH};
pub use in_place::{Opened, decrypt_in_place, decrypt_in_slice, encrypt_in_place, open};
/// `zeroize`'s zeroize-on-drop wrapper, re-exported so callers need not depend on `zeroize`.
pub use zeroize::Zeroizing;

/// The frame length datakey uses unless told otherwise.
pub const DEFAULT_FRAME_LENGTH: u32 = 4096;

/// Options for encrypting a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EncryptOptions {
    /// The encryption context to bind (keys starting with `aws-crypto-` are refused).
    pub encryption_context: EncryptionContext,
    /// Keys of `encryption_context` to authenticate without storing them in the header (the
    /// ESDK's "required encryption context"): the reader must supply these pairs again.
    /// Usually empty.
    pub required_context_keys: Vec<String>,
    /// Plaintext bytes per frame: a multiple of 16 from 16 to [`MAX_FRAME_LENGTH`]; 4096 by
    /// default. (ESDK-Python's own encrypt accepts multiples of 128 only; every SDK decrypts any
    /// length.)
    pub frame_length: u32,
    /// The suite: [`AlgorithmSuite::DEFAULT`] (0x0478, unsigned) unless set, or
    /// [`AlgorithmSuite::SIGNED`] (0x0578, the official ESDKs' default), which signs the message
    /// with a P-384 key pair made for it alone (see "Signed messages" in the module docs). Other
    /// suites are refused.
    pub algorithm_suite: AlgorithmSuite,
}

impl Default for EncryptOptions {
    fn default() -> Self {
        Self {
            encryption_context: EncryptionContext::new(),
            required_context_keys: Vec::new(),
            frame_length: DEFAULT_FRAME_LENGTH,
            algorithm_suite: AlgorithmSuite::DEFAULT,
        }
    }
}

/// Which algorithm suites a decrypt accepts (`spec: framework/commitment-policy.md`). datakey
/// always encrypts with a committing suite (0x0478, or 0x0578 on request).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum CommitmentPolicy {
    /// Only key-committing, framed messages (0x0478, 0x0578). The default.
    #[default]
    RequireEncryptRequireDecrypt,
    /// Also the legacy, non-committing v1 suites (signed or not), and non-framed bodies.
    RequireEncryptAllowDecrypt,
}

/// Bounds on what an untrusted message may make the decryptor hold or do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DecryptLimits {
    /// Most encrypted data keys a header may carry (checked as soon as the count is read).
    /// Default 16.
    pub max_encrypted_data_keys: usize,
    /// Largest header, in bytes. Default 256 KiB (a maximal 64 KiB encryption context plus
    /// plenty of EDKs).
    pub max_header_size: usize,
    /// Largest frame length a header may declare, which is the most ciphertext a decryptor holds
    /// at once; it also bounds a non-framed body. Default 4 MiB.
    pub max_frame_length: u32,
    /// Largest total plaintext of a message body. Default unlimited: memory is bounded by
    /// `max_frame_length` whatever the body size.
    pub max_body_size: u64,
}

impl Default for DecryptLimits {
    fn default() -> Self {
        Self {
            max_encrypted_data_keys: 16,
            max_header_size: 256 * 1024,
            max_frame_length: 4 * 1024 * 1024,
            max_body_size: u64::MAX,
        }
    }
}

/// Options for decrypting a message.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DecryptOptions {
    /// The encryption context the caller expects (see the module docs): pairs the header stores
    /// must match; pairs it does not store are the required context the message authenticates.
    pub encryption_context: EncryptionContext,
    /// Which suites to accept.
    pub commitment_policy: CommitmentPolicy,
    /// Resource limits for untrusted input.
    pub limits: DecryptLimits,
    /// Refuse signed messages (suites 0x0214, 0x0346, 0x0378, 0x0578) with
    /// [`Error::UnsupportedSuite`], as the ESDKs' "decrypt unsigned" mode does: for callers who
    /// want every message they accept to have been checked frame by frame only. Default `false`.
    pub unsigned_only: bool,
}

/// A wrapped data key as the header names it (public data).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct EdkInfo {
    /// The provider ID (a raw AES key namespace, or `aws-kms`).
    pub provider_id: String,
    /// The key name (raw AES) or key ARN (KMS).
    pub key_name: String,
}

/// What a decrypted message's header says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeaderInfo {
    /// Message format version: 2, or 1 for legacy messages.
    pub version: u8,
    /// Algorithm suite ID, e.g. `0x0478`.
    pub suite_id: u16,
    /// The message ID (32 bytes in v2, 16 in v1).
    pub message_id: Vec<u8>,
    /// The full encryption context the message binds: the header's pairs plus the required
    /// pairs the caller supplied.
    pub encryption_context: EncryptionContext,
    /// Keys of [`encryption_context`](Self::encryption_context) that the message authenticates
    /// without storing them.
    pub required_context_keys: Vec<String>,
    /// The encrypted data keys, in header order.
    pub encrypted_data_keys: Vec<EdkInfo>,
    /// True for a framed body.
    pub framed: bool,
    /// The frame length (0 for a non-framed body).
    pub frame_length: u32,
    /// The header's length in bytes.
    pub header_len: usize,
}

/// Secret bytes in a `Vec<u8>` — a decrypted plaintext — zeroized in bulk (contents and spare
/// capacity) when dropped.
///
/// It dereferences to the `Vec`, so it reads as a slice (`&plaintext[..]`) and can be taken
/// whole without a copy (`std::mem::take(&mut *plaintext)`; wiping the taken bytes is then the
/// new owner's business). `Debug` shows the length only.
///
/// (datakey does not return [`Zeroizing<Vec<u8>>`](Zeroizing): `zeroize` wipes a `Vec` one
/// volatile byte write at a time, which for a large message costs more than its AES-GCM work.)
#[derive(Default)]
pub struct Plaintext(Vec<u8>);

impl Plaintext {
    /// An empty buffer with room for `capacity` bytes.
    pub fn with_capacity(capacity: usize) -> Self {
        Self(Vec::with_capacity(capacity))
    }

    /// Zeroizes the bytes and the spare capacity and empties the buffer (the allocation stays).
    pub fn wipe(&mut self) {
        crate::secret::wipe_vec(&mut self.0);
    }
}

impl From<Vec<u8>> for Plaintext {
    /// Takes ownership of the bytes (from now on wiped on drop).
    fn from(bytes: Vec<u8>) -> Self {
        Self(bytes)
    }
}

impl core::ops::Deref for Plaintext {
    type Target = Vec<u8>;
    fn deref(&self) -> &Vec<u8> {
        &self.0
    }
}

impl core::ops::DerefMut for Plaintext {
    fn deref_mut(&mut self) -> &mut Vec<u8> {
        &mut self.0
    }
}

impl AsRef<[u8]> for Plaintext {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

impl Drop for Plaintext {
    fn drop(&mut self) {
        self.wipe();
    }
}

impl fmt::Debug for Plaintext {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Plaintext")
            .field("len", &self.0.len())
            .finish_non_exhaustive()
    }
}

/// A decrypted message.
pub struct Decrypted {
    /// The plaintext, zeroized when dropped.
    pub plaintext: Plaintext,
    /// The message's header.
    pub header: HeaderInfo,
}

impl fmt::Debug for Decrypted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Decrypted")
            .field("plaintext_len", &self.plaintext.len())
            .field("header", &self.header)
            .finish()
    }
}

/// Encrypts `plaintext` into one message (format v2, suite 0x0478 or as
/// [`EncryptOptions::algorithm_suite`] says, framed).
///
/// The output is allocated once at its exact size and each frame is encrypted in place.
///
/// # Errors
///
/// As [`Encryptor::new`].
pub fn encrypt(plaintext: &[u8], keyring: &dyn Keyring, opts: &EncryptOptions) -> Result<Vec<u8>> {
    let (encryptor, mut out) = Encryptor::one_shot(keyring, opts, plaintext.len())?;
    encryptor.encrypt_all(plaintext, &mut out)?;
    Ok(out)
}

// The message layer's convenience for the caching keyring: the keyring module sits below this
// one and does not call into it.
impl CachingKeyring {
    /// Encrypts `plaintext` as one message, with a cached data key when the limits allow.
    ///
    /// # Errors
    ///
    /// As [`encrypt`]; the wrapped keyring's errors on a miss.
    pub fn encrypt(&self, plaintext: &[u8], opts: &EncryptOptions) -> Result<Vec<u8>> {
        let len = u64::try_from(plaintext.len()).unwrap_or(u64::MAX);
        encrypt(plaintext, &self.for_plaintext_len(len), opts)
    }
}

/// Decrypts a whole message. Returns the plaintext only when everything verified, final frame
/// (and, for a signed message, signature) included.
///
/// # Errors
///
/// - [`Error::Malformed`], [`Error::UnsupportedVersion`], [`Error::UnsupportedSuite`] for a
///   message that is not well formed or that datakey does not read (unknown suites; signed ones
///   under [`DecryptOptions::unsigned_only`]);
/// - [`Error::ResourceLimit`] when the message exceeds [`DecryptOptions::limits`];
/// - [`Error::CommitmentPolicy`] for a legacy message under the default policy;
/// - [`Error::EncryptionContextMismatch`] when the caller's context disagrees with the header,
///   or when the message does not open and the caller gave pairs the header does not store
///   (the message was encrypted without them, or with other required-context values);
/// - [`Error::NoMatchingKey`] when the keyring offers none of the message's keys;
/// - [`Error::Decryption`] for every failure that depends on a key (wrong key, wrong context,
///   tampering, truncation inside a frame);
/// - any error the keyring returns (for KMS keyrings, e.g. a disabled key).
pub fn decrypt(message: &[u8], keyring: &dyn Keyring, opts: &DecryptOptions) -> Result<Decrypted> {
    let mut core = decrypt::Core::new(std::borrow::Cow::Borrowed(opts));
    // Plaintext is never longer than the message, so the buffer never moves (no stray copies).
    let mut plaintext = Plaintext::with_capacity(message.len());
    core.update(keyring, message, &mut plaintext)?;
    let header = core.finish()?;
    Ok(Decrypted { plaintext, header })
}

/// Size of the chunks the streaming functions read.
const STREAM_CHUNK: usize = 64 * 1024;

/// Reads `reader` to its end and writes it to `writer` as one message. Holds about one frame
/// plus one read chunk in memory. Returns the number of bytes written.
///
/// # Errors
///
/// As [`Encryptor::new`], plus [`Error::Io`] when reading or writing fails.
pub fn encrypt_stream(
    mut reader: impl Read,
    mut writer: impl Write,
    keyring: &dyn Keyring,
    opts: &EncryptOptions,
) -> Result<u64> {
    let mut encryptor = Encryptor::with_options(keyring, opts)?;
    let mut chunk = Plaintext::from(vec![0u8; STREAM_CHUNK]);
    let mut out = Vec::with_capacity(STREAM_CHUNK + encryptor.header_len() + 64);
    let mut written = 0u64;
    loop {
        let n = match reader.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(e) => return Err(Error::Io(e)),
        };
        encryptor.update(&chunk[..n], &mut out)?;
        writer.write_all(&out)?;
        written += out.len() as u64;
        out.clear();
    }
    encryptor.finish(&mut out)?;
    writer.write_all(&out)?;
    writer.flush()?;
    written += out.len() as u64;
    Ok(written)
}

/// Reads one message from `reader` and writes its plaintext to `writer`, frame by frame: each
/// frame is written once its tag has verified. Holds at most one frame plus one read chunk.
///
/// A message cut before its final frame, or followed by more bytes, is an error — but the frames
/// before the problem have already been written: treat the output as valid only when this
/// returns `Ok`. For a signed message the final frame is written only once the signature has
/// verified; the earlier frames are authenticated by the data key alone until then (see
/// [`Decryptor`]).
///
/// # Errors
///
/// As [`decrypt`], plus [`Error::Io`] when reading or writing fails.
pub fn decrypt_stream(
    mut reader: impl Read,
    mut writer: impl Write,
    keyring: &dyn Keyring,
    opts: &DecryptOptions,
) -> Result<HeaderInfo> {
    let mut core = decrypt::Core::new(std::borrow::Cow::Borrowed(opts));
    let mut chunk = vec![0u8; STREAM_CHUNK];
    let mut out = Plaintext::default();
    loop {
        let n = match reader.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(e) => return Err(Error::Io(e)),
        };
        core.update(keyring, &chunk[..n], &mut out)?;
        if !out.is_empty() {
            writer.write_all(&out)?;
            out.wipe();
        }
    }
    let header = core.finish()?;
    writer.flush()?;
    Ok(header)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plaintext_reads_as_a_vec_wipes_in_place_and_hides_its_bytes() {
        let mut p = Plaintext::with_capacity(64);
        p.extend_from_slice(b"secret bytes");
        assert_eq!(&p[..], b"secret bytes");
        assert_eq!(p.as_ref(), b"secret bytes");
        assert_eq!(format!("{p:?}"), "Plaintext { len: 12, .. }");
        let capacity = p.capacity();
        p.wipe();
        assert!(p.is_empty());
        assert_eq!(p.capacity(), capacity);
        p.extend_from_slice(b"again");
        let taken = core::mem::take(&mut *p);
        assert_eq!(taken, b"again");
        assert!(p.is_empty());
    }
}
