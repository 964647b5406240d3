//! Copies of one project on the command line: what `lernstadt merge` and `diff` refuse in
//! words and print. (Sharing, comparing and merging themselves — what a merge brings,
//! refuses and remembers, and what the data means when both sides changed it — are tested
//! in the core: `crates/core/tests/copies/`.)

mod exchange;
mod merging;
