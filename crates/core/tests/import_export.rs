//! Import and export against real files written the way Excel writes them.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};

use shequn_core::Store;
use shequn_core::jobs::{CancelToken, Job, Stage};
use shequn_core::members::import::{ImportOptions, ImportReport, OnDuplicate, RowError};
use shequn_core::members::{self, MemberQuery, NewMember, Tier};

#[path = "support/book.rs"]
mod book;
use book::{now, today};

fn store(dir: &Path) -> Store {
    Store::open(&dir.join("shequn.db"), now()).unwrap().0
}

fn import(store: &Store, path: &Path, options: ImportOptions) -> ImportReport {
    members::import::import(
        store,
        path,
        &options,
        today(),
        now(),
        &mut Job::unattended(),
    )
    .unwrap()
}

/// A CSV as Excel on Chinese Windows saves it: GBK, CRLF, no BOM.
fn write_gbk_csv(dir: &Path, text: &str) -> PathBuf {
    let path = dir.join("会员名单.csv");
    let crlf = text.replace('\n', "\r\n");
    let (bytes, _, unmappable) = encoding_rs::GBK.encode(&crlf);
    assert!(!unmappable);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn all_members(store: &Store) -> Vec<members::MemberView> {
    members::list(
        store,
        &MemberQuery {
            include_left: true,
            ..Default::default()
        },
        today(),
    )
    .unwrap()
    .members
}

const GOOD_AND_BAD: &str = "客户名称,手机号码,生日,性别,标签,累计消费,积分,入会时间,推荐人
张三,138 0013 8000,1990-03-08,男,宝妈、团购,\"5,000.00\",300,2025-06-01,
李四,13900139000,农历八月十五,女,,120.5,,2026/1/5,13800138000
,13700137000,,,,,,,
王五,1380013,,,,,,,
赵六,13800138000,,,,,,,
孙七,13600136000,02-30,,,,,,
周八,13500135000,,不详,,,,,
吴九,13400134000,,,,,,2099-01-01,
郑十,13300133000,,,,abc,,,
";

/// A job the owner cancels once `rows` rows are written (inside the transaction).
fn cancel_once_written(rows: u32) -> Job<'static> {
    let token = CancelToken::new();
    let stop = token.clone();
    Job::new(token, move |p| {
        if p.stage == Stage::Writing && p.done >= rows {
            stop.cancel();
        }
    })
    .report_every_step()
}

#[test]
fn a_gbk_csv_from_excel_imports_good_rows_and_reports_bad_ones_by_row() {
    let dir = tempfile::tempdir().unwrap();
    let store = store(dir.path());
    let path = write_gbk_csv(dir.path(), GOOD_AND_BAD);
    let report = import(&store, &path, ImportOptions::default());
    assert_eq!((report.imported, report.updated, report.skipped), (2, 0, 0));
    assert!(report.written);
    let rows: Vec<u32> = report.errors.iter().map(|e| e.row).collect();
    assert_eq!(rows, [4, 5, 6, 7, 8, 9, 10]);
    let reason = |row: u32| {
        report
            .errors
            .iter()
            .find(|e| e.row == row)
            .unwrap()
            .reason
            .clone()
    };
    assert!(reason(4).contains("姓名为空"), "{}", reason(4));
    assert!(reason(5).contains("11 位"), "{}", reason(5));
    assert!(reason(6).contains("与第 2 行重复"), "{}", reason(6));
    assert!(reason(7).contains("不是有效日期"), "{}", reason(7));
    assert!(reason(8).contains("性别"), "{}", reason(8));
    assert!(reason(9).contains("晚于今天"), "{}", reason(9));
    assert!(reason(10).contains("累计消费"), "{}", reason(10));

    let zhang = members::get_by_phone(&store, "13800138000", today()).unwrap();
    assert_eq!(zhang.name, "张三");
    // Lifetime spend with no other date is booked on the join day (2025-06-01), more
    // than a year ago: it makes no tier today (it used to be booked on the import day).
    assert_eq!(
        zhang.tier,
        Tier::None,
        "spend from 2025 makes no tier in late 2026"
    );
    assert_eq!(zhang.spend_12m_fen, 0);
    assert_eq!(zhang.last_purchase_on.as_deref(), Some("2025-06-01"));
    assert_eq!(zhang.points, 300);
    assert_eq!(zhang.custom_tags, ["团购", "宝妈"]);
    assert_eq!(zhang.joined_on, "2025-06-01");
    assert_eq!(zhang.referrals, 1);
    let li = members::get_by_phone(&store, "13900139000", today()).unwrap();
    assert!(li.birthday.unwrap().lunar);
    assert_eq!(li.referrer_phone.as_deref(), Some("13800138000"));
    assert_eq!(li.spend_12m_fen, 12_050);
    // Found by pinyin initials after import.
    let q = MemberQuery {
        search: Some("zs".into()),
        ..Default::default()
    };
    assert_eq!(
        members::list(&store, &q, today()).unwrap().members[0].name,
        "张三"
    );
}

