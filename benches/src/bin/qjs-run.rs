//! Minimal QuickJS (quickjs-ng, bundled by `rquickjs`) runner for the
//! benchmark driver: `qjs-run FILE.js`.
//!
//! Evaluates FILE as a sloppy-mode classic script with `print` and
//! `console.log` writing to stdout, runs pending jobs, and exits with
//! status 1 on an uncaught exception (status 2 on a usage or I/O error).
//! `qjs-run --version` prints the bundled QuickJS-ng version.

use std::io::Write;
use std::process::ExitCode;

use rquickjs::context::EvalOptions;
use rquickjs::function::Rest;
use rquickjs::prelude::Coerced;
use rquickjs::{CatchResultExt, Context, Ctx, Function, Object, Runtime, Value};

/// `print(...args)`: the arguments converted to strings, joined by spaces, and a newline.
fn print(args: Rest<Coerced<String>>) {
    let mut line = String::new();
    for (i, arg) in args.0.iter().enumerate() {
        if i > 0 {
            line.push(' ');
        }
        line.push_str(&arg.0);
    }
    line.push('\n');
    // A closed stdout is not the script's fault: ignore write errors.
    let _ = std::io::stdout().lock().write_all(line.as_bytes());
}

fn setup(ctx: &Ctx<'_>) -> rquickjs::Result<()> {
    let globals = ctx.globals();
    globals.set("print", Function::new(ctx.clone(), print)?)?;
    let console = Object::new(ctx.clone())?;
    console.set("log", Function::new(ctx.clone(), print)?)?;
    globals.set("console", console)?;
    Ok(())
}

/// Evaluates the script; on an uncaught exception returns its description.
fn eval(ctx: &Ctx<'_>, source: Vec<u8>, name: String) -> Result<(), String> {
    setup(ctx).map_err(|e| format!("setup failed: {e}"))?;
    let mut options = EvalOptions::default();
    options.strict = false;
    options.filename = Some(name);
    ctx.eval_with_options::<Value, _>(source, options)
        .catch(ctx)
        .map(|_| ())
        .map_err(|e| format!("Uncaught {e}"))
}

fn main() -> ExitCode {
    let Some(path) = std::env::args_os().nth(1) else {
        eprintln!("usage: qjs-run FILE.js");
        return ExitCode::from(2);
    };
    if path == "--version" {
        // SAFETY: JS_GetVersion returns a pointer to a static NUL-terminated string.
        let version = unsafe { std::ffi::CStr::from_ptr(rquickjs::qjs::JS_GetVersion()) };
        println!("{}", version.to_string_lossy());
        return ExitCode::SUCCESS;
    }
    let name = path.to_string_lossy().into_owned();
    let source = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(e) => {
            eprintln!("qjs-run: cannot read {name}: {e}");
            return ExitCode::from(2);
        }
    };
    let (runtime, context) = match Runtime::new().and_then(|rt| Context::full(&rt).map(|c| (rt, c)))
    {
        Ok(pair) => pair,
        Err(e) => {
            eprintln!("qjs-run: cannot create a runtime: {e}");
            return ExitCode::from(2);
        }
    };
    let mut result = context.with(|ctx| eval(&ctx, source, name));
    if result.is_ok() {
        loop {
            match runtime.execute_pending_job() {
                Ok(true) => {}
                Ok(false) => break,
                Err(exception) => {
                    let message = exception
                        .0
                        .with(|ctx| format!("Uncaught {:?}", ctx.catch()));
                    result = Err(message);
                    break;
                }
            }
        }
    }
    let _ = std::io::stdout().flush();
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::from(1)
        }
    }
}
