//! Search results as the searcher returns them and the search page and `/api/search` show them.

use serde::Serialize;

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Hit {
    pub url: String,
    pub title: String,
    pub lang: String,
    pub section: String,
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
