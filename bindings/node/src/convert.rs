//! JavaScript → Rust input conversion, with a `TypeError` for every value of the wrong type.
//!
//! Byte inputs accept a `Buffer`, any `Uint8Array` (or a view of one) and an `ArrayBuffer`.
//! Request objects (`{ KeyId, Plaintext, … }`) are read field by field; an absent field and
//! `undefined` / `null` are the same, as in the AWS SDK for JavaScript v3. The binding checks only
//! JavaScript types here: every rule about values (lengths, ranges, formats) belongs to the core.

use std::ops::Deref;

use napi::bindgen_prelude::*;

use crate::error::{range_error, type_error, value_error};

/// The bytes of a `Buffer`, `Uint8Array` or `ArrayBuffer`, borrowed from the JavaScript heap for
/// the duration of one synchronous call.
pub(crate) struct JsBytes<'a>(ArrayBuffer<'a>);

impl Deref for JsBytes<'_> {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        &self.0
    }
}

/// How a value of the wrong type is described in a `TypeError`, in the style of Node's
/// `ERR_INVALID_ARG_TYPE` ("Received type number (42)").
pub(crate) fn describe(value: &Unknown<'_>) -> String {
    match value.get_type() {
        Ok(ValueType::Undefined) => "Received undefined".to_owned(),
        Ok(ValueType::Null) => "Received null".to_owned(),
        Ok(ValueType::Boolean) => match bool::from_unknown(*value) {
            Ok(b) => format!("Received type boolean ({b})"),
            Err(_) => "Received type boolean".to_owned(),
        },
        Ok(ValueType::Number) => match f64::from_unknown(*value) {
            Ok(n) => format!("Received type number ({n})"),
            Err(_) => "Received type number".to_owned(),
        },
        Ok(ValueType::String) => match String::from_unknown(*value) {
            Ok(s) if s.chars().count() > 25 => {
                let short: String = s.chars().take(25).collect();
                format!("Received type string ('{short}...')")
            }
            Ok(s) => format!("Received type string ('{s}')"),
            Err(_) => "Received type string".to_owned(),
        },
        Ok(ValueType::Function) => "Received function".to_owned(),
        Ok(ValueType::Object) => match constructor_name(value) {
            Some(name) => format!("Received an instance of {name}"),
            None => "Received an object".to_owned(),
        },
        Ok(ValueType::Symbol) => "Received type symbol".to_owned(),
        Ok(other) => format!("Received type {other}"),
        Err(_) => "Received a value of unknown type".to_owned(),
    }
}

fn constructor_name(value: &Unknown<'_>) -> Option<String> {
    let obj = Object::from_unknown(*value).ok()?;
    let ctor: Unknown<'_> = obj.get_named_property("constructor").ok()?;
    if ctor.get_type().ok()? != ValueType::Function {
        return None;
    }
    let ctor = Object::from_unknown(ctor).ok()?;
    let name: Unknown<'_> = ctor.get_named_property("name").ok()?;
    if name.get_type().ok()? != ValueType::String {
        return None;
    }
    String::from_unknown(name).ok().filter(|n| !n.is_empty())
}

/// True for `undefined` and `null`.
pub(crate) fn is_nullish(value: &Unknown<'_>) -> Result<bool> {
    Ok(matches!(
        value.get_type()?,
        ValueType::Undefined | ValueType::Null
    ))
}

/// The bytes of `value`, or a `TypeError` naming `what` (`"Plaintext"`, `"message"`, …).
pub(crate) fn bytes<'a>(env: &Env, value: Unknown<'a>, what: &str) -> Result<JsBytes<'a>> {
    if value.is_typedarray()? {
        let view = TypedArray::from_unknown(value)?;
        if view.typed_array_type == TypedArrayType::Uint8 {
            return Ok(JsBytes(view.arraybuffer));
        }
    } else if value.is_arraybuffer()? {
        return Ok(JsBytes(ArrayBuffer::from_unknown(value)?));
    }
    Err(type_error(
        env,
        format!(
            "The \"{what}\" argument must be an instance of Buffer, Uint8Array or ArrayBuffer. {}",
            describe(&value)
        ),
    ))
}

