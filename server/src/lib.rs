//! agentls: a language server and linter for AI agent definition files.
//!
//! Layers, from the bottom: [`catalog`] (data: fields, values, tools),
//! [`frontmatter`] (Claude Code's frontmatter reading, reproduced),
//! [`analysis`] (pure rules over a text, byte ranges out), [`document`]
//! (an open document: rope, Markdown tree, positions), [`lsp`] (the protocol;
//! the only module that knows LSP) and [`cli`] (`agentls check`).

pub mod analysis;
pub mod catalog;
pub mod cli;
pub mod document;
pub mod frontmatter;
pub mod lsp;
