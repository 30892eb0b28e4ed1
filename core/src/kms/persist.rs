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
//! 1. take the process-wide lock of this `LocalKms`, then an exclusive advisory lock (`flock`)
//!    on the store's lock file, which serializes all processes using the store;
//! 2. if the file changed since this process last read or wrote it (its trailing checksum
//!    differs), read it again and replace the in-memory keys and aliases with its contents;
//! 3. run the operation;
//! 4. if it succeeded and the state changed — including lazy changes such as an automatic
//!    rotation or a key whose deletion window has passed — write the whole state to a temporary
//!    file, `fsync` it, `rename` it over the store file and `fsync` the directory, before the
//!    operation returns.
//!
//! A process killed at any point therefore leaves either the old or the new file, and two
//! processes writing at once both see each other's changes (nothing is lost). A file that
//! cannot be read is never overwritten: the operation fails with the error below.
//!
//! # Root key
//!
//! Key material at rest is sealed under a 32-byte root key ([`RootKey`]): given directly
//! (`DATAKEY_ROOT_KEY`, hex or base64) or derived from a passphrase (`DATAKEY_PASSPHRASE`) with
//! Argon2id, whose parameters and salt are stored in the file. Each write derives a fresh
//! AES-256-GCM key `HKDF-SHA256(salt = random 32 bytes, ikm = root key, info =
//! "datakey/store/v1")`, so the root key has no nonce budget to exhaust.
//!
//! # File format (version 1)
//!
//! All integers big-endian.
//!
//! | offset | length | field |
//! |---|---|---|
//! | 0 | 8 | magic `DKSTORE\0` |
//! | 8 | 2 | format version, `1` |
//! | 10 | 1 | root key kind: `0` raw key, `1` Argon2id passphrase |
//! | 11 | 12 | Argon2id memory (KiB), iterations, parallelism (`u32` each; zero for a raw key) |
//! | 23 | 16 | Argon2id salt (zero for a raw key) |
//! | 39 | 8 | generation (incremented by every write) |
//! | 47 | 32 | HKDF salt (random per write) |
//! | 79 | 12 | AES-GCM nonce (random per write) |
//! | 91 | 4 | `n`, the length of the sealed state |
//! | 95 | `n` | the state, AES-256-GCM ciphertext; AAD = bytes `0..95` |
//! | 95+`n` | 16 | GCM tag |
//! | 111+`n` | 32 | SHA-256 of bytes `0..111+n` |
//!
//! The GCM tag authenticates everything; the SHA-256 tells damage apart from a wrong key: a file
//! whose checksum does not match is [`Error::StoreCorrupt`], a file whose checksum matches but
//! whose tag does not verify is [`Error::WrongRootKey`], and a newer format version is
//! [`Error::UnsupportedStoreVersion`].

use std::fs::{self, File, OpenOptions};
use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use zeroize::Zeroizing;

use crate::error::{Error, Result};
use crate::hazmat::{AesGcmKey, NONCE_LEN, TAG_LEN};
use crate::secret::SecretBytes;

use super::blob::MATERIAL_ID_LEN;
use super::ids::hex;
use super::policy::KeyPolicy;
use super::store::{Key, KeyMut, Material};
use super::types::{ExpirationModel, KeySpec, KeyState, KeyUsage, Origin, RotationType};
use super::{Alias, Inner, LocalKms, LocalKmsBuilder};

/// The store file's name inside the store directory.
pub const STORE_FILE_NAME: &str = "keystore.dks";
/// The lock file's name inside the store directory.
pub const LOCK_FILE_NAME: &str = "keystore.lock";
/// The temporary file a write goes through.
const TEMP_FILE_NAME: &str = "keystore.dks.tmp";
/// The current store format version.
pub const STORE_FORMAT_VERSION: u16 = 1;
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
const HEADER_LEN: usize = 95;
const SUM_LEN: usize = 32;
const HKDF_INFO: &[u8] = b"datakey/store/v1";
/// The state's own layout version, inside the sealed body.
const STATE_VERSION: u8 = 1;

/// Argon2id limits accepted from a file (its parameters are authenticated only by the root key
/// derived with them, so they are bounded before any work is done).
const MAX_M_COST_KIB: u32 = 4 * 1024 * 1024;
const MAX_T_COST: u32 = 64;
const MAX_P_COST: u32 = 64;

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
    /// datakey does not accept (memory over 4 GiB, over 64 iterations or lanes).
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