#[test]
fn a_utf8_bom_csv_imports_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let store = store(dir.path());
    let path = dir.path().join("bom.csv");
    let text = "\u{feff}姓名,手机\r\n陈一,13800000001\r\n林二,13800000002\r\n";
    std::fs::write(&path, text).unwrap();
    let report = import(&store, &path, ImportOptions::default());
    assert_eq!((report.imported, report.errors.len()), (2, 0));
    assert_eq!(all_members(&store)[0].name, "陈一");
}

#[test]
fn an_xlsx_with_numeric_phones_and_date_cells_imports() {
    let dir = tempfile::tempdir().unwrap();
    let store = store(dir.path());
    let path = dir.path().join("members.xlsx");
    {
        use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
        let mut book = Workbook::new();
        let sheet = book.add_worksheet();
        let date = Format::new().set_num_format("yyyy-mm-dd");
        for (c, h) in ["姓名", "手机", "生日", "入会日期", "消费金额"]
            .iter()
            .enumerate()
        {
            sheet.write_string(0, c as u16, *h).unwrap();
        }
        sheet.write_string(1, 0, "黄小明").unwrap();
        sheet.write_number(1, 1, 13812345678.0).unwrap();
        sheet.write_string(1, 2, "05-20").unwrap();
        let joined = ExcelDateTime::from_ymd(2026, 2, 14).unwrap();
        sheet
            .write_datetime_with_format(1, 3, &joined, &date)
            .unwrap();
        sheet.write_number(1, 4, 888.8).unwrap();
        sheet.write_string(2, 0, "错号码").unwrap();
        sheet.write_number(2, 1, 1234.0).unwrap();
        book.save(&path).unwrap();
    }
    let report = import(&store, &path, ImportOptions::default());
    assert_eq!(report.imported, 1);
    assert_eq!(
        report.errors,
        [RowError {
            row: 3,
            reason: report.errors[0].reason.clone()
        }]
    );
    let m = members::get_by_phone(&store, "13812345678", today()).unwrap();
    assert_eq!(
        (m.joined_on.as_str(), m.spend_12m_fen),
        ("2026-02-14", 88_880)
    );
    assert_eq!(m.birthday.unwrap().month, 5);
}

#[test]
fn strict_mode_with_one_bad_row_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let store = store(dir.path());
    members::add(
        &store,
        &NewMember {
            name: "老会员".into(),
            phone: "13800000009".into(),
            ..Default::default()
        },
        today(),
        now(),
    )
    .unwrap();
    let before = book::rows(&store);
    let path = write_gbk_csv(dir.path(), GOOD_AND_BAD);
    let report = import(
        &store,
        &path,
        ImportOptions {
            strict: true,
            ..Default::default()
        },
    );
    assert!(!report.written);
    assert_eq!(report.errors.len(), 7);
    assert_eq!(book::rows(&store), before);
}

