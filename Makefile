# datakey task runner. The README names `make demo` and `make test`; both work on a fresh machine
# (Rust, Python 3.11 + pip, Node 20 + npm) and install everything else from the registries.

SHELL := /bin/bash
CARGO ?= cargo

.PHONY: test lint test-rust demo test-python test-node

## Every test: lint, Rust (unit, integration, doc), then interop, the bindings, and every benchmark
## once in quick mode (proves they still run; no numbers).
test: lint test-rust test-python test-node test-server bench-smoke

lint:
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --workspace --all-targets --locked -- -D warnings

# Runs the live interop tests too (core/tests/interop_live.rs), so it installs the official SDKs first.
test-rust: .venv/.interop-stamp tests/interop/node_modules/.stamp
	DATAKEY_REQUIRE_INTEROP=1 $(CARGO) test --workspace --locked

# ---- demo: the main job (owned by the store work) ----

## The main job: builds the `datakey` CLI, the Python package (into .venv) and the Node addon,
## then runs demo/demo.sh on a fresh key store in a temporary directory: the CLI creates a key and
## encrypts a file, Python and Node decrypt it, a rotation, the old file still opens, an
## asymmetric key is refused.
demo: demo-build
	demo/demo.sh

.PHONY: demo-build demo-rust
demo-build:
	$(CARGO) build --release --locked -p datakey-cli
	test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet "./bindings/python"
	cd bindings/node && { test -x node_modules/.bin/napi || npm ci --no-audit --no-fund --ignore-scripts; } \
		&& node_modules/.bin/napi build --platform --release

## The Rust-only tour of the local KMS (in memory, with a manual clock).
demo-rust:
	$(CARGO) run --release --locked -p datakey --example demo

# ---- interop with the official ESDKs (owned by the message work) ----
# Live round trips with ESDK-Python 4.0.7 and @aws-crypto/client-node 5.0.2 (core/tests/interop_live.rs),
# installed from PyPI and npm on first use. `make test` runs them; a missing SDK is then a failure.
PYTHON3 ?= python3

.PHONY: test-interop

.venv/.interop-stamp: tests/interop/requirements.txt
	$(PYTHON3) -m venv .venv && .venv/bin/pip install -r tests/interop/requirements.txt
	touch $@

tests/interop/node_modules/.stamp: tests/interop/package.json tests/interop/package-lock.json
	cd tests/interop && npm ci --no-audit --no-fund
	touch $@

## Only the live interop tests (`make test` runs them as part of test-rust).
test-interop: .venv/.interop-stamp tests/interop/node_modules/.stamp
	DATAKEY_REQUIRE_INTEROP=1 $(CARGO) test -p datakey --test interop_live --locked

# ---- the AWS endpoint (bindings/server) ----

.PHONY: test-server

## Real boto3 against the endpoint (bindings/server/tests/test_boto3.py): the test bed on a
## manual clock, and `datakey serve --memory`.
test-server:
	test -x $(VENV)/bin/python || $(PYTHON3) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet -r bindings/server/tests/requirements.txt
	$(CARGO) build --locked -p datakey-cli -p datakey-server --example testbed
	DATAKEY_BIN=target/debug/datakey DATAKEY_TESTBED=target/debug/examples/testbed \
		$(VENV)/bin/python -m pytest bindings/server/tests -q

# ---- Python binding (owned by the Python work) ----

PYTHON ?= python3
VENV ?= .venv

## Build and install the Python package into .venv (created if missing), check the stubs against
## the extension, run pytest (including interop with the official aws-encryption-sdk).
test-python:
	test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet "./bindings/python[test]"
	cd bindings/python && ../../$(VENV)/bin/python -m mypy.stubtest datakey._datakey
	cd bindings/python && ../../$(VENV)/bin/python -m mypy --strict python/datakey tests
	$(VENV)/bin/python -m pytest bindings/python/tests -q

# ---- Node binding (owned by the Node work) ----

# `npm ci` installs the napi-rs CLI and @aws-crypto/client-node (interop tests), and its `prepare`
# script builds the addon (`napi build --platform --release`), regenerating index.d.ts, which is
# committed: the diff check fails when the Rust API changed without the declarations.
test-node:
	cd bindings/node && npm ci && node --test
	git diff --exit-code bindings/node/index.d.ts

# ---- benchmarks (owned by the bench work; BENCHMARKS.md) ----
# `make bench`: criterion (benches/, about 10 minutes on 2 cores), its tables (benches/report.py),
# then the Python and Node comparisons against the official SDKs and hand-written envelopes.
# Quote ratios from one run on an idle machine (check `uptime`).
# `make bench-smoke`: each benchmark once in test/quick mode, for CI (`make test` runs it).

.PHONY: bench bench-rust bench-report bench-python bench-node bench-smoke bench-python-deps bench-node-deps

bench: bench-rust bench-python bench-node

bench-rust:
	$(CARGO) bench -p datakey-benches --locked
	$(MAKE) --no-print-directory bench-report

## The Rust tables from the latest criterion results (target/criterion).
bench-report:
	$(PYTHON3) benches/report.py

bench-python: bench-python-deps
	$(VENV)/bin/python benches/compare/py_bench.py

bench-node: bench-node-deps
	node benches/compare/node_bench.js

bench-smoke: bench-python-deps bench-node-deps
	$(CARGO) test -p datakey-benches --benches --locked
	$(VENV)/bin/python benches/compare/py_bench.py --quick
	node benches/compare/node_bench.js --quick

# The venv with aws-encryption-sdk (and cryptography), then the binding rebuilt from this tree.
bench-python-deps: .venv/.interop-stamp
	$(VENV)/bin/python -m pip install --quiet ./bindings/python

# @aws-crypto/client-node is a devDependency of the binding; `npm ci` there builds the addon once,
# `npm run build` rebuilds it from this tree (incremental).
bench-node-deps:
	test -d bindings/node/node_modules/@aws-crypto/client-node || (cd bindings/node && npm ci --no-audit --no-fund)
	cd bindings/node && npm run --silent build

# ---- fuzz (owned by the fuzzing work) ----
# cargo-fuzz targets in fuzz/ (own workspace and lock file). `make fuzz` seeds the corpora
# (fuzz/seed.sh) and runs every target for FUZZ_SECONDS (default 600); `make fuzz-smoke` runs each
# for FUZZ_SMOKE_SECONDS (default 20). With a nightly toolchain: ASan + libFuzzer
# (`cargo +nightly fuzz`); without one: `cargo fuzz run --sanitizer none` on stable.
FUZZ_SECONDS ?= 600
FUZZ_SMOKE_SECONDS ?= 20
FUZZ_TARGETS := message_decrypt header_roundtrip ec_roundtrip kms_blob stream_vs_oneshot aead_differential kms_ops

.PHONY: fuzz fuzz-smoke fuzz-seed

fuzz-seed:
	fuzz/seed.sh fuzz/corpus

fuzz: fuzz-seed
	FUZZ_TARGETS="$(FUZZ_TARGETS)" fuzz/run.sh $(FUZZ_SECONDS)

fuzz-smoke: fuzz-seed
	FUZZ_TARGETS="$(FUZZ_TARGETS)" fuzz/run.sh $(FUZZ_SMOKE_SECONDS)
