//! Invite channels and their codes.

use chrono::{DateTime, Local, NaiveDate};
use rusqlite::{OptionalExtension, Row, params};

use super::groups::qr_status;
use super::model::*;
use super::{check_link, code};
use crate::db::timestamp;
use crate::error::{Error, FieldError};
use crate::store::Store;

/// Most codes one batch makes: a few hundred cards is a big print run for a shop.
pub const MAX_BATCH: u32 = 5000;

const SELECT: &str =
    "SELECT c.id, c.name, c.kind, c.link, c.group_id, c.headline, c.gift, c.partner,
        c.active, c.valid_until, g.qr_made_on,
        (SELECT COUNT(*) FROM invite_codes k WHERE k.channel_id = c.id AND k.referrer_id IS NULL),
        (SELECT COUNT(*) FROM invite_codes k WHERE k.channel_id = c.id AND k.referrer_id IS NULL
                                                AND k.printed_at IS NULL),
        (SELECT COUNT(*) FROM invite_redemptions r WHERE r.channel_id = c.id),
        c.archived
   FROM invite_channels c LEFT JOIN groups g ON g.id = c.group_id";

fn view(row: &Row, today: NaiveDate) -> rusqlite::Result<ChannelView> {
    let made: Option<String> = row.get(10)?;
    Ok(ChannelView {
        id: row.get(0)?,
        name: row.get(1)?,
        kind: ChannelKind::parse(&row.get::<_, String>(2)?).unwrap_or(ChannelKind::Counter),
        link: row.get(3)?,
        group_id: row.get(4)?,
        headline: row.get(5)?,
        gift: row.get(6)?,
        partner: row.get(7)?,
        active: row.get(8)?,
        valid_until: row.get(9)?,
        qr: qr_status(crate::text::stored_day(made.as_deref()), today),
        codes: row.get(11)?,
        unprinted: row.get(12)?,
        redeemed: row.get(13)?,
        archived: row.get(14)?,
    })
}

pub fn channels(store: &Store, today: NaiveDate) -> Result<Vec<ChannelView>, Error> {
    let mut stmt = store.conn().prepare(&format!("{SELECT} ORDER BY c.id"))?;
    let rows = stmt
        .query_map([], |r| view(r, today))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

pub fn channel(store: &Store, id: i64, today: NaiveDate) -> Result<ChannelView, Error> {
    store
        .conn()
        .query_row(&format!("{SELECT} WHERE c.id = ?1"), [id], |r| {
            view(r, today)
        })
        .optional()?
        .ok_or_else(|| Error::not_found(format!("编号为 {id} 的邀请渠道")))
}

/// A channel form after every check.
struct CheckedChannel {
    name: String,
    kind: ChannelKind,
    link: String,
    partner: String,
    valid_until: Option<String>,
}

/// Checks a channel form; every bad field is reported at once.
fn check_channel(store: &Store, new: &NewChannel) -> Result<CheckedChannel, Error> {
    let conn = store.conn();
    let mut errors = Vec::new();
    let kind = new.kind.unwrap_or(ChannelKind::Counter);
    let name = match new.name.trim() {
        "" => kind.label().to_owned(),
        n => n.to_owned(),
    };
    if name.chars().count() > 30 {
        errors.push(FieldError::new("name", "渠道名最多 30 个字"));
    }
    let mut link = new.link.as_deref().unwrap_or("").trim().to_owned();
    let mut group_missing = false;
    if let Some(group_id) = new.group_id {
        let group_link: Option<String> = conn
            .query_row("SELECT link FROM groups WHERE id = ?1", [group_id], |r| {
                r.get(0)
            })
            .optional()?;
        match group_link {
            None => {
                group_missing = true;
                errors.push(FieldError::new(
                    "group_id",
                    format!("找不到编号为 {group_id} 的群"),
                ));
            }
            Some(l) if link.is_empty() => link = l,
            Some(_) => {}
        }
    }
    if new.group_id.is_some() && link.is_empty() {
        if !group_missing {
            errors.push(FieldError::new(
                "group_id",
                "这个群还没有进群链接：请先到群台账里填上链接或上传二维码截图",
            ));
        }
    } else if let Err(m) = check_link(&link) {
        errors.push(FieldError::new("link", m));
    }
    let partner = new.partner.as_deref().unwrap_or("").trim().to_owned();
    if kind == ChannelKind::Partner && partner.is_empty() {
        errors.push(FieldError::new(
            "partner",
            "合作商家渠道请填写合作商家的名字",
        ));
    }
    let valid_until = match crate::text::optional_day("有效期", new.valid_until.as_deref()) {
        Ok(day) => day.map(crate::text::day_text),
        Err(message) => {
            errors.push(FieldError::new("valid_until", message));
            None
        }
    };
    if !errors.is_empty() {
        return Err(Error::invalid_fields(errors));
    }
    Ok(CheckedChannel {
        name,
        kind,
        link,
        partner,
        valid_until,
    })
}

/// Adds a channel; every bad field is reported at once.
pub fn add_channel(
    store: &Store,
    new: &NewChannel,
    today: NaiveDate,
    now: DateTime<Local>,
) -> Result<ChannelView, Error> {
    let c = check_channel(store, new)?;
    let conn = store.conn();
    conn.execute(
        "INSERT INTO invite_channels (name, kind, link, group_id, headline, gift, partner,
                                      valid_until, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            c.name,
            c.kind.as_str(),
            c.link,
            new.group_id,
            new.headline.as_deref().unwrap_or("").trim(),
            new.gift.as_deref().unwrap_or("").trim(),
            c.partner,
            c.valid_until,
            timestamp(now),
        ],
    )?;
    channel(store, conn.last_insert_rowid(), today)
}

