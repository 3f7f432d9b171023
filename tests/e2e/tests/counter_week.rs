//! A week at the counter, end to end on the real app: the window moves on at
//! midnight by itself, the redemption log survives a restart, a member who left
//! comes back at the counter, the shop's tags filter the list, full phones are
//! exported after a warning, a past day's SOP item asks first, a channel with cards
//! out is archived instead of deleted, and the picture library corrects a licence.
#![allow(clippy::unwrap_used, clippy::print_stdout)]

use std::path::Path;
use std::time::Duration;

use chrono::{DateTime, Days, Local, NaiveDate, TimeZone};
use shequn_core::Store;
use shequn_core::invites::{self, ChannelKind, NewChannel, NewGroup};
use shequn_core::members::{self, NewMember};
use shequn_core::training::{self, NewStaff};
use shequn_e2e::{Result, Sandbox, Session};

const CLOCK_ENV: &str = "SHEQUN_TEST_CLOCK_FILE";

fn at(day: NaiveDate, h: u32, m: u32, s: u32) -> DateTime<Local> {
    Local
        .from_local_datetime(&day.and_hms_opt(h, m, s).unwrap())
        .earliest()
        .unwrap()
}

/// Moves the app's clock: it reads the seconds to add to the system clock from this
/// file on every call.
fn set_clock(file: &Path, to: DateTime<Local>) {
    let offset = (to - Local::now()).num_seconds();
    std::fs::write(file, offset.to_string()).unwrap();
}

fn store(sandbox: &Sandbox, now: DateTime<Local>) -> Store {
    std::fs::create_dir_all(sandbox.data_dir()).unwrap();
    Store::open(&sandbox.data_dir().join("shequn.db"), now)
        .unwrap()
        .0
}

fn staff(store: &Store, name: &str, now: DateTime<Local>) -> i64 {
    training::add_staff(
        store,
        &NewStaff {
            name: name.into(),
            role: "社群运营专员".into(),
            level: String::new(),
            started_on: "2026-03-01".into(),
            active: true,
        },
        now,
    )
    .unwrap()
    .id
}

