//! A small site built in memory for render's unit tests: two languages (Russian falls back to
//! Kyrgyz), a home page, a guides section and a course section with pages, and a theme whose
//! templates and static files are strings.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Mutex;

use super::{RenderedSite, Theme, render};
use crate::diag::Diagnostic;
use crate::link::Linked;
use crate::model::config::{Config, Language, Section, SectionKind, SortBy};
use crate::model::output::{Content, Sink};
use crate::model::site::{Meta, PageSource, Site};
use crate::model::strings::Strings;
use crate::model::theme::{StaticFile, ThemeFiles};

pub fn config() -> Config {
    let lang = |code: &str, name: &str, fallback: &str| Language {
        code: code.into(),
        name: name.into(),
        title: format!("Сапар {code}"),
        description: String::new(),
        locale: format!("{code}_KG"),
        fallback: vec![fallback.into()],
    };
    let section = |name: &str, kind| Section {
        name: name.into(),
        kind,
        sort: SortBy::Weight,
    };
    Config {
        root: PathBuf::from("."),
        base_url: "https://portal.example.kg".into(),
        default_language: "ky".into(),
        languages: vec![lang("ky", "Кыргызча", "ru"), lang("ru", "Русский", "ky")],
        theme: "portal".into(),
        sections: vec![
            section("guides", SectionKind::Guide),
            section("modules", SectionKind::Module),
        ],
        menu: vec!["guides".into()],
        stale_contact_days: 180,
        kiosks: Vec::new(),
        ..Default::default()
    }
}

/// One translation of a bundle; `_index` files are section pages.
pub fn page(bundle: &str, lang: &str, title: &str, body: &str) -> PageSource {
    let is_section = matches!(bundle, "" | "guides" | "modules");
    let section = bundle.split('/').next().unwrap_or_default();
    let name = if is_section { "_index" } else { "index" };
    PageSource {
        bundle: bundle.into(),
        section: section.into(),
        is_section,
        lang: lang.into(),
        file: PathBuf::from(format!("content/{bundle}/{name}.{lang}.md").replace("//", "/")),
        meta: Meta {
            title: title.into(),
            ..Meta::default()
        },
        body: body.into(),
        body_line: 4,
        front_hash: 0,
        fingerprint: String::new(),
    }
}

/// The home page, a guide in both languages, a guide only in Kyrgyz and a one-page course.
pub fn pages() -> Vec<PageSource> {
    vec![
        page("", "ky", "Башкы бет", "Кош келиңиз."),
        page("", "ru", "Главная", "Добро пожаловать."),
        page("guides", "ky", "Колдонмолор", ""),
        page(
            "guides/russia",
            "ky",
            "Орусия",
            "## Виза\n\nКаттоо [Казакстан](@/guides/kz).",
        ),
        page("guides/russia", "ru", "Россия", "## Виза\n\nРегистрация."),
        page("guides/kz", "ky", "Казакстан", "Иштөө."),
        page("modules", "ky", "Курс", ""),
        page("modules/first", "ky", "Биринчи сабак", "Сабак."),
    ]
}

pub fn linked(pages: Vec<PageSource>) -> Linked {
    let site = Site {
        config: config(),
        pages,
        assets: Vec::new(),
        drafts: Vec::new(),
        contacts: Vec::new(),
        sources: BTreeMap::new(),
        synonyms: Vec::new(),
        broken: Default::default(),
        broken_data: Vec::new(),
        snapshots: Default::default(),
    };
    let mut diags = crate::diag::Diagnostics::default();
    let linked = crate::link::link(site, &mut diags);
    assert!(!diags.has_errors(), "{:?}", diags.sorted());
    linked
}

/// Templates that print what the tests look at.
pub const PAGE: &str = "{{ page.title }}|{{ page.lang }}/{{ page.content_lang }}|\
    {% for a in page.alternates %}{{ a.hreflang }}={{ a.url }} {% endfor %}|\
    {{ page.content | safe }}";
pub const SECTION: &str = "{{ page.title }}:{% for p in pages %}{{ p.title }};{% endfor %}";

pub fn theme_files(statics: &[(&str, &[u8])]) -> ThemeFiles {
    ThemeFiles {
        templates_dir: "themes/portal/templates".into(),
        templates: vec![
            ("page.html".into(), PAGE.into()),
            ("section.html".into(), SECTION.into()),
        ],
        unreadable: Vec::new(),
        statics: statics
            .iter()
            .map(|(rel, bytes)| StaticFile {
                rel: rel.to_string(),
                src: PathBuf::from(format!("themes/portal/static/{rel}")),
                bytes: bytes.to_vec(),
            })
            .collect(),
        service_worker: statics.iter().any(|(rel, _)| *rel == "sw.js"),
    }
}

pub fn theme(statics: &[(&str, &[u8])]) -> Theme {
    match Theme::new(theme_files(statics)) {
        Ok(t) => t,
        Err(d) => panic!("{:?}", d.sorted()),
    }
}

pub fn render_site(linked: &Linked, theme: &Theme, sink: Option<&dyn Sink>) -> RenderedSite {
    let strings: BTreeMap<String, Strings> = BTreeMap::new();
    match render(
        linked,
        &strings,
        theme,
        sink,
        None,
        &mut crate::diag::Diagnostics::default(),
    ) {
        Ok(site) => site,
        Err(d) => panic!("{:?}", d.sorted()),
    }
}

/// A rendered file's text, when it was kept in memory.
pub fn text(site: &RenderedSite, path: &str) -> String {
    let f = site.files.iter().find(|f| f.path == path);
    match f.map(|f| &f.content) {
        Some(Content::Bytes(b)) => String::from_utf8_lossy(b).into_owned(),
        _ => panic!("no {path} in memory"),
    }
}

/// A sink that keeps what it is given.
#[derive(Default)]
pub struct Memory(pub Mutex<BTreeMap<String, Vec<u8>>>);

impl Sink for Memory {
    fn put(&self, rel: &str, bytes: Vec<u8>) -> Result<PathBuf, Diagnostic> {
        if let Ok(mut m) = self.0.lock() {
            m.insert(rel.to_string(), bytes);
        }
        Ok(PathBuf::from(rel))
    }
}
