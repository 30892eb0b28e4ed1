'use strict'
// CachingKeyring and DataKeyCache (issue 8): each limit exactly — message N+1 gets a new data
// key, age expiry on the ManualClock, the byte limit — observed both through the keyring's stats
// and through the encrypted data keys in the messages; partitions, invalidation, decrypt caching,
// a KMS outage masked by a cached key, and messages the official ESDK decrypts.

const { test } = require('node:test')
const assert = require('node:assert/strict')
const crypto = require('node:crypto')
const {
  AlgorithmSuiteIdentifier, buildClient, CommitmentPolicy, RawAesKeyringNode, RawAesWrappingSuiteIdentifier
} = require('@aws-crypto/client-node')
const {
  CachingKeyring, DataKeyCache, LocalKms, ManualClock, RawAesKeyring,
  encrypt, encryptSync, decrypt, decryptSync, encryptStream
} = require('datakey')

const START = new Date('2023-11-14T22:13:20Z')
const MINUTE = 60_000

/** The ciphertext of each encrypted data key in a v2 message header (hex). */
function edks (message) {
  assert.equal(message[0], 0x02)
  let at = 1 + 2 + 32
  const aadLen = message.readUInt16BE(at)
  at += 2 + aadLen
  const count = message.readUInt16BE(at)
  at += 2
  const out = []
  for (let i = 0; i < count; i++) {
    for (let field = 0; field < 3; field++) {
      const len = message.readUInt16BE(at)
      if (field === 2) out.push(message.subarray(at + 2, at + 2 + len).toString('hex'))
      at += 2 + len
    }
  }
  return out
}

function kmsSetup () {
  const clock = new ManualClock(START)
  const kms = new LocalKms({ clock })
  const { KeyMetadata: key } = kms.createKeySync()
  return { clock, kms, key, inner: kms.keyring(key.KeyId) }
}

for (const mode of ['async', 'sync']) {
  const enc = mode === 'async' ? encrypt : async (...a) => encryptSync(...a)
  const dec = mode === 'async' ? decrypt : async (...a) => decryptSync(...a)

  test(`${mode}: with maxMessages N, messages 1..N share a data key and N+1 gets a new one`, async () => {
    const { clock, inner, kms } = kmsSetup()
    const cache = new CachingKeyring({ keyring: inner, maxAge: 5 * MINUTE, maxMessages: 3, clock })
    const seen = []
    for (let i = 0; i < 7; i++) {
      const pt = Buffer.alloc(10, i)
      const m = await enc(pt, cache, { encryptionContext: { tenant: 'acme' } })
      seen.push(edks(m)[0])
      // Each message opens with the plain KMS keyring too (no cache involved).
      assert.ok((await dec(m, inner)).plaintext.equals(pt))
    }
    // 1,2,3 share; 4,5,6 share; 7 is new.
    assert.equal(seen[0], seen[1])
    assert.equal(seen[1], seen[2])
    assert.notEqual(seen[3], seen[2])
    assert.equal(seen[3], seen[4])
    assert.equal(seen[4], seen[5])
    assert.notEqual(seen[6], seen[5])
    assert.equal(new Set(seen).size, 3)
    assert.deepEqual(cache.stats(), { hits: 4, misses: 3, bypasses: 0 })
    assert.deepEqual(cache.entryCounts(), { encrypt: 1, decrypt: 0 })
    // Another encryption context is another entry.
    const other = await enc(Buffer.from('x'), cache, { encryptionContext: { tenant: 'globex' } })
    assert.ok(!seen.includes(edks(other)[0]))
    assert.deepEqual(cache.entryCounts(), { encrypt: 2, decrypt: 0 })
    void kms
  })

  test(`${mode}: a cached data key expires on the clock after maxAge`, async () => {
    const { clock, inner } = kmsSetup()
    const cache = new CachingKeyring({ keyring: inner, maxAge: 5 * MINUTE, clock })
    const first = edks(await enc(Buffer.from('a'), cache))[0]
    clock.advance(5 * MINUTE) // exactly max age: still usable
    assert.equal(edks(await enc(Buffer.from('b'), cache))[0], first)
    clock.advance(1)
    const second = edks(await enc(Buffer.from('c'), cache))[0]
    assert.notEqual(second, first)
    assert.deepEqual(cache.stats(), { hits: 1, misses: 2, bypasses: 0 })
    assert.equal(cache.cache.purgeExpired(), 0)
    clock.advance(5 * MINUTE + 1)
    assert.equal(cache.cache.purgeExpired(), 1)
    assert.equal(cache.cache.size, 0)
  })

  test(`${mode}: the byte limit counts plaintext bytes per data key`, async () => {
    const { clock, inner } = kmsSetup()
    const cache = new CachingKeyring({ keyring: inner, maxAge: 5 * MINUTE, maxBytes: 100, clock })
    const a = edks(await enc(Buffer.alloc(60), cache))[0]
    const b = edks(await enc(Buffer.alloc(40), cache))[0] // 100 in all: within the limit
    const c = edks(await enc(Buffer.alloc(1), cache))[0] // 101: a new data key
    assert.equal(a, b)
    assert.notEqual(c, b)
    assert.deepEqual(cache.stats(), { hits: 1, misses: 2, bypasses: 0 })
    // A message larger than maxBytes bypasses the cache.
    const big = edks(await enc(Buffer.alloc(101), cache))[0]
    assert.notEqual(big, c)
    assert.deepEqual(cache.stats(), { hits: 1, misses: 2, bypasses: 1 })
    assert.equal(edks(await enc(Buffer.alloc(1), cache))[0], c)
  })
}

