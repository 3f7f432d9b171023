//! `shequn poster ...`: templates and rendering to PNG or PDF.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::Local;
use clap::{Subcommand, ValueEnum};
use serde_json::json;
use shequn_core::jobs::{CancelToken, Job};
use shequn_core::posters::{self, PosterContent, PosterSize, QrSource, Theme};
use shequn_core::{Error, FieldError, Store};

#[derive(Subcommand)]
pub enum PosterCommand {
    /// 列出海报模板
    Templates {
        #[arg(long)]
        json: bool,
    },
    /// 按模板生成一张海报（PNG 发微信，PDF 打印）
    Render(RenderArgs),
    /// 给某个等级及以上的会员每人生成一张老带新海报（印各自的邀请码）
    Batch(BatchArgs),
}

#[derive(clap::Args)]
pub struct BatchArgs {
    /// 模板编号（通常是 referral）
    #[arg(long)]
    template: String,
    /// 这个等级及以上的会员：bronze|silver|gold|diamond（或 铜牌/银牌/金牌/钻石）
    #[arg(long)]
    tier: String,
    /// 填写内容，如 --set perk=你进群，我们各得 100 积分（可重复）
    #[arg(long = "set", value_name = "KEY=VALUE")]
    sets: Vec<String>,
    #[arg(long, value_enum, default_value = "phone")]
    size: SizeArg,
    /// 文件夹（每人一张 PNG）或 .pdf 文件（每人一页）
    #[arg(long, value_name = "DIR|FILE.pdf")]
    out: PathBuf,
    /// 确认使用网络素材
    #[arg(long)]
    allow_web_image: bool,
    /// 老带新渠道的群二维码已过期也照做
    #[arg(long)]
    allow_expired_qr: bool,
    #[arg(long)]
    json: bool,
}

#[derive(Subcommand)]
pub enum AssetsCommand {
    /// 把一张图片放进素材库，写明来源和授权
    Add(AssetAddArgs),
    /// 列出素材库里的图片
    List {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Clone, Copy, ValueEnum)]
pub enum LicenceArg {
    /// 自有（店里拍的、员工做的）
    Own,
    /// 已购授权（写明从哪里买的）
    Licensed,
    /// 用户授权（写明顾客姓名和同意日期）
    Consent,
    /// 网络素材（只能内部参考）
    Web,
}

#[derive(clap::Args)]
pub struct AssetAddArgs {
    file: PathBuf,
    #[arg(long, value_enum)]
    licence: LicenceArg,
    /// 来源：图库名称、订单号或网页地址
    #[arg(long, value_name = "S")]
    source: Option<String>,
    /// 用户授权：顾客姓名
    #[arg(long, value_name = "NAME")]
    consent_name: Option<String>,
    /// 用户授权：同意日期 YYYY-MM-DD
    #[arg(long, value_name = "DATE")]
    consent_date: Option<String>,
    #[arg(long)]
    json: bool,
}

pub fn run_assets(store: &Store, command: &AssetsCommand) -> Result<(), Error> {
    match command {
        AssetsCommand::Add(a) => {
            let now = Local::now();
            let new = posters::NewAsset {
                licence: match a.licence {
                    LicenceArg::Own => posters::Licence::Own,
                    LicenceArg::Licensed => posters::Licence::Licensed,
                    LicenceArg::Consent => posters::Licence::Consent,
                    LicenceArg::Web => posters::Licence::Web,
                },
                source: a.source.clone(),
                consent_name: a.consent_name.clone(),
                consent_on: a.consent_date.clone(),
            };
            let asset = posters::add_asset(store, &a.file, &new, now.date_naive(), now)?;
            if a.json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&json!({ "id": asset.id })).unwrap_or_default()
                );
            } else {
                println!(
                    "已放进素材库（编号 {}，{}）：{}",
                    asset.id,
                    asset.licence.label(),
                    asset.original_name
                );
            }
        }
        AssetsCommand::List { json } => {
            let list = posters::assets(store)?;
            if *json {
                println!("{}", crate::to_json(&list));
            } else {
                for a in list {
                    println!(
                        "{:>4}  {}  {}×{}  {}{}",
                        a.id,
                        a.original_name,
                        a.width,
                        a.height,
                        a.licence.label(),
                        if a.source.is_empty() {
                            String::new()
                        } else {
                            format!("（{}）", a.source)
                        }
                    );
                }
            }
        }
    }
    Ok(())
}

