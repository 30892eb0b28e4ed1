//! The endpoint over real sockets: authentication failures as AWS words them, STS sessions
//! expiring on the service's clock, the limits, graceful shutdown.

mod common;

use std::io::Write as _;
use std::net::TcpStream;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use common::{Client, Creds};
use datakey::{LocalKms, ManualClock};
use datakey_server::sigv4::MISMATCH_MESSAGE;
use datakey_server::{RunningServer, Server, ServerConfig};

const REGION: &str = "eu-west-2";

struct Fixture {
    server: RunningServer,
    clock: ManualClock,
    root: Creds,
    account: String,
}

fn start_with(config: ServerConfig) -> Fixture {
    let clock = ManualClock::default();
    let kms = LocalKms::builder()
        .region(REGION)
        .clock(Arc::new(clock.clone()))
        .build()
        .expect("kms");
    let key = kms.create_access_key(None).expect("root key");
    let root = Creds {
        access_key_id: key.metadata.access_key_id.clone(),
        secret: String::from_utf8(key.secret_access_key.expose_secret().to_vec()).expect("ascii"),
        token: None,
    };
    let account = kms.account_id().to_owned();
    let server = Server::start(kms, config).expect("start");
    Fixture {
        server,
        clock,
        root,
        account,
    }
}

fn start() -> Fixture {
    start_with(ServerConfig::default())
}

impl Fixture {
    fn client(&self) -> Client {
        Client::connect(self.server.local_addr())
    }
}

