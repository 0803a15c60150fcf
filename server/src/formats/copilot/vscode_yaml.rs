//! VS Code 1.139's own small YAML parser for prompt-file headers, ported
//! from its workbench (the scanner and parser behind `parseFrontMatter`):
//! far more lenient than YAML (`description: Use when: x` is the text
//! `Use when: x`, an unclosed quote runs to the end of the line, anchors and
//! tags are text), with errors only for an unexpected indentation, an
//! unclosed `[` or `{`, a missing `:` or value, and a key given twice.
//!
//! It works on characters, as the original works on UTF-16 units (only
//! ASCII characters are ever compared), and reports byte ranges.

use std::ops::Range;

use super::vscode::{Format, VNode};

/// A parse error, with VS Code's message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// VS Code's message (`Unexpected indentation (expected 0, got 2)`).
    pub message: String,
    /// Where, in bytes of the parsed text.
    pub range: Range<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ty {
    Scalar,
    Colon,
    Dash,
    Comma,
    MapStart,
    MapEnd,
    SeqStart,
    SeqEnd,
    Newline,
    Indent,
    Comment,
    DocStart,
    DocEnd,
    Eof,
}

#[derive(Debug, Clone)]
struct Token {
    ty: Ty,
    start: usize,
    end: usize,
    value: String,
    format: Format,
    indent: i64,
}

fn tok(ty: Ty, start: usize, end: usize) -> Token {
    Token {
        ty,
        start,
        end,
        value: String::new(),
        format: Format::Plain,
        indent: 0,
    }
}

struct Scanner<'a> {
    input: &'a [char],
    pos: usize,
    tokens: Vec<Token>,
    flow_depth: usize,
    seen_block_colon: bool,
    seen_document_start: usize,
}

fn blank_or_end(c: Option<char>) -> bool {
    matches!(c, None | Some(' ' | '\t' | '\n' | '\r'))
}

