//! Signed-in sessions and the throttling of wrong passwords, for production editing.
//!
//! A session is a 256-bit random token (from the operating system) in the editor's cookie; the
//! database keeps only its SHA-256, so a copy of the state folder signs nobody in. A session
//! ends after [`IDLE_LIMIT`] (2 hours) without a request, after [`ABSOLUTE_LIMIT`] (12 hours)
//! whatever happens, at sign-out, and when its account is removed.
//!
//! Wrong passwords are counted per account and per client address, in memory (a restart
//! forgets them, which only helps the right editor): after [`SLOW_AFTER`] (3) wrong passwords
//! within [`WINDOW`] (15 minutes) each further attempt waits [`SLOW_BY`] (1 second) before its
//! answer; after [`LOCK_AFTER`] (10) attempts are refused (429, `Retry-After`) for [`LOCK_FOR`]
//! (5 minutes) from the last wrong one. A right password clears the count. So a guesser gets
//! about 10 tries in 5 minutes, and the right editor waits at most 5 minutes.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use rusqlite::{Connection, OptionalExtension, params};
use sha2::{Digest, Sha256};

use super::accounts::{Editor, Role};
use super::state;

/// A session ends after this long without a request.
pub(crate) const IDLE_LIMIT: Duration = Duration::from_secs(2 * 3600);
/// A session ends this long after sign-in, however busy.
pub(crate) const ABSOLUTE_LIMIT: Duration = Duration::from_secs(12 * 3600);

/// Wrong passwords (per account, per address) after which each attempt is slowed.
pub(crate) const SLOW_AFTER: usize = 3;
/// How long a slowed attempt waits.
pub(crate) const SLOW_BY: Duration = Duration::from_secs(1);
/// Wrong passwords within [`WINDOW`] after which attempts are refused.
pub(crate) const LOCK_AFTER: usize = 10;
/// The span wrong passwords are counted over.
pub(crate) const WINDOW: Duration = Duration::from_secs(15 * 60);
/// How long attempts are refused, from the last wrong password.
pub(crate) const LOCK_FOR: Duration = Duration::from_secs(5 * 60);

/// A test-only override of [`SLOW_BY`] and [`LOCK_FOR`], `"<slow ms>,<lock s>"`, so that the
/// integration tests see a lock end without waiting 5 minutes.
pub(crate) const TEST_THROTTLE_ENV: &str = "SAPAR_TEST_THROTTLE";

