//! Editors' commands: `sapar check` findings on fixture sites with known problems, and
//! `sapar new` scaffolding.

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

#[test]
fn new_scaffolds_every_language_as_a_draft() {
    let f = Fixture::new();
    let out = sapar()
        .args(["new", "--root"])
        .arg(f.root())
        .args(["guide", "south-africa"])
        .output()
        .expect("run");
    assert!(out.status.success(), "{}", stderr(&out));
    for l in ["ky", "ru", "en"] {
        let t = f.read(&format!("content/guides/south-africa/index.{l}.md"));
        assert!(t.contains("title = \"South Africa\""));
        assert!(t.contains("draft = true"));
        assert!(t.contains("[[quick_facts]]"));
        assert_eq!(t.contains("reviewed = false"), l != "ky", "{l}");
    }
    f.build_ok();
    assert!(
        !f.path("public/ru/guides/south-africa").exists(),
        "drafts are not published"
    );
    // Publishing: drop the draft line and fill the country.
    for l in ["ky", "ru", "en"] {
        let file = format!("content/guides/south-africa/index.{l}.md");
        let t = f
            .read(&file)
            .replace("draft = true", "")
            .replace("country = \"XX\"", "country = \"KZ\"");
        f.write(&file, &t);
    }
    f.build_ok();
    assert!(f.path("public/ru/guides/south-africa/index.html").exists());

    let again = sapar()
        .args(["new", "--root"])
        .arg(f.root())
        .args(["guide", "south-africa"])
        .output()
        .expect("run");
    assert!(!again.status.success());
    assert!(stderr(&again).contains("already exists"));

    for (kind, path) in [
        ("module", "budgeting"),
        ("news", "centre-opened"),
        ("page", "about/partners"),
    ] {
        let out = sapar()
            .args(["new", "--root"])
            .arg(f.root())
            .args([kind, path])
            .output()
            .expect("run");
        assert!(out.status.success(), "{kind}: {}", stderr(&out));
    }
    let bad = sapar()
        .args(["new", "--root"])
        .arg(f.root())
        .args(["recipe", "x"])
        .output()
        .expect("run");
    assert!(!bad.status.success() && stderr(&bad).contains("unknown kind"));
    let bad = sapar()
        .args(["new", "--root"])
        .arg(f.root())
        .args(["guide", "../escape"])
        .output()
        .expect("run");
    assert!(!bad.status.success());
}
