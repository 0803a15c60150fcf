//! How Qwen Code 0.24.4 reads an agent file (`parseSubagentContent`): the
//! text normalized (one byte-order mark dropped, CRLF and lone CR read as
//! LF), its own frontmatter regex, eemeli's `yaml` with the core schema,
//! and, when that fails, a line reader (`parseSimple`). Every value ends up
//! as the JavaScript value the loader sees ([`Value`]), with the byte range
//! it came from.

use std::ops::Range;

use crate::formats::gemini_agent::jsyaml::{self, Js};
use crate::frontmatter::{Located, Node, NodeKind, Style, SyntaxError};

/// The text as Qwen Code reads it, and the way back to the original bytes.
#[derive(Debug, Clone)]
pub struct Normalized {
    /// The normalized text.
    pub text: String,
    /// For each byte of `text` (and one past its end), the original offset;
    /// `None` when `text` is the original (no byte-order mark, no `\r`).
    map: Option<Vec<usize>>,
    /// The original's length in bytes.
    original_len: usize,
}

impl Normalized {
    /// Normalizes `original` as `normalizeContent` does.
    #[must_use]
    pub fn new(original: &str) -> Self {
        if !original.starts_with('\u{feff}') && memchr::memchr(b'\r', original.as_bytes()).is_none()
        {
            return Self {
                text: original.to_owned(),
                map: None,
                original_len: original.len(),
            };
        }
        Self::mapped(original)
    }

    /// [`Normalized::new`] with a map of every byte.
    fn mapped(original: &str) -> Self {
        let start = if original.starts_with('\u{feff}') {
            '\u{feff}'.len_utf8()
        } else {
            0
        };
        let mut text = String::with_capacity(original.len());
        let mut map = Vec::with_capacity(original.len() + 1);
        let bytes = original.as_bytes();
        let mut i = start;
        while i < bytes.len() {
            if bytes[i] == b'\r' {
                map.push(i);
                text.push('\n');
                i += if bytes.get(i + 1) == Some(&b'\n') {
                    2
                } else {
                    1
                };
                continue;
            }
            let c = original[i..].chars().next().unwrap_or('\0');
            for k in 0..c.len_utf8() {
                map.push(i + k);
            }
            text.push(c);
            i += c.len_utf8();
        }
        map.push(original.len());
        Self {
            text,
            map: Some(map),
            original_len: original.len(),
        }
    }

    /// The original offset of a normalized one.
    #[must_use]
    pub fn orig(&self, offset: usize) -> usize {
        match &self.map {
            None => offset.min(self.original_len),
            Some(map) => map.get(offset).or_else(|| map.last()).copied().unwrap_or(0),
        }
    }

    /// The original range of a normalized one.
    #[must_use]
    pub fn range(&self, r: &Range<usize>) -> Range<usize> {
        let start = self.orig(r.start);
        // An end right after a normalized `\n` that stood for `\r\n` covers both.
        let end = if r.end > r.start && self.text.as_bytes().get(r.end - 1) == Some(&b'\n') {
            self.orig(r.end - 1) + self.orig_line_break_len(r.end - 1)
        } else {
            self.orig(r.end)
        };
        start..end.max(start)
    }

    fn orig_line_break_len(&self, offset: usize) -> usize {
        let at = self.orig(offset);
        self.orig(offset + 1).saturating_sub(at).max(1)
    }
}

/// The frontmatter as `/^---\n([\s\S]*?)\n---\n([\s\S]*)$/` finds it in the
/// normalized text: `---` and a line break first, then the first line that
/// is exactly `---` followed by a line break.
#[must_use]
pub fn locate(norm: &str) -> Option<Located> {
    let rest = norm.strip_prefix("---\n")?;
    let at = 4 + rest.find("\n---\n")?;
    Some(Located {
        open: 0..3,
        content: 4..at,
        close: at + 1..at + 4,
        body_start: at + 5,
    })
}

