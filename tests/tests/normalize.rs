//! "Normalize frontmatter" over every agent file of the corpus and of the
//! conformance fixtures: the result is strict YAML, keys in canonical order,
//! every value as Claude Code loaded it before, stable, with no new
//! diagnostic and the body untouched. Files left alone must be valid and
//! canonical already, or a case the action does not touch on purpose.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use agentls::analysis::normalize::normalize;
use agentls::analysis::{self, Edit, FileKind, Target};
use agentls::formats::claude_agent::catalog::FIELDS;
use agentls::frontmatter::{self, Frontmatter, Locate, Node, NodeKind, Outcome, ScalarValue};
use serde_json::{Value, json};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

fn md_files(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let p = entry.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|e| e == "md") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// Which collection a file comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Group {
    Wshobson,
    VoltAgent,
    Conformance,
}

/// Every agent file: the 202 wshobson plugin agents, the 158 VoltAgent
/// agents and the conformance round*-agents files.
fn agent_files() -> Vec<(Group, FileKind, PathBuf)> {
    let root = fixtures();
    let mut out = Vec::new();
    for p in md_files(&root.join("corpus/wshobson")) {
        let parent = p.parent();
        let is_plugin_agent = parent
            .and_then(Path::file_name)
            .is_some_and(|n| n == "agents")
            && parent
                .and_then(Path::parent)
                .and_then(Path::parent)
                .and_then(Path::file_name)
                .is_some_and(|n| n == "plugins");
        if is_plugin_agent {
            out.push((Group::Wshobson, FileKind::ClaudePluginAgent, p));
        }
    }
    for p in md_files(&root.join("corpus/VoltAgent/awesome-claude-code-subagents/categories")) {
        out.push((Group::VoltAgent, FileKind::ClaudeAgent, p));
    }
    let conformance = root.join("conformance/claude-code-2.1.330");
    let mut rounds: Vec<PathBuf> = std::fs::read_dir(&conformance)
        .expect("conformance fixtures")
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("round") && n.ends_with("-agents"))
        })
        .collect();
    rounds.sort();
    for dir in rounds {
        for p in md_files(&dir) {
            out.push((Group::Conformance, FileKind::ClaudeAgent, p));
        }
    }
    out
}

fn parsed(text: &str) -> Option<Frontmatter> {
    match frontmatter::locate(text) {
        Locate::Found(l) => Some(frontmatter::parse(text, &l)),
        _ => None,
    }
}

/// The canonical position of a top-level key: its index in the catalog's
/// fields, unknown keys after them all.
fn rank(key: &Node) -> usize {
    key.as_str()
        .and_then(|k| FIELDS.iter().position(|f| f.name == k))
        .unwrap_or(FIELDS.len())
}

/// A node as JSON that tells apart every value Claude Code could see:
/// strings, integers, floats, booleans, null, lists, and mappings as
/// ordered lists of `[key, value]` pairs (duplicates kept).
fn canonical(node: &Node) -> Value {
    match &node.kind {
        NodeKind::Scalar(s) => match s.value {
            ScalarValue::Str => json!({ "str": &*s.text }),
            ScalarValue::Null => Value::Null,
            ScalarValue::Bool(b) => json!(b),
            ScalarValue::Int(i) => json!(i),
            ScalarValue::Float(f) => json!({ "float": format!("{f:?}") }),
        },
        NodeKind::Seq(items) => Value::Array(items.iter().map(canonical).collect()),
        NodeKind::Map(entries) => json!({
            "map": entries
                .iter()
                .map(|e| json!([canonical(&e.key), canonical(&e.value)]))
                .collect::<Vec<_>>()
        }),
        NodeKind::Alias(_) => json!("*alias"),
    }
}

