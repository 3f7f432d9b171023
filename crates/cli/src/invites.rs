//! `shequn groups …`, `shequn qr decode`, `shequn invites …`, `shequn print`.

use std::path::{Path, PathBuf};

use crate::print_json;
use chrono::Local;
use clap::{Args, Subcommand, ValueEnum};
use serde_json::json;
use shequn_core::invites::print::{self, Layout};
use shequn_core::invites::{self, ChannelKind, NewChannel, NewGroup};
use shequn_core::{Error, Store};

#[derive(Subcommand)]
pub enum GroupsCommand {
    /// 登记一个群（链接，或群二维码截图）
    Add(GroupAddArgs),
    /// 列出所有群
    List {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Args)]
pub struct GroupAddArgs {
    /// 群名，例如“店名+用途+编号”
    #[arg(long)]
    name: String,
    /// 群类型：活动群、服务群、销售群、核心群，或自定义
    #[arg(long = "type")]
    kind: String,
    /// 入群链接
    #[arg(long, conflicts_with = "qr_image")]
    link: Option<String>,
    /// 群二维码截图（自动识别链接）
    #[arg(long, value_name = "FILE")]
    qr_image: Option<PathBuf>,
    /// 二维码生成日期 YYYY-MM-DD（微信群二维码 7 天后失效）
    #[arg(long, value_name = "YYYY-MM-DD")]
    qr_made: Option<String>,
    /// 群容量（默认 500）
    #[arg(long)]
    capacity: Option<u32>,
    /// 当前人数
    #[arg(long)]
    size: Option<u32>,
    #[arg(long)]
    json: bool,
}

#[derive(Subcommand)]
pub enum QrCommand {
    /// 识别图片里的二维码，打印其内容
    Decode {
        /// 图片（PNG、JPG、WebP）
        file: PathBuf,
    },
}

