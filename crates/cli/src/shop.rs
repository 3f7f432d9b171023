use std::path::PathBuf;

use clap::{Args, Subcommand};
use shequn_core::shop::{self, ShopProfile, ShopUpdate, yuan};
use shequn_core::{Error, Store};

#[derive(Subcommand)]
pub enum ShopCommand {
    /// 查看店铺资料
    Show {
        /// 以 JSON 输出（字段稳定，供脚本使用）
        #[arg(long)]
        json: bool,
    },
    /// 修改店铺资料（未给出的项保持不变）
    Set(Box<SetArgs>),
}

#[derive(Args)]
pub struct SetArgs {
    /// 店铺名称
    #[arg(long, value_name = "N")]
    name: String,
    /// 宣传语
    #[arg(long, value_name = "S")]
    slogan: Option<String>,
    /// 地址
    #[arg(long, value_name = "A")]
    address: Option<String>,
    /// 电话
    #[arg(long, value_name = "P")]
    phone: Option<String>,
    /// 默认进群/联系链接（http:// 或 https://）
    #[arg(long, value_name = "URL")]
    link: Option<String>,
    /// 标志图片（PNG、JPEG 或 WebP，不超过 10 MB）
    #[arg(long, value_name = "FILE")]
    logo: Option<PathBuf>,
    /// 主色，如 '#1F7A6D'
    #[arg(long, value_name = "#RRGGBB")]
    primary: Option<String>,
    /// 辅助色，如 '#F29F3D'
    #[arg(long, value_name = "#RRGGBB")]
    accent: Option<String>,
    /// 会员日：每月几号（1–31，小月没有的日子放在当月最后一天；0 表示不设会员日）
    #[arg(long, value_name = "DAY")]
    member_day: Option<u32>,
    /// 保存后以 JSON 输出
    #[arg(long)]
    json: bool,
}

pub fn run(store: &Store, command: &ShopCommand) -> Result<(), Error> {
    match command {
        ShopCommand::Show { json } => print(&shop::get(store)?, *json, store),
        ShopCommand::Set(args) => {
            let change = ShopUpdate {
                name: Some(args.name.clone()),
                slogan: args.slogan.clone(),
                address: args.address.clone(),
                phone: args.phone.clone(),
                link: args.link.clone(),
                primary: args.primary.clone(),
                accent: args.accent.clone(),
                rules: match args.member_day {
                    Some(day) => Some(shop::BusinessRules {
                        member_day: (day > 0).then_some(day),
                        ..shop::rules(store)?
                    }),
                    None => None,
                },
            };
            let profile = shop::update(store, &change, args.logo.as_deref(), chrono::Local::now())?;
            if !args.json {
                println!("已保存。");
            }
            print(&profile, args.json, store)
        }
    }
}

fn print(profile: &ShopProfile, json: bool, store: &Store) -> Result<(), Error> {
    if json {
        // Serialising plain strings and numbers cannot fail.
        println!("{}", crate::to_json(profile));
        return Ok(());
    }
    let or_dash = |s: &str| {
        if s.is_empty() {
            "—".to_owned()
        } else {
            s.to_owned()
        }
    };
    let t = &profile.rules.tiers;
    println!("店铺名称：{}", or_dash(&profile.name));
    println!("宣传语：{}", or_dash(&profile.slogan));
    println!("地址：{}", or_dash(&profile.address));
    println!("电话：{}", or_dash(&profile.phone));
    println!("默认链接：{}", or_dash(&profile.link));
    println!("标志图片：{}", profile.logo.as_deref().unwrap_or("未设置"));
    println!(
        "品牌色：主色 {}，辅助色 {}",
        profile.primary, profile.accent
    );
    println!(
        "会员等级门槛（近 12 个月消费）：铜牌 {} / 银牌 {} / 金牌 {} / 钻石 {}",
        yuan(t.bronze_fen),
        yuan(t.silver_fen),
        yuan(t.gold_fen),
        yuan(t.diamond_fen)
    );
    println!("沉睡会员：{} 天未消费", profile.rules.dormant_days);
    println!(
        "积分：每消费 1 元得 {} 分，每 100 分抵 {}",
        profile.rules.points_per_yuan,
        yuan(i64::from(profile.rules.point_value_fen_per_100))
    );
    match profile.rules.member_day {
        Some(day) => println!("会员日：每月 {day} 号（小月没有这天时放在最后一天）"),
        None => println!("会员日：未设置"),
    }
    println!("数据文件夹：{}", store.data_dir().display());
    Ok(())
}
