//! Finding official regions by name or key as a user types: one pass over the list, the
//! best few ranked and named so that regions of the same name can be told apart.

use super::Kind;
use super::list::{Entry, List, ags, fold, fold_umlauts, list};

/// A region found by [`search`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    /// The key as the list holds it (a Gemeinde's ARS).
    pub key: &'static str,
    /// The official name.
    pub name: &'static str,
    /// Land, Kreis, Gemeinde, ….
    pub kind: Kind,
    /// What a list of results shows: the name and key, and where the name is not the only
    /// one of its kind and where it lies (`Göttingen, Stadt — Gemeinde in Göttingen,
    /// Landkreis (031590016016)`).
    pub label: String,
}

/// Up to `limit` regions whose name or key matches `text`, best first. A name matches when
/// it holds the text, whatever its case and umlauts (`gött`, `gott` and `goett` find
/// Göttingen); digits match the start of a key (a Gemeinde's ARS or AGS). Names that start
/// with the text come before names with a word that does, and those before the rest; then
/// names with the umlauts typed (`gött` or `goett`: Göttingen before Gottenheim), larger
/// regions first (a Kreis before the Gemeinde of the same name), then by name.
#[must_use]
pub fn search(text: &str, limit: usize) -> Vec<Found> {
    let text = text.trim();
    if text.is_empty() || limit == 0 {
        return Vec::new();
    }
    let list = list();
    let by_key = text.eq_ignore_ascii_case("dg") || text.bytes().all(|b| b.is_ascii_digit());
    let query = Query::new(text);
    let mut hits: Vec<Hit> = list
        .entries
        .iter()
        .enumerate()
        .filter_map(|(index, entry)| {
            let score = if by_key {
                key_score(entry.key, text)
            } else {
                query.score(&entry.folded)
            }?;
            let other_umlauts = !by_key && query.other_umlauts(entry.name);
            Some((score, other_umlauts, entry.kind, index as u32))
        })
        .collect();
    let order = |a: &Hit, b: &Hit| {
        let (ea, eb) = (&list.entries[a.3 as usize], &list.entries[b.3 as usize]);
        (a.0, a.1, a.2).cmp(&(b.0, b.1, b.2)).then_with(|| {
            if by_key {
                ea.key.cmp(eb.key)
            } else {
                ea.folded.cmp(&eb.folded).then(ea.key.cmp(eb.key))
            }
        })
    };
    if hits.len() > limit {
        hits.select_nth_unstable_by(limit - 1, order);
        hits.truncate(limit);
    }
    hits.sort_unstable_by(order);
    hits.into_iter()
        .map(|(_, _, _, index)| {
            let entry = &list.entries[index as usize];
            Found {
                key: entry.key,
                name: entry.name,
                kind: entry.kind,
                label: label(list, entry),
            }
        })
        .collect()
}

/// A match: how well the name or key matches, whether the name lacks the umlauts typed,
/// the region's kind and its index in the list.
type Hit = (u8, bool, Kind, u32);

/// The typed text folded as names are, once more with `ae`, `oe`, `ue` as plain vowels
/// (`goett` finds `gottingen`), and with umlauts written out when it has any.
struct Query {
    folded: String,
    plain: Option<String>,
    umlauts: Option<String>,
}

impl Query {
    fn new(text: &str) -> Self {
        let folded = fold(text);
        let plain = folded
            .replace("ae", "a")
            .replace("oe", "o")
            .replace("ue", "u");
        let umlauts = fold_umlauts(text);
        let has_umlauts =
            umlauts.contains("ae") || umlauts.contains("oe") || umlauts.contains("ue");
        Self {
            plain: (plain != folded).then_some(plain),
            umlauts: has_umlauts.then_some(umlauts),
            folded,
        }
    }

    /// Whether a matching name lacks the umlauts the text has (`Gottenheim` for `gött`).
    fn other_umlauts(&self, name: &str) -> bool {
        self.umlauts
            .as_ref()
            .is_some_and(|umlauts| !fold_umlauts(name).contains(umlauts.as_str()))
    }

    /// How well a folded name matches: 0 it is the text or starts with it as a word, 1 it
    /// starts with it, 2 a later word starts with it, 3 it holds it; `None` it does not.
    fn score(&self, name: &str) -> Option<u8> {
        std::iter::once(&self.folded)
            .chain(&self.plain)
            .filter(|q| !q.is_empty())
            .filter_map(|q| name_score(name, q))
            .min()
    }
}

