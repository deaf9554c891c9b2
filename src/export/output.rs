//! The one way baogao writes an output: it looks at the target first, so
//! that nothing but the regular file it was asked to write is ever replaced
//! or truncated.
//!
//! | target | what it gets |
//! |---|---|
//! | `-` | standard output |
//! | a regular file, or a new path | written atomically: a temporary file `.NAME.baogao-tmp-PID` in the same folder, synced, renamed over the target (its permissions and owner kept) |
//! | a symbolic link (through any chain) | the link is kept; the file it points to is replaced atomically in *its* folder; a dangling link is an error |
//! | `/dev/stdout`, `/dev/stderr`, `/dev/fd/N`, `/proc/self/fd/N` | written to that open descriptor |
//! | a character device, a FIFO, a socket | written through: never renamed over, never truncated |
//! | a block device, a folder, a read-only file, a missing or read-only folder | an error naming the path; nothing is created |
//!
//! A temporary file is removed on every exit path this process controls:
//! an error, a drop, and [`remove_pending`] (called by the signal handlers
//! and the browser's watchdog before they exit). One left behind by a
//! killed run is removed by the next write to the same target.

use super::ExportError;
use std::ffi::OsString;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The temporary files of this process not yet renamed into place.
static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// How many symbolic links are followed before giving up (Linux's limit).
const MAX_LINKS: usize = 40;

/// Remove every temporary file this process has not yet put in place: for
/// exit paths that skip destructors (a signal, the watchdog's exit).
pub fn remove_pending() {
    let pending = match PENDING.lock() {
        Ok(mut p) => std::mem::take(&mut *p),
        Err(poisoned) => std::mem::take(&mut *poisoned.into_inner()),
    };
    for p in pending {
        let _ = fs::remove_file(p);
    }
}

/// Remove pending temporary files and exit with 128 + the signal when
/// SIGINT, SIGTERM or SIGHUP arrives (for commands that write files; the
/// browser has its own handling).
pub fn remove_pending_on_signals() {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) else {
        return;
    };
    let _ = std::thread::Builder::new()
        .name("baogao-signals".into())
        .spawn(move || {
            if let Some(sig) = signals.forever().next() {
                remove_pending();
                std::process::exit(128 + sig);
            }
        });
}

/// What a target is, decided before anything is written.
enum Target {
    /// Standard output (`-`, `/dev/stdout`, `/dev/fd/1`).
    Stdout,
    /// A regular file or a new path; `file` is where the rename goes (the
    /// end of a link chain).
    Regular { file: PathBuf },
    /// An open descriptor: written through.
    Stream(Box<dyn Write + Send>),
    /// A character device, FIFO or socket (at the end of the link chain):
    /// written through once opened (opening a FIFO waits for its reader).
    Special(PathBuf),
}

/// An output being written; [`Output::commit`] finishes it. Dropping it
/// uncommitted leaves the target untouched (a regular file's temporary is
/// removed).
pub struct Output {
    /// The path as the user gave it (for messages).
    asked: PathBuf,
    sink: Sink,
}

enum Sink {
    Stdout(io::StdoutLock<'static>),
    Atomic(Temp),
    Stream(Box<dyn Write + Send>),
}

impl Output {
    /// Open `path` for writing (`-` is standard output).
    pub fn create(path: &Path) -> Result<Output, ExportError> {
        let sink = match classify(path)? {
            Target::Stdout => Sink::Stdout(io::stdout().lock()),
            Target::Stream(w) => Sink::Stream(w),
            Target::Special(at) => Sink::Stream(open_special(path, &at)?),
            Target::Regular { file } => Sink::Atomic(Temp::create(path, &file)?),
        };
        Ok(Output {
            asked: path.to_path_buf(),
            sink,
        })
    }

    /// Open `path` as a regular file that another library writes by its
    /// path (SQLite): the temporary file's path is [`Output::file_path`].
    /// Anything but a regular file or a new path is an error.
    pub fn create_file(path: &Path, what: &str) -> Result<Output, ExportError> {
        let target = classify(path)?;
        let Target::Regular { file } = target else {
            let kind = if path.as_os_str() == "-" {
                "is standard output".to_string()
            } else {
                kind_of(path)
            };
            return Err(ExportError::new(
                path,
                format!("{kind}: {what} needs a regular file (give a file name)"),
            ));
        };
        Ok(Output {
            asked: path.to_path_buf(),
            sink: Sink::Atomic(Temp::create(path, &file)?),
        })
    }

