#![no_main]
//! Arbitrary bytes as an agent file: analysis never panics.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for kind in [agentls::analysis::FileKind::ClaudeAgent, agentls::analysis::FileKind::ClaudePluginAgent] {
        let _ = agentls::analysis::check(&text, agentls::analysis::Target::new(kind));
    }
});
