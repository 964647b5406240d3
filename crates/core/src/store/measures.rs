//! Queries over measures.

use rusqlite::Connection;

use uuid::Uuid;

use super::Result;
use super::tx::Tx;
use crate::model::{Measure, MeasureGoal};

/// Every one, ordered for display.
pub fn list(conn: &Connection) -> Result<Vec<Measure>> {
    let mut all: Vec<Measure> = super::entity::list(conn)?;
    all.sort_by(|a, b| a.title.cmp(&b.title));
    Ok(all)
}

/// Links a measure to a goal it serves (one step in the history); refused when the link
/// exists.
pub fn link_goal(tx: &Tx<'_>, measure: Uuid, goal: Uuid) -> Result<()> {
    let row = MeasureGoal {
        uuid: crate::model::new_uuid(),
        measure,
        goal,
    };
    super::links::add(tx, &super::links::MEASURE_GOAL, measure, goal, &row)
}

/// Takes a measure off a goal it served.
pub fn unlink_goal(tx: &Tx<'_>, measure: Uuid, goal: Uuid) -> Result<()> {
    super::links::remove(tx, &super::links::MEASURE_GOAL, measure, goal)
}
