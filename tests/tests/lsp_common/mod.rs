//! LSP scenarios shared by `lsp_stdio.rs` (the real binary) and
//! `lsp_duplex.rs` (in-process). Each takes the transport to run over.
//!
//! Every expected range below is computed by hand from the text sent:
//! positions are 0-based `line:character`, characters in the session's
//! encoding (UTF-16 code units unless the test negotiates UTF-8). Reading
//! aids: `name: ` is 6 characters, `color: ` 7, `model: ` 7,
//! `description: ` 13.

use agentls_e2e::{Client, Transport, edit, render_all, replace_all};
use serde_json::{Value, json};

/// An agent file: `.claude/agents/` makes the server analyse it.
pub const AGENT: &str = "file:///tmp/agentls-e2e/.claude/agents/reviewer.md";
/// A file the server does not analyse.
pub const README: &str = "file:///tmp/agentls-e2e/README.md";

/// A valid agent. Lines:
/// 0 `---` · 1 `name: reviewer` (14) · 2 `description: Reviews code` (25) ·
/// 3 `---` · 4 `You review code.` · 5 empty.
pub const VALID: &str = "---\nname: reviewer\ndescription: Reviews code\n---\nYou review code.\n";

/// A started client, initialized offering `encodings`; asserts the
/// negotiated one.
fn session(t: Transport, encodings: &[&str], expected: &str) -> Client {
    let mut c = Client::start(t);
    let result = c.initialize(encodings);
    assert_eq!(
        result["capabilities"]["positionEncoding"], expected,
        "offered {encodings:?}: {result}"
    );
    c
}

/// UTF-16 is the default: most tests use it.
fn utf16(t: Transport) -> Client {
    session(t, &["utf-16"], "utf-16")
}

// ---------------------------------------------------------------------------
// initialize
// ---------------------------------------------------------------------------

pub fn initialize_prefers_utf8(t: Transport) {
    let mut c = Client::start(t);
    let result = c.initialize(&["utf-8", "utf-16"]);
    let caps = &result["capabilities"];
    assert_eq!(caps["positionEncoding"], "utf-8", "{result}");
    // Incremental sync (2), open and close notifications, saves (for
    // `.agentls.toml`).
    assert_eq!(
        caps["textDocumentSync"],
        json!({"openClose": true, "change": 2, "save": true}),
        "{result}"
    );
    assert_eq!(result["serverInfo"]["name"], "agentls", "{result}");
    assert!(
        result["serverInfo"]["version"]
            .as_str()
            .is_some_and(|v| !v.is_empty()),
        "{result}"
    );
    // `initialized` is answered with a log message naming the encoding.
    let log = c.wait_notification("window/logMessage");
    let message = log["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("ready") && message.contains("Utf8"),
        "{log}"
    );
    assert_eq!(c.shutdown().unwrap_or(0), 0);
}

pub fn initialize_utf8_anywhere_in_the_list(t: Transport) {
    let c = session(t, &["utf-16", "utf-8"], "utf-8");
    drop(c);
}

pub fn initialize_utf16_only(t: Transport) {
    let c = session(t, &["utf-16"], "utf-16");
    drop(c);
}

pub fn initialize_utf32_only_falls_back_to_utf16(t: Transport) {
    let c = session(t, &["utf-32"], "utf-16");
    drop(c);
}

pub fn initialize_without_general_capabilities(t: Transport) {
    let mut c = Client::start(t);
    let result = c.initialize_with(json!({}));
    assert_eq!(
        result["capabilities"]["positionEncoding"], "utf-16",
        "{result}"
    );
    assert_eq!(result["serverInfo"]["name"], "agentls", "{result}");
}

