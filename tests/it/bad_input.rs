//! Bad input: each case must fail with an error naming the file (and line where there is one),
//! exit non-zero, and leave the previous output byte for byte as it was.

use crate::common::*;

/// Builds a good site, breaks it with `mutate`, builds again and checks the failure.
fn fails(mutate: impl FnOnce(&Fixture), file: &str, needle: &str) {
    fails_after(|_| {}, mutate, file, needle)
}

/// [`fails`] on the fixture changed by `setup` first (which must still build).
fn fails_after(
    setup: impl FnOnce(&Fixture),
    mutate: impl FnOnce(&Fixture),
    file: &str,
    needle: &str,
) {
    let f = Fixture::new();
    setup(&f);
    f.build_ok();
    let before = f.snapshot();
    assert!(!before.is_empty());
    let entries_before = f.root_entries();
    mutate(&f);
    let out = f.build();
    let err = stderr(&out);
    assert!(!out.status.success(), "build should fail; stderr:\n{err}");
    assert_eq!(
        out.status.code(),
        Some(1),
        "exit code 1 for build errors; stderr:\n{err}"
    );
    let line = error_blocks(&err)
        .into_iter()
        .find(|b| {
            b.lines().any(|l| {
                l.trim_start().starts_with("-->") && l.contains(file.trim_end_matches(':'))
            })
        })
        .unwrap_or_else(|| panic!("no error naming {file}:\n{err}"));
    assert!(
        line.contains(needle),
        "error should mention {needle:?}: {line}"
    );
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(f.snapshot(), before, "the previous output changed");
    let hidden = |v: Vec<String>| {
        v.into_iter()
            .filter(|e| e.starts_with('.'))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        hidden(f.root_entries()),
        hidden(entries_before),
        "a staging folder was left behind"
    );
}

const RU: &str = "content/guides/russia/index.ru.md";

fn page(extra: &str, body: &str) -> String {
    format!("+++\ntitle = \"Россия\"\n{extra}+++\n{body}")
}

#[test]
fn unknown_front_matter_key() {
    fails(
        |f| f.write(RU, &page("tilte = \"x\"\n", "")),
        &format!("{RU}:3:"),
        "tilte",
    );
}

#[test]
fn wrong_type_in_front_matter() {
    fails(
        |f| f.write(RU, &page("weight = \"heavy\"\n", "")),
        &format!("{RU}:3:"),
        "weight",
    );
}

#[test]
fn impossible_date() {
    fails(
        |f| f.write(RU, &page("date = 2025-02-30\n", "")),
        &format!("{RU}:3:"),
        "date",
    );
}

#[test]
fn date_written_as_text_is_a_wrong_type() {
    fails(
        |f| f.write(RU, &page("updated = \"yesterday\"\n", "")),
        &format!("{RU}:3:"),
        "updated",
    );
}

#[test]
fn language_the_site_does_not_have() {
    fails(
        |f| f.write("content/guides/russia/index.xx.md", &page("", "")),
        "index.xx.md",
        "`xx`",
    );
}

#[test]
fn original_language_the_site_does_not_have() {
    fails(
        |f| f.write(RU, &page("original = \"de\"\n", "")),
        &format!("{RU}:3:"),
        "original",
    );
}

#[test]
fn missing_front_matter() {
    fails(|f| f.write(RU, "# Россия\n"), &format!("{RU}:1:"), "+++");
}

#[test]
fn unclosed_front_matter() {
    fails(
        |f| f.write(RU, "+++\ntitle = \"Россия\"\n\nText\n"),
        &format!("{RU}:1:"),
        "never closed",
    );
}

#[test]
fn empty_file() {
    fails(|f| f.write(RU, ""), RU, "+++");
}

#[test]
fn empty_title() {
    fails(|f| f.write(RU, "+++\ntitle = \"  \"\n+++\n"), RU, "title");
}

