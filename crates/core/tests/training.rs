//! Training and SOP as the owner uses it: a roster, checklists started from the
//! shipped templates with the right dates, ticking, overdue at the window edges, the
//! exam scored all-or-nothing with the pass mark at exactly 80, certificates and
//! printed checklists read back as text.
#![allow(clippy::unwrap_used)]

use std::collections::HashSet;

use chrono::{DateTime, Local, NaiveDate, TimeZone};
use shequn_core::shop::{self, ShopUpdate};
use shequn_core::training::{
    self, COURSE, DEFAULT_TEMPLATES, EXAM_QUESTIONS, ItemStatus, LevelCriteria, ModuleStatus,
    NewStaff, QUESTIONS, RunQuery, StartRun, TemplateInput, TemplateItem, TemplateKind,
};
use shequn_core::{Code, Store};

#[path = "support/printed.rs"]
mod printed;

fn at(y: i32, m: u32, d: u32, h: u32, min: u32, s: u32) -> DateTime<Local> {
    Local.with_ymd_and_hms(y, m, d, h, min, s).single().unwrap()
}

fn now() -> DateTime<Local> {
    at(2026, 11, 22, 10, 0, 0)
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("shequn.db"), now()).unwrap().0;
    let change = ShopUpdate {
        name: Some("花漾烘焙".into()),
        ..ShopUpdate::default()
    };
    shop::update(&store, &change, None, now()).unwrap();
    (dir, store)
}

fn staff(store: &Store, name: &str) -> i64 {
    training::add_staff(
        store,
        &NewStaff {
            name: name.into(),
            role: "社群运营专员".into(),
            started_on: "2026-03-01".into(),
            active: true,
            ..Default::default()
        },
        now(),
    )
    .unwrap()
    .id
}

fn start(store: &Store, key: &str, staff_id: i64, date: &str, event: &str) -> training::RunView {
    let template = training::find_template(store, key).unwrap();
    training::start_run(
        store,
        &StartRun {
            template_id: template.id,
            staff_id,
            date: date.into(),
            event_date: event.into(),
        },
        now(),
    )
    .unwrap()
}

#[test]
fn the_roster_keeps_roles_and_levels_and_refuses_bad_entries() {
    let (_dir, store) = store();
    let id = staff(&store, "小雯");
    let all = training::list_staff(&store, true).unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].level, "初级群管理员", "the first level by default");
    assert_eq!(all[0].started_on, "2026-03-01");

    let err = training::add_staff(
        &store,
        &NewStaff {
            name: "小雯".into(),
            role: "店长".into(),
            level: "大师".into(),
            started_on: "3月1日".into(),
            active: true,
        },
        now(),
    )
    .unwrap_err();
    let fields: HashSet<String> = err.fields().into_iter().map(|f| f.field).collect();
    assert!(
        fields.contains("role") && fields.contains("level") && fields.contains("started_on"),
        "{fields:?}"
    );
    // The duplicate name is reported once the rest is right.
    let err = training::add_staff(
        &store,
        &NewStaff {
            name: "小雯".into(),
            role: "门店导购".into(),
            active: true,
            ..Default::default()
        },
        now(),
    )
    .unwrap_err();
    assert!(err.to_string().contains("已经有一位叫“小雯”"), "{err}");
    assert_eq!(training::list_staff(&store, true).unwrap().len(), 1);
    assert_eq!(training::find_staff(&store, "小雯").unwrap().id, id);
}

