//! The workspace: every agent file under the workspace folders, what each
//! defines and refers to, and what only the whole set shows.

pub mod crossfile;
pub mod index;
pub mod symbols;
pub mod walk;
