//! The windows for copies of a project: sharing a copy (with or without personal data), comparing with
//! another copy, and merging from one with a choice per conflict.

use std::collections::HashMap;
use std::path::PathBuf;

use egui::RichText;

use crate::command::{Command, Commands};
use lernstadt_core::copies::diff::Diff;
use lernstadt_core::copies::merge::{ConflictKey, MergeReport, Side};
use lernstadt_core::copies::share::ShareReport;
use lernstadt_core::t;

/// The windows for copies that are open.
#[derive(Debug, Default)]
pub struct CopyWindows {
    pub share: Option<ShareWindow>,
    pub compare: Option<(PathBuf, anyhow::Result<Diff>)>,
    pub merge: Option<MergeWindow>,
}

/// Share a copy: the options, and what the last copy came to.
#[derive(Debug)]
pub struct ShareWindow {
    pub without_personal_data: bool,
    pub without_history: bool,
    /// Small counts hidden as the protection rule says, the history left out.
    pub for_publication: bool,
    pub result: Option<anyhow::Result<ShareReport>>,
}

/// Merge from another copy: what a merge would do, and the user's choice per conflict.
#[derive(Debug)]
pub struct MergeWindow {
    pub other: PathBuf,
    pub preview: anyhow::Result<MergeReport>,
    pub choices: HashMap<ConflictKey, Side>,
}

/// Draws whichever windows for copies are open.
pub fn copies_ui(ctx: &egui::Context, copies: &mut CopyWindows, commands: &mut Commands) {
    share_ui(ctx, copies, commands);
    compare_ui(ctx, copies);
    merge_ui(ctx, copies, commands);
}

/// What the task window shows of the running task.
pub struct TaskView<'a> {
    /// What it does.
    pub label: &'a str,
    /// How far it is, when known.
    pub fraction: Option<f32>,
    /// What it waits for before it can start (another program holds the file).
    pub waiting: Option<String>,
}

/// The running task (share, compare, merge, report, chart): what it does, how far it is (or
/// what it waits for), and Cancel. The rest of the window keeps drawing meanwhile.
pub fn task_ui(ctx: &egui::Context, task: Option<TaskView<'_>>, commands: &mut Commands) {
    let Some(TaskView {
        label,
        fraction,
        waiting,
    }) = task
    else {
        return;
    };
    egui::Window::new(t!("task.title"))
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::CENTER_BOTTOM, egui::vec2(0.0, -24.0))
        .show(ctx, |ui| {
            ui.label(label);
            if let Some(waiting) = &waiting {
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.label(waiting);
                });
            }
            let bar = match fraction {
                Some(fraction) => egui::ProgressBar::new(fraction).show_percentage(),
                None => egui::ProgressBar::new(0.0).animate(true),
            };
            ui.add(bar.desired_width(320.0));
            if ui.button(t!("task.cancel")).clicked() {
                commands.push(Command::CancelTask);
            }
        });
    ctx.request_repaint_after(std::time::Duration::from_millis(100));
}

fn share_ui(ctx: &egui::Context, copies: &mut CopyWindows, commands: &mut Commands) {
    let Some(window) = copies.share.as_mut() else {
        return;
    };
    let mut open = true;
    let mut save = false;
    crate::ui::widgets::dialog(
        ctx,
        egui::Window::new(t!("exchange.share.title"))
            .collapsible(false)
            .resizable(false),
        &mut open,
        |ui| {
            ui.label(t!("exchange.share.intro"));
            ui.checkbox(
                &mut window.without_personal_data,
                t!("exchange.share.without_personal_data"),
            );
            ui.label(
                RichText::new(t!("exchange.share.personal_hint"))
                    .weak()
                    .small(),
            );
            ui.checkbox(
                &mut window.without_history,
                t!("exchange.share.without_history"),
            );
            ui.checkbox(
                &mut window.for_publication,
                t!("exchange.share.for_publication"),
            )
            .on_hover_text(t!("exchange.share.for_publication_hint"));
            ui.add_space(6.0);
            save = ui.button(t!("exchange.share.save")).clicked();
            match &window.result {
                Some(Ok(report)) => {
                    ui.label(t!(
                        "exchange.share.done",
                        path = report.path.display(),
                        size = lernstadt_core::i18n::format_bytes(report.bytes)
                    ));
                }
                Some(Err(error)) => {
                    ui.label(RichText::new(error.to_string()).color(ui.visuals().error_fg_color));
                }
                None => {}
            }
        },
    );
    if !open {
        copies.share = None;
        return;
    }
    if save
        && let Some(path) = rfd::FileDialog::new()
            .add_filter(t!("menu.file_kind"), &[crate::command::EXTENSION])
            .set_file_name(format!(
                "{}.{}",
                t!("exchange.share.name"),
                crate::command::EXTENSION
            ))
            .save_file()
    {
        commands.push(Command::ShareCopy(path));
    }
}

