//! The portal's configuration (`site.toml`) after validation: languages and their fallbacks,
//! sections, kiosks. The load stage (`load/config.rs`) reads and validates it.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Deserialize;

pub(crate) const CONFIG_FILE: &str = "site.toml";

/// The kind of a section decides which template renders its pages and which front matter
/// extras make sense there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum SectionKind {
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
pub(crate) enum SortBy {
    #[default]
    Weight,
    Date,
    Title,
}

#[derive(Debug, Clone, serde::Serialize)]
pub(crate) struct Language {
    pub(crate) code: String,
    pub(crate) name: String,
    pub(crate) title: String,
    pub(crate) description: String,
    pub(crate) locale: String,
    /// Languages to try, in order, when a page lacks this language (this one excluded).
    #[serde(skip)]
    pub(crate) fallback: Vec<String>,
}

#[derive(Debug, Clone)]
pub(crate) struct Section {
    pub(crate) name: String,
    pub(crate) kind: SectionKind,
    pub(crate) sort: SortBy,
}

/// Which slides a kiosk plays.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum SlideSelection {
    All,
    /// Slide names (folders under `content/kiosk/`), in the order given.
    Only(Vec<String>),
}

/// A kiosk screen: where it stands, what it shows, and when it dims.
#[derive(Debug, Clone)]
pub(crate) struct Kiosk {
    pub(crate) id: String,
    /// Place and city per language, for the editors' overview and the playlist.
    pub(crate) place: BTreeMap<String, String>,
    pub(crate) city: BTreeMap<String, String>,
    pub(crate) width: u32,
    pub(crate) height: u32,
    /// Languages it rotates through, in order.
    pub(crate) languages: Vec<String>,
    pub(crate) slides: SlideSelection,
    pub(crate) quiet: Option<crate::model::schedule::TimeWindow>,
    /// Minutes east of UTC. Players use this rather than the device's time zone, which
    /// unattended players often leave at UTC.
    pub(crate) utc_offset_minutes: i32,
    /// Line of `id` in site.toml, for errors about this kiosk found later in the build.
    pub(crate) line: Option<usize>,
}

/// Smallest and largest screen side the kiosk stage accepts, in pixels: below 96 no readable
/// text fits beside the hotline; above 8192 a still frame would take gigabytes to render.
pub(crate) const KIOSK_MIN_PX: u32 = 96;
pub(crate) const KIOSK_MAX_PX: u32 = 8192;

// Default: the in-memory sites of the tests and fuzz targets set what they need and leave the
// rest, so that a key added to site.toml touches only the loader.
#[derive(Debug, Clone, Default)]
pub struct Config {
    pub(crate) root: PathBuf,
    /// The address every absolute link starts with, without a trailing slash. As loaded it is
    /// site.toml's `base_url` (empty when the key is missing); the build replaces it with the
    /// address it publishes at (`model::address::resolve`).
    pub(crate) base_url: String,
    /// Line of `base_url` in site.toml, for the message when it is a placeholder.
    pub(crate) base_url_line: Option<usize>,
    pub(crate) default_language: String,
    pub(crate) languages: Vec<Language>,
    pub(crate) theme: String,
    pub(crate) sections: Vec<Section>,
    pub(crate) menu: Vec<String>,
    pub(crate) stale_contact_days: u32,
    /// The folder of the source documents (`[check] sources_dir`), when set: cited line numbers
    /// are checked against the documents' length when the folder is there.
    pub(crate) sources_dir: Option<PathBuf>,
    pub(crate) kiosks: Vec<Kiosk>,
    /// `[editing]`: how the deployed /admin/ saves (a Git host, or the portal's own server);
    /// `None` when the portal is edited only through `sapar serve` on an editor's machine.
    pub(crate) editing: Option<Editing>,
}

/// `[editing]` in site.toml: where the deployed portal's /admin/ saves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Editing {
    /// `backend = "gitea" | "github" | "gitlab"`: the CMS saves to a Git host's API.
    Host(GitHost),
    /// `backend = "sapar"`: `sapar serve --no-watch` itself saves, for signed-in editors.
    Sapar(SaparEditing),
}

impl Editing {
    /// The Git host, when the CMS saves to one.
    pub(crate) fn host(&self) -> Option<&GitHost> {
        match self {
            Editing::Host(h) => Some(h),
            Editing::Sapar(_) => None,
        }
    }

    /// Production editing on the portal's own server, when switched on.
    pub fn sapar(&self) -> Option<&SaparEditing> {
        match self {
            Editing::Sapar(s) => Some(s),
            Editing::Host(_) => None,
        }
    }
}

/// `[editing] backend = "sapar"`: the portal's own server saves (docs/editing.md).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SaparEditing {
    /// `review = true`: editors' saves wait for a reviewer before the public sees them.
    pub review: bool,
    /// `mirror = "…"`: a Git remote (name or URL) pushed to after each publish.
    pub mirror: Option<String>,
}

/// The Git host of `[editing]` in site.toml: where the CMS at the deployed portal's /admin/
/// reads and saves the content (docs/editing.md).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct GitHost {
    /// The CMS's backend name: `gitea` (also for Forgejo), `github` or `gitlab`.
    pub(crate) backend: String,
    /// `owner/name` of the portal's repository.
    pub(crate) repo: String,
    pub(crate) branch: String,
    /// The host's address, for a self-hosted Gitea, Forgejo or GitLab (`https://git.…`).
    pub(crate) base_url: Option<String>,
    /// The OAuth application's client id that editors sign in through.
    pub(crate) app_id: Option<String>,
}

/// Every `[editing] backend`: the Git hosts the CMS can save to (Forgejo speaks Gitea's API),
/// and `sapar`, the portal's own server.
pub(crate) const EDITING_BACKENDS: &[&str] = &["gitea", "github", "gitlab", "sapar"];

impl Config {
    pub(crate) fn language(&self, code: &str) -> Option<&Language> {
        self.languages.iter().find(|l| l.code == code)
    }

    /// `[editing] backend = "sapar"`, when set: production editing on the portal's server.
    pub fn sapar_editing(&self) -> Option<&SaparEditing> {
        self.editing.as_ref().and_then(Editing::sapar)
    }

    pub fn has_language(&self, code: &str) -> bool {
        self.language(code).is_some()
    }

    /// Section settings; a directory under `content/` that site.toml does not mention is a plain
    /// page section, so a new section never needs a config change to build.
    pub(crate) fn section(&self, name: &str) -> Section {
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

    pub(crate) fn theme_dir(&self) -> PathBuf {
        self.root.join("themes").join(&self.theme)
    }

    pub(crate) fn content_dir(&self) -> PathBuf {
        self.root.join("content")
    }

    /// Absolute URL for a site path such as `/ky/guides/russia/`.
    pub(crate) fn permalink(&self, path: &str) -> String {
        format!("{}{}", self.base_url, path)
    }
}

pub(crate) fn valid_lang_code(code: &str) -> bool {
    let mut parts = code.split('-');
    let first = parts.next().unwrap_or("");
    (2..=3).contains(&first.len())
        && first.bytes().all(|b| b.is_ascii_lowercase())
        && parts
            .all(|p| !p.is_empty() && p.len() <= 8 && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// A single path segment safe to use as a folder and URL part.
pub(crate) fn valid_segment(s: &str) -> bool {
    !s.is_empty()
        && s != "."
        && s != ".."
        && !s.contains(['/', '\\', '\0', '?', '#', '%', '"', '<', '>'])
        && !s.chars().any(char::is_whitespace)
}
