//! Adding, reading and retiring members.

use chrono::{DateTime, Local, NaiveDate};
use rusqlite::{Connection, OptionalExtension, params};

use super::model::*;
use super::refresh::{self, ensure_fresh, expiry_of};
use super::view::{TagContext, VIEW_SELECT, view_from_row};
use crate::db::timestamp;
use crate::error::{Error, FieldError};
use crate::shop::{self, ReferralTrigger};
use crate::store::Store;
use crate::text::{mask_mobile, normalise_mobile, optional_past_day, pinyin_keys};

const NAME_MAX: usize = 40;
const TAG_MAX: usize = 20;
pub(super) const TEXT_MAX: usize = 500;

/// Adding a phone that is already in the book opens that member instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AddOutcome {
    Created(MemberView),
    Existing(MemberView),
}

impl AddOutcome {
    pub fn member(&self) -> &MemberView {
        match self {
            AddOutcome::Created(m) | AddOutcome::Existing(m) => m,
        }
    }
}

pub(crate) fn id_by_phone(conn: &Connection, phone: &str) -> rusqlite::Result<Option<i64>> {
    conn.query_row("SELECT id FROM members WHERE phone = ?1", [phone], |r| {
        r.get(0)
    })
    .optional()
}

/// Adds a member, all or nothing. Every bad field is reported at once.
pub fn add(
    store: &Store,
    new: &NewMember,
    today: NaiveDate,
    now: DateTime<Local>,
) -> Result<AddOutcome, Error> {
    let conn = store.conn();
    let phone = normalise_mobile(&new.phone).map_err(|e| Error::invalid("phone", e.to_string()))?;
    if let Some(id) = id_by_phone(conn, &phone)? {
        return Ok(AddOutcome::Existing(get(store, id, today)?));
    }

    ensure_fresh(store, today)?;
    let tx = crate::db::write_tx(conn)?;
    let id = add_in(&tx, new, &phone, today, now)?;
    tx.commit()?;
    Ok(AddOutcome::Created(get(store, id, today)?))
}

/// Adds a member whose (normalised) phone is not in the book yet, inside the
/// caller's transaction; the caller has made the caches fresh.
pub(crate) fn add_in(
    tx: &Connection,
    new: &NewMember,
    phone: &str,
    today: NaiveDate,
    now: DateTime<Local>,
) -> Result<i64, Error> {
    let checked = check(tx, new, phone, today, None)?;
    let (name, joined_on, tags, referrer) = (
        checked.name,
        checked.joined_on,
        checked.tags,
        checked.referrer,
    );
    let id = insert(tx, new, &name, phone, joined_on, referrer, now)?;
    if let Some(groups) = &checked.groups {
        set_groups(tx, id, groups, today)?;
    }
    for tag in &tags {
        tx.execute(
            "INSERT INTO member_tags (member_id, tag) VALUES (?1, ?2)",
            params![id, tag],
        )?;
    }
    if let Some(referrer) = referrer
        && shop::rules_in(tx)?.referral_points_on == ReferralTrigger::Join
    {
        award_referral_points(tx, id, referrer, joined_on, now)?;
        refresh::refresh(tx, Some(referrer), today)?;
    }
    refresh::refresh(tx, Some(id), today)?;
    Ok(id)
}

/// What [`check`] found valid, normalised.
struct Checked {
    name: String,
    joined_on: NaiveDate,
    tags: Vec<String>,
    referrer: Option<i64>,
    groups: Option<Vec<i64>>,
}

const CIRCLE: &str = "推荐关系不能绕成一圈：这位推荐人本身就是由该会员（直接或间接）推荐来的";

