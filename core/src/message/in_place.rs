//! Whole in-memory messages without an intermediate buffer: decrypt into a buffer the caller
//! allocated ([`open`] then [`Opened::decrypt_to_slice`]), and encrypt or decrypt in place
//! ([`encrypt_in_place`], [`decrypt_in_place`]).

use core::fmt;

use zeroize::Zeroize;

use crate::crypto::sign::Verifier;
use crate::crypto::{NONCE_LEN, TAG_LEN};
use crate::error::{Error, Result};
use crate::keyring::Keyring;
use crate::message::body::{
    FINAL_MARKER, FINAL_OVERHEAD, MAX_NON_FRAMED_LEN, NON_FRAMED_PREFIX, REGULAR_OVERHEAD, be_u32,
    be_u64, frame_iv,
};
use crate::message::decrypt::{self, Body};
use crate::message::header::{self, Need};
use crate::message::{DecryptOptions, EncryptOptions, Encryptor, HeaderInfo};

/// Bytes of frames [`decrypt_in_place`] reads the tags of at once (see there).
const TAG_BLOCK: usize = 256 * 1024;

/// Offset of a regular frame's ciphertext: sequence number, IV.
const REGULAR_CT_AT: usize = 4 + NONCE_LEN;
/// Offset of the final frame's ciphertext: marker, sequence number, IV, length.
const FINAL_CT_AT: usize = 4 + 4 + NONCE_LEN + 4;

/// Where a body's frames are, worked out from its length and its final frame.
#[derive(Debug, Clone, Copy)]
enum Layout {
    /// `regular` frames of `frame_length` bytes, then the final frame of `final_len` bytes;
    /// `trailing`: bytes follow it (reported once the frames have been tried, as
    /// [`decrypt`](crate::message::decrypt) does).
    Framed {
        regular: usize,
        final_len: usize,
        trailing: bool,
    },
    /// One non-framed block of `len` bytes (`trailing` as for a framed body).
    NonFramed { len: usize, trailing: bool },
}

/// A message whose header is authenticated and whose body layout is known: everything but the
/// frames themselves.
struct Prepared {
    body: Box<Body>,
    info: HeaderInfo,
    header_len: usize,
    layout: Layout,
    plaintext_len: usize,
    /// A signed message's footer.
    footer: Option<Footer>,
}

/// Where a signed message's body ends, and its signature (copied: read once).
struct Footer {
    body_len: usize,
    signature: Vec<u8>,
}

impl Prepared {
    /// Checks and authenticates the header of `message` (a copy of it: each header byte of the
    /// input is read once), then checks that the body's length agrees with its final frame (or
    /// non-framed length field) and with the limits.
    fn new(message: &[u8], keyring: &dyn Keyring, opts: &DecryptOptions) -> Result<Self> {
        let header_len = match header::scan(message, &opts.limits)? {
            Need::Total(n) if n <= message.len() => n,
            Need::Total(_) | Need::AtLeast(_) => {
                return Err(Error::Malformed(
                    "the message ended inside its header".into(),
                ));
            }
        };
        let header_bytes = message[..header_len].to_vec();
        let (body, info) = decrypt::open_header(opts, keyring, &header_bytes)?;
        drop(header_bytes);
        let rest = &message[header_len..];
        let mut footer = None;
        let (layout, plaintext_len) = if body.signature.is_some() {
            let (layout, plaintext_len, f) = signed_layout(rest, &body, opts)?;
            footer = Some(f);
            (layout, plaintext_len)
        } else if info.framed {
            framed_layout(rest, &body)?
        } else {
            non_framed_layout(rest, opts)?
        };
        if plaintext_len as u64 > opts.limits.max_body_size {
            return Err(Error::ResourceLimit(format!(
                "the message body exceeds the limit of {} bytes",
                opts.limits.max_body_size
            )));
        }
        Ok(Self {
            body,
            info,
            header_len,
            layout,
            plaintext_len,
            footer,
        })
    }

