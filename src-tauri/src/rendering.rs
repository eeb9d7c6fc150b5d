//! How the page is drawn (issue 16: memory).
//!
//! WebKitGTK composites pages with OpenGL by default. Latchkey's screens are forms: nothing on
//! them needs the GPU, and on a machine without one (a kiosk's thin client, a VM, CI) Mesa's
//! software rasteriser (llvmpipe) stands in and compiles a shader with LLVM for every kind of
//! thing drawn (blurred shadows, rounded corners): measured here, the web process held
//! 190 MiB on the sign-in screen with compositing and 110 MiB without, and the bare Tauri
//! window 155–163 / 95 MiB (BENCHMARKS.md). So the app has WebKit draw on the CPU unless the
//! person starting it chose otherwise: `WEBKIT_DISABLE_COMPOSITING_MODE=0` in the environment
//! gives GPU compositing back (WebKit reads the variable in the web process it starts, which
//! inherits this process's environment).

/// The variable WebKitGTK reads; any value other than `0` turns compositing off.
pub const VARIABLE: &str = "WEBKIT_DISABLE_COMPOSITING_MODE";

/// Call first thing in `main`, before any other thread exists (it sets an environment variable).
#[cfg(target_os = "linux")]
pub fn draw_on_cpu_unless_told_otherwise() {
    if std::env::var_os(VARIABLE).is_none() {
        // SAFETY: no other thread exists yet to read the environment concurrently.
        unsafe { std::env::set_var(VARIABLE, "1") };
    }
}

/// WebKitGTK is the Linux web view; the others choose for themselves.
#[cfg(not(target_os = "linux"))]
pub fn draw_on_cpu_unless_told_otherwise() {}
