//! The kiosk player: one self-contained HTML file per kiosk, and the editors' overview.
//!
//! The player has to run for months on an unattended screen with no network: styles, script,
//! frames and QR codes are all inline, and it asks for nothing (not even a favicon). The frames
//! are the same SVG the still PNGs are rendered from. Without JavaScript it shows a static
//! screen with the hotline and the first slide in every language, which is still useful.
//!
//! The script decides nothing about schedules itself: it compares its clock against the
//! kiosk's [`Timetable`], which the build resolves from the rules in `model/schedule.rs`. The
//! browser tests in `tests/e2e/` run it, and check it against the rules' own cases.

use std::collections::BTreeMap;

use serde_json::json;

use crate::model::schedule::{TimeWindow, Timetable};
use crate::model::strings::Strings;
use crate::util::text::escape_html;

pub struct FrameIn {
    pub lang: String,
    pub svg: String,
    pub title: String,
    pub paragraphs: Vec<String>,
}

pub struct SlideIn {
    pub id: String,
    pub duration: u32,
    pub alert: bool,
    pub frames: Vec<FrameIn>,
}

pub struct Input {
    pub kiosk_id: String,
    pub width: u32,
    pub height: u32,
    pub languages: Vec<String>,
    pub hotline: String,
    pub hotline_labels: BTreeMap<String, String>,
    pub quiet: Option<TimeWindow>,
    pub utc_offset_minutes: i32,
    pub version: String,
    pub slides: Vec<SlideIn>,
    /// When each of `slides` plays, by the schedule rules.
    pub timetable: Timetable,
}

/// JSON inside `<script>` must not contain `</`, or the HTML parser ends the script there.
fn script_json(v: &serde_json::Value) -> String {
    v.to_string()
        .replace("</", "<\\/")
        .replace("<!--", "<\\!--")
}

