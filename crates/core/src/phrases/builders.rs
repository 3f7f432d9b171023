//! Builders: a 群公告 in its four parts and a 群规 from a short form. They produce a
//! phrase body; saving it is the ordinary add.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, FieldError};

const PART_MAX: usize = 200;
const RULE_MAX: usize = 100;
const RULES_MAX: usize = 10;

/// The four parts of a group announcement (群公告): what the group is for, what it
/// offers, what is forbidden and the penalty, what is encouraged and its reward.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AnnouncementForm {
    #[serde(default)]
    pub group_name: String,
    pub purpose: String,
    pub offers: String,
    pub forbidden: String,
    pub penalty: String,
    pub encouraged: String,
    pub reward: String,
}

/// Group rules (群规): about five rules, how many warnings before removal, and how
/// soon questions get an answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RulesForm {
    #[serde(default)]
    pub group_name: String,
    pub rules: Vec<String>,
    pub warnings: u32,
    pub response_hours: u32,
}

impl Default for RulesForm {
    fn default() -> Self {
        RulesForm {
            group_name: String::new(),
            rules: suggested_rules(),
            warnings: 3,
            response_hours: 24,
        }
    }
}

/// Five rules most shops start from; the form shows them to edit.
pub fn suggested_rules() -> Vec<String> {
    [
        "进群后请把群昵称改成“名字+所在区域+职业”，方便大家互相认识",
        "不发广告、链接、二维码和砍价拉票，也不私加群友推销",
        "聊天友好，不争吵、不攻击别人，不发违法和低俗内容",
        "商品或售后有问题，直接@群主或私聊客服，我们会尽快处理",
        "晚上十点以后少发语音、不刷屏，别打扰大家休息",
    ]
    .map(str::to_owned)
    .to_vec()
}

fn part(errors: &mut Vec<FieldError>, field: &str, label: &str, value: &str) -> String {
    let value = value.trim().trim_end_matches(['。', '；', ';']).to_owned();
    let len = value.chars().count();
    if len == 0 {
        errors.push(FieldError::new(field, format!("请填写“{label}”")));
    } else if len > PART_MAX {
        errors.push(FieldError::new(
            field,
            format!("“{label}”最多 {PART_MAX} 个字，现在有 {len} 个"),
        ));
    }
    value
}

fn heading(group_name: &str, kind: &str) -> String {
    match group_name.trim() {
        "" => format!("【{kind}】"),
        name => format!("【{name}·{kind}】"),
    }
}

/// The announcement text, or every empty or too-long part named.
pub fn announcement(form: &AnnouncementForm) -> Result<String, Error> {
    let mut errors = Vec::new();
    let purpose = part(&mut errors, "purpose", "这个群是做什么的", &form.purpose);
    let offers = part(&mut errors, "offers", "在群里能得到什么", &form.offers);
    let forbidden = part(&mut errors, "forbidden", "禁止的事", &form.forbidden);
    let penalty = part(&mut errors, "penalty", "违反的后果", &form.penalty);
    let encouraged = part(&mut errors, "encouraged", "鼓励的事", &form.encouraged);
    let reward = part(&mut errors, "reward", "鼓励的奖励", &form.reward);
    if !errors.is_empty() {
        return Err(Error::invalid_fields(errors));
    }
    Ok(format!(
        "{}\n欢迎大家！花一分钟看完这份公告，在群里会更自在～\n\n\
         一、这个群是做什么的\n{purpose}。\n\n\
         二、在群里你能得到\n{offers}。\n\n\
         三、请不要这样做\n{forbidden}。{penalty}。\n\n\
         四、我们鼓励你\n{encouraged}。{reward}。\n\n\
         有任何问题随时在群里说，或私聊群主。",
        heading(&form.group_name, "群公告")
    ))
}

