//! The static search bundle: the index's terms written into `public/search/` as small JSON
//! files, so that search works where no Sapar server answers (a plain static host, a USB copy,
//! a phone offline after one visit).
//!
//! Per language: a table of documents (URL, title, description, length) and the postings
//! (term → document numbers and weighted term counts) sharded by the first letter of the term,
//! or the first two where one letter's shard would be large, so that a query fetches only the
//! shards of its own words. Every file name carries a hash of its content, so a file never
//! changes under a name and browsers and the service worker may keep it for ever; the one
//! unversioned file, `search/manifest.json`, names them. The terms come from the same
//! analyzers as the tantivy index (`analysis::analyzer`); the browser analyses the query with
//! `words::word_terms`, compiled to WebAssembly (`ANALYSIS_WASM`), which the tests prove equal.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::sync::Mutex;

use serde::Serialize;
use tantivy::tokenizer::TextAnalyzer;

use super::analysis::{self, Analysis};
use super::kyrgyz::fold_keyboard;
use crate::util::hash::fnv1a;

/// The query analysis compiled to WebAssembly by `scripts/wasm` from this crate
/// (`src/index/wasm.rs`); `tests/e2e/run-static` checks that it is up to date.
pub(crate) const ANALYSIS_WASM: &[u8] = include_bytes!("analysis.wasm");

/// Where the bundle goes in the output.
pub(crate) const DIR: &str = "search";

/// Field weights, as the server's boosts (`search.rs`): a word in the title counts four times.
const TITLE_WEIGHT: u32 = 4;
const HEADINGS_WEIGHT: u32 = 2;
const BODY_WEIGHT: u32 = 1;

/// A one-letter shard larger than this (JSON bytes) is split by the first two letters.
const SPLIT_BYTES: usize = 24 * 1024;

/// Longest description kept for a result: the result list shows a line or two.
const DESCRIPTION_CHARS: usize = 200;

/// One indexed document, analysed.
struct StaticDoc {
    lang: String,
    url: String,
    title: String,
    description: String,
    /// Weighted count of each term.
    terms: HashMap<String, u32>,
    /// Words in the document (title, headings and body), for length normalisation.
    len: u32,
}

/// Collects documents as the site renders (from any thread) and writes the bundle at the end.
#[derive(Default)]
pub(crate) struct BundleBuilder {
    docs: Mutex<Vec<StaticDoc>>,
}

thread_local! {
    /// Each rendering thread's analyzers by language: the memo inside each saves re-analysing
    /// the vocabulary for every page.
    static ANALYZERS: RefCell<HashMap<String, TextAnalyzer>> = RefCell::new(HashMap::new());
}

/// The text of a document to add, by field.
pub(crate) struct Fields<'a> {
    pub(crate) url: &'a str,
    pub(crate) lang: &'a str,
    pub(crate) title: &'a str,
    pub(crate) description: &'a str,
    pub(crate) headings: &'a str,
    pub(crate) body: &'a str,
}

impl BundleBuilder {
    pub(crate) fn add(&self, f: &Fields<'_>) {
        let mut terms: HashMap<String, u32> = HashMap::new();
        let mut len = 0u32;
        ANALYZERS.with(|a| {
            let mut a = a.borrow_mut();
            let chain = a
                .entry(f.lang.to_string())
                .or_insert_with(|| analysis::analyzer(Analysis::for_language(f.lang), false));
            for (text, weight) in [
                (f.title, TITLE_WEIGHT),
                (f.headings, HEADINGS_WEIGHT),
                (f.body, BODY_WEIGHT),
            ] {
                let mut last = usize::MAX;
                for (pos, term) in analysis::terms(chain, text) {
                    if pos != last {
                        len += 1;
                        last = pos;
                    }
                    *terms.entry(term).or_default() += weight;
                }
            }
        });
        let doc = StaticDoc {
            lang: f.lang.to_string(),
            url: f.url.to_string(),
            title: f.title.to_string(),
            description: f.description.chars().take(DESCRIPTION_CHARS).collect(),
            terms,
            len,
        };
        if let Ok(mut docs) = self.docs.lock() {
            docs.push(doc);
        }
    }

    /// The bundle's files, paths relative to the output folder.
    pub(crate) fn files(self) -> Vec<(String, Vec<u8>)> {
        let mut docs = self.docs.into_inner().unwrap_or_else(|e| e.into_inner());
        // Rendering order varies from run to run; the bundle must not.
        docs.sort_by(|a, b| (&a.lang, &a.url).cmp(&(&b.lang, &b.url)));
        let mut by_lang: BTreeMap<String, Vec<StaticDoc>> = BTreeMap::new();
        for d in docs {
            by_lang.entry(d.lang.clone()).or_default().push(d);
        }
        let mut files = Vec::new();
        let wasm = versioned(&format!("{DIR}/analysis"), "wasm", ANALYSIS_WASM.to_vec());
        let mut manifest = Manifest {
            version: 1,
            analysis: format!("/{}", wasm.0),
            languages: BTreeMap::new(),
        };
        files.push(wasm);
        for (lang, docs) in by_lang {
            manifest
                .languages
                .insert(lang.clone(), language_files(&lang, &docs, &mut files));
        }
        let json = serde_json::to_vec(&manifest).unwrap_or_default();
        files.push((format!("{DIR}/manifest.json"), json));
        files
    }
}

#[derive(Serialize)]
struct Manifest {
    version: u32,
    /// The URL of the query analysis (WebAssembly).
    analysis: String,
    languages: BTreeMap<String, LangManifest>,
}

