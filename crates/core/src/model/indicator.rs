//! Indicators — what is measured, how, and where it should go — the goals they measure
//! and their targets; making one from scratch, and what a figure of it cites.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{Polarity, UpdateFrequency, new_uuid};

/// An indicator (Kennzahl): what is measured, how, and where it should go.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Indicator {
    /// Stable identity across copies of the project (UUID v7).
    pub uuid: Uuid,
    /// Short code, unique in the project (e.g. `ALQ_U25`); observations, imports and slides
    /// name the indicator by it.
    pub code: String,
    /// The indicator's name; not empty.
    pub name: String,
    /// What exactly is measured, in words.
    pub definition: String,
    /// The unit of its values, free text (e.g. `%` or `Anzahl`).
    pub unit: String,
    /// How many decimals its values are shown with, 0 to 6.
    pub decimals: i64,
    /// Which direction of its values is good.
    pub polarity: Polarity,
    /// Bottom of the band a target-band indicator should stay in, in its unit.
    pub band_low: Option<f64>,
    /// Top of that band, not below `band_low`.
    pub band_high: Option<f64>,
    /// Where the data comes from, e.g. an official table code.
    pub source: String,
    /// How often new data arrives.
    pub update_frequency: UpdateFrequency,
    /// Period code of the baseline.
    pub baseline_period: Option<String>,
    /// The value in the baseline period, in the indicator's unit.
    pub baseline_value: Option<f64>,
    /// Computed from other indicators by this formula ([`formula`]); empty for data that is
    /// imported or entered.
    #[serde(default)]
    pub formula: String,
    /// Its values are counts of people or cases: small ones are protected when published.
    #[serde(default)]
    pub counts: bool,
}

/// A goal an indicator measures.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IndicatorGoal {
    /// Stable identity across copies of the project (UUID v7).
    pub uuid: Uuid,
    /// The indicator.
    pub indicator: Uuid,
    /// The goal it measures.
    pub goal: Uuid,
}

/// A target value of an indicator for a region and period.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IndicatorTarget {
    /// Stable identity across copies of the project (UUID v7).
    pub uuid: Uuid,
    /// The indicator.
    pub indicator: Uuid,
    /// The region the target is set for.
    pub region: Uuid,
    /// Period code.
    pub period: String,
    /// The value to reach, in the indicator's unit.
    pub value: f64,
}

impl Indicator {
    /// The name of the indicator `code` among `indicators`, or the code itself when none
    /// has it (what a formula's method says for each code it reads).
    #[must_use]
    pub fn name_of(indicators: &[Indicator], code: &str) -> String {
        indicators
            .iter()
            .find(|i| i.code == code)
            .map_or_else(|| code.to_owned(), |i| i.name.clone())
    }

    /// After its formula changed from `before`: a source that only said `before` (in either
    /// language), or none, now says the new formula in `lang`, the project's language
    /// (nothing when the formula was taken away); a source someone wrote stays. The window's
    /// editor, `lernstadt derive` and the social index give a formula this way.
    pub fn follow_formula(&mut self, before: &str, lang: crate::i18n::Lang) {
        if super::formula::source_follows(&self.source, before).is_none() {
            return;
        }
        let formula = self.formula.trim();
        self.source = if formula.is_empty() {
            String::new()
        } else {
            crate::i18n::in_lang(lang, || crate::t!("derive.source", formula = formula))
        };
    }

    /// The source a figure or table of this indicator cites: its own, or, for a computed
    /// indicator whose source only says its formula, what it is computed from and where
    /// that comes from ("Berechnet aus … (Quelle: …)"), so the data's licence and
    /// attribution travel with every figure.
    #[must_use]
    pub fn cited_source(&self, indicators: &[Indicator]) -> String {
        self.cited(indicators, 0)
    }

