//! The statistics offices' web service in the window (issue 28): *Import from the web
//! service…* fetches a table by its code (its title and data date looked up first), and
//! *Update tables from source…* fetches every table the project remembers and shows what
//! would change before anything is written (*Apply*). The work runs as a task on a worker,
//! with the task window's progress and Cancel; these windows hold only what was typed and
//! what came back.

use egui::RichText;

use crate::command::{Command, Commands};
use lernstadt_core::fetch::{
    Download, SERVICES, TableMeta, TableRequest, Target, Update, region_variable_for,
};
use lernstadt_core::t;

/// How many changed or gone values the windows list per table.
const SHOWN: usize = 50;

/// The windows' state.
#[derive(Default)]
pub struct WebWindows {
    pub fetch: FetchWindow,
    pub refresh: RefreshWindow,
    pub login: LoginWindow,
}

/// The login for a web service, as typed, to be stored in the system's keychain.
#[derive(Default)]
pub struct LoginWindow {
    pub open: bool,
    /// The chosen service's index in [`SERVICES`].
    pub service: usize,
    /// Another service's address (empty: the chosen service's).
    pub endpoint: String,
    pub user: String,
    /// Cleared once handed over.
    pub password: String,
    /// What storing or forgetting said.
    pub message: Option<Result<String, String>>,
}

/// What the fetch window has been given and has heard back.
#[derive(Default)]
pub struct FetchWindow {
    pub open: bool,
    /// The chosen service's index in [`SERVICES`].
    pub service: usize,
    /// Another service's address (empty: the chosen service's).
    pub endpoint: String,
    pub table: String,
    pub from_year: String,
    pub to_year: String,
    /// Regions' keys, separated by spaces or commas (empty: all).
    pub regions: String,
    /// The table's title and data date, looked up before fetching.
    pub looked_up: Option<anyhow::Result<TableMeta>>,
    /// What the fetch did, in words, or why it failed.
    pub result: Option<anyhow::Result<Vec<String>>>,
}

/// The tables a preview fetched (kept for *Apply*) and what applying them would change,
/// in words.
pub type Preview = (Vec<Download>, Vec<String>);

/// What the update window has fetched and would do.
#[derive(Default)]
pub struct RefreshWindow {
    pub open: bool,
    /// The tables fetched and what applying them would change, in words.
    pub preview: Option<anyhow::Result<Preview>>,
    /// What applying did, in words, or why it failed.
    pub result: Option<anyhow::Result<Vec<String>>>,
}

impl FetchWindow {
    /// The service and the request as typed; what is wrong, in words.
    pub fn request(&self) -> Result<(Target, TableRequest), String> {
        let service = SERVICES.get(self.service).map(|s| s.name);
        let endpoint = Some(self.endpoint.trim()).filter(|e| !e.is_empty());
        let target = Target::new(service, endpoint).map_err(|e| e.to_string())?;
        let year = |text: &str| -> Result<Option<i32>, String> {
            let text = text.trim();
            if text.is_empty() {
                return Ok(None);
            }
            text.parse()
                .map(Some)
                .map_err(|_| t!("fetch.window.bad_year", year = text))
        };
        let region_keys: Vec<String> = self
            .regions
            .split([' ', ',', ';'])
            .map(str::trim)
            .filter(|k| !k.is_empty())
            .map(str::to_owned)
            .collect();
        let region_variable = if region_keys.is_empty() {
            None
        } else {
            Some(
                region_variable_for(&region_keys)
                    .ok_or_else(|| t!("cli.fetch.region_variable_needed").to_owned())?
                    .to_owned(),
            )
        };
        let request = TableRequest {
            table: self.table.trim().to_owned(),
            from_year: year(&self.from_year)?,
            to_year: year(&self.to_year)?,
            region_variable,
            region_keys,
            language: lernstadt_core::i18n::lang().code().to_owned(),
        };
        request.check().map_err(|e| e.to_string())?;
        Ok((target, request))
    }

    /// What a finished fetch said.
    pub fn finished(&mut self, result: anyhow::Result<Update>) {
        self.result = Some(result.map(|update| lernstadt_core::fetch::describe(&update, SHOWN)));
    }
}

impl RefreshWindow {
    /// What a finished preview said: the tables fetched, kept for *Apply*.
    pub fn previewed(&mut self, result: anyhow::Result<(Vec<Download>, Update)>) {
        self.result = None;
        self.preview = Some(result.map(|(downloads, update)| {
            let lines = lernstadt_core::fetch::describe(&update, SHOWN);
            (downloads, lines)
        }));
    }

