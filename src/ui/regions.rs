//! The Regions view: my region (set by a click or by its key), the region tree opened as
//! far as it fits on a screen, the district profile of the region clicked last, and the
//! comparison regions.

use egui::RichText;

use lernstadt_core::model::official_regions;
use lernstadt_core::snapshot::Snapshot;
use lernstadt_core::t;

use egui_extras::Column;

use super::tables::{ListState, heading_ui, matches, table_ui};

/// What the region tree remembers: the search, and which regions are open.
#[derive(Debug, Default)]
pub struct RegionTree {
    pub list: ListState,
    /// Regions whose children show; `None` until the tree is first drawn, then opened as
    /// far as it fits on one screen.
    pub open: Option<std::collections::HashSet<uuid::Uuid>>,
    /// Counts changes of `open`, so the rows are chosen again.
    changes: u64,
    /// The regions that have children, found once per change of the data.
    parents: Option<(Option<u64>, std::collections::HashSet<uuid::Uuid>)>,
    /// The region clicked last (an index into the snapshot's regions).
    pub selected: Option<usize>,
    /// The profile of the region clicked last, when it has a parent.
    pub profile: crate::ui::profile::ProfileView,
    /// A key typed for my region (before its data is there, or instead of a click).
    pub typed_key: String,
    /// The comparison regions' section.
    pub comparison: crate::ui::comparison::State,
}

/// How many rows the tree opens by itself: a level opens while the rows fit on a screen.
const TREE_ROWS: usize = 24;

/// My region (the project's region key) and, for the region clicked last, a button that
/// makes it mine: the charts then draw it first and mark it.
fn my_region_ui(
    ui: &mut egui::Ui,
    data: &Snapshot,
    state: &mut RegionTree,
    commands: &mut crate::command::Commands,
) {
    let selected = state.selected;
    typed_region_ui(ui, data, &mut state.typed_key, commands);
    ui.horizontal_wrapped(|ui| {
        let mine = data.my_region.and_then(|r| data.region(r));
        let key = data.project.as_ref().map_or("", |p| p.region_key.as_str());
        ui.label(match mine {
            Some(region) => t!("regions.mine", name = region.name, key = region.key),
            None if !key.is_empty() => match official_regions::name(key) {
                Some(name) => t!("regions.mine_official", name = name, key = key),
                None => t!("regions.mine_not_yet", key = key),
            },
            None => t!("regions.mine_none").to_owned(),
        });
        let (Some(region), Some(project)) =
            (selected.and_then(|n| data.regions.get(n)), &data.project)
        else {
            return;
        };
        if mine.is_some_and(|m| m.uuid == region.uuid) {
            return;
        }
        if ui
            .button(t!("regions.make_mine", name = region.name))
            .clicked()
        {
            commands.push(mine_edit(project, region.key.clone()));
        }
    });
}

/// Makes the region with `key` my region, as one step.
fn mine_edit(project: &lernstadt_core::model::Project, key: String) -> crate::command::Edit {
    let after = lernstadt_core::model::Project {
        region_key: key,
        ..project.clone()
    };
    crate::command::Edit::update("project", &project.name, project, after)
}

/// A field to type my region's key (taken as it is: the region is found once a table
/// brings it), with its problem beside it.
fn typed_region_ui(
    ui: &mut egui::Ui,
    data: &Snapshot,
    typed: &mut String,
    commands: &mut crate::command::Commands,
) {
    let Some(project) = &data.project else {
        return;
    };
    ui.horizontal_wrapped(|ui| {
        let label = ui.label(t!("regions.mine_key"));
        ui.add(
            egui::TextEdit::singleline(typed)
                .hint_text(if project.region_key.is_empty() {
                    "03159"
                } else {
                    project.region_key.as_str()
                })
                .desired_width(140.0),
        )
        .labelled_by(label.id);
        let key = typed.trim().to_owned();
        let problem = lernstadt_core::model::validate::region_key(&key);
        let ready = !key.is_empty() && problem.is_none() && key != project.region_key;
        if ui
            .add_enabled(ready, egui::Button::new(t!("regions.mine_set")))
            .clicked()
        {
            commands.push(mine_edit(project, key));
            typed.clear();
        }
        if let Some(problem) = problem {
            ui.label(RichText::new(problem).color(ui.visuals().error_fg_color));
        }
    });
}

