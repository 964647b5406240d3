//! Queries over indicators, and the edit that keeps formulas reading a renamed one.

use rusqlite::Connection;

use super::Result;
use super::changelog::Tx;
use crate::model::Indicator;
use crate::model::formula::Formula;

/// Every one, ordered for display.
pub fn list(conn: &Connection) -> Result<Vec<Indicator>> {
    let mut all: Vec<Indicator> = super::entity::list(conn)?;
    all.sort_by(|a, b| a.code.cmp(&b.code));
    Ok(all)
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
    tx.update(indicator)?;
    let Some(old) = before.filter(|old| *old != indicator.code) else {
        return Ok(Vec::new());
    };
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
        if let Some(new) = Formula::rename(&text, &old, &indicator.code) {
            let mut fields = super::entity::Row::new();
            // A source that only says the formula ("Berechnet: …", in either language)
            // says the new one.
            if !source.trim().is_empty()
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
