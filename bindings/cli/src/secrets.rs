//! `datakey secrets …`: the local Secrets Manager of the key store (`datakey::secrets`).

use std::io::Read;
use std::path::PathBuf;

use clap::Subcommand;
use datakey::LocalKms;
use datakey::secrets::{
    AWSCURRENT, AWSPENDING, CreateSecretRequest, DeleteSecretRequest, DescribeSecretResponse,
    GetRandomPasswordRequest, GetSecretValueRequest, ListSecretsRequest, LocalSecretsManager,
    PutSecretValueRequest, RotateSecretRequest, RotationEvent, RotationStep, SecretIdRequest,
    SecretString, UpdateSecretVersionStageRequest,
};
use datakey::{Error, SecretBytes};
use serde_json::{Value, json};

use crate::failure::Failure;
use crate::output::b64;
use datakey::time::format_iso8601;

/// The largest value read from a file or stdin (Secrets Manager's limit).
const MAX_VALUE: u64 = datakey::secrets::MAX_SECRET_VALUE_LEN as u64;

#[derive(Debug, Subcommand)]
pub(crate) enum SecretsCommand {
    /// Create a secret, with a first value read from --value-file (`-`: stdin).
    Create {
        /// The secret's name (`[A-Za-z0-9/_+=.@-]`, up to 512 characters).
        name: String,
        /// Read the value from this file (`-`: stdin); without it the secret has no value yet.
        #[arg(long, value_name = "FILE")]
        value_file: Option<PathBuf>,
        /// Store the value as SecretBinary (default: SecretString, which must be UTF-8).
        #[arg(long)]
        binary: bool,
        /// The KMS key (key id, ARN or alias; default alias/aws/secretsmanager).
        #[arg(long, value_name = "KEY")]
        kms_key: Option<String>,
        /// A description.
        #[arg(long)]
        description: Option<String>,
    },
    /// Print a secret's value (AWSCURRENT unless --version-id or --version-stage).
    Get {
        /// Name, ARN or partial ARN.
        secret_id: String,
        /// A version id.
        #[arg(long)]
        version_id: Option<String>,
        /// A staging label.
        #[arg(long)]
        version_stage: Option<String>,
    },
    /// Put a new value (read from --value-file, `-`: stdin); it becomes AWSCURRENT unless
    /// --stage is given.
    Put {
        /// Name, ARN or partial ARN.
        secret_id: String,
        /// Read the value from this file (`-`: stdin).
        #[arg(long, value_name = "FILE")]
        value_file: PathBuf,
        /// Store the value as SecretBinary.
        #[arg(long)]
        binary: bool,
        /// Staging labels for the new version (repeatable).
        #[arg(long = "stage", value_name = "LABEL")]
        stages: Vec<String>,
    },
    /// List secrets (names, ARNs, labels; never values).
    List {
        /// Include secrets scheduled for deletion.
        #[arg(long)]
        include_planned_deletion: bool,
    },
    /// Show a secret's metadata.
    Describe {
        /// Name, ARN or partial ARN.
        secret_id: String,
    },
    /// Schedule a secret's deletion (7..30 days, default 30), or delete it at once.
    Delete {
        /// Name, ARN or partial ARN.
        secret_id: String,
        /// Days before the secret is deleted.
        #[arg(long, value_name = "DAYS")]
        recovery_window_in_days: Option<i64>,
        /// Delete now, without recovery.
        #[arg(long)]
        force: bool,
    },
    /// Cancel a scheduled deletion.
    Restore {
        /// Name, ARN or partial ARN.
        secret_id: String,
    },
    /// Rotate a secret to a new random password (GetRandomPassword's defaults), through the
    /// four rotation steps; the old value becomes AWSPREVIOUS.
    Rotate {
        /// Name, ARN or partial ARN.
        secret_id: String,
        /// Password length (default 32).
        #[arg(long)]
        length: Option<i64>,
    },
}

fn sm_err(e: Error) -> Failure {
    Failure::from_error(&e, None)
}

fn read_value(path: &PathBuf) -> Result<SecretBytes, Failure> {
    let mut buf = Vec::new();
    let read = if path.as_os_str() == "-" {
        std::io::stdin().take(MAX_VALUE + 1).read_to_end(&mut buf)
    } else {
        std::fs::File::open(path).and_then(|f| f.take(MAX_VALUE + 1).read_to_end(&mut buf))
    };
    let bytes = SecretBytes::from_vec(buf);
    read.map_err(|e| Failure::io(&format!("cannot read {}", path.display()), &e))?;
    if bytes.len() as u64 > MAX_VALUE {
        return Err(Failure::usage(format!(
            "{}: a secret value is at most {MAX_VALUE} bytes",
            path.display()
        )));
    }
    Ok(bytes)
}

