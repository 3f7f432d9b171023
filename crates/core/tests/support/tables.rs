//! Every row of some tables as text, to prove a data file is "exactly as before".
//! Included with `#[path]` by the core tests (through book.rs) and the CLI's
//! kill-mid-import test, which reads the file the binary wrote.
#![allow(dead_code, clippy::unwrap_used)]

/// The member book's tables.
pub const BOOK: [&str; 5] = [
    "members",
    "member_tags",
    "purchases",
    "points_entries",
    "tier_changes",
];

/// `table: v1|v2|…` for every row of each table, in rowid order.
pub fn rows(conn: &rusqlite::Connection, tables: &[&str]) -> Vec<String> {
    let mut out = Vec::new();
    for table in tables {
        let mut stmt = conn
            .prepare(&format!("SELECT * FROM {table} ORDER BY 1"))
            .unwrap();
        let columns = stmt.column_count();
        let rows = stmt
            .query_map([], |r| {
                (0..columns)
                    .map(|i| {
                        r.get::<_, rusqlite::types::Value>(i)
                            .map(|v| format!("{v:?}"))
                    })
                    .collect::<Result<Vec<_>, _>>()
            })
            .unwrap();
        out.extend(rows.map(|r| format!("{table}: {}", r.unwrap().join("|"))));
    }
    out
}