#[derive(Clone, Copy, ValueEnum)]
pub enum SizeArg {
    Phone,
    Square,
    A4,
    A5,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum ThemeArg {
    SpringFestival,
    MidAutumn,
    NationalDay,
    Neutral,
}

#[derive(clap::Args)]
pub struct RenderArgs {
    /// 模板编号（见 shequn poster templates）
    #[arg(long)]
    template: String,
    /// 填写内容，如 --set headline=进群有礼（可重复；未填的项用模板示例）
    #[arg(long = "set", value_name = "KEY=VALUE")]
    sets: Vec<String>,
    /// 商品或场景图片
    #[arg(long, value_name = "FILE", conflicts_with = "asset")]
    photo: Option<PathBuf>,
    /// 用素材库里的图片（编号见 shequn assets list）
    #[arg(long, value_name = "ID")]
    asset: Option<i64>,
    /// 确认使用网络素材（网上找的图片只能内部参考，发布可能侵权）
    #[arg(long)]
    allow_web_image: bool,
    /// 群二维码已过期也照做（扫了进不了群）
    #[arg(long)]
    allow_expired_qr: bool,
    /// 二维码指向的链接
    #[arg(long, value_name = "URL", conflicts_with_all = ["channel", "group", "member"])]
    qr_link: Option<String>,
    /// 二维码用这个邀请渠道的链接
    #[arg(long, value_name = "ID", conflicts_with_all = ["group", "member"])]
    channel: Option<i64>,
    /// 二维码用这个群的进群链接
    #[arg(long, value_name = "ID", conflicts_with = "member")]
    group: Option<i64>,
    /// 老带新海报：这位会员（手机号）自己的邀请码
    #[arg(long, value_name = "PHONE")]
    member: Option<String>,
    /// 节日配色（节日模板）
    #[arg(long, value_enum)]
    theme: Option<ThemeArg>,
    #[arg(long, value_enum)]
    size: SizeArg,
    /// 输出文件：.png 或 .pdf
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
    #[arg(long)]
    json: bool,
}

fn invalid(field: &str, message: impl Into<String>) -> Error {
    Error::invalid_fields(vec![FieldError::new(field, message)])
}

pub fn run(store: &Store, command: &PosterCommand) -> Result<(), Error> {
    match command {
        PosterCommand::Templates { json } => {
            let list = posters::templates();
            if *json {
                println!("{}", crate::to_json(&list));
            } else {
                for t in list {
                    let fields: Vec<&str> = t.fields.iter().map(|f| f.key).collect();
                    println!("{:<12} {}  可填：{}", t.id, t.name, fields.join(", "));
                }
            }
            Ok(())
        }
        PosterCommand::Render(args) => render(store, args),
        PosterCommand::Batch(args) => batch(store, args),
    }
}

fn render(store: &Store, a: &RenderArgs) -> Result<(), Error> {
    let now = Local::now();
    let today = now.date_naive();
    let (t, fields) = template_and_fields(&a.template, &a.sets)?;
    let qr = if let Some(url) = &a.qr_link {
        Some(QrSource::Link { url: url.clone() })
    } else if let Some(id) = a.channel {
        Some(QrSource::Channel { id })
    } else if let Some(id) = a.group {
        Some(QrSource::Group { id })
    } else if let Some(phone) = &a.member {
        let m = shequn_core::members::get_by_phone(store, phone, today)?;
        Some(QrSource::Member { id: m.id })
    } else {
        None
    };
    let content = PosterContent {
        template: t.id.to_owned(),
        size: size(a.size),
        theme: a.theme.map(|th| match th {
            ThemeArg::SpringFestival => Theme::SpringFestival,
            ThemeArg::MidAutumn => Theme::MidAutumn,
            ThemeArg::NationalDay => Theme::NationalDay,
            ThemeArg::Neutral => Theme::Neutral,
        }),
        fields,
        qr,
        photo_asset: a.asset,
    };
    let photo = a.photo.as_deref().map(posters::load_photo).transpose()?;
    let poster = posters::render(store, &content, photo, today, now)?;
    poster.check_publishable(a.allow_web_image, a.allow_expired_qr)?;
    let bytes = match extension(&a.out).as_deref() {
        Some("png") => posters::to_png(&poster),
        Some("pdf") => posters::to_pdf(&poster, t.name),
        _ => {
            return Err(invalid(
                "out",
                "输出文件应以 .png（发微信）或 .pdf（打印）结尾",
            ));
        }
    };
    std::fs::write(&a.out, bytes)
        .map_err(|e| invalid("out", format!("写不进文件 {}：{e}", a.out.display())))?;
    for w in &poster.warnings {
        eprintln!("提醒：{w}");
    }
    if a.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&json!({
                "out": a.out,
                "template": t.id,
                "size": content.size,
                "qr_link": poster.qr_link,
                "code": poster.code,
                "warnings": poster.warnings,
            }))
            .unwrap_or_default()
        );
    } else {
        println!("已生成海报“{}”：{}", t.name, a.out.display());
    }
    Ok(())
}

