//! Checks on a candidate profile. Every problem is reported at once, each beside its
//! field, so the owner can fix them all in one go.

use crate::error::FieldError;

use super::model::{BusinessRules, ShopProfile};

const NAME_MAX: usize = 40;
const SLOGAN_MAX: usize = 60;
const ADDRESS_MAX: usize = 120;
/// ¥100,000,000: far beyond any small shop, low enough that sums never overflow.
const TIER_MAX_FEN: i64 = 10_000_000_000;
const DORMANT_DAYS_MAX: u32 = 3650;
const POINTS_PER_YUAN_MAX: u32 = 1000;
const POINTS_EXPIRY_MONTHS_MAX: u32 = 120;
/// ¥1,000 for 100 points: far above any counter's rate, so only typos are refused.
const POINT_VALUE_FEN_PER_100_MAX: u32 = 100_000;
const REFERRAL_POINTS_MAX: u32 = 1_000_000;

/// Trims text fields and normalises colours in place, then checks everything.
pub fn normalise_and_check(profile: &mut ShopProfile) -> Vec<FieldError> {
    let mut errors = Vec::new();
    for text in [
        &mut profile.name,
        &mut profile.slogan,
        &mut profile.address,
        &mut profile.phone,
        &mut profile.link,
    ] {
        *text = text.trim().to_owned();
    }

    if profile.name.is_empty() {
        errors.push(FieldError::new("name", "请填写店铺名称"));
    }
    check_length(&mut errors, "name", "店铺名称", &profile.name, NAME_MAX);
    check_length(&mut errors, "slogan", "宣传语", &profile.slogan, SLOGAN_MAX);
    check_length(
        &mut errors,
        "address",
        "地址",
        &profile.address,
        ADDRESS_MAX,
    );
    if let Some(message) = phone_problem(&profile.phone) {
        errors.push(FieldError::new("phone", message));
    }
    if let Some(message) = link_problem(&profile.link) {
        errors.push(FieldError::new("link", message));
    }
    for (field, label, colour) in [
        ("primary", "主色", &mut profile.primary),
        ("accent", "辅助色", &mut profile.accent),
    ] {
        match normalise_colour(colour) {
            Some(c) => *colour = c,
            None => errors.push(FieldError::new(
                field,
                format!("{label}的格式应为 #RRGGBB，例如 #1F7A6D（现在是“{colour}”）"),
            )),
        }
    }
    check_rules(&mut errors, &profile.rules);
    errors
}

fn check_length(errors: &mut Vec<FieldError>, field: &str, label: &str, text: &str, max: usize) {
    let count = text.chars().count();
    if count > max {
        errors.push(FieldError::new(
            field,
            format!("{label}最多 {max} 个字，现在是 {count} 个字"),
        ));
    }
}

/// Accepts mobile numbers and landlines with an area code or extension, written with
/// spaces, hyphens or a leading +86.
fn phone_problem(phone: &str) -> Option<String> {
    if phone.is_empty() {
        return None;
    }
    let allowed = |c: char| c.is_ascii_digit() || matches!(c, ' ' | '-' | '+' | '(' | ')');
    if let Some(bad) = phone.chars().find(|&c| !allowed(c)) {
        return Some(format!(
            "电话号码里有不能用的字符“{bad}”，只能填数字、空格和“-”，例如 0755-12345678 或 138 0013 8000"
        ));
    }
    let digits: String = phone.chars().filter(|c| c.is_ascii_digit()).collect();
    let national = digits
        .strip_prefix("86")
        .filter(|_| phone.starts_with('+'))
        .unwrap_or(&digits);
    if national.len() < 7 || national.len() > 16 {
        return Some(format!(
            "电话号码位数不对（{} 位），手机号是 11 位，座机请带区号，例如 0755-12345678",
            national.len()
        ));
    }
    if national.len() == 11
        && national.starts_with('1')
        && !national[1..2].chars().all(|c| ('3'..='9').contains(&c))
    {
        return Some(format!("手机号“{phone}”不像有效号码：第二位应是 3 到 9"));
    }
    None
}

fn link_problem(link: &str) -> Option<String> {
    if link.is_empty() {
        return None;
    }
    let hint = "链接要以 http:// 或 https:// 开头，例如 https://example.com/join（可在企业微信“联系我”里复制）";
    match url::Url::parse(link) {
        Ok(url)
            if matches!(url.scheme(), "http" | "https")
                && url.host_str().is_some_and(|h| !h.is_empty()) =>
        {
            None
        }
        _ => Some(format!("“{link}”不是有效的网址。{hint}")),
    }
}

/// `#rgb`, `#rrggbb` (any case) → `#RRGGBB`.
pub fn normalise_colour(colour: &str) -> Option<String> {
    let hex = colour.trim().strip_prefix('#')?;
    if !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    match hex.len() {
        6 => Some(format!("#{}", hex.to_ascii_uppercase())),
        3 => Some(format!(
            "#{}",
            hex.chars()
                .flat_map(|c| [c, c])
                .collect::<String>()
                .to_ascii_uppercase()
        )),
        _ => None,
    }
}

