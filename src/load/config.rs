//! Reads and validates `site.toml`.
//!
//! Everything is validated up front, with the key and line named, because a typo in `fallback`
//! or `default_language` would otherwise surface as a confusing template error hundreds of
//! pages later.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use crate::diag::{Diagnostic, Diagnostics, line_of};
use crate::model::config::{
    CONFIG_FILE, Config, EDITING_BACKENDS, Editing, GitHost, KIOSK_MAX_PX, KIOSK_MIN_PX, Kiosk,
    Language, SaparEditing, Section, SectionKind, SlideSelection, SortBy, valid_lang_code,
    valid_segment,
};

/// Reads and validates the site's configuration.
pub fn read(root: &Path) -> Result<Config, Diagnostics> {
    let file = root.join(CONFIG_FILE);
    let text = std::fs::read_to_string(&file).map_err(|e| {
        let mut d = Diagnostics::default();
        d.push(Diagnostic::error(
            CONFIG_FILE,
            None,
            format!("cannot read site configuration: {e}"),
        ));
        d
    })?;
    parse(root, &text)
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLanguage {
    code: Spanned<String>,
    name: String,
    title: String,
    #[serde(default)]
    description: String,
    /// Open Graph locale such as `ky_KG`.
    #[serde(default)]
    locale: Option<String>,
    /// This language's own fallback order, when the global order does not suit it.
    #[serde(default)]
    fallback: Option<Vec<Spanned<String>>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSection {
    name: Spanned<String>,
    #[serde(default)]
    kind: SectionKind,
    #[serde(default)]
    sort: SortBy,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCheck {
    #[serde(default = "default_stale_days")]
    stale_contact_days: u32,
    /// Where the files of data/sources.toml are, relative to the site folder.
    #[serde(default)]
    sources_dir: Option<String>,
}

fn default_stale_days() -> u32 {
    180
}

fn default_theme() -> Spanned<String> {
    Spanned::new(0..0, "portal".to_string())
}

/// One kiosk screen as written in site.toml (`[[kiosks]]`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawKiosk {
    id: Spanned<String>,
    width: Spanned<u32>,
    height: Spanned<u32>,
    languages: Spanned<Vec<Spanned<String>>>,
    /// `"all"` or a list of slide names (folders under content/kiosk/).
    #[serde(default)]
    slides: Option<Spanned<toml::Value>>,
    /// Dim hours, `"23:00-06:00"`.
    #[serde(default)]
    quiet: Option<Spanned<String>>,
    /// The kiosk's offset from UTC, `"+06:00"` (Kyrgyzstan) unless set.
    #[serde(default)]
    utc_offset: Option<Spanned<String>>,
    place: Spanned<BTreeMap<String, String>>,
    city: Spanned<BTreeMap<String, String>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    /// Optional here: an editors' preview needs none, and a build for publishing says what is
    /// missing (`model::address`).
    #[serde(default)]
    base_url: Option<Spanned<String>>,
    default_language: Spanned<String>,
    fallback: Vec<Spanned<String>>,
    #[serde(default = "default_theme")]
    theme: Spanned<String>,
    languages: Vec<RawLanguage>,
    #[serde(default)]
    sections: Vec<RawSection>,
    #[serde(default)]
    menu: Vec<Spanned<String>>,
    #[serde(default)]
    check: Option<RawCheck>,
    #[serde(default)]
    kiosks: Vec<RawKiosk>,
    #[serde(default)]
    editing: Option<Spanned<RawEditing>>,
}

/// `[editing]`: a Git host the deployed /admin/ saves to, or `backend = "sapar"`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEditing {
    backend: Spanned<String>,
    /// Required for a Git host; not a key of `sapar`.
    #[serde(default)]
    repo: Option<Spanned<String>>,
    #[serde(default)]
    branch: Option<Spanned<String>>,
    #[serde(default)]
    base_url: Option<Spanned<String>>,
    #[serde(default)]
    app_id: Option<Spanned<String>>,
    /// `sapar` only: editors' saves wait for a reviewer.
    #[serde(default)]
    review: Option<Spanned<bool>>,
    /// `sapar` only: a Git remote pushed to after each publish.
    #[serde(default)]
    mirror: Option<Spanned<String>>,
}

pub(crate) fn parse(root: &Path, text: &str) -> Result<Config, Diagnostics> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let raw = parse_raw(text)?;
    let mut c = Checker {
        text,
        diags: Diagnostics::default(),
    };
    let (base_url, base_url_line) = c.base_url(raw.base_url.as_ref());
    let codes = c.language_codes(&raw.languages);
    if !codes.contains(raw.default_language.get_ref()) {
        c.error(
            raw.default_language.span(),
            format!(
                "default_language: `{}` is not one of the languages",
                raw.default_language.get_ref()
            ),
        );
    }
    c.order(&codes, "fallback", &raw.fallback);
    let languages = c.languages(&codes, &raw.languages, &raw.fallback);
    let theme = c.theme(root, &raw.theme);
    let sections = c.sections(&raw.sections);
    c.menu(root, &raw.menu);
    let mut ids = HashSet::new();
    let kiosks = raw
        .kiosks
        .iter()
        .map(|k| c.kiosk(root, k, &codes, &mut ids))
        .collect();
    let editing = raw.editing.as_ref().map(|e| c.editing(e));

    if c.diags.has_errors() {
        return Err(c.diags);
    }
    Ok(Config {
        root: root.to_path_buf(),
        base_url,
        base_url_line,
        default_language: raw.default_language.into_inner(),
        languages,
        theme,
        sections,
        menu: raw.menu.into_iter().map(Spanned::into_inner).collect(),
        stale_contact_days: raw
            .check
            .as_ref()
            .map_or(default_stale_days(), |c| c.stale_contact_days),
        sources_dir: raw.check.and_then(|c| c.sources_dir).map(|d| root.join(d)),
        kiosks,
        editing,
    })
}

