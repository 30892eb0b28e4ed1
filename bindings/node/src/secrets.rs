//! `LocalSecretsManager` and `SecretCache`: the core's Secrets Manager in the shape of the AWS
//! SDK for JavaScript v3 aggregated `SecretsManager` client, sharing a `LocalKms`'s keys, clock
//! and caller, and the core's caching client over it.
//!
//! Every operation is the one generic [`SecretsCall`] over the core's wire model
//! ([`datakey::wire::secrets`]), converted exactly as the KMS operations are
//! ([`crate::kms::ModelCall`]): `datakey.js` defines
//! `createSecret` / `createSecretSync`, … from [`secrets_operations`] and `send(command)` for the
//! commands of `@aws-sdk/client-secrets-manager`. Errors carry Secrets Manager's exception names.
//!
//! A rotation function is a JavaScript function receiving the Lambda event AWS sends
//! (`{ Step, SecretId, ClientRequestToken }`); it may return a promise. `rotateSecret` (on the
//! libuv thread pool) calls it on the JavaScript thread and waits for its promise;
//! `rotateSecretSync` calls it in place, so there it must finish synchronously.

use std::cell::Cell;
use std::sync::{Arc, mpsc};
use std::time::Duration;

use datakey::SecretBytes;
use datakey::secrets::SecretString;
use datakey::secrets::cache::{SecretCache as CoreSecretCache, SecretCacheConfig};
use datakey::secrets::{RotateSecretResponse, RotationEvent};
use datakey::wire::{WireError, sdk};
use napi::bindgen_prelude::*;
use napi::threadsafe_function::{ThreadsafeFunction, ThreadsafeFunctionCallMode};
use napi_derive::napi;
use serde_json::Value;

use crate::clock::duration_from_ms;
use crate::convert::{self, opt, request, string};
use crate::error::{OrThrow, core_error_object};
use crate::kms::{LocalKms, ModelCall, ModelService};
use crate::task::{self, Job, Work, spawn};

// ---------------------------------------------------------------------------------------------
// The one Secrets Manager call.

impl ModelService for datakey::secrets::LocalSecretsManager {
    fn operation(&self, name: &str) -> std::result::Result<sdk::SdkOperation, WireError> {
        // The core's answer for an operation it does not implement or does not know.
        datakey::wire::secrets::operation(name).ok_or_else(|| {
            datakey::wire::call_secrets(self, name, Value::Null)
                .err()
                .unwrap_or(WireError::UnknownOperation)
        })
    }
    fn call(&self, operation: &str, input: Value) -> std::result::Result<Value, WireError> {
        datakey::wire::call_secrets(self, operation, input)
    }
}

/// A Secrets Manager call.
pub type SecretsCall = ModelCall<datakey::secrets::LocalSecretsManager>;

/// The names of the Secrets Manager operations `LocalSecretsManager` implements
/// (`CreateSecret`, …), from which `datakey.js` defines the methods.
#[napi(catch_unwind, js_name = "__secretsOperations")]
pub fn secrets_operations() -> Vec<&'static str> {
    datakey::wire::secrets::operations()
        .map(|o| o.name)
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Rotation functions.

/// The event a rotation function receives, as Secrets Manager sends it to a Lambda function.
#[napi(object)]
pub struct RotationLambdaEvent {
    /// `createSecret`, `setSecret`, `testSecret` or `finishSecret`.
    #[napi(
        js_name = "Step",
        ts_type = "'createSecret' | 'setSecret' | 'testSecret' | 'finishSecret'"
    )]
    pub step: String,
    /// The secret's ARN.
    #[napi(js_name = "SecretId")]
    pub secret_id: String,
    /// The id of the version being rotated in (`AWSPENDING`).
    #[napi(js_name = "ClientRequestToken")]
    pub client_request_token: String,
}

thread_local! {
    /// The `napi_env` of the JavaScript thread this thread is (0 on the libuv workers), so a
    /// rotation function reached from a `…Sync` call runs in place.
    static JS_ENV: Cell<usize> = const { Cell::new(0) };
}

