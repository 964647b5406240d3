//! `social-index`: a social index of the districts made from the command line — each
//! indicator standardised among the districts and weighted — stored as a computed
//! indicator through `derive`.

use std::path::PathBuf;
use std::process::ExitCode;

use lernstadt_core::model::formula::Value;
use lernstadt_core::store::{Host, OpenMode, Store};
use lernstadt_core::t;

use super::UsageError;

use super::derive::DeriveCommand;

/// `lernstadt social-index FILE --code CODE --name NAME --indicator [+|-]CODE[:WEIGHT]…
/// [--json]`.
#[derive(Debug, clap::Args)]
pub struct SocialIndexCommand {
    pub file: PathBuf,
    #[arg(long)]
    pub code: String,
    #[arg(long)]
    pub name: Option<String>,
    #[arg(long = "indicator", allow_hyphen_values = true)]
    pub indicators: Vec<String>,
    #[arg(long)]
    pub json: bool,
}

impl SocialIndexCommand {
    /// Builds the index (each indicator standardised among the districts, turned so that
    /// higher means more need, weighted), makes it a computed indicator like `derive`, and
    /// prints the method and the districts ranked in the latest period.
    pub(super) fn run(&self, host: &Host) -> anyhow::Result<ExitCode> {
        use lernstadt_core::model::formula::social::{Need, SocialIndex, Term, parse_term};
        let usage = |message: String| anyhow::Error::new(UsageError(message));
        if self.indicators.len() < 2 {
            return Err(usage(t!("cli.social-index.too_few").to_owned()));
        }
        let store = Store::open(&self.file, OpenMode::ReadOnly, host)?;
        let known = lernstadt_core::store::indicators::list(store.conn())?;
        store.close()?;
        let mut index = SocialIndex::default();
        for given in &self.indicators {
            let (code, weight, need) = parse_term(given).map_err(usage)?;
            let Some(indicator) = known.iter().find(|i| i.code == code) else {
                return Err(usage(t!("cli.protect.unknown", code = code)));
            };
            if index.terms.iter().any(|t| t.code == code) {
                return Err(usage(t!("social.twice", code = code)));
            }
            let Some(need) = need.or_else(|| Need::of(indicator.polarity)) else {
                return Err(usage(t!(
                    "social.no_direction",
                    code = code,
                    name = indicator.name
                )));
            };
            index.terms.push(Term { code, weight, need });
        }
        let name = |code: &str| lernstadt_core::model::Indicator::name_of(&known, code);
        let derive = DeriveCommand {
            file: self.file.clone(),
            code: self.code.clone(),
            name: self.name.clone(),
            formula: index.formula(),
            unit: None,
            decimals: None,
            json: self.json,
            social: Some(index.clone()),
        };
        let counted = derive.apply(host)?;
        let store = Store::open(&self.file, OpenMode::ReadOnly, host)?;
        let ranking =
            lernstadt_core::store::social::ranking(store.conn(), &self.code, &index, None)?;
        store.close()?;
        let value = |value: &Value| match value {
            Value::Number { value, .. } => serde_json::json!(value),
            Value::Symbol(symbol) => serde_json::json!(symbol),
        };
        if self.json {
            out!(
                "{}",
                serde_json::json!({
                    "code": self.code,
                    "formula": index.formula(),
                    "method": index.method(name),
                    "values": counted.values,
                    "numbers": counted.numbers,
                    "symbols": counted.symbols,
                    "period": ranking.as_ref().map(|r| r.period.clone()),
                    "ranking": ranking.iter().flat_map(|r| &r.rows).map(|row| serde_json::json!({
                        "region": row.key,
                        "name": row.name,
                        "level": row.level.code(),
                        "value": value(&row.value),
                        "rank": row.rank,
                        "parts": index.terms.iter().zip(&row.parts)
                            .map(|(term, z)| (term.code.clone(), serde_json::json!(z)))
                            .collect::<serde_json::Map<_, _>>(),
                    })).collect::<Vec<_>>(),
                })
            );
            return Ok(ExitCode::SUCCESS);
        }
        derive.print(&counted);
        out!("{}", index.method(name));
        if let Some(ranking) = ranking {
            for level in ranking.levels() {
                out!(
                    "{}",
                    t!(
                        "social.ranking",
                        level = level.label(),
                        period = ranking.period
                    )
                );
                for row in ranking.rows.iter().filter(|r| r.level == level) {
                    let shown = row.value.text(2);
                    let rank = row.rank.map_or_else(|| "–".to_owned(), |r| r.to_string());
                    out!("  {rank:>3}  {shown:>6}  {} ({})", row.name, row.key);
                }
            }
        }
        Ok(ExitCode::SUCCESS)
    }
}
