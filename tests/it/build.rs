//! The real binary on fixture sites: languages, fallback, links, aliases, outputs.

use crate::common::*;

#[test]
fn builds_every_language_with_root_chooser_sitemap_404_and_feeds() {
    let f = Fixture::new();
    let out = f.build_ok();
    let err = stderr(&out);
    assert!(err.contains("built "), "summary line missing: {err}");
    for l in ["ky", "ru", "en"] {
        assert!(
            f.path(&format!("public/{l}/index.html")).is_file(),
            "{l} home"
        );
        assert!(
            f.path(&format!("public/{l}/guides/russia/index.html"))
                .is_file()
        );
        assert!(f.path(&format!("public/{l}/404.html")).is_file());
        let feed = f.read(&format!("public/{l}/news/atom.xml"));
        assert!(
            feed.contains("<entry>") && feed.contains(&format!("/{l}/news/opened/")),
            "{feed}"
        );
    }
    let chooser = f.read("public/index.html");
    for l in ["ky", "ru", "en"] {
        assert!(
            chooser.contains(&format!("href=\"/{l}/\"")),
            "chooser links to /{l}/"
        );
    }
    assert!(
        !chooser.contains("<script"),
        "the chooser must work without JavaScript"
    );
    let sitemap = f.read("public/sitemap.xml");
    assert!(sitemap.contains("<loc>https://sapar.test/ru/guides/russia/</loc>"));
    assert!(
        sitemap.contains("hreflang=\"x-default\" href=\"https://sapar.test/ky/guides/russia/\"")
    );
    // A fallback page is not canonical, so it is not in the sitemap.
    assert!(!sitemap.contains("<loc>https://sapar.test/ky/guides/turkey/</loc>"));
    assert!(
        f.read("public/robots.txt")
            .contains("Sitemap: https://sapar.test/sitemap.xml")
    );
}

#[test]
fn contact_text_from_another_language_is_marked_with_its_language() {
    let f = Fixture::new();
    let data = f.read("data/contacts.toml");
    let without_ky_name = data.replacen("ky = \"Ысык линия\"\n", "", 1);
    assert_ne!(
        data, without_ky_name,
        "the fixture's hotline has a Kyrgyz name"
    );
    f.write("data/contacts.toml", &without_ky_name);
    f.build_ok();
    // The Russia guide lists the hotline under "where to get help".
    let ky = f.read("public/ky/guides/russia/index.html");
    assert!(ky.contains("<h3 lang=\"ru\">Горячая линия</h3>"), "{ky}");
    let ru = f.read("public/ru/guides/russia/index.html");
    assert!(
        ru.contains("<h3>Горячая линия</h3>"),
        "no lang in its own language"
    );
}

#[test]
fn missing_translation_falls_back_with_notice_and_canonical() {
    let f = Fixture::new();
    f.build_ok();
    let ky = f.read("public/ky/guides/turkey/index.html");
    assert!(
        ky.contains("Turkey ru"),
        "ky reader gets the Russian text (ky → ru)"
    );
    assert!(ky.contains("<html lang=\"ky\""));
    assert!(ky.contains("class=\"notice\""), "fallback notice shown");
    assert!(
        ky.contains("кыргызчага которула элек. Ал орус тилинде көрсөтүлдү."),
        "notice is in the reader's language, and names Russian the Kyrgyz way"
    );
    assert!(
        !ky.contains("Русский тилинде"),
        "not the language's own name inside a Kyrgyz sentence"
    );
    assert!(ky.contains("<link rel=\"canonical\" href=\"https://sapar.test/ru/guides/turkey/\">"));
    let en = f.read("public/en/guides/turkey/index.html");
    assert!(en.contains("Turkey en") && !en.contains("class=\"notice\""));
    // hreflang lists only the languages that exist, plus x-default.
    let ru = f.read("public/ru/guides/russia/index.html");
    for h in ["ky", "ru", "en", "x-default"] {
        assert!(
            ru.contains(&format!("hreflang=\"{h}\" href=")),
            "hreflang {h}"
        );
    }
    let ru_turkey = f.read("public/ru/guides/turkey/index.html");
    assert!(
        !ru_turkey.contains("hreflang=\"ky\" href="),
        "no ky alternate for a page without ky text"
    );
}

