//! Fixtures and baselines shared by datakey's criterion benchmarks (`make bench`).
//!
//! The baselines are what a user could write instead of datakey, measured in the same run:
//!
//! - [`RawGcm`]: raw AES-256-GCM from AWS-LC (datakey's backend), sealing and opening in place
//!   and out of place with a ready key schedule — the per-core limit of the cipher datakey uses;
//!   [`RingGcm`]: the same with ring, the alternative backend;
//! - [`Envelope`]: a minimal hand-written envelope — one OS RNG call for a random data key and
//!   two nonces, one GCM wrap of the data key under a ready master key, a key schedule for the
//!   data key, one GCM seal of the plaintext — with no format, framing, key derivation or
//!   commitment.
//!
//! Every benchmark uses the same encryption context ([`context`]) and raw AES keyring
//! ([`raw_keyring`]), as the Python and Node comparison scripts in `benches/compare/` do.

use std::time::{Duration, Instant};

use criterion::measurement::{Measurement, ValueFormatter, WallTime};

use datakey::EncryptionContext;
use datakey::keyring::RawAesKeyring;
use ring::aead::{AES_256_GCM, Aad, LessSafeKey, Nonce, Tag, UnboundKey};
use ring::error::Unspecified;
use ring::rand::{SecureRandom, SystemRandom};

/// The message sizes of the size sweep, with their labels.
pub const SIZES: [(usize, &str); 5] = [
    (32, "32B"),
    (1024, "1KiB"),
    (16 * 1024, "16KiB"),
    (1024 * 1024, "1MiB"),
    (16 * 1024 * 1024, "16MiB"),
];

/// The frame lengths of the size sweep, with their labels (4 KiB is datakey's default).
pub const FRAME_LENGTHS: [(u32, &str); 3] = [
    (4096, "f4KiB"),
    (64 * 1024, "f64KiB"),
    (1024 * 1024, "f1MiB"),
];

/// The raw AES keyring's namespace (the EDK provider ID).
pub const NAMESPACE: &str = "datakey-bench";
/// The raw AES keyring's key name.
pub const KEY_NAME: &str = "bench-aes-256";
/// The 32-byte wrapping key of the raw AES keyring and of the envelope's master key.
pub const WRAPPING_KEY: [u8; 32] = [0x42; 32];

/// The encryption context every benchmark binds: one pair, as a typical caller would.
pub fn context() -> EncryptionContext {
    EncryptionContext::from_iter([("purpose", "bench")])
}

/// The raw AES keyring of every message benchmark.
///
/// # Errors
///
/// None in practice: the constants are valid.
pub fn raw_keyring() -> datakey::Result<RawAesKeyring> {
    RawAesKeyring::new(NAMESPACE, KEY_NAME, &WRAPPING_KEY)
}

/// `len` bytes of plaintext (a fixed pattern: the cipher's speed does not depend on it).
pub fn plaintext(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i % 251) as u8).collect()
}

/// What the single-threaded benchmarks measure: wall-clock time (the default), or with
/// `DATAKEY_BENCH_CLOCK=cpu` the CPU time of the benchmarking thread (user + system, so the OS
/// random number generator's system calls count). On an idle machine the two agree; on a shared
/// one, CPU time leaves out the time the thread waited for a core, so ratios stay meaningful.
pub struct Clock {
    cpu: bool,
    wall: WallTime,
}

impl Clock {
    /// The clock `DATAKEY_BENCH_CLOCK` selects (`cpu`, or anything else for wall time).
    pub fn from_env() -> Self {
        Self {
            cpu: std::env::var("DATAKEY_BENCH_CLOCK").is_ok_and(|v| v == "cpu"),
            wall: WallTime,
        }
    }

    /// A criterion instance measuring with [`Clock::from_env`].
    pub fn criterion() -> criterion::Criterion<Clock> {
        criterion::Criterion::default().with_measurement(Self::from_env())
    }
}

/// The calling thread's CPU time so far (user + system).
pub fn thread_cpu_time() -> Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec, and CLOCK_THREAD_CPUTIME_ID is supported on
    // every Linux this project targets; clock_gettime writes only `ts`.
    #[allow(unsafe_code)]
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    if rc != 0 {
        // Not a measurement to trust: stop the run rather than print numbers from a broken clock.
        panic!("clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed");
    }
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

