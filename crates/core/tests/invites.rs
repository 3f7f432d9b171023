//! Groups, channels, codes and redemption at the counter.
#![allow(clippy::unwrap_used)]

use std::sync::Arc;

use chrono::{NaiveDate, TimeZone};
use shequn_core::invites::{self, ChannelKind, NewChannel, NewGroup, QrStatus};
use shequn_core::members::{self, AddOutcome, NewMember};
use shequn_core::render::{self, QrMatrix, Rgb, Scene, TextStyle};
use shequn_core::shop::{self, BusinessRules, ShopUpdate};
use shequn_core::{Code, Error, Store};

fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("shequn.db"), now()).unwrap().0;
    let rules = BusinessRules {
        referral_points_referrer: 100,
        referral_points_referee: 50,
        ..BusinessRules::default()
    };
    let change = ShopUpdate {
        name: Some("老街面馆".into()),
        rules: Some(rules),
        ..ShopUpdate::default()
    };
    shop::update(&store, &change, None, now()).unwrap();
    (dir, store)
}

fn counter_channel(store: &Store) -> i64 {
    invites::add_channel(
        store,
        &NewChannel {
            name: "收银台立牌".into(),
            kind: Some(ChannelKind::Counter),
            link: Some("https://weixin.qq.com/g/AbCdEf".into()),
            gift: Some("卤蛋一个".into()),
            ..Default::default()
        },
        today(),
        now(),
    )
    .unwrap()
    .id
}

