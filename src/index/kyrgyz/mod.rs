//! Kyrgyz stemming and keyboard folding for the search index.
//!
//! Neither Snowball nor tantivy ships a Kyrgyz stemmer, and Kyrgyz is agglutinative: one noun
//! appears in dozens of surface forms (мигрант, мигранттар, мигранттардын, мигранттарга, …). Without
//! stemming a search for «мигрант» misses most pages about migrants.
//!
//! The stemmer strips inflection only (case, possessive, plural), right to left, and accepts a
//! strip only when the suffix fits its neighbour the way Kyrgyz requires: vowel harmony with the
//! stem's last vowel and the voicing of the consonant it follows. Those checks are what keep it
//! from cutting endings off Russian loans and off words that merely end like a suffix. Where a
//! choice had to be made it leans conservative: a missed rare form costs a search hit, while two
//! unrelated words merged into one stem pollute every search for either of them.
//!
//! Derivational suffixes are never stripped (-чы agent, -лык abstract, -сыз "without", -луу
//! "with", -кы adjective): элчи, элчилик, мыйзамсыз are words of their own, not forms of эл or
//! мыйзам.
//!
//! Recommended analyzer for Kyrgyz fields, the same at index and query time:
//! `SimpleTokenizer → LowerCaser → KyrgyzStemmer → KeyboardFold`. The stemmer also accepts words
//! typed on a Russian keyboard (н о у for ң ө ү), so a folded query word and the properly spelt
//! indexed word reach the same folded stem; the tests check this for every form in their table.
//!
//! Known limits:
//! - 1st/2nd person singular possessives (үйүм, үйүң) and the dative after them are not
//!   stripped (see `stem_end`).
//! - A bare possessive on a stem ending in н or vowel + с (органы, адиси) is ambiguous with a
//!   vowel-final stem + -ны/-сы; the latter reading wins unless the stem is in `PROTECTED`.
//! - Stems that lose a vowel when inflected (мурун → мурду, орун → орду) are not rejoined; бала →
//!   балдар is the one irregular plural handled.
//! - Verbs are not analysed; a past tense in -ды/-ты loses it like an accusative (келди → кел).
//! - A word whose own ending passes every check for a suffix, and is not in `PROTECTED`, loses
//!   it (доктор → док, ичке "thin" → ич). Add such words to `PROTECTED` as they turn up.

use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

#[cfg(test)]
mod measure;
mod stripper;
mod suffixes;
#[cfg(test)]
mod tests;

use stripper::{devoice_final, irregular, is_lowercase_cyrillic, protected_floor, stem_end};

/// Reduces an inflected Kyrgyz word to the stem shared by its inflected forms.
///
/// Input is expected lowercase (run tantivy's `LowerCaser` first). Anything that is not entirely
/// lowercase Cyrillic (Latin, digits, capitals, combining marks) comes back unchanged, so Russian
/// and English words that share a field with Kyrgyz text are never mangled by Kyrgyz rules, and
/// no input can make this panic.
pub(crate) fn stem(word: &str) -> String {
    if !is_lowercase_cyrillic(word) {
        return word.to_owned();
    }
    let chars: Vec<char> = word.chars().collect();
    if let Some(stem) = irregular(&chars) {
        return stem;
    }
    let end = stem_end(&chars, protected_floor(&chars));
    let mut out = chars.get(..end).unwrap_or(&chars).to_vec();
    devoice_final(&mut out);
    out.into_iter().collect()
}

/// [`stem`] with a per-thread memo. Running text repeats a small vocabulary, and stemming
/// dominated index time on large sites before this (profiled on the 9,000-page bench corpus).
pub(crate) fn stem_cached(word: &str) -> String {
    use std::cell::RefCell;
    use std::collections::HashMap;
    const MAX_ENTRIES: usize = 200_000;
    thread_local! {
        static MEMO: RefCell<HashMap<String, String>> = RefCell::new(HashMap::new());
    }
    MEMO.with(|m| {
        let mut m = m.borrow_mut();
        if let Some(s) = m.get(word) {
            return s.clone();
        }
        let s = stem(word);
        if m.len() >= MAX_ENTRIES {
            m.clear();
        }
        m.insert(word.to_owned(), s.clone());
        s
    })
}

/// Replaces the three Kyrgyz letters a Russian keyboard lacks by the letters people type instead
/// (ң→н, ө→о, ү→у, capitals too).
///
/// Many migrants only have a Russian layout, so «өлкө» arrives as «олко» and «укуктарыңыз» as
/// «укуктарыныз». Applying this fold to both the index and the query lets either spelling find
/// the other; the few words it merges (көл/кол, үй/уй) are a price worth paying for that.
pub(crate) fn fold_keyboard(s: &str) -> String {
    s.chars().map(fold_char).collect()
}

fn fold_char(c: char) -> char {
    match c {
        'ң' => 'н',
        'Ң' => 'Н',
        'ө' => 'о',
        'Ө' => 'О',
        'ү' => 'у',
        'Ү' => 'У',
        other => other,
    }
}

/// Token filter that indexes Kyrgyz words under their stem, so a query in one inflected form
/// finds pages written in another.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct KyrgyzStemmer;

impl TokenFilter for KyrgyzStemmer {
    type Tokenizer<T: Tokenizer> = TextMapTokenizer<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> Self::Tokenizer<T> {
        TextMapTokenizer {
            inner: tokenizer,
            map: stem_cached,
        }
    }
}

/// Token filter that makes Kyrgyz typed on a Russian keyboard match properly spelt text; it must
/// run at index time as well as query time, because folding only the query would miss every
/// indexed ң, ө and ү.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct KeyboardFold;

impl TokenFilter for KeyboardFold {
    type Tokenizer<T: Tokenizer> = TextMapTokenizer<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> Self::Tokenizer<T> {
        TextMapTokenizer {
            inner: tokenizer,
            map: fold_keyboard,
        }
    }
}

/// A filter from any pure text function, for small per-language normalisations such as
/// Russian ё → е that need no filter type of their own.
#[derive(Clone, Copy)]
pub(crate) struct TextMapFilter(pub(crate) fn(&str) -> String);

impl TokenFilter for TextMapFilter {
    type Tokenizer<T: Tokenizer> = TextMapTokenizer<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> Self::Tokenizer<T> {
        TextMapTokenizer {
            inner: tokenizer,
            map: self.0,
        }
    }
}

/// The tokenizer both filters produce. Both only rewrite each token's text with a pure function,
/// so they share one implementation instead of two copies of tantivy's filter plumbing.
#[derive(Clone)]
pub(crate) struct TextMapTokenizer<T> {
    inner: T,
    map: fn(&str) -> String,
}

impl<T: Tokenizer> Tokenizer for TextMapTokenizer<T> {
    type TokenStream<'a> = TextMapTokenStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        TextMapTokenStream {
            tail: self.inner.token_stream(text),
            map: self.map,
        }
    }
}

/// Token stream of [`TextMapTokenizer`]; positions and offsets stay those of the inner stream so
/// phrase queries and highlighting keep working on the original text.
pub(crate) struct TextMapTokenStream<T> {
    tail: T,
    map: fn(&str) -> String,
}

impl<T: TokenStream> TokenStream for TextMapTokenStream<T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        token.text = (self.map)(&token.text);
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}