/// A JavaScript value as the loader holds it.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `null` (dropped from mappings by `stripNullValues`).
    Null,
    /// A boolean.
    Bool(bool),
    /// A number.
    Num(f64),
    /// A string.
    Str(String),
    /// An array.
    Arr(Vec<Value>),
    /// An object, its keys in order.
    Obj(Vec<(String, Value)>),
}

impl Value {
    /// The value's text, when it is a string.
    #[must_use]
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    /// JavaScript's `String(value)`.
    #[must_use]
    pub fn js_string(&self) -> String {
        match self {
            Value::Null => "null".to_owned(),
            Value::Bool(b) => b.to_string(),
            Value::Num(n) => js_number_string(*n),
            Value::Str(s) => s.clone(),
            Value::Arr(items) => items
                .iter()
                .map(|i| match i {
                    Value::Null => String::new(),
                    other => other.js_string(),
                })
                .collect::<Vec<_>>()
                .join(","),
            Value::Obj(_) => "[object Object]".to_owned(),
        }
    }

    /// The type in words, for messages.
    #[must_use]
    pub fn words(&self) -> &'static str {
        match self {
            Value::Null => "empty",
            Value::Bool(_) => "a boolean",
            Value::Num(_) => "a number",
            Value::Str(_) => "text",
            Value::Arr(_) => "a list",
            Value::Obj(_) => "a mapping",
        }
    }

    /// JavaScript's `typeof`, for the loader's own messages.
    #[must_use]
    pub fn type_of(&self) -> &'static str {
        match self {
            Value::Bool(_) => "boolean",
            Value::Num(_) => "number",
            Value::Str(_) => "string",
            Value::Null | Value::Arr(_) | Value::Obj(_) => "object",
        }
    }

    /// A property of an object.
    #[must_use]
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Obj(props) => props.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }
}

/// How JavaScript writes a number.
fn js_number_string(n: f64) -> String {
    if n.is_nan() {
        return "NaN".to_owned();
    }
    if n.is_infinite() {
        return if n > 0.0 { "Infinity" } else { "-Infinity" }.to_owned();
    }
    if n.fract() == 0.0 && n.abs() < 1e21 {
        #[allow(clippy::cast_possible_truncation)]
        return format!("{}", n as i64);
    }
    format!("{n}")
}

/// One top-level key of the frontmatter and its value, with where they are
/// (normalized offsets).
#[derive(Debug, Clone)]
pub struct Field {
    /// The key.
    pub key: String,
    /// Where the key is.
    pub key_range: Range<usize>,
    /// The value, nulls dropped as `stripNullValues` drops them.
    pub value: Value,
    /// Where the value is (the key's range for a value with no text).
    pub value_range: Range<usize>,
    /// The YAML node, when the YAML parser read it.
    pub node: Option<Node>,
}

/// How the frontmatter was read.
#[derive(Debug, Clone)]
pub struct Frontmatter {
    /// Where it is (normalized offsets).
    pub located: Located,
    /// The top-level fields, null ones dropped.
    pub fields: Vec<Field>,
    /// Why the YAML parser failed, when the line reader was used instead.
    pub fallback: Option<SyntaxError>,
    /// The lines the line reader ignored (normalized ranges), when it ran.
    pub dropped: Vec<Range<usize>>,
    /// The spans of block scalars (a key written inside one is no claim).
    pub blocks: Vec<Range<usize>>,
    /// The top-level keys the YAML parser read, null values included
    /// (`document.has`), with their ranges.
    pub keys: Vec<(String, Range<usize>)>,
}

impl Frontmatter {
    /// A field by key.
    #[must_use]
    pub fn get(&self, key: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.key == key)
    }
}

