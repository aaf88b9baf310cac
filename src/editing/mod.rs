//! Editing: what the editing interface does to the site folder, apart from HTTP. The actions of
//! the CMS's backend protocol ([`files`]), each save merged into the file on disk so that only
//! the lines an editor changed are written ([`merge`]), and translations stamped as made from
//! their original ([`fresh`]). On the portal's own server: each save a Git commit ([`repo`]),
//! review before publishing on Git branches ([`workflow`]), a file's history and "restore this
//! version" ([`history`]), and the push to a mirror ([`mirror`]). `serve` routes /admin/ and
//! /api/v1 here; nothing in this folder knows about the server's state.

pub(crate) mod files;
pub(crate) mod fresh;
pub(crate) mod history;
pub(crate) mod merge;
pub(crate) mod mirror;
pub(crate) mod repo;
pub(crate) mod workflow;
