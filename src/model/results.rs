//! Search results as the searcher returns them and the search page and `/api/search` show them.

use serde::Serialize;

/// What a search document stands for: a page, or one organisation's card in the directory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DocKind {
    Page,
    Contact,
}

impl DocKind {
    /// As stored in the index and shown in results (`kind` of `/api/search`).
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            DocKind::Page => "page",
            DocKind::Contact => "contact",
        }
    }
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Hit {
    pub url: String,
    pub title: String,
    pub lang: String,
    pub section: String,
    /// [`DocKind::as_str`] of the document.
    pub kind: String,
    /// HTML: the text around the matches, escaped, with matches in `<mark>`.
    pub snippet: String,
    pub score: f32,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Results {
    pub query: String,
    pub total: usize,
    pub hits: Vec<Hit>,
    /// True when the hits come from typo-tolerant matching.
    pub fuzzy: bool,
}
