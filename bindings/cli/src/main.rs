//! `datakey`: the command line over datakey's persistent local KMS and AWS Encryption SDK
//! messages. `datakey --help` lists the commands, the exit codes and the environment.

#![forbid(unsafe_code)]

mod args;
mod crypt;
mod failure;
mod outfile;
mod output;
mod secrets;
mod serve;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use base64::Engine as _;
use clap::Parser;
use datakey::kms::{
    AliasListEntry, CancelKeyDeletionRequest, CreateAliasRequest, CreateKeyRequest, DataKeySpec,
    DecryptRequest, DescribeKeyRequest, DisableKeyRequest, EnableKeyRequest,
    GenerateDataKeyRequest, KeyMetadata, KeySpec, ListAliasesRequest, ListKeyRotationsRequest,
    ListKeysRequest, MAX_BLOB_LEN, RootKey, RotateKeyOnDemandRequest, STORE_FILE_NAME,
    ScheduleKeyDeletionRequest, store_dir, validate_alias_name,
};
use datakey::{EncryptionContext, Error, LocalKms};
use serde_json::{Value, json};

use args::{AliasCommand, Cli, Command, DataKeyCommand, KeysCommand};
use datakey::time::format_iso8601;
use failure::{EXIT_OK, Failure, warn};
use output::{b64, key_json};

/// `true` when `--json` is among the arguments (before a `--`), for errors clap finds
/// before it has parsed anything.
fn json_requested() -> bool {
    std::env::args_os()
        .skip(1)
        .take_while(|a| a != "--")
        .any(|a| a == "--json")
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let json = json_requested();
            if !json || !e.use_stderr() {
                // --help and --version print to stdout and exit 0; usage errors exit 2.
                e.exit();
            }
            let f = Failure::from_clap(&e);
            f.report(true);
            return ExitCode::from(f.code);
        }
    };
    let json = cli.json;
    match run(cli) {
        Ok(()) => ExitCode::from(EXIT_OK),
        Err(f) => {
            f.report(json);
            ExitCode::from(f.code)
        }
    }
}

type Outcome = Result<(), Failure>;

/// The options every command takes.
pub(crate) struct Globals {
    pub(crate) store: Option<PathBuf>,
    pub(crate) json: bool,
    pub(crate) region: Option<String>,
    pub(crate) account: Option<String>,
}

impl Globals {
    /// A service builder with the global region and account; a persistent store opened from it
    /// says on stderr when it waits for another process's lock.
    fn builder(&self) -> datakey::kms::LocalKmsBuilder {
        let json = self.json;
        let mut b = LocalKms::builder().on_lock_wait(move |lock| {
            warn(
                json,
                &format!(
                    "waiting for the key store lock {} (another datakey process holds it)",
                    lock.display()
                ),
            );
        });
        if let Some(r) = &self.region {
            b = b.region(r.clone());
        }
        if let Some(a) = &self.account {
            b = b.account_id(a.clone());
        }
        b
    }
}

/// Refuses a store directory that others may write to (they could replace or remove the
/// store), and warns about one the group may write to.
fn check_store_dir(dir: &Path, json: bool) -> Result<(), Failure> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let Ok(meta) = std::fs::metadata(dir) else {
            return Ok(());
        };
        let mode = meta.permissions().mode() & 0o7777;
        let shown = dir.display();
        if mode & 0o002 != 0 {
            return Err(Failure::store_problem(
                "StoreDirectoryUnsafe",
                format!(
                    "the key store directory {shown} is writable by every user (mode {mode:04o}): \
                     anyone could replace or remove the store"
                ),
                format!("run `chmod 700 {shown}` (datakey creates it 0700)"),
            ));
        }
        if mode & 0o020 != 0 {
            warn(
                json,
                &format!(
                    "the key store directory {shown} is writable by its group (mode {mode:04o}); \
                     `chmod 700 {shown}` keeps it to you"
                ),
            );
        }
    }
    #[cfg(not(unix))]
    let _ = (dir, json);
    Ok(())
}