/// The value as the request's string or binary member.
fn value(
    bytes: SecretBytes,
    binary: bool,
) -> Result<(Option<SecretString>, Option<SecretBytes>), Failure> {
    if binary {
        return Ok((None, Some(bytes)));
    }
    match std::str::from_utf8(bytes.expose_secret()) {
        Ok(s) => Ok((Some(SecretString::from(s)), None)),
        Err(_) => Err(Failure::usage(
            "the value is not UTF-8 text: store it with --binary",
        )),
    }
}

fn describe_json(d: &DescribeSecretResponse) -> Value {
    json!({
        "arn": d.arn,
        "name": d.name,
        "description": d.description,
        "kms_key_id": d.kms_key_id,
        "created_date": format_iso8601(d.created_date),
        "last_changed_date": d.last_changed_date.map(format_iso8601),
        "last_accessed_date": d.last_accessed_date.map(format_iso8601),
        "deleted_date": d.deleted_date.map(format_iso8601),
        "rotation_enabled": d.rotation_enabled,
        "last_rotated_date": d.last_rotated_date.map(format_iso8601),
        "next_rotation_date": d.next_rotation_date.map(format_iso8601),
        "version_ids_to_stages": d.version_ids_to_stages,
        "tags": d.tags.iter().map(|t| json!({"key": t.key, "value": t.value})).collect::<Vec<_>>(),
    })
}

/// The rotation function of `datakey secrets rotate`: a new random password as AWSPENDING,
/// then AWSCURRENT moved to it (AWS's template without a database to set).
fn random_password_rotation(
    sm: LocalSecretsManager,
    length: Option<i64>,
) -> impl Fn(&RotationEvent) -> datakey::Result<()> {
    move |ev: &RotationEvent| match ev.step {
        RotationStep::CreateSecret => {
            let pw = sm.get_random_password(GetRandomPasswordRequest {
                password_length: length,
                ..Default::default()
            })?;
            sm.put_secret_value(PutSecretValueRequest {
                secret_id: ev.secret_id.clone(),
                client_request_token: Some(ev.client_request_token.clone()),
                secret_string: Some(pw.random_password),
                version_stages: Some(vec![AWSPENDING.to_owned()]),
                ..Default::default()
            })
            .map(drop)
        }
        RotationStep::SetSecret | RotationStep::TestSecret => Ok(()),
        RotationStep::FinishSecret => {
            let d = sm.describe_secret(SecretIdRequest {
                secret_id: ev.secret_id.clone(),
            })?;
            let current = d
                .version_ids_to_stages
                .iter()
                .find(|(_, s)| s.iter().any(|x| x == AWSCURRENT))
                .map(|(v, _)| v.clone());
            if current.as_deref() == Some(ev.client_request_token.as_str()) {
                return Ok(());
            }
            sm.update_secret_version_stage(UpdateSecretVersionStageRequest {
                secret_id: ev.secret_id.clone(),
                version_stage: AWSCURRENT.to_owned(),
                remove_from_version_id: current,
                move_to_version_id: Some(ev.client_request_token.clone()),
            })
            .map(drop)
        }
    }
}

