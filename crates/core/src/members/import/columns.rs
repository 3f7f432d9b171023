//! Which column holds what: matched by the Chinese and English header names shops
//! use, and correctable by the owner in the import wizard.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ImportField {
    Name,
    Phone,
    Birthday,
    Gender,
    Tags,
    Notes,
    Spend,
    /// Spend in the last 12 months (近12个月消费): counts for the tier as it stands.
    Spend12m,
    /// The day of the last purchase (最近消费): when the spend is booked.
    LastPurchase,
    Points,
    JoinedOn,
    Referrer,
    Wechat,
    Source,
    Ignore,
}

impl ImportField {
    pub const ALL: [ImportField; 15] = [
        ImportField::Name,
        ImportField::Phone,
        ImportField::Birthday,
        ImportField::Gender,
        ImportField::Tags,
        ImportField::Notes,
        ImportField::Spend,
        ImportField::Spend12m,
        ImportField::LastPurchase,
        ImportField::Points,
        ImportField::JoinedOn,
        ImportField::Referrer,
        ImportField::Wechat,
        ImportField::Source,
        ImportField::Ignore,
    ];

    pub fn label(self) -> &'static str {
        match self {
            ImportField::Name => "姓名",
            ImportField::Phone => "手机号",
            ImportField::Birthday => "生日",
            ImportField::Gender => "性别",
            ImportField::Tags => "标签",
            ImportField::Notes => "备注",
            ImportField::Spend => "累计消费",
            ImportField::Spend12m => "近12个月消费",
            ImportField::LastPurchase => "最近消费日期",
            ImportField::Points => "积分",
            ImportField::JoinedOn => "入会时间",
            ImportField::Referrer => "推荐人手机号",
            ImportField::Wechat => "微信昵称",
            ImportField::Source => "来源渠道",
            ImportField::Ignore => "不导入",
        }
    }

    fn synonyms(self) -> &'static [&'static str] {
        match self {
            ImportField::Name => &[
                "姓名",
                "名字",
                "客户名称",
                "客户姓名",
                "会员姓名",
                "会员名称",
                "顾客姓名",
                "昵称",
                "name",
                "customername",
                "fullname",
            ],
            ImportField::Phone => &[
                "手机",
                "手机号",
                "手机号码",
                "电话",
                "电话号码",
                "联系方式",
                "联系电话",
                "会员手机",
                "phone",
                "mobile",
                "tel",
                "cellphone",
                "phonenumber",
            ],
            ImportField::Birthday => &[
                "生日",
                "出生日期",
                "生日日期",
                "birthday",
                "birthdate",
                "dob",
            ],
            ImportField::Gender => &["性别", "gender", "sex"],
            ImportField::Tags => &["标签", "会员标签", "分组标签", "tags", "tag", "labels"],
            ImportField::Notes => &["备注", "说明", "notes", "note", "remark", "remarks", "memo"],
            ImportField::Spend => &[
                "累计消费",
                "消费金额",
                "消费总额",
                "累计消费金额",
                "总消费",
                "spend",
                "totalspend",
                "amount",
                "total",
            ],
            ImportField::Spend12m => &[
                "近12个月消费",
                "近12月消费",
                "近十二个月消费",
                "近一年消费",
                "近1年消费",
                "年消费",
                "年度消费",
                "12个月消费",
                "spend12m",
                "spendlast12months",
                "yearspend",
            ],
            ImportField::LastPurchase => &[
                "最近消费",
                "最近消费日期",
                "最近消费时间",
                "最后消费",
                "最后消费日期",
                "最后消费时间",
                "上次消费",
                "上次消费日期",
                "上次消费时间",
                "末次消费",
                "最近到店",
                "最后到店",
                "lastpurchase",
                "lastpurchasedate",
                "lastvisit",
                "lastorder",
            ],
            ImportField::Points => &[
                "积分",
                "当前积分",
                "可用积分",
                "积分余额",
                "points",
                "point",
            ],
            ImportField::JoinedOn => &[
                "入会时间",
                "入会日期",
                "注册时间",
                "注册日期",
                "加入时间",
                "开卡日期",
                "joined",
                "joindate",
                "joinedon",
                "registered",
            ],
            ImportField::Referrer => &[
                "推荐人",
                "推荐人手机",
                "推荐人手机号",
                "推荐人电话",
                "介绍人",
                "referrer",
                "referredby",
                "referrerphone",
            ],
            ImportField::Wechat => &["微信", "微信号", "微信昵称", "wechat", "weixin"],
            ImportField::Source => &["来源", "来源渠道", "渠道", "获客渠道", "source", "channel"],
            ImportField::Ignore => &[],
        }
    }
}

/// `" 手机号码（必填）* "` → `手机号码`; `"Phone Number"` → `phonenumber`.
fn normalise_header(header: &str) -> String {
    let mut text = header.trim().to_lowercase();
    for (open, close) in [('(', ')'), ('（', '）'), ('[', ']'), ('【', '】')] {
        if let Some(start) = text.find(open)
            && let Some(end) = text[start..].find(close)
        {
            text.replace_range(start..start + end + close.len_utf8(), "");
        }
    }
    text.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '*' | '_' | '-' | ':' | '：'))
        .collect()
}

/// A field for each header column; a field already taken by an earlier column, or a
/// header nobody recognises, is `Ignore`.
pub fn guess_mapping(header: &[String]) -> Vec<ImportField> {
    let mut taken = Vec::new();
    header
        .iter()
        .map(|h| {
            let key = normalise_header(h);
            let field = ImportField::ALL
                .into_iter()
                .find(|f| !taken.contains(f) && f.synonyms().contains(&key.as_str()))
                .unwrap_or(ImportField::Ignore);
            if field != ImportField::Ignore {
                taken.push(field);
            }
            field
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_and_english_headers_are_recognised() {
        let header: Vec<String> = [
            "客户名称",
            "联系方式（必填）",
            "生日",
            "累计消费",
            "Referrer",
            "不知道",
            "电话",
            "近12个月消费（元）",
            "最后消费日期",
        ]
        .map(String::from)
        .to_vec();
        use ImportField::*;
        assert_eq!(
            guess_mapping(&header),
            [
                Name,
                Phone,
                Birthday,
                Spend,
                Referrer,
                Ignore,
                Ignore,
                Spend12m,
                LastPurchase
            ]
        );
    }
}
