//! Rule-by-rule tests of the analysis: each case is a small agent file and
//! the exact diagnostics it must produce, rendered as `CODE line:col-line:col`
//! (0-based, columns in bytes) so ranges are checked too.

use agentls::analysis::{self, FileKind, Severity, Target};
use agentls::document::position::{self, Encoding};
use ropey::Rope;

fn render(text: &str, kind: FileKind) -> Vec<String> {
    let rope = Rope::from_str(text);
    analysis::check(text, Target::new(kind))
        .iter()
        .map(|d| {
            let s = position::to_position(&rope, d.range.start, Encoding::Utf8);
            let e = position::to_position(&rope, d.range.end, Encoding::Utf8);
            let sev = if d.severity == Severity::Error {
                "E"
            } else {
                "W"
            };
            format!(
                "{sev} {} {}:{}-{}:{}",
                d.rule.code, s.line, s.character, e.line, e.character
            )
        })
        .collect()
}

fn agent(frontmatter: &str) -> String {
    format!("---\nname: a\ndescription: b\n{frontmatter}---\nBody.\n")
}

#[track_caller]
fn check(text: &str, expected: &[&str]) {
    assert_eq!(
        render(text, FileKind::ClaudeAgent),
        expected,
        "for:\n{text}"
    );
}

#[test]
fn clean_agent_is_silent() {
    check(
        &agent(
            "tools: Read, Grep, Bash(git add *), Agent(a, b), mcp__gh__get_issue, mcp__db__*, mcp__fs\nmodel: claude-sonnet-4-5-20250929\n",
        ),
        &[],
    );
    check(
        &agent(
            "tools:\n  - Read\n  - WebFetch(domain:example.com)\ndisallowedTools: mcp__*\neffort: 3\nmaxTurns: \"12\"\nbackground: \"false\"\n",
        ),
        &[],
    );
    // A tab after the colon is YAML 1.2 separation space: Claude Code reads it.
    check(&agent("model:\tsonnet\ncolor:\t blue\n"), &[]);
    // An alias is resolved as Claude Code resolves it, and checked.
    check("---\nname: &n reviewer\ndescription: *n\n---\nBody\n", &[]);
    check(
        "---\nname: &n 5\ndescription: *n\n---\nBody\n",
        &["E AG102 1:9-1:10", "E AG112 1:9-1:10"],
    );
    // So is ExitPlanMode for a plan-mode agent.
    check(
        &agent("permissionMode: plan\ntools: Read, ExitPlanMode\n"),
        &[],
    );
}

#[test]
fn name_rules() {
    check(
        "---\nname: -x\ndescription: b\n---\nBody\n",
        &["E AG103 1:6-1:8"],
    );
    // A fullwidth colon normalises to ':' under NFKC, as Claude Code compares.
    check(
        "---\nname: a\u{ff1a}b\ndescription: b\n---\nBody\n",
        &["E AG104 1:6-1:11"],
    );
    let long = "x".repeat(257);
    check(
        &format!("---\nname: {long}\ndescription: b\n---\nBody\n"),
        &["E AG105 1:6-1:263"],
    );
    check(
        "---\nname: ''\ndescription: b\n---\nBody\n",
        &["E AG101 1:6-1:8"],
    );
    check(
        "---\nname: [a]\ndescription: b\n---\nBody\n",
        &["E AG102 1:6-1:9"],
    );
    check(
        "---\nname: My_Agent\ndescription: b\n---\nBody\n",
        &["W AG106 1:6-1:14"],
    );
    check("---\ndescription: b\n---\nBody\n", &["E AG101 0:0-0:3"]);
}

