//! Where `encrypt` and `decrypt` write: stdout, a device or FIFO written directly, or a file
//! that appears, complete and on disk, only when the command has succeeded.
//!
//! A file target (a regular file, a new path, or a symlink to either, which is followed) is
//! written into a file with no name — `O_TMPFILE` on Linux — in the target's directory, then
//! `fsync`ed, given a name and renamed over the target, and the directory is `fsync`ed. A
//! process killed before that leaves nothing behind. Where unnamed files are not available,
//! the file is a `.datakey-partial-<random>` file (`0600`, locked with `flock` while written)
//! that is removed on SIGINT, SIGTERM and SIGHUP; one left by a process killed outright is
//! found and removed, with a warning, by the next `datakey` writing into that directory (its
//! lock is then free). `DATAKEY_NO_TMPFILE=1` chooses partial files even where unnamed files
//! exist (for a file system whose `O_TMPFILE` misbehaves; the tests use it to cover that path).
//! A device, FIFO or socket is never replaced: it is opened and written like stdout.

use std::ffi::OsString;
use std::fs::{self, File};
use std::io::{ErrorKind, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, Once, PoisonError};

use crate::failure::Failure;

/// Every partial file's name starts with this (after a dot, for older datakey versions'
/// `.<target>.datakey-partial-<pid>` names too).
const PARTIAL_MARK: &str = "datakey-partial-";

/// The partial file to remove if a signal ends the process first.
static PARTIAL: Mutex<Option<PathBuf>> = Mutex::new(None);

fn set_partial(p: Option<PathBuf>) {
    *PARTIAL.lock().unwrap_or_else(PoisonError::into_inner) = p;
}

/// Removes the registered partial file on SIGINT, SIGTERM and SIGHUP, then ends the process
/// as the signal would have.
#[cfg(unix)]
fn install_signal_cleanup() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
        let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) else {
            return;
        };
        std::thread::spawn(move || {
            if let Some(sig) = signals.forever().next() {
                // Holding the lock keeps `commit` from renaming the file meanwhile.
                let mut partial = PARTIAL.lock().unwrap_or_else(PoisonError::into_inner);
                if let Some(p) = partial.take() {
                    let _ = fs::remove_file(p);
                }
                let _ = signal_hook::low_level::emulate_default_handler(sig);
                std::process::exit(128 + sig);
            }
        });
    });
}

#[cfg(not(unix))]
fn install_signal_cleanup() {}

/// The file being written and how it gets its name.
enum Pending {
    /// No name yet (`O_TMPFILE`): linked under a partial name at commit, then renamed.
    #[cfg(target_os = "linux")]
    Unnamed,
    /// Written under this partial name.
    Named(PathBuf),
}

enum Kind {
    Stdout,
    /// A device, FIFO or socket, written in place.
    Direct,
    /// A file moved over `target` (the resolved path) at commit.
    Replace {
        target: PathBuf,
        dir: PathBuf,
        pending: Pending,
    },
}

/// The command's output.
pub(crate) struct Output {
    /// The path as given (for messages).
    shown: Option<PathBuf>,
    kind: Kind,
    w: Box<dyn Write>,
    /// The file of a `Replace` output (the writer wraps a clone of it).
    file: Option<File>,
    committed: bool,
}

/// What `-o PATH` names once symlinks are followed.
enum Resolved {
    /// A regular file or a new path.
    File(PathBuf),
    /// A device, FIFO or socket.
    Special,
}

fn resolve(p: &Path) -> Result<Resolved, Failure> {
    let shown = p.display();
    let meta = match fs::metadata(p) {
        Ok(m) => m,
        Err(e) if e.kind() == ErrorKind::NotFound => {
            if fs::symlink_metadata(p).is_ok() {
                return Err(Failure::usage(format!(
                    "--out {shown}: a symlink to a file that does not exist; give the path it \
                     should point to"
                )));
            }
            return Ok(Resolved::File(p.to_path_buf()));
        }
        Err(e) => return Err(Failure::io(&format!("cannot write {shown}"), &e)),
    };
    if meta.is_dir() {
        return Err(Failure::usage(format!("--out {shown}: is a directory")));
    }
    if !meta.is_file() {
        return Ok(Resolved::Special);
    }
    let is_link = fs::symlink_metadata(p).is_ok_and(|m| m.file_type().is_symlink());
    if is_link {
        let real =
            fs::canonicalize(p).map_err(|e| Failure::io(&format!("cannot resolve {shown}"), &e))?;
        return Ok(Resolved::File(real));
    }
    Ok(Resolved::File(p.to_path_buf()))
}

