//! Reading a frontmatter again after a keystroke inside one value.
//!
//! A keystroke in a description changes one scalar, and reading the block
//! again (strictly, then through Claude Code's retry, then each quoted line
//! alone) costs far more than the check itself. When the edit is *inert*
//! (letters, digits and spaces, between letters, digits and spaces, inside a
//! one-line scalar that is a top-level value written plainly after its key),
//! every YAML reading of the block sees the same tokens with one longer or
//! shorter, so the last result with its spans moved and that scalar's text
//! patched is what a fresh reading gives. A property test checks this
//! against [`super::parse_uncached`] over random edits of real files.

use std::ops::Range;

use super::{Frontmatter, Located, Outcome, yaml};

/// The bytes that an inert edit may insert, remove or touch.
pub(crate) fn inert(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b' '
}

/// The edit that turns `old` into `new`: where it starts, and where the
/// differing middle ends in each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Splice {
    /// Where the two differ first.
    pub at: usize,
    /// The end of the differing middle in the old bytes.
    pub old_end: usize,
    /// The end of the differing middle in the new bytes.
    pub new_end: usize,
}

impl Splice {
    /// Whether the edit is inert: it and the byte on either side of it, in
    /// both texts, are letters, digits and spaces (none at either end).
    pub(crate) fn is_inert(&self, old: &[u8], new: &[u8]) -> bool {
        self.at > 0
            && self.old_end < old.len()
            && self.new_end < new.len()
            && old[self.at - 1..=self.old_end].iter().all(|b| inert(*b))
            && new[self.at - 1..=self.new_end].iter().all(|b| inert(*b))
    }
}

/// `old` with the bytes at `range` replaced by `inserted`, as a new string;
/// `None` when `range` does not fall on characters of `old`.
pub(crate) fn spliced(old: &str, range: Range<usize>, inserted: &str) -> Option<String> {
    let (before, after) = (old.get(..range.start)?, old.get(range.end..)?);
    let mut text = String::with_capacity(before.len() + inserted.len() + after.len());
    text.push_str(before);
    text.push_str(inserted);
    text.push_str(after);
    Some(text)
}

/// The edit that turns `old` into `new`.
pub(crate) fn splice(old: &[u8], new: &[u8]) -> Splice {
    // In blocks first: a description is kilobytes, the edit a few bytes.
    const BLOCK: usize = 64;
    let mut at = old
        .chunks_exact(BLOCK)
        .zip(new.chunks_exact(BLOCK))
        .take_while(|(a, b)| a == b)
        .count()
        * BLOCK;
    at += old[at..]
        .iter()
        .zip(&new[at..])
        .take_while(|(a, b)| a == b)
        .count();
    let (a, b) = (&old[at..], &new[at..]);
    let room = a.len().min(b.len());
    let mut suffix = (a
        .rchunks_exact(BLOCK)
        .zip(b.rchunks_exact(BLOCK))
        .take_while(|(x, y)| x == y)
        .count()
        * BLOCK)
        .min(room);
    suffix += a[..a.len() - suffix]
        .iter()
        .rev()
        .zip(b[..b.len() - suffix].iter().rev())
        .take(room - suffix)
        .take_while(|(x, y)| x == y)
        .count();
    Splice {
        at,
        old_end: old.len() - suffix,
        new_end: new.len() - suffix,
    }
}

/// The length in bytes of the text that `body`, the inside of a one-line
/// double-quoted YAML scalar, decodes to; `None` for an escape that is not
/// a plain character (a surrogate, a bad one) or a trailing backslash.
fn decoded_len(body: &str) -> Option<usize> {
    let b = body.as_bytes();
    let mut len = b.len();
    // Where the last escape ended: a backslash before it was its second byte.
    let mut next = 0;
    // A vectorised search: the body can be tens of KiB with an escape every
    // few words, read on every keystroke.
    for at in memchr::memchr_iter(b'\\', b) {
        if at < next {
            continue;
        }
        let after = at + 1;
        let (produced, used) = match *b.get(after)? {
            b'x' => (hex_char(b.get(after + 1..after + 3)?)?, 3),
            b'u' => (hex_char(b.get(after + 1..after + 5)?)?, 5),
            b'U' => (hex_char(b.get(after + 1..after + 9)?)?, 9),
            b'N' => ('\u{85}', 1),
            b'_' => ('\u{a0}', 1),
            b'L' => ('\u{2028}', 1),
            b'P' => ('\u{2029}', 1),
            b'0' | b'a' | b'b' | b't' | b'\t' | b'n' | b'v' | b'f' | b'r' | b'e' | b' ' | b'"'
            | b'/' | b'\\' => ('x', 1),
            _ => return None,
        };
        // The escape's bytes (backslash included) become the character's.
        len = len - (1 + used) + produced.len_utf8();
        next = after + used;
    }
    Some(len)
}