fn argon2_params(p: Argon2Params) -> core::result::Result<argon2::Params, &'static str> {
    if p.m_cost_kib > MAX_M_COST_KIB || p.t_cost > MAX_T_COST || p.p_cost > MAX_P_COST {
        return Err(
            "Argon2id parameters out of range (memory at most 4 GiB, at most 64 \
                    iterations and 64 lanes).",
        );
    }
    argon2::Params::new(p.m_cost_kib, p.t_cost, p.p_cost, Some(ROOT_KEY_LEN))
        .map_err(|_| "Argon2id refuses these parameters (memory at least 8 KiB per lane, at least 1 iteration and 1 lane).")
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
    let p = argon2_params(params).map_err(|e| Error::StoreCorrupt(e.to_owned()))?;
    let argon = argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, p);
    let mut out = SecretBytes::zeroed(ROOT_KEY_LEN);
    argon
        .hash_password_into(passphrase.expose_secret(), salt, out.expose_secret_mut())
        .map_err(|_| Error::KmsInternal("Argon2id key derivation failed".to_owned()))?;
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

/// The open store: where it is, how it is sealed, and what this process last saw of it.
pub(super) struct Persist {
    dir: PathBuf,
    file: PathBuf,
    source: RootSource,
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
    /// The checksum of the file as last read or written (`None`: no file yet).
    file_sum: Option<[u8; SUM_LEN]>,
    /// SHA-256 of the serialized state last read or written.
    state_sum: [u8; 32],
    generation: u64,
    root: Root,
}

/// The exclusive `flock` on the lock file; released when dropped (the descriptor closes).
struct FileLock(File);

impl Drop for FileLock {
    fn drop(&mut self) {
        let _ = self.0.unlock();
    }
}

/// A decoded file.
struct Loaded {
    sum: [u8; SUM_LEN],
    generation: u64,
    root: Root,
    state: Zeroizing<Vec<u8>>,
}

impl Persist {
    fn lock(&self) -> Result<FileLock> {
        let path = self.dir.join(LOCK_FILE_NAME);
        let f = private_options()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(|e| io_err("cannot open the lock file", &path, e))?;
        f.lock().map_err(|e| io_err("cannot lock", &path, e))?;
        Ok(FileLock(f))
    }

