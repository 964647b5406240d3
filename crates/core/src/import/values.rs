//! Reading one value cell: numbers in German or English notation, statistics symbols and
//! quality flags; and the cells every importer reads alike: a breakdown's total, a period.

use std::collections::HashMap;

use crate::model::SymbolKind;

/// Which character separates the decimals.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Decimal {
    /// `1.234,5`
    Comma,
    /// `1,234.5`
    Point,
}

impl Decimal {
    /// The code on the command line and in reports.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Decimal::Comma => "comma",
            Decimal::Point => "point",
        }
    }

    /// Its name in the current language, with an example (`comma (1.234,5)`).
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Decimal::Comma => crate::t!("decimal.comma"),
            Decimal::Point => crate::t!("decimal.point"),
        }
    }
}

/// The statistics symbols a file may use, from the project's `symbol` table.
#[derive(Clone, Debug, Default)]
pub struct Symbols {
    by_code: HashMap<String, (SymbolKind, bool)>,
}

impl Symbols {
    /// The symbols of a project.
    pub fn load(conn: &rusqlite::Connection) -> crate::store::Result<Symbols> {
        let list = crate::store::symbols::list(conn)?;
        Ok(Symbols {
            by_code: list
                .into_iter()
                .map(|s| (s.code, (s.kind, s.has_value)))
                .collect(),
        })
    }

    /// The default symbols, without a project.
    #[must_use]
    pub fn defaults() -> Symbols {
        Symbols {
            by_code: crate::store::symbols::DEFAULTS
                .iter()
                .map(|(code, kind, has_value, _, _)| ((*code).to_owned(), (*kind, *has_value)))
                .collect(),
        }
    }

    fn get(&self, code: &str) -> Option<(SymbolKind, bool)> {
        self.by_code.get(code).copied()
    }

    /// Whether `code` is a quality flag that goes with a number (`p`, `r`, `e`, `s`).
    #[must_use]
    pub fn is_quality_flag(&self, code: &str) -> bool {
        matches!(self.get(code), Some((SymbolKind::Quality, true)))
            && code.chars().all(char::is_alphabetic)
    }
}

/// A value cell, understood.
#[derive(Clone, Debug, PartialEq)]
pub struct Value {
    /// `None` only with a symbol that stands for a missing number.
    pub number: Option<f64>,
    /// The statistics symbol the cell held (`-` for a true zero, `()` for a number in
    /// parentheses), if any.
    pub symbol: Option<String>,
    /// The quality flag after the number (`123 p` gives `p`), if any.
    pub quality: Option<String>,
}

/// Why a cell is not a value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValueError(pub String);

/// How much of a bad cell a message quotes, in characters.
const QUOTED: usize = 100;

/// Reads a number in the given notation: `1.234,5` / `1234,5` (comma) or `1,234.5` /
/// `1234.5` (point); a leading minus; no other characters.
#[must_use]
pub fn parse_number(text: &str, decimal: Decimal) -> Option<f64> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    if let Some(number) = parse_plain(text, decimal) {
        return Some(number);
    }
    let (thousands, mark) = match decimal {
        Decimal::Comma => ('.', ','),
        Decimal::Point => (',', '.'),
    };
    let (sign, digits) = match text.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", text.strip_prefix('+').unwrap_or(text)),
    };
    let (integer, fraction) = match digits.split_once(mark) {
        Some((integer, fraction)) => (integer, Some(fraction)),
        None => (digits, None),
    };
    if integer.is_empty() && fraction.is_none_or(str::is_empty) {
        return None;
    }
    // Thousands separators only between groups of three digits.
    let groups: Vec<&str> = integer.split(thousands).collect();
    if groups.len() > 1
        && (groups[0].is_empty() || groups[0].len() > 3 || groups[1..].iter().any(|g| g.len() != 3))
    {
        return None;
    }
    let integer: String = groups.concat();
    if !integer.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut normalised = String::with_capacity(text.len());
    normalised.push_str(sign);
    normalised.push_str(if integer.is_empty() { "0" } else { &integer });
    if let Some(fraction) = fraction {
        if fraction.is_empty() || !fraction.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        normalised.push('.');
        normalised.push_str(fraction);
    }
    normalised.parse().ok()
}

