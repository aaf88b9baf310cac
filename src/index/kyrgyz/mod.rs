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
//! Where the form alone cannot tell two readings apart (паспортум is паспорт + "my", билим is a
//! word; планы is план + possessive, акчаны is акча + accusative), the word is indexed under
//! both stems at its one position, and a query gets both too, so either reading finds its pages
//! (see [`stems`]). That replaces a list of exceptions that would never be complete; the cost is
//! a little index space and, for a few words, a second meaning found (билим also finds бил).
//!
//! Derivational suffixes are never stripped (-чы agent, -лык abstract, -сыз "without", -луу
//! "with", -кы adjective): элчи, элчилик, мыйзамсыз are words of their own, not forms of эл or
//! мыйзам.
//!
//! Recommended analyzer for Kyrgyz fields, the same at index and query time:
//! `SimpleTokenizer → LowerCaser → KyrgyzStemmer → KeyboardFold`. The stemmer also accepts words
//! typed on a Russian keyboard (н о у for ң ө ү), so a folded query word and the properly spelt
//! indexed word reach the same folded stem; the tests check this for every form in their table.
//! A bare 2nd person -ң typed as н is the exception: -н is too common an ending to read it so.
//!
//! Measured on the reference data in `../shared/data/kyrgyz/` by `measure.rs` (figures there).
//!
//! Known limits:
//! - Stems that lose a vowel when inflected (мурун → мурду, орун → орду, убакыт → убактысы) are
//!   not rejoined; бала → балдар is the one irregular plural handled. Nor is й + у written ю
//!   (кой → кою).
//! - Verbs are not analysed; a past tense in -ды/-ты loses it like an accusative (келди → кел).
//! - The ablative -ан that Apertium gives after "my" and "your" (паспортуман) is not stripped.
//! - A word whose own ending passes every check for a suffix, and is not in `PROTECTED`, loses
//!   it (доктор → док, ичке "thin" → ич). Add such words to `PROTECTED` as they turn up.

#[cfg(not(target_arch = "wasm32"))]
mod filters;
#[cfg(test)]
mod measure;
mod stripper;
mod suffixes;
#[cfg(test)]
mod tests;

#[cfg(not(target_arch = "wasm32"))]
pub(crate) use filters::{KeyboardFold, KyrgyzStemmer, TextMapFilter};
use stripper::{
    Reading, devoice_final, irregular, is_lowercase_cyrillic, protected_floor, readings, stan_floor,
};

/// Reduces an inflected Kyrgyz word to the stem shared by its inflected forms: the first of
/// [`stems`].
///
/// Input is expected lowercase (run tantivy's `LowerCaser` first). Anything that is not entirely
/// lowercase Cyrillic (Latin, digits, capitals, combining marks) comes back unchanged, so Russian
/// and English words that share a field with Kyrgyz text are never mangled by Kyrgyz rules, and
/// no input can make this panic.
#[cfg(test)]
pub(crate) fn stem(word: &str) -> String {
    stems(word).swap_remove(0)
}

/// Most stems [`stems`] gives for one word.
pub(crate) const MAX_STEMS: usize = 4;

/// Every stem a Kyrgyz word may have, the likeliest first; one for most words, at most
/// [`MAX_STEMS`].
///
/// Some endings cannot be told apart without knowing the word: паспортум is паспорт + "my",
/// билим is a word; планы is план + possessive, акчаны is акча + accusative; курстан is курс +
/// ablative, Кыргызстан a name. Rather than guess, or keep a list of every such word, the
/// index takes each reading as a term at the word's position, and so does the query, so that
/// either spelling finds the other. The readings indexed beside the first:
/// - a weak strip (see `stripper::readings`): 1st/2nd person possessives (паспортум →
///   паспортум, паспорт), the agent and adjective look-alikes (элчи → элчи, элч);
/// - the consonant after a stem read as the stem's own: н or с before a high vowel (планы →
///   пла, план; тууганын → тууга, тууган) and д after н (фонду → фон, фонд);
/// - a word in -стан read as an ablative (курстан → курстан, курс).
///
/// The bogus stems this also makes (акчаны → акча, акчан) cost a little index space and merge
/// nothing, since no other word reduces to them.
pub(crate) fn stems(word: &str) -> Vec<String> {
    if !is_lowercase_cyrillic(word) {
        return vec![word.to_owned()];
    }
    let chars: Vec<char> = word.chars().collect();
    if let Some(stem) = irregular(&chars) {
        return vec![stem];
    }
    let (word_floor, stan_floor) = (protected_floor(&chars), stan_floor(&chars));
    let all = readings(&chars, word_floor.max(stan_floor));
    let first = all.iter().find(|r| !r.weak).map_or(chars.len(), |r| r.end);
    let mut ends = vec![first];
    if let Some(r) = all.first().filter(|r| r.weak) {
        ends.push(r.end);
    }
    if let Some(r) = resegmented(&chars, first, &all) {
        ends.push(r.end);
    }
    if stan_floor > word_floor
        && let Some(r) = readings(&chars, word_floor).into_iter().find(|r| !r.weak)
    {
        ends.push(r.end);
    }
    let mut out: Vec<String> = Vec::with_capacity(ends.len());
    for end in ends {
        let s = finish(chars.get(..end).unwrap_or(&chars));
        if !out.contains(&s) {
            out.push(s);
        }
    }
    out
}

/// The reading that moves the consonant after the stem `w[..first]` into it (see [`stems`]).
fn resegmented(w: &[char], first: usize, all: &[Reading]) -> Option<Reading> {
    let moved = matches!(
        (first.checked_sub(1).and_then(|i| w.get(i)), w.get(first)),
        (Some(_), Some('н' | 'с')) | (Some('н'), Some('д'))
    );
    if !moved {
        return None;
    }
    all.iter().copied().find(|r| !r.weak && r.end == first + 1)
}

/// The stem as indexed: a final soft or hard sign dropped (модуль meets модулу, январь январга,
/// which Kyrgyz spells without it), and a final г/б devoiced (see `devoice_final`).
fn finish(stem: &[char]) -> String {
    let mut out = stem.to_vec();
    while out.len() > 1 && matches!(out.last(), Some('ь' | 'ъ')) {
        out.pop();
    }
    devoice_final(&mut out);
    out.into_iter().collect()
}

/// [`stems`] with a per-thread memo. Running text repeats a small vocabulary, and stemming
/// dominated index time on large sites before this (profiled on the 9,000-page bench corpus).
pub(crate) fn stems_cached(word: &str) -> Vec<String> {
    use std::cell::RefCell;
    use std::collections::HashMap;
    const MAX_ENTRIES: usize = 200_000;
    thread_local! {
        static MEMO: RefCell<HashMap<String, Vec<String>>> = RefCell::new(HashMap::new());
    }
    MEMO.with(|m| {
        let mut m = m.borrow_mut();
        if let Some(s) = m.get(word) {
            return s.clone();
        }
        let s = stems(word);
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

pub(crate) fn fold_char(c: char) -> char {
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
