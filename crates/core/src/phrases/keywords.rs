//! The keyword reply table (关键词 → 回复) and its tester: which reply a customer's
//! message would get, and why that one.

use std::cmp::Reverse;

use chrono::{DateTime, Local};
use rusqlite::{Connection, OptionalExtension, Row, params};

use super::fill::{fill_text, shop_values};
use super::model::*;
use super::store::{parse_tags, tags_json};
use crate::db::timestamp;
use crate::error::{Error, FieldError};
use crate::store::Store;

const KEYWORD_MAX: usize = 20;
const KEYWORDS_MAX: usize = 20;
const REPLY_MAX: usize = 1000;
const PRIORITY_RANGE: std::ops::RangeInclusive<i32> = -99..=99;

/// Case, full-width letters and digits, and spaces do not matter to a match:
/// "ＷＩＦＩ 密码" matches the keyword "wifi密码".
pub(super) fn normalise(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

pub(super) struct CheckedRule {
    pub keywords: Vec<String>,
    pub reply: String,
}

pub(super) fn check(new: &NewKeywordRule) -> Result<CheckedRule, Error> {
    let mut errors = Vec::new();
    let mut keywords: Vec<String> = Vec::new();
    for keyword in &new.keywords {
        let keyword = keyword.trim();
        if keyword.is_empty() || keywords.iter().any(|k| normalise(k) == normalise(keyword)) {
            continue;
        }
        if keyword.chars().count() > KEYWORD_MAX {
            errors.push(FieldError::new(
                "keywords",
                format!("关键词“{keyword}”太长：每个最多 {KEYWORD_MAX} 个字"),
            ));
        }
        keywords.push(keyword.to_owned());
    }
    if keywords.is_empty() {
        errors.push(FieldError::new("keywords", "至少要有一个关键词"));
    } else if keywords.len() > KEYWORDS_MAX {
        errors.push(FieldError::new(
            "keywords",
            format!("一条规则最多 {KEYWORDS_MAX} 个关键词"),
        ));
    }
    let reply = new.reply.trim().to_owned();
    let len = reply.chars().count();
    if len == 0 {
        errors.push(FieldError::new("reply", "回复内容不能为空"));
    } else if len > REPLY_MAX {
        errors.push(FieldError::new(
            "reply",
            format!("回复最多 {REPLY_MAX} 个字，现在有 {len} 个"),
        ));
    }
    if !PRIORITY_RANGE.contains(&new.priority) {
        errors.push(FieldError::new(
            "priority",
            "优先级请填 -99 到 99 之间的整数",
        ));
    }
    if errors.is_empty() {
        Ok(CheckedRule { keywords, reply })
    } else {
        Err(Error::invalid_fields(errors))
    }
}

fn rule_from_row(r: &Row) -> rusqlite::Result<KeywordRule> {
    let keywords: String = r.get(1)?;
    Ok(KeywordRule {
        id: r.get(0)?,
        keywords: parse_tags(&keywords),
        reply: r.get(2)?,
        whole: r.get(3)?,
        priority: r.get(4)?,
        enabled: r.get(5)?,
    })
}

const RULE_COLUMNS: &str = "id, keywords, reply, whole, priority, enabled";

/// Every rule, highest priority first.
pub fn keyword_rules(store: &Store) -> Result<Vec<KeywordRule>, Error> {
    Ok(keyword_rules_in(store.conn())?)
}

pub(super) fn keyword_rules_in(conn: &Connection) -> rusqlite::Result<Vec<KeywordRule>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {RULE_COLUMNS} FROM keyword_rules ORDER BY priority DESC, id"
    ))?;
    stmt.query_map([], rule_from_row)?.collect()
}

fn rule(conn: &Connection, id: i64) -> Result<KeywordRule, Error> {
    conn.query_row(
        &format!("SELECT {RULE_COLUMNS} FROM keyword_rules WHERE id = ?1"),
        [id],
        rule_from_row,
    )
    .optional()?
    .ok_or_else(|| Error::not_found(format!("编号为 {id} 的关键词回复")))
}

