//! A client-side cache of secret values with the semantics of AWS's caching clients
//! (`aws-secretsmanager-caching-python` and `-java`): what an application puts in front of
//! `GetSecretValue`, here in front of a [`LocalSecretsManager`].
//!
//! - Each secret is refreshed after a time-to-live (default 1 hour) drawn at random in
//!   `[ttl/2, ttl]` for each refresh, so many processes do not refresh together.
//! - A refresh calls **`DescribeSecret` only**; `GetSecretValue` (by `VersionId`) is called only
//!   when the version behind the label changed. Versions are immutable and cached by id.
//! - When a refresh fails, the error is kept and retried after `1 s × 2^n` (base and factor
//!   configurable; at most 1 hour);
//!   meanwhile the **stale** value is served. Only a secret never fetched fails with the error.
//! - At most 1,024 secrets (least recently used evicted).
//! - Time is the service's (injectable) clock, so a test can move past a TTL.
//!
//! ```
//! use std::sync::Arc;
//! use std::time::Duration;
//! use datakey::secrets::cache::SecretCache;
//! use datakey::secrets::{CreateSecretRequest, LocalSecretsManager, PutSecretValueRequest};
//! use datakey::{LocalKms, ManualClock};
//!
//! let clock = ManualClock::default();
//! let kms = LocalKms::builder().clock(Arc::new(clock.clone())).build()?;
//! let sm = LocalSecretsManager::new(&kms);
//! sm.create_secret(CreateSecretRequest {
//!     name: "db".into(),
//!     secret_string: Some("v1".into()),
//!     ..Default::default()
//! })?;
//! let cache = SecretCache::new(sm.clone());
//! assert_eq!(cache.get_secret_string("db")?.expose_secret(), "v1");
//! sm.put_secret_value(PutSecretValueRequest {
//!     secret_id: "db".into(),
//!     secret_string: Some("v2".into()),
//!     ..Default::default()
//! })?;
//! assert_eq!(cache.get_secret_string("db")?.expose_secret(), "v1"); // cached
//! clock.advance(Duration::from_secs(3600));
//! assert_eq!(cache.get_secret_string("db")?.expose_secret(), "v2"); // refreshed
//! # Ok::<(), datakey::Error>(())
//! ```

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, SystemTime};

use crate::error::{Error, Result};
use crate::secret::SecretBytes;

use super::{
    AWSCURRENT, DescribeSecretResponse, GetSecretValueRequest, LocalSecretsManager,
    SecretIdRequest, SecretString,
};

/// The cache's settings, with AWS's defaults.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecretCacheConfig {
    /// At most this many secrets (default 1,024).
    pub max_cache_size: usize,
    /// How long a secret is served before it is refreshed (default 1 hour); each refresh is
    /// due at a random point in `[ttl/2, ttl]`.
    pub secret_refresh_interval: Duration,
    /// The label read when none is given (default `AWSCURRENT`).
    pub default_version_stage: String,
    /// The first retry delay after a failed refresh (default 1 s), multiplied by
    /// `exception_retry_growth_factor` after each failure.
    pub exception_retry_delay_base: Duration,
    /// The factor between two retry delays (default 2).
    pub exception_retry_growth_factor: u32,
    /// The longest retry delay (default 1 hour).
    pub exception_retry_delay_max: Duration,
}

impl Default for SecretCacheConfig {
    fn default() -> Self {
        Self {
            max_cache_size: 1024,
            secret_refresh_interval: Duration::from_secs(3600),
            default_version_stage: AWSCURRENT.to_owned(),
            exception_retry_delay_base: Duration::from_secs(1),
            exception_retry_growth_factor: 2,
            exception_retry_delay_max: Duration::from_secs(3600),
        }
    }
}

/// A cached value (immutable per version id).
enum Cached {
    String(SecretString),
    Binary(SecretBytes),
}

/// What the cache knows about one secret.
struct Item {
    describe: Option<DescribeSecretResponse>,
    next_refresh: SystemTime,
    error: Option<Error>,
    errors: u32,
    next_retry: SystemTime,
    versions: HashMap<String, Cached>,
    /// The version last served for each label (served again when a new one cannot be read).
    served: HashMap<String, String>,
    used: u64,
}

