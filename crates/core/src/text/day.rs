//! Days as the fronts take them from people: `2026-01-31`.

use chrono::{NaiveDate, NaiveTime};

/// A day typed as `YYYY-MM-DD` (spaces around it ignored); the error says how to
/// write it.
pub fn parse_day(text: &str) -> Result<NaiveDate, String> {
    parse_named_day("日期", text)
}

/// [`parse_day`] for a field with its own name (入会日期, 截止日期…), which the error
/// starts with so the person knows which box to fix.
pub fn parse_named_day(label: &str, text: &str) -> Result<NaiveDate, String> {
    let t = text.trim();
    NaiveDate::parse_from_str(t, "%Y-%m-%d")
        .map_err(|_| format!("{label}“{t}”看不懂，请写成 2026-01-31 这样"))
}

/// An optional typed day: nothing (or only spaces) is `None`, anything else must be a
/// day.
pub fn optional_day(label: &str, text: Option<&str>) -> Result<Option<NaiveDate>, String> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        Some(t) => parse_named_day(label, t).map(Some),
        None => Ok(None),
    }
}

/// An optional typed day that cannot be in the future (入会日期, 同意日期…): it says so
/// in words when it is.
pub fn optional_past_day(
    label: &str,
    text: Option<&str>,
    today: NaiveDate,
) -> Result<Option<NaiveDate>, String> {
    match optional_day(label, text)? {
        Some(day) if day > today => Err(format!("{label}不能晚于今天")),
        day => Ok(day),
    }
}

/// A day the app wrote itself (`YYYY-MM-DD` in a column): `None` when absent. Never
/// an error, because nobody typed it.
pub fn stored_day(text: Option<&str>) -> Option<NaiveDate> {
    text.and_then(|t| NaiveDate::parse_from_str(t.trim(), "%Y-%m-%d").ok())
}

/// A time of day typed as `HH:MM` (20:00).
pub fn parse_clock(text: &str) -> Result<NaiveTime, String> {
    let t = text.trim();
    NaiveTime::parse_from_str(t, "%H:%M").map_err(|_| format!("时间“{t}”看不懂，请写成 20:00 这样"))
}

/// How days are written in the data file and across IPC.
pub fn day_text(day: NaiveDate) -> String {
    day.format("%Y-%m-%d").to_string()
}

/// The typed day, or `today` when nothing (or only spaces) was typed.
pub fn day_or(text: Option<&str>, today: NaiveDate) -> Result<NaiveDate, String> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        Some(t) => parse_day(t),
        None => Ok(today),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_day_is_read_or_the_error_says_how_to_write_it() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
        assert_eq!(
            parse_day(" 2026-01-31 "),
            Ok(NaiveDate::from_ymd_opt(2026, 1, 31).unwrap())
        );
        assert_eq!(
            parse_day("1月31日"),
            Err("日期“1月31日”看不懂，请写成 2026-01-31 这样".to_owned())
        );
        assert!(parse_day("2026-02-30").is_err());
        assert_eq!(
            optional_day("入会日期", Some("明天")),
            Err("入会日期“明天”看不懂，请写成 2026-01-31 这样".to_owned())
        );
        assert_eq!(optional_day("入会日期", Some(" ")), Ok(None));
        assert_eq!(optional_day("入会日期", None), Ok(None));
        assert_eq!(
            optional_past_day("入会日期", Some("2026-11-30"), today),
            Err("入会日期不能晚于今天".to_owned())
        );
        assert_eq!(
            optional_past_day("入会日期", Some("2026-11-29"), today),
            Ok(Some(today))
        );
        assert_eq!(
            stored_day(Some("2026-11-28")),
            NaiveDate::from_ymd_opt(2026, 11, 28)
        );
        assert_eq!(stored_day(Some("坏的")), None);
        assert_eq!(day_text(today), "2026-11-29");
        assert_eq!(
            parse_clock(" 20:00"),
            Ok(NaiveTime::from_hms_opt(20, 0, 0).unwrap())
        );
        assert_eq!(
            parse_clock("晚上八点"),
            Err("时间“晚上八点”看不懂，请写成 20:00 这样".to_owned())
        );
        assert_eq!(day_or(None, today), Ok(today));
        assert_eq!(day_or(Some("  "), today), Ok(today));
        assert_eq!(
            day_or(Some("2026-11-28"), today),
            Ok(NaiveDate::from_ymd_opt(2026, 11, 28).unwrap())
        );
    }
}
