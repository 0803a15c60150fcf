//! `editors/helix/languages.toml`: its structure, and its `file-types` globs
//! evaluated the way Helix evaluates them.
//!
//! Helix (`helix-core`'s `FileType` deserializer and `FileTypeGlobMatcher`)
//! turns each `{ glob = "…" }` into a `globset::Glob` after two rewrites: a
//! leading `.` becomes `{.,dot-}` (recent versions, for GNU stow's
//! `--dotfiles`), and a glob that starts with neither `/` nor `*/` gets `*/` in
//! front. It matches the globs against the document's absolute path, before
//! looking at the extension, and the longest matching glob picks the language.
//! [`helix_language`] does the same, with and without the `dot-` rewrite
//! (older Helix versions lack it), and the test asserts that every agent file
//! of the fixtures, placed under an absolute project path, gets
//! `agent-markdown`, and that other Markdown (a README, `docs/agents/`,
//! `.claude/commands/`) keeps the built-in `markdown`.
//!
//! A glob cannot leave a file name out, so a README inside an agents folder
//! is `agent-markdown` too (the server stays silent on it: documentation
//! names need no frontmatter); a README anywhere else is not. Both halves are
//! asserted, with the server's own analysis for the first.

use std::path::{Path, PathBuf};

use agentls::analysis::{self, Target};
use globset::{Glob, GlobSetBuilder};
use toml::{Table, Value};

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the repository root")
        .to_owned()
}

fn config() -> Table {
    let path = repo_root().join("editors/helix/languages.toml");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    text.parse::<Table>()
        .unwrap_or_else(|e| panic!("{} is not valid TOML: {e}", path.display()))
}

/// The `[[language]]` named `name`.
fn language<'a>(config: &'a Table, name: &str) -> &'a Table {
    config["language"]
        .as_array()
        .expect("a [[language]] array")
        .iter()
        .filter_map(Value::as_table)
        .find(|l| l.get("name").and_then(Value::as_str) == Some(name))
        .unwrap_or_else(|| panic!("no [[language]] named {name}"))
}

fn strings(value: Option<&Value>) -> Vec<&str> {
    value
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

/// The glob file-types of `agent-markdown`, as written.
fn globs(config: &Table) -> Vec<String> {
    let file_types = language(config, "agent-markdown")["file-types"]
        .as_array()
        .expect("file-types is an array");
    file_types
        .iter()
        .map(|ft| {
            let table = ft
                .as_table()
                .unwrap_or_else(|| panic!("agent-markdown's file-type {ft} is not a {{ glob }}"));
            assert_eq!(table.len(), 1, "{ft}: only `glob`");
            table["glob"].as_str().expect("glob is a string").to_owned()
        })
        .collect()
}

/// A glob as Helix compiles it (see the module documentation).
fn helix_glob(glob: &str, dot_rewrite: bool) -> Glob {
    let mut glob = glob.to_owned();
    if dot_rewrite && let Some(rest) = glob.strip_prefix('.') {
        glob = format!("{{.,dot-}}{rest}");
    }
    if !glob.starts_with('/') && !glob.starts_with("*/") {
        glob.insert_str(0, "*/");
    }
    Glob::new(&glob).unwrap_or_else(|e| panic!("invalid glob {glob}: {e}"))
}

/// The language Helix gives `path` with `globs` as agent-markdown's
/// file-types: a matching glob wins, else the built-in `markdown` takes `md`.
fn helix_language(globs: &[String], path: &str, dot_rewrite: bool) -> Option<&'static str> {
    let mut set = GlobSetBuilder::new();
    for g in globs {
        set.add(helix_glob(g, dot_rewrite));
    }
    let set = set.build().expect("a glob set");
    if set.is_match(path) {
        Some("agent-markdown")
    } else if Path::new(path).extension().and_then(|e| e.to_str()) == Some("md") {
        Some("markdown")
    } else {
        None
    }
}

fn md_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    files
}

fn file_name(p: &Path) -> &str {
    p.file_name()
        .and_then(|n| n.to_str())
        .expect("a UTF-8 file name")
}

