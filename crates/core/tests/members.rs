//! The member book at its edges: tiers, the 12-month window, points, referrals.
#![allow(clippy::unwrap_used)]

use chrono::{DateTime, Days, Local, NaiveDate, TimeZone};
use shequn_core::members::{
    self, AddOutcome, Birthday, MemberQuery, MemberSort, NewMember, Status, Tier,
};
use shequn_core::shop::{self, BusinessRules, ShopUpdate};
use shequn_core::{Code, Store};

fn now() -> DateTime<Local> {
    Local
        .with_ymd_and_hms(2026, 11, 22, 10, 0, 0)
        .single()
        .unwrap()
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

const TODAY: (i32, u32, u32) = (2026, 11, 22);

fn today() -> NaiveDate {
    day(TODAY.0, TODAY.1, TODAY.2)
}

fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("shequn.db"), now()).unwrap().0;
    (dir, store)
}

fn with_rules(store: &Store, edit: impl FnOnce(&mut BusinessRules)) {
    let mut rules = BusinessRules::default();
    edit(&mut rules);
    let change = ShopUpdate {
        name: Some("测试小店".into()),
        rules: Some(rules),
        ..ShopUpdate::default()
    };
    shop::update(store, &change, None, now()).unwrap();
    members::refresh::invalidate(store.conn()).unwrap();
}

fn add(store: &Store, name: &str, phone: &str) -> i64 {
    add_with(
        store,
        NewMember {
            name: name.into(),
            phone: phone.into(),
            ..NewMember::default()
        },
    )
}

fn add_with(store: &Store, new: NewMember) -> i64 {
    match members::add(store, &new, today(), now()).unwrap() {
        AddOutcome::Created(m) => m.id,
        AddOutcome::Existing(m) => panic!("{} already existed", m.phone),
    }
}

fn buy(store: &Store, id: i64, fen: i64, on: NaiveDate) -> i64 {
    members::record_purchase(store, id, fen, on, "", "", today(), now())
        .unwrap()
        .id
}

/// The caches on `members` equal what the ledgers say.
fn assert_caches_match_ledgers(store: &Store) {
    let start = members::refresh::window_start(today()).to_string();
    let mismatches: i64 = store
        .conn()
        .query_row(
            "SELECT COUNT(*) FROM members m WHERE
               m.spend_12m_fen <> COALESCE((SELECT SUM(amount_fen) FROM purchases p
                   WHERE p.member_id = m.id AND p.occurred_on BETWEEN ?1 AND ?2), 0)
            OR m.points_balance <> COALESCE((SELECT SUM(delta) FROM points_entries e
                   WHERE e.member_id = m.id), 0)",
            [start, today().to_string()],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(mismatches, 0);
}

#[test]
fn spend_reaching_exactly_5000_yuan_makes_bronze_and_shows_distance_to_silver() {
    let (_d, store) = store();
    let id = add(&store, "张三", "138 0013 8000");
    buy(&store, id, 499_999, today());
    let m = members::get(&store, id, today()).unwrap();
    assert_eq!(m.tier, Tier::None);
    assert_eq!(m.next_tier.unwrap().remaining_fen, 1);

    buy(&store, id, 1, today());
    let m = members::get(&store, id, today()).unwrap();
    assert_eq!(m.spend_12m_fen, 500_000);
    assert_eq!(m.tier, Tier::Bronze);
    let next = m.next_tier.unwrap();
    assert_eq!((next.tier, next.remaining_fen), (Tier::Silver, 1_500_000));
    let changes: Vec<(String, String, String)> = store
        .conn()
        .prepare("SELECT from_tier, to_tier, changed_on FROM tier_changes WHERE member_id = ?1")
        .unwrap()
        .query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        changes,
        [("none".into(), "bronze".into(), "2026-11-22".into())]
    );
    assert_caches_match_ledgers(&store);
}

