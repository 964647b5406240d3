//! The text alternative of each figure of the report (BITV 2.0, EN 301 549): what a screen
//! reader says instead of the picture — what it shows, and where its numbers are.

use super::model::Block;
use crate::t;

/// Each figure's text alternative, in the order the figures stand: its caption, what the
/// drawing's own label (the `<svg>` root's `aria-label`) adds to it, and, where a table
/// follows the figure before the next indicator or section, that the numbers are there.
pub(super) fn figure_descriptions(blocks: &[Block]) -> Vec<String> {
    blocks
        .iter()
        .enumerate()
        .filter_map(|(at, block)| match block {
            Block::Figure { svg, caption, .. } => {
                let mut text = match label(svg).filter(|l| !l.is_empty() && l != caption) {
                    Some(label) => format!("{caption}: {label}"),
                    None => caption.clone(),
                };
                if table_follows(&blocks[at + 1..]) {
                    text.push_str(". ");
                    text.push_str(t!("report.figure.numbers_below"));
                }
                Some(text)
            }
            _ => None,
        })
        .collect()
}

/// Whether a table comes before the next indicator or section (a chart and a map of one
/// indicator share the table that follows them).
fn table_follows(rest: &[Block]) -> bool {
    for block in rest {
        match block {
            Block::Table { .. } => return true,
            Block::Indicator { .. } | Block::Open { .. } | Block::Close | Block::Subheading(_) => {
                return false;
            }
            _ => {}
        }
    }
    false
}

/// The `aria-label` of an SVG's root, its entities resolved.
fn label(svg: &str) -> Option<String> {
    let root = svg.find("<svg")?;
    let tag = &svg[root..root + svg[root..].find('>')?];
    let start = tag.find("aria-label=\"")? + "aria-label=\"".len();
    let end = start + tag[start..].find('"')?;
    Some(
        tag[start..end]
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&amp;", "&"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::model::{Cell, FigureKind};

    fn figure(svg: &str, caption: &str) -> Block {
        Block::Figure {
            kind: FigureKind::Chart,
            svg: svg.to_owned(),
            caption: caption.to_owned(),
            source: String::new(),
        }
    }

    #[test]
    fn a_figure_is_described_by_its_caption_its_label_and_its_table() {
        crate::i18n::set_thread_lang(crate::i18n::Lang::En);
        let blocks = [
            figure(
                r#"<svg role="img" aria-label="Kita &amp; Hort"><title>x</title></svg>"#,
                "Betreuung 2015–2023",
            ),
            Block::Text("…".into()),
            Block::Table {
                caption: None,
                header: vec![],
                rows: vec![vec![Cell {
                    text: "1".into(),
                    numeric: true,
                    strong: false,
                    span: 1,
                }]],
            },
            figure(r#"<svg aria-label="Karte">"#, "Karte"),
            Block::Indicator { name: "B".into() },
            figure("<svg>", "Balken"),
            figure("<svg>", "Karte 2"),
            Block::Table {
                caption: None,
                header: vec![],
                rows: vec![],
            },
        ];
        assert_eq!(
            figure_descriptions(&blocks),
            [
                "Betreuung 2015–2023: Kita & Hort. The numbers are in the table below",
                "Karte",
                "Balken. The numbers are in the table below",
                "Karte 2. The numbers are in the table below",
            ]
        );
    }
}