/// The TOML read into [`RawConfig`]; a syntax error, unknown key or wrong type stops here.
fn parse_raw(text: &str) -> Result<RawConfig, Diagnostics> {
    toml::from_str(text)
        .map_err(|e| Diagnostics::from(crate::load::explain::diagnostic(CONFIG_FILE, &e, text)))
}

/// Validates the raw configuration key by key, collecting every error with its line.
struct Checker<'a> {
    text: &'a str,
    diags: Diagnostics,
}

impl Checker<'_> {
    /// An error at the line of `span`; a default value (empty span) has no line.
    fn error(&mut self, span: std::ops::Range<usize>, msg: String) {
        let line = (span.end > 0).then(|| line_of(self.text, span.start));
        self.diags.push(Diagnostic::error(CONFIG_FILE, line, msg));
    }

    /// An error at `span` with a caret under it, for a hint to be added.
    fn diag(&self, span: std::ops::Range<usize>, msg: String) -> Diagnostic {
        let line = line_of(self.text, span.start);
        let needle = self.text.get(span).unwrap_or_default().to_string();
        Diagnostic::error(CONFIG_FILE, Some(line), msg).pointing_at(needle)
    }

    /// `base_url` without its trailing slash (page URLs start with `/`), and its line. Missing
    /// or empty is no error here, nor is a placeholder: whether the site may be built with one
    /// depends on what the build is for (`model::address::resolve`).
    fn base_url(&mut self, raw: Option<&Spanned<String>>) -> (String, Option<usize>) {
        let Some(raw) = raw else {
            return (String::new(), None);
        };
        let line = line_of(self.text, raw.span().start);
        let value = raw.get_ref().trim();
        if !value.is_empty() && crate::model::address::host(value).is_none() {
            let example = if value.contains("://") {
                "https://…".to_string()
            } else {
                format!("https://{value}")
            };
            self.diags.push(
                Diagnostic::error(
                    CONFIG_FILE,
                    Some(line),
                    format!(
                        "base_url: `{value}` is not an address starting with https:// or http://"
                    ),
                )
                .pointing_at(value)
                .with_hint(format!(
                    "write the whole address, like `base_url = \"{example}\"`"
                )),
            );
        }
        (value.trim_end_matches('/').to_string(), Some(line))
    }

    /// The valid language codes, each once; every language needs a site title.
    fn language_codes(&mut self, languages: &[RawLanguage]) -> HashSet<String> {
        let mut codes = HashSet::new();
        for l in languages {
            let code = l.code.get_ref();
            if !valid_lang_code(code) {
                self.error(
                    l.code.span(),
                    format!("languages.code: `{code}` is not a language code like `ky` or `uz`"),
                );
            } else if !codes.insert(code.clone()) {
                self.error(
                    l.code.span(),
                    format!("languages.code: `{code}` is listed twice"),
                );
            }
            if l.title.trim().is_empty() {
                self.error(
                    l.code.span(),
                    format!("languages.title: language `{code}` has an empty site title"),
                );
            }
        }
        if languages.is_empty() {
            self.diags.push(Diagnostic::error(
                CONFIG_FILE,
                None,
                "languages: at least one language is needed",
            ));
        }
        codes
    }

    /// A fallback order names each language once.
    fn order(&mut self, codes: &HashSet<String>, key: &str, order: &[Spanned<String>]) {
        let mut seen = HashSet::new();
        for c in order {
            if !codes.contains(c.get_ref()) {
                self.error(
                    c.span(),
                    format!("{key}: `{}` is not one of the languages", c.get_ref()),
                );
            } else if !seen.insert(c.get_ref().clone()) {
                self.error(
                    c.span(),
                    format!("{key}: `{}` is listed twice", c.get_ref()),
                );
            }
        }
    }

    /// The languages with their fallback orders: their own, or the global one rotated.
    fn languages(
        &mut self,
        codes: &HashSet<String>,
        raw: &[RawLanguage],
        fallback: &[Spanned<String>],
    ) -> Vec<Language> {
        let global: Vec<String> = fallback.iter().map(|s| s.get_ref().clone()).collect();
        let mut languages = Vec::new();
        for l in raw {
            let code = l.code.get_ref().clone();
            let fallback = match &l.fallback {
                Some(order) => {
                    self.order(codes, "languages.fallback", order);
                    order
                        .iter()
                        .map(|s| s.get_ref().clone())
                        .filter(|c| *c != code)
                        .collect()
                }
                None => rotate_after(&global, &code),
            };
            languages.push(Language {
                locale: l.locale.clone().unwrap_or_else(|| code.clone()),
                code,
                name: l.name.clone(),
                title: l.title.clone(),
                description: l.description.clone(),
                fallback,
            });
        }
        languages
    }

    fn theme(&mut self, root: &Path, raw: &Spanned<String>) -> String {
        let theme = raw.get_ref().clone();
        if !valid_segment(&theme) || !root.join("themes").join(&theme).join("templates").is_dir() {
            self.error(
                raw.span(),
                format!("theme: no theme `{theme}` with a templates/ folder in themes/"),
            );
        }
        theme
    }

    fn sections(&mut self, raw: &[RawSection]) -> Vec<Section> {
        let mut sections = Vec::new();
        let mut names = HashSet::new();
        for s in raw {
            let name = s.name.get_ref();
            if !valid_segment(name) {
                self.error(
                    s.name.span(),
                    format!("sections.name: `{name}` is not a folder name under content/"),
                );
            } else if !names.insert(name.clone()) {
                self.error(
                    s.name.span(),
                    format!("sections.name: `{name}` is listed twice"),
                );
            }
            sections.push(Section {
                name: name.clone(),
                kind: s.kind,
                sort: s.sort,
            });
        }
        sections
    }

    fn menu(&mut self, root: &Path, menu: &[Spanned<String>]) {
        for m in menu {
            let item = m.get_ref();
            if item != "search" && !root.join("content").join(item).is_dir() {
                // The sections an editor could have meant: the folders under content/.
                let mut folders: Vec<String> = std::fs::read_dir(root.join("content"))
                    .map(|rd| {
                        rd.filter_map(Result::ok)
                            .filter(|e| e.path().is_dir())
                            .filter_map(|e| e.file_name().to_str().map(str::to_string))
                            .filter(|n| !n.starts_with('.'))
                            .collect()
                    })
                    .unwrap_or_default();
                folders.push("search".into());
                folders.sort();
                let names: Vec<&str> = folders.iter().map(String::as_str).collect();
                let line = (m.span().end > 0).then(|| line_of(self.text, m.span().start));
                self.diags.push(
                    Diagnostic::error(
                        CONFIG_FILE,
                        line,
                        format!("menu: `{item}` is neither a folder under content/ nor `search`"),
                    )
                    .pointing_at(format!("\"{item}\""))
                    .with_hint(crate::util::suggest::did_you_mean(item, &names)),
                );
            }
        }
    }

    /// Checks one `[[kiosks]]` table; `ids` holds the ids of the kiosks before it.
    fn kiosk(
        &mut self,
        root: &Path,
        k: &RawKiosk,
        codes: &HashSet<String>,
        ids: &mut HashSet<String>,
    ) -> Kiosk {
        let id = k.id.get_ref();
        self.kiosk_id(&k.id, ids);
        for (key, v) in [("width", &k.width), ("height", &k.height)] {
            if !(KIOSK_MIN_PX..=KIOSK_MAX_PX).contains(v.get_ref()) {
                self.error(
                    v.span(),
                    format!(
                        "kiosks.{key}: {} px is not a screen size between {KIOSK_MIN_PX} and {KIOSK_MAX_PX}",
                        v.get_ref()
                    ),
                );
            }
        }
        let languages = self.kiosk_languages(id, &k.languages, codes);
        for (key, map) in [("place", &k.place), ("city", &k.city)] {
            self.kiosk_texts(id, key, map, codes, &languages);
        }
        let slides = match &k.slides {
            None => SlideSelection::All,
            Some(v) => self.slides(root, v),
        };
        let quiet = k.quiet.as_ref().and_then(|q| {
            crate::model::schedule::TimeWindow::parse(q.get_ref())
                .map_err(|m| self.error(q.span(), format!("kiosks.quiet: {m}")))
                .ok()
        });
        let utc_offset_minutes = match &k.utc_offset {
            None => 360,
            Some(o) => parse_utc_offset(o.get_ref()).unwrap_or_else(|| {
                self.error(
                    o.span(),
                    format!(
                        "kiosks.utc_offset: `{}` is not an offset like \"+06:00\"",
                        o.get_ref()
                    ),
                );
                0
            }),
        };
        Kiosk {
            id: id.clone(),
            place: k.place.get_ref().clone(),
            city: k.city.get_ref().clone(),
            width: *k.width.get_ref(),
            height: *k.height.get_ref(),
            languages,
            slides,
            quiet,
            utc_offset_minutes,
            line: Some(line_of(self.text, k.id.span().start)),
        }
    }

    /// A kiosk's id names its output folder, so it is plain and used once.
    /// `[editing]`: `backend = "sapar"` with its own keys, or a Git host the CMS knows.
    fn editing(&mut self, raw: &Spanned<RawEditing>) -> Editing {
        let e = raw.get_ref();
        let backend = e.backend.get_ref().as_str();
        if !EDITING_BACKENDS.contains(&backend) {
            let d = self.diag(
                e.backend.span(),
                format!("`{backend}` is not a way the editing interface can save"),
            );
            let hint = crate::util::suggest::one_of(EDITING_BACKENDS);
            self.diags.push(d.with_hint(format!(
                "{hint}: `sapar` for the portal's own server, or a Git host (Forgejo is `gitea`)"
            )));
        }
        if backend == "sapar" {
            return Editing::Sapar(self.sapar_editing(e));
        }
        Editing::Host(self.git_host(raw))
    }

    /// `backend = "sapar"`: `review` and `mirror`; a Git host's keys have no meaning here.
    fn sapar_editing(&mut self, e: &RawEditing) -> SaparEditing {
        let host_keys = [
            ("repo", e.repo.as_ref().map(Spanned::span)),
            ("branch", e.branch.as_ref().map(Spanned::span)),
            ("base_url", e.base_url.as_ref().map(Spanned::span)),
            ("app_id", e.app_id.as_ref().map(Spanned::span)),
        ];
        for (key, span) in host_keys {
            if let Some(span) = span {
                let d = self.diag(
                    span,
                    format!("`{key}` is a key of a Git host, not of `backend = \"sapar\"`"),
                );
                self.diags.push(d.with_hint(format!(
                    "remove the `{key}` line: with `sapar` the portal's own server saves into its site folder"
                )));
            }
        }
        let mirror = e.mirror.as_ref().map(|m| {
            let name = m.get_ref().trim();
            if name.is_empty() || name.starts_with('-') || name.chars().any(char::is_whitespace) {
                let d = self.diag(
                    m.span(),
                    format!("`{}` is not a Git remote", m.get_ref()),
                );
                self.diags.push(d.with_hint(
                    "write the name of a remote of the site's repository, like `mirror = \"origin\"`, or its address, like `mirror = \"https://git.example.org/ministry/portal.git\"`",
                ));
            }
            name.to_string()
        });
        SaparEditing {
            review: e.review.as_ref().is_some_and(|r| *r.get_ref()),
            mirror,
        }
    }

    /// A Git host: a repository written `owner/name`, and an https address for a self-hosted
    /// one (editors' passwords and tokens cross it); `review` and `mirror` are `sapar`'s.
    fn git_host(&mut self, raw: &Spanned<RawEditing>) -> GitHost {
        let e = raw.get_ref();
        for (key, span) in [
            ("review", e.review.as_ref().map(Spanned::span)),
            ("mirror", e.mirror.as_ref().map(Spanned::span)),
        ] {
            if let Some(span) = span {
                let d = self.diag(
                    span,
                    format!("`{key}` works only with `backend = \"sapar\"`"),
                );
                self.diags.push(d.with_hint(format!(
                    "remove the `{key}` line, or write `backend = \"sapar\"` to save on the portal's own server"
                )));
            }
        }
        let repo = match &e.repo {
            Some(r) => {
                let repo = r.get_ref();
                let parts: Vec<&str> = repo.split('/').collect();
                if parts.len() != 2 || parts.iter().any(|p| !valid_repo_part(p)) {
                    let d = self.diag(r.span(), format!("`{repo}` is not a repository name"));
                    self.diags.push(d.with_hint(
                        "write the owner and the name with a slash, like `repo = \"ministry/portal\"`",
                    ));
                }
                repo.clone()
            }
            None => {
                let d = self.diag(
                    e.backend.span(),
                    "a Git host needs `repo`, the repository the editors save to".into(),
                );
                self.diags.push(
                    d.with_hint("add a line like `repo = \"ministry/portal\"` under `[editing]`"),
                );
                String::new()
            }
        };
        if let Some(u) = &e.base_url
            && !u.get_ref().starts_with("https://")
        {
            let d = self.diag(
                u.span(),
                format!("`{}` is not an https:// address", u.get_ref()),
            );
            self.diags.push(d.with_hint(
                "write the Git host's address starting with `https://`: editors sign in through it",
            ));
        }
        GitHost {
            backend: e.backend.get_ref().clone(),
            repo,
            branch: e
                .branch
                .as_ref()
                .map_or_else(|| "main".into(), |b| b.get_ref().clone()),
            base_url: e
                .base_url
                .as_ref()
                .map(|u| u.get_ref().trim_end_matches('/').to_string()),
            app_id: e.app_id.as_ref().map(|a| a.get_ref().clone()),
        }
    }

    fn kiosk_id(&mut self, id: &Spanned<String>, ids: &mut HashSet<String>) {
        let span = id.span();
        let id = id.get_ref();
        if id.is_empty()
            || !id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        {
            self.error(
                span,
                format!(
                    "kiosks.id: `{id}` must be lowercase letters, digits and `-` (it names a folder)"
                ),
            );
        } else if !ids.insert(id.clone()) {
            self.error(span, format!("kiosks.id: `{id}` is listed twice"));
        }
    }

    /// The languages a kiosk rotates through: the site's, each once, at least one.
    fn kiosk_languages(
        &mut self,
        id: &str,
        raw: &Spanned<Vec<Spanned<String>>>,
        codes: &HashSet<String>,
    ) -> Vec<String> {
        let mut langs = Vec::new();
        for l in raw.get_ref() {
            if !codes.contains(l.get_ref()) {
                self.error(
                    l.span(),
                    format!(
                        "kiosks.languages: `{}` is not one of the languages",
                        l.get_ref()
                    ),
                );
            } else if langs.contains(l.get_ref()) {
                self.error(
                    l.span(),
                    format!("kiosks.languages: `{}` is listed twice", l.get_ref()),
                );
            } else {
                langs.push(l.get_ref().clone());
            }
        }
        if raw.get_ref().is_empty() {
            self.error(
                raw.span(),
                format!("kiosks.languages: kiosk `{id}` needs at least one language"),
            );
        }
        langs
    }

    /// `place` or `city`: text in site languages, and some in every language the kiosk shows.
    fn kiosk_texts(
        &mut self,
        id: &str,
        key: &str,
        map: &Spanned<BTreeMap<String, String>>,
        codes: &HashSet<String>,
        shown: &[String],
    ) {
        for lang in map.get_ref().keys() {
            if !codes.contains(lang) {
                self.error(
                    map.span(),
                    format!("kiosks.{key}: `{lang}` is not one of the languages"),
                );
            }
        }
        for lang in shown {
            if map.get_ref().get(lang).is_none_or(|s| s.trim().is_empty()) {
                self.error(
                    map.span(),
                    format!(
                        "kiosks.{key}: kiosk `{id}` shows `{lang}` but has no {key} in `{lang}`"
                    ),
                );
            }
        }
    }

    /// `slides`: `"all"`, or a list of folders under content/kiosk/, each once.
    fn slides(&mut self, root: &Path, v: &Spanned<toml::Value>) -> SlideSelection {
        match v.get_ref() {
            toml::Value::String(s) if s == "all" => SlideSelection::All,
            toml::Value::Array(items) => {
                let mut names = Vec::new();
                for item in items {
                    match item.as_str() {
                        Some(n)
                            if !valid_segment(n)
                                || !root.join("content/kiosk").join(n).is_dir() =>
                        {
                            self.error(
                                v.span(),
                                format!(
                                    "kiosks.slides: `{n}` is not a slide (a folder under content/kiosk/)"
                                ),
                            )
                        }
                        Some(n) if names.iter().any(|x| x == n) => {
                            self.error(v.span(), format!("kiosks.slides: `{n}` is listed twice"))
                        }
                        Some(n) => names.push(n.to_string()),
                        None => self.error(
                            v.span(),
                            "kiosks.slides: every slide name must be a string".into(),
                        ),
                    }
                }
                SlideSelection::Only(names)
            }
            _ => {
                self.error(
                    v.span(),
                    "kiosks.slides: must be \"all\" or a list of slide names like [\"hotline-1899\"]".into(),
                );
                SlideSelection::All
            }
        }
    }
}