#[test]
fn shipped_templates_and_the_question_bank_are_complete() {
    let (_dir, store) = store();
    let templates = training::templates(&store).unwrap();
    assert_eq!(templates.len(), DEFAULT_TEMPLATES.len());
    // Every kind but the shop's own has a shipped template.
    for kind in TemplateKind::ALL
        .into_iter()
        .filter(|k| *k != TemplateKind::Custom)
    {
        let t = templates.iter().find(|t| t.kind == kind).unwrap();
        assert!(t.items.len() >= 6, "{} has {} items", t.name, t.items.len());
    }
    let sop = templates
        .iter()
        .find(|t| t.kind == TemplateKind::DailySop)
        .unwrap();
    let windows: Vec<(String, String)> = sop
        .items
        .iter()
        .map(|i| {
            (
                i.window_start.clone().unwrap(),
                i.window_end.clone().unwrap(),
            )
        })
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let expected = [
        ("09:00", "10:00"),
        ("12:00", "13:30"),
        ("15:00", "16:30"),
        ("19:30", "21:00"),
        ("21:00", "23:00"),
    ];
    assert_eq!(
        windows,
        expected.map(|(a, b)| (a.to_owned(), b.to_owned())).to_vec()
    );
    let festival = templates
        .iter()
        .find(|t| t.kind == TemplateKind::Festival)
        .unwrap();
    assert_eq!(festival.items.len(), 6, "the festival's six steps");
    let cold = templates
        .iter()
        .find(|t| t.kind == TemplateKind::ColdStart)
        .unwrap();
    assert!(cold.description.contains("500"));

    assert!(QUESTIONS.len() >= 40);
    for m in COURSE {
        assert!(
            QUESTIONS.iter().filter(|q| q.module == m.key).count() >= 3,
            "{} needs questions",
            m.title
        );
        assert!(
            m.text.chars().count() >= 100,
            "{} needs a study text",
            m.title
        );
    }
    assert!(QUESTIONS.iter().any(|q| q.multiple()) && QUESTIONS.iter().any(|q| !q.multiple()));

    // Deleted templates come back on restore; nothing is added twice.
    training::delete_template(&store, festival.id).unwrap();
    assert_eq!(
        training::restore_default_templates(&store, now()).unwrap(),
        1
    );
    assert_eq!(
        training::restore_default_templates(&store, now()).unwrap(),
        0
    );
}

/// The dates of a run's first and last items.
fn date_span(run: &training::RunView) -> (&str, &str) {
    let first = run.items.first().and_then(|i| i.date.as_deref());
    let last = run.items.last().and_then(|i| i.date.as_deref());
    (first.unwrap(), last.unwrap())
}

#[test]
fn a_launch_day_checklist_is_dated_from_the_launch() {
    let (_dir, store) = store();
    let id = staff(&store, "小雯");
    let run = start(&store, "爆款日", id, "2026-11-22", "2026-12-12");
    assert_eq!(run.event_date.as_deref(), Some("2026-12-12"));
    let date_of = |section: &str| -> Vec<String> {
        run.items
            .iter()
            .filter(|i| i.section.starts_with(section))
            .map(|i| i.date.clone().unwrap())
            .collect()
    };
    assert!(date_of("T-7").iter().all(|d| d == "2026-12-05"));
    assert!(date_of("T-3").iter().all(|d| d == "2026-12-09"));
    assert!(date_of("T-1").iter().all(|d| d == "2026-12-11"));
    assert!(date_of("D ").iter().all(|d| d == "2026-12-12"));
    assert_eq!(
        date_of("活动后"),
        ["2026-12-13", "2026-12-14", "2026-12-15"]
    );
    assert_eq!(
        run.items.iter().map(|i| i.id).collect::<Vec<_>>(),
        (1..=run.total).collect::<Vec<_>>()
    );

    // Without a launch date there is nothing to count from.
    let template = training::find_template(&store, "launch-day").unwrap();
    let err = training::start_run(
        &store,
        &StartRun {
            template_id: template.id,
            staff_id: id,
            ..Default::default()
        },
        now(),
    )
    .unwrap_err();
    assert_eq!(err.fields()[0].field, "event_date");
    assert!(err.to_string().contains("爆款日日期"), "{err}");

    // The member day crosses a month end; the 30-day cold start counts from its start.
    let member_day = start(&store, "member_day", id, "", "2026-12-16");
    assert_eq!(date_span(&member_day), ("2026-12-02", "2026-12-19"));
    let cold = start(&store, "cold-start-30", id, "2026-12-01", "");
    assert_eq!(date_span(&cold), ("2026-12-01", "2026-12-30"));
    let setup = start(&store, "建群清单", id, "", "");
    assert!(
        setup
            .items
            .iter()
            .all(|i| i.date.is_none() && i.status == ItemStatus::Open)
    );
}

