//! The native window: which renderer draws it (wgpu or glow, with a fallback), its icon and
//! size, and the project it opens first.

use std::path::PathBuf;

use lernstadt_core::t;

use super::LernstadtApp;
use crate::settings::{Renderer, Settings};

/// The project to open when none is given: the last one, else the demo (created in the
/// data directory on first start).
pub fn default_project(settings: &Settings) -> anyhow::Result<PathBuf> {
    if let Some(recent) = settings.recent.iter().find(|p| p.exists()) {
        return Ok(recent.clone());
    }
    let dir = settings
        .dir
        .clone()
        .unwrap_or_else(crate::settings::data_dir);
    let path = dir.join(format!(
        "Musterstadt-Demo.{}",
        lernstadt_core::store::EXTENSION
    ));
    if !path.exists() {
        std::fs::create_dir_all(&dir)?;
        lernstadt_core::demo::create(&path, &settings.host())?.close()?;
    }
    Ok(path)
}

/// Opens the window on `file`, or on the last project or the demo; with `present`, starts
/// its first presentation full screen.
pub fn run(
    file: Option<PathBuf>,
    present: bool,
    renderer: Option<Renderer>,
    settings: &Settings,
) -> anyhow::Result<()> {
    // Before the event loop exists: on macOS a double-clicked project comes as an event
    // during the launch, not on the command line.
    super::opened::install();
    let path = match file {
        Some(path) => path,
        None => default_project(settings)?,
    };
    // Asked for one: only that. Else the one that worked last (wgpu the first time), then
    // the other: glow cannot start where only OpenGL 1.1 is offered (remote desktop, some
    // VMs), wgpu not where no adapter or surface can be made.
    let (order, why) = if let Some(chosen) = renderer {
        (vec![chosen], "asked for")
    } else {
        let first = settings.renderer.unwrap_or(Renderer::Wgpu);
        let why = if settings.renderer.is_some() {
            "it worked last time"
        } else {
            "the default"
        };
        (vec![first, first.other()], why)
    };
    let mut failures: Vec<String> = Vec::new();
    for renderer in order {
        let reason = if failures.is_empty() {
            why.to_owned()
        } else {
            format!("after {}", failures.join("; "))
        };
        log::info!("renderer: trying {} ({reason})", renderer.name());
        let mut settings = settings.clone();
        let path = path.clone();
        let mut viewport = egui::ViewportBuilder::default()
            .with_title("Lernstadt")
            .with_app_id("lernstadt")
            .with_inner_size([1100.0, 720.0])
            .with_min_inner_size([640.0, 420.0]);
        if let Some(icon) = icon() {
            viewport = viewport.with_icon(icon);
        }
        let options = eframe::NativeOptions {
            viewport,
            renderer: match renderer {
                Renderer::Wgpu => eframe::Renderer::Wgpu,
                Renderer::Glow => eframe::Renderer::Glow,
            },
            ..Default::default()
        };
        let result = eframe::run_native(
            "Lernstadt",
            options,
            Box::new(move |cc| {
                // Only called once the renderer is up: remember it for the next start.
                log::info!("renderer: {} ({reason})", renderer.name());
                if settings.renderer != Some(renderer) {
                    settings.renderer = Some(renderer);
                    if let Err(error) = settings.save() {
                        log::warn!("settings not saved: {error}");
                    }
                }
                super::opened::watch(&cc.egui_ctx);
                // A project the launch was asked to open (macOS: the one double-clicked) comes
                // before the last one or the demo.
                let path = super::opened::take().pop().unwrap_or(path);
                let mut app = LernstadtApp::open(&path, settings);
                if present {
                    app.refresh();
                    app.start_presentation(&cc.egui_ctx, None);
                }
                Ok(Box::new(app))
            }),
        );
        match result {
            Ok(()) => return Ok(()),
            Err(error) => {
                log::warn!("renderer {} failed: {error}", renderer.name());
                failures.push(format!("{}: {error}", renderer.name()));
            }
        }
    }
    let message = t!("app.error.window", error = failures.join("; "));
    // Without any display the dialog cannot show either; the line on the console stays.
    let _ = rfd::MessageDialog::new()
        .set_level(rfd::MessageLevel::Error)
        .set_title("Lernstadt")
        .set_description(&message)
        .show();
    Err(anyhow::anyhow!("{message}"))
}

/// The window's icon: the packages' 256 px PNG, which `tests/packaging.rs` keeps equal to
/// `packaging/icon/lernstadt.svg` drawn at that size (no SVG is drawn at start-up); `None`,
/// logged, if it cannot be read.
#[must_use]
pub fn icon() -> Option<egui::IconData> {
    const PNG: &[u8] =
        include_bytes!("../../packaging/linux/icons/hicolor/256x256/apps/lernstadt.png");
    eframe::icon_data::from_png_bytes(PNG)
        .map_err(|e| log::warn!("window icon not read: {e}"))
        .ok()
}
