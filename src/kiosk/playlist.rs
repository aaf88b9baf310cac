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
    use super::*;

    #[test]
    fn hash_is_stable_and_sensitive() {
        let a = content_hash(&[b"abc", b"def"]);
        assert_eq!(a.len(), 32);
        assert_eq!(a, content_hash(&[b"abc", b"def"]));
        assert_ne!(a, content_hash(&[b"abcd", b"ef"]), "parts are delimited");
        assert_ne!(a, content_hash(&[b"abc", b"deg"]));
    }
}
