//! Editors' commands: `sapar check` findings on fixture sites with known problems (`sapar new`
//! is tested in new_pages.rs).

use crate::common::*;

fn check(f: &Fixture, json: bool) -> (std::process::Output, String) {
    let mut cmd = sapar();
    cmd.args(["check", "--root"]).arg(f.root());
    if json {
        cmd.args(["--format", "json"]);
    }
    let out = cmd.output().expect("run check");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    (out, text)
}

#[test]
fn check_passes_a_clean_site_and_reports_coverage_and_review() {
    let f = Fixture::new();
    let (out, text) = check(&f, false);
    assert!(out.status.success(), "{text}");
    assert!(text.contains("0 errors"), "{text}");
    // turkey has ru and en only: guides coverage is 2 bundles in ru/en, 1 in ky (plus the section page).
    let row = text
        .lines()
        .find(|l| l.starts_with("guides"))
        .expect("coverage row");
    assert_eq!(
        row.split_whitespace().collect::<Vec<_>>(),
        vec!["guides", "2/3", "3/3", "3/3"],
        "{text}"
    );
    assert!(
        text.contains("content/guides/turkey/index.en.md"),
        "awaiting review: {text}"
    );
    assert!(
        !text.contains("content/guides/turkey/index.ru.md\n"),
        "the original needs no review"
    );
}

#[test]
fn check_finds_known_problems() {
    let f = Fixture::new();
    // A broken anchor (error), an image without alt text, a stale contact, a missing UI string.
    f.write(
        "content/guides/turkey/index.ru.md",
        "+++\ntitle = \"Турция\"\noriginal = \"ru\"\n+++\nСм. [раздел](@/guides/russia#nowhere).\n\n![](map.png)\n",
    );
    let c = f
        .read("data/contacts.toml")
        .replace("verified = 2026-11-01", "verified = 2020-01-01");
    f.write("data/contacts.toml", &c);
    let en = f
        .read("themes/portal/i18n/ky.toml")
        .replace("search_button = ", "# search_button = ");
    f.write("themes/portal/i18n/ky.toml", &en);
    let (out, text) = check(&f, false);
    assert!(!out.status.success(), "errors exit non-zero");
    assert!(
        text.contains("error: the link @/guides/russia#nowhere points to a heading")
            && text.contains("--> content/guides/turkey/index.ru.md:5:29"),
        "{text}"
    );
    assert!(
        text.contains("warning: an image without alt text")
            && text.contains("--> content/guides/turkey/index.ru.md:7"),
        "{text}"
    );
    assert!(
        text.contains("--> data/contacts.toml:") && text.contains("last verified on 2020-01-01"),
        "{text}"
    );
    assert!(
        text.contains("ky.toml") && text.contains("search_button"),
        "{text}"
    );

    let (_, json) = check(&f, true);
    let v: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert_eq!(v["errors"].as_array().map(Vec::len), Some(1), "{json}");
    assert_eq!(v["errors"][0]["line"], 5);
    assert!(v["warnings"].as_array().is_some_and(|w| w.len() >= 3));
    assert_eq!(v["coverage"]["guides"]["ky"]["own"], 2);
}

#[test]
fn check_reports_build_errors_too() {
    let f = Fixture::new();
    f.write(
        "content/guides/russia/index.ky.md",
        "+++\ntitle = \"x\"\nwieght = 1\n+++\n",
    );
    let (out, text) = check(&f, false);
    assert!(!out.status.success());
    assert!(
        text.contains("index.ky.md:3:") && text.contains("wieght"),
        "{text}"
    );
    assert!(!f.path("public").exists(), "check writes no output");
}

#[test]
fn check_accepts_the_valid_anchor() {
    let f = Fixture::new();
    f.write(
        "content/guides/turkey/index.ru.md",
        "+++\ntitle = \"Т\"\n+++\n[a](@/guides/russia#work)\n",
    );
    let (out, text) = check(&f, false);
    assert!(out.status.success(), "{text}");
}
