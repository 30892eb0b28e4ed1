'use strict'
// The one-shot data path of message.js: the JavaScript-read options and JavaScript-allocated
// outputs (fast path) against the full native functions (fallback), the inline async path for
// small inputs with in-memory keyrings against the libuv pool, the lazily parsed header, and the
// native halves' own checks.

const { test } = require('node:test')
const assert = require('node:assert/strict')
const crypto = require('node:crypto')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { Worker } = require('node:worker_threads')
const datakey = require('datakey')
const native = require('../index.js')
const { INLINE_MAX } = require('../message.js')

const { RawAesKeyring, MultiKeyring, CachingKeyring, LocalKms, encrypt, encryptSync, decrypt, decryptSync } = datakey

function rawKeyring (name = 'k1', key = crypto.randomBytes(32)) {
  return new RawAesKeyring({ keyNamespace: 'tests', keyName: name, wrappingKey: key })
}

function tmpStore (t) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'datakey-node-datapath-'))
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }))
  return path.join(dir, 'store')
}

// Settles within the current macrotask (microtasks only) or not.
async function settlesInline (promise) {
  let settled = false
  promise.then(() => { settled = true }, () => { settled = true })
  for (let i = 0; i < 5; i++) await null
  return settled
}

test('the native halves are not exported, the public functions are the JavaScript ones', () => {
  for (const name of ['__encryptPrepare', '__encryptFill', '__decrypt', '__decryptHeader', '__keyringInMemory', '__encryptStart', '__decryptStart']) {
    assert.equal(datakey[name], undefined, name)
    assert.equal(typeof native[name], 'function', name)
  }
  assert.notEqual(datakey.encryptSync, native.encryptSync)
  assert.equal(INLINE_MAX, 64 * 1024)
})

test('fast and native paths agree over sizes and frame boundaries, each reads the other', () => {
  const keyring = rawKeyring()
  const encryptionContext = { purpose: 'test', tenant: 'ünïcødé ☃' }
  for (const frameLength of [16, 1024, 4096]) {
    for (const size of [0, 1, 15, 16, 17, frameLength - 1, frameLength, frameLength + 1, 3 * frameLength, 3 * frameLength + 5, 70_000]) {
      const pt = crypto.randomBytes(size)
      const opts = { encryptionContext, frameLength }
      const fast = encryptSync(pt, keyring, opts)
      const full = native.encryptSync(pt, keyring, opts)
      assert.equal(fast.length, full.length, `size ${size} frame ${frameLength}`)
      for (const m of [fast, full]) {
        const a = decryptSync(m, keyring, { encryptionContext })
        const b = native.decryptSync(m, keyring, { encryptionContext })
        assert.ok(a.plaintext.equals(pt) && b.plaintext.equals(pt))
        assert.deepEqual(a.messageHeader, b.messageHeader)
        assert.equal(a.messageHeader.headerLength + 0 < m.length, true)
      }
    }
  }
})

test('every input type and view takes a path that reads the right bytes', async () => {
  const keyring = rawKeyring()
  const backing = crypto.randomBytes(5000)
  const view = new Uint8Array(backing.buffer, backing.byteOffset + 7, 3000)
  const expect = Buffer.from(view)
  for (const input of [view, expect, new Uint8Array(expect).buffer, Buffer.from(expect).subarray(0)]) {
    const m1 = encryptSync(input, keyring)
    const m2 = await encrypt(input, keyring)
    for (const m of [m1, m2, new Uint8Array(m1), new Uint8Array(m2).buffer]) {
      assert.ok(decryptSync(m, keyring).plaintext.equals(expect))
      assert.ok((await decrypt(m, keyring)).plaintext.equals(expect))
    }
  }
})

