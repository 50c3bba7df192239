//! One invocation of `lode-test262` (not `--worker`): select, run, record,
//! report, check.

use crate::cli::{self, Options};
use crate::discover::{self, TestFile};
use crate::expectations;
use crate::glob::Glob;
use crate::modes::{modes_for, Mode};
use crate::progress::Progress;
use crate::protocol::Job;
use crate::report::{self, Counts};
use crate::results::{RunResults, TestResult};
use crate::scheduler::{self, SchedulerConfig, WorkerCommand};
use crate::selection::{CiSubset, Selection};
use crate::skip::{self, SkipList};
use crate::verdict::RunVerdict;
use std::collections::{BTreeMap, BTreeSet};
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Extra time a worker gets past the per-run timeout before it is killed:
/// the engine's own deadline check should normally end the run first.
const KILL_GRACE: Duration = Duration::from_secs(5);

/// Runs according to `opts` and returns the process exit code.
pub fn run(opts: &Options) -> Result<i32, String> {
    let results = match &opts.from_results {
        Some(path) => {
            let saved = RunResults::read(path)?;
            if opts.report == Some(true) && !saved.full_run {
                return Err(format!(
                    "--report needs a full run; {} is not one",
                    path.display()
                ));
            }
            saved
        }
        None => match run_suite(opts)? {
            Some(results) => results,
            // `--list`: nothing ran.
            None => return Ok(0),
        },
    };

    let mut notes = Vec::new();
    let mut exit = 0;

    // A stress run checks the collector, not conformance: it never writes
    // the conformance page.
    let write_report = !opts.gc_stress && opts.report.unwrap_or(results.full_run);
    if write_report {
        let path = opts
            .report_file
            .clone()
            .unwrap_or_else(|| cli::workspace_dir().join("docs/conformance.md"));
        write_file(&path, &report::conformance_markdown(&results))?;
        notes.push(format!("wrote {}", path.display()));
    }

    if opts.check || opts.update_expectations {
        let path = opts
            .expectations_file
            .clone()
            .unwrap_or_else(|| cli::crate_dir().join("expectations/failing.txt"));
        let expected = match std::fs::read_to_string(&path) {
            Ok(text) => expectations::parse(&text),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                notes.push(format!(
                    "{} does not exist yet: every test is expected to pass",
                    path.display()
                ));
                BTreeSet::new()
            }
            Err(e) => return Err(format!("{}: {e}", path.display())),
        };
        if opts.check {
            let check = expectations::check(&results.tests, &expected);
            print!("{}", check.render());
            // Under GC stress the verdicts must be those of a normal run:
            // a listed failure that passes is a difference too.
            if check.is_failure() || (opts.gc_stress && !check.new_passes.is_empty()) {
                exit = 1;
            }
        }
        if opts.update_expectations {
            let updated = expectations::update(&expected, &results.tests);
            write_file(&path, &expectations::render(&updated))?;
            notes.push(format!(
                "wrote {} ({} tests expected not to pass)",
                path.display(),
                updated.len()
            ));
        }
    }

    for note in notes {
        eprintln!("{note}");
    }
    let list_failures = opts.verbose || results.failed <= 20;
    print!("{}", report::summary(&results, list_failures));
    Ok(exit)
}

/// Discovers and runs the selected tests; `None` for `--list`.
fn run_suite(opts: &Options) -> Result<Option<RunResults>, String> {
    let test262_dir = cli::locate_test262(opts.test262_dir.as_deref())?;
    let selection = build_selection(opts, &test262_dir)?;
    if opts.report == Some(true) && !selection.is_full() {
        return Err(
            "--report needs a full run (no paths, --glob, --features, --ci-subset or --subset)"
                .into(),
        );
    }
    let skip_path = opts
        .skip_file
        .clone()
        .unwrap_or_else(|| cli::crate_dir().join("skip.toml"));
    let skips = read_text(&skip_path)
        .and_then(|text| skip::parse(&text).map_err(|e| format!("{}: {e}", skip_path.display())))?;
    let threads = opts.threads.unwrap_or_else(default_threads);

    let tests = discover::discover(&test262_dir, &selection, threads)
        .map_err(|e| format!("reading tests: {e}"))?;
    if opts.list {
        for test in &tests {
            println!("{}", test.rel);
        }
        eprintln!("{} tests selected", tests.len());
        return Ok(None);
    }
    if tests.is_empty() {
        return Err("no tests selected".into());
    }

    let results = execute(opts, &test262_dir, &tests, &skips, threads)?;
    let revision = std::fs::read_to_string(test262_dir.join("REVISION"))
        .map(|r| r.trim().to_string())
        .unwrap_or_else(|_| "unknown revision".into());
    let results = RunResults::new(
        revision,
        report::today_utc(),
        selection.is_full(),
        opts.jit.name().into(),
        results,
    );
    let results_path = opts.results_file.clone().unwrap_or_else(|| {
        let name = if opts.gc_stress {
            "gc-stress.json"
        } else {
            "latest.json"
        };
        cli::crate_dir().join("results").join(name)
    });
    results
        .write(&results_path)
        .map_err(|e| format!("{}: {e}", results_path.display()))?;
    eprintln!("wrote {}", results_path.display());
    Ok(Some(results))
}

