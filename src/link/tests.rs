//! Link on sites built in memory: bundles, fallbacks, addresses, aliases, references and
//! neighbours, without a site on disk.

use std::collections::{BTreeMap, HashSet};
use std::path::PathBuf;

use super::aliases::normalize_alias;
use super::outputs::page_url;
use super::*;
use crate::load::data::SOURCES_FILE;
use crate::model::config::{Config, Language, Section, SortBy};
use crate::model::contact::SourceDoc;
use crate::model::date::Date;
use crate::model::site::{Meta, Ref, SourceRef};

/// Kyrgyz, Russian and English, each falling back as the shipped site does.
fn config() -> Config {
    let lang = |code: &str, fallback: &[&str]| Language {
        code: code.into(),
        name: code.into(),
        title: code.into(),
        description: String::new(),
        locale: code.into(),
        fallback: fallback.iter().map(|s| s.to_string()).collect(),
    };
    let section = |name: &str, kind, sort| Section {
        name: name.into(),
        kind,
        sort,
    };
    Config {
        root: PathBuf::from("."),
        base_url: "https://portal.example.kg".into(),
        default_language: "ky".into(),
        languages: vec![
            lang("ky", &["ru", "en"]),
            lang("ru", &["en", "ky"]),
            lang("en", &["ru", "ky"]),
        ],
        theme: "portal".into(),
        sections: vec![
            section("guides", SectionKind::Guide, SortBy::Weight),
            section("news", SectionKind::News, SortBy::Date),
            section("glossary", SectionKind::Page, SortBy::Title),
            section("kiosk", SectionKind::Kiosk, SortBy::Weight),
        ],
        menu: vec![],
        stale_contact_days: 180,
        kiosks: vec![],
        ..Default::default()
    }
}

/// `content/<bundle>/index.<lang>.md`, titled after its bundle.
fn page(bundle: &str, lang: &str) -> PageSource {
    source(bundle, lang, false)
}

/// `content/<bundle>/_index.<lang>.md`; `""` is the home page.
fn section(bundle: &str, lang: &str) -> PageSource {
    source(bundle, lang, true)
}

fn source(bundle: &str, lang: &str, is_section: bool) -> PageSource {
    let folder = if bundle.is_empty() {
        "content".to_string()
    } else {
        format!("content/{bundle}")
    };
    let name = if is_section { "_index" } else { "index" };
    PageSource {
        bundle: bundle.into(),
        section: bundle.split('/').next().unwrap_or("").into(),
        is_section,
        lang: lang.into(),
        file: PathBuf::from(format!("{folder}/{name}.{lang}.md")),
        meta: Meta {
            title: bundle.into(),
            ..Meta::default()
        },
        body: std::sync::Arc::from(""),
        body_line: 4,
        front_hash: 0,
        fingerprint: String::new(),
    }
}

fn at(value: &str, line: usize) -> Ref {
    Ref {
        value: value.into(),
        line,
    }
}

fn site(pages: Vec<PageSource>) -> Site {
    Site {
        config: config(),
        pages,
        assets: vec![],
        drafts: Vec::new(),
        contacts: vec![],
        sources: BTreeMap::new(),
        synonyms: Vec::new(),
        broken: HashSet::new(),
        broken_data: vec![],
        snapshots: Default::default(),
    }
}

/// Links a site and hands back the findings beside it.
fn link(site: Site) -> (Linked, Diagnostics) {
    let mut diags = Diagnostics::default();
    let linked = super::link(site, &mut diags);
    (linked, diags)
}

/// Links `pages` under a home page and a guides section, both in Kyrgyz.
fn linked(pages: Vec<PageSource>) -> (Linked, Diagnostics) {
    let mut all = vec![section("", "ky"), section("guides", "ky")];
    all.extend(pages);
    link(site(all))
}

fn errors(d: &Diagnostics) -> Vec<String> {
    d.errors().map(ToString::to_string).collect()
}

/// The reader's language → the language of the text shown and the address.
fn shown(l: &Linked, bundle: &str, lang: &str) -> Option<(String, String)> {
    let o = l.output(l.bundle_of[bundle], lang)?;
    Some((l.page(o).lang.clone(), o.url.clone()))
}

fn pair(lang: &str, url: &str) -> Option<(String, String)> {
    Some((lang.into(), url.into()))
}

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

