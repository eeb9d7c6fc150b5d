//! The first screen's answers in the page itself (issue 16: launch time).
//!
//! The first screen needs four answers before it can show: its language's catalogue, whether
//! the store is open, whether a session is remembered, and the app's mode. Asked over IPC they
//! arrive only once the web process's main thread is free again after the page's scripts
//! (9–23 ms after `main.js` ran, measured), and the bare window they are compared with has
//! nothing to ask. So the start-up task works out the two that need the store (`restore_session`
//! and `app_info`) as soon as it is open, and a host that wraps its assets with
//! [`serve_first_answers`] has its `index.html` served with everything known at that moment in
//! a JSON block (`<script type="application/json" id="latchkey-first-answers">`: data, not code,
//! so the page's CSP is unchanged); the page's `early.js` takes them from there and asks over
//! IPC only for what is missing.
//!
//! `restore_session`'s answer is worked out once (it may adopt the remembered session, or
//! delete a dead one and explain why) and given once: to the page's HTML, or to the first
//! `restore_session` command if the HTML was served before it was ready, whichever comes
//! first, and only while this window's session is still the one it describes. A reload gets
//! the HTML without it (the page then asks).

use std::borrow::Cow;
use std::sync::OnceLock;

use latchkey_core::sessions::SessionToken;
use serde_json::{Map, Value};
use tauri::utils::assets::{AssetKey, AssetsIter, CspHash};
use tauri::{App, AppHandle, Assets, Context, Manager, Runtime};

use crate::commands::app::{app_info_now, store_status_now};
use crate::commands::locale::catalogues;
use crate::commands::session::{RestoredSession, restore_now};
use crate::state::AppState;

/// The `id` of the JSON block in the page (`ui/early.js` reads it).
pub const ELEMENT_ID: &str = "latchkey-first-answers";

/// Where the start-up's answers stand.
#[derive(Default)]
pub(crate) enum FirstAnswers {
    /// The store is not open yet.
    #[default]
    NotYet,
    Ready(Box<Prepared>),
    /// Given (or not worth giving: the page asked before they were ready).
    Used,
}

pub(crate) struct Prepared {
    restored: RestoredSession,
    /// `None` if it could not be worked out: the page asks for it, and still gets the restore
    /// answer (a dead remembered session's notice is given once, here).
    app_info: Option<Value>,
    /// The window's session the answer describes (`None`: nobody is signed in).
    session: Option<SessionToken>,
}

/// Called by the start-up task once the store is open: works the answers out, unless the page
/// asked `restore_session` already.
pub(crate) async fn prepare<R: Runtime>(app: &AppHandle<R>) {
    let state = app.state::<AppState>();
    let mut first = state.first_answers.lock().await;
    if !matches!(*first, FirstAnswers::NotYet) {
        return;
    }
    *first = FirstAnswers::Used;
    // Announced when given out, not now: no page is there yet to hear it.
    let Ok(restored) = restore_now(app, &state, false).await else {
        return; // the page asks, and is told why
    };
    let app_info = app_info_now(&state)
        .await
        .ok()
        .and_then(|info| serde_json::to_value(info).ok());
    let session = state.session.lock().await.as_ref().map(|s| s.token.clone());
    *first = FirstAnswers::Ready(Box::new(Prepared {
        restored,
        app_info,
        session,
    }));
}

/// `restore_session`'s answer if the start-up task has it and the page's HTML did not take it
/// (waits while it is being worked out); `None` once given, or before the store is open.
pub(crate) async fn take_for_command<R: Runtime>(app: &AppHandle<R>, state: &AppState) -> Option<RestoredSession> {
    let mut first = state.first_answers.lock().await;
    let current = state.session.lock().await.as_ref().map(|s| s.token.clone());
    let prepared = take_if_current(&mut first, current.as_ref())?;
    announce(app, &prepared.restored);
    Some(prepared.restored)
}

/// `latchkey://signed-in` for a restored session, as `restore_session` does when it restores
/// one, now that the answer is given.
fn announce<R: Runtime>(app: &AppHandle<R>, restored: &RestoredSession) {
    if let Some(signed_in) = &restored.signed_in {
        crate::events::signed_in(app, &signed_in.account);
    }
}

/// For the HTML, which is served on the window's thread: never waits. `None` while the answers
/// are being worked out or the session is busy: the page then asks.
fn take_for_page(state: &AppState) -> Option<Box<Prepared>> {
    let mut first = state.first_answers.try_lock().ok()?;
    let current = state.session.try_lock().ok()?.as_ref().map(|s| s.token.clone());
    take_if_current(&mut first, current.as_ref())
}

