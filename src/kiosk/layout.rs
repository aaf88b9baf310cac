//! Text layout for kiosk frames: the bundled font, measured word wrapping, and fitting a
//! slide's text into a screen at a readable size.
//!
//! Widths come from the font's own glyph advances (ttf-parser), never from a guess per
//! character: Kyrgyz and Russian words are long, and a guess that is right for English lets a
//! Kyrgyz headline run off a 384-pixel LED wall. The font is the theme's, read by the load
//! stage (`load::fonts`), never the system's.

use std::sync::Arc;

use usvg::fontdb;

use crate::model::fonts::KioskFonts;

/// The bundled font family, also named in the SVG so that usvg picks the same faces.
pub(crate) const FAMILY: &str = "DejaVu Sans";

/// The theme's fonts, parsed once per build and shared by every frame rendered in parallel.
pub(crate) struct Fonts {
    pub(crate) db: Arc<fontdb::Database>,
    regular: Vec<u8>,
    bold: Vec<u8>,
}

impl Fonts {
    /// The two faces as the load stage read them, registered for usvg under [`FAMILY`].
    pub(crate) fn new(files: KioskFonts) -> Fonts {
        let KioskFonts { regular, bold } = files;
        let mut db = fontdb::Database::new();
        db.load_font_data(regular.clone());
        db.load_font_data(bold.clone());
        db.set_sans_serif_family(FAMILY);
        Fonts {
            db: Arc::new(db),
            regular,
            bold,
        }
    }

    fn face(&self, bold: bool) -> Option<ttf_parser::Face<'_>> {
        ttf_parser::Face::parse(if bold { &self.bold } else { &self.regular }, 0).ok()
    }

    /// Width of `text` at `px` pixels per em, from the glyph advances. Characters the font
    /// lacks count as an em, so that they can only make text fit less well.
    pub(crate) fn width(&self, bold: bool, text: &str, px: f32) -> f32 {
        let Some(face) = self.face(bold) else {
            return text.chars().count() as f32 * px;
        };
        let upem = f32::from(face.units_per_em());
        let units: f32 = text
            .chars()
            .map(|c| {
                face.glyph_index(c)
                    .and_then(|g| face.glyph_hor_advance(g))
                    .map_or(upem, f32::from)
            })
            .sum();
        units / upem * px
    }

    /// Characters of `text` that the font cannot draw (they would show as empty boxes).
    pub(crate) fn missing(&self, bold: bool, text: &str) -> Vec<char> {
        let Some(face) = self.face(bold) else {
            return Vec::new();
        };
        let mut v: Vec<char> = text
            .chars()
            .filter(|c| !c.is_whitespace() && face.glyph_index(*c).is_none())
            .collect();
        v.dedup();
        v
    }
}

/// Breaks `text` into lines no wider than `max`, at spaces. `None` when one word alone is
/// wider than `max`: breaking inside a word would make it unreadable.
pub(crate) fn wrap(
    fonts: &Fonts,
    bold: bool,
    text: &str,
    px: f32,
    max: f32,
) -> Option<Vec<String>> {
    let space = fonts.width(bold, " ", px);
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut width = 0.0;
    for word in text.split_whitespace() {
        let w = fonts.width(bold, word, px);
        if w > max {
            return None;
        }
        if line.is_empty() {
            line.push_str(word);
            width = w;
        } else if width + space + w <= max {
            line.push(' ');
            line.push_str(word);
            width += space + w;
        } else {
            lines.push(std::mem::take(&mut line));
            line.push_str(word);
            width = w;
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    Some(lines)
}

/// Line heights as a multiple of the font size.
pub(crate) const TITLE_LEADING: f32 = 1.18;
pub(crate) const BODY_LEADING: f32 = 1.3;
/// Space between paragraphs, as a multiple of the body size.
pub(crate) const PARAGRAPH_GAP: f32 = 0.45;

/// Font sizes a panel allows: text starts at `*_max` and shrinks in steps to `*_min`, the
/// smallest size that can still be read at that panel's viewing distance.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Sizes {
    pub(crate) title_max: f32,
    pub(crate) title_min: f32,
    pub(crate) body_max: f32,
    pub(crate) body_min: f32,
}

/// A slide's text laid out for one area.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Fitted {
    pub(crate) title_px: f32,
    pub(crate) body_px: f32,
    pub(crate) title: Vec<String>,
    /// Lines of each paragraph.
    pub(crate) body: Vec<Vec<String>>,
    pub(crate) height: f32,
}

