//! One kiosk frame: a slide in one language at one screen size, as SVG (shown inline by the
//! HTML player) and as PNG (for LED controllers that only play images).
//!
//! Both come from the same SVG so that the page and the still frames cannot drift apart. The
//! layout depends on the panel: landscape screens put the QR code beside the text, portrait
//! screens below it, and small LED walls show only the headline, because body text at their
//! resolution would be too small to read.

use qrcode::{Color, EcLevel, QrCode};

use super::layout::{self, FAMILY, Fitted, Fonts, Sizes};
use crate::util::text::escape_html;

/// The kind of panel, decided by its pixel size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Panel {
    Landscape,
    Portrait,
    /// Short side under [`LED_MAX_SHORT_SIDE`] pixels: an LED wall seen from afar.
    Led,
}

/// Panels with a short side below this many pixels are treated as LED walls.
pub(crate) const LED_MAX_SHORT_SIDE: u32 = 480;

impl Panel {
    pub(crate) fn of(width: u32, height: u32) -> Panel {
        if width.min(height) < LED_MAX_SHORT_SIDE {
            Panel::Led
        } else if height > width {
            Panel::Portrait
        } else {
            Panel::Landscape
        }
    }
}

/// Colours: white on dark blue, alerts white on dark red, the hotline in a yellow band.
/// Strong contrast because kiosks stand in bright halls and are read from far away.
const BG: &str = "#0b3d5c";
const BG_ALERT: &str = "#9b1111";
const FG: &str = "#ffffff";
const FG_BODY: &str = "#e3eef6";
const BAR: &str = "#ffd23f";
const BAR_FG: &str = "#111111";

/// What a frame shows.
pub(crate) struct FrameText<'a> {
    pub(crate) lang: &'a str,
    pub(crate) title: &'a str,
    pub(crate) paragraphs: &'a [String],
    pub(crate) hotline_label: &'a str,
    pub(crate) hotline: &'a str,
    pub(crate) alert: bool,
    /// The URL the QR code opens.
    pub(crate) qr_url: &'a str,
}

/// Geometry of one screen size, shared by all its frames.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Geometry {
    pub(crate) width: u32,
    pub(crate) height: u32,
    pub(crate) panel: Panel,
    margin: f32,
    bar: f32,
}

impl Geometry {
    pub(crate) fn new(width: u32, height: u32) -> Geometry {
        let panel = Panel::of(width, height);
        let short = width.min(height) as f32;
        let margin = (short * 0.05).round().max(4.0);
        let bar = match panel {
            Panel::Landscape => height as f32 * 0.15,
            Panel::Portrait => height as f32 * 0.09,
            Panel::Led => (height as f32 * 0.22).max(24.0),
        }
        .round();
        Geometry {
            width,
            height,
            panel,
            margin,
            bar,
        }
    }

    /// Readable sizes for this panel (see `Sizes`): proportional to the short side, with an
    /// absolute floor for LED walls, where a pixel is a lamp and 14 of them is the least a
    /// letter needs.
    pub(crate) fn sizes(&self) -> Sizes {
        let short = self.width.min(self.height) as f32;
        match self.panel {
            Panel::Led => Sizes {
                title_max: short * 0.16,
                title_min: (short * 0.075).max(14.0),
                body_max: short * 0.16,
                body_min: (short * 0.075).max(14.0),
            },
            _ => Sizes {
                title_max: short * 0.085,
                title_min: short * 0.05,
                body_max: short * 0.055,
                body_min: short * 0.034,
            },
        }
    }

    /// Height of the area above the hotline band.
    fn content_height(&self) -> f32 {
        self.height as f32 - self.bar - 2.0 * self.margin
    }
}

/// QR code modules for a URL (error correction M: survives a scratch or glare).
pub(crate) struct Qr {
    pub(crate) modules: usize,
    dark: Vec<bool>,
}

impl Qr {
    pub(crate) fn new(url: &str) -> Result<Qr, String> {
        let code = QrCode::with_error_correction_level(url.as_bytes(), EcLevel::M)
            .map_err(|e| format!("cannot make a QR code for {url}: {e}"))?;
        Ok(Qr {
            modules: code.width(),
            dark: code
                .to_colors()
                .into_iter()
                .map(|c| c == Color::Dark)
                .collect(),
        })
    }

