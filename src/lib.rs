//! Sapar builds Kyrgyzstan's migrant-information portal from multilingual Markdown.
//!
//! The modules are the pipeline of design.md, in layers, and data flows one way: each imports
//! only the layers below it (`tests/it/layers.rs` checks this).
//! - Bottom: `util` (text, hashing), `diag` (diagnostics) and `model` (the plain data the
//!   stages pass on).
//! - Stages, in order: `load` (all reading from disk) → `link` → `render` → `index` →
//!   `kiosk` → `write` (staging and the atomic swap). Render, link and kiosk never touch
//!   the file system.
//! - The driver, `build`, runs them; the commands (`check`, `new`, `serve`, `translated`
//!   and `main.rs`) sit on top.

// A `Diagnostic` (168 bytes with its column, hint and shown line) is the error of every stage.
// Errors are met a handful of times per build, on the cold path, so they are returned by value
// rather than boxed at each of the forty places that make one.
#![allow(clippy::result_large_err)]

// The library's public surface is what the `sapar` binary, the fuzz targets and the tests use;
// everything else is `pub(crate)`.
pub mod build;
pub mod check;
pub mod diag;
#[doc(hidden)]
pub mod fuzzing;
pub(crate) mod index;
pub(crate) mod kiosk;
pub(crate) mod link;
pub(crate) mod load;
pub(crate) mod model;
pub mod new;
pub(crate) mod render;
pub mod serve;
pub mod translated;
pub(crate) mod util;
pub(crate) mod write;

pub use index::search::{SearchError, Searcher};
pub use index::site_languages;
pub use load::config::read as read_config;
pub use model::config::Config;
pub use model::date::Date;
pub use model::results::{Hit, Results};
