//! The report as an editable Word document (`.docx`, opens in Word and LibreOffice): the
//! blocks of `model` as Word's own heading styles (so the navigation pane and a generated
//! table of contents work), charts and maps as pictures at print resolution with their
//! captions, data and measure tables as Word tables, sources and symbol legends as
//! footnotes. A4 portrait, page numbers in the footer, the title in the header.

use docx_rs::{
    AlignmentType, BreakType, Docx, FieldCharType, Footer, Footnote, Header, Hyperlink,
    HyperlinkType, InstrPAGEREF, InstrText, LineSpacing, PageMargin, PageNum, Paragraph, Pic, Run,
    RunFonts, Shading, Style, StyleType, Tab, TabLeaderType, TabValueType, Table, TableCell,
    TableCellMargins, TableRow, VertAlignType, WidthType,
};

use super::model::{Block, Cell, Section};
use crate::error::{Error, Result};
use crate::render::plain;
use crate::t;

/// A4 in twentieths of a point.
const PAGE: (u32, u32) = (11_906, 16_838);
/// 20 mm margins; the text is 170 mm wide.
const MARGIN: i32 = 1_134;
const TEXT_WIDTH_TWIPS: usize = 9_638;
/// 170 mm in EMU, the width of a picture.
const TEXT_WIDTH_EMU: f64 = 6_120_000.0;
/// Pixels per SVG unit when a picture is rendered for print (a 760-wide chart becomes
/// 1,520 pixels over 170 mm: about 230 dpi, and a demo report of about 8 MB to send).
const PRINT_SCALE: f64 = 2.0;

/// One part of the document body, in order.
enum Item {
    Paragraph(Box<Paragraph>),
    Table(Box<Table>),
}

/// The body as it is written, block by block.
struct Writer<'a> {
    blocks: &'a [Block],
    items: Vec<Item>,
    /// Each contents entry's anchor and its bookmark's number ("_Toc1" …).
    bookmarks: std::collections::HashMap<&'a str, usize>,
    /// The paragraph a note becomes a footnote of: the last heading or caption.
    anchor: Option<usize>,
    /// Notes already given as footnotes for this indicator: a source is cited once.
    cited: Vec<String>,
    /// The last heading was the lead goal's: the first chapter stays on its page.
    after_lead: bool,
}

/// The document as `.docx` bytes.
pub(super) fn render(blocks: &[Block], title: &str) -> Result<Vec<u8>> {
    let bookmarks = blocks
        .iter()
        .find_map(|b| match b {
            Block::Contents(entries) => Some(entries),
            _ => None,
        })
        .into_iter()
        .flatten()
        .enumerate()
        .map(|(n, (_, _, anchor))| (anchor.as_str(), n + 1))
        .collect();
    let mut writer = Writer {
        blocks,
        items: Vec::new(),
        bookmarks,
        anchor: None,
        cited: Vec::new(),
        after_lead: false,
    };
    for block in blocks {
        writer.block(block)?;
    }
    let mut docx = styles(Docx::new())
        .page_size(PAGE.0, PAGE.1)
        .page_margin(PageMargin {
            top: MARGIN,
            left: MARGIN,
            bottom: MARGIN,
            right: MARGIN,
            header: 567,
            footer: 567,
            gutter: 0,
        })
        .header(Header::new().add_paragraph(text_paragraph(title, "Muted")))
        .footer(
            Footer::new().add_paragraph(
                Paragraph::new()
                    .align(AlignmentType::Center)
                    .add_page_num(PageNum::new()),
            ),
        )
        .default_fonts(RunFonts::new().ascii("Calibri").hi_ansi("Calibri"))
        .default_size(21);
    for item in writer.items {
        docx = match item {
            Item::Paragraph(p) => docx.add_paragraph(*p),
            Item::Table(t) => docx.add_table(*t),
        };
    }
    let mut bytes = std::io::Cursor::new(Vec::new());
    docx.build().pack(&mut bytes).map_err(|e| Error::Document {
        format: "docx",
        why: e.to_string(),
    })?;
    let language = match crate::i18n::lang() {
        crate::i18n::Lang::De => "de-DE",
        crate::i18n::Lang::En => "en-GB",
    };
    super::docx_package::finish(
        &bytes.into_inner(),
        &super::docx_package::Finish {
            language,
            descriptions: &super::alternative::figure_descriptions(blocks),
        },
    )
    .map_err(|e| Error::Document {
        format: "docx",
        why: e.to_string(),
    })
}

