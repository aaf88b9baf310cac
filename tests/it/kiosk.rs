//! Kiosk screens, through the real binary: playlists, still frames, QR codes, the players, and
//! the errors editors get for slides and kiosk settings that cannot work.

use crate::common::*;

use serde_json::Value;

/// Three kiosks, one of each panel: landscape, portrait and an LED wall.
const KIOSKS: &str = r#"
[[sections]]
name = "kiosk"
kind = "kiosk"

[[kiosks]]
id = "land"
width = 1920
height = 1080
languages = ["ky", "ru", "en"]
slides = "all"
quiet = "23:00-06:00"
[kiosks.place]
ky = "Аэропорт"
ru = "Аэропорт"
en = "Airport"
[kiosks.city]
ky = "Бишкек"
ru = "Бишкек"
en = "Bishkek"

[[kiosks]]
id = "tall"
width = 1080
height = 1920
languages = ["ru", "en"]
slides = ["hello"]
[kiosks.place]
ru = "Вокзал"
en = "Station"
[kiosks.city]
ru = "Бишкек"
en = "Bishkek"

[[kiosks]]
id = "led"
width = 384
height = 192
languages = ["ky", "ru"]
[kiosks.place]
ky = "Баткен"
ru = "Баткен"
[kiosks.city]
ky = "Баткен"
ru = "Баткен"
"#;

pub fn slide(title: &str, extra: &str, body: &str) -> String {
    format!("+++\ntitle = \"{title}\"\n{extra}+++\n{body}\n")
}

/// The test fixture plus kiosks and three slides: `hello` everywhere, `night` on the landscape
/// kiosk only (no Kyrgyz text, a night window), and an expired alert.
pub fn kiosk_fixture() -> Fixture {
    let f = Fixture::new();
    f.write("site.toml", &format!("{SITE_TOML}{KIOSKS}"));
    for (l, t) in [
        ("ky", "Ысык линия 1899 ҢӨҮ"),
        ("ru", "Горячая линия 1899"),
        ("en", "Hotline 1899"),
    ] {
        f.write(
            &format!("content/kiosk/hello/index.{l}.md"),
            &slide(
                t,
                "weight = 1\nduration = 8\nlink = \"guides/russia\"\n",
                "Short text.",
            ),
        );
    }
    for (l, t) in [("ru", "Ночью"), ("en", "At night")] {
        f.write(
            &format!("content/kiosk/night/index.{l}.md"),
            &slide(
                t,
                "weight = 2\nkiosks = [\"land\"]\nlink = \"news/opened\"\n[schedule]\nweekdays = [\"fri\", \"sat\"]\ntimes = [\"22:00-02:00\"]\n",
                "- one\n- two",
            ),
        );
    }
    for (l, t) in [("ky", "Эскерткич"), ("ru", "Внимание"), ("en", "Alert")] {
        f.write(
            &format!("content/kiosk/old-alert/index.{l}.md"),
            &slide(
                t,
                "weight = 0\nalert = true\n[schedule]\nfrom = 2025-01-01\nuntil = 2025-01-02\n",
                "Expired.",
            ),
        );
    }
    f
}

fn playlist(f: &Fixture, id: &str) -> Value {
    serde_json::from_str(&f.read(&format!("public/kiosk/{id}/playlist.json"))).expect("json")
}

fn slide_ids(p: &Value) -> Vec<String> {
    p["slides"]
        .as_array()
        .expect("slides")
        .iter()
        .map(|s| s["id"].as_str().unwrap_or("").to_string())
        .collect()
}

fn decode_png(path: &std::path::Path) -> (u32, u32, Vec<u8>, png::ColorType) {
    let decoder = png::Decoder::new(std::io::BufReader::new(
        std::fs::File::open(path).expect("open png"),
    ));
    let mut reader = decoder.read_info().expect("png header");
    let mut buf = vec![0; reader.output_buffer_size().expect("size")];
    let info = reader.next_frame(&mut buf).expect("png frame");
    buf.truncate(info.buffer_size());
    (info.width, info.height, buf, info.color_type)
}

