//! The official regions of Germany as the program ships them: every Land, Regierungsbezirk,
//! Kreis, Gemeindeverband and Gemeinde of the Statistisches Bundesamt's
//! Gemeindeverzeichnis, with its name and parent, so a key can be named and checked before
//! any table brings it, and a new project can search its region by name.
//!
//! The list is `assets/official_regions.tsv`, compiled in and parsed the first time it is
//! asked for (a few milliseconds); `examples/build_official_regions.rs` writes it from a
//! workbook of the Gemeindeverzeichnis, so a newer edition is that script run again — the
//! edition and the attribution the licence asks for are read from the file.

pub mod build;
mod list;
mod search;

pub use search::{Found, search};

use super::RegionLevel;

/// The level of an official region, as the Gemeindeverzeichnis has it: unlike
/// [`RegionLevel`] it tells a Gemeindeverband (an Amt, Samtgemeinde, Verbandsgemeinde, …)
/// from a Gemeinde.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// Germany, `DG`.
    Country,
    /// A Land, two digits.
    State,
    /// A Regierungsbezirk (or a former one, a statistical region), three digits.
    AdministrativeDistrict,
    /// A Kreis or kreisfreie Stadt, five digits.
    County,
    /// A Gemeinde, by its 12-digit ARS or 8-digit AGS.
    Municipality,
    /// A Gemeindeverband, nine digits (the Kreis's five and four of its own).
    MunicipalAssociation,
}

impl Kind {
    /// The kind a key of the list has, by its length.
    fn of_key(key: &str) -> Option<Self> {
        if key == "DG" {
            return Some(Self::Country);
        }
        if !key.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        Some(match key.len() {
            2 => Self::State,
            3 => Self::AdministrativeDistrict,
            5 => Self::County,
            8 | 12 => Self::Municipality,
            9 => Self::MunicipalAssociation,
            _ => return None,
        })
    }

    /// The project's level for regions of this kind (a Gemeindeverband is a municipality,
    /// as imports have it).
    #[must_use]
    pub fn level(self) -> RegionLevel {
        match self {
            Self::Country => RegionLevel::Country,
            Self::State => RegionLevel::State,
            Self::AdministrativeDistrict => RegionLevel::AdministrativeDistrict,
            Self::County => RegionLevel::County,
            Self::Municipality | Self::MunicipalAssociation => RegionLevel::Municipality,
        }
    }

    /// The kind's name in the current language, as a search result says it.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Country => crate::t!("official.kind.country"),
            Self::State => crate::t!("official.kind.state"),
            Self::AdministrativeDistrict => crate::t!("official.kind.administrative_district"),
            Self::County => crate::t!("official.kind.county"),
            Self::Municipality => crate::t!("official.kind.municipality"),
            Self::MunicipalAssociation => crate::t!("official.kind.municipal_association"),
        }
    }
}

/// A region of the official list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OfficialRegion {
    /// The key as asked for (trimmed): a Gemeinde's AGS stays its AGS.
    pub key: String,
    /// The key as the list holds it: a Gemeinde's 12-digit ARS.
    pub listed_key: &'static str,
    /// The official name; a Kreis's with its kind (`Göttingen, Landkreis`).
    pub name: &'static str,
    /// Land, Kreis, Gemeindeverband, Gemeinde, ….
    pub kind: Kind,
    /// The project's level for it.
    pub level: RegionLevel,
    /// The key of the region it lies in: a Gemeinde's Gemeindeverband, a Gemeindeverband's
    /// Kreis, a Kreis's Regierungsbezirk (where its Land has them) or Land, a Land's `DG`.
    pub parent: Option<&'static str>,
}

/// The region with `key` (`DG`, a Land, Regierungsbezirk, Kreis or Gemeindeverband, a
/// Gemeinde by its ARS or its AGS), if the shipped edition of the list has it.
#[must_use]
pub fn lookup(key: &str) -> Option<OfficialRegion> {
    let key = key.trim();
    let list = list::list();
    let entry = &list.entries[list.find(key)? as usize];
    Some(OfficialRegion {
        key: key.to_owned(),
        listed_key: entry.key,
        name: entry.name,
        kind: entry.kind,
        level: entry.kind.level(),
        parent: entry.parent.map(|p| list.entries[p as usize].key),
    })
}

/// The official name of the region with `key`, without building an [`OfficialRegion`].
#[must_use]
pub fn name(key: &str) -> Option<&'static str> {
    let list = list::list();
    list.find(key.trim())
        .map(|index| list.entries[index as usize].name)
}

