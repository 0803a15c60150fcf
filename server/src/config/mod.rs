//! Configuration: the project's `.agentls.toml` (found in the folder of the
//! files checked or the nearest folder above it), the editor's settings
//! (the same keys, under `agentls`) and the command line's flags, layered
//! in that order, the later winning:
//!
//! ```toml
//! targets = ["claude", "copilot"]      # the tools the files are judged against
//! [rules]
//! select = ["AG1", "AG401"]            # codes, code prefixes, names; default: ALL
//! ignore = ["name-convention"]
//! [rules.severity]
//! AG105 = "warning"                    # error | warning | hint | off
//! [[overrides]]
//! paths = ["legacy/**"]                # gitignore-style, relative to this file's folder
//! rules.ignore = ["AG1"]
//! [known]
//! tools = ["MyTool"]
//! mcp-servers = ["github"]
//! keys = ["x-team"]
//! [paths]
//! claude-agent = ["agents/**/*.md"]
//! ```
//!
//! A bad file is reported with the line and column of the mistake and
//! otherwise ignored: it never stops a check or the server.

pub mod select;
pub mod settings;
pub mod suppress;

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use crate::formats::FileKind;
use crate::formats::target::Tools;
pub use select::{RuleSet, Selector};
pub use settings::{Part, Settings};

/// The file name.
pub const FILE_NAME: &str = ".agentls.toml";

/// One layer of configuration: what a `.agentls.toml`, the editor's
/// settings or the command line say.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// The targeted tools, if the layer names them.
    pub targets: Option<Tools>,
    /// Which rules run, and how severe they are.
    pub rules: RuleSet,
    /// Settings for some paths only, applied in order after `rules`.
    pub overrides: Vec<Override>,
    /// Names to accept as known.
    pub known: Known,
    /// Extra paths to check as a format, the first match winning.
    pub paths: Vec<(FileKind, Globs)>,
    /// The folder the globs are relative to (the file's folder, or the
    /// workspace folder for the editor's settings).
    pub root: Option<PathBuf>,
}

/// Settings that apply to some paths only.
#[derive(Debug, Clone)]
pub struct Override {
    /// The paths.
    pub paths: Globs,
    /// Which rules run there.
    pub rules: RuleSet,
    /// The tools targeted there.
    pub targets: Option<Tools>,
}

/// Names to treat as known.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Known {
    /// Tool names (no unknown-tool diagnostic).
    pub tools: Vec<String>,
    /// MCP servers (their `mcp__server__*` tools are known).
    pub mcp_servers: Vec<String>,
    /// Frontmatter keys (no unknown-key diagnostic).
    pub keys: Vec<String>,
}

impl Known {
    /// Whether nothing is added.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.tools.is_empty() && self.mcp_servers.is_empty() && self.keys.is_empty()
    }

    fn extend(&mut self, other: &Known) {
        self.tools.extend(other.tools.iter().cloned());
        self.mcp_servers.extend(other.mcp_servers.iter().cloned());
        self.keys.extend(other.keys.iter().cloned());
    }
}

/// Gitignore-style globs: relative to the configuration's folder, a
/// pattern without `/` matches at any depth, `/` at the start anchors it,
/// and a folder matches everything below it.
#[derive(Debug, Clone)]
pub struct Globs {
    set: globset::GlobSet,
}

impl Globs {
    /// Compiles `patterns`.
    ///
    /// # Errors
    /// The index and message of the first bad pattern.
    pub fn new<'a>(patterns: impl IntoIterator<Item = &'a str>) -> Result<Globs, (usize, String)> {
        let mut builder = globset::GlobSetBuilder::new();
        for (i, pattern) in patterns.into_iter().enumerate() {
            let anchored = pattern.trim_end_matches('/').contains('/');
            let bare = pattern.trim_start_matches('/').trim_end_matches('/');
            if bare.is_empty() {
                return Err((i, "an empty path pattern".to_owned()));
            }
            let full = if anchored {
                bare.to_owned()
            } else {
                format!("**/{bare}")
            };
            for p in [full.clone(), format!("{full}/**")] {
                let glob = globset::GlobBuilder::new(&p)
                    .literal_separator(true)
                    .build()
                    .map_err(|e| (i, format!("bad path pattern \"{pattern}\": {}", e.kind())))?;
                builder.add(glob);
            }
        }
        let set = builder.build().map_err(|e| (0, e.to_string()))?;
        Ok(Globs { set })
    }

    /// Whether `path` (relative to the globs' folder) matches.
    #[must_use]
    pub fn matches(&self, path: &Path) -> bool {
        self.set.is_match(path)
    }
}