pub(super) fn insert_rule(
    conn: &Connection,
    checked: &CheckedRule,
    new: &NewKeywordRule,
    default_key: Option<&str>,
    now: &str,
) -> rusqlite::Result<i64> {
    conn.execute(
        "INSERT INTO keyword_rules (keywords, reply, whole, priority, enabled, default_key,
                                    created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
        params![
            tags_json(&checked.keywords),
            checked.reply,
            new.whole,
            new.priority,
            new.enabled,
            default_key,
            now
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

pub fn add_rule(
    store: &Store,
    new: &NewKeywordRule,
    now: DateTime<Local>,
) -> Result<KeywordRule, Error> {
    let checked = check(new)?;
    let id = insert_rule(store.conn(), &checked, new, None, &timestamp(now))?;
    rule(store.conn(), id)
}

pub fn update_rule(
    store: &Store,
    id: i64,
    new: &NewKeywordRule,
    now: DateTime<Local>,
) -> Result<KeywordRule, Error> {
    let checked = check(new)?;
    let conn = store.conn();
    rule(conn, id)?;
    conn.execute(
        "UPDATE keyword_rules SET keywords = ?2, reply = ?3, whole = ?4, priority = ?5,
                enabled = ?6, updated_at = ?7 WHERE id = ?1",
        params![
            id,
            tags_json(&checked.keywords),
            checked.reply,
            new.whole,
            new.priority,
            new.enabled,
            timestamp(now)
        ],
    )?;
    rule(conn, id)
}

pub fn delete_rule(store: &Store, id: i64) -> Result<(), Error> {
    let changed = store
        .conn()
        .execute("DELETE FROM keyword_rules WHERE id = ?1", [id])?;
    if changed == 0 {
        return Err(Error::not_found(format!("编号为 {id} 的关键词回复")));
    }
    Ok(())
}

/// A rule that matched, with the keyword that did it.
struct Match<'a> {
    rule: &'a KeywordRule,
    keyword: &'a str,
}

impl Match<'_> {
    fn keyword_len(&self) -> usize {
        normalise(self.keyword).chars().count()
    }

    /// Whole-message rules first, then priority, then the longer (more specific)
    /// keyword, then the older rule.
    fn rank(&self) -> (bool, Reverse<bool>, Reverse<i32>, Reverse<usize>, i64) {
        (
            !self.rule.enabled,
            Reverse(self.rule.whole),
            Reverse(self.rule.priority),
            Reverse(self.keyword_len()),
            self.rule.id,
        )
    }

    fn found(&self) -> String {
        if self.rule.whole {
            format!("整条消息就是“{}”", self.keyword)
        } else {
            format!("消息里有关键词“{}”", self.keyword)
        }
    }
}

/// The keyword of `rule` that `message` (normalised) matches; the longest if several.
fn matching_keyword<'a>(rule: &'a KeywordRule, message: &str) -> Option<&'a str> {
    rule.keywords
        .iter()
        .filter(|k| {
            let k = normalise(k);
            !k.is_empty()
                && if rule.whole {
                    message == k
                } else {
                    message.contains(&k)
                }
        })
        .max_by_key(|k| normalise(k).chars().count())
        .map(String::as_str)
}

/// Why `winner` beat `loser`, from the first rank step where they differ.
fn why_first(winner: &Match, loser: &Match) -> String {
    if winner.rule.whole != loser.rule.whole {
        "整句匹配的规则排在包含匹配的前面".to_owned()
    } else if winner.rule.priority != loser.rule.priority {
        format!(
            "优先级 {} 高于规则 {} 的 {}",
            winner.rule.priority, loser.rule.id, loser.rule.priority
        )
    } else if winner.keyword_len() != loser.keyword_len() {
        format!(
            "优先级相同时，关键词更长的更具体：“{}”比“{}”长",
            winner.keyword, loser.keyword
        )
    } else {
        format!(
            "优先级和关键词长度都相同，先建的规则 {} 优先",
            winner.rule.id
        )
    }
}

/// Which reply `message` would get, and why; the other rules that matched, each
/// with why it lost (or that it is switched off).
pub fn test_reply(store: &Store, message: &str) -> Result<ReplyOutcome, Error> {
    let rules = keyword_rules(store)?;
    let normalised = normalise(message);
    let mut matches: Vec<Match> = rules
        .iter()
        .filter_map(|rule| {
            matching_keyword(rule, &normalised).map(|keyword| Match { rule, keyword })
        })
        .collect();
    matches.sort_by_key(Match::rank);

    let values = shop_values(store)?;
    let hit = |m: &Match, reason: String| ReplyHit {
        rule_id: m.rule.id,
        keyword: m.keyword.to_owned(),
        reply: fill_text(&m.rule.reply, &values).text,
        reason,
    };

    let winner = matches.first().filter(|m| m.rule.enabled);
    let fired = winner.map(|w| {
        let runner_up = matches.get(1).filter(|m| m.rule.enabled);
        let reason = match runner_up {
            Some(r) => format!("{}；{}", w.found(), why_first(w, r)),
            None => format!("{}，只有这条规则匹配", w.found()),
        };
        hit(w, reason)
    });
    let also_matched = matches
        .iter()
        .skip(usize::from(winner.is_some()))
        .map(|m| {
            let reason = match winner {
                _ if !m.rule.enabled => format!("{}，但这条规则已停用", m.found()),
                Some(w) => format!("{}，但{}", m.found(), why_first(w, m)),
                None => m.found(),
            };
            hit(m, reason)
        })
        .collect();
    Ok(ReplyOutcome {
        message: message.to_owned(),
        fired,
        also_matched,
    })
}

#[cfg(test)]
mod tests {
    use super::normalise;

    #[test]
    fn width_case_and_spaces_do_not_matter() {
        assert_eq!(normalise("ＷＩＦＩ 密码？"), "wifi密码?");
        assert_eq!(normalise("  几点 关门 "), "几点关门");
    }
}