/// Every agent path of the fixtures, as Helix would see it: the conformance
/// agents under `/home/u/proj/.claude/agents/`, the corpus plugin agents under
/// `/home/u/src/agents/plugins/<plugin>/agents/`.
fn agent_paths() -> Vec<String> {
    let fixtures = repo_root().join("tests/fixtures");
    let mut paths = Vec::new();
    let conformance = fixtures.join("conformance/claude-code-2.1.330");
    for round in ["round1-agents", "round2-agents", "round3-agents"] {
        for f in md_files(&conformance.join(round)) {
            paths.push(format!("/home/u/proj/.claude/agents/{}", file_name(&f)));
        }
    }
    let plugins = fixtures.join("corpus/wshobson/agents/plugins");
    let mut plugin_dirs: Vec<PathBuf> = std::fs::read_dir(&plugins)
        .expect("the corpus plugins")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.join("agents").is_dir())
        .collect();
    plugin_dirs.sort();
    for dir in plugin_dirs {
        for f in md_files(&dir.join("agents")) {
            paths.push(format!(
                "/home/u/src/agents/plugins/{}/agents/{}",
                file_name(&dir),
                file_name(&f)
            ));
        }
    }
    paths
}

#[test]
fn language_server_and_language() {
    let config = config();
    let server = config["language-server"]["agentls"]
        .as_table()
        .expect("[language-server.agentls]");
    assert_eq!(server["command"].as_str(), Some("agentls"));
    assert!(
        server
            .get("args")
            .is_none_or(|a| a.as_array().is_some_and(Vec::is_empty)),
        "agentls serves LSP with no arguments: {server:?}"
    );

    let names: Vec<&str> = config["language"]
        .as_array()
        .expect("[[language]]")
        .iter()
        .filter_map(|l| l.get("name").and_then(Value::as_str))
        .collect();
    assert_eq!(
        names,
        ["agent-markdown"],
        "only agent-markdown: the built-in markdown stays as it is"
    );
    let lang = language(&config, "agent-markdown");
    assert_eq!(lang["scope"].as_str(), Some("source.md"));
    assert_eq!(lang["grammar"].as_str(), Some("markdown"));
    assert_eq!(lang["language-id"].as_str(), Some("markdown"));
    assert_eq!(
        strings(lang.get("language-servers")),
        ["agentls", "marksman"]
    );
    assert_eq!(lang["block-comment-tokens"]["start"].as_str(), Some("<!--"));
    assert_eq!(lang["block-comment-tokens"]["end"].as_str(), Some("-->"));
    assert_eq!(lang["indent"]["tab-width"].as_integer(), Some(2));
    assert_eq!(lang["indent"]["unit"].as_str(), Some("  "));
    // Helix only reads keys it knows (deny_unknown_fields): a typo would
    // make the whole file fail to load.
    let known = [
        "name",
        "language-id",
        "scope",
        "grammar",
        "file-types",
        "roots",
        "language-servers",
        "block-comment-tokens",
        "comment-tokens",
        "indent",
        "injection-regex",
    ];
    for key in lang.keys() {
        assert!(known.contains(&key.as_str()), "unexpected key {key}");
    }
}

#[test]
fn queries_inherit_markdown() {
    // Helix loads queries by language name: agent-markdown's must exist and
    // inherit markdown's, or agent files get no highlighting.
    let dir = repo_root().join("editors/helix/runtime/queries/agent-markdown");
    for q in ["highlights.scm", "injections.scm"] {
        let text = std::fs::read_to_string(dir.join(q)).unwrap_or_else(|e| panic!("{q}: {e}"));
        assert_eq!(text.trim(), "; inherits: markdown", "{q}");
    }
}

