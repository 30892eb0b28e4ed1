//! The injectable clock: `datakey.ManualClock`, or any Python object with a `now()` method.

use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use datakey::{Clock, SharedClock, SystemClock};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDateTime, PyDelta};

/// Converts a time to an aware UTC `datetime`.
pub(crate) fn to_datetime<'py>(py: Python<'py>, t: SystemTime) -> PyResult<Bound<'py, PyDateTime>> {
    if t.duration_since(UNIX_EPOCH).is_err() {
        return Err(PyValueError::new_err(
            "time before 1970-01-01 cannot be represented",
        ));
    }
    t.into_pyobject(py)
}

/// Converts an aware `datetime` to a time. Naive datetimes are refused: their meaning depends on
/// the machine's time zone.
pub(crate) fn from_datetime(what: &str, obj: &Bound<'_, PyAny>) -> PyResult<SystemTime> {
    if !obj.is_instance_of::<PyDateTime>() {
        return Err(PyTypeError::new_err(format!(
            "{what} must be a datetime, not '{}'",
            obj.get_type()
                .name()
                .map(|n| n.to_string())
                .unwrap_or_default()
        )));
    }
    if obj.getattr("tzinfo")?.is_none() || obj.call_method0("utcoffset")?.is_none() {
        return Err(PyValueError::new_err(format!(
            "{what} must be timezone-aware (for example datetime.now(timezone.utc)), got a naive datetime"
        )));
    }
    obj.extract::<SystemTime>().map_err(|_| {
        PyValueError::new_err(format!("{what} must not be before 1970-01-01T00:00:00Z"))
    })
}

/// A length of time given as a non-negative number of seconds or a `timedelta` (`what` names
/// the argument in the errors).
pub(crate) fn duration(what: &str, obj: &Bound<'_, PyAny>) -> PyResult<Duration> {
    if obj.is_instance_of::<PyDelta>() {
        return obj
            .extract::<Duration>()
            .map_err(|_| PyValueError::new_err(format!("{what} must not be negative")));
    }
    let secs: f64 = obj.extract().map_err(|_| {
        PyTypeError::new_err(format!("{what} takes a number of seconds or a timedelta"))
    })?;
    Duration::try_from_secs_f64(secs).map_err(|_| {
        PyValueError::new_err(format!(
            "{what} needs a finite, non-negative number of seconds, got {secs}"
        ))
    })
}

/// The Python `timedelta` of a duration.
pub(crate) fn to_timedelta<'py>(py: Python<'py>, d: Duration) -> PyResult<Bound<'py, PyAny>> {
    d.into_pyobject(py).map(Bound::into_any)
}

/// A clock shared with the core: datakey's own [`datakey::ManualClock`].
///
/// A clock that only moves when told to. Pass it as `LocalKms(clock=...)` and move time with
/// `advance(seconds)` or `set(datetime)`: rotation periods and deletion windows follow it.
#[pyclass(frozen, module = "datakey", name = "ManualClock")]
pub(crate) struct PyManualClock(pub(crate) datakey::ManualClock);

#[pymethods]
impl PyManualClock {
    /// A clock stopped at `start` (an aware datetime; the current time when omitted).
    #[new]
    #[pyo3(signature = (start=None))]
    fn new(start: Option<&Bound<'_, PyAny>>) -> PyResult<Self> {
        let start = match start {
            Some(s) if !s.is_none() => from_datetime("start", s)?,
            _ => SystemTime::now(),
        };
        Ok(Self(datakey::ManualClock::new(start)))
    }

    /// The clock's current time, an aware UTC datetime.
    fn now<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDateTime>> {
        to_datetime(py, self.0.now())
    }

