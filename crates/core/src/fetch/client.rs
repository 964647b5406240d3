//! Speaking to the web service: `metadata/table` for a table's title and data date,
//! `data/tablefile` for the table as a flat CSV (in a ZIP). Every answer that is not what
//! was asked for becomes a [`FetchError`] that names the service and keeps its own words.

use std::io::Read;
use std::time::Duration;

use serde::Deserialize;

use super::{Credentials, FetchError, TableRequest, Target};

/// How long to wait for a connection.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(15);
/// How long one read may wait for the next bytes (a service that stops answering).
const READ_TIMEOUT: Duration = Duration::from_mins(2);
/// How long one request may take in all (a large table over a slow line).
const REQUEST_TIMEOUT: Duration = Duration::from_mins(10);
/// The largest answer read (a ZIP of a very large table is far smaller).
const MAX_ANSWER_BYTES: u64 = 1 << 30;

/// A table's title and data date, as `metadata/table` gives them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TableMeta {
    /// The table's title (`Zahl der Gemeinden - Stichtag 31.12. - regionale Tiefe: …`).
    pub title: String,
    /// When the table was last updated (`21.11.2023 13:47:55h`), the edition's `Stand`.
    pub updated: String,
    /// The years it covers, from and to, as the service writes them.
    pub time: Option<(String, String)>,
}

/// A fetched table: its flat CSV and the name the service gave it.
#[derive(Clone, Debug)]
pub struct Fetched {
    /// The CSV file's name in the ZIP (`11111-02-01-4_1749623349088_de_flat.csv`), or one
    /// made like it.
    pub file_name: String,
    /// The CSV's bytes, as the service wrote them.
    pub csv: Vec<u8>,
}

/// Asked before each request and while a job is waited for: whether the user cancelled.
pub type Cancelled = std::sync::Arc<dyn Fn() -> bool + Send + Sync>;

/// A client of one service.
pub struct Client {
    agent: ureq::Agent,
    target: Target,
    credentials: Option<Credentials>,
    cancelled: Option<Cancelled>,
}

/// The service's status block (`{"Status": {"Code": 0, "Content": "erfolgreich", …}}`); an
/// error answer has the same fields at the top.
#[derive(Debug, Default, Deserialize)]
struct Status {
    #[serde(rename = "Code", default)]
    code: Option<i64>,
    #[serde(rename = "Content", default)]
    content: Option<String>,
    #[serde(rename = "Type", default)]
    kind: Option<String>,
}

/// A JSON answer: a status, and for `metadata/table` the table.
#[derive(Debug, Default, Deserialize)]
struct Answer {
    #[serde(rename = "Status", default)]
    status: Option<Status>,
    #[serde(rename = "Code", default)]
    code: Option<serde_json::Value>,
    #[serde(rename = "Content", default)]
    content: Option<String>,
    #[serde(rename = "Type", default)]
    kind: Option<String>,
    #[serde(rename = "Object", default)]
    object: Option<MetaObject>,
}

#[derive(Debug, Default, Deserialize)]
struct MetaObject {
    #[serde(rename = "Content", default)]
    content: Option<String>,
    #[serde(rename = "Updated", default)]
    updated: Option<String>,
    #[serde(rename = "Time", default)]
    time: Option<MetaTime>,
}

#[derive(Debug, Default, Deserialize)]
struct MetaTime {
    #[serde(rename = "From", default)]
    from: Option<String>,
    #[serde(rename = "To", default)]
    to: Option<String>,
}

/// `catalogue/jobs`: the jobs whose code matches, each with its state.
#[derive(Debug, Default, Deserialize)]
struct JobList {
    #[serde(rename = "List", default)]
    list: Option<Vec<JobEntry>>,
}

#[derive(Debug, Default, Deserialize)]
struct JobEntry {
    #[serde(rename = "State", default)]
    state: Option<String>,
}

