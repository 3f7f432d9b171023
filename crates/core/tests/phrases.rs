//! The phrase library as staff use it: search in Chinese and pinyin, fill a phrase
//! from a real member, refuse to copy what is not filled, keyword replies, the
//! shipped defaults, and import/export round trips.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;

use shequn_core::Store;
use shequn_core::invites::{self, NewGroup};
use shequn_core::members::{self, NewMember};
use shequn_core::phrases::{
    self, BUILTIN_CATEGORIES, FillRequest, ImportAction, NewKeywordRule, NewPhrase, PhraseQuery,
    ValueSource,
};
use shequn_core::shop::{self, ShopUpdate};

#[path = "support/book.rs"]
mod book;
use book::{member, now, today};

fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("shequn.db"), now()).unwrap().0;
    let change = ShopUpdate {
        name: Some("花漾烘焙".into()),
        address: Some("人民路 88 号".into()),
        phone: Some("0755-12345678".into()),
        ..ShopUpdate::default()
    };
    shop::update(&store, &change, None, now()).unwrap();
    (dir, store)
}

fn search(store: &Store, q: &str) -> Vec<String> {
    phrases::list(
        store,
        &PhraseQuery {
            search: Some(q.into()),
            ..Default::default()
        },
    )
    .unwrap()
    .phrases
    .into_iter()
    .map(|s| s.title)
    .collect()
}

fn add(store: &Store, category: &str, title: &str, body: &str) -> i64 {
    phrases::add(
        store,
        &NewPhrase {
            title: title.into(),
            category: category.into(),
            body: body.into(),
            tags: vec!["自编".into()],
            favorite: false,
        },
        now(),
    )
    .unwrap()
    .id
}

#[test]
fn first_run_loads_every_category_and_a_later_start_does_not_reload() {
    let (dir, store) = store();
    let cats = phrases::categories(&store).unwrap();
    for name in BUILTIN_CATEGORIES {
        let c = cats.iter().find(|c| c.name == name).unwrap();
        assert!(c.count >= 4, "{name}: {}", c.count);
    }
    let total: u32 = cats.iter().map(|c| c.count).sum();
    assert!(total >= 60, "{total}");

    // Deleting every phrase sticks across a restart: defaults load on first run only.
    for s in phrases::list(&store, &PhraseQuery::default())
        .unwrap()
        .phrases
    {
        phrases::delete(&store, s.id).unwrap();
    }
    drop(store);
    let store = Store::open(&dir.path().join("shequn.db"), now()).unwrap().0;
    assert_eq!(
        phrases::list(&store, &PhraseQuery::default())
            .unwrap()
            .total,
        0
    );
}

#[test]
fn restore_defaults_brings_back_deleted_ones_and_leaves_the_shops_own() {
    let (_dir, store) = store();
    let birthday = phrases::list(
        &store,
        &PhraseQuery {
            category: Some("生日祝福".into()),
            ..Default::default()
        },
    )
    .unwrap()
    .phrases;
    let shipped_total = phrases::list(&store, &PhraseQuery::default())
        .unwrap()
        .total;
    // The owner edits one shipped phrase, deletes the rest of the category, and
    // writes one of their own under a shipped title.
    let edited = &birthday[0];
    phrases::update(
        &store,
        edited.id,
        &NewPhrase {
            title: edited.title.clone(),
            category: edited.category.clone(),
            body: "{昵称}，生日快乐！店里给你留了一块小蛋糕。".into(),
            tags: vec![],
            favorite: true,
        },
        now(),
    )
    .unwrap();
    for s in &birthday[1..] {
        phrases::delete(&store, s.id).unwrap();
    }
    let own_title = birthday[1].title.clone();
    let own = add(
        &store,
        "生日祝福",
        &own_title,
        "我们自己写的生日祝福，{昵称}。",
    );

    let report = phrases::restore_defaults(&store, now()).unwrap();
    assert_eq!(report.scripts as usize, birthday.len() - 2);
    assert_eq!(report.kept_own, [format!("生日祝福·{own_title}")]);
    assert_eq!(
        phrases::get(&store, edited.id).unwrap().body,
        "{昵称}，生日快乐！店里给你留了一块小蛋糕。"
    );
    assert_eq!(
        phrases::get(&store, own).unwrap().body,
        "我们自己写的生日祝福，{昵称}。"
    );
    assert_eq!(
        phrases::list(&store, &PhraseQuery::default())
            .unwrap()
            .total,
        shipped_total
    );
    // Nothing missing: a second restore adds nothing.
    let again = phrases::restore_defaults(&store, now()).unwrap();
    assert_eq!((again.scripts, again.keyword_rules), (0, 0));
}

