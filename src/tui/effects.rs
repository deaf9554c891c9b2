//! Effects: the I/O that [`super::App::update`] asks for but does not do.
//! `update` queues an [`Effect`] in [`super::App::effects`]; the run loop
//! (or a test) hands it to [`Effects::run`], which does the work and tells
//! the app how it went.

use super::app::App;
use crate::export::{write_table, Format, Options, Table};
use base64::Engine;
use std::io::Write;
use std::path::PathBuf;

/// A piece of I/O asked for by the app.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Write a table to a file, atomically. When the file exists and
    /// `overwrite` is false, nothing is written and the app asks first.
    Export {
        /// The table.
        table: Table,
        /// The file format.
        format: Format,
        /// Where to write.
        path: PathBuf,
        /// Replace an existing file.
        overwrite: bool,
    },
    /// Put text on the clipboard.
    Copy {
        /// The text (tab-separated rows, or a section's text).
        text: String,
        /// What it is, for the status line (`1 row`, `section text`).
        what: String,
    },
}

/// Runs effects; owns the system clipboard once opened (on X11 the text
/// stays available only while its owner lives).
#[derive(Default)]
pub struct Effects {
    clipboard: Option<arboard::Clipboard>,
    /// Never try the system clipboard (tests, or after it failed to open).
    pub no_system_clipboard: bool,
}

impl std::fmt::Debug for Effects {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Effects")
            .field("clipboard", &self.clipboard.is_some())
            .finish()
    }
}

/// The OSC 52 sequence that asks the terminal to set its clipboard.
pub fn osc52(text: &str) -> String {
    let b64 = base64::engine::general_purpose::STANDARD.encode(text.as_bytes());
    format!("\x1b]52;c;{b64}\x07")
}

impl Effects {
    /// Effects that copy through the system clipboard where one opens.
    pub fn new() -> Effects {
        Effects::default()
    }

    /// Run every effect the app has queued; OSC 52 goes to `term`.
    pub fn run_all(&mut self, app: &mut App, term: &mut dyn Write) {
        for fx in std::mem::take(&mut app.effects) {
            self.run(app, fx, term);
        }
    }

    /// Run one effect and report the outcome to the app.
    pub fn run(&mut self, app: &mut App, fx: Effect, term: &mut dyn Write) {
        match fx {
            Effect::Export {
                table,
                format,
                path,
                overwrite,
            } => {
                if crate::export::output::is_standard_stream(&path) {
                    app.error(format!(
                        "export failed: {}: that is the browser's screen; give a file name",
                        path.display()
                    ));
                    return;
                }
                let inputs: Vec<PathBuf> = app
                    .corpus
                    .entries
                    .iter()
                    .map(|e| e.report.source_path())
                    .collect();
                if let Some(input) = crate::export::output::overwrites(&path, &inputs) {
                    app.export_refused(&path, input);
                    return;
                }
                if !overwrite && path.exists() {
                    app.export_exists(&path);
                    return;
                }
                match write_table(&table, format, Options::default(), &path) {
                    Ok(()) => app.export_done(&path, table.rows.len(), format),
                    Err(e) => app.error(format!("export failed: {e}")),
                }
            }
            Effect::Copy { text, what } => {
                let how = self.copy(&text, term);
                match how {
                    Ok(how) => app.say(format!(
                        "copied {what} ({} chars) {how}",
                        text.chars().count()
                    )),
                    Err(e) => app.error(format!("copy failed: {e}")),
                }
            }
        }
    }

    fn copy(&mut self, text: &str, term: &mut dyn Write) -> std::io::Result<&'static str> {
        if !self.no_system_clipboard {
            if self.clipboard.is_none() {
                self.clipboard = arboard::Clipboard::new().ok();
            }
            match self.clipboard.as_mut().map(|c| c.set_text(text)) {
                Some(Ok(())) => return Ok("to the clipboard"),
                _ => {
                    self.clipboard = None;
                    self.no_system_clipboard = true;
                }
            }
        }
        term.write_all(osc52(text).as_bytes())?;
        term.flush()?;
        Ok("via OSC 52")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn osc52_is_base64_of_the_text() {
        assert_eq!(osc52("下陆区\t302"), "\x1b]52;c;5LiL6ZmG5Yy6CTMwMg==\x07");
    }
}
