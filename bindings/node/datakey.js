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

// The KMS operations of `LocalKms`, one pair per operation the core implements: `generateDataKey`
// (a promise, the work on the libuv thread pool) and `generateDataKeySync`, both the one native
// call through the core's model of the operation. Non-enumerable, as class methods are.
function defineMethod (proto, name, fn) {
  Object.defineProperty(fn, 'name', { value: name })
  Object.defineProperty(proto, name, { value: fn, writable: true, configurable: true })
}
const kmsCall = native.LocalKms.prototype.__call
const kmsCallSync = native.LocalKms.prototype.__callSync
delete native.LocalKms.prototype.__call
delete native.LocalKms.prototype.__callSync
for (const operation of native.__kmsOperations()) {
  const name = operation[0].toLowerCase() + operation.slice(1)
  defineMethod(native.LocalKms.prototype, name, function (input) { return kmsCall.call(this, operation, input) })
  defineMethod(native.LocalKms.prototype, `${name}Sync`, function (input) { return kmsCallSync.call(this, operation, input) })
}

// The SDK v3 Command style, in process: `kms.send(new GenerateDataKeyCommand(input))` with the
// commands of `@aws-sdk/client-kms` (or any object with the operation's `input` whose schema or
// class names the operation).
function commandOperation (command) {
  const schema = command && command.schema
  if (Array.isArray(schema) && schema[1] === 'com.amazonaws.kms' && typeof schema[2] === 'string') return schema[2]
  const ctor = command && command.constructor && command.constructor.name
  if (typeof ctor === 'string' && ctor.endsWith('Command') && ctor !== 'Command') return ctor.slice(0, -'Command'.length)
  const e = new TypeError(`The "command" argument must be a KMS command of @aws-sdk/client-kms. Received ${util.inspect(command, { depth: 0 })}`)
  e.code = 'ERR_INVALID_ARG_TYPE'
  throw e
}
defineMethod(native.LocalKms.prototype, 'send', function (command) {
  try {
    return kmsCall.call(this, commandOperation(command), command.input)
  } catch (e) {
    return Promise.reject(e)
  }
})
defineMethod(native.LocalKms.prototype, 'sendSync', function (command) {
  return kmsCallSync.call(this, commandOperation(command), command.input)
})

// The Secrets Manager operations of `LocalSecretsManager` (`createSecret` and
// `createSecretSync`, …), the same one native call through the core's model, and `send` for the
// commands of `@aws-sdk/client-secrets-manager`.
const smCall = native.LocalSecretsManager.prototype.__call
const smCallSync = native.LocalSecretsManager.prototype.__callSync
delete native.LocalSecretsManager.prototype.__call
delete native.LocalSecretsManager.prototype.__callSync
for (const operation of native.__secretsOperations()) {
  const name = operation[0].toLowerCase() + operation.slice(1)
  defineMethod(native.LocalSecretsManager.prototype, name, function (input) { return smCall.call(this, operation, input) })
  defineMethod(native.LocalSecretsManager.prototype, `${name}Sync`, function (input) { return smCallSync.call(this, operation, input) })
}
function secretsCommandOperation (command) {
  const schema = command && command.schema
  if (Array.isArray(schema) && schema[1] === 'com.amazonaws.secretsmanager' && typeof schema[2] === 'string') return schema[2]
  const ctor = command && command.constructor && command.constructor.name
  if (typeof ctor === 'string' && ctor.endsWith('Command') && ctor !== 'Command') return ctor.slice(0, -'Command'.length)
  const e = new TypeError(`The "command" argument must be a Secrets Manager command of @aws-sdk/client-secrets-manager. Received ${util.inspect(command, { depth: 0 })}`)
  e.code = 'ERR_INVALID_ARG_TYPE'
  throw e
}
defineMethod(native.LocalSecretsManager.prototype, 'send', function (command) {
  try {
    return smCall.call(this, secretsCommandOperation(command), command.input)
  } catch (e) {
    return Promise.reject(e)
  }
})
defineMethod(native.LocalSecretsManager.prototype, 'sendSync', function (command) {
  return smCallSync.call(this, secretsCommandOperation(command), command.input)
})

inspectAs(native.RawAesKeyring, ['keyNamespace', 'keyName'])
inspectAs(native.LocalSecretsManager, ['region', 'principal'])
inspectAs(native.SecretCache, ['config'])
inspectAs(native.MultiKeyring, ['size'])
inspectAs(native.LocalKms, ['region', 'accountId', 'principal'])
inspectAs(native.CachingKeyring, ['partition'])
inspectAs(native.DataKeyCache, ['size', 'capacity'])
inspectAs(native.KmsKeyring, ['keyId'])
inspectAs(native.DiscoveryKeyring, ['partition', 'accountIDs'])

exports.version = require('./package.json').version

exports.LocalKms = native.LocalKms
exports.LocalSecretsManager = native.LocalSecretsManager
exports.SecretCache = native.SecretCache
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

exports.encrypt = message.encrypt
exports.encryptSync = message.encryptSync
exports.decrypt = message.decrypt
exports.decryptSync = message.decryptSync

exports.encryptStream = streams.encryptStream
exports.decryptStream = streams.decryptStream
exports.EncryptStream = streams.EncryptStream
exports.DecryptStream = streams.DecryptStream
