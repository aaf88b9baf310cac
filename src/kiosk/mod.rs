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

mod files;
#[cfg(test)]
mod fixture;
pub(crate) mod frame;
pub(crate) mod layout;
mod overview;
mod plan;
pub(crate) mod player;
mod playlist;
mod rendering;
mod slides;

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::diag::{Diagnostic, Diagnostics};
use crate::link::Linked;
use crate::model::date::Date;
use crate::model::fonts::KioskFonts;
use crate::model::output::OutFile;
use crate::model::schedule::Schedule;
use crate::model::strings::Strings;
use crate::render::Theme;
use layout::Fonts;
use plan::Plan;

/// Where kiosk output goes inside `public/`.
pub(crate) const OUT_DIR: &str = "kiosk";

/// One language of a slide.
#[derive(Debug, Clone)]
pub(crate) struct SlideText {
    pub(crate) file: PathBuf,
    pub(crate) title: String,
    pub(crate) paragraphs: Vec<String>,
    /// Absolute URL the QR code opens for this language.
    pub(crate) qr_url: String,
}

/// A slide with its settings checked and agreed across translations.
#[derive(Debug, Clone)]
pub(crate) struct Slide {
    /// Folder name under `content/kiosk/`.
    pub(crate) name: String,
    /// Seconds each language stays on screen.
    pub(crate) duration: u32,
    pub(crate) weight: i64,
    /// Kiosk ids; empty means every kiosk.
    pub(crate) kiosks: Vec<String>,
    pub(crate) alert: bool,
    pub(crate) schedule: Schedule,
    /// Bundle path of the page the QR code opens ("" for the home page).
    pub(crate) link: String,
    pub(crate) texts: BTreeMap<String, SlideText>,
}

/// Seconds a language of a slide stays on screen when `duration` is not set.
pub(crate) const DEFAULT_DURATION: u32 = 10;

/// What the stage made.
#[derive(Default)]
pub(crate) struct KioskOutput {
    pub(crate) files: Vec<OutFile>,
    /// PNG still frames written (counting each kiosk's copy).
    pub(crate) frames: usize,
    pub(crate) frame_bytes: u64,
}

/// Builds every kiosk's files. `fonts` are the theme's font files as the load stage read them;
/// a read error is reported here, beside the slides' own errors, so that editors see every
/// problem at once. `built` is the day of the build: players use it to tell a wrong clock from
/// a right one.
pub(crate) fn build(
    linked: &Linked,
    strings: &BTreeMap<String, Strings>,
    theme: &Theme,
    fonts: Result<KioskFonts, Diagnostic>,
    built: Date,
    diags: &mut Diagnostics,
) -> Result<KioskOutput, Diagnostics> {
    let (out, found) = build_screens(linked, strings, theme, fonts, built)?;
    diags.extend(found);
    Ok(out)
}