/// Opens the key store named by --store / DATAKEY_STORE / the per-user default.
pub(crate) fn open_store(g: &Globals) -> Result<LocalKms, Failure> {
    let dir = store_dir(g.store.as_deref()).map_err(|e| Failure::store(&e))?;
    let exists = dir.join(STORE_FILE_NAME).exists();
    let no_root = !is_set(datakey::kms::ENV_ROOT_KEY) && !is_set(datakey::kms::ENV_PASSPHRASE);
    if no_root && !exists {
        return Err(Failure::store_problem(
            "NoKeyStoreError",
            format!("there is no key store at {} yet", dir.display()),
            "create one with `datakey init` (it prints the new root key to keep), or point \
             --store / DATAKEY_STORE at an existing store and set its DATAKEY_ROOT_KEY",
        ));
    }
    let root = RootKey::from_env().map_err(|e| {
        let mut f = Failure::store(&e);
        if no_root {
            f.hint = Some(format!(
                "the store {} is sealed: set DATAKEY_ROOT_KEY to the root key `datakey init` \
                 printed for it (or DATAKEY_PASSPHRASE to its passphrase)",
                dir.display()
            ));
        }
        f
    })?;
    check_store_dir(&dir, g.json)?;
    let kms = g
        .builder()
        .open(&dir, root)
        .map_err(|e| Failure::store(&e))?;
    if !exists {
        warn(
            g.json,
            &format!(
                "created a new, empty key store at {} (if you meant an existing one, check \
                 --store / DATAKEY_STORE)",
                dir.display()
            ),
        );
    }
    Ok(kms)
}

fn is_set(var: &str) -> bool {
    std::env::var_os(var).is_some_and(|v| !v.is_empty())
}

/// A new key store; prints its new root key once (none when the environment gives one).
fn init(g: &Globals) -> Outcome {
    let dir = store_dir(g.store.as_deref()).map_err(|e| Failure::store(&e))?;
    let file = dir.join(STORE_FILE_NAME);
    if file.exists() {
        return Err(Failure::store_problem(
            "StoreExistsError",
            format!(
                "a key store already exists at {}; init never replaces one",
                dir.display()
            ),
            "use it (set DATAKEY_ROOT_KEY to its root key), or give `datakey init` another \
             --store / DATAKEY_STORE",
        ));
    }
    let from_env = is_set(datakey::kms::ENV_ROOT_KEY) || is_set(datakey::kms::ENV_PASSPHRASE);
    let (root, printed) = if from_env {
        (RootKey::from_env().map_err(|e| Failure::store(&e))?, None)
    } else {
        let mut bytes = zeroize::Zeroizing::new([0u8; 32]);
        getrandom::fill(&mut bytes[..])
            .map_err(|e| Failure::internal(&format!("no random numbers: {e}")))?;
        let text = zeroize::Zeroizing::new(hex::encode(&bytes[..]));
        (
            RootKey::from_bytes(&bytes[..]).map_err(|e| Failure::store(&e))?,
            Some(text),
        )
    };
    if dir.exists() {
        check_store_dir(&dir, g.json)?;
    }
    let kms = g
        .builder()
        .open(&dir, root)
        .map_err(|e| Failure::store(&e))?;
    if g.json {
        print_json(&json!({
            "store": dir.display().to_string(),
            "region": kms.region(),
            "account_id": kms.account_id(),
            "root_key": printed.as_ref().map(|t| t.as_str()),
        }));
        return Ok(());
    }
    println!(
        "created the key store {} (region {}, account {})",
        dir.display(),
        kms.region(),
        kms.account_id()
    );
    match printed {
        Some(text) => {
            println!();
            println!("Its root key, shown this once (datakey keeps no copy):");
            println!();
            println!("    DATAKEY_ROOT_KEY={}", *text);
            println!();
            println!(
                "Keep it secret and keep it safe (a password manager or your secret store): \
                 every\ncommand on this store needs it in DATAKEY_ROOT_KEY, and without it no \
                 one can\nrecover the keys. For this shell: export DATAKEY_ROOT_KEY=<the key \
                 above>"
            );
        }
        None => println!("sealed under the root key or passphrase in the environment"),
    }
    Ok(())
}

