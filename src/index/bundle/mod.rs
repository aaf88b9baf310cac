//! The static search bundle: the index's terms written into `public/search/` as small JSON
//! files, so that search works where no Sapar server answers (a plain static host, a USB copy,
//! a phone offline after one visit).
//!
//! Per language: each document's title, headings and body length (for ranking), its result
//! line (URL, title, description; 32 documents a file, fetched for the results shown), and the
//! postings (term → document numbers and the term's counts in the three fields, so that
//! search.js scores as the server does), sharded by the first letter of
//! the term, or the first two or three where a shard would be large, so that a query fetches
//! only the shards of its own words. The manifest also carries what the server's query
//! expansion needs: the synonym groups, analysed, and the pages where each multi-word synonym
//! stands as a phrase. A language the browser cannot analyse as the index does gets a map:
//! the accent folding of a language with no stemmer, or the stems of the pages' words of a
//! Snowball language the WebAssembly build leaves out.
//!
//! Every file name carries a hash of its content, so a file never changes under a name and
//! browsers and the service worker may keep it for ever; the one unversioned file,
//! `search/manifest.json`, names them. The terms are read from the committed tantivy index
//! (`read.rs`); the browser analyses the query with `words::word_terms`, compiled to
//! WebAssembly (`ANALYSIS_WASM`), which the tests prove equal to the index's analyzers.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::sync::Mutex;

use serde::Serialize;

use rayon::prelude::*;

use super::analysis::{self, Analysis};
use super::kyrgyz::fold_keyboard;
use super::synonyms::{Analysed, Synonyms, phrase_terms};
use super::words::{WordAnalysis, split_words, stemmed_in_browser, word_terms};
use super::{Doc, Fields, LangFields};
use read::Postings;

mod read;
use crate::util::hash::fnv1a;

/// The query analysis compiled to WebAssembly by `scripts/wasm` from this crate
/// (`src/index/wasm.rs`); `tests/e2e/run-static` checks that it is up to date.
pub(crate) const ANALYSIS_WASM: &[u8] = include_bytes!("../analysis.wasm");

/// A file of the bundle: its path in the output, and its bytes.
pub(crate) type File = (String, Vec<u8>);

/// Where the bundle goes in the output.
pub(crate) const DIR: &str = "search";

/// A one-letter shard larger than this (JSON bytes) is split by the first two letters.
const SPLIT_BYTES: usize = 24 * 1024;

/// Result lines per file. The server's results page shows 20 results, which on the 9,000-page
/// corpus fall in about 18 of its 94 files per language: 13-23 KB gzip, where the whole table
/// of a language was 46-86 KB. On the shipped portal (47 documents a language) it is 2 files.
const DOCS_PER_FILE: usize = 32;

/// Longest description kept for a result: the result list shows a line or two.
const DESCRIPTION_CHARS: usize = 200;

/// One indexed document: what its result shows. Its terms are read from the index.
struct StaticDoc {
    lang: String,
    url: String,
    title: String,
    description: String,
}

/// A posting's value: a term's counts in the title, the headings and the body, packed as
/// `body × 16 + headings × 4 + title` (title and headings counts above 3 count as 3).
///
/// search.js scores each field apart as the server does (tantivy's BM25 per field, with the
/// field's own idf and length, boosted 4, 2 and 1): with one weighted count per page, a title
/// word counted little beside a body that repeats it, and 8 of the 36 everyday queries of
/// tests/relevance.toml missed their page's top 3 that the server finds.
fn posting_value([title, headings, body]: [u32; 3]) -> u32 {
    body.saturating_mul(16)
        .saturating_add(headings.min(3) * 4 + title.min(3))
}

/// Collects the documents' result lines as the site renders (from any thread), and writes the
/// bundle from the committed index at the end.
#[derive(Default)]
pub(crate) struct BundleBuilder {
    docs: Mutex<Vec<StaticDoc>>,
    /// Per language, the synonyms' members of more than one word, as the server's phrase
    /// queries take them (`synonyms::phrase_terms`; joined by spaces, a phrase's key in the
    /// manifest). A static host has no word positions, so the pages that have each phrase are
    /// found at build time.
    phrases: HashMap<String, Vec<Vec<String>>>,
    /// Per Snowball language the browser does not stem (tr, de, …): each word of its pages,
    /// lowercased, with its stem where that differs, so that search.js can stem a query word
    /// the pages contain in any form.
    forms: Mutex<BTreeMap<String, BTreeMap<String, String>>>,
}

