//! `agentls check` in CI, through the real binary: walking as git does,
//! standard input, the SARIF, GitHub and JUnit formats, `--fix`,
//! `--max-warnings`, colour, exit statuses, the hint for unclaimed agent
//! files, usage on a terminal, and the pre-commit hook and GitHub Action
//! definitions.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn agentls(args: &[&str], dir: &Path) -> Output {
    agentls_with(args, dir, None, &[])
}

fn agentls_with(args: &[&str], dir: &Path, stdin: Option<&[u8]>, env: &[(&str, &str)]) -> Output {
    let mut child = Command::new(agentls_e2e::StdioServer::binary())
        .args(args)
        .current_dir(dir)
        .envs(env.iter().copied())
        .env_remove("NO_COLOR")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run agentls");
    let mut input = child.stdin.take().expect("stdin");
    // A usage error ends agentls before it reads: the pipe may be closed.
    let _ = input.write_all(stdin.unwrap_or_default());
    drop(input);
    child.wait_with_output().expect("agentls output")
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("agentls-ci-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

fn write(path: &Path, text: impl AsRef<[u8]>) {
    std::fs::create_dir_all(path.parent().expect("parent")).expect("dirs");
    std::fs::write(path, text).expect("write");
}

/// An agent with one error (no description).
const BROKEN: &str = "---\nname: broken\n---\nBody\n";
/// An agent with two warnings, both safely fixable (AG407, AG402).
const FIXABLE: &str =
    "---\nname: fixer\ndescription: Fixes things\ntools: read, Task, Bash\n---\nBody\n";

fn json_paths(out: &Output) -> Vec<String> {
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let mut paths: Vec<String> = json["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| d["path"].as_str().unwrap_or_default().replace('\\', "/"))
        .collect();
    paths.dedup();
    paths
}

/// `.gitignore` and `.ignore` are honoured outside a git repository, hidden
/// folders are walked, `--exclude` skips more, and a file named on the
/// command line is checked even when ignored.
#[test]
fn walks_as_git_sees_the_folder() {
    let dir = scratch("walk");
    write(&dir.join(".claude/agents/kept.md"), BROKEN);
    write(&dir.join("build/.claude/agents/built.md"), BROKEN);
    write(&dir.join("vendor/.claude/agents/vendored.md"), BROKEN);
    write(&dir.join("drafts/.claude/agents/draft.md"), BROKEN);
    write(&dir.join(".gitignore"), "build/\n");
    write(&dir.join(".ignore"), "vendor\n");
    let out = agentls(&["check", "--format", "json"], &dir);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        json_paths(&out),
        [
            "./.claude/agents/kept.md",
            "./drafts/.claude/agents/draft.md"
        ]
    );
    let out = agentls(
        &["check", "--format", "json", "--exclude", "drafts/", "."],
        &dir,
    );
    assert_eq!(json_paths(&out), ["./.claude/agents/kept.md"]);
    let out = agentls(
        &[
            "check",
            "--format",
            "json",
            "--exclude",
            "*.md",
            "build/.claude/agents/built.md",
        ],
        &dir,
    );
    assert_eq!(json_paths(&out), ["build/.claude/agents/built.md"]);
    let out = agentls(&["check", "--exclude", "a{", "."], &dir);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let _ = std::fs::remove_dir_all(&dir);
}

/// `-` reads standard input; `--stdin-filename` gives its kind and the path
/// in messages; without it `--kind` is needed, else a usage error.
#[test]
fn reads_standard_input() {
    let dir = scratch("stdin");
    let out = agentls_with(
        &["check", "--stdin-filename", ".claude/agents/piped.md", "-"],
        &dir,
        Some(BROKEN.as_bytes()),
        &[],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).starts_with(".claude/agents/piped.md:1:1: error[AG111] "),
        "{}",
        stdout(&out)
    );
    assert!(stdout(&out).ends_with("Checked 1 agent file: 1 error, 0 warnings.\n"));
    let out = agentls_with(
        &["check", "--kind", "claude-agent", "--format", "json", "-"],
        &dir,
        Some(BROKEN.as_bytes()),
        &[],
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(json_paths(&out), ["-"]);
    let out = agentls_with(&["check", "-"], &dir, Some(BROKEN.as_bytes()), &[]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "agentls: `-` (standard input) needs --stdin-filename PATH or --kind KIND to know what it is\n"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// SARIF 2.1.0 that the official schema accepts, with exact regions in
/// UTF-16 code units and relative `%SRCROOT%` URIs.
#[test]
fn sarif_is_valid_and_exact() {
    let dir = scratch("sarif");
    write(
        &dir.join(".claude/agents/wide.md"),
        "---\nname: wide\ndescription: 日本語 😀 e\u{301} C# code #tag\n---\nBody\n",
    );
    write(&dir.join(".claude/agents/broken.md"), BROKEN);
    let out = agentls(&["check", "--format", "sarif"], &dir);
    assert_eq!(out.status.code(), Some(1));
    let log: serde_json::Value = serde_json::from_slice(&out.stdout).expect("SARIF is JSON");
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/sarif/sarif-schema-2.1.0.json"),
        )
        .expect("schema"),
    )
    .expect("schema JSON");
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    let errors: Vec<String> = validator.iter_errors(&log).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    // An invalid log is refused: the validation can fail.
    let mut bad = log.clone();
    bad["runs"][0]["results"][0]["level"] = "fatal".into();
    assert!(!validator.is_valid(&bad));

    let run = &log["runs"][0];
    assert_eq!(log["version"], "2.1.0");
    assert_eq!(run["tool"]["driver"]["name"], "agentls");
    assert_eq!(run["tool"]["driver"]["version"], env!("CARGO_PKG_VERSION"));
    let rules: Vec<&str> = run["tool"]["driver"]["rules"]
        .as_array()
        .expect("rules")
        .iter()
        .map(|r| r["id"].as_str().unwrap_or_default())
        .collect();
    // The rules that fired, in the order they first did (the results are
    // written as the files are checked, before the rules).
    assert_eq!(rules, ["AG111", "AG008"]);
    let ag008 = &run["tool"]["driver"]["rules"][1];
    assert_eq!(ag008["name"], "comment-truncates-value");
    assert_eq!(
        ag008["helpUri"],
        "https://github.com/agentls/agentls/blob/main/docs/rules.md#ag008"
    );
    assert_eq!(ag008["defaultConfiguration"]["level"], "warning");
    let results = run["results"].as_array().expect("results");
    assert_eq!(results.len(), 2);
    assert_eq!(results[0]["ruleId"], "AG111");
    assert_eq!(results[0]["ruleIndex"], 0);
    assert_eq!(results[0]["level"], "error");
    let wide = &results[1];
    assert_eq!(wide["ruleId"], "AG008");
    assert_eq!(wide["ruleIndex"], 1);
    let location = &wide["locations"][0]["physicalLocation"];
    assert_eq!(
        location["artifactLocation"],
        serde_json::json!({"uri": ".claude/agents/wide.md", "uriBaseId": "%SRCROOT%"})
    );
    // `description: ` 13, 日本語 3, space, 😀 2 (a surrogate pair), space,
    // e + U+0301 2, space, `C# code ` 8: `#tag` starts at code unit 31.
    assert_eq!(
        location["region"],
        serde_json::json!({"startLine": 3, "startColumn": 32, "endLine": 3, "endColumn": 36})
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// GitHub workflow commands: one annotation per diagnostic, the path's
/// `,` escaped, hints as notices, then the summary line.
#[test]
fn github_annotations() {
    let dir = scratch("github");
    write(&dir.join(".claude/agents/a,b.md"), BROKEN);
    write(
        &dir.join(".claude/agents/ex.md"),
        "---\nname: ex\ndescription: \"Use it. <example>assistant: ok</example>\"\n---\nBody\n",
    );
    let out = agentls(&["check", "--format", "github", ".claude"], &dir);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stdout(&out),
        "\
::error file=.claude/agents/a%2Cb.md,line=1,col=1,endLine=1,endColumn=4,title=AG111 description-missing::Missing required \"description\" field: Claude Code skips this agent. Describe when Claude should use it.
::notice file=.claude/agents/ex.md,line=3,col=23,endLine=3,endColumn=32,title=AG606 example-no-user::Example 1 has no `user:` turn: show what the user says.
Checked 2 agent files: 1 error, 0 warnings, 1 hint.
"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// JUnit XML: well-formed, one test case per file, a failure for a file
/// with an error, the other diagnostics in `system-out`, markup escaped.
#[test]
fn junit_report() {
    let dir = scratch("junit");
    write(&dir.join(".claude/agents/broken.md"), BROKEN);
    write(&dir.join(".claude/agents/fixable.md"), FIXABLE);
    write(
        &dir.join(".claude/agents/clean.md"),
        "---\nname: clean\ndescription: Fine & <good>\n---\nBody\n",
    );
    let out = agentls(&["check", "--format", "junit"], &dir);
    assert_eq!(out.status.code(), Some(1));
    let xml = stdout(&out);
    let doc = roxmltree::Document::parse(&xml).expect("well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    assert_eq!(
        (
            root.attribute("tests"),
            root.attribute("failures"),
            root.attribute("errors")
        ),
        (Some("3"), Some("1"), Some("0"))
    );
    let cases: Vec<(String, Option<String>, String)> = root
        .descendants()
        .filter(|n| n.has_tag_name("testcase"))
        .map(|n| {
            let child = n.children().find(roxmltree::Node::is_element);
            (
                n.attribute("name").unwrap_or_default().to_owned(),
                child.map(|c| c.tag_name().name().to_owned()),
                child.and_then(|c| c.text()).unwrap_or_default().to_owned(),
            )
        })
        .collect();
    assert_eq!(cases[0].0, "./.claude/agents/broken.md");
    assert_eq!(cases[0].1.as_deref(), Some("failure"));
    assert!(
        cases[0].2.starts_with(
            "./.claude/agents/broken.md:1:1: error[AG111] Missing required \"description\" field"
        ),
        "{}",
        cases[0].2
    );
    assert_eq!(
        (cases[1].0.as_str(), cases[1].1.as_deref()),
        ("./.claude/agents/clean.md", None)
    );
    assert_eq!(cases[2].0, "./.claude/agents/fixable.md");
    assert_eq!(cases[2].1.as_deref(), Some("system-out"));
    assert_eq!(cases[2].2.lines().count(), 2);
    let _ = std::fs::remove_dir_all(&dir);
}

/// `--fix` applies the safe fixes (keeping the BOM and CRLF line breaks),
/// reports what is left and how many fixes it applied; a second run changes
/// nothing. A file that is not UTF-8 is left alone. With `-`, the fixed text
/// goes to standard output.
#[test]
fn fix_applies_safe_fixes_once() {
    let dir = scratch("fix");
    let agent = dir.join(".claude/agents/fixer.md");
    write(
        &agent,
        "\u{feff}---\r\nname: fixer\r\ndescription: Fixes things\r\ntools: read, Task, Bash\r\nmodel: sonet\r\n---\r\nBody\r\n",
    );
    let latin1 = dir.join(".claude/agents/latin1.md");
    write(
        &latin1,
        b"---\nname: caf\xe9\ndescription: x\ntools: Task\n---\nBody\n",
    );
    let out = agentls(&["check", "--fix", "--format", "json"], &dir);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(
        json["summary"],
        serde_json::json!({"files": 2, "errors": 0, "warnings": 4, "hints": 0, "fixed": 2})
    );
    assert_eq!(
        std::fs::read_to_string(&agent).expect("read"),
        "\u{feff}---\r\nname: fixer\r\ndescription: Fixes things\r\ntools: Read, Agent, Bash\r\nmodel: sonet\r\n---\r\nBody\r\n",
        "the model's guess is not applied"
    );
    assert_eq!(
        std::fs::read(&latin1).expect("read"),
        b"---\nname: caf\xe9\ndescription: x\ntools: Task\n---\nBody\n"
    );
    // Named twice: checked and fixed once.
    let out = agentls(&["check", "--fix", ".", ".claude/agents/fixer.md"], &dir);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).ends_with("Checked 2 agent files: 0 errors, 4 warnings.\n"),
        "{}",
        stdout(&out)
    );
    let out = agentls(&["check", "--fix", "."], &dir);
    assert!(stdout(&out).ends_with("Checked 2 agent files: 0 errors, 4 warnings.\n"));
    assert_eq!(
        std::fs::read_to_string(&agent).expect("read"),
        "\u{feff}---\r\nname: fixer\r\ndescription: Fixes things\r\ntools: Read, Agent, Bash\r\nmodel: sonet\r\n---\r\nBody\r\n",
    );
    let left: Vec<_> = std::fs::read_dir(dir.join(".claude/agents"))
        .expect("dir")
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(left.len(), 2, "no temporary file left: {left:?}");

    let out = agentls_with(
        &[
            "check",
            "--fix",
            "--stdin-filename",
            ".claude/agents/piped.md",
            "-",
        ],
        &dir,
        Some(FIXABLE.as_bytes()),
        &[],
    );
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        stdout(&out),
        "---\nname: fixer\ndescription: Fixes things\ntools: Read, Agent, Bash\n---\nBody\n"
    );
    assert_eq!(
        stderr(&out),
        "Checked 1 agent file (2 fixes applied): no problems.\n"
    );
    let out = agentls_with(
        &["check", "--fix", "--kind", "claude-agent", "-", "."],
        &dir,
        Some(FIXABLE.as_bytes()),
        &[],
    );
    assert_eq!(
        out.status.code(),
        Some(2),
        "--fix with - checks nothing else"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// `--max-warnings N`: exit 1 when the warnings exceed N, even without an error.
#[test]
fn max_warnings() {
    let dir = scratch("max");
    write(&dir.join(".claude/agents/fixable.md"), FIXABLE);
    let status = |args: &[&str]| agentls(&[&["check"], args].concat(), &dir).status.code();
    assert_eq!(status(&[]), Some(0));
    assert_eq!(status(&["--max-warnings", "2"]), Some(0));
    assert_eq!(status(&["--max-warnings", "1"]), Some(1));
    assert_eq!(status(&["--max-warnings", "0"]), Some(1));
    assert_eq!(status(&["--max-warnings", "many"]), Some(2));
    let _ = std::fs::remove_dir_all(&dir);
}

/// Colour only when asked or on a terminal: not in a pipe, `always` colours
/// the severity word and code, `NO_COLOR` does not stop `always`.
#[test]
fn colour() {
    let dir = scratch("colour");
    write(&dir.join(".claude/agents/broken.md"), BROKEN);
    let plain = agentls(&["check"], &dir);
    assert!(!stdout(&plain).contains('\x1b'));
    assert!(stdout(&plain).starts_with("./.claude/agents/broken.md:1:1: error[AG111] Missing"));
    let out = agentls_with(
        &["check", "--color", "always"],
        &dir,
        None,
        &[("NO_COLOR", "1")],
    );
    assert!(
        stdout(&out)
            .starts_with("./.claude/agents/broken.md:1:1: \x1b[1;31merror[AG111]\x1b[0m Missing"),
        "{:?}",
        stdout(&out)
    );
    let never = agentls(&["check", "--color", "never"], &dir);
    assert_eq!(stdout(&never), stdout(&plain));
    let _ = std::fs::remove_dir_all(&dir);
}

/// A collection kept where no tool reads agents: "Checked 0 agent files"
/// comes with a hint naming the folder and the flag that checks it.
#[test]
fn hint_for_unclaimed_agent_files() {
    let dir = scratch("hint");
    for name in ["a", "b"] {
        write(
            &dir.join(format!("agents/{name}.md")),
            format!("---\nname: {name}\ndescription: Does {name}\n---\nBody\n"),
        );
    }
    write(&dir.join("README.md"), "# Agents\n");
    write(
        &dir.join("notes/plain.md"),
        "---\ntitle: not an agent\n---\n",
    );
    let out = agentls(&["check"], &dir);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stdout(&out), "Checked 0 agent files: no problems.\n");
    assert_eq!(
        stderr(&out),
        "\
agentls: hint: no file is where a tool reads agent files (such as .claude/agents/), so none was checked
agentls: hint: ./agents: 2 Markdown files with `name` and `description` frontmatter that no format claims; check them with `agentls check --kind claude-agent ./agents` (`agentls check --help` lists the kinds)
agentls: hint: to check them on every run and in the editor, add to .agentls.toml here: [paths] claude-agent = [\"agents/**/*.md\"]
"
    );
    // The setting the hint gives checks them, and the hint goes.
    write(
        &dir.join(".agentls.toml"),
        "[paths]\nclaude-agent = [\"agents/**/*.md\"]\n",
    );
    let out = agentls(&["check"], &dir);
    assert!(
        stdout(&out).ends_with("Checked 2 agent files: no problems.\n"),
        "{}",
        stdout(&out)
    );
    assert_eq!(stderr(&out), "");
    std::fs::remove_file(dir.join(".agentls.toml")).expect("rm config");
    let out = agentls(&["check", "--kind", "claude-agent", "agents"], &dir);
    assert!(
        stdout(&out).ends_with("Checked 2 agent files: no problems.\n"),
        "{}",
        stdout(&out)
    );
    assert_eq!(stderr(&out), "");
    let _ = std::fs::remove_dir_all(&dir);
}

/// Exit statuses: 0 clean, 1 findings, 2 usage or input/output errors.
#[test]
fn exit_statuses_and_help() {
    let dir = scratch("exit");
    write(&dir.join(".claude/agents/fixable.md"), FIXABLE);
    assert_eq!(agentls(&["check"], &dir).status.code(), Some(0));
    write(&dir.join(".claude/agents/broken.md"), BROKEN);
    assert_eq!(agentls(&["check"], &dir).status.code(), Some(1));
    assert_eq!(
        agentls(&["check", "--format", "xml"], &dir).status.code(),
        Some(2)
    );
    assert_eq!(
        agentls(&["check", "missing.md"], &dir).status.code(),
        Some(2)
    );
    // A file that cannot be read (here a link to /proc/self/mem, which no
    // read from its start succeeds on) is an input/output error for that
    // file alone: the others are still checked and printed.
    #[cfg(target_os = "linux")]
    {
        std::os::unix::fs::symlink("/proc/self/mem", dir.join(".claude/agents/mem.md"))
            .expect("symlink");
        let out = agentls(&["check"], &dir);
        assert_eq!(out.status.code(), Some(2));
        assert_eq!(
            stderr(&out),
            "agentls: ./.claude/agents/mem.md: Input/output error (os error 5)\n"
        );
        assert!(
            stdout(&out).ends_with("Checked 2 agent files: 1 error, 2 warnings.\n"),
            "{}",
            stdout(&out)
        );
        std::fs::remove_file(dir.join(".claude/agents/mem.md")).expect("remove");
    }
    let help = stdout(&agentls(&["check", "--help"], &dir));
    assert!(help.contains("Exit status:\n  0  no error found, and no more warnings than --max-warnings\n  1  an error found"), "{help}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// `agentls` alone on a terminal prints its usage and exits 2, instead of
/// waiting for LSP messages (run under `script`, which gives it a terminal).
#[cfg(target_os = "linux")]
#[test]
fn no_arguments_on_a_terminal_prints_usage() {
    if !Path::new("/usr/bin/script").exists() {
        return;
    }
    let binary = agentls_e2e::StdioServer::binary();
    let out = Command::new("/usr/bin/script")
        .args(["-qec", &binary.to_string_lossy(), "/dev/null"])
        .stdin(Stdio::null())
        .output()
        .expect("script");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Usage: agentls"), "{text}");
    assert!(text.contains("`agentls lsp`"), "{text}");
    assert!(
        text.contains("on a\r\nterminal it prints this help and exits with status 2"),
        "{text:?}"
    );
    assert_eq!(out.status.code(), Some(2), "{text}");
}

/// On a terminal the human format is coloured, unless `NO_COLOR` is set to
/// a non-empty value (run under `script`, which gives it a terminal).
#[cfg(target_os = "linux")]
#[test]
fn colour_on_a_terminal_unless_no_color() {
    if !Path::new("/usr/bin/script").exists() {
        return;
    }
    let dir = scratch("tty");
    write(&dir.join(".claude/agents/broken.md"), BROKEN);
    let command = format!("{} check", agentls_e2e::StdioServer::binary().display());
    let run = |no_color: &str| {
        let out = Command::new("/usr/bin/script")
            .args(["-qec", &command, "/dev/null"])
            .current_dir(&dir)
            .env("NO_COLOR", no_color)
            .stdin(Stdio::null())
            .output()
            .expect("script");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let coloured = run("");
    assert!(
        coloured.contains("\x1b[1;31merror[AG111]\x1b[0m"),
        "{coloured:?}"
    );
    let plain = run("1");
    assert!(plain.contains(": error[AG111] Missing"), "{plain:?}");
    assert!(!plain.contains('\x1b'), "{plain:?}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// `.pre-commit-hooks.yaml` and `action.yml` parse; the hook's `files`
/// pattern takes the formats' usual paths and leaves other Markdown out.
#[test]
fn pre_commit_hook_and_github_action() {
    use saphyr::{LoadableYamlNode as _, Yaml};
    let text = std::fs::read_to_string(repo().join(".pre-commit-hooks.yaml")).expect("hooks");
    let docs = Yaml::load_from_str(&text).expect("YAML");
    let hook = &docs[0][0];
    let field = |key: &str| hook[key].as_str().map(str::to_owned);
    assert_eq!(field("id").as_deref(), Some("agentls"));
    assert_eq!(field("language").as_deref(), Some("system"));
    assert_eq!(field("entry").as_deref(), Some("agentls check"));
    assert_eq!(hook["pass_filenames"].as_bool(), Some(true));
    let files = regex::Regex::new(&field("files").expect("files")).expect("regex");
    for path in [
        ".claude/agents/reviewer.md",
        ".claude/agents/team/reviewer.md",
        ".claude/commands/deploy.md",
        ".claude/skills/review/SKILL.md",
        ".claude/output-styles/terse.md",
        "plugins/p/agents/a.md",
        ".github/agents/helper.agent.md",
        ".github/prompts/fix.prompt.md",
        ".github/chatmodes/plan.chatmode.md",
        ".opencode/agent/review.md",
        ".gemini/agents/review.md",
        ".qwen/agents/review.md",
        ".cursor/rules/style.mdc",
    ] {
        assert!(files.is_match(path), "{path}");
    }
    for path in [
        "README.md",
        "docs/agents.txt",
        "src/main.rs",
        "docs/guide.md",
    ] {
        assert!(!files.is_match(path), "{path}");
    }
    let text = std::fs::read_to_string(repo().join("action.yml")).expect("action");
    let docs = Yaml::load_from_str(&text).expect("YAML");
    let action = &docs[0];
    assert_eq!(action["runs"]["using"].as_str(), Some("composite"));
    assert!(action["inputs"]["paths"].is_mapping());
    assert!(action["inputs"]["args"].is_mapping());
    let steps = action["runs"]["steps"].as_vec().expect("steps");
    let runs: Vec<&str> = steps.iter().filter_map(|s| s["run"].as_str()).collect();
    assert!(
        runs.iter().any(|r| r.contains("cargo install --locked")),
        "{runs:?}"
    );
    assert!(
        runs.iter()
            .any(|r| r.contains("agentls check --format github")),
        "{runs:?}"
    );
}
