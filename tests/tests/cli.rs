//! `agentls check` through the real binary: output format, exit status, and
//! what it does with awkward folders.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn agentls(args: &[&str], dir: &Path) -> Output {
    Command::new(agentls_e2e::StdioServer::binary())
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run agentls")
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("agentls-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join(".claude/agents")).expect("scratch dir");
    dir
}

#[test]
fn examples_human_output_and_exit_status() {
    let out = agentls(&["check", "examples"], &repo());
    assert_eq!(out.status.code(), Some(1), "one example has an error");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let expected_head = "\
examples/.claude/agents/release-notes.md:3:61: error[AG004] Invalid YAML (mapping values are not allowed in this context): Claude Code cannot read this frontmatter and silently skips the agent. The description's <example> lines start at column 0, so its examples never load: indent every continuation line, or use `description: |` with an indented block.
 3 | description: Writes release notes from the git log. Examples:
   |                                                             ^ yaml-invalid
";
    assert!(stdout.starts_with(expected_head), "{stdout}");
    assert!(stdout.contains(
        " 4 | tools: Read, Edit, Bash, Task, MultiEdit\n   |                          ^^^^ tool-renamed\n   = fix: Replace with Agent\n"
    ));
    assert!(
        stdout.ends_with("Checked 3 agent files: 1 error, 6 warnings.\n"),
        "{stdout}"
    );
}

#[test]
fn json_output() {
    let out = agentls(
        &[
            "check",
            "--format",
            "json",
            "examples/.claude/agents/test-runner.md",
        ],
        &repo(),
    );
    assert_eq!(out.status.code(), Some(0), "warnings only");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let first = &json["diagnostics"][0];
    assert_eq!(first["code"], "AG005");
    assert_eq!(first["severity"], "warning");
    assert_eq!(
        (first["line"].as_u64(), first["column"].as_u64()),
        (Some(3), Some(14))
    );
    let renamed = json["diagnostics"]
        .as_array()
        .and_then(|a| a.iter().find(|d| d["code"] == "AG402"))
        .cloned()
        .unwrap_or_default();
    assert_eq!(renamed["fixes"][0]["edits"][0]["new_text"], "Agent");
    assert_eq!(
        json["summary"],
        serde_json::json!({"files": 1, "errors": 0, "warnings": 6, "hints": 0})
    );
}

#[test]
fn version_and_bad_paths() {
    let out = agentls(&["--version"], &repo());
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        format!("agentls {}", env!("CARGO_PKG_VERSION"))
    );
    let out = agentls(&["check", "no/such/folder"], &repo());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("no/such/folder: no such file or folder")
    );
    let out = agentls(&["check", "README.md"], &repo());
    assert_eq!(out.status.code(), Some(0));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("README.md: not an agent definition file")
    );
}

