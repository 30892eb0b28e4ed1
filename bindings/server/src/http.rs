//! The HTTP layer: hyper 1 (HTTP/1.1, keep-alive) on a tokio runtime of the server's own.
//! Collects each request within the limits, runs it through [`service::handle`] on the
//! worker (the operation is synchronous: in memory it runs in place, on a persistent store under
//! `block_in_place`, which keeps the other connections moving while it waits for the disk),
//! catches panics, writes the reply and the access-log line.

use std::convert::Infallible;
use std::io;
use std::net::{IpAddr, SocketAddr};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Arc, mpsc};
use std::time::{Instant, SystemTime};

use datakey::LocalKms;
use http_body_util::{BodyExt, Full, LengthLimitError, Limited};
use hyper::body::{Bytes, Incoming as Body};
use hyper::header::{HeaderName, HeaderValue};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;
use tokio::sync::{Semaphore, watch};

use crate::service::{self, Incoming, LogFields, Reply, State};
use crate::{RunningServer, ServerConfig, kms_json};

struct Shared {
    state: State,
    /// The service writes a store file (operations may block on its lock and fsync).
    persistent: bool,
    config: ServerConfig,
    rng: ring::rand::SystemRandom,
}

pub(crate) fn start(kms: LocalKms, config: ServerConfig) -> io::Result<RunningServer> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(config.worker_threads.max(1))
        .thread_name("datakey-server")
        .enable_all()
        .build()?;
    let std_listener = std::net::TcpListener::bind(config.listen)?;
    std_listener.set_nonblocking(true)?;
    let local_addr = std_listener.local_addr()?;
    let listener = {
        let _guard = runtime.enter();
        TcpListener::from_std(std_listener)?
    };
    let (shutdown_tx, shutdown_rx) = watch::channel(false);
    let (done_tx, done_rx) = mpsc::channel();
    let grace = config.shutdown_grace;
    let shared = Arc::new(Shared {
        persistent: kms.store_path().is_some(),
        state: State {
            region: kms.region().to_owned(),
            kms,
        },
        config,
        rng: ring::rand::SystemRandom::new(),
    });
    runtime.spawn(async move {
        serve(listener, shared, shutdown_rx).await;
        let _ = done_tx.send(());
    });
    Ok(RunningServer {
        local_addr,
        shutdown: Some(shutdown_tx),
        done: Some(done_rx),
        runtime: Some(runtime),
        grace,
    })
}

/// Accepts connections until told to stop, then drains them.
async fn serve(listener: TcpListener, shared: Arc<Shared>, mut shutdown: watch::Receiver<bool>) {
    let graceful = GracefulShutdown::new();
    let permits = Arc::new(Semaphore::new(shared.config.max_connections.max(1)));
    loop {
        let permit = tokio::select! {
            p = Arc::clone(&permits).acquire_owned() => match p {
                Ok(p) => p,
                Err(_) => break,
            },
            _ = shutdown.changed() => break,
        };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                // EMFILE and friends: back off briefly instead of spinning
                Err(_) => {
                    tokio::time::sleep(std::time::Duration::from_millis(10)).await;
                    continue;
                }
            },
            _ = shutdown.changed() => break,
        };
        let _ = stream.set_nodelay(true);
        let shared_conn = Arc::clone(&shared);
        let svc = service_fn(move |req| {
            let shared = Arc::clone(&shared_conn);
            async move { Ok::<_, Infallible>(respond(&shared, peer, req).await) }
        });
        let mut builder = http1::Builder::new();
        builder
            .timer(TokioTimer::new())
            .keep_alive(true)
            .header_read_timeout(shared.config.header_read_timeout)
            .max_buf_size(shared.config.max_header_bytes)
            .max_header_size(shared.config.max_header_bytes)
            .max_headers(shared.config.max_headers);
        let conn = builder.serve_connection(TokioIo::new(stream), svc);
        let conn = graceful.watch(conn);
        tokio::spawn(async move {
            let _ = conn.await;
            drop(permit);
        });
    }
    drop(listener);
    let _ = tokio::time::timeout(shared.config.shutdown_grace, graceful.shutdown()).await;
}