    /// The file being written, for [`Output::create_file`] outputs.
    pub fn file_path(&self) -> Option<&Path> {
        match &self.sink {
            Sink::Atomic(t) => Some(&t.path),
            _ => None,
        }
    }

    /// The writer (unbuffered for files; wrap it in a `BufWriter`).
    pub fn writer(&mut self) -> &mut dyn Write {
        match &mut self.sink {
            Sink::Stdout(s) => s,
            Sink::Atomic(t) => &mut t.file,
            Sink::Stream(w) => w,
        }
    }

    /// An error while writing, in words for the user and naming the target.
    pub fn error(&self, err: &io::Error) -> ExportError {
        ExportError::new(&self.asked, reason(err, &folder_of(&self.asked)))
    }

    /// Finish: flush, and for a regular file sync and rename it into place.
    pub fn commit(self) -> Result<(), ExportError> {
        let Output { asked, sink } = self;
        let fail = |e: io::Error| ExportError::new(&asked, reason(&e, &folder_of(&asked)));
        match sink {
            Sink::Stdout(mut s) => match s.flush() {
                Err(e) if e.kind() != io::ErrorKind::BrokenPipe => Err(fail(e)),
                _ => Ok(()),
            },
            Sink::Stream(mut w) => w.flush().map_err(fail),
            Sink::Atomic(t) => t.persist(&asked),
        }
    }
}

/// Write `bytes` to `path` as [`Output`] does (`-`: standard output).
pub fn write_bytes(path: &Path, bytes: &[u8]) -> Result<(), ExportError> {
    let mut out = Output::create(path)?;
    match out.writer().write_all(bytes) {
        Ok(()) => out.commit(),
        Err(e) if matches!(out.sink, Sink::Stdout(_)) && e.kind() == io::ErrorKind::BrokenPipe => {
            Ok(())
        }
        Err(e) => Err(out.error(&e)),
    }
}

/// Whether `path` names a standard stream (`-`, `/dev/stdout`, `/dev/fd/2`…):
/// in the browser that is the screen, never an export target.
pub fn is_standard_stream(path: &Path) -> bool {
    path.as_os_str() == "-" || matches!(descriptor_path(path), Some(0..=2))
}

/// Whether two paths name the same existing file, after following
/// symbolic links: the same device and inode, so a hard link or a link
/// chain to a file counts as that file. A path that does not exist is no
/// file (false).
pub fn same_file(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (fs::metadata(a), fs::metadata(b)) {
        (Ok(x), Ok(y)) => x.dev() == y.dev() && x.ino() == y.ino(),
        _ => false,
    }
}

/// The first of `inputs` that writing to `output` would overwrite: the
/// output target (`-` is standard output and overwrites nothing) resolves,
/// through any links, to the same regular file as that input.
pub fn overwrites<'a>(output: &Path, inputs: &'a [PathBuf]) -> Option<&'a Path> {
    use std::os::unix::fs::MetadataExt;
    if output.as_os_str() == "-" {
        return None;
    }
    let target = fs::metadata(output).ok().filter(|m| m.is_file())?;
    inputs
        .iter()
        .find(|p| fs::metadata(p).is_ok_and(|m| m.dev() == target.dev() && m.ino() == target.ino()))
        .map(PathBuf::as_path)
}

