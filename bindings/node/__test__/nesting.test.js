'use strict'
// Keyrings nested without bound (a chain of 50,000 MultiKeyrings) made every walk over the tree
// recurse 50,000 deep. The core refuses, at construction, a keyring nested more than 32 deep or
// reaching more than 65,535 keyrings, with a ValidationException; within the limits everything
// encrypts, decrypts, prints and is collected.

const { test } = require('node:test')
const assert = require('node:assert/strict')
const util = require('node:util')
const datakey = require('datakey')

const { RawAesKeyring, MultiKeyring, CachingKeyring, encryptSync, decryptSync } = datakey

function leaf () {
  return new RawAesKeyring({ keyNamespace: 'ns', keyName: 'k', wrappingKey: Buffer.alloc(32, 7) })
}

test('a MultiKeyring nested 50,000 deep is refused at depth 33; the deepest allowed one works', () => {
  let ring = leaf()
  let depth = 1
  let error = null
  for (let i = 0; i < 50_000; i++) {
    try {
      ring = new MultiKeyring({ generator: ring })
      depth++
    } catch (e) {
      error = e
      break
    }
  }
  assert.ok(error, `accepted a chain ${depth} deep`)
  assert.equal(error.name, 'ValidationException')
  assert.equal(error.code, 'ValidationException')
  assert.equal(error.message, 'A multi-keyring may nest keyrings at most 32 deep; this one would be 33 deep.')
  assert.equal(depth, 32)
  const message = encryptSync(Buffer.from('deep'), ring)
  assert.equal(decryptSync(message, ring).plaintext.toString(), 'deep')
  assert.equal(util.inspect(ring), 'MultiKeyring { size: 1 }')
  // A child counts as much as the generator.
  assert.throws(() => new MultiKeyring({ children: [leaf(), ring] }), { name: 'ValidationException' })
})

test('CachingKeyrings count as nesting levels', () => {
  let ring = leaf()
  let depth = 1
  let error = null
  for (let i = 0; i < 50_000 && !error; i++) {
    try {
      ring = i % 2 ? new CachingKeyring({ keyring: ring, maxAge: 300 }) : new MultiKeyring({ generator: ring })
      depth++
    } catch (e) {
      error = e
    }
  }
  assert.equal(error?.name, 'ValidationException')
  assert.equal(depth, 32)
  assert.equal(decryptSync(encryptSync(Buffer.from('x'), ring), ring).plaintext.toString(), 'x')
})

test('a keyring held twice per level cannot multiply into more keyrings than a message carries', () => {
  let ring = leaf()
  let levels = 0
  let error = null
  for (let i = 0; i < 30 && !error; i++) {
    try {
      ring = new MultiKeyring({ generator: ring, children: [ring] })
      levels++
    } catch (e) {
      error = e
    }
  }
  assert.equal(error?.name, 'ValidationException')
  assert.match(error.message, /at most 65535 keyrings .* would reach 131071\.$/)
  assert.equal(levels, 15)
})
