//! The push-style encryptor: header on the first call, then one frame per `frame_length` bytes.

use core::fmt;

use zeroize::{Zeroize, Zeroizing};

use crate::crypto::sign::SigningKey;
use crate::crypto::{AesGcmKey, NONCE_LEN, TAG_LEN, fill_random};
use crate::ec::{EncryptionContext, RESERVED_PREFIX};
use crate::error::{Error, Result};
use crate::keyring::Keyring;
use crate::materials::{AlgorithmSuite, EncryptionMaterials, PREFETCH_LEN};
use crate::message::body::{
    FINAL_AAD_LEN, FINAL_FRAME_STRING, FINAL_MARKER, FINAL_OVERHEAD, FRAME_AAD_LEN, FRAME_STRING,
    REGULAR_OVERHEAD, body_aad_v2, frame_iv,
};
use crate::message::header::PUBLIC_KEY_CONTEXT_KEY;
use crate::message::{EncryptOptions, Plaintext, header, kdf};

/// Bytes of frames [`encrypt_in_place`](crate::message::encrypt_in_place) seals before moving
/// them: well inside L2 (512 KiB per core on the machines measured), so the moves run from cache.
const IN_PLACE_BLOCK: usize = 256 * 1024;

/// The largest frame length datakey writes (2^31 - 1 rounded down to a multiple of 16).
pub const MAX_FRAME_LENGTH: u32 = (i32::MAX as u32) & !15;

/// Encrypts a message chunk by chunk (format v2, suite 0x0478 or, when
/// [`EncryptOptions::algorithm_suite`] says so, the signed 0x0578; framed).
///
/// [`new`](Self::new) asks the keyring for the data key and builds the header;
/// [`update`](Self::update) appends the header (first call) and every complete frame to `out`;
/// [`finish`](Self::finish) appends the final frame (and, for 0x0578, the footer: the signature
/// over everything before it). At most one frame of plaintext is held, zeroized when dropped.
///
/// ```
/// use datakey::keyring::RawAesKeyring;
/// use datakey::message::{self, DecryptOptions, EncryptOptions, Encryptor};
/// let keyring = RawAesKeyring::new("ns", "key", &[1u8; 32])?;
/// let mut enc = Encryptor::new(&keyring, EncryptOptions { frame_length: 16, ..Default::default() })?;
/// let mut ciphertext = Vec::new();
/// for chunk in [&b"hello "[..], b"streaming ", b"world"] {
///     enc.update(chunk, &mut ciphertext)?;
/// }
/// enc.finish(&mut ciphertext)?;
/// let decrypted = message::decrypt(&ciphertext, &keyring, &DecryptOptions::default())?;
/// assert_eq!(&decrypted.plaintext[..], b"hello streaming world");
/// # Ok::<(), datakey::Error>(())
/// ```
pub struct Encryptor {
    key: AesGcmKey,
    message_id: [u8; 32],
    frame_length: usize,
    next_seq: u32,
    header: Vec<u8>,
    header_len: usize,
    header_written: bool,
    pending: Plaintext,
    /// The regular frames' AAD; only the sequence number changes from frame to frame.
    aad: [u8; FRAME_AAD_LEN],
    plaintext_len: u64,
    /// For a signed message: the message's signing key, fed every byte written so far; gone
    /// once the footer is written.
    signer: Option<SigningKey>,
    /// The footer's length: 0, or 2 + the signature's fixed length.
    footer_len: usize,
}

impl Encryptor {
    /// Starts a message: validates `opts`, obtains the data key and its EDKs from `keyring`, and
    /// builds the header (written to the output by the first [`update`](Self::update) or
    /// [`finish`](Self::finish)).
    ///
    /// # Errors
    ///
    /// [`Error::Validation`] for a frame length that is not a multiple of 16 in
    /// `16..=2^31 - 16`, an encryption-context key starting with `aws-crypto-`, a required key
    /// missing from the context, a context over 65 535 bytes (for 0x0578, with the 93 bytes the
    /// verification key adds), a suite other than 0x0478 and 0x0578, a keyring that produced no
    /// data key or no EDK; any error of the keyring.
    pub fn new(keyring: &dyn Keyring, opts: EncryptOptions) -> Result<Self> {
        Self::with_options(keyring, &opts)
    }

    pub(crate) fn with_options(keyring: &dyn Keyring, opts: &EncryptOptions) -> Result<Self> {
        let (mut encryptor, header) = Self::start(keyring, opts, None)?;
        encryptor.header = header;
        encryptor.header_written = false;
        Ok(encryptor)
    }

    /// The one-shot start: returns the encryptor and an output buffer that already holds the
    /// header and has room for the whole message of `plaintext_len` bytes (no second allocation,
    /// no copy of the header).
    pub(crate) fn one_shot(
        keyring: &dyn Keyring,
        opts: &EncryptOptions,
        plaintext_len: usize,
    ) -> Result<(Self, Vec<u8>)> {
        Self::start(keyring, opts, Some(plaintext_len))
    }

