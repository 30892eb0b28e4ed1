// Declarations of the package entry point: everything generated from the Rust (`./index.d.ts`)
// plus the stream adapters of `./stream.js`.
import type { Transform, TransformOptions } from 'node:stream'
import type { DecryptOptions, EncryptOptions, Keyring, MessageHeader } from './index'

export * from './index'

/** A `Transform` that encrypts the bytes written to it into one AWS Encryption SDK message. */
export declare class EncryptStream extends Transform {
  constructor(keyring: Keyring, options?: EncryptOptions, streamOptions?: TransformOptions)
}

/**
 * A `Transform` that decrypts one message: it pushes each frame's plaintext only after the
 * frame's tag verified, and fails in `flush` when the message was cut before its final frame.
 */
export declare class DecryptStream extends Transform {
  constructor(keyring: Keyring, options?: DecryptOptions, streamOptions?: TransformOptions)
  /** The message header, once it has authenticated (`null` before). */
  messageHeader: MessageHeader | null
  on(event: 'messageHeader', listener: (header: MessageHeader) => void): this
  on(event: string | symbol, listener: (...args: any[]) => void): this
}

/** `new EncryptStream(keyring, options, streamOptions)`. */
export declare function encryptStream(keyring: Keyring, options?: EncryptOptions, streamOptions?: TransformOptions): EncryptStream

/** `new DecryptStream(keyring, options, streamOptions)`. */
export declare function decryptStream(keyring: Keyring, options?: DecryptOptions, streamOptions?: TransformOptions): DecryptStream
