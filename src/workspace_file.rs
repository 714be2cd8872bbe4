//! The workspace file: a small RON file listing the pathway files of an options
//! appraisal, the current process and any number of proposed options.
//!
//! ```text
//! OpmtWorkspace(
//!     format: 1,
//!     name: "Orthopaedics options",
//!     current: "current-ers-as-implemented.ron",
//!     options: [
//!         "best-practice-ers.ron",
//!         "best-practice-ers-ras.ron",
//!     ],
//! )
//! ```
//!
//! Each pathway is named by its path relative to the workspace file's folder,
//! written with `/` on every platform, so the folder can be zipped and emailed and
//! opened anywhere. Reading accepts `\` as well, and absolute paths as given.
//!
//! Loading a workspace never fails because one of its pathway files is missing or
//! broken: [`LoadedWorkspace`] holds, for each file, the pathway or the reason it
//! could not be read, so the app can open what it can and say what it could not.

use std::path::{Component, Path, PathBuf};

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::format::{FileError, LoadError, Loaded, MAX_FILE_BYTES, SaveError, load_path};

/// The workspace file format this build writes and reads.
pub const WORKSPACE_FORMAT: u32 = 1;

/// The name a workspace file starts with, which tells it from a pathway file.
const STRUCT_NAME: &str = "OpmtWorkspace";

/// The contents of a workspace file, with the paths as written in it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename = "OpmtWorkspace")]
pub struct WorkspaceFile {
    /// [`WORKSPACE_FORMAT`].
    pub format: u32,
    /// The appraisal's name, shown to the user.
    pub name: String,
    /// The current process's pathway file, relative to the workspace file's folder
    /// (or absolute), with `/` between folders.
    pub current: String,
    /// The proposed options' pathway files, in order, written like `current`.
    #[serde(default)]
    pub options: Vec<String>,
}

impl WorkspaceFile {
    /// Where a path listed in a workspace file points, for a workspace file in
    /// `folder`: relative paths are taken from that folder, absolute ones as given;
    /// `/` and `\` both separate folders.
    pub fn resolve(folder: &Path, listed: &str) -> PathBuf {
        folder.join(native_path(listed))
    }
}

/// Why a workspace file could not be read. The file it concerns is in
/// [`WorkspaceFileError`].
#[derive(Debug, Error)]
pub enum WorkspaceError {
    /// The file could not be read.
    #[error("cannot read the workspace file: {0}")]
    Io(#[from] std::io::Error),
    /// The file is larger than [`MAX_FILE_BYTES`].
    #[error("the file is {bytes} bytes, larger than the {} MiB a workspace file may be; is it really a workspace file?", MAX_FILE_BYTES / 1024 / 1024)]
    TooLarge {
        /// Size of the file in bytes.
        bytes: u64,
    },
    /// The file is not valid UTF-8 text.
    #[error("the file is not UTF-8 text; is it really a workspace file?")]
    NotText,
    /// The text does not start with `OpmtWorkspace(`.
    #[error(
        "line {line}, column {col}: this is not an opmt workspace file (one starts with {STRUCT_NAME}); open a pathway file as a pathway, not as a workspace"
    )]
    NotWorkspace {
        /// Line of the first thing in the file, from 1.
        line: usize,
        /// Column of the first thing in the file, from 1.
        col: usize,
    },
    /// The RON could not be read as a workspace.
    #[error("line {line}, column {col}: {message}")]
    Syntax {
        /// Line, from 1.
        line: usize,
        /// Column in characters, from 1.
        col: usize,
        /// What is wrong, as the RON reader says it.
        message: String,
    },
    /// Written by a newer version of opmt.
    #[error(
        "this workspace file is format {found}; this version of opmt reads format {WORKSPACE_FORMAT}: update opmt"
    )]
    NewerFormat {
        /// The format number in the file.
        found: u32,
    },
    /// A format number no version of opmt wrote.
    #[error("format {found} is not a workspace file format; use format: {WORKSPACE_FORMAT}")]
    UnknownFormat {
        /// The format number in the file.
        found: u32,
    },
    /// `current` is empty.
    #[error(
        "the workspace names no current process; give current: \"FILE.ron\", the current process's pathway file"
    )]
    NoCurrent,
    /// One of the `options` is empty.
    #[error(
        "option {number} is an empty file name; give the option's pathway file, or remove it from the list"
    )]
    EmptyOption {
        /// The option's place in the list, from 1.
        number: usize,
    },
}

/// A workspace file that could not be read, and why.
#[derive(Debug, Error)]
#[error("{error} ({})", path.display())]
pub struct WorkspaceFileError {
    /// The workspace file.
    pub path: PathBuf,
    /// What went wrong.
    pub error: WorkspaceError,
}

