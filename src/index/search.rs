//! Search: answers queries from the built index, for `sapar search` and for the server.
//!
//! Whatever a visitor types is treated as plain words: the query is analysed with each
//! language's analyzer and assembled from term and phrase queries, never parsed as query
//! syntax, so no input can produce a parse error or an expensive wildcard.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};

use tantivy::collector::{Count, TopDocs};
use tantivy::query::{
    BooleanQuery, BoostQuery, FuzzyTermQuery, Occur, PhraseQuery, Query, TermQuery,
};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{
    DocAddress, DocId, DocSet, Index, IndexReader, ReloadPolicy, Score, SegmentReader, TERMINATED,
    TantivyDocument, Term,
};

use crate::index::analysis::{self, Analysis};
use crate::index::highlight::{self, Wanted, Words};
use crate::index::snippet;
use crate::index::synonyms::{self, Synonyms};
use crate::index::words::WordAnalysis;
use crate::index::{Fields, LangFields, schema};
use crate::model::results::{Hit, Results};

/// Longest query accepted, in characters: longer input is not a search but a paste accident or
/// an attack, and would cost time for nothing.
pub(crate) const MAX_QUERY_CHARS: usize = 200;
/// Most terms used from one query.
const MAX_TERMS: usize = 12;

const TITLE_BOOST: f32 = 4.0;
const HEADINGS_BOOST: f32 = 2.0;
const BODY_BOOST: f32 = 1.0;
const PHRASE_BOOST: f32 = 3.0;
/// Folded (Russian-keyboard) matches count, but less than exact spelling.
const FOLD_FACTOR: f32 = 0.4;
const FUZZY_FACTOR: f32 = 0.3;
/// Characters of a result's snippet.
const SNIPPET_CHARS: usize = 180;
/// Most synonyms looked for per query and language: each is a few term or phrase queries.
const MAX_ALTERNATIVES: usize = 8;
/// Fuzzy matching only kicks in when the exact query finds fewer hits than this.
const FEW_HITS: usize = 3;

#[derive(Debug)]
pub enum SearchError {
    /// The visitor's input cannot be searched (too long): a 400, with this message.
    BadQuery(String),
    /// The index is missing or broken: the operator's problem, not the visitor's.
    Index(String),
}

impl std::fmt::Display for SearchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SearchError::BadQuery(m) | SearchError::Index(m) => f.write_str(m),
        }
    }
}

/// The languages of an index in the order they were given to [`schema`]: each has a field
/// `title_<lang>` (and perhaps `title_<lang>_fold`), added in that order.
fn built_languages(schema: &tantivy::schema::Schema) -> Vec<String> {
    schema
        .fields()
        .filter_map(|(_, entry)| entry.name().strip_prefix("title_"))
        .filter(|rest| !rest.ends_with("_fold"))
        .map(str::to_string)
        .collect()
}

/// An open index, shared by every request.
pub struct Searcher {
    reader: IndexReader,
    fields: Fields,
    analyzers: Vec<(String, TextAnalyzer, Option<TextAnalyzer>)>,
    /// The synonyms the index was built with (see [`synonyms`]).
    synonyms: Synonyms,
    /// Results' stored fields as read once (see [`Stored`]); emptied when the index reloads.
    stored: Mutex<HashMap<DocAddress, Arc<Stored>>>,
}

/// A result's stored fields, and its body's word index for marking matches. Reading a stored
/// page means decompressing its block and copying its text; with the words' keys worked out
/// again for every hit shown, that was a third of a warm server's search.
struct Stored {
    url: String,
    title: String,
    lang: String,
    section: String,
    kind: String,
    description: String,
    body: String,
    words: Words,
}

/// Pages kept in [`Searcher::stored`]: the shipped portal has 279, and a page keeps its text
/// and about 12 bytes a word. A larger site starts again when it is full.
const STORED_PAGES: usize = 4096;