/// `value` as a string, or a `TypeError` (`ERR_INVALID_ARG_TYPE` for another type,
/// `ERR_INVALID_ARG_VALUE` for a string with a lone surrogate).
pub(crate) fn string(env: &Env, value: Unknown<'_>, what: &str) -> Result<String> {
    if value.get_type()? == ValueType::String {
        return well_formed(env, value, || format!("The \"{what}\" argument"));
    }
    Err(type_error(
        env,
        format!(
            "The \"{what}\" argument must be of type string. {}",
            describe(&value)
        ),
    ))
}

/// The JavaScript string `value` as UTF-8, refused when it holds a lone surrogate (a UTF-16 code
/// unit U+D800..U+DFFF without its pair), which has no UTF-8 form: napi would turn each into
/// U+FFFD, so two different strings would reach the core as one (and an encryption context bound
/// to `"x\u{d800}"` would match `"x\u{dfff}"`). Python refuses such strings too. `subject`
/// names the string for the error ("The \"options.keyName\" argument").
fn well_formed(env: &Env, value: Unknown<'_>, subject: impl FnOnce() -> String) -> Result<String> {
    let s = String::from_unknown(value)?;
    // Only a string whose UTF-8 form holds U+FFFD can have had a lone surrogate: look at its
    // UTF-16 code units to tell one from a real U+FFFD.
    if !s.contains('\u{fffd}') {
        return Ok(s);
    }
    let units = Utf16String::from_unknown(value)?;
    match char::decode_utf16(units.iter().copied())
        .scan(0usize, |index, c| {
            let at = *index;
            *index += c.as_ref().map_or(1, |c| c.len_utf16());
            Some((at, c))
        })
        .find_map(|(at, c)| c.err().map(|e| (at, e.unpaired_surrogate())))
    {
        None => Ok(s),
        Some((at, unit)) => Err(value_error(
            env,
            format!(
                "{} must be a well-formed Unicode string, without a lone surrogate \
                 (U+{unit:04X} at index {at}).",
                subject()
            ),
        )),
    }
}

/// `value` as a number (any `number`, including `NaN`), or a `TypeError`.
pub(crate) fn number(env: &Env, value: Unknown<'_>, what: &str) -> Result<f64> {
    if value.get_type()? == ValueType::Number {
        return f64::from_unknown(value);
    }
    Err(type_error(
        env,
        format!(
            "The \"{what}\" argument must be of type number. {}",
            describe(&value)
        ),
    ))
}

/// `value` as a whole number, or a `TypeError` (not a number) / `RangeError` (a fraction, or
/// beyond ±2^53). The sign and the range are left to the core, which answers out-of-range values
/// with KMS's own `ValidationException`.
pub(crate) fn int64(env: &Env, value: Unknown<'_>, what: &str) -> Result<i64> {
    const MAX_SAFE: f64 = 9_007_199_254_740_991.0;
    let n = number(env, value, what)?;
    if n.fract() != 0.0 || !(-MAX_SAFE..=MAX_SAFE).contains(&n) {
        return Err(range_error(
            env,
            format!("The value of \"{what}\" is out of range. It must be an integer. Received {n}"),
        ));
    }
    // A safe integer, so the conversion is exact.
    #[allow(clippy::cast_possible_truncation)]
    Ok(n as i64)
}

/// `value` as an unsigned 64-bit integer: a whole `number` (0..=2^53 − 1) or a `bigint`
/// (0..=2^64 − 1). A `TypeError` for other types, a `RangeError` for a negative, fractional or
/// too large value (which `u64` cannot carry to the core).
pub(crate) fn uint64(env: &Env, value: Unknown<'_>, what: &str) -> Result<u64> {
    if value.get_type()? == ValueType::BigInt {
        let (negative, n, lossless) = BigInt::from_unknown(value)?.get_u64();
        if negative || !lossless {
            return Err(range_error(
                env,
                format!(
                    "The value of \"{what}\" is out of range. It must be >= 0n and < 2n ** 64n."
                ),
            ));
        }
        return Ok(n);
    }
    if value.get_type()? != ValueType::Number {
        return Err(type_error(
            env,
            format!(
                "The \"{what}\" argument must be of type number or bigint. {}",
                describe(&value)
            ),
        ));
    }
    let n = int64(env, value, what)?;
    u64::try_from(n).map_err(|_| {
        range_error(
            env,
            format!("The value of \"{what}\" is out of range. It must be >= 0. Received {n}"),
        )
    })
}

