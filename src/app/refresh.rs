//! The caches brought up to date with the store, once per store generation: the snapshot,
//! the selected indicator's observations, the history's details, the overview.

use lernstadt_core::store::Store;

use super::{LernstadtApp, Project};
use crate::ui::overview::Overview;

/// Reads what the overview shows; the app does it once per store generation.
fn read_overview(store: &Store) -> lernstadt_core::store::Result<Overview> {
    Ok(Overview {
        generation: store.generation(),
        info: lernstadt_core::store::project::get(store.conn())?,
        counts: lernstadt_core::store::counts::counts(store.conn())?,
        undo: store.undo_target()?.map(|action| action.label),
        redo: store.redo_target()?.map(|action| action.label),
    })
}

impl LernstadtApp {
    /// Brings cached query results up to date with the store; cheap when nothing changed.
    pub fn refresh(&mut self) {
        if let Project::Open { store, error, .. } = &mut self.project {
            let result = self.data.refresh(store).and_then(|()| {
                if self.view == crate::ui::View::Indicators {
                    self.indicator_data.refresh(
                        store,
                        &self.data,
                        self.views.indicators.selected,
                    )?;
                }
                let history = &mut self.views.history;
                if let Some(selected) = history.selected
                    && history
                        .details
                        .as_ref()
                        .is_none_or(|(id, _)| *id != selected)
                {
                    let lines = super::history::details(store, selected, &self.data)?;
                    history.details = Some((selected, lines));
                }
                Ok(())
            });
            if let Err(e) = result {
                *error = Some(e.to_string());
            }
        }
        if let Project::Open {
            store,
            overview,
            error,
        } = &mut self.project
        {
            let stale = overview
                .as_ref()
                .as_ref()
                .is_none_or(|o| o.generation != store.generation());
            if stale {
                match read_overview(store) {
                    Ok(fresh) => **overview = Some(fresh),
                    Err(e) => *error = Some(e.to_string()),
                }
            }
        }
    }
}