#[test]
fn editing_a_template_leaves_a_started_run_unchanged() {
    let (_dir, store) = store();
    let id = staff(&store, "小雯");
    let before = start(&store, "festival", id, "", "2027-02-14");
    let template = training::find_template(&store, "节日活动").unwrap();
    let edited = TemplateInput {
        name: "节日活动（新版）".into(),
        kind: Some(template.kind),
        event_based: true,
        description: template.description.clone(),
        items: vec![TemplateItem {
            section: "只剩一步".into(),
            text: "当天发一条祝福".into(),
            day_offset: Some(0),
            ..Default::default()
        }],
    };
    training::update_template(&store, template.id, &edited, now()).unwrap();
    let after = training::run(&store, before.id, now()).unwrap();
    assert_eq!(after.items, before.items);
    assert_eq!(after.template, "节日活动");
    assert_eq!(after.total, 6);
    // New runs use the edit.
    let new = start(&store, "节日活动（新版）", id, "", "2027-02-14");
    assert_eq!(new.total, 1);
    // Deleting the template keeps the runs.
    training::delete_template(&store, template.id).unwrap();
    assert_eq!(
        training::run(&store, before.id, now()).unwrap().items,
        before.items
    );
}

#[test]
fn items_are_overdue_only_after_their_window_closes() {
    let (_dir, store) = store();
    let id = staff(&store, "小雯");
    let run = start(&store, "daily-sop", id, "2026-11-22", "");
    let morning = run
        .items
        .iter()
        .find(|i| i.window_end.as_deref() == Some("10:00"))
        .unwrap()
        .id;
    let night = run
        .items
        .iter()
        .find(|i| i.window_end.as_deref() == Some("23:00"))
        .unwrap()
        .id;
    let status = |now: DateTime<Local>, no: u32| {
        training::run(&store, run.id, now).unwrap().items[no as usize - 1].status
    };
    assert_eq!(
        status(at(2026, 11, 22, 8, 59, 59), morning),
        ItemStatus::Upcoming
    );
    assert_eq!(status(at(2026, 11, 22, 9, 0, 0), morning), ItemStatus::Due);
    assert_eq!(
        status(at(2026, 11, 22, 10, 0, 0), morning),
        ItemStatus::Due,
        "exactly at the end is on time"
    );
    assert_eq!(
        status(at(2026, 11, 22, 10, 0, 1), morning),
        ItemStatus::Overdue
    );
    assert_eq!(status(at(2026, 11, 22, 23, 0, 0), night), ItemStatus::Due);
    assert_eq!(
        status(at(2026, 11, 22, 23, 0, 1), night),
        ItemStatus::Overdue
    );
    assert_eq!(
        status(at(2026, 11, 21, 22, 0, 0), night),
        ItemStatus::Upcoming,
        "the day before"
    );

    // Items with a day but no window have the whole day.
    assert_eq!(
        training::item_status(
            false,
            Some(day(2026, 12, 5)),
            None,
            None,
            day(2026, 12, 5).and_hms_opt(23, 59, 59).unwrap()
        ),
        ItemStatus::Due
    );
    assert_eq!(
        training::item_status(
            false,
            Some(day(2026, 12, 5)),
            None,
            None,
            day(2026, 12, 6).and_hms_opt(0, 0, 1).unwrap()
        ),
        ItemStatus::Overdue
    );
    // Done is done, however late.
    let late = at(2026, 11, 22, 11, 0, 0);
    let ticked = training::set_item_done(&store, run.id, morning, true, None, false, late).unwrap();
    assert_eq!(ticked.items[morning as usize - 1].status, ItemStatus::Done);
    assert_eq!(
        ticked.overdue, 2,
        "the other two morning items are late at 11:00"
    );
}

