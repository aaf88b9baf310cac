//! Mistakes editors make, each caught by the build with the file, line and column, a message in
//! an editor's words and a hint saying what to write instead; and the full text of a dozen
//! messages kept in `tests/it/snapshots/messages.txt`, so that their wording is reviewed like
//! code (rewrite it with `UPDATE_SNAPSHOTS=1 cargo test --test it mistakes`).

use crate::common::*;

/// One mistake: what the editor did, and what the build must say about it.
struct Mistake {
    name: &'static str,
    /// A kiosk site (with `[[kiosks]]` and slides) instead of the plain fixture.
    kiosk: bool,
    make: fn(&Fixture),
    /// `file:line` (and `:column` where it matters) of the location line.
    at: &'static str,
    message: &'static str,
    hint: &'static str,
}

const RU: &str = "content/guides/russia/index.ru.md";

fn edit(f: &Fixture, rel: &str, from: &str, to: &str) {
    let text = f.read(rel);
    assert!(text.contains(from), "{rel} has no {from:?}");
    f.write(rel, &text.replacen(from, to, 1));
}

fn contacts(f: &Fixture, from: &str, to: &str) {
    edit(f, "data/contacts.toml", from, to);
}

/// The Russian guide's front matter with `extra` lines after the title.
fn ru_guide(f: &Fixture, extra: &str) {
    edit(
        f,
        RU,
        "title = \"Russia ru\"\n",
        &format!("title = \"Russia ru\"\n{extra}"),
    );
}

