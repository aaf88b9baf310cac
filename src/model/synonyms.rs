//! Synonyms: the everyday words migrants type for the portal's official terms, as editors
//! write them in data/synonyms.toml (айлык for эмгек акы, зарплата for оплата труда).

/// Where editors keep them.
pub(crate) const SYNONYMS_FILE: &str = "data/synonyms.toml";

/// Words and phrases of one language that a search treats as the same thing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct SynonymGroup {
    pub(crate) lang: String,
    /// As written, trimmed: a word or a phrase of several words.
    pub(crate) words: Vec<String>,
    /// Line of the group's `words` in the file.
    pub(crate) line: usize,
}