/// Checks a member's fields for adding (`this` = None) or editing member `this`.
/// Every problem is reported at once, each beside its field.
fn check(
    conn: &Connection,
    new: &NewMember,
    phone: &str,
    today: NaiveDate,
    this: Option<i64>,
) -> Result<Checked, Error> {
    let mut errors = Vec::new();
    let name = new.name.trim().to_owned();
    if name.is_empty() {
        errors.push(FieldError::new("name", "请填写会员姓名"));
    } else if name.chars().count() > NAME_MAX {
        errors.push(FieldError::new("name", format!("姓名最多 {NAME_MAX} 个字")));
    }
    if let Some(b) = &new.birthday
        && let Err(message) = b.check()
    {
        errors.push(FieldError::new("birthday", message));
    }
    let joined_on = match optional_past_day("入会日期", new.joined_on.as_deref(), today) {
        Ok(day) => day.unwrap_or(today),
        Err(message) => {
            errors.push(FieldError::new("joined_on", message));
            today
        }
    };
    let tags = clean_tags(new.tags.as_deref().unwrap_or_default(), &mut errors);
    let referrer = match new
        .referrer_phone
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        None => None,
        Some(text) => match normalise_mobile(text) {
            Err(e) => {
                errors.push(FieldError::new("referrer_phone", format!("推荐人{e}")));
                None
            }
            Ok(p) if p == phone => {
                errors.push(FieldError::new("referrer_phone", "不能自己推荐自己"));
                None
            }
            Ok(p) => match id_by_phone(conn, &p)? {
                Some(id) if Some(id) == this => {
                    errors.push(FieldError::new("referrer_phone", "不能自己推荐自己"));
                    None
                }
                Some(id) => {
                    if let Some(member) = this
                        && closes_circle(conn, id, member)?
                    {
                        errors.push(FieldError::new("referrer_phone", CIRCLE));
                    }
                    Some(id)
                }
                None => {
                    errors.push(FieldError::new(
                        "referrer_phone",
                        format!("推荐人 {} 还不是会员，请先添加推荐人", mask_mobile(&p)),
                    ));
                    None
                }
            },
        },
    };
    for (field, label, value) in [
        ("notes", "备注", new.notes.as_deref()),
        ("source", "来源渠道", new.source.as_deref()),
        ("wechat", "微信昵称", new.wechat.as_deref()),
    ] {
        if value.is_some_and(|v| v.chars().count() > TEXT_MAX) {
            errors.push(FieldError::new(
                field,
                format!("{label}最多 {TEXT_MAX} 个字"),
            ));
        }
    }
    let groups = match &new.groups {
        None => None,
        Some(ids) => {
            let mut kept: Vec<i64> = Vec::new();
            for &id in ids {
                let known: bool = conn.query_row(
                    "SELECT EXISTS (SELECT 1 FROM groups WHERE id = ?1)",
                    [id],
                    |r| r.get(0),
                )?;
                if !known {
                    errors.push(FieldError::new(
                        "groups",
                        format!("找不到编号为 {id} 的群，可能已被删除，请重新选择"),
                    ));
                } else if !kept.contains(&id) {
                    kept.push(id);
                }
            }
            Some(kept)
        }
    };
    if !errors.is_empty() {
        return Err(Error::invalid_fields(errors));
    }
    Ok(Checked {
        name,
        joined_on,
        tags,
        referrer,
        groups,
    })
}

/// Puts a member in exactly `groups`, keeping the day they joined the ones they stay in.
fn set_groups(
    tx: &Connection,
    member: i64,
    groups: &[i64],
    today: NaiveDate,
) -> rusqlite::Result<()> {
    let list = groups
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(",");
    tx.execute(
        &format!("DELETE FROM member_groups WHERE member_id = ?1 AND group_id NOT IN ({list})"),
        [member],
    )?;
    for g in groups {
        tx.execute(
            "INSERT OR IGNORE INTO member_groups (member_id, group_id, joined_on) VALUES (?1, ?2, ?3)",
            params![member, g, today.to_string()],
        )?;
    }
    Ok(())
}

/// Whether making `referrer` the referrer of `member` closes a circle: walking up
/// from the referrer meets the member.
fn closes_circle(conn: &Connection, referrer: i64, member: i64) -> rusqlite::Result<bool> {
    conn.query_row(
        "WITH RECURSIVE up(id, depth) AS (
            SELECT ?1, 0
            UNION ALL
            SELECT m.referrer_id, up.depth + 1 FROM members m JOIN up ON m.id = up.id
             WHERE m.referrer_id IS NOT NULL AND up.depth < 10000)
         SELECT EXISTS (SELECT 1 FROM up WHERE id = ?2)",
        params![referrer, member],
        |r| r.get(0),
    )
}

