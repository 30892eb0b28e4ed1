'use strict'
// Strings with a lone surrogate (a UTF-16 code unit U+D800..U+DFFF without its pair) have no
// UTF-8 form. Converting them lossily turned every one into U+FFFD, so a message bound to the
// context { k: 'x\ud800' } opened with { k: 'x\udfff' }. Like Python (UnicodeEncodeError), the
// binding refuses them: a TypeError with code ERR_INVALID_ARG_VALUE naming the argument.

const { test } = require('node:test')
const assert = require('node:assert/strict')
const crypto = require('node:crypto')
const datakey = require('datakey')

const { RawAesKeyring, LocalKms, MessageEncryptor, MessageDecryptor, encrypt, encryptSync, decrypt, decryptSync } = datakey

const keyring = new RawAesKeyring({ keyNamespace: 'ns', keyName: 'k', wrappingKey: crypto.randomBytes(32) })

function refused (what) {
  return (e) => {
    assert.ok(e instanceof TypeError, `${e}`)
    assert.equal(e.code, 'ERR_INVALID_ARG_VALUE', `${e}`)
    assert.ok(e.message.includes(`"${what}"`), e.message)
    assert.match(e.message, /lone surrogate \(U\+D[89A-F][0-9A-F]{2} at index \d+\)/)
    return true
  }
}

const LONE = ['x\ud800', 'x\udfff', '\udc00', 'a\ud83d', '\ude00b', 'ok\ud83d\ude00but\ud800']

test('a context value with a lone surrogate is refused by encrypt and decrypt, on every path', () => {
  for (const bad of LONE) {
    const options = { encryptionContext: { k: bad } }
    assert.throws(() => encryptSync(Buffer.from('x'), keyring, options), refused('options.encryptionContext.k'), JSON.stringify(bad))
    // The async functions throw it synchronously, before any work, as for a wrong type.
    assert.throws(() => encrypt(Buffer.from('x'), keyring, options), refused('options.encryptionContext.k'))
    assert.throws(() => new MessageEncryptor(keyring, options), refused('options.encryptionContext.k'))
    // The options the fast path does not take (a resource limit) go through the native converter.
    assert.throws(() => encryptSync(Buffer.from('x'), keyring, { ...options, frameLength: 4096 }), refused('options.encryptionContext.k'))
    const message = encryptSync(Buffer.from('x'), keyring, { encryptionContext: { k: 'x' } })
    assert.throws(() => decryptSync(message, keyring, options), refused('options.encryptionContext.k'))
    assert.throws(() => decryptSync(message, keyring, { ...options, maxBodySize: 1 << 20 }), refused('options.encryptionContext.k'))
    assert.throws(() => decrypt(message, keyring, options), refused('options.encryptionContext.k'))
    assert.throws(() => new MessageDecryptor(keyring, options), refused('options.encryptionContext.k'))
  }
})

test('a context key with a lone surrogate is refused', () => {
  for (const bad of LONE) {
    const options = { encryptionContext: { [bad]: 'v' } }
    assert.throws(() => encryptSync(Buffer.from('x'), keyring, options), refused('options.encryptionContext'), JSON.stringify(bad))
    assert.throws(() => encryptSync(Buffer.from('x'), keyring, { ...options, requiredEncryptionContextKeys: [] }), refused('options.encryptionContext'))
  }
  assert.throws(
    () => encryptSync(Buffer.from('x'), keyring, { encryptionContext: { k: 'v' }, requiredEncryptionContextKeys: ['k\ud800'] }),
    refused('options.requiredEncryptionContextKeys[0]')
  )
})

test('a message bound to one lone surrogate no longer opens with another', () => {
  // Before: both contexts became { k: 'x\ufffd' }.
  assert.throws(() => encryptSync(Buffer.from('secret'), keyring, { encryptionContext: { k: 'x\ud800' } }), refused('options.encryptionContext.k'))
  const message = encryptSync(Buffer.from('secret'), keyring, { encryptionContext: { k: 'x\ufffd' } })
  assert.throws(() => decryptSync(message, keyring, { encryptionContext: { k: 'x\udfff' } }), refused('options.encryptionContext.k'))
  // A real U+FFFD, and paired surrogates (an emoji), are well-formed and work as before.
  assert.equal(decryptSync(message, keyring, { encryptionContext: { k: 'x\ufffd' } }).plaintext.toString(), 'secret')
  const emoji = encryptSync(Buffer.from('e'), keyring, { encryptionContext: { '\ud83d\ude00': 'x\ud83d\ude00' } })
  assert.deepEqual(decryptSync(emoji, keyring).messageHeader.encryptionContext, { '\ud83d\ude00': 'x\ud83d\ude00' })
})

test('the KMS operations refuse lone surrogates in contexts and in string parameters', () => {
  const kms = new LocalKms()
  const { KeyMetadata: { KeyId } } = kms.createKeySync()
  // Thrown synchronously, by the sync and the async variants alike.
  for (const sync of [true, false]) {
    const call = (name, input) => () => kms[sync ? name + 'Sync' : name](input)
    assert.throws(call('generateDataKey', { KeyId, KeySpec: 'AES_256', EncryptionContext: { k: 'x\ud800' } }), refused('input.EncryptionContext.k'))
    assert.throws(call('encrypt', { KeyId, Plaintext: Buffer.from('x'), EncryptionContext: { '\udfff': 'v' } }), refused('input.EncryptionContext'))
    const blob = kms.encryptSync({ KeyId, Plaintext: Buffer.from('x'), EncryptionContext: { k: 'x\ufffd' } }).CiphertextBlob
    assert.throws(call('decrypt', { CiphertextBlob: blob, EncryptionContext: { k: 'x\udfff' } }), refused('input.EncryptionContext.k'))
    assert.throws(call('describeKey', { KeyId: KeyId + '\ud800' }), refused('input.KeyId'))
    assert.throws(call('createAlias', { AliasName: 'alias/a\udc00', TargetKeyId: KeyId }), refused('input.AliasName'))
  }
  assert.throws(() => new RawAesKeyring({ keyNamespace: 'ns', keyName: 'k\ud800', wrappingKey: Buffer.alloc(32) }), refused('options.keyName'))
  assert.throws(() => datakey.serializeEncryptionContext({ k: '\ud800' }), refused('encryptionContext.k'))
})
