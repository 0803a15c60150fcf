//! The workspace: what each file names and refers to ([`symbols`]), and
//! navigation between files by those names ([`navigation`]).

pub mod navigation;
pub mod symbols;

pub use symbols::{Definition, Link, Namespace, Reference, ReferenceKind, Symbols, symbols};
