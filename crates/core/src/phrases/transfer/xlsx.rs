//! The library as an Excel workbook: sheets 话术 and 关键词回复, written for editing
//! in Excel and read back with each problem named by sheet and row.

use crate::error::Error;
use crate::sheet::{self, Table, neutralise, unneutralise};

use super::*;

fn yes_no(b: bool) -> &'static str {
    if b { "是" } else { "否" }
}

pub(super) fn xlsx_bytes(file: &LibraryFile) -> Result<Vec<u8>, Error> {
    use rust_xlsxwriter::{Format, Workbook, Worksheet};
    let failed = |e: rust_xlsxwriter::XlsxError| {
        log::error!("phrases xlsx export: {e}");
        Error::validation("生成 Excel 文件时出错")
    };
    let bold = Format::new().set_bold();
    let wrap = Format::new().set_text_wrap();
    let write_sheet = |sheet: &mut Worksheet,
                       name: &str,
                       header: &[(&str, f64)],
                       rows: Vec<Vec<String>>|
     -> Result<(), rust_xlsxwriter::XlsxError> {
        sheet.set_name(name)?;
        for (col, (title, width)) in header.iter().enumerate() {
            let col = u16::try_from(col).unwrap_or(u16::MAX);
            sheet.write_string_with_format(0, col, *title, &bold)?;
            sheet.set_column_width(col, *width)?;
        }
        for (r, cells) in rows.iter().enumerate() {
            let r = u32::try_from(r + 1).unwrap_or(u32::MAX);
            for (col, cell) in cells.iter().enumerate() {
                let col = u16::try_from(col).unwrap_or(u16::MAX);
                sheet.write_string_with_format(r, col, neutralise(cell), &wrap)?;
            }
        }
        sheet.set_freeze_panes(1, 0)?;
        Ok(())
    };
    let mut book = Workbook::new();
    let scripts = file
        .scripts
        .iter()
        .map(|s| {
            vec![
                s.category.clone(),
                s.title.clone(),
                s.body.clone(),
                s.tags.join("、"),
                yes_no(s.favorite).to_owned(),
                s.uses.to_string(),
                s.last_used_at.clone().unwrap_or_default(),
            ]
        })
        .collect();
    write_sheet(
        book.add_worksheet(),
        SCRIPTS_SHEET,
        &[
            ("分类", 12.0),
            ("标题", 20.0),
            ("正文", 60.0),
            ("标签", 16.0),
            ("收藏", 6.0),
            ("使用次数", 10.0),
            ("最近使用", 22.0),
        ],
        scripts,
    )
    .map_err(failed)?;
    let rules = file
        .keyword_rules
        .iter()
        .map(|r| {
            vec![
                r.keywords.join("、"),
                r.reply.clone(),
                yes_no(r.whole).to_owned(),
                r.priority.to_string(),
                yes_no(r.enabled).to_owned(),
            ]
        })
        .collect();
    write_sheet(
        book.add_worksheet(),
        RULES_SHEET,
        &[
            ("关键词", 24.0),
            ("回复", 60.0),
            ("整句匹配", 10.0),
            ("优先级", 8.0),
            ("启用", 6.0),
        ],
        rules,
    )
    .map_err(failed)?;
    book.save_to_buffer().map_err(failed)
}

/// Column positions by header text, so columns may be in any order.
fn column(table: &Table, name: &str) -> Option<usize> {
    table.header.iter().position(|h| h.trim() == name)
}

fn cell(cells: &[String], col: Option<usize>) -> String {
    col.and_then(|c| cells.get(c))
        .map(|c| unneutralise(c.trim()).to_owned())
        .unwrap_or_default()
}

fn split_list(text: &str) -> Vec<String> {
    text.split(['、', '，', ',', '/', '；', ';', '\n'])
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .collect()
}

fn parse_yes(text: &str, default: bool) -> Option<bool> {
    match text.trim().to_ascii_lowercase().as_str() {
        "" => Some(default),
        "是" | "y" | "yes" | "true" | "1" | "★" => Some(true),
        "否" | "n" | "no" | "false" | "0" => Some(false),
        _ => None,
    }
}

