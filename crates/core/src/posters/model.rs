//! Poster templates (one per scene), their fields, sizes and themes, and the content
//! a shop fills in.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum PosterSize {
    /// 1080×1920: phone screens and 朋友圈.
    #[default]
    Phone,
    /// 1080×1080.
    Square,
    A4,
    A5,
}

impl PosterSize {
    pub const ALL: [PosterSize; 4] = [
        PosterSize::Phone,
        PosterSize::Square,
        PosterSize::A4,
        PosterSize::A5,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            PosterSize::Phone => "phone",
            PosterSize::Square => "square",
            PosterSize::A4 => "a4",
            PosterSize::A5 => "a5",
        }
    }

    pub fn parse(s: &str) -> Option<PosterSize> {
        Self::ALL.into_iter().find(|z| z.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            PosterSize::Phone => "手机竖版 1080×1920（朋友圈、群里）",
            PosterSize::Square => "方图 1080×1080",
            PosterSize::A4 => "A4 竖版（打印张贴）",
            PosterSize::A5 => "A5 竖版（打印台面）",
        }
    }

    /// The page in millimetres. Screen sizes use 10 px to the "millimetre", so one
    /// layout unit system serves screen and paper.
    pub fn page_mm(self) -> (f32, f32) {
        match self {
            PosterSize::Phone => (108.0, 192.0),
            PosterSize::Square => (108.0, 108.0),
            PosterSize::A4 => (210.0, 297.0),
            PosterSize::A5 => (148.0, 210.0),
        }
    }

    /// Pixels per millimetre for the PNG: 1080 px wide on screen sizes, 150 dpi on paper.
    pub fn png_px_per_mm(self) -> f32 {
        match self {
            PosterSize::Phone | PosterSize::Square => 10.0,
            PosterSize::A4 | PosterSize::A5 => 150.0 / 25.4,
        }
    }
}

/// Colour themes of the festival scene.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Theme {
    SpringFestival,
    MidAutumn,
    NationalDay,
    /// The shop's own colours.
    #[default]
    Neutral,
}

impl Theme {
    pub const ALL: [Theme; 4] = [
        Theme::SpringFestival,
        Theme::MidAutumn,
        Theme::NationalDay,
        Theme::Neutral,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Theme::SpringFestival => "spring_festival",
            Theme::MidAutumn => "mid_autumn",
            Theme::NationalDay => "national_day",
            Theme::Neutral => "neutral",
        }
    }

    pub fn parse(s: &str) -> Option<Theme> {
        Self::ALL.into_iter().find(|t| t.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Theme::SpringFestival => "春节（中国红）",
            Theme::MidAutumn => "中秋（夜蓝与月色）",
            Theme::NationalDay => "国庆（红与金）",
            Theme::Neutral => "店铺品牌色",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum FieldKind {
    /// One line of text.
    Line,
    /// Several lines; a line break starts a new line on the poster.
    Paragraph,
    /// An amount in yuan, e.g. 19.9.
    Price,
    /// `YYYY-MM-DD`.
    Date,
    /// `HH:MM`.
    Time,
}

/// One thing the owner fills in.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct FieldSpec {
    pub key: &'static str,
    pub label: &'static str,
    pub kind: FieldKind,
    pub required: bool,
    /// Hard limit, checked before layout.
    pub max_chars: u32,
    /// What a new poster starts with, so the first preview already looks finished.
    pub example: &'static str,
}

/// Whether a template shows a QR code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum QrUse {
    /// Shown when given; the shop's default link otherwise.
    Optional,
    /// A member's own referral code and QR.
    Referral,
}

/// A poster template: `shequn poster templates --json` prints these (`id`, `name`,
/// `scene`, `sizes` are a contract).
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct TemplateInfo {
    pub id: &'static str,
    pub name: &'static str,
    /// The scene it is for (one template per scene so far).
    pub scene: &'static str,
    pub sizes: Vec<PosterSize>,
    /// Colour themes to choose from; empty when the shop's brand colours are used.
    pub themes: Vec<Theme>,
    pub qr: QrUse,
    /// Takes a product or scene photo.
    pub photo: bool,
    pub fields: Vec<FieldSpec>,
}

/// Where a poster's QR code leads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum QrSource {
    Link {
        url: String,
    },
    /// An invite channel's target.
    Channel {
        #[ts(type = "number")]
        id: i64,
    },
    /// A group's join link.
    Group {
        #[ts(type = "number")]
        id: i64,
    },
    /// A member's personal referral code (老带新).
    Member {
        #[ts(type = "number")]
        id: i64,
    },
}

/// What the owner made: a template, a size, their words, and where the QR leads.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PosterContent {
    pub template: String,
    #[serde(default)]
    pub size: PosterSize,
    #[ts(optional)]
    pub theme: Option<Theme>,
    #[serde(default)]
    pub fields: BTreeMap<String, String>,
    #[ts(optional)]
    pub qr: Option<QrSource>,
    /// A picture from the library (templates that take a photo).
    #[ts(optional, type = "number")]
    pub photo_asset: Option<i64>,
}

fn field(
    key: &'static str,
    label: &'static str,
    kind: FieldKind,
    required: bool,
    max_chars: u32,
    example: &'static str,
) -> FieldSpec {
    FieldSpec {
        key,
        label,
        kind,
        required,
        max_chars,
        example,
    }
}

