//! The KMS's source of randomness: the operating system's CSPRNG, or — in the clearly test-only
//! deterministic mode — an HKDF-SHA256 stream from a 64-bit seed and a call counter.

use std::sync::atomic::{AtomicU64, Ordering};

use crate::error::{Error, Result};
use crate::secret::SecretBytes;

/// Where random bytes come from.
pub(crate) enum Rng {
    /// `ring`'s system random number generator.
    System,
    /// **Insecure, test-only.** Output `n` of the stream is
    /// `HKDF-SHA256(salt = label, ikm = seed (u64 big-endian), info = label || n (u64 big-endian))`,
    /// so the same seed and the same sequence of calls give the same bytes.
    Deterministic { seed: u64, counter: AtomicU64 },
}

impl core::fmt::Debug for Rng {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        // Never the seed: it is every key of a deterministic service.
        f.write_str(match self {
            Rng::System => "Rng::System",
            Rng::Deterministic { .. } => "Rng::Deterministic",
        })
    }
}

const LABEL: &[u8] = b"datakey/kms/insecure-deterministic-rng/v1";

impl Rng {
    pub(crate) fn deterministic(seed: u64) -> Self {
        Rng::Deterministic {
            seed,
            counter: AtomicU64::new(0),
        }
    }

    pub(crate) fn is_deterministic(&self) -> bool {
        matches!(self, Rng::Deterministic { .. })
    }

    /// Fills `buf` (at most 8160 bytes per call in deterministic mode).
    pub(crate) fn fill(&self, buf: &mut [u8]) -> Result<()> {
        match self {
            Rng::System => crate::crypto::fill_random(buf),
            Rng::Deterministic { seed, counter } => {
                let n = counter.fetch_add(1, Ordering::Relaxed);
                let mut info = Vec::with_capacity(LABEL.len() + 8);
                info.extend_from_slice(LABEL);
                info.extend_from_slice(&n.to_be_bytes());
                crate::crypto::hkdf_sha256(Some(LABEL), &seed.to_be_bytes(), &info, buf)
                    .map_err(|_| Error::KmsInternal("deterministic random stream exhausted".into()))
            }
        }
    }

    /// `len` random bytes as a secret.
    pub(crate) fn secret(&self, len: usize) -> Result<SecretBytes> {
        let mut s = SecretBytes::zeroed(len);
        self.fill(s.expose_secret_mut())?;
        Ok(s)
    }

    /// A uniformly distributed `u64`.
    pub(crate) fn next_u64(&self) -> Result<u64> {
        let mut b = [0u8; 8];
        self.fill(&mut b)?;
        Ok(u64::from_be_bytes(b))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_streams_repeat_per_seed_and_differ_across_seeds() {
        let draw = |seed| {
            let r = Rng::deterministic(seed);
            let mut a = [0u8; 48];
            let mut b = [0u8; 16];
            r.fill(&mut a).unwrap();
            r.fill(&mut b).unwrap();
            (a, b)
        };
        assert_eq!(draw(7), draw(7));
        assert_ne!(draw(7), draw(8));
        let (a, b) = draw(7);
        assert_ne!(&a[..16], &b[..], "successive draws differ");
        let mut big = vec![0u8; 1024];
        Rng::deterministic(1).fill(&mut big).unwrap();
        assert!(big.iter().any(|b| *b != 0));
    }
}
