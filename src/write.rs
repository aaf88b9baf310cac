//! Write: puts the whole output in staging folders and swaps them in only when all is well.
//!
//! The portal must never be half-built: a kiosk or a visitor that reads `public/` during a
//! build sees either the old site or the new one. Staging folders sit beside their targets so
//! that the final swap is a rename on one filesystem.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diag::{Diagnostic, Diagnostics};
use crate::render::{Content, OutFile};

/// A staged folder that is removed again unless it was swapped into place.
pub struct Staged {
    pub dir: PathBuf,
    target: PathBuf,
    /// Where the output being replaced goes: kept whole until the next build, for a manual
    /// rollback (rename it back).
    previous: PathBuf,
    /// Removes the output before the last one while this build renders. Deleting a 9,000-page
    /// tree is disk-bound and took as long as rendering it; run beside the CPU-bound stages it
    /// costs the build almost nothing.
    clearing: Option<std::thread::JoinHandle<()>>,
    done: bool,
}

impl Staged {
    /// Creates an empty staging folder beside `target`.
    pub fn new(target: &Path) -> std::io::Result<Staged> {
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
        std::fs::create_dir_all(&dir)?;
        let previous = parent.join(format!(".{name}.previous"));
        // Renamed to a staging name of this build first: if the build is killed half-way
        // through the removal, the next build removes the rest as a leftover.
        let mut trash = dir.as_os_str().to_os_string();
        trash.push(".clearing");
        let trash = PathBuf::from(trash);
        let clearing =
            (previous.exists() && std::fs::rename(&previous, &trash).is_ok()).then(|| {
                std::thread::spawn(move || {
                    let _ = std::fs::remove_dir_all(&trash);
                })
            });
        Ok(Staged {
            dir,
            target: target.to_path_buf(),
            previous,
            clearing,
            done: false,
        })
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

    pub fn target(&self) -> &Path {
        &self.target
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
        if !self.done {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
        if let Some(h) = self.clearing.take() {
            let _ = h.join();
        }
    }
}

/// Writes every file under `dir`, in parallel. Two files claiming one path is an error: it
/// means an asset and a page (or two aliases) would overwrite each other.
pub fn write_files(dir: &Path, files: &[OutFile]) -> Result<(), Diagnostics> {
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
    let dirs: HashSet<&Path> = files
        .iter()
        .filter_map(|f| Path::new(&f.path).parent())
        .collect();
    for d in dirs {
        if let Err(e) = std::fs::create_dir_all(dir.join(d)) {
            diags.push(Diagnostic::error(
                dir.join(d),
                None,
                format!("cannot create folder: {e}"),
            ));
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    let errors: Vec<Diagnostic> = files
        .par_iter()
        .filter_map(|f| {
            let dest = dir.join(&f.path);
            let r = match &f.content {
                Content::Bytes(b) => std::fs::write(&dest, b),
                Content::Copy(src) => std::fs::copy(src, &dest).map(|_| ()),
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

/// Swaps every staged folder into place; each output it replaces is kept as `.<name>.previous`
/// beside it until the next build. If a later rename fails, earlier ones are rolled back, so the
/// old output survives whole.
pub fn swap_all(staged: &mut [Staged]) -> std::io::Result<()> {
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
            let s = Staged::new(&target).unwrap();
            std::fs::write(s.dir.join("x"), "x").unwrap();
            // dropped without swap: staging removed, target untouched
        }
        assert!(target.join("old.txt").exists());
        assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 1);
        let mut v = vec![Staged::new(&target).unwrap()];
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
        let mut v = vec![Staged::new(&target).unwrap()];
        std::fs::write(v[0].dir.join("c"), "c").unwrap();
        swap_all(&mut v).unwrap();
        drop(v);
        assert!(target.join("c").exists());
        assert!(previous.join("a/b.html").exists());
        assert!(!previous.join("old.txt").exists());
        assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 2);

        // A failed build also clears the one before last, but never touches the output.
        let s = Staged::new(&target).unwrap();
        drop(s);
        assert!(target.join("c").exists());
        assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 1);
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