/// The top-level entries as Claude Code ends up with them (its YAML parse,
/// or its retry, then `description` un-escaped), in the order given.
fn loaded(entries: &[&frontmatter::yaml::Entry]) -> Value {
    Value::Array(
        entries
            .iter()
            .map(|e| {
                let value = match (e.key.as_str(), e.value.as_str()) {
                    (Some("description"), Some(d)) => {
                        json!({ "str": frontmatter::unescape_description(d) })
                    }
                    _ => canonical(&e.value),
                };
                json!([canonical(&e.key), value])
            })
            .collect(),
    )
}

fn codes(text: &str, kind: FileKind) -> BTreeSet<&'static str> {
    analysis::check(text, Target::new(kind))
        .iter()
        .map(|d| d.rule.code)
        .collect()
}

fn apply(text: &str, edit: &Edit) -> String {
    let mut out = text.to_owned();
    out.replace_range(edit.range.clone(), &edit.new_text);
    out
}

/// Why a file was left alone.
fn why_left_alone(text: &str) -> &'static str {
    let Locate::Found(l) = frontmatter::locate(text) else {
        return "no frontmatter";
    };
    let line = text[..l.close.start].rfind('\n').map_or(0, |i| i + 1);
    if !text[line..l.close.start].trim().is_empty() {
        return "cut by a --- inside a value";
    }
    let fm = frontmatter::parse(text, &l);
    if matches!(fm.outcome, Outcome::Failed { .. }) {
        return "YAML Claude Code cannot load";
    }
    if fm.entries().is_empty() {
        return "not a mapping";
    }
    let ranks: Vec<usize> = fm.entries().iter().map(|e| rank(&e.key)).collect();
    assert!(
        fm.outcome == Outcome::Valid && ranks.is_sorted(),
        "left alone but not canonical: {:?}",
        fm.outcome
    );
    "already canonical"
}

/// Checks the normalization of one file; returns why it was left alone, or
/// whether it was rewritten by reordering only (`"reordered"`) or with
/// values written anew (`"rewritten"`).
fn check_file(label: &str, text: &str, kind: FileKind) -> &'static str {
    let Some(edit) = normalize(text, kind) else {
        return why_left_alone(text);
    };
    let before = parsed(text).expect("a normalized file has frontmatter");
    assert_eq!(
        edit.range, before.located.content,
        "{label}: the edit must replace exactly the frontmatter content"
    );
    let new = apply(text, &edit);
    let after = parsed(&new).unwrap_or_else(|| panic!("{label}: no frontmatter after:\n{new}"));
    // (a) strict YAML.
    assert_eq!(
        after.outcome,
        Outcome::Valid,
        "{label}: not strict YAML:\n{new}"
    );
    assert!(after.documents <= 1, "{label}");
    // (b) the same entries, in canonical order, with the same values.
    let mut expected: Vec<&frontmatter::yaml::Entry> = before.entries().iter().collect();
    expected.sort_by_key(|e| rank(&e.key));
    let got: Vec<&frontmatter::yaml::Entry> = after.entries().iter().collect();
    assert!(
        got.iter().map(|e| rank(&e.key)).is_sorted(),
        "{label}: keys not in canonical order:\n{new}"
    );
    assert_eq!(
        loaded(&got),
        loaded(&expected),
        "{label}: values changed:\n{new}"
    );
    // (c) idempotent.
    assert_eq!(
        normalize(&new, kind),
        None,
        "{label}: not idempotent:\n{new}"
    );
    // (d) no AG005, nothing new.
    let old_codes = codes(text, kind);
    let new_codes = codes(&new, kind);
    assert!(!new_codes.contains("AG005"), "{label}: still AG005:\n{new}");
    let added: Vec<_> = new_codes.difference(&old_codes).collect();
    assert!(
        added.is_empty(),
        "{label}: new diagnostics {added:?}:\n{new}"
    );
    // (e) the body, byte for byte (and everything before the content).
    assert_eq!(
        new[after.located.body_start..],
        text[before.located.body_start..],
        "{label}: body changed"
    );
    assert_eq!(
        new[..edit.range.start],
        text[..edit.range.start],
        "{label}: opening changed"
    );
    assert_eq!(
        new[edit.range.start + edit.new_text.len()..],
        text[edit.range.end..],
        "{label}: closing fence or body changed"
    );
    let reordered_only = before.outcome == Outcome::Valid && {
        let mut old_lines: Vec<&str> = text[edit.range.clone()].split_inclusive('\n').collect();
        let mut new_lines: Vec<&str> = edit.new_text.split_inclusive('\n').collect();
        old_lines.sort_unstable();
        new_lines.sort_unstable();
        old_lines == new_lines
    };
    if reordered_only {
        "reordered"
    } else {
        "rewritten"
    }
}