#[test]
fn plugin_agents_differ() {
    let text = "---\ndescription: b\npermissionMode: plan\nhooks:\n  Stop: nope\nwhen_to_use: x\n---\nBody\n";
    assert_eq!(
        render(text, FileKind::ClaudePluginAgent),
        ["W AG101 0:0-0:3", "W AG203 2:0-2:14", "W AG203 3:0-3:5"],
        "a plugin agent without name loads under its file name; hooks are ignored, not validated"
    );
    let no_desc = "---\nname: a\nwhen-to-use: x\n---\nBody\n";
    assert_eq!(
        render(no_desc, FileKind::ClaudePluginAgent),
        Vec::<String>::new()
    );
    assert_eq!(
        render(
            "---\nname: a\ndescription: b\nisolation: remote\n---\nB\n",
            FileKind::ClaudePluginAgent
        ),
        ["W AG308 3:11-3:17"]
    );
}

/// Claude Code skips plugin agent files over 1 MiB; other agents have no
/// such limit.
#[test]
fn plugin_agents_over_one_mib_are_skipped() {
    let text = format!(
        "---\nname: a\ndescription: b\n---\n{}\n",
        "Body text. ".repeat(100_000)
    );
    assert!(text.len() > 1024 * 1024);
    assert_eq!(
        render(&text, FileKind::ClaudePluginAgent),
        ["E AG011 0:0-0:3"]
    );
    assert_eq!(render(&text, FileKind::ClaudeAgent), Vec::<String>::new());
}

#[test]
fn hooks_shapes() {
    check(
        &agent(
            "hooks:\n  PreToolUse:\n    - matcher: Bash\n      hooks:\n        - type: command\n          command: ./x.sh\n          timeout: 30\n",
        ),
        &[],
    );
    check(&agent("hooks: [a]\n"), &["E AG309 3:7-3:10"]);
    check(
        &agent("hooks:\n  PreToolUse:\n    - hooks:\n        - type: shell\n"),
        &["E AG309 6:16-6:21"],
    );
    check(
        &agent("hooks:\n  PreToolUse:\n    - hooks:\n        - type: command\n"),
        &["E AG309 6:10-6:23"],
    );
    check(
        &agent("hooks:\n  PreToolUse:\n    - matcher: Bash\n"),
        &["E AG309 5:6-5:19"],
    );
    // Other events: a malformed entry is dropped with a warning.
    check(
        &agent("hooks:\n  PreTooluse:\n    - hooks: []\n"),
        &["W AG204 4:2-4:12"],
    );
    check(&agent("hooks:\n  Stop: ./x.sh\n"), &["W AG204 4:8-4:14"]);
    check(
        &agent("hooks:\n  Stop:\n    - hooks:\n        - type: shell\n          command: x\n"),
        &["W AG204 6:16-6:21"],
    );
    check(
        &agent(
            "hooks:\n  Stop:\n    - matcher: 5\n      hooks:\n        - type: command\n          command: x\n",
        ),
        &["W AG204 5:15-5:16"],
    );
    // An unknown event that holds a matcher (not a list of them) refuses.
    check(
        &agent("hooks:\n  Frob:\n    hooks:\n      - type: command\n"),
        &["E AG309 4:2-4:6"],
    );
    check(&agent("hooks: x\n"), &["E AG309 3:7-3:8"]);
    check(&agent("hooks: 0\n"), &[]);
    // A guard event at the top level refuses when it has a value.
    check(&agent("PermissionRequest: {}\n"), &["E AG202 3:0-3:17"]);
    check(&agent("PermissionRequest: []\n"), &["W AG201 3:0-3:17"]);
    check(&agent("Stop: []\n"), &["W AG201 3:0-3:4"]);
    // Hooks nested under another key or in a list, up to three levels down.
    check(
        &agent(
            "settings:\n  PreToolUse:\n    - hooks:\n        - type: command\n          command: x\n",
        ),
        &["W AG201 3:0-3:8", "E AG202 4:2-4:12"],
    );
    check(
        &agent("extra:\n  - hooks:\n      - type: command\n        command: x\n"),
        &["W AG201 3:0-3:5", "E AG202 4:4-4:9"],
    );
    check(
        &agent(
            "metadata:\n  PreToolUse:\n    - hooks:\n        - type: command\n          command: x\n",
        ),
        &["W AG201 3:0-3:8"],
    );
}

