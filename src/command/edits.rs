//! The edits whose write is more than one entity's insert, update or delete: each names the
//! store's function that writes it, so that a view asks for it without knowing the store.

use uuid::Uuid;

use super::Edit;
use lernstadt_core::model::Indicator;
use lernstadt_core::store::{self, indicators, measures};

impl Edit {
    /// Links a measure to a goal.
    #[must_use]
    pub fn link_measure_goal(label: impl Into<String>, measure: Uuid, goal: Uuid) -> Edit {
        Edit::new(label, move |tx| measures::link_goal(tx, measure, goal))
    }

    /// Takes a measure off a goal.
    #[must_use]
    pub fn unlink_measure_goal(label: impl Into<String>, measure: Uuid, goal: Uuid) -> Edit {
        Edit::new(label, move |tx| measures::unlink_goal(tx, measure, goal))
    }

    /// Links an indicator to a goal.
    #[must_use]
    pub fn link_indicator_goal(label: impl Into<String>, indicator: Uuid, goal: Uuid) -> Edit {
        Edit::new(label, move |tx| indicators::link_goal(tx, indicator, goal))
    }

    /// Takes an indicator off a goal.
    #[must_use]
    pub fn unlink_indicator_goal(label: impl Into<String>, indicator: Uuid, goal: Uuid) -> Edit {
        Edit::new(label, move |tx| {
            indicators::unlink_goal(tx, indicator, goal)
        })
    }

    /// Creates an indicator (refused when its code is taken).
    #[must_use]
    pub fn insert_indicator(label: impl Into<String>, indicator: Indicator) -> Edit {
        Edit::new(label, move |tx| indicators::insert(tx, &indicator))
    }

    /// Writes an indicator as `after` says; a new code is written into the formulas that
    /// read the old one.
    #[must_use]
    pub fn update_indicator(label: impl Into<String>, after: Indicator) -> Edit {
        Edit::new(label, move |tx| indicators::update(tx, &after).map(|_| ()))
    }

    /// Sets an indicator's target for a region in the period typed as `period`.
    #[must_use]
    pub fn set_target(
        label: impl Into<String>,
        indicator: Indicator,
        region: Uuid,
        period: String,
        value: f64,
    ) -> Edit {
        Edit::new(label, move |tx| {
            indicators::set_target(tx, &indicator, region, &period, value)
        })
    }

    /// Makes `regions` the project's comparison regions, in this order, and `name` their
    /// name.
    #[must_use]
    pub fn set_comparison(
        label: impl Into<String>,
        regions: Vec<Uuid>,
        name: Option<String>,
    ) -> Edit {
        Edit::new(label, move |tx| {
            store::regions::set_comparison(tx, &regions, name.as_deref())
        })
    }

    /// Makes `parts` the districts of `total` in the region tree.
    #[must_use]
    pub fn make_parts(label: impl Into<String>, total: Uuid, parts: Vec<Uuid>) -> Edit {
        Edit::new(label, move |tx| {
            store::regions::make_parts(tx, total, &parts)
        })
    }
}
