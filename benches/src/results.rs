//! What a benchmark session measured, and the summaries derived from it.

use crate::engines::Engine;
use crate::programs::{Program, SUITES};
use crate::stats;
use crate::sysinfo::Machine;

/// The runs of one program on one engine.
#[derive(Debug, Clone, Default)]
pub struct Cell {
    /// Wall seconds of each correct run.
    pub times: Vec<f64>,
    /// Peak RSS (KiB) of each correct run.
    pub rss_kib: Vec<u64>,
    /// Why the program failed on this engine (the first failed run); runs stop then.
    pub failure: Option<String>,
}

impl Cell {
    /// Median wall time, or `None` if the program failed or never ran.
    pub fn median(&self) -> Option<f64> {
        if self.failure.is_some() {
            return None;
        }
        stats::median(&self.times)
    }

    pub fn min_max(&self) -> Option<(f64, f64)> {
        if self.failure.is_some() {
            return None;
        }
        stats::min_max(&self.times)
    }

    /// Median peak RSS in KiB.
    pub fn median_rss_kib(&self) -> Option<f64> {
        let rss: Vec<f64> = self.rss_kib.iter().map(|&k| k as f64).collect();
        stats::median(&rss)
    }
}

/// Start-up measurements of one engine.
#[derive(Debug, Clone, Default)]
pub struct Startup {
    pub empty: Cell,
    pub hello: Cell,
}

/// Everything one session measured.
#[derive(Debug, Clone)]
pub struct Results {
    pub machine: Machine,
    pub engines: Vec<Engine>,
    pub programs: Vec<Program>,
    pub runs: usize,
    pub startup_runs: usize,
    /// `cells[program][engine]`.
    pub cells: Vec<Vec<Cell>>,
    /// One per engine (empty when start-up was not measured).
    pub startup: Vec<Startup>,
    /// Filters the session was run with, for the report (empty for a full run).
    pub filters: Vec<String>,
}

/// A group of programs to summarise: one suite, or all of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    Suite(&'static str),
    All,
}

impl Group {
    pub fn all_groups() -> Vec<Group> {
        let mut groups: Vec<Group> = SUITES.iter().map(|s| Group::Suite(s)).collect();
        groups.push(Group::All);
        groups
    }

    pub fn label(self) -> &'static str {
        match self {
            Group::Suite(s) => s,
            Group::All => "all",
        }
    }

    pub fn contains(self, program: &Program) -> bool {
        match self {
            Group::Suite(s) => program.suite == s,
            Group::All => true,
        }
    }
}

/// A geometric mean and how many programs it covers out of how many.
#[derive(Debug, Clone, Copy)]
pub struct Mean {
    pub value: Option<f64>,
    pub count: usize,
    pub total: usize,
}

impl Results {
    /// Index of the Lode engine, the baseline of the ratios.
    pub fn lode(&self) -> Option<usize> {
        self.engines.iter().position(|e| e.id == "lode")
    }

    /// Programs of a group, by index.
    pub fn group_programs(&self, group: Group) -> Vec<usize> {
        (0..self.programs.len())
            .filter(|&p| group.contains(&self.programs[p]))
            .collect()
    }

    /// `engine`'s time over Lode's on one program (>1: Lode is faster).
    pub fn ratio(&self, program: usize, engine: usize) -> Option<f64> {
        let lode = self.lode()?;
        let row = &self.cells[program];
        Some(row[engine].median()? / row[lode].median()?)
    }

    /// Geometric mean of an engine's median times over the programs of a
    /// group that it ran correctly.
    pub fn time_geomean(&self, group: Group, engine: usize) -> Mean {
        let programs = self.group_programs(group);
        let times: Vec<f64> = programs
            .iter()
            .filter_map(|&p| self.cells[p][engine].median())
            .collect();
        Mean {
            value: stats::geomean(&times),
            count: times.len(),
            total: programs.len(),
        }
    }

