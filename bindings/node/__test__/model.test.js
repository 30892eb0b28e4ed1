'use strict'
// The KMS methods go through the core's one model: one generic call (async and Sync), the SDK v3
// Command style in process, the same parameter rules as Python (botocore's wording for an
// unknown member), DryRun honoured, grant tokens and tags refused rather than dropped.

const { test } = require('node:test')
const assert = require('node:assert/strict')
const path = require('node:path')
const { spawnSync } = require('node:child_process')
const sdk = require('@aws-sdk/client-kms')
const { LocalKms } = require('datakey')

test('the SDK v3 Commands of @aws-sdk/client-kms run in process', async () => {
  const kms = new LocalKms()
  const { KeyMetadata } = await kms.send(new sdk.CreateKeyCommand({ Description: 'cmd' }))
  assert.equal(KeyMetadata.Description, 'cmd')
  assert.ok(KeyMetadata.CreationDate instanceof Date)
  const dk = await kms.send(new sdk.GenerateDataKeyCommand({ KeyId: KeyMetadata.KeyId, KeySpec: 'AES_256', EncryptionContext: { a: 'b' } }))
  assert.ok(Buffer.isBuffer(dk.Plaintext) && dk.Plaintext.length === 32)
  assert.equal(dk.$metadata.httpStatusCode, 200)
  const back = kms.sendSync(new sdk.DecryptCommand({ CiphertextBlob: new Uint8Array(dk.CiphertextBlob), EncryptionContext: { a: 'b' } }))
  assert.ok(back.Plaintext.equals(dk.Plaintext))
  await assert.rejects(kms.send(new sdk.DescribeKeyCommand({ KeyId: 'alias/none' })), { name: 'NotFoundException' })
  await assert.rejects(kms.send(new sdk.SignCommand({ KeyId: 'k', Message: Buffer.from('m'), SigningAlgorithm: 'ECDSA_SHA_256' })),
    { name: 'UnsupportedOperationException', message: 'datakey does not implement the KMS operation Sign.' })
  await assert.rejects(kms.send({}), { name: 'TypeError' })
})

test('an unknown member is refused in botocore\'s words, as in Python', async () => {
  const kms = new LocalKms()
  const { KeyMetadata } = kms.createKeySync()
  const message = 'Parameter validation failed:\nUnknown parameter in input: "Bogus", must be one of: KeyId, GrantTokens'
  assert.throws(() => kms.describeKeySync({ KeyId: KeyMetadata.KeyId, Bogus: 1 }), { name: 'TypeError', code: 'ERR_INVALID_ARG_VALUE', message })
  assert.throws(() => kms.describeKey({ KeyId: KeyMetadata.KeyId, Bogus: 1 }), { name: 'TypeError', message })
  assert.throws(() => kms.createKeySync({ Tags: [{ Key: 'k', TagValue: 'v' }] }), { message: /Unknown parameter in Tags\[0\]: "Key"/ })
})

test('DryRun runs every check and changes nothing; GrantTokens and Tags are refused', async () => {
  const kms = new LocalKms()
  const { KeyMetadata: { KeyId } } = kms.createKeySync()
  await assert.rejects(kms.generateDataKey({ KeyId, KeySpec: 'AES_256', DryRun: true }), { name: 'DryRunOperationException' })
  assert.throws(() => kms.encryptSync({ KeyId, Plaintext: Buffer.from('x'), DryRun: true }), { name: 'DryRunOperationException' })
  kms.disableKeySync({ KeyId })
  assert.throws(() => kms.encryptSync({ KeyId, Plaintext: Buffer.from('x'), DryRun: true }), { name: 'DisabledException' })
  kms.enableKeySync({ KeyId })
  kms.describeKeySync({ KeyId, GrantTokens: [] })
  assert.throws(() => kms.describeKeySync({ KeyId, GrantTokens: ['t'] }), { name: 'InvalidGrantTokenException', $fault: 'client' })
  assert.throws(() => kms.createKeySync({ Tags: [{ TagKey: 'k', TagValue: 'v' }] }), { name: 'UnsupportedOperationException', message: /Tags/ })
})

test('TypeScript accepts a LocalKms as the SDK v3 KMS client and KMSClient', () => {
  const tsc = require.resolve('typescript/bin/tsc')
  const r = spawnSync(process.execPath, [
    tsc, '--noEmit', '--strict', '--target', 'es2022', '--module', 'nodenext',
    '--moduleResolution', 'nodenext', '--types', 'node', path.join(__dirname, 'fixtures', 'sdk-compat.ts')
  ], { cwd: path.join(__dirname, '..'), encoding: 'utf8' })
  assert.equal(r.status, 0, r.stdout + r.stderr)
})
