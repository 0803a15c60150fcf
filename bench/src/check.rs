//! Checker runs: wall time and peak RSS of a command over a tree of files,
//! with a time limit.

use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::report::Measures;
use crate::server::ms;
use crate::workspace::generated_workspace;

/// How a checker run ended.
enum Run {
    /// Wall time (ms) and peak RSS (MiB).
    Done(f64, f64),
    /// Killed at the time limit.
    TimedOut,
    /// Failed without a report (an error status, nothing on stdout): the
    /// first line it wrote on stderr.
    Failed(String),
}

/// Runs a checker command on `path`: its wall time (timed here: GNU time
/// counts in hundredths of a second) and its peak RSS (from GNU time). A
/// run past `limit` is killed, with all its processes.
fn run_check(cmd: &str, path: &Path, limit: Duration) -> Option<Run> {
    let temp = |what: &str| {
        std::env::temp_dir().join(format!("agentls-bench-{what}-{}", std::process::id()))
    };
    let (report, stdout, stderr) = (temp("time"), temp("stdout"), temp("stderr"));
    let start = Instant::now();
    let mut child = Command::new("/usr/bin/time")
        .arg("-o")
        .arg(&report)
        .arg("-f")
        .arg("%e %M")
        .args(cmd.split_whitespace())
        .arg(path)
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&stdout).ok()?)
        .stderr(std::fs::File::create(&stderr).ok()?)
        // Its own process group, so that a run past the limit is killed
        // whole (the checker, not only `time`).
        .process_group(0)
        .spawn()
        .ok()?;
    let status = loop {
        if let Some(status) = child.try_wait().ok()? {
            break status;
        }
        if start.elapsed() > limit {
            let _ = Command::new("kill")
                .arg("-KILL")
                .arg("--")
                .arg(format!("-{}", child.id()))
                .status();
            let _ = child.wait();
            return Some(Run::TimedOut);
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let wall = start.elapsed();
    let reported = std::fs::metadata(&stdout).map_or(0, |m| m.len()) > 0;
    let error = std::fs::read_to_string(&stderr).unwrap_or_default();
    let _ = std::fs::remove_file(&stdout);
    let _ = std::fs::remove_file(&stderr);
    if !status.success() && !reported {
        let _ = std::fs::remove_file(&report);
        return Some(Run::Failed(error.lines().next().unwrap_or("").to_owned()));
    }
    let out = std::fs::read_to_string(&report).ok()?;
    let _ = std::fs::remove_file(&report);
    let last = out.lines().last()?;
    let mut it = last.split_whitespace();
    let _: f64 = it.next()?.parse().ok()?;
    let kib: f64 = it.next()?.parse().ok()?;
    Some(Run::Done(ms(wall), kib / 1024.0))
}

fn fixtures() -> PathBuf {
    crate::fixtures()
}

fn generated_tree(root: &Path, count: usize) -> PathBuf {
    let dir = root.join(format!("gen{count}/.claude/agents"));
    if !dir.join(format!("a{}.md", count - 1)).exists() {
        std::fs::create_dir_all(&dir).expect("dir");
        let seeds: Vec<String> = (0..5)
            .filter_map(|i| {
                std::fs::read_dir(fixtures().join("seeds"))
                    .ok()?
                    .flatten()
                    .map(|e| e.path())
                    .filter(|p| {
                        p.extension().is_some_and(|x| x == "md") && !p.ends_with("README.md")
                    })
                    .nth(i)
            })
            .map(|p| std::fs::read_to_string(p).unwrap_or_default())
            .collect();
        for i in 0..count {
            std::fs::write(dir.join(format!("a{i}.md")), &seeds[i % seeds.len()]).expect("write");
        }
    }
    root.join(format!("gen{count}"))
}

/// Times `cmd` over the corpus, generated agent files and generated
/// workspaces in six formats; a run past `limit` is killed and shows as
/// over it.
pub fn bench_check(cmd: &str, root: &Path, limit: Duration, rows: &mut Measures) {
    let cases = [
        (
            "check the corpus (611 files, 360 agents)",
            fixtures().join("corpus"),
        ),
        (
            "check 1,000 generated agent files",
            generated_tree(root, 1000),
        ),
        (
            "check 10,000 generated agent files",
            generated_tree(root, 10_000),
        ),
        (
            "check 10,000 generated files, 6 formats",
            generated_workspace(root, 10_000),
        ),
        (
            "check 100,000 generated files, 6 formats",
            generated_workspace(root, 100_000),
        ),
    ];
    for (label, path) in cases {
        // Best of 3 (the first warms the file cache); a run over 10 s is not
        // repeated (the file cache matters little there).
        let mut runs: Vec<(f64, f64)> = Vec::new();
        let mut timed_out = false;
        let mut failed = false;
        for _ in 0..3 {
            match run_check(cmd, &path, limit) {
                None => break,
                Some(Run::TimedOut) => {
                    timed_out = true;
                    break;
                }
                Some(Run::Failed(error)) => {
                    eprintln!("{cmd} failed on {}: {error}", path.display());
                    failed = true;
                    break;
                }
                Some(Run::Done(wall, rss)) => {
                    runs.push((wall, rss));
                    if wall > 10_000.0 {
                        break;
                    }
                }
            }
        }
        if let Some(best) = runs
            .iter()
            .copied()
            .reduce(|a, b| if b.0 < a.0 { b } else { a })
        {
            rows.add(format!("{label}: wall time"), best.0, "ms");
            rows.add(format!("{label}: peak RSS"), best.1, "MiB");
        } else if timed_out {
            rows.over(format!("{label}: wall time"), ms(limit), "ms");
        } else if failed {
            rows.failed(format!("{label}: wall time"), "ms");
        }
    }
}