#[test]
fn ticking_records_who_and_when_and_completion_adds_up_per_run_staff_and_week() {
    let (_dir, store) = store();
    let wen = staff(&store, "小雯");
    let li = staff(&store, "李娜");
    // The day's SOP starts itself, once per active staff member.
    let started = training::ensure_daily_sop(&store, now()).unwrap();
    assert_eq!(started.len(), 2);
    assert!(
        training::ensure_daily_sop(&store, now())
            .unwrap()
            .is_empty()
    );
    let runs = training::list_runs(&store, &RunQuery::default(), now()).unwrap();
    let wen_run = runs.iter().find(|r| r.staff_id == wen).unwrap().id;
    let total = runs[0].total;
    assert_eq!(total, 12);

    let run = training::set_item_done(&store, wen_run, 1, true, None, false, now()).unwrap();
    let run2 = training::set_item_done(
        &store,
        wen_run,
        2,
        true,
        Some(li),
        false,
        at(2026, 11, 22, 10, 5, 0),
    )
    .unwrap();
    assert_eq!(run.done, 1);
    assert_eq!(run2.done, 2);
    assert_eq!(run2.percent, 2 * 100 / total);
    assert_eq!(run2.items[0].done_by.as_deref(), Some("小雯"));
    assert_eq!(
        run2.items[1].done_by.as_deref(),
        Some("李娜"),
        "a colleague may tick it"
    );
    assert!(
        run2.items[1]
            .done_at
            .as_deref()
            .unwrap()
            .starts_with("2026-11-22T10:05")
    );
    let noted =
        training::set_item_note(&store, wen_run, 2, "有两位顾客问了配送时间", now()).unwrap();
    assert_eq!(noted.items[1].note, "有两位顾客问了配送时间");
    let err = training::set_item_done(&store, wen_run, 99, true, None, false, now()).unwrap_err();
    assert!(err.to_string().contains("共 12 项"), "{err}");
    // Unticking takes it back.
    let back = training::set_item_done(&store, wen_run, 1, false, None, false, now()).unwrap();
    assert_eq!(back.done, 1);
    assert!(!back.items[0].done && back.items[0].done_by.is_none());

    // A second SOP for the same day is refused.
    let sop = training::find_template(&store, "daily_sop").unwrap();
    let err = training::start_run(
        &store,
        &StartRun {
            template_id: sop.id,
            staff_id: wen,
            ..Default::default()
        },
        now(),
    )
    .unwrap_err();
    assert!(err.to_string().contains("已经开始了"), "{err}");

    // Li finishes everything: a full SOP day.
    let li_run = runs.iter().find(|r| r.staff_id == li).unwrap().id;
    for no in 1..=total {
        training::set_item_done(&store, li_run, no, true, None, false, now()).unwrap();
    }
    let week = training::week_report(&store, day(2026, 11, 19)).unwrap();
    assert_eq!(week.week_start, "2026-11-16");
    assert_eq!(week.week_end, "2026-11-22");
    let of = |id: i64| week.staff.iter().find(|s| s.staff_id == id).unwrap();
    assert_eq!(of(li).completion.percent, 100);
    assert_eq!(of(li).full_sop_days, 1);
    assert_eq!(of(wen).completion.done, 1);
    assert_eq!(of(wen).full_sop_days, 0);
    assert_eq!(of(wen).days[6].total, total, "Sunday holds the SOP");
    assert_eq!(week.overall.done, total + 1);
    assert_eq!(week.overall.total, 2 * total);
    let next_week = training::week_report(&store, day(2026, 11, 23)).unwrap();
    assert_eq!(next_week.overall.total, 0);

    // The reports' 培训 for that week: two SOP days, one complete, 13 of 24 ticked.
    let t = training_in(&store, "2026-11-16", "2026-11-22");
    assert_eq!(
        (t.sop_days, t.sop_days_complete, t.sop_completion),
        (2, 1, Some(f64::from(total + 1) / f64::from(2 * total)))
    );
    assert_eq!((t.exams, t.pass_rate), (0, None));
    assert_eq!(training_in(&store, "2026-11-23", "2026-11-29").sop_days, 0);
}

/// The 培训 section of the reports' summary for a period.
fn training_in(store: &Store, from: &str, to: &str) -> training::TrainingFigures {
    let period = shequn_core::reports::Period::parse(from, to).unwrap();
    shequn_core::reports::summary(store, period, day(2026, 11, 22))
        .unwrap()
        .training
}

/// The right letters of a paper's questions (options are shuffled per paper).
fn key_of(paper: &training::ExamPaper) -> Vec<String> {
    paper
        .questions
        .iter()
        .map(|q| training::right_letters(q).unwrap())
        .collect()
}