/// `value` as a boolean, or a `TypeError`.
pub(crate) fn boolean(env: &Env, value: Unknown<'_>, what: &str) -> Result<bool> {
    if value.get_type()? == ValueType::Boolean {
        return bool::from_unknown(value);
    }
    Err(type_error(
        env,
        format!(
            "The \"{what}\" argument must be of type boolean. {}",
            describe(&value)
        ),
    ))
}

/// An encryption context from a plain object of string values (`undefined` / `null` = empty).
pub(crate) fn encryption_context(
    env: &Env,
    value: Unknown<'_>,
    what: &str,
) -> Result<datakey::EncryptionContext> {
    let mut ec = datakey::EncryptionContext::new();
    if is_nullish(&value)? {
        return Ok(ec);
    }
    if value.get_type()? != ValueType::Object
        || value.is_array()?
        || value.is_typedarray()?
        || value.is_arraybuffer()?
    {
        return Err(type_error(
            env,
            format!(
                "The \"{what}\" argument must be an object mapping strings to strings. {}",
                describe(&value)
            ),
        ));
    }
    let obj = Object::from_unknown(value)?;
    // The enumerable string keys (as `for…in`), each read and looked up as the JavaScript
    // string it is: a key may hold a NUL character, or a lone surrogate to refuse.
    let names = obj.get_property_names()?;
    for i in 0..names.get_array_length()? {
        let name: Unknown<'_> = names.get_element(i)?;
        let key = well_formed(env, name, || {
            format!("The \"{what}\" argument has a key that")
        })?;
        let v: Unknown<'_> = obj.get_property(name)?;
        let v = string(env, v, &format!("{what}.{key}"))?;
        ec.insert(key, v);
    }
    Ok(ec)
}

/// A list of strings (`GrantTokens`, …).
pub(crate) fn string_list(env: &Env, value: Unknown<'_>, what: &str) -> Result<Vec<String>> {
    if !value.is_array()? {
        return Err(type_error(
            env,
            format!(
                "The \"{what}\" argument must be an array of strings. {}",
                describe(&value)
            ),
        ));
    }
    let arr = Array::from_unknown(value)?;
    let mut out = Vec::with_capacity(arr.len() as usize);
    for i in 0..arr.len() {
        let item: Unknown<'_> = arr.get_element(i)?;
        out.push(string(env, item, &format!("{what}[{i}]"))?);
    }
    Ok(out)
}

/// A required field: its value, or `undefined` when absent (so that the type check that follows
/// reports "Received undefined").
pub(crate) fn present<'a>(env: &'a Env, value: Option<Unknown<'a>>) -> Result<Unknown<'a>> {
    match value {
        Some(v) => Ok(v),
        None => ().into_unknown(env),
    }
}

/// `f(value)` for a present value, `None` for an absent field, `undefined` or `null`.
pub(crate) fn opt<'a, T>(
    value: Option<Unknown<'a>>,
    f: impl FnOnce(Unknown<'a>) -> Result<T>,
) -> Result<Option<T>> {
    match value {
        Some(v) if !is_nullish(&v)? => f(v).map(Some),
        _ => Ok(None),
    }
}

/// A request argument (`input` of an SDK v3 operation, or an options bag) read as the
/// `#[napi(object)]` struct `T`, whose fields are raw [`Unknown`]s checked afterwards with the
/// converters above. `undefined` / `null` read as `{}`; anything but a plain object is a
/// `TypeError`.
pub(crate) fn request<'a, T: FromNapiValue>(
    env: &'a Env,
    value: Option<Unknown<'a>>,
    what: &str,
) -> Result<T> {
    match value {
        Some(v) if !is_nullish(&v)? => {
            if v.get_type()? != ValueType::Object
                || v.is_array()?
                || v.is_typedarray()?
                || v.is_arraybuffer()?
            {
                return Err(type_error(
                    env,
                    format!(
                        "The \"{what}\" argument must be of type object. {}",
                        describe(&v)
                    ),
                ));
            }
            T::from_unknown(v)
        }
        _ => T::from_unknown(Object::new(env)?.to_unknown()),
    }
}

/// A JavaScript object `{ key: value }` for an encryption context.
pub(crate) fn ec_to_js<'e>(env: &'e Env, ec: &datakey::EncryptionContext) -> Result<Object<'e>> {
    let mut obj = Object::new(env)?;
    for (k, v) in ec.iter() {
        obj.set_named_property(k, v)?;
    }
    Ok(obj)
}