fn take_if_current(first: &mut FirstAnswers, current: Option<&SessionToken>) -> Option<Box<Prepared>> {
    match std::mem::replace(first, FirstAnswers::Used) {
        FirstAnswers::Ready(prepared) if same_session(prepared.session.as_ref(), current) => Some(prepared),
        _ => None,
    }
}

fn same_session(a: Option<&SessionToken>, b: Option<&SessionToken>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => a.expose_secret() == b.expose_secret(),
        _ => false,
    }
}

/// The catalogues as JSON, made once: the first time parses every Fluent catalogue (for each
/// language's name), which the start-up task does on a blocking thread (see [`warm_up`]) rather
/// than the window's thread when it serves the HTML.
fn catalogues_json() -> &'static Value {
    static CATALOGUES: OnceLock<Value> = OnceLock::new();
    CATALOGUES.get_or_init(|| serde_json::to_value(catalogues()).unwrap_or(Value::Null))
}

/// Makes what the HTML will carry before it is asked for (called as the plugin starts).
pub(crate) fn warm_up() {
    tauri::async_runtime::spawn_blocking(|| {
        catalogues_json();
    });
}

/// Everything known now, by command name: the catalogues and the store's status always, the
/// start-up's two answers if they are ready and not given yet.
fn answers_now<R: Runtime>(app: &AppHandle<R>, state: &AppState) -> Map<String, Value> {
    let mut answers = Map::new();
    put(&mut answers, "locales", Ok(catalogues_json().clone()));
    put(
        &mut answers,
        "store_status",
        serde_json::to_value(store_status_now(state)),
    );
    if let Some(prepared) = take_for_page(state) {
        announce(app, &prepared.restored);
        put_prepared(&mut answers, *prepared);
    }
    answers
}

/// The start-up's answers by command name: `restore_session` always, `app_info` if it was
/// worked out (else the page asks for it).
fn put_prepared(answers: &mut Map<String, Value>, prepared: Prepared) {
    put(answers, "restore_session", serde_json::to_value(prepared.restored));
    if let Some(app_info) = prepared.app_info {
        put(answers, "app_info", Ok(app_info));
    }
}

fn put(answers: &mut Map<String, Value>, name: &str, value: Result<Value, serde_json::Error>) {
    match value {
        Ok(value) => {
            answers.insert(name.to_owned(), value);
        }
        Err(e) => tracing::warn!(error = %e, name, "a first answer could not be written"),
    }
}

/// `html` with `answers` in a JSON block just before `</head>`; `None` if it has no `</head>`.
/// `<`, `>` and `&` are written as JSON escapes, so no text in the answers (a person's name of
/// `</script>`, say) can end the block or open markup.
pub(crate) fn with_answers(html: &str, answers: &Map<String, Value>) -> Option<String> {
    let at = html.find("</head>")?;
    let json = serde_json::to_string(answers).ok()?;
    let mut escaped = String::with_capacity(json.len() + 64);
    for c in json.chars() {
        match c {
            '<' => escaped.push_str("\\u003c"),
            '>' => escaped.push_str("\\u003e"),
            '&' => escaped.push_str("\\u0026"),
            c => escaped.push(c),
        }
    }
    let mut page = String::with_capacity(html.len() + escaped.len() + 96);
    page.push_str(&html[..at]);
    page.push_str(&format!("<script type=\"application/json\" id=\"{ELEMENT_ID}\">"));
    page.push_str(&escaped);
    page.push_str("</script>\n  ");
    page.push_str(&html[at..]);
    Some(page)
}

/// Has the host's `index.html` served with the first screen's answers in it (see the module's
/// documentation). Call it on the context before `Builder::build`; the other assets are served
/// as before.
pub fn serve_first_answers<R: Runtime>(context: &mut Context<R>) {
    let inner = context.set_assets(Box::new(NoAssets));
    context.set_assets(Box::new(WithFirstAnswers {
        inner,
        app: OnceLock::new(),
    }));
}

struct WithFirstAnswers<R: Runtime> {
    inner: Box<dyn Assets<R>>,
    app: OnceLock<AppHandle<R>>,
}

impl<R: Runtime> Assets<R> for WithFirstAnswers<R> {
    fn setup(&self, app: &App<R>) {
        let _ = self.app.set(app.handle().clone());
        self.inner.setup(app);
    }

