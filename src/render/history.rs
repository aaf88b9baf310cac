//! The staff page of one content file's history (`/admin/history/?path=…`): who changed it,
//! when, the commit message and the words that changed, each version with a "restore" button.
//! Rendered on request with the site's theme; the versions come from the caller (the Git side
//! is `editing::history`), already computed.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;

use super::view::{Base, PlainPage};
use super::{At, Renderer, Theme};
use crate::diag::Diagnostic;
use crate::link::Linked;
use crate::model::strings::Strings;

/// A changed passage: the words taken out, the words put in, and the passage as it reads now.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub(crate) struct Words {
    pub(crate) removed: String,
    pub(crate) added: String,
    pub(crate) context: String,
    pub(crate) urgent: bool,
}

/// One version of the file.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Version {
    pub(crate) commit: String,
    /// The first 10 characters of the commit, for people.
    pub(crate) short: String,
    pub(crate) author: String,
    /// `2026-12-07 12:41 UTC`.
    pub(crate) when: String,
    pub(crate) message: String,
    /// The file's words that changed against the version before.
    pub(crate) changes: Vec<Words>,
    /// The file was removed in this version.
    pub(crate) deleted: bool,
    /// This is what the site shows now (no restore button).
    pub(crate) current: bool,
}

/// What the page shows.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct HistoryView {
    /// The file, relative to the site folder (`content/…/index.ru.md`).
    pub(crate) path: String,
    pub(crate) versions: Vec<Version>,
    /// A line above the list (a restore done, or why it was refused); empty for none.
    pub(crate) message: String,
    /// Restores wait for a reviewer (`[editing] review = true`).
    pub(crate) review: bool,
    /// Where the restore form posts.
    pub(crate) restore_url: String,
}

#[derive(Serialize)]
struct HistoryContext<'a> {
    #[serde(flatten)]
    base: Base<'a>,
    page: PlainPage<'a>,
    history: &'a HistoryView,
}

/// The history page in `lang`, with the portal's header and footer.
pub(crate) fn history_page(
    linked: &Linked,
    strings: &BTreeMap<String, Strings>,
    theme: &Theme,
    lang: &str,
    view: &HistoryView,
) -> Result<String, Diagnostic> {
    let r = Renderer::new(linked, strings, theme);
    let cx = HistoryContext {
        base: r.base_context(lang, At::Special("admin/history/")),
        page: PlainPage {
            // A staff page: never for search engines.
            noindex: true,
            ..r.plain_page(r.t(lang).get("history_title"), lang, "admin/history/")
        },
        history: view,
    };
    r.render_template("history.html", &cx, Path::new("history.html"))
}
