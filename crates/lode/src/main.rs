//! `lode`: run a script, evaluate code, start a REPL, or act as a test262 host.
//!
//! Usage:
//!   lode FILE [args...]        run FILE (a `.mjs` file, or `--module`, as a module)
//!   lode -e CODE               evaluate CODE
//!   lode -p EXPR               evaluate EXPR and print the result
//!   lode                       start the REPL
//!   lode --test262 [--module] [--prelude FILE]... FILE
//!                              test262 host mode (`print`, `$262`)
//!
//! Limits (any mode): `--time-limit=MS` stops the run MS milliseconds after
//! start, `--max-old-space-size=MB` caps the heap; a stopped run prints one
//! line to stderr and exits with status 1.

mod repl;

use lode_engine::api::{describe_thrown, Engine, JsError};
use lode_engine::host::inspect::{inspect, InspectOptions};
use lode_engine::host262::{run_test, Outcome, TestInput};
use lode_engine::vm::Termination;
use std::io::Write;
use std::mem::ManuallyDrop;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

/// Every allocation is counted per thread, so the heap cap
/// (`--max-old-space-size`) sees element vectors, tables and strings, not
/// only GC cells.
#[global_allocator]
static ALLOC: lode_engine::gc::CountingAlloc = lode_engine::gc::CountingAlloc;

struct Options {
    eval: Option<String>,
    print: bool,
    module: bool,
    test262: bool,
    preludes: Vec<PathBuf>,
    file: Option<PathBuf>,
    gc_stress: bool,
    /// `--time-limit=MS`: deadline for the whole run.
    time_limit: Option<u64>,
    /// `--max-old-space-size=MB`: the heap cap.
    heap_mb: Option<u64>,
}

/// Exit statuses are plain `u8`s so that the engine thread can end the
/// process with one (`std::process::exit`).
fn usage() -> u8 {
    eprintln!("usage: lode [--module] FILE | -e CODE | -p EXPR | --test262 [--module] [--prelude FILE]... FILE");
    2
}

fn parse_args() -> Result<Options, String> {
    let mut o = Options {
        eval: None,
        print: false,
        module: false,
        test262: false,
        preludes: Vec::new(),
        file: None,
        gc_stress: false,
        time_limit: None,
        heap_mb: None,
    };
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "-e" | "--eval" => o.eval = Some(args.next().ok_or("-e needs an argument")?),
            "-p" | "--print" => {
                o.eval = Some(args.next().ok_or("-p needs an argument")?);
                o.print = true;
            }
            "--module" => o.module = true,
            "--test262" => o.test262 = true,
            "--prelude" => o
                .preludes
                .push(PathBuf::from(args.next().ok_or("--prelude needs a file")?)),
            "--gc-stress" => o.gc_stress = true,
            s if s.starts_with("--time-limit=") => {
                o.time_limit = Some(number_option(s, "--time-limit=")?)
            }
            s if s.starts_with("--max-old-space-size=") => {
                o.heap_mb = Some(number_option(s, "--max-old-space-size=")?)
            }
            "-h" | "--help" => return Err(String::new()),
            s if s.starts_with("--jit=") => {}
            s if s.starts_with('-') && o.file.is_none() => {
                return Err(format!("unknown option {s}"))
            }
            _ => {
                if o.file.is_none() {
                    o.file = Some(PathBuf::from(a));
                }
                // Further arguments belong to the script (process.argv later).
                break;
            }
        }
    }
    Ok(o)
}

/// The positive integer after `prefix` in `arg`.
fn number_option(arg: &str, prefix: &str) -> Result<u64, String> {
    match arg[prefix.len()..].parse::<u64>() {
        Ok(n) if n > 0 => Ok(n),
        _ => Err(format!("{prefix} needs a positive whole number")),
    }
}

/// The limits given on the command line, for the termination message.
#[derive(Clone, Copy)]
struct CliLimits {
    time_limit: Option<u64>,
    heap_mb: Option<u64>,
}

