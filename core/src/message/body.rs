//! Message body helpers (`spec: data-format/message-body.md`, `data-format/message-body-aad.md`).
//!
//! ```text
//! regular frame: seq:u32 || IV:12 || ciphertext[frame_length] || tag:16                (32 bytes overhead)
//! final frame:   FFFFFFFF || seq:u32 || IV:12 || len:u32 || ciphertext[len] || tag:16   (40 bytes overhead)
//! non-framed:    IV:12 || len:u64 || ciphertext[len] || tag:16                         (decrypt only)
//! frame IV       = 00 x 8 || seq:u32        (non-framed: 00 x 11 || 01)
//! body AAD       = message ID || content string || seq:u32 || plaintext length:u64
//! ```

use crate::crypto::NONCE_LEN;

/// Content string of a regular frame's AAD.
pub(crate) const FRAME_STRING: &[u8] = b"AWSKMSEncryptionClient Frame";
/// Content string of the final frame's AAD.
pub(crate) const FINAL_FRAME_STRING: &[u8] = b"AWSKMSEncryptionClient Final Frame";
/// Content string of a non-framed body's AAD.
pub(crate) const SINGLE_BLOCK_STRING: &[u8] = b"AWSKMSEncryptionClient Single Block";
/// The sequence-number value that marks the final frame.
pub(crate) const FINAL_MARKER: u32 = u32::MAX;
/// Overhead of a regular frame: sequence number, IV, tag.
pub(crate) const REGULAR_OVERHEAD: usize = 4 + NONCE_LEN + 16;
/// Overhead of the final frame: marker, sequence number, IV, length, tag.
pub(crate) const FINAL_OVERHEAD: usize = 4 + 4 + NONCE_LEN + 4 + 16;
/// Prefix of a non-framed body before its ciphertext: IV, length.
pub(crate) const NON_FRAMED_PREFIX: usize = NONCE_LEN + 8;
/// The largest non-framed body the format allows (2^36 - 32 bytes).
pub(crate) const MAX_NON_FRAMED_LEN: u64 = (1 << 36) - 32;

/// The IV of frame `seq`: the sequence number left-padded with zeros.
pub(crate) fn frame_iv(seq: u32) -> [u8; NONCE_LEN] {
    let mut iv = [0u8; NONCE_LEN];
    iv[8..].copy_from_slice(&seq.to_be_bytes());
    iv
}

/// Length of a v2 regular frame's AAD: message ID (32), content string, sequence number, length.
pub(crate) const FRAME_AAD_LEN: usize = 32 + FRAME_STRING.len() + 4 + 8;
/// Length of a v2 final frame's AAD.
pub(crate) const FINAL_AAD_LEN: usize = 32 + FINAL_FRAME_STRING.len() + 4 + 8;

/// The body AAD of a v2 message (32-byte message ID) as an array, without allocating. `N` must be
/// `32 + content.len() + 12` ([`FRAME_AAD_LEN`] or [`FINAL_AAD_LEN`]).
pub(crate) fn body_aad_v2<const N: usize>(
    message_id: &[u8; 32],
    content: &[u8],
    seq: u32,
    len: u64,
) -> [u8; N] {
    debug_assert_eq!(N, 32 + content.len() + 12);
    let mut aad = [0u8; N];
    let (id, rest) = aad.split_at_mut(32);
    id.copy_from_slice(message_id);
    let (text, rest) = rest.split_at_mut(content.len());
    text.copy_from_slice(content);
    let (seq_bytes, len_bytes) = rest.split_at_mut(4);
    seq_bytes.copy_from_slice(&seq.to_be_bytes());
    len_bytes.copy_from_slice(&len.to_be_bytes());
    aad
}

/// Writes the body AAD into `aad` (cleared first).
pub(crate) fn body_aad(aad: &mut Vec<u8>, message_id: &[u8], content: &[u8], seq: u32, len: u64) {
    aad.clear();
    aad.extend_from_slice(message_id);
    aad.extend_from_slice(content);
    aad.extend_from_slice(&seq.to_be_bytes());
    aad.extend_from_slice(&len.to_be_bytes());
}

/// Reads a big-endian `u32` at `at` (the caller checked the bounds).
pub(crate) fn be_u32(bytes: &[u8], at: usize) -> u32 {
    let mut b = [0u8; 4];
    b.copy_from_slice(&bytes[at..at + 4]);
    u32::from_be_bytes(b)
}

/// Reads a big-endian `u64` at `at` (the caller checked the bounds).
pub(crate) fn be_u64(bytes: &[u8], at: usize) -> u64 {
    let mut b = [0u8; 8];
    b.copy_from_slice(&bytes[at..at + 8]);
    u64::from_be_bytes(b)
}