fn random_suffix() -> Result<String, Failure> {
    let mut b = [0u8; 8];
    getrandom::fill(&mut b).map_err(|e| Failure::internal(&format!("no random numbers: {e}")))?;
    Ok(hex::encode(b))
}

/// `true` for names of partial files (this version's and older ones').
fn is_partial_name(name: &std::ffi::OsStr) -> bool {
    name.to_str()
        .is_some_and(|n| n.starts_with('.') && n.contains(PARTIAL_MARK))
}

/// Removes partial files that no live `datakey` holds (their writer was killed), warning about
/// each: they may hold plaintext.
fn remove_stale_partials(dir: &Path, json: bool) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        if !is_partial_name(&entry.file_name()) {
            continue;
        }
        let path = entry.path();
        if !entry.file_type().is_ok_and(|t| t.is_file()) {
            continue;
        }
        let Ok(f) = File::open(&path) else { continue };
        // A live writer holds the lock from before its first byte for as long as the file has
        // this name; an empty file may be one that a writer has just created and not locked
        // yet (and holds nothing anyway).
        if f.try_lock().is_err() || f.metadata().map_or(true, |m| m.len() == 0) {
            continue;
        }
        if fs::remove_file(&path).is_ok() {
            crate::failure::warn(
                json,
                &format!(
                    "removed {}, a partial output file left by a datakey process that was \
                     killed (it may have held plaintext)",
                    path.display()
                ),
            );
        }
    }
}

/// Opens `dir` for an unnamed file, where the system has them and `/proc` can name it later.
#[cfg(target_os = "linux")]
fn open_unnamed(dir: &Path) -> Option<File> {
    use rustix::fs::{Mode, OFlags};
    if std::env::var_os("DATAKEY_NO_TMPFILE").is_some_and(|v| v == "1")
        || !Path::new("/proc/self/fd").is_dir()
    {
        return None;
    }
    let fd = rustix::fs::openat(
        rustix::fs::CWD,
        dir,
        OFlags::TMPFILE | OFlags::WRONLY | OFlags::CLOEXEC,
        Mode::from_raw_mode(0o600),
    )
    .ok()?;
    Some(File::from(fd))
}

fn open_named(path: &Path) -> std::io::Result<File> {
    let mut o = fs::OpenOptions::new();
    o.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600);
    }
    o.open(path)
}

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

impl Output {
    /// The output for `-o PATH` (`None` or `-`: stdout).
    pub(crate) fn create(path: Option<&Path>, json: bool) -> Result<Self, Failure> {
        let Some(p) = path.filter(|p| *p != Path::new("-")) else {
            return Ok(Self {
                shown: None,
                kind: Kind::Stdout,
                w: Box::new(std::io::stdout().lock()),
                file: None,
                committed: false,
            });
        };
        let shown = Some(p.to_path_buf());
        let target = match resolve(p)? {
            Resolved::Special => {
                let f = fs::OpenOptions::new()
                    .write(true)
                    .open(p)
                    .map_err(|e| Failure::io(&format!("cannot open {}", p.display()), &e))?;
                return Ok(Self {
                    shown,
                    kind: Kind::Direct,
                    w: Box::new(f),
                    file: None,
                    committed: false,
                });
            }
            Resolved::File(t) => t,
        };
        if target.file_name().is_none() {
            return Err(Failure::usage(format!(
                "--out {}: not a file name",
                p.display()
            )));
        }
        let dir = match target.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        remove_stale_partials(&dir, json);
        install_signal_cleanup();
        #[cfg(target_os = "linux")]
        let unnamed = open_unnamed(&dir);
        #[cfg(not(target_os = "linux"))]
        let unnamed: Option<File> = None;
        let (file, pending) = match unnamed {
            #[cfg(target_os = "linux")]
            Some(f) => (f, Pending::Unnamed),
            _ => {
                let mut name = OsString::from(".");
                name.push(PARTIAL_MARK);
                name.push(random_suffix()?);
                let tmp = dir.join(name);
                // Registered before it exists, so a signal right after creation removes it.
                set_partial(Some(tmp.clone()));
                let f = open_named(&tmp).map_err(|e| {
                    set_partial(None);
                    Failure::io(&format!("cannot create {}", tmp.display()), &e)
                })?;
                (f, Pending::Named(tmp))
            }
        };
        // Held until the process ends: tells a later run that this partial file is live (a
        // scan by another process may hold it for an instant). A file system without locks
        // still gets its output.
        let _ = file.lock();
        let writer = file
            .try_clone()
            .map_err(|e| Failure::io("cannot write the output", &e))?;
        Ok(Self {
            shown,
            kind: Kind::Replace {
                target,
                dir,
                pending,
            },
            w: Box::new(std::io::BufWriter::with_capacity(256 * 1024, writer)),
            file: Some(file),
            committed: false,
        })
    }

