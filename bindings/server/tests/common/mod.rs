//! A minimal blocking HTTP/1.1 client over one keep-alive connection, signing requests with the
//! crate's SigV4 signer (itself checked against the official suite in sigv4_vectors.rs).

#![allow(dead_code, unreachable_pub)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, SystemTime};

use datakey_server::sigv4::{Request, SigningParams, sign};

/// A response: status, headers (lowercase names), body.
#[derive(Debug)]
pub struct Resp {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Resp {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.text()))
    }

    /// `(__type, message)` of a JSON error.
    pub fn json_error(&self) -> (String, String) {
        let v = self.json();
        (
            v["__type"].as_str().unwrap_or_default().to_owned(),
            v["message"].as_str().unwrap_or_default().to_owned(),
        )
    }

    /// The text of the first `<tag>` element.
    pub fn xml(&self, tag: &str) -> Option<String> {
        let text = self.text();
        let open = format!("<{tag}>");
        let start = text.find(&open)? + open.len();
        let end = text[start..].find(&format!("</{tag}>"))? + start;
        Some(text[start..end].to_owned())
    }
}

pub struct Client {
    pub addr: SocketAddr,
    reader: BufReader<TcpStream>,
    writer: TcpStream,
}

/// Credentials to sign with.
#[derive(Clone)]
pub struct Creds {
    pub access_key_id: String,
    pub secret: String,
    pub token: Option<String>,
}

impl Client {
    pub fn connect(addr: SocketAddr) -> Client {
        let stream = TcpStream::connect(addr).expect("connect");
        stream
            .set_read_timeout(Some(Duration::from_secs(20)))
            .expect("timeout");
        Client {
            addr,
            reader: BufReader::new(stream.try_clone().expect("clone")),
            writer: stream,
        }
    }

    /// The connection, for reading what the server sends unprompted.
    pub fn into_stream(self) -> TcpStream {
        self.writer
    }

    pub fn send_raw(&mut self, bytes: &[u8]) {
        self.writer.write_all(bytes).expect("write");
    }

    pub fn read_response(&mut self) -> Resp {
        let mut line = String::new();
        self.reader.read_line(&mut line).expect("status line");
        let status: u16 = line
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("status line {line:?}"));
        let mut headers = Vec::new();
        loop {
            let mut h = String::new();
            self.reader.read_line(&mut h).expect("header");
            let h = h.trim_end();
            if h.is_empty() {
                break;
            }
            let (n, v) = h.split_once(':').expect("header line");
            headers.push((n.to_ascii_lowercase(), v.trim().to_owned()));
        }
        let len: usize = headers
            .iter()
            .find(|(n, _)| n == "content-length")
            .map_or(0, |(_, v)| v.parse().expect("length"));
        let mut body = vec![0; len];
        self.reader.read_exact(&mut body).expect("body");
        Resp {
            status,
            headers,
            body,
        }
    }

    /// Sends `method path` with `headers` and `body` as they are (Host and Content-Length
    /// added).
    pub fn send(
        &mut self,
        method: &str,
        path: &str,
        headers: &[(String, String)],
        body: &[u8],
    ) -> Resp {
        let mut req = format!("{method} {path} HTTP/1.1\r\nhost: {}\r\n", self.addr);
        for (n, v) in headers {
            req.push_str(&format!("{n}: {v}\r\n"));
        }
        req.push_str(&format!("content-length: {}\r\n\r\n", body.len()));
        let mut bytes = req.into_bytes();
        bytes.extend_from_slice(body);
        self.send_raw(&bytes);
        self.read_response()
    }

    /// Signs (service, region, time) and sends a POST / with `headers` and `body`.
    pub fn signed(
        &mut self,
        creds: &Creds,
        service: &str,
        region: &str,
        time: SystemTime,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> Resp {
        let host = self.addr.to_string();
        let len = body.len().to_string();
        let mut all: Vec<(&str, &[u8])> = vec![
            ("host", host.as_bytes()),
            ("content-length", len.as_bytes()),
        ];
        all.extend(headers.iter().map(|(n, v)| (*n, v.as_bytes())));
        let added = sign(
            &Request {
                method: "POST",
                path: "/",
                query: "",
                headers: &all,
                body,
            },
            &SigningParams {
                access_key_id: &creds.access_key_id,
                secret_access_key: creds.secret.as_bytes(),
                session_token: creds.token.as_deref(),
                region,
                service,
                time,
            },
        );
        let mut out: Vec<(String, String)> = headers
            .iter()
            .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
            .collect();
        out.extend(added);
        self.send("POST", "/", &out, body)
    }

    /// A KMS JSON 1.1 call.
    pub fn kms(&mut self, creds: &Creds, region: &str, op: &str, body: &str) -> Resp {
        let target = format!("TrentService.{op}");
        self.signed(
            creds,
            "kms",
            region,
            SystemTime::now(),
            &[
                ("content-type", "application/x-amz-json-1.1"),
                ("x-amz-target", &target),
            ],
            body.as_bytes(),
        )
    }

    /// An STS Query call.
    pub fn sts(&mut self, creds: &Creds, region: &str, form: &str) -> Resp {
        self.signed(
            creds,
            "sts",
            region,
            SystemTime::now(),
            &[(
                "content-type",
                "application/x-www-form-urlencoded; charset=utf-8",
            )],
            form.as_bytes(),
        )
    }
}
