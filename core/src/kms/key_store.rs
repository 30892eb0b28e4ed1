//! The persistent key store: a [`LocalKms`] whose keys, aliases, key states, rotation materials
//! and deletion windows live in a sealed file on disk, shared by every process that opens it.
//!
//! ```
//! use datakey::LocalKms;
//! use datakey::kms::{CreateKeyRequest, RootKey};
//!
//! let dir = std::env::temp_dir().join(format!("datakey-doc-{}", std::process::id()));
//! # let _ = std::fs::remove_dir_all(&dir);
//! let root = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
//! let kms = LocalKms::open(&dir, RootKey::parse(root)?)?;
//! let key = kms.create_key(CreateKeyRequest::default())?.key_metadata; // on disk before it returns
//! drop(kms);
//!
//! let again = LocalKms::open(&dir, RootKey::parse(root)?)?;
//! assert_eq!(again.describe_key(datakey::kms::DescribeKeyRequest { key_id: key.key_id })?
//!     .key_metadata.arn, key.arn);
//! # std::fs::remove_dir_all(&dir).ok();
//! # Ok::<(), datakey::Error>(())
//! ```
//!
//! # Where
//!
//! A store is a directory (created `0700`) holding the file [`STORE_FILE_NAME`] (`0600`), its
//! lock file and, briefly, a temporary file. [`store_dir`] picks it: an explicit path, else
//! `$DATAKEY_STORE`, else `$XDG_DATA_HOME/datakey`, else `~/.local/share/datakey`.
//!
//! # Durability and concurrency
//!
//! Every operation of a persistent `LocalKms` runs inside one transaction:
//!
//! 1. refuse a nested transaction on the same store on this thread ([`Error::ReentrantCall`]:
//!    a clock whose `now()` calls the service would otherwise wait for itself forever);
//! 2. take the process-wide lock of this `LocalKms`, then an advisory lock (`flock`) on the
//!    store directory itself — which serializes all processes using the store and which no
//!    `rm` can take away — and on [`LOCK_FILE_NAME`] (for datakey versions that lock only that
//!    file). When another process holds it, the [`LocalKmsBuilder::on_lock_wait`] hook is
//!    called before waiting;
//! 3. read the file's header: if its generation and write salt are the ones this process last
//!    read or wrote, memory is up to date (a data-plane call on an unchanged store reads nothing
//!    more); if the generation is higher, read the whole file and replace the in-memory keys
//!    and aliases with its contents; if it is lower, or the same with another salt, or the file
//!    is gone, refuse with [`Error::StoreRollback`] (an older copy was put back);
//! 4. run the operation;
//! 5. if the state changed — including lazy changes such as an automatic rotation or a key
//!    whose deletion window has passed — check that the whole file is still the one last seen,
//!    intact, then write the whole state to a temporary file, `fsync` it, `rename` it over the
//!    store file and `fsync` the directory, before the operation returns.
//!
//! A change takes effect only once it is on disk. The transaction's lock keeps every other
//! operation of the process out until it ends, and when the operation fails, or its write
//! fails at any step, memory is put back to the state on disk before the lock is released, so
//! the failed change is seen by nobody and written by no later call. (When the rename was done
//! but the directory could not be synced, the previous state is written back first; if even
//! that fails, the next transaction reloads the file, which may then hold the change.)
//!
//! A process killed at any point therefore leaves either the old or the new file, and two
//! processes writing at once both see each other's changes (nothing is lost). A file that
//! cannot be read is never overwritten: the operation fails with the error below. Damage in the
//! middle of the file goes unnoticed by operations that change nothing (memory holds the
//! state) and is refused by the next change.
//!
//! On a read-only file system or without write permission, the locks are taken shared (and the
//! lock file is not created): every operation that changes nothing works, and one that would
//! change the store fails with [`Error::Io`] of kind `ReadOnlyFilesystem`, changing nothing.
//!
//! # Root key
//!
//! Key material at rest is sealed under a 32-byte root key ([`RootKey`]): given directly
//! (`DATAKEY_ROOT_KEY`, hex or base64) or derived from a passphrase (`DATAKEY_PASSPHRASE`) with
//! Argon2id, whose parameters and salt are stored in the file. Each write derives a fresh
//! AES-256-GCM key `HKDF-SHA256(salt = random 32 bytes, ikm = root key, info =
//! "datakey/store/v2")`, so the root key has no nonce budget to exhaust.
//!
//! Argon2id parameters are bounded — memory at most 1 GiB, at most 16 iterations and 16 lanes,
//! memory × iterations at most 2 GiB — for new stores and, before any derivation, for files.
//!
//! # File format (version 2)
//!
//! All integers big-endian.
//!
//! | offset | length | field |
//! |---|---|---|
//! | 0 | 8 | magic `DKSTORE\0` |
//! | 8 | 2 | format version, `2` |
//! | 10 | 8 | generation (incremented by every write) |
//! | 18 | 32 | HKDF salt (random per write) |
//! | 50 | 12 | AES-GCM nonce (random per write) |
//! | 62 | 4 | `n`, the length of the sealed state |
//! | 66 | 61 | root key block: kind (`0` raw key, `1` Argon2id passphrase), Argon2id memory (KiB), iterations, parallelism (`u32` each), Argon2id salt (16 bytes; all zero for a raw key), check value (32 bytes) |
//! | 127 | 61 | the root key block again, byte for byte |
//! | 188 | `n` | the state, AES-256-GCM ciphertext; AAD = bytes `0..188` |
//! | 188+`n` | 16 | GCM tag |
//! | 204+`n` | 32 | SHA-256 of bytes `0..204+n` |
//!
//! The check value is `HKDF-SHA256(salt = Argon2id salt, ikm = root key, info =
//! "datakey/store/v2/key-check" || kind || memory || iterations || parallelism)`: it depends
//! only on the root key and the parameters, so it tells a wrong key apart from a damaged file.
//! Opening checks, in order: the SHA-256 (damage the checksum catches), that the two root key
//! blocks are equal and the parameters in range (damage to them is caught before anything is
//! derived), the check value (a mismatch is [`Error::WrongRootKey`]), then the GCM tag, which
//! authenticates everything (a mismatch, with the right root key, is [`Error::StoreCorrupt`]).
//! A newer format version is [`Error::UnsupportedStoreVersion`].
//!
//! The state (inside the seal) is a layout version byte (`2`), the region and the account
//! (length-prefixed strings), then sections until the end: a `u16` kind and a `u32`-length
//! body. Kind 1 holds the keys, kind 2 the aliases, kind 3 (present only when there are any)
//! the long-term access keys: a count, then per key its id, principal ARN, user name, status,
//! creation time and secret; kind 4 (also only when there are any) the secrets of the local
//! Secrets Manager — their metadata, and each version's value only as AES-256-GCM ciphertext
//! under its own data key, which is kept as a KMS ciphertext blob (see [`crate::secrets`]).
//! A new kind of record gets a new kind; a datakey that does not know
//! a kind keeps its section and writes it back unchanged.
//!
//! Version 1 files (and layout 1 states: keys then aliases, no sections) are still read; the
//! first change writes version 2. Version 1 has no check value and its header starts with the
//! root key fields (kind at 10, parameters at 11, Argon2id salt at 23, generation at 39, HKDF
//! salt at 47, nonce at 79, `n` at 91, state at 95, HKDF info `"datakey/store/v1"`), so there a
//! tag that does not verify is reported as [`Error::WrongRootKey`].