/// How long to wait before each look at a job's state (then [`JOB_WAIT_LAST`] each time):
/// the first look at once, as a small table is ready at once.
const JOB_WAITS: [Duration; 4] = [
    Duration::ZERO,
    Duration::from_secs(2),
    Duration::from_secs(5),
    Duration::from_secs(10),
];
const JOB_WAIT_LAST: Duration = Duration::from_secs(20);
/// How long a job is waited for.
const JOB_TIMEOUT: Duration = Duration::from_mins(30);

/// The job's name in the service's answer to `job=true`: "Der Bearbeitungsauftrag wurde
/// erstellt. Die Tabelle kann in Kürze als Ergebnis mit folgendem Namen abgerufen werden:
/// 42153-0001_001597503 (…)" — the word after the last ": " that has an underscore.
fn job_name(content: &str) -> Option<String> {
    content
        .split(": ")
        .skip(1)
        .filter_map(|part| part.split_whitespace().next())
        .map(|word| word.trim_end_matches(['.', ',', ')']))
        .find(|word| {
            word.contains('_')
                && word
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        })
        .map(str::to_owned)
}

/// The service's codes this client tells apart (GENESIS-Webservices, "Grundstruktur der
/// Responses"): 0 success, 22 success with parameters adjusted, 98 too large for one
/// request, 99 a job was started, 104 nothing matches.
const TOO_LARGE: i64 = 98;
const NOTHING_MATCHES: i64 = 104;

impl Client {
    /// A client of `target`; `credentials` go into every request's headers.
    #[must_use]
    pub fn new(target: Target, credentials: Option<Credentials>) -> Client {
        let loopback = ["://127.0.0.1", "://localhost", "://[::1]"]
            .iter()
            .any(|host| target.endpoint.contains(host));
        let tls = ureq::tls::TlsConfig::builder()
            .root_certs(ureq::tls::RootCerts::PlatformVerifier)
            .build();
        let config = ureq::Agent::config_builder()
            .timeout_connect(Some(CONNECT_TIMEOUT))
            .timeout_per_read(Some(READ_TIMEOUT))
            .timeout_global(Some(REQUEST_TIMEOUT))
            .http_status_as_error(false)
            .tls_config(tls)
            // The system's proxy for the service, never for a service on this computer.
            .proxy(if loopback {
                None
            } else {
                ureq::Proxy::try_from_env()
            })
            .user_agent(concat!("Lernstadt/", env!("CARGO_PKG_VERSION")))
            .build();
        Client {
            agent: config.into(),
            target,
            credentials,
            cancelled: None,
        }
    }

    /// The client, stopping with [`FetchError::Cancelled`] before its next request (and
    /// while it waits for a job) once `cancelled` says so.
    #[must_use]
    pub fn with_cancel(mut self, cancelled: Option<Cancelled>) -> Client {
        self.cancelled = cancelled;
        self
    }

    fn check(&self) -> Result<(), FetchError> {
        match &self.cancelled {
            Some(cancelled) if cancelled() => Err(FetchError::Cancelled),
            _ => Ok(()),
        }
    }

    /// Waits `duration`, looking at the cancel every fifth of a second.
    fn wait(&self, duration: Duration) -> Result<(), FetchError> {
        let until = std::time::Instant::now() + duration;
        loop {
            self.check()?;
            let now = std::time::Instant::now();
            if now >= until {
                return Ok(());
            }
            std::thread::sleep((until - now).min(Duration::from_millis(200)));
        }
    }

    /// Where this client fetches from.
    #[must_use]
    pub fn target(&self) -> &Target {
        &self.target
    }

