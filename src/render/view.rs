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
pub(crate) struct Link {
    pub(crate) title: String,
    pub(crate) url: String,
}

/// A page in a listing: a section's `pages`, the home page's `sections`, `prev` and `next`.
#[derive(Serialize, Clone)]
pub(crate) struct Summary {
    pub(crate) title: String,
    pub(crate) description: String,
    pub(crate) url: String,
    pub(crate) date: String,
    pub(crate) date_iso: String,
    pub(crate) weight: i64,
    pub(crate) country: String,
    pub(crate) duration: Option<u32>,
    pub(crate) lang: String,
    pub(crate) is_fallback: bool,
}

/// The keys every page has: site, language, UI strings, menu, translations of the page.
#[derive(Serialize)]
pub(crate) struct Base<'a> {
    pub(crate) lang: &'a str,
    pub(crate) t: &'a BTreeMap<String, String>,
    pub(crate) site: SiteView<'a>,
    pub(crate) menu: Vec<MenuItem<'a>>,
    pub(crate) hotline: Option<ContactView>,
    pub(crate) hotline_url: Option<String>,
    /// Top-level section pages by name, in this language, with `home` and `search`.
    pub(crate) urls: BTreeMap<&'a str, String>,
    pub(crate) translations: Vec<Translation<'a>>,
}

/// `site`: the site in the reader's language.
#[derive(Serialize)]
pub(crate) struct SiteView<'a> {
    pub(crate) title: &'a str,
    pub(crate) name: &'a str,
    pub(crate) tagline: &'a str,
    pub(crate) description: &'a str,
    pub(crate) base_url: &'a str,
    pub(crate) default_language: &'a str,
    pub(crate) locale: &'a str,
    pub(crate) languages: &'a [Language],
    pub(crate) home: String,
    pub(crate) build_date: String,
    pub(crate) build_date_iso: String,
}

/// An entry of the main menu. The search entry has no `title`.
#[derive(Serialize)]
pub(crate) struct MenuItem<'a> {
    pub(crate) label: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) title: Option<&'a str>,
    pub(crate) url: String,
    pub(crate) active: bool,
    pub(crate) current: bool,
    pub(crate) id: &'a str,
}

/// The page in one language, for the language switcher.
#[derive(Serialize)]
pub(crate) struct Translation<'a> {
    pub(crate) lang: &'a str,
    pub(crate) name: &'a str,
    pub(crate) url: String,
    pub(crate) current: bool,
    /// False where the reader would get a fallback.
    pub(crate) exists: bool,
}

/// An hreflang alternate of a page.
#[derive(Serialize)]
pub(crate) struct Alternate {
    pub(crate) hreflang: String,
    pub(crate) url: String,
}

/// A content page's template context (`page.html`, `section.html` and their kinds).
#[derive(Serialize)]
pub(crate) struct PageContext<'a> {
    #[serde(flatten)]
    pub(crate) base: Base<'a>,
    pub(crate) page: PageView<'a>,
    /// Section pages: the bundles in the section.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) pages: Option<Vec<Summary>>,
    /// The home page: each section's bundles by section name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) sections: Option<BTreeMap<String, Vec<Summary>>>,
    /// The directory section page: schema.org data, already serialised and escaped.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) json_ld: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) directory: Option<Directory<'a>>,
}

