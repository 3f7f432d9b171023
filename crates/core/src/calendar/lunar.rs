//! The Chinese lunar calendar (农历), from tyme4rs, which computes new moons and solar
//! terms astronomically (寿星天文历) for years 1–9999. A lunar year is read once into a
//! table of its months (first solar day and length) and kept: turning a lunar date
//! into a solar one is then a look-up, which a year's calendar of 100,000 members'
//! birthdays needs thousands of times.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use chrono::{Datelike, Days, NaiveDate};
use tyme4rs::tyme::lunar::LunarYear;
use tyme4rs::tyme::solar::{SolarDay, SolarTerm};

/// The years this module answers for; the app's dates stay well inside.
pub const YEARS: std::ops::RangeInclusive<i32> = 1901..=2199;

/// One month of a lunar year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Month {
    /// 1–12.
    pub month: u32,
    /// 闰月: the second month of that number in the year.
    pub leap: bool,
    /// Its first day (初一), as a solar date.
    pub first: NaiveDate,
    /// 29 or 30.
    pub days: u32,
}

/// A day of the lunar calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LunarDate {
    pub year: i32,
    pub month: u32,
    pub leap: bool,
    pub day: u32,
}

impl LunarDate {
    /// `初一`, `十五`, `廿三`, `三十`.
    pub fn day_name(&self) -> &'static str {
        const NAMES: [&str; 30] = [
            "初一", "初二", "初三", "初四", "初五", "初六", "初七", "初八", "初九", "初十", "十一",
            "十二", "十三", "十四", "十五", "十六", "十七", "十八", "十九", "二十", "廿一", "廿二",
            "廿三", "廿四", "廿五", "廿六", "廿七", "廿八", "廿九", "三十",
        ];
        NAMES[(self.day.clamp(1, 30) - 1) as usize]
    }

    /// `正月`, `闰四月`, `冬月`, `腊月`.
    pub fn month_name(&self) -> String {
        const NAMES: [&str; 12] = [
            "正月", "二月", "三月", "四月", "五月", "六月", "七月", "八月", "九月", "十月", "冬月",
            "腊月",
        ];
        let name = NAMES[(self.month.clamp(1, 12) - 1) as usize];
        if self.leap {
            format!("闰{name}")
        } else {
            name.to_owned()
        }
    }
}

fn solar(day: SolarDay) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(
        i32::try_from(day.get_year()).ok()?,
        u32::try_from(day.get_month()).ok()?,
        u32::try_from(day.get_day()).ok()?,
    )
}

/// The months of lunar year `year`, in order (a leap month follows its namesake).
pub fn months(year: i32) -> Option<Arc<Vec<Month>>> {
    if !YEARS.contains(&year) {
        return None;
    }
    static CACHE: OnceLock<Mutex<HashMap<i32, Arc<Vec<Month>>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Mutex::default);
    if let Some(found) = cache.lock().ok()?.get(&year) {
        return Some(found.clone());
    }
    let months: Vec<Month> = LunarYear::from_year(year as isize)
        .get_months()
        .into_iter()
        .filter_map(|m| {
            Some(Month {
                month: u32::try_from(m.get_month()).ok()?,
                leap: m.is_leap(),
                first: solar(m.get_first_julian_day().get_solar_day())?,
                days: u32::try_from(m.get_day_count()).ok()?,
            })
        })
        .collect();
    let months = Arc::new(months);
    if let Ok(mut cache) = cache.lock() {
        cache.insert(year, months.clone());
    }
    Some(months)
}

/// The solar date of day `day` of the (non-leap) month `month` of lunar year `year`;
/// `None` when that month has fewer days or the year is out of range.
pub fn to_solar(year: i32, month: u32, day: u32) -> Option<NaiveDate> {
    let months = months(year)?;
    let m = months.iter().find(|m| m.month == month && !m.leap)?;
    (1..=m.days)
        .contains(&day)
        .then(|| m.first + Days::new(u64::from(day - 1)))
}

/// 除夕: the last day of lunar year `year` (its twelfth month's 29th or 30th), which
/// falls in January or February of the next solar year.
pub fn new_years_eve(year: i32) -> Option<NaiveDate> {
    months(year + 1)?.first()?.first.pred_opt()
}

