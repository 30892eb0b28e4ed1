'use strict'
// The package entry point: the native addon's public classes and functions (loaded by
// `./index.js`), the one-shot `encrypt` / `encryptSync` / `decrypt` / `decryptSync` of
// `./message.js` (the same functions with a faster data path; the declarations in `index.d.ts`
// describe them), the Node stream adapters of `./stream.js`, the package `version`, and
// `util.inspect` renderings that show what identifies an object and never key material.
//
// Every export is one `exports.name = …` statement: that is the form Node's CommonJS export
// detection reads, so `import { LocalKms } from 'datakey'` works from ES modules and TypeScript
// (`__test__/esm.test.js` checks that every public native export is listed here).

const util = require('node:util')
const native = require('./index.js')
const streams = require('./stream.js')
const message = require('./message.js')

function inspectAs (cls, fields) {
  cls.prototype[util.inspect.custom] = function (depth, options, inspect) {
    const shown = {}
    for (const f of fields) shown[f] = this[f]
    return `${cls.name} ${inspect(shown, options)}`
  }
}

inspectAs(native.RawAesKeyring, ['keyNamespace', 'keyName'])
inspectAs(native.MultiKeyring, ['size'])
inspectAs(native.LocalKms, ['region', 'accountId', 'principal'])
inspectAs(native.CachingKeyring, ['partition'])
inspectAs(native.DataKeyCache, ['size', 'capacity'])
inspectAs(native.KmsKeyring, ['keyId'])
inspectAs(native.DiscoveryKeyring, ['partition', 'accountIDs'])
inspectAs(native.Server, ['endpointUrl', 'region', 'running'])

exports.version = require('./package.json').version

exports.LocalKms = native.LocalKms
exports.ManualClock = native.ManualClock
exports.RawAesKeyring = native.RawAesKeyring
exports.MultiKeyring = native.MultiKeyring
exports.KmsKeyring = native.KmsKeyring
exports.DiscoveryKeyring = native.DiscoveryKeyring
exports.CachingKeyring = native.CachingKeyring
exports.DataKeyCache = native.DataKeyCache
exports.MessageEncryptor = native.MessageEncryptor
exports.MessageDecryptor = native.MessageDecryptor
exports.serializeEncryptionContext = native.serializeEncryptionContext
exports.parseEncryptionContext = native.parseEncryptionContext
exports.serve = native.serve
exports.Server = native.Server

exports.encrypt = message.encrypt
exports.encryptSync = message.encryptSync
exports.decrypt = message.decrypt
exports.decryptSync = message.decryptSync

exports.encryptStream = streams.encryptStream
exports.decryptStream = streams.decryptStream
exports.EncryptStream = streams.EncryptStream
exports.DecryptStream = streams.DecryptStream
