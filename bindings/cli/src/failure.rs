//! Errors as the command line reports them: an exit code by category, the exception name, the
//! message, and what to do about it.

use datakey::Error;
use serde_json::json;

/// Success.
pub(crate) const EXIT_OK: u8 = 0;
/// I/O or internal error.
pub(crate) const EXIT_IO: u8 = 1;
/// Bad arguments or parameter values (clap's own usage errors also exit 2).
pub(crate) const EXIT_USAGE: u8 = 2;
/// Unknown key, key state, wrong kind of key, quota.
pub(crate) const EXIT_ACCESS: u8 = 3;
/// Not authentic, malformed, no matching key.
pub(crate) const EXIT_DECRYPT: u8 = 4;
/// Key store: root key, corruption, version.
pub(crate) const EXIT_STORE: u8 = 5;

/// A failed command.
#[derive(Debug)]
pub(crate) struct Failure {
    pub(crate) code: u8,
    pub(crate) name: String,
    pub(crate) message: String,
    pub(crate) hint: Option<String>,
}

impl Failure {
    /// A usage error found by the CLI itself.
    pub(crate) fn usage(message: impl Into<String>) -> Self {
        Self {
            code: EXIT_USAGE,
            name: "UsageError".into(),
            message: message.into(),
            hint: Some("see `datakey --help`".into()),
        }
    }

    /// A local I/O failure (a file named on the command line).
    pub(crate) fn io(what: &str, e: &std::io::Error) -> Self {
        Self {
            code: EXIT_IO,
            name: "IoError".into(),
            message: format!("{what}: {e}"),
            hint: None,
        }
    }

    /// An internal error (exit code 1).
    pub(crate) fn internal(message: &str) -> Self {
        Self {
            code: EXIT_IO,
            name: "InternalError".into(),
            message: message.to_owned(),
            hint: None,
        }
    }

    /// A key store problem found by the CLI itself (exit code 5).
    pub(crate) fn store_problem(
        name: &str,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) -> Self {
        Self {
            code: EXIT_STORE,
            name: name.into(),
            message: message.into(),
            hint: Some(hint.into()),
        }
    }

    /// A failure while opening the key store: exit code 5, but 1 for I/O errors (the
    /// directory or its files cannot be created, read or written).
    pub(crate) fn store(e: &Error) -> Self {
        let mut f = Self::from_error(e, None);
        if matches!(e, Error::Io(_)) {
            f.code = EXIT_IO;
            f.hint = Some(
                "check that the store directory (--store / DATAKEY_STORE) exists, is a directory \
                 and that you may read and write it"
                    .into(),
            );
            return f;
        }
        let m = e.message();
        if m.starts_with("Invalid region") || m.starts_with("Invalid account id") {
            f.hint = Some("see --region and --account in `datakey --help`".into());
            return f;
        }
        f.code = EXIT_STORE;
        if let Some((region, account)) = store_region(&m) {
            f.hint = Some(format!(
                "open it with `--region {region} --account {account}` (or set DATAKEY_REGION \
                 and DATAKEY_ACCOUNT)"
            ));
        } else if f.hint.is_none() {
            f.hint = Some(
                "set DATAKEY_ROOT_KEY (or DATAKEY_PASSPHRASE) to what the store was created with, \
                 and DATAKEY_STORE or --store to its directory"
                    .into(),
            );
        }
        f
    }

    /// An argument error found by clap (exit code 2), for `--json`.
    pub(crate) fn from_clap(e: &clap::Error) -> Self {
        let text = e.render().to_string();
        let mut lines = text.lines().filter(|l| !l.trim().is_empty());
        let first = lines.next().unwrap_or("invalid arguments");
        let message = first.strip_prefix("error: ").unwrap_or(first).to_owned();
        let rest: Vec<&str> = lines.map(str::trim).collect();
        Self {
            code: EXIT_USAGE,
            name: "UsageError".into(),
            message,
            hint: Some(if rest.is_empty() {
                "see `datakey --help`".to_owned()
            } else {
                rest.join("; ")
            }),
        }
    }

    /// A datakey error; `key` is the key the command named, when it named one.
    pub(crate) fn from_error(e: &Error, key: Option<&str>) -> Self {
        let code = match e {
            Error::Validation(_)
            | Error::InvalidAliasName(_)
            | Error::InvalidArn(_)
            | Error::MalformedPolicyDocument(_)
            | Error::InvalidParameter(_)
            | Error::InvalidNextToken(_)
            | Error::PublicPolicy(_) => EXIT_USAGE,
            Error::NotFound(_)
            | Error::Disabled(_)
            | Error::KmsInvalidState(_)
            | Error::InvalidKeyUsage(_)
            | Error::UnsupportedOperation(_)
            | Error::AlreadyExists(_)
            | Error::LimitExceeded(_)
            | Error::IncorrectKeyMaterial(_)
            | Error::AccessDenied(_)
            | Error::ExpiredToken(_)
            | Error::UnrecognizedClient(_)
            | Error::ResourceNotFound(_)
            | Error::ResourceExists(_)
            | Error::InvalidRequest(_)
            | Error::EncryptionFailure(_)
            | Error::DecryptionFailure(_)
            | Error::PreconditionNotMet(_) => EXIT_ACCESS,
            Error::InvalidCiphertext
            | Error::IncorrectKey
            | Error::Decryption
            | Error::NoMatchingKey(_)
            | Error::Malformed(_)
            | Error::UnsupportedVersion(_)
            | Error::UnsupportedSuite(_)
            | Error::CommitmentPolicy(_)
            | Error::ResourceLimit(_)
            | Error::EncryptionContextMismatch(_) => EXIT_DECRYPT,
            Error::StoreCorrupt(_)
            | Error::WrongRootKey(_)
            | Error::UnsupportedStoreVersion(_)
            | Error::StoreRollback(_) => EXIT_STORE,
            _ => EXIT_IO,
        };
        Self {
            code,
            name: e.name().to_owned(),
            message: e.message(),
            hint: hint(e, key),
        }
    }