#[test]
fn a_purchase_366_days_old_no_longer_counts_but_365_does() {
    let (_d, store) = store();
    let id = add(&store, "李四", "13900139000");
    buy(&store, id, 300_000, today() - Days::new(365));
    buy(&store, id, 400_000, today() - Days::new(366));
    let m = members::get(&store, id, today()).unwrap();
    assert_eq!(m.spend_12m_fen, 300_000);
    assert_eq!(m.tier, Tier::None);

    // A day later the 365-day-old purchase drops out too, and the tier recomputes.
    buy(&store, id, 250_000, today());
    assert_eq!(
        members::get(&store, id, today()).unwrap().tier,
        Tier::Bronze
    );
    let tomorrow = today() + Days::new(1);
    let m = members::get(&store, id, tomorrow).unwrap();
    assert_eq!(m.spend_12m_fen, 250_000);
    assert_eq!(m.tier, Tier::None);
}

#[test]
fn voiding_a_purchase_reverses_spend_and_points_and_cannot_be_repeated() {
    let (_d, store) = store();
    let id = add(&store, "王五", "13700137000");
    let p = buy(&store, id, 600_000, today());
    assert_eq!(members::get(&store, id, today()).unwrap().points, 6_000);
    members::void_purchase(&store, p, today(), now()).unwrap();
    let m = members::get(&store, id, today()).unwrap();
    assert_eq!((m.spend_12m_fen, m.points, m.tier), (0, 0, Tier::None));
    assert_eq!(m.last_purchase_on, None);
    let err = members::void_purchase(&store, p, today(), now()).unwrap_err();
    assert_eq!(err.code(), Code::Conflict, "{err}");
    assert!(err.to_string().contains("已经撤销过了"), "{err}");
    // Both entries stay in the ledger.
    assert_eq!(members::purchases_of(&store, id).unwrap().len(), 2);
    assert_caches_match_ledgers(&store);
}

#[test]
fn a_redemption_beyond_the_balance_is_refused_and_changes_nothing() {
    let (_d, store) = store();
    let id = add(&store, "赵六", "13600136000");
    buy(&store, id, 12_050, today()); // ¥120.50 → 120 points
    members::award_points(&store, id, 30, "每日签到", today(), now()).unwrap();
    let err = members::redeem_points(&store, id, 151, "兑换保温杯", today(), now()).unwrap_err();
    assert_eq!(err.code(), Code::Validation);
    assert_eq!(err.fields()[0].field, "points");
    assert_eq!(err.to_string(), "积分不足：当前余额 150 分，要扣 151 分");
    assert_eq!(members::get(&store, id, today()).unwrap().points, 150);
    assert_eq!(
        members::redeem_points(&store, id, 150, "兑换保温杯", today(), now()).unwrap(),
        0
    );
    assert_eq!(members::points_history(&store, id).unwrap().len(), 3);
}

#[test]
fn points_expire_oldest_first() {
    let (_d, store) = store();
    with_rules(&store, |r| r.points_expiry_months = 12);
    let id = add(&store, "孙七", "13500135000");
    let jan = day(2025, 1, 10);
    let jun = day(2025, 6, 10);
    members::record_purchase(&store, id, 10_000, jan, "", "", jan, now()).unwrap(); // 100, lapses 2026-01-10
    members::record_purchase(&store, id, 20_000, jun, "", "", jun, now()).unwrap(); // 200, lapses 2026-06-10
    // 150 redeemed in March 2025: the January parcel goes first (100), then 50 of June's.
    let march = day(2025, 3, 1);
    members::redeem_points(&store, id, 50, "兑换", march, now()).unwrap();
    let july = day(2025, 7, 1);
    members::redeem_points(&store, id, 100, "兑换", july, now()).unwrap();
    assert_eq!(members::get(&store, id, july).unwrap().points, 150);

    // After the January parcel lapses nothing of it is left, so nothing expires.
    let feb = day(2026, 2, 1);
    assert_eq!(members::get(&store, id, feb).unwrap().points, 150);
    // After June's lapses, its remaining 150 expire.
    let july_next = day(2026, 7, 1);
    assert_eq!(members::get(&store, id, july_next).unwrap().points, 0);
    let expired: Vec<(i64, String)> = members::points_history(&store, id)
        .unwrap()
        .into_iter()
        .filter(|e| e.kind == "expire")
        .map(|e| (e.delta, e.occurred_on))
        .collect();
    assert_eq!(expired, [(-150, "2026-06-10".to_owned())]);
}