/// What is wrong with a configuration, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    /// What is wrong.
    pub message: String,
    /// Where, in bytes of the file (none for the editor's settings).
    pub span: Option<Range<usize>>,
    /// Line and column (1-based, the column in characters) of the span's start.
    pub at: Option<(usize, usize)>,
}

impl ConfigError {
    fn new(message: impl Into<String>, span: Option<Range<usize>>, text: &str) -> Self {
        let at = span.as_ref().map(|s| {
            let start = s.start.min(text.len());
            let start = (0..=start)
                .rev()
                .find(|i| text.is_char_boundary(*i))
                .unwrap_or(0);
            let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
            (
                text[..start].matches('\n').count() + 1,
                text[line_start..start].chars().count() + 1,
            )
        });
        Self {
            message: message.into(),
            span,
            at,
        }
    }
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.at {
            Some((line, column)) => write!(f, "{} (line {line}, column {column})", self.message),
            None => f.write_str(&self.message),
        }
    }
}

/// A string as written, and where (in TOML) or not (in JSON settings).
trait Text {
    fn text(&self) -> &str;
    fn span(&self) -> Option<Range<usize>>;
}

impl Text for String {
    fn text(&self) -> &str {
        self
    }
    fn span(&self) -> Option<Range<usize>> {
        None
    }
}

impl Text for toml::Spanned<String> {
    fn text(&self) -> &str {
        self.get_ref()
    }
    fn span(&self) -> Option<Range<usize>> {
        Some(toml::Spanned::span(self))
    }
}

#[derive(serde::Deserialize)]
#[serde(
    deny_unknown_fields,
    bound(deserialize = "S: serde::Deserialize<'de> + Ord")
)]
struct Raw<S> {
    targets: Option<Vec<S>>,
    rules: Option<RawRules<S>>,
    #[serde(default)]
    overrides: Vec<RawOverride<S>>,
    known: Option<RawKnown<S>>,
    paths: Option<BTreeMap<S, Vec<S>>>,
}

#[derive(serde::Deserialize)]
#[serde(
    deny_unknown_fields,
    bound(deserialize = "S: serde::Deserialize<'de> + Ord")
)]
struct RawRules<S> {
    select: Option<Vec<S>>,
    ignore: Option<Vec<S>>,
    severity: Option<BTreeMap<S, S>>,
}

#[derive(serde::Deserialize)]
#[serde(
    deny_unknown_fields,
    bound(deserialize = "S: serde::Deserialize<'de> + Ord")
)]
struct RawOverride<S> {
    paths: Vec<S>,
    rules: Option<RawRules<S>>,
    targets: Option<Vec<S>>,
}

#[derive(serde::Deserialize)]
#[serde(
    deny_unknown_fields,
    rename_all = "kebab-case",
    bound(deserialize = "S: serde::Deserialize<'de> + Ord")
)]
struct RawKnown<S> {
    #[serde(default)]
    tools: Vec<S>,
    #[serde(default)]
    mcp_servers: Vec<S>,
    #[serde(default)]
    keys: Vec<S>,
}

/// Turns the raw shape into a layer; `text` locates the errors.
fn build<S: Text>(raw: Raw<S>, text: &str) -> Result<Config, ConfigError> {
    let err = |message: String, s: &S| ConfigError::new(message, s.span(), text);
    let targets = |list: &[S]| -> Result<Option<Tools>, ConfigError> {
        for item in list {
            Tools::parse(item.text()).map_err(|m| err(m, item))?;
        }
        let names: Vec<&str> = list.iter().map(Text::text).collect();
        // An empty list is no setting: each file's default targets.
        Ok(Tools::parse(&names.join(","))
            .ok()
            .filter(|t| !t.is_empty()))
    };
    let globs = |list: &[S]| -> Result<Globs, ConfigError> {
        Globs::new(list.iter().map(Text::text)).map_err(|(i, m)| match list.get(i) {
            Some(item) => err(m, item),
            None => ConfigError::new(m, None, text),
        })
    };
    let mut config = Config {
        rules: rules(raw.rules, text)?,
        ..Config::default()
    };
    if let Some(list) = &raw.targets {
        config.targets = targets(list)?;
    }
    for o in raw.overrides {
        config.overrides.push(Override {
            paths: globs(&o.paths)?,
            rules: rules(o.rules, text)?,
            targets: match &o.targets {
                Some(list) => targets(list)?,
                None => None,
            },
        });
    }
    if let Some(k) = raw.known {
        let names = |list: Vec<S>| list.iter().map(|s| s.text().trim().to_owned()).collect();
        config.known = Known {
            tools: names(k.tools),
            mcp_servers: names(k.mcp_servers),
            keys: names(k.keys),
        };
    }
    for (format, patterns) in raw.paths.unwrap_or_default() {
        let kind = FileKind::from_name(format.text()).ok_or_else(|| {
            let names: Vec<&str> = crate::formats::FORMATS.iter().map(|f| f.name).collect();
            err(
                format!(
                    "unknown format \"{}\" (known: {})",
                    format.text(),
                    names.join(", ")
                ),
                &format,
            )
        })?;
        config.paths.push((kind, globs(&patterns)?));
    }
    Ok(config)
}

