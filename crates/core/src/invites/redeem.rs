//! Redeeming an invite code at the counter.

use chrono::{DateTime, Local, NaiveDate};
use rusqlite::{OptionalExtension, params};

use super::code;
use super::model::Redemption;
use crate::db::timestamp;
use crate::error::Error;
use crate::members::directory::{self, Person};
use crate::members::{NewMember, ensure_fresh};
use crate::shop;
use crate::shop::ReferralTrigger;
use crate::store::Store;
use crate::text::{mask_mobile, normalise_mobile};

struct CodeRow {
    channel_id: i64,
    channel: String,
    active: bool,
    valid_until: Option<String>,
    gift: String,
    referrer_id: Option<i64>,
    used_at: Option<String>,
    used_by: Option<i64>,
    /// The group the channel's QR leads into, if it is one of the shop's groups.
    group_id: Option<i64>,
}

/// `2026-11-20T14:03:00+08:00` → `2026-11-20 14:03`.
fn minute(stamp: &str) -> String {
    stamp.get(..16).unwrap_or(stamp).replace('T', " ")
}

/// Longest staff name kept with a redemption.
const STAFF_MAX: usize = 40;

/// Takes a code typed or scanned at the counter: checks it, creates the member (or
/// finds them by phone, bringing back one who had left), records the channel as their
/// source, credits the referrer per the settings, logs who redeemed what and who was
/// at the counter, and says which gift to hand over. All of it or none.
///
/// Gifts go out once: a member gets each channel's gift once, and a 老带新 code serves
/// only friends who are not members yet (never its owner, never after its owner's
/// personal data was deleted).
pub fn redeem(
    store: &Store,
    typed: &str,
    phone: &str,
    name: Option<&str>,
    staff: Option<&str>,
    today: NaiveDate,
    now: DateTime<Local>,
) -> Result<Redemption, Error> {
    let code =
        code::normalise(typed).map_err(|m| Error::invalid("code", m.message(typed.trim())))?;
    let phone = normalise_mobile(phone).map_err(|e| Error::invalid("phone", e.to_string()))?;
    let staff: String = staff.unwrap_or("").trim().chars().take(STAFF_MAX).collect();
    ensure_fresh(store, today)?;
    let conn = store.conn();
    let tx = crate::db::write_tx(conn)?;
    let row = tx
        .query_row(
            "SELECT k.channel_id, c.name, c.active, c.valid_until, c.gift, k.referrer_id,
                    k.used_at, k.used_by, c.group_id
               FROM invite_codes k
               JOIN invite_channels c ON c.id = k.channel_id
              WHERE k.code = ?1",
            [&code],
            |r| {
                Ok(CodeRow {
                    channel_id: r.get(0)?,
                    channel: r.get(1)?,
                    active: r.get(2)?,
                    valid_until: r.get(3)?,
                    gift: r.get(4)?,
                    referrer_id: r.get(5)?,
                    used_at: r.get(6)?,
                    used_by: r.get(7)?,
                    group_id: r.get(8)?,
                })
            },
        )
        .optional()?
        .ok_or_else(|| {
            Error::conflict(format!(
                "没有邀请码“{code}”：它不是本店发出的码，或已随渠道删除"
            ))
        })?;
    if !row.active {
        return Err(Error::conflict(format!(
            "“{}”渠道已暂停，这个码暂时不能用：如需恢复，请在邀请渠道里重新启用",
            row.channel
        )));
    }
    if let Some(until) = &row.valid_until
        && until.as_str() < today.to_string().as_str()
    {
        return Err(Error::conflict(format!(
            "这个邀请码的有效期到 {until} 为止，已经过期"
        )));
    }
    if let Some(used_at) = &row.used_at {
        let used_by = match row.used_by {
            Some(id) => directory::person(&tx, id)?,
            None => None,
        };
        let who = match used_by {
            Some(p) if !p.phone.is_empty() => format!("{}（{}）", p.name, mask_mobile(&p.phone)),
            Some(p) => p.name,
            None => "一位已删除的会员".to_owned(),
        };
        return Err(Error::conflict(format!(
            "这个邀请码已在 {} 被 {who} 用过，每个码只能用一次",
            minute(used_at)
        )));
    }
    let referrer: Option<Person> = match row.referrer_id {
        None => None,
        Some(id) => directory::person(&tx, id)?,
    };
    if row.referrer_id.is_some() && referrer.as_ref().is_none_or(Person::deleted) {
        return Err(Error::conflict(
            "这个老带新码的主人已删除会员资料，码已作废：请给顾客换一张店里的邀请卡",
        ));
    }
    let existing = directory::person_by_phone(&tx, &phone)?;
    if let Some(member) = &existing {
        refuse_second_gift(&tx, &code, &row, referrer.as_ref(), member.id, &member.name)?;
    }
    let name = name.map(str::trim).unwrap_or("");
    if existing.is_none() && name.is_empty() {
        return Err(Error::invalid(
            "name",
            "这个手机号还不是会员：请填写姓名，好为他建会员档案",
        ));
    }
    // The channel becomes the source of a new member, or of one who had none; a
    // member who had left is back; the card's group is where the customer went.
    let new = NewMember {
        name: name.to_owned(),
        phone: phone.clone(),
        source: Some(row.channel.clone()),
        referrer_phone: referrer
            .as_ref()
            .map(|r| r.phone.clone())
            .filter(|p| !p.is_empty()),
        ..Default::default()
    };
    let joined =
        directory::join_from_invite(&tx, existing.as_ref(), &new, row.group_id, today, now)?;
    let (member_id, new_member, returned) = (joined.member_id, joined.new_member, joined.returned);
    let stamp = timestamp(now);
    if row.referrer_id.is_none() {
        let taken = tx.execute(
            "UPDATE invite_codes SET used_at = ?2, used_by = ?3 WHERE code = ?1 AND used_at IS NULL",
            params![code, stamp, member_id],
        )?;
        if taken == 0 {
            return Err(Error::conflict("这个邀请码刚刚被用掉了"));
        }
    }
    tx.execute(
        "INSERT INTO invite_redemptions (code, channel_id, channel_name, member_id, new_member,
                gift, referrer_id, staff, redeemed_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            code,
            row.channel_id,
            row.channel,
            member_id,
            new_member,
            row.gift,
            row.referrer_id,
            staff,
            stamp
        ],
    )?;
    let rules = shop::rules_in(&tx)?;
    let member_name = directory::name_of(&tx, member_id)?.unwrap_or_default();
    tx.commit()?;
    let credited =
        new_member && referrer.is_some() && rules.referral_points_on == ReferralTrigger::Join;
    Ok(Redemption {
        code,
        member_phone: phone,
        member_name,
        member_id,
        new_member,
        returned,
        channel: row.channel,
        referrer_phone: referrer.as_ref().map(|r| r.phone.clone()),
        referrer_name: referrer.map(|r| r.name),
        referrer_points: if credited {
            rules.referral_points_referrer
        } else {
            0
        },
        gift: row.gift,
        staff,
    })
}