impl Scanner<'_> {
    fn at(&self, i: usize) -> Option<char> {
        self.input.get(i).copied()
    }

    fn peek(&self) -> Option<char> {
        self.at(self.pos)
    }

    fn text(&self, r: Range<usize>) -> String {
        self.input[r.start.min(self.input.len())..r.end.min(self.input.len())]
            .iter()
            .collect()
    }

    fn scan(mut self) -> Vec<Token> {
        while self.pos < self.input.len() {
            self.scan_line();
            if self.seen_document_start > 1 {
                break;
            }
        }
        self.tokens.push(tok(Ty::Eof, self.pos, self.pos));
        self.tokens
    }

    fn scan_line(&mut self) {
        self.seen_block_colon = false;
        match self.peek() {
            Some('\n') => {
                self.tokens.push(tok(Ty::Newline, self.pos, self.pos + 1));
                self.pos += 1;
                return;
            }
            Some('\r') => {
                let t = self.pos
                    + if self.at(self.pos + 1) == Some('\n') {
                        2
                    } else {
                        1
                    };
                self.tokens.push(tok(Ty::Newline, self.pos, t));
                self.pos = t;
                return;
            }
            _ => {}
        }
        let start = self.pos;
        let mut indent = 0;
        while matches!(self.peek(), Some(' ' | '\t')) {
            indent += 1;
            self.pos += 1;
        }
        if indent > 0 {
            let mut t = tok(Ty::Indent, start, self.pos);
            t.indent = indent;
            self.tokens.push(t);
        }
        if matches!(self.peek(), None | Some('\n' | '\r')) {
            if self.pos < self.input.len() {
                let t = self.pos;
                let i = if self.peek() == Some('\r') && self.at(self.pos + 1) == Some('\n') {
                    self.pos + 2
                } else {
                    self.pos + 1
                };
                self.tokens.push(tok(Ty::Newline, t, i));
                self.pos = i;
            }
            return;
        }
        if indent == 0 && self.input.len() - self.pos >= 3 {
            let three: String = self.text(self.pos..self.pos + 3);
            let after = blank_or_end(self.at(self.pos + 3));
            if three == "---" && after {
                self.tokens.push(tok(Ty::DocStart, self.pos, self.pos + 3));
                self.pos += 3;
                self.scan_line_content();
                self.scan_newline();
                self.seen_document_start += 1;
                return;
            }
            if three == "..." && after {
                self.tokens.push(tok(Ty::DocEnd, self.pos, self.pos + 3));
                self.pos += 3;
                self.scan_line_content();
                self.scan_newline();
                return;
            }
        }
        if self.peek() == Some('#') {
            self.scan_comment();
            self.scan_newline();
            return;
        }
        if self.peek() == Some('%') {
            while !matches!(self.peek(), None | Some('\n' | '\r')) {
                self.pos += 1;
            }
            self.scan_newline();
            return;
        }
        self.scan_line_content();
        self.scan_newline();
    }

    fn skip_inline_whitespace(&mut self) {
        while matches!(self.peek(), Some(' ' | '\t')) {
            self.pos += 1;
        }
    }

    fn scan_line_content(&mut self) {
        loop {
            if matches!(self.peek(), None | Some('\n' | '\r')) {
                break;
            }
            self.skip_inline_whitespace();
            let Some(c) = self.peek() else { break };
            if c == '\n' || c == '\r' {
                break;
            }
            let flow = self.flow_depth > 0;
            match c {
                '#' => {
                    self.scan_comment();
                    break;
                }
                '{' => {
                    self.flow_depth += 1;
                    self.single(Ty::MapStart);
                }
                '}' if flow => {
                    self.flow_depth -= 1;
                    self.single(Ty::MapEnd);
                }
                '[' => {
                    self.flow_depth += 1;
                    self.single(Ty::SeqStart);
                }
                ']' if flow => {
                    self.flow_depth -= 1;
                    self.single(Ty::SeqEnd);
                }
                ',' if flow => self.single(Ty::Comma),
                '-' if blank_or_end(self.at(self.pos + 1)) => self.single(Ty::Dash),
                ':' if self.is_block_colon() => {
                    self.single(Ty::Colon);
                    if self.flow_depth == 0 {
                        self.seen_block_colon = true;
                    }
                }
                ':' if flow && self.last_token_is_json_like() => self.single(Ty::Colon),
                '\'' | '"' => self.scan_quoted(c),
                '|' | '>' if !flow && self.is_block_scalar_start() => {
                    self.scan_block_scalar(c);
                    break;
                }
                _ => self.scan_unquoted(),
            }
        }
    }

    fn single(&mut self, ty: Ty) {
        self.tokens.push(tok(ty, self.pos, self.pos + 1));
        self.pos += 1;
    }

    fn is_block_colon(&self) -> bool {
        if self.seen_block_colon && self.flow_depth == 0 {
            return false;
        }
        let next = self.at(self.pos + 1);
        blank_or_end(next) || (self.flow_depth > 0 && matches!(next, Some(',' | '}' | ']')))
    }

    fn last_token_is_json_like(&self) -> bool {
        self.tokens
            .iter()
            .rev()
            .find(|t| !matches!(t.ty, Ty::Newline | Ty::Indent | Ty::Comment))
            .is_some_and(|t| {
                (t.ty == Ty::Scalar && t.format != Format::Plain)
                    || matches!(t.ty, Ty::MapEnd | Ty::SeqEnd)
            })
    }

    fn scan_quoted(&mut self, q: char) {
        let start = self.pos;
        self.pos += 1;
        let format = if q == '\'' {
            Format::Single
        } else {
            Format::Double
        };
        let mut value: Vec<char> = Vec::new();
        let mut trailing = 0;
        while let Some(r) = self.peek() {
            if r == q {
                if q == '\'' && self.at(self.pos + 1) == Some('\'') {
                    value.push('\'');
                    self.pos += 2;
                    trailing = 0;
                    continue;
                }
                self.pos += 1;
                self.push_scalar(start, self.pos, value.into_iter().collect(), format);
                return;
            }
            if q == '"' && r == '\\' {
                let a = self.at(self.pos + 1);
                if matches!(a, Some('\n' | '\r')) {
                    self.pos += 1;
                    self.consume_newline();
                    self.skip_inline_whitespace();
                    trailing = 0;
                    continue;
                }
                let simple = match a {
                    Some('n') => Some('\n'),
                    Some('t') => Some('\t'),
                    Some('\\') => Some('\\'),
                    Some('"') => Some('"'),
                    Some('/') => Some('/'),
                    Some('r') => Some('\r'),
                    Some('0') => Some('\0'),
                    Some('a') => Some('\u{7}'),
                    Some('b') => Some('\u{8}'),
                    Some('e') => Some('\u{1b}'),
                    Some('v') => Some('\u{b}'),
                    Some('f') => Some('\u{c}'),
                    Some(' ') => Some(' '),
                    Some('_') => Some('\u{a0}'),
                    _ => None,
                };
                if let Some(c) = simple {
                    value.push(c);
                } else if let Some(x @ ('x' | 'u' | 'U')) = a {
                    let n = match x {
                        'x' => 2,
                        'u' => 4,
                        _ => 8,
                    };
                    let digits = self.text(self.pos + 2..self.pos + 2 + n);
                    match parse_int_prefix(&digits) {
                        Some(code) if digits.chars().count() == n => {
                            value.push(char::from_u32(code).unwrap_or('\u{fffd}'));
                            self.pos += 2 + n;
                        }
                        _ => {
                            value.push('\\');
                            value.push(x);
                            self.pos += 2;
                        }
                    }
                    trailing = 0;
                    continue;
                } else {
                    value.push('\\');
                    if let Some(c) = a {
                        value.push(c);
                    }
                }
                self.pos += 2;
                trailing = 0;
                continue;
            }
            if r == '\n' || r == '\r' {
                value.truncate(value.len() - trailing);
                trailing = 0;
                self.consume_newline();
                let mut blank = 0;
                while self.pos < self.input.len() {
                    self.skip_inline_whitespace();
                    if matches!(self.peek(), Some('\n' | '\r')) {
                        blank += 1;
                        self.consume_newline();
                    } else {
                        break;
                    }
                }
                if blank > 0 {
                    value.extend(std::iter::repeat_n('\n', blank));
                } else {
                    value.push(' ');
                }
                continue;
            }
            if r == ' ' || r == '\t' {
                trailing += 1;
            } else {
                trailing = 0;
            }
            value.push(r);
            self.pos += 1;
        }
        self.push_scalar(start, self.pos, value.into_iter().collect(), format);
    }

    fn push_scalar(&mut self, start: usize, end: usize, value: String, format: Format) {
        let mut t = tok(Ty::Scalar, start, end);
        t.value = value;
        t.format = format;
        self.tokens.push(t);
    }

    fn scan_unquoted(&mut self) {
        let start = self.pos;
        let mut end = self.pos;
        let flow = self.flow_depth > 0;
        while let Some(c) = self.peek() {
            if c == '\n'
                || c == '\r'
                || (flow && matches!(c, ',' | '}' | ']' | '{' | '['))
                || (c == ':' && self.is_block_colon())
                || (c == '#'
                    && self.pos > start
                    && matches!(self.at(self.pos - 1), Some(' ' | '\t')))
            {
                break;
            }
            self.pos += 1;
            if c != ' ' && c != '\t' {
                end = self.pos;
            }
        }
        let text = self.text(start..end);
        self.push_scalar(start, end, text, Format::Plain);
    }

    fn is_block_scalar_start(&self) -> bool {
        let mut o = self.pos + 1;
        while matches!(self.at(o), Some('1'..='9' | '+' | '-')) {
            o += 1;
        }
        while matches!(self.at(o), Some(' ' | '\t')) {
            o += 1;
        }
        matches!(self.at(o), None | Some('\n' | '\r' | '#'))
    }

    fn scan_block_scalar(&mut self, indicator: char) {
        let start = self.pos;
        self.pos += 1;
        let mut explicit = 0i64;
        let mut chomp = 'c';
        for _ in 0..2 {
            match self.peek() {
                Some(g @ '1'..='9') if explicit == 0 => {
                    explicit = i64::from(g.to_digit(10).unwrap_or(0));
                    self.pos += 1;
                }
                Some('-') if chomp == 'c' => {
                    chomp = 's';
                    self.pos += 1;
                }
                Some('+') if chomp == 'c' => {
                    chomp = 'k';
                    self.pos += 1;
                }
                _ => {}
            }
        }
        self.skip_inline_whitespace();
        if self.peek() == Some('#') {
            while !matches!(self.peek(), None | Some('\n' | '\r')) {
                self.pos += 1;
            }
        }
        self.consume_newline();
        let parent = self.parent_block_indent();
        let mut indent = if explicit > 0 { parent + explicit } else { 0 };
        let mut lines: Vec<String> = Vec::new();
        let mut empty_tail = 0;
        while self.pos < self.input.len() {
            let h = self.pos;
            let mut g = 0i64;
            while self.peek() == Some(' ') {
                g += 1;
                self.pos += 1;
            }
            if matches!(self.peek(), None | Some('\n' | '\r')) {
                if indent > 0 && g >= indent {
                    let b = self.text(h + usize::try_from(indent).unwrap_or(0)..self.pos);
                    if b.is_empty() {
                        empty_tail += 1;
                    } else {
                        empty_tail = 0;
                    }
                    lines.push(b);
                } else {
                    lines.push(String::new());
                    empty_tail += 1;
                }
                self.consume_newline();
                continue;
            }
            if g == 0 && self.input.len() - self.pos >= 3 {
                let three = self.text(self.pos..self.pos + 3);
                if (three == "---" || three == "...") && blank_or_end(self.at(self.pos + 3)) {
                    self.pos = h;
                    break;
                }
            }
            if indent == 0 {
                if g <= parent {
                    self.pos = h;
                    break;
                }
                indent = g;
            }
            if g < indent {
                self.pos = h;
                break;
            }
            let from = h + usize::try_from(indent).unwrap_or(0);
            while !matches!(self.peek(), None | Some('\n' | '\r')) {
                self.pos += 1;
            }
            lines.push(self.text(from..self.pos));
            empty_tail = 0;
            self.consume_newline();
        }
        let mut value = if indicator == '|' {
            lines.join("\n")
        } else {
            let mut l = String::new();
            let (mut more, mut after_empty, mut content) = (false, false, false);
            for (v, b) in lines.iter().enumerate() {
                let indented = b.starts_with([' ', '\t']);
                if b.is_empty() {
                    l.push('\n');
                    after_empty = true;
                } else if v == 0 {
                    l.clone_from(b);
                    more = indented;
                    content = true;
                } else if after_empty {
                    if (more || indented) && content {
                        l.push('\n');
                    }
                    l.push_str(b);
                    more = indented;
                    after_empty = false;
                    content = true;
                } else if indented || more {
                    l.push('\n');
                    l.push_str(b);
                    more = indented;
                    content = true;
                } else {
                    l.push(' ');
                    l.push_str(b);
                    more = false;
                    content = true;
                }
            }
            l
        };
        if empty_tail > 0 {
            let kept = value.trim_end_matches('\n').len();
            value.truncate(kept);
        }
        let has_content = lines.iter().any(|l| !l.is_empty());
        match chomp {
            'c' if has_content => value.push('\n'),
            'k' if has_content => value.push_str(&"\n".repeat(empty_tail + 1)),
            'k' => value = "\n".repeat(empty_tail),
            _ => {}
        }
        let end = self.pos;
        self.push_scalar(start, end, value, Format::Block);
    }

    fn parent_block_indent(&self) -> i64 {
        let mut it = self
            .tokens
            .iter()
            .rev()
            .filter(|t| !matches!(t.ty, Ty::Newline | Ty::Comment | Ty::Indent));
        match it.next().map(|t| t.ty) {
            Some(Ty::Colon) => it.next().map_or(0, |t| self.column_at(t.start)),
            Some(Ty::Dash) => self
                .tokens
                .iter()
                .rev()
                .find(|t| !matches!(t.ty, Ty::Newline | Ty::Comment | Ty::Indent))
                .map_or(0, |t| self.column_at(t.start)),
            Some(Ty::DocStart) => -1,
            _ => 0,
        }
    }

    fn column_at(&self, offset: usize) -> i64 {
        let mut n = 0;
        let mut t = offset;
        while t > 0 && !matches!(self.at(t - 1), Some('\n' | '\r')) {
            n += 1;
            t -= 1;
        }
        n
    }

    fn scan_comment(&mut self) {
        let start = self.pos;
        while !matches!(self.peek(), None | Some('\n' | '\r')) {
            self.pos += 1;
        }
        self.tokens.push(tok(Ty::Comment, start, self.pos));
    }

    fn scan_newline(&mut self) {
        let start = self.pos;
        if self.consume_newline() {
            self.tokens.push(tok(Ty::Newline, start, self.pos));
        }
    }

    fn consume_newline(&mut self) -> bool {
        match self.peek() {
            Some('\r') if self.at(self.pos + 1) == Some('\n') => {
                self.pos += 2;
                true
            }
            Some('\n' | '\r') => {
                self.pos += 1;
                true
            }
            _ => false,
        }
    }
}

