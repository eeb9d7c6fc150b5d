//! Notes: a host app that puts its own content behind Latchkey. The glue is the plugin line in
//! `main`, the route guard in `signed_in`, and `ui/notes.js` mounting the account screens.

use serde::Serialize;
use sqlx::sqlite::{SqliteConnectOptions, SqlitePool};
use tauri::{AppHandle, Manager, State};
use tauri_plugin_latchkey::{CommandError, ErrorCode, LatchkeyExt};

/// The notes live in their own SQLite file next to Latchkey's store.
struct Notes(SqlitePool);

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Note {
    id: i64,
    text: String,
    created_at: i64,
}

/// The route guard: the signed-in account's id, or `not_signed_in`.
async fn signed_in(app: &AppHandle) -> Result<i64, CommandError> {
    let account = app.latchkey().signed_in_account().await;
    account.map(|a| a.id.0).ok_or_else(CommandError::not_signed_in)
}

fn internal(e: sqlx::Error) -> CommandError {
    CommandError::internal("reading or writing notes", e)
}

#[tauri::command]
async fn list_notes(app: AppHandle, notes: State<'_, Notes>) -> Result<Vec<Note>, CommandError> {
    let owner = signed_in(&app).await?;
    let rows: Vec<(i64, String, i64)> =
        sqlx::query_as("SELECT id, text, created_at FROM notes WHERE owner = ? ORDER BY id")
            .bind(owner)
            .fetch_all(&notes.0)
            .await
            .map_err(internal)?;
    Ok(rows
        .into_iter()
        .map(|(id, text, created_at)| Note { id, text, created_at })
        .collect())
}

#[tauri::command]
async fn add_note(app: AppHandle, notes: State<'_, Notes>, text: String) -> Result<Note, CommandError> {
    let owner = signed_in(&app).await?;
    let text = text.trim();
    let too_long = text.chars().count() > 2000;
    if text.is_empty() || too_long {
        let code = if too_long {
            ErrorCode::TooLong
        } else {
            ErrorCode::Required
        };
        return Err(CommandError::invalid_field(
            "text",
            code,
            "A note has 1 to 2000 characters.",
        ));
    }
    let created_at = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64);
    let id = sqlx::query_scalar("INSERT INTO notes (owner, text, created_at) VALUES (?, ?, ?) RETURNING id")
        .bind(owner)
        .bind(text)
        .bind(created_at)
        .fetch_one(&notes.0)
        .await
        .map_err(internal)?;
    Ok(Note {
        id,
        text: text.to_owned(),
        created_at,
    })
}

async fn open_notes(file: std::path::PathBuf) -> Result<SqlitePool, sqlx::Error> {
    let pool = SqlitePool::connect_with(SqliteConnectOptions::new().filename(file).create_if_missing(true)).await?;
    sqlx::query("CREATE TABLE IF NOT EXISTS notes (id INTEGER PRIMARY KEY, owner INTEGER NOT NULL, text TEXT NOT NULL, created_at INTEGER NOT NULL)")
        .execute(&pool)
        .await?;
    Ok(pool)
}

fn main() {
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_latchkey::init())
        .setup(|app| {
            let file = app.latchkey().data_dir().join("notes.db");
            let pool = tauri::async_runtime::block_on(open_notes(file))?;
            app.manage(Notes(pool));
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![list_notes, add_note])
        .run(tauri::generate_context!())
        .expect("the notes app failed to start");
}