/// Adds "did you mean alias/NAME" to a not-found error for a bare name that is an alias.
pub(crate) fn suggest_alias(kms: &LocalKms, key: &str, mut f: Failure) -> Failure {
    if f.name != "NotFoundException" || key.starts_with("alias/") || key.starts_with("arn:") {
        return f;
    }
    let alias = format!("alias/{key}");
    let exists = kms
        .describe_key(DescribeKeyRequest {
            key_id: alias.clone(),
        })
        .is_ok();
    if exists {
        f.hint = Some(format!(
            "did you mean {alias}? Aliases are named with their alias/ prefix"
        ));
    } else {
        f.hint = Some(format!(
            "{key:?} is neither a key id of this store nor an alias (aliases are written \
             alias/NAME); run `datakey keys list` or `datakey alias list` (and check --store / \
             DATAKEY_STORE)"
        ));
    }
    f
}

/// `KEY=VALUE` pairs into an encryption context.
pub(crate) fn parse_context(pairs: &[String]) -> Result<EncryptionContext, Failure> {
    let mut ec = EncryptionContext::new();
    for p in pairs {
        let Some((k, v)) = p.split_once('=') else {
            return Err(Failure::usage(format!(
                "--context {p:?}: expected KEY=VALUE"
            )));
        };
        if k.is_empty() {
            return Err(Failure::usage(format!("--context {p:?}: the key is empty")));
        }
        if ec.insert(k, v).is_some() {
            return Err(Failure::usage(format!(
                "--context: the key {k:?} is given twice"
            )));
        }
    }
    Ok(ec)
}

fn run(cli: Cli) -> Outcome {
    let g = Globals {
        store: cli.store,
        json: cli.json,
        // An empty DATAKEY_REGION / DATAKEY_ACCOUNT counts as unset, as the store's variables do.
        region: cli.region.filter(|r| !r.is_empty()),
        account: cli.account.filter(|a| !a.is_empty()),
    };
    let json = g.json;
    match cli.command {
        Command::Init => init(&g),
        Command::Keys(c) => keys(&open_store(&g)?, c, json),
        Command::Alias(c) => alias(&open_store(&g)?, c, json),
        Command::DataKey(c) => data_key(&open_store(&g)?, c, json),
        Command::Encrypt(a) => crypt::encrypt(&g, &a),
        Command::Decrypt(a) => crypt::decrypt(&g, &a),
        Command::Serve(a) => serve::serve(&g, &a),
        Command::AccessKeys(c) => serve::access_keys(&g, &c),
        Command::Secrets(c) => secrets::run(&open_store(&g)?, c, json),
    }
}

/// Maps a datakey error; for a command that named `key`, with "did you mean alias/…".
fn kms_err<'a>(kms: &'a LocalKms, key: Option<&'a str>) -> impl Fn(Error) -> Failure + 'a {
    move |e| {
        let f = Failure::from_error(&e, key);
        match key {
            Some(k) => suggest_alias(kms, k, f),
            None => f,
        }
    }
}

fn print_json(v: &Value) {
    println!("{v}");
}

fn describe(kms: &LocalKms, key: &str) -> Result<KeyMetadata, Failure> {
    kms.describe_key(DescribeKeyRequest {
        key_id: key.to_owned(),
    })
    .map(|r| r.key_metadata)
    .map_err(kms_err(kms, Some(key)))
}

fn all_aliases(kms: &LocalKms) -> Result<Vec<AliasListEntry>, Failure> {
    let mut out = Vec::new();
    let mut marker = None;
    loop {
        let page = kms
            .list_aliases(ListAliasesRequest {
                limit: Some(100),
                marker: marker.take(),
                ..Default::default()
            })
            .map_err(kms_err(kms, None))?;
        out.extend(page.aliases);
        match page.next_marker {
            Some(m) => marker = Some(m),
            None => return Ok(out),
        }
    }
}

fn aliases_of(all: &[AliasListEntry], key_id: &str) -> Vec<String> {
    all.iter()
        .filter(|a| a.target_key_id.as_deref() == Some(key_id))
        .map(|a| a.alias_name.clone())
        .collect()
}