/// The fast path for the common cell: digits, at most one decimal mark, an optional
/// leading minus; no thousands separators. Parsed without allocating.
fn parse_plain(text: &str, decimal: Decimal) -> Option<f64> {
    let bytes = text.as_bytes();
    if bytes.len() > 40 {
        return None;
    }
    let mark = match decimal {
        Decimal::Comma => b',',
        Decimal::Point => b'.',
    };
    let mut buffer = [0_u8; 40];
    let mut marks = 0;
    let mut digits = 0;
    for (index, byte) in bytes.iter().enumerate() {
        buffer[index] = match *byte {
            b'0'..=b'9' => {
                digits += 1;
                *byte
            }
            b'-' if index == 0 => b'-',
            b if b == mark => {
                marks += 1;
                b'.'
            }
            _ => return None,
        };
    }
    if marks > 1 || digits == 0 {
        return None;
    }
    std::str::from_utf8(&buffer[..bytes.len()])
        .ok()?
        .parse()
        .ok()
}

/// Reads a value cell: a number, a symbol standing for a missing number (`.`, `x`, `/`,
/// `...`), `-` (a true zero), a number in parentheses (limited reliability), or a number
/// followed by a quality flag (`123 p`). `Ok(None)` for an empty cell.
pub fn parse_value(
    cell: &str,
    decimal: Decimal,
    symbols: &Symbols,
) -> Result<Option<Value>, ValueError> {
    let cell = cell.trim();
    if cell.is_empty() {
        return Ok(None);
    }
    if let Some(number) = parse_number(cell, decimal) {
        return Ok(Some(Value {
            number: Some(number),
            symbol: None,
            quality: None,
        }));
    }
    if let Some((kind, has_value)) = symbols.get(cell) {
        return Ok(Some(match (kind, has_value) {
            (SymbolKind::Zero, _) => Value {
                number: Some(0.0),
                symbol: Some(cell.to_owned()),
                quality: None,
            },
            (_, true) if symbols.is_quality_flag(cell) => {
                return Err(ValueError(crate::t!(
                    "import.value.flag_without_number",
                    cell = crate::i18n::shorten(cell, QUOTED)
                )));
            }
            // A symbol that stands for a missing number, or one of another office that
            // comes without a number here.
            _ => Value {
                number: None,
                symbol: Some(cell.to_owned()),
                quality: None,
            },
        }));
    }
    if let Some(inner) = cell
        .strip_prefix('(')
        .and_then(|rest| rest.strip_suffix(')'))
        && let Some(number) = parse_number(inner, decimal)
    {
        return Ok(Some(Value {
            number: Some(number),
            symbol: Some("()".to_owned()),
            quality: None,
        }));
    }
    // A number followed by a quality flag: `123 p`, `1.234,5e`, `(12,5) p`.
    let flag_start = cell.trim_end_matches(char::is_alphabetic).len();
    if flag_start < cell.len() {
        let (number, flag) = cell.split_at(flag_start);
        let inner = number
            .trim_end()
            .strip_prefix('(')
            .and_then(|rest| rest.strip_suffix(')'));
        if symbols.is_quality_flag(flag)
            && let Some(number) = parse_number(inner.unwrap_or(number), decimal)
        {
            return Ok(Some(Value {
                number: Some(number),
                symbol: inner.map(|_| "()".to_owned()),
                quality: Some(flag.to_owned()),
            }));
        }
    }
    Err(ValueError(crate::t!(
        "import.value.unreadable",
        cell = crate::i18n::shorten(cell, QUOTED),
        decimal = decimal.label()
    )))
}

