//! `LocalKms`: the core's in-process KMS in the shape of the AWS SDK for JavaScript v3 aggregated
//! `KMS` client. Each operation takes the SDK's `input` object (`{ KeyId, KeySpec, … }`) and
//! resolves to the SDK's output object (`{ Plaintext, CiphertextBlob, KeyId, … }`, bytes as
//! `Buffer`s, dates as `Date`s), or rejects with an `Error` whose `name` is the KMS exception name.
//!
//! Every KMS operation is the one generic [`KmsCall`] over the core's model
//! ([`datakey::wire::sdk`]): the input object is converted to the request document member by
//! member, guided by the operation's shapes (a value of the wrong JavaScript type is a
//! `TypeError` at once, an unknown or missing member botocore's `ParamValidationError` wording),
//! the core runs it, and the response document becomes the output object. `datakey.js` defines
//! the methods (`generateDataKey` and `generateDataKeySync`, …) from [`kms_operations`]: the async
//! form runs the call on the libuv thread pool, the sync form the very same job in place.

use datakey::wire::{Member, Shape, WireError, sdk};
use napi::bindgen_prelude::*;
use napi_derive::napi;
use serde_json::{Map, Value};

use crate::caller::{
    AssumeRoleCall, AssumeRoleOutput, FaultRuleInfo, assume_role_request, caller_arg, fault_rule,
    fault_rule_info, opt_string,
};
use crate::clock::{duration_from_ms, manual_clock_arg, to_ms, to_system_time};
use crate::convert::{self, bytes, int64, is_nullish, opt, request, string};
use crate::error::{OrThrow, type_error, wire_error};
use crate::keyring::{DiscoveryKeyring, KmsKeyring};
use crate::task::{self, Job, Work, spawn};

// ---------------------------------------------------------------------------------------------
// The one KMS call.

/// A service whose operations run through the core's model: KMS ([`datakey::LocalKms`]) or
/// Secrets Manager ([`datakey::secrets::LocalSecretsManager`]).
pub trait ModelService: Clone + Send + 'static {
    /// The implemented operation `name`, or the service's error for it.
    fn operation(&self, name: &str) -> std::result::Result<sdk::SdkOperation, WireError>;
    /// Runs `operation` on a request document.
    fn call(&self, operation: &str, input: Value) -> std::result::Result<Value, WireError>;
}

impl ModelService for datakey::LocalKms {
    fn operation(&self, name: &str) -> std::result::Result<sdk::SdkOperation, WireError> {
        sdk::operation(name).ok_or_else(|| {
            WireError::Kms(datakey::Error::UnsupportedOperation(format!(
                "datakey does not implement the KMS operation {name}."
            )))
        })
    }
    fn call(&self, operation: &str, input: Value) -> std::result::Result<Value, WireError> {
        sdk::call(self, operation, input)
    }
}

/// One operation on a service, with its request document (converted on the JavaScript
/// thread): the [`Job`] that the async form spawns and the sync form runs in place.
pub struct ModelCall<S> {
    service: S,
    op: sdk::SdkOperation,
    input: Value,
}

/// A KMS call.
pub type KmsCall = ModelCall<datakey::LocalKms>;

impl<S: ModelService> ModelCall<S> {
    pub(crate) fn new(
        env: &Env,
        service: &S,
        operation: &str,
        input: Option<Unknown<'_>>,
    ) -> Result<Self> {
        let op = service
            .operation(operation)
            .map_err(|e| wire_error(env, e))?;
        let input = match input {
            Some(v) => structure_to_doc(env, op.input, "input", v)?,
            None => structure_to_doc(env, op.input, "input", ().into_unknown(env)?)?,
        };
        Ok(Self {
            service: service.clone(),
            op,
            input,
        })
    }
}

impl<S: ModelService> Job for ModelCall<S> {
    type Out = (sdk::SdkOperation, std::result::Result<Value, WireError>);
    type Js<'e> = Object<'e>;
    fn run(self) -> datakey::Result<Self::Out> {
        let out = self.service.call(self.op.name, self.input);
        Ok((self.op, out))
    }
    fn to_js(env: &Env, (op, out): Self::Out) -> Result<Object<'_>> {
        output_to_js(env, op, out)
    }
}