#[test]
fn playlist_describes_each_kiosks_loop() {
    let f = kiosk_fixture();
    let out = f.build_ok();
    assert!(stderr(&out).contains("kiosk frames"), "{}", stderr(&out));

    let land = playlist(&f, "land");
    let version = land["version"].as_str().expect("version");
    assert_eq!(version.len(), 32);
    assert!(version.bytes().all(|b| b.is_ascii_hexdigit()));
    assert_eq!(land["screen"]["width"], 1920);
    assert_eq!(land["screen"]["height"], 1080);
    assert_eq!(land["screen"]["panel"], "landscape");
    assert_eq!(land["languages"], serde_json::json!(["ky", "ru", "en"]));
    assert_eq!(land["hotline"], "1899");
    assert_eq!(land["quiet"], "23:00-06:00");
    // Alerts first (weight 0), then by weight; `night` has no Kyrgyz text so it plays in ru, en.
    assert_eq!(slide_ids(&land), vec!["old-alert", "hello", "night"]);
    let s = &land["slides"];
    assert_eq!(s[0]["alert"], true);
    assert_eq!(s[0]["schedule"]["until"], "2025-01-02");
    assert_eq!(s[1]["alert"], false);
    assert_eq!(s[1]["duration"], 8);
    assert_eq!(s[1]["schedule"], Value::Null);
    assert_eq!(s[2]["duration"], 10, "default duration");
    assert_eq!(
        s[2]["schedule"]["weekdays"],
        serde_json::json!(["fri", "sat"])
    );
    assert_eq!(
        s[2]["schedule"]["times"],
        serde_json::json!(["22:00-02:00"])
    );
    let frames = s[2]["frames"].as_array().expect("frames");
    let langs: Vec<&str> = frames.iter().filter_map(|x| x["lang"].as_str()).collect();
    assert_eq!(langs, vec!["ru", "en"]);
    assert_eq!(frames[0]["file"], "frames/night.ru.png");
    assert_eq!(frames[0]["qr"], "https://sapar.test/ru/news/opened/");
    for slide in s.as_array().expect("slides") {
        for fr in slide["frames"].as_array().expect("frames") {
            let file = fr["file"].as_str().expect("file");
            assert!(
                f.path(&format!("public/kiosk/land/{file}")).is_file(),
                "{file}"
            );
        }
    }

    // A kiosk's own selection; the alert still reaches it.
    assert_eq!(slide_ids(&playlist(&f, "tall")), vec!["old-alert", "hello"]);
    assert_eq!(slide_ids(&playlist(&f, "led")), vec!["old-alert", "hello"]);
    assert_eq!(playlist(&f, "led")["screen"]["panel"], "led");

    // The same content gives the same version; a changed slide a new one.
    f.build_ok();
    assert_eq!(playlist(&f, "land")["version"].as_str(), Some(version));
    f.write(
        "content/kiosk/hello/index.en.md",
        &slide(
            "Hotline 1899!",
            "weight = 1\nduration = 8\nlink = \"guides/russia\"\n",
            "Short text.",
        ),
    );
    f.build_ok();
    assert_ne!(playlist(&f, "land")["version"].as_str(), Some(version));
}

#[test]
fn frames_have_the_screen_size_and_are_not_blank() {
    let f = kiosk_fixture();
    f.build_ok();
    for (id, w, h) in [
        ("land", 1920, 1080),
        ("tall", 1080, 1920),
        ("led", 384, 192),
    ] {
        let p = playlist(&f, id);
        let mut n = 0;
        for slide in p["slides"].as_array().expect("slides") {
            for fr in slide["frames"].as_array().expect("frames") {
                let file = f.path(&format!(
                    "public/kiosk/{id}/{}",
                    fr["file"].as_str().expect("file")
                ));
                let (fw, fh, px, color) = decode_png(&file);
                assert_eq!((fw, fh), (w, h), "{}", file.display());
                assert_eq!(color, png::ColorType::Rgba);
                // Not blank: many pixels differ from the first, and there is text-white, the
                // hotline's yellow and the background.
                let first = &px[..4];
                let differing = px.chunks(4).filter(|c| *c != first).count();
                assert!(
                    differing > (w * h / 20) as usize,
                    "{} is nearly blank",
                    file.display()
                );
                let yellow = px.chunks(4).any(|c| c[0] > 240 && c[1] > 190 && c[2] < 100);
                let white = px.chunks(4).any(|c| c[0] > 250 && c[1] > 250 && c[2] > 250);
                assert!(yellow && white, "{}", file.display());
                n += 1;
            }
        }
        assert!(n >= 4, "{id}: {n} frames");
    }
}