#[test]
fn link_to_a_page_that_does_not_exist() {
    fails(
        |f| f.write(RU, &page("", "\nSee [x](@/guides/nowhere).\n")),
        &format!("{RU}:5:"),
        "@/guides/nowhere",
    );
}

#[test]
fn javascript_url() {
    fails(
        |f| f.write(RU, &page("", "[x](javascript:alert(1))\n")),
        &format!("{RU}:4:"),
        "not allowed",
    );
}

#[test]
fn alias_escaping_the_output() {
    fails(
        |f| f.write(RU, &page("aliases = [\"/../../etc/x\"]\n", "")),
        &format!("{RU}:3:"),
        "outside",
    );
}

#[test]
fn alias_replacing_a_page() {
    fails(
        |f| f.write(RU, &page("aliases = [\"/ru/guides/turkey/\"]\n", "")),
        &format!("{RU}:3:"),
        "alias",
    );
}

#[test]
fn invalid_utf8_in_content() {
    fails(
        |f| f.write_bytes(RU, b"+++\ntitle = \"x\"\n+++\nline\n\xff\xfe bad\n"),
        &format!("{RU}:5:"),
        "UTF-8",
    );
}

#[cfg(unix)]
#[test]
fn invalid_utf8_in_a_file_name() {
    use std::os::unix::ffi::OsStrExt;
    fails(
        |f| {
            let name = std::ffi::OsStr::from_bytes(b"bad\xffname");
            let dir = f.path("content/guides").join(name);
            std::fs::create_dir_all(&dir).expect("mkdir");
            std::fs::write(dir.join("index.ru.md"), page("", "")).expect("write");
        },
        "content/guides/bad",
        "UTF-8",
    );
}

#[test]
fn file_not_named_for_a_language() {
    fails(
        |f| f.write("content/guides/russia/page.md", &page("", "")),
        "page.md",
        "index.<lang>.md",
    );
}

#[test]
fn two_pages_claim_one_address() {
    fails(
        |f| f.write(RU, &page("slug = \"turkey\"\n", "")),
        "content/guides/",
        "also used by",
    );
}

#[test]
fn quiz_answer_out_of_range() {
    fails(
        |f| {
            f.write(
                RU,
                &page(
                    "[[quiz]]\nquestion = \"?\"\noptions = [\"a\", \"b\"]\nanswer = 3\n",
                    "",
                ),
            )
        },
        &format!("{RU}:3:"),
        "answer",
    );
}

#[test]
fn unknown_contact_reference() {
    fails(
        |f| f.write(RU, &page("contacts = [\"nobody\"]\n", "")),
        &format!("{RU}:3:"),
        "nobody",
    );
}

#[test]
fn unknown_source_reference() {
    fails(
        |f| f.write(RU, &page("sources = [\"nodoc:1-3\"]\n", "")),
        &format!("{RU}:3:"),
        "nodoc",
    );
}

#[test]
fn bad_country_code() {
    fails(
        |f| f.write(RU, &page("country = \"Russia\"\n", "")),
        &format!("{RU}:3:"),
        "country",
    );
}

#[test]
fn broken_site_toml() {
    fails(
        |f| f.write("site.toml", "base_url = \n"),
        "site.toml:1:",
        "",
    );
}

#[test]
fn site_toml_fallback_to_unknown_language() {
    fails(
        |f| {
            f.write(
                "site.toml",
                &SITE_TOML.replace(
                    "fallback = [\"ky\", \"ru\", \"en\"]",
                    "fallback = [\"ky\", \"de\"]",
                ),
            )
        },
        "site.toml:4:",
        "fallback",
    );
}

#[test]
fn site_toml_unknown_key() {
    fails(
        |f| f.write("site.toml", &format!("colour = \"red\"\n{SITE_TOML}")),
        "site.toml:1:",
        "colour",
    );
}