    /// Validates `opts`, obtains the data key and its EDKs, derives the message keys and writes
    /// the header into a new buffer, sized for the header alone or, given `plaintext_len`, for
    /// the whole message.
    fn start(
        keyring: &dyn Keyring,
        opts: &EncryptOptions,
        plaintext_len: Option<usize>,
    ) -> Result<(Self, Vec<u8>)> {
        let frame_length = opts.frame_length;
        if frame_length == 0 || !frame_length.is_multiple_of(16) || frame_length > MAX_FRAME_LENGTH
        {
            return Err(Error::Validation(format!(
                "The frame length must be a multiple of 16 between 16 and {MAX_FRAME_LENGTH}, not \
                 {frame_length}."
            )));
        }
        let ec = &opts.encryption_context;
        if let Some(key) = ec.reserved_key() {
            return Err(Error::Validation(format!(
                "The encryption context key {key:?} is reserved: keys starting with \
                 {RESERVED_PREFIX:?} belong to the AWS Encryption SDK."
            )));
        }
        let suite = opts.algorithm_suite;
        if suite != AlgorithmSuite::DEFAULT && suite != AlgorithmSuite::SIGNED {
            return Err(Error::Validation(format!(
                "datakey encrypts with algorithm suite 0x0478 or 0x0578, not {:#06x}.",
                suite.id()
            )));
        }
        // A signed message's verification key travels in the context (and so is bound by the
        // EDKs and the header tag like any other pair).
        let signer = match suite.signature() {
            Some(algorithm) => Some(SigningKey::generate(algorithm).map_err(|_| {
                Error::Validation("the message's signing key could not be generated".into())
            })?),
            None => None,
        };
        let public_key = signer.as_ref().map(|k| {
            use base64::Engine;
            base64::engine::general_purpose::STANDARD.encode(k.public_key())
        });
        let full_context = match &public_key {
            Some(key) => {
                let mut full = ec.clone();
                full.insert(PUBLIC_KEY_CONTEXT_KEY, key.as_str());
                std::borrow::Cow::Owned(full)
            }
            None => std::borrow::Cow::Borrowed(ec),
        };
        let mut materials = EncryptionMaterials::new(suite, full_context.into_owned())?;
        // With no required keys, the header stores the whole context: its serialization is the
        // one the materials already hold.
        let split = if opts.required_context_keys.is_empty() {
            None
        } else {
            let (mut stored, required) = split_context(ec, &opts.required_context_keys)?;
            if let Some(key) = &public_key {
                stored.insert(PUBLIC_KEY_CONTEXT_KEY, key.as_str());
            }
            Some((stored.serialize()?, required.serialize()?))
        };
        // One OS call for the message ID and the bytes a generating keyring needs (data key
        // and wrapping IV), handed to it through the materials.
        let mut random = Zeroizing::new([0u8; 32 + PREFETCH_LEN]);
        fill_random(&mut random[..])?;
        let (id, ahead) = random.split_at(32);
        let mut message_id = [0u8; 32];
        message_id.copy_from_slice(id);
        let ahead = <&[u8; PREFETCH_LEN]>::try_from(ahead)
            .map_err(|_| Error::Validation("random bytes of the wrong length".into()))?;
        materials.set_prefetched_random(ahead);
        drop(random);
        keyring.on_encrypt(&mut materials)?;
        let Some(data_key) = materials.data_key() else {
            return Err(Error::Validation(
                "The keyring did not produce a data key.".into(),
            ));
        };
        let edks = materials.encrypted_data_keys();
        if edks.is_empty() {
            return Err(Error::Validation(
                "The keyring did not produce an encrypted data key.".into(),
            ));
        }
        let (stored_bytes, required_bytes) = match &split {
            Some((stored, required)) => (stored.as_slice(), required.as_slice()),
            None => (materials.serialized_context(), &[][..]),
        };

        let keys = kdf::derive(suite, data_key.expose_secret(), &message_id)?;
        let Some(commit_key) = keys.commit_key else {
            return Err(Error::Validation(
                "suites 0x0478 and 0x0578 have a commitment key".into(),
            ));
        };

        let header_len = header::v2_header_len(stored_bytes.len(), edks);
        let footer_len = signer
            .as_ref()
            .map_or(0, |k| 2 + k.algorithm().signature_len());
        let capacity = match plaintext_len {
            None => header_len,
            Some(n) => usize::try_from(
                message_len(header_len, frame_length, n as u64).saturating_add(footer_len as u64),
            )
            .map_err(|_| Error::Validation("The message would not fit in memory.".into()))?,
        };
        let mut out = Vec::new();
        out.try_reserve_exact(capacity)
            .map_err(|_| Error::Validation("The message would not fit in memory.".into()))?;
        header::write_v2_suite_body(
            &mut out,
            suite,
            &message_id,
            stored_bytes,
            edks,
            frame_length,
            &commit_key,
        )?;
        let tag = if required_bytes.is_empty() {
            keys.enc_key.seal_in_place(&[0u8; NONCE_LEN], &out, &mut [])
        } else {
            let mut aad = Vec::with_capacity(out.len() + required_bytes.len());
            aad.extend_from_slice(&out);
            aad.extend_from_slice(required_bytes);
            keys.enc_key.seal_in_place(&[0u8; NONCE_LEN], &aad, &mut [])
        }
        .map_err(|_| Error::Validation("the header could not be authenticated".into()))?;
        out.extend_from_slice(&tag);
        // The data key (zeroized when the materials drop) is no longer needed.
        drop(materials);
        let mut signer = signer;
        if let Some(k) = signer.as_mut() {
            k.update(&out);
        }

        Ok((
            Self {
                key: keys.enc_key,
                message_id,
                frame_length: frame_length as usize,
                next_seq: 1,
                header_len: out.len(),
                header: Vec::new(),
                header_written: true,
                pending: Plaintext::default(),
                aad: body_aad_v2(&message_id, FRAME_STRING, 1, u64::from(frame_length)),
                plaintext_len: 0,
                signer,
                footer_len,
            },
            out,
        ))
    }

