#![no_main]
//! Arbitrary bytes as an agent file, through every feature an editor calls:
//! diagnostics and their fixes, completion and hover at every line start and
//! at a few offsets inside, colors, the agent name, normalize, the
//! description rewrites, the example preview, the outline and folding, and
//! hovers as plain text.
//! None may panic, and every range must lie on character boundaries of the
//! text.
use agentls::analysis::{self, FileKind, Target, completion, examples, hover, normalize, outline, rewrite};
use libfuzzer_sys::fuzz_target;
use std::ops::Range;

fn on_boundaries(text: &str, range: &Range<usize>, what: &str) {
    assert!(range.start <= range.end && range.end <= text.len(), "{what}: {range:?} outside the text");
    assert!(
        text.is_char_boundary(range.start) && text.is_char_boundary(range.end),
        "{what}: {range:?} splits a character"
    );
}

fn symbols(text: &str, list: &[outline::Symbol]) {
    for s in list {
        on_boundaries(text, &s.range, "symbol");
        on_boundaries(text, &s.selection, "symbol selection");
        symbols(text, &s.children);
    }
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let text = text.as_ref();
    // The first byte picks the format, so every format is fuzzed.
    let formats = agentls::formats::FORMATS;
    let kind = data.first().map_or(FileKind::ClaudeAgent, |b| formats[usize::from(*b) % formats.len()].kind);
    for d in analysis::check(text, Target::new(kind)) {
        on_boundaries(text, &d.range, "diagnostic");
        for fix in &d.fixes {
            for e in &fix.edits {
                on_boundaries(text, &e.range, "fix");
            }
        }
    }
    // Line starts, line ends and a few fixed offsets.
    let mut offsets: Vec<usize> = text.match_indices('\n').flat_map(|(i, _)| [i, i + 1]).collect();
    offsets.extend([0, 3, 4, 8, 13, text.len() / 2, text.len()]);
    for offset in offsets {
        let offset = (0..=offset.min(text.len())).rev().find(|i| text.is_char_boundary(*i)).unwrap_or(0);
        let workspace = ["mcp__x__y".to_owned()];
        for snippets in [true, false] {
            let request = completion::Request { workspace_tools: &workspace, snippets, ..completion::Request::new(kind) };
            for item in completion::complete(text, offset, &request) {
                on_boundaries(text, &item.range, "completion");
                assert!(item.range.start <= offset && offset <= item.range.end, "completion range without the cursor");
                for e in &item.additional_edits {
                    on_boundaries(text, &e.range, "completion edit");
                }
                let _ = item.accepted(text);
            }
        }
        if let Some(h) = hover::hover(text, offset, kind) {
            on_boundaries(text, &h.range, "hover");
            let _ = agentls::lsp::plain::plain(&h.markdown);
        }
    }
    for (range, _) in analysis::colors(text) {
        on_boundaries(text, &range, "color");
    }
    if let Some((_, range)) = analysis::agent_name(text) {
        on_boundaries(text, &range, "name");
    }
    for edit in [normalize::normalize(text, kind), rewrite::block_scalar(text), rewrite::to_line(text)].into_iter().flatten() {
        on_boundaries(text, &edit.range, "rewrite");
    }
    if let Some(ex) = examples::of(text) {
        let _ = examples::render(&ex, Some("a"));
    }
    if let Some(tree) = agentls::document::markdown::parse(&ropey::Rope::from_str(text)) {
        symbols(text, &outline::symbols(text, &tree));
        for f in outline::folding(text, &tree) {
            on_boundaries(text, &f.range, "fold");
        }
    }
});