    /// The file's bytes after checking its structure and checksum, or `None` when there is no
    /// file.
    fn read_checked(&self) -> Result<Option<(Vec<u8>, [u8; SUM_LEN])>> {
        let bytes = match fs::read(&self.file) {
            Ok(b) => b,
            Err(e) if e.kind() == ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(io_err("cannot read", &self.file, e)),
        };
        if bytes.len() < HEADER_LEN + TAG_LEN + SUM_LEN || &bytes[..8] != MAGIC {
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

    /// Opens checked file bytes (see [`Persist::read_checked`]). `cached` is reused when the
    /// file records the same root key derivation (no Argon2id run per read).
    fn decode(&self, bytes: &[u8], sum: [u8; SUM_LEN], cached: Option<&Root>) -> Result<Loaded> {
        let body = &bytes[..bytes.len() - SUM_LEN];
        let version = u16::from_be_bytes([bytes[8], bytes[9]]);
        if version != STORE_FORMAT_VERSION {
            return Err(Error::UnsupportedStoreVersion(version));
        }
        let mut r = Reader::new(&bytes[10..HEADER_LEN], self);
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
        if HEADER_LEN + n + TAG_LEN != body.len() {
            return Err(self.corrupt("its length field does not match its size"));
        }
        let kdf = match kind {
            KIND_RAW => Kdf::Raw,
            KIND_ARGON2ID => Kdf::Argon2id { params, salt },
            _ => return Err(self.corrupt("unknown root key kind")),
        };
        let root = match cached {
            Some(c) if c.kdf == kdf => Root {
                kdf,
                key: SecretBytes::copy_from_slice(c.key.expose_secret()),
            },
            _ => self.source.root_for(kdf, &self.file)?,
        };
        let aead = sealing_key(&root.key, &hkdf_salt)?;
        let mut tag = [0u8; TAG_LEN];
        tag.copy_from_slice(&body[HEADER_LEN + n..]);
        let mut state = Zeroizing::new(body[HEADER_LEN..HEADER_LEN + n].to_vec());
        aead.open_in_place(&nonce, &body[..HEADER_LEN], &mut state, &tag)
            .map_err(|_| {
                Error::WrongRootKey(format!(
                    "The key store {} does not open with this {}: wrong root key.",
                    self.file.display(),
                    match kdf {
                        Kdf::Raw => format!("root key ({ENV_ROOT_KEY})"),
                        Kdf::Argon2id { .. } => format!("passphrase ({ENV_PASSPHRASE})"),
                    }
                ))
            })?;
        Ok(Loaded {
            sum,
            generation,
            root,
            state,
        })
    }

    /// Writes `state` as the new file (temporary file, fsync, rename, fsync of the directory).
    fn write(&self, seen: &mut Seen, state: &[u8]) -> Result<()> {
        let generation = seen.generation.wrapping_add(1);
        let mut hkdf_salt = [0u8; HKDF_SALT_LEN];
        let mut nonce = [0u8; NONCE_LEN];
        crate::crypto::fill_random(&mut hkdf_salt)?;
        crate::crypto::fill_random(&mut nonce)?;
        let len = u32::try_from(state.len())
            .map_err(|_| Error::Validation("The key store would exceed 4 GiB.".to_owned()))?;
        let mut out = Vec::with_capacity(HEADER_LEN + state.len() + TAG_LEN + SUM_LEN);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&STORE_FORMAT_VERSION.to_be_bytes());
        match seen.root.kdf {
            Kdf::Raw => {
                out.push(KIND_RAW);
                out.extend_from_slice(&[0u8; 12 + ARGON_SALT_LEN]);
            }
            Kdf::Argon2id { params, salt } => {
                out.push(KIND_ARGON2ID);
                out.extend_from_slice(&params.m_cost_kib.to_be_bytes());
                out.extend_from_slice(&params.t_cost.to_be_bytes());
                out.extend_from_slice(&params.p_cost.to_be_bytes());
                out.extend_from_slice(&salt);
            }
        }
        out.extend_from_slice(&generation.to_be_bytes());
        out.extend_from_slice(&hkdf_salt);
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&len.to_be_bytes());
        debug_assert_eq!(out.len(), HEADER_LEN);
        let aead = sealing_key(&seen.root.key, &hkdf_salt)?;
        let mut sealed = Zeroizing::new(state.to_vec());
        let tag = aead
            .seal_in_place(&nonce, &out, &mut sealed)
            .map_err(|_| Error::KmsInternal("sealing the key store failed".to_owned()))?;
        out.extend_from_slice(&sealed);
        out.extend_from_slice(&tag);
        let sum: [u8; SUM_LEN] = sha256(&out);
        out.extend_from_slice(&sum);

        let tmp = self.dir.join(TEMP_FILE_NAME);
        // A temporary file left by a writer that was killed: nobody else writes (we hold the
        // lock), so it is stale.
        match fs::remove_file(&tmp) {
            Ok(()) => {}
            Err(e) if e.kind() == ErrorKind::NotFound => {}
            Err(e) => return Err(io_err("cannot remove", &tmp, e)),
        }
        let mut f = private_options()
            .write(true)
            .create_new(true)
            .open(&tmp)
            .map_err(|e| io_err("cannot create", &tmp, e))?;
        f.write_all(&out)
            .and_then(|()| f.sync_all())
            .map_err(|e| io_err("cannot write", &tmp, e))?;
        drop(f);
        fs::rename(&tmp, &self.file).map_err(|e| io_err("cannot replace", &self.file, e))?;
        sync_dir(&self.dir).map_err(|e| io_err("cannot sync", &self.dir, e))?;
        seen.file_sum = Some(sum);
        seen.generation = generation;
        Ok(())
    }

