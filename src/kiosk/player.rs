//! The kiosk player: one self-contained HTML file per kiosk.
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
use crate::util::text::escape_html;

/// A slide in one language: its frame, and its text for the static screen.
pub(crate) struct FrameIn {
    pub(crate) lang: String,
    pub(crate) svg: String,
    pub(crate) title: String,
    pub(crate) paragraphs: Vec<String>,
}

/// A slide of the loop with the frames of the kiosk's languages it exists in.
pub(crate) struct SlideIn {
    pub(crate) id: String,
    pub(crate) duration: u32,
    pub(crate) alert: bool,
    pub(crate) frames: Vec<FrameIn>,
}

/// Everything one kiosk's player page is made from.
pub(crate) struct Input {
    pub(crate) kiosk_id: String,
    pub(crate) width: u32,
    pub(crate) height: u32,
    pub(crate) languages: Vec<String>,
    pub(crate) hotline: String,
    pub(crate) hotline_labels: BTreeMap<String, String>,
    pub(crate) quiet: Option<TimeWindow>,
    pub(crate) utc_offset_minutes: i32,
    pub(crate) version: String,
    pub(crate) slides: Vec<SlideIn>,
    /// When each of `slides` plays, by the schedule rules.
    pub(crate) timetable: Timetable,
}

/// JSON inside `<script>` must not contain `</`, or the HTML parser ends the script there.
fn script_json(v: &serde_json::Value) -> String {
    v.to_string()
        .replace("</", "<\\/")
        .replace("<!--", "<\\!--")
}

/// The player page of one kiosk.
pub(crate) fn html(i: &Input) -> String {
    let (w, h) = (i.width, i.height);
    let short = w.min(h) as f32;
    let first_lang = i.languages.first().map(String::as_str).unwrap_or("ky");
    let data = data(i);
    let frames = frames(i);
    let stat = static_slides(i);
    let labels = hotline_labels(i);
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
        data = script_json(&data),
        script = SCRIPT,
    )
}

/// What the script reads: the slides in loop order with their languages, and when they play.
fn data(i: &Input) -> serde_json::Value {
    json!({
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
    })
}

/// Every frame as inline SVG, hidden until the script shows it.
fn frames(i: &Input) -> String {
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
    frames
}

/// The static screen: the first regular slide in each language (the hotline is beside it).
fn static_slides(i: &Input) -> String {
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
    stat
}

/// The hotline's label in each of the kiosk's languages that has one.
fn hotline_labels(i: &Input) -> String {
    let labels: Vec<String> = i
        .languages
        .iter()
        .filter_map(|l| i.hotline_labels.get(l))
        .filter(|s| !s.is_empty())
        .map(|s| format!("<span>{}</span>", escape_html(s)))
        .collect();
    labels.join(" · ")
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::date::Date;
    use crate::model::schedule::Entry;

    fn input() -> Input {
        let frame = |lang: &str, title: &str| FrameIn {
            lang: lang.into(),
            svg: format!("<svg>{lang}</svg>"),
            title: title.into(),
            paragraphs: vec![format!("Call <1899> ({lang})")],
        };
        let slide = |id: &str, alert: bool, frames: Vec<FrameIn>| SlideIn {
            id: id.into(),
            duration: 10,
            alert,
            frames,
        };
        let always = Default::default();
        let entries = [
            Entry {
                schedule: &always,
                alert: true,
            },
            Entry {
                schedule: &always,
                alert: false,
            },
        ];
        Input {
            kiosk_id: "manas-1".into(),
            width: 1920,
            height: 1080,
            languages: vec!["ru".into(), "ky".into(), "en".into()],
            hotline: "1899".into(),
            hotline_labels: BTreeMap::from([
                ("ky".into(), "Ысык линия".into()),
                ("ru".into(), "Горячая линия".into()),
                ("en".into(), String::new()),
            ]),
            quiet: Some(TimeWindow::parse("22:00-07:00").unwrap()),
            utc_offset_minutes: 360,
            version: "v1".into(),
            slides: vec![
                slide("alert", true, vec![frame("ru", "Тревога")]),
                slide(
                    "hotline",
                    false,
                    vec![frame("ru", "Звоните"), frame("ky", "Чалыңыз & <b>")],
                ),
            ],
            timetable: Timetable::new(&entries, Date::parse("2026-11-22").unwrap()),
        }
    }

    #[test]
    fn json_in_a_script_cannot_end_it() {
        let v = json!({"t": "</script><!-- x"});
        assert_eq!(script_json(&v), r#"{"t":"<\/script><\!-- x"}"#);
    }

    #[test]
    fn the_static_screen_shows_the_first_regular_slide_and_the_labels() {
        let i = input();
        assert_eq!(
            static_slides(&i),
            "<section lang=\"ru\"><h2>Звоните</h2><p>Call &lt;1899&gt; (ru)</p></section><section lang=\"ky\"><h2>Чалыңыз &amp; &lt;b&gt;</h2><p>Call &lt;1899&gt; (ky)</p></section>"
        );
        // In the kiosk's language order; a language without a label is skipped.
        assert_eq!(
            hotline_labels(&i),
            "<span>Горячая линия</span> · <span>Ысык линия</span>"
        );
    }

    #[test]
    fn frames_are_hidden_until_the_script_shows_them() {
        let f = frames(&input());
        assert_eq!(f.lines().count(), 3);
        assert!(f.starts_with(
            "<div class=\"frame\" data-slide=\"alert\" data-i=\"0\" data-lang=\"ru\" lang=\"ru\" hidden><svg>ru</svg></div>\n"
        ));
        assert!(f.contains("data-i=\"1\" data-lang=\"ky\""));
    }

    #[test]
    fn the_script_gets_the_timetable_and_quiet_hours_as_ranges() {
        let i = input();
        let d = data(&i);
        assert_eq!(d["offset"], 360);
        assert_eq!(d["slides"][1]["langs"], json!(["ru", "ky"]));
        assert_eq!(
            d["quiet"],
            json!([TimeWindow::parse("22:00-07:00").unwrap().daily()])
        );
        assert_eq!(d["timetable"]["tiers"][0]["slides"], json!([0]));
        assert_eq!(d["timetable"]["idle"], json!([1]));
        let page = html(&i);
        assert!(page.starts_with("<!DOCTYPE html>\n<html lang=\"ru\">"));
        assert!(page.contains("<meta name=\"sapar-kiosk-version\" content=\"v1\">"));
        assert!(page.contains(&format!(
            "<script type=\"application/json\" id=\"kiosk-data\">{}</script>",
            script_json(&d)
        )));
        assert!(page.contains("<div class=\"hotline\"><b>1899</b><span>"));
    }
}
