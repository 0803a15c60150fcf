//! End-to-end LSP tests against the server in-process, over a
//! `tokio::io::duplex` pipe. The scenarios live in `lsp_common`, shared
//! with `lsp_stdio.rs`.

use crate::lsp_common as s;
use agentls_e2e::Transport;

const T: Transport = Transport::Duplex;

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