    /// The 32-byte message ID (random for every message).
    pub fn message_id(&self) -> &[u8; 32] {
        &self.message_id
    }

    /// The header's length in bytes.
    pub fn header_len(&self) -> usize {
        self.header_len
    }

    /// The frame length.
    pub fn frame_length(&self) -> u32 {
        // Fits: checked against MAX_FRAME_LENGTH in `new`.
        self.frame_length as u32
    }

    /// The exact length of the whole message for a plaintext of `plaintext_len` bytes:
    /// `header_len + 32 × ⌊plaintext_len / frame_length⌋ + 40 + plaintext_len`, plus 105 bytes
    /// of footer for 0x0578 (datakey's signatures are always 103 bytes long, as ESDK-Python's).
    /// (Saturates at `u64::MAX` for absurd lengths.)
    pub fn message_len(&self, plaintext_len: u64) -> u64 {
        message_len(self.header_len, self.frame_length as u32, plaintext_len)
            .saturating_add(self.footer_len as u64)
    }

    /// The algorithm suite of the message.
    pub fn algorithm_suite(&self) -> AlgorithmSuite {
        if self.footer_len == 0 {
            AlgorithmSuite::DEFAULT
        } else {
            AlgorithmSuite::SIGNED
        }
    }

    /// Signs everything written so far and appends the footer (`length:u16 || DER signature`);
    /// nothing for an unsigned message. Destroys the signing key.
    fn write_footer(&mut self, out: &mut Vec<u8>) -> Result<()> {
        if let Some(signature) = self.sign()? {
            out.reserve(2 + signature.len());
            out.extend_from_slice(&(signature.len() as u16).to_be_bytes());
            out.extend_from_slice(&signature);
        }
        Ok(())
    }

    /// The signature over everything written so far, of exactly `footer_len - 2` bytes.
    fn sign(&mut self) -> Result<Option<Vec<u8>>> {
        let Some(key) = self.signer.take() else {
            return Ok(None);
        };
        let signature = key
            .sign()
            .map_err(|_| Error::Validation("the message could not be signed".into()))?;
        if signature.len() + 2 != self.footer_len {
            return Err(Error::Validation(
                "the message's signature has an unexpected length".into(),
            ));
        }
        Ok(Some(signature))
    }

    fn write_header(&mut self, out: &mut Vec<u8>) {
        if !self.header_written {
            out.extend_from_slice(&self.header);
            self.header_written = true;
            self.header = Vec::new();
        }
    }

    /// Encrypts `input`, appending the header (first call) and each frame that is complete to
    /// `out`. Bytes that do not fill a frame yet are held until the next call.
    ///
    /// # Errors
    ///
    /// [`Error::Validation`] when the message would exceed 2^32 - 1 frames.
    pub fn update(&mut self, mut input: &[u8], out: &mut Vec<u8>) -> Result<()> {
        self.write_header(out);
        let frame_length = self.frame_length;
        if !self.pending.is_empty() {
            let take = (frame_length - self.pending.len()).min(input.len());
            push_zeroizing(&mut self.pending, &input[..take], frame_length);
            input = &input[take..];
            if self.pending.len() < frame_length {
                return Ok(());
            }
            let pending = core::mem::take(&mut self.pending);
            let result = self.seal_regular(&pending, out);
            self.pending = pending;
            self.pending.wipe();
            result?;
        }
        let full = input.len() - input.len() % frame_length;
        out.reserve(full / frame_length * (frame_length + REGULAR_OVERHEAD));
        let (frames, rest) = input.split_at(full);
        for frame in frames.chunks_exact(frame_length) {
            self.seal_regular(frame, out)?;
        }
        push_zeroizing(&mut self.pending, rest, frame_length);
        Ok(())
    }

    /// Ends the message: appends the header (if no [`update`](Self::update) came) and the final
    /// frame, which holds the remaining plaintext (empty when the plaintext was a multiple of the
    /// frame length).
    ///
    /// # Errors
    ///
    /// [`Error::Validation`] when the message would exceed 2^32 - 1 frames.
    pub fn finish(mut self, out: &mut Vec<u8>) -> Result<()> {
        self.write_header(out);
        let pending = core::mem::take(&mut self.pending);
        self.seal_final(&pending, out)?;
        self.write_footer(out)
    }

