//! 报表: the figures that run a shop's groups, for a period and the period before it.
//! Each figure is computed by the feature that owns its tables (the member book's
//! in `members::stats`); this module picks the periods and puts the answer together
//! in the shape `shequn report summary --json` prints (a contract: extend, never
//! change a field's meaning).

use std::path::Path;

use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::members::stats::{
    self, Cohort, PeriodFigures, PointsFigures, ReferralFigures, StandingFigures, TierMoves,
};
use crate::store::Store;
use crate::training::TrainingFigures;

pub(crate) mod chart;
mod community;
mod definitions;
pub mod format;
pub(crate) mod pdf;
mod series;
mod workbook;
pub use community::{ChannelRow, Community, GroupRow};
pub use definitions::{DEFINITIONS, Definition, definitions};
pub use series::{Bucket, SeriesPoint};

/// A run of whole days, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Period {
    /// `YYYY-MM-DD`.
    #[ts(type = "string")]
    pub from: NaiveDate,
    #[ts(type = "string")]
    pub to: NaiveDate,
}

impl Period {
    /// The period from two `YYYY-MM-DD` texts; which field is wrong, otherwise.
    pub fn parse(from: &str, to: &str) -> Result<Period> {
        let day = |field: &str, text: &str| {
            NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| {
                Error::invalid(
                    field,
                    format!("日期“{text}”看不懂，请写成 2026-11-01 这样的格式"),
                )
            })
        };
        let (from, to) = (day("from", from)?, day("to", to)?);
        Period::new(from, to)
    }

    pub fn new(from: NaiveDate, to: NaiveDate) -> Result<Period> {
        if from > to {
            return Err(Error::invalid("to", "结束日期不能早于开始日期"));
        }
        Ok(Period { from, to })
    }

    pub fn days(&self) -> i64 {
        (self.to - self.from).num_days() + 1
    }

    /// The period of the same length that ends the day before this one begins.
    pub fn previous(&self) -> Period {
        let to = self.from - Duration::days(1);
        Period {
            from: to - Duration::days(self.days() - 1),
            to,
        }
    }
}

/// The headline figures of one period, with its dates.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Headline {
    /// `YYYY-MM-DD`.
    #[ts(type = "string")]
    pub from: NaiveDate,
    #[ts(type = "string")]
    pub to: NaiveDate,
    #[serde(flatten)]
    pub figures: PeriodFigures,
}

/// `shequn report summary --json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Summary {
    #[serde(flatten)]
    pub current: Headline,
    /// `tiers`, `dormant`, `woken`.
    #[serde(flatten)]
    pub standing: StandingFigures,
    pub points: PointsFigures,
    pub referral: ReferralFigures,
    pub tier_moves: TierMoves,
    pub retention_30d: Vec<Cohort>,
    /// How `series` cuts the period.
    pub bucket: Bucket,
    /// New members, leavers, members in all, orders and sales per bucket.
    pub series: Vec<SeriesPoint>,
    pub channels: Vec<ChannelRow>,
    pub groups: Vec<GroupRow>,
    /// The groups as they are today.
    pub community: Community,
    pub training: TrainingFigures,
    /// The headline figures for the period of the same length just before.
    pub previous: Headline,
}

/// The summary of `period`. `today` books the points that lapsed by then first (as
/// the member list does), so that `expired` and `outstanding` are true.
pub fn summary(store: &Store, period: Period, today: NaiveDate) -> Result<Summary> {
    crate::members::refresh::ensure_fresh(store, today)?;
    let conn = store.conn();
    let rules = crate::shop::rules_in(conn)?;
    let (from, to) = (period.from, period.to);
    let before = period.previous();
    let (groups, community) = community::groups(store, from, to, today)?;
    let book = stats::book(conn, from..=to, before.from..=before.to, &rules)?;
    let (bucket, series) = series::series(period, book.total_before, &book.days);
    let headline = |period: Period, figures| Headline {
        from: period.from,
        to: period.to,
        figures,
    };
    Ok(Summary {
        current: headline(period, book.current),
        standing: book.standing,
        points: stats::points(conn, from, to, rules.point_value_fen_per_100)?,
        referral: book.referral,
        tier_moves: stats::tier_moves(conn, from, to)?,
        retention_30d: book.retention_30d,
        bucket,
        series,
        channels: community::channels(store, from, to)?,
        groups,
        community,
        training: crate::training::period_figures(conn, from, to)?,
        previous: headline(before, book.previous),
    })
}

/// The name the save dialog offers: `经营报表-2026-11-01至2026-11-30.xlsx`.
pub fn file_name(period: Period, extension: &str) -> String {
    format!("经营报表-{}至{}.{extension}", period.from, period.to)
}

/// 导出 Excel: the summary of `period` as a workbook at `out` (written whole or not
/// at all); the summary it holds, so the caller can say what was written.
pub fn export_xlsx(store: &Store, period: Period, today: NaiveDate, out: &Path) -> Result<Summary> {
    let summary = summary(store, period, today)?;
    let shop = crate::shop::get(store)?;
    let bytes = workbook::xlsx(&summary, &shop.name)
        .map_err(|e| Error::internal("生成 Excel 报表时出错").with_source(e.to_string()))?;
    write_export(out, &bytes)?;
    Ok(summary)
}

/// 导出 PDF: the summary of `period` as an A4 report at `out`, written whole.
pub fn export_pdf(store: &Store, period: Period, today: NaiveDate, out: &Path) -> Result<Summary> {
    let summary = summary(store, period, today)?;
    let bytes = pdf::pdf(&summary, &crate::shop::brand(store)?);
    write_export(out, &bytes)?;
    Ok(summary)
}

fn write_export(out: &Path, bytes: &[u8]) -> Result<()> {
    crate::sheet::write_atomically(out, bytes).map_err(|e| {
        Error::io(format!(
            "无法写入 {}：请确认文件没有被别的程序打开、文件夹可以写入",
            out.display()
        ))
        .with_source(e)
    })
}
