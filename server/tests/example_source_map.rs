//! The description's source map is exact, in every scalar style: generated
//! descriptions mix blank lines, escapes, folded lines, escaped line breaks,
//! Claude Code's `\n` and CRLF line ends; every part of every example (and
//! random stretches of the text) maps to a source range that, sliced from
//! the file and decoded on its own by the YAML parser, gives back its text.

use agentls::analysis::examples;
use agentls::frontmatter::{Style, unescape_description, yaml};
use proptest::prelude::*;

/// The words a description is made of (as Claude Code loads it).
const WORDS: &[&str] = &[
    "Use",
    "this",
    "agent",
    "when",
    "café",
    "😀",
    "漢字",
    "x",
    "a.b",
    "it's",
    "50%",
    "q\"uote",
    "C:\\x",
    "tab\there",
    "λ",
    "—",
];
/// Example structure, left out of plain scalars (a `: ` is not plain).
const LABELS: &[&str] = &["Context:", "user:", "assistant:"];
const TAGS: &[&str] = &["<example>", "</example>", "<commentary>", "</commentary>"];
const SEPARATORS: &[&str] = &[" ", " ", " ", "\n", "\n\n", "  "];

/// How the description is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Written {
    Double,
    Single,
    Plain,
    /// One plain line with `: `, rescued by Claude Code's quoting retry.
    Rescued,
    Literal,
    Folded,
}

const ALL: [Written; 6] = [
    Written::Double,
    Written::Single,
    Written::Plain,
    Written::Rescued,
    Written::Literal,
    Written::Folded,
];

/// A stream of random choices.
struct Dice<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Dice<'_> {
    fn roll(&mut self, sides: usize) -> usize {
        let b = self.bytes[self.at % self.bytes.len()];
        self.at += 1;
        usize::from(b) % sides
    }
}

/// The text Claude Code should load, built from tokens.
fn logical(tokens: &[(usize, usize)], written: Written) -> String {
    let mut vocabulary: Vec<&str> = WORDS.to_vec();
    vocabulary.extend(TAGS);
    if !matches!(written, Written::Plain) {
        vocabulary.extend(LABELS);
    }
    let mut out = String::from("Use");
    for (t, s) in tokens {
        let mut sep = SEPARATORS[s % SEPARATORS.len()];
        if written == Written::Rescued {
            sep = " ";
        }
        out.push_str(sep);
        out.push_str(vocabulary[t % vocabulary.len()]);
    }
    if written == Written::Rescued {
        out.push_str(" Context: done");
    }
    if written == Written::Plain {
        // `: ` and ` #` would end a plain scalar.
        out = out.replace(": ", ":x");
    }
    out
}

fn indent(dice: &mut Dice<'_>) -> String {
    let mut s = " ".repeat(1 + dice.roll(3));
    if dice.roll(4) == 0 {
        s.push('\t');
    }
    s
}

/// Writes `text` as a flow scalar (`"…"`, `'…'` or plain), with random
/// escapes and folds that keep its value.
fn write_flow(text: &str, written: Written, eol: &str, dice: &mut Dice<'_>) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::new();
    // Whether the last source char is a raw blank (a fold would strip it).
    let mut raw_blank = false;
    let double = written == Written::Double;
    for (i, &c) in chars.iter().enumerate() {
        let next_solid = chars.get(i + 1).is_some_and(|n| !matches!(n, ' ' | '\t'));
        let can_fold = i > 0 && !raw_blank && next_solid && written != Written::Rescued;
        // An escaped line break produces nothing.
        if double && i > 0 && !matches!(c, ' ' | '\t' | '\n') && dice.roll(12) == 0 {
            out.push('\\');
            out.push_str(eol);
            out.push_str(&indent(dice));
        }
        let piece: String = match c {
            '\n' => match (double, dice.roll(6)) {
                (_, 0 | 1) if can_fold => format!("{eol}{eol}{}", indent(dice)),
                (true, 2) if next_solid => format!("\\{eol}{eol}{}", indent(dice)),
                (true, 3) => "\\n".to_owned(),
                (true, 4) => "\\u000a".to_owned(),
                (true, _) => "\\\\n".to_owned(),
                (false, _) => "\\n".to_owned(),
            },
            ' ' => match (double, dice.roll(5)) {
                (_, 0) if can_fold => format!("{eol}{}", indent(dice)),
                (true, 1) => "\\x20".to_owned(),
                (true, 2) => "\\ ".to_owned(),
                _ => " ".to_owned(),
            },
            '\t' if double => ["\\t", "\\\t", "\t"][dice.roll(3)].to_owned(),
            '"' if double => ["\\\"", "\\x22"][dice.roll(2)].to_owned(),
            '\\' if double => ["\\\\", "\\x5c"][dice.roll(2)].to_owned(),
            '/' if double && dice.roll(2) == 0 => "\\/".to_owned(),
            '\'' if written == Written::Single => "''".to_owned(),
            c if double && !c.is_ascii() && dice.roll(2) == 0 => {
                if u32::from(c) > 0xffff || dice.roll(2) == 0 {
                    format!("\\U{:08x}", u32::from(c))
                } else {
                    format!("\\u{:04X}", u32::from(c))
                }
            }
            c => c.to_string(),
        };
        raw_blank =
            piece.ends_with([' ', '\t']) && !piece.ends_with("\\ ") && !piece.ends_with("\\\t");
        out.push_str(&piece);
    }
    match written {
        Written::Double => format!("\"{out}\""),
        Written::Single => format!("'{out}'"),
        _ => out,
    }
}