/// The synonyms written beside an index; an index built before they existed has none.
fn read_synonyms(dir: &Path) -> Result<Synonyms, SearchError> {
    match std::fs::read(dir.join(synonyms::FILE)) {
        Ok(bytes) => serde_json::from_slice(&bytes).map_err(|e| {
            SearchError::Index(format!(
                "cannot read {} in {}: {e}; run `sapar build` again",
                synonyms::FILE,
                dir.display()
            ))
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Synonyms::default()),
        Err(e) => Err(SearchError::Index(format!(
            "cannot read {} in {}: {e}",
            synonyms::FILE,
            dir.display()
        ))),
    }
}

impl Searcher {
    pub fn open(dir: &Path, langs: &[String]) -> Result<Searcher, SearchError> {
        let index = Index::open_in_dir(dir).map_err(|e| {
            SearchError::Index(format!(
                "cannot open the search index in {}: {e}; run `sapar build` first",
                dir.display()
            ))
        })?;
        Ok(Searcher::from_index(index, langs)?.with_synonyms(read_synonyms(dir)?))
    }

    /// Opens an index with the languages it was built with, read from its schema. A server that
    /// keeps serving the last good build cannot take them from site.toml, which may have changed
    /// since or no longer load; and the fields are numbered in the languages' order.
    pub(crate) fn open_as_built(dir: &Path) -> Result<Searcher, SearchError> {
        let index = Index::open_in_dir(dir).map_err(|e| {
            SearchError::Index(format!(
                "cannot open the search index in {}: {e}",
                dir.display()
            ))
        })?;
        let langs = built_languages(&index.schema());
        if langs.is_empty() {
            return Err(SearchError::Index(format!(
                "the search index in {} has no language",
                dir.display()
            )));
        }
        Ok(Searcher::from_index(index, &langs)?.with_synonyms(read_synonyms(dir)?))
    }

    /// The same searcher expanding queries with `synonyms`.
    pub(crate) fn with_synonyms(mut self, synonyms: Synonyms) -> Searcher {
        self.synonyms = synonyms;
        self
    }

    /// Whether pages in `lang` were indexed.
    pub(crate) fn has_language(&self, lang: &str) -> bool {
        self.analyzers.iter().any(|(l, _, _)| l == lang)
    }

    /// A searcher over an index that is already open, for example one built in RAM: the fuzz
    /// target for queries needs a real index but should not write to disk on every run.
    pub(crate) fn from_index(index: Index, langs: &[String]) -> Result<Searcher, SearchError> {
        let (_, fields) = schema(langs);
        analysis::register(index.tokenizers(), langs);
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(|e| SearchError::Index(format!("cannot read the search index: {e}")))?;
        let analyzers = langs
            .iter()
            .map(|l| {
                let a = Analysis::for_language(l);
                (
                    l.clone(),
                    analysis::analyzer(a, false),
                    a.folds().then(|| analysis::analyzer(a, true)),
                )
            })
            .collect();
        Ok(Searcher {
            reader,
            fields,
            analyzers,
            synonyms: Synonyms::default(),
            stored: Mutex::default(),
        })
    }

    /// Picks up a rebuilt index (after `sapar build` swapped a new one in, serve reopens instead).
    pub(crate) fn reload(&self) -> Result<(), SearchError> {
        self.reader
            .reload()
            .map_err(|e| SearchError::Index(e.to_string()))?;
        // Document addresses name other pages after a reload.
        if let Ok(mut stored) = self.stored.lock() {
            stored.clear();
        }
        Ok(())
    }

    /// A result's stored fields, read from the index the first time.
    fn stored(
        &self,
        searcher: &tantivy::Searcher,
        addr: DocAddress,
    ) -> Result<Arc<Stored>, SearchError> {
        if let Some(s) = self.stored.lock().ok().and_then(|m| m.get(&addr).cloned()) {
            return Ok(s);
        }
        let doc: TantivyDocument = searcher
            .doc(addr)
            .map_err(|e| SearchError::Index(e.to_string()))?;
        let get = |f| {
            doc.get_first(f)
                .and_then(|v| v.as_str())
                .unwrap_or("")
                .to_string()
        };
        let body = get(self.fields.body);
        let stored = Arc::new(Stored {
            url: get(self.fields.url),
            title: get(self.fields.title),
            lang: get(self.fields.lang),
            section: get(self.fields.section),
            kind: get(self.fields.kind),
            description: get(self.fields.description),
            words: Words::of(&body),
            body,
        });
        if let Ok(mut m) = self.stored.lock() {
            if m.len() >= STORED_PAGES {
                m.clear();
            }
            m.insert(addr, Arc::clone(&stored));
        }
        Ok(stored)
    }

    fn build_query(&self, text: &str, fuzzy: bool) -> Built {
        let mut per_lang: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let mut wanted = Vec::new();
        for (lang, exact, folded) in &self.analyzers {
            let Some(lf) = self.fields.langs.iter().find(|f| &f.lang == lang) else {
                continue;
            };
            let mut exact = exact.clone();
            let terms: Vec<(usize, String)> = analysis::terms(&mut exact, text)
                .into_iter()
                .take(MAX_TERMS)
                .collect();
            if terms.is_empty() {
                continue;
            }
            let mut want = wanted_terms(&terms, 1.0, false);
            let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
            let targets = [
                (lf.title, TITLE_BOOST),
                (lf.headings, HEADINGS_BOOST),
                (lf.body, BODY_BOOST),
            ];
            add_terms(&mut clauses, &terms, &targets, 1.0, fuzzy);
            if let (Some(folded), Some((ft, fh, fb))) = (folded, lf.folded) {
                let mut folded = folded.clone();
                let fterms: Vec<(usize, String)> = analysis::terms(&mut folded, text)
                    .into_iter()
                    .take(MAX_TERMS)
                    .collect();
                add_terms(
                    &mut clauses,
                    &fterms,
                    &[(ft, TITLE_BOOST), (fh, HEADINGS_BOOST), (fb, BODY_BOOST)],
                    FOLD_FACTOR,
                    false,
                );
                want.extend(wanted_terms(&fterms, FOLD_FACTOR, true));
            }
            let phrase = one_term_per_position(&terms);
            if phrase.len() > 1 {
                add_phrase(&mut clauses, lf, &phrase, 1.0);
            }
            self.add_synonyms(&mut clauses, &mut want, lang, lf, &terms, fuzzy);
            per_lang.push((Occur::Should, Box::new(BooleanQuery::new(clauses))));
            wanted.push((lang.clone(), want));
        }
        Built {
            query: Box::new(BooleanQuery::new(per_lang)),
            wanted,
        }
    }

    /// The other words of the synonym groups the query's words belong to, weighted lower than
    /// the words typed: a word as terms, a phrase as a phrase.
    fn add_synonyms(
        &self,
        clauses: &mut Vec<(Occur, Box<dyn Query>)>,
        want: &mut Vec<Wanted>,
        lang: &str,
        lf: &LangFields,
        terms: &[(usize, String)],
        fuzzy: bool,
    ) {
        let weight = self.synonyms.weight;
        let targets = [
            (lf.title, TITLE_BOOST),
            (lf.headings, HEADINGS_BOOST),
            (lf.body, BODY_BOOST),
        ];
        for alt in self
            .synonyms
            .alternatives(lang, terms)
            .into_iter()
            .take(MAX_ALTERNATIVES)
        {
            let at: Vec<(usize, String)> = alt
                .iter()
                .enumerate()
                .flat_map(|(p, ts)| ts.iter().map(move |t| (p, t.clone())))
                .collect();
            want.extend(wanted_terms(&at, weight, false));
            if alt.len() == 1 {
                add_terms(clauses, &at, &targets, weight, fuzzy);
            } else {
                let phrase: Vec<(usize, String)> = synonyms::phrase_terms(&alt)
                    .into_iter()
                    .enumerate()
                    .collect();
                add_phrase(clauses, lf, &phrase, weight);
            }
        }
    }

    /// Searches all languages; hits in `lang` come first, the rest after, each group by score.
    pub fn search(
        &self,
        text: &str,
        lang: Option<&str>,
        limit: usize,
        offset: usize,
    ) -> Result<Results, SearchError> {
        let chars = text.chars().count();
        if chars > MAX_QUERY_CHARS {
            return Err(SearchError::BadQuery(format!(
                "the query is too long ({chars} characters; at most {MAX_QUERY_CHARS})"
            )));
        }
        let text = text.trim();
        let empty = Results {
            query: text.to_string(),
            total: 0,
            hits: Vec::new(),
            fuzzy: false,
        };
        let searcher = self.reader.searcher();
        let mut built = self.build_query(text, false);
        if built.wanted.is_empty() {
            return Ok(empty);
        }
        let want = offset.saturating_add(limit);
        let (mut top, mut total) = self.ranked(&searcher, built.query.as_ref(), lang, want)?;
        let mut fuzzy = false;
        if total < FEW_HITS {
            let fb = self.build_query(text, true);
            let (ftop, ftotal) = self.ranked(&searcher, fb.query.as_ref(), lang, want)?;
            if ftotal > total {
                top = ftop;
                total = ftotal;
                fuzzy = true;
                built = fb;
            }
        }
        let hits = self.hits(&searcher, &built, fuzzy, top, offset)?;
        Ok(Results {
            query: text.to_string(),
            total,
            hits,
            fuzzy,
        })
    }

    /// The best `want` matches, those in the reader's `lang` first (each group by score), and
    /// how many there are in all. The language is a sort key beside the score, read from the
    /// `lang` field's postings once per segment, so no stored page is opened to rank: ranking
    /// 200 hits by score and then opening each to read its language cost a decompressed
    /// document each (8% of a search's instructions when snippets still took 80%). Equal scores
    /// are ordered by [`crate::index::Fields::order`], the same in every build.
    fn ranked(
        &self,
        searcher: &tantivy::Searcher,
        query: &dyn Query,
        lang: Option<&str>,
        want: usize,
    ) -> Result<(Vec<(Score, DocAddress)>, usize), SearchError> {
        let term = lang.map(|l| Term::from_field_text(self.fields.lang, l));
        let top = TopDocs::with_limit(want.max(1)).tweak_score(move |segment: &SegmentReader| {
            let mine = term
                .as_ref()
                .map(|t| docs_with(segment, t))
                .unwrap_or_default();
            // Equal scores in a stable order (an index built before the field has none).
            let order = segment.fast_fields().u64(crate::index::ORDER_FIELD).ok();
            move |doc: DocId, score: Score| {
                let mine = mine.get(doc as usize).copied().unwrap_or(false);
                let order = order.as_ref().and_then(|c| c.first(doc)).unwrap_or(0);
                (mine, score, std::cmp::Reverse(order))
            }
        });
        let (top, total) = searcher
            .search(query, &(top, Count))
            .map_err(|e| SearchError::Index(e.to_string()))?;
        Ok((
            top.into_iter()
                .map(|((_, score, _), addr)| (score, addr))
                .collect(),
            total,
        ))
    }

    /// The requested page of the ranked documents as hits, with their snippets.
    fn hits(
        &self,
        searcher: &tantivy::Searcher,
        built: &Built,
        fuzzy: bool,
        top: Vec<(Score, DocAddress)>,
        offset: usize,
    ) -> Result<Vec<Hit>, SearchError> {
        let mut out = Vec::with_capacity(top.len().saturating_sub(offset));
        let mut weighed = Vec::new();
        for (score, addr) in top.into_iter().skip(offset) {
            let doc = self.stored(searcher, addr)?;
            let wanted = self.weighed(&mut weighed, searcher, built, &doc.lang);
            let analysis = WordAnalysis::for_language(&doc.lang);
            let found = highlight::marks(
                &doc.body,
                &doc.words,
                analysis,
                wanted,
                fuzzy,
                SNIPPET_CHARS,
            );
            let snippet = match found {
                Some((marks, anchor)) => {
                    snippet::passage_around(&doc.body, &marks, anchor, SNIPPET_CHARS)
                }
                None => fallback_snippet(&doc.description),
            };
            out.push(Hit {
                url: doc.url.clone(),
                title: doc.title.clone(),
                lang: doc.lang.clone(),
                section: doc.section.clone(),
                kind: doc.kind.clone(),
                snippet,
                score,
            });
        }
        Ok(out)
    }

    /// The terms wanted in a page of `lang`, each weighed also by how rare it is among the pages
    /// (BM25's idf, as the ranking weighs it), so that a passage with the rare words of a query
    /// wins over one with its everyday words ("my", "not"); worked out once per language.
    fn weighed<'w>(
        &self,
        cache: &'w mut Vec<(String, Vec<Wanted>)>,
        searcher: &tantivy::Searcher,
        built: &Built,
        lang: &str,
    ) -> &'w [Wanted] {
        let i = match cache.iter().position(|(l, _)| l == lang) {
            Some(i) => i,
            None => {
                let wanted = built
                    .wanted
                    .iter()
                    .find(|(l, _)| l == lang)
                    .map_or(&[][..], |(_, w)| w.as_slice());
                let lf = self.fields.langs.iter().find(|f| f.lang == lang);
                let pages = searcher.num_docs() as f32;
                let weighed = wanted
                    .iter()
                    .map(|w| {
                        let field = match (lf, w.folded) {
                            (Some(lf), false) => Some(lf.body),
                            (Some(lf), true) => lf.folded.map(|(_, _, body)| body),
                            (None, _) => None,
                        };
                        let df = field
                            .and_then(|f| {
                                searcher.doc_freq(&Term::from_field_text(f, &w.term)).ok()
                            })
                            .unwrap_or(0) as f32;
                        let idf = (1.0 + (pages - df + 0.5) / (df + 0.5)).ln();
                        Wanted {
                            weight: w.weight * idf,
                            ..w.clone()
                        }
                    })
                    .collect();
                cache.push((lang.to_string(), weighed));
                cache.len() - 1
            }
        };
        &cache[i].1
    }
}

