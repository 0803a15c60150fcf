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
//! `agent-markdown`: the Claude Code agents, and the loader fixtures of every
//! other format (`tests/fixtures/loader/<set>/`) placed where their tool reads
//! them (a skill under `.claude/skills/`, a Cursor rule under `.cursor/rules/`,
//! …), plus prompt files, chat modes and OpenCode commands by hand; and that
//! other Markdown (a README, `docs/x.md`, `notes/SKILL.md`, `docs/agents/`)
//! keeps the built-in `markdown`, and a `.mdc` elsewhere gets no language.
//! Only the globs are checked for the other formats, not the server's reading
//! of them.
//!
//! A glob cannot leave a file name out, so a README inside an agents folder
//! is `agent-markdown` too (the server stays silent on it: documentation
//! names need no frontmatter); a README anywhere else is not. Both halves are
//! asserted, with the server's own analysis for the first. Where a glob
//! matches more than the tool reads (a skill two folders deep, a Gemini
//! `_draft.md`, …: the README lists them), the test pins that too.
//!
//! The `targets` setting's examples (the commented-out `config` line of
//! `[language-server.agentls]` and the README's, and the README's
//! `.agentls.toml`) are valid, with ids the server knows.

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

/// The language Helix gives a path with `globs` as agent-markdown's
/// file-types: a matching glob wins, else the built-in `markdown` takes `md`
/// (and nothing else takes `mdc`: Helix maps that extension to no language).
fn helix_matcher(globs: &[String], dot_rewrite: bool) -> impl Fn(&str) -> Option<&'static str> {
    let mut set = GlobSetBuilder::new();
    for g in globs {
        set.add(helix_glob(g, dot_rewrite));
    }
    let set = set.build().expect("a glob set");
    move |path| {
        if set.is_match(path) {
            Some("agent-markdown")
        } else if Path::new(path).extension().and_then(|e| e.to_str()) == Some("md") {
            Some("markdown")
        } else {
            None
        }
    }
}

/// [`helix_matcher`] for one path.
fn helix_language(globs: &[String], path: &str, dot_rewrite: bool) -> Option<&'static str> {
    helix_matcher(globs, dot_rewrite)(path)
}

/// The files of `dir` and its subfolders whose extension is `ext`, relative to
/// `dir` and sorted.
fn files_with_extension(dir: &Path, ext: &str) -> Vec<String> {
    fn walk(dir: &Path, base: &Path, ext: &str, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
            .filter_map(Result::ok)
        {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, base, ext, out);
            } else if path.extension().is_some_and(|e| e == ext) {
                let rel = path.strip_prefix(base).expect("below the base");
                out.push(rel.to_str().expect("a UTF-8 path").to_owned());
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, ext, &mut out);
    out.sort();
    out
}

/// The folders of `dir` that hold a `SKILL.md`, sorted.
fn skill_dirs(dir: &Path) -> Vec<String> {
    let mut out: Vec<String> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.join("SKILL.md").is_file())
        .map(|p| file_name(&p).to_owned())
        .collect();
    out.sort();
    out
}

