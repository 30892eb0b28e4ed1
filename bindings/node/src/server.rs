//! `serve({ kms, host, port })`: the AWS endpoint (`datakey_server`) in this process, serving a
//! `LocalKms` to real AWS clients (the AWS SDK for JavaScript v3, the ESDK's `KmsKeyringNode`)
//! on the server's own Rust threads: the requests never run on the JavaScript event loop, so a
//! test can `await client.send(...)` against it from the same process.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::{Mutex, PoisonError};

use datakey_server::{RunningServer, Server as HttpServer, ServerConfig};
use napi::Task;
use napi::bindgen_prelude::*;
use napi_derive::napi;

use crate::convert::{describe, number, opt, request, string};
use crate::error::{core_error, range_error, type_error};
use crate::kms::LocalKms;

/// The options of `serve`.
#[napi(object)]
pub struct ServeOptions<'a> {
    /// The service to serve (default: a new `LocalKms()`). Its clock, faults, key policies and
    /// propagation delay apply to every request.
    #[napi(ts_type = "LocalKms")]
    pub kms: Option<Unknown<'a>>,
    /// A loopback IP address to listen on (default `127.0.0.1`; `localhost` means `127.0.0.1`).
    #[napi(ts_type = "string")]
    pub host: Option<Unknown<'a>>,
    /// The port (default 0: any free port).
    #[napi(ts_type = "number")]
    pub port: Option<Unknown<'a>>,
}

/// A running endpoint (made by `serve`): `endpointUrl`, the account root's `accessKeyId` and
/// `secretAccessKey` (created for this server), `region`; `stop()` stops it gracefully
/// (in-flight requests finish). The server also stops when this object is garbage-collected.
#[napi]
pub struct Server {
    running: Mutex<Option<RunningServer>>,
    endpoint_url: String,
    port: u16,
    access_key_id: String,
    secret_access_key: String,
    region: String,
}

#[napi]
impl Server {
    /// `http://HOST:PORT`.
    #[napi(getter)]
    pub fn endpoint_url(&self) -> String {
        self.endpoint_url.clone()
    }

    /// The port the server listens on.
    #[napi(getter)]
    pub fn port(&self) -> u32 {
        u32::from(self.port)
    }

    /// The access key id of the account root's key.
    #[napi(getter)]
    pub fn access_key_id(&self) -> String {
        self.access_key_id.clone()
    }

    /// Its secret access key.
    #[napi(getter)]
    pub fn secret_access_key(&self) -> String {
        self.secret_access_key.clone()
    }

    /// The service's region (the one clients must sign for).
    #[napi(getter)]
    pub fn region(&self) -> String {
        self.region.clone()
    }

    /// True until `stop()`.
    #[napi(getter)]
    pub fn running(&self) -> bool {
        self.running
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .is_some()
    }

    /// Stops the server (idempotent); resolves once in-flight requests have finished and the
    /// port is closed. The wait runs on the libuv thread pool, not on the event loop.
    #[napi(catch_unwind, ts_return_type = "Promise<void>")]
    pub fn stop(&self) -> AsyncTask<Stop> {
        let running = self
            .running
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        AsyncTask::new(Stop(running))
    }

    /// The options for `new KMSClient(...)` / `new STSClient(...)` of the AWS SDK for
    /// JavaScript v3: `{ endpoint, region, credentials: { accessKeyId, secretAccessKey } }`.
    #[napi(catch_unwind)]
    pub fn client_config(&self) -> ClientConfig {
        ClientConfig {
            endpoint: self.endpoint_url.clone(),
            region: self.region.clone(),
            credentials: ClientCredentials {
                access_key_id: self.access_key_id.clone(),
                secret_access_key: self.secret_access_key.clone(),
            },
        }
    }
}

/// The SDK v3 client options that point a client at a `Server`.
#[napi(object)]
pub struct ClientConfig {
    /// The endpoint URL.
    pub endpoint: String,
    /// The region to sign for.
    pub region: String,
    /// The account root's access key.
    pub credentials: ClientCredentials,
}

/// Static credentials in the SDK v3 shape.
#[napi(object)]
pub struct ClientCredentials {
    /// The access key id.
    pub access_key_id: String,
    /// The secret access key.
    pub secret_access_key: String,
}

/// The wait of `Server.stop()`.
pub struct Stop(Option<RunningServer>);

impl Task for Stop {
    type Output = ();
    type JsValue = ();

    fn compute(&mut self) -> Result<()> {
        if let Some(running) = self.0.take() {
            running.stop();
        }
        Ok(())
    }

