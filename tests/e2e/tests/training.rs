//! 培训与SOP, end to end on the real app: add a staff member, open today's SOP
//! (started by the app itself), tick two items and see the completion change; take
//! the exam to the end, three answers wrong on purpose, and see 85 points.
#![allow(clippy::unwrap_used)]

use shequn_e2e::{Result, Sandbox, Session};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn todays_sop_is_ticked_and_an_exam_is_taken_to_the_end() -> Result<()> {
    let sandbox = Sandbox::new()?;
    {
        // A named shop, so the overview shows its cards rather than the welcome.
        let store =
            shequn_core::Store::open(&sandbox.data_dir().join("shequn.db"), chrono::Local::now())?
                .0;
        shequn_core::shop::update(
            &store,
            &shequn_core::shop::ShopUpdate {
                name: Some("花漾烘焙".into()),
                ..Default::default()
            },
            None,
            chrono::Local::now(),
        )?;
    }
    let app = Session::launch(&sandbox, &[]).await?;
    app.click("nav-training").await?;
    app.wait_for_text("先到“店员”里添加").await?;

    app.click("training-tab-staff").await?;
    app.click("open-add-staff").await?;
    app.type_into("staff-name", "小雯").await?;
    app.click("save-staff").await?;
    app.wait_for_text("已添加店员：小雯").await?;
    app.by_test_id("staff-row-小雯").await?;

    // Today's SOP started itself for the new staff member.
    app.click("training-tab-today").await?;
    let progress = app.text_of("run-progress-1").await?;
    assert!(progress.contains("已完成 0/12（0%）"), "{progress}");
    app.click("run-item-1-1").await?;
    app.wait_for_text("已完成 1/12（8%）").await?;
    app.click("run-item-1-2").await?;
    app.wait_for_text("已完成 2/12（16%）").await?;
    app.screenshot("training-today-sop").await;
    // The overview shows the day's progress too.
    app.click("nav-home").await?;
    let home = app.text_of("home-sop").await?;
    assert!(home.contains("小雯") && home.contains("2/12"), "{home}");
    app.click("nav-training").await?;

    let now = chrono::Local::now();
    let store = shequn_core::Store::open(&sandbox.data_dir().join("shequn.db"), now)?.0;
    let run = shequn_core::training::run(&store, 1, now)?;
    assert_eq!(run.staff, "小雯");
    assert_eq!(run.date, now.format("%Y-%m-%d").to_string());
    assert!(run.items[0].done && run.items[1].done && !run.items[2].done);
    assert_eq!(run.items[1].done_by.as_deref(), Some("小雯"));

    // The exam: answer as someone holding the key (the paper's right letters, read
    // from the data file: options are shuffled per paper), the first three wrong.
    app.click("training-tab-exam").await?;
    app.choose("exam-staff", "小雯").await?;
    app.click("exam-start").await?;
    app.by_test_id("exam-q-1").await?;
    let key: Vec<(u32, String)> = store
        .conn()
        .prepare(
            "SELECT question_id, correct FROM exam_attempt_questions WHERE attempt_id = 1 ORDER BY no",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<std::result::Result<_, _>>()?;
    assert_eq!(key.len(), 20);
    for no in 1..=20 {
        let card = app.by_test_id(&format!("exam-q-{no}")).await?;
        let id: u32 = card
            .attr("data-question-id")
            .await?
            .unwrap_or_default()
            .parse()?;
        let (key_id, right) = &key[no - 1];
        assert_eq!(*key_id, id, "the window shows the paper in its order");
        let letters: Vec<char> = if no <= 3 {
            vec![
                ['A', 'B', 'C', 'D']
                    .into_iter()
                    .find(|l| !right.contains(*l))
                    .unwrap(),
            ]
        } else {
            right.chars().collect()
        };
        for letter in letters {
            app.click(&format!("exam-q-{no}-{letter}")).await?;
        }
    }
    app.click("exam-submit").await?;
    let score = app.text_of("exam-score").await?;
    assert!(score.contains("85 分，通过"), "{score}");
    app.by_test_id("exam-wrong-1").await?;
    app.screenshot("training-exam-result").await;

    let attempts = shequn_core::training::attempts(&store, None)?;
    assert_eq!(attempts.len(), 1);
    assert_eq!(
        (attempts[0].score, attempts[0].passed),
        (Some(85), Some(true))
    );
    app.quit().await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_launch_day_checklist_is_started_with_dates_and_the_course_is_marked() -> Result<()> {
    let sandbox = Sandbox::new()?;
    let now = chrono::Local::now();
    {
        let store = shequn_core::Store::open(&sandbox.data_dir().join("shequn.db"), now)?.0;
        shequn_core::training::add_staff(
            &store,
            &shequn_core::training::NewStaff {
                name: "李娜".into(),
                role: "门店导购".into(),
                active: true,
                ..Default::default()
            },
            now,
        )?;
    }
    let app = Session::launch(&sandbox, &[]).await?;
    app.click("nav-training").await?;
    app.click("training-tab-runs").await?;
    app.choose("start-template", "爆款日").await?;
    app.choose("start-staff", "李娜").await?;
    app.type_into("start-event-date", "2026-12-12").await?;
    // Enter confirms the date and sends the form, as it does for a person typing.
    app.press_enter("start-event-date").await?;
    app.wait_for_text("已为李娜开始“爆款日”").await?;
    // The run opens with each item dated from the launch day: T-7 is 12-05.
    let first = app.text_of("run-item-row-2-1").await?;
    assert!(first.contains("12-05"), "{first}");
    let last = app.text_of("run-item-row-2-12").await?;
    assert!(last.contains("12-15"), "{last}");
    app.screenshot("training-launch-day").await;
    app.close("drawer-close-run", "run-card-2").await?;

    app.click("training-tab-course").await?;
    app.click("course-module-value").await?;
    app.click("course-done-value").await?;
    app.wait_for_text("已学完 1/14 个单元").await?;
    app.screenshot("training-course").await;
    app.quit().await?;
    Ok(())
}
