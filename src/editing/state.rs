//! The server's own state folder: where production editing keeps what is neither content nor
//! published (accounts, sessions), in one SQLite database, `sapar.db`.
//!
//! The folder is `<root>/.sapar-state/` unless `--state DIR` or `SAPAR_STATE` names another. It
//! is never inside a folder that is published, indexed or committed as content (public/,
//! search_index/, content/, themes/, data/), it is created readable by the server's user only
//! (0700), it holds a `.gitignore` of `*` so that Git never picks it up, and the server refuses
//! to start when Git tracks anything in it. Back it up with `sqlite3 sapar.db .backup …`.
//!
//! The database runs in WAL mode with `synchronous=FULL`: a write the server has acknowledged
//! (an account added, a session ended) is on disk before the answer goes out. Its schema has a
//! version (`PRAGMA user_version`) and [`MIGRATIONS`] bring an older file up to date, one step
//! at a time: a later feature adds a table by adding a step.

use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::Connection;

/// The state folder's name under the site's root, by default.
pub(crate) const STATE_DIR: &str = ".sapar-state";
/// The database's file name in the state folder.
pub(crate) const DB_FILE: &str = "sapar.db";
/// The environment variable that names the state folder when `--state` does not.
pub(crate) const STATE_ENV: &str = "SAPAR_STATE";

/// How long a write waits for another connection's (`sapar editors add` while the server
/// runs) before it gives up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Folders of the site the state must never be inside: published, indexed, or content.
const FORBIDDEN: &[&str] = &["public", "search_index", "content", "themes", "data"];

/// The schema, step by step: step `i` brings `user_version` from `i` to `i + 1`. Never edit a
/// step that has shipped; add one.
const MIGRATIONS: &[&str] = &[
    // 1: accounts and sessions (editing::accounts, editing::sessions).
    "CREATE TABLE editors (
        name TEXT PRIMARY KEY,
        role TEXT NOT NULL,
        password_hash TEXT NOT NULL,
        created INTEGER NOT NULL,
        last_sign_in INTEGER
    );
    CREATE TABLE sessions (
        token_hash BLOB PRIMARY KEY,
        name TEXT NOT NULL REFERENCES editors(name) ON DELETE CASCADE,
        created INTEGER NOT NULL,
        last_seen INTEGER NOT NULL
    );
    CREATE INDEX sessions_by_name ON sessions(name);",
];

/// Why the state folder or its database cannot be used, said for a server's administrator.
#[derive(Debug)]
pub enum StateError {
    /// The folder would be inside one that is published, indexed or content.
    Inside {
        dir: PathBuf,
        folder: &'static str,
    },
    /// Git tracks files in the state folder: passwords' hashes would be committed.
    Tracked {
        dir: PathBuf,
        files: Vec<String>,
    },
    Io {
        dir: PathBuf,
        error: std::io::Error,
    },
    Db {
        file: PathBuf,
        error: rusqlite::Error,
    },
    /// The database was written by a newer Sapar.
    Newer {
        file: PathBuf,
        version: i64,
    },
}

impl fmt::Display for StateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StateError::Inside { dir, folder } => write!(
                f,
                "the state folder {} is inside {folder}/, which is published or committed with the site; name a folder outside it with --state DIR (the default is {STATE_DIR}/ in the site folder)",
                dir.display()
            ),
            StateError::Tracked { dir, files } => write!(
                f,
                "Git tracks files in the state folder {} ({}): they hold the editors' password hashes and must never be committed; run `git rm -r --cached {}` and commit, then start again",
                dir.display(),
                files.join(", "),
                dir.display()
            ),
            StateError::Io { dir, error } => {
                write!(f, "cannot use the state folder {}: {error}", dir.display())
            }
            StateError::Db { file, error } => {
                write!(f, "cannot use the database {}: {error}", file.display())
            }
            StateError::Newer { file, version } => write!(
                f,
                "the database {} was written by a newer Sapar (schema {version}); run that version, or restore a backup",
                file.display()
            ),
        }
    }
}

impl std::error::Error for StateError {}

/// The state folder: `flag` (`--state`), else `SAPAR_STATE`, else `<root>/.sapar-state`. A
/// relative path is taken from the current folder, as a command line's paths are.
pub(crate) fn state_dir(root: &Path, flag: Option<&Path>) -> PathBuf {
    let env = std::env::var_os(STATE_ENV).filter(|v| !v.is_empty());
    let dir = match (flag, env) {
        (Some(f), _) => f.to_path_buf(),
        (None, Some(e)) => PathBuf::from(e),
        (None, None) => root.join(STATE_DIR),
    };
    std::path::absolute(&dir).unwrap_or(dir)
}

/// Refuses a state folder inside one of the site's published or content folders. Compared
/// after resolving links where the folders exist, so that a link cannot hide the place.
pub(crate) fn check_place(root: &Path, dir: &Path) -> Result<(), StateError> {
    let real = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    let dir_real = nearest_real(dir);
    for folder in FORBIDDEN {
        let f = real(&root.join(folder));
        if dir_real.starts_with(&f) || dir.starts_with(root.join(folder)) {
            return Err(StateError::Inside {
                dir: dir.to_path_buf(),
                folder,
            });
        }
    }
    Ok(())
}

/// `dir` with its longest existing ancestor resolved (the folder may not exist yet).
fn nearest_real(dir: &Path) -> PathBuf {
    let mut rest = Vec::new();
    let mut at = dir;
    loop {
        if let Ok(r) = std::fs::canonicalize(at) {
            return rest
                .iter()
                .rev()
                .fold(r, |p, c: &&std::ffi::OsStr| p.join(c));
        }
        match (at.parent(), at.file_name()) {
            (Some(p), Some(name)) => {
                rest.push(name);
                at = p;
            }
            _ => return dir.to_path_buf(),
        }
    }
}

