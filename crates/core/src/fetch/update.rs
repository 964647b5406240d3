//! Fetching tables into a project and refreshing the tables it remembers: the network first
//! ([`download`]: nothing is opened for writing until every table is in), then one action
//! ([`apply`]) that imports each table exactly as a downloaded file is imported and says
//! per table what changed: new periods, values changed (old -> new), values the new edition
//! no longer has (they stay in the project, marked in the report).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use serde::Serialize;

use super::{Client, FetchError, TableMeta, TableRequest, Target};
use crate::import::{Options, Progress, Report, Stage, import_files};
use crate::store::observations::Ids;
use crate::store::table_sources::{self, TableSource};
use crate::store::{Store, Tx};

/// How many changed or gone values a table's outcome lists one by one (all are counted).
pub const MAX_LISTED: usize = 10_000;

/// One table as the service gave it, not yet in the project.
#[derive(Clone, Debug)]
pub struct Download {
    /// Where it came from.
    pub target: Target,
    /// What was asked.
    pub request: TableRequest,
    /// Its title and data date.
    pub meta: TableMeta,
    /// The flat CSV.
    pub fetched: super::Fetched,
    /// When: RFC 3339 in UTC.
    pub fetched_at: String,
}

/// Fetches one table (its title and data date, then the table) without touching any
/// project; `on_job` hears the name of the service's job when the table is too large for
/// one request and is prepared as one.
pub fn download(
    client: &Client,
    request: &TableRequest,
    on_job: &mut dyn FnMut(&str),
) -> Result<Download, FetchError> {
    request.check()?;
    let meta = client.metadata(request)?;
    let fetched = client.table(request, on_job)?;
    Ok(Download {
        target: client.target().clone(),
        request: request.clone(),
        meta,
        fetched,
        fetched_at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
    })
}

/// A value whose content changed: its key and the old and new value.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Change {
    /// The indicator's code.
    pub indicator: String,
    /// The region's key.
    pub region: String,
    /// The period's code.
    pub period: String,
    /// The breakdown's key (empty: the total).
    pub breakdown: String,
    /// The value before (a number, or its symbol).
    pub old: String,
    /// The value now.
    pub new: String,
}

/// A value the table had and the new edition has no more (it stays in the project).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Gone {
    /// The indicator's code.
    pub indicator: String,
    /// The region's key.
    pub region: String,
    /// The period's code.
    pub period: String,
    /// The breakdown's key.
    pub breakdown: String,
    /// The value the project keeps.
    pub value: String,
}

/// A period the table has values for that it did not have before.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NewPeriod {
    /// The period's code (`2024`, `2024-12-31`).
    pub period: String,
    /// How many values the table has for it.
    pub values: u64,
}

/// What fetching one table did, or would do.
#[derive(Clone, Debug, Serialize)]
pub struct TableOutcome {
    /// The table's code.
    pub table: String,
    /// The service's name.
    pub service: String,
    /// Its address.
    pub endpoint: String,
    /// The table's title.
    pub title: String,
    /// The data date of the edition the project had (empty: none).
    pub data_date_before: String,
    /// The data date of the edition fetched.
    pub data_date: String,
    /// Values the table had no value for before.
    pub new_values: u64,
    /// Periods with values the table did not have before.
    pub new_periods: Vec<NewPeriod>,
    /// How many values changed.
    pub changed: u64,
    /// The first [`MAX_LISTED`] of them.
    pub changes: Vec<Change>,
    /// How many values the new edition no longer has (kept in the project).
    pub gone: u64,
    /// The first [`MAX_LISTED`] of them.
    pub gone_values: Vec<Gone>,
    /// The import's report (inserted, updated, unchanged, rejected, problems).
    pub report: Report,
}

/// What a fetch or refresh did, or would do (a dry run).
#[derive(Clone, Debug, Serialize)]
pub struct Update {
    /// One outcome per table, in the order fetched.
    pub tables: Vec<TableOutcome>,
    /// Whether this was a dry run.
    pub dry_run: bool,
    /// Whether the project was changed (one action, one undo step).
    pub applied: bool,
}

/// The `Stand` as a date (`21.11.2023 13:47:55h` → `2023-11-21`); other text as it is.
fn data_date(updated: &str) -> String {
    let text = updated.trim();
    let date: Vec<&str> = text
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .split('.')
        .collect();
    if let [day, month, year] = date.as_slice()
        && day.len() == 2
        && month.len() == 2
        && year.len() == 4
        && [day, month, year]
            .iter()
            .all(|p| p.bytes().all(|b| b.is_ascii_digit()))
    {
        return format!("{year}-{month}-{day}");
    }
    text.to_owned()
}