/// Every template, in the order the gallery shows them.
pub fn templates() -> Vec<TemplateInfo> {
    use FieldKind::*;
    let all = PosterSize::ALL.to_vec();
    let t = |id, name, fields: Vec<FieldSpec>, photo| TemplateInfo {
        id,
        name,
        scene: id,
        sizes: all.clone(),
        themes: Vec::new(),
        qr: QrUse::Optional,
        photo,
        fields,
    };
    vec![
        t(
            "welcome",
            "进群有礼",
            vec![
                field("headline", "大标题", Line, true, 16, "进群就送见面礼"),
                field(
                    "subhead",
                    "副标题",
                    Line,
                    false,
                    24,
                    "老顾客福利群，天天有惊喜",
                ),
                field("gift", "进群礼", Line, true, 24, "到店出示，送招牌卤蛋一份"),
                field(
                    "body",
                    "群里有什么",
                    Paragraph,
                    false,
                    60,
                    "每周新品抢先尝\n会员专享折扣\n不定时抽奖免单",
                ),
                field("cta", "扫码提示", Line, false, 12, "长按或扫码进群"),
            ],
            false,
        ),
        t(
            "flash_sale",
            "限时活动",
            vec![
                field("headline", "活动标题", Line, true, 16, "周末限时特惠"),
                field("product", "商品名称", Line, true, 20, "招牌牛肉面"),
                field("price", "活动价（元）", Price, true, 10, "19.9"),
                field("original_price", "原价（元）", Price, false, 10, "28"),
                field("dates", "活动时间", Line, true, 24, "11月28日—11月30日"),
                field("note", "说明", Line, false, 30, "每人限购 2 份，售完即止"),
            ],
            true,
        ),
        t(
            "member_day",
            "会员日",
            vec![
                field("headline", "大标题", Line, true, 16, "每月 8 号会员日"),
                field(
                    "perks",
                    "会员权益（每行一条）",
                    Paragraph,
                    true,
                    80,
                    "全场饮品 8.8 折\n消费积分翻倍\n当月寿星加送甜品一份",
                ),
                field("date", "日期", Line, false, 20, "12月8日 全天"),
                field("cta", "扫码提示", Line, false, 12, "扫码进会员群"),
            ],
            false,
        ),
        TemplateInfo {
            themes: Theme::ALL.to_vec(),
            ..t(
                "festival",
                "节日",
                vec![
                    field("headline", "节日祝福", Line, true, 12, "中秋快乐"),
                    field(
                        "greeting",
                        "祝福语",
                        Paragraph,
                        false,
                        50,
                        "月圆人团圆，感谢一路有你。\n愿你和家人平安喜乐。",
                    ),
                    field(
                        "offer",
                        "节日优惠",
                        Line,
                        false,
                        30,
                        "节日当天进店，送手作月饼一枚",
                    ),
                ],
                false,
            )
        },
        t(
            "live",
            "直播预告",
            vec![
                field("headline", "直播主题", Line, true, 16, "冬季新品直播"),
                field("date", "开播日期", Date, true, 10, "2026-12-06"),
                field("time", "开播时间", Time, true, 5, "20:00"),
                field("host", "主播", Line, false, 12, "店长小林"),
                field(
                    "perk",
                    "预约福利",
                    Line,
                    false,
                    30,
                    "预约直播，开播抽 3 位免单",
                ),
            ],
            true,
        ),
        t(
            "tip",
            "知识卡片",
            vec![
                field("title", "栏目名", Line, true, 10, "每日小知识"),
                field(
                    "headline",
                    "今天讲什么",
                    Line,
                    true,
                    20,
                    "牛肉面汤头为什么要熬 8 小时",
                ),
                field(
                    "body",
                    "正文",
                    Paragraph,
                    true,
                    160,
                    "牛骨里的胶质和鲜味物质要慢慢析出，火大了汤会浑，时间短了味道薄。我们每天凌晨四点开始熬，小火不断，撇掉浮沫，汤才清亮回甘。",
                ),
                field("source", "署名", Line, false, 20, "后厨 王师傅"),
            ],
            false,
        ),
        t(
            "notice",
            "群公告卡",
            vec![
                field("title", "标题", Line, true, 10, "群公告"),
                field(
                    "body",
                    "公告内容",
                    Paragraph,
                    true,
                    200,
                    "1. 本群为老顾客福利群，每周三发新品试吃名额。\n2. 请勿发广告和无关链接，违者移出。\n3. 下单请私信群主，到店自取或同城配送。",
                ),
                field("signature", "落款", Line, false, 20, "群主 小林"),
            ],
            false,
        ),
        TemplateInfo {
            qr: QrUse::Referral,
            ..t(
                "referral",
                "老带新",
                vec![
                    field("headline", "大标题", Line, true, 16, "好店一起逛"),
                    field(
                        "perk",
                        "双方福利",
                        Line,
                        true,
                        30,
                        "你进群，我们各得 100 积分",
                    ),
                    field("note", "说明", Line, false, 30, "到店出示邀请码即可领取"),
                ],
                false,
            )
        },
    ]
}

/// The template with this id.
pub fn template(id: &str) -> Option<TemplateInfo> {
    templates().into_iter().find(|t| t.id == id)
}