test('decryption is cached, and a cached data key masks a KMS outage', async () => {
  const { clock, inner, kms } = kmsSetup()
  const cache = new CachingKeyring({ keyring: inner, maxAge: 5 * MINUTE, clock })
  const m = await encrypt(Buffer.from('hello'), cache)
  kms.injectFault({ fault: 'KeyUnavailableException', nextCalls: 10 })
  // Encrypt and decrypt no longer need KMS while the entries live.
  const m2 = await encrypt(Buffer.from('again'), cache)
  assert.equal(edks(m2)[0], edks(m)[0])
  await assert.rejects(decrypt(m, inner), { name: 'KeyUnavailableException' })
  kms.clearFaults()
  assert.equal((await decrypt(m, cache)).plaintext.toString(), 'hello') // miss: cached now
  kms.injectFault({ fault: 'KeyUnavailableException', nextCalls: 10 })
  assert.equal((await decrypt(m, cache)).plaintext.toString(), 'hello') // hit
  assert.equal(decryptSync(m2, cache).plaintext.toString(), 'again') // same EDKs: hit
  assert.deepEqual(cache.entryCounts(), { encrypt: 1, decrypt: 1 })
  assert.deepEqual(cache.stats(), { hits: 3, misses: 2, bypasses: 0 })
  // Once the entries expire, the outage shows again.
  clock.advance(5 * MINUTE + 1)
  await assert.rejects(encrypt(Buffer.from('late'), cache), { name: 'KeyUnavailableException' })
})

test('streams bypass the cache (their length is unknown up front), as in the ESDK', async () => {
  const { clock, inner } = kmsSetup()
  const cache = new CachingKeyring({ keyring: inner, maxAge: 5 * MINUTE, clock })
  const chunks = []
  const stream = encryptStream(cache)
  stream.on('data', (c) => chunks.push(c))
  await new Promise((resolve, reject) => {
    stream.on('end', resolve).on('error', reject)
    stream.end(Buffer.from('streamed'))
  })
  assert.deepEqual(cache.stats(), { hits: 0, misses: 0, bypasses: 1 })
  assert.equal(decryptSync(Buffer.concat(chunks), inner).plaintext.toString(), 'streamed')
})

test('invalidation, partitions and a shared DataKeyCache', async () => {
  const clock = new ManualClock(START)
  const raw = new RawAesKeyring({ keyNamespace: 'ns', keyName: 'k', wrappingKey: crypto.randomBytes(32) })
  const shared = new DataKeyCache({ capacity: 10, clock })
  assert.equal(shared.capacity, 10)
  const a = new CachingKeyring({ keyring: raw, maxAge: MINUTE, cache: shared, partition: 'p' })
  const b = new CachingKeyring({ keyring: raw, maxAge: MINUTE, cache: shared, partition: 'p' })
  const own = new CachingKeyring({ keyring: raw, maxAge: MINUTE, cache: shared })
  assert.equal(a.partition, 'p')
  assert.match(own.partition, /^[0-9a-f]{32}$/)
  const ec = { encryptionContext: { tenant: 'acme' } }
  const k1 = edks(encryptSync(Buffer.from('1'), a, ec))[0]
  assert.equal(edks(encryptSync(Buffer.from('2'), b, ec))[0], k1) // same partition: shared
  assert.notEqual(edks(encryptSync(Buffer.from('3'), own, ec))[0], k1) // own partition
  assert.equal(shared.size, 2)
  assert.equal(a.cache.size, 2)

  encryptSync(Buffer.from('4'), a, { encryptionContext: { tenant: 'globex' } })
  assert.equal(a.invalidateEncryptionContext({ tenant: 'acme' }), 1)
  assert.equal(a.invalidateEncryptionContext({ tenant: 'acme' }), 0)
  assert.notEqual(edks(encryptSync(Buffer.from('5'), a, ec))[0], k1)
  assert.equal(b.invalidate(), 2) // both of partition p
  assert.deepEqual(a.entryCounts(), { encrypt: 0, decrypt: 0 })
  assert.deepEqual(own.entryCounts(), { encrypt: 1, decrypt: 0 })
  assert.equal(shared.clear(), 1)
  assert.equal(shared.size, 0)

  // Capacity: least recently used evicted first.
  const tiny = new CachingKeyring({ keyring: raw, maxAge: MINUTE, capacity: 2, clock })
  for (const t of ['x', 'y', 'z']) encryptSync(Buffer.from(t), tiny, { encryptionContext: { t } })
  assert.equal(tiny.cache.size, 2)
  assert.equal(tiny.cache.capacity, 2)
})