const MISTAKES: &[Mistake] = &[
    Mistake {
        name: "a country the theme has no name for",
        kiosk: false,
        make: |f| contacts(f, "countries = [\"*\"]", "countries = [\"DE\"]"),
        at: "data/contacts.toml:6:14",
        message: "contact `hotline`: the theme has no name for the country `DE`",
        hint: "add `country_DE = \"…\"` to every language's file in themes/portal/i18n/",
    },
    Mistake {
        name: "a misspelt topic",
        kiosk: false,
        make: |f| contacts(f, "topics = [\"advice\"]", "topics = [\"consulr\"]"),
        at: "data/contacts.toml:5:11",
        message: "contact `hotline`: `consulr` is not a topic of the directory",
        hint: "did you mean `consular`?",
    },
    Mistake {
        name: "a misspelt kind",
        kiosk: false,
        make: |f| contacts(f, "kind = \"hotline\"", "kind = \"embasy\""),
        at: "data/contacts.toml:4:8",
        message: "`embasy` is not a kind of organisation the directory knows",
        hint: "did you mean `embassy`?",
    },
    Mistake {
        name: "a cited line past the end of the document",
        kiosk: false,
        make: |f| {
            f.write("sources/doc.txt", "one\ntwo\nthree\n");
            let site = f.read("site.toml");
            f.write(
                "site.toml",
                &format!("{site}\n[check]\nsources_dir = \"sources\"\n"),
            );
            edit(f, RU, "\"doc:1-2\"", "\"doc:2-99999\"");
        },
        at: "content/guides/russia/index.ru.md:5:17",
        message: "`doc:2-99999` cites lines the document does not have: it has 3 lines",
        hint: "like `\"doc:12\"` or `\"doc:12-15\"`",
    },
    Mistake {
        name: "cited lines backwards",
        kiosk: false,
        make: |f| edit(f, RU, "\"doc:1-2\"", "\"doc:5-2\""),
        at: "content/guides/russia/index.ru.md:5:17",
        message: "`5-2` is not a line or a range of lines",
        hint: "write the line numbers of the passage in the document",
    },
    Mistake {
        name: "a link to a heading that does not exist",
        kiosk: false,
        make: |f| edit(f, RU, "@/news/opened#top", "@/news/opened#no-such"),
        at: "content/guides/russia/index.ru.md:10:",
        message: "the link @/news/opened#no-such points to a heading that the ru page @/news/opened does not have",
        hint: "anchors come from the headings of the ru version of the page: `#top`",
    },
    Mistake {
        name: "an anchor copied from another language's page",
        kiosk: false,
        make: |f| {
            // The Russian news item's heading is Russian, so its anchor is too.
            edit(f, "content/news/opened/index.ru.md", "## Top", "## Открыто");
            edit(f, RU, "@/news/opened#top", "@/news/opened#открыто");
            edit(
                f,
                "content/guides/russia/index.ky.md",
                "@/news/opened#top",
                "@/news/opened#открыто",
            );
        },
        at: "content/guides/russia/index.ky.md:10:",
        message: "the link @/news/opened#открыто points to a heading that the ky page @/news/opened does not have",
        hint: "anchors come from the headings of the ky version of the page: `#top`",
    },
    Mistake {
        name: "a date written as text",
        kiosk: false,
        make: |f| ru_guide(f, "date = \"28.05.2025\"\n"),
        at: "content/guides/russia/index.ru.md:3:8",
        message: "`date` must be a date, not text in quotes",
        hint: "write `date = 2025-05-28` (year-month-day, without quotes)",
    },
    Mistake {
        name: "a number written as text",
        kiosk: false,
        make: |f| edit(f, RU, "weight = 1", "weight = \"11\""),
        at: "content/guides/russia/index.ru.md:3:10",
        message: "`weight` must be a whole number, not text in quotes",
        hint: "write `weight = 11`, without quotes",
    },
    Mistake {
        name: "a misspelt key",
        kiosk: false,
        make: |f| ru_guide(f, "descripton = \"Работа в России\"\n"),
        at: "content/guides/russia/index.ru.md:3:1",
        message: "`descripton` is not a key that can be used here",
        hint: "did you mean `description`?",
    },
    Mistake {
        name: "until outside [schedule]",
        kiosk: true,
        make: |f| {
            edit(
                f,
                "content/kiosk/hello/index.ru.md",
                "weight = 1\n",
                "weight = 1\nuntil = 2030-01-01\n",
            )
        },
        at: "content/kiosk/hello/index.ru.md:4:1",
        message: "`until` is not a key that can be used here",
        hint: "`until` belongs under `[schedule]`",
    },
    Mistake {
        name: "typographic quotes around a key",
        kiosk: false,
        make: |f| edit(f, RU, "title = \"Russia ru\"", "«title» = \"Russia ru\""),
        at: "content/guides/russia/index.ru.md:2:1",
        message: "typographic quotes («…», “…”) cannot start or end a key or a text",
        hint: "use straight double quotes around it",
    },
    Mistake {
        name: "typographic quotes around a text",
        kiosk: false,
        make: |f| edit(f, RU, "title = \"Russia ru\"", "title = “Россия”"),
        at: "content/guides/russia/index.ru.md:2:9",
        message: "typographic quotes («…», “…”) cannot start or end a key or a text",
        hint: "inside the text «…» are fine",
    },
    Mistake {
        name: "a contact id used twice",
        kiosk: false,
        make: |f| {
            let c = f.read("data/contacts.toml");
            f.write("data/contacts.toml", &format!("{c}\n{c}"));
        },
        at: "data/contacts.toml:",
        message: "the contact id `hotline` is used twice",
        hint: "every `[[org]]` needs its own id",
    },
    Mistake {
        name: "a country code in lower case",
        kiosk: false,
        make: |f| contacts(f, "countries = [\"*\"]", "countries = [\"ru\"]"),
        at: "data/contacts.toml:6:14",
        message: "contact `hotline`: `ru` is not a country code",
        hint: "write it in capitals: `RU`",
    },
    Mistake {
        name: "a guide's country in lower case",
        kiosk: false,
        make: |f| edit(f, RU, "country = \"RU\"", "country = \"ru\""),
        at: "content/guides/russia/index.ru.md:4:11",
        message: "`ru` is not a country code",
        hint: "write it in capitals: `RU`",
    },
    Mistake {
        name: "a phone number with spaces",
        kiosk: false,
        make: |f| contacts(f, "phone = \"1899\"", "phone = \"+996 555 000 000\""),
        at: "data/contacts.toml:7:10",
        message: "the phone number `+996 555 000 000` cannot be dialled from a phone abroad as written",
        hint: "write `phone = \"+996555000000\"`: digits only, without spaces or dashes",
    },
    Mistake {
        name: "a verified date in the future",
        kiosk: false,
        make: |f| contacts(f, "verified = 2026-11-01", "verified = 2099-01-01"),
        at: "data/contacts.toml:8:12",
        message: "`verified` is 2099-01-01, a day that has not come yet",
        hint: "today or earlier",
    },
    Mistake {
        name: "a verified date written as text",
        kiosk: false,
        make: |f| contacts(f, "verified = 2026-11-01", "verified = \"01.11.2026\""),
        at: "data/contacts.toml:8:12",
        message: "`verified` must be a date, not text in quotes",
        hint: "write `verified = 2026-11-01`",
    },
    Mistake {
        name: "a misspelt key in the contact directory",
        kiosk: false,
        make: |f| contacts(f, "phone = \"1899\"", "phon = \"1899\""),
        at: "data/contacts.toml:7:1",
        message: "`phon` is not a key that can be used here",
        hint: "did you mean `phone`?",
    },
    Mistake {
        name: "an alert without an end date",
        kiosk: true,
        make: |f| {
            edit(
                f,
                "content/kiosk/hello/index.ru.md",
                "weight = 1\n",
                "weight = 1\nalert = true\n",
            )
        },
        at: "content/kiosk/hello/index.ru.md:4:",
        message: "an alert has no end date",
        hint: "add the last day it is shown as `until = 2025-05-28` under `[schedule]`",
    },
    Mistake {
        name: "a kiosk id misspelt",
        kiosk: true,
        make: |f| {
            edit(
                f,
                "content/kiosk/night/index.ru.md",
                "kiosks = [\"land\"]",
                "kiosks = [\"lnad\"]",
            )
        },
        at: "content/kiosk/night/index.ru.md:4:",
        message: "`lnad` is not the id of a kiosk in site.toml",
        hint: "did you mean `land`?",
    },
    Mistake {
        name: "a contact id misspelt on a page",
        kiosk: false,
        make: |f| {
            edit(
                f,
                RU,
                "contacts = [\"hotline\"]",
                "contacts = [\"hotlien\"]",
            )
        },
        at: "content/guides/russia/index.ru.md:6:",
        message: "`hotlien` is not an organisation in data/contacts.toml",
        hint: "did you mean `hotline`?",
    },
    Mistake {
        name: "a source id misspelt",
        kiosk: false,
        make: |f| edit(f, RU, "\"doc:1-2\"", "\"dco:1-2\""),
        at: "content/guides/russia/index.ru.md:5:",
        message: "`dco` is not a document in data/sources.toml",
        hint: "write one of: `doc`",
    },
    Mistake {
        name: "a title missing in one language",
        kiosk: false,
        make: |f| edit(f, RU, "title = \"Russia ru\"\n", ""),
        at: "content/guides/russia/index.ru.md:1",
        message: "the front matter has no `title`",
        hint: "add a line `title = \"…\"`",
    },
    Mistake {
        name: "a key written twice",
        kiosk: false,
        make: |f| ru_guide(f, "title = \"Россия\"\n"),
        at: "content/guides/russia/index.ru.md:3:1",
        message: "`title` is written twice",
        hint: "keep one of the two lines",
    },
    Mistake {
        name: "a text whose closing quote is missing",
        kiosk: false,
        make: |f| edit(f, RU, "title = \"Russia ru\"", "title = \"Russia ru"),
        at: "content/guides/russia/index.ru.md:2:",
        message: "this text is not closed: its closing `\"` is missing",
        hint: "end the text with `\"` on the same line",
    },
    Mistake {
        name: "yes for true",
        kiosk: false,
        make: |f| ru_guide(f, "draft = \"no\"\n"),
        at: "content/guides/russia/index.ru.md:3:9",
        message: "`draft` must be true or false, not text in quotes",
        hint: "write `draft = true` or `draft = false`, without quotes",
    },
    Mistake {
        name: "one source written without a list",
        kiosk: false,
        make: |f| edit(f, RU, "sources = [\"doc:1-2\"]", "sources = \"doc:1-2\""),
        at: "content/guides/russia/index.ru.md:5:11",
        message: "`sources` must be a list, not text in quotes",
        hint: "write a list in square brackets: `sources = [\"doc:1-2\"]`",
    },
    Mistake {
        name: "a menu entry misspelt",
        kiosk: false,
        make: |f| edit(f, "site.toml", "menu = [\"guides\"", "menu = [\"gudies\""),
        at: "site.toml:6:",
        message: "menu: `gudies` is neither a folder under content/ nor `search`",
        hint: "did you mean `guides`?",
    },
    Mistake {
        name: "a link to a misspelt page",
        kiosk: false,
        make: |f| edit(f, RU, "@/guides/turkey", "@/guides/turkye"),
        at: "content/guides/russia/index.ru.md:10:",
        message: "the link `@/guides/turkye` points to a page that does not exist",
        hint: "did you mean `@/guides/turkey`?",
    },
    Mistake {
        name: "a link to a page that is still a draft",
        kiosk: false,
        make: |f| {
            f.write(
                "content/guides/germany/index.ru.md",
                "+++\ntitle = \"Германия\"\ndraft = true\n+++\nТекст.\n",
            );
            edit(f, RU, "@/guides/turkey", "@/guides/germany");
        },
        at: "content/guides/russia/index.ru.md:10:",
        message: "the page `@/guides/germany` is a draft (`draft = true`), so it is not published and the link to it from content/guides/russia/index.ru.md would break",
        hint: "remove this link from content/guides/russia/index.ru.md, or keep `guides/germany` published",
    },
    Mistake {
        name: "a topic nobody named",
        kiosk: false,
        make: |f| contacts(f, "topics = [\"advice\"]", "topics = [\"weather\"]"),
        at: "data/contacts.toml:5:11",
        message: "`weather` is not a topic of the directory",
        hint: "or, for a new topic, add `topic_weather = \"…\"`",
    },
    Mistake {
        name: "synonyms under a language the site does not have",
        kiosk: false,
        make: |f| {
            f.write(
                "data/synonyms.toml",
                "[[de]]\nwords = [\"Lohn\", \"Gehalt\"]\n",
            )
        },
        at: "data/synonyms.toml:1:3",
        message: "`de` is not a language of the site",
        hint: "`[[ky]]`, `[[ru]]`, `[[en]]`",
    },
    Mistake {
        name: "a group of synonyms with one word",
        kiosk: false,
        make: |f| f.write("data/synonyms.toml", "[[en]]\nwords = [\"wages\"]\n"),
        at: "data/synonyms.toml:2:1",
        message: "a group of synonyms needs at least two different words",
        hint: "like `words = [\"эмгек акы\", \"айлык\"]`",
    },
    Mistake {
        name: "a synonym in two groups",
        kiosk: false,
        make: |f| {
            f.write(
                "data/synonyms.toml",
                "[[en]]\nwords = [\"wages\", \"salary\"]\n\n[[en]]\nwords = [\"pay\", \"Wages\"]\n",
            )
        },
        at: "data/synonyms.toml:5:17",
        message: "`Wages` is already in the `en` group at line 2",
        hint: "merge the two groups into one, or remove `Wages` from this one",
    },
    Mistake {
        name: "a misspelt key in the synonyms",
        kiosk: false,
        make: |f| {
            f.write(
                "data/synonyms.toml",
                "[[en]]\nword = [\"wages\", \"salary\"]\n",
            )
        },
        at: "data/synonyms.toml:2:1",
        message: "`word` is not a key that can be used here",
        hint: "did you mean `words`?",
    },
    Mistake {
        name: "a page set as a draft that another page links to",
        kiosk: false,
        make: |f| {
            for l in ["ky", "ru", "en"] {
                let rel = format!("content/news/opened/index.{l}.md");
                edit(f, &rel, "+++\ntitle", "+++\ndraft = true\ntitle");
            }
        },
        at: "content/guides/russia/index.ru.md:10",
        message: "the page `@/news/opened` is a draft (`draft = true`), so it is not published and the link to it from content/guides/russia/index.ru.md would break",
        hint: "remove this link from content/guides/russia/index.ru.md, or keep `news/opened` published: take `draft = true` out of its files (content/news/opened/)",
    },
];

