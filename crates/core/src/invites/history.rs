//! The redemption log (核销记录): every code taken at the counter, kept for good, so
//! the counter can tell a gift already handed over and the boss can see what each
//! channel brought.

use std::path::Path;

use chrono::NaiveDate;
use rusqlite::types::Value;

use super::model::{RedemptionQuery, RedemptionRecord};
use crate::error::Error;
use crate::sheet::{Cell, OutTable, write_table};
use crate::store::Store;
use crate::text::mask_mobile;

fn day(field: &str, text: Option<&str>) -> Result<Option<NaiveDate>, Error> {
    crate::text::optional_day("日期", text).map_err(|message| Error::invalid(field, message))
}

/// The name the save dialog offers for the log: `核销记录-2026-12-02.xlsx`.
pub fn redemptions_file_name(today: NaiveDate) -> String {
    format!("核销记录-{}.xlsx", crate::text::day_text(today))
}

/// Redemptions matching `query`, newest first. Phones are masked unless `unmask`.
pub fn redemptions(store: &Store, query: &RedemptionQuery) -> Result<Vec<RedemptionRecord>, Error> {
    let from = day("from", query.from.as_deref())?;
    let to = day("to", query.to.as_deref())?;
    if let (Some(f), Some(t)) = (from, to)
        && f > t
    {
        return Err(Error::invalid("to", "结束日期早于开始日期"));
    }
    let mut clauses = Vec::new();
    let mut params: Vec<Value> = Vec::new();
    // redeemed_at is an RFC 3339 stamp: its first ten characters are the local day.
    if let Some(f) = from {
        clauses.push("substr(r.redeemed_at, 1, 10) >= ?");
        params.push(Value::Text(f.to_string()));
    }
    if let Some(t) = to {
        clauses.push("substr(r.redeemed_at, 1, 10) <= ?");
        params.push(Value::Text(t.to_string()));
    }
    if let Some(channel) = query.channel_id {
        clauses.push("r.channel_id = ?");
        params.push(Value::Integer(channel));
    }
    let filter = if clauses.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", clauses.join(" AND "))
    };
    let sql = format!(
        "SELECT r.id, r.code, r.channel_name, r.channel_id, r.member_id, r.new_member,
                r.gift, r.referrer_id, r.staff, r.redeemed_at
           FROM invite_redemptions r
           {filter}
          ORDER BY r.redeemed_at DESC, r.id DESC"
    );
    let phone = |p: &str| {
        if query.unmask || p.is_empty() {
            p.to_owned()
        } else {
            mask_mobile(p)
        }
    };
    let mut stmt = store.conn().prepare(&sql)?;
    let lines = stmt
        .query_map(rusqlite::params_from_iter(params), |r| {
            Ok((
                r.get::<_, Option<i64>>(4)?,
                r.get::<_, Option<i64>>(7)?,
                RedemptionRecord {
                    id: r.get(0)?,
                    code: r.get(1)?,
                    channel: r.get(2)?,
                    channel_id: r.get(3)?,
                    member_phone: String::new(),
                    member_name: String::new(),
                    new_member: r.get(5)?,
                    gift: r.get(6)?,
                    referrer_phone: None,
                    referrer_name: None,
                    staff: r.get(8)?,
                    redeemed_at: r.get(9)?,
                },
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    // Names and phones as the member book has them now (a deleted member's are gone).
    let people = crate::members::directory::people(
        store.conn(),
        lines
            .iter()
            .flat_map(|(m, f, _)| m.iter().chain(f.iter()).copied()),
    )?;
    let rows = lines
        .into_iter()
        .map(|(member, referrer, mut line)| {
            if let Some(m) = member.and_then(|id| people.get(&id)) {
                line.member_phone = phone(&m.phone);
                line.member_name = m.name.clone();
            }
            if let Some(f) = referrer.and_then(|id| people.get(&id)) {
                line.referrer_phone = (!f.phone.is_empty()).then(|| phone(&f.phone));
                line.referrer_name = Some(f.name.clone());
            }
            line
        })
        .collect();
    Ok(rows)
}

const HEADER: [&str; 9] = [
    "核销时间",
    "邀请码",
    "渠道",
    "会员",
    "手机号",
    "新会员",
    "礼物",
    "推荐人",
    "收银员",
];

/// Writes the redemptions matching `query` to `path` (.xlsx or .csv); returns how
/// many rows.
pub fn export_redemptions(
    store: &Store,
    query: &RedemptionQuery,
    path: &Path,
) -> Result<usize, Error> {
    let rows: Vec<Vec<Cell>> = redemptions(store, query)?
        .into_iter()
        .map(|r| {
            let referrer = match (r.referrer_name, r.referrer_phone) {
                (Some(name), Some(p)) if !p.is_empty() => format!("{name}（{p}）"),
                (Some(name), _) => name,
                _ => String::new(),
            };
            vec![
                Cell::Text(
                    r.redeemed_at
                        .get(..16)
                        .unwrap_or(&r.redeemed_at)
                        .replace('T', " "),
                ),
                Cell::Text(r.code),
                Cell::Text(r.channel),
                Cell::Text(r.member_name),
                Cell::Text(r.member_phone),
                Cell::Text(if r.new_member { "是" } else { "否" }.to_owned()),
                Cell::Text(r.gift),
                Cell::Text(referrer),
                Cell::Text(r.staff),
            ]
        })
        .collect();
    let count = rows.len();
    let table = OutTable {
        sheet: "核销记录",
        header: &HEADER,
        widths: &[18.0, 10.0, 16.0, 12.0, 14.0, 8.0, 16.0, 20.0, 10.0],
        rows,
    };
    write_table(path, &table).map_err(|m| Error::invalid("file", m))?;
    Ok(count)
}
