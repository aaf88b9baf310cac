//! Translation freshness end to end: `sapar translated` records the version of the original a
//! translation was made from; a change to the original's words makes its translations stale in
//! `sapar check` (text and JSON, with the changed words, urgent for numbers and links), puts a
//! notice on the built pages and shows on the translation dashboard; stamping again makes them
//! fresh. On a small fixture and on the shipped content.

use std::path::Path;
use std::process::Output;

use crate::common::*;

const RU: &str = "content/guides/russia/index.ru.md";
const KY: &str = "content/guides/russia/index.ky.md";
const EN: &str = "content/guides/russia/index.en.md";
const TURKEY_EN: &str = "content/guides/turkey/index.en.md";
/// The line the fixture's Turkey translation records its original's version on.
const TURKEY_STAMP: &str = "translated_from = \"ae5f7cbb061f\"\n";

fn edit(root: &Path, rel: &str, from: &str, to: &str) {
    let path = root.join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{rel} has no {from:?}");
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

fn check(root: &Path) -> (Output, String) {
    let out = sapar()
        .args(["check", "--root"])
        .arg(root)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    (out, text)
}

fn check_json(root: &Path) -> serde_json::Value {
    let out = sapar()
        .args(["check", "--format", "json", "--root"])
        .arg(root)
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout).unwrap()
}

fn translated(root: &Path, args: &[&str]) -> Output {
    sapar()
        .args(["translated", "--root"])
        .arg(root)
        .args(args)
        .output()
        .unwrap()
}

/// The `translations` entry of one file in `sapar check --format json`.
fn entry<'a>(json: &'a serde_json::Value, file: &str) -> &'a serde_json::Value {
    json["translations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["file"] == file)
        .unwrap_or_else(|| panic!("no entry for {file}"))
}

/// The fixture with the Russian guide as the original of its Kyrgyz and English translations,
/// with a phone number and a deadline in its text, and both translations marked fresh.
fn fixture() -> Fixture {
    let f = Fixture::new();
    f.write(
        RU,
        "+++\ntitle = \"Russia ru\"\nweight = 1\ncountry = \"RU\"\nsources = [\"doc:1-2\"]\ncontacts = [\"hotline\"]\noriginal = \"ru\"\n+++\n## Work\n\nRegister at the consulate within 15 days\nof arriving. Call the hotline 1899 for help.\n\nSee [Turkey](@/guides/turkey) and [news](@/news/opened#top).\n",
    );
    for rel in [KY, EN] {
        edit(
            f.root(),
            rel,
            "contacts = [\"hotline\"]\n",
            "contacts = [\"hotline\"]\noriginal = \"ru\"\n",
        );
    }
    let out = translated(f.root(), &[KY, EN]);
    assert!(out.status.success(), "{}", stderr(&out));
    f
}

#[test]
fn a_changed_original_makes_its_translations_stale_until_they_are_stamped() {
    let f = fixture();
    let (out, text) = check(f.root());
    assert!(out.status.success(), "{text}");
    // Turkey's English translation is fresh too, and Turkey has no Kyrgyz file.
    assert!(
        text.contains(
            "Translations: 3 fresh, 0 stale (0 urgent), 1 missing, 0 orphan, 0 unrecorded"
        ),
        "{text}"
    );

    edit(f.root(), RU, "for help.", "for advice.");
    let (out, text) = check(f.root());
    assert!(out.status.success(), "warnings only:\n{text}");
    assert!(
        text.contains("Translations: 1 fresh, 2 stale (0 urgent)"),
        "{text}"
    );
    for file in [KY, EN] {
        let warning = format!(
            "warning: the `ru` original has changed since this translation was made: «help.» → «advice.»\n --> {file}:"
        );
        assert!(text.contains(&warning), "{warning}\n{text}");
        assert!(
            text.contains(&format!("then run `sapar translated {file}`")),
            "{text}"
        );
    }
    assert!(
        text.contains("«help.» → «advice.»   in: «the hotline 1899 for advice.»"),
        "{text}"
    );
    assert!(!text.contains("URGENT"), "{text}");

    let json = check_json(f.root());
    for file in [KY, EN] {
        let e = entry(&json, file);
        assert_eq!(e["status"], "stale", "{e}");
        assert_eq!(e["urgent"], false, "{e}");
        assert_eq!(e["bundle"], "guides/russia");
        assert_eq!(e["original"], RU);
        assert_eq!(e["changes"][0]["removed"], "help.", "{e}");
        assert_eq!(e["changes"][0]["added"], "advice.", "{e}");
        assert_eq!(
            e["changes"][0]["context"], "the hotline 1899 for advice.",
            "{e}"
        );
    }
    assert_eq!(entry(&json, RU)["status"], "original");

    let out = translated(f.root(), &[KY, EN]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("marked as translated from content/guides/russia/index.ru.md"));
    let (_, text) = check(f.root());
    assert!(text.contains("Translations: 3 fresh, 0 stale"), "{text}");
    assert!(!text.contains("has changed since"), "{text}");
}

