//! `shequn poster ...`: templates and rendering to PNG or PDF.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::Local;
use clap::{Subcommand, ValueEnum};
use serde_json::json;
use shequn_core::posters::{self, PosterContent, PosterError, PosterSize, QrSource, Theme};
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
    #[arg(long, value_name = "FILE")]
    photo: Option<PathBuf>,
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
    Error::Posters(PosterError::Invalid(vec![FieldError::new(field, message)]))
}

pub fn run(store: &Store, command: &PosterCommand) -> Result<(), Error> {
    match command {
        PosterCommand::Templates { json } => {
            let list = posters::templates();
            if *json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&list).unwrap_or_default()
                );
            } else {
                for t in list {
                    let fields: Vec<&str> = t.fields.iter().map(|f| f.key).collect();
                    println!("{:<12} {}  可填：{}", t.id, t.name, fields.join(", "));
                }
            }
            Ok(())
        }
        PosterCommand::Render(args) => render(store, args),
    }
}

fn render(store: &Store, a: &RenderArgs) -> Result<(), Error> {
    let now = Local::now();
    let today = now.date_naive();
    let t = posters::template(&a.template).ok_or_else(|| {
        let ids: Vec<&str> = posters::templates().iter().map(|t| t.id).collect();
        invalid(
            "template",
            format!("没有模板“{}”，可用的有：{}", a.template, ids.join("、")),
        )
    })?;
    // A new poster starts from the template's example words, as in the app.
    let mut fields: BTreeMap<String, String> = t
        .fields
        .iter()
        .map(|f| (f.key.to_owned(), f.example.to_owned()))
        .collect();
    for set in &a.sets {
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
        size: match a.size {
            SizeArg::Phone => PosterSize::Phone,
            SizeArg::Square => PosterSize::Square,
            SizeArg::A4 => PosterSize::A4,
            SizeArg::A5 => PosterSize::A5,
        },
        theme: a.theme.map(|th| match th {
            ThemeArg::SpringFestival => Theme::SpringFestival,
            ThemeArg::MidAutumn => Theme::MidAutumn,
            ThemeArg::NationalDay => Theme::NationalDay,
            ThemeArg::Neutral => Theme::Neutral,
        }),
        fields,
        qr,
    };
    let photo = a.photo.as_deref().map(posters::load_photo).transpose()?;
    let poster = posters::render(store, &content, photo, today, now)?;
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

fn extension(path: &Path) -> Option<String> {
    path.extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
}