#[test]
fn translations_of_a_folder_are_one_bundle_under_the_nearest_section() {
    let (l, d) = linked(vec![
        page("guides/russia", "ky"),
        page("guides/russia", "ru"),
        page("guides/russia", "en"),
        section("guides", "ru"),
        // guides/russia is a page, not a section: the nearest section above is guides.
        page("guides/russia/moscow", "ru"),
        page("about", "en"),
    ]);
    assert!(errors(&d).is_empty(), "{:?}", errors(&d));
    let b = |path: &str| &l.bundles[l.bundle_of[path]];
    let russia = b("guides/russia");
    assert_eq!(
        russia.translations.keys().collect::<Vec<_>>(),
        ["en", "ky", "ru"]
    );
    assert_eq!(russia.kind, SectionKind::Guide);
    assert!(!russia.is_section);
    assert_eq!(b("guides").translations.len(), 2);
    assert_eq!(russia.parent, Some(l.bundle_of["guides"]));
    assert_eq!(
        b("guides/russia/moscow").parent,
        Some(l.bundle_of["guides"])
    );
    assert_eq!(b("about").parent, Some(l.bundle_of[""]));
    assert_eq!(b("guides").parent, Some(l.bundle_of[""]));
    assert_eq!(b("").parent, None);
    assert_eq!(b("about").kind, SectionKind::Page);
}

#[test]
fn a_folder_is_a_page_or_a_section_not_both() {
    let (l, d) = linked(vec![page("guides", "ru")]);
    let e = errors(&d);
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(
        e[0].contains("content/guides/index.ru.md") && e[0].contains("has both"),
        "{e:?}"
    );
    // The first kind seen stays; the other file is left out.
    let guides = &l.bundles[l.bundle_of["guides"]];
    assert!(guides.is_section);
    assert!(!guides.translations.contains_key("ru"));
}

#[test]
fn readers_get_their_own_text_else_their_fallback_order() {
    let (l, d) = linked(vec![
        page("guides/kz", "ru"),
        page("guides/kz", "en"),
        page("guides/tr", "en"),
        page("guides/kr", "ky"),
        page("guides/kr", "en"),
    ]);
    assert!(errors(&d).is_empty(), "{:?}", errors(&d));
    // Kyrgyz readers: Russian first, then English.
    assert_eq!(shown(&l, "guides/kz", "ky"), pair("ru", "/ky/guides/kz/"));
    assert_eq!(shown(&l, "guides/tr", "ky"), pair("en", "/ky/guides/tr/"));
    // Russian readers: English first, then Kyrgyz.
    assert_eq!(shown(&l, "guides/kr", "ru"), pair("en", "/ru/guides/kr/"));
    assert_eq!(shown(&l, "guides/kz", "ru"), pair("ru", "/ru/guides/kz/"));
    let o = l.output(l.bundle_of["guides/kz"], "ky").unwrap();
    assert!(o.is_fallback(&l.site));
    let o = l.output(l.bundle_of["guides/kz"], "ru").unwrap();
    assert!(!o.is_fallback(&l.site));
    // Every language gets every bundle here, so every pair has one output.
    assert_eq!(l.outputs.len(), 3 * l.bundles.len());
    assert_eq!(l.output_of.len(), l.outputs.len());
    assert_eq!(
        l.url("guides/tr", "en"),
        Some("/en/guides/tr/"),
        "Linked::url agrees"
    );
}

#[test]
fn a_language_without_fallbacks_gets_only_its_own_pages() {
    let mut s = site(vec![section("", "ky"), page("news", "ru")]);
    s.config.languages[0].fallback.clear();
    let (l, _) = link(s);
    assert_eq!(l.url("news", "ky"), None);
    assert_eq!(l.url("news", "ru"), Some("/ru/news/"));
    assert_eq!(l.url("news", "en"), Some("/en/news/"));
}

#[test]
fn a_slug_renames_only_its_own_translation() {
    let mut ru = page("guides/russia", "ru");
    ru.meta.slug = Some(at("rossiya", 3));
    let mut top = page("help", "en");
    top.meta.slug = Some(at("support", 3));
    let (l, d) = linked(vec![page("guides/russia", "ky"), ru, top]);
    assert!(errors(&d).is_empty(), "{:?}", errors(&d));
    assert_eq!(
        shown(&l, "guides/russia", "ru"),
        pair("ru", "/ru/guides/rossiya/")
    );
    assert_eq!(
        shown(&l, "guides/russia", "ky"),
        pair("ky", "/ky/guides/russia/")
    );
    // English readers see the Russian text, at the address without the Russian slug.
    assert_eq!(
        shown(&l, "guides/russia", "en"),
        pair("ru", "/en/guides/russia/")
    );
    assert_eq!(shown(&l, "help", "en"), pair("en", "/en/support/"));
    assert_eq!(shown(&l, "", "ru"), pair("ky", "/ru/"));
}

