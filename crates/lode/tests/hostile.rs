//! The hostile-input corpus (`tests/hostile/`): every case must end in a
//! JS exception or a clean exit — never a crash (a signal: stack overflow,
//! abort on allocation failure) and never a hang.
//!
//! Each file's first line says what it must give:
//! - `// expect: SyntaxError` (or any error name): exit status 1 and an
//!   uncaught error of that name on stderr;
//! - `// expect: ok TEXT`: exit status 0 and TEXT as the printed output;
//! - `// expect: terminated`: exit status 0 or 1, whatever the output.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Per-case time limit: generous for a loaded machine (the slowest cases
/// take a few seconds).
const TIMEOUT: Duration = Duration::from_secs(90);

enum Expect {
    Error(String),
    Ok(String),
    Terminated,
}

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/hostile")
}

fn expectation(path: &Path) -> Expect {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let first = text.lines().next().unwrap_or_default();
    let Some(spec) = first.strip_prefix("// expect: ") else {
        panic!("{}: first line must be `// expect: …`", path.display());
    };
    if spec == "terminated" {
        Expect::Terminated
    } else if let Some(out) = spec.strip_prefix("ok ") {
        Expect::Ok(out.to_string())
    } else {
        Expect::Error(spec.to_string())
    }
}

/// Run one case; Err describes how it went wrong.
fn run_case(path: &Path) -> Result<(), String> {
    let expect = expectation(path);
    let out_file = tempfile(path, "out");
    let err_file = tempfile(path, "err");
    let mut child = Command::new(env!("CARGO_BIN_EXE_lode"))
        .arg(path)
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out_file).map_err(|e| e.to_string())?)
        .stderr(std::fs::File::create(&err_file).map_err(|e| e.to_string())?)
        .spawn()
        .map_err(|e| format!("cannot start lode: {e}"))?;
    let start = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(s)) => break s,
            Ok(None) if start.elapsed() > TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!("no result after {TIMEOUT:?}"));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(20)),
            Err(e) => return Err(e.to_string()),
        }
    };
    let stdout = std::fs::read_to_string(&out_file).unwrap_or_default();
    let stderr = std::fs::read_to_string(&err_file).unwrap_or_default();
    let _ = std::fs::remove_file(&out_file);
    let _ = std::fs::remove_file(&err_file);
    let Some(code) = status.code() else {
        return Err(format!(
            "killed by a signal ({status}); stderr: {}",
            head(&stderr)
        ));
    };
    match expect {
        Expect::Terminated if code == 0 || code == 1 => Ok(()),
        Expect::Ok(want) if code == 0 && stdout.trim_end() == want => Ok(()),
        Expect::Error(name) if code == 1 && stderr.contains(&format!("Uncaught {name}")) => Ok(()),
        _ => Err(format!(
            "exit {code}; stdout: {}; stderr: {}",
            head(&stdout),
            head(&stderr)
        )),
    }
}

fn head(s: &str) -> String {
    s.chars().take(200).collect::<String>().replace('\n', " | ")
}

fn tempfile(case: &Path, ext: &str) -> PathBuf {
    let stem = case.file_stem().and_then(|s| s.to_str()).unwrap_or("case");
    std::env::temp_dir().join(format!("lode-hostile-{}-{stem}.{ext}", std::process::id()))
}

#[test]
fn hostile_corpus() {
    let mut cases: Vec<PathBuf> = std::fs::read_dir(corpus_dir())
        .expect("tests/hostile")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("js" | "mjs")))
        .collect();
    cases.sort();
    assert!(cases.len() >= 40, "corpus has only {} cases", cases.len());
    // Two cases at a time: several of them allocate hundreds of MiB.
    let next = AtomicUsize::new(0);
    let failures = Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(case) = cases.get(i) else { break };
                if let Err(why) = run_case(case) {
                    let name = case.file_name().unwrap_or_default().to_string_lossy();
                    failures.lock().unwrap().push(format!("{name}: {why}"));
                }
            });
        }
    });
    let failures = failures.into_inner().unwrap();
    assert!(
        failures.is_empty(),
        "{} of {} hostile cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}
