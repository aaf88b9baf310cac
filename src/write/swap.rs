//! The swap of staged folders into place, as one step each and safe against a crash at any
//! moment: the server and nginx always find a whole `public/` and a `search_index/` of the same
//! build.
//!
//! On Linux each staged folder changes places with its target in one `renameat2` call with
//! `RENAME_EXCHANGE`: there is never a moment without the target. The two folders of a build
//! (pages and search index) cannot change places in one call, so a journal beside the first
//! target (`.<name>.swap`, written whole and flushed) names both pairs before the first exchange;
//! whoever finds it next ([`recover`], run by every build and by the server before it serves)
//! completes the swap. Before the journal is written, nothing visible has changed; once it is,
//! the new build is what ends up in place. Elsewhere (no exchange call) the target is renamed
//! aside and the staged folder renamed in, with a moment between that [`recover`] also repairs.

use std::path::{Path, PathBuf};

use super::{Staged, sync_dir, write_atomic};

/// The journal's name beside the first target.
fn journal_of(target: &Path) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "out".into());
    parent_of(target).join(format!(".{name}.swap"))
}

fn parent_of(p: &Path) -> &Path {
    p.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// Which file system object a folder is (device and inode), to tell after a crash whether a
/// target already holds the new build.
#[cfg(unix)]
fn identity(p: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    p.symlink_metadata().ok().map(|m| (m.dev(), m.ino()))
}

#[cfg(not(unix))]
fn identity(_: &Path) -> Option<(u64, u64)> {
    None
}

/// Puts `from` where `to` is and `to` where `from` was, in one step.
#[cfg(target_os = "linux")]
fn exchange(from: &Path, to: &Path) -> std::io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    match renameat_with(CWD, from, CWD, to, RenameFlags::EXCHANGE) {
        Ok(()) => Ok(()),
        // A file system without the call (some network ones): the two renames, and recover.
        Err(e) if e == rustix::io::Errno::INVAL || e == rustix::io::Errno::NOSYS => {
            exchange_in_two(from, to)
        }
        Err(e) => Err(e.into()),
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(from: &Path, to: &Path) -> std::io::Result<()> {
    exchange_in_two(from, to)
}

/// The fallback: `to` renamed aside (to a name beside `from`), `from` renamed in, the old one
/// renamed to `from`. Between the first two renames there is no `to`; [`recover`] repairs a
/// crash there from the journal.
fn exchange_in_two(from: &Path, to: &Path) -> std::io::Result<()> {
    let mut aside = from.as_os_str().to_os_string();
    aside.push(".old");
    let aside = PathBuf::from(aside);
    std::fs::rename(to, &aside)?;
    if let Err(e) = std::fs::rename(from, to) {
        let _ = std::fs::rename(&aside, to);
        return Err(e);
    }
    std::fs::rename(&aside, from)
}

/// Flushes everything written into the staged folders to disk before they become the output:
/// after a power cut the new build must not be in place with pages still empty. On Linux one
/// `syncfs` flushes the whole file system the folder is on (one call instead of one per file);
/// elsewhere each file and folder is flushed.
fn sync_tree(dir: &Path) -> std::io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        let d = std::fs::File::open(dir)?;
        rustix::fs::syncfs(&d)?;
        Ok(())
    }
    #[cfg(not(target_os = "linux"))]
    {
        for entry in walkdir::WalkDir::new(dir).contents_first(true) {
            let entry = entry.map_err(std::io::Error::other)?;
            if entry.file_type().is_dir() {
                sync_dir(entry.path())?;
            } else if entry.file_type().is_file() {
                std::fs::File::open(entry.path())?.sync_all()?;
            }
        }
        Ok(())
    }
}

/// One line of the journal: the staged folder's identity, its path and its target's.
fn journal_text(staged: &[Staged]) -> String {
    let mut text = String::from("# a swap of a new build into place; sapar completes it\n");
    for s in staged {
        let (dev, ino) = identity(&s.dir).unwrap_or((0, 0));
        text.push_str(&format!(
            "{dev}\t{ino}\t{}\t{}\n",
            s.dir.display(),
            s.target.display()
        ));
    }
    text
}

