//! The built-in demo project: the fictional city of Musterstadt, generated in code.
//!
//! Musterstadt is a county-free city (kreisfreie Stadt) of about 160,000 people with ten
//! districts of different size and social profile. The demo holds its education
//! stakeholders, working groups, goal tree, measures and indicators, and fifteen years
//! (2010–2024) of observations for the city and every district: plausible levels, smooth
//! trends with a little noise, districts that differ the way real ones do, and the
//! statistics symbols official data would carry (secret cells, true zeros, provisional and
//! late figures).
//!
//! Generation is deterministic: a fixed-seed generator makes the noise and the UUIDs, so two
//! demo files hold the same content; only the project row's own UUID and the change log's
//! timestamps differ. All names, people, addresses and numbers are invented; e-mail
//! addresses use reserved example domains and phone numbers a fictional area code.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use uuid::Uuid;

use crate::model::{
    EducationArea as Area, Engagement, Goal, GoalLevel, Indicator, IndicatorGoal, IndicatorTarget,
    Measure, MeasureGoal, MeasurePartner, MeasureRegion, MeasureStatus as Status, Milestone,
    Observation, Period, Polarity, Priority, Project, Region, RegionLevel, SdgTarget as Sdg,
    Stakeholder, StakeholderKind as Kind, UpdateFrequency, WorkingGroup, WorkingGroupMember,
    breakdown_key,
};
use crate::store::observations::{self, ObservationWriter};
use crate::store::{ActionKind, Result, Store, StoreError, Tx};

/// The demo project's name.
pub const NAME: &str = "Bildungsmonitoring Musterstadt";

const MUNICIPALITY: &str = "Musterstadt";
/// Regional key (ARS) of the city: state 05, a fictional county code 999.
const REGION_KEY: &str = "059990000000";
/// Municipality key (AGS) of the city; district keys append `-` and two digits.
const CITY_KEY: &str = "05999000";
const DESCRIPTION: &str = "Fiktives Beispielprojekt: kommunales Bildungsmanagement und \
     Bildungsmonitoring der kreisfreien Stadt Musterstadt mit zehn Stadtteilen. Alle Namen, \
     Personen und Zahlen sind erfunden.";
const AUTHORS: &str = "Bildungsbüro Musterstadt";

/// 2025-01-01 00:00 UTC: the time part of every generated UUID (plus a counter).
const FIXED_MS: u64 = 1_735_689_600_000;
/// The seed of every random stream of the demo.
const SEED: u64 = 0x4D75_7374_6572_7374;

const FIRST_YEAR: i32 = 2010;
const LAST_YEAR: i32 = 2024;
const YEARS: usize = (LAST_YEAR - FIRST_YEAR + 1) as usize;

/// The social index of an average district.
const MEAN_SOCIAL: f64 = 0.5;
/// Districts of this size have the indicator's own noise; smaller ones more.
const REFERENCE_RESIDENTS: f64 = 15_000.0;
/// Below this size a district's breakdowns are too small to publish.
const SMALL_DISTRICT: f64 = 5_000.0;
/// Below this share of foreign residents, counts of foreign pupils are kept secret.
const FEW_FOREIGN: f64 = 0.08;
/// The weight of boys and men in a value broken down by sex.
const MALE_SHARE: f64 = 0.51;
/// How much noisier a breakdown is than its total.
const SPLIT_NOISE: f64 = 1.4;

/// Index of Kirchfeld in [`DISTRICTS`]: its primary school closed in 2016.
const KIRCHFELD: usize = 9;
/// Index of Bergheim in [`DISTRICTS`]: Kirchfeld's children go to school there since.
const BERGHEIM: usize = 7;
/// The first school year (by its starting year) without a primary school in Kirchfeld.
const SCHOOL_CLOSED_FROM: i32 = 2016;

const SEX: &str = "GES";
const MALE: &str = "GESM";
const FEMALE: &str = "GESW";
const NATIONALITY: &str = "NAT";
const GERMAN: &str = "NATD";
const FOREIGN: &str = "NATA";
const AGE: &str = "ALTX20";
/// Key of the city in the region references; districts go by their two-digit code.
const CITY: &str = "stadt";

/// Creates the demo project at `path` (which must not exist).
pub fn create(path: &Path, host: &crate::store::Host) -> Result<Store> {
    Store::create_with(path, host, fill)
}

/// Fills a new, empty file with the demo project, in one action.
pub fn fill(store: &mut Store) -> Result<()> {
    store.transact(ActionKind::Create, "demo.create", build)
}

fn build(tx: &mut Tx<'_>) -> Result<()> {
    crate::store::project::create(tx, NAME)?;
    let uuid = crate::store::project::get(tx.conn())?.project.uuid;
    tx.update(&Project {
        uuid,
        name: NAME.to_owned(),
        municipality: MUNICIPALITY.to_owned(),
        region_key: REGION_KEY.to_owned(),
        description: DESCRIPTION.to_owned(),
        default_language: "de".to_owned(),
        authors: AUTHORS.to_owned(),
    })?;
    let series = generate_all();
    let mut ids = Ids::new();
    insert_periods(tx, &series)?;
    let regions = insert_regions(tx, &mut ids)?;
    let stakeholders = insert_stakeholders(tx, &mut ids)?;
    insert_working_groups(tx, &mut ids, &stakeholders)?;
    let goals = insert_goals(tx, &mut ids, &stakeholders)?;
    insert_measures(tx, &mut ids, &stakeholders, &goals, &regions)?;
    insert_indicators(tx, &mut ids, &goals, &regions, &series)?;
    insert_presentation(tx, &mut ids, &goals)?;
    insert_boundaries(tx, &mut ids, &regions)?;
    insert_observations(tx, &series)
}

/// Plausible district boundaries: the Altstadt as an irregular disc in the middle, the other
/// nine districts as sectors around it out to a wavy city limit. Sectors share their edges
/// vertex for vertex, so the map has no gaps.
fn insert_boundaries(tx: &mut Tx<'_>, ids: &mut Ids, regions: &Refs) -> Result<()> {
    use crate::model::RegionShape;
    const CENTRE: (f64, f64) = (7.31, 51.47);
    const STEP: usize = 5;
    let km = |east: f64, north: f64| {
        let lat = CENTRE.1 + north / 111.32;
        let lon = CENTRE.0 + east / (111.32 * CENTRE.1.to_radians().cos());
        [(lon * 1e6).round() / 1e6, (lat * 1e6).round() / 1e6]
    };
    let inner = |degrees: usize| {
        let a = (degrees as f64).to_radians();
        1.3 + 0.15 * (3.0 * a).sin()
    };
    let outer = |degrees: usize| {
        let a = (degrees as f64).to_radians();
        4.2 + 0.7 * (2.0 * a).sin() + 0.35 * (5.0 * a + 1.0).cos()
    };
    let at = |degrees: usize, radius: f64| {
        let a = (degrees as f64).to_radians();
        km(radius * a.sin(), radius * a.cos())
    };
    // Altstadt: the inner ring.
    let mut ring: Vec<[f64; 2]> = (0..360).step_by(STEP).map(|d| at(d, inner(d))).collect();
    ring.push(ring[0]);
    let mut shapes = vec![(DISTRICTS[0].code, vec![ring])];
    // The others clockwise from the north, 40 degrees each, each roughly where its name
    // says (Kirchfeld next to Bergheim, whose school its children attend).
    let order = ["02", "06", "05", "07", "03", "09", "04", "08", "10"];
    let sectors = order
        .iter()
        .filter_map(|code| DISTRICTS.iter().find(|d| d.code == *code));
    for (n, district) in sectors.enumerate() {
        let (from, to) = (n * 40, (n + 1) * 40);
        let mut ring: Vec<[f64; 2]> = (from..=to)
            .step_by(STEP)
            .map(|d| at(d % 360, inner(d % 360)))
            .collect();
        ring.extend(
            (from..=to)
                .rev()
                .step_by(STEP)
                .map(|d| at(d % 360, outer(d % 360))),
        );
        ring.push(ring[0]);
        shapes.push((district.code, vec![ring]));
    }
    for (code, rings) in shapes {
        let geometry = serde_json::json!({ "type": "MultiPolygon", "coordinates": [rings] });
        tx.insert(&RegionShape {
            uuid: ids.next(),
            region: regions.get(code)?,
            geometry: geometry.to_string(),
        })?;
    }
    Ok(())
}

