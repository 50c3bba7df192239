//! Command-line options and where the runner's files live.

use std::path::{Path, PathBuf};
use std::time::Duration;

pub const USAGE: &str = "\
usage: lode-test262 [OPTIONS] [PATH...]

Runs test262 against the Lode engine (INTERPRETING.md semantics) on a pool
of worker processes. PATHs select tests by prefix, relative to the test262
root (test/built-ins/Array) or to test/ (built-ins/Array), or absolute.
Without PATHs the whole suite except test/staging runs.

selection:
  --features X,Y         only tests that use at least one of these features
  --glob PATTERN         only tests matching PATTERN (relative to test/; *, **,
                         ?, [..]; a pattern without '/' matches file names)
  --ci-subset            only the prefixes listed in test262/ci-subset.txt
  --subset FILE          only the prefixes listed in FILE (same format: one
                         prefix per line, `!prefix` excludes, `#` comments)
  --list                 print the selected tests and exit without running

running:
  -j, --threads N        worker processes (default: all cores)
  --timeout SECS         per-run timeout (default 10); a worker that overruns
                         it by 5 more seconds is killed
  --jit off|eager|auto   passed to workers as LODE_JIT (default off)
  --gc-stress            collect at every safepoint (workers get LODE_GC_STRESS=1);
                         with --check, a verdict that differs from the
                         expectations in either direction fails the run
  --test262-dir PATH     test262 checkout (default: $LODE_TEST262_DIR, else
                         ../shared/test262 next to the workspace)

results:
  --check                fail (exit 1) if a test not listed in the expectations
                         file does not pass; report tests that newly pass
  --update-expectations  rewrite the expectations file for the selected tests
  --report               write docs/conformance.md (default on full runs;
                         needs a full run)
  --no-report            do not write docs/conformance.md
  --from-results FILE    use a saved results JSON instead of running tests
  --results FILE         where to write results (default test262/results/latest.json)
  --expectations FILE    default test262/expectations/failing.txt
  --skip-file FILE       default test262/skip.toml
  --report-file FILE     default docs/conformance.md
  -v, --verbose          list every failing test with its reason
  -h, --help             this text
";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Jit {
    Off,
    Eager,
    Auto,
}

impl Jit {
    pub fn name(self) -> &'static str {
        match self {
            Jit::Off => "off",
            Jit::Eager => "eager",
            Jit::Auto => "auto",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Options {
    pub paths: Vec<String>,
    pub test262_dir: Option<PathBuf>,
    pub features: Vec<String>,
    pub glob: Option<String>,
    pub jit: Jit,
    pub gc_stress: bool,
    pub threads: Option<usize>,
    pub timeout: Duration,
    pub ci_subset: bool,
    /// `--subset FILE`: a subset file other than the CI one.
    pub subset: Option<PathBuf>,
    pub list: bool,
    pub check: bool,
    pub update_expectations: bool,
    /// `Some(true)` for `--report`, `Some(false)` for `--no-report`.
    pub report: Option<bool>,
    pub from_results: Option<PathBuf>,
    pub results_file: Option<PathBuf>,
    pub expectations_file: Option<PathBuf>,
    pub skip_file: Option<PathBuf>,
    pub report_file: Option<PathBuf>,
    pub verbose: bool,
    pub worker: bool,
    pub help: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            paths: Vec::new(),
            test262_dir: None,
            features: Vec::new(),
            glob: None,
            jit: Jit::Off,
            gc_stress: false,
            threads: None,
            timeout: Duration::from_secs(10),
            ci_subset: false,
            subset: None,
            list: false,
            check: false,
            update_expectations: false,
            report: None,
            from_results: None,
            results_file: None,
            expectations_file: None,
            skip_file: None,
            report_file: None,
            verbose: false,
            worker: false,
            help: false,
        }
    }
}