pub fn request_before_initialize_is_refused(t: Transport) {
    let mut c = Client::start(t);
    let response = c.request_raw("shutdown", Value::Null);
    assert_eq!(response["error"]["code"], -32002, "{response}");
    // The server is still waiting for `initialize`, and takes it.
    let result = c.initialize(&["utf-16"]);
    assert_eq!(result["serverInfo"]["name"], "agentls", "{result}");
    c.open(AGENT, 1, VALID);
    c.expect_diagnostics(AGENT, Some(1), &[]);
}

// ---------------------------------------------------------------------------
// Documents
// ---------------------------------------------------------------------------

pub fn open_valid_agent(t: Transport) {
    let mut c = utf16(t);
    c.open(AGENT, 1, VALID);
    c.expect_diagnostics(AGENT, Some(1), &[]);
    assert_eq!(c.shutdown().unwrap_or(0), 0);
}

/// Insert, delete, replace across lines, several changes in one
/// notification, full-text changes: one document, one version per step.
pub fn edit_sequence(t: Transport) {
    let mut c = utf16(t);
    c.open(AGENT, 1, VALID);
    c.expect_diagnostics(AGENT, Some(1), &[]);

    // Insert a line before the closing fence: line 3 is `color: magenta`,
    // the value spans 7..7+7=14.
    c.change(AGENT, 2, &[edit((3, 0), (3, 0), "color: magenta\n")]);
    c.expect_diagnostics(AGENT, Some(2), &["3:7-3:14 warning AG302"]);

    // Delete it again (the whole line 3, up to the start of line 4).
    c.change(AGENT, 3, &[edit((3, 0), (4, 0), "")]);
    c.expect_diagnostics(AGENT, Some(3), &[]);

    // Replace across lines: from `name: re|viewer` (1:8) to
    // `descrip|tion: …` (2:7), i.e. "viewer\ndescrip", with three lines'
    // worth of text. Result: 1 `name: reViewer` (value 6..14),
    // 2 `model: gpt-4` (value 7..12), 3 `description: Reviews code`.
    c.change(
        AGENT,
        4,
        &[edit((1, 8), (2, 7), "Viewer\nmodel: gpt-4\ndescrip")],
    );
    c.expect_diagnostics(
        AGENT,
        Some(4),
        &["1:6-1:14 warning AG106", "2:7-2:12 warning AG301"],
    );

    // Join lines: delete from the end of line 1 (1:14) to the end of the
    // model line (2:12), which removes "\nmodel: gpt-4".
    c.change(AGENT, 5, &[edit((1, 14), (2, 12), "")]);
    c.expect_diagnostics(AGENT, Some(5), &["1:6-1:14 warning AG106"]);

    // Replace one character: `reViewer` → `reviewer` (the V is 1:8).
    c.change(AGENT, 6, &[edit((1, 8), (1, 9), "v")]);
    c.expect_diagnostics(AGENT, Some(6), &[]);

    // Three changes in one notification, each against the text the previous
    // one left:
    // a) a new line 1 `model: gpt-4`: name moves to line 2, description to 3;
    // b) on the new line 2, `reviewer` (2:6..2:14) → `Reviewer`;
    // c) on the new line 3, `Reviews code` (3:13..3:25) → `12345`.
    // Applied to the original text instead, (b) would hit the description.
    c.change(
        AGENT,
        7,
        &[
            edit((1, 0), (1, 0), "model: gpt-4\n"),
            edit((2, 6), (2, 14), "Reviewer"),
            edit((3, 13), (3, 25), "12345"),
        ],
    );
    c.expect_diagnostics(
        AGENT,
        Some(7),
        &[
            "1:7-1:12 warning AG301",
            "2:6-2:14 warning AG106",
            "3:13-3:18 error AG112",
        ],
    );

    // A full-text change (no range): `my:agent` is 8 characters, 6..14.
    c.change(
        AGENT,
        8,
        &[replace_all(
            "---\nname: my:agent\ndescription: Reviews code\n---\nYou review code.\n",
        )],
    );
    c.expect_diagnostics(AGENT, Some(8), &["1:6-1:14 error AG104"]);

    // A full-text change after a ranged one in the same notification: the
    // full text wins.
    c.change(
        AGENT,
        9,
        &[edit((0, 0), (0, 0), "garbage"), replace_all(VALID)],
    );
    c.expect_diagnostics(AGENT, Some(9), &[]);
    assert_eq!(c.shutdown().unwrap_or(0), 0);
}