use std::cell::{Cell, RefCell};
use std::fs::{self, File, OpenOptions};
use std::io::{ErrorKind, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use zeroize::Zeroizing;

use crate::crypto::{self, AesGcmKey, NONCE_LEN, TAG_LEN};
use crate::error::{Error, Result};
use crate::secret::SecretBytes;

use super::blob::MATERIAL_ID_LEN;
use super::enums::{ExpirationModel, KeySpec, KeyState, KeyUsage, Origin, RotationType};
use super::ids::hex;
use super::key::{Key, KeyMut, Material};
use super::policy::KeyPolicy;
use super::rng::Rng;
use super::{Alias, Inner, LocalKms, LocalKmsBuilder};

/// The store file's name inside the store directory.
pub const STORE_FILE_NAME: &str = "keystore.dks";
/// The lock file's name inside the store directory.
pub const LOCK_FILE_NAME: &str = "keystore.lock";
/// The temporary file a write goes through.
const TEMP_FILE_NAME: &str = "keystore.dks.tmp";
/// The current store format version (version 1 is still read).
pub const STORE_FORMAT_VERSION: u16 = 2;
/// Environment variable naming the store directory.
pub const ENV_STORE: &str = "DATAKEY_STORE";
/// Environment variable holding the root key (64 hex digits or base64 of 32 bytes).
pub const ENV_ROOT_KEY: &str = "DATAKEY_ROOT_KEY";
/// Environment variable holding a passphrase the root key is derived from (Argon2id).
pub const ENV_PASSPHRASE: &str = "DATAKEY_PASSPHRASE";

const MAGIC: &[u8; 8] = b"DKSTORE\0";
const ROOT_KEY_LEN: usize = 32;
const ARGON_SALT_LEN: usize = 16;
const HKDF_SALT_LEN: usize = 32;
const CHECK_LEN: usize = 32;
/// Root key kind, Argon2id parameters and salt, root key check value.
const KDF_BLOCK_LEN: usize = 1 + 12 + ARGON_SALT_LEN + CHECK_LEN;
/// Where the two copies of the root key block start.
const KDF_AT: usize = 66;
const HEADER_LEN: usize = KDF_AT + 2 * KDF_BLOCK_LEN;
const V1_HEADER_LEN: usize = 95;
const SUM_LEN: usize = 32;
const HKDF_INFO_V1: &[u8] = b"datakey/store/v1";
const HKDF_INFO: &[u8] = b"datakey/store/v2";
const CHECK_INFO: &[u8] = b"datakey/store/v2/key-check";
/// The state's own layout version, inside the sealed body (layout 1 is still read).
const STATE_VERSION: u8 = 2;
/// The sections of a layout 2 state. A new kind of record gets a new section kind.
const SECTION_KEYS: u16 = 1;
const SECTION_ALIASES: u16 = 2;
/// Long-term access keys (`LocalKms::create_access_key`), secrets sealed with the rest.
const SECTION_ACCESS_KEYS: u16 = 3;
/// The secrets of the local Secrets Manager ([`crate::secrets`]); written only when there are
/// some, so a store without secrets is what an older datakey wrote.
const SECTION_SECRETS: u16 = 4;

/// Argon2id limits, for new stores and for files (whose parameters are checked before any work
/// is done): memory at most 1 GiB, at most 16 iterations and 16 lanes, memory × iterations at
/// most 2 GiB (a few seconds per open).
const MAX_M_COST_KIB: u32 = 1024 * 1024;
const MAX_T_COST: u32 = 16;
const MAX_P_COST: u32 = 16;
const MAX_WORK_KIB: u64 = 2 * 1024 * 1024;

const KIND_RAW: u8 = 0;
const KIND_ARGON2ID: u8 = 1;

/// Argon2id parameters for a passphrase-protected store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Argon2Params {
    /// Memory in KiB (default 19 456, OWASP's recommendation).
    pub m_cost_kib: u32,
    /// Iterations (default 2).
    pub t_cost: u32,
    /// Parallelism (default 1).
    pub p_cost: u32,
}

impl Argon2Params {
    /// What a raw root key records.
    const ZERO: Self = Self {
        m_cost_kib: 0,
        t_cost: 0,
        p_cost: 0,
    };
}

impl Default for Argon2Params {
    fn default() -> Self {
        Self {
            m_cost_kib: 19 * 1024,
            t_cost: 2,
            p_cost: 1,
        }
    }
}

enum RootSource {
    Raw(SecretBytes),
    Passphrase {
        passphrase: SecretBytes,
        params: Argon2Params,
    },
}

/// What seals a store: a 32-byte root key, or a passphrase the root key is derived from with
/// Argon2id. `Debug` never shows the secret.
pub struct RootKey(RootSource);

impl core::fmt::Debug for RootKey {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match &self.0 {
            RootSource::Raw(_) => f.write_str("RootKey::Raw(..)"),
            RootSource::Passphrase { params, .. } => {
                write!(f, "RootKey::Passphrase {{ params: {params:?}, .. }}")
            }
        }
    }
}

impl RootKey {
    /// A root key of exactly 32 bytes.
    ///
    /// # Errors
    ///
    /// [`Error::Validation`] for any other length.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self> {
        if bytes.len() != ROOT_KEY_LEN {
            return Err(Error::Validation(format!(
                "A root key must be 32 bytes, not {}.",
                bytes.len()
            )));
        }
        Ok(Self(RootSource::Raw(SecretBytes::copy_from_slice(bytes))))
    }

    /// A root key written as 64 hex digits or as base64 (standard alphabet, padded or not) of
    /// 32 bytes; surrounding whitespace is ignored.
    ///
    /// # Errors
    ///
    /// [`Error::Validation`] when the text is neither, or does not decode to 32 bytes.
    pub fn parse(text: &str) -> Result<Self> {
        let t = text.trim();
        let bad = || {
            Error::Validation(
                "A root key must be 64 hex digits or the base64 of 32 bytes (for example the \
                 output of `openssl rand -hex 32`)."
                    .to_owned(),
            )
        };
        let bytes = if t.len() == 2 * ROOT_KEY_LEN && t.bytes().all(|c| c.is_ascii_hexdigit()) {
            Zeroizing::new(::hex::decode(t).map_err(|_| bad())?)
        } else {
            let engine = base64::engine::general_purpose::STANDARD_NO_PAD;
            Zeroizing::new(engine.decode(t.trim_end_matches('=')).map_err(|_| bad())?)
        };
        if bytes.len() != ROOT_KEY_LEN {
            return Err(bad());
        }
        Self::from_bytes(&bytes)
    }

    /// A passphrase; the root key is derived from it with Argon2id under the default
    /// [`Argon2Params`] (for a new store) or the parameters stored in the file.
    ///
    /// # Errors
    ///
    /// [`Error::Validation`] for an empty passphrase.
    pub fn passphrase(passphrase: &[u8]) -> Result<Self> {
        Self::passphrase_with_params(passphrase, Argon2Params::default())
    }

    /// A passphrase with explicit Argon2id parameters, used when the store is created (an
    /// existing store keeps the parameters it was created with).
    ///
    /// # Errors
    ///
    /// [`Error::Validation`] for an empty passphrase or parameters Argon2id refuses or
    /// datakey does not accept (memory over 1 GiB, over 16 iterations or lanes, memory times
    /// iterations over 2 GiB).
    pub fn passphrase_with_params(passphrase: &[u8], params: Argon2Params) -> Result<Self> {
        if passphrase.is_empty() {
            return Err(Error::Validation("The passphrase is empty.".to_owned()));
        }
        argon2_params(params).map_err(|e| Error::Validation(e.to_owned()))?;
        Ok(Self(RootSource::Passphrase {
            passphrase: SecretBytes::copy_from_slice(passphrase),
            params,
        }))
    }

    /// The root key from the environment: `DATAKEY_ROOT_KEY` (hex or base64) or
    /// `DATAKEY_PASSPHRASE`.
    ///
    /// # Errors
    ///
    /// [`Error::Validation`] when neither or both are set (an empty variable counts as unset),
    /// or the value is malformed.
    pub fn from_env() -> Result<Self> {
        // An empty variable counts as unset.
        let var = |name| {
            std::env::var(name)
                .ok()
                .filter(|v| !v.is_empty())
                .map(Zeroizing::new)
        };
        let (key, pass) = (var(ENV_ROOT_KEY), var(ENV_PASSPHRASE));
        match (key, pass) {
            (Some(k), None) => Self::parse(&k),
            (None, Some(p)) => Self::passphrase(p.as_bytes()),
            (Some(_), Some(_)) => Err(Error::Validation(format!(
                "Both {ENV_ROOT_KEY} and {ENV_PASSPHRASE} are set; set only one."
            ))),
            (None, None) => Err(Error::Validation(format!(
                "The key store needs a root key: set {ENV_ROOT_KEY} (64 hex digits, e.g. from \
                 `openssl rand -hex 32`) or {ENV_PASSPHRASE}."
            ))),
        }
    }
}

fn argon2_params(p: Argon2Params) -> core::result::Result<(), &'static str> {
    if p.m_cost_kib > MAX_M_COST_KIB
        || p.t_cost > MAX_T_COST
        || p.p_cost > MAX_P_COST
        || u64::from(p.m_cost_kib) * u64::from(p.t_cost) > MAX_WORK_KIB
    {
        return Err(
            "Argon2id parameters out of range (memory at most 1 GiB, at most 16 iterations and \
             16 lanes, memory times iterations at most 2 GiB)",
        );
    }
    if !crypto::argon2id_accepts(p.m_cost_kib, p.t_cost, p.p_cost, ROOT_KEY_LEN) {
        return Err(
            "Argon2id refuses these parameters (memory at least 8 KiB per lane, at least 1 iteration and 1 lane)",
        );
    }
    Ok(())
}

/// The store directory: `explicit`, else `$DATAKEY_STORE`, else `$XDG_DATA_HOME/datakey`, else
/// `$HOME/.local/share/datakey`.
///
/// # Errors
///
/// [`Error::Validation`] when none of them is available.
pub fn store_dir(explicit: Option<&Path>) -> Result<PathBuf> {
    if let Some(p) = explicit {
        return Ok(p.to_path_buf());
    }
    let env = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
    if let Some(p) = env(ENV_STORE) {
        return Ok(PathBuf::from(p));
    }
    if let Some(p) = env("XDG_DATA_HOME") {
        return Ok(PathBuf::from(p).join("datakey"));
    }
    if let Some(h) = env("HOME") {
        return Ok(PathBuf::from(h).join(".local/share/datakey"));
    }
    Err(Error::Validation(format!(
        "No key store location: pass a path or set {ENV_STORE} (or HOME)."
    )))
}

// ----- the root key as the file records it ----------------------------------------------------

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kdf {
    Raw,
    Argon2id {
        params: Argon2Params,
        salt: [u8; ARGON_SALT_LEN],
    },
}

/// The derived root key and how the file records it.
struct Root {
    kdf: Kdf,
    key: SecretBytes,
}

