//! Reads what the static bundle needs out of the committed tantivy index: each language's terms
//! with their counts in the title, headings and body of every page, the pages' field lengths,
//! and where each multi-word synonym stands as a phrase.
//!
//! Reading the index rather than analysing the pages a second time makes the bundle's terms the
//! index's own, by construction, and its field lengths tantivy's field norms (what the server's
//! BM25 divides by). On the 9,012-page corpus the second analysis was 16% of a build's samples.

use std::collections::{BTreeMap, HashMap};

use tantivy::postings::Postings as _;
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocId, DocSet, SegmentReader, TERMINATED, Term};

use super::posting_value;
use crate::index::LangFields;

/// A term's postings in the bundle: pairs of (document number, packed counts), by document.
pub(super) type Postings = BTreeMap<String, Vec<u32>>;

/// One language's part of the index, in the bundle's document numbers.
#[derive(Debug, Default)]
pub(super) struct LangTerms {
    pub(super) postings: Postings,
    /// Synonym phrase (its terms joined by spaces) → where it stands.
    pub(super) phrases: BTreeMap<String, PhraseFound>,
    /// Per page, the title's, headings' and body's length as tantivy keeps it (its field norm).
    pub(super) len: Vec<[u32; 3]>,
    /// Tokens in each field over all pages, for BM25's average length.
    pub(super) tokens: [u64; 3],
}

/// The pages where a synonym phrase stands, and what its weight is counted from.
#[derive(Debug)]
pub(super) struct PhraseFound {
    /// As a term's postings: document, packed counts.
    pub(super) postings: Vec<u32>,
    /// Per term of the phrase, per field, how many pages of the language have it.
    pub(super) df: Vec<[u32; 3]>,
}

/// Per segment, each document's number in the language's table (`None`: another language).
pub(super) type Numbers = Vec<Vec<Option<u32>>>;

/// Document numbers for every segment, from the `url` field's postings: `number` gives the
/// bundle's number of a URL, if it is one of this language's.
pub(super) fn numbers(
    segments: &[SegmentReader],
    url: Field,
    number: impl Fn(&str) -> Option<u32>,
) -> tantivy::Result<Numbers> {
    let mut all = Vec::with_capacity(segments.len());
    for segment in segments {
        let mut of = vec![None; segment.max_doc() as usize];
        let inverted = segment.inverted_index(url)?;
        let mut terms = inverted.terms().stream()?;
        while terms.advance() {
            let Some(n) = std::str::from_utf8(terms.key()).ok().and_then(&number) else {
                continue;
            };
            let mut p =
                inverted.read_postings_from_terminfo(terms.value(), IndexRecordOption::Basic)?;
            while p.doc() != TERMINATED {
                if !segment.is_deleted(p.doc()) {
                    of[p.doc() as usize] = Some(n);
                }
                p.advance();
            }
        }
        all.push(of);
    }
    Ok(all)
}

/// What a term's count in a field adds to a posting's packed value ([`posting_value`]).
fn packed(field: usize, tf: u32) -> u32 {
    let mut counts = [0; 3];
    counts[field] = tf;
    posting_value(counts)
}

