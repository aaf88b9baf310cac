//! The portal's configuration (`site.toml`) after validation: languages and their fallbacks,
//! sections, kiosks. The load stage (`load/config.rs`) reads and validates it.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Deserialize;

pub const CONFIG_FILE: &str = "site.toml";

/// The kind of a section decides which template renders its pages and which front matter
/// extras make sense there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SectionKind {
    /// Country guides: quick facts and contacts for the country.
    Guide,
    /// Ordered course modules with goals, checklist and quiz.
    Module,
    /// Dated items, newest first, with an Atom feed.
    News,
    /// The contact directory, rendered from data files.
    Directory,
    /// Kiosk slides: not web pages, built into kiosk screens.
    Kiosk,
    #[default]
    Page,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum SortBy {
    #[default]
    Weight,
    Date,
    Title,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Language {
    pub code: String,
    pub name: String,
    pub title: String,
    pub description: String,
    pub locale: String,
    /// Languages to try, in order, when a page lacks this language (this one excluded).
    #[serde(skip)]
    pub fallback: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Section {
    pub name: String,
    pub kind: SectionKind,
    pub sort: SortBy,
}

/// Which slides a kiosk plays.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SlideSelection {
    All,
    /// Slide names (folders under `content/kiosk/`), in the order given.
    Only(Vec<String>),
}

/// A kiosk screen: where it stands, what it shows, and when it dims.
#[derive(Debug, Clone)]
pub struct Kiosk {
    pub id: String,
    /// Place and city per language, for the editors' overview and the playlist.
    pub place: BTreeMap<String, String>,
    pub city: BTreeMap<String, String>,
    pub width: u32,
    pub height: u32,
    /// Languages it rotates through, in order.
    pub languages: Vec<String>,
    pub slides: SlideSelection,
    pub quiet: Option<crate::model::schedule::TimeWindow>,
    /// Minutes east of UTC. Players use this rather than the device's time zone, which
    /// unattended players often leave at UTC.
    pub utc_offset_minutes: i32,
    /// Line of `id` in site.toml, for errors about this kiosk found later in the build.
    pub line: Option<usize>,
}

/// Smallest and largest screen side the kiosk stage accepts, in pixels: below 96 no readable
/// text fits beside the hotline; above 8192 a still frame would take gigabytes to render.
pub const KIOSK_MIN_PX: u32 = 96;
pub const KIOSK_MAX_PX: u32 = 8192;

#[derive(Debug, Clone)]
pub struct Config {
    pub root: PathBuf,
    pub base_url: String,
    pub default_language: String,
    pub languages: Vec<Language>,
    pub theme: String,
    pub sections: Vec<Section>,
    pub menu: Vec<String>,
    pub stale_contact_days: u32,
    pub kiosks: Vec<Kiosk>,
}

impl Config {
    pub fn language(&self, code: &str) -> Option<&Language> {
        self.languages.iter().find(|l| l.code == code)
    }

    pub fn has_language(&self, code: &str) -> bool {
        self.language(code).is_some()
    }

    /// Section settings; a directory under `content/` that site.toml does not mention is a plain
    /// page section, so a new section never needs a config change to build.
    pub fn section(&self, name: &str) -> Section {
        self.sections
            .iter()
            .find(|s| s.name == name)
            .cloned()
            .unwrap_or(Section {
                name: name.to_string(),
                kind: SectionKind::Page,
                sort: SortBy::Weight,
            })
    }

    pub fn theme_dir(&self) -> PathBuf {
        self.root.join("themes").join(&self.theme)
    }

    pub fn content_dir(&self) -> PathBuf {
        self.root.join("content")
    }

    /// Absolute URL for a site path such as `/ky/guides/russia/`.
    pub fn permalink(&self, path: &str) -> String {
        format!("{}{}", self.base_url, path)
    }
}

pub fn valid_lang_code(code: &str) -> bool {
    let mut parts = code.split('-');
    let first = parts.next().unwrap_or("");
    (2..=3).contains(&first.len())
        && first.bytes().all(|b| b.is_ascii_lowercase())
        && parts
            .all(|p| !p.is_empty() && p.len() <= 8 && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// A single path segment safe to use as a folder and URL part.
pub fn valid_segment(s: &str) -> bool {
    !s.is_empty()
        && s != "."
        && s != ".."
        && !s.contains(['/', '\\', '\0', '?', '#', '%', '"', '<', '>'])
        && !s.chars().any(char::is_whitespace)
}
