//! STS in the Query protocol: `Action=AssumeRole|GetCallerIdentity&Version=2011-06-15`,
//! form-encoded (POST body, or GET query string), signed for the service `sts`; XML responses
//! and XML errors (`<ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/>`).
//!
//! The operations are the core's ([`LocalKms::assume_role`](datakey::LocalKms::assume_role),
//! [`LocalKms::get_caller_identity`](datakey::LocalKms::get_caller_identity)); session
//! credentials expire on the service's clock.

use std::fmt::Write as _;

use datakey::Error;
use datakey::kms::AssumeRoleRequest;
use datakey::time::format_iso8601;

use crate::service::{Incoming, LogFields, Refusal, Reply, State, authenticate};
use crate::sigv4::{self, AuthError, AuthErrorKind};

/// The STS API version this endpoint speaks.
pub const VERSION: &str = "2011-06-15";
const XMLNS: &str = "https://sts.amazonaws.com/doc/2011-06-15/";
const CONTENT_TYPE: &str = "text/xml";

/// Text escaped for XML element content and attributes.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// `application/x-www-form-urlencoded` → name/value pairs; `None` when a name or value is not
/// UTF-8.
fn form_decode(s: &[u8]) -> Option<Vec<(String, String)>> {
    let decode = |part: &[u8]| -> Option<String> {
        let mut out = Vec::with_capacity(part.len());
        let mut i = 0;
        while i < part.len() {
            match part[i] {
                b'+' => out.push(b' '),
                b'%' if i + 2 < part.len()
                    && part[i + 1].is_ascii_hexdigit()
                    && part[i + 2].is_ascii_hexdigit() =>
                {
                    let hex = core::str::from_utf8(&part[i + 1..i + 3]).ok()?;
                    out.push(u8::from_str_radix(hex, 16).ok()?);
                    i += 2;
                }
                b => out.push(b),
            }
            i += 1;
        }
        String::from_utf8(out).ok()
    };
    s.split(|b| *b == b'&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let at = p.iter().position(|b| *b == b'=').unwrap_or(p.len());
            let value = p.get(at + 1..).unwrap_or(&[]);
            Some((decode(&p[..at])?, decode(value)?))
        })
        .collect()
}

fn xml_error(
    status: u16,
    code: &str,
    message: &str,
    request_id: &str,
    mut log: LogFields,
) -> Reply {
    log.error = Some(code.to_owned());
    let kind = if status >= 500 { "Receiver" } else { "Sender" };
    let body = format!(
        "<ErrorResponse xmlns=\"{XMLNS}\">\n  <Error>\n    <Type>{kind}</Type>\n    \
         <Code>{}</Code>\n    <Message>{}</Message>\n  </Error>\n  \
         <RequestId>{}</RequestId>\n</ErrorResponse>\n",
        escape(code),
        escape(message),
        escape(request_id)
    );
    Reply {
        status,
        content_type: CONTENT_TYPE,
        error_type: None,
        body: body.into_bytes(),
        log,
    }
}

/// The Query-protocol code and status of an authentication failure (STS and IAM answer 403
/// with query-style codes where KMS answers 400 with `…Exception` codes).
fn auth_error(e: &AuthError, request_id: &str, log: LogFields) -> Reply {
    let (status, code, message) = match e.kind {
        AuthErrorKind::MissingAuthenticationToken => (
            403,
            "MissingAuthenticationToken",
            "Request is missing Authentication Token",
        ),
        AuthErrorKind::IncompleteSignature => (400, "IncompleteSignature", e.message.as_str()),
        AuthErrorKind::InvalidSignature | AuthErrorKind::SignatureMismatch => {
            (403, "SignatureDoesNotMatch", e.message.as_str())
        }
        AuthErrorKind::UnrecognizedClient => (403, "InvalidClientTokenId", e.message.as_str()),
        AuthErrorKind::ExpiredToken => (400, "ExpiredToken", e.message.as_str()),
    };
    xml_error(status, code, message, request_id, log)
}

/// A core error raised by an STS operation, in the Query protocol.
fn core_error(e: &Error, request_id: &str, log: LogFields) -> Reply {
    let (status, code) = match e {
        Error::Validation(_) => (400, "ValidationError"),
        Error::ExpiredToken(_) => (400, "ExpiredToken"),
        Error::UnrecognizedClient(_) => (403, "InvalidClientTokenId"),
        Error::AccessDenied(_) => (403, "AccessDenied"),
        _ => (500, "InternalFailure"),
    };
    let message = if status == 500 {
        "An internal error occurred.".to_owned()
    } else {
        e.message()
    };
    xml_error(status, code, &message, request_id, log)
}

fn ok(body: String, log: LogFields) -> Reply {
    Reply {
        status: 200,
        content_type: CONTENT_TYPE,
        error_type: None,
        body: body.into_bytes(),
        log,
    }
}

