//! Search on the shipped content: relevance in three languages, inflected Kyrgyz, Russian-keyboard
//! Kyrgyz, typos; and the HTTP endpoints of `sapar serve`.

use crate::common::*;
use std::sync::OnceLock;

/// The shipped portal, built once for all tests here.
pub(crate) fn shipped() -> &'static std::path::Path {
    static SITE: OnceLock<tempfile::TempDir> = OnceLock::new();
    SITE.get_or_init(|| {
        let tmp = shipped_copy();
        let out = sapar()
            .args(["build", "--root"])
            .arg(tmp.path())
            .output()
            .expect("build");
        assert!(out.status.success(), "{}", stderr(&out));
        tmp
    })
    .path()
}

fn search(lang: &str, q: &str) -> Vec<serde_json::Value> {
    let out = sapar()
        .args(["search", "--json", "--lang", lang, "--root"])
        .arg(shipped())
        .arg(q)
        .output()
        .expect("search");
    assert!(out.status.success(), "{}", stderr(&out));
    serde_json::from_slice(&out.stdout).expect("json")
}

fn assert_top3(lang: &str, q: &str, url: &str) {
    let hits = search(lang, q);
    let top: Vec<&str> = hits
        .iter()
        .take(3)
        .filter_map(|h| h["url"].as_str())
        .collect();
    assert!(
        top.contains(&url),
        "«{q}» [{lang}]: expected {url} in the top 3, got {top:?}"
    );
}

#[test]
fn kyrgyz_inflected_forms() {
    assert_top3(
        "ky",
        "мигранттардын укуктары",
        "/ky/modules/workers-rights/",
    );
    assert_top3("ky", "мигранттын укугу", "/ky/modules/workers-rights/");
    assert_top3("ky", "адам сатуу", "/ky/modules/trafficking/");
    assert_top3("ky", "консулдукта каттоо", "/ky/modules/documents/");
    assert_top3("ky", "акча которуу", "/ky/modules/money/");
    assert_top3("ky", "Улуу Британия", "/ky/guides/united-kingdom/");
}

/// How people write about their own papers and pay: "my passport", "my right", "my money".
/// The pages say паспорт, укук, акча; the stemmer indexes such words under both readings.
#[test]
fn kyrgyz_first_person_possessives() {
    assert_top3("ky", "паспортумду алып коюшту", "/ky/modules/documents/");
    assert_top3("ky", "укугум", "/ky/modules/workers-rights/");
    assert_top3("ky", "документтеримди", "/ky/modules/documents/");
    assert_top3("ky", "акчамды которуу", "/ky/modules/money/");
    let urls = |q: &str| -> Vec<String> {
        search("ky", q)
            .iter()
            .filter_map(|h| h["url"].as_str().map(str::to_string))
            .collect()
    };
    assert_eq!(urls("айлыгымды"), urls("айлык"));
}

#[test]
fn kyrgyz_typed_on_a_russian_keyboard() {
    assert_top3("ky", "Туркия", "/ky/guides/turkey/");
    assert_top3("ky", "Казакстанда иштоо", "/ky/guides/kazakhstan/");
    assert_top3("ky", "кайтып келуу", "/ky/modules/return/");
    assert_top3("ky", "олко боюнча колдонмолор", "/ky/guides/");
}

#[test]
fn russian() {
    assert_top3(
        "ru",
        "права трудящихся мигрантов",
        "/ru/modules/workers-rights/",
    );
    assert_top3("ru", "торговля людьми", "/ru/modules/trafficking/");
    assert_top3("ru", "регистрация в консульстве", "/ru/modules/documents/");
    assert_top3("ru", "возвращение домой", "/ru/modules/return/");
    assert_top3(
        "ru",
        "сезонная работа Великобритания",
        "/ru/guides/united-kingdom/",
    );
    assert_top3("ru", "пенсия ЕАЭС", "/ru/news/eaeu-pensions/");
}

#[test]
fn english() {
    assert_top3("en", "trafficking victims help", "/en/modules/trafficking/");
    assert_top3("en", "seasonal farm work", "/en/guides/united-kingdom/");
    assert_top3("en", "pension Turkey", "/en/guides/turkey/");
    assert_top3("en", "remittances", "/en/modules/money/");
}

#[test]
fn typos_still_find_the_page() {
    assert_top3("en", "trafficing", "/en/modules/trafficking/");
    assert_top3("ru", "Казахстн", "/ru/guides/kazakhstan/");
    assert_top3("ru", "пенсыя", "/ru/modules/money/");
}

#[test]
fn readers_language_first_others_marked() {
    let hits = search("en", "Казахстан");
    assert!(!hits.is_empty());
    let langs: Vec<&str> = hits.iter().filter_map(|h| h["lang"].as_str()).collect();
    // No English page says «Казахстан»; results from other languages are marked with theirs.
    assert!(langs.iter().all(|l| *l != "en"), "{langs:?}");
    let hits = search("ru", "pension");
    let first_other = hits
        .iter()
        .position(|h| h["lang"] != "ru")
        .unwrap_or(hits.len());
    assert!(
        hits[first_other..].iter().all(|h| h["lang"] != "ru"),
        "reader's language first"
    );
    for h in &hits {
        for k in ["url", "title", "lang", "snippet", "score"] {
            assert!(!h[k].is_null(), "{k} missing in {h}");
        }
    }
}

#[test]
fn snippets_highlight_and_escape() {
    let hits = search("ru", "пенсия");
    let s = hits[0]["snippet"].as_str().unwrap_or("");
    assert!(s.contains("<mark>"), "{s}");
    assert!(!s.contains("<script"), "{s}");
}

