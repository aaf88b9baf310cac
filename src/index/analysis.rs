//! Text analysis per language: how words become index terms.
//!
//! The same analyzer must run at index and at query time, so both sides get their analyzers
//! from [`register`]. Kyrgyz gets two: an exact one, and one that also folds the letters a
//! Russian keyboard lacks (ң ө ү → н о у), so that exact spelling can rank above folded spelling.

use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, Stemmer, StopWordFilter,
    TextAnalyzer, TokenizerManager,
};

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

use super::kyrgyz::{KeyboardFold, KyrgyzStemmer, TextMapFilter};
use super::tokenizer::{WordTokenStream, WordTokenizer};

/// How one site language is analysed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Analysis {
    Kyrgyz,
    /// A language with a Snowball stemmer in tantivy.
    Snowball(Language),
    /// Lowercase and fold accents: no stemmer is known for the language.
    Default,
}

impl Analysis {
    pub(crate) fn for_language(code: &str) -> Analysis {
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
    pub(crate) fn folds(&self) -> bool {
        matches!(self, Analysis::Kyrgyz)
    }
}

pub(crate) fn tokenizer_name(lang: &str, folded: bool) -> String {
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

/// What tantivy's `AsciiFoldingFilter` makes of each letter it changes (é → e, ß → ss), for the
/// static search: the browser's analysis lowercases but has no folding table of its own (it
/// would cost every site's first query some 10 KB), so a site with a language that folds ships
/// this map beside the bundle. The filter works letter by letter, so the map is exact; every
/// letter of the Basic Multilingual Plane is tried (1,242 are folded; the 65,000 tries took 38 ms
/// in a debug build, and run only for a site with such a language).
pub(crate) fn accent_folds() -> std::collections::BTreeMap<char, String> {
    use tantivy::tokenizer::RawTokenizer;
    let mut fold = TextAnalyzer::builder(RawTokenizer::default())
        .filter(AsciiFoldingFilter)
        .build();
    let mut out = std::collections::BTreeMap::new();
    for c in (0x80..=0xffff).filter_map(char::from_u32) {
        let s = c.to_string();
        let mut stream = fold.token_stream(&s);
        if stream.advance() && stream.token().text != s {
            out.insert(c, stream.token().text.clone());
        }
    }
    out
}

/// Words longer than this are not words (URLs, base64) and only bloat the index.
const MAX_TOKEN_BYTES: usize = 80;

/// The analyzer of a language: [`word_analyzer`] behind a memo of the words already seen.
pub(crate) fn analyzer(analysis: Analysis, folded: bool) -> TextAnalyzer {
    TextAnalyzer::from(MemoTokenizer {
        words: WordTokenizer::default(),
        word: word_analyzer(analysis, folded),
        memo: foldhash::HashMap::default(),
    })
}

/// The chain of filters that turns one word into its index term, or drops it.
fn word_analyzer(analysis: Analysis, folded: bool) -> TextAnalyzer {
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

/// Words a memo keeps before it starts again; a real site's vocabulary is far smaller, so this
/// only bounds memory on pathological input (every word different).
const MEMO_WORDS: usize = 200_000;

/// Splits text into words and maps each distinct word through the language's filter chain
/// once. Running text repeats a small vocabulary, and lowercasing and Snowball stemming every
/// occurrence again was a third of the time to index the 9,000-page bench corpus. The result is
/// the same as running the chain over the text: the chain only sees one word at a time anyway,
/// and positions come from the word splitter either way (a dropped stop word leaves its gap).
/// A word the chain turns into several terms (a Kyrgyz word with two readings) gives them all at
/// its position, each once.
#[derive(Clone)]
pub(crate) struct MemoTokenizer {
    words: WordTokenizer,
    word: TextAnalyzer,
    /// Raw word → its terms; none when the chain drops it (stop words, overlong words).
    memo: foldhash::HashMap<String, Vec<String>>,
}

pub(crate) struct MemoTokenStream<'a> {
    words: WordTokenStream<'a>,
    word: &'a mut TextAnalyzer,
    memo: &'a mut foldhash::HashMap<String, Vec<String>>,
    /// The current word's terms still to be given, last first.
    more: Vec<String>,
}

impl Tokenizer for MemoTokenizer {
    type TokenStream<'a> = MemoTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> MemoTokenStream<'a> {
        MemoTokenStream {
            words: self.words.token_stream(text),
            word: &mut self.word,
            memo: &mut self.memo,
            more: Vec::new(),
        }
    }
}

/// The distinct terms the filter chain makes of one word, in the chain's order.
fn word_terms(chain: &mut TextAnalyzer, word: &str) -> Vec<String> {
    let mut stream = chain.token_stream(word);
    let mut terms: Vec<String> = Vec::new();
    while stream.advance() {
        let t = &stream.token().text;
        if !terms.contains(t) {
            terms.push(t.clone());
        }
    }
    terms
}

impl TokenStream for MemoTokenStream<'_> {
    fn advance(&mut self) -> bool {
        if let Some(next) = self.more.pop() {
            self.words.token_mut().text = next;
            return true;
        }
        while self.words.advance() {
            let token = self.words.token_mut();
            let terms = match self.memo.get(&token.text) {
                Some(known) => known,
                None => {
                    let terms = word_terms(self.word, &token.text);
                    if self.memo.len() >= MEMO_WORDS {
                        self.memo.clear();
                    }
                    self.memo.entry(token.text.clone()).or_insert(terms)
                }
            };
            if let Some((first, rest)) = terms.split_first() {
                self.more.extend(rest.iter().rev().cloned());
                token.text.clear();
                token.text.push_str(first);
                return true;
            }
        }
        false
    }

    fn token(&self) -> &Token {
        self.words.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.words.token_mut()
    }
}

/// Registers every language's analyzers under the names the schema uses.
pub(crate) fn register(manager: &TokenizerManager, langs: &[String]) {
    for l in langs {
        let a = Analysis::for_language(l);
        manager.register(&tokenizer_name(l, false), analyzer(a, false));
        if a.folds() {
            manager.register(&tokenizer_name(l, true), analyzer(a, true));
        }
    }
}

/// Runs an analyzer over text and returns (position, term) pairs.
pub(crate) fn terms(analyzer: &mut TextAnalyzer, text: &str) -> Vec<(usize, String)> {
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while let Some(t) = stream.next() {
        out.push((t.position, t.text.clone()));
    }
    out
}

/// The terms of every word of a text as the index makes them, one entry per word (empty for a
/// dropped word), for `sapar analyze`: the static search's parity check runs the same text
/// through the WebAssembly analysis and compares.
pub fn analyze_words(lang: &str, folded: bool, text: &str) -> Vec<Vec<String>> {
    let mut a = analyzer(Analysis::for_language(lang), folded);
    let mut out: Vec<Vec<String>> = Vec::new();
    for (pos, term) in terms(&mut a, text) {
        while out.len() <= pos {
            out.push(Vec::new());
        }
        if let Some(w) = out.get_mut(pos) {
            w.push(term);
        }
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

    /// A Kyrgyz word with two readings gives both at its one position, exact and folded alike,
    /// each once even where folding makes two stems one; and from the memo the second time.
    #[test]
    fn kyrgyz_gives_every_reading_at_the_words_position() {
        for folded in [false, true] {
            let mut a = analyzer(Analysis::Kyrgyz, folded);
            for _ in 0..2 {
                assert_eq!(
                    terms(&mut a, "Паспортумду, паспорт"),
                    [
                        (0, "паспортум".to_string()),
                        (0, "паспорт".to_string()),
                        (1, "паспорт".to_string()),
                    ],
                    "folded: {folded}"
                );
            }
        }
        // үйүң "your house": үйүң and үй, folded уйун and уй.
        assert_eq!(words("ky", false, "үйүң"), ["үйүң", "үй"]);
        assert_eq!(words("ky", true, "үйүң"), ["уйун", "уй"]);
        assert_eq!(words("ky", true, "үйүңдү"), ["уйун", "уй"]);
    }

    #[test]
    fn memo_gives_what_the_filter_chain_gives() {
        let text = "Её мигранты, МИГРАНТЫ и ее Мигрантов; мигранттардын өлкө олко workers ё и и";
        for (lang, folded) in [("ru", false), ("en", false), ("ky", false), ("ky", true)] {
            let a = Analysis::for_language(lang);
            let mut memo = analyzer(a, folded);
            let mut plain = word_analyzer(a, folded);
            // Twice: the second pass is answered from the memo.
            for _ in 0..2 {
                assert_eq!(terms(&mut memo, text), terms(&mut plain, text), "{lang}");
            }
        }
    }

    #[test]
    fn the_accent_map_is_tantivys_folding() {
        let t0 = std::time::Instant::now();
        let map = accent_folds();
        eprintln!("{} letters folded, in {:?}", map.len(), t0.elapsed());
        assert_eq!(map.get(&'é').map(String::as_str), Some("e"));
        assert_eq!(map.get(&'ß').map(String::as_str), Some("ss"));
        assert_eq!(map.get(&'ﬁ').map(String::as_str), Some("fi"));
        // Cyrillic is not folded: й is not и.
        assert!(!map.contains_key(&'й') && !map.contains_key(&'ө'));
        assert!(map.len() > 1000, "{}", map.len());
    }

    #[test]
    fn unknown_language_gets_lowercase_and_folding() {
        assert_eq!(Analysis::for_language("uz"), Analysis::Default);
        assert_eq!(words("uz", false, "Mehnat Café"), vec!["mehnat", "cafe"]);
    }
}
