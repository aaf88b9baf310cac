//! The editors' overview, `public/<lang>/kiosk/index.html` in every language (and
//! `public/kiosk/index.html` in the site's default one): every kiosk with its slides' frames and
//! where each slide stands today (playing, scheduled, expired) and when it plays, in words, so
//! that editors see what each screen will show before it goes out. The page is the theme's
//! `kiosk-overview.html`.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

use super::files::KioskCtx;
use super::frame::LED_MAX_SHORT_SIDE;
use super::frame_file;
use crate::diag::Diagnostic;
use crate::model::config::{Config, Kiosk};
use crate::model::schedule::{LocalTime, Schedule, WEEKDAYS};
use crate::model::strings::Strings;
use crate::render::Theme;

/// The overview's template in the theme.
pub(super) const TEMPLATE: &str = "kiosk-overview.html";

/// Its stylesheet. /kiosk/ is served under the kiosk players' policy, which allows inline
/// styles only; /<lang>/kiosk/ under the portal's, which allows only files: the page of
/// /kiosk/ carries it inline, the others link this file.
pub(super) const STYLE_PATH: &str = "kiosk/overview.css";

pub(super) const STYLE: &str = "body{font-family:system-ui,\"DejaVu Sans\",sans-serif;margin:1.5rem;color:#111;background:#f4f6f8}
h1{margin-top:0} h2 small{color:#666;font-weight:normal;font-size:.7em}
.kiosk{background:#fff;padding:1rem;margin-bottom:1.5rem;border-radius:6px}
.slides{display:flex;flex-wrap:wrap;gap:1rem}
figure{margin:0;padding:.5rem;border:2px solid #cfd8df;border-radius:4px;max-width:100%}
figure.alert{border-color:#9b1111} figure.expired{opacity:.55}
figcaption{font-size:.85rem;margin-bottom:.4rem}
figure img{display:inline-block;margin-right:.3rem;border:1px solid #999;height:auto;max-width:100%}
";

/// Where a slide stands today on a kiosk, for editors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Status {
    Playing,
    Scheduled,
    Expired,
}

/// A slide as the overview shows it on one kiosk.
pub(crate) struct SlideSummary {
    pub(crate) id: String,
    pub(crate) alert: bool,
    pub(crate) duration: u32,
    pub(crate) status: Status,
    /// When it plays (empty: always).
    pub(crate) schedule: Schedule,
    pub(crate) title_px: f32,
    pub(crate) body_px: f32,
    /// (language, frame path relative to public/kiosk/).
    pub(crate) frames: Vec<(String, String)>,
}

/// A kiosk as the overview shows it.
pub(crate) struct KioskSummary {
    /// Its settings as site.toml gives them.
    pub(crate) kiosk: Kiosk,
    pub(crate) version: String,
    pub(crate) slides: Vec<SlideSummary>,
}

/// What the editors' overview shows of a kiosk: its settings and, per slide, whether it plays
/// now on the build machine's clock (in the kiosk's time zone), its fitted font sizes and
/// frames.
pub(super) fn summary(ctx: &KioskCtx<'_>, playlist: &Value) -> KioskSummary {
    let k = ctx.kiosk;
    let now = LocalTime::from_unix_ms(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_millis() as i64)
            .unwrap_or(0),
        k.utc_offset_minutes,
    );
    let choice = ctx.timetable.choose(now.wall_minute());
    let slides = ctx
        .plan
        .slides
        .iter()
        .enumerate()
        .map(|(i, (si, langs))| {
            let s = &ctx.shared.slides[*si];
            let status = if choice.slides.contains(&i) {
                Status::Playing
            } else if s.schedule.expired_before(now.date) {
                Status::Expired
            } else {
                Status::Scheduled
            };
            let sizes = langs
                .first()
                .and_then(|l| ctx.frame(*si, l))
                .map(|r| (r.title_px, r.body_px))
                .unwrap_or((0.0, 0.0));
            SlideSummary {
                id: s.name.clone(),
                alert: s.alert,
                duration: s.duration,
                status,
                schedule: s.schedule.clone(),
                title_px: sizes.0,
                body_px: sizes.1,
                frames: langs
                    .iter()
                    .map(|l| (l.clone(), format!("{}/{}", k.id, frame_file(&s.name, l))))
                    .collect(),
            }
        })
        .collect();
    KioskSummary {
        kiosk: k.clone(),
        version: playlist["version"].as_str().unwrap_or("").to_string(),
        slides,
    }
}

/// The template's context.
#[derive(Serialize)]
struct OverviewView<'a> {
    lang: &'a str,
    t: &'a BTreeMap<String, String>,
    /// The stylesheet's text for a page that must carry it inline, else `None`.
    style: Option<&'static str>,
    /// Where the stylesheet is, from this page.
    stylesheet: String,
    languages: Vec<LanguageLink<'a>>,
    kiosks: Vec<KioskView>,
}

#[derive(Serialize)]
struct LanguageLink<'a> {
    code: &'a str,
    name: &'a str,
    url: String,
}

#[derive(Serialize)]
struct KioskView {
    id: String,
    place: String,
    city: String,
    width: u32,
    height: u32,
    languages: String,
    quiet: String,
    player: String,
    playlist: String,
    version: String,
    slides: Vec<SlideView>,
}

#[derive(Serialize)]
struct SlideView {
    id: String,
    class: &'static str,
    status: String,
    alert: bool,
    duration: u32,
    sizes: String,
    /// When it plays, in the reader's words ("" for always).
    schedule: String,
    /// Its first and last day as `2025-05-28`, for scripts and tests.
    from: Option<String>,
    until: Option<String>,
    frames: Vec<FrameView>,
}

#[derive(Serialize)]
struct FrameView {
    src: String,
    alt: String,
    width: u32,
    height: u32,
}

/// The overview in every language: (output path, HTML). `/kiosk/` is the default language's.
pub(super) fn pages(
    config: &Config,
    strings: &BTreeMap<String, Strings>,
    theme: &Theme,
    kiosks: &[KioskSummary],
) -> Result<Vec<(String, String)>, Diagnostic> {
    let empty = Strings::default();
    let mut out = Vec::new();
    let mut targets: Vec<(String, &str, &str)> = vec![(
        format!("{}/index.html", super::OUT_DIR),
        config.default_language.as_str(),
        "",
    )];
    for l in &config.languages {
        targets.push((
            format!("{}/kiosk/index.html", l.code),
            &l.code,
            "../../kiosk/",
        ));
    }
    for (path, lang, to_kiosk) in targets {
        let t = strings.get(lang).unwrap_or(&empty);
        let up = if to_kiosk.is_empty() { "../" } else { "../../" };
        let cx = OverviewView {
            lang,
            t: &t.text,
            style: to_kiosk.is_empty().then_some(STYLE),
            stylesheet: format!("{up}{STYLE_PATH}"),
            languages: config
                .languages
                .iter()
                .map(|l| LanguageLink {
                    code: &l.code,
                    name: &l.name,
                    url: format!("{up}{}/kiosk/", l.code),
                })
                .collect(),
            kiosks: kiosks
                .iter()
                .map(|k| kiosk_view(lang, t, k, to_kiosk))
                .collect(),
        };
        let html = theme.render(TEMPLATE, &cx, std::path::Path::new(&path))?;
        out.push((path, html));
    }
    Ok(out)
}

/// A kiosk's heading, its settings and its slides; `to_kiosk` leads from the page to
/// public/kiosk/.
fn kiosk_view(lang: &str, t: &Strings, summary: &KioskSummary, to_kiosk: &str) -> KioskView {
    let k = &summary.kiosk;
    let named = |names: &BTreeMap<String, String>| {
        names
            .get(lang)
            .or_else(|| names.values().next())
            .cloned()
            .unwrap_or_default()
    };
    KioskView {
        id: k.id.clone(),
        place: named(&k.place),
        city: named(&k.city),
        width: k.width,
        height: k.height,
        languages: k.languages.join(", "),
        quiet: k
            .quiet
            .map_or_else(|| "—".to_string(), |q| hours(&q.to_string())),
        player: format!("{to_kiosk}{}/index.html", k.id),
        playlist: format!("{to_kiosk}{}/playlist.json", k.id),
        version: summary.version[..summary.version.len().min(12)].to_string(),
        slides: summary
            .slides
            .iter()
            .map(|s| slide_view(t, k, s, to_kiosk))
            .collect(),
    }
}

/// A slide's caption (status, duration, font sizes, schedule) and its frames' thumbnails.
fn slide_view(t: &Strings, k: &Kiosk, s: &SlideSummary, to_kiosk: &str) -> SlideView {
    let (class, status) = match s.status {
        Status::Playing => ("playing", "kiosk_playing"),
        Status::Scheduled => ("scheduled", "kiosk_scheduled"),
        Status::Expired => ("expired", "kiosk_expired"),
    };
    let (tw, th) = thumb(k.width, k.height);
    SlideView {
        id: s.id.clone(),
        class,
        status: t.get(status).to_string(),
        alert: s.alert,
        duration: s.duration,
        sizes: if s.body_px > 0.0 && k.width.min(k.height) >= LED_MAX_SHORT_SIDE {
            format!("{:.0}/{:.0} px", s.title_px, s.body_px)
        } else {
            format!("{:.0} px", s.title_px)
        },
        schedule: schedule_words(t, &s.schedule),
        from: s.schedule.from.map(|d| d.to_string()),
        until: s.schedule.until.map(|d| d.to_string()),
        frames: s
            .frames
            .iter()
            .map(|(l, path)| FrameView {
                src: format!("{to_kiosk}{path}"),
                alt: format!("{} {l}", s.id),
                width: tw,
                height: th,
            })
            .collect(),
    }
}

/// When a slide plays, in the reader's language: its first and last day as the portal writes
/// dates, the days of the week and the hours ("" when it always plays).
pub(super) fn schedule_words(t: &Strings, s: &Schedule) -> String {
    let mut parts = Vec::new();
    if let Some(d) = &s.from {
        parts.push(t.fill("kiosk_from", &[("date", &t.format_date(d))]));
    }
    if let Some(d) = &s.until {
        parts.push(t.fill("kiosk_until", &[("date", &t.format_date(d))]));
    }
    if !s.weekdays.is_empty() {
        let days: Vec<&str> = s
            .weekdays
            .iter()
            .filter_map(|&d| WEEKDAYS.get(usize::from(d)))
            .map(|d| {
                t.text
                    .get(&format!("kiosk_day_{d}"))
                    .map_or(*d, String::as_str)
            })
            .collect();
        parts.push(t.fill("kiosk_days", &[("days", &days.join(", "))]));
    }
    if !s.times.is_empty() {
        let times: Vec<String> = s.times.iter().map(|w| hours(&w.to_string())).collect();
        parts.push(t.fill("kiosk_hours", &[("hours", &times.join(", "))]));
    }
    parts.join(", ")
}

/// `08:00-20:00` as a range of hours is written, with a dash.
fn hours(window: &str) -> String {
    window.replace('-', "–")
}

/// Preview size: frames scaled to fit a 240-pixel box.
fn thumb(w: u32, h: u32) -> (u32, u32) {
    let scale = 240.0 / w.max(h) as f32;
    (
        (w as f32 * scale).round() as u32,
        (h as f32 * scale).round() as u32,
    )
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, HashMap};

    use super::*;
    use crate::kiosk::files::Shared;
    use crate::kiosk::fixture::{date, kiosk, slide};
    use crate::kiosk::plan::Plan;
    use crate::kiosk::rendering::Rendered;
    use crate::model::schedule::TimeWindow;

    fn words(lang: &str) -> Strings {
        crate::kiosk::fixture::portal_strings(lang)
    }

    fn summary_of(id: &str, width: u32, height: u32) -> KioskSummary {
        KioskSummary {
            kiosk: Kiosk {
                place: BTreeMap::from([("ru".into(), "Аэропорт".into())]),
                city: BTreeMap::new(),
                quiet: None,
                ..crate::kiosk::fixture::kiosk(id, width, height, &["ky"])
            },
            version: "0123456789abcdef".into(),
            slides: Vec::new(),
        }
    }

    fn a_schedule() -> Schedule {
        Schedule {
            from: Some(date("2026-05-28")),
            until: Some(date("2026-06-03")),
            weekdays: vec![0, 4],
            times: vec![TimeWindow {
                start: 8 * 60,
                end: 20 * 60,
            }],
        }
    }

    fn slide_summary(status: Status, alert: bool) -> SlideSummary {
        SlideSummary {
            id: "s<1>".into(),
            alert,
            duration: 12,
            status,
            schedule: a_schedule(),
            title_px: 60.4,
            body_px: 40.0,
            frames: vec![("ky".into(), "k/frames/s.ky.png".into())],
        }
    }

    #[test]
    fn a_schedule_is_said_in_the_readers_words() {
        // It was the playlist's JSON: {"from":"2026-05-28","until":…,"weekdays":["mon","fri"]}.
        assert_eq!(
            schedule_words(&words("ru"), &a_schedule()),
            "с 28 мая 2026 г., по 3 июня 2026 г., по дням: понедельник, пятница, в часы: 08:00–20:00"
        );
        assert_eq!(
            schedule_words(&words("en"), &a_schedule()),
            "from 28 May 2026, until 3 June 2026, on Monday, Friday, at 08:00–20:00"
        );
        let ky = schedule_words(&words("ky"), &a_schedule());
        assert!(
            ky.contains("дүйшөмбү, жума") && ky.contains("чейин"),
            "{ky}"
        );
        assert_eq!(schedule_words(&words("ru"), &Schedule::default()), "");
    }

    #[test]
    fn a_slide_says_where_it_stands_and_its_sizes() {
        let t = words("ru");
        let big = summary_of("hall", 1920, 1080);
        let v = slide_view(
            &t,
            &big.kiosk,
            &slide_summary(Status::Playing, true),
            "../../kiosk/",
        );
        assert_eq!(
            (v.class, v.status.as_str(), v.sizes.as_str()),
            ("playing", "показывается", "60/40 px")
        );
        assert_eq!(v.until.as_deref(), Some("2026-06-03"));
        assert_eq!(v.frames[0].src, "../../kiosk/k/frames/s.ky.png");
        assert_eq!((v.frames[0].width, v.frames[0].height), (240, 135));
        // LED walls show the headline only: one size.
        let led = summary_of("led", 384, 192);
        let v = slide_view(&t, &led.kiosk, &slide_summary(Status::Expired, false), "");
        assert_eq!((v.class, v.sizes.as_str()), ("expired", "60 px"));
    }

    #[test]
    fn the_overview_is_in_every_language() {
        let config = crate::kiosk::fixture::config(Vec::new());
        let strings: BTreeMap<String, Strings> = ["ky", "ru", "en"]
            .iter()
            .map(|l| (l.to_string(), words(l)))
            .collect();
        let mut k = summary_of("manas-1", 1920, 1080);
        k.slides.push(slide_summary(Status::Playing, true));
        let theme = crate::kiosk::fixture::portal_theme();
        let pages = pages(&config, &strings, &theme, &[k]).unwrap();
        let paths: Vec<&str> = pages.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(
            paths,
            [
                "kiosk/index.html",
                "ky/kiosk/index.html",
                "ru/kiosk/index.html",
                "en/kiosk/index.html"
            ]
        );
        let ru = &pages[2].1;
        assert!(ru.contains("<html lang=\"ru\">"), "{ru}");
        assert!(
            ru.contains("<h1>Экраны информационных киосков</h1>"),
            "{ru}"
        );
        assert!(ru.contains("по 3 июня 2026 г."), "{ru}");
        assert!(
            !ru.contains("&quot;until&quot;") && !ru.contains("\"until\""),
            "no JSON: {ru}"
        );
        assert!(
            ru.contains("<a href=\"../../kiosk/manas-1/index.html\">"),
            "{ru}"
        );
        assert!(
            ru.contains("<link rel=\"stylesheet\" href=\"../../kiosk/overview.css\">"),
            "{ru}"
        );
        assert!(
            !ru.contains("<style>"),
            "the portal's policy allows no inline style"
        );
        assert!(
            ru.contains("<b>s&lt;1&gt;</b> · показывается · срочное сообщение · 12 s"),
            "{ru}"
        );
        // /kiosk/ is the default language's, its style inline (the kiosk players' policy).
        let default = &pages[0].1;
        assert!(
            default.contains("<html lang=\"ky\">") && default.contains("<style>"),
            "{default}"
        );
        assert!(
            default.contains("<a href=\"manas-1/index.html\">"),
            "{default}"
        );
        assert!(default.contains("data-until=\"2026-06-03\""), "{default}");
    }

    #[test]
    fn slides_are_playing_scheduled_or_expired_by_todays_clock() {
        let mut past = slide("past", false, &["ky"]);
        past.schedule = Schedule {
            until: Some(date("2020-01-01")),
            ..Schedule::default()
        };
        let mut future = slide("future", false, &["ky"]);
        future.schedule = Schedule {
            from: Some(date("2100-01-01")),
            ..Schedule::default()
        };
        let slides = [slide("always", false, &["ky"]), past, future];
        let k = kiosk("k", 1920, 1080, &["ky"]);
        let plan = Plan {
            slides: (0..3).map(|i| (i, vec!["ky".to_string()])).collect(),
        };
        let frames = HashMap::from([(
            (1920, 1080, 0, "ky".to_string()),
            Rendered {
                svg: String::new(),
                png: Vec::new(),
                title_px: 81.0,
                body_px: 52.0,
            },
        )]);
        let strings = BTreeMap::new();
        let shared = Shared {
            slides: &slides,
            frames: &frames,
            hotline: "1899",
            strings: &strings,
            built: date("2026-11-22"),
            theme: &crate::kiosk::fixture::portal_theme(),
        };
        let ctx = KioskCtx::new(&k, &plan, &shared);
        let s = summary(&ctx, &serde_json::json!({ "version": "v1" }));
        let got: Vec<(&str, Status)> = s.slides.iter().map(|x| (x.id.as_str(), x.status)).collect();
        assert_eq!(
            got,
            [
                ("always", Status::Playing),
                ("past", Status::Expired),
                ("future", Status::Scheduled)
            ]
        );
        assert_eq!((s.slides[0].title_px, s.slides[0].body_px), (81.0, 52.0));
        assert!(s.slides[0].schedule.is_empty());
        assert_eq!(s.slides[1].schedule.until, Some(date("2020-01-01")));
        assert_eq!(
            s.slides[2].frames,
            [("ky".to_string(), "k/frames/future.ky.png".to_string())]
        );
        assert_eq!(s.version, "v1");
    }

    #[test]
    fn thumbnails_fit_a_240_pixel_box() {
        assert_eq!(thumb(1920, 1080), (240, 135));
        assert_eq!(thumb(1080, 1920), (135, 240));
        assert_eq!(thumb(384, 192), (240, 120));
    }
}
