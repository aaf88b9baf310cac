//! `sapar new`: a page bundle in every language from the theme's archetypes.
//!
//! New pages start as drafts so that a half-written page never reaches migrants by accident.
//! Each language's file comes from that language's archetype (`guide.ky.md`, else `guide.md`),
//! so an editor reads what to write where in the language they write in; the archetype carries
//! exactly the front matter its section accepts. Example text left in a page that is published
//! stops the build (see `load::archetypes`).

use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Diagnostics};
use crate::model::config::{Config, SectionKind, valid_segment};

/// One kind of page `sapar new` makes.
struct Kind {
    name: &'static str,
    /// The kind of section it lives in.
    section: SectionKind,
    /// One of it, for messages.
    one: &'static str,
    /// What a section of its kind holds, for messages.
    many: &'static str,
}

const KINDS: &[Kind] = &[
    Kind {
        name: "guide",
        section: SectionKind::Guide,
        one: "a guide",
        many: "country guides",
    },
    Kind {
        name: "module",
        section: SectionKind::Module,
        one: "a module",
        many: "modules of the course",
    },
    Kind {
        name: "news",
        section: SectionKind::News,
        one: "a news item",
        many: "news items",
    },
    Kind {
        name: "page",
        section: SectionKind::Page,
        one: "a page",
        many: "pages",
    },
    Kind {
        name: "slide",
        section: SectionKind::Kiosk,
        one: "a slide",
        many: "kiosk slides",
    },
    Kind {
        name: "alert",
        section: SectionKind::Kiosk,
        one: "an alert",
        many: "kiosk slides",
    },
];

/// The kinds, in the order `--help` gives them.
pub fn kind_names() -> Vec<&'static str> {
    KINDS.iter().map(|k| k.name).collect()
}

fn err(msg: impl Into<String>, hint: impl Into<String>) -> Diagnostics {
    Diagnostics::from(Diagnostic::error("sapar new", None, msg).with_hint(hint))
}

/// Creates the bundle and returns the files written (relative to `root`). Nothing is written
/// when any file exists already or any archetype is missing.
pub fn new_bundle(root: &Path, kind: &str, path: &str) -> Result<Vec<PathBuf>, Diagnostics> {
    let config = crate::load::config::read(root)?;
    let Some(kind) = KINDS.iter().find(|k| k.name == kind) else {
        let names = kind_names();
        let (last, first) = names.split_last().unzip();
        return Err(err(
            format!(
                "unknown kind `{kind}`: the kinds are {} and {}",
                first.unwrap_or_default().join(", "),
                last.copied().unwrap_or_default()
            ),
            "for example: sapar new guide germany",
        ));
    };
    let path = path.trim_matches('/');
    if let Some(bad) = path
        .split('/')
        .find(|s| !valid_segment(s) || s.chars().any(|c| c.is_uppercase()))
    {
        return Err(err(
            format!("`{bad}` cannot be part of a web address"),
            "use lowercase letters, digits and -, for example south-korea",
        ));
    }
    let bundle = bundle_path(&config, kind, path)?;
    let dir = config.content_dir().join(&bundle);
    let name = bundle.rsplit('/').next().unwrap_or(&bundle);
    let title = title_from(name);
    let original = &config.default_language;
    let today = crate::model::date::Date::today().to_string();

    let mut planned = Vec::new();
    for l in &config.languages {
        let file = dir.join(format!("index.{}.md", l.code));
        if file.exists() {
            return Err(Diagnostics::from(Diagnostic::error(
                file.strip_prefix(root).unwrap_or(&file),
                None,
                "already exists; nothing was written",
            )));
        }
        let archetype = crate::load::archetypes::read(&config, kind.name, &l.code)?;
        let text = archetype
            .replace("{title}", &title)
            .replace("{date}", &today)
            .replace("{lang}", &l.code)
            .replace("{original}", original);
        planned.push((file, without_reviewed(&text, l.code == *original)));
    }
    std::fs::create_dir_all(&dir).map_err(|e| {
        Diagnostics::from(Diagnostic::error(&dir, None, format!("cannot create: {e}")))
    })?;
    let mut written = Vec::new();
    for (file, text) in planned {
        std::fs::write(&file, text).map_err(|e| {
            Diagnostics::from(Diagnostic::error(&file, None, format!("cannot write: {e}")))
        })?;
        written.push(
            file.strip_prefix(root)
                .map(Path::to_path_buf)
                .unwrap_or(file),
        );
    }
    Ok(written)
}

