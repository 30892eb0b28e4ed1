#!/usr/bin/env bash
# Seeds the fuzz corpora (fuzz/corpus/<target>/, gitignored): real messages, KMS blobs, contexts
# and AEAD inputs written by datakey (core/examples/fuzz_seed.rs), plus the ciphertexts of the
# official ESDK decrypt vectors (../shared/esdk-vectors, or $DATAKEY_ESDK_VECTORS), whose raw AES
# key the fuzz keyring holds. Idempotent: re-running overwrites the same seed files.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus="${1:-fuzz/corpus}"
cargo run --quiet --locked -p datakey --example fuzz_seed -- "$corpus"

# wire_dispatch: an operation byte (an index into Operation::ALL) and a JSON request body.
python3 - "$corpus/wire_dispatch" <<'PY'
import json, os, sys
out = sys.argv[1]
os.makedirs(out, exist_ok=True)
seeds = [
    (11, {"KeyId": "alias/fuzz", "KeySpec": "AES_256", "EncryptionContext": {"a": "b"}}),
    (13, {"KeyId": "alias/fuzz", "Plaintext": "AAECAw==", "GrantTokens": [], "DryRun": True}),
    (14, {"CiphertextBlob": "AAECAw==", "KeyId": "alias/fuzz"}),
    (0, {"Description": "d", "Tags": [{"TagKey": "k", "TagValue": "v"}], "KeySpec": "SYMMETRIC_DEFAULT"}),
    (10, {"Limit": 10, "Marker": "m"}),
    (22, {"KeyId": "alias/fuzz", "ImportToken": "AA==", "EncryptedKeyMaterial": "AA==", "ValidTo": 1.5e9}),
    (23, {"KeyId": "alias/fuzz", "Policy": "{}", "PolicyName": "default"}),
]
for i, (op, body) in enumerate(seeds):
    with open(os.path.join(out, "seed%d" % i), "wb") as f:
        f.write(bytes([op]) + json.dumps(body).encode())
PY

# secrets_dispatch: an operation byte (an index into datakey::wire::secrets::operations()) and a
# JSON request body.
python3 - "$corpus/secrets_dispatch" <<'PY'
import json, os, sys
out = sys.argv[1]
os.makedirs(out, exist_ok=True)
token = "00000000-0000-4000-8000-000000000001"
seeds = [
    (0, {"Name": "fuzz/new", "SecretString": "v", "ClientRequestToken": token, "KmsKeyId": "alias/fuzz"}),
    (0, {"Name": "fuzz/rsa", "SecretBinary": "AAECAw==", "ClientRequestToken": token, "KmsKeyId": "alias/rsa"}),
    (1, {"SecretId": "fuzz/db", "VersionStage": "AWSPREVIOUS"}),
    (3, {"SecretId": "fuzz/db", "SecretString": "w", "ClientRequestToken": token, "VersionStages": ["AWSPENDING"]}),
    (5, {"SecretId": "fuzz/db", "VersionStage": "AWSCURRENT", "MoveToVersionId": token}),
    (7, {"Filters": [{"Key": "name", "Values": ["!fuzz"]}], "SortOrder": "desc", "MaxResults": 1}),
    (9, {"SecretId": "fuzz/db", "RecoveryWindowInDays": 7}),
    (18, {"SecretId": "fuzz/db", "RotationRules": {"ScheduleExpression": "rate(4 hours)", "Duration": "2h"}}),
]
for i, (op, body) in enumerate(seeds):
    with open(os.path.join(out, "seed%d" % i), "wb") as f:
        f.write(bytes([op]) + json.dumps(body).encode())
PY

vectors="${DATAKEY_ESDK_VECTORS:-}"
if [ -z "$vectors" ]; then
  for d in ../shared/esdk-vectors ../../shared/esdk-vectors; do
    if [ -d "$d" ]; then vectors="$d"; break; fi
  done
fi
if [ -z "$vectors" ] || [ ! -d "$vectors" ]; then
  echo "seed.sh: the official ESDK vectors were not found (set DATAKEY_ESDK_VECTORS); seeding without them" >&2
  exit 0
fi
python3 - "$vectors" "$corpus" <<'PY'
import hashlib, json, os, sys, zipfile
vectors, corpus = sys.argv[1], sys.argv[2]
n = 0
for archive in sorted(os.listdir(vectors)):
    if not archive.endswith(".zip"):
        continue
    z = zipfile.ZipFile(os.path.join(vectors, archive))
    manifest = json.loads(z.read("manifest.json"))
    for name, test in sorted(manifest["tests"].items()):
        keys = test["master-keys"]
        if not all(k["type"] == "raw" and k.get("encryption-algorithm") == "aes" for k in keys):
            continue
        ct = z.read(test["ciphertext"].replace("file://", ""))
        if len(ct) > 64 * 1024:
            continue
        tag = hashlib.sha256(ct).hexdigest()[:16]
        for target, data in (("message_decrypt", ct), ("header_roundtrip", ct),
                             ("stream_vs_oneshot", hashlib.sha256(ct).digest()[:8] + ct)):
            os.makedirs(os.path.join(corpus, target), exist_ok=True)
            with open(os.path.join(corpus, target, "vector-" + tag), "wb") as f:
                f.write(data)
        n += 1
print(f"wrote {n} ESDK vector ciphertexts (x3 targets) under {corpus}")
PY