    /// POSTs a form to `method` (`data/tablefile`); the status and body of the answer.
    fn post(
        &self,
        method: &str,
        form: &[(&str, String)],
    ) -> Result<(u16, Option<String>, Vec<u8>), FetchError> {
        self.check()?;
        let url = format!("{}{method}", self.target.endpoint);
        let mut request = self.agent.post(&url);
        if let Some(credentials) = &self.credentials {
            request = request
                .header("username", &credentials.user)
                .header("password", &credentials.password);
        }
        let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let mut response = request
            .send_form(form)
            .map_err(|error| self.unreachable(&error))?;
        let status = response.status().as_u16();
        let content_type = response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let body = response
            .body_mut()
            .with_config()
            .limit(MAX_ANSWER_BYTES)
            .read_to_vec()
            .map_err(|error| self.unreachable(&error))?;
        Ok((status, content_type, body))
    }

    fn unreachable(&self, error: &ureq::Error) -> FetchError {
        FetchError::Unreachable {
            service: self.target.service.clone(),
            endpoint: self.target.endpoint.clone(),
            detail: error.to_string(),
        }
    }

    /// The table's title and data date.
    pub fn metadata(&self, request: &TableRequest) -> Result<TableMeta, FetchError> {
        let form = [
            ("name", request.table.clone()),
            ("area", "all".to_owned()),
            ("language", request.language.clone()),
        ];
        let (status, _, body) = self.post("metadata/table", &form)?;
        let answer = self.status_of(status, &body, &request.table)?;
        let object = answer.object.unwrap_or_default();
        Ok(TableMeta {
            title: object.content.unwrap_or_default().replace('\n', " "),
            updated: object.updated.unwrap_or_default(),
            time: object.time.and_then(|t| Some((t.from?, t.to?))),
        })
    }

    /// The table as a flat CSV, unpacked. A table too large for one request is fetched
    /// as a job of the service: started, waited for (`on_job` hears its name once), then
    /// collected.
    pub fn table(
        &self,
        request: &TableRequest,
        on_job: &mut dyn FnMut(&str),
    ) -> Result<Fetched, FetchError> {
        let year = |year: Option<i32>| year.map(|y| y.to_string()).unwrap_or_default();
        let form = [
            ("name", request.table.clone()),
            ("area", "all".to_owned()),
            ("compress", "false".to_owned()),
            ("format", "ffcsv".to_owned()),
            ("language", request.language.clone()),
            ("quality", "on".to_owned()),
            ("startyear", year(request.from_year)),
            ("endyear", year(request.to_year)),
            (
                "regionalvariable",
                request.region_variable.clone().unwrap_or_default(),
            ),
            ("regionalkey", request.region_keys.join(",")),
            ("job", "false".to_owned()),
        ];
        let (status, content_type, body) = self.post("data/tablefile", &form)?;
        match self.csv_of(status, content_type.as_deref(), body, request) {
            Err(FetchError::TooLarge { .. }) => self.as_job(request, &form, on_job),
            other => other,
        }
    }

    /// The CSV of an answer that should be one (zipped or not), else the service's error.
    fn csv_of(
        &self,
        status: u16,
        content_type: Option<&str>,
        body: Vec<u8>,
        request: &TableRequest,
    ) -> Result<Fetched, FetchError> {
        let zipped = body.starts_with(b"PK\x03\x04")
            || content_type.is_some_and(|t| t.contains("application/zip"));
        if status == 200 && zipped {
            return self.unzip(&body, request);
        }
        let is_json = body
            .iter()
            .find(|b| !b.is_ascii_whitespace())
            .is_some_and(|b| *b == b'{');
        let first = body.iter().find(|b| !b.is_ascii_whitespace()).copied();
        if status == 200 && first == Some(b'<') {
            // A web page (a portal's login or maintenance page), not a table.
            let text: String = String::from_utf8_lossy(&body).chars().take(200).collect();
            return Err(FetchError::Answer {
                service: self.target.service.clone(),
                detail: text.split_whitespace().collect::<Vec<_>>().join(" "),
            });
        }
        if status == 200 && !is_json && !body.is_empty() {
            // An uncompressed CSV, as some instances send it.
            return Ok(Fetched {
                file_name: format!("{}_{}_flat.csv", request.table, request.language),
                csv: body,
            });
        }
        self.status_of(status, &body, &request.table)?;
        Err(FetchError::Answer {
            service: self.target.service.clone(),
            detail: crate::t!("fetch.error.no_csv").to_owned(),
        })
    }