/// The demo's presentation for a Bildungskonferenz: nine slides of every kind.
fn insert_presentation(tx: &mut Tx<'_>, ids: &mut Ids, goals: &Refs) -> Result<()> {
    use crate::model::{Presentation, Slide, SlideKind};
    use serde_json::json;
    let presentation = Presentation {
        uuid: ids.next(),
        title: "Bildungskonferenz 2025".to_owned(),
    };
    tx.insert(&presentation)?;
    let ideas_slide = ids.next();
    let slides = [
        (
            None,
            SlideKind::Title,
            "Bildungskonferenz Musterstadt 2025",
            "Wo stehen wir? Was nehmen wir uns vor?\nBildungsmonitoring, Maßnahmen und Ihre Ideen",
            json!({}),
        ),
        (
            None,
            SlideKind::Goal,
            "Übergänge in Ausbildung, Studium und Beruf",
            "",
            json!({ "goal": goals.get("s3")?.to_string() }),
        ),
        (
            None,
            SlideKind::IndicatorChart,
            "Jugendarbeitslosigkeit nach Stadtteilen",
            "",
            json!({ "indicator": "ALQ_U25", "chart": "line" }),
        ),
        (
            None,
            SlideKind::IndicatorChart,
            "Betreuungsquote unter Dreijähriger 2024",
            "",
            json!({ "indicator": "BQ_U3", "chart": "bars" }),
        ),
        (
            None,
            SlideKind::Map,
            "Jugendarbeitslosigkeit in den Stadtteilen",
            "",
            json!({ "indicator": "ALQ_U25" }),
        ),
        (None, SlideKind::Measures, "Unsere Maßnahmen", "", json!({})),
        (
            None,
            SlideKind::StakeholderGrid,
            "Wer ist beteiligt?",
            "",
            json!({}),
        ),
        (
            Some(ideas_slide),
            SlideKind::Ideas,
            "Was brauchen Jugendliche beim Übergang in den Beruf?",
            "",
            json!({}),
        ),
        (
            None,
            SlideKind::Vote,
            "Welche Ideen gehen wir zuerst an?",
            "",
            json!({ "ideas_slide": ideas_slide.to_string() }),
        ),
    ];
    for (position, (uuid, kind, title, body, settings)) in slides.into_iter().enumerate() {
        tx.insert(&Slide {
            uuid: uuid.unwrap_or_else(|| ids.next()),
            presentation: presentation.uuid,
            position: position as i64,
            kind,
            title: title.to_owned(),
            body: body.to_owned(),
            settings: settings.to_string(),
        })?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Randomness and identities.

/// `SplitMix64`: tiny, fast and plenty for demo noise; one seed, one stream.
#[derive(Clone, Debug)]
struct Rng(u64);

impl Rng {
    /// A stream of its own for `key`, so that changing one table leaves the others' data
    /// as they were.
    fn for_key(key: &str) -> Self {
        let hash = key.bytes().fold(0xCBF2_9CE4_8422_2325_u64, |hash, byte| {
            (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01B3)
        });
        Rng(hash ^ SEED)
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1_u64 << 53) as f64
    }

    /// Roughly normal with mean 0 and standard deviation 1, bounded by ±3.5 (a sum of
    /// four uniforms), so that no draw produces an absurd value.
    fn gauss(&mut self) -> f64 {
        let sum: f64 = (0..4).map(|_| self.unit()).sum();
        (sum - 2.0) * 3.0_f64.sqrt()
    }
}

/// Makes UUIDs shaped like v7 ones, from a fixed time, a counter and the seeded stream.
struct Ids {
    rng: Rng,
    counter: u64,
}

impl Ids {
    fn new() -> Self {
        Ids {
            rng: Rng::for_key("uuid"),
            counter: 0,
        }
    }

    fn next(&mut self) -> Uuid {
        self.counter += 1;
        let mut bytes = [0_u8; 10];
        bytes[..8].copy_from_slice(&self.rng.next_u64().to_le_bytes());
        bytes[8..].copy_from_slice(&self.rng.next_u64().to_le_bytes()[..2]);
        uuid::Builder::from_unix_timestamp_millis(FIXED_MS + self.counter, &bytes).into_uuid()
    }
}

/// The UUIDs of inserted entities by their key in the tables below.
struct Refs {
    kind: &'static str,
    uuids: HashMap<&'static str, Uuid>,
}

impl Refs {
    fn new(kind: &'static str) -> Self {
        Refs {
            kind,
            uuids: HashMap::new(),
        }
    }

    fn add(&mut self, key: &'static str, uuid: Uuid) {
        self.uuids.insert(key, uuid);
    }

    /// The UUID of `key`; an error names a key the tables use but do not define.
    fn get(&self, key: &str) -> Result<Uuid> {
        self.uuids
            .get(key)
            .copied()
            .ok_or_else(|| StoreError::NotFoundEntity {
                kind: self.kind,
                key: key.to_owned(),
            })
    }
}

// ---------------------------------------------------------------------------------------
// Regions and people.

/// A district of Musterstadt and the profile that shapes its data.
struct District {
    /// Two digits appended to the city's key.
    code: &'static str,
    name: &'static str,
    residents_2010: f64,
    residents_2024: f64,
    /// 0 (affluent) to 1 (deprived): drives the social gradient of most indicators.
    social: f64,
    /// Share of children and young people relative to the city (1 = as the city).
    children: f64,
    /// Share of residents without German citizenship.
    foreign: f64,
}

impl District {
    /// A row of [`DISTRICTS`], in the order of the fields.
    const fn new(
        code: &'static str,
        name: &'static str,
        residents_2010: f64,
        residents_2024: f64,
        social: f64,
        children: f64,
        foreign: f64,
    ) -> Self {
        District {
            code,
            name,
            residents_2010,
            residents_2024,
            social,
            children,
            foreign,
        }
    }

    fn key(&self) -> String {
        format!("{CITY_KEY}-{}", self.code)
    }
}

/// The ten districts: an old town, a poor and young north, affluent park and suburban
/// districts, a growing former harbour and a small village-like Kirchfeld.
#[rustfmt::skip]
const DISTRICTS: &[District] = &[
    //            code  name            residents 2010, 2024  social  children  foreign
    District::new("01", "Altstadt",     13_900.0, 14_600.0,   0.50,   0.70,     0.19),
    District::new("02", "Nordstadt",    25_400.0, 28_300.0,   0.95,   1.30,     0.29),
    District::new("03", "Südviertel",   19_800.0, 20_100.0,   0.30,   0.95,     0.09),
    District::new("04", "Weststadt",    21_700.0, 22_500.0,   0.55,   1.00,     0.14),
    District::new("05", "Oststadt",     23_300.0, 24_600.0,   0.70,   1.10,     0.18),
    District::new("06", "Hafenviertel",  9_100.0, 12_400.0,   0.80,   1.15,     0.24),
    District::new("07", "Am Stadtpark", 10_200.0,  9_900.0,   0.05,   0.85,     0.05),
    District::new("08", "Bergheim",      8_300.0,  9_400.0,   0.20,   1.20,     0.06),
    District::new("09", "Lindenau",     13_600.0, 13_300.0,   0.40,   0.90,     0.10),
    District::new("10", "Kirchfeld",     4_400.0,  4_300.0,   0.15,   1.00,     0.03),
];

/// How the city grew from one year to the next (2011 to 2024), relative: refugees in
/// 2015/16 and 2022 brought most of the growth.
const GROWTH: [f64; YEARS - 1] = [
    0.3, 0.4, 0.6, 1.2, 2.2, 1.4, 0.8, 0.6, 0.5, 0.1, 0.2, 1.6, 0.7, 0.4,
];

/// The life stage of an age group: children's share follows a district's `children`.
#[derive(Clone, Copy)]
enum Stage {
    Child,
    Adult,
    Senior,
}

impl Stage {
    fn factor(self, district: &District) -> f64 {
        match self {
            Stage::Child => district.children,
            Stage::Adult => 1.0,
            Stage::Senior => 2.0 - district.children,
        }
    }
}

/// An age group of the population breakdown, with its share of the city in percent.
struct AgeGroup {
    code: &'static str,
    label: &'static str,
    share_2010: f64,
    share_2024: f64,
    stage: Stage,
    male_share: f64,
}

impl AgeGroup {
    /// A row of [`AGE_GROUPS`], in the order of the fields.
    const fn new(
        code: &'static str,
        label: &'static str,
        share_2010: f64,
        share_2024: f64,
        stage: Stage,
        male_share: f64,
    ) -> Self {
        AgeGroup {
            code,
            label,
            share_2010,
            share_2024,
            stage,
            male_share,
        }
    }
}

#[rustfmt::skip]
const AGE_GROUPS: &[AgeGroup] = &[
    //            code         label                    share 2010, 2024  stage          men
    AgeGroup::new("ALT000B03", "unter 3 Jahre",         2.6,  2.9,        Stage::Child,  0.512),
    AgeGroup::new("ALT003B06", "3 bis unter 6 Jahre",   2.6,  2.8,        Stage::Child,  0.513),
    AgeGroup::new("ALT006B10", "6 bis unter 10 Jahre",  3.5,  3.6,        Stage::Child,  0.512),
    AgeGroup::new("ALT010B16", "10 bis unter 16 Jahre", 5.6,  5.3,        Stage::Child,  0.514),
    AgeGroup::new("ALT016B18", "16 bis unter 18 Jahre", 2.0,  1.8,        Stage::Child,  0.515),
    AgeGroup::new("ALT018B25", "18 bis unter 25 Jahre", 9.8,  9.5,        Stage::Adult,  0.520),
    AgeGroup::new("ALT025B30", "25 bis unter 30 Jahre", 7.0,  7.4,        Stage::Adult,  0.515),
    AgeGroup::new("ALT030B50", "30 bis unter 50 Jahre", 28.5, 25.5,       Stage::Adult,  0.505),
    AgeGroup::new("ALT050B65", "50 bis unter 65 Jahre", 18.6, 20.2,       Stage::Adult,  0.495),
    AgeGroup::new("ALT065UM",  "65 Jahre und mehr",     19.8, 21.0,       Stage::Senior, 0.440),
];

/// The age groups under 18 come first in [`AGE_GROUPS`].
const MINOR_GROUPS: usize = 5;

/// A single year of age under three, for childcare: code, label, rate relative to the
/// whole age group.
struct AgeBand {
    code: &'static str,
    label: &'static str,
    factor: f64,
}

const UNDER_THREE: &[AgeBand] = &[
    AgeBand {
        code: "ALT000B01",
        label: "unter 1 Jahr",
        factor: 0.08,
    },
    AgeBand {
        code: "ALT001B02",
        label: "1 bis unter 2 Jahre",
        factor: 1.02,
    },
    AgeBand {
        code: "ALT002B03",
        label: "2 bis unter 3 Jahre",
        factor: 1.90,
    },
];

/// A stakeholder; `contact` is person, e-mail and phone, empty when none is on file.
struct StakeholderRow {
    key: &'static str,
    name: &'static str,
    kind: Kind,
    areas: &'static [Area],
    description: &'static str,
    influence: i64,
    interest: i64,
    engagement: Engagement,
    tags: &'static [&'static str],
    contact: (&'static str, &'static str, &'static str),
}

const NO_CONTACT: (&str, &str, &str) = ("", "", "");

const STAKEHOLDERS: &[StakeholderRow] = &[
    StakeholderRow {
        key: "bb",
        name: "Bildungsbüro Musterstadt",
        kind: Kind::MunicipalOffice,
        areas: &[Area::CrossCutting],
        description: "Koordiniert das kommunale Bildungsmanagement und das Bildungsmonitoring; Geschäftsstelle der Bildungskonferenz.",
        influence: 4,
        interest: 5,
        engagement: Engagement::Empower,
        tags: &["Steuerung", "Bildungsmonitoring", "Geschäftsstelle"],
        contact: (
            "Dr. Katharina Albrecht",
            "katharina.albrecht@musterstadt.example",
            "0999 123-4100",
        ),
    },
    StakeholderRow {
        key: "ja",
        name: "Jugendamt Musterstadt",
        kind: Kind::YouthWelfare,
        areas: &[Area::EarlyChildhood, Area::NonFormal],
        description: "Öffentlicher Träger der Kinder- und Jugendhilfe; verantwortet die Kita-Bedarfsplanung, die Jugendarbeit und die Hilfen zur Erziehung.",
        influence: 5,
        interest: 4,
        engagement: Engagement::Collaborate,
        tags: &["Kita-Bedarfsplanung", "Jugendhilfeplanung"],
        contact: (
            "Thomas Brandt",
            "thomas.brandt@musterstadt.example",
            "0999 123-5100",
        ),
    },
    StakeholderRow {
        key: "asb",
        name: "Amt für Schule und Bildung",
        kind: Kind::MunicipalOffice,
        areas: &[Area::School],
        description: "Schulträger der städtischen Schulen: Schulentwicklungsplanung, Schulbau, Offener Ganztag und Schülerbeförderung.",
        influence: 5,
        interest: 4,
        engagement: Engagement::Collaborate,
        tags: &["Schulträger", "Schulentwicklungsplanung", "Ganztag"],
        contact: (
            "Sabine Kowalski",
            "sabine.kowalski@musterstadt.example",
            "0999 123-4400",
        ),
    },
    StakeholderRow {
        key: "gesa",
        name: "Gesundheitsamt – Kinder- und Jugendgesundheitsdienst",
        kind: Kind::MunicipalOffice,
        areas: &[Area::EarlyChildhood],
        description: "Führt die Schuleingangsuntersuchungen durch und liefert die Daten zu Sprachstand und Entwicklung der Einschulungskinder.",
        influence: 2,
        interest: 3,
        engagement: Engagement::Consult,
        tags: &["Schuleingangsuntersuchung", "Datenlieferant"],
        contact: (
            "Dr. Jens Hoffmann",
            "jugendgesundheit@musterstadt.example",
            "0999 123-5300",
        ),
    },
    StakeholderRow {
        key: "stat",
        name: "Kommunale Statistikstelle",
        kind: Kind::MunicipalOffice,
        areas: &[Area::CrossCutting],
        description: "Stellt kleinräumige Bevölkerungsdaten aus dem Melderegister bereit und berät zu Datenschutz und Geheimhaltung.",
        influence: 2,
        interest: 3,
        engagement: Engagement::Involve,
        tags: &["Datenlieferant", "Kleinräumige Daten"],
        contact: NO_CONTACT,
    },
    StakeholderRow {
        key: "schulamt",
        name: "Schulamt für die Stadt Musterstadt",
        kind: Kind::Other,
        areas: &[Area::School],
        description: "Untere Schulaufsicht des Landes für Grund- und Förderschulen; Partner bei Unterrichtsentwicklung und Inklusion.",
        influence: 4,
        interest: 3,
        engagement: Engagement::Involve,
        tags: &["Schulaufsicht", "Land", "Inklusion"],
        contact: (
            "Ulrich Wagner",
            "ulrich.wagner@schulamt-musterstadt.example",
            "0999 123-6000",
        ),
    },
    StakeholderRow {
        key: "vhs",
        name: "Volkshochschule Musterstadt",
        kind: Kind::AdultEducation,
        areas: &[Area::AdultContinuing, Area::NonFormal],
        description: "Kommunales Weiterbildungszentrum mit Integrations- und Grundbildungskursen, Lehrgängen zum Nachholen von Schulabschlüssen und offenem Programm.",
        influence: 3,
        interest: 5,
        engagement: Engagement::Collaborate,
        tags: &["Weiterbildung", "Grundbildung", "Integrationskurse"],
        contact: (
            "Markus Lehmann",
            "markus.lehmann@vhs-musterstadt.example",
            "0999 234-1010",
        ),
    },
    StakeholderRow {
        key: "kitav",
        name: "Kita-Verbund Musterstadt e. V.",
        kind: Kind::EarlyChildhood,
        areas: &[Area::EarlyChildhood],
        description: "Freier Träger von 14 Kindertageseinrichtungen, davon sechs Familienzentren; Schwerpunkt alltagsintegrierte Sprachbildung.",
        influence: 3,
        interest: 4,
        engagement: Engagement::Involve,
        tags: &["Kita-Träger", "Sprachbildung", "Familienzentrum"],
        contact: (
            "Aylin Demir",
            "a.demir@kita-verbund.example",
            "0999 234-2020",
        ),
    },
    StakeholderRow {
        key: "kitas",
        name: "Städtische Kindertageseinrichtungen (Eigenbetrieb)",
        kind: Kind::EarlyChildhood,
        areas: &[Area::EarlyChildhood],
        description: "Betreibt 21 städtische Kitas und baut Plätze für Kinder unter drei Jahren in der Nordstadt und im Hafenviertel aus.",
        influence: 3,
        interest: 4,
        engagement: Engagement::Involve,
        tags: &["Kita-Träger", "U3-Ausbau"],
        contact: (
            "Petra Schulze",
            "petra.schulze@musterstadt.example",
            "0999 123-5180",
        ),
    },
    StakeholderRow {
        key: "gs_linden",
        name: "Grundschule am Lindenplatz",
        kind: Kind::School,
        areas: &[Area::School],
        description: "Zweizügige Grundschule in Lindenau mit Offenem Ganztag.",
        influence: 2,
        interest: 4,
        engagement: Engagement::Involve,
        tags: &["Grundschule", "Offener Ganztag"],
        contact: (
            "Monika Becker",
            "schulleitung@gs-lindenplatz.example",
            "0999 345-1100",
        ),
    },
    StakeholderRow {
        key: "gs_nord",
        name: "Grundschule Am Wasserturm",
        kind: Kind::School,
        areas: &[Area::School],
        description: "Vierzügige Grundschule in der Nordstadt mit hohem Unterstützungsbedarf (Schulsozialindex Stufe 8).",
        influence: 2,
        interest: 5,
        engagement: Engagement::Collaborate,
        tags: &["Grundschule", "Sozialindex", "Sozialraum Nordstadt"],
        contact: (
            "Mehmet Yıldız",
            "m.yildiz@gs-wasserturm.example",
            "0999 345-1200",
        ),
    },
    StakeholderRow {
        key: "gs_marien",
        name: "Katholische Grundschule St. Marien",
        kind: Kind::School,
        areas: &[Area::School],
        description: "Einzügige Bekenntnisgrundschule in der Altstadt.",
        influence: 1,
        interest: 2,
        engagement: Engagement::Inform,
        tags: &["Grundschule"],
        contact: NO_CONTACT,
    },
    StakeholderRow {
        key: "gs_berg",
        name: "Grundschule Bergheim",
        kind: Kind::School,
        areas: &[Area::School],
        description: "Grundschule für Bergheim und, seit der Schließung des Standorts 2016, auch für Kirchfeld.",
        influence: 2,
        interest: 3,
        engagement: Engagement::Consult,
        tags: &["Grundschule", "Schulweg"],
        contact: (
            "Claudia Fischer",
            "sekretariat@gs-bergheim.example",
            "0999 345-1300",
        ),
    },
    StakeholderRow {
        key: "gesamt",
        name: "Heinrich-Heine-Gesamtschule",
        kind: Kind::School,
        areas: &[Area::School, Area::Vocational],
        description: "Sechszügige Gesamtschule mit gymnasialer Oberstufe in der Oststadt; Referenzschule für Berufsorientierung.",
        influence: 3,
        interest: 4,
        engagement: Engagement::Collaborate,
        tags: &["Sekundarstufe I", "Berufsorientierung", "KAoA"],
        contact: (
            "Dr. Frank Neumann",
            "f.neumann@hhg-musterstadt.example",
            "0999 345-2100",
        ),
    },
    StakeholderRow {
        key: "gym",
        name: "Goethe-Gymnasium",
        kind: Kind::School,
        areas: &[Area::School],
        description: "Gymnasium im Südviertel mit MINT-Profil.",
        influence: 2,
        interest: 2,
        engagement: Engagement::Consult,
        tags: &["Gymnasium", "MINT"],
        contact: (
            "Christine Hartmann",
            "c.hartmann@goethe-gymnasium.example",
            "0999 345-2200",
        ),
    },
    StakeholderRow {
        key: "bk",
        name: "Berufskolleg Musterstadt",
        kind: Kind::Vocational,
        areas: &[Area::Vocational, Area::School],
        description: "Berufsbildende Schule mit Fachklassen der dualen Ausbildung, Ausbildungsvorbereitung und internationalen Förderklassen.",
        influence: 3,
        interest: 4,
        engagement: Engagement::Collaborate,
        tags: &[
            "Berufskolleg",
            "Ausbildungsvorbereitung",
            "Übergang Schule–Beruf",
        ],
        contact: (
            "Stefan Richter",
            "stefan.richter@bk-musterstadt.example",
            "0999 345-3100",
        ),
    },
    StakeholderRow {
        key: "ihk",
        name: "IHK Musterland, Geschäftsstelle Musterstadt",
        kind: Kind::Business,
        areas: &[Area::Vocational],
        description: "Zuständige Stelle für die Berufsausbildung in Industrie, Handel und Dienstleistungen; Ausbildungsberatung und Prüfungen.",
        influence: 4,
        interest: 3,
        engagement: Engagement::Involve,
        tags: &["Kammer", "Duale Ausbildung"],
        contact: (
            "Julia Schmitt",
            "julia.schmitt@ihk-musterland.example",
            "0999 456-1000",
        ),
    },
    StakeholderRow {
        key: "hwk",
        name: "Handwerkskammer Musterland",
        kind: Kind::Business,
        areas: &[Area::Vocational, Area::AdultContinuing],
        description: "Zuständige Stelle für die Ausbildung im Handwerk; Meister- und Weiterbildungskurse im eigenen Bildungszentrum.",
        influence: 3,
        interest: 3,
        engagement: Engagement::Consult,
        tags: &["Kammer", "Handwerk"],
        contact: (
            "Andreas Weber",
            "a.weber@hwk-musterland.example",
            "0999 456-2000",
        ),
    },
    StakeholderRow {
        key: "aa",
        name: "Agentur für Arbeit Musterstadt",
        kind: Kind::EmploymentAgency,
        areas: &[Area::Vocational, Area::AdultContinuing],
        description: "Berufsberatung in den Schulen, Ausbildungsvermittlung und Förderung der beruflichen Weiterbildung.",
        influence: 4,
        interest: 4,
        engagement: Engagement::Collaborate,
        tags: &["Berufsberatung", "Jugendberufsagentur", "Datenlieferant"],
        contact: (
            "Nicole Krüger",
            "berufsberatung.musterstadt@example.org",
            "0999 567-1000",
        ),
    },
    StakeholderRow {
        key: "jc",
        name: "Jobcenter Musterstadt",
        kind: Kind::EmploymentAgency,
        areas: &[Area::Vocational, Area::AdultContinuing],
        description: "Grundsicherung für Arbeitsuchende (SGB II), Leistungen für Bildung und Teilhabe, Förderung junger Menschen unter 25.",
        influence: 4,
        interest: 3,
        engagement: Engagement::Involve,
        tags: &["SGB II", "Bildung und Teilhabe", "Jugendberufsagentur"],
        contact: (
            "Daniel Schäfer",
            "daniel.schaefer@jobcenter-musterstadt.example",
            "0999 567-2000",
        ),
    },
    StakeholderRow {
        key: "bib",
        name: "Stadtbibliothek Musterstadt",
        kind: Kind::LibraryCulture,
        areas: &[Area::NonFormal, Area::AdultContinuing],
        description: "Zentralbibliothek und zwei Stadtteilbibliotheken; Leseförderung mit Kitas und Schulen, Onleihe und Makerspace.",
        influence: 2,
        interest: 4,
        engagement: Engagement::Collaborate,
        tags: &["Leseförderung", "Lernort", "Digitale Bildung"],
        contact: (
            "Anna Zimmermann",
            "anna.zimmermann@musterstadt.example",
            "0999 123-7100",
        ),
    },
    StakeholderRow {
        key: "hs",
        name: "Hochschule Musterstadt",
        kind: Kind::HigherEducation,
        areas: &[Area::HigherEducation, Area::AdultContinuing],
        description: "Hochschule für angewandte Wissenschaften mit rund 8.000 Studierenden in Technik, Wirtschaft und Sozialwesen.",
        influence: 3,
        interest: 3,
        engagement: Engagement::Consult,
        tags: &[
            "Hochschule",
            "Studienorientierung",
            "Wissenschaftliche Weiterbildung",
        ],
        contact: (
            "Prof. Dr. Michael Braun",
            "michael.braun@hs-musterstadt.example",
            "0999 678-1000",
        ),
    },
    StakeholderRow {
        key: "bst",
        name: "Bürgerstiftung Musterstadt",
        kind: Kind::Foundation,
        areas: &[Area::CrossCutting, Area::NonFormal],
        description: "Fördert Bildungsprojekte in den Stadtteilen, vor allem Lese- und Lernpatenschaften.",
        influence: 2,
        interest: 4,
        engagement: Engagement::Involve,
        tags: &["Förderer", "Ehrenamt"],
        contact: (
            "Elisabeth Vogel",
            "info@buergerstiftung-musterstadt.example",
            "0999 789-1000",
        ),
    },
    StakeholderRow {
        key: "ssb",
        name: "Stadtsportbund Musterstadt e. V.",
        kind: Kind::CivilSociety,
        areas: &[Area::NonFormal],
        description: "Dachverband von 96 Sportvereinen; Bewegungsförderung in Kitas und im Ganztag.",
        influence: 2,
        interest: 3,
        engagement: Engagement::Consult,
        tags: &["Sport", "Ganztag", "Verein"],
        contact: (
            "Jürgen Koch",
            "j.koch@stadtsportbund-musterstadt.example",
            "0999 789-2000",
        ),
    },
    StakeholderRow {
        key: "ikz",
        name: "Interkulturelles Zentrum Nordstadt e. V.",
        kind: Kind::CivilSociety,
        areas: &[Area::NonFormal, Area::EarlyChildhood, Area::AdultContinuing],
        description: "Migrantenselbstorganisation mit Elternbildung, Sprachcafés und Hausaufgabenhilfe in der Nordstadt.",
        influence: 2,
        interest: 5,
        engagement: Engagement::Collaborate,
        tags: &[
            "Migrantenselbstorganisation",
            "Elternbildung",
            "Sozialraum Nordstadt",
        ],
        contact: ("Fatma Arslan", "f.arslan@example.com", "0999 789-3000"),
    },
    StakeholderRow {
        key: "fv",
        name: "Förderverein Bildung im Hafenviertel e. V.",
        kind: Kind::CivilSociety,
        areas: &[Area::NonFormal],
        description: "Ehrenamtlicher Verein, der Lernförderung und Ferienangebote im Hafenviertel organisiert.",
        influence: 1,
        interest: 4,
        engagement: Engagement::Inform,
        tags: &["Verein", "Ehrenamt", "Sozialraum Hafenviertel"],
        contact: NO_CONTACT,
    },
    StakeholderRow {
        key: "pol",
        name: "Ausschuss für Schule und Bildung des Rates",
        kind: Kind::Politics,
        areas: &[Area::CrossCutting],
        description: "Fachausschuss des Stadtrates; berät den Bildungsbericht und beschließt über Schulentwicklungsplanung und Mittel.",
        influence: 5,
        interest: 3,
        engagement: Engagement::Consult,
        tags: &["Politik", "Beschlussgremium"],
        contact: NO_CONTACT,
    },
    StakeholderRow {
        key: "uv",
        name: "Unternehmerverband Musterstadt e. V.",
        kind: Kind::Business,
        areas: &[Area::Vocational],
        description: "Zusammenschluss von rund 180 Betrieben; organisiert Betriebserkundungen und die jährliche Ausbildungsmesse.",
        influence: 2,
        interest: 3,
        engagement: Engagement::Inform,
        tags: &["Wirtschaft", "Ausbildungsmesse"],
        contact: ("Dr. Birgit Lorenz", "b.lorenz@example.net", "0999 456-3000"),
    },
    StakeholderRow {
        key: "musik",
        name: "Musikschule Musterstadt",
        kind: Kind::LibraryCulture,
        areas: &[Area::NonFormal],
        description: "Städtische Musikschule mit Kooperationen im Offenen Ganztag.",
        influence: 1,
        interest: 2,
        engagement: Engagement::Inform,
        tags: &["Kulturelle Bildung"],
        contact: NO_CONTACT,
    },
];

/// A working group and its members as `(stakeholder, role)`.
struct GroupRow {
    name: &'static str,
    purpose: &'static str,
    members: &'static [(&'static str, &'static str)],
}

const WORKING_GROUPS: &[GroupRow] = &[
    GroupRow {
        name: "Arbeitskreis Übergang Kita–Grundschule",
        purpose: "Stimmt Sprachstandsfeststellung, Übergabegespräche und gemeinsame Fortbildungen von Kita- und Grundschulfachkräften ab.",
        members: &[
            ("ja", "Geschäftsführung"),
            ("kitav", "Sprecherin"),
            ("kitas", "Mitglied"),
            ("gs_linden", "Mitglied"),
            ("gs_nord", "Mitglied"),
            ("gs_berg", "Mitglied"),
            ("gesa", "Gast"),
        ],
    },
    GroupRow {
        name: "Netzwerk Übergang Schule–Beruf",
        purpose: "Kommunale Koordinierung der Landesinitiative „Kein Abschluss ohne Anschluss“: Berufsorientierung, Anschlussvereinbarungen und Lage am Ausbildungsmarkt.",
        members: &[
            ("bb", "Geschäftsführung"),
            ("aa", "Sprecherin"),
            ("jc", "Mitglied"),
            ("ihk", "Mitglied"),
            ("hwk", "Mitglied"),
            ("bk", "Mitglied"),
            ("gesamt", "Mitglied"),
        ],
    },
    GroupRow {
        name: "Fachgruppe Lebenslanges Lernen",
        purpose: "Stimmt Weiterbildungsberatung, Grundbildung und Angebote für Erwachsene ab; Schnittstelle zur Hochschule.",
        members: &[
            ("vhs", "Sprecher"),
            ("bb", "Geschäftsführung"),
            ("bib", "Mitglied"),
            ("hs", "Mitglied"),
            ("ikz", "Mitglied"),
            ("jc", "Gast"),
        ],
    },
    GroupRow {
        name: "Steuerungsgruppe Bildungsmonitoring",
        purpose: "Legt Kennzahlen, Datenquellen und Berichtsrhythmus fest und bereitet den Bildungsbericht für den Ausschuss vor.",
        members: &[
            ("bb", "Geschäftsführung"),
            ("asb", "Mitglied"),
            ("ja", "Mitglied"),
            ("stat", "Mitglied"),
            ("schulamt", "Mitglied"),
            ("pol", "Gast"),
        ],
    },
    GroupRow {
        name: "Runder Tisch Bildung Nordstadt",
        purpose: "Stadtteilnetzwerk der Bildungsakteure in der Nordstadt: gemeinsame Projekte, Ferienangebote und Elternarbeit.",
        members: &[
            ("ikz", "Sprecherin"),
            ("ja", "Geschäftsführung"),
            ("gs_nord", "Mitglied"),
            ("kitav", "Mitglied"),
            ("bib", "Mitglied"),
            ("ssb", "Mitglied"),
            ("bst", "Gast"),
        ],
    },
];

// ---------------------------------------------------------------------------------------
// Goals and measures.

/// A goal of the tree; parents come before their children.
struct GoalRow {
    key: &'static str,
    parent: Option<&'static str>,
    level: GoalLevel,
    title: &'static str,
    description: &'static str,
    area: Area,
    sdg: Option<Sdg>,
    priority: Priority,
    target_year: Option<i64>,
    owner: Option<&'static str>,
}

const GOALS: &[GoalRow] = &[
    GoalRow {
        key: "leitbild",
        parent: None,
        level: GoalLevel::Vision,
        title: "Musterstadt ist eine Bildungsstadt für alle Lebensphasen",
        description: "Leitbild der Bildungsregion, 2016 vom Rat beschlossen: Alle Menschen in Musterstadt finden in jeder Lebensphase passende Bildungsangebote, unabhängig von Herkunft, Wohnort und Einkommen.",
        area: Area::CrossCutting,
        sdg: None,
        priority: Priority::High,
        target_year: Some(2030),
        owner: Some("bb"),
    },
    GoalRow {
        key: "s1",
        parent: Some("leitbild"),
        level: GoalLevel::Strategic,
        title: "Gut aufwachsen: Alle Kinder erhalten früh gute Bildungschancen",
        description: "Frühkindliche Bildung, Betreuung und Sprachförderung werden bedarfsgerecht ausgebaut, zuerst in den Stadtteilen mit dem größten Bedarf.",
        area: Area::EarlyChildhood,
        sdg: Some(Sdg::T42),
        priority: Priority::High,
        target_year: Some(2030),
        owner: Some("ja"),
    },
    GoalRow {
        key: "o11",
        parent: Some("s1"),
        level: GoalLevel::Operational,
        title: "Die Betreuungsquote der unter Dreijährigen steigt bis 2027 auf 45 %",
        description: "Rund 600 zusätzliche Plätze für Kinder unter drei Jahren in Kitas und Kindertagespflege, vor allem in der Nordstadt und im Hafenviertel.",
        area: Area::EarlyChildhood,
        sdg: Some(Sdg::T42),
        priority: Priority::High,
        target_year: Some(2027),
        owner: Some("ja"),
    },
    GoalRow {
        key: "o12",
        parent: Some("s1"),
        level: GoalLevel::Operational,
        title: "Der Anteil der Kinder mit Sprachförderbedarf bei der Schuleingangsuntersuchung sinkt bis 2030 auf 22 %",
        description: "Alltagsintegrierte Sprachbildung in allen Kitas, Elternbildung in Familiensprachen und frühzeitige Diagnostik.",
        area: Area::EarlyChildhood,
        sdg: Some(Sdg::T42),
        priority: Priority::High,
        target_year: Some(2030),
        owner: Some("kitav"),
    },
    GoalRow {
        key: "o13",
        parent: Some("s1"),
        level: GoalLevel::Operational,
        title: "Bis 2027 besuchen in jedem Stadtteil mindestens 92 % der Drei- bis Fünfjährigen eine Kita",
        description: "Die Betreuungsquote der Drei- bis unter Sechsjährigen erreicht stadtweit 95 % und auch in der Nordstadt und im Hafenviertel mindestens 92 %.",
        area: Area::EarlyChildhood,
        sdg: Some(Sdg::T42),
        priority: Priority::Medium,
        target_year: Some(2027),
        owner: Some("ja"),
    },
    GoalRow {
        key: "s2",
        parent: Some("leitbild"),
        level: GoalLevel::Strategic,
        title: "Erfolgreich lernen: Der Schulerfolg hängt nicht von der Herkunft ab",
        description: "Schulen in Stadtteilen mit hohem Unterstützungsbedarf erhalten gezielt mehr Ressourcen; Abschlüsse und Übergänge gleichen sich zwischen den Stadtteilen an.",
        area: Area::School,
        sdg: Some(Sdg::T41),
        priority: Priority::High,
        target_year: Some(2030),
        owner: Some("asb"),
    },
    GoalRow {
        key: "o21",
        parent: Some("s2"),
        level: GoalLevel::Operational,
        title: "Der Anteil der Schulabgängerinnen und -abgänger ohne Abschluss sinkt bis 2030 auf höchstens 4,5 %",
        description: "Frühe Förderung in der Sekundarstufe I, Lernbegleitung und Schulsozialarbeit; Klassenwiederholungen werden vermieden.",
        area: Area::School,
        sdg: Some(Sdg::T41),
        priority: Priority::High,
        target_year: Some(2030),
        owner: Some("schulamt"),
    },
    GoalRow {
        key: "o22",
        parent: Some("s2"),
        level: GoalLevel::Operational,
        title: "Zum Schuljahr 2026/27 steht für drei Viertel der Grundschulkinder ein Ganztagsplatz bereit",
        description: "Vorbereitung auf den Rechtsanspruch auf Ganztagsbetreuung: mehr Räume und Plätze im Offenen Ganztag an allen Grundschulen.",
        area: Area::School,
        sdg: Some(Sdg::T4A),
        priority: Priority::High,
        target_year: Some(2026),
        owner: Some("asb"),
    },
    GoalRow {
        key: "o23",
        parent: Some("s2"),
        level: GoalLevel::Operational,
        title: "Die Förderschulbesuchsquote sinkt bis 2030 auf 3,5 %",
        description: "Mehr Kinder mit sonderpädagogischem Förderbedarf lernen gemeinsam mit anderen an allgemeinen Schulen.",
        area: Area::School,
        sdg: Some(Sdg::T45),
        priority: Priority::Medium,
        target_year: Some(2030),
        owner: Some("schulamt"),
    },
    GoalRow {
        key: "s3",
        parent: Some("leitbild"),
        level: GoalLevel::Strategic,
        title: "Gelingende Übergänge in Ausbildung, Studium und Beruf",
        description: "Alle Jugendlichen erhalten nach der Schule ein passendes Anschlussangebot: kein Abschluss ohne Anschluss.",
        area: Area::Vocational,
        sdg: Some(Sdg::T43),
        priority: Priority::High,
        target_year: Some(2030),
        owner: Some("aa"),
    },
    GoalRow {
        key: "o31",
        parent: Some("s3"),
        level: GoalLevel::Operational,
        title: "Bis 2027 bleiben höchstens 120 Bewerberinnen und Bewerber zum 30. September unversorgt",
        description: "Systematische Berufsorientierung ab Klasse 8, Ausbildungsmesse und Nachvermittlung im Herbst.",
        area: Area::Vocational,
        sdg: Some(Sdg::T44),
        priority: Priority::High,
        target_year: Some(2027),
        owner: Some("ihk"),
    },
    GoalRow {
        key: "o32",
        parent: Some("s3"),
        level: GoalLevel::Operational,
        title: "Die Jugendarbeitslosigkeit sinkt bis 2030 unter 3,5 %",
        description: "Die Jugendberufsagentur erreicht junge Menschen unter 25 früh und begleitet sie bis in Ausbildung oder Arbeit.",
        area: Area::Vocational,
        sdg: Some(Sdg::T44),
        priority: Priority::Medium,
        target_year: Some(2030),
        owner: Some("jc"),
    },
    GoalRow {
        key: "o33",
        parent: Some("s3"),
        level: GoalLevel::Operational,
        title: "Die Zahl der Studierenden an der Hochschule Musterstadt steigt bis 2030 auf 9.500",
        description: "Neue duale und berufsbegleitende Studiengänge; Studienorientierung für Jugendliche aus nichtakademischen Familien.",
        area: Area::HigherEducation,
        sdg: Some(Sdg::T43),
        priority: Priority::Medium,
        target_year: Some(2030),
        owner: Some("hs"),
    },
    GoalRow {
        key: "s4",
        parent: Some("leitbild"),
        level: GoalLevel::Strategic,
        title: "Lebenslanges Lernen: Weiterbildung für alle Erwachsenen",
        description: "Erwachsene finden wohnortnah Beratung und Angebote für Grundbildung, berufliche und allgemeine Weiterbildung.",
        area: Area::AdultContinuing,
        sdg: Some(Sdg::T44),
        priority: Priority::Medium,
        target_year: Some(2030),
        owner: Some("vhs"),
    },
    GoalRow {
        key: "o41",
        parent: Some("s4"),
        level: GoalLevel::Operational,
        title: "Die Volkshochschule erreicht bis 2027 wieder 480 Unterrichtsstunden je 1.000 Einwohner",
        description: "Das Kursangebot wird nach der Pandemie wieder aufgebaut und um Online- und Stadtteilangebote ergänzt.",
        area: Area::AdultContinuing,
        sdg: Some(Sdg::T44),
        priority: Priority::Medium,
        target_year: Some(2027),
        owner: Some("vhs"),
    },
    GoalRow {
        key: "o42",
        parent: Some("s4"),
        level: GoalLevel::Operational,
        title: "Der Anteil der Beschäftigten ohne Berufsabschluss sinkt bis 2030 auf 10 %",
        description: "Teilqualifizierung, Nachqualifizierung und Grundbildung für Beschäftigte und Arbeitsuchende.",
        area: Area::AdultContinuing,
        sdg: Some(Sdg::T44),
        priority: Priority::Medium,
        target_year: Some(2030),
        owner: Some("aa"),
    },
    GoalRow {
        key: "o43",
        parent: Some("s4"),
        level: GoalLevel::Operational,
        title: "Die Weiterbildungsbeteiligung der 18- bis 64-Jährigen steigt bis 2030 auf 55 %",
        description: "Bildungsberatung, Bildungsurlaub und niedrigschwellige Angebote erreichen auch Menschen mit wenig Weiterbildungserfahrung.",
        area: Area::AdultContinuing,
        sdg: Some(Sdg::T43),
        priority: Priority::Low,
        target_year: Some(2030),
        owner: Some("vhs"),
    },
    GoalRow {
        key: "s5",
        parent: Some("leitbild"),
        level: GoalLevel::Strategic,
        title: "Bildung im Quartier: Non-formale Lernorte stärken und vernetzen",
        description: "Bibliothek, Vereine, Kultur und Initiativen werden als Lernorte sichtbar und arbeiten in Stadtteilnetzwerken zusammen.",
        area: Area::NonFormal,
        sdg: Some(Sdg::T47),
        priority: Priority::Medium,
        target_year: Some(2030),
        owner: Some("bib"),
    },
    GoalRow {
        key: "o51",
        parent: Some("s5"),
        level: GoalLevel::Operational,
        title: "Die Stadtbibliothek gewinnt bis 2027 wieder 14.000 aktive Nutzerinnen und Nutzer",
        description: "Die Bibliothek wird zum Dritten Ort mit längeren Öffnungszeiten, Makerspace und einer Stadtteilbibliothek in der Nordstadt.",
        area: Area::NonFormal,
        sdg: Some(Sdg::T46),
        priority: Priority::Medium,
        target_year: Some(2027),
        owner: Some("bib"),
    },
    GoalRow {
        key: "o52",
        parent: Some("s5"),
        level: GoalLevel::Operational,
        title: "Bis 2028 gibt es in jedem Stadtteil ein Bildungsnetzwerk mit fester Ansprechperson",
        description: "Stadtteilnetzwerke verbinden Kitas, Schulen, Vereine und Beratungsstellen; das Bildungsbüro unterstützt die Koordination.",
        area: Area::CrossCutting,
        sdg: Some(Sdg::T47),
        priority: Priority::Low,
        target_year: Some(2028),
        owner: Some("bb"),
    },
    GoalRow {
        key: "o53",
        parent: Some("s5"),
        level: GoalLevel::Operational,
        title: "Ab 2025 erscheint jährlich ein kleinräumiger Bildungsbericht",
        description: "Das Bildungsmonitoring stellt Kennzahlen nach Stadtteilen bereit und macht Fortschritte bei den Zielen sichtbar.",
        area: Area::CrossCutting,
        sdg: None,
        priority: Priority::Medium,
        target_year: Some(2025),
        owner: Some("bb"),
    },
];

/// A measure with its links. `districts` empty means the whole city; `budget` is
/// `(planned, spent)` in euros; milestones are `(title, due date, reached)`.
struct MeasureRow {
    title: &'static str,
    description: &'static str,
    status: Status,
    dates: Option<(&'static str, &'static str)>,
    budget: Option<(f64, f64)>,
    funding: &'static str,
    lead: &'static str,
    partners: &'static [(&'static str, &'static str)],
    goals: &'static [&'static str],
    districts: &'static [&'static str],
    target_groups: &'static [&'static str],
    milestones: &'static [(&'static str, &'static str, bool)],
}

