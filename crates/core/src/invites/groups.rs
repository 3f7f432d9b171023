//! The group ledger.

use std::collections::HashMap;
use std::path::Path;

use chrono::{DateTime, Days, Local, NaiveDate};
use rusqlite::{OptionalExtension, Row, params};

use super::check_link;
use super::model::*;
use crate::db::timestamp;
use crate::error::{Error, FieldError};
use crate::members::directory::group_sizes;
use crate::render::decode_qr_file;
use crate::store::Store;

/// WeChat group QR codes stop working this many days after they are made.
pub const QR_VALID_DAYS: u64 = 7;
/// Warn this many days ahead.
pub const QR_WARN_DAYS: i64 = 2;

/// The state of a group QR made on `made_on`, seen on `today`.
pub fn qr_status(made_on: Option<NaiveDate>, today: NaiveDate) -> QrStatus {
    let Some(made_on) = made_on else {
        return QrStatus::NoExpiry;
    };
    let expires = made_on + Days::new(QR_VALID_DAYS);
    let days_left = (expires - today).num_days();
    let expires_on = expires.to_string();
    if days_left <= 0 {
        QrStatus::Expired { expires_on }
    } else if days_left <= QR_WARN_DAYS {
        QrStatus::ExpiresSoon {
            expires_on,
            days_left,
        }
    } else {
        QrStatus::Valid {
            expires_on,
            days_left,
        }
    }
}

const SELECT: &str =
    "SELECT g.id, g.name, g.kind, g.platform, g.capacity, g.size, g.owner, g.admins,
        g.stage, g.entry_rule, g.link, g.qr_made_on, g.notes
   FROM groups g";

/// `sizes`: how many members the book has in each group (from the member book).
fn view(row: &Row, today: NaiveDate, sizes: &HashMap<i64, u32>) -> rusqlite::Result<GroupView> {
    let id: i64 = row.get(0)?;
    let capacity: u32 = row.get(4)?;
    let size: u32 = row.get(5)?;
    let seats_left = capacity.saturating_sub(size);
    let qr_made_on: Option<String> = row.get(11)?;
    Ok(GroupView {
        id,
        name: row.get(1)?,
        kind: row.get(2)?,
        platform: Platform::parse(&row.get::<_, String>(3)?).unwrap_or_default(),
        capacity,
        size,
        seats_left,
        near_capacity: seats_left * 10 <= capacity,
        owner: row.get(6)?,
        admins: row.get(7)?,
        stage: GroupStage::parse(&row.get::<_, String>(8)?).unwrap_or_default(),
        entry_rule: EntryRule::parse(&row.get::<_, String>(9)?).unwrap_or_default(),
        link: row.get(10)?,
        qr: qr_status(crate::text::stored_day(qr_made_on.as_deref()), today),
        qr_made_on,
        notes: row.get(12)?,
        members: sizes.get(&id).copied().unwrap_or(0),
    })
}

