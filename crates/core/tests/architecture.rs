//! Rules of the house that keep features apart, checked on the source itself so a
//! change that breaks one fails here rather than in review.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

/// The Rust files under `dir`.
fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut all = Vec::new();
    all_files(dir, &mut all);
    out.extend(
        all.into_iter()
            .filter(|p| p.extension().is_some_and(|e| e == "rs")),
    );
}

/// SQL in `text` that names one of the member book's tables.
fn member_table_sql(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for line in text.lines() {
        let upper = line.to_uppercase();
        let words: Vec<&str> = upper
            .split(|c: char| !(c.is_alphanumeric() || c == '_'))
            .filter(|w| !w.is_empty())
            .collect();
        for pair in words.windows(2) {
            let table = pair[1];
            if matches!(pair[0], "FROM" | "JOIN" | "INTO" | "UPDATE" | "TABLE")
                && matches!(table, "MEMBERS" | "MEMBER_GROUPS")
            {
                found.push(line.trim().to_owned());
            }
        }
        if words.contains(&"MEMBER_GROUPS") && !found.iter().any(|f| f == line.trim()) {
            found.push(line.trim().to_owned());
        }
    }
    found
}

/// Each feature owns its tables: the rest of the core asks `members::directory` and
/// friends, so the member book's rules (sources, returns, deletes) live in one place.
#[test]
fn only_the_member_book_touches_its_tables() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    let mut offenders = Vec::new();
    for file in files {
        if file.starts_with(src.join("members")) {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap();
        for sql in member_table_sql(&text) {
            offenders.push(format!("{}: {sql}", file.display()));
        }
    }
    assert!(offenders.is_empty(), "{offenders:#?}");
}

#[test]
fn the_check_sees_member_sql_in_its_usual_shapes() {
    assert_eq!(
        member_table_sql("let n = \"SELECT name FROM members WHERE id = ?1\";").len(),
        1
    );
    assert_eq!(
        member_table_sql("  LEFT JOIN members m ON m.id = r.member_id").len(),
        1
    );
    assert_eq!(
        member_table_sql("\"INSERT OR IGNORE INTO member_groups (member_id)\"").len(),
        1
    );
    assert!(member_table_sql("/// members recorded in it simply lose that group").is_empty());
    assert!(member_table_sql("SELECT id FROM invite_codes WHERE referrer_id = ?1").is_empty());
}

/// The features `lib.rs` declares (`pub mod x;`), shared modules included.
fn modules() -> Vec<String> {
    let lib =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/lib.rs")).unwrap();
    lib.lines()
        .filter_map(|l| {
            let l = l.trim();
            let rest = l
                .strip_prefix("pub mod ")
                .or_else(|| l.strip_prefix("pub(crate) mod "))
                .or_else(|| l.strip_prefix("mod "))?;
            Some(rest.trim_end_matches(';').to_owned())
        })
        .collect()
}

/// Names of other modules that `text` reaches into (`crate::members`, `super::shop`).
fn modules_named(text: &str, modules: &[String]) -> Vec<String> {
    modules
        .iter()
        .filter(|m| {
            text.contains(&format!("crate::{m}"))
                || text.contains(&format!("super::{m}"))
                || text.contains(&format!("use {m}::"))
        })
        .cloned()
        .collect()
}

/// One error for the whole core, built by helpers where the fault is known: the
/// error module never grows an arm per feature, and no import circle runs through it.
#[test]
fn the_error_module_names_no_feature() {
    let modules: Vec<String> = modules().into_iter().filter(|m| m != "error").collect();
    assert!(modules.iter().any(|m| m == "members"), "{modules:?}");
    let error = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/error.rs"))
        .unwrap();
    assert_eq!(modules_named(&error, &modules), Vec::<String>::new());
}

#[test]
fn the_module_check_sees_a_feature_named() {
    let modules = vec!["members".to_owned(), "shop".to_owned()];
    assert_eq!(
        modules_named("use crate::members::MemberError;", &modules),
        ["members"]
    );
    assert!(modules_named("use crate::text::mask;", &modules).is_empty());
}

/// The lines of a source file that ship: a Rust file's trailing `#[cfg(test)]` module
/// is not counted.
fn production_lines(text: &str) -> usize {
    text.lines()
        .take_while(|l| !l.starts_with("#[cfg(test)]"))
        .count()
}

/// A file past 600 lines is asking to be split: every production source of the core,
/// the command line, the shell and the window (generated bindings and tests aside).
#[test]
fn no_production_source_file_is_over_600_lines() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut files = Vec::new();
    for dir in [
        "crates/core/src",
        "crates/cli/src",
        "src-tauri/src",
        "ui/src",
    ] {
        all_files(&root.join(dir), &mut files);
    }
    let mut long = Vec::new();
    for file in files {
        let name = file.to_string_lossy().into_owned();
        let is_source = [".rs", ".ts", ".tsx"].iter().any(|e| name.ends_with(e));
        let generated_or_test = name.contains("/bindings/") || name.contains(".test.");
        if !is_source || generated_or_test {
            continue;
        }
        let n = production_lines(&std::fs::read_to_string(&file).unwrap());
        if n > 600 {
            long.push(format!("{name}: {n} lines"));
        }
    }
    assert!(long.is_empty(), "{long:#?}");
}

#[test]
fn the_line_count_leaves_out_a_trailing_test_module() {
    assert_eq!(
        production_lines("fn a() {}\n\n#[cfg(test)]\nmod tests {\n}\n"),
        2
    );
}

fn all_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            all_files(&path, out);
        } else {
            out.push(path);
        }
    }
}
