'use strict'
// Decrypting without naming the key (issue 15): `kms.discoveryKeyring()` opens any message whose
// data key a key of this LocalKms wrapped, optionally limited by a discovery filter
// (`{ partition, accountIDs }`, as @aws-crypto's); and an extra encryption context key on decrypt
// is the same precise EncryptionContextMismatchError as a wrong value.

const { test } = require('node:test')
const assert = require('node:assert/strict')
const util = require('node:util')
const { LocalKms, MultiKeyring, RawAesKeyring, encrypt, decrypt, encryptSync, decryptSync } = require('datakey')

test('opens messages of every key of the KMS, sync and async, alone or in a multi-keyring', async () => {
  const kms = new LocalKms({ region: 'eu-west-1', accountId: '444455556666' })
  const a = (await kms.createKey({})).KeyMetadata
  const b = (await kms.createKey({})).KeyMetadata
  const ca = await encrypt(Buffer.from('under a'), kms.keyring(a.KeyId), { encryptionContext: { t: '1' } })
  const cb = encryptSync(Buffer.from('under b'), kms.keyring(b.Arn))
  const any = kms.discoveryKeyring()
  assert.equal(any.partition, null)
  assert.equal(util.inspect(any), 'DiscoveryKeyring { partition: null, accountIDs: null }')
  assert.equal((await decrypt(ca, any, { encryptionContext: { t: '1' } })).plaintext.toString(), 'under a')
  assert.equal(Buffer.from(decryptSync(cb, any).plaintext).toString(), 'under b')
  const raw = new RawAesKeyring({ keyNamespace: 'ns', keyName: 'k', wrappingKey: Buffer.alloc(32) })
  const multi = new MultiKeyring({ children: [raw, any] })
  assert.equal((await decrypt(cb, multi)).plaintext.toString(), 'under b')
  const ok = kms.discoveryKeyring({ discoveryFilter: { partition: 'aws', accountIDs: ['111122223333', '444455556666'] } })
  assert.deepEqual(ok.accountIDs, ['111122223333', '444455556666'])
  assert.equal((await decrypt(cb, ok)).plaintext.toString(), 'under b')
  const other = kms.discoveryKeyring({ discoveryFilter: { partition: 'aws', accountIDs: ['111122223333'] } })
  await assert.rejects(decrypt(cb, other), (e) => {
    assert.equal(e.name, 'NoMatchingKeyError')
    assert.match(e.message, /any key of LocalKms arn:aws:kms:eu-west-1:444455556666:/)
    assert.match(e.message, new RegExp(b.Arn))
    return true
  })
  // A message of another KMS: no matching key; a disabled key: KMS's error; no encrypting.
  const elsewhere = new LocalKms()
  const ce = encryptSync(Buffer.from('e'), elsewhere.keyring(elsewhere.createKeySync({}).KeyMetadata.KeyId))
  assert.throws(() => decryptSync(ce, any), { name: 'NoMatchingKeyError' })
  await kms.disableKey({ KeyId: a.KeyId })
  await assert.rejects(decrypt(ca, any, { encryptionContext: { t: '1' } }), { name: 'DisabledException' })
  assert.throws(() => encryptSync(Buffer.from('x'), any), { name: 'ValidationException', message: /only decrypts/ })
})

test('discovery filter arguments are checked', () => {
  const kms = new LocalKms()
  assert.throws(() => kms.discoveryKeyring({ discoveryFilter: { partition: 'aws', accountIDs: [] } }), { name: 'ValidationException' })
  assert.throws(() => kms.discoveryKeyring({ discoveryFilter: { accountIDs: ['1'] } }), { name: 'TypeError' })
  assert.throws(() => kms.discoveryKeyring({ discoveryFilter: { partition: 'aws', accountIDs: '1' } }), { name: 'TypeError' })
  assert.throws(() => kms.discoveryKeyring(7), { name: 'TypeError' })
})

test('an extra encryption context key on decrypt is an EncryptionContextMismatchError naming it', async () => {
  const kms = new LocalKms()
  const keyId = kms.createKeySync({}).KeyMetadata.KeyId
  const raw = new RawAesKeyring({ keyNamespace: 'ns', keyName: 'k', wrappingKey: Buffer.alloc(32, 3) })
  for (const [enc, dec] of [[kms.keyring(keyId), kms.keyring(keyId)], [kms.keyring(keyId), kms.discoveryKeyring()], [raw, raw]]) {
    const m = await encrypt(Buffer.from('ec'), enc, { encryptionContext: { tenant: 'acme' } })
    await assert.rejects(decrypt(m, dec, { encryptionContext: { tenant: 'other' } }), { name: 'EncryptionContextMismatchError' })
    await assert.rejects(decrypt(m, dec, { encryptionContext: { tenant: 'acme', region: 'eu' } }),
      { name: 'EncryptionContextMismatchError', message: /"region"/ })
    assert.throws(() => decryptSync(m, dec, { encryptionContext: { tenant: 'acme', region: 'eu' } }),
      { name: 'EncryptionContextMismatchError' })
    assert.equal((await decrypt(m, dec, { encryptionContext: { tenant: 'acme' } })).plaintext.toString(), 'ec')
  }
})
