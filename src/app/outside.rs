//! Changes from outside: another program (the command line, a second window, a sync
//! client) that wrote to the open file, looked for twice a second and said in the status.

use lernstadt_core::t;

use super::{LernstadtApp, Project};

impl LernstadtApp {
    /// Twice a second, looks whether another program changed the open file (the command
    /// line, a second window, a sync client): the views read it again and the status says
    /// what came in; a replaced file stops being written to. Not while this window's own
    /// import writes through its own connection.
    pub(super) fn look_outside(&mut self, ctx: &egui::Context) {
        const EVERY: std::time::Duration = std::time::Duration::from_millis(500);
        ctx.request_repaint_after(EVERY);
        let writing = self.import.running.is_some() || self.task.as_ref().is_some_and(|t| t.writes);
        if self.looked.elapsed() < EVERY || writing {
            return;
        }
        self.looked = std::time::Instant::now();
        let Project::Open { store, .. } = &mut self.project else {
            return;
        };
        // Not while another program writes a large action out: the look would wait for it
        // on the window's thread.
        if !store.readable_now() {
            return;
        }
        match store.look_outside() {
            Ok(lernstadt_core::store::watch::Outside::Unchanged) => {}
            Ok(lernstadt_core::store::watch::Outside::Changed { actions, values }) => {
                self.status = Some(outside_text(&actions, values));
            }
            Ok(lernstadt_core::store::watch::Outside::Replaced) => {
                // For support (and .ci/windows, which replaces the file as a sync client does).
                log::warn!(
                    "the open project was replaced on disk by another file; no longer written to: {}",
                    store
                        .path()
                        .map_or_else(String::new, |p| p.display().to_string())
                );
                self.status = None;
            }
            Err(error) => self.status = Some(error.to_string()),
        }
    }
}

/// What came in from outside, in words: the actions (label and author) and the change in
/// data values.
fn outside_text(actions: &[(String, String)], values: i64) -> String {
    let mut parts: Vec<String> = actions
        .iter()
        .take(5)
        .map(|(label, author)| format!("{label} ({author})"))
        .collect();
    if actions.len() > 5 {
        parts.push(format!("… (+{})", actions.len() - 5));
    }
    match values {
        0 => {}
        more if more > 0 => parts.push(t!(
            "app.outside.values",
            count = lernstadt_core::i18n::format_int(more)
        )),
        fewer => parts.push(t!(
            "app.outside.values_fewer",
            count = lernstadt_core::i18n::format_int(-fewer)
        )),
    }
    t!("app.outside", actions = parts.join("; "))
}