    /// Geometric mean of `engine`/Lode ratios over the programs of a group
    /// that both ran correctly.
    pub fn ratio_geomean(&self, group: Group, engine: usize) -> Mean {
        let programs = self.group_programs(group);
        let ratios: Vec<f64> = programs
            .iter()
            .filter_map(|&p| self.ratio(p, engine))
            .collect();
        Mean {
            value: stats::geomean(&ratios),
            count: ratios.len(),
            total: programs.len(),
        }
    }

    /// The program with the largest source, whose peak RSS is reported.
    pub fn largest_program(&self) -> Option<usize> {
        (0..self.programs.len()).max_by_key(|&p| self.programs[p].size)
    }

    /// The program on which `engine` had its highest median peak RSS, and that RSS in KiB.
    pub fn max_rss(&self, engine: usize) -> Option<(usize, f64)> {
        (0..self.programs.len())
            .filter_map(|p| Some((p, self.cells[p][engine].median_rss_kib()?)))
            .max_by(|a, b| a.1.total_cmp(&b.1))
    }

    /// Every failure, as (program, engine, reason).
    pub fn failures(&self) -> Vec<(usize, usize, &str)> {
        let mut list = Vec::new();
        for (p, row) in self.cells.iter().enumerate() {
            for (e, cell) in row.iter().enumerate() {
                if let Some(reason) = &cell.failure {
                    list.push((p, e, reason.as_str()));
                }
            }
        }
        list
    }
}

/// Seconds with about three significant digits.
pub fn fmt_secs(seconds: f64) -> String {
    if seconds >= 100.0 {
        format!("{seconds:.0}")
    } else if seconds >= 10.0 {
        format!("{seconds:.1}")
    } else if seconds >= 1.0 {
        format!("{seconds:.2}")
    } else {
        format!("{seconds:.3}")
    }
}

/// A ratio with about three significant digits.
pub fn fmt_ratio(ratio: f64) -> String {
    if ratio >= 10.0 {
        format!("{ratio:.1}")
    } else if ratio >= 0.1 {
        format!("{ratio:.2}")
    } else {
        format!("{ratio:.3}")
    }
}

/// Milliseconds from seconds, with one decimal.
pub fn fmt_ms(seconds: f64) -> String {
    format!("{:.1} ms", seconds * 1000.0)
}

/// MiB from KiB, with one decimal.
pub fn fmt_mib(kib: f64) -> String {
    format!("{:.1} MiB", kib / 1024.0)
}

/// A small two-engine, two-program session for tests.
#[cfg(test)]
pub fn sample() -> Results {
    use std::path::PathBuf;
    let engine = |id: &'static str| Engine {
        id,
        version: id.to_string(),
        program: PathBuf::from(id),
        args: Vec::new(),
    };
    let program = |suite: &'static str, name: &str| Program {
        suite,
        name: name.to_string(),
        path: PathBuf::from(name),
        size: 1,
    };
    let cell = |times: &[f64]| Cell {
        times: times.to_vec(),
        rss_kib: vec![1024; times.len()],
        failure: None,
    };
    let failed = Cell {
        failure: Some("exit 1: Uncaught Error: boom".to_string()),
        ..Cell::default()
    };
    Results {
        machine: Machine {
            cpu: "cpu".into(),
            cores: 2,
            os: "os".into(),
            memory: "1 GiB".into(),
            date: "2026-11-29 00:00 UTC".into(),
        },
        engines: vec![engine("lode"), engine("quickjs")],
        programs: vec![program("awfy", "A"), program("v8v7", "b")],
        runs: 3,
        startup_runs: 0,
        cells: vec![
            vec![cell(&[2.0, 1.0, 3.0]), cell(&[4.0, 4.0, 4.0])],
            vec![cell(&[1.0]), failed],
        ],
        startup: Vec::new(),
        filters: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratios_and_means_skip_failures() {
        let r = sample();
        assert_eq!(r.ratio(0, 1), Some(2.0));
        assert_eq!(r.ratio(1, 1), None);
        let mean = r.ratio_geomean(Group::All, 1);
        assert_eq!((mean.value, mean.count, mean.total), (Some(2.0), 1, 2));
        assert_eq!(r.failures().len(), 1);
    }
}