/// The errors on required fields, each reached by an incremental edit.
pub fn errors(t: Transport) {
    let mut c = utf16(t);
    c.open(AGENT, 1, VALID);
    c.expect_diagnostics(AGENT, Some(1), &[]);

    // No `name:` line: the error sits on the opening `---` (0:0-0:3).
    c.change(AGENT, 2, &[edit((1, 0), (2, 0), "")]);
    c.expect_diagnostics(AGENT, Some(2), &["0:0-0:3 error AG101"]);

    // `name: my:agent`: the colon is reserved; the value is 6..14.
    c.change(AGENT, 3, &[edit((1, 0), (1, 0), "name: my:agent\n")]);
    c.expect_diagnostics(AGENT, Some(3), &["1:6-1:14 error AG104"]);

    c.change(AGENT, 4, &[edit((1, 6), (1, 14), "reviewer")]);
    c.expect_diagnostics(AGENT, Some(4), &[]);

    // `description: 12345` is a number: the value is 13..18.
    c.change(AGENT, 5, &[edit((2, 13), (2, 25), "12345")]);
    c.expect_diagnostics(AGENT, Some(5), &["2:13-2:18 error AG112"]);

    // `name: -x` starts with a dash, and the description is still a number.
    c.change(AGENT, 6, &[edit((1, 6), (1, 14), "-x")]);
    c.expect_diagnostics(
        AGENT,
        Some(6),
        &["1:6-1:8 error AG103", "2:13-2:18 error AG112"],
    );

    // Without the description line: AG111 on the opening fence.
    c.change(
        AGENT,
        7,
        &[edit((1, 6), (1, 8), "reviewer"), edit((2, 0), (3, 0), "")],
    );
    c.expect_diagnostics(AGENT, Some(7), &["0:0-0:3 error AG111"]);
}

