//! Command-line options of `lode-bench`.

use std::path::PathBuf;

pub const USAGE: &str = "\
usage: lode-bench [OPTIONS]

Runs the benchmark programs on Lode and its peer engines, prints a table and
writes docs/performance.md (with docs/performance-ratios.svg).

options:
  --runs N            timed runs per program and engine (default 3)
  --startup-runs N    runs of the empty and hello-world scripts (default 20)
  --only A,B          only these programs (names as in the table, e.g. Bounce,richards)
  --engines A,B       only these engines: lode, quickjs, boa, node, node-jitless
  --bench-dir DIR     folder holding awfy/ and v8v7/ (default: $LODE_BENCHMARKS,
                      else ../shared/benchmarks beside the workspace)
  --timeout SECS      kill a run after this long; it counts as failed (default 300)
  --base BIN          also run another Lode binary (engine id `lode-base`), e.g. a
                      build of the commit before a change: the table's base/Lode
                      ratio is the change's speed-up
  --no-build          do not run `cargo build --release -p lode -p lode-bench` first
  --no-docs           print the table only; do not write docs/
  --write-docs        write docs/ even for a partial run (filters or a missing engine)
  --help              this text";

/// Parsed options.
#[derive(Debug, Clone)]
pub struct Options {
    pub runs: usize,
    pub startup_runs: usize,
    pub only: Option<Vec<String>>,
    pub engines: Option<Vec<String>>,
    pub bench_dir: Option<PathBuf>,
    pub timeout_secs: u64,
    /// Another Lode binary to run beside the current one (`lode-base`).
    pub base: Option<PathBuf>,
    pub build: bool,
    /// Write docs/: `None` means only for a full run (no filter, every engine found).
    pub docs: Option<bool>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            runs: 3,
            startup_runs: 20,
            only: None,
            engines: None,
            bench_dir: None,
            timeout_secs: 300,
            base: None,
            build: true,
            docs: None,
        }
    }
}

/// What the command line asks for.
pub enum Command {
    Run(Options),
    Help,
}

fn list(value: &str) -> Vec<String> {
    value
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

fn number<T: std::str::FromStr>(flag: &str, value: &str) -> Result<T, String> {
    value
        .parse()
        .map_err(|_| format!("{flag}: expected a number, got {value:?}"))
}

/// Parses the arguments (without the program name).
pub fn parse(args: impl IntoIterator<Item = String>) -> Result<Command, String> {
    let mut options = Options::default();
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        // Accept both `--flag value` and `--flag=value`.
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f.to_string(), Some(v.to_string())),
            _ => (arg.clone(), None),
        };
        let mut value = || -> Result<String, String> {
            match inline.clone() {
                Some(v) => Ok(v),
                None => args.next().ok_or_else(|| format!("{flag} needs a value")),
            }
        };
        match flag.as_str() {
            "--runs" => options.runs = number(&flag, &value()?)?,
            "--startup-runs" => options.startup_runs = number(&flag, &value()?)?,
            "--only" => options.only = Some(list(&value()?)),
            "--engines" => options.engines = Some(list(&value()?)),
            "--bench-dir" => options.bench_dir = Some(PathBuf::from(value()?)),
            "--timeout" => options.timeout_secs = number(&flag, &value()?)?,
            "--base" => options.base = Some(PathBuf::from(value()?)),
            "--no-build" => options.build = false,
            "--no-docs" => options.docs = Some(false),
            "--write-docs" => options.docs = Some(true),
            "--help" | "-h" => return Ok(Command::Help),
            _ => return Err(format!("unknown argument {arg:?}\n\n{USAGE}")),
        }
    }
    if options.runs == 0 {
        return Err("--runs must be at least 1".to_string());
    }
    Ok(Command::Run(options))
}