fn derive_argon2(
    passphrase: &SecretBytes,
    params: Argon2Params,
    salt: &[u8],
) -> Result<SecretBytes> {
    argon2_params(params).map_err(|e| Error::StoreCorrupt(e.to_owned()))?;
    let mut out = SecretBytes::zeroed(ROOT_KEY_LEN);
    crypto::argon2id(
        passphrase.expose_secret(),
        salt,
        (params.m_cost_kib, params.t_cost, params.p_cost),
        out.expose_secret_mut(),
    )?;
    Ok(out)
}

impl RootSource {
    /// The root for a new store (a fresh Argon2id salt for a passphrase).
    fn new_root(&self) -> Result<Root> {
        match self {
            RootSource::Raw(k) => Ok(Root {
                kdf: Kdf::Raw,
                key: SecretBytes::copy_from_slice(k.expose_secret()),
            }),
            RootSource::Passphrase { passphrase, params } => {
                let mut salt = [0u8; ARGON_SALT_LEN];
                crate::crypto::fill_random(&mut salt)?;
                let key = derive_argon2(passphrase, *params, &salt)?;
                Ok(Root {
                    kdf: Kdf::Argon2id {
                        params: *params,
                        salt,
                    },
                    key,
                })
            }
        }
    }

    /// The root for a file recording `kdf`.
    fn root_for(&self, kdf: Kdf, path: &Path) -> Result<Root> {
        match (self, kdf) {
            (RootSource::Raw(k), Kdf::Raw) => Ok(Root {
                kdf,
                key: SecretBytes::copy_from_slice(k.expose_secret()),
            }),
            (RootSource::Passphrase { passphrase, .. }, Kdf::Argon2id { params, salt }) => {
                Ok(Root {
                    kdf,
                    key: derive_argon2(passphrase, params, &salt)?,
                })
            }
            (RootSource::Raw(_), Kdf::Argon2id { .. }) => Err(Error::WrongRootKey(format!(
                "The key store {} is protected by a passphrase: set {ENV_PASSPHRASE}, not a root key.",
                path.display()
            ))),
            (RootSource::Passphrase { .. }, Kdf::Raw) => Err(Error::WrongRootKey(format!(
                "The key store {} is protected by a root key: set {ENV_ROOT_KEY}, not a passphrase.",
                path.display()
            ))),
        }
    }
}

// ----- file I/O ----------------------------------------------------------------------------------

fn io_err(what: &str, path: &Path, e: std::io::Error) -> Error {
    Error::Io(std::io::Error::new(
        e.kind(),
        format!("{what} {}: {e}", path.display()),
    ))
}

#[cfg(unix)]
fn create_dir_private(dir: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
}

#[cfg(not(unix))]
fn create_dir_private(dir: &Path) -> std::io::Result<()> {
    fs::create_dir_all(dir)
}

/// Options creating a file `0600` (on Unix).
fn private_options() -> OpenOptions {
    let mut o = OpenOptions::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600);
    }
    o
}

/// Makes sure the directory entry of a rename is on disk.
fn sync_dir(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        File::open(dir)?.sync_all()
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        Ok(())
    }
}

/// Whether opening a file read-write failed because this process may only read the store
/// (a read-only file system or mount, or no write permission).
fn is_read_only(e: &std::io::Error) -> bool {
    matches!(
        e.kind(),
        ErrorKind::ReadOnlyFilesystem | ErrorKind::PermissionDenied
    )
}

fn read_only_error(dir: &Path) -> Error {
    Error::Io(std::io::Error::new(
        ErrorKind::ReadOnlyFilesystem,
        format!(
            "The key store {} can only be read here (read-only file system or no write \
             permission): this operation would change it, so it was refused and nothing \
             changed.",
            dir.display()
        ),
    ))
}

/// Called with the lock's path when an operation has to wait for another process's lock.
#[derive(Clone)]
pub(super) struct LockWait(pub(super) Arc<dyn Fn(&Path) + Send + Sync>);

impl core::fmt::Debug for LockWait {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("LockWait(..)")
    }
}

/// The steps of a store write, where [`LocalKmsBuilder::store_write_faults`] injects failures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    Create,
    Write,
    SyncFile,
    Rename,
    SyncDir,
}

/// Injected store write failures (tests only): each step fails with probability `rate`.
struct WriteFaults {
    rng: Rng,
    rate: f64,
}

impl WriteFaults {
    /// A uniform draw in `[0, 1)` from the seeded stream.
    fn draw(&self) -> f64 {
        // 53 random bits; a deterministic stream never fails, so the fallback is unreachable.
        (self.rng.next_u64().unwrap_or(u64::MAX) >> 11) as f64 / (1u64 << 53) as f64
    }

    fn fails(&self, step: Step) -> Option<std::io::Error> {
        (self.draw() < self.rate).then(|| {
            std::io::Error::other(format!("injected store write failure at step {step:?}"))
        })
    }
}

/// What a process needs to tell whether the file changed: its generation and the random salt
/// of the write that produced it (a fresh one per write, so two different files never share
/// both).
#[derive(Clone, Copy, PartialEq, Eq)]
struct Marker {
    generation: u64,
    salt: [u8; HKDF_SALT_LEN],
}

/// The file's header, read cheaply (no body, no checksum).
enum Peek {
    Missing,
    /// Too short or not a format this datakey knows: the full read reports why.
    Unknown,
    At(Marker),
}

/// An unknown section of the state (written by a newer datakey), kept and written back as is.
struct Section {
    kind: u16,
    body: Zeroizing<Vec<u8>>,
}

/// The open store: where it is, how it is sealed, and what this process last saw of it.
pub(super) struct Persist {
    dir: PathBuf,
    file: PathBuf,
    /// The store directory, canonical: identifies the store for the re-entry check.
    id: PathBuf,
    source: RootSource,
    lock_wait: Option<LockWait>,
    faults: Option<WriteFaults>,
    /// Serializes this process's operations on the store; holds what it last saw.
    seen: Mutex<Seen>,
}

impl core::fmt::Debug for Persist {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Persist")
            .field("dir", &self.dir)
            .finish_non_exhaustive()
    }
}

struct Seen {
    /// The file as last read or written.
    marker: Marker,
    /// Its trailing checksum.
    file_sum: [u8; SUM_LEN],
    /// The serialized state that is on disk (what memory is rolled back to).
    durable: Zeroizing<Vec<u8>>,
    durable_sum: [u8; SUM_LEN],
    /// Sections of the file this datakey does not know.
    extra: Vec<Section>,
    root: Root,
    /// Memory may differ from the file (a rollback failed): reload before the next operation.
    stale: bool,
}

/// The store's locks, held for one transaction; released when dropped (descriptors close).
struct StoreLock {
    /// The store directory, locked: the lock no `rm` can take away.
    _dir: Option<File>,
    /// [`LOCK_FILE_NAME`], locked too, for datakey versions that lock only that file.
    _legacy: Option<File>,
    /// False when this process may only read the store.
    writable: bool,
}

/// A decoded file.
struct Loaded {
    sum: [u8; SUM_LEN],
    marker: Marker,
    root: Root,
    state: Zeroizing<Vec<u8>>,
}

thread_local! {
    /// The stores (canonical directories) this thread is inside a transaction of.
    static ENTERED: RefCell<Vec<PathBuf>> = const { RefCell::new(Vec::new()) };
    /// Bumped by every write guard of a key, the key table or the aliases
    /// ([`note_mutation`]): a transaction whose operation left it unchanged wrote nothing.
    static MUTATIONS: Cell<u64> = const { Cell::new(0) };
}

/// Records that the in-memory state may have changed (called by every write guard's drop).
pub(super) fn note_mutation() {
    MUTATIONS.with(|m| m.set(m.get().wrapping_add(1)));
}

fn mutations() -> u64 {
    MUTATIONS.with(Cell::get)
}

/// This thread is inside a transaction of the store `id` until dropped.
struct Entered(PathBuf);

impl Drop for Entered {
    fn drop(&mut self) {
        ENTERED.with(|e| {
            let mut e = e.borrow_mut();
            if let Some(i) = e.iter().rposition(|p| *p == self.0) {
                e.remove(i);
            }
        });
    }
}

/// Takes `f`'s lock, exclusive or shared, telling `wait` first when it has to wait.
fn flock(f: &File, exclusive: bool, path: &Path, wait: Option<&LockWait>) -> Result<()> {
    let tried = if exclusive {
        f.try_lock()
    } else {
        f.try_lock_shared()
    };
    match tried {
        Ok(()) => Ok(()),
        Err(fs::TryLockError::WouldBlock) => {
            if let Some(w) = wait {
                (w.0)(path);
            }
            if exclusive { f.lock() } else { f.lock_shared() }
                .map_err(|e| io_err("cannot lock", path, e))
        }
        Err(fs::TryLockError::Error(e)) => Err(io_err("cannot lock", path, e)),
    }
}

impl Persist {
    /// Marks this thread as inside a transaction of this store, refusing a nested one (it would
    /// wait for its own lock forever).
    fn enter(&self) -> Result<Entered> {
        let nested = ENTERED.with(|e| e.borrow().contains(&self.id));
        if nested {
            return Err(Error::ReentrantCall(format!(
                "An operation on the key store {} was called while another operation on it was \
                 running on the same thread (for example from the clock's now()); it would wait \
                 for itself forever, so it was refused.",
                self.dir.display()
            )));
        }
        ENTERED.with(|e| e.borrow_mut().push(self.id.clone()));
        Ok(Entered(self.id.clone()))
    }