/// The rules text, numbered, with the warning count and the response promise.
pub fn rules(form: &RulesForm) -> Result<String, Error> {
    let mut errors = Vec::new();
    let rules: Vec<String> = form
        .rules
        .iter()
        .map(|r| r.trim().trim_end_matches(['。', '；', ';']).to_owned())
        .filter(|r| !r.is_empty())
        .collect();
    if rules.is_empty() {
        errors.push(FieldError::new("rules", "至少写一条群规"));
    } else if rules.len() > RULES_MAX {
        errors.push(FieldError::new(
            "rules",
            format!("群规最多 {RULES_MAX} 条，太多了大家记不住；建议 5 条左右"),
        ));
    }
    for (i, rule) in rules.iter().enumerate() {
        let len = rule.chars().count();
        if len > RULE_MAX {
            errors.push(FieldError::new(
                "rules",
                format!("第 {} 条太长：最多 {RULE_MAX} 个字，现在有 {len} 个", i + 1),
            ));
        }
    }
    if !(1..=9).contains(&form.warnings) {
        errors.push(FieldError::new("warnings", "提醒次数请填 1 到 9"));
    }
    if !(1..=72).contains(&form.response_hours) {
        errors.push(FieldError::new(
            "response_hours",
            "回复时限请填 1 到 72 小时",
        ));
    }
    if !errors.is_empty() {
        return Err(Error::invalid_fields(errors));
    }
    let numbered: Vec<String> = rules
        .iter()
        .enumerate()
        .map(|(i, r)| format!("{}. {r}。", i + 1))
        .collect();
    let warning = if form.warnings == 1 {
        "违反群规的，群主会先私下提醒一次；再犯会请出本群。".to_owned()
    } else {
        format!(
            "违反群规的，群主会先私下提醒；累计提醒 {} 次仍不改的，会请出本群。",
            form.warnings
        )
    };
    Ok(format!(
        "{}\n为了让大家在群里聊得舒服，请一起遵守下面几条：\n{}\n\n{warning}\n我们的承诺：群里的问题，{} 小时内一定有人回复。",
        heading(&form.group_name, "群规"),
        numbered.join("\n"),
        form.response_hours
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn announcement_has_its_four_parts_in_order() {
        let text = announcement(&AnnouncementForm {
            group_name: "花漾烘焙会员群".into(),
            purpose: "给老顾客第一时间分享新品和福利".into(),
            offers: "每周三会员价、新品试吃名额".into(),
            forbidden: "发广告和拉人进别的群".into(),
            penalty: "提醒后仍发的请出群".into(),
            encouraged: "晒单、分享吃法".into(),
            reward: "每月评出三位送蛋糕券。".into(),
        })
        .unwrap();
        let positions: Vec<usize> = ["一、", "二、", "三、", "四、"]
            .iter()
            .map(|h| text.find(h).expect(h))
            .collect();
        assert!(positions.is_sorted());
        assert!(text.starts_with("【花漾烘焙会员群·群公告】"));
        assert!(
            text.contains("每月评出三位送蛋糕券。"),
            "no doubled full stop: {text}"
        );
    }

    #[test]
    fn empty_parts_are_all_named() {
        let Err(err) = announcement(&AnnouncementForm {
            purpose: "分享新品".into(),
            ..Default::default()
        }) else {
            panic!("accepted an empty form");
        };
        assert_eq!(err.code(), crate::Code::Validation);
        let errors = err.fields();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            ["offers", "forbidden", "penalty", "encouraged", "reward"]
        );
    }

    #[test]
    fn rules_are_numbered_with_warnings_and_promise() {
        let text = rules(&RulesForm::default()).unwrap();
        assert!(text.contains("1. 进群后"));
        assert!(text.contains("5. 晚上"));
        assert!(text.contains("累计提醒 3 次"));
        assert!(text.contains("24 小时内一定有人回复"));
        let err = rules(&RulesForm {
            rules: vec!["  ".into()],
            warnings: 0,
            ..RulesForm::default()
        })
        .unwrap_err();
        assert_eq!(err.fields().len(), 2);
    }
}