/// The output object of a call through the core's model (KMS or Secrets Manager): the
/// response document converted guided by the operation's output shape, then wiped, with
/// `$metadata`; or the call's error.
fn output_to_js(
    env: &Env,
    op: sdk::SdkOperation,
    out: std::result::Result<Value, WireError>,
) -> Result<Object<'_>> {
    let mut out = out.map_err(|e| wire_error(env, e))?;
    let js = doc_to_js(env, &Shape::Structure(op.output), &out);
    sdk::wipe(&mut out);
    let mut js = match out {
        Value::Null => Object::new(env)?,
        _ => Object::from_unknown(js?)?,
    };
    js.set_named_property("$metadata", metadata())?;
    Ok(js)
}

/// The names of the KMS operations `LocalKms` implements (`GenerateDataKey`, …), from which
/// `datakey.js` defines the methods.
#[napi(catch_unwind, js_name = "__kmsOperations")]
pub fn kms_operations() -> Vec<&'static str> {
    sdk::operations().map(|o| o.name).collect()
}

/// A request structure from a plain object (`undefined` / `null` members count as absent), its
/// member names checked as botocore checks them.
fn structure_to_doc(
    env: &Env,
    members: &[Member],
    path: &str,
    value: Unknown<'_>,
) -> Result<Value> {
    let obj: Object<'_> = request(env, Some(value), path)?;
    let names = obj.get_property_names()?;
    let mut given = Vec::new();
    for i in 0..names.get_array_length()? {
        let name: String = names.get_element(i)?;
        let v: Unknown<'_> = obj.get_named_property(&name)?;
        if !is_nullish(&v)? {
            given.push((name, v));
        }
    }
    // botocore names the request `input` and a nested structure by its path from there.
    let botocore_path = path
        .strip_prefix("input")
        .unwrap_or(path)
        .trim_start_matches('.');
    sdk::check_members(
        botocore_path,
        members,
        given.iter().map(|(k, _)| k.as_str()),
        false,
    )
    .map_err(|e| wire_error(env, e))?;
    let mut fields = Map::new();
    for (name, v) in given {
        if let Some(m) = members.iter().find(|m| m.name == name) {
            // A refused member drops what was converted: wiped, as it may hold a plaintext.
            let doc = to_doc(env, m.shape, &format!("{path}.{name}"), v)
                .inspect_err(|_| sdk::wipe(&mut Value::Object(std::mem::take(&mut fields))))?;
            fields.insert(name, doc);
        }
    }
    Ok(Value::Object(fields))
}

/// A request member as the document carries it, guided by its shape: bytes to base64, dates to
/// epoch seconds; a value of the wrong JavaScript type is a `TypeError`.
fn to_doc(env: &Env, shape: &Shape, path: &str, v: Unknown<'_>) -> Result<Value> {
    Ok(match shape {
        Shape::String { .. } => Value::String(string(env, v, path)?),
        Shape::Integer { .. } => Value::from(int64(env, v, path)?),
        Shape::Boolean => Value::Bool(convert::boolean(env, v, path)?),
        Shape::Blob { .. } => Value::String(sdk::encode_blob(&bytes(env, v, path)?).to_string()),
        Shape::Timestamp => sdk::encode_time(to_system_time(env, v, path)?),
        Shape::List { member, .. } => {
            if !v.is_array()? {
                let got = convert::describe(&v);
                let m = format!("The \"{path}\" argument must be an array. {got}");
                return Err(type_error(env, m));
            }
            let arr = Array::from_unknown(v)?;
            let mut items = Vec::with_capacity(arr.len() as usize);
            for i in 0..arr.len() {
                let item: Unknown<'_> = arr.get_element(i)?;
                items.push(to_doc(env, member, &format!("{path}[{i}]"), item)?);
            }
            Value::Array(items)
        }
        // Maps of strings are encryption contexts: the message types' own checks and words.
        Shape::Map { .. } => {
            let ec = convert::encryption_context(env, v, path)?;
            let fields = ec
                .iter()
                .map(|(k, v)| (k.to_owned(), Value::String(v.to_owned())));
            Value::Object(fields.collect())
        }
        Shape::Structure(members) => structure_to_doc(env, members, path, v)?,
        _ => {
            return Err(type_error(
                env,
                format!("The \"{path}\" argument is not supported."),
            ));
        }
    })
}