/// Waits for SIGINT or SIGTERM.
pub(crate) async fn shutdown_signal() -> io::Result<()> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let mut term = signal(SignalKind::terminate())?;
        let mut int = signal(SignalKind::interrupt())?;
        tokio::select! {
            _ = term.recv() => {},
            _ = int.recv() => {},
        }
        Ok(())
    }
    #[cfg(not(unix))]
    {
        tokio::signal::ctrl_c().await
    }
}

/// A random (version 4) UUID, AWS's request id format.
fn request_id(rng: &ring::rand::SystemRandom) -> String {
    let mut b = [0u8; 16];
    if ring::rand::SecureRandom::fill(rng, &mut b).is_err() {
        // request ids need to be unique, not secret: fall back to the clock
        let nanos = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        b = nanos.to_le_bytes();
    }
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h = hex::encode(b);
    format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}

async fn respond(shared: &Shared, peer: SocketAddr, req: Request<Body>) -> Response<Full<Bytes>> {
    let started = Instant::now();
    let id = request_id(&shared.rng);
    let (parts, body) = req.into_parts();
    let max = shared.config.max_body_bytes;
    let collected = tokio::time::timeout(
        shared.config.body_read_timeout,
        Limited::new(body, max).collect(),
    )
    .await;
    let body = match collected {
        Ok(Ok(b)) => Some(b.to_bytes()),
        Ok(Err(e)) if e.downcast_ref::<LengthLimitError>().is_some() => {
            let reply = kms_json::error(
                413,
                "RequestEntityTooLargeException",
                &format!("The request body is larger than {max} bytes."),
                LogFields::default(),
            );
            return finish(shared, &parts, peer.ip(), &id, started, reply, None, true);
        }
        // the client went away or sent a malformed body
        Ok(Err(_)) => None,
        Err(_) => {
            let reply = kms_json::error(
                408,
                "RequestTimeoutException",
                "The request body was not received in time.",
                LogFields::default(),
            );
            return finish(shared, &parts, peer.ip(), &id, started, reply, None, true);
        }
    };
    let Some(body) = body else {
        let reply = kms_json::error(
            400,
            "SerializationException",
            "The request body could not be read.",
            LogFields::default(),
        );
        return finish(shared, &parts, peer.ip(), &id, started, reply, None, true);
    };
    let headers: Vec<(&str, &[u8])> = parts
        .headers
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_bytes()))
        .collect();
    let incoming = Incoming {
        method: parts.method.as_str(),
        path: parts.uri.path(),
        query: parts.uri.query().unwrap_or(""),
        headers: &headers,
        body: &body,
        peer: peer.ip(),
    };
    let fault = if service::is_secrets(&headers) {
        "InternalServiceError"
    } else {
        "KMSInternalException"
    };
    let serve = || guarded(fault, || service::handle(&shared.state, &incoming, &id));
    // In memory an operation takes microseconds: run it right here. A persistent service may
    // wait for the store's lock and fsync, and a rotation waits for its rotation function
    // (which may call this endpoint): hand the worker's other connections to another thread
    // while it does.
    let reply = if shared.persistent || service::is_rotation(&headers) {
        tokio::task::block_in_place(serve)
    } else {
        serve()
    };
    let key = if shared.config.access_log {
        key_of(&body)
    } else {
        None
    };
    finish(shared, &parts, peer.ip(), &id, started, reply, key, false)
}