#[test]
fn symlink_loops_invalid_utf8_and_readmes() {
    let dir = scratch("walk");
    let agents = dir.join(".claude/agents");
    std::fs::write(
        agents.join("ok.md"),
        "---\nname: ok\ndescription: fine\n---\nBody\n",
    )
    .expect("write");
    std::fs::write(agents.join("README.md"), "# About these agents\n").expect("write");
    std::fs::write(
        agents.join("latin1.md"),
        b"---\nname: caf\xe9\ndescription: x\n---\nBody\n",
    )
    .expect("write");
    #[cfg(unix)]
    std::os::unix::fs::symlink(&dir, agents.join("loop")).expect("symlink");
    #[cfg(unix)]
    std::os::unix::fs::symlink(dir.join("gone.md"), agents.join("dangling.md")).expect("symlink");
    let out = agentls(&["check", "--format", "json", "."], &dir);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(
        json["summary"]["files"], 3,
        "ok.md, latin1.md and the silent README"
    );
    let codes: Vec<&str> = json["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|d| d["code"].as_str())
        .collect();
    // latin1.md: not UTF-8, and the U+FFFD in its name breaks the naming convention.
    assert_eq!(codes, ["AG012", "AG106"]);
    #[cfg(unix)]
    {
        let problems: Vec<String> = json["problems"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|p| {
                format!(
                    "{} {}",
                    p["path"].as_str().unwrap_or(""),
                    p["message"].as_str().unwrap_or("")
                )
            })
            .collect();
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(
            problems.iter().any(|p| p.contains("dangling.md")),
            "{problems:?}"
        );
        assert!(problems.iter().any(|p| p.contains("loop")), "{problems:?}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// Thousands of agents sharing a name: each AG107 names three of the others
/// and counts the rest, so the report grows linearly, not quadratically.
#[test]
fn many_duplicate_names_stay_linear() {
    let dir = scratch("dups");
    for i in 0..500 {
        std::fs::write(
            dir.join(format!(".claude/agents/a{i:03}.md")),
            "---\nname: same\ndescription: Same name everywhere\n---\nBody\n",
        )
        .expect("write");
    }
    let out = agentls(&["check", "--format", "json", "."], &dir);
    assert_eq!(out.status.code(), Some(0), "duplicates are warnings");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let messages: Vec<&str> = json["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["code"] == "AG107")
        .map(|d| d["message"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(messages.len(), 500);
    let path = |i: usize| format!("./.claude/agents/a{i:03}.md");
    assert_eq!(
        messages[0],
        format!(
            "Another agent is also named \"same\": {} and {}, {}, {}, 496 more. Claude Code loads only one of them, whichever the file system lists first.",
            path(0),
            path(1),
            path(2),
            path(3)
        )
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// The caret sits under the range in terminal columns: CJK characters and
/// emoji take two, combining marks none.
#[test]
fn caret_counts_terminal_columns() {
    let dir = scratch("caret");
    std::fs::write(
        dir.join(".claude/agents/wide.md"),
        "---\nname: wide\ndescription: 日本語 😀 e\u{301} C# code #tag\n---\nBody\n",
    )
    .expect("write");
    let out = agentls(&["check", "."], &dir);
    let stdout = String::from_utf8_lossy(&out.stdout);
    // `description: ` 13 columns, 日本語 6, 😀 2, é 1, the spaces and `C# code ` 11.
    let expected = format!(
        " 3 | description: 日本語 😀 e\u{301} C# code #tag\n   | {}^^^^ comment-truncates-value\n",
        " ".repeat(33)
    );
    assert!(stdout.contains(&expected), "{stdout}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// The targeted tools: by default the tools that read a path (Copilot CLI
/// reads `.claude/skills`), else `.agentls.toml`'s `targets`, else
/// `--target`, which wins over the file. A bad configuration file is
/// reported and ignored.
#[test]
fn targets_from_the_flag_and_the_configuration_file() {
    let dir = scratch("targets");
    let skill = dir.join(".claude/skills/review");
    std::fs::create_dir_all(&skill).expect("skill dir");
    std::fs::write(
        skill.join("SKILL.md"),
        "---\ndescription: Reviews code\nuser-invocable: maybe\n---\nReview.\n",
    )
    .expect("write");
    let codes = |args: &[&str]| -> (Vec<String>, String) {
        let out = agentls(&[&["check", "--format", "json"], args].concat(), &dir);
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
        let codes = json["diagnostics"]
            .as_array()
            .expect("diagnostics")
            .iter()
            .map(|d| d["code"].as_str().unwrap_or_default().to_owned())
            .collect();
        (codes, String::from_utf8_lossy(&out.stderr).into_owned())
    };
    assert_eq!(codes(&[]).0, ["AG020", "AG706"]);
    assert_eq!(codes(&["--target", "claude"]).0, ["AG706"]);
    std::fs::write(dir.join(".agentls.toml"), "targets = [\"claude\"]\n").expect("config");
    assert_eq!(codes(&[]).0, ["AG706"]);
    assert_eq!(codes(&["--target", "claude,copilot"]).0, ["AG020", "AG706"]);
    std::fs::write(dir.join(".agentls.toml"), "targets = [\"claud\"]\n").expect("config");
    let (found, stderr) = codes(&[]);
    assert_eq!(found, ["AG020", "AG706"], "a bad file is ignored");
    assert!(
        stderr.contains(".agentls.toml: 1:12: unknown tool \"claud\" (known: claude, copilot, vscode, codex, opencode, gemini, qwen, cursor); the file is ignored"),
        "{stderr}"
    );
    let out = agentls(&["check", "--target", "nope"], &dir);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown tool \"nope\""));
    let _ = std::fs::remove_dir_all(&dir);
}

/// `agentls rules CODE…` prints those rules' documentation (by code, any
/// case, or name); an unknown one is a usage error.
#[test]
fn rules_by_code_or_name() {
    let out = agentls(&["rules", "ag020", "name-missing"], &repo());
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.starts_with("## AG020\n\n`other-tool-refuses` · warning\n\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains("\n\n## AG101\n\n`name-missing` · error\n\n"),
        "{stdout}"
    );
    let out = agentls(&["rules", "AG020", "nope"], &repo());
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("## AG020"));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no rule \"nope\""));
}

/// A missing path is an error for that path alone: the others are still
/// checked and printed, and the exit status is 2.
#[test]
fn a_missing_path_does_not_stop_the_others() {
    let out = agentls(&["check", "no/such/folder", "examples"], &repo());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("no/such/folder: no such file or folder")
    );
    assert!(
        String::from_utf8_lossy(&out.stdout)
            .ends_with("Checked 3 agent files: 1 error, 6 warnings.\n"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

/// A bug that panics on one file costs that file: it is reported as a
/// problem, and every other file is still checked. (`AGENTLS_TEST_PANIC`
/// makes the debug build panic on a text holding its value.)
#[test]
fn a_panic_on_one_file_costs_that_file() {
    let dir = scratch("panic");
    let agent = |name: &str, extra: &str| {
        format!(
            "---\nname: {name}\ndescription: Use for {name} work{extra}\ntools: Task\n---\nBody\n"
        )
    };
    for (name, extra) in [("alpha", ""), ("beta", " PANIC-NOW"), ("gamma", "")] {
        std::fs::write(
            dir.join(format!(".claude/agents/{name}.md")),
            agent(name, extra),
        )
        .expect("write");
    }
    let out = Command::new(agentls_e2e::StdioServer::binary())
        .args(["check", "."])
        .current_dir(&dir)
        .env("AGENTLS_TEST_PANIC", "PANIC-NOW")
        .output()
        .expect("run agentls");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(
            "agentls: ./.claude/agents/beta.md: agentls failed on this file (an internal error): please report it"
        ),
        "{stderr}"
    );
    // The two others are checked (`Task` is renamed `Agent`: a warning each).
    assert!(
        stdout.contains("./.claude/agents/alpha.md:4:8: warning[AG"),
        "{stdout}"
    );
    assert!(
        stdout.contains("./.claude/agents/gamma.md:4:8: warning[AG"),
        "{stdout}"
    );
    assert!(
        stdout.ends_with("Checked 2 agent files: 0 errors, 2 warnings.\n"),
        "{stdout}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// The report is written as files are checked; when its reader goes away
/// (`agentls check | head`), the run stops quietly, with the status of
/// what it found.
#[test]
fn a_closed_pipe_stops_the_run_quietly() {
    use std::io::BufRead as _;
    let dir = scratch("pipe");
    for i in 0..3000 {
        std::fs::write(
            dir.join(format!(".claude/agents/a{i:04}.md")),
            format!("---\nname: a{i:04}\ndescription: Use for task {i}\ntools: Task\n---\nBody\n"),
        )
        .expect("write");
    }
    for (format, first) in [
        ("human", "./.claude/agents/a0000.md:4:8: warning[AG"),
        ("json", "{"),
        ("junit", "<?xml"),
    ] {
        let mut child = Command::new(agentls_e2e::StdioServer::binary())
            .args(["check", "--format", format, "."])
            .current_dir(&dir)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("run agentls");
        let mut stdout = std::io::BufReader::new(child.stdout.take().expect("stdout"));
        let mut line = String::new();
        stdout.read_line(&mut line).expect("first line");
        assert!(line.starts_with(first), "{format}: {line}");
        drop(stdout);
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
        let status = loop {
            if let Some(status) = child.try_wait().expect("wait") {
                break status;
            }
            if std::time::Instant::now() > deadline {
                let _ = child.kill();
                panic!("{format}: agentls went on after its reader left");
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        };
        let mut stderr = String::new();
        std::io::Read::read_to_string(&mut child.stderr.take().expect("stderr"), &mut stderr)
            .expect("stderr");
        // Warnings only: nothing failed.
        assert_eq!(status.code(), Some(0), "{format}: {stderr}");
        assert_eq!(stderr, "", "{format}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
