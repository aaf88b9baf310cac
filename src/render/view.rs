//! What templates receive: one serialisable struct per template context, with exactly the keys
//! docs/templates.md lists, and the JSON the build writes (JSON-LD, the offline list).
//!
//! Tera turns each context into a JSON map, which orders keys by name, so the field order here
//! does not matter to templates. It does for the JSON written out as text ([`JsonLd`],
//! [`PrecacheList`]): those keep the fields sorted by name, the order the output had when it
//! was built from `json!` maps (serde_json without `preserve_order` sorts map keys).

use std::collections::BTreeMap;

use serde::Serialize;

use crate::model::config::{Language, SectionKind};
use crate::model::contact::ContactView;
use crate::model::output::Heading;

/// A page linked by title: breadcrumbs, the offline page's list.
#[derive(Serialize, Clone)]
pub struct Link {
    pub title: String,
    pub url: String,
}

/// A page in a listing: a section's `pages`, the home page's `sections`, `prev` and `next`.
#[derive(Serialize, Clone)]
pub struct Summary {
    pub title: String,
    pub description: String,
    pub url: String,
    pub date: String,
    pub date_iso: String,
    pub weight: i64,
    pub country: String,
    pub duration: Option<u32>,
    pub lang: String,
    pub is_fallback: bool,
}

/// The keys every page has: site, language, UI strings, menu, translations of the page.
#[derive(Serialize)]
pub struct Base<'a> {
    pub lang: &'a str,
    pub t: &'a BTreeMap<String, String>,
    pub site: SiteView<'a>,
    pub menu: Vec<MenuItem<'a>>,
    pub hotline: Option<ContactView>,
    pub hotline_url: Option<String>,
    /// Top-level section pages by name, in this language, with `home` and `search`.
    pub urls: BTreeMap<&'a str, String>,
    pub translations: Vec<Translation<'a>>,
}

/// `site`: the site in the reader's language.
#[derive(Serialize)]
pub struct SiteView<'a> {
    pub title: &'a str,
    pub name: &'a str,
    pub tagline: &'a str,
    pub description: &'a str,
    pub base_url: &'a str,
    pub default_language: &'a str,
    pub locale: &'a str,
    pub languages: &'a [Language],
    pub home: String,
    pub build_date: String,
    pub build_date_iso: String,
}

/// An entry of the main menu. The search entry has no `title`.
#[derive(Serialize)]
pub struct MenuItem<'a> {
    pub label: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<&'a str>,
    pub url: String,
    pub active: bool,
    pub current: bool,
    pub id: &'a str,
}

/// The page in one language, for the language switcher.
#[derive(Serialize)]
pub struct Translation<'a> {
    pub lang: &'a str,
    pub name: &'a str,
    pub url: String,
    pub current: bool,
    /// False where the reader would get a fallback.
    pub exists: bool,
}

/// An hreflang alternate of a page.
#[derive(Serialize)]
pub struct Alternate {
    pub hreflang: String,
    pub url: String,
}

/// A content page's template context (`page.html`, `section.html` and their kinds).
#[derive(Serialize)]
pub struct PageContext<'a> {
    #[serde(flatten)]
    pub base: Base<'a>,
    pub page: PageView<'a>,
    /// Section pages: the bundles in the section.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pages: Option<Vec<Summary>>,
    /// The home page: each section's bundles by section name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sections: Option<BTreeMap<String, Vec<Summary>>>,
    /// The directory section page: schema.org data, already serialised and escaped.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub json_ld: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub directory: Option<Directory<'a>>,
}

