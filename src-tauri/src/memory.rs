//! The allocator's settings for a long-running desktop process (issue 16: memory after sign-in).
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
