//! The site as loaded: every translation of every bundle with its validated front matter, the
//! files beside them, and the data files.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Deserialize;

use crate::model::config::Config;
use crate::model::contact::{Contact, SourceDoc};
use crate::model::date::Date;
use crate::model::schedule::Schedule;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct QuickFact {
    pub(crate) label: String,
    pub(crate) value: String,
}

#[derive(Debug, Clone)]
pub(crate) struct Quiz {
    pub(crate) question: String,
    pub(crate) options: Vec<String>,
    pub(crate) answer: usize,
    pub(crate) explain: String,
}

/// A reference from a page to something elsewhere, kept with its line for error messages.
#[derive(Debug, Clone)]
pub(crate) struct Ref {
    pub(crate) value: String,
    pub(crate) line: usize,
}

/// A page's citation of a source document, written `"id:lines"` in front matter
/// (`"mgi-2022:1095-1099"`, or just `"mgi-2022"`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SourceRef {
    /// The document's key in data/sources.toml: what comes before the first `:`.
    pub(crate) id: String,
    /// What follows the first `:`, as written (`1095-1099`, `86`); shown to readers as is and
    /// not checked, so it stays text. `None` when nothing follows.
    pub(crate) lines: Option<String>,
    /// Line of the citation in the page file.
    pub(crate) line: usize,
}

/// Front matter after validation: dates checked, defaults applied.
#[derive(Debug, Clone, Default)]
pub(crate) struct Meta {
    pub(crate) title: String,
    pub(crate) description: Option<String>,
    pub(crate) date: Option<Date>,
    pub(crate) updated: Option<Date>,
    pub(crate) weight: i64,
    pub(crate) slug: Option<Ref>,
    pub(crate) aliases: Vec<Ref>,
    pub(crate) sources: Vec<SourceRef>,
    pub(crate) contacts: Vec<Ref>,
    pub(crate) original: Option<String>,
    /// Line of `original`, for the messages about a translation's freshness.
    pub(crate) original_line: Option<usize>,
    /// A translation: the fingerprint of its original's text when it was translated (see
    /// `load::freshness`), with its line.
    pub(crate) translated_from: Option<Ref>,
    pub(crate) reviewed: Option<bool>,
    pub(crate) country: Option<String>,
    /// Line of `country`, for mistakes found once the theme's country names are known.
    pub(crate) country_line: Option<usize>,
    pub(crate) quick_facts: Vec<QuickFact>,
    /// Modules: how long the module takes, in minutes (front matter `duration`).
    pub(crate) minutes: Option<u32>,
    /// Kiosk slides: how long each language shows, in seconds (front matter `duration`).
    pub(crate) slide_seconds: Option<u32>,
    pub(crate) goals: Vec<String>,
    pub(crate) checklist: Vec<String>,
    pub(crate) quiz: Vec<Quiz>,
    /// Kiosk slides: the kiosks that play it (empty: all of them).
    pub(crate) kiosks: Vec<Ref>,
    /// Kiosk slides: an alert pre-empts every loop while its schedule is active.
    pub(crate) alert: bool,
    /// Kiosk slides: bundle path of the portal page the QR code opens.
    pub(crate) link: Option<Ref>,
    /// Kiosk slides: when it plays, with the line of `[schedule]`.
    pub(crate) schedule: Option<(Schedule, usize)>,
    /// Lines of the kiosk keys that were set, so that the kiosk stage can point at the key
    /// when translations disagree.
    pub(crate) kiosk_lines: BTreeMap<&'static str, usize>,
}

/// One translation of one bundle, as written by an editor.
#[derive(Debug, Clone)]
pub(crate) struct PageSource {
    /// Identity across languages: `guides/russia`, `guides` for a section page, `` for home.
    pub(crate) bundle: String,
    pub(crate) section: String,
    pub(crate) is_section: bool,
    pub(crate) lang: String,
    /// Relative to the site root, as editors see it.
    pub(crate) file: PathBuf,
    pub(crate) meta: Meta,
    /// Shared, so that watch mode can clone the site cheaply for an incremental rebuild.
    pub(crate) body: std::sync::Arc<str>,
    pub(crate) body_line: usize,
    /// Hash of the raw front matter: watch mode re-renders listings only when it changed.
    pub(crate) front_hash: u64,
    /// Fingerprint of the page's translatable text (`load::freshness::fingerprint`): a
    /// translation made from this text records it in `translated_from`.
    pub(crate) fingerprint: String,
}

/// A file that sits in a bundle beside its Markdown (an image, a PDF) and is copied along.
#[derive(Debug, Clone)]
pub(crate) struct Asset {
    pub(crate) src: PathBuf,
    pub(crate) bundle: String,
    pub(crate) name: String,
}

#[derive(Debug, Clone)]
pub(crate) struct Site {
    pub(crate) config: Config,
    pub(crate) pages: Vec<PageSource>,
    pub(crate) assets: Vec<Asset>,
    /// Page files marked `draft = true`, as the editor knows them (`content/…`): not part of
    /// the site, only named by `sapar check`.
    pub(crate) drafts: Vec<PathBuf>,
    pub(crate) contacts: Vec<Contact>,
    pub(crate) sources: BTreeMap<String, SourceDoc>,
    /// data/synonyms.toml: everyday words search expands to the pages' terms.
    pub(crate) synonyms: Vec<crate::model::synonyms::SynonymGroup>,
    /// Bundles with a file that failed to load. Links to them are not reported again as
    /// broken, so one mistake gives one error.
    pub(crate) broken: std::collections::HashSet<String>,
    /// Data files that failed to load. References into them are not checked, so that one
    /// broken data file gives its own error rather than one for every page that cites it.
    pub(crate) broken_data: Vec<&'static str>,
    /// Old versions of originals that translations were made from, by fingerprint, as
    /// `sapar translated` saved them in originals/ (those the translations name and that
    /// exist): what changed since is shown from them.
    pub(crate) snapshots: BTreeMap<String, String>,
}
