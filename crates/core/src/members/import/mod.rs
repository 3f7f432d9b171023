//! Importing members from Excel or CSV: map columns, preview, check every row, then
//! write the good rows in ONE transaction — a cancel, a crash or a power cut leaves
//! the book exactly as it was.

mod columns;

use std::collections::{HashMap, HashSet};
use std::path::Path;

use chrono::{DateTime, Local, NaiveDate};
use rusqlite::{Connection, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use crate::sheet::{Table, decode_text, read_table};
pub use columns::{ImportField, guess_mapping};

use super::MemberError;
use super::book::timestamp;
use super::model::{Birthday, COMPUTED_TAGS, Gender, Tier};
use super::refresh::{self, expiry_of};
use crate::shop;
use crate::store::Store;
use crate::text::{mask_mobile, normalise_mobile, parse_yuan, pinyin_keys};

/// What to do with a row whose phone is already a member.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum OnDuplicate {
    /// Leave the existing member alone.
    #[default]
    Skip,
    /// Overwrite the member's fields with the file's non-empty cells.
    Update,
    /// Fill only the member's empty fields; add tags, spend and points.
    Merge,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ImportOptions {
    /// One field per column; the guessed mapping when absent.
    #[ts(optional)]
    pub mapping: Option<Vec<ImportField>>,
    #[serde(default)]
    pub on_duplicate: OnDuplicate,
    /// Any bad row stops the import with nothing written.
    #[serde(default)]
    pub strict: bool,
    /// Check and report only; write nothing.
    #[serde(default)]
    pub dry_run: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RowError {
    /// As the spreadsheet shows it: the header is row 1.
    pub row: u32,
    pub reason: String,
}

/// `shequn members import --json` prints this (a contract: extend, never change).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ImportReport {
    pub imported: u32,
    pub updated: u32,
    pub skipped: u32,
    pub errors: Vec<RowError>,
    /// Whether anything was written (false for a dry run or a refused strict import).
    pub written: bool,
}

/// What the wizard shows before importing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ImportPreview {
    pub header: Vec<String>,
    pub mapping: Vec<ImportField>,
    /// The first rows, as text.
    pub sample: Vec<Vec<String>>,
    pub total_rows: u32,
}

pub fn preview(path: &Path) -> Result<ImportPreview, MemberError> {
    let table = read_table(path).map_err(|m| MemberError::invalid("file", m))?;
    Ok(ImportPreview {
        mapping: guess_mapping(&table.header),
        sample: table.rows.iter().take(20).map(|(_, r)| r.clone()).collect(),
        total_rows: u32::try_from(table.rows.len()).unwrap_or(u32::MAX),
        header: table.header,
    })
}

/// One checked row, ready to write.
#[derive(Debug, Clone, Default)]
struct Candidate {
    row: u32,
    name: String,
    phone: String,
    wechat: Option<String>,
    gender: Option<Gender>,
    birthday: Option<Birthday>,
    joined_on: Option<NaiveDate>,
    source: Option<String>,
    notes: Option<String>,
    tags: Vec<String>,
    spend_fen: i64,
    points: i64,
    referrer: Option<String>,
}

/// Called with (rows done, rows in all) while writing; return false to cancel.
pub type Progress<'a> = &'a mut dyn FnMut(u32, u32) -> bool;