test('options: context, required keys, frame length, commitment policy, limits (fallback)', async () => {
  const keyring = rawKeyring()
  const pt = Buffer.from('options')
  const ec = { tenant: 'acme', secretish: 'not stored' }
  const m = encryptSync(pt, keyring, { encryptionContext: ec, requiredEncryptionContextKeys: ['secretish'], frameLength: 64 })
  const r = decryptSync(m, keyring, { encryptionContext: ec, commitmentPolicy: 'REQUIRE_ENCRYPT_ALLOW_DECRYPT' })
  assert.ok(r.plaintext.equals(pt))
  assert.deepEqual(r.messageHeader.encryptionContext, ec)
  assert.deepEqual(r.messageHeader.requiredEncryptionContextKeys, ['secretish'])
  assert.equal(r.messageHeader.frameLength, 64)
  assert.throws(() => decryptSync(m, keyring, { encryptionContext: { tenant: 'acme' } }))
  await assert.rejects(decrypt(m, keyring, { encryptionContext: { tenant: 'other', secretish: 'not stored' } }), { name: 'EncryptionContextMismatchError' })
  // Limits go through the native converter.
  assert.throws(() => decryptSync(m, keyring, { encryptionContext: ec, maxBodySize: 3 }), { name: 'ResourceLimitError' })
  await assert.rejects(decrypt(m, keyring, { encryptionContext: ec, maxBodySize: 3 }), { name: 'ResourceLimitError' })
  assert.ok(decryptSync(m, keyring, { encryptionContext: ec, maxBodySize: 7, maxHeaderSize: null }).plaintext.equals(pt))
  // A context object with a null prototype is a plain object too.
  const bare = Object.assign(Object.create(null), { a: 'b' })
  assert.deepEqual(decryptSync(encryptSync(pt, keyring, { encryptionContext: bare }), keyring).messageHeader.encryptionContext, { a: 'b' })
  // Strings with a NUL character take the native converter; empty strings the fast path.
  // A NUL character is an ordinary UTF-8 character in a context key or value.
  for (const ctx of [{ 'a\0b': 'c' }, { a: 'b\0' }, { '\0': '\0', 'a\0': '' }, { '': '' }, { x: '', y: 'z' }]) {
    const r = decryptSync(encryptSync(pt, keyring, { encryptionContext: ctx }), keyring, { encryptionContext: ctx })
    assert.deepEqual(r.messageHeader.encryptionContext, ctx)
    assert.deepEqual(native.decryptSync(encryptSync(pt, keyring, { encryptionContext: ctx }), keyring).messageHeader.encryptionContext, ctx)
  }
  // Core validation errors read the same on both paths.
  for (const opts of [{ frameLength: 17 }, { frameLength: 0 }, { encryptionContext: { 'aws-crypto-x': 'y' } }, { requiredEncryptionContextKeys: ['absent'] }]) {
    const e1 = (() => { try { encryptSync(pt, keyring, opts) } catch (e) { return e } })()
    const e2 = (() => { try { native.encryptSync(pt, keyring, opts) } catch (e) { return e } })()
    assert.equal(e1.name, 'ValidationException', JSON.stringify(opts))
    assert.equal(e1.message, e2.message)
    await assert.rejects(encrypt(pt, keyring, opts), { name: 'ValidationException', message: e2.message })
  }
})

test('values of the wrong type get the native TypeError / RangeError, thrown as before', async () => {
  const keyring = rawKeyring()
  const cases = [
    ['plaintext', () => encryptSync('text', keyring), () => native.encryptSync('text', keyring)],
    ['keyring', () => encryptSync(Buffer.alloc(1), {}), () => native.encryptSync(Buffer.alloc(1), {})],
    ['context value', () => encryptSync(Buffer.alloc(1), keyring, { encryptionContext: { a: 1 } }), () => native.encryptSync(Buffer.alloc(1), keyring, { encryptionContext: { a: 1 } })],
    ['context array', () => encryptSync(Buffer.alloc(1), keyring, { encryptionContext: ['a'] }), () => native.encryptSync(Buffer.alloc(1), keyring, { encryptionContext: ['a'] })],
    ['frame fraction', () => encryptSync(Buffer.alloc(1), keyring, { frameLength: 16.5 }), () => native.encryptSync(Buffer.alloc(1), keyring, { frameLength: 16.5 })],
    ['frame too large', () => encryptSync(Buffer.alloc(1), keyring, { frameLength: 2 ** 32 }), () => native.encryptSync(Buffer.alloc(1), keyring, { frameLength: 2 ** 32 })],
    ['required keys', () => encryptSync(Buffer.alloc(1), keyring, { requiredEncryptionContextKeys: [1] }), () => native.encryptSync(Buffer.alloc(1), keyring, { requiredEncryptionContextKeys: [1] })],
    ['options', () => encryptSync(Buffer.alloc(1), keyring, 5), () => native.encryptSync(Buffer.alloc(1), keyring, 5)],
    ['message', () => decryptSync([1, 2], keyring), () => native.decryptSync([1, 2], keyring)],
    ['policy', () => decryptSync(Buffer.alloc(1), keyring, { commitmentPolicy: 'NO' }), () => native.decryptSync(Buffer.alloc(1), keyring, { commitmentPolicy: 'NO' })],
    ['decrypt keyring', () => decryptSync(Buffer.alloc(1), null), () => native.decryptSync(Buffer.alloc(1), null)]
  ]
  for (const [what, ours, theirs] of cases) {
    let expected
    try { theirs() } catch (e) { expected = e }
    assert.ok(expected, what)
    assert.throws(ours, (e) => e.name === expected.name && e.message === expected.message && e.code === expected.code, what)
  }
  // The async forms still throw synchronously for a value of the wrong type.
  assert.throws(() => encrypt('text', keyring), { name: 'TypeError' })
  assert.throws(() => decrypt(Buffer.alloc(1), 42), { name: 'TypeError' })
})