/// Reads one language's fields. `count` is the number of its pages; `phrases`, the terms of its
/// synonyms' multi-word members.
pub(super) fn language(
    segments: &[SegmentReader],
    numbers: &Numbers,
    fields: &LangFields,
    count: usize,
    phrases: &[Vec<String>],
) -> tantivy::Result<LangTerms> {
    let mut out = LangTerms {
        len: vec![[0; 3]; count],
        ..LangTerms::default()
    };
    // Term → (document, what the field adds to its packed value); a document's three fields
    // are summed once all are read.
    let mut found: HashMap<String, Vec<(u32, u32)>> = HashMap::new();
    for (field, f) in [fields.title, fields.headings, fields.body]
        .into_iter()
        .enumerate()
    {
        for (segment, number) in segments.iter().zip(numbers) {
            let inverted = segment.inverted_index(f)?;
            out.tokens[field] += inverted.total_num_tokens();
            let norms = segment.get_fieldnorms_reader(f)?;
            for (doc, n) in number.iter().enumerate() {
                if let Some(n) = n {
                    out.len[*n as usize][field] = norms.fieldnorm(doc as DocId);
                }
            }
            let mut terms = inverted.terms().stream()?;
            while terms.advance() {
                let Ok(term) = std::str::from_utf8(terms.key()) else {
                    continue;
                };
                let mut p = inverted
                    .read_postings_from_terminfo(terms.value(), IndexRecordOption::WithFreqs)?;
                let mut list = Vec::new();
                while p.doc() != TERMINATED {
                    if let Some(n) = number[p.doc() as usize] {
                        list.push((n, packed(field, p.term_freq())));
                    }
                    p.advance();
                }
                if !list.is_empty() {
                    found.entry(term.to_string()).or_default().extend(list);
                }
            }
        }
    }
    out.postings = found
        .into_iter()
        .map(|(t, list)| (t, summed(list)))
        .collect();
    for phrase in phrases {
        let key = phrase.join(" ");
        let mut list = Vec::new();
        let mut df = vec![[0u32; 3]; phrase.len()];
        for (field, f) in [fields.title, fields.headings, fields.body]
            .into_iter()
            .enumerate()
        {
            for (segment, number) in segments.iter().zip(numbers) {
                // As the server's phrase queries: in the title and the body.
                if field != 1 {
                    for (k, n) in phrase_in(segment, number, f, phrase)? {
                        list.push((k, packed(field, n)));
                    }
                }
                let inverted = segment.inverted_index(f)?;
                for (i, word) in phrase.iter().enumerate() {
                    df[i][field] += inverted.doc_freq(&Term::from_field_text(f, word))?;
                }
            }
        }
        if !list.is_empty() {
            let postings = summed(list);
            out.phrases.insert(key, PhraseFound { postings, df });
        }
    }
    Ok(out)
}

/// A term's (document, value) pairs, by document, values of one document summed, flattened.
fn summed(mut list: Vec<(u32, u32)>) -> Vec<u32> {
    list.sort_unstable_by_key(|&(doc, _)| doc);
    let mut flat: Vec<u32> = Vec::with_capacity(list.len() * 2);
    for (doc, value) in list {
        match flat.len().checked_sub(2) {
            Some(at) if flat[at] == doc => flat[at + 1] = flat[at + 1].saturating_add(value),
            _ => flat.extend([doc, value]),
        }
    }
    flat
}

/// The documents of one segment where `phrase` stands in `field` (its terms at consecutive
/// positions), with how often: (document number, count).
fn phrase_in(
    segment: &SegmentReader,
    number: &[Option<u32>],
    field: Field,
    phrase: &[String],
) -> tantivy::Result<Vec<(u32, u32)>> {
    let inverted = segment.inverted_index(field)?;
    // Each term's positions per document.
    let mut at: Vec<HashMap<DocId, Vec<u32>>> = Vec::with_capacity(phrase.len());
    for word in phrase {
        let term = Term::from_field_text(field, word);
        let Some(mut p) =
            inverted.read_postings(&term, IndexRecordOption::WithFreqsAndPositions)?
        else {
            return Ok(Vec::new());
        };
        let mut docs = HashMap::new();
        while p.doc() != TERMINATED {
            let mut positions = Vec::new();
            p.positions(&mut positions);
            docs.insert(p.doc(), positions);
            p.advance();
        }
        at.push(docs);
    }
    let Some((first, rest)) = at.split_first() else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for (doc, starts) in first {
        let Some(n) = number.get(*doc as usize).copied().flatten() else {
            continue;
        };
        let count = starts
            .iter()
            .filter(|&&s| {
                rest.iter().enumerate().all(|(k, docs)| {
                    docs.get(doc)
                        .is_some_and(|p| p.binary_search(&(s + k as u32 + 1)).is_ok())
                })
            })
            .count() as u32;
        if count > 0 {
            out.push((n, count));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_of_one_document_are_summed_and_documents_sorted() {
        assert_eq!(summed(vec![(3, 1), (1, 16), (3, 32)]), vec![1, 16, 3, 33]);
        assert_eq!(summed(Vec::new()), Vec::<u32>::new());
    }

    #[test]
    fn a_fields_count_packs_where_posting_value_puts_it() {
        assert_eq!(packed(0, 2), 2);
        assert_eq!(packed(1, 5), 12);
        assert_eq!(packed(2, 3), 48);
    }
}
