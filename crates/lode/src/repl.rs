//! The interactive read-eval-print loop: line editing and history
//! (rustyline, saved to `~/.lode_history`), and multi-line input — a line
//! that leaves the program unfinished (an open brace, an unterminated
//! template) continues on the next line.

use lode_engine::api::Engine;
use lode_engine::host::inspect::{inspect, InspectOptions};
use rustyline::error::ReadlineError;
use rustyline::DefaultEditor;
use std::io::{BufRead, Write};
use std::path::PathBuf;

fn history_path() -> Option<PathBuf> {
    std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".lode_history"))
}

/// Evaluate one complete input; false if more lines are needed.
fn eval_input(engine: &mut Engine, input: &str) -> bool {
    match engine.eval(input, "REPL") {
        Ok(v) => {
            let s = inspect(engine.vm(), v, &InspectOptions::default()).unwrap_or_default();
            println!("{s}");
            true
        }
        Err(e) if e.name == "SyntaxError" && looks_incomplete(&e.message) => false,
        Err(e) => {
            println!("Uncaught {e}");
            true
        }
    }
}

pub fn run(mut engine: Engine) -> u8 {
    let Ok(mut rl) = DefaultEditor::new() else {
        return run_plain(engine);
    };
    let history = history_path();
    if let Some(h) = &history {
        let _ = rl.load_history(h);
    }
    println!("Welcome to Lode. Ctrl-D exits.");
    let mut buf = String::new();
    loop {
        let prompt = if buf.is_empty() { "> " } else { "... " };
        match rl.readline(prompt) {
            Ok(line) => {
                buf.push_str(&line);
                buf.push('\n');
                if eval_input(&mut engine, &buf) {
                    let _ = rl.add_history_entry(buf.trim_end());
                    buf.clear();
                }
            }
            Err(ReadlineError::Interrupted) => {
                // Ctrl-C abandons the current input.
                buf.clear();
            }
            Err(_) => break,
        }
    }
    if let Some(h) = &history {
        let _ = rl.save_history(h);
    }
    0
}

/// Without a terminal: read stdin line by line.
fn run_plain(mut engine: Engine) -> u8 {
    let stdin = std::io::stdin();
    let mut buf = String::new();
    loop {
        print!("{}", if buf.is_empty() { "> " } else { "... " });
        let _ = std::io::stdout().flush();
        let mut line = String::new();
        match stdin.lock().read_line(&mut line) {
            Ok(0) | Err(_) => break,
            Ok(_) => {}
        }
        buf.push_str(&line);
        if eval_input(&mut engine, &buf) {
            buf.clear();
        }
    }
    0
}

fn looks_incomplete(msg: &str) -> bool {
    msg.contains("Unexpected end")
        || msg.contains("Expected `}`")
        || msg.contains("Unterminated")
        || msg.contains("Expected `)`")
}
