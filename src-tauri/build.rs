// The app has no commands of its own: the window may call the Latchkey plugin's commands that
// capabilities/default.json grants (`latchkey:default`) and nothing else.
fn main() {
    tauri_build::build();
}
