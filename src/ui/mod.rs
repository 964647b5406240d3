//! Drawing the window. The views read a [`Frame`] (the snapshot and the app's state around
//! it, never the store) and their own state, and push commands; the app applies them after
//! the frame.

pub mod chart;
pub mod comparison;
pub mod copies;
pub mod export;
pub mod fetch;
pub mod first_steps;
pub mod focus;
pub mod form;
pub mod goals;
pub mod groups;
pub mod history;
pub mod import;
pub mod indicators;
pub mod measures;
pub mod new_project;
pub mod overview;
pub mod presentation;
pub mod profile;
pub mod regions;
pub mod report;
mod settings;
mod shell;
pub mod stakeholders;
pub mod tables;
pub mod theme;
mod widgets;

pub use shell::app_ui;
pub use widgets::{
    choice_ui, colour, stage_colour, status_badge, status_colour, status_mark, summary_badge,
};

use std::path::Path;

use crate::settings::Settings;
use lernstadt_core::snapshot::{IndicatorSnapshot, Snapshot};
use lernstadt_core::t;

/// A view of the window, in navigation order.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum View {
    #[default]
    Overview,
    Stakeholders,
    WorkingGroups,
    Goals,
    Measures,
    Indicators,
    Regions,
    History,
    Presentation,
}

impl View {
    /// The views in navigation order.
    pub const ALL: [View; 9] = [
        View::Overview,
        View::Stakeholders,
        View::WorkingGroups,
        View::Goals,
        View::Measures,
        View::Indicators,
        View::Regions,
        View::History,
        View::Presentation,
    ];

    /// The navigation label.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            View::Overview => t!("view.overview"),
            View::Stakeholders => t!("view.stakeholders"),
            View::WorkingGroups => t!("view.working_groups"),
            View::Goals => t!("view.goals"),
            View::Measures => t!("view.measures"),
            View::Indicators => t!("view.indicators"),
            View::Regions => t!("view.regions"),
            View::History => t!("view.history"),
            View::Presentation => t!("view.presentation"),
        }
    }
}

/// What each view remembers between frames.
#[derive(Debug, Default)]
pub struct Views {
    pub stakeholders: stakeholders::State,
    pub goals: goals::State,
    pub groups: groups::State,
    pub measures: measures::State,
    pub regions: regions::RegionTree,
    pub history: history::State,
    pub indicators: indicators::State,
    pub presentation: presentation::EditorState,
    pub new_project: new_project::Dialog,
}

/// What the window shows in one frame, read-only: the snapshot and the app's state around
/// it. Views never get the store.
pub struct Frame<'a> {
    pub data: &'a Snapshot,
    pub indicator_data: &'a IndicatorSnapshot,
    pub settings: &'a Settings,
    pub project: ProjectView<'a>,
    /// A short message about the last action (undo, redo, an error).
    pub status: Option<&'a str>,
    /// How this file relates to a copy of the same project opened before.
    pub copy_note: Option<&'a str>,
    /// What changes asked for wait for (another program holds the file).
    pub waiting: Option<&'a str>,
    /// No import is running: undo, redo and switching projects wait for one.
    pub idle: bool,
}

/// The open project as the window shows it, or why there is none.
pub enum ProjectView<'a> {
    Open {
        overview: Option<&'a overview::Overview>,
        /// Read-only, migrated, a failed read: each shown above the view.
        notices: Vec<String>,
        /// The file can be written (imports, merges and edits are possible).
        writable: bool,
        /// Repairs offered for a damaged file, each a button.
        repairs: Vec<crate::command::Fix>,
        /// The file was replaced on disk: opening it again is offered.
        reopen: Option<&'a Path>,
    },
    Refused {
        path: &'a Path,
        message: &'a str,
    },
}

impl ProjectView<'_> {
    /// Whether a project is open.
    #[must_use]
    pub fn is_open(&self) -> bool {
        matches!(self, ProjectView::Open { .. })
    }

    /// Whether a project is open and can be written.
    #[must_use]
    pub fn is_writable(&self) -> bool {
        matches!(self, ProjectView::Open { writable: true, .. })
    }
}

/// What the window's views and dialogs may change: their own state.
pub struct State<'a> {
    pub view: &'a mut View,
    pub views: &'a mut Views,
    pub import: &'a mut import::ImportWizard,
    pub export: &'a mut export::ExportDialog,
    pub copies: &'a mut copies::CopyWindows,
}
