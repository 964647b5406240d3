//! A file's path as SQLite is given it. Windows' file functions refuse a path longer than
//! 260 characters (`MAX_PATH`) unless the user turned long paths on in the registry — a
//! project deep in a synced folder with long folder names reaches that. Rust's `std::fs`
//! writes such paths in the extended form (`\\?\C:\…`) itself; SQLite, which opens its files
//! with its own calls, is given that form here. SQLite keeps it as it is and adds
//! `-journal` to it for the journal.

use std::borrow::Cow;
use std::path::Path;

/// `path` as SQLite should open it: on Windows a long path in its extended form, else as it
/// is.
#[must_use]
pub(crate) fn sqlite_path(path: &Path) -> Cow<'_, Path> {
    extended(path, cfg!(windows))
}

/// A path this long (with room for SQLite's `-journal`, and the `.N.part` of a copy being
/// written) takes the extended form.
const LONG: usize = 240;

fn extended(path: &Path, windows: bool) -> Cow<'_, Path> {
    let text = path.as_os_str().to_string_lossy();
    if !windows || text.chars().count() < LONG || text.starts_with(r"\\?\") {
        return Cow::Borrowed(path);
    }
    let Ok(absolute) = std::path::absolute(path) else {
        return Cow::Borrowed(path);
    };
    // The extended form takes no `/` and no `.` or `..` (std::path::absolute resolved
    // them on Windows).
    let absolute = absolute.as_os_str().to_string_lossy().replace('/', r"\");
    let extended = match absolute.strip_prefix(r"\\") {
        // A network share: \\server\share\… becomes \\?\UNC\server\share\….
        Some(share) => format!(r"\\?\UNC\{share}"),
        None => format!(r"\\?\{absolute}"),
    };
    Cow::Owned(extended.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_paths_and_other_systems_are_left_as_they_are() {
        let short = Path::new(r"C:\Projekte\Bildung.lernstadt");
        assert_eq!(extended(short, true), Cow::Borrowed(short));
        let long = format!("/tmp/{}/p.lernstadt", "x".repeat(300));
        assert_eq!(
            extended(Path::new(&long), false),
            Cow::Borrowed(Path::new(&long))
        );
        let already = format!(r"\\?\C:\{}\p.lernstadt", "x".repeat(300));
        assert_eq!(
            extended(Path::new(&already), true),
            Cow::Borrowed(Path::new(&already))
        );
    }

    /// On Windows a long path takes the extended form, a share's as `UNC`.
    #[cfg(windows)]
    #[test]
    fn a_long_path_takes_the_extended_form() {
        let folder = "Ein recht langer Ordnername für die Bildungsplanung ".repeat(6);
        let local = format!(r"C:\Users\Jürgen\{folder}\Bildung.lernstadt");
        assert_eq!(
            extended(Path::new(&local), true).as_os_str(),
            format!(r"\\?\{local}").as_str()
        );
        let share = format!(r"\\server\planung\{folder}\Bildung.lernstadt");
        assert_eq!(
            extended(Path::new(&share), true).as_os_str(),
            format!(r"\\?\UNC\server\planung\{folder}\Bildung.lernstadt").as_str()
        );
    }
}
