#![no_main]
//! The example parser on arbitrary descriptions: no panic, every range inside
//! the text on char boundaries, one example per `<example>` tag (not in backticks).
use agentls::analysis::examples;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let body = String::from_utf8_lossy(data);
    // Both as a one-line value and as a block scalar.
    let one_line = format!("---\nname: a\ndescription: {}\n---\nB\n", body.replace(['\n', '\r'], " "));
    let block = format!("---\nname: a\ndescription: |\n  {}\n---\nB\n", body.replace('\n', "\n  "));
    for text in [one_line, block] {
        let Some(ex) = examples::of(&text) else { continue };
        let d = &ex.description;
        // One example per tag; a tag in backticks is a mention, not a tag.
        let tags = d.text.to_ascii_lowercase().matches("<example>").count();
        if d.text.contains('`') {
            assert!(ex.examples.len() <= tags);
        } else {
            assert_eq!(ex.examples.len(), tags);
        }
        for e in &ex.examples {
            for r in std::iter::once(&e.loaded).chain(e.parts.iter().map(|p| &p.loaded)) {
                assert!(d.text.get(r.clone()).is_some());
                let src = d.source(r);
                assert!(text.get(src.clone()).is_some(), "{src:?}");
                assert!(src.start >= d.span.start && src.end <= d.span.end);
            }
        }
        let _ = examples::render(&ex, Some("a"));
    }
});
