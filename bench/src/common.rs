//! What both benchmarks share (the whole-server bench in `bench/` and the
//! in-process one in `server/benches/keystroke.rs`): the generated agent they
//! type into, and how they take a percentile.

use std::time::Duration;

/// An agent of about `size` bytes: a description holding 200 `<example>`
/// blocks, then a long Markdown body.
pub fn generated(size: usize) -> String {
    let mut s = String::from(
        "---\nname: big-agent\ndescription: \"Use this agent for large things. Examples:",
    );
    for i in 0..200 {
        s.push_str(&format!("\\n<example>\\nContext: case {i}\\nuser: \\\"do {i}\\\"\\nassistant: \\\"I'll use the big-agent agent\\\"\\n</example>"));
    }
    s.push_str("\"\nmodel: sonnet\ntools: Read, Grep, Glob\n---\n\n");
    let mut n = 0;
    while s.len() < size {
        n += 1;
        s.push_str(&format!("## Section {n}\n\nSome *text* with `code`, a [link](https://example.com) and a list:\n\n- one\n- two\n\n"));
    }
    s
}

/// The `p` percentile (0 to 1) of `sorted` times; zero for none.
pub fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        clippy::cast_precision_loss
    )]
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}