/// Serves one STS request.
pub(crate) fn handle(state: &State, req: &Incoming<'_>, request_id: &str) -> Reply {
    let mut log = LogFields {
        service: "sts",
        ..LogFields::default()
    };
    let raw = if req.method == "GET" {
        req.query.as_bytes()
    } else {
        req.body
    };
    let Some(params) = form_decode(raw) else {
        return xml_error(
            400,
            "MalformedQueryString",
            "The query string is not valid UTF-8.",
            request_id,
            log,
        );
    };
    let param = |name: &str| {
        params
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    };
    let action = param("Action").unwrap_or_default().to_owned();
    log.operation.clone_from(&action);
    let verified = match authenticate(state, req, "sts", sigv4::STS_MAX_SKEW) {
        Ok(v) => v,
        Err(Refusal::Auth(e)) => return auth_error(&e, request_id, log),
        Err(Refusal::Service) => {
            return xml_error(
                500,
                "InternalFailure",
                "The service could not read its key store.",
                request_id,
                log,
            );
        }
    };
    log.principal = Some(verified.kms.principal().to_owned());
    if action.is_empty() {
        return xml_error(400, "MissingAction", "Missing Action", request_id, log);
    }
    if param("Version") != Some(VERSION)
        || !matches!(action.as_str(), "AssumeRole" | "GetCallerIdentity")
    {
        return xml_error(
            400,
            "InvalidAction",
            &format!(
                "Could not find operation {action} for version {}",
                param("Version").unwrap_or("NO_VERSION_SPECIFIED")
            ),
            request_id,
            log,
        );
    }
    let mut body = String::new();
    if action == "GetCallerIdentity" {
        let who = match verified.kms.get_caller_identity() {
            Ok(w) => w,
            Err(e) => return core_error(&e, request_id, log),
        };
        let _ = write!(
            body,
            "<GetCallerIdentityResponse xmlns=\"{XMLNS}\">\n  <GetCallerIdentityResult>\n    \
             <Arn>{}</Arn>\n    <UserId>{}</UserId>\n    <Account>{}</Account>\n  \
             </GetCallerIdentityResult>\n  <ResponseMetadata>\n    <RequestId>{}</RequestId>\n  \
             </ResponseMetadata>\n</GetCallerIdentityResponse>\n",
            escape(&who.arn),
            escape(&verified.user_id),
            escape(&who.account),
            escape(request_id)
        );
        return ok(body, log);
    }
    let duration_seconds = match param("DurationSeconds").map(str::parse::<i64>) {
        None => None,
        Some(Ok(d)) => Some(d),
        Some(Err(_)) => {
            return xml_error(
                400,
                "ValidationError",
                &format!(
                    "Value '{}' for parameter DurationSeconds is invalid. It must be an integer.",
                    param("DurationSeconds").unwrap_or_default()
                ),
                request_id,
                log,
            );
        }
    };
    let resp = match verified.kms.assume_role(AssumeRoleRequest {
        role_arn: param("RoleArn").unwrap_or_default().to_owned(),
        role_session_name: param("RoleSessionName").unwrap_or_default().to_owned(),
        duration_seconds,
    }) {
        Ok(r) => r,
        Err(e) => return core_error(&e, request_id, log),
    };
    let c = &resp.credentials;
    let secret = core::str::from_utf8(c.secret_access_key.expose_secret()).unwrap_or_default();
    let _ = write!(
        body,
        "<AssumeRoleResponse xmlns=\"{XMLNS}\">\n  <AssumeRoleResult>\n    <AssumedRoleUser>\n      \
         <Arn>{}</Arn>\n      <AssumedRoleId>{}</AssumedRoleId>\n    </AssumedRoleUser>\n    \
         <Credentials>\n      <AccessKeyId>{}</AccessKeyId>\n      \
         <SecretAccessKey>{}</SecretAccessKey>\n      <SessionToken>{}</SessionToken>\n      \
         <Expiration>{}</Expiration>\n    </Credentials>\n  </AssumeRoleResult>\n  \
         <ResponseMetadata>\n    <RequestId>{}</RequestId>\n  </ResponseMetadata>\n\
         </AssumeRoleResponse>\n",
        escape(&resp.assumed_role_user.arn),
        escape(&resp.assumed_role_user.assumed_role_id),
        escape(&c.access_key_id),
        escape(secret),
        escape(&c.session_token),
        format_iso8601(c.expiration),
        escape(request_id)
    );
    ok(body, log)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_decode_plus_and_percent_and_refuse_bad_utf8() {
        let got = form_decode(
            b"Action=AssumeRole&RoleArn=arn%3Aaws%3Aiam%3A%3A1%3Arole%2Fr&x=a+b&flag&=v&y=%zz%4",
        )
        .expect("decoded");
        assert_eq!(
            got,
            vec![
                ("Action".into(), "AssumeRole".into()),
                ("RoleArn".into(), "arn:aws:iam::1:role/r".into()),
                ("x".into(), "a b".into()),
                ("flag".into(), String::new()),
                (String::new(), "v".into()),
                ("y".into(), "%zz%4".into()),
            ]
        );
        assert!(form_decode(b"a=%FF").is_none());
    }

    #[test]
    fn xml_text_is_escaped() {
        assert_eq!(escape("a<b>&\"'"), "a&lt;b&gt;&amp;&quot;&apos;");
    }
}