fn keys(kms: &LocalKms, c: KeysCommand, json: bool) -> Outcome {
    match c {
        KeysCommand::Create {
            description,
            key_spec,
            key_usage,
            alias,
        } => {
            let key_spec = key_spec
                .map(|s| s.parse::<KeySpec>())
                .transpose()
                .map_err(kms_err(kms, None))?;
            let key_usage = key_usage
                .map(|s| s.parse())
                .transpose()
                .map_err(kms_err(kms, None))?;
            // The alias is checked first: a key whose alias cannot be created is not made.
            if let Some(a) = &alias {
                validate_alias_name(a).map_err(kms_err(kms, None))?;
                if let Some(taken) = all_aliases(kms)?.iter().find(|x| &x.alias_name == a) {
                    return Err(alias_taken(a, taken, None));
                }
            }
            let md = kms
                .create_key(CreateKeyRequest {
                    description,
                    key_spec,
                    key_usage,
                    ..Default::default()
                })
                .map_err(kms_err(kms, None))?
                .key_metadata;
            if let Some(a) = &alias
                && let Err(e) = kms.create_alias(CreateAliasRequest {
                    alias_name: a.clone(),
                    target_key_id: md.key_id.clone(),
                })
            {
                // Taken meanwhile by another process: the new key is rolled back as far as KMS
                // allows (scheduled for deletion after the shortest window).
                let rolled_back = kms
                    .schedule_key_deletion(ScheduleKeyDeletionRequest {
                        key_id: md.key_id.clone(),
                        pending_window_in_days: Some(7),
                    })
                    .is_ok();
                let mut f = Failure::from_error(&e, None);
                f.hint = Some(if rolled_back {
                    format!(
                        "the key {} created for it is scheduled for deletion in 7 days; \
                         `datakey keys cancel-deletion {}` keeps it",
                        md.key_id, md.key_id
                    )
                } else {
                    format!("the key {} was created without the alias", md.key_id)
                });
                return Err(f);
            }
            if json {
                let aliases: Vec<String> = alias.iter().cloned().collect();
                print_json(&json!({ "key": key_json(&md, &aliases) }));
            } else {
                println!("created key {}", md.key_id);
                println!("  arn   {}", md.arn);
                println!("  spec  {} ({})", md.key_spec, md.key_usage);
                if let Some(a) = alias {
                    println!("  alias {a}");
                }
            }
        }
        KeysCommand::List => {
            let mut ids = Vec::new();
            let mut marker = None;
            loop {
                let page = kms
                    .list_keys(ListKeysRequest {
                        limit: Some(1000),
                        marker: marker.take(),
                    })
                    .map_err(kms_err(kms, None))?;
                ids.extend(page.keys.into_iter().map(|k| k.key_id));
                match page.next_marker {
                    Some(m) => marker = Some(m),
                    None => break,
                }
            }
            let aliases = all_aliases(kms)?;
            let mut keys = Vec::new();
            for id in &ids {
                keys.push(describe(kms, id)?);
            }
            if json {
                let v: Vec<Value> = keys
                    .iter()
                    .map(|k| key_json(k, &aliases_of(&aliases, &k.key_id)))
                    .collect();
                print_json(&json!({ "keys": v }));
            } else if keys.is_empty() {
                println!("no keys (create one with `datakey keys create`)");
            } else {
                println!(
                    "{:<36}  {:<15}  {:<17}  {:<20}  DESCRIPTION",
                    "KEY ID", "STATE", "SPEC", "ALIASES"
                );
                for k in &keys {
                    let a = aliases_of(&aliases, &k.key_id).join(",");
                    println!(
                        "{:<36}  {:<15}  {:<17}  {:<20}  {}",
                        k.key_id,
                        k.key_state.as_str(),
                        k.key_spec.as_str(),
                        if a.is_empty() { "-".to_owned() } else { a },
                        k.description
                    );
                }
            }
        }
        KeysCommand::Describe { key } => {
            let md = describe(kms, &key)?;
            let aliases = aliases_of(&all_aliases(kms)?, &md.key_id);
            let rotations = if md.key_spec == KeySpec::SymmetricDefault {
                kms.list_key_rotations(ListKeyRotationsRequest {
                    key_id: md.key_id.clone(),
                    limit: Some(1000),
                    ..Default::default()
                })
                .map_err(kms_err(kms, Some(&key)))?
                .rotations
            } else {
                Vec::new()
            };
            if json {
                let mut v = key_json(&md, &aliases);
                v["rotations"] = rotations
                    .iter()
                    .map(|r| {
                        json!({
                            "key_material_id": r.key_material_id,
                            "key_material_state": r.key_material_state.as_str(),
                            "rotation_date": r.rotation_date.map(format_iso8601),
                            "rotation_type": r.rotation_type.map(|t| t.as_str()),
                        })
                    })
                    .collect();
                print_json(&json!({ "key": v }));
            } else {
                println!("key {}", md.key_id);
                println!("  arn                {}", md.arn);
                println!("  state              {}", md.key_state);
                println!("  spec               {} ({})", md.key_spec, md.key_usage);
                println!("  origin             {}", md.origin);
                println!("  created            {}", format_iso8601(md.creation_date));
                if !md.description.is_empty() {
                    println!("  description        {}", md.description);
                }
                if !aliases.is_empty() {
                    println!("  aliases            {}", aliases.join(", "));
                }
                if let Some(d) = md.deletion_date {
                    println!("  deletion date      {}", format_iso8601(d));
                }
                if let Some(m) = &md.current_key_material_id {
                    println!("  current material   {m}");
                }
                println!("  rotations          {}", rotations.len());
            }
        }
        KeysCommand::Rotate { key } => {
            kms.rotate_key_on_demand(RotateKeyOnDemandRequest {
                key_id: key.clone(),
            })
            .map_err(kms_err(kms, Some(&key)))?;
            let md = describe(kms, &key)?;
            let material = md.current_key_material_id.clone().unwrap_or_default();
            if json {
                print_json(&json!({
                    "key_id": md.key_id,
                    "current_key_material_id": material,
                }));
            } else {
                println!(
                    "rotated key {}: new key material {material}; older messages still decrypt",
                    md.key_id
                );
            }
        }
        KeysCommand::Enable { key } => {
            kms.enable_key(EnableKeyRequest {
                key_id: key.clone(),
            })
            .map_err(kms_err(kms, Some(&key)))?;
            state_line(kms, &key, json, "enabled")?;
        }
        KeysCommand::Disable { key } => {
            kms.disable_key(DisableKeyRequest {
                key_id: key.clone(),
            })
            .map_err(kms_err(kms, Some(&key)))?;
            state_line(kms, &key, json, "disabled")?;
        }
        KeysCommand::ScheduleDeletion { key, days } => {
            let r = kms
                .schedule_key_deletion(ScheduleKeyDeletionRequest {
                    key_id: key.clone(),
                    pending_window_in_days: Some(days),
                })
                .map_err(kms_err(kms, Some(&key)))?;
            let md = describe(kms, &key)?;
            if json {
                print_json(&json!({
                    "key_id": md.key_id,
                    "key_state": r.key_state.as_str(),
                    "deletion_date": format_iso8601(r.deletion_date),
                    "pending_window_in_days": r.pending_window_in_days,
                }));
            } else {
                println!(
                    "key {} will be deleted on {} ({} days); `datakey keys cancel-deletion {}` \
                     stops it",
                    md.key_id,
                    format_iso8601(r.deletion_date),
                    r.pending_window_in_days,
                    md.key_id
                );
            }
        }
        KeysCommand::CancelDeletion { key } => {
            kms.cancel_key_deletion(CancelKeyDeletionRequest {
                key_id: key.clone(),
            })
            .map_err(kms_err(kms, Some(&key)))?;
            state_line(kms, &key, json, "no longer scheduled for deletion")?;
        }
    }
    Ok(())
}