/// `page` of a content page.
#[derive(Serialize)]
pub(crate) struct PageView<'a> {
    pub(crate) title: &'a str,
    pub(crate) description: &'a str,
    pub(crate) url: &'a str,
    pub(crate) permalink: String,
    pub(crate) canonical: String,
    pub(crate) bundle: &'a str,
    pub(crate) section: &'a str,
    pub(crate) kind: SectionKind,
    pub(crate) is_section: bool,
    pub(crate) is_home: bool,
    pub(crate) lang: &'a str,
    pub(crate) content_lang: &'a str,
    pub(crate) content_lang_name: String,
    pub(crate) is_fallback: bool,
    pub(crate) notice_fallback: String,
    pub(crate) needs_review: bool,
    /// The text is a translation made from an older version of its original
    /// (`link::freshness`): the original was updated since.
    pub(crate) outdated: bool,
    pub(crate) original: Option<Original<'a>>,
    pub(crate) locale_alternates: Vec<&'a str>,
    pub(crate) noindex: bool,
    pub(crate) date: String,
    pub(crate) date_iso: String,
    pub(crate) updated: String,
    pub(crate) updated_iso: String,
    pub(crate) content: &'a str,
    pub(crate) toc: Vec<&'a Heading>,
    pub(crate) weight: i64,
    pub(crate) country: Option<&'a str>,
    pub(crate) quick_facts: Vec<QuickFact<'a>>,
    pub(crate) duration: Option<u32>,
    pub(crate) goals: &'a [String],
    pub(crate) checklist: &'a [String],
    pub(crate) quiz: Vec<Question<'a>>,
    pub(crate) sources: Vec<Source<'a>>,
    pub(crate) contacts: Vec<ContactView>,
    pub(crate) alternates: Vec<Alternate>,
    pub(crate) breadcrumbs: Vec<Link>,
    pub(crate) prev: Option<Summary>,
    pub(crate) next: Option<Summary>,
    pub(crate) number: usize,
    pub(crate) total: usize,
    pub(crate) file: String,
}

/// The original-language page a translation was made from.
#[derive(Serialize)]
pub(crate) struct Original<'a> {
    pub(crate) lang: &'a str,
    pub(crate) name: String,
    pub(crate) url: &'a str,
}

#[derive(Serialize)]
pub(crate) struct QuickFact<'a> {
    pub(crate) label: &'a str,
    pub(crate) value: &'a str,
}

/// A quiz question of a course module; `answer` counts from 1.
#[derive(Serialize)]
pub(crate) struct Question<'a> {
    pub(crate) question: &'a str,
    pub(crate) options: &'a [String],
    pub(crate) answer: usize,
    pub(crate) answer_text: &'a str,
    pub(crate) explain: &'a str,
}

/// A document the page cites, once, with the lines of every reference to it.
#[derive(Serialize)]
pub(crate) struct Source<'a> {
    pub(crate) id: &'a str,
    pub(crate) title: &'a str,
    pub(crate) lines: String,
    pub(crate) file: &'a str,
    pub(crate) year: Option<i64>,
    pub(crate) url: Option<&'a str>,
}

/// `page` of a generated page with no Markdown behind it (search, 404, offline, the language
/// chooser): the keys base.html reads, so templates need no `is defined` guards.
#[derive(Serialize)]
pub(crate) struct PlainPage<'a> {
    pub(crate) title: &'a str,
    pub(crate) description: &'a str,
    pub(crate) url: String,
    pub(crate) permalink: String,
    pub(crate) canonical: String,
    pub(crate) alternates: Vec<Alternate>,
    pub(crate) bundle: &'a str,
    pub(crate) section: &'a str,
    pub(crate) kind: SectionKind,
    pub(crate) is_section: bool,
    pub(crate) is_home: bool,
    pub(crate) lang: &'a str,
    pub(crate) content_lang: &'a str,
    pub(crate) is_fallback: bool,
    pub(crate) notice_fallback: &'a str,
    pub(crate) needs_review: bool,
    pub(crate) outdated: bool,
    pub(crate) original: Option<Original<'a>>,
    pub(crate) locale_alternates: Vec<&'a str>,
    pub(crate) noindex: bool,
    pub(crate) date: &'a str,
    pub(crate) updated: &'a str,
    pub(crate) content: &'a str,
    /// Always empty: generated pages have no headings, sources or contacts.
    pub(crate) toc: Vec<Heading>,
    pub(crate) sources: Vec<Source<'a>>,
    pub(crate) contacts: Vec<ContactView>,
    pub(crate) breadcrumbs: Vec<Link>,
}

/// Context of `404.html`.
#[derive(Serialize)]
pub(crate) struct PlainContext<'a> {
    #[serde(flatten)]
    pub(crate) base: Base<'a>,
    pub(crate) page: PlainPage<'a>,
}

/// Context of `offline.html`.
#[derive(Serialize)]
pub(crate) struct OfflineContext<'a> {
    #[serde(flatten)]
    pub(crate) base: Base<'a>,
    pub(crate) page: PlainPage<'a>,
    /// The pages the service worker keeps in this language.
    pub(crate) saved: Vec<Link>,
}

