//! The days a shop plans around: festivals and shopping days on fixed solar dates,
//! those that move (母亲节, 父亲节), the lunar festivals, and the statutory holidays
//! as published (tyme4rs carries the State Council's schedules; where they end, the
//! owner adds days, see `calendar::days`).

use std::collections::BTreeMap;
use std::sync::OnceLock;

use chrono::{Datelike, Days, NaiveDate, Weekday};

use super::lunar;

/// A festival on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Festival {
    pub date: NaiveDate,
    pub name: &'static str,
    /// Worth a campaign: 提前准备 reminds the owner 30, 14 and 7 days before.
    pub plan: bool,
}

/// Fixed solar dates: month, day, name, worth a campaign.
const SOLAR: &[(u32, u32, &str, bool)] = &[
    (1, 1, "元旦", true),
    (2, 14, "情人节", true),
    (3, 8, "妇女节·女王节", true),
    (5, 1, "劳动节", true),
    (5, 20, "520", true),
    (6, 1, "儿童节", true),
    (6, 18, "618", true),
    (9, 10, "教师节", false),
    (10, 1, "国庆节", true),
    (11, 11, "双11", true),
    (12, 12, "双12", true),
    (12, 24, "平安夜", false),
    (12, 25, "圣诞节", true),
];

/// Lunar dates: month, day, name, worth a campaign.
const LUNAR: &[(u32, u32, &str, bool)] = &[
    (1, 1, "春节", true),
    (1, 15, "元宵节", true),
    (5, 5, "端午节", true),
    (7, 7, "七夕", true),
    (8, 15, "中秋节", true),
    (9, 9, "重阳节", false),
    (12, 8, "腊八", false),
];

/// The `n`-th `weekday` of a month (母亲节: the second Sunday of May).
fn nth_weekday(year: i32, month: u32, weekday: Weekday, n: u8) -> Option<NaiveDate> {
    NaiveDate::from_weekday_of_month_opt(year, month, weekday, n)
}

/// Every festival of solar year `year`, in date order.
pub fn festivals(year: i32) -> Vec<Festival> {
    if !lunar::YEARS.contains(&year) {
        return Vec::new();
    }
    let mut list: Vec<Festival> = SOLAR
        .iter()
        .filter_map(|&(m, d, name, plan)| {
            Some(Festival {
                date: NaiveDate::from_ymd_opt(year, m, d)?,
                name,
                plan,
            })
        })
        .collect();
    let moving = [
        (nth_weekday(year, 5, Weekday::Sun, 2), "母亲节"),
        (nth_weekday(year, 6, Weekday::Sun, 3), "父亲节"),
    ];
    list.extend(moving.into_iter().filter_map(|(date, name)| {
        Some(Festival {
            date: date?,
            name,
            plan: true,
        })
    }));
    // A lunar festival of solar year `year` belongs to the lunar year of the same
    // number, except 腊八 and 除夕, which can fall in January (the lunar year before).
    for lunar_year in [year - 1, year] {
        list.extend(LUNAR.iter().filter_map(|&(m, d, name, plan)| {
            let date = lunar::to_solar(lunar_year, m, d)?;
            (date.year() == year).then_some(Festival { date, name, plan })
        }));
        if let Some(date) = lunar::new_years_eve(lunar_year).filter(|d| d.year() == year) {
            list.push(Festival {
                date,
                name: "除夕",
                plan: false,
            });
        }
    }
    // 清明 is a solar term and a festival.
    if let Some(&(date, _)) = lunar::solar_terms(year).iter().find(|(_, n)| *n == "清明") {
        list.push(Festival {
            date,
            name: "清明节",
            plan: false,
        });
    }
    list.sort_by_key(|f| (f.date, f.name));
    list
}

/// A day of a published statutory holiday schedule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HolidayDay {
    pub date: NaiveDate,
    /// 元旦, 春节, 国庆中秋…
    pub holiday: &'static str,
    /// A working weekend day (调休上班) rather than a day off.
    pub work: bool,
}