    /// Locks the store: the directory itself (which `rm keystore.lock` cannot unlock), then the
    /// lock file. Exclusive when this process may write; shared (and without creating the lock
    /// file) when it may only read.
    fn lock(&self) -> Result<StoreLock> {
        let path = self.dir.join(LOCK_FILE_NAME);
        if fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink()) {
            return Err(io_err(
                "refusing the lock file",
                &path,
                std::io::Error::new(ErrorKind::InvalidInput, "it is a symbolic link"),
            ));
        }
        let (legacy, writable) = match private_options()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
        {
            Ok(f) => (Some(f), true),
            Err(e) if is_read_only(&e) => match File::open(&path) {
                Ok(f) => (Some(f), false),
                // Nobody can have written through a lock file that does not exist.
                Err(e) if e.kind() == ErrorKind::NotFound => (None, false),
                Err(e) => return Err(io_err("cannot open the lock file", &path, e)),
            },
            Err(e) => return Err(io_err("cannot open the lock file", &path, e)),
        };
        #[cfg(unix)]
        let dir = {
            let d = File::open(&self.dir).map_err(|e| io_err("cannot open", &self.dir, e))?;
            flock(&d, writable, &self.dir, self.lock_wait.as_ref())?;
            Some(d)
        };
        #[cfg(not(unix))]
        let dir = None;
        if let Some(f) = &legacy {
            flock(f, writable, &path, self.lock_wait.as_ref())?;
        }
        Ok(StoreLock {
            _dir: dir,
            _legacy: legacy,
            writable,
        })
    }

    /// The file's generation and write salt, from its first bytes only.
    fn peek(&self) -> Result<Peek> {
        let mut f = match File::open(&self.file) {
            Ok(f) => f,
            Err(e) if e.kind() == ErrorKind::NotFound => return Ok(Peek::Missing),
            Err(e) => return Err(io_err("cannot read", &self.file, e)),
        };
        let mut head = [0u8; V1_HEADER_LEN];
        match f.read_exact(&mut head) {
            Ok(()) => {}
            Err(e) if e.kind() == ErrorKind::UnexpectedEof => return Ok(Peek::Unknown),
            Err(e) => return Err(io_err("cannot read", &self.file, e)),
        }
        if &head[..8] != MAGIC {
            return Ok(Peek::Unknown);
        }
        let at = match u16::from_be_bytes([head[8], head[9]]) {
            1 => 39,
            2 => 10,
            _ => return Ok(Peek::Unknown),
        };
        let mut generation = [0u8; 8];
        generation.copy_from_slice(&head[at..at + 8]);
        let mut salt = [0u8; HKDF_SALT_LEN];
        salt.copy_from_slice(&head[at + 8..at + 8 + HKDF_SALT_LEN]);
        Ok(Peek::At(Marker {
            generation: u64::from_be_bytes(generation),
            salt,
        }))
    }

    /// The file's bytes after checking its structure and checksum, or `None` when there is no
    /// file.
    fn read_checked(&self) -> Result<Option<(Vec<u8>, [u8; SUM_LEN])>> {
        let bytes = match fs::read(&self.file) {
            Ok(b) => b,
            Err(e) if e.kind() == ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(io_err("cannot read", &self.file, e)),
        };
        if bytes.len() < V1_HEADER_LEN + TAG_LEN + SUM_LEN || &bytes[..8] != MAGIC {
            return Err(self.corrupt("it is not a datakey key store file, or it is truncated"));
        }
        let (body, sum) = bytes.split_at(bytes.len() - SUM_LEN);
        let computed: [u8; SUM_LEN] = sha256(body);
        if computed.as_slice() != sum {
            return Err(self.corrupt("its checksum does not match its contents"));
        }
        Ok(Some((bytes, computed)))
    }

    fn corrupt(&self, why: &str) -> Error {
        Error::StoreCorrupt(format!(
            "The key store file {} is corrupt ({why}); it was left untouched. Restore it from a \
             backup.",
            self.file.display()
        ))
    }

    fn rolled_back(&self, why: &str) -> Error {
        Error::StoreRollback(format!(
            "The key store file {} {why}, older than what this process already saw of it: an \
             older copy was put back, or it was replaced. Nothing was written; open the store \
             again to use the file as it is now.",
            self.file.display()
        ))
    }

    /// The root for a file recording `kdf`: `cached` when it records the same derivation (no
    /// Argon2id run per read).
    fn root(&self, kdf: Kdf, cached: Option<&Root>) -> Result<Root> {
        match cached {
            Some(c) if c.kdf == kdf => Ok(Root {
                kdf,
                key: SecretBytes::copy_from_slice(c.key.expose_secret()),
            }),
            _ => self.source.root_for(kdf, &self.file),
        }
    }

    fn wrong_root_key(&self, kdf: Kdf) -> Error {
        Error::WrongRootKey(format!(
            "The key store {} does not open with this {}: wrong root key.",
            self.file.display(),
            match kdf {
                Kdf::Raw => format!("root key ({ENV_ROOT_KEY})"),
                Kdf::Argon2id { .. } => format!("passphrase ({ENV_PASSPHRASE})"),
            }
        ))
    }

    /// Opens checked file bytes (see [`Persist::read_checked`]).
    fn decode(&self, bytes: &[u8], sum: [u8; SUM_LEN], cached: Option<&Root>) -> Result<Loaded> {
        match u16::from_be_bytes([bytes[8], bytes[9]]) {
            1 => self.decode_v1(bytes, sum, cached),
            STORE_FORMAT_VERSION => self.decode_v2(bytes, sum, cached),
            v => Err(Error::UnsupportedStoreVersion(v)),
        }
    }

    fn decode_v2(&self, bytes: &[u8], sum: [u8; SUM_LEN], cached: Option<&Root>) -> Result<Loaded> {
        let body = &bytes[..bytes.len() - SUM_LEN];
        if body.len() < HEADER_LEN + TAG_LEN {
            return Err(self.corrupt("it is truncated"));
        }
        let mut r = Reader::new(&bytes[10..KDF_AT], self);
        let generation = r.u64()?;
        let hkdf_salt: [u8; HKDF_SALT_LEN] = r.array()?;
        let nonce: [u8; NONCE_LEN] = r.array()?;
        let n = r.u32()? as usize;
        if HEADER_LEN
            .checked_add(n)
            .and_then(|l| l.checked_add(TAG_LEN))
            != Some(body.len())
        {
            return Err(self.corrupt("its length field does not match its size"));
        }
        // Two copies of the root key block: damage to one of them is told apart from a wrong
        // key before anything is derived from it.
        let (a, b) = bytes[KDF_AT..HEADER_LEN].split_at(KDF_BLOCK_LEN);
        if a != b {
            return Err(self.corrupt("its two copies of the root key parameters differ"));
        }
        let mut r = Reader::new(a, self);
        let kind = r.u8()?;
        let params = Argon2Params {
            m_cost_kib: r.u32()?,
            t_cost: r.u32()?,
            p_cost: r.u32()?,
        };
        let salt: [u8; ARGON_SALT_LEN] = r.array()?;
        let check: [u8; CHECK_LEN] = r.array()?;
        let kdf = self.kdf(kind, params, salt)?;
        let root = self.root(kdf, cached)?;
        if !crate::secret::ct_eq(&key_check(&root)?, &check) {
            return Err(self.wrong_root_key(kdf));
        }
        // The root key is right (its check value matched), so a tag that does not verify means
        // the file was changed.
        let aead = sealing_key(&root.key, &hkdf_salt, HKDF_INFO)?;
        let mut tag = [0u8; TAG_LEN];
        tag.copy_from_slice(&body[HEADER_LEN + n..]);
        let mut state = Zeroizing::new(body[HEADER_LEN..HEADER_LEN + n].to_vec());
        aead.open_in_place(&nonce, &body[..HEADER_LEN], &mut state, &tag)
            .map_err(|_| {
                self.corrupt("its contents do not authenticate under the right root key")
            })?;
        Ok(Loaded {
            sum,
            marker: Marker {
                generation,
                salt: hkdf_salt,
            },
            root,
            state,
        })
    }

    /// A root key kind and its parameters from a file, bounded before any work is done.
    fn kdf(&self, kind: u8, params: Argon2Params, salt: [u8; ARGON_SALT_LEN]) -> Result<Kdf> {
        match kind {
            KIND_RAW if params == Argon2Params::ZERO && salt == [0; ARGON_SALT_LEN] => Ok(Kdf::Raw),
            KIND_RAW => Err(self.corrupt("a raw root key with key derivation parameters")),
            KIND_ARGON2ID => {
                argon2_params(params).map_err(|e| self.corrupt(e))?;
                Ok(Kdf::Argon2id { params, salt })
            }
            _ => Err(self.corrupt("unknown root key kind")),
        }
    }

    /// Format version 1 (read only): no root key check, so a tag that does not verify is
    /// reported as a wrong root key.
    fn decode_v1(&self, bytes: &[u8], sum: [u8; SUM_LEN], cached: Option<&Root>) -> Result<Loaded> {
        let body = &bytes[..bytes.len() - SUM_LEN];
        let mut r = Reader::new(&bytes[10..V1_HEADER_LEN], self);
        let kind = r.u8()?;
        let params = Argon2Params {
            m_cost_kib: r.u32()?,
            t_cost: r.u32()?,
            p_cost: r.u32()?,
        };
        let salt: [u8; ARGON_SALT_LEN] = r.array()?;
        let generation = r.u64()?;
        let hkdf_salt: [u8; HKDF_SALT_LEN] = r.array()?;
        let nonce: [u8; NONCE_LEN] = r.array()?;
        let n = r.u32()? as usize;
        if V1_HEADER_LEN
            .checked_add(n)
            .and_then(|l| l.checked_add(TAG_LEN))
            != Some(body.len())
        {
            return Err(self.corrupt("its length field does not match its size"));
        }
        let kdf = self.kdf(kind, params, salt)?;
        let root = self.root(kdf, cached)?;
        let aead = sealing_key(&root.key, &hkdf_salt, HKDF_INFO_V1)?;
        let mut tag = [0u8; TAG_LEN];
        tag.copy_from_slice(&body[V1_HEADER_LEN + n..]);
        let mut state = Zeroizing::new(body[V1_HEADER_LEN..V1_HEADER_LEN + n].to_vec());
        aead.open_in_place(&nonce, &body[..V1_HEADER_LEN], &mut state, &tag)
            .map_err(|_| self.wrong_root_key(kdf))?;
        Ok(Loaded {
            sum,
            marker: Marker {
                generation,
                salt: hkdf_salt,
            },
            root,
            state,
        })
    }

    /// The file bytes of `state` as the next generation after `seen`, and their marker.
    fn seal(&self, seen: &Seen, state: &[u8]) -> Result<(Vec<u8>, Marker, [u8; SUM_LEN])> {
        let generation = seen.marker.generation.checked_add(1).ok_or_else(|| {
            Error::KmsInternal("the key store generation would overflow".to_owned())
        })?;
        let mut hkdf_salt = [0u8; HKDF_SALT_LEN];
        let mut nonce = [0u8; NONCE_LEN];
        crate::crypto::fill_random(&mut hkdf_salt)?;
        crate::crypto::fill_random(&mut nonce)?;
        let len = u32::try_from(state.len())
            .map_err(|_| Error::Validation("The key store would exceed 4 GiB.".to_owned()))?;
        let mut out = Vec::with_capacity(HEADER_LEN + state.len() + TAG_LEN + SUM_LEN);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&STORE_FORMAT_VERSION.to_be_bytes());
        out.extend_from_slice(&generation.to_be_bytes());
        out.extend_from_slice(&hkdf_salt);
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&len.to_be_bytes());
        debug_assert_eq!(out.len(), KDF_AT);
        let mut block = Vec::with_capacity(KDF_BLOCK_LEN);
        let (kind, params, salt) = seen.root.kdf.fields();
        block.push(kind);
        block.extend_from_slice(&params.m_cost_kib.to_be_bytes());
        block.extend_from_slice(&params.t_cost.to_be_bytes());
        block.extend_from_slice(&params.p_cost.to_be_bytes());
        block.extend_from_slice(&salt);
        block.extend_from_slice(&key_check(&seen.root)?);
        debug_assert_eq!(block.len(), KDF_BLOCK_LEN);
        out.extend_from_slice(&block);
        out.extend_from_slice(&block);
        debug_assert_eq!(out.len(), HEADER_LEN);
        let aead = sealing_key(&seen.root.key, &hkdf_salt, HKDF_INFO)?;
        let mut sealed = Zeroizing::new(state.to_vec());
        let tag = aead
            .seal_in_place(&nonce, &out, &mut sealed)
            .map_err(|_| Error::KmsInternal("sealing the key store failed".to_owned()))?;
        out.extend_from_slice(&sealed);
        out.extend_from_slice(&tag);
        let sum: [u8; SUM_LEN] = sha256(&out);
        out.extend_from_slice(&sum);
        let marker = Marker {
            generation,
            salt: hkdf_salt,
        };
        Ok((out, marker, sum))
    }

    /// Writes `state` as the new file: a temporary file, fsync, rename, fsync of the
    /// directory. On success `seen` records the new file. `Err((e, true))` when the rename was
    /// done (the new file is in place) but the directory could not be synced.
    fn write(
        &self,
        seen: &mut Seen,
        state: &[u8],
        inject: bool,
    ) -> core::result::Result<(), (Error, bool)> {
        let (out, marker, sum) = self.seal(seen, state).map_err(|e| (e, false))?;
        let fault = |step| {
            if inject {
                self.faults.as_ref().and_then(|f| f.fails(step))
            } else {
                None
            }
        };
        let fail = |what: &str, path: &Path, e| Err((io_err(what, path, e), false));
        let tmp = self.dir.join(TEMP_FILE_NAME);
        // A temporary file left by a writer that was killed: nobody else writes (we hold the
        // lock), so it is stale.
        match fs::remove_file(&tmp) {
            Ok(()) => {}
            Err(e) if e.kind() == ErrorKind::NotFound => {}
            Err(e) => return fail("cannot remove", &tmp, e),
        }
        if let Some(e) = fault(Step::Create) {
            return fail("cannot create", &tmp, e);
        }
        let mut f = match private_options().write(true).create_new(true).open(&tmp) {
            Ok(f) => f,
            Err(e) => return fail("cannot create", &tmp, e),
        };
        if let Some(e) = fault(Step::Write) {
            // A short write: part of the file, then the failure.
            let part = out.len() / 2;
            let _ = f.write_all(&out[..part]);
            return fail("cannot write", &tmp, e);
        }
        if let Err(e) = f.write_all(&out) {
            return fail("cannot write", &tmp, e);
        }
        if let Some(e) = fault(Step::SyncFile) {
            return fail("cannot write", &tmp, e);
        }
        if let Err(e) = f.sync_all() {
            return fail("cannot write", &tmp, e);
        }
        drop(f);
        if let Some(e) = fault(Step::Rename) {
            return fail("cannot replace", &self.file, e);
        }
        if let Err(e) = fs::rename(&tmp, &self.file) {
            return fail("cannot replace", &self.file, e);
        }
        seen.marker = marker;
        seen.file_sum = sum;
        let synced = match fault(Step::SyncDir) {
            Some(e) => Err(e),
            None => sync_dir(&self.dir),
        };
        synced.map_err(|e| (io_err("cannot sync", &self.dir, e), true))
    }

    fn seen(&self) -> MutexGuard<'_, Seen> {
        self.seen.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Kdf {
    /// The kind, parameters and salt as the file records them (zeros for a raw key).
    fn fields(&self) -> (u8, Argon2Params, [u8; ARGON_SALT_LEN]) {
        match *self {
            Kdf::Raw => (KIND_RAW, Argon2Params::ZERO, [0; ARGON_SALT_LEN]),
            Kdf::Argon2id { params, salt } => (KIND_ARGON2ID, params, salt),
        }
    }
}