#[test]
fn an_expired_parcel_is_used_before_a_newer_one_when_redeeming() {
    let (_d, store) = store();
    with_rules(&store, |r| r.points_expiry_months = 6);
    let id = add(&store, "周八", "13400134000");
    let old = day(2026, 1, 5);
    let recent = day(2026, 10, 1);
    members::award_points(&store, id, 80, "活动奖励", old, now()).unwrap(); // lapses 2026-07-05
    members::award_points(&store, id, 50, "签到", recent, now()).unwrap();
    // On 2026-11-22 the old 80 have lapsed: only 50 can be spent.
    let err = members::redeem_points(&store, id, 60, "兑换", today(), now()).unwrap_err();
    assert_eq!(err.fields()[0].field, "points", "{err:?}");
    assert!(err.to_string().contains("当前余额 50 分"), "{err:?}");
}

#[test]
fn referrals_count_and_refuse_self_and_cycles() {
    let (_d, store) = store();
    with_rules(&store, |r| {
        r.referral_points_referrer = 50;
        r.referral_points_referee = 20;
    });
    let a = add(&store, "阿花", "13800000001");
    let b = add_with(
        &store,
        NewMember {
            name: "小白".into(),
            phone: "13800000002".into(),
            referrer_phone: Some("138 0000 0001".into()),
            ..NewMember::default()
        },
    );
    let c = add_with(
        &store,
        NewMember {
            name: "小陈".into(),
            phone: "13800000003".into(),
            referrer_phone: Some("13800000002".into()),
            ..NewMember::default()
        },
    );
    let va = members::get(&store, a, today()).unwrap();
    assert_eq!((va.referrals, va.points), (1, 50));
    let vb = members::get(&store, b, today()).unwrap();
    assert_eq!(vb.referrer_phone.as_deref(), Some("13800000001"));
    assert_eq!((vb.referrals, vb.points), (1, 70));

    // A → B → C; making C the referrer of A would close a circle.
    let err = members::set_referrer(&store, a, Some("13800000003"), now()).unwrap_err();
    assert_eq!(err.code(), Code::Validation);
    let err = members::set_referrer(&store, a, Some("13800000001"), now()).unwrap_err();
    assert!(err.to_string().contains("自己推荐自己"), "{err}");
    let err = members::add(
        &store,
        &NewMember {
            name: "自荐".into(),
            phone: "13800000009".into(),
            referrer_phone: Some("13800000009".into()),
            ..NewMember::default()
        },
        today(),
        now(),
    )
    .unwrap_err();
    assert!(err.to_string().contains("自己推荐自己"), "{err}");

    let tree = members::referral_tree(&store, a).unwrap();
    assert_eq!(tree.children.len(), 1);
    assert_eq!(tree.children[0].id, b);
    assert_eq!(tree.children[0].children[0].id, c);
    let stats = members::referral_stats(&store).unwrap();
    assert_eq!((stats.referrers, stats.referred), (2, 2));
    assert!((stats.fission_multiple - 1.0).abs() < f64::EPSILON);
}

#[test]
fn adding_an_existing_phone_opens_that_member() {
    let (_d, store) = store();
    let id = add(&store, "张三", "13800138000");
    let again = members::add(
        &store,
        &NewMember {
            name: "张三丰".into(),
            phone: "+86 138-0013-8000".into(),
            ..NewMember::default()
        },
        today(),
        now(),
    )
    .unwrap();
    assert_eq!(
        again,
        AddOutcome::Existing(members::get(&store, id, today()).unwrap())
    );
    assert_eq!(again.member().name, "张三");
}

#[test]
fn bad_input_is_reported_field_by_field() {
    let (_d, store) = store();
    add(&store, "甲", "13800000001");
    let err = members::add(
        &store,
        &NewMember {
            name: " ".into(),
            phone: "13800000002".into(),
            birthday: Some(Birthday {
                month: 2,
                day: 30,
                year: None,
                lunar: false,
            }),
            joined_on: Some("2027-01-01".into()),
            referrer_phone: Some("13999999999".into()),
            tags: Some(vec!["沉睡".into()]),
            ..NewMember::default()
        },
        today(),
        now(),
    )
    .unwrap_err();
    let fields: Vec<String> = err.fields().into_iter().map(|f| f.field).collect();
    assert_eq!(
        fields,
        ["name", "birthday", "joined_on", "tags", "referrer_phone"]
    );
    let err = members::add(
        &store,
        &NewMember {
            name: "乙".into(),
            phone: "1380013".into(),
            ..NewMember::default()
        },
        today(),
        now(),
    )
    .unwrap_err();
    assert_eq!(err.fields()[0].field, "phone");
    assert!(err.to_string().contains("11 位"), "{err}");
    let count: i64 = store
        .conn()
        .query_row("SELECT COUNT(*) FROM members", [], |r| r.get(0))
        .unwrap();
    assert_eq!(count, 1);
}

