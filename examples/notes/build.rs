// The notes app's own commands; its capability grants them next to `latchkey:default`.
fn main() {
    let manifest = tauri_build::AppManifest::new().commands(&["list_notes", "add_note"]);
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest)).expect("tauri build script failed");
}
