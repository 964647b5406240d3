//! The slide export: a presentation's slides written as PNGs (and their words as text)
//! into a folder, older pictures of a longer presentation removed.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use super::slide_svg;
use crate::error::Result;
use crate::snapshot::Snapshot;
use crate::store::Store;
use crate::t;

/// What the slide export wrote.
#[derive(Clone, Debug, serde::Serialize)]
pub struct SlidesWritten {
    /// The presentation's title.
    pub presentation: String,
    /// The pictures, in the presentation's order.
    pub files: Vec<PathBuf>,
    /// Their size together, in bytes.
    pub bytes: u64,
    /// Slides not written, each with the reason (what they show no longer exists).
    pub skipped: Vec<String>,
    /// Older pictures of this kind (`slide-NN.png`) the folder held that this export did
    /// not write again (a longer presentation before): removed, so the folder holds this
    /// presentation only.
    pub removed: Vec<PathBuf>,
    /// The words of every slide, slide by slide, as text (`slides.txt`): what a screen
    /// reader or a search finds of pictures.
    pub text: PathBuf,
}

/// Writes every slide of a presentation (by title or UUID; the first when `None`) as a
/// `width` × `height` PNG into `dir` (`slide-01.png`, …), each written beside and then
/// renamed, drawn by the same code as the presentation in the window.
pub fn export_slides(
    store: &Store,
    presentation: Option<&str>,
    dir: &Path,
    size: [u32; 2],
    progress: Option<&crate::progress::Progress>,
) -> Result<SlidesWritten> {
    store.refuse_damaged()?;
    let mut data = Snapshot::default();
    data.refresh(store)?;
    let chosen = match presentation {
        None => data.presentations.first(),
        Some(wanted) => data
            .presentations
            .iter()
            .find(|p| p.title == wanted || p.uuid.to_string() == wanted),
    };
    let Some(chosen) = chosen else {
        return Err(crate::store::StoreError::NotFoundEntity {
            kind: "presentation",
            key: presentation.map_or_else(|| t!("present.none").to_owned(), str::to_owned),
        }
        .into());
    };
    let (slides, skipped) = crate::slides::showable(&data, chosen.uuid);
    std::fs::create_dir_all(dir).map_err(|source| crate::error::Error::File {
        path: dir.to_owned(),
        source,
    })?;
    if let Some(progress) = progress {
        progress.start(slides.len() as u64);
    }
    let mut written = SlidesWritten {
        presentation: chosen.title.clone(),
        files: Vec::new(),
        bytes: 0,
        skipped,
        removed: Vec::new(),
        text: dir.join("slides.txt"),
    };
    let mut words = String::new();
    for (n, slide) in slides.iter().enumerate() {
        if let Some(progress) = progress {
            progress.check()?;
        }
        let Some(svg) = slide_svg(store, &data, slide, size[0], size[1]) else {
            continue;
        };
        let svg = svg?;
        let bytes = crate::render::raster::png(&svg)?;
        let path = dir.join(format!("slide-{:02}.png", n + 1));
        let _ = writeln!(
            words,
            "{}\n{}\n",
            t!(
                "slides.text.heading",
                number = n + 1,
                file = format!("slide-{:02}.png", n + 1)
            ),
            svg_words(&svg).join("\n")
        );
        crate::render::raster::write_beside(&path, &bytes)?;
        written.bytes += bytes.len() as u64;
        written.files.push(path);
        if let Some(progress) = progress {
            progress.advance(1);
        }
    }
    crate::render::raster::write_beside(&written.text, words.as_bytes())?;
    written.removed = remove_older(dir, &written.files);
    Ok(written)
}

/// The words a slide's SVG shows, in the order they are drawn: each `<text>` element's
/// text (its `<tspan>`s joined), entities resolved; tooltips (`<title>`) are not shown and
/// not taken.
fn svg_words(svg: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut rest = svg;
    while let Some(start) = rest.find("<text") {
        let after_name = &rest[start + "<text".len()..];
        // `<textPath` and the like are parts of a text, not texts.
        if !after_name.starts_with([' ', '>']) {
            rest = after_name;
            continue;
        }
        let Some(open_end) = after_name.find('>') else {
            break;
        };
        let inner_start = &after_name[open_end + 1..];
        let Some(close) = inner_start.find("</text>") else {
            break;
        };
        let mut text = String::new();
        let mut inside_tag = false;
        for c in inner_start[..close].chars() {
            match c {
                '<' => inside_tag = true,
                '>' => inside_tag = false,
                c if !inside_tag => text.push(c),
                _ => {}
            }
        }
        let text = text
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&amp;", "&");
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        if !text.is_empty() {
            words.push(text);
        }
        rest = &inner_start[close + "</text>".len()..];
    }
    words
}

/// Removes the `slide-NN.png` files in `dir` that are not among `kept`; only names of
/// exactly that form are touched.
fn remove_older(dir: &Path, kept: &[PathBuf]) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut removed: Vec<PathBuf> = entries
        .filter_map(|entry| Some(entry.ok()?.path()))
        .filter(|path| {
            path.file_name()
                .and_then(|name| name.to_str())
                .and_then(|name| name.strip_prefix("slide-")?.strip_suffix(".png"))
                .is_some_and(|n| n.len() >= 2 && n.bytes().all(|b| b.is_ascii_digit()))
                && !kept.contains(path)
        })
        .filter(|path| std::fs::remove_file(path).is_ok())
        .collect();
    removed.sort();
    removed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_slides_words_are_its_texts_in_order() {
        let svg = r#"<svg><title>tooltip</title><text x="1">Ziele &amp; Maßnahmen</text><g><text><tspan>Kita</tspan> <tspan>Nord</tspan></text></g><text> </text><textPath>x</textPath></svg>"#;
        assert_eq!(svg_words(svg), ["Ziele & Maßnahmen", "Kita Nord"]);
    }
}