/// Multi-byte characters before a diagnostic on the same line, and edits
/// whose positions are past them, under `encoding` (`"utf-8"` or
/// `"utf-16"`). Character widths: 漢 and 字 are 1 UTF-16 unit / 3 bytes
/// each, 😀 is 2 UTF-16 units (a surrogate pair) / 4 bytes.
pub fn multibyte(t: Transport, encoding: &str) {
    let utf8 = match encoding {
        "utf-8" => true,
        "utf-16" => false,
        other => panic!("no such encoding {other}"),
    };
    // Pick the expectation for this session's encoding.
    let pick = |utf16: &'static str, utf8_: &'static str| if utf8 { utf8_ } else { utf16 };
    let mut c = session(t, &[encoding], encoding);
    c.open(AGENT, 1, VALID);
    c.expect_diagnostics(AGENT, Some(1), &[]);

    // `name: 漢字😀`: the value ends at 6+1+1+2=10 (UTF-16), 6+3+3+4=16 (UTF-8).
    c.change(AGENT, 2, &[edit((1, 6), (1, 14), "漢字😀")]);
    c.expect_diagnostics(
        AGENT,
        Some(2),
        &[pick("1:6-1:10 warning AG106", "1:6-1:16 warning AG106")],
    );

    // Append `x` at the end of the value, a position past the multi-byte
    // characters: 1:10 (UTF-16) / 1:16 (UTF-8). `漢字😀x` ends at 11 / 17.
    let end = if utf8 { 16 } else { 10 };
    c.change(AGENT, 3, &[edit((1, end), (1, end), "x")]);
    c.expect_diagnostics(
        AGENT,
        Some(3),
        &[pick("1:6-1:11 warning AG106", "1:6-1:17 warning AG106")],
    );

    // A position inside 😀 (UTF-16: 1:9, between its surrogates at 8..10;
    // UTF-8: 1:13, inside its bytes at 12..16) means the start of 😀: `y`
    // lands before it. `漢字y😀x` ends at 6+2+1+2+1=12 / 6+6+1+4+1=18.
    let inside = if utf8 { 13 } else { 9 };
    c.change(AGENT, 4, &[edit((1, inside), (1, inside), "y")]);
    c.expect_diagnostics(
        AGENT,
        Some(4),
        &[pick("1:6-1:12 warning AG106", "1:6-1:18 warning AG106")],
    );

    // A diagnostic that starts after multi-byte characters: in
    // `description: 漢字😀 #note`, ` #note` is a comment cutting the value.
    // `#` is at 13+4+1=18 (UTF-16) / 13+10+1=24 (UTF-8); `#note` is 5 long.
    c.change(AGENT, 5, &[edit((2, 13), (2, 25), "漢字😀 #note")]);
    c.expect_diagnostics(
        AGENT,
        Some(5),
        &[
            pick("1:6-1:12 warning AG106", "1:6-1:18 warning AG106"),
            pick("2:18-2:23 warning AG008", "2:24-2:29 warning AG008"),
        ],
    );

    // Delete 😀 from `漢字y😀x` by its range: UTF-16 9..11 (漢 6, 字 7,
    // y 8, 😀 9..11); UTF-8 13..17 (漢 6..9, 字 9..12, y 12, 😀 13..17).
    // `漢字yx` ends at 6+4=10 / 6+6+2=14.
    let (from, to) = if utf8 { (13, 17) } else { (9, 11) };
    c.change(AGENT, 6, &[edit((1, from), (1, to), "")]);
    c.expect_diagnostics(
        AGENT,
        Some(6),
        &[
            pick("1:6-1:10 warning AG106", "1:6-1:14 warning AG106"),
            pick("2:18-2:23 warning AG008", "2:24-2:29 warning AG008"),
        ],
    );
    assert_eq!(c.shutdown().unwrap_or(0), 0);
}

/// A document with CRLF line ends: `\r\n` is one line break, and positions
/// past the end of a line stop before it.
pub fn crlf(t: Transport) {
    let mut c = utf16(t);
    let text = "---\r\nname: Reviewer\r\ndescription: Reviews code\r\n---\r\nYou review code.\r\n";
    c.open(AGENT, 1, text);
    c.expect_diagnostics(AGENT, Some(1), &["1:6-1:14 warning AG106"]);

    // A new line 3 `color: magenta`, CRLF-terminated.
    c.change(AGENT, 2, &[edit((3, 0), (3, 0), "color: magenta\r\n")]);
    c.expect_diagnostics(
        AGENT,
        Some(2),
        &["1:6-1:14 warning AG106", "3:7-3:14 warning AG302"],
    );

    // Replace from 1:6 to a character far past the end of line 1: the end
    // clamps to 1:14, before the `\r\n`, which stays.
    c.change(AGENT, 3, &[edit((1, 6), (1, 99), "reviewer")]);
    c.expect_diagnostics(AGENT, Some(3), &["3:7-3:14 warning AG302"]);

    // Delete line 3 through the start of line 4 (its `\r\n` included).
    c.change(AGENT, 4, &[edit((3, 0), (4, 0), "")]);
    c.expect_diagnostics(AGENT, Some(4), &[]);

    // Line 2 is still the description: its value is 13..25.
    c.change(AGENT, 5, &[edit((2, 13), (2, 25), "12345")]);
    c.expect_diagnostics(AGENT, Some(5), &["2:13-2:18 error AG112"]);

    // Insert a CRLF line at the very top of the frontmatter content.
    c.change(AGENT, 6, &[edit((1, 0), (1, 0), "model: gpt-4\r\n")]);
    c.expect_diagnostics(
        AGENT,
        Some(6),
        &["1:7-1:12 warning AG301", "3:13-3:18 error AG112"],
    );
}

