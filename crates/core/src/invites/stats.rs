//! What each invite channel did in a period, for the reports (渠道). The channel's
//! members are those who joined the shop through one of its codes (the redemption
//! that made them a member); what they spent is the member book's to say, so this
//! hands over who they are and from which day.

use chrono::{Days, NaiveDate};
use rusqlite::{Connection, params};

/// One channel's period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChannelActivity {
    /// `None` once the channel was deleted (its redemptions keep its name).
    pub channel_id: Option<i64>,
    pub channel: String,
    /// Members who joined through the channel in the period.
    pub new_members: u64,
    /// Codes of the channel taken at the counter in the period, by anyone.
    pub redemptions: u64,
    /// Every member the channel brought in up to the period's end, with the day
    /// they joined through it.
    pub brought: Vec<(i64, NaiveDate)>,
}

/// Every channel not archived, and any other (archived, deleted) with a
/// redemption in `from..=to` or members brought in by then; most new members first.
pub fn channels(
    conn: &Connection,
    from: NaiveDate,
    to: NaiveDate,
) -> rusqlite::Result<Vec<ChannelActivity>> {
    // `redeemed_at` is an RFC 3339 stamp: compared as text against day bounds it
    // uses the index on it.
    let (start, end) = (from.to_string(), (to + Days::new(1)).to_string());
    let mut list: Vec<ChannelActivity> = Vec::new();
    let mut stmt =
        conn.prepare("SELECT id, name FROM invite_channels WHERE archived = 0 ORDER BY id")?;
    for row in stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))? {
        let (id, name) = row?;
        list.push(ChannelActivity {
            channel_id: Some(id),
            channel: name,
            new_members: 0,
            redemptions: 0,
            brought: Vec::new(),
        });
    }
    let mut stmt = conn.prepare(
        "SELECT channel_id, channel_name, member_id, new_member, substr(redeemed_at, 1, 10),
                redeemed_at >= ?1
           FROM invite_redemptions WHERE redeemed_at < ?2
          ORDER BY redeemed_at, id",
    )?;
    let mut rows = stmt.query(params![start, end])?;
    while let Some(row) = rows.next()? {
        let channel_id: Option<i64> = row.get(0)?;
        let name: String = row.get(1)?;
        let member: Option<i64> = row.get(2)?;
        let joined: bool = row.get(3)?;
        let day: Option<NaiveDate> = row.get::<_, String>(4)?.parse().ok();
        let in_period: bool = row.get(5)?;
        let at = match list
            .iter()
            .position(|c| c.channel_id == channel_id && (channel_id.is_some() || c.channel == name))
        {
            Some(at) => at,
            // An archived or deleted channel shows only for what it did.
            None if !(in_period || joined) => continue,
            None => {
                list.push(ChannelActivity {
                    channel_id,
                    channel: name,
                    new_members: 0,
                    redemptions: 0,
                    brought: Vec::new(),
                });
                list.len() - 1
            }
        };
        let c = &mut list[at];
        if in_period {
            c.redemptions += 1;
            c.new_members += u64::from(joined);
        }
        if let (true, Some(member), Some(day)) = (joined, member, day) {
            c.brought.push((member, day));
        }
    }
    list.sort_by(|a, b| {
        b.new_members
            .cmp(&a.new_members)
            .then(b.redemptions.cmp(&a.redemptions))
    });
    Ok(list)
}

/// Codes of `channels` redeemed in `from..=to`, counted per day, in date order.
pub fn redemptions_by_day(
    conn: &Connection,
    channels: &[i64],
    from: NaiveDate,
    to: NaiveDate,
) -> rusqlite::Result<Vec<(NaiveDate, u64)>> {
    let (start, end) = (from.to_string(), (to + Days::new(1)).to_string());
    let mut stmt = conn.prepare_cached(
        "SELECT substr(redeemed_at, 1, 10), COUNT(*) FROM invite_redemptions
          WHERE channel_id = ?1 AND redeemed_at >= ?2 AND redeemed_at < ?3
          GROUP BY substr(redeemed_at, 1, 10)",
    )?;
    let mut days: std::collections::BTreeMap<NaiveDate, u64> = Default::default();
    for channel in channels {
        let rows = stmt.query_map(params![channel, start, end], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))
        })?;
        for row in rows {
            let (day, n) = row?;
            if let Ok(day) = day.parse() {
                *days.entry(day).or_default() += u64::try_from(n).unwrap_or(0);
            }
        }
    }
    Ok(days.into_iter().collect())
}

/// Members who became members by redeeming a code of one of `channels`.
pub fn joined_through(
    conn: &Connection,
    channels: &[i64],
) -> rusqlite::Result<std::collections::HashSet<i64>> {
    let mut stmt = conn.prepare_cached(
        "SELECT member_id FROM invite_redemptions
          WHERE channel_id = ?1 AND new_member = 1 AND member_id IS NOT NULL",
    )?;
    let mut members = std::collections::HashSet::new();
    for channel in channels {
        for id in stmt.query_map([channel], |r| r.get::<_, i64>(0))? {
            members.insert(id?);
        }
    }
    Ok(members)
}
