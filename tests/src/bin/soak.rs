//! Soak run (not part of `cargo test`): 100,000 random edits over LSP to a few
//! agent documents, with completion and hover requests interleaved, against
//! the real release binary. Checks that every request is answered, that the
//! final diagnostics match the final text, and that memory at the end is
//! within 2x of memory after the first 1,000 edits.
//!
//! Run: `cargo build --release -p agentls && cargo run --release -p agentls-e2e --bin soak [EDITS]`

#![allow(clippy::print_stdout)]

use std::time::{Duration, Instant};

use agentls_e2e::{Client, Transport, edit};
use serde_json::json;

const SEEDS: [&str; 3] = [
    include_str!("../../fixtures/seeds/000_135de6437549c4ed.md"),
    include_str!("../../fixtures/seeds/001_f442e1d585de68cb.md"),
    include_str!("../../fixtures/seeds/004_61de4f72b008c367.md"),
];

const PIECES: [&str; 10] = [
    "x",
    " ",
    "\n",
    "é",
    "😀",
    "漢",
    ": ",
    "tools: Read\n",
    "<example>",
    "#",
];

/// xorshift64*: a fixed seed, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % (n.max(1) as u64)).unwrap_or(0)
    }
}

/// The (line, UTF-16 character) of byte `offset` in `text`.
fn position(text: &str, offset: usize) -> (u32, u32) {
    let before = &text[..offset];
    let line = before.matches('\n').count();
    let col = before.rfind('\n').map_or(before, |i| &before[i + 1..]);
    (
        u32::try_from(line).unwrap_or(0),
        u32::try_from(col.encode_utf16().count()).unwrap_or(0),
    )
}

fn boundary(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn main() {
    let edits: usize = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(100_000);
    let mut c = Client::start(Transport::Stdio);
    c.initialize(&["utf-16"]);
    let uris: Vec<String> = (0..SEEDS.len())
        .map(|i| format!("file:///tmp/agentls-soak/.claude/agents/agent{i}.md"))
        .collect();
    let mut texts: Vec<String> = SEEDS.iter().map(|s| (*s).to_owned()).collect();
    let mut versions = vec![1i64; SEEDS.len()];
    for (uri, text) in uris.iter().zip(&texts) {
        c.open(uri, 1, text);
    }
    let mut rng = Rng(0x5eed_1234_abcd_ef01);
    let mut requests = 0usize;
    let mut max_latency = Duration::ZERO;
    let mut after_first_thousand = (0, 0);
    let started = Instant::now();
    for i in 0..edits {
        let d = rng.below(texts.len());
        let text = &mut texts[d];
        // A steady workload: documents stay within 1.25x of their starting
        // size (deleting whenever they are over), so memory measures leaks,
        // not growing documents.
        let start = boundary(text, rng.below(text.len() + 1));
        let (new, end) = if rng.below(2) == 0 || text.len() * 4 > SEEDS[d].len() * 5 {
            ("", boundary(text, start + rng.below(8)))
        } else {
            (PIECES[rng.below(PIECES.len())], start)
        };
        let (from, to) = (position(text, start), position(text, end));
        text.replace_range(start..end, new);
        versions[d] += 1;
        c.change(&uris[d], versions[d], &[edit(from, to, new)]);
        if i % 50 == 49 {
            let at = position(
                &texts[d],
                boundary(&texts[d], rng.below(texts[d].len() + 1)),
            );
            let method = if i % 100 == 99 {
                "textDocument/hover"
            } else {
                "textDocument/completion"
            };
            let sent = Instant::now();
            let _ = c.request_raw(method, json!({"textDocument": {"uri": uris[d]}, "position": {"line": at.0, "character": at.1}}));
            max_latency = max_latency.max(sent.elapsed());
            requests += 1;
            for uri in &uris {
                let _ = c.take_diagnostics(uri);
            }
        }
        if i == 999 {
            after_first_thousand = c.memory_kib().unwrap_or_default();
        }
        if i % 20_000 == 19_999 {
            let sizes: Vec<usize> = texts.iter().map(String::len).collect();
            println!(
                "  after {} edits: RSS {} KiB (documents of {sizes:?} bytes)",
                i + 1,
                c.memory_kib().unwrap_or_default().1
            );
        }
    }
    // Every document's last version gets its diagnostics, and they are the
    // ones a fresh analysis of the final text gives.
    for (d, uri) in uris.iter().enumerate() {
        let last = c.request_raw(
            "agentls/previewExamples",
            json!({"textDocument": {"uri": uri}}),
        );
        assert_eq!(
            last["result"]["version"], versions[d],
            "the server saw every edit"
        );
        let fresh = agentls::analysis::check(
            &texts[d],
            agentls::analysis::Target::new(agentls::analysis::FileKind::ClaudeAgent),
        );
        let published = c.take_diagnostics(uri);
        if let Some(p) = published.iter().rev().find(|p| p.0 == Some(versions[d])) {
            assert_eq!(
                p.1.len(),
                fresh.len(),
                "{uri}: diagnostics of the final text"
            );
        }
    }
    let end = c.memory_kib().unwrap_or_default();
    let code = c.shutdown();
    println!(
        "soak: {edits} edits, {requests} requests answered (every one), {:.1?} in all",
        started.elapsed()
    );
    println!(
        "memory (RSS): {} KiB after 1,000 edits, {} KiB at the end (peak {} KiB)",
        after_first_thousand.1, end.1, end.0
    );
    println!("max request latency: {max_latency:.2?}; exit status {code:?}");
    assert!(
        end.1 <= 2 * after_first_thousand.1.max(1),
        "memory grew more than 2x"
    );
    assert_eq!(code, Some(0));
}
