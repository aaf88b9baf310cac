//! Render: Markdown and Tera templates into files, in parallel.
//!
//! Templates receive plain, fully computed data (see docs/templates.md): URLs, formatted dates,
//! notices already in the reader's language. Keeping logic out of templates keeps the theme
//! editable by people who are not programmers.

pub mod markdown;
mod view;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use rayon::prelude::*;
use serde::Serialize;
use tera::Tera;

use crate::diag::{Diagnostic, Diagnostics};
use crate::link::{Linked, Output};
use crate::model::config::SectionKind;
use crate::model::contact::ContactView;
use crate::model::output::{Content, OutFile, PageText, Sink};
use crate::model::site::PageSource;
use crate::model::strings::Strings;
use crate::model::theme::{StaticFile, ThemeFiles, kept_offline};
use crate::util::hash::Fnv;
use crate::util::text::escape_html;
use crate::util::text::summarize;
use markdown::Rendered;
use view::{
    Alternate, Base, Choice, ChooserContext, ContactPoint, Country, Directory, Group, Hit, JsonLd,
    Link, MenuItem, OfflineContext, Organization, Original, PageContext, PageView, PlainContext,
    PlainPage, PrecacheList, Question, QuickFact, SearchContext, SiteView, Source, Summary,
    Translation,
};

pub struct RenderedSite {
    pub files: Vec<OutFile>,
    pub pages: Vec<PageText>,
    /// Pages built per language, fallbacks included.
    pub counts: BTreeMap<String, usize>,
}

/// The bundle of the hotline page: linked from every page's footer and kept offline.
const HOTLINE_BUNDLE: &str = "hotline";

/// `/<lang>/offline/`: the page shown offline when the page asked for is not saved.
const OFFLINE_SUFFIX: &str = "offline/";

/// Written when the theme has a service worker (`static/sw.js`): what it keeps for offline use.
pub const PRECACHE_FILE: &str = "sw-precache.js";

/// Where a page sits, for the menu and the language switcher.
#[derive(Clone, Copy)]
enum At<'a> {
    /// A content page: its bundle and URL.
    Page(usize, &'a str),
    /// A generated page at `/<lang>/<suffix>` in every language (`search/`, `offline/`);
    /// `""` is the home page.
    Special(&'a str),
}

pub fn tera_message(e: &tera::Error) -> String {
    let mut msg = e.to_string();
    let mut src = std::error::Error::source(e);
    while let Some(s) = src {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        src = s.source();
    }
    msg
}

/// Builds Tera from the theme's template texts; errors name the template file.
fn templates(files: &ThemeFiles) -> Result<Tera, Diagnostics> {
    let rel_dir = files.templates_dir.as_str();
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html", ".xml"]);
    // Tera's default also escapes `/`, which bloats every URL; quotes, `<`, `>` and `&` are
    // what matters for safety in text and attribute values.
    tera.set_escape_fn(escape_html);
    if let Err(e) = tera.add_raw_templates(files.templates.clone()) {
        // Tera names the failing template inside its message; point the editor at that file.
        let msg = tera_message(&e);
        let file = files
            .templates
            .iter()
            .map(|(n, _)| n)
            .find(|n| msg.contains(&format!("'{n}'")))
            .map(|n| format!("{rel_dir}/{n}"))
            .unwrap_or_else(|| rel_dir.to_string());
        let mut diags = Diagnostics::default();
        diags.extend(files.unreadable.iter().cloned());
        diags.push(Diagnostic::error(file, None, msg));
        return Err(diags);
    }
    Ok(tera)
}

/// The theme, ready to render with: its templates compiled once per build (and kept by the
/// server for search pages), and its static files.
#[derive(Clone)]
pub struct Theme {
    tera: Tera,
    rel_templates: String,
    statics: Vec<StaticFile>,
    service_worker: bool,
}

impl Theme {
    /// Compiles the templates the load stage read; the theme needs at least a page and a
    /// section template.
    pub fn new(files: ThemeFiles) -> Result<Theme, Diagnostics> {
        let tera = templates(&files)?;
        let rel_templates = files.templates_dir;
        let mut diags = Diagnostics::default();
        for needed in ["page.html", "section.html"] {
            if !tera.get_template_names().any(|n| n == needed) {
                diags.push(Diagnostic::error(
                    &rel_templates,
                    None,
                    format!("the theme has no {needed}"),
                ));
            }
        }
        if diags.has_errors() {
            return Err(diags);
        }
        Ok(Theme {
            tera,
            rel_templates,
            statics: files.statics,
            service_worker: files.service_worker,
        })
    }
}

struct Renderer<'a> {
    linked: &'a Linked,
    strings: &'a BTreeMap<String, Strings>,
    theme: &'a Theme,
    tera: &'a Tera,
    rel_templates: &'a str,
}

