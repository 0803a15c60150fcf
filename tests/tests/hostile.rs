//! Hostile input against the real binary: malformed frames, unknown methods,
//! documents never opened, impossible ranges, versions going backwards, a
//! 50 MiB document, an alias bomb and deep nesting, cancellation. For each:
//! a clear error or diagnostic, and the server answers the next request
//! correctly. Memory and time bounds are stated where they are checked,
//! with generous margins (they catch runaway behaviour, not slowness).

use agentls_e2e::{Client, Transport, edit, render_all};
use serde_json::{Value, json};

const AGENT: &str = "file:///tmp/agentls-hostile/.claude/agents/rev.md";
const OTHER: &str = "file:///tmp/agentls-hostile/.claude/agents/other.md";
const VALID: &str = "---\nname: rev\ndescription: Reviews code\n---\nBody\n";

fn start() -> Client {
    let mut c = Client::start(Transport::Stdio);
    c.initialize(&["utf-16"]);
    let _ready = c.wait_notification("window/logMessage");
    c
}

/// The server still works: a request is answered and an open gets diagnostics.
fn still_serving(c: &mut Client, version: i64) {
    let h = c.request_raw("textDocument/hover", json!({"textDocument": {"uri": "file:///never.md"}, "position": {"line": 0, "character": 0}}));
    assert_eq!(h["result"], Value::Null, "{h}");
    c.open(OTHER, version, "---\nname: Other\ndescription: x\n---\nB\n");
    let (_, d) = c.wait_diagnostics(OTHER);
    assert_eq!(render_all(&d), ["1:6-1:11 warning AG106"]);
    c.close(OTHER);
    let _ = c.wait_diagnostics(OTHER);
}

#[test]
fn malformed_frames_are_logged_and_skipped() {
    let mut c = start();
    let frames: [(&[u8], &str); 6] = [
        (b"Content-Length: 5\r\n\r\n{oops", "not JSON"),
        (b"Content-Length: abc\r\n\r\n", "not a number"),
        (b"hello there\r\n\r\n", "not a header line"),
        (b"Content-Length: 2\r\n\r\n[]", "not a JSON-RPC 2.0 message"),
        (b"Content-Length: 99999999999\r\n\r\n", "over the limit"),
        (
            b"Content-Type: application/json\r\n\r\n",
            "without Content-Length",
        ),
    ];
    for (i, (bytes, reason)) in frames.iter().enumerate() {
        c.send_bytes(bytes);
        let log = c.wait_notification("window/logMessage");
        assert_eq!(log["type"], 2, "a warning");
        assert!(
            log["message"].as_str().is_some_and(|m| m.contains(reason)),
            "{reason}: {log}"
        );
        still_serving(&mut c, i64::try_from(i).unwrap_or(0) + 1);
    }
    // A request that is JSON but not JSON-RPC 2.0 gets an error under its id.
    let body = br#"{"jsonrpc":"1.0","id":77,"method":"x"}"#;
    c.send_bytes(
        &[
            format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes(),
            body,
        ]
        .concat(),
    );
    let r = c.wait_response(77, "a JSON-RPC 1.0 request");
    assert_eq!(r["error"]["code"], -32600, "{r}");
    assert_eq!(c.shutdown(), Some(0));
}

#[test]
fn unknown_methods_and_unopened_documents() {
    let mut c = start();
    let r = c.request_raw("foo/bar", json!({}));
    assert_eq!(r["error"]["code"], -32601, "{r}");
    c.notify("foo/baz", json!({}));
    c.notify("$/somethingNew", json!({}));
    let never = json!({"uri": "file:///tmp/agentls-hostile/.claude/agents/never.md"});
    let at = json!({"line": 0, "character": 0});
    for (method, params) in [
        (
            "textDocument/hover",
            json!({"textDocument": never, "position": at}),
        ),
        (
            "textDocument/completion",
            json!({"textDocument": never, "position": at}),
        ),
        (
            "textDocument/codeAction",
            json!({"textDocument": never, "range": {"start": at, "end": at}, "context": {"diagnostics": []}}),
        ),
        (
            "textDocument/documentSymbol",
            json!({"textDocument": never}),
        ),
        ("textDocument/foldingRange", json!({"textDocument": never})),
        ("textDocument/codeLens", json!({"textDocument": never})),
    ] {
        let r = c.request_raw(method, params);
        assert_eq!(r["result"], Value::Null, "{method}: {r}");
    }
    let r = c.request_raw("textDocument/documentColor", json!({"textDocument": never}));
    assert_eq!(r["result"], json!([]));
    let r = c.request_raw("agentls/previewExamples", json!({"textDocument": never}));
    assert_eq!(r["error"]["code"], -32602, "{r}");
    let r = c.request_raw(
        "workspace/executeCommand",
        json!({"command": "agentls.previewExamples", "arguments": []}),
    );
    assert_eq!(r["error"]["code"], -32602, "{r}");
    let r = c.request_raw(
        "workspace/executeCommand",
        json!({"command": "rm -rf", "arguments": []}),
    );
    assert_eq!(r["error"]["code"], -32602, "{r}");
    // Changes and closes for documents never opened are ignored.
    c.change("file:///tmp/never.md", 3, &[edit((0, 0), (0, 0), "x")]);
    c.close("file:///tmp/never.md");
    still_serving(&mut c, 1);
    assert_eq!(c.shutdown(), Some(0));
}