/// A new session's token, as the cookie carries it (64 hexadecimal digits).
pub(crate) fn new_token() -> Option<String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).ok()?;
    Some(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

fn token_hash(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

/// Starts a session for `name`; the token returned goes into the cookie only.
pub(crate) fn start(conn: &Connection, name: &str) -> Option<String> {
    let token = new_token()?;
    let now = state::now();
    conn.execute(
        "INSERT INTO sessions (token_hash, name, created, last_seen) VALUES (?1, ?2, ?3, ?3)",
        params![token_hash(&token), name, now],
    )
    .ok()?;
    Some(token)
}

/// The editor of a live session, its last request moved to now; an expired session is
/// deleted and gives `None`.
pub(crate) fn check(conn: &Connection, token: &str) -> Option<Editor> {
    let h = token_hash(token);
    let row: Option<(String, i64, i64, String)> = conn
        .query_row(
            "SELECT s.name, s.created, s.last_seen, e.role FROM sessions s
             JOIN editors e ON e.name = s.name WHERE s.token_hash = ?1",
            [&h],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()
        .ok()
        .flatten();
    let (name, created, last_seen, role) = row?;
    let now = state::now();
    if now - last_seen > IDLE_LIMIT.as_secs() as i64
        || now - created > ABSOLUTE_LIMIT.as_secs() as i64
    {
        let _ = conn.execute("DELETE FROM sessions WHERE token_hash = ?1", [&h]);
        return None;
    }
    let _ = conn.execute(
        "UPDATE sessions SET last_seen = ?1 WHERE token_hash = ?2",
        params![now, h],
    );
    Some(Editor {
        name,
        role: Role::parse(&role)?,
    })
}

/// Ends a session (sign-out); the name it was, for the log.
pub(crate) fn end(conn: &Connection, token: &str) -> Option<String> {
    let h = token_hash(token);
    let name: Option<String> = conn
        .query_row(
            "SELECT name FROM sessions WHERE token_hash = ?1",
            [&h],
            |r| r.get(0),
        )
        .optional()
        .ok()
        .flatten();
    let _ = conn.execute("DELETE FROM sessions WHERE token_hash = ?1", [&h]);
    name
}

/// Removes every expired session (at start, so the table does not grow).
pub(crate) fn sweep(conn: &Connection) {
    let now = state::now();
    let _ = conn.execute(
        "DELETE FROM sessions WHERE last_seen < ?1 OR created < ?2",
        params![
            now - IDLE_LIMIT.as_secs() as i64,
            now - ABSOLUTE_LIMIT.as_secs() as i64
        ],
    );
}

/// What a sign-in attempt may do, by the throttle.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Gate {
    Go,
    /// Go, after waiting this long.
    Slow(Duration),
    /// Refused; try again after this long.
    Locked(Duration),
}

/// Wrong passwords by account and by address, in memory.
#[derive(Debug)]
pub(crate) struct Throttle {
    failures: HashMap<String, Vec<Instant>>,
    slow_by: Duration,
    lock_for: Duration,
}

impl Default for Throttle {
    fn default() -> Self {
        Throttle::new()
    }
}

impl Throttle {
    /// The documented limits, or the test override of [`TEST_THROTTLE_ENV`].
    pub(crate) fn new() -> Throttle {
        let (mut slow_by, mut lock_for) = (SLOW_BY, LOCK_FOR);
        if let Ok(v) = std::env::var(TEST_THROTTLE_ENV)
            && let Some((a, b)) = v.split_once(',')
            && let (Ok(a), Ok(b)) = (a.trim().parse(), b.trim().parse())
        {
            slow_by = Duration::from_millis(a);
            lock_for = Duration::from_secs(b);
        }
        Throttle {
            failures: HashMap::new(),
            slow_by,
            lock_for,
        }
    }

    fn keys(name: &str, addr: &str) -> [String; 2] {
        [format!("name:{name}"), format!("addr:{addr}")]
    }

    /// The gate for an attempt at `name` from `addr` now.
    pub(crate) fn gate(&mut self, name: &str, addr: &str, now: Instant) -> Gate {
        let mut worst = Gate::Go;
        for key in Throttle::keys(name, addr) {
            let Some(list) = self.failures.get_mut(&key) else {
                continue;
            };
            list.retain(|t| now.duration_since(*t) < WINDOW);
            let Some(last) = list.last().copied() else {
                continue;
            };
            if list.len() >= LOCK_AFTER {
                let until = last + self.lock_for;
                if until > now {
                    let left = until - now;
                    worst = match worst {
                        Gate::Locked(d) if d >= left => Gate::Locked(d),
                        _ => Gate::Locked(left),
                    };
                    continue;
                }
            }
            if list.len() >= SLOW_AFTER && worst == Gate::Go {
                worst = Gate::Slow(self.slow_by);
            }
        }
        worst
    }

    /// Counts a wrong password.
    pub(crate) fn failed(&mut self, name: &str, addr: &str, now: Instant) {
        for key in Throttle::keys(name, addr) {
            self.failures.entry(key).or_default().push(now);
        }
        // Forget counts nobody has added to for a window, so the map stays small.
        self.failures
            .retain(|_, l| l.last().is_some_and(|t| now.duration_since(*t) < WINDOW));
    }

    /// A right password: the account's and the address's counts start again.
    pub(crate) fn succeeded(&mut self, name: &str, addr: &str) {
        for key in Throttle::keys(name, addr) {
            self.failures.remove(&key);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::editing::accounts;

    #[test]
    fn a_session_signs_in_until_it_ends_and_only_its_hash_is_kept() {
        let dir = tempfile::tempdir().unwrap();
        let conn = state::open(dir.path()).unwrap();
        accounts::add(&conn, "aigul", Role::Editor, "long enough pw").unwrap();
        let token = start(&conn, "aigul").unwrap();
        assert_eq!(token.len(), 64);
        assert_eq!(check(&conn, &token).unwrap().name, "aigul");
        let stored: Vec<u8> = conn
            .query_row("SELECT token_hash FROM sessions", [], |r| r.get(0))
            .unwrap();
        assert_ne!(stored, token.as_bytes());
        assert!(check(&conn, "0").is_none());
        // Idle past the limit.
        conn.execute(
            "UPDATE sessions SET last_seen = last_seen - ?1",
            [IDLE_LIMIT.as_secs() as i64 + 1],
        )
        .unwrap();
        assert!(check(&conn, &token).is_none());
        // Busy, but past the absolute limit.
        let token = start(&conn, "aigul").unwrap();
        conn.execute(
            "UPDATE sessions SET created = created - ?1",
            [ABSOLUTE_LIMIT.as_secs() as i64 + 1],
        )
        .unwrap();
        assert!(check(&conn, &token).is_none());
        let token = start(&conn, "aigul").unwrap();
        assert_eq!(end(&conn, &token).as_deref(), Some("aigul"));
        assert!(check(&conn, &token).is_none());
        let token = start(&conn, "aigul").unwrap();
        accounts::remove(&conn, "aigul").unwrap();
        assert!(check(&conn, &token).is_none());
    }

    #[test]
    fn wrong_passwords_slow_then_lock_then_the_lock_ends() {
        let mut t = Throttle {
            failures: HashMap::new(),
            slow_by: SLOW_BY,
            lock_for: LOCK_FOR,
        };
        let t0 = Instant::now();
        for i in 0..SLOW_AFTER {
            assert_eq!(t.gate("aigul", "1.2.3.4", t0), Gate::Go, "attempt {i}");
            t.failed("aigul", "1.2.3.4", t0);
        }
        assert_eq!(t.gate("aigul", "1.2.3.4", t0), Gate::Slow(SLOW_BY));
        for _ in SLOW_AFTER..LOCK_AFTER {
            t.failed("aigul", "1.2.3.4", t0);
        }
        assert!(matches!(t.gate("aigul", "1.2.3.4", t0), Gate::Locked(_)));
        // Per account: from another address too; per address: for another account too.
        assert!(matches!(t.gate("aigul", "5.6.7.8", t0), Gate::Locked(_)));
        assert!(matches!(t.gate("bakyt", "1.2.3.4", t0), Gate::Locked(_)));
        assert_eq!(t.gate("bakyt", "5.6.7.8", t0), Gate::Go);
        let after = t0 + LOCK_FOR + Duration::from_secs(1);
        assert_eq!(t.gate("aigul", "1.2.3.4", after), Gate::Slow(SLOW_BY));
        t.succeeded("aigul", "1.2.3.4");
        assert_eq!(t.gate("aigul", "1.2.3.4", after), Gate::Go);
        // Counts older than the window are forgotten.
        t.failed("aigul", "1.2.3.4", t0);
        assert_eq!(t.gate("aigul", "1.2.3.4", t0 + WINDOW), Gate::Go);
    }
}