    fn cited(&self, indicators: &[Indicator], depth: usize) -> String {
        let formula = self.formula.trim();
        if formula.is_empty()
            || depth > indicators.len()
            || super::formula::source_follows(&self.source, formula).is_none()
        {
            return self.source.clone();
        }
        let Ok(parsed) = super::formula::Formula::parse(formula) else {
            return self.source.clone();
        };
        let inputs: Vec<&Indicator> = parsed
            .codes()
            .iter()
            .filter_map(|code| indicators.iter().find(|i| i.code == *code))
            .collect();
        let mut sources: Vec<String> = Vec::new();
        for input in &inputs {
            let source = input.cited(indicators, depth + 1);
            if !source.trim().is_empty() && !sources.contains(&source) {
                sources.push(source);
            }
        }
        let names: Vec<&str> = inputs.iter().map(|i| i.name.as_str()).collect();
        if sources.is_empty() {
            crate::t!("derive.cited_bare", names = names.join(", "))
        } else {
            crate::t!(
                "derive.cited",
                names = names.join(", "),
                sources = sources.join("; ")
            )
        }
    }

    /// A new indicator with a fresh UUID, `code` and `name`: one decimal, no good
    /// direction, yearly, everything else empty.
    #[must_use]
    pub fn new(code: &str, name: &str) -> Indicator {
        Indicator {
            uuid: new_uuid(),
            code: code.to_owned(),
            name: name.to_owned(),
            definition: String::new(),
            unit: String::new(),
            decimals: 1,
            polarity: Polarity::Neutral,
            band_low: None,
            band_high: None,
            source: String::new(),
            update_frequency: UpdateFrequency::Yearly,
            baseline_period: None,
            baseline_value: None,
            formula: String::new(),
            counts: false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_source_follows_the_formula_unless_someone_wrote_it() {
        use crate::i18n::Lang;
        let mut rate = Indicator::new("QUOTE", "Quote");
        rate.formula = "[A] / [B]".to_owned();
        rate.follow_formula("", Lang::De);
        assert_eq!(
            rate.source, "Berechnet: [A] / [B]",
            "none yet: the formula's"
        );
        rate.formula = " 100 * [A] / [B] ".to_owned();
        rate.follow_formula("[A] / [B]", Lang::En);
        assert_eq!(
            rate.source, "Computed: 100 * [A] / [B]",
            "the old formula's, renewed"
        );
        rate.formula = String::new();
        rate.follow_formula("100 * [A] / [B]", Lang::En);
        assert_eq!(rate.source, "", "taken away with the formula");
        rate.source = "Amt für Statistik".to_owned();
        rate.formula = "[A]".to_owned();
        rate.follow_formula("", Lang::De);
        assert_eq!(rate.source, "Amt für Statistik", "someone's own stays");
    }

    #[test]
    fn a_computed_indicator_cites_its_inputs_sources() {
        crate::i18n::set_thread_lang(crate::i18n::Lang::En);
        let mut count = Indicator::new("A", "Leavers");
        count.source = "GENESIS 21111 · dl-de/by-2-0".into();
        let mut population = Indicator::new("B", "Population");
        population.source = "GENESIS 12411 · dl-de/by-2-0".into();
        let mut share = Indicator::new("S", "Share");
        share.formula = "100 * [A] / [B]".into();
        share.source = crate::t!("derive.source", formula = share.formula);
        let mut twice = Indicator::new("T", "Twice");
        twice.formula = "2 * [S]".into();
        let all = [count, population, share.clone(), twice.clone()];
        assert_eq!(
            share.cited_source(&all),
            "Computed from Leavers, Population (source: GENESIS 21111 · dl-de/by-2-0; GENESIS 12411 · dl-de/by-2-0)"
        );
        assert!(
            twice.cited_source(&all).contains("GENESIS 12411"),
            "through a computed input"
        );
        // A source someone wrote is cited as written.
        let mut own = share.clone();
        own.source = "Bildungsbüro".into();
        assert_eq!(own.cited_source(&all), "Bildungsbüro");
    }
}
