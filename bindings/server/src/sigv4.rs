//! AWS Signature Version 4 (Authorization-header form): the server-side verifier, and the
//! signer tests and load generators use to make requests it accepts.
//!
//! The verifier re-runs the client's computation on the request exactly as received: the
//! canonical request (method, canonical URI, canonical query, the signed headers with their
//! values trimmed and joined, the signed-header list, the SHA-256 of the body), the string to
//! sign with the credential scope `<date>/<region>/<service>/aws4_request`, the signing key
//! chain `"AWS4" + secret → date → region → service → "aws4_request"`, and compares the
//! signatures in constant time. HMAC-SHA256 and SHA-256 come from RustCrypto (`hmac`, `sha2`),
//! the comparison from `subtle`; this module only arranges bytes.
//!
//! It is synchronous and allocation-light, knows nothing of HTTP stacks (a [`Request`] is a
//! plain view of method, path, query, headers and body), and is parameterised by the service
//! name and the allowed clock skew, so the same code checks `kms` (5 minutes), `sts`
//! (15 minutes) and later `secretsmanager`.
//!
//! Checks, in order, each with the failure AWS reports ([`AuthErrorKind`]): the
//! `Authorization` header is present (else *missing authentication token*); it is
//! `AWS4-HMAC-SHA256` with `Credential`, `SignedHeaders` and `Signature`, the credential has
//! five elements ending in `aws4_request`, a date header exists and is ISO 8601 basic format,
//! `host` is signed (else *incomplete signature*); the scope names this service and region and
//! the request's date (else *invalid signature*); the date is within the allowed skew of `now`
//! (*invalid signature*, `Signature expired: …` / `Signature not yet current: …`); the access
//! key is known (the caller's look-up: *unrecognized client*); the signature matches
//! (*signature mismatch*).

use core::fmt;
use std::time::{Duration, SystemTime};

use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

/// The one algorithm SigV4 (not SigV4a) uses.
pub const ALGORITHM: &str = "AWS4-HMAC-SHA256";
/// The clock skew KMS and Secrets Manager allow (AWS: 5 minutes).
pub const KMS_MAX_SKEW: Duration = Duration::from_secs(5 * 60);
/// The clock skew STS allows (AWS: 15 minutes).
pub const STS_MAX_SKEW: Duration = Duration::from_secs(15 * 60);

/// A request as received, for verification: nothing is decoded or normalised beforehand.
#[derive(Debug, Clone, Copy)]
pub struct Request<'a> {
    /// `POST`, `GET`, …
    pub method: &'a str,
    /// The path as sent (percent-encoded as the client sent it).
    pub path: &'a str,
    /// The query string as sent, without `?` (empty when none).
    pub query: &'a str,
    /// Every header in the order received; names in any case; a repeated header appears
    /// once per occurrence.
    pub headers: &'a [(&'a str, &'a [u8])],
    /// The body.
    pub body: &'a [u8],
}

impl<'a> Request<'a> {
    /// The first value of the header `name` (ASCII case-insensitive).
    pub fn header(&self, name: &str) -> Option<&'a [u8]> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| *v)
    }
}

/// What a verification is checked against.
#[derive(Debug, Clone, Copy)]
pub struct Expected<'a> {
    /// The endpoint's region (the scope's region must equal it).
    pub region: &'a str,
    /// The signing name of the service the request is for: `kms`, `sts`, `secretsmanager`.
    pub service: &'a str,
    /// How far the request's date may be from `now`, either way.
    pub max_skew: Duration,
    /// The transport clock's time (the system clock: skew is about the network, not the
    /// service's injectable clock).
    pub now: SystemTime,
    /// Normalise the path (remove `.`/`..` segments and empty segments) before encoding it:
    /// true for every service but S3.
    pub normalize_path: bool,
}

/// Why a request is refused. The protocol adapters turn each into the code the protocol's
/// clients expect (`InvalidSignatureException` in JSON 1.1, `SignatureDoesNotMatch` in the
/// Query protocol, …).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthErrorKind {
    /// No `Authorization` header.
    MissingAuthenticationToken,
    /// The `Authorization` header or the date is malformed.
    IncompleteSignature,
    /// The scope is wrong or the date is outside the allowed skew.
    InvalidSignature,
    /// The signature does not match (wrong secret, a signed element changed).
    SignatureMismatch,
    /// The access key id (or the session token) is unknown.
    UnrecognizedClient,
    /// The session credentials have expired.
    ExpiredToken,
}

/// A refused request: the kind and AWS's message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthError {
    /// What failed.
    pub kind: AuthErrorKind,
    /// AWS's message for it.
    pub message: String,
}