#[test]
fn site_toml_missing() {
    fails(
        |f| std::fs::remove_file(f.path("site.toml")).expect("rm"),
        "site.toml",
        "cannot read",
    );
}

#[test]
fn broken_template() {
    fails(
        |f| {
            f.write(
                "themes/portal/templates/guide.html",
                "{% extends \"page.html\" %}{% block before %}{{ page.title \n",
            )
        },
        "themes/portal/templates/guide.html",
        "guide.html",
    );
}

#[test]
fn template_using_a_missing_variable() {
    fails(
        |f| {
            f.write("themes/portal/templates/guide.html", "{% extends \"page.html\" %}{% block before %}{{ nothing.here }}{% endblock before %}")
        },
        "themes/portal/templates/guide.html",
        "content/guides/russia",
    );
}

#[test]
fn contact_phone_not_in_e164() {
    fails(
        |f| {
            let c = f
                .read("data/contacts.toml")
                .replace("phone = \"1899\"", "phone = \"0312 55-55\"");
            f.write("data/contacts.toml", &c);
        },
        "data/contacts.toml:7:",
        "cannot be dialled",
    );
}

#[test]
fn broken_contacts_file() {
    fails(
        |f| f.write("data/contacts.toml", "[[org]]\nid = \"a\"\nkind = \"x\"\n"),
        "data/contacts.toml",
        "",
    );
}

#[test]
fn broken_ui_strings() {
    fails(
        |f| f.write("themes/portal/i18n/ru.toml", "search = \n"),
        "themes/portal/i18n/ru.toml:1:",
        "",
    );
}

#[cfg(unix)]
#[test]
fn symlink_loop() {
    fails(
        |f| {
            std::os::unix::fs::symlink(f.path("content/guides"), f.path("content/guides/loop"))
                .expect("symlink")
        },
        "content/guides/loop",
        "loop",
    );
}

#[test]
fn all_errors_are_reported_together() {
    let f = Fixture::new();
    f.write(RU, &page("tilte = \"x\"\n", ""));
    f.write(
        "content/guides/russia/index.en.md",
        &page("", "[x](@/nowhere)\n"),
    );
    let out = f.build();
    let err = stderr(&out);
    assert!(
        err.contains("index.ru.md:3:") && err.contains("index.en.md:"),
        "{err}"
    );
    assert!(err.contains("build failed with 2 errors"), "{err}");
}

#[test]
fn front_matter_cut_off_inside_a_string() {
    fails(
        |f| f.write(RU, "+++\ntitle = \"x"),
        &format!("{RU}:1:"),
        "never closed",
    );
}

#[test]
fn toml_syntax_error_names_its_line_in_the_file() {
    // Line 5 of the file: `+++`, title, weight, description, then the broken line.
    fails(
        |f| {
            f.write(
                RU,
                &page(
                    "weight = 1\ndescription = \"d\"\nreviewed = tru\n",
                    "Text\n",
                ),
            )
        },
        &format!("{RU}:5:"),
        "reviewed",
    );
}

#[test]
fn unterminated_string_on_a_later_line() {
    fails(
        |f| {
            f.write(
                RU,
                &page(
                    "weight = 1\ndescription = \"never ends\ncountry = \"RU\"\n",
                    "",
                ),
            )
        },
        &format!("{RU}:4:"),
        "",
    );
}

#[test]
fn duplicate_key_in_front_matter() {
    fails(
        |f| f.write(RU, &page("weight = 1\ntitle = \"Again\"\n", "")),
        &format!("{RU}:4:"),
        "title",
    );
}

#[test]
fn number_too_large_for_weight() {
    fails(
        |f| f.write(RU, &page("weight = 99999999999999999999\n", "")),
        &format!("{RU}:3:"),
        "weight",
    );
}

#[test]
fn front_matter_without_a_title() {
    fails(|f| f.write(RU, "+++\nweight = 1\n+++\nText\n"), RU, "title");
}