    /// Moves the clock forward by `seconds` (a non-negative number, or a `timedelta`).
    fn advance(&self, seconds: &Bound<'_, PyAny>) -> PyResult<()> {
        let by = duration("advance()", seconds).map_err(|e| {
            if seconds.is_instance_of::<PyDelta>() {
                PyValueError::new_err("cannot move a clock backwards with advance(); use set()")
            } else {
                e
            }
        })?;
        let now = self.0.now();
        if now.checked_add(by).is_none() {
            return Err(PyValueError::new_err("advance() would overflow the clock"));
        }
        self.0.advance(by);
        Ok(())
    }

    /// Sets the clock to `to` (an aware datetime; it may be in the past).
    fn set(&self, to: &Bound<'_, PyAny>) -> PyResult<()> {
        self.0.set(from_datetime("to", to)?);
        Ok(())
    }

    fn __repr__(&self) -> PyResult<String> {
        let now = self.0.now().duration_since(UNIX_EPOCH).unwrap_or_default();
        Ok(format!(
            "ManualClock(unix_time={}.{:06})",
            now.as_secs(),
            now.subsec_micros()
        ))
    }
}

/// A Python object with a `now()` method returning an aware datetime, as a core [`Clock`].
///
/// [`Clock::now`] cannot fail, so a failing `now()` (an exception, a naive datetime) is kept and
/// raised when the operation that read the clock returns ([`PyClock::take_error`]); meanwhile the
/// last good reading (or the system time) stands in.
pub(crate) struct PyClock {
    obj: Py<PyAny>,
    state: Mutex<PyClockState>,
}

struct PyClockState {
    last: Option<SystemTime>,
    error: Option<PyErr>,
}

impl PyClock {
    fn read(&self, py: Python<'_>) -> PyResult<SystemTime> {
        let value = self.obj.bind(py).call_method0("now")?;
        from_datetime("clock.now()", &value)
    }

    /// The first error the Python clock raised since the last call, if any.
    pub(crate) fn take_error(&self) -> Option<PyErr> {
        self.state
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .error
            .take()
    }
}

impl Clock for PyClock {
    fn now(&self) -> SystemTime {
        Python::attach(|py| {
            let reading = self.read(py);
            let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
            match reading {
                Ok(t) => {
                    state.last = Some(t);
                    t
                }
                Err(e) => {
                    if state.error.is_none() {
                        state.error = Some(e);
                    }
                    state.last.unwrap_or_else(SystemTime::now)
                }
            }
        })
    }
}

impl fmt::Debug for PyClock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PyClock").finish_non_exhaustive()
    }
}

/// The clock given to `LocalKms(clock=...)`.
pub(crate) struct ClockArg {
    /// The clock the core uses.
    pub(crate) shared: SharedClock,
    /// Set when the clock is a Python object, to surface its errors.
    pub(crate) python: Option<Arc<PyClock>>,
}

/// `None` → the system clock; a `datakey.ManualClock` → the core clock it wraps (shared time);
/// any object with a callable `now` → a [`PyClock`], read once now to check it.
pub(crate) fn extract(obj: Option<&Bound<'_, PyAny>>) -> PyResult<ClockArg> {
    let Some(obj) = obj.filter(|o| !o.is_none()) else {
        return Ok(ClockArg {
            shared: Arc::new(SystemClock),
            python: None,
        });
    };
    if let Ok(manual) = obj.cast::<PyManualClock>() {
        return Ok(ClockArg {
            shared: Arc::new(manual.get().0.clone()),
            python: None,
        });
    }
    let callable = obj.getattr("now").map(|n| n.is_callable()).unwrap_or(false);
    if !callable {
        return Err(PyTypeError::new_err(
            "clock must be a datakey.ManualClock or an object with a now() method returning an aware datetime",
        ));
    }
    let clock = Arc::new(PyClock {
        obj: obj.clone().unbind(),
        state: Mutex::new(PyClockState {
            last: None,
            error: None,
        }),
    });
    let first = clock.read(obj.py())?;
    clock
        .state
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .last = Some(first);
    Ok(ClockArg {
        shared: clock.clone(),
        python: Some(clock),
    })
}
