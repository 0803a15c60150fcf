//! Frontmatter as Claude Code reads it: located by its regex, parsed as YAML,
//! rescued by its quoting retry, with byte spans into the whole file.

pub(crate) mod incremental;
pub mod locate;
pub mod object;
pub mod retry;
pub mod tolerant;
pub mod yaml;

use std::ops::Range;

pub use locate::{Locate, Located, locate};
pub use yaml::{Node, NodeKind, ScalarValue, Style, SyntaxError};

/// How the YAML between the fences fared.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Valid YAML.
    Valid,
    /// Invalid YAML that Claude Code's retry rescues.
    Rescued {
        /// The strict parser's error (offsets in the whole file).
        strict_error: SyntaxError,
        /// The values the retry quoted (byte ranges in the whole file).
        quoted: Vec<Range<usize>>,
        /// For each quoted value, how strict YAML reads its line alone.
        alone: Vec<Alone>,
    },
    /// Invalid even after the retry: Claude Code reads no field of the file.
    Failed {
        /// The final error (offsets in the whole file).
        error: SyntaxError,
        /// Whether the retry would have rescued the file with LF line ends.
        crlf_is_the_cause: bool,
    },
}

/// How strict YAML reads the line of a value that Claude Code's retry
/// quoted, alone: whether the value's meaning depends on the retry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Alone {
    /// As the same text: the retry changes nothing.
    Same,
    /// As other text (`C# code #tag` loses `#tag`).
    Other,
    /// Not at all: the line alone is not valid YAML.
    Invalid,
}

/// A parsed frontmatter block.
#[derive(Debug, Clone, PartialEq)]
pub struct Frontmatter {
    /// Where it is.
    pub located: Located,
    /// How parsing went.
    pub outcome: Outcome,
    /// The root node, spans in whole-file bytes (`None` when parsing failed
    /// or the block is empty).
    pub root: Option<Node>,
    /// How many YAML documents the block holds (Claude Code wants exactly one mapping).
    pub documents: usize,
}

impl Frontmatter {
    /// The top-level mapping entries Claude Code sees (empty when the block
    /// is not a mapping or did not parse).
    #[must_use]
    pub fn entries(&self) -> &[yaml::Entry] {
        match (&self.root, self.documents) {
            (Some(root), 0 | 1) => root.entries().unwrap_or(&[]),
            _ => &[],
        }
    }

    /// The value of a top-level key as Claude Code reads it: the last one,
    /// if repeated; from a merge key (`<<: *base`) when not written out; an
    /// alias resolved to its anchored node.
    #[must_use]
    pub fn get(&self, key: &str) -> Option<&Node> {
        let own = self
            .entries()
            .iter()
            .rev()
            .find(|e| e.key.as_str() == Some(key))
            .map(|e| &e.value);
        match own {
            Some(node) if !matches!(node.kind, NodeKind::Alias(_)) => Some(node),
            Some(node) => Some(self.view().resolve(node)),
            None if self.has_merge() => {
                let root = self.root.as_ref()?;
                self.view().get(root, key)
            }
            None => None,
        }
    }

    /// Whether the top-level mapping has a merge (`<<: *base`).
    #[must_use]
    pub fn has_merge(&self) -> bool {
        let view = self.view();
        self.entries().iter().any(|e| view.is_merge(e))
    }

    /// The top-level properties that come only from merge keys, not written
    /// in the mapping itself (empty without a merge key).
    #[must_use]
    pub fn merged(&self) -> Vec<object::Property<'_>> {
        match &self.root {
            Some(root) if self.has_merge() => self
                .view()
                .entries(root)
                .into_iter()
                .filter(|p| p.merged)
                .collect(),
            _ => Vec::new(),
        }
    }

    /// A JavaScript view of the tree (aliases and merges resolved).
    #[must_use]
    pub fn view(&self) -> object::View<'_> {
        object::View::new(self.root.as_ref())
    }
}

/// `offset` clamped to `text` and moved back to the start of the character
/// it falls in.
pub(crate) fn floor_char_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

fn shift(err: SyntaxError, by: usize) -> SyntaxError {
    SyntaxError {
        offset: err.offset + by,
        ..err
    }
}

