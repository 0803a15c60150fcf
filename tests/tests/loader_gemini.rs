//! agentls against Gemini CLI 0.61.0's own subagent loader, on generated
//! files: `tests/fixtures/loader/gemini-agent/`, with what the real loader
//! did with every file (`VERDICTS.tsv`, recorded by `record.sh gemini-agent`:
//! each file alone in `~/.gemini/agents/`, offline).
//!
//! Every verdict is checked, with no loader at test time:
//! - `refused`: agentls reports an error (Gemini CLI refuses the file);
//! - `loaded`: no error;
//! - what the model sees (the `read` column: the agent's name and
//!   description in the system prompt's `<available_subagents>`): the
//!   roster entry agentls shows, exactly.
//!
//! One class is decided by the network, not by the file: a remote agent
//! whose agent card is at a URL is registered only if Gemini CLI can fetch
//! the card when it starts. The oracle runs offline, so such files
//! (`agent_card_url: https://example.com/…`) are recorded as refused with no
//! log line; agentls cannot fetch the card either, and says so with a hint
//! (AG953) instead of an error. The same loader, run on inline cards (no
//! network needed), loads the one whose card has a `url` and refuses the one
//! without (both recorded in the set), which agentls also checks.

use std::path::{Path, PathBuf};

use agentls::analysis::{self, Severity, Target};
use agentls::formats;

fn folder() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/loader/gemini-agent")
}

/// `(file, verdict, detail, read)` for every recorded file.
fn verdicts() -> Vec<(String, String, String, String)> {
    let text = std::fs::read_to_string(folder().join("VERDICTS.tsv")).expect("verdicts");
    text.lines()
        .skip(1)
        .map(|line| {
            let mut cells = line.split('\t');
            let mut next = || cells.next().unwrap_or_default().to_owned();
            (next(), next(), next(), next())
        })
        .collect()
}

