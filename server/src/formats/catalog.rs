//! The catalog types: what a format accepts, as data (each format's
//! folder holds its own catalog of these).
//!
//! Every field, value, tool and model the analysis knows about lives here,
//! each with the documentation text that hover shows. Rules read the catalog;
//! they never hard-code names.

macro_rules! required_word {
    (true) => {
        "required"
    };
    (false) => {
        "optional"
    };
}

/// A [`Field`] whose `doc` is assembled from its parts at compile time.
macro_rules! catalog_field {
    (
        name: $name:literal,
        required: $required:tt,
        ty: $ty:expr,
        documented: $documented:literal,
        kind: $kind:literal,
        about: $about:literal,
        values: $values:literal,
        default: $default:literal,
        invalid: $invalid:literal,
        docs: ($title:expr, $url:expr) $(,)?
    ) => {
        $crate::formats::catalog::Field {
            name: $name,
            required: $required,
            ty: $ty,
            documented: $documented,
            kind: $kind,
            about: $about,
            values: $values,
            default: $default,
            invalid: $invalid,
            docs: $crate::formats::catalog::DocLink {
                title: $title,
                url: $url,
            },
            doc: concat!(
                "**",
                $name,
                "** · ",
                $crate::formats::catalog::required_word!($required),
                " · ",
                $kind,
                "\n\n",
                $about,
                "\n\n- **Values:** ",
                $values,
                "\n- **Default:** ",
                $default,
                "\n- **If invalid:** ",
                $invalid,
            ),
        }
    };
}
pub(crate) use catalog_field;
pub(crate) use required_word;

/// How a field's value is checked, for the fields the analysis validates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldType {
    /// A string.
    String,
    /// A tool list: a comma/space separated string or a YAML list of strings.
    ToolList,
    /// A list of names: a comma separated string or a YAML list of strings.
    NameList,
    /// One of a fixed set of strings.
    Enum(&'static [&'static str]),
    /// A boolean (or, where the loader says so, the strings `"true"`/`"false"`).
    Bool,
    /// A positive integer (a number or a numeric string).
    PositiveInt,
    /// A number.
    Number,
    /// One of a fixed set of strings, or an integer.
    EnumOrInt(&'static [&'static str]),
    /// A model alias or a full model id.
    Model,
    /// A mapping with its own schema (checked by a dedicated rule).
    Mapping,
    /// A list with its own schema (checked by a dedicated rule).
    List,
}

/// A page of a format's official documentation, at the section that
/// matters, for the links in hovers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DocLink {
    /// What the link reads: the page and its section.
    pub title: &'static str,
    /// The address, with the section's anchor.
    pub url: &'static str,
}

impl DocLink {
    /// The link as a Markdown paragraph, labelled with whose documentation
    /// it is (`[GitHub docs: …](…)`).
    #[must_use]
    pub fn markdown(&self) -> String {
        format!("[{} docs: {}]({})", self.site(), self.title, self.url)
    }

    /// Whose documentation the address is, by its host (Claude Code's for
    /// any host not listed).
    #[must_use]
    pub fn site(&self) -> &'static str {
        let host = self
            .url
            .split("://")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .unwrap_or_default();
        match host {
            "docs.github.com" => "GitHub",
            "code.visualstudio.com" => "VS Code",
            "geminicli.com" => "Gemini CLI",
            "qwenlm.github.io" => "Qwen Code",
            "opencode.ai" => "OpenCode",
            "agentskills.io" => "Agent Skills",
            "cursor.com" | "docs.cursor.com" => "Cursor",
            _ => "Claude Code",
        }
    }
}

