//! Sapar builds Kyrgyzstan's migrant-information portal from multilingual Markdown.
//!
//! The modules are the pipeline of design.md, in layers, and data flows one way: each imports
//! only the layers below it (`tests/it/layers.rs` checks this).
//! - Bottom: [`util`] (text, hashing), [`diag`] (diagnostics) and [`model`] (the plain data the
//!   stages pass on).
//! - Stages, in order: [`load`] (all reading from disk) → [`link`] → [`render`] → [`index`] →
//!   [`kiosk`] → [`write`](mod@write) (staging and the atomic swap). Render, link and kiosk never touch
//!   the file system.
//! - The driver, [`build`], runs them; the commands ([`check`], [`new`], [`serve`], and
//!   `main.rs`) sit on top.

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