/// A start time on either clock.
pub enum ClockStart {
    /// Wall-clock start.
    Wall(Instant),
    /// Thread CPU time at the start.
    Cpu(Duration),
}

impl Measurement for Clock {
    type Intermediate = ClockStart;
    type Value = Duration;

    fn start(&self) -> ClockStart {
        if self.cpu {
            ClockStart::Cpu(thread_cpu_time())
        } else {
            ClockStart::Wall(Instant::now())
        }
    }
    fn end(&self, start: ClockStart) -> Duration {
        match start {
            ClockStart::Wall(t) => t.elapsed(),
            ClockStart::Cpu(t) => thread_cpu_time().saturating_sub(t),
        }
    }
    fn add(&self, v1: &Duration, v2: &Duration) -> Duration {
        *v1 + *v2
    }
    fn zero(&self) -> Duration {
        Duration::ZERO
    }
    fn to_f64(&self, value: &Duration) -> f64 {
        value.as_nanos() as f64
    }
    fn formatter(&self) -> &dyn ValueFormatter {
        self.wall.formatter()
    }
}

/// Criterion settings that keep the whole run within minutes on two cores: short warm-up and
/// measurement for small inputs, few flat samples for large ones.
pub fn configure<M: Measurement>(group: &mut criterion::BenchmarkGroup<'_, M>, size: usize) {
    if size >= 1024 * 1024 {
        group.sample_size(10);
        group.warm_up_time(Duration::from_millis(500));
        group.measurement_time(Duration::from_secs(2));
        group.sampling_mode(criterion::SamplingMode::Flat);
    } else {
        group.sample_size(30);
        group.warm_up_time(Duration::from_millis(400));
        group.measurement_time(Duration::from_millis(1500));
        group.sampling_mode(criterion::SamplingMode::Auto);
    }
}

/// Raw AES-256-GCM from AWS-LC (`aws-lc-rs`, datakey's backend) with a ready key schedule: the
/// cipher's limit — in place (`seal` / `open`) and out of place in one pass (`seal_to` /
/// `open_to`).
pub struct RawGcm {
    key: aws_lc_rs::aead::LessSafeKey,
}

impl RawGcm {
    /// A key from 32 bytes.
    ///
    /// # Errors
    ///
    /// [`Unspecified`] for a key that is not 32 bytes.
    pub fn new(key: &[u8]) -> Result<Self, Unspecified> {
        use aws_lc_rs::aead::{AES_256_GCM, LessSafeKey, UnboundKey};
        Ok(Self {
            key: LessSafeKey::new(UnboundKey::new(&AES_256_GCM, key).map_err(|_| Unspecified)?),
        })
    }

    /// Seals `in_out` in place under `nonce`, with `aad`.
    ///
    /// # Errors
    ///
    /// [`Unspecified`] if the input is too long for GCM.
    pub fn seal(
        &self,
        nonce: [u8; 12],
        aad: &[u8],
        in_out: &mut [u8],
    ) -> Result<[u8; 16], Unspecified> {
        use aws_lc_rs::aead::{Aad, Nonce};
        let tag = self
            .key
            .seal_in_place_separate_tag(Nonce::assume_unique_for_key(nonce), Aad::from(aad), in_out)
            .map_err(|_| Unspecified)?;
        let mut t = [0u8; 16];
        t.copy_from_slice(tag.as_ref());
        Ok(t)
    }

    /// Seals `input` into `out` (same length) in one pass.
    ///
    /// # Errors
    ///
    /// [`Unspecified`] for different lengths or an input too long for GCM.
    pub fn seal_to(
        &self,
        nonce: [u8; 12],
        aad: &[u8],
        input: &[u8],
        out: &mut [u8],
    ) -> Result<[u8; 16], Unspecified> {
        use aws_lc_rs::aead::{Aad, Nonce};
        let mut t = [0u8; 16];
        self.key
            .seal_out_of_place_scatter(
                Nonce::assume_unique_for_key(nonce),
                Aad::from(aad),
                input,
                out,
                &[],
                &mut t,
            )
            .map_err(|_| Unspecified)?;
        Ok(t)
    }

