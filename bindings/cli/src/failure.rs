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

    /// A failure while opening the key store: every one of them is exit code 5.
    pub(crate) fn store(e: &Error) -> Self {
        let mut f = Self::from_error(e, None);
        f.code = EXIT_STORE;
        if f.hint.is_none() {
            f.hint = Some(
                "set DATAKEY_ROOT_KEY (or DATAKEY_PASSPHRASE) to what the store was created with, \
                 and DATAKEY_STORE or --store to its directory"
                    .into(),
            );
        }
        f
    }

    /// A datakey error; `key` is the key the command named, when it named one.
    pub(crate) fn from_error(e: &Error, key: Option<&str>) -> Self {
        let code = match e {
            Error::Validation(_)
            | Error::InvalidAliasName(_)
            | Error::InvalidArn(_)
            | Error::MalformedPolicyDocument(_) => EXIT_USAGE,
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
            | Error::UnrecognizedClient(_) => EXIT_ACCESS,
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
            Error::StoreCorrupt(_) | Error::WrongRootKey(_) | Error::UnsupportedStoreVersion(_) => {
                EXIT_STORE
            }
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
        Error::EncryptionContextMismatch(_) => {
            Some("a --context pair differs from the message's encryption context".into())
        }
        Error::WrongRootKey(_) => Some(
            "set DATAKEY_ROOT_KEY or DATAKEY_PASSPHRASE to what the store was created with".into(),
        ),
        Error::StoreCorrupt(_) => {
            Some("the file was not changed; restore the store directory from a backup".into())
        }
        _ => None,
    }
}
