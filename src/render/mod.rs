//! Render: Markdown and Tera templates into files, in parallel, from the linked site and the
//! theme the load stage read. Pure: it touches no file; pages go to memory or to the [`Sink`]
//! it is given.
//!
//! Templates receive plain, fully computed data (see docs/templates.md and view.rs): URLs,
//! formatted dates, notices already in the reader's language. Keeping logic out of templates
//! keeps the theme editable by people who are not programmers.

pub(crate) mod admin;
mod assets;
mod base;
mod checks;
mod directory;
mod feeds;
#[cfg(test)]
mod fixture;
mod history;
mod listing;
pub(crate) mod markdown;
mod offline;
mod page;
mod special;
mod theme;
mod translations;
pub(crate) use history::{HistoryView, Version, Words, history_page};
mod view;

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use rayon::prelude::*;
use serde::Serialize;

use crate::diag::{Diagnostic, Diagnostics};
use crate::link::Linked;
use crate::model::contact::ContactView;
use crate::model::output::{Content, OutFile, PageText, Sink};
use crate::model::strings::Strings;

pub(crate) use theme::Theme;

pub(crate) struct RenderedSite {
    pub(crate) files: Vec<OutFile>,
    /// The pages' text when no `on_page` took it. The build hands pages to the indexer and
    /// `sapar check` needs no text since render checks anchors and alt text itself; the
    /// render tests read it.
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) pages: Vec<PageText>,
    /// Pages built per language, fallbacks included.
    pub(crate) counts: BTreeMap<String, usize>,
}

/// The bundle of the hotline page: linked from every page's footer and kept offline.
const HOTLINE_BUNDLE: &str = "hotline";

/// Where a page sits, for the menu and the language switcher.
#[derive(Clone, Copy)]
enum At<'a> {
    /// A content page: its bundle and URL.
    Page(usize, &'a str),
    /// A generated page at `/<lang>/<suffix>` in every language (`search/`, `offline/`);
    /// `""` is the home page.
    Special(&'a str),
}

/// A search results page, rendered on request by the server with the same theme as the site.
/// `results` are shown as given; `message` explains an empty or refused query.
pub(crate) fn search_page(
    linked: &Linked,
    strings: &BTreeMap<String, Strings>,
    theme: &Theme,
    lang: &str,
    query: &str,
    results: &crate::model::results::Results,
    message: &str,
) -> Result<String, Diagnostic> {
    Renderer::new(linked, strings, theme).search_html(lang, query, results, message)
}

/// What the sign-in page of production editing shows (`admin-login.html`).
#[derive(Serialize)]
pub(crate) struct SigninPage<'a> {
    pub(crate) lang: &'a str,
    /// The languages the editor may choose: code and name in that language.
    pub(crate) languages: Vec<(&'a str, &'a str)>,
    /// The message after a refused sign-in, in the editor's language; empty at first.
    pub(crate) message: String,
    /// The name typed, kept after a wrong password.
    pub(crate) name: &'a str,
}

/// The sign-in page of `sapar serve --no-watch` with `[editing] backend = "sapar"`.
pub(crate) fn signin_page(
    strings: &BTreeMap<String, Strings>,
    theme: &Theme,
    page: &SigninPage<'_>,
) -> Result<String, Diagnostic> {
    let empty = BTreeMap::new();
    let t = strings.get(page.lang).map_or(&empty, |s| &s.text);
    let mut cx = tera::Context::from_serialize(page)
        .map_err(|e| Diagnostic::error("admin-login.html", None, theme::tera_message(&e)))?;
    cx.insert("t", t);
    theme.tera.render("admin-login.html", &cx).map_err(|e| {
        Diagnostic::error(
            format!("{}/admin-login.html", theme.rel_templates),
            None,
            format!(
                "while rendering the sign-in page: {}",
                theme::tera_message(&e)
            ),
        )
    })
}

/// Re-rendered pages with their text, and the site-wide files (sitemap, feeds) when asked for.
pub(crate) type Partial = (Vec<(OutFile, PageText)>, Vec<OutFile>);

