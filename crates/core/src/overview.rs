//! 概览: today's work at a glance — birthdays today and this week, group QR codes
//! about to expire or expired, groups near capacity, dormant members worth a call,
//! and each staff member's SOP progress. Everything is computed for one `now`, so the
//! window shows the new day's facts as soon as the day changes.

use chrono::{DateTime, Local};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::Error;
use crate::invites::{self, GroupView, QrStatus};
use crate::members::{self, MemberQuery, MemberSort, MemberView};
use crate::store::Store;
use crate::training::{self, RunSummary};

/// Dormant members listed on the overview, biggest spenders first.
pub const DORMANT_SHOWN: u32 = 5;

/// What 概览 shows for one day. Each list is what its page handles.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TodayOverview {
    /// The day it is for, `YYYY-MM-DD`.
    pub date: String,
    pub birthdays_today: Vec<MemberView>,
    /// Birthdays in the next 7 days, after today, soonest first.
    pub birthdays_week: Vec<MemberView>,
    /// Groups whose QR expires within two days or has expired.
    pub qr_alerts: Vec<GroupView>,
    /// Groups with a tenth of their seats or fewer left.
    pub near_capacity: Vec<GroupView>,
    /// Dormant members who spent most in the last 12 months.
    pub dormant: Vec<MemberView>,
    pub dormant_total: u32,
    /// Today's SOP per active staff member.
    pub sop: Vec<RunSummary>,
}

pub fn today(store: &Store, now: DateTime<Local>) -> Result<TodayOverview, Error> {
    let today = now.date_naive();
    let list = |q: MemberQuery| members::list(store, &q, today);
    let birthdays_today = list(MemberQuery {
        birthday_within_days: Some(0),
        ..MemberQuery::default()
    })?
    .members;
    let mut birthdays_week: Vec<MemberView> = list(MemberQuery {
        birthday_within_days: Some(7),
        ..MemberQuery::default()
    })?
    .members
    .into_iter()
    .filter(|m| !birthdays_today.iter().any(|t| t.id == m.id))
    .collect();
    birthdays_week.sort_by(|a, b| a.birthday_this_year.cmp(&b.birthday_this_year));
    let dormant = list(MemberQuery {
        dormant: true,
        sort: MemberSort::Spend,
        descending: true,
        limit: Some(DORMANT_SHOWN),
        ..MemberQuery::default()
    })?;
    let groups = invites::groups(store, today)?;
    let qr_alerts = groups
        .iter()
        .filter(|g| {
            matches!(
                g.qr,
                QrStatus::Expired { .. } | QrStatus::ExpiresSoon { .. }
            )
        })
        .cloned()
        .collect();
    let near_capacity = groups.into_iter().filter(|g| g.near_capacity).collect();
    let sop = training::todays_sop(store, now)?
        .into_iter()
        .map(|run| run.summary)
        .collect();
    Ok(TodayOverview {
        date: today.to_string(),
        birthdays_today,
        birthdays_week,
        qr_alerts,
        near_capacity,
        dormant_total: dormant.total,
        dormant: dormant.members,
        sop,
    })
}