    /// Encrypts a whole plaintext after the header: full frames then the final frame, straight
    /// from `input` (the one-shot path).
    pub(crate) fn encrypt_all(mut self, input: &[u8], out: &mut Vec<u8>) -> Result<()> {
        self.write_header(out);
        let full = input.len() - input.len() % self.frame_length;
        let (frames, rest) = input.split_at(full);
        for frame in frames.chunks_exact(self.frame_length) {
            self.seal_regular(frame, out)?;
        }
        self.seal_final(rest, out)?;
        self.write_footer(out)
    }

    /// Encrypts the whole of `plaintext` into `out` — header, full frames, final frame — for a
    /// caller that allocates the output itself, such as a binding writing straight into a
    /// Python `bytes` or a Node `Buffer` (one allocation, no copy of the message afterwards).
    /// `out` must be exactly [`message_len`](Self::message_len)`(plaintext.len())` bytes long,
    /// and nothing may have been written with this encryptor yet.
    ///
    /// ```
    /// use datakey::keyring::RawAesKeyring;
    /// use datakey::message::{self, DecryptOptions, EncryptOptions, Encryptor};
    /// let keyring = RawAesKeyring::new("ns", "key", &[1u8; 32])?;
    /// let plaintext = b"into a buffer the caller allocated";
    /// let enc = Encryptor::new(&keyring, EncryptOptions::default())?;
    /// let mut out = vec![0u8; enc.message_len(plaintext.len() as u64) as usize];
    /// enc.encrypt_to_slice(plaintext, &mut out)?;
    /// let d = message::decrypt(&out, &keyring, &DecryptOptions::default())?;
    /// assert_eq!(&d.plaintext[..], plaintext);
    /// # Ok::<(), datakey::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::Validation`] if `out` has another length, if [`update`](Self::update) was called
    /// before, or if the message would exceed 2^32 - 1 frames. After an error `out` is zeroed
    /// (it holds no plaintext).
    pub fn encrypt_to_slice(mut self, plaintext: &[u8], out: &mut [u8]) -> Result<()> {
        self.check_fresh_and_len(plaintext.len(), out.len())?;
        let result = self.seal_all_into(plaintext, out);
        if result.is_err() {
            out.zeroize();
        }
        result
    }

    /// [`encrypt_to_slice`](Self::encrypt_to_slice) once the lengths are checked: `out` is
    /// exactly the message.
    fn seal_all_into(&mut self, plaintext: &[u8], out: &mut [u8]) -> Result<()> {
        self.seal_frames(Source::From(plaintext), plaintext.len(), out)
    }

    /// Writes the header, every frame and (signed suite) the footer of a message of `n` plaintext
    /// bytes into `out` (exactly
    /// the message): each frame's ciphertext sealed from `src` into its place in one pass, or
    /// sealed where it lies when the plaintext was staged there.
    fn seal_frames(&mut self, src: Source<'_>, n: usize, out: &mut [u8]) -> Result<()> {
        let (message, footer) = out.split_at_mut(out.len() - self.footer_len);
        let (header, mut body) = message.split_at_mut(self.header_len);
        header.copy_from_slice(&self.header);
        self.header = Vec::new();
        self.header_written = true;
        let f = self.frame_length;
        let full = n - n % f;
        let seal = |key: &AesGcmKey, iv: &[u8; NONCE_LEN], aad: &[u8], at: usize, ct: &mut [u8]| {
            match src {
                Source::From(pt) => key.seal_to(iv, aad, &pt[at..at + ct.len()], ct),
                Source::Staged => key.seal_in_place(iv, aad, ct),
            }
            .map_err(|_| Error::Validation("a frame could not be encrypted".into()))
        };
        for at in (0..full).step_by(f) {
            let (dst, tail) = body.split_at_mut(REGULAR_OVERHEAD + f);
            body = tail;
            let seq = self.next_seq;
            if seq >= FINAL_MARKER - 1 {
                return Err(too_many_frames());
            }
            let iv = frame_iv(seq);
            let (prefix, ct_tag) = dst.split_at_mut(4 + NONCE_LEN);
            prefix[..4].copy_from_slice(&seq.to_be_bytes());
            prefix[4..].copy_from_slice(&iv);
            let (ct, tag) = ct_tag.split_at_mut(f);
            self.aad[FRAME_AAD_LEN - 12..FRAME_AAD_LEN - 8].copy_from_slice(&seq.to_be_bytes());
            tag.copy_from_slice(&seal(&self.key, &iv, &self.aad, at, ct)?);
            if let Some(k) = self.signer.as_mut() {
                k.update(dst);
            }
            self.next_seq = seq + 1;
            self.plaintext_len += f as u64;
        }
        // The final frame: marker, sequence number, IV, length, ciphertext, tag.
        let seq = self.next_seq;
        let iv = frame_iv(seq);
        let rest = n - full;
        let len = rest as u32; // < frame_length <= 2^31
        let aad: [u8; FINAL_AAD_LEN] =
            body_aad_v2(&self.message_id, FINAL_FRAME_STRING, seq, u64::from(len));
        let (prefix, ct_tag) = body.split_at_mut(4 + 4 + NONCE_LEN + 4);
        prefix[..4].copy_from_slice(&FINAL_MARKER.to_be_bytes());
        prefix[4..8].copy_from_slice(&seq.to_be_bytes());
        prefix[8..8 + NONCE_LEN].copy_from_slice(&iv);
        prefix[8 + NONCE_LEN..].copy_from_slice(&len.to_be_bytes());
        let (ct, tag) = ct_tag.split_at_mut(rest);
        tag.copy_from_slice(&seal(&self.key, &iv, &aad, full, ct)?);
        if let Some(k) = self.signer.as_mut() {
            k.update(body);
        }
        self.plaintext_len += rest as u64;
        if let Some(signature) = self.sign()? {
            let (len, sig) = footer.split_at_mut(2);
            len.copy_from_slice(&(signature.len() as u16).to_be_bytes());
            sig.copy_from_slice(&signature);
        }
        Ok(())
    }

