//! The kiosk font files as bytes: what the load stage reads from the theme and the kiosk stage
//! measures and draws frames with.

/// The two faces of the theme's bundled kiosk font, each already checked to be a TrueType font
/// that parses. Empty for a site without kiosks, which reads no font.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct KioskFonts {
    pub(crate) regular: Vec<u8>,
    pub(crate) bold: Vec<u8>,
}