/// Guesses the decimal mark from sample cells: a separator followed by other than three
/// digits decides; when nothing decides, `fallback`.
#[must_use]
pub fn guess_decimal<'a>(cells: impl IntoIterator<Item = &'a str>, fallback: Decimal) -> Decimal {
    let (mut comma, mut point) = (0, 0);
    for cell in cells {
        let cell = cell
            .trim()
            .trim_end_matches(|c: char| c.is_alphabetic() || c == ' ');
        let cell = cell.trim_start_matches('(').trim_end_matches(')');
        if !cell.bytes().any(|b| b.is_ascii_digit()) {
            continue;
        }
        let commas = cell.matches(',').count();
        let points = cell.matches('.').count();
        match (cell.rfind(','), cell.rfind('.')) {
            (Some(c), Some(p)) if c > p => comma += 1,
            (Some(_), Some(_)) => point += 1,
            (Some(_), None) if commas > 1 => point += 1,
            (Some(c), None) if cell.len() - c - 1 != 3 => comma += 1,
            (None, Some(_)) if points > 1 => comma += 1,
            (None, Some(p)) if cell.len() - p - 1 != 3 => point += 1,
            _ => {}
        }
    }
    match comma.cmp(&point) {
        std::cmp::Ordering::Greater => Decimal::Comma,
        std::cmp::Ordering::Less => Decimal::Point,
        std::cmp::Ordering::Equal => fallback,
    }
}

/// Whether a breakdown cell means the dimension's total.
#[must_use]
pub fn is_total(cell: &str) -> bool {
    let cell = cell.trim();
    cell.is_empty()
        || ["insgesamt", "gesamt", "total", "alle", "all", "zusammen"]
            .iter()
            .any(|total| cell.eq_ignore_ascii_case(total))
}

/// A period code from a cell as the statistics offices write one in their tables:
/// `31.12.2022` → `2022-12-31`, `Jahr 2021` → `2021`; years, school years and ISO dates as
/// they are.
#[must_use]
pub fn official_period_code(cell: &str) -> Option<String> {
    let cell = cell.trim();
    if let Some((day, rest)) = cell.split_once('.')
        && let Some((month, year)) = rest.split_once('.')
        && day.len() == 2
        && month.len() == 2
        && year.len() == 4
    {
        let code = format!("{year}-{month}-{day}");
        return crate::store::periods::parse_code(&code).map(|_| code);
    }
    let cell = cell.strip_prefix("Jahr ").unwrap_or(cell);
    crate::store::periods::parse_code(cell).map(|_| cell.to_owned())
}