/// The regions as a tree: key, name (indented under its parent, `+` when closed, `–` when
/// open) and level. A click opens or closes a region; a search lists every match. The tree
/// opens by itself as far as it fits on one screen, so a Kreis table's 500 regions show as
/// Germany and its Länder first. Returns true when the user asks to export.
pub fn regions_ui(
    ui: &mut egui::Ui,
    data: &Snapshot,
    state: &mut RegionTree,
    commands: &mut crate::command::Commands,
) -> bool {
    let export = heading_ui(ui, &mut state.list, t!("view.regions"), true);
    let regions = &data.regions;
    my_region_ui(ui, data, state, commands);
    crate::ui::comparison::comparison_ui(ui, data, &mut state.comparison, commands);
    crate::ui::profile::profile_ui(ui, data, state.selected, &mut state.profile, commands);
    let children = |uuid: Option<uuid::Uuid>| -> Vec<usize> {
        regions
            .iter()
            .enumerate()
            .filter(|(_, r)| match uuid {
                None => r.parent.is_none_or(|p| data.region(p).is_none()),
                Some(parent) => r.parent == Some(parent),
            })
            .map(|(i, _)| i)
            .collect()
    };
    let open = state.open.get_or_insert_with(|| {
        // Open level by level while the rows fit.
        let mut open = std::collections::HashSet::new();
        let mut level = children(None);
        let mut shown = level.len();
        while !level.is_empty() {
            let next: Vec<usize> = level
                .iter()
                .flat_map(|&i| children(Some(regions[i].uuid)))
                .collect();
            if next.is_empty() || shown + next.len() > TREE_ROWS {
                break;
            }
            open.extend(level.iter().map(|&i| regions[i].uuid));
            shown += next.len();
            level = next;
        }
        // And down to my region, so it is in sight.
        let above = data
            .my_region
            .and_then(|r| data.region(r))
            .and_then(|r| r.parent);
        open.extend(std::iter::successors(above, |r| data.region(*r)?.parent).take(regions.len()));
        open
    });
    let filter = format!("open {}", state.changes);
    let rows = state.list.visible(data.generation, &filter, |search, _| {
        if !search.is_empty() {
            return regions
                .iter()
                .enumerate()
                .filter(|(_, r)| matches(search, &[&r.key, &r.name]))
                .map(|(i, _)| i)
                .collect();
        }
        // Depth-first from the top regions, children by key, into open regions only.
        let mut order = Vec::with_capacity(regions.len());
        let mut stack: Vec<usize> = children(None).into_iter().rev().collect();
        while let Some(index) = stack.pop() {
            if order.len() > regions.len() {
                break;
            }
            order.push(index);
            if open.contains(&regions[index].uuid) {
                stack.extend(children(Some(regions[index].uuid)).into_iter().rev());
            }
        }
        order
    });
    let rows = rows.to_vec();
    let headings = [t!("field.key"), t!("field.name"), t!("field.level")];
    let columns = [
        Column::initial(160.0),
        Column::initial(320.0).resizable(true),
        Column::remainder(),
    ];
    if state
        .parents
        .as_ref()
        .is_none_or(|(generation, _)| *generation != data.generation)
    {
        let parents = regions.iter().filter_map(|r| r.parent).collect();
        state.parents = Some((data.generation, parents));
    }
    let parents = state.parents.as_ref().map(|(_, p)| p);
    let has_children = |uuid| parents.is_some_and(|p| p.contains(&uuid));
    let clicked = table_ui(
        ui,
        &columns,
        &headings,
        None,
        &rows,
        |_| false,
        |index, column| {
            let region = &regions[index];
            match column {
                0 => RichText::new(&region.key).monospace(),
                1 => {
                    let depth = std::iter::successors(region.parent, |p| data.region(*p)?.parent)
                        .take(regions.len())
                        .count();
                    let marker = if !has_children(region.uuid) {
                        "  "
                    } else if open.contains(&region.uuid) {
                        "– "
                    } else {
                        "+ "
                    };
                    RichText::new(format!("{}{marker}{}", "    ".repeat(depth), region.name))
                }
                _ => RichText::new(region.level.label()),
            }
        },
    );
    if let Some(index) = clicked {
        state.selected = Some(index);
        let uuid = regions[index].uuid;
        if !open.remove(&uuid) {
            open.insert(uuid);
        }
        state.changes += 1;
    }
    export
}
