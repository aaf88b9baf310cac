//! Translation freshness: for every bundle and language, whether the translation was made from
//! its original as it is now (fresh), from an older version (stale, with what changed since),
//! does not say (unrecorded), has lost its original (orphan), or is missing. Pure: it compares
//! the fingerprint a translation records in `translated_from` with its original's, which the
//! load stage computed, and diffs the old version kept in originals/ against the original's
//! current text.
//!
//! [`status`] is cheap (two lookups) and is what the reader's notice uses; [`report`] adds the
//! word diffs, for `sapar check` and the translation dashboard.

use super::Linked;
use super::changes::{Change, word_diff};
use crate::diag::Diagnostic;
use crate::load::freshness::normalised_page;
use crate::load::originals::ORIGINALS_DIR;

/// Where a translation stands against its original.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Status {
    /// The page is an original (no `original`, or its own language).
    Original,
    /// Made from the original as it is now.
    Fresh,
    /// Made from an older version of the original.
    Stale,
    /// No file in this language.
    Missing,
    /// Its `original` names a language the bundle has no page in.
    Orphan,
    /// A translation without `translated_from`.
    Unrecorded,
}

impl Status {
    /// The name scripts and the dashboard use.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Status::Original => "original",
            Status::Fresh => "fresh",
            Status::Stale => "stale",
            Status::Missing => "missing",
            Status::Orphan => "orphan",
            Status::Unrecorded => "unrecorded",
        }
    }
}

/// The status of one loaded page (an index into `Site::pages`), and its original's index.
pub(crate) fn status_and_original(linked: &Linked, page: usize) -> (Status, Option<usize>) {
    let site = &linked.site;
    let p = &site.pages[page];
    let Some(lang) = p.meta.original.as_deref().filter(|o| *o != p.lang) else {
        return (Status::Original, None);
    };
    let original = linked
        .bundle_of
        .get(&p.bundle)
        .and_then(|&b| linked.bundles[b].translations.get(lang))
        .copied();
    let Some(o) = original else {
        return (Status::Orphan, None);
    };
    let status = match &p.meta.translated_from {
        None => Status::Unrecorded,
        Some(t) if t.value == site.pages[o].fingerprint => Status::Fresh,
        Some(_) => Status::Stale,
    };
    (status, Some(o))
}

/// The status of one loaded page (an index into `Site::pages`).
pub(crate) fn status(linked: &Linked, page: usize) -> Status {
    status_and_original(linked, page).0
}

/// One bundle in one language.
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    /// Index into `Linked::bundles`.
    pub(crate) bundle: usize,
    pub(crate) lang: String,
    /// Index into `Site::pages` of the page in this language; `None` when it is missing.
    pub(crate) page: Option<usize>,
    pub(crate) status: Status,
    /// Index into `Site::pages` of the original, for a translation that has one.
    pub(crate) original: Option<usize>,
    /// A stale translation: what changed in the original since, when its old version is kept
    /// in originals/ (`None` when it is not).
    pub(crate) changes: Option<Vec<Change>>,
}

impl Entry {
    /// A stale translation whose original changed a number, date or link since.
    pub(crate) fn urgent(&self) -> bool {
        self.changes.iter().flatten().any(|c| c.urgent)
    }
}

/// Every bundle in every language of the site, bundles in their order and languages in the
/// site's, with the word diffs of stale translations.
pub(crate) fn report(linked: &Linked) -> Vec<Entry> {
    let site = &linked.site;
    let mut entries = Vec::new();
    for (bi, b) in linked.bundles.iter().enumerate() {
        for l in &site.config.languages {
            let Some(&page) = b.translations.get(&l.code) else {
                entries.push(Entry {
                    bundle: bi,
                    lang: l.code.clone(),
                    page: None,
                    status: Status::Missing,
                    original: None,
                    changes: None,
                });
                continue;
            };
            let (status, original) = status_and_original(linked, page);
            let changes = match (status, original) {
                (Status::Stale, Some(o)) => changes_since(linked, page, o),
                _ => None,
            };
            entries.push(Entry {
                bundle: bi,
                lang: l.code.clone(),
                page: Some(page),
                status,
                original,
                changes,
            });
        }
    }
    entries
}

/// What changed in the original (`o`) since the translation (`page`) was made, when the old
/// version it records is kept.
fn changes_since(linked: &Linked, page: usize, o: usize) -> Option<Vec<Change>> {
    let site = &linked.site;
    let recorded = &site.pages[page].meta.translated_from.as_ref()?.value;
    let old = site.snapshots.get(recorded)?;
    let original = &site.pages[o];
    Some(word_diff(
        old,
        &normalised_page(&original.meta, &original.body),
    ))
}

/// A change as one phrase: `«15» → «30»`, `«…» removed`, `«…» added`.
pub(crate) fn describe(c: &Change) -> String {
    match (c.removed.is_empty(), c.added.is_empty()) {
        (false, false) => format!("«{}» → «{}»", c.removed, c.added),
        (false, true) => format!("«{}» removed", c.removed),
        _ => format!("«{}» added", c.added),
    }
}

/// The warnings `sapar check` gives for translations that are stale or do not record their
/// original's version. (An orphan has its warning from the link stage already.)
pub(crate) fn warnings(linked: &Linked, entries: &[Entry]) -> Vec<Diagnostic> {
    let site = &linked.site;
    let mut out = Vec::new();
    for e in entries {
        let (Some(page), Some(o)) = (e.page, e.original) else {
            continue;
        };
        let p = &site.pages[page];
        let file = p.file.display().to_string();
        let original_file = site.pages[o].file.display().to_string();
        let lang = &site.pages[o].lang;
        let run = format!("`sapar translated {file}`");
        match e.status {
            Status::Unrecorded => out.push(
                Diagnostic::warning(&p.file, p.meta.original_line, format!(
                    "this translation does not record which version of its `{lang}` original it was made from, so it cannot be told whether it is out of date"
                ))
                .pointing_at("original")
                .with_hint(format!("once it says what {original_file} says, run {run}")),
            ),
            Status::Stale => out.push(stale_warning(e, p, lang, &original_file, &run)),
            _ => {}
        }
    }
    out
}

/// A stale translation's warning: what changed (the first change, and how many more), at its
/// `translated_from` line.
fn stale_warning(
    e: &Entry,
    p: &crate::model::site::PageSource,
    lang: &str,
    original_file: &str,
    run: &str,
) -> Diagnostic {
    let recorded = p.meta.translated_from.as_ref();
    let line = recorded.map(|t| t.line);
    let needle = recorded.map(|t| t.value.clone()).unwrap_or_default();
    let changed = format!("the `{lang}` original has changed since this translation was made");
    let Some(changes) = &e.changes else {
        let kept = format!("{ORIGINALS_DIR}/{needle}.txt");
        return Diagnostic::warning(&p.file, line, format!(
            "{changed}; its old version is not known ({kept} is missing), so what changed cannot be shown"
        ))
        .pointing_at(needle)
        .with_hint(format!("compare the translation with {original_file} and update it, then run {run}"));
    };
    let first = changes.first().map(describe).unwrap_or_default();
    let more = match changes.len() {
        0 | 1 => String::new(),
        2 => " and 1 more change".to_string(),
        n => format!(" and {} more changes", n - 1),
    };
    let message = if e.urgent() {
        format!("URGENT: {changed}, and a number, date or link in it changed: {first}{more}")
    } else {
        format!("{changed}: {first}{more}")
    };
    Diagnostic::warning(&p.file, line, message)
        .pointing_at(needle)
        .with_hint(format!(
            "update the translation to say what {original_file} says now, then run {run}"
        ))
}
