//! `agentls check` under configuration: `.agentls.toml`'s rule selection,
//! severities, overrides, known names and `[paths]`, the `--select` and
//! `--ignore` flags over them, a bad file, and inline suppressions.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn agentls(args: &[&str], dir: &Path) -> Output {
    Command::new(agentls_e2e::StdioServer::binary())
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run agentls")
}

/// A project with one agent holding a bad name (AG106), an unknown key
/// (AG201) and an unknown tool (AG401), and a copy of it in `legacy/`.
fn project(name: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("agentls-cli-config-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join(".claude/agents/legacy")).expect("dirs");
    std::fs::create_dir_all(dir.join("team")).expect("dirs");
    let agent =
        "---\nname: Bad_Name\ndescription: d\nx-team: core\ntools: Read, MyTool\n---\nBody\n";
    std::fs::write(dir.join(".claude/agents/a.md"), agent).expect("agent");
    std::fs::write(dir.join(".claude/agents/legacy/b.md"), agent).expect("agent");
    std::fs::write(dir.join("team/c.md"), agent).expect("agent");
    dir
}

/// `path code severity` for every diagnostic of a JSON run, and the
/// problems' messages.
fn found(dir: &Path, args: &[&str]) -> (Vec<String>, Vec<String>, Option<i32>) {
    let out = agentls(&[&["check", "--format", "json"], args].concat(), dir);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let diags = json["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            format!(
                "{} {} {}",
                d["path"].as_str().unwrap_or_default(),
                d["code"].as_str().unwrap_or_default(),
                d["severity"].as_str().unwrap_or_default()
            )
        })
        .collect();
    let problems = json["problems"]
        .as_array()
        .expect("problems")
        .iter()
        .map(|p| p["message"].as_str().unwrap_or_default().to_owned())
        .collect();
    (diags, problems, out.status.code())
}

fn config(dir: &Path, text: &str) {
    std::fs::write(dir.join(".agentls.toml"), text).expect("config");
}

