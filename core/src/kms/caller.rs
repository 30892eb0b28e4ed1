//! Callers: who an operation runs as (a principal ARN, a source IP, optional session
//! credentials), and the `AssumeRole`-like issuing of temporary credentials.

use core::fmt;
use std::net::IpAddr;
use std::time::SystemTime;

use crate::error::{Error, Result};
use crate::secret::SecretBytes;

use super::policy::principal_resource;

/// The shortest session `AssumeRole` issues, in seconds.
pub const MIN_SESSION_DURATION_SECONDS: i64 = 900;
/// The longest session `AssumeRole` issues, in seconds (12 hours).
pub const MAX_SESSION_DURATION_SECONDS: i64 = 43_200;
/// The session length when `AssumeRole` is given none, in seconds.
pub const DEFAULT_SESSION_DURATION_SECONDS: i64 = 3600;

/// The identity an operation runs as. Plain data: build one with [`Caller::new`] (any IAM user,
/// role, root or assumed-role ARN, taken at face value) or [`Caller::from_assume_role`]
/// (session credentials, checked on every call), then run operations as it with
/// [`LocalKms::as_caller`](super::LocalKms::as_caller).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    /// `arn:aws:iam::<account>:root`, `…:user/<name>`, `…:role/<name>`, or
    /// `arn:aws:sts::<account>:assumed-role/<role>/<session>`.
    pub principal_arn: String,
    /// The request's source IP (`aws:SourceIp`); `None` when the request has none.
    pub source_ip: Option<IpAddr>,
    /// Session credentials from `AssumeRole`: when set, every call checks them (unknown →
    /// `UnrecognizedClientException`, expired → `ExpiredTokenException`).
    pub session: Option<SessionToken>,
}

/// The part of temporary credentials a request carries: the access key id and the session
/// token (the secret access key only signs requests, which datakey does not model).
#[derive(Clone, PartialEq, Eq)]
pub struct SessionToken {
    /// `ASIA…`.
    pub access_key_id: String,
    /// The session token.
    pub session_token: String,
}

impl fmt::Debug for SessionToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SessionToken")
            .field("access_key_id", &self.access_key_id)
            .field("session_token", &"<redacted>")
            .finish()
    }
}

impl Caller {
    /// A caller with this principal ARN, no source IP and no session credentials.
    pub fn new(principal_arn: impl Into<String>) -> Self {
        Self {
            principal_arn: principal_arn.into(),
            source_ip: None,
            session: None,
        }
    }

    /// The account's root principal, `arn:aws:iam::<account>:root` (what a [`LocalKms`]
    /// without a caller runs as).
    ///
    /// [`LocalKms`]: super::LocalKms
    pub fn account_root(account_id: &str) -> Self {
        Self::new(format!("arn:aws:iam::{account_id}:root"))
    }

    /// The session of an [`AssumeRoleResponse`]: its assumed-role ARN and its credentials.
    pub fn from_assume_role(resp: &AssumeRoleResponse) -> Self {
        Self {
            principal_arn: resp.assumed_role_user.arn.clone(),
            source_ip: None,
            session: Some(SessionToken {
                access_key_id: resp.credentials.access_key_id.clone(),
                session_token: resp.credentials.session_token.clone(),
            }),
        }
    }

    /// The same caller with this source IP.
    pub fn with_source_ip(mut self, ip: IpAddr) -> Self {
        self.source_ip = Some(ip);
        self
    }

    /// The same caller with this source IP, given as text.
    ///
    /// # Errors
    ///
    /// [`Error::Validation`] when `ip` is not an IPv4 or IPv6 address.
    pub fn with_source_ip_str(self, ip: &str) -> Result<Self> {
        let parsed = ip
            .parse::<IpAddr>()
            .map_err(|_| Error::Validation(format!("{ip:?} is not an IP address.")))?;
        Ok(self.with_source_ip(parsed))
    }

