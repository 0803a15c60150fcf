//! The workspace: what each file names and refers to ([`mod@symbols`]), the
//! index of every agent file under the workspace folders ([`index`],
//! [`walk`]), what only the whole set shows ([`crossfile`]), and navigation
//! between files by those names ([`navigation`]).

pub mod crossfile;
pub mod index;
pub mod navigation;
pub mod symbols;
pub mod walk;

pub use symbols::{Definition, Link, Namespace, Reference, ReferenceKind, Symbols, symbols};