/// Imports `path` into the book. See [`ImportOptions`]; the report lists every bad
/// row by its spreadsheet row number.
pub fn import(
    store: &Store,
    path: &Path,
    options: &ImportOptions,
    today: NaiveDate,
    now: DateTime<Local>,
    progress: Progress,
) -> Result<ImportReport, MemberError> {
    let table = read_table(path).map_err(|m| MemberError::invalid("file", m))?;
    let mapping = options
        .mapping
        .clone()
        .unwrap_or_else(|| guess_mapping(&table.header));
    for (needed, label) in [(ImportField::Name, "姓名"), (ImportField::Phone, "手机号")] {
        if !mapping.contains(&needed) {
            return Err(MemberError::invalid(
                "mapping",
                format!("没有找到“{label}”列：请在对应关系里指定哪一列是{label}"),
            ));
        }
    }
    super::refresh::ensure_fresh(store, today)?;
    let conn = store.conn();
    let existing = existing_members(conn)?;

    let mut report = ImportReport::default();
    let mut candidates: Vec<Candidate> = Vec::with_capacity(table.rows.len());
    let mut first_row_of: HashMap<String, u32> = HashMap::new();
    for (row, cells) in &table.rows {
        match check_row(*row, cells, &mapping, today) {
            Err(reason) => report.errors.push(RowError { row: *row, reason }),
            Ok(c) => match first_row_of.get(&c.phone) {
                Some(first) => report.errors.push(RowError {
                    row: *row,
                    reason: format!("手机号 {} 与第 {first} 行重复", mask_mobile(&c.phone)),
                }),
                None => {
                    first_row_of.insert(c.phone.clone(), *row);
                    candidates.push(c);
                }
            },
        }
    }
    check_referrers(&mut candidates, &existing, &mut report);
    report.errors.sort_by_key(|e| e.row);

    if options.dry_run || (options.strict && !report.errors.is_empty()) {
        count_outcomes(&candidates, &existing, options.on_duplicate, &mut report);
        return Ok(report);
    }
    write(
        conn,
        &candidates,
        &existing,
        options.on_duplicate,
        today,
        now,
        progress,
        &mut report,
    )?;
    Ok(report)
}

fn count_outcomes(
    candidates: &[Candidate],
    existing: &Existing,
    policy: OnDuplicate,
    report: &mut ImportReport,
) {
    for c in candidates {
        match (existing.by_phone.contains_key(&c.phone), policy) {
            (false, _) => report.imported += 1,
            (true, OnDuplicate::Skip) => report.skipped += 1,
            (true, _) => report.updated += 1,
        }
    }
}

/// Members already in the book, by phone, and who referred whom (by phone).
struct Existing {
    by_phone: HashMap<String, i64>,
    referrer_of: HashMap<String, String>,
}

fn existing_members(conn: &Connection) -> rusqlite::Result<Existing> {
    let mut by_phone = HashMap::new();
    let mut referrer_of = HashMap::new();
    let mut stmt = conn.prepare(
        "SELECT m.id, m.phone, r.phone FROM members m LEFT JOIN members r ON r.id = m.referrer_id
          WHERE m.phone IS NOT NULL",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let phone: String = row.get(1)?;
        if let Some(referrer) = row.get::<_, Option<String>>(2)? {
            referrer_of.insert(phone.clone(), referrer);
        }
        by_phone.insert(phone, row.get(0)?);
    }
    Ok(Existing {
        by_phone,
        referrer_of,
    })
}

fn check_row(
    row: u32,
    cells: &[String],
    mapping: &[ImportField],
    today: NaiveDate,
) -> Result<Candidate, String> {
    let mut c = Candidate {
        row,
        ..Candidate::default()
    };
    let mut problems = Vec::new();
    for (field, cell) in mapping
        .iter()
        .zip(cells.iter().chain(std::iter::repeat(&String::new())))
    {
        let cell = cell.trim();
        let label = field.label();
        match field {
            ImportField::Name => c.name = cell.to_owned(),
            ImportField::Phone => match normalise_mobile(cell) {
                Ok(p) => c.phone = p,
                Err(e) => problems.push(e.to_string()),
            },
            _ if cell.is_empty() => {}
            ImportField::Birthday => {
                let lunar = cell.contains("农历") || cell.contains("阴历");
                let text = cell.replace("农历", "").replace("阴历", "");
                match Birthday::parse(&text, lunar) {
                    Ok(b) => c.birthday = Some(b),
                    Err(e) => problems.push(e),
                }
            }
            ImportField::Gender => match Gender::parse(cell) {
                Some(g) => c.gender = Some(g),
                None => problems.push(format!("性别“{cell}”看不懂，请填 男 或 女")),
            },
            ImportField::Tags => {
                for tag in cell
                    .split([',', '，', '、', ';', '；', '|', '/'])
                    .map(str::trim)
                {
                    if !tag.is_empty()
                        && !COMPUTED_TAGS.contains(&tag)
                        && !c.tags.iter().any(|t| t == tag)
                    {
                        c.tags.push(tag.chars().take(20).collect());
                    }
                }
            }
            ImportField::Notes => c.notes = Some(cell.to_owned()),
            ImportField::Spend => match parse_yuan(cell) {
                Ok(fen) if fen >= 0 => c.spend_fen = fen,
                Ok(_) => problems.push(format!("{label}不能是负数")),
                Err(e) => problems.push(format!("{label}：{e}")),
            },
            ImportField::Points => match cell.replace([',', '，'], "").parse::<i64>() {
                Ok(p) if (0..=100_000_000).contains(&p) => c.points = p,
                _ => problems.push(format!("积分“{cell}”应为不小于 0 的整数")),
            },
            ImportField::JoinedOn => match parse_date(cell) {
                Some(d) if d <= today => c.joined_on = Some(d),
                Some(_) => problems.push(format!("入会时间“{cell}”晚于今天")),
                None => problems.push(format!("入会时间“{cell}”不是有效日期")),
            },
            ImportField::Referrer => match normalise_mobile(cell) {
                Ok(p) => c.referrer = Some(p),
                Err(e) => problems.push(format!("推荐人{e}")),
            },
            ImportField::Wechat => c.wechat = Some(cell.to_owned()),
            ImportField::Source => c.source = Some(cell.to_owned()),
            ImportField::Ignore => {}
        }
    }
    if c.name.is_empty() {
        problems.insert(0, "姓名为空".to_owned());
    } else if c.name.chars().count() > 40 {
        problems.push("姓名超过 40 个字".to_owned());
    }
    if c.referrer.as_deref() == Some(c.phone.as_str()) && !c.phone.is_empty() {
        problems.push("不能自己推荐自己".to_owned());
    }
    if problems.is_empty() {
        Ok(c)
    } else {
        Err(problems.join("；"))
    }
}