/// One pathway file of a loaded workspace: the pathway, or why it could not be read.
#[derive(Debug)]
pub struct WorkspaceMember {
    /// The path as written in the workspace file.
    pub listed: String,
    /// Where it points (see [`WorkspaceFile::resolve`]).
    pub path: PathBuf,
    /// The pathway with the loader's warnings, or the loader's error.
    pub loaded: Result<Loaded, FileError>,
}

impl WorkspaceMember {
    /// Why this file could not be read, in plain lines, each naming the file (as
    /// the workspace lists it) and saying how to fix it; empty when it was read.
    pub fn problem_lines(&self) -> Vec<String> {
        let Err(file_error) = &self.loaded else {
            return Vec::new();
        };
        let listed = &self.listed;
        let path = self.path.display();
        let remove = "or remove it from the workspace";
        match &file_error.error {
            LoadError::Io(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let place = if self.listed.contains(['/', '\\']) {
                    "where the workspace file says it is"
                } else {
                    "beside the workspace file"
                };
                vec![format!(
                    "{listed}: the file is not there ({path}). Put the file back {place}, {remove}."
                )]
            }
            LoadError::Io(e) => vec![format!(
                "{listed}: cannot read the file: {e} ({path}). Check that it can be opened, {remove}."
            )],
            LoadError::TooLarge { .. } | LoadError::NotText => vec![format!(
                "{listed}: {} ({path}). Put the right pathway file in its place, {remove}.",
                file_error.error
            )],
            LoadError::NewerFormat { .. } => vec![format!(
                "{listed}: {} ({path}). Or remove it from the workspace.",
                file_error.error
            )],
            LoadError::Syntax(_) | LoadError::Invalid(_) => file_error
                .error
                .diagnostics()
                .iter()
                .filter(|d| d.severity == crate::validate::Severity::Error)
                .map(|d| {
                    format!("{listed}: {d}. Correct it in the pathway file ({path}), {remove}.")
                })
                .collect(),
        }
    }
}

/// A workspace file read from disk, with each of its pathway files loaded or not.
#[derive(Debug)]
pub struct LoadedWorkspace {
    /// The workspace file.
    pub path: PathBuf,
    /// The appraisal's name.
    pub name: String,
    /// The current process.
    pub current: WorkspaceMember,
    /// The proposed options, in the workspace file's order.
    pub options: Vec<WorkspaceMember>,
}

impl LoadedWorkspace {
    /// The current process, then the options in order.
    pub fn members(&self) -> impl Iterator<Item = &WorkspaceMember> {
        std::iter::once(&self.current).chain(&self.options)
    }

    /// True when every pathway file was read.
    pub fn all_loaded(&self) -> bool {
        self.members().all(|m| m.loaded.is_ok())
    }

    /// Why pathway files could not be read, in plain lines, each naming the file
    /// and saying how to fix it (see [`WorkspaceMember::problem_lines`]).
    pub fn problem_lines(&self) -> Vec<String> {
        self.members()
            .flat_map(WorkspaceMember::problem_lines)
            .collect()
    }
}

/// Why a workspace file could not be saved.
#[derive(Debug, Error)]
pub enum WorkspaceSaveError {
    /// Writing the file failed.
    #[error(transparent)]
    Write(#[from] SaveError),
    /// A pathway's path cannot be written in a workspace file.
    #[error("the path of a pathway file is not Unicode text, which a workspace file cannot hold; rename the file or its folder ({})", path.display())]
    NotUnicode {
        /// The pathway file.
        path: PathBuf,
    },
    /// A pathway's path is empty.
    #[error("a pathway file of the workspace has no path; save the pathway to a file first")]
    EmptyPath,
    /// The RON writer failed (it does not for strings and numbers).
    #[error("cannot write the workspace as RON: {0}")]
    Serialise(String),
}

impl WorkspaceSaveError {
    /// Why, in plain words for somebody who is not a programmer.
    pub fn reason(&self) -> String {
        match self {
            WorkspaceSaveError::Write(e) => e.reason(),
            other => other.to_string(),
        }
    }
}

fn ron_options() -> ron::Options {
    ron::Options::default().with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
}

/// The first thing in RON text that is not white space, a comment or an
/// `#![enable(...)]` attribute, as a byte offset.
fn first_token(text: &str) -> usize {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let rest = &text[i..];
        if rest.starts_with(char::is_whitespace) {
            i += rest.chars().next().map_or(1, char::len_utf8);
        } else if rest.starts_with('\u{feff}') {
            i += '\u{feff}'.len_utf8();
        } else if rest.starts_with("//") {
            i += rest.find('\n').unwrap_or(rest.len());
        } else if rest.starts_with("/*") {
            i += block_comment_len(rest);
        } else if rest.starts_with("#![") {
            i += rest.find(']').map_or(rest.len(), |end| end + 1);
        } else {
            break;
        }
    }
    i.min(text.len())
}

