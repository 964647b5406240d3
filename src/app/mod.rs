//! The window: the open project, its snapshot, the views' state and the command queue.
//!
//! Each frame the app brings its caches up to date with the store (read once per store
//! generation), lets the views draw from them and push [`Command`]s, and then applies the
//! commands in one place (`app/commands.rs`). Views never get the store or the app.

mod appearance;
mod commands;
mod frame;
mod history;
mod open;
pub mod opened;
mod outside;
mod poll;
mod refresh;
pub mod tasks;
mod waiting;
mod window;
mod workers;

pub use window::{icon, run};

use std::path::PathBuf;

use crate::command::Commands;
use crate::settings::Settings;
use crate::ui::overview::Overview;
use lernstadt_core::store::Store;

/// The project the window shows, or why it shows none.
pub enum Project {
    Open {
        store: Box<Store>,
        overview: Box<Option<Overview>>,
        error: Option<String>,
    },
    Refused {
        path: PathBuf,
        message: String,
    },
}

/// The application state.
pub struct LernstadtApp {
    pub project: Project,
    /// Projects the operating system asked this window to open (see [`opened`]), the
    /// last one opened on the next frame.
    pub asked_to_open: Vec<std::path::PathBuf>,
    pub settings: Settings,
    /// The import wizard's state.
    pub import: crate::ui::import::ImportWizard,
    /// The view shown.
    pub view: crate::ui::View,
    /// What the views show, read once per store generation.
    pub data: lernstadt_core::snapshot::Snapshot,
    /// The selected indicator's observations.
    pub indicator_data: lernstadt_core::snapshot::IndicatorSnapshot,
    /// What each view remembers: selection, search, drafts.
    pub views: crate::ui::Views,
    /// What the views asked for this frame, applied after drawing.
    pub commands: Commands,
    /// The export window's state.
    pub export: crate::ui::export::ExportDialog,
    /// A short message about the last action (undo, redo, an error).
    pub status: Option<String>,
    /// When this file is a copy of a project opened before from another file: how the two
    /// relate, and who changed this one last.
    pub copy_note: Option<String>,
    /// The presentation running full screen, if one is.
    pub presenting: Option<crate::ui::presentation::Presenting>,
    /// Share, compare and merge windows.
    pub copies: crate::ui::copies::CopyWindows,
    /// The theme and font size the window was last styled with.
    styled: Option<(crate::settings::Theme, Option<f32>)>,
    /// When the file was last looked at for changes from outside.
    looked: std::time::Instant,
    /// Long work running on a worker (share, compare, merge, report, chart).
    pub task: Option<tasks::Task>,
    /// Changes that wait while another program holds the file.
    pub waiting: Option<waiting::Waiting>,
    /// Which indicators have values for districts, asked on a worker for the social index
    /// dialog (one probe per indicator: up to a second on millions of values).
    social_probe: Option<std::sync::mpsc::Receiver<std::collections::BTreeSet<String>>>,
    /// A frame has been drawn (the first is logged with its time).
    drawn: bool,
    /// The name the window title was last made of.
    titled: Option<String>,
}
