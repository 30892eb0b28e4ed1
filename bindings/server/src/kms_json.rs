//! The AWS JSON 1.1 side of the endpoint: KMS operations go to the core's wire dispatch; this
//! module only shapes the errors the endpoint itself raises (authentication, limits, panics).

use datakey::LocalKms;

use crate::service::{LogFields, Reply};
use crate::sigv4::{AuthError, AuthErrorKind};

/// The JSON 1.1 content type.
pub(crate) const CONTENT_TYPE: &str = "application/x-amz-json-1.1";

/// An error in the JSON 1.1 shape: `{"__type": code, "message": message}`, the code also in
/// `x-amzn-ErrorType` (botocore reads the body, the JS SDK v3 the header).
pub(crate) fn error(status: u16, code: &str, message: &str, mut log: LogFields) -> Reply {
    log.error = Some(code.to_owned());
    let body = serde_json::json!({ "__type": code, "message": message });
    Reply {
        status,
        content_type: CONTENT_TYPE,
        error_type: Some(code.to_owned()),
        body: body.to_string().into_bytes(),
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

/// Runs `operation` with the JSON `body` as `kms` (the verified caller's handle).
pub(crate) fn dispatch(kms: &LocalKms, operation: &str, body: &[u8], log: LogFields) -> Reply {
    let _ = (kms, body);
    // The core's wire model (datakey::wire::dispatch_kms) is merged in next; until then no
    // KMS operation is served.
    error(
        400,
        "UnknownOperationException",
        &format!("{operation} is not served yet"),
        log,
    )
}
