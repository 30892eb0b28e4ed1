'use strict'
// LocalKms.open: the persistent key store shared with the datakey CLI, Rust and Python.

const { test } = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { LocalKms, encrypt, decrypt } = require('datakey')

const ROOT_HEX = '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f'

function tmpStore (t) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'datakey-node-store-'))
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }))
  return path.join(dir, 'store')
}

test('keys persist and are shared between services on one store', async (t) => {
  const store = tmpStore(t)
  const a = LocalKms.open({ path: store, rootKey: ROOT_HEX })
  assert.equal(a.storePath, store)
  assert.equal(new LocalKms().storePath, null)
  const { KeyMetadata } = await a.createKey({ Description: 'from node' })
  await a.createAlias({ AliasName: 'alias/node', TargetKeyId: KeyMetadata.KeyId })
  const ec = { tenant: 'acme' }
  const message = await encrypt(Buffer.from('on disk'), a.keyring('alias/node'), { encryptionContext: ec })

  const b = LocalKms.open({ path: store, rootKey: Buffer.from(ROOT_HEX, 'hex') })
  const d = b.describeKeySync({ KeyId: 'alias/node' })
  assert.equal(d.KeyMetadata.Description, 'from node')
  await b.rotateKeyOnDemand({ KeyId: KeyMetadata.KeyId })
  const back = await decrypt(message, b.keyring(KeyMetadata.KeyId), { encryptionContext: ec })
  assert.equal(Buffer.from(back.plaintext).toString(), 'on disk')
  b.disableKeySync({ KeyId: KeyMetadata.KeyId })
  await assert.rejects(a.generateDataKey({ KeyId: 'alias/node', NumberOfBytes: 32 }), { name: 'DisabledException' })
  assert.equal(fs.statSync(path.join(store, 'keystore.dks')).mode & 0o777, 0o600)
})

test('a wrong root key, a corrupt file and bad options are refused', (t) => {
  const store = tmpStore(t)
  LocalKms.open({ path: store, rootKey: ROOT_HEX }).createKeySync({})
  assert.throws(() => LocalKms.open({ path: store, rootKey: Buffer.alloc(32, 1) }),
    (e) => e.name === 'WrongRootKeyError' && /wrong root key/.test(e.message))
  assert.throws(() => LocalKms.open({ path: store, rootKey: 'nope' }), { name: 'ValidationException' })
  assert.throws(() => LocalKms.open({ path: store, rootKey: ROOT_HEX, passphrase: 'x' }), { name: 'ValidationException' })
  assert.throws(() => LocalKms.open({ path: store, rootKey: 42 }), TypeError)
  const file = path.join(store, 'keystore.dks')
  const bytes = fs.readFileSync(file)
  bytes[bytes.length >> 1] ^= 1
  fs.writeFileSync(file, bytes)
  assert.throws(() => LocalKms.open({ path: store, rootKey: ROOT_HEX }),
    (e) => e.name === 'StoreCorruptError' && /is corrupt/.test(e.message))
  assert.deepEqual(fs.readFileSync(file), bytes)
})

test('passphrase stores', (t) => {
  const store = tmpStore(t)
  const id = LocalKms.open({ path: store, passphrase: 'correct horse' }).createKeySync({}).KeyMetadata.KeyId
  const again = LocalKms.open({ path: store, passphrase: Buffer.from('correct horse') })
  assert.equal(again.describeKeySync({ KeyId: id }).KeyMetadata.KeyId, id)
  assert.throws(() => LocalKms.open({ path: store, passphrase: 'wrong' }), { name: 'WrongRootKeyError' })
})
