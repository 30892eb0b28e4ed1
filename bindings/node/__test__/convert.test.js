'use strict'
// Input conversion and error mapping shared by every binding function.

const { test } = require('node:test')
const assert = require('node:assert/strict')
const datakey = require('datakey')

const { serializeEncryptionContext, parseEncryptionContext, ManualClock } = datakey

test('byte inputs accept Buffer, Uint8Array, a Uint8Array view and ArrayBuffer', () => {
  const bytes = serializeEncryptionContext({ tenant: 'acme', purpose: 'interop-test' })
  assert.ok(Buffer.isBuffer(bytes))
  assert.equal(bytes.length, 39)
  assert.deepEqual([...bytes.subarray(0, 4)], [0x00, 0x02, 0x00, 0x07])
  const expected = { purpose: 'interop-test', tenant: 'acme' }
  assert.deepEqual(parseEncryptionContext(bytes), expected)
  assert.deepEqual(parseEncryptionContext(new Uint8Array(bytes)), expected)
  const copy = new Uint8Array(bytes)
  assert.deepEqual(parseEncryptionContext(copy.buffer), expected)
  // A view into the middle of a larger buffer reads only the view's bytes.
  const big = new Uint8Array(bytes.length + 10)
  big.set(bytes, 5)
  assert.deepEqual(parseEncryptionContext(big.subarray(5, 5 + bytes.length)), expected)
  assert.deepEqual(parseEncryptionContext(Buffer.alloc(0)), {})
  assert.equal(serializeEncryptionContext({}).length, 0)
})

test('wrong JavaScript types are real TypeErrors with code ERR_INVALID_ARG_TYPE', () => {
  for (const bad of [42, 'text', null, undefined, {}, [1, 2], new Uint16Array(4), new DataView(new ArrayBuffer(2)), true]) {
    assert.throws(() => parseEncryptionContext(bad), (e) => {
      assert.ok(e instanceof TypeError, `${e}`)
      assert.equal(e.code, 'ERR_INVALID_ARG_TYPE')
      assert.match(e.message, /^The "bytes" argument must be an instance of Buffer, Uint8Array or ArrayBuffer\. Received/)
      return true
    })
  }
  assert.throws(() => parseEncryptionContext(42), {
    name: 'TypeError',
    message: 'The "bytes" argument must be an instance of Buffer, Uint8Array or ArrayBuffer. Received type number (42)'
  })
  assert.throws(() => parseEncryptionContext([1]), { message: /Received an instance of Array$/ })
  assert.throws(() => serializeEncryptionContext({ a: 1 }), {
    name: 'TypeError',
    code: 'ERR_INVALID_ARG_TYPE',
    message: 'The "encryptionContext.a" argument must be of type string. Received type number (1)'
  })
  assert.throws(() => serializeEncryptionContext('a=b'), { name: 'TypeError' })
  assert.throws(() => serializeEncryptionContext([['a', 'b']]), { name: 'TypeError' })
})

test('core errors carry the exception name in name and code, and the core message', () => {
  assert.throws(() => parseEncryptionContext(Buffer.from([0, 0])), (e) => {
    assert.ok(e instanceof Error)
    assert.ok(!(e instanceof TypeError))
    assert.equal(e.name, 'MalformedMessageError')
    assert.equal(e.code, 'MalformedMessageError')
    assert.equal(e.message, 'encryption context has a pair count of zero but is not empty')
    assert.equal(e.$fault, 'client')
    assert.match(String(e), /^MalformedMessageError: encryption context/)
    assert.match(e.stack, /MalformedMessageError/)
    return true
  })
  // A serialization over 65 535 bytes is KMS's ValidationException.
  assert.throws(() => serializeEncryptionContext({ k: 'v'.repeat(70000) }), {
    name: 'ValidationException',
    code: 'ValidationException'
  })
})

test('ManualClock moves only when told to', () => {
  const clock = new ManualClock(new Date('2024-01-01T00:00:00Z'))
  assert.equal(clock.now().toISOString(), '2024-01-01T00:00:00.000Z')
  clock.advanceDays(366)
  assert.equal(clock.now().toISOString(), '2025-01-01T00:00:00.000Z')
  clock.advance(1500)
  assert.equal(clock.now().toISOString(), '2025-01-01T00:00:01.500Z')
  clock.set(0)
  assert.equal(clock.now().getTime(), 0)
  assert.ok(Math.abs(new ManualClock().now().getTime() - Date.now()) < 60_000)
  assert.throws(() => clock.advance(-1), { name: 'RangeError', code: 'ERR_OUT_OF_RANGE' })
  assert.throws(() => clock.advance(Number.NaN), { name: 'RangeError' })
  assert.throws(() => clock.advance('1000'), { name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE' })
  assert.throws(() => clock.set('tomorrow'), { name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE' })
  assert.throws(() => new ManualClock({}), { name: 'TypeError' })
})
