//! The RON model file: reading (with every problem located by line and column),
//! format versions, and atomic writing.
//!
//! A file starts with `format: N`. This version reads format 1; a later version
//! adds an arm to [`parse_versioned`] that reads the old format and migrates it.

mod cut_short;
mod source_map;

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use thiserror::Error;

use crate::model::Pathway;
use crate::validate::{Problem, Severity, Subject, validate};
pub use source_map::SourceMap;

/// The format version this build writes.
pub const CURRENT_FORMAT: u32 = 1;

/// Files larger than this are refused before parsing.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// A line and column in a file, both counted from 1.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    /// Line, from 1.
    pub line: usize,
    /// Column in characters, from 1.
    pub col: usize,
}

/// One message about a file: a syntax error, a validation problem or a warning.
#[derive(Clone, Debug, PartialEq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// Where in the file, when known.
    pub position: Option<Position>,
    /// What it concerns in the model, when it is a validation problem.
    pub subject: Option<Subject>,
    /// What is wrong and how to fix it.
    pub message: String,
}

impl Diagnostic {
    /// Formats as `FILE:LINE:COLUMN: error: message` (or `FILE: ...` without a position).
    pub fn with_file(&self, file: &str) -> String {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        match self.position {
            Some(p) => format!("{file}:{}:{}: {kind}: {}", p.line, p.col, self.message),
            None => format!("{file}: {kind}: {}", self.message),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.position {
            Some(p) => write!(f, "line {}, column {}: {}", p.line, p.col, self.message),
            None => f.write_str(&self.message),
        }
    }
}

/// Why a model file could not be loaded.
#[derive(Debug, Error)]
pub enum LoadError {
    /// The file could not be read.
    #[error("cannot read the file: {0}")]
    Io(#[from] std::io::Error),
    /// The file is larger than [`MAX_FILE_BYTES`].
    #[error("the file is {bytes} bytes, larger than the {} MiB a model file may be; is it really a model file?", MAX_FILE_BYTES / 1024 / 1024)]
    TooLarge {
        /// Size of the file in bytes.
        bytes: u64,
    },
    /// The file is not valid UTF-8 text.
    #[error("the file is not UTF-8 text; is it really a model file?")]
    NotText,
    /// The file was written by a newer version of opmt.
    #[error(
        "the file is format {found}, written by a newer version of opmt; this version reads format {CURRENT_FORMAT} and older; update opmt to open it"
    )]
    NewerFormat {
        /// The format number in the file.
        found: u32,
    },
    /// The RON could not be read into a model.
    #[error("{0}")]
    Syntax(Diagnostic),
    /// The model was read but has errors.
    #[error("the model has {} error(s): {}", errors(.0).count(), errors(.0).next().map_or(String::new(), |d| d.to_string()))]
    Invalid(Vec<Diagnostic>),
}

fn errors(diagnostics: &[Diagnostic]) -> impl Iterator<Item = &Diagnostic> {
    diagnostics.iter().filter(|d| d.severity == Severity::Error)
}

impl LoadError {
    /// Every message, errors and warnings, each with its position where known.
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        match self {
            LoadError::Syntax(d) => vec![d.clone()],
            LoadError::Invalid(ds) => ds.clone(),
            other => vec![Diagnostic {
                severity: Severity::Error,
                position: None,
                subject: None,
                message: other.to_string(),
            }],
        }
    }
}

/// A model read from a file, with any warnings about it.
#[derive(Clone, Debug)]
pub struct Loaded {
    /// The pathway.
    pub pathway: Pathway,
    /// Warnings (the pathway has no errors).
    pub warnings: Vec<Diagnostic>,
}

/// A load failure together with the file it concerns.
#[derive(Debug, Error)]
#[error("{error} ({})", path.display())]
pub struct FileError {
    /// The file.
    pub path: PathBuf,
    /// What went wrong.
    pub error: LoadError,
}

impl FileError {
    /// Messages in the form `FILE:LINE:COLUMN: error: message`, one a line.
    pub fn lines(&self) -> Vec<String> {
        let file = self.path.display().to_string();
        self.error
            .diagnostics()
            .iter()
            .map(|d| d.with_file(&file))
            .collect()
    }
}

