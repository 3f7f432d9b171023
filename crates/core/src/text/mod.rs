//! Text rules shared by features: mainland mobile numbers, masking, pinyin keys.

mod phone;
mod pinyin_keys;

pub use phone::{MobileError, mask_mobile, normalise_mobile};
pub use pinyin_keys::{PinyinKeys, pinyin_keys};
