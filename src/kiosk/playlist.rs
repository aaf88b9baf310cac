//! The `playlist.json` manifest of one kiosk: the loop for signage software that plays the
//! frames without the HTML player, with a version that changes when what is shown changes.

use serde_json::{Value, json};

use super::files::KioskCtx;
use super::{frame, frame_file};
use crate::model::schedule::{self, Schedule};

/// The manifest: every field a signage player needs to show the loop without the HTML.
pub(super) fn playlist(ctx: &KioskCtx<'_>) -> Value {
    let k = ctx.kiosk;
    let slides: Vec<Value> = ctx
        .plan
        .slides
        .iter()
        .map(|(si, langs)| {
            let s = &ctx.shared.slides[*si];
            json!({
                "id": s.name,
                "duration": s.duration,
                "duration_total": s.duration as usize * langs.len(),
                "weight": s.weight,
                "alert": s.alert,
                "schedule": if s.schedule.is_empty() { Value::Null } else { schedule_json(&s.schedule) },
                "link": s.link,
                "frames": langs.iter().filter_map(|l| s.texts.get(l).map(|t| json!({
                    "lang": l,
                    "file": frame_file(&s.name, l),
                    "duration": s.duration,
                    "title": t.title,
                    "qr": t.qr_url,
                }))).collect::<Vec<_>>(),
            })
        })
        .collect();
    let mut v = json!({
        "version": "",
        "kiosk": {
            "id": k.id,
            "place": k.place,
            "city": k.city,
        },
        "screen": {
            "width": k.width,
            "height": k.height,
            "panel": frame::Panel::of(k.width, k.height),
        },
        "languages": k.languages,
        "hotline": ctx.shared.hotline,
        "quiet": k.quiet.map(|q| q.to_string()),
        "utc_offset_minutes": k.utc_offset_minutes,
        "slides": slides,
    });
    // The version hashes what is shown (the manifest and every frame), so a player can
    // tell new content from old without comparing files; the build date is left out so
    // that rebuilding the same content keeps the version.
    let manifest = v.to_string();
    let mut parts: Vec<&[u8]> = vec![manifest.as_bytes()];
    for (si, langs) in &ctx.plan.slides {
        for l in langs {
            if let Some(r) = ctx.frame(*si, l) {
                parts.push(r.svg.as_bytes());
            }
        }
    }
    v["version"] = Value::String(content_hash(&parts));
    v["built"] = Value::String(ctx.shared.built.to_string());
    v
}

/// A slide's schedule as editors wrote it (dates, weekday names, windows).
pub(super) fn schedule_json(s: &Schedule) -> Value {
    json!({
        "from": s.from.map(|d| d.to_string()),
        "until": s.until.map(|d| d.to_string()),
        "weekdays": s.weekdays.iter().map(|&d| schedule::WEEKDAYS[usize::from(d)]).collect::<Vec<_>>(),
        "times": s.times.iter().map(|t| t.to_string()).collect::<Vec<_>>(),
    })
}

