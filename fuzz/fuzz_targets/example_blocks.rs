#![no_main]
//! The example parser on arbitrary descriptions: no panic, every range inside
//! the text on char boundaries, one example per `<example>` tag (not in backticks).
use agentls::analysis::examples;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let body = String::from_utf8_lossy(data);
    // As a one-line value, a literal and a folded block, and quoted over
    // several lines.
    let one_line = format!("---\nname: a\ndescription: {}\n---\nB\n", body.replace(['\n', '\r'], " "));
    let indented = body.replace('\n', "\n  ");
    let block = format!("---\nname: a\ndescription: |\n  {indented}\n---\nB\n");
    let folded = format!("---\nname: a\ndescription: >-\n  {indented}\n---\nB\n");
    let double = format!("---\nname: a\ndescription: \"{}\"\n---\nB\n", indented.replace('"', "\\\""));
    let single = format!("---\nname: a\ndescription: '{}'\n---\nB\n", indented.replace('\'', "''"));
    for text in [one_line, block, folded, double, single] {
        let Some(ex) = examples::of(&text) else { continue };
        let d = &ex.description;
        // The source map decodes what the YAML parser read (unless a `---`
        // cut the frontmatter inside the value, where the parser's reading
        // of the last, unfinished line is its own).
        assert!(d.is_exact() || body.contains("---"), "{text:?}");
        // One example per tag; a tag in backticks is a mention, not a tag.
        let tags = d.text.to_ascii_lowercase().matches("<example>").count();
        if d.text.contains('`') {
            assert!(ex.examples.len() <= tags);
        } else {
            assert_eq!(ex.examples.len(), tags);
        }
        for e in &ex.examples {
            for r in std::iter::once(e.loaded.clone()).chain(e.parts.iter().map(|p| e.part_loaded(p))) {
                assert!(d.text.get(r.clone()).is_some());
                let src = d.source(&r);
                assert!(text.get(src.clone()).is_some(), "{src:?}");
                assert!(src.start >= d.span.start && src.end <= d.span.end);
            }
        }
        let _ = examples::render(&ex, Some("a"));
    }
});