/// The message of a signature mismatch, as AWS words it.
pub const MISMATCH_MESSAGE: &str = "The request signature we calculated does not match the \
     signature you provided. Check your AWS Secret Access Key and signing method. Consult the \
     service documentation for details.";
/// The message of an unknown access key id or session token, as AWS words it.
pub const UNRECOGNIZED_MESSAGE: &str = "The security token included in the request is invalid.";

impl AuthError {
    fn new(kind: AuthErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
        }
    }

    fn incomplete(message: impl Into<String>) -> Self {
        Self::new(AuthErrorKind::IncompleteSignature, message)
    }

    fn invalid(message: impl Into<String>) -> Self {
        Self::new(AuthErrorKind::InvalidSignature, message)
    }

    /// A signature mismatch.
    pub fn mismatch() -> Self {
        Self::new(AuthErrorKind::SignatureMismatch, MISMATCH_MESSAGE)
    }

    /// An unknown access key id or session token.
    pub fn unrecognized() -> Self {
        Self::new(AuthErrorKind::UnrecognizedClient, UNRECOGNIZED_MESSAGE)
    }
}

impl fmt::Display for AuthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for AuthError {}

/// The parts of a well-formed `Authorization` header whose scope, date and skew checked out;
/// what is left is looking up the access key and [`Parsed::verify`].
#[derive(Debug, Clone)]
pub struct Parsed<'a> {
    /// The access key id of the credential.
    pub access_key_id: &'a str,
    /// The `X-Amz-Security-Token` header, if any (session credentials).
    pub security_token: Option<&'a str>,
    /// `X-Amz-Date` (or `Date`), ISO 8601 basic format.
    pub amz_date: &'a str,
    /// `YYYYMMDD` of the credential scope.
    scope_date: &'a str,
    signed_headers: &'a str,
    signature: [u8; 32],
}

/// Parses and checks everything but the signature itself (see the module docs for the order).
///
/// # Errors
///
/// The [`AuthError`] AWS reports for the first check that fails.
pub fn parse<'a>(req: &Request<'a>, expected: &Expected<'_>) -> Result<Parsed<'a>, AuthError> {
    let Some(auth) = req.header("authorization") else {
        return Err(AuthError::new(
            AuthErrorKind::MissingAuthenticationToken,
            "Missing Authentication Token",
        ));
    };
    let auth = core::str::from_utf8(auth)
        .map_err(|_| AuthError::incomplete("Authorization header is not valid text."))?
        .trim();
    let (algorithm, params) = auth.split_once(' ').unwrap_or((auth, ""));
    if algorithm != ALGORITHM {
        return Err(AuthError::incomplete(format!(
            "Unsupported AWS 'algorithm': '{algorithm}'"
        )));
    }
    let (mut credential, mut signed_headers, mut signature) = (None, None, None);
    for part in params.split(',') {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        let Some((k, v)) = part.split_once('=') else {
            return Err(AuthError::incomplete(
                "Invalid key=value pair (missing equal-sign) in Authorization header.",
            ));
        };
        match k {
            "Credential" => credential = Some(v),
            "SignedHeaders" => signed_headers = Some(v),
            "Signature" => signature = Some(v),
            _ => {}
        }
    }
    let date_header = req.header("x-amz-date").or_else(|| req.header("date"));
    let mut missing = String::new();
    for (name, value) in [
        ("Credential", credential.is_some()),
        ("Signature", signature.is_some()),
        ("SignedHeaders", signed_headers.is_some()),
    ] {
        if !value {
            missing.push_str(&format!(
                "Authorization header requires '{name}' parameter. "
            ));
        }
    }
    if date_header.is_none() {
        missing.push_str(
            "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ",
        );
    }
    let (Some(credential), Some(signed_headers), Some(signature), Some(date_header)) =
        (credential, signed_headers, signature, date_header)
    else {
        return Err(AuthError::incomplete(missing.trim_end()));
    };

    let scope: Vec<&str> = credential.split('/').collect();
    let [access_key_id, scope_date, region, service, terminator] = scope[..] else {
        return Err(AuthError::incomplete(format!(
            "Credential must have exactly 5 slash-delimited elements, e.g. \
             keyid/date/region/service/term, got '{credential}'"
        )));
    };
    if terminator != "aws4_request" {
        return Err(AuthError::invalid(format!(
            "Credential should be scoped with a valid terminator: 'aws4_request', not \
             '{terminator}'."
        )));
    }
    let amz_date = core::str::from_utf8(date_header)
        .ok()
        .map(str::trim)
        .filter(|d| parse_amz_date(d).is_some())
        .ok_or_else(|| {
            AuthError::incomplete(format!(
                "Date must be in ISO-8601 'basic format'. Got '{}'. See \
                 http://en.wikipedia.org/wiki/ISO_8601",
                String::from_utf8_lossy(date_header)
            ))
        })?;
    if !signed_headers.split(';').any(|h| h == "host") {
        return Err(AuthError::incomplete(
            "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.",
        ));
    }
    let signature = decode_signature(signature).ok_or_else(AuthError::mismatch)?;
    if service != expected.service {
        return Err(AuthError::invalid(format!(
            "Credential should be scoped to correct service: '{}'. ",
            expected.service
        )));
    }
    if region != expected.region {
        return Err(AuthError::invalid(format!(
            "Credential should be scoped to a valid region, not '{region}'. "
        )));
    }
    if scope_date != &amz_date[..8] {
        return Err(AuthError::invalid(format!(
            "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date \
             from HTTP: '{scope_date}' != '{}', from '{amz_date}'.",
            &amz_date[..8]
        )));
    }
    check_skew(amz_date, expected)?;
    let security_token = req
        .header("x-amz-security-token")
        .map(|t| core::str::from_utf8(t).map(str::trim))
        .transpose()
        .map_err(|_| AuthError::unrecognized())?;
    Ok(Parsed {
        access_key_id,
        security_token,
        amz_date,
        scope_date,
        signed_headers,
        signature,
    })
}

