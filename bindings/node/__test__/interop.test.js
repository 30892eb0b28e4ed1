'use strict'
// Interop with the official AWS Encryption SDK for JavaScript (@aws-crypto/client-node 5.0.2):
// messages written by each side are read by the other, over several sizes, frame lengths and
// encryption contexts, with raw AES keyrings of the same namespace, name and key.

const { test } = require('node:test')
const assert = require('node:assert/strict')
const crypto = require('node:crypto')
const {
  buildClient, CommitmentPolicy, RawAesKeyringNode, RawAesWrappingSuiteIdentifier, AlgorithmSuiteIdentifier
} = require('@aws-crypto/client-node')
const datakey = require('datakey')

const esdk = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT)
const SUITE = AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY
assert.equal(SUITE, 0x0478)

const WRAPPING = {
  16: RawAesWrappingSuiteIdentifier.AES128_GCM_IV12_TAG16_NO_PADDING,
  24: RawAesWrappingSuiteIdentifier.AES192_GCM_IV12_TAG16_NO_PADDING,
  32: RawAesWrappingSuiteIdentifier.AES256_GCM_IV12_TAG16_NO_PADDING
}

function keyrings (keyLen, keyNamespace = 'datakey-interop', keyName = `test-aes-${keyLen * 8}-key`) {
  const key = crypto.randomBytes(keyLen)
  return {
    theirs: new RawAesKeyringNode({
      keyNamespace, keyName, unencryptedMasterKey: new Uint8Array(key), wrappingSuite: WRAPPING[keyLen]
    }),
    ours: new datakey.RawAesKeyring({ keyNamespace, keyName, wrappingKey: key })
  }
}

const CONTEXTS = [
  {},
  { purpose: 'interop-test', tenant: 'acme' },
  { 'unicode-ключ': 'värde ✓', empty: '', long: 'x'.repeat(3000) }
]
const SIZES = [0, 1, 15, 4095, 4096, 4097, 65536 + 7, 1 << 20]
const FRAMES = [4096, 1024]

test('datakey decrypts what @aws-crypto/client-node encrypts', async () => {
  for (const keyLen of [16, 24, 32]) {
    const { theirs, ours } = keyrings(keyLen)
    for (const encryptionContext of CONTEXTS) {
      for (const size of SIZES) {
        for (const frameLength of FRAMES) {
          const plaintext = crypto.randomBytes(size)
          const { result } = await esdk.encrypt(theirs, plaintext, { encryptionContext, suiteId: SUITE, frameLength })
          const { plaintext: back, messageHeader } = await datakey.decrypt(result, ours, { encryptionContext })
          assert.ok(back.equals(plaintext), `size ${size} key ${keyLen} frame ${frameLength}`)
          assert.equal(messageHeader.suiteId, 0x0478)
          assert.equal(messageHeader.version, 2)
          assert.equal(messageHeader.frameLength, frameLength)
          assert.deepEqual(messageHeader.encryptionContext, encryptionContext)
          assert.deepEqual(messageHeader.encryptedDataKeys, [{ providerId: 'datakey-interop', keyName: `test-aes-${keyLen * 8}-key` }])
          // And the sync twin agrees.
          assert.ok(datakey.decryptSync(result, ours).plaintext.equals(plaintext))
        }
      }
    }
  }
})

test('@aws-crypto/client-node decrypts what datakey encrypts', async () => {
  for (const keyLen of [16, 24, 32]) {
    const { theirs, ours } = keyrings(keyLen)
    for (const encryptionContext of CONTEXTS) {
      for (const size of SIZES) {
        for (const frameLength of FRAMES) {
          const plaintext = crypto.randomBytes(size)
          const message = size % 2 === 0
            ? await datakey.encrypt(plaintext, ours, { encryptionContext, frameLength })
            : datakey.encryptSync(plaintext, ours, { encryptionContext, frameLength })
          const { plaintext: back, messageHeader } = await esdk.decrypt(theirs, message)
          assert.ok(Buffer.from(back).equals(plaintext), `size ${size} key ${keyLen} frame ${frameLength}`)
          assert.equal(messageHeader.suiteId, 0x0478)
          assert.equal(messageHeader.frameLength, frameLength)
          assert.deepEqual({ ...messageHeader.encryptionContext }, encryptionContext)
        }
      }
    }
  }
})

test('a streamed datakey message reads in the official SDK, and an official message streams through datakey', async () => {
  const { theirs, ours } = keyrings(32)
  const plaintext = crypto.randomBytes(300_000)
  const encryptionContext = { stream: 'yes' }
  const chunks = []
  const enc = datakey.encryptStream(ours, { encryptionContext, frameLength: 4096 })
  enc.on('data', (c) => chunks.push(c))
  const done = new Promise((resolve, reject) => { enc.on('end', resolve); enc.on('error', reject) })
  for (let i = 0; i < plaintext.length; i += 10_000) enc.write(plaintext.subarray(i, i + 10_000))
  enc.end()
  await done
  const message = Buffer.concat(chunks)
  const { plaintext: back } = await esdk.decrypt(theirs, message)
  assert.ok(Buffer.from(back).equals(plaintext))

  const { result } = await esdk.encrypt(theirs, plaintext, { encryptionContext, suiteId: SUITE, frameLength: 512 })
  const out = []
  const dec = datakey.decryptStream(ours, { encryptionContext })
  let header = null
  dec.on('messageHeader', (h) => { header = h })
  dec.on('data', (c) => out.push(c))
  const decDone = new Promise((resolve, reject) => { dec.on('end', resolve); dec.on('error', reject) })
  dec.end(result)
  await decDone
  assert.ok(Buffer.concat(out).equals(plaintext))
  assert.equal(header.frameLength, 512)
  assert.deepEqual(header.encryptionContext, encryptionContext)
})

