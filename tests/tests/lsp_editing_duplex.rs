//! Editing help over an in-process duplex (see `lsp_editing/mod.rs`).

use crate::lsp_editing as s;
use agentls_e2e::Transport;

const T: Transport = Transport::Duplex;

#[test]
fn completion_empty_values() {
    s::completion_empty_values(T);
}

#[test]
fn completion_tool_lists() {
    s::completion_tool_lists(T);
}

#[test]
fn completion_fresh_key() {
    s::completion_fresh_key(T);
}

#[test]
fn completion_example_snippet() {
    s::completion_example_snippet(T);
}

#[test]
fn completion_without_snippets() {
    s::completion_without_snippets(T);
}

#[test]
fn completion_workspace_mcp_tools() {
    s::completion_workspace_mcp_tools(T);
}

#[test]
fn completion_crlf_and_non_ascii_utf16() {
    s::completion_crlf_and_non_ascii(T, "utf-16");
}

#[test]
fn completion_crlf_and_non_ascii_utf8() {
    s::completion_crlf_and_non_ascii(T, "utf-8");
}

#[test]
fn hovers() {
    s::hovers(T);
}

#[test]
fn hover_every_key() {
    insta::assert_snapshot!(s::hover_every_key(T));
}

#[test]
fn editing_broken_frontmatter() {
    s::editing_broken_frontmatter(T);
}

#[test]
fn hover_plain_text() {
    s::hover_plain_text(T);
}

#[test]
fn quick_fixes() {
    s::quick_fixes(T);
}

#[test]
fn colors() {
    s::colors(T);
}

#[test]
fn outline_and_folding() {
    s::outline_and_folding(T);
}

#[test]
fn completion_resolve() {
    s::completion_resolve(T);
}

#[test]
fn completion_item_defaults() {
    s::completion_item_defaults(T);
}
