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
mod credentials;
pub mod keychain;
mod request;
mod service;
mod text;
mod update;

pub use client::{Cancelled, Client, Fetched, TableMeta};
pub use credentials::{Credentials, PASSWORD_VARIABLE, USER_VARIABLE};
pub use request::{TableRequest, region_variable_for};
pub use service::{DEFAULT_SERVICE, SERVICES, Service, Target, service};
pub use text::describe;
pub use update::{
    Change, Download, Gone, MAX_LISTED, NewPeriod, TableOutcome, Update, apply, download,
    download_all, remembered_requests,
};

use crate::t;

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
