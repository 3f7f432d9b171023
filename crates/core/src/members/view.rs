//! Reading members as [`MemberView`]s: one SELECT shape shared by show and list.

use chrono::{Days, NaiveDate};
use rusqlite::Row;

use super::model::*;
use crate::shop::BusinessRules;

/// Columns of a [`MemberView`]; `m` is the member, `r` the referrer.
pub const VIEW_SELECT: &str = "SELECT m.id, m.name, COALESCE(m.phone, ''), m.wechat, m.gender,
        m.birthday_month, m.birthday_day, m.birthday_year, m.birthday_lunar,
        m.birthday_this_year_on, m.joined_on, m.source, r.phone, r.name,
        (SELECT COUNT(*) FROM members c WHERE c.referrer_id = m.id),
        m.notes, m.status, m.left_reason, m.tier, m.spend_12m_fen, m.points_balance,
        m.last_purchase_on,
        (SELECT group_concat(t.tag, char(31)) FROM
            (SELECT tag FROM member_tags WHERE member_id = m.id ORDER BY tag) t),
        (SELECT group_concat(g.id || char(30) || g.name, char(31)) FROM
            (SELECT g.id, g.name FROM member_groups mg JOIN groups g ON g.id = mg.group_id
              WHERE mg.member_id = m.id ORDER BY g.id) g)
   FROM members m LEFT JOIN members r ON r.id = m.referrer_id";

/// The facts computed tags are judged against, worked out once per query rather
/// than once per row.
pub struct TagContext<'a> {
    pub today: NaiveDate,
    pub rules: &'a BusinessRules,
    /// A last visit before this day makes a member dormant.
    pub dormant_before: String,
    /// The first join date that still counts as new.
    pub new_since: String,
    /// `YYYY-MM` of this month.
    pub this_month: String,
}

impl<'a> TagContext<'a> {
    pub fn new(today: NaiveDate, rules: &'a BusinessRules) -> Self {
        TagContext {
            today,
            rules,
            dormant_before: (today - Days::new(u64::from(rules.dormant_days))).to_string(),
            new_since: (today - Days::new(NEW_MEMBER_DAYS as u64)).to_string(),
            this_month: today.format("%Y-%m").to_string(),
        }
    }
}

pub fn view_from_row(row: &Row, ctx: &TagContext) -> rusqlite::Result<MemberView> {
    let birthday = match (row.get::<_, Option<u32>>(5)?, row.get::<_, Option<u32>>(6)?) {
        (Some(month), Some(day)) => Some(Birthday {
            month,
            day,
            year: row.get(7)?,
            lunar: row.get(8)?,
        }),
        _ => None,
    };
    let spend_12m_fen: i64 = row.get(19)?;
    let joined_on: String = row.get(10)?;
    let last_purchase_on: Option<String> = row.get(21)?;
    let birthday_this_year: Option<String> = row.get(9)?;
    let status = Status::parse(&row.get::<_, String>(16)?).unwrap_or_default();
    let custom_tags: Vec<String> = row
        .get::<_, Option<String>>(22)?
        .map(|joined| joined.split('\u{1f}').map(str::to_owned).collect())
        .unwrap_or_default();

    let mut tags = Vec::new();
    if status == Status::Active {
        if spend_12m_fen >= ctx.rules.high_value_fen {
            tags.push(TAG_HIGH_VALUE.to_owned());
        }
        if last_purchase_on.as_deref().unwrap_or(&joined_on) < ctx.dormant_before.as_str() {
            tags.push(TAG_DORMANT.to_owned());
        }
        if birthday_this_year
            .as_deref()
            .is_some_and(|d| d.starts_with(&ctx.this_month))
        {
            tags.push(TAG_BIRTHDAY_THIS_MONTH.to_owned());
        }
        if joined_on >= ctx.new_since {
            tags.push(TAG_NEW.to_owned());
        }
    }
    tags.extend(custom_tags.iter().cloned());
    // "id␞name␟id␞name": ␞ and ␟ cannot be typed into a name.
    let groups = row
        .get::<_, Option<String>>(23)?
        .map(|joined| {
            joined
                .split('\u{1f}')
                .filter_map(|g| {
                    let (id, name) = g.split_once('\u{1e}')?;
                    Some(MemberGroup {
                        id: id.parse().ok()?,
                        name: name.to_owned(),
                    })
                })
                .collect()
        })
        .unwrap_or_default();

    Ok(MemberView {
        id: row.get(0)?,
        name: row.get(1)?,
        phone: row.get(2)?,
        wechat: row.get(3)?,
        gender: match row.get::<_, String>(4)?.as_str() {
            "male" => Gender::Male,
            "female" => Gender::Female,
            _ => Gender::Unknown,
        },
        birthday,
        birthday_this_year,
        joined_on,
        source: row.get(11)?,
        referrer_phone: row.get(12)?,
        referrer_name: row.get(13)?,
        referrals: row.get(14)?,
        notes: row.get(15)?,
        status,
        left_reason: row.get(17)?,
        tier: Tier::parse(&row.get::<_, String>(18)?).unwrap_or(Tier::None),
        spend_12m_fen,
        next_tier: Tier::next(spend_12m_fen, &ctx.rules.tiers),
        points: row.get(20)?,
        last_purchase_on,
        tags,
        custom_tags,
        groups,
    })
}
