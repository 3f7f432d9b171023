//! `shequn staff ...`, `shequn checklists ...`, `shequn exam ...`: the roster, the
//! checklists and the exam from the command line.

use std::path::PathBuf;

use chrono::{Local, NaiveDate};
use clap::Subcommand;
use serde_json::json;
use shequn_core::training::{self, ItemStatus, NewStaff, RunQuery, RunView, StartRun};
use shequn_core::{Error, Store};

use crate::print_json;

#[derive(Subcommand)]
pub enum StaffCommand {
    /// 添加店员
    Add {
        #[arg(long)]
        name: String,
        /// 岗位：社群总负责人 / 社群运营专员 / 用户服务专员 / 数据分析专员 / 门店导购
        #[arg(long)]
        role: String,
        /// 级别：初级群管理员（默认）/ 中级社群运营 / 高级社群主理 / 社群运营专家
        #[arg(long)]
        level: Option<String>,
        /// 入职日期 YYYY-MM-DD（默认今天）
        #[arg(long, value_name = "YYYY-MM-DD")]
        started: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// 店员名单
    List {
        /// 连停用的也列出
        #[arg(long)]
        all: bool,
        #[arg(long)]
        json: bool,
    },
    /// 每位店员离下一级还差什么，满足条件的给出升级建议
    Growth {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
pub enum ChecklistsCommand {
    /// 清单模板
    Templates {
        #[arg(long)]
        json: bool,
    },
    /// 给店员开一张清单：TEMPLATE 可写模板名称、编号或 daily-sop / launch-day 这样的代号
    Start {
        template: String,
        #[arg(long, value_name = "NAME")]
        staff: String,
        /// 开始日期（默认今天）
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<String>,
        /// 爆款日、会员日或节日的日期：这类清单的日期从它推算
        #[arg(long, value_name = "YYYY-MM-DD")]
        launch: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// 勾选一项（ITEM 是清单里的序号，见 show）
    Tick {
        run: i64,
        item: u32,
        /// 顺便写一句备注
        #[arg(long)]
        note: Option<String>,
        /// 由谁完成（默认清单的店员）
        #[arg(long, value_name = "NAME")]
        by: Option<String>,
        /// 取消勾选
        #[arg(long)]
        undo: bool,
        /// 补记以前某天做过的事（勾选日期已过的项目时需要）
        #[arg(long)]
        catch_up: bool,
        #[arg(long)]
        json: bool,
    },
    /// 看一张清单：每项的日期、时间段、完成情况
    Show {
        run: i64,
        #[arg(long)]
        json: bool,
    },
    /// 列出清单
    List {
        #[arg(long, value_name = "NAME")]
        staff: Option<String>,
        #[arg(long, value_name = "YYYY-MM-DD")]
        from: Option<String>,
        #[arg(long, value_name = "YYYY-MM-DD")]
        to: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// 把清单打印成 A4 PDF（贴墙用）
    Print {
        run: i64,
        #[arg(long, value_name = "FILE.pdf")]
        out: PathBuf,
    },
    /// 打印一周空白的每日SOP检查表（A4 横版）
    BlankWeek {
        /// 这一周里的任一天（默认今天）
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<String>,
        #[arg(long, value_name = "FILE.pdf")]
        out: PathBuf,
    },
    /// 一周（周一到周日）的完成率：每位店员、每天
    Week {
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
pub enum ExamCommand {
    /// 开始一次考试：抽 20 道题（不含答案）
    Start {
        #[arg(long, value_name = "NAME")]
        staff: String,
        #[arg(long)]
        json: bool,
    },
    /// 交卷：按题目顺序写答案，逗号隔开，多选题连写，如 'A,BC,D,...'
    Submit {
        attempt: i64,
        #[arg(long)]
        answers: String,
        #[arg(long)]
        json: bool,
    },
    /// 通过的考试出结业证书 PDF
    Certificate {
        attempt: i64,
        #[arg(long, value_name = "FILE.pdf")]
        out: PathBuf,
    },
    /// 考试记录
    List {
        #[arg(long, value_name = "NAME")]
        staff: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

fn write_pdf(out: &PathBuf, bytes: &[u8]) -> Result<(), Error> {
    std::fs::write(out, bytes).map_err(|e| {
        Error::invalid_fields(vec![shequn_core::FieldError::new(
            "out",
            format!("写不进文件 {}：{e}", out.display()),
        )])
    })
}

fn day_or_today(text: Option<&str>) -> Result<NaiveDate, Error> {
    shequn_core::text::day_or(text, Local::now().date_naive())
        .map_err(|m| Error::invalid("date", m))
}

pub fn run_staff(store: &Store, command: &StaffCommand) -> Result<(), Error> {
    match command {
        StaffCommand::Add {
            name,
            role,
            level,
            started,
            json,
        } => {
            let staff = training::add_staff(
                store,
                &NewStaff {
                    name: name.clone(),
                    role: role.clone(),
                    level: level.clone().unwrap_or_default(),
                    started_on: started.clone().unwrap_or_default(),
                    active: true,
                },
                Local::now(),
            )?;
            if *json {
                print_json(&json!({ "id": staff.id }));
            } else {
                println!(
                    "已添加店员：{}（{}，{}），编号 {}",
                    staff.name, staff.role, staff.level, staff.id
                );
            }
        }
        StaffCommand::List { all, json } => {
            let staff = training::list_staff(store, *all)?;
            if *json {
                print_json(&staff);
            } else {
                for s in &staff {
                    let state = if s.active { "" } else { "（已停用）" };
                    println!(
                        "{:>4} {} · {} · {} · 入职 {}{state}",
                        s.id, s.name, s.role, s.level, s.started_on
                    );
                }
                println!("共 {} 位", staff.len());
            }
        }
        StaffCommand::Growth { json } => {
            let growth = training::growth(store, Local::now())?;
            if *json {
                print_json(&growth);
            } else {
                for g in &growth {
                    match (&g.next_level, &g.suggestion) {
                        (_, Some(s)) => println!("{s}"),
                        (Some(next), None) => {
                            println!(
                                "{}（{}）离{next}还差：{}",
                                g.staff,
                                g.level,
                                g.missing.join("；")
                            )
                        }
                        (None, None) => println!("{}已经是最高级别：{}", g.staff, g.level),
                    }
                }
            }
        }
    }
    Ok(())
}

fn status_label(status: ItemStatus) -> &'static str {
    match status {
        ItemStatus::Done => "✔",
        ItemStatus::Overdue => "过时",
        ItemStatus::Due => "进行中",
        ItemStatus::Upcoming => "未到",
        ItemStatus::Open => "",
    }
}

fn print_run(run: &RunView) {
    println!(
        "清单 #{}：{} · {} · {}{}",
        run.id,
        run.template,
        run.staff,
        run.date,
        run.event_date
            .as_ref()
            .map(|d| format!("（{}：{d}）", run.kind.event_label()))
            .unwrap_or_default()
    );
    let mut section = "";
    for item in &run.items {
        if item.section != section && !item.section.is_empty() {
            println!("【{}】", item.section);
            section = &item.section;
        }
        let when = match (&item.date, &item.window_start, &item.window_end) {
            (Some(d), Some(s), Some(e)) => format!("{d} {s}–{e}"),
            (Some(d), ..) => d.clone(),
            _ => String::new(),
        };
        let mark = if item.done { "[x]" } else { "[ ]" };
        println!(
            "{:>3}. {mark} {} {when} {}",
            item.id,
            item.text,
            status_label(item.status)
        );
        if let (Some(by), Some(at)) = (&item.done_by, &item.done_at) {
            println!("       {by} 完成于 {at}");
        }
        if !item.note.is_empty() {
            println!("       备注：{}", item.note);
        }
    }
    println!(
        "完成 {}/{}（{}%），过时未做 {} 项",
        run.done, run.total, run.percent, run.overdue
    );
}

pub fn run_checklists(store: &Store, command: &ChecklistsCommand) -> Result<(), Error> {
    let now = Local::now();
    match command {
        ChecklistsCommand::Templates { json } => {
            let templates = training::templates(store)?;
            if *json {
                print_json(&templates);
            } else {
                for t in &templates {
                    let anchor = if t.event_based {
                        "，按活动日期推算"
                    } else {
                        ""
                    };
                    println!(
                        "{:>4} {}（{}，{} 项{anchor}）",
                        t.id,
                        t.name,
                        t.kind_label,
                        t.items.len()
                    );
                }
            }
        }
        ChecklistsCommand::Start {
            template,
            staff,
            date,
            launch,
            json,
        } => {
            let template = training::find_template(store, template)?;
            let staff = training::find_staff(store, staff)?;
            let run = training::start_run(
                store,
                &StartRun {
                    template_id: template.id,
                    staff_id: staff.id,
                    date: date.clone().unwrap_or_default(),
                    event_date: launch.clone().unwrap_or_default(),
                },
                now,
            )?;
            if *json {
                print_json(&run);
            } else {
                print_run(&run);
            }
        }
        ChecklistsCommand::Tick {
            run,
            item,
            note,
            by,
            undo,
            catch_up,
            json,
        } => {
            let by = match by {
                Some(name) => Some(training::find_staff(store, name)?.id),
                None => None,
            };
            let mut view = training::set_item_done(store, *run, *item, !*undo, by, *catch_up, now)?;
            if let Some(note) = note {
                view = training::set_item_note(store, *run, *item, note, now)?;
            }
            if *json {
                print_json(&view);
            } else {
                let verb = if *undo {
                    "已取消勾选"
                } else {
                    "已勾选"
                };
                let text = view
                    .items
                    .get(*item as usize - 1)
                    .map(|i| i.text.as_str())
                    .unwrap_or_default();
                println!(
                    "{verb}第 {item} 项：{text}。完成 {}/{}（{}%）",
                    view.done, view.total, view.percent
                );
            }
        }
        ChecklistsCommand::Show { run, json } => {
            let view = training::run(store, *run, now)?;
            if *json {
                print_json(&view);
            } else {
                print_run(&view);
            }
        }
        ChecklistsCommand::List {
            staff,
            from,
            to,
            json,
        } => {
            let staff_id = match staff {
                Some(name) => Some(training::find_staff(store, name)?.id),
                None => None,
            };
            let runs = training::list_runs(
                store,
                &RunQuery {
                    staff_id,
                    from: from.clone(),
                    to: to.clone(),
                    kind: None,
                },
                now,
            )?;
            if *json {
                print_json(&runs);
            } else {
                for r in &runs {
                    println!(
                        "{:>5} {} {} · {} · 完成 {}/{}（{}%）{}",
                        r.id,
                        r.date,
                        r.template,
                        r.staff,
                        r.done,
                        r.total,
                        r.percent,
                        if r.overdue > 0 {
                            format!("，{} 项过时", r.overdue)
                        } else {
                            String::new()
                        }
                    );
                }
            }
        }
        ChecklistsCommand::Print { run, out } => {
            write_pdf(out, &training::run_pdf(store, *run, now)?)?;
            println!("已保存：{}", out.display());
        }
        ChecklistsCommand::BlankWeek { date, out } => {
            let day = day_or_today(date.as_deref())?;
            write_pdf(out, &training::blank_sop_week_pdf(store, day)?)?;
            println!("已保存：{}", out.display());
        }
        ChecklistsCommand::Week { date, json } => {
            let report = training::week_report(store, day_or_today(date.as_deref())?)?;
            if *json {
                print_json(&report);
            } else {
                println!(
                    "{} 至 {}：完成 {}/{}（{}%）",
                    report.week_start,
                    report.week_end,
                    report.overall.done,
                    report.overall.total,
                    report.overall.percent
                );
                for s in &report.staff {
                    println!(
                        "  {}：{}/{}（{}%），每日SOP全部完成 {} 天",
                        s.staff,
                        s.completion.done,
                        s.completion.total,
                        s.completion.percent,
                        s.full_sop_days
                    );
                }
            }
        }
    }
    Ok(())
}

pub fn run_exam(store: &Store, command: &ExamCommand) -> Result<(), Error> {
    let now = Local::now();
    match command {
        ExamCommand::Start { staff, json } => {
            let staff = training::find_staff(store, staff)?;
            let paper = training::start_exam(store, staff.id, now)?;
            if *json {
                print_json(&paper);
            } else {
                println!(
                    "考试 #{}：{}，共 {} 题",
                    paper.attempt,
                    paper.staff,
                    paper.questions.len()
                );
                for (i, q) in paper.questions.iter().enumerate() {
                    let kind = if q.multiple { "多选" } else { "单选" };
                    println!("{}.（{kind}）{}", i + 1, q.text);
                    for (j, option) in q.options.iter().enumerate() {
                        println!("    {}. {option}", (b'A' + j as u8) as char);
                    }
                }
                println!(
                    "交卷：shequn exam submit {} --answers 'A,BC,D,...'",
                    paper.attempt
                );
            }
        }
        ExamCommand::Submit {
            attempt,
            answers,
            json,
        } => {
            let answers = training::parse_answers(answers);
            let result = training::submit_exam(store, *attempt, &answers, now)?;
            if *json {
                print_json(&result);
            } else {
                let verdict = if result.passed { "通过" } else { "未通过" };
                println!("{}：{} 分，{verdict}", result.staff, result.score);
                for r in result.results.iter().filter(|r| !r.correct) {
                    let given = if r.answer.is_empty() {
                        "未答"
                    } else {
                        &r.answer
                    };
                    println!(
                        "  第 {} 题 {}：你答 {given}，正确 {}。{}",
                        r.no, r.text, r.correct_answer, r.explanation
                    );
                }
            }
        }
        ExamCommand::Certificate { attempt, out } => {
            write_pdf(out, &training::certificate_pdf(store, *attempt)?)?;
            println!("已保存：{}", out.display());
        }
        ExamCommand::List { staff, json } => {
            let staff_id = match staff {
                Some(name) => Some(training::find_staff(store, name)?.id),
                None => None,
            };
            let attempts = training::attempts(store, staff_id)?;
            if *json {
                print_json(&attempts);
            } else {
                for a in &attempts {
                    let score = match (a.score, a.passed) {
                        (Some(s), Some(true)) => format!("{s} 分，通过"),
                        (Some(s), _) => format!("{s} 分，未通过"),
                        _ => "未交卷".into(),
                    };
                    println!("{:>5} {} {} · {score}", a.id, a.started_at, a.staff);
                }
            }
        }
    }
    Ok(())
}