#[test]
fn qr_codes_open_the_linked_page_in_the_frames_language() {
    let f = kiosk_fixture();
    f.build_ok();
    for (id, slide, lang, url) in [
        (
            "land",
            "hello",
            "ky",
            "https://sapar.test/ky/guides/russia/",
        ),
        (
            "land",
            "hello",
            "en",
            "https://sapar.test/en/guides/russia/",
        ),
        ("land", "night", "ru", "https://sapar.test/ru/news/opened/"),
        (
            "tall",
            "hello",
            "ru",
            "https://sapar.test/ru/guides/russia/",
        ),
        ("led", "hello", "ky", "https://sapar.test/ky/guides/russia/"),
        // The alert has no link: its QR code opens the home page of the language.
        ("land", "old-alert", "ru", "https://sapar.test/ru/"),
    ] {
        let path = f.path(&format!("public/kiosk/{id}/frames/{slide}.{lang}.png"));
        let img = image::open(&path).expect("image").to_luma8();
        let mut prepared = rqrr::PreparedImage::prepare(img);
        let grids = prepared.detect_grids();
        assert_eq!(grids.len(), 1, "{}: one QR code", path.display());
        let (_, content) = grids[0].decode().expect("decodes");
        assert_eq!(content, url, "{}", path.display());
    }
}

#[test]
fn player_is_one_self_contained_page() {
    let f = kiosk_fixture();
    f.build_ok();
    let html = f.read("public/kiosk/land/index.html");
    // Nothing to fetch: no src, no stylesheet or script files, no url(), no external fonts.
    for needle in [
        " src=",
        "<link rel=\"stylesheet",
        "url(",
        "@import",
        "@font-face",
    ] {
        assert!(!html.contains(needle), "player contains {needle}");
    }
    assert!(
        html.contains("<link rel=\"icon\" href=\"data:,\">"),
        "no favicon request"
    );
    assert_eq!(
        html.matches("<script").count(),
        2,
        "data and player, both inline"
    );
    // Frames are inline SVG with the QR codes; every frame shows the hotline.
    let frames = html.matches("<div class=\"frame\"").count();
    assert_eq!(
        frames,
        3 + 3 + 2,
        "alert ky/ru/en, hello ky/ru/en, night ru/en"
    );
    assert_eq!(html.matches("<svg").count(), frames);
    assert_eq!(html.matches("class=\"qr\"").count(), frames);
    assert_eq!(html.matches(">1899</text>").count(), frames);
    // Without JavaScript: the static screen with the hotline and the first regular slide.
    let stat = html
        .split("<div id=\"static\">")
        .nth(1)
        .and_then(|s| s.split("<div id=\"stage\" hidden>").next())
        .expect("static screen");
    for t in [
        "Ысык линия 1899 ҢӨҮ",
        "Горячая линия 1899",
        "Hotline 1899",
        "<b>1899</b>",
    ] {
        assert!(stat.contains(t), "static screen lacks {t}");
    }
    assert!(
        !stat.contains("Внимание"),
        "the static screen shows no alert"
    );
}

#[test]
fn editors_overview_lists_every_kiosk_with_previews() {
    let f = kiosk_fixture();
    f.build_ok();
    let html = f.read("public/kiosk/index.html");
    for id in ["land", "tall", "led"] {
        assert!(html.contains(&format!("id=\"{id}\"")), "{id}");
        assert!(html.contains(&format!("href=\"{id}/index.html\"")), "{id}");
        assert!(
            html.contains(&format!("<img src=\"{id}/frames/hello.ru.png\"")),
            "{id}"
        );
    }
    assert!(html.contains("1920×1080"));
    assert!(
        html.contains("class=\"slide expired alert\""),
        "the old alert is marked expired"
    );
}