/// Formats fen as yuan with thousands separators: 2000000 → "¥20,000".
pub fn yuan(fen: i64) -> String {
    let whole = fen / 100;
    let digits = whole.abs().to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let sign = if fen < 0 { "-" } else { "" };
    let cents = (fen % 100).abs();
    if cents == 0 {
        format!("{sign}¥{grouped}")
    } else {
        format!("{sign}¥{grouped}.{cents:02}")
    }
}

fn check_rules(errors: &mut Vec<FieldError>, rules: &BusinessRules) {
    let t = &rules.tiers;
    let tiers = [
        ("rules.tiers.bronze_fen", "铜牌", t.bronze_fen),
        ("rules.tiers.silver_fen", "银牌", t.silver_fen),
        ("rules.tiers.gold_fen", "金牌", t.gold_fen),
        ("rules.tiers.diamond_fen", "钻石", t.diamond_fen),
    ];
    for (field, label, fen) in tiers {
        if fen <= 0 {
            errors.push(FieldError::new(field, format!("{label}门槛要大于 0 元")));
        } else if fen > TIER_MAX_FEN {
            errors.push(FieldError::new(
                field,
                format!("{label}门槛不能超过 {}", yuan(TIER_MAX_FEN)),
            ));
        }
    }
    for pair in tiers.windows(2) {
        let (_, lower_label, lower) = pair[0];
        let (field, label, fen) = pair[1];
        if fen > 0 && lower > 0 && fen <= lower {
            errors.push(FieldError::new(
                field,
                format!(
                    "{label}门槛（{}）要高于{lower_label}门槛（{}）",
                    yuan(fen),
                    yuan(lower)
                ),
            ));
        }
    }
    if rules.dormant_days == 0 || rules.dormant_days > DORMANT_DAYS_MAX {
        errors.push(FieldError::new(
            "rules.dormant_days",
            format!("沉睡天数应在 1 到 {DORMANT_DAYS_MAX} 天之间"),
        ));
    }
    if rules.high_value_fen <= 0 || rules.high_value_fen > TIER_MAX_FEN {
        errors.push(FieldError::new(
            "rules.high_value_fen",
            format!("高价值会员门槛应在 ¥1 到 {} 之间", yuan(TIER_MAX_FEN)),
        ));
    }
    if rules.point_value_fen_per_100 > POINT_VALUE_FEN_PER_100_MAX {
        errors.push(FieldError::new(
            "rules.point_value_fen_per_100",
            format!(
                "积分价值最多每 100 分抵 {}",
                yuan(i64::from(POINT_VALUE_FEN_PER_100_MAX))
            ),
        ));
    }
    if rules.member_day.is_some_and(|d| !(1..=31).contains(&d)) {
        errors.push(FieldError::new(
            "rules.member_day",
            "会员日请填 1 到 31 号；小月没有的日子（如 31 号）放在当月最后一天",
        ));
    }
    if rules.points_expiry_months > POINTS_EXPIRY_MONTHS_MAX {
        errors.push(FieldError::new(
            "rules.points_expiry_months",
            format!("积分有效期最多 {POINTS_EXPIRY_MONTHS_MAX} 个月（填 0 表示永不过期）"),
        ));
    }
    for (field, label, points) in [
        (
            "rules.referral_points_referrer",
            "推荐人奖励积分",
            rules.referral_points_referrer,
        ),
        (
            "rules.referral_points_referee",
            "新会员奖励积分",
            rules.referral_points_referee,
        ),
    ] {
        if points > REFERRAL_POINTS_MAX {
            errors.push(FieldError::new(
                field,
                format!("{label}最多 {REFERRAL_POINTS_MAX} 分"),
            ));
        }
    }
    if rules.points_per_yuan > POINTS_PER_YUAN_MAX {
        errors.push(FieldError::new(
            "rules.points_per_yuan",
            format!("每元积分最多 {POINTS_PER_YUAN_MAX} 分（填 0 表示消费不送积分）"),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_are_normalised() {
        assert_eq!(normalise_colour("#1f7a6d").as_deref(), Some("#1F7A6D"));
        assert_eq!(normalise_colour(" #abc ").as_deref(), Some("#AABBCC"));
        assert_eq!(normalise_colour("1F7A6D"), None);
        assert_eq!(normalise_colour("#12345G"), None);
        assert_eq!(normalise_colour("#1234"), None);
    }

    #[test]
    fn yuan_groups_thousands() {
        assert_eq!(yuan(2_000_000), "¥20,000");
        assert_eq!(yuan(10_000_000_000), "¥100,000,000");
        assert_eq!(yuan(12_345), "¥123.45");
        assert_eq!(yuan(0), "¥0");
    }

    #[test]
    fn phones_shop_owners_write_are_accepted() {
        for ok in [
            "13800138000",
            "138 0013 8000",
            "0755-12345678",
            "+86 138-0013-8000",
            "(021) 6123 4567",
            "",
        ] {
            assert_eq!(phone_problem(ok), None, "{ok}");
        }
        for bad in ["12345", "1380013800a", "12800138000", "电话"] {
            assert!(phone_problem(bad).is_some(), "{bad}");
        }
    }

    #[test]
    fn links_need_http() {
        assert_eq!(link_problem("https://example.com/join?x=1"), None);
        assert!(link_problem("weixin://abc").is_some());
        assert!(link_problem("example.com").is_some());
    }
}
