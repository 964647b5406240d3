//! What can fail in Lernstadt's core beyond the project file: a picture that cannot be
//! drawn, a document that cannot be packed, a file or folder that is not the project and
//! cannot be written. The project file's own errors stay [`StoreError`]s inside it, so a
//! caller can still tell a busy, read-only or damaged project from the rest.

use std::fmt;
use std::path::PathBuf;

use crate::store::StoreError;
use crate::t;

/// Why drawing, writing a report or writing pictures failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The project file (reading what is drawn or written).
    Store(#[from] StoreError),
    /// A picture could not be drawn or encoded.
    Picture {
        /// What the drawing library said.
        why: String,
    },
    /// A document could not be packed.
    Document {
        /// Its format (`docx`).
        format: &'static str,
        /// What the packing library said.
        why: String,
    },
    /// A file or folder that is not the project could not be written.
    File {
        /// The file or folder.
        path: PathBuf,
        /// The operating system's error.
        source: std::io::Error,
    },
}

/// The result of drawing or writing something from a project.
pub type Result<T> = std::result::Result<T, Error>;

impl From<rusqlite::Error> for Error {
    fn from(error: rusqlite::Error) -> Self {
        Error::Store(error.into())
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Store(error) => error.fmt(f),
            Error::Picture { why } => f.write_str(&t!("error.picture", why = why)),
            Error::Document { format, why } => {
                f.write_str(&t!("error.document", format = format, why = why))
            }
            Error::File { path, source } => {
                f.write_str(&t!("store.error.io", path = path.display(), error = source))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_error_says_what_failed() {
        let picture = Error::Picture {
            why: "unexpected end".to_owned(),
        };
        assert!(picture.to_string().contains("unexpected end"));
        let file = Error::File {
            path: PathBuf::from("/out/slides"),
            source: std::io::Error::from(std::io::ErrorKind::PermissionDenied),
        };
        assert!(file.to_string().contains("/out/slides"));
        let store = Error::from(StoreError::Cancelled);
        assert!(matches!(store, Error::Store(StoreError::Cancelled)));
        assert_eq!(store.to_string(), StoreError::Cancelled.to_string());
    }
}
