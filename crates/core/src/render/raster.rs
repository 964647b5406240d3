//! Pictures as pixels: an SVG rendered to PNG by `resvg` (pure Rust, on `tiny-skia`). It
//! needs no display, no GPU and no system fonts — the window's own font (Ubuntu Light from
//! egui) is embedded, so a picture looks the same on every machine and in CI.

use std::path::Path;
use std::sync::{Arc, OnceLock};

use crate::error::{Error, Result};
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
    render_on(svg, None)
}

/// Renders an SVG onto a ground of `ground` (transparent when `None`).
fn render_on(
    svg: &str,
    ground: Option<resvg::tiny_skia::Color>,
) -> Result<resvg::tiny_skia::Pixmap> {
    let options = resvg::usvg::Options {
        font_family: "Ubuntu".to_owned(),
        fontdb: fonts(),
        ..resvg::usvg::Options::default()
    };
    let invalid = |why: String| Error::Picture { why };
    let tree = resvg::usvg::Tree::from_str(svg, &options).map_err(|e| invalid(e.to_string()))?;
    let size = tree.size().to_int_size();
    let mut pixmap = resvg::tiny_skia::Pixmap::new(size.width(), size.height())
        .ok_or_else(|| invalid(t!("figure.error.size").to_owned()))?;
    if let Some(ground) = ground {
        pixmap.fill(ground);
    }
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::identity(),
        &mut pixmap.as_mut(),
    );
    Ok(pixmap)
}

/// Renders an SVG to PNG bytes (transparent where it draws nothing).
pub fn png(svg: &str) -> Result<Vec<u8>> {
    encode(&render(svg)?).map_err(|e| Error::Picture { why: e.to_string() })
}

/// Renders an SVG to PNG bytes on white, for a page (the Word report): opaque pictures
/// need no alpha channel and are smaller.
pub fn png_on_white(svg: &str) -> Result<Vec<u8>> {
    encode(&render_on(svg, Some(resvg::tiny_skia::Color::WHITE))?)
        .map_err(|e| Error::Picture { why: e.to_string() })
}

/// Encodes pixels as a small PNG, losslessly: with a palette when they hold at most 256
/// colours (a map or a bar chart often does, antialiasing included), else as RGBA with the
/// filter chosen row by row — tiny-skia's own encoder writes RGBA with one filter for
/// every row, 2.5 times the size (the demo's Word report: 8.3 MB against 3.3 MB, its
/// pictures drawn on white).
pub fn encode(
    pixmap: &resvg::tiny_skia::Pixmap,
) -> std::result::Result<Vec<u8>, png::EncodingError> {
    let data = pixmap.data();
    let opaque = data.chunks_exact(4).all(|p| p[3] == 255);
    // Premultiplied is straight where every pixel is opaque (the figures' white ground).
    let straight: std::borrow::Cow<'_, [u8]> = if opaque {
        std::borrow::Cow::Borrowed(data)
    } else {
        std::borrow::Cow::Owned(straight(pixmap))
    };
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, pixmap.width(), pixmap.height());
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Default);
    let indexed = palette_of(&straight);
    let data: &[u8] = if let Some((colours, indices)) = &indexed {
        encoder.set_color(png::ColorType::Indexed);
        encoder.set_palette(
            colours
                .iter()
                .flat_map(|c| [c[0], c[1], c[2]])
                .collect::<Vec<u8>>(),
        );
        if !opaque {
            encoder.set_trns(colours.iter().map(|c| c[3]).collect::<Vec<u8>>());
        }
        indices
    } else {
        encoder.set_color(png::ColorType::Rgba);
        encoder.set_adaptive_filter(png::AdaptiveFilterType::Adaptive);
        &straight
    };
    let mut writer = encoder.write_header()?;
    writer.write_image_data(data)?;
    writer.finish()?;
    Ok(out)
}

/// The pixels as straight (not premultiplied) RGBA bytes.
fn straight(pixmap: &resvg::tiny_skia::Pixmap) -> Vec<u8> {
    pixmap
        .pixels()
        .iter()
        .flat_map(|p| {
            let c = p.demultiply();
            [c.red(), c.green(), c.blue(), c.alpha()]
        })
        .collect()
}