pub(super) fn read_xlsx(bytes: Vec<u8>) -> Result<Read, Error> {
    let sheets = sheet::read_sheets(bytes).map_err(Error::validation)?;
    let mut read = Read::default();
    // The phrase sheet by name, else the first sheet.
    let phrase_grid = sheets
        .iter()
        .find(|(n, _)| n == SCRIPTS_SHEET)
        .or(sheets.first().filter(|(n, _)| n != RULES_SHEET))
        .map(|(_, g)| g.clone());
    if let Some(grid) = phrase_grid {
        let table = sheet::table_of(grid);
        let [category, title, body] = ["分类", "标题", "正文"].map(|n| column(&table, n));
        let missing: Vec<&str> = [("分类", category), ("标题", title), ("正文", body)]
            .iter()
            .filter(|(_, c)| c.is_none())
            .map(|(n, _)| *n)
            .collect();
        if !missing.is_empty() {
            return Err(Error::validation(format!(
                "“{SCRIPTS_SHEET}”表缺少这些列：{}。第一行应是表头：分类、标题、正文（标签、收藏可选）",
                missing.join("、")
            )));
        }
        let (tags, favorite) = (column(&table, "标签"), column(&table, "收藏"));
        for (row, cells) in &table.rows {
            let favorite_text = cell(cells, favorite);
            let Some(favorite) = parse_yes(&favorite_text, false) else {
                read.errors.push(format!(
                    "“{SCRIPTS_SHEET}”表第 {row} 行：“收藏”请填 是 或 否（现在是“{favorite_text}”）"
                ));
                continue;
            };
            read.phrase(Incoming {
                record: PhraseRecord {
                    category: cell(cells, category),
                    title: cell(cells, title),
                    body: cell(cells, body),
                    tags: split_list(&cell(cells, tags)),
                    favorite,
                    uses: 0,
                    last_used_at: None,
                    default_key: None,
                },
                with_usage: false,
                place: format!("“{SCRIPTS_SHEET}”表第 {row} 行"),
            });
        }
    }
    if let Some((_, grid)) = sheets.iter().find(|(n, _)| n == RULES_SHEET) {
        let table = sheet::table_of(grid.clone());
        let (keywords, reply) = (column(&table, "关键词"), column(&table, "回复"));
        if keywords.is_none() || reply.is_none() {
            return Err(Error::validation(format!(
                "“{RULES_SHEET}”表第一行应是表头：关键词、回复（整句匹配、优先级、启用可选）"
            )));
        }
        let (whole, priority, enabled) = (
            column(&table, "整句匹配"),
            column(&table, "优先级"),
            column(&table, "启用"),
        );
        for (row, cells) in &table.rows {
            let at = format!("“{RULES_SHEET}”表第 {row} 行");
            let priority_text = cell(cells, priority);
            let priority = if priority_text.is_empty() {
                Some(0)
            } else {
                priority_text.parse::<i32>().ok()
            };
            let (whole_text, enabled_text) = (cell(cells, whole), cell(cells, enabled));
            match (
                parse_yes(&whole_text, false),
                priority,
                parse_yes(&enabled_text, true),
            ) {
                (Some(whole), Some(priority), Some(enabled)) => read.rule(
                    &at,
                    RuleRecord {
                        keywords: split_list(&cell(cells, keywords)),
                        reply: cell(cells, reply),
                        whole,
                        priority,
                        enabled,
                        default_key: None,
                    },
                ),
                (None, _, _) => read.errors.push(format!("{at}：“整句匹配”请填 是 或 否")),
                (_, None, _) => read
                    .errors
                    .push(format!("{at}：“优先级”请填整数（现在是“{priority_text}”）")),
                (_, _, None) => read.errors.push(format!("{at}：“启用”请填 是 或 否")),
            }
        }
    }
    Ok(read)
}