#[test]
fn merge_keys_and_blank_descriptions() {
    // Merge keys supply name and description, as Claude Code's parser merges them.
    check(
        "---\nbase: &b\n  name: merged\n  description: From the anchor\n<<: *b\n---\nBody\n",
        &["W AG201 1:0-1:4"],
    );
    check(
        "---\nname: m\n<<:\n  description: Inline merge\n---\nBody\n",
        &[],
    );
    // A written key wins over a merged one, wherever it stands.
    check(
        "---\nb: &b\n  name: Bad Name\n  description: d\n<<: *b\nname: good\n---\nBody\n",
        &["W AG201 1:0-1:1"],
    );
    // A merged key Claude Code does not know is reported where it is written.
    check(
        "---\nname: m\ndescription: d\n<<:\n  Stop: x\n---\nBody\n",
        &["W AG201 4:2-4:6"],
    );
    // `<<: 5` merges nothing: it is an unknown key.
    check(&agent("<<: 5\n"), &["W AG201 3:0-3:2"]);
    // So is an alias to a scalar (Claude Code 2.1.330 warns about "<<").
    check(
        &agent("x: &s five\n<<: *s\n"),
        &["W AG201 3:0-3:1", "W AG201 4:0-4:2"],
    );
    // Blanks only: listed with a blank description (a warning); empty: refused.
    check(
        "---\nname: a\ndescription: '   '\n---\nBody\n",
        &["W AG113 2:13-2:18"],
    );
    check(
        "---\nname: a\ndescription: |+\n\n---\nBody\n",
        &["W AG113 2:13-4:0"],
    );
    check(
        "---\nname: a\ndescription: \"\"\n---\nBody\n",
        &["E AG111 2:13-2:15"],
    );
}

#[test]
fn tool_lists() {
    check(&agent("tools: \"\"\n"), &["W AG404 3:7-3:9"]);
    // `[]` says "no tools" on purpose.
    check(&agent("tools: []\n"), &[]);
    check(&agent("tools:\n"), &["W AG404 3:5-3:5"]);
    check(
        &agent("tools: Grpe, Nope\n"),
        &["W AG401 3:7-3:11", "W AG405 3:7-3:17", "W AG401 3:13-3:17"],
    );
    check(&agent("tools: Read, read\n"), &["W AG407 3:13-3:17"]);
    check(
        &agent("tools: read, grep\n"),
        &["W AG407 3:7-3:11", "W AG405 3:7-3:17", "W AG407 3:13-3:17"],
    );
    check(&agent("disallowedTools: write\n"), &["W AG407 3:17-3:22"]);
    check(&agent("tools: Read, Bash(git *\n"), &["W AG401 3:13-3:23"]);
    check(&agent("tools: Read, mcp__*\n"), &["W AG401 3:13-3:19"]);
    check(
        &agent("disallowedTools: mcp__*, mcp__ bad\n"),
        &["W AG401 3:25-3:30", "W AG401 3:31-3:34"],
    );
    check(
        &agent("tools: Read, AskUserQuestion\n"),
        &["W AG406 3:13-3:28"],
    );
    check(&agent("tools: [Read, 3]\n"), &["W AG311 3:14-3:15"]);
    check(&agent("tools: 5\n"), &["W AG311 3:7-3:8"]);
    // Quoted with escapes: the entry's range falls back to the whole value.
    check(
        &agent("tools: \"Read, T\\u0061sk\"\n"),
        &["W AG402 3:7-3:24"],
    );
}

#[test]
fn values() {
    check(
        &agent("model: Sonnet\ncolor: Blue\n"),
        &["W AG302 4:7-4:11"],
    );
    check(&agent("model: sonet\n"), &["W AG301 3:7-3:12"]);
    check(&agent("model: 4\n"), &["W AG301 3:7-3:8"]);
    check(
        &agent("maxTurns: 0\nmemory: User\neffort: 2.5\n"),
        &["W AG304 3:10-3:11", "W AG305 4:8-4:12", "W AG307 5:8-5:11"],
    );
    check(
        &agent("background: true\nisolation: worktree\npermissionMode: manual\n"),
        &[],
    );
    check(
        &agent("mcpServers:\n  - github\n  - {a: 1, b: 2}\n  - local: {type: stdio, command: x}\n"),
        &["W AG310 5:4-5:16"],
    );
    check(
        &agent("skills: [a, 1]\ninitialPrompt: 3\nomitClaudeMd: yes\n"),
        &[
            "W AG311 3:12-3:13",
            "W AG311 4:15-4:16",
            "W AG311 5:14-5:17",
        ],
    );
}

