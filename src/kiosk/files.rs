//! Writes each kiosk's files from its plan and the rendered frames (`playlist.json`, the player
//! page and the PNG frames), then the editors' overview of every kiosk.

use std::collections::{BTreeMap, HashMap};

use serde_json::Value;

use super::plan::Plan;
use super::rendering::{FrameKey, Rendered};
use super::{KioskOutput, OUT_DIR, Slide, frame_file, hotline_label, overview, player, playlist};
use crate::model::config::{Config, Kiosk};
use crate::model::date::Date;
use crate::model::output::{Content, OutFile};
use crate::model::schedule::{Entry, Timetable};
use crate::model::strings::Strings;

/// What every kiosk's files are made from.
pub(super) struct Shared<'a> {
    pub slides: &'a [Slide],
    pub frames: &'a HashMap<FrameKey, Rendered>,
    pub hotline: &'a str,
    /// UI strings per language: the hotline's label, the overview's words.
    pub strings: &'a BTreeMap<String, Strings>,
    pub built: Date,
}

/// One kiosk and everything needed to write its files.
pub(super) struct KioskCtx<'a> {
    pub kiosk: &'a Kiosk,
    pub plan: &'a Plan,
    pub shared: &'a Shared<'a>,
    /// When each slide of the plan plays, by the schedule rules.
    pub timetable: Timetable,
}

impl<'a> KioskCtx<'a> {
    pub fn new(kiosk: &'a Kiosk, plan: &'a Plan, shared: &'a Shared<'a>) -> KioskCtx<'a> {
        KioskCtx {
            kiosk,
            plan,
            shared,
            timetable: timetable(plan, shared.slides, shared.built),
        }
    }

    /// The frame of slide `si` in `lang` at this kiosk's screen size.
    pub fn frame(&self, si: usize, lang: &str) -> Option<&'a Rendered> {
        let key = (self.kiosk.width, self.kiosk.height, si, lang.to_string());
        self.shared.frames.get(&key)
    }
}

/// The schedule rules resolved for a kiosk's loop (slide numbers are positions in the plan).
fn timetable(plan: &Plan, slides: &[Slide], built: Date) -> Timetable {
    let entries: Vec<Entry<'_>> = plan
        .slides
        .iter()
        .map(|(si, _)| Entry {
            schedule: &slides[*si].schedule,
            alert: slides[*si].alert,
        })
        .collect();
    Timetable::new(&entries, built)
}

/// Every kiosk's files in `config` order, then `index.html`, the overview in the site's
/// default language.
pub(super) fn write_all(config: &Config, plans: &[Plan], shared: &Shared<'_>) -> KioskOutput {
    let mut out = KioskOutput::default();
    let mut summaries = Vec::new();
    for (k, p) in config.kiosks.iter().zip(plans) {
        let ctx = KioskCtx::new(k, p, shared);
        let playlist = playlist::playlist(&ctx);
        write_kiosk(&ctx, &playlist, &mut out);
        summaries.push(overview::summary(&ctx, &playlist));
    }
    let default_lang = &config.default_language;
    let t = shared
        .strings
        .get(default_lang)
        .cloned()
        .unwrap_or_default();
    out.files.push(bytes(
        format!("{OUT_DIR}/index.html"),
        overview::page(default_lang, &t, &summaries).into_bytes(),
    ));
    out
}

/// One kiosk's `playlist.json`, player page and PNG frames, counted in `out`.
fn write_kiosk(ctx: &KioskCtx<'_>, playlist: &Value, out: &mut KioskOutput) {
    let k = ctx.kiosk;
    let json = serde_json::to_string_pretty(playlist).unwrap_or_default();
    out.files.push(bytes(
        format!("{OUT_DIR}/{}/playlist.json", k.id),
        json.into_bytes(),
    ));
    out.files.push(bytes(
        format!("{OUT_DIR}/{}/index.html", k.id),
        player::html(&player_input(ctx, playlist)).into_bytes(),
    ));
    for (si, langs) in &ctx.plan.slides {
        for l in langs {
            if let Some(r) = ctx.frame(*si, l) {
                out.frames += 1;
                out.frame_bytes += r.png.len() as u64;
                out.files.push(bytes(
                    format!(
                        "{OUT_DIR}/{}/{}",
                        k.id,
                        frame_file(&ctx.shared.slides[*si].name, l)
                    ),
                    r.png.clone(),
                ));
            }
        }
    }
}

fn bytes(path: String, b: Vec<u8>) -> OutFile {
    OutFile {
        path,
        content: Content::Bytes(b),
    }
}

/// What the player page of a kiosk is made from.
fn player_input(ctx: &KioskCtx<'_>, playlist: &Value) -> player::Input {
    let k = ctx.kiosk;
    let mut slides = Vec::new();
    for (si, langs) in &ctx.plan.slides {
        let s = &ctx.shared.slides[*si];
        let frames = langs
            .iter()
            .filter_map(|l| {
                let t = s.texts.get(l)?;
                ctx.frame(*si, l).map(|r| player::FrameIn {
                    lang: l.clone(),
                    svg: r.svg.clone(),
                    title: t.title.clone(),
                    paragraphs: t.paragraphs.clone(),
                })
            })
            .collect();
        slides.push(player::SlideIn {
            id: s.name.clone(),
            duration: s.duration,
            alert: s.alert,
            frames,
        });
    }
    player::Input {
        kiosk_id: k.id.clone(),
        width: k.width,
        height: k.height,
        languages: k.languages.clone(),
        hotline: ctx.shared.hotline.to_string(),
        hotline_labels: k
            .languages
            .iter()
            .map(|l| (l.clone(), hotline_label(ctx.shared.strings, l)))
            .collect(),
        quiet: k.quiet,
        utc_offset_minutes: k.utc_offset_minutes,
        version: playlist["version"].as_str().unwrap_or("").to_string(),
        slides,
        timetable: ctx.timetable.clone(),
    }
}