/// `page` of a content page.
#[derive(Serialize)]
pub struct PageView<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub url: &'a str,
    pub permalink: String,
    pub canonical: String,
    pub bundle: &'a str,
    pub section: &'a str,
    pub kind: SectionKind,
    pub is_section: bool,
    pub is_home: bool,
    pub lang: &'a str,
    pub content_lang: &'a str,
    pub content_lang_name: String,
    pub is_fallback: bool,
    pub notice_fallback: String,
    pub needs_review: bool,
    pub original: Option<Original<'a>>,
    pub locale_alternates: Vec<&'a str>,
    pub noindex: bool,
    pub date: String,
    pub date_iso: String,
    pub updated: String,
    pub updated_iso: String,
    pub content: &'a str,
    pub toc: Vec<&'a Heading>,
    pub weight: i64,
    pub country: Option<&'a str>,
    pub quick_facts: Vec<QuickFact<'a>>,
    pub duration: Option<u32>,
    pub goals: &'a [String],
    pub checklist: &'a [String],
    pub quiz: Vec<Question<'a>>,
    pub sources: Vec<Source<'a>>,
    pub contacts: Vec<ContactView>,
    pub alternates: Vec<Alternate>,
    pub breadcrumbs: Vec<Link>,
    pub prev: Option<Summary>,
    pub next: Option<Summary>,
    pub number: usize,
    pub total: usize,
    pub file: String,
}

/// The original-language page a translation was made from.
#[derive(Serialize)]
pub struct Original<'a> {
    pub lang: &'a str,
    pub name: String,
    pub url: &'a str,
}

#[derive(Serialize)]
pub struct QuickFact<'a> {
    pub label: &'a str,
    pub value: &'a str,
}

/// A quiz question of a course module; `answer` counts from 1.
#[derive(Serialize)]
pub struct Question<'a> {
    pub question: &'a str,
    pub options: &'a [String],
    pub answer: usize,
    pub answer_text: &'a str,
    pub explain: &'a str,
}

/// A document the page cites, once, with the lines of every reference to it.
#[derive(Serialize)]
pub struct Source<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub lines: String,
    pub file: &'a str,
    pub year: Option<i64>,
    pub url: Option<&'a str>,
}

/// `page` of a generated page with no Markdown behind it (search, 404, offline, the language
/// chooser): the keys base.html reads, so templates need no `is defined` guards.
#[derive(Serialize)]
pub struct PlainPage<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub url: String,
    pub permalink: String,
    pub canonical: String,
    pub alternates: Vec<Alternate>,
    pub bundle: &'a str,
    pub section: &'a str,
    pub kind: SectionKind,
    pub is_section: bool,
    pub is_home: bool,
    pub lang: &'a str,
    pub content_lang: &'a str,
    pub is_fallback: bool,
    pub notice_fallback: &'a str,
    pub needs_review: bool,
    pub original: Option<Original<'a>>,
    pub locale_alternates: Vec<&'a str>,
    pub noindex: bool,
    pub date: &'a str,
    pub updated: &'a str,
    pub content: &'a str,
    /// Always empty: generated pages have no headings, sources or contacts.
    pub toc: Vec<Heading>,
    pub sources: Vec<Source<'a>>,
    pub contacts: Vec<ContactView>,
    pub breadcrumbs: Vec<Link>,
}

/// Context of `404.html`.
#[derive(Serialize)]
pub struct PlainContext<'a> {
    #[serde(flatten)]
    pub base: Base<'a>,
    pub page: PlainPage<'a>,
}

/// Context of `offline.html`.
#[derive(Serialize)]
pub struct OfflineContext<'a> {
    #[serde(flatten)]
    pub base: Base<'a>,
    pub page: PlainPage<'a>,
    /// The pages the service worker keeps in this language.
    pub saved: Vec<Link>,
}

/// Context of `chooser.html`, the root language chooser.
#[derive(Serialize)]
pub struct ChooserContext<'a> {
    #[serde(flatten)]
    pub base: Base<'a>,
    pub page: PlainPage<'a>,
    pub choices: Vec<Choice<'a>>,
}

/// A language on the chooser, with `choose` and `hotline` in its own language.
#[derive(Serialize)]
pub struct Choice<'a> {
    pub code: &'a str,
    pub name: &'a str,
    pub title: &'a str,
    pub description: &'a str,
    pub url: String,
    pub choose: &'a str,
    pub hotline: &'a str,
}

