//! One build at a time per site: a lock file in the site's folder (`.sapar-build.lock`), held
//! (an `flock`, through std's `File::lock`) for as long as a build writes, so that a build
//! killed half-way frees it with its process. Two builds at once (a timer's `sapar build` while
//! `sapar serve` rebuilds) otherwise mixed one build's pages with the other's search index.

use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The lock file's name in the site's folder.
pub(crate) const LOCK_FILE: &str = ".sapar-build.lock";

/// How long a build waits for another one to finish, unless `SAPAR_BUILD_WAIT` (seconds) says
/// otherwise: a full build of the shipped portal takes a few seconds, of a 9,000-page site
/// under twenty.
pub(crate) const WAIT: Duration = Duration::from_secs(60);

/// The held lock; dropping it (or the process ending) frees it.
pub(crate) struct BuildLock {
    file: std::fs::File,
}

/// Why the lock could not be taken, for the build's message.
pub(crate) struct Busy {
    pub(crate) path: PathBuf,
    pub(crate) message: String,
}

impl BuildLock {
    /// Takes the site's lock, waiting up to [`WAIT`] (or `SAPAR_BUILD_WAIT` seconds) while
    /// another process holds it.
    pub(crate) fn acquire(root: &Path) -> Result<BuildLock, Busy> {
        let wait = std::env::var("SAPAR_BUILD_WAIT")
            .ok()
            .and_then(|s| s.trim().parse::<u64>().ok())
            .map(Duration::from_secs)
            .unwrap_or(WAIT);
        BuildLock::acquire_within(root, wait)
    }

    fn acquire_within(root: &Path, wait: Duration) -> Result<BuildLock, Busy> {
        let path = root.join(LOCK_FILE);
        let cannot = |e: std::io::Error| Busy {
            path: path.clone(),
            message: format!("cannot open the build's lock file: {e}"),
        };
        let mut file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(cannot)?;
        let start = Instant::now();
        loop {
            match file.try_lock() {
                Ok(()) => break,
                Err(std::fs::TryLockError::WouldBlock) if start.elapsed() < wait => {
                    std::thread::sleep(Duration::from_millis(100));
                }
                Err(std::fs::TryLockError::WouldBlock) => {
                    let holder = holder(&mut file);
                    return Err(Busy {
                        message: format!(
                            "another build of this site is still running ({holder}); waited {} s for it to finish. Wait until it ends and build again; if no sapar runs, the lock is free and this message will not come back",
                            wait.as_secs()
                        ),
                        path,
                    });
                }
                Err(std::fs::TryLockError::Error(e)) => return Err(cannot(e)),
            }
        }
        // Who holds it, for the message a waiting build gives.
        let _ = file.set_len(0);
        let _ = file.rewind();
        let _ = writeln!(file, "{}", std::process::id());
        Ok(BuildLock { file })
    }
}

impl Drop for BuildLock {
    fn drop(&mut self) {
        let _ = self.file.unlock();
    }
}

/// The process that holds the lock, as its lock file names it.
fn holder(file: &mut std::fs::File) -> String {
    let mut text = String::new();
    let _ = file.rewind();
    let _ = file.read_to_string(&mut text);
    match text.trim().parse::<u32>() {
        Ok(pid) => format!("process {pid}"),
        Err(_) => "a process that has not yet written its number".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_waits_then_names_the_holder() {
        let tmp = tempfile::tempdir().unwrap();
        let held = BuildLock::acquire_within(tmp.path(), Duration::ZERO)
            .ok()
            .unwrap();
        let Err(busy) = BuildLock::acquire_within(tmp.path(), Duration::ZERO) else {
            panic!("a second lock was granted while the first is held");
        };
        assert!(
            busy.message
                .contains(&format!("process {}", std::process::id())),
            "{}",
            busy.message
        );
        assert_eq!(busy.path, tmp.path().join(LOCK_FILE));
        drop(held);
        assert!(BuildLock::acquire_within(tmp.path(), Duration::ZERO).is_ok());
    }
}