/// What [`read_yaml`] reads: the document, and for one that only the retry
/// rescued, the strict error and the ranges of the values it quoted.
pub(crate) type ReadYaml = (yaml::Document, Option<(SyntaxError, Vec<Range<usize>>)>);

/// `source` (which starts at byte `base` of the file) read as Claude Code
/// reads YAML: strictly, then, if that fails, through its quoting retry.
/// Spans are in file bytes. `Ok` holds the document and, when the retry
/// rescued it, the strict error and the byte ranges of the values the retry
/// quoted; `Err` the strict error and, when the retry ran and failed too,
/// its error (mapped back to the file).
pub(crate) fn read_yaml(
    source: &str,
    base: usize,
) -> Result<ReadYaml, (SyntaxError, Option<SyntaxError>)> {
    let strict = match yaml::parse(source) {
        Ok(mut doc) => {
            if let Some(root) = &mut doc.root {
                root.map_spans(&|o| o + base);
            }
            return Ok((doc, None));
        }
        Err(strict) => strict,
    };
    let rewrite = retry::rewrite(source);
    if !rewrite.changed {
        return Err((shift(strict, base), None));
    }
    match yaml::parse(&rewrite.text) {
        Ok(mut doc) => {
            if let Some(root) = &mut doc.root {
                root.map_spans(&|o| rewrite.to_original(o) + base);
            }
            let quoted = rewrite
                .quoted
                .iter()
                .map(|r| r.start + base..r.end + base)
                .collect();
            Ok((doc, Some((shift(strict, base), quoted))))
        }
        Err(err) => Err((
            shift(strict, base),
            Some(SyntaxError {
                offset: rewrite.to_original(err.offset) + base,
                message: err.message,
            }),
        )),
    }
}

/// The last frontmatter parsed on this thread, with what it was parsed
/// from: one check reads a file's frontmatter in several places (its rules,
/// the line the model is shown, the names the workspace index keeps), and a
/// keystroke outside the frontmatter leaves it as it was.
struct LastParse {
    located: Located,
    content: String,
    parsed: Frontmatter,
}

/// Frontmatter blocks larger than this are not kept by [`parse`]'s cache
/// (copying them would cost more than it saves on the rare repeat).
const CACHED_CONTENT_MAX: usize = 256 * 1024;

thread_local! {
    static LAST_PARSE: std::cell::RefCell<Option<LastParse>> = const { std::cell::RefCell::new(None) };
}

/// Parses the frontmatter that `located` found in `text`.
///
/// The result depends only on `located` and the text it spans; the last
/// result on each thread is kept and handed out again for the same block.
#[must_use]
pub fn parse(text: &str, located: &Located) -> Frontmatter {
    let content = &text[located.content.clone()];
    if content.len() > CACHED_CONTENT_MAX {
        return parse_uncached(text, located);
    }
    let hit = LAST_PARSE.with(|last| {
        last.borrow()
            .as_ref()
            .filter(|l| l.located == *located && l.content == content)
            .map(|l| l.parsed.clone())
    });
    if let Some(parsed) = hit {
        return parsed;
    }
    let patched = LAST_PARSE.with(|last| {
        last.borrow()
            .as_ref()
            .and_then(|l| incremental::patch(&l.parsed, &l.content, text, located))
    });
    let parsed = patched.unwrap_or_else(|| parse_uncached(text, located));
    LAST_PARSE.with(|last| {
        *last.borrow_mut() = Some(LastParse {
            located: located.clone(),
            content: content.to_owned(),
            parsed: parsed.clone(),
        });
    });
    parsed
}

