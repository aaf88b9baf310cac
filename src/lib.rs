//! Sapar builds Kyrgyzstan's migrant-information portal from multilingual Markdown.
//!
//! The modules follow the pipeline of design.md: [`load`] → [`link`] → [`render`] → [`index`]
//! → [`kiosk`] → [`write`], driven by [`build`]. Each stage takes plain data from the one before.

pub mod build;
pub mod check;
pub mod diag;
#[doc(hidden)]
pub mod fuzzing;
pub mod index;
pub mod kiosk;
pub mod link;
pub mod load;
pub mod model;
pub mod new;
pub mod render;
pub mod serve;
pub mod util;
pub mod write;