    /// The plaintext length of a message of exactly `message_len` bytes from this encryptor
    /// (the inverse of [`message_len`](Self::message_len)), if there is one.
    fn plaintext_len_of(&self, message_len: usize) -> Option<usize> {
        let f = self.frame_length;
        let rest = message_len.checked_sub(self.header_len + FINAL_OVERHEAD + self.footer_len)?;
        let (frames, last) = (rest / (f + REGULAR_OVERHEAD), rest % (f + REGULAR_OVERHEAD));
        (last < f).then(|| frames * f + last)
    }

    /// The byte ranges of `out` (a whole message of this encryptor) where each frame's
    /// ciphertext goes, paired with the plaintext range it comes from, in order.
    fn frame_slots(&self, n: usize) -> impl Iterator<Item = (usize, usize, usize)> + use<> {
        let (f, h) = (self.frame_length, self.header_len);
        let regular = n / f;
        (0..=regular).map(move |j| {
            let at = h + j * (f + REGULAR_OVERHEAD);
            if j < regular {
                (j * f, at + 4 + NONCE_LEN, f)
            } else {
                (j * f, at + 4 + 4 + NONCE_LEN + 4, n - j * f)
            }
        })
    }

    /// The first half of an encryption split across two threads: copies `plaintext` into the
    /// places its frames' ciphertext will take in `out` (exactly
    /// [`message_len`](Self::message_len)`(plaintext.len())` bytes), reading every byte of
    /// `plaintext` once. [`seal_staged`](Self::seal_staged) then encrypts `out` where it lies —
    /// on another thread, once `out` is private to it, while the caller may reuse `plaintext`
    /// at once (Node's asynchronous `encrypt`: the caller's buffer is copied, not pinned, and
    /// the copy is the output).
    ///
    /// ```
    /// use datakey::keyring::RawAesKeyring;
    /// use datakey::message::{self, DecryptOptions, EncryptOptions, Encryptor};
    /// let keyring = RawAesKeyring::new("ns", "key", &[1u8; 32])?;
    /// let plaintext = b"staged here, sealed elsewhere";
    /// let enc = Encryptor::new(&keyring, EncryptOptions { frame_length: 16, ..Default::default() })?;
    /// let mut out = vec![0u8; enc.message_len(plaintext.len() as u64) as usize];
    /// enc.stage_to_slice(plaintext, &mut out)?;
    /// std::thread::scope(|s| s.spawn(|| enc.seal_staged(&mut out)).join().unwrap())?;
    /// let d = message::decrypt(&out, &keyring, &DecryptOptions::default())?;
    /// assert_eq!(&d.plaintext[..], plaintext);
    /// # Ok::<(), datakey::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// As [`encrypt_to_slice`](Self::encrypt_to_slice) for the lengths and a used encryptor
    /// (`out` untouched).
    pub fn stage_to_slice(&self, plaintext: &[u8], out: &mut [u8]) -> Result<()> {
        self.check_fresh_and_len(plaintext.len(), out.len())?;
        for (from, to, len) in self.frame_slots(plaintext.len()) {
            out[to..to + len].copy_from_slice(&plaintext[from..from + len]);
        }
        Ok(())
    }

    /// The second half of [`stage_to_slice`](Self::stage_to_slice): encrypts the plaintext
    /// staged in `out` into the whole message, in place (header, frame prefixes and tags written
    /// around the staged bytes; no byte moves). The plaintext length follows from `out`'s.
    ///
    /// # Errors
    ///
    /// [`Error::Validation`] if no message of this encryptor is exactly `out.len()` bytes long,
    /// if the encryptor was used, or if the message would exceed 2^32 - 1 frames. After an
    /// error `out` is zeroed (it holds no plaintext).
    pub fn seal_staged(mut self, out: &mut [u8]) -> Result<()> {
        let Some(n) = self.plaintext_len_of(out.len()) else {
            return Err(Error::Validation(format!(
                "No message of this encryptor is {} bytes long.",
                out.len()
            )));
        };
        self.check_fresh_and_len(n, out.len())?;
        let result = self.seal_frames(Source::Staged, n, out);
        if result.is_err() {
            out.zeroize();
        }
        result
    }

    fn check_fresh_and_len(&self, n: usize, out_len: usize) -> Result<()> {
        if self.header_written || self.next_seq != 1 || !self.pending.is_empty() {
            return Err(Error::Validation(
                "encrypt_to_slice needs a fresh encryptor: nothing may have been written yet."
                    .into(),
            ));
        }
        let expected = self.message_len(n as u64);
        if out_len as u64 != expected {
            return Err(Error::Validation(format!(
                "The output buffer holds {out_len} bytes; this message needs exactly {expected}."
            )));
        }
        Ok(())
    }

