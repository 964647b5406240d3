//! Checking a file against its version: it holds exactly the objects Lernstadt creates for
//! that version.

use std::path::Path;

use rusqlite::Connection;

use super::CURRENT_VERSION;
use super::objects::{current_objects, objects};
use super::upgrade::objects_for;
use crate::store::{Result, StoreError};

/// Checks that a file of `version` holds exactly the objects Lernstadt creates for that
/// version: no triggers, no views, no unknown tables or indexes, none missing or altered.
/// A file newer than this build may have more tables, but never triggers or views.
pub fn verify(conn: &Connection, version: i32, path: &Path) -> Result<()> {
    let found = objects(conn).map_err(|e| crate::store::holder::damaged_or_busy(path, &e))?;
    let tampered = |detail: String| StoreError::Tampered {
        path: path.to_owned(),
        detail,
    };
    for (name, object) in &found {
        match object.kind.as_str() {
            "trigger" => return Err(tampered(crate::t!("store.schema.trigger", name = name))),
            "view" => return Err(tampered(crate::t!("store.schema.view", name = name))),
            _ => {}
        }
    }
    if version < 1 {
        return Err(StoreError::NoUpgradePath {
            path: path.to_owned(),
            version,
        });
    }
    let expected = if version > CURRENT_VERSION {
        current_objects().clone()
    } else {
        objects_for(version)
    };
    for (name, object) in &expected {
        match found.get(name) {
            None => {
                return Err(StoreError::Corrupt {
                    path: path.to_owned(),
                    detail: crate::t!("store.schema.missing", kind = object.kind, name = name),
                });
            }
            Some(found_object) if version <= CURRENT_VERSION && found_object != object => {
                return Err(tampered(crate::t!(
                    "store.schema.altered",
                    kind = object.kind,
                    name = name
                )));
            }
            Some(_) => {}
        }
    }
    if version <= CURRENT_VERSION
        && let Some((name, object)) = found.iter().find(|(name, _)| !expected.contains_key(*name))
    {
        return Err(tampered(crate::t!(
            "store.schema.unknown",
            kind = object.kind,
            name = name
        )));
    }
    Ok(())
}