    /// For a signed message, checks the regular frames' sequence numbers and IVs (the final
    /// frame's were checked with the layout), then the signature over the body as it lies in
    /// `message` (the header went into the verifier when it was authenticated) — in the order
    /// the other paths find these defects. A no-op for unsigned messages.
    fn verify_in(&mut self, message: &[u8]) -> Result<()> {
        if self.footer.is_none() {
            return Ok(());
        }
        if let Layout::Framed { regular, .. } = self.layout {
            let stride = self.body.frame_length as usize + REGULAR_OVERHEAD;
            let rest = &message[self.header_len..];
            for (i, frame) in rest.chunks_exact(stride).take(regular).enumerate() {
                check_regular(&mut self.body, frame, i)?;
            }
        }
        let (Some(verifier), Some(footer)) = (self.body.signature.take(), &self.footer) else {
            return Ok(());
        };
        let mut verifier = verifier;
        verifier.update(&message[self.header_len..self.header_len + footer.body_len]);
        decrypt::verify_footer_signature(verifier, &footer.signature)
    }

    /// Decrypts every frame of `message` into `out` (exactly `plaintext_len` bytes): each frame
    /// is authenticated and decrypted from the message into its place in `out` in one pass.
    fn decrypt_into(mut self, message: &[u8], out: &mut [u8]) -> Result<HeaderInfo> {
        if self.body.signature.is_some() {
            return self.decrypt_signed_into(message, out);
        }
        let rest = &message[self.header_len..];
        match self.layout {
            Layout::Framed {
                regular,
                final_len,
                trailing,
            } => {
                let f = self.body.frame_length as usize;
                let stride = f + REGULAR_OVERHEAD;
                for (i, (frame, dst)) in rest
                    .chunks_exact(stride)
                    .take(regular)
                    .zip(out.chunks_exact_mut(f))
                    .enumerate()
                {
                    let iv = check_regular(&mut self.body, frame, i)?;
                    let (ct, tag) = frame[REGULAR_CT_AT..].split_at(f);
                    open_to(&self.body, &iv, &self.body.aad, ct, tag, dst)?;
                }
                let frame = &rest[regular * stride..];
                let (seq, iv) = final_seq_iv(regular)?;
                let aad = self.body.final_aad(seq, final_len as u64);
                let (ct, tag) = frame[FINAL_CT_AT..].split_at(final_len);
                open_to(&self.body, &iv, &aad, ct, tag, &mut out[regular * f..])?;
                if trailing {
                    return Err(trailing_bytes());
                }
            }
            Layout::NonFramed { len, trailing } => {
                let aad = self.body.non_framed_aad(len as u64);
                let (ct, tag) = rest[NON_FRAMED_PREFIX..].split_at(len);
                open_to(&self.body, &frame_iv(1), &aad, ct, tag, out)?;
                if trailing {
                    return Err(trailing_bytes());
                }
            }
        }
        Ok(self.info)
    }

    /// [`decrypt_into`](Self::decrypt_into) for a signed message: each frame goes into the
    /// signature's digest from the message's bytes as it is decrypted from them, in one pass, so
    /// the signature covers exactly the bytes that were decrypted; the signature is checked once
    /// every frame has verified.
    fn decrypt_signed_into(mut self, message: &[u8], out: &mut [u8]) -> Result<HeaderInfo> {
        let (Some(mut verifier), Some(footer)) = (self.body.signature.take(), self.footer.take())
        else {
            return Err(Error::Validation(
                "a signed message without its verifier".into(),
            ));
        };
        let rest = &message[self.header_len..self.header_len + footer.body_len];
        match self.layout {
            Layout::Framed {
                regular, final_len, ..
            } => {
                let f = self.body.frame_length as usize;
                let stride = f + REGULAR_OVERHEAD;
                for (i, (frame, dst)) in rest
                    .chunks_exact(stride)
                    .take(regular)
                    .zip(out.chunks_exact_mut(f))
                    .enumerate()
                {
                    let iv = check_regular(&mut self.body, frame, i)?;
                    let (ct, tag) = frame[REGULAR_CT_AT..].split_at(f);
                    let aad = &self.body.aad;
                    open_to_signed(&self.body, &mut verifier, frame, &iv, aad, ct, tag, dst)?;
                }
                let frame = &rest[regular * stride..];
                let (seq, iv) = final_seq_iv(regular)?;
                let aad = self.body.final_aad(seq, final_len as u64);
                let (ct, tag) = frame[FINAL_CT_AT..].split_at(final_len);
                let dst = &mut out[regular * f..];
                open_to_signed(&self.body, &mut verifier, frame, &iv, &aad, ct, tag, dst)?;
            }
            Layout::NonFramed { len, .. } => {
                let aad = self.body.non_framed_aad(len as u64);
                let (ct, tag) = rest[NON_FRAMED_PREFIX..].split_at(len);
                let iv = frame_iv(1);
                open_to_signed(&self.body, &mut verifier, rest, &iv, &aad, ct, tag, out)?;
            }
        }
        decrypt::verify_footer_signature(verifier, &footer.signature)?;
        Ok(self.info)
    }