#[test]
fn fills_tier_points_and_distance_from_a_real_member() {
    let (_dir, store) = store();
    let m = member(&store, "周晓", "13800138001");
    members::record_purchase(&store, m.id, 620_050, today(), "蛋糕", "", today(), now()).unwrap();
    let group = invites::add_group(
        &store,
        &NewGroup {
            name: "花漾会员一群".into(),
            kind: "会员群".into(),
            ..Default::default()
        },
        today(),
        now(),
    )
    .unwrap();
    members::update(
        &store,
        m.id,
        &NewMember {
            name: "周晓".into(),
            phone: "13800138001".into(),
            groups: Some(vec![group.id]),
            ..Default::default()
        },
        today(),
        now(),
    )
    .unwrap();

    let id = add(
        &store,
        "转化引导",
        "升级提醒测试",
        "{昵称}，你是{等级}会员，积分{积分}，{距升级}。{店名}在{群名}等你，{优惠券}",
    );
    let mut request = FillRequest {
        member_id: Some(m.id),
        values: BTreeMap::new(),
    };
    let filled = phrases::fill(&store, id, &request, today()).unwrap();
    // ¥6,200.50 spent: 铜牌, 6200 points, ¥13,799.50 to 银牌 (¥20,000), shown rounded up.
    assert_eq!(
        filled.text,
        "周晓，你是铜牌会员，积分6200，再消费 ¥13,800 就能升为银牌。花漾烘焙在花漾会员一群等你，{优惠券}"
    );
    assert_eq!(filled.unfilled, ["优惠券"]);
    let source = |name: &str| {
        filled
            .values
            .iter()
            .find(|v| v.name == name)
            .unwrap()
            .source
    };
    assert_eq!(source("等级"), ValueSource::Member);
    assert_eq!(source("店名"), ValueSource::Shop);
    assert_eq!(source("优惠券"), ValueSource::Missing);
    // No WeChat nickname in the book: {昵称} is the name, and says so.
    assert_eq!(source("昵称"), ValueSource::NameAsNickname);

    // With a WeChat nickname, {昵称} is what the group sees; {姓名} stays the name.
    members::update(
        &store,
        m.id,
        &NewMember {
            name: "周晓".into(),
            phone: "13800138001".into(),
            wechat: Some("晓晓爱烘焙".into()),
            groups: Some(vec![group.id]),
            ..Default::default()
        },
        today(),
        now(),
    )
    .unwrap();
    let nick = add(&store, "欢迎新人", "昵称测试", "@{昵称} 欢迎！（{姓名}）");
    let with_wechat = phrases::fill(&store, nick, &request, today()).unwrap();
    assert_eq!(with_wechat.text, "@晓晓爱烘焙 欢迎！（周晓）");
    assert_eq!(
        with_wechat
            .values
            .iter()
            .find(|v| v.name == "昵称")
            .unwrap()
            .source,
        ValueSource::Wechat
    );

    // Copying refuses while {优惠券} is empty, naming it, and counts nothing.
    let err = phrases::record_use(&store, id, &request, today(), now()).unwrap_err();
    let unfilled: Vec<String> = err.fields().into_iter().map(|f| f.field).collect();
    assert_eq!(unfilled, ["values.优惠券"]);
    assert!(err.to_string().contains("{优惠券}"), "{err}");
    assert_eq!(phrases::get(&store, id).unwrap().uses, 0);

    // Typed in, and a typed name wins over the member's.
    request.values.insert("优惠券".into(), "满100减20券".into());
    request.values.insert("昵称".into(), "晓晓".into());
    let filled = phrases::record_use(&store, id, &request, today(), now()).unwrap();
    assert!(filled.text.starts_with("晓晓，你是铜牌会员"));
    assert!(filled.text.ends_with("满100减20券"));
    assert!(!filled.text.contains('{'));
    assert_eq!(filled.length as usize, filled.text.chars().count());
    let used = phrases::get(&store, id).unwrap();
    assert_eq!(used.uses, 1);
    assert!(used.last_used_at.is_some());
}

