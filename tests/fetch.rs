//! `fetch` and `refresh` against a stand-in for the statistics offices' web service on
//! 127.0.0.1 (never the internet): it answers as the GENESIS REST interface of 2020 does in
//! the exchanges the pystatis package recorded — `metadata/table` as JSON with a status
//! block, `data/tablefile` as a ZIP holding one flat CSV, errors as the service's status
//! code and text — with tables of our own.

// Counts read back from the file are compared exactly: they were written exactly.
#![allow(clippy::float_cmp)]

use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::sync::{Arc, Mutex};

use crate::util::{Env, Run, value};

pub(crate) const TABLE: &str = "12411-02-03-4";
const USER: &str = "stand-in-user-4711";
const PASSWORD: &str = "stand-in-secret-0815";

/// One request as the stand-in received it.
#[derive(Clone, Debug)]
struct Received {
    path: String,
    headers: HashMap<String, String>,
    form: HashMap<String, String>,
}

/// What the stand-in answers.
#[derive(Clone, Debug)]
pub(crate) enum Mode {
    /// The table, in this edition (1 or 2).
    Edition(u8),
    /// The service's status for a table it does not have (HTTP 200, code 104).
    NoTable,
    /// An HTTP error with the service's text.
    Broken,
    /// Edition 1, too large for one request: only as a job of the service.
    Large,
    /// A web page with status 200 instead of the table (a portal's maintenance page).
    Page,
}

struct State {
    mode: Mode,
    received: Vec<Received>,
    /// Answers without a login (the window's test, which cannot set the environment).
    anyone: bool,
}

/// The stand-in service: a thread that answers each connection once.
pub(crate) struct StandIn {
    pub(crate) endpoint: String,
    state: Arc<Mutex<State>>,
}

impl StandIn {
    fn start(mode: Mode) -> StandIn {
        Self::serve(mode, false)
    }

    /// A stand-in that answers without a login.
    pub(crate) fn for_anyone(mode: Mode) -> StandIn {
        Self::serve(mode, true)
    }

    fn serve(mode: Mode, anyone: bool) -> StandIn {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let state = Arc::new(Mutex::new(State {
            mode,
            received: Vec::new(),
            anyone,
        }));
        let shared = state.clone();
        std::thread::Builder::new()
            .name("stand-in service".to_owned())
            .spawn(move || {
                for stream in listener.incoming() {
                    let Ok(stream) = stream else { continue };
                    answer(stream, &shared);
                }
            })
            .unwrap();
        StandIn {
            endpoint: format!("http://127.0.0.1:{port}/genesisws/rest/2020/"),
            state,
        }
    }

    pub(crate) fn set(&self, mode: Mode) {
        self.state.lock().unwrap().mode = mode;
    }

    fn received(&self) -> Vec<Received> {
        self.state.lock().unwrap().received.clone()
    }
}

fn form_decode(text: &str) -> HashMap<String, String> {
    let decode = |s: &str| {
        let bytes = s.replace('+', " ").into_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'%' && i + 2 < bytes.len() {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap();
                out.push(u8::from_str_radix(hex, 16).unwrap());
                i += 3;
            } else {
                out.push(bytes[i]);
                i += 1;
            }
        }
        String::from_utf8(out).unwrap()
    };
    text.split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(k), decode(v))
        })
        .collect()
}