impl Writer<'_> {
    fn push(&mut self, paragraph: Paragraph) {
        self.items.push(Item::Paragraph(Box::new(paragraph)));
    }

    /// Adds a paragraph that later notes attach to as footnotes.
    fn push_anchor(&mut self, paragraph: Paragraph) {
        self.push(paragraph);
        self.anchor = Some(self.items.len() - 1);
    }

    fn block(&mut self, block: &Block) -> Result<()> {
        match block {
            Block::Title {
                kind,
                name,
                municipality,
                description,
                date,
                authors,
            } => {
                self.push(text_paragraph(kind, "Muted"));
                self.push(text_paragraph(name, "Title"));
                for line in [municipality, description, date, authors] {
                    if !line.is_empty() {
                        self.push(text_paragraph(line, "Normal"));
                    }
                }
            }
            Block::Contents(entries) => self.contents(entries),
            Block::Open {
                section,
                title,
                anchor,
            } => self.heading(*section, title, anchor),
            Block::Close => {}
            Block::Indicator { name } | Block::Subheading(name) => {
                if matches!(block, Block::Indicator { .. }) {
                    self.cited.clear();
                }
                self.push_anchor(text_paragraph(name, "Heading3").keep_next(true));
            }
            Block::Status { status, text } => {
                let colour = crate::render::palette::status(*status).trim_start_matches('#');
                self.push(
                    Paragraph::new()
                        .style("Normal")
                        .add_run(
                            Run::new()
                                .add_text(status.label())
                                .bold()
                                .color(colour.to_owned()),
                        )
                        .add_run(Run::new().add_text(plain(&format!(" · {text}")))),
                );
            }
            Block::Text(text) => self.push(text_paragraph(text, "Normal")),
            Block::Muted(text) => self.push(text_paragraph(text, "Muted")),
            Block::Note(text) => self.note(text),
            Block::Figure {
                svg,
                caption,
                source,
                ..
            } => {
                self.push(picture(svg)?);
                let mut caption = text_paragraph(caption, "Caption");
                if !source.is_empty() && !self.cited.contains(source) {
                    self.cited.push(source.clone());
                    caption = caption.add_run(footnote(source));
                }
                self.push(caption);
            }
            Block::Table {
                caption,
                header,
                rows,
            } => {
                if let Some(caption) = caption {
                    self.push_anchor(text_paragraph(caption, "Caption").keep_next(true));
                }
                self.items.push(Item::Table(Box::new(table(header, rows))));
            }
            Block::List(list) => {
                for item in list {
                    self.push(text_paragraph(&format!("•\u{a0}{item}"), "Normal"));
                }
            }
        }
        Ok(())
    }

    /// The contents on a page of their own: a line per entry with its page.
    fn contents(&mut self, entries: &[(usize, String, String)]) {
        self.push(text_paragraph(t!("report.contents"), "ContentsHeading").page_break_before(true));
        // Each line with the page of its heading (a PAGEREF field to the heading's
        // bookmark, which Word and LibreOffice fill in); the headings' styles also let Word
        // insert its own table of contents.
        for (n, (level, text, _)) in entries.iter().enumerate() {
            self.push(contents_line(*level, text, n + 1));
        }
        // The body starts on a page of its own: chapters break by themselves, the lead goal
        // needs a break here.
        let first = self
            .blocks
            .iter()
            .skip_while(|b| !matches!(b, Block::Contents(_)))
            .nth(1);
        if matches!(
            first,
            Some(Block::Open {
                section: Section::Lead,
                ..
            })
        ) {
            self.push(Paragraph::new().add_run(Run::new().add_break(BreakType::Page)));
        }
    }

    /// A goal's or chapter's heading, with the bookmark the contents link to; a chapter
    /// starts a page, except the first one after the lead goal.
    fn heading(&mut self, section: Section, title: &str, anchor: &str) {
        let (style, page) = match section {
            Section::Lead => ("Heading1", false),
            Section::Chapter => ("Heading1", !self.after_lead),
            Section::Goal | Section::Sub => ("Heading2", false),
        };
        self.after_lead = section == Section::Lead;
        let mut paragraph = text_paragraph(title, style)
            .page_break_before(page)
            .keep_next(true);
        if let Some(&n) = self.bookmarks.get(anchor) {
            paragraph = paragraph
                .add_bookmark_start(n, format!("_Toc{n}"))
                .add_bookmark_end(n);
        }
        self.push_anchor(paragraph);
    }

    /// A note (a source, the symbols) as a footnote of the last heading or caption.
    fn note(&mut self, text: &str) {
        if self.cited.iter().any(|c| c == text) {
            return;
        }
        match self.anchor.and_then(|n| self.items.get_mut(n)) {
            Some(Item::Paragraph(paragraph)) => {
                let taken = std::mem::replace(paragraph.as_mut(), Paragraph::new());
                **paragraph = taken.add_run(footnote(text));
                self.cited.push(text.to_owned());
            }
            _ => self.push(text_paragraph(text, "Note")),
        }
    }
}