fn compare_ui(ctx: &egui::Context, copies: &mut CopyWindows) {
    let Some((path, result)) = &copies.compare else {
        return;
    };
    let mut open = true;
    crate::ui::widgets::dialog(
        ctx,
        egui::Window::new(t!("exchange.compare.title")).default_size([560.0, 480.0]),
        &mut open,
        |ui| {
            ui.label(t!("exchange.compare.with", path = path.display()));
            ui.separator();
            match result {
                Err(error) => {
                    ui.label(RichText::new(error.to_string()).color(ui.visuals().error_fg_color));
                }
                Ok(diff) => {
                    egui::ScrollArea::vertical().show(ui, |ui| diff_ui(ui, diff));
                }
            }
        },
    );
    if !open {
        copies.compare = None;
    }
}

fn diff_ui(ui: &mut egui::Ui, diff: &Diff) {
    for line in diff.lines() {
        let text = format!("{}{}", "    ".repeat(line.indent), line.text);
        if line.indent == 0 {
            ui.label(RichText::new(text).strong());
        } else {
            ui.label(text);
        }
    }
}

fn merge_ui(ctx: &egui::Context, copies: &mut CopyWindows, commands: &mut Commands) {
    let Some(window) = copies.merge.as_mut() else {
        return;
    };
    let mut open = true;
    let mut merge = false;
    crate::ui::widgets::dialog(
        ctx,
        egui::Window::new(t!("exchange.merge.title")).default_size([640.0, 520.0]),
        &mut open,
        |ui| {
            ui.label(t!("exchange.merge.from", path = window.other.display()));
            ui.separator();
            let report = match &window.preview {
                Err(error) => {
                    ui.label(RichText::new(error.to_string()).color(ui.visuals().error_fg_color));
                    return;
                }
                Ok(report) => report,
            };
            ui.label(t!(
                "exchange.merge.summary",
                applied = report.applied.len() as u64 + report.observations_applied,
                kept = report.kept.len(),
                conflicts = report.conflicts.len()
            ));
            egui::ScrollArea::vertical()
                .max_height(ui.available_height() - 40.0)
                .show(ui, |ui| {
                    if !report.applied.is_empty() {
                        ui.label(RichText::new(t!("exchange.merge.applied")).strong());
                        for item in &report.applied {
                            ui.label(format!(
                                "{}: {} – {}",
                                lernstadt_core::copies::kind_label(item.entity.kind),
                                item.entity.name,
                                item.what()
                            ));
                        }
                    }
                    if !report.conflicts.is_empty() {
                        ui.add_space(6.0);
                        ui.label(RichText::new(t!("exchange.merge.conflicts")).strong());
                        egui::Grid::new("merge_conflicts")
                            .num_columns(5)
                            .striped(true)
                            .spacing([12.0, 4.0])
                            .show(ui, |ui| {
                                for heading in [
                                    t!("exchange.merge.what"),
                                    t!("exchange.merge.base"),
                                    t!("exchange.merge.ours"),
                                    t!("exchange.merge.theirs"),
                                    t!("exchange.merge.keep"),
                                ] {
                                    ui.label(RichText::new(heading).strong());
                                }
                                ui.end_row();
                                for conflict in &report.conflicts {
                                    ui.label(format!(
                                        "{}: {}",
                                        conflict.entity.name,
                                        conflict.field_label()
                                    ));
                                    for text in conflict.value_texts() {
                                        // A refused write explains itself at length: wrap
                                        // it, so the choice stays on screen.
                                        ui.scope(|ui| {
                                            ui.set_max_width(320.0);
                                            ui.add(egui::Label::new(text).wrap());
                                        });
                                    }
                                    let choice =
                                        window.choices.entry(conflict.key()).or_insert(Side::Ours);
                                    ui.horizontal(|ui| {
                                        ui.selectable_value(
                                            choice,
                                            Side::Ours,
                                            t!("exchange.merge.choose_ours"),
                                        );
                                        ui.selectable_value(
                                            choice,
                                            Side::Theirs,
                                            t!("exchange.merge.choose_theirs"),
                                        );
                                    });
                                    ui.end_row();
                                }
                            });
                    }
                    if !report.kept.is_empty() {
                        ui.add_space(6.0);
                        ui.label(RichText::new(t!("exchange.merge.kept")).strong());
                        for item in &report.kept {
                            ui.label(format!(
                                "{}: {}{}",
                                lernstadt_core::copies::kind_label(item.entity.kind),
                                item.entity.name,
                                item.field.as_deref().map_or_else(String::new, |f| format!(
                                    " – {}",
                                    super::form::field_label(f)
                                ))
                            ));
                        }
                    }
                });
            ui.separator();
            merge = ui.button(t!("exchange.merge.do")).clicked();
        },
    );
    if merge && let Some(window) = copies.merge.take() {
        commands.push(Command::Merge {
            other: window.other,
            choices: window.choices,
        });
    } else if !open {
        copies.merge = None;
    }
}
