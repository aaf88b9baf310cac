//! The coordinators' translation dashboard, `public/<lang>/translations/index.html` in every
//! language (and `public/translations/index.html` in the site's default one): every bundle in
//! every language with its freshness against its original (`link::freshness`), whether a
//! native speaker has checked it (`reviewed`) and when it last changed, so that whoever plans
//! the translators' work sees it at a glance. The page is the theme's `translations.html`.
//! Like the kiosk overview it is for editors: not for search engines, the sitemap, search or
//! feeds.

use serde::Serialize;

use super::Renderer;
use super::special::Generated;
use crate::link::freshness::{self, Entry, Status};
use crate::model::strings::Strings;

/// Where the dashboard is written in the output for the site's default language; the other
/// languages' are under `<lang>/`.
pub(crate) const DASHBOARD_PATH: &str = "translations/index.html";

/// Its stylesheet, a file of its own: the portal's Content-Security-Policy allows no inline
/// styles outside the kiosk players.
const STYLE_PATH: &str = "translations/dashboard.css";

const STYLE: &str = "body{font-family:system-ui,\"DejaVu Sans\",sans-serif;margin:1.5rem;color:#111;background:#f4f6f8}
table{border-collapse:collapse;background:#fff}
th,td{border:1px solid #cfd8df;padding:.3rem .5rem;text-align:left;vertical-align:top}
th[scope=row]{font-weight:normal}
code{color:#555;font-size:.85em}
ul{margin:.2rem 0;padding-left:1.2rem;font-size:.85em}
.stale .status{background:#fff3cd}
.urgent .status{background:#f8d7da}
.urgent b{color:#9b1111}
.missing .status,.orphan .status,.unrecorded .status{background:#e9ecef}
.fresh .status{color:#1b5e20}
";

/// Changes listed under a stale translation; `sapar check` lists them all.
const CHANGES_SHOWN: usize = 5;

/// The template's context.
#[derive(Serialize)]
struct Dashboard<'a> {
    lang: &'a str,
    t: &'a std::collections::BTreeMap<String, String>,
    style: &'static str,
    /// Every language's dashboard, for the links between them.
    languages: &'a [LanguageLink<'a>],
    summary: String,
    rows: Vec<Row<'a>>,
}

#[derive(Serialize)]
struct LanguageLink<'a> {
    code: &'a str,
    name: &'a str,
    url: String,
}

/// One bundle in one language; the first row of a bundle names it.
#[derive(Serialize)]
struct Row<'a> {
    bundle: Option<BundleCell<'a>>,
    lang: &'a str,
    status: &'static str,
    label: &'a str,
    urgent: bool,
    changes: Vec<String>,
    review: &'a str,
    changed: String,
}

#[derive(Serialize)]
struct BundleCell<'a> {
    rows: usize,
    title: Option<&'a str>,
    url: Option<&'a str>,
    folder: &'a str,
}

impl Renderer<'_> {
    /// Adds the dashboard in every language to the generated files.
    pub(super) fn translations_dashboard(&self, out: &mut Generated) {
        if !self.theme.has("translations.html") {
            return;
        }
        let config = &self.linked.site.config;
        let entries = freshness::report(self.linked);
        let languages: Vec<LanguageLink> = config
            .languages
            .iter()
            .map(|l| LanguageLink {
                code: &l.code,
                name: &l.name,
                url: format!("/{}/translations/", l.code),
            })
            .collect();
        for l in &config.languages {
            let html = self.dashboard_html(&l.code, &entries, &languages);
            if l.code == config.default_language {
                out.page(DASHBOARD_PATH.into(), html.clone());
            }
            out.page(format!("{}/{DASHBOARD_PATH}", l.code), html);
        }
        out.text(STYLE_PATH.into(), STYLE.into());
    }

    fn dashboard_html(
        &self,
        lang: &str,
        entries: &[Entry],
        languages: &[LanguageLink<'_>],
    ) -> Result<String, crate::diag::Diagnostic> {
        let t = self.t(lang);
        let per_bundle = self.linked.site.config.languages.len().max(1);
        let mut rows = Vec::with_capacity(entries.len());
        for group in entries.chunks(per_bundle) {
            for (i, e) in group.iter().enumerate() {
                let first = (i == 0).then(|| self.bundle_cell(lang, e.bundle, group.len()));
                rows.push(self.entry_row(t, e, first));
            }
        }
        let cx = Dashboard {
            lang,
            t: &t.text,
            style: STYLE_PATH,
            languages,
            summary: summary(t, entries),
            rows,
        };
        let path = format!("{lang}/{DASHBOARD_PATH}");
        self.render_template("translations.html", &cx, std::path::Path::new(&path))
    }

    /// The cell naming a bundle: its title in `lang` linked to its page, and its folder.
    fn bundle_cell(&self, lang: &str, bundle: usize, rows: usize) -> BundleCell<'_> {
        let b = &self.linked.bundles[bundle];
        let output = self.linked.output(bundle, lang);
        BundleCell {
            rows,
            title: output.map(|o| self.linked.page(o).meta.title.as_str()),
            url: output.map(|o| o.url.as_str()),
            folder: if b.path.is_empty() { "/" } else { &b.path },
        }
    }

    /// One bundle in one language: status (with what changed), review state, last change.
    fn entry_row<'a>(
        &'a self,
        t: &'a Strings,
        e: &'a Entry,
        first: Option<BundleCell<'a>>,
    ) -> Row<'a> {
        let page = e.page.map(|p| &self.linked.site.pages[p]);
        let translation = !matches!(e.status, Status::Original | Status::Missing);
        let review = match page.map(|p| p.meta.reviewed) {
            Some(Some(true)) if translation => t.get("translations_reviewed"),
            Some(_) if translation => t.get("translations_not_reviewed"),
            _ => "—",
        };
        Row {
            bundle: first,
            lang: &e.lang,
            status: e.status.name(),
            label: t
                .text
                .get(&format!("translations_{}", e.status.name()))
                .map_or(e.status.name(), String::as_str),
            urgent: e.urgent(),
            changes: e
                .changes
                .iter()
                .flatten()
                .take(CHANGES_SHOWN)
                .map(freshness::describe)
                .collect(),
            review,
            changed: page
                .and_then(|p| p.meta.updated.or(p.meta.date))
                .map_or_else(|| "—".to_string(), |d| d.to_string()),
        }
    }
}

/// The line counting each status.
fn summary(t: &Strings, entries: &[Entry]) -> String {
    let count = |s: Status| entries.iter().filter(|e| e.status == s).count().to_string();
    let urgent = entries.iter().filter(|e| e.urgent()).count().to_string();
    t.fill(
        "translations_summary",
        &[
            ("fresh", &count(Status::Fresh)),
            ("stale", &count(Status::Stale)),
            ("urgent", &urgent),
            ("missing", &count(Status::Missing)),
            ("orphan", &count(Status::Orphan)),
            ("unrecorded", &count(Status::Unrecorded)),
        ],
    )
}
