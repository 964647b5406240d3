//! What the Word report needs that docx-rs does not write, added to the package it built:
//! header rows Word repeats on every page a table runs onto, each picture's alternative
//! text (what a screen reader says of it) and an id of its own, one `Normal` style marked as
//! the default paragraph style (docx-rs adds a `Normal` of its own beside the report's, so
//! restyling *Standard* in Word missed the body text), and the document's language. The
//! package is copied entry by entry; only `word/document.xml` and `word/styles.xml` are
//! rewritten.

use std::fmt::Write as _;
use std::io::{Read as _, Write as _};

/// What to add.
pub(super) struct Finish<'a> {
    /// The document's language as Word names it (`de-DE`, `en-GB`).
    pub language: &'a str,
    /// Each picture's alternative text, in the order the pictures stand in the document.
    pub descriptions: &'a [String],
}

/// The package with what [`Finish`] names added.
pub(super) fn finish(package: &[u8], finish: &Finish<'_>) -> zip::result::ZipResult<Vec<u8>> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(package))?;
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for index in 0..archive.len() {
        let mut entry = archive.by_index(index)?;
        let rewrite: fn(&str, &Finish<'_>) -> String = match entry.name() {
            "word/document.xml" => {
                |xml, finish| describe_pictures(&mark_header_rows(xml), finish.descriptions)
            }
            "word/styles.xml" => |xml, finish| with_language(&one_normal(xml), finish.language),
            _ => {
                out.raw_copy_file(entry)?;
                continue;
            }
        };
        let mut xml = String::new();
        entry.read_to_string(&mut xml)?;
        let name = entry.name().to_owned();
        drop(entry);
        out.start_file(
            name,
            zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated),
        )?;
        out.write_all(rewrite(&xml, finish).as_bytes())?;
    }
    Ok(out.finish()?.into_inner())
}

/// `document.xml` with `<w:tblHeader />` in the row properties of each table's first row:
/// every table of the report starts with its header row.
fn mark_header_rows(xml: &str) -> String {
    const ROW_PROPERTIES: &str = "<w:trPr>";
    let mut marked = String::with_capacity(xml.len() + 64 * xml.matches("<w:tbl>").count());
    let mut rest = xml;
    while let Some(table) = rest.find("<w:tbl>") {
        let Some(first_row) = rest[table..].find(ROW_PROPERTIES).map(|at| table + at) else {
            break;
        };
        let after = first_row + ROW_PROPERTIES.len();
        marked.push_str(&rest[..after]);
        marked.push_str("<w:tblHeader />");
        rest = &rest[after..];
    }
    marked.push_str(rest);
    marked
}

/// `document.xml` with each picture's `wp:docPr` given its own id (docx-rs numbers every
/// one 1, which Word repairs) and its alternative text (`descr`), in order.
fn describe_pictures(xml: &str, descriptions: &[String]) -> String {
    const PROPERTIES: &str = "<wp:docPr ";
    let mut described =
        String::with_capacity(xml.len() + descriptions.iter().map(|d| d.len() + 40).sum::<usize>());
    let mut rest = xml;
    let mut number = 0_usize;
    while let Some(at) = rest.find(PROPERTIES) {
        let Some(end) = rest[at..].find("/>").map(|e| at + e) else {
            break;
        };
        number += 1;
        described.push_str(&rest[..at]);
        let description = descriptions.get(number - 1).map_or("", String::as_str);
        let _ = write!(
            described,
            r#"<wp:docPr id="{number}" name="Figure {number}" descr="{}" "#,
            xml_escape(description)
        );
        rest = &rest[end..];
    }
    described.push_str(rest);
    described
}

/// `styles.xml` with one `Normal` paragraph style, the report's (the last), marked as the
/// default paragraph style.
fn one_normal(xml: &str) -> String {
    const NORMAL: &str = r#"<w:style w:type="paragraph" w:styleId="Normal">"#;
    let starts: Vec<usize> = xml.match_indices(NORMAL).map(|(at, _)| at).collect();
    let Some((&ours, others)) = starts.split_last() else {
        return xml.to_owned();
    };
    let mut kept = String::with_capacity(xml.len());
    let mut from = 0;
    for &other in others {
        let Some(end) = xml[other..]
            .find("</w:style>")
            .map(|e| other + e + "</w:style>".len())
        else {
            return xml.to_owned();
        };
        kept.push_str(&xml[from..other]);
        from = end;
    }
    kept.push_str(&xml[from..ours]);
    kept.push_str(r#"<w:style w:type="paragraph" w:default="1" w:styleId="Normal">"#);
    kept.push_str(&xml[ours + NORMAL.len()..]);
    kept
}

/// `styles.xml` with the document's language as the default of every run (spelling,
/// hyphenation, and the language a screen reader reads it in).
fn with_language(xml: &str, language: &str) -> String {
    const DEFAULT_RUN: &str = "<w:rPrDefault><w:rPr>";
    let language = xml_escape(language);
    xml.replacen(
        DEFAULT_RUN,
        &format!(
            r#"{DEFAULT_RUN}<w:lang w:val="{language}" w:eastAsia="{language}" w:bidi="ar-SA" />"#
        ),
        1,
    )
}

fn xml_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_row_of_each_table_repeats() {
        let xml = "<w:tbl><w:tr><w:trPr></w:trPr></w:tr><w:tr><w:trPr></w:trPr></w:tr></w:tbl><w:tbl><w:tr><w:trPr></w:trPr></w:tr></w:tbl>";
        let marked = mark_header_rows(xml);
        assert_eq!(marked.matches("<w:tblHeader />").count(), 2);
        assert!(marked.starts_with("<w:tbl><w:tr><w:trPr><w:tblHeader />"));
    }

    #[test]
    fn each_picture_gets_its_id_and_its_description() {
        let xml =
            r#"<a><wp:docPr id="1" name="Figure" /></a><b><wp:docPr id="1" name="Figure" /></b>"#;
        let described = describe_pictures(xml, &["Kita-Quote <2023> \"Nord\"".to_owned()]);
        assert_eq!(
            described,
            r#"<a><wp:docPr id="1" name="Figure 1" descr="Kita-Quote &lt;2023&gt; &quot;Nord&quot;" /></a><b><wp:docPr id="2" name="Figure 2" descr="" /></b>"#
        );
    }

    #[test]
    fn one_normal_style_stays_and_is_the_default() {
        let xml = r#"<w:styles><w:style w:type="paragraph" w:styleId="Normal"><w:name w:val="Normal" /></w:style><w:style w:type="paragraph" w:styleId="Normal"><w:name w:val="Normal" /><w:pPr><w:spacing w:after="100" /></w:pPr></w:style><w:style w:type="paragraph" w:styleId="Title"></w:style></w:styles>"#;
        let one = one_normal(xml);
        assert_eq!(one.matches(r#"w:styleId="Normal""#).count(), 1, "{one}");
        assert!(one.contains(
            r#"<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal" /><w:pPr><w:spacing w:after="100" />"#
        ));
        assert!(one.contains(r#"w:styleId="Title""#));
    }

    #[test]
    fn the_language_is_every_runs_default() {
        let xml = "<w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val=\"21\" /></w:rPr></w:rPrDefault></w:docDefaults>";
        assert!(with_language(xml, "de-DE").contains(
            r#"<w:rPrDefault><w:rPr><w:lang w:val="de-DE" w:eastAsia="de-DE" w:bidi="ar-SA" /><w:sz"#
        ));
    }
}