    /// Decrypts every frame of the message in `buf` in place, shifting the plaintext down to
    /// the front as it goes (frame by frame, while each is in cache); the plaintext is then
    /// `buf[..plaintext_len]`.
    fn decrypt_here(mut self, buf: &mut [u8]) -> Result<HeaderInfo> {
        let h = self.header_len;
        match self.layout {
            Layout::Framed {
                regular,
                final_len,
                trailing,
            } => {
                let f = self.body.frame_length as usize;
                let stride = f + REGULAR_OVERHEAD;
                // ring takes the tag before the ciphertext, and a frame's tag lies past its
                // ciphertext — where the hardware prefetcher has not been yet. Reading the tags
                // of a block of frames first, back to back, overlaps those cache misses instead
                // of stalling on one per frame.
                let block = (TAG_BLOCK / stride).max(1);
                let mut tags: Vec<[u8; TAG_LEN]> = Vec::with_capacity(block.min(regular));
                let mut start = 0;
                while start < regular {
                    let end = (start + block).min(regular);
                    tags.clear();
                    tags.extend(
                        (start..end).map(|i| read_tag(buf, h + i * stride + REGULAR_CT_AT + f)),
                    );
                    for (i, tag) in (start..end).zip(&tags) {
                        let at = h + i * stride;
                        let iv = check_regular(&mut self.body, &buf[at..at + stride], i)?;
                        let src = at + REGULAR_CT_AT;
                        open_within(&self.body, &iv, &self.body.aad, buf, i * f, src, f, tag)?;
                    }
                    start = end;
                }
                let (seq, iv) = final_seq_iv(regular)?;
                let aad = self.body.final_aad(seq, final_len as u64);
                let src = h + regular * stride + FINAL_CT_AT;
                let tag = read_tag(buf, src + final_len);
                open_within(
                    &self.body,
                    &iv,
                    &aad,
                    buf,
                    regular * f,
                    src,
                    final_len,
                    &tag,
                )?;
                if trailing {
                    return Err(trailing_bytes());
                }
            }
            Layout::NonFramed { len, trailing } => {
                let aad = self.body.non_framed_aad(len as u64);
                let src = h + NON_FRAMED_PREFIX;
                let tag = read_tag(buf, src + len);
                open_within(&self.body, &frame_iv(1), &aad, buf, 0, src, len, &tag)?;
                if trailing {
                    return Err(trailing_bytes());
                }
            }
        }
        Ok(self.info)
    }
}