/// `keys create --alias` with an alias that exists: nothing was created.
fn alias_taken(alias: &str, taken: &AliasListEntry, _key: Option<&str>) -> Failure {
    Failure {
        code: failure::EXIT_ACCESS,
        name: "AlreadyExistsException".into(),
        message: format!("An alias with the name {} already exists", taken.alias_arn),
        hint: Some(format!(
            "no key was created; {alias} points to {}: choose another alias, or use that key",
            taken.target_key_id.as_deref().unwrap_or("-")
        )),
    }
}

fn state_line(kms: &LocalKms, key: &str, json: bool, what: &str) -> Outcome {
    let md = describe(kms, key)?;
    if json {
        print_json(&json!({ "key_id": md.key_id, "key_state": md.key_state.as_str() }));
    } else {
        println!("key {} {what} (state {})", md.key_id, md.key_state);
    }
    Ok(())
}

fn alias(kms: &LocalKms, c: AliasCommand, json: bool) -> Outcome {
    match c {
        AliasCommand::Create { alias, key } => {
            kms.create_alias(CreateAliasRequest {
                alias_name: alias.clone(),
                target_key_id: key.clone(),
            })
            // An alias targets a key id or key ARN, never another alias: no "did you mean".
            .map_err(|e| Failure::from_error(&e, Some(&key)))?;
            let md = describe(kms, &alias)?;
            if json {
                print_json(&json!({ "alias_name": alias, "target_key_id": md.key_id }));
            } else {
                println!("created {alias} -> {}", md.key_id);
            }
        }
        AliasCommand::List { key } => {
            let list = match &key {
                None => all_aliases(kms)?,
                Some(k) => {
                    kms.list_aliases(ListAliasesRequest {
                        key_id: Some(k.clone()),
                        limit: Some(100),
                        ..Default::default()
                    })
                    .map_err(kms_err(kms, Some(k)))?
                    .aliases
                }
            };
            if json {
                let v: Vec<Value> = list
                    .iter()
                    .map(|a| {
                        json!({
                            "alias_name": a.alias_name,
                            "alias_arn": a.alias_arn,
                            "target_key_id": a.target_key_id,
                            "creation_date": format_iso8601(a.creation_date),
                        })
                    })
                    .collect();
                print_json(&json!({ "aliases": v }));
            } else if list.is_empty() {
                println!("no aliases");
            } else {
                for a in &list {
                    println!(
                        "{:<40} -> {}",
                        a.alias_name,
                        a.target_key_id.as_deref().unwrap_or("-")
                    );
                }
            }
        }
    }
    Ok(())
}