/// The length in bytes of the (possibly nested) block comment `text` starts with;
/// all of `text` when it is not closed.
fn block_comment_len(text: &str) -> usize {
    let mut depth = 0usize;
    let mut i = 0;
    while i < text.len() {
        let rest = &text[i..];
        if rest.starts_with("/*") {
            depth += 1;
            i += 2;
        } else if rest.starts_with("*/") {
            depth = depth.saturating_sub(1);
            i += 2;
            if depth == 0 {
                return i;
            }
        } else {
            i += rest.chars().next().map_or(1, char::len_utf8);
        }
    }
    text.len()
}

/// True when the text's first token, after white space and comments, is
/// `OpmtWorkspace`: a workspace file rather than a pathway file.
pub fn looks_like_workspace(text: &str) -> bool {
    let rest = &text[first_token(text)..];
    rest.strip_prefix(STRUCT_NAME)
        .is_some_and(|after| !after.starts_with(|c: char| c.is_alphanumeric() || c == '_'))
}

/// Line and column (from 1, the column in characters) of a byte offset.
fn position_of(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

/// The byte offset of a line and column (from 1, the column in characters); the
/// end of the line or of the text when they are past it.
fn offset_of(text: &str, line: usize, col: usize) -> usize {
    let line_start = if line <= 1 {
        0
    } else {
        text.match_indices('\n')
            .nth(line - 2)
            .map_or(text.len(), |(i, _)| i + 1)
    };
    let rest = &text[line_start..];
    let line_len = rest.find('\n').unwrap_or(rest.len());
    line_start
        + rest[..line_len]
            .char_indices()
            .nth(col.saturating_sub(1))
            .map_or(line_len, |(i, _)| i)
}

#[derive(Deserialize)]
#[serde(rename = "OpmtWorkspace")]
struct FormatHeader {
    format: u32,
}

/// Reads a workspace file's text, checking its format number and that it names a
/// current process.
pub fn read_workspace_str(text: &str) -> Result<WorkspaceFile, WorkspaceError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if !looks_like_workspace(text) {
        let (line, col) = position_of(text, first_token(text));
        return Err(WorkspaceError::NotWorkspace { line, col });
    }
    // Peek at the format number first, so that a newer file is refused by its
    // version rather than by whichever new field it happens to use first.
    if let Ok(FormatHeader { format }) = ron_options().from_str::<FormatHeader>(text)
        && format > WORKSPACE_FORMAT
    {
        return Err(WorkspaceError::NewerFormat { found: format });
    }
    let file: WorkspaceFile = ron_options().from_str(text).map_err(|e| {
        // The RON reader points at the end of the token before the fault;
        // the user wants the fault itself, past white space and comments.
        let from = offset_of(text, e.span.start.line, e.span.start.col);
        let (line, col) = position_of(text, from + first_token(&text[from..]));
        WorkspaceError::Syntax {
            line,
            col,
            message: e.code.to_string(),
        }
    })?;
    if file.format != WORKSPACE_FORMAT {
        return Err(WorkspaceError::UnknownFormat { found: file.format });
    }
    if file.current.trim().is_empty() {
        return Err(WorkspaceError::NoCurrent);
    }
    if let Some(i) = file.options.iter().position(|o| o.trim().is_empty()) {
        return Err(WorkspaceError::EmptyOption { number: i + 1 });
    }
    Ok(file)
}

fn read_text(path: &Path) -> Result<String, WorkspaceError> {
    match crate::platform::files::read_regular_text(path, MAX_FILE_BYTES) {
        Ok(Some(text)) => Ok(text),
        Ok(None) => Err(WorkspaceError::NotText),
        Err(crate::platform::files::ReadError::TooLarge { bytes, .. }) => {
            Err(WorkspaceError::TooLarge { bytes })
        }
        Err(other) => Err(std::io::Error::from(other).into()),
    }
}