/// A search results page, rendered on request by the server with the same theme as the site.
/// `results` are shown as given; `message` explains an empty or refused query.
pub fn search_page(
    linked: &Linked,
    strings: &BTreeMap<String, Strings>,
    theme: &Theme,
    lang: &str,
    query: &str,
    results: &crate::model::results::Results,
    message: &str,
) -> Result<String, Diagnostic> {
    let r = Renderer {
        linked,
        strings,
        theme,
        tera: &theme.tera,
        rel_templates: &theme.rel_templates,
    };
    r.search_html(lang, query, results, message)
}

/// Re-rendered pages with their text, and the site-wide files (sitemap, feeds) when asked for.
pub type Partial = (Vec<(OutFile, PageText)>, Vec<OutFile>);

/// Renders only the given outputs (indices into `linked.outputs`), for incremental rebuilds in
/// watch mode.
pub fn render_some(
    linked: &Linked,
    strings: &BTreeMap<String, Strings>,
    theme: &Theme,
    outputs: &[usize],
    with_special: bool,
) -> Result<Partial, Diagnostics> {
    let r = Renderer {
        linked,
        strings,
        theme,
        tera: &theme.tera,
        rel_templates: &theme.rel_templates,
    };
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
    if with_special {
        match r.special_files() {
            Ok(f) => special = f,
            Err(ds) => diags.extend(ds),
        }
    }
    if diags.has_errors() {
        Err(diags)
    } else {
        Ok((out, special))
    }
}

/// A rendered page, its language, its text unless that was handed to [`OnPage`], and its bytes
/// when they went to the sink but the offline list needs them.
type RenderResult = Result<(OutFile, String, Option<PageText>, Option<Vec<u8>>), Vec<Diagnostic>>;

/// Called with each page's text as soon as it is rendered, from the rendering threads (the build
/// feeds the search index this way while the rest of the site renders). Texts handed over are
/// not kept in [`RenderedSite::pages`]: on a 30,000-page site they were 100 MB held to the end.
pub type OnPage<'a> = dyn Fn(&PageText) -> Result<(), Diagnostic> + Sync + 'a;

