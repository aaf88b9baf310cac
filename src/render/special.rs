//! Generated pages with no Markdown behind them: the root language chooser, the 404 pages, the
//! search pages (also rendered on request by the server), redirects from aliases; and the list
//! of every site-wide file, these with the offline pages, the sitemap and the feeds.

use std::path::Path;

use super::view::{
    Alternate, Choice, ChooserContext, Hit, Link, PlainContext, PlainPage, SearchContext,
};
use super::{At, Renderer, out_path};
use crate::diag::Diagnostic;
use crate::model::config::SectionKind;
use crate::model::output::{Content, OutFile};
use crate::model::results::Results;
use crate::util::text::escape_html;

/// Site-wide files as they are made, and the template errors met on the way (all reported at
/// once, like page errors).
#[derive(Default)]
pub(super) struct Generated {
    pub(crate) files: Vec<OutFile>,
    pub(crate) errs: Vec<Diagnostic>,
}

impl Generated {
    pub(crate) fn text(&mut self, path: String, s: String) {
        self.files.push(OutFile {
            path,
            content: Content::Bytes(s.into_bytes()),
        });
    }

    pub(crate) fn page(&mut self, path: String, html: Result<String, Diagnostic>) {
        match html {
            Ok(s) => self.text(path, s),
            Err(e) => self.errs.push(e),
        }
    }
}

impl Renderer<'_> {
    /// Every file of the site that is not a content page or a copied file.
    pub(super) fn special_files(&self) -> Result<Vec<OutFile>, Vec<Diagnostic>> {
        let languages = &self.linked.site.config.languages;
        let mut out = Generated::default();
        // Root language chooser: plain links, works without JavaScript.
        if self.theme.has("chooser.html") {
            out.page("index.html".into(), self.chooser_html());
        }
        // 404 per language, and one at the root for servers that want a single file.
        if self.theme.has("404.html") {
            self.not_found_pages(&mut out);
        }
        // The page a service worker shows when a page is not saved and there is no network;
        // it lists what is saved.
        if self.theme.has("offline.html") {
            for l in languages {
                out.page(self.offline_path(&l.code), self.offline_html(&l.code));
            }
        }
        // A search page per language (the server answers the query; the page holds the form).
        if self.theme.has("search.html") {
            let none = Results::default();
            for l in languages {
                let path = format!("{}/search/index.html", l.code);
                out.page(path, self.search_html(&l.code, "", &none, ""));
            }
        }
        self.redirects(&mut out);
        self.crawler_files(&mut out);
        // For coordinators, like the kiosk overview.
        self.translations_dashboard(&mut out);
        if out.errs.is_empty() {
            Ok(out.files)
        } else {
            Err(out.errs)
        }
    }

    /// The translation dashboard's files alone (watch mode, after an edit of a page's text).
    pub(super) fn dashboard_files(&self) -> Result<Vec<OutFile>, Vec<Diagnostic>> {
        let mut out = Generated::default();
        self.translations_dashboard(&mut out);
        if out.errs.is_empty() {
            Ok(out.files)
        } else {
            Err(out.errs)
        }
    }

    /// `/`: the site's title in every language, each linking to its home page.
    fn chooser_html(&self) -> Result<String, Diagnostic> {
        let config = &self.linked.site.config;
        let titles: Vec<&str> = config.languages.iter().map(|l| l.title.as_str()).collect();
        let title = titles.join(" · ");
        let mut page = self.plain_page(&title, &config.default_language, "");
        page.url = "/".into();
        page.permalink = config.permalink("/");
        page.canonical = config.permalink("/");
        page.is_home = true;
        page.breadcrumbs = Vec::new();
        if let Some(x) = page.alternates.last_mut() {
            x.url = config.permalink("/");
        }
        let choices = config
            .languages
            .iter()
            .map(|l| {
                let t = self.t(&l.code);
                Choice {
                    code: &l.code,
                    name: &l.name,
                    title: &l.title,
                    description: &l.description,
                    url: format!("/{}/", l.code),
                    choose: t.get("choose_language"),
                    hotline: t.get("hotline_short"),
                }
            })
            .collect();
        let cx = ChooserContext {
            base: self.base_context(&config.default_language, At::Special("")),
            page,
            choices,
        };
        self.render_template("chooser.html", &cx, Path::new("/"))
    }

    fn not_found_pages(&self, out: &mut Generated) {
        let config = &self.linked.site.config;
        for l in &config.languages {
            let cx = PlainContext {
                base: self.base_context(&l.code, At::Special("")),
                page: self.unlisted_page(
                    self.t(&l.code).get("not_found_title"),
                    &l.code,
                    "404.html",
                ),
            };
            match self.render_template("404.html", &cx, Path::new("404.html")) {
                Ok(s) => {
                    if l.code == config.default_language {
                        out.text("404.html".into(), s.clone());
                    }
                    out.text(format!("{}/404.html", l.code), s);
                }
                Err(e) => out.errs.push(e),
            }
        }
    }

    /// A page at every old address (`aliases` in front matter) sending the reader on.
    fn redirects(&self, out: &mut Generated) {
        let config = &self.linked.site.config;
        for a in &self.linked.aliases {
            out.text(
                out_path(&a.from),
                redirect_html(&config.permalink(&a.to), &a.to),
            );
        }
    }

    /// The page context of a generated page that has no Markdown behind it (404, search,
    /// offline) at `/<lang>/<suffix>`, with every key base.html reads so templates need no
    /// `is defined` guards. Every language has the page, so each is an alternate.
    pub(super) fn plain_page<'b>(
        &'b self,
        title: &'b str,
        lang: &'b str,
        suffix: &str,
    ) -> PlainPage<'b> {
        let config = &self.linked.site.config;
        let url = format!("/{lang}/{suffix}");
        let alternate = |hreflang: &str, code: &str| Alternate {
            hreflang: hreflang.to_string(),
            url: config.permalink(&format!("/{code}/{suffix}")),
        };
        let mut alternates: Vec<Alternate> = config
            .languages
            .iter()
            .map(|l| alternate(&l.code, &l.code))
            .collect();
        alternates.push(alternate("x-default", &config.default_language));
        let locale_alternates = config
            .languages
            .iter()
            .filter(|l| l.code != lang)
            .map(|l| l.locale.as_str())
            .collect();
        PlainPage {
            title,
            description: "",
            permalink: config.permalink(&url),
            canonical: config.permalink(&url),
            url,
            alternates,
            bundle: "",
            section: "",
            kind: SectionKind::Page,
            is_section: false,
            is_home: false,
            lang,
            content_lang: lang,
            is_fallback: false,
            notice_fallback: "",
            needs_review: false,
            outdated: false,
            original: None,
            locale_alternates,
            noindex: false,
            date: "",
            updated: "",
            content: "",
            toc: Vec::new(),
            sources: Vec::new(),
            contacts: Vec::new(),
            breadcrumbs: vec![Link {
                title: self.t(lang).get("home").to_string(),
                url: format!("/{lang}/"),
            }],
        }
    }

    /// A generated page that search engines should not list and that has no language
    /// versions worth linking (404, offline): no canonical, no alternates, no breadcrumbs.
    pub(super) fn unlisted_page<'b>(
        &'b self,
        title: &'b str,
        lang: &'b str,
        suffix: &str,
    ) -> PlainPage<'b> {
        PlainPage {
            noindex: true,
            canonical: String::new(),
            alternates: Vec::new(),
            breadcrumbs: Vec::new(),
            ..self.plain_page(title, lang, suffix)
        }
    }

    /// The search page of a language, with the results of `query` when it is not empty.
    pub(super) fn search_html(
        &self,
        lang: &str,
        query: &str,
        results: &Results,
        message: &str,
    ) -> Result<String, Diagnostic> {
        let searched = !query.trim().is_empty();
        let hits = results
            .hits
            .iter()
            .map(|h| Hit {
                url: &h.url,
                title: &h.title,
                lang: &h.lang,
                lang_name: self.lang_name(&h.lang),
                other_lang: h.lang != lang,
                snippet: &h.snippet,
                kind: &h.kind,
                section: &h.section,
            })
            .collect();
        let cx = SearchContext {
            base: self.base_context(lang, At::Special("search/")),
            page: PlainPage {
                // Results pages are answers, not documents: not for search engines' indexes.
                noindex: searched,
                ..self.plain_page(self.t(lang).get("search"), lang, "search/")
            },
            query,
            results: hits,
            total: results.total,
            searched,
            message,
        };
        self.render_template("search.html", &cx, Path::new("search.html"))
    }
}