#[test]
fn get_caller_identity_answers_the_root_with_request_id_and_date() {
    let f = start();
    let mut c = f.client();
    let r = c.sts(
        &f.root,
        REGION,
        "Action=GetCallerIdentity&Version=2011-06-15",
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(
        r.xml("Arn").as_deref(),
        Some(format!("arn:aws:iam::{}:root", f.account).as_str())
    );
    assert_eq!(r.xml("Account"), Some(f.account.clone()));
    assert_eq!(r.xml("UserId"), Some(f.account.clone()));
    let id = r.header("x-amzn-requestid").expect("request id");
    assert_eq!(id.len(), 36);
    assert_eq!(r.xml("RequestId").as_deref(), Some(id));
    // Date: an IMF-fixdate within a few seconds of now
    let date = r.header("date").expect("date header");
    assert!(date.ends_with(" GMT") && date.len() == 29, "{date}");
    // keep-alive: a second request on the same connection
    let r2 = c.sts(
        &f.root,
        REGION,
        "Action=GetCallerIdentity&Version=2011-06-15",
    );
    assert_eq!(r2.status, 200);
    assert_ne!(r2.header("x-amzn-requestid"), Some(id));
}

#[test]
fn kms_authentication_failures_carry_aws_codes_and_messages() {
    let f = start();
    let mut c = f.client();
    let target = [
        ("content-type", "application/x-amz-json-1.1"),
        ("x-amz-target", "TrentService.ListKeys"),
    ];
    let owned: Vec<(String, String)> = target
        .iter()
        .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
        .collect();

    // no Authorization header
    let r = c.send("POST", "/", &owned, b"{}");
    assert_eq!(r.status, 400);
    assert_eq!(
        r.json_error(),
        (
            "MissingAuthenticationTokenException".into(),
            "Missing Authentication Token".into()
        )
    );
    assert_eq!(
        r.header("x-amzn-errortype"),
        Some("MissingAuthenticationTokenException")
    );

    // a malformed Authorization header
    let mut bad = owned.clone();
    bad.push((
        "authorization".into(),
        "AWS4-HMAC-SHA256 Signature=00".into(),
    ));
    let r = c.send("POST", "/", &bad, b"{}");
    assert_eq!(r.status, 400);
    let (code, message) = r.json_error();
    assert_eq!(code, "IncompleteSignatureException");
    assert!(
        message.contains("requires 'Credential' parameter"),
        "{message}"
    );

    // wrong secret
    let wrong = Creds {
        secret: format!("{}x", f.root.secret),
        ..f.root.clone()
    };
    let r = c.kms(&wrong, REGION, "ListKeys", "{}");
    assert_eq!(r.status, 400);
    assert_eq!(
        r.json_error(),
        ("InvalidSignatureException".into(), MISMATCH_MESSAGE.into())
    );

    // unknown access key
    let unknown = Creds {
        access_key_id: "AKIAAAAAAAAAAAAAAAAA".into(),
        ..f.root.clone()
    };
    let r = c.kms(&unknown, REGION, "ListKeys", "{}");
    assert_eq!(
        r.json_error(),
        (
            "UnrecognizedClientException".into(),
            "The security token included in the request is invalid.".into()
        )
    );

    // a session token with a long-term key
    let tokened = Creds {
        token: Some("nope".into()),
        ..f.root.clone()
    };
    let r = c.kms(&tokened, REGION, "ListKeys", "{}");
    assert_eq!(r.json_error().0, "UnrecognizedClientException");

    // wrong service and wrong region in the scope
    let r = c.signed(&f.root, "sqs", REGION, SystemTime::now(), &target, b"{}");
    assert_eq!(
        r.json_error(),
        (
            "InvalidSignatureException".into(),
            "Credential should be scoped to correct service: 'kms'. ".into()
        )
    );
    let r = c.signed(
        &f.root,
        "kms",
        "us-east-1",
        SystemTime::now(),
        &target,
        b"{}",
    );
    assert_eq!(
        r.json_error(),
        (
            "InvalidSignatureException".into(),
            "Credential should be scoped to a valid region, not 'us-east-1'. ".into()
        )
    );

    // skew: six minutes behind, six minutes ahead (the service's clock plays no part)
    f.clock.advance(Duration::from_secs(86_400 * 365));
    for (time, prefix) in [
        (
            SystemTime::now() - Duration::from_secs(360),
            "Signature expired: ",
        ),
        (
            SystemTime::now() + Duration::from_secs(360),
            "Signature not yet current: ",
        ),
    ] {
        let r = c.signed(&f.root, "kms", REGION, time, &target, b"{}");
        let (code, message) = r.json_error();
        assert_eq!(code, "InvalidSignatureException");
        assert!(message.starts_with(prefix), "{message}");
        assert!(message.ends_with(" 5 min.)"), "{message}");
    }
    // four minutes behind is accepted (the request reaches KMS)
    let r = c.signed(
        &f.root,
        "kms",
        REGION,
        SystemTime::now() - Duration::from_secs(240),
        &target,
        b"{}",
    );
    assert_ne!(
        r.json_error().0,
        "InvalidSignatureException",
        "{}",
        r.text()
    );
}

#[test]
fn a_tampered_body_is_refused() {
    let f = start();
    let mut c = f.client();
    // sign one body, send another of the same length
    let host = c.addr.to_string();
    let body = b"Action=GetCallerIdentity&Version=2011-06-15";
    let len = body.len().to_string();
    let headers: Vec<(&str, &[u8])> = vec![
        ("host", host.as_bytes()),
        ("content-length", len.as_bytes()),
        ("content-type", b"application/x-www-form-urlencoded"),
    ];
    let added = datakey_server::sigv4::sign(
        &datakey_server::sigv4::Request {
            method: "POST",
            path: "/",
            query: "",
            headers: &headers,
            body,
        },
        &datakey_server::sigv4::SigningParams {
            access_key_id: &f.root.access_key_id,
            secret_access_key: f.root.secret.as_bytes(),
            session_token: None,
            region: REGION,
            service: "sts",
            time: SystemTime::now(),
        },
    );
    let mut out = vec![(
        "content-type".to_owned(),
        "application/x-www-form-urlencoded".to_owned(),
    )];
    out.extend(added);
    let r = c.send(
        "POST",
        "/",
        &out,
        b"Action=GetCallerIdentity&Version=2011-06-16",
    );
    assert_eq!(r.status, 403);
    assert_eq!(r.xml("Code").as_deref(), Some("SignatureDoesNotMatch"));
    assert_eq!(r.xml("Message").as_deref(), Some(MISMATCH_MESSAGE));
    let r = c.send("POST", "/", &out, body);
    assert_eq!(r.status, 200, "{}", r.text());
}

#[test]
fn assumed_role_sessions_work_until_the_service_clock_passes_their_expiry() {
    let f = start();
    let mut c = f.client();
    let role = format!("arn:aws:iam::{}:role/app", f.account);
    let form = format!(
        "Action=AssumeRole&Version=2011-06-15&RoleArn={}&RoleSessionName=s1&DurationSeconds=900",
        role.replace(':', "%3A").replace('/', "%2F")
    );
    let r = c.sts(&f.root, REGION, &form);
    assert_eq!(r.status, 200, "{}", r.text());
    let session = Creds {
        access_key_id: r.xml("AccessKeyId").expect("key id"),
        secret: r.xml("SecretAccessKey").expect("secret"),
        token: r.xml("SessionToken"),
    };
    assert!(session.access_key_id.starts_with("ASIA"));
    let arn = format!("arn:aws:sts::{}:assumed-role/app/s1", f.account);
    assert_eq!(r.xml("Arn"), Some(arn.clone()));

    let who = "Action=GetCallerIdentity&Version=2011-06-15";
    let r = c.sts(&session, REGION, who);
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.xml("Arn"), Some(arn));
    assert!(r.xml("UserId").expect("user id").ends_with(":s1"));

    // the session over KMS: authenticated (whatever KMS then answers)
    let r = c.kms(&session, REGION, "ListKeys", "{}");
    assert_ne!(
        r.json_error().0,
        "UnrecognizedClientException",
        "{}",
        r.text()
    );
    assert_ne!(r.json_error().0, "ExpiredTokenException");

    // without its token, or with another one: not recognised
    let tokenless = Creds {
        token: None,
        ..session.clone()
    };
    let r = c.kms(&tokenless, REGION, "ListKeys", "{}");
    assert_eq!(r.json_error().0, "UnrecognizedClientException");
    let r = c.sts(&tokenless, REGION, who);
    assert_eq!(r.status, 403);
    assert_eq!(r.xml("Code").as_deref(), Some("InvalidClientTokenId"));
    let forged = Creds {
        token: Some(format!("{}0", session.token.clone().unwrap_or_default())),
        ..session.clone()
    };
    assert_eq!(
        c.kms(&forged, REGION, "ListKeys", "{}").json_error().0,
        "UnrecognizedClientException"
    );

    // 15 minutes later on the service's clock (the system clock has not moved)
    f.clock.advance(Duration::from_secs(901));
    let r = c.kms(&session, REGION, "ListKeys", "{}");
    assert_eq!(
        r.json_error(),
        (
            "ExpiredTokenException".into(),
            "The security token included in the request is expired".into()
        )
    );
    let r = c.sts(&session, REGION, who);
    assert_eq!(r.xml("Code").as_deref(), Some("ExpiredToken"));
    // the root's long-term key still works
    assert_eq!(c.sts(&f.root, REGION, who).status, 200);
}