impl BundleBuilder {
    /// A builder that also finds the multi-word members of `synonyms` in each page.
    pub(crate) fn new(synonyms: &Synonyms) -> BundleBuilder {
        let phrases = synonyms
            .languages
            .iter()
            .map(|(lang, groups)| {
                let multi = groups
                    .iter()
                    .flatten()
                    .filter(|m| m.len() > 1)
                    .map(phrase_terms)
                    .collect();
                (lang.clone(), multi)
            })
            .collect();
        BundleBuilder {
            docs: Mutex::default(),
            phrases,
            forms: Mutex::default(),
        }
    }

    /// Adds a document indexed with the same text: keeps what its result shows. Its terms come
    /// from the index when the bundle is written.
    pub(crate) fn add(&self, f: &Doc<'_>) {
        self.add_forms(f);
        let doc = StaticDoc {
            lang: f.lang.to_string(),
            url: f.url.to_string(),
            title: f.title.to_string(),
            description: f.description.chars().take(DESCRIPTION_CHARS).collect(),
        };
        if let Ok(mut docs) = self.docs.lock() {
            docs.push(doc);
        }
    }

    /// Records the stems of the page's words when its language is stemmed by the index but not
    /// by the browser.
    fn add_forms(&self, f: &Doc<'_>) {
        let analysis = WordAnalysis::for_language(f.lang);
        if !matches!(analysis, WordAnalysis::Snowball(_)) || stemmed_in_browser(f.lang) {
            return;
        }
        let mut found: Vec<(String, String)> = Vec::new();
        for text in [f.title, &f.headings, f.body] {
            for word in split_words(text) {
                let lower: String = word.chars().flat_map(char::to_lowercase).collect();
                if let [stem] = word_terms(analysis, false, word).as_slice()
                    && *stem != lower
                {
                    found.push((lower, stem.clone()));
                }
            }
        }
        if let Ok(mut forms) = self.forms.lock() {
            forms.entry(f.lang.to_string()).or_default().extend(found);
        }
    }

    /// The bundle's files, paths relative to the output folder; the manifest carries the
    /// synonym groups, analysed, for search.js to expand queries as the server does.
    pub(crate) fn files(
        self,
        index: &tantivy::Index,
        fields: &Fields,
        synonyms: &Synonyms,
    ) -> tantivy::Result<Vec<File>> {
        let mut docs = self.docs.into_inner().unwrap_or_else(|e| e.into_inner());
        let mut forms = self.forms.into_inner().unwrap_or_else(|e| e.into_inner());
        // Rendering order varies from run to run; the bundle must not.
        docs.sort_by(|a, b| (&a.lang, &a.url).cmp(&(&b.lang, &b.url)));
        let mut by_lang: BTreeMap<String, Vec<StaticDoc>> = BTreeMap::new();
        for d in docs {
            by_lang.entry(d.lang.clone()).or_default().push(d);
        }
        let reader: tantivy::IndexReader = index
            .reader_builder()
            .reload_policy(tantivy::ReloadPolicy::Manual)
            .try_into()?;
        let searcher = reader.searcher();
        let segments = searcher.segment_readers();
        let total_docs = by_lang.values().map(Vec::len).sum();
        // Each language is read and written on its own thread: tantivy has finished by now.
        let languages: Vec<(String, LangManifest, Vec<File>)> = by_lang
            .into_par_iter()
            .filter_map(|(lang, docs)| {
                let lf = fields.langs.iter().find(|l| l.lang == lang)?;
                let m = self.phrases.get(&lang).map_or(&[][..], Vec::as_slice);
                Some(
                    language_files(segments, fields.url, lf, &docs, m, total_docs)
                        .map(|(manifest, files)| (lang, manifest, files)),
                )
            })
            .collect::<tantivy::Result<_>>()?;
        let mut files = Vec::new();
        let wasm = versioned(&format!("{DIR}/analysis"), "wasm", ANALYSIS_WASM.to_vec());
        let mut manifest = Manifest {
            version: 3,
            analysis: format!("/{}", wasm.0),
            total_docs,
            synonym_weight: synonyms.weight,
            languages: BTreeMap::new(),
        };
        files.push(wasm);
        // The letters the index folds (é → e) for a language with no stemmer: the browser's
        // analysis only lowercases those (see `analysis::accent_folds`).
        let accents = languages
            .iter()
            .any(|(l, ..)| Analysis::for_language(l) == Analysis::Default)
            .then(|| {
                let map = analysis::accent_folds();
                let json = serde_json::to_vec(&map).unwrap_or_default();
                let file = versioned(&format!("{DIR}/accents"), "json", json);
                let url = format!("/{}", file.0);
                files.push(file);
                url
            });
        for (lang, mut m, lang_files) in languages {
            files.extend(lang_files);
            m.synonyms = synonyms.languages.get(&lang).cloned().unwrap_or_default();
            if Analysis::for_language(&lang) == Analysis::Default {
                m.accents.clone_from(&accents);
            }
            if let Some(map) = forms.remove(&lang) {
                let json = serde_json::to_vec(&map).unwrap_or_default();
                let file = versioned(&format!("{DIR}/{lang}/forms"), "json", json);
                m.forms = Some(format!("/{}", file.0));
                files.push(file);
            }
            manifest.languages.insert(lang, m);
        }
        let json = serde_json::to_vec(&manifest).unwrap_or_default();
        files.push((format!("{DIR}/manifest.json"), json));
        Ok(files)
    }
}

