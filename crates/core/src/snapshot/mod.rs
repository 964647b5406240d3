//! What the window's views and the report show, read from the store once per store
//! generation (that is, once per change) and never while drawing. The one exception is the
//! selected indicator's full data, read when another indicator is selected or the data
//! changes.
//!
//! Nothing here uses egui: the views draw from these structures, the report writes them.

mod boundaries;
mod indicator;
mod map;
mod project;
mod time;

pub use boundaries::has_boundaries;
pub(crate) use boundaries::official_shapes;
pub use indicator::IndicatorSnapshot;
pub use map::{latest_period, region_at};
pub use project::{Elsewhere, Snapshot, Summary};
pub use time::{period_x, today_fraction, year_fraction};

// What the views show that the store defines, as plain data: the window's views name the
// snapshot, never the store.
pub use crate::store::counts::Counts;
pub use crate::store::observations::SeriesValue;
pub use crate::store::project::ProjectInfo;
pub use crate::store::social::{Ranked, Ranking};
