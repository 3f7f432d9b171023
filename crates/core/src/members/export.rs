//! Exporting the member book to .xlsx or .csv for the boss or HQ. Phones are masked
//! unless the owner asks otherwise (PIPL); a cell that a spreadsheet would run as a
//! formula is neutralised.

use std::path::Path;

use chrono::NaiveDate;

use super::MemberError;
use super::model::{MemberQuery, MemberView, Status};
use super::search::list;
use crate::shop::yuan;
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

enum Cell {
    Text(String),
    Money(i64),
    Count(i64),
}

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
pub fn export(
    store: &Store,
    path: &Path,
    unmask: bool,
    today: NaiveDate,
) -> Result<usize, MemberError> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let query = MemberQuery {
        include_left: true,
        ..MemberQuery::default()
    };
    let members = list(store, &query, today)?.members;
    let rows: Vec<Vec<Cell>> = members.iter().map(|m| row(m, unmask)).collect();
    let bytes = match ext.as_str() {
        "csv" => csv_bytes(&rows)?,
        "xlsx" => xlsx_bytes(&rows)?,
        _ => {
            return Err(MemberError::invalid(
                "file",
                "只能导出为 .xlsx 或 .csv 文件",
            ));
        }
    };
    write_atomically(path, &bytes)?;
    Ok(rows.len())
}

fn csv_bytes(rows: &[Vec<Cell>]) -> Result<Vec<u8>, MemberError> {
    // The BOM makes Excel read the file as UTF-8.
    let mut out = b"\xEF\xBB\xBF".to_vec();
    {
        let mut writer = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(&mut out);
        let failed = |_| MemberError::invalid("file", "生成 CSV 时出错");
        writer.write_record(HEADER).map_err(failed)?;
        for row in rows {
            let record: Vec<String> = row
                .iter()
                .map(|c| match c {
                    Cell::Text(t) => neutralise(t),
                    Cell::Money(fen) => yuan(*fen).trim_start_matches('¥').replace(',', ""),
                    Cell::Count(n) => n.to_string(),
                })
                .collect();
            writer.write_record(&record).map_err(failed)?;
        }
        writer
            .flush()
            .map_err(|_| MemberError::invalid("file", "生成 CSV 时出错"))?;
    }
    Ok(out)
}

fn xlsx_bytes(rows: &[Vec<Cell>]) -> Result<Vec<u8>, MemberError> {
    use rust_xlsxwriter::{Format, Workbook};
    let failed = |e: rust_xlsxwriter::XlsxError| {
        log::error!("xlsx export: {e}");
        MemberError::invalid("file", "生成 Excel 文件时出错")
    };
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("会员").map_err(failed)?;
    let bold = Format::new().set_bold();
    let money = Format::new().set_num_format("#,##0.00");
    for (col, title) in HEADER.iter().enumerate() {
        let col = u16::try_from(col).unwrap_or(u16::MAX);
        sheet
            .write_string_with_format(0, col, *title, &bold)
            .map_err(failed)?;
        sheet
            .set_column_width(col, if col == 13 { 30 } else { 14 })
            .map_err(failed)?;
    }
    for (r, cells) in rows.iter().enumerate() {
        let r = u32::try_from(r + 1).unwrap_or(u32::MAX);
        for (col, cell) in cells.iter().enumerate() {
            let col = u16::try_from(col).unwrap_or(u16::MAX);
            match cell {
                // Written as strings, never formulas; neutralised for other readers too.
                Cell::Text(t) => sheet.write_string(r, col, neutralise(t)).map(|_| ()),
                // Whole fen / 100 is exact enough for a display number with 2 decimals.
                Cell::Money(fen) => sheet
                    .write_number_with_format(r, col, *fen as f64 / 100.0, &money)
                    .map(|_| ()),
                Cell::Count(n) => sheet.write_number(r, col, *n as f64).map(|_| ()),
            }
            .map_err(failed)?;
        }
    }
    sheet.set_freeze_panes(1, 0).map_err(failed)?;
    book.save_to_buffer().map_err(failed)
}

fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), MemberError> {
    crate::sheet::write_atomically(path, bytes).map_err(|e| {
        log::error!("export to {}: {e}", path.display());
        MemberError::invalid(
            "file",
            format!(
                "无法写入 {}：请确认文件没有在 Excel 里打开、文件夹可以写入",
                path.display()
            ),
        )
    })
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