/// Why text did not fit, in words an editor can act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FitError(pub(crate) String);

fn block_height(f: &Fitted) -> f32 {
    let title = f.title.len() as f32 * f.title_px * TITLE_LEADING;
    let lines: usize = f.body.iter().map(Vec::len).sum();
    let body = lines as f32 * f.body_px * BODY_LEADING;
    let gaps = f.body.len() as f32 * f.body_px * PARAGRAPH_GAP * 2.0;
    title + body + if f.body.is_empty() { 0.0 } else { gaps }
}

/// Lays out `title` and `paragraphs` in a `width` × `height` area at the largest size that
/// fits, shrinking title and text together. Fails when even the smallest readable size does
/// not fit, or when the font cannot draw a character.
pub(crate) fn fit(
    fonts: &Fonts,
    title: &str,
    paragraphs: &[String],
    width: f32,
    height: f32,
    sizes: Sizes,
) -> Result<Fitted, FitError> {
    let mut missing = fonts.missing(true, title);
    for p in paragraphs {
        missing.extend(fonts.missing(false, p));
    }
    if !missing.is_empty() {
        missing.sort_unstable();
        missing.dedup();
        let list: String = missing
            .iter()
            .map(|c| format!("«{c}» U+{:04X} ", *c as u32))
            .collect();
        return Err(FitError(format!(
            "the kiosk font cannot draw {}; use another character",
            list.trim_end()
        )));
    }
    let mut scale = 1.0_f32;
    let mut last_problem = String::new();
    loop {
        let title_px = (sizes.title_max * scale).floor();
        let body_px = (sizes.body_max * scale).floor();
        if title_px < sizes.title_min.floor() || body_px < sizes.body_min.floor() {
            return Err(FitError(format!(
                "the text does not fit at the smallest readable size (title {:.0} px, text {:.0} px) in {:.0}×{:.0} px: {last_problem}; shorten it",
                sizes.title_min.floor(),
                sizes.body_min.floor(),
                width,
                height
            )));
        }
        let title_lines = wrap(fonts, true, title, title_px, width);
        let body_lines: Option<Vec<Vec<String>>> = paragraphs
            .iter()
            .map(|p| wrap(fonts, false, p, body_px, width))
            .collect();
        match (title_lines, body_lines) {
            (Some(t), Some(b)) => {
                let mut f = Fitted {
                    title_px,
                    body_px,
                    title: t,
                    body: b,
                    height: 0.0,
                };
                f.height = block_height(&f);
                if f.height <= height {
                    return Ok(f);
                }
                last_problem = format!(
                    "it needs {:.0} px of height and has {:.0}",
                    f.height, height
                );
            }
            (None, _) => {
                last_problem =
                    format!("a word of the title is wider than the {width:.0} px text area");
            }
            (_, None) => {
                last_problem =
                    format!("a word of the text is wider than the {width:.0} px text area");
            }
        }
        scale *= 0.94;
    }
}

