//! Queries over indicators, and the edit that keeps formulas reading a renamed one.

use rusqlite::Connection;

use uuid::Uuid;

use super::tx::Tx;
use super::{Result, StoreError};
use crate::model::formula::Formula;
use crate::model::{Indicator, IndicatorGoal, IndicatorTarget};

/// Every one, ordered for display.
pub fn list(conn: &Connection) -> Result<Vec<Indicator>> {
    let mut all: Vec<Indicator> = super::entity::list(conn)?;
    all.sort_by(|a, b| a.code.cmp(&b.code));
    Ok(all)
}

/// Creates an indicator inside an action: its code not taken by another, its baseline
/// period made from the code typed when the project lacks it.
pub fn insert(tx: &Tx<'_>, indicator: &Indicator) -> Result<()> {
    let taken: bool = tx.conn().query_row(
        "SELECT EXISTS (SELECT 1 FROM indicator WHERE code = ?1)",
        [indicator.code.trim()],
        |row| row.get(0),
    )?;
    if taken {
        return Err(StoreError::Invalid {
            message: crate::t!("indicators.error.code_taken", code = indicator.code.trim()),
        });
    }
    ensure_baseline(tx, indicator)?;
    tx.insert(indicator)
}

/// Makes the indicator's baseline period when it is typed but not in the project yet.
fn ensure_baseline(tx: &Tx<'_>, indicator: &Indicator) -> Result<()> {
    if let Some(code) = indicator.baseline_period.as_deref() {
        super::periods::typed(tx, code)?;
    }
    Ok(())
}

/// Links an indicator to a goal it measures (one step in the history); refused when the
/// link exists.
pub fn link_goal(tx: &Tx<'_>, indicator: Uuid, goal: Uuid) -> Result<()> {
    let row = IndicatorGoal {
        uuid: crate::model::new_uuid(),
        indicator,
        goal,
    };
    super::links::add(tx, &super::links::INDICATOR_GOAL, indicator, goal, &row)
}

/// Takes an indicator off a goal: the goal no longer counts it.
pub fn unlink_goal(tx: &Tx<'_>, indicator: Uuid, goal: Uuid) -> Result<()> {
    super::links::remove(tx, &super::links::INDICATOR_GOAL, indicator, goal)
}

/// Sets the indicator's target for `region` in the period typed as `period` (a year such
/// as `2030` or any period code; made when the project lacks it) to `value`: a new target,
/// or the one already set for that region and period changed. Refused when the period
/// starts before the indicator's baseline.
pub fn set_target(
    tx: &Tx<'_>,
    indicator: &Indicator,
    region: Uuid,
    period: &str,
    value: f64,
) -> Result<()> {
    if !value.is_finite() {
        return Err(StoreError::Invalid {
            message: crate::t!("indicators.error.target_value").to_owned(),
        });
    }
    let period = super::periods::typed(tx, period)?;
    if let Some(baseline) = indicator.baseline_period.as_deref() {
        let baseline = super::periods::typed(tx, baseline)?;
        if period.start_date < baseline.start_date {
            return Err(StoreError::Invalid {
                message: crate::t!(
                    "indicators.error.target_before_baseline",
                    period = period.code,
                    baseline = baseline.code
                ),
            });
        }
    }
    let existing: Vec<IndicatorTarget> = super::entity::list(tx.conn())?;
    let found = existing
        .into_iter()
        .find(|t| t.indicator == indicator.uuid && t.region == region && t.period == period.code);
    match found {
        Some(target) => tx.update(&IndicatorTarget { value, ..target }).map(|_| ()),
        None => tx.insert(&IndicatorTarget {
            uuid: crate::model::new_uuid(),
            indicator: indicator.uuid,
            region,
            period: period.code,
            value,
        }),
    }
}

/// Writes an edited indicator inside an action. When its code changed, the formulas that
/// read it by the old code are rewritten to the new one in the same action (logged, so one
/// undo takes back both): a rename never leaves a computed indicator reading a code the
/// project no longer has. Returns the codes of the indicators whose formulas were
/// rewritten.
pub fn update(tx: &Tx<'_>, indicator: &Indicator) -> Result<Vec<String>> {
    let before: Option<String> = rusqlite::OptionalExtension::optional(tx.conn().query_row(
        "SELECT code FROM indicator WHERE uuid = ?1",
        [indicator.uuid.to_string()],
        |row| row.get(0),
    ))?;
    ensure_baseline(tx, indicator)?;
    tx.update(indicator)?;
    match before.filter(|old| *old != indicator.code) {
        Some(old) => rewrite_readers(tx, &old, &indicator.code),
        None => Ok(Vec::new()),
    }
}

/// Rewrites the formulas that read the code `old` to read `new` instead (and a source that
/// only says the formula), logged in the running action. Returns the codes of the
/// indicators whose formulas were rewritten.
pub fn rewrite_readers(tx: &Tx<'_>, old: &str, new: &str) -> Result<Vec<String>> {
    rewrite_readers_keeping_sources(tx, old, new, &std::collections::HashSet::new())
}

/// [`rewrite_readers`], but the sources of the indicators in `keep` (by UUID) stay as they
/// are: a merge that sets their formula to the other copy's sets what their source says to
/// the other copy's too, which is not this rename's to change.
pub fn rewrite_readers_keeping_sources<S: std::hash::BuildHasher>(
    tx: &Tx<'_>,
    old: &str,
    new: &str,
    keep: &std::collections::HashSet<String, S>,
) -> Result<Vec<String>> {
    let readers: Vec<(String, String, String, String)> = {
        let mut statement = tx.conn().prepare_cached(
            "SELECT uuid, code, formula, source FROM indicator WHERE formula <> '' ORDER BY code",
        )?;
        let rows = statement.query_map([], |row| {
            Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
        })?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let mut rewritten = Vec::new();
    for (uuid, code, text, source) in readers {
        if let Some(new) = Formula::rename(&text, old, new) {
            let mut fields = super::entity::Row::new();
            // A source that only says the formula ("Berechnet: …", in either language)
            // says the new one.
            if !source.trim().is_empty()
                && !keep.contains(&uuid)
                && let Some(lang) = crate::model::formula::source_follows(&source, &text)
            {
                let said =
                    crate::i18n::tr_in(lang, "derive.source").replace("{formula}", new.trim());
                fields.insert("source".into(), said.into());
            }
            fields.insert("formula".into(), new.into());
            tx.update_fields(&crate::model::meta::INDICATOR, &uuid, &fields)?;
            rewritten.push(code);
        }
    }
    Ok(rewritten)
}
