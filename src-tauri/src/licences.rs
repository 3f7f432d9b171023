//! 关于 → 开源许可: every Rust library the app is built from, with its licence, read
//! from Cargo's own metadata (not a list kept by hand). `cargo test` writes it to
//! `ui/src/bindings/licences-rust.json`; CI fails when the file is stale, as for the
//! other generated files. Compiled in tests only.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use serde_json::Value;

/// One library as the window lists it.
#[derive(Debug, Serialize, PartialEq, Eq, PartialOrd, Ord)]
struct Library {
    name: String,
    version: String,
    /// The SPDX expression the crate declares (`MIT OR Apache-2.0`).
    license: String,
}

/// The platforms the app ships on: a library any of them compiles in is listed.
const PLATFORMS: &[&str] = &[
    "x86_64-unknown-linux-gnu",
    "x86_64-pc-windows-gnu",
    "x86_64-pc-windows-msvc",
    "aarch64-apple-darwin",
    "x86_64-apple-darwin",
];

/// The packages `shequn-app` links on `platform`: normal dependencies only, followed
/// from the app (build scripts' and tests' dependencies are not in the program).
fn linked(platform: &str, into: &mut BTreeMap<String, Library>) {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = std::process::Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--locked"])
        .args(["--filter-platform", platform])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("running cargo metadata");
    assert!(
        output.status.success(),
        "cargo metadata: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let metadata: Value = serde_json::from_slice(&output.stdout).expect("cargo metadata's JSON");
    let packages: BTreeMap<&str, &Value> = metadata["packages"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|p| Some((p["id"].as_str()?, p)))
        .collect();
    let nodes: BTreeMap<&str, &Value> = metadata["resolve"]["nodes"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|n| Some((n["id"].as_str()?, n)))
        .collect();
    let root = packages
        .iter()
        .find(|(_, p)| p["name"] == "shequn-app")
        .map(|(id, _)| *id)
        .expect("shequn-app in the workspace");
    let mut seen = BTreeSet::new();
    let mut next = vec![root];
    while let Some(id) = next.pop() {
        if !seen.insert(id) {
            continue;
        }
        for dep in nodes[id]["deps"].as_array().into_iter().flatten() {
            let normal = dep["dep_kinds"]
                .as_array()
                .into_iter()
                .flatten()
                .any(|k| k["kind"].is_null());
            if let Some(dep_id) = dep["pkg"].as_str()
                && normal
            {
                next.push(dep_id);
            }
        }
    }
    for id in seen {
        let p = packages[id];
        // Our own crates are the app itself (its licence is the project's).
        if p["source"].is_null() {
            continue;
        }
        let name = p["name"].as_str().unwrap_or_default().to_owned();
        let version = p["version"].as_str().unwrap_or_default().to_owned();
        let license = p["license"]
            .as_str()
            .map(str::to_owned)
            .or_else(|| p["license_file"].as_str().map(|f| format!("见 {f}")))
            .unwrap_or_else(|| "未声明".into());
        into.insert(
            format!("{name} {version}"),
            Library {
                name,
                version,
                license,
            },
        );
    }
}

#[test]
fn the_rust_licence_list_is_written_from_cargo_metadata() {
    let mut libraries = BTreeMap::new();
    for platform in PLATFORMS {
        linked(platform, &mut libraries);
    }
    let list: Vec<&Library> = libraries.values().collect();
    // What every build links: a list without them was read wrongly.
    for expected in ["tauri", "rusqlite", "serde", "printpdf"] {
        assert!(
            list.iter().any(|l| l.name == expected),
            "{expected} missing from the licence list"
        );
    }
    assert!(
        list.iter().all(|l| l.license != "未声明"),
        "a library without a declared licence: {:?}",
        list.iter()
            .filter(|l| l.license == "未声明")
            .collect::<Vec<_>>()
    );
    let text = serde_json::to_string_pretty(&list).expect("the list as JSON") + "\n";
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../ui/src/bindings/licences-rust.json");
    if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
        std::fs::write(&path, text).expect("writing the licence list");
    }
}
