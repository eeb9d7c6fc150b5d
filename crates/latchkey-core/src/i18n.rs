//! The languages Latchkey speaks: one Fluent catalogue per language in `locales/<tag>.ftl`
//! (embedded at build time, see build.rs), shared by the emails rendered here and the web UI
//! (which gets the same sources from the plugin's `locales` command). Plurals come from Fluent's
//! CLDR rules, never from code. `en-XA` is a pseudo-locale built from English for QA: every
//! message accented, lengthened and bracketed, so text that bypassed the catalogue stands out.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use unic_langid::LanguageIdentifier;

include!(concat!(env!("OUT_DIR"), "/locales.rs"));

/// The reference language: every other catalogue has exactly its messages.
pub const ENGLISH: &str = "en";
/// The QA pseudo-locale, derived from English.
pub const PSEUDO: &str = "en-XA";

/// A language Latchkey has a catalogue for. Construct with [`Locale::parse`] or
/// [`Locale::negotiate`]; the tag is always one of [`Locale::available`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Locale(&'static str);

impl Default for Locale {
    fn default() -> Self {
        Locale(ENGLISH)
    }
}

impl Locale {
    pub fn english() -> Locale {
        Locale(ENGLISH)
    }

    /// Every language, real catalogues first (sorted by tag), then the pseudo-locale.
    pub fn available() -> impl Iterator<Item = Locale> {
        CATALOGUES
            .iter()
            .map(|(tag, _)| Locale(tag))
            .chain(std::iter::once(Locale(PSEUDO)))
    }

    /// The locale whose tag is `tag` (case-insensitive), or `None` if there is no such catalogue.
    pub fn parse(tag: &str) -> Option<Locale> {
        Locale::available().find(|l| l.0.eq_ignore_ascii_case(tag.trim()))
    }

    /// The best catalogue for a tag such as an OS locale (`ru-RU`, `uz_Latn_UZ.UTF-8`): exact
    /// match, else its primary language, else English.
    pub fn negotiate(tag: &str) -> Locale {
        let tag = tag.split('.').next().unwrap_or("").replace('_', "-");
        Locale::parse(&tag)
            .or_else(|| Locale::parse(tag.split('-').next().unwrap_or("")))
            .unwrap_or_default()
    }

    pub fn as_str(&self) -> &'static str {
        self.0
    }

    pub fn is_pseudo(&self) -> bool {
        self.0 == PSEUDO
    }
}

impl std::fmt::Display for Locale {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0)
    }
}

/// `(tag, Fluent source)` of every real catalogue (not the pseudo-locale, which the UI derives
/// from English the same way [`message`] does).
pub fn sources() -> &'static [(&'static str, &'static str)] {
    CATALOGUES
}

fn source(tag: &str) -> &'static str {
    CATALOGUES
        .iter()
        .find(|(t, _)| *t == tag)
        .map(|(_, s)| *s)
        .unwrap_or("")
}

fn bundles() -> &'static HashMap<&'static str, FluentBundle<FluentResource>> {
    static BUNDLES: OnceLock<HashMap<&'static str, FluentBundle<FluentResource>>> = OnceLock::new();
    BUNDLES.get_or_init(|| {
        Locale::available()
            .map(|locale| {
                let tag = locale.as_str();
                let lang: LanguageIdentifier = tag.parse().unwrap_or_default();
                let mut bundle = FluentBundle::new_concurrent(vec![lang]);
                // Plain text for emails: no Unicode isolation marks around values.
                bundle.set_use_isolating(false);
                let ftl = if locale.is_pseudo() {
                    source(ENGLISH)
                } else {
                    source(tag)
                };
                if locale.is_pseudo() {
                    bundle.set_transform(Some(accent));
                }
                let resource = FluentResource::try_new(ftl.to_owned()).unwrap_or_else(|(resource, errors)| {
                    tracing::error!(tag, ?errors, "syntax errors in a message catalogue");
                    resource
                });
                if let Err(errors) = bundle.add_resource(resource) {
                    tracing::error!(tag, ?errors, "duplicate messages in a message catalogue");
                }
                (tag, bundle)
            })
            .collect()
    })
}

/// Whether the catalogue of `locale` has message `id`.
pub fn has(locale: Locale, id: &str) -> bool {
    bundles()[locale.as_str()].has_message(id)
}

/// Message `id` in `locale` with `args`, falling back to English when the catalogue lacks it.
/// A message missing everywhere comes back as `[missing text]` (and is logged) rather than
/// failing while a code is being sent; a test checks every id the templates use exists.
pub fn message(locale: Locale, id: &str, args: &[(&str, FluentValue<'_>)]) -> String {
    let mut fluent_args = FluentArgs::new();
    for (name, value) in args {
        fluent_args.set(*name, value.clone());
    }
    let bundles = bundles();
    for tag in [locale.as_str(), ENGLISH] {
        let bundle = &bundles[tag];
        if let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) {
            let mut errors = Vec::new();
            let text = bundle.format_pattern(pattern, Some(&fluent_args), &mut errors);
            if !errors.is_empty() {
                tracing::error!(tag, id, ?errors, "a message did not format cleanly");
            }
            return if tag == PSEUDO {
                bracket(&text)
            } else {
                text.into_owned()
            };
        }
    }
    tracing::error!(id, "message id missing from the catalogues");
    "[missing text]".to_owned()
}

/// The pseudo-locale's letters: the same as `PSEUDO_LETTERS` in guest-js/i18n.js.
const PLAIN: &str = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
const ACCENTED: &str = "åƀçðéƒĝĥîĵķļɱñöþǫŕšţûṽŵẋýžÅƁÇÐÉƑĜĤÎĴĶĻṀÑÖÞǪŔŠŢÛṼŴẊÝŽ";

fn accent(text: &str) -> Cow<'_, str> {
    Cow::Owned(
        text.chars()
            .map(|c| {
                PLAIN
                    .chars()
                    .position(|p| p == c)
                    .and_then(|i| ACCENTED.chars().nth(i))
                    .unwrap_or(c)
            })
            .collect(),
    )
}

