//! The command line, declared with clap.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// The exit code table, shown at the end of `datakey --help` (and in the README).
pub(crate) const EXIT_CODES: &str = "\
Exit codes:
  0  success
  1  I/O or internal error (a file, or the key store's directory, cannot be read or written)
  2  usage: bad arguments or parameter values
  3  access or key state: unknown key or alias, alias taken, key disabled, pending deletion
     or import, wrong kind of key (asymmetric, HMAC), quota reached
  4  decryption: the input is not a message, is not authentic under the keys and context
     given, is malformed or over a --max-* limit, or names no key you hold
  5  key store: no store (run `datakey init`), no root key configured, wrong root key or
     passphrase, corrupt store file, newer store format, another region or account, a
     directory others can write to, `init` over an existing store

Environment:
  DATAKEY_STORE       key store directory (default $XDG_DATA_HOME/datakey or ~/.local/share/datakey)
  DATAKEY_ROOT_KEY    root key sealing the store: 64 hex digits or base64 of 32 bytes
  DATAKEY_PASSPHRASE  or a passphrase, from which the root key is derived with Argon2id
  DATAKEY_REGION      the store's region (--region)
  DATAKEY_ACCOUNT     the store's account (--account)";

/// datakey: a persistent local KMS and AWS Encryption SDK messages from the shell.
#[derive(Debug, Parser)]
#[command(name = "datakey", version, about, after_help = EXIT_CODES)]
pub(crate) struct Cli {
    /// The key store directory (overrides DATAKEY_STORE).
    #[arg(long, global = true, value_name = "DIR")]
    pub(crate) store: Option<PathBuf>,

    /// Print machine-readable JSON on stdout (errors, argument errors included, as JSON on
    /// stderr).
    #[arg(long, global = true)]
    pub(crate) json: bool,

    /// The region in the store's ARNs (default us-east-1); a store opens only with the region
    /// it was created with.
    #[arg(long, global = true, env = "DATAKEY_REGION", value_name = "REGION")]
    pub(crate) region: Option<String>,

    /// The 12-digit account id in the store's ARNs (default 111122223333); a store opens only
    /// with the account it was created with.
    #[arg(long, global = true, env = "DATAKEY_ACCOUNT", value_name = "ACCOUNT")]
    pub(crate) account: Option<String>,

    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Create a new key store and print its new root key, once.
    ///
    /// Never touches an existing store. With DATAKEY_ROOT_KEY or DATAKEY_PASSPHRASE set, the
    /// store is sealed under that instead and nothing secret is printed.
    Init,
    /// Create, list, inspect, rotate, enable, disable and delete KMS keys.
    #[command(subcommand)]
    Keys(KeysCommand),
    /// Create and list aliases.
    #[command(subcommand)]
    Alias(AliasCommand),
    /// Generate and decrypt KMS data keys.
    #[command(subcommand, name = "data-key")]
    DataKey(DataKeyCommand),
    /// Encrypt a file or stdin as an AWS Encryption SDK message.
    Encrypt(EncryptArgs),
    /// Decrypt an AWS Encryption SDK message from a file or stdin.
    Decrypt(DecryptArgs),
    /// Serve the AWS endpoint (KMS, Secrets Manager and STS over HTTP, SigV4-authenticated): the
    /// key store's keys and secrets, or a fresh in-memory service.
    Serve(crate::serve::ServeArgs),
    /// Create, list and delete the access keys clients of `datakey serve` sign with.
    #[command(subcommand, name = "access-keys")]
    AccessKeys(crate::serve::AccessKeysCommand),
    /// The local Secrets Manager: create, get, put, list, describe, delete, restore and rotate
    /// secrets, each version under its own data key from a symmetric key of the store.
    #[command(subcommand)]
    Secrets(crate::secrets::SecretsCommand),
}

#[derive(Debug, Subcommand)]
pub(crate) enum KeysCommand {
    /// Create a key (symmetric AES-256 by default).
    Create {
        /// A description.
        #[arg(long)]
        description: Option<String>,
        /// The key spec (SYMMETRIC_DEFAULT, RSA_2048, ECC_NIST_P256, HMAC_256, ...).
        #[arg(long, value_name = "SPEC")]
        key_spec: Option<String>,
        /// The key usage (ENCRYPT_DECRYPT, SIGN_VERIFY, GENERATE_VERIFY_MAC, KEY_AGREEMENT);
        /// required for every spec but SYMMETRIC_DEFAULT.
        #[arg(long, value_name = "USAGE")]
        key_usage: Option<String>,
        /// Also create this alias (alias/NAME) for the new key.
        #[arg(long, value_name = "ALIAS")]
        alias: Option<String>,
    },
    /// List every key with its state, spec and aliases.
    List,
    /// Show a key's metadata (KEY: key id, key ARN, alias name or alias ARN).
    Describe {
        /// The key.
        key: String,
    },
    /// Rotate a key now (new key material; older messages still decrypt).
    Rotate {
        /// The key.
        key: String,
    },
    /// Enable a disabled key.
    Enable {
        /// The key.
        key: String,
    },
    /// Disable a key (it can no longer encrypt or decrypt until enabled).
    Disable {
        /// The key.
        key: String,
    },
    /// Schedule a key's deletion after a waiting period (7 to 30 days).
    ScheduleDeletion {
        /// The key.
        key: String,
        /// The waiting period in days.
        #[arg(long, default_value_t = 30)]
        days: i64,
    },
    /// Cancel a scheduled deletion (the key comes back disabled).
    CancelDeletion {
        /// The key.
        key: String,
    },
}

#[derive(Debug, Subcommand)]
pub(crate) enum AliasCommand {
    /// Create an alias (alias/NAME) for a key.
    Create {
        /// The alias name, alias/NAME.
        alias: String,
        /// The key id or key ARN.
        key: String,
    },
    /// List aliases.
    List {
        /// Only the aliases of this key.
        #[arg(long)]
        key: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub(crate) enum DataKeyCommand {
    /// Generate a data key: its plaintext and its ciphertext blob, both base64.
    Generate {
        /// The KMS key (key id, key ARN, alias name or alias ARN).
        #[arg(long)]
        key: String,
        /// Encryption context pair KEY=VALUE (repeatable).
        #[arg(long = "context", value_name = "KEY=VALUE")]
        context: Vec<String>,
        /// Data key spec: AES_256 or AES_128 (default AES_256).
        #[arg(long, value_name = "SPEC", conflicts_with = "bytes")]
        spec: Option<String>,
        /// Data key length in bytes (1..1024) instead of a spec.
        #[arg(long)]
        bytes: Option<i64>,
    },
    /// Decrypt a data key's ciphertext blob (base64 argument, or raw bytes from a file or stdin).
    Decrypt {
        /// The blob, base64.
        #[arg(
            long,
            value_name = "BASE64",
            conflicts_with = "input",
            required_unless_present = "input"
        )]
        blob: Option<String>,
        /// Read the raw blob from this file ('-': stdin).
        #[arg(long = "in", value_name = "FILE")]
        input: Option<PathBuf>,
        /// Encryption context pair KEY=VALUE (repeatable).
        #[arg(long = "context", value_name = "KEY=VALUE")]
        context: Vec<String>,
        /// Require this key to be the one that encrypted the blob.
        #[arg(long)]
        key: Option<String>,
    },
}

/// The key choice and I/O of `encrypt` / `decrypt`.
#[derive(Debug, Args)]
pub(crate) struct CryptArgs {
    /// The KMS key of the store (key id, key ARN, alias name or alias ARN). Optional when
    /// decrypting: any key of the store named by the message is used.
    #[arg(long, conflicts_with = "raw_aes_key_file")]
    pub(crate) key: Option<String>,
    /// A raw AES key (16, 24 or 32 bytes; raw, hex or base64) instead of the store, as the
    /// official SDKs' raw AES keyring uses it. Needs --namespace and --name.
    #[arg(long, value_name = "FILE", requires_all = ["namespace", "name"])]
    pub(crate) raw_aes_key_file: Option<PathBuf>,
    /// The raw AES key's namespace (provider id).
    #[arg(long, requires = "raw_aes_key_file")]
    pub(crate) namespace: Option<String>,
    /// The raw AES key's name.
    #[arg(long, requires = "raw_aes_key_file")]
    pub(crate) name: Option<String>,
    /// Encryption context pair KEY=VALUE (repeatable). When decrypting, each pair must be in
    /// the message.
    #[arg(long = "context", value_name = "KEY=VALUE")]
    pub(crate) context: Vec<String>,
    /// Input file ('-' or absent: stdin).
    #[arg(short = 'i', long = "in", value_name = "FILE")]
    pub(crate) input: Option<PathBuf>,
    /// Output file ('-' or absent: stdout). A file appears only once the whole command has
    /// succeeded (for decrypt: once the whole message has verified); a device or FIFO is
    /// written directly, as stdout is.
    #[arg(short = 'o', long = "out", value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,
}

/// `datakey encrypt`.
#[derive(Debug, Args)]
pub(crate) struct EncryptArgs {
    #[command(flatten)]
    pub(crate) io: CryptArgs,
    /// Plaintext bytes per frame: a multiple of 16, at most 4194304 (4 MiB, the largest frame
    /// `datakey decrypt` and the bindings accept by default). Default 4096.
    #[arg(long)]
    pub(crate) frame_length: Option<u32>,
}

/// `datakey decrypt`: the I/O and the limits on what an untrusted message may make it do.
#[derive(Debug, Args)]
pub(crate) struct DecryptArgs {
    #[command(flatten)]
    pub(crate) io: CryptArgs,
    /// Largest frame length a message may declare, in bytes (the most ciphertext held at
    /// once). Default 4194304 (4 MiB).
    #[arg(long, value_name = "BYTES")]
    pub(crate) max_frame_length: Option<u32>,
    /// Largest total plaintext, in bytes. Default unlimited.
    #[arg(long, value_name = "BYTES")]
    pub(crate) max_body_size: Option<u64>,
    /// Most encrypted data keys a message may carry. Default 16.
    #[arg(long, value_name = "N")]
    pub(crate) max_encrypted_data_keys: Option<usize>,
    /// Largest message header, in bytes. Default 262144 (256 KiB).
    #[arg(long, value_name = "BYTES")]
    pub(crate) max_header_size: Option<usize>,
}
