//! `sapar new` for every kind of page, drafts, and example text left in a published page:
//! each kind is made in every language from that language's archetype, builds as a draft, and
//! nothing of a draft reaches the public build; a page published without being edited stops
//! the build at its first example line; `sapar check` names every missing translation.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::common::*;

const LANGS: [&str; 3] = ["ky", "ru", "en"];

/// The kinds, a name for each, and the folder the bundle lands in.
const KINDS: [(&str, &str, &str); 6] = [
    ("guide", "germany", "guides/germany"),
    ("module", "budgeting", "modules/budgeting"),
    ("news", "centre-opened", "news/centre-opened"),
    ("page", "about/partners", "about/partners"),
    ("slide", "winter-roads", "kiosk/winter-roads"),
    ("alert", "flood-warning", "kiosk/flood-warning"),
];

/// The fixture with a modules section, a kiosk section, one kiosk and a slide for it to play,
/// so that every kind has a home.
fn fixture() -> Fixture {
    let f = Fixture::new();
    for (l, t) in [("ky", "Салам"), ("ru", "Привет"), ("en", "Hello")] {
        f.write(
            &format!("content/kiosk/hello/index.{l}.md"),
            &format!("+++\ntitle = \"{t}\"\n+++\n{t}.\n"),
        );
    }
    f.write(
        "site.toml",
        &format!(
            "{SITE_TOML}\n[[sections]]\nname = \"modules\"\nkind = \"module\"\n\n[[sections]]\nname = \"kiosk\"\nkind = \"kiosk\"\n\n[[kiosks]]\nid = \"hall\"\nwidth = 1920\nheight = 1080\nlanguages = [\"ky\", \"ru\", \"en\"]\n[kiosks.place]\nky = \"Зал\"\nru = \"Зал\"\nen = \"Hall\"\n[kiosks.city]\nky = \"Бишкек\"\nru = \"Бишкек\"\nen = \"Bishkek\"\n"
        ),
    );
    f
}

fn new(root: &Path, kind: &str, path: &str) -> std::process::Output {
    sapar()
        .args(["new", "--root"])
        .arg(root)
        .args([kind, path])
        .output()
        .expect("run sapar new")
}

fn new_ok(root: &Path, kind: &str, path: &str) {
    let out = new(root, kind, path);
    assert!(out.status.success(), "{kind} {path}: {}", stderr(&out));
}

fn check(root: &Path, json: bool) -> (std::process::Output, String) {
    let mut cmd = sapar();
    cmd.args(["check", "--root"]).arg(root);
    if json {
        cmd.args(["--format", "json"]);
    }
    let out = cmd.output().expect("run check");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    (out, text)
}

fn build(root: &Path) -> std::process::Output {
    sapar()
        .args(["build", "--root"])
        .arg(root)
        .output()
        .expect("run build")
}

