//! Write: puts the whole output in staging folders and swaps them in only when all is well.
//!
//! The portal must never be half-built: a kiosk or a visitor that reads `public/` during a
//! build sees either the old site or the new one. Staging folders sit beside their targets so
//! that the final swap is a rename on one filesystem.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diag::{Diagnostic, Diagnostics};
use crate::model::output::{Content, OutFile};
use crate::util::IO_THREADS;

mod lock;
mod swap;

pub(crate) use lock::BuildLock;
pub(crate) use swap::{recover, swap_all};

/// A staged folder that is removed again unless it was swapped into place.
pub(crate) struct Staged {
    pub(crate) dir: PathBuf,
    target: PathBuf,
    /// Where the output being replaced goes, until the next build reuses or removes it.
    previous: PathBuf,
    /// Whether the folder started as the output before last (see [`Start::Reuse`]).
    reused: bool,
    /// What the reused folder held, listed while the content loads (see [`Staged::prune`]).
    listing: Option<std::thread::JoinHandle<std::io::Result<Listing>>>,
    done: bool,
}

/// The files and folders under a folder, as absolute paths.
#[derive(Default)]
struct Listing {
    files: Vec<PathBuf>,
    folders: Vec<PathBuf>,
}

impl Listing {
    /// Lists `dir` on [`IO_THREADS`] threads. Any entry that cannot be read makes the whole
    /// listing an error: [`Staged::prune`] then walks the folder itself rather than miss a file.
    fn of(dir: &Path) -> std::io::Result<Listing> {
        let found = std::sync::Mutex::new(Ok(Listing::default()));
        ignore::WalkBuilder::new(dir)
            .standard_filters(false)
            .threads(IO_THREADS)
            .build_parallel()
            .run(|| {
                Box::new(|entry| {
                    let Ok(mut found) = found.lock() else {
                        return ignore::WalkState::Quit;
                    };
                    let Ok(listing) = found.as_mut() else {
                        return ignore::WalkState::Quit;
                    };
                    match entry {
                        Ok(e) if e.depth() == 0 => {}
                        Ok(e) if e.file_type().is_some_and(|t| t.is_dir()) => {
                            listing.folders.push(e.into_path())
                        }
                        Ok(e) => listing.files.push(e.into_path()),
                        Err(e) => {
                            *found = Err(std::io::Error::other(e));
                            return ignore::WalkState::Quit;
                        }
                    }
                    ignore::WalkState::Continue
                })
            });
        found
            .into_inner()
            .unwrap_or_else(|_| Err(std::io::Error::other("listing failed")))
    }
}

/// What a new staging folder starts from.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Start {
    /// Empty (the search index: tantivy names its files afresh every time).
    Empty,
    /// The output before the last one, when there is one: the build overwrites its files in
    /// place and [`prune`]s the rest. Creating 9,000 files and folders where as many were just
    /// deleted made ext4 scan its inode bitmaps for every new file (a fifth of the build in
    /// `perf`); rewriting existing files reuses their inodes.
    Reuse,
}

impl Staged {
    /// Creates a staging folder beside `target`.
    pub(crate) fn new(target: &Path, start: Start) -> std::io::Result<Staged> {
        let parent = target
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent)?;
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "out".into());
        let stamp = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        remove_leftovers(parent, &name);
        let dir = parent.join(format!(".{name}.staging-{}-{stamp}", std::process::id()));
        let previous = parent.join(format!(".{name}.previous"));
        let is_dir = |p: &Path| p.symlink_metadata().is_ok_and(|m| m.is_dir());
        // The output before last is taken only while the last one is in place: then it is not
        // the last good build. Otherwise (and for a folder that starts empty) it stays where it
        // is until a newer build is in place (`swap::keep_previous`), so a build that fails
        // never costs the last good copy.
        let reused = start == Start::Reuse
            && is_dir(target)
            && is_dir(&previous)
            && std::fs::rename(&previous, &dir).is_ok();
        std::fs::create_dir_all(&dir)?;
        // Listed while the content loads, so that prune need not walk the whole output again
        // once it is written (30,012 pages: the write stage went from 0.50 s to 0.30 s).
        let listing = if reused {
            let dir = dir.clone();
            std::thread::Builder::new()
                .name("sapar-list".into())
                .spawn(move || Listing::of(&dir))
                .ok()
        } else {
            None
        };
        Ok(Staged {
            dir,
            target: target.to_path_buf(),
            previous,
            reused,
            listing,
            done: false,
        })
    }

    /// Removes what a reused staging folder (the output before last) still holds that this
    /// build did not write (`keep`: paths relative to the folder, with `/` separators), so that
    /// it ends up exactly as if the build had started from nothing. A new folder holds nothing
    /// else. Returns how many files it removed.
    pub(crate) fn prune(&mut self, keep: &HashSet<&str>) -> std::io::Result<usize> {
        if !self.reused {
            return Ok(0);
        }
        match self.listing.take().map(std::thread::JoinHandle::join) {
            Some(Ok(Ok(listing))) => prune_listed(&self.dir, listing, keep),
            _ => prune(&self.dir, keep),
        }
    }
}

