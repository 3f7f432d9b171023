//! Exporting the member book to .xlsx or .csv for the boss or HQ. Phones are masked
//! unless the owner asks otherwise (PIPL); a cell that a spreadsheet would run as a
//! formula is neutralised.

use std::path::Path;

use chrono::NaiveDate;

use super::model::{MemberQuery, MemberView, Status};
use super::search::list;
use crate::error::Error;
use crate::store::Store;
use crate::text::mask_mobile;

const HEADER: [&str; 14] = [
    "姓名",
    "手机号",
    "等级",
    "近12个月消费（元）",
    "积分",
    "生日",
    "性别",
    "微信昵称",
    "标签",
    "推荐人",
    "入会日期",
    "最近消费",
    "状态",
    "备注",
];

pub use crate::sheet::neutralise;
use crate::sheet::{Cell, OutTable, write_table};

fn row(m: &MemberView, unmask: bool) -> Vec<Cell> {
    let phone = |p: &str| if unmask { p.to_owned() } else { mask_mobile(p) };
    let referrer = match (&m.referrer_name, &m.referrer_phone) {
        (Some(name), Some(p)) => format!("{name}（{}）", phone(p)),
        _ => String::new(),
    };
    vec![
        Cell::Text(m.name.clone()),
        Cell::Text(phone(&m.phone)),
        Cell::Text(m.tier.label().to_owned()),
        Cell::Money(m.spend_12m_fen),
        Cell::Count(m.points),
        Cell::Text(m.birthday.map(|b| b.display()).unwrap_or_default()),
        Cell::Text(
            match m.gender {
                super::Gender::Male => "男",
                super::Gender::Female => "女",
                super::Gender::Unknown => "",
            }
            .to_owned(),
        ),
        Cell::Text(m.wechat.clone()),
        Cell::Text(m.tags.join("、")),
        Cell::Text(referrer),
        Cell::Text(m.joined_on.clone()),
        Cell::Text(m.last_purchase_on.clone().unwrap_or_default()),
        Cell::Text(
            match m.status {
                Status::Active => "在册",
                Status::Left => "已离开",
                Status::Deleted => "已删除",
            }
            .to_owned(),
        ),
        Cell::Text(m.notes.clone()),
    ]
}

/// Writes every member (active and left) to `path`; returns how many rows.
/// The name the save dialog offers: `会员名单-2026-12-02.xlsx`.
pub fn file_name(today: NaiveDate) -> String {
    format!("会员名单-{}.xlsx", crate::text::day_text(today))
}

pub fn export(store: &Store, path: &Path, unmask: bool, today: NaiveDate) -> Result<usize, Error> {
    if crate::sheet::OutKind::of(path).is_none() {
        return Err(Error::invalid("file", "只能导出为 .xlsx 或 .csv 文件"));
    }
    let query = MemberQuery {
        include_left: true,
        ..MemberQuery::default()
    };
    let members = list(store, &query, today)?.members;
    let table = OutTable {
        sheet: "会员",
        header: &HEADER,
        widths: &[
            14.0, 14.0, 14.0, 14.0, 14.0, 14.0, 14.0, 14.0, 14.0, 14.0, 14.0, 14.0, 14.0, 30.0,
        ],
        rows: members.iter().map(|m| row(m, unmask)).collect(),
    };
    let count = table.rows.len();
    write_table(path, &table).map_err(|m| Error::invalid("file", m))?;
    Ok(count)
}

#[cfg(test)]
mod tests {
    use super::neutralise;

    #[test]
    fn formula_starters_are_neutralised() {
        assert_eq!(neutralise("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(neutralise("+86"), "'+86");
        assert_eq!(neutralise("-1"), "'-1");
        assert_eq!(neutralise("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralise("张三"), "张三");
    }
}