#[test]
fn impossible_ranges_are_clamped() {
    let mut c = start();
    // 0 `---` · 1 `name: rev😀x` (UTF-16: 😀 at 9..11) · 2 description · 3 `---` · 4 Body
    c.open(
        AGENT,
        1,
        "---\nname: rev😀x\ndescription: Reviews code\n---\nBody\n",
    );
    let (_, d) = c.wait_diagnostics(AGENT);
    assert_eq!(render_all(&d), ["1:6-1:12 warning AG106"]);
    // Past the end: appended.
    c.change(AGENT, 2, &[edit((99, 5), (120, 0), "More.\n")]);
    let (v, d) = c.wait_diagnostics(AGENT);
    assert_eq!(
        (v, render_all(&d)),
        (Some(2), vec!["1:6-1:12 warning AG106".to_owned()])
    );
    // Reversed (end before start): the range between them. `rev😀x` → `r`.
    c.change(AGENT, 3, &[edit((1, 12), (1, 7), "")]);
    let (_, d) = c.wait_diagnostics(AGENT);
    assert_eq!(render_all(&d), Vec::<String>::new(), "name: r");
    // Inside a surrogate pair: rounded down to the start of the character.
    c.change(AGENT, 4, &[edit((1, 7), (1, 7), "😀")]);
    let _ = c.wait_diagnostics(AGENT);
    c.change(AGENT, 5, &[edit((1, 8), (1, 8), "Z")]); // 8 is between 😀's halves (7..9)
    let (_, d) = c.wait_diagnostics(AGENT);
    // `name: rZ😀`: the Z went before the emoji; the value is 6..10.
    assert_eq!(render_all(&d), ["1:6-1:10 warning AG106"]);
    assert_eq!(c.shutdown(), Some(0));
}

#[test]
fn versions_going_backwards() {
    let mut c = start();
    c.open(AGENT, 10, VALID);
    let _ = c.wait_diagnostics(AGENT);
    c.change(AGENT, 5, &[edit((1, 6), (1, 9), "R")]);
    let (v, d) = c.wait_diagnostics(AGENT);
    assert_eq!(
        (v, render_all(&d)),
        (Some(5), vec!["1:6-1:7 warning AG106".to_owned()])
    );
    c.change(AGENT, 3, &[edit((1, 6), (1, 7), "r")]);
    let (v, d) = c.wait_diagnostics(AGENT);
    assert_eq!(
        (v, render_all(&d)),
        (Some(3), Vec::<String>::new()),
        "applied in order, published with the version given"
    );
    assert_eq!(c.shutdown(), Some(0));
}

#[test]
fn a_fifty_mib_document() {
    let mut c = start();
    let mut text = String::from("---\nname: big\ndescription: big\n---\n");
    let line = "A line of body text, repeated to make a very large file. 漢字😀\n";
    while text.len() < 50 * 1024 * 1024 {
        text.push_str(line);
    }
    let started = std::time::Instant::now();
    c.open(AGENT, 1, &text);
    let (_, d) = c.wait_diagnostics(AGENT);
    assert_eq!(render_all(&d), ["0:0-0:0 warning AG010"]);
    c.change(AGENT, 2, &[edit((1, 6), (1, 9), "huge")]);
    let (v, _) = c.wait_diagnostics(AGENT);
    assert_eq!(v, Some(2));
    still_serving(&mut c, 1);
    // Bound: 60 s for all of that (it takes about a second in a debug build).
    assert!(started.elapsed().as_secs() < 60, "{:?}", started.elapsed());
    // Bound: peak memory under 1.5 GiB (the text is held a few times: the
    // frame, the JSON string, the rope).
    let (peak, _) = c.memory_kib().expect("/proc");
    assert!(peak < 1536 * 1024, "peak RSS {peak} KiB");
    assert_eq!(c.shutdown(), Some(0));
}

