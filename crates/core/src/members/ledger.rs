//! The purchase and points ledgers. Entries are only ever added: a mistake is undone
//! by a reversing entry, so the history always adds up.

use chrono::{DateTime, Local, NaiveDate};
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::PurchaseInput;
use super::book::award_referral_points;
use super::refresh::{self, ensure_fresh, expiry_of};
use crate::db::timestamp;
use crate::error::Error;
use crate::shop::{self, ReferralTrigger, yuan};
use crate::store::Store;
use crate::text::{day_or, parse_yuan};

/// ¥100,000,000 in fen: far above any counter purchase; keeps sums far from overflow.
const AMOUNT_MAX_FEN: i64 = 10_000_000_000;
const POINTS_MAX: i64 = 100_000_000;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Purchase {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub member_id: i64,
    /// Negative for the entry that voids an earlier purchase.
    #[ts(type = "number")]
    pub amount_fen: i64,
    pub occurred_on: String,
    pub category: String,
    pub note: String,
    /// For a voiding entry: the purchase it voids.
    #[ts(type = "number | null")]
    pub reverses_id: Option<i64>,
    /// For a purchase: whether it has been voided.
    pub voided: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PointsEntry {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub delta: i64,
    /// purchase, award, redeem, expire, referral or reversal.
    pub kind: String,
    pub reason: String,
    pub occurred_on: String,
    pub expires_on: Option<String>,
}

fn member_exists(conn: &Connection, id: i64) -> Result<(), Error> {
    let found: Option<String> = conn
        .query_row("SELECT status FROM members WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .optional()?;
    match found.as_deref() {
        Some("active") | Some("left") => Ok(()),
        _ => Err(Error::not_found(format!("编号为 {id} 的会员"))),
    }
}

/// The amount (yuan as written, into fen) and day (today when empty) of a purchase
/// as typed, each refused with the field to fix.
pub fn read_typed_purchase(
    amount: &str,
    date: Option<&str>,
    today: NaiveDate,
) -> Result<(i64, NaiveDate), Error> {
    let fen = parse_yuan(amount).map_err(|m| Error::invalid("amount", m))?;
    let on = day_or(date, today).map_err(|m| Error::invalid("date", m))?;
    Ok((fen, on))
}

/// A purchase as typed at the counter (the window's counter box, `shequn purchases
/// add`): the amount in yuan as written, the day (today when empty), category, note.
/// Both fronts go through here, so they read amounts and days alike.
pub fn record_typed_purchase(
    store: &Store,
    input: &PurchaseInput,
    today: NaiveDate,
    now: DateTime<Local>,
) -> Result<Purchase, Error> {
    let (fen, on) = read_typed_purchase(&input.amount, input.date.as_deref(), today)?;
    record_purchase(
        store,
        input.member_id,
        fen,
        on,
        input.category.as_deref().unwrap_or(""),
        input.note.as_deref().unwrap_or(""),
        today,
        now,
    )
}

/// Records a purchase of `amount_fen` on `occurred_on` and the points it earns.
#[allow(clippy::too_many_arguments)]
pub fn record_purchase(
    store: &Store,
    member_id: i64,
    amount_fen: i64,
    occurred_on: NaiveDate,
    category: &str,
    note: &str,
    today: NaiveDate,
    now: DateTime<Local>,
) -> Result<Purchase, Error> {
    if amount_fen <= 0 {
        return Err(Error::invalid("amount", "消费金额要大于 0 元"));
    }
    if amount_fen > AMOUNT_MAX_FEN {
        return Err(Error::invalid(
            "amount",
            format!("消费金额不能超过 {}", yuan(AMOUNT_MAX_FEN)),
        ));
    }
    if occurred_on > today {
        return Err(Error::invalid("date", "消费日期不能晚于今天"));
    }
    let conn = store.conn();
    member_exists(conn, member_id)?;
    ensure_fresh(store, today)?;
    let tx = crate::db::write_tx(conn)?;
    tx.execute(
        "INSERT INTO purchases (member_id, amount_fen, occurred_on, category, note, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            member_id,
            amount_fen,
            occurred_on.to_string(),
            category.trim(),
            note.trim(),
            timestamp(now)
        ],
    )?;
    let purchase_id = tx.last_insert_rowid();
    let rules = shop::rules_in(&tx)?;
    let points = amount_fen * i64::from(rules.points_per_yuan) / 100;
    if points > 0 {
        tx.execute(
            "INSERT INTO points_entries (member_id, delta, kind, reason, purchase_id, occurred_on, expires_on, created_at)
             VALUES (?1, ?2, 'purchase', ?3, ?4, ?5, ?6, ?7)",
            params![
                member_id,
                points,
                format!("消费 {}", yuan(amount_fen)),
                purchase_id,
                occurred_on.to_string(),
                expiry_of(occurred_on, &rules).map(|d| d.to_string()),
                timestamp(now),
            ],
        )?;
    }
    // Referral points at the first purchase, if that is when the shop gives them.
    let referrer: Option<i64> = tx.query_row(
        "SELECT referrer_id FROM members WHERE id = ?1",
        [member_id],
        |r| r.get(0),
    )?;
    let first: bool = tx.query_row(FIRST_PURCHASE, [member_id], |r| r.get(0))?;
    if let Some(referrer) = referrer
        && first
        && rules.referral_points_on == ReferralTrigger::FirstPurchase
    {
        award_referral_points(&tx, member_id, referrer, occurred_on, now)?;
        refresh::refresh(&tx, Some(referrer), today)?;
    }
    refresh::refresh(&tx, Some(member_id), today)?;
    tx.commit()?;
    purchase(conn, purchase_id)
}

/// Voids a purchase by a reversing entry dated like the original, and takes back the
/// points it earned.
pub fn void_purchase(
    store: &Store,
    purchase_id: i64,
    today: NaiveDate,
    now: DateTime<Local>,
) -> Result<Purchase, Error> {
    let conn = store.conn();
    let original = purchase(conn, purchase_id)?;
    if original.reverses_id.is_some() || original.voided {
        return Err(Error::conflict(format!(
            "这笔消费（{} {}）已经撤销过了",
            original.occurred_on,
            yuan(original.amount_fen.abs())
        )));
    }
    ensure_fresh(store, today)?;
    let tx = crate::db::write_tx(conn)?;
    tx.execute(
        "INSERT INTO purchases (member_id, amount_fen, occurred_on, category, note, reverses_id, created_at)
         VALUES (?1, ?2, ?3, ?4, '撤销', ?5, ?6)",
        params![
            original.member_id,
            -original.amount_fen,
            original.occurred_on,
            original.category,
            purchase_id,
            timestamp(now),
        ],
    )?;
    let reversal_id = tx.last_insert_rowid();
    // By member first: a purchase's points are its buyer's (the index on member and
    // date finds them; by purchase alone a void would read the whole ledger).
    let earned: i64 = tx.query_row(
        "SELECT COALESCE(SUM(delta), 0) FROM points_entries
          WHERE member_id = ?1 AND purchase_id = ?2",
        params![original.member_id, purchase_id],
        |r| r.get(0),
    )?;
    if earned != 0 {
        tx.execute(
            "INSERT INTO points_entries (member_id, delta, kind, reason, purchase_id, occurred_on, created_at)
             VALUES (?1, ?2, 'reversal', ?3, ?4, ?5, ?6)",
            params![
                original.member_id,
                -earned,
                format!("撤销 {} 的消费", original.occurred_on),
                purchase_id,
                today.to_string(),
                timestamp(now),
            ],
        )?;
    }
    refresh::refresh(&tx, Some(original.member_id), today)?;
    tx.commit()?;
    purchase(conn, reversal_id)
}

/// Adds points by hand (interaction, check-in, task, referral...). A reason is required.
/// Returns the new balance.
pub fn award_points(
    store: &Store,
    member_id: i64,
    points: i64,
    reason: &str,
    today: NaiveDate,
    now: DateTime<Local>,
) -> Result<i64, Error> {
    adjust_points(store, member_id, points, reason, today, now, false)
}

/// Spends points on a gift, coupon or privilege. Never takes the balance below zero:
/// lapsed points are expired first, then the balance is checked. Returns the new
/// balance.
pub fn redeem_points(
    store: &Store,
    member_id: i64,
    points: i64,
    reason: &str,
    today: NaiveDate,
    now: DateTime<Local>,
) -> Result<i64, Error> {
    adjust_points(store, member_id, points, reason, today, now, true)
}

/// One hand-made points entry: an award (which lapses like earned points) or a
/// redemption (refused beyond the balance), in one transaction.
fn adjust_points(
    store: &Store,
    member_id: i64,
    points: i64,
    reason: &str,
    today: NaiveDate,
    now: DateTime<Local>,
    redeem: bool,
) -> Result<i64, Error> {
    let reason = check_points(points, reason)?;
    let conn = store.conn();
    member_exists(conn, member_id)?;
    ensure_fresh(store, today)?;
    let tx = crate::db::write_tx(conn)?;
    let (kind, delta, expires_on) = if redeem {
        // Expire what has lapsed by today before judging the balance.
        refresh::refresh(&tx, Some(member_id), today)?;
        let before = balance(&tx, member_id)?;
        if points > before {
            return Err(Error::invalid(
                "points",
                format!("积分不足：当前余额 {before} 分，要扣 {points} 分"),
            ));
        }
        ("redeem", -points, None)
    } else {
        let rules = shop::rules_in(&tx)?;
        (
            "award",
            points,
            expiry_of(today, &rules).map(|d| d.to_string()),
        )
    };
    tx.execute(
        "INSERT INTO points_entries (member_id, delta, kind, reason, occurred_on, expires_on, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![member_id, delta, kind, reason, today.to_string(), expires_on, timestamp(now)],
    )?;
    refresh::refresh(&tx, Some(member_id), today)?;
    let after = balance(&tx, member_id)?;
    tx.commit()?;
    Ok(after)
}

fn check_points(points: i64, reason: &str) -> Result<String, Error> {
    if points <= 0 || points > POINTS_MAX {
        return Err(Error::invalid(
            "points",
            format!("积分数要在 1 到 {POINTS_MAX} 之间"),
        ));
    }
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(Error::invalid(
            "reason",
            "请写明积分变动的原因，例如“每日签到”",
        ));
    }
    Ok(reason.to_owned())
}

