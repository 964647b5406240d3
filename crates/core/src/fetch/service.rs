//! The statistics offices' web services known by name, and where a fetch goes: a known
//! service or any address that runs the interface.

use super::FetchError;

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
}