    /// Quiet zone, in modules, on each side (the standard asks for 4; 2 is enough on a plain
    /// white square and saves room on small panels).
    pub(crate) const QUIET: usize = 2;

    /// An SVG group drawing the code with its white square at (x, y), `module` px per module.
    pub(crate) fn svg(&self, x: f32, y: f32, module: f32) -> String {
        let n = self.modules;
        let side = (n + 2 * Qr::QUIET) as f32 * module;
        let mut d = String::with_capacity(n * n * 4);
        for row in 0..n {
            let mut col = 0;
            while col < n {
                if self.dark[row * n + col] {
                    let start = col;
                    while col < n && self.dark[row * n + col] {
                        col += 1;
                    }
                    d.push_str(&format!(
                        "M{} {}h{}v1h-{}z",
                        start + Qr::QUIET,
                        row + Qr::QUIET,
                        col - start,
                        col - start
                    ));
                } else {
                    col += 1;
                }
            }
        }
        format!(
            "<g class=\"qr\"><rect x=\"{x}\" y=\"{y}\" width=\"{side}\" height=\"{side}\" fill=\"#fff\"/><path transform=\"translate({x} {y}) scale({module})\" fill=\"#000\" shape-rendering=\"crispEdges\" d=\"{d}\"/></g>"
        )
    }
}

/// Where the text and the QR code go on a panel.
struct Areas {
    text_x: f32,
    text_y: f32,
    text_w: f32,
    text_h: f32,
    /// (x, y, pixels per module) of the QR code, when there is room for it.
    qr: Option<(f32, f32, f32)>,
}

fn areas(g: &Geometry, qr_modules: usize) -> Areas {
    let (w, m) = (g.width as f32, g.margin);
    let ch = g.content_height();
    let total = (qr_modules + 2 * Qr::QUIET) as f32;
    // Whole pixels per module keep the code sharp enough to scan from a photo of a screen.
    let module_for = |side: f32| (side / total).floor();
    match g.panel {
        Panel::Landscape => {
            let module = module_for(ch.min(w * 0.3));
            let side = module * total;
            Areas {
                text_x: m,
                text_y: m,
                text_w: w - 3.0 * m - side,
                text_h: ch,
                qr: Some((w - m - side, m + (ch - side) / 2.0, module)),
            }
        }
        Panel::Portrait => {
            let module = module_for((w * 0.45).min(ch * 0.35));
            let side = module * total;
            Areas {
                text_x: m,
                text_y: m,
                text_w: w - 2.0 * m,
                text_h: ch - side - m,
                qr: Some(((w - side) / 2.0, m + ch - side, module)),
            }
        }
        Panel::Led => {
            let module = module_for(ch);
            let side = module * total;
            // A QR code on an LED wall needs 2 lamps per module and must leave most of the
            // width to the headline; otherwise the headline gets the whole panel.
            if module >= 2.0 && side <= w * 0.45 {
                Areas {
                    text_x: m,
                    text_y: m,
                    text_w: w - 3.0 * m - side,
                    text_h: ch,
                    qr: Some((w - m - side, m + (ch - side) / 2.0, module)),
                }
            } else {
                Areas {
                    text_x: m,
                    text_y: m,
                    text_w: w - 2.0 * m,
                    text_h: ch,
                    qr: None,
                }
            }
        }
    }
}

/// A frame laid out: its SVG and the font sizes chosen.
pub(crate) struct Frame {
    pub(crate) svg: String,
    pub(crate) fitted: Fitted,
    #[cfg_attr(not(test), allow(dead_code))] // the frame tests check that the QR code fits
    pub(crate) has_qr: bool,
}

