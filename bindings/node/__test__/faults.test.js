'use strict'
// Fault injection (issue 8): the four transient KMS exceptions, per operation, for the next N
// calls or at a seeded rate — so retry logic can be tested, and the exception classes that KMS
// raises only under load or outage are reachable from tests.

const { test } = require('node:test')
const assert = require('node:assert/strict')
const { LocalKms, ManualClock, encrypt, encryptSync, decrypt } = require('datakey')

const START = new Date('2025-01-01T00:00:00Z')

const FAULTS = [
  ['KeyUnavailableException', 'server',
    'The request was rejected because the specified KMS key was not available. You can retry the request.'],
  ['DependencyTimeoutException', 'server',
    'The system timed out while trying to fulfill the request. You can retry the request.'],
  ['ThrottlingException', 'client',
    'You have exceeded the rate at which you may call KMS. Reduce the frequency of your calls.'],
  ['KMSInternalException', 'server',
    'The request was rejected because an internal exception occurred. The request can be retried.']
]

function service (options = {}) {
  const kms = new LocalKms({ clock: new ManualClock(START), ...options })
  const { KeyMetadata: key } = kms.createKeySync()
  return { kms, key }
}

const gdk = (KeyId) => ({ KeyId, KeySpec: 'AES_256' })

for (const mode of ['async', 'sync']) {
  test(`${mode}: each injected fault surfaces with its exception name, message and $fault`, async () => {
    for (const [fault, $fault, message] of FAULTS) {
      const { kms, key } = service()
      kms.injectFault({ fault, operations: ['GenerateDataKey'], nextCalls: 1 })
      assert.deepEqual(kms.faults(), [{ fault, operations: ['GenerateDataKey'], nextCalls: 1 }])
      // Other operations are not affected.
      kms.describeKeySync({ KeyId: key.KeyId })
      const call = mode === 'async'
        ? kms.generateDataKey(gdk(key.KeyId))
        : (async () => kms.generateDataKeySync(gdk(key.KeyId)))()
      await assert.rejects(call, (e) => {
        assert.ok(e instanceof Error && !(e instanceof TypeError))
        assert.equal(e.name, fault)
        assert.equal(e.code, fault)
        assert.equal(e.message, message)
        assert.equal(e.$fault, $fault)
        assert.equal(e.$metadata.httpStatusCode, $fault === 'server' ? 500 : 400)
        assert.equal(e.reason, undefined)
        return true
      })
      // Only the next call: the rule is used up and removed.
      assert.deepEqual(kms.faults(), [])
      assert.equal(kms.generateDataKeySync(gdk(key.KeyId)).Plaintext.length, 32)
    }
  })
}

test('faults reach messages through a KMS keyring, and a retry loop gets through', async () => {
  const { kms, key } = service()
  const keyring = kms.keyring(key.KeyId)
  kms.injectFault({ fault: 'ThrottlingException', operations: ['GenerateDataKey'], nextCalls: 1 })
  await assert.rejects(encrypt(Buffer.from('x'), keyring), { name: 'ThrottlingException' })
  const message = await encrypt(Buffer.from('x'), keyring)
  kms.injectFault({ fault: 'KeyUnavailableException', operations: ['Decrypt'], nextCalls: 1 })
  await assert.rejects(decrypt(message, keyring), { name: 'KeyUnavailableException' })
  assert.equal((await decrypt(message, keyring)).plaintext.toString(), 'x')

  // Application retry logic, tested offline: two failures, then success on the third attempt.
  const RETRYABLE = new Set(FAULTS.map(([name]) => name))
  async function withRetries (attempts, fn) {
    for (let i = 1; ; i++) {
      try {
        return { value: await fn(), attempts: i }
      } catch (e) {
        if (!RETRYABLE.has(e.name) || i === attempts) throw e
      }
    }
  }
  kms.injectFault({ fault: 'DependencyTimeoutException', operations: ['GenerateDataKey'], nextCalls: 2 })
  const { attempts } = await withRetries(5, () => encrypt(Buffer.from('y'), keyring))
  assert.equal(attempts, 3)
  kms.injectFault({ fault: 'KMSInternalException', nextCalls: 3 })
  await assert.rejects(withRetries(3, () => kms.generateRandom({ NumberOfBytes: 8 })), { name: 'KMSInternalException' })
  assert.deepEqual(kms.faults(), [])
})

