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
use crate::model::config::SectionKind;
use crate::model::output::{Content, OutFile, PageText};
use crate::model::site::PageSource;

/// Editors' tools save in bursts (write, rename, chmod): wait this long after the first event
/// for the rest before rebuilding.
const DEBOUNCE: Duration = Duration::from_millis(25);

/// Starts watching; the returned watcher must be kept alive.
pub(crate) fn start(app: Arc<AppState>) -> notify::Result<notify::RecommendedWatcher> {
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
            Err(mut diags) => {
                // The same text as `sapar build` prints, line and caret included (the full
                // build attached the lines already; incremental rebuilds have not).
                crate::load::snippets::attach(&app.root, &mut diags);
                let errors: Vec<String> = diags
                    .sorted()
                    .iter()
                    .filter(|d| d.is_error())
                    .map(|d| d.render())
                    .collect();
                for e in &errors {
                    eprintln!("{e}");
                }
                eprintln!("the last good site stays served");
                if let Some(live) = app.live() {
                    app.set_live(Live {
                        state: live.state.clone(),
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
            .and_then(|l| l.state.clone())
            .is_some_and(|s| s.linked.site.pages.iter().any(|x| x.file == rel));
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
    let Some((live, state)) = app.live().and_then(|l| l.state.clone().map(|s| (l, s))) else {
        return full(app).map(|_| "full");
    };
    match incremental(app, &live, &state, paths)? {
        true => Ok("incremental"),
        false => full(app).map(|_| "full"),
    }
}

fn full(app: &AppState) -> Result<(), Diagnostics> {
    let report = build(&BuildOptions {
        root: app.root.clone(),
        output: None,
        progress: false,
        base_url: app.base_url.clone(),
        drafts: false,
    })?;
    app.set_live(Live::after_build(&app.root, report)?);
    Ok(())
}

/// What a save changed, once the edited pages are read again.
struct Edit {
    /// The site with the edited pages in place of the old ones.
    linked: Linked,
    /// Bundles whose pages were edited.
    bundles: BTreeSet<String>,
    /// Front matter changed: listings, neighbours and the home page show it too.
    listing_changed: bool,
}

/// Re-renders what the edited pages touch. `Ok(false)` when the change needs a full build.
fn incremental(
    app: &AppState,
    live: &Live,
    state: &SiteState,
    paths: &[PathBuf],
) -> Result<bool, Diagnostics> {
    let t0 = Instant::now();
    let Some(mut edit) = reload_edited(&state.linked, paths)? else {
        return Ok(false);
    };
    let found = crate::link::recheck(&edit.linked, &state.strings);
    if found.has_errors() {
        return Err(found);
    }
    let Some(targets) = affected_outputs(&mut edit) else {
        return Ok(false);
    };
    let (pages, special) = crate::render::render_some(
        &edit.linked,
        &state.strings,
        &state.theme,
        &targets,
        edit.listing_changed,
    )?;
    let (mut updates, texts): (Vec<_>, Vec<_>) = pages.into_iter().unzip();
    updates.extend(special);
    // Written in place, each file replaced whole (write stage): a reader sees the old page or
    // the new one, never half of one. Under the site's build lock, so that a `sapar build`
    // running meanwhile never swaps its output in between these files and the index's update.
    let _lock = crate::write::BuildLock::acquire(&app.root)
        .map_err(|b| Diagnostics::from(crate::diag::Diagnostic::error(&b.path, None, b.message)))?;
    let written = crate::write::replace_files(&app.public, updates)?;
    let files = live.files.with_updates(written);
    let new_state = Arc::new(SiteState {
        linked: edit.linked,
        strings: state.strings.clone(),
        theme: state.theme.clone(),
    });
    app.set_live(Live {
        state: Some(Arc::clone(&new_state)),
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
    update_search(app, live, &new_state, &texts);
    Ok(true)
}

/// Reads the edited pages again. `Ok(None)` when the change needs a full build: a file that is
/// not a known page, a kiosk slide, or a new address (slug, aliases) or section page (menu
/// labels are on every page).
fn reload_edited(linked: &Linked, paths: &[PathBuf]) -> Result<Option<Edit>, Diagnostics> {
    let config = &linked.site.config;
    let mut linked = linked.clone();
    let mut listing_changed = false;
    let mut bundles = BTreeSet::new();
    for p in paths {
        let is_page =
            p.extension().is_some_and(|e| e == "md") && p.starts_with(config.content_dir());
        let rel = p.strip_prefix(&config.root).unwrap_or(p);
        let Some(i) = linked.site.pages.iter().position(|x| x.file == rel) else {
            return Ok(None);
        };
        if !is_page || !p.is_file() {
            return Ok(None);
        }
        let new = match crate::load::reload_page(config, p) {
            Ok(Some(n)) => n,
            Ok(None) => return Ok(None),
            Err(d) => return Err(d),
        };
        let old = &linked.site.pages[i];
        // Kiosk slides are not pages: their screens are built by the full pipeline.
        if linked
            .bundle_of
            .get(&old.bundle)
            .is_some_and(|&b| linked.bundles[b].kind == SectionKind::Kiosk)
        {
            return Ok(None);
        }
        if new.front_hash != old.front_hash {
            if moved(old, &new) {
                return Ok(None);
            }
            listing_changed = true;
        }
        // Heading anchors are checked across pages, which only a full build renders.
        if anchors_touched(old, &new) {
            return Ok(None);
        }
        bundles.insert(new.bundle.clone());
        linked.site.pages[i] = new;
    }
    Ok(Some(Edit {
        linked,
        bundles,
        listing_changed,
    }))
}

/// Whether an edit changes what heading anchors depend on: the page's headings (links from
/// other pages point at them) or its own links to a heading. Such edits take a full build, which
/// checks every anchor; other edits keep the quick rebuild.
fn anchors_touched(old: &PageSource, new: &PageSource) -> bool {
    fn anchor_lines(body: &str) -> Vec<&str> {
        body.lines()
            .filter(|l| l.trim_start().starts_with('#') || (l.contains("@/") && l.contains('#')))
            .collect()
    }
    anchor_lines(&old.body) != anchor_lines(&new.body)
}

/// Whether an edit changes a page's addresses, or is to a section page (menu labels on every
/// page): both change everything.
fn moved(old: &PageSource, new: &PageSource) -> bool {
    let slug = |x: &PageSource| x.meta.slug.as_ref().map(|s| s.value.clone());
    let aliases = |x: &PageSource| {
        x.meta
            .aliases
            .iter()
            .map(|a| a.value.clone())
            .collect::<Vec<_>>()
    };
    slug(new) != slug(old) || aliases(new) != aliases(old) || new.is_section
}

/// The outputs (indices into `linked.outputs`) that show the edited bundles, with the section
/// order updated when front matter changed. `None` when a bundle is unknown.
fn affected_outputs(edit: &mut Edit) -> Option<Vec<usize>> {
    let linked = &mut edit.linked;
    let mut targets = BTreeSet::new();
    for b in &edit.bundles {
        let &bi = linked.bundle_of.get(b)?;
        let mut show = vec![bi];
        if edit.listing_changed {
            if let Some(parent) = linked.bundles[bi].parent {
                show.push(parent);
                // The order may have changed: the neighbours before and after the move show
                // this page in their previous/next links.
                show.extend(linked.resort_siblings(bi));
            }
            show.extend(linked.bundle_of.get("").copied());
        }
        for s in show {
            for l in &linked.site.config.languages {
                if let Some(o) = linked.output_index(s, &l.code) {
                    targets.insert(o);
                }
            }
        }
    }
    Some(targets.into_iter().collect())
}

/// Updates the edited pages' search documents, reopens the searcher and rewrites the static
/// search bundle from the index; a failure leaves the old documents searchable and is logged.
fn update_search(app: &AppState, live: &Live, state: &SiteState, texts: &[PageText]) {
    let t0 = Instant::now();
    let dir = app.root.join(INDEX_DIR);
    let updated = crate::index::update_documents(&state.linked, texts, &dir).and_then(|()| {
        if let Some(s) = &live.searcher {
            let _ = s.reload();
        }
        update_bundle(app, state, &dir)
    });
    match updated {
        Ok(()) => eprintln!(
            "  search updated after {:.0} ms",
            t0.elapsed().as_secs_f64() * 1000.0
        ),
        Err(e) => eprintln!(
            "warning: search index not updated: {}",
            e.iter()
                .map(|d| d.to_string())
                .collect::<Vec<_>>()
                .join("; ")
        ),
    }
}

/// Rewrites `public/search/` from the updated index, as a build would: new files first, the
/// manifest that names them last, then what it no longer names is removed, on disk and from
/// what the server serves. A folder copied from a preview then searches its current text.
fn update_bundle(app: &AppState, state: &SiteState, dir: &Path) -> Result<(), Diagnostics> {
    let files = crate::index::bundle_of_index(&state.linked, dir)?;
    let folder = format!("{}/", crate::index::bundle::DIR);
    let out = files
        .into_iter()
        .map(|(path, bytes)| OutFile {
            path,
            content: Content::Bytes(bytes),
        })
        .collect();
    let written = crate::write::replace_files(&app.public, out)?;
    let keep: std::collections::HashSet<&str> = written
        .iter()
        .filter_map(|(p, _)| p.strip_prefix(&folder))
        .collect();
    crate::write::prune(&app.public.join(crate::index::bundle::DIR), &keep).map_err(|e| {
        Diagnostics::from(crate::diag::Diagnostic::error(
            &app.public,
            None,
            format!("cannot remove the old search bundle: {e}"),
        ))
    })?;
    if let Some(now) = app.live() {
        app.set_live(Live {
            state: now.state.clone(),
            searcher: now.searcher.clone(),
            files: Arc::new(now.files.with_folder_replaced(&folder, written)),
            errors: now.errors.clone(),
        });
    }
    Ok(())
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
