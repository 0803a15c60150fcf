//! The end-to-end suite as one test binary: each module was its own binary,
//! and ~40 binaries of ~45 MiB each made linking the slowest part of a clean
//! build and filled a CI machine's disk. Run one part with a filter:
//! `cargo test -p agentls-e2e --test e2e neovim::`.

// Scenarios shared by the stdio and duplex runs.
mod lsp_common;
mod lsp_editing;
mod lsp_preview;

mod cli;
mod cli_ci;
mod cli_config;
mod conformance;
mod corpus;
mod examples;
mod fix_all;
mod fixes;
mod helix;
mod hostile;
mod loader_agent_skill;
mod loader_copilot;
mod loader_cursor;
mod loader_gemini;
mod loader_opencode;
mod loader_qwen;
mod loader_verdicts;
mod lsp_claude_formats;
mod lsp_config;
mod lsp_copilot;
mod lsp_duplex;
mod lsp_editing_duplex;
mod lsp_editing_stdio;
mod lsp_fix_all;
mod lsp_fixes;
mod lsp_gemini;
mod lsp_navigation;
mod lsp_opencode;
mod lsp_preview_duplex;
mod lsp_preview_stdio;
mod lsp_qwen;
mod lsp_skills_and_rules;
mod lsp_stdio;
mod lsp_workspace;
mod neovim;
mod normalize;
mod workspace_check;