#[test]
fn a_dry_run_reports_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let store = store(dir.path());
    let before = book::rows(&store);
    let path = write_gbk_csv(dir.path(), GOOD_AND_BAD);
    let report = import(
        &store,
        &path,
        ImportOptions {
            dry_run: true,
            ..Default::default()
        },
    );
    assert_eq!((report.imported, report.written), (2, false));
    assert_eq!(book::rows(&store), before);
}

#[test]
fn cancelling_half_way_leaves_the_book_exactly_as_before() {
    let dir = tempfile::tempdir().unwrap();
    let store = store(dir.path());
    members::add(
        &store,
        &NewMember {
            name: "老会员".into(),
            phone: "13800000009".into(),
            ..Default::default()
        },
        today(),
        now(),
    )
    .unwrap();
    let before = book::rows(&store);
    let mut text = String::from("姓名,手机\n");
    for i in 0..5000 {
        text.push_str(&format!("会员{i},1390000{i:04}\n"));
    }
    let path = dir.path().join("big.csv");
    std::fs::write(&path, text).unwrap();
    let err = members::import::import(
        &store,
        &path,
        &ImportOptions::default(),
        today(),
        now(),
        &mut cancel_once_written(4000),
    )
    .unwrap_err();
    assert!(err.to_string().contains("已取消"), "{err}");
    assert_eq!(book::rows(&store), before);
}

#[test]
fn duplicates_by_phone_skip_update_or_merge() {
    let dir = tempfile::tempdir().unwrap();
    let setup = |policy: OnDuplicate| {
        let sub = tempfile::tempdir_in(dir.path()).unwrap();
        let store = store(sub.path());
        members::add(
            &store,
            &NewMember {
                name: "原名".into(),
                phone: "13800138000".into(),
                wechat: Some("老微信".into()),
                tags: Some(vec!["老客".into()]),
                ..Default::default()
            },
            today(),
            now(),
        )
        .unwrap();
        let path = sub.path().join("dup.csv");
        std::fs::write(
            &path,
            "姓名,手机,微信,备注,标签,积分\n新名,13800138000,新微信,新备注,新标签,50\n",
        )
        .unwrap();
        let report = import(
            &store,
            &path,
            ImportOptions {
                on_duplicate: policy,
                ..Default::default()
            },
        );
        let m = members::get_by_phone(&store, "13800138000", today()).unwrap();
        (report, m, sub)
    };
    let (r, m, _s) = setup(OnDuplicate::Skip);
    assert_eq!((r.skipped, m.name.as_str(), m.points), (1, "原名", 0));
    let (r, m, _s) = setup(OnDuplicate::Update);
    assert_eq!(
        (
            r.updated,
            m.name.as_str(),
            m.wechat.as_str(),
            m.notes.as_str()
        ),
        (1, "新名", "新微信", "新备注")
    );
    assert_eq!((m.custom_tags.len(), m.points), (2, 50));
    let (r, m, _s) = setup(OnDuplicate::Merge);
    assert_eq!(
        (
            r.updated,
            m.name.as_str(),
            m.wechat.as_str(),
            m.notes.as_str()
        ),
        (1, "原名", "老微信", "新备注")
    );
    assert_eq!((m.custom_tags.len(), m.points), (2, 50));
}

#[test]
fn referral_cycles_inside_a_file_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let store = store(dir.path());
    let path = dir.path().join("cycle.csv");
    std::fs::write(&path, "姓名,手机,推荐人\n甲,13800000001,13800000002\n乙,13800000002,13800000001\n丙,13800000003,13800000001\n").unwrap();
    let report = import(&store, &path, ImportOptions::default());
    let rows: Vec<u32> = report.errors.iter().map(|e| e.row).collect();
    // 甲 and 乙 refer to each other; 丙 then refers to a row that was dropped.
    assert_eq!(rows, [2, 3, 4]);
    assert!(report.errors[0].reason.contains("一圈"));
}