/// Matches only in the title (or only in folded form) leave no body snippet: show the start
/// of the description instead.
fn fallback_snippet(description: &str) -> String {
    let d = description.split_whitespace().collect::<Vec<_>>().join(" ");
    snippet::passage(&d, &[], SNIPPET_CHARS)
}

/// A query as built for the index, with per language the terms a result's text is searched for
/// to mark where it mentions the query (see [`highlight`]).
struct Built {
    query: Box<dyn Query>,
    /// Per language with terms: the words typed, their keyboard-folded forms and their
    /// synonyms, each weighted as the query weighs it. Empty when no word was left to search.
    wanted: Vec<(String, Vec<Wanted>)>,
}

fn wanted_terms(terms: &[(usize, String)], weight: f32, folded: bool) -> Vec<Wanted> {
    terms
        .iter()
        .map(|(_, t)| Wanted {
            term: t.clone(),
            weight,
            folded,
        })
        .collect()
}

/// Which documents of a segment have `term` (a language): one flag per document.
fn docs_with(segment: &SegmentReader, term: &Term) -> Vec<bool> {
    let mut mine = vec![false; segment.max_doc() as usize];
    let postings = segment
        .inverted_index(term.field())
        .ok()
        .and_then(|inv| inv.read_postings(term, IndexRecordOption::Basic).ok())
        .flatten();
    if let Some(mut postings) = postings {
        let mut doc = postings.doc();
        while doc != TERMINATED {
            if let Some(flag) = mine.get_mut(doc as usize) {
                *flag = true;
            }
            doc = postings.advance();
        }
    }
    mine
}