    fn get(&self, key: &AssetKey) -> Option<Cow<'_, [u8]>> {
        let asset = self.inner.get(key)?;
        if key.as_ref().trim_start_matches('/') != "index.html" {
            return Some(asset);
        }
        let Some(app) = self.app.get() else {
            return Some(asset);
        };
        let Some(state) = app.try_state::<AppState>() else {
            return Some(asset);
        };
        let Ok(html) = std::str::from_utf8(&asset) else {
            return Some(asset);
        };
        match with_answers(html, &answers_now(app, &state)) {
            Some(page) => Some(Cow::Owned(page.into_bytes())),
            None => Some(asset),
        }
    }

    fn iter(&self) -> Box<AssetsIter<'_>> {
        self.inner.iter()
    }

    fn csp_hashes(&self, html_path: &AssetKey) -> Box<dyn Iterator<Item = CspHash<'_>> + '_> {
        self.inner.csp_hashes(html_path)
    }
}

/// Stands in for a moment while [`serve_first_answers`] swaps the host's assets.
struct NoAssets;

impl<R: Runtime> Assets<R> for NoAssets {
    fn get(&self, _: &AssetKey) -> Option<Cow<'_, [u8]>> {
        None
    }

    fn iter(&self) -> Box<AssetsIter<'_>> {
        Box::new(std::iter::empty())
    }

    fn csp_hashes(&self, _: &AssetKey) -> Box<dyn Iterator<Item = CspHash<'_>> + '_> {
        Box::new(std::iter::empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_answers_go_before_the_end_of_the_head_and_no_text_in_them_can_end_the_block() {
        let html = "<html><head><title>x</title></head><body></body></html>";
        let mut answers = Map::new();
        answers.insert(
            "name".to_owned(),
            Value::from("</script><script>alert(1)</script> & <!--"),
        );
        let page = with_answers(html, &answers).unwrap();
        let start = page.find(&format!("id=\"{ELEMENT_ID}\">")).unwrap();
        let end = page.find("</head>").unwrap();
        assert!(start < end);
        let block = &page[start..end];
        // One `</script>`: the block's own end.
        assert_eq!(block.matches("</script>").count(), 1, "{block}");
        assert!(!block.contains("<!--") && !block.contains("<script>"), "{block}");
        let json = &block[block.find('>').unwrap() + 1..block.rfind("</script>").unwrap()];
        let back: Map<String, Value> = serde_json::from_str(json).unwrap();
        assert_eq!(back, answers);
        assert!(page.ends_with("</head><body></body></html>"));
    }

    #[test]
    fn a_page_without_a_head_is_left_as_it_is() {
        assert!(with_answers("<p>no head</p>", &Map::new()).is_none());
    }

    fn prepared(session: Option<&SessionToken>) -> FirstAnswers {
        FirstAnswers::Ready(Box::new(Prepared {
            restored: RestoredSession {
                signed_in: None,
                notice: Some("ended".to_owned()),
            },
            app_info: Some(Value::from("info")),
            session: session.cloned(),
        }))
    }

    #[test]
    fn the_restore_answer_is_given_even_when_the_app_info_could_not_be_worked_out() {
        let restored = || RestoredSession {
            signed_in: None,
            notice: Some("ended".to_owned()),
        };
        let mut answers = Map::new();
        put_prepared(
            &mut answers,
            Prepared {
                restored: restored(),
                app_info: None,
                session: None,
            },
        );
        assert_eq!(answers["restore_session"]["notice"], Value::from("ended"));
        assert!(!answers.contains_key("app_info"), "{answers:?}");

        let mut answers = Map::new();
        put_prepared(
            &mut answers,
            Prepared {
                restored: restored(),
                app_info: Some(Value::from("info")),
                session: None,
            },
        );
        assert_eq!(answers["app_info"], Value::from("info"));
        assert_eq!(answers["restore_session"]["notice"], Value::from("ended"));
    }

    #[test]
    fn the_start_up_answer_is_given_once_and_only_for_the_session_it_describes() {
        let token = SessionToken::new("a".repeat(64));
        let other = SessionToken::new("b".repeat(64));
        for (described, current, given) in [
            (None, None, true),
            (Some(&token), Some(&token), true),
            (None, Some(&token), false), // signed in since
            (Some(&token), None, false), // signed out since
            (Some(&token), Some(&other), false),
        ] {
            let mut first = prepared(described);
            let taken = take_if_current(&mut first, current);
            assert_eq!(taken.is_some(), given, "{described:?} {current:?}");
            if let Some(taken) = taken {
                assert_eq!(taken.restored.notice.as_deref(), Some("ended"));
                assert_eq!(taken.app_info, Some(Value::from("info")));
            }
            // Given or not, never again.
            assert!(matches!(first, FirstAnswers::Used));
            assert!(take_if_current(&mut first, current).is_none());
        }
        // Before the store is open there is nothing to give, and nothing will be given later.
        let mut first = FirstAnswers::NotYet;
        assert!(take_if_current(&mut first, None).is_none());
        assert!(matches!(first, FirstAnswers::Used));
    }
}