    /// Turns the plaintext in `buf` into the whole message, in place (see
    /// [`encrypt_in_place`](crate::message::encrypt_in_place)). Checks everything that can fail
    /// before a byte of `buf` moves.
    pub(crate) fn seal_vec_in_place(mut self, buf: &mut Vec<u8>) -> Result<()> {
        if self.header_written || self.next_seq != 1 || !self.pending.is_empty() {
            return Err(Error::Validation(
                "encrypting in place needs a fresh encryptor.".into(),
            ));
        }
        let n = buf.len();
        let f = self.frame_length;
        let regular = n / f;
        if regular as u64 >= u64::from(FINAL_MARKER - 1) {
            return Err(too_many_frames());
        }
        let total = usize::try_from(self.message_len(n as u64))
            .ok()
            .filter(|&t| t < isize::MAX as usize)
            .ok_or_else(|| Error::Validation("The message would not fit in memory.".into()))?;
        if buf.capacity() < total {
            // Grow by hand so that no copy of the plaintext is freed unwiped.
            let mut grown = Vec::new();
            grown
                .try_reserve_exact(total)
                .map_err(|_| Error::Validation("The message would not fit in memory.".into()))?;
            grown.extend_from_slice(buf);
            crate::secret::wipe_vec(buf);
            *buf = grown;
        }
        buf.resize(total, 0);
        let h = self.header_len;
        let stride = f + REGULAR_OVERHEAD;
        let final_len = n - regular * f;
        let final_seq = u32::try_from(regular + 1).map_err(|_| too_many_frames())?;
        // Frames 0..regular are regular, frame `regular` is the final one. They go in blocks of
        // about IN_PLACE_BLOCK bytes, the last block first: each block's frames are sealed where
        // they lie, first to last (ring's loop streams the cold plaintext in address order, as
        // the hardware prefetcher likes), then moved to their places last to first while they
        // are still in L2 — every frame lands above every byte not yet moved.
        let block_frames = (IN_PLACE_BLOCK / f).max(1);
        let mut tags: Vec<[u8; TAG_LEN]> = Vec::with_capacity(block_frames.min(regular + 1));
        let mut result = Ok(());
        let mut end = regular + 1;
        while end > 0 && result.is_ok() {
            let start = end.saturating_sub(block_frames);
            tags.clear();
            for j in start..end {
                // Fits: regular < 2^32 - 2, checked above.
                let seq = (j + 1) as u32;
                let iv = frame_iv(seq);
                let src = j * f..(j * f + f).min(n);
                let sealed = if j == regular {
                    let aad: [u8; FINAL_AAD_LEN] =
                        body_aad_v2(&self.message_id, FINAL_FRAME_STRING, seq, final_len as u64);
                    self.key.seal_in_place(&iv, &aad, &mut buf[src])
                } else {
                    self.aad[FRAME_AAD_LEN - 12..FRAME_AAD_LEN - 8]
                        .copy_from_slice(&seq.to_be_bytes());
                    self.key.seal_in_place(&iv, &self.aad, &mut buf[src])
                };
                match sealed {
                    Ok(tag) => tags.push(tag),
                    Err(_) => {
                        result = Err(Error::Validation("a frame could not be encrypted".into()));
                        break;
                    }
                }
            }
            if result.is_err() {
                break;
            }
            for (j, tag) in (start..end).zip(&tags).rev() {
                let seq = (j + 1) as u32;
                let at = h + j * stride;
                let (ct_at, len) = if j == regular {
                    (at + 4 + 4 + NONCE_LEN + 4, final_len)
                } else {
                    (at + 4 + NONCE_LEN, f)
                };
                buf.copy_within(j * f..j * f + len, ct_at);
                let prefix = &mut buf[at..ct_at];
                if j == regular {
                    prefix[..4].copy_from_slice(&FINAL_MARKER.to_be_bytes());
                    prefix[4..8].copy_from_slice(&seq.to_be_bytes());
                    prefix[8..8 + NONCE_LEN].copy_from_slice(&frame_iv(seq));
                    prefix[8 + NONCE_LEN..].copy_from_slice(&(final_len as u32).to_be_bytes());
                } else {
                    prefix[..4].copy_from_slice(&seq.to_be_bytes());
                    prefix[4..].copy_from_slice(&frame_iv(seq));
                }
                buf[ct_at + len..ct_at + len + TAG_LEN].copy_from_slice(tag);
            }
            end = start;
        }
        if let Err(e) = result {
            // Unreachable with ring (frames are far below GCM's limit); never leave a mix of
            // plaintext and ciphertext behind.
            crate::secret::wipe_vec(buf);
            return Err(e);
        }
        buf[..h].copy_from_slice(&self.header);
        self.header = Vec::new();
        self.header_written = true;
        self.next_seq = final_seq;
        self.plaintext_len = n as u64;
        // The frames were sealed last to first; the signature covers them first to last, so it
        // reads the finished body once more (the header went in when it was built).
        if self.signer.is_some() {
            let end = total - self.footer_len;
            if let Some(k) = self.signer.as_mut() {
                k.update(&buf[h..end]);
            }
            match self.sign() {
                Ok(Some(signature)) => {
                    buf[end..end + 2].copy_from_slice(&(signature.len() as u16).to_be_bytes());
                    buf[end + 2..].copy_from_slice(&signature);
                }
                Ok(None) => {}
                Err(e) => {
                    crate::secret::wipe_vec(buf);
                    return Err(e);
                }
            }
        }
        Ok(())
    }