/// The template and its words: the template's examples, then each `--set key=value`.
fn template_and_fields(
    id: &str,
    sets: &[String],
) -> Result<(posters::TemplateInfo, BTreeMap<String, String>), Error> {
    let t = posters::template(id).ok_or_else(|| {
        let ids: Vec<&str> = posters::templates().iter().map(|t| t.id).collect();
        invalid(
            "template",
            format!("没有模板“{}”，可用的有：{}", id, ids.join("、")),
        )
    })?;
    // A new poster starts from the template's example words, as in the app.
    let mut fields: BTreeMap<String, String> = t
        .fields
        .iter()
        .map(|f| (f.key.to_owned(), f.example.to_owned()))
        .collect();
    for set in sets {
        let Some((key, value)) = set.split_once('=') else {
            return Err(invalid(
                "set",
                format!("“{set}”应写成 名称=内容，例如 headline=进群有礼"),
            ));
        };
        if !t.fields.iter().any(|f| f.key == key) {
            let keys: Vec<&str> = t.fields.iter().map(|f| f.key).collect();
            return Err(invalid(
                "set",
                format!(
                    "模板“{}”没有“{key}”这一项，可填：{}",
                    t.name,
                    keys.join("、")
                ),
            ));
        }
        fields.insert(key.to_owned(), value.replace("\\n", "\n"));
    }
    Ok((t, fields))
}

fn size(arg: SizeArg) -> PosterSize {
    match arg {
        SizeArg::Phone => PosterSize::Phone,
        SizeArg::Square => PosterSize::Square,
        SizeArg::A4 => PosterSize::A4,
        SizeArg::A5 => PosterSize::A5,
    }
}

fn batch(store: &Store, a: &BatchArgs) -> Result<(), Error> {
    let now = Local::now();
    let (t, fields) = template_and_fields(&a.template, &a.sets)?;
    let tier = shequn_core::members::Tier::parse(&a.tier).ok_or_else(|| {
        invalid(
            "tier",
            format!("等级“{}”不认识，可用 bronze、silver、gold、diamond", a.tier),
        )
    })?;
    let out = if extension(&a.out).as_deref() == Some("pdf") {
        posters::BatchOutput::Pdf(a.out.clone())
    } else {
        posters::BatchOutput::Folder(a.out.clone())
    };
    let content = PosterContent {
        template: t.id.to_owned(),
        size: size(a.size),
        theme: None,
        fields,
        qr: None,
        photo_asset: None,
    };
    let members = posters::plan_batch(
        store,
        &content,
        tier,
        a.allow_web_image,
        a.allow_expired_qr,
        now.date_naive(),
        now,
    )?
    .members;
    let json = a.json;
    let mut job = Job::new(CancelToken::new(), move |p| {
        if !json {
            eprint!("\r{} {}/{}", p.label, p.done, p.total);
        }
    });
    let report = posters::batch_referral(
        store,
        &content,
        &members,
        &out,
        &mut job,
        now.date_naive(),
        now,
    )?;
    if a.json {
        println!("{}", crate::to_json(&report));
    } else {
        eprintln!();
        println!("已生成 {} 张老带新海报：{}", report.made, report.out);
        for s in &report.skipped {
            println!("未生成：{}（{}）", s.member, s.reason);
        }
    }
    Ok(())
}

fn extension(path: &Path) -> Option<String> {
    path.extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
}
