'use strict'
// encrypt / decrypt (async and sync) with every keyring kind, their options and errors, and what
// util.inspect shows of keyrings.

const { test } = require('node:test')
const assert = require('node:assert/strict')
const crypto = require('node:crypto')
const util = require('node:util')
const datakey = require('datakey')

const { RawAesKeyring, MultiKeyring, KmsKeyring, LocalKms, encrypt, encryptSync, decrypt, decryptSync } = datakey

function rawKeyring (name = 'k1', key = crypto.randomBytes(32)) {
  return new RawAesKeyring({ keyNamespace: 'tests', keyName: name, wrappingKey: key })
}

test('round trips, async and sync, with every byte input type', async () => {
  const keyring = rawKeyring()
  const plaintext = crypto.randomBytes(10_000)
  const encryptionContext = { purpose: 'test' }
  const inputs = [plaintext, new Uint8Array(plaintext), new Uint8Array(plaintext).buffer]
  for (const input of inputs) {
    const a = await encrypt(input, keyring, { encryptionContext })
    const b = encryptSync(input, keyring, { encryptionContext })
    assert.ok(Buffer.isBuffer(a) && Buffer.isBuffer(b))
    assert.equal(a.length, b.length)
    assert.ok(!a.equals(b), 'fresh data key and message id per message')
    for (const message of [a, new Uint8Array(b), new Uint8Array(a).buffer]) {
      const r1 = await decrypt(message, keyring, { encryptionContext })
      const r2 = decryptSync(message, keyring)
      assert.ok(r1.plaintext.equals(plaintext) && r2.plaintext.equals(plaintext))
      assert.deepEqual(r1.messageHeader, { ...r2.messageHeader, messageId: r1.messageHeader.messageId })
    }
  }
  const { messageHeader } = decryptSync(encryptSync(Buffer.alloc(1), keyring, { encryptionContext, frameLength: 1024 }), keyring)
  assert.equal(messageHeader.version, 2)
  assert.equal(messageHeader.suiteId, 0x0478)
  assert.match(messageHeader.messageId, /^[0-9a-f]{64}$/)
  assert.equal(messageHeader.frameLength, 1024)
  assert.deepEqual(messageHeader.encryptionContext, encryptionContext)
  assert.deepEqual(messageHeader.encryptedDataKeys, [{ providerId: 'tests', keyName: 'k1' }])
  assert.deepEqual(messageHeader.requiredEncryptionContextKeys, [])
  assert.ok(messageHeader.headerLength > 0)
})

test('required encryption context keys are authenticated but not stored', async () => {
  const keyring = rawKeyring()
  const message = await encrypt(Buffer.from('x'), keyring, {
    encryptionContext: { stored: 'a', secretish: 'b' },
    requiredEncryptionContextKeys: ['secretish']
  })
  assert.ok(!message.includes(Buffer.from('secretish')))
  const { messageHeader } = await decrypt(message, keyring, { encryptionContext: { secretish: 'b' } })
  assert.deepEqual(messageHeader.encryptionContext, { stored: 'a', secretish: 'b' })
  assert.deepEqual(messageHeader.requiredEncryptionContextKeys, ['secretish'])
  await assert.rejects(decrypt(message, keyring), (e) => e.name === 'DecryptionError' || e.name === 'EncryptionContextMismatchError')
  await assert.rejects(decrypt(message, keyring, { encryptionContext: { secretish: 'c' } }))
})