#[test]
fn huge_markdown_file_is_refused_by_size() {
    fails(
        |f| {
            let mut text = page("", "");
            let para = "Мигрант должен зарегистрироваться в течение семи дней. ".repeat(20);
            while text.len() < 60 * 1024 * 1024 {
                text.push_str(&para);
                text.push_str("\n\n");
            }
            f.write(RU, &text);
        },
        RU,
        "at most 4.0 MB",
    );
}

#[test]
fn huge_data_file_is_refused_by_size() {
    fails(
        |f| {
            let mut text = f.read("data/contacts.toml");
            let comment = format!("# {}\n", "x".repeat(1000));
            while text.len() < 17 * 1024 * 1024 {
                text.push_str(&comment);
            }
            f.write("data/contacts.toml", &text);
        },
        "data/contacts.toml",
        "at most 16.0 MB",
    );
}

#[test]
fn file_of_only_whitespace() {
    fails(|f| f.write(RU, "  \n\n\t \n"), &format!("{RU}:1:"), "+++");
}

#[test]
fn file_of_only_a_byte_order_mark() {
    fails(|f| f.write(RU, "\u{feff}"), &format!("{RU}:1:"), "+++");
}

#[test]
fn nul_byte_in_the_body() {
    fails(
        |f| f.write_bytes(RU, page("", "line\nA\0B\n").as_bytes()),
        &format!("{RU}:5:"),
        "NUL",
    );
}

#[test]
fn nul_byte_in_front_matter() {
    fails(
        |f| f.write_bytes(RU, b"+++\ntitle = \"a\0b\"\n+++\n"),
        &format!("{RU}:2:"),
        "NUL",
    );
}

#[test]
fn file_saved_as_utf16() {
    fails(
        |f| {
            let mut bytes = vec![0xff, 0xfe];
            for u in page("", "Текст\n").encode_utf16() {
                bytes.extend_from_slice(&u.to_le_bytes());
            }
            f.write_bytes(RU, &bytes);
        },
        RU,
        "",
    );
}

#[test]
fn relative_link_escaping_the_site() {
    fails(
        |f| f.write(RU, &page("", "See [x](../../../../etc/passwd).\n")),
        &format!("{RU}:4:"),
        "climbs above",
    );
}

#[test]
fn internal_link_climbing_with_dots() {
    fails(
        |f| f.write(RU, &page("", "\nSee [x](@/../../x).\n")),
        &format!("{RU}:5:"),
        "`..`",
    );
}

#[test]
fn image_path_escaping_the_content_folder() {
    fails(
        |f| {
            f.write(
                RU,
                &page("", "![Карта](../../../../../content/secret.png)\n"),
            )
        },
        &format!("{RU}:4:"),
        "climbs above",
    );
}

#[test]
fn folder_where_a_page_file_belongs() {
    fails(
        |f| {
            std::fs::remove_file(f.path(RU)).expect("rm");
            std::fs::create_dir_all(f.path(RU)).expect("mkdir");
        },
        RU,
        "folder",
    );
}

#[test]
fn folder_name_with_a_space() {
    fails(
        |f| f.write("content/guides/bad name/index.ru.md", &page("", "")),
        "content/guides/bad name/index.ru.md",
        "bad name",
    );
}

#[test]
fn page_and_section_in_one_folder() {
    fails(
        |f| f.write("content/guides/russia/_index.ru.md", &page("", "")),
        "content/guides/russia/",
        "both",
    );
}

#[test]
fn broken_sources_file() {
    fails(
        |f| f.write("data/sources.toml", "[doc]\nfile = \"doc.txt\"\nyear = \n"),
        "data/sources.toml:3:",
        "",
    );
}

#[test]
fn data_file_with_a_wrong_type() {
    fails(
        |f| {
            let s = f
                .read("data/sources.toml")
                .replace("year = 2022", "year = \"last year\"");
            f.write("data/sources.toml", &s);
        },
        "data/sources.toml:4:",
        "",
    );
}