#[test]
fn internal_links_resolve_in_the_readers_language() {
    let f = Fixture::new();
    f.build_ok();
    let ru = f.read("public/ru/guides/russia/index.html");
    assert!(ru.contains("href=\"/ru/guides/turkey/\""), "{ru}");
    assert!(ru.contains("href=\"/ru/news/opened/#top\""));
    let ky = f.read("public/ky/guides/turkey/index.html");
    assert!(
        ky.contains("href=\"/ky/guides/russia/\""),
        "fallback text links to the reader's language"
    );
}

#[test]
fn aliases_redirect() {
    let f = Fixture::new();
    f.write(
        "content/guides/turkey/index.ru.md",
        "+++\ntitle = \"Turkey ru\"\naliases = [\"/ru/turkiya/\", \"/old/turkey.html\"]\n+++\nx\n",
    );
    f.build_ok();
    let r = f.read("public/ru/turkiya/index.html");
    assert!(
        r.contains("http-equiv=\"refresh\" content=\"0; url=/ru/guides/turkey/\""),
        "{r}"
    );
    assert!(
        f.read("public/old/turkey.html")
            .contains("/ru/guides/turkey/")
    );
}

#[test]
fn bom_and_crlf_are_accepted() {
    let f = Fixture::new();
    f.write_bytes(
        "content/guides/turkey/index.ky.md",
        "\u{feff}+++\r\ntitle = \"Түркия\"\r\ndate = 2025-05-28\r\n+++\r\n## Иш\r\n\r\nТекст.\r\n"
            .as_bytes(),
    );
    f.build_ok();
    let ky = f.read("public/ky/guides/turkey/index.html");
    assert!(ky.contains("<h1>Түркия</h1>"));
    assert!(ky.contains("<h2 id=\"иш\">Иш</h2>"));
    assert!(ky.contains("2025-жылдын 28-майы"), "Kyrgyz date format");
}

#[test]
fn raw_html_is_escaped_not_run() {
    let f = Fixture::new();
    f.write(
        "content/guides/turkey/index.en.md",
        "+++\ntitle = \"T\"\n+++\n<script>alert(1)</script>\n\nText <img src=x onerror=alert(1)>\n\n## H {onclick=alert(1)}\n",
    );
    f.build_ok();
    let en = f.read("public/en/guides/turkey/index.html");
    assert!(!en.contains("<script>alert"), "script ran");
    assert!(
        en.contains("&lt;script&gt;alert(1)&lt;&#x2F;script&gt;") || en.contains("&lt;script&gt;"),
        "{en}"
    );
    assert!(!en.contains("<img src=x"));
    assert!(!en.contains("onclick"));
}

#[test]
fn russian_dates_use_russian_month_names() {
    let f = Fixture::new();
    f.build_ok();
    assert!(
        f.read("public/ru/news/opened/index.html")
            .contains("28 мая 2025 г.")
    );
    assert!(
        f.read("public/en/news/opened/index.html")
            .contains("28 May 2025")
    );
}

#[test]
fn drafts_are_not_built_and_sources_and_contacts_render() {
    let f = Fixture::new();
    f.write(
        "content/guides/draft/index.ru.md",
        "+++\ntitle = \"D\"\ndraft = true\n+++\n",
    );
    f.build_ok();
    assert!(!f.path("public/ru/guides/draft").exists());
    let ru = f.read("public/ru/guides/russia/index.html");
    assert!(ru.contains("Документ, 2022 (строки 1-2)"), "sources list");
    assert!(ru.contains("href=\"tel:1899\""), "contact from data");
}

