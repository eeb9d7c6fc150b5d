//! argon2id password hashes (PHC strings, parameters inside). Hashing is deliberately slow
//! (~20 ms in release), so it always runs on tokio's blocking pool, never on the async runtime.
//!
//! Every hash and check runs in a debug span named [`HASHING_SPAN`] (wait for the blocking
//! pool included), so that a subscriber can tell a flow's argon2 work from the rest of it: the
//! fleet benchmark reports registration and sign-in latency with and without it (issue 10 asks
//! for the store operations, "everything but the argon2 work").

use std::sync::Arc;

use argon2::{Algorithm, Argon2, Params, PasswordHash, PasswordHasher, PasswordVerifier, Version};
use tokio::sync::Mutex;
use tracing::Instrument;

use crate::domain::Password;
use crate::error::InternalError;
use secrecy::{ExposeSecret, SecretString};

/// The name of the span each hash or check runs in.
pub const HASHING_SPAN: &str = "password_hashing";

fn hashing_span() -> tracing::Span {
    tracing::debug_span!(HASHING_SPAN)
}

/// Hashes with the configured parameters and verifies any argon2 PHC string.
#[derive(Debug, Clone)]
pub(crate) struct PasswordHashing {
    params: Params,
    /// A hash of a password nobody knows: verifying against it when an identifier matches no
    /// account costs the same time as a real check. Made with the cost the stored hashes have
    /// (see [`PasswordHashing::set_dummy_cost`]), which after a change of the configured cost
    /// is the old one until accounts sign in and are rehashed (issue 8, item 4).
    dummy: Arc<Mutex<Option<(Params, String)>>>,
    dummy_cost: Arc<std::sync::Mutex<Params>>,
}

/// The outcome of checking a password against a stored hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Verified {
    pub matches: bool,
    /// The hash was made with other parameters than the configured ones: store a new one.
    pub needs_rehash: bool,
}

impl PasswordHashing {
    pub(crate) fn new(params: Params) -> PasswordHashing {
        PasswordHashing {
            dummy_cost: Arc::new(std::sync::Mutex::new(params.clone())),
            params,
            dummy: Arc::new(Mutex::new(None)),
        }
    }

    /// A new PHC string for `password` with a fresh 16-byte `salt`.
    pub(crate) async fn hash(&self, password: Password, salt: [u8; 16]) -> Result<String, InternalError> {
        self.hash_secret(password.into_secret(), salt).await
    }

    /// [`hash`](Self::hash) for a password whose judgement is still running (registration:
    /// see [`crate::domain::UnjudgedPassword`]); the flow keeps the hash only once it is in.
    pub(crate) async fn hash_secret(&self, password: SecretString, salt: [u8; 16]) -> Result<String, InternalError> {
        let params = self.params.clone();
        tokio::task::spawn_blocking(move || hash_blocking(&params, password.expose_secret(), &salt))
            .instrument(hashing_span())
            .await?
    }

    /// Checks `password` against `stored`; with `stored = None` (no such account) checks it
    /// against the dummy hash instead, so both take the same time, and reports no match.
    pub(crate) async fn verify(&self, password: Password, stored: Option<String>) -> Result<Verified, InternalError> {
        self.verify_unspanned(password, stored).instrument(hashing_span()).await
    }

    async fn verify_unspanned(&self, password: Password, stored: Option<String>) -> Result<Verified, InternalError> {
        let exists = stored.is_some();
        let stored = match stored {
            Some(hash) => hash,
            None => self.dummy_hash().await?,
        };
        let params = self.params.clone();
        let outcome = tokio::task::spawn_blocking(move || -> Result<Verified, InternalError> {
            let parsed = PasswordHash::new(&stored).map_err(|e| InternalError::Hashing(e.to_string()))?;
            let matches = Argon2::default()
                .verify_password(password.expose_secret().as_bytes(), &parsed)
                .is_ok();
            let needs_rehash = parsed.algorithm != argon2::ARGON2ID_IDENT
                || Params::try_from(&parsed)
                    .map(|p| !same_cost(&p, &params))
                    .unwrap_or(true);
            Ok(Verified { matches, needs_rehash })
        })
        .await??;
        Ok(Verified {
            matches: outcome.matches && exists,
            needs_rehash: outcome.needs_rehash && exists,
        })
    }

    /// Computes the dummy hash now, so the first unknown identifier does not take longer
    /// than later ones.
    pub(crate) async fn warm_up(&self) -> Result<(), InternalError> {
        self.dummy_hash().await.map(drop)
    }

    /// The cost the dummy hash is made with from now on.
    pub(crate) fn set_dummy_cost(&self, params: Params) {
        *self.dummy_cost.lock().unwrap_or_else(|p| p.into_inner()) = params;
    }

    /// `(m, t, p)` of the dummy hash's cost.
    pub(crate) fn dummy_cost(&self) -> (u32, u32, u32) {
        let p = self.dummy_cost.lock().unwrap_or_else(|p| p.into_inner()).clone();
        (p.m_cost(), p.t_cost(), p.p_cost())
    }