/// Lays out and draws one frame. An error explains what did not fit.
pub(crate) fn compose(fonts: &Fonts, g: &Geometry, t: &FrameText<'_>) -> Result<Frame, String> {
    let qr = Qr::new(t.qr_url)?;
    let a = areas(g, qr.modules);
    let paragraphs: &[String] = if g.panel == Panel::Led {
        &[]
    } else {
        t.paragraphs
    };
    let fitted =
        layout::fit(fonts, t.title, paragraphs, a.text_w, a.text_h, g.sizes()).map_err(|e| e.0)?;
    let (w, h) = (g.width as f32, g.height as f32);
    let mut s = String::with_capacity(16 * 1024);
    s.push_str(&format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" font-family=\"{FAMILY}, sans-serif\" lang=\"{}\">",
        escape_html(t.lang)
    ));
    s.push_str(&format!(
        "<rect width=\"{w}\" height=\"{h}\" fill=\"{}\"/>",
        if t.alert { BG_ALERT } else { BG }
    ));
    // The text block is centred vertically in its area.
    let mut y = a.text_y + ((a.text_h - fitted.height) / 2.0).max(0.0);
    for line in &fitted.title {
        let lh = fitted.title_px * layout::TITLE_LEADING;
        s.push_str(&text_el(
            a.text_x,
            baseline(y, lh, fitted.title_px),
            fitted.title_px,
            true,
            FG,
            line,
        ));
        y += lh;
    }
    for para in &fitted.body {
        y += fitted.body_px * layout::PARAGRAPH_GAP * 2.0;
        for line in para {
            let lh = fitted.body_px * layout::BODY_LEADING;
            s.push_str(&text_el(
                a.text_x,
                baseline(y, lh, fitted.body_px),
                fitted.body_px,
                false,
                FG_BODY,
                line,
            ));
            y += lh;
        }
    }
    if let Some((x, y, module)) = a.qr {
        s.push_str(&qr.svg(x, y, module));
    }
    s.push_str(&hotline_bar(fonts, g, t));
    s.push_str("</svg>");
    Ok(Frame {
        svg: s,
        fitted,
        has_qr: a.qr.is_some(),
    })
}

/// Baseline of a line of `px` text in a line box of height `lh` starting at `top`: DejaVu's
/// capitals and descenders sit about 0.76 and 0.24 em around it.
fn baseline(top: f32, lh: f32, px: f32) -> f32 {
    top + (lh - px) / 2.0 + px * 0.80
}

fn text_el(x: f32, y: f32, px: f32, bold: bool, fill: &str, text: &str) -> String {
    format!(
        "<text x=\"{x:.1}\" y=\"{y:.1}\" font-size=\"{px}\"{} fill=\"{fill}\">{}</text>",
        if bold { " font-weight=\"bold\"" } else { "" },
        escape_html(text)
    )
}

/// The hotline band along the bottom: the number always, large; its label beside it when
/// the label fits at a readable size (on LED walls it often does not, and the number is what
/// matters).
fn hotline_bar(fonts: &Fonts, g: &Geometry, t: &FrameText<'_>) -> String {
    let (w, h) = (g.width as f32, g.height as f32);
    let top = h - g.bar;
    let num_px = (g.bar * 0.62).floor();
    let num_w = fonts.width(true, t.hotline, num_px);
    let mut s = format!(
        "<rect class=\"hotline\" x=\"0\" y=\"{top}\" width=\"{w}\" height=\"{}\" fill=\"{BAR}\"/>",
        g.bar
    );
    let label_px_max = (g.bar * 0.3).floor();
    let label_min = g.sizes().body_min.floor();
    let room = w - 3.0 * g.margin - num_w;
    let mut label_px = label_px_max;
    while label_px >= label_min && fonts.width(false, t.hotline_label, label_px) > room {
        label_px -= 1.0;
    }
    let fits = label_px >= label_min && !t.hotline_label.is_empty();
    let total = num_w
        + if fits {
            g.margin + fonts.width(false, t.hotline_label, label_px)
        } else {
            0.0
        };
    let x = (w - total) / 2.0;
    s.push_str(&text_el(
        x,
        baseline(top, g.bar, num_px),
        num_px,
        true,
        BAR_FG,
        t.hotline,
    ));
    if fits {
        s.push_str(&text_el(
            x + num_w + g.margin,
            baseline(top, g.bar, label_px),
            label_px,
            false,
            BAR_FG,
            t.hotline_label,
        ));
    }
    s
}