/// The cache. `Send + Sync`; one lock guards it (calls to the service run under it, as in
/// AWS's clients, where each secret's item is locked while it refreshes).
pub struct SecretCache {
    sm: LocalSecretsManager,
    config: SecretCacheConfig,
    items: Mutex<(HashMap<String, Item>, u64)>,
}

impl core::fmt::Debug for SecretCache {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("SecretCache")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

impl SecretCache {
    /// A cache with AWS's defaults.
    pub fn new(sm: LocalSecretsManager) -> Self {
        Self::with_config(sm, SecretCacheConfig::default())
    }

    /// A cache with these settings.
    pub fn with_config(sm: LocalSecretsManager, config: SecretCacheConfig) -> Self {
        Self {
            sm,
            config,
            items: Mutex::new((HashMap::new(), 0)),
        }
    }

    /// The `SecretString` of the default label.
    ///
    /// # Errors
    ///
    /// The service's error when the secret was never fetched (or its version cannot be);
    /// [`Error::ResourceNotFound`] when the label is on no version or the value is binary.
    pub fn get_secret_string(&self, secret_id: &str) -> Result<SecretString> {
        self.get_secret_string_stage(secret_id, None)
    }

    /// The `SecretString` of `version_stage` (default label when `None`).
    ///
    /// # Errors
    ///
    /// As [`get_secret_string`](Self::get_secret_string).
    pub fn get_secret_string_stage(
        &self,
        secret_id: &str,
        version_stage: Option<&str>,
    ) -> Result<SecretString> {
        match self.get(secret_id, version_stage)? {
            Cached::String(s) => Ok(s),
            Cached::Binary(_) => Err(Error::ResourceNotFound(format!(
                "The secret {secret_id} has a binary value, not a string."
            ))),
        }
    }

    /// The `SecretBinary` of `version_stage` (default label when `None`).
    ///
    /// # Errors
    ///
    /// As [`get_secret_string`](Self::get_secret_string), for a string value too.
    pub fn get_secret_binary(
        &self,
        secret_id: &str,
        version_stage: Option<&str>,
    ) -> Result<SecretBytes> {
        match self.get(secret_id, version_stage)? {
            Cached::Binary(b) => Ok(b),
            Cached::String(_) => Err(Error::ResourceNotFound(format!(
                "The secret {secret_id} has a string value, not a binary one."
            ))),
        }
    }

    /// Refreshes the secret now (AWS's clients also sleep 2.5–5 s first; this one does not).
    ///
    /// # Errors
    ///
    /// The refresh's error (the cached value is kept).
    pub fn refresh_now(&self, secret_id: &str) -> Result<()> {
        let mut guard = self.items.lock().unwrap_or_else(PoisonError::into_inner);
        let (items, _) = &mut *guard;
        if let Some(item) = items.get_mut(secret_id) {
            item.error = None;
            item.next_refresh = SystemTime::UNIX_EPOCH;
        }
        drop(guard);
        self.get_describe(secret_id).map(drop)
    }

    fn now(&self) -> SystemTime {
        self.sm.kms().service_now()
    }

    /// The next refresh after `now`: at random in `[ttl/2, ttl]`.
    fn next_refresh(&self, now: SystemTime) -> SystemTime {
        let ttl = self.config.secret_refresh_interval;
        let half = ttl / 2;
        let span = u64::try_from((ttl - half).as_millis()).unwrap_or(u64::MAX);
        let mut b = [0u8; 8];
        let jitter = if span > 0 && crate::crypto::fill_random(&mut b).is_ok() {
            u64::from_be_bytes(b) % (span + 1)
        } else {
            span
        };
        now + half + Duration::from_millis(jitter)
    }