    fn resolve(&mut self, _env: Env, _output: ()) -> Result<()> {
        Ok(())
    }
}

/// The start of `serve`: the access key, then the bind and the server's threads.
pub struct Start {
    kms: Option<datakey::LocalKms>,
    listen: SocketAddr,
}

/// What can fail while starting.
pub enum StartError {
    /// Creating the access key (the store refused the write).
    Core(datakey::Error),
    /// Binding the address or starting the runtime.
    Io(std::io::Error),
}

impl Task for Start {
    type Output = std::result::Result<Server, StartError>;
    type JsValue = Server;

    fn compute(&mut self) -> Result<Self::Output> {
        let kms = self
            .kms
            .take()
            .ok_or_else(|| Error::new(Status::GenericFailure, "the task ran twice"))?;
        let key = match kms.create_access_key(None) {
            Ok(k) => k,
            Err(e) => return Ok(Err(StartError::Core(e))),
        };
        let secret = String::from_utf8_lossy(key.secret_access_key.expose_secret()).into_owned();
        let region = kms.region().to_owned();
        let config = ServerConfig {
            listen: self.listen,
            ..ServerConfig::default()
        };
        let running = match HttpServer::start(kms, config) {
            Ok(r) => r,
            Err(e) => return Ok(Err(StartError::Io(e))),
        };
        Ok(Ok(Server {
            endpoint_url: running.endpoint_url(),
            port: running.local_addr().port(),
            running: Mutex::new(Some(running)),
            access_key_id: key.metadata.access_key_id.clone(),
            secret_access_key: secret,
            region,
        }))
    }

    fn resolve(&mut self, env: Env, output: Self::Output) -> Result<Server> {
        match output {
            Ok(server) => Ok(server),
            Err(StartError::Core(e)) => Err(core_error(&env, &e)),
            Err(StartError::Io(e)) => Err(Error::new(
                Status::GenericFailure,
                format!("cannot start the server: {e}"),
            )),
        }
    }
}

/// Serves `options.kms` (a new `LocalKms()` when absent) over HTTP on `host:port` with AWS's
/// wire protocols: KMS (JSON 1.1) and STS `AssumeRole` / `GetCallerIdentity`, authenticated with
/// SigV4. Resolves to a running `Server` once it listens; an access key for the account root is
/// created for its clients. The server runs on its own Rust threads, off the event loop.
///
/// Throws `TypeError` for options of the wrong type and `RangeError` for a host that is not a
/// loopback IP address (the in-process server is for tests: it never listens beyond the
/// machine) or a port outside 0–65535; rejects when the address cannot be bound.
#[napi(catch_unwind, ts_args_type = "options?: ServeOptions")]
pub fn serve(env: Env, options: Option<Unknown<'_>>) -> Result<AsyncTask<Start>> {
    let o: ServeOptions<'_> = request(&env, options, "options")?;
    let kms = match opt(o.kms, |v| {
        ClassInstance::<LocalKms>::from_unknown(v).map_err(|_| {
            type_error(
                &env,
                format!(
                    "The \"options.kms\" property must be a LocalKms. {}",
                    describe(&v)
                ),
            )
        })
    })? {
        Some(k) => k.inner.clone(),
        None => datakey::LocalKms::new(),
    };
    let host = opt(o.host, |v| string(&env, v, "options.host"))?;
    let host = host.as_deref().unwrap_or("127.0.0.1");
    let ip: IpAddr = if host == "localhost" {
        Ipv4Addr::LOCALHOST.into()
    } else {
        host.parse().map_err(|_| {
            range_error(
                &env,
                format!("The \"options.host\" property {host:?} is not an IP address."),
            )
        })?
    };
    if !ip.is_loopback() {
        return Err(range_error(
            &env,
            format!(
                "The \"options.host\" property {host:?} is not a loopback address: the \
                 in-process server only listens on this machine."
            ),
        ));
    }
    let port = match opt(o.port, |v| number(&env, v, "options.port"))? {
        None => 0,
        Some(p) if p.fract() == 0.0 && (0.0..=65535.0).contains(&p) => {
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let port = p as u16;
            port
        }
        Some(p) => {
            return Err(range_error(
                &env,
                format!(
                    "The \"options.port\" property must be an integer from 0 to 65535. Received {p}"
                ),
            ));
        }
    };
    Ok(AsyncTask::new(Start {
        kms: Some(kms),
        listen: SocketAddr::new(ip, port),
    }))
}
