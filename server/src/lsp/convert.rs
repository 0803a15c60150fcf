//! Conversions between the analysis's byte ranges and LSP types.

use ropey::Rope;
use tower_lsp_server::ls_types as lsp;

use crate::analysis::{Diagnostic, Severity};
use crate::document::position::{self, Encoding, Position};

/// An LSP position → a byte offset (clamped).
#[must_use]
pub fn offset(rope: &Rope, pos: lsp::Position, encoding: Encoding) -> usize {
    position::to_offset(
        rope,
        Position {
            line: pos.line,
            character: pos.character,
        },
        encoding,
    )
}

/// A byte offset → an LSP position.
#[must_use]
pub fn position(rope: &Rope, offset: usize, encoding: Encoding) -> lsp::Position {
    let p = position::to_position(rope, offset, encoding);
    lsp::Position {
        line: p.line,
        character: p.character,
    }
}

/// A byte range → an LSP range.
#[must_use]
pub fn range(rope: &Rope, r: &std::ops::Range<usize>, encoding: Encoding) -> lsp::Range {
    lsp::Range {
        start: position(rope, r.start, encoding),
        end: position(rope, r.end, encoding),
    }
}

/// An analysis diagnostic → an LSP diagnostic.
#[must_use]
pub fn diagnostic(rope: &Rope, d: &Diagnostic, encoding: Encoding) -> lsp::Diagnostic {
    lsp::Diagnostic {
        range: range(rope, &d.range, encoding),
        severity: Some(match d.severity {
            Severity::Error => lsp::DiagnosticSeverity::ERROR,
            Severity::Warning => lsp::DiagnosticSeverity::WARNING,
            Severity::Hint => lsp::DiagnosticSeverity::HINT,
        }),
        code: Some(lsp::NumberOrString::String(d.rule.code.to_owned())),
        source: Some("agentls".to_owned()),
        message: d.message.clone(),
        code_description: crate::analysis::rules::doc_url(d.rule)
            .parse()
            .ok()
            .map(|href| lsp::CodeDescription { href }),
        ..Default::default()
    }
}

/// The encoding to use, from what the client offers: UTF-8 when it lists
/// it, else UTF-16 (LSP's mandatory default).
#[must_use]
pub fn negotiate(params: &lsp::InitializeParams) -> Encoding {
    let offered = params
        .capabilities
        .general
        .as_ref()
        .and_then(|g| g.position_encodings.as_ref());
    if offered.is_some_and(|list| list.contains(&lsp::PositionEncodingKind::UTF8)) {
        Encoding::Utf8
    } else {
        Encoding::Utf16
    }
}

/// The LSP name of an encoding.
#[must_use]
pub fn encoding_kind(encoding: Encoding) -> lsp::PositionEncodingKind {
    match encoding {
        Encoding::Utf8 => lsp::PositionEncodingKind::UTF8,
        Encoding::Utf16 => lsp::PositionEncodingKind::UTF16,
        Encoding::Utf32 => lsp::PositionEncodingKind::UTF32,
    }
}