fn check_skew(amz_date: &str, expected: &Expected<'_>) -> Result<(), AuthError> {
    let Some(date) = parse_amz_date(amz_date) else {
        return Err(AuthError::incomplete("unreachable: the date parsed before"));
    };
    let minutes = expected.max_skew.as_secs() / 60;
    let now = expected.now;
    if let Ok(behind) = now.duration_since(date)
        && behind > expected.max_skew
    {
        return Err(AuthError::invalid(format!(
            "Signature expired: {amz_date} is now earlier than {} ({} - {minutes} min.)",
            format_amz_date(now - expected.max_skew),
            format_amz_date(now),
        )));
    }
    if let Ok(ahead) = date.duration_since(now)
        && ahead > expected.max_skew
    {
        return Err(AuthError::invalid(format!(
            "Signature not yet current: {amz_date} is still later than {} ({} + {minutes} min.)",
            format_amz_date(now + expected.max_skew),
            format_amz_date(now),
        )));
    }
    Ok(())
}

impl Parsed<'_> {
    /// Checks the signature with the secret access key of [`Parsed::access_key_id`], in
    /// constant time.
    ///
    /// # Errors
    ///
    /// [`AuthErrorKind::SignatureMismatch`] when the signature differs.
    pub fn verify(
        &self,
        req: &Request<'_>,
        expected: &Expected<'_>,
        secret_access_key: &[u8],
    ) -> Result<(), AuthError> {
        let canonical = canonical_request(req, self.signed_headers, expected.normalize_path);
        let sts = string_to_sign(
            self.amz_date,
            self.scope_date,
            expected.region,
            expected.service,
            &canonical,
        );
        let key = signing_key(
            secret_access_key,
            self.scope_date,
            expected.region,
            expected.service,
        );
        let ours = hmac(&key[..], sts.as_bytes());
        if bool::from(ours.ct_eq(&self.signature)) {
            Ok(())
        } else {
            Err(AuthError::mismatch())
        }
    }
}

fn decode_signature(hex_sig: &str) -> Option<[u8; 32]> {
    let mut out = [0u8; 32];
    hex::decode_to_slice(hex_sig, &mut out).ok()?;
    Some(out)
}

/// The canonical request of `req` for the `;`-separated, lowercase `signed_headers`.
pub fn canonical_request(req: &Request<'_>, signed_headers: &str, normalize_path: bool) -> Vec<u8> {
    let mut out = Vec::with_capacity(256 + req.headers.len() * 48);
    out.extend_from_slice(req.method.as_bytes());
    out.push(b'\n');
    canonical_uri(req.path, normalize_path, &mut out);
    out.push(b'\n');
    canonical_query(req.query, &mut out);
    out.push(b'\n');
    for name in signed_headers.split(';') {
        out.extend_from_slice(name.as_bytes());
        out.push(b':');
        let mut first = true;
        for (_, value) in req
            .headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
        {
            if !first {
                out.push(b',');
            }
            first = false;
            push_trimmed(value, &mut out);
        }
        out.push(b'\n');
    }
    out.push(b'\n');
    out.extend_from_slice(signed_headers.as_bytes());
    out.push(b'\n');
    out.extend_from_slice(hex::encode(Sha256::digest(req.body)).as_bytes());
    out
}

