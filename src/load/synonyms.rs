//! data/synonyms.toml: the everyday words migrants type for the portal's official terms.
//!
//! One table of groups per language; search treats the words of a group as one thing, so that
//! «айлык» finds the page that says «эмгек акы». Editors maintain the file, so every mistake in
//! it is reported with its line, and a group that can never find anything is a warning.

use std::collections::{BTreeMap, HashMap};

use serde::Deserialize;
use toml::Spanned;

use crate::diag::{Diagnostic, Diagnostics, line_of};
use crate::model::config::Config;
use crate::model::site::PageSource;
use crate::model::synonyms::{SYNONYMS_FILE, SynonymGroup};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGroup {
    words: Spanned<Vec<Spanned<String>>>,
}

/// The keys a group of data/synonyms.toml may have.
#[cfg(test)]
pub(crate) fn group_keys() -> Vec<String> {
    crate::load::explain::accepted_keys::<RawGroup>()
}

const EXAMPLE: &str = "words = [\"эмгек акы\", \"айлык\"]";

/// The groups of data/synonyms.toml (none when the file is missing), each checked.
pub(crate) fn load_synonyms(config: &Config, diags: &mut Diagnostics) -> Vec<SynonymGroup> {
    let Some(text) = super::data::read(&config.root, SYNONYMS_FILE, diags) else {
        return Vec::new();
    };
    let Some(raw) =
        super::data::parse::<BTreeMap<Spanned<String>, Vec<RawGroup>>>(SYNONYMS_FILE, &text, diags)
    else {
        return Vec::new();
    };
    let mut raw: Vec<_> = raw.into_iter().collect();
    raw.sort_by_key(|(lang, _)| lang.span().start);
    // Lowercased word → the line of the group that has it, per language.
    let mut seen: HashMap<(String, String), usize> = HashMap::new();
    let mut out = Vec::new();
    for (lang, groups) in raw {
        if !config.has_language(lang.get_ref()) {
            diags.push(unknown_language(config, &text, &lang));
            continue;
        }
        for g in groups {
            let line = line_of(&text, g.words.span().start);
            let given = g
                .words
                .get_ref()
                .iter()
                .filter(|w| !w.get_ref().trim().is_empty())
                .count();
            let words = checked_words(
                lang.get_ref(),
                &text,
                g.words.into_inner(),
                &mut seen,
                diags,
            );
            // A group left with one word by a word reported as a repeat needs no second message.
            if given < 2 {
                diags.push(
                    Diagnostic::error(
                        SYNONYMS_FILE,
                        Some(line),
                        "a group of synonyms needs at least two different words: it says that they mean the same",
                    )
                    .pointing_at("words")
                    .with_hint(format!("write the pages' term and the everyday words for it, like `{EXAMPLE}`")),
                );
                continue;
            }
            if words.len() < 2 {
                continue;
            }
            out.push(SynonymGroup {
                lang: lang.get_ref().clone(),
                words,
                line,
            });
        }
    }
    out
}

/// The words of one group, trimmed, without blanks, each reported if another group has it.
fn checked_words(
    lang: &str,
    text: &str,
    words: Vec<Spanned<String>>,
    seen: &mut HashMap<(String, String), usize>,
    diags: &mut Diagnostics,
) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for w in words {
        let line = line_of(text, w.span().start);
        let word = w.get_ref().split_whitespace().collect::<Vec<_>>().join(" ");
        if word.is_empty() {
            diags.push(
                Diagnostic::error(SYNONYMS_FILE, Some(line), "a synonym is empty")
                    .pointing_at(format!("\"{}\"", w.get_ref()))
                    .with_hint("remove the empty quotes, or write the word in them"),
            );
            continue;
        }
        let key = (lang.to_string(), word.to_lowercase());
        if out.iter().any(|o| o.to_lowercase() == key.1) {
            continue;
        }
        match seen.get(&key) {
            Some(first) => diags.push(
                Diagnostic::error(
                    SYNONYMS_FILE,
                    Some(line),
                    format!("`{word}` is already in the `{lang}` group at line {first}"),
                )
                .pointing_at(format!("\"{}\"", w.get_ref()))
                .with_hint(format!(
                    "a word can be in one group only: merge the two groups into one, or remove `{word}` from this one"
                )),
            ),
            None => {
                seen.insert(key, line);
                out.push(word);
            }
        }
    }
    out
}

fn unknown_language(config: &Config, text: &str, lang: &Spanned<String>) -> Diagnostic {
    let codes: Vec<&str> = config.languages.iter().map(|l| l.code.as_str()).collect();
    Diagnostic::error(
        SYNONYMS_FILE,
        Some(line_of(text, lang.span().start)),
        format!("`{}` is not a language of the site", lang.get_ref()),
    )
    .pointing_at(lang.get_ref().as_str())
    .with_hint(format!(
        "write the groups under one of the site's languages: {}; like `[[{}]]` followed by `{EXAMPLE}`",
        codes
            .iter()
            .map(|c| format!("`[[{c}]]`"))
            .collect::<Vec<_>>()
            .join(", "),
        codes.first().copied().unwrap_or("ky")
    ))
}

/// Text compared the way an editor would read it: lowercase, ё as е, one space between words.
fn plain(text: &str) -> String {
    text.to_lowercase()
        .replace('ё', "е")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A group none of whose words any page of its language contains finds nothing: most likely a
/// misspelling, or the pages call the thing something else. Compared as text, so a word counts
/// when it starts an inflected form (`эмгек акы` in «эмгек акынын»).
pub(crate) fn unused_groups(groups: &[SynonymGroup], pages: &[PageSource]) -> Vec<Diagnostic> {
    let mut texts: HashMap<&str, Vec<String>> = HashMap::new();
    let mut out = Vec::new();
    for g in groups {
        let texts = texts.entry(g.lang.as_str()).or_insert_with(|| {
            pages
                .iter()
                .filter(|p| p.lang == g.lang)
                .map(|p| {
                    plain(&format!(
                        "{} {} {}",
                        p.meta.title,
                        p.meta.description.as_deref().unwrap_or(""),
                        p.body
                    ))
                })
                .collect()
        });
        let used = g
            .words
            .iter()
            .any(|w| texts.iter().any(|t| t.contains(&plain(w))));
        if !used {
            out.push(
                Diagnostic::warning(
                    SYNONYMS_FILE,
                    Some(g.line),
                    format!(
                        "no `{}` page uses any word of this group, so searching for them finds nothing",
                        g.lang
                    ),
                )
                .pointing_at("words")
                .with_hint(format!(
                    "add the word the pages use for the same thing, like `эмгек акы` in `{EXAMPLE}`; or check the spelling"
                )),
            );
        }
    }
    out
}