#[derive(Subcommand)]
pub enum InvitesCommand {
    /// 邀请渠道
    Channel {
        #[command(subcommand)]
        command: ChannelCommand,
    },
    /// 为渠道生成一次性邀请码
    Codes {
        #[arg(long)]
        channel: i64,
        #[arg(long)]
        count: u32,
        #[arg(long)]
        json: bool,
    },
    /// 把渠道的邀请码排版成 PDF（先用未打印的码，不够再生成新码）
    Print {
        #[arg(long)]
        channel: i64,
        #[arg(long, value_enum)]
        layout: LayoutArg,
        /// 张数（默认一页的量）
        #[arg(long)]
        count: Option<u32>,
        #[arg(long, value_name = "FILE.pdf")]
        out: PathBuf,
        /// 群二维码已过期也照印
        #[arg(long)]
        allow_expired_qr: bool,
    },
    /// 生成一张邀请卡图片（发微信用）；用 --member 生成某位会员专属的老带新邀请卡
    CardPng {
        #[arg(long, required_unless_present = "member", conflicts_with = "member")]
        channel: Option<i64>,
        /// 会员手机号：卡上印这位会员自己的推荐码
        #[arg(long, value_name = "PHONE")]
        member: Option<String>,
        #[arg(long, value_name = "FILE.png")]
        out: PathBuf,
        /// 群二维码已过期也照做
        #[arg(long)]
        allow_expired_qr: bool,
    },
    /// 在收银台核销邀请码
    Redeem {
        code: String,
        #[arg(long)]
        phone: String,
        /// 新会员的姓名
        #[arg(long)]
        name: Option<String>,
        /// 收银员（记入核销记录）
        #[arg(long)]
        staff: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// 核销记录：哪天、哪个渠道、谁领了什么礼物
    Redemptions {
        /// 开始日期 YYYY-MM-DD（含）
        #[arg(long, value_name = "YYYY-MM-DD")]
        from: Option<String>,
        /// 结束日期 YYYY-MM-DD（含）
        #[arg(long, value_name = "YYYY-MM-DD")]
        to: Option<String>,
        /// 渠道编号
        #[arg(long, value_name = "ID")]
        channel: Option<i64>,
        /// 显示完整手机号（默认打码）
        #[arg(long)]
        unmask: bool,
        /// 导出为 .xlsx 或 .csv
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
pub enum ChannelCommand {
    /// 新建邀请渠道
    Add {
        #[arg(long)]
        name: String,
        #[arg(long, value_enum)]
        kind: KindArg,
        /// 目标链接：群链接或员工/企业微信联系链接
        #[arg(long)]
        link: Option<String>,
        /// 使用某个群的链接（及其二维码有效期）
        #[arg(long)]
        group: Option<i64>,
        /// 进群礼
        #[arg(long)]
        gift: Option<String>,
        /// 合作商家名称
        #[arg(long)]
        partner: Option<String>,
        /// 卡片标题
        #[arg(long)]
        headline: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// 列出渠道
    List {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Clone, Copy, ValueEnum)]
pub enum KindArg {
    Counter,
    Receipt,
    Bag,
    Partner,
    Referral,
    Online,
}

impl KindArg {
    fn kind(self) -> ChannelKind {
        match self {
            KindArg::Counter => ChannelKind::Counter,
            KindArg::Receipt => ChannelKind::Receipt,
            KindArg::Bag => ChannelKind::Bag,
            KindArg::Partner => ChannelKind::Partner,
            KindArg::Referral => ChannelKind::Referral,
            KindArg::Online => ChannelKind::Online,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
pub enum LayoutArg {
    #[value(name = "a4-8")]
    A4_8,
    #[value(name = "a4-10")]
    A4_10,
    #[value(name = "tent-a6")]
    TentA6,
    #[value(name = "tent-a5")]
    TentA5,
    #[value(name = "labels-3x8")]
    Labels3x8,
    #[value(name = "labels-2x5")]
    Labels2x5,
    #[value(name = "receipt-58")]
    Receipt58,
    #[value(name = "receipt-80")]
    Receipt80,
}

impl LayoutArg {
    fn layout(self) -> Layout {
        match self {
            LayoutArg::A4_8 => Layout::A4_8,
            LayoutArg::A4_10 => Layout::A4_10,
            LayoutArg::TentA6 => Layout::TentA6,
            LayoutArg::TentA5 => Layout::TentA5,
            LayoutArg::Labels3x8 => Layout::Labels3x8,
            LayoutArg::Labels2x5 => Layout::Labels2x5,
            LayoutArg::Receipt58 => Layout::Receipt58,
            LayoutArg::Receipt80 => Layout::Receipt80,
        }
    }
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    std::fs::write(path, bytes)
        .map_err(|e| Error::invalid("out", format!("写不进文件 {}：{e}", path.display())))
}

pub fn run_groups(store: &Store, command: &GroupsCommand) -> Result<(), Error> {
    let now = Local::now();
    let today = now.date_naive();
    match command {
        GroupsCommand::Add(a) => {
            let g = invites::add_group(
                store,
                &NewGroup {
                    name: a.name.clone(),
                    kind: a.kind.clone(),
                    link: a.link.clone(),
                    qr_image: a
                        .qr_image
                        .as_ref()
                        .map(|p| p.to_string_lossy().into_owned()),
                    qr_made_on: a.qr_made.clone(),
                    capacity: a.capacity,
                    size: a.size,
                    ..Default::default()
                },
                today,
                now,
            )?;
            if a.json {
                print_json(&json!({ "id": g.id, "link": g.link }));
            } else {
                println!("已登记群“{}”（编号 {}）：{}", g.name, g.id, g.link);
                if let Some(w) = g.qr.warning() {
                    println!("提醒：{w}");
                }
            }
        }
        GroupsCommand::List { json } => {
            let groups = invites::groups(store, today)?;
            if *json {
                print_json(&groups);
            } else {
                for g in groups {
                    let warn =
                        g.qr.warning()
                            .map(|w| format!("  ⚠ {w}"))
                            .unwrap_or_default();
                    println!(
                        "{:>4}  {}  {}  {}/{} 人（还剩 {} 个名额）{warn}",
                        g.id, g.name, g.kind, g.size, g.capacity, g.seats_left
                    );
                }
            }
        }
    }
    Ok(())
}

pub fn run_qr(command: &QrCommand) -> Result<(), Error> {
    match command {
        QrCommand::Decode { file } => {
            let text = shequn_core::render::decode_qr_file(file)
                .map_err(|e| Error::invalid("file", e.to_string()))?;
            println!("{text}");
        }
    }
    Ok(())
}

pub fn run_invites(store: &Store, command: &InvitesCommand) -> Result<(), Error> {
    let now = Local::now();
    let today = now.date_naive();
    match command {
        InvitesCommand::Channel { command } => match command {
            ChannelCommand::Add {
                name,
                kind,
                link,
                group,
                gift,
                partner,
                headline,
                json,
            } => {
                let ch = invites::add_channel(
                    store,
                    &NewChannel {
                        name: name.clone(),
                        kind: Some(kind.kind()),
                        link: link.clone(),
                        group_id: *group,
                        gift: gift.clone(),
                        partner: partner.clone(),
                        headline: headline.clone(),
                        valid_until: None,
                    },
                    today,
                    now,
                )?;
                if *json {
                    print_json(&json!({ "id": ch.id }));
                } else {
                    println!("已新建渠道“{}”（编号 {}）", ch.name, ch.id);
                }
            }
            ChannelCommand::List { json } => {
                let list = invites::channels(store, today)?;
                if *json {
                    print_json(&list);
                } else {
                    for c in list {
                        println!(
                            "{:>4}  {}  {}  码 {} 个（未打印 {}，已核销 {}）{}",
                            c.id,
                            c.name,
                            c.kind.label(),
                            c.codes,
                            c.unprinted,
                            c.redeemed,
                            if c.active { "" } else { "  已暂停" }
                        );
                    }
                }
            }
        },
        InvitesCommand::Codes {
            channel,
            count,
            json,
        } => {
            let codes = invites::generate_codes(store, *channel, *count, today, now)?;
            if *json {
                print_json(&codes);
            } else {
                for c in codes {
                    println!("{}", c.code);
                }
            }
        }
        InvitesCommand::Print {
            channel,
            layout,
            count,
            out,
            allow_expired_qr,
        } => {
            let layout = layout.layout();
            let count = count.unwrap_or(layout.per_page() as u32);
            let (pdf, run) = print::print_codes(
                store,
                *channel,
                layout,
                count,
                *allow_expired_qr,
                today,
                now,
            )?;
            write_file(out, &pdf)?;
            print::confirm_printed(store, &run, now)?;
            for w in &run.warnings {
                eprintln!("提醒：{w}");
            }
            println!(
                "已排版 {} 个邀请码，共 {} 页：{}",
                run.codes.len(),
                run.pages,
                out.display()
            );
        }
        InvitesCommand::CardPng {
            channel,
            member,
            out,
            allow_expired_qr,
        } => {
            // clap makes sure exactly one of the two is given.
            let (png, run) = match member {
                Some(phone) => {
                    let m = shequn_core::members::get_by_phone(store, phone, today)?;
                    print::referral_card_png(store, m.id, *allow_expired_qr, today, now)?
                }
                None => print::card_png(
                    store,
                    channel.unwrap_or_default(),
                    *allow_expired_qr,
                    today,
                    now,
                )?,
            };
            write_file(out, &png)?;
            print::confirm_printed(store, &run, now)?;
            for w in &run.warnings {
                eprintln!("提醒：{w}");
            }
            println!(
                "已生成邀请卡图片（兑换码 {}）：{}",
                run.codes[0],
                out.display()
            );
        }
        InvitesCommand::Redeem {
            code,
            phone,
            name,
            staff,
            json,
        } => {
            let r = invites::redeem(
                store,
                code,
                phone,
                name.as_deref(),
                staff.as_deref(),
                today,
                now,
            )?;
            if *json {
                print_json(&r);
            } else {
                println!(
                    "核销成功：{}（{}）{}，来源“{}”",
                    r.member_name,
                    r.member_phone,
                    if r.new_member {
                        "已新建会员"
                    } else if r.returned {
                        "老会员回来了，已恢复为在册"
                    } else {
                        "是老会员"
                    },
                    r.channel
                );
                if !r.gift.is_empty() {
                    println!("请送出：{}", r.gift);
                }
                if let (Some(name), true) = (&r.referrer_name, r.referrer_points > 0) {
                    println!("推荐人 {name} 获得 {} 积分", r.referrer_points);
                }
            }
        }
        InvitesCommand::Redemptions {
            from,
            to,
            channel,
            unmask,
            out,
            json,
        } => {
            let query = invites::RedemptionQuery {
                from: from.clone(),
                to: to.clone(),
                channel_id: *channel,
                unmask: *unmask,
            };
            if let Some(out) = out {
                let n = invites::export_redemptions(store, &query, out)?;
                println!("已导出 {n} 条核销记录：{}", out.display());
                return Ok(());
            }
            let rows = invites::redemptions(store, &query)?;
            if *json {
                print_json(&rows);
            } else if rows.is_empty() {
                println!("没有核销记录");
            } else {
                for r in &rows {
                    let when = r.redeemed_at.get(..16).unwrap_or(&r.redeemed_at);
                    println!(
                        "{}  {}  {}  {}（{}）{}{}",
                        when.replace('T', " "),
                        r.code,
                        r.channel,
                        r.member_name,
                        r.member_phone,
                        if r.gift.is_empty() {
                            String::new()
                        } else {
                            format!("  礼物：{}", r.gift)
                        },
                        if r.staff.is_empty() {
                            String::new()
                        } else {
                            format!("  收银：{}", r.staff)
                        },
                    );
                }
            }
        }
    }
    Ok(())
}