/// Refuses to go on when the site is a Git repository that tracks anything in `dir`.
pub(crate) fn check_untracked(root: &Path, dir: &Path) -> Result<(), StateError> {
    let out = std::process::Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["ls-files", "-z", "--"])
        .arg(dir)
        .stderr(std::process::Stdio::null())
        .output();
    // Not a repository, or no `git` program: nothing can be tracked.
    let Ok(out) = out else { return Ok(()) };
    if !out.status.success() {
        return Ok(());
    }
    let files: Vec<String> = out
        .stdout
        .split(|b| *b == 0)
        .filter(|f| !f.is_empty())
        .map(|f| String::from_utf8_lossy(f).into_owned())
        .collect();
    if files.is_empty() {
        Ok(())
    } else {
        Err(StateError::Tracked {
            dir: dir.to_path_buf(),
            files,
        })
    }
}

/// Creates the folder (0700, with its `.gitignore`) if it is not there.
fn create(dir: &Path) -> Result<(), StateError> {
    let io = |error| StateError::Io {
        dir: dir.to_path_buf(),
        error,
    };
    if !dir.exists() {
        let mut b = std::fs::DirBuilder::new();
        b.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut b, 0o700);
        b.create(dir).map_err(io)?;
    }
    let ignore = dir.join(".gitignore");
    if !ignore.exists() {
        std::fs::write(
            &ignore,
            "# Sapar's state: accounts and sessions. Never committed.\n*\n",
        )
        .map_err(io)?;
    }
    Ok(())
}

/// Opens (creating it if needed) the database in `dir`, set up and migrated. The caller has
/// checked the folder's place ([`check_place`], [`check_untracked`]).
pub(crate) fn open(dir: &Path) -> Result<Connection, StateError> {
    create(dir)?;
    let file = dir.join(DB_FILE);
    let db_err = |error| StateError::Db {
        file: file.clone(),
        error,
    };
    let mut conn = Connection::open(&file).map_err(db_err)?;
    conn.busy_timeout(BUSY_TIMEOUT).map_err(db_err)?;
    conn.pragma_update(None, "journal_mode", "WAL")
        .map_err(db_err)?;
    conn.pragma_update(None, "synchronous", "FULL")
        .map_err(db_err)?;
    conn.pragma_update(None, "foreign_keys", true)
        .map_err(db_err)?;
    migrate(&mut conn).map_err(|e| match e {
        Migration::Db(error) => StateError::Db {
            file: file.clone(),
            error,
        },
        Migration::Newer(version) => StateError::Newer {
            file: file.clone(),
            version,
        },
    })?;
    Ok(conn)
}

/// Opens the state of the site at `root` for a command or the server: the folder checked,
/// then the database opened.
pub(crate) fn open_for(root: &Path, flag: Option<&Path>) -> Result<Connection, StateError> {
    let dir = state_dir(root, flag);
    check_place(root, &dir)?;
    check_untracked(root, &dir)?;
    open(&dir)
}

enum Migration {
    Db(rusqlite::Error),
    Newer(i64),
}

/// Brings the schema to `MIGRATIONS.len()`, each step in its own transaction.
fn migrate(conn: &mut Connection) -> Result<(), Migration> {
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .map_err(Migration::Db)?;
    let latest = MIGRATIONS.len() as i64;
    if version > latest {
        return Err(Migration::Newer(version));
    }
    for (step, sql) in MIGRATIONS.iter().enumerate().skip(version.max(0) as usize) {
        let tx = conn.transaction().map_err(Migration::Db)?;
        tx.execute_batch(sql).map_err(Migration::Db)?;
        tx.pragma_update(None, "user_version", step as i64 + 1)
            .map_err(Migration::Db)?;
        tx.commit().map_err(Migration::Db)?;
    }
    Ok(())
}

/// Seconds since 1970, the database's clock.
pub(crate) fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_database_is_at_the_latest_schema_and_reopens() {
        let dir = tempfile::tempdir().unwrap();
        let state = dir.path().join("state");
        let conn = open(&state).unwrap();
        let v: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(v, MIGRATIONS.len() as i64);
        let mode: String = conn
            .pragma_query_value(None, "journal_mode", |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
        let sync: i64 = conn
            .pragma_query_value(None, "synchronous", |r| r.get(0))
            .unwrap();
        assert_eq!(sync, 2, "FULL");
        drop(conn);
        assert!(open(&state).is_ok());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&state).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o700);
        }
        assert!(state.join(".gitignore").exists());
    }

    #[test]
    fn a_database_from_a_newer_sapar_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let conn = open(dir.path()).unwrap();
        conn.pragma_update(None, "user_version", 99).unwrap();
        drop(conn);
        assert!(matches!(open(dir.path()), Err(StateError::Newer { .. })));
    }

    #[test]
    fn the_state_is_never_inside_a_published_or_content_folder() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("public")).unwrap();
        for bad in [
            "public/state",
            "content/x",
            "data",
            "search_index/s",
            "themes/t",
        ] {
            assert!(
                check_place(root, &root.join(bad)).is_err(),
                "{bad} was allowed"
            );
        }
        assert!(check_place(root, &root.join(STATE_DIR)).is_ok());
        assert_eq!(
            state_dir(root, Some(&root.join("elsewhere"))),
            root.join("elsewhere")
        );
    }
}
