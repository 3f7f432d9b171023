use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::shop::TierThresholds;

/// Member tiers by spend over the last 12 months (rolling).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum Tier {
    None,
    Bronze,
    Silver,
    Gold,
    Diamond,
}

impl Tier {
    pub const ALL: [Tier; 5] = [
        Tier::None,
        Tier::Bronze,
        Tier::Silver,
        Tier::Gold,
        Tier::Diamond,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Tier::None => "none",
            Tier::Bronze => "bronze",
            Tier::Silver => "silver",
            Tier::Gold => "gold",
            Tier::Diamond => "diamond",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Tier::None => "普通",
            Tier::Bronze => "铜牌",
            Tier::Silver => "银牌",
            Tier::Gold => "金牌",
            Tier::Diamond => "钻石",
        }
    }

    /// Accepts `bronze` as well as `铜牌` / `铜`.
    pub fn parse(text: &str) -> Option<Tier> {
        let text = text.trim();
        Tier::ALL.into_iter().find(|t| {
            text.eq_ignore_ascii_case(t.as_str())
                || text == t.label()
                || (text.chars().count() == 1 && t.label().starts_with(text))
        })
    }

    /// Spend at which this tier starts (0 for 普通).
    pub fn threshold(self, t: &TierThresholds) -> i64 {
        match self {
            Tier::None => 0,
            Tier::Bronze => t.bronze_fen,
            Tier::Silver => t.silver_fen,
            Tier::Gold => t.gold_fen,
            Tier::Diamond => t.diamond_fen,
        }
    }

    /// The tier `spend_fen` reaches: a threshold met exactly counts.
    pub fn for_spend(spend_fen: i64, t: &TierThresholds) -> Tier {
        Tier::ALL
            .into_iter()
            .rev()
            .find(|tier| *tier == Tier::None || spend_fen >= tier.threshold(t))
            .unwrap_or(Tier::None)
    }

    /// The next tier up and how much more spend reaches it.
    pub fn next(spend_fen: i64, t: &TierThresholds) -> Option<NextTier> {
        let current = Tier::for_spend(spend_fen, t);
        let next = Tier::ALL.into_iter().find(|tier| *tier > current)?;
        Some(NextTier {
            tier: next,
            remaining_fen: next.threshold(t) - spend_fen,
        })
    }
}

/// How many members sit in each tier.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TierCounts {
    pub none: u32,
    pub bronze: u32,
    pub silver: u32,
    pub gold: u32,
    pub diamond: u32,
}

impl TierCounts {
    pub fn get(&self, tier: Tier) -> u32 {
        match tier {
            Tier::None => self.none,
            Tier::Bronze => self.bronze,
            Tier::Silver => self.silver,
            Tier::Gold => self.gold,
            Tier::Diamond => self.diamond,
        }
    }

    pub fn add(&mut self, tier: Tier) {
        let slot = match tier {
            Tier::None => &mut self.none,
            Tier::Bronze => &mut self.bronze,
            Tier::Silver => &mut self.silver,
            Tier::Gold => &mut self.gold,
            Tier::Diamond => &mut self.diamond,
        };
        *slot += 1;
    }
}

/// "再消费 ¥1,280 升级银牌".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct NextTier {
    pub tier: Tier,
    #[ts(type = "number")]
    pub remaining_fen: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum Gender {
    #[default]
    Unknown,
    Male,
    Female,
}

impl Gender {
    pub fn as_str(self) -> &'static str {
        match self {
            Gender::Unknown => "unknown",
            Gender::Male => "male",
            Gender::Female => "female",
        }
    }

    /// `男`/`女`/`male`/`f`… ; empty is Unknown; anything else is an error that says
    /// what to write (the same words for the app, the CLI and the import).
    pub fn parse(text: &str) -> Result<Gender, String> {
        match text.trim().to_ascii_lowercase().as_str() {
            "" | "unknown" | "未知" | "保密" => Ok(Gender::Unknown),
            "男" | "male" | "m" | "先生" => Ok(Gender::Male),
            "女" | "female" | "f" | "女士" => Ok(Gender::Female),
            _ => Err(format!("性别“{}”看不懂，请填 男 或 女", text.trim())),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum Status {
    #[default]
    Active,
    Left,
    Deleted,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Active => "active",
            Status::Left => "left",
            Status::Deleted => "deleted",
        }
    }

    pub fn parse(text: &str) -> Option<Status> {
        match text {
            "active" => Some(Status::Active),
            "left" => Some(Status::Left),
            "deleted" => Some(Status::Deleted),
            _ => None,
        }
    }
}

/// A birthday: month and day required, year optional, solar or lunar (农历).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Birthday {
    pub month: u32,
    pub day: u32,
    #[ts(optional)]
    pub year: Option<i32>,
    pub lunar: bool,
}

