//! Sapar builds Kyrgyzstan's migrant-information portal from multilingual Markdown.
//!
//! The modules are the pipeline of design.md, in layers, and data flows one way: each imports
//! only the layers below it (`tests/it/layers.rs` checks this).
//! - Bottom: `util` (text, hashing), `diag` (diagnostics) and `model` (the plain data the
//!   stages pass on).
//! - Stages, in order: `load` (all reading from disk) → `link` → `render` → `index` →
//!   `kiosk` → `write` (staging and the atomic swap). Render, link and kiosk never touch
//!   the file system.
//! - The driver, `build`, runs them; capabilities of their own (`editing`: what the editing
//!   interface does to the site folder) sit above it; the commands (`check`, `new`, `serve`,
//!   `translated` and `main.rs`) on top, `serve` routing to the capabilities.

// A `Diagnostic` (168 bytes with its column, hint and shown line) is the error of every stage.
// Errors are met a handful of times per build, on the cold path, so they are returned by value
// rather than boxed at each of the forty places that make one.
#![allow(clippy::result_large_err)]

// The library's public surface is what the `sapar` binary, the fuzz targets and the tests use;
// everything else is `pub(crate)`.
#[cfg(not(target_arch = "wasm32"))]
pub mod build;
#[cfg(not(target_arch = "wasm32"))]
pub mod check;
#[cfg(not(target_arch = "wasm32"))]
pub mod diag;
#[doc(hidden)]
#[cfg(not(target_arch = "wasm32"))]
pub mod editing;
#[cfg(not(target_arch = "wasm32"))]
pub mod fuzzing;
#[cfg(not(target_arch = "wasm32"))]
pub(crate) mod index;
#[cfg(not(target_arch = "wasm32"))]
pub(crate) mod kiosk;
#[cfg(not(target_arch = "wasm32"))]
pub(crate) mod link;
#[cfg(not(target_arch = "wasm32"))]
pub(crate) mod load;
#[cfg(not(target_arch = "wasm32"))]
pub(crate) mod model;
#[cfg(not(target_arch = "wasm32"))]
pub mod new;
#[cfg(not(target_arch = "wasm32"))]
pub(crate) mod render;
#[cfg(not(target_arch = "wasm32"))]
pub mod serve;
#[cfg(not(target_arch = "wasm32"))]
pub mod translated;
#[cfg(not(target_arch = "wasm32"))]
pub(crate) mod util;
#[cfg(not(target_arch = "wasm32"))]
pub(crate) mod write;

#[doc(hidden)]
#[cfg(not(target_arch = "wasm32"))]
pub use index::analysis::analyze_words;
#[cfg(not(target_arch = "wasm32"))]
pub use index::search::{SearchError, Searcher};
#[cfg(not(target_arch = "wasm32"))]
pub use index::site_languages;
#[cfg(not(target_arch = "wasm32"))]
pub use load::config::read as read_config;
#[cfg(not(target_arch = "wasm32"))]
pub use model::config::Config;
#[cfg(not(target_arch = "wasm32"))]
pub use model::date::Date;
#[cfg(not(target_arch = "wasm32"))]
pub use model::results::{Hit, Results};

// The WebAssembly build (scripts/wasm) is the query analysis of the static search alone: the
// Kyrgyz stemmer and the word analysis, without tantivy or anything else that needs an OS.
#[cfg(target_arch = "wasm32")]
#[allow(dead_code)]
mod index {
    pub(crate) mod kyrgyz;
    mod stopwords_ru;
    pub(crate) mod wasm;
    pub(crate) mod words;
}