/// Builds a good site, makes the mistake, builds again: the build fails with exit code 1,
/// names the place, says what is wrong and what to write, and leaves the output as it was.
/// Returns the message's full text.
fn caught(m: &Mistake) -> String {
    let f = if m.kiosk {
        crate::kiosk::kiosk_fixture()
    } else {
        Fixture::new()
    };
    f.build_ok();
    let before = f.snapshot();
    (m.make)(&f);
    let out = f.build();
    let err = stderr(&out);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}: exit code 1; stderr:\n{err}",
        m.name
    );
    let block = error_blocks(&err)
        .into_iter()
        .find(|b| b.contains(m.message))
        .unwrap_or_else(|| panic!("{}: no error saying {:?}:\n{err}", m.name, m.message));
    assert!(
        block.contains(&format!("--> {}", m.at)),
        "{}: not at {}:\n{block}",
        m.name,
        m.at
    );
    let hint = block
        .lines()
        .find(|l| l.trim_start().starts_with("= hint: "))
        .unwrap_or_else(|| panic!("{}: no hint:\n{block}", m.name));
    assert!(
        hint.contains(m.hint),
        "{}: hint should say {:?}:\n{block}",
        m.name,
        m.hint
    );
    assert_eq!(
        f.snapshot(),
        before,
        "{}: a failed build changed the output",
        m.name
    );
    block
}