fn build_selection(opts: &Options, test262_dir: &Path) -> Result<Selection, String> {
    let prefixes = opts
        .paths
        .iter()
        .map(|p| discover::resolve_arg(test262_dir, p))
        .collect::<Result<Vec<_>, _>>()?;
    let subset_file = match (&opts.subset, opts.ci_subset) {
        (Some(path), _) => Some(path.clone()),
        (None, true) => Some(cli::crate_dir().join("ci-subset.txt")),
        (None, false) => None,
    };
    let ci_subset = match subset_file {
        Some(path) => Some(CiSubset::parse(&read_text(&path)?)),
        None => None,
    };
    Ok(Selection {
        prefixes,
        glob: opts.glob.as_deref().map(Glob::new),
        features: opts.features.clone(),
        ci_subset,
    })
}

/// Per-test bookkeeping while its modes run.
struct Pending {
    expected_modes: usize,
    verdicts: BTreeMap<Mode, RunVerdict>,
}

fn execute(
    opts: &Options,
    test262_dir: &Path,
    tests: &[TestFile],
    skips: &SkipList,
    threads: usize,
) -> Result<Vec<TestResult>, String> {
    let mut finished = Vec::with_capacity(tests.len());
    let mut jobs = Vec::new();
    // Job id -> index into `tests`.
    let mut owner = Vec::new();
    let mut pending: BTreeMap<usize, Pending> = BTreeMap::new();
    for (index, test) in tests.iter().enumerate() {
        let meta = match &test.meta {
            Ok(meta) => meta,
            Err(message) => {
                finished.push(TestResult::broken(&test.rel, message.clone()));
                continue;
            }
        };
        if let Some(reason) = skips.reason_for(&test.rel, meta) {
            finished.push(TestResult::skipped(&test.rel, reason));
            continue;
        }
        let modes = modes_for(meta);
        pending.insert(
            index,
            Pending {
                expected_modes: modes.len(),
                verdicts: BTreeMap::new(),
            },
        );
        for mode in modes {
            jobs.push(Job {
                id: jobs.len() as u64,
                path: test.path.clone(),
                mode,
            });
            owner.push(index);
        }
    }

    let mut counts = Counts::default();
    finished.iter().for_each(|t| counts.add(t.status));
    let mut progress = Progress::new(tests.len());
    progress.update(&counts);

    let config = SchedulerConfig {
        workers: threads,
        command: worker_command(opts, test262_dir)?,
        hard_timeout: opts.timeout + KILL_GRACE,
    };
    scheduler::run_jobs(&config, &jobs, |job, verdict| {
        let Some(&index) = usize::try_from(job.id).ok().and_then(|id| owner.get(id)) else {
            return;
        };
        let Some(entry) = pending.get_mut(&index) else {
            return;
        };
        entry.verdicts.insert(job.mode, verdict);
        if entry.verdicts.len() == entry.expected_modes {
            let result = TestResult::from_modes(&tests[index].rel, &entry.verdicts);
            pending.remove(&index);
            counts.add(result.status);
            finished.push(result);
            progress.update(&counts);
        }
    })
    .map_err(|e| format!("running tests: {e}"))?;
    progress.finish(&counts);

    // Every job reports exactly once, so nothing should be left; if
    // something is, record it as a failure rather than losing the test.
    for (index, entry) in pending {
        let mut result = TestResult::from_modes(&tests[index].rel, &entry.verdicts);
        result.status = crate::results::TestStatus::Fail;
        finished.push(result);
    }
    Ok(finished)
}

fn worker_command(opts: &Options, test262_dir: &Path) -> Result<WorkerCommand, String> {
    let program =
        std::env::current_exe().map_err(|e| format!("cannot find own executable: {e}"))?;
    Ok(WorkerCommand {
        program,
        args: vec![
            OsString::from("--worker"),
            OsString::from("--test262-dir"),
            test262_dir.as_os_str().to_owned(),
            OsString::from("--timeout"),
            OsString::from(opts.timeout.as_secs_f64().to_string()),
        ],
        env: vec![
            (OsString::from("LODE_JIT"), OsString::from(opts.jit.name())),
            (
                OsString::from("LODE_GC_STRESS"),
                OsString::from(if opts.gc_stress { "1" } else { "0" }),
            ),
        ],
    })
}

fn default_threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

fn read_text(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
}

fn write_file(path: &PathBuf, text: &str) -> Result<(), String> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
    }
    std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}