/// The layout of a framed body `rest` (everything after the header). The final frame's place
/// follows from the body's length alone — `regular × (frame_length + 32) + 40 + final_len`
/// with `final_len ≤ frame_length` has one solution — and its marker, length field, sequence
/// number and IV must agree.
fn framed_layout(rest: &[u8], body: &Body) -> Result<(Layout, usize)> {
    let f = body.frame_length as usize;
    let stride = f + REGULAR_OVERHEAD;
    let ended_early = || Error::Malformed("the message ended before its final frame".into());
    let after = rest
        .len()
        .checked_sub(FINAL_OVERHEAD)
        .ok_or_else(ended_early)?;
    let regular = after / stride;
    let at = regular * stride;
    if be_u32(rest, at) != FINAL_MARKER {
        // Either cut short, or longer than its final frame says: not one message.
        return Err(Error::Malformed(
            "the message's length does not match its frames (truncated, or bytes follow the \
             final frame)"
                .into(),
        ));
    }
    let len_field = be_u32(rest, at + 4 + 4 + NONCE_LEN);
    if len_field > body.frame_length {
        return Err(Error::Malformed(format!(
            "the final frame holds {len_field} bytes, more than the frame length {f}"
        )));
    }
    let room = after % stride;
    let final_len = len_field as usize;
    if final_len > room {
        return Err(ended_early());
    }
    let (seq, iv) = final_seq_iv(regular)?;
    let got_seq = be_u32(rest, at + 4);
    if got_seq != seq {
        return Err(decrypt::out_of_order(got_seq, seq));
    }
    if rest[at + 8..at + 8 + NONCE_LEN] != iv {
        return Err(decrypt::malformed_iv(seq));
    }
    let layout = Layout::Framed {
        regular,
        final_len,
        trailing: final_len < room,
    };
    Ok((layout, regular * f + final_len))
}

/// The layout of a signed message's body and footer, `rest` being everything after the header:
/// the frames are walked (one 4-byte read per frame: a regular frame's sequence number is never
/// the final-frame marker) to the final frame, whose length field gives the body's end; then
/// `length:u16 || signature` must fill the rest exactly.
fn signed_layout(
    rest: &[u8],
    body: &Body,
    opts: &DecryptOptions,
) -> Result<(Layout, usize, Footer)> {
    let ended_early = || Error::Malformed("the message ended before its final frame".into());
    let (layout, plaintext_len, body_len) = if body.frame_length == 0 {
        let (layout, len) = non_framed_layout(rest, opts)?;
        let body_len = NON_FRAMED_PREFIX + len + TAG_LEN;
        let Layout::NonFramed { len, .. } = layout else {
            return Err(ended_early());
        };
        let layout = Layout::NonFramed {
            len,
            trailing: false,
        };
        (layout, len, body_len)
    } else {
        let stride = body.frame_length as usize + REGULAR_OVERHEAD;
        let mut at = 0usize;
        while rest.len().saturating_sub(at) >= 4 && be_u32(rest, at) != FINAL_MARKER {
            at = at.saturating_add(stride);
        }
        if rest.len().saturating_sub(at) < FINAL_OVERHEAD {
            return Err(ended_early());
        }
        let len_field = be_u32(rest, at + 4 + 4 + NONCE_LEN);
        if len_field > body.frame_length {
            return Err(Error::Malformed(format!(
                "the final frame holds {len_field} bytes, more than the frame length {}",
                body.frame_length
            )));
        }
        let final_end = at + FINAL_OVERHEAD + len_field as usize;
        if final_end > rest.len() {
            return Err(ended_early());
        }
        // The body alone is now laid out as an unsigned one (which checks the rest).
        let (layout, plaintext_len) = framed_layout(&rest[..final_end], body)?;
        (layout, plaintext_len, final_end)
    };
    let footer = &rest[body_len..];
    if footer.len() < 2 {
        return Err(Error::Malformed(
            "the message ended before its signature (footer)".into(),
        ));
    }
    let sig_len = usize::from(u16::from_be_bytes([footer[0], footer[1]]));
    decrypt::check_signature_len(sig_len, body.signature.as_ref().map(Verifier::algorithm))?;
    match (footer.len() - 2).cmp(&sig_len) {
        core::cmp::Ordering::Less => Err(Error::Malformed(
            "the message ended before its signature (footer)".into(),
        )),
        core::cmp::Ordering::Greater => Err(Error::Malformed(
            "bytes follow the signature (footer) of the message".into(),
        )),
        core::cmp::Ordering::Equal => Ok((
            layout,
            plaintext_len,
            Footer {
                body_len,
                signature: footer[2..].to_vec(),
            },
        )),
    }
}

