//! Message headers, v1 and v2 (`spec: data-format/message-header.md`): scanning (how long is it?),
//! parsing (what does it say?) and writing (v2 only).

use crate::crypto::{NONCE_LEN, TAG_LEN};
use crate::ec::EncryptionContext;
use crate::error::{Error, Result};
use crate::materials::{AlgorithmSuite, EncryptedDataKey};
use crate::message::DecryptLimits;

/// Content type byte: non-framed body (decrypt only).
pub(crate) const CONTENT_NON_FRAMED: u8 = 0x01;
/// Content type byte: framed body.
pub(crate) const CONTENT_FRAMED: u8 = 0x02;
/// The encryption-context key under which a signed message carries its verification key (base64
/// of the SEC1 compressed point).
pub(crate) const PUBLIC_KEY_CONTEXT_KEY: &str = "aws-crypto-public-key";
/// The v1 header's type byte ("customer authenticated encrypted data").
const V1_TYPE: u8 = 0x80;

/// How much of the input a parser needs before it can go on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Need {
    /// The unit is exactly this long (it is complete once that many bytes are present).
    Total(usize),
    /// At least this many bytes are needed to learn the unit's length.
    AtLeast(usize),
}

/// Bounds-checked big-endian reads from a prefix of the header.
struct Scan<'a> {
    bytes: &'a [u8],
    pos: usize,
    max: usize,
}

impl Scan<'_> {
    /// Makes sure `n` more bytes are present; `Ok(Err(need))` when they are not yet.
    fn ensure(&self, n: usize) -> Result<core::result::Result<(), Need>> {
        let end = self.pos.saturating_add(n);
        if end > self.max {
            return Err(Error::ResourceLimit(format!(
                "the message header is longer than the limit of {} bytes",
                self.max
            )));
        }
        if self.bytes.len() < end {
            return Ok(Err(Need::AtLeast(end)));
        }
        Ok(Ok(()))
    }

    fn u8_at(&self, at: usize) -> u8 {
        self.bytes[at]
    }

    fn u16_at(&self, at: usize) -> usize {
        usize::from(u16::from_be_bytes([self.bytes[at], self.bytes[at + 1]]))
    }
}

macro_rules! ensure {
    ($scan:expr, $n:expr) => {
        if let Err(need) = $scan.ensure($n)? {
            return Ok(need);
        }
    };
}

/// Reads the header's length fields from the start of `bytes` (which may be incomplete) and
/// reports the header's total length once it is known. Checks the version, the suite, the EDK
/// count and the header-size limit as soon as the bytes that decide them are present, so nothing
/// is buffered beyond what the limits allow.
pub(crate) fn scan(bytes: &[u8], limits: &DecryptLimits) -> Result<Need> {
    let mut s = Scan {
        bytes,
        pos: 0,
        max: limits.max_header_size,
    };
    ensure!(s, 1);
    let version = s.u8_at(0);
    let suite_at = match version {
        1 => {
            ensure!(s, 2);
            if s.u8_at(1) != V1_TYPE {
                return Err(Error::Malformed(format!(
                    "unknown v1 message type {:#04x}",
                    s.u8_at(1)
                )));
            }
            2
        }
        2 => 1,
        v => return Err(Error::UnsupportedVersion(v)),
    };
    s.pos = suite_at;
    ensure!(s, 2);
    let suite = AlgorithmSuite::from_id(s.u16_at(suite_at) as u16)?;
    if suite.message_format_version() != version {
        return Err(Error::Malformed(format!(
            "algorithm suite {:#06x} cannot appear in a version {version} header",
            suite.id()
        )));
    }
    s.pos = suite_at + 2 + suite.message_id_len();
    ensure!(s, 2);
    let aad_len = s.u16_at(s.pos);
    s.pos = s.pos.saturating_add(2 + aad_len);
    ensure!(s, 2);
    let edk_count = s.u16_at(s.pos);
    if edk_count == 0 {
        return Err(Error::Malformed(
            "the message header has no encrypted data key".into(),
        ));
    }
    if edk_count > limits.max_encrypted_data_keys {
        return Err(Error::ResourceLimit(format!(
            "the message has {edk_count} encrypted data keys; the limit is {}",
            limits.max_encrypted_data_keys
        )));
    }
    s.pos += 2;
    for _ in 0..edk_count {
        for _field in 0..3 {
            ensure!(s, 2);
            let len = s.u16_at(s.pos);
            s.pos = s.pos.saturating_add(2 + len);
        }
    }
    let tail = if version == 2 {
        1 + 4 + suite.suite_data_len() + TAG_LEN
    } else {
        1 + 4 + 1 + 4 + NONCE_LEN + TAG_LEN
    };
    ensure!(s, tail);
    Ok(Need::Total(s.pos.saturating_add(tail)))
}

