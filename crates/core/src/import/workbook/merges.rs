//! The merged cells of an `.xlsx` sheet, found by scanning its XML for `<mergeCell ref=…>`
//! rather than parsing it.
//!
//! The merges stand after all the sheet's cells (`<mergeCells>` follows `<sheetData>`), and
//! the layout of the table needs them before its first row is written; calamine finds them
//! by parsing the whole sheet, which took as long as reading its cells. A raw `<` stands in
//! the XML only before markup (a `<` in a text is written `&lt;`), so looking for the tag's
//! bytes finds the merges and nothing else, at the speed of unzipping. Where the sheet's
//! part cannot be found this way (a workbook laid out unusually), `None` says to ask
//! calamine.

use std::io::Read;
use std::path::Path;

/// Merged areas, 0-based and inclusive: (first row, first column, last row, last column).
pub(super) type Merges = Vec<(u32, u32, u32, u32)>;

/// The merges of sheet `name` of the `.xlsx` at `path`, or `None` where this scan cannot
/// tell (then calamine is asked).
pub(super) fn merges(path: &Path, name: &str) -> Option<Merges> {
    let file = std::fs::File::open(path).ok()?;
    let mut zip = zip::ZipArchive::new(std::io::BufReader::new(file)).ok()?;
    let part = sheet_part(&mut zip, name)?;
    let entry = zip.by_name(&part).ok()?;
    scan(entry).ok()
}

fn read_part<R: Read + std::io::Seek>(zip: &mut zip::ZipArchive<R>, name: &str) -> Option<String> {
    let mut text = String::new();
    zip.by_name(name).ok()?.read_to_string(&mut text).ok()?;
    Some(text)
}

/// The zip path of sheet `name`: `xl/workbook.xml` names it with a relationship id, which
/// `xl/_rels/workbook.xml.rels` resolves.
fn sheet_part<R: Read + std::io::Seek>(zip: &mut zip::ZipArchive<R>, name: &str) -> Option<String> {
    let workbook = read_part(zip, "xl/workbook.xml")?;
    let id = tags(&workbook, "sheet").into_iter().find_map(|tag| {
        (attribute(tag, "name")?.as_ref() == name)
            .then(|| attribute(tag, "r:id"))
            .flatten()
    })?;
    let rels = read_part(zip, "xl/_rels/workbook.xml.rels")?;
    let target = tags(&rels, "Relationship")
        .into_iter()
        .find_map(|tag| (attribute(tag, "Id")? == id).then(|| attribute(tag, "Target"))?)?;
    Some(match target.strip_prefix('/') {
        Some(absolute) => absolute.to_owned(),
        None => format!("xl/{target}"),
    })
}

/// The opening tags named `name` (without a namespace prefix) in `xml`: the text between
/// the name and the tag's `>`.
fn tags<'x>(xml: &'x str, name: &str) -> Vec<&'x str> {
    xml.match_indices(&format!("<{name}"))
        .map(|(at, _)| &xml[at + 1 + name.len()..])
        .filter(|rest| rest.starts_with(|c: char| c.is_ascii_whitespace()))
        .filter_map(|rest| rest.find('>').map(|end| &rest[..end]))
        .collect()
}

/// An attribute's value in a tag's text, its entities read.
fn attribute<'t>(tag: &'t str, name: &str) -> Option<std::borrow::Cow<'t, str>> {
    let mut rest = tag;
    loop {
        let at = rest.find(name)?;
        let before = rest[..at].chars().next_back();
        let after = rest[at + name.len()..].trim_start();
        rest = &rest[at + name.len()..];
        if !before.is_some_and(|c| c.is_ascii_whitespace()) {
            continue;
        }
        let Some(value) = after.strip_prefix('=') else {
            continue;
        };
        let value = value.trim_start();
        let quote = value.chars().next()?;
        if quote != '"' && quote != '\'' {
            return None;
        }
        let value = &value[1..];
        let end = value.find(quote)?;
        return Some(unescape(&value[..end]));
    }
}

fn unescape(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains('&') {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let Some(end) = rest.find(';') else {
            break;
        };
        let entity = &rest[1..end];
        let character = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => entity
                .strip_prefix("#x")
                .map(|hex| u32::from_str_radix(hex, 16))
                .or_else(|| entity.strip_prefix('#').map(str::parse))
                .and_then(Result::ok)
                .and_then(char::from_u32),
        };
        if let Some(c) = character {
            out.push(c);
            rest = &rest[end + 1..];
        } else {
            out.push('&');
            rest = &rest[1..];
        }
    }
    out.push_str(rest);
    std::borrow::Cow::Owned(out)
}