/// One frontmatter field of a format, with everything its documentation
/// says: what it does, the values it takes, what happens without it and
/// what Claude Code does with a value it does not accept.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    /// The key, exactly as written in the frontmatter.
    pub name: &'static str,
    /// Whether the loader refuses a file without it.
    pub required: bool,
    /// The value's type, as the analysis checks it.
    pub ty: FieldType,
    /// Whether the official documentation lists the field (undocumented
    /// fields are still recognised by the loader).
    pub documented: bool,
    /// The value's type in words (`string`, `boolean`, …).
    pub kind: &'static str,
    /// What the field does (Markdown).
    pub about: &'static str,
    /// The values the loader accepts (Markdown).
    pub values: &'static str,
    /// What Claude Code does when the field is left out (Markdown).
    pub default: &'static str,
    /// What Claude Code does with a value it does not accept (Markdown).
    pub invalid: &'static str,
    /// The most specific official documentation about the field.
    pub docs: DocLink,
    /// All of the above but the link, as one Markdown text: a title line
    /// (`**name** · optional · kind`), `about`, then `values`, `default` and
    /// `invalid` as a list. Built from the parts at compile time.
    pub doc: &'static str,
}

/// A documented value of an enumerated field, for hover and completion.
#[derive(Debug, Clone, Copy)]
pub struct Value {
    /// The value as written.
    pub name: &'static str,
    /// One-line description.
    pub doc: &'static str,
}

/// Finds a field by exact key.
#[must_use]
pub fn field<'a>(fields: &'a [Field], key: &str) -> Option<&'a Field> {
    fields.iter().find(|f| f.name == key)
}

/// Edit distance between two strings, counted in chars: insertions,
/// deletions, substitutions and swaps of two neighbours each cost one
/// (optimal string alignment).
#[must_use]
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let w = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * w];
    for i in 0..=a.len() {
        d[i * w] = i;
    }
    for (j, cell) in d.iter_mut().enumerate().take(w) {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[(i - 1) * w + j] + 1)
                .min(d[i * w + j - 1] + 1)
                .min(d[(i - 1) * w + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[(i - 2) * w + j - 2] + 1);
            }
            d[i * w + j] = v;
        }
    }
    d[a.len() * w + b.len()]
}

/// The closest candidate to `word` within a small edit distance, if any;
/// case differences alone always match.
#[must_use]
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let lower = word.to_lowercase();
    let max = match word.chars().count() {
        0..=6 => 1,
        7..=11 => 2,
        _ => 3,
    };
    let length = lower.chars().count();
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        let c_lower = c.to_lowercase();
        let d = if c_lower == lower {
            0
        } else if c_lower.chars().count().abs_diff(length) > max {
            // Each character more or fewer costs one edit at least.
            continue;
        } else {
            edit_distance(&lower, &c_lower)
        };
        if d <= max && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance_and_closest() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("Grpe", "Grep"), 1);
        assert_eq!(closest("global", ["user", "project", "local"]), None);
        assert_eq!(closest("sonet", ["sonnet", "opus"]), Some("sonnet"));
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(closest("Grpe", ["Grep", "Read", "Glob"]), Some("Grep"));
        assert_eq!(closest("read", ["Read", "Grep"]), Some("Read"));
        assert_eq!(closest("Frobnicate", ["Read", "Grep"]), None);
    }

    #[test]
    fn links_name_their_site() {
        let link = |url| DocLink { title: "T", url }.markdown();
        assert_eq!(
            link("https://code.claude.com/docs/en/skills"),
            "[Claude Code docs: T](https://code.claude.com/docs/en/skills)"
        );
        assert_eq!(
            link("https://agentskills.io/specification"),
            "[Agent Skills docs: T](https://agentskills.io/specification)"
        );
        assert_eq!(
            link("https://docs.github.com/en/copilot/x#y"),
            "[GitHub docs: T](https://docs.github.com/en/copilot/x#y)"
        );
        assert_eq!(
            link("https://code.visualstudio.com/docs/copilot/x"),
            "[VS Code docs: T](https://code.visualstudio.com/docs/copilot/x)"
        );
        assert_eq!(
            link("https://cursor.com/docs/context/rules"),
            "[Cursor docs: T](https://cursor.com/docs/context/rules)"
        );
        assert_eq!(
            link("https://opencode.ai/docs/agents"),
            "[OpenCode docs: T](https://opencode.ai/docs/agents)"
        );
    }
}
