'use strict'
// The package entry point: the native addon (loaded through napi's generated `index.js`),
// re-exported as is, plus the Node stream adapters in `./stream.js`, which only move bytes
// between a `Transform` and the core's push-style state machines.

const native = require('./index.js')

module.exports = { ...native }
