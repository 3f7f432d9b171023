//! Checking each row of an import before anything is written.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;

use super::columns::ImportField;
use super::{Existing, ImportReport, RowError};
use crate::members::model::{Birthday, COMPUTED_TAGS, Gender};
use crate::text::{PinyinKeys, mask_mobile, normalise_mobile, parse_yuan, pinyin_keys};

/// One checked row, ready to write. `None` is an empty cell (or no such column):
/// on update an empty cell leaves the member's value alone.
#[derive(Debug, Clone, Default)]
pub(super) struct Candidate {
    pub row: u32,
    pub name: String,
    /// The name's search keys, worked out here (on every core) rather than while
    /// the write transaction is open.
    pub keys: PinyinKeys,
    pub phone: String,
    pub wechat: Option<String>,
    pub gender: Option<Gender>,
    pub birthday: Option<Birthday>,
    pub joined_on: Option<NaiveDate>,
    pub source: Option<String>,
    pub notes: Option<String>,
    pub tags: Vec<String>,
    /// 累计消费: lifetime spend.
    pub spend_fen: Option<i64>,
    /// 近12个月消费.
    pub spend_12m_fen: Option<i64>,
    /// 最近消费: the day of the last purchase.
    pub last_purchase: Option<NaiveDate>,
    pub points: Option<i64>,
    pub referrer: Option<String>,
    /// The member this row is: found in the book by phone, or written by the import.
    pub member_id: Option<i64>,
}

impl Candidate {
    /// Whether the row says anything about spend.
    pub fn has_spend(&self) -> bool {
        self.spend_fen.is_some() || self.spend_12m_fen.is_some()
    }
}

fn money(cell: &str, label: &str, problems: &mut Vec<String>) -> Option<i64> {
    match parse_yuan(cell) {
        Ok(fen) if fen >= 0 => Some(fen),
        Ok(_) => {
            problems.push(format!("{label}不能是负数"));
            None
        }
        Err(e) => {
            problems.push(format!("{label}：{e}"));
            None
        }
    }
}

fn past_date(
    cell: &str,
    label: &str,
    today: NaiveDate,
    problems: &mut Vec<String>,
) -> Option<NaiveDate> {
    match parse_date(cell) {
        Some(d) if d <= today => Some(d),
        Some(_) => {
            problems.push(format!("{label}“{cell}”晚于今天"));
            None
        }
        None => {
            problems.push(format!("{label}“{cell}”不是有效日期"));
            None
        }
    }
}

pub(super) fn check_row(
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
                Ok(g) => c.gender = Some(g),
                Err(e) => problems.push(e),
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
            ImportField::Spend => c.spend_fen = money(cell, label, &mut problems),
            ImportField::Spend12m => c.spend_12m_fen = money(cell, label, &mut problems),
            ImportField::LastPurchase => {
                c.last_purchase = past_date(cell, label, today, &mut problems);
            }
            ImportField::Points => match cell.replace([',', '，'], "").parse::<i64>() {
                Ok(p) if (0..=100_000_000).contains(&p) => c.points = Some(p),
                _ => problems.push(format!("积分“{cell}”应为不小于 0 的整数")),
            },
            ImportField::JoinedOn => c.joined_on = past_date(cell, label, today, &mut problems),
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
    if let (Some(lifetime), Some(recent)) = (c.spend_fen, c.spend_12m_fen)
        && recent > lifetime
    {
        problems.push("近12个月消费比累计消费还多，请核对这两栏".to_owned());
    }
    if problems.is_empty() {
        c.keys = pinyin_keys(&c.name);
        Ok(c)
    } else {
        Err(problems.join("；"))
    }
}

/// `2026-01-31`, `2026/1/31`, `2026.1.31`, `2026年1月31日`, `20260131`, or with a time.
pub(super) fn parse_date(text: &str) -> Option<NaiveDate> {
    let date_part = text.split([' ', 'T']).next().unwrap_or(text);
    let cleaned = date_part
        .replace(['年', '月', '/', '.'], "-")
        .replace('日', "");
    NaiveDate::parse_from_str(&cleaned, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(&cleaned, "%Y%m%d"))
        .ok()
}

/// A referrer must be a member already or a good row of this file, and referrals
/// must not go round in a circle. Failing rows are dropped until none fail; they
/// are returned.
pub(super) fn check_referrers(
    candidates: &mut Vec<Candidate>,
    existing: &Existing,
    report: &mut ImportReport,
) -> Vec<Candidate> {
    let mut failed = Vec::new();
    if candidates.iter().all(|c| c.referrer.is_none()) {
        return failed;
    }
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
            return failed;
        }
        let mut reasons: HashMap<usize, String> = bad.into_iter().collect();
        let mut kept = Vec::with_capacity(candidates.len() - reasons.len());
        for (i, c) in candidates.drain(..).enumerate() {
            match reasons.remove(&i) {
                Some(reason) => {
                    report.errors.push(RowError { row: c.row, reason });
                    failed.push(c);
                }
                None => kept.push(c),
            }
        }
        *candidates = kept;
    }
}