/// A parsed header. `body_len` is the length of the authenticated header body (everything before
/// the header-authentication IV and tag).
#[derive(Debug)]
pub(crate) struct Header {
    pub(crate) version: u8,
    pub(crate) suite: AlgorithmSuite,
    pub(crate) message_id: Vec<u8>,
    pub(crate) encryption_context: EncryptionContext,
    pub(crate) edks: Vec<EncryptedDataKey>,
    pub(crate) content_type: u8,
    pub(crate) frame_length: u32,
    pub(crate) commit_key: Vec<u8>,
    pub(crate) body_len: usize,
    pub(crate) auth_iv: [u8; NONCE_LEN],
    pub(crate) auth_tag: [u8; TAG_LEN],
}

struct Cursor<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        let end = self
            .pos
            .checked_add(n)
            .filter(|&e| e <= self.buf.len())
            .ok_or_else(|| Error::Malformed("truncated message header".into()))?;
        let out = &self.buf[self.pos..end];
        self.pos = end;
        Ok(out)
    }
    fn u8(&mut self) -> Result<u8> {
        Ok(self.take(1)?[0])
    }
    fn u16(&mut self) -> Result<u16> {
        let b = self.take(2)?;
        Ok(u16::from_be_bytes([b[0], b[1]]))
    }
    fn u32(&mut self) -> Result<u32> {
        let b = self.take(4)?;
        Ok(u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
    }
    fn field(&mut self) -> Result<&'a [u8]> {
        let len = usize::from(self.u16()?);
        self.take(len)
    }
    fn array<const N: usize>(&mut self) -> Result<[u8; N]> {
        let mut out = [0u8; N];
        out.copy_from_slice(self.take(N)?);
        Ok(out)
    }
}