fn answer(stream: TcpStream, state: &Arc<Mutex<State>>) {
    let mut reader = BufReader::new(stream);
    let mut request_line = String::new();
    reader.read_line(&mut request_line).unwrap();
    let path = request_line
        .split_whitespace()
        .nth(1)
        .unwrap_or_default()
        .to_owned();
    let mut headers = HashMap::new();
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).unwrap();
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            headers.insert(name.trim().to_ascii_lowercase(), value.trim().to_owned());
        }
    }
    let length: usize = headers
        .get("content-length")
        .and_then(|l| l.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0; length];
    reader.read_exact(&mut body).unwrap();
    let form = form_decode(&String::from_utf8_lossy(&body));
    let received = Received {
        path: path.clone(),
        headers: headers.clone(),
        form: form.clone(),
    };
    let (mode, anyone) = {
        let mut state = state.lock().unwrap();
        state.received.push(received);
        (state.mode.clone(), state.anyone)
    };
    let login_ok = anyone
        || (headers.get("username").map(String::as_str) == Some(USER)
            && headers.get("password").map(String::as_str) == Some(PASSWORD));
    let refused = (
        "401 Unauthorized",
        "application/json",
        br#"{"Code":-1,"Content":"Fehler bei der Anmeldung: Benutzername oder Passwort ist falsch.","Type":"ERROR"}"#.to_vec(),
    );
    let (status, content_type, body): (&str, &str, Vec<u8>) = match (mode, login_ok) {
        (_, false) => refused,
        (Mode::Broken, true) => (
            "503 Service Unavailable",
            "text/html",
            b"<html><body>Wartungsarbeiten bis 14 Uhr</body></html>".to_vec(),
        ),
        (Mode::NoTable, true) => (
            "200 OK",
            "application/json",
            status_only(
                104,
                "Es gibt keine Objekte zum angegebenen Selektionskriterium.",
            ),
        ),
        (Mode::Large, true) => large(&path, &form),
        (Mode::Page, true) if path.ends_with("/metadata/table") => {
            ("200 OK", "application/json", metadata(1))
        }
        (Mode::Page, true) => (
            "200 OK",
            "text/html",
            b"<!DOCTYPE html>\n<html><body>Der Dienst ist wegen Wartungsarbeiten nicht erreichbar</body></html>".to_vec(),
        ),
        (Mode::Edition(edition), true) if path.ends_with("/metadata/table") => {
            ("200 OK", "application/json", metadata(edition))
        }
        (Mode::Edition(edition), true) => ("200 OK", "application/zip", zipped(&flat_csv(edition))),
    };
    let mut stream = reader.into_inner();
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nContent-Disposition: attachment; filename={TABLE}_1749623349088_de_flat.zip\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(&body);
}

/// The job's name the stand-in gives a large table.
const JOB: &str = "12411-02-03-4_001597503";

/// A large table's ways: refused for one request (98), started as a job (99), listed as
/// done in `catalogue/jobs`, collected from `data/resultfile`.
fn large(path: &str, form: &HashMap<String, String>) -> (&'static str, &'static str, Vec<u8>) {
    let json = |body: Vec<u8>| ("200 OK", "application/json", body);
    if path.ends_with("/metadata/table") {
        return json(metadata(1));
    }
    if path.ends_with("/data/tablefile") && form.get("job").map(String::as_str) == Some("true") {
        return json(status_only(
            99,
            &format!(
                "Der Bearbeitungsauftrag wurde erstellt. Die Tabelle kann in Kürze als Ergebnis mit folgendem Namen abgerufen werden: {JOB}"
            ),
        ));
    }
    if path.ends_with("/data/tablefile") {
        return json(status_only(
            98,
            "Die angeforderte Tabelle ist zu groß für den synchronen Abruf. Bitte nutzen Sie den Hintergrundabruf (job=true).",
        ));
    }
    if path.ends_with("/catalogue/jobs") {
        return json(
            serde_json::json!({
                "Ident": {"Service": "catalogue", "Method": "jobs"},
                "Status": {"Code": 0, "Content": "erfolgreich", "Type": "Information"},
                "List": [{"Content": "Bevölkerung", "Code": JOB, "State": "Fertig", "Date": "11.06.2025", "Time": "08:29:09"}],
            })
            .to_string()
            .into_bytes(),
        );
    }
    if path.ends_with("/data/resultfile") && form.get("name").map(String::as_str) == Some(JOB) {
        return ("200 OK", "application/zip", zipped(&flat_csv(1)));
    }
    json(status_only(
        104,
        "Es gibt keine Objekte zum angegebenen Selektionskriterium.",
    ))
}

/// A status block alone, as the service answers an error.
fn status_only(code: i64, content: &str) -> Vec<u8> {
    serde_json::json!({
        "Ident": {"Service": "data", "Method": "tablefile"},
        "Status": {"Code": code, "Content": content, "Type": "Information"},
        "Parameter": {"username": "********************", "password": "********************", "name": TABLE},
    })
    .to_string()
    .into_bytes()
}