    /// Opens `in_out` in place.
    ///
    /// # Errors
    ///
    /// [`Unspecified`] if the tag does not verify.
    pub fn open(
        &self,
        nonce: [u8; 12],
        aad: &[u8],
        in_out: &mut [u8],
        tag: [u8; 16],
    ) -> Result<(), Unspecified> {
        use aws_lc_rs::aead::{Aad, Nonce};
        self.key
            .open_in_place_separate_tag(
                Nonce::assume_unique_for_key(nonce),
                Aad::from(aad),
                &tag,
                in_out,
            )
            .map(|_| ())
            .map_err(|_| Unspecified)
    }

    /// Opens `input` into `out` (same length) in one pass.
    ///
    /// # Errors
    ///
    /// [`Unspecified`] for different lengths or a tag that does not verify.
    pub fn open_to(
        &self,
        nonce: [u8; 12],
        aad: &[u8],
        input: &[u8],
        tag: [u8; 16],
        out: &mut [u8],
    ) -> Result<(), Unspecified> {
        use aws_lc_rs::aead::{Aad, Nonce};
        self.key
            .open_separate_gather(
                Nonce::assume_unique_for_key(nonce),
                Aad::from(aad),
                input,
                &tag,
                out,
            )
            .map_err(|_| Unspecified)
    }
}

/// Raw ring 0.17 AES-256-GCM in place with a ready key schedule: datakey's alternative backend
/// (core feature `ring`), measured beside AWS-LC.
pub struct RingGcm {
    key: LessSafeKey,
}

impl RingGcm {
    /// A key from 32 bytes.
    ///
    /// # Errors
    ///
    /// [`Unspecified`] for a key that is not 32 bytes.
    pub fn new(key: &[u8]) -> Result<Self, Unspecified> {
        Ok(Self {
            key: LessSafeKey::new(UnboundKey::new(&AES_256_GCM, key)?),
        })
    }

    /// Seals `in_out` in place under `nonce`, with `aad`.
    ///
    /// # Errors
    ///
    /// [`Unspecified`] if the input is too long for GCM.
    pub fn seal(
        &self,
        nonce: [u8; 12],
        aad: &[u8],
        in_out: &mut [u8],
    ) -> Result<[u8; 16], Unspecified> {
        let tag = self.key.seal_in_place_separate_tag(
            Nonce::assume_unique_for_key(nonce),
            Aad::from(aad),
            in_out,
        )?;
        let mut t = [0u8; 16];
        t.copy_from_slice(tag.as_ref());
        Ok(t)
    }

    /// Opens `in_out` in place.
    ///
    /// # Errors
    ///
    /// [`Unspecified`] if the tag does not verify.
    pub fn open(
        &self,
        nonce: [u8; 12],
        aad: &[u8],
        in_out: &mut [u8],
        tag: [u8; 16],
    ) -> Result<(), Unspecified> {
        self.key
            .open_in_place_separate_tag(
                Nonce::assume_unique_for_key(nonce),
                Aad::from(aad),
                Tag::from(tag),
                in_out,
                0..,
            )
            .map(|_| ())
    }
}

/// Length of the envelope's wrapped data key: nonce, wrapped key, tag.
const WRAPPED_LEN: usize = 12 + 32 + 16;

/// A minimal hand-written envelope (the "what a user writes in ten lines" baseline).
///
/// Output: `wrap nonce:12 | wrapped data key:32 | tag:16 | nonce:12 | ciphertext | tag:16`, one
/// freshly allocated buffer. The wrap binds `aad` (the serialized encryption context, as the raw
/// AES keyring does).
pub struct Envelope {
    master: LessSafeKey,
    aad: Vec<u8>,
    rng: SystemRandom,
}

impl Envelope {
    /// An envelope under the 32-byte `master` key, binding `aad` in each wrap.
    ///
    /// # Errors
    ///
    /// [`Unspecified`] for a key that is not 32 bytes.
    pub fn new(master: &[u8], aad: &[u8]) -> Result<Self, Unspecified> {
        Ok(Self {
            master: LessSafeKey::new(UnboundKey::new(&AES_256_GCM, master)?),
            aad: aad.to_vec(),
            rng: SystemRandom::new(),
        })
    }

