//! The desktop's file system, for [`crate::platform::files`]: reading and writing
//! files a colleague may have sent. Only regular files are read, never more than a
//! stated number of bytes, and a save replaces only a regular file (following a
//! symbolic link to the file it names) through a temporary file beside it, so a
//! failed save never leaves a half-written file.
//!
//! Every file opmt reads (models, workspace files, spreadsheets, recovery records)
//! and every file it writes (models, exports, autosaves) goes through here.

use std::fs::File;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use crate::platform::files::{FileFacts, ReadError};

/// What a path that is not a regular file names, in words.
fn kind_words(meta: &std::fs::Metadata) -> &'static str {
    let kind = meta.file_type();
    if kind.is_dir() {
        return "a folder";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_block_device() || kind.is_char_device() {
            return "a device";
        }
        if kind.is_fifo() {
            return "a pipe";
        }
        if kind.is_socket() {
            return "a socket";
        }
    }
    "not a regular file"
}

/// Checks that `path` (after following symbolic links) is a regular file, before it is
/// opened: opening a pipe would wait for a writer, and a device can be read forever.
pub fn check_regular(path: &Path) -> Result<std::fs::Metadata, ReadError> {
    let meta = std::fs::metadata(path)?;
    if meta.is_file() {
        Ok(meta)
    } else {
        Err(ReadError::NotAFile {
            what: kind_words(&meta),
        })
    }
}

/// Reads a whole regular file of at most `limit_bytes` bytes. A folder, device, pipe or
/// socket is refused unopened, and a file over the limit is refused without reading
/// it (or, if it grows while being read, after reading one byte past the limit).
pub fn read_regular(path: &Path, limit_bytes: u64) -> Result<Vec<u8>, ReadError> {
    let meta = check_regular(path)?;
    if meta.len() > limit_bytes {
        return Err(ReadError::TooLarge {
            bytes: meta.len(),
            limit_bytes,
        });
    }
    let file = File::open(path)?;
    // The path might have been swapped between the check and the open.
    let opened = file.metadata()?;
    if !opened.is_file() {
        return Err(ReadError::NotAFile {
            what: kind_words(&opened),
        });
    }
    let mut bytes = Vec::with_capacity(usize::try_from(opened.len()).unwrap_or(0));
    file.take(limit_bytes + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit_bytes {
        return Err(ReadError::TooLarge {
            bytes: bytes.len() as u64,
            limit_bytes,
        });
    }
    Ok(bytes)
}

/// Reads a whole regular file of at most `limit_bytes` bytes as UTF-8 text, without a
/// leading byte-order mark (as some Windows editors write). `None` inside `Ok` means
/// the bytes are not UTF-8 text.
pub fn read_regular_text(path: &Path, limit_bytes: u64) -> Result<Option<String>, ReadError> {
    let bytes = read_regular(path, limit_bytes)?;
    Ok(String::from_utf8(bytes)
        .ok()
        .map(|text| match text.strip_prefix('\u{feff}') {
            Some(rest) => rest.to_owned(),
            None => text,
        }))
}

/// The first `limit_bytes` bytes of a regular file (all of it when shorter), with its
/// length and time of last change. A folder, device, pipe or socket is refused
/// unopened.
pub fn read_start(path: &Path, limit_bytes: u64) -> Result<(Vec<u8>, FileFacts), ReadError> {
    check_regular(path)?;
    let file = File::open(path)?;
    let meta = file.metadata()?;
    let mut bytes = Vec::new();
    file.take(limit_bytes).read_to_end(&mut bytes)?;
    Ok((bytes, facts(&meta)))
}

fn facts(meta: &std::fs::Metadata) -> FileFacts {
    FileFacts {
        len_bytes: meta.len(),
        modified_unix_ns: meta.modified().ok().and_then(|t| {
            t.duration_since(std::time::UNIX_EPOCH)
                .ok()
                .and_then(|d| u64::try_from(d.as_nanos()).ok())
        }),
    }
}

/// The length and time of last change of whatever `path` names (following links).
pub fn facts_of(path: &Path) -> io::Result<FileFacts> {
    std::fs::metadata(path).map(|meta| facts(&meta))
}

/// True when something (a file, a folder, ...) is at `path`.
pub fn exists(path: &Path) -> bool {
    path.exists()
}

/// `path` with links and `..` resolved, when it exists; else `path` as it is. On
/// Windows without the `\\?\` prefix where the path is valid without it, so the user
/// sees an ordinary path (in the recent files, say).
pub fn canonical(path: &Path) -> PathBuf {
    dunce::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

/// Why a file may not be replaced, as an I/O error whose message says so in words.
fn refuse(kind: io::ErrorKind, message: &str) -> io::Error {
    io::Error::new(kind, message.to_owned())
}

/// The file a save to `path` really writes: the target of a symbolic link (followed
/// to the end), else `path` itself. A dangling link's target is created.
pub fn save_target(path: &Path) -> io::Result<PathBuf> {
    let mut target = path.to_path_buf();
    // A chain of links ends within a few hops; 40 is the usual system limit.
    for _ in 0..40 {
        match std::fs::symlink_metadata(&target) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let next = std::fs::read_link(&target)?;
                target = match target.parent() {
                    Some(dir) if next.is_relative() => dir.join(next),
                    _ => next,
                };
            }
            _ => return Ok(target),
        }
    }
    Err(refuse(
        io::ErrorKind::InvalidInput,
        "the file is a chain of links that never ends at a file",
    ))
}

