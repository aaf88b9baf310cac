//! The index's analysis of one word, without tantivy: what the browser runs (compiled to
//! WebAssembly by `wasm.rs`) to turn a query into the terms of the static search bundle.
//!
//! The index itself analyses with tantivy's filter chains (`analysis.rs`); this is the same
//! chain written out step by step: the word splitter's rule, overlong words dropped, lowercase,
//! then per language ё → е, Russian stop words and the Snowball stemmer, or the Kyrgyz stemmer
//! and keyboard fold. The tests run every word of the shipped content and of the Kyrgyz
//! reference data through both and require identical terms, so the two cannot drift apart.

use super::kyrgyz::{fold_keyboard, stems};

/// How words of one language become terms; chosen like `analysis::Analysis::for_language`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum WordAnalysis {
    Kyrgyz,
    Snowball(frostem::Algorithm),
    /// No stemmer known (in the WebAssembly build: none but ru and en, to keep it small):
    /// lowercase only. The index also folds accents in a language with no stemmer (tantivy's
    /// `AsciiFoldingFilter`); the bundle ships that folding as a map of letters
    /// (`analysis::accent_folds`), which search.js applies after this, and the parity test
    /// checks the two together. A Snowball language other than ru and en (tr, de, …) is not
    /// stemmed in the browser: its static search finds the forms the reader types as written.
    Plain,
}

impl WordAnalysis {
    pub(crate) fn for_language(code: &str) -> WordAnalysis {
        use frostem::Algorithm as A;
        let base = code.split('-').next().unwrap_or(code);
        let a = match base {
            "ky" => return WordAnalysis::Kyrgyz,
            "ru" => A::Russian,
            "en" => A::English,
            #[cfg(not(target_arch = "wasm32"))]
            "ar" => A::Arabic,
            #[cfg(not(target_arch = "wasm32"))]
            "da" => A::Danish,
            #[cfg(not(target_arch = "wasm32"))]
            "de" => A::German,
            #[cfg(not(target_arch = "wasm32"))]
            "el" => A::Greek,
            #[cfg(not(target_arch = "wasm32"))]
            "es" => A::Spanish,
            #[cfg(not(target_arch = "wasm32"))]
            "fi" => A::Finnish,
            #[cfg(not(target_arch = "wasm32"))]
            "fr" => A::French,
            #[cfg(not(target_arch = "wasm32"))]
            "hu" => A::Hungarian,
            #[cfg(not(target_arch = "wasm32"))]
            "it" => A::Italian,
            #[cfg(not(target_arch = "wasm32"))]
            "nl" => A::Dutch,
            #[cfg(not(target_arch = "wasm32"))]
            "no" | "nb" => A::Norwegian,
            #[cfg(not(target_arch = "wasm32"))]
            "pt" => A::Portuguese,
            #[cfg(not(target_arch = "wasm32"))]
            "ro" => A::Romanian,
            #[cfg(not(target_arch = "wasm32"))]
            "sv" => A::Swedish,
            #[cfg(not(target_arch = "wasm32"))]
            "ta" => A::Tamil,
            #[cfg(not(target_arch = "wasm32"))]
            "tr" => A::Turkish,
            _ => return WordAnalysis::Plain,
        };
        WordAnalysis::Snowball(a)
    }
}

/// The languages whose stemmer the WebAssembly build carries (each further one costs about
/// 10 KB gzip on every site's first query). For another Snowball language the bundle ships
/// the stems of its pages' words instead (`bundle::BundleBuilder`'s forms).
pub(crate) const STEMMED_IN_BROWSER: [&str; 3] = ["ky", "ru", "en"];

/// Whether the browser stems `code` as the index does (see [`STEMMED_IN_BROWSER`]).
pub(crate) fn stemmed_in_browser(code: &str) -> bool {
    STEMMED_IN_BROWSER.contains(&code.split('-').next().unwrap_or(code))
}

/// Same as `analysis::MAX_TOKEN_BYTES`: tantivy's `RemoveLongFilter` keeps words shorter than
/// this many bytes.
const MAX_TOKEN_BYTES: usize = 80;

/// A word is a run of letters and digits (tantivy's `SimpleTokenizer` rule), with a fast path
/// for ASCII and the Cyrillic block: `char::is_alphanumeric` takes a slow table lookup for every
/// Cyrillic letter, and that lookup was the largest single cost of indexing a Kyrgyz and Russian
/// site.
#[inline]
pub(crate) fn is_word_char(c: char) -> bool {
    match c {
        'a'..='z' | 'A'..='Z' | '0'..='9' => true,
        '\u{0}'..='\u{7f}' => false,
        // Cyrillic letters; U+0482 is a sign and U+0483..U+0489 are combining marks.
        '\u{400}'..='\u{481}' | '\u{48a}'..='\u{4ff}' => true,
        _ => c.is_alphanumeric(),
    }
}

/// The words of a text, in order.
pub(crate) fn split_words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !is_word_char(c))
        .filter(|w| !w.is_empty())
}

