//! End-to-end LSP tests against the real `agentls` binary over stdio.
//!
//! The binary must be built first (`cargo build -p agentls`; `cargo test
//! --workspace` builds it). The scenarios live in `lsp_common`, shared with
//! `lsp_duplex.rs`.

use crate::lsp_common as s;
use agentls_e2e::Transport;

const T: Transport = Transport::Stdio;

#[test]
fn initialize_prefers_utf8() {
    s::initialize_prefers_utf8(T);
}

#[test]
fn initialize_utf8_anywhere_in_the_list() {
    s::initialize_utf8_anywhere_in_the_list(T);
}

#[test]
fn initialize_utf16_only() {
    s::initialize_utf16_only(T);
}

#[test]
fn initialize_utf32_only_falls_back_to_utf16() {
    s::initialize_utf32_only_falls_back_to_utf16(T);
}

#[test]
fn initialize_without_general_capabilities() {
    s::initialize_without_general_capabilities(T);
}

#[test]
fn request_before_initialize_is_refused() {
    s::request_before_initialize_is_refused(T);
}

#[test]
fn open_valid_agent() {
    s::open_valid_agent(T);
}

#[test]
fn edit_sequence() {
    s::edit_sequence(T);
}

#[test]
fn errors() {
    s::errors(T);
}

#[test]
fn multibyte_utf16() {
    s::multibyte(T, "utf-16");
}

#[test]
fn multibyte_utf8() {
    s::multibyte(T, "utf-8");
}

#[test]
fn crlf() {
    s::crlf(T);
}

#[test]
fn crlf_non_ascii_utf8() {
    s::crlf_non_ascii(T, "utf-8");
}

#[test]
fn crlf_non_ascii_utf16() {
    s::crlf_non_ascii(T, "utf-16");
}

#[test]
fn out_of_range_change() {
    s::out_of_range_change(T);
}

#[test]
fn readme_is_not_analysed() {
    s::readme_is_not_analysed(T);
}

#[test]
fn close_clears_diagnostics() {
    s::close_clears_diagnostics(T);
}

#[test]
fn burst_of_changes() {
    s::burst_of_changes(T);
}

#[test]
fn end_of_input_ends_the_server() {
    s::end_of_input_ends_the_server(T);
}

/// The process exits with status 0 after `shutdown` and `exit`.
#[test]
fn exits_zero_after_shutdown_and_exit() {
    let mut c = agentls_e2e::Client::start(T);
    c.initialize(&["utf-16"]);
    assert_eq!(c.shutdown(), Some(0));
}

/// `exit` without `shutdown` first: the process exits with status 1 (LSP).
#[test]
fn exit_without_shutdown_is_status_1() {
    let mut c = agentls_e2e::Client::start(T);
    c.initialize(&["utf-16"]);
    c.notify("exit", serde_json::Value::Null);
    assert_eq!(c.end_input(), Some(1));
}

/// A panic inside analysis costs that one result: it is logged as an error,
/// the server keeps serving other documents and requests, and the document
/// recovers once the text no longer triggers it. (`AGENTLS_TEST_PANIC` makes
/// debug builds panic on texts containing its value.)
#[test]
fn a_panic_in_analysis_does_not_take_the_server_down() {
    const OTHER: &str = "file:///tmp/agentls-e2e/.claude/agents/other.md";
    let mut c = agentls_e2e::Client::stdio(&[("AGENTLS_TEST_PANIC", "PANIC-NOW")]);
    c.initialize(&["utf-16"]);
    let _ready = c.wait_notification("window/logMessage");
    c.open(s::AGENT, 1, s::VALID);
    c.expect_diagnostics(s::AGENT, Some(1), &[]);
    // The body now contains the marker: analysis panics.
    c.change(
        s::AGENT,
        2,
        &[agentls_e2e::edit((4, 0), (4, 0), "PANIC-NOW ")],
    );
    let log = c.wait_notification("window/logMessage");
    assert_eq!(log["type"], 1, "an error: {log}");
    assert!(
        log["message"]
            .as_str()
            .is_some_and(|m| m.contains("analysis for") && m.contains("keeps running")),
        "{log}"
    );
    // Other documents are still analysed.
    c.open(OTHER, 1, "---\nname: Other\ndescription: x\n---\nBody\n");
    c.expect_diagnostics(OTHER, Some(1), &["1:6-1:11 warning AG106"]);
    // The document recovers when the marker goes.
    c.change(s::AGENT, 3, &[agentls_e2e::edit((4, 0), (4, 10), "")]);
    c.expect_diagnostics(s::AGENT, Some(3), &[]);
    assert_eq!(c.shutdown(), Some(0));
}

/// A document over 10 MiB gets one diagnostic instead of analysis, quickly,
/// and edits to it keep working.
#[test]
fn a_huge_document_gets_one_diagnostic() {
    let mut c = agentls_e2e::Client::start(T);
    c.initialize(&["utf-16"]);
    let mut text = String::from("---\nname: big\ndescription: big\n---\n");
    while text.len() <= 11 * 1024 * 1024 {
        text.push_str("A line of body text that goes on for a while, to make the file large.\n");
    }
    c.open(s::AGENT, 1, &text);
    c.expect_diagnostics(s::AGENT, Some(1), &["0:0-0:0 warning AG010"]);
    c.change(s::AGENT, 2, &[agentls_e2e::edit((1, 6), (1, 9), "Big")]);
    c.expect_diagnostics(s::AGENT, Some(2), &["0:0-0:0 warning AG010"]);
    assert_eq!(c.shutdown(), Some(0));
}