/// Writes `bytes` to `path` safely: the bytes go to a temporary file beside the real
/// target, are flushed to disk and renamed over it, so a failed write leaves the old
/// file as it was and no partial file behind.
///
/// A symbolic link is followed and its target replaced (the link stays a link). Only
/// a regular file (or a new file) is replaced: a folder, device or pipe is refused,
/// and so is a read-only file, whose permissions are the user's word not to change
/// it. A replaced file keeps its permissions.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let target = save_target(path)?;
    let existing = match std::fs::metadata(&target) {
        Ok(meta) => Some(meta),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => return Err(e),
    };
    if let Some(meta) = &existing {
        if !meta.is_file() {
            return Err(refuse(
                io::ErrorKind::InvalidInput,
                &format!(
                    "it is {}, not a file; choose a file name instead",
                    kind_words(meta)
                ),
            ));
        }
        if meta.permissions().readonly() {
            return Err(refuse(
                io::ErrorKind::PermissionDenied,
                "the file is read-only; save under another name (Save as), or make the file writable first",
            ));
        }
    }
    let dir = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = target
        .file_name()
        .map_or_else(|| "file".into(), |n| n.to_string_lossy().into_owned());
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        file.write_all(bytes)?;
        if let Some(meta) = &existing {
            file.set_permissions(meta.permissions())?;
        }
        file.sync_all()?;
        // Closed before the rename (Windows renames no open file). On wasm a `File`
        // has nothing to close, and clippy says so.
        #[cfg_attr(target_arch = "wasm32", allow(clippy::drop_non_drop))]
        drop(file);
        std::fs::rename(&tmp, &target)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn a_folder_is_not_read() {
        let dir = tempfile::tempdir().unwrap();
        let error = read_regular(dir.path(), 100).unwrap_err();
        assert!(
            matches!(error, ReadError::NotAFile { what: "a folder" }),
            "{error}"
        );
    }

    #[test]
    fn a_file_over_the_limit_is_refused_and_one_at_it_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.txt");
        std::fs::write(&path, b"12345").unwrap();
        assert_eq!(read_regular(&path, 5).unwrap(), b"12345");
        let error = read_regular(&path, 4).unwrap_err();
        assert!(
            matches!(
                error,
                ReadError::TooLarge {
                    bytes: 5,
                    limit_bytes: 4
                }
            ),
            "{error}"
        );
        assert!(error.to_string().contains("4 bytes"), "{error}");
    }

    #[test]
    fn text_loses_its_byte_order_mark_and_bytes_that_are_not_text_say_so() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.txt");
        std::fs::write(&path, b"\xef\xbb\xbfhello").unwrap();
        assert_eq!(
            read_regular_text(&path, 100).unwrap().as_deref(),
            Some("hello")
        );
        std::fs::write(&path, b"\xff\xfe").unwrap();
        assert_eq!(read_regular_text(&path, 100).unwrap(), None);
    }

    #[cfg(unix)]
    #[test]
    fn devices_and_pipes_are_refused_unopened() {
        let error = read_regular(Path::new("/dev/zero"), 100).unwrap_err();
        assert!(
            matches!(error, ReadError::NotAFile { what: "a device" }),
            "{error}"
        );
        let error = write_atomic(Path::new("/dev/null"), b"x").unwrap_err();
        assert!(error.to_string().contains("a device"), "{error}");
        use std::os::unix::fs::FileTypeExt;
        let still = std::fs::metadata("/dev/null").unwrap().file_type();
        assert!(still.is_char_device());
    }

    #[test]
    fn a_save_replaces_the_file_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("model.ron");
        std::fs::write(&path, b"old").unwrap();
        write_atomic(&path, b"new").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1);
    }

    #[test]
    fn a_read_only_file_is_not_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("model.ron");
        std::fs::write(&path, b"old").unwrap();
        let mut permissions = std::fs::metadata(&path).unwrap().permissions();
        permissions.set_readonly(true);
        std::fs::set_permissions(&path, permissions).unwrap();
        let error = write_atomic(&path, b"new").unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::PermissionDenied);
        assert!(error.to_string().contains("read-only"), "{error}");
        assert_eq!(std::fs::read(&path).unwrap(), b"old");
        assert!(std::fs::metadata(&path).unwrap().permissions().readonly());
    }

    #[cfg(unix)]
    #[test]
    fn a_link_stays_a_link_and_its_target_is_saved_with_its_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.ron");
        std::fs::write(&real, b"old").unwrap();
        std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o640)).unwrap();
        let link = dir.path().join("link.ron");
        std::os::unix::fs::symlink("real.ron", &link).unwrap();
        write_atomic(&link, b"new").unwrap();
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(std::fs::read(&real).unwrap(), b"new");
        let mode = std::fs::metadata(&real).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
    }
}