/// JavaScript's `parseInt(s, 16)`: the longest hex prefix (`None` when
/// there is none: `NaN`).
fn parse_int_prefix(s: &str) -> Option<u32> {
    let digits: String = s.chars().take_while(char::is_ascii_hexdigit).collect();
    if digits.is_empty() {
        return None;
    }
    u32::from_str_radix(&digits, 16).ok().or(Some(u32::MAX))
}

/// A node as the parser builds it (char offsets).
#[derive(Debug, Clone)]
enum Raw {
    Scalar(String, Format, usize, usize),
    Seq(Vec<Raw>, usize, usize),
    Map(Vec<(Raw, Raw)>, usize, usize),
}

impl Raw {
    fn end(&self) -> usize {
        match self {
            Raw::Scalar(_, _, _, e) | Raw::Seq(_, _, e) | Raw::Map(_, _, e) => *e,
        }
    }
}

struct Parser<'a> {
    tokens: Vec<Token>,
    input: &'a [char],
    pos: usize,
    errors: Vec<(String, usize, usize)>,
    depth: usize,
}

/// How deep collections may nest before the parser gives up on them.
const MAX_DEPTH: usize = 256;

impl Parser<'_> {
    fn cur(&self) -> &Token {
        &self.tokens[self.pos.min(self.tokens.len() - 1)]
    }

    fn peek(&self, o: usize) -> &Token {
        &self.tokens[(self.pos + o).min(self.tokens.len() - 1)]
    }

    fn advance(&mut self) -> Token {
        let t = self.cur().clone();
        if t.ty != Ty::Eof {
            self.pos += 1;
        }
        t
    }

    fn expect(&mut self, ty: Ty) -> Token {
        if self.cur().ty == ty {
            self.advance()
        } else {
            self.cur().clone()
        }
    }

    fn error(&mut self, message: String, start: usize, end: usize) {
        self.errors.push((message, start, end));
    }

    fn skip_newlines_and_comments(&mut self) {
        loop {
            let ty = self.cur().ty;
            let indent_then_blank =
                ty == Ty::Indent && matches!(self.peek(1).ty, Ty::Newline | Ty::Comment | Ty::Eof);
            if ty == Ty::Newline || ty == Ty::Comment || indent_then_blank {
                self.advance();
            } else {
                break;
            }
        }
    }

    fn current_indent(&self) -> i64 {
        if self.cur().ty == Ty::Indent {
            self.cur().indent
        } else {
            0
        }
    }

    fn peek_past_indent(&self) -> &Token {
        if self.cur().ty == Ty::Indent {
            self.peek(1)
        } else {
            self.cur()
        }
    }

    fn looks_like_mapping(&self) -> bool {
        let o = usize::from(self.peek(0).ty == Ty::Indent);
        self.peek(o).ty == Ty::Scalar && self.peek(o + 1).ty == Ty::Colon
    }

    fn parse(&mut self) -> Option<Raw> {
        self.skip_newlines_and_comments();
        if self.cur().ty == Ty::DocStart {
            self.advance();
            self.skip_newlines_and_comments();
        }
        if matches!(self.cur().ty, Ty::Eof | Ty::DocEnd) {
            return None;
        }
        self.parse_value(-1)
    }

    fn parse_value(&mut self, o: i64) -> Option<Raw> {
        if self.depth > MAX_DEPTH {
            return None;
        }
        self.depth += 1;
        let out = self.parse_value_inner(o);
        self.depth -= 1;
        out
    }

    fn parse_value_inner(&mut self, o: i64) -> Option<Raw> {
        self.skip_newlines_and_comments();
        let e = self.cur().ty;
        let t = if e == Ty::Indent { self.peek(1).ty } else { e };
        if t == Ty::MapStart || t == Ty::SeqStart {
            if e == Ty::Indent {
                self.advance();
            }
            return Some(if t == Ty::MapStart {
                self.parse_flow_map()
            } else {
                self.parse_flow_seq()
            });
        }
        let i = self.current_indent();
        if self.peek_past_indent().ty == Ty::Dash {
            return Some(self.parse_block_sequence(i));
        }
        if self.looks_like_mapping() {
            return Some(self.parse_block_mapping(i, false));
        }
        if e == Ty::Scalar || e == Ty::Indent {
            return Some(self.parse_scalar(o));
        }
        None
    }

    fn parse_scalar(&mut self, o: i64) -> Raw {
        if self.cur().ty == Ty::Indent {
            self.advance();
        }
        let e = self.expect(Ty::Scalar);
        if e.format == Format::Plain {
            self.parse_plain_multiline(&e, o)
        } else {
            from_token(&e)
        }
    }

    fn parse_plain_multiline(&mut self, o: &Token, e: i64) -> Raw {
        let mut value = o.value.clone();
        let mut end = o.end;
        loop {
            let n = self.pos;
            let mut blank = 0;
            let mut more = false;
            while self.pos < self.tokens.len() {
                let l = self.cur().ty;
                if l == Ty::Newline {
                    self.advance();
                    let u = self.cur().clone();
                    if u.ty == Ty::Newline {
                        blank += 1;
                        continue;
                    }
                    if u.ty == Ty::Indent {
                        let p = self.peek(1).ty;
                        if p == Ty::Newline || p == Ty::Eof {
                            blank += 1;
                            self.advance();
                            continue;
                        }
                        if p == Ty::Comment {
                            break;
                        }
                        more = u.indent > e;
                        break;
                    }
                    if matches!(u.ty, Ty::Eof | Ty::DocStart | Ty::DocEnd) {
                        break;
                    }
                    more = e < 0;
                    break;
                }
                break;
            }
            if !more {
                self.pos = n;
                break;
            }
            if self.cur().ty == Ty::Indent {
                self.advance();
            }
            let sep = |value: &mut String, blank: usize| {
                if blank > 0 {
                    value.push_str(&"\n".repeat(blank));
                } else {
                    value.push(' ');
                }
            };
            if self.cur().ty != Ty::Scalar {
                if self.cur().ty == Ty::Dash {
                    let l = self.advance();
                    let mut u = "-".to_owned();
                    if self.cur().ty == Ty::Scalar {
                        let p = self.advance();
                        u = format!("- {}", p.value);
                        end = p.end;
                    } else {
                        end = l.end;
                    }
                    sep(&mut value, blank);
                    value.push_str(&u);
                    continue;
                }
                self.pos = n;
                break;
            }
            if self.peek(1).ty == Ty::Colon {
                self.pos = n;
                break;
            }
            let c = self.advance();
            sep(&mut value, blank);
            value.push_str(&c.value);
            end = c.end;
        }
        Raw::Scalar(value, Format::Plain, o.start, end)
    }

    fn parse_block_mapping(&mut self, o: i64, first: bool) -> Raw {
        let start = self.cur().start;
        let mut entries: Vec<(Raw, Raw)> = Vec::new();
        let mut seen: Vec<String> = Vec::new();
        if first && let Some(a) = self.parse_mapping_entry(o) {
            if let Raw::Scalar(k, ..) = &a.0 {
                seen.push(k.clone());
            }
            entries.push(a);
        }
        while self.cur().ty != Ty::Eof {
            self.skip_newlines_and_comments();
            if self.cur().ty == Ty::Eof {
                break;
            }
            let a = self.current_indent();
            if a < o {
                break;
            }
            if a != o {
                let (s, e) = (self.cur().start, self.cur().end);
                self.error(
                    format!("Unexpected indentation (expected {o}, got {a})"),
                    s,
                    e,
                );
            }
            if !self.looks_like_mapping() {
                break;
            }
            let Some(c) = self.parse_mapping_entry(o) else {
                break;
            };
            if let Raw::Scalar(k, _, ks, ke) = &c.0 {
                if seen.contains(k) {
                    self.error(format!("Duplicate key: \"{k}\""), *ks, *ke);
                }
                seen.push(k.clone());
            }
            entries.push(c);
        }
        let end = entries.last().map_or(start, |(_, v)| v.end());
        Raw::Map(entries, start, end)
    }

    fn parse_mapping_entry(&mut self, o: i64) -> Option<(Raw, Raw)> {
        if self.cur().ty == Ty::Indent {
            self.advance();
        }
        let e = self.expect(Ty::Scalar);
        let key = from_token(&e);
        let i = self.expect(Ty::Colon);
        if i.ty != Ty::Colon {
            self.error("Expected \":\"".to_owned(), i.start, i.end);
            return None;
        }
        let value = self.parse_mapping_value(o, &i);
        Some((key, value))
    }

    fn parse_mapping_value(&mut self, o: i64, colon: &Token) -> Raw {
        match self.cur().ty {
            Ty::MapStart => return self.parse_flow_map(),
            Ty::SeqStart => return self.parse_flow_seq(),
            Ty::Scalar => {
                let r = self.advance();
                return if r.format == Format::Plain {
                    self.parse_plain_multiline(&r, o)
                } else {
                    from_token(&r)
                };
            }
            _ => {}
        }
        self.skip_newlines_and_comments();
        let empty = Raw::Scalar(String::new(), Format::Plain, colon.end, colon.end);
        if self.cur().ty == Ty::Eof {
            self.error("Missing value".to_owned(), colon.start, colon.end);
            return empty;
        }
        let n = self.current_indent();
        if n == o && self.peek_past_indent().ty == Ty::Dash {
            return self.parse_value(o).unwrap_or(empty);
        }
        if n <= o {
            self.error("Missing value".to_owned(), colon.start, colon.end);
            return empty;
        }
        self.parse_value(o).unwrap_or(empty)
    }

    fn line_start(&self, o: usize) -> usize {
        let mut e = o;
        while e > 0 && !matches!(self.input.get(e - 1), Some('\n' | '\r')) {
            e -= 1;
        }
        e
    }

    fn column(&self, o: usize) -> i64 {
        i64::try_from(o - self.line_start(o)).unwrap_or(i64::MAX)
    }

    fn parse_block_sequence(&mut self, o: i64) -> Raw {
        let start = self.cur().start;
        let mut end = start;
        let mut items = Vec::new();
        let mut first = true;
        while self.cur().ty != Ty::Eof {
            self.skip_newlines_and_comments();
            if self.cur().ty == Ty::Eof {
                break;
            }
            let r = if first && self.cur().ty == Ty::Dash {
                self.column(self.cur().start)
            } else {
                self.current_indent()
            };
            first = false;
            if r < o {
                break;
            }
            if r != o {
                if r > o {
                    let (s, e) = (self.cur().start, self.cur().end);
                    self.error(
                        format!("Unexpected indentation (expected {o}, got {r})"),
                        s,
                        e,
                    );
                } else {
                    break;
                }
            }
            if self.peek_past_indent().ty != Ty::Dash {
                break;
            }
            if self.cur().ty == Ty::Indent {
                self.advance();
            }
            let dash = self.advance();
            let item = self.parse_sequence_item(o, &dash);
            end = item.end();
            items.push(item);
        }
        Raw::Seq(items, start, end)
    }

    fn parse_sequence_item(&mut self, o: i64, dash: &Token) -> Raw {
        if self.depth > MAX_DEPTH {
            return Raw::Scalar(String::new(), Format::Plain, dash.end, dash.end);
        }
        self.depth += 1;
        let out = self.parse_sequence_item_inner(o, dash);
        self.depth -= 1;
        out
    }

    fn parse_sequence_item_inner(&mut self, o: i64, dash: &Token) -> Raw {
        let t = self.cur().clone();
        if t.ty == Ty::Comment {
            self.advance();
        }
        match t.ty {
            Ty::MapStart => return self.parse_flow_map(),
            Ty::SeqStart => return self.parse_flow_seq(),
            Ty::Dash => {
                let n = self.column(t.start);
                return self.parse_block_sequence(n);
            }
            Ty::Scalar => {
                if self.peek(1).ty == Ty::Colon {
                    let n = self.column(t.start);
                    return self.parse_block_mapping(n, true);
                }
                return self.parse_scalar(o);
            }
            _ => {}
        }
        self.skip_newlines_and_comments();
        let empty = Raw::Scalar(String::new(), Format::Plain, dash.end, dash.end);
        if self.cur().ty == Ty::Eof || self.current_indent() <= o {
            self.error(
                "Missing sequence item value".to_owned(),
                dash.start,
                dash.end,
            );
            return empty;
        }
        self.parse_value(o).unwrap_or(empty)
    }

    fn skip_flow_whitespace(&mut self) {
        while matches!(self.cur().ty, Ty::Newline | Ty::Indent | Ty::Comment) {
            self.advance();
        }
    }

    /// A collection nested too deep: skipped, read as empty.
    fn too_deep(&mut self) -> Option<Raw> {
        if self.depth <= MAX_DEPTH {
            return None;
        }
        let t = self.advance();
        Some(Raw::Scalar(String::new(), Format::Plain, t.start, t.end))
    }

    fn parse_flow_map(&mut self) -> Raw {
        if let Some(r) = self.too_deep() {
            return r;
        }
        let open = self.advance();
        let mut entries = Vec::new();
        self.depth += 1;
        self.skip_flow_whitespace();
        while !matches!(self.cur().ty, Ty::MapEnd | Ty::Eof) {
            if self.cur().ty != Ty::Scalar {
                let (s, e) = (self.cur().start, self.cur().end);
                self.error("Expected mapping key".to_owned(), s, e);
                break;
            }
            let key = self.parse_flow_scalar();
            self.skip_flow_whitespace();
            let value = if self.cur().ty == Ty::Colon {
                self.advance();
                self.skip_flow_whitespace();
                self.parse_flow_value()
            } else {
                Raw::Scalar(String::new(), Format::Plain, key.end(), key.end())
            };
            entries.push((key, value));
            self.skip_flow_whitespace();
            if self.cur().ty == Ty::Comma {
                self.advance();
                self.skip_flow_whitespace();
            }
        }
        self.depth -= 1;
        let t = self.cur().clone();
        if t.ty == Ty::MapEnd {
            self.advance();
        } else {
            self.error("Expected \"}\"".to_owned(), t.start, t.end);
        }
        let end = if t.ty == Ty::MapEnd { t.end } else { t.start };
        Raw::Map(entries, open.start, end)
    }

    fn parse_flow_seq(&mut self) -> Raw {
        if let Some(r) = self.too_deep() {
            return r;
        }
        let open = self.advance();
        let mut items = Vec::new();
        self.depth += 1;
        self.skip_flow_whitespace();
        while !matches!(self.cur().ty, Ty::SeqEnd | Ty::Eof) {
            let item = match self.cur().ty {
                Ty::MapStart => self.parse_flow_map(),
                Ty::SeqStart => self.parse_flow_seq(),
                Ty::Scalar => self.parse_flow_scalar(),
                _ => {
                    let (s, e) = (self.cur().start, self.cur().end);
                    self.error("Unexpected token in flow sequence".to_owned(), s, e);
                    self.advance();
                    continue;
                }
            };
            items.push(item);
            self.skip_flow_whitespace();
            if self.cur().ty == Ty::Comma {
                self.advance();
                self.skip_flow_whitespace();
            }
        }
        self.depth -= 1;
        let t = self.cur().clone();
        if t.ty == Ty::SeqEnd {
            self.advance();
        } else {
            self.error("Expected \"]\"".to_owned(), t.start, t.end);
        }
        let end = if t.ty == Ty::SeqEnd { t.end } else { t.start };
        Raw::Seq(items, open.start, end)
    }

    fn parse_flow_scalar(&mut self) -> Raw {
        let o = self.advance();
        if o.format != Format::Plain {
            return from_token(&o);
        }
        let mut value = o.value.clone();
        let mut end = o.end;
        loop {
            let mut newline = false;
            let mut n = self.pos;
            while n < self.tokens.len() {
                match self.tokens[n].ty {
                    Ty::Newline => {
                        newline = true;
                        n += 1;
                    }
                    Ty::Indent | Ty::Comment => n += 1,
                    _ => break,
                }
            }
            if !newline || n >= self.tokens.len() {
                break;
            }
            let r = &self.tokens[n];
            if r.ty == Ty::Scalar && r.format == Format::Plain {
                value.push(' ');
                value.push_str(&r.value);
                end = r.end;
                self.pos = n + 1;
            } else {
                break;
            }
        }
        Raw::Scalar(value, Format::Plain, o.start, end)
    }

    fn parse_flow_value(&mut self) -> Raw {
        match self.cur().ty {
            Ty::MapStart => self.parse_flow_map(),
            Ty::SeqStart => self.parse_flow_seq(),
            Ty::Scalar => self.parse_flow_scalar(),
            _ => {
                let s = self.cur().start;
                Raw::Scalar(String::new(), Format::Plain, s, s)
            }
        }
    }
}

