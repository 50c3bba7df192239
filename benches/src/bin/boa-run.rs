//! Minimal Boa runner for the benchmark driver: `boa-run FILE.js`.
//!
//! Evaluates FILE as a classic script with `print` and `console.log`
//! writing to stdout, runs pending jobs, and exits with status 1 on an
//! uncaught exception (status 2 on a usage or I/O error).

use std::io::Write;
use std::process::ExitCode;

use boa_engine::object::ObjectInitializer;
use boa_engine::property::Attribute;
use boa_engine::{js_string, Context, JsResult, JsValue, NativeFunction, Source};

/// `print(...args)`: the arguments converted to strings, joined by spaces, and a newline.
fn print(_this: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let mut line = String::new();
    for (i, arg) in args.iter().enumerate() {
        if i > 0 {
            line.push(' ');
        }
        line.push_str(&arg.to_string(context)?.to_std_string_escaped());
    }
    line.push('\n');
    let mut out = std::io::stdout().lock();
    // A closed stdout is not the script's fault: ignore write errors.
    let _ = out.write_all(line.as_bytes());
    Ok(JsValue::undefined())
}

fn setup(context: &mut Context) -> JsResult<()> {
    context.register_global_builtin_callable(
        js_string!("print"),
        1,
        NativeFunction::from_fn_ptr(print),
    )?;
    let console = ObjectInitializer::new(context)
        .function(NativeFunction::from_fn_ptr(print), js_string!("log"), 0)
        .build();
    context.register_global_property(js_string!("console"), console, Attribute::all())?;
    Ok(())
}

fn main() -> ExitCode {
    let Some(path) = std::env::args_os().nth(1) else {
        eprintln!("usage: boa-run FILE.js");
        return ExitCode::from(2);
    };
    let source = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(e) => {
            eprintln!("boa-run: cannot read {}: {e}", path.to_string_lossy());
            return ExitCode::from(2);
        }
    };
    let mut context = Context::default();
    if let Err(e) = setup(&mut context) {
        eprintln!("boa-run: setup failed: {e}");
        return ExitCode::from(2);
    }
    let result = context
        .eval(Source::from_bytes(&source))
        .and_then(|_| context.run_jobs());
    let _ = std::io::stdout().flush();
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Uncaught {e}");
            ExitCode::from(1)
        }
    }
}