pub(crate) fn run(kms: &LocalKms, c: SecretsCommand, json: bool) -> Result<(), Failure> {
    let sm = LocalSecretsManager::new(kms);
    let print = |v: Value, text: String| {
        if json {
            println!("{v}");
        } else {
            println!("{text}");
        }
    };
    match c {
        SecretsCommand::Create {
            name,
            value_file,
            binary,
            kms_key,
            description,
        } => {
            let (secret_string, secret_binary) = match &value_file {
                Some(p) => value(read_value(p)?, binary)?,
                None => (None, None),
            };
            let r = sm
                .create_secret(CreateSecretRequest {
                    name,
                    kms_key_id: kms_key,
                    description,
                    secret_string,
                    secret_binary,
                    ..Default::default()
                })
                .map_err(sm_err)?;
            print(
                json!({"arn": r.arn, "name": r.name, "version_id": r.version_id}),
                format!("created {}", r.arn),
            );
        }
        SecretsCommand::Get {
            secret_id,
            version_id,
            version_stage,
        } => {
            let r = sm
                .get_secret_value(GetSecretValueRequest {
                    secret_id,
                    version_id,
                    version_stage,
                })
                .map_err(sm_err)?;
            if json {
                let mut v = json!({
                    "arn": r.arn,
                    "name": r.name,
                    "version_id": r.version_id,
                    "version_stages": r.version_stages,
                    "created_date": format_iso8601(r.created_date),
                });
                if let Some(s) = &r.secret_string {
                    v["secret_string"] = Value::String(s.expose_secret().to_owned());
                }
                if let Some(b) = &r.secret_binary {
                    v["secret_binary"] = Value::String(b64(b.expose_secret()).to_string());
                }
                println!("{v}");
            } else {
                use std::io::Write;
                let mut out = std::io::stdout().lock();
                let bytes = match (&r.secret_string, &r.secret_binary) {
                    (Some(s), _) => s.expose_secret().as_bytes(),
                    (None, Some(b)) => b.expose_secret(),
                    (None, None) => &[],
                };
                out.write_all(bytes)
                    .and_then(|()| out.flush())
                    .map_err(|e| Failure::io("cannot write the value", &e))?;
            }
        }
        SecretsCommand::Put {
            secret_id,
            value_file,
            binary,
            stages,
        } => {
            let (secret_string, secret_binary) = value(read_value(&value_file)?, binary)?;
            let r = sm
                .put_secret_value(PutSecretValueRequest {
                    secret_id,
                    secret_string,
                    secret_binary,
                    version_stages: (!stages.is_empty()).then_some(stages),
                    ..Default::default()
                })
                .map_err(sm_err)?;
            print(
                json!({"arn": r.arn, "name": r.name, "version_id": r.version_id, "version_stages": r.version_stages}),
                format!("{} version {} {:?}", r.name, r.version_id, r.version_stages),
            );
        }
        SecretsCommand::List {
            include_planned_deletion,
        } => {
            let mut all = Vec::new();
            let mut next_token = None;
            loop {
                let page = sm
                    .list_secrets(ListSecretsRequest {
                        include_planned_deletion: Some(include_planned_deletion),
                        next_token: next_token.take(),
                        sort_by: Some("name".into()),
                        ..Default::default()
                    })
                    .map_err(sm_err)?;
                all.extend(page.secret_list);
                match page.next_token {
                    Some(t) => next_token = Some(t),
                    None => break,
                }
            }
            if json {
                println!(
                    "{}",
                    json!({"secrets": all.iter().map(describe_json).collect::<Vec<_>>()})
                );
            } else {
                for d in &all {
                    let deleted = d
                        .deleted_date
                        .map(|t| format!("  (deleted on {})", format_iso8601(t)))
                        .unwrap_or_default();
                    println!("{}  {}{deleted}", d.name, d.arn);
                }
            }
        }
        SecretsCommand::Describe { secret_id } => {
            let d = sm
                .describe_secret(SecretIdRequest { secret_id })
                .map_err(sm_err)?;
            let v = describe_json(&d);
            let text = serde_json::to_string_pretty(&v).unwrap_or_default();
            print(v, text);
        }
        SecretsCommand::Delete {
            secret_id,
            recovery_window_in_days,
            force,
        } => {
            let r = sm
                .delete_secret(DeleteSecretRequest {
                    secret_id,
                    recovery_window_in_days,
                    force_delete_without_recovery: force.then_some(true),
                })
                .map_err(sm_err)?;
            let when = format_iso8601(r.deletion_date);
            print(
                json!({"arn": r.arn, "name": r.name, "deletion_date": when}),
                if force {
                    format!("deleted {}", r.arn)
                } else {
                    format!(
                        "{} will be deleted on {when} (datakey secrets restore cancels)",
                        r.arn
                    )
                },
            );
        }
        SecretsCommand::Restore { secret_id } => {
            let r = sm
                .restore_secret(SecretIdRequest { secret_id })
                .map_err(sm_err)?;
            print(
                json!({"arn": r.arn, "name": r.name}),
                format!("restored {}", r.arn),
            );
        }
        SecretsCommand::Rotate { secret_id, length } => {
            let arn = format!(
                "arn:aws:lambda:{}:{}:function:datakey-random-password",
                kms.region(),
                kms.account_id()
            );
            sm.register_rotation_function(&arn, random_password_rotation(sm.clone(), length));
            let r = sm
                .rotate_secret(RotateSecretRequest {
                    secret_id,
                    rotation_lambda_arn: Some(arn),
                    ..Default::default()
                })
                .map_err(sm_err)?;
            print(
                json!({"arn": r.arn, "name": r.name, "version_id": r.version_id}),
                format!(
                    "rotated {} to version {}",
                    r.arn,
                    r.version_id.unwrap_or_default()
                ),
            );
        }
    }
    Ok(())
}
