//! Placeholders: `{昵称}` and friends, filled from a member, the shop profile and what
//! the staff typed. A placeholder with nothing to fill it is reported, never pasted.

use std::collections::BTreeMap;

use chrono::{DateTime, Local, NaiveDate};
use rusqlite::params;

use super::model::*;
use super::store::{get, not_found};
use crate::db::timestamp;
use crate::error::Error;
use crate::members::{self, MemberView, NextTier};
use crate::shop::{self, yuan};
use crate::store::Store;

/// Longest name between braces that counts as a placeholder.
const NAME_MAX: usize = 10;

/// The placeholders in `body`, each once, in order of first appearance. Text in
/// braces that is empty, too long or spans a line is not a placeholder.
pub fn placeholders(body: &str) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for (_, name, _) in spans(body) {
        if !names.iter().any(|n| n == name) {
            names.push(name.to_owned());
        }
    }
    names
}

/// `(start, name, end)` byte offsets of each `{name}`.
fn spans(body: &str) -> Vec<(usize, &str, usize)> {
    let mut out = Vec::new();
    let mut rest = 0;
    while let Some(open) = body[rest..].find('{').map(|i| rest + i) {
        let Some(close) = body[open + 1..].find(['}', '{']).map(|i| open + 1 + i) else {
            break;
        };
        let name = &body[open + 1..close];
        let is_name = body[close..].starts_with('}')
            && !name.is_empty()
            && name.chars().count() <= NAME_MAX
            && !name.chars().any(char::is_whitespace);
        if is_name {
            out.push((open, name, close + 1));
            rest = close + 1;
        } else {
            rest = close;
        }
    }
    out
}

/// Fills `body` from `values`; names with no value (or an empty one) stay as they
/// are and are listed in `unfilled`.
pub fn fill_text(body: &str, values: &BTreeMap<String, (String, ValueSource)>) -> Filled {
    let mut text = String::with_capacity(body.len());
    let mut last = 0;
    let mut unfilled: Vec<String> = Vec::new();
    for (start, name, end) in spans(body) {
        text.push_str(&body[last..start]);
        match values.get(name).filter(|(v, _)| !v.trim().is_empty()) {
            Some((value, _)) => text.push_str(value.trim()),
            None => {
                text.push_str(&body[start..end]);
                if !unfilled.iter().any(|n| n == name) {
                    unfilled.push(name.to_owned());
                }
            }
        }
        last = end;
    }
    text.push_str(&body[last..]);
    let values = placeholders(body)
        .into_iter()
        .map(|name| {
            let (value, source) = values
                .get(&name)
                .filter(|(v, _)| !v.trim().is_empty())
                .cloned()
                .unwrap_or((String::new(), ValueSource::Missing));
            PlaceholderValue {
                name,
                value,
                source,
            }
        })
        .collect();
    Filled {
        length: u32::try_from(text.chars().count()).unwrap_or(u32::MAX),
        text,
        values,
        unfilled,
    }
}

/// "再消费 ¥1,280 就能升为银牌", rounded up to the whole yuan so it is never short.
fn distance_text(next: Option<NextTier>) -> String {
    match next {
        Some(next) => {
            let fen = (next.remaining_fen.max(0) + 99) / 100 * 100;
            format!("再消费 {} 就能升为{}", yuan(fen), next.tier.label())
        }
        None => "已经是最高等级".to_owned(),
    }
}

/// What a member fills in: `{昵称}` is their WeChat nickname (微信昵称) when the book
/// has one — that is the name they see in the group — else their name; the source
/// says which, and staff can type over it.
fn member_values(member: &MemberView) -> Vec<(&'static str, String, ValueSource)> {
    let nickname = match member.wechat.trim() {
        "" => (member.name.clone(), ValueSource::NameAsNickname),
        wechat => (wechat.to_owned(), ValueSource::Wechat),
    };
    let mut values = vec![
        ("姓名", member.name.clone(), ValueSource::Member),
        ("昵称", nickname.0, nickname.1),
        ("等级", member.tier.label().to_owned(), ValueSource::Member),
        ("积分", member.points.to_string(), ValueSource::Member),
        (
            "距升级",
            distance_text(member.next_tier),
            ValueSource::Member,
        ),
    ];
    if let [group] = member.groups.as_slice() {
        values.push(("群名", group.name.clone(), ValueSource::Member));
    }
    values
}

