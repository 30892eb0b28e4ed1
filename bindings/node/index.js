'use strict'
// Loads the native addon: `datakey.<platform>.node` next to this file, named as `napi build
// --platform` names it (`datakey.linux-x64-gnu.node`, `datakey.darwin-arm64.node`,
// `datakey.win32-x64-msvc.node`, …). `install.js` builds it with cargo from a source checkout;
// a tarball made by `make dist` / `npm pack` carries it prebuilt.
//
// This module is internal (the package's entry point is `datakey.js`, which re-exports the
// public part). The addon's test-only functions (`__panicForTests*`) are exported here only when
// the environment variable `DATAKEY_TEST_HOOKS` is `1`.

const fs = require('node:fs')
const path = require('node:path')

/** The platform part of the addon's file name, as napi-rs spells it. */
function platformTriple () {
  const { platform, arch } = process
  if (platform === 'linux') {
    return `linux-${arch}-${isMusl() ? 'musl' : 'gnu'}`
  }
  if (platform === 'win32') return `win32-${arch}-msvc`
  return `${platform}-${arch}`
}

function isMusl () {
  const report = typeof process.report?.getReport === 'function' ? process.report.getReport() : null
  const header = report && (typeof report === 'string' ? JSON.parse(report).header : report.header)
  return !(header && header.glibcVersionRuntime)
}

const triple = platformTriple()
const file = path.join(__dirname, `datakey.${triple}.node`)

if (!fs.existsSync(file)) {
  const found = fs.readdirSync(__dirname).filter((f) => /^datakey\..+\.node$/.test(f))
  const err = new Error(
    `datakey: no native addon for this platform (${triple}): ${file} does not exist` +
    (found.length ? ` (this package holds ${found.join(', ')})` : '') +
    '. Install datakey from a source checkout (a path or git URL: its install step builds the ' +
    'addon with cargo, which needs a Rust toolchain), or from a tarball built on this platform ' +
    '(`make dist` or `npm pack` in bindings/node).'
  )
  err.code = 'ERR_DATAKEY_NO_ADDON'
  throw err
}

const native = require(file)

if (process.env.DATAKEY_TEST_HOOKS !== '1') {
  module.exports = { ...native }
  delete module.exports.__panicForTests
  delete module.exports.__panicForTestsAsync
} else {
  module.exports = native
}
