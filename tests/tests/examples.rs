//! The `<example>` parser on real descriptions: the five seed agents (each a
//! shape that matters) and every agent of the corpus. The number of examples
//! matches the `<example>` tags, and every part's source range, sliced from
//! the file and decoded independently (by the YAML parser where the style
//! allows, by the folding rules otherwise), equals the parsed text.

use std::path::Path;

use agentls::analysis::examples::{self, Description, PartKind};
use agentls::frontmatter::{Style, unescape_description, yaml};

fn fixtures() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// The indentation of a block scalar's content lines.
fn block_indent(text: &str, d: &Description) -> usize {
    let line_start = text[..d.span.start].rfind('\n').map_or(0, |i| i + 1);
    d.span.start - line_start
}

/// Decodes a slice of the description's source, independently of the map.
fn decode(text: &str, slice: &str, d: &Description) -> String {
    let yaml_text = |doc: String| -> String {
        let parsed = yaml::parse(&doc).unwrap_or_else(|e| panic!("{doc:?}: {e:?}"));
        let root = parsed.root.expect("a value");
        root.scalar().expect("a scalar").text.clone()
    };
    let raw = match d.style {
        Style::DoubleQuoted => yaml_text(format!("\"{slice}\"")),
        Style::SingleQuoted => yaml_text(format!("'{slice}'")),
        Style::Plain => {
            // One line (maybe rescued by the retry): the text itself;
            // continuation lines fold into spaces.
            let mut out = String::new();
            for (i, line) in slice.split('\n').enumerate() {
                let line = line.trim_end_matches('\r');
                if i > 0 {
                    out.push(' ');
                }
                out.push_str(if i > 0 { line.trim_start() } else { line });
            }
            out
        }
        Style::Literal | Style::Folded => {
            let indent = block_indent(text, d);
            let lines: Vec<&str> = slice
                .split('\n')
                .map(|l| {
                    l.get(indent.min(l.len() - l.trim_start().len())..)
                        .unwrap_or("")
                })
                .collect();
            if d.style == Style::Literal {
                lines.join("\n")
            } else {
                let mut out = String::new();
                let mut prev_text = false;
                for (i, l) in lines.iter().enumerate() {
                    if l.is_empty() {
                        if i > 0 {
                            out.push('\n');
                        }
                        prev_text = false;
                    } else {
                        if prev_text {
                            out.push(' ');
                        }
                        out.push_str(l);
                        prev_text = true;
                    }
                }
                out
            }
        }
    };
    unescape_description(&raw)
}

/// Checks one file; returns the number of examples.
fn check(path: &Path) -> usize {
    let text = std::fs::read_to_string(path).expect("read");
    let Some(ex) = examples::of(&text) else {
        return 0;
    };
    let d = &ex.description;
    let tags = d.text.to_ascii_lowercase().matches("<example>").count();
    assert_eq!(ex.examples.len(), tags, "{}", path.display());
    let check_range = |loaded: &std::ops::Range<usize>, what: &str| {
        let want = &d.text[loaded.clone()];
        let slice = &text[d.source(loaded)];
        let got = decode(&text, slice, d);
        assert_eq!(got, want, "{}: {what} {slice:?}", path.display());
    };
    for r in &ex.summary {
        check_range(r, "summary");
    }
    for e in &ex.examples {
        check_range(&e.loaded, "example");
        for p in &e.parts {
            check_range(&p.loaded, "part");
        }
    }
    ex.examples.len()
}

#[test]
fn seeds() {
    // The five shapes: 000 double-quoted with `\\n`; 001–003 one unquoted
    // line with `\n` and `: ` (rescued by Claude Code's retry); 004 a plain
    // description with no examples.
    let mut counts = Vec::new();
    for entry in std::fs::read_dir(fixtures().join("seeds")).expect("seeds") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "md") && !path.ends_with("README.md") {
            counts.push((
                path.file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                check(&path),
            ));
        }
    }
    counts.sort();
    let counts: Vec<usize> = counts.into_iter().map(|(_, n)| n).collect();
    assert_eq!(counts, [2, 3, 2, 2, 0]);
    // The seed 000's first example, part by part.
    let text =
        std::fs::read_to_string(fixtures().join("seeds/000_135de6437549c4ed.md")).expect("seed");
    let ex = examples::of(&text).expect("examples");
    let kinds: Vec<PartKind> = ex.examples[0].parts.iter().map(|p| p.kind).collect();
    assert_eq!(
        kinds,
        [
            PartKind::Context,
            PartKind::User,
            PartKind::Assistant,
            PartKind::Commentary,
            PartKind::Assistant
        ]
    );
    assert!(
        ex.examples[0].parts[1]
            .text
            .starts_with("I need to design a production-ready backend")
    );
}