/// The player page of one kiosk.
pub fn html(i: &Input) -> String {
    let (w, h) = (i.width, i.height);
    let short = w.min(h) as f32;
    let first_lang = i.languages.first().map(String::as_str).unwrap_or("ky");
    let data = json!({
        "kiosk": i.kiosk_id,
        "version": i.version,
        "offset": i.utc_offset_minutes,
        "quiet": i.quiet.iter().map(TimeWindow::daily).collect::<Vec<_>>(),
        "timetable": i.timetable,
        "slides": i.slides.iter().map(|s| json!({
            "id": s.id,
            "duration": s.duration,
            "alert": s.alert,
            "langs": s.frames.iter().map(|f| f.lang.clone()).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    });

    let mut frames = String::new();
    for (si, s) in i.slides.iter().enumerate() {
        for f in &s.frames {
            frames.push_str(&format!(
                "<div class=\"frame\" data-slide=\"{}\" data-i=\"{si}\" data-lang=\"{}\" lang=\"{}\" hidden>{}</div>\n",
                escape_html(&s.id),
                escape_html(&f.lang),
                escape_html(&f.lang),
                f.svg
            ));
        }
    }

    // The static screen: the first regular slide in each language, and the hotline.
    let mut stat = String::new();
    if let Some(s) = i.slides.iter().find(|s| !s.alert) {
        for f in &s.frames {
            stat.push_str(&format!(
                "<section lang=\"{}\"><h2>{}</h2>",
                escape_html(&f.lang),
                escape_html(&f.title)
            ));
            for p in &f.paragraphs {
                stat.push_str(&format!("<p>{}</p>", escape_html(p)));
            }
            stat.push_str("</section>");
        }
    }
    let labels: Vec<String> = i
        .languages
        .iter()
        .filter_map(|l| i.hotline_labels.get(l))
        .filter(|s| !s.is_empty())
        .map(|s| format!("<span>{}</span>", escape_html(s)))
        .collect();

    format!(
        r#"<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width={w}, height={h}, initial-scale=1">
<meta name="sapar-kiosk-version" content="{version}">
<meta name="robots" content="noindex">
<title>Sapar kiosk {id}</title>
<link rel="icon" href="data:,">
<style>
html,body{{margin:0;padding:0;background:#000;color:#fff;overflow:hidden;width:{w}px;height:{h}px;font-family:"DejaVu Sans",sans-serif}}
#stage{{position:absolute;left:0;top:0;width:{w}px;height:{h}px;transition:transform 3s ease-in-out}}
.frame{{position:absolute;left:0;top:0;width:{w}px;height:{h}px}}
.frame svg{{display:block;width:{w}px;height:{h}px}}
[hidden]{{display:none!important}}
body.quiet #stage,body.quiet #static{{filter:brightness(.35)}}
#static{{position:absolute;inset:0;display:flex;flex-direction:column;background:#0b3d5c}}
#static .slides{{flex:1;display:flex;flex-direction:{dir};gap:{gap}px;padding:{gap}px;overflow:hidden}}
#static section{{flex:1;overflow:hidden}}
#static h2{{font-size:{h2}px;margin:0 0 .3em;line-height:1.15}}
#static p{{font-size:{p}px;margin:0 0 .3em;line-height:1.3;color:#e3eef6}}
#static .hotline{{background:#ffd23f;color:#111;display:flex;align-items:center;justify-content:center;gap:{gap}px;padding:{pad}px;font-size:{p}px}}
#static .hotline b{{font-size:{num}px}}
</style>
</head>
<body data-kiosk="{id}">
<div id="static">
<div class="slides">{stat}</div>
<div class="hotline"><b>{hotline}</b>{labels}</div>
</div>
<div id="stage" hidden>
{frames}</div>
<script type="application/json" id="kiosk-data">{data}</script>
<script>
{script}
</script>
</body>
</html>
"#,
        lang = escape_html(first_lang),
        id = escape_html(&i.kiosk_id),
        version = escape_html(&i.version),
        dir = if w >= h { "row" } else { "column" },
        gap = (short * 0.03).round(),
        pad = (short * 0.02).round(),
        h2 = (short * 0.045).round(),
        p = (short * 0.03).round(),
        num = (short * 0.08).round(),
        hotline = escape_html(&i.hotline),
        labels = labels.join(" · "),
        data = script_json(&data),
        script = SCRIPT,
    )
}

/// The player. Plain ES5 so that the old browsers inside signage players run it. It ticks
/// once a second: it reads the loop for the current minute from the timetable as
/// `Timetable::choose` does, shows each slide's languages in turn, switches at once when an
/// alert starts or ends, dims in quiet hours (unless its clock is wrong), and every minute
/// moves the picture by a few pixels so that no pixel shows the same thing for months.
const SCRIPT: &str = r#"(function () {
  'use strict';
  var D = JSON.parse(document.getElementById('kiosk-data').textContent);
  var T = D.timetable;
  var SHIFTS = [[0, 0], [3, 1], [1, 4], [-2, 3], [-4, 0], [-2, -3], [1, -4], [3, -2]];
  var stage = document.getElementById('stage');
  var stat = document.getElementById('static');
  var frames = {};
  var list = stage.querySelectorAll('.frame');
  for (var n = 0; n < list.length; n++) {
    frames[list[n].getAttribute('data-i') + '|' + list[n].getAttribute('data-lang')] = list[n];
  }

  // Minutes since 1970 on the kiosk's wall clock, as the timetable counts them.
  function local(ms) { return Math.floor(ms / 60000) + D.offset; }
  function within(r, m) {
    var k = (m - r.phase) % r.period;
    if (k < 0) k += r.period;
    return (r.from === null || m >= r.from) && (r.until === null || m < r.until) && k < r.length;
  }
  function active(ranges, m) {
    for (var i = 0; i < ranges.length; i++) if (within(ranges[i], m)) return true;
    return false;
  }
  function choose(m) {
    if (m < T.trusted_from) return { slides: T.wrong_clock, alert: false, fallback: true, wrong: true };
    for (var i = 0; i < T.tiers.length; i++) {
      var tier = T.tiers[i], on = [];
      for (var j = 0; j < tier.slides.length; j++) {
        if (active(T.active[tier.slides[j]], m)) on.push(tier.slides[j]);
      }
      if (on.length) return { slides: on, alert: tier.alert, fallback: false, wrong: false };
    }
    return { slides: T.idle, alert: false, fallback: true, wrong: false };
  }

  var cur = null, shown = null, ticks = 0, shift = 0;
  var state = { slide: null, lang: null, alert: false, quiet: false, wrong: false, fallback: false, shift: [0, 0], shows: 0 };

  function show(i, li) {
    var s = D.slides[i], lang = s.langs[li];
    var f = frames[i + '|' + lang];
    if (shown && shown !== f) shown.hidden = true;
    if (f) { f.hidden = false; shown = f; }
    document.documentElement.lang = lang;
    document.body.setAttribute('data-slide', s.id);
    document.body.setAttribute('data-lang', lang);
    document.body.setAttribute('data-alert', s.alert ? 'true' : 'false');
    state.slide = s.id; state.lang = lang; state.alert = s.alert; state.shows++;
  }
  function start(c, from) {
    if (!c.slides.length) { cur = null; stage.hidden = true; stat.hidden = false; return; }
    stage.hidden = false; stat.hidden = true;
    var next = c.slides[0];
    if (from !== undefined) {
      for (var k = 0; k < c.slides.length; k++) if (c.slides[k] > from) { next = c.slides[k]; break; }
    }
    cur = { i: next, li: 0, left: D.slides[next].duration, alert: c.alert, set: c.slides.join(',') };
    show(cur.i, 0);
  }
  function tick() {
    var m = local(Date.now());
    var c = choose(m);
    state.wrong = c.wrong; state.fallback = c.fallback;
    var q = !c.wrong && active(D.quiet, m);
    if (q !== state.quiet) { state.quiet = q; document.body.className = q ? 'quiet' : ''; }
    if (!cur || c.alert !== cur.alert || (cur.alert && c.slides.join(',') !== cur.set)) {
      start(c);
    } else if (--cur.left <= 0) {
      var s = D.slides[cur.i];
      if (cur.li + 1 < s.langs.length) {
        cur.li++; cur.left = s.duration; show(cur.i, cur.li);
      } else {
        start(c, cur.i);
      }
    }
    if (++ticks % 60 === 0) {
      shift = (shift + 1) % SHIFTS.length;
      state.shift = SHIFTS[shift];
      var tr = 'translate(' + SHIFTS[shift][0] + 'px,' + SHIFTS[shift][1] + 'px)';
      stage.style.transform = tr; stat.style.transform = tr;
    }
  }
  window.saparKiosk = {
    state: function () { return JSON.parse(JSON.stringify(state)); },
    active: active, choose: choose, minute: local, data: D
  };
  tick();
  setInterval(tick, 1000);
})();"#;

/// Where a slide stands today on a kiosk, for editors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Playing,
    Scheduled,
    Expired,
}

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

/// `public/kiosk/index.html`: every kiosk with its slides' frames, so that editors see what
/// each screen will show before it goes out. Words come from the theme's UI strings.
pub fn overview(lang: &str, t: &Strings, kiosks: &[KioskSummary]) -> String {
    let e = escape_html;
    let mut body = String::new();
    for k in kiosks {
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
        body.push_str(&format!(
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
            quiet = if k.quiet.is_empty() { "—".to_string() } else { e(&k.quiet) },
            open = e(t.get("kiosk_open_player")),
            version = e(&k.version[..k.version.len().min(12)]),
        ));
        for s in &k.slides {
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
            body.push_str(&format!(
                "<figure class=\"slide {class}{alert}\"><figcaption><b>{id}</b> · {status}{alert_label} · {d} s · {sizes}{schedule}</figcaption>",
                alert = if s.alert { " alert" } else { "" },
                id = e(&s.id),
                status = e(status),
                alert_label = if s.alert { format!(" · {}", e(t.get("kiosk_alert"))) } else { String::new() },
                d = s.duration,
                sizes = if s.body_px > 0.0 && k.width.min(k.height) >= super::frame::LED_MAX_SHORT_SIDE {
                    format!("{:.0}/{:.0} px", s.title_px, s.body_px)
                } else {
                    format!("{:.0} px", s.title_px)
                },
                schedule = if s.schedule.is_empty() { String::new() } else { format!(" · <code>{}</code>", e(&s.schedule)) },
            ));
            for (l, path) in &s.frames {
                let (tw, th) = thumb(k.width, k.height);
                body.push_str(&format!(
                    "<img src=\"{}\" alt=\"{} {}\" width=\"{tw}\" height=\"{th}\" loading=\"lazy\">",
                    e(path),
                    e(&s.id),
                    e(l)
                ));
            }
            body.push_str("</figure>\n");
        }
        body.push_str("</div></section>\n");
    }
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

/// Preview size: frames scaled to fit a 240-pixel box.
fn thumb(w: u32, h: u32) -> (u32, u32) {
    let scale = 240.0 / w.max(h) as f32;
    (
        (w as f32 * scale).round() as u32,
        (h as f32 * scale).round() as u32,
    )
}