#[test]
fn normalizes_every_agent_file() {
    let files = agent_files();
    let mut per_group: BTreeMap<Group, usize> = BTreeMap::new();
    let mut outcomes: BTreeMap<(Group, &'static str), usize> = BTreeMap::new();
    let mut by_name: BTreeMap<String, &'static str> = BTreeMap::new();
    let mut volt_strict_rejects = 0;
    let mut volt_strict_rejects_rewritten = 0;
    for (group, kind, path) in &files {
        let label = path.display().to_string();
        let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{label}: {e}"));
        let outcome = check_file(&label, &text, *kind);
        *per_group.entry(*group).or_default() += 1;
        *outcomes.entry((*group, outcome)).or_default() += 1;
        if *group == Group::Conformance {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            by_name.insert(name, outcome);
        }
        if *group == Group::VoltAgent
            && parsed(&text).is_some_and(|fm| fm.outcome != Outcome::Valid)
        {
            volt_strict_rejects += 1;
            if outcome == "rewritten" {
                volt_strict_rejects_rewritten += 1;
            }
        }
    }
    eprintln!("{outcomes:#?}");
    assert_eq!(per_group.get(&Group::Wshobson), Some(&202));
    assert_eq!(per_group.get(&Group::VoltAgent), Some(&158));
    assert_eq!(per_group.get(&Group::Conformance), Some(&33));
    // The 8 VoltAgent files strict YAML rejects are all rewritten.
    assert_eq!(volt_strict_rejects, 8);
    assert_eq!(volt_strict_rejects_rewritten, 8);
    // The conformance files, one by one where it matters.
    for (name, expected) in [
        ("02-multiline-unindented.md", "YAML Claude Code cannot load"),
        ("05-crlf-colon.md", "YAML Claude Code cannot load"),
        ("13-no-frontmatter.md", "no frontmatter"),
        ("19-leading-blank.md", "no frontmatter"),
        ("17-dashes.md", "cut by a --- inside a value"),
        ("14-tab-indent.md", "rewritten"),
        ("24-quote-mismatch.md", "rewritten"),
        ("26-brackets.md", "rewritten"),
        ("28-at-start.md", "rewritten"),
        ("01-user-example.md", "rewritten"),
        ("16-quoted-ok.md", "already canonical"),
    ] {
        assert_eq!(by_name.get(name).copied(), Some(expected), "{name}");
    }
    let rewritten: usize = outcomes
        .iter()
        .filter(|((_, o), _)| matches!(*o, "reordered" | "rewritten"))
        .map(|(_, n)| n)
        .sum();
    assert!(rewritten >= 12, "only {rewritten} files were normalized");
}

/// The conformance file with tabs, in full: the tab-indented list becomes a
/// flow list, the rescued description a double-quoted string.
#[test]
fn tab_indented_conformance_file() {
    let path = fixtures().join("conformance/claude-code-2.1.330/round1-agents/14-tab-indent.md");
    let text = std::fs::read_to_string(path).expect("fixture");
    let edit = normalize(&text, FileKind::ClaudeAgent).expect("rewritten");
    assert_eq!(
        apply(&text, &edit),
        "---\nname: tab-indent\ndescription: \"Tabs: here\"\ntools: [\"Read\"]\n---\nBody.\n"
    );
}