test('tampering, truncation and a wrong key fail on both paths; no plaintext escapes', async () => {
  const keyring = rawKeyring()
  const pt = crypto.randomBytes(9000)
  const m = encryptSync(pt, keyring, { frameLength: 4096 })
  const bad = []
  for (const at of [10, m.length - 1, m.length - 40, Math.floor(m.length / 2)]) {
    const t = Buffer.from(m)
    t[at] ^= 1
    bad.push(t)
  }
  bad.push(m.subarray(0, m.length - 1), m.subarray(0, 100), Buffer.concat([m, Buffer.alloc(1)]))
  for (const b of bad) {
    assert.throws(() => decryptSync(b, keyring), (e) => ['DecryptionError', 'MalformedMessageError'].includes(e.name))
    await assert.rejects(decrypt(b, keyring), (e) => ['DecryptionError', 'MalformedMessageError'].includes(e.name))
  }
  assert.throws(() => decryptSync(m, rawKeyring()), (e) => e.name === 'DecryptionError' || e.name === 'NoMatchingKeyError')
  await assert.rejects(decrypt(m, rawKeyring('k1', crypto.randomBytes(32))), (e) => e.name === 'DecryptionError' || e.name === 'NoMatchingKeyError')
})

test('the result: own enumerable plaintext and messageHeader, header parsed once, assignable', () => {
  const keyring = rawKeyring()
  const r = decryptSync(encryptSync(Buffer.from('hdr'), keyring, { encryptionContext: { k: 'v' } }), keyring)
  assert.deepEqual(Object.keys(r), ['plaintext', 'messageHeader'])
  assert.equal(r.messageHeader, r.messageHeader)
  const h = r.messageHeader
  assert.deepEqual(Object.keys(h).sort(), ['encryptedDataKeys', 'encryptionContext', 'frameLength', 'headerLength', 'messageId', 'requiredEncryptionContextKeys', 'suiteId', 'version'])
  assert.deepEqual(h.encryptedDataKeys, [{ providerId: 'tests', keyName: 'k1' }])
  assert.deepEqual({ ...r }.messageHeader, h)
  assert.equal(JSON.parse(JSON.stringify(r)).messageHeader.messageId, h.messageId)
  r.messageHeader = 'replaced'
  assert.equal(r.messageHeader, 'replaced')
  // The plaintext has its own memory (not a slice of Node's shared pool): the message's length,
  // zeros after the plaintext.
  assert.equal(r.plaintext.byteOffset, 0)
  const all = Buffer.from(r.plaintext.buffer)
  assert.ok(all.length > r.plaintext.length)
  assert.ok(all.subarray(r.plaintext.length).equals(Buffer.alloc(all.length - r.plaintext.length)))
  // Strings that need escaping survive the JSON hop.
  const ec = { 'q"uo\\te': 'ctl\u0001\n\t', '__proto__x': '</script>', emoji: '😀' }
  const r2 = decryptSync(encryptSync(Buffer.alloc(2), keyring, { encryptionContext: ec }), keyring)
  assert.deepEqual(r2.messageHeader.encryptionContext, ec)
})