/// The visible text of a slide's Markdown body: one string per paragraph or list item (items
/// start with a bullet). Emphasis and links keep their words; images and HTML are dropped,
/// because a kiosk frame is large type only.
pub(crate) fn plain_paragraphs(markdown: &str) -> Vec<String> {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut depth_item = 0usize;
    let mut in_image = false;
    let flush = |cur: &mut String, out: &mut Vec<String>| {
        let t = cur.split_whitespace().collect::<Vec<_>>().join(" ");
        if !t.is_empty() && t != "•" {
            out.push(t);
        }
        cur.clear();
    };
    for ev in Parser::new(markdown) {
        match ev {
            Event::Start(Tag::Item) => {
                flush(&mut cur, &mut out);
                depth_item += 1;
                cur.push_str("• ");
            }
            Event::End(TagEnd::Item) => {
                flush(&mut cur, &mut out);
                depth_item = depth_item.saturating_sub(1);
            }
            Event::Start(Tag::Paragraph | Tag::Heading { .. }) if depth_item == 0 => {
                flush(&mut cur, &mut out);
            }
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_)) if depth_item == 0 => {
                flush(&mut cur, &mut out);
            }
            Event::Start(Tag::Image { .. }) => in_image = true,
            Event::End(TagEnd::Image) => in_image = false,
            Event::Text(t) | Event::Code(t) if !in_image => cur.push_str(&t),
            Event::SoftBreak | Event::HardBreak => cur.push(' '),
            _ => {}
        }
    }
    flush(&mut cur, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fonts() -> Fonts {
        let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("themes/portal/fonts");
        Fonts::new(crate::load::fonts::read(&dir).unwrap())
    }

    #[test]
    fn widths_come_from_the_font() {
        let f = fonts();
        // Wider letters measure wider; bold is wider than regular; size scales linearly.
        assert!(f.width(false, "Ш", 100.0) > f.width(false, "і", 100.0));
        assert!(f.width(true, "Мигрант", 50.0) > f.width(false, "Мигрант", 50.0));
        let a = f.width(false, "ысык линия", 20.0);
        assert!((f.width(false, "ысык линия", 40.0) - 2.0 * a).abs() < 0.01);
        // DejaVu Sans: the digit advance is 1303 of 2048 units.
        assert!((f.width(false, "1899", 2048.0) - 4.0 * 1303.0).abs() < 0.5);
    }

    #[test]
    fn bundled_font_covers_kyrgyz() {
        let f = fonts();
        for bold in [false, true] {
            assert!(f.missing(bold, "ҢӨҮңөү Ёё «» — • №").is_empty());
        }
        assert_eq!(f.missing(false, "a\u{10FFFD}"), vec!['\u{10FFFD}']);
    }

    #[test]
    fn wraps_at_spaces_within_width() {
        let f = fonts();
        let text =
            "Чет өлкөдө 3 айдан ашык болсоңуз, 15 күндүн ичинде консулдукта каттоодон өтүңүз";
        let max = 400.0;
        let lines = wrap(&f, false, text, 30.0, max).unwrap();
        assert!(lines.len() > 1);
        for l in &lines {
            assert!(f.width(false, l, 30.0) <= max, "{l}");
        }
        assert_eq!(lines.join(" "), text);
        assert!(wrap(&f, false, "Эмгекмиграциясы", 30.0, 50.0).is_none());
    }

    fn sizes() -> Sizes {
        Sizes {
            title_max: 90.0,
            title_min: 54.0,
            body_max: 60.0,
            body_min: 36.0,
        }
    }

    #[test]
    fn fits_short_text_at_full_size_and_shrinks_longer_text() {
        let f = fonts();
        let short = fit(
            &f,
            "Ысык линия 1899",
            &["Акысыз кеңеш".into()],
            1200.0,
            800.0,
            sizes(),
        )
        .unwrap();
        assert_eq!(short.title_px, 90.0);
        assert_eq!(short.title, vec!["Ысык линия 1899"]);
        let para = "Жумуш берүүчү менен жазуу жүзүндөгү эмгек келишимин түзүңүз жана анын көчүрмөсүн сактаңыз.".to_string();
        let longer = fit(
            &f,
            "Ысык линия 1899",
            &[para.clone(), para.clone(), para],
            1200.0,
            800.0,
            sizes(),
        )
        .unwrap();
        assert!(
            longer.body_px < 60.0 && longer.body_px >= 36.0,
            "{}",
            longer.body_px
        );
        assert!(longer.height <= 800.0);
    }

    #[test]
    fn too_much_text_is_an_error_not_tiny_type() {
        let f = fonts();
        let para = "Жумуш берүүчү менен жазуу жүзүндөгү эмгек келишимин түзүңүз жана анын көчүрмөсүн сактаңыз. ".repeat(16);
        let e = fit(&f, "Келишим", &[para], 1200.0, 800.0, sizes()).unwrap_err();
        assert!(e.0.contains("smallest readable size"), "{}", e.0);
        assert!(e.0.contains("shorten"), "{}", e.0);
        let e = fit(
            &f,
            "Эмгекмиграциясыжөнүндөмыйзам",
            &[],
            300.0,
            800.0,
            sizes(),
        )
        .unwrap_err();
        assert!(e.0.contains("wider than"), "{}", e.0);
        let e = fit(&f, "Han \u{6F22}", &[], 1200.0, 800.0, sizes()).unwrap_err();
        assert!(e.0.contains("U+6F22"), "{}", e.0);
    }

    #[test]
    fn markdown_to_paragraphs() {
        let md = "Call **1899**, [free](@/hotline).\n\n- one\n- two\n  words\n\n![img](x.png)\n";
        assert_eq!(
            plain_paragraphs(md),
            vec!["Call 1899, free.", "• one", "• two words"]
        );
    }
}
