//! The optional mirror (`[editing] mirror = "<remote>"`): after each publish the site's branch
//! is pushed there on a background thread, so a slow or unreachable remote never holds up an
//! editor. Pushes that pile up while one runs become one more push after it. The last result
//! is kept in memory and in `<state>/mirror.json` for the staff panel, and a failure is logged.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use serde::{Deserialize, Serialize};

use super::repo::Repo;

/// How the last push went.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub(crate) struct PushResult {
    pub(crate) ok: bool,
    /// Seconds since 1970, when it ended.
    pub(crate) time: i64,
    /// The commit pushed, or the one that could not be.
    pub(crate) commit: String,
    /// Empty when it worked; else why not, in Git's words.
    pub(crate) message: String,
}

#[derive(Default)]
struct Running {
    busy: bool,
    again: bool,
    last: Option<PushResult>,
}

/// Pushes a site folder to its mirror.
#[derive(Clone)]
pub(crate) struct Mirror {
    remote: String,
    root: PathBuf,
    record: PathBuf,
    running: Arc<Mutex<Running>>,
}

impl Mirror {
    /// The mirror of the site at `root`; the last result is kept in `state/mirror.json`.
    pub(crate) fn new(root: &Path, state: &Path, remote: &str) -> Mirror {
        let record = state.join("mirror.json");
        let last = std::fs::read_to_string(&record)
            .ok()
            .and_then(|t| serde_json::from_str(&t).ok());
        Mirror {
            remote: remote.to_string(),
            root: root.to_path_buf(),
            record,
            running: Arc::new(Mutex::new(Running {
                last,
                ..Running::default()
            })),
        }
    }

    /// How the last push went (None before the first).
    pub(crate) fn last(&self) -> Option<PushResult> {
        self.running.lock().ok().and_then(|r| r.last.clone())
    }

    /// Starts a push after a publish and returns at once; None when one is already running
    /// (it pushes once more when done, so the newest commit always gets there).
    pub(crate) fn push_soon(&self) -> Option<JoinHandle<()>> {
        {
            let mut r = self.running.lock().ok()?;
            if r.busy {
                r.again = true;
                return None;
            }
            r.busy = true;
        }
        let me = self.clone();
        let spawned = std::thread::Builder::new()
            .name("sapar-mirror".into())
            .spawn(move || me.run());
        match spawned {
            Ok(handle) => Some(handle),
            Err(e) => {
                self.finish(PushResult {
                    ok: false,
                    time: now(),
                    commit: String::new(),
                    message: format!("the push could not start: {e}"),
                });
                if let Ok(mut r) = self.running.lock() {
                    r.busy = false;
                }
                None
            }
        }
    }

    fn run(&self) {
        loop {
            let result = self.push_once();
            self.finish(result);
            let Ok(mut r) = self.running.lock() else {
                return;
            };
            if !r.again {
                r.busy = false;
                return;
            }
            r.again = false;
        }
    }

    fn push_once(&self) -> PushResult {
        // A commit made after this read is pushed too, and the push after it records it.
        let head = Repo::open(&self.root).and_then(|r| r.head());
        let commit = head.clone().unwrap_or_default();
        let pushed = head.and_then(|_| Repo::open(&self.root)?.push(&self.remote));
        PushResult {
            ok: pushed.is_ok(),
            time: now(),
            commit,
            message: pushed.err().map(|e| e.0).unwrap_or_default(),
        }
    }

    fn finish(&self, result: PushResult) {
        if !result.ok {
            eprintln!("warning: mirror {}: {}", self.remote, result.message);
        }
        if let Ok(text) = serde_json::to_string_pretty(&result) {
            let tmp = self.record.with_extension("json.tmp");
            let written = self
                .record
                .parent()
                .map_or(Ok(()), std::fs::create_dir_all)
                .and_then(|()| std::fs::write(&tmp, text))
                .and_then(|()| std::fs::rename(&tmp, &self.record));
            if let Err(e) = written {
                eprintln!("warning: mirror: {}: {e}", self.record.display());
            }
        }
        if let Ok(mut r) = self.running.lock() {
            r.last = Some(result);
        }
    }
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::editing::repo::Author;
    use crate::editing::repo::tests::{repo_with, write};

    fn bare() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let ok = std::process::Command::new("git")
            .current_dir(dir.path())
            .args(["init", "-q", "--bare", "-b", "main"])
            .status()
            .unwrap();
        assert!(ok.success());
        dir
    }

    fn tip(bare: &Path) -> String {
        let out = std::process::Command::new("git")
            .current_dir(bare)
            .args(["rev-parse", "main"])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }

    #[test]
    fn pushes_in_the_background_and_keeps_the_result() {
        let (tmp, repo) = repo_with(&[("content/a.md", "a")]);
        let state = tempfile::tempdir().unwrap();
        let remote = bare();
        let mirror = Mirror::new(
            tmp.path(),
            state.path(),
            &remote.path().display().to_string(),
        );
        assert_eq!(mirror.last(), None);
        mirror.push_soon().unwrap().join().unwrap();
        let last = mirror.last().unwrap();
        assert!(last.ok, "{last:?}");
        assert_eq!(last.commit, repo.head().unwrap());
        assert_eq!(tip(remote.path()), repo.head().unwrap());
        write(tmp.path(), "content/a.md", "b");
        repo.commit(&["content/a.md".into()], &Author::editor("x"), "m")
            .unwrap();
        mirror.push_soon().unwrap().join().unwrap();
        assert_eq!(tip(remote.path()), repo.head().unwrap());
        // The result survives a restart of the server.
        let again = Mirror::new(tmp.path(), state.path(), "unused");
        assert_eq!(again.last(), mirror.last());
    }

    #[test]
    fn a_failed_push_is_recorded_not_raised() {
        let (tmp, _repo) = repo_with(&[("content/a.md", "a")]);
        let state = tempfile::tempdir().unwrap();
        let mirror = Mirror::new(tmp.path(), state.path(), "/nonexistent/mirror.git");
        mirror.push_soon().unwrap().join().unwrap();
        let last = mirror.last().unwrap();
        assert!(!last.ok);
        assert!(
            last.message.contains("/nonexistent/mirror.git"),
            "{}",
            last.message
        );
        let kept = std::fs::read_to_string(state.path().join("mirror.json")).unwrap();
        assert!(kept.contains("\"ok\": false"), "{kept}");
    }
}