fn options() -> ron::Options {
    ron::Options::default().with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
}

/// RON's error in `text`, located; a file that stops part-way says it looks cut
/// short, where it ends and where the part left open began.
fn syntax_error(e: &ron::error::SpannedError, text: &str) -> LoadError {
    let at = Position {
        line: e.span.start.line,
        col: e.span.start.col,
    };
    let ran_out = matches!(e.code, ron::Error::Eof | ron::Error::ExpectedStringEnd);
    let (position, message) =
        cut_short::cut_short(text, at, ran_out).unwrap_or_else(|| (at, e.code.to_string()));
    LoadError::Syntax(Diagnostic {
        severity: Severity::Error,
        position: Some(position),
        subject: None,
        message,
    })
}

#[derive(Deserialize)]
struct FormatHeader {
    format: u32,
}

/// Reads any supported format into the current model.
fn parse_versioned(text: &str) -> Result<Pathway, LoadError> {
    let mut pathway: Pathway = match options().from_str(text) {
        Ok(pathway) => pathway,
        Err(e) => {
            // A newer file is refused by its version rather than by whichever new
            // field it happens to use first; the peek costs a second parse, so only
            // a file that did not parse pays it.
            if let Ok(FormatHeader { format }) = options().from_str::<FormatHeader>(text)
                && format > CURRENT_FORMAT
            {
                return Err(LoadError::NewerFormat { found: format });
            }
            return Err(syntax_error(&e, text));
        }
    };
    // The version is the file's business, not the model's: checked, then cleared.
    match pathway.format.take() {
        Some(CURRENT_FORMAT) => Ok(pathway),
        Some(found) if found > CURRENT_FORMAT => Err(LoadError::NewerFormat { found }),
        found => Err(LoadError::Syntax(Diagnostic {
            severity: Severity::Error,
            position: None,
            subject: None,
            message: match found {
                Some(found) => format!(
                    "format {found} is not a model file format; use format: {CURRENT_FORMAT}"
                ),
                None => format!(
                    "the file does not say its format; add format: {CURRENT_FORMAT}, at the top"
                ),
            },
        })),
    }
}

/// Reads a model from RON text and validates it, locating every problem.
pub fn load_str(text: &str) -> Result<Loaded, LoadError> {
    let pathway = parse_versioned(text)?;
    let problems = validate(&pathway);
    // Positions are looked up only for a file with something to say about it: the
    // scan costs as much as a quarter of the parse of a large file.
    let map = if problems.is_empty() {
        SourceMap::default()
    } else {
        SourceMap::scan(text)
    };
    let diagnostics: Vec<Diagnostic> = problems.into_iter().map(|p| locate(p, &map)).collect();
    if diagnostics.iter().any(|d| d.severity == Severity::Error) {
        return Err(LoadError::Invalid(diagnostics));
    }
    Ok(Loaded {
        pathway,
        warnings: diagnostics,
    })
}

fn locate(problem: Problem, map: &SourceMap) -> Diagnostic {
    let position = match problem.subject {
        Subject::Pathway => None,
        Subject::Role(i) => map.roles.get(i).copied(),
        Subject::Step(i) => map.steps.get(i).copied(),
    };
    Diagnostic {
        severity: problem.severity,
        position,
        subject: Some(problem.subject),
        message: problem.message,
    }
}

/// Reads and validates a model file. Files over [`MAX_FILE_BYTES`] are refused unread.
pub fn load_path(path: &Path) -> Result<Loaded, FileError> {
    let wrap = |error| FileError {
        path: path.to_path_buf(),
        error,
    };
    let bytes = read_limited(path).map_err(wrap)?;
    load_bytes(&bytes).map_err(wrap)
}

/// Reads and validates a model from the bytes of its file (as a browser's file
/// dialog gives them): UTF-8 text, with or without a leading byte-order mark, of at
/// most [`MAX_FILE_BYTES`].
pub fn load_bytes(bytes: &[u8]) -> Result<Loaded, LoadError> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(LoadError::TooLarge {
            bytes: bytes.len() as u64,
        });
    }
    let text = std::str::from_utf8(bytes).map_err(|_| LoadError::NotText)?;
    // A byte-order mark, as some Windows editors write, is not part of the RON.
    load_str(text.strip_prefix('\u{feff}').unwrap_or(text))
}