#[test]
fn two_pages_at_one_address_is_an_error() {
    let mut ru = page("guides/russia", "ru");
    ru.meta.slug = Some(at("kz", 3));
    let (l, d) = linked(vec![page("guides/kz", "ru"), ru]);
    let e = errors(&d);
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(
        e[0].contains("content/guides/russia/index.ru.md")
            && e[0].contains("/ru/guides/kz/ is also used by content/guides/kz/index.ru.md"),
        "{e:?}"
    );
    assert_eq!(
        l.outputs
            .iter()
            .filter(|o| o.url == "/ru/guides/kz/")
            .count(),
        1
    );
}

#[test]
fn aliases_lead_from_old_addresses_to_the_own_translation() {
    let mut ru = page("guides/russia", "ru");
    ru.meta.aliases = vec![at("/ru/old-russia", 5), at("/russia.html", 6)];
    let (l, d) = linked(vec![ru]);
    assert!(errors(&d).is_empty(), "{:?}", errors(&d));
    // The Kyrgyz and English fallbacks show the Russian text but do not repeat its aliases.
    let got: Vec<(&str, &str)> = l
        .aliases
        .iter()
        .map(|a| (a.from.as_str(), a.to.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("/ru/old-russia/", "/ru/guides/russia/"),
            ("/russia.html", "/ru/guides/russia/")
        ]
    );
}

#[test]
fn aliases_may_not_replace_pages_nor_lead_two_ways() {
    let mut ky = page("guides/russia", "ky");
    ky.meta.aliases = vec![at("/ky/guides/", 5), at("/ky/old", 6), at("../up", 7)];
    let mut ru = page("guides/kz", "ru");
    ru.meta.aliases = vec![at("/ky/old/", 5)];
    let (l, d) = linked(vec![ky, ru]);
    let e = errors(&d);
    assert_eq!(e.len(), 3, "{e:?}");
    assert!(
        e[0].contains("russia/index.ky.md:5")
            && e[0].contains("`/ky/guides/` is the address of a page"),
        "{e:?}"
    );
    assert!(
        e[1].contains("russia/index.ky.md:7") && e[1].contains("key `aliases`: `../up` must be"),
        "{e:?}"
    );
    assert!(
        e[2].contains("kz/index.ru.md:5")
            && e[2].contains("`/ky/old/` is already an alias of content/guides/russia/index.ky.md"),
        "{e:?}"
    );
    assert_eq!(l.aliases.len(), 1);
    assert_eq!(l.aliases[0].from, "/ky/old/");
}

#[test]
fn references_into_the_data_files_are_checked() {
    let mut ru = page("guides/russia", "ru");
    ru.meta.sources = vec![
        SourceRef {
            id: "mgi-2022".into(),
            lines: Some("12-14".into()),
            line: 5,
        },
        SourceRef {
            id: "nope".into(),
            lines: None,
            line: 6,
        },
    ];
    ru.meta.contacts = vec![at("nobody", 7)];
    ru.meta.original = Some("en".into());
    let mut s = site(vec![section("", "ky"), ru]);
    s.sources.insert(
        "mgi-2022".into(),
        SourceDoc {
            id: "mgi-2022".into(),
            file: "mgi.pdf".into(),
            year: Some(2022),
            title: BTreeMap::new(),
            url: None,
            line_count: None,
        },
    );
    let (_, d) = link(s.clone());
    let e = errors(&d);
    assert_eq!(e.len(), 2, "{e:?}");
    assert!(
        e[0].contains("index.ru.md:6") && e[0].contains("`nope` is not a document"),
        "{e:?}"
    );
    assert!(
        e[1].contains("index.ru.md:7") && e[1].contains("`nobody` is not an organisation"),
        "{e:?}"
    );
    let w: Vec<String> = d.warnings().map(ToString::to_string).collect();
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(w[0].contains("the original `en` version"), "{w:?}");

    // A data file that failed to load has its own error; its citations are not reported.
    s.broken_data.push(SOURCES_FILE);
    let (_, d) = link(s);
    let e = errors(&d);
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(e[0].contains("`nobody`"), "{e:?}");
}

