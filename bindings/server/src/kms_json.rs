//! The AWS JSON 1.1 side of the endpoint: KMS and Secrets Manager operations go to the core's
//! wire dispatches; this module only shapes the errors the endpoint itself raises
//! (authentication, limits, panics).

use datakey::LocalKms;
use datakey::secrets::LocalSecretsManager;
use datakey::wire::{CONTENT_TYPE, WireResponse, dispatch_kms, error_response};

use crate::service::{LogFields, Reply};
use crate::sigv4::{AuthError, AuthErrorKind};

/// An error in the JSON 1.1 shape (the core's [`error_response`]): `{"__type": code,
/// "message": message}`, the code also in `x-amzn-ErrorType` (botocore reads the body, the JS
/// SDK v3 the header).
pub(crate) fn error(status: u16, code: &str, message: &str, log: LogFields) -> Reply {
    reply(error_response(status, code, message), log)
}

fn reply(w: WireResponse, mut log: LogFields) -> Reply {
    log.error.clone_from(&w.error_type);
    Reply {
        status: w.status,
        content_type: CONTENT_TYPE,
        error_type: w.error_type,
        body: w.body,
        log,
    }
}

/// The JSON 1.1 code of an authentication failure.
pub(crate) fn auth_code(kind: AuthErrorKind) -> &'static str {
    match kind {
        AuthErrorKind::MissingAuthenticationToken => "MissingAuthenticationTokenException",
        AuthErrorKind::IncompleteSignature => "IncompleteSignatureException",
        AuthErrorKind::InvalidSignature | AuthErrorKind::SignatureMismatch => {
            "InvalidSignatureException"
        }
        AuthErrorKind::UnrecognizedClient => "UnrecognizedClientException",
        AuthErrorKind::ExpiredToken => "ExpiredTokenException",
    }
}

/// An authentication failure, as KMS answers it (400).
pub(crate) fn auth_error(e: &AuthError, log: LogFields) -> Reply {
    error(400, auth_code(e.kind), &e.message, log)
}

/// Runs `operation` with the JSON `body` as `kms` (the verified caller's handle): the core's
/// one dispatch, so operations, validation and errors are the same as in every front door.
pub(crate) fn dispatch(kms: &LocalKms, operation: &str, body: &[u8], log: LogFields) -> Reply {
    reply(dispatch_kms(kms, operation, body), log)
}

/// Runs the Secrets Manager `operation` with the JSON `body` as `secrets` (the verified
/// caller's handle): the core's one dispatch.
pub(crate) fn dispatch_secrets(
    secrets: &LocalSecretsManager,
    operation: &str,
    body: &[u8],
    log: LogFields,
) -> Reply {
    reply(
        datakey::wire::dispatch_secrets(secrets, operation, body),
        log,
    )
}
