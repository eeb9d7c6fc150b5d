//! The administration command line (issue 13), run as the real built binary against a
//! temporary data directory: no window, exit codes 0 / 1 / 2, `--json` for scripts.

use std::path::Path;
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_latchkey");
const PASSWORD: &str = "correct horse battery staple";

/// Runs the binary with `args` on `dir`, with light argon2 settings and no config file.
fn latchkey(dir: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .env("LATCHKEY_DATA_DIR", dir)
        .env("LATCHKEY_CONFIG_FILE", dir.join("absent.toml"))
        .env("LATCHKEY_ARGON2_MEMORY_KIB", "1024")
        .env("LATCHKEY_ARGON2_ITERATIONS", "1")
        .env("LATCHKEY_ADMIN_PASSWORD", PASSWORD)
        .env_remove("DISPLAY")
        .output()
        .expect("the binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", stdout(o)))
}

const CREATE: &[&str] = &["admin", "create", "--email", "Boss@Example.org", "--username", "boss"];

#[test]
fn creating_the_admin_twice_makes_one_admin() {
    let dir = tempfile::tempdir().unwrap();
    let first = latchkey(dir.path(), CREATE);
    assert_eq!(first.status.code(), Some(0), "{}{}", stdout(&first), stderr(&first));
    assert!(
        stdout(&first).contains("created administrator boss"),
        "{}",
        stdout(&first)
    );
    let second = latchkey(dir.path(), CREATE);
    assert_eq!(second.status.code(), Some(0), "{}", stderr(&second));
    assert!(stdout(&second).contains("already exists"), "{}", stdout(&second));
    let list = latchkey(dir.path(), &["users", "list", "--json"]);
    assert_eq!(list.status.code(), Some(0), "{}", stderr(&list));
    let users = json(&list);
    let users = users.as_array().unwrap();
    assert_eq!(users.len(), 1);
    assert_eq!(users[0]["roles"], serde_json::json!(["admin", "member"]));
    assert_eq!(users[0]["account"]["username"], "boss");
    // Also with a nested spelling, and a table by default.
    let table = latchkey(dir.path(), &["admin", "users", "find", "BOSS"]);
    assert!(stdout(&table).starts_with("ID"), "{}", stdout(&table));
    assert!(stdout(&table).contains("boss@example.org") || stdout(&table).contains("Boss@Example.org"));
}

#[test]
fn json_output_parses_and_refusals_exit_1_with_their_code() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(latchkey(dir.path(), CREATE).status.code(), Some(0));
    let invite = latchkey(
        dir.path(),
        &["invites", "create", "--role", "member", "--max-uses", "2", "--json"],
    );
    assert_eq!(invite.status.code(), Some(0), "{}", stderr(&invite));
    let invite = json(&invite);
    let code = invite["code"].as_str().unwrap().to_owned();
    assert_eq!(code.len(), 9);
    assert_eq!(invite["state"], "pending");
    let listed = json(&latchkey(dir.path(), &["invites", "list", "--json"]));
    assert_eq!(listed[0]["code"], code.as_str());
    let revoke = latchkey(dir.path(), &["invites", "revoke", &code.to_lowercase()]);
    assert_eq!(revoke.status.code(), Some(0), "{}", stderr(&revoke));
    let listed = json(&latchkey(dir.path(), &["invites", "list", "--json"]));
    assert_eq!(listed[0]["state"], "revoked");

    // The last admin cannot be locked, demoted or deleted: refused, exit 1, code named.
    for args in [
        &["users", "lock", "boss"][..],
        &["users", "set-roles", "boss", "member"][..],
        &["users", "delete", "boss", "--yes"][..],
    ] {
        let refused = latchkey(dir.path(), args);
        assert_eq!(refused.status.code(), Some(1), "{args:?}: {}", stderr(&refused));
        assert!(stderr(&refused).contains("last_admin"), "{}", stderr(&refused));
    }
    let missing = latchkey(dir.path(), &["users", "show", "nobody", "--json"]);
    assert_eq!(missing.status.code(), Some(1));
    assert_eq!(json(&missing)["error"], "not_found");

    let audit = latchkey(dir.path(), &["audit", "tail", "--json", "--limit", "50"]);
    assert_eq!(audit.status.code(), Some(0), "{}", stderr(&audit));
    let kinds: Vec<String> = stdout(&audit)
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["kind"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert!(kinds.contains(&"admin_created".to_owned()), "{kinds:?}");
    assert!(kinds.contains(&"invite_revoked".to_owned()), "{kinds:?}");
    let outbox = latchkey(dir.path(), &["outbox", "list", "--json"]);
    assert_eq!(outbox.status.code(), Some(0), "{}", stderr(&outbox));
    assert!(json(&outbox).is_array());
}

#[test]
fn bad_flags_exit_2_with_usage() {
    let dir = tempfile::tempdir().unwrap();
    for args in [
        &["users", "list", "--bogus"][..],
        &["users", "lock"][..],
        &["users", "lock", "x", "--until", "soon"][..],
        &["invites", "frobnicate"][..],
        &["admin", "create", "--email", "a@example.org"][..],
    ] {
        let out = latchkey(dir.path(), args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        // clap names the problem and shows the usage, or (a bad value) points to --help.
        let err = stderr(&out);
        assert!(err.starts_with("error:"), "{args:?}: {err}");
        assert!(err.contains("Usage") || err.contains("--help"), "{args:?}: {err}");
    }
    let out = latchkey(dir.path(), &["nonsense"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("usage"), "{}", stderr(&out));
    // Without a password source and no terminal: a usage error too, and nothing created.
    let out = Command::new(BIN)
        .args(CREATE)
        .env("LATCHKEY_DATA_DIR", dir.path())
        .env("LATCHKEY_CONFIG_FILE", dir.path().join("absent.toml"))
        .env_remove("LATCHKEY_ADMIN_PASSWORD")
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("LATCHKEY_ADMIN_PASSWORD"));
}
