//! The frontmatter as the JavaScript value Claude Code's YAML parser builds
//! from it: aliases resolved to their anchored nodes, merge keys (`<<`)
//! applied, and the last of duplicate keys winning (in the first one's place,
//! as a JavaScript object keeps it).
//!
//! Nothing is copied or expanded: a [`View`] answers with references into the
//! tree, and every walk through it spends from one budget, so an alias bomb
//! (aliases of aliases of large nodes) costs a bounded amount of work; past
//! the budget, lookups answer as if the remaining entries were not there.

use std::borrow::Cow;
use std::cell::{Cell, OnceCell};
use std::collections::HashMap;

use super::yaml::{Entry, Node, NodeKind, ScalarValue};

/// How many mapping entries, sequence items and alias hops one [`View`] may
/// visit in all.
pub const BUDGET: usize = 100_000;

/// Merges nested deeper than this (a merge inside a merged mapping inside …)
/// are not followed; this also stops an anchor merged into itself.
const MAX_MERGE_DEPTH: usize = 16;

/// Resolves aliases and reads mappings as JavaScript objects.
#[derive(Debug)]
pub struct View<'a> {
    root: Option<&'a Node>,
    /// Where each anchored node is (its path from the root, by id), indexed
    /// on the first alias met: most frontmatter has none, and then this
    /// costs nothing.
    anchors: OnceCell<HashMap<usize, Vec<usize>>>,
    budget: Cell<usize>,
}

/// One property of an object: its key as JavaScript sees it, the key's node
/// and the value (aliases resolved).
#[derive(Debug, Clone)]
pub struct Property<'a> {
    /// The key, as a JavaScript property name (`1` for the integer key `1`).
    pub key: Cow<'a, str>,
    /// The key node (for ranges).
    pub key_node: &'a Node,
    /// The value, aliases resolved.
    pub value: &'a Node,
    /// Whether the property comes from a merge key rather than the mapping itself.
    pub merged: bool,
}

impl<'a> View<'a> {
    /// A view of the tree under `root`.
    #[must_use]
    pub fn new(root: Option<&'a Node>) -> Self {
        View {
            root,
            anchors: OnceCell::new(),
            budget: Cell::new(BUDGET),
        }
    }