#[test]
fn sts_validation_and_unknown_actions() {
    let f = start();
    let mut c = f.client();
    let r = c.sts(
        &f.root,
        REGION,
        "Action=AssumeRole&Version=2011-06-15&RoleArn=nope&RoleSessionName=s",
    );
    assert_eq!(r.status, 400);
    assert_eq!(r.xml("Code").as_deref(), Some("ValidationError"));
    let r = c.sts(&f.root, REGION, "Action=GetSessionToken&Version=2011-06-15");
    assert_eq!(r.status, 400);
    assert_eq!(r.xml("Code").as_deref(), Some("InvalidAction"));
    let r = c.sts(&f.root, REGION, "Version=2011-06-15");
    assert_eq!(r.xml("Code").as_deref(), Some("MissingAction"));
    // STS allows 15 minutes of skew
    let r = c.signed(
        &f.root,
        "sts",
        REGION,
        SystemTime::now() - Duration::from_secs(600),
        &[("content-type", "application/x-www-form-urlencoded")],
        b"Action=GetCallerIdentity&Version=2011-06-15",
    );
    assert_eq!(r.status, 200, "{}", r.text());
}

#[test]
fn limits_on_body_headers_and_slow_clients() {
    let f = start_with(ServerConfig {
        max_body_bytes: 1000,
        max_headers: 20,
        body_read_timeout: Duration::from_millis(300),
        header_read_timeout: Duration::from_millis(300),
        ..ServerConfig::default()
    });
    let mut c = f.client();
    let big = vec![b'a'; 1001];
    let r = c.send("POST", "/", &[], &big);
    assert_eq!(r.status, 413);
    assert_eq!(r.json_error().0, "RequestEntityTooLargeException");

    let mut c = f.client();
    let many: Vec<(String, String)> = (0..30).map(|i| (format!("x-h{i}"), "v".into())).collect();
    let r = c.send("POST", "/", &many, b"{}");
    assert_eq!(r.status, 431);

    let mut c = f.client();
    let huge = vec![("x-big".to_owned(), "v".repeat(20_000))];
    let r = c.send("POST", "/", &huge, b"{}");
    assert_eq!(r.status, 431);

    // a body that never finishes: 408 after the body timeout
    let mut c = f.client();
    c.send_raw(
        format!(
            "POST / HTTP/1.1\r\nhost: {}\r\ncontent-length: 50\r\n\r\nabc",
            c.addr
        )
        .as_bytes(),
    );
    let r = c.read_response();
    assert_eq!(r.status, 408);

    // headers that never finish: the connection is closed
    let mut s = TcpStream::connect(f.server.local_addr()).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(5)))
        .expect("timeout");
    s.write_all(b"POST / HTTP/1.1\r\nhost: x\r\n")
        .expect("write");
    let mut buf = [0u8; 512];
    let n = std::io::Read::read(&mut s, &mut buf).expect("the server answers or closes");
    let text = String::from_utf8_lossy(&buf[..n]);
    assert!(n == 0 || text.starts_with("HTTP/1.1 408"), "{text}");
}

