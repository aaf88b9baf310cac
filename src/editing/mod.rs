//! Editing: what the editing interface does to the site folder, apart from HTTP. The actions of
//! the CMS's backend protocol ([`files`]), each save merged into the file on disk so that only
//! the lines an editor changed are written ([`merge`]), and translations stamped as made from
//! their original ([`fresh`]). On the portal's own server: each save a Git commit ([`repo`]),
//! review before publishing on Git branches ([`workflow`]), a file's history and "restore this
//! version" ([`history`]), and the push to a mirror ([`mirror`]). `serve` routes /admin/ and
//! /api/v1 here; nothing in this folder knows about the server's state.

// Reached from the server once the coordinator wires the publish step and the signed-in
// routes; until then only their tests call them.
#[cfg_attr(not(test), allow(dead_code))]
pub(crate) mod drafts;
pub(crate) mod files;
pub(crate) mod fresh;
// Reached from the server once the coordinator wires the publish step and the signed-in
// routes; until then only their tests call them.
#[cfg_attr(not(test), allow(dead_code))]
pub(crate) mod history;
pub(crate) mod merge;
// Reached from the server once the coordinator wires the publish step and the signed-in
// routes; until then only their tests call them.
#[cfg_attr(not(test), allow(dead_code))]
pub(crate) mod mirror;
// Reached from the server once the coordinator wires the publish step and the signed-in
// routes; until then only their tests call them.
#[cfg_attr(not(test), allow(dead_code))]
pub(crate) mod repo;
// Reached from the server once the coordinator wires the publish step and the signed-in
// routes; until then only their tests call them.
#[cfg_attr(not(test), allow(dead_code))]
pub(crate) mod workflow;
