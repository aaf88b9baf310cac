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
pub struct QuickFact {
    pub label: String,
    pub value: String,
}

#[derive(Debug, Clone)]
pub struct Quiz {
    pub question: String,
    pub options: Vec<String>,
    pub answer: usize,
    pub explain: String,
}

/// A reference from a page to something elsewhere, kept with its line for error messages.
#[derive(Debug, Clone)]
pub struct Ref {
    pub value: String,
    pub line: usize,
}

/// A page's citation of a source document, written `"id:lines"` in front matter
/// (`"mgi-2022:1095-1099"`, or just `"mgi-2022"`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceRef {
    /// The document's key in data/sources.toml: what comes before the first `:`.
    pub id: String,
    /// What follows the first `:`, as written (`1095-1099`, `86`); shown to readers as is and
    /// not checked, so it stays text. `None` when nothing follows.
    pub lines: Option<String>,
    /// Line of the citation in the page file.
    pub line: usize,
}

/// Front matter after validation: dates checked, defaults applied.
#[derive(Debug, Clone, Default)]
pub struct Meta {
    pub title: String,
    pub description: Option<String>,
    pub date: Option<Date>,
    pub updated: Option<Date>,
    pub weight: i64,
    pub slug: Option<Ref>,
    pub aliases: Vec<Ref>,
    pub sources: Vec<SourceRef>,
    pub contacts: Vec<Ref>,
    pub original: Option<String>,
    pub reviewed: Option<bool>,
    pub country: Option<String>,
    pub quick_facts: Vec<QuickFact>,
    pub duration: Option<u32>,
    pub goals: Vec<String>,
    pub checklist: Vec<String>,
    pub quiz: Vec<Quiz>,
    /// Kiosk slides: the kiosks that play it (empty: all of them).
    pub kiosks: Vec<Ref>,
    /// Kiosk slides: an alert pre-empts every loop while its schedule is active.
    pub alert: bool,
    /// Kiosk slides: bundle path of the portal page the QR code opens.
    pub link: Option<Ref>,
    /// Kiosk slides: when it plays, with the line of `[schedule]`.
    pub schedule: Option<(Schedule, usize)>,
    /// Lines of the kiosk keys that were set, so that the kiosk stage can point at the key
    /// when translations disagree.
    pub kiosk_lines: BTreeMap<&'static str, usize>,
}

/// One translation of one bundle, as written by an editor.
#[derive(Debug, Clone)]
pub struct PageSource {
    /// Identity across languages: `guides/russia`, `guides` for a section page, `` for home.
    pub bundle: String,
    pub section: String,
    pub is_section: bool,
    pub lang: String,
    /// Relative to the site root, as editors see it.
    pub file: PathBuf,
    pub meta: Meta,
    /// Shared, so that watch mode can clone the site cheaply for an incremental rebuild.
    pub body: std::sync::Arc<str>,
    pub body_line: usize,
    /// Hash of the raw front matter: watch mode re-renders listings only when it changed.
    pub front_hash: u64,
}

/// A file that sits in a bundle beside its Markdown (an image, a PDF) and is copied along.
#[derive(Debug, Clone)]
pub struct Asset {
    pub src: PathBuf,
    pub bundle: String,
    pub name: String,
}

#[derive(Debug, Clone)]
pub struct Site {
    pub config: Config,
    pub pages: Vec<PageSource>,
    pub assets: Vec<Asset>,
    pub contacts: Vec<Contact>,
    pub sources: BTreeMap<String, SourceDoc>,
    /// Bundles with a file that failed to load. Links to them are not reported again as
    /// broken, so one mistake gives one error.
    pub broken: std::collections::HashSet<String>,
    /// Data files that failed to load. References into them are not checked, so that one
    /// broken data file gives its own error rather than one for every page that cites it.
    pub broken_data: Vec<&'static str>,
}
