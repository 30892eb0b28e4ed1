//! Entry points for the fuzz targets (`fuzz/`): not part of the API, hidden from the docs, and
//! free to change. They expose the crate-private header scanner, parser and writer so that a
//! fuzz target can check that a parsed header re-serializes to the same bytes.

use crate::error::{Error, Result};
use crate::message::DecryptLimits;
use crate::message::header::{self, CONTENT_FRAMED, Need};

/// What [`header_roundtrip`] found at the start of its input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeaderRoundTrip {
    /// The header's length as the scanner measured it (tag included).
    pub header_len: usize,
    /// The message format version (1 or 2).
    pub version: u8,
    /// For a v2 framed header: datakey's header writer applied to the parsed fields, followed by
    /// the parsed authentication tag. `None` for headers datakey does not write (v1, non-framed).
    pub reserialized: Option<Vec<u8>>,
}

/// Scans the header at the start of `bytes` under `limits`, parses exactly the bytes the scanner
/// measured, and re-serializes the parsed fields with the writer `encrypt` uses.
///
/// Returns `Ok(None)` when `bytes` ends before the header does.
///
/// # Errors
///
/// Whatever the scanner or the parser report for malformed or over-limit input.
pub fn header_roundtrip(bytes: &[u8], limits: &DecryptLimits) -> Result<Option<HeaderRoundTrip>> {
    let len = match header::scan(bytes, limits)? {
        Need::Total(n) if n <= bytes.len() => n,
        Need::Total(_) | Need::AtLeast(_) => return Ok(None),
    };
    let hdr = header::parse(&bytes[..len])?;
    let reserialized = if hdr.version == 2 && hdr.content_type == CONTENT_FRAMED {
        let message_id: [u8; 32] =
            hdr.message_id.as_slice().try_into().map_err(|_| {
                Error::Malformed("a v2 message ID is not 32 bytes (parser bug)".into())
            })?;
        let commit_key: [u8; 32] = hdr.commit_key.as_slice().try_into().map_err(|_| {
            Error::Malformed("a v2 commitment key is not 32 bytes (parser bug)".into())
        })?;
        let mut out = Vec::new();
        header::write_v2_suite_body(
            &mut out,
            hdr.suite,
            &message_id,
            &hdr.encryption_context.serialize()?,
            &hdr.edks,
            hdr.frame_length,
            &commit_key,
        )?;
        out.extend_from_slice(&hdr.auth_tag);
        Some(out)
    } else {
        None
    };
    Ok(Some(HeaderRoundTrip {
        header_len: len,
        version: hdr.version,
        reserialized,
    }))
}
