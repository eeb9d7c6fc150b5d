//! The source of secret randomness (codes, salts, session tokens), injectable so tests can
//! replay it. Production uses the operating system's CSPRNG.

use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};

use rand::distr::{Distribution, Uniform};
use rand::rand_core::UnwrapErr;
use rand::rngs::{StdRng, SysRng};
use rand::{CryptoRng, Rng, SeedableRng};

/// A shared cryptographically secure RNG. Cheap to clone; clones draw from the same generator.
#[derive(Clone)]
pub struct SecureRandom(Arc<Mutex<dyn CryptoRng + Send>>);

impl SecureRandom {
    /// The operating system's generator. If the OS cannot provide randomness the process
    /// panics rather than hand out a predictable secret.
    pub fn os() -> SecureRandom {
        SecureRandom::from_rng(UnwrapErr(SysRng))
    }

    /// A deterministic generator (ChaCha12) for tests and benchmarks. Never for real secrets.
    pub fn seeded(seed: u64) -> SecureRandom {
        SecureRandom::from_rng(StdRng::seed_from_u64(seed))
    }

    pub fn from_rng(rng: impl CryptoRng + Send + 'static) -> SecureRandom {
        SecureRandom(Arc::new(Mutex::new(rng)))
    }

    pub fn bytes<const N: usize>(&self) -> [u8; N] {
        let mut out = [0u8; N];
        // A panic while holding the lock cannot leave a generator in a weaker state.
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .fill_bytes(&mut out);
        out
    }

    /// `length` decimal digits, uniform over all 10^length values (rejection sampling, no
    /// modulo bias). `length` is at most 10 (checked by [`crate::Config::validate`]).
    pub fn digits(&self, length: usize) -> String {
        let length = length.min(10);
        let upper = 10u64.pow(u32::try_from(length).unwrap_or(10));
        let uniform = Uniform::new(0u64, upper).expect("0 < 10^length");
        let value = uniform.sample(&mut *self.0.lock().unwrap_or_else(PoisonError::into_inner));
        format!("{value:0length$}")
    }
}

impl fmt::Debug for SecureRandom {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecureRandom")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_have_the_asked_length_and_cover_the_range() {
        let rng = SecureRandom::seeded(7);
        let mut first_digits = [0u32; 10];
        for _ in 0..2_000 {
            let code = rng.digits(6);
            assert_eq!(code.len(), 6);
            first_digits[usize::from(code.as_bytes()[0] - b'0')] += 1;
        }
        // Leading zeros are kept and every leading digit occurs about equally often.
        assert!(
            first_digits.iter().all(|&n| (120..=280).contains(&n)),
            "{first_digits:?}"
        );
        assert_eq!(rng.digits(10).len(), 10);
    }

    #[test]
    fn seeded_generators_repeat_and_the_os_one_does_not() {
        assert_eq!(
            SecureRandom::seeded(1).bytes::<32>(),
            SecureRandom::seeded(1).bytes::<32>()
        );
        let os = SecureRandom::os();
        assert_ne!(os.bytes::<32>(), os.bytes::<32>());
    }
}