/// A response member as JavaScript holds it, guided by its shape: blobs as `Buffer`s,
/// timestamps as `Date`s, the rest through napi's serde conversion.
fn doc_to_js<'e>(env: &'e Env, shape: &Shape, v: &Value) -> Result<Unknown<'e>> {
    match (shape, v) {
        (Shape::Blob { .. }, Value::String(s)) => {
            if let Some(mut b) = sdk::decode_blob(s) {
                return Buffer::from(std::mem::take(&mut *b)).into_unknown(env);
            }
        }
        (Shape::Timestamp, v) => {
            if let Some(t) = sdk::decode_time(v) {
                return env.create_date(to_ms(t))?.into_unknown(env);
            }
        }
        (Shape::List { member, .. }, Value::Array(items)) => {
            let mut arr = env.create_array(items.len() as u32)?;
            for (i, item) in items.iter().enumerate() {
                arr.set(i as u32, doc_to_js(env, member, item)?)?;
            }
            return arr.into_unknown(env);
        }
        (Shape::Structure(_) | Shape::Map { .. }, Value::Object(fields)) => {
            let mut obj = Object::new(env)?;
            for (k, v) in fields {
                let js = match shape.member(k) {
                    Some(shape) => doc_to_js(env, shape, v)?,
                    None => env.to_js_value(v)?,
                };
                obj.set_named_property(k, js)?;
            }
            return Ok(obj.to_unknown());
        }
        _ => {}
    }
    env.to_js_value(v)
}

/// The `$metadata` every SDK v3 output carries (a local call: status 200, one attempt).
#[napi(object)]
pub struct ResponseMetadata {
    /// Always 200.
    pub http_status_code: u32,
    /// Always 1.
    pub attempts: u32,
    /// Always 0.
    pub total_retry_delay: u32,
}

pub(crate) fn metadata() -> ResponseMetadata {
    ResponseMetadata {
        http_status_code: 200,
        attempts: 1,
        total_retry_delay: 0,
    }
}

// ---------------------------------------------------------------------------------------------
// The class.

/// `LocalKms` constructor options.
#[napi(object)]
pub struct LocalKmsOptions<'a> {
    /// The region in key and alias ARNs (default `us-east-1`).
    #[napi(ts_type = "string")]
    pub region: Option<Unknown<'a>>,
    /// The 12-digit account id in ARNs (default `111122223333`).
    #[napi(ts_type = "string")]
    pub account_id: Option<Unknown<'a>>,
    /// The clock behind creation dates, deletion windows, expiry and automatic rotation (default:
    /// the system clock). Pass a `ManualClock` in tests.
    #[napi(ts_type = "ManualClock")]
    pub clock: Option<Unknown<'a>>,
    /// Opt-in eventual consistency, in milliseconds on the clock (default 0: off): changes to
    /// keys, key policies and aliases reach the data-plane operations (`generateDataKey*`,
    /// `encrypt`, `decrypt`, `reEncrypt`) only this long after they were made.
    #[napi(ts_type = "number")]
    pub propagation_delay: Option<Unknown<'a>>,
    /// The seed of the stream injected fault rates draw from (default: random), so a run with
    /// `rate` rules is reproducible.
    #[napi(ts_type = "number | bigint")]
    pub fault_seed: Option<Unknown<'a>>,
    /// **INSECURE — FOR TESTS ONLY.** Makes key ids, key material, data keys, blobs and session
    /// credentials a deterministic function of this seed and the order of calls, for snapshot
    /// tests. Anyone who knows the seed knows every key.
    #[napi(ts_type = "number | bigint")]
    pub insecure_deterministic_seed: Option<Unknown<'a>>,
}

