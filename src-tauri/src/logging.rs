//! Logs go to stderr and to a daily-rotated file in `<data dir>/logs`. Secrets never reach a
//! log: the core's secret types redact themselves and no command logs its arguments.

use std::path::Path;

use tracing_appender::non_blocking::WorkerGuard;
use tracing_subscriber::EnvFilter;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;

/// Keeps the file writer flushing; dropping it flushes what is left.
pub type LogGuard = WorkerGuard;

/// Lines waiting for the file writer's thread at most. tracing-appender's default, 128,000,
/// is a channel allocated and written in full at start: 4 MiB resident for the app's whole
/// life (issue 16: memory). The writer drains it as lines come, so a few thousand absorb any
/// burst the app makes; past it, lines are dropped rather than the window's thread blocked
/// (the default's behaviour too).
const BUFFERED_LINES: usize = 4096;

pub fn init(data_dir: &Path) -> Result<LogGuard, Box<dyn std::error::Error>> {
    let log_dir = data_dir.join("logs");
    std::fs::create_dir_all(&log_dir)?;
    let file_appender = tracing_appender::rolling::Builder::new()
        .rotation(tracing_appender::rolling::Rotation::DAILY)
        .filename_prefix("latchkey")
        .filename_suffix("log")
        .max_log_files(7)
        .build(&log_dir)?;
    let (file_writer, guard) = tracing_appender::non_blocking::NonBlockingBuilder::default()
        .buffered_lines_limit(BUFFERED_LINES)
        .finish(file_appender);
    let filter =
        EnvFilter::try_from_env("LATCHKEY_LOG").unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,tao=warn,wry=warn"));
    tracing_subscriber::registry()
        .with(filter)
        .with(tracing_subscriber::fmt::layer().with_writer(std::io::stderr))
        .with(
            tracing_subscriber::fmt::layer()
                .with_ansi(false)
                .with_writer(file_writer),
        )
        .try_init()?;
    Ok(guard)
}
