//! datakey's AWS endpoint: unmodified AWS clients (boto3, the AWS SDKs, the AWS CLI) point
//! `endpoint_url` at it and talk to a [`LocalKms`] over HTTP.
//!
//! - **KMS** in the AWS JSON 1.1 protocol (`X-Amz-Target: TrentService.<Operation>`), run by
//!   the core's wire dispatch.
//! - **Secrets Manager** in the same protocol (`X-Amz-Target: secretsmanager.<Operation>`),
//!   run by the core's Secrets Manager dispatch on the secrets of the same [`LocalKms`] (they
//!   live with its keys, in memory or in its store file; a
//!   [`LocalSecretsManager`](datakey::secrets::LocalSecretsManager) made from that `LocalKms`
//!   in the host process sees the same secrets and registers the rotation functions the
//!   endpoint's `RotateSecret` calls).
//! - **STS** `AssumeRole` and `GetCallerIdentity` in the Query protocol ([`sts`]), so a client
//!   can assume a role and use the session credentials against KMS.
//! - **SigV4** on every request ([`sigv4`]): signature, credential scope (this endpoint's
//!   region, the service `kms`, `secretsmanager` or `sts` — a request to one service signed for
//!   another is AWS's `InvalidSignatureException` "Credential should be scoped to correct
//!   service"), `X-Amz-Date` within 5 minutes (KMS, Secrets Manager) or 15 minutes (STS) of
//!   the *system* clock, session tokens; failures with AWS's codes and messages. The
//!   verified principal becomes the core's [`Caller`](datakey::kms::Caller), with the peer
//!   address as `aws:SourceIp`, so key policies apply and `AccessDeniedException` carries AWS's
//!   message. Session expiry follows the service's (injectable) clock.
//!
//! The server runs its own tokio runtime on its own threads, so any host — a CLI, a Python or
//! Node binding — can start one from synchronous code and stop it:
//!
//! ```no_run
//! use datakey::LocalKms;
//! use datakey_server::{Server, ServerConfig};
//!
//! let kms = LocalKms::new();
//! let key = kms.create_access_key(None)?; // the account root's access key
//! let server = Server::start(kms, ServerConfig::default())?;
//! println!("listening on {}", server.endpoint_url());
//! // … point clients at it with key.metadata.access_key_id and the secret …
//! server.stop(); // graceful: in-flight requests finish
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! HTTP/1.1 with keep-alive; limits on the body, the header block (size and count), the time a
//! client may take to send its headers and its body, and the number of open connections; a
//! panic while serving a request becomes a 500 `KMSInternalException` (`InternalServiceError`
//! for Secrets Manager; never a dropped process); a structured access-log line per request when
//! asked. Binds loopback unless told otherwise ([`ServerConfig::allow_remote`]).

#![forbid(unsafe_code)]

mod http;
mod kms_json;
mod service;
pub mod sigv4;
pub mod sts;

use std::io;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::mpsc;
use std::time::Duration;

use datakey::LocalKms;

/// How a [`Server`] listens and what it accepts.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// Where to listen (default `127.0.0.1:0`: loopback, any free port).
    pub listen: SocketAddr,
    /// Allow a non-loopback listen address (off: [`Server::start`] refuses one).
    pub allow_remote: bool,
    /// The largest request body accepted (default 1 MiB; KMS's largest request, a 32 KiB key
    /// policy, fits with room to spare). Larger: 413.
    pub max_body_bytes: usize,
    /// The largest header block accepted, request line included (default 16 KiB; at least
    /// 8 KiB). Larger: 431, connection closed.
    pub max_header_bytes: usize,
    /// The most header fields accepted (default 100). More: 431, connection closed.
    pub max_headers: usize,
    /// How long a client may take to send a request's headers, and how long an idle
    /// keep-alive connection is kept waiting for the next one (default 30 s).
    pub header_read_timeout: Duration,
    /// How long a client may take to send a request's body (default 30 s). Slower: 408.
    pub body_read_timeout: Duration,
    /// The most connections served at once; more wait to be accepted (default 1024).
    pub max_connections: usize,
    /// Runtime worker threads (default 2).
    pub worker_threads: usize,
    /// How long [`RunningServer::stop`] waits for in-flight requests (default 10 s).
    pub shutdown_grace: Duration,
    /// Write one JSON line per request to stderr: time, request id, peer, principal, service,
    /// operation, key, status, error code, latency.
    pub access_log: bool,
}

