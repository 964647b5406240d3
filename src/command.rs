//! What the views and dialogs ask the app to do. They never write themselves: they read the
//! snapshot and their own state and push a [`Command`]; the app applies all of them in one
//! place after the frame (`app::commands`), each write as one transaction, and starts every
//! worker thread itself.

use std::collections::HashMap;
use std::path::PathBuf;

use uuid::Uuid;

use crate::settings::Theme;
use lernstadt_core::copies::merge::{ConflictKey, Side};
use lernstadt_core::i18n::Lang;
use lernstadt_core::render::figure::Request;
use lernstadt_core::store::Tx;

mod edits;

// What a command carries or a view builds one from that the store defines (plain data, a
// trait every entity has): a view names the command, never the store.
/// The project file's extension, for the paths `Open`, `NewProject` and the copies carry.
pub use lernstadt_core::store::EXTENSION;
pub use lernstadt_core::store::entity::Entity;
pub use lernstadt_core::store::project::NewProject;
pub use lernstadt_core::store::repair::Fix;

/// What a write does inside its transaction.
pub type Apply = Box<dyn FnOnce(&mut Tx<'_>) -> lernstadt_core::store::Result<()>>;

/// One change to the project a view asks for: applied after drawing, as one transaction and
/// one undo step.
pub struct Edit {
    /// The history's name for it.
    pub label: String,
    pub apply: Apply,
}

impl Edit {
    pub fn new(
        label: impl Into<String>,
        apply: impl FnOnce(&mut Tx<'_>) -> lernstadt_core::store::Result<()> + 'static,
    ) -> Edit {
        Edit {
            label: label.into(),
            apply: Box::new(apply),
        }
    }

    /// Writes every field of `entity` that differs from what is stored; labelled with what
    /// changed ("Interesse von Jugendamt: 3 → 5").
    pub fn update<T>(table: &str, name: &str, before: &T, after: T) -> Edit
    where
        T: Entity + serde::Serialize + 'static,
    {
        let label = lernstadt_core::model::meta::describe_update(table, name, before, &after);
        Edit::new(label, move |tx| tx.update(&after).map(|_| ()))
    }
}

impl std::fmt::Debug for Edit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Edit")
            .field("label", &self.label)
            .finish_non_exhaustive()
    }
}

/// Everything the window can ask for.
#[derive(Debug)]
pub enum Command {
    /// A change to the project.
    Edit(Edit),
    Undo,
    Redo,
    /// Creates a new, empty project at the path, with its name and region key, and opens
    /// it.
    NewProject {
        path: PathBuf,
        project: NewProject,
    },
    /// Opens another project in this window.
    Open(PathBuf),
    /// Makes one repair in the open (damaged) file — a goal or region moved to the top
    /// level, a formula cleared — then opens the file again.
    Repair(Fix),
    /// Writes a compact copy of the open project.
    SaveCopy(PathBuf),
    /// Writes a chart as PNG.
    SaveChart {
        request: Request,
        path: PathBuf,
    },
    /// Writes every slide of a presentation as a picture into a folder.
    SaveSlides {
        presentation: uuid::Uuid,
        dir: PathBuf,
    },
    /// Writes the education report as HTML.
    WriteReport(PathBuf),
    /// Writes a copy to send, with the share window's options.
    ShareCopy(PathBuf),
    /// Compares the open project with another copy.
    CompareWith(PathBuf),
    /// Works out what merging another copy would do, for the merge window.
    PrepareMerge(PathBuf),
    /// Merges another copy with the user's choice per conflict, as one undo step.
    Merge {
        other: PathBuf,
        choices: HashMap<ConflictKey, Side>,
    },
    /// Asks the running task (share, compare, merge, report, chart) to stop.
    CancelTask,
    /// Drops the changes that wait for the file another program holds.
    CancelWaiting,
    /// Looks up a table's title and data date at the statistics offices' web service, for
    /// the fetch window.
    LookUpTable {
        target: lernstadt_core::fetch::Target,
        request: lernstadt_core::fetch::TableRequest,
    },
    /// Fetches a table from the web service and imports it as one undo step, on a worker.
    FetchTable {
        target: lernstadt_core::fetch::Target,
        request: lernstadt_core::fetch::TableRequest,
    },
    /// Fetches every table the project remembers and works out what would change.
    PreviewRefresh,
    /// Stores a web service's login in the system's keychain (`Debug` hides it).
    StoreLogin {
        service: String,
        credentials: lernstadt_core::fetch::Credentials,
    },
    /// Removes a web service's login from the system's keychain.
    ForgetLogin {
        service: String,
    },
    /// Applies the previewed tables as one undo step.
    ApplyRefresh,
    /// Starts the import wizard's file as a dry run or the real import, on a worker.
    StartImport {
        dry_run: bool,
    },
    /// Starts the export window's export to the path, on a worker.
    StartExport(PathBuf),
    /// Starts presenting a presentation (or the first) full screen.
    StartPresentation(Option<Uuid>),
    /// Leaves presentation mode.
    StopPresentation,
    /// Works out a district's profile for the regions view, for the indicators chosen.
    ComputeProfile(Uuid, lernstadt_core::render::profile::Scope),
    /// Saves a computed indicator (new with `insert`, else changed) and computes it, on a
    /// worker with a cancel, as one undo step named `label`.
    SaveComputed {
        indicator: Box<lernstadt_core::model::Indicator>,
        insert: bool,
        label: String,
    },
    /// Finds the indicators with values for districts, for the social index dialog.
    FindSocialCandidates,
    /// Ranks the districts by a social index, for its ranking tab.
    RankSocialIndex(Uuid),
    /// Works out the first values of a formula being written, for the indicator editor, shown
    /// with the indicator's decimals.
    PreviewFormula {
        formula: String,
        decimals: usize,
    },
    /// Draws a slide's picture at a size in pixels, for the running presentation.
    RenderSlide {
        slide: Uuid,
        size: [u32; 2],
    },
    SetLanguage(Lang),
    SetTheme(Theme),
    SetFontSize(f32),
    /// The renderer to try first at the next start (`None`: the one that worked last).
    SetRenderer(Option<crate::settings::Renderer>),
    /// The name the change log records (empty: the system's).
    SetAuthor(String),
    /// Writes the settings to disk (the author field's edits wait for this).
    SaveSettings,
}

impl From<Edit> for Command {
    fn from(edit: Edit) -> Command {
        Command::Edit(edit)
    }
}

/// The commands asked for in one frame, in order.
#[derive(Debug, Default)]
pub struct Commands(Vec<Command>);

impl Commands {
    /// Asks for a command (an [`Edit`] converts on its own).
    pub fn push(&mut self, command: impl Into<Command>) {
        self.0.push(command.into());
    }

    /// The commands asked for, oldest first; the queue is empty after.
    pub fn take(&mut self) -> Vec<Command> {
        std::mem::take(&mut self.0)
    }

    /// Whether nothing was asked for.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl Command {
    /// Whether it writes the open project through the window's connection (or, a repair,
    /// through one of its own): such a command waits while another program holds the file.
    #[must_use]
    pub fn writes_project(&self) -> bool {
        matches!(
            self,
            Command::Edit(_) | Command::Undo | Command::Redo | Command::Repair(_)
        )
    }
}
