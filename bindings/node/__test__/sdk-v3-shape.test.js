'use strict'
// Code written against the AWS SDK for JavaScript v3 aggregated `KMS` client runs unchanged with a
// `LocalKms` in its place: same method names, input and output field names, byte types, and
// errors whose `name` / `$fault` match the SDK's own exception classes.

const { test } = require('node:test')
const assert = require('node:assert/strict')
const crypto = require('node:crypto')
const sdk = require('@aws-sdk/client-kms')
const { LocalKms } = require('datakey')

// ---- application code, written for the SDK v3 `KMS` client (it never mentions datakey) ----

/** Envelope-encrypts `data` under a fresh data key (the SDK v3 idiom), returning a record. */
async function sealRecord (kms, keyId, tenant, data) {
  const { Plaintext, CiphertextBlob, KeyId } = await kms.generateDataKey({
    KeyId: keyId,
    KeySpec: 'AES_256',
    EncryptionContext: { tenant }
  })
  const iv = crypto.randomBytes(12)
  const cipher = crypto.createCipheriv('aes-256-gcm', Plaintext, iv)
  const body = Buffer.concat([cipher.update(data), cipher.final()])
  Plaintext.fill(0)
  return { keyArn: KeyId, wrappedKey: Buffer.from(CiphertextBlob).toString('base64'), iv, body, tag: cipher.getAuthTag() }
}

/** Opens a record; a disabled key is reported as `'key-disabled'` rather than thrown. */
async function openRecord (kms, tenant, record) {
  let Plaintext
  try {
    ({ Plaintext } = await kms.decrypt({
      CiphertextBlob: Buffer.from(record.wrappedKey, 'base64'),
      EncryptionContext: { tenant }
    }))
  } catch (e) {
    if (e.name === 'DisabledException') return 'key-disabled'
    if (e.name === 'InvalidCiphertextException') return 'not-yours'
    throw e
  }
  const decipher = crypto.createDecipheriv('aes-256-gcm', Plaintext, record.iv)
  decipher.setAuthTag(record.tag)
  return Buffer.concat([decipher.update(record.body), decipher.final()]).toString()
}

// ---------------------------------------------------------------------------------------------

test('SDK v3 application code runs unchanged against a LocalKms', async () => {
  const kms = new LocalKms()
  const { KeyMetadata } = await kms.createKey({ Description: 'records' })
  await kms.createAlias({ AliasName: 'alias/records', TargetKeyId: KeyMetadata.KeyId })

  const record = await sealRecord(kms, 'alias/records', 'acme', 'hello')
  assert.equal(record.keyArn, KeyMetadata.Arn)
  assert.equal(await openRecord(kms, 'acme', record), 'hello')
  assert.equal(await openRecord(kms, 'globex', record), 'not-yours')

  await kms.disableKey({ KeyId: KeyMetadata.KeyId })
  assert.equal(await openRecord(kms, 'acme', record), 'key-disabled')
  await kms.enableKey({ KeyId: KeyMetadata.Arn })
  assert.equal(await openRecord(kms, 'acme', record), 'hello')
})

// datakey's own methods, not KMS operations: the keyring factory, the caller handle, the STS
// `AssumeRole` (on the SDK's `STS` client, with a Sync twin) and fault injection.
const NOT_KMS = ['keyring', 'discoveryKeyring', 'asCaller', 'assumeRole', 'injectFault', 'clearFaults', 'faults']

test('every LocalKms operation exists on the SDK v3 KMS client with the same name', () => {
  const proto = LocalKms.prototype
  const methods = Object.getOwnPropertyNames(proto)
    .filter((n) => typeof Object.getOwnPropertyDescriptor(proto, n).value === 'function')
  for (const name of NOT_KMS) assert.ok(methods.includes(name), name)
  assert.equal(typeof proto.assumeRoleSync, 'function')
  const ours = methods
    .filter((n) => n !== 'constructor' && !n.endsWith('Sync'))
    .filter((n) => !NOT_KMS.includes(n))
  assert.ok(ours.length >= 24, ours.join(', '))
  assert.ok(ours.includes('putKeyPolicy') && ours.includes('getKeyPolicy'))
  for (const name of ours) {
    assert.equal(typeof sdk.KMS.prototype[name], 'function', `KMS.prototype.${name}`)
    assert.equal(typeof LocalKms.prototype[`${name}Sync`], 'function', `${name}Sync`)
  }
})

