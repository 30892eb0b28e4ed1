//! `datakey.serve(...)`: the AWS endpoint (`datakey_server`) in this process, serving a
//! `LocalKms` to real AWS clients (boto3, the AWS CLI) on Rust threads that never take the GIL
//! (except to read a Python clock, as every core call does).

use std::sync::{Mutex, PoisonError};

use datakey_server::{RunningServer, Server, ServerConfig};
use pyo3::exceptions::{PyOSError, PyValueError};
use pyo3::prelude::*;

use crate::errors;
use crate::kms::PyLocalKms;

/// A running endpoint: `endpoint_url`, the account root's `access_key_id` and
/// `secret_access_key` (created for this server), `region`; `stop()` (also on leaving a `with`
/// block, and when the object is collected) stops it gracefully: in-flight requests finish.
#[pyclass(frozen, module = "datakey", name = "Server")]
pub(crate) struct PyServer {
    running: Mutex<Option<RunningServer>>,
    /// `http://HOST:PORT`.
    #[pyo3(get)]
    endpoint_url: String,
    /// The port the server listens on.
    #[pyo3(get)]
    port: u16,
    /// The access key id of the account root's key.
    #[pyo3(get)]
    access_key_id: String,
    /// Its secret access key.
    #[pyo3(get)]
    secret_access_key: String,
    /// The service's region (the one clients must sign for).
    #[pyo3(get)]
    region: String,
}

#[pymethods]
impl PyServer {
    /// Stops the server (idempotent), with the GIL released while in-flight requests finish.
    fn stop(&self, py: Python<'_>) {
        let running = self
            .running
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        if let Some(r) = running {
            py.detach(move || r.stop());
        }
    }

    /// True until `stop()`.
    #[getter]
    fn running(&self) -> bool {
        self.running
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .is_some()
    }

    fn __enter__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    #[pyo3(signature = (*_args))]
    fn __exit__(&self, py: Python<'_>, _args: &Bound<'_, pyo3::types::PyTuple>) -> bool {
        self.stop(py);
        false
    }

    fn __repr__(&self) -> String {
        format!(
            "<datakey.Server {} region={} running={}>",
            self.endpoint_url,
            self.region,
            self.running()
        )
    }
}

impl Drop for PyServer {
    fn drop(&mut self) {
        let running = self
            .running
            .get_mut()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        drop(running);
    }
}

/// Serves `kms` (a new `LocalKms()` when `None`) over HTTP on `host:port` (port 0: any free
/// port) with AWS's wire protocols: KMS and Secrets Manager (JSON 1.1, `TrentService.*` and
/// `secretsmanager.*`) and STS `AssumeRole`/`GetCallerIdentity`, SigV4-authenticated. The
/// service's clock, faults, key policies and propagation delay apply.
/// An access key for the account root is created for the server's clients.
///
/// The Secrets Manager served is the one of `kms` itself: its secrets live with its keys, so
/// `datakey.LocalSecretsManager(kms)` in this process sees every secret the clients create and
/// the other way round, and the rotation functions registered on it
/// (`register_rotation_function`) are the ones the endpoint's `RotateSecret` calls.
///
/// # Errors
///
/// `ValueError` for a host that is not a loopback IP address (the in-process server is for
/// tests: it never listens beyond the machine); `OSError` when the address cannot be bound.
#[pyfunction]
#[pyo3(signature = (kms = None, *, host = "127.0.0.1", port = 0))]
pub(crate) fn serve(
    py: Python<'_>,
    kms: Option<&Bound<'_, PyLocalKms>>,
    host: &str,
    port: u16,
) -> PyResult<PyServer> {
    let kms = match kms {
        Some(k) => k.get().kms.clone(),
        None => datakey::LocalKms::new(),
    };
    let ip: std::net::IpAddr = if host == "localhost" {
        std::net::Ipv4Addr::LOCALHOST.into()
    } else {
        host.parse()
            .map_err(|_| PyValueError::new_err(format!("host {host:?} is not an IP address")))?
    };
    if !ip.is_loopback() {
        return Err(PyValueError::new_err(format!(
            "host {host:?} is not a loopback address: the in-process server only listens on this machine"
        )));
    }
    let key = kms.create_access_key(None).map_err(errors::core)?;
    let secret = String::from_utf8_lossy(key.secret_access_key.expose_secret()).into_owned();
    let region = kms.region().to_owned();
    let config = ServerConfig {
        listen: std::net::SocketAddr::new(ip, port),
        ..ServerConfig::default()
    };
    let running = py
        .detach(move || Server::start(kms, config))
        .map_err(|e| PyOSError::new_err(e.to_string()))?;
    Ok(PyServer {
        endpoint_url: running.endpoint_url(),
        port: running.local_addr().port(),
        running: Mutex::new(Some(running)),
        access_key_id: key.metadata.access_key_id.clone(),
        secret_access_key: secret,
        region,
    })
}
