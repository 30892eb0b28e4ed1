'use strict'
// The package's install step (npm's `install` script): makes sure the native addon
// `datakey.<platform>.node` (see `index.js`) is next to this file, using nothing but cargo.
//
// - From a tarball (`make dist`, `npm pack`): the addon is prebuilt; nothing to do.
// - From a source checkout (a path, a git URL): builds `datakey-node` with `cargo build --release`
//   for the host target (the same target directory `napi build --platform` uses, so neither
//   rebuilds the other's dependencies) and copies the library into place. A fingerprint of the
//   Rust sources is stored beside it (`.datakey-addon-stamp`); when it matches, a later
//   `npm install` neither runs cargo nor touches the addon.
//
// `node install.js --force` rebuilds regardless; `node install.js --stamp` only records the
// fingerprint of the addon just built from these sources by `napi build` (`npm run build`).
// Exits non-zero, with the reason, when the addon
// cannot be had (no prebuilt addon for this platform and no sources, or cargo failed).

const crypto = require('node:crypto')
const fs = require('node:fs')
const path = require('node:path')
const { spawnSync } = require('node:child_process')

const PKG = __dirname
const REPO = path.resolve(PKG, '..', '..')
const STAMP = path.join(PKG, '.datakey-addon-stamp')

function fail (message) {
  console.error(`datakey install: ${message}`)
  process.exit(1)
}

function addonPath () {
  // index.js computes the file name; loading it would also load the addon, so ask it by path.
  const { platform, arch } = process
  let triple = `${platform}-${arch}`
  if (platform === 'linux') {
    const report = process.report.getReport()
    triple += report.header && report.header.glibcVersionRuntime ? '-gnu' : '-musl'
  } else if (platform === 'win32') {
    triple += '-msvc'
  }
  return path.join(PKG, `datakey.${triple}.node`)
}

/** The Rust inputs of the addon, when this is a source checkout. */
function sourceFiles () {
  const roots = ['Cargo.toml', 'Cargo.lock', 'core', 'bindings/node/Cargo.toml', 'bindings/node/build.rs', 'bindings/node/src', 'bindings/server/Cargo.toml', 'bindings/server/src']
  if (!fs.existsSync(path.join(PKG, 'src', 'lib.rs')) || !fs.existsSync(path.join(REPO, 'Cargo.lock'))) return null
  const out = []
  const walk = (p) => {
    const st = fs.statSync(p, { throwIfNoEntry: false })
    if (!st) return
    if (st.isDirectory()) {
      for (const name of fs.readdirSync(p).sort()) {
        if (name === 'target' || name.startsWith('.')) continue
        walk(path.join(p, name))
      }
    } else if (/\.(rs|toml|lock)$/.test(p)) {
      out.push(p)
    }
  }
  for (const r of roots) walk(path.join(REPO, r))
  return out
}

/** A hash of the sources' paths and contents, plus the toolchain and target. */
function fingerprint (files, rustc, target) {
  const h = crypto.createHash('sha256')
  h.update(`${rustc}\n${target}\n`)
  for (const f of files) {
    h.update(path.relative(REPO, f) + '\0')
    h.update(fs.readFileSync(f))
    h.update('\0')
  }
  return h.digest('hex')
}

function run (cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', ...opts })
  if (r.error) fail(`cannot run ${cmd}: ${r.error.message} (a Rust toolchain is needed to build from source: https://rustup.rs)`)
  return r
}

function main () {
  const force = process.argv.includes('--force')
  const addon = addonPath()
  const files = sourceFiles()
  if (files === null) {
    if (fs.existsSync(addon)) return // a tarball with its prebuilt addon
    fail(`no prebuilt addon for this platform (${path.basename(addon)}) in this package, and no ` +
      'Rust sources to build one: install datakey from a source checkout (a path or git URL) ' +
      'with a Rust toolchain, or from a tarball built on this platform (`make dist`).')
  }
  const cargo = process.env.CARGO || 'cargo'
  const rustcInfo = run(process.env.RUSTC || 'rustc', ['-vV'])
  if (rustcInfo.status !== 0) fail(`rustc -vV failed:\n${rustcInfo.stderr}`)
  const host = /^host: (\S+)$/m.exec(rustcInfo.stdout)[1]
  const stamp = fingerprint(files, rustcInfo.stdout, host)
  if (process.argv.includes('--stamp')) {
    if (!fs.existsSync(addon)) fail(`--stamp: ${addon} does not exist`)
    fs.writeFileSync(STAMP, stamp)
    return
  }
  if (!force && fs.existsSync(addon) && fs.existsSync(STAMP) && fs.readFileSync(STAMP, 'utf8') === stamp) {
    return // built from exactly these sources
  }
  console.error(`datakey install: building the native addon with cargo (release, ${host}) …`)
  const build = run(cargo, ['build', '--release', '--locked', '-p', 'datakey-node', '--target', host,
    '--message-format', 'json-render-diagnostics'], { cwd: REPO, stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 << 20 })
  if (build.status !== 0) fail(`cargo build failed (exit ${build.status})`)
  let lib = null
  for (const line of build.stdout.split('\n')) {
    if (!line.startsWith('{')) continue
    const msg = JSON.parse(line)
    if (msg.reason === 'compiler-artifact' && msg.target && msg.target.name === 'datakey_node') {
      lib = msg.filenames.find((f) => /\.(so|dylib|dll)$/.test(f)) || lib
    }
  }
  if (!lib) fail('cargo did not report the datakey_node library')
  // Copy to a temporary name, then rename: a running process never sees half a file.
  const tmp = `${addon}.tmp-${process.pid}`
  fs.copyFileSync(lib, tmp)
  fs.renameSync(tmp, addon)
  fs.writeFileSync(STAMP, stamp)
}

main()
