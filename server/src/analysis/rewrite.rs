//! Rewriting the description between one escaped line and a readable
//! `description: |` block, keeping the value Claude Code loads identical
//! (checked by loading the result before offering it).

use crate::frontmatter::{self, Locate, Style};

use super::diagnostic::Edit;
use super::examples;

/// The description as Claude Code loads `text`, if it loads one.
fn loaded(text: &str) -> Option<String> {
    examples::description(text).map(|d| d.text)
}

/// Applies `edit` and checks that the description Claude Code loads is
/// unchanged and the frontmatter still parses at least as well.
fn verified(text: &str, edit: Edit) -> Option<Edit> {
    let before = loaded(text)?;
    let mut after = text.to_owned();
    after.replace_range(edit.range.clone(), &edit.new_text);
    let Locate::Found(l) = frontmatter::locate(&after) else {
        return None;
    };
    let fm = frontmatter::parse(&after, &l);
    if matches!(fm.outcome, frontmatter::Outcome::Failed { .. }) {
        return None;
    }
    (loaded(&after)? == before).then_some(edit)
}

/// Rewrites a one-line description (plain, quoted, or `\n`-escaped) as a
/// literal block scalar, the action editors offer. `None` when its value has
/// no line break (the block would read the same as the line), and wherever
/// [`block_scalar`] gives `None`.
#[must_use]
pub fn to_block(text: &str) -> Option<Edit> {
    let d = examples::description(text)?;
    if !d.text.trim_end_matches('\n').contains('\n') {
        return None;
    }
    block_scalar(text)
}

/// Rewrites a one-line description as a literal block scalar, whatever its
/// value. `None` when it already is a block, or when a block cannot hold
/// the same value (control characters, a line break other than `\n`).
#[must_use]
pub fn block_scalar(text: &str) -> Option<Edit> {
    let d = examples::description(text)?;
    if matches!(d.style, Style::Literal | Style::Folded) || text[d.span.clone()].contains('\n') {
        return None;
    }
    let value = &d.text;
    if value
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t')
        || value.trim().is_empty()
    {
        return None;
    }
    let content = value.trim_end_matches('\n');
    let trailing = value.len() - content.len();
    let chomp = match trailing {
        0 => "-",
        1 => "",
        _ => "+",
    };
    // A first line with text that starts with a space (maybe after empty
    // lines) needs an explicit indentation: YAML would take its spaces as
    // the block's indentation.
    let first_text = content.split('\n').find(|l| !l.is_empty());
    let indicator = if first_text.is_some_and(|l| l.starts_with(' ')) {
        "2"
    } else {
        ""
    };
    let eol = super::line_break(text);
    let mut new_text = format!("|{indicator}{chomp}");
    for line in content.split('\n') {
        new_text.push_str(eol);
        if !line.is_empty() {
            new_text.push_str("  ");
            new_text.push_str(line);
        }
    }
    for _ in 1..trailing {
        new_text.push_str(eol);
    }
    verified(
        text,
        Edit {
            range: d.span,
            new_text,
        },
    )
}

/// Rewrites a block-scalar (or multi-line) description as one double-quoted
/// line, line breaks written as `\n`.
#[must_use]
pub fn to_line(text: &str) -> Option<Edit> {
    let d = examples::description(text)?;
    if !matches!(d.style, Style::Literal | Style::Folded) && !text[d.span.clone()].contains('\n') {
        return None;
    }
    let mut new_text = String::from("\"");
    for c in d.text.chars() {
        match c {
            '\\' => new_text.push_str("\\\\"),
            '"' => new_text.push_str("\\\""),
            '\n' => new_text.push_str("\\n"),
            '\t' => new_text.push_str("\\t"),
            c if c.is_control() => new_text.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => new_text.push(c),
        }
    }
    new_text.push('"');
    // A block scalar's node starts at its content and ends after its last
    // line break: replace from the `|`/`>` header, and keep one line break.
    let header = text[d.key.end..d.span.start]
        .find(['|', '>'])
        .map_or(d.span.start, |i| d.key.end + i);
    let range = header..d.span.end;
    if text[range.clone()].ends_with('\n') {
        new_text.push_str(super::line_break(text));
    }
    verified(text, Edit { range, new_text })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn apply(text: &str, e: &Edit) -> String {
        let mut t = text.to_owned();
        t.replace_range(e.range.clone(), &e.new_text);
        t
    }

    #[test]
    fn escaped_line_to_block_and_back() {
        let text = "---\nname: a\ndescription: Use it: when.\\n<example>\\nuser: \"hi\"\\n</example>\nmodel: x\n---\nBody\n";
        let block = apply(text, &to_block(text).expect("to block"));
        assert_eq!(
            block,
            "---\nname: a\ndescription: |-\n  Use it: when.\n  <example>\n  user: \"hi\"\n  </example>\nmodel: x\n---\nBody\n"
        );
        assert_eq!(to_block(&block), None);
        let line = apply(&block, &to_line(&block).expect("to line"));
        assert_eq!(
            line,
            "---\nname: a\ndescription: \"Use it: when.\\n<example>\\nuser: \\\"hi\\\"\\n</example>\"\nmodel: x\n---\nBody\n"
        );
        assert_eq!(loaded(&line), loaded(text));
    }

    #[test]
    fn not_offered_without_a_line_break() {
        assert_eq!(
            to_block("---\nname: a\ndescription: Reviews code.\n---\nB\n"),
            None
        );
        assert_eq!(
            to_block("---\nname: a\ndescription: \"Reviews code.\\n\"\n---\nB\n"),
            None
        );
    }

    #[test]
    fn leading_space_after_empty_lines() {
        let text = "---\nname: a\ndescription: \"\\n\\n  lead\\nx\"\n---\nB\n";
        let block = apply(text, &to_block(text).expect("to block"));
        assert_eq!(
            block,
            "---\nname: a\ndescription: |2-\n\n\n    lead\n  x\n---\nB\n"
        );
        assert_eq!(loaded(&block).as_deref(), Some("\n\n  lead\nx"));
    }

    #[test]
    fn crlf_and_leading_space() {
        let text = "---\r\nname: a\r\ndescription: \" indented\\nx\"\r\n---\r\nB\r\n";
        let block = apply(text, &to_block(text).expect("to block"));
        assert_eq!(
            block,
            "---\r\nname: a\r\ndescription: |2-\r\n   indented\r\n  x\r\n---\r\nB\r\n"
        );
        assert_eq!(loaded(&block), loaded(text));
    }
}
