//! Files for crawlers and feed readers: sitemap.xml with each page's hreflang alternates,
//! robots.txt, and an Atom feed per news section and language.

use super::Renderer;
use super::special::Generated;
use crate::link::Output;
use crate::model::config::SectionKind;
use crate::util::text::escape_html;

impl Renderer<'_> {
    /// The sitemap, robots.txt and the news feeds.
    pub(super) fn crawler_files(&self, out: &mut Generated) {
        let linked = self.linked;
        let config = &linked.site.config;
        out.text("sitemap.xml".into(), self.sitemap());
        out.text(
            "robots.txt".into(),
            format!(
                // Kiosk screens are for the panels and the translation dashboard for editors,
                // not for search engines.
                "User-agent: *\nAllow: /\nDisallow: /kiosk/\nDisallow: /translations/\n{}Sitemap: {}/sitemap.xml\n",
                config
                    .languages
                    .iter()
                    .map(|l| format!("Disallow: /{0}/kiosk/\nDisallow: /{0}/translations/\n", l.code))
                    .collect::<String>(),
                config.base_url
            ),
        );
        for (b, bundle) in linked.bundles.iter().enumerate() {
            if bundle.kind == SectionKind::News && bundle.is_section {
                for l in &config.languages {
                    if let Some(o) = linked.output(b, &l.code) {
                        out.text(
                            format!("{}atom.xml", o.url.trim_start_matches('/')),
                            self.feed(b, o),
                        );
                    }
                }
            }
        }
    }

    /// hreflang alternates of a bundle, for page heads and the sitemap alike: only languages
    /// with their own text (fallback copies are not alternates), then `x-default` on the
    /// default language's version or else the first one.
    pub(super) fn alternates(&self, bundle: usize) -> Vec<(String, String)> {
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
}

#[cfg(test)]
mod tests {
    use super::super::fixture::{linked, pages, render_site, text, theme};

    #[test]
    fn the_sitemap_lists_own_texts_with_their_alternates() {
        let site = render_site(&linked(pages()), &theme(&[]), None);
        let sitemap = text(&site, "sitemap.xml");
        let base = "https://portal.example.kg";
        assert!(sitemap.contains(&format!(
            "<url><loc>{base}/ru/guides/russia/</loc>\
             <xhtml:link rel=\"alternate\" hreflang=\"ky\" href=\"{base}/ky/guides/russia/\"/>\
             <xhtml:link rel=\"alternate\" hreflang=\"ru\" href=\"{base}/ru/guides/russia/\"/>\
             <xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"{base}/ky/guides/russia/\"/></url>\n"
        )), "{sitemap}");
        // A fallback copy is not a page of its own.
        assert!(sitemap.contains(&format!("<loc>{base}/ky/guides/kz/</loc>")));
        assert!(!sitemap.contains("/ru/guides/kz/"), "{sitemap}");
        assert!(text(&site, "robots.txt").contains(&format!("Sitemap: {base}/sitemap.xml")));
    }
}