/// The text of a JavaScript exception or rejection value.
fn js_text(v: Unknown<'_>) -> String {
    v.coerce_to_string()
        .and_then(|s| s.into_utf8())
        .and_then(|s| s.as_str().map(str::to_owned))
        .unwrap_or_else(|_| "a value that is not a string".to_owned())
}

fn is_thenable(v: &Unknown<'_>) -> bool {
    v.is_promise().unwrap_or(false)
}

type Tsfn = ThreadsafeFunction<
    RotationLambdaEvent,
    Unknown<'static>,
    RotationLambdaEvent,
    Status,
    false,
    true,
>;

/// Runs the JavaScript rotation function for one step: in place on the JavaScript thread, or
/// through the thread-safe function from a worker, waiting until its promise settles.
fn run_step(
    env_raw: usize,
    direct: &FunctionRef<RotationLambdaEvent, Unknown<'static>>,
    tsfn: &Tsfn,
    ev: &RotationEvent,
) -> std::result::Result<(), String> {
    let event = RotationLambdaEvent {
        step: ev.step.as_str().to_owned(),
        secret_id: ev.secret_id.clone(),
        client_request_token: ev.client_request_token.clone(),
    };
    if JS_ENV.with(Cell::get) == env_raw {
        let env = Env::from_raw(env_raw as napi::sys::napi_env);
        let f = direct.borrow_back(&env).map_err(|e| e.reason.clone())?;
        let ret = f.call(event).map_err(|e| e.reason.clone())?;
        if is_thenable(&ret) {
            return Err(
                "it returned a promise, which rotateSecretSync cannot wait for: make the \
                        function synchronous or call rotateSecret"
                    .to_owned(),
            );
        }
        return Ok(());
    }
    let (tx, rx) = mpsc::channel::<std::result::Result<(), String>>();
    let status = tsfn.call_with_return_value(
        event,
        ThreadsafeFunctionCallMode::Blocking,
        move |ret: Result<Unknown<'static>>, _env: Env| {
            match ret {
                Err(e) => drop(tx.send(Err(e.reason.clone()))),
                Ok(v) if is_thenable(&v) => {
                    let p = PromiseRaw::<Unknown<'_>>::from_unknown(v)?;
                    let failed = tx.clone();
                    p.then(move |_| {
                        drop(tx.send(Ok(())));
                        Ok(())
                    })?
                    .catch(move |ctx: CallbackContext<Unknown<'_>>| {
                        drop(failed.send(Err(js_text(ctx.value))));
                        Ok(())
                    })?;
                }
                Ok(_) => drop(tx.send(Ok(()))),
            }
            Ok(())
        },
    );
    if status != Status::Ok {
        return Err(format!("it could not be called ({status})"));
    }
    rx.recv()
        .unwrap_or_else(|_| Err("it never finished".to_owned()))
}

// ---------------------------------------------------------------------------------------------
// The class.

/// AWS Secrets Manager, offline, on a `LocalKms` (its keys, clock, caller and store), shaped
/// like the AWS SDK for JavaScript v3 aggregated `SecretsManager` client:
/// `await sm.createSecret({ Name, SecretString })`, `sm.send(new GetSecretValueCommand(input))`.
/// Every secret version is encrypted under its own data key from the secret's symmetric key.
/// Failures reject with an `Error` whose `name` is the Secrets Manager exception name
/// (`'ResourceNotFoundException'`, `'EncryptionFailure'`, …).
#[napi]
pub struct LocalSecretsManager {
    pub(crate) inner: datakey::secrets::LocalSecretsManager,
}

/// The outcome of one scheduled rotation run by `runDueRotations`.
pub struct DueRotations(Vec<(String, datakey::Result<RotateSecretResponse>)>);

/// `runDueRotations`' job.
pub struct DueRotationsCall(datakey::secrets::LocalSecretsManager);