    async fn dummy_hash(&self) -> Result<String, InternalError> {
        let params = self.dummy_cost.lock().unwrap_or_else(|p| p.into_inner()).clone();
        let mut dummy = self.dummy.lock().await;
        if let Some((made_with, hash)) = dummy.as_ref()
            && same_cost(made_with, &params)
        {
            return Ok(hash.clone());
        }
        let for_hash = params.clone();
        let hash = tokio::task::spawn_blocking(move || {
            hash_blocking(&for_hash, "latchkey: no such account", b"latchkey-dummy-salt")
        })
        .instrument(hashing_span())
        .await??;
        *dummy = Some((params, hash.clone()));
        Ok(hash)
    }
}

fn same_cost(a: &Params, b: &Params) -> bool {
    (a.m_cost(), a.t_cost(), a.p_cost()) == (b.m_cost(), b.t_cost(), b.p_cost())
}

fn hash_blocking(params: &Params, password: &str, salt: &[u8]) -> Result<String, InternalError> {
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone())
        .hash_password_with_salt(password.as_bytes(), salt)
        .map(|hash| hash.to_string())
        .map_err(|e| InternalError::Hashing(e.to_string()))
}

#[cfg(test)]
mod tests {
    use secrecy::SecretString;

    use super::*;

    fn pw(s: &str) -> Password {
        Password::for_sign_in(SecretString::from(s)).unwrap()
    }

    #[tokio::test]
    async fn a_hash_verifies_its_password_only_and_records_its_parameters() {
        let hashing = PasswordHashing::new(Params::new(1024, 1, 1, None).unwrap());
        let hash = hashing.hash(pw("correct horse"), [7; 16]).await.unwrap();
        assert!(hash.starts_with("$argon2id$v=19$m=1024,t=1,p=1$"), "{hash}");
        assert!(
            hashing
                .verify(pw("correct horse"), Some(hash.clone()))
                .await
                .unwrap()
                .matches
        );
        assert!(
            !hashing
                .verify(pw("wrong horse"), Some(hash.clone()))
                .await
                .unwrap()
                .matches
        );
        assert!(
            !hashing
                .verify(pw("correct horse"), Some(hash.clone()))
                .await
                .unwrap()
                .needs_rehash
        );
        let stronger = PasswordHashing::new(Params::new(2048, 1, 1, None).unwrap());
        let verified = stronger.verify(pw("correct horse"), Some(hash)).await.unwrap();
        assert!(verified.matches && verified.needs_rehash);
    }

    #[tokio::test]
    async fn no_account_never_matches() {
        let hashing = PasswordHashing::new(Params::new(1024, 1, 1, None).unwrap());
        let verified = hashing.verify(pw("latchkey: no such account"), None).await.unwrap();
        assert!(!verified.matches && !verified.needs_rehash);
    }

    #[tokio::test]
    async fn the_dummy_hash_follows_the_cost_it_is_given() {
        let hashing = PasswordHashing::new(Params::new(2048, 2, 1, None).unwrap());
        hashing.set_dummy_cost(Params::new(1024, 1, 1, None).unwrap());
        let dummy = hashing.dummy_hash().await.unwrap();
        assert!(dummy.starts_with("$argon2id$v=19$m=1024,t=1,p=1$"), "{dummy}");
    }

    /// Records, for each span opened, its name and whether it opened inside another.
    #[derive(Clone, Default)]
    struct Opened(std::sync::Arc<std::sync::Mutex<Vec<(&'static str, bool)>>>);

    impl<S: tracing::Subscriber + for<'a> tracing_subscriber::registry::LookupSpan<'a>> tracing_subscriber::Layer<S>
        for Opened
    {
        fn on_new_span(
            &self,
            attrs: &tracing::span::Attributes<'_>,
            id: &tracing::span::Id,
            ctx: tracing_subscriber::layer::Context<'_, S>,
        ) {
            let nested = ctx.span(id).and_then(|s| s.parent()).is_some();
            self.0.lock().unwrap().push((attrs.metadata().name(), nested));
        }
    }

    /// The fleet benchmark tells the argon2 work from the rest of a flow by this span.
    #[tokio::test]
    async fn every_hash_and_check_runs_in_the_hashing_span() {
        use tracing_subscriber::layer::SubscriberExt;
        let opened = Opened::default();
        let _guard = tracing::subscriber::set_default(tracing_subscriber::registry().with(opened.clone()));
        let hashing = PasswordHashing::new(Params::new(1024, 1, 1, None).unwrap());
        let hash = hashing.hash(pw("correct horse"), [7; 16]).await.unwrap();
        assert_eq!(*opened.0.lock().unwrap(), [(HASHING_SPAN, false)]);
        hashing.verify(pw("correct horse"), Some(hash)).await.unwrap();
        // A check against no account makes the dummy hash first: inside the check's span.
        hashing.verify(pw("correct horse"), None).await.unwrap();
        assert_eq!(
            *opened.0.lock().unwrap(),
            [
                (HASHING_SPAN, false),
                (HASHING_SPAN, false),
                (HASHING_SPAN, false),
                (HASHING_SPAN, true)
            ]
        );
    }
}