/// A wrong answer for a question: the first single letter that is not right.
fn wrong(answer: &str) -> String {
    ["A", "B", "C", "D"]
        .into_iter()
        .find(|l| *l != answer)
        .unwrap()
        .to_owned()
}

#[test]
fn the_exam_draws_twenty_different_questions_without_answers() {
    let (_dir, store) = store();
    let id = staff(&store, "小雯");
    let paper = training::start_exam(&store, id, now()).unwrap();
    assert_eq!(paper.questions.len(), EXAM_QUESTIONS);
    let ids: HashSet<u32> = paper.questions.iter().map(|q| q.id).collect();
    assert_eq!(ids.len(), EXAM_QUESTIONS, "no question twice");
    let json = serde_json::to_string(&paper).unwrap();
    assert!(
        !json.contains("explanation") && !json.contains("answer"),
        "{json}"
    );
    for q in &paper.questions {
        let bank = QUESTIONS.iter().find(|b| b.id == q.id).unwrap();
        assert_eq!(q.multiple, bank.multiple());
        assert_eq!(q.options.len(), bank.options.len());
    }
}

#[test]
fn scoring_is_all_or_nothing_and_eighty_passes() {
    let (dir, store) = store();
    let id = staff(&store, "小雯");

    // 16 right of 20 is exactly 80: a pass.
    let paper = training::start_exam(&store, id, now()).unwrap();
    let key = key_of(&paper);
    let mut answers = key.clone();
    for a in answers.iter_mut().take(4) {
        *a = wrong(a);
    }
    let result = training::submit_exam(&store, paper.attempt, &answers, now()).unwrap();
    assert_eq!(result.score, 80);
    assert!(result.passed);
    assert_eq!(result.results.iter().filter(|r| !r.correct).count(), 4);
    let missed = &result.results[0];
    assert!(!missed.correct && !missed.explanation.is_empty());
    assert_eq!(missed.correct_answer, key[0]);
    // Handed in once only.
    let err = training::submit_exam(&store, paper.attempt, &answers, now()).unwrap_err();
    assert_eq!(err.code(), Code::Conflict, "{err}");

    // 15 right is 75: not a pass, and no certificate.
    let paper = training::start_exam(&store, id, now()).unwrap();
    let mut answers = key_of(&paper);
    for a in answers.iter_mut().take(5) {
        *a = wrong(a);
    }
    let failed = training::submit_exam(&store, paper.attempt, &answers, now()).unwrap();
    assert_eq!((failed.score, failed.passed), (75, false));
    // In the reports: two exams handed in that day, one passed, 77.5 on average.
    let t = training_in(&store, "2026-11-22", "2026-11-22");
    assert_eq!(
        (t.exams, t.exams_passed, t.pass_rate, t.average_score),
        (2, 1, Some(0.5), Some(77.5))
    );
    assert!(
        training::certificate_pdf(&store, failed.attempt)
            .unwrap_err()
            .to_string()
            .contains("75 分")
    );

    // Multiple choice: a partial set scores nothing; order and case do not matter.
    let paper = training::start_exam(&store, id, now()).unwrap();
    let key = key_of(&paper);
    let multi = key.iter().position(|a| a.len() > 1).unwrap();
    let mut answers = key.clone();
    answers[multi] = key[multi][..1].to_owned();
    let partial = training::submit_exam(&store, paper.attempt, &answers, now()).unwrap();
    assert_eq!(partial.score, 95);
    assert!(!partial.results[multi].correct);
    let paper = training::start_exam(&store, id, now()).unwrap();
    let key = key_of(&paper);
    let multi = key.iter().position(|a| a.len() > 1).unwrap();
    let mut answers = key.clone();
    answers[multi] = key[multi].chars().rev().collect::<String>().to_lowercase();
    // Leave another question blank (not the multiple-choice one under test).
    let blank = usize::from(multi == 0);
    answers[blank] = String::new();
    let reversed = training::submit_exam(&store, paper.attempt, &answers, now()).unwrap();
    assert!(reversed.results[multi].correct);
    assert!(!reversed.results[blank].correct, "a blank is wrong");
    assert_eq!(reversed.score, 95);

    // Bad answer sheets are refused with the question named, and nothing is saved.
    let paper = training::start_exam(&store, id, now()).unwrap();
    let err = training::submit_exam(&store, paper.attempt, &["A".into()], now()).unwrap_err();
    assert!(err.to_string().contains("这张卷子有 20 道题"), "{err}");
    let mut answers = key_of(&paper);
    let single = answers.iter().position(|a| a.len() == 1).unwrap();
    answers[single] = "AB".into();
    let err = training::submit_exam(&store, paper.attempt, &answers, now()).unwrap_err();
    assert!(
        err.to_string()
            .contains(&format!("第 {} 题是单选", single + 1)),
        "{err}"
    );
    answers[single] = "Z".into();
    let err = training::submit_exam(&store, paper.attempt, &answers, now()).unwrap_err();
    assert!(err.to_string().contains("“Z”"), "{err}");
    let kept = training::attempts(&store, Some(id)).unwrap();
    assert_eq!(kept.len(), 5, "every attempt is kept");
    assert_eq!(kept[0].submitted_at, None);
    assert_eq!(kept[1].score, Some(95));

    // The certificate of the pass carries the name and the score as text.
    let first = kept.last().unwrap().id;
    let pdf = training::certificate_pdf(&store, first).unwrap();
    let path = dir.path().join("证书.pdf");
    std::fs::write(&path, pdf).unwrap();
    let text = printed::pdf_text(&path);
    for expected in [
        "结业证书",
        "小雯",
        "考试成绩 80 分",
        "花漾烘焙",
        "初级群管理员",
        "2026年11月22日",
    ] {
        assert!(text.contains(expected), "{expected} missing from {text}");
    }
    printed::qpdf_check(&path);
    assert!(
        printed::pdf_fonts(&path)
            .iter()
            .any(|f| f.contains("yes yes"))
    );
}