/// Parses the arguments after the program name. Accepts `--opt value`,
/// `--opt=value`, `-j N` and `-jN`; `--` ends the options.
pub fn parse_args(args: impl IntoIterator<Item = String>) -> Result<Options, String> {
    let mut opts = Options::default();
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        if arg == "--" {
            opts.paths.extend(args.by_ref());
            break;
        }
        let (name, inline) = match arg.split_once('=') {
            Some((n, v)) if n.starts_with("--") => (n.to_string(), Some(v.to_string())),
            _ => (arg.clone(), None),
        };
        let (name, inline) = match name.strip_prefix("-j") {
            Some(n) if !n.is_empty() && !name.starts_with("--") => {
                ("-j".to_string(), Some(n.to_string()))
            }
            _ => (name, inline),
        };
        let mut value = |what: &str| -> Result<String, String> {
            inline
                .clone()
                .or_else(|| args.next())
                .ok_or_else(|| format!("{what} needs a value"))
        };
        match name.as_str() {
            "-h" | "--help" => opts.help = true,
            "-v" | "--verbose" => opts.verbose = true,
            "--worker" => opts.worker = true,
            "--list" => opts.list = true,
            "--check" => opts.check = true,
            "--update-expectations" => opts.update_expectations = true,
            "--report" => opts.report = Some(true),
            "--no-report" => opts.report = Some(false),
            "--ci-subset" => opts.ci_subset = true,
            "--subset" => opts.subset = Some(value("--subset")?.into()),
            "--test262-dir" => opts.test262_dir = Some(value("--test262-dir")?.into()),
            "--features" => opts.features.extend(
                value("--features")?
                    .split(',')
                    .map(str::trim)
                    .filter(|f| !f.is_empty())
                    .map(String::from),
            ),
            "--glob" => opts.glob = Some(value("--glob")?),
            "--gc-stress" => opts.gc_stress = true,
            "--jit" => {
                opts.jit = match value("--jit")?.as_str() {
                    "off" => Jit::Off,
                    "eager" => Jit::Eager,
                    "auto" => Jit::Auto,
                    other => {
                        return Err(format!("--jit must be off, eager or auto, not `{other}`"))
                    }
                }
            }
            "-j" | "--threads" => {
                let v = value("-j")?;
                let n: usize = v
                    .parse()
                    .map_err(|_| format!("-j needs a number, not `{v}`"))?;
                if n == 0 {
                    return Err("-j must be at least 1".into());
                }
                opts.threads = Some(n);
            }
            "--timeout" => {
                let v = value("--timeout")?;
                let secs: f64 = v
                    .parse()
                    .map_err(|_| format!("--timeout needs seconds, not `{v}`"))?;
                opts.timeout = Duration::try_from_secs_f64(secs)
                    .ok()
                    .filter(|d| !d.is_zero())
                    .ok_or_else(|| format!("--timeout must be positive, not `{v}`"))?;
            }
            "--from-results" => opts.from_results = Some(value("--from-results")?.into()),
            "--results" => opts.results_file = Some(value("--results")?.into()),
            "--expectations" => opts.expectations_file = Some(value("--expectations")?.into()),
            "--skip-file" => opts.skip_file = Some(value("--skip-file")?.into()),
            "--report-file" => opts.report_file = Some(value("--report-file")?.into()),
            _ if name.starts_with('-') && name.len() > 1 => {
                return Err(format!("unknown option {name} (see --help)"))
            }
            _ => opts.paths.push(arg),
        }
    }
    Ok(opts)
}

/// This crate's directory (`<workspace>/test262`), fixed at compile time:
/// the runner's own files (skip list, expectations, results) live there.
pub fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn workspace_dir() -> PathBuf {
    let dir = crate_dir();
    dir.parent().map_or_else(|| dir.clone(), Path::to_path_buf)
}

/// Finds the test262 checkout: `--test262-dir`, then `$LODE_TEST262_DIR`,
/// then `shared/test262` beside the workspace (where the project keeps it,
/// both for developers and in CI's fresh clone).
pub fn locate_test262(flag: Option<&Path>) -> Result<PathBuf, String> {
    let explicit = flag
        .map(Path::to_path_buf)
        .or_else(|| std::env::var_os("LODE_TEST262_DIR").map(PathBuf::from));
    let candidates: Vec<PathBuf> = match explicit {
        Some(dir) => vec![dir],
        None => vec![
            workspace_dir().join("../shared/test262"),
            workspace_dir().join("shared/test262"),
        ],
    };
    for dir in &candidates {
        if dir.join("test").is_dir() && dir.join("harness").is_dir() {
            return Ok(dir.canonicalize().unwrap_or_else(|_| dir.clone()));
        }
    }
    let tried: Vec<String> = candidates.iter().map(|d| d.display().to_string()).collect();
    Err(format!(
        "test262 not found (tried {}); pass --test262-dir or set LODE_TEST262_DIR",
        tried.join(", ")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Options, String> {
        parse_args(args.iter().map(|s| s.to_string()))
    }

    #[test]
    fn flags_and_values() {
        let o = parse(&[
            "-j4",
            "--features=BigInt, Symbol",
            "--glob",
            "**/*.js",
            "--jit",
            "eager",
            "--timeout",
            "2.5",
            "--check",
            "built-ins/Array",
            "test/language",
        ])
        .expect("parses");
        assert_eq!(o.threads, Some(4));
        assert_eq!(o.features, ["BigInt", "Symbol"]);
        assert_eq!(o.glob.as_deref(), Some("**/*.js"));
        assert_eq!(o.jit, Jit::Eager);
        assert_eq!(o.timeout, Duration::from_millis(2500));
        assert!(o.check);
        assert_eq!(o.paths, ["built-ins/Array", "test/language"]);
        assert_eq!(parse(&["-j", "2"]).map(|o| o.threads), Ok(Some(2)));
        assert_eq!(
            parse(&["--", "--odd-name.js"]).map(|o| o.paths),
            Ok(vec!["--odd-name.js".into()])
        );
    }

    #[test]
    fn bad_arguments_are_errors() {
        assert!(parse(&["--jit", "fast"]).is_err());
        assert!(parse(&["-j", "0"]).is_err());
        assert!(parse(&["--timeout", "-1"]).is_err());
        assert!(parse(&["--bogus"]).is_err());
        assert!(parse(&["--glob"]).is_err());
    }
}