/// The root key's check value: `HKDF-SHA256(salt = Argon2id salt, ikm = root key, info =
/// "datakey/store/v2/key-check" || kind || parameters)`. It depends on the root key and the
/// parameters only, so a file whose check value matches was sealed under this root key.
fn key_check(root: &Root) -> Result<[u8; CHECK_LEN]> {
    let (kind, params, salt) = root.kdf.fields();
    let mut info = Vec::with_capacity(CHECK_INFO.len() + 13);
    info.extend_from_slice(CHECK_INFO);
    info.push(kind);
    info.extend_from_slice(&params.m_cost_kib.to_be_bytes());
    info.extend_from_slice(&params.t_cost.to_be_bytes());
    info.extend_from_slice(&params.p_cost.to_be_bytes());
    let mut out = [0u8; CHECK_LEN];
    crate::crypto::hkdf_sha256(Some(&salt), root.key.expose_secret(), &info, &mut out)
        .map_err(|_| Error::KmsInternal("HKDF expansion failed".to_owned()))?;
    Ok(out)
}

/// SHA-256 (AWS-LC's, which is fast in debug builds too: the store hashes the whole file on
/// every operation).
fn sha256(data: &[u8]) -> [u8; SUM_LEN] {
    crate::crypto::sha256(data)
}

fn sealing_key(root: &SecretBytes, salt: &[u8], info: &[u8]) -> Result<AesGcmKey> {
    let mut k = SecretBytes::zeroed(ROOT_KEY_LEN);
    crate::crypto::hkdf_sha256(
        Some(salt),
        root.expose_secret(),
        info,
        k.expose_secret_mut(),
    )
    .map_err(|_| Error::KmsInternal("HKDF expansion failed".to_owned()))?;
    AesGcmKey::new(k.expose_secret())
}

// ----- opening ------------------------------------------------------------------------------

