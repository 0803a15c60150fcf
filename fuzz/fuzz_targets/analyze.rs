#![no_main]
//! Arbitrary bytes as an agent file: analysis never panics.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for kind in agentls::formats::FORMATS.iter().map(|f| f.kind) {
        let _ = agentls::analysis::check(&text, agentls::analysis::Target::new(kind));
    }
});
