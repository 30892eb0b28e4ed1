//! Target: the endpoint's SigV4 verifier on arbitrary requests. It never panics; a request the
//! crate's signer signed (any method, path, query, extra headers, body and secret) verifies;
//! the same request with one more body byte, or checked with another secret, is refused as a
//! signature mismatch.
//!
//! Input (arbitrary): the request's parts, an optional raw `Authorization` and `X-Amz-Date` for
//! the unsigned mode, the secret, a time offset and the mode.
#![no_main]

use std::time::{Duration, UNIX_EPOCH};

use arbitrary::Arbitrary;
use datakey_server::sigv4::{self, AuthErrorKind, Expected, Request, SigningParams};
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
struct Input {
    method: String,
    path: String,
    query: String,
    headers: Vec<(String, Vec<u8>)>,
    body: Vec<u8>,
    authorization: Option<Vec<u8>>,
    date: Option<Vec<u8>>,
    secret: Vec<u8>,
    skew: i16,
    sign: bool,
}

/// Header names the signer may be given as extra headers (the ones it adds itself excluded).
fn plain_name(n: &str) -> bool {
    !n.is_empty()
        && n.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !matches!(
            n,
            "authorization" | "x-amz-date" | "x-amz-security-token" | "host"
        )
}

fuzz_target!(|input: Input| {
    let now = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
    let expected = Expected {
        region: "us-east-1",
        service: "kms",
        max_skew: Duration::from_secs(300),
        now,
        normalize_path: true,
    };
    let path = if input.path.starts_with('/') {
        input.path.clone()
    } else {
        format!("/{}", input.path)
    };
    if input.sign {
        let mut headers: Vec<(&str, &[u8])> = vec![("host", b"example.com")];
        let mut names = std::collections::BTreeSet::new();
        for (n, v) in input.headers.iter().take(16) {
            if plain_name(n) && names.insert(n.as_str()) {
                headers.push((n.as_str(), v.as_slice()));
            }
        }
        let secs = i64::from(input.skew).clamp(-299, 299);
        let time = if secs >= 0 {
            now + Duration::from_secs(secs.unsigned_abs())
        } else {
            now - Duration::from_secs(secs.unsigned_abs())
        };
        let base = Request {
            method: &input.method,
            path: &path,
            query: &input.query,
            headers: &headers,
            body: &input.body,
        };
        let added = sigv4::sign(
            &base,
            &SigningParams {
                access_key_id: "AKIDEXAMPLE",
                secret_access_key: &input.secret,
                session_token: None,
                region: "us-east-1",
                service: "kms",
                time,
            },
        );
        let mut all = headers.clone();
        all.extend(added.iter().map(|(n, v)| (n.as_str(), v.as_bytes())));
        let req = Request {
            headers: &all,
            ..base
        };
        let parsed = sigv4::parse(&req, &expected).expect("a signed request parses");
        assert_eq!(parsed.access_key_id, "AKIDEXAMPLE");
        parsed
            .verify(&req, &expected, &input.secret)
            .expect("a signed request verifies");
        // (not a zero byte: HMAC pads short keys with zeros, so `k` and `k || 0x00` are the same
        // key — in SigV4 as everywhere)
        let mut other = input.secret.clone();
        other.push(b'x');
        assert_eq!(
            parsed.verify(&req, &expected, &other).map_err(|e| e.kind),
            Err(AuthErrorKind::SignatureMismatch)
        );
        let mut longer = input.body.clone();
        longer.push(b'x');
        let tampered = Request {
            body: &longer,
            ..req
        };
        assert_eq!(
            parsed
                .verify(&tampered, &expected, &input.secret)
                .map_err(|e| e.kind),
            Err(AuthErrorKind::SignatureMismatch)
        );
    } else {
        let mut headers: Vec<(&str, &[u8])> = input
            .headers
            .iter()
            .take(16)
            .map(|(n, v)| (n.as_str(), v.as_slice()))
            .collect();
        if let Some(a) = &input.authorization {
            headers.push(("authorization", a));
        }
        if let Some(d) = &input.date {
            headers.push(("x-amz-date", d));
        }
        let req = Request {
            method: &input.method,
            path: &input.path,
            query: &input.query,
            headers: &headers,
            body: &input.body,
        };
        if let Ok(parsed) = sigv4::parse(&req, &expected) {
            let _ = parsed.verify(&req, &expected, &input.secret);
        }
    }
});
