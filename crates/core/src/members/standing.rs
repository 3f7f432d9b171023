//! A member's standing: leaving (with the reason), coming back, and the PIPL delete
//! of their personal data.

use chrono::{DateTime, Local};
use rusqlite::{Connection, OptionalExtension, params};

use super::book::TEXT_MAX;
use crate::db::timestamp;
use crate::error::Error;
use crate::store::Store;

/// Marks a member as having left, with the reason (required).
pub fn mark_left(store: &Store, id: i64, reason: &str, now: DateTime<Local>) -> Result<(), Error> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(Error::invalid(
            "left_reason",
            "请写下会员离开的原因，方便以后改进",
        ));
    }
    if reason.chars().count() > TEXT_MAX {
        return Err(Error::invalid(
            "left_reason",
            format!("离开原因最多 {TEXT_MAX} 个字"),
        ));
    }
    let changed = store.conn().execute(
        "UPDATE members SET status = 'left', left_reason = ?2, left_on = ?3, updated_at = ?4
          WHERE id = ?1 AND status <> 'deleted'",
        params![id, reason, now.date_naive().to_string(), timestamp(now)],
    )?;
    if changed == 0 {
        return Err(Error::not_found(format!("编号为 {id} 的会员")));
    }
    Ok(())
}

/// Brings back a member who had left (恢复): active again, with everything they had.
pub fn return_member(store: &Store, id: i64, now: DateTime<Local>) -> Result<(), Error> {
    let conn = store.conn();
    if return_in(conn, id, now)? {
        return Ok(());
    }
    let status: Option<String> = conn
        .query_row("SELECT status FROM members WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .optional()?;
    match status.as_deref() {
        Some("active") => Err(Error::invalid("status", "这位会员没有离开，不用恢复")),
        _ => Err(Error::not_found(format!("编号为 {id} 的会员"))),
    }
}

/// Makes a member who had left active again; false when they had not left.
pub(crate) fn return_in(
    conn: &Connection,
    id: i64,
    now: DateTime<Local>,
) -> rusqlite::Result<bool> {
    let changed = conn.execute(
        "UPDATE members SET status = 'active', left_reason = '', left_on = NULL, updated_at = ?2
          WHERE id = ?1 AND status = 'left'",
        params![id, timestamp(now)],
    )?;
    Ok(changed > 0)
}

/// Deletes a member's personal data (PIPL) while keeping anonymous totals: the
/// purchases and points stay, under a nameless record.
pub fn delete(store: &Store, id: i64, now: DateTime<Local>) -> Result<(), Error> {
    let tx = crate::db::write_tx(store.conn())?;
    let changed = tx.execute(
        "UPDATE members SET name = '已删除会员', phone = NULL, wechat = '', gender = 'unknown',
                birthday_month = NULL, birthday_day = NULL, birthday_year = NULL,
                birthday_lunar = 0, birthday_this_year_on = NULL, birthday_next_on = NULL,
                source = '', notes = '', left_reason = '', name_pinyin = '', name_initials = '',
                status = 'deleted', left_on = NULL, updated_at = ?2
          WHERE id = ?1 AND status <> 'deleted'",
        params![id, timestamp(now)],
    )?;
    if changed == 0 {
        return Err(Error::not_found(format!("编号为 {id} 的会员")));
    }
    tx.execute("DELETE FROM member_tags WHERE member_id = ?1", [id])?;
    tx.execute("DELETE FROM member_groups WHERE member_id = ?1", [id])?;
    tx.execute("UPDATE purchases SET note = '' WHERE member_id = ?1", [id])?;
    tx.execute(
        "UPDATE points_entries SET reason = '' WHERE member_id = ?1",
        [id],
    )?;
    tx.commit()?;
    Ok(())
}