#[test]
fn every_mistake_is_caught_with_its_place_and_hint() {
    // One test over the table, so that a failure names the mistake and the rest still run.
    let failed: Vec<String> = MISTAKES
        .iter()
        .filter_map(|m| {
            std::panic::catch_unwind(|| caught(m)).err().map(|e| {
                e.downcast_ref::<String>()
                    .cloned()
                    .unwrap_or_else(|| m.name.to_string())
            })
        })
        .collect();
    assert!(
        failed.is_empty(),
        "{} of {} mistakes:\n{}",
        failed.len(),
        MISTAKES.len(),
        failed.join("\n\n")
    );
    assert!(MISTAKES.len() >= 30);
}

/// The messages an editor reads, word for word. Changing a message means changing this file,
/// which a reviewer then reads.
#[test]
fn message_wording_is_reviewed() {
    let chosen = [
        "a country the theme has no name for",
        "a misspelt topic",
        "a misspelt kind",
        "a cited line past the end of the document",
        "an anchor copied from another language's page",
        "a date written as text",
        "a number written as text",
        "a misspelt key",
        "until outside [schedule]",
        "typographic quotes around a key",
        "a phone number with spaces",
        "an alert without an end date",
        "a title missing in one language",
        "a group of synonyms with one word",
        "a synonym in two groups",
        "a page set as a draft that another page links to",
    ];
    let mut text = String::new();
    for name in chosen {
        let m = MISTAKES
            .iter()
            .find(|m| m.name == name)
            .expect("a mistake of the table");
        text.push_str(&format!("## {name}\n{}\n", caught(m)));
    }
    text.push_str(&crate::freshness::wording());
    let path = repo().join("tests/it/snapshots/messages.txt");
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::create_dir_all(path.parent().expect("folder")).expect("mkdir");
        std::fs::write(&path, &text).expect("write snapshot");
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        expected == text,
        "the messages changed; review them and run with UPDATE_SNAPSHOTS=1 to accept:\n{text}"
    );
}