#[test]
fn chinese_substring_pinyin_initials_and_filters() {
    let (_dir, store) = store();
    let id = add(
        &store,
        "售后关怀",
        "雨天配送说明",
        "今天下大雨，骑手会晚一点到，热饮我们会多包一层保温袋，请放心。",
    );
    // Two characters from the middle of the body.
    assert!(search(&store, "保温").contains(&"雨天配送说明".to_owned()));
    // Pinyin initials of the title, and full pinyin; upper case works too.
    assert!(search(&store, "ytps").contains(&"雨天配送说明".to_owned()));
    assert!(search(&store, "YTPS").contains(&"雨天配送说明".to_owned()));
    assert!(search(&store, "peisong").contains(&"雨天配送说明".to_owned()));
    // Two words must both match.
    assert!(search(&store, "大雨 保温袋").contains(&"雨天配送说明".to_owned()));
    assert!(!search(&store, "大雨 生日").contains(&"雨天配送说明".to_owned()));
    // Shipped phrases are found by initials too: 欢迎 → hy.
    assert!(search(&store, "xrjq").contains(&"新人进群欢迎".to_owned()));

    let by = |q: PhraseQuery| -> Vec<i64> {
        phrases::list(&store, &q)
            .unwrap()
            .phrases
            .iter()
            .map(|s| s.id)
            .collect()
    };
    assert_eq!(
        by(PhraseQuery {
            tag: Some("自编".into()),
            ..Default::default()
        }),
        [id]
    );
    let in_category = by(PhraseQuery {
        category: Some("售后关怀".into()),
        ..Default::default()
    });
    assert!(in_category.contains(&id) && in_category.len() > 1);
    assert!(phrases::tags(&store).unwrap().contains(&"自编".to_owned()));

    // Favourites first, then the most used.
    let birthday = by(PhraseQuery {
        category: Some("生日祝福".into()),
        ..Default::default()
    });
    let (fav, used) = (birthday[3], birthday[2]);
    let plain = FillRequest {
        member_id: None,
        values: [
            ("昵称", "小美"),
            ("店名", "x"),
            ("优惠券", "券"),
            ("截止日期", "月底"),
        ]
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .into(),
    };
    phrases::record_use(&store, used, &plain, today(), now()).unwrap();
    phrases::set_favorite(&store, fav, true).unwrap();
    let ranked = by(PhraseQuery {
        category: Some("生日祝福".into()),
        ..Default::default()
    });
    assert_eq!(&ranked[..2], [fav, used]);
    assert_eq!(
        by(PhraseQuery {
            favorites_only: true,
            ..Default::default()
        }),
        [fav]
    );
}

#[test]
fn bad_phrases_are_refused_field_by_field() {
    let (_dir, store) = store();
    let err = phrases::add(
        &store,
        &NewPhrase {
            title: " ".into(),
            category: "".into(),
            body: "{优惠券 今天到期".into(),
            tags: vec![],
            favorite: false,
        },
        now(),
    )
    .unwrap_err();
    let fields: Vec<String> = err.fields().into_iter().map(|f| f.field).collect();
    assert_eq!(fields, ["title", "category", "body"]);
    assert!(err.to_string().contains("花括号没有配对"), "{err}");

    // Same title in the same category: refused; in another category: fine.
    add(&store, "活动推广", "周末试吃", "周末来试吃新品");
    let dup = phrases::add(
        &store,
        &NewPhrase {
            title: "周末试吃".into(),
            category: "活动推广".into(),
            body: "另一条".into(),
            ..Default::default()
        },
        now(),
    )
    .unwrap_err();
    assert!(dup.to_string().contains("已经有一条叫“周末试吃”"), "{dup}");
    add(&store, "提醒通知", "周末试吃", "周末试吃提醒");
}