#[test]
fn keys() {
    check(&agent("model: opus\nmodel: haiku\n"), &["W AG009 4:0-4:5"]);
    check(&agent("allowedTools: Read\n"), &["W AG201 3:0-3:12"]);
    check(&agent("forkContext: true\n"), &["W AG201 3:0-3:11"]);
    check(&agent("? [complex]\n: key\n"), &["W AG201 3:2-3:11"]);
}

/// The message of the only diagnostic of `text`.
#[track_caller]
fn only_message(text: &str, kind: FileKind) -> String {
    let d = analysis::check(text, Target::new(kind));
    assert_eq!(d.len(), 1, "{d:#?}");
    d[0].message.clone()
}

#[test]
fn key_hints_ignore_case_dashes_and_underscores_and_catch_typos() {
    for (key, hint) in [
        ("allowed_tools", "tools"),
        ("Allowed-Tools", "tools"),
        ("whenToUse", "description"),
        ("modle", "model"),
        ("permisionMode", "permissionMode"),
    ] {
        let m = only_message(&agent(&format!("{key}: x\n")), FileKind::ClaudeAgent);
        assert!(
            m.contains(&format!("(did you mean \"{hint}\"?)")),
            "{key}: {m}"
        );
    }
    let m = only_message(&agent("mode: x\n"), FileKind::ClaudeAgent);
    assert!(!m.contains("did you mean"), "{m}");
    // A misspelt required field: the missing-field error names it.
    let m = only_message(
        "---\nname: a\ndescripton: d\n---\nBody\n",
        FileKind::ClaudeAgent,
    );
    assert!(
        m.contains("\"descripton\" is not a key Claude Code reads: did you mean `description`?"),
        "{m}"
    );
}

#[test]
fn unreadable_plugin_agents_load_as_stubs() {
    for text in [
        "# Notes\n",
        "---\nname: a\n",
        "---\nname: a\ndescription: x\n<example>\n---\nB\n",
        "\n---\nname: a\ndescription: b\n---\nB\n",
    ] {
        let m = only_message(text, FileKind::ClaudePluginAgent);
        assert!(
            m.contains("loads only under its file name") && m.contains("claude plugin validate"),
            "{text}: {m}"
        );
        let m = only_message(text, FileKind::ClaudeAgent);
        assert!(
            !m.contains("plugin") && (m.contains("skips") || m.contains("documentation")),
            "{text}: {m}"
        );
    }
}

#[test]
fn structure() {
    check("\u{feff}---\nname: a\ndescription: b\n---\nBody\n", &[]);
    check(
        "\n\n---\nname: a\ndescription: b\n---\nBody\n",
        &["E AG002 2:0-2:3"],
    );
    check("---\nname: a\ndescription: b\n", &["E AG003 0:0-0:3"]);
    check("# Title\n", &["E AG001 0:0-0:7"]);
    check("---\n- a\n- b\n---\nBody\n", &["E AG006 1:0-2:3"]);
    check(
        "---\nname: a\ndescription: b\n---\n\n  \n",
        &["W AG501 3:0-3:3"],
    );
    check(
        "---\nname: a\ndescription: Use for C# code #tag\n---\nBody\n",
        &["W AG008 2:29-2:33"],
    );
    check(
        "---\nname: a\ndescription: Use this --- when\nmodel: x\n---\nBody\n",
        &["W AG007 2:22-2:25"],
    );
    // An indented `---` inside a block value ends the frontmatter too.
    check(
        "---\nname: a\ndescription: |\n  Intro\n  ---\n  more\nmodel: opus\n---\nBody\n",
        &["W AG007 4:2-4:5"],
    );
    // An indented closing fence with no real one after it is the end the
    // author meant: nothing is lost.
    check("---\nname: a\ndescription: b\n  ---\nBody\n", &[]);
    let readme = Target {
        documentation_name: true,
        ..Target::new(FileKind::ClaudeAgent)
    };
    assert!(analysis::check("# Agents in this folder\n", readme).is_empty());
}

