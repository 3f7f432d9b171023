//! Finding members: filters, sorting and paging done in SQL, so the list stays fast
//! at 100,000 members.

use chrono::{Datelike, Days, NaiveDate};
use rusqlite::types::Value;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::model::*;
use super::refresh::ensure_fresh;
use super::view::{TagContext, VIEW_SELECT, view_from_row};
use crate::error::Error;
use crate::shop;
use crate::store::Store;

/// The smallest string above every string starting with `prefix` (ASCII letters):
/// `zs` → `zt`; `z` → `{`.
fn prefix_end(prefix: &str) -> String {
    let mut bytes = prefix.as_bytes().to_vec();
    if let Some(last) = bytes.last_mut() {
        *last += 1;
    }
    String::from_utf8(bytes).unwrap_or_default()
}

struct Filter {
    clauses: Vec<String>,
    params: Vec<Value>,
}

impl Filter {
    fn push(&mut self, clause: &str, params: impl IntoIterator<Item = Value>) {
        self.clauses.push(clause.to_owned());
        self.params.extend(params);
    }

    fn sql(&self) -> String {
        if self.clauses.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", self.clauses.join(" AND "))
        }
    }
}

fn text(v: impl Into<String>) -> Value {
    Value::Text(v.into())
}

fn build_filter(q: &MemberQuery, ctx: &TagContext) -> Filter {
    let mut f = Filter {
        clauses: Vec::new(),
        params: Vec::new(),
    };
    if q.left_only {
        f.push("m.status = 'left'", []);
    } else if q.include_left {
        f.push("m.status <> 'deleted'", []);
    } else {
        f.push("m.status = 'active'", []);
    }
    if let Some(search) = q.search.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        if search.chars().all(|c| c.is_ascii_digit()) {
            if search.len() == 4 {
                f.push("substr(m.phone, 8) = ?", [text(search)]);
            } else {
                f.push("instr(m.phone, ?) > 0", [text(search)]);
            }
        } else if search.chars().all(|c| c.is_ascii_alphabetic()) {
            // A prefix of the initials or of the full pinyin, as index range scans.
            let low = search.to_ascii_lowercase();
            let high = prefix_end(&low);
            f.push(
                "((m.name_initials >= ? AND m.name_initials < ?)
                  OR (m.name_pinyin >= ? AND m.name_pinyin < ?))",
                [text(low.clone()), text(high.clone()), text(low), text(high)],
            );
        } else {
            f.push(
                "(instr(m.name, ?) > 0 OR instr(m.wechat, ?) > 0)",
                [text(search), text(search)],
            );
        }
    }
    if let Some(tier) = q.tier {
        f.push("m.tier = ?", [text(tier.as_str())]);
    }
    if let Some(group) = q.group_id {
        f.push(
            "EXISTS (SELECT 1 FROM member_groups g WHERE g.member_id = m.id AND g.group_id = ?)",
            [Value::Integer(group)],
        );
    }
    if let Some(tag) = q.tag.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        match tag {
            TAG_HIGH_VALUE => f.push(
                "m.spend_12m_fen >= ?",
                [Value::Integer(ctx.rules.high_value_fen)],
            ),
            TAG_DORMANT => push_dormant(&mut f, ctx),
            TAG_BIRTHDAY_THIS_MONTH => f.push(
                "m.birthday_this_year_on LIKE ?",
                [text(format!("{}-%", ctx.this_month))],
            ),
            TAG_NEW => f.push("m.joined_on >= ?", [text(ctx.new_since.clone())]),
            custom => f.push(
                "EXISTS (SELECT 1 FROM member_tags t WHERE t.member_id = m.id AND t.tag = ?)",
                [text(custom)],
            ),
        }
    }
    if q.dormant {
        push_dormant(&mut f, ctx);
    }
    if let Some(month) = q.birthday_month {
        f.push(
            "m.birthday_this_year_on LIKE ?",
            [text(format!("{}-{month:02}-%", ctx.today.year()))],
        );
    }
    if let Some(days) = q.birthday_within_days {
        let until = ctx.today + Days::new(u64::from(days));
        f.push(
            "m.birthday_next_on BETWEEN ? AND ?",
            [text(ctx.today.to_string()), text(until.to_string())],
        );
    }
    if let Some(day) = q.birthday_on {
        let keys = Birthday::keys_on(day);
        let one = "(m.birthday_month = ? AND m.birthday_day = ? AND m.birthday_lunar = ?)";
        f.push(
            &format!("({})", vec![one; keys.len()].join(" OR ")),
            keys.into_iter().flat_map(|(month, day, lunar)| {
                [
                    Value::Integer(month.into()),
                    Value::Integer(day.into()),
                    Value::Integer(lunar.into()),
                ]
            }),
        );
    }
    if let Some(days) = q.joined_within_days {
        let since = ctx.today - Days::new(u64::from(days));
        f.push("m.joined_on >= ?", [text(since.to_string())]);
    }
    f
}

