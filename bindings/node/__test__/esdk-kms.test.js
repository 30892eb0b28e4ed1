'use strict'
// The official AWS Encryption SDK for JavaScript (@aws-crypto/client-node) with its AWS KMS
// keyring, `KmsKeyringNode`, pointed at datakey's endpoint (`serve`), in both directions: its
// messages open with datakey's own KMS keyring (`kms.keyring(arn)`) on the same `LocalKms`, and
// datakey's messages open with `KmsKeyringNode` through the endpoint. The encrypted data keys
// are the same on both sides: provider ID `aws-kms`, provider info the key ARN, and KMS's
// ciphertext blob.

const { test, before, after } = require('node:test')
const assert = require('node:assert/strict')
const {
  buildClient, CommitmentPolicy, KmsKeyringNode, getClient, KMS, AlgorithmSuiteIdentifier
} = require('@aws-crypto/client-node')
const kmsSdk = require('@aws-sdk/client-kms')
const { LocalKms, MultiKeyring, decrypt, encrypt, serve } = require('datakey')

const esdk = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT)
// Most tests pin the unsigned committing suite 0x0478 (datakey's default) on the ESDK's side so
// the headers compare directly; the ESDK's own default, the signed 0x0578, has its own test.
const UNSIGNED = AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY
const EC = { purpose: 'esdk-kms-interop', tenant: 'acme' }

let kms, server, keyA, keyB, clientProvider

before(async () => {
  kms = new LocalKms({ region: 'eu-west-1' })
  server = await serve({ kms })
  keyA = (await kms.createKey({ Description: 'a' })).KeyMetadata
  keyB = (await kms.createKey({ Description: 'b' })).KeyMetadata
  // What an application passes the ESDK to reach datakey: a client per region (the ESDK asks
  // for the region of each key ARN), built with the endpoint and the server's credentials.
  const { endpoint, credentials } = server.clientConfig()
  clientProvider = getClient(KMS, { endpoint, credentials, maxAttempts: 1 })
})

after(async () => {
  await server.stop()
})

/** The ESDK's KMS keyring over `generatorKeyId` and `keyIds`, talking to the endpoint. */
function esdkKeyring (generatorKeyId, keyIds = []) {
  return new KmsKeyringNode({ generatorKeyId, keyIds, clientProvider })
}

test('KmsKeyringNode encrypts through the endpoint; datakey\'s KMS keyring decrypts', async () => {
  const plaintext = Buffer.from('hello from the ESDK for JavaScript')
  const { result, messageHeader } = await esdk.encrypt(esdkKeyring(keyA.Arn), plaintext, {
    encryptionContext: EC, suiteId: UNSIGNED
  })
  assert.equal(messageHeader.suiteId, UNSIGNED)
  const [edk] = messageHeader.encryptedDataKeys
  assert.equal(edk.providerId, 'aws-kms')
  assert.equal(edk.providerInfo, keyA.Arn)

  const opened = await decrypt(result, kms.keyring(keyA.Arn), { encryptionContext: EC })
  assert.deepEqual(opened.plaintext, plaintext)
  assert.equal(opened.messageHeader.suiteId, 0x0478)
  assert.deepEqual(opened.messageHeader.encryptionContext, EC)
  assert.deepEqual(opened.messageHeader.encryptedDataKeys, [{ providerId: 'aws-kms', keyName: keyA.Arn }])
  // a keyring over the key ID (not the ARN) opens it too: datakey resolves it to the EDK's ARN
  assert.deepEqual((await decrypt(result, kms.keyring(keyA.KeyId))).plaintext, plaintext)

  // the EDK is KMS's own blob, bound to the message's encryption context
  const dk = await kms.decrypt({ CiphertextBlob: edk.encryptedDataKey, EncryptionContext: EC })
  assert.equal(dk.KeyId, keyA.Arn)
  assert.equal(dk.Plaintext.length, 32)
  await assert.rejects(kms.decrypt({ CiphertextBlob: edk.encryptedDataKey }), { name: 'InvalidCiphertextException' })

  // another key's keyring does not open it, and says which keys the message names
  await assert.rejects(decrypt(result, kms.keyring(keyB.Arn)), (e) => {
    assert.equal(e.name, 'NoMatchingKeyError')
    assert.ok(e.message.includes(keyA.Arn), e.message)
    return true
  })
})

test('a generator and a second key (GenerateDataKey, then Encrypt): either datakey keyring opens it', async () => {
  const plaintext = Buffer.alloc(10000, 7) // several frames
  const { result, messageHeader } = await esdk.encrypt(esdkKeyring(keyA.Arn, [keyB.Arn]), plaintext, {
    encryptionContext: EC, suiteId: UNSIGNED, frameLength: 1024
  })
  assert.deepEqual(messageHeader.encryptedDataKeys.map((e) => e.providerInfo), [keyA.Arn, keyB.Arn])
  for (const key of [keyA, keyB]) {
    assert.deepEqual((await decrypt(result, kms.keyring(key.Arn))).plaintext, plaintext, key.Arn)
  }
})