/// Whether `key` is in the shipped edition of the list: a key of a Kreis dissolved since
/// (`03152`, the old Landkreis Göttingen) or a city's own district key is not.
#[must_use]
pub fn is_current(key: &str) -> bool {
    list::list().find(key.trim()).is_some()
}

/// The keys of the regions `key` lies in, nearest first, up to `DG`: for a Gemeinde its
/// Gemeindeverband, Kreis, Regierungsbezirk (where there is one), Land and Germany. Empty
/// when the list does not have `key`.
#[must_use]
pub fn parents(key: &str) -> Vec<&'static str> {
    let list = list::list();
    let mut parents = Vec::new();
    let mut next = list
        .find(key.trim())
        .and_then(|index| list.entries[index as usize].parent);
    while let Some(index) = next {
        let entry = &list.entries[index as usize];
        parents.push(entry.key);
        next = entry.parent;
    }
    parents
}

/// Which edition the shipped list is: `Gemeindeverzeichnis (GV-ISys), Gebietsstand …`.
#[must_use]
pub fn edition() -> &'static str {
    list::list().edition
}

/// The attribution the list's licence asks for: the publisher, the year and the licence
/// (Datenlizenz Deutschland – Namensnennung – Version 2.0).
#[must_use]
pub fn attribution() -> &'static str {
    list::list().attribution
}

/// How many regions of each kind the shipped list holds, in the order of [`Kind`].
#[must_use]
pub fn counts() -> Vec<(Kind, usize)> {
    let mut counts: Vec<(Kind, usize)> = Vec::new();
    for entry in &list::list().entries {
        match counts.iter_mut().find(|(kind, _)| *kind == entry.kind) {
            Some((_, n)) => *n += 1,
            None => counts.push((entry.kind, 1)),
        }
    }
    counts.sort();
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kreis_is_named_with_its_parents() {
        let kreis = lookup("03159").unwrap();
        assert_eq!(kreis.name, "Göttingen, Landkreis");
        assert_eq!(kreis.kind, Kind::County);
        assert_eq!(kreis.level, RegionLevel::County);
        assert_eq!(kreis.parent, Some("031"));
        assert_eq!(lookup("031").unwrap().parent, Some("03"));
        assert_eq!(lookup("03").unwrap().name, "Niedersachsen");
        assert_eq!(lookup("03").unwrap().parent, Some("DG"));
        assert_eq!(lookup("DG").unwrap().parent, None);
        // Schleswig-Holstein has no Regierungsbezirke: its Kreise lie in the Land.
        assert_eq!(lookup("01001").unwrap().parent, Some("01"));
    }

    #[test]
    fn a_gemeinde_is_found_by_its_ars_and_its_ags() {
        let ars = lookup("031590016016").unwrap();
        let ags = lookup(" 03159016 ").unwrap();
        assert_eq!(ars.name, "Göttingen, Stadt");
        assert_eq!(ags.name, "Göttingen, Stadt");
        assert_eq!(ags.key, "03159016");
        assert_eq!(ags.listed_key, "031590016016");
        assert_eq!(ags.kind, Kind::Municipality);
        assert_eq!(ags.parent, Some("031590016"));
        assert_eq!(
            lookup("031590016").unwrap().kind,
            Kind::MunicipalAssociation
        );
        assert_eq!(
            parents("03159016"),
            ["031590016", "03159", "031", "03", "DG"]
        );
        assert_eq!(name("11000"), Some("Berlin, kreisfreie Stadt"));
    }

    #[test]
    fn a_dissolved_kreis_and_a_city_s_own_key_are_not_current() {
        assert!(is_current("03159"));
        assert!(is_current("DG"));
        assert!(
            !is_current("03152"),
            "the old Landkreis Göttingen (until 2016)"
        );
        assert!(!is_current("03156"), "the old Landkreis Osterode am Harz");
        assert!(!is_current("1"));
        assert!(!is_current("Gaarden-Ost"));
        assert_eq!(lookup("03152"), None);
        assert!(parents("03152").is_empty());
    }

    #[test]
    fn the_list_has_every_level() {
        let counts = counts();
        assert_eq!(counts[0], (Kind::Country, 1));
        assert_eq!(counts[1], (Kind::State, 16));
        assert_eq!(counts[3], (Kind::County, 400));
        assert!(counts[4].1 > 10_000, "Gemeinden: {counts:?}");
        assert!(edition().contains("Gebietsstand"));
        assert!(attribution().contains("Destatis"));
    }
}
