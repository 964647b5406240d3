//! Why a file was not imported at all, as the user reads it.

use std::path::PathBuf;

use crate::store::StoreError;
use crate::t;

/// Why a file was not imported at all.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file could not be opened or read; the user reads "{path} could not be read:
    /// {error}".
    #[error("{}", t!("import.error.read", path = path.display(), error = source))]
    Read {
        /// The file to import.
        path: PathBuf,
        /// What the operating system reported.
        source: std::io::Error,
    },
    /// The file holds nothing but white space (or no header row); the user reads that
    /// there is nothing to import.
    #[error("{}", t!("import.error.empty", path = path.display()))]
    Empty {
        /// The file to import.
        path: PathBuf,
    },
    /// The file's first bytes contain a NUL byte (a spreadsheet saved in its own format,
    /// say); the user is asked to save the table as CSV and import that.
    #[error("{}", t!("import.error.binary", path = path.display()))]
    Binary {
        /// The file to import.
        path: PathBuf,
    },
    /// The header matches no shape Lernstadt reads; the user sees the first line and is
    /// told which shapes are read and how to name columns with `--map`.
    #[error("{}", t!("import.error.shape", path = path.display(), header = header))]
    Shape {
        /// The file to import.
        path: PathBuf,
        /// The header row, its cells joined by the file's delimiter.
        header: String,
    },
    /// The columns do not fit the shape: a `--map` column the header lacks, a GENESIS
    /// header that cannot be read, or a spreadsheet without an indicator, region or period
    /// column; the user reads the path and the reason.
    #[error("{}", t!("import.error.setup", path = path.display(), message = message))]
    Setup {
        /// The file to import.
        path: PathBuf,
        /// Why, in the user's language.
        message: String,
    },
    /// A file of boundaries that cannot be read as boundaries: not JSON or no GeoJSON, a
    /// Shapefile without its parts or with an unknown coordinate system, a `GeoPackage`
    /// without the layer asked for; the message names the file and what to do.
    #[error("{message}")]
    Boundaries {
        /// Why, in the user's language, with the file's name.
        message: String,
    },
    /// [`Progress::cancel`] was set while the import ran; everything is rolled back and the
    /// user reads that nothing was changed.
    #[error("{}", t!("import.error.cancelled"))]
    Cancelled,
    /// The project could not be read or written; the user sees the store's message.
    #[error(transparent)]
    Store(#[from] StoreError),
}
