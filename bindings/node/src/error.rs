//! The one place where failures become JavaScript exceptions.
//!
//! * A [`datakey::Error`] becomes an `Error` whose `name` and `code` are [`datakey::Error::name`]
//!   (`'DisabledException'`, `'DecryptionError'`, …), as the AWS SDK for JavaScript v3 sets `name`
//!   on service exceptions, and whose `message` is [`datakey::Error::message`] (the KMS wording;
//!   empty for the deliberately opaque failures). `$fault` and `$metadata.httpStatusCode` follow
//!   the SDK's exception classes.
//! * An `AccessDeniedException` or `ExpiredTokenException` also carries the core's structured
//!   refusal: `principal`, `action` and `resource` on the error, and `reason` — `{ kind, message,
//!   statement?, operator?, key?, value?, expiredAt? }` — one attribute away.
//! * A Rust panic caught in a job ([`crate::task`]) becomes an `Error` whose `name` and `code` are
//!   `'PanicException'` (the name of the exception the Python binding raises for one) and whose
//!   `message` is the panic message. A panic is a bug in datakey, never a verdict on the input.
//! * A JavaScript value of the wrong type is a real `TypeError` with `code` =
//!   `'ERR_INVALID_ARG_TYPE'`, as Node's own APIs throw.
//!
//! Both are built as JavaScript objects right away and carried inside a [`napi::Error`] that
//! references them, so napi-rs throws (or rejects with) that exact object.

use napi::bindgen_prelude::*;

use crate::clock::to_ms;
use crate::task::Panicked;

/// A JavaScript `Error` for a core failure, wrapped for returning from a binding function.
pub(crate) fn core_error(env: &Env, err: &datakey::Error) -> Error {
    build_core_error(env, err).unwrap_or_else(|e| e)
}

fn build_core_error(env: &Env, err: &datakey::Error) -> Result<Error> {
    Ok(Error::from(core_error_object(env, err)?.to_unknown()))
}

/// The JavaScript `Error` object of a core failure (what [`core_error`] throws), for a result
/// that carries failures as values.
pub(crate) fn core_error_object<'e>(env: &'e Env, err: &datakey::Error) -> Result<Object<'e>> {
    // As the SDK's service exceptions: `$fault` from the KMS model (`server` for KMS's internal,
    // dependency and availability faults), `$metadata` with the HTTP status KMS would answer.
    let server = matches!(
        err,
        datakey::Error::KmsInternal(_)
            | datakey::Error::DependencyTimeout(_)
            | datakey::Error::KeyUnavailable(_)
    );
    let mut obj = service_error(env, err.name(), err.message(), server)?;
    if let Some(denied) = err.access_denied() {
        obj.set_named_property("principal", denied.principal.as_str())?;
        obj.set_named_property("action", denied.action.as_str())?;
        obj.set_named_property("resource", denied.resource.as_str())?;
        obj.set_named_property("reason", access_denied_reason(env, &denied.reason)?)?;
    }
    Ok(obj)
}

/// An `Error` named `name`, with the SDK's `$fault` and `$metadata`.
fn service_error<'e>(
    env: &'e Env,
    name: &str,
    message: String,
    server: bool,
) -> Result<Object<'e>> {
    let mut obj = env.create_error(Error::new(Status::GenericFailure, message))?;
    obj.set_named_property("name", name)?;
    obj.set_named_property("code", name)?;
    obj.set_named_property("$fault", if server { "server" } else { "client" })?;
    let mut metadata = Object::new(env)?;
    metadata.set_named_property("httpStatusCode", if server { 500 } else { 400 })?;
    metadata.set_named_property("attempts", 1)?;
    metadata.set_named_property("totalRetryDelay", 0)?;
    obj.set_named_property("$metadata", metadata)?;
    Ok(obj)
}

/// The failure of a KMS call through the core's model: a core error as [`core_error`] maps
/// it; a member the operation does not have, or a missing required one, a `TypeError` with
/// `code` = `'ERR_INVALID_ARG_VALUE'` in botocore's words (a request refused before it is sent);
/// the model's other refusals (`InvalidGrantTokenException`, …) an `Error` named by their code.
pub(crate) fn wire_error(env: &Env, err: datakey::wire::WireError) -> Error {
    use datakey::wire::WireError;
    let (code, message, server) = (err.code(), err.message(), err.status() == 500);
    match err {
        WireError::Kms(e) => core_error(env, &e),
        // Secrets Manager's exception names (`InternalServiceError` for what it has no name for),
        // with the structured refusal of an `AccessDeniedException`.
        WireError::Secrets(e) => {
            let built = service_error(env, code, message, server).and_then(|mut obj| {
                if let Some(denied) = e.access_denied() {
                    obj.set_named_property("principal", denied.principal.as_str())?;
                    obj.set_named_property("action", denied.action.as_str())?;
                    obj.set_named_property("resource", denied.resource.as_str())?;
                    obj.set_named_property("reason", access_denied_reason(env, &denied.reason)?)?;
                }
                Ok(Error::from(obj.to_unknown()))
            });
            built.unwrap_or_else(|e| e)
        }
        WireError::ParamValidation(m) => value_error(env, m),
        other => match service_error(env, other.code(), other.message(), other.status() == 500) {
            Ok(obj) => Error::from(obj.to_unknown()),
            Err(e) => e,
        },
    }
}