/// The distinct terms of one word (a Kyrgyz word may have several readings), in the order the
/// index gives them; none for a stop word or an overlong word. `folded` applies the Kyrgyz
/// keyboard fold after stemming, as the folded index fields do.
pub(crate) fn word_terms(analysis: WordAnalysis, folded: bool, word: &str) -> Vec<String> {
    if word.len() >= MAX_TOKEN_BYTES {
        return Vec::new();
    }
    // tantivy's LowerCaser: char by char, without the final-sigma rule.
    let lower: String = word.chars().flat_map(char::to_lowercase).collect();
    let mut out: Vec<String> = Vec::new();
    match analysis {
        WordAnalysis::Kyrgyz => {
            for s in stems(&lower) {
                let t = if folded { fold_keyboard(&s) } else { s };
                if !out.contains(&t) {
                    out.push(t);
                }
            }
        }
        WordAnalysis::Snowball(algorithm) => {
            let word = if algorithm == frostem::Algorithm::Russian {
                let yo = lower.replace('ё', "е");
                if super::stopwords_ru::RUSSIAN.contains(&yo.as_str()) {
                    return out;
                }
                yo
            } else {
                lower
            };
            out.push(frostem::Stemmer::new(algorithm).stem(&word).into_owned());
        }
        WordAnalysis::Plain => out.push(lower),
    }
    out
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::index::analysis::{Analysis, analyzer, terms};

    /// Every word of the shipped content (all languages, through every analyzer of the site)
    /// and of the Kyrgyz reference data.
    pub(crate) fn vocabulary() -> Vec<String> {
        let mut words = std::collections::BTreeSet::new();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut texts = Vec::new();
        for entry in walkdir::WalkDir::new(root.join("content"))
            .into_iter()
            .flatten()
        {
            if entry.path().extension().is_some_and(|e| e == "md") {
                texts.push(std::fs::read_to_string(entry.path()).unwrap());
            }
        }
        texts.push(std::fs::read_to_string(root.join("data/contacts.toml")).unwrap());
        let shared = root.join("../shared/data/kyrgyz");
        for name in ["ud-ktmu-train.conllu", "apertium-noun-paradigms.tsv"] {
            if let Ok(t) = std::fs::read_to_string(shared.join(name)) {
                texts.push(t);
            }
        }
        for t in &texts {
            words.extend(split_words(t).map(str::to_string));
        }
        // Odd input: capitals, ё, overlong, digits, mixed scripts, the Kyrgyz letters.
        for w in [
            "ЁЛКА",
            "Её",
            "Ңөү",
            "ПАСПОРТУМДУ",
            "café",
            "Straße",
            "Çalyşýan",
            "ÑANDÚ",
            "ﬁle",
            "oʻzbek",
            "İstanbul",
            "x9",
            &"ы".repeat(40),
        ] {
            words.insert(w.to_string());
        }
        words.into_iter().collect()
    }

    /// The parity proof: for every word, the tantivy chains of the index and [`word_terms`]
    /// (what the browser runs) give the same terms, in every language and fold.
    #[test]
    fn word_terms_are_the_index_terms_for_every_shipped_word() {
        let words = vocabulary();
        assert!(words.len() > 10_000, "{} words", words.len());
        // A language with no stemmer ("uz") is lowercased by the browser and then folded with
        // the map the bundle ships (`analysis::accent_folds`); Turkish stands for the Snowball
        // languages beyond ru and en, which the native build has.
        let folds = crate::index::analysis::accent_folds();
        let fold = |t: String| -> String {
            t.chars()
                .map(|c| folds.get(&c).cloned().unwrap_or_else(|| c.to_string()))
                .collect()
        };
        for (lang, folded) in [
            ("ky", false),
            ("ky", true),
            ("ru", false),
            ("en", false),
            ("uz", false),
            ("tr", false),
        ] {
            let mut chain = analyzer(Analysis::for_language(lang), folded);
            let mine = WordAnalysis::for_language(lang);
            let mut differ = Vec::new();
            for w in &words {
                let index: Vec<String> = terms(&mut chain, w).into_iter().map(|(_, t)| t).collect();
                let mut browser = word_terms(mine, folded, w);
                if mine == WordAnalysis::Plain {
                    browser = browser.into_iter().map(&fold).collect();
                }
                if index != browser {
                    differ.push(format!("{w}: index {index:?}, browser {browser:?}"));
                }
            }
            assert!(differ.is_empty(), "{lang} {folded}: {differ:#?}");
        }
    }

    #[test]
    fn languages_are_chosen_alike() {
        for code in ["ky", "ru", "en", "de", "pt-BR", "nb", "uz", "tg", ""] {
            let same = matches!(
                (
                    Analysis::for_language(code),
                    WordAnalysis::for_language(code)
                ),
                (Analysis::Kyrgyz, WordAnalysis::Kyrgyz)
                    | (Analysis::Default, WordAnalysis::Plain)
                    | (Analysis::Snowball(_), WordAnalysis::Snowball(_))
            );
            assert!(same, "{code}");
        }
    }

    #[test]
    fn splits_like_the_index() {
        assert_eq!(
            split_words("Паспортумду, 1899-ысык линия!").collect::<Vec<_>>(),
            ["Паспортумду", "1899", "ысык", "линия"]
        );
    }
}