#[test]
fn every_verdict_of_gemini_cli_agrees() {
    let mut wrong = Vec::new();
    let (mut refused, mut loaded, mut network, mut rosters) = (0, 0, 0, 0);
    for (f, verdict, detail, read) in verdicts() {
        let bytes = std::fs::read(folder().join(&f)).expect("fixture");
        let text = String::from_utf8_lossy(&bytes);
        let path = PathBuf::from(format!("/p/.gemini/agents/{f}"));
        let Some(kind) = analysis::detect(&path, |_| false) else {
            wrong.push(format!("{f}: not detected at {}", path.display()));
            continue;
        };
        let name = formats::path_name(kind, &path);
        let diags = analysis::check_file(&text, Target::new(kind), name.as_deref());
        let said = || {
            diags
                .iter()
                .map(|d| format!("{} {:?} {}", d.rule.code, d.severity, d.message))
                .collect::<Vec<_>>()
        };
        let errors = diags
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        let fetched = diags.iter().any(|d| d.rule.code == "AG953");
        let ok = match verdict.as_str() {
            "refused" if fetched && detail.starts_with("not loaded (no log line") => {
                network += 1;
                errors == 0
            }
            "refused" => {
                refused += 1;
                errors > 0
            }
            "loaded" => {
                loaded += 1;
                errors == 0
            }
            other => {
                wrong.push(format!("{f}: unexpected verdict {other}"));
                continue;
            }
        };
        if !ok {
            wrong.push(format!(
                "{f}: Gemini CLI {verdict} ({detail}); agentls: {:?}",
                said()
            ));
        }
        // What the model sees.
        let ours = analysis::roster(&text, kind, name.as_deref()).map(|(_, l)| l);
        let theirs = serde_json::from_str::<serde_json::Value>(&read)
            .ok()
            .and_then(|r| {
                Some(format!(
                    "<subagent>\n    <name>{}</name>\n    <description>{}</description>\n  </subagent>",
                    r["name"].as_str()?,
                    r["description"].as_str()?
                ))
            });
        if verdict == "loaded" {
            rosters += 1;
            if ours != theirs {
                wrong.push(format!(
                    "{f}: the model sees {theirs:?}; agentls shows {ours:?}"
                ));
            }
        } else if ours.is_some() {
            wrong.push(format!(
                "{f}: not listed by Gemini CLI; agentls shows {ours:?}"
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} disagreements with Gemini CLI's loader:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
    assert!(
        refused >= 70 && loaded >= 50,
        "{refused} refused, {loaded} loaded"
    );
    assert!(network <= 4, "{network} decided by the network");
    assert_eq!(rosters, loaded);
}

const SETS: &[&str] = &["gemini-agent"];

fn folder_of(set: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/loader")
        .join(set)
}

fn place(_: &str, file: &str) -> String {
    format!("/p/.gemini/agents/{file}")
}

/// Text spliced into fixtures by [`no_input_panics`].
const NOISE: &[&str] = &[
    "\r\n", ":", " ", "---", "\n---\n", "\u{feff}", "é", "😀", "[", "'", "\"", "#", "!", "&a",
    "*a", "|", "\t", "- ", "\r", "{", "\n  ", "<<: *a\n",
];

/// Every range `what` reports lies on character boundaries of `text`.
fn on_boundaries(text: &str, range: &std::ops::Range<usize>, what: &str) {
    assert!(
        range.start <= range.end
            && range.end <= text.len()
            && text.is_char_boundary(range.start)
            && text.is_char_boundary(range.end),
        "{what}: {range:?} in {text:?}"
    );
}

/// One text through what an editor asks of it: diagnostics and their fixes,
/// the roster, hover and completion at line starts and a few offsets.
fn probe(text: &str, path: &Path) {
    use agentls::analysis::{completion, hover};
    let Some(kind) = analysis::detect(path, |_| false) else {
        return;
    };
    let name = formats::path_name(kind, path);
    for d in analysis::check_file(text, Target::new(kind), name.as_deref()) {
        on_boundaries(text, &d.range, "diagnostic");
        for fix in &d.fixes {
            for e in &fix.edits {
                on_boundaries(text, &e.range, "fix");
            }
        }
    }
    if let Some((range, _)) = analysis::roster(text, kind, name.as_deref()) {
        on_boundaries(text, &range, "roster");
    }
    let mut offsets: Vec<usize> = text.match_indices('\n').map(|(i, _)| i + 1).collect();
    offsets.extend([0, 5, 9, text.len() / 2, text.len()]);
    for offset in offsets {
        let offset = (0..=offset.min(text.len()))
            .rev()
            .find(|i| text.is_char_boundary(*i))
            .unwrap_or(0);
        if let Some(h) = hover::hover_in(text, offset, kind, name.as_deref()) {
            on_boundaries(text, &h.range, "hover");
        }
        for item in completion::complete(text, offset, &completion::Request::new(kind)) {
            on_boundaries(text, &item.range, "completion");
        }
    }
}

/// Every fixture of the set, cut at a dozen places and with text spliced in
/// there: nothing panics, every range lies on character boundaries.
#[test]
fn no_input_panics() {
    let mut files = Vec::new();
    for set in SETS {
        for entry in walk(&folder_of(set)) {
            files.push((entry, set));
        }
    }
    let mut probes = 0;
    for (i, (file, set)) in files.iter().enumerate() {
        let text = String::from_utf8_lossy(&std::fs::read(file).expect("fixture")).into_owned();
        let path = PathBuf::from(place(
            set,
            file.file_name().and_then(|n| n.to_str()).unwrap_or("a.md"),
        ));
        let step = (text.len() / 12).max(1);
        for (j, cut) in (0..=text.len()).step_by(step).enumerate() {
            let cut = (0..=cut)
                .rev()
                .find(|c| text.is_char_boundary(*c))
                .unwrap_or(0);
            probe(&text[..cut], &path);
            let noise = NOISE[(i * 7 + j) % NOISE.len()];
            probe(&format!("{}{noise}{}", &text[..cut], &text[cut..]), &path);
            probes += 2;
        }
    }
    assert!(probes > 1000, "{probes} probes");
}

/// The `.md` files below `dir`.
fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("fixtures") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else if path.extension().is_some_and(|e| e == "md") {
            out.push(path);
        }
    }
    out.sort();
    out
}