/// `metadata/table` in the recorded shape: the table's title and its `Updated`.
fn metadata(edition: u8) -> Vec<u8> {
    let updated = if edition == 1 {
        "21.11.2023 13:47:55h"
    } else {
        "19.11.2024 09:12:03h"
    };
    serde_json::json!({
        "Ident": {"Service": "metadata", "Method": "table"},
        "Status": {"Code": 0, "Content": "erfolgreich", "Type": "Information"},
        "Parameter": {"username": "********************", "password": "********************", "name": TABLE, "area": "Alle", "language": "de"},
        "Object": {
            "Code": TABLE,
            "Content": "Bevölkerung nach Geschlecht - Stichtag 31.12. -\nregionale Tiefe: Kreise und krfr. Städte",
            "Time": {"From": "31.12.2022", "To": if edition == 1 { "31.12.2023" } else { "31.12.2024" }},
            "Valid": "false",
            "Structure": {"Head": {"Code": "12411", "Content": "Fortschreibung des Bevölkerungsstandes", "Type": "Statistik"}},
            "Updated": updated,
        },
        "Copyright": "© Statistische Ämter des Bundes und der Länder, Deutschland, 2024."
    })
    .to_string()
    .into_bytes()
}

/// The table as flat CSV (our own numbers in the service's layout). Edition 2 adds 2024,
/// corrects one 2023 value and no longer has Warendorf's 2022 value.
fn flat_csv(edition: u8) -> Vec<u8> {
    let mut text = String::from(
        "\u{feff}statistics_code;statistics_label;time_code;time_label;time;1_variable_code;1_variable_label;1_variable_attribute_code;1_variable_attribute_label;value;value_unit;value_variable_code;value_variable_label\n",
    );
    let mut rows = vec![
        ("2022-12-31", "05515", "Münster, kreisfreie Stadt", "317713"),
        ("2022-12-31", "05570", "Warendorf, Kreis", "280231"),
        ("2023-12-31", "05515", "Münster, kreisfreie Stadt", "320946"),
        ("2023-12-31", "05570", "Warendorf, Kreis", "281052"),
    ];
    if edition == 2 {
        rows.remove(1);
        rows[2].3 = "281160";
        rows.push(("2024-12-31", "05515", "Münster, kreisfreie Stadt", "322904"));
        rows.push(("2024-12-31", "05570", "Warendorf, Kreis", "281618"));
    }
    for (time, key, name, value) in rows {
        writeln!(
            text,
            "12411;Fortschreibung des Bevölkerungsstandes;STAG;Stichtag;{time};KREISE;Kreise und kreisfreie Städte;{key};{name};{value};Anzahl;BEVSTD;Bevölkerungsstand"
        )
        .unwrap();
    }
    text.into_bytes()
}

fn zipped(csv: &[u8]) -> Vec<u8> {
    let mut buffer = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut buffer);
        zip.start_file(
            format!("{TABLE}_1749623349088_de_flat.csv"),
            zip::write::SimpleFileOptions::default(),
        )
        .unwrap();
        zip.write_all(csv).unwrap();
        zip.finish().unwrap();
    }
    buffer.into_inner()
}

/// Runs the binary with the stand-in's credentials in the environment.
fn run(env: &Env, args: &[&str], user: &str, password: &str) -> Run {
    Run(env
        .command(args)
        .env("LERNSTADT_GENESIS_USER", user)
        .env("LERNSTADT_GENESIS_PASSWORD", password)
        .env_remove("HTTPS_PROXY")
        .env_remove("HTTP_PROXY")
        .env_remove("ALL_PROXY")
        .output()
        .unwrap())
}

fn bytes(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap()
}

/// No file of the test's folder (the project, its backups, the logs) holds the secret.
#[track_caller]
fn nowhere(env: &Env, secret: &str) {
    let mut stack = vec![env.dir.path().to_owned()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let content = bytes(&path);
                assert!(
                    !content
                        .windows(secret.len())
                        .any(|w| w == secret.as_bytes()),
                    "{} holds the credentials",
                    path.display()
                );
            }
        }
    }
}

fn sources(project: &Path) -> Vec<(String, String, String, String, String)> {
    rusqlite::Connection::open(project)
        .unwrap()
        .prepare("SELECT table_code, service, endpoint, parameters, data_date FROM table_source ORDER BY import_id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

fn fetch_args<'a>(project: &'a str, service: &'a StandIn, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "fetch",
        project,
        "--table",
        TABLE,
        "--service",
        "stand-in",
        "--endpoint",
        &service.endpoint,
        "--json",
    ];
    args.extend_from_slice(extra);
    args
}

