//! Running the real `shequn` binary on a temporary database; shared by the CLI tests.
#![allow(dead_code, clippy::unwrap_used)]

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

/// Runs `shequn --db <db> <args>` and returns what it printed and how it ended.
pub fn shequn(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_shequn"))
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .unwrap()
}

/// Runs a command that must succeed and parses its JSON output.
pub fn ok_json(db: &Path, args: &[&str]) -> Value {
    let out = shequn(db, args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// `members add --name <name> --phone <phone> <extra…> --json`, which must succeed.
pub fn add_member(db: &Path, name: &str, phone: &str, extra: &[&str]) -> Value {
    let mut args = vec!["members", "add", "--name", name, "--phone", phone];
    args.extend_from_slice(extra);
    args.push("--json");
    ok_json(db, &args)
}

/// `purchases add --phone <phone> --amount <yuan> [--date <on>] --json`, which must succeed.
pub fn add_purchase(db: &Path, phone: &str, yuan: &str, on: Option<&str>) -> Value {
    let mut args = vec!["purchases", "add", "--phone", phone, "--amount", yuan];
    if let Some(on) = on {
        args.extend(["--date", on]);
    }
    args.push("--json");
    ok_json(db, &args)
}
