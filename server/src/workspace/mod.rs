//! The workspace: what each file names and refers to ([`symbols`]), and
//! navigation between files by those names.

pub mod symbols;

pub use symbols::{Definition, Link, Namespace, Reference, ReferenceKind, Symbols, symbols};