/// Decide what `path` is, following links, without writing anything.
fn classify(path: &Path) -> Result<Target, ExportError> {
    use std::os::unix::fs::FileTypeExt;
    if path.as_os_str() == "-" {
        return Ok(Target::Stdout);
    }
    if path.as_os_str().is_empty() {
        return Err(ExportError::new(path, "empty file name"));
    }
    let mut at = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        if let Some(fd) = descriptor_path(&at) {
            return descriptor(path, fd);
        }
        let meta = match fs::symlink_metadata(&at) {
            Ok(m) => m,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                if at != path {
                    return Err(ExportError::new(
                        path,
                        format!(
                            "is a symbolic link to {}, which does not exist",
                            at.display()
                        ),
                    ));
                }
                check_folder(path, &at)?;
                return Ok(Target::Regular { file: at });
            }
            Err(e) => return Err(ExportError::new(path, reason(&e, &folder_of(&at)))),
        };
        let ft = meta.file_type();
        if ft.is_symlink() {
            let to = fs::read_link(&at).map_err(|e| ExportError::new(path, e.to_string()))?;
            at = if to.is_absolute() {
                to
            } else {
                folder_of(&at).join(to)
            };
            continue;
        }
        if ft.is_file() {
            if meta.permissions().readonly() {
                return Err(ExportError::new(
                    path,
                    format!(
                        "{} is read-only (make it writable or choose another name)",
                        at.display()
                    ),
                ));
            }
            check_folder(path, &at)?;
            return Ok(Target::Regular { file: at });
        }
        if ft.is_dir() {
            return Err(ExportError::new(path, "is a folder"));
        }
        if ft.is_block_device() {
            return Err(ExportError::new(
                path,
                "is a block device (a disk): baogao writes only files, pipes and character devices",
            ));
        }
        return Ok(Target::Special(at));
    }
    Err(ExportError::new(
        path,
        format!("more than {MAX_LINKS} symbolic links to follow"),
    ))
}

/// Open a character device, FIFO or socket to write through: no create, no
/// truncate.
fn open_special(path: &Path, at: &Path) -> Result<Box<dyn Write + Send>, ExportError> {
    use std::os::unix::fs::FileTypeExt;
    let fail = |e: io::Error| ExportError::new(path, reason(&e, &folder_of(at)));
    let is_socket = fs::metadata(at).is_ok_and(|m| m.file_type().is_socket());
    if is_socket {
        let s = std::os::unix::net::UnixStream::connect(at).map_err(fail)?;
        return Ok(Box::new(s));
    }
    let f = OpenOptions::new().write(true).open(at).map_err(fail)?;
    Ok(Box::new(f))
}

/// The descriptor a path names (`/dev/stdout`, `/dev/fd/3`,
/// `/proc/self/fd/1`), if it names one.
fn descriptor_path(p: &Path) -> Option<i32> {
    let s = p.to_str()?;
    match s {
        "/dev/stdin" => return Some(0),
        "/dev/stdout" => return Some(1),
        "/dev/stderr" => return Some(2),
        _ => {}
    }
    let n = s
        .strip_prefix("/dev/fd/")
        .or_else(|| s.strip_prefix("/proc/self/fd/"))
        .or_else(|| {
            let rest = s.strip_prefix("/proc/")?;
            let (pid, fd) = rest.split_once("/fd/")?;
            (pid == std::process::id().to_string()).then_some(fd)
        })?;
    n.parse().ok()
}

/// Write through an open descriptor of this process.
fn descriptor(path: &Path, fd: i32) -> Result<Target, ExportError> {
    use std::os::fd::BorrowedFd;
    if fd == 1 {
        return Ok(Target::Stdout);
    }
    if fd < 0 {
        return Err(ExportError::new(path, "not an open file descriptor"));
    }
    // SAFETY: the descriptor is only borrowed for the duplicate made at once;
    // `fcntl(F_DUPFD_CLOEXEC)` fails cleanly (EBADF) when it is not open.
    let borrowed = unsafe { BorrowedFd::borrow_raw(fd) };
    let owned = borrowed
        .try_clone_to_owned()
        .map_err(|_| ExportError::new(path, format!("descriptor {fd} is not open")))?;
    Ok(Target::Stream(Box::new(File::from(owned))))
}

/// A target's kind in words, for messages.
fn kind_of(path: &Path) -> String {
    use std::os::unix::fs::FileTypeExt;
    if descriptor_path(path).is_some() {
        return "is an open descriptor, not a file".into();
    }
    let Ok(m) = fs::metadata(path) else {
        return "is not a regular file".into();
    };
    let ft = m.file_type();
    let kind = if ft.is_char_device() {
        "a character device"
    } else if ft.is_fifo() {
        "a named pipe (FIFO)"
    } else if ft.is_socket() {
        "a socket"
    } else {
        "not a regular file"
    };
    format!("is {kind}")
}

