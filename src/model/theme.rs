//! The theme as read from disk: template texts, the static files to copy, and the bytes of those
//! the service worker's offline list hashes. Render builds everything from this without touching
//! the file system.

use std::path::PathBuf;

use crate::diag::Diagnostic;

/// Everything a build uses from `themes/<name>/` except the UI strings (load::i18n) and the
/// kiosk fonts.
#[derive(Debug, Clone, Default)]
pub(crate) struct ThemeFiles {
    /// `themes/<name>/templates`, as diagnostics name it.
    pub(crate) templates_dir: String,
    /// Every file under `templates/`: name relative to that folder (with `/`), and its text
    /// normalised like every other text the build reads. Sorted by name.
    pub(crate) templates: Vec<(String, String)>,
    /// Template files that could not be read, with the error.
    pub(crate) unreadable: Vec<Diagnostic>,
    /// Every file under `static/`, copied to the top of the output. Sorted by path.
    pub(crate) statics: Vec<StaticFile>,
    /// Whether the theme has a service worker (`static/sw.js`): only then is the offline list
    /// written.
    pub(crate) service_worker: bool,
}

/// A file of the theme's `static/` folder.
#[derive(Debug, Clone)]
pub(crate) struct StaticFile {
    /// Relative to `static/`, with `/` separators: also its path in the output.
    pub(crate) rel: String,
    pub(crate) src: PathBuf,
    /// The file's bytes when the offline list hashes them ([`kept_offline`], with a service
    /// worker); otherwise, or when the file could not be read, empty.
    pub(crate) bytes: Vec<u8>,
}

/// Whether the service worker keeps a static file offline: what pages load (styles, scripts,
/// the icon, the manifest). The large PNG icons are only for installing the site as an app, not
/// worth a metered download, and the worker does not list itself.
pub(crate) fn kept_offline(rel: &str) -> bool {
    rel != "sw.js"
        && [".css", ".js", ".svg", ".webmanifest"]
            .iter()
            .any(|x| rel.ends_with(x))
}
