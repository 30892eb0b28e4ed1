#!/usr/bin/env bash
# Runs each fuzz target for the given number of seconds (default 600) on its corpus
# (fuzz/corpus/<target>, seeded by fuzz/seed.sh), one after the other, and prints libFuzzer's
# final execution count per target. Stops at the first crash (the input is in fuzz/artifacts/).
# Uses ASan + libFuzzer on nightly when a nightly toolchain is installed, else the stable fallback
# `--sanitizer none`. Installs cargo-fuzz when it is missing.
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-600}"
targets="${FUZZ_TARGETS:-message_decrypt header_roundtrip ec_roundtrip kms_blob stream_vs_oneshot aead_differential kms_ops wire_dispatch secrets_dispatch sigv4_request}"

command -v cargo-fuzz >/dev/null 2>&1 || cargo install cargo-fuzz --locked
if rustup run nightly rustc --version >/dev/null 2>&1; then
  fuzz=(cargo +nightly fuzz run)
else
  echo "run.sh: no nightly toolchain; fuzzing on stable without sanitizers" >&2
  fuzz=(cargo fuzz run --sanitizer none)
fi

mkdir -p logs
summary=()
for t in $targets; do
  mkdir -p "corpus/$t"
  echo "== fuzz $t for ${seconds}s"
  log="logs/$t.log"
  if ! "${fuzz[@]}" "$t" "$PWD/corpus/$t" -- -max_total_time="$seconds" -print_final_stats=1 \
      -timeout=30 -rss_limit_mb=2048 >"$log" 2>&1; then
    tail -n 60 "$log"
    echo "FUZZ FAILURE: $t (log: fuzz/$log, crashing input: fuzz/artifacts/$t/)" >&2
    exit 1
  fi
  execs=$(grep -m1 'stat::number_of_executed_units' "$log" | awk '{print $2}')
  summary+=("$t: ${execs:-?} executions in ${seconds}s, no crash")
  echo "   ${summary[-1]}"
done
echo "== fuzz summary"
printf '   %s\n' "${summary[@]}"