/// Issue 24: the overview existed in Kyrgyz only (`/ru/kiosk/` was a 404) and showed a
/// schedule as the playlist's raw JSON.
#[test]
fn the_overview_is_in_every_language_with_schedules_in_words() {
    let f = kiosk_fixture();
    f.build_ok();
    let ru = f.read("public/ru/kiosk/index.html");
    assert!(ru.contains("<html lang=\"ru\">"), "{ru}");
    assert!(
        ru.contains("<h1>Экраны информационных киосков</h1>"),
        "{ru}"
    );
    assert!(
        ru.contains("по дням: пятница, суббота, в часы: 22:00–02:00"),
        "{ru}"
    );
    assert!(
        ru.contains("с 1 января 2025 г., по 2 января 2025 г."),
        "{ru}"
    );
    assert!(
        !ru.contains("weekdays") && !ru.contains("{"),
        "no JSON: {ru}"
    );
    assert!(
        ru.contains("<img src=\"../../kiosk/land/frames/hello.ru.png\""),
        "{ru}"
    );
    let en = f.read("public/en/kiosk/index.html");
    assert!(en.contains("on Friday, Saturday, at 22:00–02:00"), "{en}");
    let ky = f.read("public/kiosk/index.html");
    assert!(
        ky.contains("<html lang=\"ky\">") && ky.contains("жума, ишемби"),
        "{ky}"
    );
    assert!(f.read("public/robots.txt").contains("Disallow: /ru/kiosk/"));
    assert!(!f.read("public/sitemap.xml").contains("kiosk"));
}

/// Builds a good kiosk site, breaks it, and checks the error and that nothing changed.
fn fails(mutate: impl FnOnce(&Fixture), needles: &[&str]) -> String {
    let f = kiosk_fixture();
    f.build_ok();
    let before = f.snapshot();
    mutate(&f);
    let out = f.build();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "build should fail: {err}");
    assert!(!err.contains("panicked"), "{err}");
    let line = error_blocks(&err)
        .into_iter()
        .find(|b| needles.iter().all(|n| b.contains(n)))
        .unwrap_or_else(|| panic!("no error with {needles:?}:\n{err}"));
    assert_eq!(f.snapshot(), before, "a failed build changed the output");
    line.to_string()
}

#[test]
fn too_much_text_fails_the_build_naming_the_slide_and_kiosk() {
    let long = "Жазуу жүзүндөгү эмгек келишимин түзүңүз жана анын көчүрмөсүн сактаңыз. ".repeat(30);
    let line = fails(
        |f| {
            f.write(
                "content/kiosk/hello/index.ky.md",
                &slide(
                    "Ысык линия",
                    "weight = 1\nduration = 8\nlink = \"guides/russia\"\n",
                    &long,
                ),
            )
        },
        &[
            "content/kiosk/hello/index.ky.md",
            "kiosk land",
            "smallest readable size",
        ],
    );
    assert!(line.contains("1920×1080"), "{line}");
}

#[test]
fn a_headline_too_long_for_the_led_wall_names_it() {
    let title = "Чет өлкөгө иштегени барганда эмгек келишимин, паспортуңуздун көчүрмөсүн жана консулдуктун дарегин дайыма өзүңүз менен алып жүрүңүз. ".repeat(2);
    fails(
        |f| {
            f.write(
                "content/kiosk/hello/index.ky.md",
                &slide(
                    &title,
                    "weight = 1\nduration = 8\nlink = \"guides/russia\"\n",
                    "x",
                ),
            )
        },
        &["content/kiosk/hello/index.ky.md", "kiosk led", "384×192"],
    );
}

#[test]
fn bad_kiosk_config_names_key_and_line() {
    // `width` of the first kiosk is on line 60 of the combined site.toml.
    let line = fails(
        |f| {
            f.write(
                "site.toml",
                &format!(
                    "{SITE_TOML}{}",
                    KIOSKS.replacen("width = 1920", "width = 19", 1)
                ),
            )
        },
        &["site.toml:", "kiosks.width"],
    );
    let text = format!("{SITE_TOML}{KIOSKS}");
    let expected = text
        .lines()
        .position(|l| l == "width = 1920")
        .expect("line")
        + 1;
    assert!(line.contains(&format!("site.toml:{expected}:")), "{line}");

    let line = fails(
        |f| {
            f.write(
                "site.toml",
                &format!(
                    "{SITE_TOML}{}",
                    KIOSKS.replacen("quiet = \"23:00-06:00\"", "quiet = \"late\"", 1)
                ),
            )
        },
        &["site.toml:", "kiosks.quiet"],
    );
    let expected = text
        .lines()
        .position(|l| l.starts_with("quiet ="))
        .expect("line")
        + 1;
    assert!(line.contains(&format!("site.toml:{expected}:")), "{line}");

    fails(
        |f| {
            f.write(
                "site.toml",
                &format!(
                    "{SITE_TOML}{}",
                    KIOSKS.replacen("slides = \"all\"", "slides = \"all\"\ncolour = \"red\"", 1)
                ),
            )
        },
        &["site.toml:", "colour"],
    );
}

