//! The project row: one per file.

use rusqlite::{Connection, params};

use super::{Result, Tx};
use crate::model::Project;

/// The project and when and by whom it was last changed.
#[derive(Clone, Debug, PartialEq)]
pub struct ProjectInfo {
    /// The project's own fields.
    pub project: Project,
    /// When the project was created: RFC 3339 in UTC, to the millisecond.
    pub created_at: String,
    /// When an action last changed the project: RFC 3339 in UTC, to the millisecond.
    pub modified_at: String,
    /// Who made that last change (the action's author).
    pub modified_by: String,
}

/// What a new project is made with: its name, and the key and name of the region it
/// plans for (empty when not known yet; my region is found by its key once its data is
/// there, and named by the municipality when a district file has no row for it).
#[derive(Clone, Debug, Default)]
pub struct NewProject {
    /// The project's name; not empty.
    pub name: String,
    /// My region's key (official or a city's own), or empty.
    pub region_key: String,
    /// The municipality's name, or empty.
    pub municipality: String,
}

impl NewProject {
    /// A project of this name, its region not known yet.
    #[must_use]
    pub fn named(name: &str) -> NewProject {
        NewProject {
            name: name.to_owned(),
            ..NewProject::default()
        }
    }
}

/// Creates the project row of a new file.
pub fn create(tx: &mut Tx<'_>, new: &NewProject) -> Result<()> {
    let project = Project {
        uuid: crate::model::new_uuid(),
        name: new.name.clone(),
        municipality: new.municipality.trim().to_owned(),
        region_key: new.region_key.trim().to_owned(),
        description: String::new(),
        default_language: crate::i18n::lang().code().to_owned(),
        authors: String::new(),
        protect_min_count: None,
        comparison_name: String::new(),
    };
    tx.insert(&project)?;
    let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    tx.conn().execute(
        "UPDATE project SET created_at = ?1, modified_at = ?1",
        params![now],
    )?;
    Ok(())
}

/// The language text stored in the project is written in (its default language; the
/// window's when the file says none Lernstadt speaks).
pub fn language(conn: &Connection) -> Result<crate::i18n::Lang> {
    let code: String =
        conn.query_row("SELECT default_language FROM project", [], |row| row.get(0))?;
    Ok(crate::i18n::Lang::from_code(&code).unwrap_or_else(crate::i18n::lang))
}

/// Reads the project.
pub fn get(conn: &Connection) -> Result<ProjectInfo> {
    let uuid: String = conn.query_row("SELECT uuid FROM project", [], |row| row.get(0))?;
    // A file of an older version, looked at without upgrading it, reads with the defaults
    // of the columns it lacks (see `entity::read`).
    let project = super::entity::get::<Project>(conn, &uuid)?;
    let Some(project) = project else {
        return Err(super::StoreError::NotFoundEntity {
            kind: "project",
            key: uuid,
        });
    };
    let (created_at, modified_at, modified_by) = conn.query_row(
        "SELECT created_at, modified_at, modified_by FROM project",
        [],
        |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
    )?;
    Ok(ProjectInfo {
        project,
        created_at,
        modified_at,
        modified_by,
    })
}
