//! Which format a report file is in, told by its extension, and what is
//! said about the formats that are found but not read.

use std::cell::Cell;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use std::sync::Once;

/// The formats of report files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Text or a saved web page, in any encoding (`.txt .text .md .html
    /// .htm`, and any file named on the command line with another
    /// extension).
    Text,
    /// A PDF document, read from its text layer (`.pdf`).
    Pdf,
    /// A Word document (`.docx`, Office Open XML).
    Docx,
    /// A Word 97-2003 document (`.doc`): found, not read.
    Doc,
    /// A WPS Office document (`.wps`): found, not read.
    Wps,
    /// An OFD document (`.ofd`, the Chinese fixed-layout format): found,
    /// not read.
    Ofd,
}

/// Every extension taken from folders, with its format (compared without
/// regard to case).
pub const TABLE: &[(&str, Format)] = &[
    ("txt", Format::Text),
    ("text", Format::Text),
    ("md", Format::Text),
    ("html", Format::Text),
    ("htm", Format::Text),
    ("pdf", Format::Pdf),
    ("docx", Format::Docx),
    ("doc", Format::Doc),
    ("wps", Format::Wps),
    ("ofd", Format::Ofd),
];

impl Format {
    /// The format of a file by its extension: [`Format::Text`] for an
    /// extension not in [`TABLE`] (a file named on the command line is read
    /// as text whatever it is called).
    pub fn of(path: &Path) -> Format {
        path.extension()
            .and_then(|x| x.to_str())
            .and_then(|x| {
                TABLE
                    .iter()
                    .find(|(e, _)| e.eq_ignore_ascii_case(x))
                    .map(|&(_, f)| f)
            })
            .unwrap_or(Format::Text)
    }

    /// Why a file in a format that is found but not read is not read, and
    /// what to do; `None` for the formats that are read.
    pub fn unsupported(self) -> Option<&'static str> {
        match self {
            Format::Text | Format::Pdf | Format::Docx => None,
            Format::Doc => Some(
                "Word 97-2003 document (.doc): not read; convert it with LibreOffice: \
                 soffice --headless --convert-to docx FILE",
            ),
            Format::Wps => Some(
                "WPS Office document (.wps): not read; save it as .docx in WPS Office, or \
                 convert it with LibreOffice: soffice --headless --convert-to docx FILE",
            ),
            Format::Ofd => Some(
                "OFD document (.ofd): not read; convert it to PDF (an OFD reader exports or \
                 prints it as PDF) and read the PDF",
            ),
        }
    }
}

thread_local! {
    /// Whether a panic on this thread is expected and caught (its message
    /// is not printed).
    static QUIET: Cell<bool> = const { Cell::new(false) };
}

/// Run `f`, catching a panic inside it (a PDF or ZIP crate meeting a
/// malformed file) as its message, without the panic hook printing it:
/// the file gets an error, the program goes on.
pub fn quiet_panics<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET.with(Cell::get) {
                previous(info);
            }
        }));
    });
    let was = QUIET.with(|q| q.replace(true));
    let result = catch_unwind(AssertUnwindSafe(f));
    QUIET.with(|q| q.set(was));
    result.map_err(|payload| {
        payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic".into())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_by_extension() {
        assert_eq!(Format::of(Path::new("a/B.PDF")), Format::Pdf);
        assert_eq!(Format::of(Path::new("b.docx")), Format::Docx);
        assert_eq!(Format::of(Path::new("c.wps")), Format::Wps);
        assert_eq!(Format::of(Path::new("d.txt")), Format::Text);
        assert_eq!(Format::of(Path::new("noext")), Format::Text);
        assert!(Format::Ofd.unsupported().unwrap().contains("PDF"));
        assert!(Format::Pdf.unsupported().is_none());
    }

    #[test]
    fn every_extension_of_the_table_is_taken_from_folders() {
        let table: Vec<&str> = TABLE.iter().map(|&(e, _)| e).collect();
        assert_eq!(table, crate::ingest::EXTENSIONS);
    }

    #[test]
    fn a_caught_panic_is_its_message() {
        let r: Result<(), String> = quiet_panics(|| panic!("boom {}", 1));
        assert_eq!(r.unwrap_err(), "boom 1");
        assert_eq!(quiet_panics(|| 3), Ok(3));
    }
}
