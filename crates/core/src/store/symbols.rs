//! The statistics symbols: data in the file, so that another office's signs can be added.

use rusqlite::{Connection, params};

use super::Result;
use crate::model::{Symbol, SymbolKind};

/// The symbols of German official statistics (Zeichenerklärung of the statistical offices)
/// and the usual quality flags.
pub const DEFAULTS: &[(&str, SymbolKind, bool, &str, &str)] = &[
    (
        "-",
        SymbolKind::Zero,
        true,
        "nichts vorhanden (genau null)",
        "nothing (exactly zero)",
    ),
    (
        ".",
        SymbolKind::Missing,
        false,
        "Zahlenwert unbekannt oder geheim zu halten",
        "unknown or confidential",
    ),
    (
        "x",
        SymbolKind::Missing,
        false,
        "Tabellenfach gesperrt, weil Aussage nicht sinnvoll",
        "not meaningful",
    ),
    (
        "/",
        SymbolKind::Missing,
        false,
        "keine Angaben, da Zahlenwert nicht sicher genug",
        "not reliable enough",
    ),
    (
        "...",
        SymbolKind::Missing,
        false,
        "Angabe fällt später an",
        "not yet available",
    ),
    (
        "()",
        SymbolKind::Quality,
        true,
        "Aussagewert eingeschränkt",
        "limited reliability",
    ),
    (
        "0",
        SymbolKind::Quality,
        true,
        "weniger als die Hälfte von 1 in der letzten Stelle, jedoch mehr als nichts",
        "less than half the smallest unit, but more than nothing",
    ),
    (
        "p",
        SymbolKind::Quality,
        true,
        "vorläufige Zahl",
        "provisional",
    ),
    (
        "r",
        SymbolKind::Quality,
        true,
        "berichtigte Zahl",
        "revised",
    ),
    (
        "e",
        SymbolKind::Quality,
        true,
        "geschätzte Zahl",
        "estimated",
    ),
    (
        "s",
        SymbolKind::Quality,
        true,
        "geschätzte Zahl",
        "estimated",
    ),
];

const INSERT: &str = "INSERT OR IGNORE INTO symbol (code, kind, has_value, label_de, label_en) VALUES (?1, ?2, ?3, ?4, ?5)";

/// Writes the default symbols into a new or upgraded file.
pub fn insert_defaults(conn: &Connection) -> Result<()> {
    let mut statement = conn.prepare_cached(INSERT)?;
    for (code, kind, has_value, de, en) in DEFAULTS {
        statement.execute(params![code, kind.code(), has_value, de, en])?;
    }
    Ok(())
}

/// Adds a symbol the file does not know yet; one it knows stays as it is.
pub fn ensure(conn: &Connection, symbol: &Symbol) -> Result<()> {
    conn.prepare_cached(INSERT)?.execute(params![
        symbol.code,
        symbol.kind.code(),
        symbol.has_value,
        symbol.label_de,
        symbol.label_en
    ])?;
    Ok(())
}

/// Every symbol the file knows.
pub fn list(conn: &Connection) -> Result<Vec<Symbol>> {
    let mut statement =
        conn.prepare("SELECT code, kind, has_value, label_de, label_en FROM symbol ORDER BY code")?;
    let rows = statement.query_map([], |row| {
        let kind: String = row.get(1)?;
        Ok(Symbol {
            code: row.get(0)?,
            kind: SymbolKind::from_code(&kind).unwrap_or(SymbolKind::Missing),
            has_value: row.get(2)?,
            label_de: row.get(3)?,
            label_en: row.get(4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}
