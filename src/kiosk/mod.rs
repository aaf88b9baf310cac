//! Kiosk: the screens of the LED information kiosks, built with the site.
//!
//! Kiosks stand where nobody tends them and the network is poor, so everything a kiosk needs
//! is made here, ahead of time, and nothing is fetched when it plays: per kiosk one
//! self-contained HTML player, a `playlist.json` manifest for signage software, and one PNG
//! still frame per slide and language for LED controllers that only play images. The stage
//! takes the linked site (slides are the `kiosk` section's bundles) and returns files for the
//! write stage, so kiosk output is staged and swapped in with the rest of `public/`: a failed
//! build never leaves a kiosk half-updated.
//!
//! Frames are rendered in parallel, and once per screen size: kiosks with the same panel share
//! them, which keeps nine kiosks about as cheap as three.

pub mod frame;
pub mod layout;
pub mod player;

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use rayon::prelude::*;
use serde_json::{Value, json};

use crate::diag::{Diagnostic, Diagnostics};
use crate::link::Linked;
use crate::model::config::{Kiosk, SectionKind, SlideSelection};
use crate::model::date::Date;
use crate::model::fonts::KioskFonts;
use crate::model::output::{Content, OutFile};
use crate::model::schedule::{self, Entry, LocalTime, Schedule, Timetable};
use crate::model::site::PageSource;
use crate::model::strings::Strings;
use frame::{FrameText, Geometry};
use layout::Fonts;

/// A distinct frame: screen width and height, slide index, language.
type FrameKey = (u32, u32, usize, String);

/// Where kiosk output goes inside `public/`.
pub const OUT_DIR: &str = "kiosk";

/// One language of a slide.
#[derive(Debug, Clone)]
pub struct SlideText {
    pub file: PathBuf,
    pub title: String,
    pub paragraphs: Vec<String>,
    /// Absolute URL the QR code opens for this language.
    pub qr_url: String,
}

/// A slide with its settings checked and agreed across translations.
#[derive(Debug, Clone)]
pub struct Slide {
    /// Folder name under `content/kiosk/`.
    pub name: String,
    /// Seconds each language stays on screen.
    pub duration: u32,
    pub weight: i64,
    /// Kiosk ids; empty means every kiosk.
    pub kiosks: Vec<String>,
    pub alert: bool,
    pub schedule: Schedule,
    /// Bundle path of the page the QR code opens ("" for the home page).
    pub link: String,
    pub texts: BTreeMap<String, SlideText>,
}

/// Seconds a language of a slide stays on screen when `duration` is not set.
pub const DEFAULT_DURATION: u32 = 10;

/// What the stage made.
pub struct KioskOutput {
    pub files: Vec<OutFile>,
    /// PNG still frames written (counting each kiosk's copy).
    pub frames: usize,
    pub frame_bytes: u64,
}