/// A value as the report shows it: the number, its symbol, or both.
fn shown(value: Option<f64>, symbol: Option<&str>) -> String {
    match (value, symbol) {
        (Some(v), Some(s)) => format!("{v} {s}"),
        (Some(v), None) => v.to_string(),
        (None, Some(s)) => s.to_owned(),
        (None, None) => String::new(),
    }
}

/// Where the change log stood before a table was written: the changes after it are the
/// values this table's import updated.
fn log_mark(tx: &Tx<'_>) -> crate::store::Result<i64> {
    Ok(tx
        .conn()
        .query_row("SELECT coalesce(max(id), 0) FROM change", [], |row| {
            row.get(0)
        })?)
}

/// Names of the ids of one kind (`indicator`'s codes, `region`'s keys …), read once each.
struct Names {
    sql: &'static str,
    known: HashMap<i64, String>,
}

impl Names {
    fn new(sql: &'static str) -> Names {
        Names {
            sql,
            known: HashMap::new(),
        }
    }

    fn of(&mut self, conn: &rusqlite::Connection, id: i64) -> crate::store::Result<&str> {
        if !self.known.contains_key(&id) {
            let name: String = conn
                .prepare_cached(self.sql)?
                .query_row([id], |r| r.get(0))?;
            self.known.insert(id, name);
        }
        Ok(self.known.get(&id).map_or("", String::as_str))
    }
}

/// The four names of a value's ids.
struct Keys {
    indicator: Names,
    region: Names,
    period: Names,
    breakdown: Names,
}

impl Keys {
    fn new() -> Keys {
        Keys {
            indicator: Names::new("SELECT code FROM indicator WHERE id = ?1"),
            region: Names::new("SELECT key FROM region WHERE id = ?1"),
            period: Names::new("SELECT code FROM period WHERE id = ?1"),
            breakdown: Names::new("SELECT key FROM breakdown WHERE id = ?1"),
        }
    }

    fn of(&mut self, conn: &rusqlite::Connection, ids: Ids) -> crate::store::Result<[String; 4]> {
        Ok([
            self.indicator.of(conn, ids.indicator)?.to_owned(),
            self.region.of(conn, ids.region)?.to_owned(),
            self.period.of(conn, ids.period)?.to_owned(),
            self.breakdown.of(conn, ids.breakdown)?.to_owned(),
        ])
    }
}

