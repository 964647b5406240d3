//! The report's closing chapters: district profiles, stakeholders, sources.

use super::{Block, Builder, Cell, FigureKind, Section};
use crate::error::Result;
use crate::i18n;
use crate::model::{Observation, StakeholderKind};
use crate::store::Store;
use crate::t;

impl Builder<'_> {
    /// A chapter of district profiles: each district of the city (the project's own region,
    /// else the region most districts belong to) against it, for `indicators`.
    pub(in crate::report) fn profiles(&mut self, indicators: &[usize]) -> Result<()> {
        let data = self.data;
        let city = data
            .my_region
            .and_then(|r| data.region(r))
            .filter(|r| data.regions.iter().any(|c| c.parent == Some(r.uuid)))
            .or_else(|| {
                data.regions.iter().max_by_key(|r| {
                    data.regions
                        .iter()
                        .filter(|c| c.parent == Some(r.uuid))
                        .count()
                })
            });
        self.blocks.push(Block::Open {
            section: Section::Chapter,
            anchor: "profiles".to_owned(),
            title: t!("report.profiles").to_owned(),
        });
        self.blocks
            .push(Block::Text(t!("report.profiles_intro").to_owned()));
        let districts: Vec<&crate::model::Region> = data
            .regions
            .iter()
            .filter(|r| city.is_some_and(|c| r.parent == Some(c.uuid)))
            .collect();
        let mut cache: std::collections::HashMap<String, Vec<Observation>> =
            std::collections::HashMap::new();
        for district in districts {
            let (store, rule) = (self.store, self.rule.clone());
            let rows = crate::render::profile::rows(data, district, indicators, &mut |code| {
                if let Some(found) = cache.get(code) {
                    return Ok(found.clone());
                }
                let read = crate::published::observations(store.conn(), code, rule.as_ref())?;
                cache.insert(code.to_owned(), read.clone());
                Ok(read)
            })?;
            if rows.is_empty() {
                continue;
            }
            let caption = self.figure_caption(&t!(
                "report.profile_caption",
                region = district.name,
                city = city.map_or("", |c| c.name.as_str())
            ));
            self.blocks.push(Block::Figure {
                kind: FigureKind::Profile,
                svg: crate::render::profile::chart(
                    data,
                    city.map_or("", |c| c.name.as_str()),
                    &rows,
                    1.0,
                ),
                caption,
                source: String::new(),
            });
        }
        self.blocks.push(Block::Close);
        Ok(())
    }

    pub(in crate::report) fn stakeholders(&mut self) {
        let data = self.data;
        self.blocks.push(Block::Open {
            section: Section::Chapter,
            anchor: "stakeholders".to_owned(),
            title: t!("report.stakeholders").to_owned(),
        });
        self.blocks
            .push(Block::Text(t!("report.stakeholders_intro").to_owned()));
        let rows = StakeholderKind::ALL
            .iter()
            .filter_map(|kind| {
                let names: Vec<&str> = data
                    .stakeholders
                    .iter()
                    .filter(|s| s.kind == *kind)
                    .map(|s| s.name.as_str())
                    .collect();
                (!names.is_empty()).then(|| {
                    vec![
                        Cell::text(format!("{} ({})", kind.label(), names.len())),
                        Cell::text(names.join("; ")),
                    ]
                })
            })
            .collect();
        self.blocks.push(Block::Table {
            caption: None,
            header: vec![
                t!("field.kind").to_owned(),
                t!("report.organisations").to_owned(),
            ],
            rows,
        });
        self.blocks.push(Block::Close);
    }

    pub(in crate::report) fn sources(&mut self, store: &Store) -> Result<()> {
        let data = self.data;
        self.blocks.push(Block::Open {
            section: Section::Chapter,
            anchor: "sources".to_owned(),
            title: t!("report.sources").to_owned(),
        });
        self.blocks.push(Block::Table {
            caption: None,
            header: vec![
                t!("field.indicator").to_owned(),
                t!("field.source").to_owned(),
            ],
            rows: data
                .indicators
                .iter()
                .map(|i| {
                    vec![
                        Cell::text(i.name.clone()),
                        Cell::text(i.cited_source(&data.indicators)),
                    ]
                })
                .collect(),
        });
        // Each import by its file, what kind of table it was, its data date and licence as
        // its footer said, and when it came in (the undone ones left out).
        let mut statement = store.conn().prepare(
            "SELECT i.file_name, i.format, i.imported_at,
                    coalesce(s.data_date, ''), coalesce(s.licence, '')
             FROM import i LEFT JOIN import_source s ON s.import_id = i.id
             WHERE i.action_id IS NULL
                OR i.action_id NOT IN (SELECT id FROM action WHERE state <> 'done')
             ORDER BY i.id",
        )?;
        let imports = statement
            .query_map([], |row| {
                let format: String = row.get(1)?;
                let kind = crate::import::sniff::Shape::ALL
                    .iter()
                    .find(|s| s.code() == format)
                    .map_or(format.clone(), |s| s.label().to_owned());
                let mut parts = vec![format!("{} ({kind})", row.get::<_, String>(0)?)];
                let data_date: String = row.get(3)?;
                if !data_date.is_empty() {
                    parts.push(t!(
                        "report.import_stand",
                        date = i18n::format_period(&data_date)
                    ));
                }
                let licence: String = row.get(4)?;
                if !licence.is_empty() {
                    parts.push(licence);
                }
                parts.push(t!(
                    "report.import_at",
                    at = i18n::format_timestamp(&row.get::<_, String>(2)?)
                ));
                Ok(parts.join(", "))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        if !imports.is_empty() {
            self.blocks
                .push(Block::Subheading(t!("report.imports").to_owned()));
            self.blocks.push(Block::List(imports));
        }
        self.blocks.push(Block::Close);
        Ok(())
    }
}