impl Job for DueRotationsCall {
    type Out = DueRotations;
    type Js<'e> = Array<'e>;
    fn run(self) -> datakey::Result<DueRotations> {
        Ok(DueRotations(self.0.run_due_rotations()))
    }
    fn to_js(env: &Env, out: DueRotations) -> Result<Array<'_>> {
        let mut arr = env.create_array(out.0.len() as u32)?;
        for (i, (arn, r)) in out.0.into_iter().enumerate() {
            let mut o = Object::new(env)?;
            o.set_named_property("ARN", arn)?;
            match r {
                Ok(r) => {
                    o.set_named_property("VersionId", r.version_id)?;
                    o.set_named_property("error", Null)?;
                }
                Err(e) => {
                    o.set_named_property("VersionId", Null)?;
                    o.set_named_property("error", core_error_object(env, &e)?)?;
                }
            }
            arr.set(i as u32, o)?;
        }
        Ok(arr)
    }
}

#[napi]
impl LocalSecretsManager {
    /// The Secrets Manager of `kms`'s service: same keys, clock, caller and store.
    #[napi(catch_unwind, constructor, ts_args_type = "kms: LocalKms")]
    pub fn new(kms: &LocalKms) -> Self {
        Self {
            inner: datakey::secrets::LocalSecretsManager::new(&kms.inner),
        }
    }

    /// The region in secret ARNs (the `LocalKms`'s).
    #[napi(catch_unwind, getter)]
    pub fn region(&self) -> String {
        self.inner.kms().region().to_owned()
    }

    /// The principal ARN the operations run as (the `LocalKms` handle's).
    #[napi(catch_unwind, getter)]
    pub fn principal(&self) -> String {
        self.inner.kms().principal().to_owned()
    }

    /// Registers `fn` as the rotation function of the Lambda ARN `lambdaArn` (what
    /// `RotationLambdaARN` names): called once per step with the Lambda event
    /// `{ Step, SecretId, ClientRequestToken }`, as AWS invokes a rotation Lambda. A throw (or a
    /// rejected promise) fails the rotation at that step, leaving `AWSPENDING` where it is.
    #[napi(
        catch_unwind,
        ts_args_type = "lambdaArn: string, fn: (event: RotationLambdaEvent) => unknown"
    )]
    pub fn register_rotation_function(
        &self,
        env: Env,
        lambda_arn: Unknown<'_>,
        function: Function<'_, RotationLambdaEvent, Unknown<'static>>,
    ) -> Result<()> {
        let lambda_arn = string(&env, lambda_arn, "lambdaArn")?;
        let env_raw = env.raw() as usize;
        JS_ENV.with(|c| c.set(env_raw));
        let direct = function.create_ref()?;
        let tsfn: Tsfn = function
            .build_threadsafe_function::<RotationLambdaEvent>()
            .callee_handled::<false>()
            .weak::<true>()
            .build()?;
        self.inner
            .register_rotation_function(lambda_arn, move |ev: &RotationEvent| {
                run_step(env_raw, &direct, &tsfn, ev).map_err(|why| {
                    datakey::Error::InvalidRequest(format!(
                        "The rotation function failed at {}: {why}",
                        ev.step.as_str()
                    ))
                })
            });
        Ok(())
    }

    /// Runs every scheduled rotation that is due on the service's clock (what AWS's scheduler
    /// does in the background): resolves to one `{ ARN, VersionId, error }` per secret rotated.
    #[napi(
        catch_unwind,
        ts_return_type = "Promise<Array<{ ARN: string, VersionId: string | null, error: Error | null }>>"
    )]
    pub fn run_due_rotations(&self) -> AsyncTask<Work<DueRotationsCall>> {
        spawn(DueRotationsCall(self.inner.clone()))
    }

    /// `runDueRotations`, synchronously (rotation functions must then be synchronous).
    #[napi(
        catch_unwind,
        ts_return_type = "Array<{ ARN: string, VersionId: string | null, error: Error | null }>"
    )]
    pub fn run_due_rotations_sync<'e>(&self, env: &'e Env) -> Result<Array<'e>> {
        JS_ENV.with(|c| c.set(env.raw() as usize));
        task::run_sync(env, DueRotationsCall(self.inner.clone()))
    }

    /// Runs the Secrets Manager operation `operation` on the libuv thread pool: the body of
    /// every async method `datakey.js` defines.
    #[napi(catch_unwind, js_name = "__call", skip_typescript)]
    pub fn call(
        &self,
        env: Env,
        operation: String,
        input: Option<Unknown<'_>>,
    ) -> Result<AsyncTask<Work<SecretsCall>>> {
        Ok(spawn(SecretsCall::new(
            &env,
            &self.inner,
            &operation,
            input,
        )?))
    }

    /// The same call on the calling thread: the body of every `…Sync` method.
    #[napi(catch_unwind, js_name = "__callSync", skip_typescript)]
    pub fn call_sync<'e>(
        &self,
        env: &'e Env,
        operation: String,
        input: Option<Unknown<'_>>,
    ) -> Result<Object<'e>> {
        JS_ENV.with(|c| c.set(env.raw() as usize));
        task::run_sync(env, SecretsCall::new(env, &self.inner, &operation, input)?)
    }
}