/// Renders only the given outputs (indices into `linked.outputs`), for incremental rebuilds in
/// watch mode.
pub(crate) fn render_some(
    linked: &Linked,
    strings: &BTreeMap<String, Strings>,
    theme: &Theme,
    outputs: &[usize],
    with_special: bool,
) -> Result<Partial, Diagnostics> {
    let r = Renderer::new(linked, strings, theme);
    let results: Vec<_> = outputs
        .par_iter()
        .map(|&i| r.render_output(&linked.outputs[i]))
        .collect();
    let mut diags = Diagnostics::default();
    let mut out = Vec::with_capacity(results.len());
    for res in results {
        match res {
            Ok(x) => out.push(x),
            Err(ds) => diags.extend(ds),
        }
    }
    let mut special = Vec::new();
    let files = if with_special {
        r.special_files()
    } else {
        // An edit of any page's text can make its translations stale or fresh: the dashboard
        // is rendered again after every edit, or it says "up to date" beside the page's notice.
        r.dashboard_files()
    };
    match files {
        Ok(f) => special = f,
        Err(ds) => diags.extend(ds),
    }
    if diags.has_errors() {
        Err(diags)
    } else {
        Ok((out, special))
    }
}

/// A rendered page, its language, its text unless that was handed to [`OnPage`], and its bytes
/// when they went to the sink but the offline list needs them.
type HandedOver = (OutFile, String, Option<PageText>, Option<Vec<u8>>);

/// Called with each page's text as soon as it is rendered, from the rendering threads (the build
/// feeds the search index this way while the rest of the site renders). Texts handed over are
/// not kept in [`RenderedSite::pages`]: on a 30,000-page site they were 100 MB held to the end.
pub(crate) type OnPage<'a> = dyn Fn(&PageText) -> Result<(), Diagnostic> + Sync + 'a;

/// Renders the whole site. With `sink`, each page is handed to it as soon as it is rendered
/// and comes back as [`Content::Written`].
pub(crate) fn render(
    linked: &Linked,
    strings: &BTreeMap<String, Strings>,
    theme: &Theme,
    sink: Option<&dyn Sink>,
    on_page: Option<&OnPage<'_>>,
    diags: &mut Diagnostics,
) -> Result<RenderedSite, Diagnostics> {
    let (site, found) = render_site(linked, strings, theme, sink, on_page)?;
    diags.extend(found);
    Ok(site)
}

/// [`render`], with its findings beside the pages.
fn render_site(
    linked: &Linked,
    strings: &BTreeMap<String, Strings>,
    theme: &Theme,
    sink: Option<&dyn Sink>,
    on_page: Option<&OnPage<'_>>,
) -> Result<(RenderedSite, Diagnostics), Diagnostics> {
    let r = Renderer::new(linked, strings, theme);
    let mut diags = Diagnostics::default();
    // The offline list's version hashes these pages' bytes: they are kept when the rest go to
    // the sink (a few dozen pages; the list used to read them back from disk).
    let offline = r.offline_paths();
    let results: Vec<Result<(HandedOver, checks::Found), Vec<Diagnostic>>> = linked
        .outputs
        .par_iter()
        .map(|o| {
            let (f, text) = r.render_output(o)?;
            let found = checks::Found::of(&text);
            Ok((hand_over(f, text, sink, on_page, &offline)?, found))
        })
        .collect();
    let mut found = Vec::with_capacity(results.len());
    let mut files = Vec::with_capacity(results.len() + 64);
    let mut pages = Vec::with_capacity(results.len());
    let mut counts = BTreeMap::new();
    let mut kept = BTreeMap::new();
    for res in results {
        match res {
            Ok(((f, lang, p, bytes), checked)) => {
                found.push(checked);
                *counts.entry(lang).or_insert(0) += 1;
                if let Some(b) = bytes {
                    kept.insert(f.path.clone(), b);
                }
                files.push(f);
                pages.extend(p);
            }
            Err(ds) => diags.extend(ds),
        }
    }
    checks::check(linked, &found, &mut diags);
    match r.special_files() {
        Ok(f) => files.extend(f),
        Err(ds) => diags.extend(ds),
    }
    files.extend(r.asset_files());
    if let Some(f) = r.precache_file(&files, &kept) {
        files.push(f);
    }
    if diags.has_errors() {
        return Err(diags);
    }
    let site = RenderedSite {
        files,
        pages,
        counts,
    };
    Ok((site, diags))
}

