//! Spreadsheets in and out, shared by every feature that imports or exports one.
//! Reading: .xlsx through calamine, .csv decoded from UTF-8 (with or without BOM) or
//! GBK/GB18030 (what Excel on Chinese Windows writes). Writing: cells a spreadsheet
//! would run as formulas are neutralised, and files land whole or not at all.

use std::path::Path;

use calamine::{Data, DataType, Reader};

/// A header and the rows under it. Row numbers are as a spreadsheet shows them:
/// the header is row 1.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<(u32, Vec<String>)>,
}

pub fn read_table(path: &Path) -> Result<Table, String> {
    let rows = open_rows(path)?;
    let header = rows.header.clone();
    Ok(Table {
        header,
        rows: rows.collect::<Result<_, _>>()?,
    })
}

/// A spreadsheet's header, and its rows as they are asked for: a CSV file is parsed
/// a row at a time (an import checks and writes the first rows while the rest are
/// still being read); a workbook is read whole first. Rows are numbered as the
/// spreadsheet shows them (the header is row 1); blank rows are skipped but
/// counted.
pub struct Rows {
    pub header: Vec<String>,
    /// How many rows there are, or about (a CSV file's lines).
    pub estimated: u32,
    source: Source,
}

enum Source {
    Csv {
        reader: csv::Reader<std::io::Cursor<Vec<u8>>>,
        record: csv::StringRecord,
        /// The row number of the record read last.
        row: u32,
    },
    Grid(std::vec::IntoIter<(u32, Vec<String>)>),
}

impl Iterator for Rows {
    type Item = Result<(u32, Vec<String>), String>;

    fn next(&mut self) -> Option<Self::Item> {
        match &mut self.source {
            Source::Grid(rows) => rows.next().map(Ok),
            Source::Csv {
                reader,
                record,
                row,
            } => loop {
                *row += 1;
                match reader.read_record(record) {
                    Ok(false) => return None,
                    Ok(true) => {
                        let cells: Vec<String> =
                            record.iter().map(|c| c.trim().to_owned()).collect();
                        if cells.iter().any(|c| !c.is_empty()) {
                            return Some(Ok((*row, cells)));
                        }
                    }
                    Err(e) => return Some(Err(format!("第 {row} 行无法读取：{e}"))),
                }
            },
        }
    }
}

/// Opens `path` (.xlsx/.xlsm/.xls or .csv/.txt) and reads its header.
pub fn open_rows(path: &Path) -> Result<Rows, String> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let bytes = std::fs::read(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => format!("找不到文件 {}", path.display()),
        _ => format!(
            "无法读取文件 {}，请确认它没有在 Excel 里打开",
            path.display()
        ),
    })?;
    match ext.as_str() {
        "xlsx" | "xlsm" | "xls" => {
            let table = to_table(read_workbook(bytes)?);
            Ok(Rows {
                estimated: u32::try_from(table.rows.len()).unwrap_or(u32::MAX),
                header: table.header,
                source: Source::Grid(table.rows.into_iter()),
            })
        }
        "csv" | "txt" => csv_rows(decode_text(&bytes)?),
        _ => Err("只支持 .xlsx 和 .csv 文件；请在 Excel 里“另存为”这两种格式之一".into()),
    }
}

fn csv_rows(text: String) -> Result<Rows, String> {
    // Excel in some locales writes semicolons or tabs; pick what the header uses.
    let first_line = text.lines().next().unwrap_or_default();
    // On a tie (no delimiter at all) the comma, listed last, wins.
    let delimiter = [b';', b'\t', b',']
        .into_iter()
        .max_by_key(|d| first_line.matches(char::from(*d)).count())
        .unwrap_or(b',');
    let estimated = text
        .bytes()
        .filter(|b| *b == b'\n')
        .count()
        .saturating_sub(1);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(std::io::Cursor::new(text.into_bytes()));
    let mut record = csv::StringRecord::new();
    let header = match reader.read_record(&mut record) {
        Ok(true) => record.iter().map(|c| c.trim().to_owned()).collect(),
        Ok(false) => Vec::new(),
        Err(e) => return Err(format!("第 1 行无法读取：{e}")),
    };
    Ok(Rows {
        header,
        estimated: u32::try_from(estimated).unwrap_or(u32::MAX),
        source: Source::Csv {
            reader,
            record,
            row: 1,
        },
    })
}