/// What strict YAML makes of `content` (a frontmatter block's text), when
/// the last frontmatter [`parse`] on this thread read that same block and
/// can tell without parsing again: for a valid block, its document; for one
/// that only the retry rescued, the strict error. Spans and offsets are in
/// `content`, as [`yaml::parse`] gives them.
#[must_use]
pub fn strict_reading(content: &str) -> Option<Result<yaml::Document, SyntaxError>> {
    LAST_PARSE.with(|last| {
        let last = last.borrow();
        let l = last.as_ref().filter(|l| l.content == content)?;
        let base = l.located.content.start;
        match &l.parsed.outcome {
            Outcome::Valid => {
                let mut root = l.parsed.root.clone();
                if let Some(r) = &mut root {
                    r.map_spans(&|o| o - base);
                }
                Some(Ok(yaml::Document {
                    root,
                    documents: l.parsed.documents,
                }))
            }
            Outcome::Rescued { strict_error, .. } => Some(Err(SyntaxError {
                offset: strict_error.offset - base,
                message: strict_error.message.clone(),
            })),
            Outcome::Failed { .. } => None,
        }
    })
}

/// [`parse`] without its cache.
#[must_use]
pub fn parse_uncached(text: &str, located: &Located) -> Frontmatter {
    let base = located.content.start;
    let content = &text[located.content.clone()];
    let (outcome, doc) = match read_yaml(content, base) {
        Ok((doc, None)) => (Outcome::Valid, Some(doc)),
        Ok((doc, Some((strict_error, quoted)))) => {
            let alone = quoted.iter().map(|r| read_alone(text, r)).collect();
            (
                Outcome::Rescued {
                    strict_error,
                    quoted,
                    alone,
                },
                Some(doc),
            )
        }
        Err((strict, retried)) => {
            let crlf_is_the_cause = content.contains("\r\n") && {
                let lf = retry::rewrite(&content.replace("\r\n", "\n"));
                lf.changed && yaml::parse(&lf.text).is_ok()
            };
            let error = retried.unwrap_or(strict);
            let error = SyntaxError {
                // The map back through the retry's quoting can land
                // inside a character: report at its start.
                offset: floor_char_boundary(text, error.offset),
                message: error.message,
            };
            (
                Outcome::Failed {
                    error,
                    crlf_is_the_cause,
                },
                None,
            )
        }
    };
    let (root, documents) = doc.map_or((None, 0), |d| (d.root, d.documents));
    Frontmatter {
        located: located.clone(),
        outcome,
        root,
        documents,
    }
}

/// How strict YAML reads the line of the value at `range` (one the retry
/// quoted), alone.
fn read_alone(text: &str, range: &Range<usize>) -> Alone {
    let start = text[..range.start].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let Ok(doc) = yaml::parse(&text[start..range.end]) else {
        return Alone::Invalid;
    };
    let strict = doc.root.as_ref().and_then(|r| {
        r.entries()
            .and_then(|e| e.first())
            .and_then(|e| e.value.as_str())
            .map(str::to_owned)
    });
    if strict.as_deref() == Some(text[range.clone()].trim_end()) {
        Alone::Same
    } else {
        Alone::Other
    }
}

/// Un-escapes a description the way Claude Code does: every literal `\n`
/// (backslash, `n`) becomes a newline.
#[must_use]
pub fn unescape_description(text: &str) -> String {
    // `text.replace("\\n", "\n")`, with a vectorised search: this runs on
    // every keystroke (the roster line), over descriptions of kilobytes.
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for at in memchr::memmem::find_iter(text.as_bytes(), b"\\n") {
        out.push_str(&text[last..at]);
        out.push('\n');
        last = at + 2;
    }
    out.push_str(&text[last..]);
    out
}

/// `value` as a YAML double-quoted scalar: in quotes, with a backslash
/// before each `\` and `"` (what every fix that quotes a value writes).
#[must_use]
pub fn double_quoted(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 8);
    out.push('"');
    push_escaped(&mut out, value);
    out.push('"');
    out
}

/// `value` escaped for the inside of a YAML double-quoted scalar: a
/// backslash before each `\` and `"`.
#[must_use]
pub fn escape_double_quoted(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 8);
    push_escaped(&mut out, value);
    out
}

