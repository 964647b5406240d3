//! What a fetch or refresh did, in words: the same lines on the command line and in the
//! window.

use super::Update;
use crate::t;

fn key(indicator: &str, region: &str, period: &str, breakdown: &str) -> String {
    [indicator, region, period, breakdown]
        .iter()
        .filter(|part| !part.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" · ")
}

/// The lines that say what happened (or would happen) to each table, then the verdict;
/// changed and gone values are listed up to `shown` per table. Lines about a table's
/// details are indented by two spaces, listed values by four.
#[must_use]
pub fn describe(update: &Update, shown: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let more = |lines: &mut Vec<String>, count: u64| {
        if count > shown as u64 {
            lines.push(format!(
                "    {}",
                t!("fetch.text.more", count = count - shown as u64)
            ));
        }
    };
    for table in &update.tables {
        let edition = match (table.data_date_before.as_str(), table.data_date.as_str()) {
            ("", "") => String::new(),
            ("", now) => t!("fetch.text.edition", date = now),
            (before, now) if before == now => t!("fetch.text.edition", date = now),
            (before, now) => t!("fetch.text.edition_changed", before = before, now = now),
        };
        let name = if table.title.is_empty() {
            table.table.clone()
        } else {
            t!(
                "fetch.text.titled",
                table = table.table,
                title = table.title
            )
        };
        let service = if table.service.is_empty() {
            table.endpoint.as_str()
        } else {
            table.service.as_str()
        };
        lines.push(t!(
            "fetch.text.table",
            name = name,
            service = service,
            edition = edition
        ));
        let file_name = table
            .report
            .file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        lines.push(format!("  {}", table.report.summary(&file_name)));
        if !table.new_periods.is_empty() {
            let periods: Vec<String> = table
                .new_periods
                .iter()
                .map(|p| {
                    t!(
                        "fetch.text.period_values",
                        period = p.period,
                        values = p.values
                    )
                })
                .collect();
            lines.push(format!(
                "  {}",
                t!("fetch.text.new_periods", periods = periods.join(", "))
            ));
        }
        if table.changed > 0 {
            lines.push(format!(
                "  {}",
                t!("fetch.text.changed", count = table.changed)
            ));
            for change in table.changes.iter().take(shown) {
                lines.push(format!(
                    "    {}: {} -> {}",
                    key(
                        &change.indicator,
                        &change.region,
                        &change.period,
                        &change.breakdown
                    ),
                    change.old,
                    change.new
                ));
            }
            more(&mut lines, table.changed);
        }
        if table.gone > 0 {
            lines.push(format!("  {}", t!("fetch.text.gone", count = table.gone)));
            for gone in table.gone_values.iter().take(shown) {
                lines.push(format!(
                    "    {}: {}",
                    key(&gone.indicator, &gone.region, &gone.period, &gone.breakdown),
                    gone.value
                ));
            }
            more(&mut lines, table.gone);
        }
        for problem in &table.report.problems {
            lines.push(format!("  {}", problem.describe()));
        }
        if table.report.more_problems > 0 {
            lines.push(format!(
                "  {}",
                t!(
                    "fetch.text.more_problems",
                    count = table.report.more_problems
                )
            ));
        }
    }
    lines.push(
        if update.dry_run {
            t!("fetch.text.dry_run")
        } else if update.applied {
            t!("fetch.text.applied")
        } else {
            t!("fetch.text.nothing_changed")
        }
        .to_owned(),
    );
    lines
}
