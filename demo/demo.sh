#!/usr/bin/env bash
# datakey's main job, end to end on a fresh key store: the `datakey` CLI creates a key and
# encrypts a file, Python and Node decrypt it from the same store, the key rotates and the old
# file still opens, an asymmetric key is refused, a Secrets Manager secret is stored (each
# version under its own data key) while an asymmetric key is refused at CreateSecret, and the AWS
# CLI and boto3 use the same store through `datakey serve` (a bad signature refused; the AWS CLI's
# `secretsmanager` reads the secret and sees the asymmetric key refused at CreateSecret). `make demo`
# builds everything and runs this.
#
# Needs: target/release/datakey (cargo build --release -p datakey-cli), the Python package in
# .venv (pip install ./bindings/python) and the Node addon built in bindings/node (npm ci).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DATAKEY=${DATAKEY_BIN:-$ROOT/target/release/datakey}
PYTHON=${DATAKEY_PYTHON:-$ROOT/.venv/bin/python}
NODE_PKG=$ROOT/bindings/node

WORK=$(mktemp -d "${TMPDIR:-/tmp}/datakey-demo.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

# The key store lives in a temporary directory for the demo (by default it is
# $XDG_DATA_HOME/datakey or ~/.local/share/datakey).
export DATAKEY_STORE="$WORK/store"
# DEMO ONLY -- a fixed root key written in a script is no secret. For real use, generate one
# (`openssl rand -hex 32`), keep it out of source control, or set DATAKEY_PASSPHRASE instead.
export DATAKEY_ROOT_KEY=d3e0d3e0d3e0d3e0d3e0d3e0d3e0d3e0d3e0d3e0d3e0d3e0d3e0d3e0d3e0d3e0
unset DATAKEY_PASSPHRASE

step=0
if [ -t 1 ]; then BOLD=$'\033[1m' PLAIN=$'\033[0m'; else BOLD='' PLAIN=''; fi
step() { step=$((step + 1)); printf '\n%s== %d. %s%s\n' "$BOLD" "$step" "$*" "$PLAIN"; }
# Prints a command (shell-quoted, the binary's path shortened to `datakey`), then runs it.
show() {
  local words=("$@")
  [ "${words[0]}" = "$DATAKEY" ] && words[0]=datakey
  printf '$'; printf ' %q' "${words[@]}"; printf '\n'
  "$@"
}
fail() { printf '\nDEMO FAILED: %s\n' "$*" >&2; exit 1; }
json_field() { "$PYTHON" -c 'import json, sys; v = json.load(sys.stdin)
for k in sys.argv[1].split("."): v = v[k]
print(v)' "$1"; }

cd "$WORK"
printf 'key store: %s (sealed under the demo-only DATAKEY_ROOT_KEY)\n' "$DATAKEY_STORE"

step "The CLI creates a key (alias/demo) in the store"
show "$DATAKEY" keys create --description "demo application key" --alias alias/demo
KEY_ID=$("$DATAKEY" --json keys describe alias/demo | json_field key.key_id)

step "The CLI encrypts a file as an AWS Encryption SDK message under alias/demo"
printf 'The launch code is 0000. (demo secret)\n' > secret.txt
show "$DATAKEY" encrypt --key alias/demo --context app=demo --context env=dev -i secret.txt -o secret.txt.dk
printf 'message starts with %s (format v2)\n' "$(head -c 1 secret.txt.dk | od -An -tx1 | tr -d ' ')"

step "Python opens the same store (datakey.LocalKms.open) and decrypts the file"
PY_OUT=$("$PYTHON" - "$WORK/secret.txt.dk" <<'PY'
import sys
import datakey

kms = datakey.LocalKms.open()  # DATAKEY_STORE and DATAKEY_ROOT_KEY from the environment
with open(sys.argv[1], "rb") as f:
    message = f.read()
d = datakey.decrypt(message, kms.keyring("alias/demo"), encryption_context={"app": "demo"})
print("python:", d.plaintext.decode(), end="")
print("python: data key wrapped by", d.header.encrypted_data_keys[0][1])
PY
)
printf '%s\n' "$PY_OUT"
grep -q "python: The launch code is 0000." <<<"$PY_OUT" || fail "Python did not decrypt the file"

step "Node opens the same store (LocalKms.open) and decrypts the file"
NODE_OUT=$(node - "$WORK/secret.txt.dk" "$NODE_PKG" <<'JS'
const fs = require('node:fs')
const [file, pkg] = process.argv.slice(2)
const { LocalKms, decrypt } = require(pkg)
const kms = LocalKms.open() // DATAKEY_STORE and DATAKEY_ROOT_KEY from the environment
decrypt(fs.readFileSync(file), kms.keyring('alias/demo'), { encryptionContext: { app: 'demo' } })
  .then(({ plaintext, messageHeader }) => {
    process.stdout.write('node: ' + Buffer.from(plaintext).toString())
    console.log('node: encryption context', JSON.stringify(messageHeader.encryptionContext))
  })
  .catch((e) => { console.error(e); process.exit(1) })
JS
)
printf '%s\n' "$NODE_OUT"
grep -q "node: The launch code is 0000." <<<"$NODE_OUT" || fail "Node did not decrypt the file"

step "The key rotates (new key material; the old material is kept for old messages)"
BEFORE=$("$DATAKEY" --json keys describe alias/demo | json_field key.current_key_material_id)
show "$DATAKEY" keys rotate alias/demo
AFTER=$("$DATAKEY" --json keys describe alias/demo | json_field key.current_key_material_id)
[ "$BEFORE" != "$AFTER" ] || fail "the key material did not change"
printf 'material before %s...  after %s...\n' "${BEFORE:0:16}" "${AFTER:0:16}"
show "$DATAKEY" encrypt --key alias/demo --context app=demo -i secret.txt -o new.txt.dk

step "The old file still opens (CLI, and Python again), and so does the new one"
show "$DATAKEY" decrypt --context app=demo -i secret.txt.dk -o secret.out
cmp secret.txt secret.out || fail "the old file did not decrypt to the original"
show "$DATAKEY" decrypt --context app=demo -i new.txt.dk -o new.out
cmp secret.txt new.out || fail "the new file did not decrypt to the original"
"$PYTHON" - "$WORK/secret.txt.dk" <<'PY' || fail "Python could not open the old file after the rotation"
import sys
import datakey
kms = datakey.LocalKms.open()
with open(sys.argv[1], "rb") as f:
    d = datakey.decrypt(f.read(), kms.keyring("alias/demo"), encryption_context={"app": "demo"})
rotations = kms.list_key_rotations(KeyId="alias/demo")["Rotations"]
print("python: old file after rotation:", d.plaintext.decode(), end="")
print("python: rotations of alias/demo:", len(rotations))
PY
echo "both files decrypt to the original"

step "An asymmetric key is refused for data keys"
show "$DATAKEY" keys create --key-spec RSA_2048 --key-usage ENCRYPT_DECRYPT --alias alias/rsa
set +e
ERR=$("$DATAKEY" encrypt --key alias/rsa -i secret.txt -o rsa.dk 2>&1)
CODE=$?
set -e
printf '$ datakey encrypt --key alias/rsa -i secret.txt -o rsa.dk\n%s\n(exit code %d)\n' "$ERR" "$CODE"
[ "$CODE" -eq 3 ] || fail "expected exit code 3 (key usage), got $CODE"
grep -q "You cannot generate a data key with an asymmetric CMK" <<<"$ERR" \
  || fail "the refusal does not carry KMS's message"
[ ! -e rsa.dk ] || fail "a refused encryption left an output file"
"$PYTHON" - <<'PY' || fail "Python did not refuse the asymmetric key"
import datakey
kms = datakey.LocalKms.open()
try:
    kms.generate_data_key(KeyId="alias/rsa", KeySpec="AES_256")
except datakey.InvalidKeyUsageException as e:
    print("python:", type(e).__name__ + ":", e.response["Error"]["Message"])
else:
    raise SystemExit("python: the asymmetric key was not refused")
PY

step "Secrets Manager: each version under its own data key; an asymmetric key refused at create"
show "$DATAKEY" secrets create prod/db --value-file secret.txt
printf 'second value\n' > secret2.txt
show "$DATAKEY" secrets put prod/db --value-file secret2.txt
CURRENT=$("$DATAKEY" secrets get prod/db)
PREVIOUS=$("$DATAKEY" secrets get prod/db --version-stage AWSPREVIOUS)
printf 'AWSCURRENT: %s\nAWSPREVIOUS: %s\n' "$CURRENT" "$PREVIOUS"
[ "$CURRENT" = "second value" ] || fail "AWSCURRENT is not the new value"
grep -q "The launch code is 0000." <<<"$PREVIOUS" || fail "AWSPREVIOUS is not the first value"
if grep -qa "second value" "$DATAKEY_STORE/keystore.dks"; then
  fail "a secret value is in the store file"
fi
set +e
ERR=$("$DATAKEY" secrets create rsa-secret --kms-key alias/rsa --value-file secret.txt 2>&1)
CODE=$?
set -e
printf '$ datakey secrets create rsa-secret --kms-key alias/rsa --value-file secret.txt\n%s\n(exit code %d)\n' "$ERR" "$CODE"
[ "$CODE" -eq 3 ] || fail "expected exit code 3 (key usage), got $CODE"
grep -q "EncryptionFailure: You cannot generate a data key with an asymmetric CMK" <<<"$ERR" \
  || fail "the refusal at CreateSecret does not carry KMS's message"
if "$DATAKEY" secrets describe rsa-secret >/dev/null 2>&1; then
  fail "a refused secret was stored"
fi

step "The AWS endpoint: the AWS CLI and boto3 talk to datakey serve on the same store (KMS, Secrets Manager)"
AK=$("$DATAKEY" access-keys create --json)
printf '$ datakey access-keys create --json\n%s\n' "$(json_field AccessKey.AccessKeyId <<<"$AK") (secret not shown)"
"$DATAKEY" serve >"$WORK/serve.out" 2>"$WORK/serve.err" &
SERVE_PID=$!
trap 'kill "$SERVE_PID" 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 100); do [ -s "$WORK/serve.out" ] && break; sleep 0.1; done
URL=$(head -1 "$WORK/serve.out" | cut -d' ' -f3)
[ -n "$URL" ] || fail "datakey serve did not start: $(cat "$WORK/serve.err")"
echo "datakey serve: $(head -1 "$WORK/serve.out")"
AWS_ENV=(env -u AWS_PROFILE -u AWS_SESSION_TOKEN AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null
  AWS_ACCESS_KEY_ID="$(json_field AccessKey.AccessKeyId <<<"$AK")"
  AWS_SECRET_ACCESS_KEY="$(json_field AccessKey.SecretAccessKey <<<"$AK")" AWS_DEFAULT_REGION=us-east-1)
printf '$ aws kms generate-data-key --key-id alias/demo --key-spec AES_256 --endpoint-url %s\n' "$URL"
GDK=$("${AWS_ENV[@]}" "$(dirname "$PYTHON")/aws" kms generate-data-key --key-id alias/demo \
  --key-spec AES_256 --endpoint-url "$URL" --output json) || fail "the AWS CLI could not generate a data key"
echo "aws: data key under $(json_field KeyId <<<"$GDK")"
"${AWS_ENV[@]}" "$PYTHON" - "$URL" "$GDK" <<'PY' || fail "boto3 did not decrypt the AWS CLI's data key"
import base64, json, os, sys
import boto3
from botocore.exceptions import ClientError
url, gdk = sys.argv[1], json.loads(sys.argv[2])
kms = boto3.client("kms", endpoint_url=url)
out = kms.decrypt(CiphertextBlob=base64.b64decode(gdk["CiphertextBlob"]))
assert out["Plaintext"] == base64.b64decode(gdk["Plaintext"])
print("boto3: decrypted the AWS CLI's data key under", out["KeyId"])
bad = boto3.client("kms", endpoint_url=url, aws_access_key_id=os.environ["AWS_ACCESS_KEY_ID"],
                   aws_secret_access_key="x" * 40)
try:
    bad.list_keys()
except ClientError as e:
    print("boto3, wrong secret:", e.response["Error"]["Code"] + ":", e.response["Error"]["Message"][:60] + "...")
else:
    raise SystemExit("boto3: a bad signature was accepted")
PY
AWS=("${AWS_ENV[@]}" "$(dirname "$PYTHON")/aws")
printf '$ aws secretsmanager get-secret-value --secret-id prod/db --endpoint-url %s\n' "$URL"
GOT=$("${AWS[@]}" secretsmanager get-secret-value --secret-id prod/db --endpoint-url "$URL" \
  --output json) || fail "the AWS CLI could not read the secret"
[ "$(json_field SecretString <<<"$GOT")" = "second value" ] || fail "the AWS CLI read another value"
echo "aws: prod/db AWSCURRENT = $(json_field SecretString <<<"$GOT") (the CLI's secret, from the store)"
printf '$ aws secretsmanager create-secret --name rsa-over-the-wire --kms-key-id alias/rsa --secret-string x --endpoint-url %s\n' "$URL"
set +e
ERR=$("${AWS[@]}" secretsmanager create-secret --name rsa-over-the-wire --kms-key-id alias/rsa \
  --secret-string x --endpoint-url "$URL" --cli-read-timeout 30 2>&1)
CODE=$?
set -e
printf '%s\n(exit code %d)\n' "$(grep -v '^$' <<<"$ERR")" "$CODE"
[ "$CODE" -ne 0 ] || fail "the AWS CLI created a secret under an asymmetric key"
grep -q "(EncryptionFailure) when calling the CreateSecret operation: You cannot generate a data key with an asymmetric CMK" <<<"$ERR" \
  || fail "the AWS CLI did not show the refusal at CreateSecret"
kill -TERM "$SERVE_PID"
wait "$SERVE_PID" || fail "datakey serve did not stop cleanly"
trap 'rm -rf "$WORK"' EXIT
echo "datakey serve stopped (SIGTERM)"

step "What the store holds now"
show "$DATAKEY" keys list
printf '\nDemo complete: CLI -> Python -> Node on one store, rotation, asymmetric refusal, secrets, AWS clients over SigV4.\n'
printf 'Key %s; the demo store in %s is removed now.\n' "$KEY_ID" "$WORK"
