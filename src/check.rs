//! `sapar check`: what an editor should fix or know, without touching the output.
//!
//! It runs the build pipeline in memory (so every build error is a check error) and adds the
//! findings a build tolerates: anchors that do not exist, translation coverage, UI strings
//! missing, contacts not verified for too long, translations awaiting native review, images
//! without alt text.

use std::collections::{BTreeMap, HashSet};

use serde::Serialize;

use crate::diag::{Diagnostic, Diagnostics};
use crate::model::date::Date;

#[derive(Debug, Default, Serialize)]
pub struct Coverage {
    /// Bundles with their own text in this language.
    pub own: usize,
    /// Bundles in the section.
    pub total: usize,
}

#[derive(Debug, Default, Serialize)]
pub struct Report {
    pub errors: Vec<Finding>,
    pub warnings: Vec<Finding>,
    /// Section → language → coverage.
    pub coverage: BTreeMap<String, BTreeMap<String, Coverage>>,
    /// Translations not yet checked by a native speaker.
    pub awaiting_review: Vec<String>,
    pub languages: Vec<String>,
    /// Every translation a page lacks (or has only as a draft), with what readers see instead.
    pub missing_translations: Vec<MissingTranslation>,
    /// Every page in every language with its freshness against its original, the missing
    /// ones included (see `link::freshness`).
    pub translations: Vec<TranslationState>,
}

/// One bundle in one language: whether its text is up to date with its original.
#[derive(Debug, Serialize)]
pub struct TranslationState {
    /// The bundle's folder under content/, e.g. `guides/russia` (`` for the home page).
    pub bundle: String,
    pub lang: String,
    pub file: String,
    /// `original`, `fresh`, `stale`, `missing`, `orphan` or `unrecorded`.
    pub status: &'static str,
    /// Stale, and a number, date or link changed in the original.
    pub urgent: bool,
    /// Stale: what changed in the original since the translation was made.
    pub changes: Vec<Change>,
    /// Stale: whether the old version is known (originals/); when not, `changes` is empty.
    pub old_version_known: bool,
    /// A translation: its original's file.
    pub original: Option<String>,
}

/// A change in an original since a translation was made.
#[derive(Debug, Serialize)]
pub struct Change {
    pub removed: String,
    pub added: String,
    /// The passage as the original reads now, a few words either side of the change.
    pub context: String,
    pub urgent: bool,
}

/// A language a page has no published text of its own in, and what its readers see instead.
#[derive(Debug, Serialize)]
pub struct MissingTranslation {
    /// The file that would hold the translation, e.g. `content/guides/turkey/index.ky.md`.
    pub file: String,
    pub lang: String,
    /// The file exists but is a draft.
    pub draft: bool,
    /// The language whose version its readers see; `None` when they see none (for a kiosk
    /// slide: kiosks show the slide in its other languages only).
    pub shown_in: Option<String>,
    /// The sentence the text report prints.
    pub message: String,
}

/// One message of the report; `sapar check --format json` gives these fields to scripts and to
/// the editing interface.
#[derive(Debug, Serialize)]
pub struct Finding {
    pub file: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
    /// `error` or `warning`.
    pub severity: &'static str,
    pub message: String,
    /// What to write instead, when there is one thing to say.
    pub hint: Option<String>,
    /// The message as the terminal shows it: the line, a caret under the mistake, the hint.
    #[serde(skip)]
    pub text: String,
}

impl From<&Diagnostic> for Finding {
    fn from(d: &Diagnostic) -> Self {
        Finding {
            file: d.file.display().to_string(),
            line: d.line,
            column: d.column,
            severity: if d.is_error() { "error" } else { "warning" },
            message: d.message.clone(),
            hint: d.hint.clone(),
            text: d.render(),
        }
    }
}