/// The character of the hexadecimal digits `digits`.
fn hex_char(digits: &[u8]) -> Option<char> {
    if !digits.iter().all(u8::is_ascii_hexdigit) {
        return None;
    }
    let digits = std::str::from_utf8(digits).ok()?;
    char::from_u32(u32::from_str_radix(digits, 16).ok()?)
}

/// The frontmatter of `new` (found at `located`), from `old`'s (`last`, read
/// from the block `old_content`), when the two blocks differ by one inert
/// edit; `None` when a fresh reading is needed.
pub(super) fn patch(
    last: &Frontmatter,
    old_content: &str,
    new: &str,
    located: &Located,
) -> Option<Frontmatter> {
    let base = located.content.start;
    if last.located.content.start != base {
        return None;
    }
    let new_content = new.get(located.content.clone())?;
    let (o, n) = (old_content.as_bytes(), new_content.as_bytes());
    let s = splice(o, n);
    if !s.is_inert(o, n) {
        return None;
    }
    let root = last.root.as_ref()?;
    // A block mapping (a flow one, `{…}`, has keys of its own rules).
    if old_content
        .as_bytes()
        .get(root.span.start.checked_sub(base)?)
        == Some(&b'{')
    {
        return None;
    }
    let entries = root.entries()?;
    // The bytes that must lie inside the value, in the file.
    let touched = base + s.at - 1..base + s.old_end + 1;
    let index = entries
        .iter()
        .position(|e| e.value.span.start <= touched.start && touched.end <= e.value.span.end)?;
    let entry = &entries[index];
    let yaml::NodeKind::Scalar(scalar) = &entry.value.kind else {
        return None;
    };
    let value_span = entry.value.span.clone();
    let local = |r: &Range<usize>| Some(r.start.checked_sub(base)?..r.end.checked_sub(base)?);
    let source = old_content.get(local(&value_span)?)?;
    if memchr::memchr2(b'\n', b'\r', source.as_bytes()).is_some() {
        return None;
    }
    // Written plainly after its key on the same line: `key: value` and
    // nothing else between them (no anchor, tag or tab).
    let between = old_content.get(local(&entry.key.span)?.end..local(&value_span)?.start)?;
    if !between.starts_with(':') || !between[1..].bytes().all(|b| b == b' ') || between.len() < 2 {
        return None;
    }
    let rescued = match &last.outcome {
        Outcome::Valid => false,
        Outcome::Rescued { quoted, .. } => quoted.iter().any(|q| q.contains(&value_span.start)),
        Outcome::Failed { .. } => return None,
    };
    // Where the edit lands in the scalar's text: its source is the text
    // (plain, rescued, quoted without doubling), or, double-quoted, decodes
    // to it with escapes that the edit does not touch.
    let rel = base + s.at - value_span.start;
    let removed = &o[s.at..s.old_end];
    let k = if rescued {
        // The retry quoted the raw value, which strict YAML reads with its
        // indicators: only one that starts like text.
        if !source.bytes().next().is_some_and(inert) || &*scalar.text != source {
            return None;
        }
        rel
    } else {
        match scalar.style {
            yaml::Style::Plain if &*scalar.text == source => rel,
            yaml::Style::SingleQuoted
                if source.get(1..source.len().checked_sub(1)?)? == &*scalar.text =>
            {
                rel - 1
            }
            yaml::Style::DoubleQuoted => {
                let body = source.get(1..source.len().checked_sub(1)?)?;
                let rel = rel - 1;
                // The longest escape (`\UXXXXXXXX`) ends before the edit.
                if body.as_bytes()[rel.saturating_sub(9)..rel].contains(&b'\\') {
                    return None;
                }
                // What the escapes before the edit decode to, counted from
                // the nearer end: the body decodes to the whole text.
                let k = if rel <= body.len() / 2 {
                    decoded_len(&body[..rel])?
                } else {
                    scalar.text.len().checked_sub(decoded_len(&body[rel..])?)?
                };
                // The bytes on both sides of the edit are inert and no
                // escape reaches them: they are the text's around `k`.
                let (t, b) = (scalar.text.as_bytes(), body.as_bytes());
                if rel > 0 && (k == 0 || t.get(k - 1) != b.get(rel - 1)) {
                    return None;
                }
                if rel < b.len() && t.get(k) != b.get(rel) {
                    return None;
                }
                k
            }
            _ => return None,
        }
    };
    if scalar.text.as_bytes().get(k..k + removed.len()) != Some(removed) {
        return None;
    }
    let at = base + s.at;
    let old_end = base + s.old_end;
    // Offsets after the edit move by its change in length.
    let shift = |o: usize| {
        if o >= old_end {
            o - s.old_end + s.new_end
        } else {
            o
        }
    };
    let mut root = root.clone();
    root.map_spans(&shift);
    let mut outcome = last.outcome.clone();
    match &mut outcome {
        Outcome::Valid => {}
        Outcome::Rescued {
            strict_error,
            quoted,
            ..
        } => {
            // The strict reading stopped before the edit, or after it.
            let e = strict_error.offset;
            if e + 1 >= at && e <= old_end + 1 {
                return None;
            }
            strict_error.offset = shift(e);
            for q in quoted.iter_mut() {
                *q = shift(q.start)..shift(q.end);
            }
        }
        Outcome::Failed { .. } => return None,
    }
    let yaml::NodeKind::Map(entries) = &mut root.kind else {
        return None;
    };
    let yaml::NodeKind::Scalar(scalar) = &mut entries[index].value.kind else {
        return None;
    };
    let inserted = &new_content[s.at..s.new_end];
    scalar.text = spliced(&scalar.text, k..k + removed.len(), inserted)?.into();
    if scalar.style == yaml::Style::Plain && !rescued {
        scalar.value = yaml::plain_value(&scalar.text);
    }
    Some(Frontmatter {
        located: located.clone(),
        outcome,
        root: Some(root),
        documents: last.documents,
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::frontmatter::{Locate, locate, parse_uncached};

    /// The decoded length of a double-quoted body is the length of what
    /// the YAML parser loads from it.
    #[test]
    fn decoded_length_is_what_the_parser_loads() {
        let pieces = [
            "a",
            "\\n",
            "\\\\",
            "\\\"",
            "\\x41",
            "\\u00e9",
            "\\U0001F600",
            "é",
            "\\N",
            "\\ ",
            "\\t",
        ];
        let mut stack = vec![(String::new(), 0)];
        let mut checked = 0;
        while let Some((body, n)) = stack.pop() {
            let doc = format!("k: \"{body}\"\n");
            let loaded = crate::frontmatter::yaml::parse(&doc)
                .ok()
                .and_then(|d| d.root)
                .and_then(|root| match root.kind {
                    crate::frontmatter::yaml::NodeKind::Map(entries) => entries
                        .into_iter()
                        .next()
                        .and_then(|e| e.value.as_str().map(str::len)),
                    _ => None,
                });
            assert_eq!(decoded_len(&body), loaded, "{body:?}");
            checked += 1;
            if n < 4 {
                stack.extend(pieces.iter().map(|p| (format!("{body}{p}"), n + 1)));
            }
        }
        assert!(checked > 10_000, "{checked}");
        // A trailing backslash and an unknown escape are no plain text.
        assert_eq!(decoded_len("ab\\"), None);
        assert_eq!(decoded_len("a\\qb"), None);
    }

    /// Every Markdown file under `tests/fixtures`.
    pub(crate) fn fixture_texts() -> Vec<String> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures");
        let mut out: Vec<String> = walk(&root)
            .into_iter()
            .filter(|p| p.extension().is_some_and(|x| x == "md" || x == "mdc"))
            .filter_map(|p| std::fs::read_to_string(p).ok())
            .collect();
        out.sort();
        out
    }

    /// Files that exercise what the fixtures rarely hold: a line longer
    /// than YAML's 1,024-character limit on simple keys before its first
    /// `": "`, scalars that resolve to numbers and booleans, quoted values,
    /// a flow mapping, an anchor and an alias, a comment after a value.
    fn crafted() -> Vec<String> {
        let long = "word ".repeat(300);
        vec![
            format!("---\nname: a\ndescription: {long}Context: more\\nuser: hi\n---\nBody\n"),
            format!("---\nname: a\ndescription: {long}\nmodel: x\n---\nBody\n"),
            format!("---\nname: a{long}b: c\ndescription: d\n---\n"),
            "---\nname: a\nversion: 12\nflag: tru e\nn: 1 0\n---\n".to_owned(),
            "---\nname: \"a b c\"\nother: 'd e f'\nesc: \"a\\u00e9b c\"\n---\n".to_owned(),
            "---\ndescription: \"Use it\\nwhen \\x41sked\\U0001F600 to \\\"go\\\" \\N and \\\\nthen\"\nname: x\n---\n".to_owned(),
            "---\ndescription: \"bad \\uD83D escape here\"\n---\n".to_owned(),
            "---\n{name: ab cd, description: ef gh}\n---\n".to_owned(),
            "---\nname: &an ab cd\nother: *an\ndescription: x: y z\n---\n".to_owned(),
            "---\nname: ab cd # note this\ndescription: C# code #tag and more\n---\n".to_owned(),
            "---\nname: ab\ndescription: Use it: now and then\nbad: [a\ntools: x y\n---\n"
                .to_owned(),
            "---\nname: ab\ndescription: Use it: now and then\nlater: x: y\n---\n".to_owned(),
        ]
    }

    /// The edits tried at a place: insertions and deletions of inert text.
    const EDITS: &[(usize, &str)] = &[(0, "x"), (0, " "), (0, "a 1"), (1, ""), (2, "q"), (3, "")];

    #[test]
    fn a_patched_reading_equals_a_fresh_one() {
        let mut patched = 0;
        let mut tried = 0;
        let mut rescued = 0;
        let mut escaped = 0;
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let texts = fixture_texts().into_iter().map(|t| (t, false));
        for (text, every) in texts.chain(crafted().into_iter().map(|t| (t, true))) {
            let Locate::Found(old_located) = locate(&text) else {
                continue;
            };
            let old = parse_uncached(&text, &old_located);
            let content = &text[old_located.content.clone()];
            // The places inside the block between two inert bytes.
            let places: Vec<usize> = (1..content.len().saturating_sub(1))
                .filter(|&i| inert(content.as_bytes()[i - 1]) && inert(content.as_bytes()[i]))
                .collect();
            if places.is_empty() {
                continue;
            }
            // Six random places in a fixture, every third place in a crafted file.
            for k in 0..if every { places.len().div_ceil(3) } else { 6 } {
                seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                let pick = if every {
                    k * 3
                } else {
                    usize::try_from(seed >> 33).unwrap_or(0) % places.len()
                };
                let at = old_located.content.start + places[pick];
                for &(remove, insert) in EDITS {
                    let end = (at + remove).min(text.len());
                    if !text.is_char_boundary(end) {
                        continue;
                    }
                    let new = format!("{}{insert}{}", &text[..at], &text[end..]);
                    let Locate::Found(located) = locate(&new) else {
                        continue;
                    };
                    tried += 1;
                    if let Some(p) = patch(&old, content, &new, &located) {
                        patched += 1;
                        rescued += usize::from(matches!(p.outcome, Outcome::Rescued { .. }));
                        escaped += usize::from(p.entries().iter().any(|e| {
                            e.value.span.contains(&at)
                                && e.value
                                    .scalar()
                                    .is_some_and(|v| v.style == yaml::Style::DoubleQuoted)
                                && new[e.value.span.clone()].contains('\\')
                        }));
                        // As text: a NaN is not equal to itself.
                        assert_eq!(
                            format!("{p:?}"),
                            format!("{:?}", parse_uncached(&new, &located)),
                            "{new}"
                        );
                    }
                }
            }
        }
        // Many edits are patched, rescued blocks among them; the rest are
        // read afresh.
        assert!(patched > tried / 10, "{patched} of {tried}");
        assert!(rescued > patched / 10, "{rescued} of {patched}");
        assert!(escaped > patched / 20, "{escaped} of {patched}");
    }

    /// Typing into a file, with the caches of this thread warm, gives the
    /// diagnostics and the `<example>` model that a thread with cold caches
    /// gives for the same text: random edits (inert ones, which are
    /// patched, and others, which are read afresh) into the frontmatter of
    /// corpus agents.
    #[test]
    fn typing_with_warm_caches_checks_as_a_cold_start() {
        use crate::analysis::{FileKind, Target, check, examples};
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures");
        let mut paths: Vec<std::path::PathBuf> = ["seeds", "corpus/wshobson/agents/plugins"]
            .iter()
            .flat_map(|d| walk(&root.join(d)))
            .filter(|p| {
                p.extension().is_some_and(|x| x == "md")
                    && (p.parent().is_some_and(|d| d.ends_with("agents"))
                        || p.starts_with(root.join("seeds")))
            })
            .collect();
        paths.sort();
        let target = Target {
            tools: crate::formats::target::Tools::of(&[
                crate::formats::target::Tool::ClaudeCode,
                crate::formats::target::Tool::CopilotCli,
            ]),
            ..Target::new(FileKind::ClaudeAgent)
        };
        let mut seed: u64 = 0x5851_f42d_4c95_7f2d;
        let mut next = |n: usize| {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            usize::try_from(seed >> 33).unwrap_or(0) % n.max(1)
        };
        // Each on a thread of its own: nothing read before.
        let cold = |text: &str| {
            let (a, b) = (text.to_owned(), text.to_owned());
            let diagnostics = std::thread::spawn(move || check(&a, target));
            let model = std::thread::spawn(move || examples::of(&b).map(|e| format!("{e:?}")));
            (
                diagnostics.join().expect("a cold check"),
                model.join().expect("a cold example model"),
            )
        };
        let mut checked = 0;
        // Every seed (long descriptions with `<example>` blocks), and some
        // corpus agents.
        let seeds = root.join("seeds");
        let chosen: Vec<&std::path::PathBuf> = paths
            .iter()
            .filter(|p| p.starts_with(&seeds))
            .chain(
                paths
                    .iter()
                    .filter(|p| !p.starts_with(&seeds))
                    .step_by(9)
                    .take(6),
            )
            .collect();
        let mut files = 0;
        for path in &chosen {
            let mut text = std::fs::read_to_string(path).expect("fixture");
            let Locate::Found(l) = locate(&text) else {
                continue;
            };
            files += 1;
            let mut at = l.content.start + next(l.content.len());
            for step in 0..40 {
                // Mostly letters typed at one place, sometimes a deletion, a
                // punctuation mark or a jump elsewhere.
                let edit = match next(10) {
                    0 => "",
                    1 => ":",
                    2 => " ",
                    3 => "\\",
                    _ => "x",
                };
                if step % 13 == 12 {
                    at = l.content.start + next(l.content.len());
                }
                while !text.is_char_boundary(at) {
                    at -= 1;
                }
                if edit.is_empty() {
                    let end = text[at..].chars().next().map_or(at, |c| at + c.len_utf8());
                    text.replace_range(at..end, "");
                } else {
                    text.insert_str(at, edit);
                    at += edit.len();
                }
                let warm = (
                    check(&text, target),
                    examples::of(&text).map(|e| format!("{e:?}")),
                );
                assert_eq!(
                    warm,
                    cold(&text),
                    "{}, step {step}:\n{text}",
                    path.display()
                );
                checked += 1;
            }
        }
        assert!(files >= 10, "{chosen:?}");
        assert_eq!(checked, files * 40);
    }

    /// Every file under `dir`.
    fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
        let mut out = Vec::new();
        let mut dirs = vec![dir.to_path_buf()];
        while let Some(d) = dirs.pop() {
            for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
                let p = e.path();
                if p.is_dir() {
                    dirs.push(p);
                } else {
                    out.push(p);
                }
            }
        }
        out
    }

    #[test]
    fn the_splice_is_the_differing_middle() {
        let s = |a: &str, b: &str| {
            let s = splice(a.as_bytes(), b.as_bytes());
            (s.at, s.old_end, s.new_end)
        };
        assert_eq!(s("abcdef", "abXcdef"), (2, 2, 3));
        assert_eq!(s("abcdef", "abdef"), (2, 3, 2));
        assert_eq!(s("aaaa", "aaaaa"), (4, 4, 5));
        assert_eq!(s("abc", "abc"), (3, 3, 3));
        let long = "x".repeat(40);
        assert_eq!(
            s(&format!("{long}a{long}"), &format!("{long}b{long}")),
            (40, 41, 41)
        );
    }
}