/// Staging and backup folders of builds that were killed (power cut, Ctrl-C) would otherwise
/// pile up beside the output; those of builds still running are left alone.
fn remove_leftovers(parent: &Path, name: &str) {
    let prefix = format!(".{name}.staging-");
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for e in entries.flatten() {
        let file = e.file_name();
        let Some(rest) = file.to_str().and_then(|f| f.strip_prefix(&prefix)) else {
            continue;
        };
        let pid = rest.split('-').next().unwrap_or("");
        let running = pid
            .parse::<u32>()
            .is_ok_and(|p| p == std::process::id() || process_running(p));
        if !running {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
}

fn process_running(pid: u32) -> bool {
    if cfg!(target_os = "linux") {
        Path::new("/proc").join(pid.to_string()).exists()
    } else {
        // Without a cheap check, assume it runs: leaving a folder is safe, deleting one is not.
        true
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if let Some(h) = self.listing.take() {
            let _ = h.join();
        }
        if !self.done {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// Writes `bytes` to `path` over whatever file is there, without truncating it to nothing
/// first. ext4 treats truncate-to-zero-then-write as a file being replaced and pushes its data to
/// disk when it is closed (`auto_da_alloc`); in a reused staging folder that made rewriting
/// 9,000 pages 1.1 s instead of 0.15 s. The length is set afterwards, which only trims a tail.
pub(crate) fn overwrite(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)?;
    f.write_all(bytes)?;
    f.set_len(bytes.len() as u64)
}

/// Rendered files waiting for a writer, at most. Each is one page (a few to a few dozen KB), so
/// the queue stays small; when it is full, rendering waits for the disk.
const QUEUED: usize = 4 * IO_THREADS;

/// Writes files into a folder on threads of its own, so that the threads that render never
/// wait for the disk. Errors are kept and reported by [`Writer::finish`].
pub(crate) struct Writer {
    dir: PathBuf,
    queue: Option<std::sync::mpsc::SyncSender<(String, Vec<u8>)>>,
    threads: Vec<std::thread::JoinHandle<Vec<(String, std::io::Error)>>>,
}

impl Writer {
    pub(crate) fn new(dir: &Path) -> std::io::Result<Writer> {
        let (queue, jobs) = std::sync::mpsc::sync_channel::<(String, Vec<u8>)>(QUEUED);
        let jobs = std::sync::Arc::new(std::sync::Mutex::new(jobs));
        let mut threads = Vec::with_capacity(IO_THREADS);
        for n in 0..IO_THREADS {
            let jobs = jobs.clone();
            let dir = dir.to_path_buf();
            let thread = std::thread::Builder::new()
                .name(format!("sapar-write-{n}"))
                .spawn(move || {
                    let mut errors = Vec::new();
                    loop {
                        // The lock is held only while taking a job, not while writing it.
                        let job = match jobs.lock() {
                            Ok(jobs) => jobs.recv(),
                            Err(_) => break,
                        };
                        let Ok((rel, bytes)) = job else { break };
                        if let Err(e) = put(&dir, &rel, |d| overwrite(d, &bytes)) {
                            errors.push((rel, e));
                        }
                    }
                    errors
                });
            match thread {
                Ok(t) => threads.push(t),
                // Fewer writers are still writers; none at all is an error.
                Err(e) if threads.is_empty() => return Err(e),
                Err(_) => break,
            }
        }
        Ok(Writer {
            dir: dir.to_path_buf(),
            queue: Some(queue),
            threads,
        })
    }

    /// Queues `bytes` for `rel` (relative to the folder, `/` separators) and returns where the
    /// file will be. Waits while the queue is full.
    pub(crate) fn write(&self, rel: &str, bytes: Vec<u8>) -> Result<PathBuf, Diagnostic> {
        let sent = match &self.queue {
            Some(q) => q.send((rel.to_string(), bytes)).is_ok(),
            None => false,
        };
        if sent {
            Ok(self.dir.join(rel))
        } else {
            Err(Diagnostic::error(
                rel,
                None,
                "cannot write: the writing threads stopped",
            ))
        }
    }

    /// Waits until every queued file is on disk (in the page cache), and returns the errors.
    pub(crate) fn finish(mut self) -> Result<(), Diagnostics> {
        self.queue = None;
        let mut diags = Diagnostics::default();
        let mut failed = Vec::new();
        for t in self.threads.drain(..) {
            match t.join() {
                Ok(errors) => failed.extend(errors),
                Err(_) => diags.push(Diagnostic::error(
                    &self.dir,
                    None,
                    "cannot write: a writing thread failed",
                )),
            }
        }
        diags.extend(write_errors(&self.dir, failed));
        if diags.has_errors() {
            Err(diags)
        } else {
            Ok(())
        }
    }
}

impl crate::model::output::Sink for Writer {
    fn put(&self, rel: &str, bytes: Vec<u8>) -> Result<PathBuf, Diagnostic> {
        self.write(rel, bytes)
    }
}

impl Drop for Writer {
    /// A build that fails half-way still lets the writers drain and stop before its staging
    /// folder is removed.
    fn drop(&mut self) {
        self.queue = None;
        for t in self.threads.drain(..) {
            let _ = t.join();
        }
    }
}

/// Writes one file of the output at `rel` under `dir`, creating its folders. In a reused
/// staging folder the old tree may be in the way (a file where a folder is needed now, or the
/// other way round): that entry goes, and the write is tried once more.
pub(crate) fn put(
    dir: &Path,
    rel: &str,
    write: impl Fn(&Path) -> std::io::Result<()>,
) -> std::io::Result<PathBuf> {
    let dest = dir.join(rel);
    test_hook::check(&dest)?;
    // The file is written first and its folders made only if they are missing. Making a folder
    // that exists still locks its parent (a section's folder, shared by every page in it) while
    // the name is looked up, and with the parent not in memory that lookup waits for the disk:
    // the writing threads then took turns.
    let attempt = || -> std::io::Result<()> {
        match write(&dest) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                if let Some(parent) = dest.parent() {
                    std::fs::create_dir_all(parent)?;
                }
                write(&dest)
            }
            written => written,
        }
    };
    // Another thread writing beside this one may have cleared the same entry first.
    let gone = |r: std::io::Result<()>| match r {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    };
    if let Err(first) = attempt() {
        let mut cleared = false;
        // A file standing where one of the folders must go.
        let mut at = dir.to_path_buf();
        for part in Path::new(rel)
            .parent()
            .into_iter()
            .flat_map(|p| p.components())
        {
            at.push(part);
            if at.symlink_metadata().is_ok_and(|m| !m.is_dir()) {
                gone(std::fs::remove_file(&at))?;
                cleared = true;
                break;
            }
        }
        // A folder (or a link) standing where the file must go.
        if let Ok(m) = dest.symlink_metadata() {
            if m.is_dir() {
                gone(std::fs::remove_dir_all(&dest))?;
                cleared = true;
            } else if m.file_type().is_symlink() {
                gone(std::fs::remove_file(&dest))?;
                cleared = true;
            }
        }
        if !cleared {
            return Err(first);
        }
        attempt()?;
    }
    Ok(dest)
}

/// Replaces files of a live output folder one by one, for watch mode's partial rebuilds: each
/// goes through the atomic writer (not flushed to disk: see [`Flush::Rename`]), so the server
/// never reads half a page.
/// Returns each file's path and bytes, for the server's in-memory copy.
pub(crate) fn replace_files(
    dir: &Path,
    files: Vec<OutFile>,
) -> Result<Vec<(String, Vec<u8>)>, Diagnostics> {
    let fail = |what: &Path, e: std::io::Error| {
        Diagnostics::from(Diagnostic::error(what, None, format!("cannot write: {e}")))
    };
    let mut written = Vec::with_capacity(files.len());
    for f in files {
        let bytes = match f.content {
            Content::Bytes(b) => b,
            Content::Copy(src) | Content::Written(src) => {
                std::fs::read(&src).map_err(|e| fail(&src, e))?
            }
        };
        let dest = dir.join(&f.path);
        put(dir, &f.path, |d| write_whole(d, &bytes, Flush::Rename)).map_err(|e| fail(&dest, e))?;
        written.push((f.path, bytes));
    }
    Ok(written)
}

/// Writes every file under `dir`, in parallel. Two files claiming one path is an error: it
/// means an asset and a page (or two aliases) would overwrite each other.
pub(crate) fn write_files(dir: &Path, files: &[OutFile]) -> Result<(), Diagnostics> {
    let mut diags = Diagnostics::default();
    let mut seen = HashSet::new();
    for f in files {
        if !seen.insert(f.path.as_str()) {
            let from = match &f.content {
                Content::Copy(p) | Content::Written(p) => p.display().to_string(),
                Content::Bytes(_) => f.path.clone(),
            };
            diags.push(Diagnostic::error(
                from,
                None,
                format!("two outputs would be written to {}", f.path),
            ));
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    let failed: Vec<(String, std::io::Error)> = files
        .par_iter()
        .filter_map(|f| {
            let r = match &f.content {
                Content::Bytes(b) => put(dir, &f.path, |d| overwrite(d, b)).map(|_| ()),
                Content::Copy(src) => {
                    put(dir, &f.path, |d| std::fs::copy(src, d).map(|_| ())).map(|_| ())
                }
                Content::Written(_) => Ok(()),
            };
            r.err().map(|e| (f.path.clone(), e))
        })
        .collect();
    diags.extend(write_errors(dir, failed));
    if diags.has_errors() {
        Err(diags)
    } else {
        Ok(())
    }
}

/// The messages for the files that could not be written under `dir`: one per cause, not one
/// per file. A full disk failed every page of a build, and the same line 182 times hid what to
/// do; it is one message with the folder, how many files failed and what to free. Other causes
/// shared by several files are one message each, naming the first file and how many more.
pub(crate) fn write_errors(
    dir: &Path,
    mut failed: Vec<(String, std::io::Error)>,
) -> Vec<Diagnostic> {
    use std::collections::BTreeMap;
    use std::io::ErrorKind;
    failed.sort_by(|a, b| a.0.cmp(&b.0));
    let mut by_cause: BTreeMap<String, Vec<(String, std::io::Error)>> = BTreeMap::new();
    for (rel, e) in failed {
        let full = matches!(e.kind(), ErrorKind::StorageFull | ErrorKind::QuotaExceeded);
        let cause = if full {
            "full".to_string()
        } else {
            e.to_string()
        };
        by_cause.entry(cause).or_default().push((rel, e));
    }
    by_cause
        .into_iter()
        .map(|(cause, files)| {
            let n = files.len();
            let first = files.first().map(|(r, _)| r.as_str()).unwrap_or("");
            if cause == "full" {
                let folder = dir.parent().unwrap_or(dir).display().to_string();
                Diagnostic::error(
                    dir,
                    None,
                    format!(
                        "the disk is full (or the quota used up): {n} file{} of the build could not be written, the first {first}; the site being served is unchanged",
                        if n == 1 { "" } else { "s" }
                    ),
                )
                .with_hint(format!(
                    "free space on the disk that holds {folder} (`df -h {folder}` shows what is left; the build needs about as much again as public/ takes): remove what is no longer needed there, such as old backups or logs, then build again"
                ))
            } else if n == 1 {
                Diagnostic::error(first, None, format!("cannot write: {cause}"))
            } else {
                Diagnostic::error(
                    first,
                    None,
                    format!("cannot write this and {} more files: {cause}", n - 1),
                )
            }
        })
        .collect()
}

/// Removes everything under `dir` that is not one of `keep` (paths relative to `dir`, with `/`
/// separators), then the folders left empty: a reused staging folder must end up exactly as
/// if the build had started from nothing. Returns how many files it removed.
pub(crate) fn prune(dir: &Path, keep: &HashSet<&str>) -> std::io::Result<usize> {
    let mut removed = 0;
    let mut folders = Vec::new();
    for entry in walkdir::WalkDir::new(dir).min_depth(1) {
        let entry = entry.map_err(std::io::Error::other)?;
        let path = entry.path();
        if entry.file_type().is_dir() {
            folders.push(path.to_path_buf());
            continue;
        }
        let rel = path.strip_prefix(dir).map_err(std::io::Error::other)?;
        let wanted = rel
            .to_str()
            .map(|r| r.replace(std::path::MAIN_SEPARATOR, "/"))
            .is_some_and(|r| keep.contains(r.as_str()));
        if !wanted {
            std::fs::remove_file(path)?;
            removed += 1;
        }
    }
    // Deepest first, so a folder whose subfolders all go is empty by the time it is reached.
    for f in folders.iter().rev() {
        if std::fs::read_dir(f)?.next().is_none() {
            std::fs::remove_dir(f)?;
        }
    }
    Ok(removed)
}

/// [`prune`] with the folder listed before the build wrote into it. Entries the build replaced
/// since (a file where a folder now is, or the other way round) are already gone or in use.
fn prune_listed(dir: &Path, listing: Listing, keep: &HashSet<&str>) -> std::io::Result<usize> {
    let mut removed = 0;
    for file in listing.files {
        let wanted = file
            .strip_prefix(dir)
            .ok()
            .and_then(Path::to_str)
            .map(|r| r.replace(std::path::MAIN_SEPARATOR, "/"))
            .is_some_and(|r| keep.contains(r.as_str()));
        if wanted {
            continue;
        }
        match std::fs::remove_file(&file) {
            Ok(()) => removed += 1,
            Err(e) => {
                let still_a_file = file.symlink_metadata().is_ok_and(|m| !m.is_dir());
                if still_a_file {
                    return Err(e);
                }
            }
        }
    }
    let mut folders = listing.folders;
    // A folder sorts before everything in it: backwards, each comes after its subfolders.
    folders.sort();
    for folder in folders.iter().rev() {
        if let Ok(mut entries) = std::fs::read_dir(folder)
            && entries.next().is_none()
        {
            std::fs::remove_dir(folder)?;
        }
    }
    Ok(removed)
}

/// Replaces a file of the site's sources whole (a page file `sapar translated` stamps), through
/// [`write_atomic`].
pub(crate) fn replace_source(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_atomic(path, bytes)
}

/// The one way Sapar replaces a file that someone else may read meanwhile (watch mode's pages,
/// the editing interface's saves, stamped translations, snapshots): the bytes go to a temporary
/// file of a name unique to this save (`.<name>.<random>.sapar-saving`, which the build never
/// publishes), which is flushed to disk and renamed over `path`; then the folder is flushed, so
/// that after a power cut the file is the old one or the new one, whole. The temporary file is
/// removed on every way out, an error included. A file that was there keeps its permissions;
/// missing folders are created. Refused when `path` is a folder.
pub(crate) fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_whole(path, bytes, Flush::ToDisk)
}

/// Whether [`write_whole`] waits for the disk.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Flush {
    /// The file, then its folder: sources and anything that must survive a power cut.
    ToDisk,
    /// Renamed into place only: watch mode's output, which every start of `sapar serve` builds
    /// again, so a power cut loses nothing of it; flushing would cost each save two disk
    /// flushes per rewritten file (the search bundle alone is 40-odd files).
    Rename,
}

/// [`write_atomic`] and watch mode's output share this: one place for unique names, clean-up
/// and (when asked) the flushes.
fn write_whole(path: &Path, bytes: &[u8], flush: Flush) -> std::io::Result<()> {
    use std::io::Write;
    if path.symlink_metadata().is_ok_and(|m| m.is_dir()) {
        return Err(std::io::Error::new(
            std::io::ErrorKind::IsADirectory,
            format!("{} is a folder, not a file", path.display()),
        ));
    }
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| std::io::Error::other(format!("{} names no file", path.display())))?;
    let temp = |dir: &Path| {
        tempfile::Builder::new()
            .prefix(&format!(".{name}."))
            .suffix(".sapar-saving")
            .tempfile_in(dir)
    };
    let mut file = match temp(dir) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            std::fs::create_dir_all(dir)?;
            temp(dir)?
        }
        other => other?,
    };
    test_hook::check(path)?;
    file.write_all(bytes)?;
    if let Ok(m) = std::fs::metadata(path) {
        let _ = file.as_file().set_permissions(m.permissions());
    }
    if flush == Flush::ToDisk {
        file.as_file().sync_all()?;
    }
    // On failure the temporary file comes back inside the error and is removed with it.
    file.persist(path).map_err(|e| e.error)?;
    if flush == Flush::ToDisk {
        sync_dir(dir)?;
    }
    Ok(())
}