/// The folder that will hold `file` must exist and be writable (a folder
/// whose mode gives no one write permission counts as read-only even for
/// root, whom permissions do not stop).
fn check_folder(path: &Path, file: &Path) -> Result<(), ExportError> {
    use std::os::unix::fs::PermissionsExt;
    let dir = folder_of(file);
    let meta = match fs::metadata(&dir) {
        Ok(m) => m,
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            return Err(ExportError::new(
                path,
                format!("folder {} does not exist", dir.display()),
            ))
        }
        Err(e) => return Err(ExportError::new(path, reason(&e, &dir))),
    };
    if !meta.is_dir() {
        return Err(ExportError::new(
            path,
            format!("{} is not a folder", dir.display()),
        ));
    }
    if meta.permissions().mode() & 0o222 == 0 {
        return Err(ExportError::new(
            path,
            format!("folder {} is read-only", dir.display()),
        ));
    }
    Ok(())
}

/// A temporary file beside its target, removed unless persisted.
struct Temp {
    path: PathBuf,
    file: File,
    /// Where it is renamed to.
    target: PathBuf,
}

impl Temp {
    /// Create the temporary file for `target` (the end of the link chain
    /// of `asked`), removing ones a killed run left behind.
    fn create(asked: &Path, target: &Path) -> Result<Temp, ExportError> {
        use std::os::unix::fs::OpenOptionsExt;
        let dir = folder_of(target);
        let name = target
            .file_name()
            .ok_or_else(|| ExportError::new(asked, "not a file name"))?;
        remove_stale(&dir, name);
        let pid = std::process::id();
        let mut n = 0u32;
        let (path, file) = loop {
            let mut tmp = OsString::from(".");
            tmp.push(name);
            tmp.push(format!(".baogao-tmp-{pid}"));
            if n > 0 {
                tmp.push(format!(".{n}"));
            }
            let path = dir.join(tmp);
            // A leftover of an earlier process that had our pid.
            if n == 0 && !is_pending(&path) {
                let _ = fs::remove_file(&path);
            }
            match OpenOptions::new()
                .write(true)
                .create_new(true)
                .mode(0o666)
                .open(&path)
            {
                Ok(f) => break (path, f),
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists && n < 100 => n += 1,
                Err(e) => return Err(ExportError::new(asked, reason(&e, &dir))),
            }
        };
        if let Ok(mut p) = PENDING.lock() {
            p.push(path.clone());
        }
        keep_owner_and_mode(&path, target);
        Ok(Temp {
            path,
            file,
            target: target.to_path_buf(),
        })
    }

    /// Sync and rename into place, then sync the folder.
    fn persist(self, asked: &Path) -> Result<(), ExportError> {
        let dir = folder_of(&self.target);
        let fail = |e: io::Error| ExportError::new(asked, reason(&e, &dir));
        self.file.sync_all().map_err(fail)?;
        fs::rename(&self.path, &self.target).map_err(fail)?;
        forget_pending(&self.path);
        // Make the rename itself durable; not every platform can sync a folder.
        if let Ok(d) = File::open(&dir) {
            let _ = d.sync_all();
        }
        std::mem::forget(self);
        Ok(())
    }
}

impl Drop for Temp {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.path);
        forget_pending(&self.path);
    }
}

fn is_pending(path: &Path) -> bool {
    PENDING
        .lock()
        .map(|p| p.iter().any(|x| x == path))
        .unwrap_or(false)
}

fn forget_pending(path: &Path) {
    if let Ok(mut p) = PENDING.lock() {
        p.retain(|x| x != path);
    }
}

/// Remove `.NAME.baogao-tmp-PID` files in `dir` whose process is gone.
fn remove_stale(dir: &Path, name: &std::ffi::OsStr) {
    let Some(name) = name.to_str() else { return };
    let prefix = format!(".{name}.baogao-tmp-");
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let file = e.file_name();
        let Some(rest) = file.to_str().and_then(|f| f.strip_prefix(&prefix)) else {
            continue;
        };
        let pid = rest.split('.').next().unwrap_or("");
        let Ok(pid) = pid.parse::<u32>() else {
            continue;
        };
        if pid != std::process::id() && !process_alive(pid) {
            let _ = fs::remove_file(e.path());
        }
    }
}

