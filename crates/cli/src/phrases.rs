//! `shequn scripts ...`: the phrase library from the command line.

use std::path::PathBuf;

use chrono::Local;
use clap::Subcommand;
use shequn_core::phrases::{self, FillRequest, PhraseQuery};
use shequn_core::{Error, Store, members};

use crate::print_json;

#[derive(Subcommand)]
pub enum PhrasesCommand {
    /// 列出或查找话术（收藏和常用的排在前面）
    List {
        /// 分类，如 欢迎新人
        #[arg(long)]
        category: Option<String>,
        /// 标题或正文里的字词，或标题拼音首字母（如 hyxr）
        #[arg(long)]
        search: Option<String>,
        /// 标签
        #[arg(long)]
        tag: Option<String>,
        /// 只列收藏的
        #[arg(long)]
        favorites: bool,
        #[arg(long)]
        json: bool,
    },
    /// 填好一条话术的占位符并打印；有没填的占位符时列出来，退出码 1
    Fill {
        /// 话术编号（见 shequn scripts list）
        id: i64,
        /// 用这位会员的资料填 {昵称}{姓名}{等级}{积分}{距升级}{群名}
        #[arg(long, value_name = "PHONE")]
        member: Option<String>,
        /// 其余占位符，如 --set 优惠券=满100减20券（可重复）
        #[arg(long = "set", value_name = "KEY=VALUE")]
        sets: Vec<String>,
        #[arg(long)]
        json: bool,
    },
    /// 导入 .json 或 .xlsx：按“分类+标题”合并，报告新增、更新、跳过
    Import {
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// 导出整个话术库到 .json（完整，换店用）或 .xlsx（用 Excel 编辑）
    Export {
        #[arg(long, value_name = "FILE.json|FILE.xlsx")]
        out: PathBuf,
    },
    /// 测试关键词回复：这条顾客消息会触发哪条回复，为什么
    Reply {
        message: String,
        #[arg(long)]
        json: bool,
    },
    /// 找回删掉的默认话术（不动自己写的和改过的）
    RestoreDefaults {
        #[arg(long)]
        json: bool,
    },
}

pub fn run(store: &Store, command: &PhrasesCommand) -> Result<(), Error> {
    let today = Local::now().date_naive();
    match command {
        PhrasesCommand::List {
            category,
            search,
            tag,
            favorites,
            json,
        } => {
            let page = phrases::list(
                store,
                &PhraseQuery {
                    search: search.clone(),
                    category: category.clone(),
                    tag: tag.clone(),
                    favorites_only: *favorites,
                    offset: 0,
                    limit: Some(u32::MAX),
                },
            )?;
            if *json {
                print_json(&page.phrases);
            } else {
                for s in &page.phrases {
                    let star = if s.favorite { "★" } else { " " };
                    println!(
                        "{:>5} {star} [{}] {}（用过 {} 次）",
                        s.id, s.category, s.title, s.uses
                    );
                }
                println!("共 {} 条", page.total);
            }
        }
        PhrasesCommand::Fill {
            id,
            member,
            sets,
            json,
        } => {
            let member_id = match member {
                Some(phone) => Some(members::get_by_phone(store, phone, today)?.id),
                None => None,
            };
            let mut request = FillRequest {
                member_id,
                ..Default::default()
            };
            for set in sets {
                let Some((key, value)) = set.split_once('=') else {
                    return Err(phrases::invalid_set(set));
                };
                let key = key.trim().trim_start_matches('{').trim_end_matches('}');
                request.values.insert(key.to_owned(), value.to_owned());
            }
            let filled = phrases::fill(store, *id, &request, today)?;
            if !filled.unfilled.is_empty() {
                let hint: Vec<String> = filled
                    .unfilled
                    .iter()
                    .map(|n| format!("--set {n}=…"))
                    .collect();
                eprintln!("可以这样补上：{}", hint.join(" "));
                return Err(phrases::unfilled(&filled.unfilled));
            }
            if *json {
                print_json(&filled);
            } else {
                println!("{}", filled.text);
            }
        }
        PhrasesCommand::Import { file, json } => {
            // An import may update phrases the shop has edited: a 导入前 backup first.
            shequn_core::backup::before_step(
                store,
                shequn_core::backup::BackupKind::BeforeImport,
                Local::now(),
                &mut shequn_core::jobs::Job::unattended(),
            )?;
            crate::backup::update_second_place(store, false);
            let report = phrases::import(store, file, Local::now())?;
            if *json {
                print_json(&report);
            } else {
                println!(
                    "导入完成：新增 {} 条，更新 {} 条，跳过 {} 条（内容相同）",
                    report.added, report.updated, report.skipped
                );
                for change in &report.changes {
                    let action = match change.action {
                        phrases::ImportAction::Added => "新增",
                        phrases::ImportAction::Updated => "更新",
                        phrases::ImportAction::Skipped => continue,
                    };
                    println!("  {action} [{}] {}", change.category, change.title);
                }
            }
        }
        PhrasesCommand::Export { out } => {
            let (n_phrases, n_rules) = phrases::export(store, out)?;
            println!(
                "已导出 {n_phrases} 条话术、{n_rules} 条关键词回复到 {}",
                out.display()
            );
        }
        PhrasesCommand::Reply { message, json } => {
            let outcome = phrases::test_reply(store, message)?;
            if *json {
                print_json(&outcome);
            } else {
                match &outcome.fired {
                    Some(hit) => {
                        println!("会触发（规则 {}）：{}", hit.rule_id, hit.reply);
                        println!("原因：{}", hit.reason);
                    }
                    None => println!("没有关键词回复会触发"),
                }
                for other in &outcome.also_matched {
                    println!("另外：规则 {}，{}", other.rule_id, other.reason);
                }
            }
        }
        PhrasesCommand::RestoreDefaults { json } => {
            let report = phrases::restore_defaults(store, Local::now())?;
            if *json {
                print_json(&report);
            } else {
                println!(
                    "找回了 {} 条默认话术、{} 条关键词回复",
                    report.scripts, report.keyword_rules
                );
                for kept in &report.kept_own {
                    println!("  没有找回“{kept}”：你已经有同名的话术");
                }
            }
        }
    }
    Ok(())
}
