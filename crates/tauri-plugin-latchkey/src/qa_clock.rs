//! QA mode's clock: the system clock plus an offset a tester moves forward ("time travel"), so
//! a code expires, a sign-in delay ends or a session passes its limits right now. The offset is
//! kept in a small file of the QA data directory only, so it survives restarts of a QA run and
//! never touches a real store.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

use latchkey_core::clock::{Clock, SystemClock, Timestamp};

/// The file, inside the QA data directory.
pub const OFFSET_FILE: &str = "qa-clock-offset";

/// Longest single jump (a year): beyond it a typo rather than a test.
pub const MAX_JUMP: Duration = Duration::from_secs(366 * 24 * 3600);

#[derive(Debug)]
pub struct QaClock {
    offset_ms: AtomicI64,
    file: PathBuf,
}

impl QaClock {
    /// The clock of the QA data directory `dir`, with its saved offset (none: zero).
    pub fn load(dir: &Path) -> QaClock {
        let file = dir.join(OFFSET_FILE);
        let offset = std::fs::read_to_string(&file)
            .ok()
            .and_then(|t| t.trim().parse::<i64>().ok())
            .filter(|ms| *ms >= 0)
            .unwrap_or(0);
        QaClock {
            offset_ms: AtomicI64::new(offset),
            file,
        }
    }

    /// How far ahead of the wall clock this clock is.
    pub fn offset(&self) -> Duration {
        Duration::from_millis(u64::try_from(self.offset_ms.load(Ordering::SeqCst)).unwrap_or(0))
    }

    /// Moves the clock forward by `by` and saves the new offset. Time never goes back (codes,
    /// sessions and delays would otherwise come back to life in odd ways); see [`QaClock::reset`].
    pub fn advance(&self, by: Duration) -> std::io::Result<Duration> {
        let by = i64::try_from(by.min(MAX_JUMP).as_millis()).unwrap_or(0);
        let now = self.offset_ms.fetch_add(by, Ordering::SeqCst).saturating_add(by);
        self.save(now)?;
        Ok(self.offset())
    }

    /// Back to the wall clock (and the file removed).
    pub fn reset(&self) -> std::io::Result<()> {
        self.offset_ms.store(0, Ordering::SeqCst);
        match std::fs::remove_file(&self.file) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }

    /// Runs the clock `by` behind until the guard drops (fixtures: a code issued and mailed in
    /// the past). Not saved.
    pub fn rewind(&self, by: Duration) -> Rewound<'_> {
        let by = i64::try_from(by.as_millis()).unwrap_or(0);
        let before = self.offset_ms.fetch_sub(by, Ordering::SeqCst);
        Rewound { clock: self, before }
    }

    fn save(&self, offset_ms: i64) -> std::io::Result<()> {
        let tmp = self.file.with_extension("tmp");
        std::fs::write(&tmp, offset_ms.to_string())?;
        std::fs::rename(&tmp, &self.file)
    }
}

/// Puts the clock back where it was when dropped.
pub struct Rewound<'a> {
    clock: &'a QaClock,
    before: i64,
}

impl Drop for Rewound<'_> {
    fn drop(&mut self) {
        self.clock.offset_ms.store(self.before, Ordering::SeqCst);
    }
}

impl Clock for QaClock {
    fn now(&self) -> Timestamp {
        Timestamp(
            SystemClock
                .now()
                .0
                .saturating_add(self.offset_ms.load(Ordering::SeqCst)),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_travel_moves_now_and_survives_a_restart() {
        let dir = tempfile::tempdir().unwrap();
        let clock = QaClock::load(dir.path());
        let before = clock.now();
        clock.advance(Duration::from_secs(11 * 60)).unwrap();
        let ahead = clock.now().0 - before.0;
        assert!((660_000..670_000).contains(&ahead), "{ahead}");
        let again = QaClock::load(dir.path());
        assert_eq!(again.offset(), Duration::from_secs(660));
        again.reset().unwrap();
        assert_eq!(QaClock::load(dir.path()).offset(), Duration::ZERO);
    }

    #[test]
    fn a_jump_is_capped_at_a_year() {
        let dir = tempfile::tempdir().unwrap();
        let clock = QaClock::load(dir.path());
        assert_eq!(clock.advance(Duration::from_secs(u64::MAX / 4)).unwrap(), MAX_JUMP);
    }
}
