//! The library's integration tests as one test binary (one binary per file
//! cost a link and ~45 MiB of disk each). `memory.rs`, a measurement run
//! alone, stays its own binary. Run one part with a filter:
//! `cargo test -p agentls --test suite incremental::`.

// Random edit scripts shared by the property tests.
mod common;

mod docs;
mod every_format;
mod example_rules;
mod example_source_map;
mod fuzz_regressions;
mod incremental;
mod lazy_trees;
mod rules;