    /// Encrypts `plaintext` under a fresh data key.
    ///
    /// # Errors
    ///
    /// [`Unspecified`] if the RNG fails or the input is too long for GCM.
    pub fn seal(&self, plaintext: &[u8]) -> Result<Vec<u8>, Unspecified> {
        // data key, wrap nonce, data nonce: one OS RNG call
        let mut random = [0u8; 32 + 12 + 12];
        self.rng.fill(&mut random)?;
        let (dek, nonces) = random.split_at(32);
        let mut wrap_nonce = [0u8; 12];
        wrap_nonce.copy_from_slice(&nonces[..12]);
        let mut nonce = [0u8; 12];
        nonce.copy_from_slice(&nonces[12..]);

        let mut out = Vec::with_capacity(WRAPPED_LEN + 12 + plaintext.len() + 16);
        out.extend_from_slice(&wrap_nonce);
        out.extend_from_slice(dek);
        let tag = self.master.seal_in_place_separate_tag(
            Nonce::assume_unique_for_key(wrap_nonce),
            Aad::from(&self.aad),
            &mut out[12..],
        )?;
        out.extend_from_slice(tag.as_ref());
        let data_key = LessSafeKey::new(UnboundKey::new(&AES_256_GCM, dek)?);
        out.extend_from_slice(&nonce);
        let at = out.len();
        out.extend_from_slice(plaintext);
        let tag = data_key.seal_in_place_separate_tag(
            Nonce::assume_unique_for_key(nonce),
            Aad::empty(),
            &mut out[at..],
        )?;
        out.extend_from_slice(tag.as_ref());
        Ok(out)
    }

    /// Decrypts what [`seal`](Self::seal) wrote.
    ///
    /// # Errors
    ///
    /// [`Unspecified`] for a short input or a tag that does not verify.
    pub fn open(&self, sealed: &[u8]) -> Result<Vec<u8>, Unspecified> {
        if sealed.len() < WRAPPED_LEN + 12 + 16 {
            return Err(Unspecified);
        }
        let mut wrap_nonce = [0u8; 12];
        wrap_nonce.copy_from_slice(&sealed[..12]);
        let mut dek = [0u8; 32];
        dek.copy_from_slice(&sealed[12..44]);
        let mut tag = [0u8; 16];
        tag.copy_from_slice(&sealed[44..WRAPPED_LEN]);
        self.master.open_in_place_separate_tag(
            Nonce::assume_unique_for_key(wrap_nonce),
            Aad::from(&self.aad),
            Tag::from(tag),
            &mut dek,
            0..,
        )?;
        let data_key = LessSafeKey::new(UnboundKey::new(&AES_256_GCM, &dek)?);
        let mut nonce = [0u8; 12];
        nonce.copy_from_slice(&sealed[WRAPPED_LEN..WRAPPED_LEN + 12]);
        let body = &sealed[WRAPPED_LEN + 12..];
        let (ct, tag_bytes) = body.split_at(body.len() - 16);
        tag.copy_from_slice(tag_bytes);
        let mut out = ct.to_vec();
        data_key.open_in_place_separate_tag(
            Nonce::assume_unique_for_key(nonce),
            Aad::empty(),
            Tag::from(tag),
            &mut out,
            0..,
        )?;
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn envelope_round_trips_and_refuses_tampering() {
        let env = Envelope::new(&WRAPPING_KEY, b"aad").unwrap();
        let pt = plaintext(1000);
        let mut sealed = env.seal(&pt).unwrap();
        assert_eq!(sealed.len(), WRAPPED_LEN + 12 + 1000 + 16);
        assert_eq!(env.open(&sealed).unwrap(), pt);
        sealed[100] ^= 1;
        assert!(env.open(&sealed).is_err());
        assert!(env.open(&sealed[..50]).is_err());
    }

    #[test]
    fn raw_gcm_round_trips() {
        let k = RawGcm::new(&[1; 32]).unwrap();
        let mut buf = plaintext(100);
        let tag = k.seal([0; 12], b"", &mut buf).unwrap();
        assert_ne!(buf, plaintext(100));
        let mut out = vec![0u8; 100];
        assert_eq!(
            k.seal_to([0; 12], b"", &plaintext(100), &mut out).unwrap(),
            tag
        );
        assert_eq!(out, buf);
        let r = RingGcm::new(&[1; 32]).unwrap();
        let mut same = plaintext(100);
        assert_eq!(r.seal([0; 12], b"", &mut same).unwrap(), tag);
        assert_eq!(same, buf);
        k.open_to([0; 12], b"", &same, tag, &mut out).unwrap();
        assert_eq!(out, plaintext(100));
        k.open([0; 12], b"", &mut buf, tag).unwrap();
        assert_eq!(buf, plaintext(100));
    }
}
