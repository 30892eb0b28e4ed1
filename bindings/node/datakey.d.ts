// Declarations of the package entry point: everything generated from the Rust (`./index.d.ts`)
// plus the stream adapters of `./stream.js` and the shape of the errors the addon throws.
import type { Transform, TransformOptions } from 'node:stream'
import type { DecryptOptions, EncryptOptions, Keyring, MessageHeader } from './index'
import type { KmsOperations } from './kms'
import type { SecretsManagerOperations } from './secrets'

export * from './index'
export * from './kms'
/** The inputs and outputs of the Secrets Manager operations (`./secrets.d.ts`). */
export * as SecretsManagerTypes from './secrets'
export type { SecretsManagerOperations, SecretsManagerCommand } from './secrets'

declare module './index' {
  /** The KMS operations (`./kms.d.ts`, generated from the core's model), defined by `datakey.js`. */
  interface LocalKms extends KmsOperations {}
  /**
   * The Secrets Manager operations (`./secrets.d.ts`, generated from the core's model), defined
   * by `datakey.js`.
   */
  interface LocalSecretsManager extends SecretsManagerOperations {}
}

/** The package version (`package.json`'s). */
export declare const version: string

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

/**
 * Why an `AccessDeniedException` or `ExpiredTokenException` refused the request (`err.reason`):
 * `kind` says which case, `message` says it in words, and each case carries its details.
 */
export type AccessDeniedReason =
  | { kind: 'NoStatementAllows', message: string }
  | { kind: 'ExplicitDeny', message: string, /** The `Sid` of the denying statement, or `#<index>`. */ statement: string }
  | {
    kind: 'ConditionNotMet'
    message: string
    /** The `Sid` of the statement whose condition failed, or `#<index>`. */
    statement: string
    /** The condition operator as written, e.g. `IpAddress` or `ForAllValues:StringEquals`. */
    operator: string
    /** The condition key as written, e.g. `aws:SourceIp`. */
    key: string
    /** The request's value(s) for the key, joined with `,`; `null` when the request has none. */
    value: string | null
  }
  | {
    kind: 'OtherAccount'
    message: string
    /** The caller's account: another one than the service's, for an operation that cannot cross accounts. */
    account: string
  }
  | { kind: 'CredentialsExpired', message: string, /** When the credentials expired. */ expiredAt: Date }

/**
 * What KMS operations, keyrings and messages reject with: an `Error` whose `name` and `code` are
 * the exception name (`'DisabledException'`, `'AccessDeniedException'`, `'DecryptionError'`, …)
 * and whose `$fault` / `$metadata` follow the AWS SDK for JavaScript v3 exception classes.
 */
export interface DatakeyError extends Error {
  code: string
  $fault: 'client' | 'server'
  $metadata: { httpStatusCode: number, attempts: number, totalRetryDelay: number }
}

/** An `AccessDeniedException` or `ExpiredTokenException`: who was refused what, and why. */
export interface AccessDeniedError extends DatakeyError {
  name: 'AccessDeniedException' | 'ExpiredTokenException'
  /** The caller's principal ARN. */
  principal: string
  /** The IAM action, e.g. `kms:Decrypt`. */
  action: string
  /** The key ARN (empty for `ExpiredTokenException`, checked before the key is looked up). */
  resource: string
  /** Why. */
  reason: AccessDeniedReason
}
