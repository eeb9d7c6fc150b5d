//! Evens out how long the two answers of an enumeration-protected flow take.
//!
//! With enumeration protection, registering an address that already has an account answers
//! like a new registration (a stand-in code, the owner told). Both paths run the same steps,
//! but not the same writes: a new account is a row in a table with five unique indexes, its
//! role, its code and its mail; a stand-in is two small rows. Measured in-process, the stand-in
//! answered ~0.08 ms sooner, enough for a two-sample test to tell them apart (BENCHMARKS.md).
//! A change of address to a taken address (a stand-in code) and to a free one (a code and its
//! mail) differ the same way.
//!
//! [`Pace`] keeps how long each path's recent answers took (from after the password work to
//! the answer) and has an answer of the faster path wait the difference of the two medians,
//! so that both are centred alike on this machine and under its current load. The wait is
//! sub-millisecond: the runtime's timer is too coarse for it, so it is spun out (a registration
//! or a change of address has just spent tens of milliseconds on argon2). Until both paths have
//! answered once there is nothing to compare and nobody waits; whoever wants samples of the
//! other path to compare with has to ask for it, which refreshes its median.

use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

/// How many recent answers of each path are kept.
const KEPT: usize = 63;
/// No answer waits longer than this, whatever the other path once took (a stalled server).
const LONGEST: Duration = Duration::from_millis(500);
/// Waits longer than this sleep on the runtime's timer (which wakes up to ~1 ms late) until
/// this close to the end, and spin the rest.
const SPIN: Duration = Duration::from_millis(2);

/// The two answers of a flow: the real one (a new account, a code to a free address) and the
/// stand-in (an address someone holds).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Path {
    Real,
    StandIn,
}

#[derive(Debug, Default)]
pub(crate) struct Pace {
    recent: Mutex<[Recent; 2]>,
}

#[derive(Debug, Default)]
struct Recent {
    took: Vec<Duration>,
    /// Where the next sample goes once `took` is full (the oldest one).
    next: usize,
}

impl Recent {
    fn keep(&mut self, took: Duration) {
        if self.took.len() < KEPT {
            self.took.push(took);
        } else {
            self.took[self.next] = took;
            self.next = (self.next + 1) % KEPT;
        }
    }

    fn median(&self) -> Option<Duration> {
        let mut took = self.took.clone();
        let middle = took.len().checked_sub(1)? / 2;
        Some(*took.select_nth_unstable(middle).1)
    }
}

impl Pace {
    /// An answer of `path`, started at `started`, is ready: keep how long it took, and wait if
    /// the other path's answers take longer.
    pub(crate) async fn answer(&self, path: Path, started: Instant) {
        let took = started.elapsed();
        let wait = self.keep(path, took);
        if wait.is_zero() {
            return;
        }
        let until = Instant::now() + wait;
        if let Some(long) = wait.checked_sub(SPIN) {
            tokio::time::sleep(long).await;
        }
        while Instant::now() < until {
            std::hint::spin_loop();
        }
    }