/// A group of synonyms no page contains finds nothing: a warning (the build goes on) at the
/// group's line; a group with a word the pages use gives none.
#[test]
fn synonyms_no_page_uses_are_a_warning() {
    let f = Fixture::new();
    f.write(
        "data/synonyms.toml",
        "[[en]]\nwords = [\"hello\", \"hi\"]\n\n[[en]]\nwords = [\"weather\", \"forecast\"]\n",
    );
    let out = f.build_ok();
    let err = stderr(&out);
    assert_eq!(err.matches("--> data/synonyms.toml").count(), 1, "{err}");
    assert!(
        err.contains("warning: no `en` page uses any word of this group, so searching for them finds nothing\n --> data/synonyms.toml:5:1"),
        "{err}"
    );
    assert!(err.contains("= hint: add the word the pages use"), "{err}");
}

/// One mistake in the Russian original: one message, not also a warning on each translation.
#[test]
fn a_broken_original_gives_one_message() {
    let f = Fixture::new();
    edit(
        &f,
        "content/guides/turkey/index.ru.md",
        "title = \"Turkey ru\"",
        "title = \"Turkey ru",
    );
    let out = f.build();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert_eq!(err.matches("error: ").count(), 1, "{err}");
    assert_eq!(err.matches("warning: ").count(), 0, "{err}");
}