test('KMS keyrings, multi-keyrings, and KMS rules carried into messages', async () => {
  const kms = new LocalKms()
  const { KeyMetadata: key } = kms.createKeySync()
  kms.createAliasSync({ AliasName: 'alias/messages', TargetKeyId: key.KeyId })
  const viaKms = kms.keyring('alias/messages')
  assert.ok(viaKms instanceof KmsKeyring)
  assert.equal(viaKms.keyId, 'alias/messages')
  const raw = rawKeyring('backup')
  const multi = new MultiKeyring({ generator: viaKms, children: [raw] })
  assert.equal(multi.size, 2)

  const message = await encrypt(Buffer.from('to both'), multi, { encryptionContext: { app: 'x' } })
  const { messageHeader } = decryptSync(message, raw)
  assert.deepEqual(messageHeader.encryptedDataKeys.map((e) => e.providerId), ['aws-kms', 'tests'])
  assert.equal(messageHeader.encryptedDataKeys[0].keyName, key.Arn)
  assert.equal((await decrypt(message, viaKms)).plaintext.toString(), 'to both')
  assert.equal((await decrypt(message, kms.keyring(key.Arn))).plaintext.toString(), 'to both')

  // A disabled KMS key cannot open the message; the raw keyring still can.
  kms.disableKeySync({ KeyId: key.KeyId })
  await assert.rejects(decrypt(message, viaKms), { name: 'DisabledException' })
  assert.throws(() => decryptSync(message, viaKms), { name: 'DisabledException' })
  await assert.rejects(encrypt(Buffer.from('x'), viaKms), { name: 'DisabledException' })
  assert.equal(decryptSync(message, new MultiKeyring({ children: [viaKms, raw] })).plaintext.toString(), 'to both')
  kms.enableKeySync({ KeyId: key.KeyId })
  // Rotation keeps old messages readable.
  kms.rotateKeyOnDemandSync({ KeyId: key.KeyId })
  assert.equal(decryptSync(message, viaKms).plaintext.toString(), 'to both')

  assert.throws(() => new MultiKeyring({}), { name: 'ValidationException' })
  assert.throws(() => new MultiKeyring({ children: raw }), { name: 'TypeError', message: /"options.children" argument must be an array of keyrings/ })
  assert.throws(() => new MultiKeyring({ children: [raw, {}] }), { name: 'TypeError', message: /"options.children\[1\]"/ })
  assert.throws(() => kms.keyring(42), { name: 'TypeError' })
  assert.throws(() => kms.keyring(''), { name: 'ValidationException' })
})

test('failures are named core errors; authentication failures say nothing', async () => {
  const keyring = rawKeyring()
  const message = encryptSync(crypto.randomBytes(5000), keyring, { encryptionContext: { a: '1' }, frameLength: 1024 })
  const tampered = Buffer.from(message)
  tampered[tampered.length - 30] ^= 0x80
  await assert.rejects(decrypt(tampered, keyring), { name: 'DecryptionError', code: 'DecryptionError', message: '' })
  assert.throws(() => decryptSync(message.subarray(0, message.length - 10), keyring), (e) => ['DecryptionError', 'MalformedMessageError'].includes(e.name))
  await assert.rejects(decrypt(message, rawKeyring('other')), (e) => {
    assert.equal(e.name, 'NoMatchingKeyError')
    assert.match(e.message, /"tests"\/"k1"/)
    assert.match(e.message, /"tests"\/"other"/)
    return true
  })
  await assert.rejects(decrypt(message, keyring, { encryptionContext: { a: '2' } }), { name: 'EncryptionContextMismatchError' })
  await assert.rejects(decrypt(Buffer.from([0x03, 0x00]), keyring), { name: 'UnsupportedVersionError' })
  await assert.rejects(decrypt(Buffer.from('hello'), keyring), (e) => e instanceof Error && !(e instanceof TypeError))
  // Limits on untrusted input.
  await assert.rejects(decrypt(message, keyring, { maxFrameLength: 512 }), { name: 'ResourceLimitError' })
  await assert.rejects(decrypt(message, keyring, { maxBodySize: 100 }), { name: 'ResourceLimitError' })
  assert.equal((await decrypt(message, keyring, { maxEncryptedDataKeys: 1, maxHeaderSize: 4096 })).plaintext.length, 5000)
  await assert.rejects(decrypt(message, keyring, { maxEncryptedDataKeys: 0 }), { name: 'ResourceLimitError' })
  // Options checked by the core: a rejection for the async form, a throw for the sync one.
  await assert.rejects(encrypt(Buffer.from('x'), keyring, { frameLength: 100 }), { name: 'ValidationException' })
  assert.throws(() => encryptSync(Buffer.from('x'), keyring, { frameLength: 100 }), { name: 'ValidationException' })
  await assert.rejects(encrypt(Buffer.from('x'), keyring, { encryptionContext: { 'aws-crypto-public-key': 'x' } }), { name: 'ValidationException' })
  assert.equal(decryptSync(message, keyring, { commitmentPolicy: 'REQUIRE_ENCRYPT_ALLOW_DECRYPT' }).plaintext.length, 5000)
})