    /// A table too large for one request: asks the service to prepare it as a job, waits
    /// until its list of jobs says it is done, and collects the result.
    fn as_job(
        &self,
        request: &TableRequest,
        form: &[(&str, String)],
        on_job: &mut dyn FnMut(&str),
    ) -> Result<Fetched, FetchError> {
        let mut form = form.to_vec();
        for (name, value) in &mut form {
            if *name == "job" {
                "true".clone_into(value);
            }
        }
        let (status, _, body) = self.post("data/tablefile", &form)?;
        let answer = self.status_of(status, &body, &request.table)?;
        let content = answer.status.and_then(|s| s.content).unwrap_or_default();
        let Some(job) = job_name(&content) else {
            return Err(FetchError::Answer {
                service: self.target.service.clone(),
                detail: content,
            });
        };
        log::info!("table {} is prepared as job {job}", request.table);
        on_job(&job);
        let started = std::time::Instant::now();
        for wait in JOB_WAITS.iter().chain(std::iter::repeat(&JOB_WAIT_LAST)) {
            self.wait(*wait)?;
            if self.job_done(&job, request)? {
                break;
            }
            if started.elapsed() > JOB_TIMEOUT {
                return Err(FetchError::JobTimeout {
                    service: self.target.service.clone(),
                    table: request.table.clone(),
                    job,
                });
            }
        }
        let result = [
            ("name", job.clone()),
            ("area", "all".to_owned()),
            ("compress", "false".to_owned()),
            ("format", "ffcsv".to_owned()),
            ("language", request.language.clone()),
        ];
        let (status, content_type, body) = self.post("data/resultfile", &result)?;
        self.csv_of(status, content_type.as_deref(), body, request)
    }

    /// Whether the service's list of jobs says the job is done (`Fertig`, `Finished`).
    fn job_done(&self, job: &str, request: &TableRequest) -> Result<bool, FetchError> {
        let form = [
            ("selection", format!("*{job}")),
            ("searchcriterion", "code".to_owned()),
            ("sortcriterion", "code".to_owned()),
            ("type", "all".to_owned()),
            ("area", "all".to_owned()),
            ("language", request.language.clone()),
        ];
        let (status, _, body) = self.post("catalogue/jobs", &form)?;
        self.status_of(status, &body, &request.table)?;
        let list: JobList = serde_json::from_slice(&body).unwrap_or_default();
        Ok(list.list.unwrap_or_default().iter().any(|entry| {
            entry.state.as_deref().is_some_and(|state| {
                state.eq_ignore_ascii_case("fertig") || state.eq_ignore_ascii_case("finished")
            })
        }))
    }

    /// The first CSV in the ZIP.
    fn unzip(&self, body: &[u8], request: &TableRequest) -> Result<Fetched, FetchError> {
        let answer = |detail: String| FetchError::Answer {
            service: self.target.service.clone(),
            detail,
        };
        let mut archive =
            zip::ZipArchive::new(std::io::Cursor::new(body)).map_err(|e| answer(e.to_string()))?;
        for index in 0..archive.len() {
            let mut file = archive.by_index(index).map_err(|e| answer(e.to_string()))?;
            let name = file.name().to_owned();
            if !name.to_ascii_lowercase().ends_with(".csv") {
                continue;
            }
            let mut csv = Vec::new();
            file.read_to_end(&mut csv)
                .map_err(|e| answer(e.to_string()))?;
            // The name without folders, as a downloaded file has it.
            let file_name = name
                .rsplit(['/', '\\'])
                .next()
                .filter(|n| !n.is_empty())
                .map_or_else(
                    || format!("{}_{}_flat.csv", request.table, request.language),
                    str::to_owned,
                );
            return Ok(Fetched { file_name, csv });
        }
        Err(answer(crate::t!("fetch.error.no_csv").to_owned()))
    }

