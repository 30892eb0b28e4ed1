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

// The operations of `LocalKms` (KMS) and `LocalSecretsManager` (Secrets Manager), one pair per
// operation the core implements: `generateDataKey` (a promise, the work on the libuv thread pool)
// and `generateDataKeySync`, both the one native call through the core's model of the
// operation; and the SDK v3 Command style, in process: `kms.send(new GenerateDataKeyCommand(input))`
// with the commands of `@aws-sdk/client-kms` / `@aws-sdk/client-secrets-manager` (or any object
// with the operation's `input` whose schema or class names the operation). Non-enumerable, as
// class methods are.
function defineMethod (proto, name, fn) {
  Object.defineProperty(fn, 'name', { value: name })
  Object.defineProperty(proto, name, { value: fn, writable: true, configurable: true })
}
function defineOperations (cls, operations, namespace, what) {
  const proto = cls.prototype
  const call = proto.__call
  const callSync = proto.__callSync
  delete proto.__call
  delete proto.__callSync
  for (const operation of operations) {
    const name = operation[0].toLowerCase() + operation.slice(1)
    defineMethod(proto, name, function (input) { return call.call(this, operation, input) })
    defineMethod(proto, `${name}Sync`, function (input) { return callSync.call(this, operation, input) })
  }
  function commandOperation (command) {
    const schema = command && command.schema
    if (Array.isArray(schema) && schema[1] === namespace && typeof schema[2] === 'string') return schema[2]
    const ctor = command && command.constructor && command.constructor.name
    if (typeof ctor === 'string' && ctor.endsWith('Command') && ctor !== 'Command') return ctor.slice(0, -'Command'.length)
    const e = new TypeError(`The "command" argument must be a ${what}. Received ${util.inspect(command, { depth: 0 })}`)
    e.code = 'ERR_INVALID_ARG_TYPE'
    throw e
  }
  defineMethod(proto, 'send', function (command) {
    try {
      return call.call(this, commandOperation(command), command.input)
    } catch (e) {
      return Promise.reject(e)
    }
  })
  defineMethod(proto, 'sendSync', function (command) {
    return callSync.call(this, commandOperation(command), command.input)
  })
}
defineOperations(native.LocalKms, native.__kmsOperations(), 'com.amazonaws.kms', 'KMS command of @aws-sdk/client-kms')
defineOperations(native.LocalSecretsManager, native.__secretsOperations(), 'com.amazonaws.secretsmanager',
  'Secrets Manager command of @aws-sdk/client-secrets-manager')

inspectAs(native.RawAesKeyring, ['keyNamespace', 'keyName'])
inspectAs(native.LocalSecretsManager, ['region', 'principal'])
inspectAs(native.SecretCache, ['config'])
inspectAs(native.MultiKeyring, ['size'])
inspectAs(native.LocalKms, ['region', 'accountId', 'principal'])
inspectAs(native.CachingKeyring, ['partition'])
inspectAs(native.DataKeyCache, ['size', 'capacity'])
inspectAs(native.KmsKeyring, ['keyId'])
inspectAs(native.DiscoveryKeyring, ['partition', 'accountIDs'])
inspectAs(native.Server, ['endpointUrl', 'region', 'running'])

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
