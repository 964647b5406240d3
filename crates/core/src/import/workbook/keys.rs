//! Keys: a key stored as a number gets its leading zeros back to its official width; a
//! key split over the columns `Land`, `RB`, `Kreis`, `VB`, `Gem` is joined into the ARS.

/// The official key widths a key column's numbers are padded to.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum KeyWidths {
    /// AGS: Land 2, Kreis 5, Gemeinde 8.
    Ags,
    /// ARS: Land 2, Regierungsbezirk 3, Kreis 5, Gemeindeverband 9, Gemeinde 12.
    Ars,
    /// One part of a key split over columns, of this width.
    Part(usize),
}

impl KeyWidths {
    /// A key stored as a number, with the leading zeros its width needs.
    pub(super) fn pad(self, digits: &str) -> String {
        let widths: &[usize] = match self {
            KeyWidths::Ags => &[2, 5, 8],
            KeyWidths::Ars => &[2, 3, 5, 9, 12],
            KeyWidths::Part(width) => return format!("{digits:0>width$}"),
        };
        // A short number (`1`, `12`) may be a city's own district: left to the import,
        // which restores a zero only where the project holds the key so padded.
        match widths.iter().find(|&&w| w >= digits.len()) {
            Some(&width)
                if width == digits.len() + 1
                    && digits.len() >= 4
                    && crate::model::is_region_key(&format!("0{digits}")) =>
            {
                format!("0{digits}")
            }
            _ => digits.to_owned(),
        }
    }
}

/// The parts of a key split over columns, by their header, with their widths.
pub(super) const KEY_PARTS: [(&str, usize); 5] =
    [("land", 2), ("rb", 1), ("kreis", 2), ("vb", 4), ("gem", 3)];

/// A key split over columns: the columns of its parts (in order, from `Land`), and the
/// record type column that says how many of them a row uses.
#[derive(Debug)]
pub(super) struct SplitKey {
    pub(super) parts: Vec<(usize, usize)>,
    pub(super) record: Option<usize>,
}

pub(super) fn split_key(header: &[String]) -> Option<SplitKey> {
    // `Amtlicher Regionalschlüssel (ARS) Land …`: the part's name is a word of the header.
    let names = |h: &str, name: &str| h.split_whitespace().any(|w| w.eq_ignore_ascii_case(name));
    let start = header.iter().position(|h| names(h, "land"))?;
    let mut parts = Vec::new();
    for (offset, (name, width)) in KEY_PARTS.iter().enumerate() {
        match header.get(start + offset) {
            Some(h) if names(h, name) => parts.push((start + offset, *width)),
            _ => break,
        }
    }
    if parts.len() < 3 {
        return None;
    }
    let record = header
        .iter()
        .position(|h| h.to_lowercase().replace(['-', ' '], "") == "satzart");
    Some(SplitKey { parts, record })
}

/// The level a Gemeindeverzeichnis record type gives: how many key parts it uses.
pub(super) fn parts_of_record(record: &str) -> Option<usize> {
    match record.trim() {
        "10" => Some(1),
        "20" => Some(2),
        "40" => Some(3),
        "50" => Some(4),
        "60" => Some(5),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_stored_as_numbers_get_their_width_back() {
        assert_eq!(KeyWidths::Ags.pad("5315000"), "05315000");
        assert_eq!(KeyWidths::Ags.pad("5315"), "05315");
        assert_eq!(KeyWidths::Ags.pad("1"), "1", "a district's number, perhaps");
        assert_eq!(KeyWidths::Ags.pad("12345"), "12345");
        assert_eq!(KeyWidths::Ars.pad("10010000"), "010010000");
        assert_eq!(KeyWidths::Ars.pad("31590016016"), "031590016016");
        assert_eq!(KeyWidths::Part(4), KeyWidths::Part(4));
        assert_eq!(KeyWidths::Part(4).pad("16"), "0016");
        assert_eq!(KeyWidths::Part(2).pad("3"), "03");
    }
}