/// The layout of a non-framed body: `IV | length:u64 | ciphertext | tag`, exactly.
fn non_framed_layout(rest: &[u8], opts: &DecryptOptions) -> Result<(Layout, usize)> {
    if rest.len() < NON_FRAMED_PREFIX {
        return Err(Error::Malformed(
            "the message ended before its final frame".into(),
        ));
    }
    let len = be_u64(rest, NONCE_LEN);
    if len > MAX_NON_FRAMED_LEN {
        return Err(Error::Malformed(format!(
            "a non-framed body of {len} bytes exceeds the format's maximum"
        )));
    }
    let limits = &opts.limits;
    if len > u64::from(limits.max_frame_length) || len > limits.max_body_size {
        return Err(Error::ResourceLimit(format!(
            "the non-framed body holds {len} bytes, over the limit of {} bytes (a non-framed \
             body is held in memory whole: max_frame_length bounds it)",
            u64::from(limits.max_frame_length).min(limits.max_body_size)
        )));
    }
    let expected = (NON_FRAMED_PREFIX + TAG_LEN) as u64 + len;
    if (rest.len() as u64) < expected {
        return Err(Error::Malformed(
            "the message ended before its final frame".into(),
        ));
    }
    if rest[..NONCE_LEN] != frame_iv(1) {
        return Err(decrypt::malformed_non_framed_iv());
    }
    // Fits: `len` bytes of `rest` are in memory.
    let len = len as usize;
    let trailing = rest.len() as u64 > expected;
    Ok((Layout::NonFramed { len, trailing }, len))
}

fn trailing_bytes() -> Error {
    Error::Malformed("bytes follow the final frame of the message".into())
}

/// The sequence number and IV of the final frame after `regular` regular frames.
fn final_seq_iv(regular: usize) -> Result<(u32, [u8; NONCE_LEN])> {
    let seq = u32::try_from(regular + 1)
        .ok()
        .filter(|&s| s != FINAL_MARKER)
        .ok_or_else(decrypt::too_many_frames)?;
    Ok((seq, frame_iv(seq)))
}

/// Checks regular frame number `i` (0-based; `frame` starts at its sequence number) and sets its
/// sequence number in the body's AAD. Returns its IV.
fn check_regular(body: &mut Body, frame: &[u8], i: usize) -> Result<[u8; NONCE_LEN]> {
    let seq = be_u32(frame, 0);
    // `i + 1 < 2^32 - 1`: the final frame's number fits (checked in the layout).
    let expected = (i + 1) as u32;
    if seq != expected {
        return Err(decrypt::out_of_order(seq, expected));
    }
    let iv = frame_iv(seq);
    if frame[4..4 + NONCE_LEN] != iv {
        return Err(decrypt::malformed_iv(seq));
    }
    body.set_frame_seq(seq);
    Ok(iv)
}

/// Authenticates `ct` under `tag` and decrypts it into `dst` (same length), in one pass.
fn open_to(
    body: &Body,
    iv: &[u8; NONCE_LEN],
    aad: &[u8],
    ct: &[u8],
    tag: &[u8],
    dst: &mut [u8],
) -> Result<()> {
    let mut t = [0u8; TAG_LEN];
    t.copy_from_slice(&tag[..TAG_LEN]);
    body.key
        .open_to(iv, aad, ct, &t, dst)
        .map_err(|_| Error::Decryption)
}

/// [`open_to`] for a signed message: the frame's bytes in the message, `frame` (its sequence
/// number, IV and length fields as checked, its ciphertext `ct` and its tag `tag`, which lie in
/// `frame`), go into the signature's digest, then `ct` is authenticated and decrypted into `dst`
/// in one pass. The message does not change during the call (`&[u8]`), so the digest covers
/// exactly the bytes decrypted.
#[allow(clippy::too_many_arguments)]
fn open_to_signed(
    body: &Body,
    verifier: &mut Verifier,
    frame: &[u8],
    iv: &[u8; NONCE_LEN],
    aad: &[u8],
    ct: &[u8],
    tag: &[u8],
    dst: &mut [u8],
) -> Result<()> {
    verifier.update(frame);
    open_to(body, iv, aad, ct, tag, dst)
}

