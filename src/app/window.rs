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
    let (order, why) = renderer_order(renderer, settings);
    let mut failures: Vec<String> = Vec::new();
    for renderer in order {
        let reason = if failures.is_empty() {
            why.clone()
        } else {
            format!("after {}", failures.join("; "))
        };
        log::info!("renderer: trying {} ({reason})", renderer.name());
        let mut settings = settings.clone();
        // Should the driver end the program while this one starts, the next start knows.
        settings.renderer_starting = Some(renderer);
        if let Err(error) = settings.save() {
            log::warn!("settings not saved: {error}");
        }
        let path = path.clone();
        let mut viewport = egui::ViewportBuilder::default()
            .with_title("Lernstadt")
            .with_app_id("lernstadt")
            .with_inner_size([1100.0, 720.0])
            .with_min_inner_size([640.0, 420.0]);
        if let Some(icon) = icon() {
            viewport = viewport.with_icon(icon);
        }
        let mut options = eframe::NativeOptions {
            viewport,
            renderer: match renderer {
                Renderer::Wgpu => eframe::Renderer::Wgpu,
                Renderer::Glow => eframe::Renderer::Glow,
            },
            ..Default::default()
        };
        if let eframe::egui_wgpu::WgpuSetup::CreateNew(setup) = &mut options.wgpu_options.wgpu_setup
        {
            setup.native_adapter_selector = Some(std::sync::Arc::new(choose_adapter));
        }
        let result = eframe::run_native(
            "Lernstadt",
            options,
            Box::new(move |cc| {
                // Only called once the renderer is up: remember it for the next start.
                log::info!(
                    "renderer: {} ({reason}) on {}",
                    renderer.name(),
                    drawn_with(cc)
                );
                settings.renderer = Some(renderer);
                settings.renderer_starting = None;
                if let Err(error) = settings.save() {
                    log::warn!("settings not saved: {error}");
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
    let mut settings = settings.clone();
    settings.renderer_starting = None;
    if let Err(error) = settings.save() {
        log::warn!("settings not saved: {error}");
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

/// The renderers to try, in order, and why the first. Asked for one: only that. Else the
/// one that worked last (wgpu the first time), then the other: glow cannot start where only
/// OpenGL 1.1 is offered (remote desktop, some VMs), wgpu not where no adapter or surface
/// can be made. wgpu picks its own backend and adapter: on Windows DX12 (with WARP, the
/// software adapter, where no GPU driver works), Vulkan, then OpenGL. One that ended the
/// program while starting last time goes last.
fn renderer_order(asked: Option<Renderer>, settings: &Settings) -> (Vec<Renderer>, String) {
    if let Some(chosen) = asked {
        return (vec![chosen], "asked for".to_owned());
    }
    if let Some(crashed) = settings.renderer_starting {
        let why = format!(
            "{} ended the program while starting last time",
            crashed.name()
        );
        return (vec![crashed.other(), crashed], why);
    }
    let first = settings.renderer.unwrap_or(Renderer::Wgpu);
    let why = if settings.renderer.is_some() {
        "it worked last time"
    } else {
        "the default"
    };
    (vec![first, first.other()], why.to_owned())
}

/// The wgpu adapter to draw with, every one found logged with why it was or was not chosen:
/// a graphics card first, then a virtual or other one, a software adapter last (on Windows
/// DX12's WARP, where no GPU driver works: virtual machines, remote desktops; llvmpipe or
/// lavapipe elsewhere). Among equals, the order wgpu found them in (its backends' order).
/// None that can draw into the window is an error, and glow is tried next.
fn choose_adapter(
    adapters: &[eframe::egui_wgpu::wgpu::Adapter],
    surface: Option<&eframe::egui_wgpu::wgpu::Surface<'_>>,
) -> Result<eframe::egui_wgpu::wgpu::Adapter, String> {
    use eframe::egui_wgpu::wgpu::DeviceType;
    let rank = |kind: DeviceType| match kind {
        DeviceType::DiscreteGpu => 0,
        DeviceType::IntegratedGpu => 1,
        DeviceType::VirtualGpu => 2,
        DeviceType::Other => 3,
        DeviceType::Cpu => 4,
    };
    let mut usable = Vec::new();
    for adapter in adapters {
        let info = adapter.get_info();
        let fits = surface.is_none_or(|surface| adapter.is_surface_supported(surface));
        log::info!(
            "renderer: wgpu found {:?}: {} ({:?}){}",
            info.backend,
            info.name,
            info.device_type,
            if fits {
                ""
            } else {
                ", which cannot draw into this window"
            }
        );
        if fits {
            usable.push((rank(info.device_type), adapter));
        }
    }
    // Stable: among equals the first found.
    usable.sort_by_key(|(rank, _)| *rank);
    let Some((_, chosen)) = usable.first() else {
        return Err(format!(
            "none of the {} adapters wgpu found can draw into this window",
            adapters.len()
        ));
    };
    let info = chosen.get_info();
    let why = match info.device_type {
        DeviceType::Cpu => "software: no graphics driver offers more",
        DeviceType::DiscreteGpu | DeviceType::IntegratedGpu => "a graphics card",
        DeviceType::VirtualGpu | DeviceType::Other => "no graphics card offers more",
    };
    log::info!(
        "renderer: wgpu chose {:?}: {} ({why})",
        info.backend,
        info.name
    );
    Ok((*chosen).clone())
}

/// What draws the window, for the log: wgpu's backend and adapter (a `Cpu` adapter is a
/// software one: WARP, llvmpipe), or the OpenGL version glow got.
fn drawn_with(cc: &eframe::CreationContext<'_>) -> String {
    use eframe::glow::HasContext as _;
    if let Some(state) = &cc.wgpu_render_state {
        let info = state.adapter.get_info();
        let driver: Vec<&str> = [info.driver.as_str(), info.driver_info.as_str()]
            .into_iter()
            .filter(|text| !text.is_empty())
            .collect();
        format!(
            "{:?}: {} ({:?}, driver {})",
            info.backend,
            info.name,
            info.device_type,
            driver.join(" ")
        )
    } else if let Some(gl) = &cc.gl {
        let version = gl.version();
        format!(
            "OpenGL {}.{} {}",
            version.major, version.minor, version.vendor_info
        )
    } else {
        "an unknown renderer".to_owned()
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The one asked for alone; else the one that worked, then the other; one that ended the
    /// program while starting goes last, whatever worked before.
    #[test]
    fn a_renderer_that_ended_the_program_while_starting_goes_last() {
        let mut settings = Settings::default();
        assert_eq!(
            renderer_order(None, &settings),
            (
                vec![Renderer::Wgpu, Renderer::Glow],
                "the default".to_owned()
            )
        );
        settings.renderer = Some(Renderer::Wgpu);
        settings.renderer_starting = Some(Renderer::Wgpu);
        let (order, why) = renderer_order(None, &settings);
        assert_eq!(order, [Renderer::Glow, Renderer::Wgpu]);
        assert_eq!(why, "wgpu ended the program while starting last time");
        assert_eq!(
            renderer_order(Some(Renderer::Wgpu), &settings).0,
            [Renderer::Wgpu]
        );
        settings.renderer_starting = None;
        assert_eq!(
            renderer_order(None, &settings).1,
            "it worked last time".to_owned()
        );
    }
}
