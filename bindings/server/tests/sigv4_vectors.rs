//! The SigV4 signing test suite (awslabs/aws-c-auth `tests/aws-signing-test-suite/v4`), read
//! from `../shared/sigv4-vectors` (or `$DATAKEY_SIGV4_VECTORS`): every Authorization-header
//! case verifies, rebuilding exactly its canonical request and string to sign, and each is
//! refused with any one signed element changed.

use std::path::PathBuf;
use std::time::{Duration, SystemTime};

use datakey_server::sigv4::{
    AuthErrorKind, Expected, Request, canonical_request, parse, parse_amz_date, string_to_sign,
};

/// `$DATAKEY_SIGV4_VECTORS`, else `shared/sigv4-vectors` beside the checkout, searched upwards
/// from this crate (git worktrees sit deeper than the main checkout).
fn vectors_dir() -> PathBuf {
    let dir = std::env::var_os("DATAKEY_SIGV4_VECTORS")
        .map(PathBuf::from)
        .or_else(|| {
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .ancestors()
                .map(|a| a.join("shared").join("sigv4-vectors"))
                .find(|c| c.join("v4").is_dir())
        });
    let v4 = dir.map(|d| d.join("v4"));
    match v4 {
        Some(v4) if v4.is_dir() => v4,
        _ => panic!(
            "\n\n*** MISSING SIGV4 TEST SUITE ***\nLooked for shared/sigv4-vectors/v4 beside the \
             checkout and its parents, starting at {}; set DATAKEY_SIGV4_VECTORS.\n",
            env!("CARGO_MANIFEST_DIR")
        ),
    }
}

/// One parsed `header-signed-request.txt`.
struct Raw {
    method: String,
    path: String,
    query: String,
    headers: Vec<(String, Vec<u8>)>,
    body: Vec<u8>,
}

impl Raw {
    fn parse(text: &[u8]) -> Raw {
        let text = String::from_utf8(text.to_vec()).expect("utf-8 request");
        let (head, body) = match text.find("\n\n") {
            Some(i) => (&text[..i], &text[i + 2..]),
            None => (text.trim_end_matches('\n'), ""),
        };
        let mut lines = head.split('\n');
        let request_line = lines.next().expect("request line");
        let (method, rest) = request_line.split_once(' ').expect("method");
        let target = rest.strip_suffix(" HTTP/1.1").expect("HTTP/1.1");
        let (path, query) = target.split_once('?').unwrap_or((target, ""));
        let mut headers: Vec<(String, Vec<u8>)> = Vec::new();
        for line in lines {
            if line.starts_with(' ') || line.starts_with('\t') {
                // obs-fold: the line continues the previous header's value (replaced by SP)
                let last = headers.last_mut().expect("continued header");
                last.1.push(b' ');
                last.1.extend_from_slice(line.trim().as_bytes());
                continue;
            }
            let (n, v) = line.split_once(':').expect("header line");
            headers.push((n.to_owned(), v.as_bytes().to_vec()));
        }
        Raw {
            method: method.to_owned(),
            path: path.to_owned(),
            query: query.to_owned(),
            headers,
            body: body.as_bytes().to_vec(),
        }
    }

    fn with<R>(&self, f: impl FnOnce(&Request<'_>) -> R) -> R {
        let headers: Vec<(&str, &[u8])> = self
            .headers
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_slice()))
            .collect();
        f(&Request {
            method: &self.method,
            path: &self.path,
            query: &self.query,
            headers: &headers,
            body: &self.body,
        })
    }
}

struct Case {
    name: String,
    secret: String,
    region: String,
    service: String,
    normalize: bool,
    time: SystemTime,
    raw: Raw,
    canonical: String,
    string_to_sign: String,
}

