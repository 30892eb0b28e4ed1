//! A load generator for the endpoint: signed KMS requests over keep-alive connections, each
//! connection on its own thread, for a fixed time; prints requests per second and p50/p99
//! latency per operation as a table.
//!
//! `cargo run --release -p datakey-server --example loadgen -- [SECONDS] [CONNECTIONS] [URL KEY_ID SECRET]`
//!
//! Without a URL it starts an in-process server on an in-memory service (2 worker threads) and
//! signs with the root's access key; with one it loads that endpoint (e.g. `datakey serve`).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant, SystemTime};

use datakey::LocalKms;
use datakey_server::sigv4::{Request, SigningParams, sign};
use datakey_server::{Server, ServerConfig};

struct Conn {
    host: String,
    reader: BufReader<TcpStream>,
    writer: TcpStream,
    /// The last response said `Connection: close` (moto's server does after every request):
    /// connect again before the next one.
    closed: bool,
}

impl Conn {
    fn open(host: &str) -> Conn {
        let s = TcpStream::connect(host).expect("connect");
        s.set_nodelay(true).expect("nodelay");
        Conn {
            host: host.to_owned(),
            reader: BufReader::new(s.try_clone().expect("clone")),
            writer: s,
            closed: false,
        }
    }

    /// One signed JSON 1.1 call; returns (status, body).
    fn call(&mut self, key: &(String, String, String), op: &str, body: &str) -> (u16, Vec<u8>) {
        if self.closed {
            *self = Conn::open(&self.host);
        }
        let target = format!("TrentService.{op}");
        let len = body.len().to_string();
        let headers: Vec<(&str, &[u8])> = vec![
            ("host", self.host.as_bytes()),
            ("content-length", len.as_bytes()),
            ("content-type", b"application/x-amz-json-1.1"),
            ("x-amz-target", target.as_bytes()),
        ];
        let added = sign(
            &Request {
                method: "POST",
                path: "/",
                query: "",
                headers: &headers,
                body: body.as_bytes(),
            },
            &SigningParams {
                access_key_id: &key.0,
                secret_access_key: key.1.as_bytes(),
                session_token: None,
                region: &key.2,
                service: "kms",
                time: SystemTime::now(),
            },
        );
        let mut req = format!(
            "POST / HTTP/1.1\r\nhost: {}\r\ncontent-length: {len}\r\ncontent-type: application/x-amz-json-1.1\r\nx-amz-target: {target}\r\n",
            self.host
        );
        for (n, v) in &added {
            req.push_str(n);
            req.push_str(": ");
            req.push_str(v);
            req.push_str("\r\n");
        }
        req.push_str("\r\n");
        req.push_str(body);
        self.writer.write_all(req.as_bytes()).expect("write");
        let mut line = String::new();
        self.reader.read_line(&mut line).expect("status");
        let status = line
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let mut length = 0usize;
        loop {
            line.clear();
            self.reader.read_line(&mut line).expect("header");
            let l = line.trim_end();
            if l.is_empty() {
                break;
            }
            if let Some((n, v)) = l.split_once(':') {
                if n.eq_ignore_ascii_case("content-length") {
                    length = v.trim().parse().unwrap_or(0);
                } else if n.eq_ignore_ascii_case("connection")
                    && v.trim().eq_ignore_ascii_case("close")
                {
                    self.closed = true;
                }
            }
        }
        let mut out = vec![0; length];
        self.reader.read_exact(&mut out).expect("body");
        (status, out)
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let seconds: u64 = args.first().and_then(|s| s.parse().ok()).unwrap_or(5);
    let conns: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(4);
    let (_server, host, key) =
        if let (Some(url), Some(id), Some(secret)) = (args.get(2), args.get(3), args.get(4)) {
            let host = url
                .trim_start_matches("http://")
                .trim_end_matches('/')
                .to_owned();
            let region = args
                .get(5)
                .cloned()
                .unwrap_or_else(|| "us-east-1".to_owned());
            (None, host, (id.clone(), secret.clone(), region))
        } else {
            let kms = LocalKms::new();
            let k = kms.create_access_key(None).expect("key");
            let region = kms.region().to_owned();
            let server = Server::start(kms, ServerConfig::default()).expect("start");
            let host = server.local_addr().to_string();
            let secret =
                String::from_utf8(k.secret_access_key.expose_secret().to_vec()).expect("ascii");
            (
                Some(server),
                host,
                (k.metadata.access_key_id.clone(), secret, region),
            )
        };
    let mut setup = Conn::open(&host);
    let (status, body) = setup.call(&key, "CreateKey", "{}");
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
    let v: serde_json::Value = serde_json::from_slice(&body).expect("json");
    let key_id = v["KeyMetadata"]["KeyId"]
        .as_str()
        .expect("key id")
        .to_owned();
    let gdk = format!("{{\"KeyId\":\"{key_id}\",\"KeySpec\":\"AES_256\"}}");
    let (status, body) = setup.call(&key, "GenerateDataKey", &gdk);
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
    let v: serde_json::Value = serde_json::from_slice(&body).expect("json");
    let blob = v["CiphertextBlob"].as_str().expect("blob").to_owned();
    let dec = format!("{{\"CiphertextBlob\":\"{blob}\"}}");

    println!("| operation | connections | seconds | requests/s | p50 µs | p99 µs |");
    println!("|---|---|---|---|---|---|");
    for (op, body) in [("GenerateDataKey", gdk.as_str()), ("Decrypt", dec.as_str())] {
        let deadline = Instant::now() + Duration::from_secs(seconds);
        let threads: Vec<_> = (0..conns)
            .map(|_| {
                let (host, key, body) = (host.clone(), key.clone(), body.to_owned());
                std::thread::spawn(move || {
                    let mut c = Conn::open(&host);
                    let mut lat = Vec::new();
                    while Instant::now() < deadline {
                        let t = Instant::now();
                        let (status, _) = c.call(&key, op, &body);
                        assert_eq!(status, 200);
                        lat.push(t.elapsed());
                    }
                    lat
                })
            })
            .collect();
        let mut all: Vec<Duration> = threads
            .into_iter()
            .flat_map(|t| t.join().expect("join"))
            .collect();
        all.sort();
        println!(
            "| {op} | {conns} | {seconds} | {:.0} | {} | {} |",
            all.len() as f64 / seconds as f64,
            percentile(&all, 0.5).as_micros(),
            percentile(&all, 0.99).as_micros()
        );
    }
}