#[test]
fn computed_tags_and_the_lists_that_drive_the_day() {
    let (_d, store) = store();
    let new = add_with(
        &store,
        NewMember {
            name: "新人".into(),
            phone: "13800000001".into(),
            birthday: Some(Birthday {
                month: 11,
                day: 25,
                year: None,
                lunar: false,
            }),
            tags: Some(vec!["宝妈".into()]),
            ..NewMember::default()
        },
    );
    let sleeper = add_with(
        &store,
        NewMember {
            name: "老客".into(),
            phone: "13800000002".into(),
            joined_on: Some("2025-01-01".into()),
            ..NewMember::default()
        },
    );
    buy(&store, sleeper, 1_200_000, day(2026, 8, 1)); // ¥12,000, 113 days ago
    let m = members::get(&store, new, today()).unwrap();
    assert_eq!(m.tags, ["本月生日", "新会员", "宝妈"]);
    assert_eq!(m.custom_tags, ["宝妈"]);
    let m = members::get(&store, sleeper, today()).unwrap();
    assert_eq!(m.tags, ["高价值", "沉睡"]);

    let query = |q: MemberQuery| -> Vec<i64> {
        members::list(&store, &q, today())
            .unwrap()
            .members
            .into_iter()
            .map(|m| m.id)
            .collect()
    };
    assert_eq!(
        query(MemberQuery {
            dormant: true,
            ..Default::default()
        }),
        [sleeper]
    );
    assert_eq!(
        query(MemberQuery {
            birthday_within_days: Some(7),
            ..Default::default()
        }),
        [new]
    );
    assert_eq!(
        query(MemberQuery {
            birthday_month: Some(11),
            ..Default::default()
        }),
        [new]
    );
    assert_eq!(
        query(MemberQuery {
            tag: Some("宝妈".into()),
            ..Default::default()
        }),
        [new]
    );
    assert_eq!(
        query(MemberQuery {
            tag: Some("高价值".into()),
            ..Default::default()
        }),
        [sleeper]
    );
    assert_eq!(
        query(MemberQuery {
            joined_within_days: Some(7),
            ..Default::default()
        }),
        [new]
    );
    assert_eq!(
        query(MemberQuery {
            tier: Some(Tier::Bronze),
            ..Default::default()
        }),
        [sleeper]
    );
}

#[test]
fn find_by_pinyin_initials_full_pinyin_phone_and_last_four() {
    let (_d, store) = store();
    let zhang = add(&store, "张三", "13812345678");
    let li = add(&store, "李思思", "13987654321");
    let find = |s: &str| -> Vec<i64> {
        let q = MemberQuery {
            search: Some(s.into()),
            sort: MemberSort::Name,
            ..Default::default()
        };
        members::list(&store, &q, today())
            .unwrap()
            .members
            .into_iter()
            .map(|m| m.id)
            .collect()
    };
    assert_eq!(find("zs"), [zhang]);
    assert_eq!(find("zhangsan"), [zhang]);
    assert_eq!(find("ZHANG"), [zhang]);
    assert_eq!(find("lss"), [li]);
    assert_eq!(find("思"), [li]);
    assert_eq!(find("5678"), [zhang]);
    assert_eq!(find("139876"), [li]);
    assert!(find("wu").is_empty());
    assert!(find("%").is_empty(), "LIKE wildcards are literal");
}