/// The structured reason as a plain object: `kind` (`NoStatementAllows`, `ExplicitDeny`,
/// `ConditionNotMet`, `OtherAccount`, `CredentialsExpired`), `message` (the core's wording), and
/// the fields of that kind.
fn access_denied_reason<'e>(
    env: &'e Env,
    reason: &datakey::AccessDeniedReason,
) -> Result<Object<'e>> {
    use datakey::AccessDeniedReason as R;
    let mut obj = Object::new(env)?;
    obj.set_named_property("kind", reason.kind())?;
    obj.set_named_property("message", reason.to_string())?;
    match reason {
        R::ExplicitDeny { statement } => {
            obj.set_named_property("statement", statement.as_str())?;
        }
        R::ConditionNotMet {
            statement,
            operator,
            key,
            value,
        } => {
            obj.set_named_property("statement", statement.as_str())?;
            obj.set_named_property("operator", operator.as_str())?;
            obj.set_named_property("key", key.as_str())?;
            // `null`: the request had no value for the condition key.
            obj.set_named_property("value", value.as_deref())?;
        }
        R::OtherAccount { account } => {
            obj.set_named_property("account", account.as_str())?;
        }
        R::CredentialsExpired { expired_at } => {
            obj.set_named_property("expiredAt", env.create_date(to_ms(*expired_at))?)?;
        }
        // `NoStatementAllows`, and any kind a later core adds: `kind` and `message` say it all.
        _ => {}
    }
    Ok(obj)
}

/// A JavaScript `Error` named `PanicException` for a Rust panic caught before it could unwind
/// into napi (which would abort the process).
pub(crate) fn panic_error(env: &Env, panic: &Panicked) -> Error {
    build_panic_error(env, panic).unwrap_or_else(|e| e)
}

fn build_panic_error(env: &Env, panic: &Panicked) -> Result<Error> {
    const NAME: &str = "PanicException";
    let mut obj = env.create_error(Error::new(Status::GenericFailure, panic.message()))?;
    obj.set_named_property("name", NAME)?;
    obj.set_named_property("code", NAME)?;
    Ok(Error::from(obj.to_unknown()))
}

/// A real JavaScript `TypeError` with `code` = `'ERR_INVALID_ARG_TYPE'`.
pub(crate) fn type_error(env: &Env, message: impl Into<String>) -> Error {
    let err = JsTypeError::from(Error::new("ERR_INVALID_ARG_TYPE", message.into()));
    Error::from(err.into_unknown(*env))
}

/// A `TypeError` with `code` = `'ERR_INVALID_ARG_VALUE'` (a value of the right type that can
/// never be valid, such as a string with a lone surrogate), as Node's own APIs throw.
pub(crate) fn value_error(env: &Env, message: impl Into<String>) -> Error {
    let err = JsTypeError::from(Error::new("ERR_INVALID_ARG_VALUE", message.into()));
    Error::from(err.into_unknown(*env))
}

/// A `RangeError` with `code` = `'ERR_OUT_OF_RANGE'` (a number that can never be valid, such as a
/// negative or fractional byte count), as Node's own APIs throw.
pub(crate) fn range_error(env: &Env, message: impl Into<String>) -> Error {
    let err = JsRangeError::from(Error::new("ERR_OUT_OF_RANGE", message.into()));
    Error::from(err.into_unknown(*env))
}

/// Extension to turn a core result into a binding result on the JavaScript thread.
pub(crate) trait OrThrow<T> {
    /// Maps a core error to its JavaScript exception.
    fn or_throw(self, env: &Env) -> Result<T>;
}

impl<T> OrThrow<T> for datakey::Result<T> {
    fn or_throw(self, env: &Env) -> Result<T> {
        self.map_err(|e| core_error(env, &e))
    }
}

/// An `Error` with `code` = `'ERR_INVALID_STATE'`: a call that the object's state does not allow
/// (overlapping `update`s, `update` after `finish`), as Node's own streams throw.
pub(crate) fn state_error(env: &Env, message: impl Into<String>) -> Error {
    let err = JsError::from(Error::new("ERR_INVALID_STATE", message.into()));
    Error::from(err.into_unknown(*env))
}
