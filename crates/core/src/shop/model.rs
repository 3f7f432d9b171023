use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The shop's profile and brand kit: what every printed card, poster and report
/// carries. Serialised as-is by `shequn shop show --json` (a contract: extend, never
/// change a field's meaning).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ShopProfile {
    /// Empty until the owner fills in 设置 for the first time.
    pub name: String,
    pub slogan: String,
    pub address: String,
    pub phone: String,
    /// Default group or contact link (http/https URL) for invites.
    pub link: String,
    /// Absolute path of the stored logo (PNG, at most 1024 px a side), if any.
    pub logo: Option<String>,
    /// Brand colours as `#RRGGBB`.
    pub primary: String,
    pub accent: String,
    pub rules: BusinessRules,
    /// When the profile was last saved (ISO-8601, local time with offset).
    pub updated_at: Option<String>,
}

/// Business rules the modules read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BusinessRules {
    pub tiers: TierThresholds,
    /// Days without a purchase after which a member counts as dormant (沉睡).
    pub dormant_days: u32,
    /// Points earned per whole yuan spent.
    pub points_per_yuan: u32,
    /// Yearly spend (fen) from which a member is tagged 高价值.
    #[ts(type = "number")]
    pub high_value_fen: i64,
    /// Earned points lapse this many months after they were earned; 0 = never.
    pub points_expiry_months: u32,
    /// Points for the member who brought a new member in, when the new member joins.
    pub referral_points_referrer: u32,
    /// Points for the new member who was brought in, when they join.
    pub referral_points_referee: u32,
    /// When referral points are given: when the new member joins, or at their first
    /// purchase.
    pub referral_points_on: ReferralTrigger,
    /// What 100 points are worth when redeemed, in fen (100 = ¥1.00): the reports
    /// show the points still owed as money (积分负债) at this value.
    pub point_value_fen_per_100: u32,
    /// 会员日: this day of every month (1–31; a month with fewer days keeps it on its
    /// last day), or none.
    #[serde(default)]
    pub member_day: Option<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ReferralTrigger {
    Join,
    FirstPurchase,
}

impl ReferralTrigger {
    pub fn as_str(self) -> &'static str {
        match self {
            ReferralTrigger::Join => "join",
            ReferralTrigger::FirstPurchase => "first_purchase",
        }
    }
}

/// Yearly spend (last 12 months) needed for each member tier, in fen (分).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TierThresholds {
    /// 铜牌
    #[ts(type = "number")]
    pub bronze_fen: i64,
    /// 银牌
    #[ts(type = "number")]
    pub silver_fen: i64,
    /// 金牌
    #[ts(type = "number")]
    pub gold_fen: i64,
    /// 钻石
    #[ts(type = "number")]
    pub diamond_fen: i64,
}

impl Default for BusinessRules {
    /// The figures from the shop playbook: 铜 ¥5,000 / 银 ¥20,000 / 金 ¥50,000 /
    /// 钻石 ¥100,000, dormant after 60 days, 1 point per yuan; 高价值 from ¥10,000 a
    /// year; points never expire; no referral points until the shop sets them; 100
    /// points redeem for ¥1 (the usual counter rate).
    fn default() -> Self {
        BusinessRules {
            tiers: TierThresholds {
                bronze_fen: 500_000,
                silver_fen: 2_000_000,
                gold_fen: 5_000_000,
                diamond_fen: 10_000_000,
            },
            dormant_days: 60,
            points_per_yuan: 1,
            high_value_fen: 1_000_000,
            points_expiry_months: 0,
            referral_points_referrer: 0,
            referral_points_referee: 0,
            referral_points_on: ReferralTrigger::Join,
            point_value_fen_per_100: 100,
            member_day: None,
        }
    }
}

/// A change to the profile: fields left `None` keep their saved value. The UI sends
/// every field; the CLI only those given on the command line.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ShopUpdate {
    #[ts(optional)]
    pub name: Option<String>,
    #[ts(optional)]
    pub slogan: Option<String>,
    #[ts(optional)]
    pub address: Option<String>,
    #[ts(optional)]
    pub phone: Option<String>,
    #[ts(optional)]
    pub link: Option<String>,
    #[ts(optional)]
    pub primary: Option<String>,
    #[ts(optional)]
    pub accent: Option<String>,
    #[ts(optional)]
    pub rules: Option<BusinessRules>,
}