/// A logged observation's key, value and symbol.
fn logged(text: Option<&str>) -> Option<([String; 4], Option<f64>, Option<String>)> {
    let row: serde_json::Map<String, serde_json::Value> = serde_json::from_str(text?).ok()?;
    let text = |name: &str| {
        row.get(name)
            .and_then(serde_json::Value::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    Some((
        [
            text("indicator"),
            text("region"),
            text("period"),
            text("breakdown"),
        ],
        row.get("value").and_then(serde_json::Value::as_f64),
        row.get("symbol")
            .and_then(serde_json::Value::as_str)
            .map(str::to_owned),
    ))
}

/// The values this table's import updated, from the change log since `mark`: counted per
/// period (read from the log's key, `indicator|region|period|breakdown`), the first
/// [`MAX_LISTED`] listed old -> new.
fn updated_values(
    tx: &Tx<'_>,
    mark: i64,
    outcome: &mut TableOutcome,
) -> crate::store::Result<HashMap<String, u64>> {
    let mut per_period: HashMap<String, u64> = HashMap::new();
    let mut statement = tx.conn().prepare(
        "SELECT entity_key, before, after FROM change
         WHERE id > ?1 AND action_id = ?2 AND entity_kind = 'observation'
           AND before IS NOT NULL AND after IS NOT NULL ORDER BY id",
    )?;
    let mut rows = statement.query(rusqlite::params![mark, tx.action_id()])?;
    while let Some(row) = rows.next()? {
        let key: String = row.get(0)?;
        let period = key.split('|').nth(2).unwrap_or_default();
        *per_period.entry(period.to_owned()).or_default() += 1;
        outcome.changed += 1;
        if outcome.changes.len() >= MAX_LISTED {
            continue;
        }
        let before: Option<String> = row.get(1)?;
        let after: Option<String> = row.get(2)?;
        if let (Some((key, old_value, old_symbol)), Some((_, value, symbol))) =
            (logged(before.as_deref()), logged(after.as_deref()))
        {
            let [indicator, region, period, breakdown] = key;
            outcome.changes.push(Change {
                indicator,
                region,
                period,
                breakdown,
                old: shown(old_value, old_symbol.as_deref()),
                new: shown(value, symbol.as_deref()),
            });
        }
    }
    Ok(per_period)
}

/// What the table's import changed. Updated values come from the change log since `mark`;
/// the table's values are read by the indicators the file holds (an observation's key
/// starts with its indicator, so no other values are read): a value of this import that
/// was not updated is new, a value of the table's earlier imports that the file no longer
/// holds is gone (of an indicator the new edition still has).
fn compare(
    tx: &Tx<'_>,
    table: &str,
    mark: i64,
    seen: &HashSet<Ids>,
    import_id: i64,
    outcome: &mut TableOutcome,
) -> crate::store::Result<()> {
    let conn = tx.conn();
    let updated = updated_values(tx, mark, outcome)?;
    let earlier: HashSet<i64> = table_sources::imports_of(conn, table)?
        .into_iter()
        .filter(|id| *id != import_id)
        .collect();
    let indicators: std::collections::BTreeSet<i64> =
        seen.iter().map(|ids| ids.indicator).collect();
    let mut keys = Keys::new();
    // Per period id: how many values this import wrote (new or updated), and whether the
    // table had values for it before.
    let mut written: BTreeMap<i64, u64> = BTreeMap::new();
    let mut periods_before: HashSet<i64> = HashSet::new();
    let mut statement = conn.prepare(
        "SELECT region_id, period_id, breakdown_id, value, symbol, import_id FROM observation
         WHERE indicator_id = ?1",
    )?;
    for indicator in indicators {
        let mut rows = statement.query([indicator])?;
        while let Some(row) = rows.next()? {
            let ids = Ids {
                indicator,
                region: row.get(0)?,
                period: row.get(1)?,
                breakdown: row.get(2)?,
            };
            let from: Option<i64> = row.get(5)?;
            if from == Some(import_id) {
                *written.entry(ids.period).or_default() += 1;
                continue;
            }
            if !from.is_some_and(|from| earlier.contains(&from)) {
                continue;
            }
            periods_before.insert(ids.period);
            if seen.contains(&ids) {
                continue;
            }
            outcome.gone += 1;
            if outcome.gone_values.len() < MAX_LISTED {
                let value: Option<f64> = row.get(3)?;
                let symbol: Option<String> = row.get(4)?;
                let [indicator, region, period, breakdown] = keys.of(conn, ids)?;
                outcome.gone_values.push(Gone {
                    indicator,
                    region,
                    period,
                    breakdown,
                    value: shown(value, symbol.as_deref()),
                });
            }
        }
    }
    for (period, count) in written {
        let code = keys.period.of(conn, period)?.to_owned();
        let changed = updated.get(&code).copied().unwrap_or(0);
        let inserted = count.saturating_sub(changed);
        outcome.new_values += inserted;
        // A period with an updated value had values before.
        if inserted > 0 && changed == 0 && !periods_before.contains(&period) {
            outcome.new_periods.push(NewPeriod {
                period: code,
                values: inserted,
            });
        }
    }
    outcome.new_periods.sort_by(|a, b| a.period.cmp(&b.period));
    outcome.changes.sort_by(|a, b| {
        (&a.indicator, &a.region, &a.period).cmp(&(&b.indicator, &b.region, &b.period))
    });
    outcome.gone_values.sort_by(|a, b| {
        (&a.indicator, &a.region, &a.period).cmp(&(&b.indicator, &b.region, &b.period))
    });
    Ok(())
}

/// Imports the downloaded tables into the project as one action (one undo step; nothing
/// written when `dry_run`), each exactly as a downloaded file is imported, and says per
/// table what changed.
pub fn apply(
    store: &mut Store,
    downloads: &[Download],
    label: &str,
    dry_run: bool,
    progress: &Arc<Progress>,
) -> Result<Update, FetchError> {
    let folder = tempfile::tempdir().map_err(|source| FetchError::Temp { source })?;
    let remembered: HashMap<String, String> = table_sources::remembered(store.conn())?
        .into_iter()
        .map(|r| (r.source.table_code, r.source.data_date))
        .collect();
    let mut paths = Vec::with_capacity(downloads.len());
    let mut options = Vec::with_capacity(downloads.len());
    let mut outcomes = Vec::with_capacity(downloads.len());
    for (index, download) in downloads.iter().enumerate() {
        // One folder per table: two tables may come with the same file name.
        let dir = folder.path().join(index.to_string());
        std::fs::create_dir(&dir).map_err(|source| FetchError::Temp { source })?;
        let path = dir.join(&download.fetched.file_name);
        std::fs::write(&path, &download.fetched.csv)
            .map_err(|source| FetchError::Temp { source })?;
        paths.push(path);
        let date = data_date(&download.meta.updated);
        options.push(Options {
            dry_run,
            source: Some(TableSource {
                table_code: download.request.table.clone(),
                service: download.target.service.clone(),
                endpoint: download.target.endpoint.clone(),
                parameters: download.request.to_json(),
                title: download.meta.title.clone(),
                data_date: date.clone(),
                fetched_at: download.fetched_at.clone(),
            }),
            ..Options::default()
        });
        outcomes.push(TableOutcome {
            table: download.request.table.clone(),
            service: download.target.service.clone(),
            endpoint: download.target.endpoint.clone(),
            title: download.meta.title.clone(),
            data_date_before: remembered
                .get(&download.request.table)
                .cloned()
                .unwrap_or_default(),
            data_date: date,
            new_values: 0,
            new_periods: Vec::new(),
            changed: 0,
            changes: Vec::new(),
            gone: 0,
            gone_values: Vec::new(),
            report: Report::default(),
        });
    }
    let files: Vec<(&std::path::Path, &Options)> = paths
        .iter()
        .map(std::path::PathBuf::as_path)
        .zip(options.iter())
        .collect();
    let mut mark = 0;
    let reports = import_files(
        store,
        label,
        &files,
        dry_run,
        progress,
        |stage| match stage {
            Stage::Before { tx, .. } => {
                mark = log_mark(tx)?;
                Ok(())
            }
            Stage::After {
                tx,
                index,
                import_id,
                seen,
            } => compare(
                tx,
                &downloads[index].request.table,
                mark,
                seen,
                import_id,
                &mut outcomes[index],
            ),
        },
    )?;
    let mut applied = false;
    for ((outcome, mut report), download) in outcomes.iter_mut().zip(reports).zip(downloads) {
        applied |= report.applied;
        // The file as the service named it: the temporary copy is gone.
        report.file = std::path::PathBuf::from(&download.fetched.file_name);
        outcome.report = report;
    }
    Ok(Update {
        tables: outcomes,
        dry_run,
        applied,
    })
}

/// The remembered tables to refresh (all, or those in `only`): each with the request that
/// fetched it and where from (`endpoint` instead of the remembered address when given).
/// A code in `only` the project does not remember is refused.
pub fn remembered_requests(
    store: &Store,
    only: &[String],
    endpoint: Option<&str>,
) -> Result<Vec<(Target, TableRequest)>, FetchError> {
    let remembered = table_sources::remembered(store.conn())?;
    for code in only {
        if !remembered.iter().any(|r| r.source.table_code == *code) {
            return Err(FetchError::NotRemembered {
                table: code.clone(),
            });
        }
    }
    let mut requests = Vec::new();
    for entry in remembered {
        let source = entry.source;
        if !only.is_empty() && !only.contains(&source.table_code) {
            continue;
        }
        let service = (!source.service.is_empty()).then_some(source.service.as_str());
        let address =
            endpoint.or((!source.endpoint.is_empty()).then_some(source.endpoint.as_str()));
        let target = Target::new(service, address)?;
        requests.push((
            target,
            TableRequest::from_json(&source.table_code, &source.parameters),
        ));
    }
    Ok(requests)
}

/// Fetches every table, stopping at the first that cannot be fetched; `credentials` gives
/// each service's (asked once per service), `on_job` hears the table and the service's job
/// for a table prepared as a job.
pub fn download_all(
    requests: &[(Target, TableRequest)],
    credentials: &mut dyn FnMut(&Target) -> Option<super::Credentials>,
    on_job: &mut dyn FnMut(&str, &str),
    cancelled: Option<&super::Cancelled>,
) -> Result<Vec<Download>, FetchError> {
    let mut clients: HashMap<String, Client> = HashMap::new();
    let mut downloads = Vec::with_capacity(requests.len());
    for (target, request) in requests {
        let client = clients.entry(target.endpoint.clone()).or_insert_with(|| {
            Client::new(target.clone(), credentials(target)).with_cancel(cancelled.cloned())
        });
        downloads.push(download(client, request, &mut |job| {
            on_job(&request.table, job);
        })?);
    }
    Ok(downloads)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stand_becomes_a_date() {
        assert_eq!(data_date("21.11.2023 13:47:55h"), "2023-11-21");
        assert_eq!(data_date("2024-05-01"), "2024-05-01");
        assert_eq!(data_date(""), "");
    }

    #[test]
    fn a_value_is_shown_with_its_symbol() {
        assert_eq!(shown(Some(12.5), None), "12.5");
        assert_eq!(shown(None, Some(".")), ".");
        assert_eq!(shown(Some(3.0), Some("p")), "3 p");
    }
}