/// Reads the frontmatter of the normalized text as Qwen Code does.
#[must_use]
pub fn read(norm: &str, located: &Located) -> Frontmatter {
    let mut out = Frontmatter {
        located: located.clone(),
        fields: Vec::new(),
        fallback: None,
        dropped: Vec::new(),
        blocks: Vec::new(),
        keys: Vec::new(),
    };
    match jsyaml::read_with(norm, located, false) {
        Ok(read) => {
            let view = read.view();
            match read.fm.root.as_ref().map(|r| view.resolve(r)) {
                Some(root) if matches!(root.kind, NodeKind::Map(_)) => {
                    blocks(root, &mut out.blocks);
                    let NodeKind::Map(entries) = &root.kind else {
                        return out;
                    };
                    for e in entries {
                        let key = match &e.key.kind {
                            NodeKind::Scalar(s) => match convert(&read, &e.key, 0) {
                                Value::Num(n) => js_number_string(n),
                                Value::Null => "null".to_owned(),
                                _ => s.text.to_string(),
                            },
                            _ => "[object Object]".to_owned(),
                        };
                        let value = convert(&read, &e.value, 0);
                        out.keys.push((key.clone(), e.key.span.clone()));
                        out.fields.retain(|f| f.key != key);
                        if value == Value::Null {
                            continue;
                        }
                        let value_range = if e.value.span.is_empty() {
                            e.key.span.clone()
                        } else {
                            e.value.span.clone()
                        };
                        out.fields.push(Field {
                            key,
                            key_range: e.key.span.clone(),
                            value,
                            value_range,
                            node: Some(e.value.clone()),
                        });
                    }
                }
                other => {
                    let what = other.map_or("nothing", |n| read.js(n).words());
                    out.fallback = Some(SyntaxError {
                        offset: other.map_or(located.content.start, |n| n.span.start),
                        message: format!("the frontmatter is {what}, not a mapping"),
                    });
                    simple(norm, &mut out);
                }
            }
        }
        Err(e) => {
            out.fallback = Some(e);
            simple(norm, &mut out);
        }
    }
    out
}

/// The spans of block scalars.
fn blocks(node: &Node, out: &mut Vec<Range<usize>>) {
    match &node.kind {
        NodeKind::Scalar(s) if matches!(s.style, Style::Literal | Style::Folded) => {
            out.push(node.span.clone());
        }
        NodeKind::Seq(items) => items.iter().for_each(|n| blocks(n, out)),
        NodeKind::Map(entries) => {
            for e in entries {
                blocks(&e.value, out);
            }
        }
        _ => {}
    }
}

/// A YAML node as the core schema and `sanitizeValue` make it.
fn convert(read: &jsyaml::Read, node: &Node, depth: usize) -> Value {
    let view = read.view();
    let node = view.resolve(node);
    if depth > 64 {
        return Value::Null;
    }
    match &node.kind {
        NodeKind::Seq(items) => Value::Arr(
            items
                .iter()
                .map(|i| convert(read, i, depth + 1))
                .filter(|v| *v != Value::Null)
                .collect(),
        ),
        NodeKind::Map(entries) => {
            let mut props: Vec<(String, Value)> = Vec::new();
            for e in entries {
                let key = match &e.key.kind {
                    NodeKind::Scalar(s) => s.text.to_string(),
                    _ => "[object Object]".to_owned(),
                };
                let value = convert(read, &e.value, depth + 1);
                props.retain(|(k, _)| *k != key);
                if value != Value::Null {
                    props.push((key, value));
                }
            }
            Value::Obj(props)
        }
        NodeKind::Alias(_) => Value::Null,
        NodeKind::Scalar(s) => {
            let js = read.js(node);
            let plain = s.style == Style::Plain;
            match js {
                Js::Null => Value::Null,
                Js::Bool(b) => Value::Bool(b),
                // The core schema has no `_` in numbers and no dates.
                Js::Number(_) if plain && s.text.contains('_') => Value::Str(s.text.to_string()),
                Js::Number(n) => Value::Num(n),
                Js::Date if plain => Value::Str(s.text.to_string()),
                Js::Date => Value::Str(s.text.to_string()),
                Js::String | Js::Array | Js::Object => Value::Str(s.text.to_string()),
            }
        }
    }
}

/// JavaScript's `String.prototype.trim` whitespace.
fn js_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{feff}'
}

