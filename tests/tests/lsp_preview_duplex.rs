//! The example preview and rewrite actions over an in-process duplex (see
//! `lsp_preview/mod.rs`).

use crate::lsp_preview as s;
use agentls_e2e::Transport;

const T: Transport = Transport::Duplex;

#[test]
fn hover_inside_example_two() {
    insta::assert_snapshot!(s::hover_inside_example_two(T));
}

#[test]
fn lens_command_and_request() {
    insta::assert_snapshot!(s::lens_command_and_request(T));
}

#[test]
fn rewrite_to_block_and_back() {
    s::rewrite_to_block_and_back(T);
}

#[test]
fn normalize_frontmatter() {
    s::normalize_frontmatter(T);
}