    /// The item of `secret_id`, refreshed if due; `Some(error)` for a secret never fetched.
    fn get_describe(&self, secret_id: &str) -> Result<()> {
        let now = self.now();
        let mut guard = self.items.lock().unwrap_or_else(PoisonError::into_inner);
        let (items, tick) = &mut *guard;
        *tick += 1;
        if !items.contains_key(secret_id)
            && items.len() >= self.config.max_cache_size.max(1)
            && let Some(oldest) = items
                .iter()
                .min_by_key(|(_, i)| i.used)
                .map(|(k, _)| k.clone())
        {
            items.remove(&oldest);
        }
        let item = items.entry(secret_id.to_owned()).or_insert_with(|| Item {
            describe: None,
            next_refresh: SystemTime::UNIX_EPOCH,
            error: None,
            errors: 0,
            next_retry: SystemTime::UNIX_EPOCH,
            versions: HashMap::new(),
            served: HashMap::new(),
            used: 0,
        });
        item.used = *tick;
        let due = if item.error.is_some() {
            item.next_retry <= now
        } else {
            item.describe.is_none() || item.next_refresh <= now
        };
        if due {
            match self.sm.describe_secret(SecretIdRequest {
                secret_id: secret_id.to_owned(),
            }) {
                Ok(d) => {
                    item.describe = Some(d);
                    item.error = None;
                    item.errors = 0;
                    item.next_refresh = self.next_refresh(now);
                }
                Err(e) => {
                    let factor = self
                        .config
                        .exception_retry_growth_factor
                        .saturating_pow(item.errors);
                    let delay = self
                        .config
                        .exception_retry_delay_base
                        .saturating_mul(factor)
                        .min(self.config.exception_retry_delay_max);
                    item.errors = item.errors.saturating_add(1);
                    item.next_retry = now + delay;
                    item.error = Some(e);
                }
            }
        }
        match (&item.describe, &item.error) {
            (None, Some(e)) => Err(e.duplicate()),
            _ => Ok(()),
        }
    }

    fn get(&self, secret_id: &str, version_stage: Option<&str>) -> Result<Cached> {
        self.get_describe(secret_id)?;
        let stage = version_stage.unwrap_or(&self.config.default_version_stage);
        let mut guard = self.items.lock().unwrap_or_else(PoisonError::into_inner);
        let (items, _) = &mut *guard;
        let item = items
            .get_mut(secret_id)
            .ok_or_else(|| Error::ResourceNotFound(super::MSG_NOT_FOUND.to_owned()))?;
        let version_id = item
            .describe
            .as_ref()
            .and_then(|d| {
                d.version_ids_to_stages
                    .iter()
                    .find(|(_, s)| s.iter().any(|x| x == stage))
                    .map(|(v, _)| v.clone())
            })
            .ok_or_else(|| {
                Error::ResourceNotFound(format!(
                    "Secrets Manager can't find the specified secret value for staging label: \
                     {stage}"
                ))
            })?;
        let mut version_id = version_id;
        if !item.versions.contains_key(&version_id) {
            let got = match self.sm.get_secret_value(GetSecretValueRequest {
                secret_id: secret_id.to_owned(),
                version_id: Some(version_id.clone()),
                version_stage: None,
            }) {
                Ok(got) => got,
                Err(e) => match item.served.get(stage) {
                    // The stale value, as when DescribeSecret fails.
                    Some(old) if item.versions.contains_key(old) => {
                        version_id = old.clone();
                        return Ok(copy(&item.versions[&version_id]));
                    }
                    _ => return Err(e),
                },
            };
            let value = match (got.secret_string, got.secret_binary) {
                (Some(s), _) => Cached::String(s),
                (None, Some(b)) => Cached::Binary(b),
                (None, None) => {
                    return Err(Error::ResourceNotFound(format!(
                        "Secrets Manager can't find the specified secret value for VersionId: \
                         {version_id}"
                    )));
                }
            };
            item.versions.insert(version_id.clone(), value);
            // Versions are immutable; keep those still behind a label or last served.
            let keep: Vec<String> = item
                .describe
                .iter()
                .flat_map(|d| d.version_ids_to_stages.keys().cloned())
                .chain(item.served.values().cloned())
                .collect();
            item.versions.retain(|v, _| keep.contains(v));
        }
        item.served.insert(stage.to_owned(), version_id.clone());
        Ok(copy(&item.versions[&version_id]))
    }
}

fn copy(c: &Cached) -> Cached {
    match c {
        Cached::String(s) => Cached::String(SecretString::from(s.expose_secret())),
        Cached::Binary(b) => Cached::Binary(SecretBytes::copy_from_slice(b.expose_secret())),
    }
}