/// `2026-01-31`, `2026/1/31`, `2026.1.31`, `2026年1月31日`, `20260131`, or with a time.
fn parse_date(text: &str) -> Option<NaiveDate> {
    let date_part = text.split([' ', 'T']).next().unwrap_or(text);
    let cleaned = date_part
        .replace(['年', '月', '/', '.'], "-")
        .replace('日', "");
    NaiveDate::parse_from_str(&cleaned, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(&cleaned, "%Y%m%d"))
        .ok()
}

/// A referrer must be a member already or a good row of this file, and referrals
/// must not go round in a circle. Failing rows are dropped until none fail.
fn check_referrers(
    candidates: &mut Vec<Candidate>,
    existing: &Existing,
    report: &mut ImportReport,
) {
    loop {
        let known: HashSet<&str> = existing
            .by_phone
            .keys()
            .map(String::as_str)
            .chain(candidates.iter().map(|c| c.phone.as_str()))
            .collect();
        let mut parent: HashMap<&str, &str> = existing
            .referrer_of
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        for c in candidates.iter() {
            if let Some(r) = &c.referrer {
                parent.insert(c.phone.as_str(), r.as_str());
            }
        }
        let mut bad: Vec<(usize, String)> = Vec::new();
        for (i, c) in candidates.iter().enumerate() {
            let Some(referrer) = c.referrer.as_deref() else {
                continue;
            };
            if !known.contains(referrer) {
                bad.push((
                    i,
                    format!(
                        "推荐人 {} 不是会员，也不在这个文件里",
                        mask_mobile(referrer)
                    ),
                ));
                continue;
            }
            let mut at = referrer;
            for _ in 0..=parent.len() {
                if at == c.phone {
                    bad.push((i, "推荐关系绕成了一圈，请检查推荐人".to_owned()));
                    break;
                }
                match parent.get(at) {
                    Some(next) => at = next,
                    None => break,
                }
            }
        }
        if bad.is_empty() {
            return;
        }
        for (i, reason) in bad.iter().rev() {
            let c = candidates.remove(*i);
            report.errors.push(RowError {
                row: c.row,
                reason: reason.clone(),
            });
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn write(
    conn: &Connection,
    candidates: &[Candidate],
    existing: &Existing,
    policy: OnDuplicate,
    today: NaiveDate,
    now: DateTime<Local>,
    progress: Progress,
    report: &mut ImportReport,
) -> Result<(), MemberError> {
    let total = u32::try_from(candidates.len()).unwrap_or(u32::MAX);
    let rules = shop::rules_in(conn)?;
    let stamp = timestamp(now);
    let tx = conn.unchecked_transaction()?;
    // Loading more rows than the book holds: building the secondary indexes once
    // afterwards is much cheaper than updating them row by row. All of it is inside
    // the transaction, so a rollback brings the indexes back too.
    let rebuild = if candidates.len() > existing.by_phone.len() {
        Some(drop_secondary_indexes(&tx)?)
    } else {
        None
    };
    let mut updated: Vec<i64> = Vec::new();
    let mut ids: HashMap<&str, i64> = existing
        .by_phone
        .iter()
        .map(|(k, v)| (k.as_str(), *v))
        .collect();
    {
        let mut insert = tx.prepare_cached(
            "INSERT INTO members (name, phone, wechat, gender, birthday_month, birthday_day,
                birthday_year, birthday_lunar, joined_on, source, notes, name_pinyin,
                name_initials, created_at, updated_at, spend_12m_fen, points_balance,
                last_purchase_on, tier, birthday_this_year_on, birthday_next_on)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?14,
                     ?15, ?16, ?17, ?18, ?19, ?20)",
        )?;
        let mut tag = tx
            .prepare_cached("INSERT OR IGNORE INTO member_tags (member_id, tag) VALUES (?1, ?2)")?;
        let mut purchase = tx.prepare_cached(
            "INSERT INTO purchases (member_id, amount_fen, occurred_on, category, note, created_at)
             VALUES (?1, ?2, ?3, '导入', '导入的累计消费', ?4)",
        )?;
        let mut points = tx.prepare_cached(
            "INSERT INTO points_entries (member_id, delta, kind, reason, occurred_on, expires_on, created_at)
             VALUES (?1, ?2, 'award', '导入的积分', ?3, ?4, ?5)",
        )?;
        let mut tier_change = tx.prepare_cached(
            "INSERT INTO tier_changes (member_id, from_tier, to_tier, changed_on)
             VALUES (?1, 'none', ?2, ?3)",
        )?;
        let expires = expiry_of(today, &rules).map(|d| d.to_string());
        let today_text = today.to_string();
        for (done, c) in candidates.iter().enumerate() {
            if done % 2000 == 0 && !progress(u32::try_from(done).unwrap_or(u32::MAX), total) {
                return Err(MemberError::Cancelled);
            }
            let id = match existing.by_phone.get(&c.phone) {
                None => {
                    let b = c.birthday;
                    let keys = pinyin_keys(&c.name);
                    // A new member's ledgers hold only what this row brings (one
                    // purchase and one award dated today), so their cached facts are
                    // known here and no refresh is needed.
                    let tier = Tier::for_spend(c.spend_fen, &rules.tiers);
                    insert.execute(params![
                        c.name,
                        c.phone,
                        c.wechat.as_deref().unwrap_or(""),
                        c.gender.unwrap_or_default().as_str(),
                        b.map(|b| b.month),
                        b.map(|b| b.day),
                        b.and_then(|b| b.year),
                        b.is_some_and(|b| b.lunar),
                        c.joined_on.unwrap_or(today).to_string(),
                        c.source.as_deref().unwrap_or(""),
                        c.notes.as_deref().unwrap_or(""),
                        keys.full,
                        keys.initials,
                        stamp,
                        c.spend_fen,
                        c.points,
                        (c.spend_fen > 0).then_some(&today_text),
                        tier.as_str(),
                        b.and_then(|b| b.this_year(today)).map(|d| d.to_string()),
                        b.and_then(|b| b.next_on_or_after(today))
                            .map(|d| d.to_string()),
                    ])?;
                    let id = tx.last_insert_rowid();
                    if tier != Tier::None {
                        tier_change.execute(params![id, tier.as_str(), today_text])?;
                    }
                    ids.insert(c.phone.as_str(), id);
                    report.imported += 1;
                    id
                }
                Some(_) if policy == OnDuplicate::Skip => {
                    report.skipped += 1;
                    continue;
                }
                Some(&id) => {
                    update_existing(&tx, id, c, policy, &stamp)?;
                    report.updated += 1;
                    updated.push(id);
                    id
                }
            };
            for t in &c.tags {
                tag.execute(params![id, t])?;
            }
            if c.spend_fen > 0 {
                purchase.execute(params![id, c.spend_fen, today.to_string(), stamp])?;
            }
            if c.points > 0 {
                points.execute(params![id, c.points, today.to_string(), expires, stamp])?;
            }
        }
        // Referrers last: they may be rows further down the file.
        let mut link = tx.prepare_cached(
            "UPDATE members SET referrer_id = ?2 WHERE id = ?1 AND (?3 OR referrer_id IS NULL)",
        )?;
        for c in candidates {
            if let (Some(referrer), Some(&id)) = (&c.referrer, ids.get(c.phone.as_str()))
                && let Some(&referrer_id) = ids.get(referrer.as_str())
                && (policy != OnDuplicate::Skip || !existing.by_phone.contains_key(&c.phone))
            {
                let overwrite =
                    policy == OnDuplicate::Update || !existing.by_phone.contains_key(&c.phone);
                link.execute(params![id, referrer_id, overwrite])?;
            }
        }
    }
    if !progress(total, total) {
        return Err(MemberError::Cancelled);
    }
    if let Some(indexes) = rebuild {
        for sql in indexes {
            tx.execute_batch(&sql)?;
        }
    }
    // Members already in the book, and referrers who gained members, are refreshed;
    // one pass over everything is cheaper than many single ones past a point.
    let referrers: HashSet<i64> = candidates
        .iter()
        .filter_map(|c| c.referrer.as_deref().and_then(|r| ids.get(r)).copied())
        .collect();
    updated.extend(referrers);
    if updated.len() > 2_000 {
        refresh::refresh(&tx, None, today)?;
    } else {
        for id in updated {
            refresh::refresh(&tx, Some(id), today)?;
        }
    }
    tx.commit()?;
    report.written = true;
    Ok(())
}

/// Drops the secondary indexes of the tables an import fills and returns the SQL
/// that recreates them (as the migrations wrote it).
fn drop_secondary_indexes(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    let indexes: Vec<(String, String)> = conn
        .prepare(
            "SELECT name, sql FROM sqlite_master
              WHERE type = 'index' AND sql IS NOT NULL
                AND tbl_name IN ('members', 'member_tags', 'purchases', 'points_entries', 'tier_changes')",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (name, _) in &indexes {
        conn.execute_batch(&format!("DROP INDEX \"{name}\""))?;
    }
    Ok(indexes.into_iter().map(|(_, sql)| sql).collect())
}

/// Update: the file's non-empty cells win. Merge: only the member's empty fields are
/// filled. Tags, spend and points are added in both cases.
fn update_existing(
    conn: &Connection,
    id: i64,
    c: &Candidate,
    policy: OnDuplicate,
    stamp: &str,
) -> rusqlite::Result<()> {
    let overwrite = policy == OnDuplicate::Update;
    let set = |column: &str, value: Option<&str>| -> rusqlite::Result<()> {
        if let Some(value) = value.filter(|v| !v.is_empty()) {
            let sql = format!(
                "UPDATE members SET {column} = ?2, updated_at = ?3 WHERE id = ?1 AND (?4 OR {column} = '')"
            );
            conn.execute(&sql, params![id, value, stamp, overwrite])?;
        }
        Ok(())
    };
    set("wechat", c.wechat.as_deref())?;
    set("source", c.source.as_deref())?;
    set("notes", c.notes.as_deref())?;
    if let Some(g) = c.gender.filter(|g| *g != Gender::Unknown) {
        conn.execute(
            "UPDATE members SET gender = ?2 WHERE id = ?1 AND (?3 OR gender = 'unknown')",
            params![id, g.as_str(), overwrite],
        )?;
    }
    if let Some(b) = c.birthday {
        conn.execute(
            "UPDATE members SET birthday_month = ?2, birthday_day = ?3, birthday_year = ?4,
                    birthday_lunar = ?5
              WHERE id = ?1 AND (?6 OR birthday_month IS NULL)",
            params![id, b.month, b.day, b.year, b.lunar, overwrite],
        )?;
    }
    if overwrite && !c.name.is_empty() {
        let keys = pinyin_keys(&c.name);
        conn.execute(
            "UPDATE members SET name = ?2, name_pinyin = ?3, name_initials = ?4 WHERE id = ?1",
            params![id, c.name, keys.full, keys.initials],
        )?;
    }
    Ok(())
}