#[test]
fn exact_kyrgyz_spelling_ranks_above_folded() {
    let f = Fixture::new();
    f.write(
        "content/guides/a/index.ky.md",
        "+++\ntitle = \"А\"\n+++\nБул өлкө жөнүндө.\n",
    );
    f.write(
        "content/guides/b/index.ky.md",
        "+++\ntitle = \"Б\"\n+++\nБул олко жонундо.\n",
    );
    f.build_ok();
    let run = |q: &str| -> Vec<String> {
        let out = sapar()
            .args(["search", "--json", "--lang", "ky", "--root"])
            .arg(f.root())
            .arg(q)
            .output()
            .expect("run");
        let v: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).expect("json");
        v.iter()
            .filter_map(|h| h["url"].as_str().map(str::to_string))
            .collect()
    };
    let exact = run("өлкө");
    assert_eq!(
        exact.first().map(String::as_str),
        Some("/ky/guides/a/"),
        "{exact:?}"
    );
    assert!(
        exact.contains(&"/ky/guides/b/".to_string()),
        "the folded spelling is found too: {exact:?}"
    );
    let folded = run("олко");
    assert_eq!(
        folded.first().map(String::as_str),
        Some("/ky/guides/b/"),
        "{folded:?}"
    );
    assert!(
        folded.contains(&"/ky/guides/a/".to_string()),
        "Russian-keyboard query finds ө: {folded:?}"
    );
}

#[test]
fn search_without_an_index_is_a_clear_error() {
    let f = Fixture::new();
    let out = sapar()
        .args(["search", "--root"])
        .arg(f.root())
        .arg("x")
        .output()
        .expect("run");
    assert!(!out.status.success());
    assert!(stderr(&out).contains("sapar build"), "{}", stderr(&out));
}

#[test]
fn http_api_and_results_page() {
    // Its own copy: `sapar serve` rebuilds its root on start, which must not swap the site
    // under the tests that read the shared one.
    let root = shipped_copy();
    let server = Server::start(root.path(), &["--no-watch"]);
    let r = server.get("/api/search?q=%D0%BF%D0%B5%D0%BD%D1%81%D0%B8%D1%8F&lang=ru&limit=3");
    assert_eq!(r.status, 200);
    let v: serde_json::Value = serde_json::from_slice(&r.body).expect("json");
    assert_eq!(v["results"].as_array().map(Vec::len), Some(3));
    assert_eq!(v["results"][0]["lang"], "ru");
    let page2 =
        server.get("/api/search?q=%D0%BF%D0%B5%D0%BD%D1%81%D0%B8%D1%8F&lang=ru&limit=3&offset=3");
    let v2: serde_json::Value = serde_json::from_slice(&page2.body).expect("json");
    assert_ne!(
        v["results"][0]["url"], v2["results"][0]["url"],
        "offset pages on"
    );

    let html = server.get("/ru/search/?q=%D1%82%D0%BE%D1%80%D0%B3%D0%BE%D0%B2%D0%BB%D1%8F+%D0%BB%D1%8E%D0%B4%D1%8C%D0%BC%D0%B8");
    assert_eq!(html.status, 200);
    let t = html.text();
    assert!(
        t.contains("/ru/modules/trafficking/"),
        "results page lists the module"
    );
    assert!(t.contains("<mark>"), "highlighted");
    assert!(
        t.contains("value=\"торговля людьми\""),
        "the query stays in the box"
    );
    // Works without JavaScript: the results are in the HTML, and the only script is the
    // theme's optional, deferred app.js (no inline script).
    assert_eq!(
        t.matches("<script").count(),
        t.matches("<script src=\"/app.js\" defer></script>").count(),
        "only the deferred app.js"
    );
}

#[test]
fn hostile_queries_never_get_5xx() {
    // Its own copy: `sapar serve` rebuilds its root on start, which must not swap the site
    // under the tests that read the shared one.
    let root = shipped_copy();
    let server = Server::start(root.path(), &["--no-watch"]);
    let long = "a".repeat(500);
    let cases: Vec<(String, u16)> = vec![
        (format!("/api/search?q={long}"), 400),
        ("/api/search?q=x&limit=abc".into(), 400),
        ("/api/search?q=x&limit=100000000000000000000000".into(), 400),
        ("/api/search?q=x&offset=-1".into(), 400),
        ("/api/search?q=x&lang=zz".into(), 400),
        // Invalid UTF-8 is decoded lossily: a query of replacement characters, no results.
        ("/api/search?q=%FF%FE".into(), 200),
        ("/api/search?q=title:(a%20OR%20%22b*~2%5E9".into(), 200),
        ("/api/search?q=*".into(), 200),
        ("/api/search?q=".into(), 200),
        ("/api/search".into(), 200),
        (
            "/api/search?q=%3Cscript%3Ealert(1)%3C/script%3E".into(),
            200,
        ),
        (format!("/ru/search/?q={long}"), 400),
        ("/ru/search/?q=AND%20OR%20NOT%20((((".into(), 200),
        (
            "/ru/search/?q=%3Cscript%3Ealert(1)%3C/script%3E".into(),
            200,
        ),
        ("/zz/search/?q=x".into(), 404),
    ];
    for (path, want) in cases {
        let r = server.get(&path);
        assert_eq!(r.status, want, "{path}: {}", r.text());
        // JSON is served as application/json with nosniff; HTML must never carry the script.
        if r.header("content-type").is_some_and(|c| c.contains("html")) {
            assert!(
                !r.text().contains("<script>alert"),
                "{path} reflected a script"
            );
        }
    }
    let r = server.get(&format!("/api/search?q={long}"));
    assert!(r.text().contains("too long"), "clear message: {}", r.text());
}