/// `+06:00` → 360 minutes; offsets run from -12:00 to +14:00 on Earth.
/// A Git host's owner or repository name: letters, digits, `-`, `_` and `.`.
fn valid_repo_part(p: &str) -> bool {
    !p.is_empty()
        && p.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

fn parse_utc_offset(s: &str) -> Option<i32> {
    let sign = match s.as_bytes().first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let (h, m) = s.get(1..)?.split_once(':')?;
    if h.len() != 2 || m.len() != 2 {
        return None;
    }
    let (h, m): (i32, i32) = (h.parse().ok()?, m.parse().ok()?);
    let total = sign * (h * 60 + m);
    (m < 60 && (-12 * 60..=14 * 60).contains(&total)).then_some(total)
}

/// For a reader of `lang`, the global order read from just after `lang`, wrapping round: with
/// ky → ru → en, Kyrgyz readers get Russian first and Russian readers get English first.
fn rotate_after(order: &[String], lang: &str) -> Vec<String> {
    match order.iter().position(|c| c == lang) {
        Some(i) => order[i + 1..].iter().chain(&order[..i]).cloned().collect(),
        None => order.to_vec(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(text: &str) -> Result<Config, Diagnostics> {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("themes/portal/templates")).unwrap();
        parse(dir.path(), text)
    }

    const OK: &str = r#"
base_url = "https://example.kg/"
default_language = "ky"
fallback = ["ky", "ru", "en"]
[[languages]]
code = "ky"
name = "Кыргызча"
title = "Сапар"
[[languages]]
code = "ru"
name = "Русский"
title = "Сапар"
[[languages]]
code = "en"
name = "English"
title = "Sapar"
fallback = ["ru", "ky"]
"#;

    #[test]
    fn parses_and_derives_fallbacks() {
        let c = site(OK).unwrap();
        assert_eq!(c.base_url, "https://example.kg");
        assert_eq!(c.language("ky").unwrap().fallback, vec!["ru", "en"]);
        assert_eq!(c.language("ru").unwrap().fallback, vec!["en", "ky"]);
        assert_eq!(c.language("en").unwrap().fallback, vec!["ru", "ky"]);
    }

    #[test]
    fn unknown_fallback_language_names_key_and_line() {
        let bad = OK.replace(
            r#"fallback = ["ky", "ru", "en"]"#,
            r#"fallback = ["ky", "xx"]"#,
        );
        let e = site(&bad).unwrap_err().sorted();
        assert_eq!(e[0].line, Some(4));
        assert!(e[0].message.contains("fallback: `xx`"), "{}", e[0].message);
    }

    #[test]
    fn unknown_key_is_an_error() {
        let bad = format!("colour = 1\n{OK}");
        let e = site(&bad).unwrap_err().sorted();
        assert!(e[0].message.contains("colour"), "{}", e[0].message);
        assert_eq!(e[0].line, Some(1));
    }

    const KIOSK: &str = r#"
[[kiosks]]
id = "manas-1"
width = 1920
height = 1080
languages = ["ky", "ru", "en"]
slides = "all"
quiet = "23:00-06:00"
[kiosks.place]
ky = "Манас"
ru = "Манас"
en = "Manas"
[kiosks.city]
ky = "Бишкек"
ru = "Бишкек"
en = "Bishkek"
"#;

    #[test]
    fn parses_kiosks() {
        let c = site(&format!("{OK}{KIOSK}")).unwrap();
        let k = &c.kiosks[0];
        assert_eq!(k.id, "manas-1");
        assert_eq!((k.width, k.height), (1920, 1080));
        assert_eq!(k.languages, vec!["ky", "ru", "en"]);
        assert_eq!(k.slides, SlideSelection::All);
        assert_eq!(k.quiet.unwrap().to_string(), "23:00-06:00");
        assert_eq!(k.utc_offset_minutes, 360);
        assert_eq!(k.city["en"], "Bishkek");
        assert_eq!(k.line, Some(20));
    }

    /// Each broken kiosk must name the key and the line where it is.
    #[test]
    fn bad_kiosks_name_key_and_line() {
        let cases: &[(&str, &str, usize, &str)] = &[
            ("width = 1920", "width = 20", 21, "kiosks.width"),
            ("height = 1080", "height = \"tall\"", 22, "height"),
            (
                "quiet = \"23:00-06:00\"",
                "quiet = \"23-6\"",
                25,
                "kiosks.quiet",
            ),
            (
                "languages = [\"ky\", \"ru\", \"en\"]",
                "languages = [\"ky\", \"de\"]",
                23,
                "kiosks.languages: `de`",
            ),
            (
                "slides = \"all\"",
                "slides = [\"nope\"]",
                24,
                "kiosks.slides: `nope`",
            ),
            ("slides = \"all\"", "slides = 3", 24, "kiosks.slides"),
            ("id = \"manas-1\"", "id = \"Manas 1\"", 20, "kiosks.id"),
            (
                "slides = \"all\"",
                "slides = \"all\"\nbrightness = 3",
                25,
                "brightness",
            ),
            (
                "en = \"Manas\"\n",
                "",
                26,
                "kiosks.place: kiosk `manas-1` shows `en`",
            ),
            ("width = 1920\n", "", 19, "width"),
        ];
        for (from, to, line, needle) in cases {
            let text = format!("{OK}{}", KIOSK.replacen(from, to, 1));
            let e = site(&text).unwrap_err().sorted();
            assert!(
                e.iter()
                    .any(|d| d.line == Some(*line) && d.message.contains(needle)),
                "{from} → {to}: expected line {line} with {needle:?}, got {e:?}"
            );
        }
    }

    #[test]
    fn duplicate_kiosk_ids() {
        let e = site(&format!("{OK}{KIOSK}{KIOSK}")).unwrap_err().sorted();
        assert!(e[0].message.contains("listed twice"), "{e:?}");
        assert_eq!(e[0].line, Some(36));
    }

    #[test]
    fn utc_offsets() {
        assert_eq!(parse_utc_offset("+06:00"), Some(360));
        assert_eq!(parse_utc_offset("-03:30"), Some(-210));
        assert_eq!(parse_utc_offset("06:00"), None);
        assert_eq!(parse_utc_offset("+15:00"), None);
    }

    #[test]
    fn lang_codes() {
        assert!(valid_lang_code("ky"));
        assert!(valid_lang_code("uz-Cyrl"));
        assert!(!valid_lang_code("KY"));
        assert!(!valid_lang_code("k"));
        assert!(!valid_lang_code("../x"));
    }
}
