//! The `<example>` parser on real descriptions: the five seed agents (each a
//! shape that matters), the example fixtures (one per way of writing a
//! description) and every agent of the corpus. The number of examples
//! matches the `<example>` tags, and every part's source range, sliced from
//! the file and decoded independently (by the YAML parser where the style
//! allows, by the folding rules otherwise), equals the parsed text. The
//! fixtures' previews are snapshots, and the block-scalar rewrite is checked
//! against a decoder of its own output that shares nothing with agentls.

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
        root.scalar().expect("a scalar").text.to_string()
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
                .map(|l| l.strip_suffix('\r').unwrap_or(l))
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
    assert!(
        d.is_exact(),
        "{}: the source map is not exact",
        path.display()
    );
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
        for p in e.parts.iter() {
            check_range(&e.part_loaded(p), "part");
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

/// The example fixtures, one per way of writing a description: (file
/// name, path, text), by name.
fn example_fixtures() -> Vec<(String, std::path::PathBuf, String)> {
    let mut out: Vec<(String, std::path::PathBuf, String)> =
        std::fs::read_dir(fixtures().join("examples"))
            .expect("examples")
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "md"))
            .map(|p| {
                let name = p
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let text = std::fs::read_to_string(&p).expect("read");
                (name, p, text)
            })
            .collect();
    out.sort();
    out
}

/// What Claude Code loads from each example fixture, as read by another
/// YAML parser behind a copy of Claude Code's loader (see the fixtures'
/// README): not by agentls.
fn expected_descriptions() -> serde_json::Map<String, serde_json::Value> {
    let json = std::fs::read_to_string(fixtures().join("examples/expected.json")).expect("read");
    serde_json::from_str(&json).expect("json")
}

fn letter(kind: PartKind) -> char {
    match kind {
        PartKind::Context => 'C',
        PartKind::User => 'U',
        PartKind::Assistant => 'A',
        PartKind::Commentary => 'M',
        PartKind::Other => 'O',
    }
}

/// Each fixture loads the description another YAML parser reads, its
/// source map is exact, and its examples have the parts they are written
/// with (C context, U user, A assistant, M commentary).
#[test]
fn example_fixtures_in_every_style() {
    let expected = expected_descriptions();
    let mut shapes = Vec::new();
    for (name, path, text) in example_fixtures() {
        let ex = examples::of(&text).unwrap_or_else(|| panic!("{name}: no description"));
        assert_eq!(
            Some(ex.description.text.as_str()),
            expected.get(&name).and_then(|v| v.as_str()),
            "{name}"
        );
        check(&path);
        let kinds: Vec<String> = ex
            .examples
            .iter()
            .map(|e| {
                let mut k: String = e.parts.iter().map(|p| letter(p.kind)).collect();
                if !e.closed {
                    k.push('…');
                }
                k
            })
            .collect();
        shapes.push(format!(
            "{name} {:?} {}",
            ex.description.style,
            kinds.join(" ")
        ));
    }
    assert_eq!(
        expected.len(),
        shapes.len(),
        "expected.json lists every fixture"
    );
    assert_eq!(
        shapes,
        [
            "crlf.md Literal CUA",
            "double-quoted.md DoubleQuoted CUAM CUA",
            "folded-strip.md Folded CUA UA",
            "folded.md Folded CUAM",
            "literal-strip.md Literal CUAM CUA",
            "literal.md Literal CUAM",
            "markdown-special.md DoubleQuoted CUAMA CUA",
            "one-line-plain.md Plain CUAM CUA",
            "run-together.md DoubleQuoted CUAM UA",
            "single-quoted.md SingleQuoted CUA CUA",
            "unclosed.md DoubleQuoted CUA… UA…",
            "unicode.md DoubleQuoted CUAM UA",
        ]
    );
}

/// The preview of each fixture: one-line turns, blocks, folded lines, an
/// unclosed example, Markdown that must show as written.
#[test]
fn example_fixture_previews() {
    for (name, _, text) in example_fixtures() {
        let ex = examples::of(&text).expect("a description");
        let agent = agentls::analysis::agent_name(&text).map(|(n, _)| n);
        let stem = name.trim_end_matches(".md");
        insta::assert_snapshot!(
            format!("preview_{stem}"),
            examples::render(&ex, agent.as_deref())
        );
    }
}