fn name_score(name: &str, query: &str) -> Option<u8> {
    let at = name.find(query)?;
    if at == 0 {
        let rest = &name[query.len()..];
        let whole_word = rest.is_empty() || rest.starts_with(' ');
        return Some(u8::from(!whole_word));
    }
    let word = name
        .match_indices(query)
        .any(|(i, _)| name[..i].ends_with(' '));
    Some(if word { 2 } else { 3 })
}

/// How well a key matches typed digits: 0 it is them (a Gemeinde's AGS too), 1 it starts
/// with them; `None` it does not.
fn key_score(key: &str, text: &str) -> Option<u8> {
    if key.eq_ignore_ascii_case(text) {
        return Some(0);
    }
    if key.starts_with(text) {
        return Some(1);
    }
    let ags = ags(key)?;
    let ags = std::str::from_utf8(&ags).ok()?;
    if ags == text {
        Some(0)
    } else {
        ags.starts_with(text).then_some(1)
    }
}

/// `Name (key)`, and for a name another region has too its kind and the Kreis (or Land) it
/// lies in.
fn label(list: &List, entry: &Entry) -> String {
    let key = entry.key;
    let name = entry.name;
    if !entry.name_repeats {
        return format!("{name} ({key})");
    }
    let kind = entry.kind.label();
    let within = match entry.kind {
        Kind::Country | Kind::State => None,
        Kind::AdministrativeDistrict | Kind::County => Some(Kind::State),
        Kind::Municipality | Kind::MunicipalAssociation => Some(Kind::County),
    }
    .and_then(|wanted| {
        let mut next = entry.parent;
        while let Some(index) = next {
            let parent = &list.entries[index as usize];
            if parent.kind == wanted {
                return Some(parent.name);
            }
            next = parent.parent;
        }
        None
    });
    match within {
        Some(within) => crate::t!(
            "official.label_within",
            name = name,
            kind = kind,
            within = within,
            key = key
        ),
        None => crate::t!("official.label_kind", name = name, kind = kind, key = key),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Lang, in_lang};

    fn keys(text: &str, limit: usize) -> Vec<&'static str> {
        search(text, limit).into_iter().map(|f| f.key).collect()
    }

    #[test]
    fn the_kreis_comes_before_the_gemeinde_of_its_name() {
        let found = in_lang(Lang::En, || search("gött", 5));
        assert_eq!(found[0].key, "03159");
        assert_eq!(found[0].label, "Göttingen, Landkreis (03159)");
        // Then the Gemeinden, by name: Göttin (Kreis Herzogtum Lauenburg) first.
        assert_eq!(found[1].name, "Göttin");
        let found = in_lang(Lang::En, || search("Göttingen", 5));
        assert_eq!(found[0].key, "03159");
        assert_eq!(found[1].key, "031590016016");
        assert_eq!(
            found[1].label,
            "Göttingen, Stadt — municipality in Göttingen, Landkreis (031590016016)"
        );
        assert_eq!(found[2].key, "031590016");
        assert_eq!(
            found[2].label,
            "Göttingen, Stadt — municipal association in Göttingen, Landkreis (031590016)"
        );
        assert_eq!(keys("GOETT", 1), ["03159"]);
        assert_eq!(keys("Gott", 1), ["03159"]);
    }

    #[test]
    fn digits_find_keys_and_a_gemeinde_by_its_ags() {
        assert_eq!(keys("03159", 1), ["03159"]);
        assert_eq!(keys("03159016", 1), ["031590016016"]);
        assert_eq!(keys("0315", 3), ["03151", "03153", "03154"]);
        assert_eq!(keys("dg", 1), ["DG"]);
        assert!(keys("99", 5).is_empty());
    }

    #[test]
    fn a_land_comes_first_and_words_count() {
        assert_eq!(keys("berlin", 2), ["11", "11000"]);
        assert_eq!(keys("leon rot", 1).len(), 1);
        assert_eq!(search("Leon-Rot", 1)[0].name, "St. Leon-Rot");
        assert!(search("", 10).is_empty());
        assert_eq!(search("a", 7).len(), 7);
    }
}