/// JavaScript's `String.prototype.trim`.
fn js_trim(s: &str) -> &str {
    s.trim_matches(js_space)
}

/// How many bytes of blanks (JavaScript's) start `s`.
fn js_lead(s: &str) -> usize {
    s.len() - s.trim_start_matches(js_space).len()
}

/// `parseValue` of the line reader.
fn simple_value(value: &str) -> Value {
    match value {
        "true" => return Value::Bool(true),
        "false" => return Value::Bool(false),
        "null" => return Value::Null,
        "" => return Value::Str(String::new()),
        _ => {}
    }
    if value.len() >= 2 && value.starts_with('"') && value.ends_with('"') {
        let inner = &value[1..value.len() - 1];
        return Value::Str(inner.replace("\\\"", "\"").replace("\\\\", "\\"));
    }
    match js_number(value) {
        Some(n) if n.is_finite() => Value::Num(n),
        _ => Value::Str(value.to_owned()),
    }
}

/// JavaScript's `Number(text)` of a trimmed, non-empty text.
fn js_number(s: &str) -> Option<f64> {
    let radix = |digits: &str, base: u32| -> Option<f64> {
        if digits.is_empty() || !digits.chars().all(|c| c.is_digit(base)) {
            return None;
        }
        let mut v = 0f64;
        for c in digits.chars() {
            v = v * f64::from(base) + f64::from(c.to_digit(base)?);
        }
        Some(v)
    };
    let lower = s.to_ascii_lowercase();
    if let Some(d) = lower.strip_prefix("0x") {
        return radix(d, 16);
    }
    if let Some(d) = lower.strip_prefix("0b") {
        return radix(d, 2);
    }
    if let Some(d) = lower.strip_prefix("0o") {
        return radix(d, 8);
    }
    match s {
        "Infinity" | "+Infinity" => return Some(f64::INFINITY),
        "-Infinity" => return Some(f64::NEG_INFINITY),
        _ => {}
    }
    let b = s.as_bytes();
    let mut i = usize::from(matches!(b.first(), Some(b'+' | b'-')));
    let digits_start = i;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    let mut digits = i > digits_start;
    if i < b.len() && b[i] == b'.' {
        i += 1;
        let frac = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        digits |= i > frac;
    }
    if !digits {
        return None;
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
            i += 1;
        }
        let exp = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == exp {
            return None;
        }
    }
    if i != b.len() {
        return None;
    }
    let t = s.strip_prefix('+').unwrap_or(s);
    let t = if let Some(rest) = t.strip_prefix("-.") {
        format!("-0.{rest}")
    } else if let Some(rest) = t.strip_prefix('.') {
        format!("0.{rest}")
    } else {
        t.to_owned()
    };
    t.parse::<f64>().ok()
}