fn push_dormant(f: &mut Filter, ctx: &TagContext) {
    f.push(
        "COALESCE(m.last_purchase_on, m.joined_on) < ?",
        [text(ctx.dormant_before.clone())],
    );
}

fn order_by(q: &MemberQuery) -> String {
    let dir = if q.descending { "DESC" } else { "ASC" };
    // With a search term the matches are few: let the search pick the index, and
    // keep the sort column (prefixed with unary +) from driving a walk over every
    // member in sort order.
    let plus = if q.search.as_deref().is_some_and(|s| !s.trim().is_empty()) {
        "+"
    } else {
        ""
    };
    let key = match q.sort {
        MemberSort::Joined => format!("{plus}m.joined_on"),
        MemberSort::Name => format!("{plus}m.name_pinyin"),
        MemberSort::Spend => format!("{plus}m.spend_12m_fen"),
        MemberSort::Points => format!("{plus}m.points_balance"),
        MemberSort::LastVisit => format!("m.last_purchase_on IS NULL, {plus}m.last_purchase_on"),
    };
    format!(" ORDER BY {key} {dir}, m.id {dir}")
}

/// One page of members matching `q`, with the total count of matches.
pub fn list(store: &Store, q: &MemberQuery, today: NaiveDate) -> Result<MemberPage, Error> {
    ensure_fresh(store, today)?;
    let conn = store.conn();
    let rules = shop::rules_in(conn)?;
    let ctx = TagContext::new(today, &rules);
    let filter = build_filter(q, &ctx);
    let where_sql = filter.sql();
    let order = order_by(q);
    let searching = q.search.as_deref().is_some_and(|s| !s.trim().is_empty());
    let mut params = filter.params.clone();
    params.push(Value::Integer(q.limit.map_or(-1, i64::from)));
    params.push(Value::Integer(i64::from(q.offset)));
    // The page's ids first, then the full views (with their per-member subqueries)
    // for those rows only: otherwise the subqueries run for every match before the
    // sort keeps 50 of them.
    let (ids, total) = if searching {
        // A search reads every member once anyway (substring) or few rows (index):
        // count the matches in that same pass instead of a second scan.
        let mut stmt = conn.prepare(&format!(
            "SELECT m.id, COUNT(*) OVER () FROM members m{where_sql}{order} LIMIT ? OFFSET ?"
        ))?;
        let rows = stmt
            .query_map(rusqlite::params_from_iter(params.iter()), |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, u32>(1)?))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let total = match rows.first() {
            Some(&(_, total)) => total,
            // Paged past the end: the window saw no row to carry the count.
            None => count(conn, &where_sql, &filter.params)?,
        };
        (
            rows.into_iter().map(|(id, _)| id).collect::<Vec<_>>(),
            total,
        )
    } else {
        // Without a search the page walks an index in sort order and stops after 50
        // rows; a window count would make it visit every member.
        let total = count(conn, &where_sql, &filter.params)?;
        let mut stmt = conn.prepare(&format!(
            "SELECT m.id FROM members m{where_sql}{order} LIMIT ? OFFSET ?"
        ))?;
        let ids = stmt
            .query_map(rusqlite::params_from_iter(params.iter()), |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<i64>>>()?;
        (ids, total)
    };
    let id_list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
    let mut stmt = conn.prepare(&format!("{VIEW_SELECT} WHERE m.id IN ({id_list}){order}"))?;
    let members = stmt
        .query_map([], |row| view_from_row(row, &ctx))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(MemberPage { total, members })
}

