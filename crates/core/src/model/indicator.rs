//! Making an indicator from scratch (the command line's `derive`, the social index
//! dialog, tests).

use super::{Indicator, Polarity, UpdateFrequency, new_uuid};

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