#[derive(Serialize)]
struct LangManifest {
    /// The URL of the document table.
    docs: String,
    count: usize,
    avg_len: f32,
    /// Kyrgyz: shard keys are keyboard-folded, and a folded query term matches the fold of a
    /// term (the index's folded fields, at a lower weight).
    fold: bool,
    /// Shard key (one or two letters) → URL.
    shards: BTreeMap<String, String>,
    /// Bytes of the document table and every shard: what keeping the language offline costs
    /// (the service worker keeps it whole within its budget).
    bytes: usize,
}

#[derive(Serialize)]
struct DocTable<'a> {
    /// [url, title, description] per document; a document's number is its place here.
    docs: Vec<[&'a str; 3]>,
    len: Vec<u32>,
}

/// A file name with the content's hash: `search/ky/docs.0123456789abcdef.json`.
fn versioned(stem: &str, ext: &str, bytes: Vec<u8>) -> (String, Vec<u8>) {
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

type Postings = BTreeMap<String, Vec<u32>>;

fn language_files(
    lang: &str,
    docs: &[StaticDoc],
    files: &mut Vec<(String, Vec<u8>)>,
) -> LangManifest {
    let fold = Analysis::for_language(lang).folds();
    let table = DocTable {
        docs: docs
            .iter()
            .map(|d| [d.url.as_str(), d.title.as_str(), d.description.as_str()])
            .collect(),
        len: docs.iter().map(|d| d.len).collect(),
    };
    let doc_file = versioned(
        &format!("{DIR}/{lang}/docs"),
        "json",
        serde_json::to_vec(&table).unwrap_or_default(),
    );
    let mut postings: Postings = BTreeMap::new();
    for (n, d) in docs.iter().enumerate() {
        for (term, w) in &d.terms {
            let p = postings.entry(term.clone()).or_default();
            p.push(n as u32);
            p.push(*w);
        }
    }
    let mut shards = BTreeMap::new();
    let before = files.len();
    for (key, group) in group_by(postings, 1, fold) {
        let json = serde_json::to_vec(&group).unwrap_or_default();
        if json.len() <= SPLIT_BYTES {
            push_shard(lang, key, json, &mut shards, files);
            continue;
        }
        // Split by two letters; one-letter terms stay under the one-letter key.
        for (key2, sub) in group_by(group, 2, fold) {
            let json = serde_json::to_vec(&sub).unwrap_or_default();
            push_shard(lang, key2, json, &mut shards, files);
        }
    }
    let total: u64 = docs.iter().map(|d| u64::from(d.len)).sum();
    let bytes = doc_file.1.len() + files[before..].iter().map(|f| f.1.len()).sum::<usize>();
    let manifest = LangManifest {
        docs: format!("/{}", doc_file.0),
        count: docs.len(),
        avg_len: if docs.is_empty() {
            0.0
        } else {
            total as f32 / docs.len() as f32
        },
        fold,
        shards,
        bytes,
    };
    files.push(doc_file);
    manifest
}

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
    files: &mut Vec<(String, Vec<u8>)>,
) {
    let file = versioned(&format!("{DIR}/{lang}/{}", key_name(&key)), "json", json);
    shards.insert(key, format!("/{}", file.0));
    files.push(file);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc<'a>(url: &'a str, lang: &'a str, title: &'a str, body: &'a str) -> Fields<'a> {
        Fields {
            url,
            lang,
            title,
            description: "about",
            headings: "",
            body,
        }
    }

    fn built() -> Vec<(String, Vec<u8>)> {
        let b = BundleBuilder::default();
        b.add(&doc(
            "/ky/a/",
            "ky",
            "Паспорт",
            "Паспортуңузду алыңыз. Өлкө",
        ));
        b.add(&doc("/ru/a/", "ru", "Паспорт", "Получите паспорт и визу"));
        b.add(&doc("/en/a/", "en", "Passport", "Workers get passports"));
        b.files()
    }

    fn json(files: &[(String, Vec<u8>)], url: &str) -> serde_json::Value {
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
        assert_eq!(m["version"], 1);
        let ky = &m["languages"]["ky"];
        assert_eq!(ky["fold"], true);
        assert_eq!(ky["count"], 1);
        // The Kyrgyz keyboard fold puts ө and о in one shard: «олко» typed on a Russian keyboard
        // finds «өлкө».
        let o = json(&files, ky["shards"]["о"].as_str().unwrap());
        assert!(o.get("өлкө").is_some(), "{o}");
        // Both readings of паспортуңузду, each with the title's weight added where it is one.
        let p = json(&files, ky["shards"]["п"].as_str().unwrap());
        assert_eq!(
            p["паспорт"],
            serde_json::json!([0, TITLE_WEIGHT + BODY_WEIGHT])
        );
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
        assert_eq!(
            en["passport"],
            serde_json::json!([0, TITLE_WEIGHT + BODY_WEIGHT])
        );
        let docs = json(&files, m["languages"]["en"]["docs"].as_str().unwrap());
        assert_eq!(
            docs["docs"][0],
            serde_json::json!(["/en/a/", "Passport", "about"])
        );
        assert_eq!(docs["len"][0], 4);
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
        let c = BundleBuilder::default();
        c.add(&doc("/en/a/", "en", "Passport", "Workers get visas"));
        let c = c.files();
        let names = |f: &[(String, Vec<u8>)]| -> Vec<String> {
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

    #[test]
    fn large_shards_split_by_two_letters() {
        let b = BundleBuilder::default();
        let body: String = (0..4000).map(|i| format!("pa{i}x pe{i}y ")).collect();
        b.add(&doc("/en/a/", "en", "p", &body));
        let files = b.files();
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
}
