//! The sign-in throttle's rules: what failures are counted against ([`ThrottleKey`]) and the
//! delay a streak of failures imposes ([`delay_after`]). A leaf: the flows that throttle
//! (`log_in`, `sessions`, `reset_password`) import it, not each other.

use std::time::Duration;

use crate::ids::{AccountId, IdentifierKey};
use crate::store;
use crate::unit_of_work::UnitOfWork;

/// Consecutive failures allowed before delays start.
pub const FREE_ATTEMPTS: u32 = 5;
/// The first delay; each further failure doubles it.
pub const FIRST_DELAY: Duration = Duration::from_secs(30);
/// The longest delay.
pub const MAX_DELAY: Duration = Duration::from_secs(15 * 60);

/// What failures are counted against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ThrottleKey {
    /// The account's total budget, whichever identifier was typed. Never shown by itself to
    /// someone without the password (issue 8, item 6: it would link username and email).
    Account(AccountId),
    /// The identifier as typed, known or not, as its keyed hash (never in clear: people type
    /// passwords into the identifier field): the delays sign-in answers show.
    Identifier(IdentifierKey),
    /// Stands in for the account budget of an identifier without an account, so both paths
    /// write the same rows.
    NoAccount(IdentifierKey),
    /// Invite codes typed at registration, per keyed hash of the address registering.
    InviteByAddress(IdentifierKey),
    /// Invite codes typed by a signed-in account ("Invited by").
    InviteByAccount(AccountId),
}

#[derive(Debug, Clone)]
pub(crate) struct Throttle {
    pub key: ThrottleKey,
}

impl Throttle {
    pub(crate) fn db_key(&self) -> String {
        match &self.key {
            ThrottleKey::Account(id) => format!("account:{}", id.0),
            ThrottleKey::Identifier(key) => format!("identifier-hmac:{}", key.as_str()),
            ThrottleKey::NoAccount(key) => format!("no-account-hmac:{}", key.as_str()),
            ThrottleKey::InviteByAddress(key) => format!("invite-hmac:{}", key.as_str()),
            ThrottleKey::InviteByAccount(id) => format!("invite-account:{}", id.0),
        }
    }

    /// Forgets the failures (after a success).
    pub(crate) fn clear(&self, work: &mut UnitOfWork) {
        work.defer(store::throttle::clear(&self.db_key()));
    }

    /// Forgets the failures of both (a sign-in's identifier and account budget) in one
    /// statement.
    pub(crate) fn clear_both(work: &mut UnitOfWork, a: &Throttle, b: &Throttle) {
        work.defer(store::throttle::clear_pair(&a.db_key(), &b.db_key()));
    }
}

/// The wait imposed after `failures` consecutive failures.
pub fn delay_after(failures: u32) -> Option<Duration> {
    let beyond = failures.checked_sub(FREE_ATTEMPTS)?;
    let doubled = FIRST_DELAY.saturating_mul(1u32 << beyond.min(16));
    Some(doubled.min(MAX_DELAY))
}
