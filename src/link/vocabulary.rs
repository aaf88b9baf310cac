//! Names an editor writes that the theme must have words for: the topics and countries of the
//! contact directory and the country of a guide.
//!
//! Without this check a code the theme has no name for (`countries = ["DE"]`, `topics =
//! ["consulr"]`) built without a word of warning and showed the raw key (`country_DE`,
//! `topic_consulr`) as a heading in every language and in the structured data search engines
//! read.

use std::collections::BTreeMap;

use crate::diag::{Diagnostic, Diagnostics};
use crate::load::data::CONTACTS_FILE;
use crate::model::contact::Area;
use crate::model::site::Site;
use crate::model::strings::Strings;
use crate::util::suggest;

/// The values the theme has a name for under `prefix` (`topic_`, `country_`), in any language.
/// A name missing in one language only is the UI strings' own warning (it falls back).
pub(crate) fn named(strings: &BTreeMap<String, Strings>, prefix: &str) -> Vec<String> {
    let mut v: Vec<String> = strings
        .values()
        .flat_map(|s| s.text.keys())
        .filter_map(|k| k.strip_prefix(prefix))
        .map(str::to_string)
        .collect();
    v.sort();
    v.dedup();
    v
}

/// Checks contacts' topics and countries and guides' countries against the theme's names.
pub(crate) fn check(site: &Site, strings: &BTreeMap<String, Strings>, diags: &mut Diagnostics) {
    if strings.is_empty() {
        return;
    }
    let topics = named(strings, "topic_");
    let mut countries = named(strings, "country_");
    countries.retain(|c| crate::load::data::is_country_code(c));
    let i18n = site.config.theme_dir().join("i18n");
    let i18n = i18n
        .strip_prefix(&site.config.root)
        .unwrap_or(&i18n)
        .display()
        .to_string();
    let unnamed = |what: &str, value: &str, known: &[String]| -> String {
        let known: Vec<&str> = known.iter().map(String::as_str).collect();
        match suggest::closest(value, known.iter().copied()) {
            Some(c) => format!("did you mean `{c}`?"),
            None => format!(
                "{}; or, for a new {what}, add `{what}_{value} = \"…\"` to every language's file in {i18n}/",
                suggest::one_of(&known)
            ),
        }
    };
    for c in &site.contacts {
        for (i, t) in c.topics.iter().enumerate() {
            if !topics.contains(t) {
                diags.push(
                    Diagnostic::error(
                        CONTACTS_FILE,
                        c.at.topics.get(i).copied().or(Some(c.line)),
                        format!("contact `{}`: `{t}` is not a topic of the directory", c.id),
                    )
                    .pointing_at(format!("\"{t}\""))
                    .with_hint(unnamed("topic", t, &topics)),
                );
            }
        }
        for (i, a) in c.countries.iter().enumerate() {
            if let Area::Country(code) = a
                && crate::load::data::is_country_code(code)
                && !countries.contains(code)
            {
                diags.push(
                    Diagnostic::error(
                        CONTACTS_FILE,
                        c.at.countries.get(i).copied().or(Some(c.line)),
                        format!(
                            "contact `{}`: the theme has no name for the country `{code}`",
                            c.id
                        ),
                    )
                    .pointing_at(format!("\"{code}\""))
                    .with_hint(unnamed("country", code, &countries)),
                );
            }
        }
    }
    // A page's country is the same in each language (the editing interface copies it): one
    // message per page, at the original's file, rather than one per language.
    let mut unknown: BTreeMap<(&str, &str), &crate::model::site::PageSource> = BTreeMap::new();
    for p in &site.pages {
        if let Some(code) = &p.meta.country
            && !countries.contains(code)
        {
            let is_original = p.meta.original.as_deref().is_none_or(|o| o == p.lang);
            let slot = unknown
                .entry((p.bundle.as_str(), code.as_str()))
                .or_insert(p);
            if is_original {
                *slot = p;
            }
        }
    }
    for ((_, code), p) in unknown {
        diags.push(
            Diagnostic::error(
                &p.file,
                p.meta.country_line,
                format!("the theme has no name for the country `{code}`"),
            )
            .pointing_at(format!("\"{code}\""))
            .with_hint(unnamed("country", code, &countries)),
        );
    }
}