fn data_key(kms: &LocalKms, c: DataKeyCommand, json: bool) -> Outcome {
    match c {
        DataKeyCommand::Generate {
            key,
            context,
            spec,
            bytes,
        } => {
            let ec = parse_context(&context)?;
            let key_spec = match (&spec, bytes) {
                (Some(s), _) => Some(s.parse::<DataKeySpec>().map_err(kms_err(kms, None))?),
                (None, None) => Some(DataKeySpec::Aes256),
                (None, Some(_)) => None,
            };
            let r = kms
                .generate_data_key(GenerateDataKeyRequest {
                    key_id: key.clone(),
                    key_spec,
                    number_of_bytes: bytes,
                    encryption_context: ec,
                })
                .map_err(kms_err(kms, Some(&key)))?;
            let pt = b64(r.plaintext.expose_secret());
            let blob = base64::engine::general_purpose::STANDARD.encode(&r.ciphertext_blob);
            if json {
                print_json(&json!({
                    "key_id": r.key_id,
                    "key_material_id": r.key_material_id,
                    "plaintext": *pt,
                    "ciphertext_blob": blob,
                }));
            } else {
                println!("plaintext        {}", *pt);
                println!("ciphertext_blob  {blob}");
                println!("key              {}", r.key_id);
            }
        }
        DataKeyCommand::Decrypt {
            blob,
            input,
            context,
            key,
        } => {
            let ec = parse_context(&context)?;
            let bytes = match (blob, input) {
                (Some(b), _) => base64::engine::general_purpose::STANDARD
                    .decode(b.trim())
                    .map_err(|e| Failure::usage(format!("--blob is not base64: {e}")))?,
                (None, Some(p)) => {
                    // Past the largest blob KMS accepts, one more byte is enough to refuse it.
                    let v = crypt::read_bounded(crypt::open_input(Some(&p))?.0, MAX_BLOB_LEN)
                        .map_err(|e| Failure::io("cannot read the blob", &e))?;
                    v.to_vec()
                }
                (None, None) => return Err(Failure::usage("give --blob or --in")),
            };
            let r = kms
                .decrypt(DecryptRequest {
                    ciphertext_blob: bytes,
                    encryption_context: ec,
                    key_id: key.clone(),
                    ..Default::default()
                })
                .map_err(kms_err(kms, key.as_deref()))?;
            let pt = b64(r.plaintext.expose_secret());
            if json {
                print_json(&json!({
                    "key_id": r.key_id,
                    "key_material_id": r.key_material_id,
                    "plaintext": *pt,
                }));
            } else {
                println!("plaintext  {}", *pt);
                println!("key        {}", r.key_id);
            }
        }
    }
    Ok(())
}