    fn seen(&self) -> MutexGuard<'_, Seen> {
        self.seen.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// SHA-256 (AWS-LC's, which is fast in debug builds too: the store hashes the whole file on
/// every operation).
fn sha256(data: &[u8]) -> [u8; SUM_LEN] {
    crate::crypto::sha256(data)
}

fn sealing_key(root: &SecretBytes, salt: &[u8]) -> Result<AesGcmKey> {
    let mut k = SecretBytes::zeroed(ROOT_KEY_LEN);
    crate::crypto::hkdf_sha256(
        Some(salt),
        root.expose_secret(),
        HKDF_INFO,
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
    /// # Errors
    ///
    /// [`Error::StoreCorrupt`], [`Error::WrongRootKey`], [`Error::UnsupportedStoreVersion`] for
    /// a store file that cannot be read (it is left untouched); [`Error::Validation`] for an
    /// invalid region or account, or a store of another region or account; [`Error::Io`] when
    /// the directory or files cannot be created, locked, read or written.
    pub fn open(self, dir: impl AsRef<Path>, root_key: RootKey) -> Result<LocalKms> {
        let dir = dir.as_ref().to_path_buf();
        let kms = self.build()?;
        if !kms.inner.delay.is_zero() {
            return Err(Error::Validation(
                "A persistent key store has no propagation delay (a test feature of the \
                 in-memory LocalKms)."
                    .to_owned(),
            ));
        }
        create_dir_private(&dir).map_err(|e| io_err("cannot create the key store", &dir, e))?;
        let file = dir.join(STORE_FILE_NAME);
        let persist = Persist {
            dir,
            file,
            source: root_key.0,
            seen: Mutex::new(Seen {
                file_sum: None,
                state_sum: [0; 32],
                generation: 0,
                root: Root {
                    kdf: Kdf::Raw,
                    key: SecretBytes::zeroed(0),
                },
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
        };
        {
            let p = kms.persist_ref()?;
            let mut seen = p.seen();
            let _lock = p.lock()?;
            match p.read_checked()? {
                Some((bytes, sum)) => {
                    let loaded = p.decode(&bytes, sum, None)?;
                    kms.install(&mut seen, loaded)?;
                }
                None => {
                    seen.root = p.source.new_root()?;
                    let state = kms.serialize_state();
                    seen.state_sum = sha256(&state);
                    p.write(&mut seen, &state)?;
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
        let mut seen = p.seen();
        let _lock = p.lock()?;
        // The whole file is read and its checksum verified every time: a file damaged under a
        // running service is refused, never overwritten.
        let on_disk = p.read_checked()?;
        if let Some((bytes, sum)) = &on_disk
            && Some(*sum) != seen.file_sum
        {
            let loaded = p.decode(bytes, *sum, Some(&seen.root))?;
            self.install(&mut seen, loaded)?;
        }
        let out = op()?;
        let state = self.serialize_state();
        let sum: [u8; 32] = sha256(&state);
        if sum != seen.state_sum || on_disk.is_none() {
            p.write(&mut seen, &state)?;
            seen.state_sum = sum;
        }
        Ok(out)
    }

    /// Replaces the in-memory keys and aliases with a file's contents.
    fn install(&self, seen: &mut Seen, loaded: Loaded) -> Result<()> {
        let p = self.persist_ref()?;
        let (keys, aliases) = self.deserialize_state(&loaded.state, p)?;
        *self.keys_write() = keys;
        *self.aliases_write() = aliases;
        seen.state_sum = sha256(&loaded.state);
        seen.file_sum = Some(loaded.sum);
        seen.generation = loaded.generation;
        seen.root = loaded.root;
        Ok(())
    }

    // ----- the state's layout --------------------------------------------------------------

    /// The whole state, in a fixed order (keys and aliases sorted), so equal states serialize
    /// to equal bytes.
    fn serialize_state(&self) -> Zeroizing<Vec<u8>> {
        let mut w = Writer(Zeroizing::new(Vec::new()));
        w.u8(STATE_VERSION);
        w.str(&self.inner.region);
        w.str(&self.inner.account_id);
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
        w.0
    }

    #[allow(clippy::type_complexity)]
    fn deserialize_state(
        &self,
        state: &[u8],
        p: &Persist,
    ) -> Result<(
        std::collections::BTreeMap<String, Arc<Key>>,
        std::collections::BTreeMap<String, Alias>,
    )> {
        let mut r = Reader::new(state, p);
        let v = r.u8()?;
        if v != STATE_VERSION {
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
        let mut aliases = std::collections::BTreeMap::new();
        for _ in 0..r.count()? {
            let name = r.string()?;
            let alias = Alias {
                target_key_id: r.string()?,
                creation_date: r.time()?,
                last_updated_date: r.time()?,
            };
            aliases.insert(name, alias);
        }
        if !r.rest.is_empty() {
            return Err(p.corrupt("trailing bytes in the state"));
        }
        Ok((keys, aliases))
    }
}

// ----- a small length-prefixed encoding ---------------------------------------------------------

struct Writer(Zeroizing<Vec<u8>>);

impl Writer {
    fn u8(&mut self, v: u8) {
        self.0.push(v);
    }
    fn bool(&mut self, v: bool) {
        self.u8(u8::from(v));
    }
    fn u32(&mut self, v: u32) {
        self.0.extend_from_slice(&v.to_be_bytes());
    }
    fn len(&mut self, n: usize) {
        // Every length here is far below 4 GiB (bounded by KMS limits and the u32 file size).
        self.u32(u32::try_from(n).unwrap_or(u32::MAX));
    }
    fn i64(&mut self, v: i64) {
        self.0.extend_from_slice(&v.to_be_bytes());
    }
    fn bytes(&mut self, b: &[u8]) {
        self.len(b.len());
        self.0.extend_from_slice(b);
    }
    fn str(&mut self, s: &str) {
        self.bytes(s.as_bytes());
    }
    fn opt_str(&mut self, s: Option<&str>) {
        match s {
            Some(s) => {
                self.bool(true);
                self.str(s);
            }
            None => self.bool(false),
        }
    }
    fn opt_i64(&mut self, v: Option<i64>) {
        match v {
            Some(v) => {
                self.bool(true);
                self.i64(v);
            }
            None => self.bool(false),
        }
    }
    /// Seconds and nanoseconds since the Unix epoch (negative seconds before it).
    fn time(&mut self, t: SystemTime) {
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
    fn opt_time(&mut self, t: Option<SystemTime>) {
        match t {
            Some(t) => {
                self.bool(true);
                self.time(t);
            }
            None => self.bool(false),
        }
    }
    fn material(&mut self, m: &Material) {
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

struct Reader<'a> {
    rest: &'a [u8],
    persist: &'a Persist,
}

impl<'a> Reader<'a> {
    fn new(rest: &'a [u8], persist: &'a Persist) -> Self {
        Self { rest, persist }
    }
    fn short(&self) -> Error {
        self.persist.corrupt("the state ends early")
    }
    fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        if self.rest.len() < n {
            return Err(self.short());
        }
        let (a, b) = self.rest.split_at(n);
        self.rest = b;
        Ok(a)
    }
    fn array<const N: usize>(&mut self) -> Result<[u8; N]> {
        let mut a = [0u8; N];
        a.copy_from_slice(self.take(N)?);
        Ok(a)
    }
    fn u8(&mut self) -> Result<u8> {
        Ok(self.array::<1>()?[0])
    }
    fn bool(&mut self) -> Result<bool> {
        match self.u8()? {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(self.persist.corrupt("bad boolean")),
        }
    }
    fn u32(&mut self) -> Result<u32> {
        Ok(u32::from_be_bytes(self.array()?))
    }
    fn u64(&mut self) -> Result<u64> {
        Ok(u64::from_be_bytes(self.array()?))
    }
    fn i64(&mut self) -> Result<i64> {
        Ok(i64::from_be_bytes(self.array()?))
    }
    /// A count of items, each at least one byte: bounded by what is left.
    fn count(&mut self) -> Result<usize> {
        let n = self.u32()? as usize;
        if n > self.rest.len() {
            return Err(self.short());
        }
        Ok(n)
    }
    fn bytes(&mut self) -> Result<&'a [u8]> {
        let n = self.u32()? as usize;
        self.take(n)
    }
    fn string(&mut self) -> Result<String> {
        let b = self.bytes()?;
        String::from_utf8(b.to_vec()).map_err(|_| self.persist.corrupt("bad text"))
    }
    fn opt_string(&mut self) -> Result<Option<String>> {
        if self.bool()? {
            Ok(Some(self.string()?))
        } else {
            Ok(None)
        }
    }
    fn parsed<T: core::str::FromStr>(&mut self) -> Result<T> {
        let s = self.string()?;
        s.parse()
            .map_err(|_| self.persist.corrupt("bad enum value"))
    }
    fn opt_i64(&mut self) -> Result<Option<i64>> {
        if self.bool()? {
            Ok(Some(self.i64()?))
        } else {
            Ok(None)
        }
    }
    fn time(&mut self) -> Result<SystemTime> {
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
    fn opt_time(&mut self) -> Result<Option<SystemTime>> {
        if self.bool()? {
            Ok(Some(self.time()?))
        } else {
            Ok(None)
        }
    }
    fn material(&mut self) -> Result<Material> {
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
