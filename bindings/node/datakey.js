'use strict'
// The package entry point: the native addon (loaded through the `index.js` that `napi build`
// generates) re-exported, with the one-shot `encrypt` / `encryptSync` / `decrypt` /
// `decryptSync` of `./message.js` (the same functions with a faster data path; the declarations
// in `index.d.ts` describe them), plus the Node stream adapters of `./stream.js` and
// `util.inspect` renderings that show what identifies an object and never key material.

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

// The native halves of ./message.js are not API.
const INTERNAL = ['__encryptPrepare', '__encryptFill', '__decrypt', '__decryptHeader', '__keyringInMemory', '__encryptStart', '__decryptStart']
const exported = { ...native }
for (const name of INTERNAL) delete exported[name]

module.exports = {
  ...exported,
  encrypt: message.encrypt,
  encryptSync: message.encryptSync,
  decrypt: message.decrypt,
  decryptSync: message.decryptSync,
  ...streams
}