/// Edits a channel: its name, target, card text, gift and validity. Codes already
/// handed out keep working; cards printed from now on show the new text and link.
pub fn update_channel(
    store: &Store,
    id: i64,
    edit: &NewChannel,
    today: NaiveDate,
) -> Result<ChannelView, Error> {
    channel(store, id, today)?;
    let c = check_channel(store, edit)?;
    store.conn().execute(
        "UPDATE invite_channels SET name = ?2, kind = ?3, link = ?4, group_id = ?5,
                headline = ?6, gift = ?7, partner = ?8, valid_until = ?9
          WHERE id = ?1",
        params![
            id,
            c.name,
            c.kind.as_str(),
            c.link,
            edit.group_id,
            edit.headline.as_deref().unwrap_or("").trim(),
            edit.gift.as_deref().unwrap_or("").trim(),
            c.partner,
            c.valid_until,
        ],
    )?;
    channel(store, id, today)
}

/// Pauses or resumes a channel: a paused channel's codes are refused at the counter.
pub fn set_channel_active(
    store: &Store,
    id: i64,
    active: bool,
    today: NaiveDate,
) -> Result<ChannelView, Error> {
    set_flag(store, id, "active", active, today)
}

/// Sets one yes/no column of a channel (the column name is ours, never the user's).
fn set_flag(
    store: &Store,
    id: i64,
    column: &'static str,
    value: bool,
    today: NaiveDate,
) -> Result<ChannelView, Error> {
    let changed = store.conn().execute(
        &format!("UPDATE invite_channels SET {column} = ?2 WHERE id = ?1"),
        params![id, value],
    )?;
    if changed == 0 {
        return Err(Error::not_found(format!("编号为 {id} 的邀请渠道")));
    }
    channel(store, id, today)
}

/// Archives (or brings back) a channel: an archived channel leaves the lists and
/// prints no more cards, while codes already handed out still redeem.
pub fn set_channel_archived(
    store: &Store,
    id: i64,
    archived: bool,
    today: NaiveDate,
) -> Result<ChannelView, Error> {
    set_flag(store, id, "archived", archived, today)
}

