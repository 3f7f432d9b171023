/// Parses an amount in yuan as people write it (`199`, `199.5`, `¥1,299.00`, `１９９元`)
/// into integer fen. At most two decimals; never a float on the way.
pub fn parse_yuan(text: &str) -> Result<i64, String> {
    let cleaned: String = text
        .trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            '．' => '.',
            other => other,
        })
        .filter(|c| !matches!(c, ',' | '，' | ' ' | '¥' | '￥' | '元'))
        .collect();
    let bad = || format!("金额“{}”看不懂，请写成 199 或 199.50", text.trim());
    let (negative, digits) = match cleaned.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, cleaned.as_str()),
    };
    let (whole, frac) = digits.split_once('.').unwrap_or((digits, ""));
    if whole.is_empty() && frac.is_empty()
        || !whole.chars().all(|c| c.is_ascii_digit())
        || !frac.chars().all(|c| c.is_ascii_digit())
    {
        return Err(bad());
    }
    if frac.len() > 2 {
        return Err(format!("金额“{}”最多精确到分（两位小数）", text.trim()));
    }
    let whole: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().map_err(|_| bad())?
    };
    let cents: i64 = format!("{frac:0<2}").parse().map_err(|_| bad())?;
    let fen = whole
        .checked_mul(100)
        .and_then(|w| w.checked_add(cents))
        .ok_or_else(bad)?;
    Ok(if negative { -fen } else { fen })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_as_written_become_fen() {
        assert_eq!(parse_yuan("199"), Ok(19_900));
        assert_eq!(parse_yuan("199.00"), Ok(19_900));
        assert_eq!(parse_yuan("199.5"), Ok(19_950));
        assert_eq!(parse_yuan("0.01"), Ok(1));
        assert_eq!(parse_yuan("¥1,299.00"), Ok(129_900));
        assert_eq!(parse_yuan("１９９元"), Ok(19_900));
        assert_eq!(parse_yuan(".5"), Ok(50));
        assert_eq!(parse_yuan("-20"), Ok(-2_000));
    }

    #[test]
    fn nonsense_is_refused() {
        for bad in ["", "abc", "1.234", "1.2.3", "12a", "."] {
            assert!(parse_yuan(bad).is_err(), "{bad}");
        }
    }
}
