//! One request, synchronously: pick the protocol, authenticate, run the operation as the
//! verified caller, answer in the protocol's shape. No I/O here — the HTTP layer collects the
//! request and writes the [`Reply`].

use std::net::IpAddr;
use std::time::SystemTime;

use datakey::kms::{Caller, SessionToken};
use datakey::secrets::LocalSecretsManager;
use datakey::wire::secrets::SIGNING_NAME as SECRETS_SIGNING_NAME;
use datakey::{Error, LocalKms};

use crate::kms_json;
use crate::sigv4::{self, AuthError, AuthErrorKind, Expected};
use crate::sts;

/// A request as the HTTP layer received it.
pub(crate) struct Incoming<'a> {
    pub(crate) method: &'a str,
    pub(crate) path: &'a str,
    pub(crate) query: &'a str,
    pub(crate) headers: &'a [(&'a str, &'a [u8])],
    pub(crate) body: &'a [u8],
    pub(crate) peer: IpAddr,
}

/// What to answer, and what the access log says about it.
#[derive(Debug)]
pub(crate) struct Reply {
    pub(crate) status: u16,
    pub(crate) content_type: &'static str,
    /// `x-amzn-ErrorType` (JSON protocol errors).
    pub(crate) error_type: Option<String>,
    pub(crate) body: Vec<u8>,
    pub(crate) log: LogFields,
}

/// The access log's view of a request.
#[derive(Debug, Default, Clone)]
pub(crate) struct LogFields {
    pub(crate) service: &'static str,
    pub(crate) operation: String,
    pub(crate) principal: Option<String>,
    /// The error code, when the request failed.
    pub(crate) error: Option<String>,
}

/// What every request is served against.
pub(crate) struct State {
    pub(crate) kms: LocalKms,
    pub(crate) region: String,
}

/// Who a verified request runs as.
pub(crate) struct Verified {
    /// The service handle running as the caller.
    pub(crate) kms: LocalKms,
    /// `GetCallerIdentity`'s `UserId`.
    pub(crate) user_id: String,
}

/// True for a Secrets Manager request (`X-Amz-Target: secretsmanager.*`).
pub(crate) fn is_secrets(headers: &[(&str, &[u8])]) -> bool {
    headers
        .iter()
        .any(|(n, v)| n.eq_ignore_ascii_case("x-amz-target") && v.starts_with(b"secretsmanager."))
}

/// True when `req` is a Secrets Manager `RotateSecret`, which calls the rotation function — a
/// client of this endpoint itself, whose requests need another worker while it runs.
pub(crate) fn is_rotation(headers: &[(&str, &[u8])]) -> bool {
    headers.iter().any(|(n, v)| {
        n.eq_ignore_ascii_case("x-amz-target") && *v == b"secretsmanager.RotateSecret"
    })
}

/// The protocol a request speaks, from its headers.
enum Protocol<'a> {
    /// AWS JSON 1.1, `X-Amz-Target: TrentService.<Operation>`.
    KmsJson { operation: &'a str },
    /// AWS JSON 1.1, `X-Amz-Target: secretsmanager.<Operation>`.
    SecretsJson { operation: &'a str },
    /// The STS Query protocol (form-encoded body or query string).
    StsQuery,
    /// A JSON 1.1 target of a service this endpoint does not serve, or none at all.
    Unknown { target: Option<String> },
}

fn protocol<'a>(req: &Incoming<'a>) -> Protocol<'a> {
    let header = |name: &str| {
        req.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| *v)
    };
    if let Some(target) = header("x-amz-target") {
        let target = core::str::from_utf8(target).unwrap_or("");
        return match target.split_once('.') {
            Some(("TrentService", op)) => Protocol::KmsJson { operation: op },
            Some(("secretsmanager", op)) => Protocol::SecretsJson { operation: op },
            _ => Protocol::Unknown {
                target: Some(target.to_owned()),
            },
        };
    }
    let form = header("content-type").is_some_and(|ct| {
        ct.len() >= 33 && ct[..33].eq_ignore_ascii_case(b"application/x-www-form-urlencoded")
    });
    if (req.method == "POST" && form) || (req.method == "GET" && req.query.contains("Action=")) {
        return Protocol::StsQuery;
    }
    Protocol::Unknown { target: None }
}

