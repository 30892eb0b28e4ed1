//! `datakey.SecretCache` and `datakey.SecretCacheConfig`: the core's caching client
//! ([`datakey::secrets::cache`]) in the shape of AWS's Python caching library
//! (`aws_secretsmanager_caching.SecretCache` / `SecretCacheConfig`), over a
//! `datakey.LocalSecretsManager` and on its `LocalKms`'s clock.

use std::sync::Arc;
use std::time::Duration;

use datakey::secrets::cache::{SecretCache, SecretCacheConfig};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyBytes;

use crate::buf;
use crate::clock::{self, PyClock};
use crate::errors;
use crate::secrets::PySecretsManager;

/// `SecretCacheConfig(**options)`: the cache's settings, with the defaults and option names of
/// AWS's `aws_secretsmanager_caching.SecretCacheConfig` (durations in seconds, or
/// `timedelta`s). `secret_cache_hook` is not supported and must be `None`.
#[pyclass(frozen, module = "datakey", name = "SecretCacheConfig")]
#[derive(Clone)]
pub(crate) struct PySecretCacheConfig {
    config: SecretCacheConfig,
}

fn seconds(what: &str, obj: Option<&Bound<'_, PyAny>>, default: Duration) -> PyResult<Duration> {
    obj.map_or(Ok(default), |o| clock::duration(what, o))
}

#[pymethods]
impl PySecretCacheConfig {
    #[new]
    #[pyo3(signature = (*, max_cache_size=1024, exception_retry_delay_base=None, exception_retry_growth_factor=2, exception_retry_delay_max=None, default_version_stage=None, secret_refresh_interval=None, secret_cache_hook=None))]
    fn new(
        max_cache_size: usize,
        exception_retry_delay_base: Option<&Bound<'_, PyAny>>,
        exception_retry_growth_factor: u32,
        exception_retry_delay_max: Option<&Bound<'_, PyAny>>,
        default_version_stage: Option<String>,
        secret_refresh_interval: Option<&Bound<'_, PyAny>>,
        secret_cache_hook: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        if secret_cache_hook.is_some_and(|h| !h.is_none()) {
            return Err(PyValueError::new_err(
                "secret_cache_hook is not supported by datakey's SecretCache: pass None",
            ));
        }
        if max_cache_size == 0 {
            return Err(PyValueError::new_err("max_cache_size must be at least 1"));
        }
        if exception_retry_growth_factor == 0 {
            return Err(PyValueError::new_err(
                "exception_retry_growth_factor must be at least 1",
            ));
        }
        let d = SecretCacheConfig::default();
        Ok(Self {
            config: SecretCacheConfig {
                max_cache_size,
                exception_retry_delay_base: seconds(
                    "exception_retry_delay_base",
                    exception_retry_delay_base,
                    d.exception_retry_delay_base,
                )?,
                exception_retry_growth_factor,
                exception_retry_delay_max: seconds(
                    "exception_retry_delay_max",
                    exception_retry_delay_max,
                    d.exception_retry_delay_max,
                )?,
                default_version_stage: default_version_stage.unwrap_or(d.default_version_stage),
                secret_refresh_interval: seconds(
                    "secret_refresh_interval",
                    secret_refresh_interval,
                    d.secret_refresh_interval,
                )?,
            },
        })
    }

    /// At most this many secrets are cached (least recently used evicted).
    #[getter]
    fn max_cache_size(&self) -> usize {
        self.config.max_cache_size
    }

    /// Seconds before the first retry after a failed refresh.
    #[getter]
    fn exception_retry_delay_base(&self) -> f64 {
        self.config.exception_retry_delay_base.as_secs_f64()
    }

    /// The factor between two retry delays.
    #[getter]
    fn exception_retry_growth_factor(&self) -> u32 {
        self.config.exception_retry_growth_factor
    }

    /// The longest retry delay, in seconds.
    #[getter]
    fn exception_retry_delay_max(&self) -> f64 {
        self.config.exception_retry_delay_max.as_secs_f64()
    }

    /// The label read when none is given.
    #[getter]
    fn default_version_stage(&self) -> &str {
        &self.config.default_version_stage
    }

    /// Seconds a value is served before a refresh (each due at random in `[ttl/2, ttl]`).
    #[getter]
    fn secret_refresh_interval(&self) -> f64 {
        self.config.secret_refresh_interval.as_secs_f64()
    }

