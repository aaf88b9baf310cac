//! Editing: what the editing interface does to the site folder, apart from HTTP. The actions of
//! the CMS's backend protocol ([`files`]), each save merged into the file on disk so that only
//! the lines an editor changed are written ([`merge`]), and translations stamped as made from
//! their original ([`fresh`]). On the portal's own server (`[editing] backend = "sapar"`): the
//! server's state folder ([`state`]), editors' accounts ([`accounts`]) and their sessions and
//! sign-in throttling ([`sessions`]), held together by [`Service`]; the site's Git repository
//! ([`repo`]); each save built, published and committed as its editor ([`publish`]; two editors
//! on one page: [`concurrent`]); review before publishing on Git branches ([`workflow`]); a
//! file's history and "restore this version" ([`history`]); drafts previewed by signed-in
//! editors ([`drafts`]); and the push to a mirror ([`mirror`]). `serve` routes /admin/ and
//! /api/v1 here.

pub mod accounts;
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
pub(crate) mod sessions;
pub(crate) mod state;
pub(crate) mod workflow;

use std::path::Path;
use std::sync::Mutex;

use rusqlite::Connection;

use crate::model::config::SaparEditing;
pub(crate) use accounts::Editor;
pub use accounts::Role;

/// Production editing as the server holds it: the state database, the sign-in throttle and
/// `[editing]`'s settings.
pub(crate) struct Service {
    /// The state folder (accounts, sessions, entries under review, previews).
    pub(crate) state: std::path::PathBuf,
    pub(crate) db: Mutex<Connection>,
    pub(crate) throttle: Mutex<sessions::Throttle>,
    pub(crate) config: SaparEditing,
}

impl Service {
    /// Opens the state of the site at `root` (checked: see [`state`]).
    pub(crate) fn open(
        root: &Path,
        state_flag: Option<&Path>,
        config: SaparEditing,
    ) -> Result<Service, state::StateError> {
        let conn = state::open_for(root, state_flag)?;
        sessions::sweep(&conn);
        Ok(Service {
            state: state::state_dir(root, state_flag),
            db: Mutex::new(conn),
            throttle: Mutex::new(sessions::Throttle::new()),
            config,
        })
    }
}

/// `sapar editors …`: what to do.
pub enum EditorsAction {
    Add {
        name: String,
        role: Role,
        password: String,
    },
    List,
    Remove {
        name: String,
    },
}

/// Runs one `sapar editors` action on the site at `root`; the text to print, or why nothing
/// was done, both for the server's administrator.
pub fn editors(
    root: &Path,
    state_flag: Option<&Path>,
    action: EditorsAction,
) -> Result<String, String> {
    let conn = state::open_for(root, state_flag).map_err(|e| e.to_string())?;
    match action {
        EditorsAction::Add {
            name,
            role,
            password,
        } => {
            accounts::add(&conn, &name, role, &password).map_err(|e| e.to_string())?;
            Ok(format!(
                "added {} `{name}`: they sign in at /admin/ of the portal with this name and password",
                role.as_str()
            ))
        }
        EditorsAction::List => {
            let all = accounts::list(&conn).map_err(|e| e.to_string())?;
            if all.is_empty() {
                return Ok("no editors yet: add one with `sapar editors add NAME`".into());
            }
            let mut out = format!(
                "{:<32}  {:<8}  {:<20}  {}\n",
                "name", "role", "created", "last sign-in"
            );
            for a in all {
                let last = a
                    .last_sign_in
                    .map_or_else(|| "never".into(), accounts::format_time);
                out.push_str(&format!(
                    "{:<32}  {:<8}  {:<20}  {last}\n",
                    a.name,
                    a.role.as_str(),
                    accounts::format_time(a.created)
                ));
            }
            Ok(out.trim_end().to_string())
        }
        EditorsAction::Remove { name } => {
            accounts::remove(&conn, &name).map_err(|e| e.to_string())?;
            Ok(format!(
                "removed `{name}`: their sessions are ended and they can no longer sign in"
            ))
        }
    }
}
