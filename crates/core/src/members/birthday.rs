//! Birthdays: parsing what owners type, and where a (possibly lunar) birthday falls on
//! the solar calendar in a given year.

use chrono::{Datelike, NaiveDate};

use super::model::Birthday;

impl Birthday {
    /// `MM-DD`, `M-D`, `YYYY-MM-DD`, `YYYY/M/D`, `M月D日`, `YYYY年M月D日`, `MMDD` or
    /// `YYYYMMDD`. `lunar` marks a 农历 birthday.
    pub fn parse(text: &str, lunar: bool) -> Result<Birthday, String> {
        // Lunar dates are usually written in words: 八月十五, 正月初一, 腊月廿三.
        if let Some((month, day)) = parse_lunar_words(text.trim()) {
            let birthday = Birthday {
                month,
                day,
                year: None,
                lunar: true,
            };
            birthday.check()?;
            return Ok(birthday);
        }
        let cleaned: String = text
            .trim()
            .replace(['年', '月', '/', '.'], "-")
            .replace('日', "");
        let parts: Vec<&str> = cleaned.split('-').filter(|p| !p.is_empty()).collect();
        let numbers: Option<Vec<i64>> = parts.iter().map(|p| p.trim().parse().ok()).collect();
        let (year, month, day) = match (numbers.as_deref(), cleaned.len()) {
            (Some([m, d]), _) => (None, *m, *d),
            (Some([y, m, d]), _) => (Some(*y), *m, *d),
            (Some([compact]), 4) => (None, compact / 100, compact % 100),
            (Some([compact]), 8) => (Some(compact / 10000), compact / 100 % 100, compact % 100),
            _ => {
                return Err(format!(
                    "生日“{}”看不懂，请写成 03-08 或 1990-03-08",
                    text.trim()
                ));
            }
        };
        let birthday = Birthday {
            month: u32::try_from(month).unwrap_or(0),
            day: u32::try_from(day).unwrap_or(0),
            year: year.and_then(|y| i32::try_from(y).ok()),
            lunar,
        };
        birthday.check()?;
        Ok(birthday)
    }

    /// Whether the date can exist: lunar months have at most 30 days; a solar date is
    /// checked in a leap year (29 Feb is fine without a year) or in its own year.
    pub fn check(&self) -> Result<(), String> {
        let shown = self.display();
        if !(1..=12).contains(&self.month) {
            return Err(format!("生日“{shown}”的月份不对"));
        }
        if let Some(year) = self.year
            && !(1900..=2100).contains(&year)
        {
            return Err(format!("生日“{shown}”的年份不对"));
        }
        let valid = if self.lunar {
            (1..=30).contains(&self.day)
        } else {
            NaiveDate::from_ymd_opt(self.year.unwrap_or(2000), self.month, self.day).is_some()
        };
        if valid {
            Ok(())
        } else {
            Err(format!("生日“{shown}”不是有效日期"))
        }
    }

    /// `1990-03-08`, `03-08`, prefixed with 农历 when lunar.
    pub fn display(&self) -> String {
        let date = match self.year {
            Some(y) => format!("{y}-{:02}-{:02}", self.month, self.day),
            None => format!("{:02}-{:02}", self.month, self.day),
        };
        if self.lunar {
            format!("农历{date}")
        } else {
            date
        }
    }

    /// The solar dates in `year` on which this birthday is kept: one for a solar
    /// birthday (29 Feb → 28 Feb in common years); for a lunar one, whichever of the
    /// lunar years `year - 1` and `year` land in `year` (zero, one, rarely two).
    /// A lunar day 30 in a 29-day month is kept on day 29.
    pub fn solar_dates_in(&self, year: i32) -> Vec<NaiveDate> {
        if !self.lunar {
            let date = NaiveDate::from_ymd_opt(year, self.month, self.day)
                .or_else(|| NaiveDate::from_ymd_opt(year, self.month, self.day.saturating_sub(1)));
            return date.into_iter().collect();
        }
        [year - 1, year]
            .into_iter()
            .filter_map(|lunar_year| self.lunar_to_solar(lunar_year))
            .filter(|d| d.year() == year)
            .collect()
    }

    fn lunar_to_solar(&self, lunar_year: i32) -> Option<NaiveDate> {
        let convert = |day: u32| crate::calendar::lunar::to_solar(lunar_year, self.month, day);
        convert(self.day).or_else(|| convert(self.day.saturating_sub(1)))
    }

    /// The (month, day, lunar) a stored birthday must have to be kept on `date`, by
    /// the rules of [`Birthday::solar_dates_in`]: 29 Feb is kept on 28 Feb in common
    /// years, a lunar 30th on the 29th of a 29-day month; a leap month keeps nobody's
    /// birthday (a lunar birthday is kept in the ordinary month of its number).
    pub fn keys_on(date: NaiveDate) -> Vec<(u32, u32, bool)> {
        let mut keys = vec![(date.month(), date.day(), false)];
        if date.month() == 2
            && date.day() == 28
            && NaiveDate::from_ymd_opt(date.year(), 2, 29).is_none()
        {
            keys.push((2, 29, false));
        }
        if let Some(l) = crate::calendar::lunar::of_solar(date).filter(|l| !l.leap) {
            keys.push((l.month, l.day, true));
            if l.day == 29 && crate::calendar::lunar::to_solar(l.year, l.month, 30).is_none() {
                keys.push((l.month, 30, true));
            }
        }
        keys
    }

