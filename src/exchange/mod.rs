//! Exchanging projects by e-mail: a compact copy to send (without personal data if asked),
//! comparing two copies, and merging a colleague's copy into one's own.

pub mod diff;
pub mod merge;
pub mod share;