const MEASURES: &[MeasureRow] = &[
    MeasureRow {
        title: "U3-Ausbauprogramm Nordstadt und Hafenviertel",
        description: "Neubau und Erweiterung von vier Kitas mit zusammen rund 360 Plätzen für Kinder unter drei Jahren sowie Ausbau der Kindertagespflege.",
        status: Status::Running,
        dates: Some(("2021-03-01", "2027-07-31")),
        budget: Some((4_800_000.0, 2_950_000.0)),
        funding: "Kommunaler Haushalt; Landesprogramm Kita-Investitionen",
        lead: "ja",
        partners: &[
            ("kitas", "Träger und Bauherr"),
            ("kitav", "Träger"),
            ("stat", "Bedarfsplanung und Daten"),
        ],
        goals: &["o11", "o13"],
        districts: &["02", "06"],
        target_groups: &["Kinder unter 3 Jahren", "Eltern"],
        milestones: &[
            (
                "Kita Neue Hafenkante eröffnet (90 Plätze)",
                "2023-08-01",
                true,
            ),
            ("Baubeginn Kita Am Wasserturm", "2024-04-15", true),
            (
                "Kita Am Wasserturm eröffnet (100 Plätze)",
                "2026-08-01",
                false,
            ),
        ],
    },
    MeasureRow {
        title: "Sprach-Kitas: alltagsintegrierte sprachliche Bildung",
        description: "Zusätzliche Fachkräfte für sprachliche Bildung in zwölf Kitas mit vielen Kindern nicht deutscher Familiensprache; Fachberatung und Qualifizierung der Teams.",
        status: Status::Done,
        dates: Some(("2016-01-01", "2023-06-30")),
        budget: Some((1_150_000.0, 1_118_400.0)),
        funding: "Bundesprogramm Sprach-Kitas",
        lead: "kitav",
        partners: &[
            ("ja", "Fachberatung"),
            ("kitas", "Träger"),
            ("gesa", "Auswertung der Schuleingangsuntersuchung"),
        ],
        goals: &["o12"],
        districts: &["02", "04", "05", "06"],
        target_groups: &["Kinder von 1 bis 6 Jahren", "Kita-Fachkräfte"],
        milestones: &[
            ("Zwölf Kitas im Programm", "2016-09-01", true),
            (
                "Abschlussbericht im Jugendhilfeausschuss",
                "2023-06-30",
                true,
            ),
        ],
    },
    MeasureRow {
        title: "Griffbereit und Rucksack Kita: Elternbildung in Familiensprachen",
        description: "Angeleitete Elterngruppen stärken die Erstsprache und das Deutschlernen der Kinder und führen Familien an die Kita heran.",
        status: Status::Running,
        dates: Some(("2019-09-01", "2026-12-31")),
        budget: Some((180_000.0, 121_500.0)),
        funding: "Landesprogramm Kommunales Integrationszentrum; Bürgerstiftung",
        lead: "ikz",
        partners: &[("kitav", "Kooperations-Kitas"), ("bst", "Förderer")],
        goals: &["o12"],
        districts: &["02", "05"],
        target_groups: &[
            "Eltern mit Zuwanderungsgeschichte",
            "Kinder von 1 bis 6 Jahren",
        ],
        milestones: &[
            ("Zehn Elterngruppen laufen", "2020-03-01", true),
            ("Ausweitung auf die Oststadt", "2025-09-01", false),
        ],
    },
    MeasureRow {
        title: "Ausbau des Offenen Ganztags an Grundschulen",
        description: "Erweiterungsbauten, Mensen und zusätzliche Gruppen im Offenen Ganztag, damit der Rechtsanspruch ab dem Schuljahr 2026/27 erfüllt werden kann.",
        status: Status::Running,
        dates: Some(("2022-01-01", "2029-07-31")),
        budget: Some((12_500_000.0, 4_300_000.0)),
        funding: "Investitionsprogramm Ganztagsausbau (Bund und Land); Kommunaler Haushalt",
        lead: "asb",
        partners: &[
            ("gs_linden", "Schulstandort"),
            ("gs_nord", "Schulstandort"),
            ("gs_berg", "Schulstandort"),
            ("ssb", "Bewegungsangebote im Ganztag"),
        ],
        goals: &["o22"],
        districts: &[],
        target_groups: &["Grundschulkinder", "Eltern"],
        milestones: &[
            ("Raumprogramm vom Rat beschlossen", "2022-11-30", true),
            (
                "Erweiterungsbauten an fünf Standorten fertig",
                "2025-07-31",
                false,
            ),
            ("Rechtsanspruch für Klasse 1 erfüllt", "2026-08-01", false),
        ],
    },
    MeasureRow {
        title: "Schulsozialarbeit an Grundschulen in Nordstadt und Oststadt",
        description: "Je eine volle Stelle Schulsozialarbeit an vier Grundschulen mit hohem Sozialindex.",
        status: Status::Planned,
        dates: Some(("2025-08-01", "2028-07-31")),
        budget: Some((640_000.0, 0.0)),
        funding: "Landesprogramm Schulsozialarbeit; Kommunaler Haushalt",
        lead: "ja",
        partners: &[("gs_nord", "Schulstandort"), ("schulamt", "Schulaufsicht")],
        goals: &["o21"],
        districts: &["02", "05"],
        target_groups: &["Grundschulkinder", "Eltern"],
        milestones: &[("Stellen ausgeschrieben", "2025-04-30", false)],
    },
    MeasureRow {
        title: "Lernbegleitung nach der Pandemie",
        description: "Lernbegleiterinnen und Lernbegleiter unterstützen Schülerinnen und Schüler mit Lernrückständen in Kleingruppen, nachmittags und in den Ferien.",
        status: Status::Done,
        dates: Some(("2021-08-01", "2023-07-31")),
        budget: Some((420_000.0, 396_800.0)),
        funding: "Aktionsprogramm Aufholen nach Corona (Bund und Land)",
        lead: "asb",
        partners: &[
            ("vhs", "Lernbegleitung"),
            ("gesamt", "Schulstandort"),
            ("bst", "Lernpatenschaften"),
        ],
        goals: &["o21"],
        districts: &["02", "05", "06"],
        target_groups: &["Schülerinnen und Schüler der Sekundarstufe I"],
        milestones: &[
            ("Start an 14 Schulen", "2021-10-01", true),
            ("Auswertung abgeschlossen", "2023-07-15", true),
        ],
    },
    MeasureRow {
        title: "Kein Abschluss ohne Anschluss: Berufsorientierung ab Klasse 8",
        description: "Potenzialanalyse, Berufsfelderkundungen und Praxiskurse an allen weiterführenden Schulen; koordiniert von der Kommunalen Koordinierungsstelle im Bildungsbüro.",
        status: Status::Running,
        dates: Some(("2013-08-01", "2027-07-31")),
        budget: Some((2_100_000.0, 1_640_000.0)),
        funding: "Landesinitiative KAoA; ESF Plus",
        lead: "bb",
        partners: &[
            ("aa", "Berufsberatung"),
            ("ihk", "Praktikumsplätze"),
            ("hwk", "Berufsfelderkundungen"),
        ],
        goals: &["o31", "o21"],
        districts: &[],
        target_groups: &["Schülerinnen und Schüler ab Klasse 8", "Eltern"],
        milestones: &[
            ("Potenzialanalyse an allen Schulen", "2015-07-31", true),
            ("Praktikumsportal online", "2022-02-01", true),
            (
                "Anschlussförderung des Landes gesichert",
                "2026-12-31",
                false,
            ),
        ],
    },
    MeasureRow {
        title: "Jugendberufsagentur Musterstadt aufbauen",
        description: "Agentur für Arbeit, Jobcenter und Jugendhilfe beraten junge Menschen unter 25 unter einem Dach.",
        status: Status::Done,
        dates: Some(("2017-01-01", "2019-12-31")),
        budget: Some((250_000.0, 238_000.0)),
        funding: "Kommunaler Haushalt; Agentur für Arbeit; Jobcenter",
        lead: "jc",
        partners: &[
            ("aa", "Berufsberatung"),
            ("ja", "Jugendhilfe"),
            ("bk", "Ausbildungsvorbereitung"),
        ],
        goals: &["o32"],
        districts: &[],
        target_groups: &["Junge Menschen unter 25 Jahren"],
        milestones: &[
            ("Kooperationsvereinbarung unterzeichnet", "2017-06-30", true),
            (
                "Gemeinsame Anlaufstelle am Bahnhof eröffnet",
                "2018-09-01",
                true,
            ),
        ],
    },
    MeasureRow {
        title: "Ausbildungsbotschafterinnen und -botschafter im Handwerk",
        description: "Auszubildende berichten in Schulklassen von ihrem Beruf. Seit Herbst 2023 ruht das Projekt, weil die Koordinationsstelle unbesetzt ist.",
        status: Status::Paused,
        dates: Some(("2019-02-01", "2025-12-31")),
        budget: Some((60_000.0, 22_300.0)),
        funding: "Handwerkskammer; Bürgerstiftung",
        lead: "hwk",
        partners: &[("gesamt", "Einsatzschule"), ("bst", "Förderer")],
        goals: &["o31"],
        districts: &[],
        target_groups: &["Schülerinnen und Schüler ab Klasse 8"],
        milestones: &[
            (
                "30 Botschafterinnen und Botschafter geschult",
                "2019-11-30",
                true,
            ),
            ("Wiederaufnahme nach Neubesetzung", "2025-09-01", false),
        ],
    },
    MeasureRow {
        title: "Ausbildungsverbund für junge Geflüchtete",
        description: "Sprachförderung, Assistierte Ausbildung und Mentoring führen junge Geflüchtete in eine betriebliche Ausbildung.",
        status: Status::Running,
        dates: Some(("2023-01-01", "2026-12-31")),
        budget: Some((310_000.0, 162_500.0)),
        funding: "ESF Plus",
        lead: "bk",
        partners: &[
            ("aa", "Assistierte Ausbildung"),
            ("ihk", "Gewinnung von Betrieben"),
            ("ikz", "Mentoring"),
        ],
        goals: &["o31", "o32"],
        districts: &[],
        target_groups: &["Junge Geflüchtete", "Ausbildungsbetriebe"],
        milestones: &[
            (
                "Erster Jahrgang mit 24 Auszubildenden gestartet",
                "2023-08-01",
                true,
            ),
            ("Zwischenbericht an den ESF", "2025-03-31", false),
        ],
    },
    MeasureRow {
        title: "Schülerstudium und Kinder-Uni",
        description: "Schülerinnen und Schüler der Oberstufe besuchen Vorlesungen; Kinder-Uni an Samstagen für Acht- bis Zwölfjährige.",
        status: Status::Running,
        dates: Some(("2018-09-01", "2026-07-31")),
        budget: Some((45_000.0, 31_800.0)),
        funding: "Hochschule Musterstadt; Bürgerstiftung",
        lead: "hs",
        partners: &[("gym", "Partnerschule"), ("gesamt", "Partnerschule")],
        goals: &["o33"],
        districts: &[],
        target_groups: &[
            "Schülerinnen und Schüler der Oberstufe",
            "Kinder von 8 bis 12 Jahren",
        ],
        milestones: &[("100. Schülerstudentin eingeschrieben", "2022-10-01", true)],
    },
    MeasureRow {
        title: "Grundbildungszentrum an der Volkshochschule",
        description: "Lerncafés und Kurse für Erwachsene mit geringer Lese- und Schreibkompetenz; Zuweisung und Beratung mit dem Jobcenter.",
        status: Status::Running,
        dates: Some(("2020-01-01", "2026-12-31")),
        budget: Some((380_000.0, 262_000.0)),
        funding: "Landesprogramm Grundbildung; ESF Plus",
        lead: "vhs",
        partners: &[("jc", "Zuweisung und Beratung"), ("bib", "Lernort")],
        goals: &["o42", "o43"],
        districts: &["01", "02"],
        target_groups: &["Erwachsene mit geringer Lese- und Schreibkompetenz"],
        milestones: &[
            (
                "Lerncafé in der Zentralbibliothek eröffnet",
                "2020-09-01",
                true,
            ),
            ("Zweites Lerncafé in der Nordstadt", "2024-02-01", true),
        ],
    },
    MeasureRow {
        title: "Mobile Bildungsberatung für Erwachsene",
        description: "Ein Beratungsbus sollte in Hafenviertel und Weststadt zu Weiterbildung beraten. Eingestellt, nachdem der Förderantrag abgelehnt wurde; die Konzeptkosten trug der städtische Haushalt.",
        status: Status::Dropped,
        dates: Some(("2022-04-01", "2023-03-31")),
        budget: Some((95_000.0, 12_400.0)),
        funding: "Landesprogramm Bildungsberatung (nicht bewilligt)",
        lead: "bb",
        partners: &[("vhs", "Beratung"), ("jc", "Zugang zur Zielgruppe")],
        goals: &["o43"],
        districts: &["06", "04"],
        target_groups: &["Erwachsene ohne Berufsabschluss"],
        milestones: &[
            ("Förderantrag gestellt", "2022-06-30", true),
            ("Förderentscheidung", "2022-12-15", true),
        ],
    },
    MeasureRow {
        title: "Makerspace in der Zentralbibliothek",
        description: "Offene Werkstatt mit 3D-Druck, Elektronik und Programmierkursen für Jugendliche und Familien.",
        status: Status::Done,
        dates: Some(("2021-01-01", "2022-12-31")),
        budget: Some((140_000.0, 146_200.0)),
        funding: "Bürgerstiftung; Bundesprogramm WissensWandel",
        lead: "bib",
        partners: &[("bst", "Förderer"), ("hs", "Workshops")],
        goals: &["o51"],
        districts: &["01"],
        target_groups: &["Jugendliche", "Familien"],
        milestones: &[("Eröffnung", "2022-03-19", true)],
    },
    MeasureRow {
        title: "Stadtteilbibliothek Nordstadt als Dritter Ort",
        description: "Umbau der Stadtteilbibliothek zu einem offenen Lern- und Begegnungsort mit erweiterten Öffnungszeiten.",
        status: Status::Planned,
        dates: Some(("2026-01-01", "2027-12-31")),
        budget: Some((620_000.0, 0.0)),
        funding: "Landesprogramm Dritte Orte; Kommunaler Haushalt",
        lead: "bib",
        partners: &[
            ("ikz", "Programm und Ehrenamt"),
            ("gs_nord", "Leseförderung"),
        ],
        goals: &["o51", "o52"],
        districts: &["02"],
        target_groups: &[
            "Familien",
            "Kinder und Jugendliche",
            "Seniorinnen und Senioren",
        ],
        milestones: &[
            ("Förderbescheid", "2025-10-31", false),
            ("Eröffnung", "2027-09-01", false),
        ],
    },
    MeasureRow {
        title: "Bildungsbericht 2025 und kleinräumiges Monitoring",
        description: "Dritter Bildungsbericht mit Kennzahlen nach Stadtteilen; danach jährliche Fortschreibung der Kernkennzahlen.",
        status: Status::Running,
        dates: Some(("2024-09-01", "2025-12-31")),
        budget: Some((85_000.0, 38_000.0)),
        funding: "Kommunaler Haushalt; ESF Plus (Bildungskommunen)",
        lead: "bb",
        partners: &[
            ("stat", "Bevölkerungsdaten"),
            ("asb", "Schuldaten"),
            ("ja", "Kita-Daten"),
        ],
        goals: &["o53"],
        districts: &[],
        target_groups: &["Politik und Verwaltung", "Fachöffentlichkeit"],
        milestones: &[
            ("Datenstand 31.12.2024 gesichert", "2025-02-28", true),
            (
                "Bericht im Ausschuss für Schule und Bildung",
                "2025-11-20",
                false,
            ),
        ],
    },
    MeasureRow {
        title: "Kita-Einstieg: Spielgruppen als Brücke in die Kita",
        description: "Offene Spielgruppen in Familienzentren für Kinder, die noch keinen Kita-Platz haben.",
        status: Status::Idea,
        dates: None,
        budget: None,
        funding: "",
        lead: "ja",
        partners: &[
            ("ikz", "Zugang zu Familien"),
            ("kitav", "Spielgruppen in Familienzentren"),
        ],
        goals: &["o13"],
        districts: &["02", "06"],
        target_groups: &["Kinder ohne Kita-Platz", "Familien mit Fluchtgeschichte"],
        milestones: &[],
    },
    MeasureRow {
        title: "Lesepatenschaften für Grundschulkinder",
        description: "Ehrenamtliche lesen wöchentlich mit Kindern der Klassen 2 bis 4.",
        status: Status::Idea,
        dates: None,
        budget: None,
        funding: "",
        lead: "bst",
        partners: &[("bib", "Medien und Räume")],
        goals: &["o21"],
        districts: &[],
        target_groups: &["Grundschulkinder", "Ehrenamtliche"],
        milestones: &[],
    },
    MeasureRow {
        title: "Talentscouting an Gesamtschule und Berufskolleg",
        description: "Talentscouts der Hochschule begleiten Jugendliche aus nichtakademischen Familien von der Oberstufe bis ins Studium oder in die Ausbildung.",
        status: Status::Planned,
        dates: Some(("2025-09-01", "2028-08-31")),
        budget: Some((210_000.0, 0.0)),
        funding: "Landesprogramm Talentscouting",
        lead: "hs",
        partners: &[("gesamt", "Partnerschule"), ("bk", "Partnerschule")],
        goals: &["o33"],
        districts: &["05"],
        target_groups: &["Jugendliche aus nichtakademischen Familien"],
        milestones: &[("Kooperationsvertrag", "2025-06-30", false)],
    },
    MeasureRow {
        title: "Schwerpunktschulen für gemeinsames Lernen in der Sekundarstufe I",
        description: "Zwei Schwerpunktschulen erhalten zusätzliche Stellen für Sonderpädagogik und werden barrierefrei umgebaut.",
        status: Status::Running,
        dates: Some(("2019-08-01", "2027-07-31")),
        budget: Some((520_000.0, 355_000.0)),
        funding: "Landesmittel Inklusion; Kommunaler Haushalt",
        lead: "schulamt",
        partners: &[
            ("asb", "Barrierefreier Umbau"),
            ("gesamt", "Schwerpunktschule"),
        ],
        goals: &["o23"],
        districts: &["05", "03"],
        target_groups: &["Kinder mit sonderpädagogischem Förderbedarf", "Lehrkräfte"],
        milestones: &[
            ("Zwei Schwerpunktschulen benannt", "2019-08-01", true),
            ("Aufzug und Ruheräume fertig", "2024-12-20", true),
        ],
    },
    MeasureRow {
        title: "Volkshochschule im Stadtteil",
        description: "Kurse der Volkshochschule in Schulen und Familienzentren, nah an den Wohnungen und zu familienfreundlichen Zeiten.",
        status: Status::Running,
        dates: Some(("2023-01-01", "2026-12-31")),
        budget: Some((75_000.0, 41_000.0)),
        funding: "Kommunaler Haushalt",
        lead: "vhs",
        partners: &[
            ("kitav", "Familienzentren als Kursorte"),
            ("gesamt", "Kursort"),
        ],
        goals: &["o41"],
        districts: &["02", "05", "06"],
        target_groups: &["Eltern", "Erwachsene im Stadtteil"],
        milestones: &[("40 Kurse in den Stadtteilen", "2024-12-31", true)],
    },
];

