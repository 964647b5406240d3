//! The report as one self-contained HTML page: the blocks of `model` laid out with the
//! style sheet `report.css` (screen and A4 print), charts and maps inline as SVG.

use std::fmt::Write as _;

use super::model::{Block, Cell, Section};
use crate::i18n::{self, Lang};
use crate::render::esc;
use crate::t;

/// The report's style sheet, for the screen and for print (A4 portrait).
const CSS: &str = include_str!("report.css");

/// Today, as the report writes dates.
pub(super) fn today_text() -> String {
    let today = chrono::Local::now().date_naive();
    match i18n::lang() {
        Lang::De => today.format("%d.%m.%Y").to_string(),
        Lang::En => today.format("%-d %B %Y").to_string(),
    }
}

/// Text made safe inside a CSS string: backslashes, quotes and line breaks escaped, and
/// nothing that could close the style element.
fn css_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '\\' | '"' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push_str("\\A "),
            '<' => out.push_str("\\3C "),
            '>' => out.push_str("\\3E "),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The page: head with the running header, then every block.
pub(super) fn render(blocks: &[Block], title: &str) -> String {
    let mut html = String::with_capacity(1 << 20);
    let _ = write!(
        html,
        "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"/><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/><title>{}</title><style>{CSS}@page {{ @top-left {{ content: {}; font: 9pt Arial, sans-serif; color: #666; }} }}</style></head><body>",
        i18n::lang().code(),
        esc(title),
        css_string(title)
    );
    // A `<div>` around an indicator or the measures, closed before the next part.
    let mut open_div = false;
    let close_div = |html: &mut String, open: &mut bool| {
        if std::mem::take(open) {
            html.push_str("</div>");
        }
    };
    let mut descriptions = super::alternative::figure_descriptions(blocks).into_iter();
    for block in blocks {
        match block {
            Block::Title {
                kind,
                name,
                municipality,
                description,
                date,
                authors,
            } => {
                let _ = write!(
                    html,
                    "<section class=\"title\"><p class=\"muted kind\">{}</p><h1>{}</h1><p>{}</p>",
                    esc(kind),
                    esc(name),
                    esc(municipality)
                );
                if !description.is_empty() {
                    let _ = write!(html, "<p>{}</p>", esc(description));
                }
                let _ = write!(
                    html,
                    "<div class=\"imprint\"><p class=\"muted\">{}</p>",
                    esc(date)
                );
                if !authors.is_empty() {
                    let _ = write!(html, "<p class=\"muted\">{}</p>", esc(authors));
                }
                html.push_str("</div></section>");
            }
            Block::Contents(entries) => {
                let _ = write!(html, "<nav><h2>{}</h2><ol>", esc(t!("report.contents")));
                for (level, text, anchor) in entries {
                    let _ = if *level == 0 {
                        write!(
                            html,
                            "<li class=\"chapter\"><a href=\"#{anchor}\">{}</a></li>",
                            esc(text)
                        )
                    } else {
                        write!(
                            html,
                            "<li style=\"margin-left:{}rem\"><a href=\"#{anchor}\">{}</a></li>",
                            level * 2,
                            esc(text)
                        )
                    };
                }
                html.push_str("</ol></nav>");
            }
            Block::Open {
                section,
                anchor,
                title,
            } => {
                close_div(&mut html, &mut open_div);
                let class = match section {
                    Section::Lead => "goal lead",
                    Section::Chapter => "goal chapter",
                    Section::Goal => "goal",
                    Section::Sub => "goal sub",
                };
                let _ = write!(
                    html,
                    "<section class=\"{class}\" id=\"{anchor}\"><h2>{}</h2>",
                    esc(title)
                );
            }
            Block::Close => {
                close_div(&mut html, &mut open_div);
                html.push_str("</section>");
            }
            Block::Indicator { name } => {
                close_div(&mut html, &mut open_div);
                open_div = true;
                let _ = write!(html, "<div class=\"indicator\"><h3>{}</h3>", esc(name));
            }
            Block::Status { status, text } => {
                let _ = write!(
                    html,
                    "<p><span class=\"status {}\">{}</span> {}</p>",
                    status.code(),
                    esc(status.label()),
                    esc(text)
                );
            }
            Block::Text(text) => {
                let _ = write!(html, "<p>{}</p>", esc(text));
            }
            Block::Muted(text) => {
                let _ = write!(html, "<p class=\"muted\">{}</p>", esc(text));
            }
            Block::Note(text) => {
                let _ = write!(html, "<p class=\"legend\">{}</p>", esc(text));
            }
            Block::Subheading(text) => {
                close_div(&mut html, &mut open_div);
                open_div = true;
                let _ = write!(html, "<div class=\"measures\"><h3>{}</h3>", esc(text));
            }
            Block::Figure {
                kind,
                svg,
                caption,
                source,
            } => figure(
                &mut html,
                kind.class(),
                &accessible_svg(svg, caption, &descriptions.next().unwrap_or_default()),
                caption,
                source,
            ),
            Block::Table {
                caption,
                header,
                rows,
            } => table(&mut html, caption.as_deref(), header, rows),
            Block::List(items) => {
                html.push_str("<ul>");
                for item in items {
                    let _ = write!(html, "<li>{}</li>", esc(item));
                }
                html.push_str("</ul>");
            }
        }
    }
    close_div(&mut html, &mut open_div);
    let _ = writeln!(
        html,
        "<footer>{}</footer></body></html>",
        esc(&t!("report.footer", date = today_text()))
    );
    html
}

/// A chart or map with its caption and source.
fn figure(html: &mut String, class: &str, svg: &str, caption: &str, source: &str) {
    let _ = write!(
        html,
        "<figure class=\"{class}\">{svg}<figcaption>{}{}{}</figcaption></figure>",
        esc(caption),
        if source.is_empty() { "" } else { " " },
        esc(source)
    );
}

/// A figure's SVG as a screen reader should meet it: an image (`role="img"`) named by its
/// `<title>` (the caption where the drawing has none) and described by a `<desc>` — what it
/// shows and where its numbers are.
fn accessible_svg(svg: &str, caption: &str, description: &str) -> String {
    let Some(root) = svg.find("<svg") else {
        return svg.to_owned();
    };
    let Some(end) = svg[root..].find('>').map(|e| root + e) else {
        return svg.to_owned();
    };
    let tag = &svg[root..end];
    if tag.ends_with('/') {
        return svg.to_owned();
    }
    let mut out = String::with_capacity(svg.len() + caption.len() + description.len() + 48);
    out.push_str(&svg[..root]);
    out.push_str(tag);
    if !tag.contains(" role=") {
        out.push_str(" role=\"img\"");
    }
    out.push('>');
    let mut rest = &svg[end + 1..];
    match rest
        .strip_prefix("<title>")
        .and_then(|title| title.find("</title>"))
    {
        Some(length) => {
            let title_end = "<title>".len() + length + "</title>".len();
            out.push_str(&rest[..title_end]);
            rest = &rest[title_end..];
        }
        None => {
            let _ = write!(out, "<title>{}</title>", esc(caption));
        }
    }
    if !rest.starts_with("<desc>") {
        let _ = write!(out, "<desc>{}</desc>", esc(description));
    }
    out.push_str(rest);
    out
}

fn table(html: &mut String, caption: Option<&str>, header: &[String], rows: &[Vec<Cell>]) {
    html.push_str("<div class=\"table-wrap\"><table>");
    if let Some(caption) = caption {
        let _ = write!(html, "<caption>{}</caption>", esc(caption));
    }
    html.push_str("<thead><tr>");
    for cell in header {
        let _ = write!(html, "<th scope=\"col\">{}</th>", esc(cell));
    }
    html.push_str("</tr></thead><tbody>");
    for row in rows {
        html.push_str("<tr>");
        for cell in row {
            // A row's heading (the region) is a header cell for its row.
            let tag = if cell.strong && !cell.numeric {
                "th scope=\"row\""
            } else {
                "td"
            };
            let class = if cell.numeric { " class=\"n\"" } else { "" };
            let span = if cell.span > 1 {
                format!(" colspan=\"{}\"", cell.span)
            } else {
                String::new()
            };
            let text = if cell.strong && cell.numeric {
                format!("<b>{}</b>", esc(&cell.text))
            } else {
                esc(&cell.text)
            };
            let close = &tag[..2];
            let _ = write!(html, "<{tag}{class}{span}>{text}</{close}>");
        }
        html.push_str("</tr>");
    }
    html.push_str("</tbody></table></div>");
}

#[cfg(test)]
mod tests {
    use super::css_string;

    #[test]
    fn a_figure_is_an_image_with_a_title_and_a_description() {
        assert_eq!(
            super::accessible_svg(
                r#"<svg viewBox="0 0 9 9"><path d="M0 0"/></svg>"#,
                "Karte <2023>",
                "Kita & Hort"
            ),
            r#"<svg viewBox="0 0 9 9" role="img"><title>Karte &lt;2023&gt;</title><desc>Kita &amp; Hort</desc><path d="M0 0"/></svg>"#
        );
        assert_eq!(
            super::accessible_svg(
                r#"<svg role="img" aria-label="A"><title>A</title><g/></svg>"#,
                "B",
                "C"
            ),
            r#"<svg role="img" aria-label="A"><title>A</title><desc>C</desc><g/></svg>"#
        );
    }

    #[test]
    fn a_css_string_cannot_end_early_or_close_the_style() {
        assert_eq!(css_string("Kita \"Nord\""), r#""Kita \"Nord\"""#);
        assert_eq!(css_string(r"a\b"), r#""a\\b""#);
        assert_eq!(css_string("x</style>"), r#""x\3C /style\3E ""#);
        assert_eq!(css_string("eins\nzwei"), r#""eins\A zwei""#);
    }
}