impl LocalKmsBuilder {
    /// Opens (or creates) the persistent store in the directory `dir` with this builder's
    /// region, account and clock. A new store records the region and account; an existing one
    /// must have been created with the same ones.
    ///
    /// On a read-only file system (or without write permission) an existing store opens for
    /// every operation that changes nothing — `Decrypt`, `DescribeKey`, `ListKeys`, … — and an
    /// operation that would change it fails with [`Error::Io`] of kind
    /// [`ErrorKind::ReadOnlyFilesystem`], changing nothing.
    ///
    /// # Errors
    ///
    /// [`Error::StoreCorrupt`], [`Error::WrongRootKey`], [`Error::UnsupportedStoreVersion`] for
    /// a store file that cannot be read (it is left untouched); [`Error::Validation`] for an
    /// invalid region or account, a store of another region or account, or an invalid
    /// [`store_write_faults`](Self::store_write_faults) rate; [`Error::Io`] when the directory
    /// or files cannot be created, locked, read or written; [`Error::ReentrantCall`] when called
    /// from inside an operation on the same store on this thread.
    pub fn open(mut self, dir: impl AsRef<Path>, root_key: RootKey) -> Result<LocalKms> {
        let dir = dir.as_ref().to_path_buf();
        let lock_wait = self.lock_wait.take();
        let faults = match self.store_write_faults.take() {
            Some((_, rate)) if !(0.0..=1.0).contains(&rate) => {
                return Err(Error::Validation(format!(
                    "A store write fault rate must be between 0.0 and 1.0, not {rate}."
                )));
            }
            Some((seed, rate)) => Some(WriteFaults {
                rng: Rng::deterministic(seed),
                rate,
            }),
            None => None,
        };
        let kms = self.build()?;
        if !kms.inner.delay.is_zero() {
            return Err(Error::Validation(
                "A persistent key store has no propagation delay (a test feature of the \
                 in-memory LocalKms)."
                    .to_owned(),
            ));
        }
        create_dir_private(&dir).map_err(|e| io_err("cannot create the key store", &dir, e))?;
        let id = fs::canonicalize(&dir).map_err(|e| io_err("cannot open", &dir, e))?;
        let file = dir.join(STORE_FILE_NAME);
        let persist = Persist {
            dir,
            file,
            id,
            source: root_key.0,
            lock_wait,
            faults,
            seen: Mutex::new(Seen {
                marker: Marker {
                    generation: 0,
                    salt: [0; HKDF_SALT_LEN],
                },
                file_sum: [0; SUM_LEN],
                durable: Zeroizing::new(Vec::new()),
                durable_sum: [0; SUM_LEN],
                extra: Vec::new(),
                root: Root {
                    kdf: Kdf::Raw,
                    key: SecretBytes::zeroed(0),
                },
                stale: true,
            }),
        };
        let inner = Arc::into_inner(kms.inner)
            .ok_or_else(|| Error::KmsInternal("a freshly built LocalKms is shared".to_owned()))?;
        let kms = LocalKms {
            inner: Arc::new(Inner {
                persist: Some(persist),
                ..inner
            }),
            caller: None,
            via_service: None,
        };
        {
            let p = kms.persist_ref()?;
            let _entered = p.enter()?;
            let mut seen = p.seen();
            let lock = p.lock()?;
            match p.read_checked()? {
                Some((bytes, sum)) => {
                    let loaded = p.decode(&bytes, sum, None)?;
                    kms.install(&mut seen, loaded)?;
                }
                None if !lock.writable => return Err(read_only_error(&p.dir)),
                None => {
                    seen.root = p.source.new_root()?;
                    let state = kms.serialize_state(&[]);
                    p.write(&mut seen, &state, true).map_err(|(e, _)| e)?;
                    seen.durable_sum = sha256(&state);
                    seen.durable = state;
                    seen.stale = false;
                }
            }
        }
        Ok(kms)
    }
}

impl LocalKms {
    /// Opens (or creates) the persistent store in the directory `dir` (see [`store_dir`]) in
    /// region `us-east-1`, account `111122223333`, on the system clock. Every operation of the
    /// returned service is on disk before it returns; other processes opening the same
    /// directory share its keys.
    ///
    /// # Errors
    ///
    /// As [`LocalKmsBuilder::open`].
    pub fn open(dir: impl AsRef<Path>, root_key: RootKey) -> Result<LocalKms> {
        LocalKms::builder().open(dir, root_key)
    }

    /// The store directory, for a service opened with [`LocalKms::open`]; `None` in memory.
    pub fn store_path(&self) -> Option<&Path> {
        self.inner.persist.as_ref().map(|p| p.dir.as_path())
    }

    fn persist_ref(&self) -> Result<&Persist> {
        self.inner
            .persist
            .as_ref()
            .ok_or_else(|| Error::KmsInternal("not a persistent LocalKms".to_owned()))
    }

    /// Runs one operation as a store transaction (see the module docs); in memory, just runs it.
    pub(super) fn persisted<T>(&self, op: impl FnOnce() -> Result<T>) -> Result<T> {
        let Some(p) = &self.inner.persist else {
            return op();
        };
        let _entered = p.enter()?;
        let mut seen = p.seen();
        let lock = p.lock()?;
        self.catch_up(p, &mut seen)?;
        let before = mutations();
        let out = op();
        if mutations() == before {
            return out;
        }
        let state = self.serialize_state(&seen.extra);
        let sum = sha256(&state);
        if sum == seen.durable_sum {
            return out;
        }
        // The operation changed the state: it takes effect only once the new state is on disk.
        let value = match out {
            Ok(v) => v,
            Err(e) => {
                self.roll_back(p, &mut seen);
                return Err(e);
            }
        };
        let written = if lock.writable {
            self.check_unchanged(p, &seen).map_err(|e| (e, false))
        } else {
            Err((read_only_error(&p.dir), false))
        }
        .and_then(|()| p.write(&mut seen, &state, true));
        match written {
            Ok(()) => {
                seen.durable = state;
                seen.durable_sum = sum;
                Ok(value)
            }
            Err((e, renamed)) => {
                if renamed {
                    // The new file is in place but perhaps not durable: put the previous state
                    // back (not subject to injected faults), or reload from disk next time.
                    let durable = Zeroizing::new(seen.durable.to_vec());
                    if p.write(&mut seen, &durable, false).is_err() {
                        seen.stale = true;
                    }
                }
                self.roll_back(p, &mut seen);
                Err(e)
            }
        }
    }

    /// Brings memory up to date with the file: nothing to do when its header shows the
    /// generation and write this process last saw; a full read otherwise. A file older than
    /// that, or gone, is refused ([`Error::StoreRollback`]).
    fn catch_up(&self, p: &Persist, seen: &mut Seen) -> Result<()> {
        let last = seen.marker;
        match p.peek()? {
            Peek::Missing => return Err(p.rolled_back("was removed")),
            Peek::At(m) if m.generation < last.generation => {
                return Err(p.rolled_back(&format!(
                    "is at generation {}, not {}",
                    m.generation, last.generation
                )));
            }
            Peek::At(m) if m == last && !seen.stale => return Ok(()),
            Peek::At(_) | Peek::Unknown => {}
        }
        let Some((bytes, sum)) = p.read_checked()? else {
            return Err(p.rolled_back("was removed"));
        };
        let loaded = p.decode(&bytes, sum, Some(&seen.root))?;
        let now = loaded.marker;
        if now.generation < last.generation
            || (now.generation == last.generation && now.salt != last.salt && !seen.stale)
        {
            return Err(p.rolled_back(&format!(
                "is at generation {} and differs from the one this process saw at generation {}",
                now.generation, last.generation
            )));
        }
        self.install(seen, loaded)
    }

    /// Before a write: the file must still be the one this process last read or wrote, intact
    /// (a file damaged or replaced under a running service is never overwritten).
    fn check_unchanged(&self, p: &Persist, seen: &Seen) -> Result<()> {
        match p.read_checked()? {
            Some((_, sum)) if sum == seen.file_sum => Ok(()),
            Some(_) => Err(p.corrupt("it changed in place since this process read it")),
            None => Err(p.rolled_back("was removed")),
        }
    }

    /// Puts memory back to the state on disk after an operation that did not take effect.
    fn roll_back(&self, p: &Persist, seen: &mut Seen) {
        match self.deserialize_state(&seen.durable, p) {
            Ok((keys, aliases, mut extra)) => match self
                .take_access_keys(&mut extra, p)
                .and_then(|a| Ok((a, take_secrets(&mut extra, p)?)))
            {
                Ok((access_keys, secrets)) => {
                    *self.keys_write() = keys;
                    *self.aliases_write() = aliases;
                    *self.access_keys_write() = access_keys;
                    self.inner.secrets.replace(secrets);
                }
                Err(_) => seen.stale = true,
            },
            // Unreachable for state this process serialized; reload from disk next time.
            Err(_) => seen.stale = true,
        }
    }

    /// Replaces the in-memory keys and aliases with a file's contents.
    fn install(&self, seen: &mut Seen, loaded: Loaded) -> Result<()> {
        let p = self.persist_ref()?;
        let (keys, aliases, mut extra) = self.deserialize_state(&loaded.state, p)?;
        let access_keys = self.take_access_keys(&mut extra, p)?;
        let secrets = take_secrets(&mut extra, p)?;
        *self.keys_write() = keys;
        *self.aliases_write() = aliases;
        *self.access_keys_write() = access_keys;
        self.inner.secrets.replace(secrets);
        seen.extra = extra;
        // What this datakey would write for the same state, so an unchanged state is
        // recognised as such (a version 1 file stays as it is until something changes).
        let canonical = self.serialize_state(&seen.extra);
        seen.durable_sum = sha256(&canonical);
        seen.durable = canonical;
        seen.file_sum = loaded.sum;
        seen.marker = loaded.marker;
        seen.root = loaded.root;
        seen.stale = false;
        Ok(())
    }