/// CRLF line ends with CJK and emoji before the ranges, in `encoding`:
/// columns count UTF-8 bytes or UTF-16 units, and an edit that adds
/// characters before a diagnostic on its line moves it by their width.
pub fn crlf_non_ascii(t: Transport, encoding: &str) {
    let mut c = session(t, &[encoding], encoding);
    let utf8 = encoding == "utf-8";
    // `description: ` 13, 日本 (6 bytes, 2 units), ` `, 😀 (4 bytes, 2
    // units), ` C# `: `#tag` starts at 28 bytes or 22 units.
    let text = "---\r\nname: r\r\ndescription: 日本 😀 C# #tag\r\ncolor: 赤\r\n---\r\nBody 😀\r\n";
    c.open(AGENT, 1, text);
    let (tag, red) = if utf8 { (28, 10) } else { (22, 8) };
    c.expect_diagnostics(
        AGENT,
        Some(1),
        &[
            &format!("2:{tag}-2:{} warning AG008", tag + 4),
            &format!("3:7-3:{red} warning AG302"),
        ],
    );
    // Insert 漢字😀 right after `description: `: 10 bytes or 4 units.
    c.change(AGENT, 2, &[edit((2, 13), (2, 13), "漢字😀")]);
    let tag = if utf8 { tag + 10 } else { tag + 4 };
    c.expect_diagnostics(
        AGENT,
        Some(2),
        &[
            &format!("2:{tag}-2:{} warning AG008", tag + 4),
            &format!("3:7-3:{red} warning AG302"),
        ],
    );
    // Replace the color's value (赤) with a valid one, across its CRLF-free span.
    c.change(AGENT, 3, &[edit((3, 7), (3, red), "red")]);
    c.expect_diagnostics(
        AGENT,
        Some(3),
        &[&format!("2:{tag}-2:{} warning AG008", tag + 4)],
    );
    // Join lines 2 and 3 by deleting the CRLF between them: YAML breaks.
    c.change(AGENT, 4, &[edit((2, tag + 4), (3, 0), " ")]);
    let (_, d) = c.wait_diagnostics(AGENT);
    assert!(
        render_all(&d).iter().any(|r| r.starts_with("2:")),
        "{:?}",
        render_all(&d)
    );
}

/// Positions past the end are clamped: the server neither fails nor stops.
pub fn out_of_range_change(t: Transport) {
    let mut c = utf16(t);
    // No body: AG501 on the closing fence, line 3.
    c.open(
        AGENT,
        1,
        "---\nname: reviewer\ndescription: Reviews code\n---\n",
    );
    c.expect_diagnostics(AGENT, Some(1), &["3:0-3:3 warning AG501"]);

    // Line 999 is past the end: the text is appended (a body now).
    c.change(
        AGENT,
        2,
        &[edit((999, 999), (999, 999), "You review code.\n")],
    );
    c.expect_diagnostics(AGENT, Some(2), &[]);

    // Character 999 on line 1: the end of `name: reviewer`.
    c.change(AGENT, 3, &[edit((1, 999), (1, 999), "X")]);
    c.expect_diagnostics(AGENT, Some(3), &["1:6-1:15 warning AG106"]);

    // From the start of the body (4:0) to past the end: the body goes.
    c.change(AGENT, 4, &[edit((4, 0), (999, 0), "")]);
    c.expect_diagnostics(
        AGENT,
        Some(4),
        &["1:6-1:15 warning AG106", "3:0-3:3 warning AG501"],
    );

    // The server still answers requests.
    assert_eq!(c.shutdown().unwrap_or(0), 0);
}