#[test]
fn course_progress_and_the_growth_suggestion() {
    let (_dir, store) = store();
    let id = staff(&store, "小雯");
    let progress = training::course_progress(&store, id).unwrap();
    assert_eq!(progress.len(), COURSE.len());
    assert!(
        progress
            .iter()
            .all(|m| m.status == ModuleStatus::NotStarted)
    );
    let p =
        training::set_module_status(&store, id, "value", ModuleStatus::InProgress, now()).unwrap();
    assert_eq!(p[0].status, ModuleStatus::InProgress);
    assert_eq!(p[0].started_on.as_deref(), Some("2026-11-22"));
    let p = training::set_module_status(
        &store,
        id,
        "team",
        ModuleStatus::Done,
        at(2026, 11, 23, 9, 0, 0),
    )
    .unwrap();
    assert_eq!(
        (p[1].status, p[1].done_on.as_deref()),
        (ModuleStatus::Done, Some("2026-11-23"))
    );
    assert!(training::set_module_status(&store, id, "nope", ModuleStatus::Done, now()).is_err());

    // Not yet: no exam, no SOP days.
    let g = &training::growth(&store, now()).unwrap()[0];
    assert_eq!(g.next_level.as_deref(), Some("中级社群运营"));
    assert!(g.suggestion.is_none());
    assert_eq!(g.missing.len(), 2, "{:?}", g.missing);

    // Pass the exam and complete the SOP on 20 days.
    let paper = training::start_exam(&store, id, now()).unwrap();
    training::submit_exam(&store, paper.attempt, &key_of(&paper), now()).unwrap();
    let sop = training::find_template(&store, "daily-sop").unwrap();
    for d in 1..=20 {
        let date = format!("2026-11-{d:02}");
        let run = training::start_run(
            &store,
            &StartRun {
                template_id: sop.id,
                staff_id: id,
                date,
                event_date: String::new(),
            },
            now(),
        )
        .unwrap();
        if d == 20 {
            // The twentieth day has one item left: not a full day yet.
            let g = &training::growth(&store, now()).unwrap()[0];
            assert_eq!(g.sop_days, 19);
            assert!(
                g.missing.iter().any(|m| m.contains("20 天")),
                "{:?}",
                g.missing
            );
        }
        // Filling in past days' lists is catching up.
        for no in 1..=run.total {
            training::set_item_done(&store, run.id, no, true, None, true, now()).unwrap();
        }
    }
    let g = &training::growth(&store, now()).unwrap()[0];
    assert_eq!((g.best_score, g.sop_days), (Some(100), 20));
    assert!(
        g.suggestion.as_deref().unwrap().contains("中级社群运营"),
        "{g:?}"
    );

    // The owner raises the bar: the suggestion goes away and says why.
    let mut criteria = training::level_criteria(&store).unwrap();
    criteria[0].min_sop_days = 30;
    training::set_level_criteria(&store, &criteria).unwrap();
    let g = &training::growth(&store, now()).unwrap()[0];
    assert!(g.suggestion.is_none());
    assert!(g.missing[0].contains("30 天"), "{:?}", g.missing);
    let bad = [LevelCriteria {
        level: "初级群管理员".into(),
        min_exam_score: 50,
        min_sop_days: 1,
        course_done: false,
        min_months: 0,
    }];
    let err = training::set_level_criteria(&store, &bad).unwrap_err();
    assert_eq!(err.fields().len(), 2, "{err}");
}

