//! Atomic file writing: a temporary file in the target's folder, synced to
//! disk, then renamed over the target. A failure leaves no partial file and
//! an existing target untouched.

use super::ExportError;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use tempfile::NamedTempFile;

/// Write `bytes` to `path` atomically.
pub fn write_bytes(path: &Path, bytes: &[u8]) -> Result<(), ExportError> {
    write_with(path, |file| file.write_all(bytes))
}

/// Create the temporary file that will become `path`, checking the target
/// first; [`commit`] finishes the job.
pub fn begin(path: &Path) -> Result<NamedTempFile, ExportError> {
    let dir = folder_of(path);
    if !dir.is_dir() {
        let what = if dir.exists() {
            "is not a folder"
        } else {
            "does not exist"
        };
        return Err(ExportError::new(
            path,
            format!("folder {} {what}", dir.display()),
        ));
    }
    if path.is_dir() {
        return Err(ExportError::new(path, "is a folder"));
    }
    let tmp = tempfile::Builder::new()
        .prefix(".baogao-")
        .suffix(".tmp")
        .tempfile_in(&dir)
        .map_err(|e| ExportError::new(path, reason(&e, &dir)))?;
    set_permissions(tmp.path(), path);
    Ok(tmp)
}

/// Sync a temporary file from [`begin`] and rename it to `path`.
pub fn commit(tmp: NamedTempFile, path: &Path) -> Result<(), ExportError> {
    let dir = folder_of(path);
    tmp.as_file()
        .sync_all()
        .map_err(|e| ExportError::new(path, reason(&e, &dir)))?;
    tmp.persist(path)
        .map_err(|e| ExportError::new(path, reason(&e.error, &dir)))?;
    // Make the rename itself durable; not every platform can sync a folder.
    if let Ok(d) = std::fs::File::open(&dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// Write `path` atomically through a closure writing the open file.
pub fn write_with(
    path: &Path,
    write: impl FnOnce(&mut std::fs::File) -> io::Result<()>,
) -> Result<(), ExportError> {
    let mut tmp = begin(path)?;
    write(tmp.as_file_mut()).map_err(|e| ExportError::new(path, reason(&e, &folder_of(path))))?;
    commit(tmp, path)
}

/// The folder holding `path` (`.` for a bare file name).
fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// An I/O error in words for the user.
fn reason(err: &io::Error, dir: &Path) -> String {
    match err.kind() {
        io::ErrorKind::PermissionDenied => {
            format!(
                "permission denied (cannot write in folder {})",
                dir.display()
            )
        }
        io::ErrorKind::ReadOnlyFilesystem => {
            format!(
                "read-only file system (cannot write in folder {})",
                dir.display()
            )
        }
        io::ErrorKind::StorageFull => "disk full".to_string(),
        io::ErrorKind::QuotaExceeded => "disk quota exceeded".to_string(),
        io::ErrorKind::NotFound if !dir.is_dir() => {
            format!("folder {} does not exist", dir.display())
        }
        io::ErrorKind::NotFound => format!("cannot create files in folder {}", dir.display()),
        io::ErrorKind::FileTooLarge => "file too large (file size limit reached)".to_string(),
        _ => err.to_string(),
    }
}

/// Give the new file the permissions of the file it replaces, or the usual
/// ones of a new file (a temporary file is private to its owner).
#[cfg(unix)]
fn set_permissions(tmp: &Path, target: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let perms = std::fs::metadata(target)
        .map(|m| m.permissions())
        .unwrap_or_else(|_| std::fs::Permissions::from_mode(0o644));
    let _ = std::fs::set_permissions(tmp, perms);
}

#[cfg(not(unix))]
fn set_permissions(_tmp: &Path, _target: &Path) {}
