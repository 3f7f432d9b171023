//! The phrases every shop starts with, written for this app. Loaded once on first
//! run; "restore defaults" brings back the ones a shop deleted and leaves the
//! shop's own (and its edits of ours) alone.

use chrono::{DateTime, Local};
use rusqlite::{Connection, OptionalExtension};

use super::keywords::{self, insert_rule};
use super::model::{NewKeywordRule, NewPhrase, RestoreReport};
use super::store::{self, id_by_title, insert};
use crate::db::timestamp;
use crate::error::Error;
use crate::store::Store;

pub use super::shipped_phrases::{DEFAULT_PHRASES, DefaultPhrase};

pub struct DefaultKeywordRule {
    pub key: &'static str,
    pub keywords: &'static [&'static str],
    pub reply: &'static str,
    pub whole: bool,
    pub priority: i32,
}

const fn k(
    key: &'static str,
    keywords: &'static [&'static str],
    priority: i32,
    whole: bool,
    reply: &'static str,
) -> DefaultKeywordRule {
    DefaultKeywordRule {
        key,
        keywords,
        reply,
        whole,
        priority,
    }
}

pub const DEFAULT_KEYWORD_RULES: &[DefaultKeywordRule] = &[
    k(
        "rule-hello",
        &["在吗", "你好", "在不在"],
        0,
        true,
        "在的～有什么可以帮你？",
    ),
    k(
        "rule-hours",
        &["营业时间", "几点开门", "几点关门", "开门了吗", "还开着吗"],
        0,
        false,
        "我们每天上午九点到晚上九点营业，节假日照常开门。",
    ),
    k(
        "rule-address",
        &["地址", "在哪", "怎么走", "位置"],
        0,
        false,
        "{店名}在{地址}，导航搜店名就能找到。",
    ),
    k(
        "rule-member",
        &["会员", "积分", "入会"],
        0,
        false,
        "到店消费时报手机号就是会员，消费攒积分、积分能抵扣，详细规则在群公告里。",
    ),
    k(
        "rule-shipping",
        &["发货", "快递", "物流", "什么时候到"],
        0,
        false,
        "一般下单当天或第二天发货，快递两三天能到。想查单号的话私聊我。",
    ),
    k(
        "rule-return",
        &["退货", "换货", "退款", "质量问题"],
        10,
        false,
        "不好意思让你遇到问题了。请私聊我发一下订单和照片，我们马上处理，能换就换、能退就退。",
    ),
    k(
        "rule-offer",
        &["优惠", "活动", "打折", "便宜"],
        0,
        false,
        "最近的活动都写在群公告里，会员还有专属价。想知道哪款划算，@我帮你算一算。",
    ),
    k(
        "rule-phone",
        &["电话", "联系方式"],
        0,
        false,
        "店里电话：{电话}，营业时间内都有人接。",
    ),
];

fn new_phrase(d: &DefaultPhrase) -> NewPhrase {
    NewPhrase {
        title: d.title.to_owned(),
        category: d.category.to_owned(),
        body: d.body.to_owned(),
        tags: d.tags.iter().map(|t| (*t).to_owned()).collect(),
        favorite: false,
    }
}

fn new_rule(d: &DefaultKeywordRule) -> NewKeywordRule {
    NewKeywordRule {
        keywords: d.keywords.iter().map(|t| (*t).to_owned()).collect(),
        reply: d.reply.to_owned(),
        whole: d.whole,
        priority: d.priority,
        enabled: true,
    }
}

fn has_key(conn: &Connection, table: &str, key: &str) -> rusqlite::Result<bool> {
    conn.query_row(
        &format!("SELECT 1 FROM {table} WHERE default_key = ?1"),
        [key],
        |_| Ok(()),
    )
    .optional()
    .map(|found| found.is_some())
}

/// Adds the shipped phrases and rules missing by key, inside the caller's
/// transaction. A missing phrase whose category and title the shop now uses for its
/// own is left out and named.
fn add_missing(conn: &Connection, now: &str) -> Result<RestoreReport, Error> {
    let mut report = RestoreReport::default();
    for d in DEFAULT_PHRASES {
        if has_key(conn, "scripts", d.key)? {
            continue;
        }
        if id_by_title(conn, d.category, d.title)?.is_some() {
            report.kept_own.push(format!("{}·{}", d.category, d.title));
            continue;
        }
        let checked = store::check(&new_phrase(d))?;
        insert(conn, &checked, false, Some(d.key), now)?;
        report.scripts += 1;
    }
    for d in DEFAULT_KEYWORD_RULES {
        if has_key(conn, "keyword_rules", d.key)? {
            continue;
        }
        let new = new_rule(d);
        let checked = keywords::check(&new)?;
        insert_rule(conn, &checked, &new, Some(d.key), now)?;
        report.keyword_rules += 1;
    }
    Ok(report)
}

/// First run: loads the shipped library once. Later starts do nothing, even if the
/// shop deleted every phrase.
pub fn load_defaults_once(conn: &Connection, now: DateTime<Local>) -> Result<(), Error> {
    let now = timestamp(now);
    crate::db::seed_once(conn, "script_library", &now, |tx| {
        add_missing(tx, &now)?;
        Ok(())
    })
}

/// Brings back the shipped phrases and rules the shop deleted; its own phrases and
/// its edits of ours are not touched.
pub fn restore_defaults(store: &Store, now: DateTime<Local>) -> Result<RestoreReport, Error> {
    let tx = crate::db::write_tx(store.conn())?;
    let report = add_missing(&tx, &timestamp(now))?;
    tx.commit()?;
    Ok(report)
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;
    use crate::phrases::model::BUILTIN_CATEGORIES;
    use crate::phrases::placeholders;

    #[test]
    fn shipped_phrases_cover_every_category_with_at_least_sixty() {
        assert!(
            DEFAULT_PHRASES.len() >= 60,
            "only {}",
            DEFAULT_PHRASES.len()
        );
        for category in BUILTIN_CATEGORIES {
            let n = DEFAULT_PHRASES
                .iter()
                .filter(|d| d.category == category)
                .count();
            assert!(n >= 4, "{category} has {n}");
        }
        let keys: HashSet<_> = DEFAULT_PHRASES.iter().map(|d| d.key).collect();
        assert_eq!(keys.len(), DEFAULT_PHRASES.len(), "duplicate key");
        let titles: HashSet<_> = DEFAULT_PHRASES
            .iter()
            .map(|d| (d.category, d.title))
            .collect();
        assert_eq!(titles.len(), DEFAULT_PHRASES.len(), "duplicate title");
    }

    #[test]
    fn every_shipped_phrase_passes_the_checks_an_owner_gets() {
        for d in DEFAULT_PHRASES {
            store::check(&new_phrase(d)).unwrap_or_else(|e| panic!("{}: {e}", d.key));
            // Braces are only ever placeholders.
            let braces = d.body.matches('{').count();
            assert_eq!(braces, d.body.matches('}').count(), "{}", d.key);
        }
        for d in DEFAULT_KEYWORD_RULES {
            keywords::check(&new_rule(d)).unwrap_or_else(|e| panic!("{}: {e}", d.key));
        }
        // Each placeholder the library fills by name is used by some shipped phrase.
        let used: HashSet<String> = DEFAULT_PHRASES
            .iter()
            .flat_map(|d| placeholders(d.body))
            .collect();
        for name in crate::phrases::KNOWN_PLACEHOLDERS {
            assert!(used.contains(name), "no shipped phrase uses {{{name}}}");
        }
    }
}