/// `LocalKms.open` options.
#[napi(object)]
pub struct OpenStoreOptions<'a> {
    /// The store directory (default: `$DATAKEY_STORE`, else the per-user data folder).
    #[napi(ts_type = "string")]
    pub path: Option<Unknown<'a>>,
    /// The root key: 32 bytes, or 64 hex digits or base64 text (default: `$DATAKEY_ROOT_KEY`).
    #[napi(ts_type = "string | Uint8Array")]
    pub root_key: Option<Unknown<'a>>,
    /// A passphrase to derive the root key from with Argon2id (default: `$DATAKEY_PASSPHRASE`).
    #[napi(ts_type = "string | Uint8Array")]
    pub passphrase: Option<Unknown<'a>>,
    /// The region in key and alias ARNs (default `us-east-1`); must match the store's.
    #[napi(ts_type = "string")]
    pub region: Option<Unknown<'a>>,
    /// The 12-digit account id in ARNs (default `111122223333`); must match the store's.
    #[napi(ts_type = "string")]
    pub account_id: Option<Unknown<'a>>,
    /// The clock (default: the system clock).
    #[napi(ts_type = "ManualClock")]
    pub clock: Option<Unknown<'a>>,
}

/// A core builder from the shared `LocalKms` / `LocalKms.open` options.
fn builder(
    env: &Env,
    region: Option<Unknown<'_>>,
    account_id: Option<Unknown<'_>>,
    clock: Option<Unknown<'_>>,
) -> Result<datakey::kms::LocalKmsBuilder> {
    let mut builder = datakey::LocalKms::builder();
    if let Some(region) = opt_string(env, region, "options.region")? {
        builder = builder.region(region);
    }
    if let Some(account) = opt_string(env, account_id, "options.accountId")? {
        builder = builder.account_id(account);
    }
    if let Some(clock) = manual_clock_arg(env, clock, "options.clock")? {
        builder = builder.clock(clock);
    }
    Ok(builder)
}

/// The in-process KMS, shaped like the AWS SDK for JavaScript v3 aggregated `KMS` client:
/// `await kms.generateDataKey({ KeyId, KeySpec: 'AES_256', EncryptionContext })`. Failures reject
/// with an `Error` whose `name` (and `code`) is the KMS exception name, such as
/// `'DisabledException'`, and whose `message` is KMS's message.
///
/// Each operation runs on the libuv thread pool; its `…Sync` twin runs the same code on the
/// calling thread. Keys live as long as this object (and the keyrings made from it).
#[napi]
pub struct LocalKms {
    pub(crate) inner: datakey::LocalKms,
}

#[napi]
impl LocalKms {
    /// A new, empty KMS: `new LocalKms({ region, accountId, clock, propagationDelay, faultSeed,
    /// insecureDeterministicSeed })`, every option optional.
    #[napi(catch_unwind, constructor, ts_args_type = "options?: LocalKmsOptions")]
    pub fn new(env: Env, options: Option<Unknown<'_>>) -> Result<Self> {
        let o: LocalKmsOptions<'_> = request(&env, options, "options")?;
        let mut builder = builder(&env, o.region, o.account_id, o.clock)?;
        if let Some(ms) = opt(o.propagation_delay, |v| {
            convert::number(&env, v, "options.propagationDelay")
        })? {
            builder =
                builder.propagation_delay(duration_from_ms(&env, ms, "options.propagationDelay")?);
        }
        if let Some(seed) = opt(o.fault_seed, |v| {
            convert::uint64(&env, v, "options.faultSeed")
        })? {
            builder = builder.fault_seed(seed);
        }
        if let Some(seed) = opt(o.insecure_deterministic_seed, |v| {
            convert::uint64(&env, v, "options.insecureDeterministicSeed")
        })? {
            builder = builder.insecure_deterministic_seed(seed);
        }
        Ok(Self {
            inner: builder.build().or_throw(&env)?,
        })
    }