test('a wrong key name, namespace or key fails on both sides', async () => {
  const { theirs, ours } = keyrings(32)
  const plaintext = Buffer.from('hello datakey interop')
  const { result } = await esdk.encrypt(theirs, plaintext, { suiteId: SUITE })
  const ourMessage = await datakey.encrypt(plaintext, ours)

  const otherName = keyrings(32, 'datakey-interop', 'another-key').ours
  await assert.rejects(datakey.decrypt(result, otherName), (e) => {
    assert.equal(e.name, 'NoMatchingKeyError')
    assert.match(e.message, /datakey-interop/)
    return true
  })
  const otherNamespace = keyrings(32, 'elsewhere', 'test-aes-256-key').ours
  await assert.rejects(datakey.decrypt(result, otherNamespace), { name: 'NoMatchingKeyError' })
  // Same namespace and name, another key: the EDK does not open.
  const otherKey = keyrings(32).ours
  await assert.rejects(datakey.decrypt(result, otherKey), (e) => e.name === 'NoMatchingKeyError' || e.name === 'DecryptionError')

  await assert.rejects(esdk.decrypt(keyrings(32, 'datakey-interop', 'another-key').theirs, ourMessage))
  await assert.rejects(esdk.decrypt(keyrings(32).theirs, ourMessage))
})

test('an encryption context that differs from the message is refused', async () => {
  const { theirs, ours } = keyrings(32)
  const { result } = await esdk.encrypt(theirs, Buffer.from('x'), { encryptionContext: { a: '1' }, suiteId: SUITE })
  await assert.rejects(datakey.decrypt(result, ours, { encryptionContext: { a: '2' } }), { name: 'EncryptionContextMismatchError' })
  // A matching subset is accepted.
  assert.equal((await datakey.decrypt(result, ours, { encryptionContext: { a: '1' } })).plaintext.toString(), 'x')
})

test('the official default suite (signed 0x0578, no suiteId) reads in datakey, and datakey writes it on request', async () => {
  const { theirs, ours } = keyrings(32)
  const encryptionContext = { purpose: 'signed' }
  for (const size of [0, 1, 4096, 70_001]) {
    const plaintext = crypto.randomBytes(size)
    const { result, messageHeader: theirHeader } = await esdk.encrypt(theirs, plaintext, { encryptionContext })
    assert.equal(theirHeader.suiteId, 0x0578)
    const { plaintext: back, messageHeader } = await datakey.decrypt(result, ours, { encryptionContext })
    assert.ok(back.equals(plaintext), `size ${size}`)
    assert.equal(messageHeader.suiteId, 0x0578)
    assert.equal(typeof messageHeader.encryptionContext['aws-crypto-public-key'], 'string')
    assert.ok(datakey.decryptSync(result, ours).plaintext.equals(plaintext))
    await assert.rejects(datakey.decrypt(result, ours, { unsignedOnly: true }), { name: 'UnsupportedSuiteError' })
    assert.throws(() => datakey.decryptSync(result, ours, { unsignedOnly: true }), { name: 'UnsupportedSuiteError' })
    const bad = Buffer.from(result)
    bad[bad.length - 1] ^= 1
    await assert.rejects(datakey.decrypt(bad, ours), { name: 'DecryptionError' })

    const ourMessage = size % 2 === 0
      ? await datakey.encrypt(plaintext, ours, { encryptionContext, algorithmSuite: 0x0578 })
      : datakey.encryptSync(plaintext, ours, { encryptionContext, algorithmSuite: 0x0578 })
    const { plaintext: theirBack, messageHeader: h } = await esdk.decrypt(theirs, ourMessage)
    assert.ok(Buffer.from(theirBack).equals(plaintext))
    assert.equal(h.suiteId, 0x0578)
  }
  // Streamed and signed.
  const plaintext = crypto.randomBytes(100_000)
  const chunks = []
  const enc = datakey.encryptStream(ours, { algorithmSuite: 0x0578, frameLength: 1024 })
  enc.on('data', (c) => chunks.push(c))
  const done = new Promise((resolve, reject) => { enc.on('end', resolve); enc.on('error', reject) })
  enc.end(plaintext)
  await done
  const { plaintext: back } = await esdk.decrypt(theirs, Buffer.concat(chunks))
  assert.ok(Buffer.from(back).equals(plaintext))
  assert.throws(() => datakey.encryptSync(plaintext, ours, { algorithmSuite: 0x0178 }), { name: 'ValidationException' })
})
