//! `datakey serve` (the AWS endpoint over the store or an in-memory service) and
//! `datakey access-keys` (the long-term access keys clients sign requests with).

use std::net::SocketAddr;

use clap::{Args, Subcommand};
use datakey::kms::{AccessKeyMetadata, NewAccessKey};
use datakey_server::{Server, ServerConfig};
use serde_json::{Value, json};

use crate::failure::Failure;
use crate::{Globals, open_store};
use datakey::time::format_iso8601;

/// `datakey serve`.
#[derive(Debug, Args)]
pub(crate) struct ServeArgs {
    /// Where to listen (a loopback address unless --allow-remote).
    #[arg(long, value_name = "HOST:PORT", default_value = "127.0.0.1:0")]
    listen: SocketAddr,
    /// Serve a fresh in-memory service (in --region/--account) instead of the key store, and
    /// print an access key for its account root (one JSON line in IAM's CreateAccessKey shape)
    /// after the address.
    #[arg(long, conflicts_with = "store")]
    memory: bool,
    /// Allow listening on an address other clients can reach.
    #[arg(long)]
    allow_remote: bool,
    /// Write one JSON access-log line per request to stderr.
    #[arg(long)]
    access_log: bool,
}

/// `datakey access-keys`.
#[derive(Debug, Subcommand)]
pub(crate) enum AccessKeysCommand {
    /// Create an access key (printed once, with its secret).
    Create {
        /// The principal: `arn:aws:iam::<account>:user/<name>`, or the account root (default).
        #[arg(long, value_name = "ARN")]
        principal: Option<String>,
    },
    /// List the access keys (no secrets).
    List,
    /// Delete an access key: requests signed with it are refused from then on.
    Delete {
        /// The access key id.
        access_key_id: String,
    },
}

/// IAM's `CreateAccessKey` response shape.
fn created_json(k: &NewAccessKey) -> Value {
    let secret = String::from_utf8_lossy(k.secret_access_key.expose_secret()).into_owned();
    json!({
        "AccessKey": {
            "UserName": k.metadata.user_name,
            "AccessKeyId": k.metadata.access_key_id,
            "SecretAccessKey": secret,
            "Status": k.metadata.status,
            "CreateDate": format_iso8601(k.metadata.create_date),
        }
    })
}

fn metadata_json(m: &AccessKeyMetadata) -> Value {
    json!({
        "UserName": m.user_name,
        "AccessKeyId": m.access_key_id,
        "Principal": m.principal_arn,
        "Status": m.status,
        "CreateDate": format_iso8601(m.create_date),
    })
}

/// Runs `datakey serve` until SIGINT or SIGTERM.
pub(crate) fn serve(g: &Globals, args: &ServeArgs) -> Result<(), Failure> {
    let kms = if args.memory {
        g.builder()
            .build()
            .map_err(|e| Failure::from_error(&e, None))?
    } else {
        open_store(g)?
    };
    let root_key = if args.memory {
        Some(
            kms.create_access_key(None)
                .map_err(|e| Failure::from_error(&e, None))?,
        )
    } else {
        None
    };
    let config = ServerConfig {
        listen: args.listen,
        allow_remote: args.allow_remote,
        access_log: args.access_log,
        ..ServerConfig::default()
    };
    let server = Server::start(kms, config).map_err(|e| {
        if e.kind() == std::io::ErrorKind::InvalidInput {
            Failure::usage(format!("--listen {}: {e}", args.listen))
        } else {
            Failure::io(&format!("listen on {}", args.listen), &e)
        }
    })?;
    println!("listening on {}", server.endpoint_url());
    if let Some(k) = &root_key {
        println!("{}", created_json(k));
    }
    use std::io::Write as _;
    let _ = std::io::stdout().flush();
    server
        .run_until_signal()
        .map_err(|e| Failure::io("signal handlers", &e))
}

/// Runs `datakey access-keys …` on the key store.
pub(crate) fn access_keys(g: &Globals, c: &AccessKeysCommand) -> Result<(), Failure> {
    let json = g.json;
    let kms = open_store(g)?;
    match c {
        AccessKeysCommand::Create { principal } => {
            let k = kms
                .create_access_key(principal.as_deref())
                .map_err(|e| Failure::from_error(&e, None))?;
            if json {
                println!("{}", created_json(&k));
            } else {
                println!("AccessKeyId      {}", k.metadata.access_key_id);
                println!(
                    "SecretAccessKey  {}",
                    String::from_utf8_lossy(k.secret_access_key.expose_secret())
                );
                println!("Principal        {}", k.metadata.principal_arn);
            }
        }
        AccessKeysCommand::List => {
            let keys = kms
                .list_access_keys()
                .map_err(|e| Failure::from_error(&e, None))?;
            if json {
                let list: Vec<Value> = keys.iter().map(metadata_json).collect();
                println!("{}", json!({ "AccessKeyMetadata": list }));
            } else {
                for m in &keys {
                    println!(
                        "{}  {}  {}  {}",
                        m.access_key_id,
                        m.status,
                        format_iso8601(m.create_date),
                        m.principal_arn
                    );
                }
            }
        }
        AccessKeysCommand::Delete { access_key_id } => {
            kms.delete_access_key(access_key_id)
                .map_err(|e| Failure::from_error(&e, None))?;
            if json {
                println!("{}", json!({ "Deleted": access_key_id }));
            }
        }
    }
    Ok(())
}