#[test]
fn a_table_is_fetched_imported_as_one_step_and_remembered() {
    let env = Env::new();
    let service = StandIn::start(Mode::Edition(1));
    let project = env.new_project("fetch.lernstadt");
    let path = project.to_str().unwrap();
    let done = run(
        &env,
        &fetch_args(
            path,
            &service,
            &["--from-year", "2022", "--region-key", "05515", "05570"],
        ),
        USER,
        PASSWORD,
    )
    .expect_code(0)
    .json();
    let table = &done["tables"][0];
    assert_eq!(table["report"]["inserted"], 4, "{done:#}");
    assert_eq!(table["data_date"], "2023-11-21");
    assert_eq!(table["new_values"], 4);
    assert_eq!(done["applied"], true);
    assert_eq!(
        value(&project, "12411:BEVSTD", "05515", "2023-12-31", ""),
        320_946.0
    );

    // What was sent: the form the interface names, the credentials in the headers only.
    let received = service.received();
    let table_request = received
        .iter()
        .find(|r| r.path.ends_with("/data/tablefile"))
        .expect("a tablefile request");
    let form = &table_request.form;
    for (name, expected) in [
        ("name", TABLE),
        ("area", "all"),
        ("format", "ffcsv"),
        ("compress", "false"),
        ("language", "de"),
        ("startyear", "2022"),
        ("endyear", ""),
        ("regionalvariable", "KREISE"),
        ("regionalkey", "05515,05570"),
        ("job", "false"),
    ] {
        assert_eq!(
            form.get(name).map(String::as_str),
            Some(expected),
            "{name} in {form:?}"
        );
    }
    assert!(!form.contains_key("username") && !form.contains_key("password"));
    assert_eq!(
        table_request.headers.get("username").map(String::as_str),
        Some(USER)
    );
    assert!(received.iter().any(|r| r.path.ends_with("/metadata/table")));

    // Remembered with the request, never with the credentials.
    let remembered = sources(&project);
    assert_eq!(remembered.len(), 1);
    let (code, name, endpoint, parameters, data_date) = &remembered[0];
    assert_eq!((code.as_str(), name.as_str()), (TABLE, "stand-in"));
    assert_eq!(endpoint, &service.endpoint);
    assert!(parameters.contains("\"from_year\":2022"), "{parameters}");
    assert_eq!(data_date, "2023-11-21");
    nowhere(&env, PASSWORD);
    nowhere(&env, USER);

    // One undo step takes the values and the memory back.
    run(&env, &["undo", path], USER, PASSWORD).expect_code(0);
    let count: i64 = rusqlite::Connection::open(&project)
        .unwrap()
        .query_row("SELECT count(*) FROM observation", [], |r| r.get(0))
        .unwrap();
    assert_eq!(count, 0);
    let refresh = run(&env, &["refresh", path, "--json"], USER, PASSWORD).expect_code(0);
    assert_eq!(refresh.json()["tables"].as_array().map(Vec::len), Some(0));
}

