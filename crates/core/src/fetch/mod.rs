//! Tables fetched from the statistics offices' web service and refreshed later (issue 28).
//!
//! Destatis (GENESIS-Online), the Regionaldatenbank, the Kommunale Bildungsdatenbank, the
//! Zensus 2022 database and several Landesdatenbanken run one web service, the GENESIS REST
//! interface of 2020 (`…/rest/2020/`). A table is asked for by its code with a form-encoded
//! POST to `data/tablefile` as a flat CSV (`ffcsv`), which comes packed in a ZIP; its title
//! and data date come from `metadata/table`. The CSV is written to a temporary file and
//! imported exactly as a downloaded file is ([`crate::import::import_files`]), with where it
//! came from recorded in the same action ([`crate::store::table_sources`]).
//!
//! `client` speaks to the service; `update` fetches tables ([`download`], [`download_all`]:
//! the network, nothing written) and imports them into a project as one action ([`apply`]),
//! saying per table what changes; `text` says it in words; `keychain` keeps the login. Nothing about the project is sent:
//! only the table's code, the years and regions asked for, the language and the
//! credentials (as the service wants them, in the `username` and `password` headers).

mod client;
pub mod keychain;
mod text;
mod update;

pub use client::{Cancelled, Client, Fetched, TableMeta};
pub use text::describe;
pub use update::{
    Change, Download, Gone, MAX_LISTED, NewPeriod, TableOutcome, Update, apply, download,
    download_all, remembered_requests,
};

use serde::{Deserialize, Serialize};

use crate::t;

/// A statistics office's web service known by name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Service {
    /// The name on the command line (`regionalstatistik`).
    pub name: &'static str,
    /// What it is called by its office.
    pub title: &'static str,
    /// The base address of its REST interface, ending in `/`.
    pub endpoint: &'static str,
}

/// The services known by name. Others are reached with their address (`--endpoint`).
pub const SERVICES: &[Service] = &[
    Service {
        name: "regionalstatistik",
        title: "Regionaldatenbank Deutschland",
        endpoint: "https://www.regionalstatistik.de/genesisws/rest/2020/",
    },
    Service {
        name: "destatis",
        title: "GENESIS-Online (Statistisches Bundesamt)",
        endpoint: "https://www-genesis.destatis.de/genesisWS/rest/2020/",
    },
    Service {
        name: "zensus2022",
        title: "Zensusdatenbank 2022",
        endpoint: "https://ergebnisse.zensus2022.de/api/rest/2020/",
    },
    Service {
        name: "bildungsmonitoring",
        title: "Kommunale Bildungsdatenbank",
        endpoint: "https://www.bildungsmonitoring.de/bildungws/rest/2020/",
    },
    Service {
        name: "bayern",
        title: "GENESIS-Online Bayern (Landesamt für Statistik)",
        endpoint: "https://www.statistikdaten.bayern.de/genesisWS/rest/2020/",
    },
    Service {
        name: "nrw",
        title: "Landesdatenbank NRW (IT.NRW)",
        endpoint: "https://www.landesdatenbank.nrw.de/ldbnrwws/rest/2020/",
    },
    Service {
        name: "sachsen-anhalt",
        title: "GENESIS-Online Sachsen-Anhalt (Statistisches Landesamt)",
        endpoint: "https://genesis.sachsen-anhalt.de/webservice/rest/2020/",
    },
];

/// The default service: the Regionaldatenbank, where a municipality's tables are.
pub const DEFAULT_SERVICE: &str = "regionalstatistik";

/// The service called `name` (case does not matter).
#[must_use]
pub fn service(name: &str) -> Option<&'static Service> {
    SERVICES
        .iter()
        .find(|s| s.name.eq_ignore_ascii_case(name.trim()))
}

/// Where to fetch from: a service known by name, or any address that runs the interface.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    /// The service's name (known or given); shown in messages and remembered.
    pub service: String,
    /// The base address, ending in `/`.
    pub endpoint: String,
}

impl Target {
    /// The target for a service name and an optional address (which wins): an unknown
    /// name without an address is refused with the names known.
    pub fn new(service_name: Option<&str>, endpoint: Option<&str>) -> Result<Target, FetchError> {
        // Without a name, a service at another address is called by its host.
        let host = endpoint.map(|e| {
            let rest = e
                .trim()
                .split_once("://")
                .map_or(e.trim(), |(_, rest)| rest);
            rest.split('/').next().unwrap_or(rest).to_owned()
        });
        let name = match (service_name, &host) {
            (Some(name), _) => name.trim().to_owned(),
            (None, Some(host)) if !host.is_empty() => host.clone(),
            _ => DEFAULT_SERVICE.to_owned(),
        };
        let name = name.as_str();
        let known = service(name);
        let endpoint = match (endpoint, known) {
            (Some(endpoint), _) => endpoint.trim().to_owned(),
            (None, Some(known)) => known.endpoint.to_owned(),
            (None, None) => {
                return Err(FetchError::UnknownService {
                    name: name.to_owned(),
                    known: SERVICES
                        .iter()
                        .map(|s| s.name)
                        .collect::<Vec<_>>()
                        .join(", "),
                });
            }
        };
        if !(endpoint.starts_with("https://") || endpoint.starts_with("http://")) {
            return Err(FetchError::BadEndpoint { endpoint });
        }
        let endpoint = if endpoint.ends_with('/') {
            endpoint
        } else {
            format!("{endpoint}/")
        };
        Ok(Target {
            service: known.map_or(name, |s| s.name).to_owned(),
            endpoint,
        })
    }
}

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

