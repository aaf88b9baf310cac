//! Content pages: one page's Markdown rendered and its template context built from its front
//! matter, then the page template chosen by kind and rendered, with the text for the index.

use super::directory::json_ld;
use super::markdown::{self, Rendered};
use super::view::{Alternate, Link, Original, PageContext, PageView, Question, QuickFact, Source};
use super::{At, Renderer, out_path};
use crate::diag::Diagnostic;
use crate::link::Output;
use crate::model::config::SectionKind;
use crate::model::contact::ContactView;
use crate::model::output::{Content, OutFile, PageText};
use crate::model::site::{PageSource, Quiz};
use crate::util::text::summarize;

impl Renderer<'_> {
    /// One page of one language: its HTML, and its text for the search index and checks.
    pub(super) fn render_output(&self, o: &Output) -> Result<(OutFile, PageText), Vec<Diagnostic>> {
        let linked = self.linked;
        let p: &PageSource = linked.page(o);
        let bundle = &linked.bundles[o.bundle];
        let md = self.markdown(o, p)?;
        let description = p
            .meta
            .description
            .clone()
            .unwrap_or_else(|| summarize(&md.text, 160));
        let page = self.page_view(o, &md, &description);
        let is_fallback = page.is_fallback;
        let is_directory = bundle.kind == SectionKind::Directory && bundle.is_section;
        let contacts = if is_directory {
            self.all_contacts(&o.lang)
        } else {
            Vec::new()
        };
        let directory = is_directory.then(|| self.directory(&o.lang, &contacts));
        let cx = PageContext {
            base: self.base_context(&o.lang, At::Page(o.bundle, &o.url)),
            page,
            pages: bundle.is_section.then(|| self.children(o.bundle, &o.lang)),
            sections: bundle.path.is_empty().then(|| self.sections(&o.lang)),
            json_ld: directory
                .as_ref()
                .map(|d| json_ld(&self.directory_json_ld(&o.lang, &o.url, d))),
            directory,
        };
        let html = self
            .render_template(&self.template_for(o), &cx, &p.file)
            .map_err(|d| vec![d])?;
        let text = PageText {
            url: o.url.clone(),
            lang: o.lang.clone(),
            section: bundle.section.clone(),
            bundle: bundle.path.clone(),
            title: p.meta.title.clone(),
            description,
            headings: md.headings,
            text: md.text,
            links: md.links,
            images_without_alt: md.images_without_alt,
            file: p.file.clone(),
            country: p.meta.country.clone(),
            is_fallback,
        };
        let file = OutFile {
            path: out_path(&o.url),
            content: Content::Bytes(html.into_bytes()),
        };
        Ok((file, text))
    }

    /// The page's Markdown as HTML, with `@/` links resolved in the reader's language; errors
    /// point at the page's file and line.
    fn markdown(&self, o: &Output, p: &PageSource) -> Result<Rendered, Vec<Diagnostic>> {
        let linked = self.linked;
        let t = self.t(&o.lang);
        let resolve = |target: &str| linked.url(target, &o.lang).map(str::to_string);
        let quotes = match (t.text.get("quote_open"), t.text.get("quote_close")) {
            (Some(a), Some(b)) => Some((a.as_str(), b.as_str())),
            _ => None,
        };
        markdown::render(
            &p.body,
            &markdown::Context {
                resolve: &resolve,
                quotes,
                first_line: p.body_line,
                depth: o.url.split('/').filter(|s| !s.is_empty()).count(),
            },
        )
        .map_err(|errs| {
            errs.into_iter()
                .map(|e| {
                    let d = Diagnostic::error(&p.file, Some(e.line), e.message);
                    match e.missing {
                        Some(target) => {
                            let known: Vec<&str> =
                                linked.bundle_of.keys().map(String::as_str).collect();
                            if linked.is_draft(&target) {
                                return crate::link::references::draft_link(&p.file, e.line, &target);
                            }
                            d.pointing_at(target.as_str()).with_hint(
                                match crate::util::suggest::closest(&target, known) {
                                    Some(c) => format!("did you mean `@/{c}`?"),
                                    None => "an `@/` link names a page by its folder under content/, like `@/guides/russia`".into(),
                                },
                            )
                        }
                        None => d,
                    }
                })
                .collect()
        })
    }

    /// The first template the theme has of: `index.html` for the home page, else
    /// `<kind>-section.html` for section pages and `<kind>.html` for pages, then `section.html`
    /// or `page.html`.
    fn template_for(&self, o: &Output) -> String {
        let b = &self.linked.bundles[o.bundle];
        let kind = match b.kind {
            SectionKind::Guide => "guide",
            SectionKind::Module => "module",
            SectionKind::News => "news",
            SectionKind::Directory => "directory",
            SectionKind::Kiosk => "kiosk",
            SectionKind::Page => "page",
        };
        let candidates: Vec<String> = if b.path.is_empty() {
            vec!["index.html".into(), "section.html".into()]
        } else if b.is_section {
            vec![format!("{kind}-section.html"), "section.html".into()]
        } else {
            vec![format!("{kind}.html"), "page.html".into()]
        };
        candidates
            .into_iter()
            .find(|c| self.theme.has(c))
            .unwrap_or_else(|| "page.html".into())
    }

    /// `page` of a content page, from its front matter, its rendered text and where it sits.
    fn page_view<'b>(
        &'b self,
        o: &'b Output,
        md: &'b Rendered,
        description: &'b str,
    ) -> PageView<'b> {
        let linked = self.linked;
        let config = &linked.site.config;
        let p = linked.page(o);
        let bundle = &linked.bundles[o.bundle];
        let is_fallback = p.lang != o.lang;
        let original_url = linked
            .output(o.bundle, &p.lang)
            .map(|x| x.url.as_str())
            .unwrap_or(&o.url);
        let needs_review = p.meta.original.as_ref().is_some_and(|orig| *orig != p.lang)
            && p.meta.reviewed != Some(true);
        let (date, date_iso) = self.fmt_date(&o.lang, p.meta.date);
        let (updated, updated_iso) = self.fmt_date(&o.lang, p.meta.updated);
        let position = self.position(o);
        PageView {
            title: &p.meta.title,
            description,
            url: &o.url,
            permalink: config.permalink(&o.url),
            canonical: config.permalink(if is_fallback { original_url } else { &o.url }),
            bundle: &bundle.path,
            section: &bundle.section,
            kind: bundle.kind,
            is_section: bundle.is_section,
            is_home: bundle.path.is_empty(),
            lang: &o.lang,
            content_lang: &p.lang,
            content_lang_name: self.lang_name(&p.lang),
            is_fallback,
            notice_fallback: if is_fallback {
                self.fallback_notice(&o.lang, &p.lang)
            } else {
                String::new()
            },
            needs_review,
            outdated: crate::link::freshness::status(linked, o.source)
                == crate::link::freshness::Status::Stale,
            original: self.original(o),
            locale_alternates: self.locale_alternates(o),
            noindex: false,
            date,
            date_iso,
            updated,
            updated_iso,
            content: &md.html,
            toc: md.headings.iter().filter(|h| h.level == 2).collect(),
            weight: p.meta.weight,
            country: p.meta.country.as_deref(),
            quick_facts: p
                .meta
                .quick_facts
                .iter()
                .map(|q| QuickFact {
                    label: &q.label,
                    value: &q.value,
                })
                .collect(),
            duration: p.meta.minutes,
            goals: &p.meta.goals,
            checklist: &p.meta.checklist,
            quiz: p.meta.quiz.iter().map(question).collect(),
            sources: self.sources(o),
            contacts: self.page_contacts(o),
            alternates: self
                .alternates(o.bundle)
                .into_iter()
                .map(|(hreflang, url)| Alternate { hreflang, url })
                .collect(),
            breadcrumbs: self.breadcrumbs(o),
            prev: position.prev,
            next: position.next,
            number: position.number,
            total: position.total,
            file: p.file.to_string_lossy().into_owned(),
        }
    }

    /// The notice on a page shown in another language than the reader's.
    fn fallback_notice(&self, lang: &str, content_lang: &str) -> String {
        let t = self.t(lang);
        // "It is shown in Russian" needs the name as the sentence's grammar wants it
        // (орус тилинде, на русском языке), which only the theme's strings know.
        let name = self.lang_name(content_lang);
        let in_language = t
            .text
            .get(&format!("in_language_{content_lang}"))
            .cloned()
            .unwrap_or_else(|| name.clone());
        t.fill(
            "fallback_notice",
            &[("in_language", &in_language), ("language", &name)],
        )
    }

    /// The documents the page cites, from data/sources.toml.
    fn sources<'b>(&'b self, o: &Output) -> Vec<Source<'b>> {
        let linked = self.linked;
        let p = linked.page(o);
        // One entry per document, in the order first cited, with the lines of every reference
        // to it: a guide citing one report twenty times lists it once.
        let mut cited: Vec<(&str, Vec<&str>)> = Vec::new();
        for s in &p.meta.sources {
            let (id, lines) = (s.id.as_str(), s.lines.as_deref().unwrap_or(""));
            match cited.iter_mut().find(|(x, _)| *x == id) {
                Some((_, all)) => all.push(lines),
                None => cited.push((id, vec![lines])),
            }
        }
        let order = self.order(&o.lang);
        cited
            .into_iter()
            .filter_map(|(id, lines)| {
                let (id, doc) = linked.site.sources.get_key_value(id)?;
                let lines: Vec<&str> = lines.into_iter().filter(|l| !l.is_empty()).collect();
                Some(Source {
                    id,
                    title: crate::model::contact::pick(&doc.title, &o.lang, &order),
                    lines: lines.join(", "),
                    file: &doc.file,
                    year: doc.year,
                    url: doc.url.as_deref(),
                })
            })
            .collect()
    }

    /// Contacts named in the page's front matter, then (guides) those serving its country.
    fn page_contacts(&self, o: &Output) -> Vec<ContactView> {
        let linked = self.linked;
        let p = linked.page(o);
        let mut contact_ids: Vec<String> =
            p.meta.contacts.iter().map(|c| c.value.clone()).collect();
        if let Some(country) = &p.meta.country {
            contact_ids.extend(
                linked
                    .site
                    .contacts
                    .iter()
                    .filter(|c| c.in_country(country))
                    .map(|c| c.id.clone()),
            );
        }
        self.contact_views(&o.lang, contact_ids.into_iter())
    }

    /// Breadcrumbs: home, then each section page above this one (by its short menu label
    /// where the theme has one: long section titles make breadcrumbs wrap on a phone).
    fn breadcrumbs(&self, o: &Output) -> Vec<Link> {
        let linked = self.linked;
        let t = self.t(&o.lang);
        let mut crumbs = Vec::new();
        let mut up = linked.bundles[o.bundle].parent;
        while let Some(b) = up {
            if let Some(x) = linked.output(b, &o.lang) {
                let above = &linked.bundles[b];
                let title = if above.path.is_empty() {
                    t.get("home").to_string()
                } else {
                    self.short_label(&o.lang, &above.path, &linked.page(x).meta.title)
                };
                crumbs.push(Link {
                    title,
                    url: x.url.clone(),
                });
            }
            up = linked.bundles[b].parent;
        }
        crumbs.reverse();
        crumbs
    }

    /// The original of a translation, for the "not yet checked" notice to link to.
    fn original<'b>(&'b self, o: &Output) -> Option<Original<'b>> {
        let linked = self.linked;
        let p = linked.page(o);
        let bundle = &linked.bundles[o.bundle];
        p.meta
            .original
            .as_ref()
            .filter(|orig| **orig != p.lang && bundle.translations.contains_key(*orig))
            .and_then(|orig| linked.output(o.bundle, orig))
            .map(|x| Original {
                lang: &x.lang,
                name: self.lang_name(&x.lang),
                url: &x.url,
            })
    }

    /// Open Graph: the locales of the other languages this page has its own text in.
    fn locale_alternates<'b>(&'b self, o: &Output) -> Vec<&'b str> {
        let config = &self.linked.site.config;
        self.linked.bundles[o.bundle]
            .translations
            .keys()
            .filter(|l| **l != o.lang)
            .filter_map(|l| config.language(l).map(|x| x.locale.as_str()))
            .collect()
    }
}

