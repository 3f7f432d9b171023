use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The categories every shop starts with, in the order the library lists them.
/// A shop may add its own; these cannot be renamed away.
pub const BUILTIN_CATEGORIES: [&str; 12] = [
    "欢迎新人",
    "活动推广",
    "问题处理",
    "转化引导",
    "群公告",
    "群规",
    "提醒通知",
    "节日祝福",
    "生日祝福",
    "唤醒沉睡",
    "售后关怀",
    "关键词回复",
];

/// The placeholders the library knows how to fill, in the order a form asks for them.
pub const KNOWN_PLACEHOLDERS: [&str; 12] = [
    "昵称",
    "姓名",
    "店名",
    "等级",
    "积分",
    "距升级",
    "优惠券",
    "活动名",
    "截止日期",
    "群名",
    "地址",
    "电话",
];

/// A phrase as every front shows it. `shequn scripts list --json` prints these
/// (a contract: `id`, `title`, `category`, `body`, `tags`, `favorite`, `uses` keep
/// their meaning; fields may be added).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PhraseView {
    #[ts(type = "number")]
    pub id: i64,
    pub title: String,
    pub category: String,
    pub body: String,
    pub tags: Vec<String>,
    pub favorite: bool,
    /// How many times it was copied.
    pub uses: u32,
    pub last_used_at: Option<String>,
    /// The placeholders in the body, in order of first appearance.
    pub placeholders: Vec<String>,
    /// One of the phrases we ship (edited or not).
    pub is_default: bool,
    pub updated_at: String,
}

/// What the owner types to add or edit a phrase.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct NewPhrase {
    pub title: String,
    pub category: String,
    pub body: String,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub favorite: bool,
}

/// Search and filters for the library. Ordering: favourites first, then the most
/// used, then phrases whose title matched, then oldest first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PhraseQuery {
    /// A substring of the title, body or a tag, or pinyin (initials or full) of the
    /// title.
    #[ts(optional)]
    pub search: Option<String>,
    #[ts(optional)]
    pub category: Option<String>,
    #[ts(optional)]
    pub tag: Option<String>,
    #[serde(default)]
    pub favorites_only: bool,
    #[serde(default)]
    pub offset: u32,
    #[ts(optional)]
    pub limit: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PhrasePage {
    pub total: u32,
    pub phrases: Vec<PhraseView>,
}

/// A category with how many phrases it holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CategoryCount {
    pub name: String,
    pub builtin: bool,
    pub count: u32,
}

/// Values for placeholders, and the member to take the rest from.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FillRequest {
    #[ts(optional, type = "number")]
    pub member_id: Option<i64>,
    /// Typed values by placeholder name (without braces). They win over the member's
    /// and the shop's; an empty value counts as not typed.
    #[serde(default)]
    pub values: std::collections::BTreeMap<String, String>,
}

/// Where a placeholder's value came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ValueSource {
    Member,
    /// `{昵称}` from the member's WeChat nickname (微信昵称).
    Wechat,
    /// `{昵称}` from the member's name: the book has no WeChat nickname for them.
    NameAsNickname,
    Shop,
    Typed,
    /// Nothing to fill it with yet: the owner has to type it.
    Missing,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PlaceholderValue {
    pub name: String,
    pub value: String,
    pub source: ValueSource,
}

/// A phrase with its placeholders filled. `unfilled` lists what still needs typing;
/// such text is shown, never copied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Filled {
    pub text: String,
    /// Characters, as a chat app counts them.
    pub length: u32,
    pub values: Vec<PlaceholderValue>,
    pub unfilled: Vec<String>,
}

/// A keyword reply: a customer message containing one of `keywords` gets `reply`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct KeywordRule {
    #[ts(type = "number")]
    pub id: i64,
    pub keywords: Vec<String>,
    pub reply: String,
    /// Fires only when the whole message is one of the keywords.
    pub whole: bool,
    /// Higher wins when several rules match.
    pub priority: i32,
    pub enabled: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct NewKeywordRule {
    pub keywords: Vec<String>,
    pub reply: String,
    #[serde(default)]
    pub whole: bool,
    #[serde(default)]
    pub priority: i32,
    #[serde(default = "yes")]
    pub enabled: bool,
}

fn yes() -> bool {
    true
}

/// One rule that matched a message, and why it ranks where it does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ReplyHit {
    #[ts(type = "number")]
    pub rule_id: i64,
    /// The keyword found in the message.
    pub keyword: String,
    /// The reply with the shop's placeholders filled.
    pub reply: String,
    pub reason: String,
}

/// What `shequn scripts reply` prints with `--json`: the reply that fires (if any),
/// and the other rules that matched but lost, each with its reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ReplyOutcome {
    pub message: String,
    pub fired: Option<ReplyHit>,
    pub also_matched: Vec<ReplyHit>,
}

/// How an import went: counts, and each phrase or rule it touched.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PhraseImportReport {
    pub added: u32,
    pub updated: u32,
    pub skipped: u32,
    pub changes: Vec<ImportChange>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ImportAction {
    Added,
    Updated,
    /// Already in the library exactly as in the file.
    Skipped,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ImportChange {
    pub action: ImportAction,
    /// The category, or `关键词回复表` for a keyword rule.
    pub category: String,
    /// The title, or the rule's keywords.
    pub title: String,
}

/// What "restore defaults" brought back.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RestoreReport {
    /// Phrases brought back (`scripts` is its name in `shequn scripts restore-defaults --json`).
    pub scripts: u32,
    pub keyword_rules: u32,
    /// Shipped phrases not brought back because the shop has its own phrase with the
    /// same category and title.
    pub kept_own: Vec<String>,
}