    // ----- the state's layout --------------------------------------------------------------

    /// The whole state, in a fixed order (keys and aliases sorted, then the sections this
    /// datakey does not know, as read), so equal states serialize to equal bytes.
    fn serialize_state(&self, extra: &[Section]) -> Zeroizing<Vec<u8>> {
        let mut out = Writer(Zeroizing::new(Vec::new()));
        out.u8(STATE_VERSION);
        out.str(&self.inner.region);
        out.str(&self.inner.account_id);
        let mut w = Writer(Zeroizing::new(Vec::new()));
        let keys = self.keys_read();
        w.len(keys.len());
        for key in keys.values() {
            w.str(&key.key_id);
            w.str(&key.arn);
            w.str(&key.account_id);
            w.time(key.creation_date);
            w.str(key.spec.as_str());
            w.str(key.usage.as_str());
            w.str(key.origin.as_str());
            w.bool(key.multi_region);
            let st = key.read();
            // Exhaustive: a new field of `KeyMut` does not compile until it is persisted here.
            let KeyMut {
                description,
                key_state,
                deletion_date,
                pending_window_days,
                materials,
                pending_rotation,
                resume_pending_import,
                rotation_period_days,
                next_rotation,
                on_demand_rotations,
                expiration_model,
                valid_to,
                policy,
                // Always empty: a persistent store has no propagation delay.
                history: _,
            } = &*st;
            w.str(description);
            w.str(key_state.as_str());
            w.opt_time(*deletion_date);
            w.opt_i64(*pending_window_days);
            w.len(materials.len());
            for m in materials {
                w.material(m);
            }
            match pending_rotation {
                Some(m) => {
                    w.bool(true);
                    w.material(m);
                }
                None => w.bool(false),
            }
            w.bool(*resume_pending_import);
            w.opt_i64(*rotation_period_days);
            w.opt_time(*next_rotation);
            w.u32(*on_demand_rotations);
            w.opt_str(expiration_model.map(ExpirationModel::as_str));
            w.opt_time(*valid_to);
            w.str(&policy.text);
        }
        drop(keys);
        out.section(SECTION_KEYS, &w.0);
        w.0.clear();
        let aliases = self.aliases_read();
        w.len(aliases.len());
        for (name, alias) in aliases.iter() {
            let Alias {
                target_key_id,
                creation_date,
                last_updated_date,
            } = alias;
            w.str(name);
            w.str(target_key_id);
            w.time(*creation_date);
            w.time(*last_updated_date);
        }
        drop(aliases);
        out.section(SECTION_ALIASES, &w.0);
        // only when there are any, so stores without access keys keep their bytes
        if let Some(body) = self.serialize_access_keys() {
            out.section(SECTION_ACCESS_KEYS, &body);
        }
        if let Some(secrets) = self.inner.secrets.encode() {
            out.section(SECTION_SECRETS, &secrets);
        }
        for s in extra {
            out.section(s.kind, &s.body);
        }
        out.0
    }

    /// Reads a state of layout 1 (keys, then aliases) or 2 (sections: keys, aliases, and any
    /// kind a newer datakey added, kept as is).
    #[allow(clippy::type_complexity)]
    fn deserialize_state(
        &self,
        state: &[u8],
        p: &Persist,
    ) -> Result<(
        std::collections::BTreeMap<String, Arc<Key>>,
        std::collections::BTreeMap<String, Alias>,
        Vec<Section>,
    )> {
        let mut r = Reader::new(state, p);
        let v = r.u8()?;
        if v != 1 && v != STATE_VERSION {
            return Err(p.corrupt("unknown state layout"));
        }
        let region = r.string()?;
        let account = r.string()?;
        if region != self.inner.region || account != self.inner.account_id {
            return Err(Error::Validation(format!(
                "The key store {} belongs to region {region}, account {account}; open it with \
                 that region and account (not {}, {}).",
                p.dir.display(),
                self.inner.region,
                self.inner.account_id
            )));
        }
        if v == 1 {
            let keys = self.read_keys(&mut r)?;
            let aliases = read_aliases(&mut r)?;
            if !r.rest.is_empty() {
                return Err(p.corrupt("trailing bytes in the state"));
            }
            return Ok((keys, aliases, Vec::new()));
        }
        let (mut keys, mut aliases, mut extra) = (None, None, Vec::new());
        while !r.rest.is_empty() {
            let kind = r.u16()?;
            let body = r.bytes()?;
            let mut b = Reader::new(body, p);
            match kind {
                SECTION_KEYS if keys.is_none() => keys = Some(self.read_keys(&mut b)?),
                SECTION_ALIASES if aliases.is_none() => aliases = Some(read_aliases(&mut b)?),
                SECTION_KEYS | SECTION_ALIASES => return Err(p.corrupt("a section appears twice")),
                _ => {
                    extra.push(Section {
                        kind,
                        body: Zeroizing::new(body.to_vec()),
                    });
                    continue;
                }
            }
            if !b.rest.is_empty() {
                return Err(p.corrupt("trailing bytes in a section"));
            }
        }
        Ok((keys.unwrap_or_default(), aliases.unwrap_or_default(), extra))
    }

    /// The access keys section's body; `None` when there are no access keys.
    fn serialize_access_keys(&self) -> Option<Zeroizing<Vec<u8>>> {
        let keys = self.access_keys_read();
        if keys.is_empty() {
            return None;
        }
        let mut w = Writer(Zeroizing::new(Vec::new()));
        w.len(keys.len());
        for k in keys.values() {
            let m = &k.metadata;
            w.str(&m.access_key_id);
            w.str(&m.principal_arn);
            w.str(&m.user_name);
            w.str(&m.status);
            w.time(m.create_date);
            w.bytes(k.secret_access_key.expose_secret());
        }
        Some(w.0)
    }

    /// Removes the access keys section from `extra` (where [`Self::deserialize_state`] leaves
    /// it) and reads it.
    fn take_access_keys(
        &self,
        extra: &mut Vec<Section>,
        p: &Persist,
    ) -> Result<std::collections::BTreeMap<String, super::credentials::AccessKey>> {
        let mut out = std::collections::BTreeMap::new();
        let Some(at) = extra.iter().position(|s| s.kind == SECTION_ACCESS_KEYS) else {
            return Ok(out);
        };
        let section = extra.remove(at);
        if extra.iter().any(|s| s.kind == SECTION_ACCESS_KEYS) {
            return Err(p.corrupt("a section appears twice"));
        }
        let mut r = Reader::new(&section.body, p);
        for _ in 0..r.count()? {
            let metadata = super::AccessKeyMetadata {
                access_key_id: r.string()?,
                principal_arn: r.string()?,
                user_name: r.string()?,
                status: r.string()?,
                create_date: r.time()?,
            };
            let key = super::credentials::AccessKey {
                secret_access_key: SecretBytes::copy_from_slice(r.bytes()?),
                metadata,
            };
            if out
                .insert(key.metadata.access_key_id.clone(), key)
                .is_some()
            {
                return Err(p.corrupt("an access key appears twice"));
            }
        }
        if !r.rest.is_empty() {
            return Err(p.corrupt("trailing bytes in a section"));
        }
        Ok(out)
    }

    /// The keys of a state.
    fn read_keys(
        &self,
        r: &mut Reader<'_>,
    ) -> Result<std::collections::BTreeMap<String, Arc<Key>>> {
        let p = r.persist;
        let mut keys = std::collections::BTreeMap::new();
        for _ in 0..r.count()? {
            let key_id = r.string()?;
            let arn = r.string()?;
            let account_id = r.string()?;
            let creation_date = r.time()?;
            let spec: KeySpec = r.parsed()?;
            let usage: KeyUsage = r.parsed()?;
            let origin: Origin = r.parsed()?;
            let multi_region = r.bool()?;
            let description = r.string()?;
            let key_state: KeyState = r.parsed()?;
            let deletion_date = r.opt_time()?;
            let pending_window_days = r.opt_i64()?;
            let mut materials = Vec::new();
            for _ in 0..r.count()? {
                materials.push(Arc::new(r.material()?));
            }
            let pending_rotation = if r.bool()? { Some(r.material()?) } else { None };
            let st = KeyMut {
                description,
                key_state,
                deletion_date,
                pending_window_days,
                materials,
                pending_rotation,
                resume_pending_import: r.bool()?,
                rotation_period_days: r.opt_i64()?,
                next_rotation: r.opt_time()?,
                on_demand_rotations: r.u32()?,
                expiration_model: match r.opt_string()? {
                    Some(s) => Some(s.parse().map_err(|_| p.corrupt("bad enum value"))?),
                    None => None,
                },
                valid_to: r.opt_time()?,
                policy: Arc::new(
                    KeyPolicy::parse(&r.string()?)
                        .map_err(|_| p.corrupt("a key policy does not parse"))?,
                ),
                history: Vec::new(),
            };
            let key = Key::new(
                key_id.clone(),
                arn,
                account_id,
                creation_date,
                spec,
                usage,
                origin,
                multi_region,
                String::new(),
                None,
                Arc::clone(&st.policy),
                Duration::ZERO,
                Arc::clone(&self.inner.rng),
            );
            *key.write() = st;
            if keys.insert(key_id, Arc::new(key)).is_some() {
                return Err(p.corrupt("a key appears twice"));
            }
        }
        Ok(keys)
    }
}

