//! `fetch` and `refresh`: tables from the statistics offices' web service into a project,
//! and the yearly update of every remembered table in one step (issue 28).
//!
//! The network comes first: the project is opened for writing only when every table is
//! in, so an unreachable service or a refused login leaves the file byte for byte as it
//! was (exit code 1, a message naming the service and what happened).

use std::path::PathBuf;
use std::process::ExitCode;

use lernstadt_core::fetch::{self, Client, Credentials, TableRequest, Target, Update};
use lernstadt_core::store::{Host, OpenMode, Store};
use lernstadt_core::t;

use super::UsageError;

/// `lernstadt fetch FILE --table CODE [--service NAME] [--endpoint URL] [--from-year Y]
/// [--to-year Y] [--region-key KEY…] [--region-variable NAME] [--language de|en]
/// [--dry-run] [--json]`.
#[derive(Debug, clap::Args)]
pub struct FetchCommand {
    pub file: PathBuf,
    #[arg(long)]
    pub table: String,
    #[arg(long)]
    pub service: Option<String>,
    #[arg(long)]
    pub endpoint: Option<String>,
    #[arg(long)]
    pub from_year: Option<i32>,
    #[arg(long)]
    pub to_year: Option<i32>,
    #[arg(long, num_args = 1..)]
    pub region_key: Vec<String>,
    #[arg(long)]
    pub region_variable: Option<String>,
    #[arg(long, default_value = "de")]
    pub language: String,
    #[arg(long)]
    pub dry_run: bool,
    #[arg(long)]
    pub json: bool,
}

impl FetchCommand {
    pub(super) fn run(&self, host: &Host) -> anyhow::Result<ExitCode> {
        let Self {
            file,
            table,
            service,
            endpoint,
            from_year,
            to_year,
            region_key,
            region_variable,
            language,
            dry_run,
            json,
        } = self;
        if !matches!(language.as_str(), "de" | "en") {
            return Err(UsageError(t!("cli.fetch.bad_language", value = language)).into());
        }
        let region_variable = match (region_variable, region_key.is_empty()) {
            (Some(variable), _) => Some(variable.trim().to_owned()),
            (None, true) => None,
            (None, false) => Some(
                fetch::region_variable_for(region_key)
                    .ok_or_else(|| UsageError(t!("cli.fetch.region_variable_needed").to_owned()))?
                    .to_owned(),
            ),
        };
        let request = TableRequest {
            table: table.trim().to_owned(),
            from_year: *from_year,
            to_year: *to_year,
            region_variable,
            region_keys: region_key.iter().map(|k| k.trim().to_owned()).collect(),
            language: language.clone(),
        };
        request.check()?;
        let target = Target::new(service.as_deref(), endpoint.as_deref())?;
        // The project must open before anything is fetched (a wrong path is said at once),
        // but for reading only: the network may fail, and then nothing was written.
        Store::open(file, OpenMode::ReadOnly, host)?.close()?;
        log::info!(
            "fetching table {} from {} ({})",
            request.table,
            target.service,
            target.endpoint
        );
        let credentials = Credentials::find(&target.service);
        let client = Client::new(target, credentials);
        let download = fetch::download(&client, &request, &mut |job| {
            eprintln!("{}", t!("cli.fetch.job", table = request.table, job = job));
        })?;
        let mut store = open_for_writing(file, host)?;
        let update = fetch::apply(
            &mut store,
            &[download],
            &format!("fetch {}", request.table),
            *dry_run,
            &std::sync::Arc::new(lernstadt_core::import::Progress::default()),
        )?;
        store.close()?;
        print_update(&update, *json)
    }
}

/// `lernstadt refresh FILE [--table CODE…] [--endpoint URL] [--dry-run] [--json]`.
#[derive(Debug, clap::Args)]
pub struct RefreshCommand {
    pub file: PathBuf,
    #[arg(long, num_args = 1..)]
    pub table: Vec<String>,
    #[arg(long)]
    pub endpoint: Option<String>,
    #[arg(long)]
    pub dry_run: bool,
    #[arg(long)]
    pub json: bool,
}

