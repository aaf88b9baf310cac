//! The editors' overview, `public/kiosk/index.html`: every kiosk with its slides' frames and
//! where each slide stands today (playing, scheduled, expired), so that editors see what each
//! screen will show before it goes out.

use serde_json::Value;

use super::files::KioskCtx;
use super::frame::LED_MAX_SHORT_SIDE;
use super::frame_file;
use super::playlist::schedule_json;
use crate::model::config::Kiosk;
use crate::model::schedule::LocalTime;
use crate::model::strings::Strings;
use crate::util::text::escape_html;

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
    pub(crate) schedule: String,
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
                schedule: if s.schedule.is_empty() {
                    String::new()
                } else {
                    schedule_json(&s.schedule).to_string()
                },
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

/// The page: every kiosk's section. Words come from the theme's UI strings in `lang`.
pub(super) fn page(lang: &str, t: &Strings, kiosks: &[KioskSummary]) -> String {
    let e = escape_html;
    let body: String = kiosks.iter().map(|k| kiosk_section(lang, t, k)).collect();
    format!(
        r#"<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>{title}</title>
<link rel="icon" href="data:,">
<style>
body{{font-family:system-ui,"DejaVu Sans",sans-serif;margin:1.5rem;color:#111;background:#f4f6f8}}
h1{{margin-top:0}} h2 small{{color:#666;font-weight:normal;font-size:.7em}}
.kiosk{{background:#fff;padding:1rem;margin-bottom:1.5rem;border-radius:6px}}
.slides{{display:flex;flex-wrap:wrap;gap:1rem}}
figure{{margin:0;padding:.5rem;border:2px solid #cfd8df;border-radius:4px;max-width:100%}}
figure.alert{{border-color:#9b1111}} figure.expired{{opacity:.55}}
figcaption{{font-size:.85rem;margin-bottom:.4rem}}
figure img{{display:inline-block;margin-right:.3rem;border:1px solid #999;height:auto;max-width:100%}}
</style>
</head>
<body>
<h1>{title}</h1>
<p>{intro}</p>
{body}</body>
</html>
"#,
        lang = e(lang),
        title = e(t.get("kiosk_overview_title")),
        intro = e(t.get("kiosk_overview_intro")),
    )
}

/// A kiosk's heading, its settings and a figure per slide.
fn kiosk_section(lang: &str, t: &Strings, summary: &KioskSummary) -> String {
    let e = escape_html;
    let k = &summary.kiosk;
    let place = k
        .place
        .get(lang)
        .or_else(|| k.place.values().next())
        .cloned()
        .unwrap_or_default();
    let city = k
        .city
        .get(lang)
        .or_else(|| k.city.values().next())
        .cloned()
        .unwrap_or_default();
    let mut s = format!(
        "<section class=\"kiosk\" id=\"{id}\"><h2>{place}, {city} <small>{id}</small></h2>\n<p>{screen}: {w}×{h} px · {langs_label}: {langs} · {quiet_label}: {quiet} · <a href=\"{id}/index.html\">{open}</a> · <a href=\"{id}/playlist.json\">playlist.json</a> <code>{version}</code></p>\n<div class=\"slides\">",
        id = e(&k.id),
        place = e(&place),
        city = e(&city),
        screen = e(t.get("kiosk_screen")),
        w = k.width,
        h = k.height,
        langs_label = e(t.get("languages")),
        langs = e(&k.languages.join(", ")),
        quiet_label = e(t.get("kiosk_quiet")),
        quiet = k
            .quiet
            .map_or_else(|| "—".to_string(), |q| e(&q.to_string())),
        open = e(t.get("kiosk_open_player")),
        version = e(&summary.version[..summary.version.len().min(12)]),
    );
    for slide in &summary.slides {
        s.push_str(&slide_figure(t, k, slide));
    }
    s.push_str("</div></section>\n");
    s
}

/// A slide's caption (status, duration, font sizes, schedule) and its frames' thumbnails.
fn slide_figure(t: &Strings, k: &Kiosk, s: &SlideSummary) -> String {
    let e = escape_html;
    let status = match s.status {
        Status::Playing => t.get("kiosk_playing"),
        Status::Scheduled => t.get("kiosk_scheduled"),
        Status::Expired => t.get("kiosk_expired"),
    };
    let class = match s.status {
        Status::Playing => "playing",
        Status::Scheduled => "scheduled",
        Status::Expired => "expired",
    };
    let mut out = format!(
        "<figure class=\"slide {class}{alert}\"><figcaption><b>{id}</b> · {status}{alert_label} · {d} s · {sizes}{schedule}</figcaption>",
        alert = if s.alert { " alert" } else { "" },
        id = e(&s.id),
        status = e(status),
        alert_label = if s.alert {
            format!(" · {}", e(t.get("kiosk_alert")))
        } else {
            String::new()
        },
        d = s.duration,
        sizes = if s.body_px > 0.0 && k.width.min(k.height) >= LED_MAX_SHORT_SIDE {
            format!("{:.0}/{:.0} px", s.title_px, s.body_px)
        } else {
            format!("{:.0} px", s.title_px)
        },
        schedule = if s.schedule.is_empty() {
            String::new()
        } else {
            format!(" · <code>{}</code>", e(&s.schedule))
        },
    );
    for (l, path) in &s.frames {
        let (tw, th) = thumb(k.width, k.height);
        out.push_str(&format!(
            "<img src=\"{}\" alt=\"{} {}\" width=\"{tw}\" height=\"{th}\" loading=\"lazy\">",
            e(path),
            e(&s.id),
            e(l)
        ));
    }
    out.push_str("</figure>\n");
    out
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
    use crate::model::schedule::Schedule;

    fn words() -> Strings {
        let text = [
            ("kiosk_playing", "Ойнотулууда"),
            ("kiosk_scheduled", "Пландалган"),
            ("kiosk_expired", "Бүткөн"),
            ("kiosk_alert", "Шашылыш"),
        ];
        Strings {
            text: text
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            months: None,
        }
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

    fn slide_summary(status: Status, alert: bool) -> SlideSummary {
        SlideSummary {
            id: "s<1>".into(),
            alert,
            duration: 12,
            status,
            schedule: r#"{"from":"2026-01-01"}"#.into(),
            title_px: 60.4,
            body_px: 40.0,
            frames: vec![("ky".into(), "k/frames/s.ky.png".into())],
        }
    }

    #[test]
    fn a_slide_figure_says_where_it_stands_and_its_sizes() {
        let t = words();
        let big = summary_of("hall", 1920, 1080);
        let f = slide_figure(&t, &big.kiosk, &slide_summary(Status::Playing, true));
        assert!(
            f.starts_with("<figure class=\"slide playing alert\"><figcaption><b>s&lt;1&gt;</b> · Ойнотулууда · Шашылыш · 12 s · 60/40 px · <code>"),
            "{f}"
        );
        assert!(f.contains(
            "<img src=\"k/frames/s.ky.png\" alt=\"s&lt;1&gt; ky\" width=\"240\" height=\"135\""
        ));
        assert!(f.ends_with("</figure>\n"));
        // LED walls show the headline only: one size.
        let led = summary_of("led", 384, 192);
        let f = slide_figure(&t, &led.kiosk, &slide_summary(Status::Expired, false));
        assert!(f.starts_with("<figure class=\"slide expired\"><figcaption><b>s&lt;1&gt;</b> · Бүткөн · 12 s · 60 px · "), "{f}");
    }

    #[test]
    fn a_kiosk_section_falls_back_to_any_place_name_and_shortens_the_version() {
        let s = kiosk_section("ky", &words(), &summary_of("manas-1", 1920, 1080));
        assert!(
            s.starts_with(
                "<section class=\"kiosk\" id=\"manas-1\"><h2>Аэропорт,  <small>manas-1</small></h2>"
            ),
            "{s}"
        );
        assert!(s.contains("<code>0123456789ab</code>"));
        assert!(s.contains("kiosk_quiet: —"));
        assert!(s.ends_with("</div></section>\n"));
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
        assert_eq!(s.slides[0].schedule, "");
        assert!(s.slides[1].schedule.contains("2020-01-01"));
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