pub fn groups(store: &Store, today: NaiveDate) -> Result<Vec<GroupView>, Error> {
    let sizes = group_sizes(store.conn())?;
    let mut stmt = store.conn().prepare(&format!("{SELECT} ORDER BY g.id"))?;
    let rows = stmt
        .query_map([], |r| view(r, today, &sizes))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

pub fn group(store: &Store, id: i64, today: NaiveDate) -> Result<GroupView, Error> {
    let sizes = group_sizes(store.conn())?;
    store
        .conn()
        .query_row(&format!("{SELECT} WHERE g.id = ?1"), [id], |r| {
            view(r, today, &sizes)
        })
        .optional()?
        .ok_or_else(|| Error::not_found(format!("编号为 {id} 的群")))
}

/// Deletes a group from the ledger; members recorded in it simply lose that group.
/// Refused while an invite channel's cards lead into it (their QR would point to a
/// group the shop no longer keeps): move those channels to another group first.
pub fn delete_group(store: &Store, id: i64, today: NaiveDate) -> Result<(), Error> {
    let g = group(store, id, today)?;
    let conn = store.conn();
    let channels: Vec<String> = conn
        .prepare("SELECT name FROM invite_channels WHERE group_id = ?1 ORDER BY id")?
        .query_map([id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    if !channels.is_empty() {
        return Err(Error::conflict(format!(
            "“{}”的卡扫了会进这个群（{}）：请先把这些渠道改到别的群或删除，再删群",
            channels.join("”、“"),
            g.name
        )));
    }
    conn.execute("DELETE FROM groups WHERE id = ?1", [id])?;
    Ok(())
}

/// The next name in the shop's pattern: shop + purpose + number ("老街面馆福利群3号").
pub fn suggest_group_name(store: &Store, purpose: &str) -> Result<String, Error> {
    let conn = store.conn();
    let shop: String = conn.query_row("SELECT name FROM shop_profile", [], |r| r.get(0))?;
    let purpose = if purpose.trim().is_empty() {
        "福利群"
    } else {
        purpose.trim()
    };
    let stem = format!("{}{purpose}", shop.trim());
    let mut n = 1;
    loop {
        let name = format!("{stem}{n}号");
        let taken: bool = conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM groups WHERE name = ?1)",
            [&name],
            |r| r.get(0),
        )?;
        if !taken {
            return Ok(name);
        }
        n += 1;
    }
}

/// A group's fields after every check.
struct CheckedGroup {
    name: String,
    kind: String,
    platform: Platform,
    capacity: u32,
    size: u32,
    link: String,
    qr_made_on: Option<NaiveDate>,
}

/// Checks a group form; every bad field is reported at once. `editing` is the stored
/// group when the form edits one: its name is not a clash with itself, and its QR
/// date is kept while its link stays the same.
fn check_group(
    store: &Store,
    new: &NewGroup,
    editing: Option<&GroupView>,
    today: NaiveDate,
) -> Result<CheckedGroup, Error> {
    let conn = store.conn();
    let mut errors = Vec::new();
    let name = new.name.trim();
    if name.is_empty() {
        errors.push(FieldError::new("name", "请填写群名，例如“店名+用途+编号”"));
    } else if name.chars().count() > 40 {
        errors.push(FieldError::new("name", "群名最多 40 个字"));
    } else if conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM groups WHERE name = ?1 AND id <> ?2)",
        params![name, editing.map_or(0, |g| g.id)],
        |r| r.get::<_, bool>(0),
    )? {
        errors.push(FieldError::new("name", format!("已经有叫“{name}”的群了")));
    }
    let kind = new.kind.trim();
    if kind.is_empty() {
        errors.push(FieldError::new(
            "kind",
            "请选择群类型：活动群、服务群、销售群或核心群",
        ));
    }
    let capacity = new.capacity.unwrap_or(500);
    if capacity == 0 {
        errors.push(FieldError::new("capacity", "群容量至少为 1 人"));
    }
    let size = new.size.unwrap_or(0);
    if size > capacity {
        errors.push(FieldError::new(
            "size",
            format!("当前人数 {size} 超过了群容量 {capacity}"),
        ));
    }
    let platform = new.platform.unwrap_or_default();
    let mut link = String::new();
    let mut from_qr = false;
    if let Some(image) = new.qr_image.as_deref().filter(|s| !s.trim().is_empty()) {
        match decode_qr_file(Path::new(image)) {
            Ok(text) => match check_link(&text) {
                Ok(l) => {
                    link = l;
                    from_qr = true;
                }
                Err(_) => errors.push(FieldError::new(
                    "qr_image",
                    format!("图片里的二维码内容不是网址（“{text}”）：请换一张群二维码截图"),
                )),
            },
            Err(e) => errors.push(FieldError::new("qr_image", e.to_string())),
        }
    } else if let Some(l) = new.link.as_deref().filter(|s| !s.trim().is_empty()) {
        match check_link(l) {
            Ok(l) => link = l,
            Err(m) => errors.push(FieldError::new("link", m)),
        }
    }
    let same_link = editing.is_some_and(|g| g.link == link);
    let typed_made_on =
        match crate::text::optional_past_day("二维码生成日期", new.qr_made_on.as_deref(), today)
        {
            Ok(day) => day,
            Err(message) => {
                // Any error makes the save fail below; the day is not used.
                errors.push(FieldError::new("qr_made_on", message));
                Some(today)
            }
        };
    let qr_made_on = match typed_made_on {
        Some(day) => Some(day),
        None if same_link => editing.and_then(|g| crate::text::stored_day(g.qr_made_on.as_deref())),
        // A WeChat group QR read today was made today at the earliest we can know.
        None if platform == Platform::Wechat && (from_qr || link.contains("weixin.qq.com/g/")) => {
            Some(today)
        }
        None => None,
    };
    if !errors.is_empty() {
        return Err(Error::invalid_fields(errors));
    }
    Ok(CheckedGroup {
        name: name.to_owned(),
        kind: kind.to_owned(),
        platform,
        capacity,
        size,
        link,
        qr_made_on,
    })
}

