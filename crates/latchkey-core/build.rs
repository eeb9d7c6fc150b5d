// `sqlx::migrate!` embeds migrations/ at compile time; rebuild when a migration is added.
// The message catalogues: every `locales/<tag>.ftl` is embedded, so adding a language is adding
// one file (no code change).
use std::{env, fs, path::PathBuf};

fn main() {
    println!("cargo:rerun-if-changed=../../migrations");
    println!("cargo:rerun-if-changed=../../locales");
    let dir = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap()).join("../../locales");
    let mut tags: Vec<(String, PathBuf)> = fs::read_dir(&dir)
        .expect("locales/ is next to crates/")
        .filter_map(|entry| {
            let path = entry.ok()?.path();
            let tag = path.file_name()?.to_str()?.strip_suffix(".ftl")?.to_owned();
            Some((tag, path.canonicalize().ok()?))
        })
        .collect();
    tags.sort();
    // A `static`, not a `const`: a constant's data is copied into every codegen unit that uses
    // it, and the catalogues (~100 KB) were in the release binary twice.
    let mut out = String::from("/// `(tag, Fluent source)` of every `locales/<tag>.ftl`, sorted by tag.\n");
    out.push_str("pub(crate) static CATALOGUES: &[(&str, &str)] = &[\n");
    for (tag, path) in &tags {
        println!("cargo:rerun-if-changed={}", path.display());
        out.push_str(&format!(
            "    ({tag:?}, include_str!({:?})),\n",
            path.display().to_string()
        ));
    }
    out.push_str("];\n");
    fs::write(PathBuf::from(env::var("OUT_DIR").unwrap()).join("locales.rs"), out).unwrap();
}
