//! Logs go to stderr and to a daily-rotated file in `<data dir>/logs`. Secrets never reach a
//! log: the core's secret types redact themselves and no command logs its arguments.

use std::path::Path;

use tracing_appender::non_blocking::WorkerGuard;
use tracing_subscriber::EnvFilter;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;

/// Keeps the file writer flushing; dropping it flushes what is left.
pub type LogGuard = WorkerGuard;

pub fn init(data_dir: &Path) -> Result<LogGuard, Box<dyn std::error::Error>> {
    let log_dir = data_dir.join("logs");
    std::fs::create_dir_all(&log_dir)?;
    let file_appender = tracing_appender::rolling::Builder::new()
        .rotation(tracing_appender::rolling::Rotation::DAILY)
        .filename_prefix("latchkey")
        .filename_suffix("log")
        .max_log_files(7)
        .build(&log_dir)?;
    let (file_writer, guard) = tracing_appender::non_blocking(file_appender);
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