#[test]
fn non_loopback_addresses_are_refused_unless_allowed() {
    let err = Server::start(
        LocalKms::new(),
        ServerConfig {
            listen: "0.0.0.0:0".parse().expect("addr"),
            ..ServerConfig::default()
        },
    )
    .expect_err("refused");
    assert_eq!(err.kind(), std::io::ErrorKind::InvalidInput);
    let server = Server::start(
        LocalKms::new(),
        ServerConfig {
            listen: "0.0.0.0:0".parse().expect("addr"),
            allow_remote: true,
            ..ServerConfig::default()
        },
    )
    .expect("allowed");
    server.stop();
}

#[test]
fn stop_lets_an_in_flight_request_finish_and_refuses_new_connections() {
    let f = start();
    let addr = f.server.local_addr();
    let mut c = f.client();
    let body = b"Action=GetCallerIdentity&Version=2011-06-15";
    // sign a request, send all of it but the last byte of the body
    let host = addr.to_string();
    let len = body.len().to_string();
    let headers: Vec<(&str, &[u8])> = vec![
        ("host", host.as_bytes()),
        ("content-length", len.as_bytes()),
        ("content-type", b"application/x-www-form-urlencoded"),
    ];
    let added = datakey_server::sigv4::sign(
        &datakey_server::sigv4::Request {
            method: "POST",
            path: "/",
            query: "",
            headers: &headers,
            body,
        },
        &datakey_server::sigv4::SigningParams {
            access_key_id: &f.root.access_key_id,
            secret_access_key: f.root.secret.as_bytes(),
            session_token: None,
            region: REGION,
            service: "sts",
            time: SystemTime::now(),
        },
    );
    let mut head = format!(
        "POST / HTTP/1.1\r\nhost: {host}\r\ncontent-length: {len}\r\ncontent-type: application/x-www-form-urlencoded\r\n"
    );
    for (n, v) in &added {
        head.push_str(&format!("{n}: {v}\r\n"));
    }
    head.push_str("\r\n");
    let mut bytes = head.into_bytes();
    bytes.extend_from_slice(&body[..body.len() - 1]);
    c.send_raw(&bytes);
    std::thread::sleep(Duration::from_millis(100));
    let stopper = std::thread::spawn(move || f.server.stop());
    std::thread::sleep(Duration::from_millis(200));
    c.send_raw(&body[body.len() - 1..]);
    let r = c.read_response();
    assert_eq!(r.status, 200, "{}", r.text());
    stopper.join().expect("stopped");
    assert!(TcpStream::connect(addr).is_err(), "still accepting");
}

/// A small deterministic generator (xorshift64*), so failures reproduce.
struct Gen(u64);

impl Gen {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
}