static CLI_LIMITS: std::sync::OnceLock<CliLimits> = std::sync::OnceLock::new();

/// Install the limits on `engine`: the deadline counts from process start.
fn apply_limits(engine: &mut Engine, o: &Options, started: Instant) {
    let _ = CLI_LIMITS.set(CliLimits {
        time_limit: o.time_limit,
        heap_mb: o.heap_mb,
    });
    if let Some(ms) = o.time_limit {
        engine.set_deadline(Some(started + Duration::from_millis(ms)));
    }
    if let Some(mb) = o.heap_mb {
        let bytes = mb.saturating_mul(1 << 20);
        engine.set_heap_limit(usize::try_from(bytes).unwrap_or(usize::MAX));
    }
}

fn report_uncaught(e: &JsError) {
    if let Some(t) = e.termination {
        let limits = CLI_LIMITS.get().copied().unwrap_or(CliLimits {
            time_limit: None,
            heap_mb: None,
        });
        let why = match t {
            Termination::Deadline => match limits.time_limit {
                Some(ms) => format!("time limit of {ms} ms exceeded"),
                None => "deadline passed".to_string(),
            },
            Termination::HeapLimit => match limits.heap_mb {
                Some(mb) => format!("heap limit of {mb} MB exceeded"),
                None => "heap limit exceeded".to_string(),
            },
            Termination::Interrupted => "interrupted".to_string(),
            Termination::OutOfFuel => "out of fuel".to_string(),
        };
        eprintln!("lode: terminated: {why}");
        return;
    }
    if let Some(stack) = &e.stack {
        // The stack starts with "Name: message".
        eprintln!("Uncaught {stack}");
    } else if e.name.is_empty() {
        eprintln!("Uncaught {}", e.message);
    } else {
        eprintln!("Uncaught {e}");
    }
}

fn run(o: Options, started: Instant) -> u8 {
    if o.test262 {
        return run_test262(&o);
    }
    // The process exits right after `run`: tearing the heap down cell by
    // cell would only cost time (about 15% of a hello-world run), so the
    // engine is deliberately leaked. The REPL takes it back (`into_inner`).
    // Output is flushed before exit (`main`).
    let mut engine = ManuallyDrop::new(Engine::new());
    apply_limits(&mut engine, &o, started);
    lode_engine::host::console::install(engine.vm());
    engine.vm().host = Box::new(lode_engine::host::module_loader::FsModuleHost);
    if o.gc_stress {
        engine.vm().heap.set_stress(true);
    }
    let (source, name) = match (&o.eval, &o.file) {
        (Some(code), _) => (code.clone(), "[eval]".to_string()),
        (None, Some(path)) => match std::fs::read_to_string(path) {
            Ok(s) => (strip_hashbang(s), path.display().to_string()),
            Err(e) => {
                eprintln!("lode: cannot read {}: {e}", path.display());
                return 1;
            }
        },
        (None, None) => return repl::run(ManuallyDrop::into_inner(engine)),
    };
    let module = o.module
        || o.file
            .as_ref()
            .is_some_and(|p| p.extension().is_some_and(|e| e == "mjs"));
    if module {
        let path = std::fs::canonicalize(&name)
            .map(|p| p.display().to_string())
            .unwrap_or(name.clone());
        let r = engine.guard(|vm| {
            vm.run_module_source(&path, &source)
                .map(|_| lode_engine::Value::UNDEFINED)
        });
        if let Err(e) = r {
            report_uncaught(&e);
            return 1;
        }
        if let Err(e) = engine.run_jobs() {
            report_uncaught(&e);
            return 1;
        }
        return unhandled_rejections(&mut engine);
    }
    let name = if o.file.is_some() {
        std::fs::canonicalize(&name)
            .map(|p| p.display().to_string())
            .unwrap_or(name)
    } else {
        name
    };
    match engine.eval_script(&source, &name) {
        Ok(v) => {
            if o.print {
                let vm = engine.vm();
                match inspect(vm, v, &InspectOptions::default()) {
                    Ok(s) => println!("{s}"),
                    Err(e) => {
                        let d = engine.describe(e);
                        report_uncaught(&d);
                        return 1;
                    }
                }
            }
        }
        Err(e) => {
            report_uncaught(&e);
            return 1;
        }
    }
    if let Err(e) = engine.run_jobs() {
        report_uncaught(&e);
        return 1;
    }
    unhandled_rejections(&mut engine)
}

