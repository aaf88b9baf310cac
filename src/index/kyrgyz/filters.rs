//! The Kyrgyz stemmer and the keyboard fold as tantivy token filters, for the index's
//! analyzers; kept apart from the stemmer so that the WebAssembly build of the analysis (which
//! has no tantivy) compiles the stemmer alone.

use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

use super::{fold_keyboard, stems_cached};

/// Token filter that indexes Kyrgyz words under their stems, so a query in one inflected form
/// finds pages written in another. A word with several readings (see [`stems`]) becomes one token
/// per stem, all at the word's position and offsets, so that a phrase or a snippet sees one word.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct KyrgyzStemmer;

impl TokenFilter for KyrgyzStemmer {
    type Tokenizer<T: Tokenizer> = StemTokenizer<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> Self::Tokenizer<T> {
        StemTokenizer { inner: tokenizer }
    }
}

#[derive(Clone)]
pub(crate) struct StemTokenizer<T> {
    inner: T,
}

impl<T: Tokenizer> Tokenizer for StemTokenizer<T> {
    type TokenStream<'a> = StemTokenStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        StemTokenStream {
            tail: self.inner.token_stream(text),
            more: Vec::new(),
        }
    }
}

pub(crate) struct StemTokenStream<T> {
    tail: T,
    /// The current word's stems still to be given, last first.
    more: Vec<String>,
}

impl<T: TokenStream> TokenStream for StemTokenStream<T> {
    fn advance(&mut self) -> bool {
        if let Some(next) = self.more.pop() {
            self.tail.token_mut().text = next;
            return true;
        }
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        let mut stems = stems_cached(&token.text);
        stems.reverse();
        if let Some(first) = stems.pop() {
            token.text = first;
        }
        self.more = stems;
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
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

/// The tokenizer of the filters that only rewrite each token's text with a pure function
/// (keyboard folding, ё → е): one implementation instead of a copy of tantivy's filter plumbing
/// per filter.
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