// ---------------------------------------------------------------------------------------
// Indicators and how their data are made.

/// Which periods an indicator's data are reported for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Calendar {
    /// Calendar years: `2015`.
    Year,
    /// School years, by their starting year: `2015/16`.
    SchoolYear,
    /// Winter semesters, by their starting year: `2015-10P6M`.
    WinterSemester,
}

impl Calendar {
    fn code(self, year: i32) -> String {
        match self {
            Calendar::Year => year.to_string(),
            Calendar::SchoolYear => format!("{year}/{:02}", (year + 1) % 100),
            Calendar::WinterSemester => format!("{year}-10P6M"),
        }
    }
}

/// Where an indicator has data.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Scope {
    /// The city and every district.
    Districts,
    /// The city only (chambers, university, adult education, library).
    City,
}

/// How an indicator's values are made.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Model {
    /// Residents by age group and sex.
    Population,
    /// The share of residents under 18, from the population.
    ShareUnder18,
    /// A rate or mean: districts differ by social profile; the city is their weighted mean.
    Rate,
    /// A count: the city's total is shared out to the districts; the city is their sum.
    Count,
}

/// Whom an indicator is about, which weighs a district in the city's value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Weight {
    Residents,
    Minors,
}

/// An indicator: what is stored about it, and the parameters its data are made from.
struct IndicatorSpec {
    code: &'static str,
    name: &'static str,
    definition: &'static str,
    unit: &'static str,
    decimals: i64,
    polarity: Polarity,
    band: Option<(f64, f64)>,
    source: &'static str,
    frequency: UpdateFrequency,
    calendar: Calendar,
    /// The years with data; `None`: every year from 2010 to 2024.
    years: Option<&'static [i32]>,
    scope: Scope,
    model: Model,
    /// The city's level over time: `(year, value)` points, linear in between.
    trend: &'static [(i32, f64)],
    /// How strongly a district's social index raises (positive) or lowers the value.
    social: f64,
    weight: Weight,
    /// Relative standard deviation of the year-to-year noise in a district of
    /// [`REFERENCE_RESIDENTS`].
    noise: f64,
    /// The largest possible value.
    max: f64,
    /// Men's value relative to women's (rates), or men's count relative to women's.
    sex_ratio: Option<f64>,
    /// Foreigners' value relative to Germans'.
    nat_ratio: Option<f64>,
    /// Breakdown by single years of age.
    ages: &'static [AgeBand],
    /// The last year's values are provisional (`p`).
    provisional_last: bool,
    /// The last year's values are not yet available (`...`).
    late_last: bool,
    /// The symbol of breakdowns too small to show in small districts.
    small_cells: Option<&'static str>,
    /// Counted by school site: nothing in Kirchfeld once its school closed.
    school_site: bool,
    /// A year whose district values are not reliable (`/`) and the city's estimated.
    unreliable_year: Option<i32>,
    baseline_year: Option<i32>,
    /// Target values: `(district or None for the city, year, value)`.
    targets: &'static [(Option<&'static str>, i32, f64)],
    goals: &'static [&'static str],
}