#[test]
fn a_new_language_needs_only_configuration() {
    let f = Fixture::new();
    let toml = SITE_TOML.replace(
        "[[sections]]\nname = \"guides\"",
        "[[languages]]\ncode = \"uz\"\nname = \"Oʻzbekcha\"\ntitle = \"Test uz\"\n\n[[sections]]\nname = \"guides\"",
    );
    f.write("site.toml", &toml);
    f.write(
        "content/guides/russia/index.uz.md",
        "+++\ntitle = \"Rossiya\"\n+++\nMehnat muhojirlari huquqlari.\n",
    );
    let out = f.build_ok();
    let err = stderr(&out);
    assert!(
        err.contains("uz.toml"),
        "warns that uz has no UI strings: {err}"
    );
    assert!(
        err.contains("search has no stemmer for `uz`"),
        "warns about the default analyzer: {err}"
    );
    let uz = f.read("public/uz/guides/russia/index.html");
    assert!(uz.contains("<html lang=\"uz\""));
    let found = sapar()
        .args(["search", "--json", "--lang", "uz", "--root"])
        .arg(f.root())
        .arg("MEHNAT")
        .output()
        .expect("run");
    let hits: Vec<serde_json::Value> = serde_json::from_slice(&found.stdout).expect("json");
    assert_eq!(
        hits.first().and_then(|h| h["url"].as_str()),
        Some("/uz/guides/russia/"),
        "lowercased default analysis finds it"
    );
}

#[test]
fn the_shipped_portal_builds_without_warnings() {
    // A copy, so that the test never writes into the repository; site.toml as shipped, with
    // the address given on the command line as a deployment may.
    let tmp = shipped_copy_as_is();
    let out_dir = tmp.path().join("public");
    let out = sapar()
        .args(["build", "--base-url", TEST_BASE_URL, "--root"])
        .arg(tmp.path())
        .output()
        .expect("run");
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(!err.contains("warning:"), "{err}");
    assert!(err.contains(", 0 warnings"), "{err}");
    for p in [
        "ky/index.html",
        "ru/guides/russia/index.html",
        "en/modules/money/index.html",
        "ky/legal-aid/index.html",
    ] {
        assert!(out_dir.join(p).is_file(), "{p}");
    }
}

#[test]
fn theme_menu_breadcrumbs_review_link_offline_page_and_precache_list() {
    let f = Fixture::new();
    f.build_ok();
    let ky = f.read("public/ky/guides/russia/index.html");
    assert!(
        ky.contains("<a href=\"/ky/guides/\" aria-current=\"true\">Өлкөлөр</a>"),
        "short menu label from menu_guides, section marked: {ky}"
    );
    assert!(
        ky.contains(
            "<li><a href=\"/ky/\">Башкы бет</a></li><li><a href=\"/ky/guides/\">Өлкөлөр</a></li>"
        ),
        "breadcrumbs start at home"
    );
    assert!(ky.contains("<a class=\"hotline\" href=\"tel:1899\">"));
    let en = f.read("public/en/guides/turkey/index.html");
    assert!(
        en.contains("class=\"notice review\"")
            && en.contains(
                "<a href=\"/ru/guides/turkey/\" hreflang=\"ru\">Read the original (Русский)</a>"
            ),
        "an unchecked translation links to its original: {en}"
    );
    assert!(
        en.contains("<meta property=\"og:locale:alternate\" content=\"ru\">"),
        "the locale of the other language with its own text (the fixture sets no locale)"
    );
    let offline = f.read("public/ru/offline/index.html");
    assert!(offline.contains("<meta name=\"robots\" content=\"noindex\">"));
    let list = f.read("public/sw-precache.js");
    for want in [
        "\"/ky/offline/\"",
        "\"/style.css\"",
        "\"/app.js\"",
        "\"version\"",
    ] {
        assert!(list.contains(want), "{want} in {list}");
    }
    assert!(
        !list.contains("\"/sw.js\""),
        "the worker does not cache itself"
    );
    assert!(f.path("public/sw.js").is_file() && f.path("public/manifest.webmanifest").is_file());
}

