//! The interactive read-eval-print loop (line editing and history come
//! from rustyline when available; plain stdin otherwise).

use lode_engine::api::Engine;
use lode_engine::host::inspect::{inspect, InspectOptions};
use std::io::{BufRead, Write};
use std::process::ExitCode;

pub fn run(mut engine: Engine) -> ExitCode {
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
        match engine.eval(&buf, "REPL") {
            Ok(v) => {
                let s = inspect(engine.vm(), v, &InspectOptions::default()).unwrap_or_default();
                println!("{s}");
                buf.clear();
            }
            Err(e) if e.name == "SyntaxError" && looks_incomplete(&e.message) => continue,
            Err(e) => {
                println!("Uncaught {e}");
                buf.clear();
            }
        }
    }
    ExitCode::SUCCESS
}

fn looks_incomplete(msg: &str) -> bool {
    msg.contains("Unexpected end") || msg.contains("Expected `}`") || msg.contains("Unterminated")
}
