use pinyin::ToPinyin;

/// Search keys for a name: full pinyin without tones (`zhangsan`) and initials (`zs`).
/// Latin letters and digits in the name are kept (lower-cased) in both.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PinyinKeys {
    pub full: String,
    pub initials: String,
}

pub fn pinyin_keys(name: &str) -> PinyinKeys {
    let mut keys = PinyinKeys::default();
    for (c, py) in name.chars().zip(name.to_pinyin()) {
        match py {
            Some(py) => {
                keys.full.push_str(py.plain());
                keys.initials.push_str(py.first_letter());
            }
            None if c.is_ascii_alphanumeric() => {
                let lower = c.to_ascii_lowercase();
                keys.full.push(lower);
                keys.initials.push(lower);
            }
            None => {}
        }
    }
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_get_full_pinyin_and_initials() {
        let keys = pinyin_keys("张三");
        assert_eq!(keys.full, "zhangsan");
        assert_eq!(keys.initials, "zs");
        let keys = pinyin_keys("李小龙Bruce");
        assert_eq!(keys.full, "lixiaolongbruce");
        assert_eq!(keys.initials, "lxlbruce");
        assert_eq!(pinyin_keys("王·一").initials, "wy");
    }
}