/// A site without home pages (like the bench corpus) has nothing at `/<lang>/`: the worker's
/// list must not name it, or the worker fails to install and keeps nothing for offline use.
#[test]
fn the_offline_list_names_only_pages_that_exist() {
    let f = Fixture::new();
    f.build_ok();
    assert!(f.read("public/sw-precache.js").contains("\"/ky/\""));
    for l in ["ky", "ru", "en"] {
        std::fs::remove_file(f.path(&format!("content/_index.{l}.md"))).unwrap();
    }
    f.build_ok();
    assert!(!f.path("public/ky/index.html").exists());
    let list = f.read("public/sw-precache.js");
    assert!(
        !list.contains("\"/ky/\"") && !list.contains("\"/en/\""),
        "{list}"
    );
    assert!(
        list.contains("\"/ky/offline/\"") && list.contains("\"/ky/guides/russia/\""),
        "{list}"
    );
}

/// Rebuilds reuse the output before last as their staging folder (overwriting files instead of
/// creating them); whatever the site no longer has must still be gone, exactly as if the output
/// had been built from nothing.
#[test]
fn rebuilds_end_up_exactly_like_a_fresh_build() {
    let f = Fixture::new();
    f.build_ok();
    f.build_ok();
    assert!(
        f.path(".public.previous/ru/news/opened/index.html")
            .exists()
    );
    // The news item goes, and Turkey gets an alias where a page used to be.
    std::fs::remove_dir_all(f.path("content/news/opened")).unwrap();
    for l in ["ky", "ru", "en"] {
        let rel = format!("content/guides/russia/index.{l}.md");
        f.write(
            &rel,
            &f.read(&rel).replace("[news](@/news/opened#top)", "news"),
        );
    }
    let turkey = f.read("content/guides/turkey/index.ru.md");
    f.write(
        "content/guides/turkey/index.ru.md",
        &turkey.replacen("+++\n", "+++\naliases = [\"/ru/news/opened/\"]\n", 1),
    );
    f.build_ok();
    f.build_ok();
    let fresh = Fixture::new();
    for rel in ["content", "site.toml", "themes", "data"] {
        let (from, to) = (f.path(rel), fresh.path(rel));
        let _ = std::fs::remove_dir_all(&to);
        if from.is_dir() {
            copy_dir(&from, &to);
        } else if from.exists() {
            std::fs::copy(&from, &to).unwrap();
        }
    }
    fresh.build_ok();
    let fresh_site = fresh;
    let tree = |fx: &Fixture| -> Vec<(String, Vec<u8>)> {
        let mut v: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(fx.path("public"))
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let rel = e.path().strip_prefix(fx.path("public")).unwrap();
                (rel.display().to_string(), std::fs::read(e.path()).unwrap())
            })
            .collect();
        v.sort();
        v
    };
    let (rebuilt, fresh) = (tree(&f), tree(&fresh_site));
    let names = |v: &[(String, Vec<u8>)]| v.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
    assert_eq!(names(&rebuilt), names(&fresh));
    assert!(rebuilt == fresh, "same files, different bytes");
    let redirect = f.read("public/ru/news/opened/index.html");
    assert!(
        redirect.contains("guides/turkey"),
        "the alias replaced the page: {redirect}"
    );
    let dirs = |fx: &Fixture| {
        let mut v: Vec<String> = walkdir::WalkDir::new(fx.path("public"))
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_dir())
            .map(|e| {
                e.path()
                    .strip_prefix(fx.path("public"))
                    .unwrap()
                    .display()
                    .to_string()
            })
            .collect();
        v.sort();
        v
    };
    assert_eq!(dirs(&f), dirs(&fresh_site));
}