pub fn check(root: &std::path::Path, today: Date) -> Report {
    let mut diags = Diagnostics::default();
    let mut report = Report::default();
    // The build's own first stages, so that every build error is a check error.
    let (linked, strings) = match crate::build::load_and_link(root, &mut diags) {
        Ok(x) => x,
        Err(mut d) => {
            crate::load::snippets::attach(root, &mut d);
            report.errors = d
                .sorted()
                .iter()
                .filter(|d| d.is_error())
                .map(Finding::from)
                .collect();
            return report;
        }
    };
    let config = &linked.site.config;
    report.languages = config.languages.iter().map(|l| l.code.clone()).collect();

    match crate::render::Theme::new(crate::load::theme::load(config)) {
        Err(d) => diags.extend(d),
        // Render checks anchors and alt text; its pages are not needed here.
        Ok(theme) => {
            if let Err(d) = crate::render::render(&linked, &strings, &theme, None, None, &mut diags)
            {
                diags.extend(d);
            }
        }
    }

    // Contacts whose details nobody has checked for too long.
    for c in &linked.site.contacts {
        let age = today.days_since_epoch() - c.verified.days_since_epoch();
        if age > i64::from(config.stale_contact_days) {
            diags.push(Diagnostic::warning(
                crate::load::data::CONTACTS_FILE,
                Some(c.line),
                format!(
                    "contact `{}` was last verified on {} ({age} days ago; check it against a source and update `verified`)",
                    c.id, c.verified
                ),
            ));
        }
    }

    // Translation coverage and review status.
    for b in &linked.bundles {
        if b.path.is_empty() {
            continue;
        }
        let section = report.coverage.entry(b.section.clone()).or_default();
        for l in &config.languages {
            let c = section.entry(l.code.clone()).or_default();
            c.total += 1;
            if b.translations.contains_key(&l.code) {
                c.own += 1;
            }
        }
    }
    for p in &linked.site.pages {
        if p.meta.original.as_ref().is_some_and(|o| *o != p.lang) && p.meta.reviewed != Some(true) {
            report.awaiting_review.push(p.file.display().to_string());
        }
    }
    report.awaiting_review.sort();
    report.missing_translations = missing_translations(&linked, &diags);
    let freshness = crate::link::freshness::report(&linked);
    diags.extend(crate::link::freshness::warnings(&linked, &freshness));
    report.translations = translation_states(&linked, &freshness, &report.missing_translations);

    crate::load::snippets::attach(root, &mut diags);
    for d in diags.sorted() {
        if d.is_error() {
            report.errors.push(Finding::from(&d));
        } else {
            report.warnings.push(Finding::from(&d));
        }
    }
    report
}

/// Every (page, language) without a published text of its own, in file order. A file that
/// failed to load is left out: its error says what is wrong with it.
fn missing_translations(
    linked: &crate::link::Linked,
    diags: &Diagnostics,
) -> Vec<MissingTranslation> {
    let failed: HashSet<&std::path::Path> = diags
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.file.as_path())
        .collect();
    let mut missing = Vec::new();
    for (bi, b) in linked.bundles.iter().enumerate() {
        for l in &linked.site.config.languages {
            if b.translations.contains_key(&l.code) {
                continue;
            }
            let name = if b.is_section { "_index" } else { "index" };
            let file = match b.path.as_str() {
                "" => format!("content/{name}.{}.md", l.code),
                path => format!("content/{path}/{name}.{}.md", l.code),
            };
            let path = std::path::Path::new(&file);
            if failed.contains(path) {
                continue;
            }
            let draft = linked.site.drafts.iter().any(|d| d == path);
            let shown_in = linked
                .output(bi, &l.code)
                .map(|o| linked.page(o).lang.clone());
            let state = if draft { "is a draft" } else { "is missing" };
            let lang = &l.code;
            let message = match (&shown_in, b.kind) {
                (_, crate::model::config::SectionKind::Kiosk) => {
                    let have: Vec<&str> = b.translations.keys().map(String::as_str).collect();
                    format!(
                        "{file} {state}: kiosks show this slide only in {}",
                        have.join(", ")
                    )
                }
                (Some(other), _) => {
                    format!("{file} {state}: readers of {lang} see the {other} version")
                }
                (None, _) => format!(
                    "{file} {state}: readers of {lang} do not see this page (no language they fall back to has it)"
                ),
            };
            missing.push(MissingTranslation {
                file,
                lang: lang.clone(),
                draft,
                shown_in,
                message,
            });
        }
    }
    missing.sort_by(|a, b| a.file.cmp(&b.file));
    missing
}

/// The report as an editor reads it on a terminal.
pub fn to_text(r: &Report) -> String {
    let mut s = String::new();
    for f in r.errors.iter().chain(&r.warnings) {
        s.push_str(&f.text);
        s.push_str("\n\n");
    }
    if !r.coverage.is_empty() {
        s.push_str("\nTranslation coverage (pages with their own text / pages in the section):\n");
        s.push_str(&format!("{:<14}", "section"));
        for l in &r.languages {
            s.push_str(&format!("{l:>10}"));
        }
        s.push('\n');
        for (section, langs) in &r.coverage {
            s.push_str(&format!("{section:<14}"));
            for l in &r.languages {
                let c = langs.get(l);
                let cell = c
                    .map(|c| format!("{}/{}", c.own, c.total))
                    .unwrap_or_default();
                s.push_str(&format!("{cell:>10}"));
            }
            s.push('\n');
        }
    }
    if !r.missing_translations.is_empty() {
        s.push_str(&format!(
            "\nMissing translations ({}):\n",
            r.missing_translations.len()
        ));
        for m in &r.missing_translations {
            s.push_str(&format!("  {}\n", m.message));
        }
    }
    s.push_str(&translations_text(&r.translations));
    if !r.awaiting_review.is_empty() {
        s.push_str(&format!(
            "\nTranslations awaiting review by a native speaker ({}):\n",
            r.awaiting_review.len()
        ));
        for f in &r.awaiting_review {
            s.push_str(&format!("  {f}\n"));
        }
    }
    s.push_str(&format!(
        "\n{} errors, {} warnings\n",
        r.errors.len(),
        r.warnings.len()
    ));
    s
}