#[test]
fn keyword_tester_says_which_reply_fires_and_why() {
    let (_dir, store) = store();
    // Shipped: 营业时间 (几点关门, priority 0) and 退换货 (退货, priority 10).
    let outcome = phrases::test_reply(&store, "你们几点关门？我想退货").unwrap();
    let fired = outcome.fired.unwrap();
    assert_eq!(fired.keyword, "退货");
    assert!(fired.reason.contains("优先级 10"), "{}", fired.reason);
    let lost = &outcome.also_matched[0];
    assert_eq!(lost.keyword, "几点关门");
    assert!(lost.reason.contains("但优先级 10 高于"), "{}", lost.reason);

    // The shop's address is filled into the reply.
    let fired = phrases::test_reply(&store, "店在哪")
        .unwrap()
        .fired
        .unwrap();
    assert!(
        fired.reply.contains("花漾烘焙在人民路 88 号"),
        "{}",
        fired.reply
    );

    // A whole-message rule: "在吗" alone fires it, inside a sentence it does not.
    assert_eq!(
        phrases::test_reply(&store, "在吗")
            .unwrap()
            .fired
            .unwrap()
            .keyword,
        "在吗"
    );
    assert!(
        phrases::test_reply(&store, "老板在吗，我要订蛋糕")
            .unwrap()
            .fired
            .is_none()
    );

    // Same priority: the longer keyword is more specific and wins.
    let wifi = phrases::add_rule(
        &store,
        &NewKeywordRule {
            keywords: vec!["WiFi密码".into()],
            reply: "密码是 huayang888".into(),
            whole: false,
            priority: 0,
            enabled: true,
        },
        now(),
    )
    .unwrap();
    phrases::add_rule(
        &store,
        &NewKeywordRule {
            keywords: vec!["wifi".into()],
            reply: "店里有免费 WiFi".into(),
            whole: false,
            priority: 0,
            enabled: true,
        },
        now(),
    )
    .unwrap();
    // Full-width letters and spaces in the customer's message still match.
    let outcome = phrases::test_reply(&store, "ＷｉＦｉ 密码多少").unwrap();
    let fired = outcome.fired.unwrap();
    assert_eq!(fired.rule_id, wifi.id);
    assert!(fired.reason.contains("更长"), "{}", fired.reason);

    // A switched-off rule never fires, and the tester says so.
    let mut off = wifi.clone();
    off.enabled = false;
    phrases::update_rule(
        &store,
        wifi.id,
        &NewKeywordRule {
            keywords: off.keywords,
            reply: off.reply,
            whole: off.whole,
            priority: off.priority,
            enabled: false,
        },
        now(),
    )
    .unwrap();
    let outcome = phrases::test_reply(&store, "wifi密码").unwrap();
    assert_eq!(outcome.fired.unwrap().keyword, "wifi");
    assert!(outcome.also_matched[0].reason.contains("已停用"));

    // Nothing matches: nothing fires, nothing else listed.
    let none = phrases::test_reply(&store, "今天天气真好").unwrap();
    assert!(none.fired.is_none() && none.also_matched.is_empty());
}

#[test]
fn json_round_trip_is_lossless() {
    let (dir, a) = store();
    // The shop's own phrase, an edited default, favourites, use counts, a rule.
    let own = add(
        &a,
        "我的分类",
        "到店停车",
        "停车场在后门，报{店名}免费停两小时。",
    );
    phrases::set_favorite(&a, own, true).unwrap();
    let welcome = search(&a, "新人进群欢迎");
    assert_eq!(welcome, ["新人进群欢迎"]);
    let shipped = phrases::list(
        &a,
        &PhraseQuery {
            search: Some("新人进群欢迎".into()),
            ..Default::default()
        },
    )
    .unwrap()
    .phrases[0]
        .clone();
    phrases::update(
        &a,
        shipped.id,
        &NewPhrase {
            title: "新人进群欢迎（改）".into(),
            category: shipped.category.clone(),
            body: "欢迎{昵称}！\n第二行：有事@我".into(),
            tags: vec!["进群".into(), "改过".into()],
            favorite: false,
        },
        now(),
    )
    .unwrap();
    let fill = FillRequest {
        member_id: None,
        values: BTreeMap::new(),
    };
    phrases::record_use(&a, own, &fill, today(), now()).unwrap();
    phrases::add_rule(
        &a,
        &NewKeywordRule {
            keywords: vec!["停车".into(), "车位".into()],
            reply: "后门有停车场".into(),
            whole: false,
            priority: 3,
            enabled: false,
        },
        now(),
    )
    .unwrap();

    let file_a = dir.path().join("a.json");
    phrases::export(&a, &file_a).unwrap();

    // Another shop, fresh (its own defaults loaded), imports it.
    let dir_b = tempfile::tempdir().unwrap();
    let b = Store::open(&dir_b.path().join("shequn.db"), now())
        .unwrap()
        .0;
    // The preview reports the same and changes nothing.
    let before = phrases::list(&b, &PhraseQuery::default()).unwrap().total;
    let preview = phrases::preview_import(&b, &file_a, now()).unwrap();
    assert_eq!(
        phrases::list(&b, &PhraseQuery::default()).unwrap().total,
        before
    );
    let report = phrases::import(&b, &file_a, now()).unwrap();
    assert_eq!(preview, report);
    assert_eq!(report.added, 2, "{:?}", report.changes); // own phrase + rule
    assert_eq!(report.updated, 1, "{:?}", report.changes); // the edited default
    assert!(report.skipped >= 60);
    let file_b = dir_b.path().join("b.json");
    phrases::export(&b, &file_b).unwrap();
    assert_eq!(
        std::fs::read_to_string(&file_a).unwrap(),
        std::fs::read_to_string(&file_b).unwrap()
    );
    // Importing the same file again changes nothing.
    let again = phrases::import(&b, &file_a, now()).unwrap();
    assert_eq!((again.added, again.updated), (0, 0));
}