#[derive(Serialize)]
struct Manifest {
    version: u32,
    /// The URL of the query analysis (WebAssembly).
    analysis: String,
    /// Documents of every language: BM25's document count, as the server's one index of all
    /// languages counts them (a language's fields are empty in the others' documents).
    total_docs: usize,
    /// How much a synonym's match counts against a typed word's (`synonyms::WEIGHT`).
    synonym_weight: f32,
    languages: BTreeMap<String, LangManifest>,
}

#[derive(Serialize)]
struct LangManifest {
    /// The URL of each page's title, headings and body length, for ranking: a list by
    /// document number.
    lens: String,
    /// The URLs of the pages' result lines, [url, title, description] by document number,
    /// [`DOCS_PER_FILE`] a file: a query fetches those of the results it shows.
    docs: Vec<String>,
    docs_per_file: usize,
    count: usize,
    /// Average length of the title, headings and body over `total_docs`, as tantivy's.
    avg_len: [f32; 3],
    /// Kyrgyz: shard keys are keyboard-folded, and a folded query term matches the fold of a
    /// term (the index's folded fields, at a lower weight).
    fold: bool,
    /// Shard key (one or two letters) → URL.
    shards: BTreeMap<String, String>,
    /// Bytes of the lengths, the result lines and every shard: what keeping the language offline costs
    /// (the service worker keeps it whole within its budget).
    bytes: usize,
    /// The language's synonym groups (data/synonyms.toml), each member analysed as the index
    /// analyses text: per word position, its terms.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    synonyms: Vec<Vec<Analysed>>,
    /// The pages that have each multi-word member of the groups (by `synonyms::phrase_terms`, joined by
    /// spaces).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    phrases: BTreeMap<String, PhrasePostings>,
    /// A language with no stemmer: the URL of the letters the index folds (letter → ASCII),
    /// which search.js applies to the query's lowercased words.
    #[serde(skip_serializing_if = "Option::is_none")]
    accents: Option<String>,
    /// A language the index stems but the browser does not: the URL of its pages' words with
    /// their stems (lowercased word → stem), which search.js looks the query's words up in.
    #[serde(skip_serializing_if = "Option::is_none")]
    forms: Option<String>,
}

/// Where a synonym phrase stands, and what it weighs as the server's phrase query weighs it.
#[derive(Serialize)]
struct PhrasePostings {
    /// Per field (title, headings, body), the sum of the idf of the phrase's words: tantivy's
    /// phrase weight.
    idf: [f32; 3],
    /// As the shards': document, packed counts.
    postings: Vec<u32>,
}

