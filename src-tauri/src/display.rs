//! Refuse to start without a display, with a message a person can act on, instead of GTK's
//! panic deep inside the toolkit.

/// Ok when a graphical session is reachable (always on non-Linux desktops).
pub fn check() -> Result<(), String> {
    #[cfg(all(unix, not(target_os = "macos")))]
    {
        let has = |var: &str| std::env::var_os(var).is_some_and(|v| !v.is_empty());
        if !has("DISPLAY") && !has("WAYLAND_DISPLAY") {
            return Err(
                "no graphical display found (neither DISPLAY nor WAYLAND_DISPLAY is set). \
                 Run Latchkey from a desktop session, or under a virtual display: \
                 `xvfb-run -a scripts/run.sh`."
                    .to_owned(),
            );
        }
    }
    Ok(())
}