/// [`build`], with its findings beside the screens.
fn build_screens(
    linked: &Linked,
    strings: &BTreeMap<String, Strings>,
    theme: &Theme,
    fonts: Result<KioskFonts, Diagnostic>,
    built: Date,
) -> Result<(KioskOutput, Diagnostics), Diagnostics> {
    let config = &linked.site.config;
    let mut diags = Diagnostics::default();
    let slides = slides::collect(linked, &mut diags);
    if config.kiosks.is_empty() {
        return if diags.has_errors() {
            Err(diags)
        } else {
            Ok((KioskOutput::default(), diags))
        };
    }
    let fonts = match fonts {
        Ok(files) => Fonts::new(files),
        Err(e) => {
            diags.push(e);
            return Err(diags);
        }
    };
    let Some(hotline) = hotline(linked) else {
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
        .map(|k| plan::plan(k, &slides, &mut diags))
        .collect();

    // Every distinct (screen size, slide, language) is laid out and rendered once.
    let common = rendering::Common {
        fonts: &fonts,
        hotline: &hotline,
        strings,
    };
    let frames = rendering::render_all(&config.kiosks, &plans, &slides, &common, &mut diags);
    if diags.has_errors() {
        return Err(diags);
    }

    // Each kiosk's playlist, player and frames, then the editors' overview.
    let shared = files::Shared {
        slides: &slides,
        frames: &frames,
        hotline: &hotline,
        strings,
        built,
        theme,
    };
    match files::write_all(config, &plans, &shared) {
        Ok(out) => Ok((out, diags)),
        Err(e) => {
            diags.push(e);
            Err(diags)
        }
    }
}

/// The hotline every kiosk shows: the phone of the first contact of kind `hotline` that has one.
fn hotline(linked: &Linked) -> Option<String> {
    linked
        .site
        .contacts
        .iter()
        .find(|c| c.kind == "hotline" && c.phone.as_deref().is_some_and(|p| !p.is_empty()))
        .and_then(|c| c.phone.clone())
}

/// The hotline's label in `lang` from the theme's UI strings ("" without one).
fn hotline_label(strings: &BTreeMap<String, Strings>, lang: &str) -> String {
    strings
        .get(lang)
        .map(|s| s.get("hotline_label").to_string())
        .unwrap_or_default()
}

/// Frame file of a slide in a language, relative to the kiosk's folder.
pub(crate) fn frame_file(slide: &str, lang: &str) -> String {
    format!("frames/{}.{lang}.png", slide.replace('/', "-"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kiosk::fixture::{self, at_line, date, kiosk, meta, slide_page};
    use crate::model::site::{Meta, PageSource};

    fn pages() -> Vec<PageSource> {
        let alert = Meta {
            alert: true,
            weight: -1,
            ..meta("Эскертүү")
        };
        vec![
            slide_page("hotline", "ky", "Акысыз.", meta("Ысык линия 1899")),
            slide_page("hotline", "ru", "Бесплатно.", meta("Горячая линия 1899")),
            slide_page("alert", "ky", "Бүгүн.", alert),
        ]
    }

    fn run(
        kiosks: Vec<crate::model::config::Kiosk>,
        pages: Vec<PageSource>,
        hotline: bool,
        fonts: Result<KioskFonts, Diagnostic>,
    ) -> Result<(KioskOutput, Diagnostics), Diagnostics> {
        let contacts = if hotline {
            vec![fixture::hotline()]
        } else {
            Vec::new()
        };
        let linked = fixture::linked(fixture::config(kiosks), pages, contacts);
        build_screens(
            &linked,
            &fixture::all_portal_strings(),
            &fixture::portal_theme(),
            fonts,
            date("2026-11-22"),
        )
    }

    fn font_error() -> Diagnostic {
        Diagnostic::error("themes/portal/fonts/DejaVuSans.ttf", None, "cannot read")
    }

    #[test]
    fn builds_every_kiosk_and_the_overview() {
        let kiosks = vec![
            kiosk("hall", 640, 360, &["ky", "ru"]),
            kiosk("wall", 384, 192, &["ky"]),
        ];
        let (out, diags) = run(kiosks, pages(), true, Ok(fixture::font_files())).unwrap();
        assert!(diags.sorted().is_empty());
        let paths: Vec<&str> = out.files.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "kiosk/hall/playlist.json",
                "kiosk/hall/index.html",
                "kiosk/hall/frames/alert.ky.png",
                "kiosk/hall/frames/hotline.ky.png",
                "kiosk/hall/frames/hotline.ru.png",
                "kiosk/wall/playlist.json",
                "kiosk/wall/index.html",
                "kiosk/wall/frames/alert.ky.png",
                "kiosk/wall/frames/hotline.ky.png",
                "kiosk/index.html",
                "ky/kiosk/index.html",
                "ru/kiosk/index.html",
                "en/kiosk/index.html",
                "kiosk/overview.css",
            ]
        );
        assert_eq!(out.frames, 5);
        assert!(out.frame_bytes > 0);
    }

    #[test]
    fn a_site_without_kiosks_makes_nothing_and_needs_no_font() {
        let (out, diags) = run(Vec::new(), pages(), false, Err(font_error())).unwrap();
        assert!(out.files.is_empty() && out.frames == 0);
        assert!(diags.sorted().is_empty());
    }

    #[test]
    fn a_font_error_comes_with_the_slides_own_errors() {
        let mut broken = pages();
        broken.push(slide_page(
            "bad-link",
            "ky",
            "x",
            Meta {
                link: Some(at_line("nowhere", 3)),
                ..meta("x")
            },
        ));
        let kiosks = vec![kiosk("hall", 640, 360, &["ky"])];
        let Err(diags) = run(kiosks, broken, true, Err(font_error())) else {
            panic!("a font error fails the stage");
        };
        let files: Vec<String> = diags
            .sorted()
            .iter()
            .map(|d| d.file.display().to_string())
            .collect();
        assert_eq!(
            files,
            [
                "content/kiosk/bad-link/index.ky.md",
                "themes/portal/fonts/DejaVuSans.ttf"
            ]
        );
    }

    #[test]
    fn kiosks_need_a_hotline() {
        let kiosks = vec![kiosk("hall", 640, 360, &["ky"])];
        let Err(diags) = run(kiosks, pages(), false, Ok(fixture::font_files())) else {
            panic!("no hotline fails the stage");
        };
        let d = diags.sorted();
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].file.to_str(), Some("data/contacts.toml"));
        assert!(d[0].message.contains("kind = \"hotline\""));
    }

    #[test]
    fn frame_files() {
        assert_eq!(
            frame_file("hotline-1899", "ky"),
            "frames/hotline-1899.ky.png"
        );
    }
}