    /// A KMS over the persistent key store shared with the `datakey` command line, Rust and
    /// Python: `LocalKms.open({ path, rootKey, passphrase, region, accountId, clock })`, every
    /// option optional. `path` defaults to `$DATAKEY_STORE`, else `$XDG_DATA_HOME/datakey`,
    /// else `~/.local/share/datakey`; the store is sealed under `rootKey` (32 bytes, or 64 hex
    /// digits / base64 text), a key derived from `passphrase`, or, with neither,
    /// `$DATAKEY_ROOT_KEY` / `$DATAKEY_PASSPHRASE`. Every operation is on disk before it
    /// completes. Throws `WrongRootKeyError`, `StoreCorruptError` or
    /// `UnsupportedStoreVersionError` for a store it cannot read (the file is left untouched).
    #[napi(catch_unwind, factory, ts_args_type = "options?: OpenStoreOptions")]
    pub fn open(env: Env, options: Option<Unknown<'_>>) -> Result<Self> {
        use datakey::kms::RootKey;
        let o: OpenStoreOptions<'_> = request(&env, options, "options")?;
        let secret = |v: Unknown<'_>,
                      what: &str,
                      text: fn(&str) -> datakey::Result<RootKey>,
                      raw: fn(&[u8]) -> datakey::Result<RootKey>|
         -> Result<RootKey> {
            if v.get_type()? == ValueType::String {
                text(&string(&env, v, what)?).or_throw(&env)
            } else {
                raw(&bytes(&env, v, what)?).or_throw(&env)
            }
        };
        let root_key = opt(o.root_key, |v| {
            secret(v, "options.rootKey", RootKey::parse, RootKey::from_bytes)
        })?;
        let passphrase = opt(o.passphrase, |v| {
            secret(
                v,
                "options.passphrase",
                |t| RootKey::passphrase(t.as_bytes()),
                RootKey::passphrase,
            )
        })?;
        let root = match (root_key, passphrase) {
            (Some(_), Some(_)) => {
                return Err(datakey::Error::Validation(
                    "Give rootKey or passphrase, not both.".into(),
                ))
                .or_throw(&env);
            }
            (Some(k), None) | (None, Some(k)) => k,
            (None, None) => RootKey::from_env().or_throw(&env)?,
        };
        let path = opt_string(&env, o.path, "options.path")?;
        let dir =
            datakey::kms::store_dir(path.as_deref().map(std::path::Path::new)).or_throw(&env)?;
        let builder = builder(&env, o.region, o.account_id, o.clock)?;
        Ok(Self {
            inner: builder.open(dir, root).or_throw(&env)?,
        })
    }

    /// The store directory of a `LocalKms.open` service (`null` for an in-memory one).
    #[napi(catch_unwind, getter)]
    pub fn store_path(&self) -> Option<String> {
        self.inner.store_path().map(|p| p.display().to_string())
    }

    /// A keyring over the key `keyId` (key ID, key ARN, alias name or alias ARN) of this KMS,
    /// for `encrypt` / `decrypt` / the streams / `MultiKeyring`.
    #[napi(catch_unwind, ts_args_type = "keyId: string")]
    pub fn keyring(&self, env: Env, key_id: Unknown<'_>) -> Result<KmsKeyring> {
        KmsKeyring::new(&env, &self.inner, key_id)
    }

    /// A decrypt-only keyring that opens any message whose data key a key of this KMS wrapped —
    /// decrypt without naming the key. `options.discoveryFilter` (`{ partition, accountIDs }`, as
    /// `@aws-crypto`'s) limits it to keys of that partition and those accounts.
    #[napi(catch_unwind, ts_args_type = "options?: DiscoveryKeyringOptions")]
    pub fn discovery_keyring(
        &self,
        env: Env,
        options: Option<Unknown<'_>>,
    ) -> Result<DiscoveryKeyring> {
        DiscoveryKeyring::new(&env, &self.inner, options)
    }

    /// The region in ARNs.
    #[napi(catch_unwind, getter)]
    pub fn region(&self) -> String {
        self.inner.region().to_owned()
    }

    /// The account id in ARNs.
    #[napi(catch_unwind, getter)]
    pub fn account_id(&self) -> String {
        self.inner.account_id().to_owned()
    }

    /// A handle on the same service — same keys, aliases, clock and fault rules — whose
    /// operations run as `caller`: a principal ARN, or `{ principalArn, sourceIp, credentials }`
    /// (`credentials`: `assumeRole`'s `Credentials`). Key policies are evaluated for that
    /// principal and source IP. Throws `ValidationException` for a principal that is not an
    /// IAM/STS principal ARN or a source IP that is not an IP address.
    #[napi(catch_unwind, ts_args_type = "caller: string | CallerOptions")]
    pub fn as_caller(&self, env: Env, caller: Option<Unknown<'_>>) -> Result<LocalKms> {
        let caller = caller_arg(&env, caller)?.or_throw(&env)?;
        Ok(Self {
            inner: self.inner.as_caller(caller).or_throw(&env)?,
        })
    }

