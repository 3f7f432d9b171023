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