// ---------------------------------------------------------------------------------------------
// The caching client.

/// `SecretCache` options, AWS's caching client's settings (durations in milliseconds).
#[napi(object)]
pub struct SecretCacheOptions<'a> {
    /// At most this many secrets (least recently used evicted; default 1024).
    #[napi(ts_type = "number")]
    pub max_cache_size: Option<Unknown<'a>>,
    /// How long a value is served before a refresh, in ms (default 3 600 000: one hour); each
    /// refresh is due at random between half and all of it.
    #[napi(ts_type = "number")]
    pub secret_refresh_interval: Option<Unknown<'a>>,
    /// The label read when none is given (default `AWSCURRENT`).
    #[napi(ts_type = "string")]
    pub default_version_stage: Option<Unknown<'a>>,
    /// The first retry delay after a failed refresh, in ms (default 1000).
    #[napi(ts_type = "number")]
    pub exception_retry_delay_base: Option<Unknown<'a>>,
    /// The factor between two retry delays (default 2).
    #[napi(ts_type = "number")]
    pub exception_retry_growth_factor: Option<Unknown<'a>>,
    /// The longest retry delay, in ms (default 3 600 000).
    #[napi(ts_type = "number")]
    pub exception_retry_delay_max: Option<Unknown<'a>>,
}

/// A `SecretCache`'s settings, as `cache.config` shows them (durations in ms).
#[napi(object)]
pub struct SecretCacheSettings {
    /// At most this many secrets.
    pub max_cache_size: u32,
    /// The refresh interval in ms.
    pub secret_refresh_interval: f64,
    /// The label read when none is given.
    pub default_version_stage: String,
    /// The first retry delay in ms.
    pub exception_retry_delay_base: f64,
    /// The factor between two retry delays.
    pub exception_retry_growth_factor: u32,
    /// The longest retry delay in ms.
    pub exception_retry_delay_max: f64,
}

/// A cached read: the secret, the label, and which kind of value.
pub struct CacheRead {
    cache: Arc<CoreSecretCache>,
    secret_id: String,
    version_stage: Option<String>,
}

/// `getSecretString`'s job.
pub struct CacheString(CacheRead);

impl Job for CacheString {
    type Out = SecretString;
    type Js<'e> = String;
    fn run(self) -> datakey::Result<SecretString> {
        let r = self.0;
        r.cache
            .get_secret_string_stage(&r.secret_id, r.version_stage.as_deref())
    }
    fn to_js(_env: &Env, out: SecretString) -> Result<String> {
        Ok(out.expose_secret().to_owned())
    }
}

/// `getSecretBinary`'s job.
pub struct CacheBinary(CacheRead);