#[test]
fn a_refresh_says_what_the_new_edition_changes_and_applies_it_as_one_step() {
    let env = Env::new();
    let service = StandIn::start(Mode::Edition(1));
    let project = env.new_project("refresh.lernstadt");
    let path = project.to_str().unwrap();
    run(&env, &fetch_args(path, &service, &[]), USER, PASSWORD).expect_code(0);
    service.set(Mode::Edition(2));

    // The dry run says it all and changes nothing.
    let before = bytes(&project);
    let dry = run(
        &env,
        &["refresh", path, "--dry-run", "--json"],
        USER,
        PASSWORD,
    )
    .expect_code(0)
    .json();
    assert_eq!(bytes(&project), before, "a dry run changed the project");
    let table = &dry["tables"][0];
    assert_eq!(dry["applied"], false);
    assert_eq!(table["data_date_before"], "2023-11-21");
    assert_eq!(table["data_date"], "2024-11-19");
    assert_eq!(
        table["new_periods"],
        serde_json::json!([{"period": "2024-12-31", "values": 2}]),
        "{table:#}"
    );
    assert_eq!(table["changed"], 1);
    assert_eq!(table["changes"][0]["region"], "05570");
    assert_eq!(table["changes"][0]["old"], "281052");
    assert_eq!(table["changes"][0]["new"], "281160");
    assert_eq!(table["gone"], 1);
    assert_eq!(table["gone_values"][0]["period"], "2022-12-31");
    assert_eq!(table["gone_values"][0]["region"], "05570");

    // The text says the same in words.
    let text = run(&env, &["refresh", path, "--dry-run"], USER, PASSWORD).expect_code(0);
    let out = text.stdout();
    assert!(out.contains("edition 2023-11-21 -> 2024-11-19"), "{out}");
    assert!(out.contains("New periods: 2024-12-31 (2 values)"), "{out}");
    assert!(
        out.contains("12411:BEVSTD · 05570 · 2023-12-31: 281052 -> 281160"),
        "{out}"
    );
    assert!(out.contains("Dry run"), "{out}");

    // Applied: one step, the value gone stays, undo brings the old edition back.
    let applied = run(&env, &["refresh", path, "--json"], USER, PASSWORD)
        .expect_code(0)
        .json();
    assert_eq!(applied["applied"], true);
    assert_eq!(
        value(&project, "12411:BEVSTD", "05570", "2023-12-31", ""),
        281_160.0
    );
    assert_eq!(
        value(&project, "12411:BEVSTD", "05515", "2024-12-31", ""),
        322_904.0
    );
    assert_eq!(
        value(&project, "12411:BEVSTD", "05570", "2022-12-31", ""),
        280_231.0
    );
    assert_eq!(sources(&project).last().unwrap().4, "2024-11-19");
    run(&env, &["undo", path], USER, PASSWORD).expect_code(0);
    assert_eq!(
        value(&project, "12411:BEVSTD", "05570", "2023-12-31", ""),
        281_052.0
    );
    let again = run(
        &env,
        &["refresh", path, "--dry-run", "--json"],
        USER,
        PASSWORD,
    )
    .expect_code(0)
    .json();
    assert_eq!(again["tables"][0]["data_date_before"], "2023-11-21");

    // Refreshing the same edition again changes nothing.
    run(&env, &["redo", path], USER, PASSWORD).expect_code(0);
    let same = run(&env, &["refresh", path, "--json"], USER, PASSWORD)
        .expect_code(0)
        .json();
    assert_eq!(same["applied"], false);
    assert_eq!(same["tables"][0]["changed"], 0);
    assert_eq!(same["tables"][0]["report"]["unchanged"], 5);
    nowhere(&env, PASSWORD);
}

