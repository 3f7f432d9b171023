//! Redeeming an invite code at the counter.

use chrono::{DateTime, Local, NaiveDate};
use rusqlite::{OptionalExtension, params};

use super::model::Redemption;
use super::{InviteError, code};
use crate::members::book::{add_in, id_by_phone, timestamp};
use crate::members::standing::return_in;
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
    used_by: Option<(String, Option<String>)>,
    /// The group the channel's QR leads into, if it is one of the shop's groups.
    group_id: Option<i64>,
}

/// A referrer as the code's owner: (id, phone, name, deleted).
type Referrer = (i64, String, String, bool);

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
) -> Result<Redemption, InviteError> {
    let code = code::normalise(typed)
        .map_err(|m| InviteError::invalid("code", m.message(typed.trim())))?;
    let phone =
        normalise_mobile(phone).map_err(|e| InviteError::invalid("phone", e.to_string()))?;
    let staff: String = staff.unwrap_or("").trim().chars().take(STAFF_MAX).collect();
    ensure_fresh(store, today)?;
    let conn = store.conn();
    let tx = conn.unchecked_transaction()?;
    let row = tx
        .query_row(
            "SELECT k.channel_id, c.name, c.active, c.valid_until, c.gift, k.referrer_id,
                    k.used_at, u.phone, u.name, c.group_id
               FROM invite_codes k
               JOIN invite_channels c ON c.id = k.channel_id
               LEFT JOIN members u ON u.id = k.used_by
              WHERE k.code = ?1",
            [&code],
            |r| {
                let used_phone: Option<String> = r.get(7)?;
                let used_name: Option<String> = r.get(8)?;
                Ok(CodeRow {
                    channel_id: r.get(0)?,
                    channel: r.get(1)?,
                    active: r.get(2)?,
                    valid_until: r.get(3)?,
                    gift: r.get(4)?,
                    referrer_id: r.get(5)?,
                    used_at: r.get(6)?,
                    used_by: used_name.map(|n| (n, used_phone)),
                    group_id: r.get(9)?,
                })
            },
        )
        .optional()?
        .ok_or_else(|| {
            InviteError::Refused(format!(
                "没有邀请码“{code}”：它不是本店发出的码，或已随渠道删除"
            ))
        })?;
    if !row.active {
        return Err(InviteError::Refused(format!(
            "“{}”渠道已暂停，这个码暂时不能用：如需恢复，请在邀请渠道里重新启用",
            row.channel
        )));
    }
    if let Some(until) = &row.valid_until
        && until.as_str() < today.to_string().as_str()
    {
        return Err(InviteError::Refused(format!(
            "这个邀请码的有效期到 {until} 为止，已经过期"
        )));
    }
    if let Some(used_at) = &row.used_at {
        let who = match &row.used_by {
            Some((name, Some(p))) => format!("{name}（{}）", mask_mobile(p)),
            Some((name, None)) => name.clone(),
            None => "一位已删除的会员".to_owned(),
        };
        return Err(InviteError::Refused(format!(
            "这个邀请码已在 {} 被 {who} 用过，每个码只能用一次",
            minute(used_at)
        )));
    }
    let referrer: Option<Referrer> = match row.referrer_id {
        None => None,
        Some(id) => tx
            .query_row(
                "SELECT id, COALESCE(phone, ''), name, status = 'deleted' FROM members WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()?,
    };
    if row.referrer_id.is_some() && referrer.as_ref().is_none_or(|r| r.3) {
        return Err(InviteError::Refused(
            "这个老带新码的主人已删除会员资料，码已作废：请给顾客换一张店里的邀请卡".into(),
        ));
    }
    let existing: Option<(i64, String, String)> = match id_by_phone(&tx, &phone)? {
        None => None,
        Some(id) => Some(tx.query_row(
            "SELECT id, name, status FROM members WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?),
    };
    if let Some((id, member_name, _)) = &existing {
        refuse_second_gift(&tx, &code, &row, referrer.as_ref(), *id, member_name)?;
    }
    let (member_id, new_member, returned) = match existing {
        Some((id, _, status)) => {
            // An existing member keeps the source they came from first.
            tx.execute(
                "UPDATE members SET source = ?2 WHERE id = ?1 AND source = ''",
                params![id, row.channel],
            )?;
            // Coming back through an invite card: they are back in the shop's groups.
            let returned = status == "left";
            if returned {
                return_in(&tx, id, now)?;
            }
            (id, false, returned)
        }
        None => {
            let name = name.map(str::trim).unwrap_or("");
            if name.is_empty() {
                return Err(InviteError::invalid(
                    "name",
                    "这个手机号还不是会员：请填写姓名，好为他建会员档案",
                ));
            }
            let new = NewMember {
                name: name.to_owned(),
                phone: phone.clone(),
                source: Some(row.channel.clone()),
                referrer_phone: referrer
                    .as_ref()
                    .map(|r| r.1.clone())
                    .filter(|p| !p.is_empty()),
                ..Default::default()
            };
            (add_in(&tx, &new, &phone, today, now)?, true, false)
        }
    };
    // The card led into one of the shop's groups: that is where the customer went.
    if let Some(group) = row.group_id {
        tx.execute(
            "INSERT OR IGNORE INTO member_groups (member_id, group_id, joined_on) VALUES (?1, ?2, ?3)",
            params![member_id, group, today.to_string()],
        )?;
    }
    let stamp = timestamp(now);
    if row.referrer_id.is_none() {
        let taken = tx.execute(
            "UPDATE invite_codes SET used_at = ?2, used_by = ?3 WHERE code = ?1 AND used_at IS NULL",
            params![code, stamp, member_id],
        )?;
        if taken == 0 {
            return Err(InviteError::Refused("这个邀请码刚刚被用掉了".into()));
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
    let member_name: String =
        tx.query_row("SELECT name FROM members WHERE id = ?1", [member_id], |r| {
            r.get(0)
        })?;
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
        referrer_phone: referrer.as_ref().map(|r| r.1.clone()),
        referrer_name: referrer.map(|r| r.2),
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
    referrer: Option<&Referrer>,
    member_id: i64,
    member_name: &str,
) -> Result<(), InviteError> {
    if let Some((referrer_id, ..)) = referrer {
        if *referrer_id == member_id {
            return Err(InviteError::Refused(
                "不能用自己的推荐码：请让朋友用这个码入会".into(),
            ));
        }
        let before: Option<String> = tx
            .query_row(
                "SELECT redeemed_at FROM invite_redemptions WHERE code = ?1 AND member_id = ?2
                  ORDER BY redeemed_at LIMIT 1",
                params![code, member_id],
                |r| r.get(0),
            )
            .optional()?;
        return Err(InviteError::Refused(match before {
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
        return Err(InviteError::Refused(if gift.is_empty() {
            format!("{member_name} 已在 {at} 核销过“{channel}”的码，同一渠道每人只核销一次")
        } else {
            format!(
                "{member_name} 已在 {at} 通过“{channel}”领过“{gift}”，同一渠道的礼物每人只送一次"
            )
        }));
    }
    Ok(())
}