impl Job for CacheBinary {
    type Out = SecretBytes;
    type Js<'e> = Buffer;
    fn run(self) -> datakey::Result<SecretBytes> {
        let r = self.0;
        r.cache
            .get_secret_binary(&r.secret_id, r.version_stage.as_deref())
    }
    fn to_js(_env: &Env, out: SecretBytes) -> Result<Buffer> {
        Ok(Buffer::from(out.expose_secret()))
    }
}

/// `refreshSecretNow`'s job.
pub struct CacheRefresh(CacheRead);

impl Job for CacheRefresh {
    type Out = ();
    type Js<'e> = ();
    fn run(self) -> datakey::Result<()> {
        self.0.cache.refresh_now(&self.0.secret_id)
    }
    fn to_js(_env: &Env, (): ()) -> Result<()> {
        Ok(())
    }
}

/// A client-side cache of secret values with the semantics of AWS's caching clients, over a
/// `LocalSecretsManager` and on its clock: a refresh is due at random between half and all of
/// `secretRefreshInterval`, calls `DescribeSecret` first and `GetSecretValue` only when the
/// version behind the label changed; when a refresh fails the stale value is served; at most
/// `maxCacheSize` secrets. Method names are AWS's Python caching client's, in camel case.
#[napi]
pub struct SecretCache {
    inner: Arc<CoreSecretCache>,
    config: SecretCacheConfig,
}

fn ms(env: &Env, v: Option<Unknown<'_>>, what: &str, default: Duration) -> Result<Duration> {
    match opt(v, |v| convert::number(env, v, what))? {
        Some(n) => duration_from_ms(env, n, what),
        None => Ok(default),
    }
}

impl SecretCache {
    fn read(
        &self,
        env: &Env,
        secret_id: Unknown<'_>,
        stage: Option<Unknown<'_>>,
    ) -> Result<CacheRead> {
        Ok(CacheRead {
            cache: Arc::clone(&self.inner),
            secret_id: string(env, secret_id, "secretId")?,
            version_stage: crate::caller::opt_string(env, stage, "versionStage")?,
        })
    }
}

