# datakey task runner. The README names `make demo` and `make test`; both work on a fresh machine
# (Rust, Python 3.11 + pip, Node 20 + npm) and install everything else from the registries.

SHELL := /bin/bash
CARGO ?= cargo

.PHONY: test lint test-rust demo

## Every test: lint, Rust (unit, integration, doc), then interop, the bindings.
test: lint test-rust

lint:
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --workspace --all-targets --locked -- -D warnings

test-rust:
	$(CARGO) test --workspace --locked

# ---- demo (owned by the KMS work) ----

## The main job for now: the local KMS demo (creates keys, generates, decrypts, rotates, refuses).
demo:
	$(CARGO) run --release --locked -p datakey --example demo

# ---- interop with the official ESDKs (owned by the message work) ----

# ---- Python binding (owned by the Python work) ----

# ---- Node binding (owned by the Node work) ----