fn member(store: &Store, name: &str, phone: &str, tags: &[&str], now: DateTime<Local>) -> i64 {
    members::add(
        store,
        &NewMember {
            name: name.into(),
            phone: phone.into(),
            tags: Some(tags.iter().map(|t| (*t).to_owned()).collect()),
            ..Default::default()
        },
        now.date_naive(),
        now,
    )
    .unwrap()
    .member()
    .id
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn at_midnight_the_open_window_shows_the_new_days_sop_and_qr_alert_without_a_click()
-> Result<()> {
    let sandbox = Sandbox::new()?;
    let clock = sandbox.path("clock");
    let day = Local::now().date_naive();
    let next = day + Days::new(1);
    // Two minutes before midnight: time enough to launch and look before it passes.
    let evening = at(day, 23, 58, 0);
    {
        let store = store(&sandbox, evening);
        shequn_core::shop::update(
            &store,
            &shequn_core::shop::ShopUpdate {
                name: Some("夜市小馆".into()),
                ..Default::default()
            },
            None,
            evening,
        )
        .unwrap();
        staff(&store, "小雯", evening);
        // Made six days ago: WeChat expires it tomorrow.
        invites::add_group(
            &store,
            &NewGroup {
                name: "夜市福利群1号".into(),
                kind: "活动群".into(),
                link: Some("https://weixin.qq.com/g/Night".into()),
                qr_made_on: Some((day - Days::new(6)).to_string()),
                ..Default::default()
            },
            day,
            evening,
        )
        .unwrap();
        let run = training::ensure_daily_sop(&store, evening).unwrap()[0];
        training::set_item_done(&store, run, 1, true, None, false, evening).unwrap();
    }
    set_clock(&clock, evening);
    let app = Session::launch(&sandbox, &[(CLOCK_ENV, &clock)]).await?;
    app.wait_for_text(&format!("今天 {day}")).await?;
    let sop = app.text_of("home-sop").await?;
    assert!(sop.contains("小雯") && sop.contains("1/12"), "{sop}");
    let qr = app.text_of("home-qr").await?;
    assert!(qr.contains("二维码 1 天后过期"), "{qr}");
    app.screenshot("midnight-before").await;

    // Midnight passes while the window sits there; nobody clicks.
    set_clock(&clock, at(next, 0, 0, 3));
    app.wait_for_text(&format!("今天 {next}")).await?;
    let expired = format!("二维码已于 {next} 过期");
    app.wait_for_text(&expired).await?;
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    loop {
        let sop = app.text_of("home-sop").await?;
        if sop.contains("0/12") {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "today's SOP still shows {sop}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    app.screenshot("midnight-after").await;
    app.quit().await?;

    let store = store(&sandbox, at(next, 0, 1, 0));
    let today_runs = training::todays_sop(&store, at(next, 0, 1, 0)).unwrap();
    assert_eq!(today_runs[0].date, next.to_string());
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_redemption_log_keeps_who_got_what_across_a_restart_and_exports_masked() -> Result<()> {
    let sandbox = Sandbox::new()?;
    let now = Local::now();
    let codes = {
        let store = store(&sandbox, now);
        staff(&store, "李娜", now);
        let ch = invites::add_channel(
            &store,
            &NewChannel {
                name: "收银台立牌".into(),
                kind: Some(ChannelKind::Counter),
                link: Some("https://weixin.qq.com/g/Counter".into()),
                gift: Some("卤蛋一个".into()),
                ..Default::default()
            },
            now.date_naive(),
            now,
        )
        .unwrap();
        invites::generate_codes(&store, ch.id, 2, now.date_naive(), now).unwrap()
    };
    let exports = sandbox.path("exports");
    std::fs::create_dir_all(&exports)?;
    let app = Session::launch(&sandbox, &[("SHEQUN_TEST_SAVE_FILE", &exports)]).await?;
    app.click("nav-counter").await?;
    app.choose("redeem-staff", "李娜").await?;
    app.type_into("redeem-code", &codes[0].code).await?;
    app.type_into("redeem-phone", "13812345678").await?;
    app.type_into("redeem-name", "王姐").await?;
    app.click("redeem-submit").await?;
    app.wait_for_text("请送出：卤蛋一个").await?;
    let row = app
        .text_of(&format!("redemption-{}", codes[0].code))
        .await?;
    assert!(row.contains("王姐") && row.contains("138****5678"), "{row}");

    // The same customer with a second card of the same channel: refused, saying when.
    app.type_into("redeem-code", &codes[1].code).await?;
    app.type_into("redeem-phone", "13812345678").await?;
    app.click("redeem-submit").await?;
    let refused = app.text_of("redeem-refused").await?;
    assert!(refused.contains("领过“卤蛋一个”"), "{refused}");

    // Away and back: still there.
    app.click("nav-home").await?;
    app.click("nav-counter").await?;
    app.by_test_id(&format!("redemption-{}", codes[0].code))
        .await?;
    app.click("redemptions-export").await?;
    app.wait_for_text("已导出 1 条核销记录").await?;
    app.quit().await?;

    let file = std::fs::read_dir(&exports)?
        .flatten()
        .find(|e| e.file_name().to_string_lossy().starts_with("核销记录"))
        .ok_or("no export written")?
        .path();
    let table = shequn_core::members::import::read_table(&file)?;
    let row = &table.rows[0].1;
    assert!(row.iter().any(|c| c == "138****5678"), "{row:?}");
    assert!(row.iter().any(|c| c == "李娜"), "{row:?}");
    assert!(!row.iter().any(|c| c.contains("13812345678")), "{row:?}");

    // And after a restart.
    let app = Session::launch(&sandbox, &[]).await?;
    app.click("nav-counter").await?;
    let row = app
        .text_of(&format!("redemption-{}", codes[0].code))
        .await?;
    assert!(row.contains("王姐"), "{row}");
    app.wait_for_text("李娜").await?;
    app.quit().await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_member_who_left_comes_back_at_the_counter_tags_filter_and_full_phones_need_a_yes()
-> Result<()> {
    let sandbox = Sandbox::new()?;
    let now = Local::now();
    {
        let store = store(&sandbox, now);
        let wang = member(&store, "王芳", "13900001111", &["宝妈"], now);
        member(&store, "李四", "13900002222", &["学生"], now);
        members::mark_left(&store, wang, "搬家了", now).unwrap();
    }
    let exports = sandbox.path("exports");
    std::fs::create_dir_all(&exports)?;
    let app = Session::launch(&sandbox, &[("SHEQUN_TEST_SAVE_FILE", &exports)]).await?;
    app.click("nav-members").await?;
    app.click("members-list-left").await?;
    app.by_test_id("member-row-13900001111").await?;

    // At the counter she is found, marked as left, and brought back in one click.
    app.type_into("counter-search", "1111").await?;
    app.click("counter-option-13900001111").await?;
    let left = app.text_of("counter-left").await?;
    assert!(left.contains("搬家了"), "{left}");
    app.click("counter-return").await?;
    app.wait_for_text("欢迎回来").await?;
    app.type_into("counter-amount", "88").await?;
    app.press_enter("counter-amount").await?;
    app.wait_for_text("王芳 消费已记录").await?;

    // The shop's own tags are in the filter.
    app.click("members-list-all").await?;
    app.choose("member-tag-filter", "宝妈（1）").await?;
    app.by_test_id("member-row-13900001111").await?;

    // Full phone numbers only after the warning names the risk.
    app.click("export-unmasked").await?;
    app.wait_for_text("属于顾客的个人信息").await?;
    app.click("export-unmasked-ok").await?;
    app.wait_for_text("位会员（完整手机号）").await?;
    app.quit().await?;

    let store = store(&sandbox, now);
    let back = members::get_by_phone(&store, "13900001111", now.date_naive()).unwrap();
    assert_eq!(back.status, members::Status::Active);
    assert_eq!(members::purchases_of(&store, back.id).unwrap().len(), 1);
    let file = std::fs::read_dir(&exports)?
        .flatten()
        .next()
        .ok_or("no export written")?
        .path();
    let table = shequn_core::members::import::read_table(&file)?;
    assert!(
        table
            .rows
            .iter()
            .any(|(_, r)| r.iter().any(|c| c == "13900001111")),
        "the full number is in the file"
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_past_days_sop_item_is_ticked_only_after_saying_it_is_catching_up() -> Result<()> {
    let sandbox = Sandbox::new()?;
    let now = Local::now();
    let yesterday = now - chrono::TimeDelta::days(1);
    let run = {
        let store = store(&sandbox, now);
        staff(&store, "小雯", now);
        training::ensure_daily_sop(&store, yesterday).unwrap()[0]
    };
    let app = Session::launch(&sandbox, &[]).await?;
    app.click("nav-training").await?;
    app.click("training-tab-runs").await?;
    // The row of yesterday's list, by its date.
    app.click_text(&yesterday.date_naive().to_string()).await?;
    app.click(&format!("run-item-{run}-1")).await?;
    app.wait_for_text("这不是今天的事项").await?;
    app.click_text("是补记，勾上").await?;
    app.wait_for_text("已完成 1/12").await?;
    app.quit().await?;
    let store = store(&sandbox, now);
    let view = training::run(&store, run, now).unwrap();
    assert!(view.items[0].done);
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_channel_with_cards_out_is_archived_instead_of_deleted() -> Result<()> {
    let sandbox = Sandbox::new()?;
    let now = Local::now();
    let id = {
        let store = store(&sandbox, now);
        let ch = invites::add_channel(
            &store,
            &NewChannel {
                name: "包装袋".into(),
                kind: Some(ChannelKind::Bag),
                link: Some("https://weixin.qq.com/g/Bag".into()),
                ..Default::default()
            },
            now.date_naive(),
            now,
        )
        .unwrap();
        let (_, run) = invites::print::print_codes(
            &store,
            ch.id,
            invites::print::Layout::Labels2x5,
            2,
            false,
            now.date_naive(),
            now,
        )
        .unwrap();
        invites::print::confirm_printed(&store, &run, now).unwrap();
        ch.id
    };
    let app = Session::launch(&sandbox, &[]).await?;
    app.click("nav-invites").await?;
    app.click(&format!("delete-channel-{id}")).await?;
    app.click("channel-delete-ok").await?;
    app.wait_for_text("还有 2 张印出去的码没有核销").await?;
    app.click("channel-archive-instead").await?;
    app.wait_for_text("已归档").await?;
    app.click("show-archived").await?;
    app.wait_for_text("取消归档").await?;
    app.quit().await?;
    let store = store(&sandbox, now);
    assert!(
        invites::channel(&store, id, now.date_naive())
            .unwrap()
            .archived
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_picture_library_shows_each_pictures_record_and_corrects_a_licence() -> Result<()> {
    let sandbox = Sandbox::new()?;
    let picture = sandbox.path("面.png");
    image::RgbImage::from_fn(300, 200, |x, _| image::Rgb([200, (x % 255) as u8, 60]))
        .save(&picture)?;
    let app = Session::launch(&sandbox, &[("SHEQUN_TEST_PICK_FILE", &picture)]).await?;
    app.click("nav-assets").await?;
    app.click("assets-upload").await?;
    app.click_text("网络素材").await?;
    app.click("asset-pick").await?;
    app.wait_for_text("已放进素材库：面.png").await?;
    let tag = app.text_of("asset-licence-1").await?;
    assert_eq!(tag, "网络素材");

    app.click("asset-edit-1").await?;
    app.click_text("已购授权").await?;
    app.click("asset-pick").await?;
    // Saved without the source: refused beside the field.
    app.wait_for_text("日后有人问起才说得清").await?;
    app.type_into("asset-source", "某图库 订单 1122").await?;
    app.click("asset-pick").await?;
    app.wait_for_text("已改好授权记录").await?;
    app.wait_for_text("授权来源：某图库 订单 1122").await?;
    app.quit().await?;
    let now = Local::now();
    let store = store(&sandbox, now);
    let a = shequn_core::posters::asset(&store, 1).unwrap();
    assert_eq!(a.licence, shequn_core::posters::Licence::Licensed);
    Ok(())
}