    /// What applying said.
    pub fn applied(&mut self, result: anyhow::Result<Update>) {
        self.preview = None;
        self.result = Some(result.map(|update| lernstadt_core::fetch::describe(&update, SHOWN)));
    }
}

/// A labelled one-line text field.
fn field_ui(ui: &mut egui::Ui, label: &str, value: &mut String, hint: &str) {
    ui.horizontal(|ui| {
        let label = ui.label(label);
        ui.add(egui::TextEdit::singleline(value).hint_text(hint))
            .labelled_by(label.id);
    });
}

/// What came back: the lines in a scrolling area, or the error in the error colour.
fn outcome_ui(ui: &mut egui::Ui, outcome: &anyhow::Result<Vec<String>>) {
    match outcome {
        Ok(lines) => lines_ui(ui, lines),
        Err(error) => {
            ui.label(RichText::new(error.to_string()).color(ui.visuals().error_fg_color));
        }
    }
}

fn lines_ui(ui: &mut egui::Ui, lines: &[String]) {
    egui::ScrollArea::vertical()
        .max_height(320.0)
        .auto_shrink([false, true])
        .show(ui, |ui| {
            for line in lines {
                ui.label(RichText::new(line).monospace());
            }
        });
}

/// Draws the fetch window and the update window when open; `writable` when the project can
/// be written, `idle` when no other work runs.
pub fn web_ui(
    ctx: &egui::Context,
    windows: &mut WebWindows,
    writable: bool,
    idle: bool,
    commands: &mut Commands,
) {
    fetch_window_ui(ctx, &mut windows.fetch, writable, idle, commands);
    refresh_window_ui(ctx, &mut windows.refresh, writable, idle, commands);
    login_window_ui(ctx, &mut windows.login, commands);
}

/// The login window: the service, the user name or token and the password, stored in the
/// system's keychain (or forgotten) through a command; the password field is cleared once
/// handed over and never shown.
fn login_window_ui(ctx: &egui::Context, window: &mut LoginWindow, commands: &mut Commands) {
    if !window.open {
        return;
    }
    let mut open = true;
    crate::ui::widgets::dialog(
        ctx,
        egui::Window::new(t!("fetch.login.title"))
            .collapsible(false)
            .resizable(false),
        &mut open,
        |ui| {
            ui.label(t!("fetch.login.intro"));
            ui.add_space(4.0);
            let mut service = window.service;
            crate::ui::widgets::choice_ui(
                ui,
                "login_service",
                t!("fetch.window.service"),
                &mut service,
                0..SERVICES.len(),
                |index| SERVICES[index].title.to_owned(),
            );
            window.service = service;
            field_ui(
                ui,
                t!("fetch.window.endpoint"),
                &mut window.endpoint,
                SERVICES[window.service].endpoint,
            );
            field_ui(ui, t!("fetch.login.user"), &mut window.user, "");
            ui.horizontal(|ui| {
                let label = ui.label(t!("fetch.login.password"));
                ui.add(egui::TextEdit::singleline(&mut window.password).password(true))
                    .labelled_by(label.id);
            });
            ui.add_space(6.0);
            let target = || {
                let service = SERVICES.get(window.service).map(|s| s.name);
                let endpoint = Some(window.endpoint.trim()).filter(|e| !e.is_empty());
                Target::new(service, endpoint).map_err(|e| e.to_string())
            };
            ui.horizontal(|ui| {
                let store = ui.add_enabled(
                    !window.user.trim().is_empty(),
                    egui::Button::new(t!("fetch.login.store")),
                );
                let forget = ui.button(t!("fetch.login.forget"));
                if store.clicked() || forget.clicked() {
                    match target() {
                        Ok(target) if store.clicked() => {
                            commands.push(Command::StoreLogin {
                                service: target.service,
                                credentials: lernstadt_core::fetch::Credentials {
                                    user: window.user.trim().to_owned(),
                                    password: std::mem::take(&mut window.password),
                                },
                            });
                        }
                        Ok(target) => commands.push(Command::ForgetLogin {
                            service: target.service,
                        }),
                        Err(error) => window.message = Some(Err(error)),
                    }
                }
            });
            match &window.message {
                Some(Ok(message)) => {
                    ui.label(message);
                }
                Some(Err(error)) => {
                    ui.label(RichText::new(error.as_str()).color(ui.visuals().error_fg_color));
                }
                None => {}
            }
        },
    );
    window.open = open;
}

