//! agentls: a language server and linter for AI agent definition files.
//!
//! Layers, from the bottom: [`frontmatter`] (the readers: Claude Code's
//! frontmatter reading, reproduced), [`document`] (an open document: rope,
//! Markdown tree, positions), [`formats`] (one folder per format: its paths,
//! its reader, its catalog of fields and values, its rules, its roster line),
//! [`analysis`] (the generic features over a text, byte ranges out: checking,
//! completion, hover, fixes, outline, the example preview), [`lsp`] (the
//! protocol; the only module that knows LSP) and [`cli`] (`agentls check`).

// The modules' documentation names the private items each layer is made
// of: `cargo doc --document-private-items` links them.
#![allow(rustdoc::private_intra_doc_links)]

pub mod analysis;
pub mod cli;
pub mod config;
pub mod document;
pub mod formats;
pub mod frontmatter;
pub mod lsp;
pub mod walk;
pub mod workspace;
