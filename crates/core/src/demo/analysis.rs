//! What the demo shows of the analysis planners otherwise do in spreadsheets: a share
//! computed from the population counts and a social index of the districts — computed
//! indicators, worked out when the demo's one action commits and kept current after.

use super::ids::{Ids, Refs};
use crate::model::formula::social::{Need, SocialIndex, Term};
use crate::model::{Indicator, IndicatorGoal, Polarity};
use crate::store::{Result, Tx};

/// The share of children under six, from the population by age group.
const SHARE_FORMULA: &str =
    "100 * ([BEV; ALTX20=ALT000B03] + [BEV; ALTX20=ALT003B06]) / [BEV; total]";

/// Inserts both indicators, linked to the goals they inform ("1": growing up well, "2":
/// success at school regardless of background).
pub(super) fn insert(tx: &mut Tx<'_>, ids: &mut Ids, goals: &Refs) -> Result<()> {
    let mut share = Indicator::new("ANT_U6", "Anteil der Kinder unter 6 Jahren");
    share.uuid = ids.next();
    "Einwohnerinnen und Einwohner unter 6 Jahren je 100 Einwohner, am 31. Dezember; berechnet aus der Bevölkerung nach Altersgruppen.".clone_into(&mut share.definition);
    "%".clone_into(&mut share.unit);
    SHARE_FORMULA.clone_into(&mut share.formula);
    share.source = format!("Berechnet: {SHARE_FORMULA}");
    share.polarity = Polarity::Neutral;
    tx.insert(&share)?;
    link(tx, ids, goals, &share, "1")?;

    let index = SocialIndex {
        terms: vec![
            term("SGB2_U15", 2.0, Need::Higher),
            term("ALQ_U25", 1.0, Need::Higher),
            term("BQ_U3", 1.0, Need::Lower),
        ],
    };
    let names = crate::store::indicators::list(tx.conn())?;
    let mut social = Indicator::new("SOZ", "Sozialindex der Stadtteile");
    social.uuid = ids.next();
    index.apply_to(&mut social, |code: &str| Indicator::name_of(&names, code));
    tx.insert(&social)?;
    link(tx, ids, goals, &social, "2")
}

fn term(code: &str, weight: f64, need: Need) -> Term {
    Term {
        code: code.to_owned(),
        weight,
        need,
    }
}

fn link(
    tx: &mut Tx<'_>,
    ids: &mut Ids,
    goals: &Refs,
    indicator: &Indicator,
    goal: &str,
) -> Result<()> {
    tx.insert(&IndicatorGoal {
        uuid: ids.next(),
        indicator: indicator.uuid,
        goal: goals.get(goal)?,
    })
}
