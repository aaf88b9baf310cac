//! Editing: what the editing interface does to the site folder, apart from HTTP. The actions of
//! the CMS's backend protocol ([`files`]), each save merged into the file on disk so that only
//! the lines an editor changed are written ([`merge`]), translations stamped as made from their
//! original ([`fresh`]); on the portal's own server, the site's Git repository ([`repo`]) and
//! each save built, published and committed as its editor ([`publish`], two editors at once:
//! [`concurrent`]). `serve` routes /admin/ and /api/v1 here.

pub(crate) mod concurrent;
pub(crate) mod files;
pub(crate) mod fresh;
pub(crate) mod merge;
pub(crate) mod publish;
#[cfg(test)]
mod publish_tests;
pub(crate) mod repo;