/// The bundle (folder under content/) a page of `kind` named `path` goes to: a guide, module,
/// news item or slide in the site's section of its kind; a page in the section its path names,
/// which must be a section of plain pages.
fn bundle_path(config: &Config, kind: &Kind, path: &str) -> Result<String, Diagnostics> {
    let name = path.rsplit('/').next().unwrap_or(path);
    if kind.section == SectionKind::Page {
        let Some((section, _)) = path.split_once('/') else {
            return Err(err(
                "a page needs its section too",
                format!("for example: sapar new page about/{name}"),
            ));
        };
        let have = config.section(section).kind;
        if let Some(other) = KINDS.iter().find(|k| k.section == have)
            && have != SectionKind::Page
        {
            return Err(err(
                format!("content/{section}/ holds {}, not plain pages", other.many),
                format!("make it with: sapar new {} {name}", other.name),
            ));
        }
        if have == SectionKind::Directory {
            return Err(err(
                format!("content/{section}/ is the directory, made from data/contacts.toml"),
                "add an organisation to data/contacts.toml (an [[org]] entry) instead",
            ));
        }
        return Ok(path.to_string());
    }
    let Some(section) = config.sections.iter().find(|s| s.kind == kind.section) else {
        // As site.toml spells the section kind.
        let key = match kind.section {
            SectionKind::Kiosk => "kiosk",
            _ => kind.name,
        };
        return Err(err(
            format!(
                "site.toml has no section of kind `{key}`, so there is nowhere to put {}",
                kind.one
            ),
            format!(
                "add a section to site.toml: [[sections]] with name = \"…\" and kind = \"{key}\""
            ),
        ));
    };
    let section = &section.name;
    match path.split_once('/') {
        None => Ok(format!("{section}/{path}")),
        Some((first, rest)) if first == section && !rest.is_empty() => Ok(path.to_string()),
        Some(_) => Err(err(
            format!(
                "{} lives in content/{section}/: give just its name",
                kind.one
            ),
            format!("for example: sapar new {} {name}", kind.name),
        )),
    }
}

/// The page's text without the `reviewed` line in the original language's file: only
/// translations wait for a native speaker's review.
fn without_reviewed(text: &str, original: bool) -> String {
    if !original {
        return text.to_string();
    }
    text.split_inclusive('\n')
        .filter(|l| {
            let key = l.split('=').next().unwrap_or("").trim();
            !(key == "reviewed" && l.contains('='))
        })
        .collect()
}

fn title_from(name: &str) -> String {
    let words: Vec<String> = name
        .split('-')
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f.to_uppercase().chain(c).collect(),
                None => String::new(),
            }
        })
        .collect();
    words.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::config::{Section, SortBy};

    #[test]
    fn titles() {
        assert_eq!(title_from("south-korea"), "South Korea");
        assert_eq!(title_from("x"), "X");
    }

    #[test]
    fn the_original_has_no_reviewed_line() {
        let t = "+++\ntitle = \"A\"\nreviewed = false   # not checked\nsources = []\n+++\nreviewed = body\n";
        assert_eq!(
            without_reviewed(t, true),
            "+++\ntitle = \"A\"\nsources = []\n+++\n"
        );
        assert_eq!(without_reviewed(t, false), t);
    }

    fn config() -> Config {
        // Reading site.toml checks that the theme is there.
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("themes/portal/templates")).unwrap();
        let mut c = crate::load::config::parse(
            dir.path(),
            "base_url = \"https://x.kg\"\ndefault_language = \"ru\"\nfallback = [\"ru\"]\ntheme = \"portal\"\n[[languages]]\ncode = \"ru\"\nname = \"Русский\"\ntitle = \"Т\"\n",
        )
        .unwrap();
        for (name, kind) in [
            ("countries", SectionKind::Guide),
            ("kiosk", SectionKind::Kiosk),
            ("legal-aid", SectionKind::Directory),
        ] {
            c.sections.push(Section {
                name: name.into(),
                kind,
                sort: SortBy::Weight,
            });
        }
        c
    }

    fn message(r: Result<String, Diagnostics>) -> (String, String) {
        let d = r.unwrap_err().sorted().remove(0);
        (d.message, d.hint.unwrap_or_default())
    }

    #[test]
    fn each_kind_goes_to_the_section_of_its_kind() {
        let c = config();
        let at = |kind: &str, path: &str| {
            let kind = KINDS.iter().find(|k| k.name == kind).unwrap();
            bundle_path(&c, kind, path)
        };
        assert_eq!(at("guide", "germany").unwrap(), "countries/germany");
        assert_eq!(
            at("guide", "countries/germany").unwrap(),
            "countries/germany"
        );
        assert_eq!(at("alert", "flood").unwrap(), "kiosk/flood");
        assert_eq!(at("page", "about/partners").unwrap(), "about/partners");
        let (m, h) = message(at("guide", "guides/germany"));
        assert_eq!(m, "a guide lives in content/countries/: give just its name");
        assert_eq!(h, "for example: sapar new guide germany");
        let (m, h) = message(at("module", "money"));
        assert_eq!(
            m,
            "site.toml has no section of kind `module`, so there is nowhere to put a module"
        );
        assert!(h.contains("kind = \"module\""), "{h}");
        let (m, _) = message(
            at("alert", "flood")
                .map(|_| String::new())
                .and(at("news", "x")),
        );
        assert_eq!(
            m,
            "site.toml has no section of kind `news`, so there is nowhere to put a news item"
        );
        let (m, h) = message(at("page", "countries/germany"));
        assert_eq!(
            m,
            "content/countries/ holds country guides, not plain pages"
        );
        assert_eq!(h, "make it with: sapar new guide germany");
        let (m, _) = message(at("page", "legal-aid/x"));
        assert!(m.contains("directory"), "{m}");
        let (m, h) = message(at("page", "partners"));
        assert_eq!(
            (m.as_str(), h.as_str()),
            (
                "a page needs its section too",
                "for example: sapar new page about/partners"
            )
        );
    }
}
