//! Highlights: where a result's text mentions the query, and the passage that mentions most of
//! it, as byte ranges of whole words for [`super::snippet::passage_around`].
//!
//! tantivy's `SnippetGenerator` ran the language's whole analyzer (splitting, lowercasing,
//! stemming) over the whole body of every hit shown, on every query: 74–89% of the instructions
//! of a search on the shipped site (callgrind, the six queries of `scripts/wrk-search.lua`).
//! Here a word is analysed only when its first two letters can begin one of the query's terms.
//! Every analyzer of the site only lowercases a word and changes or cuts its ending (ё → е
//! aside, which the key folds), so a term begins with its word's first two letters; a test
//! checks that for every word of the shipped content and the Kyrgyz reference data. About one
//! word in thirty passes that test, and each distinct word is analysed once per page.

use std::cell::RefCell;
use std::collections::HashMap;
use std::ops::Range;

use super::kyrgyz::fold_char;
use super::words::{WordAnalysis, split_words, word_terms};

/// A term of the query that a page's word may give, with what a match of it is worth.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Wanted {
    pub(crate) term: String,
    /// 1 for a word typed, less for a synonym of it or a match on the keyboard-folded form.
    pub(crate) weight: f32,
    /// A term of the Kyrgyz fields folded as typed on a Russian keyboard (ө as о): compared
    /// with the words' folded terms.
    pub(crate) folded: bool,
}

/// Most matches looked at in one text: a word repeated hundreds of times says nothing more.
const MAX_MATCHES: usize = 400;
/// Shortest query term a fuzzy search matches within one edit, as `FuzzyTermQuery` is asked to
/// in `search::add_terms`.
const FUZZY_MIN_CHARS: usize = 5;

type Key = (Option<char>, Option<char>);

/// The first two letters of a word or term as the index would lowercase them (a letter may
/// lowercase to two, as İ to i and a combining dot), ё as е; a one-letter word has `None` as
/// its second. Worked out for every word of every page shown, so without allocating; Latin and
/// the Russian alphabet skip `char::to_lowercase`'s table lookup, which was the largest single
/// cost of a search once the memo was warm (9% of the server's samples under wrk).
fn key(s: &str) -> Key {
    let mut letters = s.chars().flat_map(|c| {
        let fast = match c {
            'A'..='Z' | 'А'..='Я' => char::from_u32(u32::from(c) + 0x20),
            'a'..='z' | 'а'..='я' => Some(c),
            _ => None,
        };
        let (one, many) = match fast {
            Some(l) => (Some(l), None),
            None => (None, Some(c.to_lowercase())),
        };
        one.into_iter().chain(many.into_iter().flatten())
    });
    let yo = |c: char| if c == 'ё' { 'е' } else { c };
    (letters.next().map(yo), letters.next().map(yo))
}

/// A key keyboard-folded, as the folded fields' terms are (ө as о).
fn folded(k: Key) -> Key {
    (k.0.map(fold_char), k.1.map(fold_char))
}

/// Whether a word with `word` as its key can give a term with `term` as its key: the first
/// letters agree, and the second where both have one (or only the first, for a fuzzy match,
/// which may differ from the term typed in its second letter).
fn may_give(word: Key, term: Key, fuzzy: bool) -> bool {
    word.0 == term.0 && (fuzzy || word.1.is_none() || term.1.is_none() || word.1 == term.1)
}

/// A matched word: its bytes in the text, which wanted term it gave, and that term's weight.
#[derive(Debug, Clone)]
struct Match {
    at: Range<usize>,
    term: usize,
    weight: f32,
}

/// The words of a text with their keys, worked out once per text and kept with it by the
/// searcher: a text's words are then looked at without decoding or lowercasing it again.
#[derive(Debug, Clone, Default)]
pub(crate) struct Words(Vec<(u32, u32, Key)>);

