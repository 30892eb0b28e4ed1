//! `datakey`: the command line over datakey's persistent local KMS and AWS Encryption SDK
//! messages. `datakey --help` lists the commands, the exit codes and the environment.

#![forbid(unsafe_code)]

mod args;
mod crypt;
mod failure;
mod output;
mod serve;

use std::io::Read;
use std::process::ExitCode;

use base64::Engine as _;
use clap::Parser;
use datakey::kms::{
    AliasListEntry, CancelKeyDeletionRequest, CreateAliasRequest, CreateKeyRequest, DataKeySpec,
    DecryptRequest, DescribeKeyRequest, DisableKeyRequest, EnableKeyRequest,
    GenerateDataKeyRequest, KeyMetadata, KeySpec, ListAliasesRequest, ListKeyRotationsRequest,
    ListKeysRequest, RootKey, RotateKeyOnDemandRequest, ScheduleKeyDeletionRequest, store_dir,
};
use datakey::{EncryptionContext, Error, LocalKms};
use serde_json::{Value, json};

use args::{AliasCommand, Cli, Command, DataKeyCommand, KeysCommand};
use failure::{EXIT_OK, Failure};
use output::{b64, fmt_time, key_json};

fn main() -> ExitCode {
    let cli = Cli::parse();
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

/// Opens the key store named by --store / DATAKEY_STORE / the per-user default.
fn open_store(cli_store: Option<&std::path::Path>) -> Result<LocalKms, Failure> {
    let dir = store_dir(cli_store).map_err(|e| Failure::store(&e))?;
    let root = RootKey::from_env().map_err(|e| Failure::store(&e))?;
    LocalKms::open(&dir, root).map_err(|e| Failure::store(&e))
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
    let json = cli.json;
    match cli.command {
        Command::Keys(c) => keys(&open_store(cli.store.as_deref())?, c, json),
        Command::Alias(c) => alias(&open_store(cli.store.as_deref())?, c, json),
        Command::DataKey(c) => data_key(&open_store(cli.store.as_deref())?, c, json),
        Command::Encrypt(a) => crypt::encrypt(cli.store.as_deref(), &a, json),
        Command::Decrypt(a) => crypt::decrypt(cli.store.as_deref(), &a, json),
        Command::Serve(a) => serve::serve(cli.store.as_deref(), &a),
        Command::AccessKeys(c) => serve::access_keys(cli.store.as_deref(), &c, json),
    }
}

fn kms_err(key: Option<&str>) -> impl Fn(Error) -> Failure + '_ {
    move |e| Failure::from_error(&e, key)
}

fn print_json(v: &Value) {
    println!("{v}");
}

fn describe(kms: &LocalKms, key: &str) -> Result<KeyMetadata, Failure> {
    kms.describe_key(DescribeKeyRequest {
        key_id: key.to_owned(),
    })
    .map(|r| r.key_metadata)
    .map_err(kms_err(Some(key)))
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
            .map_err(kms_err(None))?;
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
                .map_err(kms_err(None))?;
            let key_usage = key_usage
                .map(|s| s.parse())
                .transpose()
                .map_err(kms_err(None))?;
            let md = kms
                .create_key(CreateKeyRequest {
                    description,
                    key_spec,
                    key_usage,
                    ..Default::default()
                })
                .map_err(kms_err(None))?
                .key_metadata;
            if let Some(a) = &alias {
                kms.create_alias(CreateAliasRequest {
                    alias_name: a.clone(),
                    target_key_id: md.key_id.clone(),
                })
                .map_err(kms_err(Some(&md.key_id)))?;
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
                    .map_err(kms_err(None))?;
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
                .map_err(kms_err(Some(&key)))?
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
                            "rotation_date": r.rotation_date.map(fmt_time),
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
                println!("  created            {}", fmt_time(md.creation_date));
                if !md.description.is_empty() {
                    println!("  description        {}", md.description);
                }
                if !aliases.is_empty() {
                    println!("  aliases            {}", aliases.join(", "));
                }
                if let Some(d) = md.deletion_date {
                    println!("  deletion date      {}", fmt_time(d));
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
            .map_err(kms_err(Some(&key)))?;
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
            .map_err(kms_err(Some(&key)))?;
            state_line(kms, &key, json, "enabled")?;
        }
        KeysCommand::Disable { key } => {
            kms.disable_key(DisableKeyRequest {
                key_id: key.clone(),
            })
            .map_err(kms_err(Some(&key)))?;
            state_line(kms, &key, json, "disabled")?;
        }
        KeysCommand::ScheduleDeletion { key, days } => {
            let r = kms
                .schedule_key_deletion(ScheduleKeyDeletionRequest {
                    key_id: key.clone(),
                    pending_window_in_days: Some(days),
                })
                .map_err(kms_err(Some(&key)))?;
            let md = describe(kms, &key)?;
            if json {
                print_json(&json!({
                    "key_id": md.key_id,
                    "key_state": r.key_state.as_str(),
                    "deletion_date": fmt_time(r.deletion_date),
                    "pending_window_in_days": r.pending_window_in_days,
                }));
            } else {
                println!(
                    "key {} will be deleted on {} ({} days); `datakey keys cancel-deletion {}` \
                     stops it",
                    md.key_id,
                    fmt_time(r.deletion_date),
                    r.pending_window_in_days,
                    md.key_id
                );
            }
        }
        KeysCommand::CancelDeletion { key } => {
            kms.cancel_key_deletion(CancelKeyDeletionRequest {
                key_id: key.clone(),
            })
            .map_err(kms_err(Some(&key)))?;
            state_line(kms, &key, json, "no longer scheduled for deletion")?;
        }
    }
    Ok(())
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
            .map_err(kms_err(Some(&key)))?;
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
                    .map_err(kms_err(Some(k)))?
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
                            "creation_date": fmt_time(a.creation_date),
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
                (Some(s), _) => Some(s.parse::<DataKeySpec>().map_err(kms_err(None))?),
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
                .map_err(kms_err(Some(&key)))?;
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
                    let mut v = Vec::new();
                    crypt::open_input(Some(&p))?
                        .0
                        .read_to_end(&mut v)
                        .map_err(|e| Failure::io("cannot read the blob", &e))?;
                    v
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
                .map_err(kms_err(key.as_deref()))?;
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
