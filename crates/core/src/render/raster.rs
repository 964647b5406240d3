//! Pictures as pixels: an SVG rendered to PNG by `resvg` (pure Rust, on `tiny-skia`). It
//! needs no display, no GPU and no system fonts — the window's own font (Ubuntu Light from
//! egui) is embedded, so a picture looks the same on every machine and in CI.

use std::path::Path;
use std::sync::{Arc, OnceLock};

use crate::store::{Result, StoreError};
use crate::t;

/// The fonts figures are drawn with: the window's own, so no system font is needed.
fn fonts() -> Arc<resvg::usvg::fontdb::Database> {
    static FONTS: OnceLock<Arc<resvg::usvg::fontdb::Database>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            let mut db = resvg::usvg::fontdb::Database::new();
            db.load_font_data(epaint_default_fonts::UBUNTU_LIGHT.to_vec());
            db.load_font_data(epaint_default_fonts::HACK_REGULAR.to_vec());
            db.set_sans_serif_family("Ubuntu");
            Arc::new(db)
        })
        .clone()
}

/// Renders an SVG to RGBA pixels (premultiplied) of its own size.
pub fn render(svg: &str) -> Result<resvg::tiny_skia::Pixmap> {
    let options = resvg::usvg::Options {
        font_family: "Ubuntu".to_owned(),
        fontdb: fonts(),
        ..resvg::usvg::Options::default()
    };
    let invalid = |message: String| StoreError::Invalid { message };
    let tree = resvg::usvg::Tree::from_str(svg, &options).map_err(|e| invalid(e.to_string()))?;
    let size = tree.size().to_int_size();
    let mut pixmap = resvg::tiny_skia::Pixmap::new(size.width(), size.height())
        .ok_or_else(|| invalid(t!("figure.error.size").to_owned()))?;
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::identity(),
        &mut pixmap.as_mut(),
    );
    Ok(pixmap)
}

/// Renders an SVG to PNG bytes.
pub fn png(svg: &str) -> Result<Vec<u8>> {
    render(svg)?.encode_png().map_err(|e| StoreError::Invalid {
        message: e.to_string(),
    })
}

/// Writes bytes to a file beside `out`, then renames it into place.
pub fn write_beside(out: &Path, bytes: &[u8]) -> Result<()> {
    let mut temporary = out.as_os_str().to_owned();
    temporary.push(format!(".{}.tmp", std::process::id()));
    let temporary = std::path::PathBuf::from(temporary);
    let io = |source| StoreError::Io {
        path: out.to_owned(),
        source,
    };
    std::fs::write(&temporary, bytes).map_err(io)?;
    std::fs::rename(&temporary, out).map_err(|e| {
        let _ = std::fs::remove_file(&temporary);
        io(e)
    })
}