/// Renders the whole site. With `sink`, each page is handed to it as soon as it is rendered
/// and comes back as [`Content::Written`].
pub fn render(
    linked: &Linked,
    strings: &BTreeMap<String, Strings>,
    theme: &Theme,
    sink: Option<&dyn Sink>,
    on_page: Option<&OnPage<'_>>,
) -> Result<(RenderedSite, Diagnostics), Diagnostics> {
    let r = Renderer {
        linked,
        strings,
        theme,
        tera: &theme.tera,
        rel_templates: &theme.rel_templates,
    };
    let mut diags = Diagnostics::default();
    // The offline list's version hashes these pages' bytes: they are kept when the rest go to
    // the sink (a few dozen pages; the list used to read them back from disk).
    let offline: HashSet<String> = linked
        .site
        .config
        .languages
        .iter()
        .flat_map(|l| r.offline_pages(&l.code))
        .map(|p| out_path(&p.url))
        .collect();

    let results: Vec<RenderResult> = linked
        .outputs
        .par_iter()
        .map(|o| {
            let (f, text) = r.render_output(o)?;
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
                    Ok((
                        OutFile {
                            path: f.path,
                            content: Content::Written(at),
                        },
                        lang,
                        text,
                        kept,
                    ))
                }
                (_, content) => Ok((
                    OutFile {
                        path: f.path,
                        content,
                    },
                    lang,
                    text,
                    None,
                )),
            }
        })
        .collect();
    let mut files = Vec::with_capacity(results.len() + 64);
    let mut pages = Vec::with_capacity(results.len());
    let mut counts = BTreeMap::new();
    let mut kept = BTreeMap::new();
    for res in results {
        match res {
            Ok((f, lang, p, bytes)) => {
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
    Ok((
        RenderedSite {
            files,
            pages,
            counts,
        },
        diags,
    ))
}

fn out_path(url: &str) -> String {
    let trimmed = url.trim_start_matches('/');
    if trimmed.is_empty() || trimmed.ends_with('/') {
        format!("{trimmed}index.html")
    } else {
        trimmed.to_string()
    }
}

impl Renderer<'_> {
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

    fn summary(&self, o: &Output) -> Summary {
        let p = self.linked.page(o);
        let (date, date_iso) = self.fmt_date(&o.lang, p.meta.date);
        Summary {
            title: p.meta.title.clone(),
            description: p.meta.description.clone().unwrap_or_default(),
            url: o.url.clone(),
            date,
            date_iso,
            weight: p.meta.weight,
            country: p.meta.country.clone().unwrap_or_default(),
            duration: p.meta.duration,
            lang: p.lang.clone(),
            is_fallback: p.lang != o.lang,
        }
    }

    fn children(&self, bundle: usize, lang: &str) -> Vec<Summary> {
        self.linked
            .children
            .get(&bundle)
            .map(|list| {
                list.iter()
                    .filter_map(|&b| self.linked.output(b, lang))
                    .map(|o| self.summary(o))
                    .collect()
            })
            .unwrap_or_default()
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

    /// Common context: site, language, UI strings, menu, translations of the current page.
    fn base_context<'b>(&'b self, lang: &'b str, at: At<'_>) -> Base<'b> {
        let linked = self.linked;
        let config = &linked.site.config;
        let t = self.t(lang);
        let site_lang = config.language(lang);
        let title = site_lang.map(|l| l.title.as_str()).unwrap_or("");
        // «Сапар — информация для трудовых мигрантов»: the name and the tagline, for a header
        // that stays short on a phone.
        let (name, tagline) = title
            .split_once(" — ")
            .map(|(a, b)| (a.trim(), b.trim()))
            .unwrap_or((title, ""));
        let site = SiteView {
            title,
            name,
            tagline,
            description: site_lang.map(|l| l.description.as_str()).unwrap_or(""),
            base_url: &config.base_url,
            default_language: &config.default_language,
            locale: site_lang.map(|l| l.locale.as_str()).unwrap_or(lang),
            languages: &config.languages,
            home: format!("/{lang}/"),
            build_date: t.format_date(&crate::model::date::Date::today()),
            build_date_iso: crate::model::date::Date::today().to_string(),
        };
        let (bundle, url) = match at {
            At::Page(b, url) => (Some(b), url.to_string()),
            At::Special(suffix) => (None, format!("/{lang}/{suffix}")),
        };
        let current_section = bundle
            .map(|b| linked.bundles[b].section.as_str())
            .unwrap_or_default();
        let menu: Vec<MenuItem> = config
            .menu
            .iter()
            .filter_map(|item| {
                if item == "search" {
                    let u = format!("/{lang}/search/");
                    let here = url == u;
                    return Some(MenuItem {
                        label: self.short_label(lang, item, t.get("search")),
                        title: None,
                        url: u,
                        active: here,
                        current: here,
                        id: "search",
                    });
                }
                let b = self.section_bundle(item)?;
                let o = linked.output(b, lang)?;
                let title = &linked.page(o).meta.title;
                Some(MenuItem {
                    label: self.short_label(lang, item, title),
                    title: Some(title),
                    url: o.url.clone(),
                    active: *item == current_section,
                    current: o.url == url,
                    id: item,
                })
            })
            .collect();
        let hotline = self
            .contact_views(
                lang,
                linked
                    .site
                    .contacts
                    .iter()
                    .filter(|c| c.kind == "hotline")
                    .map(|c| c.id.clone())
                    .take(1),
            )
            .into_iter()
            .next();
        // Top-level section pages by name, in this language: `urls.news`, `urls.about`.
        let mut urls: BTreeMap<&str, String> = linked
            .bundles
            .iter()
            .enumerate()
            .filter(|(_, b)| b.is_section && !b.path.is_empty() && !b.path.contains('/'))
            .filter_map(|(i, b)| Some((b.path.as_str(), linked.output(i, lang)?.url.clone())))
            .collect();
        urls.insert("home", format!("/{lang}/"));
        urls.insert("search", format!("/{lang}/search/"));
        let translations = config
            .languages
            .iter()
            .map(|l| {
                let (url, exists) = match at {
                    At::Page(b, _) => match linked.output(b, &l.code) {
                        Some(o) => (
                            o.url.clone(),
                            linked.bundles[b].translations.contains_key(&l.code),
                        ),
                        None => (format!("/{}/", l.code), false),
                    },
                    At::Special(suffix) => (format!("/{}/{suffix}", l.code), true),
                };
                Translation {
                    lang: &l.code,
                    name: &l.name,
                    url,
                    current: l.code == lang,
                    exists,
                }
            })
            .collect();
        Base {
            lang,
            t: &t.text,
            site,
            menu,
            hotline,
            hotline_url: self.hotline_url(lang),
            urls,
            translations,
        }
    }

    /// Renders a template with a context from [`view`]; errors name the template and the file
    /// being rendered.
    fn render_template(
        &self,
        name: &str,
        cx: &impl Serialize,
        file: &Path,
    ) -> Result<String, Diagnostic> {
        tera::Context::from_serialize(cx)
            .and_then(|cx| self.tera.render(name, &cx))
            .map_err(|e| {
                Diagnostic::error(
                    format!("{}/{name}", self.rel_templates),
                    None,
                    format!("while rendering {}: {}", file.display(), tera_message(&e)),
                )
            })
    }

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
        let names: HashSet<&str> = self.tera.get_template_names().collect();
        candidates
            .into_iter()
            .find(|c| names.contains(c.as_str()))
            .unwrap_or_else(|| "page.html".into())
    }

    fn render_output(&self, o: &Output) -> Result<(OutFile, PageText), Vec<Diagnostic>> {
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
        let template = self.template_for(o);
        let html = self
            .render_template(&template, &cx, &p.file)
            .map_err(|d| vec![d])?;
        let text = PageText {
            url: o.url.clone(),
            lang: o.lang.clone(),
            content_lang: p.lang.clone(),
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
        Ok((
            OutFile {
                path: out_path(&o.url),
                content: Content::Bytes(html.into_bytes()),
            },
            text,
        ))
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
                .map(|e| Diagnostic::error(&p.file, Some(e.line), e.message))
                .collect()
        })
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
        let canonical = config.permalink(if is_fallback { original_url } else { &o.url });
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
            canonical,
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
            duration: p.meta.duration,
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

    /// "It is shown in Russian", in the reader's language.
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

    /// The documents the page cites.
    fn sources<'b>(&'b self, o: &Output) -> Vec<Source<'b>> {
        let linked = self.linked;
        let p = linked.page(o);
        // One entry per document, in the order first cited, with the lines of every reference
        // to it: a guide citing one report twenty times lists it once.
        let mut cited: Vec<(&str, Vec<&str>)> = Vec::new();
        for s in &p.meta.sources {
            let (id, lines) = s.value.split_once(':').unwrap_or((&s.value, ""));
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
                    .filter(|c| c.countries.iter().any(|x| x == country))
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

    /// Position among siblings (course modules: "module 3 of 8").
    fn position(&self, o: &Output) -> Position {
        let linked = self.linked;
        let mut at = Position::default();
        let parent = linked.bundles[o.bundle].parent;
        if let Some(siblings) = parent.and_then(|b| linked.children.get(&b)) {
            at.total = siblings.len();
            if let Some(i) = siblings.iter().position(|&b| b == o.bundle) {
                at.number = i + 1;
                at.prev = i
                    .checked_sub(1)
                    .and_then(|j| linked.output(siblings[j], &o.lang))
                    .map(|x| self.summary(x));
                at.next = siblings
                    .get(i + 1)
                    .and_then(|&j| linked.output(j, &o.lang))
                    .map(|x| self.summary(x));
            }
        }
        at
    }

    /// The home page's listings: each configured section's bundles, by section name.
    fn sections(&self, lang: &str) -> BTreeMap<String, Vec<Summary>> {
        let mut sections = BTreeMap::new();
        for s in &self.linked.site.config.sections {
            if let Some(b) = self.section_bundle(&s.name) {
                sections.insert(s.name.clone(), self.children(b, lang));
            }
        }
        sections
    }

    /// Every contact of the directory, in the reader's language.
    fn all_contacts(&self, lang: &str) -> Vec<ContactView> {
        self.contact_views(lang, self.linked.site.contacts.iter().map(|c| c.id.clone()))
    }

    /// The directory grouped by topic and by country, as the legal-aid page shows it. Each
    /// group carries its contacts (not just their ids) so templates need no lookups.
    fn directory<'b>(&self, lang: &str, all: &'b [ContactView]) -> Directory<'b> {
        let t = self.t(lang);
        let mut topics: Vec<&str> = Vec::new();
        let mut countries: Vec<&str> = Vec::new();
        for c in all {
            for x in &c.topics {
                if !topics.contains(&x.as_str()) {
                    topics.push(x);
                }
            }
            for x in &c.countries {
                if !countries.contains(&x.as_str()) {
                    countries.push(x);
                }
            }
        }
        let group = |prefix: &str, id: &'b str, members: Vec<&'b ContactView>| Group {
            id,
            label: t.get(&format!("{prefix}_{id}")).to_string(),
            items: members.iter().map(|c| c.id.as_str()).collect(),
            contacts: members,
        };
        let by_topic = topics
            .iter()
            .map(|&topic| {
                group(
                    "topic",
                    topic,
                    all.iter()
                        .filter(|c| c.topics.iter().any(|x| x == topic))
                        .collect(),
                )
            })
            .collect();
        let by_country = countries
            .iter()
            .map(|&country| {
                group(
                    "country",
                    country,
                    all.iter()
                        .filter(|c| c.countries.iter().any(|x| x == country))
                        .collect(),
                )
            })
            .collect();
        Directory {
            all,
            by_topic,
            by_country,
        }
    }

    /// schema.org data of the directory: one organisation per entry, with a ContactPoint where
    /// the sources give a phone number. Only facts from data/contacts.toml, nothing added.
    fn directory_json_ld<'b>(
        &self,
        lang: &str,
        url: &str,
        directory: &Directory<'b>,
    ) -> JsonLd<'b> {
        let config = &self.linked.site.config;
        let t = self.t(lang);
        let page = config.permalink(url);
        let non_empty = |s: &'b str| (!s.is_empty()).then_some(s);
        let graph = directory
            .all
            .iter()
            .map(|c| {
                let kind = match c.kind.as_str() {
                    "state" | "hotline" | "embassy" => "GovernmentOrganization",
                    "ngo" => "NGO",
                    _ => "Organization",
                };
                let area: Vec<Country> = c
                    .countries
                    .iter()
                    .filter(|code| *code != "*")
                    .map(|code| Country {
                        kind: "Country",
                        name: t.get(&format!("country_{code}")).to_string(),
                        identifier: code,
                    })
                    .collect();
                let topic = c.topics.first().map(String::as_str).unwrap_or("");
                let contact_point = non_empty(&c.tel).map(|tel| ContactPoint {
                    kind: "ContactPoint",
                    area_served: area.clone(),
                    contact_type: non_empty(topic)
                        .map(|topic| t.get(&format!("topic_{topic}")).to_string()),
                    telephone: tel,
                });
                Organization {
                    id: format!("{page}#org-{}", c.id),
                    kind,
                    address: non_empty(&c.address),
                    area_served: area,
                    contact_point,
                    description: non_empty(&c.description),
                    name: &c.name,
                    url: non_empty(&c.website),
                }
            })
            .collect();
        JsonLd {
            context: "https://schema.org",
            graph,
        }
    }

    /// The page context of a generated page that has no Markdown behind it (404, search,
    /// offline) at `/<lang>/<suffix>`, with every key base.html reads so templates need no
    /// `is defined` guards. Every language has the page, so each is an alternate.
    fn plain_page<'b>(&'b self, title: &'b str, lang: &'b str, suffix: &str) -> PlainPage<'b> {
        let config = &self.linked.site.config;
        let url = format!("/{lang}/{suffix}");
        let mut alternates: Vec<Alternate> = config
            .languages
            .iter()
            .map(|l| Alternate {
                hreflang: l.code.clone(),
                url: config.permalink(&format!("/{}/{suffix}", l.code)),
            })
            .collect();
        alternates.push(Alternate {
            hreflang: "x-default".into(),
            url: config.permalink(&format!("/{}/{suffix}", config.default_language)),
        });
        let locale_alternates: Vec<&str> = config
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
    fn unlisted_page<'b>(&'b self, title: &'b str, lang: &'b str, suffix: &str) -> PlainPage<'b> {
        PlainPage {
            noindex: true,
            canonical: String::new(),
            alternates: Vec::new(),
            breadcrumbs: Vec::new(),
            ..self.plain_page(title, lang, suffix)
        }
    }

    fn search_html(
        &self,
        lang: &str,
        query: &str,
        results: &crate::model::results::Results,
        message: &str,
    ) -> Result<String, Diagnostic> {
        let searched = !query.trim().is_empty();
        let cx = SearchContext {
            base: self.base_context(lang, At::Special("search/")),
            page: PlainPage {
                // Results pages are answers, not documents: not for search engines' indexes.
                noindex: searched,
                ..self.plain_page(self.t(lang).get("search"), lang, "search/")
            },
            query,
            results: results
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
                .collect(),
            total: results.total,
            searched,
            message,
        };
        self.render_template("search.html", &cx, Path::new("search.html"))
    }

    /// The pages a service worker keeps for reading offline, in one language: the home page,
    /// the offline page, the hotline page, the directory and the whole course (section pages
    /// and pages of the `directory` and `module` kinds).
    fn offline_pages(&self, lang: &str) -> Vec<Link> {
        let linked = self.linked;
        let mut out = vec![Link {
            title: self.t(lang).get("home").to_string(),
            url: format!("/{lang}/"),
        }];
        if let Some(url) = self.hotline_url(lang) {
            let b = linked.bundle_of[HOTLINE_BUNDLE];
            let title = linked
                .output(b, lang)
                .map(|o| linked.page(o).meta.title.clone())
                .unwrap_or_default();
            out.push(Link { title, url });
        }
        for (i, b) in linked.bundles.iter().enumerate() {
            if !b.is_section || !matches!(b.kind, SectionKind::Directory | SectionKind::Module) {
                continue;
            }
            if let Some(o) = linked.output(i, lang) {
                out.push(Link {
                    title: linked.page(o).meta.title.clone(),
                    url: o.url.clone(),
                });
            }
            out.extend(self.children(i, lang).into_iter().map(|c| Link {
                title: c.title,
                url: c.url,
            }));
        }
        out
    }

    fn special_files(&self) -> Result<Vec<OutFile>, Vec<Diagnostic>> {
        let linked = self.linked;
        let config = &linked.site.config;
        let mut files = Vec::new();
        let mut errs = Vec::new();
        let names: HashSet<String> = self.tera.get_template_names().map(str::to_string).collect();
        let bytes = |path: String, s: String| OutFile {
            path,
            content: Content::Bytes(s.into_bytes()),
        };

        // Root language chooser: plain links, works without JavaScript.
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
        let cx = ChooserContext {
            base: self.base_context(&config.default_language, At::Special("")),
            page,
            choices: config
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
                .collect(),
        };
        if names.contains("chooser.html") {
            match self.render_template("chooser.html", &cx, Path::new("/")) {
                Ok(s) => files.push(bytes("index.html".into(), s)),
                Err(e) => errs.push(e),
            }
        }

        // 404 per language, and one at the root for servers that want a single file.
        if names.contains("404.html") {
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
                            files.push(bytes("404.html".into(), s.clone()));
                        }
                        files.push(bytes(format!("{}/404.html", l.code), s));
                    }
                    Err(e) => errs.push(e),
                }
            }
        }

        // The page a service worker shows when a page is not saved and there is no network;
        // it lists what is saved.
        if names.contains("offline.html") {
            for l in &config.languages {
                let cx = OfflineContext {
                    base: self.base_context(&l.code, At::Special(OFFLINE_SUFFIX)),
                    page: self.unlisted_page(
                        self.t(&l.code).get("offline_title"),
                        &l.code,
                        OFFLINE_SUFFIX,
                    ),
                    saved: self.offline_pages(&l.code),
                };
                match self.render_template("offline.html", &cx, Path::new("offline.html")) {
                    Ok(s) => {
                        files.push(bytes(out_path(&format!("/{}/{OFFLINE_SUFFIX}", l.code)), s))
                    }
                    Err(e) => errs.push(e),
                }
            }
        }

        // A search page per language (the server answers the query; the page holds the form).
        if names.contains("search.html") {
            let none = crate::model::results::Results::default();
            for l in &config.languages {
                match self.search_html(&l.code, "", &none, "") {
                    Ok(s) => files.push(bytes(format!("{}/search/index.html", l.code), s)),
                    Err(e) => errs.push(e),
                }
            }
        }

        for a in &linked.aliases {
            files.push(bytes(
                out_path(&a.from),
                redirect_html(&config.permalink(&a.to), &a.to),
            ));
        }
        files.push(bytes("sitemap.xml".into(), self.sitemap()));
        files.push(bytes(
            "robots.txt".into(),
            format!(
                // Kiosk screens are for the panels, not for search engines.
                "User-agent: *\nAllow: /\nDisallow: /kiosk/\nSitemap: {}/sitemap.xml\n",
                config.base_url
            ),
        ));
        for (b, bundle) in linked.bundles.iter().enumerate() {
            if bundle.kind == SectionKind::News && bundle.is_section {
                for l in &config.languages {
                    if let Some(o) = linked.output(b, &l.code) {
                        files.push(bytes(
                            format!("{}atom.xml", o.url.trim_start_matches('/')),
                            self.feed(b, o),
                        ));
                    }
                }
            }
        }
        if errs.is_empty() {
            Ok(files)
        } else {
            Err(errs)
        }
    }

    /// The service worker's list of what to keep offline, computed from the site (never
    /// written by hand): the theme's static files and, per language, `offline_pages`. The
    /// version is a hash of those files' bytes, so a rebuild that changes any of them makes
    /// browsers fetch the list again (they compare a worker's imported scripts byte for byte).
    fn precache_file(
        &self,
        files: &[OutFile],
        kept: &BTreeMap<String, Vec<u8>>,
    ) -> Option<OutFile> {
        let config = &self.linked.site.config;
        if !self.theme.service_worker {
            return None;
        }
        let mut common: Vec<String> = self
            .theme
            .statics
            .iter()
            .filter(|f| kept_offline(&f.rel))
            .map(|f| format!("/{}", f.rel))
            .collect();
        common.sort();
        let has_offline = self.tera.get_template_names().any(|n| n == "offline.html");
        let mut pages = BTreeMap::new();
        let mut offline = BTreeMap::new();
        for l in &config.languages {
            let mut urls: Vec<String> = self
                .offline_pages(&l.code)
                .into_iter()
                .map(|p| p.url)
                .collect();
            if has_offline {
                let u = format!("/{}/{OFFLINE_SUFFIX}", l.code);
                urls.insert(1, u.clone());
                offline.insert(l.code.as_str(), u);
            }
            pages.insert(l.code.as_str(), urls);
        }
        let by_path: BTreeMap<&str, &Content> = files
            .iter()
            .map(|f| (f.path.as_str(), &f.content))
            .collect();
        // Copies to a listed path are the theme's static files, whose bytes the load stage
        // read. (A bundle file named like a listed page, `index.html` beside its Markdown,
        // would hash as empty.)
        let static_bytes: HashMap<&Path, &[u8]> = self
            .theme
            .statics
            .iter()
            .map(|f| (f.src.as_path(), f.bytes.as_slice()))
            .collect();
        let mut hash = Fnv::new();
        for url in common.iter().chain(pages.values().flatten()) {
            hash.write(url.as_bytes());
            let path = out_path(url);
            match by_path.get(path.as_str()) {
                Some(Content::Bytes(b)) => hash.write(b),
                Some(Content::Written(_)) => hash.write(kept.get(&path).map_or(&[][..], |b| b)),
                Some(Content::Copy(src)) => {
                    hash.write(static_bytes.get(src.as_path()).copied().unwrap_or_default())
                }
                None => {}
            }
        }
        let list = PrecacheList {
            version: format!("{:016x}", hash.finish()),
            default_language: &config.default_language,
            common,
            pages,
            offline,
        };
        Some(OutFile {
            path: PRECACHE_FILE.into(),
            content: Content::Bytes(
                format!(
                    "// Written by `sapar build`: what the service worker (/sw.js) keeps for offline use.\nself.SAPAR_PRECACHE = {};\n",
                    serde_json::to_string_pretty(&list).unwrap_or_default()
                )
                .into_bytes(),
            ),
        })
    }

    /// hreflang alternates of a bundle, for page heads and the sitemap alike: only languages
    /// with their own text (fallback copies are not alternates), then `x-default` on the
    /// default language's version or else the first one.
    fn alternates(&self, bundle: usize) -> Vec<(String, String)> {
        let linked = self.linked;
        let config = &linked.site.config;
        let b = &linked.bundles[bundle];
        let url = |l: &str| linked.output(bundle, l).map(|x| config.permalink(&x.url));
        let mut alts: Vec<(String, String)> = b
            .translations
            .keys()
            .filter_map(|l| url(l).map(|u| (l.clone(), u)))
            .collect();
        let default = if b.translations.contains_key(&config.default_language) {
            Some(config.default_language.as_str())
        } else {
            b.translations.keys().next().map(String::as_str)
        };
        if let Some(u) = default.and_then(url) {
            alts.push(("x-default".into(), u));
        }
        alts
    }

    fn sitemap(&self) -> String {
        let linked = self.linked;
        let config = &linked.site.config;
        let mut s = String::from(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
        );
        for o in &linked.outputs {
            if o.is_fallback(&linked.site) {
                continue;
            }
            let p = linked.page(o);
            s.push_str(&format!(
                "<url><loc>{}</loc>",
                escape_html(&config.permalink(&o.url))
            ));
            if let Some(d) = p.meta.updated.or(p.meta.date) {
                s.push_str(&format!("<lastmod>{d}</lastmod>"));
            }
            let alts = self.alternates(o.bundle);
            for (l, u) in alts {
                s.push_str(&format!(
                    "<xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>",
                    escape_html(&l),
                    escape_html(&u)
                ));
            }
            s.push_str("</url>\n");
        }
        s.push_str("</urlset>\n");
        s
    }

    fn feed(&self, section: usize, o: &Output) -> String {
        let linked = self.linked;
        let config = &linked.site.config;
        let lang = &o.lang;
        let items = self.children(section, lang);
        let title = format!(
            "{} — {}",
            linked.page(o).meta.title,
            config
                .language(lang)
                .map(|l| l.title.as_str())
                .unwrap_or("")
        );
        let updated = items
            .iter()
            .map(|i| i.date_iso.clone())
            .max()
            .unwrap_or_else(|| crate::model::date::Date::today().to_string());
        let mut s = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n<title>{}</title>\n<link href=\"{}\"/>\n<link rel=\"self\" href=\"{}atom.xml\"/>\n<id>{}</id>\n<updated>{}T00:00:00Z</updated>\n",
            escape_html(lang),
            escape_html(&title),
            escape_html(&config.permalink(&o.url)),
            escape_html(&config.permalink(&o.url)),
            escape_html(&config.permalink(&o.url)),
            if updated.is_empty() {
                crate::model::date::Date::today().to_string()
            } else {
                updated.clone()
            },
        );
        for i in items {
            let date = if i.date_iso.is_empty() {
                updated.clone()
            } else {
                i.date_iso.clone()
            };
            s.push_str(&format!(
                "<entry><title>{}</title><link href=\"{}\"/><id>{}</id><updated>{}T00:00:00Z</updated><summary>{}</summary></entry>\n",
                escape_html(&i.title),
                escape_html(&config.permalink(&i.url)),
                escape_html(&config.permalink(&i.url)),
                date,
                escape_html(&i.description),
            ));
        }
        s.push_str("</feed>\n");
        s
    }

    fn asset_files(&self) -> Vec<OutFile> {
        let linked = self.linked;
        let mut files = Vec::new();
        for a in &linked.site.assets {
            let Some(&b) = linked.bundle_of.get(&a.bundle) else {
                continue;
            };
            for l in &linked.site.config.languages {
                if let Some(o) = linked.output(b, &l.code) {
                    files.push(OutFile {
                        path: format!("{}{}", o.url.trim_start_matches('/'), a.name),
                        content: Content::Copy(a.src.clone()),
                    });
                }
            }
        }
        files.extend(self.theme.statics.iter().map(|f| OutFile {
            path: f.rel.clone(),
            content: Content::Copy(f.src.clone()),
        }));
        files
    }
}