/// Flushes a folder's entries (a rename or a new file in it) to disk. Where folders cannot be
/// opened as files (Windows), there is nothing to flush this way.
pub(crate) fn sync_dir(dir: &Path) -> std::io::Result<()> {
    match std::fs::File::open(dir) {
        Ok(d) => match d.sync_all() {
            // Some filesystems (and platforms) do not flush folders; the rename stands.
            Err(e) if e.kind() == std::io::ErrorKind::InvalidInput => Ok(()),
            other => other,
        },
        Err(_) if cfg!(windows) => Ok(()),
        Err(e) => Err(e),
    }
}

/// A test-only way to make the writers fail as a full disk does: the variable
/// `SAPAR_TEST_FULL_DISK` holds the end of a file name (`.html`), and writing any file whose
/// name ends so fails with ENOSPC. Read only in debug builds (the tests'), so a released
/// `sapar` ignores it.
mod test_hook {
    use std::path::Path;

    pub(super) fn check(path: &Path) -> std::io::Result<()> {
        if !cfg!(debug_assertions) {
            return Ok(());
        }
        static ENDING: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();
        let ending = ENDING.get_or_init(|| std::env::var("SAPAR_TEST_FULL_DISK").ok());
        let full = ending.as_deref().is_some_and(|end| {
            path.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.ends_with(end))
        });
        if full {
            return Err(std::io::Error::from(std::io::ErrorKind::StorageFull));
        }
        Ok(())
    }
}

