//! Work that runs on the libuv thread pool (`AsyncTask`) or, for the `…Sync` twins, on the
//! calling thread — the same [`Job::run`] either way.

use napi::ScopedTask;
use napi::bindgen_prelude::*;

use crate::error::{OrThrow, core_error};

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

/// A [`Job`] as a napi task. The core result travels back as a value, so that a core error
/// becomes its named JavaScript `Error` on the JavaScript thread.
pub struct Work<J: Job>(Option<J>);

impl<'task, J: Job> ScopedTask<'task> for Work<J> {
    type Output = datakey::Result<J::Out>;
    type JsValue = J::Js<'task>;

    fn compute(&mut self) -> Result<Self::Output> {
        let job = self
            .0
            .take()
            .ok_or_else(|| Error::new(Status::GenericFailure, "the task ran twice"))?;
        Ok(job.run())
    }

    fn resolve(&mut self, env: &'task Env, output: Self::Output) -> Result<Self::JsValue> {
        match output {
            Ok(out) => J::to_js(env, out),
            Err(e) => Err(core_error(env, &e)),
        }
    }
}

/// The async form: a promise for the job's result.
pub(crate) fn spawn<J: Job>(job: J) -> AsyncTask<Work<J>> {
    AsyncTask::new(Work(Some(job)))
}

/// The sync form: the same job on the calling thread.
pub(crate) fn run_sync<J: Job>(env: &Env, job: J) -> Result<J::Js<'_>> {
    let out = job.run().or_throw(env)?;
    J::to_js(env, out)
}