#[test]
fn a_changed_phone_number_or_date_is_urgent() {
    let f = fixture();
    edit(f.root(), RU, "hotline 1899", "hotline 1898");
    edit(f.root(), RU, "within 15 days", "within 30 days");
    let (_, text) = check(f.root());
    assert!(
        text.contains("Translations: 1 fresh, 2 stale (2 urgent)"),
        "{text}"
    );
    assert!(
        text.contains("warning: URGENT: the `ru` original has changed since this translation was made, and a number, date or link in it changed: «15» → «30» and 1 more change"),
        "{text}"
    );
    assert!(text.contains("URGENT «1899» → «1898»"), "{text}");
    assert!(text.contains("stale, URGENT"), "{text}");
    let json = check_json(f.root());
    let e = entry(&json, KY);
    assert_eq!(e["urgent"], true);
    assert_eq!(e["changes"].as_array().unwrap().len(), 2, "{e}");
    assert_eq!(e["changes"][1]["removed"], "1899");
    assert_eq!(e["changes"][1]["urgent"], true);
}

#[test]
fn stamping_changes_one_line_and_keeps_the_old_version() {
    let f = fixture();
    let before = f.read(KY);
    assert_eq!(
        before.matches("translated_from = \"").count(),
        1,
        "{before}"
    );
    edit(f.root(), RU, "for help.", "for advice.");
    let out = translated(f.root(), &[KY]);
    assert!(out.status.success(), "{}", stderr(&out));
    let after = f.read(KY);
    let changed: Vec<(&str, &str)> = before
        .lines()
        .zip(after.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(changed.len(), 1, "{changed:?}");
    assert!(changed[0].1.starts_with("translated_from = \""));
    assert_eq!(before.len(), after.len());
    // Both versions are kept while a translation names each; the English one still names the
    // old version.
    let kept: Vec<String> = std::fs::read_dir(f.path("originals"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        kept.iter().filter(|n| n.ends_with(".txt")).count(),
        2,
        "{kept:?}"
    );
    assert!(kept.contains(&"README.md".to_string()));
    let snapshot = std::fs::read_to_string(
        f.path("originals").join(
            changed[0]
                .1
                .trim_start_matches("translated_from = \"")
                .trim_end_matches('"')
                .to_string()
                + ".txt",
        ),
    )
    .unwrap();
    assert!(
        snapshot.starts_with(
            "Russia ru\n## Work\nRegister at the consulate within 15 days of arriving."
        ),
        "{snapshot}"
    );
    // Once no translation names the old version, it is removed.
    translated(f.root(), &[EN]);
    let txt = std::fs::read_dir(f.path("originals"))
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .ends_with(".txt")
        })
        .count();
    assert_eq!(txt, 1);
}

#[test]
fn readers_of_a_stale_translation_see_a_notice_until_it_is_stamped() {
    let f = fixture();
    f.build_ok();
    let notice = "class=\"notice outdated\"";
    assert!(
        !f.read("public/ky/guides/russia/index.html")
            .contains(notice)
    );
    edit(f.root(), RU, "for help.", "for advice.");
    f.build_ok();
    let ky = f.read("public/ky/guides/russia/index.html");
    assert!(ky.contains(notice), "no notice on the stale Kyrgyz page");
    assert!(ky.contains("түп нускасы ушул котормо жасалгандан кийин жаңыртылган"));
    assert!(ky.contains("<a href=\"/ru/guides/russia/\" hreflang=\"ru\">"));
    let en = f.read("public/en/guides/russia/index.html");
    assert!(en.contains("The original of this page was updated after this translation was made"));
    assert!(
        !f.read("public/ru/guides/russia/index.html")
            .contains(notice)
    );
    // Turkey's English translation is fresh: no notice either.
    assert!(
        !f.read("public/en/guides/turkey/index.html")
            .contains(notice)
    );
    translated(f.root(), &[KY, EN]);
    f.build_ok();
    assert!(
        !f.read("public/ky/guides/russia/index.html")
            .contains(notice)
    );
    assert!(
        !f.read("public/en/guides/russia/index.html")
            .contains(notice)
    );
}

