//! Editors' accounts for production editing: `sapar editors add|list|remove`, and the password
//! check the sign-in makes.
//!
//! Passwords are hashed with Argon2id at the `argon2` crate's default parameters (19 MiB of
//! memory, 2 passes, 1 lane: OWASP's recommended minimum), each with its own random salt, and
//! kept as PHC strings in the state database (`editing::state`). One hash took 40 ms (median of
//! 10, 20-44 ms) on the 2-core development machine (release build): a sign-in costs that much.

use std::fmt;

use argon2::Argon2;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use rusqlite::{Connection, OptionalExtension, params};

use super::state;

/// The shortest password an account may have.
pub(crate) const MIN_PASSWORD: usize = 10;

/// What a signed-in editor may do: `editor` saves, `reviewer` also publishes others' changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Editor,
    Reviewer,
}

impl Role {
    pub fn parse(s: &str) -> Option<Role> {
        match s {
            "editor" => Some(Role::Editor),
            "reviewer" => Some(Role::Reviewer),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Editor => "editor",
            Role::Reviewer => "reviewer",
        }
    }
}

/// A signed-in editor, as the server knows them for a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Editor {
    pub name: String,
    pub role: Role,
}

/// An account as `sapar editors list` shows it.
#[derive(Debug, Clone)]
pub struct Account {
    pub name: String,
    pub role: Role,
    /// Seconds since 1970.
    pub created: i64,
    pub last_sign_in: Option<i64>,
}

/// Why an account command did nothing, said for the server's administrator.
#[derive(Debug)]
pub enum AccountError {
    BadName(String),
    ShortPassword,
    Exists(String),
    Unknown(String),
    Db(rusqlite::Error),
    Hash(String),
}

impl fmt::Display for AccountError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AccountError::BadName(n) => write!(
                f,
                "`{n}` cannot be an editor's name: write 2 to 32 small Latin letters, digits, `.`, `-` or `_`, like `aigul.s`"
            ),
            AccountError::ShortPassword => write!(
                f,
                "the password is too short: write at least {MIN_PASSWORD} characters (a few words together are easy to remember and hard to guess)"
            ),
            AccountError::Exists(n) => write!(
                f,
                "there is already an editor named `{n}`: choose another name, or remove that account first with `sapar editors remove {n}`"
            ),
            AccountError::Unknown(n) => write!(
                f,
                "there is no editor named `{n}`: `sapar editors list` shows the names"
            ),
            AccountError::Db(e) => write!(f, "the accounts database could not be used: {e}"),
            AccountError::Hash(e) => write!(f, "the password could not be hashed: {e}"),
        }
    }
}

impl std::error::Error for AccountError {}

impl From<rusqlite::Error> for AccountError {
    fn from(e: rusqlite::Error) -> Self {
        AccountError::Db(e)
    }
}

/// 2 to 32 of `a-z`, `0-9`, `.`, `-`, `_`: names appear in logs and Git commits as they are.
pub(crate) fn valid_name(name: &str) -> bool {
    (2..=32).contains(&name.len())
        && name.bytes().all(|b| {
            b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'_')
        })
}

fn hash(password: &str) -> Result<String, AccountError> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| AccountError::Hash(e.to_string()))
}

/// Adds an account; the password is hashed here and never stored as it is.
pub fn add(conn: &Connection, name: &str, role: Role, password: &str) -> Result<(), AccountError> {
    if !valid_name(name) {
        return Err(AccountError::BadName(name.to_string()));
    }
    if password.chars().count() < MIN_PASSWORD {
        return Err(AccountError::ShortPassword);
    }
    let exists: Option<String> = conn
        .query_row("SELECT name FROM editors WHERE name = ?1", [name], |r| {
            r.get(0)
        })
        .optional()?;
    if exists.is_some() {
        return Err(AccountError::Exists(name.to_string()));
    }
    let h = hash(password)?;
    conn.execute(
        "INSERT INTO editors (name, role, password_hash, created) VALUES (?1, ?2, ?3, ?4)",
        params![name, role.as_str(), h, state::now()],
    )?;
    Ok(())
}