#[test]
fn globs_match_every_agent_file() {
    let globs = globs(&config());
    let paths = agent_paths();
    assert_eq!(paths.len(), 33 + 202, "the fixture agents");
    for dot_rewrite in [true, false] {
        let missed: Vec<&String> = paths
            .iter()
            .filter(|p| helix_language(&globs, p, dot_rewrite) != Some("agent-markdown"))
            .collect();
        assert!(
            missed.is_empty(),
            "not agent-markdown (dot rewrite {dot_rewrite}): {missed:#?}"
        );
    }
    for path in [
        "/home/u/.claude/agents/a.md",
        "/home/u/.claude/agents/sub/dir/a.md",
        "/.claude/agents/a.md",
        "/home/u/proj/sub/project/.claude/agents/a.md",
        "/r/plugins/x/agents/deep/a.md",
    ] {
        assert_eq!(
            helix_language(&globs, path, true),
            Some("agent-markdown"),
            "{path}"
        );
    }
}

#[test]
fn globs_leave_other_markdown_alone() {
    let globs = globs(&config());
    for path in [
        "/home/u/proj/README.md",
        "/home/u/proj/docs/agents/x.md",
        "/home/u/proj/.claude/commands/x.md",
        "/home/u/proj/.claude/skills/x/SKILL.md",
        "/home/u/proj/.claude/agents.md",
        "/home/u/proj/CLAUDE.md",
        "/home/u/proj/agents/x.md",
        "/home/u/proj/plugins/agents/x.md",
        "/home/u/proj/plugins/x/commands/y.md",
        "/home/u/src/agents/plugins/x/README.md",
    ] {
        for dot_rewrite in [true, false] {
            assert_eq!(
                helix_language(&globs, path, dot_rewrite),
                Some("markdown"),
                "{path}"
            );
        }
    }
    assert_eq!(
        helix_language(&globs, "/home/u/proj/.claude/agents/notes.txt", true),
        None
    );
}

#[test]
fn readme_inside_an_agents_folder_is_agent_markdown_and_silent() {
    let globs = globs(&config());
    // A typical README: Markdown, no frontmatter.
    let readme = "# Our agents\n\nOne file per agent; see each file's `description`.\n";
    for path in [
        "/home/u/proj/.claude/agents/README.md",
        "/home/u/proj/.claude/agents/sub/README.md",
        "/home/u/.claude/agents/README.md",
        "/home/u/proj/.claude/agents/CHANGELOG.md",
        "/home/u/src/agents/plugins/x/agents/README.md",
    ] {
        for dot_rewrite in [true, false] {
            assert_eq!(
                helix_language(&globs, path, dot_rewrite),
                Some("agent-markdown"),
                "{path} (dot rewrite {dot_rewrite}): Helix globs cannot exclude a file name"
            );
        }
        // The server takes it for an agent file, by its path...
        let kind = analysis::detect(Path::new(path), |_| false)
            .unwrap_or_else(|| panic!("{path}: the server does not see an agent file"));
        assert!(analysis::is_documentation_name(Path::new(path)), "{path}");
        // ...and says nothing: documentation names need no frontmatter.
        let target = Target {
            kind,
            documentation_name: true,
        };
        let diagnostics = analysis::check(readme, target);
        assert!(diagnostics.is_empty(), "{path}: {diagnostics:?}");
        // (Another name in the same folder is asked for frontmatter: AG001.)
        let codes: Vec<&str> = analysis::check(readme, Target::new(kind))
            .iter()
            .map(|d| d.rule.code)
            .collect();
        assert_eq!(
            codes,
            ["AG001"],
            "{path} without the documentation exemption"
        );
    }
}

#[test]
fn readme_outside_agents_folders_is_markdown() {
    let globs = globs(&config());
    for path in [
        "/home/u/proj/README.md",
        "/home/u/proj/.claude/README.md",
        "/home/u/proj/docs/agents/README.md",
        "/home/u/src/agents/README.md",
        "/home/u/src/agents/plugins/README.md",
        "/home/u/src/agents/plugins/x/README.md",
        "/home/u/src/agents/plugins/x/commands/README.md",
    ] {
        for dot_rewrite in [true, false] {
            assert_eq!(
                helix_language(&globs, path, dot_rewrite),
                Some("markdown"),
                "{path} (dot rewrite {dot_rewrite})"
            );
        }
    }
}
