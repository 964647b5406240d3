//! The shipped list, parsed once: every region with its parent, found by key (a Gemeinde by
//! its ARS or its AGS) in a hash map, with its name folded for search.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::Kind;

/// The list as written by `examples/build_official_regions.rs`.
const ASSET: &str = include_str!("../../../assets/official_regions.tsv");

/// One region of the list.
pub(super) struct Entry {
    pub key: &'static str,
    pub name: &'static str,
    pub kind: Kind,
    /// The parent's index in [`List::entries`] (none for Germany).
    pub parent: Option<u32>,
    /// The name lower-cased, umlauts and accents plain, punctuation as single spaces.
    pub folded: String,
    /// Whether another region of the list has the same name.
    pub name_repeats: bool,
}

/// The parsed list.
pub(super) struct List {
    pub edition: &'static str,
    pub attribution: &'static str,
    pub entries: Vec<Entry>,
    by_key: HashMap<&'static str, u32>,
    /// A Gemeinde's index by its AGS (Land, RB, Kreis and its own three digits).
    by_ags: HashMap<[u8; 8], u32>,
}

impl List {
    /// The index of the region with `key` (a Gemeinde by its ARS or AGS).
    pub fn find(&self, key: &str) -> Option<u32> {
        if let Some(&index) = self.by_key.get(key) {
            return Some(index);
        }
        let ags: [u8; 8] = key.as_bytes().try_into().ok()?;
        self.by_ags.get(&ags).copied()
    }
}

/// The list, parsed the first time it is asked for.
pub(super) fn list() -> &'static List {
    static LIST: OnceLock<List> = OnceLock::new();
    LIST.get_or_init(|| parse(ASSET))
}

/// A Gemeinde's AGS from its ARS: digits 1 to 5 and 10 to 12.
pub(super) fn ags(ars: &str) -> Option<[u8; 8]> {
    let bytes = ars.as_bytes();
    if bytes.len() != 12 {
        return None;
    }
    let mut ags = [0; 8];
    ags[..5].copy_from_slice(&bytes[..5]);
    ags[5..].copy_from_slice(&bytes[9..]);
    Some(ags)
}

fn header(text: &'static str, field: &str) -> &'static str {
    text.lines()
        .take_while(|line| line.starts_with('#'))
        .find_map(|line| {
            line.trim_start_matches('#')
                .trim()
                .strip_prefix(field)?
                .trim_start()
                .strip_prefix('=')
                .map(str::trim)
        })
        .unwrap_or_default()
}

fn parse(text: &'static str) -> List {
    let mut entries: Vec<Entry> = Vec::with_capacity(17_000);
    let mut by_key = HashMap::with_capacity(17_000);
    let mut by_ags = HashMap::with_capacity(11_000);
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        let Some((key, name)) = line.split_once('\t') else {
            continue;
        };
        let Some(kind) = Kind::of_key(key) else {
            continue;
        };
        let index = entries.len() as u32;
        // Each region comes after its parent: the longest shorter key found so far.
        let parent = parent_keys(key).find_map(|p| by_key.get(p).copied());
        by_key.insert(key, index);
        if let Some(ags) = ags(key) {
            by_ags.insert(ags, index);
        }
        entries.push(Entry {
            key,
            name,
            kind,
            parent,
            folded: fold(name),
            name_repeats: false,
        });
    }
    let mut names: HashMap<&str, u32> = HashMap::with_capacity(entries.len());
    for entry in &entries {
        *names.entry(entry.name).or_default() += 1;
    }
    for entry in &mut entries {
        entry.name_repeats = names.get(entry.name).is_some_and(|&n| n > 1);
    }
    List {
        edition: header(text, "edition"),
        attribution: header(text, "attribution"),
        entries,
        by_key,
        by_ags,
    }
}

/// The keys a region's parent may have, nearest first: a Gemeinde's Gemeindeverband, then
/// Kreis, Regierungsbezirk, Land and Germany.
fn parent_keys(key: &str) -> impl Iterator<Item = &str> {
    [9, 5, 3, 2]
        .into_iter()
        .filter(move |&len| len < key.len() && key != "DG")
        .filter_map(move |len| key.get(..len))
        .chain((key != "DG").then_some("DG"))
}

/// Text as search compares it: lower case, umlauts and accents plain (`ö` → `o`, `ß` →
/// `ss`), every run of other characters than letters and digits one space.
pub(super) fn fold(text: &str) -> String {
    fold_with(text, false)
}

/// Text folded as [`fold`] does, but umlauts written out (`ö` → `oe`): whether a name has
/// the umlaut someone typed (`gött` or `goett` is Göttingen rather than Gottenheim).
pub(super) fn fold_umlauts(text: &str) -> String {
    fold_with(text, true)
}

fn fold_with(text: &str, umlauts: bool) -> String {
    let mut folded = String::with_capacity(text.len());
    let mut space = true;
    for c in text.chars().flat_map(char::to_lowercase) {
        if umlauts && let Some(written) = written_out(c) {
            folded.push_str(written);
            space = false;
            continue;
        }
        let plain = match c {
            'ä' | 'á' | 'à' | 'â' | 'ã' | 'å' => 'a',
            'ö' | 'ó' | 'ò' | 'ô' | 'õ' | 'ø' => 'o',
            'ü' | 'ú' | 'ù' | 'û' => 'u',
            'é' | 'è' | 'ê' | 'ë' | 'ě' => 'e',
            'í' | 'ì' | 'î' | 'ï' => 'i',
            'ś' | 'š' => 's',
            'ć' | 'č' | 'ç' => 'c',
            'ń' | 'ň' => 'n',
            'ł' => 'l',
            'ž' | 'ź' | 'ż' => 'z',
            'ř' => 'r',
            'ý' => 'y',
            'ß' => {
                folded.push_str("ss");
                space = false;
                continue;
            }
            c => c,
        };
        if plain.is_alphanumeric() {
            folded.push(plain);
            space = false;
        } else if !space {
            folded.push(' ');
            space = true;
        }
    }
    if folded.ends_with(' ') {
        folded.pop();
    }
    folded
}

fn written_out(c: char) -> Option<&'static str> {
    Some(match c {
        'ä' => "ae",
        'ö' => "oe",
        'ü' => "ue",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_makes_umlauts_and_punctuation_plain() {
        assert_eq!(fold("Göttingen, Landkreis"), "gottingen landkreis");
        assert_eq!(fold("St. Leon-Rot"), "st leon rot");
        assert_eq!(fold("Cottbus/Chóśebuz, Stadt"), "cottbus chosebuz stadt");
        assert_eq!(fold("Gößnitz"), "gossnitz");
        assert_eq!(fold("  "), "");
        assert_eq!(fold_umlauts("Göttingen, Stadt"), "goettingen stadt");
    }

    #[test]
    fn a_region_s_parents_are_the_shorter_keys() {
        let parents: Vec<&str> = parent_keys("031590016016").collect();
        assert_eq!(parents, ["031590016", "03159", "031", "03", "DG"]);
        assert_eq!(parent_keys("03").collect::<Vec<_>>(), ["DG"]);
        assert_eq!(parent_keys("DG").count(), 0);
    }

    #[test]
    fn the_header_names_edition_and_attribution() {
        let list = list();
        assert!(
            list.edition.starts_with("Gemeindeverzeichnis"),
            "{}",
            list.edition
        );
        assert!(
            list.attribution.contains("Destatis"),
            "{}",
            list.attribution
        );
        assert!(list.attribution.contains("Datenlizenz Deutschland"));
    }
}