#[test]
fn select_ignore_and_severity() {
    let dir = project("rules");
    // Both agents are named Bad_Name in one agents folder: AG107.
    let all = [
        "./.claude/agents/a.md AG106 warning",
        "./.claude/agents/a.md AG107 warning",
        "./.claude/agents/a.md AG201 warning",
        "./.claude/agents/a.md AG401 warning",
        "./.claude/agents/legacy/b.md AG106 warning",
        "./.claude/agents/legacy/b.md AG107 warning",
        "./.claude/agents/legacy/b.md AG201 warning",
        "./.claude/agents/legacy/b.md AG401 warning",
    ];
    assert_eq!(found(&dir, &[]).0, all);
    config(
        &dir,
        "[rules]\nignore = [\"unknown-key\"]\n[rules.severity]\nAG106 = \"error\"\nAG4 = \"hint\"\nduplicate-name = \"off\"\n",
    );
    let (diags, problems, status) = found(&dir, &[]);
    assert_eq!(
        diags,
        [
            "./.claude/agents/a.md AG106 error",
            "./.claude/agents/a.md AG401 hint",
            "./.claude/agents/legacy/b.md AG106 error",
            "./.claude/agents/legacy/b.md AG401 hint",
        ]
    );
    assert!(problems.is_empty());
    assert_eq!(
        status,
        Some(1),
        "a severity raised to error fails the check"
    );
    // The flags: --select replaces the file's selection, --ignore adds to it.
    assert_eq!(
        found(&dir, &["--select", "AG4,unknown-key"]).0,
        [
            "./.claude/agents/a.md AG201 warning",
            "./.claude/agents/a.md AG401 hint",
            "./.claude/agents/legacy/b.md AG201 warning",
            "./.claude/agents/legacy/b.md AG401 hint",
        ]
    );
    let (diags, _, status) = found(&dir, &["--ignore", "AG106"]);
    assert_eq!(
        diags,
        [
            "./.claude/agents/a.md AG401 hint",
            "./.claude/agents/legacy/b.md AG401 hint",
        ]
    );
    assert_eq!(status, Some(0));
    let out = agentls(&["check", "--select", "AG39"], &dir);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("unknown rule \"AG39\""),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn overrides_known_names_and_paths() {
    let dir = project("overrides");
    config(
        &dir,
        "[[overrides]]\npaths = [\"legacy/\"]\nrules.ignore = [\"ALL\"]\n\n[[overrides]]\npaths = [\".claude/agents/a.md\"]\nrules.severity.AG107 = \"hint\"\n\n[known]\ntools = [\"MyTool\"]\nkeys = [\"x-team\"]\n\n[paths]\nclaude-agent = [\"team/*.md\"]\n",
    );
    assert_eq!(
        found(&dir, &[]).0,
        [
            "./.claude/agents/a.md AG106 warning",
            "./.claude/agents/a.md AG107 hint",
            "./team/c.md AG106 warning",
        ]
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_bad_configuration_file_is_reported_and_ignored() {
    let dir = project("bad");
    config(&dir, "[rules]\nignore = [\"AG106\", \"nope\"]\n");
    let (diags, problems, status) = found(&dir, &[]);
    assert_eq!(diags.len(), 8, "the defaults: {diags:?}");
    assert_eq!(
        problems,
        [
            "2:20: unknown rule \"nope\": write a code (AG105), a code prefix (AG1), ALL, or a rule name (name-too-long); `agentls rules` lists them; the file is ignored"
        ]
    );
    assert_eq!(status, Some(0));
    let out = agentls(&["check"], &dir);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(".agentls.toml: 2:20: unknown rule \"nope\""),
        "{stderr}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn inline_suppressions() {
    let dir = project("suppress");
    std::fs::write(
        dir.join(".claude/agents/a.md"),
        "---\nname: Bad_Name # agentls-ignore: AG106\ndescription: d\n# agentls-ignore: unknown-key, AG105\nx-team: core\ntools: Read, MyTool\n---\nBody\n<!-- agentls-ignore-file AG401 -->\n<!-- agentls-ignore AG501 -->\n",
    )
    .expect("agent");
    std::fs::remove_file(dir.join(".claude/agents/legacy/b.md")).expect("rm");
    let out = agentls(&["check", ".claude/agents/a.md"], &dir);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "\
.claude/agents/a.md:4:32: hint[AG1120] Unused suppression: AG105 silences nothing on its line.
 4 | # agentls-ignore: unknown-key, AG105
   |                                ^^^^^ unused-suppression
   = fix: Remove AG105 from the suppression
.claude/agents/a.md:10:1: hint[AG1120] Unused suppression: AG501 silences nothing on its line.
 10 | <!-- agentls-ignore AG501 -->
    | ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ unused-suppression
    = fix: Remove the unused suppression
Checked 1 agent file: 0 errors, 0 warnings, 2 hints.
"
    );
    assert_eq!(out.status.code(), Some(0));
    let _ = std::fs::remove_dir_all(&dir);
}

/// The README's configuration example is a valid file, and says what the
/// reference table says.
#[test]
fn the_readme_example_is_valid() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../README.md"))
            .expect("README");
    let section = readme
        .split("\n## Configuration\n")
        .nth(1)
        .expect("a Configuration section");
    let example = section
        .split("```toml\n")
        .nth(1)
        .and_then(|b| b.split("```").next())
        .expect("a toml example");
    let config = agentls::config::Config::parse(example)
        .unwrap_or_else(|e| panic!("the README's .agentls.toml: {e}"));
    assert!(config.targets.is_some());
    assert!(config.rules.select.is_some());
    assert_eq!(config.overrides.len(), 1);
    assert_eq!(config.known.mcp_servers, ["github"]);
    assert_eq!(config.paths.len(), 1);
}

/// `[known]` reaches every format's unknown-key rule and the unknown-tool
/// rules, quoted names and MCP servers included.
#[test]
fn known_names_in_every_format() {
    let dir = std::env::temp_dir().join(format!("agentls-cli-config-known-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let files = [
        ".claude/agents/c.md",
        ".claude/skills/sk/SKILL.md",
        ".github/agents/a.agent.md",
        ".github/prompts/p.prompt.md",
        ".gemini/agents/g.md",
        ".qwen/agents/q.md",
        ".opencode/agent/o.md",
    ];
    for f in files {
        let path = dir.join(f);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("dirs");
        std::fs::write(
            path,
            "---\nname: sk\ndescription: A thing that does stuff well enough\nx-team: core\n\"x-quoted\": 1\ntools: [MyTool, mcp__gh__x]\n---\nBody text that is long enough for Qwen Code to take it as a prompt.\n",
        )
        .expect("file");
    }
    std::fs::create_dir_all(dir.join(".cursor/rules")).expect("dirs");
    std::fs::write(
        dir.join(".cursor/rules/r.mdc"),
        "---\ndescription: d\nx-team: core\n---\nBody\n",
    )
    .expect("rule");
    let codes = |found: Vec<String>| -> Vec<String> {
        found
            .into_iter()
            .filter(|d| {
                d.contains(" AG201 ")
                    || d.contains(" AG401 ")
                    || d.contains(" AG806 ")
                    || d.contains(" AG813 ")
                    || d.contains(" AG907 ")
                    || d.contains(" AG943 ")
                    || d.contains(" AG947 ")
                    || d.contains(" AG978 ")
            })
            .collect()
    };
    let unknown = |path: &str, code: &str, severity: &str, n: usize| {
        vec![format!("./{path} {code} {severity}"); n]
    };
    let expected: Vec<String> = [
        unknown(".claude/agents/c.md", "AG201", "warning", 2),
        unknown(".claude/agents/c.md", "AG401", "warning", 1),
        unknown(".claude/skills/sk/SKILL.md", "AG201", "warning", 3),
        unknown(".cursor/rules/r.mdc", "AG201", "warning", 1),
        unknown(".gemini/agents/g.md", "AG943", "error", 2),
        unknown(".gemini/agents/g.md", "AG947", "error", 2),
        unknown(".github/agents/a.agent.md", "AG806", "warning", 2),
        unknown(".github/prompts/p.prompt.md", "AG813", "warning", 2),
        unknown(".opencode/agent/o.md", "AG907", "warning", 2),
        unknown(".qwen/agents/q.md", "AG978", "warning", 2),
    ]
    .concat();
    assert_eq!(codes(found(&dir, &[]).0), expected);
    config(
        &dir,
        "[known]\nkeys = [\"x-team\", \"x-quoted\"]\ntools = [\"MyTool\"]\nmcp-servers = [\"gh\"]\n",
    );
    assert_eq!(
        codes(found(&dir, &[]).0),
        ["./.claude/skills/sk/SKILL.md AG201 warning"],
        "only `tools`, which a skill does not take"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// A diagnostic found across files (two agents named alike, AG107) obeys
/// each file's suppression comments and settings like the others.
#[test]
fn suppressing_a_duplicate_name() {
    let dir = std::env::temp_dir().join(format!("agentls-cli-config-dup-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join(".claude/agents")).expect("dirs");
    std::fs::write(
        dir.join(".claude/agents/a.md"),
        "---\nname: same # agentls-ignore: duplicate-name\ndescription: d\n---\nBody\n",
    )
    .expect("a");
    std::fs::write(
        dir.join(".claude/agents/b.md"),
        "---\nname: same\ndescription: d\n---\nBody\n",
    )
    .expect("b");
    assert_eq!(found(&dir, &[]).0, ["./.claude/agents/b.md AG107 warning"]);
    // Nothing to silence once the names differ: the comment is unused.
    std::fs::write(
        dir.join(".claude/agents/b.md"),
        "---\nname: other\ndescription: d\n---\nBody\n",
    )
    .expect("b");
    assert_eq!(found(&dir, &[]).0, ["./.claude/agents/a.md AG1120 hint"]);
    let _ = std::fs::remove_dir_all(&dir);
}