#[test]
fn slide_errors_name_file_line_and_key() {
    const HELLO: &str = "content/kiosk/hello/index.ru.md";
    // A QR link to a page that does not exist.
    fails(
        |f| {
            for l in ["ky", "ru", "en"] {
                f.write(
                    &format!("content/kiosk/hello/index.{l}.md"),
                    &slide(
                        "Горячая линия 1899",
                        "weight = 1\nduration = 8\nlink = \"guides/atlantis\"\n",
                        "x",
                    ),
                );
            }
        },
        &[
            "content/kiosk/hello/index.ky.md:5:",
            "key `link`",
            "guides/atlantis",
        ],
    );
    // A kiosk id that site.toml does not have.
    fails(
        |f| {
            f.write(
                HELLO,
                &slide("Горячая линия 1899", "kiosks = [\"land\", \"moon\"]\n", "x"),
            )
        },
        &[
            &format!("{HELLO}:3:"),
            "kiosks = [",
            "`moon` is not the id of a kiosk",
        ],
    );
    // A time window that is not one.
    fails(
        |f| {
            f.write(
                HELLO,
                &slide(
                    "Горячая линия 1899",
                    "[schedule]\ntimes = [\"25:00-26:00\"]\n",
                    "x",
                ),
            )
        },
        &[&format!("{HELLO}:4:"), "schedule.times"],
    );
    // An alert without an end would pre-empt every kiosk for ever.
    fails(
        |f| f.write(HELLO, &slide("Горячая линия 1899", "alert = true\n", "x")),
        &[
            &format!("{HELLO}:3:"),
            "alert = true",
            "an alert has no end date",
            "`until = 2025-05-28` under `[schedule]`",
        ],
    );
    // Translations that disagree on the settings.
    fails(
        |f| {
            f.write(
                HELLO,
                &slide(
                    "Горячая линия 1899",
                    "weight = 1\nduration = 20\nlink = \"guides/russia\"\n",
                    "x",
                ),
            )
        },
        &[&format!("{HELLO}:4:"), "key `duration`", "every language"],
    );
    // Kiosk keys outside the kiosk section.
    fails(
        |f| {
            f.write(
                "content/guides/russia/index.ru.md",
                &slide("Россия", "alert = true\n", "x"),
            )
        },
        &["content/guides/russia/index.ru.md:3:", "only kiosk slides"],
    );
}

#[test]
fn the_shipped_portal_has_nine_kiosks() {
    let tmp = shipped_copy();
    let out = sapar()
        .args(["build", "--root"])
        .arg(tmp.path())
        .output()
        .expect("run");
    assert!(out.status.success(), "{}", stderr(&out));
    let mut panels = std::collections::BTreeSet::new();
    let mut n = 0;
    for e in std::fs::read_dir(tmp.path().join("public/kiosk"))
        .expect("kiosk dir")
        .flatten()
    {
        if !e.path().is_dir() {
            continue;
        }
        n += 1;
        let p: Value = serde_json::from_str(
            &std::fs::read_to_string(e.path().join("playlist.json")).expect("playlist"),
        )
        .expect("json");
        panels.insert(p["screen"]["panel"].as_str().unwrap_or("").to_string());
        let ids = slide_ids(&p);
        assert!(ids.len() >= 9, "{}: {ids:?}", e.path().display());
        assert!(ids.contains(&"hotline-1899".to_string()));
        assert!(e.path().join("index.html").is_file());
    }
    assert_eq!(n, 9, "nine kiosks");
    assert_eq!(panels.len(), 3, "landscape, portrait and LED: {panels:?}");
}