/// The user name and password (or token) for the service, sent in the `username` and
/// `password` headers. Never written to the log or the project: `Debug` hides them.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    /// The user name, or the token where the service gives one.
    pub user: String,
    /// The password; empty with a token.
    pub password: String,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Credentials(…)")
    }
}

/// The environment variable with the user name or token.
pub const USER_VARIABLE: &str = "LERNSTADT_GENESIS_USER";
/// The environment variable with the password.
pub const PASSWORD_VARIABLE: &str = "LERNSTADT_GENESIS_PASSWORD";

impl Credentials {
    /// The credentials in [`USER_VARIABLE`] and [`PASSWORD_VARIABLE`], if the first is set.
    #[must_use]
    pub fn from_env() -> Option<Credentials> {
        let user = std::env::var(USER_VARIABLE).ok()?;
        if user.trim().is_empty() {
            return None;
        }
        Some(Credentials {
            user: user.trim().to_owned(),
            password: std::env::var(PASSWORD_VARIABLE).unwrap_or_default(),
        })
    }
}

/// Why a table could not be fetched; the project is as it was. Each message names the
/// service and says what happened in the user's words, with the service's own words.
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    /// No service of that name is known.
    #[error("{}", t!("fetch.error.unknown_service", name = name, known = known))]
    UnknownService {
        /// The name given.
        name: String,
        /// The names known, joined.
        known: String,
    },
    /// The address is not an http(s) address.
    #[error("{}", t!("fetch.error.bad_endpoint", endpoint = endpoint))]
    BadEndpoint {
        /// The address given.
        endpoint: String,
    },
    /// What was asked for cannot be asked (a code with spaces, years the wrong way round).
    #[error("{message}")]
    BadRequest {
        /// Why, in the user's language.
        message: String,
    },
    /// The service could not be reached: no network, a name that does not resolve, a
    /// refused connection, a proxy or TLS failure, a timeout.
    #[error("{}", t!("fetch.error.unreachable", service = service, endpoint = endpoint, detail = detail))]
    Unreachable {
        /// The service's name.
        service: String,
        /// Its address.
        endpoint: String,
        /// What the network layer said.
        detail: String,
    },
    /// The service did not accept the credentials (or asks for some).
    #[error("{}", t!("fetch.error.login", service = service, original = original))]
    Login {
        /// The service's name.
        service: String,
        /// The service's own words (status and text).
        original: String,
    },
    /// The service has no such table.
    #[error("{}", t!("fetch.error.no_table", service = service, table = table, original = original))]
    NoTable {
        /// The service's name.
        service: String,
        /// The table's code.
        table: String,
        /// The service's own words.
        original: String,
    },
    /// The table is too large for one request.
    #[error("{}", t!("fetch.error.too_large", service = service, table = table, original = original))]
    TooLarge {
        /// The service's name.
        service: String,
        /// The table's code.
        table: String,
        /// The service's own words.
        original: String,
    },
    /// The service did not finish preparing a large table in time.
    #[error("{}", t!("fetch.error.job_timeout", service = service, table = table, job = job))]
    JobTimeout {
        /// The service's name.
        service: String,
        /// The table's code.
        table: String,
        /// The job's name at the service.
        job: String,
    },
    /// Any other answer that is not the table: an HTTP error or the service's own status.
    #[error("{}", t!("fetch.error.service", service = service, original = original))]
    Service {
        /// The service's name.
        service: String,
        /// The service's own words (HTTP status, its code and text).
        original: String,
    },
    /// The answer was not a table the importer can read (a ZIP without a CSV, say).
    #[error("{}", t!("fetch.error.answer", service = service, detail = detail))]
    Answer {
        /// The service's name.
        service: String,
        /// What was wrong.
        detail: String,
    },
    /// The user cancelled; nothing was written.
    #[error("{}", t!("work.cancelled"))]
    Cancelled,
    /// A remembered table could not be found in the project.
    #[error("{}", t!("fetch.error.not_remembered", table = table))]
    NotRemembered {
        /// The code asked for.
        table: String,
    },
    /// The operating system's keychain could not be used.
    #[error("{}", t!("fetch.error.keychain", detail = detail))]
    Keychain {
        /// What the keychain said.
        detail: String,
    },
    /// The temporary file for the table could not be written.
    #[error("{}", t!("fetch.error.temp", error = source))]
    Temp {
        /// What the operating system said.
        source: std::io::Error,
    },
    /// The import of the fetched table failed; nothing was written.
    #[error(transparent)]
    Import(#[from] crate::import::ImportError),
    /// The project could not be read or written.
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_target_is_a_known_service_or_an_address() {
        let target = Target::new(None, None).unwrap();
        assert_eq!(target.service, "regionalstatistik");
        assert!(target.endpoint.ends_with("/rest/2020/"));
        let target = Target::new(Some("Destatis"), None).unwrap();
        assert_eq!(target.service, "destatis");
        let target = Target::new(Some("test"), Some("http://127.0.0.1:9/rest/2020")).unwrap();
        assert_eq!(target.endpoint, "http://127.0.0.1:9/rest/2020/");
        assert_eq!(target.service, "test");
        let target =
            Target::new(None, Some("https://statistik.example/genesisws/rest/2020/")).unwrap();
        assert_eq!(target.service, "statistik.example");
        assert!(matches!(
            Target::new(Some("statistik-nord"), None),
            Err(FetchError::UnknownService { .. })
        ));
        assert!(matches!(
            Target::new(None, Some("ftp://x")),
            Err(FetchError::BadEndpoint { .. })
        ));
    }

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
    fn credentials_never_show_in_debug() {
        let credentials = Credentials {
            user: "geheim-user".to_owned(),
            password: "geheim-pass".to_owned(),
        };
        let shown = format!("{credentials:?}");
        assert!(!shown.contains("geheim"), "{shown}");
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