/// The balance: always the ledger's sum.
fn balance(conn: &Connection, member_id: i64) -> rusqlite::Result<i64> {
    conn.query_row(
        "SELECT COALESCE(SUM(delta), 0) FROM points_entries WHERE member_id = ?1",
        [member_id],
        |r| r.get(0),
    )
}

const PURCHASE_SELECT: &str =
    "SELECT p.id, p.member_id, p.amount_fen, p.occurred_on, p.category, p.note,
        p.reverses_id, EXISTS (SELECT 1 FROM purchases r WHERE r.reverses_id = p.id)
   FROM purchases p";

fn purchase_from_row(r: &rusqlite::Row) -> rusqlite::Result<Purchase> {
    Ok(Purchase {
        id: r.get(0)?,
        member_id: r.get(1)?,
        amount_fen: r.get(2)?,
        occurred_on: r.get(3)?,
        category: r.get(4)?,
        note: r.get(5)?,
        reverses_id: r.get(6)?,
        voided: r.get(7)?,
    })
}

fn purchase(conn: &Connection, id: i64) -> Result<Purchase, Error> {
    conn.query_row(
        &format!("{PURCHASE_SELECT} WHERE p.id = ?1"),
        [id],
        purchase_from_row,
    )
    .optional()?
    .ok_or_else(|| Error::not_found(format!("编号为 {id} 的消费记录")))
}

