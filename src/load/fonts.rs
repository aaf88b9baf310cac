//! Reads the kiosk font files: the regular and bold faces in the theme's `fonts/` folder, which
//! kiosk frames are measured and drawn with.
//!
//! The font comes from the theme, never from the system, so that frames look the same on every
//! machine that builds them and every Kyrgyz letter (Ң Ө Ү) is known to be covered.

use std::path::Path;

use crate::diag::Diagnostic;
use crate::model::config::Config;
use crate::model::fonts::KioskFonts;

pub(crate) const REGULAR_FILE: &str = "DejaVuSans.ttf";
pub(crate) const BOLD_FILE: &str = "DejaVuSans-Bold.ttf";

/// Reads the kiosk fonts of the site's theme. A site without kiosks reads nothing (its theme
/// need not ship fonts). The error names the file, relative to the site.
pub(crate) fn load(config: &Config) -> Result<KioskFonts, Diagnostic> {
    if config.kiosks.is_empty() {
        return Ok(KioskFonts::default());
    }
    read(&config.theme_dir().join("fonts")).map_err(|(file, msg)| {
        Diagnostic::error(format!("themes/{}/fonts/{file}", config.theme), None, msg)
    })
}

/// Reads the two faces from `dir`, regular first, and checks that each parses. Errors are the
/// file's name and what is wrong with it.
pub(crate) fn read(dir: &Path) -> Result<KioskFonts, (String, String)> {
    let read = |name: &str| -> Result<Vec<u8>, (String, String)> {
        let path = dir.join(name);
        let bytes = std::fs::read(&path)
            .map_err(|e| (name.to_string(), format!("cannot read the kiosk font: {e}")))?;
        ttf_parser::Face::parse(&bytes, 0).map_err(|e| {
            (
                name.to_string(),
                format!("the kiosk font is not a usable TrueType font: {e}"),
            )
        })?;
        Ok(bytes)
    };
    let regular = read(REGULAR_FILE)?;
    let bold = read(BOLD_FILE)?;
    Ok(KioskFonts { regular, bold })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_shipped_faces_and_names_a_missing_or_broken_file() {
        let fonts =
            std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("themes/portal/fonts");
        let f = read(&fonts).unwrap();
        assert!(!f.regular.is_empty() && !f.bold.is_empty());
        assert_ne!(f.regular, f.bold);

        let empty = tempfile::tempdir().unwrap();
        let (file, msg) = read(empty.path()).unwrap_err();
        assert_eq!(file, REGULAR_FILE);
        assert!(msg.starts_with("cannot read the kiosk font: "), "{msg}");

        std::fs::copy(fonts.join(REGULAR_FILE), empty.path().join(REGULAR_FILE)).unwrap();
        std::fs::write(empty.path().join(BOLD_FILE), b"not a font").unwrap();
        let (file, msg) = read(empty.path()).unwrap_err();
        assert_eq!(file, BOLD_FILE);
        assert!(
            msg.starts_with("the kiosk font is not a usable TrueType font: "),
            "{msg}"
        );
    }
}