/// Computed tags: never stored, so never stale.
pub const TAG_HIGH_VALUE: &str = "高价值";
pub const TAG_DORMANT: &str = "沉睡";
pub const TAG_BIRTHDAY_THIS_MONTH: &str = "本月生日";
pub const TAG_NEW: &str = "新会员";
pub const COMPUTED_TAGS: [&str; 4] = [
    TAG_HIGH_VALUE,
    TAG_DORMANT,
    TAG_BIRTHDAY_THIS_MONTH,
    TAG_NEW,
];
/// A member counts as new for this many days after joining.
pub const NEW_MEMBER_DAYS: i64 = 30;

/// A member as every front shows it. `shequn members show --json` prints this shape
/// (a contract: extend, never change a field's meaning).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct MemberView {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    /// Normalised 11-digit mobile; empty for a deleted member.
    pub phone: String,
    pub wechat: String,
    pub gender: Gender,
    pub birthday: Option<Birthday>,
    /// This year's birthday as a solar date (a lunar birthday converted).
    pub birthday_this_year: Option<String>,
    pub joined_on: String,
    pub source: String,
    pub referrer_phone: Option<String>,
    pub referrer_name: Option<String>,
    /// How many members this one brought in.
    pub referrals: u32,
    pub notes: String,
    pub status: Status,
    pub left_reason: String,
    pub tier: Tier,
    #[ts(type = "number")]
    pub spend_12m_fen: i64,
    pub next_tier: Option<NextTier>,
    #[ts(type = "number")]
    pub points: i64,
    pub last_purchase_on: Option<String>,
    /// Every tag: the shop's own and the computed ones (高价值, 沉睡, 本月生日, 新会员).
    pub tags: Vec<String>,
    /// Only the tags the shop set by hand.
    pub custom_tags: Vec<String>,
    /// The shop's groups (社群) this member is in.
    pub groups: Vec<MemberGroup>,
}

/// A group a member is in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct MemberGroup {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
}

/// What the owner types to add a member. Text as typed; the book normalises it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct NewMember {
    pub name: String,
    pub phone: String,
    #[ts(optional)]
    pub wechat: Option<String>,
    #[ts(optional)]
    pub gender: Option<Gender>,
    #[ts(optional)]
    pub birthday: Option<Birthday>,
    /// `YYYY-MM-DD`; today when absent.
    #[ts(optional)]
    pub joined_on: Option<String>,
    #[ts(optional)]
    pub source: Option<String>,
    /// The referrer's phone, as typed.
    #[ts(optional)]
    pub referrer_phone: Option<String>,
    #[ts(optional)]
    pub tags: Option<Vec<String>>,
    #[ts(optional)]
    pub notes: Option<String>,
    /// Ids of the groups the member is in. When editing, `None` leaves them as they
    /// are (the CLI and imports do not touch groups); a list replaces them.
    #[ts(optional, type = "Array<number>")]
    pub groups: Option<Vec<i64>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum MemberSort {
    #[default]
    Joined,
    Name,
    Spend,
    Points,
    LastVisit,
}

/// Filters, sort and page for the member list. Everything runs in SQL.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct MemberQuery {
    /// Name substring, pinyin (zs / zhangsan), phone or its last 4 digits.
    #[ts(optional)]
    pub search: Option<String>,
    #[ts(optional)]
    pub tier: Option<Tier>,
    /// A custom tag or a computed one.
    #[ts(optional)]
    pub tag: Option<String>,
    #[serde(default)]
    pub dormant: bool,
    /// Members whose birthday falls in this month (1–12) of this year.
    #[ts(optional)]
    pub birthday_month: Option<u32>,
    /// Members whose next birthday is within this many days from today.
    #[ts(optional)]
    pub birthday_within_days: Option<u32>,
    /// Members whose birthday is kept on this day (a lunar one on its solar date
    /// that year), for the calendar's birthday list.
    #[ts(optional, type = "string")]
    pub birthday_on: Option<chrono::NaiveDate>,
    /// Members who joined within this many days.
    #[ts(optional)]
    pub joined_within_days: Option<u32>,
    /// Members in this group.
    #[ts(optional, type = "number")]
    pub group_id: Option<i64>,
    /// Also list members who left.
    #[serde(default)]
    pub include_left: bool,
    /// Only members who left (the 已离开 list).
    #[serde(default)]
    pub left_only: bool,
    #[serde(default)]
    pub sort: MemberSort,
    #[serde(default)]
    pub descending: bool,
    #[serde(default)]
    pub offset: u32,
    #[ts(optional)]
    pub limit: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct MemberPage {
    pub total: u32,
    pub members: Vec<MemberView>,
}

/// A purchase as typed at the counter: amount in yuan as written, today unless a
/// day is given. See `members::record_typed_purchase`.
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[ts(export)]
pub struct PurchaseInput {
    #[ts(type = "number")]
    pub member_id: i64,
    pub amount: String,
    #[ts(optional)]
    pub date: Option<String>,
    #[ts(optional)]
    pub category: Option<String>,
    #[ts(optional)]
    pub note: Option<String>,
}