/// Decodes, by hand, the literal block that "Rewrite description as a
/// block scalar" writes: `|`, `|-` or `|+`, maybe with the indentation
/// indicator `2`, then lines indented by two spaces; the file's own line
/// break follows it. Then Claude Code's `\n` un-escape.
fn decode_written_block(new_text: &str, eol: &str) -> String {
    let (header, body) = new_text.split_once(eol).expect("a header line");
    let header = header.strip_prefix('|').expect("a literal block");
    let chomp = header.strip_prefix('2').unwrap_or(header);
    let mut lines: Vec<&str> = body.split(eol).collect();
    // `|+` keeps the empty lines written after the last one.
    let mut kept = 1;
    while chomp == "+" && lines.last() == Some(&"") {
        lines.pop();
        kept += 1;
    }
    let content: Vec<&str> = lines
        .iter()
        .map(|l| {
            if l.is_empty() {
                ""
            } else {
                l.strip_prefix("  ").expect("two spaces of indentation")
            }
        })
        .collect();
    let mut value = content.join("\n");
    match chomp {
        "-" => {}
        "" => value.push('\n'),
        "+" => value.push_str(&"\n".repeat(kept)),
        other => panic!("unexpected header {other:?}"),
    }
    value.replace("\\n", "\n")
}

/// Decodes, by hand, the double-quoted line that "Rewrite description as
/// one line" writes (escapes `\\`, `\"`, `\n`, `\t`, `\uXXXX`), then Claude
/// Code's `\n` un-escape.
fn decode_written_line(new_text: &str) -> String {
    let inner = new_text
        .trim_end_matches(['\r', '\n'])
        .strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .expect("a double-quoted line");
    let mut out = String::new();
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next().expect("an escape") {
            'n' => out.push('\n'),
            't' => out.push('\t'),
            '"' => out.push('"'),
            '\\' => out.push('\\'),
            'u' => {
                let hex: String = chars.by_ref().take(4).collect();
                let code = u32::from_str_radix(&hex, 16).expect("hex");
                out.push(char::from_u32(code).expect("a char"));
            }
            other => panic!("unexpected escape \\{other}"),
        }
    }
    out.replace("\\n", "\n")
}

/// "Rewrite description as a block scalar" and back, on every example
/// fixture, corpus agent and seed: the description Claude Code loads stays
/// identical, and the rest of the file is untouched. What each rewrite
/// writes is decoded by hand (not by agentls's YAML layer) and compared
/// with the original description: for the fixtures, the one another YAML
/// parser read.
#[test]
fn block_scalar_rewrite_round_trips() {
    use agentls::analysis::rewrite;
    let expected = expected_descriptions();
    let mut files: Vec<(std::path::PathBuf, String)> = example_fixtures()
        .into_iter()
        .map(|(_, p, t)| (p, t))
        .collect();
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
            files.push((path, text));
        }
    }
    let (mut to_block, mut to_line, mut offered_block) = (0, 0, 0);
    for (path, text) in files {
        let Some(original) = examples::description(&text) else {
            continue;
        };
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let want = match expected.get(&name).and_then(|v| v.as_str()) {
            Some(e) if path.parent().is_some_and(|p| p.ends_with("examples")) => e.to_owned(),
            _ => original.text.clone(),
        };
        let eol = if text.contains("\r\n") { "\r\n" } else { "\n" };
        // Offered only for a value with a line break; written for any.
        let offered = rewrite::to_block(&text);
        let has_break = original.text.trim_end_matches('\n').contains('\n');
        assert_eq!(
            offered.is_some(),
            has_break && rewrite::block_scalar(&text).is_some()
        );
        offered_block += usize::from(offered.is_some());
        let block = match rewrite::block_scalar(&text) {
            Some(edit) => {
                assert_eq!(
                    decode_written_block(&edit.new_text, eol),
                    want,
                    "{}",
                    path.display()
                );
                let block = apply(&text, &edit);
                let as_block = examples::description(&block).expect("still a description");
                assert_eq!(as_block.text, want, "{}", path.display());
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
                to_block += 1;
                block
            }
            None if matches!(original.style, Style::Literal | Style::Folded) => text.clone(),
            None => continue,
        };
        let edit = rewrite::to_line(&block).expect("back to one line");
        assert_eq!(
            decode_written_line(&edit.new_text),
            want,
            "{}",
            path.display()
        );
        let back = apply(&block, &edit);
        assert_eq!(
            examples::description(&back).map(|d| d.text),
            Some(want.clone()),
            "{}",
            path.display()
        );
        to_line += 1;
    }
    assert!(
        to_block >= 330 && to_line >= to_block && offered_block >= 7,
        "{to_block} {to_line} {offered_block}"
    );
}