/// Deletes a channel and its unused, never-printed codes. Refused while customers
/// may still hold its cards (printed codes not yet redeemed, or members' 老带新
/// codes): archive it instead. The redemption log keeps its lines.
pub fn delete_channel(store: &Store, id: i64, today: NaiveDate) -> Result<(), Error> {
    let ch = channel(store, id, today)?;
    let conn = store.conn();
    let printed: u32 = conn.query_row(
        "SELECT COUNT(*) FROM invite_codes WHERE channel_id = ?1 AND referrer_id IS NULL
            AND printed_at IS NOT NULL AND used_at IS NULL",
        [id],
        |r| r.get(0),
    )?;
    // Members' 老带新 codes on this channel, of members still in the book.
    let owners: Vec<i64> = conn
        .prepare("SELECT referrer_id FROM invite_codes WHERE channel_id = ?1 AND referrer_id IS NOT NULL")?
        .query_map([id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let personal = crate::members::directory::people(conn, owners)?
        .values()
        .filter(|p| !p.deleted())
        .count();
    let out = if printed > 0 {
        format!("还有 {printed} 张印出去的码没有核销")
    } else if personal > 0 {
        format!("{personal} 位会员的老带新码属于这个渠道")
    } else {
        String::new()
    };
    if !out.is_empty() {
        return Err(Error::conflict(format!(
            "“{}”{out}：删掉后顾客拿着卡来会被拒收。可以改为归档：不再显示、不能再印，已发出的码照常能用",
            ch.name
        )));
    }
    conn.execute("DELETE FROM invite_channels WHERE id = ?1", [id])?;
    Ok(())
}

/// Refuses to print new cards of an archived channel.
pub(crate) fn check_printable(ch: &ChannelView) -> Result<(), Error> {
    if ch.archived {
        return Err(Error::conflict(format!(
            "“{}”已归档，不能再印新卡：如需再用，请先取消归档",
            ch.name
        )));
    }
    Ok(())
}

/// Makes `count` new one-time codes for a channel, all or none.
pub fn generate_codes(
    store: &Store,
    channel_id: i64,
    count: u32,
    today: NaiveDate,
    now: DateTime<Local>,
) -> Result<Vec<InviteCode>, Error> {
    if count == 0 || count > MAX_BATCH {
        return Err(Error::invalid(
            "count",
            format!("一次可生成 1 到 {MAX_BATCH} 个邀请码"),
        ));
    }
    let ch = channel(store, channel_id, today)?;
    check_printable(&ch)?;
    let stamp = timestamp(now);
    let tx = crate::db::write_tx(store.conn())?;
    let mut out = Vec::with_capacity(count as usize);
    {
        let mut insert = tx.prepare(
            "INSERT OR IGNORE INTO invite_codes (code, channel_id, created_at) VALUES (?1, ?2, ?3)",
        )?;
        while out.len() < count as usize {
            let code = code::generate();
            // 31^6 ≈ 887 million bodies: a clash is rare, and simply drawn again.
            if insert.execute(params![code, channel_id, stamp])? == 1 {
                out.push(InviteCode {
                    code,
                    link: ch.link.clone(),
                });
            }
        }
    }
    tx.commit()?;
    Ok(out)
}

/// The channel's one-time codes not printed yet, oldest first, at most `limit`.
pub fn unprinted_codes(store: &Store, channel_id: i64, limit: u32) -> Result<Vec<String>, Error> {
    let mut stmt = store.conn().prepare(
        "SELECT code FROM invite_codes
          WHERE channel_id = ?1 AND printed_at IS NULL AND referrer_id IS NULL AND used_at IS NULL
          ORDER BY created_at, code LIMIT ?2",
    )?;
    let codes = stmt
        .query_map(params![channel_id, limit], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    Ok(codes)
}

/// Marks codes as printed (after their PDF was written).
pub(crate) fn mark_printed(
    store: &Store,
    codes: &[String],
    now: DateTime<Local>,
) -> Result<(), Error> {
    let tx = crate::db::write_tx(store.conn())?;
    {
        let mut stmt = tx.prepare("UPDATE invite_codes SET printed_at = ?2 WHERE code = ?1")?;
        let stamp = timestamp(now);
        for c in codes {
            stmt.execute(params![c, stamp])?;
        }
    }
    tx.commit()?;
    Ok(())
}

/// A member's personal 老带新 code (made on first use, then always the same), on the
/// shop's first active referral channel.
pub fn referral_code_for(
    store: &Store,
    member_id: i64,
    now: DateTime<Local>,
) -> Result<(InviteCode, i64), Error> {
    let conn = store.conn();
    let on_book = crate::members::directory::person(conn, member_id)?;
    if on_book.is_none_or(|p| p.deleted()) {
        return Err(Error::not_found(format!("编号为 {member_id} 的会员")));
    }
    let existing: Option<(String, String, i64)> = conn
        .query_row(
            "SELECT k.code, c.link, c.id FROM invite_codes k
               JOIN invite_channels c ON c.id = k.channel_id
              WHERE k.referrer_id = ?1",
            [member_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    if let Some((code, link, channel_id)) = existing {
        return Ok((InviteCode { code, link }, channel_id));
    }
    let channel: Option<(i64, String)> = conn
        .query_row(
            "SELECT id, link FROM invite_channels WHERE kind = 'referral' AND active = 1
                AND archived = 0
              ORDER BY id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let Some((channel_id, link)) = channel else {
        return Err(Error::invalid(
            "channel",
            "还没有“老带新”渠道：请先在邀请渠道里新建一个类型为“老带新”的渠道",
        ));
    };
    loop {
        let code = code::generate();
        let inserted = conn.execute(
            "INSERT OR IGNORE INTO invite_codes (code, channel_id, referrer_id, created_at)
             VALUES (?1, ?2, ?3, ?4)",
            params![code, channel_id, member_id, timestamp(now)],
        )?;
        if inserted == 1 {
            return Ok((InviteCode { code, link }, channel_id));
        }
    }
}