fn from_token(t: &Token) -> Raw {
    Raw::Scalar(t.value.clone(), t.format, t.start, t.end)
}

/// Parses `text` (a header: the lines between the fences) as VS Code does:
/// the tree (`None` for a header with nothing in it), and the errors. Byte
/// ranges are offsets into `text` plus `base`.
#[must_use]
pub fn parse(text: &str, base: usize) -> (Option<VNode>, Vec<Error>) {
    let chars: Vec<char> = text.chars().collect();
    let mut bytes: Vec<usize> = text.char_indices().map(|(b, _)| b + base).collect();
    bytes.push(text.len() + base);
    let at = |c: usize| bytes[c.min(bytes.len() - 1)];
    let scanner = Scanner {
        input: &chars,
        pos: 0,
        tokens: Vec::new(),
        flow_depth: 0,
        seen_block_colon: false,
        seen_document_start: 0,
    };
    let tokens = scanner.scan();
    let mut parser = Parser {
        tokens,
        input: &chars,
        pos: 0,
        errors: Vec::new(),
        depth: 0,
    };
    let raw = parser.parse();
    let errors = parser
        .errors
        .into_iter()
        .map(|(message, s, e)| Error {
            message,
            range: at(s)..at(e),
        })
        .collect();
    (raw.map(|r| convert(&r, &at)), errors)
}

