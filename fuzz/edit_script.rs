//! An edit script, shared by the `edits` fuzz target and the regression
//! test that replays its past crashes (`server/tests/fuzz_regressions.rs`):
//! arbitrary bytes read as a sequence of incremental edits, some with a
//! background parse started before them and installed after (or two, the
//! older installed before or after the newer); after each,
//! the document's text equals a model string, and at the end its Markdown
//! tree and diagnostics equal a fresh parse of the same text (and so do the
//! diagnostics of its head alone, whenever they can be had from it).

use agentls::analysis::{self, FileKind, Target};
use agentls::document::{Document, markdown};

const SEED: &str = "---\nname: a\ndescription: Use it: now.\\n<example>\\nuser: hi\\n</example>\ntools: Read, Grep\n---\n# Role\n\nBody 😀 漢字\r\n";

/// Runs the script `data`; panics where the incremental state and a fresh
/// parse differ.
pub fn run(data: &[u8]) {
    let mut doc = Document::new(SEED, 0);
    doc.reparse();
    let mut model = SEED.to_owned();
    // Each op: [kind, pos_hi, pos_lo, len, text_len, text...].
    let mut rest = data;
    let mut steps = 0;
    while rest.len() >= 5 && steps < 64 {
        let (head, tail) = rest.split_at(5);
        let take = usize::from(head[4] % 16).min(tail.len());
        let (piece, tail) = tail.split_at(take);
        rest = tail;
        steps += 1;
        let text = String::from_utf8_lossy(piece);
        let pos = usize::from(u16::from_be_bytes([head[1], head[2]])) % (model.len() + 1);
        let start = (0..=pos)
            .rev()
            .find(|i| model.is_char_boundary(*i))
            .unwrap_or(0);
        let end_raw = (start + usize::from(head[3] % 32)).min(model.len());
        let end = (end_raw..=model.len())
            .find(|i| model.is_char_boundary(*i))
            .unwrap_or(model.len());
        match head[0] % 4 {
            0 => doc.reparse(),
            // A second parse started before the first is installed (a
            // request that needs the tree while the background parse runs).
            1 if head[3] & 0x80 != 0 => {
                let older = doc.parse_job();
                doc.edit(start, end, &text);
                model.replace_range(start..end, &text);
                assert!(doc.tree().is_none(), "a tree behind the text");
                let newer = doc.parse_job();
                let (older, newer) = (older.run(), newer.run());
                if head[3] & 0x40 != 0 {
                    doc.install(newer);
                    doc.install(older);
                } else {
                    doc.install(older);
                    doc.install(newer);
                }
            }
            1 => {
                let job = doc.parse_job();
                doc.edit(start, end, &text);
                model.replace_range(start..end, &text);
                doc.install(job.run());
            }
            _ => {
                doc.edit(start, end, &text);
                model.replace_range(start..end, &text);
            }
        }
        assert_eq!(doc.text(), model);
    }
    doc.reparse();
    let fresh = markdown::parse(&ropey::Rope::from_str(&model)).expect("parse");
    assert_eq!(
        markdown::dump(doc.tree().expect("tree"), &doc.text()),
        markdown::dump(&fresh, &model)
    );
    let target = Target::new(FileKind::ClaudeAgent);
    let full = analysis::check(&model, target);
    assert_eq!(analysis::check(&doc.text(), target), full);
    // The check of the head alone (the server's frontmatter keystroke)
    // gives the whole text's diagnostics whenever it answers.
    for end in [model.len() / 4, model.len() / 2, model.len() * 3 / 4] {
        let end = (0..=end)
            .rev()
            .find(|i| model.is_char_boundary(*i))
            .unwrap_or(0);
        let mut memo = analysis::Memo::default();
        if let Some(alone) =
            analysis::check_head_memo(&model[..end], model.len(), target, None, &mut memo)
        {
            assert_eq!(alone, full, "checked from {end} bytes");
        }
    }
}
