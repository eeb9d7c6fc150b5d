//! Memory settings for a long-running desktop process (issue 16: memory after sign-in): the
//! allocator's ([`tune_allocator`]) and the web view's renderer ([`prefer_cpu_rendering`]).
//!
//! glibc's malloc raises its mmap threshold to the size of any large block freed, up to 32 MiB.
//! argon2id's 19 MiB working memory is such a block: the first hash's memory comes from mmap
//! and goes back to the system, but every later one (each sign-in, registration, change of
//! password) then comes from a malloc arena and stays there, resident, once freed — one arena
//! per thread that hashed. A fixed threshold keeps large blocks on mmap (given back on free)
//! and small arenas trimmed; two arenas are plenty for an app whose threads mostly wait.

/// Applies the settings; call it first thing in `main`, before any other thread exists.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
pub fn tune_allocator() {
    // SAFETY: mallopt only sets malloc parameters; no other thread exists yet to race with.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 256 * 1024);
        libc::mallopt(libc::M_ARENA_MAX, 2);
    }
}

/// Other allocators (musl, macOS, Windows) give large blocks back on their own.
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub fn tune_allocator() {}

/// The web view's renderer variable (WebKitGTK ≥ 2.42): set and not "0", pages are composited on
/// the CPU instead of through GL with DMA-BUF.
#[cfg(target_os = "linux")]
const DMABUF_RENDERER_OFF: &str = "WEBKIT_DISABLE_DMABUF_RENDERER";

/// WebKitGTK composites pages through GL. Without a GPU — kiosks on basic graphics, virtual
/// machines, CI — that GL is Mesa's llvmpipe, which costs the web process ~80 MiB (LLVM and GL
/// buffers; measured 193 → 113 MiB PSS on the sign-in screen) to draw a page of forms. Latchkey
/// draws on the CPU unless the environment already chose (`WEBKIT_DISABLE_DMABUF_RENDERER=0`
/// keeps GL). Call it first thing in `main`, before any other thread exists.
#[cfg(target_os = "linux")]
pub fn prefer_cpu_rendering() {
    if std::env::var_os(DMABUF_RENDERER_OFF).is_none() {
        // SAFETY: no other thread exists yet that could read the environment meanwhile.
        unsafe { std::env::set_var(DMABUF_RENDERER_OFF, "1") };
    }
}

/// Other platforms' web views (WebView2, WKWebView) choose their renderer themselves.
#[cfg(not(target_os = "linux"))]
pub fn prefer_cpu_rendering() {}