    fn seal_regular(&mut self, plaintext: &[u8], out: &mut Vec<u8>) -> Result<()> {
        let seq = self.next_seq;
        // Regular frames stop at 2^32 - 2 so that the final frame's number fits.
        if seq >= FINAL_MARKER - 1 {
            return Err(too_many_frames());
        }
        let iv = frame_iv(seq);
        let start = out.len();
        out.reserve(plaintext.len() + REGULAR_OVERHEAD);
        out.extend_from_slice(&seq.to_be_bytes());
        out.extend_from_slice(&iv);
        let ct_at = out.len();
        out.extend_from_slice(plaintext);
        self.aad[FRAME_AAD_LEN - 12..FRAME_AAD_LEN - 8].copy_from_slice(&seq.to_be_bytes());
        match self.key.seal_in_place(&iv, &self.aad, &mut out[ct_at..]) {
            Ok(tag) => out.extend_from_slice(&tag),
            Err(_) => {
                out[start..].zeroize();
                out.truncate(start);
                return Err(Error::Validation("a frame could not be encrypted".into()));
            }
        }
        if let Some(k) = self.signer.as_mut() {
            k.update(&out[start..]);
        }
        self.next_seq = seq + 1;
        self.plaintext_len += plaintext.len() as u64;
        Ok(())
    }

    fn seal_final(&mut self, plaintext: &[u8], out: &mut Vec<u8>) -> Result<()> {
        let seq = self.next_seq;
        let iv = frame_iv(seq);
        let len = plaintext.len() as u32; // < frame_length <= 2^31
        let aad: [u8; FINAL_AAD_LEN] =
            body_aad_v2(&self.message_id, FINAL_FRAME_STRING, seq, u64::from(len));
        let start = out.len();
        out.reserve(plaintext.len() + FINAL_OVERHEAD);
        out.extend_from_slice(&FINAL_MARKER.to_be_bytes());
        out.extend_from_slice(&seq.to_be_bytes());
        out.extend_from_slice(&iv);
        out.extend_from_slice(&len.to_be_bytes());
        let ct_at = out.len();
        out.extend_from_slice(plaintext);
        match self.key.seal_in_place(&iv, &aad, &mut out[ct_at..]) {
            Ok(tag) => out.extend_from_slice(&tag),
            Err(_) => {
                out[start..].zeroize();
                out.truncate(start);
                return Err(Error::Validation("a frame could not be encrypted".into()));
            }
        }
        if let Some(k) = self.signer.as_mut() {
            k.update(&out[start..]);
        }
        self.plaintext_len += plaintext.len() as u64;
        Ok(())
    }
}

impl fmt::Debug for Encryptor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Encryptor")
            .field("frame_length", &self.frame_length)
            .field("next_seq", &self.next_seq)
            .field("plaintext_len", &self.plaintext_len)
            .finish_non_exhaustive()
    }
}

/// Where a frame's plaintext comes from.
#[derive(Clone, Copy)]
enum Source<'a> {
    /// This buffer (the frame's plaintext at the same offset): sealed out of place.
    From(&'a [u8]),
    /// The frame's place in the output (staged there): sealed in place.
    Staged,
}

/// `header_len + 32 × ⌊plaintext_len / frame_length⌋ + 40 + plaintext_len`, saturating.
fn message_len(header_len: usize, frame_length: u32, plaintext_len: u64) -> u64 {
    let frames = plaintext_len / u64::from(frame_length.max(1));
    (header_len as u64)
        .saturating_add((REGULAR_OVERHEAD as u64).saturating_mul(frames))
        .saturating_add(FINAL_OVERHEAD as u64)
        .saturating_add(plaintext_len)
}

fn too_many_frames() -> Error {
    Error::Validation("A message holds at most 2^32 - 1 frames; use a larger frame length.".into())
}

/// Appends `data` to a secret buffer without leaving copies behind: when the buffer must grow, the
/// old allocation is zeroized before it is freed.
fn push_zeroizing(buf: &mut Plaintext, data: &[u8], frame_length: usize) {
    let needed = buf.len() + data.len();
    if needed > buf.capacity() {
        let new_cap = needed.max(buf.capacity() * 2).min(frame_length.max(needed));
        let mut grown = Plaintext::with_capacity(new_cap);
        grown.extend_from_slice(buf);
        // The old allocation ends up in `grown`, wiped when it drops.
        core::mem::swap(buf, &mut grown);
    }
    buf.extend_from_slice(data);
}