/// Reads a workspace file and loads each pathway file it lists, relative to the
/// workspace file's folder. Only a workspace file that cannot be read is an error;
/// a pathway file that cannot be read is reported in its [`WorkspaceMember`].
pub fn load_workspace(path: &Path) -> Result<LoadedWorkspace, WorkspaceFileError> {
    let file = read_text(path)
        .and_then(|text| read_workspace_str(&text))
        .map_err(|error| WorkspaceFileError {
            path: path.to_path_buf(),
            error,
        })?;
    let folder = path.parent().unwrap_or(Path::new(""));
    let member = |listed: String| {
        let resolved = WorkspaceFile::resolve(folder, &listed);
        WorkspaceMember {
            loaded: load_path(&resolved),
            path: resolved,
            listed,
        }
    };
    Ok(LoadedWorkspace {
        path: path.to_path_buf(),
        name: file.name,
        current: member(file.current),
        options: file.options.into_iter().map(member).collect(),
    })
}

/// Writes a workspace file atomically, naming each pathway file relative to the
/// workspace file's folder (going up with `..` where needed) and with `/` between
/// folders; a pathway on another drive keeps its absolute path.
pub fn save_workspace(
    path: &Path,
    name: &str,
    current: &Path,
    options: &[PathBuf],
) -> Result<(), WorkspaceSaveError> {
    let write_error = |source| SaveError {
        path: path.to_path_buf(),
        source,
    };
    let workspace = std::path::absolute(path).map_err(write_error)?;
    let folder = normalise(workspace.parent().unwrap_or(&workspace));
    let listed = |pathway: &Path| -> Result<String, WorkspaceSaveError> {
        if pathway.as_os_str().is_empty() {
            return Err(WorkspaceSaveError::EmptyPath);
        }
        let full = normalise(&std::path::absolute(pathway).map_err(write_error)?);
        let written = relative_path(&folder, &full).unwrap_or(full);
        slash_string(&written).ok_or_else(|| WorkspaceSaveError::NotUnicode {
            path: pathway.to_path_buf(),
        })
    };
    let file = WorkspaceFile {
        format: WORKSPACE_FORMAT,
        name: name.to_owned(),
        current: listed(current)?,
        options: options
            .iter()
            .map(|p| listed(p))
            .collect::<Result<_, _>>()?,
    };
    let text = to_ron_string(&file)?;
    crate::format::write_atomic(path, text.as_bytes()).map_err(write_error)?;
    Ok(())
}

/// The workspace as pretty RON, starting `OpmtWorkspace(`, ending with a newline.
fn to_ron_string(file: &WorkspaceFile) -> Result<String, WorkspaceSaveError> {
    let config = ron::ser::PrettyConfig::new()
        .indentor("    ")
        .new_line("\n")
        .struct_names(true);
    let mut text = ron::ser::to_string_pretty(file, config)
        .map_err(|e| WorkspaceSaveError::Serialise(e.to_string()))?;
    text.push('\n');
    Ok(text)
}

/// A path as listed in a workspace file, in this platform's form: `\` is read as a
/// separator too (on Windows `/` already is).
fn native_path(listed: &str) -> PathBuf {
    if cfg!(windows) {
        PathBuf::from(listed.replace('/', "\\"))
    } else {
        PathBuf::from(listed.replace('\\', "/"))
    }
}

/// A path with `/` between its parts, or `None` when it is not Unicode.
fn slash_string(path: &Path) -> Option<String> {
    let text = path.to_str()?;
    Some(if cfg!(windows) {
        text.replace('\\', "/")
    } else {
        text.to_owned()
    })
}

/// The path without `.` parts and with each `..` taken off the part before it,
/// going by the text alone (not following links).
fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => match out.components().next_back() {
                Some(Component::Normal(_)) => {
                    out.pop();
                }
                Some(Component::RootDir | Component::Prefix(_)) => {}
                Some(Component::ParentDir | Component::CurDir) | None => out.push(".."),
            },
            other => out.push(other),
        }
    }
    out
}

/// The path from folder `from` to `to`, going up with `..` where needed; `None`
/// when they do not share a root (another drive) or `to` is `from` itself. Both
/// should be absolute and normalised.
fn relative_path(from: &Path, to: &Path) -> Option<PathBuf> {
    let from: Vec<Component> = from.components().collect();
    let to: Vec<Component> = to.components().collect();
    let is_root = |c: &&Component| matches!(c, Component::Prefix(_) | Component::RootDir);
    let from_root = from.iter().take_while(is_root).count();
    let to_root = to.iter().take_while(is_root).count();
    if from[..from_root] != to[..to_root] {
        return None;
    }
    let (from, to) = (&from[from_root..], &to[to_root..]);
    let shared = from.iter().zip(to).take_while(|(a, b)| a == b).count();
    let mut relative = PathBuf::new();
    for _ in shared..from.len() {
        relative.push("..");
    }
    for part in &to[shared..] {
        relative.push(part);
    }
    (!relative.as_os_str().is_empty()).then_some(relative)
}

#[cfg(test)]
mod tests;
