//! Keyrings: `RawAesKeyring`, `MultiKeyring`, and the KMS keyring made by `kms.keyring(keyId)`.
//! Each holds the core keyring behind an `Arc`, so one keyring serves many concurrent messages
//! and streams.

use std::sync::Arc;

use datakey::Keyring as CoreKeyring;
use napi::bindgen_prelude::*;
use napi_derive::napi;

use crate::convert::{bytes, describe, opt, present, request, string};
use crate::error::{OrThrow, type_error};

/// `RawAesKeyring` constructor options (the fields of `@aws-crypto`'s `RawAesKeyringNode`, with
/// the key as `wrappingKey`).
#[napi(object)]
pub struct RawAesKeyringOptions<'a> {
    /// The key namespace (the EDK provider ID).
    #[napi(ts_type = "string")]
    pub key_namespace: Option<Unknown<'a>>,
    /// The key name.
    #[napi(ts_type = "string")]
    pub key_name: Option<Unknown<'a>>,
    /// The AES wrapping key: 16, 24 or 32 bytes (copied; zeroized when the keyring is freed).
    #[napi(ts_type = "Uint8Array | ArrayBuffer")]
    pub wrapping_key: Option<Unknown<'a>>,
}

/// A raw AES keyring: wraps data keys with a local AES-GCM key, byte-compatible with the AWS
/// Encryption SDK's raw AES keyrings (`RawAesKeyringNode`, ESDK-Python's `RawAESKeyring`) of the
/// same namespace, name and key. Inspecting it shows the namespace and name, never the key.
#[napi]
pub struct RawAesKeyring {
    inner: Arc<datakey::RawAesKeyring>,
}

#[napi]
impl RawAesKeyring {
    /// `new RawAesKeyring({ keyNamespace, keyName, wrappingKey })`. Throws `ValidationException`
    /// for a key that is not 16, 24 or 32 bytes or a reserved namespace, `TypeError` for values of
    /// the wrong type.
    #[napi(constructor, ts_args_type = "options: RawAesKeyringOptions")]
    pub fn new(env: Env, options: Option<Unknown<'_>>) -> Result<Self> {
        let o: RawAesKeyringOptions<'_> = request(&env, options, "options")?;
        let namespace = string(
            &env,
            present(&env, o.key_namespace)?,
            "options.keyNamespace",
        )?;
        let name = string(&env, present(&env, o.key_name)?, "options.keyName")?;
        let key = bytes(&env, present(&env, o.wrapping_key)?, "options.wrappingKey")?;
        let inner = datakey::RawAesKeyring::new(namespace, name, &key).or_throw(&env)?;
        Ok(Self {
            inner: Arc::new(inner),
        })
    }

    /// The key namespace (the EDK provider ID).
    #[napi(getter)]
    pub fn key_namespace(&self) -> String {
        self.inner.namespace().to_owned()
    }

    /// The key name.
    #[napi(getter)]
    pub fn key_name(&self) -> String {
        self.inner.name().to_owned()
    }
}

/// `MultiKeyring` constructor options.
#[napi(object)]
pub struct MultiKeyringOptions<'a> {
    /// The keyring that generates the data key on encrypt.
    #[napi(ts_type = "Keyring")]
    pub generator: Option<Unknown<'a>>,
    /// Keyrings that also wrap the data key on encrypt, and are tried in order on decrypt.
    #[napi(ts_type = "Keyring[]")]
    pub children: Option<Unknown<'a>>,
}

/// A multi-keyring: the generator makes the data key and every child wraps it too; on decrypt,
/// each keyring is tried in turn.
#[napi]
pub struct MultiKeyring {
    inner: Arc<datakey::MultiKeyring>,
}

#[napi]
impl MultiKeyring {
    /// `new MultiKeyring({ generator, children })`. Throws `ValidationException` when there is
    /// neither a generator nor a child.
    #[napi(constructor, ts_args_type = "options: MultiKeyringOptions")]
    pub fn new(env: Env, options: Option<Unknown<'_>>) -> Result<Self> {
        let o: MultiKeyringOptions<'_> = request(&env, options, "options")?;
        let generator = opt(o.generator, |v| keyring_arg(&env, v, "options.generator"))?;
        let children = opt(o.children, |v| {
            if !v.is_array()? {
                return Err(type_error(
                    &env,
                    format!(
                        "The \"options.children\" argument must be an array of keyrings. {}",
                        describe(&v)
                    ),
                ));
            }
            let arr = Array::from_unknown(v)?;
            (0..arr.len())
                .map(|i| {
                    let item: Unknown<'_> = arr.get_element(i)?;
                    keyring_arg(&env, item, &format!("options.children[{i}]"))
                })
                .collect::<Result<Vec<_>>>()
        })?
        .unwrap_or_default();
        let inner = datakey::MultiKeyring::new(generator, children).or_throw(&env)?;
        Ok(Self {
            inner: Arc::new(inner),
        })
    }

    /// The number of keyrings (generator included).
    #[napi(getter)]
    pub fn size(&self) -> u32 {
        let n = usize::from(self.inner.generator().is_some()) + self.inner.children().len();
        u32::try_from(n).unwrap_or(u32::MAX)
    }
}

/// A keyring over one key of a `LocalKms` (made by `kms.keyring(keyId)`): data keys come from
/// `GenerateDataKey` (or `Encrypt`, as a multi-keyring child) and are opened with `Decrypt`, so
/// KMS's rules carry over to messages — a disabled key cannot decrypt, rotated keys still open
/// older messages. The EDKs are the AWS KMS keyring's (`aws-kms`, key ARN, KMS blob).
#[napi]
pub struct KmsKeyring {
    inner: Arc<datakey::KmsKeyring>,
}

impl KmsKeyring {
    pub(crate) fn new(env: &Env, kms: &datakey::LocalKms, key_id: Unknown<'_>) -> Result<Self> {
        let key_id = string(env, key_id, "keyId")?;
        let inner = datakey::KmsKeyring::new(kms.clone(), key_id).or_throw(env)?;
        Ok(Self {
            inner: Arc::new(inner),
        })
    }
}

#[napi]
impl KmsKeyring {
    /// The key ID as given (key ID, key ARN, alias name or alias ARN).
    #[napi(getter)]
    pub fn key_id(&self) -> String {
        self.inner.key_id().to_owned()
    }
}

/// Any keyring: what `encrypt`, `decrypt`, the streams and `MultiKeyring` accept.
#[napi]
pub type Keyring = Either3<RawAesKeyring, MultiKeyring, KmsKeyring>;

/// The core keyring behind any of the binding's keyring classes, or a `TypeError`.
pub(crate) fn keyring_arg(
    env: &Env,
    value: Unknown<'_>,
    what: &str,
) -> Result<Arc<dyn CoreKeyring>> {
    if let Ok(k) = ClassInstance::<RawAesKeyring>::from_unknown(value) {
        return Ok(k.inner.clone());
    }
    if let Ok(k) = ClassInstance::<MultiKeyring>::from_unknown(value) {
        return Ok(k.inner.clone());
    }
    if let Ok(k) = ClassInstance::<KmsKeyring>::from_unknown(value) {
        return Ok(k.inner.clone());
    }
    Err(type_error(
        env,
        format!(
            "The \"{what}\" argument must be a keyring (RawAesKeyring, MultiKeyring or the \
             keyring of a LocalKms). {}",
            describe(&value)
        ),
    ))
}