/// Parses a complete header: exactly the bytes [`scan`] measured.
pub(crate) fn parse(bytes: &[u8]) -> Result<Header> {
    let mut c = Cursor { buf: bytes, pos: 0 };
    let version = c.u8()?;
    if version == 1 {
        c.u8()?; // type, checked by scan
    }
    let suite = AlgorithmSuite::from_id(c.u16()?)?;
    let message_id = c.take(suite.message_id_len())?.to_vec();
    let ec_bytes = c.field()?;
    let encryption_context = EncryptionContext::parse(ec_bytes)?;
    let edk_count = c.u16()?;
    let mut edks = Vec::with_capacity(usize::from(edk_count));
    for _ in 0..edk_count {
        let provider_id = String::from_utf8(c.field()?.to_vec()).map_err(|_| {
            Error::Malformed("an encrypted data key's provider ID is not UTF-8".into())
        })?;
        let provider_info = c.field()?.to_vec();
        let ciphertext = c.field()?.to_vec();
        edks.push(EncryptedDataKey {
            provider_id,
            provider_info,
            ciphertext,
        });
    }
    let content_type = c.u8()?;
    if version == 1 {
        if c.take(4)? != [0, 0, 0, 0] {
            return Err(Error::Malformed(
                "the v1 header's reserved field is not zero".into(),
            ));
        }
        let iv_len = c.u8()?;
        if usize::from(iv_len) != NONCE_LEN {
            return Err(Error::Malformed(format!(
                "the v1 header declares an IV length of {iv_len}; AES-GCM suites use 12"
            )));
        }
    }
    let frame_length = c.u32()?;
    let commit_key = c.take(suite.suite_data_len())?.to_vec();
    let body_len = c.pos;
    let auth_iv = if version == 1 {
        c.array::<NONCE_LEN>()?
    } else {
        [0u8; NONCE_LEN]
    };
    let auth_tag = c.array::<TAG_LEN>()?;
    if c.pos != bytes.len() {
        return Err(Error::Malformed(
            "trailing bytes in the message header".into(),
        ));
    }
    match (content_type, frame_length) {
        (CONTENT_FRAMED, 0) => {
            return Err(Error::Malformed(
                "a framed message declares a frame length of 0".into(),
            ));
        }
        (CONTENT_NON_FRAMED, n) if n != 0 => {
            return Err(Error::Malformed(format!(
                "a non-framed message declares a frame length of {n}; it must be 0"
            )));
        }
        (CONTENT_FRAMED | CONTENT_NON_FRAMED, _) => {}
        (other, _) => {
            return Err(Error::Malformed(format!(
                "unknown content type {other:#04x}"
            )));
        }
    }
    if !suite.is_signed() && encryption_context.contains_key(PUBLIC_KEY_CONTEXT_KEY) {
        return Err(Error::Malformed(
            "an unsigned message carries a signing key (aws-crypto-public-key) in its \
             encryption context"
                .into(),
        ));
    }
    Ok(Header {
        version,
        suite,
        message_id,
        encryption_context,
        edks,
        content_type,
        frame_length,
        commit_key,
        body_len,
        auth_iv,
        auth_tag,
    })
}

/// Writes a v2 framed header body (suite 0x0478 or 0x0578), everything before the
/// authentication tag.
///
/// # Errors
///
/// [`Error::Validation`] when there are more than 65 535 EDKs or an EDK field is longer than
/// 65 535 bytes.
pub(crate) fn write_v2_suite_body(
    out: &mut Vec<u8>,
    suite: AlgorithmSuite,
    message_id: &[u8; 32],
    stored_context: &[u8],
    edks: &[EncryptedDataKey],
    frame_length: u32,
    commit_key: &[u8; 32],
) -> Result<()> {
    let too_long = || Error::Validation("An encrypted data key field exceeds 65 535 bytes.".into());
    let edk_count = u16::try_from(edks.len()).map_err(|_| {
        Error::Validation("A message carries at most 65 535 encrypted data keys.".into())
    })?;
    let aad_len = u16::try_from(stored_context.len()).map_err(|_| {
        Error::Validation("The serialized encryption context exceeds 65 535 bytes.".into())
    })?;
    // Room for the tag too: the caller appends it without reallocating.
    out.reserve(v2_header_len(stored_context.len(), edks));
    out.push(2);
    out.extend_from_slice(&suite.id().to_be_bytes());
    out.extend_from_slice(message_id);
    out.extend_from_slice(&aad_len.to_be_bytes());
    out.extend_from_slice(stored_context);
    out.extend_from_slice(&edk_count.to_be_bytes());
    for edk in edks {
        for field in [
            edk.provider_id.as_bytes(),
            &edk.provider_info,
            &edk.ciphertext,
        ] {
            let len = u16::try_from(field.len()).map_err(|_| too_long())?;
            out.extend_from_slice(&len.to_be_bytes());
            out.extend_from_slice(field);
        }
    }
    out.push(CONTENT_FRAMED);
    out.extend_from_slice(&frame_length.to_be_bytes());
    out.extend_from_slice(commit_key);
    Ok(())
}

/// The length of a v2 (0x0478 or 0x0578) header, tag included:
/// `92 + len(ser(stored EC)) + Σ (6 + len(provider id) + len(provider info) + len(ciphertext))`.
pub(crate) fn v2_header_len(stored_context_len: usize, edks: &[EncryptedDataKey]) -> usize {
    92 + stored_context_len
        + edks
            .iter()
            .map(EncryptedDataKey::serialized_len)
            .sum::<usize>()
}