/// BM25's idf of a term in `df` of `n` documents, as tantivy's.
fn idf(df: usize, n: usize) -> f32 {
    let (df, n) = (df as f32, n as f32);
    (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
}

/// A file name with the content's hash: `search/ky/docs.0123456789abcdef.json`.
fn versioned(stem: &str, ext: &str, bytes: Vec<u8>) -> File {
    (format!("{stem}.{:016x}.{ext}", fnv1a(&bytes)), bytes)
}

/// The key of a term's shard: its first `n` letters, keyboard-folded where the language folds.
fn shard_key(term: &str, n: usize, fold: bool) -> String {
    let k: String = term.chars().take(n).collect();
    if fold { fold_keyboard(&k) } else { k }
}

/// File-name-safe form of a shard key: its letters as hex code points.
fn key_name(key: &str) -> String {
    let mut s = String::new();
    for (i, c) in key.chars().enumerate() {
        if i > 0 {
            s.push('-');
        }
        let _ = write!(s, "{:x}", u32::from(c));
    }
    s
}

/// Reads one language's terms from the index; its manifest entry, and its files: lengths,
/// result lines and shards.
fn language_files(
    segments: &[tantivy::SegmentReader],
    url: tantivy::schema::Field,
    fields: &LangFields,
    docs: &[StaticDoc],
    phrases: &[Vec<String>],
    total_docs: usize,
) -> tantivy::Result<(LangManifest, Vec<File>)> {
    let numbers_by_url: HashMap<&str, u32> = docs
        .iter()
        .enumerate()
        .map(|(n, d)| (d.url.as_str(), n as u32))
        .collect();
    let numbers = read::numbers(segments, url, |u| numbers_by_url.get(u).copied())?;
    let terms = read::language(segments, &numbers, fields, docs.len(), phrases)?;
    let lang = fields.lang.as_str();
    let fold = Analysis::for_language(lang).folds();
    let lens = versioned(
        &format!("{DIR}/{lang}/lens"),
        "json",
        serde_json::to_vec(&terms.len).unwrap_or_default(),
    );
    let lens_url = format!("/{}", lens.0);
    let mut files = vec![lens];
    let mut doc_files = Vec::new();
    for (i, chunk) in docs.chunks(DOCS_PER_FILE).enumerate() {
        let lines: Vec<[&str; 3]> = chunk
            .iter()
            .map(|d| [d.url.as_str(), d.title.as_str(), d.description.as_str()])
            .collect();
        let file = versioned(
            &format!("{DIR}/{lang}/docs{i}"),
            "json",
            serde_json::to_vec(&lines).unwrap_or_default(),
        );
        doc_files.push(format!("/{}", file.0));
        files.push(file);
    }
    let mut shards = BTreeMap::new();
    for (key, group) in group_by(terms.postings, 1, fold) {
        shard(lang, key, group, 1, fold, &mut shards, &mut files);
    }
    let bytes = files.iter().map(|f| f.1.len()).sum::<usize>();
    let phrases = terms
        .phrases
        .into_iter()
        .map(|(key, found)| {
            let mut sum = [0.0f32; 3];
            for df in found.df {
                for (s, df) in sum.iter_mut().zip(df) {
                    *s += idf(df as usize, total_docs);
                }
            }
            let postings = found.postings;
            (key, PhrasePostings { idf: sum, postings })
        })
        .collect();
    let avg = |field: usize| terms.tokens[field] as f32 / total_docs.max(1) as f32;
    let manifest = LangManifest {
        lens: lens_url,
        docs: doc_files,
        docs_per_file: DOCS_PER_FILE,
        count: docs.len(),
        avg_len: [avg(0), avg(1), avg(2)],
        fold,
        shards,
        bytes,
        synonyms: Vec::new(),
        phrases,
        accents: None,
        forms: None,
    };
    Ok((manifest, files))
}

/// Writes the terms of one shard key (`n` letters), split by their next letter while the shard
/// would pass [`SPLIT_BYTES`]; shorter terms stay under the shorter key. Three letters at most:
/// on the 9,000-page corpus the Russian «по» shard alone was 90 KB gzip, the cost of any query
/// word in «по…».
fn shard(
    lang: &str,
    key: String,
    group: Postings,
    n: usize,
    fold: bool,
    shards: &mut BTreeMap<String, String>,
    files: &mut Vec<File>,
) {
    let json = serde_json::to_vec(&group).unwrap_or_default();
    if json.len() <= SPLIT_BYTES || n >= MAX_KEY_LETTERS {
        push_shard(lang, key, json, shards, files);
        return;
    }
    for (sub_key, sub) in group_by(group, n + 1, fold) {
        shard(lang, sub_key, sub, n + 1, fold, shards, files);
    }
}

/// Longest shard key, in letters (search.js looks a term up by its first three, two, then one).
const MAX_KEY_LETTERS: usize = 3;

fn group_by(postings: Postings, n: usize, fold: bool) -> BTreeMap<String, Postings> {
    let mut groups: BTreeMap<String, Postings> = BTreeMap::new();
    for (term, p) in postings {
        groups
            .entry(shard_key(&term, n, fold))
            .or_default()
            .insert(term, p);
    }
    groups
}

fn push_shard(
    lang: &str,
    key: String,
    json: Vec<u8>,
    shards: &mut BTreeMap<String, String>,
    files: &mut Vec<File>,
) {
    let file = versioned(&format!("{DIR}/{lang}/{}", key_name(&key)), "json", json);
    shards.insert(key, format!("/{}", file.0));
    files.push(file);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc<'a>(url: &'a str, lang: &'a str, title: &'a str, body: &'a str) -> Doc<'a> {
        Doc {
            url,
            lang,
            section: "",
            country: "",
            kind: crate::model::results::DocKind::Page,
            title,
            description: "about",
            headings: String::new(),
            body,
        }
    }

    /// The bundle of `docs`, indexed as a build indexes them (one segment per batch in
    /// `batches`, to read more than one).
    fn bundle(batches: &[&[Doc<'_>]], syn: &Synonyms) -> Vec<File> {
        let mut langs: Vec<String> = batches
            .iter()
            .flat_map(|b| b.iter().map(|d| d.lang.to_string()))
            .collect();
        langs.sort();
        langs.dedup();
        let (schema, fields) = crate::index::schema(&langs);
        let index = tantivy::Index::create_in_ram(schema);
        analysis::register(index.tokenizers(), &langs);
        let mut w: tantivy::IndexWriter = index.writer_with_num_threads(1, 15_000_000).unwrap();
        let b = BundleBuilder::new(syn);
        for batch in batches {
            for d in *batch {
                w.add_document(crate::index::to_document(&fields, d).unwrap())
                    .unwrap();
                b.add(d);
            }
            w.commit().unwrap();
        }
        b.files(&index, &fields, syn).unwrap()
    }

    fn built() -> Vec<File> {
        bundle(
            &[&[
                doc("/ky/a/", "ky", "Паспорт", "Паспортуңузду алыңыз. Өлкө"),
                doc("/ru/a/", "ru", "Паспорт", "Получите паспорт и визу"),
                doc("/en/a/", "en", "Passport", "Workers get passports"),
            ]],
            &Synonyms::default(),
        )
    }

    fn json(files: &[File], url: &str) -> serde_json::Value {
        let (_, bytes) = files
            .iter()
            .find(|(p, _)| format!("/{p}") == url || p == url)
            .unwrap_or_else(|| panic!("no {url}"));
        serde_json::from_slice(bytes).unwrap()
    }

    #[test]
    fn manifest_names_every_file_and_shards_hold_the_index_terms() {
        let files = built();
        let m = json(&files, "search/manifest.json");
        assert_eq!(m["version"], 3);
        assert_eq!(m["total_docs"], 3);
        let ky = &m["languages"]["ky"];
        assert_eq!(ky["fold"], true);
        assert_eq!(ky["count"], 1);
        // The Kyrgyz keyboard fold puts ө and о in one shard: «олко» typed on a Russian keyboard
        // finds «өлкө».
        let o = json(&files, ky["shards"]["о"].as_str().unwrap());
        assert!(o.get("өлкө").is_some(), "{o}");
        // паспортуңузду gives паспорт too: once in the title and once in the body
        // (body × 16 + headings × 4 + title).
        let p = json(&files, ky["shards"]["п"].as_str().unwrap());
        assert_eq!(p["паспорт"], serde_json::json!([0, 16 + 1]));
        // Russian: stemmed, stop words gone.
        let ru = &m["languages"]["ru"];
        let p = json(&files, ru["shards"]["п"].as_str().unwrap());
        assert!(
            p.get("паспорт").is_some() && p.get("получ").is_some(),
            "{p}"
        );
        assert!(ru["shards"].get("и").is_none());
        let en = json(
            &files,
            m["languages"]["en"]["shards"]["p"].as_str().unwrap(),
        );
        assert_eq!(en["passport"], serde_json::json!([0, 16 + 1]));
        let docs = json(&files, m["languages"]["en"]["docs"][0].as_str().unwrap());
        assert_eq!(docs[0], serde_json::json!(["/en/a/", "Passport", "about"]));
        // Words of the title, headings and body; averages over the documents of all languages,
        // as tantivy's (the English fields are empty in the other two).
        let lens = json(&files, m["languages"]["en"]["lens"].as_str().unwrap());
        assert_eq!(lens[0], serde_json::json!([1, 0, 3]));
        let avg: Vec<f64> = m["languages"]["en"]["avg_len"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_f64().unwrap())
            .collect();
        assert!(
            (avg[0] - 1.0 / 3.0).abs() < 1e-6 && avg[1] == 0.0 && avg[2] == 1.0,
            "{avg:?}"
        );
        for (path, _) in &files {
            assert!(path.starts_with("search/"), "{path}");
        }
        assert!(
            files
                .iter()
                .any(|(p, b)| p.ends_with(".wasm") && b == ANALYSIS_WASM)
        );
    }

    #[test]
    fn names_change_with_content_and_only_then() {
        let a = built();
        let b = built();
        assert_eq!(a, b, "the same site gives the same bundle");
        let c = bundle(
            &[&[doc("/en/a/", "en", "Passport", "Workers get visas")]],
            &Synonyms::default(),
        );
        let names = |f: &[File]| -> Vec<String> {
            f.iter()
                .map(|(p, _)| p.clone())
                .filter(|p| p.contains("/en/"))
                .collect()
        };
        assert_ne!(names(&a), names(&c));
        for (path, bytes) in a.iter().filter(|(p, _)| p != "search/manifest.json") {
            let hash = path.rsplit('.').nth(1).unwrap();
            assert_eq!(hash, format!("{:016x}", fnv1a(bytes)), "{path}");
        }
    }

    /// A language with no stemmer gets the index's accent folding as a map; the others not.
    #[test]
    fn a_language_without_a_stemmer_ships_the_accent_map() {
        let files = bundle(
            &[&[
                doc("/uz/a/", "uz", "Café", "Mehnat"),
                doc("/en/a/", "en", "Work", "Work"),
            ]],
            &Synonyms::default(),
        );
        let m = json(&files, "search/manifest.json");
        let url = m["languages"]["uz"]["accents"].as_str().unwrap();
        assert!(m["languages"]["en"].get("accents").is_none());
        let map = json(&files, url);
        assert_eq!(map["é"], "e");
        let shards = m["languages"]["uz"]["shards"].as_object().unwrap();
        let c = json(&files, shards["c"].as_str().unwrap());
        assert!(c.get("cafe").is_some(), "{c}");
        // The shipped languages need none.
        let m = json(&built(), "search/manifest.json");
        assert!(m["languages"]["ky"].get("accents").is_none());
    }

    /// Turkish is stemmed by the index but not by the browser: the bundle carries the stems of
    /// its pages' words; the browser's own languages need none.
    #[test]
    fn a_language_the_browser_does_not_stem_ships_its_forms() {
        let files = bundle(
            &[&[doc(
                "/tr/a/",
                "tr",
                "Çalışanlar",
                "Haklarınız ve pasaportunuz",
            )]],
            &Synonyms::default(),
        );
        let m = json(&files, "search/manifest.json");
        let forms = json(&files, m["languages"]["tr"]["forms"].as_str().unwrap());
        let stem = frostem::Stemmer::new(frostem::Algorithm::Turkish)
            .stem("haklarınız")
            .into_owned();
        assert_eq!(forms["haklarınız"], serde_json::json!(stem));
        assert_ne!(stem, "haklarınız");
        assert!(
            forms.get("ve").is_none(),
            "a word that is its own stem is left out"
        );
        assert!(
            json(&built(), "search/manifest.json")["languages"]["ru"]
                .get("forms")
                .is_none()
        );
    }

    /// Documents are numbered by URL whatever segment and order the index put them in, a
    /// term's counts in the three fields meet in one posting, and the lengths are tantivy's
    /// field norms (what the server's BM25 divides by).
    #[test]
    fn terms_and_lengths_come_from_every_segment_of_the_index() {
        let mut b = doc("/en/b/", "en", "Visa", "visa visa work");
        b.headings = "Visa rules".into();
        let files = bundle(
            &[
                &[doc("/en/c/", "en", "Work", "work permit")],
                &[b, doc("/en/a/", "en", "Work visa", "apply")],
            ],
            &Synonyms::default(),
        );
        let m = json(&files, "search/manifest.json");
        let en = &m["languages"]["en"];
        let docs = json(&files, en["docs"][0].as_str().unwrap());
        let urls: Vec<&str> = docs
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d[0].as_str().unwrap())
            .collect();
        assert_eq!(urls, ["/en/a/", "/en/b/", "/en/c/"]);
        assert_eq!(
            json(&files, en["lens"].as_str().unwrap()),
            serde_json::json!([[2, 0, 1], [1, 2, 3], [1, 0, 2]])
        );
        let v = json(&files, en["shards"]["v"].as_str().unwrap());
        // a: once in the title; b: once in the title and the headings, twice in the body.
        assert_eq!(v["visa"], serde_json::json!([0, 1, 1, 2 * 16 + 4 + 1]));
        let w = json(&files, en["shards"]["w"].as_str().unwrap());
        assert_eq!(w["work"], serde_json::json!([0, 1, 1, 16, 2, 16 + 1]));
        let avg = en["avg_len"][2].as_f64().unwrap();
        assert!((avg - 2.0).abs() < 1e-6, "{avg}");
    }

    /// Kyrgyz words with two readings give two terms at one position; tantivy counts both in
    /// the field's length, and so does the bundle, as the server's scores do.
    #[test]
    fn a_kyrgyz_length_counts_every_term_as_the_index_does() {
        let files = bundle(
            &[&[doc("/ky/a/", "ky", "Иш", "Ишин таптым")]],
            &Synonyms::default(),
        );
        let m = json(&files, "search/manifest.json");
        let lens = json(&files, m["languages"]["ky"]["lens"].as_str().unwrap());
        let body_len = lens[0][2].as_u64().unwrap();
        let mut a = analysis::analyzer(Analysis::for_language("ky"), false);
        let tokens = analysis::terms(&mut a, "Ишин таптым").len() as u64;
        assert_eq!(body_len, tokens);
        assert!(tokens > 2, "ишин has two readings: {tokens}");
    }

    /// A query fetches the result lines of the results it shows, in files of [`DOCS_PER_FILE`]
    /// pages; the language's bytes (what keeping it offline costs) count every file.
    #[test]
    fn result_lines_are_split_into_files_by_document_number() {
        let urls: Vec<String> = (0..70).map(|i| format!("/en/p{i:02}/")).collect();
        let docs: Vec<Doc<'_>> = urls.iter().map(|u| doc(u, "en", "Page", "work")).collect();
        let files = bundle(&[&docs], &Synonyms::default());
        let m = json(&files, "search/manifest.json");
        let en = &m["languages"]["en"];
        assert_eq!(en["docs_per_file"], DOCS_PER_FILE);
        let names: Vec<&str> = en["docs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|u| u.as_str().unwrap())
            .collect();
        assert_eq!(names.len(), 3);
        // Document 33 is the second of the second file.
        assert_eq!(json(&files, names[1])[1][0], "/en/p33/");
        assert_eq!(json(&files, names[2]).as_array().unwrap().len(), 6);
        let all: usize = files
            .iter()
            .filter(|(p, _)| p.starts_with("search/en/"))
            .map(|(_, b)| b.len())
            .sum();
        assert_eq!(en["bytes"], all);
    }

    #[test]
    fn a_posting_packs_the_three_counts() {
        assert_eq!(posting_value([1, 0, 0]), 1);
        assert_eq!(posting_value([0, 2, 0]), 8);
        assert_eq!(posting_value([0, 0, 5]), 80);
        // Title and headings counts above 3 count as 3, so that they stay in their two bits.
        assert_eq!(posting_value([7, 9, 1]), 16 + 12 + 3);
    }

    /// search.js expands queries with the same analysed groups as the server.
    #[test]
    fn the_manifest_carries_each_languages_synonyms() {
        let group = |words: &[&str]| crate::model::synonyms::SynonymGroup {
            lang: "en".into(),
            words: words.iter().map(|w| w.to_string()).collect(),
            line: 1,
        };
        let syn = Synonyms::analyse(&[
            group(&["wages", "salary"]),
            group(&["remittances", "send money"]),
        ]);
        // Two segments: the phrase's page is read from the second.
        let files = bundle(
            &[
                &[
                    doc("/en/a/", "en", "Wages", "Unpaid wages"),
                    doc("/ky/a/", "ky", "Паспорт", "Паспорт"),
                ],
                &[doc(
                    "/en/b/",
                    "en",
                    "Send money",
                    "How to send money home; send it, money",
                )],
            ],
            &syn,
        );
        let m = json(&files, "search/manifest.json");
        assert_eq!(m["synonym_weight"].as_f64(), Some(0.6));
        let en = &m["languages"]["en"];
        assert_eq!(
            en["synonyms"][0],
            serde_json::json!([[["wage"]], [["salari"]]])
        );
        assert!(m["languages"]["ky"].get("synonyms").is_none());
        // A phrase member is found at build time where its words stand together: in the title
        // once and in the body once («send it, money» is not the phrase).
        let phrase = &en["phrases"]["send money"];
        assert_eq!(phrase["postings"], serde_json::json!([1, 16 + 1]));
        // Its weight is its words' idf summed, per field, over the 3 documents.
        let title = phrase["idf"][0].as_f64().unwrap();
        assert!(
            (title - 2.0 * f64::from(idf(1, 3))).abs() < 1e-5,
            "{phrase}"
        );
        assert!(en["phrases"].get("remittanc").is_none());
    }

    #[test]
    fn large_shards_split_by_two_letters() {
        let body: String = (0..1000).map(|i| format!("pa{i}x pe{i}y ")).collect();
        let files = bundle(&[&[doc("/en/a/", "en", "p", &body)]], &Synonyms::default());
        let m = json(&files, "search/manifest.json");
        let shards = m["languages"]["en"]["shards"].as_object().unwrap();
        assert!(
            shards.contains_key("pa") && shards.contains_key("pe"),
            "{shards:?}"
        );
        // The one-letter term stays under the one-letter key.
        let p = json(&files, shards["p"].as_str().unwrap());
        assert!(p.get("p").is_some());
        assert_eq!(p.as_object().unwrap().len(), 1);
    }

    /// A two-letter shard still too large is split by the third letter, and no further.
    #[test]
    fn large_shards_split_by_three_letters_at_most() {
        let body: String = (0..6000)
            .map(|i| format!("poa{i}x pob{i}y poc{i}z "))
            .collect();
        let files = bundle(&[&[doc("/en/a/", "en", "po", &body)]], &Synonyms::default());
        let m = json(&files, "search/manifest.json");
        let shards = m["languages"]["en"]["shards"].as_object().unwrap();
        assert!(
            ["poa", "pob", "poc"]
                .iter()
                .all(|k| shards.contains_key(*k)),
            "{shards:?}"
        );
        // The two-letter term stays under the two-letter key; nothing has four letters.
        let po = json(&files, shards["po"].as_str().unwrap());
        assert!(po.get("po").is_some(), "{po}");
        assert!(shards.keys().all(|k| k.chars().count() <= 3));
        // Each split shard holds only its own terms.
        let poa = json(&files, shards["poa"].as_str().unwrap());
        assert!(
            poa.as_object()
                .unwrap()
                .keys()
                .all(|t| t.starts_with("poa"))
        );
    }
}
