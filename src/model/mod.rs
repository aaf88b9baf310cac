//! The plain data types the stages hand to each other: configuration (and the rule for its public
//! address), the loaded site, contacts, schedules, UI strings, the theme's files, output files,
//! page texts and search results. This layer imports nothing above it.

pub(crate) mod address;
pub(crate) mod config;
pub(crate) mod contact;
pub(crate) mod date;
pub(crate) mod fonts;
pub(crate) mod output;
pub(crate) mod results;
pub(crate) mod schedule;
pub(crate) mod site;
pub(crate) mod strings;
pub(crate) mod synonyms;
pub(crate) mod theme;