/// The defaults of a rate in percent with district data.
const RATE: IndicatorSpec = IndicatorSpec {
    code: "",
    name: "",
    definition: "",
    unit: "%",
    decimals: 1,
    polarity: Polarity::Neutral,
    band: None,
    source: "",
    frequency: UpdateFrequency::Yearly,
    calendar: Calendar::Year,
    years: None,
    scope: Scope::Districts,
    model: Model::Rate,
    trend: &[],
    social: 0.0,
    weight: Weight::Residents,
    noise: 0.03,
    max: 100.0,
    sex_ratio: None,
    nat_ratio: None,
    ages: &[],
    provisional_last: false,
    late_last: false,
    small_cells: None,
    school_site: false,
    unreliable_year: None,
    baseline_year: Some(2015),
    targets: &[],
    goals: &[],
};

/// The defaults of a count with district data.
const COUNT: IndicatorSpec = IndicatorSpec {
    unit: "Anzahl",
    decimals: 0,
    model: Model::Count,
    max: f64::INFINITY,
    ..RATE
};

const SCHOOL_STATISTICS: &str =
    "Amtliche Schulstatistik (Statistisches Landesamt), Stichtag 15. Oktober";
const LEAVER_STATISTICS: &str = "Amtliche Schulstatistik (Statistisches Landesamt), Abgängerinnen und Abgänger am Ende des Schuljahres; Auswertung nach Wohnort durch das Amt für Schule und Bildung";
const CHILDCARE_STATISTICS: &str = "Kinder- und Jugendhilfestatistik (Statistisches Landesamt), Stichtag 1. März; kleinräumig: Kita-Platzvergabe des Jugendamts";
const VHS_STATISTICS: &str = "VHS-Statistik (Deutsches Institut für Erwachsenenbildung, DIE)";
const LIBRARY_STATISTICS: &str = "Deutsche Bibliotheksstatistik (DBS)";

