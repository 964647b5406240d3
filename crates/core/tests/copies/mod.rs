//! Copies of one project: shared by e-mail (with or without personal data), compared, and
//! merged when they changed apart — what a merge brings, refuses in words and remembers,
//! and what the data means when both sides changed it. (What `lernstadt merge` and `diff`
//! refuse and print is tested in the root's `tests/copies/`.)

mod exchange;
mod merging;
mod merging_data;