/// Appends [`escape_double_quoted`]`(value)` to `out`.
fn push_escaped(out: &mut String, value: &str) {
    let mut last = 0;
    for at in memchr::memchr2_iter(b'\\', b'"', value.as_bytes()) {
        out.push_str(&value[last..at]);
        out.push('\\');
        last = at;
    }
    out.push_str(&value[last..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fm(text: &str) -> Frontmatter {
        match locate(text) {
            Locate::Found(l) => parse(text, &l),
            other => panic!("no frontmatter: {other:?}"),
        }
    }

    #[test]
    fn the_cache_hands_out_what_a_fresh_parse_gives() {
        // The same block again, another block, the same content found at
        // another place (after a BOM), a block that fails and one the retry
        // rescues: each cached answer equals an uncached parse.
        let texts = [
            "---\nname: a\ndescription: Use it: now\n---\nBody\n",
            "---\nname: a\ndescription: Use it: now\n---\nOther body\n",
            "\u{feff}---\nname: a\ndescription: Use it: now\n---\nBody\n",
            "---\nname: [a\n---\n",
            "---\nname: a\ndescription: Use it: now\n---\nBody\n",
            "---\nname: b\n---\n",
        ];
        for text in texts.iter().chain(texts.iter().rev()) {
            let Locate::Found(l) = locate(text) else {
                panic!("no frontmatter in {text:?}");
            };
            assert_eq!(parse(text, &l), parse_uncached(text, &l), "{text:?}");
            assert_eq!(parse(text, &l), parse_uncached(text, &l), "{text:?}");
        }
    }

    #[test]
    fn the_strict_reading_of_the_last_block_is_a_strict_parse() {
        for text in [
            "---\nname: a\ndescription: b c\n---\nBody\n",
            "\u{feff}---\nname: a\ndescription: Use it: now\n---\nBody\n",
            "---\nname: [a\n---\n",
            "---\n---\n",
        ] {
            let Locate::Found(l) = locate(text) else {
                panic!("no frontmatter in {text:?}");
            };
            let content = &text[l.content.clone()];
            let _ = parse(text, &l);
            if let Some(reading) = strict_reading(content) {
                assert_eq!(reading, yaml::parse_uncached(content), "{text:?}");
            } else {
                assert!(matches!(parse(text, &l).outcome, Outcome::Failed { .. }));
            }
            assert_eq!(strict_reading("name: other\n"), None);
        }
    }

    #[test]
    fn valid() {
        let t = "---\nname: a\ndescription: b\n---\nBody";
        let f = fm(t);
        assert_eq!(f.outcome, Outcome::Valid);
        let name = f.get("name").expect("name");
        assert_eq!(&t[name.span.clone()], "a");
    }

    #[test]
    fn rescued_keeps_source_spans() {
        let t = "---\nname: a\ndescription: Use: this\\nnow\nmodel: sonnet\n---\nBody";
        let f = fm(t);
        assert!(
            matches!(f.outcome, Outcome::Rescued { .. }),
            "{:?}",
            f.outcome
        );
        let d = f.get("description").expect("description");
        assert_eq!(&t[d.span.clone()], "Use: this\\nnow");
        assert_eq!(d.as_str(), Some("Use: this\\nnow"));
        let m = f.get("model").expect("model");
        assert_eq!(&t[m.span.clone()], "sonnet");
    }

    #[test]
    fn crlf_fails_and_says_why() {
        let t = "---\r\nname: a\r\ndescription: My [ref: 1]\r\n---\r\nBody";
        let f = fm(t);
        match f.outcome {
            Outcome::Failed {
                crlf_is_the_cause,
                error,
            } => {
                assert!(crlf_is_the_cause);
                assert!(error.offset > 4);
            }
            other => panic!("{other:?}"),
        }
    }

    /// The quoting helpers write what chained `replace` calls wrote.
    #[test]
    fn quoting_and_unescaping_match_replace() {
        for v in [
            "",
            "a",
            "\\",
            "\"",
            "a\\b\"c",
            "\\\"\\\"",
            "x\\ny\\\\nz\\",
            "😀\"漢\\",
            "\\n\\n",
            "n\\",
        ] {
            let escaped = v.replace('\\', "\\\\").replace('"', "\\\"");
            assert_eq!(escape_double_quoted(v), escaped, "{v:?}");
            assert_eq!(double_quoted(v), format!("\"{escaped}\""), "{v:?}");
            assert_eq!(unescape_description(v), v.replace("\\n", "\n"), "{v:?}");
        }
    }
}