    /// The anchored node with id `id`.
    fn anchored(&self, id: usize) -> Option<&'a Node> {
        let paths = self.anchors.get_or_init(|| {
            let mut paths = HashMap::new();
            if let Some(root) = self.root {
                index(root, &mut Vec::new(), &mut paths);
            }
            paths
        });
        let mut node = self.root?;
        for &step in paths.get(&id)? {
            node = match &node.kind {
                NodeKind::Seq(items) => items.get(step)?,
                NodeKind::Map(entries) => {
                    let e = entries.get(step / 2)?;
                    if step % 2 == 0 { &e.key } else { &e.value }
                }
                NodeKind::Scalar(_) | NodeKind::Alias(_) => return None,
            };
        }
        Some(node)
    }

    /// Spends `n` of the budget; false once it is gone.
    fn spend(&self, n: usize) -> bool {
        let left = self.budget.get();
        if left < n {
            self.budget.set(0);
            return false;
        }
        self.budget.set(left - n);
        true
    }

    /// The node an alias refers to (the node itself when it is not an alias;
    /// an alias whose anchor is unknown stays an alias).
    #[must_use]
    pub fn resolve(&self, node: &'a Node) -> &'a Node {
        match node.kind {
            NodeKind::Alias(id) => match self.anchored(id) {
                Some(target) if self.spend(1) => target,
                _ => node,
            },
            _ => node,
        }
    }

    /// Whether the value is a JavaScript object that is not an array (a mapping).
    #[must_use]
    pub fn is_object(&self, node: &'a Node) -> bool {
        matches!(self.resolve(node).kind, NodeKind::Map(_))
    }

    /// The items of a sequence, if the value is one.
    #[must_use]
    pub fn array(&self, node: &'a Node) -> Option<&'a [Node]> {
        match &self.resolve(node).kind {
            NodeKind::Seq(items) if self.spend(items.len()) => Some(items),
            NodeKind::Seq(_) => Some(&[]),
            _ => None,
        }
    }

    /// Whether the value is `null` (an empty value, `~`, `null`) or an alias
    /// to nothing.
    #[must_use]
    pub fn is_null(&self, node: &'a Node) -> bool {
        let node = self.resolve(node);
        match &node.kind {
            NodeKind::Scalar(s) => s.value == ScalarValue::Null,
            NodeKind::Alias(_) => true,
            _ => false,
        }
    }

    /// Whether JavaScript reads the value as false (`null`, `false`, `0`,
    /// `""`).
    #[must_use]
    pub fn is_falsy(&self, node: &'a Node) -> bool {
        let node = self.resolve(node);
        match &node.kind {
            NodeKind::Scalar(s) => match s.value {
                ScalarValue::Null => true,
                ScalarValue::Bool(b) => !b,
                ScalarValue::Int(i) => i == 0,
                ScalarValue::Float(f) => f == 0.0 || f.is_nan(),
                ScalarValue::Str => s.text.is_empty(),
            },
            NodeKind::Alias(_) => true,
            _ => false,
        }
    }

    /// The string, if the value is one.
    #[must_use]
    pub fn as_str(&self, node: &'a Node) -> Option<&'a str> {
        self.resolve(node).as_str()
    }

    /// The properties of a mapping in JavaScript's order, merge keys applied
    /// (a key written in the mapping wins over a merged one; among merged
    /// mappings, the first that has a key wins). Empty for anything else.
    #[must_use]
    pub fn entries(&self, node: &'a Node) -> Vec<Property<'a>> {
        let mut out = Vec::new();
        self.collect(self.resolve(node), false, 0, &mut out);
        out
    }

    /// The value of property `key` of a mapping.
    #[must_use]
    pub fn get(&self, node: &'a Node, key: &str) -> Option<&'a Node> {
        self.entries(node)
            .into_iter()
            .find(|p| p.key == key)
            .map(|p| p.value)
    }

    /// Whether a mapping has property `key` (JavaScript's `key in object`).
    #[must_use]
    pub fn has(&self, node: &'a Node, key: &str) -> bool {
        self.get(node, key).is_some()
    }

    /// Whether a mapping entry is a merge (`<<: *base`, `<<: [*a, *b]`,
    /// `<<: {…}`), which Claude Code's parser resolves: a plain `<<` key
    /// whose value is a mapping or a list; with any other value, `<<` is an
    /// ordinary key.
    #[must_use]
    pub fn is_merge(&self, entry: &'a Entry) -> bool {
        is_merge_key(&entry.key)
            && matches!(
                self.resolve(&entry.value).kind,
                NodeKind::Map(_) | NodeKind::Seq(_)
            )
    }

    fn collect(&self, node: &'a Node, merged: bool, depth: usize, out: &mut Vec<Property<'a>>) {
        let NodeKind::Map(entries) = &node.kind else {
            return;
        };
        if !self.spend(entries.len()) {
            return;
        }
        let mut merges = Vec::new();
        for entry in entries {
            if self.is_merge(entry) {
                merges.push(&entry.value);
                continue;
            }
            let key = js_key(&entry.key);
            let value = self.resolve(&entry.value);
            // `out` holds only this mapping's own keys so far (merges come
            // after): a later duplicate replaces the value in place.
            if let Some(p) = out.iter_mut().find(|p| p.key == key) {
                p.value = value;
                p.key_node = &entry.key;
                continue;
            }
            out.push(Property {
                key,
                key_node: &entry.key,
                value,
                merged,
            });
        }
        if depth >= MAX_MERGE_DEPTH {
            return;
        }
        for source in merges {
            let source = self.resolve(source);
            let sources: Vec<&'a Node> = match &source.kind {
                NodeKind::Seq(items) => items.iter().map(|n| self.resolve(n)).collect(),
                _ => vec![source],
            };
            for s in sources {
                let mut more = Vec::new();
                self.collect(s, true, depth + 1, &mut more);
                for p in more {
                    if !out.iter().any(|q| q.key == p.key) {
                        out.push(Property { merged: true, ..p });
                    }
                }
            }
        }
    }
}

/// Whether a key is the merge key `<<` (plain); [`View::is_merge`] says
/// whether its entry merges.
fn is_merge_key(key: &Node) -> bool {
    matches!(&key.kind, NodeKind::Scalar(s) if &*s.text == "<<" && s.style == super::yaml::Style::Plain)
}

/// A key as a JavaScript property name.
fn js_key(key: &Node) -> Cow<'_, str> {
    match &key.kind {
        NodeKind::Scalar(s) => match s.value {
            ScalarValue::Null => "null".into(),
            ScalarValue::Bool(b) => b.to_string().into(),
            ScalarValue::Int(i) => i.to_string().into(),
            ScalarValue::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{f:.0}").into(),
            ScalarValue::Float(f) => f.to_string().into(),
            ScalarValue::Str => Cow::Borrowed(s.text.as_ref()),
        },
        NodeKind::Seq(_) => "[array]".into(),
        NodeKind::Map(_) => "[object Object]".into(),
        NodeKind::Alias(_) => "*alias".into(),
    }
}

/// Records the path (from the root: a sequence item's index, a mapping
/// entry's key as `2i` and value as `2i + 1`) of every anchored node.
fn index(node: &Node, path: &mut Vec<usize>, paths: &mut HashMap<usize, Vec<usize>>) {
    if node.anchor != 0 {
        paths.insert(node.anchor, path.clone());
    }
    match &node.kind {
        NodeKind::Seq(items) => {
            for (i, n) in items.iter().enumerate() {
                path.push(i);
                index(n, path, paths);
                path.pop();
            }
        }
        NodeKind::Map(entries) => {
            for (i, e) in entries.iter().enumerate() {
                path.push(2 * i);
                index(&e.key, path, paths);
                path.pop();
                path.push(2 * i + 1);
                index(&e.value, path, paths);
                path.pop();
            }
        }
        NodeKind::Scalar(_) | NodeKind::Alias(_) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frontmatter::yaml::parse;

    fn with_view<T>(text: &str, f: impl FnOnce(&View<'_>, &Node) -> T) -> T {
        let doc = parse(text).expect("valid yaml");
        let root = doc.root.expect("root");
        let view = View::new(Some(&root));
        f(&view, &root)
    }

    fn keys(text: &str) -> Vec<(String, String)> {
        with_view(text, |v, root| {
            v.entries(root)
                .into_iter()
                .map(|p| {
                    let value = p.value.as_str().map_or_else(
                        || {
                            p.value
                                .scalar()
                                .map(|s| s.text.to_string())
                                .unwrap_or_default()
                        },
                        str::to_owned,
                    );
                    (p.key.into_owned(), value)
                })
                .collect()
        })
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn explicit_keys_win_over_merged_ones_wherever_they_stand() {
        let before = "b: &b\n  name: anchored\n  description: d\nname: explicit\n<<: *b\n";
        let after = "b: &b\n  name: anchored\n  description: d\n<<: *b\nname: explicit\n";
        for text in [before, after] {
            let got = keys(text);
            assert!(got.contains(&("name".into(), "explicit".into())), "{got:?}");
            assert!(got.contains(&("description".into(), "d".into())), "{got:?}");
        }
    }

    #[test]
    fn the_first_merged_mapping_wins() {
        let text = "a: &a\n  name: from-a\nb: &b\n  name: from-b\n  description: d\n<<: [*a, *b]\n";
        let got = keys(text);
        assert!(got.contains(&("name".into(), "from-a".into())), "{got:?}");
        assert!(got.contains(&("description".into(), "d".into())), "{got:?}");
    }

    #[test]
    fn inline_merges_duplicates_and_scalar_keys() {
        assert_eq!(
            keys("name: m\n<<:\n  description: inline\n"),
            pairs(&[("name", "m"), ("description", "inline")])
        );
        assert_eq!(keys("a: 1\nb: 2\na: 3\n"), pairs(&[("a", "3"), ("b", "2")]));
        assert_eq!(
            keys("1: x\ntrue: y\n~: z\n"),
            pairs(&[("1", "x"), ("true", "y"), ("null", "z")])
        );
    }

    #[test]
    fn aliases_resolve_and_a_self_merge_ends() {
        with_view("name: &n agent\ndescription: *n\n", |v, root| {
            assert_eq!(
                v.get(root, "description").and_then(Node::as_str),
                Some("agent")
            );
        });
        // An anchor merged into itself: bounded, not endless.
        with_view("a: &a\n  x: 1\n  <<: *a\n", |v, root| {
            let a = v.get(root, "a").expect("a");
            assert_eq!(v.entries(a).len(), 1);
        });
    }

    #[test]
    fn an_alias_bomb_costs_the_budget_and_no_more() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            let refs = vec![format!("*a{}", i - 1); 10].join(", ");
            text.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
        }
        with_view(&text, |v, root| {
            fn walk<'a>(v: &View<'a>, n: &'a Node, count: &mut usize) {
                *count += 1;
                if let Some(items) = v.array(n) {
                    for i in items {
                        walk(v, i, count);
                    }
                }
            }
            let mut count = 0;
            walk(v, v.get(root, "a11").expect("a11"), &mut count);
            assert!(count <= 2 * BUDGET, "{count}");
        });
    }
}
