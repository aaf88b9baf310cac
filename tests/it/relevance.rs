//! Everyday queries: what migrants type (their own words, first person, colloquial) must find
//! the page that answers them, in the top 3. The table is tests/relevance.toml, data rather
//! than code, so that the static search can run the same table; the synonyms of
//! data/synonyms.toml are what most of them need, and a run without them shows it.

use crate::common::*;

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Table {
    query: Vec<Case>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    lang: String,
    q: String,
    url: String,
    /// Whether the synonyms are what finds it (checked: without them it is not in the top 3).
    #[serde(default)]
    synonyms: bool,
    /// What the query means, for the reader of the table.
    #[serde(default)]
    #[allow(dead_code)]
    why: String,
}

fn table() -> Vec<Case> {
    let text = std::fs::read_to_string(repo().join("tests/relevance.toml")).expect("table");
    toml::from_str::<Table>(&text)
        .expect("tests/relevance.toml")
        .query
}

fn top3(root: &std::path::Path, c: &Case) -> Vec<String> {
    let out = sapar()
        .args(["search", "--json", "--lang", &c.lang, "--root"])
        .arg(root)
        .arg(&c.q)
        .output()
        .expect("search");
    assert!(out.status.success(), "{}", stderr(&out));
    let hits: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).expect("json");
    hits.iter()
        .take(3)
        .filter_map(|h| h["url"].as_str().map(str::to_string))
        .collect()
}

/// The cases whose page is not in the top 3 of a search in `root`, described.
fn misses<'a>(root: &std::path::Path, cases: impl Iterator<Item = &'a Case>) -> Vec<String> {
    cases
        .filter_map(|c| {
            let top = top3(root, c);
            (!top.contains(&c.url))
                .then(|| format!("«{}» [{}]: expected {} in {top:?}", c.q, c.lang, c.url))
        })
        .collect()
}

#[test]
fn everyday_queries_find_their_page_in_the_top_3() {
    let cases = table();
    assert!(cases.len() >= 20, "{} cases", cases.len());
    for lang in ["ky", "ru", "en"] {
        assert!(
            cases.iter().filter(|c| c.lang == lang).count() >= 6,
            "{lang}: too few cases"
        );
    }
    let failed = misses(crate::search::shipped(), cases.iter());
    assert!(
        failed.is_empty(),
        "{} of {}:\n{}",
        failed.len(),
        cases.len(),
        failed.join("\n")
    );
}

/// The cases marked `synonyms = true` fail without data/synonyms.toml: the table tests the
/// synonyms, not only what the stemmer already finds.
#[test]
fn the_synonyms_are_what_finds_the_marked_cases() {
    let built = crate::search::shipped();
    let bare = tempfile::tempdir().expect("tmp");
    std::fs::copy(built.join("site.toml"), bare.path().join("site.toml")).expect("site.toml");
    // The same built index; `sapar search` checks site.toml, which needs the content and theme.
    for d in ["content", "themes", "search_index"] {
        copy_dir(&built.join(d), &bare.path().join(d));
    }
    std::fs::remove_file(bare.path().join("search_index/synonyms.json")).expect("synonyms.json");
    let cases = table();
    let marked: Vec<&Case> = cases.iter().filter(|c| c.synonyms).collect();
    assert!(marked.len() >= 12, "{} marked", marked.len());
    let found = marked.len() - misses(bare.path(), marked.iter().copied()).len();
    assert_eq!(
        found, 0,
        "{found} of the cases marked `synonyms = true` are found without synonyms: unmark them"
    );
}