#[test]
fn a_searched_page_counts_every_match_and_keeps_its_order() {
    let (_d, store) = store();
    let ids: Vec<i64> = (0..7)
        .map(|i| {
            add(
                &store,
                &format!("王{}", ["一", "二", "三", "四", "五", "六", "七"][i]),
                &format!("1381234560{i}"),
            )
        })
        .collect();
    add(&store, "李四", "13987654321");
    let page = |offset: u32| {
        let q = MemberQuery {
            search: Some("王".into()),
            sort: MemberSort::Joined,
            limit: Some(3),
            offset,
            ..Default::default()
        };
        members::list(&store, &q, today()).unwrap()
    };
    let first = page(0);
    assert_eq!(first.total, 7);
    assert_eq!(
        first.members.iter().map(|m| m.id).collect::<Vec<_>>(),
        ids[..3]
    );
    let last = page(6);
    assert_eq!((last.total, last.members.len()), (7, 1));
    let past_the_end = page(9);
    assert_eq!((past_the_end.total, past_the_end.members.len()), (7, 0));
}

#[test]
fn lunar_birthdays_are_listed_on_this_years_solar_date() {
    let (_d, store) = store();
    // 农历十月初一 2026 is 9 Nov 2026 (new moon), so 初五 is 13 Nov.
    let id = add_with(
        &store,
        NewMember {
            name: "农历生日".into(),
            phone: "13800000001".into(),
            birthday: Some(Birthday {
                month: 10,
                day: 5,
                year: Some(1980),
                lunar: true,
            }),
            ..NewMember::default()
        },
    );
    let m = members::get(&store, id, today()).unwrap();
    assert_eq!(m.birthday_this_year.as_deref(), Some("2026-11-13"));
    assert!(m.tags.contains(&"本月生日".to_owned()));
}

#[test]
fn deleting_a_member_removes_personal_data_but_keeps_totals() {
    let (_d, store) = store();
    let id = add_with(
        &store,
        NewMember {
            name: "要删除".into(),
            phone: "13800000001".into(),
            wechat: Some("小号".into()),
            notes: Some("住在幸福小区 3 栋".into()),
            ..NewMember::default()
        },
    );
    buy(&store, id, 88_800, today());
    members::delete(&store, id, now()).unwrap();
    let m = members::get(&store, id, today()).unwrap();
    assert_eq!(
        (
            m.name.as_str(),
            m.phone.as_str(),
            m.notes.as_str(),
            m.wechat.as_str()
        ),
        ("已删除会员", "", "", "")
    );
    let total: i64 = store
        .conn()
        .query_row("SELECT SUM(amount_fen) FROM purchases", [], |r| r.get(0))
        .unwrap();
    assert_eq!(total, 88_800);
    assert!(members::get_by_phone(&store, "13800000001", today()).is_err());
    assert_eq!(
        members::list(&store, &MemberQuery::default(), today())
            .unwrap()
            .total,
        0
    );
    // The phone can join again as a new member.
    add(&store, "重新入会", "13800000001");
}

#[test]
fn editing_a_member_replaces_fields_and_refuses_a_taken_phone_or_a_circle() {
    let (_d, store) = store();
    let a = add(&store, "阿花", "13800000001");
    let b = add_with(
        &store,
        NewMember {
            name: "小白".into(),
            phone: "13800000002".into(),
            referrer_phone: Some("13800000001".into()),
            tags: Some(vec!["老客".into()]),
            birthday: Some(Birthday {
                month: 11,
                day: 25,
                year: None,
                lunar: false,
            }),
            ..NewMember::default()
        },
    );
    let edited = members::update(
        &store,
        b,
        &NewMember {
            name: "白小白".into(),
            phone: "138-0000-0022".into(),
            referrer_phone: Some("13800000001".into()),
            tags: Some(vec!["团购".into()]),
            ..NewMember::default()
        },
        today(),
        now(),
    )
    .unwrap();
    assert_eq!(
        (edited.name.as_str(), edited.phone.as_str()),
        ("白小白", "13800000022")
    );
    assert_eq!(edited.custom_tags, ["团购"]);
    assert_eq!((edited.birthday, edited.birthday_this_year), (None, None));
    let q = MemberQuery {
        search: Some("bxb".into()),
        ..Default::default()
    };
    assert_eq!(
        members::list(&store, &q, today()).unwrap().total,
        1,
        "pinyin keys follow the name"
    );

    let taken = members::update(
        &store,
        b,
        &NewMember {
            name: "白小白".into(),
            phone: "13800000001".into(),
            ..NewMember::default()
        },
        today(),
        now(),
    )
    .unwrap_err();
    assert!(
        taken.to_string().contains("已经是会员“阿花”的号码"),
        "{taken}"
    );
    // 阿花 ← 白小白; making 白小白 阿花's referrer closes a circle.
    let circle = members::update(
        &store,
        a,
        &NewMember {
            name: "阿花".into(),
            phone: "13800000001".into(),
            referrer_phone: Some("13800000022".into()),
            ..NewMember::default()
        },
        today(),
        now(),
    )
    .unwrap_err();
    assert_eq!(circle.fields()[0].field, "referrer_phone");
    assert_eq!(
        members::get(&store, a, today()).unwrap().referrer_phone,
        None
    );
}

