/// Why a text is not a mainland mobile number, in words for the owner.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MobileError {
    #[error("手机号为空")]
    Empty,
    #[error("手机号“{0}”里有不能识别的字符")]
    BadCharacter(String),
    #[error("手机号“{0}”应为 11 位数字（现在是 {1} 位）")]
    WrongLength(String, usize),
    #[error("手机号“{0}”不像有效号码：应以 13 到 19 开头")]
    BadPrefix(String),
}

/// `+86 138-0013-8000`, `0086 13800138000`, `138 0013 8000` → `13800138000`.
/// Spaces, dashes, dots and brackets are dropped, as is a leading +86 / 0086 / 86
/// (the last only when it leaves 11 digits).
pub fn normalise_mobile(input: &str) -> Result<String, MobileError> {
    let trimmed = input.trim();
    if trimmed.is_empty() {
        return Err(MobileError::Empty);
    }
    let mut digits = String::with_capacity(16);
    for (i, c) in trimmed.chars().enumerate() {
        match c {
            '0'..='9' => digits.push(c),
            // Full-width digits typed with a Chinese input method.
            '０'..='９' => digits.push(char::from(b'0' + (c as u32 - '０' as u32) as u8)),
            ' ' | '-' | '.' | '(' | ')' | '（' | '）' | '\u{3000}' | '\t' => {}
            '+' if i == 0 => {}
            _ => return Err(MobileError::BadCharacter(trimmed.to_owned())),
        }
    }
    let national = if let Some(rest) = digits.strip_prefix("0086") {
        rest
    } else if digits.len() == 13 && digits.starts_with("86") {
        &digits[2..]
    } else {
        &digits
    };
    if national.len() != 11 {
        return Err(MobileError::WrongLength(trimmed.to_owned(), national.len()));
    }
    let bytes = national.as_bytes();
    if bytes[0] != b'1' || !(b'3'..=b'9').contains(&bytes[1]) {
        return Err(MobileError::BadPrefix(trimmed.to_owned()));
    }
    Ok(national.to_owned())
}

/// `13800138000` → `138****8000`. Anything not 11 digits long is masked but for its
/// last two characters.
pub fn mask_mobile(phone: &str) -> String {
    if phone.len() == 11 && phone.is_ascii() {
        format!("{}****{}", &phone[..3], &phone[7..])
    } else {
        let count = phone.chars().count();
        phone
            .chars()
            .enumerate()
            .map(|(i, c)| if i + 2 < count { '*' } else { c })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_forms_normalise_to_eleven_digits() {
        for input in [
            "13800138000",
            "138 0013 8000",
            "138-0013-8000",
            "+86 138 0013 8000",
            "+8613800138000",
            "0086-138-0013-8000",
            "8613800138000",
            "１３８００１３８０００",
            " (138) 0013.8000 ",
        ] {
            assert_eq!(
                normalise_mobile(input).as_deref(),
                Ok("13800138000"),
                "{input}"
            );
        }
    }

    #[test]
    fn non_mobiles_are_refused_with_the_reason() {
        assert_eq!(normalise_mobile(""), Err(MobileError::Empty));
        assert!(matches!(
            normalise_mobile("1380013800"),
            Err(MobileError::WrongLength(_, 10))
        ));
        assert!(matches!(
            normalise_mobile("12800138000"),
            Err(MobileError::BadPrefix(_))
        ));
        assert!(matches!(
            normalise_mobile("0755-26881234"),
            Err(MobileError::WrongLength(_, 12))
        ));
        assert!(matches!(
            normalise_mobile("138o0138000"),
            Err(MobileError::BadCharacter(_))
        ));
        assert!(matches!(
            normalise_mobile("23800138000"),
            Err(MobileError::BadPrefix(_))
        ));
    }

    #[test]
    fn masking_keeps_prefix_and_last_four() {
        assert_eq!(mask_mobile("13812345678"), "138****5678");
        assert_eq!(mask_mobile("12345"), "***45");
    }
}
