//! The `<example>` rules (AG601–AG608), one by one: each case is a small
//! agent file and the exact diagnostics it must produce, rendered as
//! `SEVERITY CODE line:col-line:col` (0-based, columns in bytes), so the
//! code, the severity and the range are all checked.

use agentls::analysis::{self, FileKind, Severity, Target};
use agentls::document::position::{self, Encoding};
use ropey::Rope;

fn render(text: &str) -> Vec<String> {
    let rope = Rope::from_str(text);
    analysis::check(text, Target::new(FileKind::ClaudeAgent))
        .iter()
        .map(|d| {
            let s = position::to_position(&rope, d.range.start, Encoding::Utf8);
            let e = position::to_position(&rope, d.range.end, Encoding::Utf8);
            let sev = match d.severity {
                Severity::Error => "E",
                Severity::Warning => "W",
                Severity::Hint => "H",
            };
            format!(
                "{sev} {} {}:{}-{}:{}",
                d.rule.code, s.line, s.character, e.line, e.character
            )
        })
        .collect()
}

/// An agent whose description is a literal block: `lines` start on line 3,
/// indented by two spaces.
fn block(lines: &[&str]) -> String {
    let mut text = String::from("---\nname: a\ndescription: |\n");
    for l in lines {
        text.push_str("  ");
        text.push_str(l);
        text.push('\n');
    }
    text.push_str("---\nBody.\n");
    text
}

#[track_caller]
fn check(text: &str, expected: &[&str]) {
    assert_eq!(render(text), expected, "for:\n{text}");
}

#[test]
fn ag601_example_unclosed() {
    check(
        &block(&["Lead.", "<example>", "user: u", "assistant: a"]),
        &["W AG601 4:2-4:11"],
    );
    // Not also "no user" and "no assistant": its end is unknown.
    check(&block(&["Lead.", "<example>"]), &["W AG601 4:2-4:11"]);
}

#[test]
fn ag602_example_unopened() {
    check(&block(&["Lead.", "</example>"]), &["W AG602 4:2-4:12"]);
}

#[test]
fn ag603_commentary_unclosed() {
    check(
        &block(&[
            "<example>",
            "user: u",
            "assistant: a",
            "<commentary>",
            "why",
            "</example>",
        ]),
        &["W AG603 6:2-6:14"],
    );
}

#[test]
fn ag604_commentary_misplaced() {
    // Outside any example: one warning for the pair, on its opening tag.
    check(
        &block(&["Lead. <commentary>x</commentary>"]),
        &["W AG604 3:8-3:20"],
    );
    // A closing tag that closes nothing, inside an example.
    check(
        &block(&[
            "<example>",
            "user: u",
            "assistant: a",
            "</commentary>",
            "</example>",
        ]),
        &["W AG604 6:2-6:15"],
    );
    // A closing tag outside, with nothing open.
    check(&block(&["Lead. </commentary>"]), &["W AG604 3:8-3:21"]);
}

#[test]
fn ag605_example_nested() {
    check(
        &block(&[
            "<example>",
            "user: u",
            "<example>",
            "user: v",
            "assistant: b",
            "</example>",
        ]),
        &["W AG605 5:2-5:11"],
    );
}

#[test]
fn ag606_example_no_user() {
    check(
        &block(&["<example>", "assistant: a", "</example>"]),
        &["H AG606 3:2-3:11"],
    );
}

#[test]
fn ag607_example_no_assistant() {
    check(
        &block(&["<example>", "user: u", "</example>"]),
        &["H AG607 3:2-3:11"],
    );
    // Through escapes: `description: "` is 14 bytes, `Lead.\\n` 8 more.
    check(
        "---\nname: a\ndescription: \"Lead.\\\\n<example>\\\\nuser: u\\\\n</example>\"\n---\nB\n",
        &["H AG607 2:22-2:31"],
    );
    // After a blank line folded into a line feed, then a `\n` escape.
    check(
        "---\nname: a\ndescription: \"Use it.\n\n  \\n<example>\\nuser: \\\"check\\\"\\n</example>\\n<example>\\nuser: \\\"again\\\"\\nassistant: \\\"ok\\\"\\n</example>\"\n---\nB\n",
        &["H AG607 4:4-4:13"],
    );
}

#[test]
fn ag608_example_empty() {
    check(
        &block(&["Lead.", "<example>", "</example>"]),
        &["W AG608 4:2-4:11"],
    );
    check(
        "---\nname: a\ndescription: 'Lead. <example>  </example>'\n---\nB\n",
        &["W AG608 2:20-2:29"],
    );
}

#[test]
fn no_noise() {
    // A mention of the tags in backticks is not a tag.
    check(
        &block(&["Writes agent files whose description has `<example>` blocks."]),
        &[],
    );
    // Turns run together (a folded block): no "no user" hint.
    check(
        "---\nname: a\ndescription: >\n  Use it.\n  <example>\n  Context: A new migration\n  user: \"check it\"\n  assistant: \"I'll use a\"\n  </example>\n---\nB\n",
        &[],
    );
    check(&block(&["<example>user: u assistant: a</example>"]), &[]);
}

#[test]
fn indented_plain_description_with_turns_gets_the_examples_hint() {
    let text = "---\nname: a\ndescription: Use it to review code. Examples\n  <example>\n  Context: The user wrote code\n  user: \"Review this\"\n  assistant: \"ok\"\n  </example>\nmodel: sonnet\n---\nBody\n";
    check(text, &["E AG004 4:9-4:30"]);
    let d = analysis::check(text, Target::new(FileKind::ClaudeAgent));
    assert!(
        d[0].message.contains("write `description: |`"),
        "{}",
        d[0].message
    );
    // Without `: `, an indented plain value is fine YAML: only the
    // example's own hints.
    check(
        "---\nname: a\ndescription: Use it to review code.\n  <example> review this </example>\n---\nBody\n",
        &["H AG606 3:2-3:11", "H AG607 3:2-3:11"],
    );
}