    /// Always `None` (hooks are not supported).
    #[getter]
    fn secret_cache_hook(&self) -> Option<Py<PyAny>> {
        None
    }

    fn __repr__(&self) -> String {
        let c = &self.config;
        format!(
            "SecretCacheConfig(max_cache_size={}, exception_retry_delay_base={}, \
             exception_retry_growth_factor={}, exception_retry_delay_max={}, \
             default_version_stage={:?}, secret_refresh_interval={})",
            c.max_cache_size,
            c.exception_retry_delay_base.as_secs_f64(),
            c.exception_retry_growth_factor,
            c.exception_retry_delay_max.as_secs_f64(),
            c.default_version_stage,
            c.secret_refresh_interval.as_secs_f64()
        )
    }
}

/// `SecretCache(config=None, client=...)`: a client-side cache of secret values with the
/// semantics of AWS's caching clients, over a `LocalSecretsManager` (`client`, required) and on
/// its `LocalKms`'s clock. A refresh is due at random between half and all of
/// `secret_refresh_interval`; it calls `DescribeSecret` first and `GetSecretValue` only when
/// the version behind the label changed; when a refresh fails the stale value is served.
#[pyclass(frozen, module = "datakey", name = "SecretCache")]
pub(crate) struct PySecretCache {
    cache: SecretCache,
    config: PySecretCacheConfig,
    python_clock: Option<Arc<PyClock>>,
}

impl PySecretCache {
    fn run<T, F>(&self, py: Python<'_>, f: F) -> PyResult<T>
    where
        F: FnOnce(&SecretCache) -> datakey::Result<T> + Send,
        T: Send,
    {
        let cache = &self.cache;
        let result = buf::maybe_detach(py, self.python_clock.is_some(), || f(cache));
        if let Some(e) = self.python_clock.as_ref().and_then(|c| c.take_error()) {
            return Err(e);
        }
        result.map_err(errors::core)
    }
}

#[pymethods]
impl PySecretCache {
    #[new]
    #[pyo3(signature = (config=None, client=None))]
    fn new(
        config: Option<&PySecretCacheConfig>,
        client: Option<&PySecretsManager>,
    ) -> PyResult<Self> {
        let client = client.ok_or_else(|| {
            PyTypeError::new_err(
                "SecretCache needs client=, a datakey.LocalSecretsManager (datakey has no \
                 default AWS client)",
            )
        })?;
        let config = config.cloned().unwrap_or_else(|| PySecretCacheConfig {
            config: SecretCacheConfig::default(),
        });
        Ok(Self {
            cache: SecretCache::with_config(client.sm.clone(), config.config.clone()),
            config,
            python_clock: client.python_clock.clone(),
        })
    }

    /// The settings.
    #[getter]
    fn config(&self) -> PySecretCacheConfig {
        self.config.clone()
    }

    /// The `SecretString` of `version_stage` (the default label when `None`).
    #[pyo3(signature = (secret_id, version_stage=None))]
    fn get_secret_string(
        &self,
        py: Python<'_>,
        secret_id: String,
        version_stage: Option<String>,
    ) -> PyResult<String> {
        let s = self.run(py, |c| {
            c.get_secret_string_stage(&secret_id, version_stage.as_deref())
        })?;
        Ok(s.expose_secret().to_owned())
    }

    /// The `SecretBinary` of `version_stage` (the default label when `None`).
    #[pyo3(signature = (secret_id, version_stage=None))]
    fn get_secret_binary<'py>(
        &self,
        py: Python<'py>,
        secret_id: String,
        version_stage: Option<String>,
    ) -> PyResult<Bound<'py, PyBytes>> {
        let b = self.run(py, |c| {
            c.get_secret_binary(&secret_id, version_stage.as_deref())
        })?;
        Ok(buf::to_bytes(py, b.expose_secret()))
    }

    /// Refreshes the secret's metadata now (AWS's client first sleeps 2.5–5 s; this one does
    /// not). The cached value is kept when the refresh fails.
    fn refresh_secret_now(&self, py: Python<'_>, secret_id: String) -> PyResult<()> {
        self.run(py, |c| c.refresh_now(&secret_id))
    }

    fn __repr__(&self) -> String {
        format!("SecretCache(config={})", self.config.__repr__())
    }
}