const INDICATORS: &[IndicatorSpec] = &[
    IndicatorSpec {
        code: "BEV",
        name: "Bevölkerung",
        definition: "Einwohnerinnen und Einwohner mit Hauptwohnsitz in Musterstadt am 31. Dezember, nach Geschlecht und Altersgruppen.",
        source: "Einwohnermelderegister (Kommunale Statistikstelle); Stadtwert abgestimmt mit der Regionaldatenbank, Tabelle 12411-01-01-4",
        model: Model::Population,
        provisional_last: true,
        goals: &["o53"],
        targets: &[(None, 2030, 252_000.0)],
        ..COUNT
    },
    IndicatorSpec {
        code: "U18",
        name: "Anteil der unter 18-Jährigen",
        definition: "Einwohnerinnen und Einwohner unter 18 Jahren je 100 Einwohner am 31. Dezember.",
        source: "Einwohnermelderegister (Kommunale Statistikstelle)",
        model: Model::ShareUnder18,
        provisional_last: true,
        goals: &["o53"],
        targets: &[(None, 2030, 17.5)],
        ..RATE
    },
    IndicatorSpec {
        code: "BQ_U3",
        name: "Betreuungsquote unter 3 Jahren",
        definition: "Kinder unter 3 Jahren in Kindertageseinrichtungen und öffentlich geförderter Kindertagespflege je 100 Kinder der Altersgruppe, Stichtag 1. März.",
        polarity: Polarity::HigherIsBetter,
        source: CHILDCARE_STATISTICS,
        trend: &[
            (2010, 17.8),
            (2013, 27.5),
            (2016, 31.0),
            (2019, 34.5),
            (2021, 35.2),
            (2024, 38.1),
        ],
        social: -0.55,
        weight: Weight::Minors,
        ages: UNDER_THREE,
        provisional_last: true,
        targets: &[(None, 2027, 45.0)],
        goals: &["o11"],
        ..RATE
    },
    IndicatorSpec {
        code: "BQ_36",
        name: "Betreuungsquote 3 bis unter 6 Jahren",
        definition: "Kinder von 3 bis unter 6 Jahren in Kindertageseinrichtungen und Kindertagespflege je 100 Kinder der Altersgruppe, Stichtag 1. März.",
        polarity: Polarity::HigherIsBetter,
        source: CHILDCARE_STATISTICS,
        trend: &[
            (2010, 90.4),
            (2015, 92.1),
            (2017, 90.6),
            (2020, 91.6),
            (2024, 92.5),
        ],
        social: -0.09,
        weight: Weight::Minors,
        noise: 0.012,
        max: 99.5,
        provisional_last: true,
        targets: &[
            (None, 2027, 95.0),
            (Some("02"), 2027, 92.0),
            (Some("06"), 2027, 92.0),
        ],
        goals: &["o13"],
        ..RATE
    },
    IndicatorSpec {
        code: "SEU_SPR",
        name: "Kinder mit Sprachförderbedarf bei der Schuleingangsuntersuchung",
        definition: "Anteil der untersuchten Einschulungskinder mit festgestelltem Förderbedarf in der deutschen Sprache (Screening nach SOPESS), nach Wohnort.",
        polarity: Polarity::LowerIsBetter,
        source: "Schuleingangsuntersuchung (Kinder- und Jugendgesundheitsdienst des Gesundheitsamts)",
        trend: &[
            (2010, 26.0),
            (2014, 24.1),
            (2016, 27.5),
            (2019, 24.6),
            (2022, 28.4),
            (2024, 28.9),
        ],
        social: 1.1,
        weight: Weight::Minors,
        noise: 0.04,
        sex_ratio: Some(1.25),
        small_cells: Some("/"),
        unreliable_year: Some(2020),
        targets: &[(None, 2030, 22.0)],
        goals: &["o12"],
        ..RATE
    },
    IndicatorSpec {
        code: "NDF_KITA",
        name: "Kita-Kinder mit vorwiegend nicht deutscher Familiensprache",
        definition: "Anteil der Kinder in Kindertageseinrichtungen, in deren Familie vorrangig nicht Deutsch gesprochen wird, Stichtag 1. März, nach Standort der Einrichtung.",
        source: "Kinder- und Jugendhilfestatistik (Statistisches Landesamt), Sonderauswertung nach Einrichtungsstandort",
        trend: &[
            (2010, 19.2),
            (2015, 21.4),
            (2017, 25.8),
            (2022, 29.1),
            (2024, 31.4),
        ],
        social: 1.6,
        weight: Weight::Minors,
        noise: 0.04,
        goals: &["o12"],
        targets: &[(None, 2030, 30.0)],
        ..RATE
    },
    IndicatorSpec {
        code: "SGB2_U15",
        name: "Kinder unter 15 Jahren in SGB-II-Bedarfsgemeinschaften",
        definition: "Nicht erwerbsfähige Leistungsberechtigte unter 15 Jahren in Bedarfsgemeinschaften nach dem SGB II je 100 Einwohner unter 15 Jahren, Stichtag 31. Dezember.",
        polarity: Polarity::LowerIsBetter,
        source: "Statistik der Bundesagentur für Arbeit, Grundsicherung für Arbeitsuchende (SGB II); kleinräumige Sonderauswertung",
        trend: &[
            (2010, 21.5),
            (2014, 20.4),
            (2017, 23.1),
            (2020, 21.0),
            (2022, 20.2),
            (2024, 19.6),
        ],
        social: 1.9,
        weight: Weight::Minors,
        late_last: true,
        goals: &["s2", "o53"],
        targets: &[(None, 2030, 17.0)],
        ..RATE
    },
    IndicatorSpec {
        code: "UEQ_GYM",
        name: "Übergangsquote auf das Gymnasium",
        definition: "Anteil der Schülerinnen und Schüler der Jahrgangsstufe 5 an Gymnasien an allen Schülerinnen und Schülern der Jahrgangsstufe 5 (ohne Förderschulen), nach Wohnort.",
        source: SCHOOL_STATISTICS,
        frequency: UpdateFrequency::SchoolYearly,
        calendar: Calendar::SchoolYear,
        trend: &[(2010, 40.8), (2015, 42.4), (2019, 41.5), (2024, 43.6)],
        social: -0.95,
        weight: Weight::Minors,
        noise: 0.05,
        sex_ratio: Some(0.88),
        nat_ratio: Some(0.52),
        small_cells: Some("."),
        goals: &["s2"],
        targets: &[(None, 2030, 45.0)],
        ..RATE
    },
    IndicatorSpec {
        code: "SA_OA",
        name: "Schulabgängerinnen und -abgänger ohne Ersten Schulabschluss",
        definition: "Anteil der Abgängerinnen und Abgänger allgemeinbildender Schulen ohne mindestens den Ersten Schulabschluss (Hauptschulabschluss) an allen Abgängerinnen und Abgängern des Schuljahres, nach Wohnort.",
        polarity: Polarity::LowerIsBetter,
        source: LEAVER_STATISTICS,
        frequency: UpdateFrequency::SchoolYearly,
        calendar: Calendar::SchoolYear,
        trend: &[
            (2010, 7.6),
            (2013, 6.4),
            (2016, 6.9),
            (2019, 5.4),
            (2021, 6.3),
            (2024, 6.0),
        ],
        social: 2.0,
        weight: Weight::Minors,
        noise: 0.08,
        sex_ratio: Some(1.55),
        nat_ratio: Some(2.3),
        small_cells: Some("."),
        late_last: true,
        targets: &[(None, 2029, 4.5)],
        goals: &["o21"],
        ..RATE
    },
    IndicatorSpec {
        code: "SA_HSR",
        name: "Schulabgängerinnen und -abgänger mit allgemeiner Hochschulreife",
        definition: "Anteil der Abgängerinnen und Abgänger allgemeinbildender Schulen mit allgemeiner Hochschulreife an allen Abgängerinnen und Abgängern des Schuljahres, nach Wohnort.",
        polarity: Polarity::HigherIsBetter,
        source: LEAVER_STATISTICS,
        frequency: UpdateFrequency::SchoolYearly,
        calendar: Calendar::SchoolYear,
        trend: &[
            (2010, 33.5),
            (2011, 34.0),
            (2012, 44.8),
            (2013, 35.2),
            (2018, 36.8),
            (2024, 38.3),
        ],
        social: -0.9,
        weight: Weight::Minors,
        noise: 0.05,
        sex_ratio: Some(0.84),
        nat_ratio: Some(0.48),
        small_cells: Some("."),
        late_last: true,
        targets: &[(None, 2029, 40.0)],
        goals: &["s2"],
        ..RATE
    },
    IndicatorSpec {
        code: "SUS_GS",
        name: "Schülerinnen und Schüler an Grundschulen",
        definition: "Schülerinnen und Schüler an öffentlichen und privaten Grundschulen, nach Schulstandort.",
        source: SCHOOL_STATISTICS,
        frequency: UpdateFrequency::SchoolYearly,
        calendar: Calendar::SchoolYear,
        trend: &[
            (2010, 5480.0),
            (2014, 5210.0),
            (2017, 5560.0),
            (2020, 5790.0),
            (2024, 6020.0),
        ],
        social: 0.1,
        weight: Weight::Minors,
        noise: 0.02,
        sex_ratio: Some(1.05),
        school_site: true,
        goals: &["o22"],
        targets: &[(None, 2030, 6_000.0)],
        ..COUNT
    },
    IndicatorSpec {
        code: "OGS_GS",
        name: "Ganztagsquote an Grundschulen",
        definition: "Anteil der Grundschulkinder, die am Offenen Ganztag teilnehmen, an allen Grundschulkindern, nach Schulstandort.",
        polarity: Polarity::HigherIsBetter,
        source: "Amtliche Schulstatistik; Platzstatistik Offener Ganztag (Amt für Schule und Bildung)",
        frequency: UpdateFrequency::SchoolYearly,
        calendar: Calendar::SchoolYear,
        trend: &[(2010, 31.5), (2015, 40.2), (2020, 49.8), (2024, 58.6)],
        social: 0.15,
        weight: Weight::Minors,
        noise: 0.04,
        school_site: true,
        targets: &[(None, 2026, 75.0)],
        goals: &["o22"],
        ..RATE
    },
    IndicatorSpec {
        code: "KLG_GS",
        name: "Schülerinnen und Schüler je Klasse an Grundschulen",
        definition: "Durchschnittliche Klassengröße an Grundschulen, nach Schulstandort. Zielkorridor nach den Klassenbildungswerten: 20 bis 25.",
        unit: "Schüler je Klasse",
        polarity: Polarity::TargetBand,
        band: Some((20.0, 25.0)),
        source: SCHOOL_STATISTICS,
        frequency: UpdateFrequency::SchoolYearly,
        calendar: Calendar::SchoolYear,
        trend: &[(2010, 22.9), (2015, 22.6), (2020, 23.4), (2024, 24.1)],
        social: 0.05,
        weight: Weight::Minors,
        noise: 0.025,
        max: 30.0,
        school_site: true,
        goals: &["o22"],
        targets: &[(None, 2030, 23.0)],
        ..RATE
    },
    IndicatorSpec {
        code: "WDH_SEK1",
        name: "Klassenwiederholungen in der Sekundarstufe I",
        definition: "Anteil der Schülerinnen und Schüler der Sekundarstufe I, die die Jahrgangsstufe wiederholen, an allen Schülerinnen und Schülern der Sekundarstufe I, nach Wohnort.",
        polarity: Polarity::LowerIsBetter,
        source: SCHOOL_STATISTICS,
        frequency: UpdateFrequency::SchoolYearly,
        calendar: Calendar::SchoolYear,
        trend: &[
            (2010, 2.6),
            (2015, 2.1),
            (2019, 1.9),
            (2020, 0.6),
            (2021, 1.5),
            (2024, 1.9),
        ],
        social: 0.8,
        weight: Weight::Minors,
        noise: 0.08,
        sex_ratio: Some(1.35),
        small_cells: Some("."),
        targets: &[(None, 2029, 1.5)],
        goals: &["o21"],
        ..RATE
    },
    IndicatorSpec {
        code: "FSQ",
        name: "Förderschulbesuchsquote",
        definition: "Schülerinnen und Schüler an Förderschulen je 100 Schülerinnen und Schüler der Klassen 1 bis 10 aller allgemeinbildenden Schulen, nach Wohnort.",
        polarity: Polarity::LowerIsBetter,
        source: SCHOOL_STATISTICS,
        frequency: UpdateFrequency::SchoolYearly,
        calendar: Calendar::SchoolYear,
        trend: &[
            (2010, 5.8),
            (2014, 5.5),
            (2017, 4.9),
            (2020, 4.7),
            (2024, 4.5),
        ],
        social: 1.0,
        weight: Weight::Minors,
        noise: 0.05,
        sex_ratio: Some(1.9),
        small_cells: Some("."),
        targets: &[(None, 2029, 3.5)],
        goals: &["o23"],
        ..RATE
    },
    IndicatorSpec {
        code: "ALQ_U25",
        name: "Jugendarbeitslosigkeit (unter 25 Jahren)",
        definition: "Arbeitslose unter 25 Jahren je 100 Einwohnerinnen und Einwohner von 15 bis unter 25 Jahren, Jahresdurchschnitt.",
        polarity: Polarity::LowerIsBetter,
        source: "Statistik der Bundesagentur für Arbeit, Arbeitslose nach Rechtskreisen; kleinräumige Auswertung",
        trend: &[
            (2010, 6.2),
            (2013, 5.6),
            (2016, 5.2),
            (2019, 4.3),
            (2020, 5.4),
            (2022, 4.4),
            (2024, 4.6),
        ],
        social: 1.5,
        noise: 0.05,
        sex_ratio: Some(1.2),
        small_cells: Some("."),
        provisional_last: true,
        targets: &[(None, 2030, 3.5)],
        goals: &["o32"],
        ..RATE
    },
    IndicatorSpec {
        code: "AUSB_NEU",
        name: "Ausbildungsanfängerinnen und -anfänger (neue Ausbildungsverträge)",
        definition: "Neu abgeschlossene Ausbildungsverträge im dualen System zum 30. September, Ausbildungsort Musterstadt.",
        polarity: Polarity::HigherIsBetter,
        source: "BIBB-Erhebung über neu abgeschlossene Ausbildungsverträge zum 30. September; Berufsbildungsstatistik",
        scope: Scope::City,
        trend: &[
            (2010, 1745.0),
            (2014, 1690.0),
            (2019, 1640.0),
            (2020, 1455.0),
            (2021, 1510.0),
            (2024, 1570.0),
        ],
        noise: 0.02,
        sex_ratio: Some(1.55),
        goals: &["o31"],
        targets: &[(None, 2030, 1_650.0)],
        ..COUNT
    },
    IndicatorSpec {
        code: "UNV_BEW",
        name: "Unversorgte Bewerberinnen und Bewerber für Ausbildungsstellen",
        definition: "Gemeldete Bewerberinnen und Bewerber, die zum 30. September weder eine Ausbildungsstelle noch eine Alternative gefunden haben.",
        polarity: Polarity::LowerIsBetter,
        source: "Ausbildungsmarktstatistik der Bundesagentur für Arbeit, Berichtsjahr Oktober bis September",
        scope: Scope::City,
        trend: &[
            (2010, 236.0),
            (2015, 188.0),
            (2019, 154.0),
            (2021, 201.0),
            (2024, 171.0),
        ],
        noise: 0.06,
        sex_ratio: Some(1.35),
        targets: &[(None, 2027, 120.0)],
        goals: &["o31"],
        ..COUNT
    },
    IndicatorSpec {
        code: "STUD",
        name: "Studierende an der Hochschule Musterstadt",
        definition: "Eingeschriebene Studierende im Wintersemester, ohne Beurlaubte und Gasthörende.",
        polarity: Polarity::HigherIsBetter,
        source: "Hochschulstatistik (Statistisches Landesamt), Studierende im Wintersemester",
        calendar: Calendar::WinterSemester,
        scope: Scope::City,
        trend: &[
            (2010, 6750.0),
            (2014, 7620.0),
            (2018, 8110.0),
            (2021, 8460.0),
            (2024, 8240.0),
        ],
        noise: 0.01,
        sex_ratio: Some(1.02),
        targets: &[(None, 2030, 9500.0)],
        goals: &["o33"],
        ..COUNT
    },
    IndicatorSpec {
        code: "VHS_UST",
        name: "Unterrichtsstunden der Volkshochschule je 1.000 Einwohner",
        definition: "Durchgeführte Unterrichtsstunden (45 Minuten) der Volkshochschule im Kalenderjahr je 1.000 Einwohnerinnen und Einwohner.",
        unit: "Stunden je 1.000 Einw.",
        decimals: 0,
        polarity: Polarity::HigherIsBetter,
        source: VHS_STATISTICS,
        scope: Scope::City,
        trend: &[
            (2010, 438.0),
            (2014, 452.0),
            (2019, 461.0),
            (2020, 262.0),
            (2021, 318.0),
            (2022, 405.0),
            (2024, 447.0),
        ],
        noise: 0.02,
        max: f64::INFINITY,
        targets: &[(None, 2027, 480.0)],
        goals: &["o41"],
        ..RATE
    },
    IndicatorSpec {
        code: "VHS_BEL",
        name: "Belegungen in Kursen der Volkshochschule",
        definition: "Teilnahmefälle in Kursen der Volkshochschule im Kalenderjahr; eine Person kann mehrere Kurse belegen.",
        polarity: Polarity::HigherIsBetter,
        source: VHS_STATISTICS,
        scope: Scope::City,
        trend: &[
            (2010, 19_400.0),
            (2015, 19_900.0),
            (2019, 19_100.0),
            (2020, 9_900.0),
            (2021, 12_300.0),
            (2022, 16_200.0),
            (2024, 18_100.0),
        ],
        noise: 0.015,
        sex_ratio: Some(0.34),
        goals: &["o41"],
        targets: &[(None, 2030, 19_000.0)],
        ..COUNT
    },
    IndicatorSpec {
        code: "BIB_ENTL",
        name: "Entleihungen der Stadtbibliothek je Einwohner",
        definition: "Entleihungen physischer und digitaler Medien (Onleihe) im Kalenderjahr je Einwohnerin und Einwohner.",
        unit: "je Einw.",
        decimals: 2,
        polarity: Polarity::HigherIsBetter,
        source: LIBRARY_STATISTICS,
        scope: Scope::City,
        trend: &[
            (2010, 4.85),
            (2015, 4.41),
            (2019, 4.02),
            (2020, 3.05),
            (2021, 3.32),
            (2024, 3.71),
        ],
        noise: 0.015,
        max: f64::INFINITY,
        goals: &["o51"],
        targets: &[(None, 2030, 4.0)],
        ..RATE
    },
    IndicatorSpec {
        code: "BIB_AKT",
        name: "Aktive Nutzerinnen und Nutzer der Stadtbibliothek",
        definition: "Personen, die im Kalenderjahr mindestens einmal Medien entliehen haben.",
        polarity: Polarity::HigherIsBetter,
        source: LIBRARY_STATISTICS,
        scope: Scope::City,
        trend: &[
            (2010, 14_900.0),
            (2015, 14_100.0),
            (2019, 13_600.0),
            (2020, 11_400.0),
            (2021, 11_900.0),
            (2024, 13_200.0),
        ],
        noise: 0.015,
        targets: &[(None, 2027, 14_000.0)],
        goals: &["o51"],
        ..COUNT
    },
    IndicatorSpec {
        code: "SVB_OA",
        name: "Beschäftigte ohne Berufsabschluss",
        definition: "Sozialversicherungspflichtig Beschäftigte am Arbeitsort ohne anerkannten Berufsabschluss je 100 Beschäftigte mit Angabe zur Ausbildung, Stichtag 30. Juni.",
        polarity: Polarity::LowerIsBetter,
        source: "Beschäftigungsstatistik der Bundesagentur für Arbeit",
        scope: Scope::City,
        trend: &[(2010, 14.2), (2015, 13.1), (2019, 12.4), (2024, 12.9)],
        noise: 0.01,
        sex_ratio: Some(1.12),
        provisional_last: true,
        targets: &[(None, 2030, 10.0)],
        goals: &["o42"],
        ..RATE
    },
    IndicatorSpec {
        code: "WB_TQ",
        name: "Teilnahme an Weiterbildung",
        definition: "Anteil der 18- bis 64-Jährigen, die in den letzten zwölf Monaten an mindestens einer Weiterbildung teilgenommen haben (Bürgerbefragung in Anlehnung an den Adult Education Survey).",
        decimals: 0,
        polarity: Polarity::HigherIsBetter,
        source: "Bürgerbefragung Musterstadt (Stichprobe mit rund 2.000 Befragten)",
        frequency: UpdateFrequency::Irregular,
        years: Some(&[2012, 2015, 2018, 2021, 2024]),
        scope: Scope::City,
        trend: &[
            (2012, 44.0),
            (2015, 47.0),
            (2018, 51.0),
            (2021, 45.0),
            (2024, 52.0),
        ],
        noise: 0.015,
        sex_ratio: Some(0.95),
        provisional_last: true,
        targets: &[(None, 2030, 55.0)],
        goals: &["o43"],
        ..RATE
    },
];

/// Local events that move one district's values from a year on:
/// `(indicator, district, from year, factor)`.
const EFFECTS: &[(&str, &str, i32, f64)] = &[
    // The new Kita "Neue Hafenkante" opened in August 2023.
    ("BQ_U3", "06", 2024, 1.15),
    // Kirchfeld's one-form primary school had small classes.
    ("KLG_GS", "10", FIRST_YEAR, 0.78),
    // Nordstadt's primary schools are full.
    ("KLG_GS", "02", 2017, 1.06),
    ("OGS_GS", "02", 2022, 1.12),
    // Learning support at the Gesamtschule after the pandemic.
    ("SA_OA", "05", 2021, 0.8),
];

/// Notes on the city's (`None`) or a district's total: `(indicator, district, year, note)`.
const NOTES: &[(&str, Option<&str>, i32, &str)] = &[
    (
        "BEV",
        None,
        2015,
        "Anstieg vor allem durch die Aufnahme Geflüchteter",
    ),
    ("BEV", None, 2022, "Zuzug Geflüchteter aus der Ukraine"),
    (
        "BQ_U3",
        Some("06"),
        2024,
        "Neue Kita Neue Hafenkante mit 90 Plätzen seit August 2023",
    ),
    (
        "SEU_SPR",
        None,
        2020,
        "Pandemiebedingt nur zum Teil untersucht; Stadtwert geschätzt, Stadtteilwerte nicht belastbar",
    ),
    (
        "UEQ_GYM",
        None,
        2019,
        "Rückkehr zum neunjährigen Gymnasium (G9) ab Jahrgangsstufe 5",
    ),
    (
        "SA_HSR",
        None,
        2012,
        "Doppelter Abiturjahrgang durch die Umstellung auf das achtjährige Gymnasium",
    ),
    (
        "WDH_SEK1",
        None,
        2020,
        "Versetzungen 2020 pandemiebedingt ausgesetzt; nur freiwillige Wiederholungen",
    ),
    (
        "SUS_GS",
        Some("10"),
        2016,
        "Grundschule Kirchfeld zum Schuljahr 2016/17 geschlossen; die Kinder besuchen die Grundschule Bergheim",
    ),
    (
        "OGS_GS",
        Some("10"),
        2016,
        "Seit dem Schuljahr 2016/17 keine Grundschule im Stadtteil",
    ),
    (
        "KLG_GS",
        Some("10"),
        2016,
        "Seit dem Schuljahr 2016/17 keine Grundschule im Stadtteil",
    ),
    ("ALQ_U25", None, 2020, "Anstieg durch die Corona-Pandemie"),
    ("AUSB_NEU", None, 2020, "Rückgang durch die Corona-Pandemie"),
    (
        "VHS_UST",
        None,
        2020,
        "Kursbetrieb von März bis Mai und ab November 2020 pandemiebedingt eingestellt",
    ),
    (
        "VHS_BEL",
        None,
        2020,
        "Kursbetrieb von März bis Mai und ab November 2020 pandemiebedingt eingestellt",
    ),
    (
        "BIB_ENTL",
        None,
        2020,
        "Bibliothek von März bis Mai 2020 geschlossen; Onleihe stark gestiegen",
    ),
    (
        "BIB_AKT",
        None,
        2020,
        "Bibliothek von März bis Mai 2020 geschlossen",
    ),
];

/// True zeros (`-`): `(indicator, district, breakdown, year)`.
const ZEROS: &[(&str, &str, &str, i32)] = &[
    ("SA_OA", "07", "GES=GESW", 2013),
    ("SA_OA", "07", "GES=GESW", 2018),
    ("SA_OA", "07", "GES=GESW", 2022),
    ("FSQ", "07", "GES=GESW", 2019),
];

/// Where a value belongs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Place {
    City,
    /// An index into [`DISTRICTS`].
    District(usize),
}

impl Place {
    /// The districts, then the city.
    fn all() -> impl Iterator<Item = Place> {
        (0..DISTRICTS.len())
            .map(Place::District)
            .chain(std::iter::once(Place::City))
    }