/// What originals/README.md says, written with the first snapshot.
const ORIGINALS_README: &str = "# Old versions of originals

Each file here is the text of an original page (title, description, quick facts, goals,
checklist, quiz and body, one line per piece) as it was when a translation was made from it.
Its name is the fingerprint that the translation records in `translated_from`.

`sapar translated FILE` writes them when it marks a translation as made from the current
original, and removes those no translation names any more. `sapar check` compares them with
the originals as they are now, to show translators which words changed. Keep this folder in
git; do not edit its files by hand.
";

/// Keeps the normalised text of an original as `originals/<fingerprint>.txt` (and the folder's
/// README the first time). `Ok(true)` when the file was new.
pub(crate) fn save_snapshot(
    root: &Path,
    fingerprint: &str,
    normalised: &str,
) -> std::io::Result<bool> {
    use crate::load::originals::{ORIGINALS_DIR, snapshot_file_text, snapshot_path};
    let dir = root.join(ORIGINALS_DIR);
    std::fs::create_dir_all(&dir)?;
    let readme = dir.join("README.md");
    if !readme.exists() {
        write_atomic(&readme, ORIGINALS_README.as_bytes())?;
    }
    let path = snapshot_path(root, fingerprint);
    if path.is_file() {
        return Ok(false);
    }
    write_atomic(&path, snapshot_file_text(normalised).as_bytes())?;
    Ok(true)
}