fn rules<S: Text>(raw: Option<RawRules<S>>, text: &str) -> Result<RuleSet, ConfigError> {
    let Some(raw) = raw else {
        return Ok(RuleSet::default());
    };
    let selector =
        |s: &S| Selector::parse(s.text()).map_err(|m| ConfigError::new(m, s.span(), text));
    let mut set = RuleSet {
        select: match raw.select {
            Some(list) => Some(list.iter().map(selector).collect::<Result<_, _>>()?),
            None => None,
        },
        ignore: raw
            .ignore
            .unwrap_or_default()
            .iter()
            .map(selector)
            .collect::<Result<_, _>>()?,
        severity: Vec::new(),
    };
    for (rule, level) in raw.severity.unwrap_or_default() {
        let sel = selector(&rule)?;
        match select::parse_severity(level.text())
            .map_err(|m| ConfigError::new(m, level.span(), text))?
        {
            Some(level) => set.severity.push((sel, level)),
            None => set.ignore.push(sel),
        }
    }
    Ok(set)
}

impl Config {
    /// Parses the text of a configuration file.
    ///
    /// # Errors
    /// What is wrong (invalid TOML, an unknown key, tool, rule, format or
    /// severity, a bad glob), with where it is.
    pub fn parse(text: &str) -> Result<Config, ConfigError> {
        let raw: Raw<toml::Spanned<String>> = toml::from_str(text)
            .map_err(|e| ConfigError::new(e.message().trim_end(), e.span(), text))?;
        build(raw, text)
    }

    /// Reads the editor's settings: the keys of `.agentls.toml` as JSON,
    /// directly or under `agentls` (`targets` may also be one
    /// comma-separated string; other keys are the client's and left
    /// alone). `Ok(None)`: nothing set.
    ///
    /// # Errors
    /// What is wrong, as for [`Config::parse`] but without a position.
    pub fn from_settings(value: Option<&serde_json::Value>) -> Result<Option<Config>, ConfigError> {
        let Some(value) = value else {
            return Ok(None);
        };
        let value = value.get("agentls").unwrap_or(value);
        let Some(object) = value.as_object() else {
            return Ok(None);
        };
        let mut object = object.clone();
        // Keys of a null value are not set (a client's defaults); keys of
        // the client's own (`trace`, a server path) are not ours.
        object.retain(|k, v| !v.is_null() && SETTINGS_KEYS.contains(&k.as_str()));
        if object.is_empty() {
            return Ok(None);
        }
        if let Some(serde_json::Value::String(list)) = object.get("targets") {
            let items = list
                .split(',')
                .map(|s| serde_json::Value::String(s.trim().to_owned()))
                .filter(|s| s.as_str() != Some(""))
                .collect();
            object.insert("targets".to_owned(), serde_json::Value::Array(items));
        }
        let raw: Raw<String> = serde_json::from_value(serde_json::Value::Object(object))
            .map_err(|e| ConfigError::new(e.to_string(), None, ""))?;
        build(raw, "").map(Some)
    }
}

/// The keys of a configuration layer.
const SETTINGS_KEYS: &[&str] = &["targets", "rules", "overrides", "known", "paths"];

/// The nearest `.agentls.toml` at `start` (a file's folder, or a folder) or
/// above it, read and parsed: `None` when there is none; `Some(Err)` with
/// the file's path and what is wrong with it. The configuration's root is
/// the file's folder.
#[must_use]
pub fn find(start: &Path) -> Option<(PathBuf, Result<Config, ConfigError>)> {
    let start = std::path::absolute(start).unwrap_or_else(|_| start.to_path_buf());
    for dir in start.ancestors() {
        let path = dir.join(FILE_NAME);
        if path.is_file() {
            return Some((path.clone(), read(&path)));
        }
    }
    None
}