    fn key(self) -> String {
        match self {
            Place::City => CITY_KEY.to_owned(),
            Place::District(index) => DISTRICTS[index].key(),
        }
    }

    fn district(self) -> Option<&'static District> {
        match self {
            Place::City => None,
            Place::District(index) => Some(&DISTRICTS[index]),
        }
    }
}

/// What a cell of the published table holds.
enum Cell {
    /// A number, perhaps with a quality flag.
    Value(Option<&'static str>),
    /// A true zero (`-`).
    Zero,
    /// No number; the symbol says why.
    Missing(&'static str),
}

impl IndicatorSpec {
    fn data_years(&self) -> Vec<i32> {
        self.years
            .map_or_else(|| (FIRST_YEAR..=LAST_YEAR).collect(), <[i32]>::to_vec)
    }

    /// The city's level in `year`, from the trend points.
    fn level(&self, year: i32) -> f64 {
        let year = f64::from(year);
        let mut previous: Option<(f64, f64)> = None;
        for &(point_year, value) in self.trend {
            let point_year = f64::from(point_year);
            if year <= point_year {
                return match previous {
                    Some((from_year, from_value)) => {
                        from_value
                            + (value - from_value) * (year - from_year) / (point_year - from_year)
                    }
                    None => value,
                };
            }
            previous = Some((point_year, value));
        }
        previous.map_or(0.0, |(_, value)| value)
    }

    fn is_closed(&self, place: Place, year: i32) -> bool {
        self.school_site && place == Place::District(KIRCHFELD) && year >= SCHOOL_CLOSED_FROM
    }

    /// What the published cell holds, the way official statistics would publish it.
    fn cell(&self, place: Place, year: i32, breakdown: &str) -> Cell {
        let district = place.district();
        if self.late_last && year == LAST_YEAR {
            return Cell::Missing("...");
        }
        if self.is_closed(place, year) {
            return if self.model == Model::Count {
                Cell::Zero
            } else {
                Cell::Missing("x")
            };
        }
        if self.unreliable_year == Some(year) {
            return if district.is_some() {
                Cell::Missing("/")
            } else {
                Cell::Value(Some("e"))
            };
        }
        if let (Some(symbol), Some(district)) = (self.small_cells, district)
            && !breakdown.is_empty()
            && (district.residents_2024 < SMALL_DISTRICT
                || (breakdown.contains(FOREIGN) && district.foreign < FEW_FOREIGN))
        {
            return Cell::Missing(symbol);
        }
        if let Some(district) = district
            && ZEROS.iter().any(|&(code, zero_district, key, zero_year)| {
                code == self.code
                    && zero_district == district.code
                    && key == breakdown
                    && zero_year == year
            })
        {
            return Cell::Zero;
        }
        Cell::Value((self.provisional_last && year == LAST_YEAR).then_some("p"))
    }

    /// The breakdowns of a rate: key, value relative to the total, and weight in the total.
    /// The factors of each dimension average to 1 over its weights.
    fn splits(&self, foreign_share: f64) -> Vec<(String, f64, f64)> {
        let mut splits = Vec::new();
        if let Some(ratio) = self.sex_ratio {
            let female = 1.0 / (MALE_SHARE * ratio + (1.0 - MALE_SHARE));
            splits.push((breakdown_key(&[(SEX, MALE)]), ratio * female, MALE_SHARE));
            splits.push((breakdown_key(&[(SEX, FEMALE)]), female, 1.0 - MALE_SHARE));
        }
        if let Some(ratio) = self.nat_ratio {
            let german = 1.0 / ((1.0 - foreign_share) + foreign_share * ratio);
            splits.push((
                breakdown_key(&[(NATIONALITY, GERMAN)]),
                german,
                1.0 - foreign_share,
            ));
            splits.push((
                breakdown_key(&[(NATIONALITY, FOREIGN)]),
                ratio * german,
                foreign_share,
            ));
        }
        for band in self.ages {
            splits.push((
                breakdown_key(&[(AGE, band.code)]),
                band.factor,
                1.0 / self.ages.len() as f64,
            ));
        }
        splits
    }

    /// The indicator's observations.
    fn generate(&self, population: &Population) -> Vec<Observation> {
        let mut emitter = Emitter {
            spec: self,
            out: Vec::new(),
        };
        match (self.model, self.scope) {
            (Model::Population, _) => population.emit_residents(&mut emitter),
            (Model::ShareUnder18, _) => population.emit_minor_share(&mut emitter),
            (Model::Rate | Model::Count, Scope::Districts) => {
                self.district_series(population, &mut emitter);
            }
            (Model::Rate | Model::Count, Scope::City) => self.city_series(&mut emitter),
        }
        emitter.out
    }

    /// Values for every district, and the city as their weighted mean (rates) or sum
    /// (counts).
    fn district_series(&self, population: &Population, emitter: &mut Emitter<'_>) {
        let mut rng = Rng::for_key(self.code);
        for year in self.data_years() {
            let t = year_index(year);
            let base = self.level(year);
            // The people the indicator is about; a closed school's pupils go to Bergheim.
            let mut weights: Vec<f64> = (0..DISTRICTS.len())
                .map(|d| population.weight(self.weight, d, t))
                .collect();
            if self.is_closed(Place::District(KIRCHFELD), year) {
                weights[BERGHEIM] += weights[KIRCHFELD];
                weights[KIRCHFELD] = 0.0;
            }
            let factors: Vec<f64> = DISTRICTS
                .iter()
                .map(|district| {
                    (self.social * (district.social - MEAN_SOCIAL)).exp()
                        * effect(self.code, district.code, year)
                })
                .collect();
            let total_weight: f64 = weights.iter().sum();
            let weighted: f64 = weights.iter().zip(&factors).map(|(w, f)| w * f).sum();
            if self.model == Model::Count {
                let (mut city_total, mut city_men, mut city_women) = (0.0, 0.0, 0.0);
                for (d, district) in DISTRICTS.iter().enumerate() {
                    let spread = noise_spread(self.noise, district);
                    let total = (base * weights[d] * factors[d] / weighted
                        * (1.0 + spread * rng.gauss()))
                    .round();
                    let parts = self.count_parts(total, &mut rng);
                    emitter.counts(Place::District(d), year, total, parts);
                    city_total += total;
                    if let Some((men, women)) = parts {
                        city_men += men;
                        city_women += women;
                    }
                }
                let parts = self.sex_ratio.map(|_| (city_men, city_women));
                emitter.counts(Place::City, year, city_total, parts);
            } else {
                let mut city_total = 0.0;
                let mut city_parts: Vec<(String, f64, f64)> = Vec::new();
                for (d, district) in DISTRICTS.iter().enumerate() {
                    let spread = noise_spread(self.noise, district);
                    let total = (base * factors[d] * total_weight / weighted
                        * (1.0 + spread * rng.gauss()))
                    .clamp(0.0, self.max);
                    let place = Place::District(d);
                    emitter.emit(place, year, "", total);
                    city_total += weights[d] * total;
                    let splits = self.splits(district.foreign);
                    if city_parts.is_empty() {
                        city_parts = splits
                            .iter()
                            .map(|(key, _, _)| (key.clone(), 0.0, 0.0))
                            .collect();
                    }
                    for ((key, factor, share), sum) in splits.iter().zip(&mut city_parts) {
                        let value = (total * factor * (1.0 + SPLIT_NOISE * spread * rng.gauss()))
                            .clamp(0.0, self.max);
                        emitter.emit(place, year, key, value);
                        sum.1 += weights[d] * share * value;
                        sum.2 += weights[d] * share;
                    }
                }
                emitter.emit(Place::City, year, "", city_total / total_weight);
                for (key, sum, weight) in &city_parts {
                    emitter.emit(Place::City, year, key, sum / weight);
                }
            }
        }
    }

    /// Values for the city alone.
    fn city_series(&self, emitter: &mut Emitter<'_>) {
        let mut rng = Rng::for_key(self.code);
        let foreign_share = city_foreign_share();
        for year in self.data_years() {
            let value = self.level(year) * (1.0 + self.noise * rng.gauss());
            if self.model == Model::Count {
                let total = value.round();
                let parts = self.count_parts(total, &mut rng);
                emitter.counts(Place::City, year, total, parts);
            } else {
                let total = value.clamp(0.0, self.max);
                emitter.emit(Place::City, year, "", total);
                for (key, factor, _) in self.splits(foreign_share) {
                    let part = (total * factor * (1.0 + SPLIT_NOISE * self.noise * rng.gauss()))
                        .clamp(0.0, self.max);
                    emitter.emit(Place::City, year, &key, part);
                }
            }
        }
    }

    /// A count split into men and women, if the indicator is broken down by sex.
    fn count_parts(&self, total: f64, rng: &mut Rng) -> Option<(f64, f64)> {
        let ratio = self.sex_ratio?;
        let male = (total * ratio / (1.0 + ratio) * (1.0 + 0.01 * rng.gauss()))
            .round()
            .clamp(0.0, total);
        Some((male, total - male))
    }
}

/// The product of the local effects on a district's value in `year`.
fn effect(code: &str, district: &str, year: i32) -> f64 {
    EFFECTS
        .iter()
        .filter(|&&(effect_code, effect_district, from, _)| {
            effect_code == code && effect_district == district && year >= from
        })
        .map(|&(_, _, _, factor)| factor)
        .product()
}

/// The noise of a district: small districts vary more from year to year.
fn noise_spread(noise: f64, district: &District) -> f64 {
    noise * (REFERENCE_RESIDENTS / district.residents_2024).sqrt()
}

fn city_foreign_share() -> f64 {
    let residents: f64 = DISTRICTS
        .iter()
        .map(|district| district.residents_2024)
        .sum();
    DISTRICTS
        .iter()
        .map(|district| district.residents_2024 * district.foreign)
        .sum::<f64>()
        / residents
}

fn year_index(year: i32) -> usize {
    (year - FIRST_YEAR) as usize
}

fn round_to(value: f64, decimals: i64) -> f64 {
    let scale = 10_f64.powi(decimals as i32);
    (value * scale).round() / scale
}

/// Turns generated values into observations with the symbols official data would carry.
struct Emitter<'s> {
    spec: &'s IndicatorSpec,
    out: Vec<Observation>,
}

impl Emitter<'_> {
    fn emit(&mut self, place: Place, year: i32, breakdown: &str, value: f64) {
        let spec = self.spec;
        let (value, symbol, quality) = match spec.cell(place, year, breakdown) {
            Cell::Value(quality) => (Some(round_to(value, spec.decimals)), None, quality),
            Cell::Zero => (Some(0.0), Some("-"), None),
            Cell::Missing(symbol) => (None, Some(symbol), None),
        };
        let note = if breakdown.is_empty() {
            let district = place.district().map(|district| district.code);
            NOTES
                .iter()
                .find(|&&(code, note_district, note_year, _)| {
                    code == spec.code && note_district == district && note_year == year
                })
                .map(|&(_, _, _, note)| note.to_owned())
        } else {
            None
        };
        self.out.push(Observation {
            indicator_code: spec.code.to_owned(),
            region_key: place.key(),
            period_code: spec.calendar.code(year),
            breakdown_key: breakdown.to_owned(),
            value,
            symbol: symbol.map(str::to_owned),
            quality: quality.map(str::to_owned),
            note,
        });
    }

    /// A count and, if given, its men and women.
    fn counts(&mut self, place: Place, year: i32, total: f64, parts: Option<(f64, f64)>) {
        self.emit(place, year, "", total);
        if let Some((male, female)) = parts {
            self.emit(place, year, &breakdown_key(&[(SEX, MALE)]), male);
            self.emit(place, year, &breakdown_key(&[(SEX, FEMALE)]), female);
        }
    }
}

/// Residents of each district by year, age group and sex: the population indicators, and
/// the weights of all others.
struct Population {
    /// `[district][year - FIRST_YEAR][age group] = [men, women]`.
    counts: Vec<Vec<Vec<[i64; 2]>>>,
}

impl Population {
    fn generate() -> Self {
        let mut rng = Rng::for_key("population");
        let all_growth: f64 = GROWTH.iter().sum();
        let mut counts = Vec::with_capacity(DISTRICTS.len());
        for district in DISTRICTS {
            let mut years = Vec::with_capacity(YEARS);
            for t in 0..YEARS {
                let grown = GROWTH[..t].iter().sum::<f64>() / all_growth;
                let residents = district.residents_2010
                    + (district.residents_2024 - district.residents_2010) * grown;
                let progress = t as f64 / (YEARS - 1) as f64;
                let shares: Vec<f64> = AGE_GROUPS
                    .iter()
                    .map(|group| {
                        (group.share_2010 + (group.share_2024 - group.share_2010) * progress)
                            * group.stage.factor(district)
                    })
                    .collect();
                let sum: f64 = shares.iter().sum();
                let groups = AGE_GROUPS
                    .iter()
                    .zip(&shares)
                    .map(|(group, share)| {
                        let people = (residents * share / sum * (1.0 + 0.01 * rng.gauss())).round();
                        let men = (people * group.male_share * (1.0 + 0.004 * rng.gauss())).round();
                        [men as i64, (people - men) as i64]
                    })
                    .collect();
                years.push(groups);
            }
            counts.push(years);
        }
        Population { counts }
    }

    /// Men and women of an age group in a place and year.
    fn group(&self, place: Place, t: usize, group: usize) -> [i64; 2] {
        match place {
            Place::District(d) => self.counts[d][t][group],
            Place::City => self.counts.iter().fold([0, 0], |[men, women], district| {
                let [m, w] = district[t][group];
                [men + m, women + w]
            }),
        }
    }

    /// Residents (or minors) of a district, as a weight.
    fn weight(&self, weight: Weight, d: usize, t: usize) -> f64 {
        let groups = match weight {
            Weight::Residents => AGE_GROUPS.len(),
            Weight::Minors => MINOR_GROUPS,
        };
        self.counts[d][t][..groups]
            .iter()
            .map(|[men, women]| (men + women) as f64)
            .sum()
    }

    fn emit_residents(&self, emitter: &mut Emitter<'_>) {
        for place in Place::all() {
            for year in FIRST_YEAR..=LAST_YEAR {
                let t = year_index(year);
                let groups: Vec<[i64; 2]> = (0..AGE_GROUPS.len())
                    .map(|g| self.group(place, t, g))
                    .collect();
                let men: i64 = groups.iter().map(|[men, _]| men).sum();
                let women: i64 = groups.iter().map(|[_, women]| women).sum();
                emitter.counts(
                    place,
                    year,
                    (men + women) as f64,
                    Some((men as f64, women as f64)),
                );
                for (group, [men, women]) in AGE_GROUPS.iter().zip(&groups) {
                    emitter.emit(
                        place,
                        year,
                        &breakdown_key(&[(AGE, group.code)]),
                        (men + women) as f64,
                    );
                    emitter.emit(
                        place,
                        year,
                        &breakdown_key(&[(AGE, group.code), (SEX, MALE)]),
                        *men as f64,
                    );
                    emitter.emit(
                        place,
                        year,
                        &breakdown_key(&[(AGE, group.code), (SEX, FEMALE)]),
                        *women as f64,
                    );
                }
            }
        }
    }

    fn emit_minor_share(&self, emitter: &mut Emitter<'_>) {
        for place in Place::all() {
            for year in FIRST_YEAR..=LAST_YEAR {
                let t = year_index(year);
                let people = |range: std::ops::Range<usize>| -> f64 {
                    range
                        .map(|g| self.group(place, t, g))
                        .map(|[men, women]| (men + women) as f64)
                        .sum()
                };
                let share = 100.0 * people(0..MINOR_GROUPS) / people(0..AGE_GROUPS.len());
                emitter.emit(place, year, "", share);
            }
        }
    }
}

/// Every indicator's observations, in the order of [`INDICATORS`].
fn generate_all() -> Vec<Vec<Observation>> {
    let population = Population::generate();
    INDICATORS
        .iter()
        .map(|spec| spec.generate(&population))
        .collect()
}

// ---------------------------------------------------------------------------------------
// Writing.

/// Inserts every period the observations, baselines and targets use, in time order.
fn insert_periods(tx: &mut Tx<'_>, series: &[Vec<Observation>]) -> Result<()> {
    let mut codes: BTreeSet<String> = series
        .iter()
        .flatten()
        .map(|observation| observation.period_code.clone())
        .collect();
    for spec in INDICATORS {
        codes.extend(spec.baseline_year.map(|year| spec.calendar.code(year)));
        codes.extend(
            spec.targets
                .iter()
                .map(|&(_, year, _)| spec.calendar.code(year)),
        );
    }
    let mut periods = codes
        .iter()
        .map(|code| {
            crate::store::periods::parse_code(code).ok_or_else(|| StoreError::Invalid {
                message: format!("demo period code {code} not understood"),
            })
        })
        .collect::<Result<Vec<Period>>>()?;
    periods.sort_by(|a, b| {
        a.start_date
            .cmp(&b.start_date)
            .then_with(|| a.code.cmp(&b.code))
    });
    for period in &periods {
        tx.insert(period)?;
    }
    Ok(())
}

