//! Detecting how a file is written: encoding, delimiter, decimal mark and shape.

use serde::Serialize;

use super::values::{Decimal, guess_decimal};

/// A text encoding Lernstadt reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Encoding {
    /// UTF-8 (a BOM is skipped; invalid bytes are read as the replacement character).
    #[serde(rename = "utf-8")]
    Utf8,
    /// Windows-1252, a superset of ISO-8859-1 for printable characters.
    #[serde(rename = "windows-1252")]
    Windows1252,
}

impl Encoding {
    /// The name on the command line and in reports.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Windows1252 => "windows-1252",
        }
    }

    /// The encoding for a name like `utf-8`, `UTF8`, `windows-1252`, `cp1252`, `latin1`.
    #[must_use]
    pub fn from_code(code: &str) -> Option<Encoding> {
        match code.to_ascii_lowercase().replace('_', "-").as_str() {
            "utf-8" | "utf8" => Some(Encoding::Utf8),
            "windows-1252" | "cp1252" | "iso-8859-1" | "latin1" | "latin-1" | "iso-8859-15" => {
                Some(Encoding::Windows1252)
            }
            _ => None,
        }
    }

    /// Decodes one field.
    #[must_use]
    pub fn decode(self, bytes: &[u8]) -> std::borrow::Cow<'_, str> {
        match self {
            Encoding::Utf8 => match std::str::from_utf8(bytes) {
                Ok(text) => std::borrow::Cow::Borrowed(text),
                Err(_) => String::from_utf8_lossy(bytes),
            },
            Encoding::Windows1252 => {
                encoding_rs::WINDOWS_1252
                    .decode_without_bom_handling(bytes)
                    .0
            }
        }
    }
}

/// The shape of a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Shape {
    /// GENESIS-Online / Regionaldatenbank "flat" CSV.
    GenesisFlat,
    /// The classic GENESIS table CSV (`GENESIS-Tabelle:` title, header rows, footer).
    GenesisTable,
    /// A spreadsheet with one value per row.
    Long,
    /// A spreadsheet with periods as column headers.
    Wide,
    /// A list of entities as `export` writes it.
    EntityList,
}

impl Shape {
    /// Every shape.
    pub const ALL: [Shape; 5] = [
        Shape::GenesisFlat,
        Shape::GenesisTable,
        Shape::Long,
        Shape::Wide,
        Shape::EntityList,
    ];

    /// The code in reports and the `import` table.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Shape::GenesisFlat => "genesis_flat",
            Shape::GenesisTable => "genesis_table",
            Shape::Long => "long",
            Shape::Wide => "wide",
            Shape::EntityList => "entity_list",
        }
    }

    /// The shape in words, in the current language.
    #[must_use]
    pub fn label(self) -> &'static str {
        crate::i18n::tr(&format!("import.shape.{}", self.code()))
    }
}

/// What was detected about a file, shown to the user and open to overrides.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Detected {
    /// The text encoding.
    pub encoding: Encoding,
    /// Whether the file starts with a UTF-8 byte order mark.
    pub bom: bool,
    /// The byte between fields; serialised as its name (`;`, `,`, `tab`, `|`).
    #[serde(serialize_with = "serialize_delimiter")]
    pub delimiter: u8,
    /// The decimal mark of the numbers.
    pub decimal: Decimal,
    /// The file's shape, which decides how its rows are read.
    pub shape: Shape,
}

impl Detected {
    /// One sentence for the user: `Read as GENESIS flat CSV, utf-8 with BOM, delimiter ;,
    /// decimal comma`.
    #[must_use]
    pub fn describe(&self) -> String {
        crate::t!(
            "cli.import.detected",
            shape = self.shape.label(),
            encoding = self.encoding.code(),
            bom = if self.bom {
                crate::t!("cli.import.with_bom")
            } else {
                ""
            },
            delimiter = delimiter_name(self.delimiter),
            decimal = self.decimal.label()
        )
    }
}

#[allow(clippy::trivially_copy_pass_by_ref)] // The signature serde asks for.
fn serialize_delimiter<S: serde::Serializer>(
    delimiter: &u8,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&delimiter_name(*delimiter))
}

/// A delimiter as the user writes it: `;`, `,`, `tab`, `|`.
#[must_use]
pub fn delimiter_name(delimiter: u8) -> String {
    if delimiter == b'\t' {
        "tab".to_owned()
    } else {
        char::from(delimiter).to_string()
    }
}

/// The delimiter for `;`, `,`, `tab` (or a tab character), `|`.
#[must_use]
pub fn delimiter_from_name(name: &str) -> Option<u8> {
    match name {
        "tab" | "\\t" | "\t" => Some(b'\t'),
        ";" | "," | "|" => name.bytes().next(),
        _ => None,
    }
}

/// Whether the bytes start with a UTF-8 byte order mark.
#[must_use]
pub fn has_bom(sample: &[u8]) -> bool {
    sample.starts_with(&[0xEF, 0xBB, 0xBF])
}