impl Words {
    /// The words of `text`: where each starts, its length in bytes, and its key.
    pub(crate) fn of(text: &str) -> Words {
        Words(
            split_words(text)
                .map(|w| {
                    // `split_words` gives slices of `text`: the distance between their starts
                    // is the word's byte offset.
                    let start = w.as_ptr() as usize - text.as_ptr() as usize;
                    let at = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
                    (at(start), at(w.len()), key(w))
                })
                .collect(),
        )
    }
}

/// The words of `text` (`words`, its word index) that give one of the `wanted` terms (in a
/// fuzzy search, also a term one edit from a wanted term of five letters or more, as the index
/// matched it), in order.
fn matches(
    text: &str,
    words: &Words,
    analysis: WordAnalysis,
    wanted: &[Wanted],
    fuzzy: bool,
) -> Vec<Match> {
    let keys: Vec<_> = wanted.iter().map(|w| key(&w.term)).collect();
    let any_folded = wanted.iter().any(|w| w.folded);
    // Each distinct candidate word of the text is analysed once.
    let mut seen: HashMap<&str, Option<(usize, f32)>> = HashMap::new();
    let mut out = Vec::new();
    for &(start, len, plain) in &words.0 {
        let (start, end) = (start as usize, start as usize + len as usize);
        let Some(word) = text.get(start..end) else {
            continue;
        };
        let fold = if any_folded { folded(plain) } else { plain };
        let candidate = wanted
            .iter()
            .zip(&keys)
            .any(|(w, &t)| may_give(if w.folded { fold } else { plain }, t, fuzzy));
        if !candidate {
            continue;
        }
        let found = *seen
            .entry(word)
            .or_insert_with(|| best_term(analysis, word, wanted, any_folded, fuzzy));
        if let Some((term, weight)) = found {
            out.push(Match {
                at: start..end,
                term,
                weight,
            });
            if out.len() == MAX_MATCHES {
                break;
            }
        }
    }
    out
}

/// The heaviest wanted term among a word's terms (folded or not, as the wanted term is):
/// exactly, or in a fuzzy search within one edit.
fn best_term(
    analysis: WordAnalysis,
    word: &str,
    wanted: &[Wanted],
    need_folded: bool,
    fuzzy: bool,
) -> Option<(usize, f32)> {
    with_terms(analysis, word, need_folded, |plain, folded| {
        let mut best: Option<(usize, f32)> = None;
        for (i, w) in wanted.iter().enumerate() {
            let terms = if w.folded { folded } else { plain };
            let hit = terms.iter().any(|t| {
                *t == w.term
                    || (fuzzy
                        && w.term.chars().count() >= FUZZY_MIN_CHARS
                        && strsim::osa_distance(t, &w.term) <= 1)
            });
            if hit && best.is_none_or(|(_, b)| w.weight > b) {
                best = Some((i, w.weight));
            }
        }
        best
    })
}

/// A word's terms, and its keyboard-folded terms once asked for.
struct WordTerms {
    plain: Vec<String>,
    folded: Option<Vec<String>>,
}

/// Words remembered per thread and analysis before the memo starts again; the shipped pages
/// have 6,761 distinct words in all languages, so this only bounds memory on a huge site.
const MEMO_WORDS: usize = 50_000;

thread_local! {
    /// The words already analysed on this thread, per analysis. The server searches on a few
    /// long-lived blocking threads and its result pages repeat one vocabulary: with the memo
    /// warm, stemming drops out of a search's cost (a Kyrgyz word takes about a microsecond).
    static MEMO: RefCell<Vec<(WordAnalysis, HashMap<String, WordTerms>)>> =
        const { RefCell::new(Vec::new()) };
}

