// The app has no commands of its own: the window may call the Latchkey plugin's commands that
// capabilities/default.json grants (`latchkey:default`) and nothing else.
//
// The page it serves (tauri.conf.json's frontendDist, `target/ui-dist`) is made here from ui/
// before Tauri embeds it: bundled by `scripts/build-ui.mjs` (esbuild, from `npm ci`), or, where
// esbuild is not installed, ui/ copied as it is (the same page in ~25 modules, a little slower
// to start; a warning says so). Files are written only when their content changed, so an
// unchanged page does not make Tauri embed it again.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    let crate_dir = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let root = crate_dir.parent().expect("src-tauri is in the repository").to_owned();
    let staging = PathBuf::from(std::env::var_os("OUT_DIR").expect("set by cargo")).join("ui-staging");
    let dist = root.join("target").join("ui-dist");
    for watched in [
        "ui",
        "crates/tauri-plugin-latchkey/guest-js",
        "scripts/build-ui.mjs",
        "package-lock.json",
        "node_modules/esbuild/package.json",
    ] {
        println!("cargo:rerun-if-changed={}", root.join(watched).display());
    }

    let _ = fs::remove_dir_all(&staging);
    fs::create_dir_all(&staging).expect("create the staging directory");
    if root.join("node_modules/esbuild/package.json").exists() {
        let run = Command::new("node")
            .arg(root.join("scripts/build-ui.mjs"))
            .arg("--out")
            .arg(&staging)
            .current_dir(&root)
            .output();
        match run {
            Ok(done) if done.status.success() => {}
            Ok(done) => panic!(
                "scripts/build-ui.mjs failed ({}):\n{}{}",
                done.status,
                String::from_utf8_lossy(&done.stdout),
                String::from_utf8_lossy(&done.stderr)
            ),
            Err(e) => {
                println!("cargo:warning=the page is not bundled (node: {e}); ui/ is served as it is");
                copy_tree(&root.join("ui"), &staging);
            }
        }
    } else {
        println!("cargo:warning=the page is not bundled (no esbuild: run `npm ci`); ui/ is served as it is");
        copy_tree(&root.join("ui"), &staging);
    }
    sync(&staging, &dist);

    pack_relative_relocations();
    tauri_build::build();
}

/// Links the binary with packed relative relocations (DT_RELR, glibc ≥ 2.36, GNU ld ≥ 2.38:
/// Debian 12 has both): its ~48,000 relocations of pointers in static tables (the password
/// dictionaries' words, vtables, the page's assets) take 8 bytes per run of addresses instead
/// of 24 bytes each, ~1.1 MB less on disk and fewer pages to fix up at start. A loader older
/// than glibc 2.36 refuses the binary with a message naming `GLIBC_ABI_DT_RELR`.
fn pack_relative_relocations() {
    let target_os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let target_env = std::env::var("CARGO_CFG_TARGET_ENV").unwrap_or_default();
    if target_os == "linux" && target_env == "gnu" {
        println!("cargo:rustc-link-arg-bins=-Wl,-z,pack-relative-relocs");
    }
}

/// Copies `from` into `to` (following the `ui/latchkey` link), without the UI's tests.
fn copy_tree(from: &Path, to: &Path) {
    for entry in fs::read_dir(from).unwrap_or_else(|e| panic!("read {}: {e}", from.display())) {
        let entry = entry.expect("read a directory entry");
        let name = entry.file_name();
        if name == "tests" {
            continue;
        }
        let (source, target) = (entry.path(), to.join(&name));
        if source.is_dir() {
            fs::create_dir_all(&target).expect("create a directory of the page");
            copy_tree(&source, &target);
        } else {
            fs::copy(&source, &target).unwrap_or_else(|e| panic!("copy {}: {e}", source.display()));
        }
    }
}

/// Makes `dist` hold exactly the files of `staging`, touching only those that differ.
fn sync(staging: &Path, dist: &Path) {
    let wanted = files(staging);
    let present = if dist.exists() { files(dist) } else { BTreeMap::new() };
    for relative in present.keys().filter(|p| !wanted.contains_key(*p)) {
        let _ = fs::remove_file(dist.join(relative));
    }
    for (relative, bytes) in &wanted {
        if present.get(relative) != Some(bytes) {
            let target = dist.join(relative);
            fs::create_dir_all(target.parent().expect("a file has a parent")).expect("create a directory of the page");
            fs::write(&target, bytes).unwrap_or_else(|e| panic!("write {}: {e}", target.display()));
        }
    }
}

/// Every file under `dir`, by its path relative to `dir`, with its content.
fn files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut found = BTreeMap::new();
    let mut pending = vec![dir.to_owned()];
    while let Some(at) = pending.pop() {
        for entry in fs::read_dir(&at).unwrap_or_else(|e| panic!("read {}: {e}", at.display())) {
            let path = entry.expect("read a directory entry").path();
            if path.is_dir() {
                pending.push(path);
            } else {
                let bytes = fs::read(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
                found.insert(path.strip_prefix(dir).expect("under dir").to_owned(), bytes);
            }
        }
    }
    found
}
