//! Periods: parsed from their codes, identified by them.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use rusqlite::{Connection, OptionalExtension};

use super::Result;
use crate::model::{Period, PeriodKind};

/// Understands a period code and works out its kind, start and end:
/// `2023` (year), `2023/24` (school year, 1 August to 31 July), `2023-10P6M` (a semester
/// or other span as GENESIS writes it: start month and length), `2024-12-31` (reporting
/// date), `2024-Q1` (quarter), `2024-03` (month).
#[must_use]
pub fn parse_code(code: &str) -> Option<Period> {
    let code = code.trim();
    let date = |y: i32, m: u32, d: u32| NaiveDate::from_ymd_opt(y, m, d);
    let last_of_month = |y: i32, m: u32| -> Option<NaiveDate> {
        let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
        date(ny, nm, 1)?.pred_opt()
    };
    let make = |kind, start: NaiveDate, end: NaiveDate| Period {
        code: code.to_owned(),
        kind,
        start_date: start.to_string(),
        end_date: end.to_string(),
    };
    let year = |text: &str| -> Option<i32> {
        (text.len() == 4 && text.bytes().all(|b| b.is_ascii_digit()))
            .then(|| text.parse().ok())
            .flatten()
    };
    if let Some(y) = year(code) {
        return Some(make(PeriodKind::Year, date(y, 1, 1)?, date(y, 12, 31)?));
    }
    if let Some((first, second)) = code.split_once('/') {
        let y = year(first)?;
        let next_ok = match second.len() {
            2 => second.parse::<i32>().ok()? == (y + 1) % 100,
            4 => second.parse::<i32>().ok()? == y + 1,
            _ => false,
        };
        return next_ok
            .then(|| {
                Some(make(
                    PeriodKind::SchoolYear,
                    date(y, 8, 1)?,
                    date(y + 1, 7, 31)?,
                ))
            })
            .flatten();
    }
    if let Some((start, length)) = code.split_once('P') {
        let (y, m) = start.split_once('-')?;
        let (y, m) = (year(y)?, m.parse::<u32>().ok()?);
        let months = length.strip_suffix('M')?.parse::<u32>().ok()?;
        if months == 0 || months > 120 {
            return None;
        }
        let start = date(y, m, 1)?;
        let end_month_index = (y * 12 + m as i32 - 1) + months as i32 - 1;
        let end = last_of_month(
            end_month_index.div_euclid(12),
            end_month_index.rem_euclid(12) as u32 + 1,
        )?;
        return Some(make(PeriodKind::Semester, start, end));
    }
    if let Some((y, q)) = code.split_once("-Q") {
        let (y, q) = (year(y)?, q.parse::<u32>().ok()?);
        if !(1..=4).contains(&q) {
            return None;
        }
        return Some(make(
            PeriodKind::Quarter,
            date(y, q * 3 - 2, 1)?,
            last_of_month(y, q * 3)?,
        ));
    }
    if let Ok(day) = NaiveDate::parse_from_str(code, "%Y-%m-%d") {
        return Some(make(PeriodKind::ReportingDate, day, day));
    }
    let (y, m) = code.split_once('-')?;
    let (y, m) = (year(y)?, m.parse::<u32>().ok()?);
    if m.to_string().len() > 2 || m == 0 || m > 12 {
        return None;
    }
    let start = date(y, m, 1)?;
    Some(make(
        PeriodKind::Month,
        start,
        last_of_month(start.year(), start.month())?,
    ))
}

/// The id of a period, created from its code if the file does not have it yet. The
/// creation is logged in the running action, so that undoing an import removes the periods
/// it brought and a merge brings them across like any entity.
pub fn ensure(tx: &super::Tx<'_>, period: &Period) -> Result<i64> {
    let id = |conn: &Connection| -> Result<Option<i64>> {
        Ok(conn
            .prepare_cached("SELECT id FROM period WHERE code = ?1")?
            .query_row([&period.code], |row| row.get(0))
            .optional()?)
    };
    if let Some(id) = id(tx.conn())? {
        return Ok(id);
    }
    tx.insert(period)?;
    Ok(id(tx.conn())?.unwrap_or_default())
}

/// The period a planner typed (a year like `2030`, a school year, a date …): the project's
/// period with that code, else one made from the code and logged in the running action.
/// Refused, saying which forms are read, when it is neither.
pub fn typed(tx: &super::Tx<'_>, code: &str) -> Result<Period> {
    let code = code.trim();
    let stored: Option<Period> = super::entity::list::<Period>(tx.conn())?
        .into_iter()
        .find(|p| p.code == code);
    if let Some(period) = stored {
        return Ok(period);
    }
    let Some(period) = parse_code(code) else {
        return Err(super::StoreError::Invalid {
            message: crate::t!("periods.error.typed", code = code),
        });
    };
    ensure(tx, &period)?;
    Ok(period)
}

/// Every period, by start date.
pub fn list(conn: &Connection) -> Result<Vec<Period>> {
    let mut all: Vec<Period> = super::entity::list(conn)?;
    all.sort_by(|a, b| a.start_date.cmp(&b.start_date).then(a.code.cmp(&b.code)));
    Ok(all)
}

/// The period before each period: of the same kind, the one that starts last before it.
pub fn previous_periods(conn: &Connection) -> Result<HashMap<String, String>> {
    let mut previous = HashMap::new();
    let mut last_of_kind: HashMap<String, String> = HashMap::new();
    for period in list(conn)? {
        let kind = period.kind.code().to_owned();
        if let Some(before) = last_of_kind.insert(kind, period.code.clone()) {
            previous.insert(period.code, before);
        }
    }
    Ok(previous)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(code: &str) -> (PeriodKind, String, String) {
        let p = parse_code(code).unwrap_or_else(|| panic!("{code} not understood"));
        (p.kind, p.start_date, p.end_date)
    }

    #[test]
    fn period_codes_are_understood() {
        assert_eq!(
            span("2023"),
            (PeriodKind::Year, "2023-01-01".into(), "2023-12-31".into())
        );
        assert_eq!(
            span("2023/24"),
            (
                PeriodKind::SchoolYear,
                "2023-08-01".into(),
                "2024-07-31".into()
            )
        );
        assert_eq!(
            span("1999/2000"),
            (
                PeriodKind::SchoolYear,
                "1999-08-01".into(),
                "2000-07-31".into()
            )
        );
        assert_eq!(
            span("2023-10P6M"),
            (
                PeriodKind::Semester,
                "2023-10-01".into(),
                "2024-03-31".into()
            )
        );
        assert_eq!(
            span("2024-12-31"),
            (
                PeriodKind::ReportingDate,
                "2024-12-31".into(),
                "2024-12-31".into()
            )
        );
        assert_eq!(
            span("2024-Q1"),
            (
                PeriodKind::Quarter,
                "2024-01-01".into(),
                "2024-03-31".into()
            )
        );
        assert_eq!(
            span("2024-02"),
            (PeriodKind::Month, "2024-02-01".into(), "2024-02-29".into())
        );
    }

    #[test]
    fn nonsense_is_refused() {
        for code in [
            "",
            "20234",
            "2023/25",
            "2024-13",
            "2024-Q5",
            "2024-02-30",
            "abc",
            "2023-10P0M",
        ] {
            assert!(parse_code(code).is_none(), "{code}");
        }
    }
}
