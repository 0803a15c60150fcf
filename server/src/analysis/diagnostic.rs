//! A diagnostic: a rule, a byte range, a message, maybe a fix.

use std::ops::Range;

use super::rules::{Rule, Severity};

/// A text replacement, in bytes of the analysed text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    /// The bytes to replace.
    pub range: Range<usize>,
    /// The replacement.
    pub new_text: String,
}

/// A fix for a diagnostic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    /// What it does, e.g. `Replace "Task" with "Agent"`.
    pub title: String,
    /// The edits, non-overlapping.
    pub edits: Vec<Edit>,
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The rule.
    pub rule: &'static Rule,
    /// Severity (usually the rule's).
    pub severity: Severity,
    /// Byte range in the analysed text.
    pub range: Range<usize>,
    /// A message a newcomer understands.
    pub message: String,
    /// Fixes, best first (empty when there is no safe one).
    pub fixes: Vec<Fix>,
}

impl Diagnostic {
    /// A diagnostic with the rule's severity.
    #[must_use]
    pub fn new(rule: &'static Rule, range: Range<usize>, message: impl Into<String>) -> Self {
        Self {
            rule,
            severity: rule.severity,
            range,
            message: message.into(),
            fixes: Vec::new(),
        }
    }

    /// Sets the severity.
    #[must_use]
    pub fn severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }

    /// Adds a fix that replaces `range` with `new_text`.
    #[must_use]
    pub fn replace(
        mut self,
        title: impl Into<String>,
        range: Range<usize>,
        new_text: impl Into<String>,
    ) -> Self {
        self.fixes.push(Fix {
            title: title.into(),
            edits: vec![Edit {
                range,
                new_text: new_text.into(),
            }],
        });
        self
    }

    /// Adds a fix.
    #[must_use]
    pub fn with_fix(mut self, fix: Fix) -> Self {
        self.fixes.push(fix);
        self
    }
}