#[test]
fn export_masks_phones_neutralises_formulas_and_reads_back() {
    let dir = tempfile::tempdir().unwrap();
    let store = store(dir.path());
    members::add(
        &store,
        &NewMember {
            name: "=HYPERLINK(\"http://x\",\"点我\")".into(),
            phone: "13812345678".into(),
            notes: Some("@SUM(1+1)".into()),
            ..Default::default()
        },
        today(),
        now(),
    )
    .unwrap();
    let id = members::get_by_phone(&store, "13812345678", today())
        .unwrap()
        .id;
    members::record_purchase(&store, id, 123_456, today(), "", "", today(), now()).unwrap();

    let csv_path = dir.path().join("out.csv");
    assert_eq!(
        members::export::export(&store, &csv_path, false, today()).unwrap(),
        1
    );
    let bytes = std::fs::read(&csv_path).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "BOM for Excel");
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let record = reader.records().next().unwrap().unwrap();
    assert_eq!(&record[0], "'=HYPERLINK(\"http://x\",\"点我\")");
    assert_eq!(&record[1], "138****5678");
    assert_eq!(&record[3], "1234.56");
    assert_eq!(&record[13], "'@SUM(1+1)");
    assert!(!text.contains("13812345678"));

    let xlsx_path = dir.path().join("out.xlsx");
    members::export::export(&store, &xlsx_path, true, today()).unwrap();
    use calamine::{Data, Reader};
    let mut book = calamine::open_workbook_auto(&xlsx_path).unwrap();
    let range = book.worksheet_range_at(0).unwrap().unwrap();
    let row: Vec<Data> = range.rows().nth(1).unwrap().to_vec();
    assert_eq!(
        row[1],
        Data::String("13812345678".into()),
        "unmasked when asked"
    );
    assert_eq!(row[3], Data::Float(1234.56));
    assert_eq!(
        row[0],
        Data::String("'=HYPERLINK(\"http://x\",\"点我\")".into())
    );
    // The exported file imports back into a fresh book.
    let again = tempfile::tempdir().unwrap();
    let fresh = Store::open(&again.path().join("shequn.db"), now())
        .unwrap()
        .0;
    let report = members::import::import(
        &fresh,
        &xlsx_path,
        &ImportOptions::default(),
        today(),
        now(),
        &mut Job::unattended(),
    )
    .unwrap();
    assert_eq!((report.imported, report.errors.len()), (1, 0));
}

#[test]
fn caches_set_by_an_import_equal_a_full_rebuild_from_the_ledgers() {
    let dir = tempfile::tempdir().unwrap();
    let store = store(dir.path());
    members::add(
        &store,
        &NewMember {
            name: "老会员".into(),
            phone: "13800000009".into(),
            ..Default::default()
        },
        today(),
        now(),
    )
    .unwrap();
    let path = write_gbk_csv(dir.path(), GOOD_AND_BAD);
    import(&store, &path, ImportOptions::default());
    let after_import = book::rows(&store);
    members::refresh::invalidate(store.conn()).unwrap();
    members::ensure_fresh(&store, today()).unwrap();
    assert_eq!(book::rows(&store), after_import);
}