fn read_limited(path: &Path) -> Result<Vec<u8>, LoadError> {
    crate::platform::files::read_regular(path, MAX_FILE_BYTES).map_err(|e| match e {
        crate::platform::files::ReadError::TooLarge { bytes, .. } => LoadError::TooLarge { bytes },
        other => LoadError::Io(other.into()),
    })
}

/// Writes a pathway as readable RON: steps in order, estimates and links on one line.
pub fn to_ron_string(pathway: &Pathway) -> String {
    let config = ron::ser::PrettyConfig::new()
        .depth_limit(3)
        .indentor("    ")
        .new_line("\n")
        .struct_names(false);
    let mut current = pathway.clone();
    current.format = Some(CURRENT_FORMAT);
    match ron::ser::to_string_pretty(&current, config) {
        Ok(mut text) => {
            text.push('\n');
            text
        }
        // Serialising plain structs of strings and numbers cannot fail.
        Err(e) => unreachable!("serialising a pathway failed: {e}"),
    }
}

/// Why a save failed.
#[derive(Debug, Error)]
#[error("cannot save: {source} ({})", path.display())]
pub struct SaveError {
    /// The file being written.
    pub path: PathBuf,
    /// The I/O error.
    pub source: std::io::Error,
}

impl SaveError {
    /// Why, in plain words for somebody who is not a programmer.
    pub fn reason(&self) -> String {
        save_failure_reason(&self.source)
    }
}

/// Why writing a file failed, in plain words, from the system's error.
pub fn save_failure_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind;
    // Windows: another program has the file open and does not share it.
    const SHARING_VIOLATION: i32 = 32;
    const LOCK_VIOLATION: i32 = 33;
    if cfg!(windows) && matches!(e.raw_os_error(), Some(SHARING_VIOLATION | LOCK_VIOLATION)) {
        return "another program (Excel, perhaps) has the file open; close it there, then save again".into();
    }
    // opmt's own refusals (a device, a read-only file, a model too large) say it already.
    if e.raw_os_error().is_none() && e.get_ref().is_some() {
        return e.to_string();
    }
    match e.kind() {
        ErrorKind::PermissionDenied => "the folder or the file is read-only, you don't have permission to write there, or another program has the file open".into(),
        ErrorKind::NotFound => "the folder does not exist (was it moved, renamed, or on a drive that is no longer connected?)".into(),
        ErrorKind::NotADirectory => "part of the folder's path is a file, not a folder".into(),
        ErrorKind::StorageFull | ErrorKind::QuotaExceeded => "the disk is full (or your share of it is used up); free some space or save somewhere else".into(),
        ErrorKind::ReadOnlyFilesystem => "the disk is read-only".into(),
        ErrorKind::IsADirectory => "there is a folder of that name".into(),
        ErrorKind::InvalidFilename => "the file name is not allowed here".into(),
        _ => format!("the system said: {e}"),
    }
}

/// Saves atomically: writes a temporary file beside the target, flushes it to disk
/// and renames it over the target, so a failed save never leaves a half-written file.
/// A model larger than [`MAX_FILE_BYTES`] is refused: opmt could not open it again.
pub fn save_path(pathway: &Pathway, path: &Path) -> Result<(), SaveError> {
    let text = to_ron_string(pathway);
    let failed = |source| SaveError {
        path: path.to_path_buf(),
        source,
    };
    if text.len() as u64 > MAX_FILE_BYTES {
        return Err(failed(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!(
                "the model would be {} bytes, more than the {} MiB opmt can open again; it is not written",
                crate::numbers::grouped(text.len() as f64, 0),
                MAX_FILE_BYTES / 1024 / 1024
            ),
        )));
    }
    write_atomic(path, text.as_bytes()).map_err(failed)
}

pub use crate::platform::files::write_atomic;

#[cfg(test)]
mod tests;