/// The freshness of every page, with the missing translations as `missing_translations` has
/// them (a file that failed to load is left out there, and so here).
fn translation_states(
    linked: &crate::link::Linked,
    entries: &[crate::link::freshness::Entry],
    missing: &[MissingTranslation],
) -> Vec<TranslationState> {
    use crate::link::freshness::Status;
    let pages = &linked.site.pages;
    let mut states: Vec<TranslationState> = entries
        .iter()
        .filter_map(|e| {
            let p = &pages[e.page?];
            Some(TranslationState {
                bundle: linked.bundles[e.bundle].path.clone(),
                lang: e.lang.clone(),
                file: p.file.display().to_string(),
                status: e.status.name(),
                urgent: e.urgent(),
                changes: e
                    .changes
                    .iter()
                    .flatten()
                    .map(|c| Change {
                        removed: c.removed.clone(),
                        added: c.added.clone(),
                        context: c.context.clone(),
                        urgent: c.urgent,
                    })
                    .collect(),
                old_version_known: e.status != Status::Stale || e.changes.is_some(),
                original: e.original.map(|o| pages[o].file.display().to_string()),
            })
        })
        .collect();
    states.extend(missing.iter().map(|m| {
        let bundle = std::path::Path::new(&m.file)
            .parent()
            .and_then(|d| d.strip_prefix("content").ok())
            .map(|d| d.display().to_string())
            .unwrap_or_default();
        TranslationState {
            bundle,
            lang: m.lang.clone(),
            file: m.file.clone(),
            status: Status::Missing.name(),
            urgent: false,
            changes: Vec::new(),
            old_version_known: true,
            original: None,
        }
    }));
    states.sort_by(|a, b| a.file.cmp(&b.file));
    states
}

/// Most changes shown per stale translation in the text report (all of them are in JSON).
const CHANGES_SHOWN: usize = 8;

/// The translations that need work, each stale one with what changed in its original, and a
/// line counting every status. Missing ones are listed above under «Missing translations».
fn translations_text(states: &[TranslationState]) -> String {
    let count = |status: &str| states.iter().filter(|t| t.status == status).count();
    let urgent = states.iter().filter(|t| t.urgent).count();
    let mut s = String::new();
    let todo: Vec<&TranslationState> = states
        .iter()
        .filter(|t| matches!(t.status, "stale" | "orphan" | "unrecorded"))
        .collect();
    if !todo.is_empty() {
        s.push_str(&format!(
            "\nTranslations behind their originals ({}):\n",
            todo.len()
        ));
    }
    for t in todo {
        let status = match (t.status, t.urgent) {
            ("stale", true) => "stale, URGENT",
            (status, _) => status,
        };
        s.push_str(&format!(
            "  {:<28} {:<3} {status:<14} {}\n",
            t.bundle, t.lang, t.file
        ));
        if t.status == "stale" && !t.old_version_known {
            s.push_str("      the original changed; its old version is not known\n");
        }
        for c in t.changes.iter().take(CHANGES_SHOWN) {
            let what = match (c.removed.is_empty(), c.added.is_empty()) {
                (false, false) => format!("«{}» → «{}»", c.removed, c.added),
                (false, true) => format!("«{}» removed", c.removed),
                _ => format!("«{}» added", c.added),
            };
            let mark = if c.urgent { "URGENT " } else { "" };
            s.push_str(&format!("      {mark}{what}   in: «{}»\n", c.context));
        }
        if t.changes.len() > CHANGES_SHOWN {
            s.push_str(&format!(
                "      … and {} more changes (sapar check --format json lists them all)\n",
                t.changes.len() - CHANGES_SHOWN
            ));
        }
    }
    if !states.is_empty() {
        s.push_str(&format!(
            "\nTranslations: {} fresh, {} stale ({urgent} urgent), {} missing, {} orphan, {} unrecorded\n",
            count("fresh"),
            count("stale"),
            count("missing"),
            count("orphan"),
            count("unrecorded"),
        ));
    }
    s
}
