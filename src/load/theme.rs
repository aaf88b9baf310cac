//! Reads the theme: its templates, the list of its static files, and the bytes of the static
//! files the service worker's offline list hashes. Render builds Tera and every output from
//! this, so that it never touches the file system.

use std::path::Path;

use super::links::SiteFolder;
use crate::diag::Diagnostic;
use crate::model::config::Config;
use crate::model::theme::{StaticFile, ThemeFiles, kept_offline};
use crate::util::is_temporary;

/// Reads `themes/<name>/templates/` and `themes/<name>/static/`. A missing folder reads as
/// empty: render reports the templates the theme lacks.
pub(crate) fn load(config: &Config) -> ThemeFiles {
    let site = SiteFolder::new(&config.root);
    let theme_dir = config.theme_dir();
    let templates_dir = format!("themes/{}/templates", config.theme);
    let (templates, mut unreadable) =
        templates(&site, &theme_dir.join("templates"), &templates_dir);
    let static_dir = theme_dir.join("static");
    let service_worker = static_dir.join("sw.js").is_file();
    let (statics, errors) = statics(&site, &static_dir, service_worker);
    unreadable.extend(errors);
    ThemeFiles {
        templates_dir,
        templates,
        unreadable,
        statics,
        service_worker,
    }
}

/// The files under `dir`, in name order, following symbolic links only while they stay inside
/// the site folder ([`super::links`]): one that leads out is an error and is not read. A save's
/// temporary file left behind (`util::is_temporary`) is not one of the theme's files.
fn files(site: &SiteFolder, dir: &Path) -> (Vec<walkdir::DirEntry>, Vec<Diagnostic>) {
    let mut found = Vec::new();
    let mut errors = Vec::new();
    let mut walk = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter();
    while let Some(entry) = walk.next() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                if let Some(link) = e.loop_ancestor().and(e.path()) {
                    errors.push(site.loop_error(link));
                }
                continue;
            }
        };
        if entry.path_is_symlink()
            && let Err(d) = site.check_link(entry.path())
        {
            errors.push(d);
            if entry.file_type().is_dir() {
                walk.skip_current_dir();
            }
            continue;
        }
        let temporary = entry.file_name().to_str().is_some_and(is_temporary);
        if entry.file_type().is_file() && !temporary {
            found.push(entry);
        }
    }
    (found, errors)
}

/// Every file of the templates folder, by name; errors name the template file.
fn templates(
    site: &SiteFolder,
    dir: &Path,
    rel_dir: &str,
) -> (Vec<(String, String)>, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let (entries, mut unreadable) = self::files(site, dir);
    for entry in entries {
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
fn statics(
    site: &SiteFolder,
    dir: &Path,
    service_worker: bool,
) -> (Vec<StaticFile>, Vec<Diagnostic>) {
    let (entries, errors) = files(site, dir);
    let statics = entries
        .into_iter()
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
        .collect();
    (statics, errors)
}

/// `path` relative to `dir`, with `/` separators whatever the platform.
fn relative(path: &Path, dir: &Path) -> Option<String> {
    path.strip_prefix(dir)
        .ok()
        .map(|p| p.to_string_lossy().replace('\\', "/"))
}