/// `parseSimple`: the line reader Qwen Code falls back on.
#[allow(clippy::too_many_lines)]
fn simple(norm: &str, out: &mut Frontmatter) {
    let content = out.located.content.clone();
    let mut lines: Vec<(usize, &str)> = Vec::new();
    let mut offset = content.start;
    for line in norm[content.clone()].split('\n') {
        let t = js_trim(line);
        if !t.is_empty() && !t.starts_with('#') {
            lines.push((offset, line));
        }
        offset += line.len() + 1;
    }
    let mut used = vec![false; lines.len()];
    let mut fields: Vec<Field> = Vec::new();
    let set = |fields: &mut Vec<Field>,
               key: String,
               key_range: Range<usize>,
               value: Value,
               value_range: Range<usize>| {
        if let Some(f) = fields.iter_mut().find(|f| f.key == key) {
            f.value = value;
            f.key_range = key_range;
            f.value_range = value_range;
        } else {
            fields.push(Field {
                key,
                key_range,
                value,
                value_range,
                node: None,
            });
        }
    };
    let mut current_key = String::new();
    let mut current_key_range = 0..0;
    let mut current_array: Vec<Value> = Vec::new();
    let mut array_end = 0;
    let mut in_array = false;
    let mut current_object: Vec<(String, Value)> = Vec::new();
    let mut in_object = false;
    let mut object_key = String::new();
    let mut object_key_range = 0..0;
    let mut object_end = 0;
    let key_range = |start: usize, key: &str| {
        let at = start + js_lead(key);
        at..at + js_trim(key).len()
    };
    for i in 0..lines.len() {
        let (start, line) = lines[i];
        if let Some(item) = line.strip_prefix("  - ") {
            if !in_array {
                in_array = true;
                current_array = Vec::new();
            }
            current_array.push(simple_value(js_trim(item)));
            array_end = start + line.len();
            used[i] = true;
            continue;
        }
        if in_array {
            set(
                &mut fields,
                current_key.clone(),
                current_key_range.clone(),
                Value::Arr(std::mem::take(&mut current_array)),
                current_key_range.start..array_end,
            );
            in_array = false;
            current_key = String::new();
        }
        if line.starts_with("  ") && in_object {
            let t = js_trim(line);
            let (k, v) = t.split_once(':').unwrap_or((t, ""));
            let k = js_trim(k).to_owned();
            let v = simple_value(js_trim(v));
            current_object.retain(|(key, _)| *key != k);
            current_object.push((k, v));
            object_end = start + line.len();
            used[i] = true;
            continue;
        }
        if in_object && !line.starts_with("  ") {
            set(
                &mut fields,
                std::mem::take(&mut object_key),
                object_key_range.clone(),
                Value::Obj(std::mem::take(&mut current_object)),
                object_key_range.start..object_end,
            );
            in_object = false;
        }
        if let Some((k, v)) = line.split_once(':') {
            let value = js_trim(v);
            used[i] = true;
            if value.is_empty() {
                current_key = js_trim(k).to_owned();
                current_key_range = key_range(start, k);
                if let Some((_, next)) = lines.get(i + 1) {
                    if next.starts_with("  - ") {
                        continue;
                    } else if next.starts_with("  ") {
                        in_object = true;
                        object_key = std::mem::take(&mut current_key);
                        object_key_range = current_key_range.clone();
                        object_end = start + line.len();
                        current_object = Vec::new();
                        continue;
                    }
                }
            } else {
                let value_start = start + k.len() + 1 + js_lead(v);
                set(
                    &mut fields,
                    js_trim(k).to_owned(),
                    key_range(start, k),
                    simple_value(value),
                    value_start..value_start + value.len(),
                );
            }
        }
    }
    if in_array {
        set(
            &mut fields,
            current_key,
            current_key_range.clone(),
            Value::Arr(current_array),
            current_key_range.start..array_end,
        );
    }
    if in_object {
        set(
            &mut fields,
            object_key,
            object_key_range.clone(),
            Value::Obj(current_object),
            object_key_range.start..object_end,
        );
    }
    // `stripNullValues`.
    for f in &mut fields {
        f.value = strip(std::mem::replace(&mut f.value, Value::Null));
    }
    fields.retain(|f| f.value != Value::Null);
    out.fields = fields;
    out.dropped = lines
        .iter()
        .zip(&used)
        .filter(|(_, u)| !**u)
        .map(|((s, l), _)| *s..*s + l.len())
        .collect();
}