/// The value with leading and trailing whitespace removed and inner runs of whitespace
/// collapsed to one space.
fn push_trimmed(value: &[u8], out: &mut Vec<u8>) {
    let mut pending_space = false;
    let mut any = false;
    for &b in value {
        if matches!(b, b' ' | b'\t' | b'\r' | b'\n') {
            pending_space = any;
        } else {
            if pending_space {
                out.push(b' ');
                pending_space = false;
            }
            out.push(b);
            any = true;
        }
    }
}

fn is_unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~')
}

fn push_encoded(bytes: &[u8], keep_slash: bool, out: &mut Vec<u8>) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for &b in bytes {
        if is_unreserved(b) || (keep_slash && b == b'/') {
            out.push(b);
        } else {
            out.extend_from_slice(&[b'%', HEX[usize::from(b >> 4)], HEX[usize::from(b & 15)]]);
        }
    }
}

/// The canonical URI: the path (normalised if asked) with each byte outside the unreserved set
/// percent-encoded — so a path the client already encoded is encoded a second time, as
/// non-S3 SigV4 requires.
fn canonical_uri(path: &str, normalize: bool, out: &mut Vec<u8>) {
    let path = if path.is_empty() { "/" } else { path };
    if !normalize {
        push_encoded(path.as_bytes(), true, out);
        return;
    }
    let mut segments: Vec<&str> = Vec::new();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            s => segments.push(s),
        }
    }
    out.push(b'/');
    for (i, seg) in segments.iter().enumerate() {
        if i > 0 {
            out.push(b'/');
        }
        push_encoded(seg.as_bytes(), false, out);
    }
    if !segments.is_empty() && (path.ends_with('/') || path.ends_with("/.")) {
        out.push(b'/');
    }
}

fn percent_decode(s: &str) -> Vec<u8> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let (Some(h), Some(l)) = (hex_val(bytes[i + 1]), hex_val(bytes[i + 2]))
        {
            out.push(h << 4 | l);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    out
}

fn hex_val(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// The canonical query: every `name=value` pair decoded, re-encoded strictly, sorted.
fn canonical_query(query: &str, out: &mut Vec<u8>) {
    if query.is_empty() {
        return;
    }
    let mut pairs: Vec<(Vec<u8>, Vec<u8>)> = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            let mut ek = Vec::new();
            push_encoded(&percent_decode(k), false, &mut ek);
            let mut ev = Vec::new();
            push_encoded(&percent_decode(v), false, &mut ev);
            (ek, ev)
        })
        .collect();
    pairs.sort();
    for (i, (k, v)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push(b'&');
        }
        out.extend_from_slice(k);
        out.push(b'=');
        out.extend_from_slice(v);
    }
}

/// The string to sign for a canonical request.
pub fn string_to_sign(
    amz_date: &str,
    scope_date: &str,
    region: &str,
    service: &str,
    canonical_request: &[u8],
) -> String {
    format!(
        "{ALGORITHM}\n{amz_date}\n{scope_date}/{region}/{service}/aws4_request\n{}",
        hex::encode(Sha256::digest(canonical_request))
    )
}

fn hmac(key: &[u8], data: &[u8]) -> [u8; 32] {
    // HMAC takes keys of any length: new_from_slice cannot fail.
    let mut mac = match <Hmac<Sha256> as KeyInit>::new_from_slice(key) {
        Ok(m) => m,
        Err(_) => unreachable!("HMAC accepts every key length"),
    };
    mac.update(data);
    mac.finalize().into_bytes().into()
}

/// The signing key `HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service),
/// "aws4_request")`, wiped on drop.
pub fn signing_key(
    secret_access_key: &[u8],
    scope_date: &str,
    region: &str,
    service: &str,
) -> Zeroizing<[u8; 32]> {
    let mut k_secret = Zeroizing::new(Vec::with_capacity(4 + secret_access_key.len()));
    k_secret.extend_from_slice(b"AWS4");
    k_secret.extend_from_slice(secret_access_key);
    let k_date = Zeroizing::new(hmac(&k_secret, scope_date.as_bytes()));
    let k_region = Zeroizing::new(hmac(&k_date[..], region.as_bytes()));
    let k_service = Zeroizing::new(hmac(&k_region[..], service.as_bytes()));
    Zeroizing::new(hmac(&k_service[..], b"aws4_request"))
}

