//! Commands on copies of a project: `share-copy`, `diff`, `merge`.

use std::path::PathBuf;
use std::process::ExitCode;

use lernstadt_core::i18n;
use lernstadt_core::store::{Host, OpenMode, Store};
use lernstadt_core::t;

/// `lernstadt share-copy SRC DST [--without-personal-data] [--without-history]
/// [--for-publication] [--json]`.
#[derive(Debug, clap::Args)]
#[expect(
    clippy::struct_excessive_bools,
    reason = "command-line flags, each its own switch"
)]
pub struct ShareCopyCommand {
    pub src: PathBuf,
    pub dst: PathBuf,
    #[arg(long)]
    pub without_personal_data: bool,
    #[arg(long)]
    pub without_history: bool,
    #[arg(long)]
    pub for_publication: bool,
    #[arg(long)]
    pub json: bool,
}

/// `lernstadt diff A B [--json]`.
#[derive(Debug, clap::Args)]
pub struct DiffCommand {
    pub a: PathBuf,
    pub b: PathBuf,
    #[arg(long)]
    pub json: bool,
}

/// `lernstadt merge TARGET OTHER [--json] [--dry-run]`.
#[derive(Debug, clap::Args)]
pub struct MergeCommand {
    pub target: PathBuf,
    pub other: PathBuf,
    #[arg(long)]
    pub json: bool,
    #[arg(long)]
    pub dry_run: bool,
    /// Resolve every conflict for OTHER: its value is applied where both copies changed
    /// one thing differently (what still cannot be applied is listed).
    #[arg(long)]
    pub take_theirs: bool,
}

impl ShareCopyCommand {
    pub(super) fn run(&self, host: &Host) -> anyhow::Result<ExitCode> {
        let options = lernstadt_core::copies::share::ShareOptions {
            without_personal_data: self.without_personal_data,
            without_history: self.without_history,
            for_publication: self.for_publication,
        };
        let report = lernstadt_core::copies::share::share_copy(
            &self.src,
            &self.dst,
            options,
            host,
            &lernstadt_core::progress::Progress::default(),
        )?;
        if self.json {
            out!("{}", serde_json::to_string_pretty(&report)?);
        } else {
            out!(
                "{}",
                t!(
                    "cli.share-copy.done",
                    path = report.path.display(),
                    size = i18n::format_bytes(report.bytes)
                )
            );
            if self.without_personal_data {
                out!(
                    "{}",
                    t!(
                        "cli.share-copy.personal",
                        values = report.personal_values_removed,
                        people = report.people_renamed
                    )
                );
            }
            if self.without_history || self.for_publication {
                out!(
                    "{}",
                    t!("cli.share-copy.history", actions = report.actions_removed)
                );
            }
            if self.for_publication {
                out!(
                    "{}",
                    t!("cli.share-copy.hidden", values = report.values_hidden)
                );
            }
        }
        Ok(ExitCode::SUCCESS)
    }
}

impl DiffCommand {
    pub(super) fn run(&self, host: &Host) -> anyhow::Result<ExitCode> {
        let a = Store::open(&self.a, OpenMode::ReadOnly, host)?;
        let b = Store::open(&self.b, OpenMode::ReadOnly, host)?;
        let diff = lernstadt_core::copies::diff::diff(&a, &b)?;
        if self.json {
            out!("{}", serde_json::to_string_pretty(&diff)?);
            return Ok(ExitCode::SUCCESS);
        }
        for line in diff.lines() {
            out!("{}{}", "  ".repeat(line.indent), line.text);
        }
        Ok(ExitCode::SUCCESS)
    }
}

impl MergeCommand {
    pub(super) fn run(&self, host: &Host) -> anyhow::Result<ExitCode> {
        let mut target = Store::open(&self.target, OpenMode::ReadWrite, host)?;
        let other = Store::open(&self.other, OpenMode::ReadOnly, host)?;
        // For OTHER: the conflicts a dry run finds, each resolved for it.
        let resolutions = if self.take_theirs {
            let preview = lernstadt_core::copies::merge::merge(
                &mut target,
                &other,
                &lernstadt_core::copies::merge::MergeOptions {
                    dry_run: true,
                    ..Default::default()
                },
            )?;
            preview
                .conflicts
                .iter()
                .map(|c| (c.key(), lernstadt_core::copies::merge::Side::Theirs))
                .collect()
        } else {
            std::collections::HashMap::new()
        };
        let options = lernstadt_core::copies::merge::MergeOptions {
            dry_run: self.dry_run,
            resolutions,
            ..Default::default()
        };
        let report = lernstadt_core::copies::merge::merge(&mut target, &other, &options)?;
        other.close()?;
        target.close()?;
        if self.json {
            out!("{}", serde_json::to_string_pretty(&report)?);
            return Ok(ExitCode::SUCCESS);
        }
        let key = if self.dry_run {
            "cli.merge.dry_run_done"
        } else {
            "cli.merge.done"
        };
        out!(
            "{}",
            i18n::trf(
                key,
                &[
                    ("applied", &report.applied.len()),
                    ("observations", &report.observations_applied),
                    ("kept", &report.kept.len()),
                    ("conflicts", &report.conflicts.len()),
                ]
            )
        );
        for item in &report.applied {
            out!("  + {} {}", item.entity.name, item.what());
        }
        for conflict in &report.conflicts {
            let [base, ours, theirs] = conflict.value_texts();
            out!(
                "  ! {}",
                t!(
                    "cli.merge.conflict",
                    name = conflict.entity.name,
                    field = conflict.field_label(),
                    base = base,
                    ours = ours,
                    theirs = theirs
                )
            );
        }
        Ok(ExitCode::SUCCESS)
    }
}