/// Edits a member: every field is replaced by `edit` (tags too), all or nothing.
/// A phone that belongs to another member is refused.
pub fn update(
    store: &Store,
    id: i64,
    edit: &NewMember,
    today: NaiveDate,
    now: DateTime<Local>,
) -> Result<MemberView, Error> {
    let conn = store.conn();
    let phone =
        normalise_mobile(&edit.phone).map_err(|e| Error::invalid("phone", e.to_string()))?;
    match id_by_phone(conn, &phone)? {
        Some(other) if other != id => {
            let name: String =
                conn.query_row("SELECT name FROM members WHERE id = ?1", [other], |r| {
                    r.get(0)
                })?;
            return Err(Error::invalid(
                "phone",
                format!("手机号 {} 已经是会员“{name}”的号码", mask_mobile(&phone)),
            ));
        }
        _ => {}
    }
    let checked = check(conn, edit, &phone, today, Some(id))?;
    ensure_fresh(store, today)?;
    let tx = crate::db::write_tx(conn)?;
    let keys = pinyin_keys(&checked.name);
    let b = edit.birthday;
    let changed = tx.execute(
        "UPDATE members SET name = ?2, phone = ?3, wechat = ?4, gender = ?5, birthday_month = ?6,
                birthday_day = ?7, birthday_year = ?8, birthday_lunar = ?9, joined_on = ?10,
                source = ?11, referrer_id = ?12, notes = ?13, name_pinyin = ?14,
                name_initials = ?15, updated_at = ?16
          WHERE id = ?1 AND status <> 'deleted'",
        params![
            id,
            checked.name,
            phone,
            edit.wechat.as_deref().unwrap_or("").trim(),
            edit.gender.unwrap_or_default().as_str(),
            b.map(|b| b.month),
            b.map(|b| b.day),
            b.and_then(|b| b.year),
            b.is_some_and(|b| b.lunar),
            checked.joined_on.to_string(),
            edit.source.as_deref().unwrap_or("").trim(),
            checked.referrer,
            edit.notes.as_deref().unwrap_or("").trim(),
            keys.full,
            keys.initials,
            timestamp(now),
        ],
    )?;
    if changed == 0 {
        return Err(Error::not_found(format!("编号为 {id} 的会员")));
    }
    if let Some(groups) = &checked.groups {
        set_groups(&tx, id, groups, today)?;
    }
    tx.execute("DELETE FROM member_tags WHERE member_id = ?1", [id])?;
    for tag in &checked.tags {
        tx.execute(
            "INSERT INTO member_tags (member_id, tag) VALUES (?1, ?2)",
            params![id, tag],
        )?;
    }
    // A cleared birthday must also clear its cached dates.
    tx.execute(
        "UPDATE members SET birthday_this_year_on = NULL, birthday_next_on = NULL
          WHERE id = ?1 AND birthday_month IS NULL",
        [id],
    )?;
    refresh::refresh(&tx, Some(id), today)?;
    tx.commit()?;
    get(store, id, today)
}

