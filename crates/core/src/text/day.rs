//! Days as the fronts take them from people: `2026-01-31`.

use chrono::NaiveDate;

/// A day typed as `YYYY-MM-DD` (spaces around it ignored); the error says how to
/// write it.
pub fn parse_day(text: &str) -> Result<NaiveDate, String> {
    let t = text.trim();
    NaiveDate::parse_from_str(t, "%Y-%m-%d")
        .map_err(|_| format!("日期“{t}”看不懂，请写成 2026-01-31 这样"))
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
        assert_eq!(day_or(None, today), Ok(today));
        assert_eq!(day_or(Some("  "), today), Ok(today));
        assert_eq!(
            day_or(Some("2026-11-28"), today),
            Ok(NaiveDate::from_ymd_opt(2026, 11, 28).unwrap())
        );
    }
}
