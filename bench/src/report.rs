//! The measures a run collects, the header that says where and how it ran,
//! and the table that puts agentls's figures beside the peer's.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A figure: a measured value, or a run stopped at a time limit.
#[derive(Clone, Copy)]
pub enum Figure {
    At(f64),
    /// The run passed this limit (in the row's unit) and was killed.
    Over(f64),
    /// The run failed without a result (a checker that refuses the input).
    Failed,
}

/// The measures of one server or checker, in order.
#[derive(Default)]
pub struct Measures(Vec<(String, Figure, &'static str)>);

impl Measures {
    /// Adds a measured value.
    pub fn add(&mut self, label: impl Into<String>, value: f64, unit: &'static str) {
        self.0.push((label.into(), Figure::At(value), unit));
    }

    /// Adds a run that failed without a result.
    pub fn failed(&mut self, label: impl Into<String>, unit: &'static str) {
        self.0.push((label.into(), Figure::Failed, unit));
    }

    /// Adds a run killed at `limit`.
    pub fn over(&mut self, label: impl Into<String>, limit: f64, unit: &'static str) {
        self.0.push((label.into(), Figure::Over(limit), unit));
    }
}

/// The first line of `cmd`'s output (stdout, else stderr), waiting at most
/// 5 s: a server that does not know `--version` may start serving instead.
pub fn first_line(cmd: &str, args: &[&str]) -> Option<String> {
    let parts: Vec<&str> = cmd.split_whitespace().collect();
    let mut child = Command::new(parts.first()?)
        .args(&parts[1..])
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .ok()?;
    let deadline = Instant::now() + Duration::from_secs(5);
    while child.try_wait().ok()?.is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            return None;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().ok()?;
    [out.stdout, out.stderr]
        .iter()
        .map(|o| {
            String::from_utf8_lossy(o)
                .trim()
                .lines()
                .next()
                .unwrap_or("")
                .to_owned()
        })
        .find(|l| !l.is_empty())
}

/// Where and how the run was made: machine, date, command line, versions
/// of the commands measured.
pub fn header(commands: &[&str]) -> Vec<String> {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let cpu = cpuinfo
        .lines()
        .find(|l| l.starts_with("model name"))
        .and_then(|l| l.split_once(':'))
        .map_or("unknown CPU", |(_, v)| v.trim());
    let cores = std::thread::available_parallelism().map_or(0, std::num::NonZero::get);
    let memory = std::fs::read_to_string("/proc/meminfo")
        .unwrap_or_default()
        .lines()
        .find(|l| l.starts_with("MemTotal:"))
        .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        .map_or(0.0, |kib| kib / 1024.0 / 1024.0);
    let kernel = first_line("uname", &["-r"]).unwrap_or_default();
    let date = first_line("date", &["-u", "+%Y-%m-%d %H:%M UTC"]).unwrap_or_default();
    let args: Vec<String> = std::env::args().collect();
    let mut lines = vec![
        format!("- machine: {cpu}, {cores} cores, {memory:.1} GiB memory, Linux {kernel}"),
        format!("- date: {date}"),
        format!("- command: `{}`", args.join(" ")),
    ];
    let versions: Vec<String> = commands
        .iter()
        .map(|c| {
            let name = c.split_whitespace().next().unwrap_or(c);
            let name = name.rsplit('/').next().unwrap_or(name);
            first_line(c.split_whitespace().next().unwrap_or(c), &["--version"])
                .unwrap_or_else(|| format!("{name} (no version)"))
        })
        .collect();
    lines.push(format!("- versions: {}", versions.join("; ")));
    lines
}

/// The table in Markdown: one row per label, agentls's figure, the peer's,
/// and the ratio (the peer's over agentls's).
pub fn table(ours: Measures, theirs: Measures, peer_name: &str) -> Vec<String> {
    struct Row {
        label: String,
        ours: Option<Figure>,
        peer: Option<Figure>,
        unit: &'static str,
    }
    let mut rows: Vec<Row> = ours
        .0
        .into_iter()
        .map(|(label, figure, unit)| Row {
            label,
            ours: Some(figure),
            peer: None,
            unit,
        })
        .collect();
    for (label, figure, unit) in theirs.0 {
        match rows.iter_mut().find(|r| r.label == label) {
            Some(r) => r.peer = Some(figure),
            None => rows.push(Row {
                label,
                ours: None,
                peer: Some(figure),
                unit,
            }),
        }
    }
    let fmt = |v: Option<Figure>, unit: &str| match v {
        None => "–".to_owned(),
        Some(Figure::Failed) => "error".to_owned(),
        Some(Figure::Over(limit)) if unit == "ms" => format!("> {:.0} s", limit / 1000.0),
        Some(Figure::Over(limit)) => format!("> {limit:.0} {unit}"),
        Some(Figure::At(v)) if v.fract() == 0.0 && unit != "ms" && !unit.ends_with('B') => {
            format!("{v:.0} {unit}")
        }
        Some(Figure::At(v)) if v < 10.0 => format!("{v:.3} {unit}"),
        Some(Figure::At(v)) => format!("{v:.1} {unit}"),
    };
    let mut lines = vec![
        format!("| measure | agentls | {peer_name} | ratio |"),
        "|---|---:|---:|---:|".to_owned(),
    ];
    for r in rows {
        let ratio = match (r.ours, r.peer) {
            // Counts have no ratio.
            _ if r.unit != "ms" && !r.unit.ends_with('B') => "–".to_owned(),
            (Some(Figure::At(a)), Some(Figure::At(b))) if a > 0.0 => format!("{:.1}x", b / a),
            (Some(Figure::At(a)), Some(Figure::Over(b))) if a > 0.0 => {
                format!("> {:.0}x", b / a)
            }
            _ => "–".to_owned(),
        };
        lines.push(format!(
            "| {} | {} | {} | {ratio} |",
            r.label,
            fmt(r.ours, r.unit),
            fmt(r.peer, r.unit)
        ));
    }
    lines
}
