//! Files, as the rest of opmt sees them: read whole (with a limit) or replaced
//! whole, never half-written. The core itself works on bytes and text
//! ([`crate::format::load_bytes`], the importer's `read_bytes`); reading a file by
//! its path stays here, at the edge.
//!
//! On the desktop these are the file system's ([`super::native::fs`]). A browser has
//! no file system: its files arrive as bytes from a file dialog
//! ([`crate::platform`]'s dialogs, in the app), and the same calls there fail with
//! the system's "unsupported" error rather than panicking.

use std::io;

use thiserror::Error;

pub use super::native::fs::{
    canonical, exists, facts_of, read_regular, read_regular_text, read_start, save_target,
    write_atomic,
};

/// Why a file could not be read.
#[derive(Debug, Error)]
pub enum ReadError {
    /// The path names a folder, a device, a pipe or a socket rather than a file.
    #[error("it is not a file but {what}; choose a file")]
    NotAFile {
        /// What the path names instead ("a folder", "a device", ...).
        what: &'static str,
    },
    /// The file is larger than the limit for its kind.
    #[error(
        "the file is {} bytes, larger than the {} a file of this kind may be; is it the right file?",
        crate::numbers::grouped(*.bytes as f64, 0), limit_words(*.limit_bytes)
    )]
    TooLarge {
        /// Size of the file in bytes (at least this many: it may still be growing).
        bytes: u64,
        /// The limit it passed, in bytes.
        limit_bytes: u64,
    },
    /// The system could not read it.
    #[error("cannot read the file: {0}")]
    Io(#[from] io::Error),
}

impl From<ReadError> for io::Error {
    /// The error as the system's kind, for callers that report I/O errors: a path
    /// that is not a file or is too large becomes `InvalidInput` with its message.
    fn from(e: ReadError) -> Self {
        match e {
            ReadError::Io(e) => e,
            other => io::Error::new(io::ErrorKind::InvalidInput, other.to_string()),
        }
    }
}

/// A file's length and time of last change.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FileFacts {
    /// Length in bytes.
    pub len_bytes: u64,
    /// Last change, in nanoseconds since 1970 (when the system tells).
    pub modified_unix_ns: Option<u64>,
}

/// "64 MiB", "512 KiB" or "100 bytes": a limit in words.
pub fn limit_words(bytes: u64) -> String {
    const MIB: u64 = 1024 * 1024;
    if bytes >= MIB && bytes.is_multiple_of(MIB) {
        format!("{} MiB", bytes / MIB)
    } else if bytes >= 1024 && bytes.is_multiple_of(1024) {
        format!("{} KiB", bytes / 1024)
    } else {
        format!("{bytes} bytes")
    }
}

/// Checks that `path` (after following symbolic links) is a regular file, before it
/// is opened: opening a pipe would wait for a writer, and a device can be read
/// forever.
pub fn check_regular(path: &std::path::Path) -> Result<(), ReadError> {
    super::native::fs::check_regular(path).map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_in_words() {
        assert_eq!(limit_words(64 * 1024 * 1024), "64 MiB");
        assert_eq!(limit_words(512 * 1024), "512 KiB");
        assert_eq!(limit_words(1000), "1000 bytes");
        assert_eq!(limit_words(1536), "1536 bytes");
    }
}