/// tyme4rs's holiday table, read once: 13 characters a day — `YYYYMMDD`, `0` for a
/// working day or `1` for a day off, the holiday's index, and the offset to its
/// main day (not needed here).
fn published() -> &'static BTreeMap<NaiveDate, HolidayDay> {
    static TABLE: OnceLock<BTreeMap<NaiveDate, HolidayDay>> = OnceLock::new();
    TABLE.get_or_init(|| {
        use tyme4rs::tyme::holiday::{LEGAL_HOLIDAY_DATA, LEGAL_HOLIDAY_NAMES};
        LEGAL_HOLIDAY_DATA
            .as_bytes()
            .chunks_exact(13)
            .filter_map(|r| {
                let text = std::str::from_utf8(r).ok()?;
                let date = NaiveDate::parse_from_str(&text[..8], "%Y%m%d").ok()?;
                let index = usize::from(r[9].checked_sub(b'0')?);
                Some((
                    date,
                    HolidayDay {
                        date,
                        holiday: LEGAL_HOLIDAY_NAMES.get(index)?,
                        work: r[8] == b'0',
                    },
                ))
            })
            .collect()
    })
}

/// The published days off and working days in `from..=to`.
pub fn holidays(from: NaiveDate, to: NaiveDate) -> Vec<HolidayDay> {
    published().range(from..=to).map(|(_, d)| *d).collect()
}

/// The last year whose statutory schedule the app knows; the owner adds later ones.
pub fn holidays_known_until() -> i32 {
    published().keys().next_back().map_or(0, |d| d.year())
}

/// The member day of each month in `from..=to`: day `day` of the month, or the
/// month's last day when it has fewer (the 31st of a 30-day month is the 30th).
pub fn member_days(day: u32, from: NaiveDate, to: NaiveDate) -> Vec<NaiveDate> {
    let mut list = Vec::new();
    let mut month = NaiveDate::from_ymd_opt(from.year(), from.month(), 1);
    while let Some(first) = month.filter(|m| *m <= to) {
        let next = first.checked_add_months(chrono::Months::new(1));
        let last = next.and_then(|n| n.pred_opt()).unwrap_or(first);
        let date = first
            .checked_add_days(Days::new(u64::from(day.max(1) - 1)))
            .filter(|d| *d <= last)
            .unwrap_or(last);
        if (from..=to).contains(&date) {
            list.push(date);
        }
        month = next;
    }
    list
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn on(year: i32, name: &str) -> Vec<NaiveDate> {
        festivals(year)
            .into_iter()
            .filter(|f| f.name == name)
            .map(|f| f.date)
            .collect()
    }

    #[test]
    fn festivals_fall_on_their_days_in_several_years() {
        assert_eq!(on(2027, "春节"), [date(2027, 2, 6)]);
        assert_eq!(on(2028, "春节"), [date(2028, 1, 26)]);
        assert_eq!(on(2027, "除夕"), [date(2027, 2, 5)]);
        assert_eq!(on(2028, "除夕"), [date(2028, 1, 25)]);
        assert_eq!(on(2027, "中秋节"), [date(2027, 9, 15)]);
        assert_eq!(on(2026, "中秋节"), [date(2026, 9, 25)]);
        assert_eq!(on(2027, "清明节"), [date(2027, 4, 5)]);
        assert_eq!(on(2026, "端午节"), [date(2026, 6, 19)]);
        assert_eq!(on(2026, "七夕"), [date(2026, 8, 19)]);
        assert_eq!(on(2026, "元宵节"), [date(2026, 3, 3)]);
        assert_eq!(on(2026, "母亲节"), [date(2026, 5, 10)]);
        assert_eq!(on(2027, "父亲节"), [date(2027, 6, 20)]);
        assert_eq!(on(2026, "双11"), [date(2026, 11, 11)]);
        // 腊八 of lunar 2026 falls in January 2027.
        assert_eq!(on(2027, "腊八"), [date(2027, 1, 15)]);
        // A year's list is in date order and covers the year only.
        let all = festivals(2027);
        assert!(all.windows(2).all(|w| w[0].date <= w[1].date));
        assert!(all.iter().all(|f| f.date.year() == 2027));
    }

    #[test]
    fn published_holidays_are_read_and_their_end_is_known() {
        let oct = holidays(date(2026, 9, 19), date(2026, 10, 10));
        assert!(oct.iter().any(|d| d.date == date(2026, 10, 1) && !d.work));
        assert!(oct.iter().any(|d| d.date == date(2026, 9, 20) && d.work));
        assert!(holidays_known_until() >= 2026);
    }

    #[test]
    fn a_member_day_past_a_months_end_falls_on_its_last_day() {
        let days = member_days(31, date(2027, 1, 1), date(2027, 4, 30));
        assert_eq!(
            days,
            [
                date(2027, 1, 31),
                date(2027, 2, 28),
                date(2027, 3, 31),
                date(2027, 4, 30)
            ]
        );
        let days = member_days(16, date(2027, 1, 17), date(2027, 3, 16));
        assert_eq!(days, [date(2027, 2, 16), date(2027, 3, 16)]);
    }
}
