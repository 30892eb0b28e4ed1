#!/usr/bin/env bash
# Installs what a user installs into fresh folders and uses it, as a new user would (issue 15):
#
#   1. the wheel of `make dist` into a new venv (no index, no source tree on the path), then the
#      Python README's examples;
#   2. the npm tarball of `make dist` into a new project (no Rust sources in it: the prebuilt addon
#      is used, cargo never runs), then the Node README's example, named ES-module imports, and
#      TypeScript with `--module nodenext` against the installed package;
#   3. the CLI binary of `make dist`: --version, and a file encrypted and decrypted;
#   4. the Node package from a path (the checkout's bindings/node), twice: the second install
#      neither runs cargo nor touches the addon;
#   5. the Node package from a git URL (`git+file://` of this repository's committed HEAD, as
#      `npm install git+https://…` would): npm clones it, the install step builds the addon with
#      cargo alone (no devDependencies), and the package works.
#
# Needs DIST (the dist/ directory); CARGO_TARGET_DIR is pointed at this checkout's target/ for
# step 5, so that the clone's build reuses the compiled dependencies.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DIST=${DIST:-$ROOT/dist}
PYTHON3=${PYTHON3:-python3}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
NPM=(npm --no-audit --no-fund --loglevel=error)

step() { printf '\n== %s\n' "$*"; }
fail() { printf 'FAIL: %s\n' "$*" >&2; exit 1; }

# Writes the fenced blocks of language $2 in the Markdown file $1 to $3/block-N.$4.
blocks() {
  "$PYTHON3" - "$1" "$2" "$3" "$4" <<'EOF'
import pathlib, re, sys
readme, lang, out, ext = sys.argv[1:]
found = re.findall(r"```" + lang + r"\n(.*?)```", pathlib.Path(readme).read_text(), flags=re.S)
if not found:
    sys.exit(f"no {lang} block in {readme}")
for i, b in enumerate(found):
    pathlib.Path(out, f"block-{i}.{ext}").write_text(b)
print(len(found))
EOF
}

version=$(sed -n 's/^version = "\(.*\)"/\1/p' "$ROOT/Cargo.toml" | head -1)
[ -n "$version" ] || fail "no workspace version in Cargo.toml"

# ----- 1. the wheel -------------------------------------------------------------------------------
step "pip install $(cd "$DIST" && ls datakey-*.whl) into a new venv"
whl=("$DIST"/datakey-"$version"-cp*-abi3-*.whl)
[ -f "${whl[0]}" ] || fail "no abi3 wheel for $version in $DIST"
"$PYTHON3" -m venv "$T/venv"
"$T/venv/bin/pip" install --quiet --no-index "${whl[0]}"
mkdir "$T/py" && cd "$T/py"
"$T/venv/bin/python" -c "
import datakey, sys
assert datakey.__version__ == '$version', datakey.__version__
assert datakey.__file__.startswith('$T/venv/'), datakey.__file__
print('datakey', datakey.__version__, 'from', datakey.__file__)"
n=$(blocks "$ROOT/bindings/python/README.md" python "$T/py" py)
for i in $(seq 0 $((n - 1))); do "$T/venv/bin/python" "block-$i.py"; done
echo "ran $n README example(s)"