/// Swaps every staged folder into place (see the module's documentation); each output it
/// replaces is kept as `.<name>.previous` beside it until a newer build is in place. If an
/// exchange fails, the earlier ones are undone, so the old output stays whole.
pub(crate) fn swap_all(staged: &mut [Staged]) -> std::io::Result<()> {
    for s in staged.iter() {
        sync_tree(&s.dir)?;
    }
    step("synced");
    let Some(first) = staged.first() else {
        return Ok(());
    };
    let journal = journal_of(&first.target);
    write_atomic(&journal, journal_text(staged).as_bytes())?;
    step("journal");
    let mut done: Vec<usize> = Vec::new();
    let mut failed = None;
    for (n, s) in staged.iter().enumerate() {
        let swapped = if s.target.exists() {
            exchange(&s.dir, &s.target)
        } else {
            std::fs::rename(&s.dir, &s.target)
        };
        match swapped.and_then(|()| sync_dir(parent_of(&s.target))) {
            Ok(()) => done.push(n),
            Err(e) => {
                failed = Some(e);
                break;
            }
        }
        step(&format!("swapped-{n}"));
    }
    if let Some(e) = failed {
        for n in done.into_iter().rev() {
            let s = &staged[n];
            if s.dir.exists() {
                let _ = exchange(&s.dir, &s.target);
            } else {
                let _ = std::fs::rename(&s.target, &s.dir);
            }
        }
        let _ = std::fs::remove_file(&journal);
        return Err(e);
    }
    std::fs::remove_file(&journal)?;
    sync_dir(parent_of(&journal))?;
    step("journal-removed");
    for s in staged.iter_mut() {
        s.done = true;
        keep_previous(s);
    }
    step("kept");
    Ok(())
}

/// After the swap the replaced output sits at the staged folder's name: it becomes
/// `.<name>.previous`, replacing an older one only now that a newer build is in place.
fn keep_previous(s: &mut Staged) {
    if !s.dir.exists() {
        return;
    }
    if s.previous.symlink_metadata().is_ok() {
        let _ = std::fs::remove_dir_all(&s.previous);
    }
    if std::fs::rename(&s.dir, &s.previous).is_err() {
        let _ = std::fs::remove_dir_all(&s.dir);
    }
}

/// Completes a swap that a crash interrupted (a journal beside `first_target`), and puts the
/// last build back in place when a target is missing but its `.previous` is there (a crash in
/// an older Sapar's two renames). Run before anything else touches the output: by every build,
/// under the build lock, and by the server before it serves.
pub(crate) fn recover(targets: &[&Path]) -> std::io::Result<()> {
    if let Some(first) = targets.first() {
        let journal = journal_of(first);
        if let Ok(text) = std::fs::read_to_string(&journal) {
            for line in text.lines().filter(|l| !l.starts_with('#')) {
                complete(line)?;
            }
            std::fs::remove_file(&journal)?;
            sync_dir(parent_of(&journal))?;
        }
    }
    for target in targets {
        if target.symlink_metadata().is_err() {
            let name = target
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let previous = parent_of(target).join(format!(".{name}.previous"));
            if previous.is_dir() {
                std::fs::rename(&previous, target)?;
                sync_dir(parent_of(target))?;
            }
        }
    }
    Ok(())
}

/// One pair of the journal: the staged folder put in place unless it already is.
fn complete(line: &str) -> std::io::Result<()> {
    let parts: Vec<&str> = line.split('\t').collect();
    let [dev, ino, dir, target] = parts[..] else {
        return Ok(());
    };
    let (dir, target) = (Path::new(dir), Path::new(target));
    let wanted = (dev.parse().unwrap_or(0), ino.parse().unwrap_or(0));
    let moved_aside = {
        let mut aside = dir.as_os_str().to_os_string();
        aside.push(".old");
        PathBuf::from(aside)
    };
    if identity(target) != Some(wanted) && identity(dir) == Some(wanted) {
        if target.exists() {
            exchange(dir, target)?;
        } else {
            std::fs::rename(dir, target)?;
        }
        sync_dir(parent_of(target))?;
    }
    // The fallback cut between its renames: the replaced output waits under the aside name.
    if !dir.exists() && moved_aside.is_dir() {
        std::fs::rename(&moved_aside, dir)?;
    }
    // What now sits at the staged name is the replaced output: kept as the previous one.
    if dir.is_dir() {
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let previous = parent_of(target).join(format!(".{name}.previous"));
        if previous.symlink_metadata().is_ok() {
            std::fs::remove_dir_all(&previous)?;
        }
        std::fs::rename(dir, previous)?;
    }
    Ok(())
}

/// A test-only way to stop the program at a step of the swap, as a power cut or `kill -9`
/// would: `SAPAR_TEST_ABORT_AT` names the step (`synced`, `journal`, `swapped-0`, `swapped-1`,
/// `journal-removed`, `kept`). Read only in debug builds (the tests'); a released `sapar`
/// ignores it.
fn step(name: &str) {
    if cfg!(debug_assertions) && std::env::var("SAPAR_TEST_ABORT_AT").is_ok_and(|s| s == name) {
        std::process::abort();
    }
}

#[cfg(test)]
pub(super) fn exchange_for_test(from: &Path, to: &Path) {
    exchange(from, to).unwrap();
}

#[cfg(test)]
pub(super) fn write_journal_for_test(staged: &[Staged]) {
    let journal = journal_of(&staged[0].target);
    write_atomic(&journal, journal_text(staged).as_bytes()).unwrap();
}
