//! The server's side of configuration: the diagnostic a bad
//! `.agentls.toml` gets on itself, and reading the settings of a document
//! whose text the server holds.

use ropey::Rope;
use tower_lsp_server::ls_types as lsp;

use super::convert;
use crate::analysis::{Diagnostic, rules};
use crate::config::{Config, ConfigError};
use crate::document::Encoding;

/// Whether `path` is a configuration file.
#[must_use]
pub fn is_config(path: &std::path::Path) -> bool {
    path.file_name()
        .is_some_and(|n| n == crate::config::FILE_NAME)
}

/// The diagnostics of a configuration file's text: one `config-invalid`
/// error where it is bad, none when it is fine.
#[must_use]
pub fn config_diagnostics(text: &str, encoding: Encoding) -> Vec<lsp::Diagnostic> {
    match Config::parse(text) {
        Ok(_) => Vec::new(),
        Err(e) => vec![config_diagnostic(text, &e, encoding)],
    }
}

/// The `config-invalid` diagnostic of `error`, found in `text`.
#[must_use]
pub fn config_diagnostic(text: &str, error: &ConfigError, encoding: Encoding) -> lsp::Diagnostic {
    let rope = Rope::from_str(text);
    let range = error
        .span
        .clone()
        .filter(|s| s.end <= text.len())
        .unwrap_or(0..0);
    let d = Diagnostic::new(
        &rules::CONFIG_INVALID,
        range,
        format!(
            "{}; agentls ignores this file until it is fixed.",
            error.message
        ),
    );
    convert::diagnostic(&rope, &d, encoding)
}

/// Whether `needle` occurs in `rope`, without copying the whole text:
/// each chunk is searched where it lies, and only the few bytes around
/// each chunk boundary are copied.
#[must_use]
pub fn rope_contains(rope: &Rope, needle: &str) -> bool {
    let keep = needle.len().saturating_sub(1);
    let mut tail = String::new();
    for chunk in rope.chunks() {
        if chunk.contains(needle) {
            return true;
        }
        if !tail.is_empty() {
            let mut head = keep.min(chunk.len());
            while !chunk.is_char_boundary(head) {
                head -= 1;
            }
            tail.push_str(&chunk[..head]);
            if tail.contains(needle) {
                return true;
            }
        }
        let mut cut = chunk.len().saturating_sub(keep);
        while !chunk.is_char_boundary(cut) {
            cut += 1;
        }
        tail.clear();
        tail.push_str(&chunk[cut..]);
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_needle_across_chunks() {
        let text = format!("{}agentls-ignore{}", "x".repeat(5000), "y".repeat(5000));
        assert!(rope_contains(&Rope::from_str(&text), "agentls-ignore"));
        assert!(!rope_contains(&Rope::from_str(&text), "agentls-ignored"));
    }

    #[test]
    fn a_bad_file_is_located() {
        let d = config_diagnostics("[rules]\nignore = [\"AG39\"]\n", Encoding::Utf16);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].range.start, lsp::Position::new(1, 10));
        assert_eq!(d[0].range.end, lsp::Position::new(1, 16));
        assert!(config_diagnostics("targets = []\n", Encoding::Utf16).is_empty());
    }
}
