//! The training verbs through the real binary: `staff`, `checklists` and `exam`
//! keep their JSON shapes; a checklist's items carry their dates; an exam paper has
//! no answers in it; a pass gets a certificate whose text names the staff member.
#![allow(clippy::unwrap_used)]

mod support;
use std::process::Command;

use shequn_core::training::{ExamQuestion, right_letters};
use support::*;

fn pdf_text(path: &std::path::Path) -> String {
    let out = Command::new("pdftotext")
        .args([path.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext is needed (scripts/lib.sh installs poppler-utils)");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn staff_checklists_and_exam_keep_their_contract() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shop.db");
    let added = ok_json(
        &db,
        &[
            "staff",
            "add",
            "--name",
            "小雯",
            "--role",
            "社群运营专员",
            "--json",
        ],
    );
    let staff_id = added["id"].as_i64().unwrap();
    let list = ok_json(&db, &["staff", "list", "--json"]);
    let first = &list.as_array().unwrap()[0];
    assert_eq!(first["id"].as_i64(), Some(staff_id));
    assert_eq!(first["name"], "小雯");
    assert_eq!(first["role"], "社群运营专员");
    assert_eq!(first["level"], "初级群管理员");
    assert_eq!(first["active"], true);

    let bad = shequn(&db, &["staff", "add", "--name", "阿强", "--role", "老板"]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(
        stderr(&bad).contains("岗位“老板”不在名单里"),
        "{}",
        stderr(&bad)
    );

    let templates = ok_json(&db, &["checklists", "templates", "--json"]);
    let names: Vec<&str> = templates
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    for name in [
        "每日SOP",
        "建群清单",
        "新店冷启动30天",
        "爆款日",
        "会员日",
        "节日活动",
    ] {
        assert!(names.contains(&name), "{name} in {names:?}");
    }

    // A launch-day checklist: every item has its date counted from the launch. The
    // launch is a month ahead of the real clock the binary reads, so ticking its
    // items below is today's work, not catching up on a day gone by.
    let today = chrono::Local::now().date_naive();
    let day =
        |offset: i64| (today + chrono::Days::new(30) + chrono::TimeDelta::days(offset)).to_string();
    let (launch, start) = (day(0), day(-20));
    let run = ok_json(
        &db,
        &[
            "checklists",
            "start",
            "爆款日",
            "--staff",
            "小雯",
            "--date",
            &start,
            "--launch",
            &launch,
            "--json",
        ],
    );
    let run_id = run["id"].as_i64().unwrap().to_string();
    assert_eq!(run["staff"], "小雯");
    assert_eq!(run["event_date"], launch.as_str());
    let items = run["items"].as_array().unwrap();
    assert_eq!(items[0]["id"], 1);
    assert_eq!(items[0]["date"], day(-7).as_str());
    assert_eq!(items.last().unwrap()["date"], day(3).as_str());
    assert!(items.iter().all(|i| i["done"] == false));

    let missing = shequn(
        &db,
        &["checklists", "start", "launch-day", "--staff", "小雯"],
    );
    assert_eq!(missing.status.code(), Some(1));
    assert!(
        stderr(&missing).contains("爆款日日期"),
        "{}",
        stderr(&missing)
    );

    let tick = shequn(
        &db,
        &[
            "checklists",
            "tick",
            &run_id,
            "2",
            "--note",
            "悬念图已发三个群",
        ],
    );
    assert!(tick.status.success(), "{}", stderr(&tick));
    let shown = ok_json(&db, &["checklists", "show", &run_id, "--json"]);
    let second = &shown["items"][1];
    assert_eq!(second["done"], true);
    assert_eq!(second["done_by"], "小雯");
    assert_eq!(second["note"], "悬念图已发三个群");
    assert_eq!(shown["done"], 1);
    let beyond = shequn(&db, &["checklists", "tick", &run_id, "40"]);
    assert_eq!(beyond.status.code(), Some(1));
    assert!(stderr(&beyond).contains("第 40 项"), "{}", stderr(&beyond));

    let pdf = dir.path().join("爆款日.pdf");
    let printed = shequn(
        &db,
        &[
            "checklists",
            "print",
            &run_id,
            "--out",
            pdf.to_str().unwrap(),
        ],
    );
    assert!(printed.status.success(), "{}", stderr(&printed));
    let text = pdf_text(&pdf);
    assert!(
        text.contains("悬念图已发三个群") && text.contains("已完成：小雯"),
        "{text}"
    );

    // The exam: 20 questions without answers, handed in as 'A,BC,...'.
    let paper = ok_json(&db, &["exam", "start", "--staff", "小雯", "--json"]);
    let attempt = paper["attempt"].as_i64().unwrap().to_string();
    let questions = paper["questions"].as_array().unwrap();
    assert_eq!(questions.len(), 20);
    for q in questions {
        let keys: Vec<&String> = q.as_object().unwrap().keys().collect();
        assert_eq!(
            keys,
            ["id", "multiple", "options", "text"],
            "no answer in the paper"
        );
    }
    // Options come in a new order on every paper: the bank knows the right ones.
    let answers: Vec<String> = questions
        .iter()
        .map(|q| {
            let q: ExamQuestion = serde_json::from_value(q.clone()).unwrap();
            right_letters(&q).unwrap()
        })
        .collect();
    let result = ok_json(
        &db,
        &[
            "exam",
            "submit",
            &attempt,
            "--answers",
            &answers.join(","),
            "--json",
        ],
    );
    assert_eq!(result["score"], 100);
    assert_eq!(result["passed"], true);
    assert_eq!(result["results"].as_array().unwrap().len(), 20);
    let again = shequn(
        &db,
        &["exam", "submit", &attempt, "--answers", &answers.join(",")],
    );
    assert_eq!(again.status.code(), Some(1));
    assert!(stderr(&again).contains("已经交过卷"), "{}", stderr(&again));

    let certificate = dir.path().join("证书.pdf");
    let made = shequn(
        &db,
        &[
            "exam",
            "certificate",
            &attempt,
            "--out",
            certificate.to_str().unwrap(),
        ],
    );
    assert!(made.status.success(), "{}", stderr(&made));
    let text = pdf_text(&certificate);
    assert!(
        text.contains("小雯") && text.contains("考试成绩 100 分"),
        "{text}"
    );

    let nobody = shequn(&db, &["exam", "start", "--staff", "没人"]);
    assert_eq!(nobody.status.code(), Some(1));
    assert!(
        stderr(&nobody).contains("叫“没人”的店员"),
        "{}",
        stderr(&nobody)
    );
}
