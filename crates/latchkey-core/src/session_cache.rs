//! Recent session checks, kept in memory for [`crate::Latchkey::validate_session`]: a window
//! asks about its session with nearly every command (Home's first render asks five times at
//! once), and each answer read from the store costs a database round trip. A check is answered
//! from memory only when all of these hold, else the store is asked as before:
//!
//! - the store said "live" for this token at most [`CHECKED_RECENTLY`] ago, by this instance's
//!   clock (a clock moved back, as QA's time travel can, counts as not recent);
//! - this instance committed no write since it asked (every [`crate::unit_of_work::UnitOfWork`]
//!   commit counts, whatever it wrote: a sign-out, a reset, a profile edit, an admin's lock);
//! - the session's `last_seen_at` does not need refreshing yet;
//! - the remembered row is still live at the current time (idle and absolute expiry).
//!
//! So what this process does is seen at once. What *another* process or kiosk of a fleet does to
//! the same store (the admin CLI, "sign out everywhere" elsewhere) is seen at most
//! [`CHECKED_RECENTLY`] later than before; the window's own watch checks every 10 s anyway.
//! Only SHA-256 digests of tokens are kept, as the store keeps them.

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use crate::accounts::AccountView;
use crate::clock::Timestamp;
use crate::store::sessions::SessionRow;

/// How long a "live" answer from the store may be given again from memory.
pub(crate) const CHECKED_RECENTLY: Duration = Duration::from_secs(1);

/// Entries kept at most; past it the memory is emptied (a kiosk has a handful of sessions).
const MAX_ENTRIES: usize = 1024;

/// What the store answered about one token.
#[derive(Clone)]
pub(crate) struct Checked {
    pub row: SessionRow,
    pub account: AccountView,
    /// When the store was asked (this instance's clock).
    pub at: Timestamp,
    /// [`SessionCache::writes`] before it was asked.
    pub writes: u64,
}

#[derive(Default)]
pub(crate) struct SessionCache {
    /// Write transactions this instance has committed.
    writes: AtomicU64,
    entries: Mutex<HashMap<[u8; 32], Checked>>,
}

impl std::fmt::Debug for SessionCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SessionCache")
            .field("writes", &self.writes.load(Ordering::Relaxed))
            .finish_non_exhaustive()
    }
}

impl SessionCache {
    /// Read before asking the store, kept with its answer.
    pub fn writes(&self) -> u64 {
        self.writes.load(Ordering::Acquire)
    }

    /// A write transaction of this instance committed: everything remembered is stale.
    pub fn wrote(&self) {
        self.writes.fetch_add(1, Ordering::AcqRel);
    }

    /// The remembered answer for `digest` if it may be given at `now` (see the module's doc; the
    /// caller still checks the row's expiry and `last_seen_at`).
    pub fn recent(&self, digest: &[u8; 32], now: Timestamp) -> Option<Checked> {
        let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        let checked = entries.get(digest)?;
        let recent = checked.at <= now && now < checked.at.plus(CHECKED_RECENTLY);
        (recent && checked.writes == self.writes()).then(|| checked.clone())
    }

    pub fn remember(&self, digest: [u8; 32], checked: Checked) {
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if entries.len() >= MAX_ENTRIES && !entries.contains_key(&digest) {
            entries.clear();
        }
        entries.insert(digest, checked);
    }

    pub fn forget(&self, digest: &[u8; 32]) {
        self.entries.lock().unwrap_or_else(|e| e.into_inner()).remove(digest);
    }

    pub fn forget_all(&self) {
        self.entries.lock().unwrap_or_else(|e| e.into_inner()).clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::AccountId;

    fn checked(at: i64, writes: u64) -> Checked {
        Checked {
            row: SessionRow {
                id: 1,
                account_id: 1,
                created_at: 0,
                last_seen_at: 0,
                revoked_at: None,
                revoke_reason: None,
            },
            account: AccountView {
                id: AccountId(1),
                first_name: "Ana".into(),
                last_name: "Lima".into(),
                email: "ana@example.org".into(),
                username: "ana".into(),
                phone: String::new(),
                email_verified: true,
                created_at: Timestamp(0),
            },
            at: Timestamp(at),
            writes,
        }
    }

    #[test]
    fn an_answer_is_given_again_only_within_a_second_by_the_same_clock() {
        let cache = SessionCache::default();
        cache.remember([1; 32], checked(10_000, 0));
        assert!(cache.recent(&[1; 32], Timestamp(10_000)).is_some());
        assert!(cache.recent(&[1; 32], Timestamp(10_999)).is_some());
        assert!(
            cache.recent(&[1; 32], Timestamp(11_000)).is_none(),
            "a second later: ask the store"
        );
        assert!(
            cache.recent(&[1; 32], Timestamp(9_999)).is_none(),
            "a clock moved back: ask the store"
        );
        assert!(cache.recent(&[2; 32], Timestamp(10_000)).is_none(), "another token");
    }

    #[test]
    fn any_write_of_this_instance_makes_every_answer_stale() {
        let cache = SessionCache::default();
        cache.remember([1; 32], checked(10_000, cache.writes()));
        cache.wrote();
        assert!(cache.recent(&[1; 32], Timestamp(10_001)).is_none());
        // An answer asked for before a write that committed while it was read is stale too.
        let before = cache.writes();
        cache.wrote();
        cache.remember([1; 32], checked(10_002, before));
        assert!(cache.recent(&[1; 32], Timestamp(10_003)).is_none());
    }

    #[test]
    fn forgetting_and_the_size_bound() {
        let cache = SessionCache::default();
        cache.remember([1; 32], checked(0, 0));
        cache.forget(&[1; 32]);
        assert!(cache.recent(&[1; 32], Timestamp(0)).is_none());
        for i in 0..MAX_ENTRIES + 10 {
            let mut digest = [0u8; 32];
            digest[..8].copy_from_slice(&(i as u64).to_le_bytes());
            cache.remember(digest, checked(0, 0));
        }
        assert!(cache.entries.lock().unwrap().len() <= MAX_ENTRIES);
        cache.forget_all();
        assert!(cache.entries.lock().unwrap().is_empty());
    }
}
