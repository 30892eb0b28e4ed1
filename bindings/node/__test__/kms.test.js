'use strict'
// LocalKms: every operation and every KMS exception the core raises, each run twice — through
// the async method (libuv thread pool) and through its …Sync twin — with identical results.

const { test } = require('node:test')
const assert = require('node:assert/strict')
const crypto = require('node:crypto')
const util = require('node:util')
const { CachingKeyring, LocalKms, ManualClock, encryptSync } = require('datakey')

const START = new Date('2025-01-01T00:00:00Z')

/** The same KMS calls through the async methods or their sync twins (thrown → rejected). */
function client (kms, mode) {
  return new Proxy({}, {
    get (_t, name) {
      if (mode === 'async') return (input) => kms[name](input)
      return async (input) => kms[`${name}Sync`](input)
    }
  })
}

/** Asserts that `promise` rejects with a KMS error of this name (and message, when given). */
async function rejectsWith (promise, name, message) {
  await assert.rejects(promise, (e) => {
    assert.ok(e instanceof Error, `not an Error: ${e}`)
    assert.ok(!(e instanceof TypeError), `a TypeError: ${e.message}`)
    assert.equal(e.name, name, e.message)
    assert.equal(e.code, name)
    if (message instanceof RegExp) assert.match(e.message, message)
    else if (message !== undefined) assert.equal(e.message, message)
    return true
  })
}

