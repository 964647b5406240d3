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