#[napi]
impl SecretCache {
    /// A cache over `client`: `new SecretCache(sm, { secretRefreshInterval, maxCacheSize, … })`.
    #[napi(
        catch_unwind,
        constructor,
        ts_args_type = "client: LocalSecretsManager, options?: SecretCacheOptions"
    )]
    pub fn new(
        env: Env,
        client: &LocalSecretsManager,
        options: Option<Unknown<'_>>,
    ) -> Result<Self> {
        let o: SecretCacheOptions<'_> = request(&env, options, "options")?;
        let d = SecretCacheConfig::default();
        let count = |v: Option<Unknown<'_>>, what: &str, default: u32| -> Result<u32> {
            let n = opt(v, |v| convert::uint64(&env, v, what))?;
            match n {
                None => Ok(default),
                Some(0) => Err(datakey::Error::Validation(format!(
                    "{what} must be at least 1."
                )))
                .or_throw(&env),
                Some(n) => u32::try_from(n)
                    .map_err(|_| datakey::Error::Validation(format!("{what} is too large.")))
                    .or_throw(&env),
            }
        };
        let config = SecretCacheConfig {
            max_cache_size: count(o.max_cache_size, "options.maxCacheSize", 1024)? as usize,
            secret_refresh_interval: ms(
                &env,
                o.secret_refresh_interval,
                "options.secretRefreshInterval",
                d.secret_refresh_interval,
            )?,
            default_version_stage: crate::caller::opt_string(
                &env,
                o.default_version_stage,
                "options.defaultVersionStage",
            )?
            .unwrap_or(d.default_version_stage),
            exception_retry_delay_base: ms(
                &env,
                o.exception_retry_delay_base,
                "options.exceptionRetryDelayBase",
                d.exception_retry_delay_base,
            )?,
            exception_retry_growth_factor: count(
                o.exception_retry_growth_factor,
                "options.exceptionRetryGrowthFactor",
                d.exception_retry_growth_factor,
            )?,
            exception_retry_delay_max: ms(
                &env,
                o.exception_retry_delay_max,
                "options.exceptionRetryDelayMax",
                d.exception_retry_delay_max,
            )?,
        };
        Ok(Self {
            inner: Arc::new(CoreSecretCache::with_config(
                client.inner.clone(),
                config.clone(),
            )),
            config,
        })
    }

    /// The settings (durations in ms).
    #[napi(catch_unwind, getter)]
    pub fn config(&self) -> SecretCacheSettings {
        let c = &self.config;
        SecretCacheSettings {
            max_cache_size: u32::try_from(c.max_cache_size).unwrap_or(u32::MAX),
            secret_refresh_interval: c.secret_refresh_interval.as_secs_f64() * 1000.0,
            default_version_stage: c.default_version_stage.clone(),
            exception_retry_delay_base: c.exception_retry_delay_base.as_secs_f64() * 1000.0,
            exception_retry_growth_factor: c.exception_retry_growth_factor,
            exception_retry_delay_max: c.exception_retry_delay_max.as_secs_f64() * 1000.0,
        }
    }

    /// The `SecretString` of `versionStage` (the default label when omitted).
    #[napi(
        catch_unwind,
        ts_args_type = "secretId: string, versionStage?: string",
        ts_return_type = "Promise<string>"
    )]
    pub fn get_secret_string(
        &self,
        env: Env,
        secret_id: Unknown<'_>,
        version_stage: Option<Unknown<'_>>,
    ) -> Result<AsyncTask<Work<CacheString>>> {
        Ok(spawn(CacheString(self.read(
            &env,
            secret_id,
            version_stage,
        )?)))
    }

    /// `getSecretString`, synchronously.
    #[napi(catch_unwind, ts_args_type = "secretId: string, versionStage?: string")]
    pub fn get_secret_string_sync(
        &self,
        env: Env,
        secret_id: Unknown<'_>,
        version_stage: Option<Unknown<'_>>,
    ) -> Result<String> {
        task::run_sync(
            &env,
            CacheString(self.read(&env, secret_id, version_stage)?),
        )
    }

    /// The `SecretBinary` of `versionStage` (the default label when omitted).
    #[napi(
        catch_unwind,
        ts_args_type = "secretId: string, versionStage?: string",
        ts_return_type = "Promise<Buffer>"
    )]
    pub fn get_secret_binary(
        &self,
        env: Env,
        secret_id: Unknown<'_>,
        version_stage: Option<Unknown<'_>>,
    ) -> Result<AsyncTask<Work<CacheBinary>>> {
        Ok(spawn(CacheBinary(self.read(
            &env,
            secret_id,
            version_stage,
        )?)))
    }

    /// `getSecretBinary`, synchronously.
    #[napi(catch_unwind, ts_args_type = "secretId: string, versionStage?: string")]
    pub fn get_secret_binary_sync(
        &self,
        env: Env,
        secret_id: Unknown<'_>,
        version_stage: Option<Unknown<'_>>,
    ) -> Result<Buffer> {
        task::run_sync(
            &env,
            CacheBinary(self.read(&env, secret_id, version_stage)?),
        )
    }

    /// Refreshes the secret's metadata now (AWS's clients first sleep 2.5–5 s; this one does
    /// not); the cached value is kept when the refresh fails.
    #[napi(
        catch_unwind,
        ts_args_type = "secretId: string",
        ts_return_type = "Promise<void>"
    )]
    pub fn refresh_secret_now(
        &self,
        env: Env,
        secret_id: Unknown<'_>,
    ) -> Result<AsyncTask<Work<CacheRefresh>>> {
        Ok(spawn(CacheRefresh(self.read(&env, secret_id, None)?)))
    }

    /// `refreshSecretNow`, synchronously.
    #[napi(catch_unwind, ts_args_type = "secretId: string")]
    pub fn refresh_secret_now_sync(&self, env: Env, secret_id: Unknown<'_>) -> Result<()> {
        task::run_sync(&env, CacheRefresh(self.read(&env, secret_id, None)?))
    }
}
