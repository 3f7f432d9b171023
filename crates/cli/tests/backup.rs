//! `shequn backup create|list|verify`: the `--json` shapes scripts rely on.
#![allow(clippy::unwrap_used)]

mod support;
use support::{add_member, ok_json, shequn, stderr};

/// A book of one member (王芳) and `backup create --json`'s answer.
fn one_member_backed_up(db: &std::path::Path) -> serde_json::Value {
    add_member(db, "王芳", "13800001111", &[]);
    ok_json(db, &["backup", "create", "--json"])
}

/// A second member, 李雷, added after the backup.
fn add_li_lei(db: &std::path::Path) {
    add_member(db, "李雷", "13800002222", &[]);
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
    add_li_lei(&db);

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

/// `shequn --db <db> <args>` with `SHOP_PASSPHRASE` set to `passphrase`.
fn with_passphrase(db: &std::path::Path, passphrase: &str, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_shequn"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env("SHOP_PASSPHRASE", passphrase)
        .output()
        .unwrap()
}

fn json_of(out: &std::process::Output) -> serde_json::Value {
    assert!(out.status.success(), "{}", stderr(out));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn an_encrypted_backup_needs_its_passphrase_from_the_environment() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shequn.db");
    one_member_backed_up(&db);
    let usb = dir.path().join("U盘");
    let to = usb.to_str().unwrap();
    let env = ["--passphrase-env", "SHOP_PASSPHRASE"];
    let create = ["backup", "create", "--to", to, env[0], env[1], "--json"];

    // Too short for a new encrypted backup; a variable that is not set.
    let short = with_passphrase(&db, "1234", &create);
    assert_eq!(short.status.code(), Some(1));
    assert!(
        stderr(&short).contains("至少要 8 个字符"),
        "{}",
        stderr(&short)
    );
    let unset = shequn(
        &db,
        &["backup", "create", "--passphrase-env", "NO_SUCH_VAR_HERE"],
    );
    assert_eq!(unset.status.code(), Some(1));
    assert!(
        stderr(&unset).contains("NO_SUCH_VAR_HERE 没有设置"),
        "{}",
        stderr(&unset)
    );

    let made = json_of(&with_passphrase(&db, "柜台电脑的备份口令", &create));
    let path = made["path"].as_str().unwrap().to_owned();
    assert!(
        std::fs::read(&path)
            .unwrap()
            .starts_with(b"age-encryption.org/v1")
    );
    assert_eq!(
        (made["kind"].as_str(), made["members"].as_u64()),
        (Some("manual"), Some(1))
    );

    let nowhere = dir.path().join("none").join("shequn.db");
    let without = shequn(&nowhere, &["backup", "verify", &path]);
    assert_eq!(without.status.code(), Some(1));
    assert!(stderr(&without).contains("已加密"), "{}", stderr(&without));
    let wrong = with_passphrase(
        &nowhere,
        "柜台电脑的备份口令?",
        &["backup", "verify", &path, env[0], env[1]],
    );
    assert_eq!(wrong.status.code(), Some(1));
    assert!(stderr(&wrong).contains("口令不对"), "{}", stderr(&wrong));
    let checked = json_of(&with_passphrase(
        &nowhere,
        "柜台电脑的备份口令",
        &["backup", "verify", &path, env[0], env[1], "--json"],
    ));
    assert_eq!(checked, made);
    // Listed only when the passphrase opens it.
    let plain = ok_json(&db, &["backup", "list", "--dir", to, "--json"]);
    assert_eq!(plain.as_array().unwrap().len(), 0, "{plain}");
    let listed = json_of(&with_passphrase(
        &db,
        "柜台电脑的备份口令",
        &["backup", "list", "--dir", to, env[0], env[1], "--json"],
    ));
    assert_eq!(listed[0], made);

    // Restore with the wrong passphrase changes nothing; with the right one it restores.
    add_li_lei(&db);
    let refused = with_passphrase(
        &db,
        "不是这个口令啊",
        &["backup", "restore", &path, "--yes", env[0], env[1]],
    );
    assert_eq!(refused.status.code(), Some(1));
    assert_eq!(
        ok_json(&db, &["members", "list", "--json"])
            .as_array()
            .unwrap()
            .len(),
        2
    );
    let done = json_of(&with_passphrase(
        &db,
        "柜台电脑的备份口令",
        &[
            "backup", "restore", &path, "--yes", env[0], env[1], "--json",
        ],
    ));
    assert_eq!(done["restored_from"], path.as_str());
    assert_eq!(
        ok_json(&db, &["members", "list", "--json"])
            .as_array()
            .unwrap()
            .len(),
        1
    );
}