/// Context of `search.html`, with results when the server answers a query.
#[derive(Serialize)]
pub struct SearchContext<'a> {
    #[serde(flatten)]
    pub base: Base<'a>,
    pub page: PlainPage<'a>,
    pub query: &'a str,
    pub results: Vec<Hit<'a>>,
    pub total: usize,
    pub searched: bool,
    pub message: &'a str,
}

/// A search result.
#[derive(Serialize)]
pub struct Hit<'a> {
    pub url: &'a str,
    pub title: &'a str,
    pub lang: &'a str,
    pub lang_name: String,
    pub other_lang: bool,
    pub snippet: &'a str,
    pub kind: &'a str,
    pub section: &'a str,
}

/// `directory`: every contact, and the same grouped by topic and by country.
#[derive(Serialize)]
pub struct Directory<'a> {
    pub all: &'a [ContactView],
    pub by_topic: Vec<Group<'a>>,
    pub by_country: Vec<Group<'a>>,
}

/// Contacts of one topic or country; `items` are their ids.
#[derive(Serialize)]
pub struct Group<'a> {
    pub id: &'a str,
    pub label: String,
    pub items: Vec<&'a str>,
    pub contacts: Vec<&'a ContactView>,
}

/// schema.org data of the directory. Fields in name order: see the module comment.
#[derive(Serialize)]
pub struct JsonLd<'a> {
    #[serde(rename = "@context")]
    pub context: &'static str,
    #[serde(rename = "@graph")]
    pub graph: Vec<Organization<'a>>,
}

#[derive(Serialize)]
pub struct Organization<'a> {
    #[serde(rename = "@id")]
    pub id: String,
    #[serde(rename = "@type")]
    pub kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<&'a str>,
    #[serde(rename = "areaServed", skip_serializing_if = "Vec::is_empty")]
    pub area_served: Vec<Country<'a>>,
    #[serde(rename = "contactPoint", skip_serializing_if = "Option::is_none")]
    pub contact_point: Option<ContactPoint<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<&'a str>,
    pub name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<&'a str>,
}

#[derive(Serialize, Clone)]
pub struct Country<'a> {
    #[serde(rename = "@type")]
    pub kind: &'static str,
    pub identifier: &'a str,
    pub name: String,
}

#[derive(Serialize)]
pub struct ContactPoint<'a> {
    #[serde(rename = "@type")]
    pub kind: &'static str,
    #[serde(rename = "areaServed", skip_serializing_if = "Vec::is_empty")]
    pub area_served: Vec<Country<'a>>,
    #[serde(rename = "contactType", skip_serializing_if = "Option::is_none")]
    pub contact_type: Option<String>,
    pub telephone: &'a str,
}

/// What the service worker keeps offline (`self.SAPAR_PRECACHE`). Fields in name order: see
/// the module comment.
#[derive(Serialize)]
pub struct PrecacheList<'a> {
    pub common: Vec<String>,
    pub default_language: &'a str,
    /// Each language's offline page.
    pub offline: BTreeMap<&'a str, String>,
    /// Each language's pages to keep.
    pub pages: BTreeMap<&'a str, Vec<String>>,
    pub version: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The JSON written out as text keeps the order `json!` maps had: keys sorted by name.
    #[test]
    fn written_json_has_its_keys_in_name_order() {
        let list = PrecacheList {
            common: vec!["/app.js".into()],
            default_language: "ky",
            offline: [("ky", "/ky/offline/".to_string())].into_iter().collect(),
            pages: [("ky", vec!["/ky/".to_string()])].into_iter().collect(),
            version: "0".into(),
        };
        let sorted = serde_json::to_value(&list).and_then(|v| serde_json::to_string_pretty(&v));
        assert_eq!(serde_json::to_string_pretty(&list).ok(), sorted.ok());
    }
}
