//! Writes each kiosk's files from its plan and the rendered frames (`playlist.json`, the player
//! page and the PNG frames), then the editors' overview of every kiosk.

use std::collections::{BTreeMap, HashMap};

use serde_json::Value;

use super::plan::Plan;
use super::rendering::{FrameKey, Rendered};
use super::{KioskOutput, OUT_DIR, Slide, frame_file, hotline_label, overview, player, playlist};
use crate::diag::Diagnostic;
use crate::model::config::{Config, Kiosk};
use crate::model::date::Date;
use crate::model::output::{Content, OutFile};
use crate::model::schedule::{Entry, Timetable};
use crate::model::strings::Strings;
use crate::render::Theme;

/// What every kiosk's files are made from.
pub(super) struct Shared<'a> {
    pub(crate) slides: &'a [Slide],
    pub(crate) frames: &'a HashMap<FrameKey, Rendered>,
    pub(crate) hotline: &'a str,
    /// UI strings per language: the hotline's label, the overview's words.
    pub(crate) strings: &'a BTreeMap<String, Strings>,
    pub(crate) built: Date,
    /// The theme, for the overview's template.
    pub(crate) theme: &'a Theme,
}

/// One kiosk and everything needed to write its files.
pub(super) struct KioskCtx<'a> {
    pub(crate) kiosk: &'a Kiosk,
    pub(crate) plan: &'a Plan,
    pub(crate) shared: &'a Shared<'a>,
    /// When each slide of the plan plays, by the schedule rules.
    pub(crate) timetable: Timetable,
}

impl<'a> KioskCtx<'a> {
    pub(crate) fn new(kiosk: &'a Kiosk, plan: &'a Plan, shared: &'a Shared<'a>) -> KioskCtx<'a> {
        KioskCtx {
            kiosk,
            plan,
            shared,
            timetable: timetable(plan, shared.slides, shared.built),
        }
    }

    /// The frame of slide `si` in `lang` at this kiosk's screen size.
    pub(crate) fn frame(&self, si: usize, lang: &str) -> Option<&'a Rendered> {
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

/// Every kiosk's files in `config` order, then the overview in every language
/// (`index.html`: the site's default language) and its stylesheet.
pub(super) fn write_all(
    config: &Config,
    plans: &[Plan],
    shared: &Shared<'_>,
) -> Result<KioskOutput, Diagnostic> {
    let mut out = KioskOutput::default();
    let mut summaries = Vec::new();
    for (k, p) in config.kiosks.iter().zip(plans) {
        let ctx = KioskCtx::new(k, p, shared);
        let playlist = playlist::playlist(&ctx);
        write_kiosk(&ctx, &playlist, &mut out);
        summaries.push(overview::summary(&ctx, &playlist));
    }
    if shared.theme.has(overview::TEMPLATE) {
        for (path, html) in overview::pages(config, shared.strings, shared.theme, &summaries)? {
            out.files.push(bytes(path, html.into_bytes()));
        }
        out.files.push(bytes(
            overview::STYLE_PATH.to_string(),
            overview::STYLE.as_bytes().to_vec(),
        ));
    }
    Ok(out)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kiosk::fixture::{config, date, kiosk, slide};
    use crate::model::output::Content;

    fn rendered(png: &[u8]) -> Rendered {
        Rendered {
            svg: "<svg></svg>".into(),
            png: png.to_vec(),
            title_px: 50.0,
            body_px: 30.0,
        }
    }

    fn strings() -> BTreeMap<String, Strings> {
        let label = |s: &str| Strings {
            text: BTreeMap::from([("hotline_label".to_string(), s.to_string())]),
            months: None,
        };
        BTreeMap::from([("ky".into(), label("Ысык линия")), ("ru".into(), label(""))])
    }

    #[test]
    fn each_kiosk_gets_its_playlist_player_and_frames_and_the_overview_comes_last() {
        let config = config(vec![
            kiosk("k1", 640, 360, &["ky", "ru"]),
            kiosk("k2", 640, 360, &["ky"]),
        ]);
        let slides = [slide("a", false, &["ky", "ru"])];
        let plans = [
            Plan {
                slides: vec![(0, vec!["ky".into(), "ru".into()])],
            },
            Plan {
                slides: vec![(0, vec!["ky".into()])],
            },
        ];
        let frames = HashMap::from([
            ((640, 360, 0, "ky".to_string()), rendered(b"ky!")),
            ((640, 360, 0, "ru".to_string()), rendered(b"ru...")),
        ]);
        let strings = crate::kiosk::fixture::all_portal_strings();
        let shared = Shared {
            slides: &slides,
            frames: &frames,
            hotline: "1899",
            strings: &strings,
            built: date("2026-11-22"),
            theme: &crate::kiosk::fixture::portal_theme(),
        };
        let out = write_all(&config, &plans, &shared).unwrap();
        let paths: Vec<&str> = out.files.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "kiosk/k1/playlist.json",
                "kiosk/k1/index.html",
                "kiosk/k1/frames/a.ky.png",
                "kiosk/k1/frames/a.ru.png",
                "kiosk/k2/playlist.json",
                "kiosk/k2/index.html",
                "kiosk/k2/frames/a.ky.png",
                "kiosk/index.html",
                "ky/kiosk/index.html",
                "ru/kiosk/index.html",
                "en/kiosk/index.html",
                "kiosk/overview.css",
            ]
        );
        assert_eq!(out.frames, 3);
        assert_eq!(out.frame_bytes, 3 + 5 + 3);
        assert!(matches!(&out.files[3].content, Content::Bytes(b) if b == b"ru..."));
    }

    #[test]
    fn the_player_gets_the_labels_the_frames_and_the_timetable_of_its_loop() {
        let k = kiosk("k1", 640, 360, &["ky", "ru", "en"]);
        let slides = [
            slide("regular", false, &["ky", "ru", "en"]),
            slide("alert", true, &["ky"]),
        ];
        let plan = Plan {
            slides: vec![
                (1, vec!["ky".into()]),
                (0, vec!["ky".into(), "ru".into(), "en".into()]),
            ],
        };
        // No frame rendered for English: the player leaves that language out.
        let frames = HashMap::from([
            ((640, 360, 0, "ky".to_string()), rendered(b"1")),
            ((640, 360, 0, "ru".to_string()), rendered(b"2")),
            ((640, 360, 1, "ky".to_string()), rendered(b"3")),
        ]);
        let strings = strings();
        let shared = Shared {
            slides: &slides,
            frames: &frames,
            hotline: "1899",
            strings: &strings,
            built: date("2026-11-22"),
            theme: &crate::kiosk::fixture::portal_theme(),
        };
        let ctx = KioskCtx::new(&k, &plan, &shared);
        let playlist = serde_json::json!({ "version": "abc" });
        let i = player_input(&ctx, &playlist);
        assert_eq!(i.version, "abc");
        let ids: Vec<&str> = i.slides.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["alert", "regular"]);
        let langs: Vec<&str> = i.slides[1].frames.iter().map(|f| f.lang.as_str()).collect();
        assert_eq!(langs, ["ky", "ru"]);
        assert_eq!(i.hotline_labels["ky"], "Ысык линия");
        assert_eq!(i.hotline_labels["en"], "");
        // Slide numbers in the timetable are positions in the loop: the alert is first.
        assert_eq!(i.timetable.tiers[0].slides, [0]);
        assert_eq!(i.timetable.idle, [1]);
    }
}
