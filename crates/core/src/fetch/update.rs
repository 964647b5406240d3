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
use crate::store::observations::{self, Ids};
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

/// The table's values before: ids → (value, symbol).
type Snapshot = HashMap<Ids, (Option<f64>, Option<String>)>;

fn snapshot(tx: &Tx<'_>, table: &str) -> crate::store::Result<Snapshot> {
    let imports = table_sources::imports_of(tx.conn(), table)?;
    let mut values = Snapshot::new();
    if imports.is_empty() {
        return Ok(values);
    }
    let list = imports
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(",");
    let mut statement = tx.conn().prepare(&format!(
        "SELECT indicator_id, region_id, period_id, breakdown_id, value, symbol FROM observation
         WHERE import_id IN ({list})"
    ))?;
    let mut rows = statement.query([])?;
    while let Some(row) = rows.next()? {
        values.insert(
            Ids {
                indicator: row.get(0)?,
                region: row.get(1)?,
                period: row.get(2)?,
                breakdown: row.get(3)?,
            },
            (row.get(4)?, row.get(5)?),
        );
    }
    Ok(values)
}

/// What the table's import changed, from its values before and the ids the file holds.
fn compare(
    tx: &Tx<'_>,
    before: &Snapshot,
    seen: &HashSet<Ids>,
    import_id: i64,
    outcome: &mut TableOutcome,
) -> crate::store::Result<()> {
    let conn = tx.conn();
    let mut before_periods: HashSet<i64> = HashSet::new();
    for (ids, (value, symbol)) in before {
        before_periods.insert(ids.period);
        if seen.contains(ids) {
            let Some(now) = observations::read_ids(conn, *ids)? else {
                continue;
            };
            if now.content.value != *value || now.content.symbol != *symbol {
                outcome.changed += 1;
                if outcome.changes.len() < MAX_LISTED {
                    let [indicator, region, period, breakdown] =
                        observations::identity_of(conn, *ids)?;
                    outcome.changes.push(Change {
                        indicator,
                        region,
                        period,
                        breakdown,
                        old: shown(*value, symbol.as_deref()),
                        new: shown(now.content.value, now.content.symbol.as_deref()),
                    });
                }
            }
        } else {
            outcome.gone += 1;
            if outcome.gone_values.len() < MAX_LISTED {
                let [indicator, region, period, breakdown] = observations::identity_of(conn, *ids)?;
                outcome.gone_values.push(Gone {
                    indicator,
                    region,
                    period,
                    breakdown,
                    value: shown(*value, symbol.as_deref()),
                });
            }
        }
    }
    let mut new_periods: BTreeMap<i64, u64> = BTreeMap::new();
    for ids in seen {
        if before.contains_key(ids) {
            continue;
        }
        let Some(now) = observations::read_ids(conn, *ids)? else {
            continue;
        };
        if now.import_id != Some(import_id) {
            continue;
        }
        outcome.new_values += 1;
        if !before_periods.contains(&ids.period) {
            *new_periods.entry(ids.period).or_default() += 1;
        }
    }
    for (period, values) in new_periods {
        let code: String =
            conn.query_row("SELECT code FROM period WHERE id = ?1", [period], |r| {
                r.get(0)
            })?;
        outcome.new_periods.push(NewPeriod {
            period: code,
            values,
        });
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
    let mut before: Snapshot = Snapshot::new();
    let reports = import_files(
        store,
        label,
        &files,
        dry_run,
        progress,
        |stage| match stage {
            Stage::Before { tx, index } => {
                before = snapshot(tx, &downloads[index].request.table)?;
                Ok(())
            }
            Stage::After {
                tx,
                index,
                import_id,
                seen,
            } => compare(tx, &before, seen, import_id, &mut outcomes[index]),
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