/// The encoding of a sample: UTF-8 when it is valid UTF-8 (a character cut off at the end of
/// the sample allowed), else Windows-1252.
#[must_use]
pub fn guess_encoding(sample: &[u8]) -> Encoding {
    match std::str::from_utf8(sample) {
        Ok(_) => Encoding::Utf8,
        Err(error) if error.error_len().is_none() && sample.len() - error.valid_up_to() < 4 => {
            Encoding::Utf8
        }
        Err(_) => Encoding::Windows1252,
    }
}

/// Counts a byte outside double-quoted fields, per line.
fn counts_per_line(text: &str, delimiter: char) -> Vec<usize> {
    let mut counts = Vec::new();
    let mut quoted = false;
    let mut count = 0;
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            '\n' if !quoted => {
                counts.push(count);
                count = 0;
            }
            c if c == delimiter && !quoted => count += 1,
            _ => {}
        }
    }
    counts
}

/// The delimiter that splits the sample's lines most consistently: the candidate whose
/// most common count per line (above zero) covers the most lines.
#[must_use]
pub fn guess_delimiter(text: &str) -> u8 {
    let mut best = (0, b';');
    for candidate in [b';', b'\t', b',', b'|'] {
        let counts = counts_per_line(text, char::from(candidate));
        let mut frequency = std::collections::HashMap::new();
        for count in counts.iter().take(50).filter(|c| **c > 0) {
            *frequency.entry(*count).or_insert(0) += 1;
        }
        let score = frequency.values().max().copied().unwrap_or(0);
        if score > best.0 {
            best = (score, candidate);
        }
    }
    best.1
}

/// Detects the shape from the header row.
#[must_use]
pub fn guess_shape(header: &[String]) -> Option<Shape> {
    if header.first().is_some_and(|h| {
        let h = h.trim_start_matches('\u{feff}');
        h.starts_with("GENESIS-Tabelle") || h.starts_with("Tabelle:")
    }) {
        return Some(Shape::GenesisTable);
    }
    let lower: Vec<String> = header.iter().map(|h| h.trim().to_lowercase()).collect();
    if lower.first().is_some_and(|h| h == "statistics_code") && lower.iter().any(|h| h == "value") {
        return Some(Shape::GenesisFlat);
    }
    // The legacy flat layout: German names, one `CODE__Label__Unit` column per value.
    if lower
        .first()
        .is_some_and(|h| h.trim_start_matches('\u{feff}') == "statistik_code")
        && lower.iter().any(|h| h.contains("__"))
    {
        return Some(Shape::GenesisFlat);
    }
    let roles = super::sheet::roles_from_header(header);
    if roles.value.is_some() {
        return Some(Shape::Long);
    }
    if header
        .iter()
        .any(|h| super::values::any_period_code(h).is_some())
    {
        return Some(Shape::Wide);
    }
    // No value column and no periods as headers: the values stand in columns named for
    // members or indicators, which the first rows tell apart (`sheet::complete_roles`).
    // A region column by name, or an indicator or period column beside columns that the
    // first rows can tell apart (regions by their keys, values by their numbers).
    if roles.region.is_some() || roles.period.is_some() || roles.indicator.is_some() {
        return Some(Shape::Long);
    }
    None
}

/// Detects everything from the first bytes of a file.
#[must_use]
pub fn detect(sample: &[u8], header: &[String]) -> Option<Detected> {
    let bom = has_bom(sample);
    let body = if bom { &sample[3..] } else { sample };
    let encoding = guess_encoding(body);
    let text = encoding.decode(body);
    let delimiter = guess_delimiter(&text);
    let shape = guess_shape(header)?;
    let fallback = if delimiter == b';' {
        Decimal::Comma
    } else {
        Decimal::Point
    };
    let cells = text
        .lines()
        .skip(1)
        .take(200)
        .flat_map(|line| line.split(char::from(delimiter)));
    let decimal = guess_decimal(cells, fallback);
    Some(Detected {
        encoding,
        bom,
        delimiter,
        decimal,
        shape,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delimiters_are_found() {
        assert_eq!(guess_delimiter("a;b;c\n1;2,5;3\n"), b';');
        assert_eq!(guess_delimiter("a,b,c\n1,\"2;5\",3\n"), b',');
        assert_eq!(guess_delimiter("a\tb\tc\n1\t2,5\t3\n"), b'\t');
    }

    #[test]
    fn encodings_are_found() {
        assert_eq!(guess_encoding("Größe".as_bytes()), Encoding::Utf8);
        assert_eq!(guess_encoding(b"Gr\xf6\xdfe"), Encoding::Windows1252);
        // A sample cut in the middle of a character is still UTF-8.
        let bytes = "aä".as_bytes();
        assert_eq!(guess_encoding(&bytes[..bytes.len() - 1]), Encoding::Utf8);
        assert_eq!(Encoding::Windows1252.decode(b"Gr\xf6\xdfe"), "Größe");
    }
}