/// FNV-1a twice with different seeds (128 bits), each part ended by a 0xff byte, so that moving
/// bytes from one part to the next changes the hash.
fn content_hash(parts: &[&[u8]]) -> String {
    let mut out = String::new();
    for seed in [0xcbf2_9ce4_8422_2325_u64, 0x8422_2325_cbf2_9ce4_u64] {
        let mut h = crate::util::hash::Fnv::with_seed(seed);
        for p in parts {
            h.write(p);
            h.write(&[0xff]);
        }
        out.push_str(&format!("{:016x}", h.finish()));
    }
    out
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, HashMap};

    use super::*;
    use crate::kiosk::files::Shared;
    use crate::kiosk::fixture::{date, kiosk, slide};
    use crate::kiosk::plan::Plan;
    use crate::kiosk::rendering::{FrameKey, Rendered};
    use crate::model::schedule::TimeWindow;

    fn rendered(svg: &str) -> Rendered {
        Rendered {
            svg: svg.into(),
            png: vec![1, 2, 3],
            title_px: 50.0,
            body_px: 30.0,
        }
    }

    #[test]
    fn the_manifest_lists_the_loop_and_its_version_follows_what_is_shown() {
        let mut s = slide("night-shift", false, &["ky", "ru"]);
        s.duration = 8;
        s.schedule = Schedule {
            weekdays: vec![4],
            times: vec![TimeWindow::parse("22:00-02:00").unwrap()],
            ..Schedule::default()
        };
        let slides = [s];
        let mut k = kiosk("manas-1", 1920, 1080, &["ky", "ru"]);
        k.quiet = Some(TimeWindow::parse("23:00-06:00").unwrap());
        let plan = Plan {
            slides: vec![(0, vec!["ky".into(), "ru".into()])],
        };
        let strings = BTreeMap::new();
        let manifest = |frames: &HashMap<FrameKey, Rendered>, built: &str| {
            let shared = Shared {
                slides: &slides,
                frames,
                hotline: "1899",
                strings: &strings,
                built: date(built),
                theme: &crate::kiosk::fixture::portal_theme(),
            };
            playlist(&KioskCtx::new(&k, &plan, &shared))
        };
        let mut frames = HashMap::from([
            ((1920, 1080, 0, "ky".to_string()), rendered("<svg>ky</svg>")),
            ((1920, 1080, 0, "ru".to_string()), rendered("<svg>ru</svg>")),
        ]);
        let v = manifest(&frames, "2026-11-22");
        assert_eq!(v["kiosk"]["id"], "manas-1");
        assert_eq!(v["screen"]["panel"], "landscape");
        assert_eq!(v["quiet"], "23:00-06:00");
        assert_eq!(v["built"], "2026-11-22");
        let s = &v["slides"][0];
        assert_eq!(s["duration_total"], 16);
        assert_eq!(s["schedule"]["weekdays"], json!(["fri"]));
        assert_eq!(s["schedule"]["times"], json!(["22:00-02:00"]));
        assert_eq!(s["frames"][1]["file"], "frames/night-shift.ru.png");
        assert_eq!(s["frames"][1]["qr"], "https://portal.example.kg/ru/");

        let version = |v: &Value| v["version"].as_str().unwrap().to_string();
        assert_eq!(version(&v).len(), 32);
        assert_eq!(
            version(&v),
            version(&manifest(&frames, "2027-01-01")),
            "the build day is not part of the version"
        );
        frames.insert((1920, 1080, 0, "ru".to_string()), rendered("<svg>ру</svg>"));
        assert_ne!(version(&v), version(&manifest(&frames, "2026-11-22")));
    }

    #[test]
    fn an_empty_schedule_is_null() {
        let slides = [slide("always", false, &["ky"])];
        let k = kiosk("k", 640, 360, &["ky"]);
        let plan = Plan {
            slides: vec![(0, vec!["ky".into()])],
        };
        let (frames, strings) = (HashMap::new(), BTreeMap::new());
        let shared = Shared {
            slides: &slides,
            frames: &frames,
            hotline: "1899",
            strings: &strings,
            built: date("2026-11-22"),
            theme: &crate::kiosk::fixture::portal_theme(),
        };
        let v = playlist(&KioskCtx::new(&k, &plan, &shared));
        assert_eq!(v["slides"][0]["schedule"], Value::Null);
        assert_eq!(v["screen"]["panel"], "led");
        assert_eq!(v["quiet"], Value::Null);
    }

    #[test]
    fn hash_is_stable_and_sensitive() {
        let a = content_hash(&[b"abc", b"def"]);
        assert_eq!(a.len(), 32);
        assert_eq!(a, content_hash(&[b"abc", b"def"]));
        assert_ne!(a, content_hash(&[b"abcd", b"ef"]), "parts are delimited");
        assert_ne!(a, content_hash(&[b"abc", b"deg"]));
    }
}