    /// Keeps `took` for `path`; how much longer the other path's answers take (median).
    fn keep(&self, path: Path, took: Duration) -> Duration {
        let mut recent = self.recent.lock().unwrap_or_else(PoisonError::into_inner);
        let [mine, other] = match path {
            Path::Real => [0, 1],
            Path::StandIn => [1, 0],
        };
        recent[mine].keep(took.min(LONGEST));
        match (recent[mine].median(), recent[other].median()) {
            (Some(mine), Some(other)) => other.saturating_sub(mine),
            _ => Duration::ZERO,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(n: u64) -> Duration {
        Duration::from_millis(n)
    }

    #[test]
    fn the_faster_path_waits_the_difference_of_the_medians() {
        let pace = Pace::default();
        // Nothing to compare yet.
        assert_eq!(pace.keep(Path::StandIn, ms(1)), Duration::ZERO);
        assert_eq!(
            pace.keep(Path::Real, ms(4)),
            Duration::ZERO,
            "the slower path never waits"
        );
        assert_eq!(pace.keep(Path::StandIn, ms(1)), ms(3));
        // Medians, not means: one stalled answer moves nothing.
        pace.keep(Path::Real, ms(5));
        pace.keep(Path::Real, Duration::from_secs(30));
        assert_eq!(pace.keep(Path::StandIn, ms(2)), ms(4));
        // Either side can be the faster one.
        for _ in 0..KEPT {
            pace.keep(Path::StandIn, ms(9));
        }
        assert_eq!(pace.keep(Path::Real, ms(5)), ms(4));
    }

    #[test]
    fn only_the_most_recent_answers_count() {
        let pace = Pace::default();
        for _ in 0..KEPT {
            pace.keep(Path::Real, ms(100));
        }
        for _ in 0..KEPT {
            pace.keep(Path::Real, ms(10));
        }
        assert_eq!(pace.keep(Path::StandIn, ms(4)), ms(6));
        assert_eq!(pace.keep(Path::Real, Duration::from_secs(60)), Duration::ZERO);
        // A stalled answer counts as LONGEST at most.
        for _ in 0..KEPT {
            pace.keep(Path::Real, Duration::from_secs(60));
        }
        assert_eq!(pace.keep(Path::StandIn, ms(4)), LONGEST - ms(4));
    }

    #[tokio::test]
    async fn an_answer_waits_until_it_has_taken_the_other_path_s_median() {
        let pace = Pace::default();
        pace.keep(Path::Real, ms(40));
        let started = Instant::now();
        pace.answer(Path::StandIn, started).await;
        assert!(started.elapsed() >= ms(40), "{:?}", started.elapsed());
        // Short waits too (spun out, the timer is coarser).
        for _ in 0..KEPT {
            pace.keep(Path::StandIn, Duration::from_micros(39_700));
        }
        let started = Instant::now() - ms(38);
        pace.answer(Path::StandIn, started).await;
        assert!(
            started.elapsed() >= Duration::from_micros(38_300),
            "{:?}",
            started.elapsed()
        );
    }

    // The flows, on a real SQLite file; here because they set what the pace has seen.
    mod flows {
        use super::*;
        use crate::accounts::Latchkey;
        use crate::clock::{ManualClock, Timestamp};
        use crate::config::Config;
        use crate::register::RegistrationForm;
        use crate::store;
        use secrecy::SecretString;
        use std::sync::Arc;

        const PASSWORD: &str = "a passphrase long enough to pass";

        fn form(n: u32, email: &str) -> RegistrationForm {
            RegistrationForm {
                first_name: "Pace".to_owned(),
                last_name: "Person".to_owned(),
                email: email.to_owned(),
                phone: format!("+1 415 555 {n:04}"),
                username: format!("pace{n}"),
                password: SecretString::from(PASSWORD),
            }
        }

        /// A store with verified accounts 1 (`pace1`, owner1@example.org) and 2.
        async fn two_owners(dir: &std::path::Path, clock: &ManualClock) -> Latchkey {
            let config = Config {
                argon2_memory_kib: 8,
                argon2_iterations: 1,
                ..Config::default()
            };
            let latchkey = Latchkey::open_with_clock(dir, config, Arc::new(clock.clone()))
                .await
                .unwrap();
            for n in [1, 2] {
                latchkey
                    .register(form(n, &format!("owner{n}@example.org")))
                    .await
                    .unwrap();
                let mut work = latchkey.write().await.unwrap();
                store::accounts::mark_verified(work.conn().await.unwrap(), crate::AccountId(n.into()), latchkey.now())
                    .await
                    .unwrap();
                work.commit().await.unwrap();
            }
            latchkey
        }

        /// As if every recent real answer had taken 300 ms.
        fn slow_history(pace: &Pace) {
            for _ in 0..KEPT {
                pace.keep(Path::Real, Duration::from_millis(300));
            }
        }

        /// A real answer that took at most `took` was kept.
        fn real_answer_kept(pace: &Pace, took: Duration) -> bool {
            let recent = pace.recent.lock().unwrap();
            recent[0]
                .took
                .iter()
                .any(|d| *d <= took && *d < Duration::from_millis(300))
        }

        #[tokio::test]
        async fn a_taken_address_s_registration_answers_no_sooner_than_a_new_one_did() {
            let dir = tempfile::tempdir().unwrap();
            let clock = ManualClock::new(Timestamp(1_700_000_000_000));
            let latchkey = two_owners(dir.path(), &clock).await;
            slow_history(&latchkey.registration_pace);
            let started = Instant::now();
            latchkey.register(form(3, "Owner1@example.org")).await.unwrap();
            assert!(
                started.elapsed() >= Duration::from_millis(300),
                "{:?}",
                started.elapsed()
            );

            // A new address waits for nothing and becomes a sample itself.
            let started = Instant::now();
            latchkey.register(form(4, "new@example.org")).await.unwrap();
            assert!(real_answer_kept(&latchkey.registration_pace, started.elapsed()));
        }

        #[tokio::test]
        async fn a_change_to_a_taken_address_answers_no_sooner_than_one_to_a_free_address_did() {
            let dir = tempfile::tempdir().unwrap();
            let clock = ManualClock::new(Timestamp(1_700_000_000_000));
            let latchkey = two_owners(dir.path(), &clock).await;
            let signed_in = latchkey
                .log_in("pace1", SecretString::from(PASSWORD), "test")
                .await
                .unwrap();
            slow_history(&latchkey.email_change_pace);
            let started = Instant::now();
            latchkey
                .request_email_change(&signed_in.token, "owner2@example.org", SecretString::from(PASSWORD))
                .await
                .unwrap();
            assert!(
                started.elapsed() >= Duration::from_millis(300),
                "{:?}",
                started.elapsed()
            );

            // After the resend cooldown, a free address: no wait, and a sample.
            clock.advance(latchkey.config.resend_cooldown() + Duration::from_secs(1));
            let started = Instant::now();
            latchkey
                .request_email_change(&signed_in.token, "free@example.org", SecretString::from(PASSWORD))
                .await
                .unwrap();
            assert!(real_answer_kept(&latchkey.email_change_pace, started.elapsed()));
        }
    }
}