test('CachingKeyring and DataKeyCache check their options', () => {
  const clock = new ManualClock(START)
  const raw = new RawAesKeyring({ keyNamespace: 'ns', keyName: 'k', wrappingKey: Buffer.alloc(32, 1) })
  const make = (o) => new CachingKeyring({ keyring: raw, maxAge: MINUTE, ...o })
  assert.throws(() => make({ maxAge: 0 }), { name: 'ValidationException' })
  assert.throws(() => make({ maxMessages: 0 }), { name: 'ValidationException' })
  assert.throws(() => make({ maxMessages: 2 ** 32 + 1 }), { name: 'ValidationException' })
  assert.throws(() => make({ maxBytes: 0 }), { name: 'ValidationException' })
  assert.throws(() => make({ maxBytes: 2n ** 63n }), { name: 'ValidationException' })
  make({ maxBytes: 2n ** 63n - 1n, maxMessages: 2 ** 32 })
  assert.throws(() => make({ capacity: 0 }), { name: 'ValidationException' })
  assert.throws(() => make({ cache: new DataKeyCache(), clock }), { name: 'ValidationException' })
  assert.throws(() => new DataKeyCache({ capacity: 0 }), { name: 'ValidationException' })
  assert.throws(() => make({ maxAge: -1 }), { name: 'RangeError' })
  assert.throws(() => make({ maxMessages: -1 }), { name: 'RangeError' })
  assert.throws(() => make({ maxAge: '1m' }), { name: 'TypeError' })
  assert.throws(() => make({ cache: {} }), { name: 'TypeError' })
  assert.throws(() => make({ clock: Date.now() }), { name: 'TypeError' })
  assert.throws(() => make({ partition: 1 }), { name: 'TypeError' })
  assert.throws(() => new CachingKeyring({ maxAge: MINUTE }), { name: 'TypeError' })
  assert.throws(() => new CachingKeyring({ keyring: raw }), { name: 'TypeError' })
  assert.throws(() => make().invalidateEncryptionContext({ a: 1 }), { name: 'TypeError' })
  assert.throws(() => make().invalidateEncryptionContext({ a: 'x'.repeat(70000) }), { name: 'ValidationException' })
})

test('cached messages decrypt with the official ESDK (@aws-crypto/client-node)', async () => {
  const esdk = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT)
  const key = crypto.randomBytes(32)
  const theirs = new RawAesKeyringNode({
    keyNamespace: 'datakey-cache',
    keyName: 'k',
    unencryptedMasterKey: new Uint8Array(key),
    wrappingSuite: RawAesWrappingSuiteIdentifier.AES256_GCM_IV12_TAG16_NO_PADDING
  })
  const raw = new RawAesKeyring({ keyNamespace: 'datakey-cache', keyName: 'k', wrappingKey: key })
  const cache = new CachingKeyring({ keyring: raw, maxAge: MINUTE, maxMessages: 2, clock: new ManualClock(START) })
  const encryptionContext = { tenant: 'acme' }
  for (let i = 0; i < 5; i++) {
    const pt = crypto.randomBytes(100 * i + 3)
    const m = await encrypt(pt, cache, { encryptionContext })
    const { plaintext, messageHeader } = await esdk.decrypt(theirs, m)
    assert.ok(Buffer.from(plaintext).equals(pt))
    assert.equal(messageHeader.encryptionContext.tenant, 'acme')
  }
  assert.deepEqual(cache.stats(), { hits: 2, misses: 3, bypasses: 0 })
  // And theirs decrypt through the cache.
  const suiteId = AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY
  const { result } = await esdk.encrypt(theirs, Buffer.from('theirs'), { encryptionContext, suiteId })
  assert.equal((await decrypt(result, cache)).plaintext.toString(), 'theirs')
})
