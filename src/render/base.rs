//! The keys every page's template context has: the site in the reader's language, the UI
//! strings, the menu, the hotline, the top-level section URLs and the language switcher.

use std::collections::BTreeMap;

use super::view::{Base, MenuItem, SiteView, Translation};
use super::{At, Renderer};
use crate::model::date::Date;

impl Renderer<'_> {
    /// Common context: site, language, UI strings, menu, translations of the current page.
    pub(super) fn base_context<'b>(&'b self, lang: &'b str, at: At<'_>) -> Base<'b> {
        let linked = self.linked;
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
        Base {
            lang,
            t: &self.t(lang).text,
            site: self.site_view(lang),
            menu: self.menu(lang, at),
            hotline,
            hotline_url: self.hotline_url(lang),
            urls: self.urls(lang),
            translations: self.translations(lang, at),
        }
    }

    /// `site`: titles and locale in the reader's language, and the build date.
    fn site_view<'b>(&'b self, lang: &'b str) -> SiteView<'b> {
        let config = &self.linked.site.config;
        let site_lang = config.language(lang);
        let title = site_lang.map(|l| l.title.as_str()).unwrap_or("");
        // «Сапар — информация для трудовых мигрантов»: the name and the tagline, for a header
        // that stays short on a phone.
        let (name, tagline) = title
            .split_once(" — ")
            .map(|(a, b)| (a.trim(), b.trim()))
            .unwrap_or((title, ""));
        SiteView {
            title,
            name,
            tagline,
            description: site_lang.map(|l| l.description.as_str()).unwrap_or(""),
            base_url: &config.base_url,
            default_language: &config.default_language,
            locale: site_lang.map(|l| l.locale.as_str()).unwrap_or(lang),
            languages: &config.languages,
            home: format!("/{lang}/"),
            build_date: self.t(lang).format_date(&Date::today()),
            build_date_iso: Date::today().to_string(),
        }
    }

    /// The main menu from site.toml's `menu`: section pages, and `search`.
    fn menu<'b>(&'b self, lang: &str, at: At<'_>) -> Vec<MenuItem<'b>> {
        let linked = self.linked;
        let (bundle, url) = match at {
            At::Page(b, url) => (Some(b), url.to_string()),
            At::Special(suffix) => (None, format!("/{lang}/{suffix}")),
        };
        let current_section = bundle
            .map(|b| linked.bundles[b].section.as_str())
            .unwrap_or_default();
        linked
            .site
            .config
            .menu
            .iter()
            .filter_map(|item| {
                if item == "search" {
                    let u = format!("/{lang}/search/");
                    let here = url == u;
                    return Some(MenuItem {
                        label: self.short_label(lang, item, self.t(lang).get("search")),
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
            .collect()
    }

    /// Top-level section pages by name, in this language: `urls.news`, `urls.about`.
    fn urls(&self, lang: &str) -> BTreeMap<&str, String> {
        let linked = self.linked;
        let mut urls: BTreeMap<&str, String> = linked
            .bundles
            .iter()
            .enumerate()
            .filter(|(_, b)| b.is_section && !b.path.is_empty() && !b.path.contains('/'))
            .filter_map(|(i, b)| Some((b.path.as_str(), linked.output(i, lang)?.url.clone())))
            .collect();
        urls.insert("home", format!("/{lang}/"));
        urls.insert("search", format!("/{lang}/search/"));
        urls
    }

    /// The page in every language, for the language switcher.
    fn translations<'b>(&'b self, lang: &str, at: At<'_>) -> Vec<Translation<'b>> {
        let linked = self.linked;
        linked
            .site
            .config
            .languages
            .iter()
            .map(|l| {
                let (url, exists) = match at {
                    At::Page(b, _) => match linked.output(b, &l.code) {
                        Some(o) => {
                            let own = linked.bundles[b].translations.contains_key(&l.code);
                            (o.url.clone(), own)
                        }
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
            .collect()
    }
}
