# datakey task runner. The README names `make demo` and `make test`; both work on a fresh machine
# (Rust, Python 3.11 + pip, Node 20 + npm) and install everything else from the registries.

SHELL := /bin/bash
CARGO ?= cargo

.PHONY: test lint test-rust demo test-python test-node

## Every test: lint, Rust (unit, integration, doc), then interop, the bindings, and every benchmark
## once in quick mode (proves they still run; no numbers).
test: lint test-rust test-python test-node test-server test-dist bench-smoke

lint:
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --workspace --all-targets --locked -- -D warnings

# Runs the live interop tests too (core/tests/interop_live.rs), so it installs the official SDKs first.
test-rust: .venv/.interop-stamp tests/interop/node_modules/.stamp
	DATAKEY_REQUIRE_INTEROP=1 $(CARGO) test --workspace --locked
	$(MAKE) test-ring

## The core's tests again with AES-128/256-GCM on ring (the `ring` feature), including the
## differential tests between ring and AWS-LC (core/src/hazmat, Wycheproof).
.PHONY: test-ring
test-ring:
	$(CARGO) test -p datakey --features ring --locked

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
	$(VENV)/bin/python -m pip install --quiet "./bindings/python" -r bindings/server/tests/requirements.txt
	cd bindings/node && { test -x node_modules/.bin/napi || npm ci --no-audit --no-fund --ignore-scripts; } \
		&& npm run --silent build

## The Rust-only tour of the local KMS (in memory, with a manual clock).
demo-rust:
	$(CARGO) run --release --locked -p datakey --example demo

## The key store soak, longer than the one `make test` runs (15 s): writers killed with SIGKILL,
## store writes failing at random steps, the lock file removed in a loop; prints the
## acknowledged-vs-present counts and fails on any lost or phantom change.
SOAK_SECONDS ?= 300
SOAK_SEED ?= 13
.PHONY: soak
soak:
	DATAKEY_SOAK_SECONDS=$(SOAK_SECONDS) DATAKEY_SOAK_SEED=$(SOAK_SEED) \
		$(CARGO) test -p datakey --locked --test store_faults soak_kill -- --nocapture

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

# `npm ci --ignore-scripts` installs the napi-rs CLI, TypeScript and the interop test dependencies;
# `npm run build` builds the addon with napi (`napi build --platform --release --no-js`),
# regenerating index.d.ts, which is committed: the diff check fails when the Rust API changed
# without the declarations. (A plain `npm ci` or `npm install` builds the addon with cargo alone,
# through the package's install script, install.js.)
test-node:
	cd bindings/node && npm ci --ignore-scripts --no-audit --no-fund && npm run --silent build && node --test
	git diff --exit-code bindings/node/index.d.ts

# ---- dist: what a user installs without a toolchain (owned by the packaging work) ----
# `make dist` writes into dist/: the abi3 wheel (`pip install dist/datakey-*.whl`), the npm
# tarball with the prebuilt addon for this platform (`npm install dist/datakey-*.tgz`) and the
# CLI binary (`dist/datakey`). Each reuses the builds already in target/ when nothing changed.
# `make test-dist` installs each into a fresh folder and uses it (tests/install/check.sh), and
# installs the Node package from a path and from a git URL (the committed HEAD) as a user would.
DIST ?= dist

.PHONY: dist dist-python dist-node dist-cli test-dist

dist: dist-python dist-node dist-cli

dist-python:
	test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	mkdir -p $(DIST) && rm -f $(DIST)/datakey-*.whl
	$(VENV)/bin/python -m pip wheel --quiet --no-deps --wheel-dir $(DIST) ./bindings/python

dist-node:
	cd bindings/node && node install.js
	mkdir -p $(DIST) && rm -f $(DIST)/datakey-*.tgz
	cd bindings/node && npm pack --silent --pack-destination "$(abspath $(DIST))" >/dev/null

dist-cli:
	$(CARGO) build --release --locked -p datakey-cli
	mkdir -p $(DIST) && install -m 755 target/release/datakey $(DIST)/datakey

test-dist: dist
	DIST="$(abspath $(DIST))" PYTHON3="$(PYTHON3)" tests/install/check.sh

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

# @aws-crypto/client-node is a devDependency of the binding; `npm ci --ignore-scripts` installs it,
# `npm run build` builds the addon from this tree (incremental).
bench-node-deps:
	test -d bindings/node/node_modules/@aws-crypto/client-node || (cd bindings/node && npm ci --ignore-scripts --no-audit --no-fund)
	cd bindings/node && npm run --silent build

# ---- fuzz (owned by the fuzzing work) ----
# cargo-fuzz targets in fuzz/ (own workspace and lock file). `make fuzz` seeds the corpora
# (fuzz/seed.sh) and runs every target for FUZZ_SECONDS (default 600); `make fuzz-smoke` runs each
# for FUZZ_SMOKE_SECONDS (default 20). With a nightly toolchain: ASan + libFuzzer
# (`cargo +nightly fuzz`); without one: `cargo fuzz run --sanitizer none` on stable.
FUZZ_SECONDS ?= 600
FUZZ_SMOKE_SECONDS ?= 20
FUZZ_TARGETS := message_decrypt header_roundtrip ec_roundtrip kms_blob stream_vs_oneshot aead_differential kms_ops wire_dispatch secrets_dispatch sigv4_request

.PHONY: fuzz fuzz-smoke fuzz-seed

fuzz-seed:
	fuzz/seed.sh fuzz/corpus

fuzz: fuzz-seed
	FUZZ_TARGETS="$(FUZZ_TARGETS)" fuzz/run.sh $(FUZZ_SECONDS)

fuzz-smoke: fuzz-seed
	FUZZ_TARGETS="$(FUZZ_TARGETS)" fuzz/run.sh $(FUZZ_SMOKE_SECONDS)