# ----- 2. the npm tarball -------------------------------------------------------------------------
tgz="$DIST/datakey-$version.tgz"
step "npm install $(basename "$tgz") into a new project"
[ -f "$tgz" ] || fail "no $tgz"
mkdir "$T/app" && cd "$T/app"
echo '{ "name": "app", "private": true }' > package.json
"${NPM[@]}" install "$tgz"
[ -e node_modules/datakey/src ] && fail "the tarball carries Rust sources"
ls node_modules/datakey/datakey.*.node >/dev/null || fail "no prebuilt addon in the tarball"
[ -e node_modules/datakey/.datakey-addon-stamp ] && fail "the install step ran cargo"
n=$(blocks "$ROOT/bindings/node/README.md" js "$T/app" js)
for i in $(seq 0 $((n - 1))); do node "block-$i.js"; done
echo "ran $n README example(s)"
cp "$ROOT/bindings/node/__test__/fixtures/esm/named.mjs" "$ROOT/bindings/node/__test__/fixtures/esm/named.mts" .
out=$(node named.mjs)
[ "$out" = "[\"from esm\",\"default\",\"$version\"]" ] || fail "named.mjs printed $out"
tsc="$ROOT/bindings/node/node_modules/typescript/bin/tsc"
if [ -f "$tsc" ]; then
  node "$tsc" --strict --target es2022 --module nodenext --moduleResolution nodenext \
    --types node --typeRoots "$ROOT/bindings/node/node_modules/@types" --outDir ts named.mts
  out=$(node ts/named.mjs)
  [ "$out" = "[\"from ts\",\"ValidationException\",\"$version\"]" ] || fail "named.mts printed $out"
  echo "TypeScript (--module nodenext) type-checks and runs against the installed package"
else
  fail "no TypeScript in bindings/node/node_modules (run make test-node first)"
fi

# ----- 3. the CLI binary --------------------------------------------------------------------------
step "the CLI binary $DIST/datakey"
cd "$T"
"$DIST/datakey" --version | grep -qx "datakey $version" || fail "datakey --version: $("$DIST/datakey" --version)"
head -c 32 /dev/urandom > aes.key
printf 'a secret\n' > plain.txt
"$DIST/datakey" encrypt --raw-aes-key-file aes.key --namespace ns --name k -i plain.txt -o msg.dk
"$DIST/datakey" decrypt --raw-aes-key-file aes.key --namespace ns --name k -i msg.dk -o back.txt
cmp plain.txt back.txt
echo "encrypted and decrypted a file"

# ----- 4. from a path, twice ----------------------------------------------------------------------
step "npm install $ROOT/bindings/node (a path), twice"
mkdir "$T/path-app" && cd "$T/path-app"
echo '{ "name": "path-app", "private": true }' > package.json
"${NPM[@]}" install "$ROOT/bindings/node"
addon=("$ROOT"/bindings/node/datakey.*.node)
before=$(stat -c '%Y %s' "${addon[0]}" "$ROOT/bindings/node/.datakey-addon-stamp")
node -e "const { LocalKms, version } = require('datakey'); new LocalKms(); if (version !== '$version') process.exit(1)"
start=$(date +%s%N)
"${NPM[@]}" install "$ROOT/bindings/node"
ms=$(( ($(date +%s%N) - start) / 1000000 ))
after=$(stat -c '%Y %s' "${addon[0]}" "$ROOT/bindings/node/.datakey-addon-stamp")
[ "$before" = "$after" ] || fail "the second install rebuilt the addon"
node --input-type=module -e "import { LocalKms } from 'datakey'; new LocalKms()"
echo "second install: addon untouched (${ms} ms)"

# ----- 5. from a git URL --------------------------------------------------------------------------
step "npm install git+file://$ROOT (the committed HEAD: a fresh clone, no devDependencies)"
mkdir "$T/git-app" && cd "$T/git-app"
echo '{ "name": "git-app", "private": true }' > package.json
start=$(date +%s)
CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}" "${NPM[@]}" install "git+file://$ROOT"
[ -L node_modules/datakey ] && fail "a git install should be a copy, not a link"
ls node_modules/datakey/bindings/node/datakey.*.node >/dev/null || fail "no addon after the git install"
[ -e node_modules/datakey/bindings/node/src ] && fail "the git install carries Rust sources"
node -e "
const dk = require('datakey')
const kms = new dk.LocalKms()
const k = kms.keyring(kms.createKeySync({}).KeyMetadata.KeyId)
const back = dk.decryptSync(dk.encryptSync(Buffer.from('via git'), k), kms.discoveryKeyring())
if (Buffer.from(back.plaintext).toString() !== 'via git' || dk.version !== '$version') process.exit(1)"
node --input-type=module -e "import { LocalKms, encrypt } from 'datakey'; if (typeof encrypt !== 'function') process.exit(1); new LocalKms()"
echo "installed from git in $(( $(date +%s) - start )) s"

step "all installs work"