#[test]
fn yaml_failures() {
    // Unindented continuation: not loaded.
    let text =
        "---\nname: a\ndescription: Use when x.\n<example>\nuser: \"hi\"\n</example>\n---\nBody\n";
    let got = render(text, FileKind::ClaudeAgent);
    assert_eq!(got.len(), 1);
    assert!(got[0].starts_with("E AG004 "), "{got:?}");
    // CRLF with an unquoted ": ": not loaded, and the message says why.
    let crlf = "---\r\nname: a\r\ndescription: a: b\r\n---\r\nBody\r\n";
    let d = analysis::check(crlf, Target::new(FileKind::ClaudeAgent));
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].rule.code, "AG004");
    assert!(d[0].message.contains("CRLF"));
    // A line valid alone but read differently by strict YAML counts too.
    check(
        "---\nname: a\ndescription: C# code #tag\ninitialPrompt: x: y\n---\nBody\n",
        &["W AG005 2:13-2:25", "W AG005 3:15-3:19"],
    );
    // The same file with LF line ends loads through the retry: a warning only.
    check(
        "---\nname: a\ndescription: a: b\n---\nBody\n",
        &["W AG005 2:13-2:17"],
    );
    // A plugin agent with broken YAML loads with every field dropped.
    let d = analysis::check(text, Target::new(FileKind::ClaudePluginAgent));
    assert!(d[0].message.contains("file name"), "{}", d[0].message);
}

#[test]
fn hostile_inputs_are_bounded() {
    // Billion laughs: aliases are never expanded, so this is instant and small.
    let mut bomb = String::from(
        "---\nname: a\ndescription: b\nx0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n",
    );
    for i in 1..12 {
        let p = i - 1;
        bomb.push_str(&format!(
            "x{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
        ));
    }
    bomb.push_str("---\nBody\n");
    let got = render(&bomb, FileKind::ClaudeAgent);
    assert_eq!(got.len(), 12, "one unknown-key warning per xN: {got:?}");
    // 10,000-deep unclosed flow nesting: the YAML parse stops at 512 levels (no
    // stack overflow); Claude Code's retry then quotes the value, so it loads.
    let deep = format!(
        "---\nname: a\ndescription: b\nx: {}\n---\nBody\n",
        "[".repeat(10_000)
    );
    assert_eq!(
        render(&deep, FileKind::ClaudeAgent),
        ["W AG201 3:0-3:1", "W AG005 3:3-3:10003"]
    );
    // The same nesting in block style cannot be rescued: an error.
    let mut block = String::from("---\nname: a\ndescription: b\nx:\n");
    for depth in 1..2000 {
        block.push_str(&" ".repeat(depth));
        block.push_str("- \n");
    }
    block.push_str("---\nBody\n");
    let got = render(&block, FileKind::ClaudeAgent);
    assert!(got.len() == 1 && got[0].starts_with("E AG004"), "{got:?}");
    // Over 10 MiB: one diagnostic, no analysis.
    let huge = format!(
        "---\nname: a\n---\n{}",
        "x".repeat(analysis::MAX_ANALYSED_BYTES)
    );
    assert_eq!(render(&huge, FileKind::ClaudeAgent), ["W AG010 0:0-0:0"]);
    // Binary junk and NUL bytes: an ordinary "no frontmatter" error.
    assert_eq!(
        render("\0\u{1}\u{fffd}PNG", FileKind::ClaudeAgent),
        ["E AG001 0:0-0:8"]
    );
}
