//! Exporting what is asked for by name — the observations (long or wide) or an entity
//! list — as CSV in a dialect or as a workbook by the extension, as the command line and
//! the window's export both ask for it.

use std::path::Path;

use super::{
    Dialect, ExportError, Format, Hidden, Written, entity_by_name, export_entities,
    export_observations_long, export_observations_wide, export_sources, sources_path, workbook,
};

/// Exports `what` of an open project — `observations` (long, or `wide`) or an entity list
/// by name — as the command line and the window's export both ask for it, as CSV in
/// `dialect` or as a workbook by the extension of `out` ([`Format::of`]; another extension
/// is refused, naming those written). A damaged project (a cycle in a tree) is refused
/// rather than exported with parts missing.
///
/// With `protected` and a protection rule in the project, observations are written as they
/// may be published (small counts and what would reveal them as `.`, with a note);
/// otherwise as stored. Observations name each indicator's source once, in a sources file
/// beside `out` ([`sources_path`]); `with_sources` names it on every row of the long form
/// instead. A workbook names them on a sheet of its own.
pub fn export_named(
    store: &crate::store::Store,
    what: &str,
    wide: bool,
    protected: bool,
    with_sources: bool,
    out: &Path,
    dialect: Dialect,
) -> Result<Written, ExportError> {
    if what != "observations" && entity_by_name(what).is_none() {
        return Err(ExportError::Unknown {
            what: what.to_owned(),
        });
    }
    crate::store::output::check_extension(out, &Format::EXTENSIONS)?;
    let format = Format::of(out).unwrap_or(Format::Csv);
    store.refuse_damaged()?;
    if what == "observations" {
        let hidden = match crate::published::rule(store.conn())? {
            Some(rule) if protected => Some(Hidden {
                places: crate::published::hidden_places(store.conn(), &rule)?,
                note: crate::published::note(&rule),
            }),
            _ => None,
        };
        if format == Format::Xlsx {
            return workbook::export_observations(
                store.conn(),
                out,
                wide,
                hidden.as_ref(),
                with_sources,
            );
        }
        let mut written = if wide {
            export_observations_wide(store.conn(), out, dialect, hidden.as_ref())?
        } else {
            export_observations_long(store.conn(), out, dialect, hidden.as_ref(), with_sources)?
        };
        if wide || !with_sources {
            let path = sources_path(out);
            export_sources(store.conn(), &path, dialect)?;
            written.sources = Some(path);
        }
        Ok(written)
    } else if let Some(def) = entity_by_name(what) {
        match format {
            Format::Xlsx => workbook::export_entities(store.conn(), def, out),
            Format::Csv => export_entities(store.conn(), def, out, dialect),
        }
    } else {
        Err(ExportError::Unknown {
            what: what.to_owned(),
        })
    }
}