/// RGBA bytes as a palette of at most 256 colours and an index per pixel; `None` when they
/// hold more colours.
fn palette_of(rgba: &[u8]) -> Option<(Vec<[u8; 4]>, Vec<u8>)> {
    let mut colours: Vec<[u8; 4]> = Vec::new();
    let mut lookup: std::collections::HashMap<[u8; 4], u8> = std::collections::HashMap::new();
    let mut indices = Vec::with_capacity(rgba.len() / 4);
    // Runs of one colour are the rule (the ground, bars, areas): look up where it changes.
    let mut last: Option<(&[u8], u8)> = None;
    for pixel in rgba.chunks_exact(4) {
        let index = match last {
            Some((colour, index)) if colour == pixel => index,
            _ => {
                let colour = [pixel[0], pixel[1], pixel[2], pixel[3]];
                let index = if let Some(index) = lookup.get(&colour) {
                    *index
                } else {
                    let index = u8::try_from(colours.len()).ok()?;
                    colours.push(colour);
                    lookup.insert(colour, index);
                    index
                };
                last = Some((pixel, index));
                index
            }
        };
        indices.push(index);
    }
    Some((colours, indices))
}

/// Writes bytes to a file beside `out`, then renames it into place — never onto a
/// project or over a link (see [`crate::store::output`]).
pub fn write_beside(out: &Path, bytes: &[u8]) -> Result<()> {
    Ok(crate::store::output::write(out, bytes)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Decodes a PNG to straight RGBA and says how it was stored.
    fn decode(bytes: &[u8]) -> (png::ColorType, Vec<u8>) {
        let mut decoder = png::Decoder::new(bytes);
        decoder.set_transformations(png::Transformations::EXPAND);
        let mut reader = decoder.read_info().unwrap();
        let stored = reader.info().color_type;
        let mut pixels = vec![0; reader.output_buffer_size()];
        let info = reader.next_frame(&mut pixels).unwrap();
        pixels.truncate(info.buffer_size());
        if info.color_type == png::ColorType::Rgb {
            pixels = pixels
                .chunks_exact(3)
                .flat_map(|p| [p[0], p[1], p[2], 255])
                .collect();
        }
        (stored, pixels)
    }

    /// Few colours go into a palette (transparency kept), many stay RGBA; both decode to
    /// exactly the pixels drawn.
    #[test]
    fn pictures_are_encoded_small_and_without_loss() {
        let few = render(
            r##"<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20">
                <rect width="20" height="20" fill="#2e9d4f"/>
                <circle cx="30" cy="10" r="8" fill="#d03c30" fill-opacity="0.5"/></svg>"##,
        )
        .unwrap();
        let encoded = encode(&few).unwrap();
        let (stored, pixels) = decode(&encoded);
        assert_eq!(stored, png::ColorType::Indexed);
        assert_eq!(pixels, straight(&few));
        assert!(
            pixels.chunks_exact(4).any(|p| p[3] == 0),
            "transparent ground"
        );

        let mut many = resvg::tiny_skia::Pixmap::new(40, 40).unwrap();
        for (n, pixel) in many.pixels_mut().iter_mut().enumerate() {
            // 1,600 colours.
            let [low, high] = u16::try_from(n).unwrap().to_le_bytes();
            *pixel =
                resvg::tiny_skia::ColorU8::from_rgba(low, high * 40, 255 - low, 255).premultiply();
        }
        let (stored, pixels) = decode(&encode(&many).unwrap());
        assert_eq!(stored, png::ColorType::Rgba);
        assert_eq!(pixels, straight(&many));

        // On white, a page's picture is opaque.
        let white = png_on_white(
            r##"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">
                <circle cx="5" cy="5" r="3" fill="#000"/></svg>"##,
        )
        .unwrap();
        assert!(decode(&white).1.chunks_exact(4).all(|p| p[3] == 255));
    }
}