#[test]
fn xlsx_export_reads_back_and_imports_edits() {
    let (dir, store) = store();
    let path = dir.path().join("话术.xlsx");
    let (n_phrases, n_rules) = phrases::export(&store, &path).unwrap();
    assert!(n_phrases >= 60 && n_rules >= 5);

    // Read back with a spreadsheet reader, as Excel would show it.
    use calamine::{Reader, Xlsx, open_workbook};
    let mut book: Xlsx<_> = open_workbook(&path).unwrap();
    assert_eq!(book.sheet_names(), ["话术", "关键词回复"]);
    let sheet = book.worksheet_range("话术").unwrap();
    let header: Vec<String> = sheet
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(&header[..3], ["分类", "标题", "正文"]);
    assert_eq!(sheet.rows().count() as u32, n_phrases + 1);

    // The owner edits in Excel: one body changed, one new row, a bad row fixed later.
    let mut rows: Vec<Vec<String>> = sheet
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    rows[1][2] = "改过的正文，{昵称}".into();
    rows.push(vec![
        "我的分类".into(),
        "新写的一条".into(),
        "-先写减号也不会变成公式".into(),
        "a、b".into(),
        "是".into(),
    ]);
    let edited = dir.path().join("edited.xlsx");
    write_xlsx(&edited, &rows, true);
    let report = phrases::import(&store, &edited, now()).unwrap();
    assert_eq!(
        (report.added, report.updated),
        (1, 1),
        "{:?}",
        report.changes
    );
    let new = &phrases::list(
        &store,
        &PhraseQuery {
            search: Some("新写的一条".into()),
            ..Default::default()
        },
    )
    .unwrap()
    .phrases[0];
    assert_eq!(new.body, "-先写减号也不会变成公式");
    assert_eq!(new.tags, ["a", "b"]);
    assert!(new.favorite);
    let changes: Vec<_> = report
        .changes
        .iter()
        .filter(|c| c.action != ImportAction::Skipped)
        .collect();
    assert_eq!(changes.len(), 2);

    // A bad file: every problem named with its row, and nothing written.
    let before = phrases::list(&store, &PhraseQuery::default())
        .unwrap()
        .total;
    let bad = vec![
        vec!["分类".into(), "标题".into(), "正文".into(), "收藏".into()],
        vec![
            "活动推广".into(),
            "好的一行".into(),
            "内容".into(),
            "".into(),
        ],
        vec!["活动推广".into(), "".into(), "没有标题".into(), "".into()],
        vec![
            "活动推广".into(),
            "收藏写错".into(),
            "内容".into(),
            "也许".into(),
        ],
    ];
    let bad_path = dir.path().join("bad.xlsx");
    write_xlsx(&bad_path, &bad, false);
    let err = phrases::import(&store, &bad_path, now())
        .unwrap_err()
        .to_string();
    assert!(err.contains("第 3 行：标题不能为空"), "{err}");
    assert!(err.contains("第 4 行：“收藏”请填 是 或 否"), "{err}");
    assert_eq!(
        phrases::list(&store, &PhraseQuery::default())
            .unwrap()
            .total,
        before
    );
}

fn write_xlsx(path: &std::path::Path, rows: &[Vec<String>], neutralise: bool) {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("话术").unwrap();
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            // What our export writes: a leading apostrophe before formula starters.
            let text = if neutralise && cell.starts_with('-') {
                format!("'{cell}")
            } else {
                cell.clone()
            };
            sheet.write_string(r as u32, c as u16, text).unwrap();
        }
    }
    book.save(path).unwrap();
}

#[test]
fn files_of_other_kinds_are_refused_clearly() {
    let (dir, store) = store();
    let path = dir.path().join("x.csv");
    std::fs::write(&path, "a,b").unwrap();
    let err = phrases::import(&store, &path, now())
        .unwrap_err()
        .to_string();
    assert!(err.contains(".json") && err.contains(".xlsx"), "{err}");
    let path = dir.path().join("x.json");
    std::fs::write(&path, "{\"members\": []}").unwrap();
    let err = phrases::import(&store, &path, now())
        .unwrap_err()
        .to_string();
    assert!(err.contains("不是社群掌柜导出的话术库"), "{err}");
}