test('outputs carry SDK v3 field names, byte arrays and $metadata', async () => {
  const kms = new LocalKms()
  const { KeyMetadata, $metadata } = await kms.createKey({})
  assert.equal($metadata.httpStatusCode, 200)
  assert.ok(KeyMetadata.CreationDate instanceof Date)
  assert.equal(KeyMetadata.KeySpec, 'SYMMETRIC_DEFAULT')
  assert.equal(KeyMetadata.KeyUsage, 'ENCRYPT_DECRYPT')
  assert.equal(KeyMetadata.KeyState, 'Enabled')
  assert.deepEqual(KeyMetadata.EncryptionAlgorithms, ['SYMMETRIC_DEFAULT'])
  const out = await kms.generateDataKey({ KeyId: KeyMetadata.KeyId, NumberOfBytes: 64 })
  assert.ok(out.Plaintext instanceof Uint8Array && out.CiphertextBlob instanceof Uint8Array)
  assert.equal(out.Plaintext.length, 64)
  assert.match(out.KeyMaterialId, /^[0-9a-f]{64}$/)
})

test('error name and $fault match the SDK v3 exception classes', async () => {
  const kms = new LocalKms()
  const { KeyMetadata } = kms.createKeySync()
  const cases = [
    [() => kms.describeKey({ KeyId: '00000000-0000-0000-0000-000000000000' }), 'NotFoundException'],
    [() => kms.generateDataKey({ KeyId: KeyMetadata.KeyId, KeySpec: 'AES_256', NumberOfBytes: 32 }), 'ValidationException'],
    [() => kms.decrypt({ CiphertextBlob: crypto.randomBytes(80) }), 'InvalidCiphertextException'],
    [() => kms.decrypt({ CiphertextBlob: crypto.randomBytes(80), KeyId: KeyMetadata.KeyId }), 'InvalidCiphertextException'],
    [async () => { kms.disableKeySync({ KeyId: KeyMetadata.KeyId }); return kms.encrypt({ KeyId: KeyMetadata.KeyId, Plaintext: Buffer.from('x') }) }, 'DisabledException'],
    [() => kms.cancelKeyDeletion({ KeyId: KeyMetadata.KeyId }), 'KMSInvalidStateException'],
    [() => kms.createAlias({ AliasName: 'alias/aws/x', TargetKeyId: KeyMetadata.KeyId }), 'InvalidAliasNameException'],
    [() => kms.putKeyPolicy({ KeyId: KeyMetadata.KeyId, Policy: '{' }), 'MalformedPolicyDocumentException'],
    // The transient faults, raised by fault injection.
    ...['KeyUnavailableException', 'DependencyTimeoutException', 'KMSInternalException', 'ThrottlingException']
      .map((fault) => [async () => {
        kms.injectFault({ fault, nextCalls: 1 })
        return kms.listKeys()
      }, fault])
  ]
  for (const [call, name] of cases) {
    await assert.rejects(call(), (e) => {
      // ValidationException is not a modelled KMS exception: the SDK raises it as a generic
      // KMSServiceException named after the error code, with $fault 'client'.
      const Reference = sdk[name] ?? class extends sdk.KMSServiceException {
        constructor (opts) { super({ ...opts, name, $fault: 'client' }) }
      }
      const reference = new Reference({ message: e.message, $metadata: {} })
      assert.equal(e.name, reference.name)
      assert.equal(e.$fault, reference.$fault)
      assert.ok(e instanceof Error)
      return true
    })
  }
})
