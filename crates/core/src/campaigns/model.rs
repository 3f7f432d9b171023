//! What a campaign is: its kind, its SMART goal (one metric, a target, its dates),
//! and what the owner links to it.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What kind of campaign (活动类型); the names are the CLI's `--kind`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum CampaignKind {
    Festival,
    MemberDay,
    Launch,
    FlashSale,
    Live,
    Referral,
    Other,
}

impl CampaignKind {
    pub const ALL: [CampaignKind; 7] = [
        CampaignKind::Festival,
        CampaignKind::MemberDay,
        CampaignKind::Launch,
        CampaignKind::FlashSale,
        CampaignKind::Live,
        CampaignKind::Referral,
        CampaignKind::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CampaignKind::Festival => "festival",
            CampaignKind::MemberDay => "member_day",
            CampaignKind::Launch => "launch",
            CampaignKind::FlashSale => "flash_sale",
            CampaignKind::Live => "live",
            CampaignKind::Referral => "referral",
            CampaignKind::Other => "other",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            CampaignKind::Festival => "节日",
            CampaignKind::MemberDay => "会员日",
            CampaignKind::Launch => "新品/爆款日",
            CampaignKind::FlashSale => "限时特惠",
            CampaignKind::Live => "直播",
            CampaignKind::Referral => "老带新",
            CampaignKind::Other => "其他",
        }
    }

    pub fn parse(text: &str) -> Option<CampaignKind> {
        CampaignKind::ALL
            .into_iter()
            .find(|k| k.as_str() == text.trim() || k.label() == text.trim())
    }

    /// The checklist a campaign of this kind starts (training's template key):
    /// T-7…D for a launch day, the six steps for a festival, warm-up and after-glow
    /// for a member day.
    pub fn checklist_key(self) -> Option<&'static str> {
        match self {
            CampaignKind::Launch => Some("launch-day"),
            CampaignKind::Festival => Some("festival"),
            CampaignKind::MemberDay => Some("member-day"),
            _ => None,
        }
    }
}

/// The one figure a campaign's goal is measured by; the names are the CLI's `--goal`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum GoalMetric {
    /// Counted purchases (voids removed) dated within the campaign, all members, in fen.
    Sales,
    /// Members who joined within the dates (through a linked channel, when any is linked).
    NewMembers,
    /// Codes of the linked channels redeemed within the dates.
    Redemptions,
    /// Members who joined within the dates with a referrer.
    Referrals,
    /// Distinct members with a counted purchase within the dates.
    Buyers,
}

impl GoalMetric {
    pub const ALL: [GoalMetric; 5] = [
        GoalMetric::Sales,
        GoalMetric::NewMembers,
        GoalMetric::Redemptions,
        GoalMetric::Referrals,
        GoalMetric::Buyers,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            GoalMetric::Sales => "sales",
            GoalMetric::NewMembers => "new_members",
            GoalMetric::Redemptions => "redemptions",
            GoalMetric::Referrals => "referrals",
            GoalMetric::Buyers => "buyers",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            GoalMetric::Sales => "销售额",
            GoalMetric::NewMembers => "新会员",
            GoalMetric::Redemptions => "核销数",
            GoalMetric::Referrals => "老带新人数",
            GoalMetric::Buyers => "到店消费会员数",
        }
    }

    /// What one of it is called after a number: 人, 张; sales are money.
    pub fn unit(self) -> &'static str {
        match self {
            GoalMetric::Sales => "元",
            GoalMetric::Redemptions => "张",
            _ => "人",
        }
    }

    pub fn parse(text: &str) -> Option<GoalMetric> {
        GoalMetric::ALL
            .into_iter()
            .find(|m| m.as_str() == text.trim() || m.label() == text.trim())
    }
}

/// A campaign as the owner types it in the window or on the command line.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CampaignInput {
    pub name: String,
    /// A [`CampaignKind`] name.
    pub kind: String,
    /// The festival it is planned for ('' for none).
    #[serde(default)]
    pub festival: String,
    /// `YYYY-MM-DD`.
    pub start: String,
    pub end: String,
    #[serde(default)]
    pub lure: String,
    #[serde(default)]
    pub rules: String,
    /// A [`GoalMetric`] name.
    pub metric: String,
    /// In yuan for sales (`5000`, `5000.50`), a whole number otherwise.
    pub target: String,
    #[serde(default)]
    #[ts(type = "number[]")]
    pub channels: Vec<i64>,
    #[serde(default)]
    #[ts(type = "number[]")]
    pub posters: Vec<i64>,
    #[serde(default)]
    #[ts(type = "number[]")]
    pub phrases: Vec<i64>,
}