#[test]
fn the_service_s_errors_and_no_network_leave_the_project_as_it_was() {
    let env = Env::new();
    let service = StandIn::start(Mode::NoTable);
    let project = env.new_project("errors.lernstadt");
    let path = project.to_str().unwrap();
    let before = bytes(&project);

    let run_fetch = |endpoint: &str, password: &str| {
        let args = [
            "fetch",
            path,
            "--table",
            TABLE,
            "--service",
            "stand-in",
            "--endpoint",
            endpoint,
        ];
        run(&env, &args, USER, password).expect_code(1)
    };

    // The service has no such table: the user's words, then the service's own.
    let failed = run_fetch(&service.endpoint, PASSWORD);
    let message = failed.stderr();
    assert!(
        message.contains("The web service stand-in has no table 12411-02-03-4"),
        "{message}"
    );
    assert!(
        message.contains("104: Es gibt keine Objekte zum angegebenen Selektionskriterium."),
        "{message}"
    );
    assert_eq!(bytes(&project), before);

    // An HTTP error: its status and text.
    service.set(Mode::Broken);
    let message = run_fetch(&service.endpoint, PASSWORD).stderr();
    assert!(
        message.contains("The web service stand-in did not give the table"),
        "{message}"
    );
    assert!(
        message.contains("HTTP 503") && message.contains("Wartungsarbeiten"),
        "{message}"
    );
    assert_eq!(bytes(&project), before);

    // A web page instead of the table: said, with its words.
    service.set(Mode::Page);
    let message = run_fetch(&service.endpoint, PASSWORD).stderr();
    assert!(
        message.contains("answered with something that is not a table")
            && message.contains("Wartungsarbeiten"),
        "{message}"
    );
    assert_eq!(bytes(&project), before);

    // A wrong password: the login named, the service's words, the secret nowhere.
    service.set(Mode::Edition(1));
    let wrong = "wrong-secret-1234";
    let failed = run_fetch(&service.endpoint, wrong);
    let message = failed.stderr();
    assert!(message.contains("did not accept the login"), "{message}");
    assert!(
        message.contains("HTTP 401") && message.contains("Benutzername oder Passwort"),
        "{message}"
    );
    assert!(!message.contains(wrong) && !failed.stdout().contains(wrong));
    assert_eq!(bytes(&project), before);

    // No network: a port nobody listens on.
    let closed = {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let endpoint = format!("http://127.0.0.1:{closed}/genesisws/rest/2020/");
    let message = run_fetch(&endpoint, PASSWORD).stderr();
    assert!(
        message.contains("The web service stand-in could not be reached"),
        "{message}"
    );
    assert!(message.contains("Nothing was changed"), "{message}");
    assert_eq!(bytes(&project), before);

    // Refresh of a table the project does not remember: said, nothing fetched.
    let unknown = run(
        &env,
        &["refresh", path, "--table", "99999-0001"],
        USER,
        PASSWORD,
    )
    .expect_code(1);
    assert!(
        unknown.stderr().contains("remembers no table 99999-0001"),
        "{}",
        unknown.stderr()
    );
    assert_eq!(bytes(&project), before);
    nowhere(&env, PASSWORD);
    nowhere(&env, wrong);
}

#[test]
fn a_refresh_that_cannot_reach_the_service_changes_nothing() {
    let env = Env::new();
    let service = StandIn::start(Mode::Edition(1));
    let project = env.new_project("offline.lernstadt");
    let path = project.to_str().unwrap();
    run(&env, &fetch_args(path, &service, &[]), USER, PASSWORD).expect_code(0);
    let before = bytes(&project);
    let closed = {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let endpoint = format!("http://127.0.0.1:{closed}/genesisws/rest/2020/");
    let failed = run(
        &env,
        &["refresh", path, "--endpoint", &endpoint],
        USER,
        PASSWORD,
    )
    .expect_code(1);
    assert!(
        failed.stderr().contains("could not be reached"),
        "{}",
        failed.stderr()
    );
    assert_eq!(bytes(&project), before);
}

#[test]
fn a_downloaded_flat_file_named_by_the_service_is_remembered_and_refreshed() {
    let env = Env::new();
    let service = StandIn::start(Mode::Edition(2));
    let project = env.new_project("file.lernstadt");
    let path = project.to_str().unwrap();
    let file = env.path(&format!("{TABLE}_de_flat.csv"));
    std::fs::write(&file, flat_csv(1)).unwrap();
    env.import(&project, &file, &[]);
    let remembered = sources(&project);
    assert_eq!(remembered.len(), 1);
    assert_eq!(remembered[0].0, TABLE);
    assert_eq!(remembered[0].1, "", "a downloaded file names no service");

    let dry = run(
        &env,
        &[
            "refresh",
            path,
            "--endpoint",
            &service.endpoint,
            "--dry-run",
            "--json",
        ],
        USER,
        PASSWORD,
    )
    .expect_code(0)
    .json();
    let table = &dry["tables"][0];
    assert_eq!(table["table"], TABLE);
    assert_eq!(table["changed"], 1, "{table:#}");
    assert_eq!(table["gone"], 1);
}

#[test]
fn a_downloaded_classic_table_remembers_the_code_of_its_first_line() {
    let env = Env::new();
    let project = env.new_project("classic.lernstadt");
    env.import(
        &project,
        &crate::util::fixture("table_period_column.csv"),
        &[],
    );
    let remembered = sources(&project);
    assert_eq!(remembered.len(), 1, "{remembered:?}");
    let (code, service, endpoint, parameters, data_date) = &remembered[0];
    assert_eq!(code, "21111-02-06-4");
    assert_eq!((service.as_str(), endpoint.as_str()), ("", ""));
    assert_eq!(parameters, "{}");
    assert_eq!(data_date, "2025-03-13");
    let title: String = rusqlite::Connection::open(&project)
        .unwrap()
        .query_row("SELECT title FROM table_source", [], |r| r.get(0))
        .unwrap();
    assert!(title.starts_with("Absolvierende/Abgehende"), "{title}");
}

#[test]
fn a_table_too_large_for_one_request_is_fetched_as_a_job() {
    let env = Env::new();
    let service = StandIn::start(Mode::Large);
    let project = env.new_project("job.lernstadt");
    let path = project.to_str().unwrap();
    let done = run(&env, &fetch_args(path, &service, &[]), USER, PASSWORD).expect_code(0);
    assert!(done.stderr().contains(JOB), "{}", done.stderr());
    assert_eq!(done.json()["tables"][0]["report"]["inserted"], 4);
    let paths: Vec<String> = service
        .received()
        .iter()
        .map(|r| r.path.rsplit("/rest/2020/").next().unwrap().to_owned())
        .collect();
    assert_eq!(
        paths,
        [
            "metadata/table",
            "data/tablefile",
            "data/tablefile",
            "catalogue/jobs",
            "data/resultfile"
        ]
    );
    let remembered = sources(&project);
    assert_eq!(
        remembered[0].0, TABLE,
        "the table, not the job, is remembered"
    );
}

/// `login` reads the credentials from standard input into the system's keychain, where
/// `fetch` finds them without the environment variables; where this system has no usable
/// keychain (a container without a kernel key store), it says so and stores nothing.
#[test]
fn a_login_in_the_keychain_is_used_or_its_absence_is_said() {
    let env = Env::new();
    let service = StandIn::start(Mode::Edition(1));
    let name = format!("stand-in-{}", std::process::id());
    let login = |extra: &[&str], input: &str| {
        let mut args = vec!["login", "--service", &name, "--endpoint", &service.endpoint];
        args.extend_from_slice(extra);
        let mut child = env
            .command(&args)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
        Run(child.wait_with_output().unwrap())
    };
    let stored = login(&[], &format!("{USER}\n{PASSWORD}\n"));
    assert!(!stored.stdout().contains(PASSWORD) && !stored.stderr().contains(PASSWORD));
    if stored.code() != 0 {
        assert_eq!(stored.code(), 1);
        assert!(
            stored.stderr().contains("keychain could not be used"),
            "{}",
            stored.stderr()
        );
        return;
    }
    let project = env.new_project("keychain.lernstadt");
    let path = project.to_str().unwrap();
    let fetched = Run(env
        .command(&[
            "fetch",
            path,
            "--table",
            TABLE,
            "--service",
            &name,
            "--endpoint",
            &service.endpoint,
        ])
        .env_remove("LERNSTADT_GENESIS_USER")
        .env_remove("LERNSTADT_GENESIS_PASSWORD")
        .output()
        .unwrap());
    login(&["--forget"], "").expect_code(0);
    fetched.expect_code(0);
    nowhere(&env, PASSWORD);
}

/// A copy without history and a merge carry what the project remembers: the copy and the
/// merged project refresh the table as the original does.
#[test]
fn copies_and_merges_remember_the_tables_too() {
    let env = Env::new();
    let service = StandIn::start(Mode::Edition(1));
    let original = env.new_project("original.lernstadt");
    let colleague = env.path("colleague.lernstadt");
    let plain = env.path("plain.lernstadt");
    let path = |p: &Path| p.to_str().unwrap().to_owned();
    run(
        &env,
        &["share-copy", &path(&original), &path(&colleague)],
        USER,
        PASSWORD,
    )
    .expect_code(0);
    run(
        &env,
        &fetch_args(&path(&original), &service, &[]),
        USER,
        PASSWORD,
    )
    .expect_code(0);
    run(
        &env,
        &[
            "share-copy",
            &path(&original),
            &path(&plain),
            "--without-history",
        ],
        USER,
        PASSWORD,
    )
    .expect_code(0);
    run(
        &env,
        &["merge", &path(&colleague), &path(&original)],
        USER,
        PASSWORD,
    )
    .expect_code(0);
    service.set(Mode::Edition(2));
    for project in [&plain, &colleague] {
        let dry = run(
            &env,
            &["refresh", &path(project), "--dry-run", "--json"],
            USER,
            PASSWORD,
        )
        .expect_code(0)
        .json();
        assert_eq!(
            dry["tables"][0]["table"],
            TABLE,
            "{}: {dry:#}",
            project.display()
        );
        assert_eq!(dry["tables"][0]["changed"], 1);
    }
}