fn refused(result: Result<invites::Redemption, Error>) -> String {
    match result {
        Err(e) if e.code() == Code::Conflict => e.to_string(),
        Err(e) if e.code() == Code::Validation => e
            .fields()
            .into_iter()
            .map(|f| format!("{}: {}", f.field, f.message))
            .collect(),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

fn member_count(store: &Store) -> i64 {
    store
        .conn()
        .query_row("SELECT COUNT(*) FROM members", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn a_valid_code_makes_a_member_from_that_channel_and_names_the_gift() {
    let (_d, store) = store();
    let ch = counter_channel(&store);
    let codes = invites::generate_codes(&store, ch, 16, today(), now()).unwrap();
    assert_eq!(codes.len(), 16);
    assert!(
        codes
            .iter()
            .all(|c| c.link == "https://weixin.qq.com/g/AbCdEf")
    );
    let typed = codes[3].code.to_lowercase();
    let r = invites::redeem(
        &store,
        &typed,
        "138 1234 5678",
        Some("张三"),
        None,
        today(),
        now(),
    )
    .unwrap();
    assert!(r.new_member);
    assert_eq!(
        (r.member_phone.as_str(), r.channel.as_str(), r.gift.as_str()),
        ("13812345678", "收银台立牌", "卤蛋一个")
    );
    let m = members::get_by_phone(&store, "13812345678", today()).unwrap();
    assert_eq!(m.source, "收银台立牌");
    let view = invites::channel(&store, ch, today()).unwrap();
    assert_eq!((view.codes, view.redeemed), (16, 1));
}

#[test]
fn a_typo_a_used_code_a_paused_channel_and_an_expired_code_are_refused() {
    let (_d, store) = store();
    let ch = counter_channel(&store);
    let codes = invites::generate_codes(&store, ch, 3, today(), now()).unwrap();

    // A typo: the check character catches one wrong character.
    let mut typo = codes[0].code.clone().into_bytes();
    typo[2] = if typo[2] == b'A' { b'B' } else { b'A' };
    let msg = refused(invites::redeem(
        &store,
        &String::from_utf8(typo).unwrap(),
        "13812345678",
        Some("张三"),
        None,
        today(),
        now(),
    ));
    assert!(msg.contains("校验不对"), "{msg}");
    assert_eq!(member_count(&store), 0, "nothing written");

    // Used twice: refused with when and by whom.
    invites::redeem(
        &store,
        &codes[0].code,
        "13812345678",
        Some("张三"),
        None,
        today(),
        now(),
    )
    .unwrap();
    let msg = refused(invites::redeem(
        &store,
        &codes[0].code,
        "13900001111",
        Some("李四"),
        None,
        today(),
        now(),
    ));
    assert!(
        msg.contains("2026-11-22 10:00") && msg.contains("张三（138****5678）"),
        "{msg}"
    );
    assert_eq!(member_count(&store), 1);

    // Paused channel.
    invites::set_channel_active(&store, ch, false, today()).unwrap();
    let msg = refused(invites::redeem(
        &store,
        &codes[1].code,
        "13900001111",
        Some("李四"),
        None,
        today(),
        now(),
    ));
    assert!(msg.contains("已暂停"), "{msg}");
    invites::set_channel_active(&store, ch, true, today()).unwrap();

    // Expired: a channel valid until yesterday.
    let old = book::channel(
        &store,
        NewChannel {
            name: "双十一小票".into(),
            kind: Some(ChannelKind::Receipt),
            link: Some("https://work.weixin.qq.com/ca/abc".into()),
            valid_until: Some("2026-11-21".into()),
            ..Default::default()
        },
    );
    let expired = invites::generate_codes(&store, old.id, 1, today(), now()).unwrap();
    let msg = refused(invites::redeem(
        &store,
        &expired[0].code,
        "13900001111",
        Some("李四"),
        None,
        today(),
        now(),
    ));
    assert!(msg.contains("2026-11-21") && msg.contains("过期"), "{msg}");
    // The last valid day still works.
    let on_last_day = invites::redeem(
        &store,
        &expired[0].code,
        "13900001111",
        Some("李四"),
        None,
        NaiveDate::from_ymd_opt(2026, 11, 21).unwrap(),
        now(),
    );
    assert!(on_last_day.is_ok(), "{on_last_day:?}");

    // Unknown code with a valid check character.
    let stranger = invites::code::generate();
    let msg = refused(invites::redeem(
        &store,
        &stranger,
        "13900002222",
        Some("王五"),
        None,
        today(),
        now(),
    ));
    assert!(msg.contains("没有邀请码"), "{msg}");
    // A new phone without a name: says what to fill in.
    let msg = refused(invites::redeem(
        &store,
        &codes[2].code,
        "13900003333",
        None,
        None,
        today(),
        now(),
    ));
    assert!(msg.starts_with("name:"), "{msg}");
}

#[test]
fn a_member_referral_code_credits_the_referrer_once_and_refuses_self_referral() {
    let (_d, store) = store();
    book::referral_channel(&store, "https://weixin.qq.com/g/Refer", "双方各得 5 元券");
    let alice = book::member(&store, "王芳", "13700000001");
    let (code, _) = invites::referral_code_for(&store, alice.id, now()).unwrap();
    assert_eq!(
        invites::referral_code_for(&store, alice.id, now())
            .unwrap()
            .0,
        code,
        "always the same code"
    );

    let msg = refused(invites::redeem(
        &store,
        &code.code,
        "13700000001",
        None,
        None,
        today(),
        now(),
    ));
    assert!(msg.contains("不能用自己的推荐码"), "{msg}");

    let r = invites::redeem(
        &store,
        &code.code,
        "13700000002",
        Some("赵敏"),
        None,
        today(),
        now(),
    )
    .unwrap();
    assert_eq!(
        (r.referrer_phone.as_deref(), r.referrer_points),
        (Some("13700000001"), 100)
    );
    let r2 = invites::redeem(
        &store,
        &code.code,
        "13700000003",
        Some("周杰"),
        None,
        today(),
        now(),
    )
    .unwrap();
    assert_eq!(
        r2.referrer_points, 100,
        "a personal code serves many friends"
    );
    // The same friend again: refused, and nothing is credited or logged twice.
    let msg = refused(invites::redeem(
        &store,
        &code.code,
        "13700000002",
        None,
        None,
        today(),
        now(),
    ));
    assert!(
        msg.contains("赵敏 已在 2026-11-22 10:00 用这个推荐码领过礼物"),
        "{msg}"
    );
    // A member who came another way cannot take a friend's gift either.
    book::member(&store, "钱多", "13700000009");
    let msg = refused(invites::redeem(
        &store,
        &code.code,
        "13700000009",
        None,
        None,
        today(),
        now(),
    ));
    assert!(msg.contains("钱多 已经是本店会员"), "{msg}");

    let alice = members::get(&store, alice.id, today()).unwrap();
    assert_eq!(alice.points, 200, "100 for each friend, once");
    assert_eq!(alice.referrals, 2);
    let friend = members::get_by_phone(&store, "13700000002", today()).unwrap();
    assert_eq!(
        (friend.points, friend.referrer_phone.as_deref()),
        (50, Some("13700000001"))
    );
    let log = invites::redemptions(&store, &invites::RedemptionQuery::default()).unwrap();
    assert_eq!(log.len(), 2, "one line per friend");

    // Once the owner's personal data is deleted, their code stops working.
    members::delete(&store, alice.id, now()).unwrap();
    let msg = refused(invites::redeem(
        &store,
        &code.code,
        "13700000004",
        Some("孙丽"),
        None,
        today(),
        now(),
    ));
    assert!(msg.contains("已删除会员资料，码已作废"), "{msg}");
    assert!(members::get_by_phone(&store, "13700000004", today()).is_err());
}

#[test]
fn a_member_gets_a_channels_gift_once_and_a_member_who_left_comes_back() {
    let (_d, store) = store();
    let counter = counter_channel(&store);
    let codes = invites::generate_codes(&store, counter, 3, today(), now()).unwrap();
    let zhang = book::member(&store, "张三", "13812345678");
    let r = invites::redeem(
        &store,
        &codes[0].code,
        "13812345678",
        None,
        Some("小雯"),
        today(),
        now(),
    )
    .unwrap();
    assert_eq!(
        (r.new_member, r.returned, r.staff.as_str()),
        (false, false, "小雯")
    );
    let msg = refused(invites::redeem(
        &store,
        &codes[1].code,
        "13812345678",
        None,
        None,
        today(),
        now(),
    ));
    assert!(
        msg.contains("张三 已在 2026-11-22 10:00 通过“收银台立牌”领过“卤蛋一个”"),
        "{msg}"
    );
    let unused = invites::channel(&store, counter, today()).unwrap();
    assert_eq!(
        unused.redeemed, 1,
        "the refused card stays unused for someone else"
    );

    // Another channel's gift is a different gift.
    let bag = book::channel(
        &store,
        NewChannel {
            name: "包装袋".into(),
            kind: Some(ChannelKind::Bag),
            link: Some("https://weixin.qq.com/g/Bag".into()),
            gift: Some("环保袋".into()),
            ..Default::default()
        },
    );
    let bag_code = &invites::generate_codes(&store, bag.id, 1, today(), now()).unwrap()[0];
    members::mark_left(&store, zhang.id, "搬家了", now()).unwrap();
    let back = invites::redeem(
        &store,
        &bag_code.code,
        "13812345678",
        None,
        None,
        today(),
        now(),
    )
    .unwrap();
    assert!(back.returned && !back.new_member);
    let zhang = members::get(&store, zhang.id, today()).unwrap();
    assert_eq!(
        (zhang.status, zhang.left_reason.as_str()),
        (members::Status::Active, "")
    );
}

#[test]
fn the_redemption_log_keeps_every_gift_filters_by_day_and_channel_and_exports_masked() {
    let (dir, store) = store();
    let counter = counter_channel(&store);
    let referral =
        book::referral_channel(&store, "https://weixin.qq.com/g/Refer", "双方各得 5 元券");
    let codes = invites::generate_codes(&store, counter, 3, today(), now()).unwrap();
    let alice = book::member(&store, "王芳", "13700000001");
    let (own, _) = invites::referral_code_for(&store, alice.id, now()).unwrap();
    let on = |d: u32| NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
    let at = |d: u32| {
        chrono::Local
            .with_ymd_and_hms(2026, 11, d, 15, 30, 0)
            .single()
            .unwrap()
    };
    let redeem = |code: &str, phone: &str, name: &str, d: u32| {
        invites::redeem(&store, code, phone, Some(name), Some("李娜"), on(d), at(d)).unwrap()
    };
    redeem(&codes[0].code, "13800000001", "甲", 20);
    redeem(&codes[1].code, "13800000002", "乙", 21);
    redeem(&own.code, "13800000003", "丙", 21);
    redeem(&codes[2].code, "13800000004", "丁", 22);

    let all = invites::redemptions(&store, &invites::RedemptionQuery::default()).unwrap();
    let names: Vec<&str> = all.iter().map(|r| r.member_name.as_str()).collect();
    assert_eq!(names, ["丁", "丙", "乙", "甲"], "newest first");
    let bing = &all[1];
    assert_eq!(
        (
            bing.channel.as_str(),
            bing.member_phone.as_str(),
            bing.gift.as_str(),
            bing.referrer_phone.as_deref(),
            bing.referrer_name.as_deref(),
            bing.staff.as_str(),
            bing.new_member
        ),
        (
            "老带新",
            "138****0003",
            "双方各得 5 元券",
            Some("137****0001"),
            Some("王芳"),
            "李娜",
            true
        )
    );
    assert!(
        bing.redeemed_at.starts_with("2026-11-21T15:30:00"),
        "{}",
        bing.redeemed_at
    );
    let query = |from: Option<&str>, to: Option<&str>, channel: Option<i64>| {
        invites::redemptions(
            &store,
            &invites::RedemptionQuery {
                from: from.map(Into::into),
                to: to.map(Into::into),
                channel_id: channel,
                unmask: false,
            },
        )
        .unwrap()
        .into_iter()
        .map(|r| r.member_name)
        .collect::<Vec<_>>()
    };
    assert_eq!(
        query(Some("2026-11-21"), Some("2026-11-21"), None),
        ["丙", "乙"]
    );
    assert_eq!(query(Some("2026-11-21"), None, Some(counter)), ["丁", "乙"]);
    assert_eq!(query(None, Some("2026-11-20"), None), ["甲"]);
    assert_eq!(query(None, None, Some(referral)), ["丙"]);
    let err = invites::redemptions(
        &store,
        &invites::RedemptionQuery {
            from: Some("11月1日".into()),
            ..Default::default()
        },
    )
    .unwrap_err();
    assert!(err.to_string().contains("看不懂"), "{err}");

    // Exported for the boss: phones masked, read back as Excel shows it.
    let path = dir.path().join("核销记录.xlsx");
    let n =
        invites::export_redemptions(&store, &invites::RedemptionQuery::default(), &path).unwrap();
    assert_eq!(n, 4);
    use calamine::{Reader, open_workbook_auto};
    let mut book = open_workbook_auto(&path).unwrap();
    let sheet = book.worksheet_range("核销记录").unwrap();
    let rows: Vec<Vec<String>> = sheet
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    assert_eq!(rows[0][..4], ["核销时间", "邀请码", "渠道", "会员"]);
    assert_eq!(rows[2][0], "2026-11-21 15:30");
    assert_eq!(rows[2][4], "138****0003");
    assert_eq!(rows[2][7], "王芳（137****0001）");
    assert!(rows.iter().flatten().all(|c| !c.contains("13800000003")));
    let csv_path = dir.path().join("核销记录.csv");
    invites::export_redemptions(
        &store,
        &invites::RedemptionQuery {
            unmask: true,
            ..Default::default()
        },
        &csv_path,
    )
    .unwrap();
    let text = std::fs::read_to_string(&csv_path).unwrap();
    assert!(
        text.starts_with('\u{feff}') && text.contains("13800000003"),
        "{text}"
    );
}

#[test]
fn group_qr_expiry_warns_two_days_ahead_and_on_the_day() {
    let made = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
    let on = |d: u32| invites::qr_status(Some(made), NaiveDate::from_ymd_opt(2026, 11, d).unwrap());
    assert!(matches!(on(20), QrStatus::Valid { days_left: 7, .. }));
    assert!(matches!(on(24), QrStatus::Valid { days_left: 3, .. }));
    assert!(on(24).warning().is_none());
    assert!(matches!(on(25), QrStatus::ExpiresSoon { days_left: 2, .. }));
    assert!(
        on(25)
            .warning()
            .unwrap()
            .contains("还有 2 天过期（2026-11-27）")
    );
    assert!(matches!(on(26), QrStatus::ExpiresSoon { days_left: 1, .. }));
    assert!(on(27).is_expired());
    assert!(on(27).warning().unwrap().contains("已于 2026-11-27 过期"));
    assert_eq!(invites::qr_status(None, today()), QrStatus::NoExpiry);
}

#[test]
fn a_group_from_a_screenshot_gets_its_link_and_a_picture_without_qr_is_refused() {
    let (dir, store) = store();
    let link = "https://weixin.qq.com/g/AQYAAAbcDEF-ghijk";
    let mut s = Scene::new(75.0, 160.0);
    s.rect(0.0, 0.0, 75.0, 160.0, Some(Rgb(236, 236, 236)), None);
    s.text(
        5.0,
        3.0,
        65.0,
        "老街面馆福利群1号（12）",
        TextStyle::new(9.0),
    );
    s.qr(
        15.0,
        45.0,
        45.0,
        Arc::new(QrMatrix::encode(link).unwrap()),
        Rgb::BLACK,
    );
    let shot = dir.path().join("group.png");
    render::to_png(&s, 1080.0 / 75.0).save(&shot).unwrap();

    let name = invites::suggest_group_name(&store, "福利群").unwrap();
    assert_eq!(name, "老街面馆福利群1号");
    let g = invites::add_group(
        &store,
        &NewGroup {
            name,
            kind: "活动群".into(),
            size: Some(488),
            qr_image: Some(shot.to_string_lossy().into_owned()),
            ..Default::default()
        },
        today(),
        now(),
    )
    .unwrap();
    assert_eq!(g.link, link);
    assert_eq!(g.qr_made_on.as_deref(), Some("2026-11-22"));
    assert_eq!((g.capacity, g.seats_left, g.near_capacity), (500, 12, true));
    assert_eq!(
        invites::suggest_group_name(&store, "福利群").unwrap(),
        "老街面馆福利群2号"
    );

    let mut blank = Scene::new(75.0, 100.0);
    blank.text(5.0, 5.0, 65.0, "没有二维码", TextStyle::new(14.0));
    let photo = dir.path().join("photo.png");
    render::to_png(&blank, 10.0).save(&photo).unwrap();
    let err = invites::add_group(
        &store,
        &NewGroup {
            name: "老街面馆福利群2号".into(),
            kind: "活动群".into(),
            qr_image: Some(photo.to_string_lossy().into_owned()),
            ..Default::default()
        },
        today(),
        now(),
    )
    .unwrap_err();
    let fields = err.fields();
    assert_eq!(fields[0].field, "qr_image");
    assert!(
        fields[0].message.contains("没有找到"),
        "{}",
        fields[0].message
    );
    assert_eq!(invites::groups(&store, today()).unwrap().len(), 1);
}

#[test]
fn renewing_a_group_qr_restarts_its_week_and_moves_its_channels_to_the_new_link() {
    let (_dir, store) = store();
    let week_ago = NaiveDate::from_ymd_opt(2026, 11, 14).unwrap();
    let old = "https://weixin.qq.com/g/OldOldOld";
    let form = |link: &str, made: Option<&str>| NewGroup {
        name: "老街面馆福利群1号".into(),
        kind: "活动群".into(),
        size: Some(300),
        link: Some(link.into()),
        qr_made_on: made.map(str::to_owned),
        ..Default::default()
    };
    let g = invites::add_group(&store, &form(old, Some("2026-11-14")), week_ago, now()).unwrap();
    assert!(matches!(g.qr, QrStatus::Valid { days_left: 7, .. }));
    assert!(
        invites::group(&store, g.id, today())
            .unwrap()
            .qr
            .is_expired()
    );
    let ch = book::channel(
        &store,
        NewChannel {
            name: "收银台立牌".into(),
            group_id: Some(g.id),
            ..Default::default()
        },
    );
    assert_eq!(ch.link, old);
    assert!(ch.qr.is_expired());

    // Editing something else keeps the old QR date: the code is still the expired one.
    let mut same = form(old, None);
    same.size = Some(320);
    let kept = invites::update_group(&store, g.id, &same, today(), now()).unwrap();
    assert_eq!(kept.qr_made_on.as_deref(), Some("2026-11-14"));
    assert_eq!(kept.size, 320);
    assert!(kept.qr.is_expired());

    // The new code WeChat made today: a fresh week, and the channel prints it now.
    let new = "https://weixin.qq.com/g/NewNewNew";
    let renewed = invites::update_group(&store, g.id, &form(new, None), today(), now()).unwrap();
    assert_eq!(renewed.link, new);
    assert_eq!(renewed.qr_made_on.as_deref(), Some("2026-11-22"));
    assert!(matches!(renewed.qr, QrStatus::Valid { days_left: 7, .. }));
    let ch = invites::channel(&store, ch.id, today()).unwrap();
    assert_eq!(ch.link, new);
    assert!(!ch.qr.is_expired());

    // A name taken by another group is refused, and nothing changes.
    invites::add_group(
        &store,
        &NewGroup {
            name: "老街面馆福利群2号".into(),
            ..form(new, None)
        },
        today(),
        now(),
    )
    .unwrap();
    let mut clash = form(new, None);
    clash.name = "老街面馆福利群2号".into();
    let err = invites::update_group(&store, g.id, &clash, today(), now()).unwrap_err();
    assert_eq!(err.fields()[0].field, "name");
    assert_eq!(
        invites::group(&store, g.id, today()).unwrap().name,
        "老街面馆福利群1号"
    );
}

#[path = "support/book.rs"]
mod book;
use book::{now, today};
#[path = "support/printed.rs"]
mod printed;

use shequn_core::invites::print::{self, Layout};

#[test]
fn every_layout_prints_codes_that_scan_to_the_right_link_and_code() {
    let (dir, store) = store();
    let ch = counter_channel(&store);
    for layout in Layout::ALL {
        let count = match layout {
            Layout::A4_8 | Layout::A4_10 | Layout::Labels2x5 => 10,
            Layout::Labels3x8 => 24,
            _ => 2,
        };
        let (pdf, run) =
            print::print_codes(&store, ch, layout, count, false, today(), now()).unwrap();
        let path = dir.path().join(format!("{}.pdf", layout.as_str()));
        std::fs::write(&path, pdf).unwrap();
        print::confirm_printed(&store, &run, now()).unwrap();
        assert_eq!(run.codes.len(), count as usize);
        assert_eq!(
            run.file_name,
            format!(
                "邀请码-{}-{}.pdf",
                layout.as_str(),
                today().format("%Y%m%d")
            )
        );
        printed::qpdf_check(&path);
        let fonts = printed::pdf_fonts(&path);
        assert!(
            fonts.len() == 1 && fonts[0].contains("yes yes yes"),
            "{layout:?}: {fonts:?}"
        );
        let text: String = printed::pdf_text(&path).split_whitespace().collect();
        assert!(text.contains("老街面馆"), "{layout:?}: {text}");
        for code in &run.codes {
            assert!(
                text.contains(code.as_str()),
                "{layout:?}: {code} not in {text}"
            );
        }
        let pages = printed::page_count(&path);
        assert_eq!(
            pages,
            count.div_ceil(layout.per_page() as u32) as usize,
            "{layout:?}"
        );
        let (w, h) = printed::page_size_mm(&path);
        match layout {
            Layout::Receipt58 => {
                assert!((w - 58.0).abs() < 0.3 && h > 80.0 && h < 160.0, "{w}×{h}")
            }
            Layout::Receipt80 => {
                assert!((w - 80.0).abs() < 0.3 && h > 80.0 && h < 180.0, "{w}×{h}")
            }
            Layout::TentA6 => assert!(
                (w - 148.0).abs() < 0.3 && (h - 210.0).abs() < 0.3,
                "{w}×{h}"
            ),
            Layout::TentA5 => assert!(
                (w - 210.0).abs() < 0.3 && (h - 297.0).abs() < 0.3,
                "{w}×{h}"
            ),
            _ => assert!(
                (w - 210.0).abs() < 0.3 && (h - 297.0).abs() < 0.3,
                "{w}×{h}"
            ),
        }
        // As a phone and the counter scanner see the printed page.
        let raster_dir = dir.path().join(layout.as_str());
        std::fs::create_dir(&raster_dir).unwrap();
        let mut scanned: Vec<String> = Vec::new();
        let sheet = matches!(
            layout,
            Layout::A4_8 | Layout::A4_10 | Layout::Labels3x8 | Layout::Labels2x5
        );
        for (p, page) in printed::rasterise(&path, &raster_dir)
            .into_iter()
            .enumerate()
        {
            if !sheet {
                scanned.extend(printed::scan(&page));
                continue;
            }
            // Cut along the crop marks and scan each card alone, as a phone would.
            let raster = image::open(&page).unwrap();
            let cards = scan_each_card(&raster, layout, &raster_dir.join(format!("page-{p}")));
            for (i, found) in cards.into_iter().enumerate() {
                let Some(code) = run.codes.get(p * layout.per_page() + i) else {
                    break;
                };
                assert!(
                    found.contains(code),
                    "{layout:?} card {i} of page {p}: {found:?} lacks {code}"
                );
                scanned.extend(found);
            }
        }
        let links = scanned
            .iter()
            .filter(|s| *s == "https://weixin.qq.com/g/AbCdEf")
            .count();
        let per_code_links = if matches!(layout, Layout::TentA6 | Layout::TentA5) {
            2
        } else {
            1
        };
        assert_eq!(
            links,
            count as usize * per_code_links,
            "{layout:?}: {scanned:?}"
        );
        for code in &run.codes {
            assert!(
                scanned.contains(code),
                "{layout:?}: {code} not scanned in {scanned:?}"
            );
        }
    }
    let view = invites::channel(&store, ch, today()).unwrap();
    assert_eq!(view.unprinted, 0);
}

#[test]
fn cards_sit_inside_their_crop_marks_and_sheets_fit_the_page() {
    for layout in [
        Layout::A4_8,
        Layout::A4_10,
        Layout::Labels3x8,
        Layout::Labels2x5,
    ] {
        let boxes = print::card_boxes(layout);
        assert_eq!(boxes.len(), layout.per_page());
        for &(x, y, w, h) in &boxes {
            assert!(
                x >= 0.0 && y >= 0.0 && x + w <= 210.01 && y + h <= 297.01,
                "{layout:?}"
            );
        }
        for (i, a) in boxes.iter().enumerate() {
            for b in &boxes[i + 1..] {
                let apart = a.0 + a.2 <= b.0 + 0.01
                    || b.0 + b.2 <= a.0 + 0.01
                    || a.1 + a.3 <= b.1 + 0.01
                    || b.1 + b.3 <= a.1 + 0.01;
                assert!(apart, "{layout:?}: cards overlap");
            }
        }
    }
    // On a card sheet every item of a card lies inside the card, and every crop mark
    // outside all cards.
    let (_d, store) = store();
    let ch = counter_channel(&store);
    let view = invites::channel(&store, ch, today()).unwrap();
    let style = print::CardStyle::for_channel(&store, &view).unwrap();
    let codes: Vec<String> = (0..8).map(|_| invites::code::generate()).collect();
    let page = &print::pages(&style, &codes, Layout::A4_8)[0];
    let boxes = print::card_boxes(Layout::A4_8);
    let inside = |x: f32, y: f32| {
        boxes.iter().any(|b| {
            x >= b.0 - 0.01 && x <= b.0 + b.2 + 0.01 && y >= b.1 - 0.01 && y <= b.1 + b.3 + 0.01
        })
    };
    let mut marks = 0;
    for item in &page.items {
        match item {
            render::Item::Panel { x, y, scene, .. } => {
                assert!(inside(*x, *y) && inside(x + scene.width, y + scene.height));
            }
            render::Item::Line { x1, y1, x2, y2, .. } => {
                marks += 1;
                let mid = ((x1 + x2) / 2.0, (y1 + y2) / 2.0);
                assert!(
                    !boxes.iter().any(|b| mid.0 > b.0 + 0.01
                        && mid.0 < b.0 + b.2 - 0.01
                        && mid.1 > b.1 + 0.01
                        && mid.1 < b.1 + b.3 - 0.01),
                    "crop mark inside a card"
                );
            }
            other => panic!("unexpected item on the sheet: {other:?}"),
        }
    }
    assert_eq!(marks, 8 * 8);
}

#[test]
fn an_expired_group_qr_is_not_printed_without_confirmation() {
    let (_d, store) = store();
    let g = invites::add_group(
        &store,
        &NewGroup {
            name: "老街面馆福利群1号".into(),
            kind: "活动群".into(),
            link: Some("https://weixin.qq.com/g/Old".into()),
            qr_made_on: Some("2026-11-10".into()),
            ..Default::default()
        },
        today(),
        now(),
    )
    .unwrap();
    assert!(g.qr.is_expired());
    let ch = book::channel(
        &store,
        NewChannel {
            name: "包装袋".into(),
            kind: Some(ChannelKind::Bag),
            group_id: Some(g.id),
            ..Default::default()
        },
    );
    assert_eq!(ch.link, "https://weixin.qq.com/g/Old");
    let err =
        print::print_codes(&store, ch.id, Layout::Labels2x5, 2, false, today(), now()).unwrap_err();
    assert!(err.to_string().contains("已于 2026-11-17 过期"), "{err}");
    let (_, run) =
        print::print_codes(&store, ch.id, Layout::Labels2x5, 2, true, today(), now()).unwrap();
    assert!(run.warnings.iter().any(|w| w.contains("过期")));

    // The single card for WeChat asks the same question.
    let err = print::card_png(&store, ch.id, false, today(), now()).unwrap_err();
    assert!(err.to_string().contains("已于 2026-11-17 过期"), "{err}");
    assert!(print::card_png(&store, ch.id, true, today(), now()).is_ok());

    // And so does a poster whose QR is that channel's or that group's.
    use shequn_core::posters::{self, PosterContent, PosterSize, QrSource};
    for qr in [
        QrSource::Channel { id: ch.id },
        QrSource::Group { id: g.id },
    ] {
        let content = PosterContent {
            template: "welcome".into(),
            size: PosterSize::Phone,
            qr: Some(qr),
            fields: [("headline", "进群有礼"), ("gift", "卤蛋一个")]
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .into(),
            ..PosterContent::default()
        };
        let poster = posters::render(&store, &content, None, today(), now()).unwrap();
        let err = poster.check_publishable(false, false).unwrap_err();
        assert_eq!(err.code(), shequn_core::Code::Conflict);
        assert!(err.to_string().contains("扫了也进不了群"), "{err}");
        assert!(poster.check_publishable(false, true).is_ok());
    }

    // A batch of 老带新 posters whose referral channel leads into that group asks too.
    book::channel(
        &store,
        NewChannel {
            name: "老带新".into(),
            kind: Some(ChannelKind::Referral),
            group_id: Some(g.id),
            ..Default::default()
        },
    );
    let m = book::member(&store, "王芳", "13700000001");
    let base = PosterContent {
        template: "referral".into(),
        size: PosterSize::Phone,
        fields: [
            ("headline", "好店一起逛"),
            ("perk", "你进群，我们各得 100 积分"),
        ]
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .into(),
        ..PosterContent::default()
    };
    let who = [(m.id, m.name.clone(), m.phone.clone())];
    let err = posters::check_batch(&store, &base, &who, false, false, today(), now()).unwrap_err();
    assert!(err.to_string().contains("扫了也进不了群"), "{err}");
    posters::check_batch(&store, &base, &who, false, true, today(), now()).unwrap();
}

#[test]
fn a_channel_with_cards_out_is_archived_not_deleted_and_the_log_outlives_it() {
    let (_d, store) = store();
    let ch = counter_channel(&store);
    let (_, run) =
        print::print_codes(&store, ch, Layout::Labels2x5, 2, false, today(), now()).unwrap();
    print::confirm_printed(&store, &run, now()).unwrap();
    invites::redeem(
        &store,
        &run.codes[0],
        "13800000001",
        Some("甲"),
        None,
        today(),
        now(),
    )
    .unwrap();
    let err = refused(invites::delete_channel(&store, ch, today()).map(|_| unreachable!()));
    assert!(err.contains("还有 1 张印出去的码没有核销"), "{err}");
    assert!(err.contains("归档"), "{err}");

    let archived = invites::set_channel_archived(&store, ch, true, today()).unwrap();
    assert!(archived.archived);
    let msg =
        refused(invites::generate_codes(&store, ch, 1, today(), now()).map(|_| unreachable!()));
    assert!(msg.contains("已归档，不能再印新卡"), "{msg}");
    // A customer holding the card is not turned away.
    let r = invites::redeem(
        &store,
        &run.codes[1],
        "13800000002",
        Some("乙"),
        None,
        today(),
        now(),
    )
    .unwrap();
    assert_eq!(r.channel, "收银台立牌");

    // Nothing left out there: the channel can go, and the log keeps its lines.
    invites::delete_channel(&store, ch, today()).unwrap();
    assert!(invites::channel(&store, ch, today()).is_err());
    let log = invites::redemptions(&store, &invites::RedemptionQuery::default()).unwrap();
    assert_eq!(log.len(), 2);
    assert!(
        log.iter()
            .all(|r| r.channel == "收银台立牌" && r.channel_id.is_none())
    );
    // Its codes are gone with it.
    let msg = refused(invites::redeem(
        &store,
        &run.codes[0],
        "13800000003",
        Some("丙"),
        None,
        today(),
        now(),
    ));
    assert!(msg.contains("没有邀请码"), "{msg}");
}

#[test]
fn a_group_goes_only_once_no_channel_leads_into_it() {
    let (_d, store) = store();
    let g = invites::add_group(
        &store,
        &NewGroup {
            name: "老街面馆福利群2号".into(),
            kind: "活动群".into(),
            link: Some("https://weixin.qq.com/g/Two".into()),
            ..Default::default()
        },
        today(),
        now(),
    )
    .unwrap();
    let ch = book::channel(
        &store,
        NewChannel {
            name: "包装袋".into(),
            kind: Some(ChannelKind::Bag),
            group_id: Some(g.id),
            ..Default::default()
        },
    );
    let m = book::member(&store, "张三", "13800000001");
    members::update(
        &store,
        m.id,
        &NewMember {
            name: "张三".into(),
            phone: "13800000001".into(),
            groups: Some(vec![g.id]),
            ..Default::default()
        },
        today(),
        now(),
    )
    .unwrap();
    let msg = refused(invites::delete_group(&store, g.id, today()).map(|_| unreachable!()));
    assert!(msg.contains("“包装袋”的卡扫了会进这个群"), "{msg}");
    invites::delete_channel(&store, ch.id, today()).unwrap();
    invites::delete_group(&store, g.id, today()).unwrap();
    assert!(invites::group(&store, g.id, today()).is_err());
    let m = members::get(&store, m.id, today()).unwrap();
    assert!(m.groups.is_empty(), "the member stays, without that group");
}

#[test]
fn a_card_png_scans_to_the_link_and_its_code() {
    let (dir, store) = store();
    let ch = counter_channel(&store);
    let (png, run) = print::card_png(&store, ch, false, today(), now()).unwrap();
    let path = dir.path().join("card.png");
    std::fs::write(&path, png).unwrap();
    let img = image::open(&path).unwrap();
    assert_eq!(img.width(), 1080);
    let scanned = printed::scan(&path);
    assert!(
        scanned.contains(&"https://weixin.qq.com/g/AbCdEf".to_owned()),
        "{scanned:?}"
    );
    assert!(scanned.contains(&run.codes[0]), "{scanned:?}");
}

#[test]
fn a_preview_shows_the_first_page_without_making_or_spending_codes() {
    let (dir, store) = store();
    let ch = counter_channel(&store);
    let made = invites::generate_codes(&store, ch, 3, today(), now()).unwrap();
    let (png, info) = print::preview(&store, ch, Layout::A4_8, 20, today()).unwrap();
    assert_eq!((info.pages, info.unprinted, info.new_codes), (3, 3, 17));
    assert_eq!((info.width_mm, info.height_mm), (210.0, 297.0));
    let path = dir.path().join("preview.png");
    std::fs::write(&path, png).unwrap();
    let img = image::open(&path).unwrap();
    assert!(
        img.height() >= 1350 && img.height() <= 1400,
        "{}",
        img.height()
    );
    let scanned = printed::scan(&path);
    // The codes made earlier are the ones the sheet starts with.
    for c in &made {
        assert!(scanned.contains(&c.code), "{} not in {scanned:?}", c.code);
    }
    assert!(scanned.contains(&"https://weixin.qq.com/g/AbCdEf".to_owned()));
    // Looking made no code and printed none.
    let view = invites::channel(&store, ch, today()).unwrap();
    assert_eq!((view.codes, view.unprinted), (3, 3));

    let (_, receipts) = print::preview(&store, ch, Layout::Receipt58, 4, today()).unwrap();
    assert_eq!((receipts.pages, receipts.width_mm), (4, 58.0));
    let err = print::preview(&store, ch, Layout::A4_8, 0, today()).unwrap_err();
    assert_eq!(err.fields()[0].field, "count");
}

#[test]
fn layouts_travel_to_the_ui_by_their_cli_names() {
    for layout in Layout::ALL {
        let json = serde_json::to_string(&layout).unwrap();
        assert_eq!(json, format!("\"{}\"", layout.as_str()));
        assert_eq!(serde_json::from_str::<Layout>(&json).unwrap(), layout);
    }
}

#[test]
fn a_members_personal_card_carries_their_own_referral_code() {
    let (dir, store) = store();
    // Without a 老带新 channel the owner is told what to set up first.
    let member = match members::add(
        &store,
        &NewMember {
            name: "王芳".into(),
            phone: "13700000001".into(),
            ..Default::default()
        },
        today(),
        now(),
    )
    .unwrap()
    {
        AddOutcome::Created(m) => m,
        AddOutcome::Existing(_) => unreachable!(),
    };
    let err = print::referral_card_png(&store, member.id, false, today(), now()).unwrap_err();
    assert!(err.to_string().contains("老带新"), "{err}");

    book::referral_channel(&store, "https://weixin.qq.com/g/Refer", "");
    let (png, run) = print::referral_card_png(&store, member.id, false, today(), now()).unwrap();
    let (own, _) = invites::referral_code_for(&store, member.id, now()).unwrap();
    assert_eq!(run.codes, vec![own.code.clone()]);
    assert_eq!(run.file_name, format!("老带新邀请卡-{}.png", own.code));
    // Handed over like any card, her code is still hers, never counted as printed.
    print::confirm_printed(&store, &run, now()).unwrap();
    let printed_at: Option<String> = store
        .conn()
        .query_row(
            "SELECT printed_at FROM invite_codes WHERE code = ?1",
            [&own.code],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(printed_at, None);
    let path = dir.path().join("referral.png");
    std::fs::write(&path, png).unwrap();
    let scanned = printed::scan(&path);
    assert!(scanned.contains(&own.code), "{scanned:?}");
    assert!(scanned.contains(&"https://weixin.qq.com/g/Refer".to_owned()));

    // A friend who joins with it is recorded as brought by her.
    let r = invites::redeem(
        &store,
        &own.code,
        "13700000002",
        Some("李娜"),
        None,
        today(),
        now(),
    )
    .unwrap();
    assert_eq!(r.referrer_phone.as_deref(), Some("13700000001"));
}

#[test]
fn members_are_kept_in_groups_found_by_group_and_put_in_the_group_their_card_led_to() {
    let (_dir, store) = store();
    let group = |name: &str| {
        invites::add_group(
            &store,
            &NewGroup {
                name: name.into(),
                kind: "活动群".into(),
                link: Some(format!("https://weixin.qq.com/g/{}", name.len())),
                ..Default::default()
            },
            today(),
            now(),
        )
        .unwrap()
        .id
    };
    let (fuli, vip) = (group("福利群1号"), group("核心会员群"));
    let mut form = NewMember {
        name: "王芳".into(),
        phone: "13700000001".into(),
        groups: Some(vec![fuli, fuli]),
        ..Default::default()
    };
    let AddOutcome::Created(m) = members::add(&store, &form, today(), now()).unwrap() else {
        unreachable!()
    };
    assert_eq!(
        m.groups.iter().map(|g| g.name.as_str()).collect::<Vec<_>>(),
        ["福利群1号"]
    );
    let in_group = |id: i64| {
        members::list(
            &store,
            &members::MemberQuery {
                group_id: Some(id),
                ..Default::default()
            },
            today(),
        )
        .unwrap()
        .total
    };
    assert_eq!((in_group(fuli), in_group(vip)), (1, 0));
    assert_eq!(invites::group(&store, fuli, today()).unwrap().members, 1);

    // Editing with a list replaces the groups; without one (CLI, import) keeps them.
    form.groups = Some(vec![vip]);
    let m = members::update(&store, m.id, &form, today(), now()).unwrap();
    assert_eq!(m.groups[0].name, "核心会员群");
    form.groups = None;
    form.notes = Some("爱吃辣".into());
    let m = members::update(&store, m.id, &form, today(), now()).unwrap();
    assert_eq!((m.groups.len(), m.groups[0].id), (1, vip));

    // A group that does not exist is refused beside the field, and nothing changes.
    form.groups = Some(vec![999]);
    let err = members::update(&store, m.id, &form, today(), now()).unwrap_err();
    assert_eq!(err.fields()[0].field, "groups");
    assert_eq!(
        members::get(&store, m.id, today()).unwrap().groups[0].id,
        vip
    );

    // A code whose card leads into 福利群1号 puts the new member there.
    let ch = book::channel(
        &store,
        NewChannel {
            name: "收银台立牌".into(),
            group_id: Some(fuli),
            ..Default::default()
        },
    );
    let code = invites::generate_codes(&store, ch.id, 1, today(), now()).unwrap();
    let r = invites::redeem(
        &store,
        &code[0].code,
        "13700000002",
        Some("李娜"),
        None,
        today(),
        now(),
    )
    .unwrap();
    let joined = members::get(&store, r.member_id, today()).unwrap();
    assert_eq!(joined.groups[0].id, fuli);
    assert_eq!(in_group(fuli), 1);
}

#[test]
fn editing_a_channel_changes_its_next_cards_and_keeps_its_codes_working() {
    let (_dir, store) = store();
    let ch = counter_channel(&store);
    let codes = invites::generate_codes(&store, ch, 2, today(), now()).unwrap();
    let edited = invites::update_channel(
        &store,
        ch,
        &NewChannel {
            name: "收银台立牌（新年版）".into(),
            kind: Some(ChannelKind::Counter),
            link: Some("https://work.weixin.qq.com/ca/NewYear".into()),
            gift: Some("红包一个".into()),
            ..Default::default()
        },
        today(),
    )
    .unwrap();
    assert_eq!(
        (edited.name.as_str(), edited.gift.as_str(), edited.codes),
        ("收银台立牌（新年版）", "红包一个", 2)
    );
    let r = invites::redeem(
        &store,
        &codes[0].code,
        "13700000002",
        Some("李娜"),
        None,
        today(),
        now(),
    )
    .unwrap();
    assert_eq!(
        (r.gift.as_str(), r.channel.as_str()),
        ("红包一个", "收银台立牌（新年版）")
    );

    // A group without a join link cannot be a channel's target; the field says why.
    let bare = invites::add_group(
        &store,
        &NewGroup {
            name: "新建的群".into(),
            kind: "服务群".into(),
            ..Default::default()
        },
        today(),
        now(),
    )
    .unwrap();
    let err = invites::update_channel(
        &store,
        ch,
        &NewChannel {
            name: "收银台立牌".into(),
            group_id: Some(bare.id),
            ..Default::default()
        },
        today(),
    )
    .unwrap_err();
    let fields = err.fields();
    assert_eq!(fields.len(), 1, "{fields:?}");
    assert_eq!(fields[0].field, "group_id");
    assert!(fields[0].message.contains("还没有进群链接"));
    assert_eq!(
        invites::channel(&store, ch, today()).unwrap().gift,
        "红包一个"
    );
    assert!(matches!(
        invites::update_channel(&store, 99, &NewChannel::default(), today()),
        Err(e) if e.code() == Code::NotFound
    ));
}

/// Windows prints through GDI, which takes pictures: each page is rasterised from the
/// same PDF (`printing::rasterise`) and sent at its true size. Checked here, where it
/// can run: every code and link still scans from those pictures, and the pages keep
/// their paper size.
#[test]
fn pages_rasterised_for_the_windows_spooler_still_scan_at_their_true_size() {
    let (dir, store) = store();
    let ch = counter_channel(&store);
    for (layout, count, size) in [
        (Layout::A4_8, 8u32, (210.0, 297.0)),
        (Layout::Receipt58, 1, (58.0, 0.0)),
    ] {
        let (pdf, run) =
            print::print_codes(&store, ch, layout, count, false, today(), now()).unwrap();
        let pages = shequn_core::printing::rasterise(&pdf, 300.0).unwrap();
        assert_eq!(pages.len(), 1, "{layout:?}");
        let page = &pages[0];
        assert!(
            (page.width_mm - size.0).abs() < 0.5,
            "{layout:?} {}",
            page.width_mm
        );
        if size.1 > 0.0 {
            assert!((page.height_mm - size.1).abs() < 0.5, "{}", page.height_mm);
        }
        // 300 dpi: the picture has as many pixels as the paper has dots.
        let expected_px = (page.width_mm / 25.4 * 300.0).round() as i64;
        assert!((i64::from(page.image.width()) - expected_px).abs() <= 2);
        // Scanned card by card, as at the counter (zbar now and then misses one of
        // sixteen codes on a whole page; a person never scans a whole sheet at once).
        let raster = image::DynamicImage::ImageRgba8(page.image.clone());
        let scanned: Vec<String> = if layout == Layout::A4_8 {
            scan_each_card(&raster, layout, &dir.path().join("gdi"))
                .into_iter()
                .flatten()
                .collect()
        } else {
            let png = dir.path().join(format!("gdi-{}.png", layout.as_str()));
            page.image.save(&png).unwrap();
            printed::scan(&png)
        };
        for code in &run.codes {
            assert!(
                scanned.contains(code),
                "{layout:?}: {code} not in {scanned:?}"
            );
        }
        assert!(
            scanned.iter().any(|s| s.starts_with("https://")),
            "{layout:?}: no link in {scanned:?}"
        );
    }
}

/// Each card of a 300-dpi sheet cut along its crop marks and scanned alone, in
/// the layout's card order.
fn scan_each_card(
    raster: &image::DynamicImage,
    layout: Layout,
    dir: &std::path::Path,
) -> Vec<Vec<String>> {
    std::fs::create_dir_all(dir).unwrap();
    let px = 300.0 / 25.4;
    print::card_boxes(layout)
        .into_iter()
        .enumerate()
        .map(|(i, (x, y, w, h))| {
            let card = raster.crop_imm(
                (x * px) as u32,
                (y * px) as u32,
                (w * px) as u32,
                (h * px) as u32,
            );
            let file = dir.join(format!("card-{i}.png"));
            card.save(&file).unwrap();
            printed::scan(&file)
        })
        .collect()
}
