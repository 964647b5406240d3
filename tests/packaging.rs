//! The Linux packaging files: the icon in every hicolor size (rendered from the one SVG),
//! the desktop entry, the MIME type that recognises a project by its extension and its first
//! bytes, and the `cargo deb` metadata that installs them.
//!
//! `LERNSTADT_BLESS_ICONS=1 cargo test packaging` writes the PNGs after the SVG changed.

use std::path::{Path, PathBuf};

use lernstadt_core::store::{Host, Store};

/// The hicolor sizes the packages install.
const SIZES: [u32; 8] = [16, 24, 32, 48, 64, 128, 256, 512];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn png_path(size: u32) -> PathBuf {
    root().join(format!(
        "packaging/linux/icons/hicolor/{size}x{size}/apps/lernstadt.png"
    ))
}

#[test]
fn the_icon_exists_in_every_size_drawn_from_the_svg() {
    let svg = std::fs::read_to_string(root().join("packaging/icon/lernstadt.svg")).unwrap();
    let bless = std::env::var_os("LERNSTADT_BLESS_ICONS").is_some();
    for size in SIZES {
        let scaled = svg.replacen(
            "width=\"256\" height=\"256\"",
            &format!("width=\"{size}\" height=\"{size}\""),
            1,
        );
        let drawn = lernstadt_core::render::raster::render(&scaled).unwrap();
        let path = png_path(size);
        if bless {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, drawn.encode_png().unwrap()).unwrap();
        }
        let stored = std::fs::read(&path).unwrap_or_else(|e| {
            panic!("{} ({e}); LERNSTADT_BLESS_ICONS=1 draws it", path.display())
        });
        let stored = resvg::tiny_skia::Pixmap::decode_png(&stored).unwrap();
        assert_eq!((stored.width(), stored.height()), (size, size));
        assert!(
            stored.data() == drawn.data(),
            "{} is not the SVG as it is now; LERNSTADT_BLESS_ICONS=1 redraws it",
            path.display()
        );
    }
}

#[test]
fn the_desktop_entry_opens_project_files() {
    let entry = std::fs::read_to_string(root().join("packaging/linux/lernstadt.desktop")).unwrap();
    let value = |key: &str| {
        entry
            .lines()
            .find_map(|line| line.strip_prefix(&format!("{key}=")))
            .unwrap_or_else(|| panic!("no {key}= in the desktop entry"))
    };
    assert_eq!(entry.lines().next(), Some("[Desktop Entry]"));
    assert_eq!(value("Type"), "Application");
    assert_eq!(value("Exec"), "lernstadt %f");
    assert_eq!(value("Icon"), "lernstadt");
    assert!(
        value("MimeType")
            .split(';')
            .any(|m| m == "application/x-lernstadt")
    );
    assert!(!value("Comment[de]").is_empty(), "a German comment");
}

/// The MIME type's magic matches what Lernstadt writes: the SQLite header and the
/// `application_id` at offset 68 of a real project file.
#[test]
fn the_mime_type_recognises_a_project_by_its_bytes() {
    let xml = std::fs::read_to_string(root().join("packaging/linux/lernstadt-mime.xml")).unwrap();
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let mime = doc
        .descendants()
        .find(|n| n.has_tag_name("mime-type"))
        .unwrap();
    assert_eq!(mime.attribute("type"), Some("application/x-lernstadt"));
    let glob = mime.descendants().find(|n| n.has_tag_name("glob")).unwrap();
    assert_eq!(glob.attribute("pattern"), Some("*.lernstadt"));
    let outer = mime
        .descendants()
        .find(|n| n.has_tag_name("match") && n.attribute("offset") == Some("0"))
        .unwrap();
    let inner = outer.children().find(|n| n.has_tag_name("match")).unwrap();

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.lernstadt");
    Store::create(&path, "Magie", &Host::default())
        .unwrap()
        .close()
        .unwrap();
    let bytes = std::fs::read(&path).unwrap();
    let header = outer.attribute("value").unwrap().replace("\\000", "\0");
    assert_eq!(&bytes[..header.len()], header.as_bytes());
    assert_eq!(inner.attribute("type"), Some("big32"));
    assert_eq!(inner.attribute("offset"), Some("68"));
    let id = u32::from_str_radix(
        inner.attribute("value").unwrap().trim_start_matches("0x"),
        16,
    )
    .unwrap();
    assert_eq!(u32::from_be_bytes(bytes[68..72].try_into().unwrap()), id);
}