/// A member already in the book gets nothing twice: not a friend's 老带新 gift (that
/// is for newcomers), not their own code's, and not a channel's gift they had before.
fn refuse_second_gift(
    tx: &rusqlite::Connection,
    code: &str,
    row: &CodeRow,
    referrer: Option<&Person>,
    member_id: i64,
    member_name: &str,
) -> Result<(), Error> {
    if let Some(referrer) = referrer {
        if referrer.id == member_id {
            return Err(Error::conflict("不能用自己的推荐码：请让朋友用这个码入会"));
        }
        let before: Option<String> = tx
            .query_row(
                "SELECT redeemed_at FROM invite_redemptions WHERE code = ?1 AND member_id = ?2
                  ORDER BY redeemed_at LIMIT 1",
                params![code, member_id],
                |r| r.get(0),
            )
            .optional()?;
        return Err(Error::conflict(match before {
            Some(at) => format!(
                "{member_name} 已在 {} 用这个推荐码领过礼物，每位朋友只送一次",
                minute(&at)
            ),
            None => format!("{member_name} 已经是本店会员，老带新的礼物只送给第一次来的新朋友"),
        }));
    }
    let before: Option<(String, String)> = tx
        .query_row(
            "SELECT redeemed_at, gift FROM invite_redemptions WHERE channel_id = ?1 AND member_id = ?2
              ORDER BY redeemed_at LIMIT 1",
            params![row.channel_id, member_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    if let Some((at, gift)) = before {
        let (at, channel) = (minute(&at), &row.channel);
        return Err(Error::conflict(if gift.is_empty() {
            format!("{member_name} 已在 {at} 核销过“{channel}”的码，同一渠道每人只核销一次")
        } else {
            format!(
                "{member_name} 已在 {at} 通过“{channel}”领过“{gift}”，同一渠道的礼物每人只送一次"
            )
        }));
    }
    Ok(())
}
