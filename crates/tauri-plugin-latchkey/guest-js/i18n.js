// The screens' text, from the same Fluent catalogues as the emails (locales/<tag>.ftl, served by
// the plugin's `locales` command), formatted by @fluent/bundle (vendored, see vendor/): plurals and
// number formats follow each language's CLDR rules. Keys in code are "screen.name"; the
// catalogue's message id is "screen-name". `en-XA` is the QA pseudo-locale, derived from English.
// Labels and button texts are part of the accessibility/test contract (issue 5): change English
// ones only together with the end-to-end tests.
import { FluentBundle, FluentResource } from "./vendor/fluent-bundle/index.js";

export const ENGLISH = "en";
export const PSEUDO = "en-XA";
/** Where the device's choice is kept before anyone signs in. */
export const STORAGE_KEY = "latchkey.language";

/** tag -> Fluent source */
const sources = new Map();
/** tag -> the language's name in itself, when the plugin gave it */
const names = new Map();
/** tag -> FluentBundle, built on first use */
const bundles = new Map();
const listeners = new Set();
let current = ENGLISH;

/** Installs the catalogues, as the `locales` command answers them: [{tag, name, source}] (`name` may be missing: then it is read from the catalogue). */
export function installCatalogues(list) {
  sources.clear();
  names.clear();
  for (const { tag, name, source } of list ?? []) {
    sources.set(tag, source);
    if (name) names.set(tag, name);
  }
  bundles.clear();
}

function bundleFor(tag) {
  if (bundles.has(tag)) return bundles.get(tag);
  const base = tag === PSEUDO ? ENGLISH : tag;
  if (!sources.has(base)) return null;
  const bundle = new FluentBundle(base, { useIsolating: false, transform: tag === PSEUDO ? accent : (s) => s });
  const errors = bundle.addResource(new FluentResource(sources.get(base)));
  if (errors.length) console.error(`locales/${base}.ftl:`, ...errors);
  bundles.set(tag, bundle);
  return bundle;
}

/** Every language there is a catalogue for, plus the pseudo-locale: [{tag, name}] (names in their own language). */
export function languages() {
  const tags = [...sources.keys()].sort();
  if (sources.has(ENGLISH)) tags.push(PSEUDO);
  // Names as the plugin gave them: listing the languages (every screen does) must not parse
  // every catalogue; only the language in use is.
  const nameOf = (tag) => {
    if (tag === PSEUDO && names.has(ENGLISH)) return bracket(accent(names.get(ENGLISH)));
    return names.get(tag) ?? format(tag, "language-name", {}) ?? tag;
  };
  return tags.map((tag) => ({ tag, name: nameOf(tag) }));
}

/** The best available language for a BCP 47 tag (navigator.language, an account's choice): exact, then its primary language, else null. */
export function negotiate(tag) {
  if (!tag) return null;
  const wanted = String(tag).replace(/_/g, "-").split(".")[0].toLowerCase();
  const available = [...sources.keys(), ...(sources.has(ENGLISH) ? [PSEUDO] : [])];
  return available.find((t) => t.toLowerCase() === wanted)
    ?? available.find((t) => t.toLowerCase() === wanted.split("-")[0])
    ?? null;
}

/**
 * The language to start in: the device's remembered choice, else the first of the OS/web view's
 * preferred languages there is a catalogue for, else English.
 */
export function initialLanguage(nav = globalThis.navigator, storage = safeStorage()) {
  const saved = negotiate(storage?.getItem(STORAGE_KEY));
  if (saved) return saved;
  for (const tag of [...(nav?.languages ?? []), nav?.language]) {
    const found = negotiate(tag);
    if (found) return found;
  }
  return ENGLISH;
}

function safeStorage() {
  try {
    return globalThis.localStorage ?? globalThis.window?.localStorage ?? null;
  } catch {
    return null; // storage disabled
  }
}

/** Switches every later t() to `tag`, remembers it for the device, and tells the listeners. */
export function setLanguage(tag, { remember = true } = {}) {
  const found = negotiate(tag);
  if (!found || found.toLowerCase() !== String(tag).toLowerCase()) throw new Error(`no catalogue for ${tag}`);
  const changed = found !== current;
  current = found;
  if (remember) {
    try {
      safeStorage()?.setItem(STORAGE_KEY, found);
    } catch { /* private mode: the choice lasts this run */ }
  }
  if (changed) for (const listener of [...listeners]) listener(found);
}

export const language = () => current;

/** Calls `listener(tag)` after every language change; returns a function that stops it. */
export function onLanguageChange(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The locale for Intl formatters (the pseudo-locale formats like English, then is accented). */
export const intlLocale = () => (current === PSEUDO ? ENGLISH : current);

function format(tag, id, params) {
  const bundle = bundleFor(tag);
  const message = bundle?.getMessage(id);
  if (!message?.value) return null;
  const errors = [];
  const text = bundle.formatPattern(message.value, params, errors);
  return tag === PSEUDO ? bracket(text) : text;
}

/** Looks up `key` ("screen.name") with named `params`; falls back to English, then to the key itself so missing strings are easy to spot. */
export function t(key, params = {}) {
  const id = key.replaceAll(".", "-");
  return format(current, id, params) ?? (current === PSEUDO ? null : format(ENGLISH, id, params)) ?? key;
}

/** The keys ("screen.name") of the English catalogue that start with `prefix` ("activity."). */
export function keysWithPrefix(prefix) {
  const source = sources.get(ENGLISH);
  if (!source) return [];
  const idPrefix = prefix.replaceAll(".", "-");
  return new FluentResource(source).body
    .map((entry) => entry.id)
    .filter((id) => id.startsWith(idPrefix))
    .map((id) => prefix + id.slice(idPrefix.length));
}

/** True when the catalogue has `key` (used to map backend codes to friendly text). */
export const hasKey = (key) => Boolean(bundleFor(ENGLISH)?.hasMessage(key.replaceAll(".", "-")));

/** Text made by Intl (dates, relative times) as the current language shows it: accented in the pseudo-locale. */
export const localized = (text) => (current === PSEUDO && text ? bracket(accent(text)) : text);

// The pseudo-locale's letters: the same as PLAIN/ACCENTED in latchkey-core's i18n.rs.
const PLAIN = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
const ACCENTED = [..."åƀçðéƒĝĥîĵķļɱñöþǫŕšţûṽŵẋýžÅƁÇÐÉƑĜĤÎĴĶĻṀÑÖÞǪŔŠŢÛṼŴẊÝŽ"];
/** Every character the pseudo-locale puts in, for tests that look for its marks. */
export const PSEUDO_MARKS = new Set([...ACCENTED, "[", "]", "~"]);

function accent(text) {
  return [...text].map((c) => {
    const i = PLAIN.indexOf(c);
    return i >= 0 ? ACCENTED[i] : c;
  }).join("");
}

/** "[text ~~~]": about a third longer, so layouts that break with longer languages show it. */
function bracket(text) {
  const extra = Math.max(1, Math.floor([...text].length / 3));
  return `[${text} ${"~".repeat(extra)}]`;
}
