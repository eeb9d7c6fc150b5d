//! A bare Tauri 2 window: no commands, no plugins, no state. The baseline Latchkey is measured
//! against (scripts/bench-compare.py).
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    tauri::Builder::default()
        .run(tauri::generate_context!())
        .expect("the window runs");
}