for (const mode of ['async', 'sync']) {
  test(`${mode}: keys, aliases, listing, states`, async () => {
    const clock = new ManualClock(START)
    const raw = new LocalKms({ region: 'eu-west-1', accountId: '123456789012', clock })
    const kms = client(raw, mode)
    assert.equal(raw.region, 'eu-west-1')
    assert.equal(raw.accountId, '123456789012')

    const { KeyMetadata: key } = await kms.createKey({ Description: 'first' })
    assert.match(key.KeyId, /^[0-9a-f-]{36}$/)
    assert.equal(key.Arn, `arn:aws:kms:eu-west-1:123456789012:key/${key.KeyId}`)
    assert.equal(key.AWSAccountId, '123456789012')
    assert.equal(key.CreationDate.getTime(), START.getTime())
    assert.equal(key.Description, 'first')
    assert.equal(key.Enabled, true)
    assert.equal(key.Origin, 'AWS_KMS')
    assert.equal(key.MultiRegion, false)
    const { KeyMetadata: mrk } = await kms.createKey({ MultiRegion: true })
    assert.match(mrk.KeyId, /^mrk-[0-9a-f]{32}$/)

    const described = await kms.describeKey({ KeyId: key.Arn })
    assert.deepEqual(described.KeyMetadata, key)

    const listed = await kms.listKeys({ Limit: 1 })
    assert.equal(listed.Keys.length, 1)
    assert.equal(listed.Truncated, true)
    const rest = await kms.listKeys({ Marker: listed.NextMarker })
    assert.deepEqual(
      [...listed.Keys, ...rest.Keys].map((k) => k.KeyId).sort(),
      [key.KeyId, mrk.KeyId].sort()
    )
    assert.equal((await kms.listKeys()).Keys.length, 2)

    // Aliases.
    await kms.createAlias({ AliasName: 'alias/app', TargetKeyId: key.KeyId })
    assert.equal((await kms.describeKey({ KeyId: 'alias/app' })).KeyMetadata.KeyId, key.KeyId)
    await rejectsWith(kms.createAlias({ AliasName: 'alias/app', TargetKeyId: key.KeyId }), 'AlreadyExistsException')
    await rejectsWith(kms.createAlias({ AliasName: 'alias/aws/mine', TargetKeyId: key.KeyId }), 'InvalidAliasNameException')
    await rejectsWith(kms.createAlias({ AliasName: 'app', TargetKeyId: key.KeyId }), 'ValidationException', /alias\//)
    await kms.updateAlias({ AliasName: 'alias/app', TargetKeyId: mrk.KeyId })
    assert.equal((await kms.describeKey({ KeyId: 'alias/app' })).KeyMetadata.KeyId, mrk.KeyId)
    const aliases = await kms.listAliases({ KeyId: mrk.KeyId })
    assert.equal(aliases.Aliases.length, 1)
    assert.equal(aliases.Aliases[0].AliasName, 'alias/app')
    assert.equal(aliases.Aliases[0].AliasArn, 'arn:aws:kms:eu-west-1:123456789012:alias/app')
    assert.equal(aliases.Aliases[0].TargetKeyId, mrk.KeyId)
    assert.ok(aliases.Aliases[0].CreationDate instanceof Date)
    assert.ok(aliases.Aliases[0].LastUpdatedDate instanceof Date)
    await kms.deleteAlias({ AliasName: 'alias/app' })
    assert.equal((await kms.listAliases({})).Aliases.length, 0)
    await rejectsWith(kms.describeKey({ KeyId: 'alias/app' }), 'NotFoundException', /alias\/app/)

    // Unknown and malformed key ids.
    await rejectsWith(kms.describeKey({ KeyId: '00000000-0000-0000-0000-000000000000' }), 'NotFoundException', /does not exist/)
    await rejectsWith(kms.describeKey({ KeyId: 'no such key' }), 'NotFoundException')
    await rejectsWith(kms.describeKey({}), 'ValidationException')

    // Disable / enable.
    await kms.disableKey({ KeyId: key.KeyId })
    assert.equal((await kms.describeKey({ KeyId: key.KeyId })).KeyMetadata.KeyState, 'Disabled')
    await rejectsWith(kms.generateDataKey({ KeyId: key.KeyId, KeySpec: 'AES_256' }), 'DisabledException', `${key.Arn} is disabled.`)
    await rejectsWith(kms.encrypt({ KeyId: key.KeyId, Plaintext: Buffer.from('x') }), 'DisabledException')
    await kms.enableKey({ KeyId: key.KeyId })
    assert.equal((await kms.describeKey({ KeyId: key.KeyId })).KeyMetadata.Enabled, true)

    // Deletion window on the injected clock; cancel leaves the key Disabled.
    const scheduled = await kms.scheduleKeyDeletion({ KeyId: key.KeyId, PendingWindowInDays: 7 })
    assert.equal(scheduled.KeyState, 'PendingDeletion')
    assert.equal(scheduled.PendingWindowInDays, 7)
    assert.equal(scheduled.DeletionDate.getTime(), START.getTime() + 7 * 86400e3)
    await rejectsWith(kms.generateDataKey({ KeyId: key.KeyId, KeySpec: 'AES_256' }), 'KMSInvalidStateException', `${key.Arn} is pending deletion.`)
    await rejectsWith(kms.scheduleKeyDeletion({ KeyId: mrk.KeyId, PendingWindowInDays: 6 }), 'ValidationException')
    assert.equal((await kms.cancelKeyDeletion({ KeyId: key.KeyId })).KeyId, key.Arn)
    assert.equal((await kms.describeKey({ KeyId: key.KeyId })).KeyMetadata.KeyState, 'Disabled')
    await rejectsWith(kms.cancelKeyDeletion({ KeyId: key.KeyId }), 'KMSInvalidStateException', `${key.Arn} is not pending deletion.`)
    await kms.scheduleKeyDeletion({ KeyId: key.KeyId, PendingWindowInDays: 7 })
    clock.advanceDays(8)
    await rejectsWith(kms.describeKey({ KeyId: key.KeyId }), 'NotFoundException')
  })

  test(`${mode}: data keys, Encrypt, Decrypt, ReEncrypt, GenerateRandom`, async () => {
    const kms = client(new LocalKms(), mode)
    const { KeyMetadata: key } = await kms.createKey({})
    const { KeyMetadata: other } = await kms.createKey({})
    const EncryptionContext = { tenant: 'acme', purpose: 'test' }

    const dk = await kms.generateDataKey({ KeyId: key.KeyId, KeySpec: 'AES_256', EncryptionContext })
    assert.equal(dk.Plaintext.length, 32)
    assert.equal(dk.KeyId, key.Arn)
    assert.equal(dk.KeyMaterialId, key.CurrentKeyMaterialId)
    assert.equal((await kms.generateDataKey({ KeyId: key.KeyId, KeySpec: 'AES_128' })).Plaintext.length, 16)
    assert.equal((await kms.generateDataKey({ KeyId: key.KeyId, NumberOfBytes: 1 })).Plaintext.length, 1)
    assert.equal((await kms.generateDataKey({ KeyId: key.KeyId, NumberOfBytes: 1024 })).Plaintext.length, 1024)

    // Decrypt: bytes in any form, context exact.
    for (const blob of [dk.CiphertextBlob, new Uint8Array(dk.CiphertextBlob), new Uint8Array(dk.CiphertextBlob).buffer]) {
      const back = await kms.decrypt({ CiphertextBlob: blob, EncryptionContext })
      assert.ok(back.Plaintext.equals(dk.Plaintext))
      assert.equal(back.KeyId, key.Arn)
      assert.equal(back.EncryptionAlgorithm, 'SYMMETRIC_DEFAULT')
      assert.equal(back.KeyMaterialId, dk.KeyMaterialId)
    }
    await rejectsWith(kms.decrypt({ CiphertextBlob: dk.CiphertextBlob }), 'InvalidCiphertextException', '')
    await rejectsWith(kms.decrypt({ CiphertextBlob: dk.CiphertextBlob, EncryptionContext: { tenant: 'acme', purpose: 'Test' } }), 'InvalidCiphertextException', '')
    const flipped = Buffer.from(dk.CiphertextBlob)
    flipped[flipped.length - 20] ^= 1
    await rejectsWith(kms.decrypt({ CiphertextBlob: flipped, EncryptionContext }), 'InvalidCiphertextException', '')
    await rejectsWith(kms.decrypt({ CiphertextBlob: dk.CiphertextBlob, EncryptionContext, KeyId: other.KeyId }), 'IncorrectKeyException',
      'The key ID in the request does not identify a CMK that can perform this operation.')
    assert.ok((await kms.decrypt({ CiphertextBlob: dk.CiphertextBlob, EncryptionContext, KeyId: key.Arn })).Plaintext.equals(dk.Plaintext))

    const wp = await kms.generateDataKeyWithoutPlaintext({ KeyId: key.KeyId, NumberOfBytes: 48, EncryptionContext })
    assert.equal(wp.Plaintext, undefined)
    assert.equal(wp.KeyMaterialId, key.CurrentKeyMaterialId)
    assert.equal((await kms.decrypt({ CiphertextBlob: wp.CiphertextBlob, EncryptionContext })).Plaintext.length, 48)

    // Parameter rules come from the core, with KMS's messages.
    await rejectsWith(kms.generateDataKey({ KeyId: key.KeyId }), 'ValidationException', 'Please specify either number of bytes or key spec.')
    await rejectsWith(kms.generateDataKey({ KeyId: key.KeyId, KeySpec: 'AES_256', NumberOfBytes: 32 }), 'ValidationException')
    await rejectsWith(kms.generateDataKey({ KeyId: key.KeyId, NumberOfBytes: 1025 }), 'ValidationException',
      "1 validation error detected: Value '1025' at 'numberOfBytes' failed to satisfy constraint: Member must have value less than or equal to 1024")
    await rejectsWith(kms.generateDataKey({ KeyId: key.KeyId, NumberOfBytes: 0 }), 'ValidationException', /greater than or equal to 1/)
    await rejectsWith(kms.generateDataKey({ KeyId: key.KeyId, KeySpec: 'AES_512' }), 'ValidationException', /enum value set: \[AES_256, AES_128\]/)

    // Encrypt / Decrypt of small secrets.
    const enc = await kms.encrypt({ KeyId: key.KeyId, Plaintext: Buffer.from('secret'), EncryptionContext })
    assert.equal(enc.KeyId, key.Arn)
    assert.equal(enc.EncryptionAlgorithm, 'SYMMETRIC_DEFAULT')
    assert.equal((await kms.decrypt({ CiphertextBlob: enc.CiphertextBlob, EncryptionContext })).Plaintext.toString(), 'secret')
    await rejectsWith(kms.encrypt({ KeyId: key.KeyId, Plaintext: Buffer.alloc(4097) }), 'ValidationException',
      "1 validation error detected: Value at 'plaintext' failed to satisfy constraint: Member must have length less than or equal to 4096")
    await rejectsWith(kms.encrypt({ KeyId: key.KeyId }), 'ValidationException')

    // ReEncrypt: another key and context, the plaintext never surfaces.
    const re = await kms.reEncrypt({
      CiphertextBlob: enc.CiphertextBlob,
      SourceEncryptionContext: EncryptionContext,
      DestinationKeyId: other.KeyId,
      DestinationEncryptionContext: { moved: 'yes' }
    })
    assert.equal(re.SourceKeyId, key.Arn)
    assert.equal(re.KeyId, other.Arn)
    assert.equal(re.SourceKeyMaterialId, key.CurrentKeyMaterialId)
    assert.equal(re.DestinationKeyMaterialId, other.CurrentKeyMaterialId)
    assert.equal(re.SourceEncryptionAlgorithm, 'SYMMETRIC_DEFAULT')
    assert.equal(re.DestinationEncryptionAlgorithm, 'SYMMETRIC_DEFAULT')
    assert.equal((await kms.decrypt({ CiphertextBlob: re.CiphertextBlob, EncryptionContext: { moved: 'yes' } })).Plaintext.toString(), 'secret')
    await rejectsWith(kms.reEncrypt({ CiphertextBlob: enc.CiphertextBlob, DestinationKeyId: other.KeyId }), 'InvalidCiphertextException', '')
    await rejectsWith(kms.reEncrypt({ CiphertextBlob: enc.CiphertextBlob, SourceEncryptionContext: EncryptionContext, SourceKeyId: other.KeyId, DestinationKeyId: other.KeyId }), 'IncorrectKeyException')

    // GenerateRandom.
    const r1 = await kms.generateRandom({ NumberOfBytes: 32 })
    const r2 = await kms.generateRandom({ NumberOfBytes: 32 })
    assert.equal(r1.Plaintext.length, 32)
    assert.ok(!r1.Plaintext.equals(r2.Plaintext))
    await rejectsWith(kms.generateRandom({}), 'ValidationException', 'NumberOfBytes is required.')
    await rejectsWith(kms.generateRandom({ NumberOfBytes: 1025 }), 'ValidationException')
  })

  test(`${mode}: key specs and usages`, async () => {
    const kms = client(new LocalKms(), mode)
    const { KeyMetadata: hmac } = await kms.createKey({ KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' })
    assert.deepEqual(hmac.MacAlgorithms, ['HMAC_SHA_256'])
    await rejectsWith(kms.generateDataKey({ KeyId: hmac.KeyId, KeySpec: 'AES_256' }), 'InvalidKeyUsageException',
      `${hmac.Arn} key usage is GENERATE_VERIFY_MAC which is not valid for GenerateDataKey.`)
    const { KeyMetadata: rsa } = await kms.createKey({ KeySpec: 'RSA_2048', KeyUsage: 'ENCRYPT_DECRYPT' })
    await rejectsWith(kms.generateDataKey({ KeyId: rsa.KeyId, KeySpec: 'AES_256' }), 'InvalidKeyUsageException', /asymmetric/)
    await rejectsWith(kms.generateDataKeyWithoutPlaintext({ KeyId: rsa.KeyId, KeySpec: 'AES_256' }), 'InvalidKeyUsageException')
    await rejectsWith(kms.rotateKeyOnDemand({ KeyId: hmac.KeyId }), 'UnsupportedOperationException')
    await rejectsWith(kms.createKey({ KeySpec: 'HMAC_256' }), 'ValidationException',
      'You must specify a KeyUsage value for all KMS keys except for symmetric encryption keys.')
    await rejectsWith(kms.createKey({ KeySpec: 'RSA_2048', KeyUsage: 'KEY_AGREEMENT' }), 'ValidationException',
      'KeyUsage KEY_AGREEMENT is not compatible with KeySpec RSA_2048')
    // The deprecated CustomerMasterKeySpec still works.
    assert.equal((await kms.createKey({ CustomerMasterKeySpec: 'SYMMETRIC_DEFAULT' })).KeyMetadata.KeySpec, 'SYMMETRIC_DEFAULT')
  })

  test(`${mode}: rotation on demand and on the clock, old blobs stay readable`, async () => {
    const clock = new ManualClock(START)
    const kms = client(new LocalKms({ clock }), mode)
    const { KeyMetadata: key } = await kms.createKey({})
    const before = await kms.generateDataKey({ KeyId: key.KeyId, KeySpec: 'AES_256' })

    assert.equal((await kms.rotateKeyOnDemand({ KeyId: key.KeyId })).KeyId, key.KeyId)
    const after = await kms.generateDataKey({ KeyId: key.KeyId, KeySpec: 'AES_256' })
    assert.notEqual(after.KeyMaterialId, before.KeyMaterialId)
    const old = await kms.decrypt({ CiphertextBlob: before.CiphertextBlob })
    assert.ok(old.Plaintext.equals(before.Plaintext))
    assert.equal(old.KeyMaterialId, before.KeyMaterialId)

    let status = await kms.getKeyRotationStatus({ KeyId: key.KeyId })
    assert.equal(status.KeyRotationEnabled, false)
    await kms.enableKeyRotation({ KeyId: key.KeyId, RotationPeriodInDays: 90 })
    status = await kms.getKeyRotationStatus({ KeyId: key.KeyId })
    assert.equal(status.KeyRotationEnabled, true)
    assert.equal(status.RotationPeriodInDays, 90)
    assert.equal(status.NextRotationDate.getTime(), START.getTime() + 90 * 86400e3)
    await rejectsWith(kms.enableKeyRotation({ KeyId: key.KeyId, RotationPeriodInDays: 89 }), 'ValidationException')

    clock.advanceDays(91)
    const later = await kms.generateDataKey({ KeyId: key.KeyId, KeySpec: 'AES_256' })
    assert.notEqual(later.KeyMaterialId, after.KeyMaterialId)
    const rotations = (await kms.listKeyRotations({ KeyId: key.KeyId })).Rotations
    assert.deepEqual(rotations.map((r) => r.RotationType), ['ON_DEMAND', 'AUTOMATIC'])
    assert.deepEqual(rotations.map((r) => r.KeyMaterialState), ['NON_CURRENT', 'CURRENT'])
    assert.equal(rotations[1].KeyMaterialId, later.KeyMaterialId)
    assert.ok(rotations[0].RotationDate instanceof Date)
    assert.equal((await kms.listKeyRotations({ KeyId: key.KeyId, Limit: 1 })).Truncated, true)

    await kms.disableKeyRotation({ KeyId: key.KeyId })
    assert.equal((await kms.getKeyRotationStatus({ KeyId: key.KeyId })).KeyRotationEnabled, false)

    // At most 25 on-demand rotations per key.
    for (let i = 1; i < 25; i++) await kms.rotateKeyOnDemand({ KeyId: key.KeyId })
    await rejectsWith(kms.rotateKeyOnDemand({ KeyId: key.KeyId }), 'LimitExceededException', /on-demand rotations limit/)
    // Every blob ever made still decrypts.
    for (const dk of [before, after, later]) {
      assert.ok((await kms.decrypt({ CiphertextBlob: dk.CiphertextBlob })).Plaintext.equals(dk.Plaintext))
    }
  })

  test(`${mode}: imported key material`, async () => {
    const clock = new ManualClock(START)
    const kms = client(new LocalKms({ clock }), mode)
    const { KeyMetadata: ext } = await kms.createKey({ Origin: 'EXTERNAL' })
    assert.equal(ext.KeyState, 'PendingImport')
    await rejectsWith(kms.generateDataKey({ KeyId: ext.KeyId, KeySpec: 'AES_256' }), 'KMSInvalidStateException', `${ext.Arn} is pending import.`)
    await rejectsWith(kms.enableKeyRotation({ KeyId: ext.KeyId }), 'UnsupportedOperationException',
      `${ext.Arn} origin is EXTERNAL which is not valid for this operation.`)
    await rejectsWith(kms.importKeyMaterial({ KeyId: ext.KeyId }), 'ValidationException')
    await rejectsWith(kms.importKeyMaterial({ KeyId: ext.KeyId, KeyMaterial: Buffer.alloc(16) }), 'ValidationException', /32 bytes/)

    const material = crypto.randomBytes(32)
    const imported = await kms.importKeyMaterial({ KeyId: ext.KeyId, KeyMaterial: material })
    assert.equal(imported.KeyId, ext.Arn)
    assert.match(imported.KeyMaterialId, /^[0-9a-f]{64}$/)
    const described = (await kms.describeKey({ KeyId: ext.KeyId })).KeyMetadata
    assert.equal(described.KeyState, 'Enabled')
    assert.equal(described.ExpirationModel, 'KEY_MATERIAL_DOES_NOT_EXPIRE')
    const dk = await kms.generateDataKey({ KeyId: ext.KeyId, KeySpec: 'AES_256' })
    assert.equal(dk.KeyMaterialId, imported.KeyMaterialId)

    await rejectsWith(kms.importKeyMaterial({ KeyId: ext.KeyId, KeyMaterial: crypto.randomBytes(32) }), 'IncorrectKeyMaterialException')
    // Re-importing the same material with an expiry is allowed.
    const validTo = new Date(START.getTime() + 86400e3)
    await kms.importKeyMaterial({ KeyId: ext.KeyId, KeyMaterial: new Uint8Array(material), ExpirationModel: 'KEY_MATERIAL_EXPIRES', ValidTo: validTo })
    const withExpiry = (await kms.describeKey({ KeyId: ext.KeyId })).KeyMetadata
    assert.equal(withExpiry.ValidTo.getTime(), validTo.getTime())

    // New material staged, then rotated in.
    const next = await kms.importKeyMaterial({ KeyId: ext.KeyId, KeyMaterial: crypto.randomBytes(32), ImportType: 'NEW_KEY_MATERIAL' })
    await kms.rotateKeyOnDemand({ KeyId: ext.KeyId })
    assert.equal((await kms.generateDataKey({ KeyId: ext.KeyId, KeySpec: 'AES_256' })).KeyMaterialId, next.KeyMaterialId)
    assert.ok((await kms.decrypt({ CiphertextBlob: dk.CiphertextBlob })).Plaintext.equals(dk.Plaintext))

    const { KeyMetadata: own } = await kms.createKey({})
    await rejectsWith(kms.importKeyMaterial({ KeyId: own.KeyId, KeyMaterial: material }), 'UnsupportedOperationException')
  })

  test(`${mode}: wrong JavaScript types are TypeErrors, thrown before any work`, async () => {
    const raw = new LocalKms()
    const kms = client(raw, mode)
    const { KeyMetadata: key } = raw.createKeySync()
    const bad = [
      ['generateDataKey', { KeyId: 42, KeySpec: 'AES_256' }, /"input.KeyId" argument must be of type string\. Received type number \(42\)/],
      ['generateDataKey', { KeyId: key.KeyId, KeySpec: 256 }, /"input.KeySpec"/],
      ['generateDataKey', { KeyId: key.KeyId, NumberOfBytes: '32' }, /"input.NumberOfBytes" argument must be of type number/],
      ['generateDataKey', { KeyId: key.KeyId, KeySpec: 'AES_256', EncryptionContext: { a: 1 } }, /"input.EncryptionContext.a"/],
      ['generateDataKey', { KeyId: key.KeyId, KeySpec: 'AES_256', EncryptionContext: 'a=b' }, /"input.EncryptionContext"/],
      ['decrypt', { CiphertextBlob: 'base64text' }, /"input.CiphertextBlob" argument must be an instance of Buffer, Uint8Array or ArrayBuffer/],
      ['decrypt', { CiphertextBlob: [1, 2, 3] }, /Received an instance of Array/],
      ['encrypt', { KeyId: key.KeyId, Plaintext: 'text' }, /"input.Plaintext"/],
      ['createKey', { MultiRegion: 'yes' }, /"input.MultiRegion" argument must be of type boolean/],
      ['listKeys', { Limit: '10' }, /"input.Limit"/],
      ['importKeyMaterial', { KeyId: key.KeyId, KeyMaterial: 'x' }, /"input.KeyMaterial"/],
      ['importKeyMaterial', { KeyId: key.KeyId, KeyMaterial: Buffer.alloc(32), ValidTo: 'tomorrow' }, /"input.ValidTo"/],
      ['describeKey', 'key-id', /"input" argument must be of type object/]
    ]
    for (const [name, input, message] of bad) {
      if (mode === 'async') {
        // Thrown synchronously by the call itself, not as a rejection.
        assert.throws(() => raw[name](input), (e) => e instanceof TypeError && e.code === 'ERR_INVALID_ARG_TYPE' && message.test(e.message), name)
      } else {
        await assert.rejects(kms[name](input), (e) => e instanceof TypeError && message.test(e.message), name)
      }
    }
    assert.throws(() => raw.generateDataKeySync({ KeyId: key.KeyId, NumberOfBytes: 1.5 }), { name: 'RangeError', code: 'ERR_OUT_OF_RANGE' })
    assert.throws(() => new LocalKms({ clock: Date.now() }), { name: 'TypeError' })
    assert.throws(() => new LocalKms({ region: 'EU WEST' }), { name: 'ValidationException' })
    assert.throws(() => new LocalKms({ accountId: '12' }), { name: 'ValidationException' })
  })
}

test('async operations run off the main thread and agree with their sync twins', async () => {
  const kms = new LocalKms()
  const { KeyMetadata: key } = kms.createKeySync()
  // Many operations in flight at once all complete, and each result decrypts.
  const keys = await Promise.all(Array.from({ length: 64 }, () => kms.generateDataKey({ KeyId: key.KeyId, KeySpec: 'AES_256', EncryptionContext: { n: 'x' } })))
  const back = keys.map((dk) => kms.decryptSync({ CiphertextBlob: dk.CiphertextBlob, EncryptionContext: { n: 'x' } }))
  keys.forEach((dk, i) => assert.ok(dk.Plaintext.equals(back[i].Plaintext)))
  assert.equal(new Set(keys.map((k) => k.Plaintext.toString('hex'))).size, 64)
  // An async call returns a promise before the work has happened.
  const p = kms.generateRandom({ NumberOfBytes: 8 })
  assert.ok(p instanceof Promise)
  assert.equal((await p).Plaintext.length, 8)
})

test('no key bytes in util.inspect output', () => {
  const kms = new LocalKms()
  assert.equal(
    util.inspect(kms, { breakLength: Infinity }),
    "LocalKms { region: 'us-east-1', accountId: '111122223333', principal: 'arn:aws:iam::111122223333:root' }"
  )
  const app = kms.asCaller('arn:aws:iam::111122223333:role/app')
  assert.match(util.inspect(app, { breakLength: Infinity }), /principal: 'arn:aws:iam::111122223333:role\/app' \}$/)
  const { KeyMetadata } = kms.createKeySync()
  const cache = new CachingKeyring({ keyring: kms.keyring(KeyMetadata.KeyId), maxAge: 1000, partition: 'p', clock: new ManualClock(START) })
  encryptSync(Buffer.from('x'), cache)
  assert.equal(util.inspect(cache), "CachingKeyring { partition: 'p' }")
  assert.equal(util.inspect(cache.cache), 'DataKeyCache { size: 1, capacity: 1000 }')
  const clock = new ManualClock(START)
  assert.doesNotThrow(() => util.inspect(clock))
})