#[test]
fn a_broken_bundle_links_to_a_placeholder() {
    let mut s = site(vec![section("", "ky")]);
    s.broken.insert("guides/lost".into());
    let (l, _) = link(s);
    assert_eq!(l.url("guides/lost", "ky"), Some("#"));
    assert_eq!(l.url("guides/unknown", "ky"), None);
}

#[test]
fn kiosk_slides_are_bundles_without_pages() {
    let (l, d) = linked(vec![
        page("kiosk/hotline", "ky"),
        page("kiosk/hotline", "ru"),
    ]);
    assert!(errors(&d).is_empty(), "{:?}", errors(&d));
    let b = l.bundle_of["kiosk/hotline"];
    assert_eq!(l.bundles[b].kind, SectionKind::Kiosk);
    assert_eq!(l.bundles[b].translations.len(), 2);
    assert!(l.outputs.iter().all(|o| o.bundle != b));
    assert_eq!(l.url("kiosk/hotline", "ky"), None);
}

fn weighted(bundle: &str, lang: &str, weight: i64, title: &str) -> PageSource {
    let mut p = page(bundle, lang);
    p.meta.weight = weight;
    p.meta.title = title.into();
    p
}

/// The paths of a section's children, in listing order.
fn children_of(l: &Linked, section: &str) -> Vec<String> {
    l.children[&l.bundle_of[section]]
        .iter()
        .map(|&b| l.bundles[b].path.clone())
        .collect()
}

#[test]
fn children_follow_the_sections_sort_in_the_default_language() {
    let dated = |bundle: &str, date: &str| {
        let mut p = page(bundle, "ky");
        p.meta.date = Some(Date::parse(date).unwrap());
        p
    };
    let (l, d) = linked(vec![
        // By weight, then title, then path; the Kyrgyz text decides.
        weighted("guides/c", "ky", 1, "Б"),
        weighted("guides/a", "ky", 2, "А"),
        weighted("guides/b", "ky", 1, "А"),
        weighted("guides/b", "ru", 9, "Я"),
        weighted("guides/e", "ky", 1, "Б"),
        // No Kyrgyz text: the first language in code order (en) decides.
        weighted("guides/d", "en", 0, "Z"),
        weighted("guides/d", "ru", 5, "A"),
        // Newest first.
        section("news", "ky"),
        dated("news/old", "2024-01-05"),
        dated("news/new", "2025-03-01"),
        // By title only.
        section("glossary", "ky"),
        weighted("glossary/x", "ky", 1, "Виза"),
        weighted("glossary/y", "ky", 0, "Патент"),
        weighted("glossary/z", "ky", 5, "Азык"),
    ]);
    assert!(errors(&d).is_empty(), "{:?}", errors(&d));
    assert_eq!(
        children_of(&l, "guides"),
        ["guides/d", "guides/b", "guides/c", "guides/e", "guides/a"]
    );
    assert_eq!(children_of(&l, "news"), ["news/new", "news/old"]);
    assert_eq!(
        children_of(&l, "glossary"),
        ["glossary/z", "glossary/x", "glossary/y"]
    );
    assert_eq!(children_of(&l, ""), ["glossary", "guides", "news"]);
}

#[test]
fn a_moved_page_touches_its_neighbours_before_and_after() {
    let (mut l, _) = linked(vec![
        weighted("guides/a", "ky", 1, "a"),
        weighted("guides/b", "ky", 2, "b"),
        weighted("guides/c", "ky", 3, "c"),
        weighted("guides/d", "ky", 4, "d"),
    ]);
    let id = |l: &Linked, path: &str| l.bundle_of[path];
    // Watch mode replaces the page whose weight changed, then asks what to render again.
    let d = id(&l, "guides/d");
    let i = l.bundles[d].translations["ky"];
    l.site.pages[i].meta.weight = 0;
    let touched = l.resort_siblings(d);
    let touched: Vec<&str> = touched
        .iter()
        .map(|&b| l.bundles[b].path.as_str())
        .collect();
    // Before: c, d (last). After: d (first), a.
    assert_eq!(touched, ["guides/c", "guides/d", "guides/d", "guides/a"]);
    assert_eq!(
        children_of(&l, "guides"),
        ["guides/d", "guides/a", "guides/b", "guides/c"]
    );
    // A bundle with no section above has no neighbours.
    let home = id(&l, "");
    assert!(l.resort_siblings(home).is_empty());
}
