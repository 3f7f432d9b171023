use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The lifecycle stage of a group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum GroupStage {
    #[default]
    Build,
    Active,
    Fission,
    Convert,
    Maintain,
}

impl GroupStage {
    pub const ALL: [GroupStage; 5] = [
        GroupStage::Build,
        GroupStage::Active,
        GroupStage::Fission,
        GroupStage::Convert,
        GroupStage::Maintain,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            GroupStage::Build => "build",
            GroupStage::Active => "active",
            GroupStage::Fission => "fission",
            GroupStage::Convert => "convert",
            GroupStage::Maintain => "maintain",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "build" => GroupStage::Build,
            "active" => GroupStage::Active,
            "fission" => GroupStage::Fission,
            "convert" => GroupStage::Convert,
            "maintain" => GroupStage::Maintain,
            _ => return None,
        })
    }

    pub fn label(self) -> &'static str {
        match self {
            GroupStage::Build => "建群",
            GroupStage::Active => "活跃",
            GroupStage::Fission => "裂变",
            GroupStage::Convert => "转化",
            GroupStage::Maintain => "维护",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum EntryRule {
    #[default]
    Free,
    Approval,
    Paid,
    Task,
}

impl EntryRule {
    pub const ALL: [EntryRule; 4] = [
        EntryRule::Free,
        EntryRule::Approval,
        EntryRule::Paid,
        EntryRule::Task,
    ];

    /// How the window names it.
    pub fn label(self) -> &'static str {
        match self {
            EntryRule::Free => "自由进群",
            EntryRule::Approval => "需审核",
            EntryRule::Paid => "付费进群",
            EntryRule::Task => "完成任务进群",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            EntryRule::Free => "free",
            EntryRule::Approval => "approval",
            EntryRule::Paid => "paid",
            EntryRule::Task => "task",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "free" => EntryRule::Free,
            "approval" => EntryRule::Approval,
            "paid" => EntryRule::Paid,
            "task" => EntryRule::Task,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Platform {
    #[default]
    Wechat,
    Wecom,
}

impl Platform {
    pub const ALL: [Platform; 2] = [Platform::Wechat, Platform::Wecom];

    /// How the window names it.
    pub fn label(self) -> &'static str {
        match self {
            Platform::Wechat => "微信群",
            Platform::Wecom => "企业微信群",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Platform::Wechat => "wechat",
            Platform::Wecom => "wecom",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "wechat" => Platform::Wechat,
            "wecom" => Platform::Wecom,
            _ => return None,
        })
    }
}

/// The group types the playbook names; a shop may use its own word too.
pub const GROUP_KINDS: [&str; 4] = ["活动群", "服务群", "销售群", "核心群"];

/// A new group, as the form or the CLI gives it.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct NewGroup {
    pub name: String,
    pub kind: String,
    #[ts(optional)]
    pub platform: Option<Platform>,
    #[ts(optional)]
    pub capacity: Option<u32>,
    #[ts(optional)]
    pub size: Option<u32>,
    #[ts(optional)]
    pub owner: Option<String>,
    #[ts(optional)]
    pub admins: Option<String>,
    #[ts(optional)]
    pub stage: Option<GroupStage>,
    #[ts(optional)]
    pub entry_rule: Option<EntryRule>,
    #[ts(optional)]
    pub link: Option<String>,
    /// A screenshot of the group's QR code; its link is read from it.
    #[ts(optional)]
    pub qr_image: Option<String>,
    /// `YYYY-MM-DD` the QR code was made; today when a QR is given without it.
    #[ts(optional)]
    pub qr_made_on: Option<String>,
    #[ts(optional)]
    pub notes: Option<String>,
}

/// Where a group's join QR stands today.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "state", rename_all = "snake_case")]
#[ts(export)]
pub enum QrStatus {
    /// No link, or a link that does not expire (a WeCom contact link, say).
    NoExpiry,
    Valid {
        expires_on: String,
        #[ts(type = "number")]
        days_left: i64,
    },
    /// Two days or less left: time to make a new code in WeChat.
    ExpiresSoon {
        expires_on: String,
        #[ts(type = "number")]
        days_left: i64,
    },
    Expired {
        expires_on: String,
    },
}

impl QrStatus {
    /// The warning to show, if any.
    pub fn warning(&self) -> Option<String> {
        match self {
            QrStatus::ExpiresSoon {
                expires_on,
                days_left,
            } => Some(format!(
                "群二维码还有 {days_left} 天过期（{expires_on}）：请在微信里重新生成并更新"
            )),
            QrStatus::Expired { expires_on } => Some(format!(
                "群二维码已于 {expires_on} 过期，扫了进不了群：请在微信里重新生成并更新"
            )),
            _ => None,
        }
    }

