//! Link: ties translations into bundles, picks what each reader sees, and fixes every URL.
//!
//! After this stage every (bundle, language) pair has exactly one URL and one source page, so
//! rendering can run in parallel without looking anything up twice.

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::diag::{Diagnostic, Diagnostics};
use crate::model::config::SectionKind;
use crate::model::site::{PageSource, Site};

#[derive(Debug, Clone)]
pub struct Bundle {
    pub path: String,
    pub section: String,
    pub kind: SectionKind,
    pub is_section: bool,
    /// Language → index into `Site::pages`.
    pub translations: BTreeMap<String, usize>,
    /// The nearest section page above this bundle, if there is one.
    pub parent: Option<usize>,
}

/// One page of output: a bundle as a reader of one language sees it.
#[derive(Debug, Clone)]
pub struct Output {
    pub bundle: usize,
    pub lang: String,
    /// Index into `Site::pages` of the text shown (another language when falling back).
    pub source: usize,
    pub url: String,
}

impl Output {
    pub fn is_fallback(&self, site: &Site) -> bool {
        site.pages[self.source].lang != self.lang
    }
}

#[derive(Debug, Clone)]
pub struct Alias {
    pub from: String,
    pub to: String,
}

#[derive(Debug, Clone)]
pub struct Linked {
    pub site: Site,
    pub bundles: Vec<Bundle>,
    pub outputs: Vec<Output>,
    /// (bundle index, language) → index into `outputs`.
    pub output_of: HashMap<(usize, String), usize>,
    pub bundle_of: HashMap<String, usize>,
    /// Section bundle index → its child bundles, sorted for listing.
    pub children: HashMap<usize, Vec<usize>>,
    pub aliases: Vec<Alias>,
}

impl Linked {
    /// URL path of a bundle for a reader of `lang`.
    pub fn url(&self, bundle: &str, lang: &str) -> Option<&str> {
        if self.site.broken.contains(bundle) && !self.bundle_of.contains_key(bundle) {
            return Some("#");
        }
        let b = *self.bundle_of.get(bundle)?;
        let o = *self.output_of.get(&(b, lang.to_string()))?;
        Some(&self.outputs[o].url)
    }

    pub fn output(&self, bundle: usize, lang: &str) -> Option<&Output> {
        self.output_of
            .get(&(bundle, lang.to_string()))
            .map(|&o| &self.outputs[o])
    }

    pub fn page(&self, output: &Output) -> &PageSource {
        &self.site.pages[output.source]
    }
}