/// What the shop profile fills: {店名}, {地址}, {电话} (those the owner has set).
pub(super) fn shop_values(store: &Store) -> Result<BTreeMap<String, (String, ValueSource)>, Error> {
    let profile = shop::get(store)?;
    Ok([
        ("店名", profile.name),
        ("地址", profile.address),
        ("电话", profile.phone),
    ]
    .into_iter()
    .filter(|(_, v)| !v.trim().is_empty())
    .map(|(k, v)| (k.to_owned(), (v, ValueSource::Shop)))
    .collect())
}

/// The values for a fill: the shop's, then the member's, then what was typed (each
/// later one wins).
fn gather(
    store: &Store,
    request: &FillRequest,
    today: NaiveDate,
) -> Result<BTreeMap<String, (String, ValueSource)>, Error> {
    let mut values = shop_values(store)?;
    if let Some(member_id) = request.member_id {
        let member = members::get(store, member_id, today)?;
        for (name, value, source) in member_values(&member) {
            values.insert(name.to_owned(), (value, source));
        }
    }
    for (name, value) in &request.values {
        if !value.trim().is_empty() {
            values.insert(name.clone(), (value.clone(), ValueSource::Typed));
        }
    }
    Ok(values)
}

/// Fills phrase `id` for a member (if given) and typed values. Unfilled names are
/// in the result for the form to ask for.
pub fn fill(
    store: &Store,
    id: i64,
    request: &FillRequest,
    today: NaiveDate,
) -> Result<Filled, Error> {
    let phrase = get(store, id)?;
    Ok(fill_text(&phrase.body, &gather(store, request, today)?))
}

/// Fills a body that is not (yet) saved, such as a builder's draft.
pub fn fill_body(
    store: &Store,
    body: &str,
    request: &FillRequest,
    today: NaiveDate,
) -> Result<Filled, Error> {
    Ok(fill_text(body, &gather(store, request, today)?))
}

/// The text to paste: filled completely, or refused naming what is missing. Counts
/// one use of the phrase.
pub fn record_use(
    store: &Store,
    id: i64,
    request: &FillRequest,
    today: NaiveDate,
    now: DateTime<Local>,
) -> Result<Filled, Error> {
    let filled = fill(store, id, request, today)?;
    if !filled.unfilled.is_empty() {
        return Err(super::unfilled(&filled.unfilled));
    }
    let changed = store.conn().execute(
        "UPDATE scripts SET uses = uses + 1, last_used_at = ?2 WHERE id = ?1",
        params![id, timestamp(now)],
    )?;
    if changed == 0 {
        return Err(not_found(id));
    }
    Ok(filled)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(pairs: &[(&str, &str)]) -> BTreeMap<String, (String, ValueSource)> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), ((*v).to_owned(), ValueSource::Typed)))
            .collect()
    }

    #[test]
    fn placeholders_are_listed_once_in_order() {
        assert_eq!(
            placeholders("{昵称}您好，{店名}送您{优惠券}，{昵称}记得用"),
            ["昵称", "店名", "优惠券"]
        );
        // Not placeholders: empty, spaces, a line break, JSON-looking text.
        assert!(placeholders("{} { 空格 } {a\nb} {\"k\": 1}").is_empty());
    }

    #[test]
    fn unfilled_names_stay_visible_and_are_reported() {
        let filled = fill_text("{昵称}，{优惠券}今晚到期", &typed(&[("昵称", "小美")]));
        assert_eq!(filled.text, "小美，{优惠券}今晚到期");
        assert_eq!(filled.unfilled, ["优惠券"]);
        assert_eq!(filled.values[1].source, ValueSource::Missing);
        // A blank value is not a value.
        let filled = fill_text("{优惠券}", &typed(&[("优惠券", "  ")]));
        assert_eq!(filled.unfilled, ["优惠券"]);
    }

    #[test]
    fn length_counts_characters_not_bytes() {
        let filled = fill_text("满{金额}减", &typed(&[("金额", "50")]));
        assert_eq!(filled.text, "满50减");
        assert_eq!(filled.length, 4);
    }

    #[test]
    fn distance_rounds_up_to_the_yuan() {
        let next = NextTier {
            tier: members::Tier::Silver,
            remaining_fen: 128_001,
        };
        assert_eq!(distance_text(Some(next)), "再消费 ¥1,281 就能升为银牌");
        assert_eq!(distance_text(None), "已经是最高等级");
    }
}
