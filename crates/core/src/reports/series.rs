//! The period cut into days, weeks or months for the charts (会员增长, 销售): short
//! periods by day, a quarter or so by week, longer ones by month, every bucket
//! present even when nothing happened in it (a chart with gaps misleads).

use chrono::{Datelike, Days, Months, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::Period;
use crate::members::stats::DayCounts;

/// How the period is cut.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Bucket {
    Day,
    /// Monday to Sunday; the first and last weeks are cut to the period.
    Week,
    /// Calendar months, cut to the period likewise.
    Month,
}

/// Up to two months by day, up to about half a year by week.
const DAYS_BY_DAY: i64 = 62;
const DAYS_BY_WEEK: i64 = 190;

impl Bucket {
    pub fn for_period(period: Period) -> Bucket {
        match period.days() {
            d if d <= DAYS_BY_DAY => Bucket::Day,
            d if d <= DAYS_BY_WEEK => Bucket::Week,
            _ => Bucket::Month,
        }
    }

    /// The last day of the bucket that starts on `day`, within `to`.
    fn end_of(self, day: NaiveDate, to: NaiveDate) -> NaiveDate {
        let end = match self {
            Bucket::Day => day,
            Bucket::Week => day + Days::new(u64::from(6 - day.weekday().num_days_from_monday())),
            Bucket::Month => {
                let first = day.with_day(1).unwrap_or(day);
                first + Months::new(1) - Days::new(1)
            }
        };
        end.min(to)
    }

    /// `11-05` for a day or the week starting then, `2026-11` for a month.
    fn label(self, start: NaiveDate) -> String {
        match self {
            Bucket::Day | Bucket::Week => start.format("%m-%d").to_string(),
            Bucket::Month => start.format("%Y-%m").to_string(),
        }
    }
}

/// One bucket. `total`: members (not deleted) at its end.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SeriesPoint {
    #[ts(type = "string")]
    pub from: NaiveDate,
    #[ts(type = "string")]
    pub to: NaiveDate,
    pub label: String,
    #[ts(type = "number")]
    pub new_members: u64,
    #[ts(type = "number")]
    pub left: u64,
    #[ts(type = "number")]
    pub total: u64,
    #[ts(type = "number")]
    pub orders: u64,
    #[ts(type = "number")]
    pub sales_fen: i64,
}

/// The buckets of `period`, from the days that had anything (in date order).
pub fn series(period: Period, total_before: u64, days: &[DayCounts]) -> (Bucket, Vec<SeriesPoint>) {
    let bucket = Bucket::for_period(period);
    let mut points = Vec::new();
    let mut days = days.iter().peekable();
    let mut total = total_before;
    let mut start = period.from;
    while start <= period.to {
        let end = bucket.end_of(start, period.to);
        let mut point = SeriesPoint {
            from: start,
            to: end,
            label: bucket.label(start),
            new_members: 0,
            left: 0,
            total: 0,
            orders: 0,
            sales_fen: 0,
        };
        while let Some(d) = days.next_if(|d| d.day <= end) {
            if d.day < start {
                continue;
            }
            point.new_members += d.new_members;
            point.left += d.left;
            point.orders += d.orders;
            point.sales_fen += d.sales_fen;
        }
        total += point.new_members;
        point.total = total;
        points.push(point);
        start = end + Days::new(1);
    }
    (bucket, points)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap_or_default()
    }

    fn counts(on: &str, new_members: u64, sales_fen: i64) -> DayCounts {
        DayCounts {
            day: day(on),
            new_members,
            left: 0,
            orders: u64::from(sales_fen > 0),
            sales_fen,
        }
    }

    #[test]
    fn buckets_cover_the_period_cut_at_its_ends() {
        let p = |from: &str, to: &str| {
            Period::new(day(from), day(to)).unwrap_or(Period {
                from: day(from),
                to: day(from),
            })
        };
        // A month: by day, 30 points, running total from 10 before.
        let (b, s) = series(
            p("2026-11-01", "2026-11-30"),
            10,
            &[counts("2026-11-02", 2, 500), counts("2026-11-30", 1, 0)],
        );
        assert_eq!((b, s.len()), (Bucket::Day, 30));
        assert_eq!(
            (s[1].label.as_str(), s[1].total, s[1].sales_fen),
            ("11-02", 12, 500)
        );
        assert_eq!((s[29].new_members, s[29].total), (1, 13));
        // 90 days from a Wednesday: weeks, the first Wed–Sun, the last cut at the end.
        let (b, s) = series(
            p("2026-08-26", "2026-11-23"),
            0,
            &[counts("2026-08-30", 1, 100), counts("2026-08-31", 1, 100)],
        );
        assert_eq!(b, Bucket::Week);
        assert_eq!(
            (s[0].from, s[0].to, s[0].new_members),
            (day("2026-08-26"), day("2026-08-30"), 1)
        );
        assert_eq!(
            (s[1].from, s[1].label.as_str(), s[1].new_members),
            (day("2026-08-31"), "08-31", 1)
        );
        let last = &s[s.len() - 1];
        assert_eq!((last.from, last.to), (day("2026-11-23"), day("2026-11-23")));
        // A year from mid-January: months, February of a leap year whole.
        let (b, s) = series(p("2024-01-15", "2024-12-31"), 0, &[]);
        assert_eq!((b, s.len()), (Bucket::Month, 12));
        assert_eq!(
            (s[0].from, s[0].to, s[0].label.as_str()),
            (day("2024-01-15"), day("2024-01-31"), "2024-01")
        );
        assert_eq!(s[1].to, day("2024-02-29"));
    }
}