/// Builds every kiosk's files. `fonts` are the theme's font files as the load stage read them;
/// a read error is reported here, beside the slides' own errors, so that editors see every
/// problem at once. `built` is the day of the build: players use it to tell a wrong clock from
/// a right one.
pub fn build(
    linked: &Linked,
    strings: &BTreeMap<String, Strings>,
    fonts: Result<KioskFonts, Diagnostic>,
    built: Date,
) -> Result<(KioskOutput, Diagnostics), Diagnostics> {
    let config = &linked.site.config;
    let mut diags = Diagnostics::default();
    let slides = collect_slides(linked, &mut diags);
    if config.kiosks.is_empty() {
        return if diags.has_errors() {
            Err(diags)
        } else {
            Ok((
                KioskOutput {
                    files: Vec::new(),
                    frames: 0,
                    frame_bytes: 0,
                },
                diags,
            ))
        };
    }
    let fonts = match fonts {
        Ok(files) => Fonts::new(files),
        Err(e) => {
            diags.push(e);
            return Err(diags);
        }
    };
    let hotline = linked
        .site
        .contacts
        .iter()
        .find(|c| c.kind == "hotline" && c.phone.as_deref().is_some_and(|p| !p.is_empty()))
        .and_then(|c| c.phone.clone());
    let Some(hotline) = hotline else {
        diags.push(Diagnostic::error(
            "data/contacts.toml",
            None,
            "kiosks always show the hotline, but no entry has kind = \"hotline\" and a phone",
        ));
        return Err(diags);
    };

    // Which slides each kiosk plays, and in which languages.
    let plans: Vec<Plan> = config
        .kiosks
        .iter()
        .map(|k| plan(k, &slides, &mut diags))
        .collect();

    // Every distinct (screen size, slide, language) is laid out and rendered once.
    let mut jobs: BTreeMap<FrameKey, Vec<String>> = BTreeMap::new();
    for (k, p) in config.kiosks.iter().zip(&plans) {
        for (si, langs) in &p.slides {
            for l in langs {
                jobs.entry((k.width, k.height, *si, l.clone()))
                    .or_default()
                    .push(k.id.clone());
            }
        }
    }
    let label = |lang: &str| -> String {
        strings
            .get(lang)
            .map(|s| s.get("hotline_label").to_string())
            .unwrap_or_default()
    };
    let jobs: Vec<_> = jobs.into_iter().collect();
    let rendered: Vec<Result<(FrameKey, Rendered), Diagnostic>> = jobs
        .par_iter()
        .map(|((w, h, si, lang), kiosk_ids)| {
            let slide = &slides[*si];
            // Plans only hold languages the slide has; a miss would be a bug, not bad input.
            let Some(text) = slide.texts.get(lang) else {
                return Err(Diagnostic::error(
                    "content/kiosk",
                    None,
                    format!("slide {} has no {lang} text", slide.name),
                ));
            };
            let g = Geometry::new(*w, *h);
            let hl = label(lang);
            let ft = FrameText {
                lang,
                title: &text.title,
                paragraphs: &text.paragraphs,
                hotline_label: &hl,
                hotline: &hotline,
                alert: slide.alert,
                qr_url: &text.qr_url,
            };
            let fail = |m: String| {
                Diagnostic::error(
                    &text.file,
                    None,
                    format!(
                        "kiosk slide does not fit the {w}×{h} screen of kiosk {}: {m}",
                        kiosk_ids.join(", ")
                    ),
                )
            };
            let f = frame::compose(&fonts, &g, &ft).map_err(fail)?;
            let png = frame::render_png(&fonts, &f.svg, *w, *h).map_err(fail)?;
            Ok((
                (*w, *h, *si, lang.clone()),
                Rendered {
                    svg: f.svg,
                    png,
                    title_px: f.fitted.title_px,
                    body_px: f.fitted.body_px,
                },
            ))
        })
        .collect();
    let mut frames: HashMap<FrameKey, Rendered> = HashMap::new();
    for r in rendered {
        match r {
            Ok((k, v)) => {
                frames.insert(k, v);
            }
            Err(d) => diags.push(d),
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }

    let mut files = Vec::new();
    let mut frame_count = 0;
    let mut frame_bytes = 0u64;
    let mut summaries = Vec::new();
    for (k, p) in config.kiosks.iter().zip(&plans) {
        let ctx = KioskCtx {
            kiosk: k,
            plan: p,
            slides: &slides,
            frames: &frames,
            hotline: &hotline,
            built,
            timetable: timetable(p, &slides, built),
            labels: &label,
        };
        let playlist = ctx.playlist();
        let json = serde_json::to_string_pretty(&playlist).unwrap_or_default();
        files.push(bytes(
            format!("{OUT_DIR}/{}/playlist.json", k.id),
            json.into_bytes(),
        ));
        files.push(bytes(
            format!("{OUT_DIR}/{}/index.html", k.id),
            player::html(&ctx.player_input(&playlist)).into_bytes(),
        ));
        for (si, langs) in &p.slides {
            for l in langs {
                if let Some(r) = frames.get(&(k.width, k.height, *si, l.clone())) {
                    frame_count += 1;
                    frame_bytes += r.png.len() as u64;
                    files.push(bytes(
                        format!("{OUT_DIR}/{}/{}", k.id, frame_file(&slides[*si].name, l)),
                        r.png.clone(),
                    ));
                }
            }
        }
        summaries.push(ctx.summary(&playlist));
    }
    let default_lang = &config.default_language;
    let t = strings.get(default_lang).cloned().unwrap_or_default();
    files.push(bytes(
        format!("{OUT_DIR}/index.html"),
        player::overview(default_lang, &t, &summaries).into_bytes(),
    ));
    Ok((
        KioskOutput {
            files,
            frames: frame_count,
            frame_bytes,
        },
        diags,
    ))
}

fn bytes(path: String, b: Vec<u8>) -> OutFile {
    OutFile {
        path,
        content: Content::Bytes(b),
    }
}

/// Frame file of a slide in a language, relative to the kiosk's folder.
pub fn frame_file(slide: &str, lang: &str) -> String {
    format!("frames/{}.{lang}.png", slide.replace('/', "-"))
}

struct Rendered {
    svg: String,
    png: Vec<u8>,
    title_px: f32,
    body_px: f32,
}

/// A kiosk's loop: slide indices in play order with the languages each is shown in.
struct Plan {
    slides: Vec<(usize, Vec<String>)>,
}

fn plan(k: &Kiosk, slides: &[Slide], diags: &mut Diagnostics) -> Plan {
    let mut out = Vec::new();
    for (i, s) in slides.iter().enumerate() {
        let for_me = s.kiosks.is_empty() || s.kiosks.contains(&k.id);
        let selected = match &k.slides {
            SlideSelection::All => true,
            SlideSelection::Only(names) => names.contains(&s.name),
        };
        // Alerts go to every kiosk they name (all by default), whatever its selection.
        if !for_me || !(selected || s.alert) {
            continue;
        }
        let langs: Vec<String> = k
            .languages
            .iter()
            .filter(|l| s.texts.contains_key(*l))
            .cloned()
            .collect();
        if langs.is_empty() {
            if let Some(t) = s.texts.values().next() {
                diags.push(Diagnostic::warning(
                    &t.file,
                    None,
                    format!(
                        "kiosk {} shows {}, and this slide exists in none of them; it is left out there",
                        k.id,
                        k.languages.join(", ")
                    ),
                ));
            }
            continue;
        }
        out.push((i, langs));
    }
    if out.iter().all(|(i, _)| slides[*i].alert) {
        diags.push(Diagnostic::warning(
            "site.toml",
            k.line,
            format!(
                "kiosk {} has no regular slides to play; it shows only the hotline",
                k.id
            ),
        ));
    }
    Plan { slides: out }
}

/// Reads the `kiosk` section's bundles into slides, checking that every translation agrees on
/// the settings (an editor who changes the duration in one language only would otherwise see
/// it silently ignored) and that `link` names a real page.
fn collect_slides(linked: &Linked, diags: &mut Diagnostics) -> Vec<Slide> {
    let site = &linked.site;
    let config = &site.config;
    let mut slides = Vec::new();
    for b in &linked.bundles {
        if b.kind != SectionKind::Kiosk || b.is_section {
            continue;
        }
        let name = b
            .path
            .strip_prefix(&format!("{}/", b.section))
            .unwrap_or(&b.path)
            .to_string();
        // Settings come from the default language's file, else the first in fallback order.
        let order: Vec<&String> = std::iter::once(&config.default_language)
            .chain(
                config
                    .language(&config.default_language)
                    .map(|l| l.fallback.iter())
                    .into_iter()
                    .flatten(),
            )
            .collect();
        let Some(&reference) = order
            .iter()
            .find_map(|l| b.translations.get(*l))
            .or_else(|| b.translations.values().next())
        else {
            continue;
        };
        let r = &site.pages[reference];
        let mut ok = true;
        for &pi in b.translations.values() {
            let p = &site.pages[pi];
            if pi == reference {
                continue;
            }
            if let Some(key) = settings_differ(r, p) {
                let line = p
                    .meta
                    .kiosk_lines
                    .get(key)
                    .or_else(|| r.meta.kiosk_lines.get(key))
                    .copied();
                diags.push(Diagnostic::error(
                    &p.file,
                    line,
                    format!(
                        "key `{key}`: differs from {}; a slide's settings must be the same in every language",
                        r.file.display()
                    ),
                ));
                ok = false;
            }
        }
        let link = r
            .meta
            .link
            .as_ref()
            .map(|l| l.value.clone())
            .unwrap_or_default();
        if let Some(l) = &r.meta.link
            && !l.value.is_empty()
        {
            let target = linked.bundle_of.get(&l.value).map(|&i| &linked.bundles[i]);
            if target.is_none_or(|t| t.kind == SectionKind::Kiosk) {
                let msg = if target.is_some() {
                    format!(
                        "key `link`: `{}` is a kiosk slide, not a portal page",
                        l.value
                    )
                } else {
                    format!(
                        "key `link`: there is no page `{}` (a folder under content/ with index.<lang>.md or _index.<lang>.md)",
                        l.value
                    )
                };
                diags.push(Diagnostic::error(&r.file, Some(l.line), msg));
                ok = false;
            }
        }
        if !ok {
            continue;
        }
        let mut texts = BTreeMap::new();
        for (lang, &pi) in &b.translations {
            let p = &site.pages[pi];
            let path = if link.is_empty() {
                Some(format!("/{lang}/"))
            } else {
                linked.url(&link, lang).map(str::to_string)
            };
            let Some(path) = path else {
                diags.push(Diagnostic::error(
                    &r.file,
                    r.meta.link.as_ref().map(|l| l.line),
                    format!("key `link`: `{link}` has no page for {lang} readers"),
                ));
                continue;
            };
            texts.insert(
                lang.clone(),
                SlideText {
                    file: p.file.clone(),
                    title: p.meta.title.clone(),
                    paragraphs: layout::plain_paragraphs(&p.body),
                    qr_url: config.permalink(&path),
                },
            );
        }
        slides.push(Slide {
            name,
            duration: r.meta.duration.unwrap_or(DEFAULT_DURATION),
            weight: r.meta.weight,
            kiosks: r.meta.kiosks.iter().map(|k| k.value.clone()).collect(),
            alert: r.meta.alert,
            schedule: r
                .meta
                .schedule
                .as_ref()
                .map(|(s, _)| s.clone())
                .unwrap_or_default(),
            link,
            texts,
        });
    }
    slides.sort_by(|a, b| a.weight.cmp(&b.weight).then_with(|| a.name.cmp(&b.name)));
    slides
}

/// The first kiosk setting on which two translations of a slide disagree.
fn settings_differ(a: &PageSource, b: &PageSource) -> Option<&'static str> {
    let (x, y) = (&a.meta, &b.meta);
    let ids =
        |m: &crate::model::site::Meta| m.kiosks.iter().map(|k| k.value.clone()).collect::<Vec<_>>();
    if x.duration != y.duration {
        Some("duration")
    } else if x.weight != y.weight {
        Some("weight")
    } else if ids(x) != ids(y) {
        Some("kiosks")
    } else if x.alert != y.alert {
        Some("alert")
    } else if x.link.as_ref().map(|l| &l.value) != y.link.as_ref().map(|l| &l.value) {
        Some("link")
    } else if x.schedule.as_ref().map(|s| &s.0) != y.schedule.as_ref().map(|s| &s.0) {
        Some("schedule")
    } else {
        None
    }
}

