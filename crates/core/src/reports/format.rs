//! How the exports write figures: exactly as the 报表 page shows them
//! (`ui/src/pages/reports/format.ts`), so the boss reads one number in every copy.

/// 1234500 fen → `¥12,345.00`: reports always show the fen.
pub fn money(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let abs = fen.unsigned_abs();
    format!("{sign}¥{}.{:02}", grouped(abs / 100), abs % 100)
}

pub fn money_or_dash(fen: Option<i64>) -> String {
    fen.map_or_else(|| "—".to_owned(), money)
}

/// `12345` → `12,345`.
pub fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// 0.8 → `80.0%`; nothing to divide by → `—`.
pub fn rate(r: Option<f64>) -> String {
    r.map_or_else(|| "—".to_owned(), |r| format!("{:.1}%", r * 100.0))
}

/// 9.5 → `9.5 天`, 10 → `10 天`.
pub fn days(d: Option<f64>) -> String {
    d.map_or_else(
        || "—".to_owned(),
        |d| {
            if d.fract() == 0.0 {
                format!("{d:.0} 天")
            } else {
                format!("{d:.1} 天")
            }
        },
    )
}

/// The change against the period before: `↑ 25.0%`, `↓ 3.1%`, `持平`; `None` when
/// the period before had nothing (a percentage of nothing means nothing).
pub fn change(now: Option<f64>, before: Option<f64>) -> Option<String> {
    let (now, before) = (now?, before?);
    if before == 0.0 {
        return None;
    }
    if now == before {
        return Some("持平".to_owned());
    }
    let pct = (now - before) / before.abs() * 100.0;
    Some(format!(
        "{} {:.1}%",
        if pct > 0.0 { "↑" } else { "↓" },
        pct.abs()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The same cases as the window's format.test.ts.
    #[test]
    fn figures_read_as_in_the_window() {
        assert_eq!(money(1_234_500), "¥12,345.00");
        assert_eq!(money(2929), "¥29.29");
        assert_eq!(money(5), "¥0.05");
        assert_eq!(money(-150), "-¥1.50");
        assert_eq!(money_or_dash(None), "—");
        assert_eq!(rate(Some(0.8)), "80.0%");
        assert_eq!(rate(Some(1.0 / 3.0)), "33.3%");
        assert_eq!(days(Some(9.5)), "9.5 天");
        assert_eq!(days(Some(10.0)), "10 天");
        assert_eq!(change(Some(125.0), Some(100.0)).as_deref(), Some("↑ 25.0%"));
        assert_eq!(change(Some(50.0), Some(100.0)).as_deref(), Some("↓ 50.0%"));
        assert_eq!(change(Some(7.0), Some(7.0)).as_deref(), Some("持平"));
        assert_eq!(change(Some(7.0), Some(0.0)), None);
    }
}
