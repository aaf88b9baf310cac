//! Lays out and renders every distinct frame, as SVG and PNG, once and in parallel: a frame is
//! a slide in one language at one screen size, shared by every kiosk with that screen.

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;

use super::frame::{self, FrameText, Geometry};
use super::layout::Fonts;
use super::plan::Plan;
use super::{Slide, hotline_label};
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::config::Kiosk;
use crate::model::strings::Strings;

/// A distinct frame: screen width and height, slide index, language.
pub(super) type FrameKey = (u32, u32, usize, String);

/// One frame, rendered.
pub(super) struct Rendered {
    pub(crate) svg: String,
    pub(crate) png: Vec<u8>,
    /// Font sizes the text was fitted at, for the editors' overview.
    pub(crate) title_px: f32,
    pub(crate) body_px: f32,
}

/// What every frame shows besides its slide, and what it is drawn with.
pub(super) struct Common<'a> {
    pub(crate) fonts: &'a Fonts,
    pub(crate) hotline: &'a str,
    /// UI strings per language, for the hotline's label.
    pub(crate) strings: &'a BTreeMap<String, Strings>,
}

/// Renders every frame the kiosks' plans show. A slide that does not fit a screen is an error
/// naming its file and the kiosks with that screen; the frames that did render are returned.
pub(super) fn render_all(
    kiosks: &[Kiosk],
    plans: &[Plan],
    slides: &[Slide],
    common: &Common<'_>,
    diags: &mut Diagnostics,
) -> HashMap<FrameKey, Rendered> {
    let jobs: Vec<_> = distinct_frames(kiosks, plans).into_iter().collect();
    let rendered: Vec<Result<(FrameKey, Rendered), Diagnostic>> = jobs
        .par_iter()
        .map(|(key, kiosk_ids)| Ok((key.clone(), render(key, kiosk_ids, slides, common)?)))
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
    frames
}

/// Every distinct (screen size, slide, language) in the plans, with the kiosks that show it.
fn distinct_frames(kiosks: &[Kiosk], plans: &[Plan]) -> BTreeMap<FrameKey, Vec<String>> {
    let mut jobs: BTreeMap<FrameKey, Vec<String>> = BTreeMap::new();
    for (k, p) in kiosks.iter().zip(plans) {
        for (si, langs) in &p.slides {
            for l in langs {
                jobs.entry((k.width, k.height, *si, l.clone()))
                    .or_default()
                    .push(k.id.clone());
            }
        }
    }
    jobs
}

/// Lays out one frame and renders it; `kiosk_ids` are named when the slide does not fit.
fn render(
    (w, h, si, lang): &FrameKey,
    kiosk_ids: &[String],
    slides: &[Slide],
    common: &Common<'_>,
) -> Result<Rendered, Diagnostic> {
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
    let hl = hotline_label(common.strings, lang);
    let ft = FrameText {
        lang,
        title: &text.title,
        paragraphs: &text.paragraphs,
        hotline_label: &hl,
        hotline: common.hotline,
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
    let f = frame::compose(common.fonts, &g, &ft).map_err(fail)?;
    let png = frame::render_png(common.fonts, &f.svg, *w, *h).map_err(fail)?;
    Ok(Rendered {
        svg: f.svg,
        png,
        title_px: f.fitted.title_px,
        body_px: f.fitted.body_px,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kiosk::fixture::{self, kiosk, slide};

    fn plan_all(kiosks: &[Kiosk], slides: &[Slide]) -> Vec<Plan> {
        kiosks
            .iter()
            .map(|k| Plan {
                slides: (0..slides.len())
                    .map(|i| {
                        let langs = k.languages.iter();
                        (
                            i,
                            langs
                                .filter(|l| slides[i].texts.contains_key(*l))
                                .cloned()
                                .collect(),
                        )
                    })
                    .collect(),
            })
            .collect()
    }

    #[test]
    fn kiosks_with_one_screen_size_share_each_frame() {
        let kiosks = [
            kiosk("a", 1920, 1080, &["ky", "ru"]),
            kiosk("b", 1920, 1080, &["ky"]),
            kiosk("c", 384, 192, &["ky"]),
        ];
        let slides = [slide("s", false, &["ky", "ru"])];
        let jobs = distinct_frames(&kiosks, &plan_all(&kiosks, &slides));
        let got: Vec<(&FrameKey, Vec<&str>)> = jobs
            .iter()
            .map(|(k, ids)| (k, ids.iter().map(String::as_str).collect()))
            .collect();
        assert_eq!(
            got,
            [
                (&(384, 192, 0, "ky".to_string()), vec!["c"]),
                (&(1920, 1080, 0, "ky".to_string()), vec!["a", "b"]),
                (&(1920, 1080, 0, "ru".to_string()), vec!["a"]),
            ]
        );
    }

    #[test]
    fn a_slide_that_does_not_fit_names_its_file_and_the_kiosks_with_that_screen() {
        let kiosks = [
            kiosk("led-1", 192, 96, &["ky"]),
            kiosk("led-2", 192, 96, &["ky"]),
            kiosk("hall", 960, 540, &["ky"]),
        ];
        let mut s = slide("long", false, &["ky"]);
        if let Some(t) = s.texts.get_mut("ky") {
            t.title = "Чет өлкөдө иштөөгө кетерден мурун эмгек келишимин текшериңиз жана көчүрмөсүн сактаңыз".into();
        }
        let slides = [s];
        let fonts = fixture::fonts();
        let strings = BTreeMap::new();
        let common = Common {
            fonts: &fonts,
            hotline: "1899",
            strings: &strings,
        };
        let mut diags = Diagnostics::default();
        let frames = render_all(
            &kiosks,
            &plan_all(&kiosks, &slides),
            &slides,
            &common,
            &mut diags,
        );
        let d = diags.sorted();
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].file.to_str(), Some("content/kiosk/long/index.ky.md"));
        assert!(
            d[0].message
                .starts_with("kiosk slide does not fit the 192×96 screen of kiosk led-1, led-2: "),
            "{}",
            d[0].message
        );
        assert_eq!(frames.len(), 1);
        let r = &frames[&(960, 540, 0, "ky".to_string())];
        assert!(r.svg.starts_with("<svg") && r.svg.contains("1899"));
        assert!(r.png.starts_with(b"\x89PNG"));
        assert!(r.title_px > 0.0 && r.body_px > 0.0);
    }
}
