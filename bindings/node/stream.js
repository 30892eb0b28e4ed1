'use strict'
// Node stream adapters over the core's push-style state machines (MessageEncryptor,
// MessageDecryptor). This module only moves bytes: every check, the framing and the cryptography
// are in Rust. Each chunk is handed to the machine on the libuv thread pool and the next chunk is
// accepted only when that call has completed, so backpressure holds and at most about one frame
// (plus one chunk) is in memory at a time. A decrypting stream pushes only plaintext whose frame
// tag has verified, and a message cut before its final frame fails in flush() with an error.

const { Transform } = require('node:stream')
const { MessageEncryptor, MessageDecryptor } = require('./index.js')

class MessageTransform extends Transform {
  constructor (machine, streamOptions) {
    super({ ...streamOptions, objectMode: false, readableObjectMode: false, writableObjectMode: false })
    this._machine = machine
  }

  _transform (chunk, encoding, callback) {
    this._machine.update(chunk).then((out) => {
      this._afterUpdate()
      if (out.length > 0) this.push(out)
      callback()
    }, callback)
  }

  _afterUpdate () {}
}

/** A `Transform` that encrypts the bytes written to it into one AWS Encryption SDK message. */
class EncryptStream extends MessageTransform {
  constructor (keyring, options, streamOptions) {
    super(new MessageEncryptor(keyring, options), streamOptions)
  }

  _flush (callback) {
    this._machine.finish().then((out) => {
      if (out.length > 0) this.push(out)
      callback()
    }, callback)
  }
}

/**
 * A `Transform` that decrypts one AWS Encryption SDK message written to it. Emits
 * `'messageHeader'` once the header has authenticated; `messageHeader` holds it afterwards.
 */
class DecryptStream extends MessageTransform {
  constructor (keyring, options, streamOptions) {
    super(new MessageDecryptor(keyring, options), streamOptions)
    this.messageHeader = null
  }

  _afterUpdate () {
    if (this.messageHeader === null) {
      const header = this._machine.header()
      if (header !== null) {
        this.messageHeader = header
        this.emit('messageHeader', header)
      }
    }
  }

  _flush (callback) {
    this._machine.finish().then((header) => {
      if (this.messageHeader === null) {
        this.messageHeader = header
        this.emit('messageHeader', header)
      }
      callback()
    }, callback)
  }
}

function encryptStream (keyring, options, streamOptions) {
  return new EncryptStream(keyring, options, streamOptions)
}

function decryptStream (keyring, options, streamOptions) {
  return new DecryptStream(keyring, options, streamOptions)
}

module.exports = { encryptStream, decryptStream, EncryptStream, DecryptStream }
