//! The coordinators' translation dashboard, `public/translations/index.html`: every bundle in
//! every language with its freshness against its original (`link::freshness`), whether a
//! native speaker has checked it (`reviewed`) and when it last changed, so that whoever plans
//! the translators' work sees it at a glance. Like the kiosk overview it is for editors, in the
//! site's default language: not for search engines, the sitemap, search or feeds.

use super::Renderer;
use super::special::Generated;
use crate::link::freshness::{self, Entry, Status};
use crate::model::strings::Strings;
use crate::util::text::escape_html;

/// Where the dashboard is written in the output.
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

impl Renderer<'_> {
    /// Adds the dashboard to the generated files.
    pub(super) fn translations_dashboard(&self, out: &mut Generated) {
        let lang = self.linked.site.config.default_language.clone();
        let entries = freshness::report(self.linked);
        let t = self.t(&lang);
        let mut rows = String::new();
        let per_bundle = self.linked.site.config.languages.len().max(1);
        for group in entries.chunks(per_bundle) {
            for (i, e) in group.iter().enumerate() {
                let first = (i == 0).then(|| self.bundle_cell(&lang, e.bundle, group.len()));
                rows.push_str(&self.entry_row(t, e, first.as_deref()));
            }
        }
        out.text(
            DASHBOARD_PATH.into(),
            page(&lang, t, &summary(t, &entries), &rows),
        );
        out.text(STYLE_PATH.into(), STYLE.into());
    }

    /// The cell naming a bundle: its title in `lang` linked to its page, and its folder.
    fn bundle_cell(&self, lang: &str, bundle: usize, rows: usize) -> String {
        let e = escape_html;
        let b = &self.linked.bundles[bundle];
        let folder = if b.path.is_empty() { "/" } else { &b.path };
        let link = self.linked.output(bundle, lang).map(|o| {
            let title = &self.linked.page(o).meta.title;
            format!("<a href=\"{}\">{}</a><br>", e(&o.url), e(title))
        });
        format!(
            "<th scope=\"row\" rowspan=\"{rows}\">{}<code>{}</code></th>",
            link.unwrap_or_default(),
            e(folder)
        )
    }

    /// One bundle in one language: status (with what changed), review state, last change.
    fn entry_row(&self, t: &Strings, e: &Entry, first: Option<&str>) -> String {
        let esc = escape_html;
        let page = e.page.map(|p| &self.linked.site.pages[p]);
        let mut status = esc(t.get(&format!("translations_{}", e.status.name())));
        if e.urgent() {
            status.push_str(&format!(" <b>{}</b>", esc(t.get("translations_urgent"))));
        }
        if let Some(changes) = e.changes.as_ref().filter(|c| !c.is_empty()) {
            status.push_str("<ul>");
            for c in changes.iter().take(CHANGES_SHOWN) {
                status.push_str(&format!("<li>{}</li>", esc(&freshness::describe(c))));
            }
            status.push_str("</ul>");
        }
        let translation = !matches!(e.status, Status::Original | Status::Missing);
        let review = match page.map(|p| p.meta.reviewed) {
            Some(Some(true)) if translation => t.get("translations_reviewed"),
            Some(_) if translation => t.get("translations_not_reviewed"),
            _ => "—",
        };
        let changed = page
            .and_then(|p| p.meta.updated.or(p.meta.date))
            .map_or_else(|| "—".to_string(), |d| d.to_string());
        let urgent = if e.urgent() { " urgent" } else { "" };
        format!(
            "<tr class=\"{name}{urgent}\">{first}<td>{lang}</td><td class=\"status\" data-status=\"{name}\">{status}</td><td>{review}</td><td>{changed}</td></tr>\n",
            name = e.status.name(),
            first = first.unwrap_or(""),
            lang = esc(&e.lang),
            review = esc(review),
        )
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

/// The whole page around the table's rows.
fn page(lang: &str, t: &Strings, summary: &str, rows: &str) -> String {
    let e = escape_html;
    format!(
        r#"<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>{title}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/{STYLE_PATH}">
</head>
<body>
<h1>{title}</h1>
<p>{intro}</p>
<p><strong>{summary}</strong></p>
<table>
<thead><tr><th scope="col">{page}</th><th scope="col">{language}</th><th scope="col">{status}</th><th scope="col">{review}</th><th scope="col">{changed}</th></tr></thead>
<tbody>
{rows}</tbody>
</table>
</body>
</html>
"#,
        lang = e(lang),
        title = e(t.get("translations_title")),
        intro = e(t.get("translations_intro")),
        summary = e(summary),
        page = e(t.get("translations_page")),
        language = e(t.get("translations_language")),
        status = e(t.get("translations_status")),
        review = e(t.get("translations_review")),
        changed = e(t.get("translations_changed")),
    )
}
