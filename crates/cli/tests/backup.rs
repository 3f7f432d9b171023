//! `shequn backup create|list|verify`: the `--json` shapes scripts rely on.
#![allow(clippy::unwrap_used)]

mod support;
use support::{ok_json, shequn, stderr};

/// A book of one member (王芳) and `backup create --json`'s answer.
fn one_member_backed_up(db: &std::path::Path) -> serde_json::Value {
    ok_json(
        db,
        &[
            "members",
            "add",
            "--name",
            "王芳",
            "--phone",
            "13800001111",
            "--json",
        ],
    );
    ok_json(db, &["backup", "create", "--json"])
}

#[test]
fn create_list_and_verify_print_the_stable_fields() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shop").join("shequn.db");
    let made = one_member_backed_up(&db);
    for key in [
        "path",
        "bytes",
        "created_at",
        "kind",
        "schema_version",
        "members",
        "purchases",
    ] {
        assert!(made.get(key).is_some(), "{key} missing in {made}");
    }
    assert_eq!(made["kind"], "manual");
    assert_eq!(made["members"], 1);
    assert_eq!(made["purchases"], 0);
    let path = made["path"].as_str().unwrap().to_owned();
    assert!(path.starts_with(dir.path().join("shop").join("backups").to_str().unwrap()));
    assert!(path.ends_with(".shequn-backup"));
    assert_eq!(made["bytes"], std::fs::metadata(&path).unwrap().len());

    let elsewhere = dir.path().join("U盘");
    let copied = ok_json(
        &db,
        &[
            "backup",
            "create",
            "--to",
            elsewhere.to_str().unwrap(),
            "--json",
        ],
    );
    assert!(
        copied["path"]
            .as_str()
            .unwrap()
            .starts_with(elsewhere.to_str().unwrap())
    );

    let listed = ok_json(&db, &["backup", "list", "--json"]);
    assert_eq!(listed.as_array().unwrap().len(), 1);
    assert_eq!(listed[0], made);

    // verify needs no data file, and does not make one.
    let nowhere = dir.path().join("none").join("shequn.db");
    let checked = ok_json(&nowhere, &["backup", "verify", &path, "--json"]);
    assert_eq!(checked, made);
    assert!(!nowhere.exists());

    let broken = dir.path().join("broken.shequn-backup");
    let bytes = std::fs::read(&path).unwrap();
    std::fs::write(&broken, &bytes[..bytes.len() - 100]).unwrap();
    let out = shequn(&nowhere, &["backup", "verify", broken.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("不完整"), "{}", stderr(&out));
}

#[test]
fn restore_asks_for_yes_then_puts_the_backup_back_and_names_the_snapshot() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shequn.db");
    let made = one_member_backed_up(&db);
    let file = made["path"].as_str().unwrap().to_owned();
    ok_json(
        &db,
        &[
            "members",
            "add",
            "--name",
            "李雷",
            "--phone",
            "13800002222",
            "--json",
        ],
    );

    let asked = shequn(&db, &["backup", "restore", &file]);
    assert_eq!(asked.status.code(), Some(1));
    assert!(stderr(&asked).contains("--yes"), "{}", stderr(&asked));
    assert!(support::stdout(&asked).contains("现在有：2 位会员"));
    let still = ok_json(&db, &["members", "list", "--json"]);
    assert_eq!(still.as_array().unwrap().len(), 2, "{still}");

    let done = ok_json(&db, &["backup", "restore", &file, "--yes", "--json"]);
    assert_eq!(done["restored_from"], file.as_str());
    let snapshot = done["snapshot"].as_str().unwrap().to_owned();
    let after = ok_json(&db, &["members", "list", "--json"]);
    assert_eq!(after.as_array().unwrap().len(), 1, "{after}");

    let listed = ok_json(&db, &["backup", "list", "--json"]);
    let kinds: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["kind"].as_str().unwrap())
        .collect();
    assert!(kinds.contains(&"before_restore"), "{kinds:?}");
    ok_json(&db, &["backup", "restore", &snapshot, "--yes", "--json"]);
    let undone = ok_json(&db, &["members", "list", "--json"]);
    assert_eq!(undone.as_array().unwrap().len(), 2, "{undone}");
}