/// Adds a group. A QR screenshot is decoded for its link; every bad field is
/// reported at once.
pub fn add_group(
    store: &Store,
    new: &NewGroup,
    today: NaiveDate,
    now: DateTime<Local>,
) -> Result<GroupView, Error> {
    let g = check_group(store, new, None, today)?;
    let conn = store.conn();
    conn.execute(
        "INSERT INTO groups (name, kind, platform, capacity, size, owner, admins, stage,
                             entry_rule, link, qr_made_on, notes, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13)",
        params![
            g.name,
            g.kind,
            g.platform.as_str(),
            g.capacity,
            g.size,
            new.owner.as_deref().unwrap_or("").trim(),
            new.admins.as_deref().unwrap_or("").trim(),
            new.stage.unwrap_or_default().as_str(),
            new.entry_rule.unwrap_or_default().as_str(),
            g.link,
            g.qr_made_on.map(|d| d.to_string()),
            new.notes.as_deref().unwrap_or("").trim(),
            timestamp(now),
        ],
    )?;
    group(store, conn.last_insert_rowid(), today)
}

/// Edits a group, typically to put in the new QR code WeChat made a week later. The
/// channels that took their link from this group follow it to the new link, in the
/// same transaction, so their next cards print the code that works.
pub fn update_group(
    store: &Store,
    id: i64,
    new: &NewGroup,
    today: NaiveDate,
    now: DateTime<Local>,
) -> Result<GroupView, Error> {
    let current = group(store, id, today)?;
    let g = check_group(store, new, Some(&current), today)?;
    let tx = crate::db::write_tx(store.conn())?;
    tx.execute(
        "UPDATE groups SET name = ?2, kind = ?3, platform = ?4, capacity = ?5, size = ?6,
                owner = ?7, admins = ?8, stage = ?9, entry_rule = ?10, link = ?11,
                qr_made_on = ?12, notes = ?13, updated_at = ?14
          WHERE id = ?1",
        params![
            id,
            g.name,
            g.kind,
            g.platform.as_str(),
            g.capacity,
            g.size,
            new.owner.as_deref().unwrap_or("").trim(),
            new.admins.as_deref().unwrap_or("").trim(),
            new.stage.unwrap_or_default().as_str(),
            new.entry_rule.unwrap_or_default().as_str(),
            g.link,
            g.qr_made_on.map(|d| d.to_string()),
            new.notes.as_deref().unwrap_or("").trim(),
            timestamp(now),
        ],
    )?;
    if !g.link.is_empty() && g.link != current.link {
        tx.execute(
            "UPDATE invite_channels SET link = ?2 WHERE group_id = ?1 AND link = ?3",
            params![id, g.link, current.link],
        )?;
    }
    tx.commit()?;
    group(store, id, today)
}

/// Records the member count typed in from WeChat.
pub fn update_group_size(
    store: &Store,
    id: i64,
    size: u32,
    today: NaiveDate,
    now: DateTime<Local>,
) -> Result<GroupView, Error> {
    let current = group(store, id, today)?;
    if size > current.capacity {
        return Err(Error::invalid(
            "size",
            format!("当前人数 {size} 超过了群容量 {}", current.capacity),
        ));
    }
    store.conn().execute(
        "UPDATE groups SET size = ?2, updated_at = ?3 WHERE id = ?1",
        params![id, size, timestamp(now)],
    )?;
    group(store, id, today)
}