/// Reads and parses the configuration file at `path`.
///
/// # Errors
/// When it cannot be read or is bad.
pub fn read(path: &Path) -> Result<Config, ConfigError> {
    let mut config = match std::fs::read_to_string(path) {
        Ok(text) if text.len() <= 1024 * 1024 => Config::parse(&text)?,
        Ok(_) => return Err(ConfigError::new("over 1 MiB: not read", None, "")),
        Err(e) => return Err(ConfigError::new(e.to_string(), None, "")),
    };
    config.root = path.parent().map(Path::to_path_buf);
    Ok(config)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::target::Tool;

    fn error(text: &str) -> String {
        Config::parse(text).unwrap_err().to_string()
    }

    #[test]
    fn targets_and_mistakes() {
        let c = Config::parse("targets = [\"claude\", \"copilot\"]\n").expect("valid");
        let t = c.targets.expect("targets");
        assert!(t.has(Tool::ClaudeCode) && t.has(Tool::CopilotCli) && !t.has(Tool::Codex));
        assert!(Config::parse("").expect("empty").targets.is_none());
        assert!(
            Config::parse("targets = []")
                .expect("empty list")
                .targets
                .is_none()
        );
        assert!(error("targets = [\"claud\"]").starts_with("unknown tool \"claud\""));
        assert!(error("targets = [\"claud\"]").ends_with("(line 1, column 12)"));
        assert!(error("target = []").contains("unknown field"));
        assert!(error("targets = \n").contains("line 1"));
    }

    #[test]
    fn every_key() {
        let text = r#"
targets = ["claude"]
[rules]
select = ["AG1", "AG401"]
ignore = ["name-convention"]
[rules.severity]
AG105 = "warning"
AG107 = "off"
[[overrides]]
paths = ["legacy/**"]
rules.ignore = ["AG1"]
targets = ["copilot"]
[known]
tools = ["MyTool"]
mcp-servers = ["github"]
keys = ["x-team"]
[paths]
claude-agent = ["agents/**/*.md"]
"#;
        let c = Config::parse(text).expect("valid");
        assert_eq!(
            c.rules.select,
            Some(vec![
                Selector::Code("AG1".to_owned()),
                Selector::Code("AG401".to_owned())
            ])
        );
        assert_eq!(
            c.rules.ignore,
            vec![
                Selector::Name("name-convention"),
                Selector::Code("AG107".to_owned())
            ]
        );
        assert_eq!(
            c.rules.severity,
            vec![(
                Selector::Code("AG105".to_owned()),
                crate::analysis::Severity::Warning
            )]
        );
        assert_eq!(c.overrides.len(), 1);
        assert!(c.overrides[0].paths.matches(Path::new("legacy/a/b.md")));
        assert!(!c.overrides[0].paths.matches(Path::new("src/legacy.md")));
        assert!(
            c.overrides[0]
                .targets
                .is_some_and(|t| t.has(Tool::CopilotCli))
        );
        assert_eq!(c.known.tools, ["MyTool"]);
        assert_eq!(c.known.mcp_servers, ["github"]);
        assert_eq!(c.known.keys, ["x-team"]);
        assert_eq!(c.paths.len(), 1);
        assert_eq!(c.paths[0].0, FileKind::ClaudeAgent);
        assert!(c.paths[0].1.matches(Path::new("agents/x/y.md")));
    }

    #[test]
    fn mistakes_are_located() {
        assert_eq!(
            error("[rules]\nignore = [\"AG105\", \"AG39\"]\n"),
            "unknown rule \"AG39\": write a code (AG105), a code prefix (AG1), ALL, or a rule name (name-too-long); `agentls rules` lists them (line 2, column 20)"
        );
        assert_eq!(
            error("[rules.severity]\nAG105 = \"fatal\"\n"),
            "unknown severity \"fatal\": write error, warning, hint or off (line 2, column 9)"
        );
        assert!(error("[paths]\nclaude = [\"a\"]\n").starts_with("unknown format \"claude\""));
        assert!(error("[paths]\nclaude = [\"a\"]\n").ends_with("(line 2, column 1)"));
        assert!(
            error("[[overrides]]\npaths = [\"a/[\"]\n").starts_with("bad path pattern \"a/[\"")
        );
        assert!(error("[known]\ntool = []\n").contains("unknown field `tool`"));
        assert!(error("[known]\ntool = []\n").ends_with("(line 2, column 1)"));
    }

    #[test]
    fn settings_from_the_editor() {
        let v = serde_json::json!({"agentls": {"targets": "claude,copilot", "rules": {"ignore": ["AG105"]}, "known": {"keys": ["x"]}}});
        let c = Config::from_settings(Some(&v))
            .expect("valid")
            .expect("set");
        assert!(c.targets.is_some_and(|t| t.has(Tool::CopilotCli)));
        assert_eq!(c.rules.ignore, vec![Selector::Code("AG105".to_owned())]);
        assert_eq!(c.known.keys, ["x"]);
        assert!(
            Config::from_settings(Some(&serde_json::json!({"agentls": {"targets": null}})))
                .expect("valid")
                .is_none()
        );
        let bad = serde_json::json!({"rules": {"ignore": ["AG39"]}});
        assert!(
            Config::from_settings(Some(&bad))
                .unwrap_err()
                .message
                .starts_with("unknown rule \"AG39\"")
        );
    }
}