/// JSON for a `<script type="application/ld+json">` block. `<`, `>` and `&` only occur inside
/// JSON strings, where `\u003c` means the same, so the text can never close the script element
/// (`</script>`) or open a comment (`<!--`) whatever an editor writes.
pub fn json_ld(v: &impl Serialize) -> String {
    serde_json::to_string(v)
        .unwrap_or_default()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// A redirect that works without JavaScript and tells search engines where the page went.
pub fn redirect_html(permalink: &str, to: &str) -> String {
    let p = escape_html(permalink);
    let t = escape_html(to);
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Redirect</title><link rel=\"canonical\" href=\"{p}\"><meta name=\"robots\" content=\"noindex\"><meta http-equiv=\"refresh\" content=\"0; url={t}\"></head><body><p><a href=\"{t}\">{p}</a></p></body></html>\n"
    )
}

/// Position among siblings, for "module 3 of 8" and the links to the neighbours.
#[derive(Default)]
struct Position {
    prev: Option<Summary>,
    next: Option<Summary>,
    number: usize,
    total: usize,
}

/// A quiz question as templates see it: `answer_text` is the right option's text.
fn question(q: &crate::model::site::Quiz) -> Question<'_> {
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
    use super::*;
    use serde_json::{Value, json};

    #[test]
    fn out_paths() {
        assert_eq!(out_path("/ky/"), "ky/index.html");
        assert_eq!(out_path("/old.html"), "old.html");
        assert_eq!(out_path("/"), "index.html");
    }

    #[test]
    fn json_ld_cannot_close_its_script_element() {
        let v = json!({"name": "</script><script>alert(1)</script><!-- & >"});
        let s = json_ld(&v);
        assert!(
            !s.contains('<') && !s.contains('>') && !s.contains('&'),
            "{s}"
        );
        let back: Value = serde_json::from_str(&s).expect("still JSON");
        assert_eq!(back, v, "and means the same");
    }

    #[test]
    fn summaries_cut_at_words() {
        assert_eq!(summarize("один два три", 100), "один два три");
        assert_eq!(summarize("один два три", 8), "один…");
    }
}
