//! `derive`: a computed indicator, made or changed from the command line.

use std::path::PathBuf;
use std::process::ExitCode;

use lernstadt_core::i18n;
use lernstadt_core::model::formula::Formula;
use lernstadt_core::store::{ActionKind, Host, OpenMode, Store};
use lernstadt_core::t;

use super::UsageError;

/// `lernstadt derive FILE --code CODE --name NAME --formula EXPR [--unit UNIT]
/// [--decimals N] [--json]`.
#[derive(Debug, clap::Args)]
pub struct DeriveCommand {
    pub file: PathBuf,
    #[arg(long)]
    pub code: String,
    #[arg(long)]
    pub name: Option<String>,
    #[arg(long)]
    pub formula: String,
    #[arg(long)]
    pub unit: Option<String>,
    #[arg(long)]
    pub decimals: Option<i64>,
    #[arg(long)]
    pub json: bool,
}

impl DeriveCommand {
    pub(super) fn run(&self, host: &Host) -> anyhow::Result<ExitCode> {
        Formula::parse(&self.formula).map_err(|error| {
            anyhow::Error::new(UsageError(t!(
                "cli.derive.bad_formula",
                formula = self.formula,
                error = error
            )))
        })?;
        let mut store = Store::open(&self.file, OpenMode::ReadWrite, host)?;
        let indicators = lernstadt_core::store::indicators::list(store.conn())?;
        // The same check as the window's editor: codes exist, no loop through other formulas.
        if let Err(error) =
            lernstadt_core::model::formula::check_in(&indicators, &self.code, &self.formula)
        {
            return Err(anyhow::Error::new(UsageError(t!(
                "cli.derive.bad_formula",
                formula = self.formula,
                error = error
            ))));
        }
        let existing = indicators.into_iter().find(|i| i.code == self.code);
        if existing.is_none() && self.name.is_none() {
            return Err(anyhow::Error::new(UsageError(
                t!("cli.derive.needs_name", code = self.code).clone(),
            )));
        }
        let mut indicator = existing
            .clone()
            .unwrap_or_else(|| lernstadt_core::model::Indicator {
                uuid: lernstadt_core::model::new_uuid(),
                code: self.code.clone(),
                name: String::new(),
                definition: String::new(),
                unit: String::new(),
                decimals: 1,
                polarity: lernstadt_core::model::Polarity::Neutral,
                band_low: None,
                band_high: None,
                source: String::new(),
                update_frequency: lernstadt_core::model::UpdateFrequency::Yearly,
                baseline_period: None,
                baseline_value: None,
                formula: String::new(),
                counts: false,
            });
        if let Some(name) = &self.name {
            indicator.name.clone_from(name);
        }
        if let Some(unit) = &self.unit {
            indicator.unit.clone_from(unit);
        }
        if let Some(decimals) = self.decimals {
            indicator.decimals = decimals;
        }
        self.formula.trim().clone_into(&mut indicator.formula);
        indicator.source = t!("derive.source", formula = indicator.formula);
        let label = t!("derive.action", code = indicator.code);
        // One action: the indicator and its values, computed before it commits (in bulk: the
        // computed values' ids come from the inputs' rows).
        store.transact_bulk(ActionKind::Edit, &label, true, |tx| {
            if existing.is_some() {
                tx.update(&indicator)?;
            } else {
                tx.insert(&indicator)?;
            }
            Ok(())
        })?;
        // What the step computed; counted from the file when it computed nothing new (the
        // same formula again).
        let counted = match store.last_derived().get(&indicator.code) {
            Some(derived) => derived.clone(),
            None => lernstadt_core::store::derive::counts(store.conn(), &indicator.code)?,
        };
        store.close()?;
        if self.json {
            out!(
                "{}",
                serde_json::json!({
                    "code": indicator.code,
                    "formula": indicator.formula,
                    "values": counted.values,
                    "numbers": counted.numbers,
                    "symbols": counted.symbols,
                })
            );
        } else {
            out!(
                "{}",
                t!(
                    "cli.derive.done",
                    code = indicator.code,
                    values = i18n::format_int(counted.values as i64),
                    numbers = i18n::format_int(counted.numbers as i64)
                )
            );
            if counted.values == 0 {
                out!("  {}", t!("cli.derive.none"));
            }
            for (symbol, count) in &counted.symbols {
                out!(
                    "  {}",
                    t!(
                        "cli.derive.symbol",
                        symbol = symbol,
                        count = i18n::format_int(*count as i64)
                    )
                );
            }
        }
        Ok(ExitCode::SUCCESS)
    }
}