/// Passes a rendered page on: its text to `on_page`, its bytes to `sink` (keeping a copy when
/// the offline list hashes them).
fn hand_over(
    f: OutFile,
    text: PageText,
    sink: Option<&dyn Sink>,
    on_page: Option<&OnPage<'_>>,
    offline: &HashSet<String>,
) -> Result<HandedOver, Vec<Diagnostic>> {
    let lang = text.lang.clone();
    let text = match on_page {
        Some(hand_over) => {
            hand_over(&text).map_err(|d| vec![d])?;
            None
        }
        None => Some(text),
    };
    match (sink, f.content) {
        (Some(w), Content::Bytes(b)) => {
            let kept = offline.contains(&f.path).then(|| b.clone());
            let at = w.put(&f.path, b).map_err(|d| vec![d])?;
            let written = OutFile {
                path: f.path,
                content: Content::Written(at),
            };
            Ok((written, lang, text, kept))
        }
        (_, content) => {
            let f = OutFile {
                path: f.path,
                content,
            };
            Ok((f, lang, text, None))
        }
    }
}

/// The output file of a site path: `/ky/` is `ky/index.html`.
fn out_path(url: &str) -> String {
    let trimmed = url.trim_start_matches('/');
    if trimmed.is_empty() || trimmed.ends_with('/') {
        format!("{trimmed}index.html")
    } else {
        trimmed.to_string()
    }
}

/// What every part of rendering reads: the linked site, the UI strings and the theme.
struct Renderer<'a> {
    linked: &'a Linked,
    strings: &'a BTreeMap<String, Strings>,
    theme: &'a Theme,
}

impl<'a> Renderer<'a> {
    fn new(
        linked: &'a Linked,
        strings: &'a BTreeMap<String, Strings>,
        theme: &'a Theme,
    ) -> Renderer<'a> {
        Renderer {
            linked,
            strings,
            theme,
        }
    }

    fn t(&self, lang: &str) -> &Strings {
        static EMPTY: std::sync::OnceLock<Strings> = std::sync::OnceLock::new();
        self.strings
            .get(lang)
            .unwrap_or_else(|| EMPTY.get_or_init(Strings::default))
    }

    fn fmt_date(&self, lang: &str, d: Option<crate::model::date::Date>) -> (String, String) {
        match d {
            Some(d) => (self.t(lang).format_date(&d), d.to_string()),
            None => (String::new(), String::new()),
        }
    }

    fn lang_name(&self, code: &str) -> String {
        self.linked
            .site
            .config
            .language(code)
            .map(|l| l.name.clone())
            .unwrap_or_else(|| code.to_string())
    }

    fn order(&self, lang: &str) -> Vec<String> {
        self.linked
            .site
            .config
            .language(lang)
            .map(|l| l.fallback.clone())
            .unwrap_or_default()
    }

    fn contact_views(&self, lang: &str, ids: impl Iterator<Item = String>) -> Vec<ContactView> {
        let order = self.order(lang);
        let t = self.t(lang);
        let fmt = |d: &crate::model::date::Date| t.format_date(d);
        let mut seen = HashSet::new();
        ids.filter(|id| seen.insert(id.clone()))
            .filter_map(|id| self.linked.site.contacts.iter().find(|c| c.id == id))
            .map(|c| c.view(lang, &order, &fmt))
            .collect()
    }

    fn section_bundle(&self, name: &str) -> Option<usize> {
        self.linked
            .bundle_of
            .get(name)
            .copied()
            .filter(|&b| self.linked.bundles[b].is_section)
    }

    /// The short label of a menu item or section: `menu_<id>` from the UI strings when the
    /// theme has one, else the section page's own (often long) title.
    fn short_label(&self, lang: &str, id: &str, title: &str) -> String {
        self.t(lang)
            .text
            .get(&format!("menu_{id}"))
            .cloned()
            .unwrap_or_else(|| title.to_string())
    }

    /// The URL of the hotline page (the `hotline` bundle) in a language, if the site has one.
    fn hotline_url(&self, lang: &str) -> Option<String> {
        let b = *self.linked.bundle_of.get(HOTLINE_BUNDLE)?;
        self.linked.output(b, lang).map(|o| o.url.clone())
    }

    /// Renders a template with a context from view.rs; errors name the template and the file
    /// being rendered.
    fn render_template(
        &self,
        name: &str,
        cx: &impl Serialize,
        file: &Path,
    ) -> Result<String, Diagnostic> {
        self.theme.render(name, cx, file)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn out_paths() {
        assert_eq!(out_path("/ky/"), "ky/index.html");
        assert_eq!(out_path("/old.html"), "old.html");
        assert_eq!(out_path("/"), "index.html");
    }
}