/// Renders an SVG made by [`compose`] to PNG bytes at its own size, with the bundled fonts.
pub(crate) fn render_png(
    fonts: &Fonts,
    svg: &str,
    width: u32,
    height: u32,
) -> Result<Vec<u8>, String> {
    let opt = usvg::Options {
        font_family: FAMILY.to_string(),
        fontdb: fonts.db.clone(),
        ..usvg::Options::default()
    };
    let tree =
        usvg::Tree::from_str(svg, &opt).map_err(|e| format!("cannot read the frame SVG: {e}"))?;
    let mut pixmap = tiny_skia::Pixmap::new(width, height)
        .ok_or_else(|| format!("cannot allocate a {width}×{height} frame"))?;
    resvg::render(
        &tree,
        tiny_skia::Transform::identity(),
        &mut pixmap.as_mut(),
    );
    encode(&pixmap).map_err(|e| format!("cannot encode the frame as PNG: {e}"))
}

/// Frames are opaque (every frame starts with a full-size background), so tiny-skia's
/// premultiplied pixels are the straight RGBA a PNG holds and can be written as they are.
/// Deflate level 1 with adaptive row filters: measured on the shipped kiosks it builds about four
/// times faster than the default level for frames about 1.7 times larger (about 23 MB instead of
/// 13 MB for all nine kiosks); editors rebuild often, and a kiosk keeps its frames locally.
fn encode(pixmap: &tiny_skia::Pixmap) -> Result<Vec<u8>, png::EncodingError> {
    let mut out = Vec::new();
    let mut enc = png::Encoder::new(&mut out, pixmap.width(), pixmap.height());
    enc.set_color(png::ColorType::Rgba);
    enc.set_depth(png::BitDepth::Eight);
    enc.set_compression(png::Compression::Balanced);
    enc.set_deflate_compression(png::DeflateCompression::Level(1));
    let mut writer = enc.write_header()?;
    writer.write_image_data(pixmap.data())?;
    writer.finish()?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fonts() -> Fonts {
        let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("themes/portal/fonts");
        Fonts::new(crate::load::fonts::read(&dir).unwrap())
    }

    fn text<'a>(paragraphs: &'a [String]) -> FrameText<'a> {
        FrameText {
            lang: "ky",
            title: "Ысык линия 1899",
            paragraphs,
            hotline_label: "Мигранттар үчүн ысык линия",
            hotline: "1899",
            alert: false,
            qr_url: "https://portal.example.kg/ky/hotline/",
        }
    }

    #[test]
    fn panels_by_size() {
        assert_eq!(Panel::of(1920, 1080), Panel::Landscape);
        assert_eq!(Panel::of(1080, 1920), Panel::Portrait);
        assert_eq!(Panel::of(384, 192), Panel::Led);
    }

    #[test]
    fn every_panel_gets_text_qr_and_hotline() {
        let f = fonts();
        let body = vec!["Кеңеш алуу үчүн чалыңыз.".to_string()];
        for (w, h) in [(1920, 1080), (1080, 1920), (384, 192)] {
            let g = Geometry::new(w, h);
            let fr = compose(&f, &g, &text(&body)).unwrap();
            assert!(fr.svg.contains(">1899</text>"), "{w}×{h}");
            assert!(fr.has_qr, "{w}×{h}");
            assert!(fr.fitted.title_px >= g.sizes().title_min.floor());
            if g.panel == Panel::Led {
                assert!(
                    fr.fitted.body.is_empty(),
                    "LED walls show the headline only"
                );
            } else {
                assert_eq!(fr.fitted.body.len(), 1);
            }
            let png = render_png(&f, &fr.svg, w, h).unwrap();
            assert_eq!(&png[1..4], b"PNG");
        }
    }

    #[test]
    fn qr_path_covers_dark_modules() {
        let q = Qr::new("https://portal.example.kg/ru/hotline/").unwrap();
        assert!(q.modules >= 21);
        let svg = q.svg(0.0, 0.0, 4.0);
        assert!(svg.contains("shape-rendering=\"crispEdges\""));
        // The three finder patterns start at the top-left corner after the quiet zone.
        assert!(svg.contains("M2 2h7v1h-7z"), "{svg}");
    }
}
