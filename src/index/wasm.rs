//! The query analysis for the browser: [`words::word_terms`](super::words::word_terms) behind a
//! tiny C-style surface, so that the static search analyses a query exactly as the index
//! analysed the pages. Compiled only for `wasm32` (`scripts/wasm`), without wasm-bindgen: the
//! page's script writes UTF-8 into [`input`], calls [`analyse`] and reads the terms at
//! [`output`]. Everything lives in two buffers reused across calls; the browser runs one call
//! at a time.

use std::sync::Mutex;

use super::words::{WordAnalysis, split_words, word_terms};

static INPUT: Mutex<Vec<u8>> = Mutex::new(Vec::new());
static OUTPUT: Mutex<Vec<u8>> = Mutex::new(Vec::new());

/// Makes room for `len` bytes of input and returns where to write them: the language code
/// followed by the text (see [`analyse`]).
#[unsafe(no_mangle)]
pub extern "C" fn input(len: usize) -> *mut u8 {
    let mut buf = INPUT.lock().unwrap_or_else(|e| e.into_inner());
    buf.clear();
    buf.resize(len, 0);
    buf.as_mut_ptr()
}

/// Where the terms of the last [`analyse`] are.
#[unsafe(no_mangle)]
pub extern "C" fn output() -> *const u8 {
    OUTPUT.lock().unwrap_or_else(|e| e.into_inner()).as_ptr()
}

/// Analyses the input: its first `lang_len` bytes are the language code, the rest the text.
/// `folded` (0 or 1) applies the Kyrgyz keyboard fold. Writes one line per word, the word's
/// terms separated by tabs (a stop word gives an empty line), and returns the length in
/// bytes; input that is not UTF-8 gives nothing.
#[unsafe(no_mangle)]
pub extern "C" fn analyse(lang_len: usize, folded: u32) -> usize {
    let input = INPUT.lock().unwrap_or_else(|e| e.into_inner());
    let mut out = OUTPUT.lock().unwrap_or_else(|e| e.into_inner());
    out.clear();
    let (Some(lang), Some(text)) = (input.get(..lang_len), input.get(lang_len..)) else {
        return 0;
    };
    let (Ok(lang), Ok(text)) = (std::str::from_utf8(lang), std::str::from_utf8(text)) else {
        return 0;
    };
    let analysis = WordAnalysis::for_language(lang);
    for (i, word) in split_words(text).enumerate() {
        if i > 0 {
            out.push(b'\n');
        }
        for (j, t) in word_terms(analysis, folded != 0, word).iter().enumerate() {
            if j > 0 {
                out.push(b'\t');
            }
            out.extend_from_slice(t.as_bytes());
        }
    }
    out.len()
}