    /// The answer's status read: an error for an HTTP error or an error status of the
    /// service, else the parsed answer.
    fn status_of(&self, http: u16, body: &[u8], table: &str) -> Result<Answer, FetchError> {
        let text = String::from_utf8_lossy(body);
        let answer: Answer = serde_json::from_str(&text).unwrap_or_default();
        let (code, content, kind) = match &answer.status {
            Some(status) => (status.code, status.content.clone(), status.kind.clone()),
            None => (
                answer.code.as_ref().and_then(serde_json::Value::as_i64),
                answer.content.clone(),
                answer.kind.clone(),
            ),
        };
        let own_words = content.clone().unwrap_or_else(|| {
            let short: String = text.trim().chars().take(300).collect();
            short
        });
        let original = match code {
            Some(code) => format!("HTTP {http}, {code}: {own_words}"),
            None if own_words.is_empty() => format!("HTTP {http}"),
            None => format!("HTTP {http}: {own_words}"),
        };
        let service = self.target.service.clone();
        let lower = own_words.to_lowercase();
        let about_login = [
            "anmeld", "passwort", "password", "login", "benutzer", "token",
        ]
        .iter()
        .any(|word| lower.contains(word));
        if http == 401 || http == 403 || (http >= 400 && about_login) {
            return Err(FetchError::Login { service, original });
        }
        if http == 404 && code.is_none() {
            return Err(FetchError::Service { service, original });
        }
        if code == Some(TOO_LARGE) {
            return Err(FetchError::TooLarge {
                service,
                table: table.to_owned(),
                original,
            });
        }
        if code == Some(NOTHING_MATCHES) || (http >= 400 && lower.contains("nicht vorhanden")) {
            return Err(FetchError::NoTable {
                service,
                table: table.to_owned(),
                original,
            });
        }
        let is_error = kind
            .as_deref()
            .is_some_and(|k| k.eq_ignore_ascii_case("fehler") || k.eq_ignore_ascii_case("error"));
        if http >= 400 || is_error || code.is_some_and(|c| c < 0) {
            if about_login {
                return Err(FetchError::Login { service, original });
            }
            return Err(FetchError::Service { service, original });
        }
        if answer.status.is_none() && answer.object.is_none() {
            return Err(FetchError::Answer {
                service,
                detail: original,
            });
        }
        Ok(answer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cancelled_client_asks_nothing() {
        let target = Target::new(Some("x"), Some("http://127.0.0.1:9/rest/2020/")).unwrap();
        let client = Client::new(target, None).with_cancel(Some(std::sync::Arc::new(|| true)));
        let request = TableRequest {
            table: "12411-0001".to_owned(),
            language: "de".to_owned(),
            ..TableRequest::default()
        };
        assert!(matches!(
            client.metadata(&request),
            Err(FetchError::Cancelled)
        ));
        assert!(matches!(
            client.table(&request, &mut |_| {}),
            Err(FetchError::Cancelled)
        ));
    }

    #[test]
    fn the_job_s_name_is_read_from_the_service_s_words() {
        assert_eq!(
            job_name(
                "Der Bearbeitungsauftrag wurde erstellt. Die Tabelle kann in Kürze als Ergebnis mit folgendem Namen abgerufen werden: 42153-0001_001597503 (Mindestens ein Parameter enthält ungültige Werte. Er wurde angepasst, um den Service starten zu können.: stand"
            )
            .as_deref(),
            Some("42153-0001_001597503")
        );
        assert_eq!(
            job_name("Die Tabelle kann … abgerufen werden: 12411-0015_001").as_deref(),
            Some("12411-0015_001")
        );
        assert_eq!(job_name("Der Bearbeitungsauftrag wurde erstellt."), None);
    }
}