#[test]
fn contact_verified_date_written_as_text() {
    fails(
        |f| {
            let c = f
                .read("data/contacts.toml")
                .replace("verified = 2026-11-01", "verified = \"recently\"");
            f.write("data/contacts.toml", &c);
        },
        "data/contacts.toml:8:",
        "",
    );
}

#[test]
fn template_including_a_missing_partial() {
    fails(
        |f| {
            f.write(
                "themes/portal/templates/guide.html",
                "{% extends \"page.html\" %}{% block before %}{% include \"partials/nowhere.html\" %}{% endblock before %}",
            )
        },
        "themes/portal/templates/guide.html",
        "nowhere.html",
    );
}

/// A kiosk in the fixture's site.toml and one good slide in two languages.
fn with_kiosk(f: &Fixture) {
    f.write(
        "site.toml",
        &format!(
            "{SITE_TOML}\n[[sections]]\nname = \"kiosk\"\nkind = \"kiosk\"\n\n[[kiosks]]\nid = \"hall\"\nwidth = 1280\nheight = 720\nlanguages = [\"ru\", \"en\"]\n[kiosks.place]\nru = \"Зал\"\nen = \"Hall\"\n[kiosks.city]\nru = \"Бишкек\"\nen = \"Bishkek\"\n"
        ),
    );
    for (l, t) in [("ru", "Горячая линия 1899"), ("en", "Hotline 1899")] {
        f.write(
            &format!("content/kiosk/hotline/index.{l}.md"),
            &format!("+++\ntitle = \"{t}\"\nweight = 1\nduration = 8\nlink = \"guides/russia\"\n+++\nCall.\n"),
        );
    }
}

#[test]
fn kiosk_slide_shown_too_briefly() {
    const SLIDE: &str = "content/kiosk/hotline/index.ru.md";
    fails_after(
        with_kiosk,
        |f| {
            f.write(
                SLIDE,
                "+++\ntitle = \"Горячая линия 1899\"\nweight = 1\nduration = 1\nlink = \"guides/russia\"\n+++\nCall.\n",
            )
        },
        &format!("{SLIDE}:4:"),
        "duration",
    );
}

#[test]
fn kiosk_slide_linking_nowhere() {
    const SLIDE: &str = "content/kiosk/hotline/index.en.md";
    fails_after(
        with_kiosk,
        |f| {
            f.write(
                SLIDE,
                "+++\ntitle = \"Hotline 1899\"\nweight = 1\nduration = 8\nlink = \"../../etc\"\n+++\nCall.\n",
            )
        },
        &format!("{SLIDE}:5:"),
        "link",
    );
}

#[test]
fn two_pages_claim_one_alias() {
    fails(
        |f| {
            f.write(RU, &page("aliases = [\"/ru/old/\"]\n", ""));
            f.write(
                "content/guides/turkey/index.ru.md",
                "+++\ntitle = \"Турция\"\naliases = [\"/ru/old\"]\n+++\n",
            );
        },
        "content/guides/",
        "already an alias",
    );
}

#[test]
fn page_slug_taking_a_sections_address() {
    fails(
        |f| {
            f.write(
                "content/about/index.ru.md",
                &page("slug = \"guides\"\n", ""),
            )
        },
        "content/",
        "also used by",
    );
}

#[test]
fn a_broken_data_file_is_one_error_not_one_per_page() {
    let f = Fixture::new();
    f.write("data/contacts.toml", "[[org]]\nid = \n");
    f.write("data/sources.toml", "[doc]\nyear = \"x\"\n");
    let out = f.build();
    let err = stderr(&out);
    assert!(!out.status.success());
    assert!(
        !err.contains("is not an organisation") && !err.contains("is not a document"),
        "pages citing the broken files are not blamed:\n{err}"
    );
    assert!(err.contains("build failed with 2 errors;"), "{err}");
}
