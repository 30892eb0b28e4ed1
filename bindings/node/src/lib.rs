//! The Node.js binding of datakey (napi-rs).
//!
//! Thin adapters over the core crate: every function converts JavaScript values, calls one core
//! function and maps its error in one place ([`error`]). No validation, parsing or cryptography
//! lives here. Operations that do real work come as an async function (run on the libuv thread
//! pool as a napi `AsyncTask`) and a `…Sync` twin that runs the same `compute` code on the
//! calling thread.

// The `pub` items here are exported to JavaScript by `#[napi]`, not to Rust crates.
#![allow(unreachable_pub)]

mod caller;
mod clock;
mod convert;
mod error;
mod fast;
mod keyring;
mod kms;
mod message;
mod secrets;
mod server;
mod task;
mod testing;

use napi::bindgen_prelude::*;
use napi_derive::napi;

pub use clock::ManualClock;
pub use keyring::{
    CachingKeyring, DataKeyCache, DiscoveryKeyring, Keyring, KmsKeyring, MultiKeyring,
    RawAesKeyring,
};
pub use kms::LocalKms;
pub use message::{
    MessageDecryptor, MessageEncryptor, decrypt, decrypt_sync, encrypt, encrypt_sync,
};
pub use secrets::{LocalSecretsManager, SecretCache};
pub use server::{ClientConfig, ClientCredentials, ServeOptions, Server, serve};

use crate::error::OrThrow;

/// The canonical AWS Encryption SDK serialization of an encryption context (the bytes datakey
/// binds as additional authenticated data): empty for an empty context, otherwise the pair count
/// and the length-prefixed pairs sorted by key.
///
/// Throws `ValidationException` when the serialization would exceed 65 535 bytes, and `TypeError`
/// unless `encryptionContext` is an object of strings.
#[napi(
    catch_unwind,
    ts_args_type = "encryptionContext: Record<string, string>"
)]
pub fn serialize_encryption_context(env: Env, encryption_context: Unknown<'_>) -> Result<Buffer> {
    let ec = convert::encryption_context(&env, encryption_context, "encryptionContext")?;
    ec.serialize().map(Buffer::from).or_throw(&env)
}

/// Parses the canonical serialization of an encryption context (the inverse of
/// `serializeEncryptionContext`).
///
/// Throws `MalformedMessageError` (or `ValidationException`) for bytes that are not a canonical
/// serialization, and `TypeError` unless `bytes` is a `Buffer`, `Uint8Array` or `ArrayBuffer`.
#[napi(
    catch_unwind,
    ts_args_type = "bytes: Uint8Array | ArrayBuffer",
    ts_return_type = "Record<string, string>"
)]
pub fn parse_encryption_context<'e>(env: &'e Env, bytes: Unknown<'_>) -> Result<Object<'e>> {
    let bytes = convert::bytes(env, bytes, "bytes")?;
    let ec = datakey::EncryptionContext::parse(&bytes).or_throw(env)?;
    convert::ec_to_js(env, &ec)
}
