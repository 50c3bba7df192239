//! `lode-bench`: runs the benchmark programs on Lode and its peer engines side
//! by side, prints a table, and writes `docs/performance.md` with a ratio chart.

mod cli;
mod engines;
mod markdown;
mod programs;
mod report;
mod results;
mod run;
mod session;
mod stats;
mod svg;
mod sysinfo;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Duration;

use cli::Options;
use results::Results;

/// The workspace root (the parent of this crate).
fn workspace() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}

/// Builds Lode and the peer runners in release mode, into the target
/// directory this executable lives in.
fn build(workspace: &Path) -> Result<(), String> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    eprintln!("lode-bench: cargo build --release -p lode -p lode-bench --bins");
    let status = Command::new(&cargo)
        .args([
            "build",
            "--release",
            "-p",
            "lode",
            "-p",
            "lode-bench",
            "--bins",
        ])
        .current_dir(workspace)
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("cargo build failed ({status})"))
    }
}

fn bench_dir(options: &Options, workspace: &Path) -> PathBuf {
    if let Some(dir) = &options.bench_dir {
        return dir.clone();
    }
    if let Some(dir) = std::env::var_os("LODE_BENCHMARKS") {
        return PathBuf::from(dir);
    }
    workspace
        .parent()
        .unwrap_or(workspace)
        .join("shared")
        .join("benchmarks")
}

/// Writes the page and the chart under `workspace/docs`.
fn write_docs(results: &Results, workspace: &Path) -> Result<(), String> {
    let docs = workspace.join("docs");
    std::fs::create_dir_all(&docs).map_err(|e| format!("cannot create {}: {e}", docs.display()))?;
    let page_path = docs.join("performance.md");
    let svg_name = "performance-ratios.svg";
    let chart = svg::ratio_chart(results);
    if let Some(chart) = &chart {
        let svg_path = docs.join(svg_name);
        std::fs::write(&svg_path, chart)
            .map_err(|e| format!("cannot write {}: {e}", svg_path.display()))?;
        eprintln!("lode-bench: wrote {}", svg_path.display());
    }
    let existing = std::fs::read_to_string(&page_path).ok();
    let log = markdown::preserved_log(existing.as_deref());
    let page = markdown::page(results, chart.as_ref().map(|_| svg_name), &log);
    std::fs::write(&page_path, page)
        .map_err(|e| format!("cannot write {}: {e}", page_path.display()))?;
    eprintln!("lode-bench: wrote {}", page_path.display());
    Ok(())
}

fn run(options: Options) -> Result<(), String> {
    if cfg!(debug_assertions) {
        return Err(
            "lode-bench must be a release build (it measures the engines built beside it): \
             cargo run --release -p lode-bench"
                .to_string(),
        );
    }
    let workspace = workspace();
    if options.build {
        build(&workspace)?;
    }
    let exe = std::env::current_exe().map_err(|e| format!("cannot locate lode-bench: {e}"))?;
    let bin_dir = exe
        .parent()
        .ok_or_else(|| format!("{} has no parent folder", exe.display()))?;

    if let Some(wanted) = &options.engines {
        if let Some(bad) = wanted
            .iter()
            .find(|w| !engines::ALL_IDS.contains(&w.as_str()))
        {
            return Err(format!(
                "unknown engine {bad:?} (known: {})",
                engines::ALL_IDS.join(", ")
            ));
        }
    }
    let (mut engines, missing) = engines::discover(bin_dir, &workspace, options.engines.as_deref());
    if let Some(base) = &options.base {
        // Right after `lode`, so the two Lode builds alternate back to back.
        let at = engines
            .iter()
            .position(|e| e.id == "lode")
            .map_or(0, |i| i + 1);
        engines.insert(at, engines::base(base)?);
    }
    for note in &missing {
        eprintln!("lode-bench: skipping {note}");
    }
    if engines.is_empty() {
        return Err("no engine to run".to_string());
    }

    let dir = bench_dir(&options, &workspace);
    let mut programs = programs::discover(&dir)?;
    if let Some(only) = &options.only {
        if let Some(bad) = only
            .iter()
            .find(|name| !programs.iter().any(|p| p.matches(name)))
        {
            return Err(format!(
                "no benchmark named {bad:?} under {}",
                dir.display()
            ));
        }
        programs.retain(|p| only.iter().any(|name| p.matches(name)));
    }

    let mut filters = Vec::new();
    if let Some(only) = &options.only {
        filters.push(format!("programs: {}", only.join(", ")));
    }
    if let Some(base) = &options.base {
        filters.push(format!("baseline: {}", base.display()));
    }
    if options.engines.is_some() || !missing.is_empty() {
        let ids: Vec<&str> = engines.iter().map(|e| e.id).collect();
        filters.push(format!("engines: {}", ids.join(", ")));
    }

    let machine = sysinfo::machine();
    eprintln!(
        "lode-bench: {} on {} ({} cores)",
        machine.date, machine.cpu, machine.cores
    );
    for engine in &engines {
        eprintln!("  {:<13} {}", engine.id, engine.version);
    }
    eprintln!(
        "lode-bench: {} programs x {} engines x {} runs",
        programs.len(),
        engines.len(),
        options.runs
    );
    let timeout = Duration::from_secs(options.timeout_secs);
    let cells = session::run_programs(&engines, &programs, options.runs, timeout);
    let startup = if options.startup_runs > 0 {
        eprintln!("lode-bench: start-up, {} runs", options.startup_runs);
        session::run_startup(&engines, options.startup_runs, timeout)?
    } else {
        Vec::new()
    };
    let results = Results {
        machine,
        engines,
        programs,
        runs: options.runs,
        startup_runs: options.startup_runs,
        cells,
        startup,
        filters,
    };
    print!("{}", report::terminal(&results));
    let write = options.docs.unwrap_or(results.filters.is_empty());
    if write {
        write_docs(&results, &workspace)?;
    } else {
        eprintln!("lode-bench: partial run: docs/ not written (pass --write-docs to force)");
    }
    Ok(())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match cli::parse(args) {
        Ok(cli::Command::Help) => {
            println!("{}", cli::USAGE);
            ExitCode::SUCCESS
        }
        Ok(cli::Command::Run(options)) => match run(options) {
            Ok(()) => ExitCode::SUCCESS,
            Err(message) => {
                eprintln!("lode-bench: {message}");
                ExitCode::FAILURE
            }
        },
        Err(message) => {
            eprintln!("lode-bench: {message}");
            ExitCode::from(2)
        }
    }
}