/// Removes the snapshots in originals/ that no page names any more; returns their
/// fingerprints.
pub(crate) fn prune_snapshots(
    root: &Path,
    named: &std::collections::BTreeSet<String>,
) -> std::io::Result<Vec<String>> {
    use crate::load::originals::{snapshot_files, snapshot_path};
    let mut removed = Vec::new();
    for fp in snapshot_files(root) {
        if !named.contains(&fp) {
            std::fs::remove_file(snapshot_path(root, &fp))?;
            removed.push(fp);
        }
    }
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swap_replaces_and_drop_cleans() {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("public");
        std::fs::create_dir_all(&target).unwrap();
        std::fs::write(target.join("old.txt"), "old").unwrap();
        {
            let s = Staged::new(&target, Start::Empty).unwrap();
            std::fs::write(s.dir.join("x"), "x").unwrap();
            // dropped without swap: staging removed, target untouched
        }
        assert!(target.join("old.txt").exists());
        assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 1);
        let mut v = vec![Staged::new(&target, Start::Empty).unwrap()];
        write_files(
            &v[0].dir,
            &[OutFile {
                path: "a/b.html".into(),
                content: Content::Bytes(b"hi".to_vec()),
            }],
        )
        .unwrap();
        swap_all(&mut v).unwrap();
        drop(v);
        assert!(!target.join("old.txt").exists());
        assert_eq!(
            std::fs::read_to_string(target.join("a/b.html")).unwrap(),
            "hi"
        );
        // The replaced output is kept whole beside it, and nothing else is left.
        let previous = tmp.path().join(".public.previous");
        assert_eq!(
            std::fs::read_to_string(previous.join("old.txt")).unwrap(),
            "old"
        );
        assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 2);

        // The next build removes it while it runs, and keeps the one it replaces instead.
        let mut v = vec![Staged::new(&target, Start::Empty).unwrap()];
        std::fs::write(v[0].dir.join("c"), "c").unwrap();
        swap_all(&mut v).unwrap();
        drop(v);
        assert!(target.join("c").exists());
        assert!(previous.join("a/b.html").exists());
        assert!(!previous.join("old.txt").exists());
        assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 2);

        // A failed build touches neither the output nor the one before it.
        let s = Staged::new(&target, Start::Empty).unwrap();
        drop(s);
        assert!(target.join("c").exists());
        assert!(previous.join("a/b.html").exists());
        assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 2);
    }

    /// Every entry under `dir`, relative, for comparing trees.
    fn entries(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = walkdir::WalkDir::new(dir)
            .min_depth(1)
            .into_iter()
            .map(|e| {
                let e = e.unwrap();
                e.path().strip_prefix(dir).unwrap().display().to_string()
            })
            .collect();
        v.sort();
        v
    }

    #[test]
    fn atomic_writes_leave_no_temporary_file_and_refuse_folders() {
        let tmp = tempfile::tempdir().unwrap();
        let p = tmp.path().join("a/b/page.ru.md");
        write_atomic(&p, b"one").unwrap();
        write_atomic(&p, b"two").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        // A folder is refused, and nothing is left behind by the refusal.
        let folder = tmp.path().join("a/b");
        let e = write_atomic(&folder, b"x").unwrap_err();
        assert_eq!(e.kind(), std::io::ErrorKind::IsADirectory);
        assert!(folder.is_dir());
        assert_eq!(entries(tmp.path()), vec!["a", "a/b", "a/b/page.ru.md"]);
    }

    #[test]
    fn concurrent_atomic_writes_of_one_file_leave_one_whole_version() {
        let tmp = tempfile::tempdir().unwrap();
        let p = tmp.path().join("f.md");
        std::thread::scope(|s| {
            for n in 0..32 {
                let p = &p;
                s.spawn(move || write_atomic(p, format!("{n}").repeat(1000).as_bytes()).unwrap());
            }
        });
        let got = std::fs::read_to_string(&p).unwrap();
        assert_eq!(got.len() % 1000, 0);
        let first = &got[..got.len() / 1000];
        assert_eq!(got, first.repeat(1000));
        assert_eq!(entries(tmp.path()), vec!["f.md"]);
    }

    #[test]
    fn a_full_disk_is_one_message_not_one_per_file() {
        let tmp = tempfile::tempdir().unwrap();
        let mut failed: Vec<(String, std::io::Error)> = (0..182)
            .map(|n| {
                let e = std::io::Error::from(std::io::ErrorKind::StorageFull);
                (format!("p{n}.html"), e)
            })
            .collect();
        failed.push(("x/a".into(), std::io::Error::other("odd")));
        failed.push(("x/b".into(), std::io::Error::other("odd")));
        let errors = write_errors(tmp.path(), failed);
        assert_eq!(errors.len(), 2, "{errors:?}");
        let shown: Vec<String> = errors.iter().map(|d| d.render()).collect();
        let full = shown.iter().find(|s| s.contains("disk is full")).unwrap();
        assert!(full.contains("182 files"), "{full}");
        assert!(full.contains("free space on the disk"), "{full}");
        let odd = shown.iter().find(|s| s.contains("odd")).unwrap();
        assert!(odd.contains("x/a") && odd.contains("1 more"), "{odd}");
    }

    #[test]
    fn a_swap_keeps_the_previous_output_and_recovers_from_a_journal() {
        let tmp = tempfile::tempdir().unwrap();
        let public = tmp.path().join("public");
        let index = tmp.path().join("search_index");
        let build = |mark: &str| {
            let v = vec![
                Staged::new(&public, Start::Reuse).unwrap(),
                Staged::new(&index, Start::Empty).unwrap(),
            ];
            for s in &v {
                std::fs::write(s.dir.join("mark"), mark).unwrap();
            }
            v
        };
        let read = |p: &Path| std::fs::read_to_string(p.join("mark")).unwrap();
        swap_all(&mut build("1")).unwrap();
        swap_all(&mut build("2")).unwrap();
        assert_eq!((read(&public), read(&index)), ("2".into(), "2".into()));
        assert_eq!(read(&tmp.path().join(".public.previous")), "1");

        // Cut after the journal and the first exchange: what recover finds completes the swap.
        let mut v = build("3");
        sync_tree_and_journal(&v);
        swap::exchange_for_test(&v[0].dir, &public);
        for s in &mut v {
            s.done = true;
        }
        drop(v);
        assert_eq!((read(&public), read(&index)), ("3".into(), "2".into()));
        recover(&[&public, &index]).unwrap();
        assert_eq!((read(&public), read(&index)), ("3".into(), "3".into()));
        assert_eq!(read(&tmp.path().join(".public.previous")), "2");
        assert_eq!(read(&tmp.path().join(".search_index.previous")), "2");
        assert!(!tmp.path().join(".public.swap").exists());
    }

    #[test]
    fn a_missing_output_is_put_back_from_the_last_good_copy_not_reused() {
        let tmp = tempfile::tempdir().unwrap();
        let public = tmp.path().join("public");
        let previous = tmp.path().join(".public.previous");
        std::fs::create_dir_all(&previous).unwrap();
        std::fs::write(previous.join("index.html"), "last good").unwrap();
        // A build that starts now and fails must not take the only good copy as its staging.
        let s = Staged::new(&public, Start::Reuse).unwrap();
        assert!(!s.reused);
        drop(s);
        assert_eq!(
            std::fs::read_to_string(previous.join("index.html")).unwrap(),
            "last good"
        );
        recover(&[&public]).unwrap();
        assert_eq!(
            std::fs::read_to_string(public.join("index.html")).unwrap(),
            "last good"
        );
    }

    fn sync_tree_and_journal(v: &[Staged]) {
        swap::write_journal_for_test(v);
    }

    #[test]
    fn reused_staging_ends_up_as_a_fresh_build() {
        // With the listing taken at the start, and with the walk it falls back on.
        reused_staging_ends_up_fresh(true);
        reused_staging_ends_up_fresh(false);
    }

    fn reused_staging_ends_up_fresh(listed: bool) {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("public");
        let build = |files: &[(&str, &str)]| {
            let mut v = vec![Staged::new(&target, Start::Reuse).unwrap()];
            let out: Vec<OutFile> = files
                .iter()
                .map(|(p, c)| OutFile {
                    path: p.to_string(),
                    content: Content::Bytes(c.as_bytes().to_vec()),
                })
                .collect();
            write_files(&v[0].dir, &out).unwrap();
            let keep: HashSet<&str> = out.iter().map(|f| f.path.as_str()).collect();
            if listed {
                v[0].prune(&keep).unwrap();
            } else {
                prune(&v[0].dir, &keep).unwrap();
            }
            swap_all(&mut v).unwrap();
        };
        let tree = || {
            let mut v: Vec<String> = walkdir::WalkDir::new(&target)
                .min_depth(1)
                .into_iter()
                .map(|e| {
                    let e = e.unwrap();
                    let rel = e
                        .path()
                        .strip_prefix(&target)
                        .unwrap()
                        .display()
                        .to_string();
                    if e.file_type().is_dir() {
                        format!("{rel}/")
                    } else {
                        format!("{rel}={}", std::fs::read_to_string(e.path()).unwrap())
                    }
                })
                .collect();
            v.sort();
            v
        };
        build(&[("a/index.html", "1"), ("b/c/index.html", "1"), ("x", "1")]);
        build(&[("a/index.html", "2"), ("d/index.html", "2")]);
        // The third build starts from the first one's tree: `x` is now a folder, `a` a file,
        // `b/c` is gone and must take its folders with it.
        build(&[("a", "3"), ("x/index.html", "3"), ("d/index.html", "3")]);
        assert_eq!(
            tree(),
            vec!["a=3", "d/", "d/index.html=3", "x/", "x/index.html=3"]
        );
        let previous = tmp.path().join(".public.previous");
        assert!(previous.join("a/index.html").exists());
        assert!(!previous.join("x").exists());
    }

    #[test]
    fn overwrite_leaves_exactly_the_new_bytes() {
        let tmp = tempfile::tempdir().unwrap();
        let p = tmp.path().join("f");
        overwrite(&p, b"a long first version").unwrap();
        overwrite(&p, b"short").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"short");
        overwrite(&p, b"longer than short").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"longer than short");
    }

    #[test]
    fn writer_has_every_file_on_disk_when_finish_returns() {
        let tmp = tempfile::tempdir().unwrap();
        // Left from an earlier build: longer files, and a file where a folder must go.
        std::fs::create_dir_all(tmp.path().join("en/p3")).unwrap();
        std::fs::write(tmp.path().join("en/p3/index.html"), "x".repeat(9000)).unwrap();
        std::fs::write(tmp.path().join("en/p7"), "a file, not a folder").unwrap();
        let w = Writer::new(tmp.path()).unwrap();
        for n in 0..300 {
            let rel = format!("en/p{n}/index.html");
            let at = w.write(&rel, format!("page {n}").into_bytes()).unwrap();
            assert_eq!(at, tmp.path().join(&rel));
        }
        w.finish().unwrap();
        for n in 0..300 {
            let got = std::fs::read_to_string(tmp.path().join(format!("en/p{n}/index.html")));
            assert_eq!(got.unwrap(), format!("page {n}"));
        }
    }

    #[test]
    fn writer_reports_each_file_it_could_not_write() {
        let tmp = tempfile::tempdir().unwrap();
        let w = Writer::new(tmp.path()).unwrap();
        w.write("ok/index.html", b"fine".to_vec()).unwrap();
        w.write("bad\0name/index.html", b"never".to_vec()).unwrap();
        let errors = w.finish().unwrap_err().sorted();
        assert_eq!(errors.len(), 1);
        let shown = errors[0].to_string();
        assert!(shown.contains("bad\0name/index.html"), "{shown}");
        assert!(shown.contains("cannot write"), "{shown}");
        assert_eq!(
            std::fs::read(tmp.path().join("ok/index.html")).unwrap(),
            b"fine"
        );
    }

    #[test]
    fn duplicate_paths_are_errors() {
        let tmp = tempfile::tempdir().unwrap();
        let files = vec![
            OutFile {
                path: "a.html".into(),
                content: Content::Bytes(vec![]),
            },
            OutFile {
                path: "a.html".into(),
                content: Content::Bytes(vec![]),
            },
        ];
        assert!(write_files(tmp.path(), &files).is_err());
    }
}