fn count(conn: &rusqlite::Connection, where_sql: &str, params: &[Value]) -> Result<u32, Error> {
    Ok(conn.query_row(
        &format!("SELECT COUNT(*) FROM members m{where_sql}"),
        rusqlite::params_from_iter(params.iter()),
        |r| r.get(0),
    )?)
}

/// One of the shop's own tags and how many members (not left) carry it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TagCount {
    pub tag: String,
    pub members: u32,
}

/// The shop's own tags, most used first, for the tag filter and the tag field.
pub fn custom_tags(store: &Store) -> Result<Vec<TagCount>, Error> {
    let mut stmt = store.conn().prepare(
        "SELECT t.tag, COUNT(*) FROM member_tags t JOIN members m ON m.id = t.member_id
          WHERE m.status = 'active' GROUP BY t.tag ORDER BY COUNT(*) DESC, t.tag",
    )?;
    let tags = stmt
        .query_map([], |r| {
            Ok(TagCount {
                tag: r.get(0)?,
                members: r.get(1)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(tags)
}

/// Who a member brought in, and whom those brought in, and so on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ReferralNode {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub phone: String,
    pub joined_on: String,
    pub children: Vec<ReferralNode>,
}

/// The referral tree below `member_id` (the member at the root).
pub fn referral_tree(store: &Store, member_id: i64) -> Result<ReferralNode, Error> {
    let conn = store.conn();
    let mut stmt = conn.prepare(
        "WITH RECURSIVE tree(id, depth) AS (
            SELECT id, 0 FROM members WHERE id = ?1
            UNION ALL
            SELECT m.id, tree.depth + 1 FROM members m JOIN tree ON m.referrer_id = tree.id
             WHERE tree.depth < 100)
         SELECT m.id, m.name, COALESCE(m.phone, ''), m.joined_on, m.referrer_id
           FROM tree JOIN members m ON m.id = tree.id ORDER BY tree.depth, m.joined_on, m.id",
    )?;
    let rows: Vec<(ReferralNode, Option<i64>)> = stmt
        .query_map([member_id], |r| {
            Ok((
                ReferralNode {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    phone: r.get(2)?,
                    joined_on: r.get(3)?,
                    children: Vec::new(),
                },
                r.get(4)?,
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    if rows.is_empty() {
        return Err(Error::not_found(format!("编号为 {member_id} 的会员")));
    }
    // Deepest first, so each node is complete before it is attached to its parent.
    let mut nodes: Vec<(ReferralNode, Option<i64>)> = rows;
    while nodes.len() > 1 {
        let (node, parent) = nodes.pop().unwrap_or_else(|| unreachable!());
        if let Some(slot) = nodes.iter_mut().find(|(n, _)| Some(n.id) == parent) {
            slot.0.children.insert(0, node);
        }
    }
    Ok(nodes.remove(0).0)
}

/// Referral totals for the report: referrers, members they brought in, and the
/// fission multiple (members brought in per referrer).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ReferralStats {
    pub referrers: u32,
    pub referred: u32,
    pub fission_multiple: f64,
}

pub fn referral_stats(store: &Store) -> Result<ReferralStats, Error> {
    let (referrers, referred): (u32, u32) = store.conn().query_row(
        "SELECT COUNT(DISTINCT referrer_id), COUNT(*) FROM members WHERE referrer_id IS NOT NULL",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let fission_multiple = if referrers == 0 {
        0.0
    } else {
        f64::from(referred) / f64::from(referrers)
    };
    Ok(ReferralStats {
        referrers,
        referred,
        fission_multiple,
    })
}