fn add_terms(
    clauses: &mut Vec<(Occur, Box<dyn Query>)>,
    terms: &[(usize, String)],
    targets: &[(tantivy::schema::Field, f32)],
    factor: f32,
    fuzzy: bool,
) {
    for (_, t) in terms {
        for &(field, boost) in targets {
            let term = Term::from_field_text(field, t);
            let q: Box<dyn Query> =
                Box::new(TermQuery::new(term.clone(), IndexRecordOption::WithFreqs));
            clauses.push((Occur::Should, Box::new(BoostQuery::new(q, boost * factor))));
            if fuzzy && t.chars().count() >= 5 {
                let f: Box<dyn Query> = Box::new(FuzzyTermQuery::new(term, 1, true));
                clauses.push((
                    Occur::Should,
                    Box::new(BoostQuery::new(f, boost * factor * FUZZY_FACTOR)),
                ));
            }
        }
    }
}

/// The terms of a phrase: a Kyrgyz word may give several stems at its position (see
/// `kyrgyz::stems`), and a phrase of all of them would ask for every one at once. The last is
/// kept: the first is the word's likeliest stem, the others are the readings it shares with
/// other forms (паспортумду → паспортум, паспорт), which the text is likelier to contain.
fn one_term_per_position(terms: &[(usize, String)]) -> Vec<(usize, String)> {
    let mut out: Vec<(usize, String)> = Vec::with_capacity(terms.len());
    for (p, t) in terms {
        match out.last_mut() {
            Some((last, term)) if last == p => t.clone_into(term),
            _ => out.push((*p, t.clone())),
        }
    }
    out
}

