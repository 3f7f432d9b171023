//! 渠道 and 社群 in the reports: what each invite channel and each group brought,
//! tied to what those members spent (the invites module says who, the member
//! book says how much).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::Result;
use crate::invites::{self, QrStatus};
use crate::members::stats;
use crate::store::Store;

/// One invite channel in the period. `spend_fen`: what the members it brought in
/// (ever, up to the period's end) spent in the period, from the day they joined
/// through it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ChannelRow {
    pub channel: String,
    /// `null` for a channel since deleted (its redemptions keep the name).
    #[ts(type = "number | null")]
    pub channel_id: Option<i64>,
    #[ts(type = "number")]
    pub new_members: u64,
    #[ts(type = "number")]
    pub redemptions: u64,
    #[ts(type = "number")]
    pub spend_fen: i64,
}

/// One group in the period: `members` recorded in it at the end, `new_members`
/// put in it during the period, `spend_fen` what its members spent in the period
/// from the day they were put in it; `size`/`capacity` the seats as kept on the
/// group's card.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct GroupRow {
    pub group: String,
    #[ts(type = "number")]
    pub group_id: i64,
    #[ts(type = "number")]
    pub members: u64,
    #[ts(type = "number")]
    pub new_members: u64,
    #[ts(type = "number")]
    pub spend_fen: i64,
    pub size: u32,
    pub capacity: u32,
}

/// The groups as they are today: how many, seats used of all seats, and group QR
/// codes that have expired or expire within two days (time to make new ones).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Community {
    pub groups: u32,
    #[ts(type = "number")]
    pub seats_used: u64,
    #[ts(type = "number")]
    pub seats: u64,
    pub qr_expiring: u32,
}

impl ChannelRow {
    /// The name as the exports print it: a deleted channel says so.
    pub fn label(&self) -> String {
        match self.channel_id {
            Some(_) => self.channel.clone(),
            None => format!("{}（已删除）", self.channel),
        }
    }
}

pub fn channels(store: &Store, from: NaiveDate, to: NaiveDate) -> Result<Vec<ChannelRow>> {
    let conn = store.conn();
    invites::stats::channels(conn, from, to)?
        .into_iter()
        .map(|c| {
            Ok(ChannelRow {
                spend_fen: stats::spend_since(conn, from, to, &c.brought)?,
                channel: c.channel,
                channel_id: c.channel_id,
                new_members: c.new_members,
                redemptions: c.redemptions,
            })
        })
        .collect()
}

/// The groups, most spend first, and the community's state on `today`.
pub fn groups(
    store: &Store,
    from: NaiveDate,
    to: NaiveDate,
    today: NaiveDate,
) -> Result<(Vec<GroupRow>, Community)> {
    let figures = stats::groups(store.conn(), from, to)?;
    let mut community = Community::default();
    let mut rows = Vec::new();
    for g in invites::groups(store, today)? {
        community.groups += 1;
        community.seats_used += u64::from(g.size);
        community.seats += u64::from(g.capacity);
        if matches!(
            g.qr,
            QrStatus::ExpiresSoon { .. } | QrStatus::Expired { .. }
        ) {
            community.qr_expiring += 1;
        }
        let f = figures.iter().find(|f| f.group_id == g.id);
        rows.push(GroupRow {
            group: g.name,
            group_id: g.id,
            members: f.map_or(0, |f| f.members),
            new_members: f.map_or(0, |f| f.new_members),
            spend_fen: f.map_or(0, |f| f.spend_fen),
            size: g.size,
            capacity: g.capacity,
        });
    }
    rows.sort_by(|a, b| {
        b.spend_fen
            .cmp(&a.spend_fen)
            .then(b.members.cmp(&a.members))
    });
    Ok((rows, community))
}