impl Default for ServerConfig {
    fn default() -> Self {
        Self {
            listen: SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
            allow_remote: false,
            max_body_bytes: 1 << 20,
            max_header_bytes: 16 << 10,
            max_headers: 100,
            header_read_timeout: Duration::from_secs(30),
            body_read_timeout: Duration::from_secs(30),
            max_connections: 1024,
            worker_threads: 2,
            shutdown_grace: Duration::from_secs(10),
            access_log: false,
        }
    }
}

/// Starts servers.
#[derive(Debug)]
pub struct Server;

impl Server {
    /// Binds `config.listen` and serves `kms` (its region is the endpoint's region) on a new
    /// tokio runtime with its own threads, until [`RunningServer::stop`].
    ///
    /// # Errors
    ///
    /// [`io::ErrorKind::InvalidInput`] for a non-loopback address without
    /// [`ServerConfig::allow_remote`] or a header limit under 8 KiB; the bind's and the
    /// runtime's I/O errors.
    pub fn start(kms: LocalKms, config: ServerConfig) -> io::Result<RunningServer> {
        if !config.listen.ip().is_loopback() && !config.allow_remote {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!(
                    "refusing to listen on {}, which is not a loopback address: allow remote \
                     clients explicitly to do that",
                    config.listen
                ),
            ));
        }
        if config.max_header_bytes < 8192 {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "max_header_bytes must be at least 8192",
            ));
        }
        http::start(kms, config)
    }
}

/// A server that is running. Dropping it stops it (gracefully).
pub struct RunningServer {
    local_addr: SocketAddr,
    shutdown: Option<tokio::sync::watch::Sender<bool>>,
    done: Option<mpsc::Receiver<()>>,
    runtime: Option<tokio::runtime::Runtime>,
    grace: Duration,
}

impl std::fmt::Debug for RunningServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RunningServer")
            .field("local_addr", &self.local_addr)
            .finish_non_exhaustive()
    }
}

impl RunningServer {
    /// The address the server listens on (with the port chosen when asked for port 0).
    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    /// `http://HOST:PORT`, what clients take as `endpoint_url`.
    pub fn endpoint_url(&self) -> String {
        format!("http://{}", self.local_addr)
    }

    /// Stops accepting connections, lets in-flight requests finish (up to
    /// [`ServerConfig::shutdown_grace`]), closes idle keep-alive connections, and stops the
    /// runtime's threads.
    pub fn stop(mut self) {
        self.shutdown_now();
    }

    /// Blocks until SIGINT or SIGTERM (Ctrl-C elsewhere), then stops as [`stop`](Self::stop).
    ///
    /// # Errors
    ///
    /// The signal handlers' installation errors (the server is stopped anyway).
    pub fn run_until_signal(self) -> io::Result<()> {
        let result = match &self.runtime {
            Some(rt) => rt.block_on(http::shutdown_signal()),
            None => Ok(()),
        };
        self.stop();
        result
    }

    fn shutdown_now(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(true);
        }
        if let Some(done) = self.done.take() {
            let _ = done.recv_timeout(self.grace + Duration::from_secs(1));
        }
        if let Some(rt) = self.runtime.take() {
            rt.shutdown_timeout(Duration::from_secs(1));
        }
    }
}

impl Drop for RunningServer {
    fn drop(&mut self) {
        self.shutdown_now();
    }
}