/// The goal: one metric and its target (fen for sales).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Goal {
    pub metric: GoalMetric,
    #[ts(type = "number")]
    pub target: i64,
}

/// Where a campaign stands against today.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum CampaignStatus {
    Planned,
    Running,
    Ended,
}

impl CampaignStatus {
    pub const ALL: [CampaignStatus; 3] = [
        CampaignStatus::Planned,
        CampaignStatus::Running,
        CampaignStatus::Ended,
    ];

    pub fn of(start: NaiveDate, end: NaiveDate, today: NaiveDate) -> CampaignStatus {
        if today < start {
            CampaignStatus::Planned
        } else if today <= end {
            CampaignStatus::Running
        } else {
            CampaignStatus::Ended
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            CampaignStatus::Planned => "未开始",
            CampaignStatus::Running => "进行中",
            CampaignStatus::Ended => "已结束",
        }
    }
}

/// Every goal figure of a campaign's dates, whichever one is its goal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct GoalFigures {
    #[ts(type = "number")]
    pub sales: i64,
    #[ts(type = "number")]
    pub new_members: i64,
    #[ts(type = "number")]
    pub redemptions: i64,
    #[ts(type = "number")]
    pub referrals: i64,
    #[ts(type = "number")]
    pub buyers: i64,
}

impl GoalFigures {
    pub fn get(&self, metric: GoalMetric) -> i64 {
        match metric {
            GoalMetric::Sales => self.sales,
            GoalMetric::NewMembers => self.new_members,
            GoalMetric::Redemptions => self.redemptions,
            GoalMetric::Referrals => self.referrals,
            GoalMetric::Buyers => self.buyers,
        }
    }
}

/// One day of a campaign: the goal metric's value that day and the running total.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct GoalDay {
    #[ts(type = "string")]
    pub date: NaiveDate,
    #[ts(type = "number")]
    pub value: i64,
    #[ts(type = "number")]
    pub total: i64,
}

/// The figures as they stood when the review froze them: every metric, in all and
/// day by day, so that a goal changed afterwards still reads its own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Frozen {
    pub figures: GoalFigures,
    pub days: Vec<(NaiveDate, GoalFigures)>,
}

/// 复盘: what worked, what did not, and when it was written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Review {
    pub worked: String,
    pub missed: String,
    pub reviewed_at: String,
}

/// A campaign with its goal's progress. `shequn campaigns show --json` prints this;
/// its first fields are a contract (`id`, `name`, `kind`, `start`, `end`, `goal`,
/// `actual`, `progress`, `status`; money in fen).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Campaign {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub kind: CampaignKind,
    #[ts(type = "string")]
    pub start: NaiveDate,
    #[ts(type = "string")]
    pub end: NaiveDate,
    pub goal: Goal,
    /// The goal metric's figure over the dates (up to today while it runs); frozen
    /// once reviewed.
    #[ts(type = "number")]
    pub actual: i64,
    /// `actual ÷ target`, may exceed 1.
    pub progress: f64,
    pub status: CampaignStatus,
    pub festival: String,
    pub lure: String,
    pub rules: String,
    #[ts(type = "number[]")]
    pub channels: Vec<i64>,
    #[ts(type = "number[]")]
    pub posters: Vec<i64>,
    #[ts(type = "number[]")]
    pub phrases: Vec<i64>,
    #[ts(type = "number | null")]
    pub checklist_run_id: Option<i64>,
    /// Every goal figure over the dates.
    pub figures: GoalFigures,
    /// The goal metric day by day, from the first day up to today or the end.
    pub days: Vec<GoalDay>,
    /// Days from today to the end, today included (0 once ended).
    pub days_left: u32,
    /// What each remaining day must bring to make the target (0 once made);
    /// `None` once ended.
    pub pace_needed: Option<f64>,
    pub review: Option<Review>,
}