/// Every mistake of every file in one run.
#[test]
fn all_mistakes_come_in_one_run() {
    let f = Fixture::new();
    contacts(&f, "kind = \"hotline\"", "kind = \"embasy\"");
    edit(&f, RU, "weight = 1", "weight = \"11\"");
    edit(
        &f,
        "content/guides/russia/index.en.md",
        "@/news/opened#top",
        "@/news/opened#nope",
    );
    let out = f.build();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    let blocks = error_blocks(&err);
    for needle in ["embasy", "`weight` must be", "#nope"] {
        assert!(
            blocks.iter().any(|b| b.contains(needle)),
            "{needle}:\n{err}"
        );
    }
}

/// Several mistakes in one page's keys: all of them at once, not one per build.
#[test]
fn every_mistake_of_one_page_at_once() {
    let f = Fixture::new();
    ru_guide(&f, "slug = \"a b\"\noriginal = \"de\"\n");
    edit(&f, RU, "country = \"RU\"", "country = \"ru\"");
    let out = f.build();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    let blocks = error_blocks(&err);
    for (needle, at) in [
        ("cannot be part of a web address", ":3:"),
        ("`de` is not one of the site's languages", ":4:"),
        ("`ru` is not a country code", ":6:"),
    ] {
        assert!(
            blocks
                .iter()
                .any(|b| b.contains(needle) && b.contains(&format!("index.ru.md{at}"))),
            "{needle} at {at}:\n{err}"
        );
    }
}

/// Mistakes that are not mistakes: what TOML and the build accept must keep building.
#[test]
fn what_editors_may_write_still_builds() {
    let f = Fixture::new();
    // A byte-order mark (Notepad adds one), tabs between key and value, «» inside a text.
    let c = f.read("data/contacts.toml");
    f.write_bytes("data/contacts.toml", format!("\u{feff}{c}").as_bytes());
    edit(&f, RU, "weight = 1", "weight\t=\t1");
    edit(&f, RU, "title = \"Russia ru\"", "title = \"«Россия»\"");
    f.build_ok();
}

/// `sapar check --format json` carries the same message with its place and hint.
#[test]
fn check_json_has_place_message_and_hint() {
    let f = Fixture::new();
    contacts(&f, "topics = [\"advice\"]", "topics = [\"consulr\"]");
    let out = sapar()
        .args(["check", "--format", "json", "--root"])
        .arg(f.root())
        .output()
        .expect("run sapar");
    assert_eq!(out.status.code(), Some(1));
    let report: serde_json::Value =
        serde_json::from_slice(&out.stdout).expect("check --format json prints JSON");
    let e = &report["errors"][0];
    assert_eq!(e["file"], "data/contacts.toml");
    assert_eq!(e["line"], 5);
    assert_eq!(e["column"], 11);
    assert_eq!(e["severity"], "error");
    assert_eq!(
        e["message"],
        "contact `hotline`: `consulr` is not a topic of the directory"
    );
    assert_eq!(e["hint"], "did you mean `consular`?");
}

/// A document missing from `[check] sources_dir`: the build goes on (its lines cannot be
/// checked) and says which file it looked for.
#[test]
fn a_source_document_not_in_the_folder_is_named() {
    let f = Fixture::new();
    std::fs::create_dir_all(f.path("sources")).expect("mkdir");
    let site = f.read("site.toml");
    f.write(
        "site.toml",
        &format!("{site}\n[check]\nsources_dir = \"sources\"\n"),
    );
    let out = f.build_ok();
    let err = stderr(&out);
    assert!(
        err.contains("`doc`: the document `doc.txt` is not in sources")
            && err.contains("--> data/sources.toml:3:9")
            && err.contains("hint: write the document's file name as it is in that folder"),
        "{err}"
    );
}