fn read(root: &Path, rel: &str) -> String {
    std::fs::read_to_string(root.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn write(root: &Path, rel: &str, text: &str) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

/// Every file under `dir` with its bytes.
fn files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().to_path_buf(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

/// The file with its `draft = true` line taken out, as an editor publishing it would.
fn undraft(root: &Path, rel: &str) {
    let t = read(root, rel);
    assert!(t.contains("\ndraft = true"), "{rel} is a draft:\n{t}");
    let kept: String = t
        .split_inclusive('\n')
        .filter(|l| !l.starts_with("draft = true"))
        .collect();
    write(root, rel, &kept);
}

/// The page as an editor finishes it: no draft line, every example value and the body replaced
/// with the page's own (a country code, option texts, a short kiosk text).
fn finish(root: &Path, rel: &str, lang: &str) {
    let t = read(root, rel);
    let (front, _) = t[4..].split_once("\n+++\n").expect("front matter");
    let mut out = String::from("+++\n");
    for (i, line) in front.lines().enumerate() {
        if line.starts_with("draft = true") {
            continue;
        }
        let own = if line.starts_with("country") {
            "country = \"DE\"".to_string()
        } else if line.starts_with("title") || line.starts_with("original") {
            line.to_string()
        } else {
            replace_quoted(line, &format!("Own {lang} {i}"))
        };
        out.push_str(&own);
        out.push('\n');
    }
    out.push_str(&format!("+++\nOwn text in {lang}.\n"));
    write(root, rel, &out);
}

/// `line` with the contents of each quoted string (before any comment) replaced by `with`.
fn replace_quoted(line: &str, with: &str) -> String {
    let code = line.split(" #").next().unwrap_or(line);
    let mut out = String::new();
    let mut inside = false;
    for c in code.chars() {
        if c == '"' {
            if inside {
                out.push_str(with);
            }
            inside = !inside;
            out.push(c);
        } else if !inside {
            out.push(c);
        }
    }
    out
}

#[test]
fn every_kind_is_made_as_a_draft_in_every_language_from_that_languages_archetype() {
    let f = fixture();
    for (kind, name, bundle) in KINDS {
        new_ok(f.root(), kind, name);
        let texts: Vec<String> = LANGS
            .iter()
            .map(|l| f.read(&format!("content/{bundle}/index.{l}.md")))
            .collect();
        for (l, t) in LANGS.iter().zip(&texts) {
            assert!(t.starts_with("+++\ntitle = \""), "{kind} {l}:\n{t}");
            assert!(t.contains("\ndraft = true"), "{kind} {l}");
            assert!(
                !t.contains('{'),
                "a placeholder was left in {kind} {l}:\n{t}"
            );
            assert!(t.contains("original = \"ky\""), "{kind} {l}");
            // Only translations wait for a native speaker's review.
            assert_eq!(t.contains("\nreviewed = false"), *l != "ky", "{kind} {l}");
            // The note for the theme's authors stays in the archetype.
            assert!(!t.contains("Archetype of"), "{kind} {l}");
        }
        // Each file speaks its own language: the Kyrgyz and Russian texts are not the English.
        let (ky, ru, en) = (&texts[0], &texts[1], &texts[2]);
        assert!(
            en.contains("\nWrite ") || en.contains("\nSay "),
            "{kind} en:\n{en}"
        );
        assert!(
            ru.contains("Напишите") || ru.contains("скажите"),
            "{kind} ru:\n{ru}"
        );
        assert!(ky.contains("жазыңыз"), "{kind} ky:\n{ky}");
        for t in [ky, ru] {
            assert!(!t.contains("Write ") && !t.contains("Say "), "{kind}:\n{t}");
        }
    }
    let alert = f.read("content/kiosk/flood-warning/index.ru.md");
    assert!(alert.contains("\nalert = true"), "{alert}");
    let from = alert.lines().find(|l| l.starts_with("from = ")).unwrap();
    let until = alert.lines().find(|l| l.starts_with("until = ")).unwrap();
    // Until the editor sets it, the alert ends on the day it was made.
    assert_eq!(from[7..17], until[8..18], "{alert}");
    assert!(alert.contains("[schedule]\nfrom"), "{alert}");
    assert!(
        until.contains("ПОСЛЕДНИЙ"),
        "the line says, in Russian, to set it: {until}"
    );

    // Drafts build and pass the check, and none of them is published.
    let out = f.build_ok();
    assert!(stderr(&out).contains("0 warnings"), "{}", stderr(&out));
    for (_, _, bundle) in KINDS {
        for l in LANGS {
            assert!(
                !f.path(&format!("public/{l}/{bundle}")).exists(),
                "{bundle}"
            );
        }
    }
    let (out, text) = check(f.root(), false);
    assert!(out.status.success(), "{text}");
    assert!(text.contains("0 errors, 0 warnings"), "{text}");
}

#[test]
fn each_kind_is_made_in_the_shipped_site_and_builds_as_a_draft() {
    let site = shipped_copy();
    let root = site.path();
    for (kind, name, bundle) in KINDS {
        new_ok(root, kind, name);
        for l in LANGS {
            assert!(
                root.join(format!("content/{bundle}/index.{l}.md"))
                    .is_file()
            );
        }
    }
    let out = build(root);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("0 warnings"), "{}", stderr(&out));
    let (out, text) = check(root, false);
    assert!(out.status.success(), "{text}");
    assert!(text.contains("0 errors, 0 warnings"), "{text}");
    // Published without editing, every file of every kind is refused, each once.
    let before = files(&root.join("public"));
    for (_, _, bundle) in KINDS {
        for l in LANGS {
            undraft(root, &format!("content/{bundle}/index.{l}.md"));
        }
    }
    let out = build(root);
    let err = stderr(&out);
    assert!(!out.status.success());
    assert!(err.contains("build failed with 18 errors"), "{err}");
    for (_, _, bundle) in KINDS {
        for l in LANGS {
            assert_eq!(
                err.matches(&format!("content/{bundle}/index.{l}.md:"))
                    .count(),
                1,
                "{bundle} {l}: {err}"
            );
        }
    }
    assert_eq!(before, files(&root.join("public")), "public/ is untouched");
}

#[test]
fn nothing_of_a_draft_is_public() {
    let f = fixture();
    f.build_ok();
    let before = files(&f.path("public"));

    // Every kind, as a draft with its own marked text, an old address, a picture and a link.
    for (kind, name, bundle) in KINDS {
        new_ok(f.root(), kind, name);
        for l in LANGS {
            let file = format!("content/{bundle}/index.{l}.md");
            let alias = if bundle.starts_with("kiosk/") {
                "link = \"guides/russia\"".to_string()
            } else {
                format!("aliases = [\"/{l}/old-zqdraft-{name}/\"]")
            };
            let t = f
                .read(&file)
                .replacen("original = ", &format!("{alias}\noriginal = "), 1);
            let t = t.replace(
                "\n+++\n",
                "\n+++\nZqdraft text [back](@/guides/russia).\n\n![Zqdraft picture](zqdraft.png)\n",
            );
            f.write(&file, &t);
            f.write(&format!("content/{bundle}/zqdraft.png"), "not a picture");
        }
    }
    let out = f.build_ok();
    let after = files(&f.path("public"));
    let changed: Vec<&PathBuf> = after
        .iter()
        .filter(|(p, b)| before.get(*p) != Some(*b))
        .map(|(p, _)| p)
        .chain(before.keys().filter(|p| !after.contains_key(*p)))
        .collect();
    assert!(
        changed.is_empty(),
        "drafts changed the public build: {changed:?}\n{}",
        stderr(&out)
    );
    for (p, bytes) in &after {
        let text = String::from_utf8_lossy(bytes).to_lowercase();
        assert!(!text.contains("zqdraft"), "{}", p.display());
        assert!(!p.to_string_lossy().contains("zqdraft"), "{}", p.display());
    }
    let search = sapar()
        .args(["search", "--root"])
        .arg(f.root())
        .arg("zqdraft")
        .output()
        .expect("search");
    assert!(
        String::from_utf8_lossy(&search.stdout).contains("no results"),
        "{}",
        String::from_utf8_lossy(&search.stdout)
    );

    // A draft translation of a published page: its readers get the fallback, never the draft.
    f.write(
        "content/guides/russia/index.en.md",
        "+++\ntitle = \"Zqdraft Russia\"\ndraft = true\naliases = [\"/en/zqdraft-old/\"]\n+++\nZqdraft text.\n",
    );
    f.build_ok();
    let en = f.read("public/en/guides/russia/index.html");
    assert!(en.contains("Russia ru"), "en readers see the ru version");
    for (p, bytes) in files(&f.path("public")) {
        let text = String::from_utf8_lossy(&bytes).to_lowercase();
        assert!(!text.contains("zqdraft"), "{}", p.display());
    }
    assert!(!f.path("public/en/zqdraft-old").exists());
}

#[test]
fn a_new_page_published_without_editing_stops_at_its_first_example_line() {
    let f = fixture();
    f.build_ok();
    let before = f.snapshot();
    new_ok(f.root(), "guide", "germany");
    undraft(f.root(), "content/guides/germany/index.ky.md");
    let out = f.build();
    let err = stderr(&out);
    assert!(!out.status.success());
    // The other languages are still drafts: one file, one message.
    assert!(err.contains("build failed with 1 error;"), "{err}");
    assert!(
        err.contains("error: the value of `description` is still the example text of a new page, as are lines 5, 11, 12, 14, 16, 17, 19, 20"),
        "{err}"
    );
    assert!(
        err.contains("--> content/guides/germany/index.ky.md:3:16"),
        "{err}"
    );
    assert!(
        err.contains("= hint: replace the example text with this page's own text, or put back `draft = true` to keep the page unpublished until it is ready"),
        "{err}"
    );
    assert_eq!(before, f.snapshot(), "a failed build changes nothing");
    // `sapar check` says the same.
    let (out, text) = check(f.root(), false);
    assert!(!out.status.success());
    assert!(
        text.contains("--> content/guides/germany/index.ky.md:3:16"),
        "{text}"
    );

    // The case: only the draft line and the description edited, country still "XX".
    let t = f.read("content/guides/germany/index.ky.md");
    let desc = t.lines().nth(2).unwrap().to_string();
    f.write(
        "content/guides/germany/index.ky.md",
        &t.replace(&desc, "description = \"Германияда иштөө.\""),
    );
    let err = stderr(&f.build());
    assert!(
        err.contains("error: the value of `country` is still the example text of a new page, as are lines 11, 12, 14, 16, 17, 19, 20"),
        "{err}"
    );
    assert!(
        err.contains("--> content/guides/germany/index.ky.md:5:12"),
        "{err}"
    );
    assert!(err.contains("5 | country = \"XX\""), "{err}");

    // An alert has no description: its first example is the body.
    new_ok(f.root(), "alert", "flood-warning");
    undraft(f.root(), "content/kiosk/flood-warning/index.en.md");
    let err = stderr(&f.build());
    let body_line = f
        .read("content/kiosk/flood-warning/index.en.md")
        .lines()
        .position(|l| l.starts_with("Say in one or two short sentences"))
        .unwrap()
        + 1;
    assert!(
        err.contains(&format!(
            "error: this line is still the example text of a new page\n  --> content/kiosk/flood-warning/index.en.md:{body_line}:1"
        )),
        "{err}"
    );
}

#[test]
fn instruction_text_pasted_into_any_published_page_is_refused() {
    let f = fixture();
    // Copied from a Russian archetype into an existing English page, indented.
    f.write(
        "content/guides/russia/index.en.md",
        "+++\ntitle = \"Russia en\"\ncountry = \"RU\"\n+++\n## Work\n\n  Пишите только то, что говорят источники, и перечислите их в `sources` выше. Если источники ничего\n",
    );
    let out = f.build();
    let err = stderr(&out);
    assert!(!out.status.success());
    assert!(
        err.contains("this line is still the example text of a new page\n --> content/guides/russia/index.en.md:7:3"),
        "{err}"
    );
    // Own words on the same subject are fine.
    f.write(
        "content/guides/russia/index.en.md",
        "+++\ntitle = \"Russia en\"\ncountry = \"RU\"\n+++\n## Work\n\nWrite to the centre before you go: it answers in Russian and Kyrgyz.\n",
    );
    f.build_ok();
}

#[test]
fn every_kind_publishes_once_edited() {
    let f = fixture();
    // A guide for a country new to the portal: its name goes into the theme first, as the
    // build's hint says (the build refuses a country the theme has no name for).
    for (l, name) in [("ky", "Германия"), ("ru", "Германия"), ("en", "Germany")] {
        let file = format!("themes/portal/i18n/{l}.toml");
        let t = f.read(&file);
        f.write(&file, &format!("{t}country_DE = \"{name}\"\n"));
    }
    for (kind, name, bundle) in KINDS {
        new_ok(f.root(), kind, name);
        for l in LANGS {
            finish(f.root(), &format!("content/{bundle}/index.{l}.md"), l);
        }
    }
    let out = f.build_ok();
    assert!(stderr(&out).contains("0 warnings"), "{}", stderr(&out));
    for (kind, _, bundle) in KINDS {
        if kind == "slide" || kind == "alert" {
            continue;
        }
        for l in LANGS {
            let html = f.read(&format!("public/{l}/{bundle}/index.html"));
            assert!(html.contains(&format!("Own text in {l}.")), "{bundle} {l}");
        }
    }
    let guide = f.read("public/ru/guides/germany/index.html");
    assert!(guide.contains("Own ru"), "the quick fact is shown");
    let playlist = f.read("public/kiosk/hall/playlist.json");
    let playlist: serde_json::Value = serde_json::from_str(&playlist).unwrap();
    let slides = playlist["slides"].as_array().expect("slides");
    let names: Vec<String> = slides.iter().map(|s| s.to_string()).collect();
    assert!(
        names.iter().any(|s| s.contains("winter-roads")),
        "{names:?}"
    );
    let alert = slides
        .iter()
        .find(|s| s.to_string().contains("flood-warning"))
        .expect("the alert plays");
    assert_eq!(alert["alert"], serde_json::Value::Bool(true), "{alert}");
    let (out, text) = check(f.root(), false);
    assert!(out.status.success(), "{text}");
}

#[test]
fn check_names_every_missing_translation_and_what_its_readers_see() {
    let f = fixture();
    // turkey has no ky file; russia's en is a draft; a slide lacks en; a guide exists only in en.
    f.write(
        "content/guides/russia/index.en.md",
        "+++\ntitle = \"Russia en\"\ndraft = true\n+++\n",
    );
    std::fs::remove_file(f.path("content/kiosk/hello/index.en.md")).unwrap();
    f.write(
        "content/guides/kenya/index.en.md",
        "+++\ntitle = \"Kenya\"\n+++\nText.\n",
    );
    let (out, text) = check(f.root(), false);
    assert!(out.status.success(), "{text}");
    let expected = [
        "content/guides/kenya/index.ky.md is missing: readers of ky see the en version",
        "content/guides/kenya/index.ru.md is missing: readers of ru see the en version",
        "content/guides/russia/index.en.md is a draft: readers of en see the ru version",
        "content/guides/turkey/index.ky.md is missing: readers of ky see the ru version",
        "content/kiosk/hello/index.en.md is missing: kiosks show this slide only in ky, ru",
    ];
    let listed: Vec<&str> = text
        .split("Missing translations (5):\n")
        .nth(1)
        .unwrap_or_else(|| panic!("{text}"))
        .lines()
        .take(5)
        .map(str::trim)
        .collect();
    assert_eq!(listed, expected, "{text}");

    let (_, json) = check(f.root(), true);
    let report: serde_json::Value = serde_json::from_str(&json).unwrap();
    let missing = report["missing_translations"].as_array().expect("list");
    assert_eq!(missing.len(), 5, "{json}");
    let turkey = &missing[3];
    assert_eq!(turkey["file"], "content/guides/turkey/index.ky.md");
    assert_eq!(turkey["lang"], "ky");
    assert_eq!(turkey["shown_in"], "ru");
    assert_eq!(turkey["draft"], false);
    assert_eq!(turkey["message"], expected[3]);
    assert_eq!(missing[2]["draft"], true);
    assert_eq!(missing[4]["shown_in"], serde_json::Value::Null);
}

#[test]
fn check_lists_no_missing_translations_for_a_file_that_failed_to_load() {
    let f = fixture();
    // Its error says what is wrong; "missing" would be a second message for one mistake.
    f.write(
        "content/guides/turkey/index.ky.md",
        "+++\ntitle = \"Түркия\"\ntilte = \"x\"\n+++\n",
    );
    let (out, text) = check(f.root(), true);
    assert!(!out.status.success());
    let report: serde_json::Value = serde_json::from_str(&text).unwrap();
    // A failed load stops check before coverage; either way turkey's ky is not "missing".
    let missing = report["missing_translations"].as_array();
    assert!(
        missing.is_none_or(|m| m
            .iter()
            .all(|x| x["file"] != "content/guides/turkey/index.ky.md")),
        "{text}"
    );
}

#[test]
fn new_refuses_what_it_cannot_make_and_writes_nothing() {
    let f = fixture();
    let cases = [
        (
            "recipe",
            "x",
            "unknown kind `recipe`: the kinds are guide, module, news, page, slide and alert",
        ),
        ("guide", "../escape", "`..` cannot be part of a web address"),
        (
            "guide",
            "Germany",
            "`Germany` cannot be part of a web address",
        ),
        (
            "guide",
            "news/germany",
            "a guide lives in content/guides/: give just its name",
        ),
        ("page", "partners", "a page needs its section too"),
        (
            "page",
            "guides/germany",
            "content/guides/ holds country guides, not plain pages",
        ),
        (
            "page",
            "kiosk/x",
            "content/kiosk/ holds kiosk slides, not plain pages",
        ),
    ];
    let before = files(&f.path("content"));
    for (kind, path, message) in cases {
        let out = new(f.root(), kind, path);
        assert!(!out.status.success(), "{kind} {path}");
        assert!(
            stderr(&out).contains(message),
            "{kind} {path}: {}",
            stderr(&out)
        );
        assert!(stderr(&out).contains("= hint: "), "{}", stderr(&out));
    }
    assert!(
        stderr(&new(f.root(), "page", "guides/germany"))
            .contains("make it with: sapar new guide germany")
    );
    assert_eq!(before, files(&f.path("content")));

    // A site without a kiosk section has nowhere for a slide.
    let plain = Fixture::new();
    let err = stderr(&new(plain.root(), "alert", "flood"));
    assert!(
        err.contains(
            "site.toml has no section of kind `kiosk`, so there is nowhere to put an alert"
        ),
        "{err}"
    );

    // Once made, a bundle is never overwritten.
    new_ok(f.root(), "guide", "germany");
    let out = new(f.root(), "guide", "germany");
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("content/guides/germany/index.ky.md"),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("already exists; nothing was written"));

    // A theme without the archetype says which file it needs, and writes nothing.
    std::fs::remove_file(f.path("themes/portal/archetypes/news.md")).unwrap();
    let out = new(f.root(), "news", "later");
    let err = stderr(&out);
    assert!(!out.status.success());
    assert!(err.contains("themes/portal/archetypes/news.md"), "{err}");
    assert!(
        !f.path("content/news/later").exists(),
        "nothing was written"
    );
}

#[test]
fn help_lists_every_kind() {
    let out = sapar().args(["new", "--help"]).output().expect("help");
    let help = String::from_utf8_lossy(&out.stdout);
    for (kind, _, _) in KINDS {
        assert!(help.contains(kind), "{kind}: {help}");
    }
    assert!(help.contains("[OPTIONS] <KIND> <PATH>"), "{help}");
}

/// The shipped archetypes: one per kind and language, valid front matter once filled in, the
/// same keys in every language, and no invented facts.
#[test]
fn shipped_archetypes_agree_across_languages_and_invent_nothing() {
    let dir = repo().join("themes/portal/archetypes");
    for (kind, _, _) in KINDS {
        let mut keys_of = BTreeMap::new();
        for (lang, file) in [
            ("en", format!("{kind}.md")),
            ("ky", format!("{kind}.ky.md")),
            ("ru", format!("{kind}.ru.md")),
        ] {
            let text = std::fs::read_to_string(dir.join(&file)).unwrap();
            if lang != "en" {
                assert!(
                    text.contains("TO BE REVIEWED BY A NATIVE SPEAKER"),
                    "{file}"
                );
            }
            let text = &text[text.find("+++\n").unwrap()..];
            let filled = text
                .replace("{title}", "T")
                .replace("{date}", "2025-05-28")
                .replace("{original}", "ky");
            let front = filled[4..].split_once("\n+++\n").unwrap().0;
            let value: toml::Table =
                toml::from_str(front).unwrap_or_else(|e| panic!("{file}: {e}"));
            assert_eq!(value["draft"].as_bool(), Some(true), "{file}");
            let keys: Vec<String> = value.keys().cloned().collect();
            // Everything but the texts agrees: kiosks need equal settings in every language.
            let settings: Vec<String> = value
                .iter()
                .filter(|(_, v)| !v.is_str() && !v.is_array() && !v.is_table())
                .map(|(k, v)| format!("{k}={v}"))
                .collect();
            keys_of.insert(lang, (keys, settings));
            for bad in ["http", "www.", "@", "1899", "+996", ".kg", ".ru"] {
                assert!(!filled.contains(bad), "{file} contains {bad}");
            }
        }
        assert_eq!(keys_of["en"], keys_of["ky"], "{kind}");
        assert_eq!(keys_of["en"], keys_of["ru"], "{kind}");
    }
}