test('wrong JavaScript types are TypeErrors', () => {
  const keyring = rawKeyring()
  const cases = [
    [() => encrypt('text', keyring), /"plaintext" argument must be an instance of Buffer, Uint8Array or ArrayBuffer\. Received type string \('text'\)/],
    [() => encryptSync(Buffer.alloc(1), { keyNamespace: 'x' }), /"keyring" argument must be a keyring/],
    [() => encryptSync(Buffer.alloc(1), keyring, { frameLength: '4096' }), /"options.frameLength" argument must be of type number/],
    [() => encryptSync(Buffer.alloc(1), keyring, { encryptionContext: { a: null } }), /"options.encryptionContext.a"/],
    [() => encryptSync(Buffer.alloc(1), keyring, 'options'), /"options" argument must be of type object/],
    [() => encryptSync(Buffer.alloc(1), keyring, { requiredEncryptionContextKeys: 'a' }), /"options.requiredEncryptionContextKeys"/],
    [() => decrypt(42, keyring), /"message" argument/],
    [() => decryptSync(Buffer.alloc(1), null), /"keyring" argument must be a keyring.*Received null/],
    [() => decryptSync(Buffer.alloc(1), keyring, { commitmentPolicy: 1 }), /"options.commitmentPolicy"/],
    [() => new RawAesKeyring({ keyNamespace: 'n', keyName: 'k' }), /"options.wrappingKey" argument must be an instance of Buffer, Uint8Array or ArrayBuffer\. Received undefined/],
    [() => new RawAesKeyring({ keyNamespace: 1, keyName: 'k', wrappingKey: Buffer.alloc(32) }), /"options.keyNamespace"/],
    [() => new RawAesKeyring(), /"options.keyNamespace" argument must be of type string\. Received undefined/]
  ]
  for (const [call, message] of cases) {
    assert.throws(call, (e) => e instanceof TypeError && e.code === 'ERR_INVALID_ARG_TYPE' && message.test(e.message), String(message))
  }
  assert.throws(() => decryptSync(Buffer.alloc(1), keyring, { commitmentPolicy: 'FORBID' }), { name: 'RangeError' })
  assert.throws(() => encryptSync(Buffer.alloc(1), keyring, { frameLength: 2 ** 33 }), { name: 'RangeError' })
  assert.throws(() => decryptSync(Buffer.alloc(1), keyring, { maxHeaderSize: -1 }), { name: 'RangeError' })
  // Key lengths are checked, never padded or truncated.
  for (const len of [0, 15, 31, 33, 64]) {
    assert.throws(() => rawKeyring('k', Buffer.alloc(len)), { name: 'ValidationException' })
  }
  for (const len of [16, 24, 32]) assert.ok(rawKeyring('k', Buffer.alloc(len)))
  assert.throws(() => new RawAesKeyring({ keyNamespace: 'aws-kms', keyName: 'k', wrappingKey: Buffer.alloc(32) }), { name: 'ValidationException' })
})

test('util.inspect shows identifiers, never key bytes', () => {
  const key = Buffer.from('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f', 'hex')
  const keyring = new RawAesKeyring({ keyNamespace: 'ns', keyName: 'name', wrappingKey: key })
  const kms = new LocalKms()
  const { KeyMetadata } = kms.createKeySync()
  const kmsKeyring = kms.keyring(KeyMetadata.KeyId)
  const multi = new MultiKeyring({ generator: keyring, children: [kmsKeyring] })
  assert.equal(util.inspect(keyring), "RawAesKeyring { keyNamespace: 'ns', keyName: 'name' }")
  assert.equal(util.inspect(kmsKeyring), `KmsKeyring { keyId: '${KeyMetadata.KeyId}' }`)
  assert.equal(util.inspect(multi), 'MultiKeyring { size: 2 }')
  const shown = [keyring, kmsKeyring, multi, kms, new datakey.MessageEncryptor(keyring), datakey.encryptStream(keyring)]
    .map((o) => util.inspect(o, { showHidden: true, depth: 10 }) + JSON.stringify(o) + String(o))
    .join('\n')
  for (const form of [key.toString('hex'), key.toString('base64'), '0, 1, 2, 3, 4, 5', '00 01 02 03']) {
    assert.ok(!shown.includes(form), `key bytes shown as ${form}`)
  }
})
