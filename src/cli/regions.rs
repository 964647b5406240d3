//! `lernstadt regions FILE [--mine KEY] [--compare KEY…] [--name NAME] [--json]`: my
//! region and the project's comparison regions, shown or set (one undoable step).

use std::path::PathBuf;
use std::process::ExitCode;

use lernstadt_core::store::{ActionKind, Host, OpenMode, Store};
use lernstadt_core::t;

use super::UsageError;

/// `lernstadt regions FILE [--mine KEY] [--compare KEY…] [--name NAME] [--json]`.
#[derive(Debug, clap::Args)]
pub struct RegionsCommand {
    pub file: PathBuf,
    #[arg(long)]
    pub mine: Option<String>,
    #[arg(long, num_args = 1..)]
    pub compare: Vec<String>,
    #[arg(long)]
    pub name: Option<String>,
    #[arg(long)]
    pub json: bool,
}

impl RegionsCommand {
    pub(super) fn run(&self, host: &Host) -> anyhow::Result<ExitCode> {
        let Self {
            file,
            mine,
            compare,
            name,
            json,
        } = self;
        if mine.is_some() || !compare.is_empty() || name.is_some() {
            let mut store = Store::open(file, OpenMode::ReadWrite, host)?;
            let regions = lernstadt_core::store::regions::list(store.conn())?;
            let chosen = compare
                .iter()
                .map(|key| {
                    regions
                        .iter()
                        .find(|r| r.key == key.trim())
                        .map(|r| r.uuid)
                        .ok_or_else(|| UsageError(t!("cli.regions.unknown", key = key)))
                })
                .collect::<Result<Vec<_>, _>>()?;
            if let Some(key) = mine
                && let Some(problem) = lernstadt_core::model::validate::region_key(key)
            {
                return Err(UsageError(problem).into());
            }
            store.transact(ActionKind::Edit, t!("cli.regions.action"), |tx| {
                if let Some(key) = mine {
                    let mut project = lernstadt_core::store::project::get(tx.conn())?.project;
                    key.trim().clone_into(&mut project.region_key);
                    tx.update(&project)?;
                }
                if !compare.is_empty() || name.is_some() {
                    let keep = if compare.is_empty() {
                        lernstadt_core::store::regions::comparison(tx.conn())?
                            .into_iter()
                            .map(|c| c.region)
                            .collect()
                    } else {
                        chosen.clone()
                    };
                    lernstadt_core::store::regions::set_comparison(tx, &keep, name.as_deref())?;
                }
                Ok(())
            })?;
            store.close()?;
        }
        self.show(host, *json)
    }

    /// Prints my region and the comparison regions (as JSON with `json`).
    fn show(&self, host: &Host, json: bool) -> anyhow::Result<ExitCode> {
        let store = Store::open(&self.file, OpenMode::ReadOnly, host)?;
        let mut data = lernstadt_core::snapshot::Snapshot::default();
        data.refresh(&store)?;
        store.close()?;
        let project = data
            .project
            .clone()
            .expect("a snapshot of an open project holds the project");
        let mine = data.my_region.and_then(|r| data.region(r));
        let compared: Vec<&lernstadt_core::model::Region> = data
            .comparison
            .iter()
            .filter_map(|r| data.region(*r))
            .collect();
        if json {
            let region = |r: &lernstadt_core::model::Region| serde_json::json!({"key": r.key, "name": r.name, "level": r.level.code()});
            out!(
                "{}",
                serde_json::to_string_pretty(&serde_json::json!({
                    "mine": {
                        "key": project.region_key,
                        "name": mine.map(|r| r.name.clone()),
                    },
                    "comparison_name": project.comparison_name,
                    "comparison": compared.iter().map(|r| region(r)).collect::<Vec<_>>(),
                }))?
            );
            return Ok(ExitCode::SUCCESS);
        }
        out!(
            "{}",
            match (mine, project.region_key.as_str()) {
                (_, "") => t!("regions.mine_none").to_owned(),
                (Some(region), _) => t!("regions.mine", name = region.name, key = region.key),
                (None, key) => match lernstadt_core::model::official_regions::name(key) {
                    Some(name) => t!("regions.mine_official", name = name, key = key),
                    None => t!("regions.mine_not_yet", key = key),
                },
            }
        );
        let title = if project.comparison_name.is_empty() {
            t!("cli.regions.compared").to_owned()
        } else {
            project.comparison_name.clone()
        };
        if compared.is_empty() {
            out!("{}", t!("cli.regions.none_compared"));
        } else {
            out!("{title}:");
            for region in compared {
                out!("  {}  {}", region.key, region.name);
            }
        }
        Ok(ExitCode::SUCCESS)
    }
}