#[test]
fn unrecorded_orphan_and_unknown_old_versions() {
    let f = fixture();
    // Unrecorded: a translation without translated_from.
    edit(f.root(), TURKEY_EN, TURKEY_STAMP, "");
    let (_, text) = check(f.root());
    assert!(
        text.contains(&format!("warning: this translation does not record which version of its `ru` original it was made from, so it cannot be told whether it is out of date\n --> {TURKEY_EN}:")),
        "{text}"
    );
    assert!(
        text.contains(&format!("run `sapar translated {TURKEY_EN}`")),
        "{text}"
    );
    // Orphan: its original names a language the page has no file in.
    edit(
        f.root(),
        TURKEY_EN,
        "original = \"ru\"",
        "original = \"ky\"",
    );
    let json = check_json(f.root());
    assert_eq!(entry(&json, TURKEY_EN)["status"], "orphan");
    let (_, text) = check(f.root());
    assert!(
        text.contains("the original `ky` version of this page does not exist"),
        "{text}"
    );
    assert!(text.contains(", 1 orphan, 0 unrecorded"), "{text}");
    let out = translated(f.root(), &[TURKEY_EN]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("its original content/guides/turkey/index.ky.md does not exist"),
        "{}",
        stderr(&out)
    );
    // Stale, with the old version gone from originals/.
    std::fs::remove_dir_all(f.path("originals")).unwrap();
    edit(f.root(), RU, "for help.", "for advice.");
    let (_, text) = check(f.root());
    assert!(
        text.contains("its old version is not known (originals/"),
        "{text}"
    );
    let json = check_json(f.root());
    assert_eq!(entry(&json, KY)["old_version_known"], false);
}

