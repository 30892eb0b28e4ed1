//! Work that runs on the libuv thread pool (`AsyncTask`) or, for the `…Sync` twins, on the
//! calling thread — the same [`Job::run`] either way.
//!
//! Both forms catch a panic of the job (in [`Job::run`] or [`Job::to_js`]) and turn it into a
//! JavaScript `Error` named `PanicException` ([`panic_error`]): no panic unwinds into napi's
//! `extern "C"` callbacks, where it would abort the process. That matters most for the async form,
//! whose `compute` runs on a libuv worker inside napi's `execute` callback, which does not catch
//! panics itself. (Every exported function also carries `#[napi(catch_unwind)]`, the net for a
//! panic anywhere else: it throws a plain `Error` with the panic message.)

use std::any::Any;
use std::panic::{AssertUnwindSafe, catch_unwind};

use napi::ScopedTask;
use napi::bindgen_prelude::*;

use crate::error::{OrThrow, core_error, panic_error};

/// One unit of core work: owned inputs (`Send`, so it can move to a worker thread), the core
/// call, and the conversion of its result to JavaScript (on the JavaScript thread).
pub trait Job: Send + 'static {
    /// The core result.
    type Out: Send + 'static;
    /// The JavaScript value the promise resolves to.
    type Js<'e>: ToNapiValue + TypeName;
    /// The core call.
    fn run(self) -> datakey::Result<Self::Out>;
    /// The conversion to JavaScript.
    fn to_js(env: &Env, out: Self::Out) -> Result<Self::Js<'_>>;
}

/// The message of a caught panic.
pub struct Panicked(String);

impl Panicked {
    /// The panic message (`panic!`'s formatted text).
    pub(crate) fn message(&self) -> &str {
        &self.0
    }
}

/// Runs `f`, catching a panic as [`Panicked`].
///
/// `AssertUnwindSafe`: after a panic nothing observes the job's state again — the job was moved
/// into `f` and is dropped during the unwind; shared core state (a `LocalKms`, a cache) is behind
/// the core's own locks, whose poisoning the core already handles.
pub(crate) fn catch_panic<T>(f: impl FnOnce() -> T) -> std::result::Result<T, Panicked> {
    catch_unwind(AssertUnwindSafe(f)).map_err(|payload| Panicked(panic_message(payload)))
}

fn panic_message(payload: Box<dyn Any + Send>) -> String {
    match payload.downcast::<String>() {
        Ok(s) => *s,
        Err(payload) => match payload.downcast::<&'static str>() {
            Ok(s) => (*s).to_owned(),
            Err(payload) => {
                // A payload of another type could panic again from its `Drop`; leaking this one
                // exceptional box is better than a second panic crossing the FFI boundary (napi-rs
                // does the same).
                std::mem::forget(payload);
                "Rust panic with a non-string payload".to_owned()
            }
        },
    }
}

/// A [`Job`] as a napi task. The core result travels back as a value, so that a core error
/// becomes its named JavaScript `Error` on the JavaScript thread.
pub struct Work<J: Job>(Option<J>);

impl<'task, J: Job> ScopedTask<'task> for Work<J> {
    type Output = std::result::Result<datakey::Result<J::Out>, Panicked>;
    type JsValue = J::Js<'task>;

    fn compute(&mut self) -> Result<Self::Output> {
        let job = self
            .0
            .take()
            .ok_or_else(|| Error::new(Status::GenericFailure, "the task ran twice"))?;
        Ok(catch_panic(|| job.run()))
    }

    fn resolve(&mut self, env: &'task Env, output: Self::Output) -> Result<Self::JsValue> {
        match output {
            Ok(Ok(out)) => {
                catch_panic(|| J::to_js(env, out)).unwrap_or_else(|p| Err(panic_error(env, &p)))
            }
            Ok(Err(e)) => Err(core_error(env, &e)),
            Err(p) => Err(panic_error(env, &p)),
        }
    }
}

/// The async form: a promise for the job's result.
pub(crate) fn spawn<J: Job>(job: J) -> AsyncTask<Work<J>> {
    AsyncTask::new(Work(Some(job)))
}

/// The sync form: the same job on the calling thread.
pub(crate) fn run_sync<J: Job>(env: &Env, job: J) -> Result<J::Js<'_>> {
    catch_panic(|| {
        let out = job.run().or_throw(env)?;
        J::to_js(env, out)
    })
    .unwrap_or_else(|p| Err(panic_error(env, &p)))
}