fn to_table(grid: Vec<Vec<String>>) -> Table {
    let mut rows = grid.into_iter().enumerate();
    let header = rows.next().map(|(_, r)| r).unwrap_or_default();
    let rows = rows
        .filter(|(_, cells)| cells.iter().any(|c| !c.is_empty()))
        .map(|(i, cells)| (u32::try_from(i + 1).unwrap_or(u32::MAX), cells))
        .collect();
    Table { header, rows }
}

/// UTF-8 (a BOM is dropped) if the bytes are valid UTF-8; otherwise GB18030, a
/// superset of GBK.
pub fn decode_text(bytes: &[u8]) -> Result<String, String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(text.to_owned());
    }
    let (text, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
    if had_errors {
        return Err(
            "文件的文字编码无法识别：请在 Excel 里另存为“CSV UTF-8（逗号分隔）”后再导入".into(),
        );
    }
    Ok(text.into_owned())
}

fn read_workbook(bytes: Vec<u8>) -> Result<Vec<Vec<String>>, String> {
    read_sheets(bytes)?
        .into_iter()
        .next()
        .map(|(_, grid)| grid)
        .ok_or_else(|| "这个 Excel 文件里没有工作表".to_owned())
}

/// Rows of cell text.
pub type Grid = Vec<Vec<String>>;

/// Every worksheet of an .xlsx file as `(name, rows of cell text)`, in tab order.
pub fn read_sheets(bytes: Vec<u8>) -> Result<Vec<(String, Grid)>, String> {
    let mut book = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes))
        .map_err(|_| "这个 Excel 文件打不开，可能已损坏或设置了密码".to_owned())?;
    let mut sheets = Vec::new();
    for name in book.sheet_names() {
        let range = book
            .worksheet_range(&name)
            .map_err(|_| format!("工作表“{name}”读不出来，可能已损坏"))?;
        let grid = range
            .rows()
            .map(|row| row.iter().map(cell_text).collect())
            .collect();
        sheets.push((name, grid));
    }
    Ok(sheets)
}

/// A grid whose first row is the header, as a [`Table`].
pub fn table_of(grid: Vec<Vec<String>>) -> Table {
    to_table(grid)
}

/// Text a spreadsheet would take for a formula (`=`, `+`, `-`, `@`, or a leading tab
/// or carriage return) gets a leading apostrophe, so it shows as typed.
pub fn neutralise(cell: &str) -> String {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}"),
        _ => cell.to_owned(),
    }
}

/// Undoes [`neutralise`] when reading back a file we wrote.
pub fn unneutralise(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest)
            if matches!(
                rest.chars().next(),
                Some('=' | '+' | '-' | '@' | '\t' | '\r')
            ) =>
        {
            rest
        }
        _ => cell,
    }
}

/// Writes `bytes` next to `path` and renames it over, so a reader never sees half a
/// file and a failed write leaves the old one.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let tmp = path.with_extension("partial");
    let result = std::fs::write(&tmp, bytes).and_then(|()| std::fs::rename(&tmp, path));
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// A cell to write: text (neutralised), money in fen (a number with two decimals, so
/// the boss can add it up), or a count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    Text(String),
    Money(i64),
    Count(i64),
}

/// A header and rows to write as one sheet.
pub struct OutTable<'a> {
    /// The sheet's name in an .xlsx.
    pub sheet: &'a str,
    pub header: &'a [&'a str],
    /// Column widths in characters; the last one repeats for the rest.
    pub widths: &'a [f64],
    pub rows: Vec<Vec<Cell>>,
}

/// Which file an export writes, by its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutKind {
    Csv,
    Xlsx,
}

impl OutKind {
    pub fn of(path: &Path) -> Option<OutKind> {
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())?;
        match ext.as_str() {
            "csv" => Some(OutKind::Csv),
            "xlsx" => Some(OutKind::Xlsx),
            _ => None,
        }
    }
}