/// Every file `cargo deb` is told to install exists (the binary comes from the build).
#[test]
fn the_deb_metadata_installs_files_that_exist() {
    let manifest = std::fs::read_to_string(root().join("Cargo.toml")).unwrap();
    let start = manifest
        .find("[package.metadata.deb]")
        .expect("deb metadata");
    let section = &manifest[start..];
    let sources: Vec<&str> = section
        .lines()
        .map(str::trim)
        .filter(|line| line.starts_with("[\""))
        .filter_map(|line| line.split('"').nth(1))
        .collect();
    assert!(sources.len() >= 4 + SIZES.len(), "{sources:?}");
    for source in sources {
        if source.starts_with("target/") {
            continue;
        }
        assert!(root().join(source).exists(), "{source} is missing");
    }
    for size in SIZES {
        assert!(
            section.contains(&format!("{size}x{size}/apps/lernstadt.png")),
            "the {size} px icon is not installed"
        );
    }
}

/// The Windows and macOS packaging files the release workflow uses exist and parse as far as
/// Linux can tell: the workflow names only files that are there, the icon file holds every
/// size, the app's Info.plist declares the document type.
#[test]
fn the_release_workflow_uses_files_that_exist() {
    let workflow = std::fs::read_to_string(root().join(".github/workflows/release.yml")).unwrap();
    let named: Vec<&str> = workflow
        .split(|c: char| c.is_whitespace() || c == '"')
        .map(|word| word.trim_end_matches([';', ',', ':', '.']))
        .filter(|word| {
            (word.starts_with("packaging/") || word.starts_with(".ci/")) && !word.contains('$')
        })
        .collect();
    assert!(named.len() >= 3, "{named:?}");
    for path in named {
        assert!(root().join(path).exists(), "{path} is missing");
    }
    for size in [16, 32, 64, 128, 256, 512] {
        assert!(png_path(size).exists(), "the {size} px PNG for the .icns");
    }

    let ico = std::fs::read(root().join("packaging/windows/lernstadt.ico")).unwrap();
    // ICONDIR: reserved 0, type 1 (icon), then the number of images.
    assert_eq!(&ico[..4], &[0, 0, 1, 0]);
    assert!(u16::from_le_bytes([ico[4], ico[5]]) >= 6, "sizes 16 to 256");

    let nsi = std::fs::read_to_string(root().join("packaging/windows/lernstadt.nsi")).unwrap();
    // A 64-bit installer (.ci/windows installs it under Wine): per machine into Program
    // Files when the user may, else per user (MultiUser); the file type with its icon and
    // "Open with" wherever the install mode says (SHCTX).
    for needed in [
        "Target amd64-unicode",
        "!include MultiUser.nsh",
        "MULTIUSER_EXECUTIONLEVEL Highest",
        "MULTIUSER_USE_PROGRAMFILES64",
        "SHCTX \"Software\\Classes\\.lernstadt\"",
        "OpenWithProgids",
        "lernstadt.ico",
    ] {
        assert!(nsi.contains(needed), "the installer lacks {needed}");
    }

    let plist = std::fs::read_to_string(root().join("packaging/macos/Info.plist")).unwrap();
    let doc = roxmltree::Document::parse_with_options(
        &plist,
        roxmltree::ParsingOptions {
            allow_dtd: true,
            ..roxmltree::ParsingOptions::default()
        },
    )
    .unwrap();
    let strings: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("string"))
        .filter_map(|n| n.text())
        .collect();
    for needed in [
        "lernstadt",
        "de.lernstadt.project",
        "application/x-lernstadt",
    ] {
        assert!(strings.contains(&needed), "Info.plist lacks {needed}");
    }
}