/// Links what it can and returns its findings beside the result; the caller decides whether
/// errors stop the build (they do), so that one run reports everything.
pub fn link(site: Site) -> (Linked, Diagnostics) {
    let mut diags = Diagnostics::default();
    let config = &site.config;

    let mut bundle_of: HashMap<String, usize> = HashMap::new();
    let mut bundles: Vec<Bundle> = Vec::new();
    for (i, p) in site.pages.iter().enumerate() {
        let b = *bundle_of.entry(p.bundle.clone()).or_insert_with(|| {
            bundles.push(Bundle {
                path: p.bundle.clone(),
                section: p.section.clone(),
                kind: config.section(&p.section).kind,
                is_section: p.is_section,
                translations: BTreeMap::new(),
                parent: None,
            });
            bundles.len() - 1
        });
        if bundles[b].is_section != p.is_section {
            diags.push(Diagnostic::error(
                &p.file,
                None,
                format!("`{}` has both index.*.md and _index.*.md files; a folder is a page or a section, not both", p.bundle),
            ));
            continue;
        }
        bundles[b].translations.insert(p.lang.clone(), i);
    }
    // Parents: the nearest ancestor folder that has a section page.
    for i in 0..bundles.len() {
        let mut path = bundles[i].path.clone();
        while !path.is_empty() {
            path = match path.rfind('/') {
                Some(k) => path[..k].to_string(),
                None => String::new(),
            };
            if let Some(&p) = bundle_of.get(&path)
                && bundles[p].is_section
            {
                bundles[i].parent = Some(p);
                break;
            }
        }
    }

    let mut outputs = Vec::new();
    let mut output_of = HashMap::new();
    let mut seen_urls: HashMap<String, String> = HashMap::new();
    for (bi, b) in bundles.iter().enumerate() {
        if b.kind == SectionKind::Kiosk {
            continue;
        }
        for lang in &config.languages {
            let chain = std::iter::once(&lang.code).chain(lang.fallback.iter());
            let Some(source) = chain.filter_map(|l| b.translations.get(l)).next().copied() else {
                continue;
            };
            let own = b.translations.get(&lang.code).map(|&i| &site.pages[i]);
            let url = page_url(
                &lang.code,
                &b.path,
                own.and_then(|p| p.meta.slug.as_ref().map(|s| s.value.as_str())),
            );
            let file = &site.pages[source].file;
            if let Some(other) = seen_urls.insert(url.clone(), file.display().to_string()) {
                diags.push(Diagnostic::error(
                    file,
                    None,
                    format!("the address {url} is also used by {other}; change a `slug`"),
                ));
                continue;
            }
            output_of.insert((bi, lang.code.clone()), outputs.len());
            outputs.push(Output {
                bundle: bi,
                lang: lang.code.clone(),
                source,
                url,
            });
        }
    }

    let mut aliases = Vec::new();
    // Kept apart from page addresses so that a clash names what the other claim is.
    let mut alias_of: HashMap<String, String> = HashMap::new();
    for o in &outputs {
        let p = &site.pages[o.source];
        if p.lang != o.lang {
            continue;
        }
        for a in &p.meta.aliases {
            match normalize_alias(&a.value) {
                Ok(from) if seen_urls.contains_key(&from) => diags.push(Diagnostic::error(
                    &p.file,
                    Some(a.line),
                    format!(
                        "key `aliases`: `{}` is the address of a page; an alias cannot replace it",
                        a.value
                    ),
                )),
                Ok(from) if alias_of.contains_key(&from) => diags.push(Diagnostic::error(
                    &p.file,
                    Some(a.line),
                    format!(
                        "key `aliases`: `{}` is already an alias of {}; an old address can lead to one page only",
                        a.value, alias_of[&from]
                    ),
                )),
                Ok(from) => {
                    alias_of.insert(from.clone(), p.file.display().to_string());
                    aliases.push(Alias {
                        from,
                        to: o.url.clone(),
                    });
                }
                Err(m) => diags.push(Diagnostic::error(
                    &p.file,
                    Some(a.line),
                    format!("key `aliases`: {m}"),
                )),
            }
        }
    }

    // References into the data files.
    for p in &site.pages {
        for s in &p.meta.sources {
            let id = s.value.split(':').next().unwrap_or("");
            if !site.sources.contains_key(id)
                && !site.broken_data.contains(&crate::load::data::SOURCES_FILE)
            {
                diags.push(Diagnostic::error(
                    &p.file,
                    Some(s.line),
                    format!("key `sources`: `{id}` is not a document in data/sources.toml"),
                ));
            }
        }
        for c in &p.meta.contacts {
            if !site.contacts.iter().any(|k| k.id == c.value)
                && !site.broken_data.contains(&crate::load::data::CONTACTS_FILE)
            {
                diags.push(Diagnostic::error(
                    &p.file,
                    Some(c.line),
                    format!(
                        "key `contacts`: `{}` is not an organisation in data/contacts.toml",
                        c.value
                    ),
                ));
            }
        }
        if let Some(o) = &p.meta.original
            && *o != p.lang
            && !bundle_of
                .get(&p.bundle)
                .is_some_and(|&b| bundles[b].translations.contains_key(o))
        {
            diags.push(Diagnostic::warning(
                &p.file,
                None,
                format!("key `original`: the original `{o}` version of this page does not exist"),
            ));
        }
    }

    let mut children: HashMap<usize, Vec<usize>> = HashMap::new();
    for (i, b) in bundles.iter().enumerate() {
        if let Some(parent) = b.parent {
            children.entry(parent).or_default().push(i);
        }
    }
    for (parent, list) in children.iter_mut() {
        sort_children(&site, &bundles, *parent, list);
    }

    (
        Linked {
            site,
            bundles,
            outputs,
            output_of,
            bundle_of,
            children,
            aliases,
        },
        diags,
    )
}