#[test]
fn translated_refuses_what_it_cannot_mark() {
    let f = fixture();
    let out = translated(
        f.root(),
        &[RU, "data/contacts.toml", "content/news/opened/index.en.md"],
    );
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("error: this page is the original (`original = \"ru\"` is its own language)"),
        "{err}"
    );
    assert!(err.contains("error: this is not a page file: it is not in the site's content/ folder\n --> data/contacts.toml"), "{err}");
    assert!(
        err.contains("error: this page does not say which language it was translated from"),
        "{err}"
    );
    // An original that records a version is a build error, with its line.
    edit(
        f.root(),
        RU,
        "original = \"ru\"\n",
        "original = \"ru\"\ntranslated_from = \"0123456789ab\"\n",
    );
    let out = f.build();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("key `translated_from`: this page is the original"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn the_dashboard_lists_every_page_in_every_language() {
    let f = fixture();
    edit(f.root(), RU, "hotline 1899", "hotline 1898");
    edit(f.root(), TURKEY_EN, TURKEY_STAMP, "");
    f.build_ok();
    let html = f.read("public/translations/index.html");
    assert!(html.contains("<meta name=\"robots\" content=\"noindex\">"));
    for status in ["original", "stale", "missing", "unrecorded"] {
        assert!(
            html.contains(&format!("data-status=\"{status}\"")),
            "{status}"
        );
    }
    // Russia's Kyrgyz and English translations are stale and urgent, with the change.
    assert_eq!(
        html.matches("<tr class=\"stale urgent\">").count(),
        2,
        "{html}"
    );
    assert!(html.contains("«1899» → «1898»"));
    // In the default language (ky), with the counts.
    assert!(html.contains("<html lang=\"ky\">"));
    assert!(
        html.contains("актуалдуу: 0, эскирген: 2 (шашылыш: 2), котормо жок: 1"),
        "{html}"
    );
    assert!(!f.read("public/sitemap.xml").contains("translations"));
    assert!(
        f.read("public/robots.txt")
            .contains("Disallow: /translations/")
    );
    translated(f.root(), &[KY, EN]);
    f.build_ok();
    let html = f.read("public/translations/index.html");
    assert_eq!(html.matches("data-status=\"fresh\"").count(), 2);
}

#[test]
fn the_shipped_translations_are_fresh_until_a_russian_original_changes() {
    let tmp = shipped_copy();
    let root = tmp.path();
    let (out, text) = check(root);
    assert!(out.status.success(), "{text}");
    assert!(
        text.contains(
            "Translations: 82 fresh, 0 stale (0 urgent), 0 missing, 0 orphan, 0 unrecorded"
        ),
        "{text}"
    );
    assert!(text.contains("0 errors, 0 warnings"), "{text}");

    let ru = "content/guides/russia/index.ru.md";
    edit(
        root,
        ru,
        "учёт в консульстве — в течение 15 дней",
        "учёт в консульстве — в течение 30 дней",
    );
    edit(root, ru, "риски и куда обращаться", "риски и куда звонить");
    let (_, text) = check(root);
    assert!(
        text.contains("Translations: 80 fresh, 2 stale (2 urgent)"),
        "{text}"
    );
    let json = check_json(root);
    for lang in ["ky", "en"] {
        let e = entry(&json, &format!("content/guides/russia/index.{lang}.md"));
        assert_eq!(e["status"], "stale");
        assert_eq!(e["urgent"], true);
        let changes = e["changes"].as_array().unwrap();
        assert!(
            changes
                .iter()
                .any(|c| c["removed"] == "15" && c["added"] == "30"),
            "{e}"
        );
        assert!(
            changes.iter().any(|c| c["removed"] == "обращаться."
                && c["added"] == "звонить."
                && c["urgent"] == false),
            "{e}"
        );
    }
    build_at(root);
    let page = std::fs::read_to_string(root.join("public/ky/guides/russia/index.html")).unwrap();
    assert!(page.contains("class=\"notice outdated\""));

    let out = translated(
        root,
        &[
            "content/guides/russia/index.ky.md",
            "content/guides/russia/index.en.md",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let (_, text) = check(root);
    assert!(text.contains("Translations: 82 fresh, 0 stale"), "{text}");
    assert!(text.contains("0 errors, 0 warnings"), "{text}");
    build_at(root);
    let page = std::fs::read_to_string(root.join("public/ky/guides/russia/index.html")).unwrap();
    assert!(!page.contains("class=\"notice outdated\""));
}

fn build_at(root: &Path) {
    let out = sapar()
        .args(["build", "--root"])
        .arg(root)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
}

/// The wording of the freshness messages, for `tests/it/snapshots/messages.txt`.
pub fn wording() -> String {
    let f = fixture();
    edit(f.root(), RU, "hotline 1899", "hotline 1898");
    edit(f.root(), TURKEY_EN, TURKEY_STAMP, "");
    let (_, text) = check(f.root());
    let mut out = String::new();
    for block in text.split("\n\n") {
        let block = block.trim_matches('\n');
        if block.starts_with("warning: URGENT") && block.contains(KY)
            || block.starts_with("warning: this translation does not record")
        {
            out.push_str(&format!("## sapar check: a translation\n{block}\n\n\n"));
        }
    }
    let list = text
        .split("\nTranslations behind")
        .nth(1)
        .map(|s| format!("Translations behind{s}"))
        .unwrap_or_default();
    let list = list.split("\nTranslations awaiting").next().unwrap_or("");
    out.push_str(&format!(
        "## sapar check: the translations that need work\n{list}\n"
    ));
    edit(
        f.root(),
        RU,
        "original = \"ru\"\n",
        "original = \"ru\"\ntranslated_from = \"0123456789ab\"\n",
    );
    let build = f.build();
    let block = error_blocks(&stderr(&build)).join("\n");
    out.push_str(&format!("## translated_from in an original\n{block}\n\n"));
    let refused = translated(f.root(), &[RU]);
    out.push_str(&format!(
        "## sapar translated on an original\n{}\n",
        stderr(&refused).trim_end()
    ));
    out
}

/// Issue 24: after a quick rebuild in watch mode (an edit of a page's text) the dashboard still
/// said "up to date" while the page itself showed readers the out-of-date notice.
#[test]
fn the_dashboard_follows_a_quick_rebuild_in_watch_mode() {
    let f = fixture();
    let s = Server::start(f.root(), &[]);
    let fresh = s.get("/translations/").text();
    assert_eq!(fresh.matches("data-status=\"stale\"").count(), 0, "{fresh}");
    edit(
        f.root(),
        RU,
        "hotline 1899 for help",
        "hotline 1899 or 1898 for help",
    );
    wait_for("the Russian page shows the edit", || {
        s.get("/ru/guides/russia/").text().contains("1898")
    });
    wait_for("the Kyrgyz page says it is out of date", || {
        s.get("/ky/guides/russia/")
            .text()
            .contains("class=\"notice outdated\"")
    });
    for url in ["/translations/", "/ru/translations/", "/en/translations/"] {
        let html = s.get(url).text();
        assert_eq!(
            html.matches("<tr class=\"stale urgent\">").count(),
            2,
            "{url}: {html}"
        );
    }
}

/// The dashboard in every language (issue 24: `/ru/translations/` was a 404), in that
/// language's words, with links to the others.
#[test]
fn the_dashboard_is_in_every_language() {
    let f = fixture();
    f.build_ok();
    let ru = f.read("public/ru/translations/index.html");
    assert!(ru.contains("<html lang=\"ru\">"), "{ru}");
    assert!(ru.contains("<h1>Переводы</h1>"), "{ru}");
    assert!(ru.contains("href=\"/ky/translations/\""), "{ru}");
    let en = f.read("public/en/translations/index.html");
    assert!(en.contains("<html lang=\"en\">"), "{en}");
    assert!(!en.contains("<h1>Переводы</h1>"), "{en}");
    assert_eq!(
        f.read("public/translations/index.html"),
        f.read("public/ky/translations/index.html"),
        "/translations/ is the default language's"
    );
    let robots = f.read("public/robots.txt");
    assert!(robots.contains("Disallow: /ru/translations/"), "{robots}");
}
