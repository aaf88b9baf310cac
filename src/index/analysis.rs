//! Text analysis per language: how words become index terms.
//!
//! The same analyzer must run at index and at query time, so both sides get their analyzers
//! from [`register`]. Kyrgyz gets two: an exact one, and one that also folds the letters a
//! Russian keyboard lacks (ң ө ү → н о у), so that exact spelling can rank above folded spelling.

use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, Stemmer, StopWordFilter,
    TextAnalyzer, TokenizerManager,
};

use super::kyrgyz::{KeyboardFold, KyrgyzStemmer, TextMapFilter};
use super::tokenizer::WordTokenizer;

/// How one site language is analysed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Analysis {
    Kyrgyz,
    /// A language with a Snowball stemmer in tantivy.
    Snowball(Language),
    /// Lowercase and fold accents: no stemmer is known for the language.
    Default,
}

impl Analysis {
    pub fn for_language(code: &str) -> Analysis {
        let base = code.split('-').next().unwrap_or(code);
        let snowball = match base {
            "ru" => Language::Russian,
            "en" => Language::English,
            "ar" => Language::Arabic,
            "da" => Language::Danish,
            "de" => Language::German,
            "el" => Language::Greek,
            "es" => Language::Spanish,
            "fi" => Language::Finnish,
            "fr" => Language::French,
            "hu" => Language::Hungarian,
            "it" => Language::Italian,
            "nl" => Language::Dutch,
            "no" | "nb" => Language::Norwegian,
            "pt" => Language::Portuguese,
            "ro" => Language::Romanian,
            "sv" => Language::Swedish,
            "ta" => Language::Tamil,
            "tr" => Language::Turkish,
            "ky" => return Analysis::Kyrgyz,
            _ => return Analysis::Default,
        };
        Analysis::Snowball(snowball)
    }

    /// Whether the language gets a second, keyboard-folded set of fields.
    pub fn folds(&self) -> bool {
        matches!(self, Analysis::Kyrgyz)
    }
}

pub fn tokenizer_name(lang: &str, folded: bool) -> String {
    if folded {
        format!("sapar_{lang}_fold")
    } else {
        format!("sapar_{lang}")
    }
}

/// Russian writers drop the dots of ё as often as they keep them.
fn fold_yo(s: &str) -> String {
    if s.contains('ё') {
        s.replace('ё', "е")
    } else {
        s.to_string()
    }
}

/// Words longer than this are not words (URLs, base64) and only bloat the index.
const MAX_TOKEN_BYTES: usize = 80;

pub fn analyzer(analysis: Analysis, folded: bool) -> TextAnalyzer {
    let base = TextAnalyzer::builder(WordTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(LowerCaser);
    match (analysis, folded) {
        (Analysis::Kyrgyz, false) => base.filter(KyrgyzStemmer).build(),
        (Analysis::Kyrgyz, true) => base.filter(KyrgyzStemmer).filter(KeyboardFold).build(),
        (Analysis::Snowball(Language::Russian), _) => {
            let b = base.filter(TextMapFilter(fold_yo));
            match StopWordFilter::new(Language::Russian) {
                Some(stop) => b
                    .filter(stop)
                    .filter(Stemmer::new(Language::Russian))
                    .build(),
                None => b.filter(Stemmer::new(Language::Russian)).build(),
            }
        }
        (Analysis::Snowball(lang), _) => base.filter(Stemmer::new(lang)).build(),
        (Analysis::Default, _) => base.filter(AsciiFoldingFilter).build(),
    }
}

/// Registers every language's analyzers under the names the schema uses.
pub fn register(manager: &TokenizerManager, langs: &[String]) {
    for l in langs {
        let a = Analysis::for_language(l);
        manager.register(&tokenizer_name(l, false), analyzer(a, false));
        if a.folds() {
            manager.register(&tokenizer_name(l, true), analyzer(a, true));
        }
    }
}

/// Runs an analyzer over text and returns (position, term) pairs.
pub fn terms(analyzer: &mut TextAnalyzer, text: &str) -> Vec<(usize, String)> {
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while let Some(t) = stream.next() {
        out.push((t.position, t.text.clone()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(lang: &str, folded: bool, text: &str) -> Vec<String> {
        let mut a = analyzer(Analysis::for_language(lang), folded);
        terms(&mut a, text).into_iter().map(|(_, t)| t).collect()
    }

    #[test]
    fn russian_folds_yo_stems_and_drops_stop_words() {
        assert_eq!(
            words("ru", false, "Её мигранты"),
            words("ru", false, "ее мигрантов")
        );
        assert!(!words("ru", false, "права и обязанности").contains(&"и".to_string()));
    }

    #[test]
    fn english_stems() {
        assert_eq!(words("en", false, "workers"), words("en", false, "worker"));
    }

    #[test]
    fn kyrgyz_exact_and_folded() {
        assert_eq!(
            words("ky", false, "Мигранттардын"),
            words("ky", false, "мигранттарга")
        );
        assert_ne!(words("ky", false, "өлкө"), words("ky", false, "олко"));
        assert_eq!(words("ky", true, "өлкө"), words("ky", true, "олко"));
    }

    #[test]
    fn unknown_language_gets_lowercase_and_folding() {
        assert_eq!(Analysis::for_language("uz"), Analysis::Default);
        assert_eq!(words("uz", false, "Mehnat Café"), vec!["mehnat", "cafe"]);
    }
}