/// A line of the contents: the heading's text, a dotted tab, its page.
fn contents_line(level: usize, text: &str, bookmark: usize) -> Paragraph {
    let key = format!("_Toc{bookmark}");
    Paragraph::new()
        .style(&format!("TOC{}", level.min(8) + 1))
        .add_tab(
            Tab::new()
                .val(TabValueType::Right)
                .leader(TabLeaderType::Dot)
                .pos(TEXT_WIDTH_TWIPS),
        )
        .add_hyperlink(
            Hyperlink::new(&key, HyperlinkType::Anchor)
                .add_run(Run::new().add_text(plain(text)))
                .add_run(Run::new().add_tab())
                .add_run(
                    Run::new()
                        .add_field_char(FieldCharType::Begin, true)
                        .add_instr_text(InstrText::PAGEREF(InstrPAGEREF::new(&key).hyperlink()))
                        .add_field_char(FieldCharType::Separate, false)
                        .add_text("")
                        .add_field_char(FieldCharType::End, false),
                ),
        )
}

fn text_paragraph(text: &str, style: &str) -> Paragraph {
    Paragraph::new()
        .style(style)
        .add_run(Run::new().add_text(plain(text)))
}

/// A footnote mark whose note says `text`.
fn footnote(text: &str) -> Run {
    let mut note = Footnote::new();
    let note = note.add_content(text_paragraph(text, "FootnoteText"));
    Run::new().add_footnote_reference(note)
}