/// Context of `chooser.html`, the root language chooser.
#[derive(Serialize)]
pub(crate) struct ChooserContext<'a> {
    #[serde(flatten)]
    pub(crate) base: Base<'a>,
    pub(crate) page: PlainPage<'a>,
    pub(crate) choices: Vec<Choice<'a>>,
}

/// A language on the chooser, with `choose` and `hotline` in its own language.
#[derive(Serialize)]
pub(crate) struct Choice<'a> {
    pub(crate) code: &'a str,
    pub(crate) name: &'a str,
    pub(crate) title: &'a str,
    pub(crate) description: &'a str,
    pub(crate) url: String,
    pub(crate) choose: &'a str,
    pub(crate) hotline: &'a str,
}

/// Context of `search.html`, with results when the server answers a query.
#[derive(Serialize)]
pub(crate) struct SearchContext<'a> {
    #[serde(flatten)]
    pub(crate) base: Base<'a>,
    pub(crate) page: PlainPage<'a>,
    pub(crate) query: &'a str,
    pub(crate) results: Vec<Hit<'a>>,
    pub(crate) total: usize,
    pub(crate) searched: bool,
    pub(crate) message: &'a str,
}

/// A search result.
#[derive(Serialize)]
pub(crate) struct Hit<'a> {
    pub(crate) url: &'a str,
    pub(crate) title: &'a str,
    pub(crate) lang: &'a str,
    pub(crate) lang_name: String,
    pub(crate) other_lang: bool,
    pub(crate) snippet: &'a str,
    pub(crate) kind: &'a str,
    pub(crate) section: &'a str,
}

/// `directory`: every contact, and the same grouped by topic and by country.
#[derive(Serialize)]
pub(crate) struct Directory<'a> {
    pub(crate) all: &'a [ContactView],
    pub(crate) by_topic: Vec<Group<'a>>,
    pub(crate) by_country: Vec<Group<'a>>,
}

/// Contacts of one topic or country; `items` are their ids.
#[derive(Serialize)]
pub(crate) struct Group<'a> {
    pub(crate) id: &'a str,
    pub(crate) label: String,
    pub(crate) items: Vec<&'a str>,
    pub(crate) contacts: Vec<&'a ContactView>,
}

/// schema.org data of the directory. Fields in name order: see the module comment.
#[derive(Serialize)]
pub(crate) struct JsonLd<'a> {
    #[serde(rename = "@context")]
    pub(crate) context: &'static str,
    #[serde(rename = "@graph")]
    pub(crate) graph: Vec<Organization<'a>>,
}

#[derive(Serialize)]
pub(crate) struct Organization<'a> {
    #[serde(rename = "@id")]
    pub(crate) id: String,
    #[serde(rename = "@type")]
    pub(crate) kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) address: Option<&'a str>,
    #[serde(rename = "areaServed", skip_serializing_if = "Vec::is_empty")]
    pub(crate) area_served: Vec<Country<'a>>,
    #[serde(rename = "contactPoint", skip_serializing_if = "Option::is_none")]
    pub(crate) contact_point: Option<ContactPoint<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) description: Option<&'a str>,
    pub(crate) name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) url: Option<&'a str>,
}

#[derive(Serialize, Clone)]
pub(crate) struct Country<'a> {
    #[serde(rename = "@type")]
    pub(crate) kind: &'static str,
    pub(crate) identifier: &'a str,
    pub(crate) name: String,
}

#[derive(Serialize)]
pub(crate) struct ContactPoint<'a> {
    #[serde(rename = "@type")]
    pub(crate) kind: &'static str,
    #[serde(rename = "areaServed", skip_serializing_if = "Vec::is_empty")]
    pub(crate) area_served: Vec<Country<'a>>,
    #[serde(rename = "contactType", skip_serializing_if = "Option::is_none")]
    pub(crate) contact_type: Option<String>,
    pub(crate) telephone: &'a str,
}

/// What the service worker keeps offline (`self.SAPAR_PRECACHE`). Fields in name order: see
/// the module comment.
#[derive(Serialize)]
pub(crate) struct PrecacheList<'a> {
    pub(crate) common: Vec<String>,
    pub(crate) default_language: &'a str,
    /// Each language's offline page.
    pub(crate) offline: BTreeMap<&'a str, String>,
    /// Each language's pages to keep.
    pub(crate) pages: BTreeMap<&'a str, Vec<String>>,
    pub(crate) version: String,
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