impl RefreshCommand {
    pub(super) fn run(&self, host: &Host) -> anyhow::Result<ExitCode> {
        let Self {
            file,
            table,
            endpoint,
            dry_run,
            json,
        } = self;
        let requests = {
            let store = Store::open(file, OpenMode::ReadOnly, host)?;
            let requests = fetch::remembered_requests(&store, table, endpoint.as_deref())?;
            store.close()?;
            requests
        };
        if requests.is_empty() {
            if *json {
                out!(
                    "{}",
                    serde_json::json!({ "tables": [], "dry_run": dry_run, "applied": false })
                );
            } else {
                out!("{}", t!("cli.refresh.nothing"));
            }
            return Ok(ExitCode::SUCCESS);
        }
        for (target, request) in &requests {
            log::info!(
                "refreshing table {} from {} ({})",
                request.table,
                target.service,
                target.endpoint
            );
        }
        let downloads = fetch::download_all(
            &requests,
            &mut |target| Credentials::find(&target.service),
            &mut |table, job| eprintln!("{}", t!("cli.fetch.job", table = table, job = job)),
            None,
        )?;
        let mut store = open_for_writing(file, host)?;
        let update = fetch::apply(
            &mut store,
            &downloads,
            &refresh_label(&requests),
            *dry_run,
            &std::sync::Arc::new(lernstadt_core::import::Progress::default()),
        )?;
        store.close()?;
        print_update(&update, *json)
    }
}

/// The history's name for a refresh: `refresh 12411-01-01-4, 21111-02-06-4, …`.
fn refresh_label(requests: &[(Target, TableRequest)]) -> String {
    const NAMED: usize = 3;
    let mut codes: Vec<&str> = requests
        .iter()
        .take(NAMED)
        .map(|(_, request)| request.table.as_str())
        .collect();
    if requests.len() > NAMED {
        codes.push("…");
    }
    format!("refresh {}", codes.join(", "))
}

fn open_for_writing(file: &std::path::Path, host: &Host) -> anyhow::Result<Store> {
    let store = Store::open(file, OpenMode::ReadWrite, host)?;
    if let Some(reason) = store.read_only() {
        anyhow::bail!(reason.message(file));
    }
    Ok(store)
}

/// How many changed or gone values the text output lists per table.
const SHOWN: usize = 20;

/// Prints what a fetch or refresh did; exit code 1 when a table had rows rejected.
fn print_update(update: &Update, json: bool) -> anyhow::Result<ExitCode> {
    let rejected = update.tables.iter().any(|t| t.report.rejected > 0);
    let code = if rejected {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    };
    if json {
        out!("{}", serde_json::to_string_pretty(update)?);
        return Ok(code);
    }
    for line in fetch::describe(update, SHOWN) {
        out!("{line}");
    }
    Ok(code)
}

/// `lernstadt login --service NAME [--endpoint URL] [--forget]`: stores the service's user
/// name (or token) and password in the operating system's keychain, read from standard
/// input (first line the user name or token, second the password), never from the command
/// line.
#[derive(Debug, clap::Args)]
pub struct LoginCommand {
    #[arg(long)]
    pub service: Option<String>,
    #[arg(long)]
    pub endpoint: Option<String>,
    #[arg(long)]
    pub forget: bool,
}

impl LoginCommand {
    pub(super) fn run(&self) -> anyhow::Result<ExitCode> {
        let Self {
            service,
            endpoint,
            forget,
        } = self;
        let target = Target::new(service.as_deref(), endpoint.as_deref())?;
        if *forget {
            let had = fetch::keychain::forget(&target.service)?;
            let message = if had {
                t!("cli.login.forgotten", service = target.service)
            } else {
                t!("cli.login.nothing_stored", service = target.service)
            };
            out!("{message}");
            return Ok(ExitCode::SUCCESS);
        }
        let stdin = std::io::stdin();
        let terminal = std::io::IsTerminal::is_terminal(&stdin);
        let read = |prompt: &str| -> anyhow::Result<String> {
            if terminal {
                eprint!("{prompt} ");
            }
            let mut line = String::new();
            std::io::BufRead::read_line(&mut stdin.lock(), &mut line)?;
            Ok(line.trim_end_matches(['\r', '\n']).to_owned())
        };
        let user = read(t!("cli.login.user_prompt"))?;
        if user.trim().is_empty() {
            return Err(UsageError(t!("cli.login.no_user").to_owned()).into());
        }
        let password = read(t!("cli.login.password_prompt"))?;
        fetch::keychain::store(
            &target.service,
            &Credentials {
                user: user.trim().to_owned(),
                password,
            },
        )?;
        out!("{}", t!("cli.login.stored", service = target.service));
        Ok(ExitCode::SUCCESS)
    }
}