fn fetch_window_ui(
    ctx: &egui::Context,
    window: &mut FetchWindow,
    writable: bool,
    idle: bool,
    commands: &mut Commands,
) {
    if !window.open {
        return;
    }
    let mut open = true;
    crate::ui::widgets::dialog(
        ctx,
        egui::Window::new(t!("fetch.window.title")).collapsible(false),
        &mut open,
        |ui| {
            ui.label(t!("fetch.window.intro"));
            ui.add_space(4.0);
            let mut service = window.service;
            crate::ui::widgets::choice_ui(
                ui,
                "fetch_service",
                t!("fetch.window.service"),
                &mut service,
                0..SERVICES.len(),
                |index| SERVICES[index].title.to_owned(),
            );
            window.service = service;
            field_ui(
                ui,
                t!("fetch.window.endpoint"),
                &mut window.endpoint,
                SERVICES[window.service].endpoint,
            );
            field_ui(
                ui,
                t!("fetch.window.table"),
                &mut window.table,
                "12411-01-01-4",
            );
            field_ui(ui, t!("fetch.window.from_year"), &mut window.from_year, "");
            field_ui(ui, t!("fetch.window.to_year"), &mut window.to_year, "");
            field_ui(
                ui,
                t!("fetch.window.regions"),
                &mut window.regions,
                "05515 05570",
            );
            ui.label(RichText::new(t!("fetch.window.credentials")).weak().small());
            ui.add_space(6.0);
            ui.horizontal(|ui| {
                let look_up = ui.add_enabled(
                    idle && !window.table.trim().is_empty(),
                    egui::Button::new(t!("fetch.window.look_up")),
                );
                let fetch = ui.add_enabled(
                    idle && writable && !window.table.trim().is_empty(),
                    egui::Button::new(t!("fetch.window.fetch")),
                );
                if look_up.clicked() || fetch.clicked() {
                    match window.request() {
                        Ok((target, request)) => {
                            window.result = None;
                            if fetch.clicked() {
                                commands.push(Command::FetchTable { target, request });
                            } else {
                                window.looked_up = None;
                                commands.push(Command::LookUpTable { target, request });
                            }
                        }
                        Err(error) => window.result = Some(Err(anyhow::anyhow!(error))),
                    }
                }
            });
            match &window.looked_up {
                Some(Ok(meta)) => {
                    ui.label(RichText::new(&meta.title).strong());
                    if !meta.updated.is_empty() {
                        ui.label(t!("fetch.window.updated", date = meta.updated));
                    }
                }
                Some(Err(error)) => {
                    ui.label(RichText::new(error.to_string()).color(ui.visuals().error_fg_color));
                }
                None => {}
            }
            if let Some(outcome) = &window.result {
                ui.separator();
                outcome_ui(ui, outcome);
            }
        },
    );
    window.open = open;
}

fn refresh_window_ui(
    ctx: &egui::Context,
    window: &mut RefreshWindow,
    writable: bool,
    idle: bool,
    commands: &mut Commands,
) {
    if !window.open {
        return;
    }
    let mut open = true;
    crate::ui::widgets::dialog(
        ctx,
        egui::Window::new(t!("fetch.refresh.title")).collapsible(false),
        &mut open,
        |ui| {
            ui.label(t!("fetch.refresh.intro"));
            ui.add_space(4.0);
            ui.horizontal(|ui| {
                if ui
                    .add_enabled(
                        idle && writable,
                        egui::Button::new(t!("fetch.refresh.check")),
                    )
                    .clicked()
                {
                    window.result = None;
                    commands.push(Command::PreviewRefresh);
                }
                let ready =
                    matches!(&window.preview, Some(Ok((downloads, _))) if !downloads.is_empty());
                if ui
                    .add_enabled(
                        idle && writable && ready,
                        egui::Button::new(t!("fetch.refresh.apply")),
                    )
                    .clicked()
                {
                    commands.push(Command::ApplyRefresh);
                }
            });
            match &window.preview {
                Some(Ok((downloads, lines))) => {
                    ui.separator();
                    if downloads.is_empty() {
                        ui.label(t!("cli.refresh.nothing"));
                    } else {
                        lines_ui(ui, lines);
                    }
                }
                Some(Err(error)) => {
                    ui.label(RichText::new(error.to_string()).color(ui.visuals().error_fg_color));
                }
                None => {}
            }
            if let Some(outcome) = &window.result {
                ui.separator();
                outcome_ui(ui, outcome);
            }
        },
    );
    window.open = open;
}
