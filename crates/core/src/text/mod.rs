//! Text rules shared by features and fronts: mainland mobile numbers, masking, pinyin
//! keys, amounts in yuan, typed days.

mod day;
mod money;
mod phone;
mod pinyin_keys;

pub use day::{
    day_or, day_text, optional_day, optional_past_day, parse_clock, parse_day, parse_named_day,
    stored_day,
};
pub use money::parse_yuan;
pub use phone::{MobileError, mask_mobile, normalise_mobile};
pub use pinyin_keys::{PinyinKeys, pinyin_keys};

/// `name` with the characters no file system takes (`\ / : * ? " < > |`, control
/// characters) replaced by `_`, for a file name made from what the owner typed.
pub fn file_safe(name: &str) -> String {
    name.chars()
        .map(|c| {
            if r#"\/:*?"<>|"#.contains(c) || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .collect()
}
