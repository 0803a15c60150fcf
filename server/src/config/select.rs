//! Which rules run, and at what severity: selectors (`AG1`, `AG105`,
//! `name-missing`) and the rule settings of one layer of configuration.
//!
//! The model is ruff's: each layer (the configuration file, a matching
//! override, the editor's settings, the command line) may `select` rules,
//! which replaces the selection of the layers below it, and `ignore` rules,
//! which removes them from it. Within one layer the most specific selector
//! that matches a rule decides (a name or full code beats a prefix; on a tie
//! `ignore` wins), so `select = ["AG1"]` with `ignore = ["AG10"]` keeps
//! `AG111` and drops `AG101`.

use crate::analysis::rules::{self, Rule, Severity};

/// A selector: a rule code or code prefix (`AG105`, `AG1`, `ALL`), or a
/// rule name (`name-too-long`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selector {
    /// A code prefix, upper case (`AG` for `ALL`).
    Code(String),
    /// A rule name.
    Name(&'static str),
}

impl Selector {
    /// Reads a selector.
    ///
    /// # Errors
    /// When it names no rule: the message says what is accepted.
    pub fn parse(text: &str) -> Result<Selector, String> {
        let t = text.trim();
        if t.eq_ignore_ascii_case("all") {
            return Ok(Selector::Code("AG".to_owned()));
        }
        if let Some(rule) = rules::ALL.iter().find(|r| r.name == t) {
            return Ok(Selector::Name(rule.name));
        }
        let code = t.to_ascii_uppercase();
        if code.len() > 2 && rules::ALL.iter().any(|r| r.code.starts_with(&code)) {
            return Ok(Selector::Code(code));
        }
        Err(format!(
            "unknown rule \"{t}\": write a code (AG105), a code prefix (AG1), ALL, or a rule name (name-too-long); `agentls rules` lists them"
        ))
    }

    /// Whether it selects `rule`.
    #[must_use]
    pub fn matches(&self, rule: &Rule) -> bool {
        match self {
            Selector::Code(prefix) => rule.code.starts_with(prefix.as_str()),
            Selector::Name(name) => rule.name == *name,
        }
    }

    /// How specific it is: a name as much as a full code, a prefix by its length.
    fn specificity(&self) -> usize {
        match self {
            Selector::Code(prefix) => prefix.len(),
            Selector::Name(name) => rules::ALL
                .iter()
                .find(|r| r.name == *name)
                .map_or(0, |r| r.code.len()),
        }
    }
}

/// Parses a comma-separated list of selectors (the `--select` flag).
///
/// # Errors
/// On the first selector that names no rule.
pub fn parse_list(list: &str) -> Result<Vec<Selector>, String> {
    list.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(Selector::parse)
        .collect()
}

/// The rule settings of one layer.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RuleSet {
    /// The rules this layer runs (replacing the layers below); `None`: the
    /// selection of the layers below (at the bottom, every rule).
    pub select: Option<Vec<Selector>>,
    /// The rules this layer turns off (`severity = "off"` included).
    pub ignore: Vec<Selector>,
    /// Severities this layer sets, the most specific selector winning.
    pub severity: Vec<(Selector, Severity)>,
}

impl RuleSet {
    /// Whether the layer says nothing.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.select.is_none() && self.ignore.is_empty() && self.severity.is_empty()
    }

    /// Whether `rule` runs after this layer, given whether it ran before.
    #[must_use]
    pub fn enabled(&self, rule: &Rule, before: bool) -> bool {
        let best = |list: &[Selector]| {
            list.iter()
                .filter(|s| s.matches(rule))
                .map(Selector::specificity)
                .max()
        };
        let ignored = best(&self.ignore);
        let selected = self.select.as_deref().and_then(best);
        match (selected, ignored) {
            (Some(s), Some(i)) => s > i,
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (None, None) => self.select.is_none() && before,
        }
    }

    /// The severity this layer gives `rule`, if it sets one.
    #[must_use]
    pub fn severity_of(&self, rule: &Rule) -> Option<Severity> {
        self.severity
            .iter()
            .filter(|(s, _)| s.matches(rule))
            .max_by_key(|(s, _)| s.specificity())
            .map(|(_, level)| *level)
    }
}

/// A severity as written in the configuration: `Ok(None)` for `off`.
///
/// # Errors
/// On any other word.
pub fn parse_severity(word: &str) -> Result<Option<Severity>, String> {
    match word.trim().to_ascii_lowercase().as_str() {
        "error" => Ok(Some(Severity::Error)),
        "warning" | "warn" => Ok(Some(Severity::Warning)),
        "hint" | "info" | "information" => Ok(Some(Severity::Hint)),
        "off" | "none" => Ok(None),
        _ => Err(format!(
            "unknown severity \"{}\": write error, warning, hint or off",
            word.trim()
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::rules as r;

    fn set(select: Option<&str>, ignore: &str) -> RuleSet {
        RuleSet {
            select: select.map(|s| parse_list(s).expect("valid")),
            ignore: parse_list(ignore).expect("valid"),
            severity: Vec::new(),
        }
    }

    #[test]
    fn selectors() {
        assert_eq!(
            Selector::parse("ag105"),
            Ok(Selector::Code("AG105".to_owned()))
        );
        assert_eq!(
            Selector::parse("name-missing"),
            Ok(Selector::Name("name-missing"))
        );
        assert_eq!(Selector::parse("ALL"), Ok(Selector::Code("AG".to_owned())));
        assert!(
            Selector::parse("AG77")
                .unwrap_err()
                .starts_with("unknown rule \"AG77\"")
        );
        assert!(Selector::parse("AG").is_err());
        assert!(Selector::parse("nope").is_err());
    }

    #[test]
    fn the_most_specific_selector_decides() {
        let s = set(Some("AG1"), "AG10");
        assert!(!s.enabled(&r::NAME_MISSING, true));
        assert!(s.enabled(&r::DESCRIPTION_MISSING, true));
        assert!(!s.enabled(&r::UNKNOWN_KEY, true));
        let s = set(Some("AG105"), "AG1");
        assert!(s.enabled(&r::NAME_TOO_LONG, true));
        assert!(!s.enabled(&r::NAME_MISSING, true));
        // A tie: ignore wins.
        let s = set(Some("name-too-long"), "AG105");
        assert!(!s.enabled(&r::NAME_TOO_LONG, true));
        // No select: what the layers below chose, less the ignored.
        let s = set(None, "AG105");
        assert!(!s.enabled(&r::NAME_TOO_LONG, true));
        assert!(s.enabled(&r::NAME_MISSING, true));
        assert!(!s.enabled(&r::NAME_MISSING, false));
    }

    #[test]
    fn severities() {
        let s = RuleSet {
            severity: vec![
                (Selector::parse("AG1").expect("valid"), Severity::Hint),
                (Selector::parse("AG105").expect("valid"), Severity::Warning),
            ],
            ..RuleSet::default()
        };
        assert_eq!(s.severity_of(&r::NAME_TOO_LONG), Some(Severity::Warning));
        assert_eq!(s.severity_of(&r::NAME_MISSING), Some(Severity::Hint));
        assert_eq!(s.severity_of(&r::TOOL_UNKNOWN), None);
        assert_eq!(parse_severity("off"), Ok(None));
        assert!(parse_severity("fatal").is_err());
    }
}