fn insert(
    conn: &Connection,
    new: &NewMember,
    name: &str,
    phone: &str,
    joined_on: NaiveDate,
    referrer: Option<i64>,
    now: DateTime<Local>,
) -> rusqlite::Result<i64> {
    let keys = pinyin_keys(name);
    let b = new.birthday;
    let stamp = timestamp(now);
    conn.execute(
        "INSERT INTO members (name, phone, wechat, gender, birthday_month, birthday_day,
            birthday_year, birthday_lunar, joined_on, source, referrer_id, notes,
            name_pinyin, name_initials, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?15)",
        params![
            name,
            phone,
            new.wechat.as_deref().unwrap_or("").trim(),
            new.gender.unwrap_or_default().as_str(),
            b.map(|b| b.month),
            b.map(|b| b.day),
            b.and_then(|b| b.year),
            b.is_some_and(|b| b.lunar),
            joined_on.to_string(),
            new.source.as_deref().unwrap_or("").trim(),
            referrer,
            new.notes.as_deref().unwrap_or("").trim(),
            keys.full,
            keys.initials,
            stamp,
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

fn clean_tags(raw: &[String], errors: &mut Vec<FieldError>) -> Vec<String> {
    let mut tags: Vec<String> = Vec::new();
    for tag in raw.iter().map(|t| t.trim()).filter(|t| !t.is_empty()) {
        if COMPUTED_TAGS.contains(&tag) {
            errors.push(FieldError::new(
                "tags",
                format!("“{tag}”是自动计算的标签，不用手动添加"),
            ));
        } else if tag.chars().count() > TAG_MAX {
            errors.push(FieldError::new(
                "tags",
                format!("标签“{tag}”太长，最多 {TAG_MAX} 个字"),
            ));
        } else if !tags.iter().any(|t| t == tag) {
            tags.push(tag.to_owned());
        }
    }
    tags
}

/// Points for both sides of a referral, as the shop's rules say, dated `on`.
pub(crate) fn award_referral_points(
    conn: &Connection,
    member: i64,
    referrer: i64,
    on: NaiveDate,
    now: DateTime<Local>,
) -> rusqlite::Result<()> {
    let rules = shop::rules_in(conn)?;
    let expires_on = expiry_of(on, &rules).map(|d| d.to_string());
    let name_of = |id: i64| -> rusqlite::Result<String> {
        conn.query_row("SELECT name FROM members WHERE id = ?1", [id], |r| r.get(0))
    };
    let (name, referrer_name) = (name_of(member)?, name_of(referrer)?);
    for (who, points, reason) in [
        (
            referrer,
            rules.referral_points_referrer,
            format!("推荐新会员 {name}"),
        ),
        (
            member,
            rules.referral_points_referee,
            format!("由 {referrer_name} 推荐入会"),
        ),
    ] {
        if points > 0 {
            conn.execute(
                "INSERT INTO points_entries (member_id, delta, kind, reason, occurred_on, expires_on, created_at)
                 VALUES (?1, ?2, 'referral', ?3, ?4, ?5, ?6)",
                params![who, points, reason, on.to_string(), expires_on, timestamp(now)],
            )?;
        }
    }
    Ok(())
}

/// A member as of `today`.
pub fn get(store: &Store, id: i64, today: NaiveDate) -> Result<MemberView, Error> {
    ensure_fresh(store, today)?;
    let conn = store.conn();
    let rules = shop::rules_in(conn)?;
    let ctx = TagContext::new(today, &rules);
    conn.query_row(&format!("{VIEW_SELECT} WHERE m.id = ?1"), [id], |row| {
        view_from_row(row, &ctx)
    })
    .optional()?
    .ok_or_else(|| Error::not_found(format!("编号为 {id} 的会员")))
}

/// A member by phone, typed in any common form.
pub fn get_by_phone(store: &Store, phone: &str, today: NaiveDate) -> Result<MemberView, Error> {
    let phone = normalise_mobile(phone).map_err(|e| Error::invalid("phone", e.to_string()))?;
    match id_by_phone(store.conn(), &phone)? {
        Some(id) => get(store, id, today),
        None => Err(Error::not_found(format!(
            "手机号为 {} 的会员",
            mask_mobile(&phone)
        ))),
    }
}

/// Sets (or clears) who brought a member in. Self-referral and cycles are refused.
pub fn set_referrer(
    store: &Store,
    member: i64,
    referrer_phone: Option<&str>,
    now: DateTime<Local>,
) -> Result<(), Error> {
    let conn = store.conn();
    let referrer = match referrer_phone.map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(text) => {
            let phone = normalise_mobile(text)
                .map_err(|e| Error::invalid("referrer_phone", format!("推荐人{e}")))?;
            Some(id_by_phone(conn, &phone)?.ok_or_else(|| {
                Error::invalid(
                    "referrer_phone",
                    format!("推荐人 {} 还不是会员", mask_mobile(&phone)),
                )
            })?)
        }
    };
    if let Some(referrer) = referrer {
        if referrer == member {
            return Err(Error::invalid("referrer_phone", "不能自己推荐自己"));
        }
        if closes_circle(conn, referrer, member)? {
            return Err(Error::invalid("referrer_phone", CIRCLE));
        }
    }
    let changed = conn.execute(
        "UPDATE members SET referrer_id = ?2, updated_at = ?3 WHERE id = ?1 AND status <> 'deleted'",
        params![member, referrer, timestamp(now)],
    )?;
    if changed == 0 {
        return Err(Error::not_found(format!("编号为 {member} 的会员")));
    }
    Ok(())
}
