//! The injectable clock: `new ManualClock(start)` is handed to `new LocalKms({ clock })`, and tests
//! move time with `advance` instead of sleeping.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use napi::JsDate;
use napi::bindgen_prelude::*;
use napi_derive::napi;

use crate::convert::{describe, number, opt};
use crate::error::{range_error, type_error};

/// A clock that moves only when told to (the core's `ManualClock`). Every `LocalKms` built with
/// it sees the same time, so a test can say "a year passes" and watch keys rotate.
///
/// Times are JavaScript `Date`s or milliseconds since the Unix epoch.
#[napi]
pub struct ManualClock {
    pub(crate) inner: datakey::ManualClock,
}

/// Milliseconds since the Unix epoch of a `Date` or a number.
pub(crate) fn to_system_time(env: &Env, value: Unknown<'_>, what: &str) -> Result<SystemTime> {
    let ms = if value.is_date()? {
        JsDate::from_unknown(value)?.value_of()?
    } else if value.get_type()? == ValueType::Number {
        f64::from_unknown(value)?
    } else {
        return Err(type_error(
            env,
            format!(
                "The \"{what}\" argument must be a Date or a number of milliseconds. {}",
                describe(&value)
            ),
        ));
    };
    duration_from_ms(env, ms, what).map(|d| UNIX_EPOCH + d)
}

pub(crate) fn duration_from_ms(env: &Env, ms: f64, what: &str) -> Result<Duration> {
    Duration::try_from_secs_f64(ms / 1000.0).map_err(|_| {
        range_error(
            env,
            format!(
                "The value of \"{what}\" is out of range. It must be a finite number of milliseconds >= 0. Received {ms}"
            ),
        )
    })
}

/// The core clock of an optional `ManualClock` argument (`None` when absent), or a `TypeError`.
pub(crate) fn manual_clock_arg(
    env: &Env,
    value: Option<Unknown<'_>>,
    what: &str,
) -> Result<Option<datakey::SharedClock>> {
    opt(value, |v| {
        let clock = ClassInstance::<ManualClock>::from_unknown(v).map_err(|_| {
            type_error(
                env,
                format!(
                    "The \"{what}\" argument must be an instance of ManualClock. {}",
                    describe(&v)
                ),
            )
        })?;
        let shared: datakey::SharedClock = std::sync::Arc::new(clock.inner.clone());
        Ok(shared)
    })
}

/// Milliseconds since the Unix epoch (negative before 1970).
pub(crate) fn to_ms(t: SystemTime) -> f64 {
    match t.duration_since(UNIX_EPOCH) {
        Ok(d) => d.as_secs_f64() * 1000.0,
        Err(e) => -(e.duration().as_secs_f64() * 1000.0),
    }
}

#[napi]
impl ManualClock {
    /// A clock stopped at `start` (a `Date` or epoch milliseconds; default: now).
    #[napi(catch_unwind, constructor, ts_args_type = "start?: Date | number")]
    pub fn new(env: Env, start: Option<Unknown<'_>>) -> Result<Self> {
        let start = match start {
            Some(v) if !matches!(v.get_type()?, ValueType::Undefined) => {
                to_system_time(&env, v, "start")?
            }
            _ => SystemTime::now(),
        };
        Ok(Self {
            inner: datakey::ManualClock::new(start),
        })
    }

    /// Moves the clock forward by `ms` milliseconds.
    #[napi(catch_unwind, ts_args_type = "ms: number")]
    pub fn advance(&self, env: Env, ms: Unknown<'_>) -> Result<()> {
        let ms = number(&env, ms, "ms")?;
        let by = duration_from_ms(&env, ms, "ms")?;
        self.inner.advance(by);
        Ok(())
    }

    /// Moves the clock forward by `days` days.
    #[napi(catch_unwind, ts_args_type = "days: number")]
    pub fn advance_days(&self, env: Env, days: Unknown<'_>) -> Result<()> {
        let days = number(&env, days, "days")?;
        let by = duration_from_ms(&env, days * 86_400_000.0, "days")?;
        self.inner.advance(by);
        Ok(())
    }

    /// Sets the clock to `to` (a `Date` or epoch milliseconds; may be in the past).
    #[napi(catch_unwind, ts_args_type = "to: Date | number")]
    pub fn set(&self, env: Env, to: Unknown<'_>) -> Result<()> {
        let to = to_system_time(&env, to, "to")?;
        self.inner.set(to);
        Ok(())
    }

    /// The clock's current time as a `Date`.
    #[napi(catch_unwind, ts_return_type = "Date")]
    pub fn now<'e>(&self, env: &'e Env) -> Result<JsDate<'e>> {
        use datakey::Clock;
        env.create_date(to_ms(self.inner.now()))
    }
}
