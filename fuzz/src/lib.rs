//! Fixtures shared by the fuzz targets: the fixed keyring the message targets decrypt with, and
//! the limits they decrypt under.
//!
//! The keyring's main key is the public AES-256 test key of the official ESDK decrypt vectors
//! (`aws-raw-vectors-persistant` / `aes-256`), so that the vector ciphertexts (v1 suites,
//! non-framed bodies, required encryption context) are valid seeds whose headers authenticate,
//! and mutations reach the body parser. datakey's own seeds (`core/examples/fuzz_seed.rs`) are
//! written with the same keys.

use std::sync::{Arc, OnceLock};

use datakey::EncryptionContext;
use datakey::keyring::{Keyring, MultiKeyring, RawAesKeyring};
use datakey::message::{CommitmentPolicy, DecryptLimits, DecryptOptions};

/// Provider ID (key namespace) of the ESDK vectors' raw AES keys.
pub const VECTOR_NAMESPACE: &str = "aws-raw-vectors-persistant";
/// The ESDK vectors' public AES-256 test key (`keys.json`, `aes-256`).
pub const VECTOR_AES256: [u8; 32] = [
    0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15,
    0x16, 0x17, 0x18, 0x19, 0x20, 0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0x27, 0x28, 0x29, 0x30, 0x31,
];
/// A second, 128-bit wrapping key the seeds also wrap their data key under.
pub const FUZZ_AES128: [u8; 16] = [0xa5; 16];

/// The keyring every message target decrypts with: the vector key (generator) and the 128-bit
/// key `fuzz`/`aes-128`.
pub fn keyring() -> Arc<dyn Keyring> {
    static KEYRING: OnceLock<Arc<dyn Keyring>> = OnceLock::new();
    KEYRING
        .get_or_init(|| {
            let main = RawAesKeyring::new(VECTOR_NAMESPACE, "aes-256", &VECTOR_AES256)
                .expect("valid keyring");
            let second =
                RawAesKeyring::new("fuzz", "aes-128", &FUZZ_AES128).expect("valid keyring");
            Arc::new(
                MultiKeyring::new(Some(Arc::new(main)), vec![Arc::new(second)])
                    .expect("valid multi-keyring"),
            )
        })
        .clone()
}

/// Limits small enough that a target never allocates much, large enough for every seed.
pub fn limits() -> DecryptLimits {
    DecryptLimits {
        max_encrypted_data_keys: 16,
        max_header_size: 64 * 1024,
        max_frame_length: 1 << 20,
        max_body_size: u64::MAX,
    }
}

/// The decrypt options the message targets try on every input: the default policy, the legacy
/// policy, and the legacy policy with the required encryption context of the ESDK vectors.
pub fn option_sets() -> [DecryptOptions; 3] {
    let base = DecryptOptions {
        limits: limits(),
        ..Default::default()
    };
    let legacy = DecryptOptions {
        commitment_policy: CommitmentPolicy::RequireEncryptAllowDecrypt,
        ..base.clone()
    };
    let with_ec = DecryptOptions {
        encryption_context: EncryptionContext::from_iter([("key1", "val1"), ("key2", "val2")]),
        ..legacy.clone()
    };
    [base, legacy, with_ec]
}

/// A small deterministic generator (xorshift64*) for chunk boundaries drawn from input bytes.
pub struct Rng(u64);

impl Rng {
    /// Seeds from up to 8 bytes (zero is replaced, xorshift has no zero state).
    pub fn new(seed: &[u8]) -> Self {
        let mut b = [0u8; 8];
        let n = seed.len().min(8);
        b[..n].copy_from_slice(&seed[..n]);
        let s = u64::from_le_bytes(b);
        Self(if s == 0 { 0x9e37_79b9_7f4a_7c15 } else { s })
    }

    /// The next value.
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A chunk length in `1..=max`, biased towards very small chunks (the boundary cases).
    pub fn chunk_len(&mut self, max: usize) -> usize {
        let r = self.next_u64();
        let n = match r % 4 {
            0 => 1 + (r >> 8) as usize % 4,
            1 => 1 + (r >> 8) as usize % 64,
            2 => 1 + (r >> 8) as usize % 4096,
            _ => 1 + (r >> 8) as usize % (max.max(1)),
        };
        n.min(max.max(1))
    }
}
