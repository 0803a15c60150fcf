//! Applying every safe fix of a text at once: `agentls check --fix` and the
//! server's `source.fixAll.agentls` code action.
//!
//! # Which fixes are safe
//!
//! A fix is applied unasked only when it is *safe*: its diagnostic offers
//! exactly one fix (no choice to make between candidates), and the
//! diagnostic's rule is listed in [`SAFE_RULES`]. Safety is decided per rule,
//! in this one list, rather than by a flag on [`super::Fix`]: every fix of a
//! listed rule is deterministic and changes the file only as the rule's
//! documentation says (a renamed tool, a renamed key, a quoted value, a
//! removed duplicate), while the fixes of the other rules guess (the nearest
//! known value for a typo, a model for an unknown id), delete content, or
//! change what a tool does with the file. A rule that gains a fix stays
//! manual until it is added here, so no existing or future fix construction
//! becomes automatic by accident.

use super::{Diagnostic, Edit, Target, check_file};

/// The rules whose single fix is applied by `--fix` and fix-all (see the
/// module documentation), by code:
///
/// - AG002 `frontmatter-not-first`: removes the blank lines before `---`.
/// - AG005 `yaml-rescued`: quotes values exactly as Claude Code's retry
///   reads them, so what loads is unchanged.
/// - AG102 `name-not-string`, AG112 `description-not-string`: quote the
///   value as written.
/// - AG402 `tool-renamed`: the tool's new name (`Task` → `Agent`).
/// - AG407 `tool-wrong-case`: the tool's name in its own case.
/// - AG811 `copilot-infer-deprecated`: the documented equivalent of `infer`.
///
/// Left manual: fixes that guess a value (a typo's nearest known value, a
/// name from the file name, a placeholder description), delete content (a
/// duplicate key, an unknown key or tool), or change what runs (a hook
/// moved under `hooks:`, a value quoted that a tool then reads differently).
pub const SAFE_RULES: &[&str] = &[
    "AG002", "AG005", "AG102", "AG112", "AG402", "AG407", "AG811",
];

/// At most this many rounds of fixing and re-checking.
const MAX_ROUNDS: usize = 10;

/// Whether `--fix` and fix-all apply `diagnostic`'s fix.
#[must_use]
pub fn is_safe(diagnostic: &Diagnostic) -> bool {
    diagnostic.fixes.len() == 1 && SAFE_RULES.contains(&diagnostic.rule.code)
}

/// A text with every safe fix applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fixed {
    /// The fixed text.
    pub text: String,
    /// How many fixes were applied, over every round.
    pub applied: usize,
}

/// Applies the safe fixes of `text` checked as `target` (with the file
/// stem, as [`check_file`] takes it): the fixes whose edits do not overlap
/// are applied together, then the text is checked again and the new safe
/// fixes applied, until none is left or nothing changes (at most ten rounds).
/// `None` when there is nothing to fix.
#[must_use]
pub fn fix_all(text: &str, target: Target, file_stem: Option<&str>) -> Option<Fixed> {
    fix_all_with(text, |t| check_file(t, target, file_stem))
}

/// [`fix_all`] with the diagnostics of each round from `check` (the CLI's
/// own check of a file, with its configuration applied).
#[must_use]
pub fn fix_all_with(text: &str, check: impl Fn(&str) -> Vec<Diagnostic>) -> Option<Fixed> {
    let mut current = text.to_owned();
    let mut applied = 0;
    for _ in 0..MAX_ROUNDS {
        let diagnostics = check(&current);
        let mut chosen: Vec<&Edit> = Vec::new();
        let mut count = 0;
        for d in diagnostics.iter().filter(|d| is_safe(d)) {
            let edits = &d.fixes[0].edits;
            let fits = edits.iter().all(|e| {
                e.range.start <= e.range.end
                    && e.range.end <= current.len()
                    && current.is_char_boundary(e.range.start)
                    && current.is_char_boundary(e.range.end)
                    && chosen.iter().all(|c| !overlap(&c.range, &e.range))
            }) && !edits.is_empty()
                && edits
                    .iter()
                    .enumerate()
                    .all(|(i, a)| edits[i + 1..].iter().all(|b| !overlap(&a.range, &b.range)));
            if fits {
                chosen.extend(edits);
                count += 1;
            }
        }
        if count == 0 {
            break;
        }
        chosen.sort_by_key(|e| std::cmp::Reverse((e.range.start, e.range.end)));
        let mut next = current.clone();
        for e in chosen {
            next.replace_range(e.range.clone(), &e.new_text);
        }
        if next == current {
            break;
        }
        current = next;
        applied += count;
    }
    (applied > 0 && current != text).then_some(Fixed {
        text: current,
        applied,
    })
}

/// Whether two ranges overlap; two insertions at one point, or an insertion
/// at the edge of a replacement, count as overlapping (their order would be
/// ambiguous).
fn overlap(a: &std::ops::Range<usize>, b: &std::ops::Range<usize>) -> bool {
    a.start < b.end && b.start < a.end || a.start == b.start || a.end == b.end
}

/// The one edit that turns `before` into `after`: the span between their
/// common prefix and suffix (on character boundaries).
#[must_use]
pub fn single_edit(before: &str, after: &str) -> Edit {
    let mut prefix = before
        .bytes()
        .zip(after.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    while !before.is_char_boundary(prefix) || !after.is_char_boundary(prefix) {
        prefix -= 1;
    }
    let max_suffix = (before.len() - prefix).min(after.len() - prefix);
    let mut suffix = before
        .bytes()
        .rev()
        .zip(after.bytes().rev())
        .take(max_suffix)
        .take_while(|(a, b)| a == b)
        .count();
    while !before.is_char_boundary(before.len() - suffix)
        || !after.is_char_boundary(after.len() - suffix)
    {
        suffix -= 1;
    }
    Edit {
        range: prefix..before.len() - suffix,
        new_text: after[prefix..after.len() - suffix].to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{FileKind, rules};

    #[test]
    fn every_safe_rule_exists() {
        for code in SAFE_RULES {
            assert!(rules::ALL.iter().any(|r| r.code == *code), "{code}");
        }
    }

    #[test]
    fn applies_the_safe_fixes_until_none_is_left() {
        let target = Target::new(FileKind::ClaudeAgent);
        let text = "---\nname: fixer\ndescription: Fixes things\ntools: read, Task, Bash\nmodel: sonet\n---\nBody\n";
        let fixed = fix_all(text, target, Some("fixer")).expect("fixes");
        assert_eq!(
            fixed,
            Fixed {
                text: "---\nname: fixer\ndescription: Fixes things\ntools: Read, Agent, Bash\nmodel: sonet\n---\nBody\n".to_owned(),
                applied: 2,
            }
        );
        assert_eq!(fix_all(&fixed.text, target, Some("fixer")), None);
    }

    #[test]
    fn single_edit_is_the_changed_span() {
        let e = single_edit("tools: Read, Task\n", "tools: Read, Agent\n");
        assert_eq!((e.range, e.new_text.as_str()), (13..17, "Agent"));
        let e = single_edit("aé", "aè");
        assert_eq!((e.range, e.new_text.as_str()), (1..3, "è"));
        let e = single_edit("abab", "ab");
        assert_eq!((e.range, e.new_text.as_str()), (2..4, ""));
    }
}