fn convert(raw: &Raw, at: &dyn Fn(usize) -> usize) -> VNode {
    match raw {
        Raw::Scalar(v, f, s, e) => VNode::Scalar(v.clone(), *f, at(*s)..at(*e)),
        Raw::Seq(items, s, e) => VNode::Seq(
            items.iter().map(|i| convert(i, at)).collect(),
            at(*s)..at(*e),
        ),
        Raw::Map(entries, s, e) => VNode::Map(
            entries
                .iter()
                .map(|(k, v)| {
                    let (key, ks) = match k {
                        Raw::Scalar(t, _, ks, _) => (t.clone(), *ks),
                        _ => (String::new(), 0),
                    };
                    (key, at(ks)..at(v.end()), convert(v, at))
                })
                .collect(),
            at(*s)..at(*e),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tree as compact text: `{k: v}`, `[a, b]`, scalars with their
    /// format (`'` single, `"` double, `|` block).
    fn show(n: &VNode) -> String {
        match n {
            VNode::Scalar(s, f, _) => match f {
                Format::Plain => s.clone(),
                Format::Single => format!("'{s}'"),
                Format::Double => format!("\"{s}\""),
                Format::Block => format!("|{s}|"),
            },
            VNode::Seq(items, _) => format!(
                "[{}]",
                items.iter().map(show).collect::<Vec<_>>().join(", ")
            ),
            VNode::Map(props, _) => format!(
                "{{{}}}",
                props
                    .iter()
                    .map(|(k, _, v)| format!("{k}: {}", show(v)))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        }
    }

    fn run(text: &str) -> (String, Vec<String>) {
        let (tree, errors) = parse(text, 0);
        (
            tree.as_ref().map_or_else(|| "-".to_owned(), show),
            errors.into_iter().map(|e| e.message).collect(),
        )
    }

    /// Each case was run through VS Code 1.139's own parser (node, the
    /// workbench's header parser code) and its result written here.
    const CASES: &[(&str, &str, &[&str])] = &[
        (
            "name: a\ndescription: Use when: x\n",
            "{name: a, description: Use when: x}",
            &[],
        ),
        ("description: [Beta] x\n", "{description: [Beta]}", &[]),
        (
            "description: \"unclosed\n",
            "{description: \"unclosed \"}",
            &[],
        ),
        ("description: @x\n", "{description: @x}", &[]),
        ("description: `x`\n", "{description: `x`}", &[]),
        ("k: |\n  lit\n  more\n", "{k: |lit\nmore\n|}", &[]),
        ("d: a #c\n", "{d: a}", &[]),
        ("d: 'it''s'\n", "{d: 'it's'}", &[]),
        ("d: \"a\\qb\"\n", "{d: \"a\\qb\"}", &[]),
        ("a: b: c\n", "{a: b: c}", &[]),
        ("x\n", "x", &[]),
        ("[a, b]\n", "[a, b]", &[]),
        ("{a: 1}\n", "{a: 1}", &[]),
        ("%YAML 1.2\n", "-", &[]),
        ("a: &x 1\nb: *x\n", "{a: &x 1, b: *x}", &[]),
        ("a: !!str 5\n", "{a: !!str 5}", &[]),
        ("description: x\n...\n", "{description: x}", &[]),
        (
            "tools: ['a', \"b\"]\nmodel: m\n",
            "{tools: ['a', \"b\"], model: m}",
            &[],
        ),
        (
            "handoffs:\n  - label: Go\n    agent: impl\n    send: true\n",
            "{handoffs: [{label: Go, agent: impl, send: true}]}",
            &[],
        ),
        (
            "d: >\n  one\n  two\n\n  three\n",
            "{d: |one two\nthree\n|}",
            &[],
        ),
        ("d: plain\n  continued\n", "{d: plain continued}", &[]),
        ("a: 1\na: 2\n", "{a: 1, a: 2}", &["Duplicate key: \"a\""]),
        (
            "a:\n  - x\n - y\n",
            "{a: [x]}",
            &["Unexpected indentation (expected 0, got 1)"],
        ),
        (
            "description: x\n  more: y\n",
            "{description: x, more: y}",
            &["Unexpected indentation (expected 0, got 2)"],
        ),
        ("a: {b: 1\n", "{a: {b: 1}}", &["Expected \"}\""]),
        ("a: [1, 2\n", "{a: [1, 2]}", &["Expected \"]\""]),
        ("d: \"x\\u00e9\\x41\\q\"\n", "{d: \"xéA\\q\"}", &[]),
        ("d: |+\n  a\n\n", "{d: |a\n\n|}", &[]),
        ("d: >-\n  a\n   b\n  c\n", "{d: |a\n b\nc|}", &[]),
        ("l:\n- a\n- b: 1\n  c: 2\n", "{l: [a, {b: 1, c: 2}]}", &[]),
        ("k:\n  - [a, b]\n  - {c: d}\n", "{k: [[a, b], {c: d}]}", &[]),
        (
            "a: \"multi\n  line\n\n  para\"\n",
            "{a: \"multi line\npara\"}",
            &[],
        ),
        ("x: 1\n  # c\ny: 2\n", "{x: 1, y: 2}", &[]),
        ("? a\n: b\n", "? a", &[]),
        ("a:\n", "{a: }", &["Missing value"]),
        ("- a\n-\n", "[a, ]", &["Missing sequence item value"]),
        ("a: b\n c\n", "{a: b c}", &[]),
        (
            "a:\n   b: 1\n  c: 2\n",
            "{a: {b: 1}, c: 2}",
            &["Unexpected indentation (expected 0, got 2)"],
        ),
    ];

    #[test]
    fn as_vscode_parses() {
        for (text, tree, errors) in CASES {
            assert_eq!(
                run(text),
                (
                    (*tree).to_owned(),
                    errors.iter().map(|e| (*e).to_owned()).collect::<Vec<_>>()
                ),
                "{text:?}"
            );
        }
    }

    #[test]
    fn ranges_are_bytes() {
        let text = "name: Prüfer\ntools: [a, é]\n";
        let (Some(VNode::Map(props, _)), _) = parse(text, 10) else {
            panic!("a map");
        };
        assert_eq!(props[0].2.range(), 16..23);
        assert_eq!(
            &text[props[0].2.range().start - 10..props[0].2.range().end - 10],
            "Prüfer"
        );
        assert_eq!(props[1].1.start, 10 + text.find("tools").unwrap_or(0));
    }

    #[test]
    fn hostile_input_ends() {
        for t in [
            "[".repeat(5000),
            "{".repeat(5000),
            "- ".repeat(5000),
            "a:\n".repeat(2000),
            "\"\\".to_owned(),
            "'".to_owned(),
            "|".to_owned(),
            "k: |9\n".to_owned(),
            "\u{1F600}: [é".to_owned(),
        ] {
            let _ = parse(&t, 0);
        }
    }
}
