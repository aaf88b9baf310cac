//! Watch mode: rebuild what a save touches and tell open browsers.
//!
//! An edit to the body of one page re-renders that bundle in every language (its translations
//! and the fallbacks that show it) and updates its search documents; an edit to front matter also
//! re-renders the section listing, siblings (previous/next), the home page, sitemap and feeds.
//! Anything else — a new or deleted file, templates, UI strings, data, site.toml — rebuilds the
//! whole site through the normal atomic build. A broken save never replaces the last good output:
//! the errors go to the browser as an overlay and the server lives on.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use notify::{RecursiveMode, Watcher};
use serde_json::json;

use super::{AppState, Live};
use crate::build::{BuildOptions, INDEX_DIR, SiteState, build};
use crate::diag::Diagnostics;
use crate::link::Linked;

/// Editors' tools save in bursts (write, rename, chmod): wait this long after the first event
/// for the rest before rebuilding.
const DEBOUNCE: Duration = Duration::from_millis(25);

/// Starts watching; the returned watcher must be kept alive.
pub fn start(app: Arc<AppState>) -> notify::Result<notify::RecommendedWatcher> {
    let (tx, rx) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(move |res: notify::Result<notify::Event>| {
        if let Ok(ev) = res
            && !matches!(ev.kind, notify::EventKind::Access(_))
        {
            let _ = tx.send(ev.paths);
        }
    })?;
    let root = app.root.clone();
    for dir in ["content", "themes", "data"] {
        let p = root.join(dir);
        if p.is_dir() {
            watcher.watch(&p, RecursiveMode::Recursive)?;
        }
    }
    watcher.watch(&root, RecursiveMode::NonRecursive)?;
    std::thread::spawn(move || run(app, rx));
    Ok(watcher)
}

fn run(app: Arc<AppState>, rx: mpsc::Receiver<Vec<PathBuf>>) {
    while let Ok(first) = rx.recv() {
        let mut paths: BTreeSet<PathBuf> = first.into_iter().collect();
        let deadline = Instant::now() + DEBOUNCE;
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            match rx.recv_timeout(left) {
                Ok(more) => paths.extend(more),
                Err(_) => break,
            }
        }
        let relevant: Vec<PathBuf> = paths.into_iter().filter(|p| relevant(&app, p)).collect();
        if relevant.is_empty() {
            continue;
        }
        let t0 = Instant::now();
        let outcome = rebuild(&app, &relevant);
        let ms = t0.elapsed().as_secs_f64() * 1000.0;
        match outcome {
            Ok(kind) => {
                // An incremental rebuild has already told browsers, before updating search.
                if kind == "full" {
                    let _ = app.events.send(json!({"type": "reload"}).to_string());
                }
                eprintln!(
                    "rebuilt ({kind}) in {ms:.0} ms: {}",
                    names(&app.root, &relevant)
                );
            }
            Err(diags) => {
                let errors: Vec<String> = diags
                    .sorted()
                    .iter()
                    .filter(|d| d.is_error())
                    .map(|d| d.to_string())
                    .collect();
                for e in &errors {
                    eprintln!("{e}");
                }
                eprintln!("the last good site stays served");
                if let Some(live) = app.live() {
                    app.set_live(Live {
                        state: Arc::clone(&live.state),
                        searcher: live.searcher.clone(),
                        files: Arc::clone(&live.files),
                        errors: errors.clone(),
                    });
                }
                let _ = app
                    .events
                    .send(json!({"type": "error", "errors": errors}).to_string());
            }
        }
    }
}

fn names(root: &Path, paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|p| p.strip_prefix(root).unwrap_or(p).display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Ignores editors' swap files, our own output and staging folders, and temporary files that
/// came and went within the burst (sed -i, many editors' atomic saves).
fn relevant(app: &AppState, p: &Path) -> bool {
    let root = &app.root;
    let Ok(rel) = p.strip_prefix(root) else {
        return false;
    };
    if !p.exists() {
        let known = app
            .live()
            .is_some_and(|l| l.state.linked.site.pages.iter().any(|x| x.file == rel));
        let tracked_dir = rel.starts_with("themes") || rel.starts_with("data");
        if !known && !tracked_dir {
            return false;
        }
    }
    part_of_the_site(rel)
}

/// Whether a path under the site's root (`rel`) is something a build reads: content, themes,
/// data and site.toml, but not editors' backup and swap files, nor hidden files and folders
/// (load skips them: a `.git` folder inside content/ must not rebuild the site on every commit).
fn part_of_the_site(rel: &Path) -> bool {
    let first = rel
        .components()
        .next()
        .and_then(|c| c.as_os_str().to_str())
        .unwrap_or("");
    let name = rel.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let hidden = rel
        .components()
        .any(|c| c.as_os_str().to_str().is_some_and(|s| s.starts_with('.')));
    let junk = hidden || name.ends_with('~') || name.ends_with(".swp") || name.ends_with(".tmp");
    !junk
        && (matches!(first, "content" | "themes" | "data")
            || rel == Path::new(crate::model::config::CONFIG_FILE))
}

/// Rebuilds after a change; returns what kind of rebuild it was.
fn rebuild(app: &AppState, paths: &[PathBuf]) -> Result<&'static str, Diagnostics> {
    let Some(live) = app.live() else {
        return full(app).map(|_| "full");
    };
    match incremental(app, &live, paths)? {
        true => Ok("incremental"),
        false => full(app).map(|_| "full"),
    }
}

fn full(app: &AppState) -> Result<(), Diagnostics> {
    let report = build(&BuildOptions {
        root: app.root.clone(),
        output: None,
        progress: false,
    })?;
    app.set_live(Live::after_build(&app.root, report)?);
    Ok(())
}

