'use strict'
// The one-shot data path: `encrypt`, `encryptSync`, `decrypt`, `decryptSync` as thin JavaScript
// over the native functions of `src/fast.rs` (the full native versions of the same four
// functions remain the fallback). No format, validation or cryptography lives here — only where
// the bytes go:
//
// - Options are read here, where reading a property costs nanoseconds, and handed to Rust as
//   positional values; the encryption context as one `key\0value\0…` string (`contextArg`).
// - The output is allocated here at its exact final size (`Buffer.allocUnsafe`: Node's pool for
//   small sizes) and Rust writes into it. A `Buffer` created from Rust costs ≈ 2.5 µs on Node 20
//   (an external backing store with a finalizer), more than encrypting 1 KiB.
// - Decrypt writes the plaintext into the first bytes of a buffer of the message's length (its
//   exact length is known only once the header is open). A result's `messageHeader` arrives as
//   JSON and is parsed only when first read.
// - A small `encrypt` / `decrypt` (input ≤ INLINE_MAX) with a keyring that works purely in memory
//   runs on the calling thread and returns an already settled promise. Larger inputs and keyrings
//   that may wait for a file (a `LocalKms.open` store) go to the libuv thread pool. The input is
//   copied, before the call returns, into the output allocated here (which is handed out only
//   when the promise resolves), and the worker encrypts or decrypts it there in place: JavaScript
//   may change its buffer meanwhile, and no second copy of a large input is made.
//
// Anything of an unusual shape — a value of the wrong type, a resource limit, a `Uint8Array` of
// another realm — takes the full native function, so that errors read exactly as they always did.

const native = require('./index.js')

// Taken once: nothing a caller does to `Buffer` later runs between a prepare and its fill.
const { allocUnsafe, allocUnsafeSlow } = Buffer

// Inputs up to 64 KiB run inline for in-memory keyrings: the call then takes 11 µs (1 KiB) to
// ≈ 40 µs (64 KiB) of the main thread, while a round trip through the libuv pool measured 55–100 µs
// of CPU at 1 KiB and ≈ 300 µs of wall time just above 64 KiB here (and keeps two threads busy).
// Beyond 64 KiB the event loop would stall for longer than that: the pool is used.
const INLINE_MAX = 64 * 1024

const kSlow = Symbol('slow')
const OBJECT_PROTO = Object.prototype

function isPlainObject (o) {
  if (typeof o !== 'object' || o === null) return false
  const proto = Object.getPrototypeOf(o)
  return proto === OBJECT_PROTO || proto === null
}

// The bytes of a Buffer / Uint8Array / ArrayBuffer as a Uint8Array, or null (the native
// converter judges anything else).
function byteView (value) {
  if (value instanceof Uint8Array) return value
  if (value instanceof ArrayBuffer) return new Uint8Array(value)
  return null
}

// An encryption context as one string, `key\0value\0key\0value…` (one string for Rust to read
// instead of two per pair): undefined when absent or empty, kSlow when not a plain object of
// well-formed strings (no lone surrogate, which the native converter refuses by name) free of
// NUL characters.
function contextArg (ec) {
  if (ec === undefined || ec === null) return undefined
  if (!isPlainObject(ec)) return kSlow
  let joined
  // for-in, as the native converter (napi_get_property_names): enumerable string keys.
  for (const key in ec) {
    const v = ec[key]
    if (typeof v !== 'string' || key.includes('\0') || v.includes('\0') ||
        !key.isWellFormed() || !v.isWellFormed()) return kSlow
    joined = joined === undefined ? key + '\0' + v : joined + '\0' + key + '\0' + v
  }
  return joined
}

// An array of well-formed strings (anything else goes to the native converter).
function isStringArray (a) {
  if (!Array.isArray(a)) return false
  for (let i = 0; i < a.length; i++) if (typeof a[i] !== 'string' || !a[i].isWellFormed()) return false
  return true
}

const NO_ENCRYPT_OPTIONS = { ec: undefined, frameLength: undefined, requiredKeys: undefined }

// `EncryptOptions` as positional values, or null for the native converter.
function encryptArgs (options) {
  if (options === undefined || options === null) return NO_ENCRYPT_OPTIONS
  if (!isPlainObject(options)) return null
  const ec = contextArg(options.encryptionContext)
  if (ec === kSlow) return null
  let frameLength = options.frameLength
  if (frameLength === null) frameLength = undefined
  if (frameLength !== undefined && !(Number.isInteger(frameLength) && frameLength >= 0 && frameLength <= 0xffffffff)) return null
  let requiredKeys = options.requiredEncryptionContextKeys
  if (requiredKeys === null) requiredKeys = undefined
  if (requiredKeys !== undefined && !isStringArray(requiredKeys)) return null
  return { ec, frameLength, requiredKeys }
}

const REQUIRE = 0
const ALLOW = 1
const NO_DECRYPT_OPTIONS = { ec: undefined, policy: REQUIRE }