    pub fn is_expired(&self) -> bool {
        matches!(self, QrStatus::Expired { .. })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct GroupView {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub kind: String,
    pub platform: Platform,
    pub capacity: u32,
    pub size: u32,
    pub seats_left: u32,
    /// 10 % of the seats or fewer left.
    pub near_capacity: bool,
    pub owner: String,
    pub admins: String,
    pub stage: GroupStage,
    pub entry_rule: EntryRule,
    pub link: String,
    pub qr_made_on: Option<String>,
    pub qr: QrStatus,
    pub notes: String,
    /// Members recorded in this group.
    pub members: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ChannelKind {
    Counter,
    Receipt,
    Bag,
    Partner,
    Referral,
    Online,
}

impl ChannelKind {
    pub const ALL: [ChannelKind; 6] = [
        ChannelKind::Counter,
        ChannelKind::Receipt,
        ChannelKind::Bag,
        ChannelKind::Partner,
        ChannelKind::Referral,
        ChannelKind::Online,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ChannelKind::Counter => "counter",
            ChannelKind::Receipt => "receipt",
            ChannelKind::Bag => "bag",
            ChannelKind::Partner => "partner",
            ChannelKind::Referral => "referral",
            ChannelKind::Online => "online",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            ChannelKind::Counter => "收银台立牌",
            ChannelKind::Receipt => "购物小票",
            ChannelKind::Bag => "包装袋",
            ChannelKind::Partner => "合作商家",
            ChannelKind::Referral => "老带新",
            ChannelKind::Online => "朋友圈/公众号/短视频",
        }
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct NewChannel {
    pub name: String,
    #[ts(optional)]
    pub kind: Option<ChannelKind>,
    /// The target: a group's join link or a staff / WeCom contact link.
    #[ts(optional)]
    pub link: Option<String>,
    /// Take the link (and its expiry) from this group.
    #[ts(optional, type = "number")]
    pub group_id: Option<i64>,
    #[ts(optional)]
    pub headline: Option<String>,
    #[ts(optional)]
    pub gift: Option<String>,
    #[ts(optional)]
    pub partner: Option<String>,
    /// `YYYY-MM-DD`: codes are accepted up to and including this day.
    #[ts(optional)]
    pub valid_until: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ChannelView {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub kind: ChannelKind,
    pub link: String,
    #[ts(type = "number | null")]
    pub group_id: Option<i64>,
    pub headline: String,
    pub gift: String,
    pub partner: String,
    pub active: bool,
    pub valid_until: Option<String>,
    /// The linked group's QR state (NoExpiry without a group).
    pub qr: QrStatus,
    pub codes: u32,
    pub unprinted: u32,
    pub redeemed: u32,
    /// Out of the lists and the print dialog; its codes still redeem.
    pub archived: bool,
}

/// One invite code and where its card's QR points.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct InviteCode {
    pub code: String,
    pub link: String,
}

/// What the counter shows after a code is taken.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Redemption {
    pub code: String,
    pub member_phone: String,
    pub member_name: String,
    #[ts(type = "number")]
    pub member_id: i64,
    /// True when the member was created by this redemption.
    pub new_member: bool,
    /// True when the member had left and came back through this code.
    pub returned: bool,
    /// The channel's name.
    pub channel: String,
    pub referrer_phone: Option<String>,
    pub referrer_name: Option<String>,
    /// Points the referrer got for this member (0 when none, or not yet).
    pub referrer_points: u32,
    pub gift: String,
    /// Who was at the counter.
    pub staff: String,
}

/// One line of the redemption log (核销记录). `shequn invites redemptions --json`
/// prints these (a contract: extend, never change a field's meaning).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RedemptionRecord {
    #[ts(type = "number")]
    pub id: i64,
    pub code: String,
    /// The channel's name (kept after the channel is deleted).
    pub channel: String,
    #[ts(type = "number | null")]
    pub channel_id: Option<i64>,
    /// Masked unless asked otherwise; empty once the member's data was deleted.
    pub member_phone: String,
    pub member_name: String,
    pub new_member: bool,
    pub gift: String,
    /// Whose 老带新 code it was (masked like the member's phone).
    pub referrer_phone: Option<String>,
    pub referrer_name: Option<String>,
    /// Who was at the counter.
    pub staff: String,
    /// `YYYY-MM-DDTHH:MM:SS+08:00`.
    pub redeemed_at: String,
}

/// Which redemptions to list: days inclusive, a channel.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RedemptionQuery {
    /// `YYYY-MM-DD`, inclusive.
    #[ts(optional)]
    pub from: Option<String>,
    /// `YYYY-MM-DD`, inclusive.
    #[ts(optional)]
    pub to: Option<String>,
    #[ts(optional, type = "number")]
    pub channel_id: Option<i64>,
    /// Full phone numbers instead of masked ones.
    #[serde(default)]
    pub unmask: bool,
}
