//! 提前准备: 30, 14 and 7 days before each festival worth a campaign and each
//! campaign, and two weeks before the member day, what to get ready — theme and
//! goal first, then the materials (poster, invite codes, phrases), then the warm-up
//! and the checklist. 概览 shows what is due; the calendar can list the dates.

use chrono::{Datelike, Days, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{Entry, EntryKind, festivals};
use crate::campaigns;
use crate::error::Result;
use crate::store::Store;

/// Days before the day at which each stage starts.
pub const PREP_DAYS: [u32; 3] = [30, 14, 7];

/// Two weeks of warm-up before a member day.
const MEMBER_DAY_WARM_UP: u32 = 14;

/// Where the preparation should be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum PrepStage {
    /// 30 days out: theme, goal, offers.
    Plan,
    /// 14 days out: poster, invite codes, phrases.
    Materials,
    /// 7 days out (and a member day's two weeks): warm up the groups, run the checklist.
    WarmUp,
}

impl PrepStage {
    /// The stage `days_before` a day of `kind`: a member day has only its warm-up.
    fn at(kind: PrepFor, days_before: u32) -> PrepStage {
        if kind == PrepFor::MemberDay {
            return PrepStage::WarmUp;
        }
        match days_before {
            d if d > 14 => PrepStage::Plan,
            d if d > 7 => PrepStage::Materials,
            _ => PrepStage::WarmUp,
        }
    }

    /// What to do at this stage, as 概览 lists it.
    pub fn todo(self) -> &'static str {
        match self {
            PrepStage::Plan => "定主题、目标和主打优惠",
            PrepStage::Materials => "做海报，备好邀请码和群里要发的话术",
            PrepStage::WarmUp => "开始在群里预热，把活动清单派给店员",
        }
    }
}

/// What a day to prepare for is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum PrepFor {
    Festival,
    Campaign,
    MemberDay,
}

/// A festival, campaign or member day coming up, and what should be ready by now.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Upcoming {
    #[ts(type = "string")]
    pub date: NaiveDate,
    pub name: String,
    pub kind: PrepFor,
    pub days_to_go: u32,
    pub stage: PrepStage,
    pub todo: String,
    /// The campaign it is (a campaign), or the one already planned for it (a
    /// festival or member day whose campaign names it or starts near it).
    #[ts(type = "number | null")]
    pub campaign_id: Option<i64>,
}

/// A day to prepare for.
struct Target {
    date: NaiveDate,
    name: String,
    kind: PrepFor,
    campaign_id: Option<i64>,
}

/// Festivals worth a campaign, campaigns and member days on `from..=to`.
fn targets(
    store: &Store,
    from: NaiveDate,
    to: NaiveDate,
    member_day: Option<u32>,
) -> Result<Vec<Target>> {
    let spans = campaigns::spans(store, from - Days::new(60), to + Days::new(60))?;
    let planned_for = |name: &str, date: NaiveDate| {
        spans
            .iter()
            .find(|s| {
                (s.festival == name || s.name.contains(name))
                    && s.start <= date + Days::new(7)
                    && s.end + Days::new(7) >= date
            })
            .map(|s| s.id)
    };
    let mut list: Vec<Target> = (from.year()..=to.year())
        .flat_map(festivals::festivals)
        .filter(|f| f.plan && (from..=to).contains(&f.date))
        .map(|f| Target {
            date: f.date,
            name: f.name.to_owned(),
            kind: PrepFor::Festival,
            campaign_id: planned_for(f.name, f.date),
        })
        .collect();
    list.extend(
        spans
            .iter()
            .filter(|s| (from..=to).contains(&s.start))
            .map(|s| Target {
                date: s.start,
                name: s.name.clone(),
                kind: PrepFor::Campaign,
                campaign_id: Some(s.id),
            }),
    );
    if let Some(day) = member_day {
        list.extend(
            festivals::member_days(day, from, to)
                .into_iter()
                .map(|date| Target {
                    date,
                    name: "会员日".to_owned(),
                    kind: PrepFor::MemberDay,
                    campaign_id: spans
                        .iter()
                        .find(|s| s.start <= date && date <= s.end)
                        .map(|s| s.id),
                }),
        );
    }
    list.sort_by_key(|t| t.date);
    Ok(list)
}

fn prep_days(kind: PrepFor) -> &'static [u32] {
    match kind {
        PrepFor::MemberDay => &[MEMBER_DAY_WARM_UP],
        _ => &PREP_DAYS,
    }
}

/// The prep days falling in `from..=to`.
pub(super) fn entries(
    store: &Store,
    from: NaiveDate,
    to: NaiveDate,
    member_day: Option<u32>,
) -> Result<Vec<Entry>> {
    let mut list = Vec::new();
    for t in targets(store, from, to + Days::new(30), member_day)? {
        for &before in prep_days(t.kind) {
            let date = t.date - Days::new(u64::from(before));
            if (from..=to).contains(&date) {
                let mut e = Entry::new(
                    date,
                    EntryKind::Prep,
                    format!(
                        "{}还有 {before} 天：{}",
                        t.name,
                        PrepStage::at(t.kind, before).todo()
                    ),
                );
                e.for_date = Some(t.date);
                e.days_before = Some(before);
                e.id = t.campaign_id;
                list.push(e);
            }
        }
    }
    Ok(list)
}

/// What is coming in the next 30 days and what should be ready for it, nearest first.
pub fn upcoming(store: &Store, today: NaiveDate) -> Result<Vec<Upcoming>> {
    let horizon = today + Days::new(u64::from(PREP_DAYS[0]));
    let member_day = crate::shop::member_day(store)?;
    Ok(targets(store, today, horizon, member_day)?
        .into_iter()
        .filter_map(|t| {
            let days_to_go = u32::try_from((t.date - today).num_days()).ok()?;
            // A member day shows from its warm-up on.
            if t.kind == PrepFor::MemberDay && days_to_go > MEMBER_DAY_WARM_UP {
                return None;
            }
            let stage = PrepStage::at(t.kind, days_to_go);
            Some(Upcoming {
                date: t.date,
                name: t.name,
                kind: t.kind,
                days_to_go,
                stage,
                todo: stage.todo().to_owned(),
                campaign_id: t.campaign_id,
            })
        })
        .collect())
}
