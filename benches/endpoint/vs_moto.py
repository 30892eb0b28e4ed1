"""Signed GenerateDataKey and Decrypt over loopback with keep-alive: `datakey serve` and moto
server (`moto[server]`) side by side, loaded by the same Rust load generator
(bindings/server/examples/loadgen.rs: one thread per connection, SigV4-signing every request).

Run: python benches/endpoint/vs_moto.py [SECONDS] [CONNECTIONS]
(needs target/release/datakey and target/release/examples/loadgen:
`cargo build --release -p datakey-cli -p datakey-server --example loadgen`, and moto[server]).
"""

import json
import os
import pathlib
import socket
import subprocess
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parents[2]
SECONDS = sys.argv[1] if len(sys.argv) > 1 else "5"
CONNS = sys.argv[2] if len(sys.argv) > 2 else "4"
LOADGEN = str(ROOT / "target/release/examples/loadgen")


def load(name, url, key_id, secret, region):
    out = subprocess.run(
        [LOADGEN, SECONDS, CONNS, url, key_id, secret, region],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    rows = [line for line in out.splitlines() if line.startswith("| ") and "operation" not in line]
    return [f"| {name} " + row for row in rows]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    rows = []
    dk = subprocess.Popen(
        [str(ROOT / "target/release/datakey"), "serve", "--memory", "--region", "us-east-1"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        url = dk.stdout.readline().split(" ", 2)[2].strip()
        key = json.loads(dk.stdout.readline())["AccessKey"]
        rows += load("datakey serve", url, key["AccessKeyId"], key["SecretAccessKey"], "us-east-1")
    finally:
        dk.terminate()
        dk.wait()
    port = free_port()
    moto = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "MOTO_CALL_RESET_API": "false"},
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        rows += load(
            f"moto server {__import__('moto').__version__}",
            f"http://127.0.0.1:{port}",
            "AKIAEXAMPLEEXAMPLE00",
            "secret" * 7,
            "us-east-1",
        )
    finally:
        moto.terminate()
        moto.wait()
    print("| server | operation | connections | seconds | requests/s | p50 µs | p99 µs |")
    print("|---|---|---|---|---|---|---|")
    for row in rows:
        print(row)


if __name__ == "__main__":
    main()