/// Splits the caller's context into the part stored in the header and the required part that
/// is only authenticated.
pub(crate) fn split_context(
    ec: &EncryptionContext,
    required_keys: &[String],
) -> Result<(EncryptionContext, EncryptionContext)> {
    if required_keys.is_empty() {
        return Ok((ec.clone(), EncryptionContext::new()));
    }
    let mut stored = ec.clone();
    let mut required = EncryptionContext::new();
    for key in required_keys {
        let Some(value) = stored.remove(key) else {
            if required.contains_key(key) {
                continue;
            }
            return Err(Error::Validation(format!(
                "The required encryption context key {key:?} is not in the encryption context."
            )));
        };
        required.insert(key.clone(), value);
    }
    Ok((stored, required))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keyring::RawAesKeyring;
    use crate::message::DecryptLimits;
    use crate::message::header::{self, Need};

    /// Message ID, data key and wrapping IV of one message: the ID from the header, the IV from
    /// the EDK's provider info, the data key by unwrapping the EDK.
    fn draws(ct: &[u8], wrapping_key: &[u8]) -> ([u8; 32], Vec<u8>, [u8; NONCE_LEN]) {
        let Need::Total(len) = header::scan(ct, &DecryptLimits::default()).unwrap() else {
            panic!("incomplete header");
        };
        let hdr = header::parse(&ct[..len]).unwrap();
        let edk = &hdr.edks[0];
        let mut iv = [0u8; NONCE_LEN];
        iv.copy_from_slice(&edk.provider_info[edk.provider_info.len() - NONCE_LEN..]);
        let aad = hdr.encryption_context.serialize().unwrap();
        let data_key = AesGcmKey::new(wrapping_key)
            .unwrap()
            .open(&iv, &aad, &edk.ciphertext)
            .unwrap();
        let mut id = [0u8; 32];
        id.copy_from_slice(&hdr.message_id);
        (id, data_key.expose_secret().to_vec(), iv)
    }

    #[test]
    fn encrypt_to_slice_writes_the_same_message_format() {
        let keyring = RawAesKeyring::new("ns", "key", &[7u8; 32]).unwrap();
        let dopts = crate::message::DecryptOptions::default();
        for (len, frame_length) in [
            (0, 16),
            (15, 16),
            (16, 16),
            (100, 32),
            (4096, 4096),
            (5000, 4096),
        ] {
            let opts = EncryptOptions {
                frame_length,
                ..Default::default()
            };
            let pt: Vec<u8> = (0..len).map(|i| i as u8).collect();
            let enc = Encryptor::new(&keyring, opts.clone()).unwrap();
            let n = enc.message_len(len as u64) as usize;
            let mut out = vec![0u8; n];
            enc.encrypt_to_slice(&pt, &mut out).unwrap();
            let d = crate::message::decrypt(&out, &keyring, &dopts).unwrap();
            assert_eq!(&d.plaintext[..], &pt[..]);
            // Same layout as the one-shot path: same length, same header length.
            let one_shot = crate::message::encrypt(&pt, &keyring, &opts).unwrap();
            assert_eq!(one_shot.len(), n);
            assert_eq!(
                d.header.header_len,
                Encryptor::new(&keyring, opts).unwrap().header_len()
            );
        }
    }

    #[test]
    fn encrypt_to_slice_refuses_a_wrong_length_or_a_used_encryptor() {
        let keyring = RawAesKeyring::new("ns", "key", &[7u8; 32]).unwrap();
        let n = Encryptor::new(&keyring, EncryptOptions::default())
            .unwrap()
            .message_len(10) as usize;
        for wrong in [n - 1, n + 1] {
            let enc = Encryptor::new(&keyring, EncryptOptions::default()).unwrap();
            let mut out = vec![0u8; wrong];
            let err = enc.encrypt_to_slice(b"0123456789", &mut out).unwrap_err();
            assert_eq!(err.name(), "ValidationException", "{err}");
        }
        let mut used = Encryptor::new(&keyring, EncryptOptions::default()).unwrap();
        let mut sink = Vec::new();
        used.update(b"abc", &mut sink).unwrap();
        let mut out = vec![0u8; used.message_len(10) as usize];
        assert!(used.encrypt_to_slice(b"0123456789", &mut out).is_err());
    }

    #[test]
    fn message_id_data_key_and_wrapping_iv_are_separate_random_bytes() {
        let wrapping_key = [7u8; 32];
        let keyring = RawAesKeyring::new("ns", "key", &wrapping_key).unwrap();
        let opts = EncryptOptions::default();
        let a = draws(
            &crate::message::encrypt(b"one", &keyring, &opts).unwrap(),
            &wrapping_key,
        );
        let b = draws(
            &crate::message::encrypt(b"two", &keyring, &opts).unwrap(),
            &wrapping_key,
        );
        for (id, key, iv) in [&a, &b] {
            assert_eq!(key.len(), 32);
            assert_ne!(&id[..], &key[..]);
            assert!(!id.windows(NONCE_LEN).any(|w| w == iv));
            assert!(!key.windows(NONCE_LEN).any(|w| w == iv));
            assert_ne!(iv, &[0u8; NONCE_LEN]);
        }
        assert_ne!(a.0, b.0);
        assert_ne!(a.1, b.1);
        assert_ne!(a.2, b.2);
    }
}