/// Calls `f` with the terms and the folded terms (empty unless `need_folded`) of `word`.
fn with_terms<R>(
    analysis: WordAnalysis,
    word: &str,
    need_folded: bool,
    f: impl FnOnce(&[String], &[String]) -> R,
) -> R {
    MEMO.with(|memo| {
        let mut memo = memo.borrow_mut();
        let i = match memo.iter().position(|(a, _)| *a == analysis) {
            Some(i) => i,
            None => {
                memo.push((analysis, HashMap::new()));
                memo.len() - 1
            }
        };
        let words = &mut memo[i].1;
        if !words.contains_key(word) {
            if words.len() >= MEMO_WORDS {
                words.clear();
            }
            let plain = word_terms(analysis, false, word);
            words.insert(
                word.to_string(),
                WordTerms {
                    plain,
                    folded: None,
                },
            );
        }
        let Some(terms) = words.get_mut(word) else {
            return f(&[], &[]);
        };
        if need_folded && terms.folded.is_none() {
            terms.folded = Some(word_terms(analysis, true, word));
        }
        f(&terms.plain, terms.folded.as_deref().unwrap_or(&[]))
    })
}

/// Every matched word of `text` (byte ranges, in order) and which of them starts the passage of
/// at most `max_chars` characters that mentions the most of the query: the most weight of
/// distinct terms, then the most matches, then the earliest. Nothing when the text does not
/// mention the query.
pub(crate) fn marks(
    text: &str,
    words: &Words,
    analysis: WordAnalysis,
    wanted: &[Wanted],
    fuzzy: bool,
    max_chars: usize,
) -> Option<(Vec<Range<usize>>, usize)> {
    let found = matches(text, words, analysis, wanted, fuzzy);
    // The characters where each match starts and ends, counted once through the text.
    let mut chars: Vec<(usize, usize)> = Vec::with_capacity(found.len());
    let (mut byte, mut char) = (0, 0);
    for m in &found {
        char += text[byte..m.at.start].chars().count();
        byte = m.at.start;
        chars.push((char, char + text[m.at.clone()].chars().count()));
    }
    let mut best: Option<(f32, usize, usize)> = None;
    for i in 0..found.len() {
        let mut terms: Vec<usize> = Vec::new();
        let mut weight = 0.0;
        let mut j = i;
        while j < found.len() && chars[j].1 <= chars[i].0 + max_chars {
            if !terms.contains(&found[j].term) {
                terms.push(found[j].term);
                weight += found[j].weight;
            }
            j += 1;
        }
        let better = match best {
            None => true,
            Some((w, n, _)) => weight > w || (weight == w && j - i > n),
        };
        if better {
            best = Some((weight, j - i, i));
        }
    }
    let (_, _, anchor) = best?;
    Some((found.into_iter().map(|m| m.at).collect(), anchor))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wanted(terms: &[(&str, f32)]) -> Vec<Wanted> {
        terms
            .iter()
            .map(|&(t, w)| Wanted {
                term: t.to_string(),
                weight: w,
                folded: false,
            })
            .collect()
    }

    /// The matched words, and the one the passage is placed at.
    fn marked(text: &str, found: Option<(Vec<Range<usize>>, usize)>) -> (Vec<&str>, &str) {
        let (ranges, anchor) = found.expect("no match");
        let words: Vec<&str> = ranges.iter().map(|r| &text[r.clone()]).collect();
        let at = words[anchor];
        (words, at)
    }

    /// The shortcut is safe: every term any analyzer of the site gives a word passes the
    /// two-letter test against that word, for every word of the content and the reference data,
    /// so no match is skipped that the full analysis would have found.
    #[test]
    fn every_term_begins_with_its_words_first_two_letters() {
        let words = crate::index::words::tests::vocabulary();
        assert!(words.len() > 10_000, "{} words", words.len());
        for (lang, folded) in [("ky", false), ("ky", true), ("ru", false), ("en", false)] {
            let a = WordAnalysis::for_language(lang);
            for w in &words {
                for t in word_terms(a, folded, w) {
                    let k = if folded {
                        super::folded(key(w))
                    } else {
                        key(w)
                    };
                    assert!(
                        may_give(k, key(&t), false),
                        "{lang}: `{w}` gives `{t}`, which the two-letter test would skip"
                    );
                }
            }
        }
    }

    #[test]
    fn the_fast_lowercase_is_the_standard_one() {
        for c in ('\0'..='\u{4ff}').chain("ҢӨҮңөүİẞ".chars()) {
            let word = format!("{c}{c}x");
            let want: Vec<char> = word
                .chars()
                .flat_map(char::to_lowercase)
                .map(|c| if c == 'ё' { 'е' } else { c })
                .take(2)
                .collect();
            assert_eq!(
                key(&word),
                (want.first().copied(), want.get(1).copied()),
                "{c:?}"
            );
        }
    }

    #[test]
    fn inflected_forms_are_marked_as_whole_words() {
        let text = "Паспортумду алып коюшту. Паспорт — мигранттын негизги документи.";
        let a = WordAnalysis::for_language("ky");
        let m = marks(
            text,
            &Words::of(text),
            a,
            &wanted(&[("паспорт", 1.0)]),
            false,
            180,
        );
        assert_eq!(
            marked(text, m),
            (vec!["Паспортумду", "Паспорт"], "Паспортумду")
        );
    }

    #[test]
    fn the_passage_with_most_of_the_query_wins_over_the_first() {
        let filler = "Другие сведения о поездке. ".repeat(12);
        let text = format!("Зарплата указана в договоре. {filler}Трудовой договор и зарплата.");
        let a = WordAnalysis::for_language("ru");
        let w = wanted(&[("зарплат", 1.0), ("трудов", 1.0)]);
        let (all, at) = marked(&text, marks(&text, &Words::of(&text), a, &w, false, 60));
        assert_eq!(all, ["Зарплата", "Трудовой", "зарплата"]);
        assert_eq!(at, "Трудовой");
        // A synonym weighs less than a word typed: one typed word beats one synonym.
        let w = wanted(&[("зарплат", 0.6), ("трудов", 1.0)]);
        assert_eq!(
            marked(&text, marks(&text, &Words::of(&text), a, &w, false, 20)).1,
            "Трудовой"
        );
        // Of two passages alike, the first.
        let w = wanted(&[("зарплат", 1.0)]);
        assert_eq!(
            marked(&text, marks(&text, &Words::of(&text), a, &w, false, 20)).1,
            "Зарплата"
        );
    }

    #[test]
    fn a_fuzzy_search_marks_the_words_it_matched() {
        let text = "Human trafficking is a crime.";
        let a = WordAnalysis::for_language("en");
        // "trafficing" as typed, stemmed: one edit from "traffick".
        let w = wanted(&[("traffic", 1.0)]);
        assert!(marks(text, &Words::of(text), a, &w, false, 180).is_none());
        assert_eq!(
            marked(text, marks(text, &Words::of(text), a, &w, true, 180)).1,
            "trafficking"
        );
    }

    /// Kyrgyz typed on a Russian keyboard («олкодо» for «өлкөдө») marks the word it found.
    #[test]
    fn a_folded_query_marks_the_proper_spelling() {
        let text = "Бул өлкөдө иштөө үчүн уруксат керек.";
        let a = WordAnalysis::for_language("ky");
        let typed = crate::index::words::word_terms(a, true, "олкодо");
        let w: Vec<Wanted> = typed
            .into_iter()
            .map(|term| Wanted {
                term,
                weight: 0.4,
                folded: true,
            })
            .collect();
        assert_eq!(
            marked(text, marks(text, &Words::of(text), a, &w, false, 180)).0,
            ["өлкөдө"]
        );
    }

    #[test]
    fn nothing_is_marked_in_a_text_without_the_query() {
        let a = WordAnalysis::for_language("en");
        assert!(
            marks(
                "Nothing here.",
                &Words::of("Nothing here."),
                a,
                &wanted(&[("wage", 1.0)]),
                false,
                180
            )
            .is_none()
        );
        assert!(marks("", &Words::of(""), a, &wanted(&[("wage", 1.0)]), true, 180).is_none());
    }
}
