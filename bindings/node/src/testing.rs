//! Test-only entry points that panic on purpose, so that the tests can prove a Rust panic becomes
//! a JavaScript error instead of aborting Node. Exported under `__`-prefixed names and left out of
//! the TypeScript declarations (`skip_typescript`): they are not part of the API.

use napi::bindgen_prelude::*;
use napi_derive::napi;

use crate::task::{Job, Work, run_sync, spawn};

/// Where the test panic happens.
#[derive(Clone, Copy)]
enum Site {
    /// In the exported function's own body, outside any job (caught by `#[napi(catch_unwind)]`).
    Body,
    /// In [`Job::run`] (on a libuv worker for the async form).
    Run,
    /// In [`Job::to_js`] (on the JavaScript thread, inside napi's completion callback for the
    /// async form).
    ToJs,
}

fn site(env: &Env, value: Option<String>, allow_body: bool) -> Result<Site> {
    match value.as_deref() {
        None | Some("run") => Ok(Site::Run),
        Some("toJs") => Ok(Site::ToJs),
        Some("body") if allow_body => Ok(Site::Body),
        Some(other) => Err(crate::error::type_error(
            env,
            format!("unknown panic site {other:?}"),
        )),
    }
}

/// A job that panics with its message in `run` or in `to_js`.
pub struct PanicJob {
    message: String,
    in_to_js: bool,
}

impl Job for PanicJob {
    type Out = String;
    type Js<'e> = ();

    fn run(self) -> datakey::Result<String> {
        if self.in_to_js {
            return Ok(self.message);
        }
        panic!("{}", self.message)
    }

    fn to_js(_env: &Env, message: String) -> Result<()> {
        panic!("{message}")
    }
}

/// Test only: panics with `message` at `site` (`'body'`, `'run'` — the default — or `'toJs'`).
#[napi(catch_unwind, js_name = "__panicForTests", skip_typescript)]
pub fn panic_for_tests(env: &Env, message: String, site_name: Option<String>) -> Result<()> {
    match site(env, site_name, true)? {
        Site::Body => panic!("{message}"),
        Site::Run => run_sync(
            env,
            PanicJob {
                message,
                in_to_js: false,
            },
        ),
        Site::ToJs => run_sync(
            env,
            PanicJob {
                message,
                in_to_js: true,
            },
        ),
    }
}

/// Test only: a promise whose task panics with `message` at `site` (`'run'`, on a libuv worker —
/// the default — or `'toJs'`).
#[napi(catch_unwind, js_name = "__panicForTestsAsync", skip_typescript)]
pub fn panic_for_tests_async(
    env: &Env,
    message: String,
    site_name: Option<String>,
) -> Result<AsyncTask<Work<PanicJob>>> {
    let in_to_js = matches!(site(env, site_name, false)?, Site::ToJs);
    Ok(spawn(PanicJob { message, in_to_js }))
}