/// Re-renders what the edited pages touch. `Ok(false)` when the change needs a full build.
fn incremental(app: &AppState, live: &Live, paths: &[PathBuf]) -> Result<bool, Diagnostics> {
    let t0 = Instant::now();
    let state: &SiteState = &live.state;
    let config = &state.linked.site.config;
    let mut linked: Linked = state.linked.clone();
    let mut listing_changed = false;
    let mut bundles = BTreeSet::new();
    for p in paths {
        let is_page =
            p.extension().is_some_and(|e| e == "md") && p.starts_with(config.content_dir());
        let rel = p.strip_prefix(&config.root).unwrap_or(p);
        let Some(i) = linked.site.pages.iter().position(|x| x.file == rel) else {
            return Ok(false);
        };
        if !is_page || !p.is_file() {
            return Ok(false);
        }
        let new = match crate::load::reload_page(config, p) {
            Ok(Some(n)) => n,
            Ok(None) => return Ok(false),
            Err(d) => {
                let mut ds = Diagnostics::default();
                ds.push(d);
                return Err(ds);
            }
        };
        let old = &linked.site.pages[i];
        // Kiosk slides are not pages: their screens are built by the full pipeline.
        if linked
            .bundle_of
            .get(&old.bundle)
            .is_some_and(|&b| linked.bundles[b].kind == crate::model::config::SectionKind::Kiosk)
        {
            return Ok(false);
        }
        if new.front_hash != old.front_hash {
            let slug =
                |x: &crate::model::site::PageSource| x.meta.slug.as_ref().map(|s| s.value.clone());
            let aliases = |x: &crate::model::site::PageSource| {
                x.meta
                    .aliases
                    .iter()
                    .map(|a| a.value.clone())
                    .collect::<Vec<_>>()
            };
            // Addresses or section pages (menu labels on every page) change everything.
            if slug(&new) != slug(old) || aliases(&new) != aliases(old) || new.is_section {
                return Ok(false);
            }
            listing_changed = true;
        }
        bundles.insert(new.bundle.clone());
        linked.site.pages[i] = new;
    }

    // Which outputs show the edited bundles.
    let mut targets = BTreeSet::new();
    for b in &bundles {
        let Some(&bi) = linked.bundle_of.get(b) else {
            return Ok(false);
        };
        let mut show = vec![bi];
        if listing_changed {
            if let Some(parent) = linked.bundles[bi].parent {
                show.push(parent);
                // The order may have changed: the neighbours before and after the move show
                // this page in their previous/next links.
                show.extend(linked.resort_siblings(bi));
            }
            show.extend(linked.bundle_of.get("").copied());
        }
        for s in show {
            for l in &config.languages {
                if let Some(o) = linked.output_index(s, &l.code) {
                    targets.insert(o);
                }
            }
        }
    }
    let targets: Vec<usize> = targets.into_iter().collect();
    let (pages, special) = crate::render::render_some(
        &linked,
        &state.strings,
        &state.theme,
        &targets,
        listing_changed,
    )?;

    let mut updates = Vec::with_capacity(pages.len() + special.len());
    let mut texts = Vec::with_capacity(pages.len());
    for (file, text) in pages {
        updates.push(file);
        texts.push(text);
    }
    updates.extend(special);
    let mut written = Vec::with_capacity(updates.len());
    for f in updates {
        let bytes = match f.content {
            crate::model::output::Content::Bytes(b) => b,
            crate::model::output::Content::Copy(src)
            | crate::model::output::Content::Written(src) => {
                std::fs::read(&src).map_err(|e| super::io_diag("copy", e))?
            }
        };
        let dest = app.public.join(&f.path);
        if let Some(dir) = dest.parent() {
            std::fs::create_dir_all(dir).map_err(|e| super::io_diag("write", e))?;
        }
        std::fs::write(&dest, &bytes).map_err(|e| super::io_diag("write", e))?;
        written.push((f.path, bytes));
    }
    let files = live.files.with_updates(written);
    let new_state = Arc::new(SiteState {
        linked,
        strings: state.strings.clone(),
        theme: state.theme.clone(),
    });
    app.set_live(Live {
        state: Arc::clone(&new_state),
        searcher: live.searcher.clone(),
        files: Arc::new(files),
        errors: Vec::new(),
    });
    // The browser can reload now; the search documents follow.
    let _ = app.events.send(json!({"type": "reload"}).to_string());
    eprintln!(
        "  pages ready for the browser after {:.0} ms",
        t0.elapsed().as_secs_f64() * 1000.0
    );
    match crate::index::update_documents(&new_state.linked, &texts, &app.root.join(INDEX_DIR)) {
        Ok(()) => {
            if let Some(s) = &live.searcher {
                let _ = s.reload();
            }
        }
        Err(e) => eprintln!(
            "warning: search index not updated: {}",
            e.0.iter()
                .map(|d| d.to_string())
                .collect::<Vec<_>>()
                .join("; ")
        ),
    }
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_what_a_build_reads_is_part_of_the_site() {
        for rel in [
            "content/guides/russia/index.ru.md",
            "themes/portal/templates/base.html",
            "data/contacts.toml",
            "site.toml",
        ] {
            assert!(part_of_the_site(Path::new(rel)), "{rel}");
        }
        for rel in [
            "content/guides/russia/.index.ru.md.swp",
            "content/guides/russia/index.ru.md~",
            "content/.git/objects/ab/cdef",
            "content/guides/.drafts/index.ru.md",
            "public/ru/index.html",
            ".public.previous/ru/index.html",
            "README.md",
        ] {
            assert!(!part_of_the_site(Path::new(rel)), "{rel}");
        }
    }
}
