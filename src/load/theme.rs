//! Reads the theme: its templates, the list of its static files, and the bytes of the static
//! files the service worker's offline list hashes. Render builds Tera and every output from
//! this, so that it never touches the file system.

use std::path::Path;

use crate::diag::Diagnostic;
use crate::model::config::Config;
use crate::model::theme::{StaticFile, ThemeFiles, kept_offline};

/// Reads `themes/<name>/templates/` and `themes/<name>/static/`. A missing folder reads as
/// empty: render reports the templates the theme lacks.
pub(crate) fn load(config: &Config) -> ThemeFiles {
    let theme_dir = config.theme_dir();
    let templates_dir = format!("themes/{}/templates", config.theme);
    let (templates, unreadable) = templates(&theme_dir.join("templates"), &templates_dir);
    let static_dir = theme_dir.join("static");
    let service_worker = static_dir.join("sw.js").is_file();
    ThemeFiles {
        templates_dir,
        templates,
        unreadable,
        statics: statics(&static_dir, service_worker),
        service_worker,
    }
}

/// Every file of the templates folder, by name; errors name the template file.
fn templates(dir: &Path, rel_dir: &str) -> (Vec<(String, String)>, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let mut unreadable = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let Ok(entry) = entry else { continue };
        if !entry.file_type().is_file() {
            continue;
        }
        let name = relative(entry.path(), dir).unwrap_or_default();
        match std::fs::read_to_string(entry.path()) {
            Ok(t) => files.push((name, crate::util::text::normalize(&t))),
            Err(e) => unreadable.push(Diagnostic::error(
                format!("{rel_dir}/{name}"),
                None,
                format!("cannot read: {e}"),
            )),
        }
    }
    (files, unreadable)
}

/// Every file of the static folder, with the bytes of those the offline list hashes when the
/// theme has a service worker (a file that cannot be read hashes as empty).
fn statics(dir: &Path, service_worker: bool) -> Vec<StaticFile> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let rel = relative(e.path(), dir)?;
            let bytes = if service_worker && kept_offline(&rel) {
                std::fs::read(e.path()).unwrap_or_default()
            } else {
                Vec::new()
            };
            Some(StaticFile {
                rel,
                src: e.path().to_path_buf(),
                bytes,
            })
        })
        .collect()
}

/// `path` relative to `dir`, with `/` separators whatever the platform.
fn relative(path: &Path, dir: &Path) -> Option<String> {
    path.strip_prefix(dir)
        .ok()
        .map(|p| p.to_string_lossy().replace('\\', "/"))
}