#[test]
fn referral_points_can_wait_for_the_first_purchase() {
    let (_d, store) = store();
    with_rules(&store, |r| {
        r.referral_points_referrer = 100;
        r.referral_points_referee = 30;
        r.referral_points_on = shop::ReferralTrigger::FirstPurchase;
        r.points_per_yuan = 0;
    });
    let a = add(&store, "老带新", "13800000001");
    let b = add_with(
        &store,
        NewMember {
            name: "新朋友".into(),
            phone: "13800000002".into(),
            referrer_phone: Some("13800000001".into()),
            ..NewMember::default()
        },
    );
    assert_eq!(
        members::get(&store, a, today()).unwrap().points,
        0,
        "nothing at joining"
    );
    buy(&store, b, 9_900, today());
    assert_eq!(members::get(&store, a, today()).unwrap().points, 100);
    assert_eq!(members::get(&store, b, today()).unwrap().points, 30);
    buy(&store, b, 9_900, today());
    assert_eq!(
        members::get(&store, a, today()).unwrap().points,
        100,
        "only the first purchase"
    );
}

#[test]
fn a_member_who_left_is_listed_apart_and_comes_back_with_everything() {
    let (_d, store) = store();
    let id = add_with(
        &store,
        NewMember {
            name: "回头客".into(),
            phone: "13800000077".into(),
            tags: Some(vec!["宝妈".into()]),
            ..Default::default()
        },
    );
    buy(&store, id, 600_000, today());
    let left_only = MemberQuery {
        left_only: true,
        ..Default::default()
    };
    let names = |q: &MemberQuery| -> Vec<String> {
        members::list(&store, q, today())
            .unwrap()
            .members
            .into_iter()
            .map(|m| m.name)
            .collect()
    };
    assert!(names(&left_only).is_empty());
    let err = members::return_member(&store, id, now()).unwrap_err();
    assert!(err.to_string().contains("没有离开"), "{err}");

    members::mark_left(&store, id, "搬去外地", now()).unwrap();
    assert_eq!(names(&left_only), ["回头客"]);
    assert!(
        names(&MemberQuery::default()).is_empty(),
        "the usual list hides them"
    );
    let left_on: Option<String> = store
        .conn()
        .query_row("SELECT left_on FROM members WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(left_on.as_deref(), Some("2026-11-22"));

    members::return_member(&store, id, now()).unwrap();
    let back = members::get(&store, id, today()).unwrap();
    assert_eq!(
        (
            back.status,
            back.left_reason.as_str(),
            back.tier,
            back.custom_tags.clone()
        ),
        (Status::Active, "", Tier::Bronze, vec!["宝妈".to_owned()])
    );
    assert!(names(&left_only).is_empty());
}

#[test]
fn the_shops_own_tags_are_listed_most_used_first() {
    let (_d, store) = store();
    for (i, tags) in [vec!["宝妈", "团购"], vec!["宝妈"], vec!["学生"]]
        .into_iter()
        .enumerate()
    {
        add_with(
            &store,
            NewMember {
                name: format!("会员{i}"),
                phone: format!("1380000010{i}"),
                tags: Some(tags.into_iter().map(String::from).collect()),
                ..Default::default()
            },
        );
    }
    let tags: Vec<(String, u32)> = members::custom_tags(&store)
        .unwrap()
        .into_iter()
        .map(|t| (t.tag, t.members))
        .collect();
    assert_eq!(
        tags,
        [
            ("宝妈".to_owned(), 2),
            ("团购".to_owned(), 1),
            ("学生".to_owned(), 1)
        ]
    );
    let q = MemberQuery {
        tag: Some("团购".into()),
        ..Default::default()
    };
    assert_eq!(members::list(&store, &q, today()).unwrap().total, 1);
}
