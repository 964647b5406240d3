//! Where an output (a report, a CSV, a picture, a slide) may be written: never onto a
//! project, never replacing a link or a device. A symbolic link is written through — the
//! file it points to gets the output, the link stays — and the file is written beside its
//! target and renamed onto it, synced first, so a failed write leaves the old file whole.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::{Result, StoreError};
use crate::t;

/// The file an output to `out` really writes: `out`, or where its symbolic links lead.
/// Refused, with what to do, when that is a Lernstadt project (by its first bytes: the
/// open one or any other) or exists and is no regular file (a folder, a device).
pub fn target(out: &Path) -> Result<PathBuf> {
    let refuse = |message: String| StoreError::Invalid { message };
    let resolved = match std::fs::symlink_metadata(out) {
        Ok(meta) if meta.file_type().is_symlink() => {
            // Written through: the link stays, its file gets the output. A link to
            // nothing yet names where the new file goes.
            if let Ok(real) = std::fs::canonicalize(out) {
                real
            } else {
                let link = std::fs::read_link(out).map_err(|source| StoreError::Io {
                    path: out.to_owned(),
                    source,
                })?;
                out.parent().map_or(link.clone(), |dir| dir.join(link))
            }
        }
        _ => out.to_owned(),
    };
    match std::fs::metadata(&resolved) {
        Ok(meta) if !meta.is_file() => {
            return Err(refuse(t!("output.error.not_a_file", path = out.display())));
        }
        Ok(_) if super::is_project(&resolved) => {
            return Err(refuse(t!("output.error.project", path = out.display())));
        }
        _ => {}
    }
    Ok(resolved)
}

/// Refuses an output to `out` whose extension is not one of `extensions` (lowercase,
/// without the dot; matched case-insensitively): the program never writes one format under
/// another's name. The user reads the formats it does write. A project, a folder or a
/// device is refused first, as [`target`] refuses it.
pub fn check_extension(out: &Path, extensions: &[&str]) -> Result<()> {
    target(out)?;
    let extension = out.extension().and_then(|e| e.to_str());
    if extension.is_some_and(|e| extensions.iter().any(|x| e.eq_ignore_ascii_case(x))) {
        return Ok(());
    }
    let formats = extensions
        .iter()
        .map(|e| format!(".{e}"))
        .collect::<Vec<_>>()
        .join(", ");
    let message = match extension {
        Some(extension) => t!(
            "output.error.format",
            path = out.display(),
            extension = extension,
            formats = formats
        ),
        None => t!(
            "output.error.no_extension",
            path = out.display(),
            formats = formats
        ),
    };
    Err(StoreError::Invalid { message })
}

/// Whether `a` and `b` name the same file (through links and `..` alike); `false` when
/// either does not exist.
#[must_use]
pub fn is_same_file(a: &Path, b: &Path) -> bool {
    matches!(
        (std::fs::canonicalize(a), std::fs::canonicalize(b)),
        (Ok(a), Ok(b)) if a == b
    )
}

/// Writes `bytes` to `out` (see [`target`]): beside it first, synced, then renamed into
/// place; the file beside it is removed when anything fails.
pub fn write(out: &Path, bytes: &[u8]) -> Result<()> {
    write_with(out, |file| file.write_all(bytes))
}

/// Writes what `body` writes to `out` (see [`write`]).
pub fn write_with(
    out: &Path,
    body: impl FnOnce(&mut std::io::BufWriter<std::fs::File>) -> std::io::Result<()>,
) -> Result<()> {
    let path = target(out)?;
    let mut temporary = path.as_os_str().to_owned();
    temporary.push(format!(".{}.partial", std::process::id()));
    let temporary = PathBuf::from(temporary);
    let io = |source| StoreError::Io {
        path: out.to_owned(),
        source,
    };
    let result = (|| {
        let written = |error| (error, false);
        let file = std::fs::File::create(&temporary).map_err(written)?;
        let mut buffered = std::io::BufWriter::new(file);
        body(&mut buffered).map_err(written)?;
        buffered.flush().map_err(written)?;
        buffered.get_ref().sync_all().map_err(written)?;
        drop(buffered);
        std::fs::rename(&temporary, &path).map_err(|error| (error, true))
    })();
    result.map_err(|(error, renaming)| {
        let _ = std::fs::remove_file(&temporary);
        if renaming && in_use(&error) {
            StoreError::Invalid {
                message: crate::t!("output.error.in_use", path = out.display()),
            }
        } else {
            io(error)
        }
    })
}

/// Whether replacing a file failed because another program holds it open (Windows: access
/// denied, a sharing or lock violation — Excel holds the CSV it shows).
fn in_use(error: &std::io::Error) -> bool {
    error.kind() == std::io::ErrorKind::PermissionDenied
        || (cfg!(windows) && matches!(error.raw_os_error(), Some(32 | 33)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_project_is_never_an_output() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let project = dir.path().join("p.lernstadt");
        crate::store::Store::create(&project, "P", &crate::store::host::Host::default())
            .expect("a new project")
            .close()
            .expect("closed");
        let before = std::fs::read(&project).expect("the project");
        // Whatever it is called.
        let renamed = dir.path().join("bericht.html");
        std::fs::copy(&project, &renamed).expect("a copy");
        for out in [&project, &renamed] {
            let error = write(out, b"<html>").expect_err("refused").to_string();
            assert!(error.contains("project"), "{error}");
        }
        assert_eq!(std::fs::read(&project).expect("the project"), before);
        assert!(
            std::fs::read_dir(dir.path())
                .expect("the folder")
                .all(|e| !e
                    .expect("an entry")
                    .file_name()
                    .to_string_lossy()
                    .contains("partial")),
            "nothing left beside it"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_link_is_written_through_and_stays_a_link() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let real = dir.path().join("real.html");
        std::fs::write(&real, "old").expect("written");
        let link = dir.path().join("link.html");
        std::os::unix::fs::symlink(&real, &link).expect("a link");
        write(&link, b"new").expect("written through");
        assert!(
            std::fs::symlink_metadata(&link)
                .expect("the link")
                .file_type()
                .is_symlink()
        );
        assert_eq!(std::fs::read(&real).expect("the file"), b"new");
        // A link to a project is refused like the project.
        let project = dir.path().join("p.lernstadt");
        crate::store::Store::create(&project, "P", &crate::store::host::Host::default())
            .expect("a new project")
            .close()
            .expect("closed");
        let to_project = dir.path().join("to-project.html");
        std::os::unix::fs::symlink(&project, &to_project).expect("a link");
        assert!(write(&to_project, b"x").is_err());
        // A folder or a device is no file to replace.
        assert!(write(dir.path(), b"x").is_err());
        assert!(target(Path::new("/dev/null")).is_err());
    }
}
