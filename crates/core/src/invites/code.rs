//! Invite codes: six random characters and a check character, from an alphabet with
//! no look-alikes (no 0/O, 1/I/L), so a code read aloud or typed from a card is
//! either right or caught.

/// 31 characters: a prime count, so the weighted check below catches every single
/// wrong character and every swap of two neighbours.
pub const ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
/// Random characters before the check character.
pub const BODY_LEN: usize = 6;

fn value(c: u8) -> Option<usize> {
    ALPHABET.iter().position(|&a| a == c)
}

/// The check character for `body` (characters from [`ALPHABET`]).
pub fn check_char(body: &[u8]) -> Option<u8> {
    let mut sum = 0;
    for (i, &c) in body.iter().enumerate() {
        sum += (i + 1) * value(c)?;
    }
    Some(ALPHABET[sum % ALPHABET.len()])
}

/// A fresh random code (body + check character).
pub fn generate() -> String {
    let mut body = Vec::with_capacity(BODY_LEN + 1);
    while body.len() < BODY_LEN {
        let mut bytes = [0u8; 16];
        // The OS random source failing is not something the shop can act on; fall
        // back to the clock rather than refuse to print.
        if getrandom::fill(&mut bytes).is_err() {
            let nanos = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or_default();
            bytes = nanos.to_le_bytes();
        }
        // Rejection sampling keeps every character equally likely: 248 = 8 × 31.
        for b in bytes {
            if usize::from(b) < 248 && body.len() < BODY_LEN {
                body.push(ALPHABET[usize::from(b) % ALPHABET.len()]);
            }
        }
    }
    if let Some(check) = check_char(&body) {
        body.push(check);
    }
    String::from_utf8(body).unwrap_or_default()
}

/// Why a typed code is not a well-formed code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Malformed {
    Empty,
    Length(usize),
    Character(char),
    Check,
}

impl Malformed {
    pub fn message(&self, typed: &str) -> String {
        match self {
            Malformed::Empty => "请输入或扫描邀请码".into(),
            Malformed::Length(n) => {
                format!(
                    "邀请码“{typed}”有 {n} 位，应为 {} 位：请核对卡片上的码",
                    BODY_LEN + 1
                )
            }
            Malformed::Character(c) => format!(
                "邀请码“{typed}”里有“{c}”，邀请码不含 0、O、1、I、L 等易混的字符：请核对卡片"
            ),
            Malformed::Check => format!(
                "邀请码“{typed}”校验不对，多半是输错了一位或两位顺序颠倒：请对照卡片重新输入"
            ),
        }
    }
}

/// Upper-cases a typed or scanned code and drops spaces and dashes, then checks it.
pub fn normalise(typed: &str) -> Result<String, Malformed> {
    let code: String = typed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-' && *c != '－')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if code.is_empty() {
        return Err(Malformed::Empty);
    }
    if let Some(bad) = code
        .chars()
        .find(|c| !c.is_ascii() || value(*c as u8).is_none())
    {
        return Err(Malformed::Character(bad));
    }
    let n = code.chars().count();
    if n != BODY_LEN + 1 {
        return Err(Malformed::Length(n));
    }
    let bytes = code.as_bytes();
    if check_char(&bytes[..BODY_LEN]) != Some(bytes[BODY_LEN]) {
        return Err(Malformed::Check);
    }
    Ok(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_codes_are_valid_and_avoid_look_alikes() {
        for _ in 0..500 {
            let code = generate();
            assert_eq!(code.len(), 7);
            assert!(!code.contains(['0', 'O', '1', 'I', 'L']), "{code}");
            assert_eq!(normalise(&code), Ok(code.clone()));
            assert_eq!(
                normalise(&format!(" {}-{} ", &code[..3], &code[3..]).to_lowercase()),
                Ok(code)
            );
        }
    }

    #[test]
    fn every_single_typo_and_neighbour_swap_is_caught() {
        let code = generate();
        let bytes = code.as_bytes().to_vec();
        for i in 0..bytes.len() {
            for &c in ALPHABET {
                if c != bytes[i] {
                    let mut typo = bytes.clone();
                    typo[i] = c;
                    let typo = String::from_utf8(typo).unwrap();
                    assert_eq!(normalise(&typo), Err(Malformed::Check), "{code} → {typo}");
                }
            }
            if i + 1 < bytes.len() && bytes[i] != bytes[i + 1] {
                let mut swapped = bytes.clone();
                swapped.swap(i, i + 1);
                assert_eq!(
                    normalise(&String::from_utf8(swapped).unwrap()),
                    Err(Malformed::Check)
                );
            }
        }
        assert_eq!(normalise("ABC0EFG"), Err(Malformed::Character('0')));
        assert_eq!(normalise("ABCD"), Err(Malformed::Length(4)));
        assert_eq!(normalise("  "), Err(Malformed::Empty));
    }
}