/// A redirect that works without JavaScript and tells search engines where the page went.
pub(crate) fn redirect_html(permalink: &str, to: &str) -> String {
    let p = escape_html(permalink);
    let t = escape_html(to);
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Redirect</title><link rel=\"canonical\" href=\"{p}\"><meta name=\"robots\" content=\"noindex\"><meta http-equiv=\"refresh\" content=\"0; url={t}\"></head><body><p><a href=\"{t}\">{p}</a></p></body></html>\n"
    )
}

#[cfg(test)]
mod tests {
    use super::super::fixture::{linked, pages, render_site, text, theme_files};
    use super::*;
    use crate::model::site::Ref;

    const PLAIN: &str = "{{ page.url }} noindex={{ page.noindex }} \
        canonical={{ page.canonical }} alternates={{ page.alternates | length }} \
        crumbs={{ page.breadcrumbs | length }} home={{ page.is_home }}";

    #[test]
    fn generated_pages_and_redirects() {
        let mut files = theme_files(&[]);
        for name in ["404.html", "chooser.html", "search.html"] {
            files.templates.push((name.into(), PLAIN.into()));
        }
        let theme = crate::render::Theme::new(files).expect("a theme");
        let mut all = pages();
        all[3].meta.aliases = vec![Ref {
            value: "/ky/russia".into(),
            line: 2,
        }];
        let linked = linked(all);
        let site = render_site(&linked, &theme, None);
        let base = "https://portal.example.kg";
        assert_eq!(
            text(&site, "ru/404.html"),
            "/ru/404.html noindex=true canonical= alternates=0 crumbs=0 home=false"
        );
        assert_eq!(text(&site, "404.html"), text(&site, "ky/404.html"));
        assert_eq!(
            text(&site, "ky/search/index.html"),
            format!(
                "/ky/search/ noindex=false canonical={base}/ky/search/ alternates=3 crumbs=1 home=false"
            )
        );
        // A page of results is an answer, not a document.
        let strings = Default::default();
        let results = Results::default();
        let answer =
            crate::render::search_page(&linked, &strings, &theme, "ky", "виза", &results, "");
        assert!(answer.is_ok_and(|s| s.contains("noindex=true")));
        assert_eq!(
            text(&site, "index.html"),
            format!("/ noindex=false canonical={base}/ alternates=3 crumbs=0 home=true")
        );
        assert_eq!(
            text(&site, "ky/russia/index.html"),
            redirect_html(&format!("{base}/ky/guides/russia/"), "/ky/guides/russia/")
        );
    }
}