/// A period code from a spreadsheet cell or header, in every way cities write dates
/// (and the statistics offices, [`official_period_code`]):
/// `2023`, `2023/24`, `2023-12-31`, `31.12.2023`, `2023_12_31`, `202012` (year and month);
/// `None` for anything else, including impossible dates (`2020_12_32`).
#[must_use]
pub fn any_period_code(text: &str) -> Option<String> {
    let text = text.trim();
    if crate::store::periods::parse_code(text).is_some() {
        return Some(text.to_owned());
    }
    if let Some(code) = official_period_code(text) {
        return Some(code);
    }
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let candidate = match text.split('_').collect::<Vec<_>>().as_slice() {
        [y, m, d]
            if y.len() == 4
                && m.len() == 2
                && d.len() == 2
                && [y, m, d].iter().all(|p| digits(p)) =>
        {
            format!("{y}-{m}-{d}")
        }
        [y, m] if y.len() == 4 && m.len() == 2 && digits(y) && digits(m) => format!("{y}-{m}"),
        [ym] if ym.len() == 6 && digits(ym) => format!("{}-{}", &ym[..4], &ym[4..]),
        _ => return None,
    };
    crate::store::periods::parse_code(&candidate).map(|_| candidate)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn official_period_cells_become_codes() {
        assert_eq!(
            official_period_code("31.12.2022").as_deref(),
            Some("2022-12-31")
        );
        assert_eq!(official_period_code("2021").as_deref(), Some("2021"));
        assert_eq!(official_period_code("2021/22").as_deref(), Some("2021/22"));
        assert_eq!(official_period_code("Insgesamt"), None);
        assert_eq!(official_period_code("31.02.2022"), None);
    }

    fn value(cell: &str, decimal: Decimal) -> Option<Value> {
        parse_value(cell, decimal, &Symbols::defaults()).unwrap()
    }

    /// A huge bad cell is quoted by its first hundred characters, never whole.
    #[test]
    fn a_bad_value_is_quoted_short() {
        let cell = "x".repeat(1_000_000);
        let Err(ValueError(message)) = parse_value(&cell, Decimal::Comma, &Symbols::defaults())
        else {
            panic!("refused");
        };
        assert!(message.len() < 1_000, "{} characters", message.len());
        assert!(message.contains(&"x".repeat(99)));
    }

    #[test]
    fn numbers_in_both_notations() {
        assert_eq!(parse_number("1.234,5", Decimal::Comma), Some(1234.5));
        assert_eq!(parse_number("1234,5", Decimal::Comma), Some(1234.5));
        assert_eq!(parse_number("1.234", Decimal::Comma), Some(1234.0));
        assert_eq!(parse_number("1.234.567", Decimal::Comma), Some(1_234_567.0));
        assert_eq!(parse_number("1,204.5", Decimal::Point), Some(1204.5));
        assert_eq!(parse_number("-3.25", Decimal::Point), Some(-3.25));
        assert_eq!(parse_number(",5", Decimal::Comma), Some(0.5));
        assert_eq!(parse_number("0", Decimal::Comma), Some(0.0));
        for bad in [
            "", "1.23,4", "12.34", "abc", "1,2,3", "1.234,", "--1", "1 234",
        ] {
            assert_eq!(parse_number(bad, Decimal::Comma), None, "{bad}");
        }
    }

    #[test]
    fn symbols_are_kept_and_never_zero() {
        let missing = value(".", Decimal::Comma).unwrap();
        assert_eq!(
            (missing.number, missing.symbol.as_deref()),
            (None, Some("."))
        );
        for symbol in ["x", "/", "..."] {
            assert_eq!(
                value(symbol, Decimal::Comma).unwrap().number,
                None,
                "{symbol}"
            );
        }
        let zero = value("-", Decimal::Comma).unwrap();
        assert_eq!(
            (zero.number, zero.symbol.as_deref()),
            (Some(0.0), Some("-"))
        );
        let limited = value("(12,5)", Decimal::Comma).unwrap();
        assert_eq!(
            (limited.number, limited.symbol.as_deref()),
            (Some(12.5), Some("()"))
        );
        let provisional = value("1.234 p", Decimal::Comma).unwrap();
        assert_eq!(
            (provisional.number, provisional.quality.as_deref()),
            (Some(1234.0), Some("p"))
        );
        let both = value("(12,5) p", Decimal::Comma).unwrap();
        assert_eq!(
            (both.number, both.symbol.as_deref(), both.quality.as_deref()),
            (Some(12.5), Some("()"), Some("p"))
        );
        assert_eq!(value("0", Decimal::Comma).unwrap().number, Some(0.0));
        assert_eq!(value("", Decimal::Comma), None);
        assert!(parse_value("viele", Decimal::Comma, &Symbols::defaults()).is_err());
        assert!(parse_value("p", Decimal::Comma, &Symbols::defaults()).is_err());
    }

    #[test]
    fn the_decimal_mark_is_guessed() {
        assert_eq!(
            guess_decimal(["12,5", "3", "1.234"], Decimal::Point),
            Decimal::Comma
        );
        assert_eq!(
            guess_decimal(["12.5", "1,234"], Decimal::Comma),
            Decimal::Point
        );
        assert_eq!(guess_decimal(["1.234,5"], Decimal::Point), Decimal::Comma);
        assert_eq!(guess_decimal(["1,234.5"], Decimal::Comma), Decimal::Point);
        assert_eq!(guess_decimal(["1234", "."], Decimal::Comma), Decimal::Comma);
    }
}
