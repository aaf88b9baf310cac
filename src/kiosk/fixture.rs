//! Test fixtures for the kiosk stage: a small site linked in memory (three languages, portal
//! pages and kiosk slides as their front matter would give them), kiosks, slides as the stage
//! holds them, and the theme's fonts.

use std::collections::{BTreeMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;

use super::layout::Fonts;
use super::{Slide, SlideText};
use crate::link::Linked;
use crate::model::config::{Config, Kiosk, Language, Section, SectionKind, SlideSelection, SortBy};
use crate::model::contact::Contact;
use crate::model::date::Date;
use crate::model::fonts::KioskFonts;
use crate::model::site::{Meta, PageSource, Ref, Site};

pub(crate) fn date(s: &str) -> Date {
    Date::parse(s).unwrap()
}

pub(crate) fn kiosk(id: &str, width: u32, height: u32, languages: &[&str]) -> Kiosk {
    Kiosk {
        id: id.into(),
        place: BTreeMap::from([("ky".into(), format!("{id} place"))]),
        city: BTreeMap::from([("ky".into(), "Bishkek".into())]),
        width,
        height,
        languages: languages.iter().map(|l| l.to_string()).collect(),
        slides: SlideSelection::All,
        quiet: None,
        utc_offset_minutes: 360,
        line: Some(7),
    }
}

/// Kyrgyz by default, falling back to Russian and English; English readers get English pages
/// only, so that a page can be missing for them.
pub(crate) fn config(kiosks: Vec<Kiosk>) -> Config {
    let lang = |code: &str, fallback: &[&str]| Language {
        code: code.into(),
        name: code.into(),
        title: code.into(),
        description: String::new(),
        locale: String::new(),
        fallback: fallback.iter().map(|s| s.to_string()).collect(),
    };
    let section = |name: &str, kind| Section {
        name: name.into(),
        kind,
        sort: SortBy::default(),
    };
    Config {
        root: PathBuf::from("."),
        base_url: "https://portal.example.kg".into(),
        default_language: "ky".into(),
        languages: vec![
            lang("ky", &["ru", "en"]),
            lang("ru", &["ky", "en"]),
            lang("en", &[]),
        ],
        theme: "portal".into(),
        sections: vec![
            section("guides", SectionKind::Guide),
            section("kiosk", SectionKind::Kiosk),
        ],
        menu: vec!["guides".into()],
        stale_contact_days: 180,
        kiosks,
        ..Default::default()
    }
}

pub(crate) fn meta(title: &str) -> Meta {
    Meta {
        title: title.into(),
        ..Meta::default()
    }
}

pub(crate) fn at_line(value: &str, line: usize) -> Ref {
    Ref {
        value: value.into(),
        line,
    }
}

/// `content/<bundle>/index.<lang>.md` in `section`.
pub(crate) fn page(bundle: &str, section: &str, lang: &str, body: &str, meta: Meta) -> PageSource {
    PageSource {
        bundle: bundle.into(),
        section: section.into(),
        is_section: false,
        lang: lang.into(),
        file: PathBuf::from(format!("content/{bundle}/index.{lang}.md")),
        meta,
        body: Arc::from(body),
        body_line: 5,
        front_hash: 0,
        fingerprint: String::new(),
    }
}

/// A translation of the kiosk slide `content/kiosk/<name>/`.
pub(crate) fn slide_page(name: &str, lang: &str, body: &str, meta: Meta) -> PageSource {
    page(&format!("kiosk/{name}"), "kiosk", lang, body, meta)
}

pub(crate) fn hotline() -> Contact {
    Contact {
        id: "hotline".into(),
        kind: "hotline".into(),
        topics: Vec::new(),
        countries: Vec::new(),
        phone: Some("1899".into()),
        website: None,
        verified: date("2026-01-01"),
        sources: Vec::new(),
        name: BTreeMap::new(),
        description: BTreeMap::new(),
        cities: BTreeMap::new(),
        address: BTreeMap::new(),
        hours: BTreeMap::new(),
        line: 1,
        at: Default::default(),
    }
}

pub(crate) fn linked(config: Config, pages: Vec<PageSource>, contacts: Vec<Contact>) -> Linked {
    let site = Site {
        config,
        pages,
        assets: Vec::new(),
        drafts: Vec::new(),
        contacts,
        sources: BTreeMap::new(),
        synonyms: Vec::new(),
        broken: HashSet::new(),
        broken_data: Vec::new(),
        snapshots: Default::default(),
    };
    crate::link::link(site, &mut crate::diag::Diagnostics::default())
}

/// A slide as the stage holds it, with a title and one paragraph in each of `langs`.
pub(crate) fn slide(name: &str, alert: bool, langs: &[&str]) -> Slide {
    Slide {
        name: name.into(),
        duration: 10,
        weight: 0,
        kiosks: Vec::new(),
        alert,
        schedule: Default::default(),
        link: String::new(),
        texts: langs
            .iter()
            .map(|l| {
                let text = SlideText {
                    file: PathBuf::from(format!("content/kiosk/{name}/index.{l}.md")),
                    title: format!("{name} {l}"),
                    paragraphs: vec![format!("Call 1899 ({l}).")],
                    qr_url: format!("https://portal.example.kg/{l}/"),
                };
                (l.to_string(), text)
            })
            .collect(),
    }
}

/// The theme's font files (tests may read files; the stage may not).
pub(crate) fn font_files() -> KioskFonts {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("themes/portal/fonts");
    crate::load::fonts::read(&dir).unwrap()
}

pub(crate) fn fonts() -> Fonts {
    Fonts::new(font_files())
}

/// The portal's own theme, read from the repository (the overview's template).
pub(crate) fn portal_theme() -> crate::render::Theme {
    let mut config = config(Vec::new());
    config.root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    config.theme = "portal".into();
    crate::render::Theme::new(crate::load::theme::load(&config)).expect("the portal theme")
}

/// The portal's UI strings in `lang` (ky, ru, else en), as the theme has them.
pub(crate) fn portal_strings(lang: &str) -> crate::model::strings::Strings {
    let text = match lang {
        "ky" => include_str!("../../themes/portal/i18n/ky.toml"),
        "ru" => include_str!("../../themes/portal/i18n/ru.toml"),
        _ => include_str!("../../themes/portal/i18n/en.toml"),
    };
    let table: toml::Table = toml::from_str(text).expect("the theme's strings");
    crate::model::strings::Strings {
        text: table
            .iter()
            .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_string())))
            .collect(),
        months: table.get("months").and_then(|m| {
            m.as_array().map(|a| {
                a.iter()
                    .filter_map(|x| x.as_str().map(str::to_string))
                    .collect()
            })
        }),
    }
}

/// The portal's UI strings in its three languages.
pub(crate) fn all_portal_strings() -> BTreeMap<String, crate::model::strings::Strings> {
    ["ky", "ru", "en"]
        .iter()
        .map(|l| (l.to_string(), portal_strings(l)))
        .collect()
}