/// The 16 bytes at `buf[at..]`.
fn read_tag(buf: &[u8], at: usize) -> [u8; TAG_LEN] {
    let mut tag = [0u8; TAG_LEN];
    tag.copy_from_slice(&buf[at..at + TAG_LEN]);
    tag
}

/// Authenticates the `len` bytes of ciphertext at `buf[src..]` under `tag` and writes their
/// plaintext to `buf[dst..dst + len]`, in one pass.
#[allow(clippy::too_many_arguments)]
fn open_within(
    body: &Body,
    iv: &[u8; NONCE_LEN],
    aad: &[u8],
    buf: &mut [u8],
    dst: usize,
    src: usize,
    len: usize,
    tag: &[u8; TAG_LEN],
) -> Result<()> {
    body.key
        .open_within(iv, aad, &mut buf[dst..src + len], src - dst, tag)
        .map(|_| ())
        .map_err(|_| Error::Decryption)
}

/// A message whose header has been authenticated, ready to decrypt into a buffer of exactly
/// [`plaintext_len`](Self::plaintext_len) bytes — one the caller allocated, such as a Python
/// `bytes` or a Node `Buffer` (no intermediate buffer, no copy of the plaintext afterwards).
/// Made by [`open`].
///
/// ```
/// use datakey::keyring::RawAesKeyring;
/// use datakey::message::{self, DecryptOptions, EncryptOptions};
/// let keyring = RawAesKeyring::new("ns", "key", &[1u8; 32])?;
/// let ciphertext = message::encrypt(b"into a buffer I own", &keyring, &EncryptOptions::default())?;
///
/// let opened = message::open(&ciphertext, &keyring, &DecryptOptions::default())?;
/// let mut plaintext = vec![0u8; opened.plaintext_len()];
/// let header = opened.decrypt_to_slice(&mut plaintext)?;
/// assert_eq!(plaintext, b"into a buffer I own");
/// assert_eq!(header.suite_id, 0x0478);
/// # Ok::<(), datakey::Error>(())
/// ```
pub struct Opened<'m> {
    message: &'m [u8],
    prepared: Prepared,
}

impl Opened<'_> {
    /// The exact length of the message's plaintext.
    pub fn plaintext_len(&self) -> usize {
        self.prepared.plaintext_len
    }

    /// The message's header (authenticated).
    pub fn header(&self) -> &HeaderInfo {
        &self.prepared.info
    }

    /// Decrypts the body into `out`, which must be exactly
    /// [`plaintext_len`](Self::plaintext_len) bytes long. Returns the header.
    ///
    /// Each frame is authenticated and decrypted from the message into its place in `out` in
    /// one pass (no copy first). The message must not change during the call — Rust's `&[u8]`
    /// promises that; a binding whose caller could write to the message meanwhile (from
    /// another thread) copies it first, for instance into its output buffer for
    /// [`decrypt_in_slice`].
    /// For a signed message each frame also goes into the signature's digest from the same bytes
    /// of the message, as it is decrypted, and the signature (read once, by [`open`]) is checked
    /// after the last frame: it covers exactly the bytes decrypted.
    ///
    /// # Errors
    ///
    /// [`Error::Validation`] if `out` has another length (`out` untouched);
    /// [`Error::Malformed`] for a frame out of order or with a malformed IV, or for bytes after
    /// a final frame whose length field is shorter than the body (reported once the frames have
    /// verified, as [`decrypt`](crate::message::decrypt) does);
    /// [`Error::Decryption`] for a frame whose tag does not verify, or a signature that does not.
    /// After any frame or signature error `out` is zeroed: it never holds unauthenticated or
    /// partial plaintext.
    pub fn decrypt_to_slice(self, out: &mut [u8]) -> Result<HeaderInfo> {
        if out.len() != self.prepared.plaintext_len {
            return Err(Error::Validation(format!(
                "The output buffer holds {} bytes; this message's plaintext is exactly {}.",
                out.len(),
                self.prepared.plaintext_len
            )));
        }
        let result = self.prepared.decrypt_into(self.message, out);
        if result.is_err() {
            out.zeroize();
        }
        result
    }
}