/// How much of the text before a chunk's end is kept for the next: more than a
/// `<mergeCell ref="…"/>` tag's length.
const OVERLAP: usize = 512;

/// Every `<mergeCell ref="A1:B2">` (with or without a namespace prefix) in a sheet's XML.
fn scan(mut xml: impl Read) -> std::io::Result<Merges> {
    let finder = memchr::memmem::Finder::new(b"mergeCell");
    let mut merges = Merges::new();
    let mut buffer = vec![0; 1 << 18];
    let mut filled = 0;
    loop {
        let read = xml.read(&mut buffer[filled..])?;
        let end = filled + read;
        let last = read == 0;
        // Matches whose tag may run past the chunk wait for the next one.
        let complete = if last {
            end
        } else {
            end.saturating_sub(OVERLAP)
        };
        let mut from = 0;
        while let Some(at) = finder.find(&buffer[from..end]).map(|at| from + at) {
            if at >= complete {
                break;
            }
            from = at + 1;
            if let Some(merge) = merge_at(&buffer[..end], at) {
                merges.push(merge);
            }
        }
        if last {
            return Ok(merges);
        }
        // The byte before a match that waits is kept too: it says whether a tag starts.
        let keep = complete.saturating_sub(1);
        buffer.copy_within(keep..end, 0);
        filled = end - keep;
    }
}

/// The merge whose tag name starts at `at` (`mergeCell`, after `<` or a prefix's `:`).
fn merge_at(bytes: &[u8], at: usize) -> Option<(u32, u32, u32, u32)> {
    let before = *bytes.get(at.checked_sub(1)?)?;
    if before != b'<' && before != b':' {
        return None;
    }
    let rest = &bytes[at + "mergeCell".len()..];
    if !rest.first()?.is_ascii_whitespace() {
        return None;
    }
    let end = memchr::memchr(b'>', rest)?;
    let tag = std::str::from_utf8(&rest[..end]).ok()?;
    let reference = attribute(tag, "ref")?;
    let (first, last) = reference
        .split_once(':')
        .unwrap_or((&reference, &reference));
    let (r0, c0) = position(first)?;
    let (r1, c1) = position(last)?;
    Some((r0, c0, r1, c1))
}

/// `F12` as the 0-based (row 11, column 5).
pub(super) fn position(name: &str) -> Option<(u32, u32)> {
    let name = name.trim().replace('$', "");
    let digits = name.find(|c: char| c.is_ascii_digit())?;
    let (letters, number) = name.split_at(digits);
    if letters.is_empty() {
        return None;
    }
    let mut column: u32 = 0;
    for c in letters.bytes() {
        if !c.is_ascii_alphabetic() {
            return None;
        }
        column = column
            .checked_mul(26)?
            .checked_add(u32::from(c.to_ascii_uppercase() - b'A') + 1)?;
    }
    let row: u32 = number.parse().ok()?;
    Some((row.checked_sub(1)?, column - 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merges_are_found_across_chunks_with_or_without_a_prefix() {
        use std::fmt::Write as _;
        let mut xml = String::from("<worksheet><sheetData>");
        for row in 1..20_000 {
            write!(
                xml,
                "<row r=\"{row}\"><c r=\"A{row}\" t=\"inlineStr\"><is><t>&lt;mergeCell ref=\"A1:B1\"/&gt;</t></is></c></row>"
            )
            .unwrap();
        }
        xml.push_str("</sheetData><mergeCells count=\"3\"><mergeCell ref=\"A1:C2\"/>");
        xml.push_str("<x:mergeCell  ref='AA10:AB12'/><mergeCell ref=\"D4\"/></mergeCells>");
        let merges = scan(xml.as_bytes()).unwrap();
        assert_eq!(merges, vec![(0, 0, 1, 2), (9, 26, 11, 27), (3, 3, 3, 3)]);
    }

    #[test]
    fn attributes_are_read_with_their_entities() {
        let tag = r#" name="Kita &amp; Schule" sheetId="2" r:id="rId2""#;
        assert_eq!(attribute(tag, "name").unwrap(), "Kita & Schule");
        assert_eq!(attribute(tag, "r:id").unwrap(), "rId2");
        assert_eq!(attribute(tag, "id"), None, "only a whole attribute name");
        assert_eq!(position("$B$7"), Some((6, 1)));
    }
}