/// Orders a section's children by the section's `sort` (then title, then path, so the order is
/// stable). The default language's text decides, so every language lists pages in one order.
pub fn sort_children(site: &Site, bundles: &[Bundle], parent: usize, list: &mut [usize]) {
    let config = &site.config;
    let sort = config.section(&bundles[parent].section).sort;
    let key_page = |b: &Bundle| -> &PageSource {
        let i = b
            .translations
            .get(&config.default_language)
            .or_else(|| b.translations.values().next())
            .copied()
            .unwrap_or(0);
        &site.pages[i]
    };
    list.sort_by(|&a, &b| {
        let (pa, pb) = (key_page(&bundles[a]), key_page(&bundles[b]));
        let by = match sort {
            crate::model::config::SortBy::Weight => pa.meta.weight.cmp(&pb.meta.weight),
            crate::model::config::SortBy::Date => pb.meta.date.cmp(&pa.meta.date),
            crate::model::config::SortBy::Title => std::cmp::Ordering::Equal,
        };
        by.then_with(|| pa.meta.title.cmp(&pb.meta.title))
            .then_with(|| bundles[a].path.cmp(&bundles[b].path))
    });
}

pub fn page_url(lang: &str, bundle: &str, slug: Option<&str>) -> String {
    if bundle.is_empty() {
        return format!("/{lang}/");
    }
    match (slug, bundle.rfind('/')) {
        (Some(s), Some(k)) => format!("/{lang}/{}/{s}/", &bundle[..k]),
        (Some(s), None) => format!("/{lang}/{s}/"),
        (None, _) => format!("/{lang}/{bundle}/"),
    }
}

/// An alias becomes a folder with a redirect page, so it must stay inside the output folder.
pub fn normalize_alias(a: &str) -> Result<String, String> {
    let t = a.trim();
    if !t.starts_with('/') || t.starts_with("//") {
        return Err(format!("`{a}` must be a path on this site starting with /"));
    }
    let mut parts = Vec::new();
    for seg in t.split('/').filter(|s| !s.is_empty()) {
        if seg == "." || seg == ".." || seg.contains(['\\', '\0', ':', '?', '#', '%']) {
            return Err(format!("`{a}` would land outside the site's output folder"));
        }
        parts.push(seg);
    }
    if parts.is_empty() {
        return Err(format!("`{a}` would replace the site's root page"));
    }
    let last = parts[parts.len() - 1];
    if last.ends_with(".html") {
        Ok(format!("/{}", parts.join("/")))
    } else {
        Ok(format!("/{}/", parts.join("/")))
    }
}

/// Languages a bundle exists in, for "translation status" checks.
pub fn missing_languages(linked: &Linked, bundle: usize) -> Vec<String> {
    let have: HashSet<&String> = linked.bundles[bundle].translations.keys().collect();
    linked
        .site
        .config
        .languages
        .iter()
        .filter(|l| !have.contains(&l.code))
        .map(|l| l.code.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        assert_eq!(page_url("ky", "", None), "/ky/");
        assert_eq!(page_url("ky", "guides/russia", None), "/ky/guides/russia/");
        assert_eq!(
            page_url("ru", "guides/russia", Some("rossiya")),
            "/ru/guides/rossiya/"
        );
    }

    #[test]
    fn aliases_cannot_escape() {
        assert!(normalize_alias("/../etc/passwd").is_err());
        assert!(normalize_alias("../x").is_err());
        assert!(normalize_alias("//evil.example/x").is_err());
        assert!(normalize_alias("/a/%2e%2e/b").is_err());
        assert!(normalize_alias("/").is_err());
        assert_eq!(normalize_alias("/ru/old").unwrap(), "/ru/old/");
        assert_eq!(normalize_alias("/old.html").unwrap(), "/old.html");
    }
}