/// The lunar date of a solar day.
pub fn of_solar(date: NaiveDate) -> Option<LunarDate> {
    // A solar date lies in the lunar year of its own number or the one before.
    for year in [date.year(), date.year() - 1] {
        let months = months(year)?;
        if let Some(m) = months
            .iter()
            .rev()
            .find(|m| m.first <= date && date < m.first + Days::new(u64::from(m.days)))
        {
            let day = u32::try_from((date - m.first).num_days()).ok()? + 1;
            return Some(LunarDate {
                year,
                month: m.month,
                leap: m.leap,
                day,
            });
        }
    }
    None
}

/// The 24 solar terms (节气) that fall in solar year `year`, in date order.
pub fn solar_terms(year: i32) -> Vec<(NaiveDate, &'static str)> {
    if !YEARS.contains(&year) {
        return Vec::new();
    }
    // tyme numbers a year's terms from the 冬至 of the year before; this year's 冬至
    // is the first term of the next.
    let mut terms: Vec<(NaiveDate, &'static str)> = [year, year + 1]
        .into_iter()
        .flat_map(|y| (0..24).map(move |i| (y, i)))
        .filter_map(|(y, i)| {
            let day = solar(SolarTerm::from_index(y as isize, i as isize).get_solar_day())?;
            (day.year() == year).then_some((day, TERM_NAMES[i]))
        })
        .collect();
    terms.sort();
    terms.dedup();
    terms
}

/// tyme4rs's order: from 冬至.
const TERM_NAMES: [&str; 24] = [
    "冬至", "小寒", "大寒", "立春", "雨水", "惊蛰", "春分", "清明", "谷雨", "立夏", "小满", "芒种",
    "夏至", "小暑", "大暑", "立秋", "处暑", "白露", "秋分", "寒露", "霜降", "立冬", "小雪", "大雪",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn lunar_dates_land_on_the_known_solar_days() {
        assert_eq!(to_solar(2027, 1, 1), Some(date(2027, 2, 6)));
        assert_eq!(to_solar(2028, 1, 1), Some(date(2028, 1, 26)));
        assert_eq!(to_solar(2027, 8, 15), Some(date(2027, 9, 15)));
        assert_eq!(to_solar(1950, 1, 1), Some(date(1950, 2, 17)));
        assert_eq!(to_solar(2024, 1, 1), Some(date(2024, 2, 10)));
    }

    #[test]
    fn the_eve_is_the_last_day_of_the_lunar_year_whether_29th_or_30th() {
        // 2026's twelfth month has 29 days (除夕 2027-02-05), 2024's 29 (2025-01-28),
        // 2022's 30 (2023-01-21).
        assert_eq!(new_years_eve(2026), Some(date(2027, 2, 5)));
        assert_eq!(new_years_eve(2024), Some(date(2025, 1, 28)));
        assert_eq!(new_years_eve(2022), Some(date(2023, 1, 21)));
        for year in [2022, 2024, 2026] {
            let eve = new_years_eve(year).unwrap();
            let lunar = of_solar(eve).unwrap();
            assert_eq!((lunar.year, lunar.month, lunar.leap), (year, 12, false));
            assert!(lunar.day == 29 || lunar.day == 30, "{lunar:?}");
            assert_eq!(of_solar(eve.succ_opt().unwrap()).unwrap().day, 1);
        }
    }

    #[test]
    fn a_solar_day_reads_back_as_its_lunar_date() {
        let d = of_solar(date(2027, 9, 15)).unwrap();
        assert_eq!((d.year, d.month, d.day, d.leap), (2027, 8, 15, false));
        assert_eq!((d.month_name(), d.day_name()), ("八月".to_owned(), "十五"));
        // 2025 has a leap sixth month starting 2025-07-25.
        let leap = of_solar(date(2025, 7, 25)).unwrap();
        assert_eq!((leap.month, leap.leap, leap.day), (6, true, 1));
        assert_eq!(leap.month_name(), "闰六月");
        // January belongs to the lunar year before.
        let jan = of_solar(date(2027, 1, 1)).unwrap();
        assert_eq!((jan.year, jan.month), (2026, 11));
    }

    #[test]
    fn solar_terms_fall_on_their_days() {
        let terms = solar_terms(2027);
        assert_eq!(terms.len(), 24);
        assert!(terms.contains(&(date(2027, 4, 5), "清明")));
        assert_eq!(terms[0].1, "小寒");
        assert_eq!(terms[23].1, "冬至");
        assert!(solar_terms(2026).contains(&(date(2026, 12, 22), "冬至")));
        assert!(solar_terms(2026).contains(&(date(2026, 2, 4), "立春")));
        assert_eq!(solar_terms(1950).len(), 24);
        assert_eq!(solar_terms(2100).len(), 24);
    }
}