/// Every account, by name.
pub fn list(conn: &Connection) -> Result<Vec<Account>, AccountError> {
    let mut q =
        conn.prepare("SELECT name, role, created, last_sign_in FROM editors ORDER BY name")?;
    let rows = q.query_map([], |r| {
        let role: String = r.get(1)?;
        Ok(Account {
            name: r.get(0)?,
            role: Role::parse(&role).unwrap_or(Role::Editor),
            created: r.get(2)?,
            last_sign_in: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Removes an account and ends its sessions.
pub fn remove(conn: &Connection, name: &str) -> Result<(), AccountError> {
    conn.execute("DELETE FROM sessions WHERE name = ?1", [name])?;
    let n = conn.execute("DELETE FROM editors WHERE name = ?1", [name])?;
    if n == 0 {
        return Err(AccountError::Unknown(name.to_string()));
    }
    Ok(())
}

/// The editor, when `password` is theirs; `None` for an unknown name or a wrong password
/// (the two are not told apart). An unknown name still costs one hash, so that the time of
/// the answer does not say which names exist.
pub(crate) fn verify(conn: &Connection, name: &str, password: &str) -> Option<Editor> {
    let row: Option<(String, String)> = conn
        .query_row(
            "SELECT password_hash, role FROM editors WHERE name = ?1",
            [name],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()
        .ok()
        .flatten();
    let Some((stored, role)) = row else {
        let _ = hash(password);
        return None;
    };
    Argon2::default()
        .verify_password(password.as_bytes(), stored.as_str())
        .ok()?;
    let _ = conn.execute(
        "UPDATE editors SET last_sign_in = ?1 WHERE name = ?2",
        params![state::now(), name],
    );
    Some(Editor {
        name: name.to_string(),
        role: Role::parse(&role)?,
    })
}

/// A date and time of the database's clock as `2026-12-07 13:45 UTC`, for the list.
pub fn format_time(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rest = secs.rem_euclid(86_400);
    // Civil date from days since 1970 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02} UTC",
        rest / 3600,
        rest % 3600 / 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn db() -> (tempfile::TempDir, Connection) {
        let dir = tempfile::tempdir().unwrap();
        let conn = state::open(dir.path()).unwrap();
        (dir, conn)
    }

    #[test]
    fn an_account_signs_in_with_its_password_only() {
        let (_d, conn) = db();
        add(&conn, "aigul", Role::Reviewer, "correct horse battery").unwrap();
        let e = verify(&conn, "aigul", "correct horse battery").unwrap();
        assert_eq!(e.role, Role::Reviewer);
        assert!(verify(&conn, "aigul", "correct horse batterx").is_none());
        assert!(verify(&conn, "nobody", "correct horse battery").is_none());
        let stored: String = conn
            .query_row("SELECT password_hash FROM editors", [], |r| r.get(0))
            .unwrap();
        assert!(stored.starts_with("$argon2id$"), "{stored}");
        assert!(!stored.contains("horse"));
        assert!(list(&conn).unwrap()[0].last_sign_in.is_some());
    }

    #[test]
    fn names_passwords_and_duplicates_are_checked() {
        let (_d, conn) = db();
        assert!(matches!(
            add(&conn, "Aigul", Role::Editor, "long enough pw"),
            Err(AccountError::BadName(_))
        ));
        assert!(matches!(
            add(&conn, "a", Role::Editor, "long enough pw"),
            Err(AccountError::BadName(_))
        ));
        assert!(matches!(
            add(&conn, "aigul", Role::Editor, "short"),
            Err(AccountError::ShortPassword)
        ));
        add(&conn, "aigul", Role::Editor, "long enough pw").unwrap();
        assert!(matches!(
            add(&conn, "aigul", Role::Editor, "long enough pw"),
            Err(AccountError::Exists(_))
        ));
        remove(&conn, "aigul").unwrap();
        assert!(matches!(
            remove(&conn, "aigul"),
            Err(AccountError::Unknown(_))
        ));
    }

    #[test]
    fn times_read_as_dates() {
        assert_eq!(format_time(0), "1970-01-01 00:00 UTC");
        assert_eq!(format_time(1_796_650_000), "2026-12-07 13:26 UTC");
    }
}
