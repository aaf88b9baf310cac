//! `sapar new`: a page bundle in every language from the theme's archetypes.
//!
//! New pages start as drafts so that a half-written page never reaches migrants by accident;
//! the archetype carries the front matter its section needs, with comments saying what to fill.

use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Diagnostics};
use crate::model::config::valid_segment;

/// Where each kind of page lives.
fn section_for(kind: &str) -> Option<&'static str> {
    match kind {
        "guide" => Some("guides"),
        "module" => Some("modules"),
        "news" => Some("news"),
        "slide" => Some("kiosk"),
        "page" => None,
        _ => None,
    }
}

pub(crate) const KINDS: &[&str] = &["guide", "module", "news", "slide", "page"];

fn err(file: impl AsRef<Path>, msg: impl Into<String>) -> Diagnostics {
    let mut d = Diagnostics::default();
    d.push(Diagnostic::error(file, None, msg));
    d
}

/// Creates the bundle and returns the files written.
pub fn new_bundle(root: &Path, kind: &str, path: &str) -> Result<Vec<PathBuf>, Diagnostics> {
    let config = crate::load::config::read(root)?;
    if !KINDS.contains(&kind) {
        return Err(err(
            "sapar new",
            format!("unknown kind `{kind}`; use one of: {}", KINDS.join(", ")),
        ));
    }
    let path = path.trim_matches('/');
    let bundle = match section_for(kind) {
        Some(section) if !path.contains('/') => format!("{section}/{path}"),
        Some(section) if path.starts_with(&format!("{section}/")) => path.to_string(),
        Some(section) => {
            return Err(err(
                "sapar new",
                format!("a {kind} lives in content/{section}/: give just its name, e.g. `germany`"),
            ));
        }
        None if path.contains('/') => path.to_string(),
        None => {
            return Err(err(
                "sapar new",
                "a page needs its section too, e.g. `about/partners`",
            ));
        }
    };
    if let Some(bad) = bundle
        .split('/')
        .find(|s| !valid_segment(s) || s.chars().any(|c| c.is_uppercase()))
    {
        return Err(err(
            "sapar new",
            format!("`{bad}` cannot be part of a web address: use lowercase letters, digits and -"),
        ));
    }
    let dir = config.content_dir().join(&bundle);
    let archetype_file = config
        .theme_dir()
        .join("archetypes")
        .join(format!("{kind}.md"));
    let archetype = std::fs::read_to_string(&archetype_file)
        .map_err(|e| err(&archetype_file, format!("cannot read the archetype: {e}")))?;
    let name = bundle.rsplit('/').next().unwrap_or(&bundle);
    let title = title_from(name);
    let original = &config.default_language;
    let today = crate::model::date::Date::today().to_string();

    let mut planned = Vec::new();
    for l in &config.languages {
        let file = dir.join(format!("index.{}.md", l.code));
        if file.exists() {
            return Err(err(
                file.strip_prefix(root).unwrap_or(&file),
                "already exists; nothing was written",
            ));
        }
        let reviewed = if l.code == *original {
            String::new()
        } else {
            "reviewed = false      # a native speaker has not checked this translation yet\n"
                .to_string()
        };
        let text = archetype
            .replace("{title}", &title)
            .replace("{date}", &today)
            .replace("{lang}", &l.code)
            .replace("{original}", original)
            .replace("{reviewed}", &reviewed);
        planned.push((file, text));
    }
    std::fs::create_dir_all(&dir).map_err(|e| err(&dir, format!("cannot create: {e}")))?;
    let mut written = Vec::new();
    for (file, text) in planned {
        std::fs::write(&file, text).map_err(|e| err(&file, format!("cannot write: {e}")))?;
        written.push(
            file.strip_prefix(root)
                .map(Path::to_path_buf)
                .unwrap_or(file),
        );
    }
    Ok(written)
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

    #[test]
    fn titles() {
        assert_eq!(title_from("south-korea"), "South Korea");
        assert_eq!(title_from("x"), "X");
    }
}