/// A member's purchases, newest first.
pub fn purchases_of(store: &Store, member_id: i64) -> Result<Vec<Purchase>, Error> {
    let mut stmt = store.conn().prepare(&format!(
        "{PURCHASE_SELECT} WHERE p.member_id = ?1 ORDER BY p.occurred_on DESC, p.id DESC"
    ))?;
    Ok(stmt
        .query_map([member_id], purchase_from_row)?
        .collect::<rusqlite::Result<_>>()?)
}

/// A member's points ledger, newest first.
pub fn points_history(store: &Store, member_id: i64) -> Result<Vec<PointsEntry>, Error> {
    let mut stmt = store.conn().prepare(
        "SELECT id, delta, kind, reason, occurred_on, expires_on FROM points_entries
          WHERE member_id = ?1 ORDER BY occurred_on DESC, id DESC",
    )?;
    Ok(stmt
        .query_map([member_id], |r| {
            Ok(PointsEntry {
                id: r.get(0)?,
                delta: r.get(1)?,
                kind: r.get(2)?,
                reason: r.get(3)?,
                occurred_on: r.get(4)?,
                expires_on: r.get(5)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?)
}

/// Whether the member has exactly one purchase that is not a reversal.
///
/// `+reverses_id`: reverses_id is UNIQUE, so SQLite takes `IS NULL` on it for one row
/// and walks every purchase in the book through that index instead of this member's
/// few; the unary plus keeps it on purchases_member_date.
pub(super) const FIRST_PURCHASE: &str =
    "SELECT COUNT(*) = 1 FROM purchases WHERE member_id = ?1 AND +reverses_id IS NULL";