impl fmt::Debug for Opened<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Opened")
            .field("message_len", &self.message.len())
            .field("plaintext_len", &self.prepared.plaintext_len)
            .field("header", &self.prepared.info)
            .finish_non_exhaustive()
    }
}

/// Opens a whole in-memory message for decryption into a buffer the caller allocates: parses
/// and authenticates its header, unwraps its data key, and works out the exact plaintext length
/// from the body's layout (regular frames are fixed size; the final frame carries its length).
/// [`Opened::decrypt_to_slice`] then decrypts the frames.
///
/// Together they check everything [`decrypt`](crate::message::decrypt) checks and report the
/// same error kinds for a message with one defect. The order differs in one way: `open` checks
/// the body's length against its final frame before any frame is tried, where `decrypt` reports
/// the first defect in stream order — so a message with several defects (a bad frame *and* a
/// wrong length) may be reported as [`Error::Malformed`] here and [`Error::Decryption`] there.
///
/// # Errors
///
/// As [`decrypt`](crate::message::decrypt) for the header, the keyring and the limits;
/// [`Error::Malformed`] when the body's length does not match its final frame (truncated, or
/// bytes after the final frame) or the final frame is malformed, or a signed message's footer
/// does not fill the rest exactly;
/// [`Error::ResourceLimit`] when the plaintext exceeds [`DecryptLimits::max_body_size`].
///
/// [`DecryptLimits::max_body_size`]: crate::message::DecryptLimits::max_body_size
pub fn open<'m>(
    message: &'m [u8],
    keyring: &dyn Keyring,
    opts: &DecryptOptions,
) -> Result<Opened<'m>> {
    Ok(Opened {
        message,
        prepared: Prepared::new(message, keyring, opts)?,
    })
}

/// Decrypts the message held in `buf` in place: on success `buf` holds the plaintext (the same
/// allocation, truncated; no second buffer). Each frame is authenticated and decrypted and
/// shifted down to its place in one pass.
///
/// **What `buf` holds after an error.** Errors found before any frame is opened — the header
/// (structure, limits, commitment policy, encryption context, the keyring, key commitment,
/// header tag), the body's layout (its length against its final frame) and, for a signed
/// message, every frame's sequence number and IV, its footer and its signature — leave `buf`
/// exactly as it was. (So with several defects — a damaged frame before a malformed one — a
/// signed message may be reported as [`Error::Malformed`] here and [`Error::Decryption`] by
/// [`Opened::decrypt_to_slice`], which goes frame by frame; with one defect they agree.) An error in a frame (out of order, a malformed IV, a tag that does not
/// verify, bytes after a final frame that declares itself shorter) comes after earlier frames were decrypted over their own ciphertext, so the message
/// cannot be given back: `buf` is then zeroized and emptied (it never holds unauthenticated or
/// partial plaintext). Keep a copy, or use [`decrypt`](crate::message::decrypt), when the
/// message must survive a failed decrypt.
///
/// ```
/// use datakey::keyring::RawAesKeyring;
/// use datakey::message::{self, DecryptOptions, EncryptOptions};
/// let keyring = RawAesKeyring::new("ns", "key", &[1u8; 32])?;
/// let mut buf = b"a large buffer, decrypted where it lies".to_vec();
/// message::encrypt_in_place(&mut buf, &keyring, &EncryptOptions::default())?;
/// let header = message::decrypt_in_place(&mut buf, &keyring, &DecryptOptions::default())?;
/// assert_eq!(buf, b"a large buffer, decrypted where it lies");
/// assert_eq!(header.suite_id, 0x0478);
/// # Ok::<(), datakey::Error>(())
/// ```
///
/// # Errors
///
/// As [`open`] and [`Opened::decrypt_to_slice`].
pub fn decrypt_in_place(
    buf: &mut Vec<u8>,
    keyring: &dyn Keyring,
    opts: &DecryptOptions,
) -> Result<HeaderInfo> {
    let mut prepared = Prepared::new(buf.as_slice(), keyring, opts)?;
    // A signed message's signature is checked before any frame is opened: a bad one leaves `buf`
    // as it was.
    prepared.verify_in(buf)?;
    let len = prepared.plaintext_len;
    let result = prepared.decrypt_here(buf);
    match result {
        // Only ciphertext and header bytes lie past the plaintext: nothing secret to wipe.
        Ok(_) => buf.truncate(len),
        Err(_) => crate::secret::wipe_vec(buf),
    }
    result
}

