//! The plain data types the stages hand to each other: configuration, the loaded site, contacts,
//! schedules, UI strings, the theme's files, output files, page texts and search results. This
//! layer imports nothing above it.

pub mod config;
pub mod contact;
pub mod date;
pub mod fonts;
pub mod output;
pub mod results;
pub mod schedule;
pub mod site;
pub mod strings;
pub mod theme;
