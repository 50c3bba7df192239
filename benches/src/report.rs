//! The terminal report: aligned plain-text tables.

use crate::results::{fmt_mib, fmt_ms, fmt_ratio, fmt_secs, Group, Results};

/// Renders rows as columns aligned on the widest cell (first column left-aligned).
fn table(rows: &[Vec<String>]) -> String {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let mut widths = vec![0; columns];
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            widths[i] = widths[i].max(cell.chars().count());
        }
    }
    let mut out = String::new();
    for (r, row) in rows.iter().enumerate() {
        let mut line = String::new();
        for (i, cell) in row.iter().enumerate() {
            let pad = widths[i] - cell.chars().count();
            if i == 0 {
                line.push_str(cell);
                line.push_str(&" ".repeat(pad));
            } else {
                line.push_str("  ");
                line.push_str(&" ".repeat(pad));
                line.push_str(cell);
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
        if r == 0 {
            let total: usize = widths.iter().sum::<usize>() + 2 * columns.saturating_sub(1);
            out.push_str(&"-".repeat(total));
            out.push('\n');
        }
    }
    out
}

/// Peers of Lode, by engine index.
fn peers(results: &Results) -> Vec<usize> {
    let lode = results.lode();
    (0..results.engines.len())
        .filter(|&e| Some(e) != lode)
        .collect()
}

/// The whole terminal report.
pub fn terminal(results: &Results) -> String {
    let mut out = String::new();
    let peers = peers(results);
    let has_lode = results.lode().is_some();

    // Times, with ratios to Lode.
    let mut header = vec!["benchmark".to_string()];
    header.extend(results.engines.iter().map(|e| format!("{} s", e.id)));
    if has_lode {
        header.extend(
            peers
                .iter()
                .map(|&e| format!("{}/lode", results.engines[e].id)),
        );
    }
    let mut rows = vec![header];
    for (p, program) in results.programs.iter().enumerate() {
        let mut row = vec![format!("{}/{}", program.suite, program.name)];
        for cell in &results.cells[p] {
            row.push(match (cell.median(), cell.min_max()) {
                (Some(m), Some((lo, hi))) => {
                    format!("{} [{}-{}]", fmt_secs(m), fmt_secs(lo), fmt_secs(hi))
                }
                _ if cell.failure.is_some() => "FAILED".to_string(),
                _ => "-".to_string(),
            });
        }
        if has_lode {
            for &e in &peers {
                row.push(
                    results
                        .ratio(p, e)
                        .map(fmt_ratio)
                        .unwrap_or_else(|| "-".to_string()),
                );
            }
        }
        rows.push(row);
    }
    for group in Group::all_groups() {
        let mut row = vec![format!("geomean {}", group.label())];
        for e in 0..results.engines.len() {
            let mean = results.time_geomean(group, e);
            row.push(match mean.value {
                Some(v) => format!("{} ({}/{})", fmt_secs(v), mean.count, mean.total),
                None => "-".to_string(),
            });
        }
        if has_lode {
            for &e in &peers {
                let mean = results.ratio_geomean(group, e);
                row.push(mean.value.map(fmt_ratio).unwrap_or_else(|| "-".to_string()));
            }
        }
        rows.push(row);
    }
    out.push_str(&format!(
        "\nMedian wall time of {} run(s) [min-max]; peer/lode > 1 means Lode is faster.\n\n",
        results.runs
    ));
    out.push_str(&table(&rows));

    if !results.startup.is_empty() {
        let mut rows = vec![vec![
            "engine".to_string(),
            "empty script".to_string(),
            "hello world".to_string(),
            "RSS hello".to_string(),
            "RSS largest program".to_string(),
            "max RSS".to_string(),
        ]];
        let largest = results.largest_program();
        for (e, engine) in results.engines.iter().enumerate() {
            let startup = &results.startup[e];
            let time = |cell: &crate::results::Cell| match (cell.median(), &cell.failure) {
                (_, Some(_)) => "FAILED".to_string(),
                (Some(m), None) => fmt_ms(m),
                (None, None) => "-".to_string(),
            };
            rows.push(vec![
                engine.id.to_string(),
                time(&startup.empty),
                time(&startup.hello),
                startup
                    .hello
                    .median_rss_kib()
                    .map(fmt_mib)
                    .unwrap_or_else(|| "-".to_string()),
                largest
                    .and_then(|p| results.cells[p][e].median_rss_kib())
                    .map(fmt_mib)
                    .unwrap_or_else(|| "-".to_string()),
                results
                    .max_rss(e)
                    .map(|(p, kib)| format!("{} ({})", fmt_mib(kib), results.programs[p].name))
                    .unwrap_or_else(|| "-".to_string()),
            ]);
        }
        out.push_str(&format!(
            "\nStart-up: median of {} runs; peak RSS: median ru_maxrss.{}\n\n",
            results.startup_runs,
            largest
                .map(|p| format!(" Largest program: {}.", results.programs[p].name))
                .unwrap_or_default()
        ));
        out.push_str(&table(&rows));
    }

    let failures = results.failures();
    if !failures.is_empty() {
        out.push_str("\nFailures:\n");
        for (p, e, reason) in failures {
            out.push_str(&format!(
                "  {} on {}: {reason}\n",
                results.programs[p].name, results.engines[e].id
            ));
        }
    }
    out
}