test('async: small inputs with in-memory keyrings settle inline, others use the pool; both are right', async (t) => {
  const raw = rawKeyring()
  const kms = new LocalKms()
  const { KeyMetadata } = kms.createKeySync()
  const viaKms = kms.keyring(KeyMetadata.KeyId)
  const stored = LocalKms.open({ path: tmpStore(t), rootKey: crypto.randomBytes(32) })
  const storedKeyring = stored.keyring(stored.createKeySync().KeyMetadata.KeyId)
  const multi = new MultiKeyring({ generator: raw, children: [viaKms] })
  const multiStored = new MultiKeyring({ generator: raw, children: [storedKeyring] })
  const caching = new CachingKeyring({ keyring: viaKms, maxAge: 60_000 })
  const cachingStored = new CachingKeyring({ keyring: storedKeyring, maxAge: 60_000 })
  const expect = new Map([[raw, true], [viaKms, true], [multi, true], [caching, true], [storedKeyring, false], [multiStored, false], [cachingStored, false]])
  for (const [k, inMemory] of expect) assert.equal(native.__keyringInMemory(k), inMemory)
  assert.equal(native.__keyringInMemory({}), false)
  assert.equal(native.__keyringInMemory(null), false)

  for (const [keyring, inMemory] of expect) {
    for (const size of [0, 1000, INLINE_MAX, INLINE_MAX + 1]) {
      const pt = crypto.randomBytes(size)
      const p = encrypt(pt, keyring, { encryptionContext: { s: String(size) } })
      assert.equal(await settlesInline(p), inMemory && size <= INLINE_MAX, `encrypt ${size}`)
      const m = await p
      // The message is a little longer than the plaintext: whether decrypt runs inline depends on
      // the message's length.
      const d = decrypt(m, keyring, { encryptionContext: { s: String(size) } })
      assert.equal(await settlesInline(d), inMemory && m.length <= INLINE_MAX, `decrypt ${size}`)
      assert.ok((await d).plaintext.equals(pt))
    }
  }
  // An inline failure is a rejection, not a throw.
  const p = decrypt(Buffer.from('not a message'), raw)
  assert.ok(p instanceof Promise)
  await assert.rejects(p, { name: 'UnsupportedVersionError' })
  // A caching keyring still counts inline messages.
  const before = caching.stats()
  await encrypt(Buffer.alloc(10), caching)
  await encrypt(Buffer.alloc(10), caching)
  const after = caching.stats()
  assert.equal(after.hits + after.misses - before.hits - before.misses, 2)
})

test('pool path: works on private copies (the caller may change its buffers at once), errors reject', async (t) => {
  const keyring = rawKeyring()
  const stored = LocalKms.open({ path: tmpStore(t), rootKey: crypto.randomBytes(32) })
  const storedKeyring = stored.keyring(stored.createKeySync().KeyMetadata.KeyId)
  for (const k of [keyring, storedKeyring]) {
    for (const size of [INLINE_MAX + 1, 1 << 20]) {
      const pt = crypto.randomBytes(size)
      const input = Buffer.from(pt)
      const p = encrypt(input, k, { encryptionContext: { a: 'b' }, frameLength: 4096 })
      input.fill(0)
      const m = await p
      const copy = Buffer.from(m)
      const d = decrypt(copy, k, { encryptionContext: { a: 'b' } })
      copy.fill(0)
      const r = await d
      assert.ok(r.plaintext.equals(pt))
      assert.equal(r.messageHeader.frameLength, 4096)
      assert.deepEqual(r.messageHeader, native.decryptSync(m, k).messageHeader)
      const tampered = Buffer.from(m)
      tampered[tampered.length - 100] ^= 1
      await assert.rejects(decrypt(tampered, k), { name: 'DecryptionError' })
      await assert.rejects(decrypt(m, k, { encryptionContext: { a: 'c' } }), { name: 'EncryptionContextMismatchError' })
    }
  }
  // Core errors reject on this path too.
  const big = Buffer.alloc(INLINE_MAX + 1)
  const p1 = encrypt(big, keyring, { frameLength: 17 })
  assert.ok(p1 instanceof Promise)
  await assert.rejects(p1, { name: 'ValidationException' })
  await assert.rejects(encrypt(big, keyring, { encryptionContext: { 'aws-crypto-x': '1' } }), { name: 'ValidationException' })
  await assert.rejects(decrypt(Buffer.alloc(INLINE_MAX + 1, 1), keyring), (e) => e.name !== 'TypeError')
  assert.throws(() => native.__encryptStart(Buffer.alloc(1), Buffer.alloc(100)), { code: 'ERR_INVALID_STATE' })
  assert.throws(() => native.__decryptStart(Buffer.alloc(10), keyring, undefined, 0, Buffer.alloc(9)), { code: 'ERR_INVALID_STATE' })
})