/// A file outside the agent locations is never analysed: the server
/// publishes an empty list for it on open and change, and nothing on close.
pub fn readme_is_not_analysed(t: Transport) {
    let mut c = utf16(t);
    c.open(README, 1, "---\nname: [broken\n");
    c.expect_diagnostics(README, Some(1), &[]);
    c.change(README, 2, &[edit((1, 0), (2, 0), "description: 12345\n")]);
    c.expect_diagnostics(README, Some(2), &[]);
    c.close(README);
    // Open an agent and wait for its diagnostics: by then the close was
    // handled, and it published nothing.
    c.open(AGENT, 1, VALID);
    c.expect_diagnostics(AGENT, Some(1), &[]);
    assert_eq!(c.take_diagnostics(README), []);
    assert_eq!(c.shutdown().unwrap_or(0), 0);
    assert_eq!(c.take_diagnostics(README), []);
}

/// Closing an agent clears its diagnostics (an empty list, no version).
pub fn close_clears_diagnostics(t: Transport) {
    let mut c = utf16(t);
    c.open(
        AGENT,
        1,
        "---\nname: Reviewer\ndescription: Reviews code\n---\nYou review code.\n",
    );
    c.expect_diagnostics(AGENT, Some(1), &["1:6-1:14 warning AG106"]);
    c.close(AGENT);
    c.expect_diagnostics(AGENT, None, &[]);
    // Reopening analyses afresh.
    c.open(AGENT, 1, VALID);
    c.expect_diagnostics(AGENT, Some(1), &[]);
}

/// The character typed by change number `i` (0-based) of the burst.
fn burst_char(i: usize) -> char {
    match i {
        49 => 'Y',
        _ if i.is_multiple_of(2) => '-',
        _ => 'x',
    }
}

/// What version `v` of the burst document gets. After `k = v - 1` typed
/// characters the name is `reviewer` + k characters from `-x-x…`, and the
/// 50th is `Y`: it breaks the naming convention when it ends with `-`
/// (k odd) or holds the `Y` (k = 50). Its value spans 6..6+8+k.
fn burst_expected(version: i64) -> Vec<String> {
    let k = usize::try_from(version - 1).expect("version >= 1");
    if !k.is_multiple_of(2) || k == 50 {
        vec![format!("1:6-1:{} warning AG106", 6 + 8 + k)]
    } else {
        Vec::new()
    }
}

/// 50 single-character changes sent without waiting (versions 2..=51):
/// whatever the server publishes in between must be right for its version,
/// versions only increase, and the last publication is version 51.
pub fn burst_of_changes(t: Transport) {
    let mut c = utf16(t);
    c.open(AGENT, 1, VALID);
    c.expect_diagnostics(AGENT, Some(1), &[]);
    for i in 0..50_u32 {
        // Type at the end of the name: 1:14, 1:15, …
        let at = (1, 14 + i);
        let ch = burst_char(i as usize).to_string();
        c.change(AGENT, 2 + i64::from(i), &[edit(at, at, &ch)]);
    }
    let mut last = 1;
    while last != 51 {
        let (version, diags) = c.wait_diagnostics(AGENT);
        let version = version.expect("a versioned publication");
        assert!(
            version > last && version <= 51,
            "version {version} after {last}"
        );
        assert_eq!(
            render_all(&diags),
            burst_expected(version),
            "version {version}"
        );
        last = version;
    }
    // 6 + "reviewer" (8) + 50 = 64.
    assert_eq!(burst_expected(51), ["1:6-1:64 warning AG106"]);
    // Nothing is published after version 51, up to the server's end.
    assert_eq!(c.shutdown().unwrap_or(0), 0);
    assert_eq!(c.take_diagnostics(AGENT), []);
}

/// A client that disappears (its output closes without `shutdown` or
/// `exit`) ends the server.
pub fn end_of_input_ends_the_server(t: Transport) {
    let mut c = utf16(t);
    c.open(AGENT, 1, VALID);
    c.expect_diagnostics(AGENT, Some(1), &[]);
    let _ = c.end_input();
}
