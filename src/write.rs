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

/// A staged folder that is removed again unless it was swapped into place.
pub(crate) struct Staged {
    pub(crate) dir: PathBuf,
    target: PathBuf,
    /// Where the output being replaced goes, until the next build reuses or removes it.
    previous: PathBuf,
    /// Removes the output before the last one while this build renders, when it is not reused.
    /// Deleting a 9,000-page tree is disk-bound and took as long as rendering it; beside the
    /// CPU-bound stages it costs the build almost nothing.
    clearing: Option<std::thread::JoinHandle<()>>,
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
        let mut clearing = None;
        let mut reused = false;
        if is_dir(&previous) {
            if start == Start::Reuse && std::fs::rename(&previous, &dir).is_ok() {
                // Reused as it is: every file the build writes is overwritten, and prune
                // removes the others.
                reused = true;
            } else {
                // Renamed to a staging name of this build first: if the build is killed
                // half-way through the removal, the next build removes the rest as a leftover.
                let mut trash = dir.as_os_str().to_os_string();
                trash.push(".clearing");
                let trash = PathBuf::from(trash);
                if std::fs::rename(&previous, &trash).is_ok() {
                    clearing = Some(std::thread::spawn(move || {
                        let _ = std::fs::remove_dir_all(&trash);
                    }));
                }
            }
        }
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
            clearing,
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

    /// Waits for the previous output's removal, and clears the way for the current one to
    /// take its place.
    fn make_room_for_previous(&mut self) {
        if let Some(h) = self.clearing.take() {
            let _ = h.join();
        }
        if self.previous.exists() {
            let _ = std::fs::remove_dir_all(&self.previous);
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
        if let Some(h) = self.clearing.take() {
            let _ = h.join();
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
    threads: Vec<std::thread::JoinHandle<Vec<Diagnostic>>>,
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
                            errors.push(Diagnostic::error(
                                &rel,
                                None,
                                format!("cannot write: {e}"),
                            ));
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
        for t in self.threads.drain(..) {
            match t.join() {
                Ok(errors) => diags.extend(errors),
                Err(_) => diags.push(Diagnostic::error(
                    &self.dir,
                    None,
                    "cannot write: a writing thread failed",
                )),
            }
        }
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
/// is written beside its target and renamed over it, so the server never reads half a page.
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
        let tmp = dest.with_file_name(format!(
            ".{}.sapar-tmp",
            dest.file_name()
                .map(|n| n.to_string_lossy())
                .unwrap_or_default()
        ));
        put(dir, &f.path, |_| std::fs::write(&tmp, &bytes)).map_err(|e| fail(&dest, e))?;
        std::fs::rename(&tmp, &dest).map_err(|e| fail(&dest, e))?;
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
    let errors: Vec<Diagnostic> = files
        .par_iter()
        .filter_map(|f| {
            let r = match &f.content {
                Content::Bytes(b) => put(dir, &f.path, |d| overwrite(d, b)).map(|_| ()),
                Content::Copy(src) => {
                    put(dir, &f.path, |d| std::fs::copy(src, d).map(|_| ())).map(|_| ())
                }
                Content::Written(_) => Ok(()),
            };
            r.err()
                .map(|e| Diagnostic::error(&f.path, None, format!("cannot write: {e}")))
        })
        .collect();
    diags.extend(errors);
    if diags.has_errors() {
        Err(diags)
    } else {
        Ok(())
    }
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

/// Swaps every staged folder into place; each output it replaces is kept as `.<name>.previous`
/// beside it until the next build. If a later rename fails, earlier ones are rolled back, so the
/// old output survives whole.
pub(crate) fn swap_all(staged: &mut [Staged]) -> std::io::Result<()> {
    let mut moved: Vec<(PathBuf, Option<PathBuf>)> = Vec::new();
    let mut result = Ok(());
    for s in staged.iter_mut() {
        s.make_room_for_previous();
        let backup = if s.target.exists() {
            if let Err(e) = std::fs::rename(&s.target, &s.previous) {
                result = Err(e);
                break;
            }
            Some(s.previous.clone())
        } else {
            None
        };
        if let Err(e) = std::fs::rename(&s.dir, &s.target) {
            if let Some(b) = &backup {
                let _ = std::fs::rename(b, &s.target);
            }
            result = Err(e);
            break;
        }
        moved.push((s.target.clone(), backup));
    }
    if let Err(e) = result {
        for (target, backup) in moved.into_iter().rev() {
            let _ = std::fs::remove_dir_all(&target);
            if let Some(b) = backup {
                let _ = std::fs::rename(&b, &target);
            }
        }
        return Err(e);
    }
    for s in staged.iter_mut() {
        s.done = true;
    }
    Ok(())
}

/// Replaces a file of the site's sources whole (a page file `sapar translated` stamps): the
/// new text goes to a temporary file beside it, which is renamed over it, so that an editor's
/// program or the preview's watcher never reads half a file. The file keeps its permissions.
pub(crate) fn replace_source(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = path.with_file_name(format!(".{name}.sapar-tmp"));
    std::fs::write(&tmp, bytes)?;
    if let Ok(m) = std::fs::metadata(path) {
        let _ = std::fs::set_permissions(&tmp, m.permissions());
    }
    std::fs::rename(&tmp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
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
        std::fs::write(readme, ORIGINALS_README)?;
    }
    let path = snapshot_path(root, fingerprint);
    if path.is_file() {
        return Ok(false);
    }
    replace_source(&path, snapshot_file_text(normalised).as_bytes())?;
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

        // A failed build also clears the one before last, but never touches the output.
        let s = Staged::new(&target, Start::Empty).unwrap();
        drop(s);
        assert!(target.join("c").exists());
        assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 1);
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