/// Writes `text` as a block scalar indented by `n`, with random folds
/// (for `>`) and Claude Code `\n`s that keep its value.
fn write_block(text: &str, folded: bool, n: usize, eol: &str, dice: &mut Dice<'_>) -> String {
    // Some line feeds become Claude Code's `\n`: then they are text.
    let mut with_escapes = String::new();
    for c in text.chars() {
        if c == '\n' && dice.roll(3) == 0 {
            with_escapes.push_str("\\n");
        } else {
            with_escapes.push(c);
        }
    }
    let segments: Vec<&str> = with_escapes.split('\n').collect();
    let pad = " ".repeat(n);
    let kind = |s: &str| !s.is_empty() && !s.starts_with([' ', '\t']);
    let mut lines: Vec<String> = Vec::new();
    let mut prev: Option<usize> = None;
    for (i, seg) in segments.iter().enumerate() {
        if seg.is_empty() {
            continue;
        }
        let empties = match prev {
            None => i,
            Some(p) if folded && kind(segments[p]) && kind(seg) => i - p,
            Some(p) => i - p - 1,
        };
        for _ in 0..empties {
            // An empty line may hold up to `n` spaces.
            lines.push(" ".repeat(dice.roll(n + 1)));
        }
        // In a folded block, single spaces of a text line may fold.
        let mut line = pad.clone();
        let cs: Vec<char> = seg.chars().collect();
        for (k, &c) in cs.iter().enumerate() {
            let solid = |x: Option<&char>| x.is_some_and(|x| !matches!(x, ' ' | '\t'));
            if folded
                && kind(seg)
                && c == ' '
                && k > 0
                && solid(cs.get(k - 1))
                && solid(cs.get(k + 1))
                && dice.roll(3) == 0
            {
                lines.push(std::mem::take(&mut line));
                line = pad.clone();
                continue;
            }
            line.push(c);
        }
        lines.push(line);
        prev = Some(i);
    }
    let last = prev.unwrap_or(0);
    let trailing = segments.len() - 1 - last;
    let chomp = match trailing {
        0 => "-",
        1 => "",
        _ => "+",
    };
    for _ in 1..trailing {
        lines.push(String::new());
    }
    let first_spaced = segments
        .iter()
        .find(|s| !s.is_empty())
        .is_some_and(|s| s.starts_with([' ', '\t']));
    let explicit = first_spaced || dice.roll(2) == 0;
    let indicator = if explicit {
        n.to_string()
    } else {
        String::new()
    };
    let header = format!("{}{indicator}{chomp}", if folded { '>' } else { '|' });
    format!("{header}{eol}{}", lines.join(eol))
}

/// Decodes `slice` (a stretch of the description's source) on its own.
fn decode(
    file: &str,
    slice_at: usize,
    slice: &str,
    written: Written,
    n: usize,
    eol: &str,
) -> String {
    let value = |doc: &str| -> String {
        let parsed =
            yaml::parse(doc).unwrap_or_else(|e| panic!("{doc:?}: {e:?}, slice of {file:?}"));
        let root = parsed.root.expect("a root");
        let node = root.get("k").cloned().unwrap_or(root);
        node.scalar().expect("a scalar").text.to_string()
    };
    let yaml_level = match written {
        Written::Double => value(&format!("k: \"{slice}\"")),
        Written::Single => value(&format!("k: '{slice}'")),
        // Around the slice, so that it neither starts with an indicator
        // nor ends with a `:`.
        Written::Plain => value(&format!("k: x {slice}x"))
            .strip_prefix("x ")
            .and_then(|v| v.strip_suffix('x'))
            .expect("the prefix and suffix")
            .to_owned(),
        Written::Rescued => slice.to_owned(),
        Written::Literal | Written::Folded => {
            // The slice's first line from the block's indentation on, so
            // the line keeps its kind (text or more indented).
            let line_start = file[..slice_at].rfind('\n').map_or(0, |i| i + 1);
            let prefix = &file[line_start + n..slice_at];
            let header = if written == Written::Folded { '>' } else { '|' };
            let doc = format!("k: {header}{n}-{eol}{}{prefix}{slice}{eol}", " ".repeat(n));
            value(&doc)
                .strip_prefix(prefix)
                .expect("the prefix")
                .to_owned()
        }
    };
    unescape_description(&yaml_level)
}