function nullish (v) {
  return v === undefined || v === null
}

// `DecryptOptions` as positional values, or null for the native converter (which also takes
// every resource limit).
function decryptArgs (options) {
  if (options === undefined || options === null) return NO_DECRYPT_OPTIONS
  if (!isPlainObject(options)) return null
  const ec = contextArg(options.encryptionContext)
  if (ec === kSlow) return null
  const cp = options.commitmentPolicy
  let policy
  if (nullish(cp) || cp === 'REQUIRE_ENCRYPT_REQUIRE_DECRYPT') policy = REQUIRE
  else if (cp === 'REQUIRE_ENCRYPT_ALLOW_DECRYPT') policy = ALLOW
  else return null
  if (!nullish(options.maxEncryptedDataKeys) || !nullish(options.maxHeaderSize) ||
      !nullish(options.maxFrameLength) || !nullish(options.maxBodySize)) return null
  return { ec, policy }
}

function encryptInto (pt, keyring, a) {
  const n = native.__encryptPrepare(pt.length, keyring, a.ec, a.frameLength, a.requiredKeys)
  const out = allocUnsafe(n)
  native.__encryptFill(pt, out)
  return out
}

function decryptInto (msg, keyring, a) {
  // The plaintext is shorter than the message: Rust decrypts into the first bytes of a buffer of
  // the message's length and zeroes the rest. Its own ArrayBuffer (not a slice of Node's shared
  // pool), so `plaintext.buffer` holds only this plaintext (and zeros).
  const out = allocUnsafeSlow(msg.length)
  const n = native.__decrypt(msg, keyring, a.ec, a.policy, out)
  const json = native.__decryptHeader()
  return decryptResult(n === out.length ? out : out.subarray(0, n), json)
}

// `{ plaintext, messageHeader }`, both own enumerable properties as before; the header object is
// built from its JSON when first read.
function decryptResult (plaintext, json) {
  let header
  return {
    plaintext,
    get messageHeader () {
      if (header === undefined) header = JSON.parse(json)
      return header
    },
    set messageHeader (value) {
      header = value
    }
  }
}

const inMemory = new WeakMap()

function keyringInMemory (keyring) {
  if (typeof keyring !== 'object' || keyring === null) return false
  let v = inMemory.get(keyring)
  if (v === undefined) {
    v = native.__keyringInMemory(keyring)
    inMemory.set(keyring, v)
  }
  return v
}

function encryptSync (plaintext, keyring, options) {
  const pt = byteView(plaintext)
  const a = pt === null ? null : encryptArgs(options)
  if (a === null) return native.encryptSync(plaintext, keyring, options)
  return encryptInto(pt, keyring, a)
}

function decryptSync (message, keyring, options) {
  const msg = byteView(message)
  const a = msg === null ? null : decryptArgs(options)
  if (a === null) return native.decryptSync(message, keyring, options)
  return decryptInto(msg, keyring, a)
}

function encrypt (plaintext, keyring, options) {
  const pt = byteView(plaintext)
  if (pt !== null && keyringInMemory(keyring)) {
    const a = encryptArgs(options)
    if (a !== null) {
      if (pt.length <= INLINE_MAX) {
        try {
          return Promise.resolve(encryptInto(pt, keyring, a))
        } catch (e) {
          return Promise.reject(e)
        }
      }
      // Large: the keyring work (in memory, microseconds) and the copy of the plaintext into its
      // frames' places in the output (allocated here at its final size) here, the sealing of the
      // output in place on the pool. A core error (an invalid frame length, …) rejects, as it
      // does on the pool.
      let out, done
      try {
        const n = native.__encryptPrepare(pt.length, keyring, a.ec, a.frameLength, a.requiredKeys)
        out = allocUnsafe(n)
        done = native.__encryptStart(pt, out)
      } catch (e) {
        return Promise.reject(e)
      }
      return done.then(() => out)
    }
  }
  // A keyring that may wait (a persistent key store): everything on the pool.
  return native.encrypt(plaintext, keyring, options)
}

function decrypt (message, keyring, options) {
  const msg = byteView(message)
  const a = msg === null ? null : decryptArgs(options)
  if (a === null) return native.decrypt(message, keyring, options)
  if (msg.length <= INLINE_MAX && keyringInMemory(keyring)) {
    try {
      return Promise.resolve(decryptInto(msg, keyring, a))
    } catch (e) {
      return Promise.reject(e)
    }
  }
  // Large, or a keyring that may wait: the message is copied into an output allocated here (the
  // message's length; the plaintext is shorter), and a worker decrypts it there in place.
  const out = allocUnsafeSlow(msg.length)
  return native.__decryptStart(msg, keyring, a.ec, a.policy, out).then(([n, json]) =>
    decryptResult(n === out.length ? out : out.subarray(0, n), json))
}

module.exports = { encrypt, encryptSync, decrypt, decryptSync, INLINE_MAX }