/// Node's default (`--unhandled-rejections=throw`): a promise still
/// rejected with no handler once the jobs have run is reported as an
/// uncaught error, and the process exits with status 1.
fn unhandled_rejections(engine: &mut Engine) -> u8 {
    let rejections = engine.take_rejections();
    let Some(first) = rejections
        .iter()
        .find(|r| r.event == lode_engine::api::RejectionEvent::Unhandled)
    else {
        return 0;
    };
    let e = lode_engine::api::describe_thrown(engine.vm(), first.reason.get());
    report_uncaught(&e);
    1
}

fn strip_hashbang(s: String) -> String {
    if s.starts_with("#!") {
        // Keep line numbers: blank the first line.
        let end = s.find('\n').unwrap_or(s.len());
        format!("{}{}", " ".repeat(0), &s[end..])
    } else {
        s
    }
}

fn run_test262(o: &Options) -> u8 {
    let Some(file) = &o.file else { return usage() };
    let mut preludes = Vec::new();
    for p in &o.preludes {
        match std::fs::read_to_string(p) {
            Ok(s) => preludes.push((p.display().to_string(), s)),
            Err(e) => {
                eprintln!("lode: cannot read {}: {e}", p.display());
                return 2;
            }
        }
    }
    let source = match std::fs::read_to_string(file) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("lode: cannot read {}: {e}", file.display());
            return 2;
        }
    };
    let input = TestInput {
        preludes,
        source,
        path: file.clone(),
        module: o.module,
        deadline: o
            .time_limit
            .map(|ms| Instant::now() + Duration::from_millis(ms)),
    };
    match run_test(&input) {
        Outcome::Completed { printed } => {
            for line in printed {
                println!("{line}");
            }
            0
        }
        Outcome::Threw {
            error_name,
            message,
            printed,
            ..
        } => {
            for line in printed {
                println!("{line}");
            }
            eprintln!("Uncaught {error_name}: {message}");
            1
        }
        Outcome::Timeout => {
            eprintln!("Uncaught Termination: timeout");
            1
        }
    }
}

fn main() -> ExitCode {
    let started = Instant::now();
    let opts = match parse_args() {
        Ok(o) => o,
        Err(msg) => {
            if !msg.is_empty() {
                eprintln!("lode: {msg}");
            }
            return ExitCode::from(usage());
        }
    };
    // The engine runs on a thread with a large stack: native re-entry and
    // the parser recurse on it. The thread ends the process itself once
    // output is flushed: the engine was not dropped (see `run`), and waking
    // the main thread only to return would add a thread tear-down and a
    // context switch to every run.
    let handle = std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(move || {
            let code = run(opts, started);
            #[cfg(feature = "opstats")]
            lode_engine::interp::opstats::report();
            let _ = std::io::stdout().flush();
            let _ = std::io::stderr().flush();
            std::process::exit(code.into())
        });
    // Reached only if the thread could not start or panicked.
    match handle {
        Ok(h) => match h.join() {
            Ok(never) => never,
            Err(_) => ExitCode::from(70),
        },
        Err(_) => ExitCode::from(70),
    }
}

#[allow(dead_code)]
fn unused(vm: &mut lode_engine::Vm, v: lode_engine::Value) -> JsError {
    describe_thrown(vm, v)
}