/// [`decrypt_in_place`] for a message in a fixed buffer (a slice the caller allocated, such as
/// the output buffer of an asynchronous binding that copied the caller's message into it): on
/// success the plaintext is `buf[..len]` and the rest of `buf` is zeroed. Returns `len` and the
/// header.
///
/// ```
/// use datakey::keyring::RawAesKeyring;
/// use datakey::message::{self, DecryptOptions, EncryptOptions};
/// let keyring = RawAesKeyring::new("ns", "key", &[1u8; 32])?;
/// let mut buf = message::encrypt(b"decrypted where it lies", &keyring, &EncryptOptions::default())?;
/// let (len, _header) = message::decrypt_in_slice(&mut buf, &keyring, &DecryptOptions::default())?;
/// assert_eq!(&buf[..len], b"decrypted where it lies");
/// assert!(buf[len..].iter().all(|&b| b == 0));
/// # Ok::<(), datakey::Error>(())
/// ```
///
/// # Errors
///
/// As [`decrypt_in_place`]: header and layout errors (and, for a signed message, frame
/// sequence, IV and signature errors) leave `buf` as it was; after a frame error all of `buf` is
/// zeroed.
pub fn decrypt_in_slice(
    buf: &mut [u8],
    keyring: &dyn Keyring,
    opts: &DecryptOptions,
) -> Result<(usize, HeaderInfo)> {
    let mut prepared = Prepared::new(buf, keyring, opts)?;
    // As in `decrypt_in_place`: a signed message's signature is checked before any frame is
    // opened.
    prepared.verify_in(buf)?;
    let len = prepared.plaintext_len;
    match prepared.decrypt_here(buf) {
        Ok(info) => {
            buf[len..].zeroize();
            Ok((len, info))
        }
        Err(e) => {
            buf.zeroize();
            Err(e)
        }
    }
}

/// Encrypts the plaintext held in `buf` in place into one message (format v2, suite 0x0478 or
/// 0x0578, framed, as [`encrypt`](crate::message::encrypt)): on success `buf` holds the message.
///
/// `buf` grows once, to the message's length (header, plus 32 bytes per full frame, plus 40);
/// give it that much spare capacity up front to avoid any reallocation. If it must grow, the
/// plaintext moves to a new allocation and the old one is zeroized before it is freed. The
/// frames are then moved to their places last to first (each shift is small, so each move stays
/// in cache) and sealed where they land.
///
/// Any error leaves `buf` exactly as it was: the keyring, the options, the frame count and the
/// allocation are all checked before a byte moves. (For 0x0578 the signature is made once the
/// frames are in place, by reading them once more; if AWS-LC failed to sign — it does not — `buf`
/// would be zeroized and emptied.)
///
/// # Errors
///
/// As [`Encryptor::new`]; [`Error::Validation`] when the message would not fit in memory or
/// would exceed 2^32 - 1 frames.
pub fn encrypt_in_place(
    buf: &mut Vec<u8>,
    keyring: &dyn Keyring,
    opts: &EncryptOptions,
) -> Result<()> {
    Encryptor::with_options(keyring, opts)?.seal_vec_in_place(buf)
}