/// An SVG as a picture across the text width, rendered at print resolution.
fn picture(svg: &str) -> Result<Paragraph> {
    let (width, height) = view_box(svg).unwrap_or((760.0, 300.0));
    let (w, h) = (
        (width * PRINT_SCALE).round() as u32,
        (height * PRINT_SCALE).round() as u32,
    );
    let sized = svg.replacen("<svg ", &format!(r#"<svg width="{w}" height="{h}" "#), 1);
    let png = crate::render::raster::png_on_white(&sized)?;
    // Tall pictures (maps) no wider than their height allows on a page's lower half.
    let emu_width = TEXT_WIDTH_EMU.min(5_400_000.0 * width / height);
    let emu_height = emu_width * height / width;
    Ok(Paragraph::new()
        .align(AlignmentType::Center)
        .keep_next(true)
        .add_run(Run::new().add_image(
            Pic::new_with_dimensions(png, w, h).size(emu_width as u32, emu_height as u32),
        )))
}

/// The `viewBox` width and height of an SVG's root.
fn view_box(svg: &str) -> Option<(f64, f64)> {
    let start = svg.find("viewBox=\"")? + 9;
    let end = start + svg[start..].find('"')?;
    let numbers: Vec<f64> = svg[start..end]
        .split_whitespace()
        .filter_map(|n| n.parse().ok())
        .collect();
    match numbers.as_slice() {
        [_, _, w, h] if *w > 0.0 && *h > 0.0 => Some((*w, *h)),
        _ => None,
    }
}

fn table(header: &[String], rows: &[Vec<Cell>]) -> Table {
    let columns = header.len().max(1);
    // A wide first column for names, the rest shared.
    let first = if columns > 8 {
        TEXT_WIDTH_TWIPS / 7
    } else if columns > 4 {
        TEXT_WIDTH_TWIPS / 5
    } else {
        TEXT_WIDTH_TWIPS / columns
    };
    let rest = (TEXT_WIDTH_TWIPS - first) / (columns - 1).max(1);
    let grid: Vec<usize> = std::iter::once(first)
        .chain(std::iter::repeat_n(rest, columns - 1))
        .collect();
    // Many columns (a region per row, a period per column): small type, narrow margins.
    let small = columns > 8;
    let cell = |text: &str, numeric: bool, strong: bool, span: usize, head: bool| {
        let mut run = Run::new().add_text(plain(text));
        if strong || head {
            run = run.bold();
        }
        if small {
            run = run.size(14);
        }
        let paragraph = Paragraph::new()
            .style("TableText")
            .align(if numeric {
                AlignmentType::Right
            } else {
                AlignmentType::Left
            })
            .add_run(run);
        let mut cell = TableCell::new().add_paragraph(paragraph);
        if span > 1 {
            cell = cell.grid_span(span);
        }
        if head {
            cell = cell.shading(Shading::new().fill("E8EDF2"));
        }
        cell
    };
    let head = TableRow::new(
        header
            .iter()
            .enumerate()
            .map(|(n, h)| cell(h, n > 0 && columns > 4, true, 1, true))
            .collect(),
    )
    .cant_split();
    let body = rows.iter().map(|row| {
        TableRow::new(
            row.iter()
                .map(|c| cell(&c.text, c.numeric, c.strong, c.span, false))
                .collect(),
        )
        .cant_split()
    });
    let margin = if small { 30 } else { 80 };
    Table::new(std::iter::once(head).chain(body).collect())
        .set_grid(grid)
        .width(TEXT_WIDTH_TWIPS, WidthType::Dxa)
        .margins(TableCellMargins::new().margin(20, margin, 20, margin))
}

/// Word's own style names, so headings appear in the navigation pane and the contents.
fn styles(docx: Docx) -> Docx {
    let heading = |id: &str, name: &str, level: usize, size: usize| {
        Style::new(id, StyleType::Paragraph)
            .name(name)
            .based_on("Normal")
            .next("Normal")
            .q_format(true)
            .outline_lvl(level)
            .size(size)
            .bold()
            .color("1F4E79")
            .line_spacing(LineSpacing::new().before(240).after(80))
    };
    let mut reference = Style::new("FootnoteReference", StyleType::Character)
        .name("footnote reference")
        .based_on("DefaultParagraphFont");
    reference.run_property = reference
        .run_property
        .vert_align(VertAlignType::SuperScript);
    docx.add_style(
        Style::new("Normal", StyleType::Paragraph)
            .name("Normal")
            .q_format(true)
            .line_spacing(LineSpacing::new().after(100)),
    )
    .add_style(
        Style::new("Title", StyleType::Paragraph)
            .name("Title")
            .based_on("Normal")
            .q_format(true)
            .size(56),
    )
    .add_style(heading("Heading1", "heading 1", 0, 32))
    .add_style(heading("Heading2", "heading 2", 1, 26))
    .add_style(heading("Heading3", "heading 3", 2, 22))
    .add_style(
        Style::new("ContentsHeading", StyleType::Paragraph)
            .name("TOC Heading")
            .based_on("Normal")
            .size(32)
            .bold()
            .color("1F4E79"),
    )
    .add_style(
        Style::new("Caption", StyleType::Paragraph)
            .name("caption")
            .based_on("Normal")
            .q_format(true)
            .size(18)
            .italic(),
    )
    .add_style(
        Style::new("Muted", StyleType::Paragraph)
            .name("Lernstadt muted")
            .based_on("Normal")
            .size(18)
            .color("666666"),
    )
    .add_style(
        Style::new("Note", StyleType::Paragraph)
            .name("Lernstadt note")
            .based_on("Normal")
            .size(16)
            .color("444444"),
    )
    .add_style(
        Style::new("TableText", StyleType::Paragraph)
            .name("Lernstadt table text")
            .based_on("Normal")
            .size(17)
            .line_spacing(LineSpacing::new().after(0)),
    )
    .add_style(
        Style::new("FootnoteText", StyleType::Paragraph)
            .name("footnote text")
            .based_on("Normal")
            .size(16),
    )
    .add_style(reference)
    .add_style(toc(1))
    .add_style(toc(2))
    .add_style(toc(3))
    .add_style(toc(4))
}

/// Word's "toc N" style: indented by level.
fn toc(level: usize) -> Style {
    Style::new(format!("TOC{level}"), StyleType::Paragraph)
        .name(format!("toc {level}"))
        .based_on("Normal")
        .indent(Some(((level - 1) * 360) as i32), None, None, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_view_box_gives_a_pictures_proportions() {
        assert_eq!(
            view_box(r#"<svg class="chart" viewBox="0 0 760 300">"#),
            Some((760.0, 300.0))
        );
        assert_eq!(view_box("<svg>"), None);
    }
}