test('faults are shared by every caller handle, and tried in the order added', () => {
  const { kms, key } = service()
  const app = kms.asCaller('arn:aws:iam::111122223333:root')
  kms.injectFault({ fault: 'ThrottlingException', operations: ['Encrypt', 'GenerateDataKey'], nextCalls: 2 })
  kms.injectFault({ fault: 'KMSInternalException', rate: 1 })
  assert.deepEqual(app.faults(), [
    { fault: 'ThrottlingException', operations: ['Encrypt', 'GenerateDataKey'], nextCalls: 2 },
    { fault: 'KMSInternalException', operations: [], rate: 1 }
  ])
  assert.throws(() => app.generateDataKeySync(gdk(key.KeyId)), { name: 'ThrottlingException' })
  assert.throws(() => app.describeKeySync({ KeyId: key.KeyId }), { name: 'KMSInternalException' })
  assert.equal(kms.faults()[0].nextCalls, 1)
  app.clearFaults()
  assert.deepEqual(kms.faults(), [])
  kms.generateDataKeySync(gdk(key.KeyId))
})

test('rate faults draw from the fault seed: the same seed fails the same calls', () => {
  const pattern = (seed) => {
    const { kms, key } = service({ faultSeed: seed })
    kms.injectFault({ fault: 'ThrottlingException', operations: ['GenerateDataKey'], rate: 0.5 })
    const out = []
    for (let i = 0; i < 64; i++) {
      try {
        kms.generateDataKeySync(gdk(key.KeyId))
        out.push(0)
      } catch (e) {
        assert.equal(e.name, 'ThrottlingException')
        out.push(1)
      }
    }
    return out.join('')
  }
  const a = pattern(7)
  assert.equal(pattern(7), a)
  assert.equal(pattern(7n), a)
  assert.notEqual(pattern(8), a)
  const failures = [...a].filter((c) => c === '1').length
  assert.ok(failures > 10 && failures < 54, `${failures} of 64 at rate 0.5`)

  const { kms, key } = service({ faultSeed: 1 })
  kms.injectFault({ fault: 'KeyUnavailableException', rate: 0 })
  for (let i = 0; i < 20; i++) kms.generateDataKeySync(gdk(key.KeyId))
  assert.equal(kms.faults().length, 1) // a rate rule stays until cleared
})

test('injectFault checks its rule', () => {
  const { kms } = service()
  assert.throws(() => kms.injectFault({ fault: 'Oops', nextCalls: 1 }), { name: 'ValidationException' })
  assert.throws(() => kms.injectFault({ fault: 'ThrottlingException', operations: ['Nope'], nextCalls: 1 }), { name: 'ValidationException' })
  assert.throws(() => kms.injectFault({ fault: 'ThrottlingException', rate: 1.5 }), { name: 'ValidationException' })
  assert.throws(() => kms.injectFault({ fault: 'ThrottlingException', rate: -0.1 }), { name: 'ValidationException' })
  assert.throws(() => kms.injectFault({ fault: 'ThrottlingException' }), { name: 'TypeError' })
  assert.throws(() => kms.injectFault({ fault: 'ThrottlingException', nextCalls: 1, rate: 0.5 }), { name: 'TypeError' })
  assert.throws(() => kms.injectFault({ fault: 'ThrottlingException', nextCalls: -1 }), { name: 'RangeError' })
  assert.throws(() => kms.injectFault({ fault: 'ThrottlingException', nextCalls: 2 ** 32 }), { name: 'RangeError' })
  assert.throws(() => kms.injectFault({ fault: 1, nextCalls: 1 }), { name: 'TypeError' })
  assert.throws(() => kms.injectFault({ fault: 'ThrottlingException', operations: 'Encrypt', nextCalls: 1 }), { name: 'TypeError' })
  assert.throws(() => kms.injectFault({ nextCalls: 1 }), { name: 'ValidationException' }) // no fault name
  assert.throws(() => kms.injectFault(), { name: 'TypeError' })
  assert.deepEqual(kms.faults(), [])
  // A rule that never fires is harmless.
  kms.injectFault({ fault: 'ThrottlingException', operations: ['Decrypt'], nextCalls: 0 })
  encryptSync(Buffer.from('x'), kms.keyring(kms.listKeysSync().Keys[0].KeyId))
})