/// Whether a process with this id exists.
fn process_alive(pid: u32) -> bool {
    let Some(pid) = i32::try_from(pid)
        .ok()
        .and_then(rustix::process::Pid::from_raw)
    else {
        return false;
    };
    match rustix::process::test_kill_process(pid) {
        Ok(()) => true,
        // It exists but is not ours to signal.
        Err(e) => e == rustix::io::Errno::PERM,
    }
}

/// Give the new file the permissions and owner of the file it replaces; a
/// new file gets the usual ones (0666 less the umask, from `create`).
fn keep_owner_and_mode(tmp: &Path, target: &Path) {
    use std::os::unix::fs::MetadataExt;
    let Ok(m) = fs::metadata(target) else { return };
    let _ = fs::set_permissions(tmp, m.permissions());
    let _ = std::os::unix::fs::chown(tmp, Some(m.uid()), Some(m.gid()));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descriptor_paths() {
        assert_eq!(descriptor_path(Path::new("/dev/stdout")), Some(1));
        assert_eq!(descriptor_path(Path::new("/dev/stderr")), Some(2));
        assert_eq!(descriptor_path(Path::new("/dev/fd/5")), Some(5));
        assert_eq!(descriptor_path(Path::new("/proc/self/fd/1")), Some(1));
        let own = format!("/proc/{}/fd/2", std::process::id());
        assert_eq!(descriptor_path(Path::new(&own)), Some(2));
        assert_eq!(descriptor_path(Path::new("/proc/1/fd/2")), None);
        assert_eq!(descriptor_path(Path::new("/dev/null")), None);
        assert_eq!(descriptor_path(Path::new("out.csv")), None);
    }

    #[test]
    fn a_file_is_replaced_through_its_link_and_the_temporary_is_named() {
        let d = tempfile::tempdir().unwrap();
        let other = d.path().join("other");
        fs::create_dir(&other).unwrap();
        let real = other.join("real.csv");
        fs::write(&real, "old").unwrap();
        let link = d.path().join("link.csv");
        std::os::unix::fs::symlink("other/real.csv", &link).unwrap();
        let mut out = Output::create(&link).unwrap();
        let tmp = out.file_path().unwrap().to_path_buf();
        assert_eq!(tmp.parent(), Some(other.as_path()));
        assert_eq!(
            tmp.file_name().unwrap().to_str().unwrap(),
            format!(".real.csv.baogao-tmp-{}", std::process::id())
        );
        out.writer().write_all(b"new").unwrap();
        out.commit().unwrap();
        assert!(fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(fs::read_to_string(&real).unwrap(), "new");
        assert!(!tmp.exists());
    }

    #[test]
    fn a_dropped_output_leaves_nothing_and_stale_temporaries_go() {
        let d = tempfile::tempdir().unwrap();
        let target = d.path().join("t.md");
        // A temporary of a process that no longer exists (pid beyond pid_max).
        let stale = d.path().join(".t.md.baogao-tmp-2147483646");
        fs::write(&stale, "half").unwrap();
        let out = Output::create(&target).unwrap();
        assert!(!stale.exists(), "stale temporary removed");
        drop(out);
        assert_eq!(fs::read_dir(d.path()).unwrap().count(), 0);
        assert!(PENDING.lock().unwrap().is_empty());
    }

    #[test]
    fn dangling_links_folders_and_read_only_files_are_refused() {
        let d = tempfile::tempdir().unwrap();
        let link = d.path().join("dangling");
        std::os::unix::fs::symlink("nowhere/x.csv", &link).unwrap();
        let e = Output::create(&link).err().unwrap();
        assert!(e.reason.contains("which does not exist"), "{e}");
        let e = Output::create(d.path()).err().unwrap();
        assert!(e.reason.contains("is a folder"), "{e}");
        let ro = d.path().join("ro.csv");
        fs::write(&ro, "keep").unwrap();
        let mut p = fs::metadata(&ro).unwrap().permissions();
        p.set_readonly(true);
        fs::set_permissions(&ro, p).unwrap();
        let e = Output::create(&ro).err().unwrap();
        assert!(e.reason.contains("read-only"), "{e}");
        assert_eq!(fs::read_to_string(&ro).unwrap(), "keep");
    }
}
