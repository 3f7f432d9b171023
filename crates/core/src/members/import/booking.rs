//! On which days an imported spend figure lands in the purchase ledger.
//!
//! The tier counts spend over the rolling 12 months and the dormant list looks at the
//! last purchase, so the day matters as much as the amount:
//! - 近12个月消费 is booked on the row's last purchase day (or the import day when the
//!   file has no such column): the file says it counts now.
//! - the rest of 累计消费 (lifetime minus the last 12 months) is booked the day before
//!   the 12 months ending today (or on the last purchase when that is older), so it
//!   never makes a tier.
//! - a file with only 累计消费 books it on the day the owner chose: the row's last
//!   purchase day (falling back to its join day), its join day, or one fixed day.
//!   Never silently the import day: a row with neither date joins today, and the
//!   preview counts those rows separately.

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::check::Candidate;
use crate::members::model::TierCounts;
use crate::members::refresh::window_start;

/// Which day a lifetime-only spend figure is booked on.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(tag = "kind", content = "date", rename_all = "snake_case")]
#[ts(export)]
pub enum SpendDate {
    /// The row's last purchase day; its join day when the row has none.
    #[default]
    Last,
    /// The row's join day.
    Joined,
    /// One day for every row, `YYYY-MM-DD`.
    On(String),
}

impl SpendDate {
    /// `joined`, `last` or `YYYY-MM-DD`, as the CLI takes it.
    pub fn parse(text: &str) -> Result<SpendDate, String> {
        match text.trim() {
            "last" | "最近消费" => Ok(SpendDate::Last),
            "joined" | "入会" => Ok(SpendDate::Joined),
            other => NaiveDate::parse_from_str(other, "%Y-%m-%d")
                .map(|d| SpendDate::On(d.to_string()))
                .map_err(|_| {
                    format!("“{other}”看不懂：请写 joined（入会日期）、last（最近消费日期）或 2025-06-30 这样的日期")
                }),
        }
    }

    /// The fixed day, checked: not after today.
    pub(super) fn fixed_day(&self, today: NaiveDate) -> Result<Option<NaiveDate>, String> {
        match self {
            SpendDate::On(text) => match NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d") {
                Ok(d) if d <= today => Ok(Some(d)),
                Ok(_) => Err(format!("累计消费记账日期 {text} 晚于今天")),
                Err(_) => Err(format!("累计消费记账日期“{text}”看不懂，请写成 2025-06-30")),
            },
            _ => Ok(None),
        }
    }
}

/// Which day a row's spend went on, for the preview.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Basis {
    Last,
    Joined,
    Fixed,
    Today,
}

/// What the preview shows about booking spend: how many rows went on which kind of
/// day, and the tiers the file's members end up in.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SpendBooking {
    /// The choice in force for lifetime-only figures.
    pub spend_date: SpendDate,
    /// Whether the file has a 近12个月消费 column (then the choice does not apply to it).
    pub has_recent: bool,
    /// Rows booked on their last purchase day.
    pub on_last: u32,
    /// Rows booked on their join day.
    pub on_joined: u32,
    /// Rows booked on the fixed day.
    pub on_fixed: u32,
    /// Rows with no date to go by, booked on the import day (they join today).
    pub on_today: u32,
    /// Tiers of the file's members after the import.
    pub tiers: TierCounts,
    /// All of the above as sentences for the owner.
    pub summary: String,
}

impl SpendBooking {
    /// Fills `summary` from the counts.
    pub(super) fn summarise(&mut self) {
        let mut days = Vec::new();
        let fixed = match &self.spend_date {
            SpendDate::On(d) => d.clone(),
            _ => String::new(),
        };
        for (n, what) in [
            (self.on_last, "记在各自的最近消费日期".to_owned()),
            (self.on_joined, "记在各自的入会日期".to_owned()),
            (self.on_fixed, format!("记在 {fixed}")),
            (
                self.on_today,
                "没有日期可依，记在今天（今天入会）".to_owned(),
            ),
        ] {
            if n > 0 {
                days.push(format!("{n} 位{what}"));
            }
        }
        let what = if self.has_recent {
            "近12个月消费计入等级，其余累计消费记在一年以前"
        } else {
            "累计消费"
        };
        let t = &self.tiers;
        let mut tiers = Vec::new();
        for (n, label) in [
            (t.diamond, "钻石"),
            (t.gold, "金牌"),
            (t.silver, "银牌"),
            (t.bronze, "铜牌"),
            (t.none, "普通"),
        ] {
            if n > 0 {
                tiers.push(format!("{label} {n} 位"));
            }
        }
        self.summary = format!(
            "{what}：{}。导入后这些会员的等级：{}。",
            if days.is_empty() {
                "没有要记的消费".to_owned()
            } else {
                days.join("，")
            },
            if tiers.is_empty() {
                "无".to_owned()
            } else {
                tiers.join("，")
            }
        );
    }

    pub(super) fn count(&mut self, basis: Basis) {
        match basis {
            Basis::Last => self.on_last += 1,
            Basis::Joined => self.on_joined += 1,
            Basis::Fixed => self.on_fixed += 1,
            Basis::Today => self.on_today += 1,
        }
    }
}

/// The imported purchases a row stands for: (day, fen), positive amounts only.
pub(super) struct Booked {
    pub entries: Vec<(NaiveDate, i64)>,
    pub basis: Basis,
}

impl Booked {
    /// Spend inside the rolling 12 months ending `today`.
    pub fn in_window(&self, today: NaiveDate) -> i64 {
        let start = window_start(today);
        self.entries
            .iter()
            .filter(|(d, _)| *d >= start && *d <= today)
            .map(|(_, fen)| fen)
            .sum()
    }

    pub fn last_day(&self) -> Option<NaiveDate> {
        self.entries.iter().map(|(d, _)| *d).max()
    }
}

/// The entries for a row's spend figures; `None` when the row has none.
pub(super) fn book(
    c: &Candidate,
    choice: &SpendDate,
    fixed: Option<NaiveDate>,
    today: NaiveDate,
) -> Option<Booked> {
    if !c.has_spend() {
        return None;
    }
    let joined_or_today = || match c.joined_on {
        Some(day) => (day, Basis::Joined),
        None => (today, Basis::Today),
    };
    let (day, basis) = if c.spend_12m_fen.is_some() {
        match c.last_purchase {
            Some(day) => (day, Basis::Last),
            None => (today, Basis::Today),
        }
    } else {
        match (choice, fixed, c.last_purchase) {
            (SpendDate::On(_), Some(day), _) => (day, Basis::Fixed),
            (SpendDate::Last, _, Some(day)) => (day, Basis::Last),
            _ => joined_or_today(),
        }
    };
    let mut entries = Vec::new();
    let recent = c.spend_12m_fen.unwrap_or(0);
    if recent > 0 {
        entries.push((day, recent));
    }
    let older = match (c.spend_fen, c.spend_12m_fen) {
        (Some(lifetime), Some(recent)) => lifetime - recent,
        (Some(lifetime), None) => {
            if lifetime > 0 {
                entries.push((day, lifetime));
            }
            0
        }
        _ => 0,
    };
    if older > 0 {
        // Outside the 12 months ending today: the day before them, or the last
        // purchase itself when that is older still.
        let before_window = window_start(today) - Days::new(1);
        entries.push((day.min(before_window), older));
    }
    entries.sort();
    Some(Booked { entries, basis })
}