    /// `true` when the output is stdout.
    pub(crate) fn is_stdout(&self) -> bool {
        matches!(self.kind, Kind::Stdout)
    }

    /// `true` when the output is stdout and stdout is a terminal.
    pub(crate) fn is_terminal(&self) -> bool {
        self.is_stdout() && std::io::stdout().is_terminal()
    }

    /// The path as given on the command line (`None` for stdout).
    pub(crate) fn shown(&self) -> Option<&Path> {
        self.shown.as_deref()
    }

    pub(crate) fn write(&mut self, b: &[u8]) -> Result<(), Failure> {
        self.w
            .write_all(b)
            .map_err(|e| Failure::io("cannot write the output", &e))
    }

    /// Flushes the output; a file is synced to disk and moved into place.
    pub(crate) fn commit(mut self) -> Result<(), Failure> {
        let shown = self
            .shown
            .as_ref()
            .map_or_else(|| "the output".to_owned(), |p| p.display().to_string());
        let write_err = |e: &std::io::Error| Failure::io(&format!("cannot write {shown}"), e);
        self.w.flush().map_err(|e| write_err(&e))?;
        let Kind::Replace {
            target,
            dir,
            pending,
        } = &self.kind
        else {
            self.committed = true;
            return Ok(());
        };
        let Some(file) = &self.file else {
            return Err(Failure::internal("the output file is gone"));
        };
        file.sync_all().map_err(|e| write_err(&e))?;
        let named = match pending {
            Pending::Named(p) => p.clone(),
            #[cfg(target_os = "linux")]
            Pending::Unnamed => {
                use std::os::fd::AsRawFd;
                let mut name = OsString::from(".");
                name.push(PARTIAL_MARK);
                name.push(random_suffix()?);
                let p = dir.join(name);
                set_partial(Some(p.clone()));
                let proc_path = format!("/proc/self/fd/{}", file.as_raw_fd());
                rustix::fs::linkat(
                    rustix::fs::CWD,
                    proc_path.as_str(),
                    rustix::fs::CWD,
                    &p,
                    rustix::fs::AtFlags::SYMLINK_FOLLOW,
                )
                .map_err(|e| {
                    set_partial(None);
                    write_err(&std::io::Error::from(e))
                })?;
                p
            }
        };
        {
            // The signal thread removes the partial file only while it is registered: hold
            // the registry across the rename.
            let mut partial = PARTIAL.lock().unwrap_or_else(PoisonError::into_inner);
            if partial.as_ref() != Some(&named) {
                // A signal removed it: the process is ending.
                return Err(Failure::io(
                    &format!("cannot write {shown}"),
                    &std::io::Error::from(ErrorKind::Interrupted),
                ));
            }
            if let Err(e) = fs::rename(&named, target) {
                let _ = fs::remove_file(&named);
                *partial = None;
                return Err(write_err(&e));
            }
            *partial = None;
        }
        self.committed = true;
        sync_dir(dir).map_err(|e| Failure::io(&format!("cannot sync {}", dir.display()), &e))?;
        Ok(())
    }
}

impl Drop for Output {
    fn drop(&mut self) {
        if self.committed {
            return;
        }
        if let Kind::Replace {
            pending: Pending::Named(p),
            ..
        } = &self.kind
        {
            let mut partial = PARTIAL.lock().unwrap_or_else(PoisonError::into_inner);
            let _ = fs::remove_file(p);
            *partial = None;
        }
    }
}