    /// Prints the failure on stderr, as text or JSON.
    pub(crate) fn report(&self, json: bool) {
        if json {
            let v = json!({
                "error": {
                    "name": self.name,
                    "message": self.message,
                    "hint": self.hint,
                    "exit_code": self.code,
                }
            });
            eprintln!("{v}");
        } else {
            if self.message.is_empty() {
                eprintln!("datakey: error: {}", self.name);
            } else {
                eprintln!("datakey: error: {}: {}", self.name, self.message);
            }
            if let Some(h) = &self.hint {
                eprintln!("  {h}");
            }
        }
    }
}

/// Prints a warning on stderr, as text or JSON.
pub(crate) fn warn(json: bool, message: &str) {
    if json {
        eprintln!("{}", json!({ "warning": message }));
    } else {
        eprintln!("datakey: warning: {message}");
    }
}

/// The region and account in the core's "belongs to region R, account A" store error.
fn store_region(message: &str) -> Option<(&str, &str)> {
    let rest = message.split_once("belongs to region ")?.1;
    let (region, rest) = rest.split_once(", account ")?;
    let account = rest.split(|c: char| !c.is_ascii_digit()).next()?;
    (!region.is_empty() && account.len() == 12).then_some((region, account))
}

/// The key id in a KMS message that starts with a key ARN (`arn:…:key/<id> is disabled.`).
fn key_in_message(message: &str) -> Option<&str> {
    let arn = message.split_whitespace().next()?;
    let (_, id) = arn.split_once(":key/")?;
    Some(id)
}

fn hint(e: &Error, key: Option<&str>) -> Option<String> {
    let m = e.message();
    let named = key_in_message(&m)
        .map(str::to_owned)
        .or(key.map(str::to_owned));
    let k = named.as_deref().unwrap_or("KEY");
    match e {
        Error::Disabled(_) => Some(format!(
            "key {k} is disabled; run `datakey keys enable {k}`"
        )),
        Error::KmsInvalidState(_)
            if m.contains("pending deletion") && !m.contains("not pending") =>
        {
            Some(format!(
                "key {k} is pending deletion; run `datakey keys cancel-deletion {k}`, then \
                 `datakey keys enable {k}`"
            ))
        }
        Error::KmsInvalidState(_) if m.contains("pending import") => Some(format!(
            "key {k} is pending import: it has no key material yet; import its material or use \
             another key"
        )),
        Error::KmsInvalidState(_) if m.contains("not pending deletion") => Some(format!(
            "key {k} is not pending deletion; nothing to cancel"
        )),
        Error::InvalidKeyUsage(_) if m.contains("asymmetric") => Some(format!(
            "key {k} is an asymmetric key; data keys and messages need a symmetric key: run \
             `datakey keys create` and use that key"
        )),
        Error::InvalidKeyUsage(_) => Some(format!(
            "key {k} cannot be used for this operation; use a SYMMETRIC_DEFAULT \
             (ENCRYPT_DECRYPT) key"
        )),
        Error::UnsupportedOperation(_) => Some(format!(
            "key {k} does not support this operation (its spec or origin); see `datakey keys \
             describe {k}`"
        )),
        Error::NotFound(_) => Some(
            "no such key or alias in this store; run `datakey keys list` or `datakey alias list` \
             (and check --store / DATAKEY_STORE)"
                .into(),
        ),
        Error::AlreadyExists(_) => {
            Some("choose another alias name; `datakey alias list` shows the existing ones".into())
        }
        Error::LimitExceeded(_) => Some(format!(
            "key {k} has reached a KMS quota; create a new key with `datakey keys create`"
        )),
        Error::Decryption | Error::InvalidCiphertext => Some(
            "not authentic under the keys and context given: check the key, every --context \
             pair, and that the input is complete and unmodified"
                .into(),
        ),
        Error::NoMatchingKey(_) => Some(
            "the message was encrypted under keys you did not offer: use --key / \
             --raw-aes-key-file (with the same --namespace and --name) or the right --store"
                .into(),
        ),
        Error::EncryptionContextMismatch(_) if m.contains("does not store") => Some(
            "drop the --context pairs the message does not store, unless it was encrypted with \
             them as required encryption context (then their values differ)"
                .into(),
        ),
        Error::EncryptionContextMismatch(_) => {
            Some("a --context pair differs from the message's encryption context".into())
        }
        Error::UnsupportedVersion(v) => Some(format!(
            "{}it is not a datakey message: give the file `datakey encrypt` wrote, unmodified \
             (not its base64, not a text file)",
            if v.is_ascii_graphic() {
                format!("this input starts with {:?}, so ", *v as char)
            } else {
                String::new()
            }
        )),
        Error::WrongRootKey(_) => Some(
            "set DATAKEY_ROOT_KEY or DATAKEY_PASSPHRASE to what the store was created with".into(),
        ),
        Error::StoreCorrupt(_) => {
            Some("the file was not changed; restore the store directory from a backup".into())
        }
        Error::StoreRollback(_) => Some(
            "the store file is older than one this process already saw (restored from a backup \
             or replaced): nothing was written; put the newer file back, or restart to accept \
             the older one"
                .into(),
        ),
        _ => None,
    }
}
