//! Word splitting for the index.
//!
//! Same rule as tantivy's `SimpleTokenizer` (a word is a run of letters and digits), but with a
//! fast path for ASCII and the Cyrillic block: `char::is_alphanumeric` takes a slow table lookup
//! for every Cyrillic letter, and that lookup was the largest single cost of indexing a
//! Kyrgyz and Russian site.

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

use super::words::is_word_char;

#[derive(Clone, Default)]
pub(crate) struct WordTokenizer {
    token: Token,
}

pub(crate) struct WordTokenStream<'a> {
    text: &'a str,
    pos: usize,
    token: &'a mut Token,
}

impl Tokenizer for WordTokenizer {
    type TokenStream<'a> = WordTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> WordTokenStream<'a> {
        self.token.reset();
        WordTokenStream {
            text,
            pos: 0,
            token: &mut self.token,
        }
    }
}

impl TokenStream for WordTokenStream<'_> {
    fn advance(&mut self) -> bool {
        self.token.text.clear();
        self.token.position = self.token.position.wrapping_add(1);
        let rest = &self.text[self.pos..];
        let Some((start, _)) = rest.char_indices().find(|&(_, c)| is_word_char(c)) else {
            self.pos = self.text.len();
            return false;
        };
        let from = self.pos + start;
        let len = self.text[from..]
            .char_indices()
            .find(|&(_, c)| !is_word_char(c))
            .map_or(self.text.len() - from, |(i, _)| i);
        let to = from + len;
        self.token.offset_from = from;
        self.token.offset_to = to;
        self.token.text.push_str(&self.text[from..to]);
        self.pos = to;
        true
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::tokenizer::SimpleTokenizer;

    fn words<T: Tokenizer>(t: &mut T, s: &str) -> Vec<(String, usize, usize, usize)> {
        let mut st = t.token_stream(s);
        let mut v = Vec::new();
        while st.advance() {
            let k = st.token();
            v.push((k.text.clone(), k.position, k.offset_from, k.offset_to));
        }
        v
    }

    #[test]
    fn agrees_with_simple_tokenizer() {
        for s in [
            "Мигранттардын укуктары, 1899-ысык линия!",
            "Ёлка — «Шанс» (КЦ) e-mail: x@y.kg café ǅ Ҷ҃ ",
            "",
            "   ",
            "oʻzbek tili",
        ] {
            assert_eq!(
                words(&mut WordTokenizer::default(), s),
                words(&mut SimpleTokenizer::default(), s),
                "{s}"
            );
        }
    }
}