/// The files of every other format, as Helix would see them: each loader
/// fixture set of `tests/fixtures/loader/` placed where its tool reads it
/// (and where a plugin or the global configuration would hold it), and by
/// hand the formats without a set. Each entry: the format and the path.
fn format_paths() -> Vec<(&'static str, String)> {
    let loader = repo_root().join("tests/fixtures/loader");
    let mut paths: Vec<(&'static str, String)> = Vec::new();
    for dir in skill_dirs(&loader.join("claude-skill")) {
        paths.push((
            "claude-skill",
            format!("/home/u/proj/.claude/skills/{dir}/SKILL.md"),
        ));
        paths.push((
            "claude-skill",
            format!("/home/u/src/agents/plugins/kit/skills/{dir}/SKILL.md"),
        ));
    }
    for rel in files_with_extension(&loader.join("claude-command"), "md") {
        paths.push((
            "claude-command",
            format!("/home/u/proj/.claude/commands/{rel}"),
        ));
        paths.push(("claude-command", format!("/home/u/.claude/commands/{rel}")));
        paths.push((
            "claude-command",
            format!("/home/u/src/agents/plugins/kit/commands/{rel}"),
        ));
    }
    for rel in files_with_extension(&loader.join("claude-output-style"), "md") {
        paths.push((
            "claude-output-style",
            format!("/home/u/proj/.claude/output-styles/{rel}"),
        ));
        paths.push((
            "claude-output-style",
            format!("/home/u/src/agents/plugins/kit/output-styles/{rel}"),
        ));
    }
    for dir in skill_dirs(&loader.join("agent-skill")) {
        for root in [".github", ".agents", ".codex", ".copilot"] {
            paths.push((
                "agent-skill",
                format!("/home/u/proj/{root}/skills/{dir}/SKILL.md"),
            ));
        }
    }
    for rel in files_with_extension(&loader.join("copilot-agent"), "md") {
        paths.push((
            "copilot-agent",
            format!("/home/u/proj/.github/agents/{rel}"),
        ));
        if rel.ends_with(".agent.md") {
            paths.push(("copilot-agent", format!("/home/u/proj/src/{rel}")));
        }
    }
    for rel in files_with_extension(&loader.join("opencode-agent"), "md") {
        paths.push((
            "opencode-agent",
            format!("/home/u/proj/.opencode/agent/{rel}"),
        ));
        paths.push((
            "opencode-agent",
            format!("/home/u/proj/.opencode/agents/{rel}"),
        ));
        paths.push((
            "opencode-agent",
            format!("/home/u/.config/opencode/agent/{rel}"),
        ));
        paths.push((
            "opencode-agent",
            format!("/home/u/.config/opencode/agents/{rel}"),
        ));
    }
    for rel in files_with_extension(&loader.join("gemini-agent"), "md") {
        paths.push(("gemini-agent", format!("/home/u/proj/.gemini/agents/{rel}")));
    }
    for rel in files_with_extension(&loader.join("qwen-agent"), "md") {
        paths.push(("qwen-agent", format!("/home/u/.qwen/agents/{rel}")));
    }
    for rel in files_with_extension(&loader.join("cursor-rule"), "mdc") {
        paths.push(("cursor-rule", format!("/home/u/proj/.cursor/rules/{rel}")));
        paths.push((
            "cursor-rule",
            format!("/home/u/proj/.cursor/rules/frontend/{rel}"),
        ));
    }
    for (format, path) in [
        (
            "copilot-prompt",
            "/home/u/proj/.github/prompts/release.prompt.md",
        ),
        ("copilot-prompt", "/home/u/proj/docs/x.prompt.md"),
        (
            "copilot-chatmode",
            "/home/u/proj/.github/chatmodes/plan.chatmode.md",
        ),
        ("copilot-chatmode", "/home/u/proj/plan.chatmode.md"),
        ("opencode-command", "/home/u/proj/.opencode/command/test.md"),
        (
            "opencode-command",
            "/home/u/proj/.opencode/commands/ns/test.md",
        ),
        (
            "opencode-command",
            "/home/u/.config/opencode/command/test.md",
        ),
        (
            "opencode-command",
            "/home/u/.config/opencode/commands/test.md",
        ),
        ("claude-skill", "/home/u/.claude/skills/pdf/SKILL.md"),
        (
            "claude-output-style",
            "/home/u/.claude/output-styles/terse.md",
        ),
        (
            "copilot-agent",
            "/home/u/proj/.github/agents/team/planner.md",
        ),
    ] {
        paths.push((format, path.to_owned()));
    }
    paths
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

/// The `targets` setting for Helix: the commented-out line of
/// `[language-server.agentls]`, once uncommented, and the README's example are
/// valid TOML that gives the server `config = { targets = [...] }` (its
/// initialization options) with ids the server knows; the README's
/// `.agentls.toml` is one the server reads.
#[test]
fn targets_config_in_languages_toml_and_readme() {
    let check = |config: &Table, what: &str| {
        let server = config["language-server"]["agentls"]
            .as_table()
            .unwrap_or_else(|| panic!("{what}: [language-server.agentls]"));
        assert_eq!(server["command"].as_str(), Some("agentls"), "{what}");
        let targets = strings(server.get("config").and_then(|c| c.get("targets")));
        assert_eq!(targets, ["claude"], "{what}: config.targets");
        let tools = agentls::formats::target::Tools::parse(&targets.join(","))
            .unwrap_or_else(|e| panic!("{what}: {e}"));
        assert!(
            tools.has(agentls::formats::target::Tool::ClaudeCode),
            "{what}"
        );
    };

    let path = repo_root().join("editors/helix/languages.toml");
    let text = std::fs::read_to_string(&path).expect("languages.toml");
    let line = "# config = { targets = [\"claude\"] }";
    assert!(
        text.contains(line),
        "languages.toml lacks the line {line:?}"
    );
    let config: Table = text
        .replacen(line, &line[2..], 1)
        .parse()
        .expect("languages.toml with the targets line uncommented is valid TOML");
    check(&config, "languages.toml, uncommented");
    assert!(
        self::config()["language-server"]["agentls"]
            .get("config")
            .is_none(),
        "as shipped, languages.toml sets no targets"
    );

    let readme = std::fs::read_to_string(repo_root().join("editors/helix/README.md"))
        .expect("the Helix README");
    let section = readme
        .split("## Targets")
        .nth(1)
        .expect("a Targets section in the Helix README");
    let blocks: Vec<&str> = section
        .split("\n## ")
        .next()
        .unwrap_or_default()
        .split("```toml\n")
        .skip(1)
        .filter_map(|b| b.split("```").next())
        .collect();
    assert_eq!(
        blocks.len(),
        2,
        "the Targets section's toml blocks: {blocks:?}"
    );
    // The project's `.agentls.toml`, as the server reads it.
    let project = agentls::config::Config::parse(blocks[0])
        .unwrap_or_else(|e| panic!("the README's .agentls.toml: {e}"));
    let tools = project
        .targets
        .expect("the README's .agentls.toml names targets");
    assert!(tools.has(agentls::formats::target::Tool::ClaudeCode));
    assert!(!tools.has(agentls::formats::target::Tool::CopilotCli));
    // Helix's `languages.toml`.
    let config: Table = blocks[1]
        .parse()
        .expect("the README's languages.toml example is valid TOML");
    check(&config, "the README's languages.toml example");
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
        let language = helix_matcher(&globs, dot_rewrite);
        let missed: Vec<&String> = paths
            .iter()
            .filter(|p| language(p) != Some("agent-markdown"))
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
fn globs_match_every_file_of_the_other_formats() {
    let globs = globs(&config());
    let paths = format_paths();
    for format in [
        "claude-skill",
        "claude-command",
        "claude-output-style",
        "agent-skill",
        "copilot-agent",
        "copilot-prompt",
        "copilot-chatmode",
        "opencode-agent",
        "opencode-command",
        "gemini-agent",
        "qwen-agent",
        "cursor-rule",
    ] {
        let n = paths.iter().filter(|(f, _)| *f == format).count();
        assert!(n >= 2, "{format}: only {n} paths");
    }
    assert!(paths.len() > 2000, "{} paths", paths.len());
    for dot_rewrite in [true, false] {
        let language = helix_matcher(&globs, dot_rewrite);
        let missed: Vec<&(&str, String)> = paths
            .iter()
            .filter(|(_, p)| language(p) != Some("agent-markdown"))
            .collect();
        assert!(
            missed.is_empty(),
            "not agent-markdown (dot rewrite {dot_rewrite}): {missed:#?}"
        );
    }
}

#[test]
fn globs_leave_other_markdown_alone() {
    let globs = globs(&config());
    for path in [
        "/home/u/proj/README.md",
        "/home/u/proj/docs/x.md",
        "/home/u/proj/notes/SKILL.md",
        "/home/u/proj/docs/agents/x.md",
        "/home/u/proj/.claude/skills/SKILL.md",
        "/home/u/proj/.claude/skills/pdf/skill.md",
        "/home/u/proj/.claude/skills/pdf/reference.md",
        "/home/u/proj/.claude/agents.md",
        "/home/u/proj/.claude/settings.md",
        "/home/u/proj/.claude/rules/r.md",
        "/home/u/proj/CLAUDE.md",
        "/home/u/proj/AGENTS.md",
        "/home/u/proj/agents/x.md",
        "/home/u/proj/commands/x.md",
        "/home/u/proj/plugins/agents/x.md",
        "/home/u/proj/plugins/commands/x.md",
        "/home/u/src/agents/plugins/x/README.md",
        "/home/u/src/agents/plugins/x/docs/y.md",
        "/home/u/proj/.github/copilot-instructions.md",
        "/home/u/proj/.github/instructions/x.instructions.md",
        "/home/u/proj/.github/skills/SKILL.md",
        "/home/u/proj/.vscode/skills/pdf/SKILL.md",
        "/home/u/proj/.github/prompts/notes.md",
        "/home/u/proj/x.prompts.md",
        "/home/u/proj/.opencode/plugin/x.md",
        "/home/u/proj/.opencode/README.md",
        "/home/u/.config/other/agent/x.md",
        "/home/u/proj/.gemini/GEMINI.md",
        "/home/u/proj/.qwen/QWEN.md",
        "/home/u/proj/.cursor/rules/style.md",
    ] {
        for dot_rewrite in [true, false] {
            assert_eq!(
                helix_language(&globs, path, dot_rewrite),
                Some("markdown"),
                "{path}"
            );
        }
    }
    for path in [
        "/home/u/proj/.claude/agents/notes.txt",
        "/home/u/proj/.cursor/style.mdc",
        "/home/u/proj/docs/style.mdc",
        "/home/u/proj/.claude/agents/a.mdc",
    ] {
        assert_eq!(helix_language(&globs, path, true), None, "{path}");
    }
}

/// What the README says the globs match beyond what the tools read (a Helix
/// `*` also crosses `/`, and no glob can leave a name out): still
/// `agent-markdown`, on which agentls says nothing. (The server's reading of
/// these formats is not asserted here.)
#[test]
fn globs_match_a_little_more_than_the_tools_read() {
    let globs = globs(&config());
    for path in [
        "/home/u/proj/.claude/skills/pdf/forms/SKILL.md",
        "/home/u/src/agents/plugins/kit/skills/pdf/forms/SKILL.md",
        "/home/u/proj/.github/skills/pdf/forms/SKILL.md",
        "/home/u/proj/.claude/output-styles/old/terse.md",
        "/home/u/proj/.gemini/agents/_draft.md",
        "/home/u/proj/.gemini/agents/old/triager.md",
        "/home/u/proj/.qwen/agents/old/triager.md",
        "/home/u/src/agents/plugins/x/y/agents/a.md",
        "/home/u/proj/.agent.md",
        "/home/u/proj/.claude/commands/README.md",
        "/home/u/proj/.claude/skills/pdf/README/SKILL.md",
        "/home/u/src/agents/plugins/x/commands/README.md",
    ] {
        for dot_rewrite in [true, false] {
            assert_eq!(
                helix_language(&globs, path, dot_rewrite),
                Some("agent-markdown"),
                "{path} (dot rewrite {dot_rewrite})"
            );
        }
    }
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
            documentation_name: true,
            ..Target::new(kind)
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
        "/home/u/proj/.github/README.md",
        "/home/u/proj/.cursor/rules/README.md",
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