    /// This year's birthday (the first, if a lunar birthday falls twice).
    pub fn this_year(&self, today: NaiveDate) -> Option<NaiveDate> {
        self.solar_dates_in(today.year()).into_iter().next()
    }

    /// The next birthday on or after `today`.
    pub fn next_on_or_after(&self, today: NaiveDate) -> Option<NaiveDate> {
        (today.year()..=today.year() + 1)
            .flat_map(|y| self.solar_dates_in(y))
            .find(|d| *d >= today)
    }
}

/// `八月十五` → (8, 15); `正月初一` → (1, 1); `冬月廿三` → (11, 23); `腊月三十` → (12, 30).
fn parse_lunar_words(text: &str) -> Option<(u32, u32)> {
    let (month_text, day_text) = text.split_once('月')?;
    let month = match month_text.trim_start_matches('闰') {
        "正" | "元" => 1,
        "冬" => 11,
        "腊" => 12,
        other => chinese_number(other)?,
    };
    let day = match day_text.trim_end_matches('日') {
        d if d.starts_with('初') => chinese_number(&d['初'.len_utf8()..])?,
        d if d.starts_with('廿') => 20 + chinese_number(&d['廿'.len_utf8()..])?,
        d => chinese_number(d)?,
    };
    ((1..=12).contains(&month) && (1..=30).contains(&day)).then_some((month, day))
}

/// 一 … 三十 as a number (no larger is needed for months and days).
fn chinese_number(text: &str) -> Option<u32> {
    let digit = |c: char| {
        "零一二三四五六七八九"
            .chars()
            .position(|d| d == c)
            .map(|p| p as u32)
    };
    let chars: Vec<char> = text.chars().collect();
    match chars.as_slice() {
        [c] if *c == '十' => Some(10),
        [c] => digit(*c),
        ['十', c] => Some(10 + digit(*c)?),
        [c, '十'] => Some(digit(*c)? * 10),
        [a, '十', b] => Some(digit(*a)? * 10 + digit(*b)?),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn parses_what_owners_write() {
        let b = |y: Option<i32>, m, d| Birthday {
            month: m,
            day: d,
            year: y,
            lunar: false,
        };
        assert_eq!(Birthday::parse("03-08", false), Ok(b(None, 3, 8)));
        assert_eq!(Birthday::parse("3-8", false), Ok(b(None, 3, 8)));
        assert_eq!(
            Birthday::parse("1990-03-08", false),
            Ok(b(Some(1990), 3, 8))
        );
        assert_eq!(Birthday::parse("1990/3/8", false), Ok(b(Some(1990), 3, 8)));
        assert_eq!(Birthday::parse("3月8日", false), Ok(b(None, 3, 8)));
        assert_eq!(
            Birthday::parse("1990年3月8日", false),
            Ok(b(Some(1990), 3, 8))
        );
        assert_eq!(Birthday::parse("19900308", false), Ok(b(Some(1990), 3, 8)));
        assert_eq!(Birthday::parse("02-29", false), Ok(b(None, 2, 29)));
    }

    #[test]
    fn lunar_dates_in_words_are_understood() {
        let l = |m, d| Birthday {
            month: m,
            day: d,
            year: None,
            lunar: true,
        };
        assert_eq!(Birthday::parse("八月十五", false), Ok(l(8, 15)));
        assert_eq!(Birthday::parse("正月初一", false), Ok(l(1, 1)));
        assert_eq!(Birthday::parse("冬月廿三", false), Ok(l(11, 23)));
        assert_eq!(Birthday::parse("腊月三十", false), Ok(l(12, 30)));
        assert_eq!(Birthday::parse("十二月初十", false), Ok(l(12, 10)));
        assert!(Birthday::parse("八月三十一", false).is_err());
    }

    #[test]
    fn impossible_dates_are_refused() {
        for bad in ["02-30", "13-01", "1991-02-29", "00-10", "abc", "1800-01-01"] {
            assert!(Birthday::parse(bad, false).is_err(), "{bad}");
        }
        assert!(
            Birthday::parse("02-30", true).is_ok(),
            "lunar months have 30 days"
        );
        assert!(Birthday::parse("02-31", true).is_err());
    }

    #[test]
    fn lunar_birthdays_land_on_this_years_solar_date() {
        // 正月初一 2026 is 17 Feb 2026; 八月十五 2026 is 25 Sep 2026.
        let spring = Birthday {
            month: 1,
            day: 1,
            year: None,
            lunar: true,
        };
        assert_eq!(
            spring.this_year(date(2026, 11, 22)),
            Some(date(2026, 2, 17))
        );
        let mid_autumn = Birthday {
            month: 8,
            day: 15,
            year: Some(1988),
            lunar: true,
        };
        assert_eq!(
            mid_autumn.this_year(date(2026, 1, 1)),
            Some(date(2026, 9, 25))
        );
        assert_eq!(
            mid_autumn.next_on_or_after(date(2026, 9, 26)),
            Some(date(2027, 9, 15))
        );
    }

    #[test]
    fn leap_day_birthdays_are_kept_on_28_february_in_common_years() {
        let leap = Birthday {
            month: 2,
            day: 29,
            year: None,
            lunar: false,
        };
        assert_eq!(leap.this_year(date(2027, 1, 1)), Some(date(2027, 2, 28)));
        assert_eq!(leap.this_year(date(2028, 1, 1)), Some(date(2028, 2, 29)));
    }
}