/// Runs `serve`; a panic becomes a 500 `fault` (`KMSInternalException`, or Secrets Manager's
/// `InternalServiceError`; the connection and the server carry on; the service's state is
/// behind poison-tolerant locks).
fn guarded(fault: &str, serve: impl FnOnce() -> Reply) -> Reply {
    catch_unwind(AssertUnwindSafe(serve)).unwrap_or_else(|_| {
        kms_json::error(
            500,
            fault,
            "An internal error occurred.",
            LogFields::default(),
        )
    })
}

/// The `KeyId` a KMS JSON request names (the `SecretId` or `Name` of a Secrets Manager one),
/// for the access log.
fn key_of(body: &[u8]) -> Option<String> {
    let v: serde_json::Value = serde_json::from_slice(body).ok()?;
    v.get("KeyId")
        .or_else(|| v.get("DestinationKeyId"))
        .or_else(|| v.get("SecretId"))
        .or_else(|| v.get("Name"))
        .and_then(|k| k.as_str())
        .map(str::to_owned)
}

#[allow(clippy::too_many_arguments)]
fn finish(
    shared: &Shared,
    parts: &hyper::http::request::Parts,
    peer: IpAddr,
    id: &str,
    started: Instant,
    reply: Reply,
    key: Option<String>,
    close: bool,
) -> Response<Full<Bytes>> {
    let status = StatusCode::from_u16(reply.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    if shared.config.access_log {
        let line = serde_json::json!({
            "time": datakey::time::format_iso8601(SystemTime::now()),
            "request_id": id,
            "peer": peer.to_string(),
            "method": parts.method.as_str(),
            "principal": reply.log.principal,
            "service": reply.log.service,
            "operation": reply.log.operation,
            "key": key,
            "status": reply.status,
            "error": reply.log.error,
            "latency_us": u64::try_from(started.elapsed().as_micros()).unwrap_or(u64::MAX),
        });
        eprintln!("{line}");
    }
    let mut resp = Response::new(Full::new(Bytes::from(reply.body)));
    *resp.status_mut() = status;
    let h = resp.headers_mut();
    h.insert(
        hyper::header::CONTENT_TYPE,
        HeaderValue::from_static(reply.content_type),
    );
    if let Ok(v) = HeaderValue::from_str(id) {
        h.insert(HeaderName::from_static("x-amzn-requestid"), v);
    }
    if let Some(v) = reply
        .error_type
        .as_deref()
        .and_then(|t| HeaderValue::from_str(t).ok())
    {
        h.insert(HeaderName::from_static("x-amzn-errortype"), v);
    }
    if close {
        h.insert(hyper::header::CONNECTION, HeaderValue::from_static("close"));
    }
    resp
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_while_serving_is_a_500_kms_internal_exception() {
        let reply = guarded("KMSInternalException", || panic!("boom"));
        assert_eq!(reply.status, 500);
        assert_eq!(reply.error_type.as_deref(), Some("KMSInternalException"));
        let body: serde_json::Value = serde_json::from_slice(&reply.body).expect("json");
        assert_eq!(body["__type"], "KMSInternalException");
    }

    #[test]
    fn a_panic_while_serving_secrets_manager_is_its_internal_service_error() {
        let headers: [(&str, &[u8]); 1] = [("X-Amz-Target", b"secretsmanager.GetSecretValue")];
        assert!(service::is_secrets(&headers));
        assert!(!service::is_secrets(&[(
            "x-amz-target",
            b"TrentService.Decrypt"
        )]));
        let reply = guarded("InternalServiceError", || panic!("boom"));
        assert_eq!(reply.status, 500);
        assert_eq!(reply.error_type.as_deref(), Some("InternalServiceError"));
    }

    #[test]
    fn request_ids_are_version_4_uuids() {
        let rng = ring::rand::SystemRandom::new();
        let id = request_id(&rng);
        assert_eq!(id.len(), 36);
        assert_eq!(&id[14..15], "4");
        assert!(matches!(&id[19..20], "8" | "9" | "a" | "b"));
        assert_ne!(id, request_id(&rng));
    }
}