#[test]
fn malformed_requests_get_an_aws_error_and_never_take_the_server_down() {
    let f = start();
    let addr = f.server.local_addr();
    let mut g = Gen(0x5eed_1234_abcd_0001);
    let now = datakey_server::sigv4::format_amz_date(SystemTime::now());
    let pieces = [
        "AWS4-HMAC-SHA256",
        "AWS4-HMAC-SHA512",
        " ",
        ",",
        ", ",
        "=",
        "/",
        "Credential=",
        "SignedHeaders=",
        "Signature=",
        "host",
        ";",
        "x-amz-date",
        f.root.access_key_id.as_str(),
        &now[..8],
        REGION,
        "kms",
        "sts",
        "aws4_request",
        "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        "\u{e9}",
        "%",
        "",
    ];
    let targets = [
        "TrentService.ListKeys",
        "TrentService.GenerateDataKey",
        "TrentService.",
        "TrentService",
        "secretsmanager.GetSecretValue",
        "",
        ".",
    ];
    let bodies = [
        "{}",
        "",
        "{",
        "[]",
        "null",
        "{\"KeyId\": 1}",
        "Action=AssumeRole&Version=2011-06-15",
        "Action=GetCallerIdentity",
        "%ff%fe=%",
    ];
    let dates = [
        now.as_str(),
        "",
        "2015",
        "20150830T123600Z",
        "99999999T999999Z",
    ];
    let mut c = Client::connect(addr);
    for i in 0..400 {
        let auth: String = (0..(g.next() % 12)).map(|_| g.pick(&pieces)).collect();
        let mut headers = vec![("x-amz-date".to_owned(), g.pick(&dates).to_owned())];
        if !g.next().is_multiple_of(5) {
            headers.push(("authorization".to_owned(), auth.clone()));
        }
        match g.next() % 3 {
            0 => headers.push(("x-amz-target".into(), g.pick(&targets).into())),
            1 => headers.push((
                "content-type".into(),
                "application/x-www-form-urlencoded".into(),
            )),
            _ => {}
        }
        if g.next().is_multiple_of(4) {
            headers.push(("x-amz-security-token".into(), g.pick(&pieces).into()));
        }
        let body = g.pick(&bodies);
        let r = c.send("POST", "/", &headers, body.as_bytes());
        assert!(
            (400..500).contains(&r.status),
            "case {i}: {headers:?} {body:?} -> {} {}",
            r.status,
            r.text()
        );
        if r.header("connection") == Some("close") {
            c = Client::connect(addr);
        }
    }
    // raw garbage on fresh connections
    for i in 0..50u64 {
        let mut s = TcpStream::connect(addr).expect("connect");
        s.set_read_timeout(Some(Duration::from_secs(5)))
            .expect("timeout");
        let garbage: Vec<u8> = (0..(g.next() % 300))
            .map(|_| (g.next() & 0xff) as u8)
            .collect();
        let _ = s.write_all(&garbage);
        let _ = s.write_all(b"\r\n\r\n");
        let mut buf = [0u8; 64];
        let n = std::io::Read::read(&mut s, &mut buf).expect("the server answers or closes");
        let text = String::from_utf8_lossy(&buf[..n]);
        assert!(
            n == 0 || text.starts_with("HTTP/1.1 4"),
            "garbage {i}: {text}"
        );
    }
    // still serving
    let r = Client::connect(addr).sts(
        &f.root,
        REGION,
        "Action=GetCallerIdentity&Version=2011-06-15",
    );
    assert_eq!(r.status, 200);
}

#[test]
fn idle_keep_alive_connections_are_closed_after_the_header_timeout() {
    let f = start_with(ServerConfig {
        header_read_timeout: Duration::from_millis(300),
        ..ServerConfig::default()
    });
    let mut c = f.client();
    let r = c.sts(
        &f.root,
        REGION,
        "Action=GetCallerIdentity&Version=2011-06-15",
    );
    assert_eq!(r.status, 200);
    std::thread::sleep(Duration::from_millis(800));
    let mut s = c.into_stream();
    s.set_read_timeout(Some(Duration::from_secs(3)))
        .expect("timeout");
    let mut buf = [0u8; 256];
    let n = std::io::Read::read(&mut s, &mut buf).expect("the server answers or closes");
    let text = String::from_utf8_lossy(&buf[..n]);
    assert!(n == 0 || text.starts_with("HTTP/1.1 408"), "{text}");
}