/// Everything needed to write one kiosk's files.
struct KioskCtx<'a> {
    kiosk: &'a Kiosk,
    plan: &'a Plan,
    slides: &'a [Slide],
    frames: &'a HashMap<FrameKey, Rendered>,
    hotline: &'a str,
    built: Date,
    /// When each slide of the plan plays, by the schedule rules.
    timetable: Timetable,
    labels: &'a dyn Fn(&str) -> String,
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

fn schedule_json(s: &Schedule) -> Value {
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

impl KioskCtx<'_> {
    fn key(&self, si: usize, lang: &str) -> FrameKey {
        (self.kiosk.width, self.kiosk.height, si, lang.to_string())
    }

    /// The manifest: every field a signage player needs to show the loop without the HTML.
    fn playlist(&self) -> Value {
        let k = self.kiosk;
        let slides: Vec<Value> = self
            .plan
            .slides
            .iter()
            .map(|(si, langs)| {
                let s = &self.slides[*si];
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
            "hotline": self.hotline,
            "quiet": k.quiet.map(|q| q.to_string()),
            "utc_offset_minutes": k.utc_offset_minutes,
            "slides": slides,
        });
        // The version hashes what is shown (the manifest and every frame), so a player can
        // tell new content from old without comparing files; the build date is left out so
        // that rebuilding the same content keeps the version.
        let manifest = v.to_string();
        let mut parts: Vec<&[u8]> = vec![manifest.as_bytes()];
        for (si, langs) in &self.plan.slides {
            for l in langs {
                if let Some(r) = self.frames.get(&self.key(*si, l)) {
                    parts.push(r.svg.as_bytes());
                }
            }
        }
        v["version"] = Value::String(content_hash(&parts));
        v["built"] = Value::String(self.built.to_string());
        v
    }

    fn player_input(&self, playlist: &Value) -> player::Input {
        let k = self.kiosk;
        let mut slides = Vec::new();
        for (si, langs) in &self.plan.slides {
            let s = &self.slides[*si];
            let frames = langs
                .iter()
                .filter_map(|l| {
                    let t = s.texts.get(l)?;
                    self.frames.get(&self.key(*si, l)).map(|r| player::FrameIn {
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
            hotline: self.hotline.to_string(),
            hotline_labels: k
                .languages
                .iter()
                .map(|l| (l.clone(), (self.labels)(l)))
                .collect(),
            quiet: k.quiet,
            utc_offset_minutes: k.utc_offset_minutes,
            version: playlist["version"].as_str().unwrap_or("").to_string(),
            slides,
            timetable: self.timetable.clone(),
        }
    }

    /// What the editors' overview shows of this kiosk.
    fn summary(&self, playlist: &Value) -> player::KioskSummary {
        let k = self.kiosk;
        let now = LocalTime::from_unix_ms(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_millis() as i64)
                .unwrap_or(0),
            k.utc_offset_minutes,
        );
        let choice = self.timetable.choose(now.wall_minute());
        let slides = self
            .plan
            .slides
            .iter()
            .enumerate()
            .map(|(i, (si, langs))| {
                let s = &self.slides[*si];
                let status = if choice.slides.contains(&i) {
                    player::Status::Playing
                } else if s.schedule.expired_before(now.date) {
                    player::Status::Expired
                } else {
                    player::Status::Scheduled
                };
                let sizes = langs
                    .first()
                    .and_then(|l| self.frames.get(&self.key(*si, l)))
                    .map(|r| (r.title_px, r.body_px))
                    .unwrap_or((0.0, 0.0));
                player::SlideSummary {
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
        player::KioskSummary {
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

    #[test]
    fn frame_files() {
        assert_eq!(
            frame_file("hotline-1899", "ky"),
            "frames/hotline-1899.ky.png"
        );
    }
}