/// Writes `table` to `path` (.csv or .xlsx) whole or not at all. The error is a
/// sentence for the owner; the cause goes to the log.
pub fn write_table(path: &Path, table: &OutTable) -> Result<(), String> {
    let bytes = match OutKind::of(path) {
        Some(OutKind::Csv) => csv_bytes(table),
        Some(OutKind::Xlsx) => xlsx_bytes(table),
        None => Err("只能导出为 .xlsx 或 .csv 文件".to_owned()),
    }?;
    write_atomically(path, &bytes).map_err(|e| {
        log::error!("export to {}: {e}", path.display());
        format!(
            "无法写入 {}：请确认文件没有在 Excel 里打开、文件夹可以写入",
            path.display()
        )
    })
}

fn csv_bytes(table: &OutTable) -> Result<Vec<u8>, String> {
    let failed = |e: csv::Error| {
        log::error!("csv export: {e}");
        "生成 CSV 时出错".to_owned()
    };
    // The BOM makes Excel read the file as UTF-8.
    let mut out = b"\xEF\xBB\xBF".to_vec();
    {
        let mut writer = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(&mut out);
        writer.write_record(table.header).map_err(failed)?;
        for row in &table.rows {
            let record: Vec<String> = row
                .iter()
                .map(|c| match c {
                    Cell::Text(t) => neutralise(t),
                    Cell::Money(fen) => plain_yuan(*fen),
                    Cell::Count(n) => n.to_string(),
                })
                .collect();
            writer.write_record(&record).map_err(failed)?;
        }
        writer.flush().map_err(|e| failed(e.into()))?;
    }
    Ok(out)
}

/// `123456` → `1234.56`, exact (integer arithmetic).
fn plain_yuan(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let abs = fen.unsigned_abs();
    format!("{sign}{}.{:02}", abs / 100, abs % 100)
}

fn xlsx_bytes(table: &OutTable) -> Result<Vec<u8>, String> {
    use rust_xlsxwriter::{Format, Workbook};
    let failed = |e: rust_xlsxwriter::XlsxError| {
        log::error!("xlsx export: {e}");
        "生成 Excel 文件时出错".to_owned()
    };
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name(table.sheet).map_err(failed)?;
    let bold = Format::new().set_bold();
    let money = Format::new().set_num_format("#,##0.00");
    for (col, title) in table.header.iter().enumerate() {
        let width = table
            .widths
            .get(col)
            .or(table.widths.last())
            .copied()
            .unwrap_or(14.0);
        let col = u16::try_from(col).unwrap_or(u16::MAX);
        sheet
            .write_string_with_format(0, col, *title, &bold)
            .map_err(failed)?;
        sheet.set_column_width(col, width).map_err(failed)?;
    }
    for (r, cells) in table.rows.iter().enumerate() {
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

/// A cell as the text a person sees: whole numbers without ".0" (phones are often
/// stored as numbers), dates as YYYY-MM-DD.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.trim().to_owned(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{f:.0}"),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(_) | Data::DateTimeIso(_) => cell
            .as_date()
            .map(|d| d.to_string())
            .unwrap_or_else(|| cell.to_string()),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gbk_bytes_decode_and_utf8_bom_is_dropped() {
        let (gbk, _, _) = encoding_rs::GBK.encode("姓名,手机号\n张三,13800138000\n");
        assert_eq!(
            decode_text(&gbk).unwrap(),
            "姓名,手机号\n张三,13800138000\n"
        );
        let bom = [b"\xEF\xBB\xBF".as_slice(), "姓名".as_bytes()].concat();
        assert_eq!(decode_text(&bom).unwrap(), "姓名");
    }

    #[test]
    fn row_numbers_skip_blank_rows_but_keep_counting() {
        let rows = csv_rows("姓名,手机\n甲,1\n,\n乙,2\n".to_owned()).unwrap();
        assert_eq!(rows.header, ["姓名", "手机"]);
        let numbers: Vec<u32> = rows.map(|r| r.unwrap().0).collect();
        assert_eq!(numbers, [2, 4]);
    }
}