test('the native halves refuse a fill without its prepare, a different input, and overlap', () => {
  const keyring = rawKeyring()
  const pt = Buffer.alloc(100, 1)
  assert.throws(() => native.__encryptFill(pt, Buffer.alloc(300)), { code: 'ERR_INVALID_STATE' })
  const n = native.__encryptPrepare(100, keyring, undefined, undefined, undefined)
  assert.throws(() => native.__encryptFill(Buffer.alloc(99), Buffer.alloc(n)), { code: 'ERR_INVALID_STATE' })
  // The failed fill consumed the prepared state.
  assert.throws(() => native.__encryptFill(pt, Buffer.alloc(n)), { code: 'ERR_INVALID_STATE' })
  const n2 = native.__encryptPrepare(100, keyring, undefined, undefined, undefined)
  assert.throws(() => native.__encryptFill(pt, Buffer.alloc(n2 + 1)), { name: 'ValidationException' })
  const shared = Buffer.alloc(n2 + 100)
  native.__encryptPrepare(100, keyring, undefined, undefined, undefined)
  assert.throws(() => native.__encryptFill(shared.subarray(0, 100), shared.subarray(50, 50 + n2)), { code: 'ERR_INVALID_STATE' })
  assert.throws(() => native.__encryptPrepare(-1, keyring, undefined, undefined, undefined), { name: 'RangeError' })
  assert.throws(() => native.__encryptPrepare(1.5, keyring, undefined, undefined, undefined), { name: 'RangeError' })

  const m = encryptSync(pt, keyring)
  assert.throws(() => native.__decryptHeader(), { code: 'ERR_INVALID_STATE' })
  const out = Buffer.alloc(m.length, 0xff)
  assert.equal(native.__decrypt(m, keyring, undefined, 0, out), 100)
  assert.ok(out.subarray(0, 100).equals(pt))
  assert.ok(out.subarray(100).equals(Buffer.alloc(m.length - 100)), 'the rest is zeroed')
  assert.equal(JSON.parse(native.__decryptHeader()).suiteId, 0x0478)
  assert.throws(() => native.__decryptHeader(), { code: 'ERR_INVALID_STATE' })
  assert.throws(() => native.__decrypt(m, keyring, undefined, 0, Buffer.alloc(99)), { code: 'ERR_INVALID_STATE' })
  const both = Buffer.concat([m, Buffer.alloc(10)])
  assert.throws(() => native.__decrypt(both.subarray(0, m.length), keyring, undefined, 0, both.subarray(5)), { code: 'ERR_INVALID_STATE' })
  // A frame that fails leaves no plaintext in the output.
  const tampered = Buffer.from(m)
  tampered[m.length - 1] ^= 1
  const out2 = Buffer.alloc(m.length, 0xff)
  assert.throws(() => native.__decrypt(tampered, keyring, undefined, 0, out2), { name: 'DecryptionError' })
  assert.ok(!out2.subarray(0, 100).equals(pt))
  assert.ok(out2.subarray(0, 100).equals(Buffer.alloc(100)) || out2.subarray(0, 100).equals(Buffer.alloc(100, 0xff)))
})

test('worker threads each have their own prepared state', async () => {
  const code = `
    const { parentPort, workerData } = require('node:worker_threads')
    const dk = require(workerData.pkg)
    const k = new dk.RawAesKeyring({ keyNamespace: 'w', keyName: 'k', wrappingKey: Buffer.alloc(32, 7) })
    let ok = 0
    for (let i = 0; i < 300; i++) {
      const pt = Buffer.alloc(i * 13, i & 255)
      if (dk.decryptSync(dk.encryptSync(pt, k, { frameLength: 64 }), k).plaintext.equals(pt)) ok++
    }
    parentPort.postMessage(ok)
  `
  const pkg = require.resolve('datakey')
  const runs = [0, 1].map(() => new Promise((resolve, reject) => {
    const w = new Worker(code, { eval: true, workerData: { pkg } })
    w.once('message', resolve)
    w.once('error', reject)
  }))
  const k = new RawAesKeyring({ keyNamespace: 'w', keyName: 'k', wrappingKey: Buffer.alloc(32, 7) })
  for (let i = 0; i < 300; i++) {
    const pt = Buffer.alloc(i * 7, 3)
    assert.ok(decryptSync(encryptSync(pt, k, { frameLength: 32 }), k).plaintext.equals(pt))
  }
  assert.deepEqual(await Promise.all(runs), [300, 300])
})
