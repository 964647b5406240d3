//! Every slide as a picture (SVG, and PNG through `raster`), for the presentation in the
//! window and the slide export alike: one drawing for both. Sizes are set for 1920 × 1080
//! and scale with the height; no text is smaller than 22 px there, text wraps at the
//! slide's edge, and what does not fit says how much more there is.
//!
//! Nothing here draws personal data: stakeholders appear as organisations, never with
//! contact persons, e-mail addresses or telephone numbers.

mod draw;
mod export;
mod grid;
mod measures;
mod page;
mod text;
mod words;

pub use draw::slide_svg;
pub use export::{SlidesWritten, export_slides};
pub use grid::{GridLayout, layout as grid_layout};
pub use page::{MIN_TEXT, Page};
pub use text::{VoteRow, vote_layout};
pub use words::slide_words;
