//! Redeeming an invite code at the counter.

use chrono::{DateTime, Local, NaiveDate};
use rusqlite::{OptionalExtension, params};

use super::model::Redemption;
use super::{InviteError, code};
use crate::members::book::{add_in, id_by_phone, timestamp};
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

/// Takes a code typed or scanned at the counter: checks it, creates the member (or
/// finds them by phone), records the channel as their source, credits the referrer
/// per the settings, and says which gift to hand over. All of it or none.
pub fn redeem(
    store: &Store,
    typed: &str,
    phone: &str,
    name: Option<&str>,
    today: NaiveDate,
    now: DateTime<Local>,
) -> Result<Redemption, InviteError> {
    let code = code::normalise(typed)
        .map_err(|m| InviteError::invalid("code", m.message(typed.trim())))?;
    let phone =
        normalise_mobile(phone).map_err(|e| InviteError::invalid("phone", e.to_string()))?;
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
        let when = used_at.get(..16).unwrap_or(used_at).replace('T', " ");
        let who = match &row.used_by {
            Some((name, Some(p))) => format!("{name}（{}）", mask_mobile(p)),
            Some((name, None)) => name.clone(),
            None => "一位已删除的会员".to_owned(),
        };
        return Err(InviteError::Refused(format!(
            "这个邀请码已在 {when} 被 {who} 用过，每个码只能用一次"
        )));
    }
    let referrer: Option<(i64, String, String)> = match row.referrer_id {
        None => None,
        Some(id) => tx
            .query_row(
                "SELECT id, COALESCE(phone, ''), name FROM members WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?,
    };
    let existing = id_by_phone(&tx, &phone)?;
    if let (Some(id), Some((referrer_id, ..))) = (existing, &referrer)
        && id == *referrer_id
    {
        return Err(InviteError::Refused(
            "不能用自己的推荐码：请让朋友用这个码入会".into(),
        ));
    }
    let (member_id, new_member) = match existing {
        Some(id) => {
            // An existing member keeps the source they came from first.
            tx.execute(
                "UPDATE members SET source = ?2 WHERE id = ?1 AND source = ''",
                params![id, row.channel],
            )?;
            (id, false)
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
            (add_in(&tx, &new, &phone, today, now)?, true)
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
        "INSERT INTO invite_redemptions (code, channel_id, member_id, new_member, gift, redeemed_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![code, row.channel_id, member_id, new_member, row.gift, stamp],
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
        channel: row.channel,
        referrer_phone: referrer.as_ref().map(|r| r.1.clone()),
        referrer_name: referrer.map(|r| r.2),
        referrer_points: if credited {
            rules.referral_points_referrer
        } else {
            0
        },
        gift: row.gift,
    })
}
