//! Progress on stderr: a redrawn bar on a terminal, plain lines every 5%
//! otherwise (CI logs should not fill up with carriage returns).

use crate::report::Counts;
use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

const BAR_WIDTH: usize = 30;
const REDRAW_EVERY: Duration = Duration::from_millis(250);

pub struct Progress {
    total: usize,
    tty: bool,
    last_draw: Option<Instant>,
    /// Last 5% step printed in plain mode.
    last_step: usize,
    started: Instant,
}

impl Progress {
    pub fn new(total: usize) -> Progress {
        Progress {
            total,
            tty: std::io::stderr().is_terminal(),
            last_draw: None,
            last_step: 0,
            started: Instant::now(),
        }
    }

    /// Reports the current counts; cheap to call after every test.
    pub fn update(&mut self, counts: &Counts) {
        let done = counts.total();
        if self.tty {
            let due = self.last_draw.is_none_or(|t| t.elapsed() >= REDRAW_EVERY);
            if due || done == self.total {
                self.last_draw = Some(Instant::now());
                let _ = write!(std::io::stderr(), "\r{}", self.line(counts));
            }
        } else {
            let step = (done * 20).checked_div(self.total).unwrap_or(20);
            if step > self.last_step {
                self.last_step = step;
                let _ = writeln!(std::io::stderr(), "{}", self.line(counts));
            }
        }
    }

    /// Ends the bar's line so the summary starts on a fresh one.
    pub fn finish(&mut self, counts: &Counts) {
        if self.tty {
            let _ = writeln!(std::io::stderr(), "\r{}", self.line(counts));
        }
        let _ = writeln!(
            std::io::stderr(),
            "ran {} tests in {:.1}s",
            counts.total(),
            self.started.elapsed().as_secs_f64()
        );
    }

    pub fn line(&self, counts: &Counts) -> String {
        let done = counts.total();
        let filled = (done * BAR_WIDTH)
            .checked_div(self.total)
            .unwrap_or(BAR_WIDTH);
        format!(
            "[{}{}] {}/{} passed {} failed {} skipped {}",
            "#".repeat(filled),
            " ".repeat(BAR_WIDTH - filled.min(BAR_WIDTH)),
            done,
            self.total,
            counts.passed,
            counts.failed,
            counts.skipped
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bar_text() {
        let p = Progress::new(100);
        let counts = Counts {
            passed: 40,
            failed: 9,
            skipped: 1,
        };
        assert_eq!(
            p.line(&counts),
            format!(
                "[{}{}] 50/100 passed 40 failed 9 skipped 1",
                "#".repeat(15),
                " ".repeat(15)
            )
        );
    }
}
