'use strict'
// ES modules and CommonJS both (issue 15): named imports work from `.mjs` and from TypeScript
// compiled with `--module nodenext` (type-checked, then run), `require` keeps working, and every
// public export of the addon reaches both (Node's CommonJS export detection must see it).

const { test } = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const { spawnSync } = require('node:child_process')

const PKG = path.join(__dirname, '..')
const FIXTURES = path.join(__dirname, 'fixtures', 'esm')

function node (args, opts = {}) {
  const r = spawnSync(process.execPath, args, { cwd: PKG, encoding: 'utf8', ...opts })
  assert.equal(r.status, 0, `node ${args.join(' ')}: ${r.stdout}${r.stderr}`)
  return r.stdout
}

test('the ES module namespace has every export of require()', async () => {
  const cjs = require('datakey')
  const esm = await import('datakey')
  assert.deepEqual(Object.keys(esm).filter((k) => k !== 'default').sort(), Object.keys(cjs).sort())
  assert.equal(esm.default, cjs)
  for (const k of Object.keys(cjs)) assert.equal(esm[k], cjs[k], k)
  // Every public class and function of the addon is exported (a new one must be listed in
  // datakey.js), and nothing internal is.
  const native = require('../index.js')
  for (const k of Object.keys(native)) {
    if (k.startsWith('__')) assert.equal(cjs[k], undefined, k)
    else assert.ok(k in cjs, `datakey.js does not export ${k}`)
  }
  assert.equal(cjs.version, require('../package.json').version)
})

test('named imports from an .mjs file', () => {
  const out = JSON.parse(node([path.join(FIXTURES, 'named.mjs')]))
  assert.deepEqual(out, ['from esm', 'default', require('../package.json').version])
})

test('require from a .cjs file', () => {
  assert.deepEqual(JSON.parse(node([path.join(FIXTURES, 'required.cjs')])), ['from cjs'])
})

test('TypeScript with --module nodenext: type-checks, compiles and runs', (t) => {
  // The output stays inside the package, so that 'datakey' resolves to it (self-reference).
  const out = fs.mkdtempSync(path.join(FIXTURES, 'out-'))
  t.after(() => fs.rmSync(out, { recursive: true, force: true }))
  const tsc = require.resolve('typescript/bin/tsc')
  node([tsc, '--strict', '--target', 'es2022', '--module', 'nodenext', '--moduleResolution', 'nodenext',
    '--types', 'node', '--rootDir', FIXTURES, '--outDir', out, path.join(FIXTURES, 'named.mts')])
  const js = path.join(out, 'named.mjs')
  assert.ok(fs.existsSync(js), fs.readdirSync(out).join(', '))
  assert.deepEqual(JSON.parse(node([js])), ['from ts', 'ValidationException', require('../package.json').version])
})

test('one version everywhere; the root manifest (for git installs) points at this package', () => {
  const root = path.join(PKG, '..', '..')
  const cargo = fs.readFileSync(path.join(root, 'Cargo.toml'), 'utf8')
  const workspaceVersion = /^version = "([^"]+)"/m.exec(cargo)[1]
  const own = require('../package.json')
  const top = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'))
  assert.equal(own.version, workspaceVersion)
  assert.equal(top.version, own.version)
  assert.equal(top.name, own.name)
  assert.equal(path.resolve(root, top.exports['.'].default), path.join(PKG, own.exports['.'].default.slice(2)))
  assert.equal(path.resolve(root, top.exports['.'].types), path.join(PKG, own.exports['.'].types.slice(2)))
  // Every file the package ships is shipped by the root manifest too.
  for (const f of own.files) assert.ok(top.files.includes(`bindings/node/${f}`), f)
})