/// `sanitizeValue`: nulls dropped from objects and arrays.
fn strip(v: Value) -> Value {
    match v {
        Value::Arr(items) => Value::Arr(
            items
                .into_iter()
                .map(strip)
                .filter(|v| *v != Value::Null)
                .collect(),
        ),
        Value::Obj(props) => Value::Obj(
            props
                .into_iter()
                .map(|(k, v)| (k, strip(v)))
                .filter(|(_, v)| *v != Value::Null)
                .collect(),
        ),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_left_as_it_is_maps_each_offset_to_itself() {
        for original in ["", "---\nname: a\n---\nBody é漢😀\n", "a\nb", "x"] {
            let (fast, mapped) = (Normalized::new(original), Normalized::mapped(original));
            assert!(fast.map.is_none(), "{original:?}");
            assert_eq!(fast.text, mapped.text);
            for at in 0..original.len() + 3 {
                assert_eq!(fast.orig(at), mapped.orig(at), "{original:?} at {at}");
                let r = at.saturating_sub(2)..at;
                assert_eq!(fast.range(&r), mapped.range(&r), "{original:?} {r:?}");
            }
        }
        assert!(Normalized::new("a\r\nb").map.is_some());
        assert!(Normalized::new("\u{feff}a").map.is_some());
    }

    fn fields(text: &str) -> Frontmatter {
        let norm = Normalized::new(text);
        let located = locate(&norm.text).expect("frontmatter");
        read(&norm.text, &located)
    }

    #[test]
    fn normalized_offsets_map_back() {
        let t = "\u{feff}---\r\nname: a\r\n---\r\nBody";
        let n = Normalized::new(t);
        assert_eq!(n.text, "---\nname: a\n---\nBody");
        assert_eq!(n.orig(0), 3);
        assert_eq!(&t[n.range(&(4..11))], "name: a");
        assert_eq!(n.orig(n.text.len()), t.len());
        assert_eq!(&t[n.range(&(0..4))], "---\r\n");
    }

    #[test]
    fn the_block_as_qwen_finds_it() {
        assert!(locate("---\nname: a\n---\nBody").is_some());
        assert!(locate("---\nname: a\n---").is_none());
        assert!(locate("---\nname: a\n---   \nBody").is_none());
        assert!(locate("\n---\nname: a\n---\n").is_none());
        assert!(locate("---\n---\n").is_none());
        assert_eq!(locate("---\n\n---\n").map(|l| l.content), Some(4..4));
        let t = "---\ndescription: --- fence inside\n---\nB";
        assert_eq!(locate(t).map(|l| l.close), Some(34..37));
    }

    #[test]
    fn the_line_reader() {
        let f = fields(
            "---\nname: code-reviewer\ndescription: Triggers include: X, Y\n---\nBody text here\n",
        );
        assert!(f.fallback.is_some());
        assert_eq!(
            f.get("description").map(|d| d.value.clone()),
            Some(Value::Str("Triggers include: X, Y".to_owned()))
        );
        let f = fields(
            "---\nname: fallback-list\ndescription: Has: colon\ntools:\n  - read_file\n  - Bash\ncolor: purple\n---\nB\n",
        );
        assert_eq!(
            f.get("tools").map(|d| d.value.clone()),
            Some(Value::Arr(vec![
                Value::Str("read_file".to_owned()),
                Value::Str("Bash".to_owned())
            ]))
        );
        let f = fields(
            "---\nname: x\ndescription: Multi line plain\ncontinued at column zero\n---\nB\n",
        );
        assert_eq!(
            f.get("description").map(|d| d.value.clone()),
            Some(Value::Str("Multi line plain".to_owned()))
        );
        assert_eq!(f.dropped.len(), 1);
        let f = fields("---\nname: dup\nname: dup2\ndescription: x\n---\nB\n");
        assert_eq!(
            f.get("name").map(|d| d.value.clone()),
            Some(Value::Str("dup2".to_owned()))
        );
        let f = fields("---\nname: n\ndescription: 42\nbad: [\n---\nB\n");
        assert_eq!(
            f.get("description").map(|d| d.value.clone()),
            Some(Value::Num(42.0))
        );
    }

    #[test]
    fn strings_as_javascript_writes_them() {
        assert_eq!(Value::Num(123.0).js_string(), "123");
        assert_eq!(
            Value::Arr(vec![Value::Str("a".into()), Value::Str("b".into())]).js_string(),
            "a,b"
        );
        assert_eq!(Value::Num(2.5).js_string(), "2.5");
        assert_eq!(js_number("0x1F"), Some(31.0));
        assert_eq!(js_number(".5"), Some(0.5));
        assert_eq!(js_number("1_000"), None);
        assert_eq!(js_number("5."), Some(5.0));
    }
}