/// `YYYYMMDDTHHMMSSZ` → the time it names; `None` when malformed (the calendar arithmetic is
/// the core's ISO 8601 parser, given the extended form).
pub fn parse_amz_date(s: &str) -> Option<SystemTime> {
    let b = s.as_bytes();
    let digits_at = |r: core::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    if b.len() != 16 || b[8] != b'T' || b[15] != b'Z' || !digits_at(0..8) || !digits_at(9..15) {
        return None;
    }
    let extended = format!(
        "{}-{}-{}T{}:{}:{}Z",
        &s[0..4],
        &s[4..6],
        &s[6..8],
        &s[9..11],
        &s[11..13],
        &s[13..15]
    );
    datakey::time::parse_iso8601(&extended)
}

/// A time in ISO 8601 basic format, `YYYYMMDDTHHMMSSZ` (times before 1970 print as 1970).
pub fn format_amz_date(t: SystemTime) -> String {
    datakey::time::format_iso8601(t).replace(['-', ':'], "")
}

/// What the signer signs with.
#[derive(Clone, Copy)]
pub struct SigningParams<'a> {
    /// The access key id.
    pub access_key_id: &'a str,
    /// The secret access key.
    pub secret_access_key: &'a [u8],
    /// The session token of temporary credentials (signed, as botocore does).
    pub session_token: Option<&'a str>,
    /// The scope's region.
    pub region: &'a str,
    /// The scope's service.
    pub service: &'a str,
    /// The signing time.
    pub time: SystemTime,
}

impl fmt::Debug for SigningParams<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SigningParams")
            .field("access_key_id", &self.access_key_id)
            .field("region", &self.region)
            .field("service", &self.service)
            .finish_non_exhaustive()
    }
}

/// Signs a request as botocore does: adds `X-Amz-Date` (and `X-Amz-Security-Token`), signs
/// every header given (which must include `host`) and returns the headers to add, the
/// `Authorization` header last. For tests and load generators.
pub fn sign(req: &Request<'_>, params: &SigningParams<'_>) -> Vec<(String, String)> {
    let amz_date = format_amz_date(params.time);
    let mut added = vec![("x-amz-date".to_owned(), amz_date.clone())];
    if let Some(token) = params.session_token {
        added.push(("x-amz-security-token".to_owned(), token.to_owned()));
    }
    let mut all: Vec<(&str, &[u8])> = req.headers.to_vec();
    all.extend(added.iter().map(|(n, v)| (n.as_str(), v.as_bytes())));
    let mut names: Vec<String> = all.iter().map(|(n, _)| n.to_ascii_lowercase()).collect();
    names.sort();
    names.dedup();
    let signed_headers = names.join(";");
    let full = Request {
        headers: &all,
        ..*req
    };
    let canonical = canonical_request(&full, &signed_headers, true);
    let scope_date = &amz_date[..8];
    let sts = string_to_sign(
        &amz_date,
        scope_date,
        params.region,
        params.service,
        &canonical,
    );
    let key = signing_key(
        params.secret_access_key,
        scope_date,
        params.region,
        params.service,
    );
    let signature = hex::encode(hmac(&key[..], sts.as_bytes()));
    added.push((
        "authorization".to_owned(),
        format!(
            "{ALGORITHM} Credential={}/{scope_date}/{}/{}/aws4_request, SignedHeaders={signed_headers}, Signature={signature}",
            params.access_key_id, params.region, params.service
        ),
    ));
    added
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::UNIX_EPOCH;

    #[test]
    fn dates_round_trip_and_malformed_dates_are_refused() {
        for s in [
            "20150830T123600Z",
            "20000229T000000Z",
            "19700101T000000Z",
            "20991231T235959Z",
        ] {
            let t = parse_amz_date(s).expect(s);
            assert_eq!(format_amz_date(t), s);
        }
        assert_eq!(
            parse_amz_date("20150830T123600Z"),
            Some(UNIX_EPOCH + Duration::from_secs(1_440_938_160))
        );
        for s in [
            "",
            "20150830T123600",
            "2015-08-30T12:36:00Z",
            "20150230T123600Z",
            "20150830T243600Z",
            "2015083OT123600Z",
            "20150830t123600Z",
            "+0150830T123600Z",
        ] {
            assert!(parse_amz_date(s).is_none(), "{s}");
        }
    }

    #[test]
    fn whitespace_is_trimmed_and_collapsed() {
        let mut out = Vec::new();
        push_trimmed(b"  a \t  b\n c  ", &mut out);
        assert_eq!(out, b"a b c");
    }
}