    /// Checks the principal ARN's syntax.
    pub(crate) fn validate(&self) -> Result<()> {
        if principal_resource(&self.principal_arn).is_none() {
            return Err(Error::Validation(format!(
                "{:?} is not a principal ARN (arn:aws:iam::<account>:root|user/<name>|role/<name> \
                 or arn:aws:sts::<account>:assumed-role/<role>/<session>).",
                self.principal_arn
            )));
        }
        Ok(())
    }
}

/// `AssumeRole` parameters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AssumeRoleRequest {
    /// `arn:aws:iam::<account>:role/<path/><name>`, 20..2048 characters.
    pub role_arn: String,
    /// 2..64 characters of `[\w+=,.@-]`.
    pub role_session_name: String,
    /// 900..43200 seconds (default 3600).
    pub duration_seconds: Option<i64>,
}

/// Temporary credentials. `Debug` shows the access key id and the expiry only.
#[derive(PartialEq, Eq)]
pub struct Credentials {
    /// `ASIA` and 16 characters.
    pub access_key_id: String,
    /// 40 characters (zeroized on drop).
    pub secret_access_key: SecretBytes,
    /// The session token requests carry.
    pub session_token: String,
    /// When the credentials stop working.
    pub expiration: SystemTime,
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key_id", &self.access_key_id)
            .field("expiration", &self.expiration)
            .finish_non_exhaustive()
    }
}

/// The identity of an assumed-role session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssumedRoleUser {
    /// `arn:aws:sts::<account>:assumed-role/<role name>/<session name>`.
    pub arn: String,
    /// `AROA…:<session name>`.
    pub assumed_role_id: String,
}

/// `AssumeRole` result.
#[derive(Debug, PartialEq, Eq)]
pub struct AssumeRoleResponse {
    /// The temporary credentials.
    pub credentials: Credentials,
    /// Who they act as.
    pub assumed_role_user: AssumedRoleUser,
}

/// A session the service issued.
#[derive(Debug)]
pub(crate) struct Session {
    pub(crate) principal_arn: String,
    /// `AROA…:<session name>`, what `GetCallerIdentity` answers as `UserId`.
    pub(crate) user_id: String,
    pub(crate) session_token: String,
    /// The key requests of the session are signed with (SigV4).
    pub(crate) secret_access_key: SecretBytes,
    pub(crate) expiration: SystemTime,
}

/// `[\w+=,.@-]`
fn session_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '+' | '=' | ',' | '.' | '@' | '-')
}

/// Validates an `AssumeRole` request and returns `(account, role name, duration)`.
pub(crate) fn check_assume_role(req: &AssumeRoleRequest) -> Result<(String, String, i64)> {
    super::ids::check_len("roleArn", &req.role_arn, 20, 2048)?;
    super::ids::check_len("roleSessionName", &req.role_session_name, 2, 64)?;
    if !req.role_session_name.chars().all(session_name_char) {
        return Err(Error::Validation(format!(
            "1 validation error detected: Value '{}' at 'roleSessionName' failed to satisfy \
             constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*",
            req.role_session_name
        )));
    }
    let duration = req
        .duration_seconds
        .unwrap_or(DEFAULT_SESSION_DURATION_SECONDS);
    super::ids::check_range(
        "durationSeconds",
        duration,
        MIN_SESSION_DURATION_SECONDS,
        MAX_SESSION_DURATION_SECONDS,
    )?;
    let role = principal_resource(&req.role_arn)
        .filter(|_| req.role_arn.split(':').nth(2) == Some("iam"))
        .and_then(|r| r.strip_prefix("role/"));
    let (Some(role), Some(account)) = (role, super::policy::arn_account(&req.role_arn)) else {
        return Err(Error::Validation(format!(
            "{} is not a valid role ARN (arn:aws:iam::<account>:role/<name>).",
            req.role_arn
        )));
    };
    let name = role.rsplit('/').next().unwrap_or(role).to_owned();
    Ok((account.to_owned(), name, duration))
}