/// A quiz question as templates see it: `answer_text` is the right option's text.
fn question(q: &Quiz) -> Question<'_> {
    Question {
        question: &q.question,
        options: &q.options,
        answer: q.answer,
        answer_text: q
            .answer
            .checked_sub(1)
            .and_then(|i| q.options.get(i))
            .map_or("", String::as_str),
        explain: &q.explain,
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture::{self, linked, pages, render_site, text, theme};
    use super::*;

    #[test]
    fn a_page_renders_with_its_template_and_text() {
        let site = render_site(&linked(pages()), &theme(&[]), None);
        let html = text(&site, "ky/guides/russia/index.html");
        assert_eq!(
            html,
            "Орусия|ky/ky|ky=https://portal.example.kg/ky/guides/russia/ \
             ru=https://portal.example.kg/ru/guides/russia/ \
             x-default=https://portal.example.kg/ky/guides/russia/ |\
             <h2 id=\"виза\">Виза</h2>\n<p>Каттоо <a href=\"/ky/guides/kz/\">Казакстан</a>.</p>\n"
        );
        let p = site
            .pages
            .iter()
            .find(|p| p.url == "/ky/guides/russia/")
            .expect("the page's text");
        assert_eq!(p.title, "Орусия");
        assert_eq!(p.text, "Виза Каттоо Казакстан.");
        assert_eq!(p.description, "Виза Каттоо Казакстан.");
        assert_eq!(p.headings.len(), 1);
        assert_eq!(p.headings[0].id, "виза");
        assert_eq!(p.links[0].target, "guides/kz");
        assert_eq!(
            (p.section.as_str(), p.bundle.as_str()),
            ("guides", "guides/russia")
        );
        assert!(!p.is_fallback);
        assert_eq!(site.counts.get("ky"), Some(&6));
    }

    #[test]
    fn a_missing_translation_falls_back_and_is_marked() {
        let site = render_site(&linked(pages()), &theme(&[]), None);
        // Only in Kyrgyz: the Russian reader gets the Kyrgyz text, with no alternates but its own.
        let html = text(&site, "ru/guides/kz/index.html");
        assert!(
            html.starts_with(
                "Казакстан|ru/ky|ky=https://portal.example.kg/ky/guides/kz/ x-default="
            ),
            "{html}"
        );
        let p = site
            .pages
            .iter()
            .find(|p| p.url == "/ru/guides/kz/")
            .expect("the page's text");
        assert!(p.is_fallback);
        assert_eq!(p.lang, "ru");
        assert!(p.file.ends_with("index.ky.md"), "{}", p.file.display());
    }

    #[test]
    fn section_pages_list_their_bundles() {
        let site = render_site(&linked(pages()), &theme(&[]), None);
        assert_eq!(
            text(&site, "ru/guides/index.html"),
            "Колдонмолор:Казакстан;Россия;"
        );
    }

    #[test]
    fn template_errors_name_the_template_and_the_page() {
        let mut files = fixture::theme_files(&[]);
        files.templates[0].1 = "{{ page.no_such_key }}".into();
        let theme = crate::render::Theme::new(files).expect("it compiles");
        let strings = Default::default();
        let Err(d) = crate::render::render(
            &linked(pages()),
            &strings,
            &theme,
            None,
            None,
            &mut crate::diag::Diagnostics::default(),
        ) else {
            panic!("rendered");
        };
        let e = d.errors().next().expect("an error");
        assert_eq!(
            e.file,
            std::path::Path::new("themes/portal/templates/page.html")
        );
        assert!(
            e.message.starts_with("while rendering content/"),
            "{}",
            e.message
        );
    }

    #[test]
    fn summaries_cut_at_words() {
        assert_eq!(summarize("один два три", 100), "один два три");
        assert_eq!(summarize("один два три", 8), "один…");
    }
}
