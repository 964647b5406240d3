//! Lernstadt without a window: the project file and everything that reads or writes it.
//!
//! The window and the command line (the `lernstadt` crate) stand on this crate and call
//! the same functions; nothing here uses egui. Modules, lowest first — a module uses only
//! those before it (`tests/layers.rs` in the `lernstadt` crate reads the sources and keeps
//! it so, against the order in `docs/ARCHITECTURE.md`):
//!
//! [`i18n`] ← [`model`] ← [`store`] ← [`error`] ← [`progress`] ← [`geometry`] ←
//! [`published`] ← [`snapshot`] ← [`slides`] ← [`render`] ← [`export`] ← [`import`] ←
//! [`fetch`] ← [`copies`] ← [`report`] ← [`demo`].

#![warn(missing_docs)]

pub mod copies;
pub mod demo;
pub mod error;
pub mod export;
pub mod fetch;
pub mod geometry;
pub mod i18n;
pub mod import;
pub mod model;
pub mod progress;
pub mod published;
pub mod render;
pub mod report;
pub mod slides;
pub mod snapshot;
pub mod store;

/// Every key this crate asks for by a dynamic name (enumeration labels, entity and field
/// names, action kinds, import roles and shapes): the catalogue test checks them, and the
/// window's crate adds its own.
#[must_use]
pub fn dynamic_keys() -> Vec<String> {
    use crate::model::{
        EducationArea, Engagement, GoalLevel, MeasureStage, PeriodKind, Polarity, Priority,
        RegionLevel, SdgTarget, SlideKind, StakeholderKind, SymbolKind, UpdateFrequency,
    };
    let mut keys = Vec::new();
    keys.extend(StakeholderKind::ALL.iter().map(|v| v.label_key()));
    keys.extend(EducationArea::ALL.iter().map(|v| v.label_key()));
    keys.extend(Engagement::ALL.iter().map(|v| v.label_key()));
    keys.extend(GoalLevel::ALL.iter().map(|v| v.label_key()));
    keys.extend(SdgTarget::ALL.iter().map(|v| v.label_key()));
    keys.extend(Priority::ALL.iter().map(|v| v.label_key()));
    keys.extend(MeasureStage::ALL.iter().map(|v| v.label_key()));
    keys.extend(Polarity::ALL.iter().map(|v| v.label_key()));
    keys.extend(UpdateFrequency::ALL.iter().map(|v| v.label_key()));
    keys.extend(RegionLevel::ALL.iter().map(|v| v.label_key()));
    keys.extend(PeriodKind::ALL.iter().map(|v| v.label_key()));
    keys.extend(SymbolKind::ALL.iter().map(|v| v.label_key()));
    keys.extend(SlideKind::ALL.iter().map(|v| v.label_key()));
    keys.extend(
        crate::model::traffic_light::TrafficLight::ALL
            .iter()
            .map(|v| v.label_key()),
    );
    keys.extend(
        crate::model::meta::ALL
            .iter()
            .map(|def| format!("entity.{}", def.table)),
    );
    keys.push("entity.observation".to_owned());
    keys.extend(crate::model::meta::ALL.iter().flat_map(|def| {
        def.fields
            .iter()
            .map(|field| format!("field.{}", field.name))
    }));
    keys.extend(
        ["create", "edit", "import", "merge", "undo", "redo"].map(|kind| format!("action.{kind}")),
    );
    keys.extend(
        crate::import::sheet::Role::ALL
            .iter()
            .map(|role| format!("import.role.{}", role.code())),
    );
    keys.extend(
        ["genesis_flat", "long", "wide", "entity_list"]
            .map(|shape| format!("import.shape.{shape}")),
    );
    keys
}

#[cfg(test)]
mod tests {
    /// Every key this crate's code uses is in the catalogues, so that no string shows as its
    /// key at run time.
    #[test]
    fn every_key_the_code_uses_exists() {
        let used = crate::i18n::keys_in_sources(std::path::Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/src"
        )));
        for (file, key) in &used {
            assert!(
                crate::i18n::is_key(key),
                "{file} uses {key}, which no catalogue has"
            );
        }
        for key in crate::dynamic_keys() {
            assert!(crate::i18n::is_key(&key), "no catalogue has {key}");
        }
    }
}