    /// The principal ARN this handle's operations run as (the account root unless made by
    /// `asCaller`).
    #[napi(catch_unwind, getter)]
    pub fn principal(&self) -> String {
        self.inner.principal().to_owned()
    }

    /// The source IP this handle's requests carry (`null`: none).
    #[napi(catch_unwind, getter)]
    pub fn source_ip(&self) -> Option<String> {
        self.inner.caller().source_ip.map(|ip| ip.to_string())
    }

    /// The propagation delay in milliseconds (0: off).
    #[napi(catch_unwind, getter)]
    pub fn propagation_delay(&self) -> f64 {
        self.inner.propagation_delay().as_secs_f64() * 1000.0
    }

    /// `AssumeRole` (the STS operation): temporary credentials for a session of `RoleArn`,
    /// valid `DurationSeconds` on the service's clock. Run as the session with
    /// `kms.asCaller({ principalArn: out.AssumedRoleUser.Arn, credentials: out.Credentials })`;
    /// statements naming the role apply to it. No trust policies: anyone may assume any role.
    #[napi(
        catch_unwind,
        ts_args_type = "input: AssumeRoleInput",
        ts_return_type = "Promise<AssumeRoleOutput>"
    )]
    pub fn assume_role(
        &self,
        env: Env,
        input: Option<Unknown<'_>>,
    ) -> Result<AsyncTask<Work<AssumeRoleCall>>> {
        let req = assume_role_request(&env, input)?;
        Ok(spawn(AssumeRoleCall(self.inner.clone(), req)))
    }

    /// `AssumeRole`, synchronously.
    #[napi(catch_unwind, ts_args_type = "input: AssumeRoleInput")]
    pub fn assume_role_sync<'e>(
        &self,
        env: &'e Env,
        input: Option<Unknown<'_>>,
    ) -> Result<AssumeRoleOutput<'e>> {
        let req = assume_role_request(env, input)?;
        task::run_sync(env, AssumeRoleCall(self.inner.clone(), req))
    }

    /// Runs the KMS operation `operation` (`'GenerateDataKey'`, …) on the libuv thread pool:
    /// the body of every async KMS method `datakey.js` defines.
    #[napi(catch_unwind, js_name = "__call", skip_typescript)]
    pub fn call(
        &self,
        env: Env,
        operation: String,
        input: Option<Unknown<'_>>,
    ) -> Result<AsyncTask<Work<KmsCall>>> {
        Ok(spawn(KmsCall::new(&env, &self.inner, &operation, input)?))
    }

    /// The same call on the calling thread: the body of every `…Sync` KMS method.
    #[napi(catch_unwind, js_name = "__callSync", skip_typescript)]
    pub fn call_sync<'e>(
        &self,
        env: &'e Env,
        operation: String,
        input: Option<Unknown<'_>>,
    ) -> Result<Object<'e>> {
        task::run_sync(env, KmsCall::new(env, &self.inner, &operation, input)?)
    }

    /// Adds a fault injection rule, shared by every handle on this service: the first rule (in
    /// the order added) that fires makes the call fail with its exception (and KMS's message)
    /// before the operation does anything else. Throws `ValidationException` for an unknown
    /// fault or operation name or a rate outside 0..1, `TypeError` unless exactly one of
    /// `nextCalls` and `rate` is given.
    #[napi(catch_unwind, ts_args_type = "rule: FaultRuleInput")]
    pub fn inject_fault(&self, env: Env, rule: Option<Unknown<'_>>) -> Result<()> {
        let rule = fault_rule(&env, rule)?.or_throw(&env)?;
        self.inner.inject_fault(rule).or_throw(&env)
    }

    /// Removes every fault injection rule.
    #[napi(catch_unwind)]
    pub fn clear_faults(&self) {
        self.inner.clear_faults();
    }

    /// The fault injection rules in force (a `nextCalls` rule shows the calls it has left).
    #[napi(catch_unwind)]
    pub fn faults(&self) -> Vec<FaultRuleInfo> {
        self.inner
            .faults()
            .into_iter()
            .map(fault_rule_info)
            .collect()
    }
}