fn check(written: Written, crlf: bool, n: usize, tokens: &[(usize, usize)], choices: &[u8]) {
    let eol = if crlf && written != Written::Rescued {
        "\r\n"
    } else {
        "\n"
    };
    let mut dice = Dice {
        bytes: choices,
        at: 0,
    };
    let want = logical(tokens, written);
    let value = match written {
        Written::Literal => write_block(&want, false, n, eol, &mut dice),
        Written::Folded => write_block(&want, true, n, eol, &mut dice),
        _ => write_flow(&want, written, eol, &mut dice),
    };
    let file =
        format!("---{eol}name: a{eol}description: {value}{eol}model: sonnet{eol}---{eol}Body{eol}");
    let d = examples::description(&file).unwrap_or_else(|| panic!("no description in {file:?}"));
    assert_eq!(d.text, want, "{file:?}");
    assert!(d.is_exact(), "{file:?}");
    if written == Written::Rescued {
        assert_eq!(d.style, Style::Plain);
    }
    let ex = examples::parse(d.clone());
    let mut ranges: Vec<std::ops::Range<usize>> = ex.summary.clone();
    for e in &ex.examples {
        ranges.push(e.loaded.clone());
        ranges.extend(e.parts.iter().map(|p| e.part_loaded(p)));
    }
    // Random stretches that start and end on a char that is not a blank.
    let solid: Vec<(usize, char)> = d
        .text
        .char_indices()
        .filter(|(_, c)| !c.is_whitespace())
        .collect();
    for _ in 0..12 {
        let a = solid[dice.roll(solid.len())];
        let b = solid[dice.roll(solid.len())];
        let (a, b) = if a.0 <= b.0 { (a, b) } else { (b, a) };
        ranges.push(a.0..b.0 + b.1.len_utf8());
    }
    for r in ranges {
        let src = d.source(&r);
        let slice = &file[src.clone()];
        let got = decode(&file, src.start, slice, written, n, eol);
        assert_eq!(got, &d.text[r.clone()], "{r:?} from {slice:?} in {file:?}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 600,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn every_part_maps_to_its_exact_source(
        style in 0..ALL.len(),
        crlf in any::<bool>(),
        n in 1usize..=4,
        tokens in prop::collection::vec((0usize..64, 0usize..64), 1..40),
        choices in prop::collection::vec(any::<u8>(), 64..256),
    ) {
        check(ALL[style], crlf, n, &tokens, &choices);
    }
}

/// The shapes the audit found out of sync: a blank-line fold followed by a
/// `\n` escape, in each style.
#[test]
fn blank_line_fold_then_escape() {
    let cases = [
        "\"Use it.\n\n  \\n<example>\\nuser: \\\"hi\\\"\\nassistant: ok\\n</example>\\n<example>\\nuser: \\\"again\\\"\\nassistant: ok\\n</example>\"",
        "'Use it.\n\n  \\n<example>\\nuser: \"hi\"\\nassistant: ok\\n</example>'",
        "Use it.\n\n  \\n<example>\\nuser:x\\n</example>",
        ">\n  Use it.\n\n  \\n<example>\\nuser: \"hi\"\\nassistant: ok\\n</example>",
    ];
    for value in cases {
        let file = format!("---\nname: a\ndescription: {value}\n---\nB\n");
        let d = examples::description(&file).expect("a description");
        assert!(d.is_exact(), "{file:?}");
        let ex = examples::parse(d);
        let last = ex.examples.last().expect("an example");
        let src = ex.description.source(&last.loaded);
        assert!(file[src].starts_with("<example>"), "{file:?}");
        for p in last.parts.iter() {
            let src = ex.description.source(&last.part_loaded(p));
            let label = if p.kind == examples::PartKind::User {
                "user:"
            } else {
                "assistant:"
            };
            assert!(file[src].starts_with(label), "{file:?}");
        }
    }
}

/// Block scalars the fuzzer found the decoder reading differently from the
/// YAML parser: empty, a first line of text that starts with a tab, lone
/// CR line breaks, a frontmatter that ends inside the block, a header with
/// no text after it before the next key.
#[test]
fn odd_blocks_are_exact() {
    for (value, want) in [
        ("|\n  \n", ""),
        ("|\n\n", ""),
        ("|+\n\n", "\n"),
        ("|\n  \t\n   -\n", "\t\n -\n"),
        ("|\n  \r\r\n  \n  w#\n", "\n\n\nw#\n"),
        ("|\n  a\r  b\n", "a\nb\n"),
    ] {
        let file = format!("---\nname: a\ndescription: {value}model: x\n---\nB\n");
        let d = examples::description(&file).unwrap_or_else(|| panic!("{file:?}"));
        assert_eq!(d.text, want, "{file:?}");
        assert!(d.is_exact(), "{file:?}");
    }
    // `---` in a line ends the frontmatter: the block's last line has no
    // line break, and the parser still reads one.
    let file = "---\nname: a\ndescription: |\n  Z---\n---\nB\n";
    let d = examples::description(file).expect("a description");
    assert_eq!(d.text, "Z\n");
    assert!(d.is_exact());
}
