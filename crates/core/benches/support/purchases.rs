//! Shared by the benches that need a shop's purchase history. Included with `#[path]`.

/// `purchases` counter purchases spread over members 1..=`members` and the 500 days
/// up to 2026-11-22, in one transaction; the member caches are marked stale.
#[allow(dead_code)]
pub fn add_purchases(conn: &rusqlite::Connection, members: u32, purchases: u32) {
    add_purchases_over(conn, members, purchases, 500);
}

/// [`add_purchases`] over the `days` days up to 2026-11-22.
pub fn add_purchases_over(conn: &rusqlite::Connection, members: u32, purchases: u32, days: u32) {
    conn.execute_batch(&format!(
        "BEGIN;
         WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < {purchases} - 1)
         INSERT INTO purchases (member_id, amount_fen, occurred_on, created_at)
         SELECT (i % {members}) + 1, 1000 + (i * 7919) % 500000,
                date('2026-11-22', '-' || (i % {days}) || ' days'), '2026-11-22T10:00:00+08:00'
           FROM n;
         COMMIT;"
    ))
    .unwrap();
    shequn_core::members::refresh::invalidate(conn).unwrap();
}