test('datakey\'s KMS keyring encrypts; KmsKeyringNode decrypts through the endpoint', async () => {
  const plaintext = Buffer.from('hello from datakey')
  const message = await encrypt(plaintext, kms.keyring(keyA.KeyId), { encryptionContext: EC })
  const { plaintext: out, messageHeader } = await esdk.decrypt(esdkKeyring(keyA.Arn), message)
  assert.deepEqual(out, plaintext)
  assert.equal(messageHeader.suiteId, UNSIGNED)
  assert.deepEqual({ ...messageHeader.encryptionContext }, EC)
  // the EDK names the key's ARN (not the key ID the keyring was given) and holds KMS's blob,
  // which a real KMS client opens over the wire
  const [edk] = messageHeader.encryptedDataKeys
  assert.equal(edk.providerId, 'aws-kms')
  assert.equal(edk.providerInfo, keyA.Arn)
  const wire = new kmsSdk.KMSClient({ ...server.clientConfig(), maxAttempts: 1 })
  const dk = await wire.send(new kmsSdk.DecryptCommand({ CiphertextBlob: edk.encryptedDataKey, EncryptionContext: EC }))
  assert.equal(dk.KeyId, keyA.Arn)
  assert.equal(dk.Plaintext.length, 32)

  // a multi-keyring message: the ESDK opens it with a keyring over the second key alone
  const multi = new MultiKeyring({ generator: kms.keyring(keyA.Arn), children: [kms.keyring(keyB.Arn)] })
  const both = await encrypt(plaintext, multi, { encryptionContext: EC })
  const viaB = await esdk.decrypt(new KmsKeyringNode({ keyIds: [keyB.Arn], clientProvider }), both)
  assert.deepEqual(viaB.plaintext, plaintext)
  assert.deepEqual(viaB.messageHeader.encryptedDataKeys.map((e) => e.providerInfo), [keyA.Arn, keyB.Arn])
})

test('KMS refusals reach the ESDK through the endpoint', async () => {
  const { KeyMetadata: key } = await kms.createKey({})
  const message = await encrypt(Buffer.from('x'), kms.keyring(key.Arn))
  await kms.disableKey({ KeyId: key.KeyId })
  // the ESDK's keyring reports the KMS error it collected (DisabledException, from the endpoint)
  await assert.rejects(esdk.decrypt(esdkKeyring(key.Arn), message), (e) => {
    assert.match(e.message, /^Unable to decrypt data key and one or more KMS CMKs had an error/)
    assert.ok(e.message.includes(`DisabledException: ${key.Arn} is disabled.`), e.message)
    return true
  })
  await assert.rejects(esdk.encrypt(esdkKeyring(key.Arn), Buffer.from('x'), { suiteId: UNSIGNED }),
    { name: 'DisabledException', message: `${key.Arn} is disabled.` })
})

test('the ESDK default suite (signed 0x0578), both ways through the endpoint', async () => {
  const SIGNED = AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY_ECDSA_P384
  const plaintext = Buffer.from('signed')
  const { result, messageHeader } = await esdk.encrypt(esdkKeyring(keyA.Arn), plaintext, { encryptionContext: EC })
  assert.equal(messageHeader.suiteId, SIGNED)
  // KMS saw the full context, the signing key included (the ESDK adds aws-crypto-public-key)
  assert.ok('aws-crypto-public-key' in messageHeader.encryptionContext)
  const opened = await decrypt(result, kms.keyring(keyA.Arn), { encryptionContext: EC })
  assert.deepEqual(opened.plaintext, plaintext)
  assert.equal(opened.messageHeader.suiteId, SIGNED)
  // and datakey's signed message opens with KmsKeyringNode through the endpoint
  const mine = await encrypt(Buffer.from('signed by datakey'), kms.keyring(keyA.Arn), {
    encryptionContext: EC, algorithmSuite: SIGNED
  })
  const theirs = await esdk.decrypt(esdkKeyring(keyA.Arn), mine)
  assert.deepEqual(theirs.plaintext, Buffer.from('signed by datakey'))
  assert.equal(theirs.messageHeader.suiteId, SIGNED)
})

test('an empty encryption context, both ways', async () => {
  const { result, messageHeader } = await esdk.encrypt(esdkKeyring(keyB.Arn), Buffer.from('no context'), { suiteId: UNSIGNED })
  assert.deepEqual({ ...messageHeader.encryptionContext }, {})
  const opened = await decrypt(result, kms.keyring(keyB.Arn))
  assert.equal(opened.plaintext.toString(), 'no context')
  assert.deepEqual(opened.messageHeader.encryptionContext, {})
  const message = await encrypt(Buffer.from('none here either'), kms.keyring(keyB.Arn))
  assert.equal((await esdk.decrypt(esdkKeyring(keyB.Arn), message)).plaintext.toString(), 'none here either')
})