#[test]
fn alias_bomb_and_deep_nesting() {
    let mut c = start();
    let mut bomb = String::from(
        "---\nname: bomb\ndescription: b\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for (i, prev) in ["a", "b", "c", "d", "e", "f", "g", "h", "i"]
        .iter()
        .enumerate()
    {
        let name = (b'b' + u8::try_from(i).unwrap_or(0)) as char;
        bomb.push_str(&format!("{name}: &{name} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"));
    }
    bomb.push_str("---\nBody\n");
    c.open(AGENT, 1, &bomb);
    let (_, d) = c.wait_diagnostics(AGENT);
    // Ten unknown keys (a..j) and nothing else: the aliases are never expanded.
    assert_eq!(render_all(&d).len(), 10, "{d:?}");
    let deep = format!(
        "---\nname: deep\ndescription: d\nx:\n{}---\nBody\n",
        (1..3000)
            .map(|i| format!("{}- \n", " ".repeat(i)))
            .collect::<String>()
    );
    c.open(OTHER, 1, &deep);
    let (_, d) = c.wait_diagnostics(OTHER);
    assert_eq!(d.len(), 1);
    assert_eq!(
        d[0]["code"], "AG004",
        "nesting beyond 512 levels is a YAML error, not a stack overflow"
    );
    // Bound: peak memory under 256 MiB.
    let (peak, _) = c.memory_kib().expect("/proc");
    assert!(peak < 256 * 1024, "peak RSS {peak} KiB");
    assert_eq!(c.shutdown(), Some(0));
}

/// A slow request does not delay another document's diagnostics, and
/// `$/cancelRequest` answers a cancelled request at once with
/// RequestCancelled. (`AGENTLS_TEST_DELAY_MS` makes the outline's parse take
/// two seconds in debug builds, so "slow" does not depend on the machine.)
#[test]
fn slow_requests_and_cancellation() {
    let mut c = Client::stdio(&[("AGENTLS_TEST_DELAY_MS", "2000")]);
    c.initialize(&["utf-16"]);
    let _ready = c.wait_notification("window/logMessage");
    c.open(
        AGENT,
        1,
        "---\nname: rev\ndescription: d\n---\n# Role\n\nText.\n",
    );
    let _ = c.wait_diagnostics(AGENT);
    c.change(AGENT, 2, &[edit((6, 0), (6, 0), "More ")]);
    let _ = c.wait_diagnostics(AGENT);
    let slow = c.start_request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": AGENT}}),
    );
    // Meanwhile another document: its diagnostics come first (wait_diagnostics
    // fails on any response arriving before them).
    c.open(OTHER, 1, "---\nname: Other\ndescription: x\n---\nB\n");
    let (_, d) = c.wait_diagnostics(OTHER);
    assert_eq!(render_all(&d), ["1:6-1:11 warning AG106"]);
    let symbols = c.wait_response(slow, "documentSymbol");
    let names: Vec<&str> = symbols["result"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|s| s["name"].as_str())
        .collect();
    assert_eq!(
        names,
        ["frontmatter", "name", "description", "Role"],
        "the outline arrives in the end"
    );
    // Cancelled: answered at once with -32800, long before the two seconds.
    c.change(AGENT, 3, &[edit((6, 0), (6, 0), "Again ")]);
    let _ = c.wait_diagnostics(AGENT);
    let started = std::time::Instant::now();
    let cancelled = c.start_request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": AGENT}}),
    );
    c.notify("$/cancelRequest", json!({"id": cancelled}));
    let r = c.wait_response(cancelled, "cancelled documentSymbol");
    assert_eq!(r["error"]["code"], -32800, "{}", r["error"]);
    assert!(
        started.elapsed().as_millis() < 1500,
        "{:?}",
        started.elapsed()
    );
    still_serving(&mut c, 2);
    assert_eq!(c.shutdown(), Some(0));
}

/// The server looks at the disk only inside the workspace folders: a plugin
/// (recognised by its `.claude-plugin/plugin.json`) outside them is not
/// probed, so its agents are not analysed; the same layout inside is.
#[test]
fn file_system_access_stays_in_the_workspace() {
    let base = std::env::temp_dir().join(format!("agentls-sec-{}", std::process::id()));
    for side in ["inside", "outside"] {
        let plugin = base.join(side).join("myplugin");
        std::fs::create_dir_all(plugin.join(".claude-plugin")).expect("dir");
        std::fs::create_dir_all(plugin.join("agents")).expect("dir");
        std::fs::write(
            plugin.join(".claude-plugin/plugin.json"),
            "{\"name\": \"myplugin\"}",
        )
        .expect("write");
    }
    let uri = |side: &str| format!("file://{}/{side}/myplugin/agents/a.md", base.display());
    let mut c = Client::start(Transport::Stdio);
    c.initialize_params(json!({
        "capabilities": {},
        "workspaceFolders": [{"uri": format!("file://{}/inside", base.display()), "name": "inside"}],
    }));
    let text = "---\nname: Bad Name\ndescription: d\n---\nBody\n";
    c.open(&uri("inside"), 1, text);
    let (_, d) = c.wait_diagnostics(&uri("inside"));
    assert_eq!(render_all(&d), ["1:6-1:14 warning AG106"]);
    c.open(&uri("outside"), 1, text);
    let (_, d) = c.wait_diagnostics(&uri("outside"));
    assert_eq!(
        d,
        Vec::<Value>::new(),
        "outside the workspace: not probed, not analysed"
    );
    assert_eq!(c.shutdown(), Some(0));
    let _ = std::fs::remove_dir_all(&base);
}
