//! What is asked of the service for one table (code, years, regions, language), checked
//! and remembered as JSON so that `refresh` asks the same again.

use serde::{Deserialize, Serialize};

use super::FetchError;
use crate::t;

/// What is asked of the service for one table; remembered with the import (as JSON) so
/// that `refresh` asks the same again.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableRequest {
    /// The table's code (`12411-01-01-4`).
    pub table: String,
    /// The first year, if not all.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_year: Option<i32>,
    /// The last year, if not all.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to_year: Option<i32>,
    /// The regional variable the keys are of (`KREISE`, `GEMEIN`), if regions are chosen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region_variable: Option<String>,
    /// The regions' keys, if not all.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub region_keys: Vec<String>,
    /// The language of labels: `de` or `en`.
    pub language: String,
}

impl TableRequest {
    /// The request remembered as JSON (`{}` for what cannot be read, which asks for all).
    #[must_use]
    pub fn from_json(table: &str, json: &str) -> TableRequest {
        let mut request: TableRequest = serde_json::from_str(json).unwrap_or_default();
        table.clone_into(&mut request.table);
        if request.language.is_empty() {
            "de".clone_into(&mut request.language);
        }
        request
    }

    /// The request as remembered.
    #[must_use]
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| "{}".to_owned())
    }

    /// Checks what the user gave: a plausible code, years in order, keys with a variable.
    pub fn check(&self) -> Result<(), FetchError> {
        let code = self.table.trim();
        if code.is_empty()
            || !code
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        {
            return Err(FetchError::BadRequest {
                message: t!("fetch.error.bad_code", code = self.table),
            });
        }
        if let (Some(from), Some(to)) = (self.from_year, self.to_year)
            && from > to
        {
            return Err(FetchError::BadRequest {
                message: t!("fetch.error.years", from = from, to = to),
            });
        }
        Ok(())
    }
}

/// The regional variable the Regionaldatenbank and GENESIS-Online name regions of this
/// key's length by: `DLAND` (2 digits, a Land), `REGBEZ` (3), `KREISE` (5), `GEMEIN` (8);
/// `None` for keys of mixed or other lengths (the user names the variable).
#[must_use]
pub fn region_variable_for(keys: &[String]) -> Option<&'static str> {
    let variable = |key: &String| match key.trim().len() {
        2 => Some("DLAND"),
        3 => Some("REGBEZ"),
        5 => Some("KREISE"),
        8 => Some("GEMEIN"),
        _ => None,
    };
    let first = variable(keys.first()?)?;
    keys.iter()
        .all(|key| variable(key) == Some(first))
        .then_some(first)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_is_remembered_and_read_back() {
        let request = TableRequest {
            table: "12411-01-01-4".to_owned(),
            from_year: Some(2020),
            to_year: None,
            region_variable: Some("KREISE".to_owned()),
            region_keys: vec!["05515".to_owned()],
            language: "de".to_owned(),
        };
        let json = request.to_json();
        assert!(!json.contains("to_year"), "{json}");
        assert_eq!(TableRequest::from_json("12411-01-01-4", &json), request);
        assert_eq!(
            TableRequest::from_json("X-1", "not json").language,
            "de",
            "a broken record asks for everything"
        );
    }

    #[test]
    fn the_regional_variable_follows_the_keys() {
        let keys = |k: &[&str]| k.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        assert_eq!(
            region_variable_for(&keys(&["05515", "05315"])),
            Some("KREISE")
        );
        assert_eq!(region_variable_for(&keys(&["05515000"])), Some("GEMEIN"));
        assert_eq!(region_variable_for(&keys(&["05", "05515"])), None);
        assert_eq!(region_variable_for(&[]), None);
    }

    #[test]
    fn a_request_is_checked() {
        let mut request = TableRequest {
            table: "12411 01".to_owned(),
            ..TableRequest::default()
        };
        assert!(request.check().is_err());
        request.table = "12411-0001".to_owned();
        request.from_year = Some(2024);
        request.to_year = Some(2020);
        assert!(request.check().is_err());
        request.to_year = Some(2024);
        assert!(request.check().is_ok());
    }
}
