//! Editing: what the editing interface does to the site folder, apart from HTTP. The actions of
//! the CMS's backend protocol ([`files`]), each save merged into the file on disk so that only
//! the lines an editor changed are written ([`merge`]), and translations stamped as made from
//! their original ([`fresh`]). On the portal's own server: the site's Git repository
//! ([`repo`]); each save built, published and committed as its editor ([`publish`]; two editors
//! on one page: [`concurrent`]); review before publishing on Git branches ([`workflow`]); a
//! file's history and "restore this version" ([`history`]); drafts previewed by signed-in
//! editors ([`drafts`]); and the push to a mirror ([`mirror`]). `serve` routes /admin/ and
//! /api/v1 here.

pub(crate) mod concurrent;
pub(crate) mod drafts;
pub(crate) mod files;
pub(crate) mod fresh;
pub(crate) mod history;
pub(crate) mod merge;
pub(crate) mod mirror;
pub(crate) mod publish;
#[cfg(test)]
mod publish_tests;
pub(crate) mod repo;
pub(crate) mod workflow;
