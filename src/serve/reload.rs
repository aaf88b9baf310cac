//! Production reloads: a finished build read back from disk and served without building again.
//!
//! A deployment builds once: `sapar build` writes the new site (and stops there, changing
//! nothing, when it fails), then `systemctl reload sapar` sends SIGHUP and the server serves
//! what is on disk. The same reading serves the last good build after a failed start build.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::files::Files;
use super::{AppState, Live};
use crate::build::INDEX_DIR;
use crate::index::search::Searcher;

/// A finished build on disk: `public/` (with its home page) and the index it was built with.
/// `Err` names the folder that is missing or unreadable, and why.
pub(crate) fn read_build(
    public: &Path,
    index: &Path,
) -> Result<(Files, Searcher), (PathBuf, String)> {
    let files = match Files::load(public) {
        Ok(f) if f.get("index.html").is_some() => f,
        Ok(_) => {
            let why = format!("{} has no index.html", public.display());
            return Err((public.to_path_buf(), why));
        }
        Err(_) if !public.exists() => {
            let why = format!("{} does not exist", public.display());
            return Err((public.to_path_buf(), why));
        }
        Err(e) => {
            let why = format!("{} cannot be read: {e}", public.display());
            return Err((public.to_path_buf(), why));
        }
    };
    let searcher = Searcher::open_as_built(index).map_err(|e| {
        (
            index.to_path_buf(),
            format!("no readable search index: {e}"),
        )
    })?;
    Ok((files, searcher))
}

/// Serves the build on disk. Whatever cannot be read leaves the site served as it was; the
/// search pages are rendered from the sources again when they load without error.
fn reload(app: &AppState) {
    let (files, searcher) = match read_build(&app.public, &app.root.join(INDEX_DIR)) {
        Ok(build) => build,
        Err((_, why)) => {
            eprintln!("error: reload: {why}; the site served stays as it was");
            return;
        }
    };
    let state = match crate::build::site_state(&app.root, &app.base_url) {
        Ok(s) => Some(Arc::new(s)),
        Err(d) => {
            eprintln!(
                "warning: reload: the sources have {} error(s) (run `sapar build` to see them); search pages are served as built",
                d.error_count()
            );
            None
        }
    };
    let count = files.len();
    app.set_live(Live {
        state,
        searcher: Some(Arc::new(searcher)),
        files: Arc::new(files),
        errors: Vec::new(),
    });
    eprintln!(
        "reloaded: serving {count} files from {} and the search index beside it",
        app.public.display()
    );
}

#[cfg(unix)]
pub(crate) type Signal = tokio::signal::unix::Signal;
#[cfg(not(unix))]
pub(crate) type Signal = std::convert::Infallible;

/// SIGHUP, caught from now on; `None` (with a warning) where it cannot be.
pub(crate) fn signal(runtime: &tokio::runtime::Runtime) -> Option<Signal> {
    #[cfg(unix)]
    {
        let _inside = runtime.enter();
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::hangup()) {
            Ok(s) => Some(s),
            Err(e) => {
                eprintln!(
                    "warning: SIGHUP cannot be caught ({e}): restart the server to serve a new build"
                );
                None
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = runtime;
        None
    }
}

/// Reloads on every SIGHUP, one at a time.
pub(crate) async fn on_signal(app: Arc<AppState>, mut signal: Signal) {
    #[cfg(unix)]
    while signal.recv().await.is_some() {
        let app = Arc::clone(&app);
        let _ = tokio::task::spawn_blocking(move || reload(&app)).await;
    }
    #[cfg(not(unix))]
    match signal {}
}
