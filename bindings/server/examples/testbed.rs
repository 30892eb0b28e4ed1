//! A test bed for client tests: serves an in-memory `LocalKms` on a manual clock.
//!
//! Prints `listening on http://HOST:PORT`, then the account root's access key as one JSON line
//! (IAM's `CreateAccessKey` shape), then reads commands from stdin, one per line:
//! `advance SECONDS` moves the service's clock (session expiry, key deletion windows);
//! end of input stops the server (gracefully) and exits.

use std::io::BufRead as _;
use std::sync::Arc;
use std::time::Duration;

use datakey::{LocalKms, ManualClock};
use datakey_server::{Server, ServerConfig};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let region = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "us-east-1".to_owned());
    let clock = ManualClock::default();
    let kms = LocalKms::builder()
        .region(region)
        .clock(Arc::new(clock.clone()))
        .build()?;
    let key = kms.create_access_key(None)?;
    let server = Server::start(
        kms,
        ServerConfig {
            access_log: std::env::var_os("DATAKEY_ACCESS_LOG").is_some(),
            ..ServerConfig::default()
        },
    )?;
    println!("listening on {}", server.endpoint_url());
    println!(
        "{}",
        serde_json::json!({"AccessKey": {
            "UserName": key.metadata.user_name,
            "AccessKeyId": key.metadata.access_key_id,
            "SecretAccessKey": String::from_utf8_lossy(key.secret_access_key.expose_secret()),
            "Status": key.metadata.status,
            "CreateDate": datakey::time::format_iso8601(key.metadata.create_date),
        }})
    );
    for line in std::io::stdin().lock().lines() {
        let line = line?;
        match line.split_once(' ') {
            Some(("advance", secs)) => {
                clock.advance(Duration::from_secs(secs.trim().parse()?));
                println!("ok");
            }
            _ => println!("unknown command {line:?}"),
        }
    }
    server.stop();
    Ok(())
}