fn cases() -> Vec<Case> {
    let mut out = Vec::new();
    let mut dirs: Vec<_> = std::fs::read_dir(vectors_dir())
        .expect("read v4")
        .map(|e| e.expect("entry").path())
        .collect();
    dirs.sort();
    for dir in dirs {
        let read =
            |f: &str| std::fs::read(dir.join(f)).unwrap_or_else(|e| panic!("{dir:?}/{f}: {e}"));
        if !dir.join("header-signed-request.txt").exists() {
            continue;
        }
        let ctx: serde_json::Value = serde_json::from_slice(&read("context.json")).expect("json");
        let ts = ctx["timestamp"].as_str().expect("timestamp");
        // 2015-08-30T12:36:00Z → 20150830T123600Z
        let basic: String = ts.chars().filter(|c| *c != '-' && *c != ':').collect();
        out.push(Case {
            name: dir
                .file_name()
                .expect("name")
                .to_string_lossy()
                .into_owned(),
            secret: ctx["credentials"]["secret_access_key"]
                .as_str()
                .expect("secret")
                .to_owned(),
            region: ctx["region"].as_str().expect("region").to_owned(),
            service: ctx["service"].as_str().expect("service").to_owned(),
            normalize: ctx["normalize"].as_bool().expect("normalize"),
            time: parse_amz_date(&basic).expect("timestamp"),
            raw: Raw::parse(&read("header-signed-request.txt")),
            canonical: String::from_utf8(read("header-canonical-request.txt")).expect("utf-8"),
            string_to_sign: String::from_utf8(read("header-string-to-sign.txt")).expect("utf-8"),
        });
    }
    assert!(out.len() >= 30, "only {} cases found", out.len());
    out
}

impl Case {
    fn expected(&self) -> Expected<'_> {
        Expected {
            region: &self.region,
            service: &self.service,
            max_skew: Duration::from_secs(300),
            now: self.time,
            normalize_path: self.normalize,
        }
    }

    /// Verifies `raw` as this case's request: Ok or the failure kind.
    fn verify(&self, raw: &Raw) -> Result<(), AuthErrorKind> {
        raw.with(|req| {
            let expected = self.expected();
            let parsed = parse(req, &expected).map_err(|e| e.kind)?;
            assert_eq!(parsed.access_key_id, "AKIDEXAMPLE");
            parsed
                .verify(req, &expected, self.secret.as_bytes())
                .map_err(|e| e.kind)
        })
    }

    fn signed_headers(&self) -> Vec<String> {
        let auth = self
            .raw
            .headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case("authorization"))
            .map(|(_, v)| String::from_utf8(v.clone()).expect("auth"))
            .expect("authorization");
        let list = auth
            .split("SignedHeaders=")
            .nth(1)
            .and_then(|s| s.split(',').next())
            .expect("signed headers");
        list.split(';').map(str::to_owned).collect()
    }

    fn clone_raw(&self) -> Raw {
        Raw {
            method: self.raw.method.clone(),
            path: self.raw.path.clone(),
            query: self.raw.query.clone(),
            headers: self.raw.headers.clone(),
            body: self.raw.body.clone(),
        }
    }
}

#[test]
fn every_case_rebuilds_the_canonical_request_and_string_to_sign() {
    for case in cases() {
        let signed = case.signed_headers().join(";");
        let canonical = case
            .raw
            .with(|req| canonical_request(req, &signed, case.normalize));
        assert_eq!(
            String::from_utf8_lossy(&canonical),
            case.canonical,
            "{}: canonical request",
            case.name
        );
        let lines: Vec<&str> = case.string_to_sign.lines().collect();
        let sts = string_to_sign(
            lines[1],
            &lines[1][..8],
            &case.region,
            &case.service,
            &canonical,
        );
        assert_eq!(sts, case.string_to_sign, "{}: string to sign", case.name);
    }
}

#[test]
fn every_case_verifies() {
    let cases = cases();
    for case in &cases {
        assert_eq!(case.verify(&case.raw), Ok(()), "{}", case.name);
    }
    eprintln!("{} SigV4 cases verified", cases.len());
}

