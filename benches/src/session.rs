//! Runs a whole session: every program on every engine, engines alternating
//! within each round, then the start-up scripts.

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::engines::Engine;
use crate::programs::Program;
use crate::results::{fmt_secs, Cell, Startup};
use crate::run::{self, Measurement};

/// The line a benchmark prints when its result is right.
const RESULT_OK: &str = "RESULT_OK";
const HELLO: &str = "hello world";
const HELLO_SCRIPT: &str =
    "if (typeof print === \"function\") print(\"hello world\"); else console.log(\"hello world\");\n";

/// Records one run's outcome in a cell.
fn record(cell: &mut Cell, outcome: Result<Measurement, String>) {
    match outcome {
        Ok(m) => match m.failure {
            None => {
                cell.times.push(m.seconds);
                cell.rss_kib.push(m.max_rss_kib);
            }
            Some(reason) => cell.failure = Some(reason),
        },
        Err(error) => cell.failure = Some(error),
    }
}

/// One line of progress for a finished program.
fn progress_line(program: &Program, engines: &[Engine], row: &[Cell]) -> String {
    let mut line = format!("{:>5}/{:<14}", program.suite, program.name);
    for (engine, cell) in engines.iter().zip(row) {
        let shown = match (&cell.failure, cell.median()) {
            (Some(_), _) => "FAILED".to_string(),
            (None, Some(m)) => format!("{} s", fmt_secs(m)),
            (None, None) => "-".to_string(),
        };
        line.push_str(&format!("  {}: {shown}", engine.id));
    }
    line
}

/// Runs every program `runs` times on every engine; returns `cells[program][engine]`.
///
/// Within a round each engine runs the program once, the starting engine
/// rotating from round to round. An engine that fails a program is not run
/// on it again.
pub fn run_programs(
    engines: &[Engine],
    programs: &[Program],
    runs: usize,
    timeout: Duration,
) -> Vec<Vec<Cell>> {
    let mut cells = Vec::with_capacity(programs.len());
    for program in programs {
        let mut row = vec![Cell::default(); engines.len()];
        for round in 0..runs {
            for k in 0..engines.len() {
                let e = (k + round) % engines.len();
                if row[e].failure.is_some() {
                    continue;
                }
                let command = engines[e].command(&program.path);
                record(&mut row[e], run::measure(command, Some(RESULT_OK), timeout));
            }
        }
        for (engine, cell) in engines.iter().zip(&row) {
            if let Some(reason) = &cell.failure {
                eprintln!("  {} FAILED {}: {reason}", engine.id, program.name);
            }
        }
        eprintln!("{}", progress_line(program, engines, &row));
        cells.push(row);
    }
    cells
}

/// A scratch folder holding the start-up scripts; removed on drop.
struct Scratch {
    dir: PathBuf,
}

impl Scratch {
    fn new() -> Result<Scratch, String> {
        let dir = std::env::temp_dir().join(format!("lode-bench-{}", std::process::id()));
        std::fs::create_dir_all(&dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        Ok(Scratch { dir })
    }

    fn write(&self, name: &str, text: &str) -> Result<PathBuf, String> {
        let path = self.dir.join(name);
        std::fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        Ok(path)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn run_startup_script(
    engines: &[Engine],
    startup: &mut [Startup],
    script: &Path,
    hello: bool,
    round: usize,
    timeout: Duration,
) {
    for k in 0..engines.len() {
        let e = (k + round) % engines.len();
        let cell = if hello {
            &mut startup[e].hello
        } else {
            &mut startup[e].empty
        };
        if cell.failure.is_some() {
            continue;
        }
        let expect = hello.then_some(HELLO);
        record(
            cell,
            run::measure(engines[e].command(script), expect, timeout),
        );
    }
}

/// Measures start-up: an empty script and hello world, `runs` times each per engine.
pub fn run_startup(
    engines: &[Engine],
    runs: usize,
    timeout: Duration,
) -> Result<Vec<Startup>, String> {
    let scratch = Scratch::new()?;
    let empty = scratch.write("empty.js", "")?;
    let hello = scratch.write("hello.js", HELLO_SCRIPT)?;
    let mut startup = vec![Startup::default(); engines.len()];
    for round in 0..runs {
        run_startup_script(engines, &mut startup, &empty, false, round, timeout);
        run_startup_script(engines, &mut startup, &hello, true, round, timeout);
    }
    Ok(startup)
}
