#![no_main]
//! Arbitrary sequences of incremental edits: after each, the document's
//! rope, Markdown tree and diagnostics equal a fresh parse of the same text
//! (the script is in `edit_script.rs`).
use libfuzzer_sys::fuzz_target;

#[path = "../edit_script.rs"]
mod edit_script;

fuzz_target!(|data: &[u8]| edit_script::run(data));