#[test]
fn a_cancelled_bulk_import_brings_back_every_index() {
    let dir = tempfile::tempdir().unwrap();
    let store = store(dir.path());
    let indexes = |store: &Store| -> Vec<String> {
        store
            .conn()
            .prepare("SELECT name FROM sqlite_master WHERE type = 'index' ORDER BY name")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    let before = indexes(&store);
    let mut text = String::from("姓名,手机\n");
    for i in 0..3000 {
        text.push_str(&format!("会员{i},1390000{i:04}\n"));
    }
    let path = dir.path().join("bulk.csv");
    std::fs::write(&path, text).unwrap();
    let cancelled = members::import::import(
        &store,
        &path,
        &ImportOptions::default(),
        today(),
        now(),
        &mut cancel_once_written(2000),
    );
    assert!(cancelled.is_err());
    assert_eq!(indexes(&store), before);
    import(&store, &path, ImportOptions::default());
    assert_eq!(indexes(&store), before, "rebuilt after a bulk import");
    let q = MemberQuery {
        search: Some("0042".into()),
        ..Default::default()
    };
    assert_eq!(members::list(&store, &q, today()).unwrap().total, 1);
}

#[test]
fn an_import_writes_no_dangling_id_and_leaves_foreign_keys_enforced() {
    let dir = tempfile::tempdir().unwrap();
    let store = store(dir.path());
    let mut text = String::from("姓名,手机,累计消费,积分,标签,推荐人\n");
    for i in 0..5000 {
        // Every tenth member was brought by the one before them in the file.
        let referrer = if i % 10 == 1 {
            format!("1390000{:04}", i - 1)
        } else {
            String::new()
        };
        text.push_str(&format!(
            "会员{i},1390000{i:04},{},{},宝妈,{referrer}\n",
            100 + i,
            i % 50
        ));
    }
    let path = dir.path().join("bulk.csv");
    std::fs::write(&path, text).unwrap();
    let report = import(&store, &path, ImportOptions::default());
    assert_eq!((report.imported, report.errors.len()), (5000, 0));
    let conn = store.conn();
    let dangling: Vec<(String, i64)> = conn
        .prepare("PRAGMA foreign_key_check")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(dangling.is_empty(), "{dangling:?}");
    let enforced: i64 = conn
        .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
        .unwrap();
    assert_eq!(enforced, 1, "the import left foreign keys off");
    let refused = conn.execute(
        "INSERT INTO purchases (member_id, amount_fen, occurred_on, created_at) VALUES (999999, 100, '2026-01-01', 'x')",
        [],
    );
    assert!(refused.is_err(), "a purchase of nobody was accepted");
}

#[test]
fn a_bulk_import_commits_without_the_copy_into_the_data_file_and_the_checkpoint_makes_it() {
    let dir = tempfile::tempdir().unwrap();
    let store = store(dir.path());
    // Enough pages that SQLite's automatic checkpoint (at 1,000) would have run.
    let mut text = String::from("姓名,手机,累计消费,积分\n");
    for i in 0..20_000 {
        text.push_str(&format!("会员{i},139{i:08},{},{}\n", 100 + i, i % 50));
    }
    let path = dir.path().join("bulk.csv");
    std::fs::write(&path, text).unwrap();
    let autocheckpoint = |store: &Store| -> i64 {
        store
            .conn()
            .query_row("PRAGMA wal_autocheckpoint", [], |r| r.get(0))
            .unwrap()
    };
    let before = autocheckpoint(&store);
    // The empty book's schema in the data file first.
    store.checkpoint().unwrap();
    assert_eq!(
        import(&store, &path, ImportOptions::default()).imported,
        20_000
    );
    assert_eq!(
        autocheckpoint(&store),
        before,
        "the import left its pragma on"
    );

    // The data file alone (what a copy of it without the -wal file would hold).
    let members_in_data_file = || -> i64 {
        let copy = dir.path().join("copy.db");
        std::fs::copy(dir.path().join("shequn.db"), &copy).unwrap();
        let conn = rusqlite::Connection::open(&copy).unwrap();
        let n = conn
            .query_row("SELECT COUNT(*) FROM members", [], |r| r.get(0))
            .unwrap();
        drop(conn);
        std::fs::remove_file(&copy).unwrap();
        n
    };
    assert_eq!(
        members_in_data_file(),
        0,
        "the commit copied the WAL already"
    );
    store.checkpoint().unwrap();
    assert_eq!(members_in_data_file(), 20_000);
}
