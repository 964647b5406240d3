//! `derive`: a computed indicator, made or changed from the command line.

use std::path::PathBuf;
use std::process::ExitCode;

use lernstadt_core::i18n;
use lernstadt_core::model::formula::Formula;
use lernstadt_core::store::derive::Derived;
use lernstadt_core::store::{Host, OpenMode, Store};
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
    /// A social index: its formula, method and direction (see `SocialIndex::apply_to`).
    #[arg(skip)]
    pub social: Option<lernstadt_core::model::formula::social::SocialIndex>,
}

impl DeriveCommand {
    pub(super) fn run(&self, host: &Host) -> anyhow::Result<ExitCode> {
        let counted = self.apply(host)?;
        if self.json {
            out!(
                "{}",
                serde_json::json!({
                    "code": self.code,
                    "formula": self.formula.trim(),
                    "values": counted.values,
                    "numbers": counted.numbers,
                    "symbols": counted.symbols,
                })
            );
        } else {
            self.print(&counted);
        }
        Ok(ExitCode::SUCCESS)
    }

    /// Makes or changes the indicator and computes it, in one undoable step; what it
    /// computed.
    pub(super) fn apply(&self, host: &Host) -> anyhow::Result<Derived> {
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
        // Every dimension and member it names is one its input has.
        let formula = Formula::parse(&self.formula)?;
        let mut members = std::collections::HashMap::new();
        for code in formula.codes() {
            let found = lernstadt_core::store::observations::members(store.conn(), &code)?;
            members.insert(code, found);
        }
        if let Err(error) =
            formula.check_breakdowns(|code| members.get(code).cloned().unwrap_or_default())
        {
            return Err(anyhow::Error::new(UsageError(t!(
                "cli.derive.bad_formula",
                formula = self.formula,
                error = error
            ))));
        }
        // A formula that would give no value anywhere makes nothing (exit 1), saying why.
        if let Some(why) = lernstadt_core::store::derive::why_empty(store.conn(), &formula)? {
            anyhow::bail!("{}", t!("cli.derive.empty", why = why));
        }
        let existing = indicators.iter().find(|i| i.code == self.code).cloned();
        if existing.is_none() && self.name.is_none() {
            return Err(anyhow::Error::new(UsageError(
                t!("cli.derive.needs_name", code = self.code).clone(),
            )));
        }
        let mut indicator = existing
            .clone()
            .unwrap_or_else(|| lernstadt_core::model::Indicator::new(&self.code, ""));
        if let Some(name) = &self.name {
            indicator.name.clone_from(name);
        }
        if let Some(unit) = &self.unit {
            indicator.unit.clone_from(unit);
        }
        if let Some(decimals) = self.decimals {
            indicator.decimals = decimals;
        }
        // A source someone wrote stays; one that only says the old formula says the new.
        // The source and a method are stored: in the project's language.
        let lang = lernstadt_core::store::project::language(store.conn())?;
        let before = std::mem::replace(&mut indicator.formula, self.formula.trim().to_owned());
        indicator.follow_formula(&before, lang);
        lernstadt_core::i18n::in_lang(lang, || {
            if let Some(index) = &self.social {
                index.apply_to(&mut indicator, |code: &str| {
                    lernstadt_core::model::Indicator::name_of(&indicators, code)
                });
            }
        });
        let label = t!("derive.action", code = indicator.code);
        // One action: the indicator and its values, computed before it commits.
        let counted = lernstadt_core::store::derive::save(
            &mut store,
            &indicator,
            existing.is_none(),
            &label,
            &|| false,
        )?;
        store.close()?;
        Ok(counted)
    }

    /// What [`DeriveCommand::apply`] computed, in words.
    pub(super) fn print(&self, counted: &Derived) {
        out!(
            "{}",
            t!(
                "cli.derive.done",
                code = self.code,
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
}