#[test]
fn every_case_is_refused_with_one_signed_element_changed() {
    let mismatch = Err(AuthErrorKind::SignatureMismatch);
    let mut refusals = 0;
    for case in cases() {
        // each signed header's value (every occurrence of a repeated one, in turn)
        for name in case.signed_headers() {
            let positions: Vec<usize> = case
                .raw
                .headers
                .iter()
                .enumerate()
                .filter(|(_, (n, _))| n.eq_ignore_ascii_case(&name))
                .map(|(i, _)| i)
                .collect();
            assert!(!positions.is_empty(), "{}: {name} not sent", case.name);
            for i in positions {
                let mut raw = case.clone_raw();
                if name == "x-amz-date" {
                    // another time on the same day, within the skew window
                    let v = String::from_utf8(raw.headers[i].1.clone()).expect("date");
                    let changed = v.replace("123600Z", "123601Z");
                    assert_ne!(v, changed, "{}", case.name);
                    raw.headers[i].1 = changed.into_bytes();
                } else {
                    raw.headers[i].1.push(b'x');
                }
                assert_eq!(case.verify(&raw), mismatch, "{}: {name} changed", case.name);
                refusals += 1;
            }
        }
        // a signed header removed
        let mut raw = case.clone_raw();
        let victim = case
            .signed_headers()
            .into_iter()
            .find(|n| n != "host" && n != "x-amz-date");
        if let Some(victim) = victim {
            raw.headers
                .retain(|(n, _)| !n.eq_ignore_ascii_case(&victim));
            assert_eq!(
                case.verify(&raw),
                mismatch,
                "{}: {victim} removed",
                case.name
            );
            refusals += 1;
        }
        // the path
        let mut raw = case.clone_raw();
        raw.path = format!("{}x", raw.path.trim_end_matches(['.', '/']));
        if raw.path == "x" {
            raw.path = "/x".into();
        }
        assert_eq!(
            case.verify(&raw),
            mismatch,
            "{}: path {}",
            case.name,
            raw.path
        );
        // the query: a pair added, and (when there is one) a value changed
        let mut raw = case.clone_raw();
        raw.query = if raw.query.is_empty() {
            "x=y".into()
        } else {
            format!("{}&x=y", raw.query)
        };
        assert_eq!(case.verify(&raw), mismatch, "{}: query added", case.name);
        if !case.raw.query.is_empty() {
            let mut raw = case.clone_raw();
            raw.query.push('x');
            assert_eq!(case.verify(&raw), mismatch, "{}: query value", case.name);
            refusals += 1;
        }
        // the method
        let mut raw = case.clone_raw();
        raw.method = if raw.method == "GET" { "POST" } else { "GET" }.into();
        assert_eq!(case.verify(&raw), mismatch, "{}: method", case.name);
        // the body (always hashed into the canonical request)
        let mut raw = case.clone_raw();
        raw.body.push(b'x');
        assert_eq!(case.verify(&raw), mismatch, "{}: body", case.name);
        // the signature: each of its first and last hex digits
        for pos in [0usize, 63] {
            let mut raw = case.clone_raw();
            let auth = raw
                .headers
                .iter_mut()
                .find(|(n, _)| n.eq_ignore_ascii_case("authorization"))
                .expect("auth");
            let at = auth.1.len() - 64 + pos;
            auth.1[at] = if auth.1[at] == b'0' { b'1' } else { b'0' };
            assert_eq!(case.verify(&raw), mismatch, "{}: signature", case.name);
        }
        // the secret
        let wrong = Case {
            secret: format!("{}x", case.secret),
            ..case
        };
        assert_eq!(wrong.verify(&wrong.raw), mismatch, "{}: secret", wrong.name);
        refusals += 7;
    }
    eprintln!("{refusals} changed requests refused");
}

#[test]
fn the_scope_and_the_clock_are_checked_before_the_signature() {
    let cases = cases();
    let case = cases
        .iter()
        .find(|c| c.name == "get-vanilla")
        .expect("get-vanilla");
    let check = |region: &str, service: &str, now: SystemTime| {
        case.raw.with(|req| {
            parse(
                req,
                &Expected {
                    region,
                    service,
                    max_skew: Duration::from_secs(300),
                    now,
                    normalize_path: true,
                },
            )
            .map(|_| ())
            .map_err(|e| (e.kind, e.message))
        })
    };
    assert_eq!(
        check("us-east-1", "kms", case.time),
        Err((
            AuthErrorKind::InvalidSignature,
            "Credential should be scoped to correct service: 'kms'. ".into()
        ))
    );
    assert_eq!(
        check("eu-west-1", "service", case.time),
        Err((
            AuthErrorKind::InvalidSignature,
            "Credential should be scoped to a valid region, not 'us-east-1'. ".into()
        ))
    );
    assert_eq!(
        check("us-east-1", "service", case.time + Duration::from_secs(301)),
        Err((
            AuthErrorKind::InvalidSignature,
            "Signature expired: 20150830T123600Z is now earlier than 20150830T123601Z \
             (20150830T124101Z - 5 min.)"
                .into()
        ))
    );
    assert_eq!(
        check("us-east-1", "service", case.time - Duration::from_secs(301)),
        Err((
            AuthErrorKind::InvalidSignature,
            "Signature not yet current: 20150830T123600Z is still later than 20150830T123559Z \
             (20150830T123059Z + 5 min.)"
                .into()
        ))
    );
    assert_eq!(
        check("us-east-1", "service", case.time + Duration::from_secs(300)),
        Ok(())
    );
}