/// Serves one request.
pub(crate) fn handle(state: &State, req: &Incoming<'_>, request_id: &str) -> Reply {
    match protocol(req) {
        Protocol::KmsJson { operation } => {
            let mut log = LogFields {
                service: "kms",
                operation: operation.to_owned(),
                ..LogFields::default()
            };
            let verified = match authenticate(state, req, "kms", sigv4::KMS_MAX_SKEW) {
                Ok(v) => v,
                Err(Refusal::Auth(e)) => return kms_json::auth_error(&e, log),
                Err(Refusal::Service) => {
                    return kms_json::error(
                        500,
                        "KMSInternalException",
                        "The service could not read its key store.",
                        log,
                    );
                }
            };
            log.principal = Some(verified.kms.principal().to_owned());
            kms_json::dispatch(&verified.kms, operation, req.body, log)
        }
        Protocol::SecretsJson { operation } => {
            let mut log = LogFields {
                service: "secretsmanager",
                operation: operation.to_owned(),
                ..LogFields::default()
            };
            let verified = match authenticate(state, req, SECRETS_SIGNING_NAME, sigv4::KMS_MAX_SKEW)
            {
                Ok(v) => v,
                Err(Refusal::Auth(e)) => return kms_json::auth_error(&e, log),
                Err(Refusal::Service) => {
                    return kms_json::error(
                        500,
                        "InternalServiceError",
                        "The service could not read its key store.",
                        log,
                    );
                }
            };
            log.principal = Some(verified.kms.principal().to_owned());
            // The Secrets Manager of the same service, as the same caller: the secrets live
            // with the keys, and every handle on them shares the registered rotation functions.
            let secrets = LocalSecretsManager::new(&verified.kms);
            kms_json::dispatch_secrets(&secrets, operation, req.body, log)
        }
        Protocol::StsQuery => sts::handle(state, req, request_id),
        Protocol::Unknown { target } => kms_json::error(
            400,
            "UnknownOperationException",
            "",
            LogFields {
                service: "unknown",
                operation: target.unwrap_or_default(),
                ..LogFields::default()
            },
        ),
    }
}

/// Why a request was not let through.
pub(crate) enum Refusal {
    /// Authentication failed (the client's fault, in AWS's words).
    Auth(AuthError),
    /// The service could not look the credential up (its store failed; the error went to
    /// stderr for the operator, the client gets an internal error).
    Service,
}

impl From<AuthError> for Refusal {
    fn from(e: AuthError) -> Self {
        Refusal::Auth(e)
    }
}

/// Verifies the request's SigV4 signature for `service` and returns the service handle that
/// runs as its principal (with the peer address as `aws:SourceIp`). Session credentials are
/// checked here too (token and expiry, on the service's clock), so every protocol reports
/// them the same way.
pub(crate) fn authenticate(
    state: &State,
    req: &Incoming<'_>,
    service: &str,
    max_skew: std::time::Duration,
) -> Result<Verified, Refusal> {
    let view = sigv4::Request {
        method: req.method,
        path: req.path,
        query: req.query,
        headers: req.headers,
        body: req.body,
    };
    let expected = Expected {
        region: &state.region,
        service,
        max_skew,
        now: SystemTime::now(),
        normalize_path: true,
    };
    let parsed = sigv4::parse(&view, &expected)?;
    let Some(credential) = state
        .kms
        .signing_credential(parsed.access_key_id)
        .map_err(|e| {
            eprintln!("datakey-server: looking up an access key failed: {e}");
            Refusal::Service
        })?
    else {
        return Err(AuthError::unrecognized().into());
    };
    parsed.verify(
        &view,
        &expected,
        credential.secret_access_key.expose_secret(),
    )?;
    let session = match (credential.temporary, parsed.security_token) {
        (true, token) => Some(SessionToken {
            access_key_id: parsed.access_key_id.to_owned(),
            session_token: token.unwrap_or_default().to_owned(),
        }),
        (false, None) => None,
        // a session token with a long-term key: not a token this service issued
        (false, Some(_)) => return Err(AuthError::unrecognized().into()),
    };
    let caller = Caller {
        principal_arn: credential.principal_arn.clone(),
        source_ip: Some(req.peer),
        session,
    };
    let kms = state
        .kms
        .as_caller(caller)
        .map_err(|_| Refusal::Auth(AuthError::unrecognized()))?;
    if credential.temporary {
        match kms.get_caller_identity() {
            Ok(_) => {}
            Err(Error::ExpiredToken(_)) => {
                return Err(AuthError {
                    kind: AuthErrorKind::ExpiredToken,
                    message: datakey::error::EXPIRED_TOKEN_MESSAGE.to_owned(),
                }
                .into());
            }
            Err(_) => return Err(AuthError::unrecognized().into()),
        }
    }
    Ok(Verified {
        kms,
        user_id: credential.user_id,
    })
}