#[test]
fn block_scalar_and_no_examples_shapes() {
    let dir = std::env::temp_dir().join(format!("agentls-examples-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let block = dir.join("block.md");
    std::fs::write(&block, "---\nname: a\ndescription: |\n  Use it when needed.\n  <example>\n  Context: c\n  user: \"u\"\n  assistant: \"a\"\n  <commentary>\n  why\n  </commentary>\n  </example>\n---\nB\n").expect("write");
    assert_eq!(check(&block), 1);
    let folded = dir.join("folded.md");
    std::fs::write(&folded, "---\nname: a\ndescription: >\n  Use it when\n  needed.\n\n  <example>\n  user: u\n  </example>\n---\nB\n").expect("write");
    assert_eq!(check(&folded), 1);
    let plain = dir.join("plain.md");
    std::fs::write(
        &plain,
        "---\nname: a\ndescription: Use it when needed,\n  across two lines.\n---\nB\n",
    )
    .expect("write");
    assert_eq!(check(&plain), 0);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn every_corpus_agent() {
    let mut files = 0;
    let mut found = 0;
    let mut stack = vec![
        fixtures().join("corpus"),
        fixtures().join("conformance/claude-code-2.1.330"),
    ];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "md") {
                let parent = path
                    .parent()
                    .and_then(Path::file_name)
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let agent = parent == "agents"
                    || parent.ends_with("-agents")
                    || path.ancestors().any(|a| a.ends_with("categories"));
                if agent {
                    files += 1;
                    found += check(&path);
                }
            }
        }
    }
    assert!(files >= 390, "{files}");
    assert!(found >= 3, "{found}");
}

fn apply(text: &str, e: &agentls::analysis::Edit) -> String {
    let mut t = text.to_owned();
    t.replace_range(e.range.clone(), &e.new_text);
    t
}

/// "Rewrite description as a block scalar" and back, on every corpus agent
/// and seed: the description Claude Code loads stays identical, and the
/// rest of the file is untouched.
#[test]
fn block_scalar_rewrite_round_trips() {
    use agentls::analysis::rewrite;
    let mut rewritten = 0;
    let mut stack = vec![fixtures().join("corpus"), fixtures().join("seeds")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let parent = path
                .parent()
                .and_then(Path::file_name)
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let agent = parent == "agents"
                || parent == "seeds"
                || path.ancestors().any(|a| a.ends_with("categories"));
            if !agent || path.extension().is_none_or(|e| e != "md") || path.ends_with("README.md") {
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("read");
            let Some(original) = examples::description(&text) else {
                continue;
            };
            let Some(edit) = rewrite::to_block(&text) else {
                continue;
            };
            let block = apply(&text, &edit);
            let as_block = examples::description(&block).expect("still a description");
            assert_eq!(as_block.text, original.text, "{}", path.display());
            assert!(
                matches!(as_block.style, Style::Literal),
                "{}",
                path.display()
            );
            assert_eq!(
                &block[as_block.span.end..].split_once("---").map(|(_, b)| b),
                &text[original.span.end..].split_once("---").map(|(_, b)| b),
                "{}: the body changed",
                path.display()
            );
            let back = apply(&block, &rewrite::to_line(&block).expect("back to one line"));
            assert_eq!(
                examples::description(&back).map(|d| d.text),
                Some(original.text.clone()),
                "{}",
                path.display()
            );
            rewritten += 1;
        }
    }
    assert!(rewritten >= 330, "{rewritten}");
}