/// `[text ~~~]`: about a third longer, so layouts that break with longer languages show it.
fn bracket(text: &str) -> String {
    let extra = (text.chars().count() / 3).max(1);
    format!("[{text} {}]", "~".repeat(extra))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn os_locales_negotiate_to_a_catalogue() {
        assert_eq!(Locale::negotiate("ru-RU").as_str(), "ru");
        assert_eq!(Locale::negotiate("uz_UZ.UTF-8").as_str(), "uz");
        assert_eq!(Locale::negotiate("en-XA").as_str(), "en-XA");
        assert_eq!(Locale::negotiate("fr-FR").as_str(), "en");
        assert_eq!(Locale::negotiate("").as_str(), "en");
    }

    #[test]
    fn the_pseudo_locale_accents_lengthens_and_brackets() {
        let text = message(Locale(PSEUDO), "signIn-title", &[]);
        assert_eq!(text, "[Šîĝñ îñ ~~]");
    }

    #[test]
    fn russian_plurals_come_from_cldr() {
        let ru = Locale::parse("ru").unwrap();
        let minutes = |n: u64| message(ru, "mail-duration-minutes", &[("n", FluentValue::from(n))]);
        assert_eq!(minutes(1), "1 минуту");
        assert_eq!(minutes(2), "2 минуты");
        assert_eq!(minutes(5), "5 минут");
        assert_eq!(minutes(21), "21 минуту");
        assert_eq!(minutes(11), "11 минут");
    }

    /// Message and term ids of a catalogue, each with the sorted names of the variables it uses
    /// (anywhere: selectors, variants, attributes).
    fn shape(tag: &str) -> std::collections::BTreeMap<String, std::collections::BTreeSet<String>> {
        use fluent_syntax::ast;
        fn walk_pattern(p: &ast::Pattern<&str>, vars: &mut std::collections::BTreeSet<String>) {
            for el in &p.elements {
                if let ast::PatternElement::Placeable { expression } = el {
                    walk_expr(expression, vars);
                }
            }
        }
        fn walk_expr(e: &ast::Expression<&str>, vars: &mut std::collections::BTreeSet<String>) {
            match e {
                ast::Expression::Select { selector, variants } => {
                    walk_inline(selector, vars);
                    for v in variants {
                        walk_pattern(&v.value, vars);
                    }
                }
                ast::Expression::Inline(i) => walk_inline(i, vars),
            }
        }
        fn walk_inline(i: &ast::InlineExpression<&str>, vars: &mut std::collections::BTreeSet<String>) {
            match i {
                ast::InlineExpression::VariableReference { id } => {
                    vars.insert(id.name.to_owned());
                }
                ast::InlineExpression::FunctionReference { arguments, .. } => {
                    for a in &arguments.positional {
                        walk_inline(a, vars);
                    }
                }
                ast::InlineExpression::Placeable { expression } => walk_expr(expression, vars),
                _ => {}
            }
        }
        let resource = fluent_syntax::parser::parse(source(tag))
            .unwrap_or_else(|(_, errors)| panic!("{tag}.ftl has syntax errors: {errors:?}"));
        let mut out = std::collections::BTreeMap::new();
        for entry in &resource.body {
            let (id, value, attributes) = match entry {
                ast::Entry::Message(m) => (m.id.name.to_owned(), m.value.as_ref(), &m.attributes),
                ast::Entry::Term(t) => (format!("-{}", t.id.name), Some(&t.value), &t.attributes),
                _ => continue,
            };
            let mut vars = std::collections::BTreeSet::new();
            if let Some(v) = value {
                walk_pattern(v, &mut vars);
            }
            for a in attributes {
                walk_pattern(&a.value, &mut vars);
            }
            assert!(out.insert(id.clone(), vars).is_none(), "{tag}.ftl defines {id} twice");
        }
        out
    }

    #[test]
    fn every_language_has_exactly_the_messages_and_variables_of_english() {
        let english = shape(ENGLISH);
        assert!(CATALOGUES.len() >= 3, "en, ru and uz at least");
        for (tag, _) in CATALOGUES {
            let other = shape(tag);
            let missing: Vec<_> = english.keys().filter(|k| !other.contains_key(*k)).collect();
            let extra: Vec<_> = other.keys().filter(|k| !english.contains_key(*k)).collect();
            assert!(missing.is_empty(), "{tag}.ftl lacks {missing:?}");
            assert!(extra.is_empty(), "{tag}.ftl has messages en.ftl lacks: {extra:?}");
            for (id, vars) in &english {
                assert_eq!(&other[id], vars, "{tag}.ftl: {id} uses other variables than in English");
            }
        }
    }
}
