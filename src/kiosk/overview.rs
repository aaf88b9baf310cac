//! The editors' overview, `public/kiosk/index.html`: every kiosk with its slides' frames and
//! where each slide stands today (playing, scheduled, expired), so that editors see what each
//! screen will show before it goes out.

use std::collections::BTreeMap;

use serde_json::Value;

use super::files::KioskCtx;
use super::frame::LED_MAX_SHORT_SIDE;
use super::frame_file;
use super::playlist::schedule_json;
use crate::model::schedule::LocalTime;
use crate::model::strings::Strings;
use crate::util::text::escape_html;

/// Where a slide stands today on a kiosk, for editors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Playing,
    Scheduled,
    Expired,
}

/// A slide as the overview shows it on one kiosk.
pub struct SlideSummary {
    pub id: String,
    pub alert: bool,
    pub duration: u32,
    pub status: Status,
    pub schedule: String,
    pub title_px: f32,
    pub body_px: f32,
    /// (language, frame path relative to public/kiosk/).
    pub frames: Vec<(String, String)>,
}

/// A kiosk as the overview shows it.
pub struct KioskSummary {
    pub id: String,
    pub place: BTreeMap<String, String>,
    pub city: BTreeMap<String, String>,
    pub width: u32,
    pub height: u32,
    pub languages: Vec<String>,
    pub quiet: String,
    pub version: String,
    pub slides: Vec<SlideSummary>,
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
        id: k.id.clone(),
        place: k.place.clone(),
        city: k.city.clone(),
        width: k.width,
        height: k.height,
        languages: k.languages.clone(),
        quiet: k.quiet.map(|q| q.to_string()).unwrap_or_default(),
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
fn kiosk_section(lang: &str, t: &Strings, k: &KioskSummary) -> String {
    let e = escape_html;
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
        quiet = if k.quiet.is_empty() {
            "—".to_string()
        } else {
            e(&k.quiet)
        },
        open = e(t.get("kiosk_open_player")),
        version = e(&k.version[..k.version.len().min(12)]),
    );
    for slide in &k.slides {
        s.push_str(&slide_figure(t, k, slide));
    }
    s.push_str("</div></section>\n");
    s
}

/// A slide's caption (status, duration, font sizes, schedule) and its frames' thumbnails.
fn slide_figure(t: &Strings, k: &KioskSummary, s: &SlideSummary) -> String {
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