/// The secrets section of a state, taken out of the sections read (empty without one).
fn take_secrets(extra: &mut Vec<Section>, p: &Persist) -> Result<crate::secrets::State> {
    let Some(at) = extra.iter().position(|s| s.kind == SECTION_SECRETS) else {
        return Ok(crate::secrets::State::default());
    };
    let section = extra.remove(at);
    if extra.iter().any(|s| s.kind == SECTION_SECRETS) {
        return Err(p.corrupt("a section appears twice"));
    }
    crate::secrets::State::decode(&section.body, p)
}

/// The aliases of a state.
fn read_aliases(r: &mut Reader<'_>) -> Result<std::collections::BTreeMap<String, Alias>> {
    let mut aliases = std::collections::BTreeMap::new();
    for _ in 0..r.count()? {
        let name = r.string()?;
        let alias = Alias {
            target_key_id: r.string()?,
            creation_date: r.time()?,
            last_updated_date: r.time()?,
        };
        if aliases.insert(name, alias).is_some() {
            return Err(r.persist.corrupt("an alias appears twice"));
        }
    }
    Ok(aliases)
}

// ----- a small length-prefixed encoding ---------------------------------------------------------
//
// Every section of the state (keys, aliases, access keys, the Secrets Manager's secrets) is
// written and read with these two.

/// Who words a [`Reader`]'s refusal: the store (naming its file), or a test.
pub(crate) trait Corrupt {
    /// The error for state that does not decode, `why` saying what was wrong.
    fn corrupt(&self, why: &str) -> Error;
}

impl Corrupt for Persist {
    fn corrupt(&self, why: &str) -> Error {
        Persist::corrupt(self, why)
    }
}

pub(crate) struct Writer(pub(crate) Zeroizing<Vec<u8>>);

impl Writer {
    pub(crate) fn u8(&mut self, v: u8) {
        self.0.push(v);
    }
    pub(crate) fn bool(&mut self, v: bool) {
        self.u8(u8::from(v));
    }
    pub(crate) fn u16(&mut self, v: u16) {
        self.0.extend_from_slice(&v.to_be_bytes());
    }
    /// A section of the state: its kind, then its length-prefixed body.
    pub(crate) fn section(&mut self, kind: u16, body: &[u8]) {
        self.u16(kind);
        self.bytes(body);
    }
    pub(crate) fn u32(&mut self, v: u32) {
        self.0.extend_from_slice(&v.to_be_bytes());
    }
    pub(crate) fn len(&mut self, n: usize) {
        // Every length here is far below 4 GiB (bounded by KMS limits and the u32 file size).
        self.u32(u32::try_from(n).unwrap_or(u32::MAX));
    }
    pub(crate) fn i64(&mut self, v: i64) {
        self.0.extend_from_slice(&v.to_be_bytes());
    }
    pub(crate) fn bytes(&mut self, b: &[u8]) {
        self.len(b.len());
        self.0.extend_from_slice(b);
    }
    pub(crate) fn str(&mut self, s: &str) {
        self.bytes(s.as_bytes());
    }
    pub(crate) fn opt_str(&mut self, s: Option<&str>) {
        match s {
            Some(s) => {
                self.bool(true);
                self.str(s);
            }
            None => self.bool(false),
        }
    }
    pub(crate) fn opt_i64(&mut self, v: Option<i64>) {
        match v {
            Some(v) => {
                self.bool(true);
                self.i64(v);
            }
            None => self.bool(false),
        }
    }
    /// Seconds and nanoseconds since the Unix epoch (negative seconds before it).
    pub(crate) fn time(&mut self, t: SystemTime) {
        let (secs, nanos) = match t.duration_since(UNIX_EPOCH) {
            Ok(d) => (
                i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
                d.subsec_nanos(),
            ),
            Err(e) => {
                let d = e.duration();
                let mut secs = -i64::try_from(d.as_secs()).unwrap_or(i64::MAX);
                let mut nanos = d.subsec_nanos();
                if nanos > 0 {
                    secs -= 1;
                    nanos = 1_000_000_000 - nanos;
                }
                (secs, nanos)
            }
        };
        self.i64(secs);
        self.u32(nanos);
    }
    pub(crate) fn opt_time(&mut self, t: Option<SystemTime>) {
        match t {
            Some(t) => {
                self.bool(true);
                self.time(t);
            }
            None => self.bool(false),
        }
    }
    pub(crate) fn material(&mut self, m: &Material) {
        let Material {
            id,
            id_hex: _,
            secret,
            rotation,
        } = m;
        self.0.extend_from_slice(id);
        self.bytes(secret.expose_secret());
        match rotation {
            Some((at, kind)) => {
                self.bool(true);
                self.time(*at);
                self.str(kind.as_str());
            }
            None => self.bool(false),
        }
    }
}

pub(crate) struct Reader<'a> {
    rest: &'a [u8],
    persist: &'a dyn Corrupt,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(rest: &'a [u8], persist: &'a dyn Corrupt) -> Self {
        Self { rest, persist }
    }
    /// The error for state that does not decode (see [`Corrupt`]).
    pub(crate) fn corrupt(&self, why: &str) -> Error {
        self.persist.corrupt(why)
    }
    pub(crate) fn short(&self) -> Error {
        self.persist.corrupt("the state ends early")
    }
    /// Whether every byte was read.
    pub(crate) fn is_empty(&self) -> bool {
        self.rest.is_empty()
    }
    pub(crate) fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        if self.rest.len() < n {
            return Err(self.short());
        }
        let (a, b) = self.rest.split_at(n);
        self.rest = b;
        Ok(a)
    }
    pub(crate) fn array<const N: usize>(&mut self) -> Result<[u8; N]> {
        let mut a = [0u8; N];
        a.copy_from_slice(self.take(N)?);
        Ok(a)
    }
    pub(crate) fn u8(&mut self) -> Result<u8> {
        Ok(self.array::<1>()?[0])
    }
    pub(crate) fn bool(&mut self) -> Result<bool> {
        match self.u8()? {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(self.persist.corrupt("bad boolean")),
        }
    }
    pub(crate) fn u16(&mut self) -> Result<u16> {
        Ok(u16::from_be_bytes(self.array()?))
    }
    pub(crate) fn u32(&mut self) -> Result<u32> {
        Ok(u32::from_be_bytes(self.array()?))
    }
    pub(crate) fn u64(&mut self) -> Result<u64> {
        Ok(u64::from_be_bytes(self.array()?))
    }
    pub(crate) fn i64(&mut self) -> Result<i64> {
        Ok(i64::from_be_bytes(self.array()?))
    }
    /// A count of items, each at least one byte: bounded by what is left.
    pub(crate) fn count(&mut self) -> Result<usize> {
        let n = self.u32()? as usize;
        if n > self.rest.len() {
            return Err(self.short());
        }
        Ok(n)
    }
    pub(crate) fn bytes(&mut self) -> Result<&'a [u8]> {
        let n = self.u32()? as usize;
        self.take(n)
    }
    pub(crate) fn string(&mut self) -> Result<String> {
        let b = self.bytes()?;
        String::from_utf8(b.to_vec()).map_err(|_| self.persist.corrupt("bad text"))
    }
    pub(crate) fn opt_string(&mut self) -> Result<Option<String>> {
        if self.bool()? {
            Ok(Some(self.string()?))
        } else {
            Ok(None)
        }
    }
    pub(crate) fn parsed<T: core::str::FromStr>(&mut self) -> Result<T> {
        let s = self.string()?;
        s.parse()
            .map_err(|_| self.persist.corrupt("bad enum value"))
    }
    pub(crate) fn opt_i64(&mut self) -> Result<Option<i64>> {
        if self.bool()? {
            Ok(Some(self.i64()?))
        } else {
            Ok(None)
        }
    }
    pub(crate) fn time(&mut self) -> Result<SystemTime> {
        let secs = self.i64()?;
        let nanos = self.u32()?;
        if nanos >= 1_000_000_000 {
            return Err(self.persist.corrupt("bad time"));
        }
        let t = if secs >= 0 {
            UNIX_EPOCH.checked_add(Duration::new(secs.unsigned_abs(), nanos))
        } else {
            UNIX_EPOCH
                .checked_sub(Duration::from_secs(secs.unsigned_abs()))
                .and_then(|t| t.checked_add(Duration::from_nanos(u64::from(nanos))))
        };
        t.ok_or_else(|| self.persist.corrupt("time out of range"))
    }
    pub(crate) fn opt_time(&mut self) -> Result<Option<SystemTime>> {
        if self.bool()? {
            Ok(Some(self.time()?))
        } else {
            Ok(None)
        }
    }
    pub(crate) fn material(&mut self) -> Result<Material> {
        let id: [u8; MATERIAL_ID_LEN] = self.array()?;
        let secret = SecretBytes::copy_from_slice(self.bytes()?);
        let rotation = if self.bool()? {
            let at = self.time()?;
            let kind: RotationType = self.parsed()?;
            Some((at, kind))
        } else {
            None
        };
        Ok(Material {
            id,
            id_hex: hex(&id),
            secret,
            rotation,
        })
    }
}