#[test]
fn a_checklist_and_a_blank_sop_week_print_as_readable_a4() {
    let (dir, store) = store();
    let id = staff(&store, "小雯");
    let run = start(&store, "launch-day", id, "2026-11-22", "2026-12-12");
    training::set_item_done(&store, run.id, 1, true, None, false, now()).unwrap();
    training::set_item_note(&store, run.id, 2, "海报找设计师小周", now()).unwrap();
    let path = dir.path().join("清单.pdf");
    std::fs::write(&path, training::run_pdf(&store, run.id, now()).unwrap()).unwrap();
    let text = printed::pdf_text(&path);
    for expected in [
        "花漾烘焙",
        "爆款日",
        "小雯",
        "已完成：小雯",
        "海报找设计师小周",
        "12-05",
        "T-3 试用",
        &run.items[11].text,
    ] {
        assert!(text.contains(expected), "{expected} missing from {text}");
    }
    let (w, h) = printed::page_size_mm(&path);
    assert!(
        (w - 210.0).abs() < 1.0 && (h - 297.0).abs() < 1.0,
        "{w}×{h}"
    );
    printed::qpdf_check(&path);

    let week = dir.path().join("周表.pdf");
    std::fs::write(
        &week,
        training::blank_sop_week_pdf(&store, day(2026, 11, 25)).unwrap(),
    )
    .unwrap();
    let text = printed::pdf_text(&week);
    for expected in [
        "2026-11-23 至 2026-11-29",
        "周一",
        "周日",
        "11-29",
        "早间巡群",
        "夜间值守",
        "签名",
    ] {
        assert!(text.contains(expected), "{expected} missing from {text}");
    }
    let (w, h) = printed::page_size_mm(&week);
    assert!(w > h, "landscape");
}

#[test]
fn an_item_of_a_past_day_is_ticked_only_when_catching_up() {
    let (_dir, store) = store();
    staff(&store, "小雯");
    let yesterday = at(2026, 11, 21, 9, 30, 0);
    let old = training::ensure_daily_sop(&store, yesterday).unwrap()[0];
    // The window was left open overnight: a tick meant for today lands on yesterday's list.
    let err = training::set_item_done(&store, old, 1, true, None, false, now()).unwrap_err();
    assert_eq!(err.code(), shequn_core::Code::Validation);
    assert_eq!(err.fields()[0].field, training::CATCHING_UP);
    assert!(err.to_string().contains("2026-11-21 的"), "{err}");
    let view = training::run(&store, old, now()).unwrap();
    assert_eq!(view.done, 0, "nothing ticked");
    // Said to be catching up, it is recorded; unticking never asks.
    let view = training::set_item_done(&store, old, 1, true, None, true, now()).unwrap();
    assert_eq!(view.done, 1);
    let view = training::set_item_done(&store, old, 1, false, None, false, now()).unwrap();
    assert_eq!(view.done, 0);
    // Today's own list ticks straight away.
    let today_run = training::ensure_daily_sop(&store, now()).unwrap()[0];
    assert_eq!(
        training::set_item_done(&store, today_run, 1, true, None, false, now())
            .unwrap()
            .done,
        1
    );
}
