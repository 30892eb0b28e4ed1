'use strict'
// Panics never reach the FFI boundary (issue 7): a Rust panic in an exported function becomes a
// JavaScript error — thrown by the sync call, a rejection of the async one — and never aborts
// Node. The scenarios run in a child process, so that an abort would show as the child's exit
// status instead of killing the test runner; the child then encrypts and decrypts to show the
// addon still works. `__panicForTests` / `__panicForTestsAsync` are test-only functions of the
// addon: the package does not export them; the internal loader (`index.js`) does when
// DATAKEY_TEST_HOOKS=1 (set here, inherited by the children).

process.env.DATAKEY_TEST_HOOKS = '1'

const { test } = require('node:test')
const assert = require('node:assert/strict')
const path = require('node:path')
const { spawnSync } = require('node:child_process')

const PKG = path.join(__dirname, '..')

// Runs `body` (the source of an async function taking the package) in a fresh Node process and
// returns what it printed as JSON, asserting a clean exit.
function inChild (body) {
  const script = `
    const datakey = Object.assign({}, require(${JSON.stringify(path.join(PKG, 'index.js'))}), require(${JSON.stringify(PKG)}))
    ;(${body})(datakey).then(
      (r) => { process.stdout.write(JSON.stringify(r)) },
      (e) => { console.error(e); process.exit(3) })
  `
  const r = spawnSync(process.execPath, ['-e', script], {
    encoding: 'utf8', env: { ...process.env, RUST_BACKTRACE: '0' }
  })
  assert.equal(r.signal, null, `child killed by ${r.signal}: ${r.stderr}`)
  assert.equal(r.status, 0, `child exited with ${r.status}: ${r.stderr}`)
  return JSON.parse(r.stdout)
}

// A normal encrypt/decrypt round trip, sync and async, after the panic.
const ROUND_TRIP = `
  async function roundTrip ({ RawAesKeyring, encrypt, decrypt, encryptSync, decryptSync }) {
    const keyring = new RawAesKeyring({ keyNamespace: 'ns', keyName: 'k', wrappingKey: Buffer.alloc(32, 7) })
    const a = await decrypt(await encrypt(Buffer.from('after async'), keyring), keyring)
    const b = decryptSync(encryptSync(Buffer.from('after sync'), keyring), keyring)
    return [Buffer.from(a.plaintext).toString(), Buffer.from(b.plaintext).toString()]
  }
`

const describe = `(e) => ({ isError: e instanceof Error, name: e.name, code: e.code, message: e.message })`

for (const site of ['run', 'toJs']) {
  test(`sync: a panic in the job (${site}) throws a PanicException with the panic message`, () => {
    const out = inChild(`async (dk) => {
      ${ROUND_TRIP}
      const seen = []
      for (let i = 0; i < 3; i++) {
        try { dk.__panicForTests('boom ' + i + ' in ${site}', '${site}'); seen.push('returned') }
        catch (e) { seen.push((${describe})(e)) }
      }
      return { seen, after: await roundTrip(dk) }
    }`)
    assert.deepEqual(out.seen, [0, 1, 2].map((i) => ({
      isError: true, name: 'PanicException', code: 'PanicException', message: `boom ${i} in ${site}`
    })))
    assert.deepEqual(out.after, ['after async', 'after sync'])
  })

  test(`async: a panic in the task (${site}) rejects with a PanicException`, () => {
    const out = inChild(`async (dk) => {
      ${ROUND_TRIP}
      const results = await Promise.allSettled(
        [0, 1, 2, 3].map((i) => dk.__panicForTestsAsync('async boom ' + i, '${site}')))
      return {
        results: results.map((r) => r.status === 'rejected' ? (${describe})(r.reason) : r.status),
        after: await roundTrip(dk)
      }
    }`)
    assert.deepEqual(out.results, [0, 1, 2, 3].map((i) => ({
      isError: true, name: 'PanicException', code: 'PanicException', message: `async boom ${i}`
    })))
    assert.deepEqual(out.after, ['after async', 'after sync'])
  })
}

test('sync: a panic outside any job is caught by #[napi(catch_unwind)] and thrown as an Error', () => {
  const out = inChild(`async (dk) => {
    ${ROUND_TRIP}
    let seen = 'returned'
    try { dk.__panicForTests('boom in body', 'body') } catch (e) { seen = (${describe})(e) }
    return { seen, after: await roundTrip(dk) }
  }`)
  assert.deepEqual(out.seen, {
    isError: true, name: 'Error', code: 'GenericFailure', message: 'boom in body'
  })
  assert.deepEqual(out.after, ['after async', 'after sync'])
})

test('a panic is catchable in this very process too', async () => {
  const dk = require('../index.js')
  assert.throws(() => dk.__panicForTests('here'), { name: 'PanicException', message: 'here' })
  await assert.rejects(dk.__panicForTestsAsync('here async'), { name: 'PanicException', message: 'here async' })
  assert.throws(() => dk.__panicForTests('x', 'nowhere'), { name: 'TypeError' })
})

test('the test-only entry points are not in the public module, nor in the loader without DATAKEY_TEST_HOOKS', () => {
  const env = { ...process.env }
  delete env.DATAKEY_TEST_HOOKS
  const script = `
    const pub = require(${JSON.stringify(PKG)})
    const loader = require(${JSON.stringify(path.join(PKG, 'index.js'))})
    process.stdout.write(JSON.stringify([pub, loader].map((m) => Object.keys(m).filter((k) => k.startsWith('__panic')))))
  `
  const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', env })
  assert.equal(r.status, 0, r.stderr)
  assert.deepEqual(JSON.parse(r.stdout), [[], []])
  assert.equal(require('datakey').__panicForTests, undefined)
})

test('the test-only entry points are not declared in the typings', () => {
  const fs = require('node:fs')
  for (const file of ['index.d.ts', 'datakey.d.ts']) {
    assert.doesNotMatch(fs.readFileSync(path.join(PKG, file), 'utf8'), /__panicForTests/)
  }
})