fn insert_regions(tx: &mut Tx<'_>, ids: &mut Ids) -> Result<Refs> {
    let mut refs = Refs::new("region");
    let city = ids.next();
    tx.insert(&Region {
        uuid: city,
        key: CITY_KEY.to_owned(),
        name: MUNICIPALITY.to_owned(),
        level: RegionLevel::Municipality,
        parent: None,
    })?;
    refs.add(CITY, city);
    for district in DISTRICTS {
        let uuid = ids.next();
        tx.insert(&Region {
            uuid,
            key: district.key(),
            name: district.name.to_owned(),
            level: RegionLevel::District,
            parent: Some(city),
        })?;
        refs.add(district.code, uuid);
    }
    Ok(refs)
}

fn insert_stakeholders(tx: &mut Tx<'_>, ids: &mut Ids) -> Result<Refs> {
    let mut refs = Refs::new("stakeholder");
    for row in STAKEHOLDERS {
        let uuid = ids.next();
        let (person, email, phone) = row.contact;
        tx.insert(&Stakeholder {
            uuid,
            name: row.name.to_owned(),
            kind: row.kind,
            education_areas: row.areas.to_vec(),
            description: row.description.to_owned(),
            influence: row.influence,
            interest: row.interest,
            engagement: row.engagement,
            tags: row.tags.iter().map(|tag| (*tag).to_owned()).collect(),
            contact_person: person.to_owned(),
            email: email.to_owned(),
            phone: phone.to_owned(),
        })?;
        refs.add(row.key, uuid);
    }
    Ok(refs)
}

fn insert_working_groups(tx: &mut Tx<'_>, ids: &mut Ids, stakeholders: &Refs) -> Result<()> {
    for row in WORKING_GROUPS {
        let group = ids.next();
        tx.insert(&WorkingGroup {
            uuid: group,
            name: row.name.to_owned(),
            purpose: row.purpose.to_owned(),
        })?;
        for &(stakeholder, role) in row.members {
            tx.insert(&WorkingGroupMember {
                uuid: ids.next(),
                working_group: group,
                stakeholder: stakeholders.get(stakeholder)?,
                role: role.to_owned(),
            })?;
        }
    }
    Ok(())
}

fn insert_goals(tx: &mut Tx<'_>, ids: &mut Ids, stakeholders: &Refs) -> Result<Refs> {
    let mut refs = Refs::new("goal");
    let mut positions: HashMap<Option<&str>, i64> = HashMap::new();
    for row in GOALS {
        let uuid = ids.next();
        let position = positions.entry(row.parent).or_insert(0);
        tx.insert(&Goal {
            uuid,
            parent: row.parent.map(|parent| refs.get(parent)).transpose()?,
            level: row.level,
            position: *position,
            title: row.title.to_owned(),
            description: row.description.to_owned(),
            education_area: row.area,
            sdg_target: row.sdg,
            priority: row.priority,
            target_year: row.target_year,
            owner_stakeholder: row.owner.map(|owner| stakeholders.get(owner)).transpose()?,
        })?;
        *position += 1;
        refs.add(row.key, uuid);
    }
    Ok(refs)
}

fn insert_measures(
    tx: &mut Tx<'_>,
    ids: &mut Ids,
    stakeholders: &Refs,
    goals: &Refs,
    regions: &Refs,
) -> Result<()> {
    for row in MEASURES {
        let measure = ids.next();
        tx.insert(&Measure {
            uuid: measure,
            title: row.title.to_owned(),
            description: row.description.to_owned(),
            status: row.status,
            start_date: row.dates.map(|(start, _)| start.to_owned()),
            end_date: row.dates.map(|(_, end)| end.to_owned()),
            budget_planned_eur: row.budget.map(|(planned, _)| planned),
            budget_spent_eur: row.budget.map(|(_, spent)| spent),
            funding_source: row.funding.to_owned(),
            lead_stakeholder: Some(stakeholders.get(row.lead)?),
            target_groups: row
                .target_groups
                .iter()
                .map(|group| (*group).to_owned())
                .collect(),
        })?;
        for &(title, due_date, reached) in row.milestones {
            tx.insert(&Milestone {
                uuid: ids.next(),
                measure,
                title: title.to_owned(),
                due_date: due_date.to_owned(),
                reached,
            })?;
        }
        for &(stakeholder, role) in row.partners {
            tx.insert(&MeasurePartner {
                uuid: ids.next(),
                measure,
                stakeholder: stakeholders.get(stakeholder)?,
                role: role.to_owned(),
            })?;
        }
        for goal in row.goals {
            tx.insert(&MeasureGoal {
                uuid: ids.next(),
                measure,
                goal: goals.get(goal)?,
            })?;
        }
        let districts: &[&str] = if row.districts.is_empty() {
            &[CITY]
        } else {
            row.districts
        };
        for district in districts {
            tx.insert(&MeasureRegion {
                uuid: ids.next(),
                measure,
                region: regions.get(district)?,
            })?;
        }
    }
    Ok(())
}

fn insert_indicators(
    tx: &mut Tx<'_>,
    ids: &mut Ids,
    goals: &Refs,
    regions: &Refs,
    series: &[Vec<Observation>],
) -> Result<()> {
    for (spec, observations) in INDICATORS.iter().zip(series) {
        let indicator = ids.next();
        let baseline_period = spec.baseline_year.map(|year| spec.calendar.code(year));
        let baseline_value = baseline_period.as_ref().and_then(|period| {
            observations
                .iter()
                .find(|o| {
                    o.region_key == CITY_KEY
                        && o.breakdown_key.is_empty()
                        && &o.period_code == period
                })
                .and_then(|o| o.value)
        });
        tx.insert(&Indicator {
            uuid: indicator,
            code: spec.code.to_owned(),
            name: spec.name.to_owned(),
            definition: spec.definition.to_owned(),
            unit: spec.unit.to_owned(),
            decimals: spec.decimals,
            polarity: spec.polarity,
            band_low: spec.band.map(|(low, _)| low),
            band_high: spec.band.map(|(_, high)| high),
            source: spec.source.to_owned(),
            update_frequency: spec.frequency,
            baseline_period,
            baseline_value,
        })?;
        for goal in spec.goals {
            tx.insert(&IndicatorGoal {
                uuid: ids.next(),
                indicator,
                goal: goals.get(goal)?,
            })?;
        }
        for &(district, year, value) in spec.targets {
            tx.insert(&IndicatorTarget {
                uuid: ids.next(),
                indicator,
                region: regions.get(district.unwrap_or(CITY))?,
                period: spec.calendar.code(year),
                value,
            })?;
        }
    }
    Ok(())
}

/// Labels the breakdown dimensions, then writes every observation.
fn insert_observations(tx: &Tx<'_>, series: &[Vec<Observation>]) -> Result<()> {
    let conn = tx.conn();
    let sex = observations::ensure_dimension(conn, SEX, "Geschlecht")?;
    observations::ensure_member(conn, sex, MALE, "männlich")?;
    observations::ensure_member(conn, sex, FEMALE, "weiblich")?;
    let nationality = observations::ensure_dimension(conn, NATIONALITY, "Staatsangehörigkeit")?;
    observations::ensure_member(conn, nationality, GERMAN, "Deutsche")?;
    observations::ensure_member(conn, nationality, FOREIGN, "Ausländerinnen und Ausländer")?;
    let age = observations::ensure_dimension(conn, AGE, "Altersgruppen")?;
    for band in UNDER_THREE {
        observations::ensure_member(conn, age, band.code, band.label)?;
    }
    for group in AGE_GROUPS {
        observations::ensure_member(conn, age, group.code, group.label)?;
    }
    let mut writer = ObservationWriter::new(conn);
    for observation in series.iter().flatten() {
        writer.put(observation)?;
    }
    writer.finish()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::store::counts::counts;

    fn demo() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = create(
            &dir.path().join("demo.lernstadt"),
            &crate::store::Host::default(),
        )
        .unwrap();
        (dir, store)
    }

    fn column(store: &Store, sql: &str) -> BTreeSet<String> {
        let mut statement = store.conn().prepare(sql).unwrap();
        statement
            .query_map([], |row| row.get::<_, String>(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    }

    #[test]
    fn the_demo_has_every_kind_of_content() {
        let (_dir, store) = demo();
        let counts = counts(store.conn()).unwrap();
        assert!(counts.stakeholders >= 20, "{counts:?}");
        assert!(counts.working_groups >= 3, "{counts:?}");
        assert!(counts.goals >= 15, "{counts:?}");
        assert!(counts.measures >= 15, "{counts:?}");
        assert!(counts.indicators >= 20, "{counts:?}");
        assert!(counts.regions >= 9, "{counts:?}");
        assert!(counts.observations >= 10_000, "{counts:?}");
        assert_eq!(crate::store::counts::verify(store.conn()).unwrap(), None);
        // One action creates it all.
        assert_eq!(counts.actions, 1);
        let project = crate::store::project::get(store.conn()).unwrap().project;
        assert_eq!(
            (project.name.as_str(), project.municipality.as_str()),
            (NAME, MUNICIPALITY)
        );
        assert_eq!(project.region_key, REGION_KEY);
        assert_eq!(project.default_language, "de");
    }

    #[test]
    fn the_district_constants_name_the_right_districts() {
        assert_eq!(DISTRICTS[KIRCHFELD].name, "Kirchfeld");
        assert_eq!(DISTRICTS[BERGHEIM].name, "Bergheim");
    }

    #[test]
    fn every_measure_status_occurs_and_measures_are_consistent() {
        let (_dir, store) = demo();
        let measures = crate::store::measures::list(store.conn()).unwrap();
        let statuses: BTreeSet<Status> = measures.iter().map(|measure| measure.status).collect();
        assert_eq!(statuses.len(), Status::ALL.len(), "{statuses:?}");
        for measure in &measures {
            if let (Some(start), Some(end)) = (&measure.start_date, &measure.end_date) {
                assert!(end >= start, "{}", measure.title);
            }
            if measure.status == Status::Idea {
                assert!(
                    measure.budget_planned_eur.is_none() && measure.start_date.is_none(),
                    "{}",
                    measure.title
                );
            }
            assert!(measure.lead_stakeholder.is_some(), "{}", measure.title);
        }
    }

    #[test]
    fn contact_data_use_reserved_domains_only() {
        let (_dir, store) = demo();
        let stakeholders = crate::store::stakeholders::list(store.conn()).unwrap();
        let emails: BTreeSet<&str> = stakeholders
            .iter()
            .map(|s| s.email.as_str())
            .filter(|email| !email.is_empty())
            .collect();
        assert!(emails.len() >= 5, "{emails:?}");
        for email in &emails {
            let domain = email.rsplit_once('@').unwrap().1;
            assert!(
                domain.ends_with(".example")
                    || ["example.org", "example.com", "example.net"].contains(&domain),
                "{email}"
            );
        }
        assert!(
            stakeholders
                .iter()
                .any(|s| s.contact_person.is_empty() && s.email.is_empty())
        );
        for stakeholder in &stakeholders {
            assert!(
                stakeholder.phone.is_empty() || stakeholder.phone.starts_with("0999 "),
                "{}",
                stakeholder.phone
            );
        }
        let kinds: BTreeSet<Kind> = stakeholders.iter().map(|s| s.kind).collect();
        assert!(kinds.len() >= 10, "{kinds:?}");
    }

    #[test]
    fn statistics_symbols_and_quality_flags_occur() {
        let (_dir, store) = demo();
        let symbols = column(
            &store,
            "SELECT DISTINCT symbol FROM observation WHERE symbol IS NOT NULL",
        );
        for symbol in [".", "-", "x", "/", "..."] {
            assert!(
                symbols.contains(symbol),
                "{symbol} missing from {symbols:?}"
            );
        }
        let qualities = column(
            &store,
            "SELECT DISTINCT quality FROM observation WHERE quality IS NOT NULL",
        );
        assert!(qualities.contains("p"), "{qualities:?}");
        // A symbol without a number stands alone; a true zero is a zero.
        let wrong: i64 = store
            .conn()
            .query_row(
                "SELECT count(*) FROM observation
                 WHERE (symbol = '-' AND value <> 0) OR (symbol IN ('.', 'x', '/', '...') AND value IS NOT NULL)",
                [],
                |row| row.get(0),
            )
            .unwrap();
        assert_eq!(wrong, 0);
        // Dimensions and members carry labels, not only codes.
        let labels = column(&store, "SELECT label FROM dimension_member");
        assert!(
            labels.contains("weiblich") && labels.contains("unter 3 Jahre"),
            "{labels:?}"
        );
    }

    #[test]
    fn indicators_have_baselines_targets_and_goals() {
        let (_dir, store) = demo();
        let indicators = crate::store::indicators::list(store.conn()).unwrap();
        assert!(
            indicators
                .iter()
                .any(|i| i.polarity == Polarity::TargetBand && i.band_low.is_some())
        );
        for indicator in &indicators {
            assert!(indicator.baseline_value.is_some(), "{}", indicator.code);
        }
        let linked: i64 = store
            .conn()
            .query_row(
                "SELECT count(DISTINCT indicator_id) FROM indicator_goal",
                [],
                |row| row.get(0),
            )
            .unwrap();
        assert_eq!(linked, indicators.len() as i64);
        let with_targets: i64 = store
            .conn()
            .query_row(
                "SELECT count(DISTINCT indicator_id) FROM indicator_target",
                [],
                |row| row.get(0),
            )
            .unwrap();
        assert_eq!(
            with_targets,
            indicators.len() as i64,
            "every indicator has a target"
        );
    }

    #[test]
    fn the_data_are_plausible() {
        let series = generate_all();
        let value = |code: &str, region: &str, period: &str, breakdown: &str| -> Option<f64> {
            series
                .iter()
                .flatten()
                .find(|o| {
                    o.indicator_code == code
                        && o.region_key == region
                        && o.period_code == period
                        && o.breakdown_key == breakdown
                })
                .and_then(|o| o.value)
        };
        let nordstadt = DISTRICTS[1].key();
        let stadtpark = DISTRICTS[6].key();
        for year in FIRST_YEAR..LAST_YEAR {
            let period = Calendar::SchoolYear.code(year);
            let poor = value("SA_OA", &nordstadt, &period, "").unwrap();
            let rich = value("SA_OA", &stadtpark, &period, "").unwrap();
            assert!(poor > 2.0 * rich, "{period}: {poor} vs {rich}");
            let poor = value("UEQ_GYM", &nordstadt, &period, "").unwrap();
            let rich = value("UEQ_GYM", &stadtpark, &period, "").unwrap();
            assert!(rich > 1.5 * poor, "{period}: {rich} vs {poor}");
        }
        for year in FIRST_YEAR..=LAST_YEAR {
            let period = year.to_string();
            let districts: f64 = DISTRICTS
                .iter()
                .map(|d| value("BEV", &d.key(), &period, "").unwrap())
                .sum();
            let city = value("BEV", CITY_KEY, &period, "").unwrap();
            assert!(
                (districts - city).abs() < 0.5,
                "{period}: {districts} vs {city}"
            );
            assert!((145_000.0..165_000.0).contains(&city), "{period}: {city}");
        }
        for (spec, observations) in INDICATORS.iter().zip(&series) {
            for observation in observations {
                assert!(
                    observation.value.is_some() || observation.symbol.is_some(),
                    "{observation:?}"
                );
                if let Some(value) = observation.value {
                    assert!(value >= 0.0 && value <= spec.max, "{observation:?}");
                    if spec.unit == "%" {
                        assert!(value <= 100.0, "{observation:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn generating_twice_gives_identical_content() {
        assert_eq!(generate_all(), generate_all());
        let (_first_dir, first) = demo();
        let (_second_dir, second) = demo();
        let (a, b) = (first.conn(), second.conn());
        assert_eq!(
            crate::store::stakeholders::list(a).unwrap(),
            crate::store::stakeholders::list(b).unwrap()
        );
        assert_eq!(
            crate::store::goals::list(a).unwrap(),
            crate::store::goals::list(b).unwrap()
        );
        assert_eq!(
            crate::store::indicators::list(a).unwrap(),
            crate::store::indicators::list(b).unwrap()
        );
        assert_eq!(
            crate::store::measures::list(a).unwrap(),
            crate::store::measures::list(b).unwrap()
        );
        assert_eq!(
            crate::store::regions::list(a).unwrap(),
            crate::store::regions::list(b).unwrap()
        );
        for code in ["BEV", "BQ_U3", "SA_OA", "STUD", "WB_TQ"] {
            let observations = observations::for_indicator(a, code).unwrap();
            assert!(!observations.is_empty(), "{code}");
            assert_eq!(
                observations,
                observations::for_indicator(b, code).unwrap(),
                "{code}"
            );
        }
        assert_eq!(
            counts(a).unwrap().observations,
            counts(b).unwrap().observations
        );
    }
}