/// Words typed together that stand together in the text rank higher.
fn add_phrase(
    clauses: &mut Vec<(Occur, Box<dyn Query>)>,
    lf: &LangFields,
    terms: &[(usize, String)],
    factor: f32,
) {
    for (field, boost) in [(lf.title, TITLE_BOOST), (lf.body, BODY_BOOST)] {
        let with_offsets: Vec<(usize, Term)> = terms
            .iter()
            .map(|(p, t)| (*p, Term::from_field_text(field, t)))
            .collect();
        let q: Box<dyn Query> = Box::new(PhraseQuery::new_with_offset(with_offsets));
        clauses.push((
            Occur::Should,
            Box::new(BoostQuery::new(q, boost * PHRASE_BOOST * factor)),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A phrase takes one stem per word: the last of a Kyrgyz word's readings.
    #[test]
    fn a_phrase_takes_one_term_per_position() {
        let terms: Vec<(usize, String)> = [(0, "паспортум"), (0, "паспорт"), (1, "ал"), (3, "жок")]
            .map(|(p, t)| (p, t.to_string()))
            .to_vec();
        assert_eq!(
            one_term_per_position(&terms),
            [(0, "паспорт"), (1, "ал"), (3, "жок")].map(|(p, t)| (p, t.to_string()))
        );
    }

    /// An English index in RAM, its fields and a writer, for the tests below.
    fn english_index() -> (Index, Fields, tantivy::IndexWriter) {
        let (schema, fields) = schema(&["en".to_string()]);
        let index = Index::create_in_ram(schema);
        analysis::register(index.tokenizers(), &["en".to_string()]);
        let writer = index.writer(15_000_000).unwrap();
        (index, fields, writer)
    }

    /// Adds an English page that says «Keep your passport.».
    fn add_page(writer: &mut tantivy::IndexWriter, fields: &Fields, url: &str, title: &str) {
        let doc = crate::index::Doc {
            url,
            lang: "en",
            section: "",
            country: "",
            kind: crate::model::results::DocKind::Page,
            title,
            description: "",
            headings: String::new(),
            body: "Keep your passport.",
        };
        writer
            .add_document(crate::index::to_document(fields, &doc).unwrap())
            .unwrap();
    }

    /// Pages of equal score come in the same order whatever order they were indexed in (pages
    /// are indexed as they are rendered, in parallel).
    #[test]
    fn equal_scores_come_in_the_same_order_in_every_build() {
        let langs = vec!["en".to_string()];
        let urls = ["/en/a/", "/en/b/", "/en/c/", "/en/d/"];
        let order_of = |urls: &[&str]| -> Vec<String> {
            let (index, fields, mut writer) = english_index();
            for url in urls {
                add_page(&mut writer, &fields, url, "Passport");
            }
            writer.commit().unwrap();
            let searcher = Searcher::from_index(index, &langs).unwrap();
            let found = searcher.search("passport", Some("en"), 10, 0).unwrap();
            found.hits.into_iter().map(|h| h.url).collect()
        };
        let forward = order_of(&urls);
        assert_eq!(forward.len(), 4);
        let mut backward = urls;
        backward.reverse();
        assert_eq!(order_of(&backward), forward);
        assert_eq!(order_of(&["/en/c/", "/en/a/", "/en/d/", "/en/b/"]), forward);
    }

    /// The stored pages a searcher keeps are dropped when the index reloads: a document's
    /// address may name another page after an update (here the only page is replaced, and the
    /// new one takes the first address of the new segment).
    #[test]
    fn a_reload_forgets_the_pages_kept() {
        let langs = vec!["en".to_string()];
        let (index, fields, mut writer) = english_index();
        add_page(&mut writer, &fields, "/en/old/", "Old");
        writer.commit().unwrap();
        let searcher = Searcher::from_index(index.clone(), &langs).unwrap();
        let first = searcher.search("passport", Some("en"), 10, 0).unwrap();
        assert_eq!(first.hits[0].url, "/en/old/");
        writer.delete_all_documents().unwrap();
        add_page(&mut writer, &fields, "/en/new/", "New");
        writer.commit().unwrap();
        searcher.reload().unwrap();
        let after = searcher.search("passport", Some("en"), 10, 0).unwrap();
        assert_eq!(after.hits.len(), 1);
        assert_eq!(
            (after.hits[0].url.as_str(), after.hits[0].title.as_str()),
            ("/en/new/", "New")
        );
    }

    /// A server serving the last good build searches it with the languages it was built with,
    /// in the same order (field numbers depend on it), folded fields or not.
    #[test]
    fn languages_are_read_back_from_the_schema_in_order() {
        let langs: Vec<String> = ["en", "ky", "ru", "uz-Cyrl"].map(String::from).to_vec();
        let (schema, _) = schema(&langs);
        assert_eq!(built_languages(&schema), langs);
        let searcher = Searcher::from_index(Index::create_in_ram(schema), &langs).unwrap();
        assert!(searcher.has_language("ky") && !searcher.has_language("de"));
    }
}
